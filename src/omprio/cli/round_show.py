"""``omprio round show`` as text: the departments × years table of a budget round.

One row per department and requirement (its whole part; the unrounded amount and the rounding
beside it where they differ), what its linked catalogs deliver and the gap (+ short, −
more than required), the residual of a frame cut, then the totals per requirement and the
round's findings. Every amount is labelled with the price level and unit shown.
"""

from __future__ import annotations

from decimal import Decimal

from rich.markup import escape
from rich.table import Table

from omprio import display
from omprio.cli.options import console
from omprio.display import Lang
from omprio.i18n import t
from omprio.rounds.allocate import as_decimal
from omprio.service.rounds import RoundView


def _cells(values: dict[int, Decimal] | dict[int, int], years: tuple[int, ...],
           lang: Lang) -> list[str]:
    return [display.number(Decimal(values.get(y, 0)), lang) for y in years]


def print_round(view: RoundView, lang: Lang) -> None:
    """Print the round's table, totals and findings."""
    r = view.budget_round
    years = r.years
    out = console()
    table = Table(title=escape(f"{r.name} — {r.municipality}".strip(" —")),
                  caption=t("cli.round.unit", lang, level=r.price_level, unit=r.unit))
    table.add_column(t("cli.round.col.department", lang), no_wrap=True)
    table.add_column(t("cli.round.col.row", lang))
    for year in years:
        table.add_column(str(year), justify="right")
    table.add_column(t("cli.round.col.status", lang))
    for department in view.departments:
        name = escape(f"{department.code} {department.name}")
        for line in department.lines:
            table.add_row(name, escape(t("cli.round.row.part", lang, name=line.name)),
                          *_cells(line.amounts, years, lang), "")
            rounding = [p.rounding for p in line.parts.values()]
            if any(rounding):
                table.add_row("", t("cli.round.row.unrounded", lang),
                              *[display.number(as_decimal(line.parts[y].unrounded, 2), lang)
                                for y in years], "")
            if line.frame_cut:
                table.add_row("", t("cli.round.row.designated", lang),
                              *_cells(dict(line.designated), years, lang), "")
                table.add_row("", t("cli.round.row.residual", lang),
                              *_cells(line.residual, years, lang), "")
            name = ""
        table.add_row(name, t("cli.round.row.delivered", lang),
                      *_cells(department.delivered, years, lang), "")
        table.add_row("", t("cli.round.row.gap", lang), *_cells(department.gap, years, lang),
                      t(f"round.standing.{department.standing.value}", lang), end_section=True)
    out.print(table)
    totals = Table(title=t("cli.round.totals", lang))
    totals.add_column(t("cli.round.col.requirement", lang))
    for year in years:
        totals.add_column(str(year), justify="right")
    for requirement in r.requirements:
        totals.add_row(escape(requirement.name),
                       *_cells(view.status.totals(requirement.name), years, lang))
    out.print(totals)
    if not view.all_departments:
        out.print(t("cli.round.limited", lang))
    for item in view.findings:
        out.print(f"{t(f'severity.{item.severity.value}', lang)}: [{item.rule}] "
                  f"{item.message(lang)}", markup=False)
