"""The REST API of scenarios and the optimizer: ``/api/v1/catalogs/{id}/scenarios`` and
``/api/v1/catalogs/{id}/optimize``.

Scenarios (``omprio.scenario/1``, docs/decide.md) are kept with their catalog by the workspace:
listing, reading and saving them needs an API token (any role, also for a public catalog);
replacing or deleting another person's scenario needs the role editor. Every scenario has a
``revision``: ``GET`` answers it as ``ETag``, and ``PUT`` with ``If-Match`` (or
``?base_revision=``) is refused with 409 when someone saved the scenario since. Optimizing needs
a token (any role), as scenarios do: it runs in a worker thread, in one of the app's few slots
for expensive jobs (503 with ``Retry-After`` when they stay taken, :mod:`omprio.web.jobs`), with
a total time limit for the whole request (``time_limit``, at most 30 s, also when a required
probability iterates several solves) and answers the document of ``omprio optimize --format
json``. Errors have the one shape ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query
from starlette.requests import Request as StarletteRequest
from starlette.responses import JSONResponse, Response

from omprio.service.decide import check_risk, evaluate_stored, invalid, limited, solve
from omprio.service.decide_json import outcome_json, stored_json, summary_json
from omprio.store.errors import InvalidInput
from omprio.store.workspace import StoredScenario
from omprio.web import jobs
from omprio.web.deps import ApiUser, WorkspaceDep
from omprio.web.i18n import lang_of
from omprio.web.numbers import ExactRoute
from omprio.web.scenario_schemas import (
    OptimizeIn,
    OptimizeOut,
    ScenarioDetail,
    ScenarioIn,
    ScenarioSummary,
    exact,
)
from omprio.web.schemas import MAX_ID, ErrorResponse

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "The API token is missing or not valid."},
    404: {"model": ErrorResponse, "description": "No such catalog, version or scenario."},
    422: {"model": ErrorResponse, "description": "The request is not valid."},
    503: {"model": ErrorResponse, "description": "The database cannot be reached."},
}
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The request body cannot be parsed."},
    403: {"model": ErrorResponse, "description": "The scenario is another person's."},
    409: {
        "model": ErrorResponse,
        "description": "The name is taken, or someone saved the scenario since.",
    },
    413: {"model": ErrorResponse, "description": "The request body is too large."},
}
_BUSY: dict[str, Any] = {
    "model": ErrorResponse,
    "description": "The database cannot be reached, or every slot for expensive jobs is taken "
    "(with Retry-After).",
}

router = APIRouter(
    prefix="/api/v1",
    tags=["scenarios"],
    responses=_ERRORS,
    generate_unique_id_function=lambda route: route.name,
    route_class=ExactRoute,  # numbers read exactly from the body's text, bounded
)

CatalogId = Annotated[int, Path(ge=1, le=MAX_ID, description="The catalog's id.")]
ScenarioId = Annotated[int, Path(ge=1, le=MAX_ID, description="The scenario's id.")]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=100,
        pattern=r'^\s*(\*|(W/)?\s*"?[1-9][0-9]{0,9}"?)\s*$',
        description='The revision the change starts from, as GET answered it in ETag ("3").',
    ),
]
BaseRevision = Annotated[
    int | None,
    Query(ge=1, le=MAX_ID, description="The revision the change starts from (or If-Match)."),
]


def _etag(stored: StoredScenario) -> dict[str, str]:
    return {"ETag": f'"{stored.revision}"'}


def _scenario(body: ScenarioIn) -> Any:
    from omprio.decide.errors import DecideError
    from omprio.decide.scenario_json import scenario_from_json

    try:
        return scenario_from_json(body.document(), "scenario")
    except DecideError as error:
        raise invalid(error) from error


def _revision(if_match: str | None, base_revision: int | None) -> int | None:
    if if_match is None:
        return base_revision
    text = if_match.strip().removeprefix("W/").strip().strip('"')
    if text == "*":
        return base_revision
    if not text.isdecimal() or len(text) > 10 or int(text) < 1:
        raise InvalidInput("err.if_match")
    return int(text)


@router.get(
    "/catalogs/{catalog_id}/scenarios",
    response_model=list[ScenarioSummary],
    summary="List scenarios",
)
def list_scenarios(
    catalog_id: CatalogId, ws: WorkspaceDep, actor: ApiUser
) -> list[dict[str, Any]]:
    """The catalog's scenarios by name (a token of any role is needed, also for a public
    catalog)."""
    return [summary_json(item) for item in ws.scenarios(catalog_id, actor)]


@router.post(
    "/catalogs/{catalog_id}/scenarios",
    status_code=201,
    response_model=ScenarioSummary,
    summary="Save a scenario",
    responses=_WRITE_ERRORS,
)
def create_scenario(
    catalog_id: CatalogId, body: ScenarioIn, ws: WorkspaceDep, actor: ApiUser
) -> JSONResponse:
    """Store a new scenario with the catalog (checked against its latest version: every measure
    it names must be there). Names are unique per catalog (409)."""
    scenario = _scenario(body)
    stored = ws.save_scenario(catalog_id, scenario, actor)
    return _json(
        ScenarioSummary.model_validate(summary_json(stored)),
        201,
        {**_etag(stored), "Location": f"/api/v1/catalogs/{catalog_id}/scenarios/{stored.id}"},
    )


def _json(model: Any, status: int, headers: dict[str, str]) -> JSONResponse:
    return JSONResponse(model.model_dump(mode="json"), status_code=status, headers=headers)


@router.get(
    "/catalogs/{catalog_id}/scenarios/{scenario_id}",
    response_model=ScenarioDetail,
    summary="Get a scenario",
)
def get_scenario(
    http_request: StarletteRequest,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    ws: WorkspaceDep,
    actor: ApiUser,
) -> JSONResponse:
    """The scenario's document and what it does per year on the latest catalog version:
    totals, gap to the target, staff changes, by theme and operating area. ``ETag`` is its
    revision."""
    stored = ws.scenario(catalog_id, scenario_id, actor)
    document = stored_json(evaluate_stored(ws, actor, stored), lang_of(http_request))
    ScenarioDetail.model_validate(exact(document))  # the published shape
    return JSONResponse(document, headers=_etag(stored))


@router.put(
    "/catalogs/{catalog_id}/scenarios/{scenario_id}",
    response_model=ScenarioSummary,
    summary="Replace a scenario",
    responses=_WRITE_ERRORS,
)
def replace_scenario(
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    body: ScenarioIn,
    ws: WorkspaceDep,
    actor: ApiUser,
    if_match: IfMatch = None,
    base_revision: BaseRevision = None,
) -> JSONResponse:
    """Replace the scenario. With ``If-Match: "N"`` (or ``?base_revision=N``) the change is
    refused (409) when the scenario's revision is no longer N. Another person's scenario needs
    the role editor (403)."""
    revision = _revision(if_match, base_revision)
    scenario = _scenario(body)
    stored = ws.save_scenario(
        catalog_id, scenario, actor, scenario_id=scenario_id, base_revision=revision
    )
    return _json(ScenarioSummary.model_validate(summary_json(stored)), 200, _etag(stored))


@router.delete(
    "/catalogs/{catalog_id}/scenarios/{scenario_id}",
    status_code=204,
    response_class=Response,
    summary="Delete a scenario",
    responses={**_WRITE_ERRORS, 204: {"description": "Deleted."}},
)
def delete_scenario(
    catalog_id: CatalogId, scenario_id: ScenarioId, ws: WorkspaceDep, actor: ApiUser
) -> Response:
    """Remove the scenario (its author, or an editor or administrator)."""
    ws.delete_scenario(catalog_id, scenario_id, actor)
    return Response(status_code=204)


@router.post(
    "/catalogs/{catalog_id}/optimize",
    response_model=OptimizeOut,
    summary="Optimize",
    responses={400: _WRITE_ERRORS[400], 413: _WRITE_ERRORS[413], 503: _BUSY},
)
def optimize_catalog(
    http_request: StarletteRequest,
    catalog_id: CatalogId,
    body: OptimizeIn,
    ws: WorkspaceDep,
    actor: ApiUser,
) -> JSONResponse:
    """The package of measures that reaches the target in every year with the least objective,
    under the constraints; proven optimal or with its gap; for an impossible target the
    shortfall per year and what binds (``infeasible``). Needs a token (any role) of someone who
    may read the catalog. ``time_limit`` bounds the whole request. Input that cannot make a
    problem is 422; 503 with ``Retry-After`` when the server is busy with other optimizations."""
    from omprio.decide.constraints import Constraints
    from omprio.decide.errors import DecideError
    from omprio.decide.problem import Request, build_problem

    stored = ws.version(catalog_id, actor, body.version)
    data = exact(body.model_dump(mode="python"))
    try:
        request = Request(
            objective=body.objective,
            targets=None
            if data["targets"] is None
            else {int(year): Decimal(value) for year, value in data["targets"].items()},
            constraints=Constraints(
                include=frozenset(body.include),
                exclude=frozenset(body.exclude),
                theme_caps={k: _cap(v) for k, v in data["theme_caps"].items()},
                area_caps={k: _cap(v) for k, v in data["area_caps"].items()},
                max_fte_cut=_decimal(data["max_fte_cut"]),
            ),
            harm={code: Decimal(value) for code, value in data["harm"].items()},
            divisible=frozenset(body.divisible),
            all_measures=body.all_measures,
            margin=Decimal(data["margin"]),
        )
        risk = _risk(data["risk"], stored.catalog)
        if body.probability is not None and not risk:
            raise DecideError("probability-needs-risk")
        problem = build_problem(stored.catalog, request)
    except DecideError as error:
        raise invalid(error) from error
    with jobs.slot(http_request):
        answer = solve(
            problem,
            risk,
            body.probability,
            limited(body.time_limit, body.alternatives),
            draws=body.draws,
            seed=body.seed,
        )
    document = outcome_json(answer, body.lang)
    OptimizeOut.model_validate(document)  # the published shape
    return JSONResponse(document)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _cap(entry: dict[str, Any]) -> Any:
    from omprio.decide.constraints import Cap

    return Cap(savings=_decimal(entry.get("savings")), measures=entry.get("measures"))


def _risk(entries: dict[str, dict[str, Any]], catalog: Any) -> dict[str, Any]:
    """Uncertainties from the request, checked as a scenario's are."""
    from omprio.decide.scenario_json import FORMAT, scenario_from_json

    check_risk(entries, catalog)
    cleaned = {
        code: {k: v for k, v in entry.items() if v is not None} for code, entry in entries.items()
    }
    return dict(scenario_from_json({"format": FORMAT, "risk": cleaned}, "request").risk)
