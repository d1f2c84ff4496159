"""Amazon SES notifications delivered by SNS over HTTPS.

SNS signs a canonical ``key\\nvalue\\n`` list with RSA PKCS#1 v1.5 (SHA1 for
``SignatureVersion`` 1, SHA256 for 2) using the certificate at
``SigningCertURL``. That URL is checked *before* anything is fetched: https,
no credentials or odd port, host ``sns.<region>.amazonaws.com(.cn)``. The topic
must be on the connection's allow-list. A ``SubscriptionConfirmation`` becomes a
handshake carrying the ``SubscribeURL`` to visit, only after those checks and
the signature pass. The SES event (``notificationType`` or ``eventType``) sits,
JSON-encoded, in ``Message``.

More information:

* https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
* https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html

>>> check_cert_url("https://sns.eu-north-1.amazonaws.com/SimpleNotificationService-abc.pem")
>>> check_cert_url("https://sns.eu-north-1.amazonaws.com.evil.test/cert.pem")
Traceback (most recent call last):
core.webhooks.models.WebhookRejected: The signing certificate is not on an Amazon SNS host.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from core.webhooks import _common as c
from core.webhooks.classify import Signal, smtp_status
from core.webhooks.models import BounceEvent, Handshake, WebhookRequest, WebhookResult

PROVIDER = "ses_sns"
#: SNS retries within an hour of publishing and keeps the original Timestamp.
MAX_AGE = timedelta(hours=1, minutes=5)

_HOST = re.compile(r"^sns\.[a-z0-9\-]{3,}\.amazonaws\.com(\.cn)?$")
_SIGNED_KEYS = {
    "Notification": ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
    "SubscriptionConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
    "UnsubscribeConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
}
_HASHES = {"1": hashes.SHA1, "2": hashes.SHA256}


def check_cert_url(url: object) -> None:
    """Refuse any certificate URL that is not https on an Amazon SNS host."""
    try:
        parts = urlsplit(url) if isinstance(url, str) else None
        port = parts.port if parts else None
    except ValueError:
        parts = port = None
    if parts is None or parts.scheme != "https" or parts.username or parts.password or port not in (None, 443):
        raise c.reject("webhook.untrusted_cert_url", "The signing certificate URL is not plain https.")
    if not _HOST.match(parts.hostname or ""):
        raise c.reject("webhook.untrusted_cert_url", "The signing certificate is not on an Amazon SNS host.")


def canonical(message: dict) -> bytes:
    """The bytes SNS signs: ``key\\nvalue\\n`` for the type's keys, absent optional keys left out."""
    keys = _SIGNED_KEYS[message["Type"]]
    return "".join(f"{k}\n{message[k]}\n" for k in keys if k in message).encode()


def _verify(message: dict, fetch_cert: Callable[[str], bytes] | None) -> None:
    version = str(message.get("SignatureVersion", ""))
    if version not in _HASHES:
        raise c.reject("webhook.bad_signature", f"SignatureVersion {version!r} is not supported.")
    if fetch_cert is None:
        raise c.reject("webhook.not_configured", "No certificate fetcher was given for SNS messages.")
    try:
        cert = x509.load_pem_x509_certificate(fetch_cert(message["SigningCertURL"]))
        key = cert.public_key()
    except ValueError as e:
        raise c.reject("webhook.bad_signature", "The signing certificate cannot be read.") from e
    if not isinstance(key, rsa.RSAPublicKey):
        raise c.reject("webhook.bad_signature", "The signing certificate does not hold an RSA key.")
    try:
        signature = base64.b64decode(message["Signature"], validate=True)
        key.verify(signature, canonical(message), padding.PKCS1v15(), _HASHES[version]())
    except (InvalidSignature, binascii.Error, ValueError) as e:
        raise c.reject("webhook.bad_signature", "The SNS signature does not match the message.") from e


