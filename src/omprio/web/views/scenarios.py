"""Scenarios in the browser: a catalog's stored scenarios, the scenario builder (new, evaluate,
open, save, delete).

A scenario (:mod:`omprio.decide.scenario`) puts each candidate measure in, out, or (a measure
marked divisible) in at a percentage, and carries its targets per year. The builder is one form
(:mod:`omprio.web.views.scenario_forms`): every change (htmx, ``hx-trigger="change"``) posts it
to ``…/scenarios/evaluate``, which answers with the figures as a fragment: per year the selected
total, the target, the gap, the staff change and positions lost, bars of savings against the
target, charts by theme and operating area, the constraints the selection breaks and the
consequences for citizens (the selected measures' descriptions). Without JavaScript the form's
"Beregn" button posts the same form and gets the whole page back. Saving stores the scenario with
the catalog (:meth:`~omprio.store.workspace.Workspace.save_scenario`); the revision the form was
opened at travels with it, so a save over someone else's newer one is refused with a message,
never silent. Every page answers JSON too (``Accept: application/json``), encoded as the CLI and
the REST API encode it (:mod:`omprio.service.decide_json`).

Scenarios are the negotiators' working papers: every page here needs a login (:data:`LoggedIn`,
also for a public catalog); changing or deleting another person's scenario needs the role
editor. The figures are computed on the catalog's latest version; a scenario that no longer fits
it (a measure was removed) is shown on the version it was made on
(:func:`omprio.service.decide.evaluate_stored`). The comparison and the downloads are
:mod:`~omprio.web.views.scenario_compare` and :mod:`~omprio.web.views.scenario_downloads`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import JSONResponse, Response

from omprio.display import Lang
from omprio.service.decide import evaluate_stored, may_change, refusal, without
from omprio.service.decide_json import evaluation_json, summary_json
from omprio.store.accounts import Actor
from omprio.store.errors import Conflict, InvalidInput, NotFound
from omprio.store.workspace import StoredScenario, StoredVersion, Workspace
from omprio.web import jobs
from omprio.web.auth import CheckedForm
from omprio.web.deps import LoggedIn, WorkspaceDep
from omprio.web.errors import is_htmx, wants_json
from omprio.web.i18n import t
from omprio.web.measure_list import view_from
from omprio.web.schemas import MAX_ID
from omprio.web.templating import render, when
from omprio.web.views.common import CatalogId, PageLang, see_other
from omprio.web.views.scenario_forms import (
    Builder,
    builder_from_form,
    builder_from_scenario,
    evaluate_builder,
    result_context,
)
from omprio.web.views.scenario_kept import builder_context, builder_listing, new_builder

if TYPE_CHECKING:
    from omprio.decide.scenario import Evaluation, Scenario

router = APIRouter(include_in_schema=False)

ScenarioId = Annotated[int, Path(ge=1, le=MAX_ID, description="The scenario's id.")]



def scenarios_url(catalog_id: int) -> str:
    """The path of a catalog's scenario list."""
    return f"/catalogs/{catalog_id}/scenarios"


def _json(data: Any, status_code: int = 200) -> Response:
    return JSONResponse(data, status_code=status_code)


def _error(code: str, message: str | None, builder: Builder, lang: Lang) -> dict[str, Any]:
    """The JSON error of the builder's form, with why deciding refused it as a value."""
    error: dict[str, Any] = {"code": code, "message": message or ""}
    if builder.refused is not None:
        error["problems"] = [builder.refused.as_json(lang)]
    return error


# --- pages ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Listed:
    """A stored scenario in the list, with its figures (None when it fits no version)."""

    item: StoredScenario
    evaluation: Evaluation | None
    version: int
    outdated: bool


@router.get("/catalogs/{catalog_id}/scenarios")
def scenario_list(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    allowed: LoggedIn,
    deleted: Annotated[int | None, Query(ge=1, le=1)] = None,
) -> Response:
    """The catalog's stored scenarios, whether each reaches the target per year, a button for
    a new one, and a choice of scenarios to compare."""
    latest = ws.version(catalog_id, allowed)
    items = ws.scenarios(catalog_id, allowed)
    evaluated = [evaluate_stored(ws, allowed, item, latest) for item in items]
    listed = [
        Listed(e.item, e.evaluation, e.version.info.number, e.outdated) for e in evaluated
    ]
    if wants_json(request):
        from omprio.service.decide_json import listed_json

        return _json(
            {
                "catalog_id": catalog_id,
                "latest_version": latest.info.number,
                "scenarios": [listed_json(entry) for entry in evaluated],
            }
        )
    return render(
        request,
        "scenarios.html",
        {
            "catalog": latest.catalog,
            "catalog_id": catalog_id,
            "latest": latest.info.number,
            "listed": listed,
            "years": latest.catalog.years,
            "deleted": bool(deleted),
        },
    )


