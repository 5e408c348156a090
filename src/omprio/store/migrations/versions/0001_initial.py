"""The first schema: users, API tokens, catalogs, versions and content-addressed measures.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("areas", sa.String(400), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "catalogs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("public", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("latest", sa.Integer, nullable=False),
    )
    op.create_table(
        "catalog_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "catalog_id",
            sa.Integer,
            sa.ForeignKey("catalogs.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("source_name", sa.String(300), nullable=False),
        sa.Column("header_json", sa.Text, nullable=False),
        sa.Column("findings_json", sa.Text, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.UniqueConstraint("catalog_id", "number"),
    )
    op.create_index("ix_catalog_versions_catalog_id", "catalog_versions", ["catalog_id"])
    op.create_table(
        "measure_blobs",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("json", sa.Text, nullable=False),
    )
    op.create_table(
        "version_measures",
        sa.Column(
            "version_id",
            sa.Integer,
            sa.ForeignKey("catalog_versions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("blob_hash", sa.String(64), sa.ForeignKey("measure_blobs.hash"), nullable=False),
    )
    op.create_index("ix_version_measures_code", "version_measures", ["code"])


def downgrade() -> None:
    op.drop_index("ix_version_measures_code", "version_measures")
    op.drop_table("version_measures")
    op.drop_table("measure_blobs")
    op.drop_index("ix_catalog_versions_catalog_id", "catalog_versions")
    op.drop_table("catalog_versions")
    op.drop_table("catalogs")
    op.drop_table("api_tokens")
    op.drop_table("users")
