"""Scenarios stored with their catalog, on SQLite and PostgreSQL: save, list, change, conflicts,
who may do what, validation against the catalog, deletion with the catalog, backup; and browser
sessions that end for good at logout."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from databases import database_url
from omprio.decide.scenario import Scenario, empty_scenario, evaluate
from omprio.store.accounts import Actor
from omprio.store.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from omprio.store.schema import ScenarioRow, WebSession
from omprio.store.workspace import Workspace

SEED = Path(__file__).parent / "data" / "aarhus-msb-2024-2027.txt"


def _actor(ws: Workspace, name: str) -> Actor:
    actor = ws.authenticate(name, "secret-password")
    assert actor is not None
    return actor


def _import(ws: Workspace, public: bool = False) -> int:
    stored = ws.import_document(SEED.read_bytes(), "seed.txt", _actor(ws, "admin"), public=public)
    return stored.info.catalog_id


def _scenario(ws: Workspace, cid: int, name: str, *codes: str) -> Scenario:
    catalog = ws.version(cid, _actor(ws, "viewer")).catalog
    base = empty_scenario(catalog, name)
    selection = dict(base.selection)
    for code in codes:
        assert code in selection, code
        selection[code] = Decimal(1)
    return replace(base, selection=selection)


def _scenario_rows(ws: Workspace) -> int:
    with ws.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(ScenarioRow)) or 0


def test_save_list_read_and_evaluate_a_scenario(workspace: Workspace) -> None:
    cid = _import(workspace)
    viewer = _actor(workspace, "viewer")
    scenario = _scenario(workspace, cid, "Forligsudkast 1", "BFF-1", "VJH-1")
    saved = workspace.save_scenario(cid, scenario, viewer)
    assert (saved.name, saved.version, saved.author, saved.revision) == (
        "Forligsudkast 1", 1, "viewer", 1)
    assert saved.scenario == scenario
    listed = workspace.scenarios(cid, _actor(workspace, "editor"))
    assert [s.id for s in listed] == [saved.id]
    again = workspace.scenario(cid, saved.id, viewer)
    assert again.scenario == scenario  # exact Decimals and every field survive the database
    catalog = workspace.version(cid, viewer).catalog
    assert evaluate(again.scenario, catalog).totals == evaluate(scenario, catalog).totals


def test_names_are_unique_per_catalog_and_saves_conflict(workspace: Workspace) -> None:
    cid = _import(workspace)
    other = _import(workspace)
    editor = _actor(workspace, "editor")
    first = workspace.save_scenario(cid, _scenario(workspace, cid, "A", "BFF-1"), editor)
    with pytest.raises(Conflict, match="named 'A'"):
        workspace.save_scenario(cid, _scenario(workspace, cid, "A", "VJH-1"), editor)
    # The same name in another catalog is fine.
    workspace.save_scenario(other, _scenario(workspace, other, "A"), editor)
    changed = workspace.save_scenario(
        cid, _scenario(workspace, cid, "A", "VJH-1"), editor, scenario_id=first.id,
        base_revision=1)
    assert changed.revision == 2 and changed.scenario.selection["VJH-1"] == 1
    with pytest.raises(Conflict, match="after you opened it"):
        workspace.save_scenario(cid, _scenario(workspace, cid, "A", "BFF-1"), editor,
                                scenario_id=first.id, base_revision=1)
    assert workspace.scenario(cid, first.id, editor).scenario.selection["BFF-1"] == 0


def test_who_may_read_save_change_and_delete(workspace: Workspace) -> None:
    cid = _import(workspace, public=True)
    viewer, editor = _actor(workspace, "viewer"), _actor(workspace, "editor")
    with pytest.raises(Unauthorized):
        workspace.save_scenario(cid, _scenario(workspace, cid, "X"), None)
    mine = workspace.save_scenario(cid, _scenario(workspace, cid, "X"), viewer)
    with pytest.raises(Unauthorized):  # working papers, also of a public catalog
        workspace.scenarios(cid, None)
    theirs = workspace.save_scenario(cid, _scenario(workspace, cid, "Y"), editor)
    with pytest.raises(Forbidden, match="editor"):
        workspace.delete_scenario(cid, theirs.id, viewer)
    with pytest.raises(Forbidden):
        workspace.save_scenario(cid, _scenario(workspace, cid, "Y2"), viewer,
                                scenario_id=theirs.id)
    workspace.delete_scenario(cid, mine.id, viewer)
    workspace.delete_scenario(cid, theirs.id, editor)
    assert workspace.scenarios(cid, viewer) == []
    with pytest.raises(NotFound):
        workspace.scenario(cid, mine.id, viewer)


def test_a_scenario_must_fit_its_catalog(workspace: Workspace) -> None:
    cid = _import(workspace)
    editor = _actor(workspace, "editor")
    scenario = _scenario(workspace, cid, "Z")
    with pytest.raises(InvalidInput, match="XYZ-9"):
        workspace.save_scenario(cid, replace(scenario, selection={"XYZ-9": Decimal(1)}), editor)
    with pytest.raises(InvalidInput, match="divisible"):
        workspace.save_scenario(
            cid, replace(scenario, selection={**scenario.selection, "BFF-1": Decimal("0.5")}),
            editor)
    with pytest.raises(InvalidInput, match="name"):
        workspace.save_scenario(cid, replace(scenario, name="  "), editor)
    with pytest.raises(NotFound):
        workspace.save_scenario(cid + 99, scenario, editor)
    other = _import(workspace)
    saved = workspace.save_scenario(cid, scenario, editor)
    with pytest.raises(NotFound):  # a scenario is reached through its own catalog only
        workspace.scenario(other, saved.id, editor)
    assert _scenario_rows(workspace) == 1


def test_scenarios_go_with_their_catalog_and_into_backups(workspace: Workspace,
                                                          tmp_path: Path) -> None:
    cid = _import(workspace)
    editor = _actor(workspace, "editor")
    saved = workspace.save_scenario(cid, _scenario(workspace, cid, "Backup", "BFF-1"), editor)
    lines = list(workspace.backup())
    with database_url("sqlite", tmp_path / "restore") as url:
        target = Workspace(url)
        try:
            target.restore(iter(lines))
            restored = target.scenario(cid, saved.id, _actor(target, "viewer"))
            assert restored.scenario == saved.scenario
            assert (restored.version, restored.author) == (1, "editor")
        finally:
            target.engine.dispose()
    workspace.delete_catalog(cid, _actor(workspace, "admin"))
    assert _scenario_rows(workspace) == 0


def test_a_logged_out_session_is_over_and_only_that_one(workspace: Workspace) -> None:
    editor = _actor(workspace, "editor")
    first = workspace.start_session(editor.user_id)
    second = workspace.start_session(editor.user_id)
    assert workspace.session_actor(first) == editor
    workspace.end_session(first)
    assert workspace.session_actor(first) is None
    assert workspace.session_actor(second) == editor
    assert workspace.session_actor("not-a-session") is None
    with workspace.engine.connect() as connection:
        stored = connection.scalars(select(WebSession.key_hash)).all()
    assert second not in stored  # only the hash of the key is kept


def test_a_scenario_stays_its_authors_when_an_editor_changes_it(workspace: Workspace) -> None:
    cid = _import(workspace)
    viewer, editor = _actor(workspace, "viewer"), _actor(workspace, "editor")
    mine = workspace.save_scenario(cid, _scenario(workspace, cid, "Mit", "BFF-1"), viewer)
    changed = workspace.save_scenario(cid, _scenario(workspace, cid, "Mit", "VJH-1"), editor,
                                      scenario_id=mine.id, base_revision=1)
    assert (changed.author, changed.revision) == ("viewer", 2)
    assert changed.updated_at >= mine.updated_at
    again = workspace.save_scenario(cid, _scenario(workspace, cid, "Mit"), viewer,
                                    scenario_id=mine.id, base_revision=2)
    assert again.revision == 3
    workspace.delete_scenario(cid, mine.id, viewer)


def test_a_risk_for_a_measure_the_catalog_lacks_is_refused(workspace: Workspace) -> None:
    # evaluate() does not read the risk, so a scenario naming an unknown measure there slipped in
    from omprio.decide.risk import Uncertainty

    cid = _import(workspace)
    editor = _actor(workspace, "editor")
    scenario = replace(_scenario(workspace, cid, "R"),
                       risk={"NOPE-1": Uncertainty(probability=Decimal("0.5"))})
    with pytest.raises(InvalidInput, match="NOPE-1") as refused:
        workspace.save_scenario(cid, scenario, editor)
    assert refused.value.text("da") == "risiko: kataloget har intet tiltag NOPE-1"
    assert _scenario_rows(workspace) == 0
