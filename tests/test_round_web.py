"""The budget round's pages: the list, the municipality view, its history and the
administrators' forms.

The Aarhus round of the seed (tests/test_round_allocate.py) with the seed catalog linked for
MSB: the page shows MSB's parts (−13.750 and −19.730 in Danish, −13,750 in English), the
residual of the frame cut, the link to the catalog and the status; its JSON twin is the
service's ``round_json``. A form post is a new version with its message; bad input is 422
with the message in the page's language, what was typed kept and nothing stored; a form made
from an older version gets the conflict message; an editor limited to MSB sees MSB only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from omprio import i18n
from omprio.service import rounds as service
from omprio.store.workspace import Workspace
from test_round_allocate import aarhus_round
from web_support import (
    PASSWORD,
    SYSTEM,
    TestClient,
    actor,
    form_fields,
    import_seed,
    session_client,
    user_workspace,
)

MARK = "\u27e6missing:"


@dataclass
class Site:
    ws: Workspace
    round_id: int
    catalog_id: int

    def latest(self) -> int:
        return self.ws.stored_round(self.round_id, SYSTEM).latest


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    with user_workspace("sqlite", tmp_path) as ws:
        catalog_id = import_seed(ws, public=False)
        assert catalog_id == 1  # the round links catalog 1
        ws.add_user("msb", PASSWORD, "editor", "MSB")
        yield Site(ws, ws.create_round(aarhus_round(), SYSTEM, message="oprettet").id,
                   catalog_id)


@pytest.fixture(autouse=True)
def strict(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key the catalogs lack shows as a marker (asserted absent below)."""
    monkeypatch.setattr(i18n, "missing", lambda key: f"{MARK}{key}\u27e7")


def client(site: Site, name: str) -> tuple[TestClient, str]:
    return session_client(site.ws, name)


def cells(html: str, department: str, requirement: str) -> list[str]:
    """The amounts of a department's part of a requirement in the department table."""
    body = html[html.index(f'<tbody data-department="{department}">'):]
    row = body[body.index(f'<tr data-requirement="{requirement}"'):]
    row = row[:row.index("</tr>")]
    return re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row)


def test_the_round_page_shows_msb_s_parts(site: Site) -> None:
    admin, _ = client(site, "admin")
    page = admin.get(f"/rounds/{site.round_id}")
    assert page.status_code == 200 and MARK not in page.text
    assert cells(page.text, "MSB", "Administrative besparelser") == [
        "-13.750", "-13.750", "-13.590", "-13.590"]
    assert cells(page.text, "MSB", "Velfærdspuljen") == ["-19.730"] * 4
    assert 'title="Uafrundet: -13.749,86"' in page.text
    assert "2024-PL, 1.000 kr." in page.text
    assert f'href="/catalogs/{site.catalog_id}"' in page.text
    assert "opfyldt" in page.text and "intet katalog" in page.text
    assert "28,4 %" in page.text  # the administrative key's share of MSB
    assert "-9.094" in page.text  # the residual MSB-1
    assert '<svg class="chart"' in page.text
    assert 'id="share"' in page.text and 'id="link"' in page.text  # the admin's forms
    english = admin.get(f"/rounds/{site.round_id}?lang=en")
    assert english.status_code == 200 and MARK not in english.text
    assert '<html lang="en">' in english.text
    assert cells(english.text, "MSB", "Administrative besparelser")[0] == "-13,750"
    assert "2024 price level, 1.000 kr." in english.text and "met" in english.text


def test_a_viewer_reads_every_page_and_sees_no_form(site: Site) -> None:
    viewer, csrf = client(site, "viewer")
    for url in ("/rounds", f"/rounds/{site.round_id}", f"/rounds/{site.round_id}/history"):
        for lang in ("da", "en"):
            page = viewer.get(f"{url}?lang={lang}")
            assert page.status_code == 200, (url, page.text[:300])
            assert MARK not in page.text, url
            assert "<form" not in page.text.split("<main", 1)[1], url
    listing = viewer.get("/rounds?lang=da")
    assert "Budget 2024" in listing.text and "2024-2027" in listing.text
    refused = viewer.post(f"/rounds/{site.round_id}/share",
                          data={"csrf_token": csrf, "key": "ADM", "department": "MSB",
                                "share": "30"})
    assert refused.status_code == 403
    assert site.latest() == 1
    assert 'href="/rounds"' in viewer.get("/").text  # the navigation


