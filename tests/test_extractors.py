"""Extractors (issue 13, item 6): the seed's published PDF read back through every extractor.

``pdftotext -layout``, ``pdftotext`` (raw, drawing order), PDFium's text and Word's "save as
text" (LibreOffice's text export of the published ``.docx``) each write page numbers, running
footers, tables and contents their own way; the reader drops page furniture before it reads
fields (:mod:`omprio.read.pages`), joins tables written one cell per line or as a column of
labels above the amounts (:mod:`omprio.read.cells`) and drops a written-out table of contents
and the sections it names that the template has no place for (:mod:`omprio.read.contents`).

The checked fields are the 292 of :func:`checked_fields`: the catalog's title, organisation,
department, date, period, price base and unit, and per measure its code, theme, title,
description, sector, area budget, stated savings % and the four years of net and of FTE.
"""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from omprio.model import Catalog
from omprio.publish.pdf import catalog_pdf
from omprio.read import Loaded, load_bytes
from omprio.read.cells import join_cell_lines, join_label_blocks
from omprio.read.lines import TextLine, split_lines
from omprio.read.pages import drop_text_furniture, page_number
from publish_support import catalog_difference, program

_CATALOG_FIELDS = ("title", "organisation", "department", "date", "stated_period", "price_base",
                   "unit")


def checked_fields(catalog: Catalog) -> dict[str, object]:
    """The fields the issue counts (292 for the seed), by name."""
    fields: dict[str, object] = {f"catalog.{name}": getattr(catalog, name)
                                 for name in _CATALOG_FIELDS}
    for m in catalog.measures:
        fields[f"{m.code}.code"] = m.code
        for name in ("theme", "title", "description", "sector", "stated_savings_pct"):
            fields[f"{m.code}.{name}"] = getattr(m, name)
        fields[f"{m.code}.area_budget"] = m.area_budget.text if m.area_budget else None
        for year, value in (m.net or {}).items():
            fields[f"{m.code}.net.{year}"] = value
        for year, value in (m.fte or {}).items():
            fields[f"{m.code}.fte.{year}"] = value
    return fields


def wrong_fields(expected: Catalog, actual: Catalog) -> list[str]:
    want, got = checked_fields(expected), checked_fields(actual)
    return [f"{key}: {got.get(key)!r}" for key, value in want.items() if got.get(key) != value]


@pytest.fixture(scope="module")
def seed_pdf(seed: Loaded) -> bytes:
    """The seed as omprio publishes it (with its four findings in the appendix)."""
    from omprio.check import check_catalog

    return catalog_pdf(seed.catalog, [*seed.findings, *check_catalog(seed.catalog)])