def _builder_page(
    request: Request,
    stored: StoredVersion,
    builder: Builder,
    evaluation: Evaluation | None,
    *,
    status_code: int = 200,
    **details: Any,
) -> Response:
    """The builder page; ``details`` are :func:`builder_context`'s (item, actor, lang, …)."""
    context = builder_context(stored, builder, evaluation, **details)
    return render(request, "scenario.html", context, status_code=status_code)


@router.get("/catalogs/{catalog_id}/scenarios/new")
async def new_scenario(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    allowed: LoggedIn,
    lang: PageLang,
) -> Response:
    """The builder for a new scenario: nothing selected, the catalog's own target (the page
    kept per version and language, :mod:`~omprio.web.views.scenario_kept`); the measure list's
    search, filters, sort and page are GET parameters (:mod:`omprio.web.measure_list`)."""
    if wants_json(request):
        return await run_in_threadpool(_new_json, ws, allowed, catalog_id, lang)
    view = view_from(request.query_params)
    return await new_builder(request, ws, allowed, catalog_id, lang, view)


def _new_json(ws: Workspace, actor: Actor, catalog_id: int, lang: Lang) -> Response:
    from omprio.decide.scenario import empty_scenario, evaluate
    from omprio.decide.scenario_json import scenario_to_json

    stored = ws.version(catalog_id, actor)
    scenario = empty_scenario(stored.catalog, "")
    evaluation = evaluate(scenario, stored.catalog)
    return _json(
        {"document": scenario_to_json(scenario), "evaluation": evaluation_json(evaluation, lang)}
    )


@router.post("/catalogs/{catalog_id}/scenarios/evaluate")
def evaluate_form(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    allowed: LoggedIn,
    lang: PageLang,
    form: CheckedForm,
) -> Response:
    """The figures of the builder's form: a fragment for htmx, the whole page without
    JavaScript ("Beregn"), JSON for ``Accept: application/json``."""
    stored = ws.version(catalog_id, allowed)
    builder, scenario = builder_from_form(stored.catalog, form, lang)
    with jobs.slot(request):
        evaluation, problem = evaluate_builder(stored.catalog, scenario, builder, lang)
    if wants_json(request):
        if evaluation is None:
            return _json(
                {
                    "error": _error("invalid-input", problem, builder, lang),
                    "fields": builder.errors,
                },
                status_code=422,
            )
        return _json(evaluation_json(evaluation, lang))
    view = view_from(form)
    if is_htmx(request):
        listing = builder_listing(stored, builder, view, allowed)
        context = {
            "catalog": stored.catalog,
            "catalog_id": catalog_id,
            "builder": builder,
            "errors": builder.errors,
            "shown": [row.measure.code for row in listing.shown],
            "oob": True,
            **result_context(evaluation, stored.catalog, lang, problem),
        }
        return render(request, "scenario_result.html", context)
    item = _posted_item(ws, allowed, catalog_id, form)
    return _builder_page(
        request,
        stored,
        builder,
        evaluation,
        item=item,
        actor=allowed,
        lang=lang,
        problem=problem,
        base_revision=_posted_revision(form),
        view=view,
        status_code=200 if evaluation is not None else 422,
    )


def _posted_id(form: FormData, name: str) -> int | None:
    text = form.get(name)
    if (
        isinstance(text, str)
        and text.isascii()  # int() takes no "²", which isdigit() does
        and text.isdecimal()
        and len(text) < 11
        and 1 <= int(text) <= MAX_ID
    ):
        return int(text)
    return None


def _posted_revision(form: FormData) -> int | None:
    return _posted_id(form, "base_revision")


def _posted_item(
    ws: Workspace, actor: Actor, catalog_id: int, form: FormData
) -> StoredScenario | None:
    scenario_id = _posted_id(form, "scenario_id")
    if scenario_id is None:
        return None
    try:
        return ws.scenario(catalog_id, scenario_id, actor)
    except NotFound:
        return None


@router.get("/catalogs/{catalog_id}/scenarios/{scenario_id}")
def scenario_page(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    ws: WorkspaceDep,
    allowed: LoggedIn,
    lang: PageLang,
    saved: Annotated[int | None, Query(ge=1, le=1)] = None,
) -> Response:
    """A stored scenario in the builder, with its downloads."""
    item = ws.scenario(catalog_id, scenario_id, allowed)
    latest = ws.version(catalog_id, allowed)
    evaluated = evaluate_stored(ws, allowed, item, latest)
    if wants_json(request):
        from omprio.service.decide_json import stored_json

        return _json(stored_json(evaluated, lang))
    builder, missing = builder_from_scenario(latest.catalog, item.scenario, lang)
    problem = None
    notice = None
    shown = evaluated.evaluation
    if not evaluated.on_latest:
        # The form works on the latest version; the stored figures are of the scenario's own.
        scenario = without(item.scenario, missing)
        shown, problem = evaluate_builder(latest.catalog, scenario, builder, lang)
    if item.version < latest.info.number:
        notice = t("scenario.outdated", lang, version=item.version, latest=latest.info.number)
    return _builder_page(
        request,
        latest,
        builder,
        shown,
        item=item,
        actor=allowed,
        lang=lang,
        problem=problem,
        notice=notice,
        missing=missing,
        saved=bool(saved),
        view=view_from(request.query_params),
    )


