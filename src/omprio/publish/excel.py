"""The catalog as a live Excel workbook (.xlsx), which omprio can also read back.

Sheets (Danish names; English with ``--lang en``):

* **Overblik** - the overview as the document states it (rows and totals), the target, and
  live formulas beside it: each row's measure net (``='Tiltag'!E5``), each total as a ``SUM``
  over the measures' cells, the sum of all measures and its difference to the target.
* **Tiltag** - one row per measure: number, code, theme, title, net and staff change per year,
  sector, area budget, stated saving, description and notes (the cells to edit).
* **Linjer** - every row of every economics table: lines and adjustments (values), and the net
  and staff rows as formulas pointing at *Tiltag*.
* **Personale** - staff changes per measure and year (formulas) with totals per year.
* **Katalog** - the catalog's identity (format ``omprio.workbook/1``, title, period, price
  base, unit, source, omprio version), its themes and its introduction.

Numbers use Danish formats with the locale tag ``[$-406]`` and as many decimals as the amounts
have. openpyxl writes formulas without results, so omprio fills in every formula's value
(computed exactly, in Decimal) in the sheet XML: a viewer that does not recalculate still shows
the right totals, and one that does gets the same. Derived cells (formulas) are shaded.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.worksheet import Worksheet

from omprio import __version__
from omprio.display import Lang
from omprio.fields import property_text, xml_safe
from omprio.model import Catalog, Measure, OverviewRow, target_total
from omprio.money import ZERO, Amounts
from omprio.publish.errors import PublishError
from omprio.publish.template_text import overview_entries
from omprio.vocabulary.workbook_layout import (
    CATALOG_FIELDS,
    FORMAT,
    SHEETS,
    heading,
    kind_name,
    year_heading,
)

_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DCE4EF")
_DERIVED_FILL = PatternFill("solid", fgColor="F1F3F6")
_SECTION_FILL = PatternFill("solid", fgColor="EEF2F7")
_DERIVED_FONT = Font(color="3A4357")
_WRAP = Alignment(wrap_text=True, vertical="top")
_MAX_FORMULA = 2000  # longer SUMs become SUMIFS over the overview's own column


def number_format(places: int) -> str:
    """A Danish number format (``-1.000``, ``-10,5``) that names its locale."""
    decimals = "." + "0" * places if places > 0 else ""
    return f"[$-406]#,##0{decimals};-#,##0{decimals};0{decimals}"


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _plain(value: Decimal) -> Decimal:
    """The value without exponent notation (``-1E+3`` is written ``-1000``)."""
    return Decimal(format(value.normalize() if value == value.to_integral_value() else value, "f"))


@dataclass(slots=True)
class _Book:
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
            cell.value = _plain(value)
            cell.number_format = number_format(_places(value))
        return cell

    def formula(
        self, sheet: Worksheet, row: int, column: int, formula: str, value: Decimal, places: int
    ) -> Cell:
        cell = self.cell(sheet, row, column)
        cell.value = "=" + formula
        cell.number_format = number_format(places)
        cell.fill = _DERIVED_FILL
        cell.font = _DERIVED_FONT
        self.cached[sheet.title][cell.coordinate] = value
        return cell


def _years(catalog: Catalog, *extra: Iterable[Amounts]) -> list[int]:
    years = set(catalog.years)
    for group in extra:
        for amounts in group:
            years.update(amounts)
    return sorted(years)


def _header(sheet: Worksheet, titles: Sequence[str], widths: Mapping[int, float]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    for column in range(1, len(titles) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(column, 11)
    sheet.freeze_panes = "A2"


def catalog_xlsx(catalog: Catalog, lang: Lang = "da", version: str | None = None) -> bytes:
    """The catalog as an .xlsx workbook that :func:`omprio.read.load_bytes` reads back;
    ``version`` names the version of the source it was published from (a workspace version)."""
    catalog = xml_safe(catalog)  # a catalog stored before the field checks still publishes
    book = _Book(lang, Workbook())
    default = book.workbook.active
    assert default is not None
    book.workbook.remove(default)
    names = SHEETS["en" if lang == "en" else "da"]
    money: list[Amounts] = [catalog.target]
    for measure in catalog.measures:
        money.append(measure.net)
        money.extend(line.amounts for line in (*measure.lines, *measure.adjustments))
    money.extend(row.amounts for row in catalog.overview)
    money.extend(total.amounts for total in catalog.overview_totals)
    places = max([_places(v) for amounts in money for v in amounts.values()] + [0])
    try:
        overview = book.sheet(names.overview)
        measures = book.sheet(names.measures)
        lines = book.sheet(names.lines)
        staff = book.sheet(names.staff)
        meta = book.sheet(names.catalog)
        net_cells = _measures_sheet(book, measures, catalog)
        _lines_sheet(book, lines, catalog, net_cells, places)
        _staff_sheet(book, staff, catalog, net_cells)
        _overview_sheet(book, overview, catalog, net_cells, places)
        _catalog_sheet(book, meta, catalog, version)
    except IllegalCharacterError as error:
        raise PublishError(
            f"the catalog has a control character Excel cannot store ({error})"
        ) from error
    book.workbook.properties.title = property_text(catalog.title)  # cells hold it all
    book.workbook.properties.creator = f"omprio {__version__}"
    out = io.BytesIO()
    book.workbook.save(out)
    return _fill_cached_values(out.getvalue(), book)


def _measure_amounts(measure: Measure) -> list[Amounts]:
    return [
        measure.net,
        measure.fte,
        *(line.amounts for line in measure.lines),
        *(line.amounts for line in measure.adjustments),
    ]


@dataclass(frozen=True, slots=True)
class _NetCells:
    """Where each measure's net and staff amounts stand on the measures sheet."""

    sheet: str
    years: list[int]
    rows: list[int]  # row of measure i
    net_column: dict[int, int]
    fte_column: dict[int, int]
    values: list[Measure]

    def _ref(self, column: int, index: int) -> str:
        return f"{quote_sheetname(self.sheet)}!${get_column_letter(column)}${self.rows[index]}"

    def net(self, index: int, year: int) -> str:
        """The absolute reference of measure ``index``'s net in ``year``."""
        return self._ref(self.net_column[year], index)

    def fte(self, index: int, year: int) -> str:
        """The absolute reference of measure ``index``'s staff change in ``year``."""
        return self._ref(self.fte_column[year], index)


