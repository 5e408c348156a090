"""A follow-up's figures: per adopted measure and year the plan, realized, forecast and
deviation, and the totals per year against the target.

Signs: savings are negative amounts, as in the catalog. ``deviation = forecast - plan``: a
positive deviation is a saving smaller than planned (it falls short), a negative one a saving
larger than planned. A measure-year without a forecast counts at its plan in the totals'
``forecast`` (and so adds nothing to their ``deviation``); its own ``forecast`` and
``deviation`` stay empty. Dropped or postponed measures are shown only when the follow-up has
figures for them (their plan is zero).

A measure's ``status`` is its status in the follow-up's own year (the year of its date), else in
the latest year it has figures for, else ``pending``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from omprio.followup.model import Agreement, Entry
from omprio.money import ZERO


@dataclass(frozen=True, slots=True)
class MeasureFigures:
    """One measure in a follow-up (see the module doc)."""

    code: str
    title: str
    decision: str
    plan: dict[int, Decimal]
    realized: dict[int, Decimal]
    forecast: dict[int, Decimal]
    deviation: dict[int, Decimal]
    status: str
    statuses: dict[int, str]
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class YearTotals:
    """The totals of one year: plan, realized, forecast (the plan where no forecast is given),
    deviation (forecast - plan) and the catalog's target (None when it states none)."""

    plan: Decimal
    realized: Decimal
    forecast: Decimal
    deviation: Decimal
    target: Decimal | None


@dataclass(frozen=True, slots=True)
class Figures:
    """A follow-up's figures: its date (None: no follow-up yet, the plan alone), revision and
    whether it is closed, the measures and the totals per year of the agreement's years."""

    as_of: date | None
    revision: int
    closed: bool
    years: tuple[int, ...]
    measures: tuple[MeasureFigures, ...]
    totals: dict[int, YearTotals]


def _status(entries: list[Entry], as_of: date | None) -> str:
    if not entries:
        return "pending"
    if as_of is not None:
        own = [e for e in entries if e.year == as_of.year]
        if own:
            return own[-1].status
    return max(entries, key=lambda e: e.year).status


def figures(
    agreement: Agreement,
    entries: Iterable[Entry],
    as_of: date | None,
    target: Mapping[int, Decimal],
    *,
    revision: int = 0,
    closed: bool = False,
) -> Figures:
    """The figures of a follow-up of ``agreement`` (see the module doc)."""
    by_code: dict[str, list[Entry]] = {}
    for entry in entries:
        by_code.setdefault(entry.code, []).append(entry)
    years = agreement.years
    shown: list[MeasureFigures] = []
    for outcome in agreement.measures:
        own = sorted(by_code.get(outcome.code, []), key=lambda e: e.year)
        if not outcome.in_plan and not own:
            continue
        realized = {e.year: e.realized for e in own if e.realized is not None}
        forecast = {e.year: e.forecast for e in own if e.forecast is not None}
        plan = {y: outcome.plan.get(y, ZERO) for y in years}
        shown.append(MeasureFigures(
            outcome.code, outcome.title, outcome.decision, plan, realized, forecast,
            {y: v - plan.get(y, ZERO) for y, v in forecast.items()},
            _status(own, as_of), {e.year: e.status for e in own}, tuple(own)))
    totals: dict[int, YearTotals] = {}
    for year in years:
        plan_total = sum((m.plan.get(year, ZERO) for m in shown), ZERO)
        realized_total = sum((m.realized.get(year, ZERO) for m in shown), ZERO)
        forecast_total = sum(
            (m.forecast.get(year, m.plan.get(year, ZERO)) for m in shown), ZERO)
        totals[year] = YearTotals(plan_total, realized_total, forecast_total,
                                  forecast_total - plan_total, target.get(year))
    return Figures(as_of, revision, closed, years, tuple(shown), totals)


@dataclass(frozen=True, slots=True)
class Compared:
    """One measure from proposal to agreement: per year the proposed and the agreed amounts
    (zero where the measure is not in that side), the difference (agreed - proposed), and the
    proposed and agreed staff changes (as stated)."""

    code: str
    title: str
    decision: str
    proposed: dict[int, Decimal]
    agreed: dict[int, Decimal]
    difference: dict[int, Decimal]
    proposed_fte: dict[int, Decimal] = field(default_factory=dict)
    agreed_fte: dict[int, Decimal] = field(default_factory=dict)


def comparison(agreement: Agreement) -> tuple[tuple[Compared, ...], dict[int, Compared]]:
    """Proposal → agreement per measure and year, and the totals per year (a :class:`Compared`
    per year whose mappings hold only that year)."""
    rows = []
    for m in agreement.measures:
        proposed = {y: m.proposed.get(y, ZERO) for y in agreement.years}
        agreed = {y: m.plan.get(y, ZERO) if m.in_plan else ZERO for y in agreement.years}
        rows.append(Compared(m.code, m.title, m.decision, proposed, agreed,
                             {y: agreed[y] - proposed[y] for y in agreement.years},
                             dict(m.proposed_fte), dict(m.plan_fte) if m.in_plan else {}))
    totals = {}
    for year in agreement.years:
        proposed_total = sum((r.proposed[year] for r in rows), ZERO)
        agreed_total = sum((r.agreed[year] for r in rows), ZERO)
        totals[year] = Compared("", "", "", {year: proposed_total}, {year: agreed_total},
                                {year: agreed_total - proposed_total})
    return tuple(rows), totals
