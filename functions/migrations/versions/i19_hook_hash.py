"""No register contents at rest in the webhook event queue: ``hook_events`` keeps a keyed hash of the address
instead of the address, keyed hashes of the event and message ids, its reason without addresses, and the new
address of a pending address change Fernet-encrypted (cleared once the event settles).

Existing rows are converted here, in chunks: the address, the ids and a settled event's new address are
replaced, a pending address change's new address is encrypted with ``RENSA_SECRETS_KEY`` (dropped when the
server has no such key: the change is then recorded as one without a new address). The keys are the running
server's (``functions.webhooks.store``: ``hash_key_of``), so a provider's re-delivery of an event stored
before still finds it. The plaintext is overwritten in the rows before the columns go; on SQLite the
migration turns on ``secure_delete`` so freed pages are zeroed. The rows as they were before stay in the
database's files until the transaction is over and they are vacuumed, so the migration asks
``functions.adapters.db.migrate`` to run, after its commit, ``VACUUM FULL hook_events`` (PostgreSQL: the
table and its indexes rewritten, the old files dropped) or a WAL checkpoint that truncates the log (SQLite).
Run through plain ``alembic upgrade``, do that by hand.

Downgrade restores the columns but not the addresses (they are gone): ``email`` gets the hash.

Revision ID: i19a
Revises: i14c2
"""

import sqlalchemy as sa
from alembic import context, op
from cryptography.fernet import Fernet

from core.webhooks.privacy import id_hash, without_addresses
from core.webhooks.suppression import email_hash

revision = "i19a"
down_revision = "i14c2"
branch_labels = None
depends_on = None

_CHUNK = 1000
_OLD = sa.table("hook_events", sa.column("id", sa.Integer), sa.column("event_id", sa.String), sa.column("email", sa.String),
                sa.column("kind", sa.String), sa.column("state", sa.String), sa.column("reason", sa.String),
                sa.column("message_id", sa.String), sa.column("new_email", sa.String),
                sa.column("email_hash", sa.String), sa.column("message_hash", sa.String),
                sa.column("new_email_sealed", sa.Text), sa.column("new_email_hash", sa.String))


def _keys() -> tuple[bytes, Fernet | None]:
    from functions import adapters
    from functions.webhooks.store import hash_key_of

    settings = adapters.get_settings()
    return hash_key_of(settings), Fernet(settings.secrets_key.encode()) if settings.secrets_key else None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("PRAGMA secure_delete = ON")  # pages freed from here on are zeroed, not left readable
    with op.batch_alter_table("hook_events") as batch:
        batch.add_column(sa.Column("email_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("message_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("new_email_sealed", sa.Text, nullable=True))
        batch.add_column(sa.Column("new_email_hash", sa.String(64), nullable=True))
    key, cipher = _keys()
    change = sa.update(_OLD).where(_OLD.c.id == sa.bindparam("b_id")).values(
        event_id=sa.bindparam("b_event_id"), email_hash=sa.bindparam("b_email_hash"), email="",
        reason=sa.bindparam("b_reason"), message_hash=sa.bindparam("b_message_hash"), message_id=None,
        new_email=None, new_email_sealed=sa.bindparam("b_sealed"), new_email_hash=sa.bindparam("b_new_hash"))
    last = 0
    while True:
        rows = bind.execute(sa.select(_OLD.c.id, _OLD.c.event_id, _OLD.c.email, _OLD.c.kind, _OLD.c.state, _OLD.c.reason,
                                      _OLD.c.message_id, _OLD.c.new_email)
                            .where(_OLD.c.id > last).order_by(_OLD.c.id).limit(_CHUNK)).all()
        if not rows:
            break
        bind.execute(change, [{
            "b_id": r.id, "b_event_id": id_hash(r.event_id, key, purpose="event"), "b_email_hash": email_hash(r.email, key),
            "b_reason": r.reason and without_addresses(r.reason)[:500],
            "b_message_hash": r.message_id and id_hash(r.message_id, key, purpose="message"),
            "b_sealed": cipher.encrypt(r.new_email.encode()).decode()
            if cipher and r.new_email and r.state == "pending" and r.kind == "email_change" else None,
            "b_new_hash": email_hash(r.new_email, key) if r.new_email and r.kind == "email_change" else None,
        } for r in rows])
        last = rows[-1].id
    with op.batch_alter_table("hook_events") as batch:
        batch.drop_index("ix_hook_events_email")
        batch.drop_column("email")
        batch.drop_column("message_id")
        batch.drop_column("new_email")
        batch.alter_column("email_hash", existing_type=sa.String(64), nullable=False)
        batch.create_index("ix_hook_events_email_hash", ["connection_id", "email_hash"])
    # The old row versions (plain addresses) stay in the files until this transaction ends and they are vacuumed
    # (not even CLUSTER may drop them inside it): migrate() runs this after the commit.
    context.config.attributes.setdefault("after_commit", []).append(
        "VACUUM FULL hook_events" if bind.dialect.name == "postgresql" else "PRAGMA wal_checkpoint(TRUNCATE)")


def downgrade() -> None:
    with op.batch_alter_table("hook_events") as batch:
        batch.add_column(sa.Column("email", sa.String(320), nullable=False, server_default=""))
        batch.add_column(sa.Column("message_id", sa.String(300), nullable=True))
        batch.add_column(sa.Column("new_email", sa.String(320), nullable=True))
    op.execute(sa.update(_OLD).values(email=_OLD.c.email_hash, message_id=_OLD.c.message_hash))
    with op.batch_alter_table("hook_events") as batch:
        batch.drop_index("ix_hook_events_email_hash")
        batch.drop_column("email_hash")
        batch.drop_column("message_hash")
        batch.drop_column("new_email_sealed")
        batch.drop_column("new_email_hash")
        batch.create_index("ix_hook_events_email", ["connection_id", "email"])
