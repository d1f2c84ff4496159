"""What a webhook call is and what Rensa reads out of it.

``WebhookRequest`` is the HTTP request exactly as received (raw body bytes,
headers looked up case-insensitively). ``read_webhook`` turns it into a
``WebhookResult``: the ``BounceEvent`` list, the events it had to skip and the
setup handshake, if the call was one. A call that must not touch any sheet
raises ``WebhookRejected`` with a stable ``code``.

>>> req = WebhookRequest("POST", "https://x.test/h", {"Content-Type": "application/json"}, b"{}")
>>> req.header("content-type")
'application/json'
>>> WebhookRejected(code="webhook.stale").code
'webhook.stale'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from core.errors import RensaError

#: Fetches an SNS signing certificate by URL (https only, cached): the one I/O a reader may be handed.
FetchCert = Callable[[str], bytes]
Kind = Literal["hard_bounce", "soft_bounce", "complaint", "unsubscribe", "email_change", "positive", "ignored"]

#: Kinds that flag the address at once.
FLAGGING_KINDS = frozenset({"hard_bounce", "complaint", "unsubscribe"})


class WebhookRejected(RensaError):
    """The call is not authentic, not fresh or not readable: answer 4xx and change nothing."""

    code = "webhook.rejected"
    message = "The webhook call was rejected."


class WebhookRequest:
    """An HTTP request as received: ``method``, full ``url``, headers, raw ``body`` bytes."""

    __slots__ = ("method", "url", "headers", "body")

    def __init__(self, method: str, url: str, headers: Mapping[str, str] | None = None, body: bytes = b"") -> None:
        self.method = method.upper()
        self.url = url
        self.headers = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
        self.body = body if isinstance(body, bytes) else bytes(body)

    def header(self, name: str, default: str | None = None) -> str | None:
        """The header's value, whatever case the sender used for its name."""
        return self.headers.get(name.lower(), default)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased (``""`` when absent)."""
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def __repr__(self) -> str:
        return f"WebhookRequest({self.method!r}, {self.url!r}, <{len(self.headers)} headers>, <{len(self.body)} bytes>)"


class BounceEvent(BaseModel):
    """One thing a provider told us about one address.

    ``kind`` is what Rensa does with it: ``hard_bounce``/``complaint``/``unsubscribe``
    flag the address, ``soft_bounce`` counts (when ``terminal``) towards the policy
    in ``core.webhooks.policy``, ``positive`` (delivered/opened/clicked: see
    ``signal``) resets that count, ``email_change`` carries ``new_email``,
    ``ignored`` is a valid event Rensa does not act on.
    """

    model_config = ConfigDict(frozen=True)

    provider: str
    email: str
    kind: Kind
    event_id: str = Field(description="Stable across re-deliveries of the same event, distinct between events.")
    terminal: bool = Field(False, description="For soft bounces: the provider gave up on that message.")
    message_id: str | None = None
    occurred_at: datetime | None = None
    reason: str | None = Field(None, description="SMTP status or the provider's own words.")
    rule: str = Field(description="Label of the classification rule that decided the kind.")
    provider_event: str = Field(description="The provider's own name for the event, e.g. 'hard_bounce', 'failed'.")
    signal: Literal["delivered", "opened", "clicked"] | None = None
    new_email: str | None = None


class Skipped(BaseModel):
    """An event in a batch that could not be read; the rest of the batch still counts."""

    model_config = ConfigDict(frozen=True)

    index: int
    reason: str


class Handshake(BaseModel):
    """Setup traffic: what the endpoint must do instead of recording events.

    ``respond_ok``: answer 200 (Mailchimp's GET check, Mandrill's HEAD check and
    test POST). ``confirm_subscription``: fetch ``confirm_url`` (SNS), only ever
    returned after the message signature and certificate host were checked.
    ``unsubscribed``: SNS says the subscription ended; nothing to do but log it.
    """

    model_config = ConfigDict(frozen=True)

    action: Literal["respond_ok", "confirm_subscription", "unsubscribed"]
    confirm_url: str | None = None
    detail: str = ""


class Nonce(BaseModel):
    """A signature's one-time value, for providers whose signature does not cover the event (Mailgun).

    The receiver stores ``token`` per connection until ``expires_at`` and refuses a second call with the
    same token but a different ``digest`` (``webhook.replayed``); the same token with the same digest is
    a true re-delivery and stays idempotent.
    """

    model_config = ConfigDict(frozen=True)

    token: str
    digest: str = Field(description="SHA-256 (hex) of the event content the token was sent with.")
    expires_at: datetime = Field(description="After this the timestamp check rejects the token anyway.")


class WebhookResult(BaseModel):
    """Everything one authentic webhook call carried."""

    provider: str
    events: list[BounceEvent] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)
    handshake: Handshake | None = None
    nonce: Nonce | None = None
