"""Mailchimp Transactional (Mandrill): HMAC-SHA1 over URL + sorted form fields.

The signing code was also checked (outside this suite) against a real signed capture, the 4091-byte
click batch in evendis/mandrill-rails spec/fixtures/webhook_examples/click_with_signature.json.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest

from core.webhooks import WebhookRejected, WebhookRequest, read_webhook
from core.webhooks.mandrill import sign
from tests.core.webhooks.signing import NOW

URL = "https://hooks.rensa.test/v1/hooks/mandrill/c7?x=1"
SECRETS = {"webhook_key": "ntynTMaFpM_octE5R1DKAw", "webhook_url": URL}


def msg(_id, email, state="bounced", **extra):
    base = {"ts": 1741950000, "subject": "Mars newsletter", "email": email, "sender": "news@shop.se",
            "tags": ["newsletter"], "state": state, "metadata": {"user_id": 111}, "_id": _id,
            "_version": "exampleaaaaaaaaaaaaaaa"}
    return dict(base, **extra)


EVENTS = [
    {"event": "hard_bounce", "_id": "m1", "ts": 1741953600,
     "msg": msg("m1", " Nils.Holm@Example.SE", bounce_description="bad_mailbox", bgtools_code=10,
                diag="smtp;550 5.1.1 The email account that you tried to reach does not exist.")},
    {"event": "soft_bounce", "_id": "m2", "ts": 1741953601,
     "msg": msg("m2", "full@example.no", bounce_description="mailbox_full", diag="smtp;552 5.2.2 Over quota")},
    {"event": "deferral", "_id": "m3", "ts": 1741953602,
     "msg": msg("m3", "slow@example.dk", state="deferred",
                smtp_events=[{"destination_ip": "127.0.0.1", "diag": "451 4.3.5 Temporarily unavailable, try again later.",
                              "source_ip": "127.0.0.1", "ts": 1365111111, "type": "deferred", "size": 0}])},
    {"event": "spam", "_id": "m4", "ts": 1741953603, "msg": msg("m4", "angry@example.fi", state="sent")},
    {"event": "unsub", "_id": "m5", "ts": 1741953604, "msg": msg("m5", "gone@example.se", state="sent")},
    {"event": "click", "_id": "m6", "ts": 1741953605, "url": "https://shop.se", "msg": msg("m6", "fan@example.se", state="sent")},
    {"event": "send", "_id": "m7", "ts": 1741953606, "msg": msg("m7", "fan@example.se", state="sent")},
    {"type": "blacklist", "action": "add", "ts": 1741953607,
     "reject": {"reason": "hard-bounce", "detail": "Example detail", "last_event_at": "2025-03-14 12:00:00",
                "email": "nils.holm@example.se", "created_at": "2025-03-14 12:00:00", "expires_at": "2025-06-14 12:00:00",
                "expired": False, "subaccount": None, "sender": None}},
]


def request(events=EVENTS, key=SECRETS["webhook_key"], url=URL, method="POST", content_type="application/x-www-form-urlencoded",
            signature=None):
    params = {"mandrill_events": events if isinstance(events, str) else json.dumps(events)}
    headers = {"Content-Type": content_type, "User-Agent": "Mandrill-Webhook/1.0"}
    headers["X-Mandrill-Signature"] = signature if signature is not None else sign(key, url, params)
    return WebhookRequest(method, URL, headers, urlencode(params).encode())


def read(req, secrets=SECRETS):
    return read_webhook("mandrill", req, secrets=secrets, now=NOW)


def test_batch_classified():
    result = read(request())
    got = [(e.email, e.kind, e.rule, e.terminal, e.provider_event) for e in result.events]
    assert got == [
        ("nils.holm@example.se", "hard_bounce", "smtp bad mailbox or domain", True, "hard_bounce"),
        ("full@example.no", "soft_bounce", "smtp x.2.2: mailbox full", True, "soft_bounce"),
        ("slow@example.dk", "soft_bounce", "deferral: provider still retrying", False, "deferral"),
        ("angry@example.fi", "complaint", "spam complaint", False, "spam"),
        ("gone@example.se", "unsubscribe", "unsubscribe", False, "unsub"),
        ("fan@example.se", "positive", "positive: delivered, opened or clicked", False, "click"),
        ("fan@example.se", "ignored", "not a delivery signal", False, "send"),
        ("nils.holm@example.se", "ignored", "not a delivery signal", False, "sync/blacklist/add"),
    ]
    first = result.events[0]
    assert first.event_id == "mandrill:m1:hard_bounce:1741953600"
    assert first.reason == "bad_mailbox smtp;550 5.1.1 The email account that you tried to reach does not exist."
    assert first.occurred_at == datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
    assert result.events[2].reason == "451 4.3.5 Temporarily unavailable, try again later."


def test_head_check_and_test_post_are_handshakes():
    head = read(WebhookRequest("HEAD", URL, {}, b""))
    assert (head.handshake.action, head.events) == ("respond_ok", [])
    test_post = read(request([], key="test-webhook"))
    assert (test_post.handshake.action, test_post.handshake.detail) == ("respond_ok", "Mandrill test")


def test_test_key_is_only_accepted_for_the_empty_test_batch():
    with pytest.raises(WebhookRejected) as e:
        read(request(EVENTS[:1], key="test-webhook"))
    assert e.value.code == "webhook.bad_signature"


def test_tampered_body():
    good = request(EVENTS[:1])
    forged = WebhookRequest("POST", URL, good.headers, good.body.replace(b"hard_bounce", b"soft_bounce"))
    with pytest.raises(WebhookRejected) as e:
        read(forged)
    assert (e.value.code, e.value.message) == (
        "webhook.bad_signature", "The X-Mandrill-Signature does not match the webhook key and URL.")


@pytest.mark.parametrize("req, code, message", [
    (request(key="wrong"), "webhook.bad_signature", "The X-Mandrill-Signature does not match the webhook key and URL."),
    (request(url=URL + "/"), "webhook.bad_signature", "The X-Mandrill-Signature does not match the webhook key and URL."),
    (request(signature=""), "webhook.missing_signature", "The request has no X-Mandrill-Signature header."),
    (request(content_type="application/json"), "webhook.wrong_content_type",
     "Expected application/x-www-form-urlencoded, got application/json."),
    (request("[{not json"), "webhook.malformed", "The body has no readable mandrill_events field."),
    (request('{"event": "open"}'), "webhook.malformed", "mandrill_events is not a list."),
    (WebhookRequest("GET", URL, {}, b""), "webhook.wrong_method", "This webhook accepts HEAD, POST, not GET."),
])
def test_rejected(req, code, message):
    with pytest.raises(WebhookRejected) as e:
        read(req)
    assert (e.value.code, e.value.message) == (code, message)


def test_redelivered_batch_keeps_event_ids():
    assert [e.event_id for e in read(request()).events] == [e.event_id for e in read(request()).events]
    ids = [e.event_id for e in read(request()).events]
    assert len(set(ids)) == len(ids)


def test_one_bad_event_is_skipped():
    batch = [EVENTS[0], {"event": "hard_bounce", "_id": "m9", "ts": 1, "msg": {"_id": "m9"}}, 42, EVENTS[3]]
    result = read(request(batch))
    assert [e.email for e in result.events] == ["nils.holm@example.se", "angry@example.fi"]
    assert [(s.index, s.reason) for s in result.skipped] == [
        (1, "the event has no e-mail address"), (2, "expected an object, got int")]
