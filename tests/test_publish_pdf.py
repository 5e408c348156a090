"""The published PDF (and its HTML twin): the catalog laid out like the reference catalog, which
omprio's own PDF reader reads back as the same catalog.

The table of contents, the charts and the findings appendix are drawn (they print, but are no
part of the PDF's text); every other page is text in the template's words, Danish numbers with a
plain hyphen-minus, on A4.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings

from omprio.check import check_catalog
from omprio.findings import Finding
from omprio.model import Catalog
from omprio.publish.html import catalog_html
from omprio.publish.pdf import catalog_pdf
from omprio.publish.typst_support import segments
from omprio.read import Loaded, load_bytes
from publish_support import catalog_difference, program
from strategies import catalogs


def findings_of(loaded: Loaded) -> list[Finding]:
    return [*loaded.findings, *check_catalog(loaded.catalog)]


@pytest.fixture(scope="module")
def seed_pdf(seed: Loaded) -> bytes:
    """The reference catalog published as PDF, with its four findings in the appendix."""
    return catalog_pdf(seed.catalog, findings_of(seed))


def pdf_text(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        pages = []
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            pages.append(str(textpage.get_text_range()))
            textpage.close()
        return pages
    finally:
        document.close()


def bookmarks(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        return [str(item.get_title()) for item in document.get_toc()]
    finally:
        document.close()


def test_the_published_pdf_reads_back_as_the_same_catalog(seed: Loaded, seed_pdf: bytes) -> None:
    back = load_bytes(seed_pdf, "x.pdf")
    assert back.kind == "pdf"
    assert back.findings == (), [f.message("en") for f in back.findings]
    assert catalog_difference(seed.catalog, back.catalog) == ""


def test_the_pdf_has_the_structure_of_the_reference_catalog(seed_pdf: bytes) -> None:
    pages = pdf_text(seed_pdf)
    text = "\n".join(pages)
    assert pages[0].startswith("OMPRIORITERINGSKATALOG\r\n2024 – 2027\r\nSociale Forhold og")
    assert "AARHUS, DEN 22. NOVEMBER 2023" in pages[0]
    overview = "OVERBLIK\r\n24-PL (1.000 KR.) 2024 2025 2026 2027"
    assert any(page.startswith(overview) for page in pages)
    assert "OMPRIORITERINGSTILTAG, I ALT -19.730 -19.730 -19.730 -19.730" in text
    measure = next(page for page in pages if "Tema 1A, BFF-1" in page)
    for expected in (
        "Omprioriteringstiltag 2024-2027 Tema 1A, BFF-1\r\nOmlægning af Brobyg-fraværsindsats",
        "Beskrivelse af tiltaget, herunder ændring i værdi for borgerne",
        "Økonomiske konsekvenser og personaleændringer 2024-2027 (2024-PL i 1.000 kr.)",
        "2024 2025 2026 2027",
        "Nettoændringer i driftsudgifter i alt -1.000 -1.000 -1.000 -1.000",
        "Personaleændringer (fuldtidsstillinger) -2 -2 -2 -2",
        "Sektor: 1.20 Drift",
        "Budget for området: Brobyg-fraværsindsats har et samlet driftsbudget på 4,365 mio. kr.",
        "Besparelse i %: 22,9%",
    ):
        assert expected in measure, (expected, measure)
    # Danish numbers with a plain hyphen-minus, æøå as they are; no typographic minus.
    assert "-10,5" in text and "\u2212" not in text and "æ" in text and "Å" in text


def test_the_pdf_is_a4_with_one_page_per_measure_and_bookmarks(
    seed: Loaded, seed_pdf: bytes
) -> None:
    document = pdfium.PdfDocument(seed_pdf)
    try:
        width, height = document[0].get_size()
        count = len(document)
    finally:
        document.close()
    assert (round(width), round(height)) == (595, 842)
    # cover, contents, introduction, overview, charts, 19 measures, appendix
    assert count == 5 + len(seed.catalog.measures) + 1
    marks = bookmarks(seed_pdf)
    assert marks[:5] == ["Indhold", "Indledning", "Overblik", "Figurer", "Tiltag"]
    assert "BFF-1 Omlægning af Brobyg-fraværsindsats" in marks
    assert marks[-1] == "Bilag: Kontrolresultater"


def test_contents_charts_and_appendix_are_drawn_not_text(seed_pdf: bytes) -> None:
    pages = pdf_text(seed_pdf)
    # Contents (page 2), charts (page 5) and the appendix (last page) carry only the footer
    # (the catalog and the page number; see test_publish_edition.py for stored versions).
    for number in (2, 5, len(pages)):
        footer = f"Omprioriteringskatalog 2024–2027 · Side {number} af {len(pages)}"
        assert pages[number - 1].strip() == footer, pages[number - 1]
    text = "\n".join(pages)
    assert "savings-pct" not in text and "Indhold" not in text and "Kontrolresultater" not in text


def test_without_findings_there_is_no_appendix(seed: Loaded) -> None:
    data = catalog_pdf(seed.catalog, [])
    assert "Bilag: Kontrolresultater" not in bookmarks(data)
    assert catalog_difference(seed.catalog, load_bytes(data, "x.pdf").catalog) == ""


def test_a_large_generated_catalog_reads_back() -> None:
    from generate import generate

    catalog = generate(60, seed=7)
    back = load_bytes(catalog_pdf(catalog), "generated.pdf")
    assert back.findings == ()
    assert catalog_difference(catalog, back.catalog) == ""


def test_measure_headers_that_repeat_on_every_page_are_not_running_headers(seed: Loaded) -> None:
    # Nine measures of one area and theme, all saving '10 %': every measure page starts
    # 'Omprioriteringstiltag 2024-2027 Tema 1A, MBU-#' and ends 'Besparelse i %: 10 %'.
    chosen = seed.catalog.measures[1:10]
    codes = {m.code: f"MBU-{i + 1}" for i, m in enumerate(chosen)}
    measures = tuple(
        dataclasses.replace(m, code=codes[m.code], theme="1A", stated_savings_pct="10 %")
        for m in chosen
    )
    rows = tuple(
        dataclasses.replace(row, measure=codes[row.measure], theme="1")
        for row in seed.catalog.overview
        if row.measure in codes
    )
    catalog = dataclasses.replace(
        seed.catalog,
        measures=measures,
        overview=rows,
        overview_totals=(),
        themes=seed.catalog.themes[:1],
        target={},
    )
    back = load_bytes(catalog_pdf(catalog), "mbu.pdf")
    assert back.findings == ()
    assert catalog_difference(catalog, back.catalog) == ""


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs())
def test_any_plausible_catalog_reads_back_from_its_pdf(catalog: Catalog) -> None:
    back = load_bytes(catalog_pdf(catalog), "gen.pdf")
    assert back.findings == (), [f.message("en") for f in back.findings]
    assert catalog_difference(catalog, back.catalog) == ""


def test_english_edition_translates_labels_not_the_catalog(seed: Loaded) -> None:
    text = "\n".join(pdf_text(catalog_pdf(seed.catalog, findings_of(seed), "en")))
    for english in (
        "OVERVIEW",
        "Reprioritization measure 2024-2027 Theme 1A, BFF-1",
        "Description of the measure, including the change in value for citizens",
        "Net change in operating expenditure, total -1,000 -1,000 -1,000 -1,000",
        "Staff changes (full-time positions)",
        "Sector: 1.20 Drift",
        "Omlægning af Brobyg-fraværsindsats",  # the catalog's own text stays Danish
    ):
        assert english in text, english
    assert "Nettoændringer i driftsudgifter i alt" not in text


def test_lines_never_break_where_the_reader_would_misread_them() -> None:
    assert segments("Omlægning af Brobyg-fraværsindsats og børne- og unge") == [
        (0, "Omlægning af"),
        (1, "Brobyg-fraværsindsats"),
        (0, "og"),
        (1, "børne- og"),
        (0, "unge"),
    ]
    # A wrapped line must not start with a field or note of the template.
    assert segments("a Sektoren b *Anm. c") == [(1, "a Sektoren"), (1, "b *Anm."), (0, "c")]
    assert segments("") == []


def test_first_pages_render_as_a_reader_sees_them(seed_pdf: bytes, tmp_path: Path) -> None:
    pdftoppm = program("pdftoppm", "poppler-utils")
    path = tmp_path / "seed.pdf"
    path.write_bytes(seed_pdf)
    subprocess.run(
        [pdftoppm, "-png", "-r", "40", "-f", "1", "-l", "5", str(path), str(tmp_path / "p")],
        check=True,
        timeout=120,
    )
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == 5
    for image in images:  # drawn pages (contents, charts) are not blank
        assert image.stat().st_size > 3000, image


def test_the_html_edition_is_one_standalone_file(seed: Loaded) -> None:
    page = catalog_html(seed.catalog, findings_of(seed))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="da">' in page
    assert not re.search(r"""(?:src|href)=["']https?:""", page)  # nothing fetched
    assert "<link" not in page and "<script" not in page
    anchors = set(re.findall(r'href="#([^"]+)"', page))
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert anchors and anchors <= ids
    assert "data:image/svg+xml;base64," in page
    for expected in (
        "OVERBLIK",
        "-19.730",
        "Nettoændringer i driftsudgifter i alt",
        "Bilag: Kontrolresultater",
        "savings-pct",
        "Besparelse i %:",
    ):
        assert expected in page, expected
