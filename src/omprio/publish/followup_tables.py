"""A follow-up report laid out as titled tables of text, in the reader's language: what the PDF
(:mod:`~omprio.publish.followup_pdf`) and the Word document
(:mod:`~omprio.publish.followup_word`) print, so that both say the same.

The values come from :class:`~omprio.followup.report.Report` and are only formatted here
(Danish or English numbers via :mod:`omprio.display`): per year the totals, the target and the
gap; per theme, per operating area and per measure plan, realized, forecast, deviation and
deviation in per cent for every year; the status counts; the measures at risk with their
explanations. ``header`` is the line on every page: the catalog, its stage and version and the
follow-up's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from omprio import display
from omprio.display import Lang
from omprio.followup.model import STATUSES
from omprio.followup.report import Report, ReportRow
from omprio.i18n import t
from omprio.publish.edition import Edition, long_date


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table: headings, rows of text cells (``bold`` rows are totals) and a note."""

    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    bold: frozenset[int] = frozenset()
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReportLayout:
    """The report as a document: title, the line on every page, an introduction and tables."""

    title: str
    header: str
    intro: tuple[str, ...]
    tables: tuple[Table, ...]


def amount_text(value: Decimal | None, lang: Lang) -> str:
    """An amount as the report prints it (``-1.234``; empty for none)."""
    return "" if value is None else display.number(value, lang)


def percent_text(value: Decimal | None, lang: Lang) -> str:
    """A per cent as the report prints it (``12,5``; empty for none)."""
    return "" if value is None else display.number(value, lang)


def date_line(report: Report, lang: Lang) -> str:
    """``Opfølgning 30. juni 2024, revision 2 (lukket)`` or the plan alone."""
    if report.as_of is None:
        return t("report.plan_only", lang)
    text = t("report.as_of", lang, date=long_date(report.as_of, lang), revision=report.revision)
    return f"{text} ({t('report.closed', lang)})" if report.closed else text


def header_line(catalog_name: str, edition: Edition, report: Report, lang: Lang) -> str:
    """The catalog, its stage and version, and the follow-up's date: on every page."""
    parts = (catalog_name, edition.line(lang), date_line(report, lang))
    return " · ".join(p for p in parts if p)


def _figures(row: ReportRow, year: int, lang: Lang) -> tuple[str, ...]:
    return (amount_text(row.plan[year], lang), amount_text(row.realized[year], lang),
            amount_text(row.forecast[year], lang), amount_text(row.deviation[year], lang),
            percent_text(row.percent[year], lang))


def _columns(lang: Lang) -> tuple[str, ...]:
    return tuple(t(f"report.col.{c}", lang)
                 for c in ("plan", "realized", "forecast", "deviation", "percent"))


def _group_table(title: str, first: str, rows: tuple[ReportRow, ...], report: Report,
                 lang: Lang) -> Table:
    body: list[tuple[str, ...]] = []
    bold: set[int] = set()
    for row in (*rows, report.totals):
        label = row.label or t("report.total", lang)
        if row is report.totals:
            bold.update(range(len(body), len(body) + len(report.years)))
        for year in report.years:
            body.append((label, str(year), *_figures(row, year, lang)))
            label = ""
    return Table(title, (first, t("report.col.year", lang), *_columns(lang)), tuple(body),
                 frozenset(bold))


def _statuses(report: Report, lang: Lang) -> Table:
    rows = [(t(f"followup.status.{s}", lang), str(report.totals.statuses[s])) for s in STATUSES]
    return Table(t("report.statuses", lang),
                 (t("report.col.status", lang), t("report.col.count", lang)), tuple(rows))


def _years(report: Report, lang: Lang) -> Table:
    rows = []
    for year in report.years:
        rows.append((str(year), *_figures(report.totals, year, lang),
                     amount_text(report.target[year], lang), amount_text(report.gap[year], lang)))
    return Table(t("report.by_year", lang),
                 (t("report.col.year", lang), *_columns(lang), t("report.col.target", lang),
                  t("report.col.gap", lang)),
                 tuple(rows), note=t("report.gap_note", lang))


def _risks(report: Report, lang: Lang) -> Table:
    rows = tuple(
        (a.code, str(a.year), t(f"followup.status.{a.status}", lang),
         amount_text(a.deviation, lang), a.explanation or "–")
        for a in report.at_risk)
    return Table(t("report.at_risk", lang),
                 (t("report.col.code", lang), t("report.col.year", lang),
                  t("report.col.status", lang), t("report.col.deviation", lang),
                  t("report.col.explanation", lang)),
                 rows, note="" if rows else t("report.no_risk", lang))


def report_layout(report: Report, catalog_name: str, agreement: str, edition: Edition,
                  lang: Lang) -> ReportLayout:
    """The report's document in ``lang``."""
    themes = tuple(
        ReportRow(r.key, f"{r.key} {r.label}".strip() if r.label != r.key else r.key, r.plan,
                  r.realized, r.forecast, r.deviation, r.percent, r.statuses)
        for r in report.themes)
    measures = tuple(
        ReportRow(r.key, f"{r.key} {r.label}", r.plan, r.realized, r.forecast, r.deviation,
                  r.percent, r.statuses) for r in report.measures)
    gap = report.gap_total
    intro = (
        date_line(report, lang),
        t("report.unit", lang, unit=report.unit),
        t("report.sign", lang),
        t("report.gap_total", lang, gap=amount_text(gap, lang)) if gap is not None else "",
    )
    tables = (
        _years(report, lang),
        _statuses(report, lang),
        _risks(report, lang),
        _group_table(t("report.by_theme", lang), t("report.col.theme", lang), themes, report,
                     lang),
        _group_table(t("report.by_area", lang), t("report.col.area", lang), report.areas,
                     report, lang),
        _group_table(t("report.by_measure", lang), t("report.col.measure", lang), measures,
                     report, lang),
    )
    return ReportLayout(t("report.title", lang, agreement=agreement),
                        header_line(catalog_name, edition, report, lang),
                        tuple(i for i in intro if i), tables)
