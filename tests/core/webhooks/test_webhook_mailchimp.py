"""Mailchimp audience webhooks: form-encoded, secret key in the URL."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest

from core.webhooks import WebhookRejected, WebhookRequest, read_webhook
from core.webhooks.mailchimp import parse_form
from tests.core.webhooks.signing import NOW

URL = "https://hooks.rensa.test/v1/hooks/mailchimp/c3?key=Zq8x-2Lw"
SECRETS = {"url_key": "Zq8x-2Lw"}
FORM = "application/x-www-form-urlencoded"


def post(fields: dict, url=URL, content_type=FORM):
    return WebhookRequest("POST", url, {"Content-Type": content_type, "User-Agent": "MailChimp"},
                          urlencode(fields).encode())


def read(req, secrets=SECRETS):
    return read_webhook("mailchimp", req, secrets=secrets, now=NOW)


CASES = [
    ({"type": "cleaned", "fired_at": "2025-03-14 10:35:57", "data[list_id]": "a6b5da1054",
      "data[campaign_id]": "4fjk2ma9xd", "data[reason]": "hard", "data[email]": "Api+Cleaned@Mailchimp.com"},
     ("api+cleaned@mailchimp.com", "hard_bounce", "provider suppressed the address", "cleaned/hard")),
    ({"type": "cleaned", "fired_at": "2025-03-14 10:35:57", "data[list_id]": "a6b5da1054",
      "data[reason]": "abuse", "data[email]": "angry@example.se"},
     ("angry@example.se", "complaint", "spam complaint", "cleaned/abuse")),
    ({"type": "unsubscribe", "fired_at": "2025-03-14 10:35:57", "data[action]": "unsub", "data[reason]": "manual",
      "data[id]": "8a25ff1d98", "data[list_id]": "a6b5da1054", "data[email]": "api+unsub@mailchimp.com",
      "data[email_type]": "html", "data[merges][EMAIL]": "api+unsub@mailchimp.com", "data[merges][FNAME]": "Mailchimp",
      "data[merges][INTERESTS]": "Group1,Group2", "data[ip_opt]": "10.20.10.30", "data[campaign_id]": "cb398d21d2"},
     ("api+unsub@mailchimp.com", "unsubscribe", "unsubscribe", "unsubscribe/manual")),
    ({"type": "unsubscribe", "fired_at": "2025-03-14 10:35:57", "data[action]": "unsub", "data[reason]": "abuse",
      "data[list_id]": "a6b5da1054", "data[email]": "spam@example.no"},
     ("spam@example.no", "complaint", "spam complaint", "unsubscribe/abuse")),
    ({"type": "subscribe", "fired_at": "2025-03-14 10:35:57", "data[id]": "8a25ff1d98", "data[list_id]": "a6b5da1054",
      "data[email]": "api@mailchimp.com", "data[merges][FNAME]": "Mailchimp"},
     ("api@mailchimp.com", "ignored", "not a delivery signal", "subscribe")),
]


@pytest.mark.parametrize("fields, expected", CASES)
def test_events(fields, expected):
    [event] = read(post(fields)).events
    assert (event.email, event.kind, event.rule, event.provider_event) == expected
    assert event.occurred_at == datetime(2025, 3, 14, 10, 35, 57, tzinfo=UTC)


def test_upemail_carries_new_address():
    fields = {"type": "upemail", "fired_at": "2025-03-14 10:35:57", "data[list_id]": "a6b5da1054",
              "data[new_id]": "51da8c3259", "data[new_email]": "New.Address@Example.se ",
              "data[old_email]": "old@example.se"}
    [event] = read(post(fields)).events
    assert (event.email, event.kind, event.new_email) == ("old@example.se", "email_change", "new.address@example.se")


def test_campaign_event_names_no_address():
    fields = {"type": "campaign", "fired_at": "2025-03-14 10:35:57", "data[id]": "5aa2102003",
              "data[subject]": "Test Campaign Subject", "data[status]": "sent", "data[reason]": "", "data[list_id]": "a6b5da1054"}
    assert read(post(fields)).events == []


def test_get_check_is_a_handshake_but_still_needs_the_key():
    ok = read(WebhookRequest("GET", URL, {"User-Agent": "MailChimp.com WebHook Validator"}, b""))
    assert ok.handshake.action == "respond_ok"
    with pytest.raises(WebhookRejected) as e:
        read(WebhookRequest("GET", URL.replace("Zq8x-2Lw", "guess"), {}, b""))
    assert e.value.code == "webhook.bad_credentials"


def test_redelivery_same_id_different_events_differ():
    ids = [read(post(f)).events[0].event_id for f, _ in CASES]
    assert ids == [read(post(f)).events[0].event_id for f, _ in CASES]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("req, code, message", [
    (post(CASES[0][0], url=URL.replace("Zq8x-2Lw", "Zq8x-2Lx")), "webhook.bad_credentials",
     "The webhook URL key does not match this connection."),
    (post(CASES[0][0], url="https://hooks.rensa.test/v1/hooks/mailchimp/c3"), "webhook.missing_credentials",
     "The webhook URL has no key parameter."),
    (post(CASES[0][0], content_type="application/json"), "webhook.wrong_content_type",
     "Expected application/x-www-form-urlencoded, got application/json."),
    (post({"fired_at": "2025-03-14 10:35:57"}), "webhook.malformed", "The Mailchimp webhook has no type or no data."),
    (WebhookRequest("POST", URL, {"Content-Type": FORM}, b"type=cleaned&data%5Bemail%5D=x%40y.se&fired_at=yesterday"),
     "webhook.malformed", "fired_at 'yesterday' is not a date."),
    (WebhookRequest("POST", URL, {"Content-Type": FORM}, b"type=cleaned&data%5Bemail%5D=no-at-sign"),
     "webhook.malformed", "The Mailchimp event is unreadable: 'no-at-sign' is not an e-mail address."),
    (WebhookRequest("POST", URL, {"Content-Type": FORM}, b"\xff\xfe"), "webhook.malformed",
     "The webhook body is not a valid form."),
])
def test_rejected(req, code, message):
    with pytest.raises(WebhookRejected) as e:
        read(req)
    assert (e.value.code, e.value.message) == (code, message)


def test_parse_form_nests_brackets():
    body = b"type=profile&data%5Bmerges%5D%5BGROUPINGS%5D%5B0%5D%5Bname%5D=Interests&data%5Bemail%5D=a%40b.se"
    assert parse_form(body) == {"type": "profile",
                                "data": {"merges": {"GROUPINGS": {"0": {"name": "Interests"}}}, "email": "a@b.se"}}
