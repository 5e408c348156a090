"""Hostile numbers (issue 9, items 1, 2 and 8), end to end, each within a wall-clock bound.

1. The seed's JSON export with one amount changed to ``-1e999999999`` (or ``-1e1000000``) is
   refused quickly by the web upload, the API and ``omprio import``/``omprio check`` (before,
   ``int()`` of that Decimal held the server for minutes).
2. The scenario builder's hidden ``extra`` field with ``{"harm": {"BFF-1": 1e999999}}`` is a
   message, not a 33-second freeze.
8. The API stores an amount exactly or refuses it: ``-99999999999.999999`` and
   ``-1234.5678901234567890123`` are refused (422), never rounded; an amount of 15 digits is
   stored and read back exactly.

These run on SQLite only (the numbers are refused before the database is touched; the storage
tests cover both engines).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bounds import CLI_HANG, HANG
from hostile_inputs import HUGE, hostile_export
from omprio.money import NumberRefused, bounded, loads
from omprio.read import ReadError, load_bytes
from omprio.store.workspace import Workspace
from web_support import (
    TestClient,
    bearer,
    counts,
    error_of,
    form_fields,
    import_seed,
    session_client,
    user_workspace,
)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with user_workspace("sqlite", tmp_path_factory.mktemp("hostile-numbers")) as workspace:
        yield workspace


@pytest.fixture(scope="module")
def cid(ws: Workspace) -> int:
    return import_seed(ws, public=True)


@pytest.fixture(scope="module")
def editor(ws: Workspace) -> Iterator[tuple[TestClient, str]]:
    client, csrf = session_client(ws, "editor")
    yield client, csrf
    client.close()


@pytest.fixture(scope="module")
def token(ws: Workspace) -> str:
    return ws.create_token("editor")


def timed(call: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    start = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - start


# --- the one check ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*HUGE, "1e-999999", "NaN", "-Infinity", "1" * 5000,
                                  "99999999999.999999", "-1234.5678901234567890123", "1e15"])
def test_bounded_refuses_without_evaluating(text: str) -> None:
    value = Decimal(text)
    start = time.monotonic()
    with pytest.raises(NumberRefused) as caught:
        bounded(value, text)
    assert time.monotonic() - start < HANG
    assert caught.value.message("da") != caught.value.message("en")


@pytest.mark.parametrize("text", ["0", "-0", "-19730", "10.5", "123456789012345",
                                  "-999999999999999", "0.000000000000001", "1.50000000000000000"])
def test_bounded_admits_what_a_catalog_writes(text: str) -> None:
    assert bounded(Decimal(text)) == Decimal(text)


def test_json_numbers_are_exact_and_bounded() -> None:
    assert loads('{"a": -1234.56789, "b": 3}') == {"a": Decimal("-1234.56789"), "b": 3}
    for text in ('{"a": -1e999999999}', '{"a": NaN}', '{"a": 1' + "0" * 20 + "}"):
        start = time.monotonic()
        with pytest.raises(NumberRefused):
            loads(text)
        assert time.monotonic() - start < HANG


# --- 1: the modified seed export ------------------------------------------------------------------


@pytest.mark.parametrize("number", HUGE)
def test_reading_the_hostile_export_is_a_quick_read_error(number: str) -> None:
    data = hostile_export(number)
    start = time.monotonic()
    with pytest.raises(ReadError) as caught:
        load_bytes(data, "hostile.json")
    assert time.monotonic() - start < HANG
    assert "too large" in caught.value.reason
    assert caught.value.reason_da is not None and "for stort" in caught.value.reason_da


@pytest.mark.parametrize("number", HUGE)
def test_the_web_upload_refuses_the_hostile_export_quickly(
        ws: Workspace, editor: tuple[TestClient, str], number: str) -> None:
    client, csrf = editor
    before = counts(ws)
    response, seconds = timed(client.post, "/import", data={"csrf_token": csrf},
                              files={"file": ("hostile.json", hostile_export(number),
                                              "application/json")})
    assert seconds < HANG, seconds
    assert response.status_code == 422, response.text[:300]
    assert "for stort" in response.text  # said in the page's language (Danish)
    assert counts(ws) == before


@pytest.mark.parametrize("number", HUGE)
def test_the_api_upload_refuses_the_hostile_export_quickly(
        ws: Workspace, token: str, number: str) -> None:
    before = counts(ws)
    with TestClient(_app(ws)) as client:
        response, seconds = timed(
            client.post, "/api/v1/catalogs", headers=bearer(token),
            files={"file": ("hostile.json", hostile_export(number), "application/json")})
    assert seconds < HANG, seconds
    assert response.status_code == 422, response.text[:300]
    assert "too large" in error_of(response)["message"]
    assert counts(ws) == before


def _app(ws: Workspace) -> Any:
    from omprio.web.app import create_app
    from web_support import SECRET_KEY

    return create_app(ws, secret_key=SECRET_KEY)


@pytest.mark.parametrize("command", ["check", "import"])
def test_the_cli_refuses_the_hostile_export_quickly(
        tmp_path: Path, command: str) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(hostile_export(HUGE[0]))
    args = [sys.executable, "-m", "omprio", command, str(path), "--lang", "en"]
    env = dict(os.environ)
    if command == "import":
        args += ["--db", f"sqlite:///{tmp_path / 'cli.db'}"]
    start = time.monotonic()
    result = subprocess.run(args, capture_output=True, text=True, timeout=60, env=env,
                            check=False)
    assert time.monotonic() - start < CLI_HANG
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "too large" in result.stderr


# --- 2: the builder's hidden field ----------------------------------------------------------------


def test_a_hostile_hidden_number_is_a_message_not_a_freeze(
        cid: int, editor: tuple[TestClient, str]) -> None:
    client, _ = editor
    page = client.get(f"/catalogs/{cid}/scenarios/new").text
    fields: dict[str, Any] = dict(form_fields(page, "scenario-form"))
    fields["in-BFF-1"] = "1"
    for extra in ('{"harm":{"BFF-1":1e999999}}', '{"harm":{"BFF-1":1e999999999}}',
                  '{"constraints":{"theme_caps":{"1":-1e999999}}}'):
        fields["extra"] = extra
        response, seconds = timed(client.post, f"/catalogs/{cid}/scenarios/evaluate",
                                  data=fields, headers={"HX-Request": "true"})
        assert seconds < HANG, (extra, seconds)
        assert response.status_code in (200, 422), response.text[:300]
        assert "for stort" in response.text, response.text[:500]


def test_an_edit_whose_totals_cannot_be_stored_exactly_is_refused_not_a_500(
        ws: Workspace, cid: int, token: str) -> None:
    """0.000000000000001 is within the bounds, but the overview's total it makes has 20
    significant digits, which no JSON number holds: 422, nothing stored."""
    version = ws.version(cid, None).info.number
    body = f'{{"base_version": {version}, "changes": {{"net": {{"2026": 1e-15}}}}}}'
    with TestClient(_app(ws)) as client:
        response = client.patch(f"/api/v1/catalogs/{cid}/measures/BFF-1", content=body,
                                headers={**bearer(token), "Content-Type": "application/json"})
    assert response.status_code == 422, response.text[:300]
    assert "exactly" in error_of(response)["message"]
    assert ws.version(cid, None).info.number == version


# --- 8: the API stores exactly or refuses ---------------------------------------------------------


@pytest.mark.parametrize("number", ["-99999999999.999999", "-1234.5678901234567890123",
                                    "-1e999999999", "1e-999999", "NaN", "Infinity"])
def test_the_api_refuses_an_amount_it_would_round(
        ws: Workspace, cid: int, token: str, number: str) -> None:
    version = ws.version(cid, None).info.number
    body = f'{{"base_version": {version}, "changes": {{"net": {{"2024": {number}}}}}}}'
    with TestClient(_app(ws)) as client:
        response, seconds = timed(
            client.patch, f"/api/v1/catalogs/{cid}/measures/BFF-1", content=body,
            headers={**bearer(token), "Content-Type": "application/json"})
        assert seconds < HANG, seconds
        assert response.status_code == 422, response.text[:300]
        error = error_of(response)
        assert "changes.net.2024" in error["message"], error
        assert ws.version(cid, None).info.number == version


@pytest.mark.parametrize("number", ["-99999999999.99", "-1234.56789012345", "-999999999999",
                                    "-0.5"])
def test_the_api_stores_an_exact_amount_exactly(
        ws: Workspace, cid: int, token: str, number: str) -> None:
    version = ws.version(cid, None).info.number
    body = f'{{"base_version": {version}, "changes": {{"net": {{"2025": {number}}}}}}}'
    with TestClient(_app(ws)) as client:
        response = client.patch(f"/api/v1/catalogs/{cid}/measures/BFF-1", content=body,
                                headers={**bearer(token), "Content-Type": "application/json"})
        assert response.status_code == 200, response.text[:300]
        read = client.get(f"/api/v1/catalogs/{cid}/measures/BFF-1", headers=bearer(token))
    stored = loads(read.text)["measure"]["net"]["2025"]
    assert Decimal(stored) == Decimal(number)
    measure = next(m for m in ws.version(cid, None).catalog.measures if m.code == "BFF-1")
    assert measure.net[2025] == Decimal(number)
