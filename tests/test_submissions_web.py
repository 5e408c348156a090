"""Submissions on the web and the command line: the API's status codes (200, 403, 409, 422),
comment threads (escaped, never HTML), the areas page and its JSON twin with exact numbers,
the notifications count in the header (read once seen), the status buttons a user may press,
the catalog page's status filter, what an anonymous reader sees, and ``omprio catalog status``
/ ``omprio catalog submissions``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import run_omprio
from omprio.store.workspace import Workspace
from web_support import (
    SEED_PATH,
    SYSTEM,
    TestClient,
    bearer,
    error_of,
    import_seed,
    make_client,
    session_client,
    user_workspace,
)

NET = {2024: Decimal("-10.5"), 2025: Decimal(-20), 2026: Decimal(-30), 2027: Decimal(-40)}


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    with user_workspace("sqlite", tmp_path) as workspace:
        yield workspace


def _draft(ws: Workspace, cid: int, code: str) -> int:
    """A draft ``code`` (like BFF-1, with NET) made by the editor for all areas; the version."""
    catalog = ws.version(cid, SYSTEM).catalog
    template = catalog.measure("BFF-1")
    assert template is not None
    line = replace(template.lines[0], amounts=dict(NET))
    measure = replace(template, code=code, lines=(line,), adjustments=(), net=dict(NET))
    return ws.create_draft(SYSTEM, cid, measure, 1, "forslag").info.number


def _api(ws: Workspace) -> tuple[TestClient, dict[str, dict[str, str]]]:
    tokens = {name: bearer(ws.create_token(name)) for name in ("admin", "bff", "viewer")}
    return make_client(ws), tokens


def test_the_api_answers_each_status_change_with_its_code(ws: Workspace) -> None:
    cid = import_seed(ws, public=True)
    base = _draft(ws, cid, "BFF-60")
    api, tokens = _api(ws)
    url = f"/api/v1/catalogs/{cid}/measures/BFF-60/status"
    anonymous = api.post(url, json={"status": "submitted", "base_version": base})
    assert anonymous.status_code == 401
    viewer = api.post(url, json={"status": "submitted", "base_version": base},
                      headers=tokens["viewer"])
    assert viewer.status_code == 403
    skip = api.post(url, json={"status": "accepted", "base_version": base},
                    headers=tokens["admin"])
    assert skip.status_code == 422
    assert error_of(skip)["code"] == "invalid-input"
    unknown = api.post(url, json={"status": "godkendt", "base_version": base},
                       headers=tokens["admin"])
    assert unknown.status_code == 422
    submitted = api.post(url, json={"status": "submitted", "base_version": base},
                         headers=tokens["bff"])
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["version"] == base + 1
    own = api.post(url, json={"status": "accepted", "base_version": base + 1},
                   headers=tokens["bff"])
    assert own.status_code == 403
    assert error_of(own)["code"] == "forbidden"
    stale = api.post(url, json={"status": "accepted", "base_version": base},
                     headers=tokens["admin"])
    assert stale.status_code == 409
    no_reason = api.post(url, json={"status": "rejected", "base_version": base + 1},
                         headers=tokens["admin"])
    assert no_reason.status_code == 422
    assert "reason" in error_of(no_reason)["message"]
    extra = api.post(url, json={"status": "accepted", "base_version": base + 1, "x": 1},
                     headers=tokens["admin"])
    assert extra.status_code == 422
    accepted = api.post(url, json={"status": "accepted", "base_version": base + 1,
                                   "comment": "Godkendt @bff"}, headers=tokens["admin"])
    assert accepted.status_code == 200
    document = api.get(f"/api/v1/catalogs/{cid}").json()
    assert all("status" not in m for m in document["measures"])  # accepted: as imported
    assert "BFF-60" in {m["code"] for m in document["measures"]}
    thread = api.get(f"/api/v1/catalogs/{cid}/measures/BFF-60/comments",
                     headers=tokens["viewer"])
    assert [(c["author"], c["text"]) for c in thread.json()] == [("admin", "Godkendt @bff")]
    assert ws.unread_notifications(ws.authenticate("bff", "secret-password")) == 1


def test_drafts_stay_out_of_what_anonymous_readers_and_other_areas_get(ws: Workspace) -> None:
    cid = import_seed(ws, public=True)
    _draft(ws, cid, "VJH-60")
    api, tokens = _api(ws)
    for headers in ({}, tokens["bff"], tokens["viewer"]):
        document = api.get(f"/api/v1/catalogs/{cid}", headers=headers).json()
        assert "VJH-60" not in {m["code"] for m in document["measures"]}
        gone = api.get(f"/api/v1/catalogs/{cid}/measures/VJH-60", headers=headers)
        assert gone.status_code == 404
    document = api.get(f"/api/v1/catalogs/{cid}", headers=tokens["admin"]).json()
    draft = next(m for m in document["measures"] if m["code"] == "VJH-60")
    assert draft["status"] == "draft"
    page = make_client(ws).get(f"/catalogs/{cid}")
    assert page.status_code == 200 and "VJH-60" not in page.text
    admin, _ = session_client(ws, "admin")
    # Published, for the finance office too: the catalog as it stands.
    for path in ("publish/html", "export.csv"):
        for client in (make_client(ws), admin):
            published = client.get(f"/catalogs/{cid}/{path}")
            assert published.status_code == 200
            assert b"VJH-60" not in published.content and b"BFF-1" in published.content


def test_the_measure_page_shows_the_buttons_the_user_may_press(ws: Workspace) -> None:
    cid = import_seed(ws, public=False)
    _draft(ws, cid, "BFF-61")
    bff, bff_csrf = session_client(ws, "bff")
    page = bff.get(f"/catalogs/{cid}/measures/BFF-61")
    assert page.status_code == 200
    assert 'value="submitted"' in page.text and 'value="withdrawn"' in page.text
    assert 'value="accepted"' not in page.text
    posted = bff.post(f"/catalogs/{cid}/measures/BFF-61/status",
                      data={"status": "submitted", "base_version": "2", "csrf_token": bff_csrf})
    assert posted.status_code == 303
    admin, _ = session_client(ws, "admin")
    page = admin.get(f"/catalogs/{cid}/measures/BFF-61")
    assert 'value="accepted"' in page.text and 'value="rejected"' in page.text
    viewer, _ = session_client(ws, "viewer")
    page = viewer.get(f"/catalogs/{cid}/measures/BFF-61")
    assert page.status_code == 200 and 'id="status-form"' not in page.text
    assert "Indsendt" in page.text  # its badge
    refused = bff.post(f"/catalogs/{cid}/measures/BFF-61/status",
                       data={"status": "accepted", "base_version": "3", "csrf_token": bff_csrf})
    assert refused.status_code == 403


def test_comments_are_escaped_and_mentions_light_the_header(ws: Workspace) -> None:
    cid = import_seed(ws, public=False)
    viewer, csrf = session_client(ws, "viewer")
    hostile = '<img src=x onerror="alert(1)"> @bff'
    posted = viewer.post(f"/catalogs/{cid}/measures/BFF-1/comments",
                         data={"text": hostile, "csrf_token": csrf})
    assert posted.status_code == 303
    page = viewer.get(f"/catalogs/{cid}/measures/BFF-1").text
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; @bff" in page
    too_long = viewer.post(f"/catalogs/{cid}/measures/BFF-1/comments",
                           data={"text": "x" * 4001, "csrf_token": csrf})
    assert too_long.status_code == 422
    bff, _ = session_client(ws, "bff")
    home = bff.get("/").text
    assert 'id="nav-notifications"' in home and 'class="badge count"' in home
    twin = bff.get("/notifications", headers={"Accept": "application/json"}).json()
    assert [(n["actor"], n["code"], n["read"]) for n in twin] == [("viewer", "BFF-1", False)]
    page = bff.get("/notifications").text
    assert "viewer nævnte dig" in page and "<img src=x" not in page
    assert 'class="badge count"' not in bff.get("/").text  # read now


def _listed(page: str) -> set[str]:
    """The codes in the catalog page's list of proposals."""
    import re

    if 'id="proposal-list"' not in page:
        return set()
    table = page.split('id="proposal-list"', 1)[1].split("</table>", 1)[0]
    return set(re.findall(r'measures/[^"]+">([^<]+)</a>', table))


