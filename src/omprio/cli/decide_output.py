"""What ``omprio optimize`` and ``omprio scenario`` print: Rich tables (Danish or English) and
JSON documents (documented in docs/decide.md). Numbers are shown the Danish way by default."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from omprio import display
from omprio.decide.chance import ChanceOutcome
from omprio.decide.compare import Comparison
from omprio.decide.constraints import describe_group
from omprio.decide.diagnose import Diagnosis
from omprio.decide.optimize import Outcome
from omprio.decide.package import Package
from omprio.decide.problem import Problem
from omprio.decide.risk import RiskReport
from omprio.decide.scenario import Evaluation
from omprio.display import Lang
from omprio.money import to_json_number

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


def _years_json(values: Mapping[int, Decimal]) -> dict[str, int | float]:
    return {str(year): to_json_number(value.normalize() + 0) for year, value in values.items()}


def _number_json(value: Decimal | None) -> int | float | None:
    return None if value is None else to_json_number(value.normalize() + 0)


# --- optimize ------------------------------------------------------------------------------------


def package_json(package: Package) -> dict[str, Any]:
    """A package's figures as JSON."""
    return {
        "selected": list(package.codes),
        "fractions": {
            code: str(value.normalize()) for code, value in package.selection.items() if value != 1
        },
        "objective": _number_json(package.objective),
        "totals": _years_json(package.totals),
        "fte": _years_json(package.fte),
        "positions_lost": _years_json(package.positions_lost),
        "over_delivery": _years_json(package.over),
    }


def outcome_json(
    outcome: Outcome,
    risk: RiskReport | None = None,
    chance: ChanceOutcome | None = None,
    lang: Lang = "da",
) -> dict[str, Any]:
    """The ``omprio optimize --format json`` document."""
    problem = outcome.problem
    package = outcome.package
    document: dict[str, Any] = {
        "status": outcome.status,
        "minimize": problem.objective,
        "selected": list(package.codes) if package else [],
        "totals": _years_json(package.totals) if package else {},
        "fte": _years_json(package.fte) if package else {},
        "objective": _number_json(package.objective) if package else None,
        "gap": _finite(outcome.gap),
        "shortfall": _years_json(_shortfall(outcome)),
        "proven_optimal": outcome.proven,
        "bound": _number_json(outcome.bound),
        "targets": _years_json(problem.targets),
        "required": _years_json(problem.required),
        "candidates": problem.size,
        "seconds": round(outcome.seconds, 4),
        "message": outcome.message,
    }
    if package:
        extra = package_json(package)
        document["fractions"] = extra["fractions"]
        document["positions_lost"] = extra["positions_lost"]
        document["over_delivery"] = extra["over_delivery"]
    document["alternatives"] = [
        {**package_json(item.package), "proven": item.proven} for item in outcome.alternatives
    ]
    if outcome.diagnosis is not None:
        document["infeasible"] = diagnosis_json(outcome.diagnosis, lang)
    if risk is not None:
        document["risk"] = risk_json(risk)
    if chance is not None:
        document["chance"] = {
            "probability": chance.probability,
            "met": chance.met,
            "steps": [
                {
                    "extra": _years_json(step.extra),
                    "selected": list(step.codes),
                    "probability": {str(y): p for y, p in step.probability.items()},
                    "all_years": step.all_years,
                }
                for step in chance.steps
            ],
        }
    return document


def _finite(value: float | None) -> float | None:
    """A float for JSON: None instead of infinity (no proven bound) or NaN."""
    return value if value is not None and math.isfinite(value) else None


def _shortfall(outcome: Outcome) -> dict[int, Decimal]:
    if outcome.package is not None:
        return {year: Decimal(0) for year in outcome.problem.years}
    if outcome.diagnosis is not None:
        return outcome.diagnosis.shortfall
    return {}


def diagnosis_json(diagnosis: Diagnosis, lang: Lang) -> dict[str, Any]:
    """Why no package reaches the target, as JSON."""
    return {
        "reasons": reasons(diagnosis, lang),
        "binding": list(diagnosis.binding),
        "catalog_short": (
            None if diagnosis.catalog_short is None else _years_json(diagnosis.catalog_short)
        ),
        "all_measures_would_reach": diagnosis.all_measures_would_reach,
        "best": package_json(diagnosis.best) if diagnosis.best else None,
        "best_proven": diagnosis.best_proven,
    }


