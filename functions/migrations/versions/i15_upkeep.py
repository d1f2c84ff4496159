"""Upkeep: e-mail domain checks (domain names and what DNS said, with the day), each register's quality history
(numbers only) and its upkeep schedule.

Revision ID: i15a
Revises: i16a
"""

import sqlalchemy as sa
from alembic import op

revision = "i15a"
down_revision = "i16a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "domain_checks",
        sa.Column("domain", sa.String(255), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("ttl", sa.Integer, nullable=True),
        sa.Column("checked_on", sa.Date, nullable=False),
    )
    op.create_table(
        "register_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("register_id", sa.String(40), sa.ForeignKey("registers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("numbers", sa.Text, nullable=False),
        sa.Column("error_code", sa.String(60), nullable=True),
    )
    op.create_index("ix_register_history_register", "register_history", ["register_id", "created_at"])
    op.create_table(
        "register_upkeep",
        sa.Column("register_id", sa.String(40), sa.ForeignKey("registers.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("frequency", sa.String(10), nullable=False),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.String(60), nullable=True),
        sa.Column("resume_row", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_register_upkeep_due", "register_upkeep", ["next_run_at"])


def downgrade() -> None:
    op.drop_table("register_upkeep")
    op.drop_table("register_history")
    op.drop_table("domain_checks")
