"""The blank measure form in Word: written for a catalog or a round, filled in as a person does
(python-docx, Danish numbers typed into the cells), read back to the exact measure; every bad
form refused with a clear message in both languages; the CLI and the download."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from conftest import run_omprio
from omprio.check import check_catalog
from omprio.interchange import catalog_to_json
from omprio.model import AreaBudget, Catalog, Line, Measure, Source
from omprio.publish.formats import publish
from omprio.publish.word_form import measure_form, round_frame
from omprio.read import Loaded, ReadError, load_bytes
from omprio.read.word import Row, word_blocks
from omprio.read.word_form import catalog_frame, read_form, read_form_for
from omprio.rounds.model import BudgetRound
from omprio.store.errors import InvalidInput
from omprio.store.workspace import Workspace
from omprio.vocabulary.word_form import FORMAT, LINE_ROWS, FormFrame
from publish_support import without_sources
from word_support import Filled, economics_table, fill_form

D = Decimal
YEARS = (2024, 2025, 2026, 2027)


def _filled() -> Filled:
    return Filled(
        fields={"Kode": "bff-12a", "Tema": "1a", "Titel": "Samling af fritidstilbud i Viby",
                "Sektor": "1.20 Drift.", "Budget": "Fritidstilbuddene har 12,5 mio. kr.",
                "Besparelse": "8 %"},
        description=["Fritidstilbuddene samles på én adresse.", "Det frigør husleje."],
        consequences=["Nogle børn får længere vej."],
        notes=["*Anm.: Huslejen falder fra 2025."],
        lines=[("Husleje", ["-1.000", "−3.500", "-3.500", "- 3 500"]),
               ("Ekstra bus", ["250", "250,5", "", "-"]),
               ("Internt MSB-råderum", ["-50", "-50", "-50", "-50"])],
        net=["-700", "-3.199,5", "-3.450", "-3.450"],
        fte=["-1", "-2,5", "10,5", "0"],
    )


def _expected(lines: list[Line], adjustments: list[Line], source_of: dict[str, int],
              name: str) -> Measure:
    return Measure(
        code="BFF-12A", theme="1A", title="Samling af fritidstilbud i Viby",
        description="Fritidstilbuddene samles på én adresse. Det frigør husleje. "
                    "Nogle børn får længere vej.",
        lines=tuple(lines), adjustments=tuple(adjustments),
        net={2024: D(-700), 2025: D("-3199.5"), 2026: D(-3450), 2027: D(-3450)},
        fte={2024: D(-1), 2025: D("-2.5"), 2026: D("10.5"), 2027: D(0)},
        sector="1.20 Drift",
        area_budget=AreaBudget("Fritidstilbuddene har 12,5 mio. kr.", (D(12_500_000),)),
        stated_savings_pct="8 %",
        notes=("*Anm.: Huslejen falder fra 2025.",),
        source=Source(name, 1),
        years=YEARS, price_base="2024-PL", unit="1.000 kr.",
        net_source=Source(name, source_of["net"]),
        fte_source=Source(name, source_of["fte"]),
        fte_stated=True,
    )


def _row_numbers(data: bytes) -> dict[str, int]:
    """The number of the economics table's rows by label (net and fte by kind)."""
    rows = [b for b in word_blocks(data, "x").blocks if isinstance(b, Row)]
    table = next(r.table for r in rows if r.at(1) == "2024")
    found = {r.at(0): r.number for r in rows if r.table == table and r.at(0)}
    found["net"] = found.pop("Nettoændringer i driftsudgifter i alt")
    found["fte"] = found.pop("Personaleændringer (fuldtidsstillinger)")
    return found


@pytest.fixture(scope="module")
def blank(seed: Loaded) -> bytes:
    return measure_form(catalog_frame(seed.catalog))


def test_the_blank_form_has_the_template_headings_and_a_real_economics_table(
        blank: bytes, seed: Loaded) -> None:
    document = docx.Document(io.BytesIO(blank))
    assert document.core_properties.category == FORMAT
    assert document.core_properties.subject == seed.catalog.title
    texts = [p.text for p in document.paragraphs]
    assert "Omprioriteringstiltag 2024-2027" in texts
    assert ("Økonomiske konsekvenser og personaleændringer 2024-2027 (2024-PL i 1.000 kr.)"
            in texts)
    assert "Beskrivelse af tiltaget" in texts and "Ændring i værdi for borgerne" in texts
    table = economics_table(document)
    assert [c.text for c in table.rows[0].cells] == ["", "2024", "2025", "2026", "2027"]
    assert [r.cells[0].text for r in table.rows[1:]] == [
        *[""] * LINE_ROWS, "Nettoændringer i driftsudgifter i alt",
        "Personaleændringer (fuldtidsstillinger)"]
    assert all(c.text == "" for r in table.rows[1:] for c in r.cells[1:])
    labels = [r.cells[0].text for t in document.tables if t._tbl is not table._tbl
              for r in t.rows]
    assert labels == ["Kode (fx BFF-1)", "Tema (fx 1A)", "Titel", "Sektor",
                      "Budget for området", "Besparelse i %"]


