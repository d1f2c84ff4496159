"""Migration ``i19a`` on SQLite and PostgreSQL: the webhook events stored before it, with their addresses in the
clear, come out as keyed hashes (the running server's keys), a pending address change keeps its new address
only encrypted, a settled one not at all, and a provider's re-delivery of an old event is still recognised."""

from __future__ import annotations

import datetime as dt
import pathlib

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from cryptography.fernet import Fernet

from core.webhooks import BounceEvent
from core.webhooks.privacy import id_hash
from functions import adapters
from functions.adapters.db import MIGRATIONS, make_engine, migrate
from functions.settings import Settings
from functions.webhooks.store import build_store

AT = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
# (event id as stored before, address, kind, state, reason, message id, new address)
LEGACY = [
    ("sendgrid:ev-1", "anna.berg@firma.se", "hard_bounce", "pending", "550 5.1.1 <anna.berg@firma.se>: user unknown",
     "<m1@mail.firma.se>", None),
    ("ses_sns:fb-7:bo@firma.se", "bo@firma.se", "soft_bounce", "applied", "452 4.2.2 bo@firma.se mailbox full",
     "0100-abc", None),
    ("mailchimp:h:0123456789abcdef0123456789abcdef01234567", "kari@firma.no", "email_change", "pending", None, None,
     "kari@ny.no"),
    ("mailchimp:h:fedcba9876543210fedcba9876543210fedcba98", "olle@firma.no", "email_change", "applied", None, None,
     "olle@ny.no"),
]


def _migrate(engine, revision: str, step=command.upgrade) -> None:
    """Up to ``revision`` as the server does it (``functions.adapters.db.migrate``, with what runs after the
    commit), or down with ``step=command.downgrade``."""
    if step is command.upgrade:
        migrate(engine, revision)
        return
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        step(config, revision)


def add_connection(conn) -> None:
    """Account ``acc_1`` with register ``reg_1`` and its SendGrid connection ``con_1``, as rows (any schema revision
    since the webhooks': the columns named here have not changed)."""
    conn.execute(sa.text("INSERT INTO accounts (id, created_at) VALUES ('acc_1', :t)"), {"t": AT})
    conn.execute(sa.text("INSERT INTO registers (id, account_id, name, spreadsheet_id, sheet, header_row, "
                         "status_column, created_at) VALUES ('reg_1', 'acc_1', 'Kunder', '1abc', 'Kunder', 1, "
                         "'Rensa status', :t)"), {"t": AT})
    conn.execute(sa.text("INSERT INTO hook_connections (id, account_id, register_id, provider, email_column, "
                         "secrets, created_at, failures) VALUES ('con_1', 'acc_1', 'reg_1', 'sendgrid', 'E-post', "
                         "'sealed', :t, 0)"), {"t": AT})


def _every_value(engine, table: str) -> list:
    with engine.connect() as conn:
        return [value for row in conn.execute(sa.text(f"SELECT * FROM {table}")) for value in row]


def _files_hold(engine, request, needles: list[bytes]) -> list[str]:
    """The database files (the table's and its indexes' on PostgreSQL, the SQLite file after a checkpoint)
    that still hold one of ``needles`` anywhere, dead rows and free pages included."""
    if engine.dialect.name == "postgresql":
        data = request.getfixturevalue("postgres_server").data
        with engine.connect() as conn:
            conn.execute(sa.text("CHECKPOINT"))  # the rewritten pages reach the files
            paths = conn.execute(sa.text(
                "SELECT pg_relation_filepath(c.oid) FROM pg_class c WHERE c.oid = 'hook_events'::regclass "
                "OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'hook_events'::regclass)")).scalars().all()
        files = [data / path for path in paths]
    else:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint")  # the pages in the log reach the file
        files = [pathlib.Path(engine.url.database), pathlib.Path(f"{engine.url.database}-wal")]
    return [f"{f}: {n!r}" for f in files if f.exists() for n in needles if n in f.read_bytes()]


def test_existing_events_are_hashed_and_their_addresses_scrubbed(database_url, request):
    settings = Settings.from_env({"RENSA_DATABASE_URL": database_url, "RENSA_KEY_PEPPER": "migration-pepper",
                                  "RENSA_SECRETS_KEY": Fernet.generate_key().decode()})
    adapters.reset()
    adapters.override(settings=settings)  # the migration hashes with the running server's keys
    engine = make_engine(database_url)
    try:
        _migrate(engine, "i14c2")
        with engine.begin() as conn:
            add_connection(conn)
            for event_id, email, kind, state, reason, message_id, new_email in LEGACY:
                conn.execute(sa.text(
                    "INSERT INTO hook_events (connection_id, event_id, email, kind, terminal, rule, provider_event, reason, "
                    "message_id, new_email, occurred_at, received_at, state) VALUES ('con_1', :event_id, :email, :kind, "
                    ":terminal, 'r', 'p', :reason, :message_id, :new_email, :t, :t, :state)"),
                    {"event_id": event_id, "email": email, "kind": kind, "terminal": True, "reason": reason,
                     "message_id": message_id, "new_email": new_email, "t": AT, "state": state})
        _migrate(engine, "head")

        store = build_store(settings, engine)
        values = _every_value(engine, "hook_events")
        assert not [v for v in values if isinstance(v, str) and "@" in v]
        columns = {c["name"] for c in sa.inspect(engine).get_columns("hook_events")}
        assert not {"email", "new_email", "message_id"} & columns
        assert {"ix_hook_events_email_hash"} <= {i["name"] for i in sa.inspect(engine).get_indexes("hook_events")}
        rows = {r["event_id"]: r for r in store.events("con_1")}
        assert set(rows) == {store.event_key(event_id) for event_id, *_ in LEGACY}
        for event_id, email, _kind, state, _reason, message_id, new_email in LEGACY:
            row = rows[store.event_key(event_id)]
            # Hashed under the server-wide key, and marked so by i19b (re-keyed per account once seen again).
            assert (row["email_hash"], row["email_key_version"]) == (store.old_address_key(email), 1)
            assert row["message_hash"] == (message_id and id_hash(message_id, store.hash_key, purpose="message"))
            assert row["new_email_hash"] == (store.old_address_key(new_email) if new_email else None)
            # Only a pending address change keeps its new address, and only encrypted.
            assert store.open_address(row["new_email_sealed"]) == (new_email if state == "pending" else None)
        assert {r["reason"] for r in rows.values()} == {"550 5.1.1 <…>: user unknown", "452 4.2.2 … mailbox full", None}
        # Not in the files either: no old row version or index entry keeps an address.
        assert _files_hold(engine, request, [e.encode() for _i, e, *_ in LEGACY] + [b"kari@ny.no", b"olle@ny.no"]) == []

        # A provider re-delivering an event stored before the migration is still recognised (nothing new).
        again = BounceEvent(provider="sendgrid", email="anna.berg@firma.se", kind="hard_bounce", event_id="sendgrid:ev-1",
                            rule="r", provider_event="p")
        assert store.record("con_1", [again], account_id="acc_1") == 0
        assert len(store.events("con_1", hashes={store.old_address_key("Anna.Berg@firma.se ")})) == 1

        # Down again: the columns come back, the addresses do not (they are gone).
        _migrate(engine, "i14c2", command.downgrade)
        assert not [v for v in _every_value(engine, "hook_events") if isinstance(v, str) and "@" in v]
        assert {"email", "new_email", "message_id"} <= {c["name"] for c in sa.inspect(engine).get_columns("hook_events")}
    finally:
        engine.dispose()
        adapters.reset()