def _measures_sheet(book: _Book, sheet: Worksheet, catalog: Catalog) -> _NetCells:
    lang = book.lang
    years = _years(catalog, *(_measure_amounts(m) for m in catalog.measures))
    titles = [heading(f, lang) for f in ("number", "code", "theme", "title")]
    titles += [year_heading("net", y, lang) for y in years]
    titles += [year_heading("fte", y, lang) for y in years]
    titles += [
        heading(f, lang)
        for f in ("sector", "area_budget", "savings_pct", "description", "notes", "extra")
    ]
    first_net = 5
    first_fte = first_net + len(years)
    after = first_fte + len(years)
    widths = {
        1: 5,
        2: 9,
        3: 6,
        4: 40,
        after: 14,
        after + 1: 36,
        after + 2: 14,
        after + 3: 70,
        after + 4: 40,
        after + 5: 10,
    }
    _header(sheet, titles, widths)
    rows = []
    for index, measure in enumerate(catalog.measures):
        row = index + 2
        rows.append(row)
        sheet.cell(row=row, column=1, value=index + 1)
        book.text(sheet, row, 2, measure.code)
        book.text(sheet, row, 3, measure.theme)
        book.text(sheet, row, 4, measure.title)
        for offset, year in enumerate(years):
            book.amount(sheet, row, first_net + offset, measure.net.get(year))
            book.amount(sheet, row, first_fte + offset, measure.fte.get(year))
        budget = measure.area_budget
        book.text(sheet, row, after, measure.sector)
        book.text(sheet, row, after + 1, budget.text if budget else None)
        book.text(sheet, row, after + 2, measure.stated_savings_pct)
        book.text(sheet, row, after + 3, measure.description)
        book.text(sheet, row, after + 4, "\n".join(measure.notes))
        book.text(sheet, row, after + 5, json.dumps(_extra(measure), ensure_ascii=False))
    sheet.column_dimensions[get_column_letter(after + 5)].hidden = True
    sheet.auto_filter.ref = f"A1:{get_column_letter(after + 4)}{len(rows) + 1}"
    return _NetCells(
        sheet.title,
        years,
        rows,
        {y: first_net + i for i, y in enumerate(years)},
        {y: first_fte + i for i, y in enumerate(years)},
        list(catalog.measures),
    )


