"""The scenario pages (views/scenarios.py) on both engines: the list, the builder and its live
evaluation, saving (new, replace, conflict, delete), the comparison, the downloads and the JSON
twins, in Danish and English, with hostile names and catalog texts escaped.

The figures the pages show are held to :func:`omprio.decide.scenario.evaluate` exactly: the
evaluate endpoint's JSON equals its Decimals, and the fragment shows them the Danish way.
Who may see and change what is in the authorization matrix (tests/test_web_auth.py).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from omprio.decide.scenario import Evaluation, empty_scenario, evaluate
from omprio.decide.scenario_json import FORMAT, scenario_from_json
from omprio.interchange import catalog_to_json
from omprio.money import parse_danish
from omprio.read import load, load_bytes
from omprio.store.workspace import Workspace
from web_support import (
    SEED_PATH,
    TestClient,
    actor,
    error_of,
    form_fields,
    import_seed,
    no_secrets,
    session_client,
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SQL = "'; DROP TABLE scenarios; --"
HOSTILE = f"{SCRIPT} {IMG} {SQL}"
RAW = ("<script>alert", "<img src=x", '"><img')
YEARS = (2024, 2025, 2026, 2027)
UNTRANSLATED = re.compile(r">[^<]*\b(?:scenario|catalog|chart)\.[a-z_]+\b[^<]*<")
TOTAL_CELL = re.compile(r'id="total-(\d{4})">([^<]*)<')


@pytest.fixture
def cid(workspace: Workspace) -> int:
    return import_seed(workspace, public=True)


@pytest.fixture
def viewer(workspace: Workspace) -> Iterator[tuple[TestClient, str]]:
    client, csrf = session_client(workspace, "viewer")
    yield client, csrf
    client.close()


def base(cid: int) -> str:
    return f"/catalogs/{cid}/scenarios"


def builder_form(html: str) -> dict[str, Any]:
    """The builder form as a browser posts it with nothing ticked (checkboxes left out)."""
    fields: dict[str, Any] = dict(form_fields(html, "scenario-form"))
    fields["code"] = re.findall(r'name="code" value="([^"]+)"', html)
    return fields


def choose(fields: Mapping[str, Any], selection: Mapping[str, str],
           divisible: Mapping[str, str] | None = None, **extra: str) -> dict[str, Any]:
    """The form with ``selection`` ticked (``{code: "1"}``) and ``divisible`` measures marked
    with their percentage (``{code: "37,5"}``)."""
    data = dict(fields)
    for code in selection:
        data[f"in-{code}"] = "1"
    for code, percent in (divisible or {}).items():
        data[f"div-{code}"] = "1"
        data[f"pct-{code}"] = percent
    data.update(extra)
    return data


def reference(ws: Workspace, cid: int, selection: Mapping[str, Decimal],
              divisible: frozenset[str] = frozenset(),
              targets: Mapping[int, Decimal] | None = None) -> Evaluation:
    """What omprio.decide makes of the same selection."""
    catalog = ws.version(cid, actor(ws, "viewer")).catalog
    start = empty_scenario(catalog, "ref")
    scenario = replace(start, selection={**start.selection, **selection}, divisible=divisible,
                       targets=dict(targets) if targets is not None else start.targets)
    return evaluate(scenario, catalog)


def decimals(values: Mapping[str, Any]) -> dict[int, Decimal]:
    return {int(year): Decimal(str(value)) for year, value in values.items()}


# --- pages in both languages ----------------------------------------------------------------


def test_the_pages_in_danish_and_english(workspace: Workspace, cid: int,
                                         viewer: tuple[TestClient, str]) -> None:
    client, _ = viewer
    ws = workspace
    who = actor(ws, "viewer")
    catalog = ws.version(cid, who).catalog
    first = ws.save_scenario(cid, replace(empty_scenario(catalog, "Første"),
                                          selection={"BFF-1": Decimal(1)}), who)
    second = ws.save_scenario(cid, empty_scenario(catalog, "Anden"), who)
    words = {
        "da": ("Scenarier", "Nyt scenarie", "Sammenlign valgte", "Beregn",
               "Konsekvenser for borgerne", "Sammenligning af scenarier", "Udskriv", "-19.730"),
        "en": ("Scenarios", "New scenario", "Compare selected", "Calculate",
               "Consequences for citizens", "Comparison of scenarios", "Print", "-19,730"),
    }
    for lang, expected in words.items():
        texts = []
        for url in (base(cid), f"{base(cid)}/new", f"{base(cid)}/{first.id}",
                    f"{base(cid)}/compare?id={first.id}&id={second.id}",
                    f"{base(cid)}/{first.id}/delete"):
            response = client.get(f"{url}{'&' if '?' in url else '?'}lang={lang}")
            assert response.status_code == 200, (url, response.text[:300])
            assert f'<html lang="{lang}">' in response.text, url
            assert not UNTRANSLATED.search(response.text), (url, UNTRANSLATED.search(
                response.text))
            no_secrets(response)
            texts.append(response.text)
        joined = "\n".join(texts)
        for word in expected:
            assert word in joined, (lang, word)
    # the catalog page links to the scenarios for a logged-in user, not for the public
    assert f'href="{base(cid)}"' in client.get(f"/catalogs/{cid}").text
    anonymous = TestClient(client.app, follow_redirects=False)
    assert f'href="{base(cid)}"' not in anonymous.get(f"/catalogs/{cid}").text
    page = anonymous.get(base(cid))
    assert page.status_code == 303 and page.headers["location"] == (
        f"/login?next=/catalogs/{cid}/scenarios")


def test_the_list_says_per_year_whether_the_target_is_reached(
        workspace: Workspace, cid: int, viewer: tuple[TestClient, str]) -> None:
    client, _ = viewer
    ws = workspace
    who = actor(ws, "viewer")
    catalog = ws.version(cid, who).catalog
    everything = {code: Decimal(1) for code in empty_scenario(catalog, "x").selection}
    ws.save_scenario(cid, replace(empty_scenario(catalog, "Alt"), selection=everything), who)
    ws.save_scenario(cid, empty_scenario(catalog, "Intet"), who)
    listed = client.get(base(cid), headers={"Accept": "application/json"}).json()
    by_name = {item["name"]: item for item in listed["scenarios"]}
    assert by_name["Alt"]["reached"] is True
    assert by_name["Alt"]["reached_years"] == dict.fromkeys(map(str, YEARS), True)
    assert by_name["Intet"]["reached"] is False
    assert by_name["Alt"]["version"] == 1 and by_name["Alt"]["outdated"] is False
    page = client.get(base(cid)).text
    assert page.count('class="num gap reached"') == 4
    assert page.count('class="num gap missed"') == 4
    assert 'href="/catalogs/' + str(cid) + '/optimize"' in page
    assert f'action="{base(cid)}/compare"' in page

    # A newer version of the catalog is flagged; the figures follow the latest version.
    ws.edit_measure(cid, "BFF-1", {"net": {"2024": -1200}}, actor(ws, "editor"),
                    base_version=1, message="ny")
    listed = client.get(base(cid), headers={"Accept": "application/json"}).json()
    alt = next(item for item in listed["scenarios"] if item["name"] == "Alt")
    assert alt["outdated"] is True and alt["latest_version"] == 2 and alt["evaluated_version"] == 2
    assert "nyere: 2" in client.get(base(cid)).text
    stored = client.get(f"{base(cid)}/{alt['id']}").text
    assert "lavet på katalogets version 1" in stored


# --- the builder: live figures equal omprio.decide's ---------------------------------------

CASES: list[tuple[dict[str, str], dict[str, str], dict[str, str]]] = [
    ({}, {}, {}),
    ({"BFF-1": "1"}, {}, {}),
    ({"BFF-1": "1", "UJU-1": "1", "JUS-2": "1"}, {}, {}),
    ({"BFF-3A": "1", "VJH-3": "1", "JVS-3": "1"}, {"VJH-3": "37,5", "JVS-3": "100"},
     {"target-2024": "-10.000,5", "target-2026": ""}),
    ({"BFF-3A": "1"}, {"VJH-5": "50"}, {"target-2025": "-3.115"}),  # divisible but not ticked
]


@pytest.mark.parametrize("case", range(len(CASES)))
def test_toggling_gives_exactly_the_figures_of_evaluate(
        workspace: Workspace, cid: int, viewer: tuple[TestClient, str], case: int) -> None:
    client, _ = viewer
    ticked, divisible, typed = CASES[case]
    fields = builder_form(client.get(f"{base(cid)}/new").text)
    assert fields["target-2024"] == "-19.730"  # the catalog's own target, typed the Danish way
    data = choose(fields, ticked, divisible, **typed)
    shares = {code: Decimal(1) for code in ticked}
    if "VJH-3" in divisible and "VJH-3" in ticked:
        shares["VJH-3"] = Decimal("0.375")
    targets = {year: Decimal(-19730) for year in YEARS}
    for name, text in typed.items():
        year = int(name.split("-")[1])
        value = parse_danish(text) if text else None
        if value is None:
            del targets[year]
        else:
            targets[year] = value
    expected = reference(workspace, cid, shares, frozenset(divisible), targets)

    answer = client.post(f"{base(cid)}/evaluate", data=data,
                         headers={"Accept": "application/json"})
    assert answer.status_code == 200, answer.text[:500]
    got = json.loads(answer.text, parse_float=Decimal)
    assert decimals(got["totals"]) == expected.totals
    assert decimals(got["targets"]) == expected.targets
    assert decimals(got["gap"]) == expected.gap
    assert decimals(got["fte"]) == expected.fte
    assert decimals(got["positions_lost"]) == expected.positions_lost
    assert {k: decimals(v) for k, v in got["by_theme"].items()} == expected.by_theme
    assert {k: decimals(v) for k, v in got["by_area"].items()} == expected.by_area
    assert got["reached"] is expected.reached
    assert [item["code"] for item in got["selected"]] == [s.code for s in expected.selected]
    assert [Decimal(item["fraction"]) for item in got["selected"]] == [
        s.fraction for s in expected.selected]

    fragment = client.post(f"{base(cid)}/evaluate", data=data, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text  # a fragment, not a page
    shown = {int(year): parse_danish(text.strip())
             for year, text in TOTAL_CELL.findall(fragment.text)}
    assert shown == expected.totals
    for year in expected.years:
        state = "missed" if expected.gap[year] > 0 else "reached"
        assert f'class="num gap {state}" id="gap-{year}"' in fragment.text
        reached = "no" if state == "missed" else "yes"
        assert f'class="target-fill bar-{year}" data-reached="{reached}"' in fragment.text
    assert 'id="scenario-details" hx-swap-oob="true"' in fragment.text
    for item in expected.selected:  # the consequences for citizens: their descriptions
        assert f'id="consequence-{item.code}"' in fragment.text
        first_words = " ".join(item.description.split()[:4])
        assert first_words.replace("'", "&#39;") in fragment.text.replace("\n", " ")

    page = client.post(f"{base(cid)}/evaluate", data=data)  # "Beregn" without JavaScript
    assert page.status_code == 200 and "<html" in page.text
    assert {int(y): parse_danish(t.strip()) for y, t in TOTAL_CELL.findall(page.text)} == (
        expected.totals)
    for code in ticked:
        assert re.search(rf'name="in-{code}" value="1" checked', page.text), code


def test_a_wrong_share_or_target_is_said_at_the_field(
        workspace: Workspace, cid: int, viewer: tuple[TestClient, str]) -> None:
    client, _ = viewer
    fields = builder_form(client.get(f"{base(cid)}/new").text)
    data = choose(fields, {"VJH-3": "1"}, {"VJH-3": "150"}, **{"target-2024": "1.0O0"})
    fragment = client.post(f"{base(cid)}/evaluate", data=data, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert ('<span class="field-error" id="err-pct-VJH-3" hx-swap-oob="true">'
            "Andelen skal være mellem 0 og 100</span>") in fragment.text
    assert "&#39;1.0O0&#39; er ikke et tal" in fragment.text
    assert "Nogle felter kan ikke bruges" in fragment.text
    answer = client.post(f"{base(cid)}/evaluate", data=data,
                         headers={"Accept": "application/json"})
    assert answer.status_code == 422
    body = answer.json()
    assert body["error"]["code"] == "invalid-input"
    assert set(body["fields"]) == {"pct-VJH-3", "target-2024"}
    page = client.post(f"{base(cid)}/evaluate", data=data)
    assert page.status_code == 422 and 'value="1.0O0"' in page.text  # what was typed stays
    english = client.post(f"{base(cid)}/evaluate?lang=en", data=data,
                          headers={"HX-Request": "true"})
    assert "The share must be between 0 and 100" in english.text


def test_a_tampered_hidden_part_is_a_message_not_a_crash(
        workspace: Workspace, cid: int, viewer: tuple[TestClient, str]) -> None:
    client, _ = viewer
    fields = builder_form(client.get(f"{base(cid)}/new").text)
    for extra in ('{"constraints": {"include": ["NOPE-1"]}}', '{"harm": {"BFF-1": "x"}}',
                  "[1, 2]", "{" * 5000, '{"scope": "all"}'):
        data = choose(fields, {"BFF-1": "1"}, extra=extra)
        response = client.post(f"{base(cid)}/evaluate", data=data,
                               headers={"HX-Request": "true"})
        assert response.status_code == 200, (extra, response.text[:300])
    scoped = client.post(f"{base(cid)}/evaluate",
                         data=choose(fields, {"MSB-1": "1"}, extra='{"scope": "all"}'),
                         headers={"Accept": "application/json"})
    assert scoped.status_code == 200
    assert [item["code"] for item in scoped.json()["selected"]] == ["MSB-1"]


# --- saving, replacing, conflicts, deleting -------------------------------------------------


def test_save_replace_conflict_and_delete(workspace: Workspace, cid: int,
                                          viewer: tuple[TestClient, str]) -> None:
    ws = workspace
    client, _ = viewer
    fields = builder_form(client.get(f"{base(cid)}/new").text)

    unnamed = client.post(base(cid), data=choose(fields, {"BFF-1": "1"}))
    assert unnamed.status_code == 422 and "Giv scenariet et navn" in unnamed.text
    assert ws.scenarios(cid, actor(ws, "viewer")) == []

    saved = client.post(base(cid), data=choose(
        fields, {"BFF-1": "1", "VJH-3": "1"}, {"VJH-3": "50"},
        name="Plan A", description="Første bud", **{"target-2027": "-9.000"}))
    assert saved.status_code == 303, saved.text[:500]
    sid = int(saved.headers["location"].split("/")[-1].split("?")[0])
    assert saved.headers["location"] == f"{base(cid)}/{sid}?saved=1"
    stored = ws.scenario(cid, sid, actor(ws, "viewer"))
    assert (stored.name, stored.author, stored.revision, stored.version) == (
        "Plan A", "viewer", 1, 1)
    assert stored.scenario.description == "Første bud"
    assert {c: s for c, s in stored.scenario.selection.items() if s} == {
        "BFF-1": Decimal(1), "VJH-3": Decimal("0.5")}
    assert stored.scenario.divisible == frozenset({"VJH-3"})
    assert stored.scenario.targets == {2024: Decimal(-19730), 2025: Decimal(-19730),
                                       2026: Decimal(-19730), 2027: Decimal(-9000)}
    page = client.get(saved.headers["location"]).text
    assert "Scenariet &#39;Plan A&#39; er gemt (gang 1)." in page
    reopened = builder_form(page)
    assert reopened["pct-VJH-3"] == "50" and reopened["target-2027"] == "-9.000"
    assert reopened["base_revision"] == "1" and reopened["scenario_id"] == str(sid)
    assert re.search(r'name="in-VJH-3" value="1" checked', page)
    assert re.search(r'name="div-VJH-3" value="1" checked', page)

    taken = client.post(base(cid), data=choose(fields, {}, name="Plan A"))
    assert taken.status_code == 409
    assert "Kataloget har allerede et scenarie med navnet &#39;Plan A&#39;" in taken.text

    # Replace from revision 1: fine. The editor then saves it, so revision 2 is stale.
    replaced = client.post(f"{base(cid)}/{sid}", data=choose(
        reopened, {"BFF-2": "1"}, name="Plan A", description="Andet bud"))
    assert replaced.status_code == 303, replaced.text[:500]
    assert ws.scenario(cid, sid, actor(ws, "viewer")).revision == 2
    mine = builder_form(client.get(f"{base(cid)}/{sid}").text)
    editor, _ = session_client(ws, "editor")
    theirs = builder_form(editor.get(f"{base(cid)}/{sid}").text)
    assert editor.post(f"{base(cid)}/{sid}", data=choose(
        theirs, {"UJU-1": "1"}, name="Plan A")).status_code == 303
    conflict = client.post(f"{base(cid)}/{sid}", data=choose(
        mine, {"JVS-1": "1"}, name="Plan A", description="Mit bud"))
    assert conflict.status_code == 409
    assert "Scenariet er gemt af editor" in conflict.text
    assert "Dine ændringer er ikke gemt" in conflict.text
    assert re.search(r'name="in-JVS-1" value="1" checked', conflict.text)  # kept as typed
    assert "Mit bud" in conflict.text
    after = ws.scenario(cid, sid, actor(ws, "viewer"))
    assert after.revision == 3 and (after.author, after.saved_by) == ("viewer", "editor")
    assert after.scenario.selection["JVS-1"] == 0
    as_json = client.post(f"{base(cid)}/{sid}", data=choose(mine, {}, name="Plan A"),
                          headers={"Accept": "application/json"})
    assert as_json.status_code == 409 and as_json.json()["error"]["code"] == "conflict"
    # ... saved as a new one instead
    copy = client.post(base(cid), data=choose(mine, {"JVS-1": "1"}, name="Plan B"))
    assert copy.status_code == 303

    # The scenario stays the viewer's after the editor's save: the viewer may change it still.
    assert "viewers scenarie · gemt af editor" in client.get(f"{base(cid)}/{sid}").text
    assert client.post(f"{base(cid)}/{sid}", data=choose(
        builder_form(client.get(f"{base(cid)}/{sid}").text), {}, name="Plan A")
    ).status_code == 303
    # The viewer may not change or delete the editor's own scenario; the page says so.
    own = editor.post(base(cid), data=choose(theirs, {}, name="Plan E"))
    assert own.status_code == 303
    eid = int(own.headers["location"].split("?")[0].rsplit("/", 1)[1])
    assert client.post(f"{base(cid)}/{eid}", data=choose(
        builder_form(client.get(f"{base(cid)}/{eid}").text), {}, name="Plan E")
    ).status_code == 403
    confirm = client.get(f"{base(cid)}/{eid}/delete").text
    assert "kun forfatteren, en redaktør eller en administrator" in confirm
    assert 'id="delete-form"' not in confirm

    # Deleting asks first (a page, so it works without JavaScript), then removes it.
    confirm = editor.get(f"{base(cid)}/{sid}/delete").text
    assert "Vil du slette viewers scenarie &#39;Plan A&#39;" in confirm
    token = form_fields(confirm, "delete-form")["csrf_token"]
    gone = editor.post(f"{base(cid)}/{sid}/delete", data={"csrf_token": token})
    assert gone.status_code == 303 and gone.headers["location"] == f"{base(cid)}?deleted=1"
    assert "Scenariet er slettet." in editor.get(gone.headers["location"]).text
    assert [s.name for s in ws.scenarios(cid, actor(ws, "viewer"))] == ["Plan B", "Plan E"]
    assert client.get(f"{base(cid)}/{sid}").status_code == 404
    late = client.post(f"{base(cid)}/{sid}", data=choose(mine, {}, name="Plan A"))
    assert late.status_code == 404
    editor.close()


# --- comparison --------------------------------------------------------------------------


def test_the_comparison_side_by_side(workspace: Workspace, cid: int,
                                     viewer: tuple[TestClient, str]) -> None:
    from omprio.decide.compare import compare

    ws = workspace
    client, _ = viewer
    who = actor(ws, "viewer")
    catalog = ws.version(cid, who).catalog
    start = empty_scenario(catalog, "x")
    scenarios = [
        replace(start, name="Lille", selection={**start.selection, "BFF-1": Decimal(1)}),
        replace(start, name="Stor", selection={code: Decimal(1) for code in start.selection}),
        replace(start, name="Halv", selection={**start.selection, "VJH-3": Decimal("0.5")},
                divisible=frozenset({"VJH-3"})),
    ]
    ids = [ws.save_scenario(cid, s, who).id for s in scenarios]
    url = f"{base(cid)}/compare?" + "&".join(f"id={i}" for i in ids)
    page = client.get(url)
    assert page.status_code == 200
    for name in ("Lille", "Stor", "Halv"):
        assert f">{name}</a>" in page.text
    assert "data-print" in page.text and "Udskriv" in page.text
    assert "50 %" in page.text and "✓" in page.text
    css = (Path(__file__).parents[1] / "src/omprio/web/static/style.css").read_text()
    assert "@media print" in css and "size: A4" in css

    got = json.loads(client.get(url, headers={"Accept": "application/json"}).text,
                     parse_float=Decimal)
    expected = compare([evaluate(s, catalog) for s in scenarios],
                       [m.code for m in catalog.measures])
    assert got["ids"] == ids and got["names"] == list(expected.names)
    assert got["reached"] == list(expected.reached) == [False, True, False]
    rows = [(r["metric"], r["year"], r["group"], [None if v is None else Decimal(str(v))
                                                  for v in r["values"]]) for r in got["rows"]]
    assert rows == [(r.metric, r.year, r.group, list(r.values)) for r in expected.rows]
    assert [(m["code"], [Decimal(s) for s in m["shares"]]) for m in got["measures"]] == [
        (code, list(shares)) for code, _, shares in expected.measures]

    one = client.get(f"{base(cid)}/compare?id={ids[0]}")
    assert one.status_code == 422 and "Vælg mindst to scenarier" in one.text
    assert client.get(f"{base(cid)}/compare?id={ids[0]}&id=99999").status_code == 404
    assert error_of(client.get(f"{base(cid)}/compare", headers={
        "Accept": "application/json"}))["code"] == "invalid-input"


# --- downloads ---------------------------------------------------------------------------


@pytest.fixture
def stored_id(workspace: Workspace, cid: int) -> int:
    who = actor(workspace, "viewer")
    catalog = workspace.version(cid, who).catalog
    start = empty_scenario(catalog, "Download")
    scenario = replace(start, selection={**start.selection, "BFF-1": Decimal(1),
                                         "VJH-3": Decimal("0.5")},
                       divisible=frozenset({"VJH-3"}), description="Til udskrift")
    return workspace.save_scenario(cid, scenario, who).id


def test_the_downloads_open(workspace: Workspace, cid: int, stored_id: int,
                            viewer: tuple[TestClient, str]) -> None:
    client, _ = viewer
    url = f"{base(cid)}/{stored_id}"
    page = client.get(url).text
    for suffix in ("publish/pdf", "publish/docx", "publish/xlsx", "publish/fdp", "scenario.json"):
        assert f'href="{url}/{suffix}"' in page, suffix

    pdf = client.get(f"{url}/publish/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    assert f"scenarie-{stored_id}.pdf" in pdf.headers["content-disposition"]
    for fmt, member in (("docx", "word/document.xml"), ("xlsx", "xl/workbook.xml"),
                        ("fdp", "datapackage.json")):
        answer = client.get(f"{url}/publish/{fmt}")
        assert answer.status_code == 200, fmt
        with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
            assert member in archive.namelist(), (fmt, archive.namelist())
    # The workbook reads back as the catalog the scenario selects: two measures, one halved.
    workbook = client.get(f"{url}/publish/xlsx").content
    selected = load_bytes(workbook, "scenario.xlsx").catalog
    assert [m.code for m in selected.measures] == ["BFF-1", "VJH-3"]
    assert selected.measures[1].net[2024] == Decimal(-700)

    document = client.get(f"{url}/scenario.json")
    assert document.status_code == 200
    assert document.headers["content-type"].startswith("application/json")
    parsed = json.loads(document.text, parse_float=Decimal)
    assert parsed["format"] == FORMAT and parsed["name"] == "Download"
    stored = workspace.scenario(cid, stored_id, actor(workspace, "viewer")).scenario
    assert scenario_from_json(parsed) == stored

    unknown = client.get(f"{url}/publish/odt")
    assert unknown.status_code == 422


def test_the_json_twins(workspace: Workspace, cid: int, stored_id: int,
                        viewer: tuple[TestClient, str]) -> None:
    client, _ = viewer
    headers = {"Accept": "application/json"}
    new = client.get(f"{base(cid)}/new", headers=headers).json()
    assert new["document"]["format"] == FORMAT
    assert new["evaluation"]["targets"] == dict.fromkeys(map(str, YEARS), -19730)
    assert new["evaluation"]["count"] == 0
    one = json.loads(client.get(f"{base(cid)}/{stored_id}", headers=headers).text,
                     parse_float=Decimal)
    assert one["id"] == stored_id and one["name"] == "Download"
    assert one["document"]["selection"]["VJH-3"] == "0.5"
    assert one["evaluation"]["totals"]["2024"] == -1700  # -1.000 and half of -1.400
    assert one["evaluation"]["fte"]["2024"] == -3
    assert one["description"] == "Til udskrift"


# --- hostile text ------------------------------------------------------------------------


def hostile_catalog() -> bytes:
    document = catalog_to_json(load(SEED_PATH).catalog)
    document["title"] = f"Katalog {HOSTILE}"
    for theme in document["themes"]:
        theme["title"] = f"{theme['title']} {HOSTILE}"
    for measure in document["measures"]:
        measure["title"] = f"{measure['title']} {HOSTILE}"
        measure["description"] = f"{HOSTILE}\n\n{measure['description']}"
    return json.dumps(document, ensure_ascii=False).encode()


def assert_escaped(body: str, where: str) -> None:
    for raw in RAW:
        assert raw not in body, f"{where}: {raw!r} is not escaped"


def test_hostile_names_and_texts_come_back_escaped(workspace: Workspace,
                                                   viewer: tuple[TestClient, str]) -> None:
    ws = workspace
    client, csrf = viewer
    cid = import_seed(ws, public=False, data=hostile_catalog(), name="hostile.json")
    fields = builder_form(client.get(f"{base(cid)}/new").text)
    ids = []
    for name in (f"A {HOSTILE}", f"B {SQL}"):
        saved = client.post(base(cid), data=choose(
            fields, {"BFF-1": "1", "VJH-1": "1"}, name=name, description=HOSTILE))
        assert saved.status_code == 303, saved.text[:300]
        ids.append(int(saved.headers["location"].split("/")[-1].split("?")[0]))
    stored = ws.scenario(cid, ids[0], actor(ws, "viewer"))
    assert stored.name == f"A {HOSTILE}" and stored.scenario.description == HOSTILE
    assert [s.name for s in ws.scenarios(cid, actor(ws, "viewer"))] == [
        f"A {HOSTILE}", f"B {SQL}"]
    pages = {
        "list": client.get(base(cid)).text,
        "builder": client.get(f"{base(cid)}/{ids[0]}").text,
        "compare": client.get(f"{base(cid)}/compare?id={ids[0]}&id={ids[1]}").text,
        "delete": client.get(f"{base(cid)}/{ids[0]}/delete").text,
        "fragment": client.post(f"{base(cid)}/evaluate", data=choose(
            fields, {"BFF-1": "1", "VJH-1": "1"}, name=HOSTILE),
            headers={"HX-Request": "true"}).text,
        "conflict": client.post(base(cid), data=choose(fields, {}, name=f"A {HOSTILE}")).text,
    }
    for where, body in pages.items():
        assert_escaped(body, where)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["list"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["fragment"]  # titles, texts, charts
    assert "DROP TABLE scenarios" in pages["compare"]
    document = client.get(f"{base(cid)}/{ids[0]}/scenario.json").json()
    assert document["name"] == f"A {HOSTILE}"
    assert csrf  # the session's token was on every form


def test_superscript_digits_in_hidden_ids_are_ignored_not_a_crash(
        workspace: Workspace, cid: int, viewer: tuple[TestClient, str]) -> None:
    # "²".isdigit() is true but int("²") fails: the hidden ids are read as ASCII digits only
    client, _ = viewer
    fields = builder_form(client.get(f"{base(cid)}/new").text)
    for name in ("scenario_id", "base_revision"):
        response = client.post(f"{base(cid)}/evaluate", data={**fields, name: "²"})
        assert response.status_code == 200, (name, response.text[:300])


def test_a_measure_removed_from_the_catalog_leaves_every_part_of_a_scenario(
        workspace: Workspace, cid: int, viewer: tuple[TestClient, str]) -> None:
    # A scenario that must include BFF-1 (and scores its harm): after a version without BFF-1
    # the builder still evaluates and saves it, without BFF-1, and says so (in Danish).
    from omprio.decide.constraints import Constraints
    from web_support import SYSTEM

    ws = workspace
    client, _ = viewer
    who = actor(ws, "viewer")
    catalog = ws.version(cid, who).catalog
    start = empty_scenario(catalog, "Med BFF-1")
    stored = ws.save_scenario(cid, replace(
        start, selection={**start.selection, "BFF-1": Decimal(1), "BFF-2": Decimal(1)},
        constraints=Constraints(include=frozenset({"BFF-1"})), harm={"BFF-1": Decimal(3)},
        divisible=frozenset({"BFF-1"})), who)
    document = catalog_to_json(catalog)
    document["measures"] = [m for m in document["measures"] if m["code"] != "BFF-1"]
    ws.import_document(json.dumps(document).encode(), "v2.json", SYSTEM, catalog_id=cid,
                       public=True)
    page = client.get(f"{base(cid)}/{stored.id}")
    assert page.status_code == 200
    assert "findes ikke længere i kataloget og er taget ud: BFF-1" in page.text
    assert "no measure" not in page.text and "kan ikke bruges" not in page.text
    fields = builder_form(page.text)
    assert "BFF-1" not in fields["extra"]
    saved = client.post(f"{base(cid)}/{stored.id}", data=choose(fields, {"BFF-2": "1"}))
    assert saved.status_code == 303, saved.text[:500]
    again = ws.scenario(cid, stored.id, who).scenario
    assert "BFF-1" not in again.selection and not again.constraints.include
    assert not again.harm and again.selection["BFF-2"] == 1


@pytest.mark.parametrize(("extra", "code", "params", "danish", "english"), [
    ('{"constraints": {"include": ["NOPE-1"]}}', "unknown-measure",
     {"field": "include", "code": "NOPE-1", "close": None},
     "Tiltaget NOPE-1 findes ikke i kataloget.", "must include: no measure NOPE-1 in the catalog"),
    ('{"constraints": {"include": ["BFF-1"], "exclude": ["BFF-1"]}}', "include-and-exclude",
     {"codes": "BFF-1"},
     "BFF-1 kan ikke både skulle med og ikke må med.",
     "BFF-1 cannot be both included and excluded"),
    ('{"constraints": {"theme_caps": {"1": {"measures": 0}}, "include": ["BFF-1"]}}',
     "forced-count", {"kind": "theme", "key": "1", "used": 1, "cap": 0},
     "de tiltag, der skal med, er 1 i tema 1, men loftet er 0",
     "the measures that must be included put 1 measures in theme 1, more than its cap of 0"),
])
def test_why_decide_refuses_a_scenario_is_said_in_the_pages_language(
        workspace: Workspace, cid: int, viewer: tuple[TestClient, str], extra: str, code: str,
        params: dict[str, object], danish: str, english: str) -> None:
    # omprio.decide refuses with a code and parameters; the page says it in its language
    client, _ = viewer
    fields = builder_form(client.get(f"{base(cid)}/new").text)
    data = choose(fields, {"BFF-1": "1"}, extra=extra, name="Afvist")
    for lang, expected in (("da", danish), ("en", english)):
        answer = client.post(f"{base(cid)}/evaluate?lang={lang}", data=data,
                             headers={"Accept": "application/json"})
        assert answer.status_code == 422
        problems = answer.json()["error"]["problems"]
        assert problems == [{"code": code, "params": params, "message": problems[0]["message"]}]
        assert expected in problems[0]["message"]
    for lang, expected in (("da", danish), ("en", english)):
        for url, status in ((f"{base(cid)}/evaluate", 200), (base(cid), 422)):
            response = client.post(f"{url}?lang={lang}", data=data,
                                   headers={"HX-Request": "true"} if status == 200 else {})
            assert response.status_code == status, response.text[:300]
            assert expected in response.text.replace("&#39;", "'"), (lang, url)
    assert "no measure" not in client.post(f"{base(cid)}/evaluate?lang=da", data=choose(
        fields, {}, extra='{"constraints": {"include": ["NOPE-1"]}}')).text


def test_the_broken_constraints_are_said_in_the_pages_language(
        workspace: Workspace, cid: int, viewer: tuple[TestClient, str]) -> None:
    # omprio.decide lists them in English with plain numbers ("13.3 positions lost")
    client, _ = viewer
    fields = builder_form(client.get(f"{base(cid)}/new").text)
    data = choose(fields, dict.fromkeys(fields["code"], "1"), max_fte_cut="1",
                  extra='{"constraints": {"exclude": ["BFF-2"], '
                        '"theme_caps": {"1": {"measures": 1, "savings": -10}}}}')
    expected = {
        "da": ("BFF-2 må ikke med", "tema 1 sparer -5.415 i 2024, mere end loftet på -10",
               "tema 1 har 4 tiltag med, flere end loftet på 1",
               "2024: 13,3 tabte stillinger, flere end loftet på 1"),
        "en": ("BFF-2 must stay out", "theme 1 saves -5,415 in 2024, more than its cap of -10",
               "2024: 13.3 positions lost, more than the cap of 1"),
    }
    for lang, texts in expected.items():
        fragment = client.post(f"{base(cid)}/evaluate?lang={lang}", data=data,
                               headers={"HX-Request": "true"})
        assert fragment.status_code == 200
        for text in texts:
            assert text in fragment.text, (lang, text)
        assert "beyond" not in fragment.text


def test_a_long_description_is_kept_whole_or_refused_never_cut(
        workspace: Workspace, cid: int, viewer: tuple[TestClient, str]) -> None:
    # The API stores descriptions of up to 100,000 characters; the builder cut them at 20,000
    ws = workspace
    client, _ = viewer
    who = actor(ws, "viewer")
    long = "Lang begrundelse. " * 3000  # 54,000 characters
    stored = ws.save_scenario(cid, replace(empty_scenario(ws.version(cid, who).catalog, "Lang"),
                                           description=long.strip()), who)
    fields = builder_form(client.get(f"{base(cid)}/{stored.id}").text)
    saved = client.post(f"{base(cid)}/{stored.id}", data=fields)
    assert saved.status_code == 303, saved.text[:300]
    assert ws.scenario(cid, stored.id, who).scenario.description == long.strip()
    too_long = client.post(base(cid), data={**fields, "name": "For lang",
                                            "description": "x" * 100_001})
    assert too_long.status_code == 422
    assert "Beskrivelsen er for lang: højst 100.000 tegn." in too_long.text
    assert [s.name for s in ws.scenarios(cid, who)] == ["Lang"]


def test_a_ticked_measure_removed_while_the_form_was_open_is_said_not_dropped(
        workspace: Workspace, cid: int, viewer: tuple[TestClient, str]) -> None:
    from web_support import SYSTEM

    ws = workspace
    client, _ = viewer
    who = actor(ws, "viewer")
    fields = builder_form(client.get(f"{base(cid)}/new").text)
    document = catalog_to_json(ws.version(cid, who).catalog)
    document["measures"] = [m for m in document["measures"] if m["code"] != "BFF-1"]
    ws.import_document(json.dumps(document).encode(), "v2.json", SYSTEM, catalog_id=cid,
                       public=True)
    data = choose(fields, {"BFF-1": "1", "BFF-2": "1"}, name="Efter ny version")
    saved = client.post(base(cid), data=data)
    assert saved.status_code == 422
    assert "Kataloget har fået en ny version uden BFF-1, som du har valgt" in saved.text
    assert ws.scenarios(cid, who) == []
    fragment = client.post(f"{base(cid)}/evaluate", data=data, headers={"HX-Request": "true"})
    assert "Genindlæs siden" in fragment.text
    # not ticked: nothing to say, the rest is evaluated
    quiet = client.post(f"{base(cid)}/evaluate", data=choose(fields, {"BFF-2": "1"}),
                        headers={"Accept": "application/json"})
    assert quiet.status_code == 200 and [s["code"] for s in quiet.json()["selected"]] == ["BFF-2"]


def test_the_form_shows_every_decimal_so_a_save_changes_nothing_unasked(
        workspace: Workspace, cid: int, viewer: tuple[TestClient, str]) -> None:
    # display.number rounds beyond 15 decimals: a tiny target showed "-0" and was saved as 0;
    # 15 decimals is also the most any number may have (omprio.money.bounded)
    ws = workspace
    client, _ = viewer
    who = actor(ws, "viewer")
    start = empty_scenario(ws.version(cid, who).catalog, "Fin")
    tiny = Decimal("-1E-15")
    stored = ws.save_scenario(cid, replace(
        start, targets={**dict.fromkeys(YEARS, Decimal(-19730)), 2024: tiny}), who)
    page = client.get(f"{base(cid)}/{stored.id}").text
    assert 'value="-0,000000000000001"' in page
    saved = client.post(f"{base(cid)}/{stored.id}", data=builder_form(page))
    assert saved.status_code == 303, saved.text[:300]
    again = ws.scenario(cid, stored.id, who).scenario
    assert again.targets is not None and again.targets[2024] == tiny


def test_the_builder_marks_what_is_wrong_for_screen_readers(
        workspace: Workspace, cid: int, viewer: tuple[TestClient, str]) -> None:
    """Each measure row has its code as row header; a field with an error says so with
    aria-invalid, and only that field."""
    client, _ = viewer
    page = client.get(f"{base(cid)}/new").text
    assert '<th scope="row" class="code"><label for="f-in-BFF-1">BFF-1</label></th>' in page
    assert 'aria-invalid="true"' not in page
    fields = builder_form(page)
    wrong = client.post(f"{base(cid)}/evaluate",
                        data={**fields, "target-2025": "abc", "max_fte_cut": "x"})
    assert re.search(r'id="f-target-2025"[^>]*aria-invalid="true"', wrong.text)
    assert re.search(r'id="f-max_fte_cut"[^>]*aria-invalid="true"', wrong.text)
    assert not re.search(r'id="f-target-2024"[^>]*aria-invalid', wrong.text)


def test_the_builder_and_the_optimize_form_read_amounts_alike(
        workspace: Workspace, cid: int, viewer: tuple[TestClient, str]) -> None:
    # One parser for amount fields: the builder refused "-10.5", the optimize form took it
    from omprio.web.views.optimize_form import posted_fields, read_plan, setup_of

    client, _ = viewer
    fields = builder_form(client.get(f"{base(cid)}/new").text)
    setup = setup_of(workspace.version(cid, actor(workspace, "viewer")))
    for text, value in (("-10.5", Decimal("-10.5")), ("-10,5", Decimal("-10.5")),
                        ("-19.730", Decimal(-19730)), ("−1.000", Decimal(-1000))):
        answer = client.post(f"{base(cid)}/evaluate", data={**fields, "target-2024": text},
                             headers={"Accept": "application/json"})
        assert answer.status_code == 200, (text, answer.text[:200])
        assert Decimal(str(answer.json()["targets"]["2024"])) == value, text
        plan = read_plan(posted_fields({"target-2024": text}, setup), setup, "da")
        assert plan.request is not None and plan.request.targets is not None
        assert plan.request.targets[2024] == value, text
    for text in ("tyve", "1e999999"):
        refused = client.post(f"{base(cid)}/evaluate", data={**fields, "target-2024": text},
                              headers={"Accept": "application/json"})
        assert refused.status_code == 422 and "target-2024" in refused.json()["fields"], text
        plan = read_plan(posted_fields({"target-2024": text}, setup), setup, "da")
        assert "target-2024" in plan.errors, text


def test_the_kept_builder_of_a_new_scenario_is_each_sessions_own_and_never_stale(
        workspace: Workspace, cid: int) -> None:
    # The builder of a new scenario is made once per version and language and kept: each
    # session still gets its own CSRF token in the form, each language its own words, and an
    # edit of the catalog shows at once.
    tokens = []
    for name in ("viewer", "editor", "admin", "viewer"):
        client, csrf = session_client(workspace, name)
        for _ in range(2):
            html = client.get(f"{base(cid)}/new").text
            assert form_fields(html, "scenario-form")["csrf_token"] == csrf
            assert html.count(csrf) >= 2  # the form and the page's htmx header
            assert f'<span class="user">{name} (' in html
            assert "omprio-csrf-" not in html
        assert csrf not in tokens
        tokens.append(csrf)
        posted = client.post(f"{base(cid)}/evaluate", data=builder_form(html))
        assert posted.status_code == 200
    client, csrf = session_client(workspace, "viewer")
    danish = client.get(f"{base(cid)}/new?lang=da").text
    english = client.get(f"{base(cid)}/new?lang=en").text
    assert '<html lang="da">' in danish and '<html lang="en">' in english
    assert not UNTRANSLATED.search(danish) and not UNTRANSLATED.search(english)
    assert danish != english.replace('lang="en"', 'lang="da"')
    before = client.get(f"{base(cid)}/new?lang=da").text
    assert "-1.000" in before
    workspace.edit_measure(cid, "BFF-1", {"net": {"2024": -1234}}, actor(workspace, "editor"),
                           base_version=1, message="Ny beregning")
    after = client.get(f"{base(cid)}/new?lang=da").text
    assert "-1.234" in after and after != before
    # logged out: the login page, never the kept builder
    anonymous, _ = session_client(workspace, None)
    page = anonymous.get(f"{base(cid)}/new", follow_redirects=False)
    assert page.status_code in (302, 303, 307) and "scenario-form" not in page.text
