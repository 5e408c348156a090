"""Why no package reaches the target: by how much the best one falls short, and what binds.

When the optimizer finds the problem infeasible, :func:`diagnose` answers three questions:

1. How close can one get? The package with the least total shortfall (sum over the years of how
   much each year's total misses the required amount) under all constraints, and its shortfall
   per year.
2. Which constraint binds? Each constraint group (must include, must exclude, each cap, the FTE
   cap, the safety margin) is dropped in turn; those whose removal alone makes the target
   reachable are reported.
3. Does the catalog hold enough at all? With every constraint and margin dropped, can any package
   reach the target? If not, the catalog simply does not hold enough savings, and the least
   shortfall without constraints says by how much; if choosing among all the catalog's measures
   (not only the target section's) would reach it, that is said too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from omprio.decide import highs
from omprio.decide.clock import Clock
from omprio.decide.constraints import Constraints
from omprio.decide.formulation import formulate
from omprio.decide.package import Package, make_package
from omprio.decide.problem import Problem
from omprio.money import ZERO


@dataclass(frozen=True)
class Diagnosis:
    """The answer of :func:`diagnose` (see the module doc)."""

    best: Package | None
    best_proven: bool
    shortfall: dict[int, Decimal]
    binding: tuple[str, ...]
    catalog_short: dict[int, Decimal] | None
    all_measures_would_reach: bool

    @property
    def together(self) -> bool:
        """No single constraint group binds, but dropping them all would make it reachable."""
        return not self.binding and self.catalog_short is None


def diagnose(problem: Problem, time_limit: float | Clock = 60.0) -> Diagnosis:
    """The diagnosis of an infeasible problem (see the module doc). ``time_limit`` is seconds
    per solve, or a :class:`~omprio.decide.clock.Clock` that also bounds the total (then
    :class:`~omprio.decide.clock.OutOfTime` is raised when it runs out)."""
    clock = time_limit if isinstance(time_limit, Clock) else Clock(time_limit)
    best, proven = least_shortfall(problem, clock)
    shortfall = _shortfall(problem, best) if best is not None else {}
    groups = problem.constraints.groups()
    if problem.required != problem.targets:
        groups.append("margin")
    binding = tuple(g for g in groups if _reachable(_relaxed(problem, g), clock))
    free = problem.with_request(constraints=Constraints(), margin=ZERO, extra={})
    catalog_short: dict[int, Decimal] | None = None
    all_measures = False
    if not _reachable(free, clock):
        unconstrained, _ = least_shortfall(free, clock)
        catalog_short = _shortfall(free, unconstrained) if unconstrained is not None else {}
        if not problem.request.all_measures:
            wider = free.with_request(all_measures=True)
            all_measures = wider.size > free.size and _reachable(wider, clock)
    return Diagnosis(best, proven, shortfall, binding, catalog_short, all_measures)


def least_shortfall(problem: Problem, time_limit: float | Clock) -> tuple[Package | None, bool]:
    """The package with the least total shortfall under the constraints, and whether proven."""
    clock = time_limit if isinstance(time_limit, Clock) else Clock(time_limit)
    form = formulate(problem, "shortfall")
    answer = highs.solve(form.model, clock.limit())
    if answer.x is None:
        return None, False
    return make_package(problem, form.fractions(answer.x)), answer.status == "optimal"


def _shortfall(problem: Problem, package: Package) -> dict[int, Decimal]:
    return {
        year: max(ZERO, package.totals[year] - problem.required[year]) for year in problem.years
    }


def _relaxed(problem: Problem, group: str) -> Problem:
    if group == "margin":
        return problem.with_request(margin=ZERO, extra={})
    return problem.with_request(constraints=problem.constraints.without(group))


def _reachable(problem: Problem, clock: Clock) -> bool:
    answer = highs.solve(formulate(problem, "none").model, clock.limit())
    return answer.status in ("optimal", "feasible")
