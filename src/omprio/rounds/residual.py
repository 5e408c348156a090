"""The residual measure (rammebesparelse, like MSB-1): the frame cut omprio writes itself.

A frame-cut requirement's residual (a department's part less its designated proposals,
:attr:`~omprio.rounds.status.RequirementLine.residual`) is what the department must cut from its
frame. :func:`residual_measure` makes the catalog measure that says so: its net is the residual
in whole units of the round's unit, spread over the department's operating areas by a key
(share percent or base figures by area, like a round's keys) with the largest-remainder method
of :func:`omprio.rounds.allocate.split`, so that the areas' lines add up to the net every year;
one line when no areas are given. The staff changes are entered per year, or derived from an
average cost per full-time position (t.kr.): the residual ÷ the cost, rounded to the nearest
half position (half away from zero). With the seed's round, cost 606 gives MSB-1 exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from omprio.model import AreaBudget, Line, Measure, Source
from omprio.rounds.allocate import split, whole_units
from omprio.rounds.problems import RoundProblem
from omprio.rounds.status import RequirementLine


def residual_measure(
    status_line: RequirementLine, *, code: str, title: str, theme: str = "0A",
    areas: Mapping[str, Decimal] | None = None, fte: Mapping[int, Decimal] | None = None,
    cost_per_fte: Decimal | None = None, price_base: str | None = None,
    unit: str = "1.000 kr.", sector: str | None = "1.20 Drift", description: str = "",
    round_name: str = "",
) -> Measure:
    """The frame-cut measure of ``status_line`` (a department's line of a frame-cut
    requirement): ``net`` the residual per year, a line per operating area of ``areas``
    (area → share percent or base figure; the shares are the values' parts of their sum) or
    one line labelled ``title``, staff changes ``fte`` as given or the residual ÷
    ``cost_per_fte`` to the nearest half position. A RoundProblem when the line is no frame
    cut, both or bad staff figures are given, or the areas' values are negative or add up to
    nothing."""
    if not status_line.frame_cut:
        raise RoundProblem("not-frame-cut", name=status_line.name)
    if not code.strip():
        raise RoundProblem("bad-code")
    if fte is not None and cost_per_fte is not None:
        raise RoundProblem("fte-or-cost")
    years = tuple(sorted(status_line.parts))
    residual = status_line.residual
    net = {year: Decimal(whole_units(residual[year])) for year in years}
    source = Source(f"budgetrunde: {round_name}" if round_name else "budgetrunde")
    lines = _lines(net, areas or {}, title.strip() or code.strip(), source)
    period = f"{years[0]}-{years[-1]}" if years else ""
    level = f" ({price_base} i {unit})" if price_base else f" ({unit})"
    return Measure(
        code=code.strip(), theme=theme.strip(), title=title.strip(),
        description=description.strip(), lines=lines, adjustments=(), net=net,
        fte=_staff(net, years, fte, cost_per_fte), sector=sector,
        area_budget=AreaBudget(_spread_text(areas or {})) if areas else None,
        stated_savings_pct=None, notes=(), source=source,
        caption=f"Økonomiske konsekvenser og personaleændringer {period}{level}",
        periods=(period, period) if period else (), years=years, price_base=price_base,
        unit=unit, net_source=source, fte_source=source,
        fte_stated=fte is not None or cost_per_fte is not None)


def _lines(net: Mapping[int, Decimal], areas: Mapping[str, Decimal], label: str,
           source: Source) -> tuple[Line, ...]:
    if not areas:
        return (Line(label, dict(net), source),)
    for area, value in areas.items():
        if not area.strip():
            raise RoundProblem("bad-code")
        if value < 0:
            raise RoundProblem("bad-share", key="areas", share=value, department=area)
    whole = sum((Fraction(value) for value in areas.values()), Fraction(0))
    if whole == 0:
        raise RoundProblem("empty-key", key="areas")
    shares = {area: Fraction(value) / whole for area, value in areas.items()}
    amounts: dict[str, dict[int, Decimal]] = {area: {} for area in areas}
    for year, total in net.items():
        for area, part in split(total, shares).items():
            amounts[area][year] = Decimal(part.amount)
    return tuple(Line(area.strip(), amounts[area], source) for area in areas)


def _staff(net: Mapping[int, Decimal], years: tuple[int, ...],
           fte: Mapping[int, Decimal] | None, cost_per_fte: Decimal | None,
           ) -> dict[int, Decimal]:
    if fte is not None:
        for year in fte:
            if year not in net:
                period = f"{years[0]}-{years[-1]}" if years else ""
                raise RoundProblem("year-outside", year=year, period=period, name="fte")
        return {year: Decimal(fte.get(year, Decimal(0))) for year in years}
    if cost_per_fte is None:
        return {}
    if cost_per_fte <= 0:
        raise RoundProblem("bad-cost-per-fte", cost=cost_per_fte)
    return {year: nearest_half(Fraction(net[year]) / Fraction(cost_per_fte)) for year in years}


def nearest_half(value: Fraction) -> Decimal:
    """``value`` to the nearest half, half a half away from zero (−10,41 → −10,5)."""
    return Decimal(whole_units(value * 2)) / 2


def _spread_text(areas: Mapping[str, Decimal]) -> str:
    shown = ", ".join(f"{area} {value}" for area, value in areas.items())
    return f"Rammebesparelsen er fordelt på driftsområderne efter nøglen {shown}."
