"""Scenarios side by side: the same figures for each, and which measures each selects.

:func:`compare` lines up evaluations of scenarios over one catalog: per year the total, the
target, the gap, the staff change and the positions lost; the number of measures, the harm and
the over-delivery; the totals per theme and year; and a row per measure with its share in each
scenario. Rendering (a table, JSON) is the caller's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from omprio.decide.errors import DecideError
from omprio.decide.scenario import Evaluation
from omprio.money import ZERO

METRICS = ("total", "target", "gap", "fte", "lost", "count", "harm", "gap_total", "theme")
"""The rows' metrics, in order: per year ``total`` ... ``lost``; overall ``count``, ``harm``,
``gap_total`` (the gap, total - target, summed over the years: positive short); per theme and
year ``theme``."""


@dataclass(frozen=True, slots=True)
class Row:
    """One figure for every scenario (``None`` where a scenario has no such year)."""

    metric: str
    year: int | None
    group: str | None
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class Comparison:
    """Evaluations side by side."""

    names: tuple[str, ...]
    years: tuple[int, ...]
    rows: tuple[Row, ...]
    measures: tuple[tuple[str, str, tuple[Decimal, ...]], ...]
    reached: tuple[bool, ...]


def compare(evaluations: Sequence[Evaluation], order: Sequence[str] = ()) -> Comparison:
    """The comparison of two or more evaluations; ``order`` lists codes in catalog order."""
    if len(evaluations) < 2:
        raise DecideError("compare-two")
    years = tuple(sorted({year for e in evaluations for year in e.years}))
    rows: list[Row] = []
    for metric, pick in (
        ("total", "totals"),
        ("target", "targets"),
        ("gap", "gap"),
        ("fte", "fte"),
        ("lost", "positions_lost"),
    ):
        for year in years:
            values = tuple(getattr(e, pick).get(year) for e in evaluations)
            rows.append(Row(metric, year, None, values))
    rows.append(Row("count", None, None, tuple(Decimal(e.count) for e in evaluations)))
    rows.append(Row("harm", None, None, tuple(e.harm for e in evaluations)))
    rows.append(Row("gap_total", None, None, tuple(e.gap_total for e in evaluations)))
    themes = sorted({t for e in evaluations for t in e.by_theme}, key=_natural)
    for theme in themes:
        for year in years:
            values = tuple(
                e.by_theme.get(theme, {}).get(year, ZERO) if year in e.years else None
                for e in evaluations
            )
            rows.append(Row("theme", year, theme, values))
    titles: dict[str, str] = {}
    for e in evaluations:
        for item in e.selected:
            titles.setdefault(item.code, item.title)
    rank = {code: i for i, code in enumerate(order)}
    codes = sorted(titles, key=lambda code: (rank.get(code, len(rank)), code))
    shares = [{item.code: item.fraction for item in e.selected} for e in evaluations]
    measures = tuple(
        (code, titles[code], tuple(share.get(code, ZERO) for share in shares)) for code in codes
    )
    return Comparison(
        names=tuple(e.scenario.name for e in evaluations),
        years=years,
        rows=tuple(rows),
        measures=measures,
        reached=tuple(e.reached for e in evaluations),
    )


def _natural(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdecimal() else (1 << 30, text)
