"""How sure the savings are: Monte Carlo of a package's realized totals per year.

Each measure may carry an :class:`Uncertainty`: the probability that it is realized at all
(``probability``; otherwise it saves nothing), and how much of its net it then realizes, a
triangular distribution ``low``/``likely``/``high`` as fractions of the net (``1``/``1``/``1``:
exactly the net). A measure's draw applies to all its years alike (a measure that fails, fails
in every year). Measures without uncertainty are exact.

:func:`simulate` draws ``draws`` realizations (seeded, so the same seed gives the same figures)
and reports per year the probability that the total reaches the target and the P10/P50/P90 of
the shortfall (``max(0, total - target)``, in the catalog's unit). The certain part of the total
is exact (Decimal); only the uncertain part is simulated, vectorized with numpy in chunks that
fit in the processor's cache:

* a measure with only a probability draws a 32-bit integer ``U`` and is realized when
  ``U < floor(p·2**32)`` (exact to 2**-32);
* a measure with only a range draws two 16-bit uniforms and takes
  ``c·max(U1, U2) + (1-c)·min(U1, U2)``, which is triangular with mode ``c`` (Stein & Keblis'
  MinMax method); being linear in ``U1 + U2`` and ``max(U1, U2)`` it is summed by two matrix
  products without forming the draws;
* a measure with both draws both; the 0/1 draw multiplies the uniforms before the products.

The uncertain part is summed in float32 (exact for whole amounts while partial sums stay below
2**24 units). With no uncertainty at all every draw equals the deterministic total exactly.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
import numpy.typing as npt

from omprio.decide.exact import digits, scaled
from omprio.model import Measure
from omprio.money import ZERO, total

FloatArray = npt.NDArray[np.float64]
ONE = Decimal(1)
_CACHE_ELEMENTS = 200_000
"""Draws × uncertain measures per chunk: small enough for the cache (and for one BLAS thread)."""
_SIXTEEN = 65536.0


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """How sure one measure's saving is (see the module doc)."""

    probability: Decimal = ONE
    low: Decimal = ONE
    likely: Decimal = ONE
    high: Decimal = ONE

    def __post_init__(self) -> None:
        if not ZERO <= self.probability <= ONE:
            raise ValueError("a probability is between 0 and 1")
        if not ZERO <= self.low <= self.likely <= self.high:
            raise ValueError("low <= likely <= high, all at least 0")

    @property
    def certain(self) -> bool:
        """Realized for sure, at a fixed fraction of the net."""
        return self.probability == ONE and self.low == self.high

    @property
    def mean(self) -> Decimal:
        """The expected fraction of the net realized."""
        return self.probability * (self.low + self.likely + self.high) / 3


CERTAIN = Uncertainty()


@dataclass(frozen=True, slots=True)
class YearRisk:
    """One year's figures: probability of reaching the target, shortfall quantiles, mean."""

    target: Decimal
    probability: float
    p10: Decimal
    p50: Decimal
    p90: Decimal
    mean_total: Decimal


@dataclass(frozen=True)
class RiskReport:
    """What :func:`simulate` found; ``totals`` holds every draw's totals (draws × years)."""

    draws: int
    seed: int
    years: dict[int, YearRisk]
    all_years: float
    seconds: float
    totals: FloatArray = field(repr=False)
    unit_digits: int = 0


def simulate(
    measures: Sequence[Measure],
    fractions: Sequence[Decimal],
    targets: Mapping[int, Decimal],
    risk: Mapping[str, Uncertainty],
    draws: int = 10_000,
    seed: int = 0,
) -> RiskReport:
    """Monte Carlo of the package ``fractions`` × ``measures`` against ``targets``."""
    if draws < 1:
        raise ValueError("at least one draw")
    started = time.perf_counter()
    years = tuple(targets)
    chosen = [(m, f) for m, f in zip(measures, fractions, strict=True) if f]
    amounts = [[f * m.net.get(year, ZERO) for year in years] for m, f in chosen]
    kinds = [risk.get(m.code, CERTAIN) for m, _ in chosen]
    places = digits([*(a for row in amounts for a in row), *targets.values()])

    certain = [
        total(kind.low * row[j] for kind, row in zip(kinds, amounts, strict=True) if kind.certain)
        for j in range(len(years))
    ]
    uncertain = [i for i, kind in enumerate(kinds) if not kind.certain]
    # The triangular part's lower end is certain too: a measure with a range but no probability
    # realizes low·net for sure, plus (high-low)·net·T.
    for i in uncertain:
        if kinds[i].probability == ONE:
            for j in range(len(years)):
                certain[j] += kinds[i].low * amounts[i][j]
    base = np.array([float(value) for value in certain], dtype=np.float64)
    random_part = (
        _draw(
            [kinds[i] for i in uncertain],
            np.array(
                [[scaled(a, places) for a in amounts[i]] for i in uncertain], dtype=np.float64
            ).reshape(len(uncertain), len(years)),
            draws,
            seed,
        )
        / 10**places
        if uncertain
        else np.zeros((draws, len(years)), dtype=np.float64)
    )

    report: dict[int, YearRisk] = {}
    reached_all = np.ones(draws, dtype=np.bool_)
    quantum = Decimal(1).scaleb(-places)
    for j, year in enumerate(years):
        target = targets[year]
        exact_margin = target - certain[j]  # reached when the random part <= this
        if uncertain:
            reached = random_part[:, j] <= float(exact_margin)
            short = np.maximum(random_part[:, j] - float(exact_margin), 0.0)
            p10, p50, p90 = (
                Decimal(repr(float(q))).quantize(quantum, rounding=ROUND_HALF_EVEN)
                for q in np.percentile(short, [10, 50, 90])
            )
            mean = Decimal(repr(float(random_part[:, j].mean()))).quantize(quantum) + certain[j]
        else:
            hit = certain[j] <= target
            reached = np.full(draws, hit, dtype=np.bool_)
            shortfall = max(ZERO, certain[j] - target)
            p10 = p50 = p90 = shortfall
            mean = certain[j]
        reached_all &= reached
        report[year] = YearRisk(target, float(reached.mean()), p10, p50, p90, mean)
    totals = random_part + base
    return RiskReport(
        draws,
        seed,
        report,
        float(reached_all.mean()),
        time.perf_counter() - started,
        totals,
        places,
    )


