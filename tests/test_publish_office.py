"""The Excel workbook (a live one, and an input omprio reads back) and the Word document.

The workbook read back is the same catalog; a cell edited in it is exactly one changed amount;
its formulas carry their results (for viewers that do not recalculate) and LibreOffice, which
recalculates every formula, gets the same totals. LibreOffice also opens the Word document.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document as open_docx
from hypothesis import HealthCheck, given, settings
from openpyxl.worksheet.worksheet import Worksheet

from omprio.check import check_catalog
from omprio.model import Catalog
from omprio.publish.excel import catalog_xlsx
from omprio.publish.word import catalog_docx
from omprio.read import Loaded, ReadError, load, load_bytes
from omprio.store.diff import CatalogDiff, diff_catalogs
from publish_support import catalog_difference, libreoffice_convert
from strategies import catalogs
from test_publish_pdf import pdf_text


@pytest.fixture(scope="module")
def seed_xlsx(seed: Loaded) -> bytes:
    return catalog_xlsx(seed.catalog)


def edited(data: bytes, sheet: str, cell: str, value: str | int | float) -> bytes:
    """The workbook with one cell changed, as a person would with a spreadsheet program
    (openpyxl keeps the formulas but, like a program that does not recalculate, no results)."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    worksheet = workbook[sheet]
    assert isinstance(worksheet, Worksheet)
    worksheet[cell] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def changed_amounts(diff: CatalogDiff) -> list[tuple[str, str, Any, Any]]:
    changes = [("catalog", c.path, c.before, c.after) for c in diff.catalog]
    for measure in diff.changed:
        changes.extend((measure.code, c.path, c.before, c.after) for c in measure.changes)
    assert not diff.added and not diff.removed
    return changes


def cell_of(data: bytes, sheet: str, code: str, heading: str, kind: str | None = None) -> str:
    """The coordinate of the cell in column ``heading`` on the row of measure ``code``."""
    worksheet = openpyxl.load_workbook(io.BytesIO(data))[sheet]
    assert isinstance(worksheet, Worksheet)
    headings = [cell.value for cell in worksheet[1]]
    column = headings.index(heading) + 1
    kind_column = headings.index("Art") + 1 if kind else None
    for row in worksheet.iter_rows(min_row=2):
        if row[headings.index("Kode")].value == code and (
            kind_column is None or row[kind_column - 1].value == kind
        ):
            return str(row[column - 1].coordinate)
    raise AssertionError(f"no row for {code} {kind}")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_workbook_reads_back_as_the_same_catalog(seed: Loaded, lang: str) -> None:
    data = catalog_xlsx(seed.catalog, "en" if lang == "en" else "da")
    back = load_bytes(data, "catalog.xlsx")
    assert back.kind == "xlsx"
    assert catalog_difference(seed.catalog, back.catalog) == ""


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(fractional=True))
def test_any_catalog_reads_back_from_its_workbook(catalog: Catalog) -> None:
    back = load_bytes(catalog_xlsx(catalog), "gen.xlsx")
    assert catalog_difference(catalog, back.catalog) == ""


def test_one_edited_net_is_exactly_one_changed_amount(seed: Loaded, seed_xlsx: bytes) -> None:
    cell = cell_of(seed_xlsx, "Tiltag", "BFF-1", "Netto 2024")
    back = load_bytes(edited(seed_xlsx, "Tiltag", cell, -1234), "edited.xlsx").catalog
    assert changed_amounts(diff_catalogs(seed.catalog, back)) == [
        ("BFF-1", "net.2024", Decimal(-1000), Decimal(-1234))
    ]


def test_one_edited_line_is_exactly_one_changed_amount(seed: Loaded, seed_xlsx: bytes) -> None:
    cell = cell_of(seed_xlsx, "Linjer", "JUS-1", "2026", kind="linje")
    back = load_bytes(edited(seed_xlsx, "Linjer", cell, -700), "edited.xlsx").catalog
    changes = changed_amounts(diff_catalogs(seed.catalog, back))
    assert len(changes) == 1
    code, path, before, after = changes[0]
    assert code == "JUS-1" and path.endswith(".2026") and path.startswith("lines[")
    assert after == Decimal(-700) and before != after


