"""The agreement and follow-up pages as people use them: the JSON twins agree key for key with
the CLI's JSON (one encoder); an administrator records the agreement with the form (Danish
amounts, exact); an area editor fills in their own measures in the grid, typing Danish numbers,
and cannot touch another area's; an explanation is required at risk; the live check names the
cell; the finance office closes (read-only afterwards, page and API); a follow-up is seen
without login only when published and its catalog is public.

One workspace and one set of logged-in sessions per engine and module (Argon2 once per user).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from httpx import Response

from databases import ENGINES
from followup_support import AGREED_ON, AGREEMENT, NAME
from omprio.followup.model import Entry
from omprio.service import followup as service
from omprio.service.followup_json import comparison_json, figures_json, followups_json, history_json
from omprio.store.workspace import Workspace
from web_support import (
    SYSTEM,
    TestClient,
    as_response,
    bearer,
    import_seed,
    make_client,
    session_client,
    user_workspace,
)

DAY = "2024-06-30"


@dataclass
class Site:
    ws: Workspace
    cid: int
    public_cid: int
    clients: dict[str, tuple[TestClient, str]]
    tokens: dict[str, str]


def agreed(ws: Workspace, *, public: bool) -> int:
    cid = import_seed(ws, public=public)
    service.record_agreement(ws, cid, SYSTEM, name=NAME, agreed_on=AGREED_ON, document=AGREEMENT)
    return cid


@pytest.fixture(scope="module", params=ENGINES)
def site(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp: Path = tmp_path_factory.mktemp(f"followup-web-{request.param}")
    with user_workspace(request.param, tmp) as ws:
        cid = agreed(ws, public=False)
        public_cid = agreed(ws, public=True)
        clients = {name: session_client(ws, name) for name in ("admin", "bff", "editor",
                                                               "viewer")}
        tokens = {name: ws.create_token(name) for name in ("admin", "bff", "editor")}
        yield Site(ws, cid, public_cid, clients, tokens)


def post(site: Site, who: str, url: str, data: dict[str, str]) -> Response:
    client, csrf = site.clients[who]
    return as_response(client.post(url, data={**data, "csrf_token": csrf}))


def start(site: Site, cid: int, day: str) -> None:
    response = post(site, "editor", f"/catalogs/{cid}/followups", {"date": day})
    assert response.status_code == 303
    assert response.headers["location"] == f"/catalogs/{cid}/followups/{day}"


def rows_of(html: str) -> dict[str, int]:
    """The grid's measures by code, with their row index."""
    return {code: int(index) for index, code in
            re.findall(r'name="code-(\d+)" value="([^"]+)"', html)}


def test_the_twins_are_the_cli_json_key_for_key(site: Site) -> None:
    start(site, site.cid, "2024-03-31")
    site.ws.save_followup(site.cid, date(2024, 3, 31), [
        Entry("BFF-1", 2024, Decimal("-250.5"), Decimal(-900), "on_track")], SYSTEM)
    client, _ = site.clients["viewer"]
    json_headers = {"Accept": "application/json"}
    admin = site.ws.authenticate("admin", "secret-password")
    compared = client.get(f"/catalogs/{site.cid}/agreement", headers=json_headers).json()
    assert compared == comparison_json(service.agreement_comparison(site.ws, site.cid, admin))
    grid = client.get(f"/catalogs/{site.cid}/followups/2024-03-31", headers=json_headers).json()
    shown, findings = service.followup_figures(site.ws, site.cid, admin, date(2024, 3, 31))
    assert grid == figures_json(site.cid, shown, findings, "da")
    bff1 = next(m for m in grid["measures"] if m["code"] == "BFF-1")
    assert bff1["realized"] == {"2024": -250.5} and bff1["status"] == "on_track"
    listed = client.get(f"/catalogs/{site.cid}/followups", headers=json_headers).json()
    assert listed == followups_json(site.ws.followups(site.cid, admin))
    history = client.get(f"/catalogs/{site.cid}/measures/BFF-1/followups",
                         headers=json_headers).json()
    assert history == history_json(site.cid, "BFF-1",
                                   service.measure_history(site.ws, site.cid, "BFF-1", admin))
    api = make_client(site.ws).get(f"/api/v1/catalogs/{site.cid}/followups/2024-03-31",
                                   headers=bearer(site.tokens["editor"]))
    assert api.json() == grid


