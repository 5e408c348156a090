"""The making of a catalog end to end without a browser (issue 13), on SQLite and PostgreSQL:
the finance office creates an empty catalog, an editor limited to BFF proposes two measures
(their drafts, outside the catalog's totals, unseen by another area), submits them, may not
accept them; the finance office accepts one and rejects the other with a reason, and the
catalog's totals are then exactly the accepted one's. The same through the pages (forms posted
with the TestClient) and the REST API; a Word measure form uploaded for an existing catalog by
an area editor becomes their draft."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from omprio.model import ACCEPTED, Catalog, Line, Measure, Source, in_catalog
from omprio.publish.word_form import measure_form
from omprio.read.word_form import catalog_frame
from omprio.store.accounts import Actor
from omprio.store.catalog_changes import NewCatalog
from omprio.store.errors import Forbidden, InvalidInput, NotFound
from omprio.store.workspace import Workspace
from web_support import PASSWORD, SYSTEM, TestClient, bearer, csrf_of, session_client
from word_support import Filled, fill_form

D = Decimal
YEARS = (2025, 2026, 2027, 2028)
NEW = NewCatalog(title="Nyt katalog", years=YEARS, department="Børn og Familie",
                 price_base="2025-PL", target=dict.fromkeys(YEARS, D(-3000)))


def _actor(ws: Workspace, name: str) -> Actor:
    found = ws.authenticate(name, PASSWORD)
    assert found is not None
    return found


def _measure(code: str, net: str) -> Measure:
    amounts = dict.fromkeys(YEARS, D(net))
    return Measure(code=code, theme="", title=f"Forslag {code}", description="Kortere tider.",
                   lines=(Line("Drift", amounts, Source("")),), adjustments=(), net=amounts,
                   fte={}, sector=None, area_budget=None, stated_savings_pct=None, notes=(),
                   source=Source(""))


def _total(catalog: Catalog) -> dict[int, Decimal]:
    """The grand total of the catalog as it stands (its accepted measures)."""
    stands = in_catalog(catalog)
    grand = [t for t in stands.overview_totals if t.section is None and t.theme is None]
    return dict(grand[-1].amounts)


def _status(ws: Workspace, cid: int, code: str) -> str:
    measure = ws.version(cid, SYSTEM).catalog.measure(code)
    assert measure is not None, code
    return measure.status


def test_the_flow_in_the_workspace(workspace: Workspace) -> None:
    ws = workspace
    ws.add_user("vjh", PASSWORD, "editor", "VJH")
    office, bff, other, viewer = (_actor(ws, n) for n in ("admin", "bff", "vjh", "viewer"))
    cid = ws.create_catalog(office, NEW).info.catalog_id
    # While BFF types, the preview says it becomes a draft and the total stays.
    stands, findings, status = ws.preview_add_measure(bff, cid, _measure("BFF-1", "-1250"))
    assert status == "draft" and _total(stands) == dict.fromkeys(YEARS, D(0))
    assert all(f.measure != "BFF-1" or not f.is_error for f in findings)
    # The finance office's preview counts the measure in.
    stands, _, status = ws.preview_add_measure(office, cid, _measure("BFF-1", "-1250"))
    assert status == ACCEPTED and _total(stands) == dict.fromkeys(YEARS, D(-1250))

    first = ws.add_measure(bff, cid, _measure("BFF-1", "-1250"), base_version=1)
    second = ws.add_measure(bff, cid, _measure("BFF-2", "-800.5"),
                            base_version=first.info.number)
    assert [m.status for m in second.catalog.measures] == ["draft", "draft"]
    assert _total(second.catalog) == dict.fromkeys(YEARS, D(0))
    # The author sees their drafts; another area and the team do not.
    assert [m.code for m in ws.version(cid, bff).catalog.measures] == ["BFF-1", "BFF-2"]
    assert ws.version(cid, other).catalog.measures == ()
    assert ws.version(cid, viewer).catalog.measures == ()
    with pytest.raises(NotFound):
        ws.set_status(cid, "BFF-1", "submitted", other, base_version=second.info.number)

    latest = second.info.number
    for code in ("BFF-1", "BFF-2"):
        latest = ws.set_status(cid, code, "submitted", bff, base_version=latest).info.number
    with pytest.raises(Forbidden):  # an area editor does not accept
        ws.set_status(cid, "BFF-1", ACCEPTED, bff, base_version=latest)
    with pytest.raises(Forbidden):  # nor does another area's editor, who now sees it
        ws.set_status(cid, "BFF-1", ACCEPTED, other, base_version=latest)
    assert [m.status for m in ws.version(cid, viewer).catalog.measures] == ["submitted"] * 2
    latest = ws.set_status(cid, "BFF-1", ACCEPTED, office, base_version=latest).info.number
    with pytest.raises(InvalidInput):  # a rejection needs its reason
        ws.set_status(cid, "BFF-2", "rejected", office, base_version=latest)
    decided = ws.set_status(cid, "BFF-2", "rejected", office, base_version=latest,
                            reason="For dyrt i forhold til effekten")
    assert _total(decided.catalog) == dict.fromkeys(YEARS, D(-1250))
    seen = ws.version(cid, viewer).catalog.measure("BFF-2")
    assert seen is not None and seen.status == "rejected"
    assert seen.status_reason == "For dyrt i forhold til effekten"
    # What the finance office adds itself is in the catalog at once.
    ws.add_measure(office, cid, _measure("BFF-3", "-10"), base_version=decided.info.number)
    assert _status(ws, cid, "BFF-3") == ACCEPTED


def _base(html: str) -> str:
    match = re.search(r'name="base_version" value="(\d+)"', html)
    assert match is not None
    return match.group(1)


def _total_row(html: str) -> str:
    """The cells of the catalog page's "Alle tiltag, netto i alt" row, as text."""
    row = re.search(r"Alle tiltag, netto i alt</th>(.*?)</tr>", html, re.S)
    assert row is not None
    return " ".join(re.findall(r'<td class="num[^"]*">([^<]*)</td>', row.group(1)))


