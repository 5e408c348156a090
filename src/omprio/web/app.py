"""The web app factory: pages, REST API, static files, sessions and error handling around one
:class:`~omprio.store.workspace.Workspace`.

``create_app(workspace)`` gives a FastAPI app; ``omprio serve`` runs :func:`serve_app` (the same
app, for the database and secret key it passes in the environment) with uvicorn, in one or more
worker processes. Between requests only the workspace and what is made from stored versions
(:mod:`omprio.web.caching`, checked against the database on every request) are kept, so the
app recovers by itself when an unreachable database comes back.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import secrets
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles

from omprio.store.errors import Unavailable
from omprio.store.users import dummy_hash
from omprio.store.workspace import MAX_UPLOAD_BYTES, Workspace
from omprio.web import errors
from omprio.web.caching import Caches
from omprio.web.jobs import JOB_WAIT, MAX_JOBS, Jobs
from omprio.web.middleware import HeadAsGet, LanguageCookie, SecurityHeaders, UploadLimit
from omprio.web.views import (
    account,
    api,
    authoring,
    catalog_list,
    catalogs,
    followup,
    followup_api,
    followup_grid,
    followup_report,
    game,
    hearing,
    hearing_api,
    import_mapping,
    manage,
    measures,
    my_account,
    optimize,
    people,
    round_api,
    round_forms,
    rounds,
    scenario_api,
    scenario_compare,
    scenario_downloads,
    scenario_risk,
    scenarios,
    submission_api,
    submissions,
    system,
)

STATIC = Path(__file__).resolve().parent / "static"
SESSION_COOKIE = "omprio_session"
SESSION_MAX_AGE = 12 * 60 * 60
# What ``omprio serve`` hands its worker processes (see serve_app).
ENV_DATABASE = "OMPRIO_DATABASE_URL"
ENV_SECRET = "OMPRIO_SECRET_KEY"
ENV_SECURE = "OMPRIO_SECURE_COOKIES"
"""``1``: served over HTTPS (behind a proxy): Secure cookies and HSTS."""

log = logging.getLogger("omprio.web")

DESCRIPTION = """\
Municipal reprioritization catalogs (omprioriteringskataloger) as exact, checked data.

Read public catalogs without a token. To import or edit, send an API token of an editor or
administrator as `Authorization: Bearer <token>` (`omprio token add USER` prints one).
Amounts are in the catalog's unit (`1.000 kr.`) as JSON numbers keyed by year.
Every error has the shape `{"error": {"code": "...", "message": "..."}}`.
Budget rounds (`/api/v1/rounds`) need a token of any role to read and an administrator's
to change; their error messages follow `lang` (da, en).
"""


def _with_optional_auth(app: FastAPI) -> None:
    """Generate the OpenAPI schema once, with the token optional on reads."""

    generate = app.openapi

    def schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = api.optional_auth(generate())
        return app.openapi_schema

    app.openapi = schema  # type: ignore[method-assign]


def create_app(
    workspace: Workspace,
    *,
    secret_key: str | None = None,
    secure_cookies: bool = False,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
    freeze_gc: bool = False,
    max_jobs: int = MAX_JOBS,
    job_wait: float = JOB_WAIT,
) -> FastAPI:
    """The web app for ``workspace``.

    ``secret_key`` signs the session cookies (a random key when None: sessions then end when
    the process does); ``secure_cookies`` marks cookies Secure and sends HSTS, for HTTPS;
    ``max_upload_bytes`` is the largest request body (and so upload) accepted; larger ones get
    413. ``freeze_gc`` moves everything made up to the start into the garbage collector's
    permanent generation (``gc.freeze``), so that collections no longer walk the modules and the
    app: for a server process, not for tests that make many apps. ``max_jobs`` expensive jobs
    (optimize, simulate, import, publish) run at once; another waits at most ``job_wait``
    seconds for a slot and is then refused with 503 (:mod:`omprio.web.jobs`).
    """

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            workspace.ensure_schema()
        except Unavailable as exc:
            log.warning("starting without a database (it is retried on each request): %s", exc)
        dummy_hash()  # made now, not on the first unknown name (omprio.store.users)
        if freeze_gc:
            gc.collect()
            gc.freeze()
        yield

    if not secret_key:
        log.warning("no secret key given: sessions will not survive a restart")
        secret_key = secrets.token_urlsafe(32)

    app = FastAPI(
        title="omprio API",
        version="1",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    _with_optional_auth(app)
    app.state.workspace = workspace
    app.state.max_upload_bytes = max_upload_bytes
    app.state.caches = Caches()
    app.state.jobs = Jobs(max_jobs, job_wait)

    app.include_router(system.router)
    app.include_router(api.router)
    app.include_router(account.router)
    app.include_router(my_account.router)
    app.include_router(people.router)
    app.include_router(rounds.router)
    app.include_router(round_forms.router)
    app.include_router(authoring.router)  # before catalogs/{id} and measures/{code}: "new"
    app.include_router(catalog_list.router)
    app.include_router(catalogs.router)
    app.include_router(game.router)
    app.include_router(game.api_router)
    app.include_router(measures.router)
    app.include_router(manage.router)
    app.include_router(import_mapping.router)
    app.include_router(optimize.router)
    app.include_router(scenario_api.router)
    app.include_router(round_api.router)
    app.include_router(submission_api.router)
    app.include_router(submissions.router)
    app.include_router(followup_api.router)
    app.include_router(followup.router)
    app.include_router(followup_grid.router)
    app.include_router(hearing.router)
    app.include_router(hearing_api.router)
    app.include_router(scenario_compare.router)  # before scenarios/{id}: "compare" is no id
    app.include_router(scenarios.router)
    app.include_router(scenario_downloads.router)
    app.include_router(scenario_risk.router)
    app.include_router(followup_report.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)

    # Added innermost first: unexpected errors are answered closest to the routes, then the
    # body limit.
    app.add_middleware(errors.CatchAll)
    app.add_middleware(UploadLimit, limit=max_upload_bytes)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=secure_cookies,
    )
    app.add_middleware(LanguageCookie, secure=secure_cookies)
    app.add_middleware(SecurityHeaders, hsts=secure_cookies)
    app.add_middleware(HeadAsGet)
    return app


def serve_app() -> FastAPI:
    """The app as ``omprio serve`` runs it in each worker process (``uvicorn --factory``): the
    workspace at ``$OMPRIO_DATABASE_URL``, sessions signed with ``$OMPRIO_SECRET_KEY`` (the
    serve command sets both, one key for all workers) and the collector frozen after start."""
    from omprio.store.database import default_url

    if multiprocessing.parent_process() is not None:
        _end_with_parent()
    return create_app(
        Workspace(os.environ.get(ENV_DATABASE) or default_url()),
        secret_key=os.environ.get(ENV_SECRET),
        freeze_gc=True,
        secure_cookies=os.environ.get(ENV_SECURE, "").strip().lower() in {"1", "true", "yes"},
    )


def _end_with_parent() -> None:
    """In a worker process: be sent SIGTERM when the process that started it ends, even when it
    is killed (``kill -9``) and cannot stop its workers itself (Linux; elsewhere nothing)."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return
    if os.getppid() != parent:  # pragma: no cover - the parent ended before prctl
        os.kill(os.getpid(), signal.SIGTERM)