def test_the_catalog_page_filters_proposals_by_status(ws: Workspace) -> None:
    cid = import_seed(ws, public=False)
    _draft(ws, cid, "BFF-62")
    base = _draft(ws, cid, "VJH-62")
    ws.set_status(cid, "VJH-62", "submitted", SYSTEM, base_version=base)
    admin, _ = session_client(ws, "admin")
    assert _listed(admin.get(f"/catalogs/{cid}").text) == {"BFF-62", "VJH-62"}
    assert _listed(admin.get(f"/catalogs/{cid}?status=draft").text) == {"BFF-62"}
    assert _listed(admin.get(f"/catalogs/{cid}?status=submitted").text) == {"VJH-62"}
    accepted = _listed(admin.get(f"/catalogs/{cid}?status=accepted").text)
    assert len(accepted) == 19 and "BFF-1" in accepted
    assert admin.get(f"/catalogs/{cid}?status=bogus").status_code == 422
    bff, _ = session_client(ws, "bff")
    assert _listed(bff.get(f"/catalogs/{cid}").text) == {"BFF-62", "VJH-62"}
    _draft(ws, cid, "VJH-63")  # another area's draft: not the BFF editor's to see
    assert _listed(bff.get(f"/catalogs/{cid}").text) == {"BFF-62", "VJH-62"}
    assert _listed(admin.get(f"/catalogs/{cid}").text) == {"BFF-62", "VJH-62", "VJH-63"}
    viewer, _ = session_client(ws, "viewer")
    assert _listed(viewer.get(f"/catalogs/{cid}").text) == {"VJH-62"}


