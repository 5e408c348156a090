"""The measure form's downloads: the catalog page and the round page link to a blank form in
Word for their years, price level and unit, and what is downloaded, filled in, reads back as a
measure of that catalog."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from omprio.read.word_form import read_form, read_form_for
from omprio.rounds.model import BudgetRound
from omprio.vocabulary.word_form import FORMAT, FormFrame
from web_support import SYSTEM, import_seed, session_client, user_workspace
from word_support import Filled, economics_table, fill_form


def test_the_catalog_page_offers_the_form_and_it_reads_back_for_that_catalog(
        tmp_path: Path) -> None:
    with user_workspace("sqlite", tmp_path) as ws:
        cid = import_seed(ws, public=False)
        client, _ = session_client(ws, "viewer")
        page = client.get(f"/catalogs/{cid}")
        assert f'href="/catalogs/{cid}/tiltag.docx"' in page.text
        assert "Skabelon til nyt tiltag (Word)" in page.text
        response = client.get(f"/catalogs/{cid}/tiltag.docx")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(
            "application/vnd.openxmlformats-officedocument.wordprocessingml")
        assert "attachment" in response.headers["content-disposition"]
        document = docx.Document(io.BytesIO(response.content))
        assert document.core_properties.category == FORMAT
        filled = fill_form(response.content, Filled(
            fields={"Kode": "VJH-9", "Tema": "3A", "Titel": "Nyt tilbud"},
            lines=[("Nyt tilbud", ["-100", "-100", "-100", "-100"])], fte=["0"] * 4))
        catalog = ws.version(cid, SYSTEM).catalog
        measure, findings = read_form_for(filled, "tiltag.docx", catalog)
        assert findings == [] and measure.net == dict.fromkeys(catalog.years, -100)
        english = client.get(f"/catalogs/{cid}/tiltag.docx", params={"lang": "en"})
        assert "Description of the measure" in [
            p.text for p in docx.Document(io.BytesIO(english.content)).paragraphs]
        anonymous, _ = session_client(ws, None)
        assert anonymous.get(f"/catalogs/{cid}/tiltag.docx").status_code in (303, 404)


def test_the_round_page_offers_a_form_for_the_rounds_years(tmp_path: Path) -> None:
    with user_workspace("sqlite", tmp_path) as ws:
        stored = ws.create_round(BudgetRound("Budget 2026", "Vejle Kommune",
                                             (2026, 2027, 2028, 2029), 2026), SYSTEM)
        client, _ = session_client(ws, "viewer")
        page = client.get(f"/rounds/{stored.id}")
        assert f'href="/rounds/{stored.id}/tiltag.docx"' in page.text
        response = client.get(f"/rounds/{stored.id}/tiltag.docx")
        assert response.status_code == 200
        document = docx.Document(io.BytesIO(response.content))
        assert [c.text for c in economics_table(document).rows[0].cells][1:] == [
            "2026", "2027", "2028", "2029"]
        filled = fill_form(response.content, Filled(
            fields={"Kode": "MSB-3", "Tema": "2", "Titel": "Nyt"},
            lines=[("Nyt", ["-1", "-1", "-1", "-1"])]))
        measure, _ = read_form(filled, "t.docx",
                               FormFrame((2026, 2027, 2028, 2029), "2026-PL", "1.000 kr."))
        assert measure.price_base == "2026-PL"
