"""A lower bound on the over-delivery (the ``amount`` objective) from residues.

The over-delivery is ``sum_j (T_j - s_j)`` over the target years, where ``s_j`` is the
package's total in year ``j`` (an integer, scaled) and ``s_j <= U_j`` (the required amount).
The LP relaxation of this multi-year subset sum lands on the targets exactly, so HiGHS's bound
stays near 0. But the totals cannot take every value: on the generated catalogs about 90 % of
the amounts are multiples of 5 and the rest leave only 25 of the 625 combinations of the four
years' totals modulo 5 reachable. :func:`bound` computes, for a few moduli ``m``, every vector
``(s_j mod m)_j`` some package reaches (a dynamic program over ``Z_m^K``, one boolean array,
each distinct residue vector of a measure applied as a shift), and from it the least
``sum_j r_j`` with ``r_j >= T_j - U_j`` and ``r_j ≡ T_j - s_j (mod m)``. Every package's
over-delivery is at least that; the best modulus gives the bound. It ignores every other row
(caps, cuts), so it is a relaxation: never above the optimum.

On the generated catalogs (``bench/decide.py``) it is 1, 2 and 4 for 100, 1,000 and 5,000
candidates: a package 2 above the targets is then proven optimal at 1,000 candidates. It takes
a few milliseconds (moduli 2..10: at most 10**4 states for four years).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from omprio.decide.highs import IntArray

MODULI = (2, 3, 4, 5, 7, 8, 9, 10)
"""The moduli tried (each must keep ``m ** years`` states small)."""
MAX_STATES = 100_000


def bound(
    keys: IntArray,
    targets: Sequence[int],
    required: Sequence[int],
    lower: IntArray,
    upper: IntArray,
    moduli: Sequence[int] = MODULI,
) -> int:
    """A lower bound on ``sum_j (targets_j - keys_j·x)`` over 0/1 points ``x`` with
    ``lower <= x <= upper`` and ``keys_j·x <= required_j`` (module doc). 0 when the columns are
    not all 0/1 or no modulus helps."""
    years = keys.shape[0]
    trivial = max(0, sum(t - u for t, u in zip(targets, required, strict=True)))
    if years == 0 or np.any(lower < 0) or np.any(upper > 1):
        return trivial
    fixed = keys[:, lower == 1].sum(axis=1)
    free = keys[:, (lower == 0) & (upper == 1)]
    t = np.asarray(targets, dtype=np.int64)
    least = t - np.asarray(required, dtype=np.int64)  # r_j >= T_j - U_j
    best = trivial
    for m in moduli:
        if m**years > MAX_STATES:
            continue
        reach = np.zeros((m,) * years, dtype=bool)
        reach[tuple((fixed % m).tolist())] = True
        counts = Counter(map(tuple, (free % m).T.tolist()))
        axes = tuple(range(years))
        for shift, count in counts.items():
            if not any(shift):
                continue
            for _ in range(min(count, m - 1)):
                grown = reach | np.roll(reach, shift, axis=axes)
                if np.array_equal(grown, reach):
                    break
                reach = grown
            if reach.all():
                break
        if reach.all():
            continue
        residues = np.argwhere(reach)  # (s_j mod m) of every reachable class
        r = least + (t - residues - least) % m
        best = max(best, int(r.sum(axis=1).min()))
    return best
