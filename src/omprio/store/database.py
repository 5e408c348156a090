"""The database connection: which database, engine settings per engine, and migrations.

With no configuration omprio keeps its data in an SQLite file it creates on first start
(``$OMPRIO_DATA_DIR/omprio.sqlite3``, by default in ``~/.local/share/omprio``). A team points
``OMPRIO_DATABASE_URL`` (or ``--db``) at PostgreSQL: ``postgresql+psycopg://user@host/db``.
:func:`open_database` applies the Alembic migrations, so the schema is always current.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, SQLAlchemyError

from omprio.i18n import t

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class DatabaseUrlError(ValueError):
    """The database URL cannot be used: a key of the catalog (``store.url.*``) and parameters,
    said in a language by :meth:`text`; ``str(error)`` is the English text."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """Why, in ``lang``."""
        return t(self.key, lang, **self.params)


def default_url() -> str:
    """``OMPRIO_DATABASE_URL``, or the SQLite file in the data directory."""
    url = os.environ.get("OMPRIO_DATABASE_URL")
    if url:
        return url
    data_dir = Path(
        os.environ.get("OMPRIO_DATA_DIR")
        or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local/share") / "omprio"
    )
    return f"sqlite:///{data_dir / 'omprio.sqlite3'}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


IDLE_PING_SECONDS = 5.0
"""A pooled PostgreSQL connection unused for longer than this is pinged before it is handed out."""


def _note_use(_dbapi_connection: Any, record: Any) -> None:
    record.info["omprio_used"] = time.monotonic()


def _ping_if_idle(engine: Engine) -> Callable[[Any, Any, Any], None]:
    """SQLAlchemy's pessimistic disconnect handling (``pool_pre_ping``, with the dialect's own
    ping), but only for a connection that lay idle: one in steady use answered a moment ago,
    and pinging it on every checkout costs a round trip per request. A connection that does not
    answer (the server restarted, the network dropped it) is replaced by a new one; if none can
    be made, the request fails as 'database unavailable' and the next one tries again."""

    def ping(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        used = record.info.get("omprio_used")
        if used is not None and time.monotonic() - used < IDLE_PING_SECONDS:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # a driver error other than a disconnect: replace it too
            raise DisconnectionError(f"the pooled connection failed its ping: {exc}") from exc
        if not alive:
            raise DisconnectionError("the pooled connection was closed by the server")

    return ping


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and WAL mode."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUrlError("store.url.invalid", url=repr(url)) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(
            parsed,
            pool_size=10,
            max_overflow=20,
            connect_args={"connect_timeout": 5},
        )
        event.listen(engine.pool, "checkin", _note_use)
        event.listen(engine.pool, "checkout", _ping_if_idle(engine))
        return engine
    raise DatabaseUrlError("store.url.backend", backend=repr(backend))


def migrate(engine: Engine) -> None:
    """Bring the schema up to date (creating it in an empty database). A database already at
    the newest migration is left as it is without importing Alembic (a tenth of a second of
    every command's start)."""
    if _current(engine):
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def newest_migration() -> str:
    """The revision of the newest migration: the migrations' files are named by their
    revisions (``0006_budget_rounds.py`` is revision ``0006``), each revising the one before."""
    return max(path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _current(engine: Engine) -> bool:
    """Whether the database says it is at the newest migration (any doubt, or a database that
    cannot be read, is no: then Alembic looks, and says why it cannot)."""
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:
        return False
    return [row[0] for row in found] == [newest_migration()]
