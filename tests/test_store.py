"""The workspace on SQLite and PostgreSQL: versions, history, conflicts, roles, faults, backup."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from databases import database_url
from omprio.store.accounts import Actor
from omprio.store.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthorized,
    Unavailable,
)
from omprio.store.schema import CatalogRow, MeasureBlob, User, VersionMeasure, VersionRow
from omprio.store.workspace import Workspace

SEED = Path(__file__).parent / "data" / "aarhus-msb-2024-2027.txt"
YEARS = (2024, 2025, 2026, 2027)


def _actor(ws: Workspace, name: str) -> Actor:
    actor = ws.authenticate(name, "secret-password")
    assert actor is not None
    return actor


def _import(ws: Workspace, public: bool = False) -> int:
    stored = ws.import_document(SEED.read_bytes(), "seed.txt", _actor(ws, "admin"), public=public)
    return stored.info.catalog_id


def _counts(ws: Workspace) -> tuple[int, int, int, int]:
    with ws.engine.connect() as connection:
        return tuple(  # type: ignore[return-value]
            connection.scalar(select(func.count()).select_from(table)) or 0
            for table in (CatalogRow, VersionRow, MeasureBlob, VersionMeasure)
        )


def test_import_creates_version_one_with_findings(workspace: Workspace) -> None:
    cid = _import(workspace)
    stored = workspace.version(cid, _actor(workspace, "viewer"))
    assert stored.info.number == 1
    assert stored.info.stage == "draft"
    assert stored.info.author == "admin"
    assert (stored.info.errors, stored.info.warnings) == (0, 3)
    assert [(f.rule, f.measure) for f in stored.findings] == [
        ("prose-number-format", "MSB-1"), ("prose-year-list", "BFF-3A"), ("savings-pct", "JUS-1"),
        ("prose-approximate", "VJH-5")]
    assert len(stored.catalog.measures) == 19
    msb = stored.catalog.measure("MSB-1")
    assert msb is not None
    assert msb.fte[2026] == Decimal("-10.5")
    assert stored.catalog.overview_totals[-1].amounts == {y: Decimal(-19730) for y in YEARS}


def test_amounts_stay_exact_decimals(workspace: Workspace) -> None:
    cid = _import(workspace)
    editor = _actor(workspace, "editor")
    workspace.edit_measure(cid, "VJH-5", {"fte": {"2024": Decimal("-0.1")},
                                          "net": {"2025": Decimal("-1234567.891")}},
                           editor, base_version=1)
    measure = workspace.version(cid, editor).catalog.measure("VJH-5")
    assert measure is not None
    assert measure.fte[2024] == Decimal("-0.1")
    assert measure.net[2025] == Decimal("-1234567.891")
    assert measure.fte[2025] == Decimal("-0.5")


def test_every_edit_is_a_version_with_who_when_why_and_a_diff(workspace: Workspace) -> None:
    cid = _import(workspace)
    bff = _actor(workspace, "bff")
    stored = workspace.edit_measure(cid, "BFF-1", {"net": {"2024": -1200},
                                                   "title": "Ny titel"},
                                    bff, base_version=1, message="Rettet efter høring")
    assert stored.info.number == 2
    assert stored.info.author == "bff"
    assert stored.info.message == "Rettet efter høring"
    history = workspace.versions(cid, bff)
    assert [v.number for v in history] == [2, 1]
    diff = workspace.diff(cid, 1, 2, bff)
    assert diff.added == [] and diff.removed == []
    assert [m.code for m in diff.changed] == ["BFF-1"]
    changes = {c.path: (c.before, c.after) for c in diff.changed[0].changes}
    assert changes == {"title": ("Omlægning af Brobyg-fraværsindsats", "Ny titel"),
                       "net.2024": (Decimal(-1000), Decimal(-1200))}
    # The overview follows the net, so the catalog still adds up except for the lines.
    assert [(f.rule, f.measure, f.year) for f in stored.findings if f.is_error] == [
        ("line-sum", "BFF-1", 2024)]
    total = stored.catalog.overview_totals[-1]
    assert total.amounts[2024] == Decimal(-19930)


def test_second_edit_of_the_same_measure_conflicts(workspace: Workspace) -> None:
    cid = _import(workspace)
    editor = _actor(workspace, "editor")
    workspace.edit_measure(cid, "JUS-1", {"net": {"2024": -600}}, editor, base_version=1)
    with pytest.raises(Conflict):
        workspace.edit_measure(cid, "JUS-1", {"net": {"2024": -700}}, editor, base_version=1)
    # An edit of another measure from the same old version merges.
    merged = workspace.edit_measure(cid, "JUS-2", {"sector": "1.20 Drift"}, editor, base_version=1)
    assert merged.info.number == 3
    latest = workspace.version(cid, editor).catalog
    jus1 = latest.measure("JUS-1")
    assert jus1 is not None
    assert jus1.net[2024] == Decimal(-600)


def test_roles_and_areas(workspace: Workspace) -> None:
    cid = _import(workspace)
    with pytest.raises(Forbidden):
        workspace.edit_measure(cid, "VJH-1", {"title": "x"}, _actor(workspace, "bff"),
                               base_version=1)
    with pytest.raises(Forbidden):
        workspace.edit_measure(cid, "BFF-1", {"title": "x"}, _actor(workspace, "viewer"),
                               base_version=1)
    with pytest.raises(Unauthorized):
        workspace.edit_measure(cid, "BFF-1", {"title": "x"}, None, base_version=1)
    with pytest.raises(Unauthorized):
        workspace.import_document(SEED.read_bytes(), "seed.txt", None)
    with pytest.raises(Forbidden):
        workspace.import_document(SEED.read_bytes(), "seed.txt", _actor(workspace, "viewer"))
    with pytest.raises(Forbidden):
        workspace.set_stage(cid, "adopted", _actor(workspace, "editor"))
    assert workspace.set_stage(cid, "hearing", _actor(workspace, "editor")).info.stage == "hearing"
    assert workspace.set_stage(cid, "adopted", _actor(workspace, "admin")).info.stage == "adopted"
    with pytest.raises(Forbidden):
        workspace.set_public(cid, True, _actor(workspace, "editor"))


def test_public_reads_for_anonymous_readers_only_when_made_public(workspace: Workspace) -> None:
    cid = _import(workspace)
    assert workspace.list_catalogs(None) == []
    with pytest.raises(NotFound):
        workspace.version(cid, None)
    workspace.set_public(cid, True, _actor(workspace, "admin"))
    assert [c.id for c in workspace.list_catalogs(None)] == [cid]
    assert workspace.version(cid, None).info.number == 1
    with pytest.raises(Unauthorized):
        workspace.edit_measure(cid, "BFF-1", {"title": "x"}, None, base_version=1)


def test_a_document_that_is_not_a_catalog_stores_nothing(workspace: Workspace) -> None:
    before = _counts(workspace)
    with pytest.raises(InvalidInput):
        workspace.import_document(b"Roser er r\xc3\xb8de\n", "digt.txt", _actor(workspace, "admin"))
    with pytest.raises(InvalidInput):
        workspace.import_document(b"\x00\x01\x02" * 100, "x.bin", _actor(workspace, "admin"))
    assert _counts(workspace) == before


def test_an_import_that_fails_halfway_leaves_nothing(workspace: Workspace,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cid = _import(workspace)
    before = _counts(workspace)

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    # Fail after the version row and the measures have been written, before the commit.
    monkeypatch.setattr("omprio.store.versions.update", explode)  # where versions are written
    with pytest.raises(RuntimeError):
        workspace.import_document(SEED.read_bytes().replace(b"BFF-1", b"BFF-9"), "b.txt",
                                  _actor(workspace, "admin"))
    with pytest.raises(RuntimeError):
        workspace.edit_measure(cid, "BFF-1", {"title": "x"}, _actor(workspace, "admin"),
                               base_version=1)
    assert _counts(workspace) == before


def test_unchanged_measures_are_stored_once(workspace: Workspace) -> None:
    cid = _import(workspace)
    blobs = _counts(workspace)[2]
    workspace.edit_measure(cid, "BFF-1", {"title": "Ny"}, _actor(workspace, "admin"),
                           base_version=1)
    assert _counts(workspace)[2] == blobs + 1


def test_passwords_are_argon2_and_tokens_authenticate(workspace: Workspace) -> None:
    with workspace.engine.connect() as connection:
        hashes = list(connection.scalars(select(User.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert workspace.authenticate("admin", "wrong-password") is None
    assert workspace.authenticate("nobody", "secret-password") is None
    token = workspace.create_token("bff", "ci")
    actor = workspace.actor_for_token(token)
    assert actor is not None
    assert (actor.name, actor.role, actor.areas) == ("bff", "editor", ("BFF",))
    assert workspace.actor_for_token(token + "x") is None
    with pytest.raises(Conflict):
        workspace.add_user("admin", "secret-password", "admin")
    with pytest.raises(InvalidInput):
        workspace.add_user("x", "short", "admin")
    with pytest.raises(InvalidInput):
        workspace.add_user("y", "secret-password", "superuser")


def test_backup_and_restore_into_both_engines(workspace: Workspace, tmp_path: Path) -> None:
    cid = _import(workspace, public=True)
    workspace.edit_measure(cid, "BFF-1", {"net": {"2024": -1200}}, _actor(workspace, "admin"),
                           base_version=1, message="før backup")
    lines = list(workspace.backup())
    for engine in ("sqlite", "postgresql"):
        with database_url(engine, tmp_path / engine) as url:
            target = Workspace(url)
            assert target.restore(iter(lines)) == len(lines) - 1
            restored = target.version(cid, None)
            original = workspace.version(cid, None)
            assert restored.catalog == original.catalog
            assert restored.info == original.info
            assert target.authenticate("bff", "secret-password") is not None
            # New rows after a restore get fresh ids.
            new = target.import_document(SEED.read_bytes(), "again.txt",
                                         _actor(target, "admin"))
            assert new.info.catalog_id != cid
            with pytest.raises(Conflict):
                target.restore(iter(lines))
            target.engine.dispose()


def test_unreachable_database_is_a_clear_error() -> None:
    ws = Workspace("postgresql+psycopg://postgres@127.0.0.1:9/omprio")
    with pytest.raises(Unavailable, match="cannot be reached"):
        ws.ensure_schema()


@pytest.mark.parametrize("engine_name", ["sqlite", "postgresql"])
def test_import_killed_halfway_leaves_no_partial_data(engine_name: str, tmp_path: Path) -> None:
    """A process importing a large catalog is killed; afterwards there is all of it or none."""
    from generate import generate
    from omprio.publish.template_text import TextStyle, catalog_text

    big = tmp_path / "big.txt"
    big.write_text(catalog_text(generate(3000), TextStyle()), encoding="utf-8")
    with database_url(engine_name, tmp_path) as url:
        Workspace(url).ensure_schema()
        env = {**os.environ, "OMPRIO_DATABASE_URL": url}
        process = subprocess.Popen([sys.executable, "-m", "omprio", "import", str(big)], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(1.2)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        ws = Workspace(url)
        catalogs = ws.list_catalogs(Actor(0, "t", "admin"))
        with ws.engine.connect() as connection:
            versions = connection.scalar(select(func.count()).select_from(VersionRow)) or 0
            mapped = connection.scalar(select(func.count()).select_from(VersionMeasure)) or 0
        if catalogs:  # the import finished before the kill: it must be complete
            assert catalogs[0].measures == 3000 and versions == 1 and mapped == 3000
        else:
            assert versions == 0 and mapped == 0
        ws.engine.dispose()


def test_cli_import_user_token_backup_restore(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"

    def omprio(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "omprio", *args, "--db", url],
                              capture_output=True, text=True, timeout=60, check=False)

    imported = omprio("import", str(SEED))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "1"
    added = omprio("user", "add", "lis", "--role", "editor", "--areas", "BFF,VJH",
                   "--password", "secret-password")
    assert added.returncode == 0 and "editor" in added.stdout
    token = omprio("token", "add", "lis")
    assert token.returncode == 0 and token.stdout.startswith("omp_")
    backup = tmp_path / "backup.jsonl"
    assert omprio("backup", "-o", str(backup)).returncode == 0
    assert json.loads(backup.read_text().splitlines()[0])["format"] == "omprio.backup/1"
    url = f"sqlite:///{tmp_path / 'restored.db'}"
    restored = omprio("restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    bad = omprio("import", str(tmp_path / "missing.txt"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    not_catalog = tmp_path / "poem.txt"
    not_catalog.write_text("Roser er røde\n", encoding="utf-8")
    rejected = omprio("import", str(not_catalog))
    assert rejected.returncode == 2
    assert rejected.stderr.startswith("omprio:") and "Traceback" not in rejected.stderr
    wrong_db = subprocess.run([sys.executable, "-m", "omprio", "import", str(SEED), "--db",
                               "postgresql+psycopg://postgres@127.0.0.1:9/x"],
                              capture_output=True, text=True, timeout=60, check=False)
    assert wrong_db.returncode == 2 and "kan ikke nås" in wrong_db.stderr


def test_history_comes_in_pages(workspace: Workspace) -> None:
    cid = _import(workspace)
    editor = _actor(workspace, "editor")
    for number in range(1, 8):
        workspace.edit_measure(cid, "BFF-1", {"title": f"Titel {number}"}, editor,
                               base_version=number)
    everything = [v.number for v in workspace.versions(cid, editor)]
    assert everything == list(range(8, 0, -1))
    first = workspace.versions(cid, editor, limit=3)
    assert [v.number for v in first] == [8, 7, 6]
    second = workspace.versions(cid, editor, limit=3, below=first[-1].number)
    assert [v.number for v in second] == [5, 4, 3]
    assert [v.number for v in workspace.versions(cid, editor, limit=3, below=3)] == [2, 1]
    assert workspace.versions(cid, editor, limit=3, below=1) == []


def test_postgresql_connections_that_died_while_idle_are_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pooled PostgreSQL connections are pinged before use only after lying idle
    (IDLE_PING_SECONDS); one the server dropped meanwhile is replaced, so the reader sees no
    error. One dropped while in steady use fails a single call (503 in the web app); the pool
    then starts afresh."""
    from sqlalchemy import create_engine, text

    from databases import ADMIN_URL
    from omprio.store import database

    with database_url("postgresql", tmp_path) as url:
        ws = Workspace(url)
        try:
            ws.add_user("viewer", "secret-password", "viewer")
            viewer = _actor(ws, "viewer")
            name = ws.engine.url.database

            def drop_connections() -> None:
                admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
                with admin.connect() as connection:
                    connection.execute(text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
                admin.dispose()

            monkeypatch.setattr(database, "IDLE_PING_SECONDS", 0.0)  # every checkout pings
            assert ws.list_catalogs(viewer) == []
            drop_connections()
            assert ws.list_catalogs(viewer) == []  # replaced on checkout, no error
            monkeypatch.setattr(database, "IDLE_PING_SECONDS", 3600.0)  # in steady use
            assert ws.list_catalogs(viewer) == []
            drop_connections()
            failures = 0
            for _ in range(2):
                try:
                    ws.list_catalogs(viewer)
                except Unavailable:
                    failures += 1
            assert failures <= 1
            assert ws.list_catalogs(viewer) == []
        finally:
            ws.engine.dispose()


# --- catalog identity: name, description, department (migration 0005) --------------------


def test_an_import_names_the_catalog_from_its_document(workspace: Workspace) -> None:
    """Name from the title and period, department from the document, description empty; a
    title without the period gets it, and a new version keeps the name as it is."""
    cid = _import(workspace)
    viewer = _actor(workspace, "viewer")
    item = workspace.catalog_summary(cid, viewer)
    assert item.name == "Omprioriteringskatalog 2024–2027"
    assert item.department == "Sociale Forhold og Beskæftigelse"
    assert item.description == ""
    assert [c.name for c in workspace.list_catalogs(viewer)] == [item.name]
    untitled = SEED.read_text(encoding="utf-8").replace(
        "Omprioriteringskatalog 2024–2027", "Omprioriteringskatalog", 1)
    other = workspace.import_document(untitled.encode("utf-8"), "b.txt", _actor(workspace, "admin"))
    assert workspace.catalog_summary(other.info.catalog_id, viewer).name == (
        "Omprioriteringskatalog 2024–2027")
    workspace.rename_catalog(cid, _actor(workspace, "editor"), name="MSB 2024")
    workspace.import_document(untitled.encode("utf-8"), "b.txt", _actor(workspace, "admin"),
                              catalog_id=cid)
    assert workspace.catalog_summary(cid, viewer).name == "MSB 2024"


def test_a_rename_is_recorded_and_guarded_like_a_stage_change(workspace: Workspace) -> None:
    cid = _import(workspace)
    editor = _actor(workspace, "editor")
    details = workspace.rename_catalog(cid, editor, name="  MSB  spar ", description="Til MSU\n",
                                       department="MSB")
    assert (details.summary.name, details.summary.description, details.summary.department) == (
        "MSB spar", "Til MSU", "MSB")
    assert [(r.author, r.name, r.department) for r in details.renames] == [
        ("editor", "MSB spar", "MSB")]
    assert details.summary.latest.number == 1  # no new version: the content is unchanged
    again = workspace.rename_catalog(cid, _actor(workspace, "admin"), name="MSB spar")
    assert len(again.renames) == 1  # the same values: nothing recorded
    later = workspace.rename_catalog(cid, _actor(workspace, "admin"), description="")
    assert [r.author for r in later.renames] == ["admin", "editor"]
    assert later.summary.name == "MSB spar" and later.summary.department == "MSB"
    with pytest.raises(Forbidden):
        workspace.rename_catalog(cid, _actor(workspace, "bff"), name="x")
    with pytest.raises(Forbidden):
        workspace.rename_catalog(cid, _actor(workspace, "viewer"), name="x")
    with pytest.raises(Unauthorized):
        workspace.rename_catalog(cid, None, name="x")
    with pytest.raises(InvalidInput):
        workspace.rename_catalog(cid, editor, name="  ")
    with pytest.raises(InvalidInput):
        workspace.rename_catalog(cid, editor, description="x" * 2001)
    with pytest.raises(NotFound):
        workspace.rename_catalog(cid + 99, editor, name="x")
    assert workspace.catalog_summary(cid, editor).name == "MSB spar"
    with pytest.raises(NotFound):
        workspace.catalog_summary(cid, None)  # internal: not there for anonymous readers


def test_a_rename_changes_the_stamps_that_key_kept_pages(workspace: Workspace) -> None:
    cid = _import(workspace)
    admin = _actor(workspace, "admin")
    stamp, listed = workspace.version_stamp(cid, admin), workspace.catalog_list_stamp(admin)
    workspace.rename_catalog(cid, admin, name="Nyt navn")
    assert workspace.version_stamp(cid, admin) != stamp
    assert workspace.version_stamp(cid, admin).name == "Nyt navn"
    assert workspace.catalog_list_stamp(admin) != listed


def test_renames_are_backed_up_and_restored(workspace: Workspace, tmp_path: Path) -> None:
    cid = _import(workspace)
    workspace.rename_catalog(cid, _actor(workspace, "admin"), name="Kopien", description="d")
    lines = list(workspace.backup())
    with database_url("sqlite", tmp_path / "copy") as url:
        copy = Workspace(url)
        try:
            copy.restore(iter(lines))
            copy.add_user("reader", "secret-password", "viewer")
            details = copy.catalog_details(cid, _actor(copy, "reader"))
            assert (details.summary.name, details.summary.description) == ("Kopien", "d")
            assert [r.name for r in details.renames] == ["Kopien"]
        finally:
            copy.engine.dispose()


def test_migration_0005_names_existing_catalogs(database: str) -> None:
    """Upgrading a 0004 database with catalogs gives each the name from its title and period
    and the department from its latest version; downgrading removes the columns again."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect, text

    from omprio.store.database import MIGRATIONS

    ws = Workspace(database)
    try:
        ws.add_user("admin", "secret-password", "admin")
        admin = _actor(ws, "admin")
        first = _import(ws)
        second = _import(ws)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))

        def run(step: str, target: str) -> None:
            with ws.engine.begin() as connection:
                config.attributes["connection"] = connection
                getattr(command, step)(config, target)

        run("downgrade", "0004")
        columns = {c["name"] for c in inspect(ws.engine).get_columns("catalogs")}
        assert not columns & {"name", "description", "department"}
        assert "catalog_renames" not in inspect(ws.engine).get_table_names()
        with ws.engine.begin() as connection:  # a title without the period
            connection.execute(text("UPDATE catalogs SET title = 'Omprioriteringskatalog' "
                                    "WHERE id = :id"), {"id": second})
        run("upgrade", "head")
        ws._migrated = False
        with ws.engine.connect() as connection:
            version = connection.scalar(text("SELECT version_num FROM alembic_version"))
        assert version is not None and version >= "0005"
        names = {c.id: (c.name, c.department, c.description) for c in ws.list_catalogs(admin)}
        assert names == {
            first: ("Omprioriteringskatalog 2024–2027", "Sociale Forhold og Beskæftigelse", ""),
            second: ("Omprioriteringskatalog 2024–2027", "Sociale Forhold og Beskæftigelse", ""),
        }
        assert ws.rename_catalog(first, admin, name="Efter migreringen").renames[0].author == (
            "admin")
    finally:
        ws.engine.dispose()
