"""Bounce handling: read newsletter tools' webhook calls into ``BounceEvent`` lists.

One module per provider wire format (``mailchimp``, ``mandrill``, ``sendgrid``,
``mailgun``, ``postmark``, ``ses_sns``, ``brevo``, ``mailerlite``), each with
``read(request, *, secrets, now, fetch_cert=None) -> WebhookResult`` that
authenticates, parses and classifies. ``read_webhook`` dispatches by name.
Classification rules live in ``classify``; the soft-bounce policy in ``policy``.
Pure: the clock (``now``), the secrets and the certificate fetcher come in as
arguments.

>>> from datetime import datetime, timezone
>>> req = WebhookRequest("POST", "https://h.test/", {"Content-Type": "application/json"}, b"[]")
>>> read_webhook("klaviyo", req, secrets={}, now=datetime.now(timezone.utc))
Traceback (most recent call last):
core.webhooks.models.WebhookRejected: Rensa does not read webhooks from 'klaviyo'.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from core.webhooks import brevo, mailchimp, mailerlite, mailgun, mandrill, postmark, sendgrid, ses_sns
from core.webhooks.models import (
    BounceEvent,
    Handshake,
    Nonce,
    Skipped,
    WebhookRejected,
    WebhookRequest,
    WebhookResult,
)
from core.webhooks.policy import AddressStatus, SoftBouncePolicy, evaluate, evaluate_address

__all__ = [
    "PROVIDERS",
    "SECRET_KEYS",
    "AddressStatus",
    "BounceEvent",
    "Handshake",
    "Nonce",
    "Skipped",
    "SoftBouncePolicy",
    "TITLES",
    "WebhookRejected",
    "WebhookRequest",
    "WebhookResult",
    "evaluate",
    "evaluate_address",
    "read_webhook",
]

PROVIDERS = {
    m.PROVIDER: m for m in (mailchimp, mandrill, sendgrid, mailgun, postmark, ses_sns, brevo, mailerlite)
}

#: The tools' names as people know them.
TITLES: dict[str, str] = {
    "mailchimp": "Mailchimp",
    "mandrill": "Mailchimp Transactional (Mandrill)",
    "sendgrid": "SendGrid",
    "mailgun": "Mailgun",
    "postmark": "Postmark",
    "ses_sns": "Amazon SES (via SNS)",
    "brevo": "Brevo",
    "mailerlite": "MailerLite",
}

#: The secrets each provider's connection needs (what ``functions/`` asks the user for).
SECRET_KEYS: dict[str, tuple[str, ...]] = {
    "mailchimp": ("url_key",),
    "mandrill": ("webhook_key", "webhook_url"),
    "sendgrid": ("public_key",),
    "mailgun": ("signing_key",),
    "postmark": ("basic_user", "basic_pass"),
    "ses_sns": ("allowed_topic_arns",),
    "brevo": ("bearer_token",),
    "mailerlite": ("webhook_secret",),
}


def read_webhook(
    provider: str,
    request: WebhookRequest,
    *,
    secrets: dict,
    now: datetime,
    fetch_cert: Callable[[str], bytes] | None = None,
) -> WebhookResult:
    """Authenticate and read one webhook call; raise ``WebhookRejected`` if it must change nothing."""
    module = PROVIDERS.get(provider)
    if module is None:
        raise WebhookRejected(f"Rensa does not read webhooks from {provider!r}.", code="webhook.unknown_provider")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return module.read(request, secrets=secrets, now=now, fetch_cert=fetch_cert)
