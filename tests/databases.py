"""The two database engines every storage and web test runs against.

SQLite: a fresh file per test. PostgreSQL: a fresh database per test on the server at
``OMPRIO_TEST_POSTGRES`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``, the
project machines' trust-auth server). In CI (``CI`` set) an unreachable PostgreSQL fails the run;
on a developer's machine without PostgreSQL those tests are skipped with the reason shown.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from throwaway_db import throwaway_database

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
    with throwaway_database(ADMIN_URL, "omprio_test") as url:
        yield url
