"""Scenarios stored with their catalog, and a session epoch per user.

``scenarios`` keeps each named scenario (``omprio.scenario/1`` JSON text) of a catalog, with the
catalog version it was made on, who made it and when. ``web_sessions`` holds the browser
sessions that are open (the SHA-256 of each session's key): logging out deletes the row, so the
session cookie, and any copy of it, stops working.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "catalog_id",
            sa.Integer,
            sa.ForeignKey("catalogs.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
        sa.UniqueConstraint("catalog_id", "name"),
    )
    op.create_index("ix_scenarios_catalog_id", "scenarios", ["catalog_id"])
    op.create_table(
        "web_sessions",
        sa.Column("key_hash", sa.String(64), primary_key=True),
        sa.Column(
            "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_web_sessions_user_id", "web_sessions")
    op.drop_table("web_sessions")
    op.drop_index("ix_scenarios_catalog_id", "scenarios")
    op.drop_table("scenarios")
