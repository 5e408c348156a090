"""The public budget game (borgerbudget): the page anyone may play, its submission (form and
REST), opening it, the results for staff and using them as the optimizer's harm score.

- ``GET /catalogs/{id}/borgerbudget``: the measures (accepted ones) with their amount per year
  and consequences, yes / no / a share for divisible ones, the running total against the
  target (sticky). No login. For anonymous visitors the page is kept per version, language and
  game state (:mod:`omprio.web.caching`), the session's CSRF token put in afterwards. JSON twin:
  the board.
- ``POST /catalogs/{id}/borgerbudget``: the form (CSRF-checked). ``action=calc`` only recomputes
  the totals (the page without JavaScript); ``action=send`` submits: refused (422, the page with
  the reasons) when the package misses the target or is malformed; one package per browser
  session (409 after that); rate-limited per client address (429).
- ``POST /api/v1/catalogs/{id}/borgerbudget``: the same as JSON (no login, no CSRF).
- ``POST /catalogs/{id}/borgerbudget/open``: admins open or close the game.
- ``GET /catalogs/{id}/borgerbudget/resultater`` (login) and ``POST …/resultater/harm``
  (editors): the results and "Brug som skadesscore".
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import JSONResponse, Response

from omprio.display import Lang
from omprio.hearing.game import Board, gaps, parse_share, reached, totals
from omprio.service import game as service
from omprio.store.errors import Conflict, InvalidInput, NotFound
from omprio.store.workspace import Workspace
from omprio.web import caching
from omprio.web.auth import CheckedForm, csrf_token
from omprio.web.deps import ApiActor, LoggedIn, PageActor, WorkspaceDep
from omprio.web.errors import wants_json
from omprio.web.game_limits import allow, check_size
from omprio.web.i18n import lang_of
from omprio.web.schemas import ErrorResponse
from omprio.web.templating import render_text
from omprio.web.views.common import CatalogId, PageLang, json_twin, see_other

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", tags=["hearing"])

Sized = Annotated[None, Depends(check_size)]
SESSION_GAME = "game"
_CSRF_MARK = "@@game-csrf@@"
_MARK_BYTES = _CSRF_MARK.encode("ascii")
_HTML = "text/html; charset=utf-8"


def _token(request: Request) -> str:
    token = request.session.get(SESSION_GAME)
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_GAME] = token
    return token


def _playable(ws: Workspace, catalog_id: int, actor: Any) -> int:
    """The latest version of a catalog whose game anyone may play; else NotFound."""
    state = ws.game_state(catalog_id)
    if state is None or not state.playable:
        raise NotFound("err.game.not_open", catalog=catalog_id)
    return state.latest


def _board(request: Request, ws: Workspace, catalog_id: int, version: int) -> Board:
    kept = caching.caches(request).parts
    key = ("game-board", catalog_id, version)
    found = kept.get(key)
    if isinstance(found, Board):
        return found
    board = service.game_board(ws, catalog_id, version)
    kept.put(key, board, 2000 + 1000 * len(board.measures))
    return board


def _view(board: Board, selection: dict[str, Decimal], lang: Lang) -> dict[str, Any]:
    done = totals(board, selection)
    return {
        "board": board,
        "selection": selection,
        "totals": done,
        "gaps": gaps(board, selection),
        "reached": reached(board, selection),
        "lang": lang,
    }


def _page(request: Request, catalog_id: int, board: Board, selection: dict[str, Decimal],
          lang: Lang, **extra: Any) -> str:
    context = _view(board, selection, lang)
    context.update({"catalog_id": catalog_id, "game_csrf": _CSRF_MARK, "problems": [],
                    "sent": False, "comment": "", "sender_type": ""})
    context.update(extra)
    return render_text(request, "game.html", context)


def _with_token(request: Request, text: str | bytes, status: int = 200) -> Response:
    """The page with the session's CSRF token put in (and the session's game token made)."""
    token = csrf_token(request)
    _token(request)
    content = text.encode("utf-8") if isinstance(text, str) else text
    return Response(content.replace(_MARK_BYTES, token.encode("ascii")), status_code=status,
                    media_type=_HTML, headers={"Cache-Control": caching.PRIVATE})


def _board_json(board: Board, selection: dict[str, Decimal]) -> dict[str, Any]:
    done = totals(board, selection)
    return {
        "years": list(board.years), "unit": board.unit, "price_base": board.price_base,
        "target": {str(y): v for y, v in board.target.items()},
        "measures": [{"code": m.code, "title": m.title, "description": m.description,
                      "net": {str(y): m.net.get(y, Decimal(0)) for y in board.years},
                      "divisible": m.divisible} for m in board.measures],
        "totals": {str(y): v for y, v in done.items()},
        "reached": reached(board, selection),
    }


@router.get("/catalogs/{catalog_id}/borgerbudget")
async def game_page(request: Request, catalog_id: CatalogId, ws: WorkspaceDep,
                    actor: PageActor, lang: PageLang) -> Response:
    """The budget game: every measure, yes / no / a share, the total against the target."""
    stamp = await caching.version_stamp(ws, catalog_id, actor, None)
    version = await caching.off_loop(_playable, ws, catalog_id, actor)
    if version != stamp.latest:  # a new version came in between: read again
        stamp = await caching.version_stamp(ws, catalog_id, actor, None)
    board = await run_in_threadpool(_board, request, ws, catalog_id, stamp.latest)
    if wants_json(request):
        twin = json_twin(request, _board_json(board, {}))
        assert twin is not None
        return twin
    if actor is None and set(request.query_params) <= {"lang"}:
        pages = caching.caches(request).pages
        key = ("game", stamp, lang)
        item = pages.get(key)
        if item is None:
            text = await run_in_threadpool(_page, request, catalog_id, board, {}, lang)
            item = pages.keep(key, caching.body(text.encode("utf-8")))
        return _with_token(request, item.content)
    text = await run_in_threadpool(_page, request, catalog_id, board, {}, lang)
    return _with_token(request, text)


def _form_selection(form: FormData, board: Board) -> dict[str, Decimal]:
    selection: dict[str, Decimal] = {}
    for item in board.measures:
        choice = form.get(f"m-{item.code}")
        if choice == "0":
            selection[item.code] = Decimal(0)
        elif choice == "part" and item.divisible:
            share = parse_share(form.get(f"s-{item.code}", "100"))
            selection[item.code] = (share / 100 if share is not None else Decimal(-1))
    return selection


def _text_field(form: FormData, name: str, most: int) -> str:
    value = form.get(name)
    return value[:most] if isinstance(value, str) else ""


@router.post("/catalogs/{catalog_id}/borgerbudget")
def game_post(request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: PageActor,
              lang: PageLang, _sized: Sized, form: CheckedForm) -> Response:
    """Recompute the totals (``action=calc``) or submit the package (``action=send``)."""
    version = _playable(ws, catalog_id, actor)
    board = _board(request, ws, catalog_id, version)
    selection = _form_selection(form, board)
    comment = _text_field(form, "comment", 40_000)
    sender_type = _text_field(form, "sender_type", 200)
    if form.get("action") != "send":
        return _with_token(request, _page(request, catalog_id, board, selection, lang,
                                          comment=comment, sender_type=sender_type))
    allow(request)
    try:
        service.submit(ws, catalog_id, version, board, selection, comment, sender_type,
                       _token(request), lang)
    except (InvalidInput, Conflict) as exc:
        status = 409 if isinstance(exc, Conflict) else 422
        text = _page(request, catalog_id, board, selection, lang, problems=[exc.text(lang)],
                     comment=comment, sender_type=sender_type)
        return _with_token(request, text, status)
    return _with_token(request, _page(request, catalog_id, board, selection, lang, sent=True))


class GamePackage(BaseModel):
    """A citizen's package: the share (0-1) of measures not kept whole, an optional comment
    (plain text; tags are stripped) and an optional kind of sender."""

    model_config = ConfigDict(extra="forbid")

    selection: Annotated[dict[Annotated[str, Field(max_length=100)], Any],
                         Field(max_length=5000)] = Field(default_factory=dict)
    comment: Annotated[str, Field(max_length=40_000)] = ""
    sender_type: Annotated[str, Field(max_length=200)] = ""


_GAME_ANSWERS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The request body cannot be parsed."},
    404: {"model": ErrorResponse, "description": "No such catalog, or its game is not open."},
    409: {"model": ErrorResponse, "description": "This browser session sent a package already."},
    413: {"model": ErrorResponse, "description": "The request body is too large."},
    429: {"model": ErrorResponse, "description": "Too many packages from this address."},
}


@api_router.post("/catalogs/{catalog_id}/borgerbudget", status_code=201,
                 summary="Submit a budget game package", responses=_GAME_ANSWERS)
def game_api(request: Request, catalog_id: CatalogId, _sized: Sized, package: GamePackage,
             ws: WorkspaceDep, actor: ApiActor) -> JSONResponse:
    """Submit a package of the public budget game as a hearing response (no login). Refused
    (422) when it misses the target, names a measure not in the catalog or a share outside
    0-1."""
    lang = lang_of(request)
    version = _playable(ws, catalog_id, actor)
    board = _board(request, ws, catalog_id, version)
    allow(request)
    selection: dict[str, Decimal] = {}
    for code, value in package.selection.items():
        share = parse_share(value)
        selection[code] = share if share is not None else Decimal(-1)
    ident = service.submit(ws, catalog_id, version, board, selection, package.comment,
                           package.sender_type, secrets.token_urlsafe(32), lang)
    return JSONResponse({"id": ident, "catalog_id": catalog_id, "version": version},
                        status_code=201)


@router.post("/catalogs/{catalog_id}/borgerbudget/open")
def game_open(request: Request, catalog_id: CatalogId, ws: WorkspaceDep, user: LoggedIn,
              form: CheckedForm) -> Response:
    """Open (``open=1``) or close the catalog's game (admins)."""
    ws.set_game(catalog_id, form.get("open") == "1", user)
    return see_other(request, f"/catalogs/{catalog_id}/borgerbudget/resultater")


