"""``omprio round``: the issue's commands, end to end on both engines, and bad input.

The Aarhus round of the seed is built with the commands a finance officer types: six
departments, the administrative key (MSB 28,4 %, shares in Danish and English decimals), a key
from base figures in a CSV, a mixed key, two requirements (one a frame cut with designated
proposals), the seed catalog linked for MSB; ``round show --format json`` then gives MSB's
parts −13.750 … and −19.730, the residual MSB-1 and a zero gap.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_omprio

YEARS = ("2024", "2025", "2026", "2027")


def _ok(*args: str | Path) -> str:
    result = run_omprio(*args)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stdout


def build(db: tuple[str, str], seed_path: Path, tmp_path: Path) -> str:
    """The Aarhus round through the CLI; its id."""
    round_id = _ok("round", "create", "Budget 2024", "--period", "2024-2027", "--price-level",
                   "2024", "--municipality", "Aarhus Kommune", *db).strip()
    for code, name in (("MBU", "Børn og Unge"), ("MSO", "Sundhed og Omsorg"),
                       ("MSB", "Sociale Forhold og Beskæftigelse"), ("MTM", "Teknik og Miljø"),
                       ("MKB", "Kultur og Borgerservice"), ("BA", "Borgmesterens Afdeling")):
        _ok("round", "department", round_id, code, name, *db)
    _ok("round", "key", round_id, "ADM", "--name", "Den administrative nøgle",
        "--share", "MBU=30,1", "--share", "MSO=21.5", "--share", "MSB=28,4",
        "--share", "MTM=8,9", "--share", "MKB=5,6", "--share", "BA=5,5", *db)
    base = tmp_path / "vel.csv"
    base.write_text("afdeling;beløb\nMBU;14.000\nMSO;20.000\nMSB;19.730\nMTM;9.000\n"
                    "MKB;6.270\nBA;6.000\n", encoding="utf-8")
    _ok("round", "key", round_id, "VEL", "--base", base, *db)
    _ok("round", "key", round_id, "MIX", "--mix", "ADM=50", "--mix", "VEL=50", *db)
    _ok("round", "requirement", round_id, "Administrative besparelser", "--key", "ADM",
        "--amounts=-48415,-48415,-47852,-47852", "--frame-cut", *db)
    _ok("round", "requirement", round_id, "Velfærdspuljen", "--key", "VEL",
        "--amounts=-75000,-75000,-75000,-75000", *db)
    _ok("round", "designated", round_id, "MSB", "Administrative besparelser",
        "--amounts=-4656,-7070,-7280,-7564", *db)
    catalog = _ok("import", seed_path, *db).strip()
    _ok("round", "link", round_id, catalog, "--department", "MSB",
        "--requirement", "Administrative besparelser", "--requirement", "Velfærdspuljen",
        "--section", "Administrative besparelser=ADMINISTRATIVE BESPARELSER", *db)
    return round_id


def test_the_issue_s_commands_give_msb_s_parts(database: str, seed_path: Path,
                                               tmp_path: Path) -> None:
    db = ("--db", database)
    round_id = build(db, seed_path, tmp_path)
    shown = json.loads(_ok("round", "show", round_id, "--format", "json", *db))
    msb = next(d for d in shown["departments"] if d["code"] == "MSB")
    admin, welfare = msb["requirements"]
    assert admin["amounts"] == dict(zip(YEARS, (-13750, -13750, -13590, -13590), strict=True))
    assert admin["unrounded"]["2024"] == "-13749.86"
    assert admin["residual"] == dict(zip(YEARS, (-9094, -6680, -6310, -6026), strict=True))
    assert welfare["amounts"] == dict.fromkeys(YEARS, -19730)
    assert msb["gap"] == dict.fromkeys(YEARS, 0) and msb["status"] == "met"
    assert shown["totals"]["Velfærdspuljen"] == dict.fromkeys(YEARS, -75000)
    assert shown["totals"]["Administrative besparelser"]["2026"] == -47852
    mix = next(k for k in shown["keys"] if k["code"] == "MIX")
    assert mix["kind"] == "mix" and mix["values"] == {"ADM": 50, "VEL": 50}
    text = _ok("round", "show", round_id, *db)
    assert "-13.750" in text and "-19.730" in text and "opfyldt" in text and "intet katalog" in text
    english = _ok("round", "show", round_id, "--lang", "en", *db)
    assert "-13,750" in english and "met" in english
    history = _ok("round", "history", round_id, *db)
    assert "Version 13" in history  # every change a version
    _ok("round", "remove", round_id, "--key", "MIX", *db)
    assert "MIX" not in [k["code"] for k in json.loads(
        _ok("round", "show", round_id, "--format", "json", *db))["keys"]]
    refused = run_omprio("round", "remove", round_id, "--key", "ADM", *db)
    assert refused.returncode == 2 and "bruges af Administrative besparelser" in refused.stderr


def test_export_and_import_give_the_same_round(database: str, seed_path: Path,
                                               tmp_path: Path) -> None:
    db = ("--db", database)
    round_id = build(db, seed_path, tmp_path)
    out = tmp_path / "round.json"
    _ok("round", "export", round_id, "--format", "json", "-o", out, *db)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "omprio.round/1"
    again = _ok("round", "import", out, *db).strip()
    assert again != round_id
    first = json.loads(_ok("round", "show", round_id, "--format", "json", *db))
    second = json.loads(_ok("round", "show", again, "--format", "json", *db))
    assert first["departments"] == second["departments"]


@pytest.mark.parametrize(("args", "message"), [
    (("key", "1", "ADM", "--share", "MSB=abc"), "»MSB=abc«"),
    (("key", "1", "ADM", "--share", "MSB=-3"), "skal ligge mellem 0 og 100 %"),
    (("key", "1", "ADM", "--share", "MSB=101"), "skal ligge mellem 0 og 100 %"),
    (("key", "1", "ADM", "--share", "XYZ=10"), "ingen afdeling XYZ"),
    (("key", "1", "M", "--mix", "ADM=60"), "giver 60 %, ikke 100 %"),
    (("key", "1", "M", "--mix", "NOPE=100"), "ingen fordelingsnøgle NOPE"),
    (("requirement", "1", "R", "--key", "ADM", "--amounts=-1,-2,-3,-4,-5"),
     "5 beløb, men perioden 2024-2027 har 4 år"),
    (("requirement", "1", "R", "--key", "ADM", "--amounts=2031=-5"), "uden for budgetrundens"),
    (("requirement", "1", "R", "--key", "NOPE", "--amounts=-1"), "ingen fordelingsnøgle NOPE"),
    (("link", "1", "99", "--department", "MSB", "--requirement", "R"), "kataloget 99 findes ikke"),
    (("show", "7"), "budgetrunden 7 findes ikke"),
    (("key", "1", "ADM", "--share", "MSB=abc", "--lang", "en"), "“MSB=abc”"),
])
def test_bad_input_is_one_line_and_nothing_is_stored(tmp_path: Path, args: tuple[str, ...],
                                                     message: str) -> None:
    db = ("--db", f"sqlite:///{tmp_path / 'omprio.sqlite3'}")
    assert _ok("round", "create", "R", "--period", "2024-2027", "--price-level", "2024",
               *db).strip() == "1"
    _ok("round", "department", "1", "MSB", "Sociale Forhold", *db)
    _ok("round", "key", "1", "ADM", "--share", "MSB=100", *db)
    before = _ok("round", "history", "1", *db)
    result = run_omprio("round", *args, *db)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr, result.stderr
    assert _ok("round", "history", "1", *db) == before


def test_price_levels_and_the_workbook_on_the_command_line(seed_path: Path,
                                                           tmp_path: Path) -> None:
    db = ("--db", f"sqlite:///{tmp_path / 'omprio.sqlite3'}")
    round_id = build(db, seed_path, tmp_path)
    index = tmp_path / "pl.csv"
    index.write_text("år;løn;øvrige\n2024;100;100\n2025;104,1;102,3\n2026;107,9;104,6\n"
                     "2027;111,6;106,9\n", encoding="utf-8")
    at_2025 = json.loads(_ok("round", "show", round_id, "--price-level", "2025", "--index",
                             index, "--format", "json", *db))
    assert at_2025["price_level"] == 2025
    msb = next(d for d in at_2025["departments"] if d["code"] == "MSB")
    assert msb["requirements"][1]["amounts"]["2024"] < -19730  # 19.730 at 2025 prices
    assert [c["counted"] for c in at_2025["catalogs"]] == [True]
    refused = run_omprio("round", "show", round_id, "--price-level", "2025", *db)
    assert refused.returncode == 2 and "--index" in refused.stderr
    _ok("round", "index", round_id, index, "--wage-share", "65", *db)
    kept = json.loads(_ok("round", "show", round_id, "--price-level", "2025", "--format",
                          "json", *db))
    assert kept["price_level"] == 2025
    book = tmp_path / "runde.xlsx"
    _ok("round", "export", round_id, "--format", "xlsx", "-o", book, *db)
    again = _ok("round", "import", book, *db).strip()
    first = json.loads(_ok("round", "show", round_id, "--format", "json", *db))
    second = json.loads(_ok("round", "show", again, "--format", "json", *db))
    assert first["departments"] == second["departments"]
    assert first["keys"] == second["keys"]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(book.read_bytes()[:2000])
    result = run_omprio("round", "import", broken, *db)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_a_catalog_is_shown_and_exported_at_another_price_level(seed_path: Path,
                                                                tmp_path: Path) -> None:
    index = tmp_path / "pl.csv"
    index.write_text("year,wages,other\n2024,100,100\n2025,104.1,102.3\n", encoding="utf-8")
    shown = _ok("show", seed_path, "--price-level", "2025", "--index", index)
    assert "2025-PL" in shown and "-1.036" in shown and "-19.730" not in shown
    exported = json.loads(_ok("export", seed_path, "--price-level", "2025", "--index", index,
                              "--wage-share", "70"))
    assert exported["price_base"] == "2025-PL"
    bff = next(m for m in exported["measures"] if m["code"] == "BFF-1")
    assert bff["net"]["2024"] == -1036 and bff["price_base"] == "2025-PL"
    for args, words in ((("--price-level", "2025"), "--index"),
                        (("--index", index), "--price-level"),
                        (("--price-level", "2031", "--index", index), "2031")):
        result = run_omprio("export", seed_path, *args)
        assert result.returncode == 2 and words in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
