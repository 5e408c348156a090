"""The optimize page: a form with the objective, targets and constraints, the optimizer's answer,
and saving the package found as a stored scenario.

``GET /catalogs/{id}/optimize`` shows the form (:mod:`omprio.web.views.optimize_form`): what to
minimize (positions lost, number of measures, harm, over-delivery), the target per year (the
catalog's own, typed the Danish way, or one amount for every year), per measure must include /
must exclude / free choice, a harm score, whether it may be taken in part and how likely its
saving is; caps per theme and operating area, the most positions lost a year, a safety margin, a
required probability of reaching the target and how many next-best packages to list. ``POST``
(CSRF-checked; htmx gets the result alone) solves it with :func:`omprio.service.decide.solve` in
the request's worker thread, in one of the app's few slots for expensive jobs
(:mod:`omprio.web.jobs`; 503 when they stay taken) and under a total time limit for the whole
request (a required probability iterates several solves within it), and shows whether the
package is proven optimal (or its gap), the totals per year against the target, the staff
changes, the objective, the next-best packages, and for an impossible target the shortfall per
year and what binds. Input that cannot make a problem is a message on the form (422), never a
server error. ``POST …/optimize/save`` stores a package with
:meth:`~omprio.store.workspace.Workspace.save_scenario` and goes to the scenario's page.
Optimizing needs a login (:data:`~omprio.web.deps.LoggedIn`), as scenarios do (both are working
papers, and a solve costs seconds of CPU): an anonymous visitor of the form is sent to the login
page, an anonymous post is refused (401). The JSON answer is the one of ``omprio optimize
--format json`` and the REST API (:mod:`omprio.service.decide_json`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from starlette.datastructures import FormData
from starlette.responses import JSONResponse, Response

from omprio import display
from omprio.display import Lang
from omprio.model import Measure
from omprio.money import NumberRefused, number_from_text
from omprio.service.decide import Answer, limited, refusal, solve
from omprio.store.accounts import Actor
from omprio.store.errors import Conflict, InvalidInput
from omprio.store.workspace import StoredVersion, Workspace
from omprio.web import jobs
from omprio.web.auth import CheckedForm, csrf_token
from omprio.web.deps import LoggedIn, WorkspaceDep
from omprio.web.errors import is_htmx, wants_json
from omprio.web.i18n import t
from omprio.web.measure_list import PAGE_SIZE, View, list_measures, view_from
from omprio.web.templating import render
from omprio.web.views.common import CatalogId, PageLang, see_other
from omprio.web.views.optimize_form import (
    MAX_ALTERNATIVES,
    OBJECTIVE_KEYS,
    Plan,
    Setup,
    compact_fields,
    default_fields,
    form_number,
    is_set,
    posted_fields,
    read_plan,
    setup_of,
)

if TYPE_CHECKING:
    from omprio.decide.errors import DecideError
    from omprio.decide.problem import Problem

router = APIRouter(include_in_schema=False)

TIME_LIMIT = 10.0
"""Seconds the optimizer may take for one answer in the web (in total, all solves of it)."""
_MAX_FIELDS_JSON = 200_000


def _solve(problem: Problem, plan: Plan) -> Answer:
    return solve(
        problem, plan.risk, plan.probability, limited(TIME_LIMIT, plan.alternatives)
    )


def _page(
    request: Request,
    setup: Setup,
    fields: Mapping[str, str],
    lang: Lang,
    *,
    plan: Plan | None = None,
    answer: Answer | None = None,
    problem_message: str | None = None,
    save_message: str | None = None,
    status_code: int = 200,
    view: View | None = None,
    actor: Actor | None = None,
    whole: bool = False,
) -> Response:
    listing = list_measures(
        setup.measures,
        lambda measure: measure,
        lambda measure: is_set(fields, measure.code),
        view or View(),
        findings=setup.findings,
        theme_titles=dict(setup.themes),
        years=setup.years,
        actor_areas=actor.areas if actor is not None else (),
    )
    context = {
        "listing": listing,
        "page_size": PAGE_SIZE,
        "hidden_set": sum(1 for measure in listing.hidden if is_set(fields, measure.code)),
        "catalog": setup.catalog,
        "catalog_id": setup.catalog_id,
        "setup": setup,
        "fields": fields,
        "errors": plan.errors if plan is not None else {},
        "notes": plan.notes if plan is not None else {},
        "problem_message": problem_message,
        "save_message": save_message,
        "result": result_view(answer, setup, lang) if answer is not None else None,
        "fields_json": json.dumps(compact_fields(fields, setup), ensure_ascii=False),
        "csrf": csrf_token(request),
        "max_alternatives": MAX_ALTERNATIVES,
        "time_limit": int(TIME_LIMIT),
    }
    name = "_optimize_result.html" if is_htmx(request) and not whole else "optimize.html"
    return render(request, name, context, status_code=status_code)


@router.get("/catalogs/{catalog_id}/optimize")
def optimize_form(
    request: Request, catalog_id: CatalogId, ws: WorkspaceDep, allowed: LoggedIn, lang: PageLang
) -> Response:
    """The form, filled in with the catalog's own target (a login is needed); the measure
    list's search, filters, sort and page are GET parameters (:mod:`omprio.web.measure_list`)."""
    stored = ws.version(catalog_id, allowed)
    setup = setup_of(stored)
    if wants_json(request):
        return JSONResponse(
            {
                "catalog_id": setup.catalog_id,
                "version": setup.version,
                "years": list(setup.years),
                "targets": {str(y): _json_number(v) for y, v in setup.targets.items()},
                "candidates": [m.code for m in setup.measures if m.code in setup.candidates],
                "measures": [m.code for m in setup.measures],
                "themes": [key for key, _ in setup.themes],
                "areas": list(setup.areas),
                "objectives": list(OBJECTIVE_KEYS),
            }
        )
    return _page(
        request,
        setup,
        _with_game_harm(ws, catalog_id, allowed, default_fields(setup, lang), lang),
        lang,
        view=view_from(request.query_params),
        actor=allowed,
    )