@router.get("/catalogs/{catalog_id}/borgerbudget/resultater")
def game_results(request: Request, catalog_id: CatalogId, ws: WorkspaceDep, user: LoggedIn,
                 lang: PageLang) -> Response:
    """The game's results: per measure the share of packages keeping it, the most common
    packages, how many were refused; the harm scores set from them."""
    board, result = service.game_results(ws, catalog_id, user)
    harm = ws.game_harm(catalog_id, user)
    state = ws.game_state(catalog_id)
    data = {
        "catalog_id": catalog_id,
        "open": bool(state and state.open),
        "packages": result.packages,
        "refused": result.refused,
        "measures": [{"code": m.code, "title": m.title, "kept": result.kept[m.code],
                      "rejected": result.rejected[m.code], "harm": harm.scores.get(m.code)}
                     for m in board.measures],
        "common": [{"rejects": dict(pattern), "count": count}
                   for pattern, count in result.common],
        "harm_set_by": harm.by,
        "harm_set_at": harm.at,
    }
    twin = json_twin(request, data)
    if twin is not None:
        return twin
    text = render_text(request, "game_results.html", {
        "data": data, "board": board, "lang": lang, "catalog_id": catalog_id,
        "may_harm": user.at_least("editor"), "may_open": user.at_least("admin")})
    return Response(text, media_type=_HTML, headers={"Cache-Control": caching.PRIVATE})


@router.post("/catalogs/{catalog_id}/borgerbudget/resultater/harm")
def game_harm(request: Request, catalog_id: CatalogId, ws: WorkspaceDep, user: LoggedIn,
              form: CheckedForm) -> Response:
    """Use the results as the optimizer's harm scores (editors and admins)."""
    service.use_as_harm(ws, catalog_id, user)
    return see_other(request, f"/catalogs/{catalog_id}/borgerbudget/resultater")

