"""What ``omprio optimize`` and ``omprio scenario`` print: Rich tables (Danish or English) and
JSON documents (documented in docs/decide.md). Numbers are shown the Danish way by default."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from omprio import display
from omprio.decide.chance import ChanceOutcome
from omprio.decide.compare import Comparison
from omprio.decide.optimize import Outcome
from omprio.decide.package import Package
from omprio.decide.problem import Problem
from omprio.decide.risk import RiskReport
from omprio.decide.scenario import Evaluation
from omprio.display import Lang
from omprio.i18n import t
from omprio.service.decide import Answer
from omprio.service.decide_json import diagnosis_reasons


def _num(value: Decimal | None, lang: Lang) -> str:
    return "" if value is None else display.number(value.normalize() + 0, lang)


def _signed(value: Decimal | None, lang: Lang) -> str:
    return "" if value is None else display.signed(value.normalize() + 0, lang)


def _share(value: Decimal, lang: Lang) -> str:
    return display.percent(value * 100, 0, lang) if value not in (0, 1) else ""


def print_outcome(console: Console, answer: Answer, lang: Lang) -> None:
    """The optimizer's answer as tables."""
    outcome, risk, chance = answer.outcome, answer.risk, answer.chance
    problem = outcome.problem
    label = t(f"decide.out.objective.{problem.objective}", lang)
    status = t(f"decide.out.status.{outcome.status}", lang)
    if outcome.status == "feasible" and outcome.gap is not None:
        status += f" (gap {display.percent(Decimal(repr(outcome.gap * 100)), 3, lang)})"
    console.print(
        f"[bold]{t('decide.out.minimize', lang)}: {escape(label)}[/bold] — "
        f"{t('decide.out.status', lang)}: {escape(status)}",
        highlight=False,
    )
    if outcome.package is not None:
        console.print(package_table(problem, outcome.package, lang))
        console.print(
            f"{escape(label[:1].upper() + label[1:])}: "
            f"[bold]{_num(outcome.package.objective, lang)}[/bold]",
            highlight=False,
        )
    if outcome.diagnosis is not None:
        best = outcome.diagnosis.best
        if best is not None and best.selection:
            title = t("decide.out.best_attempt_misses_the_target", lang)
            console.print(package_table(problem, best, lang, title))
        for reason in diagnosis_reasons(outcome.diagnosis):
            console.print(f"- {escape(reason.text(lang))}", highlight=False)
    if outcome.alternatives:
        console.print(alternatives_table(outcome, lang))
    if chance is not None:
        console.print(chance_table(problem, chance, lang))
    if risk is not None:
        console.print(risk_table(risk, lang))


def package_table(problem: Problem, package: Package, lang: Lang, title: str = "") -> Table:
    """The selected measures with their nets per year, totals, target and gap to it."""
    years = problem.years
    partial = any(share != 1 for share in package.selection.values())
    table = Table(
        title=title or t("decide.out.selected_measures", lang),
        caption=t("decide.out.amounts_in", lang)
        + f"{problem.catalog.price_base or ''} {problem.catalog.unit}".strip(),
    )
    table.add_column(t("decide.out.code", lang), no_wrap=True)
    table.add_column(t("decide.out.measure", lang), ratio=1)
    if partial:
        table.add_column(t("decide.out.share", lang), justify="right", no_wrap=True)
    for year in years:
        table.add_column(str(year), justify="right", no_wrap=True)
    by_code = {m.code: m for m in problem.measures}
    for code, share in package.selection.items():
        measure = by_code[code]
        table.add_row(
            code,
            escape(measure.title),
            *([_share(share, lang)] if partial else []),
            *[_num(share * measure.net.get(year, Decimal(0)), lang) for year in years],
        )
    table.add_section()
    pad = [""] if partial else []
    rows = (
        (t("decide.out.total", lang), package.totals, _num),
        (t("decide.out.target", lang), problem.targets, _num),
        (t("decide.out.gap", lang), package.gap, _signed),
        (t("decide.out.staff_change", lang), package.fte, _signed),
        (t("decide.out.positions_lost", lang), package.positions_lost, _num),
    )
    for label, values, show in rows:
        cells = [show(values[y], lang) for y in years]
        table.add_row("", f"[bold]{escape(label)}[/bold]", *pad, *cells)
    if problem.required != problem.targets:
        label = t("decide.out.required_with_margin", lang)
        table.add_row("", escape(label), *pad, *[_num(problem.required[y], lang) for y in years])
    return table