@pytest.fixture(scope="module")
def pdf_file(seed_pdf: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("extractors") / "seed.pdf"
    path.write_bytes(seed_pdf)
    return path


def pdftotext(path: Path, *options: str) -> bytes:
    executable = program("pdftotext", "poppler-utils")
    return subprocess.run([executable, *options, str(path), "-"], capture_output=True,
                          check=True, timeout=120).stdout


def pdfium_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        pages = []
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            pages.append(str(textpage.get_text_range()))
            textpage.close()
        return "\f".join(pages)
    finally:
        document.close()


def test_the_seed_has_292_checked_fields(seed: Loaded) -> None:
    assert len(checked_fields(seed.catalog)) == 292


@pytest.mark.parametrize("options", [("-layout",), ("-layout", "-nopgbrk")],
                         ids=["layout", "layout-no-page-breaks"])
def test_pdftotext_layout_reads_the_same_catalog(
    seed: Loaded, pdf_file: Path, options: tuple[str, ...]
) -> None:
    text = pdftotext(pdf_file, *options)
    assert b"Side 7 af" in text  # the footer is there to be dropped
    back = load_bytes(text, "seed.txt")
    assert wrong_fields(seed.catalog, back.catalog) == []
    assert back.findings == (), [f.message("en") for f in back.findings]
    assert catalog_difference(seed.catalog, back.catalog) == ""


def test_pdftotext_raw_reads_the_checked_fields_of_all_but_one_measure(
    seed: Loaded, pdf_file: Path
) -> None:
    """Without -layout, pdftotext writes text in drawing order: labels above the year header,
    amounts below it, footers mid-page. JUS-2's table, which it writes one year column at a time
    with its cells interleaved, is not rebuilt (see docs/interchange.md); everything else is."""
    back = load_bytes(pdftotext(pdf_file), "seed.txt")
    wrong = wrong_fields(seed.catalog, back.catalog)
    assert {key.split(".")[0] for key in wrong} <= {"JUS-2"}, wrong
    assert len(checked_fields(seed.catalog)) - len(wrong) >= 284
    assert not any("Side" in str(v) for v in checked_fields(back.catalog).values())


def test_pdfium_reads_the_same_catalog_from_the_pdf_and_from_its_text(
    seed: Loaded, seed_pdf: bytes
) -> None:
    from_pdf = load_bytes(seed_pdf, "seed.pdf")
    from_text = load_bytes(pdfium_text(seed_pdf).encode(), "seed.txt")
    for back in (from_pdf, from_text):
        assert wrong_fields(seed.catalog, back.catalog) == []
        assert catalog_difference(seed.catalog, back.catalog) == ""


def test_word_save_as_text_reads_the_same_catalog(seed: Loaded, tmp_path: Path) -> None:
    from omprio.publish.formats import publish
    from publish_support import libreoffice_convert

    program("soffice", "libreoffice-writer")
    docx = tmp_path / "seed.docx"
    from omprio.check import check_catalog

    document = publish(seed.catalog, [*seed.findings, *check_catalog(seed.catalog)], "docx")
    assert isinstance(document, bytes)
    docx.write_bytes(document)
    text = libreoffice_convert(docx, "txt:Text (encoded):UTF8", tmp_path).read_bytes()
    assert b"Indhold" in text and b"Bilag" in text  # contents and appendix are text here
    back = load_bytes(text, "seed.txt")
    assert wrong_fields(seed.catalog, back.catalog) == []
    assert catalog_difference(seed.catalog, back.catalog) == ""


# --- page furniture on small texts ----------------------------------------------------------


def lines_of(text: str) -> list[str]:
    return [line.text for line in drop_text_furniture(list(split_lines(text, "t.txt")))]


@pytest.mark.parametrize("number", ["7", "Side 7", "side 7 af 40", "7 af 40", "7/40", "- 7 -",
                                    "– 7 –", "Page 7 of 40", "S. 7"])
def test_page_number_styles(number: str) -> None:
    assert page_number(number) == 7


@pytest.mark.parametrize("text", ["-7", "7,5", "1.000", "Side 7 er vigtig", "7 mio. kr.", "-2 -2"])
def test_what_is_no_page_number(text: str) -> None:
    assert page_number(text) is None


@pytest.mark.parametrize("style", ["{n}", "Side {n}", "Side {n} af 9", "- {n} -", "{n}/9",
                                   "Katalog 2024–2027 · Side {n} af 9", "Aarhus 2024 · {n}",
                                   "MSB | Page {n} of 9"])
@pytest.mark.parametrize("breaks", ["\f", "\n"], ids=["form-feeds", "no-page-breaks"])
def test_the_foot_of_the_page_is_never_glued_to_a_field(style: str, breaks: str) -> None:
    words = ["Indledning", "Overblik", "Tiltag A", "Tiltag B"]
    pages = [f"{word}\nBesparelse i %: 22,9%\n\n{style.format(n=n)}\n"
             for n, word in enumerate(words, start=1)]
    text = breaks.join(pages)
    assert lines_of(text) == [line for word in words for line in (word, "Besparelse i %: 22,9%")]


def test_a_running_header_is_dropped_with_page_breaks() -> None:
    words = ["Indledning", "Overblik", "Tiltag A", "Tiltag B"]
    pages = [f"Aarhus Kommune – MSB\n{word}\n{n}" for n, word in enumerate(words, start=1)]
    assert lines_of("\f".join(pages)) == words


def test_printed_numbers_may_be_offset_from_the_page_position() -> None:
    # A cover and a contents page without numbers: page 3 is printed '1'.
    words = ["Forside", "Indhold", "Indledning", "Overblik", "Tiltag A", "Tiltag B"]
    pages = [*words[:2], *(f"{word}\n{n}" for n, word in enumerate(words[2:], start=1))]
    assert lines_of("\f".join(pages)) == words


def test_cells_one_per_line_are_never_taken_for_page_numbers() -> None:
    table = "Personaleændringer (fuldtidsstillinger)\n1\n2\n3\n4"
    cells = ["Personaleændringer (fuldtidsstillinger)", "1", "2", "3", "4"]
    # Page 4 of a table one cell per line ends in '4': a cell, not the page number.
    assert lines_of("\f".join(["A", "B", "C", table])) == ["A", "B", "C", *cells]
    # Without page breaks a lone number next to another lone number is a cell too.
    assert lines_of(f"{table}\nTekst\n{table}") == [*cells, "Tekst", *cells]


def test_a_lone_number_once_is_content() -> None:
    assert lines_of("Antal pladser:\n12\nFlere ord\n") == ["Antal pladser:", "12", "Flere ord"]


def test_a_table_row_that_repeats_is_never_a_running_line() -> None:
    words = ["Indledning", "Overblik", "Tiltag A", "Tiltag B", "Tiltag C"]
    pages = [f"{word}\nPersonaleændringer (fuldtidsstillinger) 0 0 0 0" for word in words]
    assert lines_of("\f".join(pages))[-1] == "Personaleændringer (fuldtidsstillinger) 0 0 0 0"
    assert len(lines_of("\f".join(pages))) == 10


# --- tables written one cell per line, or labels above the amounts ---------------------------


def lines(*texts: str) -> list[TextLine]:
    return [TextLine(text, number, None, "t.txt") for number, text in enumerate(texts, start=1)]


def test_cells_one_per_line_are_joined_into_rows() -> None:
    joined = join_cell_lines(lines("Caption (2024-PL i 1.000 kr.)", "2024", "2025", "2026",
                                   "Netto i alt", "-1.000", "-", "2,5", "Sektor: 1.20"))
    assert [x.text for x in joined] == ["Caption (2024-PL i 1.000 kr.)", "2024 2025 2026",
                                        "Netto i alt -1.000 - 2,5", "Sektor: 1.20"]


def test_labels_above_the_year_header_get_their_amounts_row_by_row() -> None:
    joined = join_label_blocks(lines(
        "Økonomiske konsekvenser 2024-2027 (2024-PL i 1.000 kr.)", "Styrket fokus på § 83",
        "Nettoændringer i driftsudgifter i alt", "Personaleændringer (fuldtidsstillinger)",
        "Sektor: 1.20 Drift", "2024 2025", "-375 -375 -375", "-375", "0", "0"))
    assert [x.text for x in joined] == [
        "Økonomiske konsekvenser 2024-2027 (2024-PL i 1.000 kr.)", "2024 2025",
        "Styrket fokus på § 83 -375 -375", "Nettoændringer i driftsudgifter i alt -375 -375",
        "Personaleændringer (fuldtidsstillinger) 0 0", "Sektor: 1.20 Drift"]


def test_labels_and_amounts_that_do_not_add_up_are_left_alone() -> None:
    given_lines = lines("Økonomiske konsekvenser (2024-PL i 1.000 kr.)", "A", "B",
                        "2024 2025", "-1 -2 -3")
    assert join_label_blocks(given_lines) == given_lines


# --- random page breaks in the seed's text ---------------------------------------------------


@st.composite
def paged_seed(draw: st.DrawFn, text: str) -> tuple[str, str]:
    """The seed's text cut into pages at random line breaks, each page ending in a page
    number of one style (with or without form feeds between the pages), perhaps starting with
    a running header."""
    raw = text.splitlines()
    drawn = sorted(draw(st.sets(st.integers(1, len(raw) - 1), min_size=3, max_size=30)))
    # Every page has some text (a page of nothing but its number is no page of a catalog).
    cuts: list[int] = []
    for cut in drawn:
        start = cuts[-1] if cuts else 0
        if any(line.strip() for line in raw[start:cut]):
            cuts.append(cut)
    if cuts and not any(line.strip() for line in raw[cuts[-1]:]):
        cuts.pop()
    assume(cuts)  # two pages at least: one number alone, without page breaks, is no sequence
    style = draw(st.sampled_from(["{n}", "Side {n}", "Side {n} af {total}", "- {n} -",
                                  "Omprioriteringskatalog · Side {n} af {total}"]))
    feed = draw(st.booleans())
    pieces = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
    # With page breaks, a running header too (three pages at least make it one); without, a
    # header with no number in it cannot be told from text and is not drawn.
    header = draw(st.sampled_from(["", "Aarhus Kommune – Sociale Forhold og Beskæftigelse",
                                   "MSB · Omprioriteringskatalog 2024–2027"]))
    if not feed or len(pieces) < 3:
        header = ""
    pages = ["\n".join([*([header] if header else []), *piece, "",
                        style.format(n=n, total=len(pieces))])
             for n, piece in enumerate(pieces, start=1)]
    return ("\f" if feed else "\n").join(pages), f"{style!r} {header!r} feed={feed}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_page_breaks_in_the_seed_read_the_same_catalog(
    seed: Loaded, seed_text: str, data: st.DataObject
) -> None:
    text, style = data.draw(paged_seed(seed_text))
    back = load_bytes(text.encode(), "paged.txt")
    assert wrong_fields(seed.catalog, back.catalog) == [], style
    assert catalog_difference(seed.catalog, back.catalog) == "", style


