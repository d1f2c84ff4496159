"""Uploaded suppression lists (NIX, Reservasjonsregisteret, deceased, protected identities, opt-outs): the
list's kind and dates, its values only as keyed hashes.

Revision ID: i17a
Revises: w002
"""

import sqlalchemy as sa
from alembic import op

revision = "i17a"
down_revision = "w002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suppression_lists",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("list_date", sa.Date, nullable=True),
        sa.Column("valid_until", sa.Date, nullable=True),
        sa.Column("entries", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_suppression_lists_account_id", "suppression_lists", ["account_id"])
    op.create_table(
        "suppression_entries",
        sa.Column("list_id", sa.String(40), sa.ForeignKey("suppression_lists.id", ondelete="CASCADE"), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("list_id", "hash", name="pk_suppression_entries"),
    )


def downgrade() -> None:
    op.drop_table("suppression_entries")
    op.drop_table("suppression_lists")
