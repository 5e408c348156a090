"""Optimize with a required probability of reaching the target (a chance constraint).

Exact chance-constrained optimization is hard; this is the practical iteration:

1. optimize with the target (and any safety margin);
2. simulate the package (:func:`omprio.decide.risk.simulate`, the same seed every time, so
   the draws are common to all steps);
3. if in every year the probability of reaching the *target* is at least the one required,
   stop; otherwise demand, in each year that falls short, extra saving equal to the shortfall
   the simulation exceeds with the complementary probability (the ``p``-quantile of the
   shortfall, at least one unit), and go to 1.

The extra saving only grows, so the packages save more and more until the probability is met or
the tightened target can no longer be reached. Every step is reported. The package found is
optimal for its tightened target, not proven optimal for the probability itself.

``Options.total_time_limit`` bounds the whole iteration, not each step: every solve gets what
remains of it (:class:`~omprio.decide.clock.Clock`), and when it runs out before the
probability is met the answer is ``unknown`` without a package (``out_of_time`` True).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal

import numpy as np

from omprio.decide.clock import Clock
from omprio.decide.optimize import Options, Outcome, optimize
from omprio.decide.problem import Problem
from omprio.decide.risk import RiskReport, Uncertainty, simulate
from omprio.money import ZERO

MAX_STEPS = 25


@dataclass(frozen=True, slots=True)
class ChanceStep:
    """One step: the extra saving demanded per year and the probabilities it gave."""

    extra: dict[int, Decimal]
    codes: tuple[str, ...]
    probability: dict[int, float]
    all_years: float


@dataclass(frozen=True)
class ChanceOutcome:
    """The final optimization, its simulation, the steps, and whether the probability is met."""

    outcome: Outcome
    risk: RiskReport | None
    steps: tuple[ChanceStep, ...]
    probability: float
    met: bool
    out_of_time: bool = False


def optimize_with_probability(
    problem: Problem,
    risk: Mapping[str, Uncertainty],
    probability: float,
    options: Options | None = None,
    draws: int = 10_000,
    seed: int = 0,
) -> ChanceOutcome:
    """Iterate optimize → simulate → tighten until each year reaches its target with at least
    ``probability`` (see the module doc)."""
    options = options or Options()
    clock = Clock.start(options.time_limit, options.total_time_limit)
    quiet = replace(options, alternatives=0, diagnose=False)
    unit = Decimal(1).scaleb(-problem.amount_digits)
    extra: dict[int, Decimal] = dict.fromkeys(problem.years, ZERO)
    steps: list[ChanceStep] = []
    last_met: tuple[Outcome, RiskReport] | None = None
    outcome: Outcome | None = None
    out_of_time = False
    current = problem
    for _ in range(MAX_STEPS):
        if outcome is not None and not clock.left():
            out_of_time = True
            break
        current = problem.with_request(extra=dict(extra))
        outcome = optimize(current, _within(quiet, clock))
        if not outcome.reached or outcome.package is None:
            break
        report = simulate(
            current.measures,
            current.fractions(outcome.package.selection),
            problem.targets,
            risk,
            draws,
            seed,
        )
        chances = {year: report.years[year].probability for year in problem.years}
        steps.append(ChanceStep(dict(extra), outcome.package.codes, chances, report.all_years))
        if all(value >= probability for value in chances.values()):
            last_met = (outcome, report)
            break
        for j, year in enumerate(problem.years):
            if chances[year] >= probability:
                continue
            short = np.maximum(report.totals[:, j] - float(problem.targets[year]), 0.0)
            needed = Decimal(repr(float(np.quantile(short, probability))))
            step = max(unit, needed.quantize(unit, rounding=ROUND_CEILING))
            # At least one unit more than this package saves, so the next one must differ.
            beyond = problem.targets[year] - outcome.package.totals[year] + unit
            extra[year] = max(extra[year] + step, beyond)
    assert outcome is not None  # the first step always runs
    if last_met is not None:
        final, report = last_met
        if options.alternatives and clock.left():
            final = optimize(current, _within(options, clock))
        return ChanceOutcome(final, report, tuple(steps), probability, True)
    if out_of_time or not clock.left():
        # The total time ran out (in the last step's solve or between steps): no package
        # meets the requirement as far as is known, so none is given.
        final = replace(
            outcome,
            status="unknown",
            package=None,
            alternatives=(),
            diagnosis=None,
            message=f"the total time limit ran out before the probability {probability} "
            "was reached",
        )
        return ChanceOutcome(final, None, tuple(steps), probability, False, out_of_time=True)
    # Not met: the tightened target cannot be reached (diagnosed), or the steps ran out. Either
    # way no package meets the requirement, so none is given as the answer.
    final = optimize(current, _within(options, clock))
    last_report = None
    if final.package is not None:
        last_report = simulate(
            current.measures,
            current.fractions(final.package.selection),
            problem.targets,
            risk,
            draws,
            seed,
        )
        final = replace(
            final,
            status="infeasible",
            package=None,
            alternatives=(),
            message=f"the probability {probability} was not reached in {MAX_STEPS} steps",
        )
    return ChanceOutcome(final, last_report, tuple(steps), probability, False)


def _within(options: Options, clock: Clock) -> Options:
    """``options`` with what remains of the total time as the solve's own total."""
    remaining = clock.remaining()
    if remaining is None:
        return options
    return replace(options, total_time_limit=max(remaining, 0.0))
