"""The classification rule table and the soft-bounce policy, as tables."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.webhooks import (
    BounceEvent,
    SoftBouncePolicy,
    WebhookRejected,
    WebhookRequest,
    evaluate,
    evaluate_address,
    read_webhook,
)
from core.webhooks.classify import RULES, Signal, classify, smtp_status
from tests.core.webhooks.signing import NOW


@pytest.mark.parametrize("signal, expected", [
    (Signal("email_change"), ("email_change", False, "address change")),
    (Signal("complaint", smtp="5.1.1"), ("complaint", False, "spam complaint")),
    (Signal("unsubscribe"), ("unsubscribe", False, "unsubscribe")),
    (Signal("clicked"), ("positive", False, "positive: delivered, opened or clicked")),
    (Signal("bounce", permanent=False, escalated=True), ("hard_bounce", True, "provider suppressed the address")),
    (Signal("bounce", permanent=True, smtp="5.7.1"), ("soft_bounce", True, "smtp 5.7.x: policy rejection, sender problem")),
    (Signal("bounce", permanent=True, smtp="5.7.26"), ("soft_bounce", True, "smtp 5.7.x: policy rejection, sender problem")),
    (Signal("bounce", permanent=True, sender_side=True), ("soft_bounce", True, "provider: sender-side block")),
    (Signal("bounce", permanent=False, smtp="5.1.1"), ("hard_bounce", True, "smtp bad mailbox or domain")),
    (Signal("bounce", smtp="5.1.10"), ("hard_bounce", True, "smtp bad mailbox or domain")),
    (Signal("deferral", smtp="5.1.1"), ("hard_bounce", True, "smtp bad mailbox or domain")),
    (Signal("deferral", terminal=False, smtp="4.7.0"), ("soft_bounce", False, "deferral: provider still retrying")),
    (Signal("bounce", permanent=True, smtp="5.2.2"), ("soft_bounce", True, "smtp x.2.2: mailbox full")),
    (Signal("bounce", permanent=True, terminal=False, smtp="5.2.2"), ("soft_bounce", False, "smtp x.2.2: mailbox full")),
    (Signal("bounce", permanent=True, smtp="5.0.0"), ("hard_bounce", True, "provider: permanent bounce")),
    (Signal("bounce", permanent=False), ("soft_bounce", True, "provider: temporary bounce")),
    (Signal("bounce", smtp="550"), ("hard_bounce", True, "smtp 5.x.x: permanent failure")),
    (Signal("bounce", smtp="5.3.0"), ("hard_bounce", True, "smtp 5.x.x: permanent failure")),
    (Signal("bounce", smtp="421"), ("soft_bounce", True, "bounce of undetermined type")),
    (Signal("bounce"), ("soft_bounce", True, "bounce of undetermined type")),
    (Signal("other", smtp="5.1.1"), ("ignored", False, "not a delivery signal")),
])
def test_rule_table(signal, expected):
    assert tuple(classify(signal)) == expected


def test_every_rule_is_labelled_once_and_the_last_catches_all():
    labels = [r.label for r in RULES]
    assert len(labels) == len(set(labels))
    assert RULES[-1].when(Signal("other"))


@pytest.mark.parametrize("texts, expected", [
    (("smtp;550 5.1.1 <a@b.se>: Recipient address rejected",), "5.1.1"),
    (("550-5.7.26 This mail is unauthenticated",), "5.7.26"),
    (("dsn; 10.0.0.1 says 4.4.7",), "4.4.7"),
    (("Server version 5.1.1.2 rejected",), None),
    (("IP 192.168.5.1 blocked",), None),
    ((None, 552, ""), "552"),
    (("",), None),
])
def test_smtp_status(texts, expected):
    assert smtp_status(*texts) == expected


T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def ev(kind, day, *, msg=None, terminal=True, email="kund@example.se", n=None):
    n = n if n is not None else f"{kind}-{day}-{msg}"
    return BounceEvent(provider="brevo", email=email, kind=kind, terminal=terminal, event_id=f"e:{n}",
                       message_id=msg, occurred_at=None if day is None else T0 + timedelta(days=day),
                       rule="test", provider_event=kind)


def soft(day, msg=None, **kw):
    return ev("soft_bounce", day, msg=msg or f"m{day}", **kw)


@pytest.mark.parametrize("history, action, count, rule", [
    ([], "none", 0, "0 terminal soft bounces since the last sign of life"),
    ([ev("hard_bounce", 0)], "flag", 0, "hard bounce: flag at once"),
    ([ev("positive", 0), ev("complaint", 1), ev("positive", 2)], "flag", 0, "spam complaint: flag at once"),
    ([ev("unsubscribe", 3)], "flag", 0, "unsubscribe: flag at once"),
    ([soft(d) for d in (0, 2, 4, 6, 8)], "flag", 5, "5 terminal soft bounces over 8 days (policy: 5 over at least 7 days)"),
    ([soft(d) for d in (0, 1, 2, 3, 4)], "watch", 5, "5 terminal soft bounces within 4 days: waiting for 7 days"),
    ([soft(d) for d in (0, 2, 4, 6)], "watch", 4, "4 terminal soft bounces (flag at 5)"),
    ([soft(d) for d in (0, 2)], "none", 2, "2 terminal soft bounces since the last sign of life"),
    # Deferrals (not terminal) never count.
    ([soft(d, terminal=False) for d in range(10)], "none", 0, "0 terminal soft bounces since the last sign of life"),
    # Once per message: five soft bounces of the same message count once.
    ([soft(d, msg="same") for d in (0, 2, 4, 6, 8)], "none", 1, "1 terminal soft bounces since the last sign of life"),
    # A delivery, open or click resets the count.
    ([soft(0), soft(2), soft(4), soft(6), ev("positive", 7), soft(8)], "none", 1,
     "1 terminal soft bounces since the last sign of life"),
    ([soft(0), ev("positive", 1), soft(2), soft(4), soft(6), soft(8), soft(10)], "flag", 5,
     "5 terminal soft bounces over 8 days (policy: 5 over at least 7 days)"),
    # Order is by occurred_at, not arrival: the positive signal came before the bounces.
    ([soft(2), soft(4), soft(6), soft(8), soft(10), ev("positive", 1)], "flag", 5,
     "5 terminal soft bounces over 8 days (policy: 5 over at least 7 days)"),
    # Re-delivered events (same event_id) count once.
    ([soft(0), soft(0), soft(2), soft(2), soft(9)], "watch", 3, "3 terminal soft bounces (flag at 5)"),
    # Without times the span is unknown, so the address is watched, not flagged.
    ([soft(None, msg=f"x{i}", n=i) for i in range(6)], "watch", 6,
     "6 terminal soft bounces within an unknown time: waiting for 7 days"),
])
def test_policy_table(history, action, count, rule):
    status = evaluate_address(history)
    assert (status.action, status.soft_bounces, status.rule) == (action, count, rule)


def test_configurable_threshold_and_span():
    history = [soft(d) for d in (0, 1, 2)]
    status = evaluate_address(history, SoftBouncePolicy(threshold=3, min_span=timedelta(days=2), watch_at=2))
    assert (status.action, status.kind, status.event_ids) == ("flag", "soft_bounce", ("e:soft_bounce-0-m0", "e:soft_bounce-1-m1", "e:soft_bounce-2-m2"))
    with pytest.raises(ValueError):
        SoftBouncePolicy(threshold=3, watch_at=4)
    with pytest.raises(ValueError):
        SoftBouncePolicy(threshold=0)


def test_evaluate_groups_by_address():
    statuses = evaluate([ev("hard_bounce", 0, email="a@x.se"), soft(1, email="b@x.se"), ev("positive", 2, email="b@x.se")])
    assert {k: v.action for k, v in statuses.items()} == {"a@x.se": "flag", "b@x.se": "none"}
    with pytest.raises(ValueError):
        evaluate_address([ev("hard_bounce", 0, email="a@x.se", n=1), ev("hard_bounce", 0, email="b@x.se", n=2)])


def test_unknown_provider_and_naive_now():
    request = WebhookRequest("POST", "https://h.test/", {"Content-Type": "application/json"}, b"[]")
    with pytest.raises(WebhookRejected) as e:
        read_webhook("klaviyo", request, secrets={}, now=NOW)
    assert (e.value.code, e.value.message) == ("webhook.unknown_provider", "Rensa does not read webhooks from 'klaviyo'.")
    with pytest.raises(ValueError):
        read_webhook("sendgrid", request, secrets={}, now=datetime(2025, 3, 14))


@pytest.mark.parametrize("provider", ["mailchimp", "mandrill", "sendgrid", "mailgun", "postmark", "ses_sns", "brevo", "mailerlite"])
@pytest.mark.parametrize("body", [b"", b"\x00\xff" * 50, b"null", b'"x"', b"[[[[", b"{}" * 5000])
def test_junk_is_rejected_never_crashes(provider, body):
    """Junk bodies with every plausible content type raise WebhookRejected and nothing else."""
    codes = []
    for content_type in ("application/json", "application/x-www-form-urlencoded", "text/plain"):
        request = WebhookRequest("POST", "https://h.test/?key=k", {"Content-Type": content_type, "Authorization": "Bearer k",
                                                                 "Signature": "00", "X-Mandrill-Signature": "AA=="}, body)
        secrets = {"url_key": "k", "webhook_key": "k", "webhook_url": "u", "public_key": "MFkw", "signing_key": "k",
                   "basic_user": "u", "basic_pass": "p", "bearer_token": "k", "webhook_secret": "k",
                   "allowed_topic_arns": ["t"]}
        with pytest.raises(WebhookRejected) as e:
            read_webhook(provider, request, secrets=secrets, now=NOW)
        codes.append(e.value.code)
    assert all(code.startswith("webhook.") for code in codes)
