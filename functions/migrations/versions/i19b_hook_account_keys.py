"""Webhook addresses under a key per account: every address hash in ``hook_events`` and ``suppressions`` gets
its key version beside it.

Until now the webhooks hashed addresses with one server-wide key, so a database dump showed which accounts
share an address (the same hash in both), and that one key unmasked every account. From this revision on
they are hashed under the account's own key (``functions.keys``, as the uploaded suppression lists are). A
stored hash cannot be re-keyed without its address, which Rensa does not keep, so nothing is converted
here: the rows there are get version 1 (the server-wide key) and are re-keyed one by one when their address
is seen again: every flush, clean and check of the account first re-keys the old rows its addresses match
(``HookStore.rekey``) and then matches under the account's key, so every address suppressed before still is.
An instance that found no old rows for an account asks again only after ``OLD_KEY_RECHECK_SECONDS``: a row a server
of the previous release writes during the deploy can be missed by that instance's cleans until then.

The columns default to 1 for good: a server still running the previous release during the deploy inserts
without them, with the old key. A partial index finds an account's events that still hold an old hash.

Downgrade drops the columns and keeps the rows; a server of the previous release does not find the hashes
made under account keys (the addresses are not kept, so they cannot be hashed back).

Revision ID: i19b
Revises: i19a
"""

import sqlalchemy as sa
from alembic import op

revision = "i19b"
down_revision = "i19a"
branch_labels = None
depends_on = None

_OLD_KEY_EVENT = "email_key_version = 1 OR (new_email_key_version = 1 AND new_email_hash IS NOT NULL)"


def _version(name: str) -> sa.Column:
    return sa.Column(name, sa.SmallInteger, nullable=False, server_default="1")


def upgrade() -> None:
    with op.batch_alter_table("hook_events") as batch:
        batch.add_column(_version("email_key_version"))
        batch.add_column(_version("new_email_key_version"))
    op.create_index("ix_hook_events_old_key", "hook_events", ["connection_id"],
                    postgresql_where=sa.text(_OLD_KEY_EVENT), sqlite_where=sa.text(_OLD_KEY_EVENT))
    with op.batch_alter_table("suppressions") as batch:
        batch.add_column(_version("key_version"))


def downgrade() -> None:
    op.drop_index("ix_hook_events_old_key", table_name="hook_events")
    with op.batch_alter_table("hook_events") as batch:
        batch.drop_column("email_key_version")
        batch.drop_column("new_email_key_version")
    with op.batch_alter_table("suppressions") as batch:
        batch.drop_column("key_version")
