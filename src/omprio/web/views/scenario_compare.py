"""Two or more stored scenarios side by side, printable: figures per year, by theme and operating
area, and which measures each selects (``GET /catalogs/{id}/scenarios/compare?id=1&id=2``; JSON as
``omprio scenario compare --format json`` writes it, with the stored scenarios' ids).
A login is needed, as for every scenario page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import JSONResponse, Response

from omprio.service.decide import evaluate_stored
from omprio.store.errors import InvalidInput
from omprio.web.deps import LoggedIn, WorkspaceDep
from omprio.web.errors import wants_json
from omprio.web.i18n import t
from omprio.web.schemas import MAX_ID
from omprio.web.templating import render
from omprio.web.views.common import CatalogId, PageLang
from omprio.web.views.scenario_forms import theme_titles

router = APIRouter(include_in_schema=False)

MAX_COMPARED = 12


@router.get("/catalogs/{catalog_id}/scenarios/compare")
def compare_page(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    allowed: LoggedIn,
    lang: PageLang,
    ids: Annotated[list[int], Query(alias="id", max_length=MAX_COMPARED)] = [],  # noqa: B006
) -> Response:
    """Two or more stored scenarios side by side, printable."""
    from omprio.decide.compare import compare
    from omprio.decide.targets import unique_measures
    from omprio.service.decide_json import comparison_json

    chosen = list(dict.fromkeys(i for i in ids if 1 <= i <= MAX_ID))
    latest = ws.version(catalog_id, allowed)
    if len(chosen) < 2:
        if wants_json(request):
            raise InvalidInput("err.compare_two")
        return render(
            request,
            "scenario_compare.html",
            {
                "catalog": latest.catalog,
                "catalog_id": catalog_id,
                "comparison": None,
                "items": [],
                "problem": t("scenario.compare_two", lang),
            },
            status_code=422,
        )
    items = [ws.scenario(catalog_id, i, allowed) for i in chosen]
    evaluated = [evaluate_stored(ws, allowed, item, latest) for item in items]
    evaluations = [entry.required() for entry in evaluated]
    versions = [entry.version.info.number for entry in evaluated]
    order = [m.code for m in unique_measures(latest.catalog)]
    comparison = compare(evaluations, order)
    if wants_json(request):
        return JSONResponse(comparison_json(comparison, items, versions))
    return render(
        request,
        "scenario_compare.html",
        {
            "catalog": latest.catalog,
            "catalog_id": catalog_id,
            "comparison": comparison,
            "items": items,
            "versions": versions,
            "latest": latest.info.number,
            "problem": None,
            "theme_titles": theme_titles(latest.catalog),
            "rows_by_metric": _rows_by_metric(comparison),
            "theme_rows": _theme_rows(comparison),
        },
    )


def _rows_by_metric(comparison: Any) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for row in comparison.rows:
        grouped.setdefault(row.metric, []).append(row)
    return grouped


def _theme_rows(comparison: Any) -> dict[str, list[Any]]:
    """The per-theme rows by theme, in the comparison's order (a row per year)."""
    grouped: dict[str, list[Any]] = {}
    for row in comparison.rows:
        if row.metric == "theme":
            grouped.setdefault(row.group, []).append(row)
    return grouped
