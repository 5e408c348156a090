"""Realized amounts from an accounting system's export (KMD Opus, Prisme, SAP), on SQLite and
PostgreSQL: the mapping saved per catalog, rows matched by exact account, prefix, range, cost
centre or both, summed per measure and year in the catalog's unit (kroner / 1.000, exact), the
rows that matched nothing listed, forecasts and statuses of the same date kept, autodetection,
XLSX exports, the backup, the CLI, and bad input that stores nothing."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from conftest import run_omprio
from databases import database_url
from followup_support import AGREEMENT, SEED, actor, agreed_seed, table
from omprio.followup.accounts import AccountRule, Pattern
from omprio.followup.model import FollowupProblem
from omprio.service.followup import import_followup
from omprio.service.followup_accounts import (
    AccountsImport,
    import_accounts,
    import_table,
    preview_accounts,
    save_mapping,
)
from omprio.store.errors import Forbidden, InvalidInput, NotFound
from omprio.store.workspace import Workspace

Q2 = date(2024, 6, 30)
D = Decimal
MAPPING = ("Konto;Omkostningssted;Tiltag\n"
           "4711;;BFF-1\n"
           "47*;;VJH-1\n"
           "5000-5099;;MSB-9\n"
           ";20301;BFF-3A\n"
           "4712;20400;BFF-3A\n").encode("cp1252")
EXPORT = ("Konto;Omkostningssted;Periode;Beløb;Tekst\n"
          "4711;10100;2024-03;-250.000,00;Brobyg løn\n"
          "4711;10100;15.05.2024;-125.500,50;Brobyg vikarer\n"
          "4799;10100;202404;-100.000;Jobcenter\n"
          "5050;10100;2024-06-30;-40.000;Indkøb\n"
          "6000;20301;2024-06-30;-30.000;Anbringelser\n"
          "4712;20400;2024-06-30;-10.000;Anbringelser, plejefamilier\n"
          "9999;99999;2024-06-30;1.234,56;Ukendt postering\n"
          "4711;10100;2031-01-01;-5.000;Langt ude\n").encode("cp1252")


def _saved(ws: Workspace) -> int:
    cid = agreed_seed(ws)
    save_mapping(ws, cid, actor(ws, "admin"), MAPPING, "kontoplan.csv")
    return cid


def _key(error: InvalidInput) -> str:
    problem = error.params["problem"]
    assert isinstance(problem, FollowupProblem)
    return problem.key


def _revisions(ws: Workspace, cid: int) -> int:
    return len(ws.followups(cid, actor(ws, "viewer")))


def test_patterns() -> None:
    assert Pattern("47*").matches("4799") and not Pattern("47*").matches("4800")
    assert Pattern("5000-5099").matches("5099") and not Pattern("5000-5099").matches("50990")
    assert Pattern("A100..A199").matches("A150") and not Pattern("A100..A199").matches("B1")
    assert Pattern("5.22.07-001").kind == "exact"  # a hyphenated account is no range
    assert Pattern("").matches("whatever")


def test_an_export_is_summed_per_measure_and_year(workspace: Workspace) -> None:
    cid = _saved(workspace)
    admin = actor(workspace, "admin")
    assert workspace.account_mapping(cid, actor(workspace, "viewer"))[1] == AccountRule(
        "47*", "", "VJH-1")
    # Forecasts and statuses entered for 30 June first; the export brings only the realized.
    import_followup(workspace, cid, admin, table(
        "BFF-1;2024;-10;-1.000;på sporet;", "MSB-1;2024;-2.000;-9.094;på sporet;"),
        "f.csv", Q2)
    preview = preview_accounts(workspace, cid, admin, EXPORT, "opus.csv")
    assert preview.stored is None and _revisions(workspace, cid) == 1
    done = import_accounts(workspace, cid, admin, EXPORT, "opus.csv", Q2)
    result = done.result
    assert result.realized == {("BFF-1", 2024): D("-375.5005"), ("BFF-3A", 2024): D(-40),
                               ("MSB-9", 2024): D(-40), ("VJH-1", 2024): D(-100)}
    assert [(r.line, r.code) for r in result.matched] == [
        (2, "BFF-1"), (3, "BFF-1"), (4, "VJH-1"), (5, "MSB-9"), (6, "BFF-3A"), (7, "BFF-3A")]
    assert [(r.line, r.account, r.cost_centre, r.amount, r.reason) for r in result.unmatched] == [
        (8, "9999", "99999", D("1234.56"), "no_rule"), (9, "4711", "10100", D(-5000),
                                                        "year_outside")]
    assert done.stored is not None and done.stored.info.revision == 2
    stored = {(e.code, e.year): e for e in done.stored.entries}
    assert stored["BFF-1", 2024].realized == D("-375.5005")
    assert (stored["BFF-1", 2024].forecast, stored["BFF-1", 2024].status) == (D(-1000),
                                                                              "on_track")
    assert stored["MSB-1", 2024].realized == D(-2000)  # carried over, untouched
    assert (stored["VJH-1", 2024].forecast, stored["VJH-1", 2024].status) == (None, "pending")
    again = workspace.followup(cid, actor(workspace, "viewer"), Q2)
    assert again is not None and {(e.code, e.year): e.realized for e in again.entries} == {
        k: e.realized for k, e in stored.items()}


def test_an_export_with_account_columns_is_recognized(workspace: Workspace) -> None:
    cid = agreed_seed(workspace)
    admin = actor(workspace, "admin")
    with pytest.raises(InvalidInput):  # no saved mapping: read as a follow-up table
        import_table(workspace, cid, admin, EXPORT, "opus.csv", Q2)
    save_mapping(workspace, cid, admin, MAPPING, "kontoplan.csv")
    done = import_table(workspace, cid, admin, EXPORT, "opus.csv", Q2)
    assert isinstance(done, AccountsImport) and len(done.result.unmatched) == 2
    plain = import_table(workspace, cid, admin, table("BFF-1;2024;-1;-1;;"), "f.csv", Q2)
    assert not isinstance(plain, AccountsImport)


def test_an_xlsx_export_with_sap_headings(workspace: Workspace) -> None:
    cid = _saved(workspace)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Kontonummer", "Costcenter", "Bogføringsdato", "Forbrug", "Text"])
    sheet.append([4711, 10100, datetime(2024, 2, 1), -1000.5, "a"])
    sheet.append([4711, 10100, datetime(2025, 2, 1), -250, "b"])
    sheet.append(["5001", "", datetime(2024, 2, 1), 0.25, "c"])
    out = io.BytesIO()
    book.save(out)
    result = preview_accounts(workspace, cid, actor(workspace, "admin"), out.getvalue(),
                              "sap.xlsx").result
    assert result.realized == {("BFF-1", 2024): D("-1.0005"), ("BFF-1", 2025): D("-0.25"),
                               ("MSB-9", 2024): D("0.00025")}


@pytest.mark.parametrize(("export", "key"), [
    ("Konto;Omk.sted;Periode;Tekst\n4711;1;2024-01;x\n", "followup.missing_column"),
    ("Konto;Omk.sted;Periode;Beløb\n4711;1;2024-01;-5\n4711;1;2024-01;mange\n",
     "followup.bad_number"),
    ("Konto;Omk.sted;Periode;Beløb\n4711;1;januar;-100\n", "followup.accounts_no_year"),
    ("Konto;Omk.sted;Beløb\n4711;1;-100\n", "followup.missing_column"),
    ("Omkostningssted;Periode;Beløb\n20301;2024-01;-100\n", "followup.missing_column"),
    # A mapping with cost-centre rules needs the cost centres: else amounts go missing.
    ("Konto;Periode;Beløb\n4711;2024-01;-100\n", "followup.missing_column"),
])
def test_bad_exports_store_nothing(workspace: Workspace, export: str, key: str) -> None:
    cid = _saved(workspace)
    with pytest.raises(InvalidInput) as caught:
        import_accounts(workspace, cid, actor(workspace, "admin"), export.encode(), "x.csv", Q2)
    assert _key(caught.value) == key
    assert _revisions(workspace, cid) == 0


def test_bad_mappings_and_who_may_save(workspace: Workspace) -> None:
    cid = _saved(workspace)
    admin = actor(workspace, "admin")
    before = workspace.account_mapping(cid, admin)
    for mapping, key in (("Konto;Tiltag\n4711;NOPE-1\n", "followup.unknown_code_line"),
                         ("Konto;Tiltag\n;BFF-1\n", "followup.accounts_no_pattern"),
                         ("Konto;Noget\n4711;BFF-1\n", "followup.missing_column")):
        with pytest.raises(InvalidInput) as caught:
            save_mapping(workspace, cid, admin, mapping.encode(), "m.csv")
        assert _key(caught.value) == key
    with pytest.raises(Forbidden):
        save_mapping(workspace, cid, actor(workspace, "bff"), MAPPING, "m.csv")
    assert workspace.account_mapping(cid, admin) == before
    # An editor limited to BFF may not store realized amounts of VJH and MSB measures.
    with pytest.raises(Forbidden):
        import_accounts(workspace, cid, actor(workspace, "bff"), EXPORT, "opus.csv", Q2)
    assert _revisions(workspace, cid) == 0
    other = workspace.import_document(SEED.read_bytes(), "seed.txt", admin).info.catalog_id
    with pytest.raises(NotFound):  # no agreement, no mapping
        save_mapping(workspace, other, admin, MAPPING, "m.csv")
    with pytest.raises(InvalidInput) as caught:
        import_accounts(workspace, agreed_seed(workspace), admin, EXPORT, "opus.csv", Q2)
    assert _key(caught.value) == "followup.accounts_no_mapping"


def test_the_backup_keeps_the_mapping(workspace: Workspace, tmp_path: Path) -> None:
    cid = _saved(workspace)
    lines = list(workspace.backup())
    assert any('"account_mappings"' in line for line in lines)
    (tmp_path / "restored").mkdir()
    with database_url("sqlite", tmp_path / "restored") as url:
        restored = Workspace(url)
        restored.ensure_schema()
        restored.restore(iter(lines))
        admin = restored.authenticate("admin", "secret-password")
        assert restored.account_mapping(cid, admin) == workspace.account_mapping(
            cid, actor(workspace, "admin"))
        restored.engine.dispose()


def test_the_cli_saves_the_mapping_and_imports_an_export(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ws.db'}"
    assert run_omprio("import", SEED, "--db", db).returncode == 0
    agreement = tmp_path / "forlig.json"
    agreement.write_text(json.dumps(AGREEMENT), encoding="utf-8")
    assert run_omprio("agreement", "1", "--file", agreement, "--name", "Budgetforlig 2024",
                      "--date", "2023-10-05", "--db", db).returncode == 0
    (tmp_path / "map.csv").write_bytes(MAPPING)
    (tmp_path / "opus.csv").write_bytes(EXPORT)
    saved = run_omprio("followup", "accounts", "1", "--map-file", tmp_path / "map.csv",
                       "--db", db)
    assert saved.returncode == 0, saved.stderr
    assert "5 regler" in saved.stdout
    shown = run_omprio("followup", "accounts", "1", "--db", db)
    assert "4712 ; 20400 → BFF-3A" in shown.stdout
    done = run_omprio("followup", "import", "1", tmp_path / "opus.csv", "--date", "2024-06-30",
                      "--accounts", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "6 rækker tilknyttet, 2 rækker ikke" in done.stdout
    assert "linje 8, konto 9999, omkostningssted 99999, 2024, 1.234,56 kr." in done.stdout
    assert "år uden for perioden" in done.stdout
    (tmp_path / "bad.csv").write_bytes(b"Konto;Omk.sted;Periode;Bel\xf8b\n4711;1;2024-01;abc\n")
    bad = run_omprio("followup", "import", "1", tmp_path / "bad.csv", "--date", "2024-07-31",
                     "--accounts", "--db", db)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "abc" in bad.stderr
