"""Accounts, API keys, connected registers, usage ledger.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("google_sub", sa.String(255), nullable=True),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("google_sub", name="uq_accounts_google_sub"),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("prefix", sa.String(20), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("scopes", sa.String(200), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.Column("last_used_at", TZ, nullable=True),
        sa.UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
    )
    op.create_index("ix_api_keys_account_id", "api_keys", ["account_id"])
    op.create_table(
        "registers",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("spreadsheet_id", sa.String(200), nullable=False),
        sa.Column("sheet", sa.String(200), nullable=False),
        sa.Column("header_row", sa.Integer, nullable=False),
        sa.Column("status_column", sa.String(200), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_cleaned_at", TZ, nullable=True),
    )
    op.create_index("ix_registers_account_id", "registers", ["account_id"])
    op.create_table(
        "usage_ledger",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.String(40), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("endpoint", sa.String(60), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("free_rows", sa.Integer, nullable=False),
        sa.Column("credit_rows", sa.Integer, nullable=False),
        sa.Column("credits_delta", sa.Integer, nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=True),
        sa.Column("request_hash", sa.String(64), nullable=True),
        sa.Column("stripe_reported_at", TZ, nullable=True),
        sa.UniqueConstraint("account_id", "idempotency_key", name="uq_usage_idempotency"),
    )
    op.create_index("ix_usage_account_period", "usage_ledger", ["account_id", "period"])


def downgrade() -> None:
    op.drop_table("usage_ledger")
    op.drop_table("registers")
    op.drop_table("api_keys")
    op.drop_table("accounts")
