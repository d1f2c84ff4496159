"""MailerLite webhooks: JSON signed with hex HMAC-SHA256 in the ``Signature`` header.

The signature is ``hash_hmac('sha256', $rawBody, $secret)`` over the raw body.
MailerLite tells no hard from soft: ``subscriber.bounced`` fires when it has
set the subscriber to bounced, so Rensa treats it as MailerLite's own
escalation (hard). Batchable webhooks wrap events in ``{"events": [...]}``;
the classic API nests the subscriber in ``data.subscriber``. No event id is
sent, so the id hashes event name, subscriber id/address and update time.

More information:

* https://developers.mailerlite.com/docs/webhooks
* https://developers-classic.mailerlite.com/docs/webhooks

>>> sign("ybmcD7PQ9R", b'{"email":"a@b.se"}')
'8dafaa0454429c72184429c7a36344b51fa21a324747c174dff720ab334c3f3d'
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from core.webhooks import _common as c
from core.webhooks.classify import Signal
from core.webhooks.models import FetchCert, WebhookRequest, WebhookResult

PROVIDER = "mailerlite"

_SIGNALS = {
    "subscriber.bounced": Signal("bounce", permanent=True, escalated=True),
    "subscriber.spam_reported": Signal("complaint"),
    "subscriber.complaint": Signal("complaint"),
    "subscriber.unsubscribed": Signal("unsubscribe"),
    "subscriber.unsubscribe": Signal("unsubscribe"),
    "campaign.open": Signal("opened"),
    "campaign.click": Signal("clicked"),
}


def sign(secret: str, body: bytes) -> str:
    """MailerLite's signature of a raw body."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def read(
    request: WebhookRequest, *, secrets: dict, now: datetime, fetch_cert: FetchCert | None = None
) -> WebhookResult:
    """Verify the HMAC over the raw body, then read the event or each event of a batch."""
    c.require_method(request, "POST")
    c.require_content_type(request, "application/json")
    given = request.header("signature")
    if not given:
        raise c.reject("webhook.missing_signature", "The request has no Signature header.")
    if not c.same(given.strip().lower(), sign(c.secret(secrets, "webhook_secret", PROVIDER), request.body)):
        raise c.reject("webhook.bad_signature", "The MailerLite signature does not match the body and secret.")
    payload = c.parse_json(request.body)
    if isinstance(payload, dict) and isinstance(payload.get("events"), list):
        events, skipped = c.read_batch(payload["events"], _read_event)
        return WebhookResult(provider=PROVIDER, events=events, skipped=skipped)
    if isinstance(payload, dict):
        events, skipped = c.read_batch([payload], _read_event)
        if skipped:
            raise c.reject("webhook.malformed", f"The MailerLite event is unreadable: {skipped[0].reason}.")
        return WebhookResult(provider=PROVIDER, events=events)
    raise c.reject("webhook.malformed", "The MailerLite body is not a JSON object.")


def _read_event(item: dict) -> list:
    data: dict = item["data"] if isinstance(item.get("data"), dict) else {}
    subscriber = item.get("subscriber") or data.get("subscriber") or item
    name = item.get("event") or item.get("type")
    if not isinstance(name, str):
        # A bare subscriber object: its status is the only hint of what happened.
        name = c.lookup({"bounced": "subscriber.bounced", "junk": "subscriber.spam_reported"},
                        subscriber.get("status"), "")
        if not name:
            raise c.BadEvent("the event has no 'event' or 'type' name")
    email = subscriber.get("email")
    at = item.get("timestamp") or subscriber.get("updated_at") or subscriber.get("date_updated")
    occurred = c.from_unix(at) if isinstance(at, (int, float)) else (c.from_iso(at) if at else None)
    return [
        c.build(
            PROVIDER,
            _SIGNALS.get(name, Signal("other")),
            email=email,
            event_id=c.content_id(PROVIDER, name, subscriber.get("id"), str(email).strip().lower(), at),
            provider_event=name,
            occurred_at=occurred,
            reason=subscriber.get("status"),
        )
    ]