def test_the_flow_through_the_pages(workspace: Workspace) -> None:
    ws = workspace
    ws.add_user("vjh", PASSWORD, "editor", "VJH")
    office, _ = session_client(ws, "admin")
    page = office.get("/catalogs/new")
    created = office.post("/catalogs/new", data={
        "csrf_token": csrf_of(page.text), "title": "Nyt katalog", "first_year": "2025",
        "last_year": "2028", "price_base": "2025-PL", "target": "-3.000; -3.000; -3.000; -3.000"})
    assert created.status_code == 303, created.text
    cid = int(created.headers["location"].rsplit("/", 1)[1])

    area, _ = session_client(ws, "bff")
    for code, net in (("BFF-1", "-1.250"), ("BFF-2", "-800,5")):
        form = area.get(f"/catalogs/{cid}/measures/new")
        assert form.status_code == 200
        data = {"csrf_token": csrf_of(form.text), "base_version": _base(form.text),
                "code": code, "title": f"Forslag {code}", "description": "Kortere tider.",
                **{f"net-{year}": net for year in YEARS}}
        check = area.post(f"/catalogs/{cid}/measures/new/check", data=data)
        assert 'id="check-draft"' in check.text and "-1.250" not in check.text
        added = area.post(f"/catalogs/{cid}/measures/new", data=data)
        assert added.status_code == 303, added.text
        shown = area.get(added.headers["location"])
        assert "Udkast" in shown.text and "oprindeligt" not in shown.text
    catalog = area.get(f"/catalogs/{cid}").text
    assert _total_row(catalog) == "0 0 0 0"
    assert catalog.count(">Udkast<") >= 2
    other, _ = session_client(ws, "vjh")
    assert "BFF-1" not in other.get(f"/catalogs/{cid}").text
    assert other.get(f"/catalogs/{cid}/measures/BFF-1").status_code == 404

    def status(client: TestClient, code: str, new: str, reason: str = "") -> int:
        shown = client.get(f"/catalogs/{cid}/measures/{code}").text
        answer = client.post(f"/catalogs/{cid}/measures/{code}/status", data={
            "csrf_token": csrf_of(shown), "base_version": _base(shown), "status": new,
            "reason": reason})
        code_of: int = answer.status_code
        return code_of

    assert status(area, "BFF-1", "submitted") == 303
    assert status(area, "BFF-2", "submitted") == 303
    assert 'value="accepted"' not in area.get(f"/catalogs/{cid}/measures/BFF-1").text
    assert status(area, "BFF-1", "accepted") == 403
    assert status(office, "BFF-1", "accepted") == 303
    assert status(office, "BFF-2", "rejected") == 422  # without its reason
    assert status(office, "BFF-2", "rejected", "For dyrt") == 303
    for client in (office, area, session_client(ws, "viewer")[0]):
        page_text = client.get(f"/catalogs/{cid}").text
        assert _total_row(page_text) == "-1.250 -1.250 -1.250 -1.250"
        row = re.search(r"<tr><td><a [^>]*>BFF-2</a>.*?</tr>", page_text, re.S)
        assert row is not None and "Afvist" in row.group(0) and "For dyrt" in row.group(0)


