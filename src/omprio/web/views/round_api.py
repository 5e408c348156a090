"""The REST API of budget rounds: ``/api/v1/rounds``.

A round (budgetrunde) is read as :func:`omprio.service.rounds.round_json` writes it (the JSON
of ``omprio round show --format json``, key for key) and exported as ``omprio.round/1``. Every
route needs an API token: anyone logged in reads a round (a person limited to operating areas
sees the departments among them), only administrators create and change one. Every change
makes a new version (who, when, ``message``) and answers the round as it is then; with
``base_version`` it is refused (409) when the round has a newer version. Bad input is 422 and
nothing is stored. Errors have the one shape ``{"error": {"code", "message"}}``; on these routes
the message is in the request's language (``?lang=``, da by default, en), and a value the round
refuses is also in ``problems`` with its stable code (docs/round.md lists them).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Path, Query, UploadFile
from pydantic import Discriminator, Tag
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from omprio.i18n import said
from omprio.rounds.problems import RoundProblem
from omprio.service import rounds as service
from omprio.store.errors import Forbidden, WorkspaceError
from omprio.store.rounds import Change
from omprio.web.deps import ApiUser, WorkspaceDep
from omprio.web.errors import error_json
from omprio.web.i18n import LANG_PATTERN, lang_of, t
from omprio.web.numbers import ExactRoute
from omprio.web.round_schemas import (
    CODE_PATTERN,
    DepartmentIn,
    DesignatedIn,
    KeyIn,
    LinkIn,
    RequirementIn,
    RoundCreateIn,
    RoundDocument,
    RoundDocumentIn,
    RoundOut,
    RoundSummaryOut,
    RoundVersionOut,
)
from omprio.web.schemas import MAX_ID, ErrorResponse
from omprio.web.views.manage import read_upload

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "The API token is missing or not valid."},
    404: {"model": ErrorResponse, "description": "No such round, version or catalog."},
    422: {"model": ErrorResponse, "description": "The request is not valid."},
    503: {"model": ErrorResponse, "description": "The database cannot be reached."},
}
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The request body cannot be parsed."},
    403: {"model": ErrorResponse, "description": "Only administrators change rounds."},
    409: {"model": ErrorResponse, "description": "The round has a newer version than "
          "`base_version`."},
    413: {"model": ErrorResponse, "description": "The request body is too large."},
}


class RoundRoute(ExactRoute):
    """A route whose body keeps numbers exact (:class:`ExactRoute`) and whose workspace errors
    are said in the request's language, with the refused value's code in ``problems``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def said_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except WorkspaceError as exc:
                if exc.status >= 500 or getattr(exc, "retry_after", None):
                    raise  # answered by web/errors.py (logged, Retry-After)
                return _error(exc, lang_of(request))

        return said_handler


def _error(exc: WorkspaceError, lang: str) -> JSONResponse:
    problem = exc.params.get("problem")
    problems = None
    if isinstance(problem, RoundProblem):
        problems = [{"code": problem.code, "message": problem.text(lang),
                     "params": {k: _param(v, lang) for k, v in problem.params.items()}}]
    return error_json(exc.status, exc.code, exc.text(lang), problems)


def _param(value: object, lang: str) -> object:
    if isinstance(value, bool | int | str):
        return value
    return str(said(value, lang))


router = APIRouter(
    prefix="/api/v1",
    tags=["rounds"],
    responses=_ERRORS,
    generate_unique_id_function=lambda route: route.name,
    route_class=RoundRoute,
)

RoundId = Annotated[int, Path(ge=1, le=MAX_ID, description="The round's id.")]
CatalogId = Annotated[int, Path(ge=1, le=MAX_ID, description="The catalog's id.")]
_PATH_TEXT = CODE_PATTERN.replace(r"\x7f]", r"\x7f/]")
DepartmentCode = Annotated[
    str, Path(min_length=1, max_length=100, pattern=_PATH_TEXT,
              description="The department's code, e.g. MSB.")]
KeyCode = Annotated[
    str, Path(min_length=1, max_length=100, pattern=_PATH_TEXT,
              description="The key's code, e.g. ADM.")]
RequirementName = Annotated[
    str, Path(min_length=1, max_length=300, pattern=_PATH_TEXT,
              description="The requirement's name, e.g. Administrative besparelser.")]
Version = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="A version number; the latest by default.")
]
Language = Annotated[
    str,
    Query(pattern=LANG_PATTERN, description="The language of messages and findings (da, en)."),
]


def _new_round_kind(value: Any) -> str:
    return "document" if isinstance(value, dict) and "format" in value else "create"


NewRound = Annotated[
    Annotated[RoundCreateIn, Tag("create")] | Annotated[RoundDocumentIn, Tag("document")],
    Discriminator(_new_round_kind),
    Body(description="A new round's name, period and price level; or a whole round in "
         "omprio.round/1 (with `format`) to import."),
]


