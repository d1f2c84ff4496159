"""Flushing queued webhook events into the sheet: a flush re-reads the e-mail column before writing and leaves
out rows that moved, writes nothing when the header changed, the scheduler endpoint, and a flushed hard bounce
reaching a later clean through the suppression list. Real app objects, the Sheets API fake."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import update

from functions import adapters
from functions.webhooks.flush import flush
from functions.webhooks.schema import hook_events
from functions.webhooks.store import ADDRESS_HOLD, EVENT_RETENTION
from tests.functions.test_hooks import (  # noqa: F401
    GRID,
    SHEET_ID,
    app,
    by_event_id,
    connect,
    events,
    fakes,
    post_events,
    status_column,
)
from tests.functions.test_hooks_replay_and_cache import KEY, _with_settings, mailgun_body, post_mailgun

SUPPRESSED = "This contact bounced, complained or unsubscribed: do not send to it."


class MovingSheets:
    """The Sheets adapter, but someone edits the tab right after Rensa read it."""

    def __init__(self, real, edit):
        self.real, self.edit = real, edit

    def read(self, *args):
        snapshot = self.real.read(*args)
        self.edit()
        return snapshot

    def __getattr__(self, name):  # everything else (the re-read and the write) as the real adapter does it
        return getattr(self.real, name)


def hard_bounces():
    return [
        {"email": "anna.berg@example.se", "timestamp": 1741953000, "event": "bounce", "type": "bounce", "status": "5.1.1",
         "sg_event_id": "ev-anna"},
        {"email": "olle@example.no", "timestamp": 1741953001, "event": "spamreport", "sg_event_id": "ev-olle"},
        {"email": "per@example.dk", "timestamp": 1741953002, "event": "bounce", "type": "bounce", "status": "5.1.1",
         "sg_event_id": "ev-per"},
    ]


def test_flush_leaves_out_rows_that_moved_and_keeps_their_events_queued(app):
    connection = connect(app)
    post_events(app, connection, hard_bounces())
    sheets, store = app["sheets"], adapters.get_hook_store()

    def swap_rows_1_and_2():  # a sort: Anna's and Olle's rows change places between read and write
        sheets.set(SHEET_ID, "Kunder", 2, 2, "olle@example.no")
        sheets.set(SHEET_ID, "Kunder", 3, 2, "Anna.Berg@Example.se")

    first = flush(store, adapters.get_db(), MovingSheets(adapters.get_sheets(), swap_rows_1_and_2), connection["id"])
    assert (first["applied"], first["waiting"], first["cells_written"]) == (1, 2, 2)
    assert first["reason"] == "The sheet changed while Rensa was writing (rows 2 and 3); those addresses wait for the next flush."
    assert status_column(sheets) == [
        "Rensa status", "", "", "", "Do not send: the address bounced (hard bounce) (SendGrid, 2025-03-14).",
    ]
    shown = app["api"].get(f"/v1/connections/{connection['id']}", headers=app["auth"]).get_json()
    assert {e["event_id"]: e["note"] for e in shown["pending"]} == by_event_id({
        "sendgrid:ev-anna": "Waiting: " + first["reason"], "sendgrid:ev-olle": "Waiting: " + first["reason"]})

    second = flush(store, adapters.get_db(), adapters.get_sheets(), connection["id"])
    assert (second["applied"], second["waiting"], second["reason"]) == (2, 0, None)
    assert status_column(sheets) == [
        "Rensa status",
        "Do not send: the recipient marked a mail as spam (SendGrid, 2025-03-14).",  # Olle, now on row 1
        "Do not send: the address bounced (hard bounce) (SendGrid, 2025-03-14).",  # Anna, now on row 2
        "", "Do not send: the address bounced (hard bounce) (SendGrid, 2025-03-14).",
    ]
    assert store.counts(connection["id"]) == {"applied": 3}


def test_flush_writes_nothing_when_the_header_changed(app):
    connection = connect(app)
    post_events(app, connection, hard_bounces())
    sheets, store = app["sheets"], adapters.get_hook_store()
    writes = sum(1 for _, p in sheets.log if p.endswith("values:batchUpdate"))
    moving = MovingSheets(adapters.get_sheets(), lambda: sheets.set(SHEET_ID, "Kunder", 1, 1, "Kund"))
    result = flush(store, adapters.get_db(), moving, connection["id"])
    assert (result["applied"], result["waiting"]) == (0, 3)
    assert result["reason"] == "The sheet's header row changed while Rensa was writing, so nothing was written."
    assert sum(1 for _, p in sheets.log if p.endswith("values:batchUpdate")) == writes
    assert store.counts(connection["id"]) == {"pending": 3}


@pytest.mark.parametrize("token, header, status, code", [
    ("", "Bearer anything", 404, "not_found"),
    ("sched-secret", "", 401, "auth.invalid"),
    ("sched-secret", "Bearer sched-secre", 401, "auth.invalid"),
])
def test_scheduler_endpoint_refuses(app, token, header, status, code):
    _with_settings(scheduler_token=token)
    response = app["hooks"].post("/v1/hooks/flush", headers={"Authorization": header} if header else {})
    assert (response.status_code, response.get_json()["code"]) == (status, code)


def test_scheduler_endpoint_flushes_due_connections(app):
    _with_settings(scheduler_token="sched-secret")
    connection = connect(app)
    post_events(app, connection, events())
    mailgun = connect(app, "mailgun", secrets={"signing_key": KEY})
    old = dt.datetime.now(dt.UTC) - dt.timedelta(hours=23, minutes=59, seconds=50)
    assert post_mailgun(app, mailgun, mailgun_body("per@example.dk", at=old)).status_code == 200
    response = app["hooks"].post("/v1/hooks/flush", headers={"Authorization": "Bearer sched-secret"})
    assert response.status_code == 200
    body = response.get_json()
    assert {k: body[k] for k in ("connections", "applied", "waiting")} == {"connections": 2, "applied": 4, "waiting": 0}
    assert status_column(app["sheets"])[1:] == [
        "Do not send: the address bounced (hard bounce) (SendGrid, 2025-03-14).",
        "Do not send: the recipient marked a mail as spam (SendGrid, 2025-03-14).",
        "", "Do not send: the address bounced (hard bounce) (Mailgun, " + old.date().isoformat() + ").",
    ]
    again = app["hooks"].post("/v1/hooks/flush", headers={"Authorization": "Bearer sched-secret"}).get_json()
    assert (again["connections"], again["applied"]) == (0, 0)


def test_a_flushed_hard_bounce_is_flagged_again_when_the_row_is_pasted_back(app):
    connection = connect(app)
    post_events(app, connection, events()[:1])  # anna.berg@example.se: hard bounce
    done = app["api"].post(f"/v1/connections/{connection['id']}/flush", headers=app["auth"]).get_json()
    assert done["applied"] == 1
    key, prefix, key_hash = adapters.get_auth().new_key()
    adapters.get_db().add_api_key(app["account"], name="c", prefix=prefix, key_hash=key_hash, scopes=["clean"])
    pasted = {"header": ["Namn", "E-post"], "rows": [["Olle Ek", "olle@example.no"], ["Anna Berg", " ANNA.BERG@example.se"]],
              "dry_run": True}
    answer = app["api"].post("/v1/clean", json=pasted, headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200, answer.get_json()
    flagged = [(i["row"], i["code"], i["message"]) for i in answer.get_json()["issues"] if i["code"].endswith("suppressed")]
    assert flagged == [(2, "email.suppressed", SUPPRESSED)]


def post_address_change(app, connection, old: str, new: str):
    """Mailchimp's ``upemail``: a subscriber changed their address (form-encoded, authenticated by the URL key)."""
    path = connection["webhook_url"].removeprefix("http://localhost")
    form = {"type": "upemail", "fired_at": "2025-03-14 10:00:00", "data[list_id]": "l1", "data[old_email]": old,
            "data[new_email]": new}
    return app["hooks"].post(path, data=form)


