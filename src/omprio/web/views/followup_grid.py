"""The grid of a follow-up: ``/catalogs/{id}/followups/{date}``.

Per measure and year of the agreement up to the date: plan, realized, forecast, status,
explanation (needed when at risk or not realizable), responsible and documentation, and a
status light per measure (colour and word). Area editors see and fill in their own areas'
measures; the finance office (admins, editors for all areas) every one; viewers read. The form
is checked as one types (``.../check``, htmx: the errors of each cell, read the page's way) and
saved as the next revision (:meth:`Workspace.save_followup`: nothing overwritten). The findings
of :func:`omprio.check.followup.check_followup` stand beside the rows. The finance office closes
the follow-up (read-only afterwards) and carries what will not be realized into a budget round
or a catalog's target (:func:`omprio.service.followup_carry.carry_over`).

The page's JSON twin is :func:`omprio.service.followup_json.figures_json`, as
``omprio followup show --format json`` writes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from omprio.display import Lang
from omprio.findings import Finding
from omprio.followup.carry import shortfalls
from omprio.followup.figures import Figures
from omprio.followup.model import STATUSES, FollowupProblem
from omprio.service import followup as service
from omprio.service.followup_carry import carry_over
from omprio.service.followup_json import figures_json
from omprio.store.accounts import Actor
from omprio.store.errors import Forbidden, InvalidInput, NotFound
from omprio.store.workspace import Workspace
from omprio.web.auth import CheckedForm, require
from omprio.web.deps import LoggedIn, PageActor, WorkspaceDep
from omprio.web.followup_forms import grid_fields, grid_rows, read_grid
from omprio.web.i18n import t
from omprio.web.templating import render
from omprio.web.views.common import CatalogId, PageLang, form_text, json_twin, see_other

router = APIRouter(include_in_schema=False)

FollowupDate = Annotated[str, Path(min_length=10, max_length=10,
                                   pattern=r"^\d{4}-\d{2}-\d{2}$",
                                   description="The follow-up's date, e.g. 2024-06-30.")]
LIGHTS = {"realized": "green", "on_track": "green", "at_risk": "amber",
          "not_realizable": "red", "pending": "grey"}
"""The colour of a status's light (the word is always shown beside it)."""


