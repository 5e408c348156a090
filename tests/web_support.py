"""What the web tests share: a seeded workspace on either engine, clients logged in as each
role, the CSRF token of a page, the fields of a form, the one JSON error shape, table counts and
a real uvicorn server on a free port.

The users are the ones of the ``workspace`` fixture in ``conftest.py`` (admin, bff = editor
limited to BFF, editor, viewer; password ``secret-password``).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from sqlalchemy import func, select

from databases import database_url
from omprio.store.accounts import Actor
from omprio.store.schema import ApiToken, CatalogRow, MeasureBlob, User, VersionMeasure, VersionRow
from omprio.store.workspace import Workspace
from omprio.web.app import create_app

with warnings.catch_warnings():  # Starlette would rather have httpx2; httpx is what is installed
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

__all__ = ["TestClient"]

CHROMIUM = Path("/usr/bin/chromium")
"""The browser of the browser tests: the Debian package, never a downloaded one."""
TIMEOUT = 10_000  # ms, for anything a page shows after a request


def require_chromium() -> None:
    """Skip (with the reason shown) without Chromium; in CI (``CI`` set), fail instead."""
    import pytest

    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests "
                    "(install the Debian package chromium)", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing: install the Debian package chromium to run the "
                "browser tests (never a downloaded browser)")


PASSWORD = "secret-password"
SECRET_KEY = "web-tests-signing-key-0123456789abcdef"
SEED_PATH = Path(__file__).parent / "data" / "aarhus-msb-2024-2027.txt"
SEED_BYTES = SEED_PATH.read_bytes()
USERS = ("admin", "bff", "editor", "viewer")
YEARS = (2024, 2025, 2026, 2027)


def add_users(ws: Workspace) -> None:
    """The users of the ``workspace`` fixture."""
    ws.add_user("admin", PASSWORD, "admin")
    ws.add_user("bff", PASSWORD, "editor", "BFF")
    ws.add_user("editor", PASSWORD, "editor")
    ws.add_user("viewer", PASSWORD, "viewer")


@contextmanager
def user_workspace(engine: str, tmp_path: Path) -> Iterator[Workspace]:
    """A workspace with the fixture's users on an empty database of ``engine`` (for fixtures
    that live longer than one test)."""
    with database_url(engine, tmp_path) as url:
        ws = Workspace(url)
        ws.ensure_schema()
        add_users(ws)
        try:
            yield ws
        finally:
            ws.engine.dispose()


def actor(ws: Workspace, name: str) -> Actor:
    """The actor of a user of the fixture."""
    found = ws.authenticate(name, PASSWORD)
    assert found is not None, name
    return found


SYSTEM = Actor(0, "tests", "admin")


def import_seed(ws: Workspace, *, public: bool, data: bytes = SEED_BYTES,
                name: str = "seed.txt") -> int:
    """Import the reference catalog (or ``data``) as a new catalog; its id."""
    return ws.import_document(data, name, SYSTEM, public=public).info.catalog_id


def latest(ws: Workspace, catalog_id: int) -> int:
    """The latest version number of a catalog."""
    return ws.version(catalog_id, SYSTEM).info.number


def make_client(ws: Workspace, **options: Any) -> TestClient:
    """A test client of the app on ``ws`` (no redirects followed)."""
    app = create_app(ws, secret_key=SECRET_KEY, **options)
    return TestClient(app, follow_redirects=False)


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page."""
    match = _CSRF.search(html)
    assert match is not None, "the page has no CSRF token"
    return match.group(1)


def anonymous_csrf(client: TestClient) -> str:
    """The CSRF token of an anonymous session (from the login form)."""
    return csrf_of(client.get("/login").text)


def login(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log the client in through the login form; the session's CSRF token."""
    token = anonymous_csrf(client)
    response = client.post("/login", data={"csrf_token": token, "name": name,
                                           "password": password, "next": "/"})
    assert response.status_code == 303, (name, response.status_code)
    return csrf_of(client.get("/login").text)


def session_client(ws: Workspace, name: str | None, **options: Any) -> tuple[TestClient, str]:
    """A client logged in as ``name`` (anonymous for None) and its session's CSRF token."""
    client = make_client(ws, **options)
    token = anonymous_csrf(client) if name is None else login(client, name)
    return client, token


def error_of(response: Any) -> dict[str, str]:
    """The body of a JSON error, checked to be exactly ``{"error": {"code", "message"}}``, with
    ``problems`` (a list of ``{"code", "params", "message"}``) when deciding refused the input."""
    assert response.headers["content-type"].startswith("application/json"), response.text[:200]
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert isinstance(error, dict) and set(error) - {"problems"} == {"code", "message"}, body
    for problem in error.get("problems", [{"code": "x", "params": {}, "message": "x"}]):
        assert set(problem) == {"code", "params", "message"}, body
        assert isinstance(problem["params"], dict) and problem["code"] and problem["message"]
    assert isinstance(error["code"], str) and error["code"], body
    assert isinstance(error["message"], str) and error["message"], body
    return error


class _FormFields(HTMLParser):
    """The successful controls of one form, as a browser would send them."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = values.get("id") == self.form_id
        if not self.inside:
            return
        name = values.get("name")
        kind = values.get("type", "text")
        if tag == "input" and name and kind in ("checkbox", "radio"):
            if "checked" in values:  # a ticked box is sent, as a browser sends it
                self.fields[name] = values.get("value") or "on"
        elif tag == "input" and name and kind not in ("file", "submit"):
            self.fields[name] = values.get("value", "")
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields[self._textarea] = text[1:] if text.startswith("\n") else text
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_fields(html: str, form_id: str) -> dict[str, str]:
    """The fields a browser would post for the form ``form_id`` of a page."""
    parser = _FormFields(form_id)
    parser.feed(html)
    assert parser.fields, f"no form {form_id!r} on the page"
    return parser.fields


def counts(ws: Workspace) -> dict[str, int]:
    """Rows per table (to see that nothing was stored)."""
    tables = {"users": User, "tokens": ApiToken, "catalogs": CatalogRow,
              "versions": VersionRow, "blobs": MeasureBlob, "mapped": VersionMeasure}
    with ws.engine.connect() as connection:
        return {name: connection.scalar(select(func.count()).select_from(table)) or 0
                for name, table in tables.items()}


def no_secrets(response: Any) -> None:
    """Neither a password nor a password hash is in the response."""
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    for text in (response.text, headers):
        assert PASSWORD not in text
        assert "$argon2" not in text


def as_response(value: object) -> httpx.Response:
    """A test client's answer, typed (Starlette types its client with httpx2, absent here)."""
    assert isinstance(value, httpx.Response), type(value)
    return value


def bearer(token: str) -> dict[str, str]:
    """The Authorization header of an API token."""
    return {"Authorization": f"Bearer {token}"}


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """The app served by a real uvicorn server in a thread; its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped while starting"
        assert time.monotonic() < deadline, "uvicorn did not start in 20 s"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
