"""The measures, lines, staff and catalog sheets of omprio's workbook.

*Tiltag* has one row per measure (the cells to edit), *Linjer* every row of every economics
table (lines and adjustments as values, net and staff rows as formulas pointing at *Tiltag*),
*Personale* the staff changes per measure and year (formulas) with totals, and *Katalog* the
catalog's identity (format ``omprio.workbook/1``, title, period, price base, unit, source file,
stage and version, omprio version), its themes and its introduction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from omprio import __version__
from omprio.i18n import t
from omprio.model import Catalog, Measure
from omprio.money import ZERO, Amounts
from omprio.publish.edition import Edition, file_name
from omprio.publish.excel_book import BOLD, WRAP, Book, header_row, places_of, years_of
from omprio.vocabulary.workbook_layout import (
    FORMAT,
    catalog_field,
    heading,
    kind_name,
    year_heading,
)


def _measure_amounts(measure: Measure) -> list[Amounts]:
    return [
        measure.net,
        measure.fte,
        *(line.amounts for line in measure.lines),
        *(line.amounts for line in measure.adjustments),
    ]


@dataclass(frozen=True, slots=True)
class NetCells:
    """Where each measure's net and staff amounts stand on the measures sheet."""

    sheet: str
    years: list[int]
    rows: list[int]  # row of measure i
    net_column: dict[int, int]
    fte_column: dict[int, int]
    values: list[Measure]
    last_printed: int
    """The last column the measures sheet prints (the sector): the long texts stay on screen."""

    def _ref(self, column: int, index: int) -> str:
        return f"{quote_sheetname(self.sheet)}!${get_column_letter(column)}${self.rows[index]}"

    def net(self, index: int, year: int) -> str:
        """The absolute reference of measure ``index``'s net in ``year``."""
        return self._ref(self.net_column[year], index)

    def fte(self, index: int, year: int) -> str:
        """The absolute reference of measure ``index``'s staff change in ``year``."""
        return self._ref(self.fte_column[year], index)


def measures_sheet(book: Book, sheet: Worksheet, catalog: Catalog) -> NetCells:
    lang = book.lang
    years = years_of(catalog, *(_measure_amounts(m) for m in catalog.measures))
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
    header_row(sheet, titles, widths)
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
    return NetCells(
        sheet.title,
        years,
        rows,
        {y: first_net + i for i, y in enumerate(years)},
        {y: first_fte + i for i, y in enumerate(years)},
        list(catalog.measures),
        after,
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


def lines_sheet(
    book: Book, sheet: Worksheet, catalog: Catalog, cells: NetCells, places: int
) -> None:
    lang = book.lang
    years = cells.years
    fte_places = _fteplaces_of(catalog)
    titles = [heading(f, lang) for f in ("number", "code", "kind", "label")]
    titles += [str(year) for year in years]
    header_row(sheet, titles, {1: 5, 2: 9, 3: 11, 4: 56})
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
                        BOLD if kind == "net" else Font(italic=True)
                    )
            row += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(4 + len(years))}{max(row - 1, 1)}"


def _fteplaces_of(catalog: Catalog) -> int:
    return max([places_of(v) for m in catalog.measures for v in m.fte.values()] + [0])


def staff_sheet(book: Book, sheet: Worksheet, catalog: Catalog, cells: NetCells) -> None:
    lang = book.lang
    years = cells.years
    places = _fteplaces_of(catalog)
    titles = [heading(f, lang) for f in ("number", "code", "title")] + [str(y) for y in years]
    header_row(sheet, titles, {1: 5, 2: 9, 3: 56})
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
    label = book.text(sheet, total_row, 3, t("workbook.label.total", lang))
    label.font = BOLD
    for offset, year in enumerate(years):
        column = get_column_letter(4 + offset)
        value = sum((m.fte.get(year, ZERO) for m in catalog.measures), ZERO)
        cell = book.formula(
            sheet, total_row, 4 + offset, f"SUM({column}2:{column}{max(last, 2)})", value, places
        )
        cell.font = BOLD


def catalog_sheet(book: Book, sheet: Worksheet, catalog: Catalog, edition: Edition) -> None:
    lang = book.lang
    header_row(
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
        ("source", file_name(catalog.source.path)),
        ("stage", edition.stage_name(lang) or None),
        ("edition", edition.line(lang) or None),
        ("version", edition.reference or None),
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
        book.text(sheet, row, 2, catalog_field(key, lang)).font = BOLD
        book.text(sheet, row, 3, value)
        row += 1
    row += 1
    for theme in catalog.themes:
        book.text(sheet, row, 1, "theme")
        book.text(sheet, row, 2, catalog_field("theme", lang)).font = BOLD
        book.text(sheet, row, 3, theme.code)
        book.text(sheet, row, 4, theme.title)
        book.text(sheet, row, 5, theme.section)
        row += 1
    row += 1
    for paragraph in catalog.introduction.split("\n\n") if catalog.introduction else []:
        book.text(sheet, row, 1, "introduction")
        book.text(sheet, row, 2, catalog_field("introduction", lang)).font = BOLD
        book.text(sheet, row, 3, paragraph).alignment = WRAP
        row += 1
    sheet.column_dimensions["A"].hidden = True