def _with_game_harm(ws: Workspace, catalog_id: int, actor: Actor, fields: dict[str, str],
                    lang: Lang) -> dict[str, str]:
    """The form's first fields with the harm scores set from the budget game (``Brug som
    skadesscore``), if any: the objective becomes harm, each measure's score filled in."""
    harm = ws.game_harm(catalog_id, actor)
    if harm.scores:
        fields["objective"] = "harm"
        for code, score in harm.scores.items():
            if f"m-{code}" in fields:
                fields[f"harm-{code}"] = form_number(score, lang)
    return fields


@router.post("/catalogs/{catalog_id}/optimize/view")
def optimize_view(
    request: Request,
    catalog_id: CatalogId,
    form: CheckedForm,
    ws: WorkspaceDep,
    user: LoggedIn,
    lang: PageLang,
) -> Response:
    """The form again as posted, with another page, search, filter or sort of its measures
    (nothing is solved; what was set for measures not shown is kept in the form). htmx gets
    the whole page and is told to swap the form alone."""
    setup, fields = _posted(ws, catalog_id, user, form, lang)
    response = _page(
        request,
        setup,
        fields,
        lang,
        view=view_from(form),
        actor=user,
        whole=True,
    )
    if is_htmx(request):
        response.headers["HX-Retarget"] = "#optimize-form"
        response.headers["HX-Reselect"] = "#optimize-form"
        response.headers["HX-Reswap"] = "outerHTML"
    return response


def _json_number(value: Decimal) -> int | float:
    from omprio.money import to_json_number

    return to_json_number(value.normalize() + 0)


def _version(
    ws: Workspace, catalog_id: int, actor: Actor | None, fields: Mapping[str, str]
) -> StoredVersion:
    text = fields.get("version", "")
    number = int(text) if text.isascii() and text.isdigit() and 0 < len(text) < 10 else None
    return ws.version(catalog_id, actor, number)


def _posted(
    ws: Workspace,
    catalog_id: int,
    actor: Actor | None,
    form: FormData | Mapping[str, object],
    lang: Lang,
) -> tuple[Setup, dict[str, str]]:
    """The catalog version the form was drawn on, and the form's fields as posted."""
    raw = {k: v for k, v in form.items() if isinstance(v, str)}
    setup = setup_of(_version(ws, catalog_id, actor, raw))
    fields = posted_fields(form, setup, lang)
    fields["version"] = str(setup.version)
    return setup, fields