def test_the_areas_page_and_its_twin_agree_with_the_api(ws: Workspace) -> None:
    cid = import_seed(ws, public=True)
    base = _draft(ws, cid, "BFF-63")
    ws.set_status(cid, "BFF-63", "submitted", SYSTEM, base_version=base)
    ws.set_status(cid, "BFF-63", "accepted", SYSTEM, base_version=base + 1)
    admin, _ = session_client(ws, "admin")
    page = admin.get(f"/catalogs/{cid}/submissions")
    assert page.status_code == 200 and 'id="area-BFF"' in page.text
    twin = admin.get(f"/catalogs/{cid}/submissions", headers={"Accept": "application/json"})
    api, tokens = _api(ws)
    answer = api.get(f"/api/v1/catalogs/{cid}/submissions", headers=tokens["admin"])
    assert answer.status_code == 200
    assert twin.json() == answer.json()
    bff_row = next(a for a in answer.json()["areas"] if a["area"] == "BFF")
    assert bff_row["counts"]["accepted"] == 5
    catalog = ws.version(cid, SYSTEM).catalog
    expected = sum((m.net[2024] for m in catalog.measures if m.operating_area == "BFF"),
                   Decimal(0))
    assert Decimal(str(bff_row["accepted"]["2024"])) == expected
    assert api.get(f"/api/v1/catalogs/{cid}/submissions",
                   headers=tokens["bff"]).status_code == 403
    assert "/api/v1/catalogs/{catalog_id}/submissions" in api.get("/api/openapi.json").json()[
        "paths"]


def test_the_command_line_sets_a_status_and_shows_the_areas(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    imported = run_omprio("import", SEED_PATH, "--db", url)
    assert imported.returncode == 0, imported.stderr
    cid = imported.stdout.strip().splitlines()[-1]
    refused = run_omprio("catalog", "status", cid, "BFF-1", "afvist", "--db", url)
    assert refused.returncode == 2
    assert "begrundelse" in refused.stderr
    unknown = run_omprio("catalog", "status", cid, "BFF-1", "måske", "--db", url)
    assert unknown.returncode == 2 and "måske" in unknown.stderr
    done = run_omprio("catalog", "status", cid, "BFF-1", "afvist", "--reason", "For dyrt",
                      "--db", url)
    assert done.returncode == 0, done.stderr
    assert "afvist (version 2)" in done.stdout
    shown = run_omprio("catalog", "submissions", cid, "--db", url, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout, parse_float=Decimal)
    bff = next(a for a in data["areas"] if a["area"] == "BFF")
    assert bff["counts"]["rejected"] == 1 and bff["counts"]["accepted"] == 3
    table = run_omprio("catalog", "submissions", cid, "--db", url, "--lang", "en")
    assert table.returncode == 0 and "Where the areas stand" in table.stdout