def test_the_json_twin_is_round_json(site: Site) -> None:
    viewer, _ = client(site, "viewer")
    for lang in ("da", "en"):
        answer = viewer.get(f"/rounds/{site.round_id}?lang={lang}",
                            headers={"Accept": "application/json"})
        assert answer.status_code == 200
        view = service.view_round(site.ws, site.round_id, actor(site.ws, "viewer"), lang=lang)
        expected = service.round_json(view, lang)
        assert answer.json() == expected
    history = viewer.get(f"/rounds/{site.round_id}/history",
                         headers={"Accept": "application/json"}).json()
    assert [(v["number"], v["author"], v["message"]) for v in history] == [
        (1, "tests", "oprettet")]
    listing = viewer.get("/rounds", headers={"Accept": "application/json"}).json()
    assert listing[0]["id"] == site.round_id and listing[0]["versions"] == 1


def test_a_form_post_is_a_new_version_with_its_message(site: Site) -> None:
    admin, _ = client(site, "admin")
    page = admin.get(f"/rounds/{site.round_id}")
    fields = form_fields(page.text, "share")
    assert fields["base_version"] == "1"
    fields.update(key="ADM", department="MSB", share="30,1", message="Ny nøgle efter forhandling")
    answer = admin.post(f"/rounds/{site.round_id}/share", data=fields)
    assert answer.status_code == 303, answer.text[:300]
    assert answer.headers["location"].startswith(f"/rounds/{site.round_id}?saved=2")
    shown = admin.get(answer.headers["location"])
    assert "Gemt som version 2." in shown.text
    assert "30,1 %" in shown.text
    history = site.ws.round_history(site.round_id, SYSTEM)
    assert (history[0].number, history[0].author, history[0].message) == (
        2, "admin", "Ny nøgle efter forhandling")
    assert "Ny nøgle efter forhandling" in admin.get(f"/rounds/{site.round_id}/history").text
    older = admin.get(f"/rounds/{site.round_id}?version=1").text
    assert "Du ser version 1, ikke den nyeste." in older and 'id="share"' not in older
    assert cells(older, "MSB", "Administrative besparelser")[0] == "-13.750"
    # A requirement typed the English way on the English page.
    fields = form_fields(admin.get(f"/rounds/{site.round_id}?lang=en").text, "requirement")
    fields.update({"name": "Ekstra", "key": "ADM", "amount-2024": "-1,000.5",
                   "amount-2025": "-2,000"})
    answer = admin.post(f"/rounds/{site.round_id}/requirement?lang=en", data=fields)
    assert answer.status_code == 303, answer.text[:300]
    added = site.ws.stored_round(site.round_id, SYSTEM).budget_round.requirement("Ekstra")
    assert added is not None and str(added.amounts[2024]) == "-1000.5"
    assert 2026 not in added.amounts and not added.frame_cut


def test_a_new_round_from_the_list(site: Site) -> None:
    admin, csrf = client(site, "admin")
    assert 'id="new-round"' in admin.get("/rounds").text
    answer = admin.post("/rounds", data={"csrf_token": csrf, "name": "Budget 2025",
                                         "period": "2025-2028", "price_level": "2025",
                                         "unit": "1.000 kr.", "municipality": "Aarhus"})
    assert answer.status_code == 303
    new_id = int(answer.headers["location"].split("?")[0].rsplit("/", 1)[1])
    created = site.ws.stored_round(new_id, SYSTEM).budget_round
    assert created.years == (2025, 2026, 2027, 2028) and created.price_level == 2025
    bad = admin.post("/rounds", data={"csrf_token": csrf, "name": "X", "period": "2027-2024",
                                      "price_level": "2025"})
    assert bad.status_code == 422 and "2027-2024" in bad.text
    assert 'value="X"' in bad.text  # what was typed is kept
    assert len(site.ws.rounds(SYSTEM)) == 2


