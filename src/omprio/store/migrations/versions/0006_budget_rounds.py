"""Budget rounds: ``rounds`` and their numbered ``round_versions`` (who, when, why, and the
round as omprio.round/1 JSON text).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("latest", sa.Integer, nullable=False),
    )
    op.create_table(
        "round_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("document_json", sa.Text, nullable=False),
        sa.UniqueConstraint("round_id", "number"),
    )
    op.create_index("ix_round_versions_round_id", "round_versions", ["round_id"])


def downgrade() -> None:
    op.drop_index("ix_round_versions_round_id", table_name="round_versions")
    op.drop_table("round_versions")
    op.drop_table("rounds")
