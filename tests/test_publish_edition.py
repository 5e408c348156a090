"""Published files say what they are, print well, and keep the user's folders to themselves.

Every document (PDF, Word, HTML) names the catalog, its stage, the version and the version's
date on the cover and on every page, with a visible mark when the catalog is not adopted; the
workbook says it in its print header and document properties and prints landscape, one page
wide; the CSV for spreadsheets is what Danish Excel opens as it is; one measure publishes as a
PDF (web and CLI); and no published file or API answer holds the folder the catalog was read
from.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from docx import Document as open_docx
from openpyxl.worksheet.worksheet import Worksheet

from conftest import run_omprio
from omprio.interchange import catalog_to_json
from omprio.publish.csv_export import catalog_to_sheet_csv
from omprio.publish.edition import Edition, file_name, local_date, long_date, public_catalog
from omprio.publish.excel import catalog_xlsx
from omprio.publish.formats import FORMATS, publish, publish_measure
from omprio.publish.pdf import catalog_pdf
from omprio.read import Loaded, load, load_bytes
from omprio.store.workspace import Workspace
from publish_support import catalog_difference, libreoffice_convert, program
from test_publish_pdf import pdf_text
from web_support import SYSTEM, TestClient, add_users, make_client

NAME = "Omprioriteringskatalog 2024–2027"
HEARING = Edition(NAME, "hearing", 8, date(2023, 11, 22), 3)
DRAFT = dataclasses.replace(HEARING, stage="draft")
ADOPTED = dataclasses.replace(HEARING, stage="adopted", version=9)
SECRET = "secret-folder-name"


# --- the documents say what they are --------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "mark", "version", "page"),
    [
        ("da", "HØRINGSUDGAVE", "Høring, version 8 af 22. november 2023", "Side {} af {}"),
        ("en", "FOR CONSULTATION", "Hearing, version 8 of 22 November 2023", "Page {} of {}"),
    ],
)
def test_every_pdf_page_says_the_stage_version_and_date(
    seed: Loaded, lang: str, mark: str, version: str, page: str
) -> None:
    data = publish(seed.catalog, seed.findings, "pdf", "en" if lang == "en" else "da", HEARING)
    assert isinstance(data, bytes)
    pages = pdf_text(data)
    assert len(pages) > 20
    for number, text in enumerate(pages, start=1):
        footer = f"{mark} · {NAME} · {version} · {page.format(number, len(pages))}"
        assert footer in text, (number, text[-300:])


def test_the_footer_stays_one_line_with_a_long_title(seed: Loaded) -> None:
    """A scenario's title can be 412 characters: the footer cuts it, and stays one line (the
    reader drops it as a running line only then)."""
    title = f"{NAME} – scenarie " + "Mindst tabte stillinger " * 12
    catalog = dataclasses.replace(seed.catalog, title=title)
    edition = Edition(title, "hearing", 8888, date(2023, 9, 22), 3)
    pages = pdf_text(catalog_pdf(catalog, [], "en", edition))
    for number, text in enumerate(pages, start=1):
        last = text.rstrip().splitlines()[-1]
        assert last.startswith(f"FOR CONSULTATION · {NAME} – scenarie Mindst"), last
        assert last.endswith(f"… · Hearing, version 8888 of 22 September 2023 · "
                             f"Page {number} of {len(pages)}"), last


def test_the_pdf_of_a_stored_version_still_reads_back_as_the_catalog(seed: Loaded) -> None:
    for edition in (HEARING, DRAFT, ADOPTED):
        back = load_bytes(catalog_pdf(seed.catalog, [], "da", edition), "back.pdf")
        assert back.findings == ()
        assert catalog_difference(seed.catalog, back.catalog) == ""


def test_a_draft_is_marked_and_an_adopted_catalog_is_not(seed: Loaded) -> None:
    draft = "\n".join(pdf_text(catalog_pdf(seed.catalog, [], "da", DRAFT)))
    assert draft.count("UDKAST · ") == draft.count("Side ") > 20
    adopted = pdf_text(catalog_pdf(seed.catalog, [], "da", ADOPTED))
    for text in adopted:
        assert f"{NAME} · Vedtaget, version 9 af 22. november 2023 · Side" in text
        assert "UDKAST" not in text and "HØRINGSUDGAVE" not in text


def test_a_file_not_stored_names_only_the_catalog(seed: Loaded) -> None:
    pages = pdf_text(catalog_pdf(seed.catalog))
    for number, text in enumerate(pages, start=1):
        assert text.rstrip().endswith(f"{NAME} · Side {number} af {len(pages)}"), text[-200:]
    joined = "\n".join(pages)
    for word in ("UDKAST", "HØRINGSUDGAVE", "version", "Udkast", "Høring,"):
        assert word not in joined


def test_every_word_footer_and_the_cover_say_it(seed: Loaded) -> None:
    data = publish(seed.catalog, seed.findings, "docx", "da", HEARING)
    assert isinstance(data, bytes)
    document = open_docx(io.BytesIO(data))
    for section in document.sections:
        assert not section.footer.is_linked_to_previous
        text = "".join(paragraph.text for paragraph in section.footer.paragraphs)
        assert text.startswith(f"HØRINGSUDGAVE · {NAME} · Høring, version 8 af 22. november 2023")
        xml = section.footer._element.xml
        assert " PAGE " in xml and " NUMPAGES " in xml
    cover = "\n".join(paragraph.text for paragraph in document.paragraphs[:6])
    assert "HØRINGSUDGAVE" in cover and "Høring, version 8 af 22. november 2023" in cover
    assert document.core_properties.category == "Høring"
    assert "version 8" in document.core_properties.subject


def test_libreoffice_prints_the_word_footer_on_every_page(seed: Loaded, tmp_path: Path) -> None:
    source = tmp_path / "catalog.docx"
    data = publish(seed.catalog, [], "docx", "da", DRAFT)
    assert isinstance(data, bytes)
    source.write_bytes(data)
    pages = pdf_text(libreoffice_convert(source, "pdf", tmp_path).read_bytes())
    assert len(pages) > 20
    for text in pages:
        assert "UDKAST" in text and "Udkast, version 8 af 22. november 2023" in text


def test_the_html_says_it_at_the_top_and_on_the_cover(seed: Loaded) -> None:
    data = publish(seed.catalog, [], "html", "en", DRAFT)
    assert isinstance(data, bytes)
    page = data.decode("utf-8")
    assert (f'<div class="running"><span class="mark">DRAFT</span> · {NAME} · '
            "Draft, version 8 of 22 November 2023</div>") in page
    assert '<p class="edition"><span class="mark">DRAFT</span>' in page


def test_a_version_is_dated_in_denmark() -> None:
    assert local_date(datetime(2023, 11, 21, 23, 30, tzinfo=UTC)) == date(2023, 11, 22)
    assert local_date(datetime(2023, 6, 30, 21, 59, tzinfo=UTC)) == date(2023, 6, 30)


# --- the workbook ---------------------------------------------------------------------------


def test_the_workbook_says_what_it_is_and_prints_well(seed: Loaded) -> None:
    data = catalog_xlsx(seed.catalog, "da", HEARING)
    book = openpyxl.load_workbook(io.BytesIO(data))
    properties = book.properties
    assert properties.contentStatus == "Høring" and properties.version == "8"
    assert properties.keywords == "HØRINGSUDGAVE"
    assert properties.subject == f"HØRINGSUDGAVE · {NAME} · Høring, version 8 af 22. november 2023"
    for sheet in book.worksheets:
        assert isinstance(sheet, Worksheet)
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        fit = sheet.sheet_properties.pageSetUpPr
        assert fit is not None and fit.fitToPage
        assert sheet.print_title_rows == "$1:$1"
        header, footer = sheet.oddHeader, sheet.oddFooter
        assert header is not None and footer is not None
        assert header.left.text == "HØRINGSUDGAVE"
        assert header.center.text == NAME
        assert header.right.text == "Høring, version 8 af 22. november 2023"
        assert footer.right.text == "Side &P af &N"
    overview = book["Overblik"]
    headings = [cell.value for cell in overview[1]]
    for technical in ("Art", "Afsnit", "Tema"):
        letter = openpyxl.utils.get_column_letter(headings.index(technical) + 1)
        assert overview.column_dimensions[letter].hidden, technical
    measures = book["Tiltag"]
    headings = [cell.value for cell in measures[1]]
    last = len(seed.catalog.measures) + 1
    assert measures.print_area == f"'Tiltag'!$A$1:${_letter(headings, 'Sektor')}${last}"
    # A title that wraps gets the height of its lines (BFF-3A's title takes two at width 40).
    long_row = next(row for row in range(2, measures.max_row + 1)
                    if len(str(measures.cell(row=row, column=4).value)) > 50)
    assert measures.row_dimensions[long_row].height >= 30
    assert measures.cell(row=long_row, column=4).alignment.wrap_text
    identity = {row[0].value: row[2].value for row in book["Katalog"].iter_rows(min_row=2)}
    assert identity["stage"] == "Høring"
    assert identity["edition"] == "Høring, version 8 af 22. november 2023"
    assert identity["version"] == "catalog 3, version 8 (hearing)"
    assert identity["source"] == "aarhus-msb-2024-2027.txt"
    assert catalog_difference(seed.catalog, load_bytes(data, "back.xlsx").catalog) == ""


def _letter(headings: Sequence[object], name: str) -> str:
    return openpyxl.utils.get_column_letter(headings.index(name) + 1)


def test_libreoffice_prints_each_sheet_one_page_wide(seed: Loaded, tmp_path: Path) -> None:
    """On paper the overview's first page holds its figures beside the labels, the measures'
    pages their figures beside the titles; every page says what the file is."""
    source = tmp_path / "catalog.xlsx"
    source.write_bytes(catalog_xlsx(seed.catalog, "da", DRAFT))
    pages = pdf_text(libreoffice_convert(source, "pdf", tmp_path).read_bytes())
    first = pages[0]
    assert "OMPRIORITERINGSTILTAG" in first and "Beregnet" in first and "-19.730" in first
    measures = next(text for text in pages if "Årsværk" in text)
    assert "Omlægning af Brobyg-fraværsindsats" in measures and "Netto" in measures
    assert "-10,5" in measures  # MSB-1's staff change in 2026, on the page of its title
    for text in pages:
        assert "UDKAST" in text and "Udkast, version 8 af 22. november 2023" in text


# --- the CSV for spreadsheets ---------------------------------------------------------------

BOM = "\ufeff".encode()


def sheet_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_the_spreadsheet_csv_is_what_danish_excel_opens(seed: Loaded) -> None:
    rows = sheet_rows(catalog_to_sheet_csv(seed.catalog))
    assert rows[0] == ["Tiltag", "Tema", "Titel", "Art", "Tekst", "2024", "2025", "2026",
                       "2027", "Prisniveau", "Enhed", "Sektor", "Kilde", "Linje", "Side"]
    staff = next(r for r in rows if r[0] == "MSB-1" and r[3] == "personale")
    assert staff[4:9] == ["Personaleændringer (fuldtidsstillinger)", "-15", "-11", "-10,5", "-10"]
    assert staff[10] == "fuldtidsstillinger"
    net = next(r for r in rows if r[0] == "BFF-1" and r[3] == "netto")
    assert net[5:11] == ["-1000", "-1000", "-1000", "-1000", "2024-PL", "tusind kr."]
    assert net[12] == "aarhus-msb-2024-2027.txt"
    assert {r[3] for r in rows[1:]} == {"linje", "korrektion", "netto", "personale"}


def test_the_english_spreadsheet_csv_has_english_headings(seed: Loaded) -> None:
    data = publish(seed.catalog, [], "excel-csv", "en")
    assert isinstance(data, bytes)
    rows = sheet_rows(data)
    assert rows[0][:5] == ["Measure", "Theme", "Title", "Kind", "Label"]
    assert rows[0][-6:] == ["Price base", "Unit", "Sector", "Source", "Line", "Page"]
    staff = next(r for r in rows if r[0] == "MSB-1" and r[3] == "staff")
    assert staff[5:9] == ["-15", "-11", "-10,5", "-10"] and staff[10] == "full-time positions"


def test_the_spreadsheet_csv_keeps_formulas_from_running(seed: Loaded) -> None:
    first = seed.catalog.measures[0]
    hostile = dataclasses.replace(first, title='=HYPERLINK("http://x","y")', sector="@SUM(A1)")
    catalog = dataclasses.replace(seed.catalog, measures=(hostile, *seed.catalog.measures[1:]))
    rows = [r for r in sheet_rows(catalog_to_sheet_csv(catalog)) if r[0] == first.code]
    assert {r[2] for r in rows} == {'\'=HYPERLINK("http://x","y")'}
    assert {r[11] for r in rows} == {"'@SUM(A1)"}
    assert all(r[5].startswith("-") for r in rows)  # amounts are never touched


def test_libreoffice_reads_the_csv_into_columns_like_danish_excel(
    seed: Loaded, tmp_path: Path
) -> None:
    """Opened as Danish Excel opens a .csv (``;``, UTF-8, Danish number format): one value a
    cell, amounts as numbers (``-10,5`` is -10.5), æøå intact, the unit as text."""
    soffice = program("soffice", "libreoffice-calc")
    source = tmp_path / "catalog.csv"
    source.write_bytes(catalog_to_sheet_csv(seed.catalog))
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--infilter=CSV:59,34,76,1,,1030", "--convert-to", "xlsx", "--outdir",
         str(tmp_path / "out"), str(source)],
        capture_output=True, text=True, timeout=240, check=False,
    )
    converted = tmp_path / "out" / "catalog.xlsx"
    assert result.returncode == 0 and converted.exists(), result.stderr
    sheet = openpyxl.load_workbook(converted).active
    assert isinstance(sheet, Worksheet)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Tiltag", "Tema", "Titel", "Art", "Tekst")
    assert len(rows[0]) == 15
    staff = next(r for r in rows if r[0] == "MSB-1" and r[3] == "personale")
    assert staff[4] == "Personaleændringer (fuldtidsstillinger)"
    assert staff[5:9] == (-15, -11, -10.5, -10)
    net = next(r for r in rows if r[0] == "BFF-1" and r[3] == "netto")
    assert net[10] == "tusind kr."


# --- no folder names ------------------------------------------------------------------------


def test_a_file_name_keeps_no_folders() -> None:
    assert file_name("/home/x/secret/a.txt") == "a.txt"
    assert file_name("C:\\Users\\x\\a.pdf") == "a.pdf"
    assert file_name("/tmp/s/book.xlsx[Tiltag]") == "book.xlsx[Tiltag]"
    assert file_name("a.txt") == "a.txt"


def _texts(content: bytes) -> Iterator[str]:
    """Every text a file holds: the parts of a ZIP (xlsx, docx, the open-data ZIP), the text
    layer of a PDF, and the bytes themselves."""
    yield content.decode("utf-8", "replace")
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                yield from _texts(archive.read(name))
    if content.startswith(b"%PDF"):
        yield from pdf_text(content)


def test_no_published_file_holds_the_folder_it_was_read_from(
    seed_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / SECRET
    folder.mkdir()
    source = folder / "catalog.txt"
    shutil.copy(seed_path, source)
    outputs: dict[str, bytes] = {}
    for fmt in FORMATS:
        out = tmp_path / ("package.zip" if fmt == "fdp" else f"out-{fmt}")
        result = run_omprio("publish", source, "--format", fmt, "-o", out)
        assert result.returncode == 0, result.stderr
        outputs[fmt] = out.read_bytes()
    measure = tmp_path / "measure.pdf"
    assert run_omprio("publish", source, "--measure", "BFF-1", "-o", measure).returncode == 0
    outputs["measure"] = measure.read_bytes()
    out = tmp_path / "export.csv"
    assert run_omprio("export", source, "--format", "csv", "-o", out).returncode == 0
    outputs["export csv"] = out.read_bytes()
    assert SECRET in str(source)  # the check below can fail
    for name, content in outputs.items():
        for text in _texts(content):
            assert SECRET not in text, name
    assert b"catalog.txt" in outputs["csv"] and b"catalog.txt" in outputs["export csv"]


def imported(ws: Workspace, data: bytes, name: str) -> int:
    return ws.import_document(data, name, SYSTEM, public=True).info.catalog_id


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[Workspace, TestClient]]:
    ws = Workspace(f"sqlite:///{tmp_path / 'omprio.db'}")
    ws.ensure_schema()
    add_users(ws)
    yield ws, make_client(ws)
    ws.engine.dispose()


def test_no_api_answer_or_download_holds_a_folder(
    seed_path: Path, web: tuple[Workspace, TestClient]
) -> None:
    """A catalog exported before omprio kept folder names out, and imported as JSON, still
    has them in its sources: the API and every download give only the file's name."""
    ws, client = web
    loaded = load(seed_path)
    document = catalog_to_json(dataclasses.replace(loaded.catalog))
    text = json.dumps(document, ensure_ascii=False).replace(
        json.dumps(str(seed_path))[1:-1], f"/home/someone/{SECRET}/catalog.txt")
    assert SECRET in text
    cid = imported(ws, text.encode("utf-8"), "catalog.json")
    token = ws.create_token("admin")
    bearer = {"Authorization": f"Bearer {token}"}
    answers = [client.get(f"/api/v1/catalogs/{cid}{path}", headers=bearer)
               for path in ("", "/findings", "/versions", "/measures/BFF-1")]
    answers += [client.get(f"/catalogs/{cid}{path}") for path in (
        "/export.json", "/export.csv", "/publish/pdf", "/publish/html", "/publish/docx",
        "/publish/xlsx", "/publish/fdp", "/measures/BFF-1/publish/pdf")]
    answers.append(client.get(f"/catalogs/{cid}/measures/BFF-1",
                              headers={"Accept": "application/json"}))
    for answer in answers:
        assert answer.status_code == 200, (answer.url, answer.text[:200])
        for part in _texts(answer.content):
            assert SECRET not in part, answer.url
    api = answers[0].json()
    assert api["source"]["path"] == "catalog.txt"
    assert api["measures"][0]["source"]["path"] == "catalog.txt"