def _extra(measure: Measure) -> dict[str, object]:
    """What a measure has beyond its visible cells (for an exact read back)."""
    budget = measure.area_budget
    return {
        "caption": measure.caption,
        "periods": list(measure.periods),
        "years": list(measure.years),
        "price_base": measure.price_base,
        "unit": measure.unit,
        "fte_stated": measure.fte_stated,
        "notes": list(measure.notes),
        "budget": None
        if budget is None
        else {
            "label": budget.label,
            "text": budget.text,
            "amounts_dkk": [str(value) for value in budget.amounts_dkk],
        },
        "nulls": [
            name
            for name, value in (
                ("sector", measure.sector),
                ("stated_savings_pct", measure.stated_savings_pct),
            )
            if value is None
        ],
    }


def _lines_sheet(
    book: _Book, sheet: Worksheet, catalog: Catalog, cells: _NetCells, places: int
) -> None:
    lang = book.lang
    years = cells.years
    fte_places = _fte_places(catalog)
    titles = [heading(f, lang) for f in ("number", "code", "kind", "label")]
    titles += [str(year) for year in years]
    _header(sheet, titles, {1: 5, 2: 9, 3: 11, 4: 56})
    row = 2
    for index, measure in enumerate(catalog.measures):
        entries: list[tuple[str, str, Amounts | None]] = [
            ("line", line.label, line.amounts) for line in measure.lines
        ]
        entries.append(("net", "Nettoændringer i driftsudgifter i alt", None))
        entries.extend(("adjustment", line.label, line.amounts) for line in measure.adjustments)
        if measure.fte_stated:
            entries.append(("fte", "Personaleændringer (fuldtidsstillinger)", None))
        for kind, label, amounts in entries:
            sheet.cell(row=row, column=1, value=index + 1)
            book.text(sheet, row, 2, measure.code)
            book.text(sheet, row, 3, kind_name(kind, lang))
            book.text(sheet, row, 4, label)
            for offset, year in enumerate(years):
                column = 5 + offset
                if amounts is not None:
                    book.amount(sheet, row, column, amounts.get(year))
                elif kind == "net":
                    book.formula(
                        sheet,
                        row,
                        column,
                        cells.net(index, year),
                        measure.net.get(year, ZERO),
                        places,
                    )
                else:
                    book.formula(
                        sheet,
                        row,
                        column,
                        cells.fte(index, year),
                        measure.fte.get(year, ZERO),
                        fte_places,
                    )
            if kind in ("net", "fte"):
                for column in range(1, 5):
                    sheet.cell(row=row, column=column).font = (
                        _BOLD if kind == "net" else Font(italic=True)
                    )
            row += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(4 + len(years))}{max(row - 1, 1)}"


def _fte_places(catalog: Catalog) -> int:
    return max([_places(v) for m in catalog.measures for v in m.fte.values()] + [0])


