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

Downgrade refuses, before it changes anything, while any row holds a hash under an account's key (a
``key_version``, an ``email_key_version``, or with a ``new_email_hash`` a ``new_email_key_version``, other
than 1): a server of the previous release hashes with the server-wide key only and would not find them (the
addresses are not kept, so they cannot be hashed back), so the suppressed addresses among them would be
mailed again. The error says how many rows there are. An operator who accepts that sets
``RENSA_DOWNGRADE_LOSES_SUPPRESSIONS=1`` (``functions.settings``) and runs the downgrade again: it then drops
the columns and keeps the rows, as it does when nothing was re-keyed yet.

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
# Rows with an address hash under an account's key, which a server of the previous release cannot match.
_ACCOUNT_KEY_ROWS = {
    "suppressions": "key_version <> 1",
    "hook_events": "email_key_version <> 1 OR (new_email_key_version <> 1 AND new_email_hash IS NOT NULL)",
}
OVERRIDE = "RENSA_DOWNGRADE_LOSES_SUPPRESSIONS"


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


def _refuse_to_lose_suppressions() -> None:
    """Raise, before the downgrade changes anything, when rows hold hashes under an account's key, unless the
    operator set ``RENSA_DOWNGRADE_LOSES_SUPPRESSIONS``."""
    bind = op.get_bind()
    counts = {table: bind.execute(sa.text(f"SELECT COUNT(*) FROM {table} WHERE {where}")).scalar_one()
              for table, where in _ACCOUNT_KEY_ROWS.items()}
    if not any(counts.values()):
        return
    from functions import adapters
    from functions.logs import logger

    found = (f"{counts['suppressions']} row(s) of suppressions and {counts['hook_events']} of hook_events hold "
             "address hashes under an account's own key (a key version other than 1)")
    if adapters.get_settings().downgrade_loses_suppressions:
        logger("rensa.functions").warning("downgrading i19b with %s: %s is set, so the previous release will not "
                                          "find them and will mail the suppressed addresses among them again",
                                          found, OVERRIDE)
        return
    raise RuntimeError(
        f"Refusing to downgrade i19b: {found}. The previous release hashes addresses with the server-wide key "
        "only, and the addresses are not kept, so these hashes cannot be converted back: after a downgrade it "
        "would not find those addresses, and the suppressed ones (bounced, unsubscribed, complained) would be "
        "mailed again; events queued under them would not find their rows. This downgrade changed nothing. To "
        f"downgrade anyway, accepting that, set {OVERRIDE}=1 and run the downgrade again.")


def downgrade() -> None:
    _refuse_to_lose_suppressions()
    op.drop_index("ix_hook_events_old_key", table_name="hook_events")
    with op.batch_alter_table("hook_events") as batch:
        batch.drop_column("email_key_version")
        batch.drop_column("new_email_key_version")
    with op.batch_alter_table("suppressions") as batch:
        batch.drop_column("key_version")
