"""Hostile text fields (issue 9, items 7 and 10): the same limits and characters at every entry.

A 299-character title and a ``\\x01`` in a description are refused by the web upload, the API
upload, ``omprio import``, the API PATCH (an administrator and the BFF area editor alike) and the
edit form, each with a clear message in the reader's language, and nothing is stored. A catalog
stored before these checks (its rows written directly) still publishes as Word, Excel and PDF,
with long titles cut only in the document properties. Look-alike codes are refused by the API
(the ``code-characters`` finding itself is in ``test_checks.py``). CSV cells a spreadsheet would
run as a formula are escaped while amounts stay plain.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from docx import Document as open_docx
from openpyxl import load_workbook
from sqlalchemy import select, update

from bounds import HANG
from conftest import run_omprio
from omprio.interchange import catalog_to_json
from omprio.publish.csv_export import spreadsheet_text
from omprio.publish.excel import catalog_xlsx
from omprio.publish.word import catalog_docx
from omprio.read import load_bytes
from omprio.store.errors import InvalidInput
from omprio.store.schema import MeasureBlob, VersionMeasure, VersionRow
from omprio.store.workspace import Workspace
from omprio.web.app import create_app
from web_support import (
    SECRET_KEY,
    SEED_BYTES,
    SYSTEM,
    TestClient,
    bearer,
    counts,
    error_of,
    form_fields,
    import_seed,
    live_server,
    session_client,
    user_workspace,
)

LONG_TITLE = "Omprioriteringskatalog " + "x" * 276  # 299 characters
assert len(LONG_TITLE) == 299


def _export(**change: Any) -> bytes:
    """The seed as omprio JSON with the catalog's ``title`` or BFF-1's ``description`` or the
    codes of BFF-2, BFF-3A and BFF-4 (``codes``) changed."""
    document = catalog_to_json(load_bytes(SEED_BYTES, "seed.txt").catalog)
    if "title" in change:
        document["title"] = change["title"]
    for measure in document["measures"]:
        if measure["code"] == "BFF-1" and "description" in change:
            measure["description"] = change["description"]
        if measure["code"] in change.get("codes", {}):
            measure["code"] = change["codes"][measure["code"]]
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


# (the upload, the Danish words of its refusal, the English words)
HOSTILE = {
    "long-title": (_export(title=LONG_TITLE), "har 299 tegn; højst 200", "has 299 characters"),
    "control-character": (_export(description="a\x01b"), "tegnet U+0001", "character U+0001"),
}
LOOK_ALIKES = {
    "zero-width-space": {"BFF-2": "BFF-1\u200b"},
    "right-to-left-override": {"BFF-3A": "\u202eBFF-3A"},
    "cyrillic-ve": {"BFF-4": "\u0412FF-9"},
}


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with user_workspace("sqlite", tmp_path_factory.mktemp("hostile-fields")) as workspace:
        yield workspace


@pytest.fixture(scope="module")
def cid(ws: Workspace) -> int:
    return import_seed(ws, public=True)


@pytest.fixture(scope="module")
def api(ws: Workspace) -> Iterator[TestClient]:
    with TestClient(create_app(ws, secret_key=SECRET_KEY)) as client:
        yield client


@pytest.fixture(scope="module")
def tokens(ws: Workspace) -> dict[str, str]:
    return {name: ws.create_token(name) for name in ("admin", "bff")}


@pytest.fixture(scope="module")
def bff(ws: Workspace) -> Iterator[tuple[TestClient, str]]:
    client, csrf = session_client(ws, "bff")
    yield client, csrf
    client.close()


# --- entry: upload, API, CLI ----------------------------------------------------------------


@pytest.mark.parametrize("case", HOSTILE)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_web_upload_refuses_hostile_texts_in_the_page_language(
        ws: Workspace, bff: tuple[TestClient, str], case: str, lang: str) -> None:
    client, csrf = bff
    data, danish, english = HOSTILE[case]
    before = counts(ws)
    response = client.post(f"/import?lang={lang}", data={"csrf_token": csrf},
                           files={"file": ("hostile.json", data, "application/json")})
    assert response.status_code == 422, response.text[:300]
    assert (danish if lang == "da" else english) in response.text
    assert counts(ws) == before


@pytest.mark.parametrize("case", HOSTILE)
def test_the_api_upload_refuses_hostile_texts(
        ws: Workspace, api: TestClient, tokens: dict[str, str], case: str) -> None:
    data, _danish, english = HOSTILE[case]
    before = counts(ws)
    start = time.monotonic()
    response = api.post("/api/v1/catalogs", headers=bearer(tokens["admin"]),
                        files={"file": ("hostile.json", data, "application/json")})
    assert time.monotonic() - start < HANG  # refused after reading, before any checking
    assert response.status_code == 422, response.text[:300]
    assert english in error_of(response)["message"]
    assert counts(ws) == before


@pytest.mark.parametrize("case", HOSTILE)
def test_omprio_import_refuses_hostile_texts(tmp_path: Path, case: str) -> None:
    data, danish, _english = HOSTILE[case]
    path = tmp_path / "hostile.json"
    path.write_bytes(data)
    result = run_omprio("import", path, "--db", f"sqlite:///{tmp_path / 'cli.db'}")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert danish in result.stderr  # the CLI's language: Danish without --lang or locale


@pytest.mark.parametrize("case", LOOK_ALIKES)
def test_the_api_refuses_look_alike_codes(
        ws: Workspace, api: TestClient, tokens: dict[str, str], case: str) -> None:
    before = counts(ws)
    response = api.post("/api/v1/catalogs", headers=bearer(tokens["admin"]),
                        files={"file": ("codes.json", _export(codes=LOOK_ALIKES[case]),
                                        "application/json")})
    assert response.status_code == 422, response.text[:300]
    message = error_of(response)["message"]
    assert "code" in message and ("U+" in message or "looks the same" in message), message
    assert counts(ws) == before


# --- entry: edits ---------------------------------------------------------------------------

EDITS = {
    "long-title": ({"title": LONG_TITLE}, "title: String should have at most 200 characters"),
    "control-character": ({"description": "a\x01b"}, "U+0001"),
    "control-character-in-a-line": (
        {"lines": [{"label": "Drift\x01", "amounts": {"2024": -1000}}]}, "U+0001"),
    "bidi-control-in-the-title": ({"title": "Tilpasning \u202e af puljen"}, "U+202E"),
}


@pytest.mark.parametrize("user", ["admin", "bff"])
@pytest.mark.parametrize("case", EDITS)
def test_the_api_patch_refuses_hostile_texts(
        ws: Workspace, cid: int, api: TestClient, tokens: dict[str, str], user: str,
        case: str) -> None:
    changes, words = EDITS[case]
    version = ws.version(cid, None).info.number
    response = api.patch(f"/api/v1/catalogs/{cid}/measures/BFF-1",
                         json={"base_version": version, "changes": changes},
                         headers=bearer(tokens[user]))
    assert response.status_code == 422, response.text[:300]
    assert words in error_of(response)["message"]
    assert ws.version(cid, None).info.number == version


def test_the_workspace_refuses_what_the_api_schema_would(ws: Workspace, cid: int) -> None:
    """apply_edit checks the texts too, whoever calls it (the form, a script)."""
    version = ws.version(cid, None).info.number
    for patch in ({"description": "a\x01b"}, {"title": LONG_TITLE},
                  {"notes": ["ok", "bad\x0b"]}, {"sector": "a\u2066b"}):
        with pytest.raises(InvalidInput) as caught:
            ws.edit_measure(cid, "BFF-1", patch, SYSTEM, base_version=version)
        assert caught.value.text("da") != caught.value.text("en")
    assert ws.version(cid, None).info.number == version


@pytest.mark.parametrize(("field", "value", "danish", "english"), [
    ("title", LONG_TITLE, "Titlen har 299 tegn; højst 200 er tilladt",
     "The title has 299 characters; at most 200 are allowed"),
    ("description", "a\x01b", "indeholder tegnet U+0001", "contains the character U+0001"),
])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_edit_form_refuses_hostile_texts_in_the_page_language(
        ws: Workspace, cid: int, bff: tuple[TestClient, str], field: str, value: str,
        danish: str, english: str, lang: str) -> None:
    client, _csrf = bff
    url = f"/catalogs/{cid}/measures/BFF-1/edit"
    version = ws.version(cid, None).info.number
    fields = form_fields(client.get(f"{url}?lang={lang}").text, "edit-form")
    fields[field] = value
    response = client.post(f"{url}?lang={lang}", data=fields)
    assert response.status_code == 422, response.text[:300]
    assert (danish if lang == "da" else english) in response.text
    assert ws.version(cid, None).info.number == version


def test_a_scenario_name_with_a_control_character_is_refused(ws: Workspace, cid: int) -> None:
    from omprio.decide.scenario import Scenario

    scenario = Scenario(name="Plan\x07", catalog_title="x", selection={})
    with pytest.raises(InvalidInput) as caught:
        ws.save_scenario(cid, scenario, SYSTEM)
    assert "U+0007" in caught.value.text("en")


def test_a_real_pdf_still_imports(tmp_path: Path) -> None:
    pytest.importorskip("fpdf", reason="fpdf2 (a dev dependency) is needed to make test PDFs")
    from pdf_maker import catalog_pdf

    pdf = catalog_pdf(load_bytes(SEED_BYTES, "seed.txt").catalog).data
    workspace = Workspace(f"sqlite:///{tmp_path / 'pdf.db'}")
    workspace.ensure_schema()
    stored = workspace.import_document(pdf, "seed.pdf", SYSTEM)
    assert len(stored.catalog.measures) == 19
    workspace.engine.dispose()


# --- stored data always publishes -----------------------------------------------------------


def _store_hostile_directly(ws: Workspace, catalog_id: int) -> None:
    """The latest version's catalog title made 299 characters and BFF-1's description given a
    control character, written straight into the rows (as a catalog stored before the checks)."""
    number = ws.version(catalog_id, None).info.number
    with ws.engine.begin() as connection:
        version_id, header = connection.execute(
            select(VersionRow.id, VersionRow.header_json).where(
                VersionRow.catalog_id == catalog_id, VersionRow.number == number)).one()
        document = json.loads(header)
        document["title"] = LONG_TITLE + "\x01"
        connection.execute(update(VersionRow).where(VersionRow.id == version_id)
                           .values(header_json=json.dumps(document)))
        blob = connection.execute(
            select(MeasureBlob.hash, MeasureBlob.json)
            .join(VersionMeasure, VersionMeasure.blob_hash == MeasureBlob.hash)
            .where(VersionMeasure.version_id == version_id, VersionMeasure.code == "BFF-1")).one()
        measure = json.loads(blob.json)
        measure["description"] = "Besparelse\x01 på\x0b puljen\ufffe"
        measure["title"] = "Lang titel " * 19
        connection.execute(update(MeasureBlob).where(MeasureBlob.hash == blob.hash)
                           .values(json=json.dumps(measure)))


def test_a_catalog_stored_with_hostile_texts_still_publishes(tmp_path: Path) -> None:
    ws = Workspace(f"sqlite:///{tmp_path / 'fields.db'}")
    ws.ensure_schema()
    catalog_id = ws.import_document(SEED_BYTES, "seed.txt", SYSTEM, public=True).info.catalog_id
    _store_hostile_directly(ws, catalog_id)
    stored = Workspace(f"sqlite:///{tmp_path / 'fields.db'}")  # no cached versions
    assert stored.version(catalog_id, None).catalog.title.startswith(LONG_TITLE)
    with live_server(create_app(stored, secret_key=SECRET_KEY)) as url, \
            httpx.Client(base_url=url, timeout=60) as client:
        for fmt in ("docx", "xlsx", "pdf"):
            answer = client.get(f"/catalogs/{catalog_id}/publish/{fmt}")
            assert answer.status_code == 200, (fmt, answer.status_code, answer.text[:300])
            again = client.get("/healthz")  # the same keep-alive connection
            assert again.status_code == 200
            if fmt == "docx":
                word = open_docx(io.BytesIO(answer.content))
                assert len(word.core_properties.title) <= 255
                body = "\n".join(p.text for p in word.paragraphs)
                assert LONG_TITLE.upper() in body.upper()  # the title itself is whole (it wraps)
                assert "Besparelse på puljen" in body
            if fmt == "xlsx":
                book = load_workbook(io.BytesIO(answer.content))
                assert len(book.properties.title or "") <= 255
    stored.engine.dispose()
    ws.engine.dispose()


def test_a_look_alike_code_stored_before_the_checks_is_a_finding_and_stays_editable(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'codes.db'}"
    ws = Workspace(url)
    ws.ensure_schema()
    catalog_id = ws.import_document(SEED_BYTES, "seed.txt", SYSTEM).info.catalog_id
    look_alike = "BFF-1\u200b"
    with ws.engine.begin() as connection:
        blob = connection.execute(
            select(MeasureBlob.hash, MeasureBlob.json)
            .join(VersionMeasure, VersionMeasure.blob_hash == MeasureBlob.hash)
            .where(VersionMeasure.code == "BFF-2")).one()
        measure = json.loads(blob.json)
        measure["code"] = look_alike
        connection.execute(update(MeasureBlob).where(MeasureBlob.hash == blob.hash)
                           .values(json=json.dumps(measure)))
        connection.execute(update(VersionMeasure).where(VersionMeasure.code == "BFF-2")
                           .values(code=look_alike))
    ws.engine.dispose()
    stored = Workspace(url)
    base = stored.version(catalog_id, SYSTEM).info.number
    edited = stored.edit_measure(catalog_id, look_alike, {"title": "Ny titel"}, SYSTEM,
                                 base_version=base)
    found = [f for f in edited.findings if f.rule == "code-characters"]
    assert [(f.measure, f.key) for f in found] == [(look_alike, "code-characters.look-alike")]
    assert "BFF-1<U+200B>" in found[0].message("da")
    stored.engine.dispose()


def test_a_scenario_title_beyond_255_characters_is_cut_only_in_the_properties() -> None:
    catalog = load_bytes(SEED_BYTES, "seed.txt").catalog
    title = f"{'K' * 200} – scenarie {'N' * 200}"  # as the web publishes a saved scenario
    catalog = replace(catalog, title=title)
    word = open_docx(io.BytesIO(catalog_docx(catalog)))
    assert len(word.core_properties.title) == 255
    assert title.upper() in "\n".join(p.text for p in word.paragraphs).upper()  # the cover
    book = load_workbook(io.BytesIO(catalog_xlsx(catalog)))
    assert len(book.properties.title or "") == 255
    cells = [cell.value for row in book.worksheets[-1].iter_rows() for cell in row]
    assert title in cells


# --- CSV ------------------------------------------------------------------------------------


def test_csv_formula_payloads_are_escaped_and_numbers_are_not() -> None:
    for payload in ("-1+cmd|' /C calc'!A0", "-2+3", "=1+1", "+1", "@SUM(A1)", "\t=1",
                    "  =1+1", " -2+3", "\r=1"):
        assert spreadsheet_text(payload) == "'" + payload, payload
    for plain in ("-1000", "-10,5", "-1.000", "BFF-1", "Drift"):
        assert spreadsheet_text(plain) == plain, plain
