"""Amazon SES through SNS: RSA-signed envelopes, certificate URL checked before any fetch."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from core.webhooks import WebhookRejected, read_webhook
from tests.core.webhooks.signing import CERT_URL, NOW, TOPIC, CertFetcher, hours, sns_request, sns_sign

SECRETS = {"allowed_topic_arns": [TOPIC]}

# SES's documented bounce notification (addresses changed), as SNS delivers it.
BOUNCE = {
    "notificationType": "Bounce",
    "bounce": {"feedbackId": "000001378603177f-7a5433e7-8edb-42ae-af10-f0181f34d6ee-000000",
               "bounceType": "Permanent", "bounceSubType": "General",
               "bouncedRecipients": [
                   {"emailAddress": "Recipient1@Example.se", "action": "failed", "status": "5.0.0",
                    "diagnosticCode": "smtp; 550 user unknown"},
                   {"emailAddress": "recipient2@example.se", "action": "failed", "status": "5.1.1",
                    "diagnosticCode": "smtp; 550 5.1.1 recipient2@example.se... User unknown"}],
               "timestamp": "2025-03-14T11:59:38.605Z", "remoteMtaIp": "127.0.2.0",
               "reportingMTA": "dsn; a8-70.smtp-out.amazonses.com"},
    "mail": {"timestamp": "2025-03-14T11:59:38.000Z", "source": "news@shop.se",
             "messageId": "000001378603176d-5a4b5ad9-6f30-4198-a8c3-b1eb0c270a1d-000000",
             "destination": ["recipient1@example.se", "recipient2@example.se", "recipient3@example.se"]},
}


def notification(ses, *, message_id="22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324", at=NOW, subject=None, **overrides):
    message = {"Type": "Notification", "MessageId": message_id, "TopicArn": TOPIC,
               "Message": ses if isinstance(ses, str) else json.dumps(ses),
               "Timestamp": at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
               "UnsubscribeURL": "https://sns.eu-north-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + TOPIC + ":1"}
    if subject:
        message["Subject"] = subject
    message.update(overrides)
    return message


def confirmation(**overrides):
    message = {"Type": "SubscriptionConfirmation", "MessageId": "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
               "Token": "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736",
               "TopicArn": TOPIC,
               "Message": f"You have chosen to subscribe to the topic {TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
               "SubscribeURL": f"https://sns.eu-north-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn={TOPIC}&Token=2336412f37fb",
               "Timestamp": "2025-03-14T11:58:00.000Z"}
    message.update(overrides)
    return message


def read(req, fetcher=None, secrets=SECRETS, now=NOW):
    return read_webhook("ses_sns", req, secrets=secrets, now=now, fetch_cert=fetcher or CertFetcher())


@pytest.mark.parametrize("version", ["1", "2"])
def test_bounce_notification(version):
    fetcher = CertFetcher()
    result = read(sns_request(sns_sign(notification(BOUNCE), version=version)), fetcher)
    assert fetcher.calls == [CERT_URL]
    got = [(e.email, e.kind, e.rule, e.event_id, e.provider_event) for e in result.events]
    feedback = "000001378603177f-7a5433e7-8edb-42ae-af10-f0181f34d6ee-000000"
    assert got == [
        ("recipient1@example.se", "hard_bounce", "provider: permanent bounce", f"ses_sns:{feedback}:recipient1@example.se", "Bounce/Permanent/General"),
        ("recipient2@example.se", "hard_bounce", "smtp bad mailbox or domain", f"ses_sns:{feedback}:recipient2@example.se", "Bounce/Permanent/General"),
    ]
    assert result.events[0].occurred_at == datetime(2025, 3, 14, 11, 59, 38, 605000, tzinfo=UTC)
    assert result.events[0].reason == "smtp; 550 user unknown"
    assert result.events[0].message_id == "000001378603176d-5a4b5ad9-6f30-4198-a8c3-b1eb0c270a1d-000000"


def test_subject_is_signed_when_present():
    signed = sns_sign(notification(BOUNCE, subject="Amazon SES Email Event Notification"))
    assert len(read(sns_request(signed)).events) == 2
    forged = dict(signed, Subject="Something else")
    with pytest.raises(WebhookRejected) as e:
        read(sns_request(forged))
    assert e.value.code == "webhook.bad_signature"


@pytest.mark.parametrize("ses, expected", [
    ({"notificationType": "Bounce", "mail": BOUNCE["mail"],
      "bounce": {"feedbackId": "f-2", "bounceType": "Transient", "bounceSubType": "MailboxFull",
                 "bouncedRecipients": [{"emailAddress": "full@example.se", "status": "4.2.2", "action": "failed",
                                        "diagnosticCode": "smtp; 452 4.2.2 Mailbox full"}],
                 "timestamp": "2025-03-14T11:59:38.605Z"}},
     [("full@example.se", "soft_bounce", True, "smtp x.2.2: mailbox full")]),
    ({"notificationType": "Bounce", "mail": BOUNCE["mail"],
      "bounce": {"feedbackId": "f-3", "bounceType": "Permanent", "bounceSubType": "OnAccountSuppressionList",
                 "bouncedRecipients": [{"emailAddress": "known@example.se"}], "timestamp": "2025-03-14T11:59:38.605Z"}},
     [("known@example.se", "hard_bounce", True, "provider suppressed the address")]),
    ({"notificationType": "Bounce", "mail": BOUNCE["mail"],
      "bounce": {"feedbackId": "f-4", "bounceType": "Undetermined", "bounceSubType": "Undetermined",
                 "bouncedRecipients": [{"emailAddress": "who@example.se"}], "timestamp": "2025-03-14T11:59:38.605Z"}},
     [("who@example.se", "soft_bounce", True, "bounce of undetermined type")]),
    ({"notificationType": "Complaint", "mail": BOUNCE["mail"],
      "complaint": {"userAgent": "AnyCompany Feedback Loop (V0.01)", "complainedRecipients": [{"emailAddress": "recipient1@example.se"}],
                    "complaintFeedbackType": "abuse", "arrivalDate": "2025-03-14T11:59:38.605Z",
                    "timestamp": "2025-03-14T11:59:38.623Z", "feedbackId": "f-5"}},
     [("recipient1@example.se", "complaint", False, "spam complaint")]),
    ({"notificationType": "Complaint", "mail": BOUNCE["mail"],
      "complaint": {"complainedRecipients": [{"emailAddress": "recipient1@example.se"}], "complaintFeedbackType": "not-spam",
                    "timestamp": "2025-03-14T11:59:38.623Z", "feedbackId": "f-6"}},
     [("recipient1@example.se", "ignored", False, "not a delivery signal")]),
    ({"notificationType": "Delivery", "mail": BOUNCE["mail"],
      "delivery": {"timestamp": "2025-03-14T11:59:38.623Z", "processingTimeMillis": 546,
                   "recipients": ["recipient3@example.se"], "smtpResponse": "250 ok:  Message 64111812 accepted",
                   "reportingMTA": "a8-70.smtp-out.amazonses.com", "remoteMtaIp": "127.0.2.0"}},
     [("recipient3@example.se", "positive", False, "positive: delivered, opened or clicked")]),
    ({"eventType": "DeliveryDelay", "mail": BOUNCE["mail"],
      "deliveryDelay": {"timestamp": "2025-03-14T11:59:38.623Z", "delayType": "TransientCommunicationFailure",
                        "expirationTime": "2025-03-15T11:59:38.623Z",
                        "delayedRecipients": [{"emailAddress": "slow@example.se", "status": "4.4.7",
                                               "diagnosticCode": "smtp; 421 4.4.7 Delivery time expired"}]}},
     [("slow@example.se", "soft_bounce", False, "deferral: provider still retrying")]),
    ({"eventType": "Open", "mail": dict(BOUNCE["mail"], destination=["Reader <reader@example.se>"]),
      "open": {"ipAddress": "192.0.2.1", "timestamp": "2025-03-14T11:59:38.623Z", "userAgent": "Mozilla/5.0"}},
     [("reader@example.se", "positive", False, "positive: delivered, opened or clicked")]),
])
def test_ses_event_kinds(ses, expected):
    result = read(sns_request(sns_sign(notification(ses))))
    assert [(e.email, e.kind, e.terminal, e.rule) for e in result.events] == expected


def test_subscription_confirmation_returns_url_only_after_checks():
    fetcher = CertFetcher()
    result = read(sns_request(sns_sign(confirmation())), fetcher)
    assert result.events == [] and fetcher.calls == [CERT_URL]
    assert result.handshake.action == "confirm_subscription"
    assert result.handshake.confirm_url.startswith("https://sns.eu-north-1.amazonaws.com/?Action=ConfirmSubscription")
    with pytest.raises(WebhookRejected) as e:  # a forged confirmation gets no URL visited
        read(sns_request(dict(sns_sign(confirmation()), SubscribeURL="https://evil.test/confirm")))
    assert e.value.code == "webhook.bad_signature"
    with pytest.raises(WebhookRejected) as e:  # even correctly signed, the URL must point at SNS
        read(sns_request(sns_sign(confirmation(SubscribeURL="https://evil.test/confirm"))))
    assert (e.value.code, e.value.message) == ("webhook.untrusted_cert_url", "The SubscribeURL is not an Amazon SNS https URL.")


def test_unsubscribe_confirmation_and_plain_text_message():
    unsub = read(sns_request(sns_sign(confirmation(Type="UnsubscribeConfirmation"))))
    assert unsub.handshake.action == "unsubscribed"
    text = read(sns_request(sns_sign(notification("Successfully validated SNS topic for Amazon SES event destination"))))
    assert (text.events, text.handshake) == ([], None)


@pytest.mark.parametrize("url, message", [
    ("http://sns.eu-north-1.amazonaws.com/cert.pem", "The signing certificate URL is not plain https."),
    ("https://sns.eu-north-1.amazonaws.com.evil.test/cert.pem", "The signing certificate is not on an Amazon SNS host."),
    ("https://evil.test/sns.eu-north-1.amazonaws.com/cert.pem", "The signing certificate is not on an Amazon SNS host."),
    ("https://s3.amazonaws.com/cert.pem", "The signing certificate is not on an Amazon SNS host."),
    ("https://user@sns.eu-north-1.amazonaws.com/cert.pem", "The signing certificate URL is not plain https."),
    ("https://sns.eu-north-1.amazonaws.com:8443/cert.pem", "The signing certificate URL is not plain https."),
    ("https://sns.eu-north-1.amazonaws.com:99999/cert.pem", "The signing certificate URL is not plain https."),
])
def test_untrusted_cert_url_is_never_fetched(url, message):
    fetcher = CertFetcher()
    with pytest.raises(WebhookRejected) as e:
        read(sns_request(sns_sign(notification(BOUNCE)) | {"SigningCertURL": url}), fetcher)
    assert (e.value.code, e.value.message, fetcher.calls) == ("webhook.untrusted_cert_url", message, [])


def test_cn_region_host_is_trusted():
    signed = sns_sign(dict(notification(BOUNCE, TopicArn="arn:aws-cn:sns:cn-north-1:123456789012:b"),
                           SigningCertURL="https://sns.cn-north-1.amazonaws.com.cn/c.pem"))
    result = read(sns_request(signed), secrets={"allowed_topic_arns": ["arn:aws-cn:sns:cn-north-1:123456789012:b"]})
    assert len(result.events) == 2


def _tampered():
    signed = sns_sign(notification(BOUNCE))
    return dict(signed, Message=signed["Message"].replace("Permanent", "Transient"))


@pytest.mark.parametrize("message, fetcher, now, code, text", [
    (_tampered(), CertFetcher(), NOW, "webhook.bad_signature", "The SNS signature does not match the message."),
    (sns_sign(notification(BOUNCE), key=1), CertFetcher(0), NOW, "webhook.bad_signature",
     "The SNS signature does not match the message."),
    (sns_sign(notification(BOUNCE, TopicArn="arn:aws:sns:eu-north-1:999999999999:other")), CertFetcher(), NOW,
     "webhook.unexpected_topic", "The topic arn:aws:sns:eu-north-1:999999999999:other is not linked to this connection."),
    (sns_sign(notification(BOUNCE, at=NOW - hours(2))), CertFetcher(), NOW, "webhook.stale",
     "The webhook was signed 2 h 0 min ago; at most 1 h 5 min is accepted."),
    ({k: v for k, v in sns_sign(notification(BOUNCE)).items() if k != "Signature"}, CertFetcher(), NOW,
     "webhook.missing_signature", "The SNS message has no Signature."),
    (sns_sign(notification(BOUNCE)) | {"SignatureVersion": "3"}, CertFetcher(), NOW, "webhook.bad_signature",
     "SignatureVersion '3' is not supported."),
    ({"Type": "Notification", "Message": "{}"}, CertFetcher(), NOW, "webhook.missing_signature",
     "The SNS message has no Signature or SigningCertURL."),
    ({"Type": "Whatever"}, CertFetcher(), NOW, "webhook.malformed", "The body is not an SNS message."),
    (sns_sign(notification(BOUNCE)) | {"MessageId": None}, CertFetcher(), NOW, "webhook.malformed",
     "The SNS message lacks MessageId."),
    (sns_sign(notification({"notificationType": "Bounce", "bounce": {"bounceType": "Permanent"}, "mail": {}})),
     CertFetcher(), NOW, "webhook.malformed", "The SES notification is unreadable: unreadable event: KeyError: 'bouncedRecipients'."),
])
def test_rejected(message, fetcher, now, code, text):
    with pytest.raises(WebhookRejected) as e:
        read(sns_request(message), fetcher, now=now)
    assert (e.value.code, e.value.message) == (code, text)


def test_topic_checked_before_certificate_fetch():
    fetcher = CertFetcher()
    with pytest.raises(WebhookRejected):
        read(sns_request(sns_sign(notification(BOUNCE))), fetcher, secrets={"allowed_topic_arns": ["arn:aws:sns:x:1:y"]})
    assert fetcher.calls == []


def test_wrong_content_type_and_json_accepted():
    signed = sns_sign(notification(BOUNCE))
    assert len(read(sns_request(signed, content_type="application/json")).events) == 2
    with pytest.raises(WebhookRejected) as e:
        read(sns_request(signed, content_type="application/x-www-form-urlencoded"))
    assert e.value.code == "webhook.wrong_content_type"


def test_retry_keeps_ids_and_recipients_differ():
    first = read(sns_request(sns_sign(notification(BOUNCE))))
    retry = read(sns_request(sns_sign(notification(BOUNCE))), now=NOW + hours(0.5))
    assert [e.event_id for e in first.events] == [e.event_id for e in retry.events]
    assert len({e.event_id for e in first.events}) == 2
