"""What a follow-up says will not be realized, per year: the amounts to carry over into a budget
round (as a new requirement) or into a catalog's target (as a correction).

A measure-year falls short when its forecast is above its plan (``deviation > 0``: less is saved
than planned); the shortfall is the deviation. A measure whose status in a year is
``not_realizable`` and that has no forecast there falls short by its whole plan (a saving,
negative, not realized: the shortfall is ``-plan``). The amount carried is the shortfall as a
saving to find elsewhere: ``-shortfall`` (negative, in the catalog's unit). Exact ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from omprio.followup.figures import Figures, MeasureFigures
from omprio.money import ZERO


@dataclass(frozen=True, slots=True)
class Shortfall:
    """One measure's shortfall per year (positive amounts: the saving not realized)."""

    code: str
    title: str
    amounts: dict[int, Decimal]


def measure_shortfall(measure: MeasureFigures, years: Iterable[int]) -> dict[int, Decimal]:
    """The measure's shortfall in each of ``years`` where it has one (see the module doc)."""
    found: dict[int, Decimal] = {}
    for year in years:
        plan = measure.plan.get(year, ZERO)
        if year in measure.forecast:
            short = measure.forecast[year] - plan
        elif measure.statuses.get(year, measure.status) == "not_realizable":
            short = -plan
        else:
            continue
        if short > 0:
            found[year] = short
    return found


def shortfalls(shown: Figures, codes: Iterable[str] = ()) -> tuple[Shortfall, ...]:
    """The measures of ``shown`` (those of ``codes``, or all) that fall short in some year."""
    wanted = set(codes)
    found = []
    for measure in shown.measures:
        if wanted and measure.code not in wanted:
            continue
        amounts = measure_shortfall(measure, shown.years)
        if amounts:
            found.append(Shortfall(measure.code, measure.title, amounts))
    return tuple(found)


def carried(found: Iterable[Shortfall], years: Iterable[int]) -> dict[int, Decimal]:
    """The amount to carry in each of ``years``: minus the shortfalls (a saving to find)."""
    items = list(found)
    return {year: -sum((s.amounts.get(year, ZERO) for s in items), ZERO) for year in years}