def _draw(kinds: list[Uncertainty], amounts: FloatArray, draws: int, seed: int) -> FloatArray:
    """The uncertain part of every draw's totals (draws × years), in scaled units, excluding
    the certain ``low·net`` of measures with a range and no probability."""
    rng = np.random.default_rng(seed)
    years = amounts.shape[1]
    bern = [i for i, k in enumerate(kinds) if k.low == k.high]  # probability only
    tri = [i for i, k in enumerate(kinds) if k.low < k.high and k.probability == ONE]
    both = [i for i, k in enumerate(kinds) if k.low < k.high and k.probability < ONE]

    # Probability only: factor = low (a constant) when realized.
    bern_weights = (
        (amounts[bern] * np.array([[float(kinds[i].low)] for i in bern])).astype(np.float32)
        if bern
        else np.zeros((0, years), dtype=np.float32)
    )
    bern_threshold = (
        np.array([int(kinds[i].probability * (1 << 32)) for i in bern], dtype=np.uint64).astype(
            np.uint32
        )
        if bern
        else np.zeros(0, dtype=np.uint32)
    )
    # Range only: (high-low)·net·T with T = (1-c)(u1+u2) + (2c-1)max(u1, u2).
    if tri:
        span = np.array([[float(kinds[i].high - kinds[i].low)] for i in tri])
        mode = np.array([[float(_mode(kinds[i]))] for i in tri])
        scaled_span = amounts[tri] * span / _SIXTEEN
        tri_sum = (scaled_span * (1 - mode)).astype(np.float32)
        tri_max = (scaled_span * (2 * mode - 1)).astype(np.float32)
        tri_const = (scaled_span * 0.5).sum(axis=0)  # the half-steps of the 16-bit uniforms
    # Both: realized·(low + (high-low)·T); with the 0/1 draw B folded into the uniforms:
    # B·T = ((1-c)·B(u1+u2+1) + (2c-1)·B(max+0.5)) / 65536.
    if both:
        both_span = (
            amounts[both]
            * np.array([[float(kinds[i].high - kinds[i].low)] for i in both])
            / _SIXTEEN
        )
        both_c = np.array([[float(_mode(kinds[i]))] for i in both])
        both_low = amounts[both] * np.array([[float(kinds[i].low)] for i in both])
        both_hit = (both_low + both_span * 0.5).astype(np.float32)
        both_sum = (both_span * (1 - both_c)).astype(np.float32)
        both_max = (both_span * (2 * both_c - 1)).astype(np.float32)
        both_threshold = np.array(
            [int(kinds[i].probability * (1 << 32)) for i in both], dtype=np.uint64
        ).astype(np.uint32)

    widest = max(len(bern), 2 * len(tri), 3 * len(both), 1)
    chunk = max(16, min(draws, _CACHE_ELEMENTS // widest))
    out = np.zeros((draws, years), dtype=np.float64)
    for start in range(0, draws, chunk):
        size = min(chunk, draws - start)
        part = np.zeros((size, years), dtype=np.float32)
        if bern:
            hits = rng.integers(0, 1 << 32, (size, len(bern)), dtype=np.uint32) < bern_threshold
            part += hits.astype(np.float32) @ bern_weights
        if tri:
            u1 = rng.integers(0, 1 << 16, (size, len(tri)), dtype=np.uint16)
            u2 = rng.integers(0, 1 << 16, (size, len(tri)), dtype=np.uint16)
            part += np.add(u1, u2, dtype=np.float32) @ tri_sum
            part += np.maximum(u1, u2).astype(np.float32) @ tri_max
        if both:
            u1 = rng.integers(0, 1 << 16, (size, len(both)), dtype=np.uint16)
            u2 = rng.integers(0, 1 << 16, (size, len(both)), dtype=np.uint16)
            realized = (
                rng.integers(0, 1 << 32, (size, len(both)), dtype=np.uint32) < both_threshold
            ).astype(np.float32)
            pair = np.add(u1, u2, dtype=np.float32)
            pair *= realized
            high = np.maximum(u1, u2).astype(np.float32)
            high *= realized
            part += realized @ both_hit
            part += pair @ both_sum
            part += high @ both_max
        out[start : start + size] = part
    if tri:
        out += tri_const
    return out


def _mode(kind: Uncertainty) -> Decimal:
    """Where the mode lies between low (0) and high (1)."""
    return (kind.likely - kind.low) / (kind.high - kind.low)
