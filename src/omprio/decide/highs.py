"""Run HiGHS (through ``highspy``) on an integer model, silently, and check its answer.

HiGHS computes in floating point. Every model here has integer coefficients, integer variables
and integer bounds, so the answer is rounded to integers and checked again with exact integer
arithmetic (:meth:`IntegerModel.check`): a solution that the check refuses is never returned.

**Silent and thread-safe.** Each :func:`solve` makes its own HiGHS instance, sets
``output_flag`` off before the model is passed (so HiGHS logs nothing, not even its banner) and
shares no state with other solves: solves may run at the same time in several threads (HiGHS
releases the GIL while it solves). HiGHS's task scheduler belongs to the thread that first
solves and is fixed at that solve's ``threads``; :data:`THREADS` is therefore always the same.
HiGHS 1.12 (bundled with SciPy, used before) printed a stray debugging line with C ``printf``
when it repaired a solution (``HighsMipSolverData::transformNewIntegerFeasibleSolution``),
which no option silences; HiGHS 1.13 removed it, and ``highspy`` is pinned at 1.16.0, so no file
descriptor is ever redirected.

**Small models.** HiGHS's feasibility-jump heuristic costs about 2 ms to set up whatever the
model's size, which is most of the time a problem of a few dozen measures takes; it is switched
off for models of at most :data:`SMALL` columns (it still runs on larger ones, where it helps).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from highspy import HighsModelStatus, kSolutionStatusFeasible
from highspy._core import _Highs

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
SolveStatus = Literal["optimal", "feasible", "infeasible", "unknown"]

THREADS = 1
"""HiGHS worker threads per solve: one, so concurrent solves from a web server's threads each
use one core, and the per-thread scheduler is never asked for a different number."""
SMALL = 64
"""Models with at most this many columns are solved without the feasibility-jump heuristic."""
_COLWISE = 1  # HiGHS MatrixFormat::kColwise
_MINIMIZE = 1  # HiGHS ObjSense::kMinimize
_INTEGER = 1  # HiGHS HighsVarType::kInteger
_WITH_SOLUTION = (
    HighsModelStatus.kOptimal,
    HighsModelStatus.kTimeLimit,
    HighsModelStatus.kIterationLimit,
    HighsModelStatus.kSolutionLimit,
    HighsModelStatus.kInterrupt,
    HighsModelStatus.kObjectiveBound,
    HighsModelStatus.kObjectiveTarget,
    HighsModelStatus.kUnknown,
)
_INFEASIBLE = (HighsModelStatus.kInfeasible, HighsModelStatus.kUnboundedOrInfeasible)
"""Every column is bounded, so "unbounded or infeasible" can only be infeasible."""


@dataclass(frozen=True)
class IntegerModel:
    """``minimize cost·x (+ offset)`` subject to ``row_lower <= rows·x <= row_upper`` and
    ``lower <= x <= upper``, every ``x`` integer. ``None`` bounds are absent."""

    cost: IntArray
    offset: int
    lower: IntArray
    upper: IntArray
    rows: IntArray
    row_lower: list[int | None]
    row_upper: list[int | None]

    def check(self, x: IntArray) -> bool:
        """Whether an integer point satisfies every bound and row, exactly."""
        if x.shape != self.cost.shape:
            return False
        if np.any(x < self.lower) or np.any(x > self.upper):
            return False
        if not self.rows.size:
            return True
        values = self.rows @ x  # int64: magnitudes are limited far below 2**63 by the problem
        for value, low, high in zip(values.tolist(), self.row_lower, self.row_upper, strict=True):
            if (low is not None and value < low) or (high is not None and value > high):
                return False
        return True

    def value(self, x: IntArray) -> int:
        """The objective at an integer point, exactly."""
        return int(self.cost @ x) + self.offset


@dataclass(frozen=True)
class MilpAnswer:
    """What HiGHS found: a status, the integer point, objective and bound, and the time taken."""

    status: SolveStatus
    x: IntArray | None
    objective: int | None
    bound: float | None
    gap: float | None
    seconds: float
    nodes: int
    message: str


def solve(
    model: IntegerModel,
    time_limit: float,
    mip_rel_gap: float = 0.0,
    start: IntArray | None = None,
) -> MilpAnswer:
    """Minimize ``model`` with HiGHS; ``mip_rel_gap`` 0 asks for a proven optimum. ``start``, a
    point that satisfies the model, is given to HiGHS as its first incumbent."""
    started = time.perf_counter()
    n = model.cost.size
    highs = _Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", THREADS)
    highs.setOptionValue("time_limit", max(0.01, float(time_limit)))
    highs.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    highs.setOptionValue("mip_feasibility_tolerance", 1e-9)
    highs.setOptionValue("random_seed", 0)
    if n <= SMALL:
        highs.setOptionValue("mip_heuristic_run_feasibility_jump", False)
    mask = model.rows != 0
    by_column = mask.T
    a_start = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(by_column.sum(axis=1), out=a_start[1:])
    a_index = np.nonzero(by_column)[1].astype(np.int32)
    a_value = model.rows.T[by_column].astype(np.float64)
    highs.passModel(
        n,
        len(model.row_lower),
        int(a_value.size),
        _COLWISE,
        _MINIMIZE,
        float(model.offset),
        model.cost.astype(np.float64),
        model.lower.astype(np.float64),
        model.upper.astype(np.float64),
        _bounds(model.row_lower, -np.inf),
        _bounds(model.row_upper, np.inf),
        a_start,
        a_index,
        a_value,
        np.full(n, _INTEGER, dtype=np.int32),
    )
    if start is not None and model.check(start):
        highs.setSolution(n, np.arange(n, dtype=np.int32), start.astype(np.float64))
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    message = highs.modelStatusToString(status)
    nodes = max(0, int(info.mip_node_count))
    seconds = time.perf_counter() - started
    bound = _finite(info.mip_dual_bound)
    if status in _INFEASIBLE:
        return MilpAnswer("infeasible", None, None, None, None, seconds, nodes, message)
    if status not in _WITH_SOLUTION or info.primal_solution_status != kSolutionStatusFeasible:
        return MilpAnswer("unknown", None, None, bound, None, seconds, nodes, message)
    values = np.asarray(highs.getSolution().col_value, dtype=np.float64)
    x = np.rint(values[:n]).astype(np.int64)
    if not model.check(x):
        note = "the solver's answer did not survive the exact check"
        return MilpAnswer("unknown", None, None, bound, None, seconds, nodes, note)
    gap = _finite(info.mip_gap)
    proven = status == HighsModelStatus.kOptimal and (gap or 0.0) == 0.0
    answer: SolveStatus = "optimal" if proven else "feasible"
    return MilpAnswer(answer, x, model.value(x), bound, gap, seconds, nodes, message)


def _bounds(values: list[int | None], absent: float) -> FloatArray:
    return np.array([absent if b is None else float(b) for b in values], dtype=np.float64)


def _finite(value: float) -> float | None:
    number = float(value)
    return number if np.isfinite(number) and abs(number) < 1e300 else None
