"""Reserve before write: reservation lines in the usage ledger hold rows until they expire; hourly free dry-run rows.

A reservation is a ``usage_ledger`` line with ``kind="reservation"`` and an ``expires_at``; balances count it
until it expires, ``commit`` turns it into a ``usage`` line and ``release`` deletes it. ``free_run_usage``
counts the rows of free dry runs per account and hour (numbers only), for the dry-run rate limit.

Revision ID: i11a
Revises: i17a
"""

import sqlalchemy as sa
from alembic import op

revision = "i11a"
down_revision = "i17a"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("usage_ledger") as batch:
        batch.add_column(sa.Column("expires_at", TZ, nullable=True))
    op.create_table(
        "free_run_usage",
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("window_start", TZ, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("account_id", "window_start", name="pk_free_run_usage"),
    )


def downgrade() -> None:
    op.drop_table("free_run_usage")
    with op.batch_alter_table("usage_ledger") as batch:
        batch.drop_column("expires_at")