def test_public_catalog_keeps_only_file_names(seed: Loaded) -> None:
    moved = public_catalog(seed.catalog)
    assert public_catalog(moved) is moved  # nothing left to change
    document = json.dumps(catalog_to_json(moved))
    assert '"path": "aarhus-msb-2024-2027.txt"' in document
    assert "/tests/" not in document and "/tests/" in json.dumps(catalog_to_json(seed.catalog))


# --- one measure as a PDF -------------------------------------------------------------------


def test_one_measure_is_its_page_with_stage_and_version(seed: Loaded) -> None:
    pages = pdf_text(publish_measure(seed.catalog, "BFF-1", "da", HEARING))
    assert len(pages) == 1
    text = pages[0]
    assert "Omprioriteringstiltag 2024-2027" in text and "Tema 1A, BFF-1" in text
    assert "Omlægning af Brobyg-fraværsindsats" in text and "Besparelse i %: 22,9%" in text
    assert text.rstrip().endswith(
        f"HØRINGSUDGAVE · {NAME} · Høring, version 8 af 22. november 2023 · Side 1 af 1")
    assert "OVERBLIK" not in text and "MSB-1" not in text


def test_the_cli_publishes_one_stored_measure(seed_path: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'omprio.db'}"
    ws = Workspace(url)
    ws.ensure_schema()
    stored = ws.import_document(seed_path.read_bytes(), seed_path.name, SYSTEM)
    ws.engine.dispose()
    cid = str(stored.info.catalog_id)
    out = tmp_path / "bff-1.pdf"
    result = run_omprio("publish", cid, "--db", url, "--measure", "BFF-1", "-o", out)
    assert result.returncode == 0, result.stderr
    day = local_date(stored.info.created_at)
    (text,) = pdf_text(out.read_bytes())
    assert "Tema 1A, BFF-1" in text
    assert f"UDKAST · {NAME} · Udkast, version 1 af {long_date(day, 'da')} · Side 1 af 1" in text
    whole = tmp_path / "all.pdf"
    assert run_omprio("publish", cid, "--db", url, "-o", whole).returncode == 0
    pages = pdf_text(whole.read_bytes())
    assert all("UDKAST · " in page and "version 1 af" in page for page in pages)
    wrong = run_omprio("publish", cid, "--db", url, "--measure", "BFF-1", "-o", tmp_path / "x.xlsx")
    assert wrong.returncode == 2 and "kun som PDF" in wrong.stderr
    missing = run_omprio("publish", cid, "--db", url, "--measure", "NOPE-1", "-o", out)
    assert missing.returncode == 2 and "intet tiltag NOPE-1" in missing.stderr
    assert "Traceback" not in wrong.stderr + missing.stderr


