"""The public budget game: ``budget_games`` (per catalog: open or closed, refused packages
counted, the harm scores set from its results) and ``game_packages`` (a citizen's package, one
per browser session, and the hearing response it became).

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "budget_games",
        sa.Column("catalog_id", sa.Integer, sa.ForeignKey("catalogs.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("open", sa.Boolean, nullable=False),
        sa.Column("changed_by", sa.String(100), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refused", sa.Integer, nullable=False),
        sa.Column("harm_json", sa.Text, nullable=False),
        sa.Column("harm_by", sa.String(100), nullable=False),
        sa.Column("harm_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "game_packages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("catalog_id", sa.Integer, sa.ForeignKey("catalogs.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("session_hash", sa.String(64), nullable=False),
        sa.Column("selection_json", sa.Text, nullable=False),
        sa.Column("sender_type", sa.String(100), nullable=False),
        sa.Column("response_id", sa.Integer,
                  sa.ForeignKey("hearing_responses.id", ondelete="SET NULL"), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("catalog_id", "session_hash"),
    )


def downgrade() -> None:
    op.drop_table("game_packages")
    op.drop_table("budget_games")
