"""The follow-up report: its values exact on the seed through the agreement and three dated
follow-ups (both engines), and every format showing those values - the PDF read back by
pdftotext (the stage, version and date on every page), the Word document read back by
python-docx, the workbook's formulas recalculated by LibreOffice, the Fiscal Data Package's
executed rows, the page and its JSON twin, and the CLI.

The expected figures are worked out by hand from followup_support.py's plan and the follow-ups
of test_followup.py (``_three``): at 30 June 2024 BFF-1 -1.000 (plan -1.000), BFF-3A -1.800
(plan -2.000: 200 short), VJH-1 -900 (plan -900), MSB-9 -300 (plan -400: 100 short).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import zipfile
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document as open_docx

from conftest import run_omprio
from databases import database_url
from followup_support import PLAN, actor, agreed_seed
from omprio.followup.figures import figures
from omprio.followup.model import Agreement, Entry, MeasureOutcome
from omprio.followup.report import ReportRow, build_report, percent_of
from omprio.service.followup_report import (
    FollowupReport,
    followup_report,
    report_fdp,
    report_file,
)
from omprio.store.workspace import Workspace
from publish_support import libreoffice_convert
from test_followup import Q1, Q2, Q3, _three
from web_support import add_users, session_client

D = Decimal
TARGET = D(-19730)


def test_the_report_is_exact_on_the_seed(workspace: Workspace) -> None:
    cid = agreed_seed(workspace)
    viewer = actor(workspace, "viewer")
    before = followup_report(workspace, cid, viewer, Q1).report
    assert before.as_of is None and before.totals.plan == PLAN
    assert before.gap == {y: p - TARGET for y, p in PLAN.items()}
    _three(workspace, cid)
    done = followup_report(workspace, cid, viewer, Q3)
    report = done.report
    assert (done.stage, done.version, report.as_of, report.revision) == ("adopted", 2, Q3, 2)
    assert report.totals.realized[2024] == D(-3300)
    assert report.totals.forecast == {2024: D(-26734), 2025: D(-25020), 2026: D(-25465),
                                      2027: D(-25181)}
    assert report.totals.deviation == {2024: 0, 2025: D(100), 2026: 0, 2027: 0}
    assert report.totals.percent[2025] == D("0.4")  # 100 / 25.120 = 0,398 %
    assert report.gap == {2024: D(-7004), 2025: D(-5290), 2026: D(-5735), 2027: D(-5451)}
    assert report.gap_total == D(-23480)
    # 18 measures in the plan (19 proposed, two left, one added); four on track in 2024.
    assert len(report.measures) == 18
    assert report.totals.statuses == {"realized": 0, "on_track": 4, "at_risk": 0,
                                      "not_realizable": 0, "pending": 14}
    [risk] = report.at_risk
    assert (risk.code, risk.year, risk.status, risk.deviation) == ("MSB-9", 2025, "at_risk",
                                                                    D(100))
    assert risk.explanation == "Aftalen starter først 1. marts 2025"
    themes = {r.key: r for r in report.themes}
    assert themes["1A"].plan[2025] == D(-4600) and themes["1A"].forecast[2025] == D(-4500)
    assert themes["1A"].percent[2025] == D("2.2")  # 100 / 4.600 = 2,17 %
    for grouping in (report.themes, report.areas, report.measures):
        for what in ("plan", "realized", "forecast", "deviation"):
            for year in report.years:
                assert sum((getattr(r, what)[year] for r in grouping), D(0)) == \
                    getattr(report.totals, what)[year]
    # 30 June: BFF-3A 200 short of -2.000 (10 %), MSB-9 100 short of -400 (25 %).
    june = followup_report(workspace, cid, viewer, Q2).report
    measures = {r.key: r for r in june.measures}
    assert measures["BFF-3A"].deviation[2024] == D(200)
    assert measures["BFF-3A"].percent[2024] == D("10.0")
    assert measures["MSB-9"].percent[2024] == D("25.0")
    areas = {r.key: r for r in june.areas}
    assert areas["BFF"].deviation[2024] == D(200) and areas["MSB"].deviation[2024] == D(100)
    assert [(a.code, a.year) for a in june.at_risk] == [("BFF-3A", 2024), ("MSB-9", 2024)]
    assert june.gap[2024] == D(-26434) - TARGET


def test_a_measure_without_plan_has_no_percent_and_a_missing_forecast_counts_at_plan() -> None:
    years = (2025, 2026)
    agreement = Agreement("Forlig", date(2024, 10, 1), years, (
        MeasureOutcome("ABC-1", "Et", "adopted", {2025: D(-100)}, {}, {2025: D(-100),
                                                                      2026: D(-50)}, {}),
        MeasureOutcome("XY-2", "To", "dropped", {2025: D(-30)}, {}, {}, {}),
    ))
    entries = [Entry("ABC-1", 2025, D(-40), D("-90.5"), "at_risk", "Forsinket"),
               Entry("XY-2", 2025, D(-5), D(-5))]
    report = build_report(figures(agreement, entries, date(2025, 5, 1), {}), {"ABC-1": "2B"})
    rows = {r.key: r for r in report.measures}
    assert rows["ABC-1"].forecast == {2025: D("-90.5"), 2026: D(-50)}  # 2026: the plan
    assert rows["ABC-1"].percent == {2025: D("9.5"), 2026: D("0.0")}
    assert rows["XY-2"].percent[2025] is None  # dropped: plan 0
    assert (rows["XY-2"].theme, rows["XY-2"].area, rows["ABC-1"].area) == ("", "XY", "ABC")
    assert report.target == {2025: None, 2026: None} and report.gap_total is None
    assert percent_of(D(1), D(-3)) == D("33.3") and percent_of(D(-2), D(3)) == D("-66.7")


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, int, str]]:
    """A SQLite workspace with the seed agreed and followed up three times; its id and URL."""
    with database_url("sqlite", tmp_path_factory.mktemp("report")) as url:
        ws = Workspace(url)
        ws.ensure_schema()
        add_users(ws)
        cid = agreed_seed(ws)
        _three(ws, cid)
        yield ws, cid, url
        ws.engine.dispose()


@pytest.fixture(scope="module")
def june(reported: tuple[Workspace, int, str]) -> FollowupReport:
    ws, cid, _ = reported
    return followup_report(ws, cid, actor(ws, "viewer"), Q2)


HEADER_DA = ("Omprioriteringskatalog 2024–2027 · Vedtaget, version 2",
             "Opfølgning pr. 30. juni 2024, revision 1")
YEARS_DA = {2024: "2024 -26.734 -2.050 -26.434 300 1,1 -19.730 -6.704",
            2025: "2025 -25.120 0 -25.120 0 0 -19.730 -5.390"}


def _plain(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_pdf_reads_back_with_the_figures_and_the_edition_on_every_page(
        june: FollowupReport, tmp_path: Path, lang: str) -> None:
    source = tmp_path / "rapport.pdf"
    source.write_bytes(report_file(june, "pdf", "da" if lang == "da" else "en"))
    text = subprocess.run(["pdftotext", "-layout", str(source), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    pages = [_plain(p) for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2
    if lang == "da":
        header, years = HEADER_DA, YEARS_DA
        risk = "BFF-3A 2024 i risiko 200 To sager trukket ud"
    else:
        header = ("Omprioriteringskatalog 2024–2027 · Adopted, version 2",
                  "Follow-up as of 30 June 2024, revision 1")
        years = {2024: "2024 -26,734 -2,050 -26,434 300 1.1 -19,730 -6,704"}
        risk = "BFF-3A 2024 at risk 200 To sager trukket ud"
    for number, page in enumerate(pages, start=1):
        for part in header:
            assert page.count(part) >= 2, (number, part)  # in the header and the footer
    whole = " ".join(pages)
    for line in years.values():
        assert line in whole
    assert risk in whole
    assert "MSB-9 2024" in whole and "Indkøbsaftalen er forsinket" in whole


def test_the_word_document_reads_back_with_the_figures(june: FollowupReport) -> None:
    document = open_docx(io.BytesIO(report_file(june, "docx", "da")))
    for section in document.sections:
        for part in (section.header, section.footer):
            text = " ".join(p.text for p in part.paragraphs)
            assert all(h in text for h in HEADER_DA), text
    tables = {}
    for table in document.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        tables[rows[0][0], len(rows[0])] = rows
    years = tables["År", 8]
    for year, line in YEARS_DA.items():
        assert " ".join(next(r for r in years if r[0] == str(year))) == line
    risks = next(rows for key, rows in tables.items() if key[0] == "Kode")
    assert [r[:4] for r in risks[1:]] == [["BFF-3A", "2024", "i risiko", "200"],
                                          ["MSB-9", "2024", "i risiko", "100"]]
    assert any(p.text == "Pr. tiltag" for p in document.paragraphs)


def _number(value: object) -> Decimal | None:
    return None if value in (None, "") else D(str(value))


def test_the_workbook_has_live_formulas(june: FollowupReport) -> None:
    book = openpyxl.load_workbook(io.BytesIO(report_file(june, "xlsx", "da")))
    measures = book["Tiltag"]
    heads = [c.value for c in measures[1]]
    deviation = heads.index("Afvigelse 2024") + 1
    assert str(measures.cell(2, deviation).value) == "=H2-F2"
    assert str(measures.cell(2, deviation + 1).value).startswith('=IF(F2=0,"",ROUND(I2/ABS(F2)')
    total = measures.max_row
    assert measures.cell(total, 6).value == f"=SUM(F2:F{total - 1})"
    assert str(book["Temaer"].cell(2, 6).value).startswith("=SUMIF('Tiltag'!$C$2:$C$")
    assert book["År"].cell(2, 8).value == '=IF(G2="","",D2-G2)'
    header = book["Tiltag"].oddHeader
    assert header is not None and "Vedtaget, version 2" in str(header.center.text)


def test_libreoffice_recalculates_the_report_figures(june: FollowupReport,
                                                     tmp_path: Path) -> None:
    source = tmp_path / "rapport.xlsx"
    source.write_bytes(report_file(june, "xlsx", "da"))
    book = openpyxl.load_workbook(libreoffice_convert(source, "xlsx", tmp_path), data_only=True)
    report = june.report
    fields = ("plan", "realized", "forecast", "deviation", "percent")

    def check(sheet: str, rows: Mapping[str, ReportRow]) -> None:
        cells = list(book[sheet].iter_rows(values_only=True))
        found = {str(r[0]): r for r in cells[1:]}
        for key, row in rows.items():
            for index, year in enumerate(report.years):
                for offset, what in enumerate(fields):
                    expected = getattr(row, what)[year]
                    assert _number(found[key][5 + index * 5 + offset]) == expected, \
                        (sheet, key, year, what)

    check("Tiltag", {r.key: r for r in report.measures} | {"I alt": report.totals})
    check("Temaer", {r.key: r for r in report.themes} | {"I alt": report.totals})
    check("Driftsområder", {r.key: r for r in report.areas} | {"I alt": report.totals})
    years = {r[0]: r for r in list(book["År"].iter_rows(values_only=True))[1:]}
    for year in report.years:
        row = years[year]
        assert [_number(v) for v in row[1:6]] == [getattr(report.totals, f)[year]
                                                   for f in fields]
        assert (_number(row[6]), _number(row[7])) == (report.target[year], report.gap[year])


def test_the_open_data_has_the_realized_amounts_as_executed(
        reported: tuple[Workspace, int, str], tmp_path: Path) -> None:
    ws, cid, _ = reported
    archive = zipfile.ZipFile(io.BytesIO(report_fdp(ws, cid, actor(ws, "viewer"), Q3)))
    descriptor = json.loads(archive.read("datapackage.json"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "executed")
    amount = next(f for f in resource["schema"]["fields"] if f["name"] == "amount")
    assert amount["phase"] == "executed" and descriptor["phase"] == "approved"
    rows = list(csv.DictReader(io.StringIO(archive.read("executed.csv").decode("utf-8"))))
    got = {(r["measure_code"], r["fiscal_year"]): r["amount"] for r in rows}
    assert got == {("BFF-1", "2024"): "-800", ("BFF-3A", "2024"): "-1500",
                   ("VJH-1", "2024"): "-700", ("MSB-9", "2024"): "-300"}
    assert {r["phase"] for r in rows} == {"executed"} and {r["as_of"] for r in rows} == {
        "2024-10-31"}
    archive.extractall(tmp_path)
    from test_publish_data import frictionless

    checked = subprocess.run([frictionless(), "validate", "--json", "datapackage.json"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=120,
                             check=False)
    assert json.loads(checked.stdout)["valid"], checked.stdout[:2000]


def test_the_page_and_its_json_twin(reported: tuple[Workspace, int, str]) -> None:
    ws, cid, _ = reported
    client, _ = session_client(ws, "viewer")
    page = client.get(f"/catalogs/{cid}/followups/2024-06-30/rapport?lang=da")
    assert page.status_code == 200, page.text[:300]
    assert 'id="chart-followup-target"' in page.text
    assert 'class="target-fill bar-2024" data-reached="short"' in page.text  # 300 short
    assert 'id="chart-followup-themes"' in page.text
    assert "To sager trukket ud" in page.text and "-6.704" in page.text
    twin = client.get(f"/catalogs/{cid}/followups/2024-06-30/rapport.json").json()
    negotiated = client.get(f"/catalogs/{cid}/followups/2024-06-30/rapport",
                            headers={"Accept": "application/json"}).json()
    assert twin == negotiated
    assert (twin["date"], twin["revision"], twin["stage"], twin["version"]) == (
        "2024-06-30", 1, "adopted", 2)
    assert twin["totals"]["deviation"]["2024"] == 300 and twin["gap"]["2024"] == -6704
    assert [a["code"] for a in twin["at_risk"]] == ["BFF-3A", "MSB-9"]
    assert client.get(f"/catalogs/{cid}/followups/2024-02-30/rapport").status_code == 404
    anonymous, _ = session_client(ws, None)
    assert anonymous.get(f"/catalogs/{cid}/followups/2024-06-30/rapport").status_code == 303


def test_the_cli_writes_the_report(reported: tuple[Workspace, int, str], tmp_path: Path) -> None:
    _, cid, url = reported
    out = tmp_path / "rapport.xlsx"
    done = run_omprio("followup", "report", str(cid), "--date", "2024-06-30", "--format",
                      "xlsx", "-o", str(out), "--db", url)
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    values = openpyxl.load_workbook(out)["År"]
    assert values.cell(2, 1).value == 2024
    bad = run_omprio("followup", "report", str(cid), "--date", "30-06-2024", "-o", str(out),
                     "--db", url)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
