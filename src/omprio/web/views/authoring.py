"""Authoring pages: "Nyt katalog", "Tilføj tiltag" (checked as one types), deleting a measure
(with a confirmation), renumbering and moving it, and the themes and sections of a catalog.

The routes are thin: they read the form (:mod:`omprio.web.authoring_forms`), call one method
of :class:`~omprio.store.authoring.Authoring` (or :func:`omprio.service.authoring.create_for_round`
for a department of a budget round) and go on to the changed page. Every change is sent with
the version the form was opened from, so a change made meanwhile is refused (409). Each page
has a JSON twin.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import Response

from omprio.display import Lang
from omprio.model import ACCEPTED, Theme
from omprio.store.accounts import Actor
from omprio.store.errors import Forbidden, InvalidInput, NotFound, WorkspaceError
from omprio.store.workspace import StoredVersion, Workspace
from omprio.web import authoring_forms as af
from omprio.web import figures
from omprio.web.auth import CheckedForm, require
from omprio.web.deps import LoggedIn, WorkspaceDep
from omprio.web.schemas import MAX_ID
from omprio.web.templating import render
from omprio.web.views.common import CatalogId, MeasureCode, PageLang, json_twin, see_other

router = APIRouter(include_in_schema=False)


def _catalog_url(catalog_id: int) -> str:
    return f"/catalogs/{catalog_id}"


def _measure_url(catalog_id: int, code: str) -> str:
    return f"/catalogs/{catalog_id}/measures/{quote(code, safe='')}"


def _base(form: Any) -> int:
    text = form.get("base_version")
    if not (isinstance(text, str) and text.isdecimal() and len(text) < 11
            and 1 <= int(text) <= MAX_ID):
        raise InvalidInput("err.base_version")
    return int(text)


def _may_edit(actor: Actor, code: str) -> None:
    if not actor.may_edit(code):
        raise Forbidden("err.areas_edit", areas=", ".join(actor.areas) or "-", code=code)


# --- a new catalog ------------------------------------------------------------------------


def _new_page(request: Request, ws: Workspace, actor: Actor, state: af.Typed, *,
              problem: str | None = None, status_code: int = 200) -> Response:
    rounds = ws.rounds(actor)
    return render(request, "catalog_new.html",
                  {"state": state, "rounds": rounds, "problem": problem},
                  status_code=status_code)


@router.get("/catalogs/new")
def new_catalog_form(request: Request, ws: WorkspaceDep, actor: LoggedIn) -> Response:
    """The "Nyt katalog" form (the finance office: admins and editors for all areas)."""
    ws.may_create_catalog(actor)
    twin = json_twin(request, {"rounds": [
        {"id": r.id, "name": r.name, "period": r.period, "price_level": r.price_level}
        for r in ws.rounds(actor)]})
    if twin is not None:
        return twin
    return _new_page(request, ws, actor, af.Typed(dict.fromkeys(af.FIELDS, "")))


@router.post("/catalogs/new")
def create_catalog(request: Request, ws: WorkspaceDep, actor: LoggedIn, lang: PageLang,
                   form: CheckedForm) -> Response:
    """Create the catalog (empty, or for a department of a budget round) and show it."""
    require(actor, "editor")
    state = af.typed(form, af.FIELDS)
    round_text = state.values["round"]
    try:
        if round_text:
            from omprio.service.authoring import create_for_round

            if not round_text.isdecimal() or not 1 <= int(round_text) <= MAX_ID:
                raise NotFound("err.no_round", round=round_text[:20])
            if not state.values["title"]:
                raise InvalidInput("err.new_title")
            stored = create_for_round(ws, actor, int(round_text),
                                      state.values["round_department"], state.values["title"],
                                      reason=state.values["message"])
        else:
            new = af.new_catalog(state, lang)
            if new is None:
                return _new_page(request, ws, actor, state,
                                 problem=_has_errors(lang), status_code=422)
            stored = ws.create_catalog(actor, new, state.values["message"])
    except (InvalidInput, NotFound, Forbidden) as exc:
        return _new_page(request, ws, actor, state, problem=exc.text(lang),
                         status_code=exc.status)
    return see_other(request, _catalog_url(stored.info.catalog_id))


def _has_errors(lang: Lang) -> str:
    from omprio.web.i18n import t

    return t("edit.has_errors", lang)


# --- a new measure ------------------------------------------------------------------------


def _add_page(request: Request, stored: StoredVersion, state: af.Typed, *, base_version: int,
              problem: str | None = None, status_code: int = 200) -> Response:
    catalog = stored.catalog
    return render(request, "measure_new.html", {
        "stored": stored, "catalog": catalog, "catalog_id": stored.info.catalog_id,
        "years": catalog.years, "state": state, "base_version": base_version,
        "problem": problem}, status_code=status_code)


@router.get("/catalogs/{catalog_id}/measures/new")
def add_measure_form(request: Request, catalog_id: CatalogId, ws: WorkspaceDep,
                     actor: LoggedIn) -> Response:
    """The "Tilføj tiltag" form, based on the latest version."""
    require(actor, "editor")
    stored = ws.version(catalog_id, actor)
    twin = json_twin(request, {
        "catalog_id": catalog_id, "base_version": stored.info.number,
        "years": list(stored.catalog.years),
        "themes": [{"code": t.code, "title": t.title, "section": t.section}
                   for t in stored.catalog.themes]})
    if twin is not None:
        return twin
    state = af.typed({}, af.MEASURE_FIELDS, stored.catalog.years, ("net", "fte"))
    return _add_page(request, stored, state, base_version=stored.info.number)


@router.post("/catalogs/{catalog_id}/measures/new/check")
def check_new_measure(request: Request, catalog_id: CatalogId, ws: WorkspaceDep,
                      actor: LoggedIn, lang: PageLang, form: CheckedForm) -> Response:
    """What adding the typed measure would give (htmx, while one types): the problems, or the
    catalog's totals and the findings about the measure."""
    require(actor, "editor")
    stored = ws.version(catalog_id, actor)
    years = stored.catalog.years
    state = af.typed(form, af.MEASURE_FIELDS, years, ("net", "fte"))
    context: dict[str, Any] = {"state": state, "years": years, "problem": None,
                               "findings": [], "total": None}
    measure = af.new_measure(state, years, lang)
    if measure is not None:
        try:
            catalog, findings, status = ws.preview_add_measure(actor, catalog_id, measure)
        except (InvalidInput, NotFound) as exc:
            context["problem"] = exc.text(lang)
        else:
            grand = [t for t in catalog.overview_totals if t.section is None and t.theme is None]
            context["total"] = grand[-1].amounts if grand else None
            context["draft"] = status != ACCEPTED
            context["findings"] = [f for f in findings if f.measure == measure.code.strip()]
            context["counts"] = figures.count(context["findings"])
    return render(request, "_measure_check.html", context)