def test_a_form_for_a_round_has_its_years_price_level_and_unit() -> None:
    budget_round = BudgetRound("Budget 2026", "Odense Kommune", (2026, 2027, 2028), 2026,
                               "mio. kr.")
    document = docx.Document(io.BytesIO(measure_form(round_frame(budget_round))))
    texts = [p.text for p in document.paragraphs]
    assert ("Økonomiske konsekvenser og personaleændringer 2026-2028 (2026-PL i mio. kr.)"
            in texts)
    assert [c.text for c in economics_table(document).rows[0].cells] == [
        "", "2026", "2027", "2028"]


def test_a_filled_form_reads_back_to_the_exact_measure(blank: bytes, seed: Loaded) -> None:
    data = fill_form(blank, _filled())
    measure, findings = read_form_for(data, "tiltag.docx", seed.catalog)
    assert findings == []
    at = _row_numbers(data)
    name = "tiltag.docx"
    lines = [Line("Husleje", {2024: D(-1000), 2025: D(-3500), 2026: D(-3500), 2027: D(-3500)},
                  Source(name, at["Husleje"])),
             Line("Ekstra bus", {2024: D(250), 2025: D("250.5"), 2027: D(0)},
                  Source(name, at["Ekstra bus"]))]
    adjustments = [Line("Internt MSB-råderum", dict.fromkeys(YEARS, D(-50)),
                        Source(name, at["Internt MSB-råderum"]))]
    expected = _expected(lines, adjustments, at, name)
    first = next(b.number for b in word_blocks(data, name).blocks if getattr(b, "text", ""))
    assert measure == dataclasses.replace(expected, source=Source(name, first))


def test_a_filled_form_joins_its_catalog_and_every_check_applies(blank: bytes,
                                                                  seed: Loaded) -> None:
    measure, _ = read_form_for(fill_form(blank, _filled()), "tiltag.docx", seed.catalog)
    catalog = dataclasses.replace(seed.catalog, measures=(*seed.catalog.measures, measure))
    rules = {f.rule for f in check_catalog(catalog)} - {f.rule for f in check_catalog(seed.catalog)}
    assert rules <= {"overview-mismatch"}, rules  # the overview has no row for it yet
    wrong = dataclasses.replace(measure, net={**measure.net, 2024: D(-1)})
    assert "line-sum" in {f.rule for f in check_catalog(
        dataclasses.replace(seed.catalog, measures=(*seed.catalog.measures, wrong)))}
    # and the catalog with the new measure publishes and reads back with it
    published = publish(catalog, [], "docx")
    assert isinstance(published, bytes)
    again = load_bytes(published, "with.docx").catalog
    found = again.measure("BFF-12A")
    assert found is not None and found.net == measure.net and found.fte == measure.fte


def test_an_empty_net_row_is_the_lines_less_the_adjustments_and_an_empty_staff_row_is_unstated(
        blank: bytes, seed: Loaded) -> None:
    filled = dataclasses.replace(_filled(), net=(), fte=())
    measure, findings = read_form_for(fill_form(blank, filled), "t.docx", seed.catalog)
    assert findings == []
    # the years every line has (the bus row leaves 2026 empty; its dash in 2027 is nothing)
    assert measure.net == {2024: D(-700), 2025: D("-3199.5"), 2027: D(-3450)}
    assert measure.net_source is None
    assert measure.fte == {} and not measure.fte_stated
    catalog = dataclasses.replace(seed.catalog, measures=(measure,))
    assert "fte-missing" in {f.rule for f in check_catalog(catalog)}


def test_more_lines_than_the_blank_rows_are_read(blank: bytes, seed: Loaded) -> None:
    many = [(f"Linje {n}", ["-1", "-2", "-3", "-4"]) for n in range(1, LINE_ROWS + 4)]
    filled = dataclasses.replace(_filled(), lines=many, net=())
    measure, findings = read_form_for(fill_form(blank, filled), "t.docx", seed.catalog)
    assert findings == []
    assert [line.label for line in measure.lines] == [label for label, _ in many]
    assert measure.net == {2024: D(-len(many)), 2025: D(-2 * len(many)),
                           2026: D(-3 * len(many)), 2027: D(-4 * len(many))}


