"""SendGrid Event Webhook: JSON batches signed with ECDSA P-256 / SHA-256.

SendGrid signs ``X-Twilio-Email-Event-Webhook-Timestamp`` + the raw body bytes
(trailing CRLF included) and sends the base64 DER signature in
``X-Twilio-Email-Event-Webhook-Signature``; the public key is the base64 DER
SubjectPublicKeyInfo shown in Mail Settings. SendGrid retries for up to 24 h
and duplicates are common, so ``sg_event_id`` is the event id.

More information:

* https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event
* https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features

>>> from datetime import datetime, timezone
>>> body = (b'[{"email":"hello@world.com","event":"dropped","reason":"Bounced Address",'
...         b'"sg_event_id":"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA",'
...         b'"sg_message_id":"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0",'
...         b'"smtp-id":"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>","timestamp":1600112492}]\\r\\n')
>>> req = WebhookRequest("POST", "https://h.test/", {
...     "Content-Type": "application/json",
...     "X-Twilio-Email-Event-Webhook-Signature": "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=",
...     "X-Twilio-Email-Event-Webhook-Timestamp": "1600112502"}, body)
>>> key = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g=="
>>> ev = read(req, secrets={"public_key": key}, now=datetime(2020, 9, 14, 20, tzinfo=timezone.utc)).events[0]
>>> (ev.kind, ev.rule, ev.event_id)
('hard_bounce', 'provider suppressed the address', 'sendgrid:ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA')
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key

from core.webhooks import _common as c
from core.webhooks.classify import Signal, smtp_status
from core.webhooks.models import BounceEvent, FetchCert, WebhookRequest, WebhookResult

PROVIDER = "sendgrid"
#: SendGrid retries for up to 24 h; whether a retry is re-signed is undocumented.
MAX_AGE = timedelta(hours=24)
SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp"

_SIGNALS = {
    "deferred": Signal("deferral", permanent=False, terminal=False),
    "delivered": Signal("delivered"),
    "open": Signal("opened"),
    "click": Signal("clicked"),
    "spamreport": Signal("complaint"),
    "unsubscribe": Signal("unsubscribe"),
    "group_unsubscribe": Signal("unsubscribe"),
}
_DROPPED = {
    "Bounced Address": Signal("bounce", permanent=True, escalated=True),
    "Invalid": Signal("bounce", permanent=True, escalated=True),
    "Unsubscribed Address": Signal("unsubscribe"),
    "Spam Reporting Address": Signal("complaint"),
}
#: ``bounce_classification`` values that blame the sender, not the address.
_SENDER_SIDE = frozenset({"Content", "Reputation", "Frequency or Volume Too High", "Technical"})


def _verify(request: WebhookRequest, secrets: dict, now: datetime) -> None:
    signature, stamp = request.header(SIGNATURE_HEADER), request.header(TIMESTAMP_HEADER)
    if not signature or not stamp:
        raise c.reject("webhook.missing_signature", f"The request has no {SIGNATURE_HEADER} or {TIMESTAMP_HEADER}.")
    try:
        key = load_der_public_key(base64.b64decode(c.secret(secrets, "public_key", PROVIDER)))
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise ValueError("not an EC key")
    except (ValueError, binascii.Error) as e:
        raise c.reject("webhook.not_configured", "The SendGrid verification key is not a base64 DER EC key.") from e
    try:
        key.verify(base64.b64decode(signature), stamp.encode() + request.body, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, binascii.Error) as e:
        raise c.reject("webhook.bad_signature", "The SendGrid signature does not match the body and key.") from e
    try:
        at = c.from_unix(stamp)
    except ValueError as e:
        raise c.reject("webhook.malformed", f"{TIMESTAMP_HEADER} is not a Unix time.") from e
    c.check_fresh(at, now, MAX_AGE)


def read(
    request: WebhookRequest, *, secrets: dict, now: datetime, fetch_cert: FetchCert | None = None
) -> WebhookResult:
    """Verify the ECDSA signature and timestamp, then read each event of the batch."""
    c.require_method(request, "POST")
    c.require_content_type(request, "application/json")
    _verify(request, secrets, now)
    batch = c.parse_json(request.body)
    if not isinstance(batch, list):
        raise c.reject("webhook.malformed", "The SendGrid body is not a JSON array of events.")
    events, skipped = c.read_batch(batch, _read_event)
    return WebhookResult(provider=PROVIDER, events=events, skipped=skipped)


def _signal(item: dict) -> Signal:
    name, reason = item.get("event"), item.get("reason") or item.get("response")
    smtp = smtp_status(item.get("status"), reason)
    if name == "bounce":
        # type "bounce" lands on SendGrid's bounce list; "blocked" is a soft, final failure.
        return Signal(
            "bounce",
            permanent=item.get("type") != "blocked",
            sender_side=item.get("bounce_classification") in _SENDER_SIDE,
            smtp=smtp,
        )
    if name == "dropped":
        return c.lookup(_DROPPED, item.get("reason"), Signal("other"))
    base = c.lookup(_SIGNALS, name, Signal("other"))
    return Signal(base.event, base.permanent, base.terminal, smtp=smtp)


def _read_event(item: dict) -> list[BounceEvent]:
    name = item.get("event")
    if not isinstance(name, str):
        raise c.BadEvent("the event has no 'event' name")
    sg_id = item.get("sg_event_id")
    return [
        c.build(
            PROVIDER,
            _signal(item),
            email=item.get("email"),
            event_id=f"{PROVIDER}:{sg_id}" if sg_id else c.content_id(PROVIDER, item),
            provider_event=f"{name}/{item['type']}" if name == "bounce" and item.get("type") else name,
            message_id=item.get("sg_message_id") or item.get("smtp-id"),
            occurred_at=c.from_unix(item["timestamp"]) if "timestamp" in item else None,
            reason=" ".join(str(p) for p in (item.get("status"), item.get("reason") or item.get("response")) if p)
            or None,
        )
    ]
