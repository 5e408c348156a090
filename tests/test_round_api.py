"""The budget round's REST API (``/api/v1/rounds``) on SQLite and PostgreSQL.

The Aarhus round of the seed is built through the API as tests/test_round_cli.py builds it on
the command line: six departments, the administrative key (MSB 28,4 %; shares as JSON numbers
and as Danish texts), a key from base figures, a mixed key, two requirements (one a frame cut
with designated proposals for MSB), the seed catalog linked for MSB; ``GET`` then gives MSB's
parts −13.750 … and −19.730, the residual of the frame cut and a zero gap, exactly what
:func:`omprio.service.rounds.round_json` says. Export and import give the same round. Who may do
what (401, 403, 404, 409), and bad input is 422 in the one error shape, said in ``lang``, with
nothing stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from omprio.service import rounds as service
from omprio.store.workspace import Workspace
from web_support import (
    TestClient,
    actor,
    bearer,
    error_of,
    import_seed,
    make_client,
    user_workspace,
)

YEARS = ("2024", "2025", "2026", "2027")
ADMIN_REQ = "Administrative besparelser"
WELFARE = "Velfærdspuljen"
DEPARTMENTS = (("MBU", "Børn og Unge"), ("MSO", "Sundhed og Omsorg"),
               ("MSB", "Sociale Forhold og Beskæftigelse"), ("MTM", "Teknik og Miljø"),
               ("MKB", "Kultur og Borgerservice"), ("BA", "Borgmesterens Afdeling"))
Api = tuple[TestClient, dict[str, dict[str, str]]]


def _ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text[:500]
    body: dict[str, Any] = response.json()
    return body


def tokens(ws: Workspace) -> dict[str, dict[str, str]]:
    return {name: bearer(ws.create_token(name)) for name in ("admin", "editor", "viewer", "bff")}


def build(client: TestClient, admin: dict[str, str], catalog_id: int) -> int:
    """The Aarhus round through the API; its id."""
    created = _ok(client.post("/api/v1/rounds", headers=admin, json={
        "name": "Budget 2024", "period": "2024-2027", "price_level": 2024,
        "municipality": "Aarhus Kommune"}), 201)
    rid: int = created["id"]
    assert created["version"] == 1 and created["years"] == [2024, 2025, 2026, 2027]
    base = f"/api/v1/rounds/{rid}"
    for code, name in DEPARTMENTS:
        _ok(client.put(f"{base}/departments/{code}", headers=admin, json={"name": name}))
    _ok(client.put(f"{base}/keys/ADM", headers=admin, json={
        "name": "Den administrative nøgle",
        "shares": {"MBU": 30.1, "MSO": "21,5", "MSB": "28,4", "MTM": 8.9, "MKB": 5.6,
                   "BA": 5.5}}))
    _ok(client.put(f"{base}/keys/VEL", headers=admin, json={
        "base": {"MBU": 14000, "MSO": 20000, "MSB": "19.730", "MTM": 9000, "MKB": 6270,
                 "BA": "6.000"}}))
    _ok(client.put(f"{base}/keys/MIX", headers=admin, json={"mix": {"ADM": 50, "VEL": 50}}))
    _ok(client.put(f"{base}/requirements/{quote(ADMIN_REQ)}", headers=admin, json={
        "key": "ADM", "frame_cut": True,
        "amounts": dict(zip(YEARS, (-48415, -48415, -47852, -47852), strict=True))}))
    _ok(client.put(f"{base}/requirements/{quote(WELFARE)}", headers=admin, json={
        "key": "VEL", "amounts": dict.fromkeys(YEARS, -75000)}))
    _ok(client.put(f"{base}/designated", headers=admin, json={
        "department": "MSB", "requirement": ADMIN_REQ,
        "amounts": dict(zip(YEARS, (-4656, -7070, -7280, -7564), strict=True))}))
    linked = _ok(client.put(f"{base}/links/{catalog_id}", headers=admin, json={
        "department": "MSB", "requirements": [ADMIN_REQ, WELFARE],
        "sections": {ADMIN_REQ: "ADMINISTRATIVE BESPARELSER"}, "message": "MSB's katalog"}))
    assert linked["version"] == 14
    return rid


@pytest.fixture
def api(workspace: Workspace) -> tuple[Workspace, TestClient, dict[str, dict[str, str]], int]:
    catalog_id = import_seed(workspace, public=False)
    return workspace, make_client(workspace), tokens(workspace), catalog_id


def test_the_aarhus_round_through_the_api(
        api: tuple[Workspace, TestClient, dict[str, dict[str, str]], int]) -> None:
    ws, client, token, catalog_id = api
    rid = build(client, token["admin"], catalog_id)
    shown = _ok(client.get(f"/api/v1/rounds/{rid}", headers=token["viewer"]))
    msb = next(d for d in shown["departments"] if d["code"] == "MSB")
    admin, welfare = msb["requirements"]
    assert admin["amounts"] == dict(zip(YEARS, (-13750, -13750, -13590, -13590), strict=True))
    assert admin["unrounded"]["2024"] == "-13749.86"
    assert admin["residual"] == dict(zip(YEARS, (-9094, -6680, -6310, -6026), strict=True))
    assert welfare["amounts"] == dict.fromkeys(YEARS, -19730)
    assert msb["gap"] == dict.fromkeys(YEARS, 0) and msb["status"] == "met"
    assert msb["catalogs"] == [catalog_id]
    assert shown["totals"][WELFARE] == dict.fromkeys(YEARS, -75000)
    assert shown["totals"][ADMIN_REQ]["2026"] == -47852
    keys = {k["code"]: k for k in shown["keys"]}
    assert keys["ADM"]["values"]["MSB"] == 28.4 and keys["ADM"]["values"]["MSO"] == 21.5
    assert keys["VEL"]["kind"] == "base" and keys["VEL"]["values"]["MSB"] == 19730
    assert keys["MIX"] == {"code": "MIX", "name": "MIX", "kind": "mix",
                           "values": {"ADM": 50, "VEL": 50}}
    # The one encoder: the API answers what service.round_json says, key for key.
    view = service.view_round(ws, rid, actor(ws, "viewer"))
    assert shown == service.round_json(view, "da")
    english = _ok(client.get(f"/api/v1/rounds/{rid}?lang=en", headers=token["viewer"]))
    assert english == service.round_json(view, "en")
    first = _ok(client.get(f"/api/v1/rounds/{rid}?version=1", headers=token["viewer"]))
    assert first["version"] == 1 and first["latest"] == 14 and first["departments"] == []
    listed = client.get("/api/v1/rounds", headers=token["editor"]).json()
    assert [(r["id"], r["name"], r["period"], r["latest"]) for r in listed] == [
        (rid, "Budget 2024", "2024-2027", 14)]
    history = client.get(f"/api/v1/rounds/{rid}/history", headers=token["viewer"]).json()
    assert [v["number"] for v in history] == list(range(14, 0, -1))
    assert history[0]["author"] == "admin" and history[0]["message"] == "MSB's katalog"


def test_export_and_import_give_the_same_round(
        api: tuple[Workspace, TestClient, dict[str, dict[str, str]], int]) -> None:
    ws, client, token, catalog_id = api
    rid = build(client, token["admin"], catalog_id)
    exported = client.get(f"/api/v1/rounds/{rid}/document", headers=token["viewer"])
    assert exported.status_code == 200 and exported.headers["content-type"].startswith(
        "application/json")
    stored = ws.stored_round(rid, actor(ws, "admin"))
    assert exported.content == service.round_file(stored.budget_round, "json")
    document = exported.json()
    assert document["format"] == "omprio.round/1"
    again = _ok(client.post("/api/v1/rounds", content=exported.content, headers={
        **token["admin"], "Content-Type": "application/json"}), 201)
    assert again["id"] != rid and again["version"] == 1
    uploaded = _ok(client.post("/api/v1/rounds/import", headers=token["admin"],
                               files={"file": ("round.json", exported.content,
                                               "application/json")}), 201)
    original = _ok(client.get(f"/api/v1/rounds/{rid}", headers=token["admin"]))
    for copy in (again, uploaded):
        assert copy["departments"] == original["departments"]
        assert copy["keys"] == original["keys"]
    assert ws.stored_round(again["id"], actor(ws, "admin")).budget_round == stored.budget_round
    # An area-limited person sees only their departments, and not the whole document.
    limited = _ok(client.get(f"/api/v1/rounds/{rid}", headers=token["bff"]))
    assert limited["all_departments"] is False and limited["departments"] == []
    refused = client.get(f"/api/v1/rounds/{rid}/document", headers=token["bff"])
    assert refused.status_code == 403 and error_of(refused)["code"] == "forbidden"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, TestClient,
                                                                     dict[str, dict[str, str]]]]:
    """A round with one department (MSB) and one key (ADM, MSB 100 %), on SQLite."""
    with user_workspace("sqlite", tmp_path_factory.mktemp("round-api")) as ws:
        client = make_client(ws)
        token = tokens(ws)
        rid = _ok(client.post("/api/v1/rounds", headers=token["admin"], json={
            "name": "R", "years": [2024, 2025, 2026, 2027], "price_level": 2024}), 201)["id"]
        assert rid == 1
        _ok(client.put("/api/v1/rounds/1/departments/MSB", headers=token["admin"],
                       json={"name": "Sociale Forhold"}))
        _ok(client.put("/api/v1/rounds/1/keys/ADM", headers=token["admin"],
                       json={"shares": {"MSB": 100}}))
        yield ws, client, token


BAD = [
    ("keys/ADM", {"shares": {"MSB": "abc"}}, "»MSB=abc«", "“MSB=abc”"),
    ("keys/ADM", {"shares": {"MSB": -3}}, "skal ligge mellem 0 og 100 %", "between 0 and 100"),
    ("keys/ADM", {"shares": {"MSB": 101}}, "skal ligge mellem 0 og 100 %", "between 0 and 100"),
    ("keys/ADM", {"shares": {"MSB": "100,5"}}, "skal ligge mellem 0 og 100 %", None),
    ("keys/ADM", {"shares": {"XYZ": 10}}, "ingen afdeling XYZ", "XYZ"),
    ("keys/M", {"mix": {"ADM": 60}}, "giver 60 %, ikke 100 %", "60"),
    ("keys/M", {"mix": {"NOPE": 100}}, "ingen fordelingsnøgle NOPE", "NOPE"),
    ("keys/B", {"base": {"MSB": 0}}, "ingen andele", None),
    ("requirements/R", {"key": "ADM", "amounts": {"2031": -5}}, "uden for budgetrundens",
     "2031"),
    ("requirements/R", {"key": "NOPE", "amounts": {"2024": -1}}, "ingen fordelingsnøgle NOPE",
     "NOPE"),
    ("requirements/R", {"key": "ADM", "amounts": {"2024": -1}, "central": {"2020": -1}},
     "uden for budgetrundens", None),
    ("designated", {"department": "XYZ", "requirement": "R", "amounts": {"2024": -1}},
     "ingen afdeling XYZ", None),
    ("designated", {"department": "MSB", "requirement": "R", "amounts": {"2024": -1}},
     "intet sparekrav »R«", None),
]


@pytest.mark.parametrize(("path", "body", "danish", "english"), BAD)
def test_what_the_round_refuses_is_422_in_lang_and_nothing_is_stored(
        small: tuple[Workspace, TestClient, dict[str, dict[str, str]]], path: str,
        body: dict[str, Any], danish: str, english: str | None) -> None:
    _, client, token = small
    before = client.get("/api/v1/rounds/1/history", headers=token["admin"]).json()
    response = client.put(f"/api/v1/rounds/1/{path}", headers=token["admin"], json=body)
    assert response.status_code == 422, response.text
    error = error_of(response)
    assert error["code"] == "invalid-input" and danish in error["message"], error
    assert response.json()["error"]["problems"][0]["message"] == error["message"]
    if english is not None:
        said = client.put(f"/api/v1/rounds/1/{path}?lang=en", headers=token["admin"], json=body)
        assert said.status_code == 422 and english in error_of(said)["message"], said.text
        assert danish not in error_of(said)["message"]
    assert client.get("/api/v1/rounds/1/history", headers=token["admin"]).json() == before


@pytest.mark.parametrize("body", [
    {"shares": {"MSB": True}}, {"shares": {"MSB": None}}, {"shares": {}},
    {"shares": {"MSB": 1}, "mix": {"ADM": 100}}, {"name": "x"},
    {"shares": {"MSB": 1}, "base_version": 0}, {"shares": {"MSB": 1}, "extra": 1},
    {"shares": {"MSB": 12345678901234567890}},
])
def test_bodies_off_the_schema_are_422(
        small: tuple[Workspace, TestClient, dict[str, dict[str, str]]],
        body: dict[str, Any]) -> None:
    _, client, token = small
    response = client.put("/api/v1/rounds/1/keys/ADM", headers=token["admin"], json=body)
    assert response.status_code == 422, response.text
    error_of(response)


@pytest.mark.parametrize("text", ['{"shares": {"MSB": 1e999}}', '{"shares": {"MSB": NaN}}',
                                  '{"shares": {"MSB": 1e-30}}', '{"shares": {"MSB": "1e999"}}',
                                  '{"shares": {"MSB": 1}, "base_version": 1.5}'])
def test_numbers_out_of_bounds_are_422(
        small: tuple[Workspace, TestClient, dict[str, dict[str, str]]], text: str) -> None:
    _, client, token = small
    response = client.put("/api/v1/rounds/1/keys/ADM", content=text, headers={
        **token["admin"], "Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    error_of(response)


def test_key_texts_are_read_in_lang(
        small: tuple[Workspace, TestClient, dict[str, dict[str, str]]]) -> None:
    _, client, token = small
    english = _ok(client.put("/api/v1/rounds/1/keys/E?lang=en", headers=token["admin"],
                             json={"base": {"MSB": "19,730"}}))
    assert next(k for k in english["keys"] if k["code"] == "E")["values"] == {"MSB": 19730}
    danish = _ok(client.put("/api/v1/rounds/1/keys/E", headers=token["admin"],
                            json={"shares": {"MSB": "28,4"}}))
    assert next(k for k in danish["keys"] if k["code"] == "E")["values"] == {"MSB": 28.4}
    same = _ok(client.put("/api/v1/rounds/1/keys/E?lang=en", headers=token["admin"],
                          json={"shares": {"MSB": "28.4"}}))
    assert same["version"] == danish["version"]  # the same key: no new version


def test_amounts_are_exact(small: tuple[Workspace, TestClient, dict[str, dict[str, str]]]
                           ) -> None:
    ws, client, token = small
    text = ('{"key": "ADM", "amounts": {"2024": -1234.5678901234, "2025": -0.1}, '
            '"message": "exact"}')
    shown = _ok(client.put("/api/v1/rounds/1/requirements/Exact", headers={
        **token["admin"], "Content-Type": "application/json"}, content=text))
    requirement = next(r for r in shown["requirements"] if r["name"] == "Exact")
    assert requirement["amounts"] == {"2024": -1234.5678901234, "2025": -0.1}
    stored = ws.stored_round(1, actor(ws, "admin")).budget_round.requirement("Exact")
    assert stored is not None and str(stored.amounts[2024]) == "-1234.5678901234"


def test_who_may_do_what(small: tuple[Workspace, TestClient, dict[str, dict[str, str]]]
                         ) -> None:
    _, client, token = small
    change = {"name": "Sociale Forhold"}
    url = "/api/v1/rounds/1/departments/MSB"
    for method, path in (("GET", "/api/v1/rounds"), ("GET", "/api/v1/rounds/1"),
                         ("PUT", url), ("POST", "/api/v1/rounds")):
        anonymous = client.request(method, path, json=change)
        assert anonymous.status_code == 401, anonymous.text
        assert error_of(anonymous)["message"] == "log ind først"
    for role in ("viewer", "editor", "bff"):
        refused = client.put(url, headers=token[role], json=change)
        assert refused.status_code == 403 and "administrator" in error_of(refused)["message"]
        assert client.post("/api/v1/rounds", headers=token[role], json={
            "name": "X", "period": "2024", "price_level": 2024}).status_code == 403
    missing = client.get("/api/v1/rounds/99", headers=token["viewer"])
    assert missing.status_code == 404
    assert error_of(missing)["message"] == "budgetrunden 99 findes ikke"
    assert client.get("/api/v1/rounds/99?lang=en", headers=token["viewer"]).json()[
        "error"]["message"] != "budgetrunden 99 findes ikke"
    assert client.put("/api/v1/rounds/99/departments/MSB", headers=token["admin"],
                      json=change).status_code == 404
    assert client.get("/api/v1/rounds/1?version=99", headers=token["viewer"]).status_code == 404
    assert client.put("/api/v1/rounds/1/links/99", headers=token["admin"], json={
        "department": "MSB", "requirements": ["R"]}).status_code == 404
    latest = client.get("/api/v1/rounds/1", headers=token["viewer"]).json()["latest"]
    renamed = _ok(client.put(url, headers=token["admin"], json={
        "name": "Sociale Forhold og Beskæftigelse", "base_version": latest}))
    assert renamed["version"] == latest + 1
    stale = client.put(url, headers=token["admin"], json={"name": "Gammel", "base_version":
                                                          latest})
    assert stale.status_code == 409 and error_of(stale)["code"] == "conflict"
    assert "ændret siden version" in error_of(stale)["message"]
    same = _ok(client.put(url, headers=token["admin"], json={
        "name": "Sociale Forhold og Beskæftigelse"}))
    assert same["version"] == latest + 1  # nothing changed: no new version


@pytest.mark.parametrize(("body", "status"), [
    ({"name": "X", "price_level": 2024}, 422),
    ({"name": "X", "period": "2024-2027", "years": [2024], "price_level": 2024}, 422),
    ({"name": "X", "period": "2027-2024", "price_level": 2024}, 422),
    ({"name": "X", "years": [2024, 2026], "price_level": 2024}, 422),
    ({"name": "X", "period": "2000-2099", "price_level": 2024}, 422),
    ({"name": " ", "period": "2024", "price_level": 2024}, 422),
    ({"format": "omprio.round/1"}, 422),
    ({"format": "omprio.round/1", "name": "X", "years": [2024], "price_level": 2024,
      "keys": [{"code": "K", "kind": "shares", "values": {"NOPE": 1}}]}, 422),
    ({"format": "omprio.round/2", "name": "X"}, 422),
    ({"name": "X", "period": "2024-2025", "price_level": 2024, "unit": "kr."}, 201),
])
def test_creating_a_round(small: tuple[Workspace, TestClient, dict[str, dict[str, str]]],
                          body: dict[str, Any], status: int) -> None:
    _, client, token = small
    response = client.post("/api/v1/rounds", headers=token["admin"], json=body)
    assert response.status_code == status, response.text
    if status == 201:
        assert response.json()["unit"] == "kr." and response.json()["years"] == [2024, 2025]
        assert response.headers["location"] == f"/api/v1/rounds/{response.json()['id']}"
    else:
        error_of(response)


def test_a_file_that_is_no_round_is_422(
        small: tuple[Workspace, TestClient, dict[str, dict[str, str]]], tmp_path: Path) -> None:
    _, client, token = small
    count = len(client.get("/api/v1/rounds", headers=token["admin"]).json())
    for data in (b"not json", b"[]", b'{"format": "omprio.round/1", "name": 1}',
                 b"\xff\xfe", b"[" * 100_000, b'{"format": "omprio.round/1", "x": 1e99999}'):
        response = client.post("/api/v1/rounds/import", headers=token["admin"],
                               files={"file": ("r.json", data, "application/json")})
        assert response.status_code == 422, (data[:30], response.text[:300])
        error_of(response)
    assert len(client.get("/api/v1/rounds", headers=token["admin"]).json()) == count


def test_the_schema_documents_every_round_route(
        small: tuple[Workspace, TestClient, dict[str, dict[str, str]]]) -> None:
    _, client, _ = small
    schema = client.get("/api/openapi.json").json()
    paths = {p: item for p, item in schema["paths"].items() if p.startswith("/api/v1/rounds")}
    answers = {
        ("get", "/api/v1/rounds"): None, ("post", "/api/v1/rounds"): "RoundOut",
        ("post", "/api/v1/rounds/import"): "RoundOut",
        ("get", "/api/v1/rounds/{round_id}"): "RoundOut",
        ("get", "/api/v1/rounds/{round_id}/document"): "RoundDocument",
        ("get", "/api/v1/rounds/{round_id}/history"): None,
        **{("put", f"/api/v1/rounds/{{round_id}}/{tail}"): "RoundOut" for tail in (
            "departments/{code}", "keys/{code}", "requirements/{name}", "designated",
            "links/{catalog_id}")},
    }
    assert {(m, p) for p, item in paths.items() for m in item} == set(answers)
    for (method, path), model in answers.items():
        operation = paths[path][method]
        ok = operation["responses"]["201" if method == "post" else "200"]
        body = ok["content"]["application/json"]["schema"]
        if model is not None:
            assert body["$ref"] == f"#/components/schemas/{model}", (method, path)
        else:
            assert body["type"] == "array"
        for status in ("401", "404", "422"):
            error = operation["responses"][status]["content"]["application/json"]["schema"]
            assert error["$ref"] == "#/components/schemas/ErrorResponse"
        if method == "put":
            assert operation["responses"]["409"] and operation["responses"]["403"]
            name = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert schema["components"]["schemas"][name.rsplit("/", 1)[1]]["examples"]
    key = schema["components"]["schemas"]["KeyIn"]["properties"]
    assert key["base_version"]["anyOf"][0] == {"type": "integer", "minimum": 1,
                                                "maximum": 2**31 - 1}
