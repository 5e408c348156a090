"""What each catalog version delivers: ``catalog_versions.delivery_json``, its measures' nets
added up per overview section and year (with its target, price level and title), written with
every new version so that a budget round reads its linked catalogs without their measures.

Versions written before stay empty (NULL): the round reads their measures' nets instead.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE on both engines (SQLite's batch mode would copy and drop the table).
    op.add_column("catalog_versions", sa.Column("delivery_json", sa.Text, nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE catalog_versions DROP COLUMN delivery_json")
