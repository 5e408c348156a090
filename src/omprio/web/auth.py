"""Who is asking: browser sessions with CSRF protection, and API tokens.

Pages use a signed session cookie (Starlette's SessionMiddleware: HttpOnly, SameSite=Lax, Secure
behind HTTPS) that holds only a random session key and the session's CSRF token. The workspace
keeps the open sessions (the key's hash and the user): the user is looked up through the
session on every request, so a removed or deactivated user is out at once, and logging out
deletes the session, so its cookie, or a copy of it, no longer logs anyone in. Every form
POST must carry the CSRF token, in the ``csrf_token`` field or (htmx) the ``X-CSRF-Token``
header; otherwise it is refused with 403.

The API under ``/api/v1`` never looks at the session: it knows a caller only by
``Authorization: Bearer <token>``, so a write with only a cookie is refused (401) and needs no
CSRF token.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import FormData

from omprio.store.accounts import Actor
from omprio.store.errors import Forbidden, Term, Unauthorized
from omprio.store.workspace import Workspace

SESSION_USER = "sid"
SESSION_CSRF = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class CsrfRejected(Forbidden):
    """A form POST without the session's CSRF token."""

    code = "csrf"


def workspace(request: Request) -> Workspace:
    """The workspace the app was created with."""
    ws: Workspace = request.app.state.workspace
    return ws


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get(SESSION_CSRF)
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


def check_csrf(request: Request, form: FormData | None) -> None:
    """Raise :class:`CsrfRejected` unless the request carries the session's CSRF token."""
    expected = request.session.get(SESSION_CSRF)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and form is not None:
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if (
        not isinstance(expected, str)
        or not sent
        or not secrets.compare_digest(expected.encode(), sent.encode())
    ):
        raise CsrfRejected("the form's CSRF token is missing or wrong; reload the page")


MAX_FORM_FIELDS = 100_000
"""The most fields a form may post (Starlette's default, 1,000, refused the scenario builder of a
catalog of a few hundred measures with a selection; the body's size is bounded apart, by the
upload limit)."""


async def checked_form(request: Request) -> AsyncIterator[FormData]:
    """The posted form, once its CSRF token is checked; uploaded files are closed afterwards."""
    form = await request.form(max_fields=MAX_FORM_FIELDS)
    try:
        check_csrf(request, form)
        yield form
    finally:
        await form.close()


CheckedForm = Annotated[FormData, Depends(checked_form)]


def session_actor(request: Request, ws: Workspace) -> Actor | None:
    """The logged-in user of a page request, or None."""
    actor: Actor | None = None
    key = request.session.get(SESSION_USER)
    if isinstance(key, str) and 0 < len(key) <= 200:
        actor = ws.session_actor(key)
        if actor is None:
            request.session.pop(SESSION_USER, None)
    elif key is not None:
        request.session.pop(SESSION_USER, None)
    request.state.actor = actor
    return actor


def session_key(request: Request) -> str | None:
    """The key of the request's browser session (as the cookie holds it), if any."""
    key = request.session.get(SESSION_USER)
    return key if isinstance(key, str) and 0 < len(key) <= 200 else None


def log_in(request: Request, ws: Workspace, actor: Actor) -> None:
    """Start a fresh session for the user (with a new CSRF token)."""
    request.session.clear()
    request.session[SESSION_USER] = ws.start_session(actor.user_id)
    request.session[SESSION_CSRF] = secrets.token_urlsafe(32)
    request.state.actor = actor


def log_out(request: Request, ws: Workspace) -> None:
    """End the session in the workspace and in the browser."""
    key = request.session.get(SESSION_USER)
    if isinstance(key, str) and 0 < len(key) <= 200:
        ws.end_session(key)
    request.session.clear()
    request.state.actor = None


bearer = HTTPBearer(
    auto_error=False,
    description="An API token: `omprio token add USER` prints one. "
    "Reading public catalogs needs none.",
)


def token_actor(
    request: Request,
    ws: Workspace,
    credentials: HTTPAuthorizationCredentials | None,
) -> Actor | None:
    """The API caller: the owner of the bearer token, None without an Authorization header;
    any other Authorization (another scheme, a wrong token) is 401."""
    if credentials is None:
        if "authorization" in request.headers:
            raise Unauthorized("err.bearer")
        return None
    token = credentials.credentials
    if not token or len(token) > 200 or not token.isprintable():
        raise Unauthorized("err.token_invalid")
    actor = ws.actor_for_token(token)
    if actor is None:
        raise Unauthorized("err.token_invalid")
    return actor


def require(actor: Actor | None, role: str) -> Actor:
    """The actor, if logged in with at least ``role``; else Unauthorized or Forbidden."""
    if actor is None:
        raise Unauthorized("err.login")
    if not actor.at_least(role):
        raise Forbidden("err.role_needed", role=Term(f"err.role.{role}"),
                        actual=Term(f"err.role.{actor.role}"))
    return actor
