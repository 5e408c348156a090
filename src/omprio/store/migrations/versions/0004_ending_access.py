"""Ending access and throttling logins: token expiry, revocation and last use; login attempts.

``api_tokens`` gains ``expires_at`` (no expiry when empty), ``revoked_at`` (the token no longer
works once set) and ``last_used`` (kept to the hour). ``login_attempts`` counts failed logins per
account, per client address and per account at one address, with the moment until which
logins are refused (see :mod:`omprio.store.throttle`), and remembers the addresses an account
logged in from (``known_at``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("last_used", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "login_attempts",
        sa.Column("scope", sa.String(10), primary_key=True),
        sa.Column("subject", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_failure", sa.DateTime(timezone=True), nullable=True),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("known_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("login_attempts")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("last_used")
        batch.drop_column("revoked_at")
        batch.drop_column("expires_at")
