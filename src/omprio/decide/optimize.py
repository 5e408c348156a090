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

from omprio.decide import highs
from omprio.decide.diagnose import Diagnosis, diagnose
from omprio.decide.formulation import Formulation, formulate
from omprio.decide.highs import IntArray, MilpAnswer
from omprio.decide.package import Package, make_package
from omprio.decide.problem import Problem

Status = Literal["optimal", "feasible", "infeasible", "unknown"]


@dataclass(frozen=True, slots=True)
class Options:
    """How hard to search: time limit (seconds, per solve), gap tolerance, alternatives."""

    time_limit: float = 60.0
    mip_rel_gap: float = 0.0
    alternatives: int = 0
    prune: bool = True
    diagnose: bool = True


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
    """The package with the least objective that reaches ``problem``'s targets (module doc)."""
    options = options or Options()
    started = time.perf_counter()
    form = formulate(problem, problem.objective)
    answer = highs.solve(form.model, options.time_limit, options.mip_rel_gap)
    if answer.status == "infeasible":
        diagnosis = diagnose(problem, options.time_limit) if options.diagnose else None
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
            _bound(form, answer),
            (),
            None,
            time.perf_counter() - started,
            answer.nodes,
            f"no package found within the time limit ({answer.message})",
        )
    x = prune(form, answer.x) if options.prune else answer.x
    package = _package(form, x)
    gap = _gap(form, answer, x)
    status: Status = "optimal" if gap == 0.0 else "feasible"
    alternatives = _alternatives(form, x, options) if options.alternatives > 0 else ()
    return Outcome(
        status,
        problem,
        package,
        gap,
        _bound(form, answer),
        alternatives,
        None,
        time.perf_counter() - started,
        answer.nodes,
        answer.message,
    )


def _package(form: Formulation, x: IntArray) -> Package:
    package = make_package(form.problem, form.fractions(x))
    broken = form.problem.violations(package.selection)
    if broken:  # the integer model and the exact Decimal check disagree: a bug, never an answer
        raise RuntimeError(f"internal error: the package found breaks {broken[0]}")
    return package


def _gap(form: Formulation, answer: MilpAnswer, x: IntArray) -> float:
    """The relative gap of the package's objective to the proven lower bound (0: optimal)."""
    if answer.status == "optimal":
        return 0.0
    value = form.model.value(x)
    if answer.bound is None:
        return float("inf")
    # The objective is an integer: a bound above value - 1 proves the value optimal.
    if value - answer.bound < 1 - 1e-6:
        return 0.0
    return (value - answer.bound) / max(abs(value), 1)


def _bound(form: Formulation, answer: MilpAnswer) -> Decimal | None:
    if answer.bound is None:
        return None
    return (Decimal(repr(answer.bound)) / form.denominator).quantize(Decimal("0.001"))


def prune(form: Formulation, x: IntArray) -> IntArray:
    """Drop measures that are not needed: removal keeps every row and does not raise the
    objective. Largest saving first; repeated until nothing more can go."""
    model = form.model
    problem = form.problem
    x = x.copy()
    values = model.rows @ x if model.rows.size else np.zeros(0, dtype=np.int64)
    low = np.array([np.iinfo(np.int64).min if b is None else b for b in model.row_lower])
    high = np.array([np.iinfo(np.int64).max if b is None else b for b in model.row_upper])
    savings = problem.net.sum(axis=1)
    changed = True
    while changed:
        changed = False
        chosen = [i for i in range(problem.size) if x[i] > 0 and model.lower[i] == 0]
        chosen.sort(key=lambda i: (int(savings[i]) * int(x[i]) // int(form.steps[i]), i))
        for i in chosen:
            columns = [i] if form.used_column[i] == i else [i, form.used_column[i]]
            if any(model.lower[c] > 0 for c in columns):
                continue
            change = sum(int(model.cost[c]) * int(x[c]) for c in columns)
            if change < 0:
                continue  # the measure lowers the objective (it costs money): keep it
            after = values - sum(model.rows[:, c] * x[c] for c in columns)
            if np.all(after >= low) and np.all(after <= high):
                values = after
                for c in columns:
                    x[c] = 0
                changed = True
    return x


def _alternatives(form: Formulation, best: IntArray, options: Options) -> tuple[Alternative, ...]:
    problem = form.problem
    cuts: list[tuple[int, ...]] = [form.used(best)]
    found: list[Alternative] = []
    while len(found) < options.alternatives:
        cut_form = formulate(problem, problem.objective, cuts)
        answer = highs.solve(cut_form.model, options.time_limit, options.mip_rel_gap)
        if answer.x is None:
            break
        x = prune(cut_form, answer.x) if options.prune else answer.x
        used = cut_form.used(x)
        if not used:
            break
        cuts.append(used)
        found.append(Alternative(_package(cut_form, x), _gap(cut_form, answer, x) == 0.0))
    return tuple(found)
