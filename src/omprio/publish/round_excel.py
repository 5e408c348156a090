"""The budget round as the workbook a finance office keeps (.xlsx), which omprio reads back.

Sheets (Danish names; English with ``lang="en"``; the layout is
:mod:`omprio.vocabulary.round_layout`, docs/round.md describes it):

* **Runde** - the round: format ``omprio.roundbook/1``, name, municipality, period, price
  level, unit, wage share in percent, and the price and wage index when the round has one.
* **Afdelinger** - the departments, code and name.
* **Nøgler** - the departments as rows and one block of columns per key: a key of shares has
  its percents typed; a key of base figures the figures typed and beside them each share as a
  live formula (``=C7/SUM(C$7:C$12)*100``); a mixed key its weights typed in the rows above its
  column (one row per key it mixes) and each share a formula weighting the other keys' share
  columns by those cells (``=E$5/100*C7+E$6/100*D7``), so editing a weight recomputes. A sum
  row under every column.
* **Sparekrav** - per requirement a block: its key, whether it is a frame cut, the municipal
  amount and the central part per year (typed), what is split (a formula) and per department
  and year the part as a live formula, (amount − central) × share / 100, unrounded, beside
  omprio's whole amount (a value: the largest-remainder rounding is no simple formula), and a
  total row of formulas.
* **Udpegede forslag** and **Kataloger** - the designated proposals and the links (catalog id,
  department, requirement, section), typed.

Typed cells are what :func:`omprio.read.round_xlsx.round_from_xlsx` reads; formulas (shaded)
and omprio's whole amounts are never read. Every formula's value is stored beside it (computed
exactly), so a viewer that does not recalculate shows the right figures.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from omprio import __version__
from omprio.display import Lang
from omprio.publish.errors import PublishError
from omprio.publish.excel_book import BOLD, HEAD_FILL, Book, fill_cached_values, number_format
from omprio.rounds.allocate import as_decimal, key_shares, requirement_parts
from omprio.rounds.model import HUNDRED, BudgetRound, KeyKind
from omprio.vocabulary.round_layout import (
    FIRST_BLOCK,
    FORMAT,
    heading,
    kind_name,
    label,
    sheets,
    yes_no,
)

HEAD_ALIGN = Alignment(wrap_text=True, vertical="bottom")
CUT_FILL = PatternFill("solid", fgColor="FBE3D6")
"""A frame-cut requirement's name and mark."""
PLACES = 10
"""Decimals of a formula's stored value."""
SHARE_FORMAT = number_format(1)
WHOLE_FORMAT = number_format(0)


def round_xlsx(budget_round: BudgetRound, lang: Lang = "da") -> bytes:
    """The round as an .xlsx workbook that :func:`omprio.read.round_xlsx.round_from_xlsx`
    reads back as the same round."""
    book = Book(lang, Workbook())
    default = book.workbook.active
    assert default is not None
    book.workbook.remove(default)
    names = sheets(lang)
    try:
        _round_sheet(book, book.sheet(names.round), budget_round)
        _departments_sheet(book, book.sheet(names.departments), budget_round)
        shares = _keys_sheet(book, book.sheet(names.keys), budget_round)
        _requirements_sheet(book, book.sheet(names.requirements), budget_round, shares,
                            names.keys)
        _designated_sheet(book, book.sheet(names.designated), budget_round)
        _links_sheet(book, book.sheet(names.links), budget_round)
    except IllegalCharacterError as error:
        raise PublishError("publish.err.excel_control", error=str(error)) from error
    for sheet in book.workbook.worksheets:
        _paper(sheet, budget_round.name)
    properties = book.workbook.properties
    properties.title = budget_round.name[:255]
    properties.creator = f"omprio {__version__}"
    out = io.BytesIO()
    book.workbook.save(out)
    return fill_cached_values(out.getvalue(), book)


def _ref(sheet: str, column: int, row: int) -> str:
    """``'Nøgler'!$E$12``."""
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!${get_column_letter(column)}${row}"


