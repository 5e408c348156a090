"""Pages of the making of a catalog: a measure's status changes and comments (forms posted
from the measure page), where every operating area stands (the finance office's page) and the
logged-in user's notifications. Each page answers JSON too (``Accept: application/json``); the
REST API's routes are :mod:`~omprio.web.views.submission_api`. The routes stay thin: the
workspace (:mod:`omprio.store.submissions`, :mod:`omprio.store.comments`) decides who may do
what, :mod:`omprio.service.submissions` counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from omprio.model import Measure
from omprio.service.submissions import areas_json, areas_overview
from omprio.store.accounts import Actor
from omprio.store.comments import Comment, Notice
from omprio.store.submissions import allowed_statuses
from omprio.store.workspace import Workspace
from omprio.web.auth import CheckedForm
from omprio.web.deps import LoggedIn, WorkspaceDep
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


def comment_json(comment: Comment) -> dict[str, Any]:
    """A comment as the API and the JSON twins give it."""
    return {"id": comment.id, "code": comment.code, "author": comment.author,
            "created_at": comment.created_at.isoformat(), "text": comment.text}


def notice_json(notice: Notice) -> dict[str, Any]:
    """A notification as the page's JSON twin gives it."""
    return {"id": notice.id, "kind": notice.kind, "catalog": notice.catalog_id,
            "code": notice.code, "actor": notice.actor,
            "created_at": notice.created_at.isoformat(), "read": notice.read,
            "comment": notice.comment}


def measure_panel(ws: Workspace, actor: Actor | None, catalog_id: int,
                  measure: Measure) -> dict[str, Any]:
    """What the measure page shows of the measure's making: the statuses the user may move it
    to and its comment thread (none for an anonymous reader)."""
    if actor is None:
        return {"statuses": [], "comments": []}
    return {"statuses": allowed_statuses(actor, measure),
            "comments": ws.comments(catalog_id, measure.code, actor)}


def _measure_url(catalog_id: int, code: str) -> str:
    from urllib.parse import quote

    return f"/catalogs/{catalog_id}/measures/{quote(code, safe='')}"


@router.post("/catalogs/{catalog_id}/measures/{code}/status")
def change_status(request: Request, catalog_id: CatalogId, code: MeasureCode,
                  ws: WorkspaceDep, actor: LoggedIn, form: CheckedForm) -> Response:
    """Move the measure to the posted status (a new version); the measure page then shows it."""
    base = form_text(form.get("base_version"), 12)
    stored = ws.set_status(
        catalog_id, code, form_text(form.get("status"), 20), actor,
        base_version=int(base) if base.isdecimal() else 0,
        reason=form_text(form.get("reason")), comment=form_text(form.get("comment"), 4000),
    )
    return see_other(request, f"{_measure_url(catalog_id, code)}?status_note="
                              f"{stored.info.number}")


@router.post("/catalogs/{catalog_id}/measures/{code}/comments")
def add_comment(request: Request, catalog_id: CatalogId, code: MeasureCode,
                ws: WorkspaceDep, actor: LoggedIn, form: CheckedForm) -> Response:
    """Add the posted comment to the measure's thread."""
    text = form.get("text")
    ws.add_comment(catalog_id, code, text if isinstance(text, str) else "", actor)
    return see_other(request, f"{_measure_url(catalog_id, code)}#comments")


@router.get("/catalogs/{catalog_id}/submissions")
async def submissions_page(request: Request, catalog_id: CatalogId, ws: WorkspaceDep,
                           actor: LoggedIn, lang: PageLang) -> Response:
    """Where every operating area stands (the finance office's page)."""
    view = await run_in_threadpool(areas_overview, ws, catalog_id, actor)
    twin = json_twin(request, areas_json(view))
    if twin is not None:
        return twin
    return render(request, "submissions.html", {"view": view, "catalog_id": catalog_id})


@router.get("/notifications")
async def notifications_page(request: Request, ws: WorkspaceDep, actor: LoggedIn,
                             lang: PageLang) -> Response:
    """The user's notifications, newest first; they are read from now on."""
    notices = await run_in_threadpool(ws.notifications, actor)
    twin = json_twin(request, [notice_json(n) for n in notices])
    if twin is not None:
        return twin
    return render(request, "notifications.html", {"notices": notices})
