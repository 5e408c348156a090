"""Catalog identity: a name, a short description and the department of each catalog, and the
record of who changed them when.

``catalogs`` gains ``name``, ``description`` and ``department``; existing catalogs get the name
from their title (with the budget period when the title lacks it) and the department from the
document of their latest version, as an import now sets them. ``catalog_renames`` keeps every
change of the three: who, when and the values set.

Both directions alter ``catalogs`` in place (never SQLite's copy-and-drop, which would cascade
to the versions).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _name(title: str, years: object) -> str:
    """The name an import gives (``omprio.store.catalogs.default_name``), frozen here."""
    title = " ".join(title.split())
    if isinstance(years, list) and years and all(isinstance(y, int) for y in years):
        first, last = str(years[0]), str(years[-1])
        if first not in title or last not in title:
            period = first if first == last else f"{first}–{last}"
            title = f"{title} {period}".strip()
    return title[:300]


def upgrade() -> None:
    # Plain ALTER TABLE on both engines: SQLite's batch mode would copy and drop ``catalogs``,
    # and with foreign keys on, dropping it deletes every version (ON DELETE CASCADE).
    op.add_column("catalogs", sa.Column("name", sa.String(300), nullable=False, server_default=""))
    op.add_column(
        "catalogs", sa.Column("description", sa.String(2000), nullable=False, server_default="")
    )
    op.add_column(
        "catalogs", sa.Column("department", sa.String(300), nullable=False, server_default="")
    )
    op.create_table(
        "catalog_renames",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "catalog_id",
            sa.Integer,
            sa.ForeignKey("catalogs.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("description", sa.String(2000), nullable=False),
        sa.Column("department", sa.String(300), nullable=False),
    )
    op.create_index("ix_catalog_renames_catalog_id", "catalog_renames", ["catalog_id"])
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT c.id, c.title, v.header_json FROM catalogs c JOIN catalog_versions v "
            "ON v.catalog_id = c.id AND v.number = c.latest"
        )
    ).all()
    for catalog_id, title, header_json in rows:
        try:
            header = json.loads(header_json)
        except ValueError:
            header = {}
        if not isinstance(header, dict):
            header = {}
        department = header.get("department")
        connection.execute(
            sa.text("UPDATE catalogs SET name = :name, department = :department WHERE id = :id"),
            {
                "name": _name(title or "", header.get("years")) or f"#{catalog_id}",
                "department": (department if isinstance(department, str) else "")[:300],
                "id": catalog_id,
            },
        )


def downgrade() -> None:
    op.drop_index("ix_catalog_renames_catalog_id", table_name="catalog_renames")
    op.drop_table("catalog_renames")
    for column in ("department", "description", "name"):
        # SQLite (3.35 and later) drops a column in place; no copy of the table (see upgrade).
        op.execute(f"ALTER TABLE catalogs DROP COLUMN {column}")