def _staff_sheet(book: _Book, sheet: Worksheet, catalog: Catalog, cells: _NetCells) -> None:
    lang = book.lang
    years = cells.years
    places = _fte_places(catalog)
    titles = [heading(f, lang) for f in ("number", "code", "title")] + [str(y) for y in years]
    _header(sheet, titles, {1: 5, 2: 9, 3: 56})
    last = len(catalog.measures) + 1
    for index, measure in enumerate(catalog.measures):
        row = index + 2
        sheet.cell(row=row, column=1, value=index + 1)
        book.text(sheet, row, 2, measure.code)
        book.text(sheet, row, 3, measure.title)
        for offset, year in enumerate(years):
            book.formula(
                sheet, row, 4 + offset, cells.fte(index, year), measure.fte.get(year, ZERO), places
            )
    total_row = last + 1
    label = book.text(sheet, total_row, 3, "I alt" if lang != "en" else "Total")
    label.font = _BOLD
    for offset, year in enumerate(years):
        column = get_column_letter(4 + offset)
        value = sum((m.fte.get(year, ZERO) for m in catalog.measures), ZERO)
        cell = book.formula(
            sheet, total_row, 4 + offset, f"SUM({column}2:{column}{max(last, 2)})", value, places
        )
        cell.font = _BOLD


