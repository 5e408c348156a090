"""A stored scenario's risk page (views/scenario_risk.py) on both engines: the uncertainties
per selected measure, the Monte Carlo figures held to omprio.decide.risk.simulate exactly,
simulate without storing, save with conflicts and rights, bad input as messages, both languages,
hostile names escaped."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest

from omprio.decide.risk import Uncertainty, simulate
from omprio.decide.scenario import empty_scenario, evaluate
from omprio.decide.targets import unique_measures
from omprio.store.workspace import StoredScenario, Workspace
from web_support import actor, import_seed, make_client, session_client

CODES = ("BFF-1", "BFF-3A", "VJH-1", "JUS-2")


def _stored(ws: Workspace, cid: int, name: str = "Forlig", who: str = "viewer",
            risk: dict[str, Uncertainty] | None = None) -> StoredScenario:
    catalog = ws.version(cid, actor(ws, "viewer")).catalog
    base = empty_scenario(catalog, name)
    selection = {**base.selection, **{code: Decimal(1) for code in CODES}}
    scenario = replace(base, selection=selection, risk=risk or {})
    return ws.save_scenario(cid, scenario, actor(ws, who))


def _url(cid: int, sid: int) -> str:
    return f"/catalogs/{cid}/scenarios/{sid}/risk"


def _expected(ws: Workspace, cid: int, item: StoredScenario, risk: dict[str, Uncertainty],
              draws: int = 10_000, seed: int = 0) -> dict[str, object]:
    catalog = ws.version(cid, actor(ws, "viewer")).catalog
    evaluation = evaluate(item.scenario, catalog)
    by_code = {m.code: m for m in unique_measures(catalog)}
    report = simulate([by_code[s.code] for s in evaluation.selected],
                      [s.fraction for s in evaluation.selected], evaluation.targets, risk,
                      draws=draws, seed=seed)
    return {"all_years": report.all_years,
            "years": {str(y): r.probability for y, r in report.years.items()},
            "p90": {str(y): float(r.p90) for y, r in report.years.items()}}


@pytest.fixture
def cid(workspace: Workspace) -> int:
    return import_seed(workspace, public=True)


def test_a_certain_scenario_invites_uncertainties(workspace: Workspace, cid: int) -> None:
    item = _stored(workspace, cid)
    client, _ = session_client(workspace, "viewer")
    page = client.get(_url(cid, item.id))
    assert page.status_code == 200
    assert "regner alle besparelser for sikre" in page.text
    for code in CODES:
        assert f'name="prob-{code}"' in page.text
        assert re.search(rf'name="high-{re.escape(code)}"[^>]*value="100"', page.text)
    assert "VJH-2" not in re.findall(r'name="prob-([^"]+)"', page.text)
    english = client.get(_url(cid, item.id) + "?lang=en")
    assert "takes every saving as certain" in english.text
    as_json = client.get(_url(cid, item.id), headers={"Accept": "application/json"}).json()
    assert as_json["risk"] is None and as_json["scenario"] == item.id
    # The scenario page links here.
    assert f'href="/catalogs/{cid}/scenarios/{item.id}/risk"' in client.get(
        f"/catalogs/{cid}/scenarios/{item.id}").text


def test_simulated_figures_are_decides_and_nothing_is_stored(workspace: Workspace,
                                                              cid: int) -> None:
    item = _stored(workspace, cid)
    client, csrf = session_client(workspace, "viewer")
    form = {"csrf_token": csrf, "revision": "1", "action": "simulate", "draws": "5.000",
            "seed": "7", "prob-BFF-1": "50", "low-VJH-1": "80", "likely-VJH-1": "90",
            "high-VJH-1": "100"}
    answer = client.post(_url(cid, item.id), data=form, headers={"Accept": "application/json"})
    assert answer.status_code == 200, answer.text[:300]
    risk = {"BFF-1": Uncertainty(probability=Decimal("0.5")),
            "VJH-1": Uncertainty(low=Decimal("0.8"), likely=Decimal("0.9"), high=Decimal(1))}
    expected = _expected(workspace, cid, item, risk, draws=5000, seed=7)
    got = answer.json()["risk"]
    assert got["draws"] == 5000 and got["seed"] == 7
    assert got["all_years"] == expected["all_years"]
    assert {y: v["probability"] for y, v in got["years"].items()} == expected["years"]
    assert {y: v["p90"] for y, v in got["years"].items()} == expected["p90"]
    page = client.post(_url(cid, item.id), data=form)
    assert page.status_code == 200
    assert "Sandsynlighed for at nå målet i alle år:" in page.text
    assert "5.000 simulerede forløb" in page.text  # Danish number format
    assert workspace.scenario(cid, item.id, actor(workspace, "viewer")).scenario.risk == {}


def test_saving_uncertainties_into_the_scenario(workspace: Workspace, cid: int) -> None:
    item = _stored(workspace, cid)
    client, csrf = session_client(workspace, "viewer")
    form = {"csrf_token": csrf, "revision": "1", "action": "save", "prob-JUS-2": "75",
            "low-BFF-3A": "50", "likely-BFF-3A": "75", "high-BFF-3A": "100"}
    saved = client.post(_url(cid, item.id), data=form)
    assert saved.status_code == 303
    assert saved.headers["location"] == _url(cid, item.id) + "?saved=1"
    stored = workspace.scenario(cid, item.id, actor(workspace, "viewer"))
    assert stored.revision == 2
    assert stored.scenario.risk == {
        "JUS-2": Uncertainty(probability=Decimal("0.75")),
        "BFF-3A": Uncertainty(low=Decimal("0.5"), likely=Decimal("0.75"), high=Decimal(1))}
    page = client.get(saved.headers["location"])
    assert "Usikkerhederne er gemt i scenariet." in page.text
    assert re.search(r'name="prob-JUS-2"[^>]*value="75"', page.text)
    assert "Mangel P90" in page.text  # the stored uncertainties are simulated at once
    # A save from the old revision after someone else saved: a conflict, nothing changed.
    editor, editor_csrf = session_client(workspace, "editor")
    stale = editor.post(_url(cid, item.id), data={**form, "csrf_token": editor_csrf,
                                                   "prob-JUS-2": "10"})
    assert stale.status_code == 409
    assert "efter du åbnede det" in stale.text
    assert workspace.scenario(cid, item.id, actor(workspace, "viewer")).revision == 2


def test_who_may_see_and_save(workspace: Workspace, cid: int) -> None:
    item = _stored(workspace, cid, who="editor")
    anonymous = make_client(workspace)
    first = anonymous.get(_url(cid, item.id))
    assert first.status_code == 303 and first.headers["location"].startswith("/login")
    viewer, csrf = session_client(workspace, "viewer")
    page = viewer.get(_url(cid, item.id))
    assert page.status_code == 200 and 'value="save"' not in page.text  # not theirs
    refused = viewer.post(_url(cid, item.id), data={"csrf_token": csrf, "action": "save",
                                                     "prob-BFF-1": "50"})
    assert refused.status_code == 403
    assert viewer.post(_url(cid, item.id), data={"action": "simulate"}).status_code == 403
    assert viewer.post(_url(cid, item.id), data={"csrf_token": csrf, "action": "simulate",
                                                  "prob-BFF-1": "50"}).status_code == 200
    assert viewer.get(f"/catalogs/{cid}/scenarios/99999/risk").status_code == 404


@pytest.mark.parametrize(("field", "value", "message"), [
    ("prob-BFF-1", "150", "BFF-1: Sandsynlighed skal være et tal fra 0 til 100 %."),
    ("prob-BFF-1", "-5", "BFF-1: Sandsynlighed skal være et tal fra 0 til 100 %."),
    ("prob-BFF-1", "NaN", "BFF-1: Sandsynlighed skal være et tal fra 0 til 100 %."),
    ("high-VJH-1", "1e999", "VJH-1: Høj skal være et tal fra 0 til 300 %."),
    ("low-VJH-1", "abc", "VJH-1: Lav skal være et tal fra 0 til 300 %."),
    ("low-VJH-1", "95", "VJH-1: lav ≤ sandsynlig ≤ høj."),
    ("draws", "5", "Antal forløb skal være et helt tal fra 100 til 200.000."),
    ("draws", "99999999999", "Antal forløb skal være et helt tal fra 100 til 200.000."),
    ("seed", "-1", "Startværdien skal være et helt tal fra 0 til 2.147.483.647."),
])
def test_bad_input_is_a_message_and_nothing_is_stored(workspace: Workspace, cid: int,
                                                      field: str, value: str,
                                                      message: str) -> None:
    item = _stored(workspace, cid)
    client, csrf = session_client(workspace, "viewer")
    answer = client.post(_url(cid, item.id), data={"csrf_token": csrf, "action": "save",
                                                   "likely-VJH-1": "90", field: value})
    assert answer.status_code == 422, answer.text[:300]
    assert message in answer.text.replace("&lt;", "<").replace("&gt;", ">")
    assert "Formularen har fejl" in answer.text
    assert workspace.scenario(cid, item.id, actor(workspace, "viewer")).revision == 1


def test_hostile_names_come_back_escaped(workspace: Workspace, cid: int) -> None:
    item = _stored(workspace, cid, name='<script>alert(1)</script>"><img src=x onerror=1>')
    client, _ = session_client(workspace, "viewer")
    page = client.get(_url(cid, item.id)).text
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
