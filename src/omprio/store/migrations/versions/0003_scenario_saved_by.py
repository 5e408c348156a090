"""Who saved a scenario last, apart from its author (who keeps it when an editor changes it).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scenarios") as batch:
        batch.add_column(sa.Column("saved_by", sa.String(100), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("scenarios") as batch:
        batch.drop_column("saved_by")
