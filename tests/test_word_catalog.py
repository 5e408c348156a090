"""A whole catalog as Word: what ``omprio publish --format docx`` writes reads back as the same
catalog (the seed, generated catalogs), a Word catalog a person typed in the template's layout
reads like its text, and a Word file that is no catalog, a damaged one or a zip bomb is refused."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from hypothesis import HealthCheck, given, settings

from conftest import run_omprio
from omprio.check import check_catalog
from omprio.findings import Finding
from omprio.model import Catalog
from omprio.publish.formats import publish
from omprio.read import Loaded, ReadError, load_bytes
from omprio.read import limits as read_limits
from omprio.read import word as word_reader
from omprio.read.word import Paragraph, Row, word_blocks
from omprio.store.workspace import Workspace
from publish_support import catalog_difference, without_sources
from strategies import catalogs
from web_support import SYSTEM

D = Decimal


def _docx(catalog: Catalog, findings: Sequence[Finding] = ()) -> bytes:
    data = publish(catalog, findings, "docx")
    assert isinstance(data, bytes)
    return data


@dataclass(frozen=True)
class Page:
    """A measure page as a person types it."""

    header: tuple[str, str]
    title: str
    description: list[str]
    rows: list[tuple[str, list[str]]]
    fields: list[str]


def test_the_published_seed_reads_back_as_the_seed(seed: Loaded) -> None:
    findings = [*seed.findings, *check_catalog(seed.catalog)]
    data = _docx(seed.catalog, findings)  # with the findings' appendix
    loaded = load_bytes(data, "seed.docx")
    assert loaded.kind == "docx"
    assert catalog_difference(seed.catalog, loaded.catalog) == ""
    assert [f.rule for f in loaded.findings] == [f.rule for f in seed.findings]
    assert [f.rule for f in check_catalog(loaded.catalog)] == [
        f.rule for f in check_catalog(seed.catalog)]


def test_sources_are_the_numbers_of_paragraphs_and_table_rows(seed: Loaded) -> None:
    data = _docx(seed.catalog)
    blocks = word_blocks(data, "seed.docx").blocks
    by_number = {block.number: block for block in blocks}
    catalog = load_bytes(data, "seed.docx").catalog
    for measure in catalog.measures:
        header = by_number[measure.source.line or 0]
        assert isinstance(header, Paragraph) and header.text.endswith(measure.code)
        for line in measure.lines:
            row = by_number[line.source.line or 0]
            assert isinstance(row, Row) and row.at(0) == line.label
    assert [block.number for block in blocks] == list(range(1, len(blocks) + 1))


def test_cli_export_of_the_word_catalog_equals_the_export_of_the_text(
        seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "katalog.docx"
    assert run_omprio("publish", seed_path, "--format", "docx", "-o", out).returncode == 0
    from_word = run_omprio("export", out, "--format", "json")
    from_text = run_omprio("export", seed_path, "--format", "json")
    assert from_word.returncode == 0, from_word.stderr
    word_json, text_json = json.loads(from_word.stdout), json.loads(from_text.stdout)
    assert without_sources(word_json) == without_sources(text_json)
    assert word_json["measures"][0]["source"]["path"].endswith("katalog.docx")
    checked = run_omprio("check", out)
    assert checked.returncode == run_omprio("check", seed_path).returncode


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs())
def test_generated_catalogs_round_trip_through_word(catalog: Catalog) -> None:
    loaded = load_bytes(_docx(catalog), "generated.docx")
    assert not [f for f in loaded.findings if f.is_error]
    assert catalog_difference(catalog, loaded.catalog) == ""


# --- a Word catalog typed by a person ------------------------------------------------------------

COVER = ["OMPRIORITERINGSKATALOG", "2025 – 2028", "Børn og Unge", "VEJLE, DEN 3. MARTS 2025"]
INTRO = ["INDLEDNING", "Byrådet har bedt Børn og Unge om forslag til omprioriteringer."]
OVERVIEW: list[tuple[str, list[str] | None]] = [
    ("25-PL (1.000 KR.)", ["2025", "2026", "2027", "2028"]),
    ("OMPRIORITERINGSTILTAG", None),
    ("TEMA 1: SKOLER", None),
    ("FÆRRE SKOLEBUSSER", ["−1.000", "−1.000", "−1.500", "−1.500"]),
    ("SAMLING AF SFO I VEST", ["-300", "-350", "-350", "-350"]),
    ("OMPRIORITERINGSTILTAG, I ALT", ["-1.300", "-1.350", "-1.850", "-1.850"]),
]
MEASURES = [
    Page(
        header=("Omprioriteringstiltag 2025-2028", "Tema 1A, BUV-1"),
        title="Færre skolebusser",
        description=["Skolebusserne kører i dag tomme om eftermiddagen.",
                     "Ruterne lægges sammen fra august 2025."],
        rows=[("Færre busruter", ["−1.200", "−1.200", "−1.700", "−1.700"]),
                 ("Ekstra ledsagere", ["200", "200", "200", "200"]),
                 ("Nettoændringer i driftsudgifter i alt", ["−1.000", "−1.000", "−1.500",
                                                             "−1.500"]),
              ("Personaleændringer (fuldtidsstillinger)", ["-2", "-2", "-2,5", "-2,5"])],
        fields=["Sektor: 3.01 Folkeskoler", "Budget for området: 12,4 mio. kr.",
                "Besparelse i %: 8,1 %"],
    ),
    Page(
        header=("Omprioriteringstiltag 2025-2028", "Tema 1B, BUV-2"),
        title="Samling af SFO i vest",
        description=["To SFO'er flytter sammen på Vestre Skole."],
        rows=[("Samling af SFO", ["-300", "-350", "-350", "-350"]),
              ("Personaleændringer (fuldtidsstillinger)", ["-1", "-1", "-1", "-1"])],
        fields=["Sektor: 3.05 Skolefritidsordninger"],
    ),
]
CAPTION = "Økonomiske konsekvenser og personaleændringer 2025-2028 (2025-PL i 1.000 kr.)"
DESCRIPTION_HEADING = "Beskrivelse af tiltaget, herunder ændring i værdi for borgerne"


def _as_text() -> str:
    """The same catalog as text in the template (what the text reader is known to read)."""
    lines = [*COVER, *INTRO, "OVERBLIK"]
    for label, cells in OVERVIEW:
        lines.append(f"{label} {' '.join(cells)}" if cells else label)
    for page in MEASURES:
        lines.append("   ".join(page.header))
        lines.append(page.title)
        lines.append(DESCRIPTION_HEADING)
        lines.extend(page.description)
        lines.append(CAPTION)
        lines.append("2025 2026 2027 2028")
        lines.extend(f"{label} {' '.join(cells)}" for label, cells in page.rows)
        lines.extend(page.fields)
    return "\n".join(lines) + "\n"


def _typed_by_a_person() -> bytes:
    """The catalog typed in Word: its own styles, empty paragraphs, a line break in the
    header, tables with merged headings and header cells, numbers typed with a real minus."""
    document = docx.Document()
    document.add_paragraph(COVER[0], style="Title")
    for text in COVER[1:]:
        document.add_paragraph(text, style="Subtitle")
        document.add_paragraph()
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(INTRO[0], level=1)
    document.add_paragraph(INTRO[1], style="Body Text")
    document.add_paragraph("")
    document.add_heading("OVERBLIK", level=1)
    table = document.add_table(rows=len(OVERVIEW), cols=5)
    table.style = "Light Grid Accent 1"
    for row, (label, cells) in zip(table.rows, OVERVIEW, strict=True):
        if cells is None:
            row.cells[0].merge(row.cells[4]).text = label
            continue
        row.cells[0].text = label
        for cell, text in zip(row.cells[1:], cells, strict=True):
            cell.text = text
    for page in MEASURES:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        header = document.add_paragraph(style="Heading 3")
        header.add_run(page.header[0])
        header.add_run().add_break(WD_BREAK.LINE)
        header.add_run(page.header[1])
        document.add_heading(page.title, level=2)
        document.add_paragraph().add_run(DESCRIPTION_HEADING).bold = True
        for text in page.description:
            document.add_paragraph(text)
            document.add_paragraph()
        document.add_paragraph(CAPTION, style="Caption")
        rows = page.rows
        table = document.add_table(rows=2 + len(rows), cols=5)
        table.style = "Table Grid"
        table.rows[0].cells[1].merge(table.rows[0].cells[4])  # an empty merged band on top
        table.rows[0].cells[0].merge(table.rows[1].cells[0])  # the label column's header
        for cell, year in zip(table.rows[1].cells[1:], ("2025", "2026", "2027", "2028"),
                              strict=True):
            cell.text = year
        for row, (label, cells) in zip(table.rows[2:], rows, strict=True):
            row.cells[0].text = label
            for cell, text in zip(row.cells[1:], cells, strict=True):
                cell.paragraphs[0].add_run(text).italic = True
        document.add_paragraph()
        for text in page.fields:
            label, _, value = text.partition(": ")
            paragraph = document.add_paragraph()
            paragraph.add_run(label + ":").bold = True
            paragraph.add_run(" " + value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_catalog_typed_by_a_person_reads_like_its_text() -> None:
    from_text = load_bytes(_as_text().encode("utf-8"), "vejle.txt")
    loaded = load_bytes(_typed_by_a_person(), "vejle.docx")
    assert catalog_difference(from_text.catalog, loaded.catalog) == ""
    assert not [f for f in loaded.findings if f.is_error]
    catalog = loaded.catalog
    assert catalog.years == (2025, 2026, 2027, 2028) and catalog.price_base == "2025-PL"
    assert catalog.department == "Børn og Unge"
    bus = catalog.measure("BUV-1")
    assert bus is not None and bus.theme == "1A"
    assert bus.net == {2025: D(-1000), 2026: D(-1000), 2027: D(-1500), 2028: D(-1500)}
    assert bus.fte[2027] == D("-2.5")
    assert [line.label for line in bus.lines] == ["Færre busruter", "Ekstra ledsagere"]
    assert bus.description == " ".join(MEASURES[0].description)
    assert bus.stated_savings_pct == "8,1 %"
    sfo = catalog.measure("BUV-2")
    assert sfo is not None and sfo.net == {2025: D(-300), 2026: D(-350), 2027: D(-350),
                                           2028: D(-350)}
    assert [row.measure for row in catalog.overview] == ["BUV-1", "BUV-2"]
    assert not [f for f in check_catalog(catalog) if f.is_error]


def test_an_empty_amount_cell_among_amounts_reads_as_a_dash() -> None:
    """The template writes a dash for nothing; a person leaves the cell empty."""
    document = docx.Document(io.BytesIO(_typed_by_a_person()))
    table = next(t for t in document.tables if "Samling af SFO" in t.rows[2].cells[0].text)
    table.rows[2].cells[1].paragraphs[0].runs[0].text = ""
    out = io.BytesIO()
    document.save(out)
    sfo = load_bytes(out.getvalue(), "vejle.docx").catalog.measure("BUV-2")
    assert sfo is not None and sfo.lines[0].amounts == {2025: D(0), 2026: D(-350),
                                                        2027: D(-350), 2028: D(-350)}


# --- what the body holds --------------------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_content_controls_and_tracked_changes_are_read_as_shown() -> None:
    document = docx.Document()
    document.add_paragraph("før")
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(
        f'<w:sdt {_W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>i kontrol</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt>'))
    body.insert(len(body) - 1, parse_xml(
        f'<w:p {_W}><w:r><w:t xml:space="preserve">beholdt </w:t></w:r><w:del w:id="1" '
        'w:author="x"><w:r><w:delText>slettet</w:delText></w:r></w:del><w:ins w:id="2" '
        'w:author="x"><w:r><w:t>indsat</w:t></w:r></w:ins></w:p>'))
    out = io.BytesIO()
    document.save(out)
    texts = [b.text for b in word_blocks(out.getvalue(), "x.docx").blocks
             if isinstance(b, Paragraph)]
    assert texts == ["før", "i kontrol", "beholdt indsat"]


# --- what is refused ------------------------------------------------------------------------


def _refused(data: bytes, key: str) -> ReadError:
    with pytest.raises(ReadError) as caught:
        load_bytes(data, "x.docx")
    assert caught.value.key == key, caught.value
    assert caught.value.text("da") != caught.value.text("en")
    return caught.value


def _docx_with(document_xml: bytes) -> bytes:
    original = zipfile.ZipFile(io.BytesIO(_letter()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in original.infolist():
            data = original.read(item)
            archive.writestr(item, document_xml if item.filename == "word/document.xml" else data)
    return out.getvalue()


def _letter() -> bytes:
    document = docx.Document()
    document.add_paragraph("Kære Anne, tak for sidst.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_file_that_is_no_catalog_is_refused() -> None:
    _refused(_letter(), "read.not_catalog")


def test_other_office_files_are_still_refused_as_office() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p/>")
    _refused(out.getvalue(), "read.office")


def test_a_damaged_word_file_is_refused() -> None:
    _refused(_docx_with(b"<w:document this is not xml"), "read.word.damaged")


def test_a_word_zip_bomb_is_refused_before_it_is_parsed() -> None:
    bomb = b"<w:document " + b" " * (50 * 1024 * 1024) + b"/>"
    _refused(_docx_with(bomb), "read.zip.ratio")


def test_a_document_type_declaration_is_refused() -> None:
    xml = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><w:document '
           + _W.encode() + b'><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>')
    error = _refused(_docx_with(xml), "read.zip.in_member")
    assert "word/document.xml" in error.text("en")


def test_a_body_of_too_many_blocks_is_refused_unparsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word_reader, "MAX_WORD_BLOCKS", 50)
    assert read_limits.MAX_WORD_BLOCKS > 50
    paragraphs = b"<w:p/>" * 51
    _refused(_docx_with(b"<w:document " + _W.encode() + b"><w:body>" + paragraphs
                        + b"</w:body></w:document>"), "read.word.blocks")


def test_the_published_seed_saved_by_libreoffice_reads_back_as_the_seed(
        seed: Loaded, tmp_path: Path) -> None:
    from publish_support import libreoffice_convert

    published = tmp_path / "katalog.docx"
    published.write_bytes(_docx(seed.catalog))
    saved = libreoffice_convert(published, "docx:MS Word 2007 XML", tmp_path)
    assert catalog_difference(seed.catalog, load_bytes(saved.read_bytes(), "k.docx").catalog) == ""


def test_a_word_catalog_is_imported_like_its_text(workspace: Workspace, seed: Loaded) -> None:
    stored = workspace.import_document(_docx(seed.catalog), "katalog.docx", SYSTEM)
    assert catalog_difference(seed.catalog, stored.catalog) == ""
    again = workspace.import_document(_docx(seed.catalog), "katalog.docx", SYSTEM,
                                      catalog_id=stored.info.catalog_id)
    assert again.unchanged