def test_an_english_form_reads_back_the_same(seed: Loaded, blank: bytes) -> None:
    english = measure_form(catalog_frame(seed.catalog), "en")
    document = docx.Document(io.BytesIO(english))
    assert "Description of the measure" in [p.text for p in document.paragraphs]
    words = {"description": "Description of the measure",
             "consequences": "Change in value for citizens", "notes": "Notes to the table"}
    filled = _filled()
    english_fields = {"Code": filled.fields["Kode"], "Theme": filled.fields["Tema"],
                      "Title": filled.fields["Titel"], "Sector": filled.fields["Sektor"],
                      "Budget": filled.fields["Budget"], "Saving": filled.fields["Besparelse"]}
    read_en, _ = read_form_for(
        fill_form(english, dataclasses.replace(filled, fields=english_fields), headings=words),
        "t.docx", seed.catalog)
    read_da, _ = read_form_for(fill_form(blank, filled), "t.docx", seed.catalog)
    assert _unsourced(read_en) == _unsourced(read_da)


def _unsourced(measure: Measure) -> Measure:
    """``measure`` without where its parts were (the layouts differ by language)."""
    nowhere = Source("")
    return dataclasses.replace(
        measure, source=nowhere, net_source=None, fte_source=None,
        lines=tuple(dataclasses.replace(x, source=nowhere) for x in measure.lines),
        adjustments=tuple(dataclasses.replace(x, source=nowhere) for x in measure.adjustments))


# --- bad forms ----------------------------------------------------------------------------------


def _refusal(data: bytes, key: str, frame: FormFrame | None = None) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_form(data, "tiltag.docx", frame)
    error = caught.value
    assert error.key == key
    assert error.text("da") != error.text("en")
    assert key not in error.text("da") and key not in error.text("en")
    return error


def test_a_form_without_its_economics_table_is_refused(blank: bytes, seed: Loaded) -> None:
    document = docx.Document(io.BytesIO(fill_form(blank, _filled())))
    table = economics_table(document)
    table._tbl.getparent().remove(table._tbl)
    out = io.BytesIO()
    document.save(out)
    _refusal(out.getvalue(), "read.form.no_table", catalog_frame(seed.catalog))


def test_a_cell_that_is_not_a_number_is_a_finding_with_its_row_and_year(
        blank: bytes, seed: Loaded) -> None:
    filled = dataclasses.replace(_filled(), lines=[("Husleje", ["-1.000", "mange", "-1", "-1"])])
    data = fill_form(blank, filled)
    measure, findings = read_form_for(data, "t.docx", seed.catalog)
    assert [(f.rule, f.year, f.severity.value) for f in findings] == [("table-cell", 2025, "error")]
    assert findings[0].source.line == _row_numbers(data)["Husleje"]
    assert "mange" in findings[0].message("da") and "2025" in findings[0].message("en")
    assert 2025 not in measure.lines[0].amounts


def test_rows_without_a_label_or_without_amounts_are_findings(blank: bytes, seed: Loaded) -> None:
    filled = dataclasses.replace(_filled(), lines=[("", ["-1", "-1", "-1", "-1"]),
                                                   ("Kun tekst", ["", "", "", ""])])
    _, findings = read_form_for(fill_form(blank, filled), "t.docx", seed.catalog)
    assert sorted(f.key for f in findings) == ["table-row", "table-row.no-label"]


def test_a_form_for_another_period_is_refused(seed: Loaded) -> None:
    other = FormFrame((2025, 2026, 2027, 2028), "2025-PL", "1.000 kr.", "Katalog 2025")
    data = fill_form(measure_form(other), _filled())
    error = _refusal(data, "read.form.years", catalog_frame(seed.catalog))
    assert "2025-2028" in error.text("da") and "2024-2027" in error.text("en")
    measure, _ = read_form(data, "t.docx", other)  # for its own catalog it reads
    assert measure.years == (2025, 2026, 2027, 2028)


def test_a_form_at_another_price_level_is_refused(seed: Loaded) -> None:
    other = FormFrame(YEARS, "2023-PL", "1.000 kr.")
    _refusal(fill_form(measure_form(other), _filled()), "read.form.price_base",
             catalog_frame(seed.catalog))


@pytest.mark.parametrize(("field", "value", "key"), [
    ("Kode", "", "read.form.missing"), ("Titel", "", "read.form.missing"),
    ("Tema", "", "read.form.missing"), ("Kode", "BFF 12", "read.form.code"),
    ("Tema", "tema et", "read.form.theme")])
def test_a_form_without_a_code_theme_or_title_is_refused(blank: bytes, field: str, value: str,
                                                        key: str) -> None:
    filled = _filled()
    _refusal(fill_form(blank, dataclasses.replace(filled, fields={**filled.fields,
                                                                  field: value})), key)


