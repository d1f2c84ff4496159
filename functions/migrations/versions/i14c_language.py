"""The language a connected register speaks when no person is there to ask: upkeep's status sentences and its
fingerprint tab, the bounce flush's status cells. Set from the request that connects or last configures the
register (``options.language``, else ``Accept-Language``, else English); existing registers keep English,
the language they were written in.

Revision ID: i14c
Revises: i12a
"""

import sqlalchemy as sa
from alembic import op

revision = "i14c"
down_revision = "i12a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registers") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=False, server_default="en"))


def downgrade() -> None:
    with op.batch_alter_table("registers") as batch:
        batch.drop_column("language")
