"""The downloads of a stored scenario: its ``omprio.scenario/1`` document, and the catalog as the
scenario selects it (only its measures, each at its share) published as PDF, Word, a workbook or
open data. A login is needed, as for every scenario page."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from starlette.responses import Response

from omprio.service.decide import evaluate_stored
from omprio.store.workspace import StoredScenario
from omprio.web import jobs
from omprio.web.deps import LoggedIn, WorkspaceDep
from omprio.web.views.common import CatalogId, PageLang
from omprio.web.views.scenarios import ScenarioId

router = APIRouter(include_in_schema=False)

Published = Literal["pdf", "docx", "xlsx", "fdp"]
_EXTENSIONS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "fdp": "zip"}


def _download_name(item: StoredScenario, extension: str) -> str:
    return f"omprio-katalog-{item.catalog_id}-scenarie-{item.id}.{extension}"


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/catalogs/{catalog_id}/scenarios/{scenario_id}/scenario.json")
def scenario_json_download(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    ws: WorkspaceDep,
    allowed: LoggedIn,
) -> Response:
    """The stored scenario as ``omprio.scenario/1`` (what ``omprio optimize`` and ``omprio
    scenario`` read), as a download."""
    from omprio.decide.scenario_json import dumps

    item = ws.scenario(catalog_id, scenario_id, allowed)
    return Response(
        dumps(item.scenario).encode("utf-8"),
        media_type="application/json",
        headers=_attachment(_download_name(item, "json")),
    )


@router.get("/catalogs/{catalog_id}/scenarios/{scenario_id}/publish/{fmt}")
def scenario_publish(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    fmt: Published,
    ws: WorkspaceDep,
    allowed: LoggedIn,
    lang: PageLang,
) -> Response:
    """The catalog as the scenario selects it (only its measures, each at its share), published
    as PDF, Word, a workbook or open data, with the findings of that selection."""
    from omprio.check import check_catalog
    from omprio.publish.edition import Edition
    from omprio.publish.fdp import package_zip
    from omprio.publish.formats import MEDIA_TYPES, publish
    from omprio.publish.scenario import selected_catalog

    item = ws.scenario(catalog_id, scenario_id, allowed)
    latest = ws.version(catalog_id, allowed)
    evaluated = evaluate_stored(ws, allowed, item, latest)
    evaluated.required()
    on = evaluated.version
    selected = selected_catalog(on.catalog, item.scenario)
    with jobs.slot(request):
        made = publish(
            selected,
            list(check_catalog(selected)),
            fmt,
            lang,
            Edition.of_version(selected.title, on.info),
        )
    if isinstance(made, dict):
        made = package_zip(made)
    return Response(
        made,
        media_type=MEDIA_TYPES[fmt],
        headers=_attachment(_download_name(item, _EXTENSIONS[fmt])),
    )

