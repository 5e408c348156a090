"""Answers made once per stored version and kept: the bytes of a page or of a JSON document, with
an ``ETag``, answered by 304 when the client already has them.

Versions never change once written (an edit, a stage change or a re-import makes the next one),
so what is made from one version (the rendered overview, the ``omprio.catalog/1`` JSON) can be
kept. The key is :class:`~omprio.store.workspace.VersionStamp`, read by one small query on every
request (the catalog's public flag and latest version, the version's id and time): an edit, a
catalog made public or internal, or deleted and made again is seen by the very next request, in
every worker process. Access is checked by that same query, exactly as for an uncached answer.

Each app keeps its own caches (``app.state``, see :func:`install`), bounded by bytes.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from omprio.store.accounts import Actor
from omprio.store.workspace import VersionStamp, Workspace

# Anonymous visitors of a public catalog get what everyone gets: shared caches may keep it, but
# must ask again each time (a new version may have been written meanwhile); what a logged-in user
# or a token holder gets (a user's name, a CSRF token, an internal catalog) is theirs alone.
PUBLIC = "public, no-cache"
PRIVATE = "private, no-cache"

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Body:
    """An answer's bytes and their strong ETag."""

    content: bytes
    etag: str


def etag_of(content: bytes) -> str:
    """A strong ETag: the first 128 bits of the SHA-256 of the bytes, quoted."""
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def body(content: bytes) -> Body:
    """``content`` with its ETag."""
    return Body(content, etag_of(content))


class SizedCache(Generic[V]):
    """The most recently used values, at most ``budget`` bytes in all by the sizes given (least
    recently used go first); a value larger than half the budget is not kept. Safe across
    threads."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> V | None:
        """The value kept under ``key``, if any."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: V, size: int) -> V:
        """Keep ``value`` (of about ``size`` bytes) under ``key`` if it is small enough;
        ``value``."""
        if size * 2 > self.budget:
            return value
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self._items[key] = (value, size)
            self.size += size
            while self.size > self.budget:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped
        return value

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()
            self.size = 0


class BodyCache(SizedCache[Body]):
    """Bodies by key, bounded by their bytes."""

    def keep(self, key: Hashable, item: Body) -> Body:
        """Keep ``item`` under ``key``; ``item``."""
        return self.put(key, item, len(item.content))


def not_modified(request: Request, etag: str) -> bool:
    """True when the request's ``If-None-Match`` names ``etag`` (or is ``*``); weak
    comparison, as RFC 9110 asks for ``If-None-Match``."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    for part in header.split(","):
        tag = part.strip()
        if tag == "*" or tag.removeprefix("W/") == wanted:
            return True
    return False


def answer(
    request: Request,
    item: Body,
    media_type: str,
    *,
    cache_control: str,
    vary: str,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """``item`` as a 200 answer, or 304 without a body when the client has it already."""
    all_headers = {"ETag": item.etag, "Cache-Control": cache_control, "Vary": vary}
    all_headers.update(headers or {})
    if not_modified(request, item.etag):
        return Response(status_code=304, headers=all_headers)
    return Response(item.content, media_type=media_type, headers=all_headers)


MIB = 1024 * 1024


class Caches:
    """What one app keeps: whole overview pages as anonymous visitors get them, the parts of the
    overview that depend on the version only (for logged-in users, whose page shell differs),
    and the ``omprio.catalog/1`` JSON of versions; about ``budget`` bytes at most in all."""

    def __init__(self, budget: int = 256 * MIB) -> None:
        self.pages = BodyCache(budget // 4)
        self.parts: SizedCache[object] = SizedCache(budget // 4)
        self.documents = BodyCache(budget // 2)

    def clear(self) -> None:
        """Forget everything."""
        self.pages.clear()
        self.parts.clear()
        self.documents.clear()


def caches(request: Request) -> Caches:
    """The caches of the request's app."""
    found: Caches = request.app.state.caches
    return found


# Threads of their own for the stamp query: it runs on every cached read and takes a fraction of
# what a trip through the shared thread pool costs when dozens of requests wait there.
_STAMP_THREADS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="omprio-stamp")


async def kept_part(
    request: Request, key: Hashable, make: Callable[[], tuple[Markup, bool]]
) -> tuple[Markup, bool]:
    """The part of a page kept under ``key``, or made by ``make`` off the event loop (which
    says whether what it read may be kept) and kept; with whether it may be kept."""
    kept = caches(request).parts
    found = kept.get(key)
    if isinstance(found, Markup):
        return found, True
    part, same = await run_in_threadpool(make)
    if same:
        kept.put(key, part, len(part))
    return part, same


async def off_loop(function: Callable[..., V], *args: object) -> V:
    """``function(*args)`` on the stamp threads: for the one small query a cached page makes."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_STAMP_THREADS, function, *args)


async def version_stamp(
    ws: Workspace, catalog_id: int, actor: Actor | None, number: int | None
) -> VersionStamp:
    """:meth:`Workspace.version_stamp` (access checked there), off the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        _STAMP_THREADS, ws.version_stamp, catalog_id, actor, number
    )
