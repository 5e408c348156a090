"""Open data: the Fiscal Data Package passes the frictionless validator, and its figures are the
catalog's; CSV is the existing export."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from omprio.publish.csv_export import catalog_to_csv
from omprio.publish.fdp import catalog_fdp, phase_of
from omprio.publish.formats import publish
from omprio.read import Loaded


def frictionless() -> str:
    """The frictionless command of this virtual environment (a dev dependency)."""
    beside = Path(sys.executable).with_name("frictionless")
    found = str(beside) if beside.exists() else shutil.which("frictionless")
    assert found, "frictionless (dev dependency) is not installed"
    return found


def written(files: dict[str, bytes], folder: Path) -> Path:
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder / "datapackage.json"


def test_the_package_passes_the_frictionless_validator(seed: Loaded, tmp_path: Path) -> None:
    descriptor = written(catalog_fdp(seed.catalog), tmp_path / "package")
    result = subprocess.run(
        [frictionless(), "validate", "--json", descriptor.name],
        cwd=descriptor.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], result.stdout[-3000:]
    assert [task["name"] for task in report["tasks"]] == ["budget", "staff", "overview"]


def test_the_package_describes_amounts_price_base_unit_and_phase(seed: Loaded) -> None:
    files = catalog_fdp(seed.catalog)
    descriptor = json.loads(files["datapackage.json"])
    assert descriptor["countryCode"] == "DK"
    assert descriptor["fiscalPeriod"] == {"start": "2024-01-01", "end": "2027-12-31"}
    amount = next(
        f for f in descriptor["resources"][0]["schema"]["fields"] if f["name"] == "amount"
    )
    assert amount["columnType"] == "value"
    assert (amount["currency"], amount["factor"], amount["phase"]) == ("DKK", 1000, "proposed")
    rows = list(csv.DictReader(io.StringIO(files["budget.csv"].decode("utf-8"))))
    assert {(r["price_base"], r["unit"], r["phase"]) for r in rows} == {
        ("2024-PL", "1.000 kr.", "proposed")
    }
    # The package's net rows are the measures' nets, exactly.
    for year in seed.catalog.years:
        net = sum(
            (
                Decimal(r["amount"])
                for r in rows
                if r["kind"] == "net" and r["fiscal_year"] == str(year)
            ),
            Decimal(0),
        )
        assert net == sum((m.net[year] for m in seed.catalog.measures), Decimal(0))
    staff = list(csv.DictReader(io.StringIO(files["staff.csv"].decode("utf-8"))))
    assert {"measure_code": "MSB-1", "fiscal_year": "2026", "fte": "-10.5"}.items() <= next(
        r for r in staff if r["measure_code"] == "MSB-1" and r["fiscal_year"] == "2026"
    ).items()


@pytest.mark.parametrize(
    ("stage", "phase"),
    [(None, "proposed"), ("draft", "proposed"), ("hearing", "proposed"), ("adopted", "approved")],
)
def test_the_phase_follows_the_stage(stage: str | None, phase: str) -> None:
    assert phase_of(stage) == phase


def test_csv_is_the_catalog_export(seed: Loaded) -> None:
    assert publish(seed.catalog, [], "csv") == catalog_to_csv(seed.catalog).encode("utf-8")


def test_csv_text_never_runs_as_a_spreadsheet_formula(seed: Loaded) -> None:
    """Text a spreadsheet would run (=, +, @, -…) is written with a leading apostrophe;
    negative amounts and ordinary text stay exactly as they are."""
    first = seed.catalog.measures[0]
    hostile = dataclasses.replace(first, title='=HYPERLINK("http://x","y")', theme="@SUM(A1)",
                                  sector="-cmd|' /C calc'!A0")
    catalog = dataclasses.replace(seed.catalog, measures=(hostile, *seed.catalog.measures[1:]))
    rows = list(csv.reader(io.StringIO(catalog_to_csv(catalog))))
    header, body = rows[0], rows[1:]
    mine = [dict(zip(header, row, strict=True)) for row in body if row[0] == first.code]
    assert {r["title"] for r in mine} == {'\'=HYPERLINK("http://x","y")'}
    assert {r["theme"] for r in mine} == {"'@SUM(A1)"}
    assert {r["sector"] for r in mine} == {"'-cmd|' /C calc'!A0"}
    net = next(r for r in mine if r["kind"] == "net")
    year = str(seed.catalog.years[0])
    assert Decimal(net[year]) == first.net[seed.catalog.years[0]]
    assert net[year].startswith("-")  # the seed's measures save: amounts keep their minus
    others = [dict(zip(header, row, strict=True)) for row in body if row[0] != first.code]
    assert not any(r["title"].startswith("'") for r in others)