def test_a_word_file_that_is_not_a_form_is_refused(seed: Loaded) -> None:
    whole = publish(seed.catalog, [], "docx")
    assert isinstance(whole, bytes)
    _refusal(whole, "read.form.not_form")  # a whole catalog
    letter = docx.Document()
    letter.add_paragraph("Kære Anne, tak for sidst.")
    out = io.BytesIO()
    letter.save(out)
    _refusal(out.getvalue(), "read.form.not_form")


@pytest.mark.parametrize("data", [b"%PDF-1.7 no form", b"Kode: BFF-1", b"PK\x03\x04broken",
                                  b""])
def test_what_is_not_word_at_all_is_refused(data: bytes) -> None:
    _refusal(data, "read.form.not_word")


# --- the command line and the download -------------------------------------------------------


def test_cli_template_then_check_and_export_the_filled_form(seed_path: Path,
                                                            tmp_path: Path) -> None:
    blank_file = tmp_path / "tiltag.docx"
    result = run_omprio("template", seed_path, "-o", blank_file)
    assert result.returncode == 0, result.stderr
    filled = tmp_path / "udfyldt.docx"
    filled.write_bytes(fill_form(blank_file.read_bytes(), _filled()))
    checked = run_omprio("check", filled)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "BFF-12A" in checked.stdout or "1 tiltag" in checked.stdout
    exported = run_omprio("export", filled, "--format", "json")
    assert exported.returncode == 0, exported.stderr
    import json

    document = json.loads(exported.stdout)
    assert [m["code"] for m in document["measures"]] == ["BFF-12A"]
    assert document["years"] == list(YEARS)
    catalog_measure = without_sources(document["measures"][0])
    read, _ = read_form(filled.read_bytes(), str(filled))
    alone = Catalog("x", None, None, None, YEARS, "2024-PL", "1.000 kr.", "", (), (read,), (),
                    (), Source("x"))
    assert catalog_measure == without_sources(catalog_to_json(alone)["measures"][0])


def test_cli_template_refusals(tmp_path: Path) -> None:
    result = run_omprio("template", "runde-et", "--round", "-o", tmp_path / "x.docx")
    assert result.returncode == 2 and "runde-et" in result.stderr
    missing = run_omprio("template", tmp_path / "nothing.txt", "-o", tmp_path / "x.docx")
    assert missing.returncode == 2 and not (tmp_path / "x.docx").exists()
    db = f"sqlite:///{tmp_path / 'w.db'}"
    unknown = run_omprio("template", "7", "--round", "--db", db, "-o", tmp_path / "x.docx")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr


def test_cli_template_for_a_stored_round(tmp_path: Path) -> None:
    from omprio.store.workspace import Workspace
    from web_support import SYSTEM

    db = f"sqlite:///{tmp_path / 'w.db'}"
    ws = Workspace(db)
    ws.ensure_schema()
    stored = ws.create_round(BudgetRound("Budget 2025", "Vejle Kommune", (2025, 2026, 2027,
                                                                           2028), 2025), SYSTEM)
    ws.engine.dispose()
    out = tmp_path / "runde.docx"
    result = run_omprio("template", str(stored.id), "--round", "--db", db, "-o", out)
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(out))
    assert [c.text for c in economics_table(document).rows[0].cells][1:] == [
        "2025", "2026", "2027", "2028"]


def test_a_form_never_becomes_a_whole_new_version_of_a_catalog(workspace: Workspace,
                                                                seed_text: str,
                                                                blank: bytes) -> None:
    from web_support import SYSTEM

    stored = workspace.import_document(seed_text.encode("utf-8"), "seed.txt", SYSTEM)
    cid = stored.info.catalog_id
    with pytest.raises(InvalidInput) as caught:
        workspace.import_document(fill_form(blank, _filled()), "tiltag.docx", SYSTEM,
                                  catalog_id=cid)
    assert caught.value.key == "err.form_as_version"
    latest = workspace.version(cid, SYSTEM)
    assert latest.info.number == 1 and len(latest.catalog.measures) == len(
        stored.catalog.measures)


def test_a_form_saved_by_libreoffice_reads_back_the_same(blank: bytes, seed: Loaded,
                                                         tmp_path: Path) -> None:
    """Someone fills the form and saves it in LibreOffice Writer (its own Word XML)."""
    from publish_support import libreoffice_convert

    filled = tmp_path / "tiltag.docx"
    filled.write_bytes(fill_form(blank, _filled()))
    saved = libreoffice_convert(filled, "docx:MS Word 2007 XML", tmp_path)
    assert saved.read_bytes() != filled.read_bytes()
    before, _ = read_form_for(filled.read_bytes(), "t.docx", seed.catalog)
    after, findings = read_form_for(saved.read_bytes(), "t.docx", seed.catalog)
    assert findings == []
    assert _unsourced(after) == _unsourced(before)
