"""Reading catalogs from real PDFs: the seed rendered with fpdf2 (see ``pdf_maker``) and read back.

The PDFs are laid out like a catalog: table rows are a label cell plus one right-aligned text
object per amount, so PDFium must rebuild every row; long measure pages continue on a new page;
every page has its printed number in the footer.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fpdf", reason="fpdf2 (a dev dependency) is needed to make test PDFs")

import pypdfium2 as pdfium
from fpdf import FPDF

from omprio.findings import Finding
from omprio.interchange import catalog_to_json
from omprio.model import Catalog, Source
from omprio.publish.template_text import catalog_pages
from omprio.read import Loaded, ReadError, load_bytes
from pdf_maker import (
    Location,
    PageLine,
    RenderedPdf,
    Row,
    as_row,
    catalog_pdf,
    find_unicode_font,
    render_pdf,
)


def is_source_key(key: str) -> bool:
    """``source``, ``net_source`` and any other ``*_source`` (where a record was read)."""
    return key == "source" or key.endswith("_source")


# Layouts of the same catalog: as many lines as fit on A4, and short pages so that most measure
# pages (and many economics tables) continue on a second PDF page.
LAYOUTS = {"a4": None, "overflowing": 14}


def without_sources(document: Any) -> Any:
    """A JSON document with every ``source``/``net_source``/``*_source`` key removed."""
    if isinstance(document, dict):
        return {k: without_sources(v) for k, v in document.items() if not is_source_key(k)}
    if isinstance(document, list):
        return [without_sources(item) for item in document]
    return document


def same_catalog(left: Catalog, right: Catalog) -> bool:
    return bool(without_sources(catalog_to_json(left)) == without_sources(catalog_to_json(right)))


def describe_findings(findings: tuple[Finding, ...]) -> str:
    return "; ".join(f"{f.rule} at {f.source} {dict(f.params)}" for f in findings)


def page_text(data: bytes, page: int) -> str:
    """What PDFium extracts from 1-based ``page`` (for messages and diagnostics)."""
    document = pdfium.PdfDocument(data)
    try:
        textpage = document[page - 1].get_textpage()
        text = str(textpage.get_text_range())
        textpage.close()
        return text
    finally:
        document.close()


def page_line_count(data: bytes, page: int) -> int:
    return len(page_text(data, page).splitlines())


@pytest.fixture(scope="module", params=sorted(LAYOUTS))
def layout(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def seed_pdf(seed: Loaded, layout: str) -> RenderedPdf:
    """The seed catalog, page by page as the template writer lays it out, as a PDF."""
    return catalog_pdf(seed.catalog, max_lines=LAYOUTS[layout])


@pytest.fixture(scope="module")
def a4_seed_pdf(seed: Loaded) -> RenderedPdf:
    """The seed as a PDF with full A4 pages (for tests that do not vary the layout)."""
    return catalog_pdf(seed.catalog)


@pytest.fixture(scope="module")
def seed_pdf_loaded(seed_pdf: RenderedPdf) -> Loaded:
    return load_bytes(seed_pdf.data, "seed.pdf")


@pytest.fixture(scope="module")
def seed_page_lines(seed: Loaded) -> list[list[str]]:
    return [list(page) for page in catalog_pages(seed.catalog)]


# --- the PDF maker itself ----------------------------------------------------------------


def test_maker_draws_each_amount_as_its_own_text_object(seed: Loaded) -> None:
    """Rows are separate text objects that PDFium reassembles, as in a real catalog."""
    rendered = catalog_pdf(seed.catalog)
    document = pdfium.PdfDocument(rendered.data)
    try:
        page = document[1]  # the overview
        texts = list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_TEXT]))
    finally:
        document.close()
    overview = page_text(rendered.data, 2)
    # 24 rows of 4 amounts + the year header: far more text objects than lines.
    assert len(texts) > len(overview.splitlines()) + 4 * 20, len(texts)
    assert "I ALT -9.094 -6.680 -6.310 -6.026" in overview, overview


def test_maker_falls_back_to_a_core_font_with_cp1252_text() -> None:
    rendered = render_pdf([["Æblegrød på ØRESUND – MSB’s • 1.000 − 2"]], font=None)
    assert rendered.font == "helvetica"
    assert page_text(rendered.data, 1).splitlines()[0] == "Æblegrød på ØRESUND – MSB’s • 1.000 - 2"


# --- (a) the seed as PDF gives the same catalog as the seed as text -----------------------


@pytest.mark.parametrize("font", ["unicode", "core"])
def test_seed_pdf_reads_as_the_same_catalog(seed: Loaded, layout: str, font: str) -> None:
    if font == "unicode":
        if find_unicode_font() is None:
            pytest.skip("DejaVuSans.ttf is not installed (apt-get install fonts-dejavu-core); "
                        "the Helvetica/cp1252 variant of this test still runs")
        rendered = catalog_pdf(seed.catalog, max_lines=LAYOUTS[layout])
    else:
        rendered = catalog_pdf(seed.catalog, max_lines=LAYOUTS[layout], font=None)
    loaded = load_bytes(rendered.data, "seed.pdf")
    assert loaded.kind == "pdf"
    assert loaded.findings == (), describe_findings(loaded.findings)
    expected = without_sources(catalog_to_json(seed.catalog))
    actual = without_sources(catalog_to_json(loaded.catalog))
    for key in expected:
        assert actual[key] == expected[key], key
    assert actual == expected


def test_seed_pdf_has_pages_that_overflow(seed_pdf: RenderedPdf, seed: Loaded) -> None:
    """The fixture really exercises measures that continue on a second PDF page."""
    measure_pages = [seed_pdf.first_page(index + 2) for index in range(len(seed.catalog.measures))]
    assert any(page > index + 3 for index, page in enumerate(measure_pages))
    assert seed_pdf.page_count > len(seed.catalog.measures) + 2


# --- (b) sources carry the PDF page and the line within that page -------------------------


def _located(source: Source, expected: Location, data: bytes, what: str) -> None:
    assert source.path == "seed.pdf", what
    assert (source.page, source.line) == (expected.page, expected.line), (
        f"{what}: read at {source}, drawn at p{expected.page}:{expected.line}; page text:\n"
        f"{page_text(data, expected.page)}")


def test_measure_sources_have_their_pdf_page(seed_pdf: RenderedPdf,
                                             seed_pdf_loaded: Loaded) -> None:
    measures = seed_pdf_loaded.catalog.measures
    for index, measure in enumerate(measures):
        drawn = seed_pdf.locations[index + 2]
        assert measure.source.page is not None, measure.code
        assert measure.source.page >= index + 3, measure.code
        _located(measure.source, drawn[0], seed_pdf.data, measure.code)
        last_page = drawn[-1].page
        for line in (*measure.lines, *measure.adjustments):
            page, number = line.source.page, line.source.line
            assert page is not None, (measure.code, line.label)
            assert number is not None, (measure.code, line.label)
            assert drawn[0].page <= page <= last_page, (measure.code, line.label, line.source)
            assert 1 <= number <= page_line_count(seed_pdf.data, page), (measure.code, line.source)
        if measure.net_source is not None:
            assert drawn[0].page <= (measure.net_source.page or 0) <= last_page, measure.code


def test_overview_sources_are_on_page_2(seed_pdf: RenderedPdf, seed_pdf_loaded: Loaded,
                                        seed_page_lines: list[list[str]], layout: str) -> None:
    catalog = seed_pdf_loaded.catalog
    overview_lines = seed_page_lines[1]
    drawn = seed_pdf.locations[1]
    if LAYOUTS[layout] is None:
        assert {loc.page for loc in drawn} == {2}
    records: list[tuple[str, Source]] = [(row.label, row.source) for row in catalog.overview]
    records += [(total.label, total.source) for total in catalog.overview_totals]
    assert len(records) >= 20
    for label, source in records:
        assert source.page is not None, label
        assert source.line is not None, label
        assert source.page in {loc.page for loc in drawn}, (label, str(source))
        assert 1 <= source.line <= page_line_count(seed_pdf.data, source.page), (label, str(source))
        # The row starts on the drawn line its source names.
        index = next(i for i, loc in enumerate(drawn)
                     if (loc.page, loc.line) == (source.page, source.line))
        text = overview_lines[index]
        row = as_row(text, 4)
        first = row.label if row is not None else text
        assert label.upper().startswith(first.upper()), (label, first, str(source))


def test_catalog_source_is_page_1(seed_pdf_loaded: Loaded) -> None:
    assert seed_pdf_loaded.catalog.source == Source("seed.pdf", 1, 1)


# --- (c) documents that are not catalogs, have no text, or are damaged ---------------------


def _no_text_pdf(draw: Callable[[FPDF], None]) -> bytes:
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()
    draw(pdf)
    return bytes(pdf.output())


def _rectangle(pdf: FPDF) -> None:
    pdf.rect(20, 20, 120, 60, style="F")


def _image(pdf: FPDF) -> None:
    from PIL import Image

    pdf.image(Image.new("RGB", (60, 30), (40, 90, 160)), x=20, y=20, w=120)


def test_pdf_that_is_not_a_catalog() -> None:
    data = render_pdf([["Hej verden"]]).data
    with pytest.raises(ReadError, match="does not look like a reprioritization catalog") as info:
        load_bytes(data, "hej.pdf")
    assert str(info.value).startswith("hej.pdf: ")


@pytest.mark.parametrize("draw", [_rectangle, _image], ids=["rectangle", "image"])
def test_pdf_without_text_layer(draw: Callable[[FPDF], None]) -> None:
    with pytest.raises(ReadError, match="no text") as info:
        load_bytes(_no_text_pdf(draw), "scan.pdf")
    assert info.value.path == "scan.pdf"


def _damaged(data: bytes) -> Iterator[tuple[str, bytes]]:
    garbage = random.Random(2024)
    yield "cut-in-half", data[: len(data) // 2]
    yield "cut-before-trailer", data[: len(data) - 40]
    yield "garbage-after-header", b"%PDF-1.4\n" + bytes(garbage.randrange(256) for _ in range(4000))
    yield "header-only", b"%PDF-1.4\n"


def test_damaged_pdfs_raise_read_error(a4_seed_pdf: RenderedPdf) -> None:
    for name, data in _damaged(a4_seed_pdf.data):
        with pytest.raises(ReadError) as info:
            load_bytes(data, f"{name}.pdf")
        assert info.value.reason, name


def _missing_page_pdf() -> bytes:
    """The page tree says 3 pages, there are 2: PDFium opens it but cannot load page 3."""
    data = render_pdf([["Hej verden"], ["Side to"]]).data
    broken = data.replace(b"/Count 2", b"/Count 3", 1)  # same length: the xref stays valid
    assert broken != data
    return broken


def test_page_tree_with_a_missing_page_raises_read_error() -> None:
    with pytest.raises(ReadError):
        load_bytes(_missing_page_pdf(), "missing-page.pdf")


def test_mutated_pdfs_never_raise_anything_but_read_error(a4_seed_pdf: RenderedPdf) -> None:
    """Overwritten, scrambled and deleted bytes: a catalog, or a ReadError; nothing else."""
    rng = random.Random(7)
    data = a4_seed_pdf.data
    failures: list[str] = []
    for trial in range(30):
        mutated = bytearray(data)
        start = rng.randrange(len(mutated))
        if trial % 3 == 0:
            size = rng.randrange(1, 200)
            mutated[start:start + size] = bytes(rng.randrange(256) for _ in range(size))
        elif trial % 3 == 1:
            for _ in range(20):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        else:
            end = rng.randrange(len(mutated))
            del mutated[min(start, end):max(start, end)]
        try:
            load_bytes(bytes(mutated), "mutated.pdf")
        except ReadError:
            pass
        except Exception as exc:  # the point of the test: report, do not stop at the first
            failures.append(f"trial {trial}: {type(exc).__module__}.{type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures)


# --- (d) the command line on a PDF --------------------------------------------------------


def _omprio(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1", "OMPRIO_LANG": "da"}
    return subprocess.run([sys.executable, "-m", "omprio", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          check=False)


@pytest.fixture(scope="module")
def seed_pdf_file(a4_seed_pdf: RenderedPdf, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "seed.pdf"
    path.write_bytes(a4_seed_pdf.data)
    return path


def _measure_pages(seed: Loaded, rendered: RenderedPdf, code: str) -> set[int]:
    """The PDF pages the measure ``code`` was drawn on."""
    index = next(i for i, m in enumerate(seed.catalog.measures) if m.code == code)
    return {location.page for location in rendered.locations[index + 2]}


def test_cli_check_pdf(seed: Loaded, a4_seed_pdf: RenderedPdf, seed_pdf_file: Path) -> None:
    pages = _measure_pages(seed, a4_seed_pdf, "JUS-1")
    result = _omprio("check", seed_pdf_file.name, cwd=seed_pdf_file.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    warning = [line for line in result.stdout.splitlines() if "savings-pct" in line]
    assert len(warning) == 1, result.stdout
    assert any(f"seed.pdf:p{page}:" in warning[0] for page in pages), (pages, result.stdout)
    assert "JUS-1" in result.stdout.split(warning[0])[0], result.stdout

    result = _omprio("check", seed_pdf_file.name, "--format", "json", cwd=seed_pdf_file.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["measure"]) for f in findings] == [
        ("prose-number-format", "MSB-1"), ("prose-year-list", "BFF-3A"), ("savings-pct", "JUS-1"),
        ("prose-approximate", "VJH-5")]
    source = findings[2]["source"]
    assert source["path"] == "seed.pdf"
    assert source["page"] in pages
    assert 1 <= source["line"] <= page_line_count(a4_seed_pdf.data, source["page"])


def test_cli_export_pdf_gives_the_measures_of_the_text(seed_path: Path, a4_seed_pdf: RenderedPdf,
                                                       seed_pdf_file: Path) -> None:
    from_pdf = _omprio("export", seed_pdf_file.name, "--format", "json",
                       cwd=seed_pdf_file.parent)
    assert from_pdf.returncode == 0, from_pdf.stderr
    from_text = _omprio("export", str(seed_path), "--format", "json", cwd=seed_pdf_file.parent)
    assert from_text.returncode == 0, from_text.stderr
    pdf_document = json.loads(from_pdf.stdout)
    text_document = json.loads(from_text.stdout)
    assert len(pdf_document["measures"]) == 19
    assert without_sources(pdf_document["measures"]) == without_sources(text_document["measures"])
    pages = [m["source"]["page"] for m in pdf_document["measures"]]
    assert pages == [a4_seed_pdf.first_page(index + 2) for index in range(len(pages))]


def test_cli_check_unreadable_pdf(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(_no_text_pdf(_rectangle))
    result = _omprio("check", "scan.pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert "intet tekstlag" in result.stderr  # OMPRIO_LANG=da
    assert "Traceback" not in result.stderr


def test_cli_check_pdf_with_a_missing_page(tmp_path: Path) -> None:
    """A damaged PDF is a ReadError message (exit 2), not an 'unexpected error'."""
    (tmp_path / "missing-page.pdf").write_bytes(_missing_page_pdf())
    result = _omprio("check", "missing-page.pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("omprio: missing-page.pdf: "), result.stderr
    assert "unexpected" not in result.stderr, result.stderr


# --- (e) a broken cell in a measure's table is a finding on that page ---------------------


@pytest.mark.parametrize(("cell", "rule"), [("x", "table-cell"), ("", "table-row")],
                         ids=["x", "empty"])
def test_bad_cell_is_a_finding_on_its_page(seed: Loaded, seed_page_lines: list[list[str]],
                                           layout: str, cell: str, rule: str) -> None:
    code = "BFF-1"
    index = next(i for i, m in enumerate(seed.catalog.measures) if m.code == code) + 2
    pages: list[list[PageLine]] = [list(page) for page in seed_page_lines]
    at = next(i for i, text in enumerate(seed_page_lines[index])
              if text.startswith("Omlægning af Brobyg-fraværsindsats -"))
    row = as_row(seed_page_lines[index][at], 4)
    assert row is not None
    pages[index][at] = Row(row.label, (row.cells[0], cell, *row.cells[2:]))
    rendered = render_pdf(pages, max_lines=LAYOUTS[layout])
    where = rendered.locations[index][at]

    loaded = load_bytes(rendered.data, "bad-cell.pdf")
    found = [f for f in loaded.findings if f.rule == rule]
    assert found, (describe_findings(loaded.findings), page_text(rendered.data, where.page))
    assert found[0].measure == code
    assert found[0].source == Source("bad-cell.pdf", where.line, where.page), (
        str(found[0].source), page_text(rendered.data, where.page))
    if cell:
        assert dict(found[0].params)["cell"] == cell


# --- beyond the brief: a running header line on every page --------------------------------


def test_running_header_is_not_part_of_the_catalog(seed: Loaded) -> None:
    rendered = catalog_pdf(seed.catalog, header="Omprioriteringskatalog 2024–2027 – "
                                                "Sociale Forhold og Beskæftigelse")
    loaded = load_bytes(rendered.data, "header.pdf")
    assert loaded.findings == (), describe_findings(loaded.findings)
    assert same_catalog(loaded.catalog, seed.catalog)
