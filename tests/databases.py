"""The two database engines every storage and web test runs against.

SQLite: a fresh file per test. PostgreSQL: a fresh database per test on the server at
``OMPRIO_TEST_POSTGRES`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``, the
project machines' trust-auth server). In CI (``CI`` set) an unreachable PostgreSQL fails the run;
on a developer's machine without PostgreSQL those tests are skipped with the reason shown.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

ADMIN_URL = os.environ.get("OMPRIO_TEST_POSTGRES",
                           "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ENGINES = ("sqlite", "postgresql")
_reachable: bool | None = None


def postgres_reachable() -> bool:
    """True when the test PostgreSQL server answers (asked once per test session)."""
    global _reachable
    if _reachable is None:
        try:
            engine = create_engine(ADMIN_URL, connect_args={"connect_timeout": 3})
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            engine.dispose()
            _reachable = True
        except OperationalError:
            _reachable = False
    return _reachable


def require_postgres() -> None:
    """Fail in CI, skip elsewhere, when PostgreSQL cannot be reached."""
    if postgres_reachable():
        return
    message = f"PostgreSQL is not reachable at {ADMIN_URL}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must test both engines)", pytrace=False)
    pytest.skip(message + "; set OMPRIO_TEST_POSTGRES to test PostgreSQL")


@contextmanager
def database_url(engine_name: str, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database of the given engine, removed afterwards."""
    if engine_name == "sqlite":
        yield f"sqlite:///{tmp_path / 'omprio.sqlite3'}"
        return
    require_postgres()
    name = f"omprio_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                {"name": name})
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
