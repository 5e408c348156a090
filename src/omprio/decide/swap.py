"""Local search by swaps: improve a package the solver could not prove optimal in time.

For the ``amount`` objective (the smallest over-delivery) the LP relaxation always lands on the
targets exactly, so HiGHS's bound stays near 0 and prunes nothing; on a large catalog its
incumbent after a few seconds is still some hundred t.kr. above the targets. :func:`improve`
polishes such a package: it repeatedly makes the best of these moves,

* *drop* a measure of the package, or
* *swap* a measure of the package for one outside it,

keeping a move only if every row of the integer model still holds (exact integer arithmetic)
and the objective falls strictly, until no move improves, ``steps`` moves were made or the
``deadline`` (a :func:`time.perf_counter` instant) has passed. All ``|in| × (|out| + 1)`` moves
are evaluated at once with numpy: first the objective change (only improving moves stay), then
row by row the change of the row's value against the room left to its bounds, the candidate
moves shrinking with every row (the target rows come first and leave few). One step on a
1,000-measure catalog takes a few milliseconds.

It works on any model whose columns are all 0/1 (no divisible measures) and any objective, and
never returns a point that breaks a row: the result is a feasible point at least as good as the
one given. It is a heuristic; optimality is still only what HiGHS proves.

:func:`exchange` goes further for the over-delivery (``amount``): it moves up to two measures
out and up to two in. With ``r_j`` the room below year ``j``'s required amount and
``R = sum r_j``, a move that does not worsen has ``-(R - r_j) <= d_j <= r_j`` for the change
``d`` of the yearly totals: a box of side ``R``. Meet in the middle: the sums of all pairs,
singles and nothing outside the package are hashed by their cells of side ``R`` (sorted); for
each pair inside, at most 16 look-ups give every candidate, then checked exactly (box,
objective, every row). Inside pairs are scanned in random chunks; the best improving move of
the first chunk with one is made, else a random level move that does not undo the last one
(at most ``patience`` steps without a gain). Above ``limit`` measures a side, a random sample.
"""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt

from omprio.decide.highs import IntArray, IntegerModel

_LOWEST = np.iinfo(np.int64).min // 4
_HIGHEST = np.iinfo(np.int64).max // 4


def improve(model: IntegerModel, x: IntArray, deadline: float, steps: int = 10_000) -> IntArray:
    """A point at least as good as ``x`` (which must satisfy ``model``), by drops and swaps
    (module doc). ``x`` is returned unchanged for a model with a column that is not 0/1."""
    if not model.check(x) or np.any(model.lower < 0) or np.any(model.upper > 1):
        return x
    x = x.copy()
    rows = model.rows
    cost = model.cost
    low = np.array([_LOWEST if b is None else b for b in model.row_lower], dtype=np.int64)
    high = np.array([_HIGHEST if b is None else b for b in model.row_upper], dtype=np.int64)
    values = rows @ x if rows.size else np.zeros(0, dtype=np.int64)
    for _ in range(steps):
        if time.perf_counter() >= deadline:
            break
        inside = np.flatnonzero((x == 1) & (model.lower == 0))
        if not inside.size:
            break
        # The last "outside" column is no column at all: the move is a drop.
        outside = np.flatnonzero((x == 0) & (model.upper == 1))
        cost_in = np.append(cost[outside], 0)
        change = cost_in[None, :] - cost[inside][:, None]
        leave, enter = np.nonzero(change < 0)
        for r in range(rows.shape[0]):
            if not leave.size:
                break
            entering = np.append(rows[r, outside], 0)
            after = values[r] - rows[r, inside[leave]] + entering[enter]
            keep = (after >= low[r]) & (after <= high[r])
            leave, enter = leave[keep], enter[keep]
        if not leave.size:
            break
        best = int(np.argmin(change[leave, enter]))
        i = int(inside[leave[best]])
        x[i] = 0
        values -= rows[:, i]
        if enter[best] < outside.size:
            k = int(outside[enter[best]])
            x[k] = 1
            values += rows[:, k]
    assert model.check(x)  # every move kept every row: a failure here is a bug
    return x


_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
    dtype=np.uint64,
)
"""Odd multipliers that mix the (up to four) cell numbers into one 64-bit hash (wrapping)."""


