"""Postmark webhooks: one JSON record per POST, HTTP Basic credentials in the URL.

Postmark signs nothing; the webhook URL carries ``https://user:pass@host/...`` and
Rensa checks the Basic credentials in constant time. Bounces carry Postmark's
``TypeCode``; ``Inactive: true`` means Postmark itself stopped sending to the address.

More information:

* https://postmarkapp.com/developer/webhooks/webhooks-overview
* https://postmarkapp.com/developer/api/bounce-api#bounce-types

>>> from datetime import datetime, timezone
>>> body = b'{"RecordType":"Bounce","ID":4323372036854775807,"Type":"HardBounce","TypeCode":1,"MessageID":"883953f4-6105-42a2-a16a-77a8eac79483","Email":"Anything@example.com","BouncedAt":"2019-11-05T16:33:54.9070259Z","Details":"550 5.1.1 user unknown","Inactive":true}'
>>> req = WebhookRequest("POST", "https://h.test/", {"Content-Type": "application/json",
...                      "Authorization": "Basic cG9zdDpoNHJk"}, body)
>>> ev = read(req, secrets={"basic_user": "post", "basic_pass": "h4rd"}, now=datetime.now(timezone.utc)).events[0]
>>> (ev.email, ev.kind, ev.event_id)
('anything@example.com', 'hard_bounce', 'postmark:bounce:4323372036854775807')
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from core.webhooks import _common as c
from core.webhooks.classify import Signal, smtp_status
from core.webhooks.models import FetchCert, WebhookRequest, WebhookResult

PROVIDER = "postmark"

#: Bounce ``TypeCode`` -> signal (Postmark's bounce-type table).
_BOUNCE_TYPES = {
    1: Signal("bounce", permanent=True),  # HardBounce
    2: Signal("deferral", permanent=False, terminal=False),  # Transient: still retrying
    16: Signal("unsubscribe"),  # Unsubscribe
    256: Signal("bounce", permanent=False, terminal=True),  # DnsError
    512: Signal("complaint"),  # SpamNotification
    4096: Signal("bounce", permanent=False, terminal=True),  # SoftBounce
    100000: Signal("bounce", permanent=True),  # BadEmailAddress
    100001: Signal("complaint"),  # SpamComplaint
    100006: Signal("bounce", permanent=False, terminal=True, sender_side=True),  # Blocked
    100009: Signal("bounce", permanent=False, terminal=True, sender_side=True),  # DMARCPolicy
}
_RECORDS = {"Delivery": Signal("delivered"), "Open": Signal("opened"), "Click": Signal("clicked")}
_SUPPRESSION = {
    "HardBounce": Signal("bounce", permanent=True, escalated=True),
    "SpamComplaint": Signal("complaint"),
    "ManualSuppression": Signal("unsubscribe"),
}


def check_basic(request: WebhookRequest, user: str, password: str, provider: str) -> None:
    """Constant-time check of HTTP Basic credentials."""
    header = request.header("authorization") or ""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic" or not token:
        raise c.reject("webhook.missing_credentials", f"The {provider} request has no Basic credentials.")
    try:
        given_user, sep, given_pass = base64.b64decode(token.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError) as e:
        raise c.reject("webhook.bad_credentials", "The Basic credentials are not readable.") from e
    ok_user, ok_pass = c.same(given_user, user), c.same(given_pass, password)
    if not (sep and ok_user and ok_pass):
        raise c.reject("webhook.bad_credentials", f"The {provider} webhook credentials are wrong.")


def read(
    request: WebhookRequest, *, secrets: dict, now: datetime, fetch_cert: FetchCert | None = None
) -> WebhookResult:
    """Check the Basic credentials, then read the one record."""
    c.require_method(request, "POST")
    check_basic(request, c.secret(secrets, "basic_user", PROVIDER), c.secret(secrets, "basic_pass", PROVIDER), PROVIDER)
    c.require_content_type(request, "application/json")
    record = c.parse_json(request.body)
    if not isinstance(record, dict) or not isinstance(record.get("RecordType"), str):
        raise c.reject("webhook.malformed", "The Postmark body is not a record with a RecordType.")
    events, skipped = c.read_batch([record], _read_record)
    if skipped:
        raise c.reject("webhook.malformed", f"The Postmark record is unreadable: {skipped[0].reason}.")
    return WebhookResult(provider=PROVIDER, events=events)


def _read_record(record: dict) -> list:
    kind = record["RecordType"]
    if kind in ("Bounce", "SpamComplaint"):
        base = c.lookup(_BOUNCE_TYPES, record.get("TypeCode"), Signal("other"))
        escalated = bool(record.get("Inactive")) and base.event == "bounce"
        signal = Signal(base.event, base.permanent, base.terminal, escalated, base.sender_side,
                        smtp_status(record.get("Details"), record.get("Description")))
        event_id = f"{PROVIDER}:bounce:{record['ID']}" if record.get("ID") is not None else None
        email, at = record.get("Email"), record.get("BouncedAt")
        provider_event = f"{kind}/{record.get('Type')}"
        reason = record.get("Details") or record.get("Description")
    elif kind == "SubscriptionChange":
        reason = record.get("SuppressionReason")
        signal = c.lookup(_SUPPRESSION, reason, Signal("other")) if record.get("SuppressSending") else Signal("other")
        event_id, email, at = None, record.get("Recipient"), record.get("ChangedAt")
        provider_event = f"{kind}/{reason if record.get('SuppressSending') else 'Reactivated'}"
    else:
        signal, event_id, email, reason, provider_event = _RECORDS.get(kind, Signal("other")), None, None, None, kind
        email = record.get("Recipient") or record.get("Email")
        at = record.get("DeliveredAt") or record.get("ReceivedAt")
    return [
        c.build(
            PROVIDER,
            signal,
            email=email,
            event_id=event_id or c.content_id(PROVIDER, kind, record.get("MessageID"), email, at),
            provider_event=provider_event,
            message_id=record.get("MessageID"),
            occurred_at=c.from_iso(at) if at else None,
            reason=reason,
        )
    ]
