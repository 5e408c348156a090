"""The REST API's authoring: ``POST /api/v1/catalogs`` with a new catalog as JSON (an upload
still imports), ``POST /api/v1/catalogs/{id}/measures`` and ``DELETE …/measures/{code}``, with
409 for a stale version, 422 with the problem for an invalid measure and 404 for an unknown
code; exact amounts kept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from omprio.store.workspace import Workspace
from web_support import SEED_BYTES, SYSTEM, bearer, make_client, user_workspace

NEW = {"title": "Katalog for Kultur", "department": "Kultur og Borgerservice",
       "years": [2026, 2027, 2028], "price_base": "2026-PL", "unit": "1.000 kr.",
       "target": {"2026": -900, "2027": -900, "2028": -900}}


def _measure(code: str, net: str | int = "-300.125") -> dict[str, object]:
    return {"code": code, "theme": "1A", "title": f"Forslag {code}",
            "description": "Kortere åbningstider.",
            "lines": [{"label": "Drift", "amounts": {"2026": net, "2027": -300, "2028": -300}}],
            "net": {"2026": net, "2027": -300, "2028": -300}}


def _body(data: object) -> str:
    # the net as a JSON number written exactly (a string above marks where)
    return json.dumps(data).replace('"-300.125"', "-300.125")


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    with user_workspace("sqlite", tmp_path) as workspace:
        yield workspace


def test_create_add_and_delete(ws: Workspace) -> None:
    client = make_client(ws)
    editor = bearer(ws.create_token("editor"))
    created = client.post("/api/v1/catalogs", json=NEW, headers=editor)
    assert created.status_code == 201, created.text
    cid, version = created.json()["id"], created.json()["version"]
    assert version == 1
    added = client.post(f"/api/v1/catalogs/{cid}/measures", headers={
        **editor, "content-type": "application/json"},
        content=_body({"base_version": 1, "message": "Fra høringen", "measure": _measure("KUB-1")}))
    assert added.status_code == 201, added.text
    assert added.json()["version"] == 2
    catalog = ws.version(cid, SYSTEM).catalog
    kub = catalog.measure("KUB-1")
    assert kub is not None and kub.net[2026] == Decimal("-300.125")  # exact, never a float
    assert catalog.overview_totals[-1].amounts[2026] == Decimal("-300.125")
    assert ws.versions(cid, SYSTEM)[0].message == "Fra høringen"
    document = client.get(f"/api/v1/catalogs/{cid}", headers=editor).json()
    assert [row["measure"] for row in document["overview"]] == ["KUB-1"]
    stale = client.post(f"/api/v1/catalogs/{cid}/measures", headers=editor,
                        json={"base_version": 1, "measure": _measure("KUB-2", -1)})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    taken = client.post(f"/api/v1/catalogs/{cid}/measures", headers=editor,
                        json={"base_version": 2, "measure": _measure("KUB-1", -1)})
    assert taken.status_code == 422 and "KUB-1" in taken.json()["error"]["message"]
    shapeless = client.post(f"/api/v1/catalogs/{cid}/measures", headers=editor,
                            json={"base_version": 2, "measure": {"code": ""}})
    assert shapeless.status_code == 422
    unknown = client.delete(f"/api/v1/catalogs/{cid}/measures/KUB-9?base_version=2",
                            headers=editor)
    assert unknown.status_code == 404
    old = client.delete(f"/api/v1/catalogs/{cid}/measures/KUB-1?base_version=1", headers=editor)
    assert old.status_code == 409
    deleted = client.delete(f"/api/v1/catalogs/{cid}/measures/KUB-1?base_version=2&message=Nej",
                            headers=editor)
    assert deleted.status_code == 200 and deleted.json()["version"] == 3
    assert ws.version(cid, SYSTEM).catalog.measures == ()


def test_refusals(ws: Workspace) -> None:
    client = make_client(ws)
    viewer = bearer(ws.create_token("viewer"))
    assert client.post("/api/v1/catalogs", json=NEW, headers=viewer).status_code == 403
    assert client.post("/api/v1/catalogs", json=NEW).status_code == 401
    editor = bearer(ws.create_token("editor"))
    for bad in ({**NEW, "years": [2026, 2028]}, {**NEW, "title": ""}, {**NEW, "extra": 1},
                {**NEW, "target": {"2026": -1}}, [1, 2]):
        answer = client.post("/api/v1/catalogs", json=bad, headers=editor)
        assert answer.status_code == 422, (bad, answer.text)
    broken = client.post("/api/v1/catalogs", content=b"{not json",
                         headers={**editor, "content-type": "application/json"})
    assert broken.status_code == 400
    assert ws.list_catalogs(SYSTEM) == []
    bff = bearer(ws.create_token("bff"))
    cid = client.post("/api/v1/catalogs", json=NEW, headers=editor).json()["id"]
    outside = client.post(f"/api/v1/catalogs/{cid}/measures", headers=bff,
                          json={"base_version": 1, "measure": _measure("KUB-1", -1)})
    assert outside.status_code == 403
    inside = client.post(f"/api/v1/catalogs/{cid}/measures", headers=bff,
                         json={"base_version": 1, "measure": _measure("BFF-1", -1)})
    assert inside.status_code == 201


def test_an_upload_still_imports(ws: Workspace) -> None:
    client = make_client(ws)
    editor = bearer(ws.create_token("editor"))
    answer = client.post("/api/v1/catalogs", headers=editor, data={"message": "Import"},
                         files={"file": ("seed.txt", SEED_BYTES, "text/plain")})
    assert answer.status_code == 201, answer.text
    assert ws.version(answer.json()["id"], SYSTEM).info.message == "Import"
    assert client.post("/api/v1/catalogs", headers=editor,
                       data={"message": "x"}).status_code == 422  # no file


def test_the_schema_documents_both_bodies(ws: Workspace) -> None:
    document = make_client(ws).get("/api/openapi.json").json()
    body = document["paths"]["/api/v1/catalogs"]["post"]["requestBody"]["content"]
    assert set(body) == {"multipart/form-data", "application/json"}
    assert body["application/json"]["schema"]["required"] == ["title", "years"]
    measures = document["paths"]["/api/v1/catalogs/{catalog_id}/measures"]
    assert "post" in measures
    removal = document["paths"]["/api/v1/catalogs/{catalog_id}/measures/{code}"]["delete"]
    assert "409" in removal["responses"] and "404" in removal["responses"]