def test_decimal_fields_are_compared_exactly(seed: Loaded) -> None:
    fields = checked_fields(seed.catalog)
    assert isinstance(fields["BFF-1.net.2024"], Decimal)


# --- a written-out table of contents ----------------------------------------------------------


def test_a_contents_page_and_the_sections_it_names_after_the_overview_are_dropped() -> None:
    from omprio.read.contents import drop_contents

    given_lines = lines(
        "OMPRIORITERINGSKATALOG", "Indhold", "Indledning ..... 3", "Overblik ..... 4",
        "Figurer ..... 5", "Tema 1: Børn og unge", "BFF-1 Omlægning 6", "Bilag: Fund ..... 9",
        "Indledning", "BUDGETFORLIG 2024", "Figurer", "Tekst i indledningen.",
        "OVERBLIK", "TEMA 1: BØRN OG UNGE", "I ALT -1 -1", "FIGURER", "Figur 1 viser",
        "Omprioriteringstiltag 2024-2027 Tema 1A, BFF-1", "Besparelse i %: 10 %",
        "Bilag: Fund", "Advarsel savings-pct", "l. 530")
    assert [x.text for x in drop_contents(given_lines)] == [
        "OMPRIORITERINGSKATALOG", "BUDGETFORLIG 2024", "Figurer", "Tekst i indledningen.",
        "OVERBLIK", "TEMA 1: BØRN OG UNGE", "I ALT -1 -1",
        "Omprioriteringstiltag 2024-2027 Tema 1A, BFF-1", "Besparelse i %: 10 %"]


def test_without_the_first_entry_again_nothing_is_dropped() -> None:
    from omprio.read.contents import drop_contents

    given_lines = lines("Indhold", "Indledning", "Bilag", "Tekst", "OVERBLIK", "Bilag", "x")
    assert drop_contents(given_lines) == given_lines
