"""The residual measure: omprio writes the frame cut (like the seed's MSB-1) itself.

With the Aarhus round of the seed, MSB's residual of the administrative savings is −9.094 /
−6.680 / −6.310 / −6.026 t.kr.; at 606 t.kr. per full-time position that is −15 / −11 / −10,5 /
−10 positions: exactly the seed's MSB-1. Spread over operating areas by a key, the areas'
lines add up to the net every year (a property over random keys and residuals). ``omprio round
residual`` writes the measure as the JSON of a measure in an omprio.catalog/1 document, on
both engines, and refuses bad input with one line and exit code 2.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_omprio
from omprio.read import load_bytes
from omprio.rounds.allocate import Part
from omprio.rounds.problems import RoundProblem
from omprio.rounds.residual import nearest_half, residual_measure
from omprio.rounds.status import RequirementLine, round_status
from test_round_allocate import YEARS, aarhus_round
from test_round_cli import build
from web_support import SEED_BYTES

D = Decimal


def _msb_line() -> RequirementLine:
    status = round_status(aarhus_round(), {})
    msb = next(d for d in status.departments if d.code == "MSB")
    return next(line for line in msb.lines if line.frame_cut)


def test_the_residual_measure_is_the_seed_s_msb_1() -> None:
    seed = load_bytes(SEED_BYTES, "seed.txt").catalog.measure("MSB-1")
    assert seed is not None
    measure = residual_measure(
        _msb_line(), code="MSB-1", title=seed.title, theme="0A", cost_per_fte=D(606),
        price_base="2024-PL", unit="1.000 kr.", sector="1.20 Drift",
        description=seed.description, round_name="Budget 2024")
    assert measure.net == dict(zip(YEARS, (D(-9094), D(-6680), D(-6310), D(-6026)), strict=True))
    assert measure.net == seed.net
    assert measure.fte == dict(zip(YEARS, (D(-15), D(-11), D("-10.5"), D(-10)), strict=True))
    assert measure.fte == seed.fte
    assert [str(v) for v in measure.fte.values()] == ["-15", "-11", "-10.5", "-10"]
    assert (measure.code, measure.theme, measure.title) == ("MSB-1", "0A", seed.title)
    assert (measure.caption, measure.periods, measure.years) == (
        seed.caption, seed.periods, seed.years)
    assert (measure.price_base, measure.unit, measure.sector) == ("2024-PL", "1.000 kr.",
                                                                  "1.20 Drift")
    assert len(measure.lines) == 1 and measure.lines[0].amounts == measure.net
    assert measure.source.path == "budgetrunde: Budget 2024"
    assert measure.fte_stated


def test_areas_get_lines_that_add_up_to_the_net() -> None:
    measure = residual_measure(_msb_line(), code="MSB-1", title="Rammebesparelse",
                               areas={"BFF": D(40), "VJH": D(60)}, fte={2024: D(-15)})
    assert [line.label for line in measure.lines] == ["BFF", "VJH"]
    bff, vjh = (line.amounts for line in measure.lines)
    assert bff[2024] == D(-3638) and vjh[2024] == D(-5456)
    for year in YEARS:
        assert bff[year] + vjh[year] == measure.net[year]
    assert measure.fte == {2024: D(-15), 2025: D(0), 2026: D(0), 2027: D(0)}
    by_base = residual_measure(_msb_line(), code="MSB-1", title="x",
                               areas={"BFF": D(400_000), "VJH": D(600_000)})
    assert by_base.lines == measure.lines and by_base.fte == {} and not by_base.fte_stated


@settings(max_examples=200, deadline=None)
@given(residuals=st.lists(st.integers(-10**9, 10**9), min_size=1, max_size=6),
       areas=st.lists(st.integers(0, 10**6), min_size=1, max_size=8).filter(any))
def test_lines_add_up_to_the_net_every_year(residuals: list[int], areas: list[int]) -> None:
    years = tuple(range(2024, 2024 + len(residuals)))
    line = RequirementLine("Krav", {y: Part(r, Fraction(r)) for y, r in zip(years, residuals,
                                                                           strict=True)},
                           {}, {}, True)
    measure = residual_measure(line, code="A-1", title="t",
                               areas={f"O{i}": D(v) for i, v in enumerate(areas)})
    assert measure.net == {y: D(r) for y, r in zip(years, residuals, strict=True)}
    for year in years:
        parts = [line.amounts[year] for line in measure.lines]
        assert sum(parts, D(0)) == measure.net[year]
        assert all(p == p.to_integral_value() for p in parts)
        # Each area's line is within one unit of its exact share.
        whole = sum(areas)
        for value, part in zip(areas, parts, strict=True):
            assert abs(Fraction(part) - Fraction(measure.net[year]) * value / whole) < 1


def test_nearest_half() -> None:
    assert [nearest_half(Fraction(x)) for x in ("-10.41", "-10.25", "-9.94", "0.2", "0.25")] == [
        D("-10.5"), D("-10.5"), D(-10), D(0), D("0.5")]


def test_what_the_residual_refuses() -> None:
    line = _msb_line()
    with pytest.raises(RoundProblem) as not_cut:
        residual_measure(replace(line, frame_cut=False), code="X", title="x")
    assert not_cut.value.code == "not-frame-cut"
    for kwargs, code in (
        ({"fte": {2024: D(1)}, "cost_per_fte": D(606)}, "fte-or-cost"),
        ({"cost_per_fte": D(0)}, "bad-cost-per-fte"),
        ({"fte": {2030: D(1)}}, "year-outside"),
        ({"areas": {"BFF": D(-1)}}, "bad-share"),
        ({"areas": {"BFF": D(0)}}, "empty-key"),
    ):
        with pytest.raises(RoundProblem) as refused:
            residual_measure(line, code="MSB-1", title="x", **kwargs)
        assert refused.value.code == code, kwargs
        assert "⟦" not in refused.value.text("da") and "⟦" not in refused.value.text("en")


def test_round_residual_writes_the_measure(database: str, seed_path: Path,
                                           tmp_path: Path) -> None:
    db = ("--db", database)
    round_id = build(db, seed_path, tmp_path)
    out = tmp_path / "msb-1.json"
    result = run_omprio("round", "residual", round_id, "--department", "MSB", "--requirement",
                        "Administrative besparelser", "--code", "MSB-1", "--title",
                        "Administrative besparelser i MSB", "--cost-per-fte", "606",
                        "--area", "BFF=40", "--area", "VJH=60", "--format", "json", "-o", out,
                        *db)
    assert result.returncode == 0, result.stderr
    assert "MSB-1" in result.stdout and str(out) in result.stdout
    measure = json.loads(out.read_text(encoding="utf-8"))
    assert measure["code"] == "MSB-1" and measure["theme"] == "0A"
    assert measure["net"] == dict(zip(map(str, YEARS), (-9094, -6680, -6310, -6026), strict=True))
    assert measure["fte"] == dict(zip(map(str, YEARS), (-15, -11, -10.5, -10), strict=True))
    assert [line["label"] for line in measure["lines"]] == ["BFF", "VJH"]
    assert measure["price_base"] == "2024-PL" and measure["unit"] == "1.000 kr."
    staff = tmp_path / "staff.json"
    result = run_omprio("round", "residual", round_id, "--department", "MSB", "--requirement",
                        "Administrative besparelser", "--code", "MSB-1", "--title", "T",
                        "--fte=-15,-11,-10.5,-10", "-o", staff, "--lang", "en", *db)
    assert result.returncode == 0, result.stderr
    assert "Wrote the measure MSB-1" in result.stdout
    assert json.loads(staff.read_text(encoding="utf-8"))["fte"]["2026"] == -10.5
    for args, said in (
        (("--requirement", "Velfærdspuljen"), "ingen rammebesparelse"),
        (("--requirement", "Intet"), "Intet"),
        (("--requirement", "Administrative besparelser", "--department", "XYZ"), "XYZ"),
        (("--requirement", "Administrative besparelser", "--cost-per-fte", "606",
          "--fte=-1"), "ikke begge"),
        (("--requirement", "Administrative besparelser", "--cost-per-fte", "nul"), "nul"),
        (("--requirement", "Administrative besparelser", "--area", "BFF"), "BFF"),
        (("--requirement", "Administrative besparelser", "--format", "xlsx"), "xlsx"),
    ):
        bad = tmp_path / "bad.json"
        options = list(args)
        if "--department" not in options:
            options += ["--department", "MSB"]
        result = run_omprio("round", "residual", round_id, "--code", "MSB-1", "--title", "T",
                            "-o", bad, *options, *db)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert said in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)
        assert not bad.exists()
