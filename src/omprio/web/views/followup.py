"""The budget agreement and follow-up pages of a catalog (the grid is
:mod:`omprio.web.views.followup_grid`):

* ``/catalogs/{id}/agreement`` - proposal → agreement side by side, per measure and year, with
  the totals (:func:`omprio.service.followup.agreement_comparison`); before the agreement the
  form that records it (administrators): name, date, a decision per measure (adopted, changed
  with amounts and staff per year, dropped, postponed), an added alternative (a small measure
  form or an ``omprio.catalog/1`` upload), or a stored scenario instead;
* ``/catalogs/{id}/followups`` - the follow-ups by date (revisions, closed or not) and the form
  that starts a new one at a date;
* ``/catalogs/{id}/measures/{code}/followups`` - a measure's figures and status in every
  revision of every follow-up.

Every page answers JSON too, as :mod:`omprio.service.followup_json` writes it, key for key the
JSON of ``omprio agreement|followup … --format json``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from omprio import money
from omprio.display import Lang
from omprio.followup.model import FollowupProblem
from omprio.service import followup as service
from omprio.service.followup_json import comparison_json, followups_json, history_json
from omprio.store.accounts import Actor
from omprio.store.errors import InvalidInput, NotFound
from omprio.store.workspace import Workspace
from omprio.web.auth import CheckedForm, require
from omprio.web.deps import LoggedIn, PageActor, WorkspaceDep
from omprio.web.errors import wants_json
from omprio.web.followup_forms import AGREEMENT_DECISIONS, read_agreement
from omprio.web.i18n import t
from omprio.web.templating import render
from omprio.web.views.common import (
    CatalogId,
    MeasureCode,
    PageLang,
    form_text,
    json_twin,
    see_other,
)

router = APIRouter(include_in_schema=False)
MOST_UPLOAD = 5 * 1024 * 1024


def day_of(text: str) -> date:
    """A date typed or in a path (``2024-06-30``); :class:`InvalidInput` when it is none."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("err.problem", problem=_problem("followup.page.bad_date",
                                                           value=text[:40])) from None


def _problem(key: str, /, **params: object) -> FollowupProblem:
    return FollowupProblem(key, **params)


# --- the agreement -----------------------------------------------------------------------------


def _agreement_page(request: Request, ws: Workspace, actor: Actor | None, lang: Lang,
                    catalog_id: int, *, error: str | None = None,
                    errors: dict[str, str] | None = None, typed: Any = None,
                    status: int = 200) -> Response:
    stored = ws.version(catalog_id, actor)
    try:
        compared = service.agreement_comparison(ws, catalog_id, actor)
    except NotFound:
        compared = None
    if error is None:
        if compared is None:
            if wants_json(request):
                raise NotFound("err.no_agreement", catalog=catalog_id)
        else:
            twin = json_twin(request, comparison_json(compared))
            if twin is not None:
                return twin
    may_record = compared is None and actor is not None and actor.at_least("admin")
    values = {
        "catalog": stored.catalog, "catalog_id": catalog_id, "compared": compared,
        "may_record": may_record, "error": error, "errors": errors or {},
        "typed": typed or {}, "decisions": AGREEMENT_DECISIONS,
        "scenarios": ws.scenarios(catalog_id, actor) if may_record else [],
        "years": stored.catalog.years, "measures": stored.catalog.measures,
        "saved": request.query_params.get("saved") == "1",
    }
    return render(request, "agreement.html", values, status_code=status)


@router.get("/catalogs/{catalog_id}/agreement")
def agreement_page(request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: PageActor,
                   lang: PageLang) -> Response:
    """Proposal → agreement (read as the catalog is); before it, the administrators' form."""
    return _agreement_page(request, ws, actor, lang, catalog_id)


async def _upload_document(form: CheckedForm) -> Any:
    upload = form.get("added_file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    data = await upload.read(MOST_UPLOAD + 1)
    if len(data) > MOST_UPLOAD:
        raise InvalidInput("err.problem", problem=_problem("followup.too_large"))
    try:
        return money.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError, money.NumberRefused, ValueError):
        raise InvalidInput("err.problem", problem=_problem(
            "followup.page.bad_upload", file=upload.filename[:100])) from None


def _added_measures(document: Any) -> list[Any]:
    """The measures of an upload: an ``omprio.catalog/1`` document's, a list, or one."""
    if isinstance(document, dict) and isinstance(document.get("measures"), list):
        return list(document["measures"])
    if isinstance(document, list):
        return document
    return [document]


