"""The catalog list (``/``): every catalog the visitor may read, answered JSON too (``Accept:
application/json``), as the API does.

One light query (:meth:`~omprio.store.workspace.Workspace.catalog_list_stamp`) reads the visible
catalogs with their latest versions on every request, so a new version, a catalog made public or
a new catalog shows at once; the table made from that list is kept by the list and the language
(:func:`omprio.web.caching.kept_part`), and for anonymous visitors the whole page, by list,
language and query, answered with an ``ETag``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from omprio.display import Lang
from omprio.store.accounts import Actor
from omprio.store.workspace import Workspace
from omprio.web import caching, deps, payloads
from omprio.web.errors import wants_json
from omprio.web.templating import render_parts, render_text
from omprio.web.views.common import PageLang, json_twin

router = APIRouter(include_in_schema=False)

# The query the list page knows; pages for other queries are made, not kept.
_PAGE_QUERY = frozenset({"lang"})
_HTML = "text/html; charset=utf-8"
_VARY = "Accept, Cookie"


@router.get("/")
async def catalog_list(
    request: Request, ws: deps.WorkspaceDep, actor: deps.PageActor, lang: PageLang
) -> Response:
    """Every catalog the visitor may read."""
    if wants_json(request):
        items = await run_in_threadpool(ws.list_catalogs, actor)
        twin = json_twin(request, payloads.catalog_list(items))
        assert twin is not None
        return twin
    stamp = await caching.off_loop(ws.catalog_list_stamp, actor)
    if actor is None and _PAGE_QUERY.issuperset(request.query_params.keys()):
        pages = caching.caches(request).pages
        key = ("list", stamp, lang, request.scope["query_string"])
        item = pages.get(key)
        if item is None:
            content, same = await _list_page(request, ws, actor, stamp, lang)
            item = caching.body(content)
            if same:
                pages.keep(key, item)
        return caching.answer(request, item, _HTML, cache_control=caching.PUBLIC, vary=_VARY)
    content, _ = await _list_page(request, ws, actor, stamp, lang)
    cache_control = caching.PUBLIC if actor is None else caching.PRIVATE
    return caching.answer(
        request, caching.body(content), _HTML, cache_control=cache_control, vary=_VARY
    )


async def _list_page(
    request: Request,
    ws: Workspace,
    actor: Actor | None,
    stamp: tuple[tuple[object, ...], ...],
    lang: Lang,
) -> tuple[bytes, bool]:
    """The list page for this request, its table kept or made (off the event loop), and
    whether it may be kept (what was read is still what ``stamp`` names)."""
    table, same = await caching.kept_part(
        request, ("list", stamp, lang), lambda: _list_table(ws, actor, stamp, lang)
    )
    text = render_text(request, "catalogs.html", {"catalogs": stamp, "table": table})
    return text.encode("utf-8"), same


def _list_table(
    ws: Workspace, actor: Actor | None, stamp: tuple[tuple[object, ...], ...], lang: Lang
) -> tuple[Markup, bool]:
    items = ws.list_catalogs(actor)
    parts = render_parts("_catalog_list.html", {"lang": lang, "catalogs": items})
    read = [
        (item.id, item.title, item.public, item.latest.number, item.name, item.description,
         item.department)
        for item in items
    ]
    same = read == [(row[0], row[1], row[2], row[4], row[6] or row[1], row[7], row[8])
                    for row in stamp]
    return Markup(parts.table()), same
