"""A follow-up may be published: ``followups.public`` (an administrator's call; anonymous
visitors of a public catalog see a published follow-up's figures).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("followups") as batch:
        batch.add_column(sa.Column("public", sa.Boolean, nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("followups") as batch:
        batch.drop_column("public")