def the_day(text: str) -> date:
    """The path's date; 404 when it is no date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise NotFound("err.no_followup", date=text[:10]) from None


def figures_at(ws: Workspace, catalog_id: int, actor: Actor | None,
               as_of: date) -> tuple[Figures, list[Finding]]:
    """The follow-up at exactly ``as_of`` (its latest revision); 404 when there is none."""
    shown, findings = service.followup_figures(ws, catalog_id, actor, as_of)
    if shown.as_of != as_of:
        raise NotFound("err.no_followup", date=as_of.isoformat())
    return shown, findings


def may_finance(actor: Actor) -> bool:
    """The finance office: administrators and editors for all areas."""
    return actor.may_change_catalog()


def grid_page(request: Request, ws: Workspace, actor: Actor | None, lang: Lang, catalog_id: int,
              as_of: date, *, typed: Mapping[str, Any] | None = None,
              errors: dict[str, str] | None = None, error: str | None = None,
              status: int = 200) -> Response:
    """The grid (its JSON twin when asked), with what was typed and its errors when shown
    again after a refused save."""
    shown, findings = figures_at(ws, catalog_id, actor, as_of)
    if error is None and not errors:
        twin = json_twin(request, figures_json(catalog_id, shown, findings, lang))
        if twin is not None:
            return twin
    stored = ws.version(catalog_id, actor)
    editable = actor is not None and not shown.closed and actor.at_least("editor")
    finance = actor is not None and may_finance(actor)
    by_code: dict[str, list[Finding]] = {}
    for item in findings:
        by_code.setdefault(item.measure or "", []).append(item)
    rounds = ws.rounds(actor) if finance and actor is not None and actor.at_least("admin") \
        else []
    values = {
        "catalog": stored.catalog, "catalog_id": catalog_id, "shown": shown,
        "as_of": as_of, "day": as_of.isoformat(),
        "rows": grid_rows(shown, as_of, actor, lang, typed),
        "errors": errors or {}, "error": error, "editable": editable,
        "statuses": STATUSES, "lights": LIGHTS, "findings": by_code,
        "all_findings": findings, "may_close": finance and not shown.closed,
        "may_carry": finance, "short": shortfalls(shown) if finance else (),
        "may_publish": actor is not None and actor.at_least("admin"),
        "shown_public": _published(ws, catalog_id, actor, as_of),
        "rounds": rounds, "catalogs": ws.list_catalogs(actor) if finance else [],
        "note": request.query_params.get("note", ""),
    }
    return render(request, "followup.html", values, status_code=status)


def _published(ws: Workspace, catalog_id: int, actor: Actor | None, as_of: date) -> bool:
    found = ws.followup(catalog_id, actor, as_of)
    return found is not None and found.info.public


@router.get("/catalogs/{catalog_id}/followups/{as_of}")
def followup_page(request: Request, catalog_id: CatalogId, as_of: FollowupDate,
                  ws: WorkspaceDep, actor: PageActor, lang: PageLang) -> Response:
    """The follow-up's grid at its date (anyone logged in reads, anonymous visitors a
    published one of a public catalog; editors fill in)."""
    return grid_page(request, ws, actor, lang, catalog_id, the_day(as_of))


@router.post("/catalogs/{catalog_id}/followups/{as_of}/check")
def check_grid(request: Request, catalog_id: CatalogId, as_of: FollowupDate, ws: WorkspaceDep,
               actor: LoggedIn, lang: PageLang, form: CheckedForm) -> Response:
    """The errors of the typed grid, as out-of-band field errors (htmx, while one types)."""
    require(actor, "editor")
    day = the_day(as_of)
    shown, _ = figures_at(ws, catalog_id, actor, day)
    _, errors = read_grid(form, shown, day, lang)
    return render(request, "_followup_check.html",
                  {"errors": errors, "fields": grid_fields(shown, day, actor)})


@router.post("/catalogs/{catalog_id}/followups/{as_of}")
def save_grid(request: Request, catalog_id: CatalogId, as_of: FollowupDate, ws: WorkspaceDep,
              actor: LoggedIn, lang: PageLang, form: CheckedForm) -> Response:
    """Save the grid as the next revision (editors: their areas' measures; admins). Errors:
    the grid again with them (422), nothing stored; closed: 409; another area: 403."""
    day = the_day(as_of)
    shown, _ = figures_at(ws, catalog_id, actor, day)
    entries, errors = read_grid(form, shown, day, lang)
    if errors:
        return grid_page(request, ws, actor, lang, catalog_id, day, typed=form, errors=errors,
                         error=t("followup.page.fix_fields", lang), status=422)
    try:
        ws.save_followup(catalog_id, day, entries, actor)
    except InvalidInput as problem:
        return grid_page(request, ws, actor, lang, catalog_id, day, typed=form,
                         error=problem.text(lang), status=problem.status)
    return see_other(request, f"/catalogs/{catalog_id}/followups/{as_of}?note=saved")


@router.post("/catalogs/{catalog_id}/followups/{as_of}/close")
def close_grid(request: Request, catalog_id: CatalogId, as_of: FollowupDate, ws: WorkspaceDep,
               actor: LoggedIn, form: CheckedForm) -> Response:
    """Close the follow-up (the finance office): read-only from then on."""
    ws.close_followup(catalog_id, the_day(as_of), actor)
    return see_other(request, f"/catalogs/{catalog_id}/followups/{as_of}?note=closed")


@router.post("/catalogs/{catalog_id}/followups/{as_of}/public")
def publish_grid(request: Request, catalog_id: CatalogId, as_of: FollowupDate, ws: WorkspaceDep,
                 actor: LoggedIn, form: CheckedForm) -> Response:
    """Publish the follow-up (``public=1``) or take it back (``0``): administrators. Anonymous
    visitors of a public catalog see a published follow-up's figures."""
    public = form_text(form.get("public"), 5) == "1"
    ws.publish_followup(catalog_id, the_day(as_of), public, require(actor, "admin"))
    return see_other(request, f"/catalogs/{catalog_id}/followups/{as_of}?note="
                     f"{'published' if public else 'unpublished'}")


@router.post("/catalogs/{catalog_id}/followups/{as_of}/carry")
def carry_grid(request: Request, catalog_id: CatalogId, as_of: FollowupDate, ws: WorkspaceDep,
               actor: LoggedIn, lang: PageLang, form: CheckedForm) -> Response:
    """Carry what will not be realized into a round (``round``) or a catalog's target
    (``target``), for the measures ticked (``measure``, all that fall short by default)."""
    if not may_finance(require(actor, "editor")):
        raise Forbidden("err.areas_carry", areas=", ".join(actor.areas))
    day = the_day(as_of)
    into = form_text(form.get("into"), 20)
    codes = tuple(form_text(c, 100) for c in form.getlist("measure") if isinstance(c, str))
    where = form_text(form.get("round" if into == "round" else "target"), 20)
    try:
        if not where.isdecimal():
            raise InvalidInput("err.problem", problem=_where())
        done = carry_over(
            ws, catalog_id, actor, day, codes=codes, lang=lang,
            round_id=int(where) if into == "round" else None,
            target_catalog_id=int(where) if into != "round" else None)
    except InvalidInput as problem:
        return grid_page(request, ws, actor, lang, catalog_id, day, error=problem.text(lang),
                         status=problem.status)
    if done.into == "round":
        return see_other(request, f"/rounds/{done.id}?saved={done.version}")
    return see_other(request, f"/catalogs/{done.id}?target_note=saved")


def _where() -> FollowupProblem:
    return FollowupProblem("followup.carry_where")
