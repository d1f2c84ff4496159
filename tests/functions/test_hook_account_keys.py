"""Webhook addresses under a key per account (migration ``i19b``), through the real app objects on SQLite and
PostgreSQL: two accounts keep the same address under different hashes; an address hashed under the old
server-wide key (a suppression, a queued or settled event) still matches, and is re-keyed the first time a
flush or a clean of its account sees it; one account's sight re-keys nothing of another's."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import pytest
from sqlalchemy import insert, select

from core.webhooks.suppression import email_hash
from functions import adapters
from functions.adapters.db import utcnow
from functions.webhooks.schema import hook_events, suppressions
from tests.functions.test_hooks import (  # noqa: F401
    SHEET_ID,
    app,
    connect,
    events,
    fakes,
    post_events,
    status_column,
)

PEPPER = "test-pepper"  # the app fixture's RENSA_KEY_PEPPER
BOUNCED = "Do not send: the address bounced (hard bounce) (SendGrid, 2025-03-14)."
AT = dt.datetime(2025, 3, 14, 11, 50, tzinfo=dt.UTC)


def pinned_key(account_id: str, purpose: str = "hook-addresses") -> bytes:
    """The per-account key written out (functions.keys), so a change of the scheme is seen here."""
    master = hashlib.sha256(b"rensa-suppression-lists:" + PEPPER.encode()).digest()
    return hmac.new(master, f"{purpose}:{account_id}".encode(), hashlib.sha256).digest()


def another_account(app, name: str) -> dict:
    """``app`` as seen by a second account with its own key and a register on the same sheet."""
    db = adapters.get_db()
    account = db.create_account(name)
    key, prefix, key_hash = adapters.get_auth().new_key()
    db.add_api_key(account, name="t", prefix=prefix, key_hash=key_hash, scopes=["registers"])
    register = db.add_register(account, name="Kunder", spreadsheet_id=SHEET_ID, sheet="Kunder", header_row=1,
                               status_column="Rensa status")
    return {**app, "account": account, "auth": {"Authorization": f"Bearer {key}"}, "register": register["id"]}


def flagged(app, *cells: str) -> list[tuple[int, str]]:
    """(row, code) of the suppressed cells when the account dry-runs a clean of rows holding ``cells``."""
    key, prefix, key_hash = adapters.get_auth().new_key()
    adapters.get_db().add_api_key(app["account"], name="c", prefix=prefix, key_hash=key_hash, scopes=["clean"])
    body = {"header": ["Namn", "E-post"], "rows": [["Kund", cell] for cell in cells], "dry_run": True}
    answer = app["api"].post("/v1/clean", json=body, headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200, answer.get_json()
    return [(i["row"], i["code"]) for i in answer.get_json()["issues"] if i["code"].endswith("suppressed")]


def suppress_before_i19b(account_id: str, *addresses: str) -> None:
    """Suppressions as a server of the release before wrote them (the server-wide key, no key version) and as
    migration i19b leaves them."""
    store = adapters.get_hook_store()
    with adapters.get_engine().begin() as conn:
        conn.execute(insert(suppressions), [{"account_id": account_id, "email_hash": store.old_address_key(a),
                                             "kind": "hard_bounce", "created_at": utcnow()} for a in addresses])


def queue_before_i19b(connection_id: str, event_id: str, address: str, *, kind="hard_bounce", state="pending",
                      new_address: str | None = None) -> None:
    """An event as the queue held it before i19b: its address hashes under the server-wide key."""
    store = adapters.get_hook_store()
    with adapters.get_engine().begin() as conn:
        conn.execute(insert(hook_events).values(
            connection_id=connection_id, event_id=store.event_key(event_id), email_hash=store.old_address_key(address),
            kind=kind, terminal=True, rule="r", provider_event="bounce", occurred_at=AT, received_at=utcnow(),
            state=state, new_email_hash=new_address and store.old_address_key(new_address)))


def listed(account_id: str) -> dict[str, int]:
    """The account's suppression list: ``{hash: key version}``."""
    with adapters.get_engine().connect() as conn:
        return dict(conn.execute(select(suppressions.c.email_hash, suppressions.c.key_version)
                                 .where(suppressions.c.account_id == account_id)).all())


def test_two_accounts_keep_the_same_address_under_different_hashes(app):
    other = another_account(app, "Another shop")
    mine, theirs = connect(app), connect(other)
    for who, connection in ((app, mine), (other, theirs)):
        post_events(who, connection, events()[:1])  # anna.berg@example.se bounced, in both accounts
        done = who["api"].post(f"/v1/connections/{connection['id']}/flush", headers=who["auth"]).get_json()
        assert done["applied"] == 1
    store = adapters.get_hook_store()
    [kept_mine], [kept_theirs] = store.events(mine["id"]), store.events(theirs["id"])
    assert kept_mine["email_hash"] == email_hash("anna.berg@example.se", pinned_key(app["account"]))
    assert kept_theirs["email_hash"] == email_hash("anna.berg@example.se", pinned_key(other["account"]))
    assert kept_mine["email_hash"] != kept_theirs["email_hash"]
    assert listed(app["account"]) == {kept_mine["email_hash"]: 2}
    assert listed(other["account"]) == {kept_theirs["email_hash"]: 2}
    assert status_column(app["sheets"])[1] == BOUNCED


def test_the_uploaded_suppression_lists_keep_their_keys(app):
    """The lists' key derivation moved to functions.keys: its bytes must not change, or every stored entry is lost."""
    lists = adapters.get_suppression_store()
    assert lists.account_key(app["account"]) == pinned_key(app["account"], "suppression-lists")
    assert lists.account_key(app["account"]) != adapters.get_hook_store().account_key(app["account"])


