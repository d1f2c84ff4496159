"""Webhook deliveries before they are queued: a Mailgun token re-used for other content is a replay, the
per-instance connection cache follows secret changes and deletes, and the webhook URL uses the hooks base URL.
Real app objects, the Sheets API fake."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from core.webhooks.mailgun import sign
from functions import adapters
from functions.settings import Settings
from functions.webhooks.schema import hook_tokens
from functions.webhooks.store import build_store
from tests.functions.test_hooks import SHEET_ID, app, connect, events, fakes, post_events, status_column  # noqa: F401

KEY, OTHER_KEY = "mg-signing-key-one", "mg-signing-key-two"


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
    assert there.record(connection["id"], [bounce], account_id=app["account"]) is None  # ... but the foreign key refuses the insert
    assert there.connection_for_hook(connection["id"]) is None


def _with_settings(**extra):
    settings = adapters.get_settings()
    adapters.override(settings=Settings(**{**settings.__dict__, **extra}))


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
