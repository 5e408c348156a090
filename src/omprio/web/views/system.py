"""Machine endpoints: the health check and the API documentation (Swagger UI, served from the
app's own static files: no CDN)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, Response

from omprio.store.errors import Unavailable
from omprio.web.deps import WorkspaceDep
from omprio.web.errors import log
from omprio.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def healthz(ws: WorkspaceDep) -> Response:
    """``{"status": "ok"}`` when the database answers, else 503."""
    try:
        ws.ping()
    except Unavailable as exc:
        log.warning("health check: %s", exc)
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


@router.get("/api/docs")
def api_docs(request: Request) -> Response:
    """Interactive documentation of the REST API."""
    return render(request, "api_docs.html", {"schema_url": "/api/openapi.json"})
