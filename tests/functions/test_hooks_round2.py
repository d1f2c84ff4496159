"""Round 2 of the webhooks server: Mailgun token replay, the per-instance connection cache, a flush that
re-reads the e-mail column before writing, the scheduler endpoint, the hooks base URL, and a flushed hard
bounce reaching a later clean through the suppression list. Real app objects, the Sheets API fake."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from core.webhooks.mailgun import sign
from functions import adapters
from functions.settings import Settings
from functions.webhooks.flush import flush
from functions.webhooks.schema import hook_tokens
from functions.webhooks.store import build_store
from tests.functions.test_hooks import SHEET_ID, app, connect, events, fakes, post_events, status_column  # noqa: F401

KEY, OTHER_KEY = "mg-signing-key-one", "mg-signing-key-two"
SUPPRESSED = "This contact bounced, complained or unsubscribed: do not send to it."


def mailgun_body(recipient="olle@example.no", *, token="t" * 50, key=KEY, event_id="mg-1", at=None):
    at = at or dt.datetime.now(dt.UTC)
    stamp = str(int(at.timestamp()))
    data = {"event": "failed", "severity": "permanent", "reason": "bounce", "id": event_id, "timestamp": at.timestamp(),
            "recipient": recipient, "delivery-status": {"code": 550, "message": "5.1.1 user unknown"}}
    return json.dumps({"signature": {"timestamp": stamp, "token": token, "signature": sign(key, stamp, token)},
                       "event-data": data}).encode()


def post_mailgun(app, connection, body):
    return app["hooks"].post(f"/v1/hooks/mailgun/{connection['id']}", data=body,
                             headers={"Content-Type": "application/json"})


def token_rows():
    with adapters.get_engine().connect() as conn:
        return conn.execute(select(func.count()).select_from(hook_tokens)).scalar()


def test_mailgun_token_reused_with_other_content_is_a_replay(app):
    connection = connect(app, "mailgun", secrets={"signing_key": KEY})
    genuine = mailgun_body()
    first = post_mailgun(app, connection, genuine)
    assert (first.status_code, first.get_json()["new"]) == (200, 1)
    # A true re-delivery (same token, same event) stays idempotent.
    again = post_mailgun(app, connection, genuine)
    assert (again.status_code, again.get_json()["new"]) == (200, 0)
    # The captured signature object with another event: refused, nothing stored.
    forged = post_mailgun(app, connection, mailgun_body("per@example.dk", event_id="mg-2"))
    assert (forged.status_code, forged.get_json()["code"], forged.get_json()["message"]) == (
        401, "webhook.replayed", "This signature token was already used for another event: the call is a replay.")
    assert adapters.get_hook_store().counts(connection["id"]) == {"pending": 1}
    # The same event under a fresh token is a normal call.
    fresh = post_mailgun(app, connection, mailgun_body("per@example.dk", event_id="mg-2", token="u" * 50))
    assert (fresh.status_code, fresh.get_json()["new"]) == (200, 1)
    assert token_rows() == 2
    # Tokens are dropped once their 24 h window is over, not before.
    store = adapters.get_hook_store()
    assert store.purge_tokens(dt.datetime.now(dt.UTC) + dt.timedelta(hours=23)) == 0
    assert store.purge_tokens(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)) == 2
    assert token_rows() == 0


def test_secrets_change_and_delete_reach_the_cache_at_once(app):
    connection = connect(app, "mailgun", secrets={"signing_key": KEY})
    assert post_mailgun(app, connection, mailgun_body(token="a" * 50)).status_code == 200  # now cached
    changed = app["api"].post(f"/v1/connections/{connection['id']}/secrets", headers=app["auth"],
                              json={"secrets": {"signing_key": OTHER_KEY}})
    assert changed.status_code == 200
    assert post_mailgun(app, connection, mailgun_body(token="b" * 50)).status_code == 401
    assert post_mailgun(app, connection, mailgun_body(token="c" * 50, key=OTHER_KEY)).status_code == 200
    assert app["api"].delete(f"/v1/connections/{connection['id']}", headers=app["auth"]).status_code == 200
    assert post_mailgun(app, connection, mailgun_body(token="d" * 50, key=OTHER_KEY)).status_code == 404


def test_a_key_changed_on_another_instance_is_picked_up_on_the_first_refused_call(app):
    connection = connect(app, "mailgun", secrets={"signing_key": KEY})
    assert post_mailgun(app, connection, mailgun_body(token="a" * 50)).status_code == 200  # cached here
    elsewhere = build_store(adapters.get_settings(), adapters.get_engine())
    elsewhere.set_secrets(app["account"], connection["id"], {"signing_key": OTHER_KEY})
    new_key = post_mailgun(app, connection, mailgun_body("per@example.dk", event_id="mg-2", token="b" * 50, key=OTHER_KEY))
    assert (new_key.status_code, new_key.get_json()["new"]) == (200, 1)
    old_key = post_mailgun(app, connection, mailgun_body("per@example.dk", event_id="mg-3", token="c" * 50))
    assert (old_key.status_code, old_key.get_json()["code"]) == (401, "webhook.bad_signature")


def test_another_instance_keeps_its_cache_for_the_ttl_but_never_stores_for_a_deleted_connection(app):
    connection = connect(app, "mailgun", secrets={"signing_key": KEY})
    clock = [1000.0]
    settings, engine = adapters.get_settings(), adapters.get_engine()
    here, there = adapters.get_hook_store(), build_store(settings, engine)
    there._clock = lambda: clock[0]
    assert there.connection_for_hook(connection["id"])[1:] == ("mailgun", {"signing_key": KEY})
    here.set_secrets(app["account"], connection["id"], {"signing_key": OTHER_KEY})
    assert there.connection_for_hook(connection["id"])[2] == {"signing_key": KEY}  # cached, within 30 s
    clock[0] += 31
    assert there.connection_for_hook(connection["id"])[2] == {"signing_key": OTHER_KEY}
    here.delete_connection(app["account"], connection["id"])
    assert there.connection_for_hook(connection["id"]) is not None  # still cached ...
    [event] = events()[:1]
    from core.webhooks import BounceEvent

    bounce = BounceEvent(provider="mailgun", email=event["email"], kind="hard_bounce", event_id="mailgun:x",
                         rule="r", provider_event="failed")
    assert there.record(connection["id"], [bounce]) is None  # ... but the foreign key refuses the insert
    assert there.connection_for_hook(connection["id"]) is None


class MovingSheets:
    """The Sheets adapter, but someone edits the tab right after Rensa read it."""

    def __init__(self, real, edit):
        self.real, self.edit = real, edit

    def read(self, *args):
        snapshot = self.real.read(*args)
        self.edit()
        return snapshot

    def client(self):
        return self.real.client()


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
    assert first["reason"] == "The sheet changed while Rensa was writing (row 2, 3); those addresses wait for the next flush."
    assert status_column(sheets) == [
        "Rensa status", "", "", "", "Do not send: the address bounced (hard bounce) (sendgrid, 2025-03-14).",
    ]
    shown = app["api"].get(f"/v1/connections/{connection['id']}", headers=app["auth"]).get_json()
    assert {e["event_id"]: e["note"] for e in shown["pending"]} == {
        "sendgrid:ev-anna": "waiting: " + first["reason"], "sendgrid:ev-olle": "waiting: " + first["reason"]}

    second = flush(store, adapters.get_db(), adapters.get_sheets(), connection["id"])
    assert (second["applied"], second["waiting"], second["reason"]) == (2, 0, None)
    assert status_column(sheets) == [
        "Rensa status",
        "Do not send: the recipient marked a mail as spam (sendgrid, 2025-03-14).",  # Olle, now on row 1
        "Do not send: the address bounced (hard bounce) (sendgrid, 2025-03-14).",  # Anna, now on row 2
        "", "Do not send: the address bounced (hard bounce) (sendgrid, 2025-03-14).",
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


def _with_settings(**extra):
    settings = adapters.get_settings()
    adapters.override(settings=Settings(**{**settings.__dict__, **extra}))


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
        "Do not send: the address bounced (hard bounce) (sendgrid, 2025-03-14).",
        "Do not send: the recipient marked a mail as spam (sendgrid, 2025-03-14).",
        "", "Do not send: the address bounced (hard bounce) (mailgun, " + old.date().isoformat() + ").",
    ]
    again = app["hooks"].post("/v1/hooks/flush", headers={"Authorization": "Bearer sched-secret"}).get_json()
    assert (again["connections"], again["applied"]) == (0, 0)


@pytest.mark.parametrize("provider, secrets, expected", [
    ("sendgrid", None, "https://hooks.rensa.example/v1/hooks/sendgrid/{id}"),
    ("brevo", {"bearer_token": "tok"}, "https://hooks.rensa.example/v1/hooks/brevo/{id}"),
    ("postmark", {"basic_user": "u", "basic_pass": "p"}, "https://u:p@hooks.rensa.example/v1/hooks/postmark/{id}"),
    ("mailchimp", {"url_key": "k"}, "https://hooks.rensa.example/v1/hooks/mailchimp/{id}?key=k"),
])
def test_webhook_url_uses_the_hooks_base_url(app, provider, secrets, expected):
    _with_settings(hooks_base_url="https://hooks.rensa.example/")
    connection = connect(app, provider, secrets=secrets)
    assert connection["webhook_url"] == expected.format(id=connection["id"])


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
