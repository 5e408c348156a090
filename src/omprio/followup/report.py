"""A follow-up's report for the committee: its values, built once from the figures.

:func:`build_report` turns the :class:`~omprio.followup.figures.Figures` of a follow-up and the
adopted catalog into a :class:`Report`: per measure, per theme, per operating area and per year
the plan, realized, forecast and deviation (in the catalog's unit, exact ``Decimal``), the
deviation in per cent of the plan, the status counts, the measures at risk with their
explanations and, per year, the gap to the target after the forecast. The page, its JSON twin,
the PDF, the Word document and the workbook all show these values and compute nothing of their
own (the workbook repeats the arithmetic as formulas, which must give the same numbers).

Signs as in :mod:`omprio.followup.figures`: savings are negative, ``deviation = forecast -
plan`` (positive: less saved than planned). In a report row the ``forecast`` of a measure-year
without a forecast is its plan, as in the figures' totals, so the rows of a grouping add up to
the totals. ``percent = deviation / |plan| x 100`` (positive: the saving falls short by that
share), rounded to one decimal, ``None`` where the plan is zero. ``gap = forecast - target``
per year: positive is how much the forecast falls short of the target, negative how much it
passes it; ``None`` where the catalog states no target. The totals cover every measure of the
plan, the target only its section (as in the figures).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from omprio.followup.figures import Figures, MeasureFigures
from omprio.followup.model import NEEDS_EXPLANATION, STATUSES
from omprio.money import ZERO

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")


def percent_of(deviation: Decimal, plan: Decimal) -> Decimal | None:
    """``deviation / |plan| x 100`` to one decimal (half up), None when the plan is zero."""
    if plan == ZERO:
        return None
    return (deviation / abs(plan) * HUNDRED).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One row of a report: a measure, a theme, an operating area or the total, with its
    figures per year (every year of the report), the status counts of its measures (each
    measure counted once, by its status) and, for a measure, its theme and area."""

    key: str
    label: str
    plan: dict[int, Decimal]
    realized: dict[int, Decimal]
    forecast: dict[int, Decimal]
    deviation: dict[int, Decimal]
    percent: dict[int, Decimal | None]
    statuses: dict[str, int]
    theme: str = ""
    area: str = ""
    status: str = ""

    def total(self, what: str) -> Decimal:
        """The sum over the years of ``plan``, ``realized``, ``forecast`` or ``deviation``."""
        values: dict[int, Decimal] = getattr(self, what)
        return sum(values.values(), ZERO)

    @property
    def total_percent(self) -> Decimal | None:
        """The deviation of all years in per cent of the plan of all years."""
        return percent_of(self.total("deviation"), self.total("plan"))


@dataclass(frozen=True, slots=True)
class AtRisk:
    """A measure-year at risk or not realizable, with its explanation and deviation (None
    without a forecast)."""

    code: str
    title: str
    year: int
    status: str
    explanation: str
    responsible: str
    plan: Decimal
    forecast: Decimal | None
    deviation: Decimal | None


@dataclass(frozen=True, slots=True)
class Report:
    """The report of a follow-up (see the module doc)."""

    as_of: date | None
    revision: int
    closed: bool
    years: tuple[int, ...]
    unit: str
    measures: tuple[ReportRow, ...]
    themes: tuple[ReportRow, ...]
    areas: tuple[ReportRow, ...]
    totals: ReportRow
    target: dict[int, Decimal | None]
    gap: dict[int, Decimal | None]
    at_risk: tuple[AtRisk, ...]
    theme_titles: dict[str, str] = field(default_factory=dict)

    @property
    def gap_total(self) -> Decimal | None:
        """The gap over every year with a target (None when no year has one)."""
        gaps = [g for g in self.gap.values() if g is not None]
        return sum(gaps, ZERO) if gaps else None


def _measure_row(m: MeasureFigures, years: tuple[int, ...], theme: str, area: str) -> ReportRow:
    plan = {y: m.plan.get(y, ZERO) for y in years}
    forecast = {y: m.forecast.get(y, plan[y]) for y in years}
    deviation = {y: forecast[y] - plan[y] for y in years}
    return ReportRow(
        m.code, m.title, plan, {y: m.realized.get(y, ZERO) for y in years}, forecast,
        deviation, {y: percent_of(deviation[y], plan[y]) for y in years},
        {s: int(m.status == s) for s in STATUSES}, theme, area, m.status)


def _sum_row(key: str, label: str, rows: Iterable[ReportRow],
             years: tuple[int, ...]) -> ReportRow:
    members = list(rows)

    def summed(what: str) -> dict[int, Decimal]:
        return {y: sum((getattr(r, what)[y] for r in members), ZERO) for y in years}

    plan, deviation = summed("plan"), summed("deviation")
    return ReportRow(
        key, label, plan, summed("realized"), summed("forecast"), deviation,
        {y: percent_of(deviation[y], plan[y]) for y in years},
        {s: sum(r.statuses[s] for r in members) for s in STATUSES})


def _grouped(rows: tuple[ReportRow, ...], by: str, titles: Mapping[str, str],
             years: tuple[int, ...]) -> tuple[ReportRow, ...]:
    keys: list[str] = []
    for row in rows:
        value = getattr(row, by)
        if value not in keys:
            keys.append(value)
    return tuple(
        _sum_row(k, titles.get(k, k), (r for r in rows if getattr(r, by) == k), years)
        for k in sorted(keys))


def _at_risk(shown: Figures) -> tuple[AtRisk, ...]:
    found = []
    for m in shown.measures:
        for e in m.entries:
            if e.status in NEEDS_EXPLANATION:
                plan = m.plan.get(e.year, ZERO)
                found.append(AtRisk(
                    m.code, m.title, e.year, e.status, e.explanation, e.responsible, plan,
                    e.forecast, e.forecast - plan if e.forecast is not None else None))
    return tuple(sorted(found, key=lambda a: (a.year, a.code)))


def build_report(
    shown: Figures,
    themes: Mapping[str, str],
    *,
    theme_titles: Mapping[str, str] | None = None,
    areas: Mapping[str, str] | None = None,
    unit: str = "1.000 kr.",
) -> Report:
    """The report of the follow-up ``shown``: ``themes`` gives each measure code its theme
    (a code not in it is under the theme ``""``), ``areas`` its operating area (default: the
    code's prefix, ``BFF`` for ``BFF-3A``), ``theme_titles`` the themes' titles."""
    years = shown.years
    titles = dict(theme_titles or {})
    measures = tuple(
        _measure_row(m, years, themes.get(m.code, ""),
                     (areas or {}).get(m.code) or _area(m.code))
        for m in shown.measures)
    totals = _sum_row("", "", measures, years)
    target = {y: shown.totals[y].target if y in shown.totals else None for y in years}
    gap = {y: (totals.forecast[y] - t) if t is not None else None for y, t in target.items()}
    return Report(
        shown.as_of, shown.revision, shown.closed, years, unit, measures,
        _grouped(measures, "theme", titles, years), _grouped(measures, "area", {}, years),
        totals, target, gap, _at_risk(shown), titles)


def _area(code: str) -> str:
    head = code.split("-", 1)[0].strip().upper()
    return head if head.isalpha() else code
