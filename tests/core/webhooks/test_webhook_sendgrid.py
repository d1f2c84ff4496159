"""SendGrid Event Webhook: ECDSA-signed JSON batches."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from core.webhooks import WebhookRejected, WebhookRequest, read_webhook
from tests.core.webhooks.signing import NOW, ec_public_b64, hours, sendgrid_request

SECRETS = {"public_key": ec_public_b64(0)}

# Events as SendGrid's Event Webhook reference shows them (addresses changed).
BATCH = [
    {"email": "Anna.Berg+news@Example.se ", "timestamp": 1741953000, "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>",
     "event": "bounce", "category": ["cat facts"], "sg_event_id": "6g4ZI7SA-xmRDv57GoPIPw==",
     "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0", "reason": "500 unknown recipient",
     "status": "5.0.0", "type": "bounce", "bounce_classification": "Invalid Address"},
    {"email": "olle@example.no", "timestamp": 1741953001, "event": "bounce", "type": "blocked",
     "sg_event_id": "blk-1", "sg_message_id": "m-blk", "status": "5.7.1",
     "reason": "550 5.7.1 Service unavailable; client host blocked using Spamhaus", "bounce_classification": "Reputation"},
    {"email": "kari@example.no", "timestamp": 1741953002, "event": "deferred", "sg_event_id": "def-1",
     "sg_message_id": "m-def", "response": "400 try again later", "attempt": "5"},
    {"email": "per@example.dk", "timestamp": 1741953003, "event": "dropped", "reason": "Bounced Address",
     "sg_event_id": "drop-1", "sg_message_id": "m-drop", "smtp-id": "<x@y>"},
    {"email": "liisa@example.fi", "timestamp": 1741953004, "event": "spamreport", "sg_event_id": "spam-1",
     "sg_message_id": "m-spam"},
    {"email": "sven@example.se", "timestamp": 1741953005, "event": "group_unsubscribe", "asm_group_id": 10,
     "sg_event_id": "unsub-1", "sg_message_id": "m-un"},
    {"email": "sven@example.se", "timestamp": 1741953006, "event": "open", "sg_event_id": "open-1",
     "sg_message_id": "m-open", "useragent": "Mozilla/5.0", "ip": "255.255.255.255"},
    {"email": "sven@example.se", "timestamp": 1741953007, "event": "processed", "sg_event_id": "proc-1",
     "sg_message_id": "m-proc"},
]
EXPECTED = [
    ("anna.berg+news@example.se", "hard_bounce", "provider: permanent bounce", True, "sendgrid:6g4ZI7SA-xmRDv57GoPIPw==", "bounce/bounce"),
    ("olle@example.no", "soft_bounce", "smtp 5.7.x: policy rejection, sender problem", True, "sendgrid:blk-1", "bounce/blocked"),
    ("kari@example.no", "soft_bounce", "deferral: provider still retrying", False, "sendgrid:def-1", "deferred"),
    ("per@example.dk", "hard_bounce", "provider suppressed the address", True, "sendgrid:drop-1", "dropped"),
    ("liisa@example.fi", "complaint", "spam complaint", False, "sendgrid:spam-1", "spamreport"),
    ("sven@example.se", "unsubscribe", "unsubscribe", False, "sendgrid:unsub-1", "group_unsubscribe"),
    ("sven@example.se", "positive", "positive: delivered, opened or clicked", False, "sendgrid:open-1", "open"),
    ("sven@example.se", "ignored", "not a delivery signal", False, "sendgrid:proc-1", "processed"),
]


def body(events) -> bytes:
    return json.dumps(events, separators=(",", ":")).encode() + b"\r\n"


def read(request, secrets=SECRETS, now=NOW):
    return read_webhook("sendgrid", request, secrets=secrets, now=now)


def test_batch_classified():
    result = read(sendgrid_request(body(BATCH)))
    got = [(e.email, e.kind, e.rule, e.terminal, e.event_id, e.provider_event) for e in result.events]
    assert got == EXPECTED
    assert result.skipped == [] and result.handshake is None
    first = result.events[0]
    assert first.occurred_at == datetime(2025, 3, 14, 11, 50, tzinfo=UTC)
    assert first.reason == "5.0.0 500 unknown recipient"
    assert first.message_id == "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0"
    assert result.events[6].signal == "opened"


def test_official_sendgrid_test_vector():
    """The signed payload and key from sendgrid-python's test_eventwebhook.py."""
    payload = json.dumps([{
        "email": "hello@world.com", "event": "dropped", "reason": "Bounced Address",
        "sg_event_id": "ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA",
        "sg_message_id": "LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0",
        "smtp-id": "<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>", "timestamp": 1600112492,
    }], sort_keys=True, separators=(",", ":")) + "\r\n"
    request = WebhookRequest("POST", "https://h.test/", {
        "content-type": "application/json",
        "x-twilio-email-event-webhook-signature": "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=",
        "x-twilio-email-event-webhook-timestamp": "1600112502",
    }, payload.encode())
    key = {"public_key": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g=="}
    [event] = read(request, key, datetime(2020, 9, 14, 19, 42, tzinfo=UTC)).events
    assert (event.email, event.kind) == ("hello@world.com", "hard_bounce")
    with pytest.raises(WebhookRejected) as e:  # the payload without its CRLF no longer verifies
        read(WebhookRequest("POST", "https://h.test/", request.headers, payload.encode()[:-2]), key,
             datetime(2020, 9, 14, 19, 42, tzinfo=UTC))
    assert e.value.code == "webhook.bad_signature"


def _tampered():
    good = sendgrid_request(body(BATCH[:1]))
    return WebhookRequest("POST", good.url, good.headers, good.body.replace(b"Invalid Address", b"Technical"))


def _strip(header):
    good = sendgrid_request(body(BATCH[:1]))
    return WebhookRequest("POST", good.url, {k: v for k, v in good.headers.items() if k != header}, good.body)


@pytest.mark.parametrize("request_, secrets, now, code, message", [
    (_tampered(), SECRETS, NOW, "webhook.bad_signature", "The SendGrid signature does not match the body and key."),
    (sendgrid_request(body(BATCH[:1]), key=1), SECRETS, NOW, "webhook.bad_signature",
     "The SendGrid signature does not match the body and key."),
    (sendgrid_request(body(BATCH[:1]), at=NOW - hours(25)), SECRETS, NOW, "webhook.stale",
     "The webhook was signed 25 h 0 min ago; at most 24 h 0 min is accepted."),
    (sendgrid_request(body(BATCH[:1]), at=NOW + hours(1)), SECRETS, NOW, "webhook.stale",
     "The webhook timestamp lies in the future."),
    (_strip("x-twilio-email-event-webhook-signature"), SECRETS, NOW, "webhook.missing_signature",
     "The request has no X-Twilio-Email-Event-Webhook-Signature or X-Twilio-Email-Event-Webhook-Timestamp."),
    (_strip("x-twilio-email-event-webhook-timestamp"), SECRETS, NOW, "webhook.missing_signature",
     "The request has no X-Twilio-Email-Event-Webhook-Signature or X-Twilio-Email-Event-Webhook-Timestamp."),
    (sendgrid_request(b'{"email": "a@b.se"', headers=None), SECRETS, NOW, "webhook.malformed",
     "The webhook body is not valid JSON."),
    (sendgrid_request(b'{"email": "a@b.se"}'), SECRETS, NOW, "webhook.malformed",
     "The SendGrid body is not a JSON array of events."),
    (sendgrid_request(body(BATCH[:1]), headers={"Content-Type": "application/x-www-form-urlencoded"}), SECRETS, NOW,
     "webhook.wrong_content_type", "Expected application/json, got application/x-www-form-urlencoded."),
    (sendgrid_request(body(BATCH[:1])), {"public_key": "bm90IGEga2V5"}, NOW, "webhook.not_configured",
     "The SendGrid verification key is not a base64 DER EC key."),
    (sendgrid_request(body(BATCH[:1])), {}, NOW, "webhook.not_configured",
     "The sendgrid connection has no 'public_key' set."),
])
def test_rejected(request_, secrets, now, code, message):
    with pytest.raises(WebhookRejected) as e:
        read(request_, secrets, now)
    assert (e.value.code, e.value.message) == (code, message)


def test_redelivery_has_same_event_ids():
    first = read(sendgrid_request(body(BATCH), at=NOW - hours(3)))
    again = read(sendgrid_request(body(BATCH)))  # SendGrid retries the batch hours later
    assert [e.event_id for e in again.events] == [e.event_id for e in first.events]
    assert len({e.event_id for e in first.events}) == len(BATCH)


def test_one_bad_event_does_not_sink_the_batch():
    batch = [BATCH[0], {"timestamp": 1741953000, "event": "bounce", "sg_event_id": "no-email"},
             "not an event", {"email": "not an address", "event": "open", "sg_event_id": "x"},
             {"email": "a@b.se", "sg_event_id": "no-name"}, BATCH[4]]
    result = read(sendgrid_request(body(batch)))
    assert [e.event_id for e in result.events] == ["sendgrid:6g4ZI7SA-xmRDv57GoPIPw==", "sendgrid:spam-1"]
    assert [(s.index, s.reason) for s in result.skipped] == [
        (1, "the event has no e-mail address"),
        (2, "expected an object, got str"),
        (3, "'not an address' is not an e-mail address"),
        (4, "the event has no 'event' name"),
    ]


def test_event_without_sg_event_id_gets_a_stable_content_id():
    event = {"email": "a@b.se", "timestamp": 1741953000, "event": "delivered", "sg_message_id": "m1"}
    one = read(sendgrid_request(body([event]))).events[0].event_id
    two = read(sendgrid_request(body([dict(reversed(list(event.items())))]))).events[0].event_id
    other = read(sendgrid_request(body([dict(event, timestamp=1741953001)]))).events[0].event_id
    assert one == two != other and one.startswith("sendgrid:h:")