def test_the_measure_page_links_its_pdf(
    web: tuple[Workspace, TestClient], seed_path: Path
) -> None:
    ws, client = web
    cid = imported(ws, seed_path.read_bytes(), "seed.txt")
    ws.set_stage(cid, "hearing", SYSTEM)
    page = client.get(f"/catalogs/{cid}/measures/BFF-1")
    assert f'href="/catalogs/{cid}/measures/BFF-1/publish/pdf"' in page.text
    response = client.get(f"/catalogs/{cid}/measures/BFF-1/publish/pdf?lang=en")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    name = f'filename="omprio-katalog-{cid}-v2-BFF-1.pdf"'
    assert name in response.headers["content-disposition"]
    (text,) = pdf_text(response.content)
    assert "FOR CONSULTATION" in text and "Hearing, version 2 of" in text
    old = client.get(f"/catalogs/{cid}/measures/BFF-1/publish/pdf?version=1&lang=da")
    (text,) = pdf_text(old.content)
    assert "UDKAST · " in text and "Udkast, version 1 af" in text
    assert client.get(f"/catalogs/{cid}/measures/NOPE-1/publish/pdf").status_code == 404
    ws.set_public(cid, False, SYSTEM)
    hidden = client.get(f"/catalogs/{cid}/measures/BFF-1/publish/pdf")
    assert hidden.status_code in (303, 401, 403, 404)
    assert not hidden.content.startswith(b"%PDF")


def test_the_web_downloads_say_the_stage_and_version(
    web: tuple[Workspace, TestClient], seed_path: Path
) -> None:
    ws, client = web
    cid = imported(ws, seed_path.read_bytes(), "seed.txt")
    ws.set_stage(cid, "hearing", SYSTEM)
    pages = pdf_text(client.get(f"/catalogs/{cid}/publish/pdf").content)
    assert all("HØRINGSUDGAVE · " in page and "Høring, version 2 af" in page for page in pages)
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/catalogs/{cid}/publish/xlsx").content))
    assert book.properties.contentStatus == "Høring" and book.properties.version == "2"
    csv_data = client.get(f"/catalogs/{cid}/export.csv")
    assert csv_data.content.startswith(BOM)
    assert sheet_rows(csv_data.content)[0][0] == "Tiltag"
    english = client.get(f"/catalogs/{cid}/export.csv?lang=en")
    assert sheet_rows(english.content)[0][0] == "Measure"
