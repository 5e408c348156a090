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
from omprio.service.decide import Answer
from omprio.service.decide_json import diagnosis_reasons

_OBJECTIVE = {
    "fte": ("tabte stillinger i alt", "positions lost, in total"),
    "count": ("antal tiltag", "number of measures"),
    "harm": ("samlet skadesscore", "total harm score"),
    "amount": ("overopfyldelse i alt", "over-delivery, in total"),
}
_STATUS = {
    "optimal": ("bevist optimal", "proven optimal"),
    "feasible": ("når målet, ikke bevist optimal", "reaches the target, not proven optimal"),
    "infeasible": ("umuligt: ingen pakke når målet", "infeasible: no package reaches the target"),
    "unknown": ("ukendt: ingen pakke fundet i tide", "unknown: no package found in time"),
}


def _t(lang: Lang, danish: str, english: str) -> str:
    return danish if lang == "da" else english


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
    label = _OBJECTIVE[problem.objective][0 if lang == "da" else 1]
    status = _STATUS[outcome.status][0 if lang == "da" else 1]
    if outcome.status == "feasible" and outcome.gap is not None:
        status += f" (gap {display.percent(Decimal(repr(outcome.gap * 100)), 3, lang)})"
    console.print(
        f"[bold]{_t(lang, 'Minimér', 'Minimize')}: {escape(label)}[/bold] — "
        f"{_t(lang, 'status', 'status')}: {escape(status)}",
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
            title = _t(lang, "Bedste forsøg (når ikke målet)", "Best attempt (misses the target)")
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
    """The selected measures with their nets per year, totals, target and over-delivery."""
    years = problem.years
    partial = any(share != 1 for share in package.selection.values())
    table = Table(
        title=title or _t(lang, "Valgte tiltag", "Selected measures"),
        caption=_t(lang, "Beløb i ", "Amounts in ")
        + f"{problem.catalog.price_base or ''} {problem.catalog.unit}".strip(),
    )
    table.add_column(_t(lang, "Kode", "Code"), no_wrap=True)
    table.add_column(_t(lang, "Tiltag", "Measure"), ratio=1)
    if partial:
        table.add_column(_t(lang, "Andel", "Share"), justify="right", no_wrap=True)
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
        (_t(lang, "I alt", "Total"), package.totals, _num),
        (_t(lang, "Mål", "Target"), problem.targets, _num),
        (
            _t(lang, "Overopfyldelse (+) / mangel (-)", "Over-delivery (+) / shortfall (-)"),
            package.over,
            _num,
        ),
        (_t(lang, "Personaleændringer", "Staff change"), package.fte, _signed),
        (_t(lang, "Tabte stillinger", "Positions lost"), package.positions_lost, _num),
    )
    for label, values, show in rows:
        cells = [show(values[y], lang) for y in years]
        table.add_row("", f"[bold]{escape(label)}[/bold]", *pad, *cells)
    if problem.required != problem.targets:
        label = _t(lang, "Krævet (med margin)", "Required (with margin)")
        table.add_row("", escape(label), *pad, *[_num(problem.required[y], lang) for y in years])
    return table


def alternatives_table(outcome: Outcome, lang: Lang) -> Table:
    """The next-best packages."""
    table = Table(title=_t(lang, "Næstbedste pakker", "Next-best packages"))
    table.add_column("#", justify="right")
    table.add_column(_t(lang, "Værdi", "Value"), justify="right")
    table.add_column(_t(lang, "Bevist", "Proven"))
    table.add_column(_t(lang, "Tiltag", "Measures"), ratio=1)
    for number, item in enumerate(outcome.alternatives, start=2):
        table.add_row(
            str(number),
            _num(item.package.objective, lang),
            _t(lang, "ja", "yes") if item.proven else _t(lang, "nej", "no"),
            ", ".join(item.package.codes),
        )
    return table