def _save(
    request: Request,
    ws: Workspace,
    actor: Actor,
    lang: Lang,
    catalog_id: int,
    form: FormData,
    scenario_id: int | None,
) -> Response:
    stored = ws.version(catalog_id, actor)
    item = ws.scenario(catalog_id, scenario_id, actor) if scenario_id is not None else None
    base_revision = _posted_revision(form) if scenario_id is not None else None
    builder, scenario = builder_from_form(stored.catalog, form, lang)
    if not builder.name:
        builder.errors["name"] = t("scenario.name_missing", lang)
    evaluation, problem = evaluate_builder(stored.catalog, scenario, builder, lang)

    def again(status: int, problem: str | None = None, conflict: str | None = None) -> Response:
        if wants_json(request):
            return _json(
                {
                    "error": _error(
                        "conflict" if status == 409 else "invalid-input",
                        conflict or problem,
                        builder,
                        lang,
                    ),
                    "fields": builder.errors,
                },
                status_code=status,
            )
        return _builder_page(
            request,
            stored,
            builder,
            evaluation,
            item=item,
            actor=actor,
            lang=lang,
            problem=problem,
            conflict=conflict,
            base_revision=base_revision,
            view=view_from(form),
            status_code=status,
        )

    if scenario is None or evaluation is None or builder.errors:
        return again(422, problem or t("scenario.has_errors", lang))
    if item is not None and base_revision is not None and item.revision != base_revision:
        # Saved by someone else meanwhile: that is the news, before whether one may replace
        # their save (the workspace checks the revision again when it writes).
        return again(
            409, conflict=t("scenario.conflict", lang, author=item.saved_by, when=_when(item, lang))
        )
    try:
        result = ws.save_scenario(
            catalog_id,
            scenario,
            actor,
            scenario_id=scenario_id,
            base_revision=base_revision,
        )
    except Conflict:
        return again(
            409, conflict=_conflict_text(ws, actor, catalog_id, scenario, item, base_revision, lang)
        )
    except InvalidInput as exc:
        cause = refusal(exc)
        reason = cause.text(lang) if cause is not None else exc.text(lang)
        return again(422, t("scenario.invalid", lang, reason=reason))
    return see_other(request, f"{scenarios_url(catalog_id)}/{result.id}?saved=1")


def _conflict_text(
    ws: Workspace,
    actor: Actor,
    catalog_id: int,
    scenario: Scenario,
    item: StoredScenario | None,
    base_revision: int | None,
    lang: Lang,
) -> str:
    """Why a save was refused, for people: someone saved it meanwhile, or the name is taken."""
    if item is not None:
        try:
            now = ws.scenario(catalog_id, item.id, actor)
        except NotFound:
            return t("scenario.conflict_gone", lang)
        if base_revision is not None and now.revision != base_revision:
            return t("scenario.conflict", lang, author=now.saved_by, when=_when(now, lang))
    return t("scenario.name_taken", lang, name=scenario.name)


def _when(item: StoredScenario, lang: Lang) -> str:
    return when(item.updated_at, lang)


@router.post("/catalogs/{catalog_id}/scenarios")
def save_new(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    allowed: LoggedIn,
    lang: PageLang,
    form: CheckedForm,
) -> Response:
    """Store the builder's scenario as a new one (its name must be new in the catalog)."""
    return _save(request, ws, allowed, lang, catalog_id, form, None)


@router.post("/catalogs/{catalog_id}/scenarios/{scenario_id}")
def save_existing(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    ws: WorkspaceDep,
    allowed: LoggedIn,
    lang: PageLang,
    form: CheckedForm,
) -> Response:
    """Replace a stored scenario; refused (409) if someone saved it after the form was opened."""
    return _save(request, ws, allowed, lang, catalog_id, form, scenario_id)


@router.get("/catalogs/{catalog_id}/scenarios/{scenario_id}/delete")
def delete_form(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    ws: WorkspaceDep,
    allowed: LoggedIn,
) -> Response:
    """Are you sure? (Deleting works without JavaScript, so the question is a page.)"""
    item = ws.scenario(catalog_id, scenario_id, allowed)
    stored = ws.version(catalog_id, allowed)
    if wants_json(request):
        return _json(
            {**summary_json(item), "may_delete": may_change(allowed, item)}
        )
    return render(
        request,
        "scenario_delete.html",
        {
            "catalog": stored.catalog,
            "catalog_id": catalog_id,
            "item": item,
            "may_change": may_change(allowed, item),
        },
    )


@router.post("/catalogs/{catalog_id}/scenarios/{scenario_id}/delete")
def delete(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    ws: WorkspaceDep,
    allowed: LoggedIn,
    form: CheckedForm,
) -> Response:
    """Remove a stored scenario (its author, an editor or an administrator)."""
    ws.delete_scenario(catalog_id, scenario_id, allowed)
    if wants_json(request):
        return Response(status_code=204)
    return see_other(request, f"{scenarios_url(catalog_id)}?deleted=1")
