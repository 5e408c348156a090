"""Alembic environment: runs omprio's migrations on the connection omprio hands it."""

from __future__ import annotations

from alembic import context

from omprio.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - omprio always passes its connection
    raise RuntimeError("omprio migrations run through omprio.store.database.migrate()")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