def read(
    request: WebhookRequest, *, secrets: dict, now: datetime, fetch_cert: Callable[[str], bytes] | None = None
) -> WebhookResult:
    """Check certificate URL, topic, freshness and signature; then confirm, or read the SES event."""
    c.require_method(request, "POST")
    c.require_content_type(request, "text/plain", "application/json")
    message = c.parse_json(request.body)
    if not isinstance(message, dict) or message.get("Type") not in _SIGNED_KEYS:
        raise c.reject("webhook.malformed", "The body is not an SNS message.")
    missing = [k for k in ("Signature", "SigningCertURL") if not message.get(k)]
    if missing:
        raise c.reject("webhook.missing_signature", f"The SNS message has no {' or '.join(missing)}.")
    required = [k for k in _SIGNED_KEYS[message["Type"]] if k != "Subject" and not isinstance(message.get(k), str)]
    if required:
        raise c.reject("webhook.malformed", f"The SNS message lacks {', '.join(required)}.")
    check_cert_url(message["SigningCertURL"])
    allowed = c.secret(secrets, "allowed_topic_arns", PROVIDER)
    allowed = [allowed] if isinstance(allowed, str) else allowed  # one ARN, or a list of whole ARNs
    if not any(isinstance(arn, str) and c.same(arn, message["TopicArn"]) for arn in allowed):
        raise c.reject("webhook.unexpected_topic", f"The topic {message['TopicArn']} is not linked to this connection.")
    try:
        sent_at = c.from_iso(message["Timestamp"])
    except ValueError as e:
        raise c.reject("webhook.malformed", "The SNS Timestamp is not a date.") from e
    c.check_fresh(sent_at, now, MAX_AGE)
    _verify(message, fetch_cert)

    if message["Type"] == "SubscriptionConfirmation":
        check_confirm_url(message["SubscribeURL"])
        handshake = Handshake(action="confirm_subscription", confirm_url=message["SubscribeURL"],
                              detail=f"Confirm the subscription to {message['TopicArn']}")
        return WebhookResult(provider=PROVIDER, handshake=handshake)
    if message["Type"] == "UnsubscribeConfirmation":
        return WebhookResult(provider=PROVIDER, handshake=Handshake(action="unsubscribed", detail=message["TopicArn"]))
    try:
        ses = json.loads(message["Message"])
    except (ValueError, RecursionError, TypeError):
        ses = None
    if not isinstance(ses, dict):  # e.g. "Successfully validated SNS topic for Amazon SES event destination"
        return WebhookResult(provider=PROVIDER)
    events, skipped = c.read_batch([ses], lambda item: _read_ses(item, message["MessageId"], sent_at))
    if skipped:
        raise c.reject("webhook.malformed", f"The SES notification is unreadable: {skipped[0].reason}.")
    return WebhookResult(provider=PROVIDER, events=events)


def check_confirm_url(url: str) -> None:
    """The SubscribeURL must also point at SNS itself over https, or nothing is visited."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not _HOST.match(parts.hostname or "") or parts.username:
        raise c.reject("webhook.untrusted_cert_url", "The SubscribeURL is not an Amazon SNS https URL.")


def _read_ses(ses: dict, sns_id: str, sent_at: datetime) -> list[BounceEvent]:
    kind = ses.get("notificationType") or ses.get("eventType")
    mail = ses.get("mail") or {}
    message_id = mail.get("messageId")

    def event(email: str, signal: Signal, name: str, feedback: str | None, reason: Any = None,
              at: str | None = None) -> BounceEvent:
        address = c.normalize_email(email)
        return c.build(
            PROVIDER, signal, email=address, provider_event=name, message_id=message_id,
            event_id=f"{PROVIDER}:{feedback or sns_id}:{address}",
            occurred_at=c.from_iso(at) if at else sent_at, reason=reason,
        )

    if kind == "Bounce":
        bounce = ses["bounce"]
        btype, sub = bounce.get("bounceType"), bounce.get("bounceSubType")
        escalated = sub in ("Suppressed", "OnAccountSuppressionList")
        permanent = {"Permanent": True, "Transient": False}.get(btype)
        return [
            event(
                r["emailAddress"],
                Signal("bounce", permanent=permanent, terminal=True, escalated=escalated,
                       smtp=smtp_status(r.get("status"), r.get("diagnosticCode"))),
                f"Bounce/{btype}/{sub}", bounce.get("feedbackId"),
                reason=r.get("diagnosticCode") or r.get("status") or f"{btype} {sub}", at=bounce.get("timestamp"),
            )
            for r in bounce["bouncedRecipients"]
        ]
    if kind == "Complaint":
        complaint = ses["complaint"]
        ftype = complaint.get("complaintFeedbackType")
        # "not-spam" is the recipient taking a spam verdict back, not a complaint.
        signal = Signal("other") if ftype == "not-spam" else Signal("complaint")
        return [
            event(r["emailAddress"], signal, f"Complaint/{ftype}" if ftype else "Complaint",
                  complaint.get("feedbackId"), reason=ftype, at=complaint.get("timestamp"))
            for r in complaint["complainedRecipients"]
        ]
    if kind == "DeliveryDelay":
        delay = ses["deliveryDelay"]
        return [
            event(r["emailAddress"], Signal("deferral", permanent=False, terminal=False,
                                            smtp=smtp_status(r.get("status"), r.get("diagnosticCode"))),
                  f"DeliveryDelay/{delay.get('delayType')}", None,
                  reason=r.get("diagnosticCode") or delay.get("delayType"), at=delay.get("timestamp"))
            for r in delay["delayedRecipients"]
        ]
    if kind == "Delivery":
        delivery = ses["delivery"]
        return [event(a, Signal("delivered"), "Delivery", None, reason=delivery.get("smtpResponse"),
                      at=delivery.get("timestamp")) for a in delivery["recipients"]]
    signal = c.lookup({"Open": Signal("opened"), "Click": Signal("clicked")}, kind, Signal("other"))
    detail = ses.get(str(kind).lower()) or {}
    return [event(a, signal, str(kind), None, at=detail.get("timestamp")) for a in mail.get("destination", [])]