def _exact(value: Fraction) -> Decimal:
    return as_decimal(value, PLACES)


def _label(book: Book, sheet: Worksheet, row: int, name: str) -> None:
    book.text(sheet, row, 1, label(name, book.lang)).font = BOLD


def _headings(book: Book, sheet: Worksheet, titles: Sequence[str],
              widths: Mapping[int, float]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = book.text(sheet, 1, column, title)
        cell.font = BOLD
        cell.fill = HEAD_FILL
        cell.alignment = HEAD_ALIGN
        width = widths.get(column, 14)
        sheet.column_dimensions[get_column_letter(column)].width = width
        if len(title) > width:
            sheet.row_dimensions[1].height = 30


def _round_sheet(book: Book, sheet: Worksheet, r: BudgetRound) -> None:
    rows: list[tuple[str, str | Decimal]] = [
        ("format", FORMAT), ("name", r.name), ("municipality", r.municipality),
        ("period", r.period), ("price_level", Decimal(r.price_level)), ("unit", r.unit),
        ("wage_share", r.wage_share * HUNDRED)]
    for row, (name, value) in enumerate(rows, start=1):
        _label(book, sheet, row, name)
        if isinstance(value, str):
            book.text(sheet, row, 2, value)
        else:
            cell = book.amount(sheet, row, 2, value)
            if name == "price_level":
                cell.number_format = "0"
    if r.index is not None:
        row = len(rows) + 2
        _label(book, sheet, row, "index")
        book.text(sheet, row, 2, r.index.name)
        book.text(sheet, row, 3, r.index.source)
        years = sorted({year for series in r.index.kinds.values() for year in series})
        _label(book, sheet, row + 1, "index_years")
        for column, year in enumerate(years, start=FIRST_BLOCK):
            book.amount(sheet, row + 1, column, Decimal(year)).number_format = "0"
        for offset, (kind, series) in enumerate(r.index.kinds.items(), start=2):
            _label(book, sheet, row + offset, "index_series")
            book.text(sheet, row + offset, 2, kind)
            for column, year in enumerate(years, start=FIRST_BLOCK):
                book.amount(sheet, row + offset, column, series.get(year))
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 36


def _departments_sheet(book: Book, sheet: Worksheet, r: BudgetRound) -> None:
    _headings(book, sheet, [heading("code", book.lang), heading("department_name", book.lang)],
              {1: 12, 2: 40})
    for row, department in enumerate(r.departments, start=2):
        book.text(sheet, row, 1, department.code)
        book.text(sheet, row, 2, department.name)
    sheet.freeze_panes = "A2"


def _components(r: BudgetRound) -> list[str]:
    """The keys mixed by any mixed key, each once: one row of weights each."""
    return list(dict.fromkeys(code for key in r.keys if key.kind is KeyKind.MIX
                              for code in key.values))


def _keys_sheet(book: Book, sheet: Worksheet, r: BudgetRound) -> tuple[dict[str, int], int]:
    """The keys sheet; the column of each key's shares (percent) by key code, and the row of
    the first department."""
    lang = book.lang
    components = _components(r)
    weight_row = {code: 5 + index for index, code in enumerate(components)}
    head = 5 + len(components)
    first, last = head + 1, head + len(r.departments)
    starts: dict[str, int] = {}
    share_column: dict[str, int] = {}
    column = FIRST_BLOCK
    for key in r.keys:
        starts[key.code] = column
        share_column[key.code] = column + 1 if key.kind is KeyKind.BASE else column
        column += 2 if key.kind is KeyKind.BASE else 1
    for row, name in enumerate(("key", "key_name", "kind", "source"), start=1):
        _label(book, sheet, row, name)
    for code, row in weight_row.items():
        _label(book, sheet, row, "weight")
        book.text(sheet, row, 2, code).font = BOLD
    for index, title in enumerate((heading("code", lang), heading("department_name", lang)), 1):
        cell = book.text(sheet, head, index, title)
        cell.font, cell.fill = BOLD, HEAD_FILL
    for row, department in enumerate(r.departments, start=first):
        book.text(sheet, row, 1, department.code)
        book.text(sheet, row, 2, department.name)
    _label(book, sheet, last + 1, "sum")
    for key in r.keys:
        start = starts[key.code]
        book.text(sheet, 1, start, key.code).font = BOLD
        book.text(sheet, 2, start, key.name).alignment = HEAD_ALIGN
        book.text(sheet, 3, start, kind_name(key.kind.value, lang))
        book.text(sheet, 4, start, key.source)
        shares = key_shares(r, key.code)
        if key.kind is KeyKind.MIX:
            for code, weight in key.values.items():
                book.amount(sheet, weight_row[code], start, weight).number_format = SHARE_FORMAT
        titles = {KeyKind.SHARES: ("share",), KeyKind.BASE: ("base", "share"),
                  KeyKind.MIX: ("mix",)}[key.kind]
        for offset, title in enumerate(titles):
            cell = book.text(sheet, head, start + offset, heading(title, lang))
            cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, HEAD_ALIGN
        own = get_column_letter(share_column[key.code])
        for row, department in enumerate(r.departments, start=first):
            code = department.code
            percent = _exact(shares[code] * 100)
            if key.kind is KeyKind.SHARES:
                cell = book.amount(sheet, row, start, key.values.get(code))
                cell.number_format = SHARE_FORMAT
            elif key.kind is KeyKind.BASE:
                book.amount(sheet, row, start, key.values.get(code))
                base = get_column_letter(start)
                book.formula(sheet, row, start + 1,
                             f"{base}{row}/SUM({base}${first}:{base}${last})*100", percent, 1)
            else:
                terms = [f"{own}${weight_row[c]}/100*"
                         f"{get_column_letter(share_column[c])}{row}" for c in key.values]
                book.formula(sheet, row, start, "+".join(terms), percent, 1)
        if r.departments:
            for column in range(start, start + len(titles)):
                letter = get_column_letter(column)
                if column == share_column[key.code] and key.kind is not KeyKind.SHARES:
                    total = _exact(sum(shares.values(), Fraction(0)) * 100)
                else:
                    total = sum(key.values.values(), Decimal(0))
                book.formula(sheet, last + 1, column, f"SUM({letter}{first}:{letter}{last})",
                             total, 1).font = Font(bold=True)
        for column in range(start, start + len(titles)):
            sheet.column_dimensions[get_column_letter(column)].width = 14
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 28
    sheet.row_dimensions[2].height = 30
    sheet.row_dimensions[head].height = 30
    sheet.freeze_panes = f"C{first}"
    sheet.print_title_rows = f"1:{head}"
    return share_column, first


def _requirements_sheet(book: Book, sheet: Worksheet, r: BudgetRound,
                        shares: tuple[dict[str, int], int], keys_sheet: str) -> None:
    lang = book.lang
    share_columns, key_first = shares
    titles = [heading("code", lang), heading("department_name", lang)]
    for year in r.years:
        titles += [f"{heading('unrounded', lang)} {year}", f"{heading('whole', lang)} {year}"]
    _headings(book, sheet, titles, {1: 22, 2: 28})
    row = 3
    for requirement in r.requirements:
        parts = requirement_parts(r, requirement)
        _label(book, sheet, row, "requirement")
        name = book.text(sheet, row, 2, requirement.name)
        name.font = BOLD
        _label(book, sheet, row + 1, "requirement_key")
        book.text(sheet, row + 1, 2, requirement.key)
        _label(book, sheet, row + 2, "frame_cut")
        mark = book.text(sheet, row + 2, 2, yes_no(requirement.frame_cut, lang))
        if requirement.frame_cut:
            name.fill = mark.fill = CUT_FILL
            mark.font = BOLD
        _label(book, sheet, row + 3, "source")
        book.text(sheet, row + 3, 2, requirement.source)
        amount_row, central_row, split_row = row + 4, row + 5, row + 6
        _label(book, sheet, amount_row, "amount")
        _label(book, sheet, central_row, "central")
        _label(book, sheet, split_row, "to_split")
        first = split_row + 1
        last = first + len(r.departments) - 1
        for index, year in enumerate(r.years):
            column = FIRST_BLOCK + 2 * index
            letter, whole = get_column_letter(column), get_column_letter(column + 1)
            book.amount(sheet, amount_row, column, requirement.amounts.get(year))
            book.amount(sheet, central_row, column, requirement.central.get(year))
            book.formula(sheet, split_row, column,
                         f"{letter}{amount_row}-{letter}{central_row}",
                         requirement.to_split(year), 0)
            share = share_columns[requirement.key]
            for offset, department in enumerate(r.departments):
                part = parts[department.code][year]
                cells = (f"({letter}${amount_row}-{letter}${central_row})"
                         f"*{_ref(keys_sheet, share, key_first + offset)}/100")
                book.formula(sheet, first + offset, column, cells, _exact(part.unrounded), 1)
                book.amount(sheet, first + offset, column + 1,
                            Decimal(part.amount)).number_format = WHOLE_FORMAT
            if r.departments:
                unrounded = sum((parts[d.code][year].unrounded for d in r.departments),
                                Fraction(0))
                wholes = sum(parts[d.code][year].amount for d in r.departments)
                for at, value, places in ((letter, _exact(unrounded), 1),
                                          (whole, Decimal(wholes), 0)):
                    book.formula(sheet, last + 1, column + (at == whole),
                                 f"SUM({at}{first}:{at}{last})", value,
                                 places).font = Font(bold=True)
        for offset, department in enumerate(r.departments):
            book.text(sheet, first + offset, 1, department.code)
            book.text(sheet, first + offset, 2, department.name)
        _label(book, sheet, last + 1, "total")
        row = last + 3
    sheet.freeze_panes = "C2"


def _designated_sheet(book: Book, sheet: Worksheet, r: BudgetRound) -> None:
    lang = book.lang
    _headings(book, sheet, [label("department", lang), label("requirement", lang),
                            heading("label", lang), *(str(year) for year in r.years)],
              {1: 12, 2: 30, 3: 36})
    for row, item in enumerate(r.designated, start=2):
        book.text(sheet, row, 1, item.department)
        book.text(sheet, row, 2, item.requirement)
        book.text(sheet, row, 3, item.label)
        for column, year in enumerate(r.years, start=4):
            book.amount(sheet, row, column, item.amounts.get(year))
    sheet.freeze_panes = "D2"


def _links_sheet(book: Book, sheet: Worksheet, r: BudgetRound) -> None:
    lang = book.lang
    _headings(book, sheet, [heading("catalog", lang), label("department", lang),
                            label("requirement", lang), heading("section", lang)],
              {1: 12, 2: 12, 3: 30, 4: 36})
    row = 2
    for link in r.links:
        names = list(dict.fromkeys((*link.requirements, *link.sections))) or [""]
        for name in names:
            book.amount(sheet, row, 1, Decimal(link.catalog_id)).number_format = "0"
            book.text(sheet, row, 2, link.department)
            book.text(sheet, row, 3, name)
            book.text(sheet, row, 4, link.sections.get(name))
            row += 1
    sheet.freeze_panes = "A2"


def _paper(sheet: Worksheet, name: str) -> None:
    """Landscape A4, one page wide, the heading row on every page; the round's name above."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if sheet.print_title_rows is None and sheet.freeze_panes is not None:
        sheet.print_title_rows = "1:1"
    header, footer = sheet.oddHeader, sheet.oddFooter
    assert header is not None and footer is not None
    header.center.text = name[:80].replace("&", "&&")
    footer.left.text = "&A"
    footer.right.text = "&P / &N"
