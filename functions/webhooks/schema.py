"""Tables for webhook connections, received events, the suppression list (migration ``w001``) and used
Mailgun signature tokens (``w002``).

No register contents at rest (migration ``i19a``): an event keeps its address only as a keyed hash
(``email_hash``, the suppression list's scheme), its event and message ids as keyed hashes, its reason with
addresses cut out (``core.webhooks.privacy``), and the new address of an address change Fernet-encrypted
(``new_email_sealed``) only while the event is pending: it is cleared when the event settles or after
``functions.webhooks.store.ADDRESS_HOLD``.

Addresses are hashed under the account's own key since migration ``i19b`` (``functions.keys``); each address
hash has its key version beside it (``ACCOUNT_KEY``; ``SERVER_KEY`` for one hashed before, under the one
server-wide key, until its address is seen again and it is re-keyed: ``HookStore.rekey``)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from functions.schema import metadata

TZ = DateTime(timezone=True)

#: Key versions of an address hash: the one server-wide key (before ``i19b``) and the account's own key.
SERVER_KEY, ACCOUNT_KEY = 1, 2


def _key_version(name: str) -> Column:
    # The server default is the OLD key: a server still running the previous release during a deploy inserts
    # without the column and hashes with the server-wide key, so its rows are marked as what they are.
    return Column(name, SmallInteger, nullable=False, server_default=str(SERVER_KEY))


hook_connections = Table(
    "hook_connections",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("account_id", String(40), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("register_id", String(40), ForeignKey("registers.id", ondelete="CASCADE"), nullable=False),
    Column("provider", String(20), nullable=False),
    Column("email_column", String(200), nullable=False),
    Column("secrets", Text, nullable=False),  # Fernet token of the JSON secrets
    Column("created_at", TZ, nullable=False),
    Column("last_event_at", TZ, nullable=True),
    Column("last_flush_at", TZ, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("retry_after", TZ, nullable=True),
    Column("failures", Integer, nullable=False, default=0),
)

hook_events = Table(
    "hook_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("connection_id", String(40), ForeignKey("hook_connections.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String(200), nullable=False),  # keyed hash of the provider's id (core.webhooks.privacy.id_hash)
    Column("email_hash", String(64), nullable=False),  # keyed hash of the address (core.webhooks.suppression.email_hash)
    Column("kind", String(20), nullable=False),
    Column("terminal", Boolean, nullable=False),
    Column("rule", String(100), nullable=False),
    Column("provider_event", String(100), nullable=False),
    Column("reason", String(500), nullable=True),  # addresses cut out (core.webhooks.privacy.without_addresses)
    Column("message_hash", String(64), nullable=True),  # keyed hash of the message id: soft bounces count once per message
    Column("new_email_sealed", Text, nullable=True),  # Fernet token of an address change's new address, while pending
    Column("new_email_hash", String(64), nullable=True),  # its keyed hash, kept: the API finds the customer after the change
    Column("occurred_at", TZ, nullable=True),
    Column("received_at", TZ, nullable=False),
    Column("state", String(20), nullable=False),  # pending | applied | recorded
    Column("note", Text, nullable=True),  # why it waits, or what was done
    Column("applied_at", TZ, nullable=True),
    _key_version("email_key_version"),  # the key of email_hash
    _key_version("new_email_key_version"),  # the key of new_email_hash (when there is one)
    UniqueConstraint("connection_id", "event_id", name="uq_hook_events_connection_event"),
    Index("ix_hook_events_pending", "connection_id", "state"),
    Index("ix_hook_events_email_hash", "connection_id", "email_hash"),
)

#: An event with an address hash under the old server-wide key (what ``HookStore.rekey`` looks for).
OLD_KEY_EVENT = (f"email_key_version = {SERVER_KEY} "
                 f"OR (new_email_key_version = {SERVER_KEY} AND new_email_hash IS NOT NULL)")
Index("ix_hook_events_old_key", hook_events.c.connection_id,
      postgresql_where=text(OLD_KEY_EVENT), sqlite_where=text(OLD_KEY_EVENT))

suppressions = Table(
    "suppressions",
    metadata,
    Column("account_id", String(40), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("email_hash", String(64), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("created_at", TZ, nullable=False),
    _key_version("key_version"),  # the key of email_hash
    PrimaryKeyConstraint("account_id", "email_hash", name="pk_suppressions"),
)

hook_tokens = Table(
    "hook_tokens",
    metadata,
    Column("connection_id", String(40), ForeignKey("hook_connections.id", ondelete="CASCADE"), nullable=False),
    Column("token", String(200), nullable=False),
    Column("digest", String(64), nullable=False),  # SHA-256 of the event content signed with the token
    Column("expires_at", TZ, nullable=False),
    PrimaryKeyConstraint("connection_id", "token", name="pk_hook_tokens"),
    Index("ix_hook_tokens_expires_at", "expires_at"),
)
