"""The optimal package: reach the target in every year at the least cost, exactly, with HiGHS.

:func:`optimize` formulates the problem (:mod:`omprio.decide.formulation`), lets HiGHS find and
prove the optimum (``mip_rel_gap`` 0) within a time limit, checks the answer exactly, and returns
an :class:`Outcome`: ``optimal`` (proven), ``feasible`` (a package that reaches the target, with
the remaining relative gap when the time limit or a gap tolerance stopped the search),
``infeasible`` (no package can; with a :class:`~omprio.decide.diagnose.Diagnosis`) or ``unknown``
(the time limit struck before any package was found).

A package is *pruned* before it is returned: a measure whose removal keeps every requirement
and does not worsen the objective is dropped (largest saving first), so no measure in it is
superfluous, e.g. a measure without staff cuts added to a package that minimizes positions lost.
A package HiGHS found but could not prove optimal (time limit or gap tolerance) is first polished
by local search (:mod:`omprio.decide.swap`: drop a measure or swap one in for one out while every
row holds and the objective falls); HiGHS gets :data:`POLISH_SHARE` less of the time limit for it.
The next-best packages (``alternatives``) come from no-good cuts: each new package may not contain
all the measures of any package found before, so an alternative is never an earlier package with
measures added.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import numpy as np

from omprio.decide import highs, residue, swap
from omprio.decide.clock import Clock, OutOfTime
from omprio.decide.diagnose import Diagnosis, diagnose
from omprio.decide.formulation import Formulation, formulate
from omprio.decide.highs import IntArray, MilpAnswer
from omprio.decide.package import Package, make_package, unreached
from omprio.decide.problem import Problem

Status = Literal["optimal", "feasible", "infeasible", "unknown"]

POLISH_SHARE = 0.1
TAIL_SHARE = 0.05
"""Of the time limit, what the ``amount`` exchange search leaves for the steps after it."""
"""The share of the first solve's time limit kept back from HiGHS for :func:`swap.improve`,
which polishes a package HiGHS could not prove optimal (it stops early when no move helps)."""
EXCHANGE_SHARE = 0.3
"""For ``amount`` with all measures whole, from :data:`EXCHANGE_FROM` candidates: the share kept
back for :func:`swap.improve` and then :func:`swap.exchange` (up to two measures out, two in);
time it leaves is given back to HiGHS, started from the package found. On smaller catalogs
HiGHS's own search does better with the time."""
EXCHANGE_FROM = 500


@dataclass(frozen=True, slots=True)
class Options:
    """How hard to search: time limit (seconds, per solve), gap tolerance, alternatives.

    ``total_time_limit`` (seconds, or None for none) bounds the whole call: the first solve,
    the alternatives and the diagnosis of an infeasible target each get at most what remains of
    it (and at most ``time_limit``). When it runs out, fewer alternatives are listed and the
    diagnosis is left out (``diagnosis`` None) rather than given incomplete. A web view that
    must answer within a few seconds sets both."""

    time_limit: float = 60.0
    mip_rel_gap: float = 0.0
    alternatives: int = 0
    prune: bool = True
    diagnose: bool = True
    total_time_limit: float | None = None


@dataclass(frozen=True, slots=True)
class Alternative:
    """A next-best package and whether it is proven best among those not yet listed."""

    package: Package
    proven: bool


@dataclass(frozen=True)
class Outcome:
    """The answer of :func:`optimize` (see the module doc)."""

    status: Status
    problem: Problem
    package: Package | None
    gap: float | None
    bound: Decimal | None
    alternatives: tuple[Alternative, ...]
    diagnosis: Diagnosis | None
    seconds: float
    nodes: int
    message: str

    @property
    def reached(self) -> bool:
        """Whether a package that reaches the target in every year was found."""
        return self.status in ("optimal", "feasible")

    @property
    def proven(self) -> bool:
        return self.status == "optimal"


