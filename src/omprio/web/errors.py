"""Every error the app answers, in one place: one JSON shape for the API, pages for people.

API requests (``/api/…``), ``/healthz`` and requests that prefer JSON get
``{"error": {"code": "...", "message": "..."}}`` with the status the error carries
(:class:`~omprio.store.errors.WorkspaceError` subclasses carry theirs). htmx requests get a small
fragment to show in place; other requests get an error page in the page's language. An
unreachable database is 503 and a log line on ``omprio.web``; anything unexpected is 500 and a
logged traceback, never shown to the user.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response

from omprio.publish.errors import PublishError
from omprio.read_error import ReadError
from omprio.service.decide import refusal
from omprio.store.errors import Unavailable, WorkspaceError
from omprio.web import i18n
from omprio.web.templating import render

log = logging.getLogger("omprio.web")

_HTTP_CODES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "too-large",
    415: "unsupported-media-type",
    422: "invalid-input",
    503: "database-unavailable",
}
_HTTP_MESSAGES = {
    404: "no such page or resource",
    405: "this method is not allowed here",
    413: "the request body is too large",
}


class TooLarge(HTTPException):
    """A request body over the upload limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")
        self.limit = limit


def is_api(request: Request) -> bool:
    """True for the REST API and machine endpoints, which always answer JSON."""
    path = request.url.path
    return path.startswith("/api/") or path == "/healthz"


def wants_json(request: Request) -> bool:
    """True when the answer should be JSON: the API, or a client that asks for JSON."""
    if is_api(request):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def is_htmx(request: Request) -> bool:
    """True for requests htmx makes (they get fragments, not whole pages)."""
    return request.headers.get("hx-request") == "true"


def error_json(
    status: int, code: str, message: str, problems: list[dict[str, Any]] | None = None
) -> JSONResponse:
    """The one JSON error shape (``problems``: why deciding refused, as values)."""
    body: dict[str, Any] = {"code": code, "message": message}
    if problems:
        body["problems"] = problems
    return JSONResponse({"error": body}, status_code=status)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} B"


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    *,
    detail: str | None = None,
    headers: dict[str, str] | None = None,
    problems: list[dict[str, Any]] | None = None,
) -> Response:
    """The error as JSON, an htmx fragment or a page, as the request wants it.

    ``message`` is the technical message (English, for the API); pages show the interface's own
    text for ``code`` and ``detail`` (if given) below it.
    """
    if wants_json(request):
        response: Response = error_json(status, code, message, problems)
        response.headers.update(headers or {})
        return response
    lang = i18n.lang_of(request)
    params: dict[str, Any] = {}
    if code == "too-large":
        limit = getattr(request.app.state, "max_upload_bytes", 0)
        params["size"] = _size(limit)
    key = f"error.{code}"
    text = i18n.t(key, lang, **params) if i18n.has(key) else i18n.t("error.title", lang)
    context = {"status": status, "code": code, "text": text, "detail": detail}
    name = "_error.html" if is_htmx(request) else "error.html"
    return render(request, name, context, status_code=status, headers=headers)


async def workspace_error(request: Request, exc: Exception) -> Response:
    """A workspace error: its own status, code and message."""
    assert isinstance(exc, WorkspaceError)
    if isinstance(exc, Unavailable):
        log.warning("database unavailable: %s %s: %s", request.method, request.url.path, exc)
        return error_response(
            request,
            503,
            exc.code,
            "the database cannot be reached; try again shortly",
            headers={"Retry-After": "10"},
        )
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:  # web.jobs.Busy: every slot for expensive jobs is taken
        return error_response(
            request,
            exc.status,
            exc.code,
            exc.message,
            detail=exc.text(i18n.lang_of(request)),
            headers={"Retry-After": str(retry_after)},
        )
    lang = i18n.lang_of(request)
    detail = exc.text(lang) if exc.status in (403, 409, 422) else None
    reason = refusal(exc)
    problems = [reason.as_json(lang)] if reason is not None else None
    if problems:
        detail = problems[0]["message"]
    return error_response(
        request, exc.status, exc.code, exc.message, detail=detail, problems=problems
    )


