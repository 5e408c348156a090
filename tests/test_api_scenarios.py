"""The scenario and optimize API on SQLite and PostgreSQL: create, list, read with its
evaluation, replace with If-Match (409 when stale), delete; who may do what; bad input is 422
in the one error shape; optimize answers what omprio.decide answers."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from omprio.decide import Constraints, Options, Request, build_problem
from omprio.decide.optimize import optimize
from omprio.service.decide import Answer
from omprio.service.decide_json import outcome_json
from omprio.store.workspace import Workspace
from web_support import TestClient, bearer, error_of, import_seed, make_client


def doc(name: str, **extra: Any) -> dict[str, Any]:
    return {"format": "omprio.scenario/1", "name": name,
            "selection": {"BFF-3A": 1, "UJU-1": 1, "VJH-3": "0.5"}, "divisible": ["VJH-3"],
            "targets": {"2024": -5000.5, "2025": -5000}, **extra}


@pytest.fixture
def api(workspace: Workspace) -> tuple[TestClient, int, dict[str, dict[str, str]]]:
    cid = import_seed(workspace, public=True)
    tokens = {name: bearer(workspace.create_token(name))
              for name in ("viewer", "editor", "admin", "bff")}
    return make_client(workspace), cid, tokens


def test_create_read_replace_delete(api: tuple[TestClient, int, dict[str, dict[str, str]]]
                                    ) -> None:
    client, cid, tokens = api
    base = f"/api/v1/catalogs/{cid}/scenarios"
    created = client.post(base, json=doc("Udkast 1"), headers=tokens["viewer"])
    assert created.status_code == 201, created.text
    sid = created.json()["id"]
    assert created.headers["location"] == f"{base}/{sid}"
    assert created.headers["etag"] == '"1"'
    assert created.json()["author"] == "viewer" and created.json()["revision"] == 1
    listed = client.get(base, headers=tokens["editor"]).json()
    assert [item["name"] for item in listed] == ["Udkast 1"]
    got = client.get(f"{base}/{sid}", headers=tokens["viewer"])
    assert got.status_code == 200 and got.headers["etag"] == '"1"'
    body = got.json()
    assert body["document"]["targets"] == {"2024": -5000.5, "2025": -5000}
    assert body["document"]["selection"]["VJH-3"] == "0.5"
    evaluation = body["evaluation"]
    assert evaluation["totals"] == {"2024": -3115 - 3015 - 700, "2025": -3215 - 3015 - 700}
    assert evaluation["gap"]["2024"] == -6830 + 5000.5
    assert evaluation["reached"] is True and evaluation["count"] == 3
    assert set(evaluation["by_area"]) == {"BFF", "UJU", "VJH"}
    assert body["evaluated_version"] == 1

    replaced = client.put(f"{base}/{sid}", json=doc("Udkast 2"),
                          headers={**tokens["viewer"], "If-Match": '"1"'})
    assert replaced.status_code == 200 and replaced.json()["revision"] == 2
    stale = client.put(f"{base}/{sid}", json=doc("Udkast 3"),
                       headers={**tokens["viewer"], "If-Match": '"1"'})
    assert stale.status_code == 409 and error_of(stale)["code"] == "conflict"
    assert client.put(f"{base}/{sid}?base_revision=1", json=doc("Udkast 3"),
                      headers=tokens["viewer"]).status_code == 409
    bad_tag = client.put(f"{base}/{sid}", json=doc("Udkast 3"),
                         headers={**tokens["viewer"], "If-Match": "yesterday"})
    assert bad_tag.status_code == 422
    assert client.post(base, json=doc("Udkast 2"), headers=tokens["editor"]).status_code == 409
    assert client.delete(f"{base}/{sid}", headers=tokens["viewer"]).status_code == 204
    assert client.get(f"{base}/{sid}", headers=tokens["viewer"]).status_code == 404
    assert client.get(base, headers=tokens["viewer"]).json() == []


def test_who_may_do_what(api: tuple[TestClient, int, dict[str, dict[str, str]]]) -> None:
    client, cid, tokens = api
    base = f"/api/v1/catalogs/{cid}/scenarios"
    sid = client.post(base, json=doc("Redaktørens"), headers=tokens["editor"]).json()["id"]
    assert client.get(base).status_code == 401  # scenarios need a token, also when public
    assert error_of(client.get(f"{base}/{sid}"))["code"] == "unauthorized"
    assert client.post(base, json=doc("Anonym")).status_code == 401
    forbidden = client.put(f"{base}/{sid}", json=doc("Læserens"), headers=tokens["viewer"])
    assert forbidden.status_code == 403 and error_of(forbidden)["code"] == "forbidden"
    assert client.delete(f"{base}/{sid}", headers=tokens["viewer"]).status_code == 403
    assert client.put(f"{base}/{sid}", json=doc("Admins"),
                      headers=tokens["admin"]).status_code == 200
    assert client.get("/api/v1/catalogs/999/scenarios",
                      headers=tokens["viewer"]).status_code == 404
    assert client.get(base, headers=bearer("omp_wrong")).status_code == 401


@pytest.mark.parametrize("body", [
    doc("x", selection={"NOPE-1": 1}),
    doc("x", selection={"BFF-1": "0.5"}),  # not divisible
    doc("x", targets={"2031": -100}),
    doc("x", format="omprio.catalog/1"),
    doc(""),
    doc("x", selection={"BFF-1": 2}),
    doc("x", extra_field=1),
    doc("x", constraints={"theme_caps": {"3": {"savings": 100}}}),
])
def test_bad_scenarios_are_422(api: tuple[TestClient, int, dict[str, dict[str, str]]],
                               body: dict[str, Any]) -> None:
    client, cid, tokens = api
    response = client.post(f"/api/v1/catalogs/{cid}/scenarios", json=body,
                           headers=tokens["viewer"])
    assert response.status_code == 422, response.text
    assert error_of(response)["code"] == "invalid-input"


def test_optimize_answers_what_decide_answers(
        api: tuple[TestClient, int, dict[str, dict[str, str]]], workspace: Workspace) -> None:
    client, cid, tokens = api
    url = f"/api/v1/catalogs/{cid}/optimize"
    assert client.post(url, json={}).status_code == 401  # optimizing needs a login
    viewer = tokens["viewer"]
    answer = client.post(url, json={"objective": "count", "targets": {"2024": -10000},
                                    "exclude": ["JUS-2"], "alternatives": 1}, headers=viewer)
    assert answer.status_code == 200, answer.text
    catalog = workspace.version(cid, None).catalog
    request = Request(objective="count", targets={2024: Decimal(-10000)},
                      constraints=Constraints(exclude=frozenset({"JUS-2"})))
    expected = outcome_json(
        Answer(optimize(build_problem(catalog, request), Options(alternatives=1)), None, None))
    body = answer.json()
    for key in ("status", "selected", "totals", "fte", "objective", "gap", "shortfall"):
        assert body[key] == expected[key], key
    assert len(body["alternatives"]) == 1
    impossible = client.post(url, json={"targets": {"2024": -30000}, "lang": "en"},
                             headers=viewer).json()
    assert impossible["status"] == "infeasible" and impossible["shortfall"] == {"2024": 10270}
    assert any("does not hold enough" in r for r in impossible["infeasible"]["reasons"])
    both = client.post(url, json={"include": ["BFF-1"], "exclude": ["BFF-1"]}, headers=viewer)
    assert both.status_code == 422 and "both included and excluded" in error_of(both)["message"]
    assert client.post(url, json={"probability": 0.9}, headers=viewer).status_code == 422
    assert client.post(url, json={"time_limit": 100}, headers=viewer).status_code == 422
    chance = client.post(url, json={"risk": {"UJU-1": {"probability": 0.5}},
                                    "targets": {"2024": -10000}, "probability": 0.9,
                                    "draws": 1000}, headers=viewer).json()
    assert chance["chance"]["met"] is True and chance["risk"]["draws"] == 1000


def test_schema_conformance_of_tokens_revisions_and_whole_numbers(
        api: tuple[TestClient, int, dict[str, dict[str, str]]]) -> None:
    """What schemathesis found: anonymous writes are 401 before any 422 of their input, the
    If-Match header's schema says what the API accepts, and an integer may be written 5833.0."""
    client, cid, tokens = api
    base = f"/api/v1/catalogs/{cid}/scenarios"
    sid = client.post(base, json=doc("S"), headers=tokens["viewer"]).json()["id"]
    for headers in ({"If-Match": "x" * 200}, {"If-Match": "not-a-revision"}, {}):
        anonymous = client.put(f"{base}/{sid}", json={"bad": 1}, headers=headers)
        assert anonymous.status_code == 401, anonymous.text
        assert error_of(anonymous)["code"] == "unauthorized"
    assert client.patch(f"/api/v1/catalogs/{cid}/measures/BFF-1",
                        json={"base_version": "x"}).status_code == 401
    bad = client.put(f"{base}/{sid}", json=doc("S"),
                     headers={**tokens["viewer"], "If-Match": "not-a-revision"})
    assert bad.status_code == 422
    schema = client.get("/api/openapi.json").json()
    put = schema["paths"]["/api/v1/catalogs/{catalog_id}/scenarios/{scenario_id}"]["put"]
    header = next(p for p in put["parameters"] if p["name"] == "If-Match")
    schemas = header["schema"].get("anyOf", [header["schema"]])
    pattern = next(s["pattern"] for s in schemas if "pattern" in s)
    assert re.match(pattern, '"3"') and re.match(pattern, 'W/"3"') and re.match(pattern, "*")
    assert not re.match(pattern, "not-a-revision")
    url = f"/api/v1/catalogs/{cid}/optimize"
    whole = client.post(url, json={"seed": 5833.0, "alternatives": 1.0},
                        headers=tokens["viewer"])
    assert whole.status_code == 200, whole.text
    for value in (5833.5, True, "5833", 1e300):
        refused = client.post(url, json={"seed": value}, headers=tokens["viewer"])
        assert refused.status_code == 422, (value, refused.text)