def test_a_number_typed_over_a_formula_is_an_edit_of_what_it_showed(
    seed: Loaded, seed_xlsx: bytes
) -> None:
    cell = cell_of(seed_xlsx, "Linjer", "VJH-1", "2025", kind="netto")
    back = load_bytes(edited(seed_xlsx, "Linjer", cell, -1100), "edited.xlsx").catalog
    assert changed_amounts(diff_catalogs(seed.catalog, back)) == [
        ("VJH-1", "net.2025", Decimal(-1000), Decimal(-1100))
    ]


def test_an_edited_text_and_fte_read_back(seed: Loaded, seed_xlsx: bytes) -> None:
    data = edited(seed_xlsx, "Tiltag", cell_of(seed_xlsx, "Tiltag", "BFF-2", "Årsværk 2027"), -2.5)
    data = edited(data, "Tiltag", cell_of(data, "Tiltag", "BFF-2", "Titel"), "Ny titel")
    back = load_bytes(data, "edited.xlsx").catalog
    changes = {(c[0], c[1]): c[3] for c in changed_amounts(diff_catalogs(seed.catalog, back))}
    assert changes == {("BFF-2", "fte.2027"): Decimal("-2.5"), ("BFF-2", "title"): "Ny titel"}


def test_formulas_carry_their_results(seed: Loaded, seed_xlsx: bytes) -> None:
    formulas = openpyxl.load_workbook(io.BytesIO(seed_xlsx))["Overblik"]
    values = openpyxl.load_workbook(io.BytesIO(seed_xlsx), data_only=True)["Overblik"]
    assert isinstance(formulas, Worksheet) and isinstance(values, Worksheet)
    headings = [cell.value for cell in formulas[1]]
    computed = headings.index("Beregnet 2024") + 1
    totals = 0
    for row in formulas.iter_rows(min_row=2):
        kind = row[headings.index("Art")].value
        cell = row[computed - 1]
        if kind == "total":
            assert str(cell.value).startswith("=SUM(")
            assert "Tiltag" in str(cell.value)  # a SUM over the measures' cells
            totals += 1
        if kind in ("total", "række", "sum af tiltag", "forskel"):
            assert cell.row is not None
            assert values.cell(row=cell.row, column=computed).value is not None, cell.coordinate
    assert totals == 2
    stated = {
        row[headings.index("Tekst")].value: row[computed - 1].value
        for row in values.iter_rows(min_row=2)
        if row[headings.index("Art")].value == "total"
    }
    assert stated == {"I ALT": -9094, "OMPRIORITERINGSTILTAG, I ALT": -19730}
    amount_format = formulas.cell(row=3, column=2).number_format
    assert amount_format.startswith("[$-406]#,##0")


def test_other_workbooks_and_office_files_are_refused(tmp_path: Path) -> None:
    plain = openpyxl.Workbook()
    out = io.BytesIO()
    plain.save(out)
    with pytest.raises(ReadError, match="not made by omprio"):
        load_bytes(out.getvalue(), "budget.xlsx")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ReadError, match="Word document cannot be opened"):
        load_bytes(archive.getvalue(), "notes.docx")
    broken = edited(
        catalog_xlsx(load(Path(__file__).parent / "data" / "aarhus-msb-2024-2027.txt").catalog),
        "Tiltag",
        "E2",
        "mange",
    )
    with pytest.raises(ReadError, match=r"Tiltag!E2 holds 'mange', not an amount"):
        load_bytes(broken, "broken.xlsx")


