"""One target: the catalog's target (sparekrav) is a value of the catalog, never the measures' sum.

After BFF-1's 2024 saving is edited from -1.000 to -1.250, the section total follows the measures
(-19.980) but the target stays -19.730: the overview shows both as two labelled rows with a gap
of -250, and the scenario builder, the optimize form, the REST API and ``omprio optimize`` on the
exported catalog all take -19.730 as the target.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omprio.cli import app
from omprio.decide.targets import default_targets
from omprio.store.errors import Conflict, Forbidden, InvalidInput
from omprio.store.workspace import Workspace
from web_support import actor, bearer, import_seed, make_client, session_client, user_workspace

TARGET = Decimal(-19730)


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, int]]:
    with user_workspace("sqlite", tmp_path_factory.mktemp("target")) as ws:
        cid = import_seed(ws, public=True)
        ws.edit_measure(cid, "BFF-1", {"net": {"2024": -1250}}, actor(ws, "editor"),
                        base_version=1, message="Ny beregning")
        yield ws, cid


def test_the_target_stays_when_a_measure_is_edited(edited: tuple[Workspace, int]) -> None:
    ws, cid = edited
    catalog = ws.version(cid, actor(ws, "editor")).catalog
    section = [t for t in catalog.overview_totals if t.section == "OMPRIORITERINGSTILTAG"]
    assert section and section[-1].amounts[2024] == Decimal(-19980)  # the total follows the edit
    assert catalog.target[2024] == TARGET
    assert default_targets(catalog) == dict.fromkeys((2024, 2025, 2026, 2027), TARGET)


def _row(html: str, label: str) -> list[str]:
    """The amount cells of the summary row whose heading starts with ``label``."""
    match = re.search(rf'<th scope="row" colspan="2">{re.escape(label)}\b.*?</tr>', html, re.S)
    assert match, label
    return re.findall(r'<td class="num[^"]*">([^<]*)</td>', match.group(0))


def test_overview_shows_measures_and_target_as_two_rows(edited: tuple[Workspace, int]) -> None:
    ws, cid = edited
    client, _ = session_client(ws, "editor")
    html = client.get(f"/catalogs/{cid}").text
    assert _row(html, "Tiltag i alt")[0] == "-19.980"
    assert _row(html, "Måltal")[0] == "-19.730"
    assert _row(html, "Afvigelse fra måltal")[0] == "-250"
    assert "Måltal: OMPRIORITERINGSTILTAG" not in html


@pytest.mark.parametrize("page", ["scenarios/new", "optimize"])
def test_builder_and_optimize_form_offer_the_catalogs_target(
    edited: tuple[Workspace, int], page: str
) -> None:
    ws, cid = edited
    client, _ = session_client(ws, "editor")
    html = client.get(f"/catalogs/{cid}/{page}").text
    value = re.search(r'name="target-2024" value="([^"]*)"', html)
    assert value is not None
    assert value.group(1) in {"-19.730", "-19730"}


def test_api_evaluates_against_the_catalogs_target(edited: tuple[Workspace, int]) -> None:
    ws, cid = edited
    client = make_client(ws)
    token = bearer(ws.create_token("editor"))
    base = f"/api/v1/catalogs/{cid}/scenarios"
    document = {"format": "omprio.scenario/1", "name": "Uden mål", "selection": {"BFF-1": 1}}
    created = client.post(base, json=document, headers=token)
    assert created.status_code == 201, created.text
    got = client.get(f"{base}/{created.json()['id']}", headers=token).json()
    assert {Decimal(str(v)) for v in got["evaluation"]["targets"].values()} == {TARGET}


def test_cli_optimize_on_the_exported_catalog_takes_the_target(
    edited: tuple[Workspace, int], tmp_path: Path
) -> None:
    ws, cid = edited
    client, _ = session_client(ws, "editor")
    exported = tmp_path / "catalog.json"
    exported.write_bytes(client.get(f"/catalogs/{cid}/export.json").content)
    result = CliRunner().invoke(app, ["optimize", str(exported), "--format", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout, parse_float=Decimal)
    assert {Decimal(str(v)) for v in answer["targets"].values()} == {TARGET}


# --- a target set by a person --------------------------------------------------------------


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[Workspace, int]]:
    with user_workspace("sqlite", tmp_path) as ws:
        yield ws, import_seed(ws, public=True)


def test_a_person_sets_the_target_as_a_new_version(fresh: tuple[Workspace, int]) -> None:
    ws, cid = fresh
    wanted = {2024: Decimal(-20000), 2025: Decimal(-21000), 2026: Decimal(-22000),
              2027: Decimal(-23000)}
    stored = ws.set_target(cid, wanted, actor(ws, "editor"), base_version=1, message="Aftale")
    assert stored.info.number == 2 and not stored.unchanged
    latest = ws.version(cid, None).catalog
    assert latest.target == wanted and default_targets(latest) == wanted
    assert latest.measures == ws.version(cid, None, 1).catalog.measures
    # The same target again writes nothing.
    again = ws.set_target(cid, wanted, actor(ws, "admin"), base_version=2)
    assert again.unchanged and again.info.number == 2
    # Edits of measures never move it.
    ws.edit_measure(cid, "BFF-1", {"net": {"2024": -1250}}, actor(ws, "editor"), base_version=2)
    assert ws.version(cid, None).catalog.target == wanted


def test_setting_the_target_is_a_whole_catalog_call(fresh: tuple[Workspace, int]) -> None:
    ws, cid = fresh
    years = (2024, 2025, 2026, 2027)
    with pytest.raises(Forbidden):
        ws.set_target(cid, dict.fromkeys(years, Decimal(-1)), actor(ws, "bff"), base_version=1)
    with pytest.raises(InvalidInput):
        ws.set_target(cid, {2024: Decimal(-1)}, actor(ws, "editor"), base_version=1)
    ws.set_target(cid, dict.fromkeys(years, Decimal(-2)), actor(ws, "editor"), base_version=1)
    with pytest.raises(Conflict):  # someone else set it since version 1 was shown
        ws.set_target(cid, dict.fromkeys(years, Decimal(-3)), actor(ws, "admin"), base_version=1)


@pytest.mark.parametrize(("lang", "typed", "shown"), [("da", "-20.000", "-20.000"),
                                                      ("en", "-20,000", "-20,000")])
def test_the_catalog_page_sets_the_target(fresh: tuple[Workspace, int], lang: str, typed: str,
                                          shown: str) -> None:
    ws, cid = fresh
    client, csrf = session_client(ws, "editor")
    page = client.get(f"/catalogs/{cid}?lang={lang}").text
    assert 'id="target-form"' in page
    fields = {f"target-{year}": typed for year in (2024, 2025, 2026, 2027)}
    answer = client.post(f"/catalogs/{cid}/target?lang={lang}", follow_redirects=False,
                         data={**fields, "base_version": "1", "csrf_token": csrf})
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("target_note=saved")
    html = client.get(f"/catalogs/{cid}?lang={lang}").text
    assert _row(html, "Måltal" if lang == "da" else "Target")[0] == shown
    assert ws.version(cid, None).catalog.target[2024] == Decimal(-20000)
    bad = client.post(f"/catalogs/{cid}/target?lang=da", data={**fields, "target-2025": "tyve",
                                                        "csrf_token": csrf})
    assert bad.status_code == 422 and "måltallet for 2025" in bad.text
    limited, _ = session_client(ws, "bff")
    assert 'id="target-form"' not in limited.get(f"/catalogs/{cid}").text
