"""A :class:`~omprio.decide.problem.Problem` as an integer program for HiGHS.

Columns: one integer ``v`` per candidate, ``0..1`` or for a divisible measure ``0..100`` (whole
percent), and for each divisible measure a 0/1 ``u`` that says whether it is used at all
(``u <= v <= 100·u``). With any divisible candidate every amount is multiplied by ``W = 100`` so
that ``v`` of an indivisible measure counts ``100`` and of a divisible one ``1`` per percent; the
rows stay integer. Rows:

* per target year: ``sum W/steps·net·v <= floor(W·required)`` (scaled by the amount decimals);
* per capped group and year: ``sum W/steps·net·v >= ceil(W·cap)``; per capped group: the number
  of measures used ``<= cap``;
* per year with an FTE cap: ``sum W/steps·lost·v <= floor(W·cap)``;
* per no-good cut (a package ``P`` found earlier): ``sum of used(P) <= |P| - 1``, which shuts out
  ``P`` and every package that contains it.

Each row is divided by the greatest common divisor of its coefficients (and its bounds rounded
inwards), which keeps the numbers small without changing the integer points. The objective's
costs are integers too; :attr:`Formulation.denominator` turns its value into the objective's unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import numpy as np

from omprio.decide.exact import ceil_scaled, floor_scaled
from omprio.decide.highs import IntArray, IntegerModel
from omprio.decide.problem import STEPS, Problem

Goal = Literal["fte", "count", "harm", "amount", "shortfall", "none"]
"""What to minimize: an objective of the problem, the total shortfall (``shortfall``: the
targets become soft, see :func:`formulate`), or nothing (``none``: is there any package?)."""


@dataclass(frozen=True)
class Formulation:
    """The integer program of a problem, and how to read a solution back."""

    problem: Problem
    goal: Goal
    model: IntegerModel
    weight: int
    steps: IntArray
    used_column: tuple[int, ...]
    slack_columns: tuple[int, ...]
    denominator: int

    def fractions(self, x: IntArray) -> dict[str, Decimal]:
        """The package of a solution: code -> fraction for every candidate used."""
        chosen: dict[str, Decimal] = {}
        for i, code in enumerate(self.problem.codes):
            value = int(x[i])
            if value:
                chosen[code] = Decimal(value) / Decimal(int(self.steps[i]))
        return chosen

    def year_sums(self) -> tuple[IntArray, list[int], list[int]]:
        """The yearly totals as rows over the columns (years × columns, scaled like the
        objective, before any division by a common divisor), the targets and the required
        amounts: for ``goal='amount'`` the objective is ``sum(targets) - sum(rows @ x)``."""
        problem = self.problem
        per_unit = self.weight // self.steps
        keys = np.zeros((len(problem.years), self.model.cost.size), dtype=np.int64)
        keys[:, : problem.size] = (problem.net * per_unit[:, None]).T
        digits = problem.amount_digits
        targets = [floor_scaled(problem.targets[y] * self.weight, digits) for y in problem.years]
        required = [floor_scaled(problem.required[y] * self.weight, digits) for y in problem.years]
        return keys, targets, required

    def used(self, x: IntArray) -> tuple[int, ...]:
        """The indices of the candidates a solution uses."""
        return tuple(i for i in range(self.problem.size) if x[self.used_column[i]] > 0)


def formulate(problem: Problem, goal: Goal, cuts: Sequence[Sequence[int]] = ()) -> Formulation:
    """The integer program of ``problem`` minimizing ``goal``, with no-good ``cuts`` (each a
    tuple of candidate indices). With ``goal='shortfall'`` a slack column per target year lets
    the total exceed the required amount, and the sum of the slacks is minimized."""
    n = problem.size
    years = len(problem.years)
    steps = np.array([STEPS if d else 1 for d in problem.divisible], dtype=np.int64)
    weight = STEPS if problem.any_divisible else 1
    per_unit = weight // steps  # what one unit of v counts, in W-scaled units
    divisible = [i for i in range(n) if problem.divisible[i]]
    used_column = list(range(n))
    for k, i in enumerate(divisible):
        used_column[i] = n + k
    width = n + len(divisible)
    slack_columns = tuple(range(width, width + years)) if goal == "shortfall" else ()
    width += len(slack_columns)

    lower = np.zeros(width, dtype=np.int64)
    upper = np.zeros(width, dtype=np.int64)
    upper[:n] = steps
    upper[n : n + len(divisible)] = 1
    if slack_columns:
        upper[list(slack_columns)] = _slack_bound(problem, weight)
    forced_in = np.flatnonzero(problem.forced_in)
    lower[forced_in] = steps[forced_in]
    forced_out = np.flatnonzero(problem.forced_out)
    upper[forced_out] = 0
    for k, i in enumerate(divisible):
        if problem.forced_in[i]:
            lower[n + k] = 1
        if problem.forced_out[i]:
            upper[n + k] = 0

    rows: list[IntArray] = []
    row_lower: list[int | None] = []
    row_upper: list[int | None] = []

    def add(row: IntArray, low: int | None, high: int | None) -> None:
        nonzero = row[row != 0]
        divisor = int(np.gcd.reduce(np.abs(nonzero))) if nonzero.size else 1
        if divisor > 1:
            row = row // divisor
            low = None if low is None else -((-low) // divisor)
            high = None if high is None else high // divisor
        rows.append(row)
        row_lower.append(low)
        row_upper.append(high)

    net = problem.net * per_unit[:, None]
    for j, year in enumerate(problem.years):
        row = np.zeros(width, dtype=np.int64)
        row[:n] = net[:, j]
        if slack_columns:
            row[slack_columns[j]] = -1
        add(row, None, floor_scaled(problem.required[year] * weight, problem.amount_digits))
    for group in problem.groups:
        members = list(group.members)
        if group.cap.savings is not None:
            low = ceil_scaled(group.cap.savings * weight, problem.amount_digits)
            for j in range(years):
                row = np.zeros(width, dtype=np.int64)
                row[members] = net[members, j]
                add(row, low, None)
        if group.cap.measures is not None:
            row = np.zeros(width, dtype=np.int64)
            row[[used_column[i] for i in members]] = 1
            add(row, None, group.cap.measures)
    cut = problem.constraints.max_fte_cut
    if cut is not None:
        high = floor_scaled(cut * weight, problem.fte_digits)
        loss = problem.loss * per_unit[:, None]
        for j in range(years):
            row = np.zeros(width, dtype=np.int64)
            row[:n] = loss[:, j]
            add(row, None, high)
    for k, i in enumerate(divisible):  # u <= v <= 100·u
        row = np.zeros(width, dtype=np.int64)
        row[i], row[n + k] = 1, -STEPS
        add(row, None, 0)
        row = np.zeros(width, dtype=np.int64)
        row[i], row[n + k] = 1, -1
        add(row, 0, None)
    for package in cuts:
        row = np.zeros(width, dtype=np.int64)
        row[[used_column[i] for i in package]] = 1
        add(row, None, len(package) - 1)

    cost = np.zeros(width, dtype=np.int64)
    offset = 0
    denominator = 1
    if goal == "fte":
        cost[:n] = problem.loss.sum(axis=1) * per_unit
        denominator = weight * 10**problem.fte_digits
    elif goal == "count":
        cost[used_column] = 1
    elif goal == "harm":
        cost[:n] = problem.harm_int * per_unit
        denominator = weight * 10**problem.harm_digits
    elif goal == "amount":
        cost[:n] = -net.sum(axis=1)
        offset = sum(
            floor_scaled(problem.targets[year] * weight, problem.amount_digits)
            for year in problem.years
        )
        denominator = weight * 10**problem.amount_digits
    elif goal == "shortfall":
        cost[list(slack_columns)] = 1
        denominator = weight * 10**problem.amount_digits

    matrix = np.vstack(rows) if rows else np.zeros((0, width), dtype=np.int64)
    model = IntegerModel(cost, offset, lower, upper, matrix, row_lower, row_upper)
    return Formulation(
        problem, goal, model, weight, steps, tuple(used_column), slack_columns, denominator
    )


def _slack_bound(problem: Problem, weight: int) -> int:
    """A bound on any year's shortfall: the distance from the required amount to the worst
    total any package can have (every measure that costs money, none that saves)."""
    worst = int(np.maximum(problem.net, 0).sum(axis=0).max(initial=0)) * weight
    required = min(
        floor_scaled(problem.required[year] * weight, problem.amount_digits)
        for year in problem.years
    )
    return max(1, worst - required)
