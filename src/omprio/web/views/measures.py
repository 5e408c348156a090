"""A measure's page, its PDF, its edit form, the live preview of an edit, and saving it.

The preview (htmx, on every change after 300 ms) shows what the edit does to the catalog's
totals per year, to the gap to the target, to the staff changes and to the findings, using
:meth:`~omprio.store.workspace.Workspace.preview_edit`; cells that are not Danish numbers get
their error next to them. Saving sends the version the form was opened from; if someone changed
the measure meanwhile the workspace refuses (409) and the form says so, keeping what was typed.
Unless the form says the net differs from the lines, the net follows them
(:func:`~omprio.web.forms.follow_lines`). An edit that brings error-level findings is saved only
when confirmed ("Gem alligevel"); the measure's page then says what was saved and how many
findings the saved version has.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from omprio.display import Lang
from omprio.model import Measure
from omprio.store.accounts import Actor
from omprio.store.edits import UnconfirmedErrors
from omprio.store.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    WorkspaceError,
)
from omprio.store.workspace import StoredVersion, Workspace
from omprio.web import effects, figures, forms, jobs, payloads
from omprio.web.auth import CheckedForm
from omprio.web.changes import shown
from omprio.web.deps import LoggedIn, PageActor, WorkspaceDep
from omprio.web.i18n import t
from omprio.web.schemas import MAX_ID
from omprio.web.templating import render
from omprio.web.views.common import (
    CatalogId,
    MeasureCode,
    PageLang,
    VersionNumber,
    json_twin,
    see_other,
)
from omprio.web.views.submissions import measure_panel

router = APIRouter(include_in_schema=False)


def measure_url(catalog_id: int, code: str) -> str:
    """The path of a measure's page."""
    return f"/catalogs/{catalog_id}/measures/{quote(code, safe='')}"


def _measure(stored: StoredVersion, code: str) -> Measure:
    measure = stored.catalog.measure(code)
    if measure is None:
        raise NotFound("err.no_measure", code=code)
    return measure


