"""The REST API of the budget agreement and its follow-ups, under ``/api/v1/catalogs/{id}``.

* ``POST /agreement`` records the agreement (administrators): the terms as the CLI's agreement
  file (``measures``, ``added``) or a stored scenario (``scenario_id``), with ``name`` and
  ``date``; ``GET /agreement`` is proposal → agreement (read as the catalog is);
* ``GET /followups`` lists the follow-ups; ``GET /followups/{date}`` is the follow-up's figures
  exactly as ``omprio followup show --format json`` writes them; ``PUT`` (or ``POST``) stores
  entries as its next revision (editors for their areas' measures: 403 for another area; 409
  once closed; 422 with ``problems`` on figures that need an explanation);
  ``POST /followups/{date}/close`` closes it (the finance office);
* ``GET /measures/{code}/followups`` is a measure's history.

Reading follow-ups needs a token of any role; without one, the published follow-ups of a public
catalog are read. The answers are those of
:mod:`omprio.service.followup_json`, key for key.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from starlette.responses import JSONResponse

from omprio.followup.model import NEEDS_EXPLANATION, Entry
from omprio.service import followup as service
from omprio.service.followup_json import (
    comparison_json,
    figures_json,
    followups_json,
    history_json,
)
from omprio.store.errors import InvalidInput, NotFound
from omprio.web.deps import ApiActor, ApiUser, WorkspaceDep
from omprio.web.errors import error_json
from omprio.web.followup_schemas import (
    DATE_PATTERN,
    AgreementIn,
    ComparisonOut,
    EntriesIn,
    FiguresOut,
    FollowupSummaryOut,
    HistoryOut,
)
from omprio.web.i18n import LANG_PATTERN, t
from omprio.web.numbers import ExactRoute
from omprio.web.schemas import MAX_ID, ErrorResponse
from omprio.web.views.followup_grid import figures_at

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "The API token is missing or not valid."},
    404: {"model": ErrorResponse, "description": "No such catalog, agreement or follow-up."},
    422: {"model": ErrorResponse, "description": "The request is not valid."},
    503: {"model": ErrorResponse, "description": "The database cannot be reached."},
}
_WRITE: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The request body cannot be parsed."},
    403: {"model": ErrorResponse, "description": "The role or the operating areas do not "
          "allow it."},
    409: {"model": ErrorResponse, "description": "The catalog has an agreement already, or "
          "the follow-up is closed."},
    413: {"model": ErrorResponse, "description": "The request body is too large."},
}

router = APIRouter(prefix="/api/v1", tags=["follow-up"], responses=_ERRORS,
                   generate_unique_id_function=lambda route: route.name, route_class=ExactRoute)

CatalogId = Annotated[int, Path(ge=1, le=MAX_ID, description="The catalog's id.")]
Day = Annotated[str, Path(min_length=10, max_length=10, pattern=DATE_PATTERN,
                          description="The follow-up's date, e.g. 2024-06-30.")]
Code = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f/]+$",
                           description="The measure's code, e.g. BFF-1.")]
Language = Annotated[str, Query(pattern=LANG_PATTERN,
                                description="The language of findings and messages.")]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise NotFound("err.no_followup", date=text[:10]) from None


@router.post("/catalogs/{catalog_id}/agreement", status_code=201, response_model=ComparisonOut,
             summary="Record the budget agreement", responses=_WRITE)
def post_agreement(catalog_id: CatalogId, body: AgreementIn, ws: WorkspaceDep,
                   actor: ApiUser) -> JSONResponse:
    """Record the agreement on the catalog's latest version (administrators): stored as the
    next version at stage adopted; proposal → agreement is the answer. A second agreement is
    refused (409); bad terms are 422 and nothing is stored."""
    document = None
    if body.scenario_id is None:
        document = {k: v for k, v in (("measures", body.measures), ("added", body.added))
                    if v is not None}
    elif body.measures is not None or body.added is not None:
        raise InvalidInput("err.agreement_source")
    service.record_agreement(ws, catalog_id, actor, name=body.name,
                             agreed_on=_day(body.date), document=document,
                             scenario_id=body.scenario_id)
    answer = comparison_json(service.agreement_comparison(ws, catalog_id, actor))
    return JSONResponse(answer, status_code=201,
                        headers={"Location": f"/api/v1/catalogs/{catalog_id}/agreement"})


@router.get("/catalogs/{catalog_id}/agreement", response_model=ComparisonOut,
            summary="Proposal → agreement")
def get_agreement(catalog_id: CatalogId, ws: WorkspaceDep, actor: ApiActor) -> JSONResponse:
    """Proposal → agreement per measure and year, and the totals (read as the catalog)."""
    return JSONResponse(comparison_json(service.agreement_comparison(ws, catalog_id, actor)))


@router.get("/catalogs/{catalog_id}/followups", response_model=list[FollowupSummaryOut],
            summary="List follow-ups")
def list_followups(catalog_id: CatalogId, ws: WorkspaceDep, actor: ApiActor) -> JSONResponse:
    """The follow-ups by date: latest revision, who and when, closed or not."""
    return JSONResponse(followups_json(ws.followups(catalog_id, actor)))


@router.get("/catalogs/{catalog_id}/followups/{as_of}", response_model=FiguresOut,
            summary="Get a follow-up")
def get_followup(catalog_id: CatalogId, as_of: Day, ws: WorkspaceDep, actor: ApiActor,
                 lang: Language = "da") -> JSONResponse:
    """The follow-up at the date (its latest revision), as ``omprio followup show --format
    json``: plan, realized, forecast, deviation and status per measure and year; totals; the
    findings. 404 when there is no follow-up at that date."""
    shown, findings = figures_at(ws, catalog_id, actor, _day(as_of))
    return JSONResponse(figures_json(catalog_id, shown, findings, lang))


def _explanations(body: EntriesIn, lang: str) -> JSONResponse | None:
    problems = [
        {"code": "needs-explanation", "measure": e.measure, "year": e.year,
         "message": t("followup.page.needs_explanation", lang,
                      status=t(f"followup.status.{e.status}", lang))}
        for e in body.entries if e.status in NEEDS_EXPLANATION and not e.explanation.strip()]
    if not problems:
        return None
    return error_json(422, "invalid", t("followup.page.fix_fields", lang), problems)


def _save(catalog_id: int, as_of: str, body: EntriesIn, ws: WorkspaceDep, actor: ApiUser,
          lang: str) -> JSONResponse:
    refused = _explanations(body, lang)
    if refused is not None:
        return refused
    day = _day(as_of)
    entries = [Entry(e.measure, e.year, e.realized, e.forecast, e.status, e.explanation.strip(),
                     e.responsible.strip(), e.documentation.strip()) for e in body.entries]
    ws.save_followup(catalog_id, day, entries, actor)
    shown, findings = figures_at(ws, catalog_id, actor, day)
    return JSONResponse(figures_json(catalog_id, shown, findings, lang))


@router.put("/catalogs/{catalog_id}/followups/{as_of}", response_model=FiguresOut,
            summary="Enter a follow-up's figures", responses=_WRITE)
def put_followup(catalog_id: CatalogId, as_of: Day, body: EntriesIn, ws: WorkspaceDep,
                 actor: ApiUser, lang: Language = "da") -> JSONResponse:
    """Store the entries as the follow-up's next revision (the first starts it): the measures
    named replace their figures, the others are carried over; nothing is overwritten. Editors
    for their areas' measures (403 for another's), admins; 409 once closed; 422 (with
    ``problems``) for at risk or not realizable without an explanation. The answer is the
    follow-up as stored."""
    return _save(catalog_id, as_of, body, ws, actor, lang)


@router.post("/catalogs/{catalog_id}/followups/{as_of}", response_model=FiguresOut,
             summary="Enter a follow-up's figures (POST)", responses=_WRITE)
def post_followup(catalog_id: CatalogId, as_of: Day, body: EntriesIn, ws: WorkspaceDep,
                  actor: ApiUser, lang: Language = "da") -> JSONResponse:
    """The same as ``PUT``."""
    return _save(catalog_id, as_of, body, ws, actor, lang)


@router.post("/catalogs/{catalog_id}/followups/{as_of}/close",
             response_model=FollowupSummaryOut, summary="Close a follow-up", responses=_WRITE)
def close_followup(catalog_id: CatalogId, as_of: Day, ws: WorkspaceDep,
                   actor: ApiUser) -> JSONResponse:
    """Close the follow-up (the finance office: admins and editors for all areas); read-only
    from then on. Closing a closed one changes nothing."""
    info = ws.close_followup(catalog_id, _day(as_of), actor)
    listed = followups_json([info])[0]
    return JSONResponse(listed)


@router.get("/catalogs/{catalog_id}/measures/{code}/followups", response_model=HistoryOut,
            summary="A measure's follow-up history")
def measure_history(catalog_id: CatalogId, code: Code, ws: WorkspaceDep,
                    actor: ApiActor) -> JSONResponse:
    """The measure's figures and status in every revision of every follow-up, oldest first."""
    history = service.measure_history(ws, catalog_id, code, actor)
    return JSONResponse(history_json(catalog_id, code, history))
