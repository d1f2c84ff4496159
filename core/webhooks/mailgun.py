"""Mailgun webhooks (v3): one JSON event per request, HMAC-SHA256 signature object in the body.

``signature.signature`` is hex HMAC-SHA256, keyed with the HTTP webhook signing
key (not the API key), over ``timestamp`` + ``token``. Temporary failures are
retried for up to 8 h and then reported as a permanent ``failed`` with reason
``old``: that is Mailgun giving up on a soft bounce, not a hard bounce.

More information:

* https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks
* https://documentation.mailgun.com/docs/mailgun/user-manual/events/

>>> sign("key-7c4e6d51a2b0", "1699999999", "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0")
'098b48c9c537b52f9ef45afc5f5ea70d5b3c60df2d3a7d12d114d587b0197f15'
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta

from core.webhooks import _common as c
from core.webhooks.classify import Signal, smtp_status
from core.webhooks.models import FetchCert, Nonce, WebhookRequest, WebhookResult

PROVIDER = "mailgun"
#: Mailgun retries a failed webhook for about 8 h; replays are also caught by the event id.
MAX_AGE = timedelta(hours=24)

_SIGNALS = {
    "delivered": Signal("delivered"),
    "opened": Signal("opened"),
    "clicked": Signal("clicked"),
    "complained": Signal("complaint"),
    "unsubscribed": Signal("unsubscribe"),
}
_FAILED_PERMANENT = {
    "suppress-bounce": Signal("bounce", permanent=True, escalated=True),
    "suppress-unsubscribe": Signal("unsubscribe"),
    "suppress-complaint": Signal("complaint"),
}


def sign(key: str, timestamp: str, token: str) -> str:
    """Mailgun's signature of a timestamp and token."""
    return hmac.new(key.encode(), (timestamp + token).encode(), hashlib.sha256).hexdigest()


def read(
    request: WebhookRequest, *, secrets: dict, now: datetime, fetch_cert: FetchCert | None = None
) -> WebhookResult:
    """Verify the body's signature object and timestamp, then read the one event."""
    c.require_method(request, "POST")
    c.require_content_type(request, "application/json")
    payload = c.parse_json(request.body)
    if not isinstance(payload, dict):
        raise c.reject("webhook.malformed", "The Mailgun body is not a JSON object.")
    sig = payload.get("signature")
    if not isinstance(sig, dict) or not all(isinstance(sig.get(k), str) for k in ("timestamp", "token", "signature")):
        raise c.reject("webhook.missing_signature", "The Mailgun body has no signature object.")
    key = c.secret(secrets, "signing_key", PROVIDER)
    if not c.same(sig["signature"].lower(), sign(key, sig["timestamp"], sig["token"])):
        raise c.reject("webhook.bad_signature", "The Mailgun signature does not match the signing key.")
    try:
        at = c.from_unix(sig["timestamp"])
    except ValueError as e:
        raise c.reject("webhook.malformed", "The Mailgun signature timestamp is not a Unix time.") from e
    c.check_fresh(at, now, MAX_AGE)
    data = payload.get("event-data")
    if not isinstance(data, dict):
        raise c.reject("webhook.malformed", "The Mailgun body has no event-data object.")
    events, skipped = c.read_batch([data], _read_event)
    if skipped:
        raise c.reject("webhook.malformed", f"The Mailgun event is unreadable: {skipped[0].reason}.")
    # The signature covers only timestamp + token: bind the token to this event's content so a captured
    # signature object cannot carry other event data (the receiver keeps tokens for MAX_AGE).
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    nonce = Nonce(token=sig["token"], digest=digest, expires_at=at + MAX_AGE)
    return WebhookResult(provider=PROVIDER, events=events, nonce=nonce)


def _signal(data: dict, smtp: str | None) -> Signal:
    name, reason = data.get("event"), data.get("reason")
    if name != "failed":
        base = c.lookup(_SIGNALS, name, Signal("other"))
        return Signal(base.event, smtp=smtp)
    if data.get("severity") == "temporary":
        return Signal("deferral", permanent=False, terminal=False, smtp=smtp)
    if reason in _FAILED_PERMANENT:
        return _FAILED_PERMANENT[reason]
    if reason == "old":  # retries for a temporary failure ran out: a terminal soft bounce
        return Signal("bounce", permanent=False, terminal=True, smtp=smtp)
    return Signal("bounce", permanent=True, smtp=smtp)


def _read_event(data: dict) -> list:
    status = data.get("delivery-status") or {}
    text = " ".join(str(p) for p in (status.get("code"), status.get("message"), status.get("description")) if p)
    smtp = smtp_status(status.get("message"), status.get("description"), status.get("code"))
    headers = (data.get("message") or {}).get("headers") or {}
    name = data.get("event")
    if not isinstance(name, str):
        raise c.BadEvent("the event has no 'event' name")
    return [
        c.build(
            PROVIDER,
            _signal(data, smtp),
            email=data.get("recipient"),
            event_id=f"{PROVIDER}:{data['id']}" if data.get("id") else c.content_id(PROVIDER, data),
            provider_event="/".join(str(p) for p in (name, data.get("severity"), data.get("reason")) if p),
            message_id=headers.get("message-id"),
            occurred_at=c.from_unix(data["timestamp"]) if "timestamp" in data else None,
            reason=text or data.get("reason"),
        )
    ]
