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

from core.i18n import N_
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
    "SECRET_HELP",
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

# The secret a person pastes from each tool, in their words: what it is called there, where to find it, and
# whether it exists before the webhook does ("before": Rensa refuses to connect without it) or only once the
# webhook URL is saved in the tool ("after": the connection waits for it). Tools missing here need no pasted
# secret (Rensa makes one and puts it in the URL). One table: the API and the sidebar both show these.
SECRET_HELP: dict[str, dict[str, str]] = {
    "mailgun": {"key": "signing_key", "when": "before",
                "label": N_("Mailgun's HTTP webhook signing key"), "where": N_("under Sending → Webhooks")},
    "sendgrid": {"key": "public_key", "when": "before",
                 "label": N_("SendGrid's verification key of the signed Event Webhook"),
                 "where": N_("under Settings → Mail Settings → Event Webhook → Signature Verification")},
    "ses_sns": {"key": "allowed_topic_arns", "when": "before",
                "label": N_("the ARN of the Amazon SNS topic your SES bounces go to"),
                "where": N_("in the Amazon SNS console under Topics")},
    "mandrill": {"key": "webhook_key", "when": "after",
                 "label": N_("Mandrill's webhook key"), "where": N_("under Settings → Webhooks, once the URL is added")},
    "mailerlite": {"key": "webhook_secret", "when": "after",
                   "label": N_("MailerLite's webhook signing secret"),
                   "where": N_("under Integrations → Webhooks, once the URL is added")},
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