PriceLevel = Annotated[int | None, Query(ge=1900, le=2200, description=(
    "Show the round at this price level (a year), with its price and wage index."))]


def _answer(ws: WorkspaceDep, round_id: int, actor: ApiUser, lang: str,
            version: int | None = None, status: int = 200,
            price_level: int | None = None) -> JSONResponse:
    """The round as :func:`service.round_json` writes it, checked against :class:`RoundOut`."""
    view = service.view_round(ws, round_id, actor, version, price_level=price_level, lang=lang)
    document = service.round_json(view, lang)
    RoundOut.model_validate(document)  # the published shape
    headers = {"Location": f"/api/v1/rounds/{round_id}"} if status == 201 else None
    return JSONResponse(document, status_code=status, headers=headers)


def _change(ws: WorkspaceDep, round_id: int, actor: ApiUser, lang: str,
            make: Callable[[], Change], body: Any) -> JSONResponse:
    """Apply the change ``make()`` gives as a new version; the round as it is then. What
    ``make`` refuses before the workspace is 422 too."""
    try:
        change = make()
    except RoundProblem as exc:
        raise service.problem_error(exc) from None
    service.change(ws, round_id, change, actor, base_version=body.base_version,
                   message=body.message)
    return _answer(ws, round_id, actor, lang)


@router.get("/rounds", response_model=list[RoundSummaryOut], summary="List rounds")
def list_rounds(ws: WorkspaceDep, actor: ApiUser, lang: Language = "da") -> list[dict[str, Any]]:
    """Every budget round, newest first, with its latest version (a token of any role)."""
    return [{"id": s.id, "name": s.name, "period": s.period, "price_level": s.price_level,
             "latest": s.latest, "changed_at": s.changed_at} for s in ws.rounds(actor)]


@router.post(
    "/rounds",
    status_code=201,
    response_model=RoundOut,
    summary="Create or import a round",
    responses=_WRITE_ERRORS,
)
async def create_round(
    request: Request, body: NewRound, ws: WorkspaceDep, actor: ApiUser, lang: Language = "da"
) -> JSONResponse:
    """A new round (version 1): from its name, period (``2024-2027``) or years, price level,
    unit and municipality; or, when the body is an ``omprio.round/1`` document (it has
    ``format``), that round as exported. Administrators only."""
    if isinstance(body, RoundDocumentIn):
        data = await request.body()
        stored = await run_in_threadpool(ws.import_round, data, "omprio.round/1", actor)
    else:
        from omprio.rounds.model import BudgetRound

        budget_round = BudgetRound(
            name=body.name.strip(), municipality=body.municipality.strip(),
            years=body.round_years(), price_level=body.price_level,
            unit=body.unit.strip() or "1.000 kr.")
        stored = await run_in_threadpool(ws.create_round, budget_round, actor,
                                         message=body.message)
    return await run_in_threadpool(_answer, ws, stored.id, actor, lang, status=201)


@router.post(
    "/rounds/import",
    status_code=201,
    response_model=RoundOut,
    summary="Import a round file",
    responses={**_WRITE_ERRORS, 413: {"model": ErrorResponse, "description": "The file is "
                                      "too large."}},
)
def import_round(
    request: Request,
    ws: WorkspaceDep,
    actor: ApiUser,
    file: Annotated[UploadFile, File(description="A round in omprio.round/1 (JSON).",
                                     json_schema_extra={"minLength": 1})],
    lang: Language = "da",
) -> JSONResponse:
    """A new round from an uploaded ``omprio.round/1`` file (as ``omprio round export``
    writes it). Administrators only; nothing is stored when the file cannot be read (422)."""
    data = read_upload(file, request.app.state.max_upload_bytes)
    stored = ws.import_round(data, file.filename or "round.json", actor)
    return _answer(ws, stored.id, actor, lang, status=201)


@router.get("/rounds/{round_id}", response_model=RoundOut, summary="Get a round")
def get_round(
    round_id: RoundId,
    ws: WorkspaceDep,
    actor: ApiUser,
    version: Version = None,
    price_level: PriceLevel = None,
    lang: Language = "da",
) -> JSONResponse:
    """A version of the round (the latest by default): each department's parts of the
    requirements (whole and unrounded), what its linked catalogs deliver, the gap, the
    residual of a frame cut; the totals, keys, linked catalogs and findings. A person limited
    to operating areas sees their own departments (``all_departments`` false). With
    ``price_level`` the round and its catalogs are shown at that price level, converted with
    the round's price and wage index (422 ``needs-index`` without one)."""
    return _answer(ws, round_id, actor, lang, version, price_level=price_level)


