"""One's own account in the browser: the password, the open sessions and the API tokens.

Every logged-in user may change their password (the current one is checked, throttled like a
login), see their open browser sessions and end one or all others, and see, create and revoke
their own API tokens; a new token is shown once, on the page that answers the form, and never
again. Each route parses the form, calls one method of the workspace's account service
(:mod:`omprio.store.users`) and renders or redirects; a session or token of someone else is
not found (404). Every form carries the CSRF token.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from omprio.store import accounts
from omprio.store.accounts import SESSION_ID_LENGTH, Actor
from omprio.store.errors import InvalidInput, NotFound
from omprio.store.users import now
from omprio.store.workspace import Workspace
from omprio.web.auth import CheckedForm, csrf_token, log_in, session_key
from omprio.web.deps import LoggedIn, WorkspaceDep
from omprio.web.i18n import t
from omprio.web.templating import render
from omprio.web.views.common import PageLang, form_text, see_other

router = APIRouter(include_in_schema=False)

TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]
SessionId = Annotated[str, Path(pattern=f"^[0-9a-f]{{{SESSION_ID_LENGTH}}}$")]
EXPIRIES = ("30", "90", "365", "never")
"""The lifetimes a token made on the page may have (days, or until revoked)."""
NOTICES = frozenset({"revoked", "ended", "others"})


def password_field(form: CheckedForm, field: str) -> str:
    """A posted password as typed (not trimmed: spaces count)."""
    value = form.get(field)
    return value if isinstance(value, str) else ""


def _page(request: Request, ws: Workspace, who: Actor, *, error: str | None = None,
          status: int = 200, **extra: Any) -> Response:
    key = session_key(request)
    values: dict[str, Any] = {
        "csrf": csrf_token(request), "error": error, "now": now(),
        "changed": request.query_params.get("changed") == "1",
        "notice": request.query_params.get("done") if status == 200 else None,
        "sessions": ws.sessions(who.name), "tokens": ws.tokens(who.name),
        "this_session": accounts.session_id(key) if key else None, "expiries": EXPIRIES,
        "new_token": None, "token_name": "script",
    }
    if values["notice"] not in NOTICES:
        values["notice"] = None
    values.update(extra)
    return render(request, "account.html", values, status_code=status)


@router.get("/account")
def account_page(request: Request, ws: WorkspaceDep, who: LoggedIn) -> Response:
    """One's own account: name, role, areas, the password form, sessions and API tokens."""
    return _page(request, ws, who)


@router.post("/account/password")
def change_own_password(
    request: Request, ws: WorkspaceDep, who: LoggedIn, lang: PageLang, form: CheckedForm
) -> Response:
    """Change one's own password: the current one is checked (throttled like a login)."""
    current, new, again = (password_field(form, f) for f in ("current", "new", "again"))
    error = None
    if new != again:
        error = t("account.mismatch", lang)
    else:
        host = request.client.host if request.client else None
        outcome = ws.login(who.name, current, host)
        if outcome.retry_after is not None:
            error = t("login.throttled", lang, seconds=outcome.retry_after)
        elif outcome.actor is None:
            error = t("account.wrong_current", lang)
        else:
            try:
                ws.set_password(who.name, new)
            except InvalidInput as problem:
                error = problem.text(lang)
    if error is not None:
        return _page(request, ws, who, error=error, status=422)
    log_in(request, ws, who)  # the change ended every session of the user, this one too
    return see_other(request, "/account?changed=1")


@router.post("/account/tokens")
def create_own_token(
    request: Request, ws: WorkspaceDep, who: LoggedIn, lang: PageLang, form: CheckedForm
) -> Response:
    """A new API token of one's own, shown once on the page this answers with."""
    name = form_text(form.get("name"), 100) or "script"
    expires = form_text(form.get("expires"), 10) or "90"
    if expires not in EXPIRIES:
        return _page(request, ws, who, error=t("account.token_expiry", lang), status=422,
                     token_name=name)
    until = None if expires == "never" else now() + timedelta(days=int(expires))
    token = ws.create_token(who.name, name, until)
    return _page(request, ws, who, new_token=token, token_name=name)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_own_token(
    request: Request, token_id: TokenId, ws: WorkspaceDep, who: LoggedIn, form: CheckedForm
) -> Response:
    """Revoke one of one's own API tokens (another's is not found)."""
    ws.revoke_token(token_id, owner=who.name)
    return see_other(request, "/account?done=revoked")


@router.post("/account/sessions/{session_id}/end")
def end_own_session(
    request: Request, session_id: SessionId, ws: WorkspaceDep, who: LoggedIn,
    form: CheckedForm,
) -> Response:
    """End one of one's own sessions (another's is not found); ending this one logs out."""
    ws.end_session_by_id(session_id, owner=who.name)
    key = session_key(request)
    if key is not None and accounts.session_id(key) == session_id:
        request.session.clear()
        return see_other(request, "/login")
    return see_other(request, "/account?done=ended")


@router.post("/account/sessions/end-others")
def end_other_sessions(
    request: Request, ws: WorkspaceDep, who: LoggedIn, form: CheckedForm
) -> Response:
    """End every other session of one's own (another browser, a forgotten computer)."""
    key = session_key(request)
    if key is None:  # pragma: no cover - LoggedIn means a session
        raise NotFound("err.no_session")
    ws.end_other_sessions(key)
    return see_other(request, "/account?done=others")
