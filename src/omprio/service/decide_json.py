"""The one JSON encoder of deciding: optimize answers, scenario evaluations, comparisons and
stored scenarios, as ``omprio optimize|scenario show|compare --format json``, the pages' JSON
twins (``Accept: application/json``) and the REST API all write them (docs/decide.md).

Amounts are JSON numbers (integral ones as integers), shares strings (``"0.5"``), years object
keys. What deciding reports (a broken constraint, why no package reaches the target) is a value
``{"code", "params", "message"}`` with the message in the reader's language
(:class:`omprio.decide.errors.Reason`). Every key is always there (``null`` or empty when it does
not apply), so that the three agree key for key; tests/snapshots hold the shapes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from omprio.display import Lang
from omprio.money import to_json_number

if TYPE_CHECKING:
    from omprio.decide.compare import Comparison
    from omprio.decide.errors import Reason
    from omprio.decide.package import Package
    from omprio.decide.risk import RiskReport
    from omprio.decide.scenario import Evaluation
    from omprio.service.decide import Answer, Evaluated
    from omprio.store.workspace import StoredScenario


def years_json(values: Mapping[int, Decimal]) -> dict[str, int | float]:
    """Amounts per year: ``{"2024": -19730, ...}``."""
    return {str(year): to_json_number(value.normalize() + 0) for year, value in values.items()}


def number_json(value: Decimal | None) -> int | float | None:
    """An amount, or null."""
    return None if value is None else to_json_number(value.normalize() + 0)


def _share(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _finite(value: float | None) -> float | None:
    """A float for JSON: None instead of infinity (no proven bound) or NaN."""
    return value if value is not None and math.isfinite(value) else None


# --- optimize ----------------------------------------------------------------------------------


def package_json(package: Package) -> dict[str, Any]:
    """A package's figures."""
    return {
        "selected": list(package.codes),
        "fractions": {
            code: _share(value) for code, value in package.selection.items() if value != 1
        },
        "objective": number_json(package.objective),
        "totals": years_json(package.totals),
        "fte": years_json(package.fte),
        "positions_lost": years_json(package.positions_lost),
        "gap": years_json(package.gap),
    }


def outcome_json(answer: Answer, lang: Lang = "da") -> dict[str, Any]:
    """The answer of an optimization (``omprio optimize --format json``)."""
    outcome, chance = answer.outcome, answer.chance
    problem = outcome.problem
    package = outcome.package
    figures = package_json(package) if package is not None else None
    shortfall: Mapping[int, Decimal] = {}
    if package is not None:
        shortfall = dict.fromkeys(problem.years, Decimal(0))
    elif outcome.diagnosis is not None:
        shortfall = outcome.diagnosis.shortfall
    return {
        "status": outcome.status,
        "minimize": problem.objective,
        "selected": figures["selected"] if figures else [],
        "fractions": figures["fractions"] if figures else {},
        "totals": figures["totals"] if figures else {},
        "fte": figures["fte"] if figures else {},
        "positions_lost": figures["positions_lost"] if figures else {},
        "gap": figures["gap"] if figures else {},
        "objective": figures["objective"] if figures else None,
        "optimality_gap": _finite(outcome.gap),
        "shortfall": years_json(shortfall),
        "proven_optimal": outcome.proven,
        "bound": number_json(outcome.bound),
        "targets": years_json(problem.targets),
        "required": years_json(problem.required),
        "candidates": problem.size,
        "seconds": round(outcome.seconds, 4),
        "message": outcome.message,
        "alternatives": [
            {**package_json(item.package), "proven": item.proven} for item in outcome.alternatives
        ],
        "infeasible": None
        if outcome.diagnosis is None
        else diagnosis_json(outcome.diagnosis, lang),
        "risk": None if answer.risk is None else risk_json(answer.risk),
        "chance": None
        if chance is None
        else {
            "probability": chance.probability,
            "met": chance.met,
            "steps": [
                {
                    "extra": years_json(step.extra),
                    "selected": list(step.codes),
                    "probability": {str(y): p for y, p in step.probability.items()},
                    "all_years": step.all_years,
                }
                for step in chance.steps
            ],
        },
    }


def diagnosis_json(diagnosis: Any, lang: Lang) -> dict[str, Any]:
    """Why no package reaches the target."""
    return {
        "reasons": [reason.text(lang) for reason in diagnosis_reasons(diagnosis)],
        "binding": list(diagnosis.binding),
        "catalog_short": (
            None if diagnosis.catalog_short is None else years_json(diagnosis.catalog_short)
        ),
        "all_measures_would_reach": diagnosis.all_measures_would_reach,
        "best": package_json(diagnosis.best) if diagnosis.best else None,
        "best_proven": diagnosis.best_proven,
    }


def diagnosis_reasons(
    diagnosis: Any, *, shortfall: bool = True, probability: str | None = None
) -> list[Reason]:
    """The diagnosis of an impossible target as reasons (``decide.why.*``): the shortfall
    (unless ``shortfall`` is false: a page shows it in its table), what binds, whether the
    catalog holds enough at all. Under a required ``probability`` the safety margin that binds
    is the one the probability asked for, not one the user typed."""
    from omprio.decide.errors import Reason

    found: list[Reason] = []
    if diagnosis.shortfall and shortfall:
        found.append(Reason("why.short", {"parts": dict(diagnosis.shortfall)}))
    for group in diagnosis.binding:
        if group == "margin" and probability is not None:
            found.append(Reason("why.chance", {"probability": probability}))
        else:
            found.append(Reason("why.binding", {"binding": group}))
    if diagnosis.catalog_short is not None:
        found.append(Reason("why.catalog-short", {"parts": dict(diagnosis.catalog_short)}))
        if diagnosis.all_measures_would_reach:
            found.append(Reason("why.all-measures"))
    elif diagnosis.together:
        found.append(Reason("why.together"))
    return found