@pytest.mark.parametrize(("lang", "message"), [
    ("da", "skal ligge mellem 0 og 100 %"),
    ("en", "must be between 0 and 100"),
])
def test_bad_input_is_422_with_the_message_and_nothing_is_stored(
        site: Site, lang: str, message: str) -> None:
    admin, _ = client(site, "admin")
    fields = form_fields(admin.get(f"/rounds/{site.round_id}?lang={lang}").text, "share")
    fields.update(key="ADM", department="MSB", share="101", message="for meget")
    answer = admin.post(f"/rounds/{site.round_id}/share?lang={lang}", data=fields)
    assert answer.status_code == 422
    error = re.search(r'class="notice error" role="alert">([^<]*)<', answer.text)
    assert error is not None and message in error.group(1), error
    assert f'<html lang="{lang}">' in answer.text
    kept = form_fields(answer.text, "share")
    assert kept["share"] == "101" and kept["message"] == "for meget"
    assert site.latest() == 1
    # A share that is no number, in the page's language.
    fields.update(share="abc")
    answer = admin.post(f"/rounds/{site.round_id}/share?lang={lang}", data=fields)
    assert answer.status_code == 422
    assert ("»MSB=abc«" if lang == "da" else "“MSB=abc”") in answer.text
    assert site.latest() == 1


def test_a_stale_form_gets_the_conflict_message(site: Site) -> None:
    admin, _ = client(site, "admin")
    page = admin.get(f"/rounds/{site.round_id}").text
    first = form_fields(page, "share")
    second = form_fields(page, "department")
    first.update(key="ADM", department="MSB", share="29")
    assert admin.post(f"/rounds/{site.round_id}/share", data=first).status_code == 303
    second.update(code="MSB", name="Sociale Forhold og Beskæftigelse")
    answer = admin.post(f"/rounds/{site.round_id}/department", data=second)
    assert answer.status_code == 409
    assert "er ændret siden version 1 (nu version 2)" in answer.text
    assert form_fields(answer.text, "department")["name"] == "Sociale Forhold og Beskæftigelse"
    assert form_fields(answer.text, "department")["base_version"] == "2"
    assert site.latest() == 2


def test_an_editor_limited_to_msb_sees_msb_only(site: Site) -> None:
    msb, _ = client(site, "msb")
    page = msb.get(f"/rounds/{site.round_id}")
    assert page.status_code == 200
    assert '<tbody data-department="MSB">' in page.text
    assert '<tbody data-department="MBU">' not in page.text
    assert 'id="limited"' in page.text and "dine driftsområder" in page.text
    twin = msb.get(f"/rounds/{site.round_id}", headers={"Accept": "application/json"}).json()
    assert [d["code"] for d in twin["departments"]] == ["MSB"]
    assert twin["all_departments"] is False


def test_a_link_form_links_a_catalog(site: Site) -> None:
    admin, _ = client(site, "admin")
    fields = form_fields(admin.get(f"/rounds/{site.round_id}").text, "link")
    fields.update({"catalog": str(site.catalog_id), "department": "MBU",
                   "requirement": "Velfærdspuljen", "section-1": "", "message": "MBU"})
    answer = admin.post(f"/rounds/{site.round_id}/link", data=fields)
    assert answer.status_code == 303, answer.text[:400]
    links = site.ws.stored_round(site.round_id, SYSTEM).budget_round.links
    assert [(k.catalog_id, k.department) for k in links] == [(site.catalog_id, "MBU")]
    fields.update(requirement="")
    fields.pop("requirement")
    refused = admin.post(f"/rounds/{site.round_id}/link", data=fields)
    assert refused.status_code == 422 and "mindst ét sparekrav" in refused.text
    fields.update(requirement="Velfærdspuljen", catalog="99")
    missing = admin.post(f"/rounds/{site.round_id}/link", data=fields)
    assert missing.status_code == 422 and "kataloget 99 findes ikke" in missing.text
    assert admin.post("/rounds/99/link", data=fields).status_code == 404
    assert len(site.ws.round_history(site.round_id, SYSTEM)) == 2


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_change_links_fill_the_forms_with_what_is_stored(site: Site, lang: str) -> None:
    """``?key=ADM`` and ``?requirement=…`` fill the forms with the stored key and requirement
    in the page's language; posted unchanged, they change nothing."""
    admin, _ = client(site, "admin")
    page = admin.get(f"/rounds/{site.round_id}?lang={lang}&key=ADM"
                     "&requirement=Administrative+besparelser").text
    key = form_fields(page, "key")
    assert key["code"] == "ADM" and key["share-MSB"] == ("28,4" if lang == "da" else "28.4")
    answer = admin.post(f"/rounds/{site.round_id}/key?lang={lang}", data=key)
    assert answer.status_code == 303 and "unchanged=1" in answer.headers["location"]
    requirement = form_fields(page, "requirement")
    assert requirement["amount-2024"] == ("-48.415" if lang == "da" else "-48,415")
    assert requirement["frame_cut"] == "1"
    requirement["key"] = "ADM"
    answer = admin.post(f"/rounds/{site.round_id}/requirement?lang={lang}", data=requirement)
    assert answer.status_code == 303 and "unchanged=1" in answer.headers["location"]
    assert site.latest() == 1


