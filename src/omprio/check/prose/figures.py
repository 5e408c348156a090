"""The figures of a measure's table that a sentence may describe, as magnitudes.

Prose states savings as positive amounts ('der kan spares 1,275 mio. kr.') where the table has
negative ones (``-1.275``), so every figure here is a magnitude. A :class:`Figure` is one value
of one row in one year, or a row's sum over the period (``year`` ``None``); ``what`` names the
row: a line's label in quotes, or one of the words ``net`` (the net change), ``gross`` (the
gross reduction: the negative lines), ``difference`` (gross reduction less the net).
:func:`level_figures` are what an amount can state, :func:`difference_figures` what 'x lavere'
can. :func:`unit_scale` is the size in kroner of the catalog's unit (:func:`scale_of` of any
unit).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from omprio.model import Catalog, Line, Measure
from omprio.money import ZERO, Amounts, total

_SCALES = (("mia", Decimal(10) ** 9), ("mio", Decimal(10) ** 6), ("1.000", Decimal(1000)),
           ("1000", Decimal(1000)), ("t.kr", Decimal(1000)), ("tkr", Decimal(1000)))


def unit_scale(catalog: Catalog) -> Decimal | None:
    """Kroner per unit of the catalog's tables (1.000 for ``1.000 kr.``), ``None`` if unknown."""
    return scale_of(catalog.unit)


def scale_of(unit: str) -> Decimal | None:
    """Kroner per ``unit`` (1.000 for ``1.000 kr.``, 10⁶ for ``mio. kr.``), ``None`` if
    unknown."""
    unit = unit.lower().replace(" ", "")
    for mark, scale in _SCALES:
        if mark in unit:
            return scale
    return Decimal(1) if unit.startswith("kr") else None


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure of the table: a magnitude, the row it is of, the year (``None``: the sum),
    and the figure as the table writes it (``signed``)."""

    value: Decimal
    what: str
    year: int | None
    signed: Decimal
    every_year: bool = False

    @property
    def when(self) -> str:
        """The word for when the figure holds: ``in_year``, ``every_year`` or ``in_total``."""
        if self.year is None:
            return "in_total"
        return "every_year" if self.every_year else "in_year"


def _row(what: str, amounts: Amounts, years: Iterable[int], with_total: bool) -> list[Figure]:
    signed = {year: amounts[year] for year in years if year in amounts}
    if not signed or not any(signed.values()):
        return []
    constant = len(set(signed.values())) == 1
    figures = [Figure(abs(value), what, year, value, constant) for year, value in signed.items()]
    if constant:
        figures = figures[:1]
    if with_total and len(signed) > 1:
        summed = total(signed.values())
        figures.append(Figure(abs(summed), what, None, summed))
    return figures


def _named(line: Line) -> str:
    return f"'{line.label}'"


def _sums(lines: Iterable[Line], years: Iterable[int], negative: bool) -> dict[int, Decimal]:
    rows = list(lines)
    return {
        year: total(
            line.amounts[year] for line in rows
            if year in line.amounts and (line.amounts[year] < ZERO) == negative
        )
        for year in years
    }


def level_figures(measure: Measure, years: tuple[int, ...], with_totals: bool = True
                  ) -> list[Figure]:
    """Every figure an amount in the measure's prose may state: the net, the gross reduction,
    each line and adjustment, each year and (``with_totals``) summed over the period."""
    years = measure.years or years
    figures = [*_row("net", measure.net, years, with_totals)]
    gross = _sums(measure.lines, years, negative=True)
    if any(gross.get(year) != measure.net.get(year) for year in years):
        figures.extend(_row("gross", gross, years, with_totals))
    for line in (*measure.lines, *measure.adjustments):
        figures.extend(_row(_named(line), line.amounts, years, with_totals))
    return _unique(figures)


def difference_figures(measure: Measure, years: tuple[int, ...]) -> list[Figure]:
    """Every figure 'x lower/higher' in the prose may state: the gross reduction less the net,
    each line that adds to the net (a positive line) and each adjustment."""
    years = measure.years or years
    gross = _sums(measure.lines, years, negative=True)
    difference = {year: abs(gross[year]) - abs(measure.net[year])
                  for year in years if year in measure.net and gross.get(year)}
    figures = _row("difference", difference, years, with_total=False)
    for line in measure.lines:
        if any(value > ZERO for value in line.amounts.values()):
            figures.extend(_row(_named(line), line.amounts, years, with_total=False))
    for line in measure.adjustments:
        figures.extend(_row(_named(line), line.amounts, years, with_total=False))
    return _unique(figures)


def rows(measure: Measure, years: tuple[int, ...]) -> list[tuple[str, Amounts]]:
    """The rows a list of amounts by year may follow: each line and each adjustment, the net,
    the gross reduction (when it differs from the net); a named line first, as the telling
    name when rows have the same figures."""
    years = measure.years or years
    found: list[tuple[str, Amounts]] = [
        (_named(line), line.amounts) for line in (*measure.lines, *measure.adjustments)]
    found.append(("net", measure.net))
    gross = _sums(measure.lines, years, negative=True)
    if any(gross.get(year) != measure.net.get(year) for year in years):
        found.append(("gross", gross))
    return found


def staff_figures(measure: Measure, years: tuple[int, ...]) -> list[Figure]:
    """The staff row's figures (full-time positions), each year."""
    return _row("staff", measure.fte, measure.years or years, with_total=False)


def year_figures(measure: Measure, year: int) -> set[Decimal]:
    """Every magnitude of the table in ``year``: each row, the net, the gross reduction and
    the sums of the lines (what a statement for that year may state)."""
    rows = [*measure.lines, *measure.adjustments]
    amounts = [row.amounts[year] for row in rows if year in row.amounts]
    figures = {abs(a) for a in amounts}
    if year in measure.net:
        figures.add(abs(measure.net[year]))
    figures.add(abs(total(a for a in amounts if a < ZERO)))
    figures.add(abs(total(a for a in amounts if a > ZERO)))
    figures.add(abs(total(amounts)))
    return figures


def size(measure: Measure, years: tuple[int, ...]) -> Decimal:
    """The table's gross size over the period: every row's magnitudes summed (context beyond
    1,25 times this is not the measure's own figure)."""
    rows = [*measure.lines, *measure.adjustments]
    return total(abs(row.amounts[year]) for row in rows for year in measure.years or years
                 if year in row.amounts)


def _unique(figures: list[Figure]) -> list[Figure]:
    seen: set[tuple[Decimal, str, int | None]] = set()
    result = []
    for figure in figures:
        key = (figure.value, figure.what, figure.year)
        if key not in seen:
            seen.add(key)
            result.append(figure)
    return result


def nearest(figures: Iterable[Figure], value: Decimal) -> Figure | None:
    """The figure closest to ``value`` (the first of equals)."""
    best: Figure | None = None
    for figure in figures:
        if best is None or abs(figure.value - value) < abs(best.value - value):
            best = figure
    return best
