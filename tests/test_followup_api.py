"""The agreement and follow-up REST API: an agreement posted as the CLI's file (exact numbers)
or from a stored scenario; follow-ups entered with PUT as new revisions, exactly as
``omprio followup show --format json`` shows them; 403 for another area, 409 once closed, 422
with ``problems`` for at risk without an explanation; and Schemathesis over these operations on
a catalog that has an agreement and a follow-up (so requests reach the workspace).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from databases import ENGINES
from followup_support import AGREED_ON, AGREEMENT
from omprio.service import followup as service
from omprio.service.followup_json import figures_json
from omprio.store.workspace import Workspace
from omprio.web.app import create_app
from test_api_fuzz import CHECKS
from web_support import (
    SECRET_KEY,
    SYSTEM,
    TestClient,
    bearer,
    import_seed,
    make_client,
    user_workspace,
)

DAY = "2024-06-30"


@dataclass
class Api:
    ws: Workspace
    client: TestClient
    tokens: dict[str, str]

    def call(self, who: str, method: str, url: str, **options: Any) -> Any:
        return self.client.request(method, url, headers=bearer(self.tokens[who]), **options)


@pytest.fixture(scope="module", params=ENGINES)
def api(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    with user_workspace(request.param, tmp_path_factory.mktemp(f"fu-api-{request.param}")) as ws:
        tokens = {name: ws.create_token(name) for name in ("admin", "bff", "editor", "viewer")}
        yield Api(ws, make_client(ws), tokens)


def test_an_agreement_as_the_cli_file_exactly(api: Api) -> None:
    cid = import_seed(api.ws, public=False)
    body = {"name": "Budgetforlig 2024", "date": "2023-10-05", **AGREEMENT}
    body["measures"] = {**AGREEMENT["measures"],
                        "BFF-3A": {"decision": "changed", "amounts": {"2024": -2000.25}}}
    assert api.call("editor", "POST", f"/api/v1/catalogs/{cid}/agreement",
                    json=body).status_code == 403
    bad = api.call("admin", "POST", f"/api/v1/catalogs/{cid}/agreement",
                   json={**body, "measures": {"NOPE-1": {"decision": "dropped"}}})
    assert bad.status_code == 422 and api.ws.version(cid, SYSTEM).info.number == 1
    done = api.call("admin", "POST", f"/api/v1/catalogs/{cid}/agreement", json=body)
    assert done.status_code == 201, done.text
    rows = {m["code"]: m for m in done.json()["measures"]}
    assert rows["BFF-3A"]["agreed"]["2024"] == -2000.25
    stored = api.ws.agreement(cid, SYSTEM).agreement.outcome("BFF-3A")
    assert stored is not None and stored.plan[2024] == Decimal("-2000.25")
    assert api.call("viewer", "GET", f"/api/v1/catalogs/{cid}/agreement").json() == done.json()
    again = api.call("admin", "POST", f"/api/v1/catalogs/{cid}/agreement", json=body)
    assert again.status_code == 409


def test_an_agreement_from_a_scenario(api: Api) -> None:
    from omprio.decide.scenario import Scenario

    cid = import_seed(api.ws, public=False)
    catalog = api.ws.version(cid, SYSTEM).catalog
    dropped = catalog.measures[1].code
    scenario = api.ws.save_scenario(cid, Scenario(name="Forslag", catalog_title="", selection={
        dropped: Decimal(0)}), SYSTEM)
    done = api.call("admin", "POST", f"/api/v1/catalogs/{cid}/agreement",
                    json={"name": "F", "date": "2023-10-05", "scenario_id": scenario.id})
    assert done.status_code == 201, done.text
    rows = {m["code"]: m for m in done.json()["measures"]}
    assert rows[dropped]["decision"] == "dropped"
    assert all(m["decision"] == "adopted" for c, m in rows.items() if c != dropped)


def test_entries_by_put_are_revisions_as_the_cli_shows_them(api: Api) -> None:
    cid = import_seed(api.ws, public=False)
    service.record_agreement(api.ws, cid, SYSTEM, name="F", agreed_on=AGREED_ON,
                             document=AGREEMENT)
    url = f"/api/v1/catalogs/{cid}/followups/{DAY}"
    entry = {"measure": "BFF-1", "year": 2024, "realized": -250.5, "forecast": -900,
             "status": "at_risk"}
    needs = api.call("bff", "PUT", url, json={"entries": [entry]})
    assert needs.status_code == 422
    assert needs.json()["error"]["problems"][0]["measure"] == "BFF-1"
    assert api.ws.followup(cid, SYSTEM) is None  # nothing stored
    other = api.call("bff", "PUT", url, json={"entries": [{**entry, "measure": "VJH-1",
                                                           "explanation": "x"}]})
    assert other.status_code == 403
    done = api.call("bff", "PUT", url, json={"entries": [{**entry, "explanation": "Sent"}]})
    assert done.status_code == 200, done.text
    shown, findings = service.followup_figures(api.ws, cid, SYSTEM, date(2024, 6, 30))
    assert done.json() == figures_json(cid, shown, findings, "da")
    bff1 = next(m for m in shown.measures if m.code == "BFF-1")
    assert bff1.realized == {2024: Decimal("-250.5")}
    second = api.call("editor", "POST", url, json={"entries": [
        {"measure": "VJH-1", "year": 2024, "realized": -1, "status": "on_track"}]})
    assert second.status_code == 200 and second.json()["revision"] == 2
    carried = {m["code"]: m for m in second.json()["measures"]}
    assert carried["BFF-1"]["realized"] == {"2024": -250.5}  # carried over
    listed = api.call("viewer", "GET", f"/api/v1/catalogs/{cid}/followups").json()
    assert [(i["date"], i["revisions"], i["closed"]) for i in listed] == [(DAY, 2, False)]
    assert api.call("bff", "POST", f"{url}/close").status_code == 403
    closed = api.call("editor", "POST", f"{url}/close")
    assert closed.status_code == 200 and closed.json()["closed"] is True
    assert api.call("admin", "PUT", url, json={"entries": []}).status_code == 409
    history = api.call("viewer", "GET", f"/api/v1/catalogs/{cid}/measures/BFF-1/followups")
    assert [(h["revision"], h["closed"]) for h in history.json()["followups"]] == [
        (1, True), (2, True)]
    anonymous = make_client(api.ws).get(url)
    assert anonymous.status_code == 404  # an internal catalog does not exist for visitors


OPERATIONS = ("POST /api/v1/catalogs/{catalog_id}/agreement",
              "GET /api/v1/catalogs/{catalog_id}/agreement",
              "GET /api/v1/catalogs/{catalog_id}/followups",
              "GET /api/v1/catalogs/{catalog_id}/followups/{as_of}",
              "PUT /api/v1/catalogs/{catalog_id}/followups/{as_of}",
              "POST /api/v1/catalogs/{catalog_id}/followups/{as_of}",
              "POST /api/v1/catalogs/{catalog_id}/followups/{as_of}/close",
              "GET /api/v1/catalogs/{catalog_id}/measures/{code}/followups")


@pytest.mark.parametrize("label", OPERATIONS)
def test_schemathesis_on_a_catalog_with_a_follow_up(api: Api, label: str) -> None:
    """Never 5xx, always the documented status, type and shape, on paths that exist."""
    cid = import_seed(api.ws, public=False)
    service.record_agreement(api.ws, cid, SYSTEM, name="F", agreed_on=AGREED_ON,
                             document=AGREEMENT)
    api.ws.save_followup(cid, date(2024, 6, 30), [], SYSTEM)
    schema = schemathesis.openapi.from_asgi(
        "/api/openapi.json", create_app(api.ws, secret_key=SECRET_KEY))
    operation = schema.find_operation_by_label(label)
    assert operation is not None
    fixed = {k: v for k, v in {"catalog_id": cid, "as_of": DAY, "code": "BFF-1"}.items()
             if k in {p.name for p in operation.path_parameters}}
    statuses: list[int] = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        @given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed))
        @settings(max_examples=8, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            response = case.call_and_validate(headers=bearer(api.tokens["admin"]),
                                              checks=CHECKS)
            statuses.append(response.status_code)

        try:
            run()
        except Unsatisfiable:  # nothing to make invalid: every parameter is fixed
            assert mode is GenerationMode.NEGATIVE, label
    assert statuses, label
