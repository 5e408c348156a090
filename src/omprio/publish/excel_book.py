"""The writing side of omprio's workbook: styles, number formats, cells, formulas and their values.

:class:`Book` is the workbook being written: it writes text (never taken for a formula),
amounts with Danish number formats that name their locale (``[$-406]#,##0``) and formulas whose
results it remembers; :func:`fill_cached_values` then stores each formula's result beside it in
the sheet XML (openpyxl stores none), so a viewer that does not recalculate shows the right
totals. :func:`header_row` writes a sheet's heading row, :func:`print_setup` makes a sheet
print well (landscape A4, one page wide, the heading row on every page, a header that says
what the file is) and :func:`fit_rows` gives wrapped text the rows' height it needs.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from omprio.display import Lang
from omprio.model import Catalog
from omprio.money import Amounts
from omprio.publish.edition import Edition
from omprio.publish.labels import labels

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DCE4EF")
DERIVED_FILL = PatternFill("solid", fgColor="F1F3F6")
SECTION_FILL = PatternFill("solid", fgColor="EEF2F7")
DERIVED_FONT = Font(color="3A4357")
WRAP = Alignment(wrap_text=True, vertical="top")
_MAX_FORMULA = 2000  # longer SUMs become SUMIFS over the overview's own column


def number_format(places: int) -> str:
    """A Danish number format (``-1.000``, ``-10,5``) that names its locale."""
    decimals = "." + "0" * places if places > 0 else ""
    return f"[$-406]#,##0{decimals};-#,##0{decimals};0{decimals}"


def places_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def plain(value: Decimal) -> Decimal:
    """The value without exponent notation (``-1E+3`` is written ``-1000``)."""
    return Decimal(format(value.normalize() if value == value.to_integral_value() else value, "f"))


@dataclass(slots=True)
class Book:
    """The workbook being written and the results of its formulas."""

    lang: Lang
    workbook: Workbook
    cached: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    def sheet(self, title: str) -> Worksheet:
        sheet = self.workbook.create_sheet(title)
        assert isinstance(sheet, Worksheet)
        self.cached[title] = {}
        return sheet

    def cell(self, sheet: Worksheet, row: int, column: int) -> Cell:
        cell = sheet.cell(row=row, column=column)
        assert isinstance(cell, Cell)  # never a merged cell: omprio merges none
        return cell

    def text(self, sheet: Worksheet, row: int, column: int, value: str | None) -> Cell:
        cell = self.cell(sheet, row, column)
        if value is not None and value != "":
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell

    def amount(self, sheet: Worksheet, row: int, column: int, value: Decimal | None) -> Cell:
        cell = self.cell(sheet, row, column)
        if value is not None:
            cell.value = plain(value)
            cell.number_format = number_format(places_of(value))
        return cell

    def formula(
        self, sheet: Worksheet, row: int, column: int, formula: str, value: Decimal, places: int
    ) -> Cell:
        cell = self.cell(sheet, row, column)
        cell.value = "=" + formula
        cell.number_format = number_format(places)
        cell.fill = DERIVED_FILL
        cell.font = DERIVED_FONT
        self.cached[sheet.title][cell.coordinate] = value
        return cell


def years_of(catalog: Catalog, *extra: Iterable[Amounts]) -> list[int]:
    years = set(catalog.years)
    for group in extra:
        for amounts in group:
            years.update(amounts)
    return sorted(years)


def header_row(sheet: Worksheet, titles: Sequence[str], widths: Mapping[int, float]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font = BOLD
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    for column in range(1, len(titles) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(column, 11)
    sheet.freeze_panes = "A2"


_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f>(?:<v></v>|<v\s*/>)</c>')


def fill_cached_values(data: bytes, book: Book) -> bytes:
    """The workbook with the value of every formula stored beside it (openpyxl stores none)."""
    paths = {
        sheet.path.lstrip("/"): book.cached.get(sheet.title, {})
        for sheet in book.workbook.worksheets
    }
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            values = paths.get(item.filename)
            if values:
                text = content.decode("utf-8")

                def fill(match: re.Match[str], values: dict[str, Decimal] = values) -> str:
                    ref, attributes, formula = match.groups()
                    value = values.get(ref)
                    if value is None:
                        return match.group(0)
                    return f'<c r="{ref}"{attributes}><f>{formula}</f><v>{plain(value)}</v></c>'

                content = _FORMULA_CELL.sub(fill, text).encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


# --- paper: landscape A4, one page wide, heading rows on every page, mark and edition ---------

_HEADER_NAME = 80  # characters of the catalog's name in a print header (Excel allows 255 in all)
_LINE_HEIGHT = 15.0  # points per line of 11 pt text
_MAX_HEIGHT = 409.0  # Excel's highest row


def _hf(text: str) -> str:
    """Text for a print header or footer: ``&`` is a code there, so it is doubled."""
    return text.replace("&", "&&")


def print_setup(sheet: Worksheet, edition: Edition, lang: Lang, last_column: int | None) -> None:
    """Landscape A4, fitted to the width of one page (as many pages down as it takes), the
    heading row repeated on every page, printed up to ``last_column`` (all when ``None``);
    the header says what the file is (mark, catalog, stage and version), the footer the sheet
    and the page."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    sheet.print_options.horizontalCentered = False
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    if last_column is not None:
        sheet.print_area = f"A1:{get_column_letter(last_column)}{max(sheet.max_row, 1)}"
    words = labels(lang)
    name = edition.catalog_name
    if len(name) > _HEADER_NAME:
        name = name[: _HEADER_NAME - 1].rstrip() + "…"
    mark = edition.mark(lang)
    header, footer = sheet.oddHeader, sheet.oddFooter
    assert header is not None and footer is not None  # openpyxl makes both
    if mark:
        header.left.text = _hf(mark)
        header.left.font = "Calibri,Bold"
        header.left.color = "A4262C"
    header.center.text = _hf(name)
    header.right.text = _hf(edition.line(lang))
    footer.left.text = "&A"  # the sheet's name
    footer.right.text = _hf(words.page_of).replace("{page}", "&P").replace("{pages}", "&N")


def fit_rows(
    sheet: Worksheet, widths: Mapping[int, float], first: int = 2, *, wrap: bool = True
) -> None:
    """Wrap the text of the columns in ``widths`` (``wrap=False``: only the cells set to wrap
    already) and make each row high enough for it, so wrapped titles never run into the next
    row (Excel does not size rows when it opens a file)."""
    for row in range(first, sheet.max_row + 1):
        lines = 1
        for column, width in widths.items():
            cell = sheet.cell(row=row, column=column)
            if not isinstance(cell.value, str) or not cell.value:
                continue
            if wrap:
                cell.alignment = WRAP
            elif not cell.alignment.wrap_text:
                continue
            per_line = max(1, int(width * 1.1))
            lines = max(
                lines, sum(max(1, -(-len(part) // per_line)) for part in cell.value.split("\n"))
            )
        if lines > 1:
            sheet.row_dimensions[row].height = min(_MAX_HEIGHT, _LINE_HEIGHT * lines)
