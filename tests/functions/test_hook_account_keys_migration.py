"""Downgrading migration ``i19b`` on SQLite and PostgreSQL: while any row holds an address hash under an
account's key (which a server of the previous release cannot match) it refuses before it changes anything,
unless the operator sets ``RENSA_DOWNGRADE_LOSES_SUPPRESSIONS=1``; with only server-wide-key rows it drops the
key version columns and keeps the rows, as it always did."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic import command

from functions import adapters
from functions.adapters.db import make_engine
from functions.settings import Settings
from functions.webhooks.store import build_store
from tests.functions.test_hook_hash_migration import _migrate, add_connection

AT = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
VERSION_COLUMNS = {"suppressions": {"key_version"}, "hook_events": {"email_key_version", "new_email_key_version"}}

# (case, suppressions as (hash, key_version), events as (id, email_key_version, new_email_hash, new_email_key_version),
#  override set, account-key rows the downgrade must refuse for as (suppressions, hook_events), or None: it completes)
CASES = [
    ("suppression under an account key", [("h-old", 1), ("h-new", 2)], [("ev-1", 1, None, 1)], False, (1, 0)),
    ("event under an account key", [("h-old", 1)], [("ev-1", 2, None, 2), ("ev-2", 1, None, 1)], False, (0, 1)),
    ("new address under an account key", [], [("ev-1", 1, "n-new", 2)], False, (0, 1)),
    ("all of them", [("h-a", 2), ("h-b", 2)], [("ev-1", 2, "n-new", 2), ("ev-2", 1, "n-new2", 2)], False, (2, 2)),
    ("all of them, override set", [("h-a", 2), ("h-b", 2)], [("ev-1", 2, "n-new", 2)], True, None),
    # record() writes new_email_key_version 2 on every new event; without a new address there is no hash to lose.
    ("version 2 without a new address", [("h-old", 1)], [("ev-1", 1, None, 2)], False, None),
    ("only server-wide-key rows", [("h-a", 1), ("h-b", 1)], [("ev-1", 1, None, 1), ("ev-2", 1, "n-old", 1)], False, None),
    ("no rows at all", [], [], False, None),
]


def _use_settings(database_url: str, *, override: bool) -> None:
    adapters.reset()
    adapters.override(settings=Settings.from_env({"RENSA_DATABASE_URL": database_url, "RENSA_KEY_PEPPER": "migration-pepper",
                                                  "RENSA_DOWNGRADE_LOSES_SUPPRESSIONS": "1" if override else "0"}))


def _fill(engine, kept: list[tuple[str, int]], queued: list[tuple[str, int, str | None, int]]) -> None:
    with engine.begin() as conn:
        add_connection(conn)
        for email_hash, version in kept:
            conn.execute(sa.text("INSERT INTO suppressions (account_id, email_hash, kind, created_at, key_version) "
                                 "VALUES ('acc_1', :h, 'hard_bounce', :t, :v)"), {"h": email_hash, "t": AT, "v": version})
        for event_id, version, new_hash, new_version in queued:
            conn.execute(sa.text(
                "INSERT INTO hook_events (connection_id, event_id, email_hash, kind, terminal, rule, provider_event, "
                "new_email_hash, received_at, state, email_key_version, new_email_key_version) VALUES ('con_1', :e, "
                ":h, :k, :term, 'r', 'p', :n, :t, 'pending', :v, :nv)"),
                {"e": event_id, "h": f"hash-of-{event_id}", "k": "email_change" if new_hash else "hard_bounce",
                 "term": not new_hash, "n": new_hash, "t": AT, "v": version, "nv": new_version})


def _state(engine) -> dict:
    """Everything the downgrade could change: the revision, the columns and indexes, every row."""
    inspector = sa.inspect(engine)
    with engine.connect() as conn:
        return {
            "revision": conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one(),
            "columns": {t: sorted(c["name"] for c in inspector.get_columns(t)) for t in VERSION_COLUMNS},
            "indexes": sorted(i["name"] for i in inspector.get_indexes("hook_events")),
            "suppressions": sorted(tuple(r) for r in conn.execute(sa.text("SELECT * FROM suppressions"))),
            "hook_events": sorted(tuple(r) for r in conn.execute(sa.text("SELECT * FROM hook_events"))),
        }


@pytest.mark.parametrize(("kept", "queued", "override", "refused"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_downgrade_refuses_to_lose_account_key_hashes(database_url, kept, queued, override, refused):
    _use_settings(database_url, override=override)
    engine = make_engine(database_url)
    try:
        _migrate(engine, "i19b")
        _fill(engine, kept, queued)
        before = _state(engine)
        assert before["revision"] == "i19b"

        if refused is not None:
            with pytest.raises(RuntimeError) as raised:
                _migrate(engine, "i19a", command.downgrade)
            message = str(raised.value)
            assert f"{refused[0]} row(s) of suppressions and {refused[1]} of hook_events" in message
            assert "would be mailed again" in message
            assert "set RENSA_DOWNGRADE_LOSES_SUPPRESSIONS=1 and run the downgrade again" in message
            engine.dispose()  # nothing cached from before: the state is read afresh
            assert _state(engine) == before  # nothing changed: revision, columns, index and rows as they were
            return

        _migrate(engine, "i19a", command.downgrade)
        after = _state(engine)
        assert after["revision"] == "i19a"
        for table, columns in VERSION_COLUMNS.items():
            assert not columns & set(after["columns"][table])
            assert sorted(set(before["columns"][table]) - columns) == after["columns"][table]
        assert "ix_hook_events_old_key" not in after["indexes"]
        # The rows are kept, hashes as they were.
        with engine.connect() as conn:
            assert sorted(conn.execute(sa.text("SELECT email_hash FROM suppressions")).scalars()) == sorted(h for h, _ in kept)
            assert sorted(conn.execute(sa.text("SELECT event_id, new_email_hash FROM hook_events")).all()) == sorted(
                (e, n) for e, _v, n, _nv in queued)
    finally:
        engine.dispose()
        adapters.reset()


def test_a_suppression_the_store_rekeyed_blocks_the_downgrade(database_url):
    """The real way a row comes under an account's key: a clean sees an old suppression's address and the store
    re-keys it (``HookStore.rekey``). From then on the downgrade refuses; with the override it runs."""
    _use_settings(database_url, override=False)
    engine = make_engine(database_url)
    try:
        _migrate(engine, "i19b")
        store = build_store(adapters.get_settings(), engine)
        old = store.old_address_key("anna.berg@firma.se")
        _fill(engine, [(old, 1), (store.old_address_key("bo@firma.se"), 1)], [])
        assert store.rekey("acc_1", ["Anna.Berg@firma.se"]) == {old: store.address_key("acc_1", "anna.berg@firma.se")}
        before = _state(engine)
        assert sorted(v for *_, v in before["suppressions"]) == [1, 2]

        with pytest.raises(RuntimeError, match=r"1 row\(s\) of suppressions and 0 of hook_events"):
            _migrate(engine, "i19a", command.downgrade)
        assert _state(engine) == before

        _use_settings(database_url, override=True)
        _migrate(engine, "i19a", command.downgrade)
        assert _state(engine)["revision"] == "i19a"
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT COUNT(*) FROM suppressions")).scalar_one() == 2
    finally:
        engine.dispose()
        adapters.reset()
