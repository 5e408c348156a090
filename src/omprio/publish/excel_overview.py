"""The overview sheet of omprio's workbook: the overview as stated, and live formulas beside it.

Each row's measure net (``='Tiltag'!$E$3``), each total as a ``SUM`` over the measures' cells
(a ``SUM`` over the sheet's own column when that would be too long), and at the bottom the
target, the measures' sum and the difference between them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from omprio.i18n import t
from omprio.model import Catalog, OverviewRow, target_total
from omprio.money import ZERO
from omprio.publish.excel_book import BOLD, SECTION_FILL, WRAP, Book, header_row, years_of
from omprio.publish.excel_sheets import NetCells
from omprio.publish.template_text import overview_entries
from omprio.vocabulary.workbook_layout import heading, kind_name, year_heading

_MAX_FORMULA = 2000  # longer SUMs become SUMIFS over the overview's own column


def overview_sheet(
    book: Book, sheet: Worksheet, catalog: Catalog, cells: NetCells, places: int
) -> None:
    lang = book.lang
    years = years_of(
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
    header_row(
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
                sheet.cell(row=sheet_row, column=column).font = BOLD
                if entry.kind == "section":
                    sheet.cell(row=sheet_row, column=column).fill = SECTION_FILL
        elif entry.kind == "row":
            record = rows[entry.index]
            row_of[entry.index] = sheet_row
            book.text(sheet, sheet_row, kind_col, kind_name("row", lang))
            book.text(sheet, sheet_row, section_col, record.section)
            book.text(sheet, sheet_row, theme_col, record.theme)
            book.text(sheet, sheet_row, label_col, record.label).alignment = WRAP
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
                sheet.cell(row=sheet_row, column=column).font = BOLD
        sheet_row += 1
    # What kind of row each is, and its section and theme: for the reader, not for people
    # (the section and theme rows show them), so hidden like the marker.
    for column in (kind_col, section_col, theme_col, marker):
        sheet.column_dimensions[get_column_letter(column)].hidden = True
    sheet_row += 1
    # The target and the live sum of all measures against it.
    target_row, sum_row, difference_row = sheet_row, sheet_row + 1, sheet_row + 2
    for row, kind in ((target_row, "target"), (sum_row, "sum"), (difference_row, "difference")):
        book.text(sheet, row, kind_col, kind_name(kind, lang))
        book.text(sheet, row, label_col, t(f"workbook.label.{kind}", lang)).font = BOLD
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
    cells: NetCells,
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


