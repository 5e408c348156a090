"""Expensive jobs in the web app: at most a few at a time per process, each with a total time
limit, so that ``/healthz`` and other people's pages keep answering while they run.

An expensive job is an import, an optimization, a Monte Carlo simulation, a scenario's
evaluation or a published document. The routes that run one are plain ``def`` routes, so
FastAPI runs them in its thread pool, never on the event loop; the heavy parts (HiGHS, numpy)
release the GIL while they work. :func:`slot` bounds how many run at once (``max_jobs``, per
app and so per worker process): a request that finds every slot taken waits at most
``job_wait`` seconds for one and is then refused with :class:`Busy` (503 with ``Retry-After``
and a message in the page's language), rather than queueing without limit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.requests import Request

from omprio.store.errors import WorkspaceError

MAX_JOBS = 2
"""Expensive jobs running at once in one process (each HiGHS solve uses one core)."""
JOB_WAIT = 1.0
"""Seconds a request waits for a free slot before it is refused."""
RETRY_AFTER = 5
"""Seconds the refused client is asked to wait (``Retry-After``)."""


class Busy(WorkspaceError):
    """Every slot for expensive jobs is taken: try again in a moment."""

    status = 503
    code = "busy"
    retry_after = RETRY_AFTER


class Jobs:
    """The slots of one app: ``limit`` jobs at once, a wait of at most ``wait`` seconds."""

    def __init__(self, limit: int = MAX_JOBS, wait: float = JOB_WAIT) -> None:
        self.limit = max(1, limit)
        self.wait = max(0.0, wait)
        self._slots = threading.BoundedSemaphore(self.limit)
        self._lock = threading.Lock()
        self.running = 0

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one slot while the block runs; :class:`Busy` when none frees up in time."""
        if not self._slots.acquire(timeout=self.wait):
            raise Busy("err.busy")
        with self._lock:
            self.running += 1
        try:
            yield
        finally:
            with self._lock:
                self.running -= 1
            self._slots.release()


def jobs(request: Request) -> Jobs:
    """The job slots of the request's app."""
    found: Jobs = request.app.state.jobs
    return found


@contextmanager
def slot(request: Request) -> Iterator[None]:
    """:meth:`Jobs.slot` of the request's app."""
    with jobs(request).slot():
        yield
