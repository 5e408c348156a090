"""What the page routes share: parameter types, the page language, redirects, JSON twins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from starlette.responses import JSONResponse, RedirectResponse, Response

from omprio.display import Lang
from omprio.web import i18n
from omprio.web.errors import is_htmx, wants_json
from omprio.web.schemas import MAX_ID

CatalogId = Annotated[int, Path(ge=1, le=MAX_ID, description="The catalog's id.")]
MeasureCode = Annotated[
    str, Path(min_length=1, max_length=100, description="The measure's code, e.g. BFF-1.")
]
VersionNumber = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="A version number; the latest by default.")
]


async def page_lang(request: Request) -> Lang:
    """The language of the page (``async``: nothing to wait for, so no trip to a thread)."""
    return i18n.lang_of(request)


PageLang = Annotated[Lang, Depends(page_lang)]


def json_twin(request: Request, data: Any) -> Response | None:
    """The page's data as JSON when the client asks for JSON, else None."""
    if wants_json(request):
        return JSONResponse(jsonable_encoder(data))
    return None


def see_other(request: Request, url: str) -> Response:
    """Go to ``url`` after a POST: ``HX-Redirect`` for htmx, else 303."""
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def safe_next(value: object, default: str = "/") -> str:
    """A local path to go to after logging in (never another site)."""
    if (
        isinstance(value, str)
        and value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        and value.isprintable()
        and len(value) < 2000
    ):
        return value
    return default


def form_text(value: object, limit: int = 2000) -> str:
    """A posted text field, trimmed, without NUL characters and at most ``limit`` characters."""
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").strip()[:limit]
