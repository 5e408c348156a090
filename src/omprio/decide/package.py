"""A package of measures with its exact figures: totals, staff changes, objective, gap to target.

Every figure is computed from the catalog's Decimals (never from the solver's numbers), so a
package reports exactly what the catalog says its measures do.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from omprio.decide.errors import Reason
from omprio.decide.problem import Problem, Selection
from omprio.money import total


@dataclass(frozen=True, slots=True)
class Package:
    """A selection of candidates (code -> fraction, in candidate order) and its figures."""

    selection: dict[str, Decimal]
    objective: Decimal
    totals: dict[int, Decimal]
    fte: dict[int, Decimal]
    positions_lost: dict[int, Decimal]
    gap: dict[int, Decimal]
    """Per year: total - target, the one sign convention of omprio (docs/glossary.md): positive
    is short of the target (mangler), negative is more than the target (overopfylder)."""

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.selection)

    @property
    def shortfall(self) -> dict[int, Decimal]:
        """Per year: how much the total misses the target by (0 when reached)."""
        return {year: max(Decimal(0), value) for year, value in self.gap.items()}


def make_package(problem: Problem, selection: Selection) -> Package:
    """The exact figures of a selection over ``problem``'s candidates.

    Each figure is summed once over the selected measures (the objective reuses them: positions
    lost for ``fte``, the totals for ``amount``)."""
    ordered = {
        code: selection[code] for code in problem.codes if selection.get(code, Decimal(0)) > 0
    }
    totals = problem.totals(ordered)
    lost = problem.positions_lost(ordered)
    objective = problem.objective
    if objective == "fte":
        value = total(lost.values())
    elif objective == "amount":
        value = total(problem.targets[year] - totals[year] for year in problem.years)
    else:
        value = problem.objective_value(ordered)
    return Package(
        selection=ordered,
        objective=value,
        totals=totals,
        fte=problem.fte_change(ordered),
        positions_lost=lost,
        gap={year: totals[year] - problem.targets[year] for year in problem.years},
    )


def unreached(problem: Problem, package: Package) -> list[Reason]:
    """What a package breaks (as :meth:`Problem.violations`), from its already exact totals."""
    missed = [
        Reason(
            "misses",
            {"year": year, "total": package.totals[year], "required": problem.required[year]},
        )
        for year in problem.years
        if package.totals[year] > problem.required[year]
    ]
    return missed + problem.broken(package.selection)