def risk_table(report: RiskReport, lang: Lang) -> Table:
    """Per year: the probability of reaching the target and the shortfall quantiles."""
    draws = display.number(Decimal(report.draws), lang)
    table = Table(
        title=_t(lang, "Risiko", "Risk")
        + f" ({draws} {_t(lang, 'træk', 'draws')}, seed {report.seed})",
        caption=_t(
            lang,
            "Sandsynlighed for at nå målet i alle år: ",
            "Probability of reaching the target in every year: ",
        )
        + display.percent(Decimal(repr(report.all_years * 100)), 1, lang),
    )
    table.add_column(_t(lang, "År", "Year"))
    table.add_column(_t(lang, "Sandsynlighed", "Probability"), justify="right")
    for name in ("P10", "P50", "P90"):
        table.add_column(_t(lang, f"Mangel {name}", f"Shortfall {name}"), justify="right")
    table.add_column(_t(lang, "Forventet i alt", "Expected total"), justify="right")
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
    verdict = _t(lang, "opfyldt", "met") if chance.met else _t(lang, "ikke opfyldt", "not met")
    table = Table(
        title=_t(
            lang,
            f"Krav: mindst {target} sandsynlighed hvert år — {verdict}",
            f"Required: at least {target} probability each year — {verdict}",
        ),
    )
    table.add_column(_t(lang, "Trin", "Step"), justify="right")
    for year in problem.years:
        table.add_column(_t(lang, f"Ekstra {year}", f"Extra {year}"), justify="right")
    for year in problem.years:
        table.add_column(f"P {year}", justify="right")
    table.add_column(_t(lang, "Tiltag", "Measures"), justify="right")
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
        _t(lang, "når målet", "reaches the target")
        if evaluation.reached
        else _t(lang, "når ikke målet", "does not reach the target")
    )
    console.print(
        f"[bold]{_t(lang, 'Scenarie', 'Scenario')}: {escape(scenario.name)}[/bold] — {verdict}",
        highlight=False,
    )
    partial = any(item.fraction != 1 for item in evaluation.selected)
    pad = [""] if partial else []
    table = Table(title=escape(scenario.catalog_title))
    table.add_column(_t(lang, "Kode", "Code"), no_wrap=True)
    table.add_column(_t(lang, "Tiltag", "Measure"), ratio=1)
    if partial:
        table.add_column(_t(lang, "Andel", "Share"), justify="right", no_wrap=True)
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
        (_t(lang, "I alt", "Total"), evaluation.totals, _num),
        (_t(lang, "Mål", "Target"), evaluation.targets, _num),
        (
            _t(lang, "Mangel (+) / overopfyldelse (-)", "Shortfall (+) / over-delivery (-)"),
            evaluation.gap,
            _num,
        ),
        (_t(lang, "Personaleændringer", "Staff change"), evaluation.fte, _signed),
        (_t(lang, "Tabte stillinger", "Positions lost"), evaluation.positions_lost, _num),
    )
    for label, values, show in rows:
        cells = [show(values[y], lang) for y in years]
        table.add_row("", f"[bold]{escape(label)}[/bold]", *pad, *cells)
    console.print(table)
    groups = Table(title=_t(lang, "Pr. tema og driftsområde", "By theme and operating area"))
    groups.add_column(_t(lang, "Gruppe", "Group"))
    for year in years:
        groups.add_column(str(year), justify="right")
    for key, values in evaluation.by_theme.items():
        label = _t(lang, f"Tema {key}", f"Theme {key}")
        groups.add_row(label, *[_num(values[y], lang) for y in years])
    groups.add_section()
    for key, values in evaluation.by_area.items():
        groups.add_row(key, *[_num(values[y], lang) for y in years])
    console.print(groups)
    for reason in evaluation.broken:
        console.print(
            f"[yellow]- {_t(lang, 'Brudt', 'Broken')}: {escape(reason.text(lang))}[/yellow]"
        )
    if consequences and evaluation.selected:
        heading = _t(lang, "Konsekvenser for borgerne", "Consequences for citizens")
        console.print(f"[bold]{heading}[/bold]")
        for item in evaluation.selected:
            console.print(f"[bold]{escape(item.code)} {escape(item.title)}[/bold]", highlight=False)
            console.print(escape(item.description), highlight=False)


_METRIC = {
    "total": ("I alt", "Total"),
    "target": ("Mål", "Target"),
    "gap": ("Mangel (+) / over (-)", "Shortfall (+) / over (-)"),
    "fte": ("Personaleændringer", "Staff change"),
    "lost": ("Tabte stillinger", "Positions lost"),
    "count": ("Antal tiltag", "Measures"),
    "harm": ("Skadesscore", "Harm score"),
    "over": ("Overopfyldelse i alt", "Over-delivery, total"),
    "theme": ("Tema", "Theme"),
}


def print_comparison(console: Console, comparison: Comparison, lang: Lang) -> None:
    """Scenarios side by side: figures, then which measures each selects."""
    table = Table(title=_t(lang, "Scenarier side om side", "Scenarios side by side"))
    table.add_column(_t(lang, "Nøgletal", "Figure"))
    table.add_column(_t(lang, "År", "Year"), justify="right")
    for name in comparison.names:
        table.add_column(escape(name), justify="right")
    previous = None
    for row in comparison.rows:
        if row.metric != previous:
            table.add_section()
            previous = row.metric
        label = _METRIC[row.metric][0 if lang == "da" else 1]
        if row.group is not None:
            label += f" {row.group}"
        show = _signed if row.metric == "fte" else _num
        table.add_row(
            escape(label),
            "" if row.year is None else str(row.year),
            *[show(v, lang) for v in row.values],
        )
    table.add_section()
    table.add_row(
        _t(lang, "Når målet", "Reaches target"),
        "",
        *[_t(lang, "ja", "yes") if r else _t(lang, "nej", "no") for r in comparison.reached],
    )
    console.print(table)
    measures = Table(title=_t(lang, "Tiltag i hvert scenarie", "Measures in each scenario"))
    measures.add_column(_t(lang, "Kode", "Code"), no_wrap=True)
    measures.add_column(_t(lang, "Tiltag", "Measure"), ratio=1)
    for name in comparison.names:
        measures.add_column(escape(name), justify="center")
    for code, title, shares in comparison.measures:
        measures.add_row(
            code,
            escape(title),
            *["✓" if s == 1 else (_share(s, lang) if s else "") for s in shares],
        )
    console.print(measures)
