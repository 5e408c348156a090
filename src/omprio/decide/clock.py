"""Time limits: seconds per solve, and optionally for a whole call of several solves.

:class:`Clock` gives each solve the smaller of the per-solve limit and what remains of the
total; :meth:`Clock.limit` raises :class:`OutOfTime` when nothing remains, so that a caller can
leave out a result (a diagnosis) rather than give an incomplete one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

MIN_SOLVE = 0.01
"""No solve is started with less time than this (seconds)."""


class OutOfTime(Exception):
    """The total time limit has run out."""


@dataclass(frozen=True, slots=True)
class Clock:
    """``per_solve`` seconds per solve; ``total`` seconds from ``started`` (None: no total)."""

    per_solve: float
    total: float | None = None
    started: float = 0.0

    @classmethod
    def start(cls, per_solve: float, total: float | None = None) -> Clock:
        return cls(per_solve, total, time.perf_counter())

    def remaining(self) -> float | None:
        if self.total is None:
            return None
        return self.total - (time.perf_counter() - self.started)

    def left(self) -> bool:
        """Whether there is time for another solve."""
        remaining = self.remaining()
        return remaining is None or remaining >= MIN_SOLVE

    def first(self) -> float:
        """The time limit for a call's first solve, which always runs (at least MIN_SOLVE)."""
        remaining = self.remaining()
        if remaining is None:
            return self.per_solve
        return max(MIN_SOLVE, min(self.per_solve, remaining))

    def limit(self) -> float:
        """The time limit for the next solve; :class:`OutOfTime` when none is left."""
        remaining = self.remaining()
        if remaining is None:
            return self.per_solve
        if remaining < MIN_SOLVE:
            raise OutOfTime
        return min(self.per_solve, remaining)
