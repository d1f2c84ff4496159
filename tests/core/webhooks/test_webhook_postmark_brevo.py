"""Postmark (HTTP Basic) and Brevo (bearer token): unsigned JSON, credentials checked."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from core.webhooks import WebhookRejected, WebhookRequest, read_webhook
from tests.core.webhooks.signing import NOW

PM_SECRETS = {"basic_user": "rensa", "basic_pass": "kV9#pq!2"}
BREVO_SECRETS = {"bearer_token": "b7Yk2-mQ"}


def basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


POSTMARK_AUTH = basic("rensa", "kV9#pq!2")


def pm(record, auth=POSTMARK_AUTH, content_type="application/json"):
    headers = {"Content-Type": content_type}
    if auth is not None:
        headers["Authorization"] = auth
    body = record if isinstance(record, bytes) else json.dumps(record).encode()
    return WebhookRequest("POST", "https://rensa:kV9%23pq!2@hooks.rensa.test/v1/hooks/postmark/c4", headers, body)


def bounce(type_, code, details, inactive=False, id_=4323372036854775807, email="Anything@Example.com"):
    return {"RecordType": "Bounce", "MessageStream": "outbound", "ID": id_, "Type": type_, "TypeCode": code,
            "Name": type_, "Tag": "Test", "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
            "Metadata": {"a_key": "a_value"}, "ServerID": 23, "Description": "The server was unable to deliver your message",
            "Details": details, "Email": email, "From": "sender@example.com", "BouncedAt": "2025-03-14T11:33:54.9070259Z",
            "DumpAvailable": True, "Inactive": inactive, "CanActivate": True, "Subject": "Test subject", "Content": ""}


@pytest.mark.parametrize("record, expected", [
    (bounce("HardBounce", 1, "smtp;550 5.1.1 The email account that you tried to reach does not exist", inactive=True),
     ("hard_bounce", "provider suppressed the address", True, "Bounce/HardBounce")),
    (bounce("HardBounce", 1, "Test bounce details"), ("hard_bounce", "provider: permanent bounce", True, "Bounce/HardBounce")),
    (bounce("SoftBounce", 4096, "smtp;452 4.2.2 mailbox full"), ("soft_bounce", "smtp x.2.2: mailbox full", True, "Bounce/SoftBounce")),
    (bounce("SoftBounce", 4096, "Connection refused"), ("soft_bounce", "provider: temporary bounce", True, "Bounce/SoftBounce")),
    (bounce("Transient", 2, "smtp;421 4.4.2 timeout"), ("soft_bounce", "deferral: provider still retrying", False, "Bounce/Transient")),
    (bounce("DMARCPolicy", 100009, "smtp;550 5.7.26 Unauthenticated email is not accepted"),
     ("soft_bounce", "smtp 5.7.x: policy rejection, sender problem", True, "Bounce/DMARCPolicy")),
    (bounce("Blocked", 100006, "ISP block"), ("soft_bounce", "provider: sender-side block", True, "Bounce/Blocked")),
    (bounce("AutoResponder", 64, "Out of office"), ("ignored", "not a delivery signal", False, "Bounce/AutoResponder")),
    (dict(bounce("SpamComplaint", 100001, ""), RecordType="SpamComplaint"),
     ("complaint", "spam complaint", False, "SpamComplaint/SpamComplaint")),
])
def test_postmark_bounces(record, expected):
    [event] = read_webhook("postmark", pm(record), secrets=PM_SECRETS, now=NOW).events
    assert (event.kind, event.rule, event.terminal, event.provider_event) == expected
    assert (event.email, event.event_id) == ("anything@example.com", "postmark:bounce:4323372036854775807")
    assert event.occurred_at == datetime(2025, 3, 14, 11, 33, 54, 907025, tzinfo=UTC)


@pytest.mark.parametrize("record, expected", [
    ({"RecordType": "Delivery", "ServerID": 23, "MessageStream": "outbound", "MessageID": "00000000-0000-0000-0000-000000000000",
      "Recipient": "john@example.com", "Tag": "welcome-email", "DeliveredAt": "2025-03-14T11:36:50Z",
      "Details": "Test delivery webhook details", "Metadata": {}}, ("positive", "delivered")),
    ({"RecordType": "Open", "MessageStream": "outbound", "FirstOpen": True, "Recipient": "john@example.com",
      "MessageID": "00000000-0000-0000-0000-000000000000", "ReceivedAt": "2025-03-14T11:36:50Z", "Platform": "WebMail",
      "ReadSeconds": 5, "Tag": "welcome-email", "UserAgent": "Mozilla/5.0", "Metadata": {}}, ("positive", "opened")),
    ({"RecordType": "SubscriptionChange", "MessageID": "00000000-0000-0000-0000-000000000000", "ServerID": 23,
      "MessageStream": "outbound", "ChangedAt": "2025-03-14T11:36:50Z", "Recipient": "john@example.com",
      "Origin": "Recipient", "SuppressSending": True, "SuppressionReason": "ManualSuppression", "Tag": "", "Metadata": {}},
     ("unsubscribe", None)),
    ({"RecordType": "SubscriptionChange", "MessageID": "00000000-0000-0000-0000-000000000000", "ServerID": 23,
      "MessageStream": "outbound", "ChangedAt": "2025-03-14T11:36:50Z", "Recipient": "john@example.com",
      "Origin": "Customer", "SuppressSending": False, "SuppressionReason": None, "Tag": "", "Metadata": {}},
     ("ignored", None)),
])
def test_postmark_other_records(record, expected):
    [event] = read_webhook("postmark", pm(record), secrets=PM_SECRETS, now=NOW).events
    assert (event.kind, event.signal) == expected
    assert event.email == "john@example.com" and event.event_id.startswith("postmark:h:")


@pytest.mark.parametrize("req, code, message", [
    (pm(bounce("HardBounce", 1, "")), None, None),
    (pm(bounce("HardBounce", 1, ""), auth=basic("rensa", "wrong")), "webhook.bad_credentials", "The postmark webhook credentials are wrong."),
    (pm(bounce("HardBounce", 1, ""), auth=basic("other", "kV9#pq!2")), "webhook.bad_credentials", "The postmark webhook credentials are wrong."),
    (pm(bounce("HardBounce", 1, ""), auth="Basic %%%"), "webhook.bad_credentials", "The Basic credentials are not readable."),
    (pm(bounce("HardBounce", 1, ""), auth=None), "webhook.missing_credentials", "The postmark request has no Basic credentials."),
    (pm(bounce("HardBounce", 1, ""), auth="Bearer kV9#pq!2"), "webhook.missing_credentials", "The postmark request has no Basic credentials."),
    (pm(bounce("HardBounce", 1, ""), content_type="text/plain"), "webhook.wrong_content_type", "Expected application/json, got text/plain."),
    (pm(b'{"RecordType": "Bounce"'), "webhook.malformed", "The webhook body is not valid JSON."),
    (pm({"Type": "HardBounce"}), "webhook.malformed", "The Postmark body is not a record with a RecordType."),
    (pm(bounce("HardBounce", 1, "", email="")), "webhook.malformed", "The Postmark record is unreadable: the event has no e-mail address."),
])
def test_postmark_auth_and_shape(req, code, message):
    if code is None:
        assert read_webhook("postmark", req, secrets=PM_SECRETS, now=NOW).events[0].kind == "hard_bounce"
        return
    with pytest.raises(WebhookRejected) as e:
        read_webhook("postmark", req, secrets=PM_SECRETS, now=NOW)
    assert (e.value.code, e.value.message) == (code, message)


def test_postmark_redelivery_and_distinct_ids():
    ids = [read_webhook("postmark", pm(bounce("HardBounce", 1, "", id_=n)), secrets=PM_SECRETS, now=NOW).events[0].event_id
           for n in (1, 2, 1)]
    assert ids == ["postmark:bounce:1", "postmark:bounce:2", "postmark:bounce:1"]


# Brevo transactional events as in developers.brevo.com/docs/transactional-webhooks.
def brevo_event(event, reason=None, email="Example@Domain.com", ts=1741953600, **extra):
    data = {"event": event, "email": email, "id": 26224, "date": "2025-03-14 13:00:00", "ts": ts,
            "message-id": "<201798300811.5787683@relay.domain.com>", "ts_event": ts, "subject": "Mars newsletter",
            "tag": '["transac_messages"]', "sending_ip": "185.41.28.109", "ts_epoch": ts * 1000 + 123,
            "tags": ["transac_messages"]}
    if reason:
        data["reason"] = reason
    return dict(data, **extra)


def brevo(payload, auth="Bearer b7Yk2-mQ"):
    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = auth
    return WebhookRequest("POST", "https://hooks.rensa.test/v1/hooks/brevo/c5", headers, json.dumps(payload).encode())


@pytest.mark.parametrize("payload, expected", [
    (brevo_event("hard_bounce", "550 5.1.1 user unknown"), ("hard_bounce", "smtp bad mailbox or domain", True)),
    (brevo_event("hard_bounce", "Mailbox does not exist"), ("hard_bounce", "provider: permanent bounce", True)),
    (brevo_event("soft_bounce", "452 4.2.2 mailbox full"), ("soft_bounce", "smtp x.2.2: mailbox full", True)),
    (brevo_event("deferred", "421 4.7.0 try again later"), ("soft_bounce", "deferral: provider still retrying", False)),
    # Brevo has been seen to file a permanent "user unknown" under deferred: the SMTP code decides.
    (brevo_event("deferred", "550 5.1.1 The email account that you tried to reach does not exist"),
     ("hard_bounce", "smtp bad mailbox or domain", True)),
    (brevo_event("blocked", "blocked : due to blacklist user"), ("ignored", "not a delivery signal", False)),
    (brevo_event("spam"), ("complaint", "spam complaint", False)),
    (brevo_event("unsubscribed"), ("unsubscribe", "unsubscribe", False)),
    (brevo_event("unique_opened"), ("positive", "positive: delivered, opened or clicked", False)),
    (brevo_event("proxy_open"), ("ignored", "not a delivery signal", False)),
])
def test_brevo_events(payload, expected):
    [event] = read_webhook("brevo", brevo(payload), secrets=BREVO_SECRETS, now=NOW).events
    assert (event.kind, event.rule, event.terminal) == expected
    assert event.email == "example@domain.com"
    assert event.occurred_at == datetime(2025, 3, 14, 12, 0, 0, 123000, tzinfo=UTC)
    assert event.message_id == "<201798300811.5787683@relay.domain.com>"


def test_brevo_ids_stable_and_distinct():
    def event_id(payload):
        return read_webhook("brevo", brevo(payload), secrets=BREVO_SECRETS, now=NOW).events[0].event_id
    base = brevo_event("soft_bounce", "452 4.2.2 mailbox full")
    assert event_id(base) == event_id(dict(base, date="2025-03-14 14:00:00", id=99))  # same event, other webhook
    assert event_id(base) == event_id(dict(base, email=" EXAMPLE@domain.com"))
    assert event_id(base) != event_id(dict(base, ts_event=1741953601))
    assert event_id(base) != event_id(dict(base, event="hard_bounce"))


def test_brevo_batched_mode_skips_bad_event():
    result = read_webhook("brevo", brevo([brevo_event("spam"), {"email": "x@y.se"}, brevo_event("delivered", email="bad")]),
                          secrets=BREVO_SECRETS, now=NOW)
    assert [e.kind for e in result.events] == ["complaint"]
    assert [(s.index, s.reason) for s in result.skipped] == [
        (1, "the event has no 'event' name"), (2, "'bad' is not an e-mail address")]


@pytest.mark.parametrize("req, code, message", [
    (brevo(brevo_event("spam"), auth="Bearer nope"), "webhook.bad_credentials", "The brevo bearer token is wrong."),
    (brevo(brevo_event("spam"), auth=None), "webhook.missing_credentials", "The brevo request has no bearer token."),
    (brevo(brevo_event("spam"), auth="Basic YTpi"), "webhook.missing_credentials", "The brevo request has no bearer token."),
    (brevo("hard_bounce"), "webhook.malformed", "The Brevo body is not a JSON event."),
    (brevo({"email": "a@b.se"}), "webhook.malformed", "The Brevo event is unreadable: the event has no 'event' name."),
    (WebhookRequest("POST", "https://h.test/", {"Authorization": "Bearer b7Yk2-mQ"}, b"{}"), "webhook.wrong_content_type",
     "Expected application/json, got no content type."),
])
def test_brevo_rejected(req, code, message):
    with pytest.raises(WebhookRejected) as e:
        read_webhook("brevo", req, secrets=BREVO_SECRETS, now=NOW)
    assert (e.value.code, e.value.message) == (code, message)