@router.get("/catalogs/{catalog_id}/measures/{code}")
def measure_page(
    request: Request,
    catalog_id: CatalogId,
    code: MeasureCode,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    version: VersionNumber = None,
    saved: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    unchanged: Annotated[int | None, Query(ge=0, le=1)] = None,
    status_note: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    """Every field of a measure and its findings, its status with the changes the user may
    make, and its comment thread."""
    stored = ws.version(catalog_id, actor, version)
    twin = json_twin(request, payloads.measure(stored, code, lang))
    if twin is not None:
        return twin
    measure = _measure(stored, code)
    latest = stored if version is None else ws.version(catalog_id, actor)
    is_latest = stored.info.number == latest.info.number
    own = [f for f in stored.findings if f.measure == code]
    return render(
        request,
        "measure.html",
        {
            "stored": stored,
            "catalog": stored.catalog,
            "catalog_id": catalog_id,
            "info": stored.info,
            "measure": measure,
            "years": forms.years_of(measure, stored.catalog.years),
            "findings": own,
            "own_counts": figures.count(own),
            "last_edit": ws.last_edit(catalog_id, code, actor, stored.info.number),
            "is_latest": is_latest,
            "latest": latest.info.number,
            "may_edit": is_latest and actor is not None and actor.may_edit(code),
            "saved": saved,
            "unchanged": bool(unchanged),
            "url": measure_url(catalog_id, code),
            "status_note": status_note,
            **measure_panel(ws, actor, catalog_id, measure),
        },
    )


@router.get("/catalogs/{catalog_id}/measures/{code}/publish/pdf")
def measure_pdf(
    request: Request,
    catalog_id: CatalogId,
    code: MeasureCode,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    version: VersionNumber = None,
) -> Response:
    """The measure's page as a PDF, in the layout of the catalog's PDF, with the catalog's
    name, stage, version and its date (who may read the catalog may download it)."""
    from omprio.publish.edition import Edition
    from omprio.publish.formats import MEDIA_TYPES, publish_measure

    stored = ws.version(catalog_id, actor, version)
    _measure(stored, code)
    edition = Edition.of_version(stored.catalog.title, stored.info)
    with jobs.slot(request):  # one page, but Typst all the same: one of the few job slots
        made = publish_measure(stored.catalog, code, lang, edition)
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", code)
    name = f"omprio-katalog-{catalog_id}-v{stored.info.number}-{safe}.pdf"
    return Response(made, media_type=MEDIA_TYPES["pdf"],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _may_edit(actor: Actor, code: str) -> None:
    if not actor.may_edit(code):
        areas = ", ".join(actor.areas) or "-"
        raise Forbidden("err.areas_edit", areas=areas, code=code)


def _edit_page(
    request: Request,
    stored: StoredVersion,
    measure: Measure,
    state: forms.FormState,
    *,
    base_version: int,
    errors: dict[str, str] | None = None,
    problem: str | None = None,
    conflict: list[Any] | None = None,
    unconfirmed: list[Any] | None = None,
    status_code: int = 200,
) -> Response:
    catalog_id = stored.info.catalog_id
    return render(
        request,
        "edit.html",
        {
            "stored": stored,
            "catalog": stored.catalog,
            "catalog_id": catalog_id,
            "measure": measure,
            "state": state,
            "errors": errors or {},
            "problem": problem,
            "conflict": conflict,
            "unconfirmed": unconfirmed,
            "base_version": base_version,
            "url": measure_url(catalog_id, measure.code),
        },
        status_code=status_code,
    )


@router.get("/catalogs/{catalog_id}/measures/{code}/edit")
def edit_form(
    request: Request,
    catalog_id: CatalogId,
    code: MeasureCode,
    ws: WorkspaceDep,
    actor: LoggedIn,
    lang: PageLang,
) -> Response:
    """The edit form, filled from the latest version (amounts written in the page's language)."""
    _may_edit(actor, code)
    stored = ws.version(catalog_id, actor)
    measure = _measure(stored, code)
    state = forms.state_from_measure(measure, stored.catalog.years, lang)
    return _edit_page(request, stored, measure, state, base_version=stored.info.number)


# --- preview ------------------------------------------------------------------------------


@router.post("/catalogs/{catalog_id}/measures/{code}/preview")
def preview(
    request: Request,
    catalog_id: CatalogId,
    code: MeasureCode,
    ws: WorkspaceDep,
    actor: LoggedIn,
    lang: PageLang,
    form: CheckedForm,
) -> Response:
    """The effect of the form's edit, as a fragment (with out-of-band cell errors)."""
    _may_edit(actor, code)
    stored = ws.version(catalog_id, actor)
    measure = _measure(stored, code)
    state = forms.state_from_form(form, measure, stored.catalog.years)
    forms.follow_lines(state, lang)
    parsed = forms.to_patch(state, measure, lang)
    context: dict[str, Any] = {
        "catalog": stored.catalog,
        "state": state,
        "errors": parsed.errors,
        "fields": forms.error_fields(form),
        "status": "ok",
        "problem": None,
    }
    if parsed.errors:
        context["status"] = "invalid"
    elif not parsed.patch:
        context["status"] = "none"
    else:
        try:
            edited, after = ws.preview_edit(catalog_id, code, parsed.patch, actor)
        except InvalidInput as exc:
            context["status"] = "problem"
            context["problem"] = exc.text(lang)
        else:
            new, gone = effects.finding_changes(stored.findings, after)
            context.update(
                rows=effects.effect_rows(stored.catalog, edited, code, lang),
                years=stored.catalog.years or state.years,
                new_findings=new,
                gone_findings=gone,
                after=figures.count(after),
            )
    return render(request, "_preview.html", context)


# --- save ---------------------------------------------------------------------------------


@router.post("/catalogs/{catalog_id}/measures/{code}/edit")
def save(
    request: Request,
    catalog_id: CatalogId,
    code: MeasureCode,
    ws: WorkspaceDep,
    actor: LoggedIn,
    lang: PageLang,
    form: CheckedForm,
) -> Response:
    """Store the edit as a new version, or show why not (errors, conflict)."""
    _may_edit(actor, code)
    stored = ws.version(catalog_id, actor)
    measure = _measure(stored, code)
    state = forms.state_from_form(form, measure, stored.catalog.years)
    forms.follow_lines(state, lang)
    base_text = form.get("base_version")
    if not (
        isinstance(base_text, str)
        and base_text.isdecimal()
        and len(base_text) < 11
        and 1 <= int(base_text) <= MAX_ID
    ):
        raise InvalidInput("err.base_version")
    base_version = int(base_text)
    parsed = forms.to_patch(state, measure, lang)
    if parsed.errors:
        return _edit_page(
            request,
            stored,
            measure,
            state,
            base_version=base_version,
            errors=parsed.errors,
            problem=t("edit.has_errors", lang),
            status_code=422,
        )
    url = measure_url(catalog_id, code)
    if not parsed.patch:
        return see_other(request, f"{url}?unchanged=1")
    try:
        result = ws.edit_measure(
            catalog_id,
            code,
            parsed.patch,
            actor,
            base_version=base_version,
            message=state.message,
            confirm_errors=form.get("confirm_errors") == "1",
        )
    except UnconfirmedErrors as exc:
        return _edit_page(
            request,
            stored,
            measure,
            state,
            base_version=base_version,
            problem=t("edit.unconfirmed", lang, code=code),
            unconfirmed=exc.findings,
            status_code=422,
        )
    except Conflict:
        return _edit_page(
            request,
            stored,
            measure,
            state,
            base_version=base_version,
            problem=t("edit.conflict", lang, base=base_version),
            conflict=_changed_since(ws, catalog_id, code, base_version, stored, actor, lang),
            status_code=409,
        )
    except InvalidInput as exc:
        return _edit_page(
            request,
            stored,
            measure,
            state,
            base_version=base_version,
            problem=t("edit.invalid", lang, reason=exc.text(lang)),
            status_code=422,
        )
    if "code" in parsed.patch:  # renumbered: the measure's page is at its new code
        url = measure_url(catalog_id, str(parsed.patch["code"]).strip())
    return see_other(request, f"{url}?saved={result.info.number}")


def _changed_since(
    ws: Workspace,
    catalog_id: int,
    code: str,
    base: int,
    latest: StoredVersion,
    actor: Actor,
    lang: Lang,
) -> list[Any]:
    try:
        result = ws.diff(catalog_id, base, latest.info.number, actor)
    except WorkspaceError:
        return []
    return [shown(c, lang) for m in result.changed if m.code == code for c in m.changes]