def _prepare(
    ws: Workspace,
    catalog_id: int,
    actor: Actor | None,
    form: FormData | Mapping[str, object],
    lang: Lang,
) -> tuple[Setup, dict[str, str], Plan, Problem | None, str | None, DecideError | None]:
    """The catalog, the fields, the plan, and the problem (or why it cannot be posed: the
    message, and the refusal when deciding refused it)."""
    from omprio.decide.errors import DecideError
    from omprio.decide.problem import build_problem

    setup, fields = _posted(ws, catalog_id, actor, form, lang)
    plan = read_plan(fields, setup, lang)
    if plan.request is None:
        return setup, fields, plan, None, t("opt.err.fields", lang), None
    try:
        problem = build_problem(setup.catalog, plan.request)
    except DecideError as error:
        return setup, fields, plan, None, error.text(lang), error
    return setup, fields, plan, problem, None, None


@router.post("/catalogs/{catalog_id}/optimize")
def optimize_run(
    request: Request,
    catalog_id: CatalogId,
    form: CheckedForm,
    ws: WorkspaceDep,
    user: LoggedIn,
    lang: PageLang,
) -> Response:
    """Optimize as the form asks; the answer (JSON to ``Accept: application/json``: the
    document of ``omprio optimize --format json``). A login is needed; the solve holds one of
    the app's job slots."""
    setup, fields, plan, problem, message, refused = _prepare(ws, catalog_id, user, form, lang)
    if problem is None:
        if wants_json(request):
            if refused is not None:
                raise InvalidInput("err.problem", problem=refused) from refused
            detail = "; ".join(plan.errors.values()) or message or ""
            raise InvalidInput("err.problem", problem=detail)
        return _page(
            request, setup, fields, lang, plan=plan, problem_message=message, status_code=422,
            view=view_from(form), actor=user,
        )
    with jobs.slot(request):
        answer = _solve(problem, plan)
    if wants_json(request):
        from omprio.service.decide_json import outcome_json

        return JSONResponse(outcome_json(answer, lang))
    return _page(
        request, setup, fields, lang, plan=plan, answer=answer, view=view_from(form), actor=user
    )


def parse_selection(text: str) -> dict[str, Decimal] | None:
    """``CODE=1;CODE=0.55`` (as the result page posts a package) as a selection."""
    selection: dict[str, Decimal] = {}
    for part in text.split(";"):
        code, sep, share = part.partition("=")
        if not sep or not code:
            return None
        try:
            value = number_from_text(share)
        except NumberRefused:
            return None
        if value <= 0 or value > 1:
            return None
        selection[code] = value
    return selection or None


@router.post("/catalogs/{catalog_id}/optimize/save")
def optimize_save(
    request: Request,
    catalog_id: CatalogId,
    form: CheckedForm,
    ws: WorkspaceDep,
    user: LoggedIn,
    lang: PageLang,
) -> Response:
    """Store a package of the result as a scenario and go to its page (a login is needed)."""
    from omprio.decide.scenario import scenario_from_package

    posted = form.get("fields")
    fields_doc: object = {}
    if isinstance(posted, str) and len(posted) < _MAX_FIELDS_JSON:
        try:
            fields_doc = json.loads(posted)
        except ValueError:
            fields_doc = {}
    if not isinstance(fields_doc, dict):
        fields_doc = {}
    setup, fields, plan, problem, message, _ = _prepare(ws, catalog_id, user, fields_doc, lang)
    name_value = form.get("name")
    name = name_value.replace("\x00", "").strip()[:200] if isinstance(name_value, str) else ""
    selection_value = form.get("selection")
    selection = parse_selection(selection_value) if isinstance(selection_value, str) else None
    if problem is None:
        raise InvalidInput("err.problem", problem=message or t("opt.err.fields", lang))
    if selection is None or problem.violations(selection) or set(selection) - set(problem.codes):
        raise InvalidInput("opt.err.selection")
    if not name:
        name = t(f"opt.default_name.{problem.objective}", lang)
    scenario = scenario_from_package(problem, selection, name, plan.risk)
    try:
        stored = ws.save_scenario(catalog_id, scenario, user, version=setup.version)
    except (Conflict, InvalidInput) as error:
        if wants_json(request):
            raise
        with jobs.slot(request):
            answer = _solve(problem, plan)
        cause = refusal(error)
        text = (
            t("opt.save_conflict", lang, name=name)
            if isinstance(error, Conflict)
            else cause.text(lang)
            if cause is not None
            else error.text(lang)
        )
        return _page(
            request,
            setup,
            fields,
            lang,
            plan=plan,
            answer=answer,
            save_message=text,
            status_code=error.status,
            view=view_from(fields_doc),
            actor=user,
        )
    return see_other(request, f"/catalogs/{catalog_id}/scenarios/{stored.id}")


