"""Run HiGHS (through ``scipy.optimize.milp``) on an integer model, quietly, and check its answer.

HiGHS computes in floating point. Every model here has integer coefficients, integer variables
and integer bounds, so the answer is rounded to integers and checked again with exact integer
arithmetic (:meth:`IntegerModel.check`): a solution that the check refuses is never returned.

HiGHS 1.12 (bundled with SciPy 1.17) prints a stray debugging line to the C-level standard
output when it repairs a solution (ERGO-Code/HiGHS#2783, fixed upstream). That would corrupt
``--format json`` output, so :func:`quiet_stdout` points file descriptor 1 at ``/dev/null`` for the
duration of a solve. It affects the whole process for that moment; deciding is not meant to run
beside a thread that writes to standard output.
"""

from __future__ import annotations

import ctypes
import os
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

# SciPy ships no type information (no py.typed); milp's signature is used as documented.
from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
SolveStatus = Literal["optimal", "feasible", "infeasible", "unknown"]


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


def solve(model: IntegerModel, time_limit: float, mip_rel_gap: float = 0.0) -> MilpAnswer:
    """Minimize ``model`` with HiGHS; ``mip_rel_gap`` 0 asks for a proven optimum."""
    n = model.cost.size
    cost = model.cost.astype(np.float64)
    lower = model.lower.astype(np.float64)
    upper = model.upper.astype(np.float64)
    offset_column = model.offset != 0
    if offset_column:  # a fixed column carries the offset, so HiGHS's gap is the true one
        cost = np.append(cost, float(model.offset))
        lower = np.append(lower, 1.0)
        upper = np.append(upper, 1.0)
    width = cost.size
    constraints = []
    if model.rows.size:
        rows = model.rows.astype(np.float64)
        if offset_column:
            rows = np.hstack([rows, np.zeros((rows.shape[0], 1))])
        row_lower = np.array([-np.inf if b is None else float(b) for b in model.row_lower])
        row_upper = np.array([np.inf if b is None else float(b) for b in model.row_upper])
        constraints.append(LinearConstraint(rows, row_lower, row_upper))
    options: dict[str, object] = {
        "time_limit": max(0.01, float(time_limit)),
        "mip_rel_gap": float(mip_rel_gap),
        "presolve": True,
        # Passed on to HiGHS verbatim (SciPy warns that it does not check them):
        "mip_feasibility_tolerance": 1e-9,
        "random_seed": 0,
    }
    started = time.perf_counter()
    with quiet_stdout(), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = milp(
            cost,
            integrality=np.ones(width, dtype=np.uint8),
            bounds=Bounds(lower, upper),
            constraints=constraints,
            options=options,
        )
    seconds = time.perf_counter() - started
    nodes = int(getattr(result, "mip_node_count", 0) or 0)
    raw_bound = getattr(result, "mip_dual_bound", None)
    bound = float(raw_bound) if raw_bound is not None and np.isfinite(raw_bound) else None
    raw_gap = getattr(result, "mip_gap", None)
    gap = float(raw_gap) if raw_gap is not None and np.isfinite(raw_gap) else None
    status_code = int(result.status)
    if status_code == 2:
        return MilpAnswer("infeasible", None, None, None, None, seconds, nodes, str(result.message))
    if result.x is None:
        return MilpAnswer("unknown", None, None, bound, None, seconds, nodes, str(result.message))
    x = np.rint(np.asarray(result.x, dtype=np.float64)[:n]).astype(np.int64)
    if not model.check(x):
        return MilpAnswer(
            "unknown",
            None,
            None,
            bound,
            None,
            seconds,
            nodes,
            "the solver's answer did not survive the exact check",
        )
    status: SolveStatus = "optimal" if status_code == 0 and (gap or 0.0) == 0.0 else "feasible"
    return MilpAnswer(status, x, model.value(x), bound, gap, seconds, nodes, str(result.message))


@contextmanager
def quiet_stdout() -> Iterator[None]:
    """Silence C-level writes to standard output (file descriptor 1) for a moment."""
    fd = 1  # C writes to descriptor 1 whatever Python's sys.stdout is
    try:
        os.fstat(fd)
    except OSError:
        yield  # no standard output at all: nothing to protect
        return
    with suppress(AttributeError, OSError, ValueError):
        sys.stdout.flush()
    saved = os.dup(fd)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
        yield
    finally:
        _flush_c_stdout()
        os.dup2(saved, fd)
        os.close(saved)
        os.close(devnull)


def _flush_c_stdout() -> None:
    """Flush C's stdout buffer, so its text goes to /dev/null and not later to the terminal."""
    try:
        libc = ctypes.CDLL(None)
        libc.fflush(None)
    except (OSError, AttributeError):  # pragma: no cover - platforms without a C library handle
        pass
