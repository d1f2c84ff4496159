"""The storage schema (SQLAlchemy Core): accounts, API keys, connected registers and the usage ledger.

What is stored is what the product needs and no more: no register contents. A connected register is a
pointer (spreadsheet id, tab, header row); the usage ledger holds row counts, never values. Changes to
these tables go through an alembic migration in ``functions/migrations/versions``.
"""

from __future__ import annotations

from sqlalchemy import (
    Column, DateTime, ForeignKey, Index, Integer, MetaData, PrimaryKeyConstraint, String, Table, UniqueConstraint,
)

metadata = MetaData()

accounts = Table(
    "accounts",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("google_sub", String(255), unique=True, nullable=True),
    Column("email", String(320), nullable=True),
    Column("name", String(200), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("account_id", String(40), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("prefix", String(20), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("scopes", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
)

registers = Table(
    "registers",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("account_id", String(40), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("spreadsheet_id", String(200), nullable=False),
    Column("sheet", String(200), nullable=False),
    Column("header_row", Integer, nullable=False),
    Column("status_column", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_cleaned_at", DateTime(timezone=True), nullable=True),
)

# One line per metered call, credit grant or open reservation (kind "usage", "credit", "reservation"). A Stripe meter can read it in id order: `rows` is the
# billable quantity, `stripe_reported_at` marks what was already sent.
usage_ledger = Table(
    "usage_ledger",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", String(40), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("period", String(7), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("endpoint", String(60), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("free_rows", Integer, nullable=False),
    Column("credit_rows", Integer, nullable=False),
    Column("credits_delta", Integer, nullable=False),
    Column("idempotency_key", String(200), nullable=True),
    Column("request_hash", String(64), nullable=True),
    Column("stripe_reported_at", DateTime(timezone=True), nullable=True),
    Column("expires_at", DateTime(timezone=True), nullable=True),  # reservations only: held until then
    UniqueConstraint("account_id", "idempotency_key", name="uq_usage_idempotency"),
    Index("ix_usage_account_period", "account_id", "period"),
)

# Rows of free dry runs per account and clock hour (UTC), for the dry-run rate limit: counts, never values.
free_run_usage = Table(
    "free_run_usage",
    metadata,
    Column("account_id", String(40), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("window_start", DateTime(timezone=True), nullable=False),
    Column("rows", Integer, nullable=False),
    PrimaryKeyConstraint("account_id", "window_start", name="pk_free_run_usage"),
)
