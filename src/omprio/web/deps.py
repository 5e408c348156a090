"""The one set of request dependencies of the routes: the workspace, who is asking (a page's
session, an API token) and, for routes that need one, the logged-in user.

They are ``async`` functions: FastAPI runs a plain function dependency in the thread pool, which
on every request costs more than what most of them do. They answer from the request alone when
there is nothing to look up (no user in the session, no ``Authorization`` header) and otherwise
call the functions of :mod:`omprio.web.auth` in the thread pool, so who may read what is decided
there and only there. :data:`LoggedIn` raises :class:`LoginRequired` for an anonymous caller:
:mod:`omprio.web.errors` sends a person opening a page to the login form and answers anything
else (a form post, JSON, the API) 401.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from starlette.concurrency import run_in_threadpool

from omprio.store.accounts import Actor
from omprio.store.errors import Unauthorized
from omprio.store.workspace import Workspace
from omprio.web import auth


async def workspace(request: Request) -> Workspace:
    """The workspace the app was created with (:func:`omprio.web.auth.workspace`)."""
    return auth.workspace(request)


WorkspaceDep = Annotated[Workspace, Depends(workspace)]


async def page_actor(request: Request, ws: WorkspaceDep) -> Actor | None:
    """:func:`omprio.web.auth.session_actor`: without a user in the session, nobody."""
    if auth.SESSION_USER not in request.session:
        request.state.actor = None
        return None
    return await run_in_threadpool(auth.session_actor, request, ws)


PageActor = Annotated[Actor | None, Depends(page_actor)]


async def api_actor(
    request: Request,
    ws: WorkspaceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(auth.bearer)],
) -> Actor | None:
    """:func:`omprio.web.auth.token_actor`: without an ``Authorization`` header, nobody."""
    if credentials is None and "authorization" not in request.headers:
        return None
    return await run_in_threadpool(auth.token_actor, request, ws, credentials)


ApiActor = Annotated[Actor | None, Depends(api_actor)]


async def api_user(actor: ApiActor) -> Actor:
    """The caller of an API route that needs a token: 401 at once without one, before the
    route's own parameters are looked at (a bad header or body of an anonymous caller is
    still 401, not 422)."""
    if actor is None:
        raise Unauthorized("err.login")
    return actor


ApiUser = Annotated[Actor, Depends(api_user)]


class LoginRequired(Unauthorized):
    """An anonymous caller of a route that needs a login (see the module doc)."""

    def __init__(self) -> None:
        super().__init__("err.login_first")


async def logged_in(actor: PageActor) -> Actor:
    """The logged-in user of a page that needs one, else :class:`LoginRequired`."""
    if actor is None:
        raise LoginRequired
    return actor


LoggedIn = Annotated[Actor, Depends(logged_in)]
