"""The public hearing: ``hearing_responses`` (a response's text, case number, the portal's
hearing id, sender, kind of sender, the hash of its normalized text, when its sender's details
were purged) and ``hearing_links`` (a response linked to a measure: proposed, confirmed, added
or removed, by whom and when).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hearing_responses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("catalog_id", sa.Integer, sa.ForeignKey("catalogs.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("case_number", sa.String(100), nullable=False),
        sa.Column("hearing_ref", sa.String(100), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sender", sa.String(300), nullable=False),
        sa.Column("sender_type", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("source_name", sa.String(300), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_hearing_responses_catalog_id", "hearing_responses", ["catalog_id"])
    op.create_index("ix_hearing_responses_text_hash", "hearing_responses", ["text_hash"])
    op.create_table(
        "hearing_links",
        sa.Column("response_id", sa.Integer,
                  sa.ForeignKey("hearing_responses.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("confidence", sa.Integer, nullable=False),
        sa.Column("stance", sa.String(20), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("decided_by", sa.String(100), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("hearing_links")
    op.drop_index("ix_hearing_responses_text_hash", table_name="hearing_responses")
    op.drop_index("ix_hearing_responses_catalog_id", table_name="hearing_responses")
    op.drop_table("hearing_responses")
