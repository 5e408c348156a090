"""ASGI middleware of the app: the upload limit, the language cookie and security headers.

- :class:`UploadLimit` stops reading a request body once it is larger than the limit (at once
  when ``Content-Length`` says so) by raising :class:`~omprio.web.errors.TooLarge`, which the
  error handlers answer with 413.
- :class:`LanguageCookie` remembers ``?lang=da|en`` on pages in the ``lang`` cookie.
- :class:`SecurityHeaders` adds a strict Content-Security-Policy (scripts and styles only from
  the app itself), no framing, no MIME sniffing, and ``Cache-Control: no-store`` on everything
  but static files and the answers that say otherwise (the cached reads, see
  :mod:`omprio.web.caching`); an answer that sets a cookie is never for shared caches.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders, QueryParams
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from omprio.web import i18n
from omprio.web.errors import TooLarge

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI sets inline styles on its elements.
CSP_DOCS = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class UploadLimit:
    """Refuse request bodies over ``limit`` bytes (413)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        too_large = declared is not None and declared.isdecimal() and int(declared) > self.limit
        received = 0

        async def limited() -> Message:
            nonlocal received
            if too_large:
                raise TooLarge(self.limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise TooLarge(self.limit)
            return message

        await self.app(scope, limited, send)


class LanguageCookie:
    """Set the ``lang`` cookie when a page is asked for with ``?lang=da`` or ``?lang=en``."""

    def __init__(self, app: ASGIApp, secure: bool = False) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith("/api/"):
            await self.app(scope, receive, send)
            return
        query = QueryParams(scope.get("query_string", b"").decode("latin-1"))
        lang = i18n.valid_lang(query.get("lang"))
        current = i18n.valid_lang(_cookie(scope, i18n.COOKIE))
        if lang is None or lang == current:
            await self.app(scope, receive, send)
            return
        cookie = f"{i18n.COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax"
        if self.secure:
            cookie += "; Secure"

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("Set-Cookie", cookie)
            await send(message)

        await self.app(scope, receive, with_cookie)


def _cookie(scope: Scope, name: str) -> str | None:
    return HTTPConnection(scope).cookies.get(name)


HSTS = "max-age=31536000; includeSubDomains"
"""Strict-Transport-Security when omprio is served over HTTPS (``--secure-cookies``)."""


class SecurityHeaders:
    """Security headers on every response; with ``hsts`` (HTTPS deployments) also
    Strict-Transport-Security, so browsers never fall back to plain HTTP."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                if self.hsts:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                headers.setdefault(
                    "Content-Security-Policy", CSP_DOCS if path == "/api/docs" else CSP
                )
                if not path.startswith("/static/"):
                    headers.setdefault("Cache-Control", "no-store")
                if "set-cookie" in headers and "public" in headers.get("cache-control", ""):
                    headers["Cache-Control"] = "private, no-cache"
                vary = headers.get("vary")
                if vary is not None and "," in vary:  # once each (SessionMiddleware adds Cookie)
                    names = dict.fromkeys(v.strip() for v in vary.split(",") if v.strip())
                    headers["Vary"] = ", ".join(names)
            await send(message)

        await self.app(scope, receive, secured)


class HeadAsGet:
    """Answer ``HEAD`` like ``GET`` without the body (RFC 9110; monitors use it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)
