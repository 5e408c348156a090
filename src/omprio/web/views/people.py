"""Accounts in the browser: changing one's own password, and for administrators the users
(deactivate, activate, set a new password) and their API tokens (revoke).

Each route parses the form, calls one method of the workspace's account service
(:mod:`omprio.store.users`) and renders or redirects; who may do it is checked here (a login;
the role admin for the users page), every form carries the CSRF token. Changing a password
ends the user's sessions: one's own change logs in again at once with a fresh session.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from omprio.store.errors import InvalidInput
from omprio.store.users import now
from omprio.web.auth import CheckedForm, csrf_token, log_in, require
from omprio.web.deps import LoggedIn, WorkspaceDep
from omprio.web.i18n import t
from omprio.web.templating import render
from omprio.web.views.common import PageLang, form_text, see_other

router = APIRouter(include_in_schema=False)

UserName = Annotated[str, Path(min_length=1, max_length=100)]
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _password(form: CheckedForm, field: str) -> str:
    value = form.get(field)
    return value if isinstance(value, str) else ""


@router.get("/account")
def account_page(request: Request, who: LoggedIn) -> Response:
    """One's own account: name, role, areas and the form to change the password."""
    done = request.query_params.get("changed") == "1"
    return render(request, "account.html", {"csrf": csrf_token(request), "error": None,
                                            "changed": done})


@router.post("/account/password")
def change_own_password(
    request: Request, ws: WorkspaceDep, who: LoggedIn, lang: PageLang, form: CheckedForm
) -> Response:
    """Change one's own password: the current one is checked (throttled like a login)."""
    current, new, again = (_password(form, f) for f in ("current", "new", "again"))
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
        return render(request, "account.html",
                      {"csrf": csrf_token(request), "error": error, "changed": False},
                      status_code=422)
    log_in(request, ws, who)  # the change ended every session of the user, this one too
    return see_other(request, "/account?changed=1")


@router.get("/users")
def users_page(request: Request, ws: WorkspaceDep, who: LoggedIn) -> Response:
    """The users and their API tokens (administrators)."""
    require(who, "admin")
    tokens = ws.tokens()
    by_user = {u.name: [tk for tk in tokens if tk.user == u.name] for u in ws.users()}
    notice = request.query_params.get("done")
    return render(request, "users.html", {
        "csrf": csrf_token(request), "people": ws.users(), "tokens": by_user, "now": now(),
        "notice": notice if notice in {"active", "inactive", "password", "revoked"} else None,
        "error": None,
    })


@router.post("/users/{name}/active")
def set_user_active(
    request: Request, name: UserName, ws: WorkspaceDep, actor: LoggedIn, lang: PageLang,
    form: CheckedForm,
) -> Response:
    """Deactivate (sessions and tokens end at once) or activate a user."""
    require(actor, "admin")
    active = form_text(form.get("active"), 1) == "1"
    ws.set_active(name, active)
    return see_other(request, f"/users?done={'active' if active else 'inactive'}")


@router.post("/users/{name}/password")
def reset_user_password(
    request: Request, name: UserName, ws: WorkspaceDep, actor: LoggedIn, lang: PageLang,
    form: CheckedForm,
) -> Response:
    """Give a user a new password (their sessions end; failed-login counts are cleared)."""
    require(actor, "admin")
    ws.set_password(name, _password(form, "password"))
    return see_other(request, "/users?done=password")


@router.post("/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, token_id: TokenId, ws: WorkspaceDep, actor: LoggedIn, form: CheckedForm
) -> Response:
    """Revoke an API token: it stops working at once."""
    require(actor, "admin")
    ws.revoke_token(token_id)
    return see_other(request, "/users?done=revoked")