def _overview_sheet(
    book: _Book, sheet: Worksheet, catalog: Catalog, cells: _NetCells, places: int
) -> None:
    lang = book.lang
    years = _years(
        catalog,
        (row.amounts for row in catalog.overview),
        (total.amounts for total in catalog.overview_totals),
        [catalog.target],
    )
    # Label, the amounts as stated, a gap, the computed amounts, then what the row is.
    label_col, first = 1, 2
    computed = first + len(years) + 1
    code_col = computed + len(years)
    kind_col, section_col, theme_col = code_col + 1, code_col + 2, code_col + 3
    titles = [heading("label", lang)] + [str(year) for year in years] + [""]
    titles += [year_heading("computed", year, lang) for year in years]
    titles += [heading(f, lang) for f in ("measure", "kind", "section", "theme", "extra")]
    _header(
        sheet,
        titles,
        {1: 60, first + len(years): 2, code_col: 9, kind_col: 12, section_col: 26, theme_col: 6},
    )
    by_code = {m.code: i for i, m in reversed(list(enumerate(cells.values)))}
    row_of: dict[int, int] = {}  # overview row index -> sheet row
    rows = list(catalog.overview)
    marker = theme_col + 1  # hidden: which model record a total is
    sheet_row = 2
    for entry in overview_entries(catalog):
        assert entry.index is not None
        if entry.kind in ("section", "theme"):
            head = rows[entry.index]
            book.text(sheet, sheet_row, kind_col, kind_name(entry.kind, lang))
            book.text(sheet, sheet_row, section_col, head.section)
            if entry.kind == "theme":
                book.text(sheet, sheet_row, theme_col, head.theme)
                book.text(sheet, sheet_row, label_col, entry.label)
            else:
                book.text(sheet, sheet_row, label_col, head.section)
            for column in range(1, marker):
                sheet.cell(row=sheet_row, column=column).font = _BOLD
                if entry.kind == "section":
                    sheet.cell(row=sheet_row, column=column).fill = _SECTION_FILL
        elif entry.kind == "row":
            record = rows[entry.index]
            row_of[entry.index] = sheet_row
            book.text(sheet, sheet_row, kind_col, kind_name("row", lang))
            book.text(sheet, sheet_row, section_col, record.section)
            book.text(sheet, sheet_row, theme_col, record.theme)
            book.text(sheet, sheet_row, label_col, record.label).alignment = _WRAP
            book.text(sheet, sheet_row, code_col, record.measure)
            measure = by_code.get(record.measure or "")
            for offset, year in enumerate(years):
                book.amount(sheet, sheet_row, first + offset, record.amounts.get(year))
                if measure is not None and year in cells.net_column:
                    book.formula(
                        sheet,
                        sheet_row,
                        computed + offset,
                        cells.net(measure, year),
                        cells.values[measure].net.get(year, ZERO),
                        places,
                    )
                elif year in record.amounts:
                    stated = f"{get_column_letter(first + offset)}{sheet_row}"
                    book.formula(
                        sheet, sheet_row, computed + offset, stated, record.amounts[year], places
                    )
        else:
            total = catalog.overview_totals[entry.index]
            book.text(sheet, sheet_row, kind_col, kind_name("total", lang))
            book.text(sheet, sheet_row, section_col, total.section)
            book.text(sheet, sheet_row, theme_col, total.theme)
            book.text(sheet, sheet_row, label_col, total.label)
            book.text(sheet, sheet_row, marker, str(entry.index))
            scope = [
                i
                for i, r in enumerate(rows)
                if total.section is None
                or (r.section == total.section and total.theme in (None, r.theme))
            ]
            for offset, year in enumerate(years):
                book.amount(sheet, sheet_row, first + offset, total.amounts.get(year))
                formula, value = _total_formula(
                    scope,
                    rows,
                    row_of,
                    year,
                    by_code,
                    cells,
                    sheet.title,
                    first + offset,
                    computed + offset,
                )
                book.formula(sheet, sheet_row, computed + offset, formula, value, places)
            for column in range(1, marker):
                sheet.cell(row=sheet_row, column=column).font = _BOLD
        sheet_row += 1
    sheet.column_dimensions[get_column_letter(marker)].hidden = True
    sheet_row += 1
    # The target and the live sum of all measures against it.
    target_row, sum_row, difference_row = sheet_row, sheet_row + 1, sheet_row + 2
    labels = {
        "target": ("Sparekrav (måltal)", "Target"),
        "sum": ("Tiltagene, beregnet", "The measures, computed"),
        "difference": ("Forskel til sparekrav", "Difference to the target"),
    }
    for row, kind in ((target_row, "target"), (sum_row, "sum"), (difference_row, "difference")):
        book.text(sheet, row, kind_col, kind_name(kind, lang))
        book.text(sheet, row, label_col, labels[kind][1 if lang == "en" else 0]).font = _BOLD
    goal = target_total(catalog.overview_totals)
    scope = [
        i
        for i, r in enumerate(rows)
        if goal is None
        or goal.section is None
        or (r.section == goal.section and goal.theme in (None, r.theme))
    ]
    for offset, year in enumerate(years):
        book.amount(sheet, target_row, first + offset, catalog.target.get(year))
        sum_column = get_column_letter(computed + offset)
        if goal is None and year in cells.net_column:  # no overview: every measure counts
            letter = get_column_letter(cells.net_column[year])
            last = max(cells.rows, default=2)
            formula = f"SUM({quote_sheetname(cells.sheet)}!${letter}$2:${letter}${last})"
            achieved = sum((m.net.get(year, ZERO) for m in cells.values), ZERO)
        else:
            formula, achieved = _total_formula(
                scope,
                rows,
                row_of,
                year,
                by_code,
                cells,
                sheet.title,
                first + offset,
                computed + offset,
            )
        book.formula(sheet, sum_row, computed + offset, formula, achieved, places)
        target_cell = f"{get_column_letter(first + offset)}{target_row}"
        book.formula(
            sheet,
            difference_row,
            computed + offset,
            f"{sum_column}{sum_row}-{target_cell}",
            achieved - catalog.target.get(year, ZERO),
            places,
        )
    sheet.freeze_panes = "B2"


def _total_formula(
    scope: Sequence[int],
    rows: Sequence[OverviewRow],
    row_of: Mapping[int, int],
    year: int,
    by_code: Mapping[str, int],
    cells: _NetCells,
    here: str,
    stated_column: int,
    computed_column: int,
) -> tuple[str, Decimal]:
    """A SUM over the measures' net cells (or a row's stated amount where it has no measure)."""
    references: list[tuple[str, int, int]] = []  # (sheet, column, row)
    value = ZERO
    for index in scope:
        row = rows[index]
        measure = by_code.get(row.measure or "")
        if measure is not None and year in cells.net_column:
            references.append((cells.sheet, cells.net_column[year], cells.rows[measure]))
            value += cells.values[measure].net.get(year, ZERO)
        elif index in row_of and year in row.amounts:
            references.append((here, stated_column, row_of[index]))
            value += row.amounts[year]
    formula = "SUM(" + ",".join(_ranges(references, here)) + ")" if references else "0"
    if len(formula) > _MAX_FORMULA:
        column = get_column_letter(computed_column)
        spans = sorted(row_of[i] for i in scope if i in row_of)
        formula = (
            "SUM("
            + ",".join(
                f"{column}{a}:{column}{b}" if a != b else f"{column}{a}" for a, b in _spans(spans)
            )
            + ")"
        )
    return formula, value


