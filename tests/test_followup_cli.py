"""``omprio agreement`` and ``omprio followup import|show|close|history`` as a user runs them:
the agreement from a file and its comparison as JSON, a follow-up imported, shown as text and
JSON with the exact totals, closed, a measure's history; bad input is one line and exit 2 with
nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_omprio
from followup_support import AGREEMENT, PLAN, SEED, table


@pytest.fixture
def agreed(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'ws.db'}"
    assert run_omprio("import", SEED, "--db", db).stdout.strip() == "1"
    path = tmp_path / "forlig.json"
    path.write_text(json.dumps(AGREEMENT), encoding="utf-8")
    done = run_omprio("agreement", "1", "--file", path, "--name", "Budgetforlig 2024",
                      "--date", "2023-10-05", "--db", db, "--format", "json")
    assert done.returncode == 0, done.stderr
    compared = json.loads(done.stdout)
    assert (compared["name"], compared["date"], compared["adopted_version"]) == (
        "Budgetforlig 2024", "2023-10-05", 2)
    assert {int(y): t["agreed"] for y, t in compared["totals"].items()} == {
        y: int(v) for y, v in PLAN.items()}
    rows = {m["code"]: m for m in compared["measures"]}
    assert rows["BFF-3A"]["difference"] == {"2024": 1115, "2025": 715, "2026": 0, "2027": 0}
    assert rows["BFF-2"]["decision"] == "dropped" and rows["MSB-9"]["decision"] == "added"
    return db


def test_import_show_close_and_history(agreed: str, tmp_path: Path) -> None:
    csv = tmp_path / "q1.csv"
    csv.write_bytes(table("BFF-1;2024;-250;-1.000;på sporet;",
                          "BFF-3A;2024;-300;-1.500;i risiko;",
                          "BFF-2;2024;-10;;afventer;"))
    done = run_omprio("followup", "import", "1", csv, "--date", "2024-03-31", "--db", agreed)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "opfølgningen 2024-03-31, revision 1: 3 linjer gemt"
    assert "Advarsel: [followup-short] BFF-3A 2024" in done.stderr
    assert "Fejl: [followup-explanation] BFF-3A 2024: status i risiko kræver en forklaring" in (
        done.stderr)
    assert "[followup-dropped] BFF-2 2024" in done.stderr
    shown = run_omprio("followup", "show", "1", "--db", agreed, "--format", "json")
    data = json.loads(shown.stdout)
    assert data["date"] == "2024-03-31" and data["revision"] == 1 and not data["closed"]
    assert data["totals"]["2024"] == {"plan": -26734, "realized": -560, "forecast": -26234,
                                      "deviation": 500, "target": -19730}
    measures = {m["code"]: m for m in data["measures"]}
    assert set(measures["BFF-3A"]) >= {"code", "decision", "plan", "realized", "forecast",
                                       "deviation", "status"}
    assert measures["BFF-3A"]["deviation"] == {"2024": 500}
    assert measures["BFF-3A"]["status"] == "at_risk"
    assert measures["BFF-2"]["plan"] == {"2024": 0, "2025": 0, "2026": 0, "2027": 0}
    text = run_omprio("followup", "show", "1", "--db", agreed)
    assert text.returncode == 0 and "-26.734" in text.stdout and "i risiko" in text.stdout
    english = run_omprio("followup", "show", "1", "--db", agreed, "--lang", "en")
    assert "-26,734" in english.stdout and "at risk" in english.stdout
    closed = run_omprio("followup", "close", "1", "--date", "2024-03-31", "--db", agreed)
    assert closed.returncode == 0, closed.stderr
    refused = run_omprio("followup", "import", "1", csv, "--date", "2024-03-31", "--db", agreed)
    assert refused.returncode == 2
    assert refused.stderr == "omprio: opfølgningen 2024-03-31 er lukket og kan kun læses\n"
    history = run_omprio("followup", "history", "1", "BFF-3A", "--db", agreed, "--format",
                         "json")
    points = json.loads(history.stdout)["followups"]
    assert [(p["date"], p["revision"], p["closed"], p["entries"][0]["status"])
            for p in points] == [("2024-03-31", 1, True, "at_risk")]
    assert run_omprio("followup", "history", "1", "BFF-3A", "--db", agreed).returncode == 0


def test_a_mapped_table(agreed: str, tmp_path: Path) -> None:
    csv = tmp_path / "q2.csv"
    csv.write_bytes("Kode;År;Forbrug;Prognose\nBFF-1;2024;-600;-1.000\n".encode("cp1252"))
    done = run_omprio("followup", "import", "1", csv, "--date", "2024-06-30",
                      "--map", "measure=Kode", "--map", "year=År", "--map", "realized=Forbrug",
                      "--map", "forecast=Prognose", "--db", agreed)
    assert done.returncode == 0, done.stderr
    data = json.loads(run_omprio("followup", "show", "1", "--db", agreed, "--format",
                                 "json").stdout)
    assert data["totals"]["2024"]["realized"] == -600


@pytest.mark.parametrize(("rows", "said"), [
    (("XYZ-1;2024;-1;;;",), "omprio: linje 3: forliget har intet tiltag XYZ-1\n"),
    (("BFF-4;2024;mange;;;",), "omprio: linje 3, realized: »mange« er ikke et tal\n"),
])
def test_a_bad_table_stores_nothing(agreed: str, tmp_path: Path, rows: tuple[str, ...],
                                    said: str) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_bytes(table("BFF-1;2024;-250;-1.000;på sporet;", *rows))
    done = run_omprio("followup", "import", "1", csv, "--date", "2024-03-31", "--db", agreed)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", said)
    data = json.loads(run_omprio("followup", "show", "1", "--db", agreed, "--format",
                                 "json").stdout)
    assert data["date"] is None and data["totals"]["2024"]["realized"] == 0


def test_bad_agreement_input(agreed: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'other.db'}"
    run_omprio("import", SEED, "--db", db)
    path = tmp_path / "bad.json"
    path.write_text('{"measures": {"BFF-1": {"decision": "changed"}}}', encoding="utf-8")
    done = run_omprio("agreement", "1", "--file", path, "--name", "X", "--date", "2023-10-05",
                      "--db", db, "--lang", "en")
    assert (done.returncode, done.stderr) == (
        2, "omprio: BFF-1: a changed decision must give its amounts per year\n")
    path.write_text("{not json", encoding="utf-8")
    done = run_omprio("agreement", "1", "--file", path, "--name", "X", "--date", "2023-10-05",
                      "--db", db)
    assert done.returncode == 2 and "ikke gyldig JSON" in done.stderr
    done = run_omprio("agreement", "1", "--name", "X", "--date", "5/10/2023", "--db", db,
                      "--file", path)
    assert done.returncode == 2 and "5/10/2023" in done.stderr
    done = run_omprio("agreement", "1", "--name", "X", "--date", "2023-10-05", "--db", db)
    assert done.returncode == 2 and "--from-scenario" in done.stderr
    versions = run_omprio("catalog", "show", "1", "--db", db)
    assert "vedtaget" not in versions.stdout
