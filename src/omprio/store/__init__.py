"""Store: catalogs with their history, users and roles, in SQLite or PostgreSQL.

:class:`~omprio.store.workspace.Workspace` is the service layer the web app, the REST API and
the CLI share; :mod:`~omprio.store.schema` holds the tables, :mod:`~omprio.store.database` the
connection and migrations, :mod:`~omprio.store.diff` the comparison of versions.
"""