def test_an_address_change_is_written_after_a_hidden_backup(app):
    """The flush follows the write-back contract: changing a data cell makes the add-on's kind of backup first."""
    connection = connect(app, "mailchimp", secrets={})
    assert post_address_change(app, connection, "olle@example.no", "olle.ek@example.no").status_code == 200
    assert post_address_change(app, connection, "per@example.dk", "per.holm@example.dk").status_code == 200
    done = flush(adapters.get_hook_store(), adapters.get_db(), adapters.get_sheets(), connection["id"])
    assert (done["applied"], done["waiting"]) == (2, 0)
    sheets = app["sheets"]
    grid = sheets.grid(SHEET_ID, "Kunder")
    assert [row[1] for row in grid[1:]] == [
        "Anna.Berg@Example.se", "olle.ek@example.no", "kari@example.no", "per.holm@example.dk"]
    backups = [t for t in sheets.titles(SHEET_ID) if t.startswith("Rensa backup: Kunder ")]
    assert len(backups) == 1 and sheets.hidden(SHEET_ID) == backups
    assert [row[1] for row in sheets.grid(SHEET_ID, backups[0])[1:]] == [row[1] for row in GRID[1:]]


def test_a_flag_alone_makes_no_backup_and_an_address_in_a_formula_cell_is_left_alone(app):
    sheets = app["sheets"]
    sheets.set_formula(SHEET_ID, "Kunder", 3, 2, '=LOWER("OLLE@EXAMPLE.NO")', "olle@example.no")
    flagged = connect(app)
    post_events(app, flagged, hard_bounces()[:1])
    store = adapters.get_hook_store()
    first = flush(store, adapters.get_db(), adapters.get_sheets(), flagged["id"])
    assert first["applied"] == 1 and sheets.titles(SHEET_ID) == ["Kunder"]  # only Rensa's status column changed

    chimp = connect(app, "mailchimp", secrets={})
    assert post_address_change(app, chimp, "olle@example.no", "olle.ek@example.no").status_code == 200
    second = flush(store, adapters.get_db(), adapters.get_sheets(), chimp["id"])
    assert (second["applied"], second["recorded"]) == (0, 1)
    assert sheets.formula(SHEET_ID, "Kunder", 3, 2) == '=LOWER("OLLE@EXAMPLE.NO")'
    shown = app["api"].get(f"/v1/connections/{chimp['id']}", headers=app["auth"]).get_json()
    assert [e["note"] for e in shown["done"]] == ["No change: the e-mail cell holds a formula (row 3)."]


