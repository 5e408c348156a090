"""Re-importing an unchanged catalog stores no version (store, web, API, CLI), and catalogs with
the same title are told apart by their id in the catalog list and the import page's menu."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_omprio
from omprio.interchange import catalog_to_json
from omprio.store.workspace import Workspace
from web_support import (
    SEED_BYTES,
    SYSTEM,
    bearer,
    import_seed,
    latest,
    login,
    make_client,
)


def _changed(ws: Workspace, cid: int) -> bytes:
    """The catalog's latest version as JSON with one measure's title changed."""
    document = catalog_to_json(ws.version(cid, SYSTEM).catalog)
    document["measures"][0]["title"] += " (ændret)"
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def test_store_reimport_unchanged_stores_no_version(workspace: Workspace) -> None:
    cid = import_seed(workspace, public=False)
    again = workspace.import_document(SEED_BYTES, "seed.txt", SYSTEM, catalog_id=cid)
    assert again.unchanged is True
    assert again.info.number == 1 and latest(workspace, cid) == 1
    assert len(workspace.versions(cid, SYSTEM)) == 1
    # The same catalog as JSON (another format, same content) is unchanged too.
    as_json = json.dumps(catalog_to_json(workspace.version(cid, SYSTEM).catalog)).encode()
    assert workspace.import_document(as_json, "c.json", SYSTEM, catalog_id=cid).unchanged
    # A real change is stored as the next version.
    changed = workspace.import_document(_changed(workspace, cid), "c.json", SYSTEM, catalog_id=cid)
    assert changed.unchanged is False and changed.info.number == 2
    assert latest(workspace, cid) == 2
    # A new catalog is always stored, even with the same content.
    fresh = workspace.import_document(SEED_BYTES, "seed.txt", SYSTEM)
    assert fresh.unchanged is False and fresh.info.catalog_id != cid


def test_api_reimport_unchanged_answers_200(workspace: Workspace) -> None:
    cid = import_seed(workspace, public=False)
    client = make_client(workspace)
    headers = bearer(workspace.create_token("editor"))
    files = {"file": ("seed.txt", SEED_BYTES, "text/plain")}
    response = client.post(f"/api/v1/catalogs/{cid}/versions", files=files, headers=headers)
    assert response.status_code == 200, response.text[:300]
    body = response.json()
    assert body["unchanged"] is True and body["version"] == 1 and body["id"] == cid
    assert latest(workspace, cid) == 1
    files = {"file": ("c.json", _changed(workspace, cid), "application/json")}
    response = client.post(f"/api/v1/catalogs/{cid}/versions", files=files, headers=headers)
    assert response.status_code == 201, response.text[:300]
    assert response.json()["unchanged"] is False and response.json()["version"] == 2
    schema = client.app.openapi()  # type: ignore[attr-defined]
    answers = schema["paths"]["/api/v1/catalogs/{catalog_id}/versions"]["post"]["responses"]
    assert "200" in answers and "201" in answers
    stored_out = schema["components"]["schemas"]["StoredOut"]["properties"]
    assert "unchanged" in stored_out


def test_web_reimport_unchanged_says_no_changes(workspace: Workspace) -> None:
    cid = import_seed(workspace, public=False)
    client = make_client(workspace)
    token = login(client, "editor")
    data = {"csrf_token": token, "catalog": str(cid), "message": ""}
    files = {"file": ("seed.txt", SEED_BYTES, "text/plain")}
    response = client.post("/import", data=data, files=files)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location == f"/catalogs/{cid}?unchanged=1"
    assert latest(workspace, cid) == 1
    page = client.get(location).text
    assert "Ingen ændringer" in page
    assert "Ingen ændringer" in client.get(location + "&lang=da").text
    assert "No changes" in client.get(location + "&lang=en").text
    files = {"file": ("c.json", _changed(workspace, cid), "application/json")}
    response = client.post("/import", data=data, files=files)
    assert response.headers["location"] == f"/catalogs/{cid}?imported=2"


def test_cli_reimport_unchanged_says_no_changes(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_bytes(SEED_BYTES)
    first = run_omprio("import", path, "--db", workspace.url)
    assert first.returncode == 0, first.stderr
    cid = first.stdout.strip()
    again = run_omprio("import", path, "--db", workspace.url, "--catalog", cid)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == cid
    assert "ingen ændringer" in again.stderr and "version 1" in again.stderr
    english = run_omprio("import", path, "--db", workspace.url, "--catalog", cid, "--lang", "en")
    assert "no changes" in english.stderr
    assert latest(workspace, int(cid)) == 1


def test_catalogs_with_the_same_title_are_told_apart(workspace: Workspace) -> None:
    ids = [import_seed(workspace, public=False) for _ in range(3)]
    client = make_client(workspace)
    login(client, "editor")
    listing = client.get("/").text
    for cid in ids:
        assert f"#{cid}</span>" in listing
    menu = client.get("/import").text
    for cid in ids:
        assert f'<option value="{cid}">Ny version af: #{cid} ' in menu
    assert "· Udkast · v1" in menu
    # The kept list follows a new catalog.
    extra = import_seed(workspace, public=False)
    assert f"#{extra}</span>" in client.get("/").text
