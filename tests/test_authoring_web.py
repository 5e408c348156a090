"""The authoring pages: "Nyt katalog" from the catalog list (by hand and for a department of a
budget round), "Tilføj tiltag" checked as one types, renumbering, moving, deleting with a
confirmation, the themes page, their JSON twins, and an authored catalog published as PDF and
workbook."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from omprio.publish.formats import publish
from omprio.read import load_bytes
from omprio.rounds.model import BudgetRound, Department, Key, KeyKind, Requirement
from omprio.store.workspace import Workspace
from web_support import SYSTEM, TestClient, form_fields, session_client, user_workspace


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    with user_workspace("sqlite", tmp_path) as workspace:
        yield workspace


def _new(client: TestClient, csrf: str, **fields: str) -> str:
    data = {"csrf_token": csrf, "title": "Katalog for Teknik", "department": "Teknik og Miljø",
            "first_year": "2026", "last_year": "2028", "price_base": "2026-PL",
            "unit": "1.000 kr.", "target": "-1.500; -1.500; -1.500", **fields}
    answer = client.post("/catalogs/new", data=data)
    assert answer.status_code == 303, answer.text[:500]
    return str(answer.headers["location"])


def _add(client: TestClient, cid: int, code: str, theme: str, net: str) -> str:
    page = client.get(f"/catalogs/{cid}/measures/new")
    assert page.status_code == 200
    fields = form_fields(page.text, "add-measure-form")
    fields.update({"code": code, "theme": theme, "title": f"Forslag {code}",
                   "description": "Færre timer.", "net-2026": net, "net-2027": net,
                   "net-2028": net, "fte-2026": "-0,5"})
    answer = client.post(f"/catalogs/{cid}/measures/new", data=fields)
    assert answer.status_code == 303, answer.text[:800]
    return str(answer.headers["location"])


def test_new_catalog_and_measures_from_the_pages(ws: Workspace) -> None:
    client, csrf = session_client(ws, "editor")
    listing = client.get("/")
    assert 'href="/catalogs/new"' in listing.text
    form = client.get("/catalogs/new")
    assert form.status_code == 200 and 'id="new-catalog-form"' in form.text
    location = _new(client, csrf)
    cid = int(location.rsplit("/", 1)[1])
    catalog = ws.version(cid, SYSTEM).catalog
    assert catalog.authored and catalog.years == (2026, 2027, 2028)
    assert catalog.target == dict.fromkeys((2026, 2027, 2028), Decimal(-1500))
    page = client.get(location)
    assert f'href="/catalogs/{cid}/measures/new"' in page.text
    assert f'href="/catalogs/{cid}/themes"' in page.text
    # the checks as one types: a cell that is no number, then a clean measure
    check = client.post(f"/catalogs/{cid}/measures/new/check", headers={"HX-Request": "true"},
                        data={"csrf_token": csrf, "code": "TEK-1", "net-2026": "1.0O0"})
    assert check.status_code == 200 and 'id="check-errors"' in check.text
    fine = client.post(f"/catalogs/{cid}/measures/new/check", headers={"HX-Request": "true"},
                       data={"csrf_token": csrf, "code": "TEK-1", "title": "Vejlys",
                             "net-2026": "-1.000,5", "net-2027": "-1.000", "net-2028": "-1.000"})
    assert "-1.000,5" in fine.text and 'id="check-problem"' not in fine.text
    assert ws.version(cid, SYSTEM).info.number == 1  # a check stores nothing
    saved = _add(client, cid, "TEK-1", "1A", "-1.000,5")
    assert "?saved=2" in saved
    _add(client, cid, "TEK-2", "1A", "-250")
    stored = ws.version(cid, SYSTEM)
    assert stored.catalog.overview_totals[-1].amounts[2026] == Decimal("-1250.5")
    tek = stored.catalog.measure("TEK-1")
    assert tek is not None and tek.fte == {2026: Decimal("-0.5")}
    overview = client.get(f"/catalogs/{cid}")
    assert overview.status_code == 200 and "TEK-2" in overview.text and "I ALT" in overview.text
    assert client.get(f"/catalogs/{cid}/measures/TEK-1").status_code == 200
    # a code taken: the form again, with what was typed and the reason
    page = client.get(f"/catalogs/{cid}/measures/new")
    fields = {**form_fields(page.text, "add-measure-form"), "code": "TEK-1", "title": "Igen"}
    again = client.post(f"/catalogs/{cid}/measures/new", data=fields)
    assert again.status_code == 422 and "TEK-1" in again.text and 'value="Igen"' in again.text
    # renumber, move, delete (asked first)
    version = ws.version(cid, SYSTEM).info.number
    moved = client.post(f"/catalogs/{cid}/measures/TEK-2/renumber", data={
        "csrf_token": csrf, "base_version": str(version), "new_code": "TEK-5"})
    assert moved.status_code == 303 and "/measures/TEK-5" in moved.headers["location"]
    up = client.post(f"/catalogs/{cid}/measures/TEK-5/move",
                     data={"csrf_token": csrf, "base_version": str(version + 1),
                           "direction": "up"})
    assert up.status_code == 303
    assert [m.code for m in ws.version(cid, SYSTEM).catalog.measures] == ["TEK-5", "TEK-1"]
    stale = client.post(f"/catalogs/{cid}/measures/TEK-5/move",
                        data={"csrf_token": csrf, "base_version": str(version),
                              "direction": "down"})
    assert stale.status_code == 409
    ask = client.get(f"/catalogs/{cid}/measures/TEK-5/delete")
    assert ask.status_code == 200 and 'id="delete-form"' in ask.text
    gone = client.post(f"/catalogs/{cid}/measures/TEK-5/delete",
                       data=form_fields(ask.text, "delete-form"))
    assert gone.status_code == 303
    assert [m.code for m in ws.version(cid, SYSTEM).catalog.measures] == ["TEK-1"]
    twin = client.get(f"/catalogs/{cid}/measures/new", headers={"Accept": "application/json"})
    assert twin.json()["years"] == [2026, 2027, 2028]


def test_themes_page(ws: Workspace) -> None:
    client, csrf = session_client(ws, "editor")
    cid = int(_new(client, csrf).rsplit("/", 1)[1])
    base = 1
    for data in ({"action": "add", "code": "1", "title": "Veje", "section": "TILTAG"},
                 {"action": "add", "code": "2", "title": "Parker", "section": "TILTAG"},
                 {"action": "rename", "code": "2", "title": "Parker og natur",
                  "section": "TILTAG"},
                 {"action": "rename_section", "section": "TILTAG", "new_name": "FORSLAG"},
                 {"action": "delete", "code": "1"}):
        answer = client.post(f"/catalogs/{cid}/themes",
                             data={"csrf_token": csrf, "base_version": str(base), **data})
        assert answer.status_code == 303, (data, answer.text[:300])
        base += 1
    twin = client.get(f"/catalogs/{cid}/themes", headers={"Accept": "application/json"}).json()
    assert twin["themes"] == [{"code": "2", "title": "Parker og natur", "section": "FORSLAG",
                               "measures": []}]
    page = client.get(f"/catalogs/{cid}/themes")
    assert "Parker og natur" in page.text and 'id="add-theme-form"' in page.text
    bff, bff_csrf = session_client(ws, "bff")
    refused = bff.post(f"/catalogs/{cid}/themes", data={
        "csrf_token": bff_csrf, "base_version": str(base), "action": "delete", "code": "2"})
    assert refused.status_code == 403


def test_new_catalog_for_a_round_department(ws: Workspace) -> None:
    round_id = ws.create_round(BudgetRound(
        "Budget 2026", "Vejle Kommune", (2026, 2027), 2026,
        departments=(Department("TM", "Teknik og Miljø"), Department("BU", "Børn og Unge")),
        keys=(Key("K", "Nøgle", KeyKind.SHARES, {"TM": Decimal(40), "BU": Decimal(60)}),),
        requirements=(Requirement("R", "K", {2026: Decimal(-1000), 2027: Decimal(-2000)}),),
    ), SYSTEM).id
    client, csrf = session_client(ws, "admin")
    assert "Budget 2026" in client.get("/catalogs/new").text
    location = _new(client, csrf, round=str(round_id), round_department="TM", first_year="",
                    last_year="", target="")
    catalog = ws.version(int(location.rsplit("/", 1)[1]), SYSTEM).catalog
    assert catalog.years == (2026, 2027) and catalog.price_base == "2026-PL"
    assert catalog.target == {2026: Decimal(-400), 2027: Decimal(-800)}
    editor, editor_csrf = session_client(ws, "editor")  # linking changes the round: admins
    refused = editor.post("/catalogs/new", data={"csrf_token": editor_csrf, "title": "X",
                                                 "round": str(round_id), "round_department": "TM"})
    assert refused.status_code == 403


def test_bad_new_catalog_forms_say_why(ws: Workspace) -> None:
    client, csrf = session_client(ws, "editor")
    answer = client.post("/catalogs/new", data={"csrf_token": csrf, "title": "",
                                                "first_year": "2026", "last_year": "20x"})
    assert answer.status_code == 422
    assert 'id="err-title"' in answer.text and "kataloget skal have en titel" in answer.text
    answer = client.post("/catalogs/new", data={"csrf_token": csrf, "title": "X",
                                                "first_year": "2026", "last_year": "2027",
                                                "target": "-1; -2; -3"})
    assert answer.status_code == 422
    assert ws.list_catalogs(SYSTEM) == []
    viewer, _ = session_client(ws, "viewer")
    assert viewer.get("/catalogs/new").status_code == 403


def test_an_authored_catalog_publishes(ws: Workspace) -> None:
    client, csrf = session_client(ws, "editor")
    cid = int(_new(client, csrf).rsplit("/", 1)[1])
    _add(client, cid, "TEK-1", "1A", "-1.000")
    stored = ws.version(cid, SYSTEM)
    workbook = publish(stored.catalog, stored.findings, "xlsx", "da")
    assert isinstance(workbook, bytes) and workbook[:2] == b"PK"
    again = load_bytes(workbook, "katalog.xlsx").catalog  # the workbook reads back
    tek = again.measure("TEK-1")
    assert tek is not None and tek.net[2026] == Decimal(-1000)
    assert [row.measure for row in again.overview] == ["TEK-1"]
    pdf = publish(stored.catalog, stored.findings, "pdf", "da")
    assert isinstance(pdf, bytes) and pdf[:5] == b"%PDF-" and len(pdf) > 1000


def test_the_edit_form_renumbers(ws: Workspace) -> None:
    """The code is a field of the edit form too: a new code is one version, and the page moves."""
    client, csrf = session_client(ws, "editor")
    cid = int(_new(client, csrf).rsplit("/", 1)[1])
    _add(client, cid, "TEK-1", "1A", "-100")
    _add(client, cid, "TEK-2", "1A", "-100")
    page = client.get(f"/catalogs/{cid}/measures/TEK-1/edit")
    fields = {**form_fields(page.text, "edit-form"), "code": "TEK-9", "title": "Nyt navn"}
    taken = client.post(f"/catalogs/{cid}/measures/TEK-1/edit", data={**fields, "code": "TEK-2"})
    assert taken.status_code == 422 and "TEK-2" in taken.text
    saved = client.post(f"/catalogs/{cid}/measures/TEK-1/edit", data=fields)
    assert saved.status_code == 303 and "/measures/TEK-9?saved=4" in saved.headers["location"]
    catalog = ws.version(cid, SYSTEM).catalog
    assert [m.code for m in catalog.measures] == ["TEK-9", "TEK-2"]
    assert [row.measure for row in catalog.overview] == ["TEK-9", "TEK-2"]
    assert catalog.overview[0].label == "Nyt navn"
    bff, _ = session_client(ws, "bff")
    ws.add_measure(SYSTEM, cid, replace(catalog.measures[0], code="BFF-1"), base_version=4)
    page = bff.get(f"/catalogs/{cid}/measures/BFF-1/edit")
    fields = {**form_fields(page.text, "edit-form"), "code": "TEK-8"}
    assert bff.post(f"/catalogs/{cid}/measures/BFF-1/edit", data=fields).status_code == 403


def test_the_structure_page_moves_measures(ws: Workspace) -> None:
    client, csrf = session_client(ws, "editor")
    cid = int(_new(client, csrf).rsplit("/", 1)[1])
    _add(client, cid, "TEK-1", "1A", "-100")
    _add(client, cid, "TEK-2", "1A", "-200")
    page = client.get(f"/catalogs/{cid}/themes")
    assert 'id="order-table"' in page.text and f"/catalogs/{cid}/measures/TEK-2/move" in page.text
    down = client.post(f"/catalogs/{cid}/measures/TEK-1/move", data={
        "csrf_token": csrf, "base_version": "3", "direction": "down", "back": "themes"})
    assert down.status_code == 303 and down.headers["location"].startswith(
        f"/catalogs/{cid}/themes")
    catalog = ws.version(cid, SYSTEM).catalog
    assert [m.code for m in catalog.measures] == ["TEK-2", "TEK-1"]
    assert [row.measure for row in catalog.overview] == ["TEK-2", "TEK-1"]  # the overview follows