@router.get(
    "/rounds/{round_id}/document",
    response_model=RoundDocument,
    summary="Export a round",
    responses={403: {"model": ErrorResponse,
                     "description": "The caller sees only some departments."}},
)
def get_round_document(
    round_id: RoundId, ws: WorkspaceDep, actor: ApiUser, version: Version = None,
    lang: Language = "da",
) -> Response:
    """A version of the round as ``omprio.round/1`` (as ``omprio round export`` writes it;
    ``POST /api/v1/rounds`` imports it). It holds every department: for those who see all."""
    stored = ws.stored_round(round_id, actor, version)
    if not service.sees_all(actor):
        raise Forbidden("err.round_whole")
    return Response(service.round_file(stored.budget_round, "json"),
                    media_type="application/json")


@router.get(
    "/rounds/{round_id}/history", response_model=list[RoundVersionOut], summary="Round history"
)
def get_round_history(
    round_id: RoundId, ws: WorkspaceDep, actor: ApiUser, lang: Language = "da"
) -> list[dict[str, Any]]:
    """The versions of the round, newest first: who, when, why."""
    return [{"number": v.number, "created_at": v.created_at, "author": v.author,
             "message": v.message} for v in ws.round_history(round_id, actor)]


@router.put(
    "/rounds/{round_id}/departments/{code}",
    response_model=RoundOut,
    summary="Set a department",
    responses=_WRITE_ERRORS,
)
def put_department(
    round_id: RoundId, code: DepartmentCode, body: DepartmentIn, ws: WorkspaceDep,
    actor: ApiUser, lang: Language = "da",
) -> JSONResponse:
    """Add the department, or rename it when its code is known (its name, else its code)."""
    return _change(ws, round_id, actor, lang, lambda: service.department(code, body.name), body)


@router.put(
    "/rounds/{round_id}/keys/{code}",
    response_model=RoundOut,
    summary="Set an allocation key",
    responses=_WRITE_ERRORS,
)
def put_key(
    round_id: RoundId, code: KeyCode, body: KeyIn, ws: WorkspaceDep, actor: ApiUser,
    lang: Language = "da",
) -> JSONResponse:
    """Add or replace an allocation key: ``shares`` (percent by department, each 0-100),
    ``base`` (base figures by department) or ``mix`` (weights of other keys adding up to
    100). Unknown departments or keys, shares outside 0-100 % and weights that do not add up
    are 422."""
    name = body.name.strip() or code
    source = body.source.strip() or "api"

    def make() -> Change:
        if body.shares is not None:
            return service.shares_key(code, name, service.given_numbers(body.shares, lang),
                                      source)
        if body.base is not None:
            return service.base_key(code, name, service.given_numbers(body.base, lang), source)
        assert body.mix is not None
        return service.mix_key(code, name, service.given_numbers(body.mix, lang), source)

    return _change(ws, round_id, actor, lang, make, body)


def _years(values: dict[str, Any]) -> dict[int, Any]:
    return {int(year): value for year, value in values.items()}


@router.put(
    "/rounds/{round_id}/requirements/{name}",
    response_model=RoundOut,
    summary="Set a requirement",
    responses=_WRITE_ERRORS,
)
def put_requirement(
    round_id: RoundId, name: RequirementName, body: RequirementIn, ws: WorkspaceDep,
    actor: ApiUser, lang: Language = "da",
) -> JSONResponse:
    """Add or replace a requirement on the whole municipality (negative = saving), split by
    ``key``; years outside the round's period are 422."""
    return _change(ws, round_id, actor, lang, lambda: service.requirement(
        name.strip(), body.key.strip(), _years(body.amounts), _years(body.central),
        frame_cut=body.frame_cut, source=body.source.strip() or "api"), body)


@router.put(
    "/rounds/{round_id}/designated",
    response_model=RoundOut,
    summary="Set designated proposals",
    responses=_WRITE_ERRORS,
)
def put_designated(
    round_id: RoundId, body: DesignatedIn, ws: WorkspaceDep, actor: ApiUser,
    lang: Language = "da",
) -> JSONResponse:
    """Add or replace a department's designated proposals toward a frame-cut requirement."""
    label = body.label.strip() or t("round.designated_default", lang)
    return _change(ws, round_id, actor, lang, lambda: service.designated(
        body.department.strip(), body.requirement.strip(), label, _years(body.amounts)), body)


@router.put(
    "/rounds/{round_id}/links/{catalog_id}",
    response_model=RoundOut,
    summary="Link a catalog",
    responses=_WRITE_ERRORS,
)
def put_link(
    round_id: RoundId, catalog_id: CatalogId, body: LinkIn, ws: WorkspaceDep, actor: ApiUser,
    lang: Language = "da",
) -> JSONResponse:
    """Link a stored catalog (one the caller can read; else 404) to a department and the
    requirements it answers, with the overview section that delivers each."""
    return _change(ws, round_id, actor, lang, lambda: service.link(
        ws, actor, catalog_id, body.department.strip(), [r.strip() for r in body.requirements],
        {k.strip(): v.strip() for k, v in body.sections.items()}), body)
