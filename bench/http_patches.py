"""Experiments for :mod:`http_load`: changes to the web app, applied only inside the benchmark's
server process, to measure what a change in ``src/`` would give before anyone makes it.

Each is named; ``http_load.py --patch a,b`` applies them in the order of :data:`NAMES`:

* ``fastnum``: :func:`omprio.display.number` without Babel's per-call locale and pattern parsing
  (a direct ``Decimal`` formatter; the same text for every value, see :func:`check_fastnum`).
* ``asyncdeps``: the request dependencies that do no I/O for an anonymous visitor
  (``workspace``, ``page_lang``, ``session_actor`` without a session, ``token_actor`` without a
  token) as ``async def``, so they do not each take a trip through the thread pool.
* ``threadsN`` (e.g. ``threads4``): AnyIO's default thread limiter (40) set to ``N`` tokens.
* ``switchN`` (e.g. ``switch1``): ``sys.setswitchinterval(N / 1000)`` (5 ms by default): how
  long a thread may hold the GIL while another waits.
* ``gcfreeze``: ``gc.freeze()`` once the app has started, so that the collector no longer walks
  the objects of the imports and the workspace.
* ``pagecache``: the overview page for anonymous visitors rendered once per catalog version,
  language and query, keyed by one small query (``public``, ``latest`` and the version's id and
  time), with an ``ETag`` answered by 304 on ``If-None-Match``.
* ``apicache``: ``GET /api/v1/catalogs/{id}`` serialized once per version, same key.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import re
import sys
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from typing import Any, get_args

import anyio.to_thread
from fastapi import FastAPI, Request, params
from fastapi.routing import APIRoute
from sqlalchemy import Row, bindparam, func, select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from omprio import display
from omprio.display import Lang
from omprio.store.schema import CatalogRow, VersionRow
from omprio.store.workspace import Workspace

NAMES = ("fastnum", "asyncdeps", "threadsN", "switchN", "gcfreeze", "pagecache", "apicache")
_THREADS = re.compile(r"threads(\d+)")
_SWITCH = re.compile(r"switch(\d+(?:\.\d+)?)")


def valid(name: str) -> bool:
    """True for a known experiment name."""
    return name in NAMES or any(p.fullmatch(name) for p in (_THREADS, _SWITCH))


# --- fastnum --------------------------------------------------------------------------------------

_SEPARATORS: dict[Lang, tuple[str, str]] = {"da": (".", ","), "en": (",", ".")}
_QUANTUM = Decimal("1E-15")
_WIDE = Context(prec=200)


def fast_number(value: Decimal, lang: Lang = "da") -> str:
    """What :func:`omprio.display.number` gives, without Babel: grouping by thousands, at most
    15 decimals (half-even, as Babel), no trailing zeros, a hyphen-minus (``-0`` stays). Unlike
    Babel (precision 28) it also formats amounts of 14 and more integer digits."""
    group, point = _SEPARATORS[lang]
    value = Decimal(value)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -15:
        value = value.quantize(_QUANTUM, rounding=ROUND_HALF_EVEN, context=_WIDE)
    text = format(value, "f")
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("-").partition(".")
    fraction = fraction.rstrip("0")
    out = f"{int(whole):,}".replace(",", group) + (point + fraction if fraction else "")
    return "-" + out if negative else out


def check_fastnum(values: Sequence[Decimal]) -> tuple[list[tuple[Decimal, str, str, str]], int]:
    """Values where :func:`fast_number` and Babel differ, as (value, lang, babel, fast), and
    how many values Babel cannot format at all (``InvalidOperation``)."""
    differ: list[tuple[Decimal, str, str, str]] = []
    failed = 0
    for value in values:
        for lang in display.LANGS:
            try:
                expected = _ORIGINAL_NUMBER(value, lang)
            except InvalidOperation:
                failed += 1
                continue
            if expected != fast_number(value, lang):
                differ.append((value, lang, expected, fast_number(value, lang)))
    return differ, failed


_ORIGINAL_NUMBER = display.number


# --- asyncdeps ------------------------------------------------------------------------------------


def _set_dependency(alias: Any, call: Callable[..., Any]) -> None:
    """Point the ``Depends`` inside an ``Annotated`` alias (``WorkspaceDep``) at ``call``; every
    route built afterwards (FastAPI builds included routes at their first request) uses it."""
    depends = next(m for m in get_args(alias)[1:] if isinstance(m, params.Depends))
    object.__setattr__(depends, "dependency", call)  # a frozen dataclass


def _async_dependencies() -> None:
    from omprio.web import auth
    from omprio.web.views import common

    workspace, page_lang = auth.workspace, common.page_lang
    session_actor, token_actor = auth.session_actor, auth.token_actor

    @functools.wraps(workspace)
    async def async_workspace(request: Request) -> Workspace:
        return workspace(request)

    @functools.wraps(page_lang)
    async def async_page_lang(request: Request) -> Lang:
        return page_lang(request)

    @functools.wraps(session_actor)
    async def async_session_actor(request: Request, ws: Workspace) -> Any:
        if auth.SESSION_USER not in request.session:
            request.state.actor = None
            return None
        return await run_in_threadpool(session_actor, request, ws)

    @functools.wraps(token_actor)
    async def async_token_actor(request: Request, ws: Workspace, credentials: Any) -> Any:
        if credentials is None and "authorization" not in request.headers:
            return None
        return await run_in_threadpool(token_actor, request, ws, credentials)

    _set_dependency(auth.WorkspaceDep, async_workspace)
    _set_dependency(common.PageLang, async_page_lang)
    _set_dependency(auth.PageActor, async_session_actor)
    _set_dependency(auth.ApiActor, async_token_actor)


# --- threadsN -------------------------------------------------------------------------------------


def _at_start(app: FastAPI, action: Callable[[], None]) -> None:
    """Run ``action`` in the event loop once the app has started."""
    original = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(the_app: Any) -> AsyncIterator[Any]:
        async with original(the_app) as state:
            action()
            yield state

    app.router.lifespan_context = lifespan


def _limit_threads(tokens: int) -> None:
    anyio.to_thread.current_default_thread_limiter().total_tokens = tokens


def _freeze() -> None:
    gc.collect()
    gc.freeze()


# --- pagecache and apicache -----------------------------------------------------------------------

_CATALOGS = CatalogRow.__table__
_VERSIONS = VersionRow.__table__
_KEY_QUERY = (
    select(_CATALOGS.c.public, _CATALOGS.c.latest, _VERSIONS.c.id, _VERSIONS.c.created_at)
    .select_from(_CATALOGS.join(_VERSIONS, _VERSIONS.c.catalog_id == _CATALOGS.c.id))
    .where(
        _CATALOGS.c.id == bindparam("catalog"),
        _VERSIONS.c.number == func.coalesce(bindparam("number"), _CATALOGS.c.latest),
    )
)


def version_key(ws: Workspace, catalog_id: int, number: int | None) -> Row[Any] | None:
    """(public, latest, version id, created_at) of the version asked for, in one query."""
    with ws.engine.connect() as connection:
        return connection.execute(_KEY_QUERY, {"catalog": catalog_id, "number": number}).first()


class _Bodies:
    """The last few answers by key (a small LRU)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.items: OrderedDict[tuple[Any, ...], tuple[bytes, str, str]] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> tuple[bytes, str, str] | None:
        found = self.items.get(key)
        if found is not None:
            self.items.move_to_end(key)
        return found

    def put(self, key: tuple[Any, ...], body: bytes, media_type: str) -> tuple[bytes, str, str]:
        item = (body, media_type, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
        self.items[key] = item
        while len(self.items) > self.size:
            self.items.popitem(last=False)
        return item


def _answer(request: Request, item: tuple[bytes, str, str]) -> Response:
    body, media_type, etag = item
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(body, media_type=media_type, headers={"ETag": etag})


def _cached_page(original: Callable[..., Response]) -> Callable[..., Response]:
    from omprio.web.errors import wants_json

    bodies = _Bodies()

    @functools.wraps(original)
    def catalog_page(**values: Any) -> Response:
        request: Request = values["request"]
        ws: Workspace = values["ws"]
        catalog_id: int = values["catalog_id"]
        version: int | None = values.get("version")
        anonymous = values["actor"] is None and values.get("imported") is None
        if not anonymous or wants_json(request):
            return original(**values)
        found = version_key(ws, catalog_id, version)
        if found is None or not found.public:
            return original(**values)  # the 404 as the app answers it
        created: datetime = found.created_at
        lang, query = values["lang"], request.url.query
        key = (ws.url, catalog_id, version, found.latest, found.id, created, lang, query)
        item = bodies.get(key)
        if item is None:
            response = original(**values)
            if response.status_code != 200:
                return response
            item = bodies.put(key, bytes(response.body), "text/html; charset=utf-8")
        return _answer(request, item)

    return catalog_page


def _cached_api(original: Callable[..., Any], field: Any) -> Callable[..., Any]:
    from omprio.web import payloads

    bodies = _Bodies()

    @functools.wraps(original)
    def get_catalog(**values: Any) -> Any:
        ws: Workspace = values["ws"]
        catalog_id: int = values["catalog_id"]
        version: int | None = values.get("version")
        actor = values["actor"]
        found = version_key(ws, catalog_id, version)
        if found is None or (actor is None and not found.public):
            return original(**values)  # the 404 as the app answers it
        key = (ws.url, catalog_id, found.id, found.created_at)
        item = bodies.get(key)
        if item is None:
            payload = payloads.catalog(ws.version(catalog_id, actor, version))
            value, errors = field.validate(payload, {}, loc=("response",))
            assert not errors
            item = bodies.put(key, field.serialize_json(value), "application/json")
        return Response(item[0], media_type=item[1], headers={"ETag": item[2]})

    return get_catalog


# --- applying them --------------------------------------------------------------------------------


def before(names: Sequence[str]) -> None:
    """The experiments that change modules and routes, before the app is created."""
    from omprio.web.views import api, catalogs

    if "fastnum" in names:
        display.number = fast_number
    if "asyncdeps" in names:
        _async_dependencies()
    for route in [*catalogs.router.routes, *api.router.routes]:
        if not isinstance(route, APIRoute):
            continue
        if "pagecache" in names and route.name == "catalog_page":
            route.endpoint = _cached_page(route.endpoint)
        if "apicache" in names and route.name == "get_catalog":
            route.endpoint = _cached_api(route.endpoint, route.response_field)


def after(app: FastAPI, names: Sequence[str]) -> None:
    """The experiments that change the app once it is created."""
    for name in names:
        if match := _THREADS.fullmatch(name):
            _at_start(app, functools.partial(_limit_threads, int(match.group(1))))
        if match := _SWITCH.fullmatch(name):
            sys.setswitchinterval(float(match.group(1)) / 1000)
    if "gcfreeze" in names:
        _at_start(app, _freeze)
