"""Brevo (ex-Sendinblue) webhooks: one JSON event per POST, bearer token.

Brevo signs nothing; the webhook is created with ``"auth": {"type": "bearer",
"token": ...}`` and Brevo sends ``Authorization: Bearer <token>``, checked in
constant time. Brevo gives no event id, so the id is a hash of event, address,
message id and event time. A batched mode sends a JSON array.

More information:

* https://developers.brevo.com/docs/transactional-webhooks
* https://developers.brevo.com/docs/marketing-webhooks

>>> from datetime import datetime, timezone
>>> body = b'{"event":"hard_bounce","email":"Example@Domain.com","id":26224,"message-id":"<201798300811.5787683@relay.domain.com>","ts_event":1534486682,"reason":"550 5.1.1 user unknown"}'
>>> req = WebhookRequest("POST", "https://h.test/", {"Content-Type": "application/json", "Authorization": "Bearer t0k"}, body)
>>> ev = read(req, secrets={"bearer_token": "t0k"}, now=datetime(2018, 8, 17, tzinfo=timezone.utc)).events[0]
>>> (ev.email, ev.kind, ev.rule)
('example@domain.com', 'hard_bounce', 'smtp bad mailbox or domain')
"""

from __future__ import annotations

from datetime import datetime

from core.webhooks import _common as c
from core.webhooks.classify import Signal, smtp_status
from core.webhooks.models import FetchCert, WebhookRequest, WebhookResult

PROVIDER = "brevo"

_SIGNALS = {
    "hard_bounce": Signal("bounce", permanent=True),
    "invalid_email": Signal("bounce", permanent=True),
    "soft_bounce": Signal("bounce", permanent=False, terminal=True),
    "deferred": Signal("deferral", permanent=False, terminal=False),
    "spam": Signal("complaint"),
    "complaint": Signal("complaint"),
    "unsubscribed": Signal("unsubscribe"),
    "unsubscribe": Signal("unsubscribe"),
    "delivered": Signal("delivered"),
    "opened": Signal("opened"),
    "unique_opened": Signal("opened"),
    "click": Signal("clicked"),
    # "blocked" is Brevo refusing to send to an address it already blocklisted: no new fact.
    # "proxy_open" is a mail-privacy proxy fetching images, not the person: no signal.
}


def check_bearer(request: WebhookRequest, token: str, provider: str) -> None:
    """Constant-time check of an ``Authorization: Bearer`` token."""
    scheme, _, given = (request.header("authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise c.reject("webhook.missing_credentials", f"The {provider} request has no bearer token.")
    if not c.same(given.strip(), token):
        raise c.reject("webhook.bad_credentials", f"The {provider} bearer token is wrong.")


def read(
    request: WebhookRequest, *, secrets: dict, now: datetime, fetch_cert: FetchCert | None = None
) -> WebhookResult:
    """Check the bearer token, then read the event (or each event of a batched call)."""
    c.require_method(request, "POST")
    check_bearer(request, c.secret(secrets, "bearer_token", PROVIDER), PROVIDER)
    c.require_content_type(request, "application/json")
    payload = c.parse_json(request.body)
    if isinstance(payload, dict):
        events, skipped = c.read_batch([payload], _read_event)
        if skipped:
            raise c.reject("webhook.malformed", f"The Brevo event is unreadable: {skipped[0].reason}.")
        return WebhookResult(provider=PROVIDER, events=events)
    if isinstance(payload, list):
        events, skipped = c.read_batch(payload, _read_event)
        return WebhookResult(provider=PROVIDER, events=events, skipped=skipped)
    raise c.reject("webhook.malformed", "The Brevo body is not a JSON event.")


def _occurred(item: dict) -> datetime | None:
    for key in ("ts_epoch", "ts_event", "ts"):
        if item.get(key) is not None:
            return c.from_unix(item[key])
    return None


def _read_event(item: dict) -> list:
    name = item.get("event")
    if not isinstance(name, str):
        raise c.BadEvent("the event has no 'event' name")
    base = _SIGNALS.get(name, Signal("other"))
    signal = Signal(base.event, base.permanent, base.terminal, smtp=smtp_status(item.get("reason")))
    msg_id = item.get("message-id")
    return [
        c.build(
            PROVIDER,
            signal,
            email=item.get("email"),
            event_id=c.content_id(
                PROVIDER, name, str(item.get("email", "")).strip().lower(), msg_id, item.get("camp_id"),
                item.get("ts_event", item.get("ts_epoch", item.get("ts")))
            ),
            provider_event=name,
            message_id=msg_id or (f"campaign:{item['camp_id']}" if item.get("camp_id") else None),
            occurred_at=_occurred(item),
            reason=item.get("reason"),
        )
    ]
