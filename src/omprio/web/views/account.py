"""Logging in (throttled: 429 with Retry-After after repeated failures) and out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from omprio.web.auth import CheckedForm, csrf_token, log_in, log_out
from omprio.web.deps import PageActor, WorkspaceDep
from omprio.web.i18n import t
from omprio.web.templating import render
from omprio.web.views.common import PageLang, form_text, safe_next

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_page(request: Request, actor: PageActor) -> Response:
    """The login form."""
    return render(
        request,
        "login.html",
        {
            "csrf": csrf_token(request),
            "next": safe_next(request.query_params.get("next")),
            "error": None,
            "name": "",
        },
    )


@router.post("/login")
def login(request: Request, ws: WorkspaceDep, lang: PageLang, form: CheckedForm) -> Response:
    """Check the name and password; start a session and go on, or say it was wrong."""
    name = form_text(form.get("name"), 100)
    password = form.get("password")
    target = safe_next(form.get("next"))
    actor = None
    wait = None
    if name and isinstance(password, str) and password:
        # Throttled per account and client address; a password over the policy's length
        # is checked like any wrong one (it never was accepted), at no extra cost.
        outcome = ws.login(name, password, request.client.host if request.client else None)
        actor, wait = outcome.actor, outcome.retry_after
    if actor is None:
        request.state.actor = None
        error = (t("login.failed", lang) if wait is None
                 else t("login.throttled", lang, seconds=wait))
        return render(
            request,
            "login.html",
            {
                "csrf": csrf_token(request),
                "next": target,
                "error": error,
                "name": name,
            },
            status_code=401 if wait is None else 429,
            headers=None if wait is None else {"Retry-After": str(wait)},
        )
    log_in(request, ws, actor)
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(request: Request, ws: WorkspaceDep, form: CheckedForm) -> Response:
    """End the session."""
    log_out(request, ws)
    return RedirectResponse("/", status_code=303)