def test_an_admin_records_the_agreement_with_the_form(site: Site) -> None:
    cid = import_seed(site.ws, public=False)
    page = site.clients["admin"][0].get(f"/catalogs/{cid}/agreement")
    assert page.status_code == 200 and 'id="agreement-form"' in page.text
    codes = [m.code for m in site.ws.version(cid, SYSTEM).catalog.measures]
    changed, dropped = codes.index("BFF-3A"), codes.index("BFF-2")
    form = {"name": "Forlig 2024", "date": "2023-10-05", "source": "decisions",
            f"decision-{changed}": "changed", f"amount-{changed}-2024": "-2.000,5",
            f"decision-{dropped}": "dropped",
            "added-code": "MSB-9", "added-theme": "1A", "added-title": "Fælles indkøb",
            "added-2024": "-400", "added-2025": "-800", "added-2026": "-800",
            "added-2027": "-800"}
    refused = post(site, "editor", f"/catalogs/{cid}/agreement", form)
    assert refused.status_code == 403
    bad = post(site, "admin", f"/catalogs/{cid}/agreement",
               {**form, f"amount-{changed}-2024": "to tusind"})
    assert bad.status_code == 422
    assert "er ikke et tal" in bad.text
    assert site.ws.version(cid, SYSTEM).info.number == 1  # nothing stored
    done = post(site, "admin", f"/catalogs/{cid}/agreement", form)
    assert done.status_code == 303
    rows = {m.code: m for m in service.agreement_comparison(site.ws, cid, SYSTEM).measures}
    assert rows["BFF-3A"].agreed[2024] == Decimal("-2000.5")
    assert rows["BFF-3A"].difference[2024] == Decimal("-2000.5") - rows["BFF-3A"].proposed[2024]
    assert rows["BFF-2"].decision == "dropped" and rows["BFF-2"].agreed[2024] == 0
    assert rows["MSB-9"].decision == "added" and rows["MSB-9"].agreed[2025] == Decimal(-800)
    page = site.clients["viewer"][0].get(f"/catalogs/{cid}/agreement")
    assert 'id="agreement-table"' in page.text and "Forlig 2024" in page.text
    again = post(site, "admin", f"/catalogs/{cid}/agreement", form)
    assert again.status_code == 409