def _held(store, connection_id: str) -> dict:
    return {e["event_id"]: (e["state"], e["new_email_sealed"] is not None, e["note"] and json.loads(e["note"])["code"])
            for e in store.events(connection_id)}


def test_a_new_address_is_held_encrypted_only_while_pending_and_at_most_the_hold(app):
    """An address change's new address is kept (encrypted) until the flush writes it, and no longer: cleared when
    the event settles, or after ADDRESS_HOLD when the sheet could not be written meanwhile."""
    connection = connect(app, "mailchimp", secrets={})
    store, sheets = adapters.get_hook_store(), app["sheets"]
    for old, new in (("olle@example.no", "olle.ek@example.no"), ("per@example.dk", "per.holm@example.dk")):
        assert post_address_change(app, connection, old, new).status_code == 200
    olle, per = (e["event_id"] for e in store.events(connection["id"]))
    assert _held(store, connection["id"]) == {olle: ("pending", True, "event.queued"), per: ("pending", True, "event.queued")}
    # The sheet cannot be written for two weeks: Per's change arrived 14 days and a minute ago, Olle's 13 days ago.
    with adapters.get_engine().begin() as conn:
        for event_id, age in ((per, ADDRESS_HOLD + dt.timedelta(minutes=1)), (olle, dt.timedelta(days=13))):
            conn.execute(update(hook_events).where(hook_events.c.event_id == event_id)
                         .values(received_at=dt.datetime.now(dt.UTC) - age))
    sheets.spreadsheets[SHEET_ID].forbidden = True
    assert flush(store, adapters.get_db(), adapters.get_sheets(), connection["id"])["waiting"] == 1
    assert _held(store, connection["id"]) == {olle: ("pending", True, "event.waiting"),
                                             per: ("recorded", False, "event.address_expired")}
    note = next(e for e in app["api"].get(f"/v1/connections/{connection['id']}", headers=app["auth"]).get_json()["done"])
    assert note["note"] == ("Not applied: the sheet could not be written for 14 days, and Rensa keeps a new address no "
                            "longer than that; the newsletter tool still has it.")
    # Reachable again: Olle's change is written and its address cleared; Per's row is left as it was.
    sheets.spreadsheets[SHEET_ID].forbidden = False
    assert flush(store, adapters.get_db(), adapters.get_sheets(), connection["id"])["applied"] == 1
    assert _held(store, connection["id"]) == {olle: ("applied", False, "event.address_changed"),
                                             per: ("recorded", False, "event.address_expired")}
    assert [row[1] for row in sheets.grid(SHEET_ID, "Kunder")[1:]] == [
        "Anna.Berg@Example.se", "olle.ek@example.no", "kari@example.no", "per@example.dk"]


def test_a_new_address_this_server_cannot_read_is_recorded_not_written(app):
    """A pending change sealed with another key (RENSA_SECRETS_KEY replaced) cannot be applied: recorded as a
    change without a new address, nothing written, the sealed copy cleared."""
    connection = connect(app, "mailchimp", secrets={})
    store = adapters.get_hook_store()
    assert post_address_change(app, connection, "olle@example.no", "olle.ek@example.no").status_code == 200
    other = Fernet(Fernet.generate_key()).encrypt(b"olle.ek@example.no").decode()
    with adapters.get_engine().begin() as conn:
        conn.execute(update(hook_events).values(new_email_sealed=other))
    done = flush(store, adapters.get_db(), adapters.get_sheets(), connection["id"])
    assert (done["applied"], done["recorded"]) == (0, 1)
    assert list(_held(store, connection["id"]).values()) == [("recorded", False, "event.no_change")]
    assert [row[:3] for row in app["sheets"].grid(SHEET_ID, "Kunder")] == GRID  # no data cell written


def test_the_scheduler_deletes_settled_events_after_a_year_and_keeps_what_they_decided(app):
    _with_settings(scheduler_token="sched-secret")
    connection = connect(app)
    post_events(app, connection, events())
    store, scheduled = adapters.get_hook_store(), {"Authorization": "Bearer sched-secret"}
    assert app["hooks"].post("/v1/hooks/flush", headers=scheduled).get_json()["applied"] == 3
    with adapters.get_engine().begin() as conn:  # a year and a day later
        conn.execute(update(hook_events).values(received_at=dt.datetime.now(dt.UTC) - EVENT_RETENTION - dt.timedelta(days=1)))
    post_events(app, connection, hard_bounces()[2:])  # Per bounces today
    suppressed = store.suppression_hashes(app["account"])
    body = app["hooks"].post("/v1/hooks/flush", headers=scheduled).get_json()
    assert (body["events_purged"], body["applied"]) == (4, 1)  # the year-old settled ones go, today's is applied
    assert store.counts(connection["id"]) == {"applied": 1}
    assert store.suppression_hashes(app["account"]) >= suppressed  # what they decided stays
