"""The layouts of other municipalities on their examples: København's business cases and a list
catalog, field by field, as text and as PDF, through omprio.catalog/1 and the CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import run_omprio
from omprio.check import check_catalog
from omprio.interchange import catalog_from_json, catalog_to_json
from omprio.model import Catalog
from omprio.money import loads
from omprio.read import Loaded, load, load_bytes
from pdf_maker import render_pdf

EXAMPLES = Path("/work/shared/examples")
KBH = EXAMPLES / "kbh-business-case.txt"
LIST = EXAMPLES / "list-catalog.txt"
YEARS = (2025, 2026, 2027, 2028)

pytestmark = pytest.mark.skipif(not KBH.exists(), reason="the shared examples are not here")


def by_year(*values: str) -> dict[int, Decimal]:
    return dict(zip(YEARS, map(Decimal, values), strict=True))


@pytest.fixture(scope="module")
def kbh() -> Loaded:
    return load(KBH)


@pytest.fixture(scope="module")
def listed() -> Loaded:
    return load(LIST)


# -- København's business cases ------------------------------------------------------------------

KBH_EXPECTED = {
    "SOF-E01": (
        "Samling af myndighedsopgaver i én enhed",
        "Forvaltningsspecifik effektivisering",
        [
            ("Bortfaldne lønomkostninger", "Varige ændringer", "Service",
             ("-1200", "-2400", "-2400", "-2400")),
            ("Reduceret husleje", "Varige ændringer", "Service", ("-300", "-600", "-600", "-600")),
            ("Projektledelse og flytning", "Implementeringsomkostninger", "Service",
             ("400", "200", "0", "0")),
        ],
        ("-1500", "-3000", "-3000", "-3000"),
        ("-1100", "-2800", "-3000", "-3000"),
        ("-3", "-5", "-5", "-5"),
    ),
    "SOF-E02": (
        "Digital selvbetjening i borgerrådgivningen",
        "Digitalisering",
        [
            ("Færre telefoniske henvendelser", "Varige ændringer", "Service",
             ("-250", "-500", "-750", "-750")),
            ("Licens til selvbetjeningsløsning", "Varige ændringer", "Service",
             ("150", "150", "150", "150")),
            ("Implementering af løsningen", "Implementeringsomkostninger", "Service",
             ("300", "0", "0", "0")),
        ],
        ("-100", "-350", "-600", "-600"),
        ("200", "-350", "-600", "-600"),
        ("-0.5", "-1", "-1.5", "-1.5"),
    ),
    "SOF-E03": (
        "Styrket opfølgning i sygedagpengesager",
        "Investering",
        [
            ("Lavere udgifter til sygedagpenge", "Varige ændringer", "Overførsler",
             ("-2000", "-2000", "-2000", "-2000")),
            ("Ekstra sagsbehandlere", "Varige ændringer", "Service",
             ("1100", "1100", "1100", "1100")),
            ("Opkvalificering af medarbejdere", "Implementeringsomkostninger", "Service",
             ("150", "0", "0", "0")),
        ],
        ("-900", "-900", "-900", "-900"),
        ("-750", "-900", "-900", "-900"),
        ("2", "2", "2", "2"),
    ),
}


def test_the_business_cases_are_recognised_and_read_without_findings(kbh: Loaded) -> None:
    assert kbh.layout == "kbh-business-case" and kbh.kind == "text"
    assert kbh.findings == ()
    assert check_catalog(kbh.catalog) == []
    catalog = kbh.catalog
    assert catalog.years == YEARS and catalog.price_base == "2025-PL"
    assert catalog.unit == "1.000 kr."
    assert catalog.organisation == "Københavns Kommune"
    assert catalog.department == "Socialforvaltningen"
    assert catalog.title.lower() == "effektiviseringsforslag til budget 2025"


@pytest.mark.parametrize("code", list(KBH_EXPECTED))
def test_each_business_case_field_by_field(kbh: Loaded, code: str) -> None:
    title, kind, lines, subtotal, net, fte = KBH_EXPECTED[code]
    measure = kbh.catalog.measure(code)
    assert measure is not None
    assert measure.title == title
    assert f"Type: {kind}" in measure.notes
    assert measure.years == YEARS and measure.price_base == "2025-PL"
    assert [(x.label, x.group, x.frame, x.amounts) for x in measure.lines] == [
        (label, group, frame, by_year(*amounts)) for label, group, frame, amounts in lines
    ]
    assert [(s.label, s.group, s.amounts) for s in measure.subtotals] == [
        ("Samlet varig ændring", "Varige ændringer", by_year(*subtotal))
    ]
    assert measure.net == by_year(*net)
    assert measure.fte == by_year(*fte) and measure.fte_stated
    assert measure.description.startswith("Baggrund og formål: ")
    assert "Konsekvenser for borgerne: " in measure.description
    assert measure.operating_area == "SOF"


def test_the_sources_point_at_the_rows(kbh: Loaded) -> None:
    text = KBH.read_text(encoding="utf-8").splitlines()
    for measure in kbh.catalog.measures:
        for line in measure.lines:
            assert line.source.line is not None
            assert text[line.source.line - 1].startswith(line.label)
        assert measure.net_source is not None and measure.net_source.line is not None
        assert text[measure.net_source.line - 1].startswith("Samlet pengestrøm")


# -- the list catalog ---------------------------------------------------------------------------

LIST_EXPECTED = [
    ("FB-01", "Tilpasning af åbningstider i jobcentret", "1", ("-500", "-1000", "-1000", "-1000"),
     "-2.0"),
    ("FB-02", "Færre eksterne konsulenter i projekter", "1", ("-750", "-750", "-750", "-750"),
     "0"),
    ("FB-03", "Samling af aktivitetstilbud på to adresser", "1", ("0", "-600", "-900", "-1200"),
     "-3"),
    ("FB-04", "Omlægning af befordring til dagtilbud", "2", ("-300", "-300", "-300", "-300"),
     "0"),
    ("FB-05", "Styrket visitation til botilbud", "2", ("-400", "-800", "-1200", "-1200"), "-1.5"),
    ("FB-06", "Investering i tidlig indsats for unge", "2", ("250", "-50", "-350", "-600"), "1"),
]


def test_the_list_catalog_field_by_field(listed: Loaded) -> None:
    assert listed.layout == "list-catalog" and listed.findings == ()
    assert check_catalog(listed.catalog) == []
    catalog = listed.catalog
    assert catalog.years == YEARS and catalog.price_base == "2025-PL"
    assert catalog.department == "Familie- og Beskæftigelsesforvaltningen"
    assert catalog.stated_period == "2025-2028"
    assert [(t.code, t.title) for t in catalog.themes] == [
        ("1", "Beskæftigelse"), ("2", "Socialområdet")
    ]
    got = [
        (m.code, m.title, m.theme, m.net, m.fte, [(x.label, x.group) for x in m.lines])
        for m in catalog.measures
    ]
    groups = {"1": "Beskæftigelse", "2": "Socialområdet"}
    assert got == [
        (code, title, theme, by_year(*amounts), {2028: Decimal(fte)}, [(title, groups[theme])])
        for code, title, theme, amounts, fte in LIST_EXPECTED
    ]
    assert [(r.measure, r.theme, r.amounts) for r in catalog.overview] == [
        (code, theme, by_year(*amounts)) for code, _, theme, amounts, _ in LIST_EXPECTED
    ]
    assert [(t.label, t.theme, t.amounts) for t in catalog.overview_totals] == [
        ("I alt beskæftigelse", "1", by_year("-1250", "-2350", "-2650", "-2950")),
        ("I alt socialområdet", "2", by_year("-450", "-1150", "-1850", "-2100")),
        ("I alt", None, by_year("-1700", "-3500", "-4500", "-5050")),
    ]
    assert catalog.target == by_year("-1700", "-3500", "-4500", "-5050")


# -- omprio.catalog/1 ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [KBH, LIST], ids=["business-case", "list"])
def test_the_json_round_trip_keeps_groups_frames_and_subtotals(path: Path) -> None:
    catalog = load(path).catalog
    document = catalog_to_json(catalog)
    text = json.dumps(document, ensure_ascii=False)
    again = load_bytes(text.encode("utf-8"), "again.json")
    assert again.layout == "omprio-json"
    assert again.catalog == catalog
    assert catalog_to_json(catalog_from_json(loads(text), "x.json")) == document


def test_the_json_carries_the_new_keys_only_where_there_is_something(kbh: Loaded,
                                                                    seed: Loaded) -> None:
    measure = catalog_to_json(kbh.catalog)["measures"][0]
    assert measure["lines"][0]["group"] == "Varige ændringer"
    assert measure["lines"][0]["frame"] == "Service"
    assert measure["subtotals"][0]["label"] == "Samlet varig ændring"
    assert measure["subtotals"][0]["group"] == "Varige ændringer"
    assert measure["subtotals"][0]["amounts"] == {"2025": -1500, "2026": -3000, "2027": -3000,
                                                   "2028": -3000}
    seed_json = json.dumps(catalog_to_json(seed.catalog))
    assert '"group"' not in seed_json and '"frame"' not in seed_json
    assert '"subtotals"' not in seed_json


def test_a_changed_subtotal_in_json_is_found_by_the_rule(kbh: Loaded) -> None:
    document = catalog_to_json(kbh.catalog)
    document["measures"][1]["subtotals"][0]["amounts"]["2026"] = -999
    catalog = catalog_from_json(loads(json.dumps(document)), "edited.json")
    found = [f for f in check_catalog(catalog) if f.rule == "subtotal"]
    assert [(f.measure, f.year) for f in found] == [("SOF-E02", 2026)]
    assert "Samlet varig ændring" in found[0].message("en")
    assert "-350" in found[0].message("en")


# -- PDF ------------------------------------------------------------------------------------------


def _pdf_of(path: Path, columns: int, split_on: str | None, max_lines: int | None = None,
            header: str | None = None) -> bytes:
    lines = path.read_text(encoding="utf-8").splitlines()
    pages: list[list[str]] = [[]]
    for line in lines:
        if split_on is not None and line.startswith(split_on) and pages[-1]:
            pages.append([])
        if line.strip():
            pages[-1].append(line)
    return render_pdf(pages, columns=columns, max_lines=max_lines, header=header).data


def _essence(catalog: Catalog) -> object:
    return (
        catalog.years, catalog.price_base, catalog.department,
        [
            (m.code, m.title, m.theme, m.net, m.fte, m.description, m.notes,
             [(x.label, x.group, x.frame, x.amounts) for x in m.lines],
             [(s.label, s.group, s.amounts) for s in m.subtotals])
            for m in catalog.measures
        ],
        [(t.label, t.theme, t.amounts) for t in catalog.overview_totals],
        [(t.code, t.title) for t in catalog.themes],
    )


@pytest.mark.parametrize(
    ("path", "columns", "split_on", "max_lines", "header"),
    [
        (KBH, 4, "BUSINESS CASE", None, None),
        (KBH, 4, None, 11, "Københavns Kommune · Budget 2025"),  # tables across pages
        (LIST, 5, None, None, None),
        (LIST, 5, None, 6, "Reduktionsforslag · Budget 2025-2028"),
    ],
    ids=["business-case", "business-case-running-header", "list", "list-running-header"],
)
def test_text_and_pdf_read_the_same(path: Path, columns: int, split_on: str | None,
                                    max_lines: int | None, header: str | None) -> None:
    """Also with page numbers and a running header on every page, and tables that continue
    on the next page."""
    text = load(path)
    pdf = load_bytes(_pdf_of(path, columns, split_on, max_lines, header), path.stem + ".pdf")
    assert pdf.kind == "pdf" and pdf.layout == text.layout
    assert pdf.findings == ()
    assert _essence(pdf.catalog) == _essence(text.catalog)
    assert all(m.source.page is not None for m in pdf.catalog.measures)


@pytest.fixture(scope="module")
def office_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both examples as LibreOffice makes a PDF of a text file (A4: long rows wrap, a row's
    last cells and even a minus sign go to the next line)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("office")
    for path in (KBH, LIST):
        shutil.copy(path, folder / path.name)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "pdf", "--outdir", str(folder), KBH.name, LIST.name],
        cwd=folder, capture_output=True, timeout=120, check=True,
    )
    return folder


@pytest.mark.parametrize("path", [KBH, LIST], ids=["business-case", "list"])
def test_a_libreoffice_pdf_with_wrapped_rows_reads_as_the_text(office_pdfs: Path,
                                                               path: Path) -> None:
    pdf = load(office_pdfs / f"{path.stem}.pdf")
    assert pdf.kind == "pdf" and pdf.layout == load(path).layout
    assert pdf.findings == ()
    assert _essence(pdf.catalog) == _essence(load(path).catalog)


@pytest.mark.parametrize("path", [KBH, LIST], ids=["business-case", "list"])
def test_one_cell_per_line_reads_as_the_rows(path: Path) -> None:
    """Word's "save as text" writes every table cell on a line of its own: the layouts read
    cells joined back into rows, so the catalog is the same."""
    cells: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = re.split(r"\s{2,}", line.strip())
        cells.extend(parts if len(parts) > 1 else [line])
    loaded = load_bytes("\n".join(cells).encode("utf-8"), "cells.txt")
    assert loaded.layout == load(path).layout and loaded.findings == ()
    assert _essence(loaded.catalog) == _essence(load(path).catalog)


@pytest.mark.parametrize("path", [KBH, LIST], ids=["business-case", "list"])
def test_a_word_document_with_real_tables_reads_as_the_text(path: Path) -> None:
    """Word's reader (read/word.py) hands each table row over as one line, an empty cell
    between others as '-' (the business case's empty Styringsområde of a subtotal row)."""
    from layout_texts import as_docx

    loaded = load_bytes(as_docx(path.read_text(encoding="utf-8")), path.stem + ".docx")
    assert loaded.kind == "docx" and loaded.layout == load(path).layout
    assert loaded.findings == ()
    assert _essence(loaded.catalog) == _essence(load(path).catalog)


# -- the command line -----------------------------------------------------------------------------


def test_check_names_the_layout_in_both_languages_and_in_json() -> None:
    danish = run_omprio("check", KBH)
    assert danish.returncode == 0, danish.stderr
    assert danish.stdout.splitlines()[0] == "Layout: Københavns business case"
    english = run_omprio("check", LIST, "--lang", "en")
    assert english.returncode == 0, english.stderr
    assert english.stdout.splitlines()[0] == "Layout: List of proposals (one row per measure)"
    document = json.loads(run_omprio("check", KBH, "--format", "json").stdout)
    assert document["layout"] == {"id": "kbh-business-case", "name": "Københavns business case"}
    assert document["summary"]["errors"] == 0


def test_export_writes_the_groups(tmp_path: Path) -> None:
    result = run_omprio("export", KBH, "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["format"] == "omprio.catalog/1"
    first = document["measures"][0]
    assert [line.get("group") for line in first["lines"]] == [
        "Varige ændringer", "Varige ændringer", "Implementeringsomkostninger"
    ]
    assert first["net"] == {"2025": -1100, "2026": -2800, "2027": -3000, "2028": -3000}
    exported = tmp_path / "kbh.json"
    exported.write_text(result.stdout, encoding="utf-8")
    again = run_omprio("check", exported, "--format", "json")
    assert json.loads(again.stdout)["layout"]["id"] == "omprio-json"


def test_the_measure_page_shows_groups_frames_and_subtotals(tmp_path: Path) -> None:
    from omprio.store.workspace import Workspace
    from web_support import add_users, import_seed, session_client

    ws = Workspace(f"sqlite:///{tmp_path / 'w.db'}")
    ws.ensure_schema()
    add_users(ws)
    try:
        catalog_id = import_seed(ws, public=True, data=KBH.read_bytes(), name=KBH.name)
        client, _ = session_client(ws, "viewer")
        html = client.get(f"/catalogs/{catalog_id}/measures/SOF-E03").text
    finally:
        ws.engine.dispose()
    body = html[html.index("<tbody>"): html.index("</tbody>")]
    rows = re.findall(r'<tr(?: class="([a-z-]+)")?><th scope="row(?:group)?"[^>]*>([^<]+)', body)
    assert rows == [
        ("group-row", "Varige ændringer"),
        ("", "Lavere udgifter til sygedagpenge "),
        ("", "Ekstra sagsbehandlere "),
        ("subtotal-row", "Samlet varig ændring"),
        ("group-row", "Implementeringsomkostninger"),
        ("", "Opkvalificering af medarbejdere "),
        ("total-row", "Nettoændringer i driftsudgifter i alt"),
        ("fte-row", "Personaleændringer (fuldtidsstillinger)"),
    ]
    assert '<span class="muted">(Overførsler)</span>' in body
