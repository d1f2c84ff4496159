"""Why upkeep's last run failed, kept as a sentence to say (``core.i18n.stored.Said`` as JSON: code, template,
arguments) so the sidebar reads it in the reader's language instead of a code; ``last_error`` keeps the code.

Revision ID: i14c2
Revises: i14c
"""

import sqlalchemy as sa
from alembic import op

revision = "i14c2"
down_revision = "i14c"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("register_upkeep") as batch:
        batch.add_column(sa.Column("last_problem", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("register_upkeep") as batch:
        batch.drop_column("last_problem")
