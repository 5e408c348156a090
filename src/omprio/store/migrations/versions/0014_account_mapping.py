"""The saved account mapping of a catalog: ``account_mappings``, one rule a row (accounts and
cost centres, as patterns, that belong to a measure), in the mapping's order.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_mappings",
        sa.Column("catalog_id", sa.Integer, sa.ForeignKey("catalogs.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("account", sa.String(100), nullable=False, server_default=""),
        sa.Column("cost_centre", sa.String(100), nullable=False, server_default=""),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("author", sa.String(100), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("account_mappings")