def alternatives_table(outcome: Outcome, lang: Lang) -> Table:
    """The next-best packages."""
    table = Table(title=t("decide.out.next_best_packages", lang))
    table.add_column("#", justify="right")
    table.add_column(t("decide.out.value", lang), justify="right")
    table.add_column(t("decide.out.proven", lang))
    table.add_column(t("decide.out.measures", lang), ratio=1)
    for number, item in enumerate(outcome.alternatives, start=2):
        table.add_row(
            str(number),
            _num(item.package.objective, lang),
            t("decide.out.yes", lang) if item.proven else t("decide.out.no", lang),
            ", ".join(item.package.codes),
        )
    return table


def risk_table(report: RiskReport, lang: Lang) -> Table:
    """Per year: the probability of reaching the target and the shortfall quantiles."""
    draws = display.number(Decimal(report.draws), lang)
    table = Table(
        title=t("decide.out.risk", lang)
        + f" ({draws} {t('decide.out.draws', lang)}, seed {report.seed})",
        caption=t("decide.out.probability_of_reaching_the_target_in_ev", lang)
        + display.percent(Decimal(repr(report.all_years * 100)), 1, lang),
    )
    table.add_column(t("decide.out.year", lang))
    table.add_column(t("decide.out.probability", lang), justify="right")
    for name in ("P10", "P50", "P90"):
        table.add_column(t("decide.out.shortfall_q", lang, q=name), justify="right")
    table.add_column(t("decide.out.expected_total", lang), justify="right")
    for year, item in report.years.items():
        table.add_row(
            str(year),
            display.percent(Decimal(repr(item.probability * 100)), 1, lang),
            _num(item.p10, lang),
            _num(item.p50, lang),
            _num(item.p90, lang),
            _num(item.mean_total, lang),
        )
    return table


def chance_table(problem: Problem, chance: ChanceOutcome, lang: Lang) -> Table:
    """The steps of the chance-constrained iteration."""
    target = display.percent(Decimal(repr(chance.probability * 100)), 1, lang)
    verdict = t("decide.out.met", lang) if chance.met else t("decide.out.not_met", lang)
    table = Table(
        title=t("decide.out.required_probability", lang, target=target, verdict=verdict),
    )
    table.add_column(t("decide.out.step", lang), justify="right")
    for year in problem.years:
        table.add_column(t("decide.out.extra_year", lang, year=year), justify="right")
    for year in problem.years:
        table.add_column(f"P {year}", justify="right")
    table.add_column(t("decide.out.measures", lang), justify="right")
    for number, step in enumerate(chance.steps, start=1):
        table.add_row(
            str(number),
            *[_num(step.extra.get(year, Decimal(0)), lang) for year in problem.years],
            *[
                display.percent(Decimal(repr(step.probability[year] * 100)), 1, lang)
                for year in problem.years
            ],
            str(len(step.codes)),
        )
    return table


# --- scenarios ---------------------------------------------------------------------------------


