"""The REST API of the making of a catalog: a measure's status, its comment thread, and where
every operating area stands (``/api/v1/catalogs/{id}/…``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from omprio.service.submissions import areas_json, areas_overview
from omprio.web import payloads
from omprio.web.deps import ApiActor, ApiUser, WorkspaceDep
from omprio.web.numbers import ExactRoute
from omprio.web.schemas import ErrorResponse, StoredOut
from omprio.web.submission_schemas import CommentIn, CommentOut, StatusIn, SubmissionsOut
from omprio.web.views.api import _ERRORS, _WRITE_ERRORS, CatalogId, Code
from omprio.web.views.submissions import comment_json

router = APIRouter(
    prefix="/api/v1",
    tags=["submissions"],
    responses=_ERRORS,
    generate_unique_id_function=lambda route: route.name,
    route_class=ExactRoute,
)

_FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorResponse, "description": "Only the finance office sees this."},
}


@router.post(
    "/catalogs/{catalog_id}/measures/{code}/status",
    response_model=StoredOut,
    summary="Change a measure's status",
    responses=_WRITE_ERRORS,
)
def change_status(
    catalog_id: CatalogId, code: Code, body: StatusIn, ws: WorkspaceDep, actor: ApiUser
) -> dict[str, Any]:
    """Move a measure to draft, submitted, accepted, rejected or withdrawn as a new version.
    An editor of the measure's operating area submits, withdraws and reopens; the finance
    office (administrators, editors for all areas) accepts, rejects or sends back (both with a
    ``reason``). A change the statuses do not allow is 422, one the caller may not make 403,
    a measure changed since ``base_version`` 409."""
    stored = ws.set_status(catalog_id, code, body.status, actor, base_version=body.base_version,
                           reason=body.reason, comment=body.comment)
    return payloads.stored(stored)


@router.get(
    "/catalogs/{catalog_id}/measures/{code}/comments",
    response_model=list[CommentOut],
    summary="A measure's comments",
)
def list_comments(
    catalog_id: CatalogId, code: Code, ws: WorkspaceDep, actor: ApiActor
) -> list[dict[str, Any]]:
    """The measure's comment thread, oldest first (logged-in callers who see the measure)."""
    return [comment_json(c) for c in ws.comments(catalog_id, code, actor)]


@router.post(
    "/catalogs/{catalog_id}/measures/{code}/comments",
    response_model=CommentOut,
    status_code=201,
    summary="Comment on a measure",
    responses=_WRITE_ERRORS,
)
def add_comment(
    catalog_id: CatalogId, code: Code, body: CommentIn, ws: WorkspaceDep, actor: ApiUser
) -> dict[str, Any]:
    """Add a comment; the users it mentions (``@name``) who see the measure are notified."""
    return comment_json(ws.add_comment(catalog_id, code, body.text, actor))


@router.get(
    "/catalogs/{catalog_id}/submissions",
    response_model=SubmissionsOut,
    summary="Where every area stands",
    responses=_FORBIDDEN,
)
def submissions(catalog_id: CatalogId, ws: WorkspaceDep, actor: ApiActor) -> dict[str, Any]:
    """Per operating area: measures per status, the accepted net per year, the area's share of
    the target (from a budget round that names the area) and what is missing; and the whole
    catalog against its target (the finance office only)."""
    return areas_json(areas_overview(ws, catalog_id, actor))