@router.post("/catalogs/{catalog_id}/agreement")
async def record_agreement(request: Request, catalog_id: CatalogId, ws: WorkspaceDep,
                           actor: LoggedIn, lang: PageLang, form: CheckedForm) -> Response:
    """Record the agreement (administrators) from the form; shown again with the problem."""
    from starlette.concurrency import run_in_threadpool

    admin = require(actor, "admin")
    typed = {k: form_text(v) for k, v in form.items() if isinstance(v, str)}
    uploaded = await _upload_document(form)
    return await run_in_threadpool(_record, request, ws, admin, lang, catalog_id, typed,
                                   uploaded)


def _record(request: Request, ws: Workspace, admin: Actor, lang: Lang, catalog_id: int,
            typed: dict[str, str], uploaded: Any) -> Response:
    catalog = ws.version(catalog_id, admin).catalog
    try:
        agreed_on = day_of(typed.get("date", ""))
        name = typed.get("name", "")
        if not name:
            raise InvalidInput("err.problem", problem=_problem("followup.page.no_name"))
        scenario = typed.get("scenario", "")
        if typed.get("source") == "scenario":
            if not scenario.isdecimal():
                raise InvalidInput("err.problem", problem=_problem("followup.page.no_scenario"))
            service.record_agreement(ws, catalog_id, admin, name=name, agreed_on=agreed_on,
                                     scenario_id=int(scenario))
        else:
            document, errors = read_agreement(typed, [m.code for m in catalog.measures],
                                              catalog.years, lang)
            if errors:
                return _agreement_page(request, ws, admin, lang, catalog_id, status=422,
                                       error=t("followup.page.fix_fields", lang),
                                       errors=errors, typed=typed)
            if uploaded is not None:
                document["added"].extend(_added_measures(uploaded))
            service.record_agreement(ws, catalog_id, admin, name=name, agreed_on=agreed_on,
                                     document=document)
    except InvalidInput as problem:
        return _agreement_page(request, ws, admin, lang, catalog_id, status=problem.status,
                               error=problem.text(lang), typed=typed)
    return see_other(request, f"/catalogs/{catalog_id}/agreement?saved=1")


# --- the list ----------------------------------------------------------------------------------


def _list_page(request: Request, ws: Workspace, actor: Actor | None, catalog_id: int, *,
               error: str | None = None, typed: str = "", status: int = 200) -> Response:
    stored = ws.version(catalog_id, actor)
    items = followups_json(ws.followups(catalog_id, actor))
    if error is None:
        twin = json_twin(request, items)
        if twin is not None:
            return twin
    try:
        agreement = ws.agreement(catalog_id, actor)
    except NotFound:
        agreement = None
    values = {"catalog": stored.catalog, "catalog_id": catalog_id, "items": items,
              "agreement": agreement, "error": error, "typed": typed,
              "may_start": agreement is not None and actor is not None
              and actor.at_least("editor")}
    return render(request, "followups.html", values, status_code=status)


@router.get("/catalogs/{catalog_id}/followups")
def followups_page(request: Request, catalog_id: CatalogId, ws: WorkspaceDep,
                   actor: PageActor) -> Response:
    """The catalog's follow-ups (anyone logged in who reads the catalog; anonymous visitors
    of a public catalog the published ones)."""
    return _list_page(request, ws, actor, catalog_id)


@router.post("/catalogs/{catalog_id}/followups")
def start_followup(request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: LoggedIn,
                   lang: PageLang, form: CheckedForm) -> Response:
    """Start the follow-up at a date (editors and admins): its first revision, no figures yet;
    a date that has one already opens it."""
    editor = require(actor, "editor")
    typed = form_text(form.get("date"), 40)
    try:
        as_of = day_of(typed)
        found = ws.followup(catalog_id, editor, as_of)
        if found is None or found.info.as_of != as_of:
            ws.save_followup(catalog_id, as_of, [], editor)
    except InvalidInput as problem:
        return _list_page(request, ws, editor, catalog_id, error=problem.text(lang),
                          typed=typed, status=problem.status)
    return see_other(request, f"/catalogs/{catalog_id}/followups/{as_of.isoformat()}")


# --- a measure's history -----------------------------------------------------------------------


@router.get("/catalogs/{catalog_id}/measures/{code}/followups")
def history_page(request: Request, catalog_id: CatalogId, code: MeasureCode, ws: WorkspaceDep,
                 actor: PageActor) -> Response:
    """A measure's figures and status in every revision of every follow-up, oldest first."""
    history = service.measure_history(ws, catalog_id, code, actor)
    twin = json_twin(request, history_json(catalog_id, code, history))
    if twin is not None:
        return twin
    stored = ws.version(catalog_id, actor)
    return render(request, "followup_history.html",
                  {"catalog": stored.catalog, "catalog_id": catalog_id, "code": code,
                   "history": history})