def test_an_area_editor_fills_in_their_own_measures(site: Site) -> None:
    start(site, site.cid, DAY)
    client, _ = site.clients["bff"]
    page = client.get(f"/catalogs/{site.cid}/followups/{DAY}")
    rows = rows_of(page.text)
    assert rows and all(code.startswith("BFF") for code in rows), rows
    everyone = rows_of(site.clients["editor"][0].get(f"/catalogs/{site.cid}/followups/{DAY}").text)
    assert "VJH-1" in everyone and set(rows) < set(everyone)
    i = rows["BFF-1"]
    before = site.ws.followup(site.cid, SYSTEM, date(2024, 6, 30))
    assert before is not None
    typed = {f"code-{i}": "BFF-1", f"m{i}-2024-realized": "-1.234,5",
             f"m{i}-2024-forecast": "-2.000", f"m{i}-2024-status": "at_risk",
             f"m{i}-2024-responsible": "Økonomichef"}
    missing = post(site, "bff", f"/catalogs/{site.cid}/followups/{DAY}", typed)
    assert missing.status_code == 422
    assert "skriv en forklaring" in missing.text
    assert 'value="-1.234,5"' in missing.text  # what was typed is kept
    other = post(site, "bff", f"/catalogs/{site.cid}/followups/{DAY}",
                 {"code-0": "VJH-1", "m0-2024-realized": "-1"})
    assert other.status_code == 403
    after = site.ws.followup(site.cid, SYSTEM, date(2024, 6, 30))
    assert after is not None and after.info.revision == before.info.revision  # nothing stored
    check = post(site, "bff", f"/catalogs/{site.cid}/followups/{DAY}/check",
                 {**typed, f"m{i}-2024-forecast": "halvdelen"})
    assert re.search(rf'id="err-m{i}-2024-forecast"[^>]*>[^<]*halvdelen', check.text)
    assert re.search(rf'id="err-m{i}-2024-explanation"[^>]*>skriv en forklaring', check.text)
    saved = post(site, "bff", f"/catalogs/{site.cid}/followups/{DAY}",
                 {**typed, f"m{i}-2024-explanation": "Færre opsagte kontrakter"})
    assert saved.status_code == 303
    stored = site.ws.followup(site.cid, SYSTEM, date(2024, 6, 30))
    assert stored is not None and stored.info.revision == before.info.revision + 1
    entry = next(e for e in stored.entries if e.code == "BFF-1")
    assert (entry.realized, entry.forecast, entry.status, entry.responsible) == (
        Decimal("-1234.5"), Decimal(-2000), "at_risk", "Økonomichef")
    finance = site.clients["editor"][0].get(f"/catalogs/{site.cid}/followups/{DAY}").text
    light = re.search(r'data-code="BFF-1">.*?status-light light-(\w+)" data-status="(\w+)"',
                      finance, re.S)
    assert light is not None and light.groups() == ("amber", "at_risk")
    assert "I risiko" in finance or "i risiko" in finance


def test_the_finance_office_closes_and_then_it_is_read_only(site: Site) -> None:
    day = "2024-12-31"
    start(site, site.cid, day)
    refused = post(site, "bff", f"/catalogs/{site.cid}/followups/{day}/close", {})
    assert refused.status_code == 403
    closed = post(site, "editor", f"/catalogs/{site.cid}/followups/{day}/close", {})
    assert closed.status_code == 303
    page = site.clients["admin"][0].get(f"/catalogs/{site.cid}/followups/{day}").text
    assert 'id="grid-form"' not in page and 'id="closed-badge"' in page
    assert 'id="close-form"' not in page
    save = post(site, "admin", f"/catalogs/{site.cid}/followups/{day}",
                {"code-0": "BFF-1", "m0-2024-realized": "-1"})
    assert save.status_code == 409
    api = make_client(site.ws).put(
        f"/api/v1/catalogs/{site.cid}/followups/{day}", headers=bearer(site.tokens["admin"]),
        json={"entries": [{"measure": "BFF-1", "year": 2024, "realized": -1}]})
    assert api.status_code == 409
    assert api.json()["error"]["code"] == "conflict"


def test_published_follow_ups_of_public_catalogs_are_seen_without_login(site: Site) -> None:
    day = "2024-04-30"
    for cid in (site.cid, site.public_cid):
        start(site, cid, day)
    anonymous = make_client(site.ws)
    assert anonymous.get(f"/catalogs/{site.public_cid}/followups/{day}").status_code == 404
    assert anonymous.get(f"/catalogs/{site.public_cid}/followups",
                         headers={"Accept": "application/json"}).json() == []
    refused = post(site, "editor", f"/catalogs/{site.public_cid}/followups/{day}/public",
                   {"public": "1"})
    assert refused.status_code == 403
    for cid in (site.cid, site.public_cid):
        done = post(site, "admin", f"/catalogs/{cid}/followups/{day}/public", {"public": "1"})
        assert done.status_code == 303
    page = anonymous.get(f"/catalogs/{site.public_cid}/followups/{day}")
    assert page.status_code == 200 and 'id="grid-form"' not in page.text
    listed = anonymous.get(f"/api/v1/catalogs/{site.public_cid}/followups").json()
    assert [item["date"] for item in listed] == [day] and listed[0]["public"] is True
    assert anonymous.get(f"/catalogs/{site.cid}/followups/{day}").status_code == 404
    assert anonymous.get(f"/api/v1/catalogs/{site.cid}/followups/{day}").status_code == 404


