"""The command line as a user runs it: ``python -m omprio check | export | show | --version``."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import omprio
from conftest import WriteCatalog, blank_lines, edit_line, run_omprio
from omprio.read import Loaded, load

FINDING_LINE = re.compile(
    r"^\s*(?P<path>.+?):(?P<line>\d+): (?P<severity>\S+) (?P<rule>[a-z][a-z-]*) (?P<message>.+)$")


def _edited(seed_text: str) -> str:
    """The seed with a line-sum error in BFF-1 (2025) and another period on the cover."""
    text = edit_line(seed_text, 288, "-1.000 -1.000 -1.000 -1.000", "-1.000 -1.100 -1.000 -1.000")
    return edit_line(text, 10, "2024 – 2027", "2025 – 2028")


@pytest.fixture
def edited_path(seed_text: str, write_catalog: WriteCatalog) -> Path:
    return write_catalog(_edited(seed_text))


def _groups(stdout: str) -> list[tuple[str, list[dict[str, str]]]]:
    """The text report as (heading, findings under it), plus a last group for the summary."""
    groups: list[tuple[str, list[dict[str, str]]]] = []
    for line in stdout.splitlines():
        match = FINDING_LINE.match(line)
        if match:
            assert groups, f"finding before any heading: {line!r}"
            groups[-1][1].append(match.groupdict())
        else:
            groups.append((line, []))
    return groups


# --- check ---------------------------------------------------------------------------------------


def test_check_text_report_grouped_by_measure(edited_path: Path) -> None:
    result = run_omprio("check", edited_path)
    assert result.returncode == 1
    assert result.stderr == ""
    path = str(edited_path)
    groups = _groups(result.stdout)
    assert [(heading, [(f["path"], f["line"], f["severity"], f["rule"]) for f in found])
            for heading, found in groups] == [
        ("Layout: Aarhus' katalogskabelon", []),
        ("Kataloget", [(path, "1", "fejl", "period-mismatch")]),
        ("MSB-1 Administrative besparelser i Sociale Forhold og Beskæftigelse",
         [(path, "208", "advarsel", "prose-number-format")]),
        ("BFF-1 Omlægning af Brobyg-fraværsindsats", [(path, "290", "fejl", "line-sum")]),
        ("BFF-3A Færre eksterne anbringelser", [(path, "430", "advarsel", "prose-year-list")]),
        ("JUS-1 Prioritering af Housing First gennem tilpasning af nattilbud til hjemløse",
         [(path, "530", "advarsel", "savings-pct")]),
        ("VJH-5 Tilpasning af feriepuljen", [(path, "1218", "note", "prose-approximate")]),
        ("19 tiltag kontrolleret: 2 fejl, 3 advarsler, 1 note", []),
    ]
    assert groups[3][1][0]["message"] == (
        "Linjerne summer til -1.100, men netto + korrektioner er -1.000 (-1.000 + 0)")


def test_check_text_report_in_english(edited_path: Path) -> None:
    result = run_omprio("check", edited_path, "--lang", "en")
    assert result.returncode == 1
    groups = _groups(result.stdout)
    assert [heading for heading, _found in groups] == [
        "Layout: Aarhus catalog template",
        "The catalog",
        "MSB-1 Administrative besparelser i Sociale Forhold og Beskæftigelse",
        "BFF-1 Omlægning af Brobyg-fraværsindsats",
        "BFF-3A Færre eksterne anbringelser",
        "JUS-1 Prioritering af Housing First gennem tilpasning af nattilbud til hjemløse",
        "VJH-5 Tilpasning af feriepuljen",
        "19 measures checked: 2 errors, 3 warnings, 1 note",
    ]
    assert [(f["severity"], f["rule"], f["message"]) for _h, found in groups for f in found][2] == (
        "error", "line-sum",
        "The lines sum to -1,100, but net + adjustments is -1,000 (-1,000 + 0)")


def test_check_text_lines_are_never_wrapped(seed_text: str, write_catalog: WriteCatalog) -> None:
    # JVS-2 has a 97-character title; with no staff row it gets an fte-missing warning. Piped
    # output (CI logs, files, grep) must keep each heading and finding on one line.
    path = write_catalog(blank_lines(seed_text, 1486, 1486))
    result = run_omprio("check", path)
    assert result.returncode == 0
    headings = [heading for heading, _found in _groups(result.stdout)]
    assert headings == [
        "Layout: Aarhus' katalogskabelon",
        "MSB-1 Administrative besparelser i Sociale Forhold og Beskæftigelse",
        "BFF-3A Færre eksterne anbringelser",
        "JUS-1 Prioritering af Housing First gennem tilpasning af nattilbud til hjemløse",
        "VJH-5 Tilpasning af feriepuljen",
        "JVS-2 Ændret åbningstid i vagtteamet for personlige og telefoniske henvendelser for "
        "dagpengemodtagere",
        "19 tiltag kontrolleret: 0 fejl, 4 advarsler, 1 note",
    ]


def test_check_json_report(edited_path: Path) -> None:
    result = run_omprio("check", edited_path, "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert set(document) >= {"findings"}
    for item in document["findings"]:
        assert set(item) == {"severity", "rule", "measure", "year", "message", "source"}
        assert set(item["source"]) == {"path", "line", "page"}
    path = str(edited_path)
    assert [(f["severity"], f["rule"], f["measure"], f["year"], f["source"])
            for f in document["findings"]] == [
        ("error", "period-mismatch", None, None, {"path": path, "line": 1, "page": None}),
        ("warning", "prose-number-format", "MSB-1", None,
         {"path": path, "line": 208, "page": None}),
        ("error", "line-sum", "BFF-1", 2025, {"path": path, "line": 290, "page": None}),
        ("warning", "prose-year-list", "BFF-3A", 2024, {"path": path, "line": 430, "page": None}),
        ("warning", "savings-pct", "JUS-1", None, {"path": path, "line": 530, "page": None}),
        ("info", "prose-approximate", "VJH-5", None, {"path": path, "line": 1218, "page": None}),
    ]
    assert document["findings"][2]["message"] == (
        "Linjerne summer til -1.100, men netto + korrektioner er -1.000 (-1.000 + 0)")
    assert document["summary"] == {"errors": 2, "warnings": 3, "info": 1}


def test_check_json_report_in_english(seed_path: Path) -> None:
    result = run_omprio("check", seed_path, "--format", "json", "--lang", "en")
    assert result.returncode == 0
    messages = [f["message"] for f in json.loads(result.stdout)["findings"]]
    assert len(messages) == 4
    assert messages[2] == (
        "The stated saving '2,1 %' cannot be reproduced from the amounts and the area budget;"
        " the closest is 2.31 % (550 of 23,800 in 1,000 DKK)")
    assert messages[1].endswith(
        "names 2024 twice (3,5 mio. kr. and 3,5 mio. kr.) and leaves out 2025; in the table"
        " 'Færre eksterne anbringelser' is -3,500 in 2025")


# --- export --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seed exported with ``omprio export --format json -o FILE``: (file, its text)."""
    from conftest import SEED_PATH

    target = tmp_path_factory.mktemp("export") / "aarhus.json"
    result = run_omprio("export", SEED_PATH, "--format", "json", "-o", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    return target, target.read_text(encoding="utf-8")


def test_export_json_document(exported: tuple[Path, str]) -> None:
    document: dict[str, Any] = json.loads(exported[1])
    assert document["format"] == "omprio.catalog/1"
    assert set(document) >= {"format", "title", "organisation", "department", "date", "years",
                             "price_base", "unit", "themes", "measures", "overview",
                             "overview_totals"}
    assert (document["title"], document["organisation"], document["department"],
            document["date"], document["years"], document["price_base"], document["unit"]) == (
        "Omprioriteringskatalog 2024–2027", "Aarhus Kommune", "Sociale Forhold og Beskæftigelse",
        "2023-11-22", [2024, 2025, 2026, 2027], "2024-PL", "1.000 kr.")
    measures = {m["code"]: m for m in document["measures"]}
    assert list(measures)[:3] == ["MSB-1", "BFF-1", "BFF-2"]
    assert len(measures) == 19
    # Amounts: objects keyed by year strings, JSON numbers as values, exact.
    assert measures["BFF-1"]["net"] == {"2024": -1000, "2025": -1000, "2026": -1000, "2027": -1000}
    assert all(type(v) is int for v in measures["BFF-1"]["net"].values())
    assert measures["MSB-1"]["fte"] == {"2024": -15, "2025": -11, "2026": -10.5, "2027": -10}
    assert measures["JUS-2"]["fte"] == {"2024": 2, "2025": 2, "2026": 2, "2027": 2}
    assert measures["BFF-3A"]["adjustments"][0]["label"] == "Internt MSB-råderum"
    assert measures["BFF-3A"]["adjustments"][0]["amounts"] == {
        "2024": -385, "2025": -285, "2026": -1335, "2027": -1635}
    assert measures["BFF-4"]["area_budget"]["amounts_dkk"] == [525802, 3000000]
    assert document["overview_totals"][-1]["label"] == "OMPRIORITERINGSTILTAG, I ALT"
    assert document["overview_totals"][-1]["amounts"] == {
        "2024": -19730, "2025": -19730, "2026": -19730, "2027": -19730}
    jus_2 = [row for row in document["overview"] if row["measure"] == "JUS-2"]
    assert [row["label"] for row in jus_2] == ["INVESTERING I MESTRINGSVEJLEDNING"]


def test_export_json_numbers_are_exact(exported: tuple[Path, str]) -> None:
    document = json.loads(exported[1], parse_float=Decimal)
    msb_1 = document["measures"][0]
    assert msb_1["fte"]["2026"] == Decimal("-10.5")
    jsy_1 = next(m for m in document["measures"] if m["code"] == "JSY-1")
    assert [jsy_1["fte"][y] for y in ("2024", "2025", "2026", "2027")] == [
        Decimal("-1.3"), Decimal("-1.3"), Decimal("-1.7"), Decimal("-1.7")]


def test_export_of_the_export_is_identical(exported: tuple[Path, str]) -> None:
    path, text = exported
    result = run_omprio("export", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == text


def test_exported_json_reads_back_as_the_same_catalog(
    exported: tuple[Path, str], seed: Loaded,
) -> None:
    loaded = load(exported[0])
    assert loaded.kind == "json"
    assert loaded.catalog == seed.catalog


def test_check_of_the_export_reports_what_the_text_reports(exported: tuple[Path, str]) -> None:
    # The JSON keeps no line of a sentence: a finding on the prose is at its measure's header.
    result = run_omprio("check", exported[0], "--format", "json")
    assert result.returncode == 0
    assert [(f["rule"], f["measure"], f["source"]["line"])
            for f in json.loads(result.stdout)["findings"]] == [
        ("prose-number-format", "MSB-1", 190), ("prose-year-list", "BFF-3A", 378),
        ("savings-pct", "JUS-1", 530), ("prose-approximate", "VJH-5", 1188)]


NETS = {
    "MSB-1": ["-9094", "-6680", "-6310", "-6026"], "BFF-1": ["-1000"] * 4,
    "BFF-2": ["-1000"] * 4, "BFF-3A": ["-3115", "-3215", "-2665", "-2365"],
    "BFF-4": ["-300"] * 4, "JUS-1": ["-550", "-350", "-550", "-650"], "JSY-3": ["-850"] * 4,
    "JUS-2": ["-1700", "-1700", "-1700", "-1900"], "UJU-1": ["-3015"] * 4,
    "VJH-1": ["-900", "-1000", "-1150", "-1150"], "VJH-2": ["-500"] * 4,
    "VJH-3": ["-1400"] * 4, "VJH-4": ["-375"] * 4, "VJH-5": ["-1025"] * 4,
    "JSY-1": ["-600", "-600", "-800", "-800"], "JSY-2": ["-900"] * 4, "JVS-1": ["-120"] * 4,
    "JVS-2": ["-600"] * 4, "JVS-3": ["-1780"] * 4,
}


def test_export_csv_to_file(seed_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "aarhus.csv"
    result = run_omprio("export", seed_path, "--format", "csv", "-o", target)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    years = ["2024", "2025", "2026", "2027"]
    nets = {row["measure"]: [row[y] for y in years] for row in rows if row["kind"] == "net"}
    assert nets == NETS
    assert list(nets) == list(NETS)  # document order
    fte = {row["measure"]: [row[y] for y in years] for row in rows if row["kind"] == "fte"}
    assert fte["MSB-1"] == ["-15", "-11", "-10.5", "-10"]
    assert fte["JUS-2"] == ["2", "2", "2", "2"]
    adjustments = [(row["measure"], row["label"]) for row in rows if row["kind"] == "adjustment"]
    assert adjustments == [("BFF-3A", "Internt MSB-råderum")]
    assert sum(1 for row in rows if row["kind"] == "line") == 31
    # Each row says where it stands in the document.
    assert [(row["kind"], row["line"]) for row in rows if row["measure"] == "BFF-1"] == [
        ("line", "284"), ("net", "290"), ("fte", "292")]


# --- show and version ---------------------------------------------------------------------------


def test_show_prints_the_overview(seed_path: Path) -> None:
    result = run_omprio("show", seed_path)
    assert result.returncode == 0, result.stderr
    assert "-19.730" in result.stdout
    assert "-9.094" in result.stdout
    for code in ("MSB-1", "BFF-3A", "JUS-2", "JVS-3"):
        assert code in result.stdout


def test_version() -> None:
    result = run_omprio("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"omprio {omprio.__version__}"


# --- omprio catalog: list, show, rename, stage, public (what the catalog pages do) ---------


def test_catalog_commands_do_what_the_catalog_pages_do(database: str, seed_path: Path) -> None:
    db = ("--db", database)
    assert run_omprio("import", seed_path, *db).stdout.strip() == "1"
    listed = run_omprio("catalog", "list", *db)
    assert listed.returncode == 0, listed.stderr
    header = next(line for line in listed.stdout.splitlines() if "Navn" in line)
    assert [word in header for word in ("Id", "Magistratsafdeling", "Stadie", "Offentligt",
                                        "Versioner", "Seneste version")] == [True] * 6
    row = next(line for line in listed.stdout.splitlines() if " 1 " in line)
    assert "Omprioriteringskatalog 2024–2027" in row and "Sociale Forhold og Beskæftigelse" in row
    assert "Udkast" in row and "nej" in row

    renamed = run_omprio("catalog", "rename", "1", "--name", "MSB spar 2024", "--description",
                         "Magistratens forslag", "--department", "MSB", "--user", "anna", *db)
    assert renamed.returncode == 0, renamed.stderr
    assert renamed.stdout.strip() == "Katalog 1 hedder nu »MSB spar 2024«."
    same = run_omprio("catalog", "rename", "1", "--name", "MSB spar 2024", "--lang", "en", *db)
    assert same.stdout.strip() == "No changes: catalog 1 was already so."

    staged = run_omprio("catalog", "stage", "1", "hoering", "-m", "til høring", *db)
    assert staged.stdout.strip() == "Katalog 1 er nu i stadiet Høring (version 2)."
    again = run_omprio("catalog", "stage", "1", "høring", *db)
    assert again.returncode == 0 and "Ingen ændringer" in again.stdout
    made_public = run_omprio("catalog", "public", "1", "--on", *db)
    assert made_public.stdout.strip() == "Katalog 1 er nu offentligt."

    shown = run_omprio("catalog", "show", "1", *db)
    assert shown.returncode == 0, shown.stderr
    lines = dict(re.split(r"\s{2,}", line.strip(), maxsplit=1)
                 for line in shown.stdout.splitlines() if re.search(r"\S\s{2,}\S", line))
    assert lines["Navn"] == "MSB spar 2024" and lines["Magistratsafdeling"] == "MSB"
    assert lines["Beskrivelse"] == "Magistratens forslag"
    assert lines["Stadie"] == "Høring" and lines["Offentligt"] == "ja"
    assert lines["Versioner"] == "2" and lines["Tiltag"] == "19"
    assert lines["Fund i seneste version"] == "0 fejl, 3 advarsler"
    assert "af anna: MSB spar 2024" in shown.stdout
    english = run_omprio("catalog", "list", "--lang", "en", *db).stdout
    assert "Department" in english and "Hearing" in english and "yes" in english


@pytest.mark.parametrize(("args", "message"), [
    (("show", "9"), "omprio: kataloget 9 findes ikke"),
    (("show", "9", "--lang", "en"), "omprio: no catalog 9"),
    (("rename", "1"), "omprio: angiv mindst én af --name, --description og --department"),
    (("rename", "1", "--name", " "), "omprio: kataloget skal have et navn"),
    (("stage", "1", "færdig"), "omprio: ukendt stadie »færdig«; vælg udkast, hoering eller "
                               "vedtaget"),
    (("public", "1"), "omprio: angiv --on eller --off"),
    (("public", "9", "--off", "--lang", "en"), "omprio: no catalog 9"),
])
def test_catalog_command_errors_are_one_clear_line(tmp_path: Path, seed_path: Path,
                                                   args: tuple[str, ...], message: str) -> None:
    db = ("--db", f"sqlite:///{tmp_path / 'omprio.sqlite3'}")
    run_omprio("import", seed_path, *db)
    result = run_omprio("catalog", *args, *db)
    assert result.returncode == 2
    assert result.stderr.strip() == message
    assert "Traceback" not in result.stderr and result.stdout == ""