def reasons(diagnosis: Diagnosis, lang: Lang) -> list[str]:
    """The diagnosis in sentences."""
    found: list[str] = []
    if diagnosis.shortfall:
        parts = ", ".join(
            f"{year}: {_num(value, lang)}" for year, value in diagnosis.shortfall.items()
        )
        found.append(
            _t(lang, "Den bedste pakke mangler ", "The best package falls short by ") + parts
        )
    for group in diagnosis.binding:
        found.append(
            _t(
                lang,
                f"Bindende: {describe_group(group, 'da')} - uden den kan målet nås",
                f"Binding: {describe_group(group, 'en')} - without it the target can be reached",
            )
        )
    if diagnosis.catalog_short is not None:
        parts = ", ".join(
            f"{year}: {_num(value, lang)}" for year, value in diagnosis.catalog_short.items()
        )
        found.append(
            _t(
                lang,
                "Kataloget rummer simpelthen ikke besparelser nok: "
                "selv uden begrænsninger mangler ",
                "The catalog simply does not hold enough savings: even without constraints it "
                "falls short by ",
            )
            + parts
        )
        if diagnosis.all_measures_would_reach:
            found.append(
                _t(
                    lang,
                    "Med alle katalogets tiltag (--all-measures) kan målet nås",
                    "With all the catalog's measures (--all-measures) the target can be reached",
                )
            )
    elif diagnosis.together:
        found.append(
            _t(
                lang,
                "Ingen enkelt begrænsning binder alene; det gør de tilsammen",
                "No single constraint binds alone; together they do",
            )
        )
    return found


def risk_json(report: RiskReport) -> dict[str, Any]:
    """A Monte Carlo report as JSON."""
    return {
        "draws": report.draws,
        "seed": report.seed,
        "all_years": report.all_years,
        "years": {
            str(year): {
                "probability": item.probability,
                "p10": _number_json(item.p10),
                "p50": _number_json(item.p50),
                "p90": _number_json(item.p90),
                "mean_total": _number_json(item.mean_total),
            }
            for year, item in report.years.items()
        },
    }


def print_outcome(
    console: Console,
    outcome: Outcome,
    risk: RiskReport | None,
    chance: ChanceOutcome | None,
    lang: Lang,
) -> None:
    """The optimizer's answer as tables."""
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
        for line in reasons(outcome.diagnosis, lang):
            console.print(f"- {escape(line)}", highlight=False)
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


# --- scenarios -----------------------------------------------------------------------------------


def evaluation_json(evaluation: Evaluation, risk: RiskReport | None = None) -> dict[str, Any]:
    """``omprio scenario show --format json``: one scenario's figures."""
    scenario = evaluation.scenario
    document: dict[str, Any] = {
        "name": scenario.name,
        "catalog_title": scenario.catalog_title,
        "reached": evaluation.reached,
        "targets": _years_json(evaluation.targets),
        "totals": _years_json(evaluation.totals),
        "gap": _years_json(evaluation.gap),
        "fte": _years_json(evaluation.fte),
        "positions_lost": _years_json(evaluation.positions_lost),
        "count": evaluation.count,
        "harm": _number_json(evaluation.harm),
        "over_delivery": _number_json(evaluation.over_delivery),
        "by_theme": {key: _years_json(values) for key, values in evaluation.by_theme.items()},
        "by_area": {key: _years_json(values) for key, values in evaluation.by_area.items()},
        "broken": list(evaluation.broken),
        "selected": [
            {
                "code": item.code,
                "title": item.title,
                "theme": item.theme,
                "area": item.area,
                "fraction": str(item.fraction.normalize()),
                "net": _years_json(item.net),
                "fte": _years_json(item.fte),
                "harm": _number_json(item.harm),
                "description": item.description,
            }
            for item in evaluation.selected
        ],
    }
    if risk is not None:
        document["risk"] = risk_json(risk)
    return document


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
    for line in evaluation.broken:
        console.print(f"[yellow]- {_t(lang, 'Brudt', 'Broken')}: {escape(line)}[/yellow]")
    if consequences and evaluation.selected:
        heading = _t(lang, "Konsekvenser for borgerne", "Consequences for citizens")
        console.print(f"[bold]{heading}[/bold]")
        for item in evaluation.selected:
            console.print(f"[bold]{escape(item.code)} {escape(item.title)}[/bold]", highlight=False)
            console.print(escape(item.description), highlight=False)


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """``omprio scenario compare --format json``."""
    return {
        "names": list(comparison.names),
        "years": list(comparison.years),
        "reached": list(comparison.reached),
        "rows": [
            {
                "metric": row.metric,
                "year": row.year,
                "group": row.group,
                "values": [_number_json(v) for v in row.values],
            }
            for row in comparison.rows
        ],
        "measures": [
            {"code": code, "title": title, "shares": [str(s.normalize()) for s in shares]}
            for code, title, shares in comparison.measures
        ],
    }


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