def test_an_added_alternative_uploaded_as_omprio_catalog_json(site: Site) -> None:
    import json

    from followup_support import ADDED

    cid = import_seed(site.ws, public=False)
    client, csrf = site.clients["admin"]
    upload = json.dumps({"format": "omprio.catalog/1", "measures": [ADDED]}).encode()
    done = client.post(f"/catalogs/{cid}/agreement",
                       data={"csrf_token": csrf, "name": "F", "date": "2023-10-05"},
                       files={"added_file": ("tiltag.json", upload, "application/json")})
    assert done.status_code == 303, done.text[:500]
    rows = {m.code: m for m in service.agreement_comparison(site.ws, cid, SYSTEM).measures}
    assert rows["MSB-9"].decision == "added"
    assert rows["MSB-9"].agreed == {2024: -400, 2025: -800, 2026: -800, 2027: -800}
    broken = import_seed(site.ws, public=False)
    refused = client.post(f"/catalogs/{broken}/agreement",
                          data={"csrf_token": csrf, "name": "F", "date": "2023-10-05"},
                          files={"added_file": ("tiltag.json", b"{nope", "application/json")})
    assert refused.status_code == 422 and "tiltag.json" in refused.text
    assert site.ws.version(broken, SYSTEM).info.number == 1


def test_the_carry_button_corrects_a_target_and_feeds_a_round(site: Site) -> None:
    from omprio.rounds.model import BudgetRound, Department, Key, KeyKind

    day = "2024-08-31"
    start(site, site.cid, day)
    site.ws.save_followup(site.cid, date(2024, 8, 31), [
        Entry("VJH-1", 2024, None, None, "not_realizable", "Kan ikke opsiges")], SYSTEM)
    plan = site.ws.agreement(site.cid, SYSTEM).agreement.outcome("VJH-1")
    assert plan is not None
    page = site.clients["editor"][0].get(f"/catalogs/{site.cid}/followups/{day}").text
    assert 'id="carry-form"' in page and 'value="VJH-1"' in page
    assert 'id="carry-form"' not in site.clients["bff"][0].get(
        f"/catalogs/{site.cid}/followups/{day}").text
    before = site.ws.version(site.cid, SYSTEM).catalog.target
    done = post(site, "editor", f"/catalogs/{site.cid}/followups/{day}/carry",
                {"into": "target", "target": str(site.cid), "measure": "VJH-1"})
    assert done.status_code == 303 and done.headers["location"].startswith(
        f"/catalogs/{site.cid}")
    after = site.ws.version(site.cid, SYSTEM).catalog.target
    assert {y: after[y] - before[y] for y in after} == {y: plan.plan[y] for y in after}
    made = BudgetRound("Budget 2025", "Aarhus", (2025, 2026), 2024,
                       departments=(Department("MSB", "MSB"),),
                       keys=(Key("ADM", "Adm.", KeyKind.SHARES, {"MSB": Decimal(1)}),))
    rid = site.ws.create_round(made, SYSTEM).id
    refused = post(site, "editor", f"/catalogs/{site.cid}/followups/{day}/carry",
                   {"into": "round", "round": str(rid)})
    assert refused.status_code == 403  # rounds are the administrators'
    fed = post(site, "admin", f"/catalogs/{site.cid}/followups/{day}/carry",
               {"into": "round", "round": str(rid)})
    assert fed.status_code == 303 and fed.headers["location"] == f"/rounds/{rid}?saved=2"
    requirement = site.ws.stored_round(rid, SYSTEM).budget_round.requirements[0]
    assert dict(requirement.amounts) == {2025: plan.plan[2025], 2026: plan.plan[2026]}
    assert requirement.source == f"followup:catalog={site.cid};date={day};measures=VJH-1"
