"""The reference answer: every subset of the candidates, evaluated at once with numpy.

:func:`enumerate_all` builds the figures of all ``2**n`` packages by doubling (the packages of
the first ``k+1`` candidates are those of the first ``k`` and the same with candidate ``k``
added), so bit ``k`` of a package's index says whether candidate ``k`` is in it. Every figure is
an exact integer (amounts and limits scaled by their common number of decimals); the constraints
are applied as masks and the objective is minimized with ``argmin``. It implements the
definitions of :mod:`omprio.decide.problem` on its own, without the integer program, and is what
the tests hold the optimizer to. For 18 candidates (the reference catalog) it takes a few tens of
milliseconds; it refuses more than :data:`LIMIT` candidates and divisible measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from omprio.decide.exact import ceil_scaled, digits, floor_scaled
from omprio.decide.highs import IntArray
from omprio.decide.problem import Problem
from omprio.money import ZERO, total

LIMIT = 22


@dataclass(frozen=True)
class Enumerated:
    """The best package by exhaustion, or the least shortfall when none reaches the target."""

    subsets: int
    feasible: bool
    objective: Decimal | None
    best: tuple[str, ...]
    optimal_count: int
    least_shortfall: Decimal | None
    """Without a feasible package: the least total shortfall (sum over years) any package that
    respects the constraints has; ``None`` if no package respects them."""


def enumerate_all(problem: Problem) -> Enumerated:
    """Evaluate every subset of ``problem``'s candidates (see the module doc)."""
    n = problem.size
    if n > LIMIT:
        raise ValueError(f"{n} candidates: enumeration is limited to {LIMIT}")
    if problem.any_divisible:
        raise ValueError("enumeration covers whole measures only, not divisible ones")
    years = problem.years
    constraints = problem.constraints
    caps = [g.cap.savings for g in problem.groups if g.cap.savings is not None]
    amount_places = max(
        problem.amount_digits, digits(problem.required.values()), digits(problem.targets.values())
    )
    amount_places = max(amount_places, digits(caps))
    fte_cut = constraints.max_fte_cut
    fte_places = max(problem.fte_digits, digits([fte_cut] if fte_cut is not None else []))

    columns: list[IntArray] = []
    net = problem.net * 10 ** (amount_places - problem.amount_digits)
    loss = problem.loss * 10 ** (fte_places - problem.fte_digits)
    columns += [net[:, j] for j in range(len(years))]
    columns += [loss[:, j] for j in range(len(years))]
    columns.append(problem.harm_int)
    for group in problem.groups:
        member = np.zeros(n, dtype=np.int64)
        member[list(group.members)] = 1
        columns += [net[:, j] * member for j in range(len(years))]
        columns.append(member)
    data = np.stack(columns, axis=1) if n else np.zeros((0, len(columns)), dtype=np.int64)
    sums = _all_sums(data)
    index = np.arange(1 << n, dtype=np.int64)
    bits = (index[:, None] >> np.arange(n, dtype=np.int64)) & 1
    count = bits.sum(axis=1)

    y = len(years)
    net_sums = sums[:, :y]
    loss_sums = sums[:, y : 2 * y]
    harm_sums = sums[:, 2 * y]
    ok = np.ones(1 << n, dtype=np.bool_)
    forced_in = _mask(problem.forced_in)
    forced_out = _mask(problem.forced_out)
    ok &= (index & forced_in) == forced_in
    ok &= (index & forced_out) == 0
    position = 2 * y + 1
    for group in problem.groups:
        group_sums = sums[:, position : position + y]
        used = sums[:, position + y]
        position += y + 1
        if group.cap.savings is not None:
            ok &= np.all(group_sums >= ceil_scaled(group.cap.savings, amount_places), axis=1)
        if group.cap.measures is not None:
            ok &= used <= group.cap.measures
    if fte_cut is not None:
        ok &= np.all(loss_sums <= floor_scaled(fte_cut, fte_places), axis=1)

    required = np.array([_exact(problem.required[year], amount_places) for year in years])
    reaches = ok & np.all(net_sums <= required, axis=1)
    if not reaches.any():
        least: Decimal | None = None
        if ok.any():
            short = np.maximum(net_sums[ok] - required, 0).sum(axis=1)
            least = Decimal(int(short.min())).scaleb(-amount_places)
        return Enumerated(1 << n, False, None, (), 0, least)

    objective = problem.objective
    if objective == "fte":
        score = loss_sums.sum(axis=1)
    elif objective == "count":
        score = count
    elif objective == "harm":
        score = harm_sums
    else:
        score = -net_sums.sum(axis=1)
    candidates = np.where(reaches, score, np.iinfo(np.int64).max)
    best_index = int(np.argmin(candidates))
    best_score = int(candidates[best_index])
    optimal_count = int((candidates == best_score).sum())
    if objective == "fte":
        value = Decimal(best_score).scaleb(-fte_places)
    elif objective == "count":
        value = Decimal(best_score)
    elif objective == "harm":
        value = Decimal(best_score).scaleb(-problem.harm_digits)
    else:
        value = total(problem.targets[year] for year in years) + Decimal(best_score).scaleb(
            -amount_places
        )
    best = tuple(problem.codes[k] for k in range(n) if best_index >> k & 1)
    return Enumerated(1 << n, True, value + ZERO, best, optimal_count, None)


def _all_sums(data: IntArray) -> IntArray:
    """Row ``s`` is the sum of the rows of ``data`` whose bits are set in ``s``."""
    sums = np.zeros((1, data.shape[1]), dtype=np.int64)
    for row in data:
        sums = np.concatenate([sums, sums + row])
    return sums


def _mask(flags: object) -> int:
    assert isinstance(flags, np.ndarray)
    return sum(1 << int(k) for k in np.flatnonzero(flags))


def _exact(value: Decimal, places: int) -> int:
    scaled = value.scaleb(places)
    assert scaled == scaled.to_integral_value()  # places covers every decimal of the values
    return int(scaled)