def _spans(numbers: Sequence[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], number)
        else:
            spans.append((number, number))
    return spans


def _ranges(references: Sequence[tuple[str, int, int]], here: str) -> list[str]:
    """References merged into ranges: Tiltag!$E$3:$E$6 for consecutive rows of one column."""
    parts: list[str] = []
    groups: dict[tuple[str, int], list[int]] = {}
    order: list[tuple[str, int]] = []
    for sheet, column, row in references:
        key = (sheet, column)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(row)
    for sheet, column in order:
        prefix = "" if sheet == here else quote_sheetname(sheet) + "!"
        letter = get_column_letter(column)
        for a, b in _spans(sorted(groups[(sheet, column)])):
            parts.append(f"{prefix}${letter}${a}" + (f":${letter}${b}" if a != b else ""))
    return parts


def _catalog_sheet(book: _Book, sheet: Worksheet, catalog: Catalog, version: str | None) -> None:
    lang = book.lang
    index = 1 if lang == "en" else 0
    _header(
        sheet,
        [heading("key", lang), heading("name", lang), heading("value", lang), "", ""],
        {1: 12, 2: 18, 3: 60, 4: 50, 5: 30},
    )
    values: list[tuple[str, str | None]] = [
        ("format", FORMAT),
        ("title", catalog.title),
        ("organisation", catalog.organisation),
        ("department", catalog.department),
        ("date", catalog.date.isoformat() if catalog.date else None),
        ("period", catalog.stated_period),
        ("years", ", ".join(str(year) for year in catalog.years)),
        ("price_base", catalog.price_base),
        ("unit", catalog.unit),
        ("source", catalog.source.path),
        ("version", version),
        ("omprio", __version__),
        (
            "nulls",
            json.dumps(
                [
                    k
                    for k, v in (
                        ("organisation", catalog.organisation),
                        ("department", catalog.department),
                        ("period", catalog.stated_period),
                        ("price_base", catalog.price_base),
                    )
                    if v is None
                ]
            ),
        ),
    ]
    row = 2
    for key, value in values:
        book.text(sheet, row, 1, key)
        book.text(sheet, row, 2, CATALOG_FIELDS[key][index]).font = _BOLD
        book.text(sheet, row, 3, value)
        row += 1
    row += 1
    for theme in catalog.themes:
        book.text(sheet, row, 1, "theme")
        book.text(sheet, row, 2, CATALOG_FIELDS["theme"][index]).font = _BOLD
        book.text(sheet, row, 3, theme.code)
        book.text(sheet, row, 4, theme.title)
        book.text(sheet, row, 5, theme.section)
        row += 1
    row += 1
    for paragraph in catalog.introduction.split("\n\n") if catalog.introduction else []:
        book.text(sheet, row, 1, "introduction")
        book.text(sheet, row, 2, CATALOG_FIELDS["introduction"][index]).font = _BOLD
        book.text(sheet, row, 3, paragraph).alignment = _WRAP
        row += 1
    sheet.column_dimensions["A"].hidden = True


_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f>(?:<v></v>|<v\s*/>)</c>')


def _fill_cached_values(data: bytes, book: _Book) -> bytes:
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
                    return f'<c r="{ref}"{attributes}><f>{formula}</f><v>{_plain(value)}</v></c>'

                content = _FORMULA_CELL.sub(fill, text).encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()
