"""A follow-up report as a live Excel workbook (.xlsx).

Sheets (names in the reader's language):

* measures - one row per measure: code, title, theme, operating area, status, and per year the
  plan, realized and forecast (values: the forecast is the plan where none is given), the
  deviation as a formula (``=forecast - plan``) and the deviation in per cent as a formula
  (``=IF(plan=0,"",ROUND(deviation/ABS(plan)*100,1))``); a total row of ``SUM`` formulas;
* years - per year the totals (formulas pointing at the measures' total row), the target
  (value) and the gap to it after the forecast (``=forecast - target``);
* themes and areas - per theme and operating area the sums (``SUMIF`` over the measures'
  sheet), deviation and per cent as formulas, and a total row;
* at risk - the measure-years at risk or not realizable with their explanations.

Every sheet prints on landscape A4 with the catalog, its stage and version and the follow-up's
date in its header and footer. The values (the report's, exact ``Decimal``) are what the
formulas give; a test recalculates the workbook in LibreOffice to hold them to it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from omprio.display import Lang
from omprio.followup.report import Report, ReportRow
from omprio.i18n import t

_BOLD = Font(bold=True)
_DERIVED = PatternFill("solid", fgColor="EEF2F7")
_PERCENT = "0.0"
FIELDS = ("plan", "realized", "forecast", "deviation", "percent")


def _places(report: Report) -> int:
    places = 0
    for row in (*report.measures, report.totals):
        for what in ("plan", "realized", "forecast"):
            for value in getattr(row, what).values():
                exponent = value.normalize().as_tuple().exponent
                if isinstance(exponent, int):
                    places = max(places, -exponent)
    return min(places, 6)


def _print(sheet: Worksheet, header: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    text = header.replace("&", "&&")[:240]
    top, bottom = sheet.oddHeader, sheet.oddFooter
    assert top is not None and bottom is not None  # openpyxl makes both
    top.center.text = text
    bottom.center.text = text
    bottom.right.text = "&P / &N"
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "A2"


def _year_headings(years: Sequence[int], lang: Lang) -> list[str]:
    return [f"{t(f'report.col.{f}', lang)} {y}" for y in years for f in FIELDS]


def _figure_cells(sheet: Worksheet, at: int, first: int, row: ReportRow | None,
                  years: Sequence[int], amounts: str, sums: tuple[str, int, int] | None = None,
                  key: str = "") -> None:
    """Five cells per year from column ``first``: plan, realized, forecast as values (``row``)
    or ``SUMIF`` formulas over the measures' column ``key`` (``sums``: sheet, first and last
    row), deviation and per cent as formulas."""
    for index, year in enumerate(years):
        col = first + index * 5
        plan, fore, dev = (get_column_letter(col + k) for k in (0, 2, 3))
        for offset, what in enumerate(("plan", "realized", "forecast")):
            cell = sheet.cell(at, col + offset)
            letter = get_column_letter(col + offset)
            if sums is not None:
                sheet_name, top, bottom = sums
                cell.value = (f"=SUMIF('{sheet_name}'!${key}${top}:${key}${bottom},$A{at},"
                              f"'{sheet_name}'!{letter}${top}:{letter}${bottom})")
                cell.fill = _DERIVED
            elif row is not None:
                cell.value = getattr(row, what)[year]
            cell.number_format = amounts
        sheet.cell(at, col + 3, f"={fore}{at}-{plan}{at}").number_format = amounts
        sheet.cell(at, col + 4,
                   f'=IF({plan}{at}=0,"",ROUND({dev}{at}/ABS({plan}{at})*100,1))'
                   ).number_format = _PERCENT
        sheet.cell(at, col + 3).fill = _DERIVED
        sheet.cell(at, col + 4).fill = _DERIVED


def _total_row(sheet: Worksheet, at: int, top: int, first: int, years: Sequence[int],
               amounts: str, label_col: int, lang: Lang) -> None:
    sheet.cell(at, label_col, t("report.total", lang)).font = _BOLD
    for index in range(len(years)):
        col = first + index * 5
        plan, dev = get_column_letter(col), get_column_letter(col + 3)
        for offset in range(4):
            letter = get_column_letter(col + offset)
            cell = sheet.cell(at, col + offset, f"=SUM({letter}{top}:{letter}{at - 1})")
            cell.number_format, cell.font, cell.fill = amounts, _BOLD, _DERIVED
        cell = sheet.cell(at, col + 4,
                          f'=IF({plan}{at}=0,"",ROUND({dev}{at}/ABS({plan}{at})*100,1))')
        cell.number_format, cell.font, cell.fill = _PERCENT, _BOLD, _DERIVED


def report_xlsx(report: Report, header: str, lang: Lang) -> bytes:
    """The report as an .xlsx workbook with live formulas (see the module doc)."""
    places = _places(report)
    amounts = "#,##0" + ("." + "0" * places if places else "")
    years = report.years
    book = Workbook()
    measures = book.active
    assert measures is not None
    name = t("report.sheet.measures", lang)[:31]
    measures.title = name
    heads = [t(f"report.col.{c}", lang) for c in ("code", "title", "theme", "area", "status")]
    measures.append([*heads, *_year_headings(years, lang)])
    for at, row in enumerate(report.measures, start=2):
        for col, value in enumerate((row.key, row.label, row.theme, row.area,
                                     t(f"followup.status.{row.status}", lang)), start=1):
            measures.cell(at, col, value)
        _figure_cells(measures, at, 6, row, years, amounts)
    bottom = len(report.measures) + 1
    total_at = bottom + 1
    _total_row(measures, total_at, 2, 6, years, amounts, 1, lang)

    per_year = book.create_sheet(t("report.sheet.years", lang)[:31])
    per_year.append([t("report.col.year", lang), *(t(f"report.col.{f}", lang) for f in FIELDS),
                     t("report.col.target", lang), t("report.col.gap", lang)])
    for at, year in enumerate(years, start=2):
        per_year.cell(at, 1, year)
        col = 6 + years.index(year) * 5
        for offset in range(3):
            letter = get_column_letter(col + offset)
            cell = per_year.cell(at, 2 + offset, f"='{name}'!{letter}{total_at}")
            cell.number_format, cell.fill = amounts, _DERIVED
        per_year.cell(at, 5, f"=D{at}-B{at}").number_format = amounts
        per_year.cell(at, 6, f'=IF(B{at}=0,"",ROUND(E{at}/ABS(B{at})*100,1))'
                      ).number_format = _PERCENT
        target = report.target[year]
        per_year.cell(at, 7, target).number_format = amounts
        per_year.cell(at, 8, f'=IF(G{at}="","",D{at}-G{at})').number_format = amounts
        for col in (5, 6, 8):
            per_year.cell(at, col).fill = _DERIVED

    for key, sheet_key, groups in (("C", "report.sheet.themes", report.themes),
                                   ("D", "report.sheet.areas", report.areas)):
        sheet = book.create_sheet(t(sheet_key, lang)[:31])
        first_heading = t("report.col.theme", lang) if key == "C" else t("report.col.area", lang)
        sheet.append([first_heading, t("report.col.title", lang), "", "", "",
                      *_year_headings(years, lang)])
        for at, group in enumerate(groups, start=2):
            sheet.cell(at, 1, group.key)
            sheet.cell(at, 2, group.label if group.label != group.key else "")
            _figure_cells(sheet, at, 6, None, years, amounts, (name, 2, bottom), key)
        _total_row(sheet, len(groups) + 2, 2, 6, years, amounts, 1, lang)

    risks = book.create_sheet(t("report.sheet.at_risk", lang)[:31])
    risks.append([t(f"report.col.{c}", lang) for c in
                  ("code", "title", "year", "status", "plan", "forecast", "deviation",
                   "explanation", "responsible")])
    for item in report.at_risk:
        risks.append([item.code, item.title, item.year, t(f"followup.status.{item.status}", lang),
                      item.plan, item.forecast, item.deviation, item.explanation,
                      item.responsible])
    for sheet in book.worksheets:
        _print(sheet, header)
        for cell in sheet[1]:
            cell.font = _BOLD
        sheet.column_dimensions["B"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

