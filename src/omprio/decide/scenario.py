"""A scenario: a named selection over one catalog, and what it does year by year.

A :class:`Scenario` puts each measure in (1), out (0, or not named) or, for a measure marked
divisible, in at a fraction; it carries its targets (``None``: the catalog's own), constraints,
harm scores and uncertainties, so it can be evaluated, compared, optimized again and stored
(its JSON form is :mod:`omprio.decide.scenario_json`).

:func:`evaluate` computes, exactly in Decimal, per target year: the sum of the selected nets,
the gap to the target (``total - target``: positive means the target is missed by that much),
the net staff change and the positions lost, totals per theme and per operating area (code
prefix), the constraints the selection breaks, and the consequences for citizens: the selected
measures with their descriptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from omprio.decide.constraints import Constraints
from omprio.decide.errors import DecideError, Reason
from omprio.decide.problem import Objective, Problem, Request, build_problem
from omprio.decide.risk import Uncertainty
from omprio.decide.targets import candidates, default_targets, unique_measures
from omprio.model import Catalog, Measure
from omprio.money import ZERO, total

ONE = Decimal(1)


@dataclass(frozen=True)
class Scenario:
    """A named selection over one catalog (see the module doc)."""

    name: str
    catalog_title: str
    selection: Mapping[str, Decimal]
    targets: Mapping[int, Decimal] | None = None
    constraints: Constraints = field(default_factory=Constraints)
    harm: Mapping[str, Decimal] = field(default_factory=dict)
    divisible: frozenset[str] = frozenset()
    all_measures: bool = False
    risk: Mapping[str, Uncertainty] = field(default_factory=dict)
    objective: Objective | None = None
    description: str = ""

    def request(self, objective: Objective | None = None) -> Request:
        """The optimizer's request with this scenario's targets and constraints."""
        return Request(
            objective=objective or self.objective or "fte",
            targets=self.targets,
            constraints=self.constraints,
            harm=self.harm,
            divisible=self.divisible,
            all_measures=self.all_measures,
        )


@dataclass(frozen=True, slots=True)
class Selected:
    """One selected measure: its share, its figures at that share, and its description."""

    code: str
    title: str
    theme: str
    area: str
    fraction: Decimal
    net: dict[int, Decimal]
    fte: dict[int, Decimal]
    harm: Decimal
    description: str


@dataclass(frozen=True)
class Evaluation:
    """What a scenario does, per target year (see the module doc)."""

    scenario: Scenario
    years: tuple[int, ...]
    targets: dict[int, Decimal]
    totals: dict[int, Decimal]
    gap: dict[int, Decimal]
    fte: dict[int, Decimal]
    positions_lost: dict[int, Decimal]
    by_theme: dict[str, dict[int, Decimal]]
    by_area: dict[str, dict[int, Decimal]]
    selected: tuple[Selected, ...]
    broken: tuple[Reason, ...]
    harm: Decimal

    @property
    def reached(self) -> bool:
        """Whether the total reaches the target in every year."""
        return all(value <= 0 for value in self.gap.values())

    @property
    def count(self) -> int:
        return len(self.selected)

    @property
    def gap_total(self) -> Decimal:
        """The gap summed over the years (total - target: positive short, negative more)."""
        return total(self.gap.values())


def evaluate(scenario: Scenario, catalog: Catalog) -> Evaluation:
    """The figures of ``scenario`` over ``catalog`` (see the module doc)."""
    measures = unique_measures(catalog)
    by_code = {m.code: m for m in measures}
    for code, fraction in scenario.selection.items():
        if code not in by_code:
            raise DecideError("scenario-unknown-measure", scenario=scenario.name, code=code)
        if fraction < 0 or fraction > 1:
            raise DecideError(
                "scenario-fraction", scenario=scenario.name, code=code, fraction=fraction
            )
        if fraction not in (ZERO, ONE) and code not in scenario.divisible:
            raise DecideError(
                "scenario-not-divisible", scenario=scenario.name, code=code, fraction=fraction
            )
    targets = dict(scenario.targets) if scenario.targets is not None else default_targets(catalog)
    # The constraints are checked (and reported as broken) over all measures of the catalog.
    problem = build_problem(
        catalog,
        Request(
            targets=targets,
            constraints=scenario.constraints,
            harm=scenario.harm,
            divisible=scenario.divisible,
            all_measures=True,
        ),
    )
    years = problem.years
    chosen = [(by_code[code], f) for code, f in _ordered(scenario.selection, measures) if f > 0]
    totals = {year: total(f * m.net.get(year, ZERO) for m, f in chosen) for year in years}
    selected = tuple(_selected(m, f, years, scenario.harm.get(m.code, ONE)) for m, f in chosen)
    by_theme: dict[str, dict[int, Decimal]] = {}
    by_area: dict[str, dict[int, Decimal]] = {}
    for item in selected:
        for groups, key in ((by_theme, item.theme), (by_area, item.area)):
            sums = groups.setdefault(key, dict.fromkeys(years, ZERO))
            for year in years:
                sums[year] += item.net[year]
    return Evaluation(
        scenario=scenario,
        years=years,
        targets=problem.targets,
        totals=totals,
        gap={year: totals[year] - problem.targets[year] for year in years},
        fte=problem.fte_change(scenario.selection),
        positions_lost=problem.positions_lost(scenario.selection),
        by_theme=dict(sorted(by_theme.items(), key=lambda kv: _natural(kv[0]))),
        by_area=dict(sorted(by_area.items())),
        selected=selected,
        broken=tuple(problem.broken(scenario.selection)),
        harm=total(item.harm * item.fraction for item in selected),
    )


def _ordered(
    selection: Mapping[str, Decimal], measures: tuple[Measure, ...]
) -> list[tuple[str, Decimal]]:
    return [(m.code, selection[m.code]) for m in measures if m.code in selection]


def _selected(
    measure: Measure, fraction: Decimal, years: tuple[int, ...], harm: Decimal
) -> Selected:
    fte = measure.fte if measure.fte_stated else {}
    return Selected(
        code=measure.code,
        title=measure.title,
        theme=measure.theme_number,
        area=measure.operating_area,
        fraction=fraction,
        net={year: fraction * measure.net.get(year, ZERO) for year in years},
        fte={year: fraction * fte.get(year, ZERO) for year in years},
        harm=harm,
        description=measure.description,
    )


def _natural(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdecimal() else (1 << 30, text)


def empty_scenario(catalog: Catalog, name: str, all_measures: bool = False) -> Scenario:
    """A scenario that names every candidate and selects none, with the catalog's own targets."""
    return Scenario(
        name=name,
        catalog_title=catalog.title,
        selection={m.code: ZERO for m in candidates(catalog, all_measures)},
        targets=default_targets(catalog),
        all_measures=all_measures,
    )


def scenario_from_package(
    problem: Problem,
    selection: Mapping[str, Decimal],
    name: str,
    risk: Mapping[str, Uncertainty] | None = None,
    description: str = "",
) -> Scenario:
    """The scenario of a package the optimizer found: every candidate named (0 when out), the
    problem's targets, constraints, harm scores and divisible measures, and ``risk``."""
    request = problem.request
    return Scenario(
        name=name,
        catalog_title=problem.catalog.title,
        selection={code: selection.get(code, ZERO) for code in problem.codes},
        targets=dict(problem.targets),
        constraints=request.constraints,
        harm=dict(request.harm),
        divisible=request.divisible,
        all_measures=request.all_measures,
        risk=dict(risk or {}),
        objective=request.objective,
        description=description,
    )
