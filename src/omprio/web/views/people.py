"""The users page for administrators: create users, set their role and operating areas,
deactivate or activate them, give them a new password, and end their API tokens and browser
sessions.

Each route parses the form, calls one method of the workspace's account service
(:mod:`omprio.store.users`) and redirects to the page with what was done, or shows the page
again with the problem in the user's language (a weak password, an unknown role or area, a
name that is taken, the last administrator) and what was typed (never a password). Only the
role admin may; every form carries the CSRF token.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from omprio.display import Lang
from omprio.store import accounts
from omprio.store.accounts import ROLES, SESSION_ID_LENGTH
from omprio.store.errors import WorkspaceError
from omprio.store.users import now
from omprio.store.workspace import Workspace
from omprio.web.auth import CheckedForm, csrf_token, require, session_key
from omprio.web.deps import LoggedIn, WorkspaceDep
from omprio.web.i18n import t
from omprio.web.templating import render
from omprio.web.views.common import PageLang, form_text, see_other
from omprio.web.views.my_account import password_field

router = APIRouter(include_in_schema=False)

UserName = Annotated[str, Path(min_length=1, max_length=100)]
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]
SessionId = Annotated[str, Path(pattern=f"^[0-9a-f]{{{SESSION_ID_LENGTH}}}$")]
NOTICES = frozenset({"active", "inactive", "password", "revoked", "created", "role", "ended"})


def _page(request: Request, ws: Workspace, *, error: str | None = None, status: int = 200,
          typed: dict[str, str] | None = None) -> Response:
    """The users page, with a problem (and what was typed into the new-user form)."""
    people = ws.users()
    tokens = ws.tokens()
    notice = request.query_params.get("done") if status == 200 else None
    key = session_key(request)
    values: dict[str, Any] = {
        "csrf": csrf_token(request), "people": people, "now": now(),
        "tokens": {u.name: [tk for tk in tokens if tk.user == u.name] for u in people},
        "sessions": ws.sessions(), "this_session": accounts.session_id(key) if key else None,
        "notice": notice if notice in NOTICES else None, "error": error, "roles": ROLES,
        "known_areas": ws.known_areas(),
        "typed": typed or {"name": "", "role": "viewer", "areas": ""},
    }
    return render(request, "users.html", values, status_code=status)


def _refused(request: Request, ws: Workspace, lang: Lang, problem: WorkspaceError,
             typed: dict[str, str] | None = None) -> Response:
    return _page(request, ws, error=problem.text(lang), status=problem.status, typed=typed)


@router.get("/users")
def users_page(request: Request, ws: WorkspaceDep, who: LoggedIn) -> Response:
    """The users, their API tokens and open sessions (administrators)."""
    require(who, "admin")
    return _page(request, ws)


@router.post("/users")
def create_user(
    request: Request, ws: WorkspaceDep, actor: LoggedIn, lang: PageLang, form: CheckedForm
) -> Response:
    """Create a user with a role, operating areas and a first password (the policy applies)."""
    require(actor, "admin")
    typed = {"name": form_text(form.get("name"), 200), "role": form_text(form.get("role"), 20),
             "areas": form_text(form.get("areas"), 500)}
    password, again = password_field(form, "password"), password_field(form, "again")
    if password != again:
        return _page(request, ws, error=t("account.mismatch", lang), status=422, typed=typed)
    try:
        ws.add_user(typed["name"], password, typed["role"], typed["areas"])
    except WorkspaceError as problem:
        return _refused(request, ws, lang, problem, typed)
    return see_other(request, "/users?done=created")


@router.post("/users/{name}/role")
def set_user_role(
    request: Request, name: UserName, ws: WorkspaceDep, actor: LoggedIn, lang: PageLang,
    form: CheckedForm,
) -> Response:
    """Set a user's role and operating areas (from the user's next request on)."""
    require(actor, "admin")
    try:
        ws.set_role(name, form_text(form.get("role"), 20), form_text(form.get("areas"), 500))
    except WorkspaceError as problem:
        return _refused(request, ws, lang, problem)
    return see_other(request, "/users?done=role")


@router.post("/users/{name}/active")
def set_user_active(
    request: Request, name: UserName, ws: WorkspaceDep, actor: LoggedIn, lang: PageLang,
    form: CheckedForm,
) -> Response:
    """Deactivate (sessions and tokens end at once) or activate a user."""
    require(actor, "admin")
    active = form_text(form.get("active"), 1) == "1"
    try:
        ws.set_active(name, active)
    except WorkspaceError as problem:
        return _refused(request, ws, lang, problem)
    return see_other(request, f"/users?done={'active' if active else 'inactive'}")


@router.post("/users/{name}/password")
def reset_user_password(
    request: Request, name: UserName, ws: WorkspaceDep, actor: LoggedIn, lang: PageLang,
    form: CheckedForm,
) -> Response:
    """Give a user a new password (their sessions end; failed-login counts are cleared)."""
    require(actor, "admin")
    try:
        ws.set_password(name, password_field(form, "password"))
    except WorkspaceError as problem:
        return _refused(request, ws, lang, problem)
    return see_other(request, "/users?done=password")


@router.post("/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, token_id: TokenId, ws: WorkspaceDep, actor: LoggedIn, form: CheckedForm
) -> Response:
    """Revoke any user's API token: it stops working at once."""
    require(actor, "admin")
    ws.revoke_token(token_id)
    return see_other(request, "/users?done=revoked")


@router.post("/sessions/{session_id}/end")
def end_session(
    request: Request, session_id: SessionId, ws: WorkspaceDep, actor: LoggedIn,
    form: CheckedForm,
) -> Response:
    """End any user's browser session: its cookie no longer logs in."""
    require(actor, "admin")
    ws.end_session_by_id(session_id)
    key = session_key(request)
    if key is not None and accounts.session_id(key) == session_id:  # one's own: logged out
        request.session.clear()
        return see_other(request, "/login")
    return see_other(request, "/users?done=ended")
