"""Mapping profiles in the workspace (migration 0009), on SQLite and PostgreSQL: saved by
name (replaced under the same name), read back equal, deleted, kept by backup and restore,
refused for viewers, and the table added and removed by the migration."""

from __future__ import annotations

from pathlib import Path

import pytest

from omprio.read.mapping import parse_mapping
from omprio.store.accounts import Actor
from omprio.store.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from omprio.store.workspace import Workspace
from test_mapped import DANISH, csv_bytes

ADMIN = Actor(0, "tests", "admin")
MAPPING = parse_mapping(["code=Nr", "title=Forslag", "theme=Tema", "amount.2025=2025",
                         "fte.2025=Årsværk", "line.Løn.2025=2026"], unit="mio. kr.",
                        decimals="da", price_base="2025", sheet="Ark 1")


def test_profiles_are_kept_by_name(workspace: Workspace) -> None:
    editor = workspace.authenticate("editor", "secret-password")
    viewer = workspace.authenticate("viewer", "secret-password")
    assert editor is not None and viewer is not None
    saved = workspace.save_profile("  Vores   ark ", MAPPING, editor)
    assert saved.name == "Vores ark" and saved.author == "editor"
    (listed,) = workspace.list_profiles(editor)
    assert listed.mapping == MAPPING and workspace.profile(saved.id, editor).mapping == MAPPING
    other = parse_mapping(["code=Kode", "title=Titel", "amount.2030=2030"])
    replaced = workspace.save_profile("Vores ark", other, ADMIN)
    assert replaced.id == saved.id and workspace.profile(saved.id, editor).mapping == other
    workspace.save_profile("Andet", MAPPING, editor)
    assert [p.name for p in workspace.list_profiles(editor)] == ["Andet", "Vores ark"]
    for name in ("", "   ", "x" * 101, "nul\x00here", "\u200b"):
        with pytest.raises(InvalidInput):
            workspace.save_profile(name, MAPPING, editor)
    with pytest.raises(Forbidden):
        workspace.save_profile("Læser", MAPPING, viewer)
    with pytest.raises(Forbidden):
        workspace.list_profiles(viewer)
    with pytest.raises(Unauthorized):
        workspace.delete_profile(saved.id, None)
    workspace.delete_profile(saved.id, editor)
    with pytest.raises(NotFound):
        workspace.profile(saved.id, editor)
    with pytest.raises(NotFound):
        workspace.delete_profile(saved.id, editor)


def test_an_import_by_a_profile_and_backup_and_restore(
    workspace: Workspace, tmp_path: Path
) -> None:
    profile = workspace.save_profile("Ark", parse_mapping(
        ["code=Nr", "title=Forslag", "amount.2025=2025", "amount.2026=2026"]), ADMIN)
    stored = workspace.import_document(csv_bytes(DANISH), "k.csv", ADMIN,
                                       mapping=profile.mapping)
    assert len(stored.catalog.measures) == 3 and stored.info.errors == 0
    lines = list(workspace.backup())
    assert any('"mapping_profiles"' in line for line in lines)
    target = Workspace(f"sqlite:///{tmp_path / 'restored.db'}")
    try:
        target.ensure_schema()
        target.restore(iter(lines))
        (restored,) = target.list_profiles(ADMIN)
        assert restored.mapping == profile.mapping and restored.name == "Ark"
        again = target.save_profile("Nyt", MAPPING, ADMIN)  # the id sequence goes on
        assert again.id > restored.id
    finally:
        target.engine.dispose()


def test_migration_0009_adds_and_removes_the_table(database: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from omprio.store.database import MIGRATIONS

    ws = Workspace(database)
    try:
        ws.ensure_schema()
        ws.save_profile("Før", MAPPING, ADMIN)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))

        def run(step: str, target: str) -> None:
            with ws.engine.begin() as connection:
                config.attributes["connection"] = connection
                getattr(command, step)(config, target)

        run("downgrade", "0007")
        assert "mapping_profiles" not in inspect(ws.engine).get_table_names()
        run("upgrade", "head")
        assert "mapping_profiles" in inspect(ws.engine).get_table_names()
        assert ws.list_profiles(ADMIN) == []
    finally:
        ws.engine.dispose()
