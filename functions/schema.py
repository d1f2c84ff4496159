"""The storage schema (SQLAlchemy Core): accounts (teams) and members, API keys, connected registers, the usage
ledger and Stripe purchases.

What is stored is what the product needs and no more: no register contents. A connected register is a
pointer (spreadsheet id, tab, header row); the usage ledger holds row counts, never values. Changes to
these tables go through an alembic migration in ``functions/migrations/versions``.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    text,
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
    # Billing (issue 13): packs are priced in `currency`; `payment_mode` is "credits" (prepaid packs) or
    # "monthly" (a card on a metered Stripe subscription, invoiced for rows beyond free tier and credits).
    Column("currency", String(3), nullable=False, server_default=text("'SEK'")),
    Column("payment_mode", String(10), nullable=False, server_default=text("'credits'")),
    Column("stripe_customer_id", String(255), nullable=True),
    Column("stripe_subscription_id", String(255), nullable=True),
)

# An account is a team: Google identities that act on it, each with a role (owner: billing, members, keys;
# member: clean, check, connect). A row without google_sub is an invitation, claimed at the first sign-in
# with that verified e-mail; removed_at ends the membership at once.
account_members = Table(
    "account_members",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("account_id", String(40), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("email", String(320), nullable=True),
    Column("google_sub", String(255), nullable=True),
    Column("role", String(10), nullable=False),
    Column("invited_by", String(40), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("joined_at", DateTime(timezone=True), nullable=True),
    Column("removed_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("account_id", "email", name="uq_members_account_email"),
    UniqueConstraint("account_id", "google_sub", name="uq_members_account_sub"),
    Index("ix_members_sub", "google_sub"),
    Index("ix_members_email", "email"),
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
    # The language of what Rensa writes into the sheet with no person asking (upkeep, the bounce flush):
    # set from the request that connected or last configured the register (migration i14c).
    Column("language", String(8), nullable=False, server_default=text("'en'")),
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
    # Stripe Checkout Session of a grant / refund id of a take-back (unique per kind: granted once).
    Column("reference", String(255), nullable=True),
    Column("reason", String(300), nullable=True),  # why support granted credits (admin grant-credits)
    Column("billed_rows", Integer, nullable=False, server_default=text("0")),  # monthly accounts: rows to invoice
    UniqueConstraint("account_id", "idempotency_key", name="uq_usage_idempotency"),
    UniqueConstraint("kind", "reference", name="uq_usage_reference"),
    Index("ix_usage_account_period", "account_id", "period"),
    Index("ix_usage_unreported", "stripe_reported_at", "billed_rows"),
)

# Every Stripe event accepted by POST /v1/hooks/stripe, by id: a redelivery is acknowledged and ignored.
stripe_events = Table(
    "stripe_events",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("type", String(100), nullable=False),
    Column("account_id", String(40), nullable=True),
    Column("outcome", String(40), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# One row per Stripe Checkout Session we created: what was bought, for how much, and what came back.
purchases = Table(
    "purchases",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("account_id", String(40), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("credits", Integer, nullable=False),
    Column("amount", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(20), nullable=False),
    Column("payment_intent", String(255), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("paid_at", DateTime(timezone=True), nullable=True),
    Column("amount_refunded", Integer, nullable=False, server_default=text("0")),
    Column("credits_taken_back", Integer, nullable=False, server_default=text("0")),
    Index("ix_purchases_account", "account_id", "created_at"),
    Index("ix_purchases_payment_intent", "payment_intent"),
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

# One sidebar clean job (issue 12): the rows it reserved at start, what its chunks used, how it ended.
# Numbers and the tab's name only (a pointer, as for registers), never register contents. The reservation
# itself is a ledger line (``reservation_id``), so balances stay sums over the ledger.
clean_jobs = Table(
    "clean_jobs",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("account_id", String(40), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("label", String(200), nullable=False),
    Column("reservation_id", Integer, nullable=True),
    Column("rows_reserved", Integer, nullable=False),
    Column("rows_used", Integer, nullable=False),
    Column("free_rows", Integer, nullable=False),
    Column("credit_rows", Integer, nullable=False),
    Column("rows_unchanged", Integer, nullable=False),
    Column("state", String(20), nullable=False),  # running | finished | cancelled
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Index("ix_clean_jobs_account_created", "account_id", "created_at"),
)