def optimize(problem: Problem, options: Options | None = None) -> Outcome:
    """The package with the least objective that reaches ``problem``'s targets (module doc).

    Safe to call from several threads at once: every call builds its own model and HiGHS
    instance and writes nothing to standard output (see :mod:`omprio.decide.highs`)."""
    options = options or Options()
    started = time.perf_counter()
    clock = Clock(options.time_limit, options.total_time_limit, started)
    form = formulate(problem, problem.objective)
    limit = clock.first()
    exchanging = (
        problem.objective == "amount"
        and not problem.any_divisible
        and problem.size >= EXCHANGE_FROM
    )
    share = EXCHANGE_SHARE if exchanging else POLISH_SHARE
    answer = highs.solve(form.model, limit * (1 - share), options.mip_rel_gap)
    if answer.status == "infeasible":
        diagnosis = None
        if options.diagnose and clock.left():
            try:
                diagnosis = diagnose(problem, clock)
            except OutOfTime:
                diagnosis = None
        return Outcome(
            "infeasible",
            problem,
            None,
            None,
            None,
            (),
            diagnosis,
            time.perf_counter() - started,
            answer.nodes,
            "no package reaches the target in every year under these constraints",
        )
    if answer.x is None:
        return Outcome(
            "unknown",
            problem,
            None,
            None,
            _bound(form, answer.bound),
            (),
            None,
            time.perf_counter() - started,
            answer.nodes,
            f"no package found within the time limit ({answer.message})",
        )
    x = answer.x
    bound = answer.bound
    if answer.status == "feasible":  # not proven optimal: polish it with the time kept back
        x = swap.improve(form.model, x, started + limit)
        if exchanging:
            keys, targets, required = form.year_sums()
            floor = residue.bound(keys, targets, required, form.model.lower, form.model.upper)
            bound = floor if bound is None else max(bound, float(floor))
            # Kept back for what follows (handing the model to HiGHS again, its overrun past a
            # time limit, pruning, the exact figures), so that the whole call keeps the limit.
            end = started + limit * (1 - TAIL_SHARE)
            if form.model.value(x) > floor + options.mip_rel_gap * form.model.value(x):
                x = swap.exchange(form.model, x, end, keys, np.array(required), floor)
            left = end - time.perf_counter()
            if form.model.value(x) > floor and left > 0.1:  # the search stopped early
                again = highs.solve(form.model, left, options.mip_rel_gap, start=x)
                if again.x is not None and form.model.value(again.x) < form.model.value(x):
                    x = again.x
                if again.bound is not None:
                    bound = max(bound, again.bound)
    x = prune(form, x) if options.prune else x
    package = _package(form, x)
    gap = _gap(form, answer, x, bound)
    status: Status = "optimal" if gap == 0.0 else "feasible"
    alternatives = _alternatives(form, x, options, clock) if options.alternatives > 0 else ()
    return Outcome(
        status,
        problem,
        package,
        gap,
        _bound(form, bound),
        alternatives,
        None,
        time.perf_counter() - started,
        answer.nodes,
        answer.message,
    )


def _package(form: Formulation, x: IntArray) -> Package:
    package = make_package(form.problem, form.fractions(x))
    broken = unreached(form.problem, package)
    if broken:  # the integer model and the exact Decimal check disagree: a bug, never an answer
        raise RuntimeError(f"internal error: the package found breaks {broken[0]}")
    return package


def _gap(form: Formulation, answer: MilpAnswer, x: IntArray, bound: float | None) -> float:
    """The relative gap of the package's objective to the proven lower ``bound`` (HiGHS's or
    a better one; 0: optimal)."""
    if answer.status == "optimal":
        return 0.0
    value = form.model.value(x)
    if bound is None:
        return float("inf")
    # The objective is an integer: a bound above value - 1 proves the value optimal.
    if value - bound < 1 - 1e-6:
        return 0.0
    return (value - bound) / max(abs(value), 1)


def _bound(form: Formulation, bound: float | None) -> Decimal | None:
    if bound is None:
        return None
    return (Decimal(repr(bound)) / form.denominator).quantize(Decimal("0.001"))


def prune(form: Formulation, x: IntArray) -> IntArray:
    """Drop measures that are not needed: removal keeps every row and does not raise the
    objective. Largest saving first; repeated until nothing more can go.

    Every measure's removal is tested at once (one matrix operation); the first removable one
    in the order goes, and the test is repeated, since dropping a measure that costs money can
    make another removable."""
    model = form.model
    problem = form.problem
    n = problem.size
    x = x.copy()
    rows = model.rows
    values = rows @ x if rows.size else np.zeros(0, dtype=np.int64)
    low = np.array([_LOWEST if b is None else b for b in model.row_lower], dtype=np.int64)
    high = np.array([_HIGHEST if b is None else b for b in model.row_upper], dtype=np.int64)
    used = np.asarray(form.used_column, dtype=np.int64)
    extra = np.flatnonzero(used != np.arange(n))
    fixed = (model.lower[:n] > 0) | (model.lower[used] > 0)
    savings = problem.net.sum(axis=1)
    while True:
        contribution = rows[:, :n] * x[:n]
        change = model.cost[:n] * x[:n]
        if extra.size:
            contribution[:, extra] += rows[:, used[extra]] * x[used[extra]]
            change[extra] += model.cost[used[extra]] * x[used[extra]]
        # A measure whose removal lowers the objective (it costs money) is kept.
        eligible = (x[:n] > 0) & ~fixed & (change >= 0)
        if not eligible.any():
            return x
        after = values[:, None] - contribution
        fits = np.all((after >= low[:, None]) & (after <= high[:, None]), axis=0)
        removable = np.flatnonzero(eligible & fits)
        if not removable.size:
            return x
        key = savings[removable] * x[removable] // form.steps[removable]
        i = int(removable[np.lexsort((removable, key))[0]])
        values = after[:, i]
        x[i] = 0
        x[used[i]] = 0


_LOWEST = np.iinfo(np.int64).min
_HIGHEST = np.iinfo(np.int64).max


def _alternatives(
    form: Formulation, best: IntArray, options: Options, clock: Clock
) -> tuple[Alternative, ...]:
    problem = form.problem
    cuts: list[tuple[int, ...]] = [form.used(best)]
    found: list[Alternative] = []
    while len(found) < options.alternatives:
        try:
            limit = clock.limit()
        except OutOfTime:
            break
        cut_form = formulate(problem, problem.objective, cuts)
        answer = highs.solve(cut_form.model, limit, options.mip_rel_gap)
        if answer.x is None:
            break
        x = prune(cut_form, answer.x) if options.prune else answer.x
        used = cut_form.used(x)
        if not used:
            break
        cuts.append(used)
        proven = _gap(cut_form, answer, x, answer.bound) == 0.0
        found.append(Alternative(_package(cut_form, x), proven))
    return tuple(found)
