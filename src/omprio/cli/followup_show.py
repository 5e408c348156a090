"""The agreement and its follow-up as text: Rich tables with Danish numbers.

Savings are negative amounts; a deviation is ``forecast - plan`` (positive: less saved than
planned), as the captions say.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from rich.markup import escape
from rich.table import Table

from omprio import display
from omprio.cli.options import console
from omprio.display import Lang
from omprio.findings import Finding
from omprio.followup.figures import Figures
from omprio.i18n import t
from omprio.service.followup import AgreementComparison
from omprio.store.followups import StoredFollowup


def _cells(values: Mapping[int, Decimal], years: Sequence[int], lang: Lang) -> list[str]:
    return [display.number(values[y], lang) if y in values else "" for y in years]


def _amount(value: Decimal | None, lang: Lang) -> str:
    return "" if value is None else display.number(value, lang)


def print_comparison(compared: AgreementComparison, lang: Lang) -> None:
    """Proposal → agreement per measure and year, and the totals."""
    agreement = compared.agreement.agreement
    years = agreement.years
    table = Table(title=escape(t("cli.followup.agreement_title", lang, name=agreement.name,
                                 date=agreement.agreed_on.isoformat(),
                                 version=agreement.adopted_version)),
                  caption=t("cli.followup.agreement_caption", lang))
    table.add_column(t("cli.followup.col.code", lang), no_wrap=True)
    table.add_column(t("cli.followup.col.decision", lang))
    table.add_column(t("cli.followup.col.row", lang))
    for year in years:
        table.add_column(str(year), justify="right")
    for m in compared.measures:
        table.add_row(escape(m.code), t(f"followup.decision.{m.decision}", lang),
                      t("cli.followup.row.proposed", lang), *_cells(m.proposed, years, lang))
        if m.decision in ("changed", "added"):
            table.add_row("", "", t("cli.followup.row.agreed", lang),
                          *_cells(m.agreed, years, lang))
    for key in ("proposed", "agreed", "difference"):
        values = {y: getattr(total, key)[y] for y, total in compared.totals.items()}
        table.add_row(t("cli.followup.row.total", lang) if key == "proposed" else "", "",
                      t(f"cli.followup.row.{key}", lang), *_cells(values, years, lang),
                      end_section=key == "difference")
    console().print(table)


def print_figures(shown: Figures, findings: Sequence[Finding], lang: Lang) -> None:
    """A follow-up's measures, totals and findings."""
    years = shown.years
    title = (t("cli.followup.figures_title", lang, date=shown.as_of.isoformat(),
               revision=shown.revision) if shown.as_of else t("cli.followup.plan_only", lang))
    if shown.closed:
        title += " " + t("cli.followup.closed_mark", lang)
    table = Table(title=title, caption=t("cli.followup.sign", lang))
    table.add_column(t("cli.followup.col.code", lang), no_wrap=True)
    table.add_column(t("cli.followup.col.status", lang))
    table.add_column(t("cli.followup.col.row", lang))
    for year in years:
        table.add_column(str(year), justify="right")
    for m in shown.measures:
        rows = (("plan", m.plan), ("realized", m.realized), ("forecast", m.forecast),
                ("deviation", m.deviation))
        for i, (key, values) in enumerate(rows):
            table.add_row(escape(m.code) if i == 0 else "",
                          t(f"followup.status.{m.status}", lang) if i == 0 else "",
                          t(f"cli.followup.row.{key}", lang), *_cells(values, years, lang),
                          end_section=i == len(rows) - 1)
    for key in ("plan", "realized", "forecast", "deviation", "target"):
        values = {y: v for y, total in shown.totals.items()
                  if (v := getattr(total, key)) is not None}
        table.add_row(t("cli.followup.row.total", lang) if key == "plan" else "", "",
                      t(f"cli.followup.row.{key}", lang), *_cells(values, years, lang))
    out = console()
    out.print(table)
    for item in findings:
        out.print(f"{t(f'severity.{item.severity.value}', lang)}: [{item.rule}] "
                  f"{item.message(lang)}", markup=False)


def print_history(code: str, history: Sequence[StoredFollowup], lang: Lang) -> None:
    """One measure in every follow-up revision."""
    table = Table(title=escape(t("cli.followup.history_title", lang, code=code)),
                  caption=t("cli.followup.sign", lang))
    for key in ("date", "revision", "year", "status", "realized", "forecast", "explanation",
                "author"):
        table.add_column(t(f"cli.followup.col.{key}", lang),
                         justify="right" if key in ("realized", "forecast") else "left")
    for point in history:
        info = point.info
        day = info.as_of.isoformat() + (" " + t("cli.followup.closed_mark", lang)
                                        if info.closed else "")
        if not point.entries:
            table.add_row(day, str(info.revision), "", t("followup.status.pending", lang),
                          "", "", "", escape(info.author))
        for entry in point.entries:
            table.add_row(day, str(info.revision), str(entry.year),
                          t(f"followup.status.{entry.status}", lang),
                          _amount(entry.realized, lang), _amount(entry.forecast, lang),
                          escape(entry.explanation), escape(info.author))
    console().print(table)
