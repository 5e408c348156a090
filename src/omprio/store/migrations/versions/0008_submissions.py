"""Submissions: the comment thread of each measure (``measure_comments``) and the notices a
user gets in the app when mentioned (``notifications``). A measure's status itself lives in
its JSON (``status``, omitted when accepted), so stored versions need no change.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "measure_comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("catalog_id", sa.Integer, sa.ForeignKey("catalogs.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_measure_comments_catalog_id", "measure_comments", ["catalog_id"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("catalog_id", sa.Integer, sa.ForeignKey("catalogs.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("comment_id", sa.Integer,
                  sa.ForeignKey("measure_comments.id", ondelete="CASCADE"), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_notifications_user_id", "notifications", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_notifications_user_id", table_name="notifications")
    op.drop_table("notifications")
    op.drop_index("ix_measure_comments_catalog_id", table_name="measure_comments")
    op.drop_table("measure_comments")
