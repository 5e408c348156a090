"""The budget game's abuse limits: submissions per client address (in this process: a sliding
window per address, IPv6 by its /64) and the size of a game form.

The limit is the app's (``app.state.game_limiter``, :func:`limiter`); tests and deployments
behind a proxy that gives every citizen one address set their own. Refused: 429 with
``Retry-After``.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from starlette.requests import Request

from omprio.store.errors import WorkspaceError
from omprio.store.throttle import address_subject

MAX_FORM_BYTES = 64 * 1024
"""The largest game form or package accepted (a comment is at most 4,000 characters)."""


class TooMany(WorkspaceError):
    """Too many submissions from one client address; try again later."""

    status = 429
    code = "too-many-requests"

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__("err.game.too_many", seconds=retry_after)


class TooLarge(WorkspaceError):
    """A game form larger than :data:`MAX_FORM_BYTES`."""

    status = 413
    code = "too-large"


class Limiter:
    """At most ``count`` submissions per ``window`` seconds from one address."""

    def __init__(self, count: int = 10, window: float = 600.0, keep: int = 100_000) -> None:
        self.count = count
        self.window = window
        self.keep = keep
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def take(self, address: str) -> int | None:
        """Count a submission from ``address``; None when allowed, else seconds to wait."""
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > self.keep:  # forget the oldest addresses first
                for key in list(self._seen)[: self.keep // 2]:
                    del self._seen[key]
            times = self._seen.setdefault(address, deque())
            while times and now - times[0] > self.window:
                times.popleft()
            if len(times) >= self.count:
                return max(1, int(self.window - (now - times[0])) + 1)
            times.append(now)
            return None


def limiter(request: Request) -> Limiter:
    """The app's limiter of game submissions (made on first use)."""
    state = request.app.state
    found = getattr(state, "game_limiter", None)
    if not isinstance(found, Limiter):
        found = Limiter()
        state.game_limiter = found
    return found


def allow(request: Request) -> None:
    """Count a submission from the request's client; TooMany when over the limit."""
    host = request.client.host if request.client else None
    wait = limiter(request).take(address_subject(host))
    if wait is not None:
        raise TooMany(wait)


def check_size(request: Request) -> None:
    """Refuse a game form that says it is larger than :data:`MAX_FORM_BYTES`."""
    declared = request.headers.get("content-length", "")
    if declared.isdecimal() and int(declared) > MAX_FORM_BYTES:
        raise TooLarge("err.game.too_large", most=MAX_FORM_BYTES // 1024)