def print_evaluation(
    console: Console, evaluation: Evaluation, lang: Lang, consequences: bool = True
) -> None:
    """One scenario: its measures, totals against the target, groups, and consequences."""
    scenario = evaluation.scenario
    years = evaluation.years
    verdict = (
        t("decide.out.reaches_the_target", lang)
        if evaluation.reached
        else t("decide.out.does_not_reach_the_target", lang)
    )
    console.print(
        f"[bold]{t('decide.out.scenario', lang)}: {escape(scenario.name)}[/bold] — {verdict}",
        highlight=False,
    )
    partial = any(item.fraction != 1 for item in evaluation.selected)
    pad = [""] if partial else []
    table = Table(title=escape(scenario.catalog_title))
    table.add_column(t("decide.out.code", lang), no_wrap=True)
    table.add_column(t("decide.out.measure", lang), ratio=1)
    if partial:
        table.add_column(t("decide.out.share", lang), justify="right", no_wrap=True)
    for year in years:
        table.add_column(str(year), justify="right", no_wrap=True)
    for item in evaluation.selected:
        table.add_row(
            item.code,
            escape(item.title),
            *([_share(item.fraction, lang)] if partial else []),
            *[_num(item.net[y], lang) for y in years],
        )
    table.add_section()
    rows = (
        (t("decide.out.total", lang), evaluation.totals, _num),
        (t("decide.out.target", lang), evaluation.targets, _num),
        (t("decide.out.gap", lang), evaluation.gap, _signed),
        (t("decide.out.staff_change", lang), evaluation.fte, _signed),
        (t("decide.out.positions_lost", lang), evaluation.positions_lost, _num),
    )
    for label, values, show in rows:
        cells = [show(values[y], lang) for y in years]
        table.add_row("", f"[bold]{escape(label)}[/bold]", *pad, *cells)
    console.print(table)
    groups = Table(title=t("decide.out.by_theme_and_operating_area", lang))
    groups.add_column(t("decide.out.group", lang))
    for year in years:
        groups.add_column(str(year), justify="right")
    for key, values in evaluation.by_theme.items():
        label = t("decide.out.theme_key", lang, key=key)
        groups.add_row(label, *[_num(values[y], lang) for y in years])
    groups.add_section()
    for key, values in evaluation.by_area.items():
        groups.add_row(key, *[_num(values[y], lang) for y in years])
    console.print(groups)
    for reason in evaluation.broken:
        console.print(
            f"[yellow]- {t('decide.out.broken', lang)}: {escape(reason.text(lang))}[/yellow]"
        )
    if consequences and evaluation.selected:
        heading = t("decide.out.consequences_for_citizens", lang)
        console.print(f"[bold]{heading}[/bold]")
        for item in evaluation.selected:
            console.print(f"[bold]{escape(item.code)} {escape(item.title)}[/bold]", highlight=False)
            console.print(escape(item.description), highlight=False)


def print_comparison(console: Console, comparison: Comparison, lang: Lang) -> None:
    """Scenarios side by side: figures, then which measures each selects."""
    table = Table(title=t("decide.out.scenarios_side_by_side", lang))
    table.add_column(t("decide.out.figure", lang))
    table.add_column(t("decide.out.year", lang), justify="right")
    for name in comparison.names:
        table.add_column(escape(name), justify="right")
    previous = None
    for row in comparison.rows:
        if row.metric != previous:
            table.add_section()
            previous = row.metric
        label = t(f"decide.out.metric.{row.metric}", lang)
        if row.group is not None:
            label += f" {row.group}"
        show = _signed if row.metric in {"fte", "gap", "gap_total"} else _num
        table.add_row(
            escape(label),
            "" if row.year is None else str(row.year),
            *[show(v, lang) for v in row.values],
        )
    table.add_section()
    table.add_row(
        t("decide.out.reaches_target", lang),
        "",
        *[t("decide.out.yes", lang) if r else t("decide.out.no", lang) for r in comparison.reached],
    )
    console.print(table)
    measures = Table(title=t("decide.out.measures_in_each_scenario", lang))
    measures.add_column(t("decide.out.code", lang), no_wrap=True)
    measures.add_column(t("decide.out.measure", lang), ratio=1)
    for name in comparison.names:
        measures.add_column(escape(name), justify="center")
    for code, title, shares in comparison.measures:
        measures.add_row(
            code,
            escape(title),
            *["✓" if s == 1 else (_share(s, lang) if s else "") for s in shares],
        )
    console.print(measures)
