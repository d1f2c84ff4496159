"""Tables of uploaded suppression lists (migration ``i17a``): a list's kind and dates, and its values only as
keyed hashes (HMAC-SHA256 under the account's own key, ``functions.suppression.store.account_key``)."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, PrimaryKeyConstraint, String, Table

from functions.schema import metadata

suppression_lists = Table(
    "suppression_lists",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("account_id", String(40), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("name", String(200), nullable=False),
    Column("list_date", Date, nullable=True),
    Column("valid_until", Date, nullable=True),
    Column("entries", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

suppression_entries = Table(
    "suppression_entries",
    metadata,
    Column("list_id", String(40), ForeignKey("suppression_lists.id", ondelete="CASCADE"), nullable=False),
    Column("hash", String(64), nullable=False),
    PrimaryKeyConstraint("list_id", "hash", name="pk_suppression_entries"),
)
