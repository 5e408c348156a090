"""``omprio optimize`` and ``omprio scenario`` as a user runs them: exit codes, JSON, tables,
scenario files, bad input in one line, and clean standard output despite HiGHS."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import run_omprio
from omprio.cli import app
from omprio.decide.scenario_json import FORMAT, read_scenario

ROOT = Path(__file__).resolve().parent.parent


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "160"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def optimize_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    code, out, err = invoke("optimize", *args, "--format", "json")
    assert err == ""
    return code, json.loads(out, parse_float=Decimal)


def test_optimize_json_on_the_seed(seed_path: Path) -> None:
    code, doc = optimize_json(seed_path, "--minimize", "count", "--target", "-10000")
    assert code == 0
    assert doc["status"] == "optimal" and doc["proven_optimal"] is True
    assert doc["objective"] == 5 and len(doc["selected"]) == 5
    assert doc["optimality_gap"] == 0
    assert doc["gap"] == {year: total + 10000 for year, total in doc["totals"].items()}
    assert doc["shortfall"] == {str(y): 0 for y in range(2024, 2028)}
    assert set(doc["totals"]) == {"2024", "2025", "2026", "2027"}
    assert all(value <= -10000 for value in doc["totals"].values())
    assert set(doc["fte"]) == set(doc["totals"])


def test_optimize_defaults_to_the_catalogs_target(seed_path: Path) -> None:
    code, doc = optimize_json(seed_path, "--minimize", "fte")
    assert code == 0
    assert doc["targets"] == {str(y): -19730 for y in range(2024, 2028)}
    assert len(doc["selected"]) == 18 and "MSB-1" not in doc["selected"]
    assert doc["objective"] == Decimal("54")


def test_optimize_infeasible_exits_1_with_the_shortfall(seed_path: Path) -> None:
    code, doc = optimize_json(seed_path, "--target", "-25000")
    assert code == 1
    assert doc["status"] == "infeasible" and doc["selected"] == []
    assert doc["shortfall"] == {str(y): 5270 for y in range(2024, 2028)}
    infeasible = doc["infeasible"]
    assert infeasible["catalog_short"] == doc["shortfall"]
    assert infeasible["all_measures_would_reach"] is True
    assert any("ikke besparelser nok" in r for r in infeasible["reasons"])
    code, doc = optimize_json(seed_path, "--target", "-15000", "--cap-theme", "3=-5000")
    assert code == 1 and doc["infeasible"]["binding"] == ["theme:3"]
    code, doc = optimize_json(seed_path, "--target", "-25000", "--all-measures")
    assert code == 0 and "MSB-1" in doc["selected"]


def test_optimize_options(seed_path: Path, tmp_path: Path) -> None:
    harm = tmp_path / "harm.csv"
    harm.write_text("code;harm\nUJU-1;5\nBFF-3A;4,5\nJVS-3;5\n", encoding="utf-8")
    code, doc = optimize_json(
        seed_path, "-m", "harm", "--harm", harm, "--target", "2024=-9000,2025=-9.000",
        "--include", "VJH-5", "--exclude", "JUS-2,VJH-3", "--cap-area", "VJH=-3000",
        "--cap-theme-count", "4=2", "--max-fte-cut", "4", "--alternatives", "2",
    )  # fmt: skip
    assert code == 0
    assert "VJH-5" in doc["selected"] and not {"JUS-2", "VJH-3"} & set(doc["selected"])
    assert set(doc["targets"]) == {"2024", "2025"}
    assert all(value <= 4 for value in doc["positions_lost"].values())
    assert len(doc["alternatives"]) == 2
    assert all(a["objective"] >= doc["objective"] for a in doc["alternatives"])


def test_optimize_with_risk_and_probability(seed_path: Path, tmp_path: Path) -> None:
    risk = tmp_path / "risk.csv"
    rows = ["code,probability,low,likely,high", "BFF-3A,0.8,,,", "UJU-1,,0.5,0.8,1"]
    rows += ["JVS-3,90 %,0.9,1,1.1"]
    risk.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, doc = optimize_json(
        seed_path, "-m", "count", "--target", "-10000", "--risk", risk, "--draws", "5000"
    )
    assert code == 0 and "risk" in doc
    assert set(doc["risk"]["years"]) == {"2024", "2025", "2026", "2027"}
    code, doc = optimize_json(
        seed_path, "-m", "count", "--target", "-10000", "--risk", risk, "--probability", "0.95",
        "--draws", "5000",
    )  # fmt: skip
    assert code == 0 and doc["chance"]["met"] is True
    assert all(y["probability"] >= 0.95 for y in doc["risk"]["years"].values())
    assert len(doc["chance"]["steps"]) >= 2


def test_optimize_text_is_a_danish_table(seed_path: Path) -> None:
    code, out, err = invoke("optimize", seed_path, "--target", "-10.000", "-m", "count")
    assert code == 0 and err == ""
    assert "Minimér: antal tiltag" in out and "bevist optimal" in out
    assert "-11.010" in out and "-3,5" in out  # Danish numbers
    code, out, _ = invoke("optimize", seed_path, "--target", "-25000", "--lang", "en")
    assert code == 1 and "The catalog simply does not hold enough savings" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--include", "BFF-1", "--exclude", "bff-1"],
            "BFF-1 cannot be both included and excluded",
        ),
        (["--include", "BFF-99"], "no measure BFF-99"),
        (["--include", "MSB-1"], "--all-measures"),
        (["--target", "2030=-5"], "2030"),
        (["--target", "lots"], "not a number"),
        (["--cap-theme", "3"], "KEY=VALUE"),
        (["--cap-theme", "3=8000"], "negative amount"),
        (["--include", "VJH-1,VJH-2", "--cap-area-count", "VJH=1"], "put 2 measures"),
        (["--probability", "0.9"], "needs --risk"),
        (["--probability", "1.5"], "between 0 and 1"),
        (["--margin", "0.5"], "factor"),
        (["--harm", "nowhere.csv"], "no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(seed_path: Path, args: list[str], message: str) -> None:
    code, out, err = invoke("optimize", seed_path, *args, "--lang", "en")
    assert code == 2, out
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("omprio: ") and message in err


def test_bad_csv_names_the_line(seed_path: Path, tmp_path: Path) -> None:
    risk = tmp_path / "risk.csv"
    risk.write_text("code,probability\nBFF-1,0.5\nBFF-2,1.5\n", encoding="utf-8")
    code, _, err = invoke("optimize", seed_path, "--risk", risk, "--lang", "en")
    assert code == 2 and f"{risk}:3" in err and "between 0 and 1" in err
    harm = tmp_path / "harm.csv"
    harm.write_text("code,harm\nBFF-1,2,5\n", encoding="utf-8")
    code, _, err = invoke("optimize", seed_path, "--harm", harm, "--lang", "en")
    assert code == 2 and f"{harm}:2" in err and "decimal comma" in err


def test_scenarios_new_show_compare(seed_path: Path, tmp_path: Path) -> None:
    empty, fte, count = tmp_path / "empty.json", tmp_path / "fte.json", tmp_path / "count.json"
    assert invoke("scenario", "new", seed_path, "-o", empty)[0] == 0
    code, _, _ = invoke(
        "scenario", "new", seed_path, "-o", fte, "-m", "fte", "--target", "-10000",
        "--name", "Færrest stillinger", "--divisible", "VJH-3",
    )  # fmt: skip
    assert code == 0
    code, _, _ = invoke(
        "optimize", seed_path, "-m", "count", "--target", "-10000", "-o", count, "--name", "Få"
    )
    assert code == 0
    document = json.loads(fte.read_text(encoding="utf-8"))
    assert document["format"] == FORMAT and document["name"] == "Færrest stillinger"
    assert document["divisible"] == ["VJH-3"] and len(document["selection"]) == 18
    assert read_scenario(empty).selection == dict.fromkeys(read_scenario(empty).selection, 0)

    code, out, err = invoke("scenario", "show", count, "--catalog", seed_path, "--format", "json")
    assert code == 0 and err == ""
    shown = json.loads(out, parse_float=Decimal)
    assert shown["reached"] is True and shown["count"] == 5
    assert all(item["description"] for item in shown["selected"])
    assert sum(v["2024"] for v in shown["by_theme"].values()) == shown["totals"]["2024"]
    assert sum(v["2024"] for v in shown["by_area"].values()) == shown["totals"]["2024"]

    code, out, _ = invoke("scenario", "show", count, "--catalog", seed_path)
    assert code == 0 and "Konsekvenser for borgerne" in out and "når målet" in out

    code, out, err = invoke(
        "scenario", "compare", empty, fte, count, "--catalog", seed_path, "--format", "json"
    )
    assert code == 0 and err == ""
    compared = json.loads(out, parse_float=Decimal)
    assert compared["names"] == ["Nyt scenarie", "Færrest stillinger", "Få"]
    assert compared["reached"] == [False, True, True]
    counts = next(r for r in compared["rows"] if r["metric"] == "count")
    assert counts["values"][0] == 0 and counts["values"][2] == 5
    code, out, _ = invoke("scenario", "compare", empty, count, "--catalog", seed_path)
    assert code == 0 and "Scenarier side om side" in out


def test_optimize_a_scenario_file(seed_path: Path, tmp_path: Path) -> None:
    scenario = tmp_path / "s.json"
    document = {
        "format": FORMAT,
        "name": "Mit scenarie",
        "catalog_title": "Omprioriteringskatalog 2024–2027",
        "selection": {"BFF-1": 1, "VJH-3": "0.5"},
        "divisible": ["VJH-3"],
        "targets": {"2024": -12000, "2025": -12000},
        "constraints": {"include": ["BFF-1"], "theme_caps": {"3": {"savings": -6000}}},
        "harm": {"UJU-1": 5},
    }
    scenario.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = invoke("optimize", scenario)
    assert code == 2 and "--catalog" in err
    code, doc = optimize_json(scenario, "--catalog", seed_path, "-m", "harm")
    assert code == 0 and "BFF-1" in doc["selected"]
    assert set(doc["targets"]) == {"2024", "2025"}
    code, out, _ = invoke("scenario", "show", scenario, "--catalog", seed_path, "--format", "json")
    shown = json.loads(out, parse_float=Decimal)
    assert shown["totals"]["2024"] == -1700 and shown["reached"] is False
    document["selection"] = {"BFF-2": "0.5"}
    scenario.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = invoke("scenario", "show", scenario, "--catalog", seed_path)
    assert code == 2 and "ikke markeret som deleligt" in err


def test_json_stdout_is_clean_in_a_real_process(seed_path: Path) -> None:
    result = run_omprio("optimize", seed_path, "-m", "amount", "--target", "-12000",
                        "--alternatives", "3", "--format", "json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "optimal"


def test_docs_name_every_key() -> None:
    """docs/decide.md documents every key of the JSON documents."""
    from omprio.decide.scenario import Scenario
    from omprio.decide.scenario_json import scenario_to_json

    keys = set(scenario_to_json(Scenario("s", "t", {})))
    keys |= {"include", "exclude", "theme_caps", "area_caps", "max_fte_cut", "savings", "measures"}
    keys |= {"probability", "low", "likely", "high"}
    seed = ROOT / "tests" / "data" / "aarhus-msb-2024-2027.txt"
    _, doc = optimize_json(seed, "--target", "-25000", "--risk", _risk_file(ROOT))
    keys |= set(doc) | set(doc["infeasible"]) | {"risk", "alternatives", "chance", "fractions"}
    keys |= {"draws", "seed", "all_years", "p10", "p50", "p90", "mean_total", "met", "steps"}
    keys |= {"extra", "positions_lost", "gap_total", "reached", "gap", "by_theme", "by_area"}
    keys |= {"broken", "names", "rows", "metric", "year", "group", "values", "shares", "proven"}
    text = (ROOT / "docs" / "decide.md").read_text(encoding="utf-8")
    for key in sorted(keys):
        assert f"`{key}`" in text, key


def _risk_file(root: Path) -> Path:
    path = root / "docs" / "examples" / "risk.csv"
    assert path.exists()
    return path