def _location(loc: Any) -> str:
    parts = [str(p) for p in loc] if isinstance(loc, list | tuple) else [str(loc)]
    return ".".join(parts)


async def validation_error(request: Request, exc: Exception) -> Response:
    """Request data that does not fit the route: 422 with what is wrong."""
    assert isinstance(exc, RequestValidationError)
    problems = [
        f"{_location(item.get('loc', ()))}: {item.get('msg', 'invalid')}"
        for item in exc.errors()[:5]
    ]
    message = "; ".join(problems) or "the request is not valid"
    return error_response(request, 422, "invalid-input", message, detail=message)


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's HTTP errors (unknown route, wrong method, body too large …)."""
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "error")
    message = _HTTP_MESSAGES.get(exc.status_code) or str(exc.detail or code)
    if isinstance(exc, TooLarge):
        message = str(exc.detail)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return error_response(request, exc.status_code, code, message, headers=headers)


def _all_routes(routes: Any) -> Any:
    """Every route, including those of included routers (FastAPI keeps them as contexts)."""
    from fastapi.routing import iter_route_contexts

    for item in iter_route_contexts(routes):
        yield getattr(item, "route", item)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route offers for the request's path (for ``Allow`` on 405)."""
    methods: set[str] = set()
    path = request.url.path
    for route in _all_routes(request.app.routes):
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(path):
            methods.update(getattr(route, "methods", None) or ())
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


async def publish_error(request: Request, exc: Exception) -> Response:
    """A stored catalog that cannot be written in the format asked for: 422 with the reason
    (in the page's language)."""
    assert isinstance(exc, PublishError)
    log.warning("cannot publish: %s %s: %s", request.method, request.url.path, exc)
    detail = exc.text(i18n.lang_of(request))
    return error_response(request, 422, "cannot-publish", str(exc), detail=detail)


async def read_error(request: Request, exc: Exception) -> Response:
    """A document that cannot be read as a catalog: 422 with the reason, in the page's
    language where the reader has it."""
    assert isinstance(exc, ReadError)
    lang = i18n.lang_of(request)
    detail = exc.text(lang)
    return error_response(request, 422, "unreadable", exc.reason, detail=detail)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    """Anything else: logged with its traceback, answered with 500 and no details."""
    log.error("unexpected error: %s %s", request.method, request.url.path, exc_info=exc)
    try:
        return error_response(request, 500, "internal", "an unexpected error happened")
    except Exception:  # the error page itself failed: answer plainly
        log.exception("the error page failed")
        return error_json(500, "internal", "an unexpected error happened")


class CatchAll:
    """Answer an unexpected error with 500 and keep the connection open.

    Starlette's outermost handler answers 500 but then raises the error again, and uvicorn closes
    (resets) a keep-alive connection on which an error escaped: the client's next request on it
    failed. This middleware, just outside the routes' own handlers, logs the error, answers 500
    (when no answer has started) and lets nothing escape.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            if started:  # the answer is half sent: nothing better than to log it
                log.error("error after the answer started: %s", scope.get("path"), exc_info=exc)
                return
            response = await unexpected_error(Request(scope, receive), exc)
            await response(scope, receive, send)


async def login_required(request: Request, exc: Exception) -> Response:
    """An anonymous visitor of a page that needs a login goes to the login form (and back);
    anything else (a form post, JSON, the API) is 401."""
    if request.method != "GET" or wants_json(request):
        return await workspace_error(request, exc)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""
    from omprio.web.deps import LoginRequired

    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(WorkspaceError, workspace_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(PublishError, publish_error)
    app.add_exception_handler(ReadError, read_error)
    app.add_exception_handler(Exception, unexpected_error)
