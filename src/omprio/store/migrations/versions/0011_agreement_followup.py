"""The budget agreement and its follow-up: ``agreements`` (what an agreement decided of each
measure, as JSON text), ``followups`` (a dated follow-up in revisions, closed or not) and
``followup_entries`` (a measure's figures for a year; amounts as text, never NUMERIC).

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("catalog_id", sa.Integer, sa.ForeignKey("catalogs.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("agreed_on", sa.String(10), nullable=False),
        sa.Column("proposed_version", sa.Integer, nullable=False),
        sa.Column("adopted_version", sa.Integer, nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document", sa.Text, nullable=False),
    )
    op.create_index("ix_agreements_catalog_id", "agreements", ["catalog_id"])
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("catalog_id", sa.Integer, sa.ForeignKey("catalogs.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("agreement_id", sa.Integer,
                  sa.ForeignKey("agreements.id", ondelete="CASCADE"), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(100), nullable=False, server_default=""),
        sa.UniqueConstraint("catalog_id", "as_of", "revision"),
    )
    op.create_index("ix_followups_catalog_id", "followups", ["catalog_id"])
    op.create_table(
        "followup_entries",
        sa.Column("followup_id", sa.Integer,
                  sa.ForeignKey("followups.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("realized", sa.String(64), nullable=True),
        sa.Column("forecast", sa.String(64), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("responsible", sa.String(200), nullable=False),
        sa.Column("documentation", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("followup_entries")
    op.drop_index("ix_followups_catalog_id", table_name="followups")
    op.drop_table("followups")
    op.drop_index("ix_agreements_catalog_id", table_name="agreements")
    op.drop_table("agreements")
