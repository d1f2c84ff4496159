"""Mailchimp Transactional (Mandrill) webhooks: ``mandrill_events`` batches signed with HMAC-SHA1.

The ``X-Mandrill-Signature`` is base64 HMAC-SHA1, keyed with the webhook key, over
the webhook URL *exactly as configured* followed by every POST field, sorted by
name, as name + decoded value with no delimiter. There is no timestamp, so
re-deliveries are caught by the event id (message ``_id`` + event + ``ts``).
Creating a webhook sends a HEAD (answer 200); if that fails Mandrill POSTs
``mandrill_events=[]`` signed with the generic key ``test-webhook``.

More information:

* https://mailchimp.com/developer/transactional/guides/track-respond-activity-webhooks/
* https://mailchimp.com/developer/transactional/docs/webhooks/

>>> sign("test-webhook", "https://h.test/hook", {"mandrill_events": "[]"})
'EwOLxehn+7CQ4XFVOGbdQDSpI6Y='
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime
from urllib.parse import parse_qsl

from core.webhooks import _common as c
from core.webhooks.classify import Signal, smtp_status
from core.webhooks.models import BounceEvent, FetchCert, Handshake, WebhookRequest, WebhookResult

PROVIDER = "mandrill"
TEST_KEY = "test-webhook"

_SIGNALS = {
    "hard_bounce": Signal("bounce", permanent=True),
    "soft_bounce": Signal("bounce", permanent=False, terminal=True),
    "deferral": Signal("deferral", permanent=False, terminal=False),
    "spam": Signal("complaint"),
    "unsub": Signal("unsubscribe"),
    "open": Signal("opened"),
    "click": Signal("clicked"),
}


def sign(key: str, url: str, params: dict[str, str]) -> str:
    """Mandrill's signature for a URL and decoded POST fields."""
    signed = url + "".join(k + params[k] for k in sorted(params))
    return base64.b64encode(hmac.new(key.encode(), signed.encode(), hashlib.sha1).digest()).decode()


def read(
    request: WebhookRequest, *, secrets: dict, now: datetime, fetch_cert: FetchCert | None = None
) -> WebhookResult:
    """Answer the HEAD check; verify the signature; read each event of the batch."""
    c.require_method(request, "HEAD", "POST")
    if request.method == "HEAD":
        return WebhookResult(provider=PROVIDER, handshake=Handshake(action="respond_ok", detail="Mandrill URL check"))
    c.require_content_type(request, "application/x-www-form-urlencoded")
    key = c.secret(secrets, "webhook_key", PROVIDER)
    url = c.secret(secrets, "webhook_url", PROVIDER)
    given = request.header("x-mandrill-signature")
    if not given:
        raise c.reject("webhook.missing_signature", "The request has no X-Mandrill-Signature header.")
    try:
        params = dict(parse_qsl(request.body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError as e:
        raise c.reject("webhook.malformed", "The webhook body is not a valid form.") from e
    if not c.same(given.strip(), sign(key, url, params)):
        if params.get("mandrill_events", "").strip() == "[]" and c.same(given.strip(), sign(TEST_KEY, url, params)):
            return WebhookResult(provider=PROVIDER, handshake=Handshake(action="respond_ok", detail="Mandrill test"))
        raise c.reject("webhook.bad_signature", "The X-Mandrill-Signature does not match the webhook key and URL.")
    try:
        batch = json.loads(params["mandrill_events"])
    except (KeyError, ValueError, RecursionError) as e:
        raise c.reject("webhook.malformed", "The body has no readable mandrill_events field.") from e
    if not isinstance(batch, list):
        raise c.reject("webhook.malformed", "mandrill_events is not a list.")
    events, skipped = c.read_batch(batch, _read_event)
    return WebhookResult(provider=PROVIDER, events=events, skipped=skipped)


def _read_event(item: dict) -> list[BounceEvent]:
    if "event" not in item:
        # Sync events (denylist/allowlist changes) have "type" and no message.
        entry = item.get("reject") or item.get("entry") or {}
        name = f"sync/{item.get('type')}/{item.get('action')}"
        return [
            c.build(
                PROVIDER,
                Signal("other"),
                email=entry.get("email"),
                event_id=c.content_id(PROVIDER, item),
                provider_event=name,
                occurred_at=c.from_unix(item["ts"]) if "ts" in item else None,
            )
        ]
    name, msg = item["event"], item.get("msg") or {}
    diag = msg.get("diag") or next((e.get("diag") for e in reversed(msg.get("smtp_events") or []) if e.get("diag")), None)
    base = _SIGNALS.get(name, Signal("other"))
    signal = Signal(base.event, base.permanent, base.terminal, smtp=smtp_status(diag))
    msg_id = msg.get("_id") or item.get("_id")
    return [
        c.build(
            PROVIDER,
            signal,
            email=msg.get("email"),
            event_id=f"{PROVIDER}:{msg_id}:{name}:{item.get('ts')}" if msg_id else c.content_id(PROVIDER, item),
            provider_event=name,
            message_id=msg_id,
            occurred_at=c.from_unix(item["ts"]) if "ts" in item else None,
            reason=" ".join(str(p) for p in (msg.get("bounce_description"), diag) if p) or None,
        )
    ]