def test_an_area_editors_measure_through_the_api_is_a_draft(workspace: Workspace) -> None:
    from web_support import make_client

    ws = workspace
    client = make_client(ws)
    office = bearer(ws.create_token("admin"))
    new = {"title": "Nyt katalog", "years": list(YEARS), "price_base": "2025-PL",
           "unit": "1.000 kr."}
    cid = client.post("/api/v1/catalogs", json=new, headers=office).json()["id"]
    measure = {"code": "BFF-1", "title": "Forslag", "lines": [
        {"label": "Drift", "amounts": {str(y): -1250 for y in YEARS}}],
        "net": {str(y): -1250 for y in YEARS}}
    added = client.post(f"/api/v1/catalogs/{cid}/measures", headers=bearer(
        ws.create_token("bff")), json={"base_version": 1, "measure": measure})
    assert added.status_code == 201, added.text
    assert _status(ws, cid, "BFF-1") == "draft"
    assert _total(ws.version(cid, SYSTEM).catalog) == dict.fromkeys(YEARS, D(0))
    by_office = client.post(f"/api/v1/catalogs/{cid}/measures", headers=office, json={
        "base_version": 2, "measure": {**measure, "code": "BFF-2"}})
    assert by_office.status_code == 201, by_office.text
    assert _status(ws, cid, "BFF-2") == ACCEPTED


def _form(catalog: Catalog, code: str) -> bytes:
    return fill_form(measure_form(catalog_frame(catalog)), Filled(
        fields={"Kode": code, "Tema": "1", "Titel": f"Forslag {code} fra Word"},
        description=["Færre vikarer."], lines=[("Vikarer", ["-1.250"] * len(YEARS))],
        net=["-1.250"] * len(YEARS), fte=["-2"] * len(YEARS)))


def test_a_word_form_for_a_catalog_by_an_area_editor_is_their_draft(
        workspace: Workspace) -> None:
    ws = workspace
    office, bff = _actor(ws, "admin"), _actor(ws, "bff")
    stored = ws.create_catalog(office, NEW)
    cid = stored.info.catalog_id
    # Through the workspace (what omprio import FORM.docx --catalog ID calls) ...
    ws.import_document(_form(stored.catalog, "BFF-1"), "tiltag.docx", bff, catalog_id=cid)
    assert _status(ws, cid, "BFF-1") == "draft"
    # ... and the import page with the catalog as its target.
    area, _ = session_client(ws, "bff")
    page = area.get("/import")
    assert f'<option value="{cid}"' in page.text
    answer = area.post("/import", data={"csrf_token": csrf_of(page.text), "catalog": str(cid)},
                       files={"file": ("tiltag.docx", _form(stored.catalog, "BFF-2"))})
    assert answer.status_code == 303, answer.text
    assert _status(ws, cid, "BFF-2") == "draft"
    assert [m.code for m in ws.version(cid, bff).catalog.measures] == ["BFF-1", "BFF-2"]
    assert _total(ws.version(cid, SYSTEM).catalog) == dict.fromkeys(YEARS, D(0))
    # The finance office's form is in the catalog at once.
    ws.import_document(_form(stored.catalog, "BFF-3"), "tiltag.docx", office, catalog_id=cid)
    assert _status(ws, cid, "BFF-3") == ACCEPTED