def risk_json(report: RiskReport) -> dict[str, Any]:
    """A Monte Carlo report."""
    return {
        "draws": report.draws,
        "seed": report.seed,
        "all_years": report.all_years,
        "years": {
            str(year): {
                "target": number_json(item.target),
                "probability": item.probability,
                "p10": number_json(item.p10),
                "p50": number_json(item.p50),
                "p90": number_json(item.p90),
                "mean_total": number_json(item.mean_total),
            }
            for year, item in report.years.items()
        },
    }


# --- scenarios ---------------------------------------------------------------------------------


def evaluation_json(
    evaluation: Evaluation, lang: Lang = "da", risk: RiskReport | None = None
) -> dict[str, Any]:
    """A scenario's figures (``omprio scenario show --format json``)."""
    scenario = evaluation.scenario
    return {
        "name": scenario.name,
        "catalog_title": scenario.catalog_title,
        "reached": evaluation.reached,
        "reached_years": {str(y): evaluation.gap[y] <= 0 for y in evaluation.years},
        "years": list(evaluation.years),
        "targets": years_json(evaluation.targets),
        "totals": years_json(evaluation.totals),
        "gap": years_json(evaluation.gap),
        "fte": years_json(evaluation.fte),
        "positions_lost": years_json(evaluation.positions_lost),
        "count": evaluation.count,
        "harm": number_json(evaluation.harm),
        "gap_total": number_json(evaluation.gap_total),
        "by_theme": {key: years_json(values) for key, values in evaluation.by_theme.items()},
        "by_area": {key: years_json(values) for key, values in evaluation.by_area.items()},
        "broken": [reason.as_json(lang) for reason in evaluation.broken],
        "selected": [
            {
                "code": item.code,
                "title": item.title,
                "theme": item.theme,
                "area": item.area,
                "fraction": _share(item.fraction),
                "net": years_json(item.net),
                "fte": years_json(item.fte),
                "harm": number_json(item.harm),
                "description": item.description,
            }
            for item in evaluation.selected
        ],
        "risk": None if risk is None else risk_json(risk),
    }


def comparison_json(
    comparison: Comparison,
    items: Sequence[StoredScenario] = (),
    versions: Sequence[int] = (),
) -> dict[str, Any]:
    """Scenarios side by side (``omprio scenario compare --format json``); stored ones with
    their ids and the versions their figures are of."""
    document: dict[str, Any] = {}
    if items:
        document["ids"] = [item.id for item in items]
        document["evaluated_version"] = list(versions)
    document.update(
        {
            "names": list(comparison.names),
            "years": list(comparison.years),
            "reached": list(comparison.reached),
            "rows": [
                {
                    "metric": row.metric,
                    "year": row.year,
                    "group": row.group,
                    "values": [number_json(v) for v in row.values],
                }
                for row in comparison.rows
            ],
            "measures": [
                {"code": code, "title": title, "shares": [_share(s) for s in shares]}
                for code, title, shares in comparison.measures
            ],
        }
    )
    return document


def summary_json(item: StoredScenario) -> dict[str, Any]:
    """A stored scenario's facts (the REST API's list, ``omprio scenario list``)."""
    return {
        "id": item.id,
        "catalog_id": item.catalog_id,
        "name": item.name,
        "version": item.version,
        "author": item.author,
        "saved_by": item.saved_by,
        "created_at": item.created_at.isoformat(),
        "updated_at": item.updated_at.isoformat(),
        "revision": item.revision,
    }


def listed_json(evaluated: Evaluated) -> dict[str, Any]:
    """A stored scenario in a list with whether it reaches the target (no figures)."""
    evaluation = evaluated.evaluation
    return {
        **summary_json(evaluated.item),
        "description": evaluated.item.scenario.description,
        "latest_version": evaluated.latest.info.number,
        "outdated": evaluated.outdated,
        "evaluated_version": None if evaluation is None else evaluated.version.info.number,
        "reached": None if evaluation is None else evaluation.reached,
        "reached_years": None
        if evaluation is None
        else {str(y): evaluation.gap[y] <= 0 for y in evaluation.years},
    }


def stored_json(evaluated: Evaluated, lang: Lang = "da") -> dict[str, Any]:
    """A stored scenario with its document and its figures (the page's JSON twin and the REST
    API's ``GET …/scenarios/{id}``)."""
    from omprio.decide.scenario_json import scenario_to_json

    evaluation = evaluated.evaluation
    listed = listed_json(evaluated)
    del listed["reached"], listed["reached_years"]
    return {
        **listed,
        "refused": None if evaluated.refused is None else evaluated.refused.as_json(lang),
        "document": scenario_to_json(evaluated.item.scenario),
        "evaluation": None if evaluation is None else evaluation_json(evaluation, lang),
    }
