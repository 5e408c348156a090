"""``omprio export|check|import FILE --map FIELD=COLUMN``: a spreadsheet in its own columns on
the command line, each bad input one line in the user's language with exit code 2, and nothing
stored by ``omprio import`` when the file cannot be read as the mapping says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_omprio
from test_mapped import DANISH, HEAD, csv_bytes

MAP = ["--map", "code=Nr", "--map", "title=Forslag", "--map", "theme=Tema",
       "--map", "amount.2025=2025", "--map", "amount.2026=2026", "--map", "fte.2025=Årsværk"]


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "katalog.csv"
    path.write_bytes(csv_bytes(DANISH))
    return path


def test_export_reads_the_sheet_into_omprio_json(sheet: Path) -> None:
    result = run_omprio("export", sheet, *MAP, "--price-base", "2025", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["years"] == [2025, 2026] and document["price_base"] == "2025-PL"
    first = document["measures"][0]
    assert (first["code"], first["title"]) == ("BU-1", "Færre pladser i SFO")
    assert first["net"] == {"2025": -1234.5, "2026": -2000}
    assert first["fte"] == {"2025": -1.5}
    assert [t["title"] for t in document["themes"]] == ["Børn og unge", "Ældre"]


def test_check_says_what_it_found_and_exits_by_errors(sheet: Path, tmp_path: Path) -> None:
    clean = run_omprio("check", sheet, *MAP, "--lang", "en")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "3 measures checked: 0 errors" in clean.stdout
    wrong = tmp_path / "forkert.csv"
    wrong.write_bytes(csv_bytes([*DANISH[:-1], ["", "I alt", "", "-1.001.734,5", "-2.011", ""]]))
    result = run_omprio("check", wrong, *MAP, "--format", "json")
    assert result.returncode == 1
    (error,) = [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]
    assert error["rule"] == "section-total" and error["source"]["line"] == 5


def test_mio_kr_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "mio.csv"
    path.write_bytes(csv_bytes([HEAD, ["X-1", "Et", "", "-1,25", "0,5", "0"]]))
    result = run_omprio("export", path, *MAP, "--unit", "mio. kr.")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["measures"][0]["net"] == {"2025": -1250, "2026": 500}


BAD = [
    (["--map", "code=Nr", "--map", "title=Forslag", "--map", "amount.2025=Beløb"], "da",
     "kolonnen “Beløb” findes ikke i filen"),
    (["--map", "title=Forslag", "--map", "amount.2025=2025"], "en",
     "the mapping lacks the field code"),
    (["--map", "code=Nr", "--map", "amount.2025=2025"], "en",
     "the mapping lacks the field title"),
    (["--map", "code=Nr", "--map", "title=Forslag"], "da", "kortlægningen mangler beløb"),
    (["--map", "code=Nr", "--map", "title=Forslag", "--map", "amount.2025=2025",
      "--map", "farve=Tema"], "da", "feltet “farve” findes ikke"),
    (["--map", "code=Nr", "--map", "title=Forslag", "--map", "amount.1975=2025"], "en",
     "“1975” is not a budget year between 2000 and 2099"),
    (["--map", "code=Nr", "--map", "title=Forslag", "--map", "amount.2025"], "en",
     "“amount.2025” is not FIELD=COLUMN"),
    ([*MAP, "--unit", "kroner"], "da", "enheden “kroner” kendes ikke"),
    ([*MAP, "--decimals", "fr"], "en", "“fr” is not a way of writing decimals"),
]


@pytest.mark.parametrize(("args", "lang", "said"), BAD)
def test_a_bad_mapping_is_one_line_and_exit_2(
    sheet: Path, args: list[str], lang: str, said: str
) -> None:
    for command in ("check", "export"):
        result = run_omprio(command, sheet, *args, "--lang", lang)
        assert result.returncode == 2, (command, result.stderr)
        assert said in result.stderr and result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        ([*DANISH, ["BU-2", "Igen", "", "1", "1", "1"]],
         "the code BU-2 is in row 3 and again in row 6"),
        ([HEAD, ["A-1", "Et", "", "mange", "1", "1"]],
         "the cell in row 2, column “2025” is not a number: “mange”"),
        ([HEAD, ["A-1", "Et", "", "-1.234,5", "-2.5", "0"]],
         "the numbers mix the Danish and the English way of writing"),
    ],
)
def test_a_file_that_does_not_read_as_mapped_is_exit_2(
    tmp_path: Path, rows: list[list[str]], said: str
) -> None:
    path = tmp_path / "k.csv"
    path.write_bytes(csv_bytes(rows))
    result = run_omprio("check", path, *MAP, "--lang", "en")
    assert result.returncode == 2
    assert said in result.stderr and "k.csv" in result.stderr


def test_options_of_a_mapping_without_a_mapping(sheet: Path) -> None:
    result = run_omprio("check", sheet, "--unit", "mio. kr.", "--lang", "en")
    assert result.returncode == 2
    assert "apply only with --map" in result.stderr


def test_import_stores_the_sheet_and_nothing_when_it_cannot_be_read(
    sheet: Path, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    duplicate = tmp_path / "dobbelt.csv"
    duplicate.write_bytes(csv_bytes([*DANISH, ["BU-1", "Igen", "", "1", "1", "1"]]))
    refused = run_omprio("import", duplicate, *MAP, "--db", db, "--lang", "en")
    assert refused.returncode == 2 and "the code BU-1 is in row 2 and again in row 6" in (
        refused.stderr)
    missing = run_omprio("import", sheet, "--map", "code=Nr", "--map", "title=X",
                         "--map", "amount.2025=2025", "--db", db)
    assert missing.returncode == 2 and "kolonnen “X” findes ikke" in missing.stderr
    listed = run_omprio("catalog", "list", "--db", db, "--lang", "en")
    assert listed.returncode == 0 and listed.stdout.strip() == "No catalogs."
    stored = run_omprio("import", sheet, *MAP, "--db", db)
    assert stored.returncode == 0, stored.stderr
    assert stored.stdout.strip() == "1"
    again = run_omprio("import", sheet, *MAP, "--db", db, "--catalog", "1", "--lang", "en")
    assert again.returncode == 0
    assert "no changes: identical to version 1 of catalog 1" in again.stderr
