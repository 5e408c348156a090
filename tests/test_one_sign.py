"""One sign for the gap: total − target, positive = short (mangler), negative = more (overopfylder).

One stored scenario that is more than the target in 2024 and short of it in 2025 goes through the
scenario page, the comparison, the REST API, the CLI (JSON and text), the optimize page and the
published document; every one shows the same signed figures under the same wording, and none
shows the old opposite convention ("Overopfyldelse (+) / mangel (-)").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omprio import display
from omprio.cli import app
from omprio.decide.scenario import Scenario, empty_scenario, evaluate
from omprio.publish.document import build_document
from omprio.publish.scenario import selected_catalog
from omprio.store.workspace import Workspace
from web_support import actor, bearer, import_seed, make_client, session_client, user_workspace

TARGETS = {2024: Decimal(-5000), 2025: Decimal(-30000)}
OLD = ("Overopfyldelse (+)", "Over-delivery (+)", "Overopfyldelse i alt", "Over-delivery, total")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, int, int]]:
    with user_workspace("sqlite", tmp_path_factory.mktemp("sign")) as ws:
        cid = import_seed(ws, public=True)
        who = actor(ws, "editor")
        start = empty_scenario(ws.version(cid, who).catalog, "Blandet")
        selection = {**start.selection, "BFF-3A": Decimal(1), "UJU-1": Decimal(1)}
        scenario = Scenario(start.name, start.catalog_title, selection, targets=TARGETS)
        sid = ws.save_scenario(cid, scenario, who).id
        empty = Scenario("Tomt", start.catalog_title, start.selection, targets=TARGETS)
        ws.save_scenario(cid, empty, who)
        yield ws, cid, sid


@pytest.fixture(scope="module")
def gap(world: tuple[Workspace, int, int]) -> dict[int, Decimal]:
    ws, cid, sid = world
    stored = ws.scenario(cid, sid, actor(ws, "editor"))
    result = evaluate(stored.scenario, ws.version(cid, None).catalog).gap
    assert result[2024] < 0 < result[2025]  # more than the target, then short of it
    return result


def _signed(value: Decimal, lang: display.Lang = "da") -> str:
    return display.signed(value, lang)


def test_the_scenario_page_and_comparison(
    world: tuple[Workspace, int, int], gap: dict[int, Decimal]
) -> None:
    ws, cid, sid = world
    client, _ = session_client(ws, "editor")
    page = client.get(f"/catalogs/{cid}/scenarios/{sid}").text
    for year, value in gap.items():
        cell = re.search(rf'id="gap-{year}">([^<]*)<', page)
        assert cell is not None and cell.group(1).strip() == _signed(value)
    assert "+ mangler, − overopfylder" in page
    compared = client.get(f"/catalogs/{cid}/scenarios/compare?id={sid}&id={sid + 1}").text
    assert _signed(sum(gap.values(), Decimal(0))) in compared
    for old in OLD:
        assert old not in page and old not in compared


def test_the_api(world: tuple[Workspace, int, int], gap: dict[int, Decimal]) -> None:
    ws, cid, sid = world
    got = make_client(ws).get(f"/api/v1/catalogs/{cid}/scenarios/{sid}",
                              headers=bearer(ws.create_token("viewer"))).json()["evaluation"]
    assert {int(y): Decimal(str(v)) for y, v in got["gap"].items()} == gap
    assert Decimal(str(got["gap_total"])) == sum(gap.values(), Decimal(0))
    assert "over_delivery" not in got


def test_the_cli(world: tuple[Workspace, int, int], gap: dict[int, Decimal],
                 tmp_path: Path) -> None:
    ws, cid, sid = world
    client, _ = session_client(ws, "editor")
    catalog = tmp_path / "catalog.json"
    catalog.write_bytes(client.get(f"/catalogs/{cid}/export.json").content)
    scenario = tmp_path / "scenario.json"
    scenario.write_bytes(client.get(f"/catalogs/{cid}/scenarios/{sid}/scenario.json").content)
    runner = CliRunner()
    shown = runner.invoke(app, ["scenario", "show", str(scenario), "--catalog", str(catalog),
                                "--format", "json"])
    assert shown.exit_code == 0, shown.output
    document = json.loads(shown.stdout, parse_float=Decimal)
    assert {int(y): v for y, v in document["gap"].items()} == gap
    text = runner.invoke(app, ["scenario", "show", str(scenario), "--catalog", str(catalog)],
                         env={"COLUMNS": "200"})
    assert "Afvigelse fra måltal (+ mangler, − overopfylder)" in text.stdout
    row = next(line for line in text.stdout.splitlines() if "Afvigelse fra måltal" in line)
    for value in gap.values():
        assert _signed(value) in row
    assert not any(old in text.stdout for old in OLD)


def test_the_optimize_page_and_cli_use_the_same_sign(
    world: tuple[Workspace, int, int], tmp_path: Path
) -> None:
    ws, cid, _ = world
    client, _ = session_client(ws, "editor")
    catalog = tmp_path / "catalog.json"
    catalog.write_bytes(client.get(f"/catalogs/{cid}/export.json").content)
    result = CliRunner().invoke(app, ["optimize", str(catalog), "-m", "count", "--target",
                                      "-10000", "--format", "json"])
    answer = json.loads(result.stdout, parse_float=Decimal)
    for year, value in answer["gap"].items():  # reached: the gap is zero or negative
        assert value == answer["totals"][year] - answer["targets"][year] and value <= 0
    text = CliRunner().invoke(app, ["optimize", str(catalog), "-m", "count", "--target",
                                    "-10000"], env={"COLUMNS": "200"}).stdout
    assert "Afvigelse fra måltal (+ mangler, − overopfylder)" in text
    assert not any(old in text for old in OLD)
    client, csrf = session_client(ws, "editor")
    fields = {"objective": "count", "target-all": "-10.000", "csrf_token": csrf}
    page = client.post(f"/catalogs/{cid}/optimize", data=fields).text
    row = re.search(r"Afvigelse fra måltal.*?</tr>", page, re.S)
    assert row is not None and "+ mangler, − overopfylder" in row.group(0)
    shown = re.findall(r'<td class="num[^"]*">([^<]*)</td>', row.group(0))
    assert shown == [_signed(answer["gap"][str(year)]) for year in (2024, 2025, 2026, 2027)]
    assert not any(old in page for old in OLD)


def test_the_published_document(world: tuple[Workspace, int, int],
                                gap: dict[int, Decimal]) -> None:
    ws, cid, sid = world
    stored = ws.scenario(cid, sid, actor(ws, "editor"))
    catalog = selected_catalog(ws.version(cid, None).catalog, stored.scenario)
    rows = {row.label: row for row in build_document(catalog, []).overview}
    shown = rows["Afvigelse fra måltal (+ mangler, − overopfylder)"]
    years = list(catalog.years)
    for year, value in gap.items():
        cell = shown.cells[years.index(year)]
        assert Decimal(cell.replace(".", "").replace(",", ".")) == value