@router.post("/catalogs/{catalog_id}/measures/new")
def add_measure(request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: LoggedIn,
                lang: PageLang, form: CheckedForm) -> Response:
    """Add the measure as a new version and show it."""
    require(actor, "editor")
    stored = ws.version(catalog_id, actor)
    base_version = _base(form)
    state = af.typed(form, af.MEASURE_FIELDS, stored.catalog.years, ("net", "fte"))
    measure = af.new_measure(state, stored.catalog.years, lang)
    if measure is None:
        return _add_page(request, stored, state, base_version=base_version,
                         problem=_has_errors(lang), status_code=422)
    try:
        added = ws.add_measure(actor, catalog_id, measure, base_version=base_version,
                               reason=state.values["message"])
    except WorkspaceError as exc:
        if exc.status not in (403, 409, 422):
            raise
        return _add_page(request, stored, state, base_version=base_version,
                         problem=exc.text(lang), status_code=exc.status)
    code = measure.code.strip()
    return see_other(request, f"{_measure_url(catalog_id, code)}?saved={added.info.number}")


# --- delete, renumber, move ---------------------------------------------------------------


@router.get("/catalogs/{catalog_id}/measures/{code}/delete")
def delete_form(request: Request, catalog_id: CatalogId, code: MeasureCode,
                ws: WorkspaceDep, actor: LoggedIn) -> Response:
    """Ask before a measure is deleted."""
    _may_edit(actor, code)
    stored = ws.version(catalog_id, actor)
    measure = stored.catalog.measure(code)
    if measure is None:
        raise NotFound("err.no_measure", code=code)
    twin = json_twin(request, {"catalog_id": catalog_id, "code": code, "title": measure.title,
                               "base_version": stored.info.number})
    if twin is not None:
        return twin
    return render(request, "measure_delete.html", {
        "catalog": stored.catalog, "catalog_id": catalog_id, "measure": measure,
        "base_version": stored.info.number, "url": _measure_url(catalog_id, code)})