def test_libreoffice_recalculates_the_same_totals(
    seed: Loaded, seed_xlsx: bytes, tmp_path: Path
) -> None:
    source = tmp_path / "catalog.xlsx"
    source.write_bytes(seed_xlsx)
    resaved = libreoffice_convert(source, "xlsx", tmp_path)
    ours = openpyxl.load_workbook(io.BytesIO(seed_xlsx), data_only=True)
    theirs = openpyxl.load_workbook(resaved, data_only=True)
    for name in ("Overblik", "Linjer", "Personale"):
        mine, recalculated = ours[name], theirs[name]
        assert isinstance(mine, Worksheet) and isinstance(recalculated, Worksheet)
        for row in mine.iter_rows():
            for cell in row:
                if isinstance(cell.value, int | float):
                    other = recalculated[cell.coordinate].value
                    assert other == pytest.approx(cell.value), (name, cell.coordinate)
    # ... and the workbook LibreOffice saved still reads back as the catalog.
    assert catalog_difference(seed.catalog, load(resaved).catalog) == ""


def test_libreoffice_recalculates_an_edited_workbook(seed_xlsx: bytes, tmp_path: Path) -> None:
    cell = cell_of(seed_xlsx, "Tiltag", "BFF-1", "Netto 2024")
    source = tmp_path / "edited.xlsx"
    source.write_bytes(edited(seed_xlsx, "Tiltag", cell, -1234))  # no stored results now
    recalculated = openpyxl.load_workbook(
        libreoffice_convert(source, "xlsx", tmp_path), data_only=True
    )["Overblik"]
    assert isinstance(recalculated, Worksheet)
    headings = [c.value for c in recalculated[1]]
    totals = {
        row[headings.index("Tekst")].value: row[headings.index("Beregnet 2024")].value
        for row in recalculated.iter_rows(min_row=2)
        if row[headings.index("Art")].value in ("total", "forskel")
    }
    assert totals == {
        "I ALT": -9094,
        "OMPRIORITERINGSTILTAG, I ALT": -19730 - 234,
        "Forskel til sparekrav": -234,
    }


def test_the_word_document_has_the_catalog(seed: Loaded) -> None:
    data = catalog_docx(seed.catalog, [*seed.findings, *check_catalog(seed.catalog)])
    document = open_docx(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert document.core_properties.title == seed.catalog.title
    assert "OMPRIORITERINGSKATALOG" in text and "OVERBLIK" in text
    assert "Omlægning af Brobyg-fraværsindsats" in text
    assert "Beskrivelse af tiltaget, herunder ændring i værdi for borgerne" in text
    assert "Nettoændringer i driftsudgifter i alt" in cells and "-19.730" in cells
    assert "Bilag: Kontrolresultater" in text and "savings-pct" in cells
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and str(p.style.name).startswith("Heading")
    ]
    assert len([h for h in headings if h in {m.title for m in seed.catalog.measures}]) == 19


def test_libreoffice_opens_the_word_document(seed: Loaded, tmp_path: Path) -> None:
    source = tmp_path / "catalog.docx"
    source.write_bytes(catalog_docx(seed.catalog, []))
    text = "\n".join(pdf_text(libreoffice_convert(source, "pdf", tmp_path).read_bytes()))
    for expected in (
        "OMPRIORITERINGSKATALOG",
        "Omlægning af Tryghedsagenterne",
        "OMPRIORITERINGSTILTAG, I ALT",
        "-19.730",
        "Sektor: 1.20 Drift",
    ):
        assert expected in text, expected


def test_text_office_files_cannot_hold_is_dropped_and_the_rest_published(seed: Loaded) -> None:
    """A catalog stored before the field checks (omprio.fields) still publishes: what XML
    cannot hold is left out, the text around it stays."""
    first = dataclasses.replace(seed.catalog.measures[0], title="Titel med \x01 styretegn\ufffe")
    catalog = dataclasses.replace(seed.catalog, measures=(first, *seed.catalog.measures[1:]))
    book = openpyxl.load_workbook(io.BytesIO(catalog_xlsx(catalog)))
    cells = {cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row}
    assert "Titel med  styretegn" in cells
    word = open_docx(io.BytesIO(catalog_docx(catalog, [])))
    assert any("Titel med  styretegn" in p.text for p in word.paragraphs)