@pytest.mark.parametrize("cell", [
    "anna.berg@example.se",
    " ANNA.BERG@Example.SE",
    "Anna Berg <anna.berg@example.se>",
    "mailto:Anna.Berg@example.se",
])
def test_an_address_suppressed_under_the_old_key_is_flagged_and_rekeyed_on_first_sight(app, cell):
    store = adapters.get_hook_store()
    suppress_before_i19b(app["account"], "anna.berg@example.se", "left.us@example.se")
    assert flagged(app, "olle@example.no", cell) == [(2, "email.suppressed")]
    # Re-keyed: the address the clean saw is under the account's key now; the one not seen stays as it was.
    assert listed(app["account"]) == {store.address_key(app["account"], "anna.berg@example.se"): 2,
                                      store.old_address_key("left.us@example.se"): 1}
    assert flagged(app, cell) == [(1, "email.suppressed")]
    assert flagged(app, "left.us@example.se") == [(1, "email.suppressed")]
    assert listed(app["account"]) == {store.address_key(app["account"], a): 2
                                      for a in ("anna.berg@example.se", "left.us@example.se")}


def test_an_address_flagged_again_since_keeps_one_row(app):
    """Suppressed before the deploy and flagged again after it: re-keying keeps the newer row, not two."""
    suppress_before_i19b(app["account"], "anna.berg@example.se")
    connection = connect(app)
    post_events(app, connection, events()[:1])
    flush = app["api"].post(f"/v1/connections/{connection['id']}/flush", headers=app["auth"]).get_json()
    assert flush["applied"] == 1
    assert listed(app["account"]) == {adapters.get_hook_store().address_key(app["account"], "anna.berg@example.se"): 2}
    assert flagged(app, "anna.berg@example.se") == [(1, "email.suppressed")]


def test_events_queued_under_the_old_key_are_applied_by_the_flush_and_rekeyed(app):
    connection = connect(app)
    store = adapters.get_hook_store()
    queue_before_i19b(connection["id"], "sendgrid:ev-olle", "olle@example.no")  # in the sheet
    queue_before_i19b(connection["id"], "sendgrid:ev-gone", "gone@example.fi")  # not in the sheet
    # A settled address change: the old address is gone from the sheet, the new one is on row 4.
    queue_before_i19b(connection["id"], "mailchimp:h:kari", "kari.old@example.no", kind="email_change", state="applied",
                      new_address="kari@example.no")

    done = app["api"].post(f"/v1/connections/{connection['id']}/flush", headers=app["auth"]).get_json()
    assert (done["applied"], done["waiting"]) == (2, 0)
    assert status_column(app["sheets"]) == ["Rensa status", "", BOUNCED, "", ""]  # Olle's row
    kept = {e["event_id"]: (e["email_hash"], e["email_key_version"]) for e in store.events(connection["id"])}
    assert kept[store.event_key("sendgrid:ev-olle")] == (store.address_key(app["account"], "olle@example.no"), 2)
    assert kept[store.event_key("sendgrid:ev-gone")] == (store.old_address_key("gone@example.fi"), 1)
    # What the flush flagged goes on the list under the key its event holds: the unseen one re-keyed later.
    assert listed(app["account"]) == {store.address_key(app["account"], "olle@example.no"): 2,
                                      store.old_address_key("gone@example.fi"): 1}
    assert flagged(app, "gone@example.fi") == [(1, "email.suppressed")]
    assert listed(app["account"])[store.address_key(app["account"], "gone@example.fi")] == 2

    # The API still finds the customer of the old address change by its new address, and re-keys that hash.
    shown = app["api"].get(f"/v1/connections/{connection['id']}", headers=app["auth"]).get_json()
    assert {(e["kind"], e["email"], tuple(e["rows"])) for e in shown["done"]} == {
        ("hard_bounce", "olle@example.no", (3,)), ("hard_bounce", None, ()), ("email_change", "kari@example.no", (4,))}
    [change] = [e for e in store.events(connection["id"]) if e["kind"] == "email_change"]
    assert change["new_email_hash"] == store.address_key(app["account"], "kari@example.no")
    assert (change["email_hash"], change["email_key_version"]) == (store.old_address_key("kari.old@example.no"), 1)


def test_one_accounts_sight_rekeys_nothing_of_anothers(app):
    """Before i19b two accounts that suppressed one address held the same hash. Each is re-keyed by its own
    account's clean only, and suppresses there and nowhere else."""
    store = adapters.get_hook_store()
    other, third = another_account(app, "Another shop"), another_account(app, "A third shop")
    suppress_before_i19b(app["account"], "kari@example.no")
    suppress_before_i19b(other["account"], "kari@example.no")
    old = store.old_address_key("kari@example.no")

    assert flagged(app, "kari@example.no") == [(1, "email.suppressed")]
    assert listed(app["account"]) == {store.address_key(app["account"], "kari@example.no"): 2}
    assert listed(other["account"]) == {old: 1}
    assert flagged(third, "kari@example.no") == []
    assert listed(other["account"]) == {old: 1}
    assert flagged(other, "kari@example.no") == [(1, "email.suppressed")]
    assert listed(other["account"]) == {store.address_key(other["account"], "kari@example.no"): 2}
    assert listed(other["account"]).keys().isdisjoint(listed(app["account"]))
    assert listed(third["account"]) == {}