def exchange(
    model: IntegerModel,
    x: IntArray,
    deadline: float,
    keys: IntArray,
    required: IntArray,
    floor: int,
    limit: int = 700,
    chunk: int = 8192,
    seed: int = 0,
    patience: int = 40,
) -> IntArray:
    """A point at least as good as ``x`` (which must satisfy ``model``) by exchanges of up to
    two measures for up to two (module doc). ``keys`` (years × columns) are the yearly totals
    with ``model.cost == -keys.sum(axis=0)``, ``required`` their upper bounds; the search stops
    at ``floor`` (a proven lower bound), at the ``deadline``, when no move improves or keeps
    the objective, or after ``patience`` steps without a gain. Every move is checked exactly
    against every row, so a wrong ``keys`` only makes the search find less."""
    years = keys.shape[0]
    if (
        not model.check(x)
        or np.any(model.lower < 0)
        or np.any(model.upper > 1)
        or not 0 < years <= _MIX.size
    ):
        return x
    rng = np.random.default_rng(seed)
    best = x
    x = x.copy()
    rows = np.hstack([model.rows, np.zeros((model.rows.shape[0], 1), dtype=np.int64)])
    cost = np.append(model.cost, 0)
    padded = np.hstack([keys, np.zeros((years, 1), dtype=np.int64)])  # column -1: no measure
    mix = _MIX[:years]
    offsets = [
        np.uint64(sum(int(mix[j]) for j in range(years) if v >> j & 1) % 2**64)
        for v in range(1 << years)
    ]
    weights = np.array([1 << j for j in range(years)], dtype=np.int64)
    low = np.array([_LOWEST if b is None else b for b in model.row_lower], dtype=np.int64)
    high = np.array([_HIGHEST if b is None else b for b in model.row_upper], dtype=np.int64)
    values = model.rows @ x if model.rows.size else np.zeros(0, dtype=np.int64)
    last: set[int] = set()
    idle = 0
    longest = 0.0  # the longest step so far: no step is begun that would end past the deadline
    began: float | None = None
    while idle < patience:
        now = time.perf_counter()
        if began is not None:
            longest = max(longest, now - began)
        if now + longest >= deadline:
            break
        began = now
        gap = model.value(x) - floor
        if gap <= 0:
            break
        idle += 1
        room = required - keys @ x
        top = room
        bottom = -(int(room.sum()) - room)  # sum d >= 0: improving or level moves
        side = int((top - bottom).max()) + 1
        inside = np.flatnonzero((x == 1) & (model.lower == 0))
        outside = np.flatnonzero((x == 0) & (model.upper == 1))
        out_p, out_q = _pairs(inside, rng, limit)
        in_p, in_q = _pairs(outside, rng, limit)
        entering = (padded[:, in_p] + padded[:, in_q]).T
        hashes = _hash(np.floor_divide(entering, side), mix)
        order = np.argsort(hashes)
        hashes = hashes[order]
        level: tuple[IntArray, IntArray] | None = None
        move: tuple[int, int] | None = None
        scan = rng.permutation(out_p.size)
        for start in range(0, scan.size, chunk):
            if time.perf_counter() >= deadline:
                break
            part = scan[start : start + chunk]
            leaving = (padded[:, out_p[part]] + padded[:, out_q[part]]).T
            base = np.floor_divide(leaving + bottom, side)
            straddle = (np.floor_divide(leaving + top, side) - base) @ weights
            first = _hash(base, mix)
            a_parts: list[IntArray] = []
            b_parts: list[IntArray] = []
            for v, offset in enumerate(offsets):
                sel = np.flatnonzero((v & ~straddle) == 0)
                if not sel.size:
                    continue
                wanted = first[sel] + offset
                left = np.searchsorted(hashes, wanted, "left")
                count = np.searchsorted(hashes, wanted, "right") - left
                hit = count > 0
                sel, left, count = sel[hit], left[hit], count[hit]
                total = int(count.sum())
                if not total:
                    continue
                a = np.repeat(sel, count)
                b = order[np.arange(total) + np.repeat(left - (np.cumsum(count) - count), count)]
                d = entering[b] - leaving[a]
                keep = np.all((d >= bottom) & (d <= top), axis=1)
                a_parts.append(part[a[keep]])
                b_parts.append(b[keep])
            if not a_parts:
                continue
            a, b = np.concatenate(a_parts), np.concatenate(b_parts)
            change = cost[in_p[b]] + cost[in_q[b]] - cost[out_p[a]] - cost[out_q[a]]
            keep = (change <= 0) & (change >= -gap)
            a, b, change = a[keep], b[keep], change[keep]
            for r in range(rows.shape[0]):
                if not a.size:
                    break
                row = rows[r]
                after = values[r] + row[in_p[b]] + row[in_q[b]] - row[out_p[a]] - row[out_q[a]]
                keep = (after >= low[r]) & (after <= high[r])
                a, b, change = a[keep], b[keep], change[keep]
            if not a.size:
                continue
            if change.min() < 0:
                k = int(np.argmin(change))
                move = (int(a[k]), int(b[k]))
                break
            if level is None:  # level moves that do not undo the last move
                fresh = np.array(
                    [
                        not ({int(out_p[i]), int(out_q[i]), int(in_p[j]), int(in_q[j])} & last)
                        for i, j in zip(a[:64].tolist(), b[:64].tolist(), strict=True)
                    ],
                    dtype=bool,
                )
                if fresh.any():
                    level = (a[:64][fresh], b[:64][fresh])
        if move is None and level is not None:
            k = int(rng.integers(level[0].size))
            move = (int(level[0][k]), int(level[1][k]))
        if move is None:
            if inside.size > limit or outside.size > limit:
                continue  # another sample may hold one
            break
        a_k, b_k = move
        gone = [int(i) for i in (out_p[a_k], out_q[a_k]) if i >= 0]
        come = [int(i) for i in (in_p[b_k], in_q[b_k]) if i >= 0]
        for i in gone:
            x[i] = 0
            values -= model.rows[:, i]
        for i in come:
            x[i] = 1
            values += model.rows[:, i]
        last = set(gone) | set(come)
        if model.value(x) < model.value(best):
            best = x.copy()
            idle = 0
    assert model.check(best)  # every move kept every row: a failure here is a bug
    return best


def _pairs(columns: IntArray, rng: np.random.Generator, limit: int) -> tuple[IntArray, IntArray]:
    """Nothing, every single column and every pair of ``columns`` (a random ``limit`` of them
    when there are more), as two index arrays; -1 stands for no column."""
    if columns.size > limit:
        columns = np.sort(rng.choice(columns, limit, replace=False))
    k = columns.size
    i, j = np.triu_indices(k, 1)
    none = np.full(k + 1, -1, dtype=np.int64)
    return (
        np.concatenate((none[:1], columns, columns[i])),
        np.concatenate((none, columns[j])),
    )


def _hash(cells: IntArray, mix: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    hashed: npt.NDArray[np.uint64] = (cells.astype(np.uint64) * mix).sum(axis=1, dtype=np.uint64)
    return hashed
