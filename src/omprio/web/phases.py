"""A long request that tells the browser which phase it is in while it works (the import page:
reading, checking, storing), on the request's own connection, so it works behind any number of
workers.

:func:`phased` runs the work in a thread and answers with a stream of lines ``KIND\\tJSON``:
``phase`` (the phase's name in the reader's language) as each phase begins, then one ``done``
(the address to go to) or ``error`` (``{"error": ..., "reason": ...}``). ``app.js`` reads the
lines as they arrive. A request without the ``X-Omprio-Phases`` header gets the ordinary answer.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, StreamingResponse

from omprio.display import Lang
from omprio.store.errors import WorkspaceError
from omprio.web.errors import log
from omprio.web.i18n import t

HEADER = "X-Omprio-Phases"
"""The header a script sends to get the phases (``1``)."""

Work = Callable[[Callable[[str], None]], str]
"""The work: called with a ``progress(phase)`` callback, returns the address to go to when done;
raises :class:`WorkspaceError` (said to the reader) when the input is refused."""


def wanted(request: Request) -> bool:
    """Whether the request asks for the phases."""
    return request.headers.get(HEADER) == "1"


def _line(kind: str, value: Any) -> str:
    return f"{kind}\t{json.dumps(value, ensure_ascii=False)}\n"


def refused(error: str, reason: str | None, status_code: int) -> PlainTextResponse:
    """A refusal before the work begins (no file, too large, not allowed), as the one line the
    script reads."""
    return PlainTextResponse(
        _line("error", {"error": error, "reason": reason or ""}), status_code=status_code
    )


def phased(work: Work, lang: Lang, failed: str) -> StreamingResponse:
    """Run ``work`` in a thread and stream its phases (``import.phase.<phase>``) and its end;
    ``failed`` heads a refusal's message."""
    events: queue.Queue[str | None] = queue.Queue()

    def progress(phase: str) -> None:
        events.put(_line("phase", t(f"import.phase.{phase}", lang)))

    def run() -> None:
        try:
            events.put(_line("done", work(progress)))
        except WorkspaceError as exc:
            events.put(_line("error", {"error": failed, "reason": exc.text(lang)}))
        except Exception:  # never a traceback for the reader: logged, said in one line
            log.exception("phased work failed")
            events.put(_line("error", {"error": t("error.title", lang), "reason": ""}))
        finally:
            events.put(None)

    threading.Thread(target=run, name="omprio-phased", daemon=True).start()

    def lines() -> Iterator[str]:
        while (line := events.get()) is not None:
            yield line

    return StreamingResponse(
        lines(),
        media_type="text/plain; charset=utf-8",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
