"""MailerLite: hex HMAC-SHA256 of the raw body in the Signature header."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from core.webhooks import WebhookRejected, WebhookRequest, read_webhook
from core.webhooks.mailerlite import sign
from tests.core.webhooks.signing import NOW

SECRET = "ybmcD7PQ9R"
SECRETS = {"webhook_secret": SECRET}


def subscriber(email="Guy.Random@Example.se", status="bounced", id_="31986843064993537"):
    return {"id": id_, "email": email, "status": status, "source": "api", "sent": 12, "opens_count": 3,
            "clicks_count": 1, "open_rate": 25, "click_rate": 8, "ip_address": None, "subscribed_at": "2024-01-11 08:25:55",
            "unsubscribed_at": None, "created_at": "2024-01-11 08:25:55", "updated_at": "2025-03-14 11:00:00",
            "fields": {"name": "Guy", "last_name": "Random", "company": None}, "opted_in_at": None, "optin_ip": None}


def request(payload, *, secret=SECRET, signature=None, content_type="application/json"):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {"Content-Type": content_type, "Signature": signature if signature is not None else sign(secret, body)}
    return WebhookRequest("POST", "https://hooks.rensa.test/v1/hooks/mailerlite/c6", headers, body)


def read(req):
    return read_webhook("mailerlite", req, secrets=SECRETS, now=NOW)


@pytest.mark.parametrize("payload, expected", [
    (dict(subscriber(), event="subscriber.bounced"), ("hard_bounce", "provider suppressed the address", "subscriber.bounced")),
    (dict(subscriber(status="unsubscribed"), event="subscriber.unsubscribed"), ("unsubscribe", "unsubscribe", "subscriber.unsubscribed")),
    (dict(subscriber(status="junk"), event="subscriber.spam_reported"), ("complaint", "spam complaint", "subscriber.spam_reported")),
    (dict(subscriber(status="active"), event="subscriber.updated"), ("ignored", "not a delivery signal", "subscriber.updated")),
    (subscriber(), ("hard_bounce", "provider suppressed the address", "subscriber.bounced")),  # bare subscriber object
    ({"events": [{"account_id": 334443, "data": {"subscriber": subscriber()}, "timestamp": 1741950000,
                  "type": "subscriber.bounced", "webhook_id": 2}]},
     ("hard_bounce", "provider suppressed the address", "subscriber.bounced")),
])
def test_events(payload, expected):
    [event] = read(request(payload)).events
    assert (event.kind, event.rule, event.provider_event) == expected
    assert event.email == "guy.random@example.se"


def test_times():
    [event] = read(request(dict(subscriber(), event="subscriber.bounced"))).events
    assert event.occurred_at == datetime(2025, 3, 14, 11, 0, tzinfo=UTC)


def test_batch_with_a_bad_event():
    payload = {"events": [dict(subscriber(), event="subscriber.bounced"), {"event": "subscriber.bounced", "id": "1"},
                          dict(subscriber(email="b@example.se", status="active"), event="campaign.open")]}
    result = read(request(payload))
    assert [(e.email, e.kind) for e in result.events] == [("guy.random@example.se", "hard_bounce"), ("b@example.se", "positive")]
    assert [(s.index, s.reason) for s in result.skipped] == [(1, "the event has no e-mail address")]


def test_ids_stable_and_distinct():
    def event_id(payload):
        return read(request(payload)).events[0].event_id
    bounced = dict(subscriber(), event="subscriber.bounced")
    assert event_id(bounced) == event_id(json.loads(json.dumps(bounced)))
    assert event_id(bounced) != event_id(dict(bounced, event="subscriber.unsubscribed"))
    assert event_id(bounced) != event_id(dict(bounced, updated_at="2025-03-14 11:00:01"))


def _tampered():
    good = request(dict(subscriber(), event="subscriber.updated"))
    return WebhookRequest("POST", good.url, good.headers, good.body.replace(b"subscriber.updated", b"subscriber.bounced"))


@pytest.mark.parametrize("req, code, message", [
    (_tampered(), "webhook.bad_signature", "The MailerLite signature does not match the body and secret."),
    (request(subscriber(), secret="other"), "webhook.bad_signature", "The MailerLite signature does not match the body and secret."),
    (request(subscriber(), signature=""), "webhook.missing_signature", "The request has no Signature header."),
    (request(b"not json"), "webhook.malformed", "The webhook body is not valid JSON."),
    (request([subscriber()]), "webhook.malformed", "The MailerLite body is not a JSON object."),
    (request({"id": "1", "email": "a@b.se", "status": "active"}), "webhook.malformed",
     "The MailerLite event is unreadable: the event has no 'event' or 'type' name."),
    (request(subscriber(), content_type="text/html"), "webhook.wrong_content_type", "Expected application/json, got text/html."),
])
def test_rejected(req, code, message):
    with pytest.raises(WebhookRejected) as e:
        read(req)
    assert (e.value.code, e.value.message) == (code, message)
