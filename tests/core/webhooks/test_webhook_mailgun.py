"""Mailgun webhooks: one JSON event, HMAC-SHA256 signature object in the body."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from core.webhooks import WebhookRejected, WebhookRequest, read_webhook
from core.webhooks.mailgun import sign
from tests.core.webhooks.signing import NOW, hours

KEY = "3f8b2c1d9e7a6b5c4d3e2f1a0b9c8d7e"
SECRETS = {"signing_key": KEY}
TOKEN = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0"


def event_data(event="failed", severity="permanent", reason="bounce", code=550,
               message="5.1.1 The email account that you tried to reach does not exist.", id_="G9Bn5sl1TC6nu79C8C0bwg",
               recipient="Alice@Example.com"):
    data = {
        "event": event, "id": id_, "timestamp": 1741953600.375624, "log-level": "error", "recipient": recipient,
        "recipient-domain": "example.com", "envelope": {"sender": "bob@mg.shop.se", "transport": "smtp"},
        "message": {"headers": {"to": "Alice <alice@example.com>", "message-id": "20250314120000.1.ABC@mg.shop.se",
                                "from": "Bob <bob@mg.shop.se>", "subject": "Mars newsletter"}, "size": 111},
        "user-variables": {"my_var_1": "Mailgun Variable #1"}, "tags": ["newsletter"],
    }
    if event == "failed":
        data.update({"severity": severity, "reason": reason,
                     "delivery-status": {"attempt-no": 1, "code": code, "message": message, "description": "",
                                         "session-seconds": 0.1}})
    return data


def request(data, *, at=NOW, key=KEY, token=TOKEN, signature=None, content_type="application/json", extra=None):
    stamp = str(int(at.timestamp()))
    sig = {"timestamp": stamp, "token": token, "signature": signature if signature is not None else sign(key, stamp, token)}
    payload = {"signature": sig, "event-data": data, **(extra or {})}
    return WebhookRequest("POST", "https://hooks.rensa.test/v1/hooks/mailgun/c2", {"Content-Type": content_type},
                          json.dumps(payload).encode())


def read(req, secrets=SECRETS):
    return read_webhook("mailgun", req, secrets=secrets, now=NOW)


@pytest.mark.parametrize("data, expected", [
    (event_data(), ("hard_bounce", "smtp bad mailbox or domain", True, "failed/permanent/bounce")),
    (event_data(reason="suppress-bounce", code=605, message="Not delivering to previously bounced address"),
     ("hard_bounce", "provider suppressed the address", True, "failed/permanent/suppress-bounce")),
    (event_data(reason="suppress-unsubscribe", code=607, message="Not delivering to unsubscribed address"),
     ("unsubscribe", "unsubscribe", False, "failed/permanent/suppress-unsubscribe")),
    (event_data(reason="old", code=421, message="4.2.0 Too old"),
     ("soft_bounce", "provider: temporary bounce", True, "failed/permanent/old")),
    (event_data(reason="generic", code=550, message="5.7.1 Message rejected under suspicion of SPAM"),
     ("soft_bounce", "smtp 5.7.x: policy rejection, sender problem", True, "failed/permanent/generic")),
    (event_data(severity="temporary", reason="generic", code=452, message="4.2.2 The email account is over quota"),
     ("soft_bounce", "deferral: provider still retrying", False, "failed/temporary/generic")),
    (event_data(event="delivered"), ("positive", "positive: delivered, opened or clicked", False, "delivered")),
    (event_data(event="complained"), ("complaint", "spam complaint", False, "complained")),
    (event_data(event="accepted"), ("ignored", "not a delivery signal", False, "accepted")),
])
def test_events(data, expected):
    result = read(request(data))
    [event] = result.events
    assert (event.kind, event.rule, event.terminal, event.provider_event) == expected
    assert (event.email, event.event_id) == ("alice@example.com", "mailgun:G9Bn5sl1TC6nu79C8C0bwg")
    assert event.message_id == "20250314120000.1.ABC@mg.shop.se"
    assert event.occurred_at == datetime(2025, 3, 14, 12, 0, 0, 375624, tzinfo=UTC)


def test_reason_has_smtp_code_and_text():
    [event] = read(request(event_data())).events
    assert event.reason == "550 5.1.1 The email account that you tried to reach does not exist."


def _tampered():
    good = request(event_data())
    return WebhookRequest("POST", good.url, good.headers, good.body.replace(b"Alice@Example.com", b"carl@example.com"))


@pytest.mark.parametrize("req, code, message", [
    (request(event_data(), key="some-other-key"), "webhook.bad_signature",
     "The Mailgun signature does not match the signing key."),
    (request(event_data(), signature="0" * 64), "webhook.bad_signature",
     "The Mailgun signature does not match the signing key."),
    (request(event_data(), at=NOW - hours(30)), "webhook.stale",
     "The webhook was signed 30 h 0 min ago; at most 24 h 0 min is accepted."),
    (WebhookRequest("POST", "https://h.test/", {"Content-Type": "application/json"},
                    json.dumps({"event-data": event_data()}).encode()),
     "webhook.missing_signature", "The Mailgun body has no signature object."),
    (WebhookRequest("POST", "https://h.test/", {"Content-Type": "application/json"}, b"signature=abc"),
     "webhook.malformed", "The webhook body is not valid JSON."),
    (WebhookRequest("POST", "https://h.test/", {"Content-Type": "application/json"}, b"[]"),
     "webhook.malformed", "The Mailgun body is not a JSON object."),
    (request(None), "webhook.malformed", "The Mailgun body has no event-data object."),
    (request(event_data(recipient="")), "webhook.malformed",
     "The Mailgun event is unreadable: the event has no e-mail address."),
    (request(event_data(), content_type="multipart/form-data; boundary=x"), "webhook.wrong_content_type",
     "Expected application/json, got multipart/form-data."),
])
def test_rejected(req, code, message):
    with pytest.raises(WebhookRejected) as e:
        read(req)
    assert (e.value.code, e.value.message) == (code, message)


def test_tampered_signed_fields_are_rejected():
    good = request(event_data())
    for old, new in ((TOKEN.encode(), b"b" * 50), (b'"timestamp": "17419', b'"timestamp": "17418')):
        with pytest.raises(WebhookRejected) as e:
            read(WebhookRequest("POST", good.url, good.headers, good.body.replace(old, new)))
        assert e.value.code == "webhook.bad_signature"


def test_event_data_is_not_covered_by_mailgun_signature_but_bound_by_the_nonce():
    """Mailgun signs timestamp + token only: the reader still accepts other event data, but its nonce
    digest differs, which the receiver's token store turns into ``webhook.replayed``."""
    genuine, tampered = read(request(event_data())), read(_tampered())
    assert tampered.events[0].email == "carl@example.com"
    assert (genuine.nonce.token, tampered.nonce.token) == (TOKEN, TOKEN)
    assert genuine.nonce.digest != tampered.nonce.digest
    assert genuine.nonce.expires_at == datetime(2025, 3, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("a, b, same", [
    # The same event (keys in another order) is the same content: a true re-delivery.
    ({"x": 1, "y": [1, 2]}, {"y": [1, 2], "x": 1}, True),
    ({"x": 1}, {"x": 2}, False),
])
def test_nonce_digest_ignores_key_order_only(a, b, same):
    first = read(request({**event_data(), **a})).nonce.digest
    second = read(request({**event_data(), **b})).nonce.digest
    assert (first == second) is same


def test_other_providers_carry_no_nonce():
    from tests.core.webhooks.signing import sendgrid_request

    body = json.dumps([{"email": "a@b.se", "event": "bounce", "timestamp": 1741953600, "sg_event_id": "e1"}]).encode()
    assert read_webhook("sendgrid", sendgrid_request(body), secrets={"public_key": _sg_key()}, now=NOW).nonce is None


def _sg_key():
    from tests.core.webhooks.signing import ec_public_b64

    return ec_public_b64(0)


def test_redelivery_same_id():
    one = read(request(event_data(), at=NOW - hours(2))).events[0].event_id
    again = read(request(event_data(), token="f" * 50)).events[0].event_id
    other = read(request(event_data(id_="Ase3h4Uqx2W4tcJz3cy7vA"))).events[0].event_id
    assert one == again != other
