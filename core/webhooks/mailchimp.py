"""Mailchimp Marketing audience webhooks (form-encoded, secret in the URL).

Audience webhooks carry no signature: Mailchimp's advice is an HTTPS URL with a
hard-to-guess secret, which Rensa puts in the ``key`` query parameter and
compares in constant time. Saving the webhook makes Mailchimp send a GET (no
body) that must answer 200. Soft bounces are never sent: ``cleaned`` with
``data[reason]=hard`` is Mailchimp's own escalation, ``abuse`` a complaint.

More information:

* https://mailchimp.com/developer/marketing/guides/sync-audience-data-webhooks/
* https://mailchimp.com/help/soft-vs-hard-bounces/

>>> from datetime import datetime, timezone
>>> body = b"type=cleaned&fired_at=2009-03-26+22%3A01%3A00&data%5Blist_id%5D=a6b5da1054&data%5Breason%5D=hard&data%5Bemail%5D=Api%2Bcleaned%40Mailchimp.com"
>>> req = WebhookRequest("POST", "https://h.test/v1/hooks/mailchimp/c1?key=s3cret",
...                      {"Content-Type": "application/x-www-form-urlencoded"}, body)
>>> ev = read(req, secrets={"url_key": "s3cret"}, now=datetime(2009, 3, 27, tzinfo=timezone.utc)).events[0]
>>> (ev.email, ev.kind, ev.rule)
('api+cleaned@mailchimp.com', 'hard_bounce', 'provider suppressed the address')
>>> read(req, secrets={"url_key": "other"}, now=datetime(2009, 3, 27, tzinfo=timezone.utc))
Traceback (most recent call last):
core.webhooks.models.WebhookRejected: The webhook URL key does not match this connection.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qs, parse_qsl, urlsplit

from core.webhooks import _common as c
from core.webhooks.classify import Signal
from core.webhooks.models import BounceEvent, FetchCert, Handshake, WebhookRequest, WebhookResult

PROVIDER = "mailchimp"

_BRACKETS = re.compile(r"\[([^\]]*)\]")


def parse_form(body: bytes) -> dict:
    """Decode PHP-style bracketed form keys (``data[merges][FNAME]``) into nested dicts."""
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body))
    except (UnicodeDecodeError, ValueError) as e:
        raise c.reject("webhook.malformed", "The webhook body is not a valid form.") from e
    tree: dict = {}
    for key, value in pairs:
        head, _, rest = key.partition("[")
        path = [head] + _BRACKETS.findall("[" + rest) if rest else [head]
        node = tree
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[path[-1]] = value
    return tree


def _authenticate(request: WebhookRequest, secrets: dict) -> None:
    expected = c.secret(secrets, "url_key", PROVIDER)
    given = parse_qs(urlsplit(request.url).query).get("key", [""])[0]
    if not given:
        raise c.reject("webhook.missing_credentials", "The webhook URL has no key parameter.")
    if not c.same(given, expected):
        raise c.reject("webhook.bad_credentials", "The webhook URL key does not match this connection.")


def _signal(kind: str, data: dict) -> Signal:
    reason = data.get("reason", "")
    if kind == "cleaned":
        if reason == "abuse":
            return Signal("complaint")
        return Signal("bounce", permanent=True, escalated=True)
    if kind == "unsubscribe":
        return Signal("complaint" if reason == "abuse" else "unsubscribe")
    if kind == "upemail":
        return Signal("email_change")
    return Signal("other")


def read(
    request: WebhookRequest, *, secrets: dict, now: datetime, fetch_cert: FetchCert | None = None
) -> WebhookResult:
    """Authenticate the URL key, answer the GET check, read one form-encoded event."""
    c.require_method(request, "GET", "POST")
    _authenticate(request, secrets)
    if request.method == "GET":
        return WebhookResult(provider=PROVIDER, handshake=Handshake(action="respond_ok", detail="Mailchimp URL check"))
    c.require_content_type(request, "application/x-www-form-urlencoded")
    form = parse_form(request.body)
    kind, data = form.get("type"), form.get("data")
    if not isinstance(kind, str) or not isinstance(data, dict):
        raise c.reject("webhook.malformed", "The Mailchimp webhook has no type or no data.")
    events: list[BounceEvent] = []
    email = data.get("old_email") if kind == "upemail" else data.get("email")
    if email is not None:  # campaign events name no address
        events.append(_event(kind, data, form.get("fired_at"), email))
    return WebhookResult(provider=PROVIDER, events=events)


def _event(kind: str, data: dict, fired_at: str | None, email: str) -> BounceEvent:
    try:
        occurred = c.from_iso(fired_at) if fired_at else None
    except ValueError as e:
        raise c.reject("webhook.malformed", f"fired_at {fired_at!r} is not a date.") from e
    try:
        return c.build(
            PROVIDER,
            _signal(kind, data),
            email=email,
            new_email=data.get("new_email") if kind == "upemail" else None,
            event_id=c.content_id(PROVIDER, kind, fired_at, data.get("list_id"), email, data.get("new_email")),
            provider_event=f"{kind}/{data['reason']}" if data.get("reason") else kind,
            occurred_at=occurred,
            reason=data.get("reason"),
            message_id=data.get("campaign_id"),
        )
    except c.BadEvent as e:
        raise c.reject("webhook.malformed", f"The Mailchimp event is unreadable: {e}.") from e