def test_keys_from_base_figures_and_mixed_keys(site: Site) -> None:
    admin, _ = client(site, "admin")
    fields = form_fields(admin.get(f"/rounds/{site.round_id}").text, "key")
    fields.update({"code": "GRUND", "name": "Serviceudgifter", "kind": "base",
                   "share-MSB": "3.000", "share-MBU": "1.000,5"})
    answer = admin.post(f"/rounds/{site.round_id}/key", data=fields)
    assert answer.status_code == 303, answer.text[:300]
    base = site.ws.stored_round(site.round_id, SYSTEM).budget_round.key("GRUND")
    assert base is not None and base.kind.value == "base"
    assert {c: str(v) for c, v in base.values.items()} == {"MBU": "1000.5", "MSB": "3000"}
    fields = form_fields(admin.get(answer.headers["location"]).text, "mix")
    fields.update({"code": "MIX", "weight-ADM": "50", "weight-GRUND": "40"})
    refused = admin.post(f"/rounds/{site.round_id}/mix", data=fields)
    assert refused.status_code == 422 and "giver 90 %, ikke 100 %" in refused.text
    fields["weight-GRUND"] = "50"
    assert admin.post(f"/rounds/{site.round_id}/mix", data=fields).status_code == 303
    page = admin.get(f"/rounds/{site.round_id}?key=MIX").text
    assert 'data-key="MIX"' in page and "Blanding af nøgler" in page
    assert form_fields(page, "mix")["weight-GRUND"] == "50"
    assert site.latest() == 3


def test_every_word_made_from_a_code_is_in_the_catalogs() -> None:
    from omprio.rounds.model import KeyKind
    from omprio.rounds.status import Standing
    from omprio.web.views.rounds import NOTES

    keys = [*(f"round.page.kind.{k.value}" for k in KeyKind),
            *(f"round.standing.{s.value}" for s in Standing),
            *(f"round.page.note.{note}" for note in NOTES)]
    assert [key for key in keys if not i18n.has(key)] == []


def test_a_refused_designated_form_keeps_its_choices(site: Site) -> None:
    admin, _ = client(site, "admin")
    fields = form_fields(admin.get(f"/rounds/{site.round_id}").text, "designated")
    fields.update({"department": "MBU", "requirement": "Administrative besparelser",
                   "amount-2024": "-1.000", "amount-2025": "mange"})
    answer = admin.post(f"/rounds/{site.round_id}/designated", data=fields)
    assert answer.status_code == 422 and "»2025=mange«" in answer.text
    form = answer.text[answer.text.index('id="designated"'):]
    form = form[:form.index("</form>")]
    assert '<option value="MBU" selected>' in form
    assert '<option value="Administrative besparelser" selected>' in form
    assert 'value="mange"' in form and 'value="-1.000"' in form
    assert site.latest() == 1


INDEX_CSV = "år;løn;øvrige\n2024;100;100\n2025;104,1;102,3\n2026;107,9;104,6\n2027;111,6;106,9\n"