@router.post("/catalogs/{catalog_id}/measures/{code}/delete")
def delete_measure(request: Request, catalog_id: CatalogId, code: MeasureCode,
                   ws: WorkspaceDep, actor: LoggedIn, form: CheckedForm) -> Response:
    """Delete the measure as a new version and show the catalog."""
    ws.delete_measure(actor, catalog_id, code, base_version=_base(form),
                      reason=af.form_text(form.get("message")))
    return see_other(request, _catalog_url(catalog_id))


@router.post("/catalogs/{catalog_id}/measures/{code}/renumber")
def renumber_measure(request: Request, catalog_id: CatalogId, code: MeasureCode,
                     ws: WorkspaceDep, actor: LoggedIn, form: CheckedForm) -> Response:
    """Give the measure a new code and show it under that code."""
    new_code = af.form_text(form.get("new_code"), 100)
    stored = ws.renumber_measure(actor, catalog_id, code, new_code, base_version=_base(form),
                                 reason=af.form_text(form.get("message")))
    return see_other(request, f"{_measure_url(catalog_id, new_code)}?saved={stored.info.number}")


@router.post("/catalogs/{catalog_id}/measures/{code}/move")
def move_measure(request: Request, catalog_id: CatalogId, code: MeasureCode,
                 ws: WorkspaceDep, actor: LoggedIn, form: CheckedForm) -> Response:
    """Move the measure up or down among the measures, or to another theme."""
    direction = form.get("direction")
    theme = af.form_text(form.get("theme"), 100) or None
    position = None
    if direction in ("up", "down"):
        codes = [m.code for m in ws.version(catalog_id, actor).catalog.measures]
        if code not in codes:
            raise NotFound("err.no_measure", code=code)
        position = max(0, codes.index(code) + (-1 if direction == "up" else 1))
    elif theme is None:
        raise InvalidInput("err.move_what")
    stored = ws.move_measure(actor, catalog_id, code, base_version=_base(form),
                             position=position, theme=theme)
    if form.get("back") == "themes":  # moved from the structure page: back to it
        return see_other(request, f"/catalogs/{catalog_id}/themes#m-{quote(code, safe='')}")
    return see_other(request, f"{_measure_url(catalog_id, code)}?saved={stored.info.number}")


# --- themes and sections ------------------------------------------------------------------


@router.get("/catalogs/{catalog_id}/themes")
def themes_page(request: Request, catalog_id: CatalogId, ws: WorkspaceDep,
                actor: LoggedIn) -> Response:
    """The catalog's sections and themes, with their measures; forms to change them."""
    stored = ws.version(catalog_id, actor)
    catalog = stored.catalog
    members = {t.code: [m.code for m in catalog.measures if m.theme_number == t.code]
               for t in catalog.themes}
    sections = list(dict.fromkeys(t.section for t in catalog.themes if t.section))
    twin = json_twin(request, {
        "catalog_id": catalog_id, "base_version": stored.info.number, "sections": sections,
        "themes": [{"code": t.code, "title": t.title, "section": t.section,
                    "measures": members[t.code]} for t in catalog.themes]})
    if twin is not None:
        return twin
    return render(request, "themes.html", {
        "catalog": catalog, "catalog_id": catalog_id, "members": members, "sections": sections,
        "base_version": stored.info.number, "may_change": actor.may_change_catalog(),
        "actor": actor})


@router.post("/catalogs/{catalog_id}/themes")
def change_themes(request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: LoggedIn,
                  form: CheckedForm) -> Response:
    """Add, rename or delete a theme; rename or delete a section."""
    action = form.get("action")
    base = _base(form)
    code = af.form_text(form.get("code"), 100)
    title = af.form_text(form.get("title"), 2000)
    section = af.form_text(form.get("section"), 2000)
    reason = af.form_text(form.get("message"))
    if action == "add":
        ws.add_theme(actor, catalog_id, Theme(code, title, section or None), base_version=base,
                     reason=reason)
    elif action == "rename":
        ws.rename_theme(actor, catalog_id, code, title=title, section=section or None,
                        base_version=base, reason=reason)
    elif action == "delete":
        ws.delete_theme(actor, catalog_id, code, base_version=base, reason=reason)
    elif action == "rename_section":
        ws.rename_section(actor, catalog_id, section, af.form_text(form.get("new_name"), 2000),
                          base_version=base, reason=reason)
    elif action == "delete_section":
        ws.delete_section(actor, catalog_id, section, base_version=base, reason=reason)
    else:
        raise InvalidInput("err.theme_action")
    return see_other(request, f"/catalogs/{catalog_id}/themes")