# --- what the result shows -------------------------------------------------------------------


def result_view(answer: Answer, setup: Setup, lang: Lang) -> dict[str, Any]:
    """Everything the result template shows, computed here (templates only format)."""
    from omprio.service.decide_json import diagnosis_reasons

    outcome = answer.outcome
    problem = outcome.problem
    by_code = {m.code: m for m in problem.measures}
    status = outcome.status
    if answer.chance is not None and not answer.chance.met:
        status = "unknown" if answer.chance.out_of_time else "infeasible"
    packages = []
    if outcome.package is not None and (answer.chance is None or answer.chance.met):
        packages.append(_package_view(outcome.package, problem, by_code, True, lang))
        for item in outcome.alternatives:
            packages.append(_package_view(item.package, problem, by_code, item.proven, lang))
    diagnosis = outcome.diagnosis
    reasons: list[str] = []
    best = None
    shortfall: dict[int, Decimal] = {}
    if diagnosis is not None:
        shortfall = dict(diagnosis.shortfall)
        chance_text = (
            None
            if answer.chance is None
            else display.percent(Decimal(repr(answer.chance.probability * 100)), 1, lang)
        )
        reasons = [
            reason.text(lang)
            for reason in diagnosis_reasons(diagnosis, shortfall=False, probability=chance_text)
        ]
        if diagnosis.best is not None and diagnosis.best.selection:
            best = _package_view(diagnosis.best, problem, by_code, diagnosis.best_proven, lang)
    gap = None
    if outcome.status == "feasible" and outcome.gap is not None and outcome.gap != float("inf"):
        gap = display.percent(Decimal(repr(outcome.gap * 100)), 2, lang)
    risk = None
    if answer.risk is not None:
        risk = {
            "all_years": display.percent(Decimal(repr(answer.risk.all_years * 100)), 1, lang),
            "draws": answer.risk.draws,
            "years": [
                {
                    "year": year,
                    "probability": display.percent(Decimal(repr(item.probability * 100)), 1, lang),
                    "p10": item.p10,
                    "p50": item.p50,
                    "p90": item.p90,
                }
                for year, item in answer.risk.years.items()
            ],
        }
    chance = None
    if answer.chance is not None:
        chance = {
            "probability": display.percent(Decimal(repr(answer.chance.probability * 100)), 1, lang),
            "met": answer.chance.met,
            "steps": len(answer.chance.steps),
            "out_of_time": answer.chance.out_of_time,
        }
    return {
        "status": status,
        "gap": gap,
        "objective": problem.objective,
        "years": problem.years,
        "targets": problem.targets,
        "required": problem.required,
        "margin": problem.required != problem.targets,
        "packages": packages,
        "best": best,
        "shortfall": shortfall,
        "reasons": reasons,
        "candidates": problem.size,
        "seconds": display.number(Decimal(f"{outcome.seconds:.2f}"), lang),
        "risk": risk,
        "chance": chance,
        "unit": f"{setup.catalog.price_base or ''} {setup.catalog.unit}".strip(),
        "found": answer.found,
    }


def _package_view(
    package: Any, problem: Problem, by_code: Mapping[str, Measure], proven: bool, lang: Lang
) -> dict[str, Any]:
    rows = []
    for code, share in package.selection.items():
        measure = by_code[code]
        rows.append(
            {
                "code": code,
                "title": measure.title,
                "theme": measure.theme_number,
                "share": "" if share == 1 else display.percent(share * 100, 0, lang),
                "net": {y: share * measure.net.get(y, Decimal(0)) for y in problem.years},
            }
        )
    selection = ";".join(f"{code}={share.normalize()}" for code, share in package.selection.items())
    return {
        "rows": rows,
        "codes": list(package.codes),
        "objective": package.objective.normalize() + 0,
        "totals": package.totals,
        "gap": package.gap,
        "shortfall": package.shortfall,
        "fte": package.fte,
        "lost": package.positions_lost,
        "proven": proven,
        "selection": selection,
        "partial": any(share != 1 for share in package.selection.values()),
    }