def test_an_index_is_kept_and_the_round_shown_at_another_price_level(site: Site) -> None:
    admin, _ = client(site, "admin")
    page = admin.get(f"/rounds/{site.round_id}")
    assert "intet pris- og lønindeks" in page.text
    refused = admin.get(f"/rounds/{site.round_id}?price_level=2025")
    assert refused.status_code == 422 and "pris- og lønindeks" in refused.text
    fields = form_fields(page.text, "index")
    fields.update(wage_share="65", message="KL's skøn")
    answer = admin.post(f"/rounds/{site.round_id}/index", data=fields,
                        files={"index": ("pl.csv", INDEX_CSV.encode(), "text/csv")})
    assert answer.status_code == 303, answer.text[:300]
    kept = site.ws.stored_round(site.round_id, SYSTEM).budget_round
    assert kept.index is not None and str(kept.wage_share) == "0.65"
    shown = admin.get(f"/rounds/{site.round_id}?price_level=2025")
    assert shown.status_code == 200
    assert "Vist i 2025-PL, omregnet fra 2024-PL" in shown.text
    assert 'id="share"' not in shown.text  # changes are made at the round's own level
    part = cells(shown.text, "MSB", "Velfærdspuljen")[0]
    assert part != "-19.730" and part.startswith("-20.")
    twin = admin.get(f"/api/v1/rounds/{site.round_id}?price_level=2025",
                     headers={"Authorization": f"Bearer {site.ws.create_token('admin')}"})
    assert twin.status_code == 200 and twin.json()["price_level"] == 2025
    empty = form_fields(admin.get(f"/rounds/{site.round_id}").text, "index")
    answer = admin.post(f"/rounds/{site.round_id}/index", data=empty,
                        files={"index": ("pl.csv", b"aar;x\n2024;1\n", "text/csv")})
    assert answer.status_code == 422
    assert site.ws.stored_round(site.round_id, SYSTEM).latest == 2


def test_a_linked_catalog_s_target_is_set_from_the_page(site: Site) -> None:
    admin, csrf = client(site, "admin")
    site.ws.change_round(site.round_id, service.requirement(
        "Velfærdspuljen", "VEL", dict.fromkeys((2024, 2025, 2026, 2027),
                                               Decimal(-76000))), SYSTEM)
    page = admin.get(f"/rounds/{site.round_id}")
    assert "Sæt måltal fra runden" in page.text and "Tilknyttede kataloger" in page.text
    answer = admin.post(f"/rounds/{site.round_id}/target",
                        data={"csrf_token": csrf, "catalog": str(site.catalog_id)})
    assert answer.status_code == 303, answer.text[:300]
    assert "target_set=2" in answer.headers["location"]
    target = site.ws.version(site.catalog_id, SYSTEM).catalog.target
    assert set(target.values()) == {Decimal(-19993)}
    viewer, viewer_csrf = client(site, "viewer")
    assert "Sæt måltal fra runden" not in viewer.get(f"/rounds/{site.round_id}").text
    refused = viewer.post(f"/rounds/{site.round_id}/target",
                          data={"csrf_token": viewer_csrf, "catalog": str(site.catalog_id)})
    assert refused.status_code == 403
    wrong = admin.post(f"/rounds/{site.round_id}/target", data={"csrf_token": csrf,
                                                                 "catalog": "77"})
    assert wrong.status_code == 422 and "er ikke knyttet" in wrong.text


def test_the_page_lists_an_introduction_that_is_not_msb_s_part(site: Site) -> None:
    admin, _ = client(site, "admin")
    assert "skal spare ca. 13,7 mio. kr." not in admin.get(f"/rounds/{site.round_id}").text
    fields = form_fields(admin.get(f"/rounds/{site.round_id}").text, "share")
    fields.update(key="ADM", department="MSB", share="20", message="MSB 20 %")
    assert admin.post(f"/rounds/{site.round_id}/share", data=fields).status_code == 303
    page = admin.get(f"/rounds/{site.round_id}").text
    findings = page[page.index('id="findings"'):]
    assert "Indledningen til" in findings and "skal spare ca. 13,7 mio. kr." in findings
    assert "-9.683" in findings  # 20 % of -48.415
    twin = admin.get(f"/rounds/{site.round_id}", headers={"Accept": "application/json"}).json()
    assert [f["year"] for f in twin["findings"] if f["rule"] == "round-intro"] == [2024]
