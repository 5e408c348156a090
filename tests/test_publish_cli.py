"""``omprio publish`` and ``omprio diff`` as a user runs them."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from conftest import run_omprio
from omprio.read import load


@pytest.mark.parametrize("fmt", ["pdf", "html", "docx", "xlsx", "csv"])
def test_publish_writes_each_format(seed_path: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"catalog.{fmt}"
    result = run_omprio("publish", seed_path, "--format", fmt, "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000
    assert "Traceback" not in result.stderr
    if fmt in ("pdf", "html", "docx"):
        assert "4 fund i bilaget" in result.stderr  # published, with the findings shown


def test_publish_fdp_writes_a_folder_or_a_zip(seed_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "package"
    assert run_omprio("publish", seed_path, "--format", "fdp", "-o", folder).returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "budget.csv",
        "datapackage.json",
        "overview.csv",
        "staff.csv",
    ]
    archive = tmp_path / "package.zip"
    assert run_omprio("publish", seed_path, "-o", archive).returncode == 0  # format from .zip
    assert archive.read_bytes().startswith(b"PK")


def test_the_format_comes_from_the_file_name(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "catalog.pdf"
    assert run_omprio("publish", seed_path, "-o", out).returncode == 0
    assert out.read_bytes().startswith(b"%PDF")
    unknown = run_omprio("publish", seed_path, "-o", tmp_path / "catalog.odt")
    assert unknown.returncode == 2
    assert "kan ikke se formatet" in unknown.stderr and "Traceback" not in unknown.stderr


def test_an_unknown_format_is_a_clear_error(seed_path: Path, tmp_path: Path) -> None:
    result = run_omprio("publish", seed_path, "--format", "odt", "-o", tmp_path / "x.odt")
    assert result.returncode == 2
    assert "odt" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.odt").exists()


def test_strict_refuses_a_catalog_with_findings(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "catalog.pdf"
    result = run_omprio("publish", seed_path, "--strict", "-o", out)
    assert result.returncode == 1
    assert "savings-pct" in result.stderr and "--strict" in result.stderr
    assert not out.exists()


def test_an_unknown_scenario_is_a_clear_error(seed_path: Path, tmp_path: Path) -> None:
    result = run_omprio(
        "publish", seed_path, "--scenario", tmp_path / "nope.json", "-o", tmp_path / "x.pdf"
    )
    assert result.returncode == 2
    assert "scenario" in result.stderr and "Traceback" not in result.stderr


def test_a_scenario_publishes_the_measures_it_selects(seed_path: Path, tmp_path: Path) -> None:
    scenario_json = pytest.importorskip("omprio.decide.scenario_json")
    scenario_module = pytest.importorskip("omprio.decide.scenario")
    catalog = load(seed_path).catalog
    chosen = scenario_module.empty_scenario(catalog, "Kun BFF")
    chosen = type(chosen)(
        name="Kun BFF",
        catalog_title=chosen.catalog_title,
        selection={"BFF-1": 1, "BFF-2": 1},
    )
    path = tmp_path / "kun-bff.json"
    path.write_text(scenario_json.dumps(chosen), encoding="utf-8")
    out = tmp_path / "scenario.xlsx"
    result = run_omprio("publish", seed_path, "--scenario", path, "-o", out)
    assert result.returncode == 0, result.stderr
    published = load(out).catalog
    assert [m.code for m in published.measures] == ["BFF-1", "BFF-2"]
    assert "Kun BFF" in published.title
    assert [t.amounts[2024] for t in published.overview_totals] == [-2000]


def test_diff_prints_the_changed_amount(seed_path: Path, tmp_path: Path) -> None:
    book = tmp_path / "catalog.xlsx"
    assert run_omprio("publish", seed_path, "-o", book).returncode == 0
    same = run_omprio("diff", seed_path, book)
    assert same.returncode == 0 and "Ingen forskelle" in same.stdout
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Tiltag"]
    assert isinstance(sheet, Worksheet)
    sheet["E3"] = -1234  # BFF-1, 2024
    workbook.save(book)
    changed = run_omprio("diff", seed_path, book)
    assert changed.returncode == 1
    assert changed.stdout.splitlines() == [
        "Ændret BFF-1 Omlægning af Brobyg-fraværsindsats",
        "  net.2024: -1.000 → -1.234",
    ]


def test_publish_reads_a_catalog_from_the_workspace(seed_path: Path, tmp_path: Path) -> None:
    from omprio.store.workspace import Workspace

    url = f"sqlite:///{tmp_path / 'omprio.db'}"
    workspace = Workspace(url)
    workspace.ensure_schema()
    workspace.add_user("admin", "secret-password", "admin")
    actor = workspace.authenticate("admin", "secret-password")
    stored = workspace.import_document(seed_path.read_bytes(), seed_path.name, actor)
    workspace.engine.dispose()
    out = tmp_path / "stored.xlsx"
    result = run_omprio("publish", str(stored.info.catalog_id), "--db", url, "-o", out)
    assert result.returncode == 0, result.stderr
    assert len(load(out).catalog.measures) == 19
    sheet = openpyxl.load_workbook(out)["Katalog"]
    assert isinstance(sheet, Worksheet)
    identity = {row[0].value: row[2].value for row in sheet.iter_rows(min_row=2)}
    assert identity["version"] == f"catalog {stored.info.catalog_id}, version 1 (draft)"
    assert identity["format"] == "omprio.workbook/1"
    missing = run_omprio("publish", "99", "--db", url, "-o", tmp_path / "x.pdf")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_import_reads_a_published_workbook(seed_path: Path, tmp_path: Path) -> None:
    book = tmp_path / "catalog.xlsx"
    assert run_omprio("publish", seed_path, "-o", book).returncode == 0
    url = f"sqlite:///{tmp_path / 'omprio.db'}"
    result = run_omprio("import", book, "--db", url)
    assert result.returncode == 0, result.stderr
    assert "version 1: 0 fejl, 3 advarsler" in result.stderr


def test_a_workbook_can_be_read_from_an_in_memory_copy(seed_path: Path, tmp_path: Path) -> None:
    book = tmp_path / "catalog.xlsx"
    assert run_omprio("publish", seed_path, "-o", book, "--lang", "en").returncode == 0
    workbook = openpyxl.load_workbook(io.BytesIO(book.read_bytes()))
    assert workbook.sheetnames == ["Overview", "Measures", "Lines", "Staff", "Catalog"]
