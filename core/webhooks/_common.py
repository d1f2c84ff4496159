"""Pieces every provider module shares: checks, parsing, ids, event building.

Internal to ``core.webhooks``. Nothing here reads a clock, the network or the
environment: ``now`` and secrets always come in as arguments.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from typing import Any, TypeVar, cast

from core.webhooks.classify import Signal, classify
from core.webhooks.models import BounceEvent, Skipped, WebhookRejected, WebhookRequest

#: Clock skew we tolerate for timestamps from the future.
FUTURE_SKEW = timedelta(minutes=5)


class BadEvent(ValueError):
    """One event in a batch cannot be read; it is skipped, the batch is not."""


T = TypeVar("T")


def lookup(table: Mapping[Any, T], key: object, default: T) -> T:
    """``table.get(key, default)`` for a value read from a provider's JSON, which may be of any type: a
    missing or unknown one gives ``default``; an unhashable one (a list) raises ``TypeError``, so
    ``read_batch`` skips that event as unreadable."""
    return cast(Mapping[object, T], table).get(key, default)


def reject(code: str, message: str) -> WebhookRejected:
    return WebhookRejected(message, code=code)


def secret(secrets: dict, name: str, provider: str) -> Any:
    """A configured secret; a missing one means the connection was never set up completely."""
    value = secrets.get(name) if secrets else None
    if value in (None, "", []):
        raise reject("webhook.not_configured", f"The {provider} connection has no {name!r} set.")
    return value


def same(a: str | bytes, b: str | bytes) -> bool:
    """Constant-time comparison (strings compared as UTF-8)."""
    a = a.encode() if isinstance(a, str) else a
    b = b.encode() if isinstance(b, str) else b
    return hmac.compare_digest(a, b)


def require_method(request: WebhookRequest, *allowed: str) -> None:
    if request.method not in allowed:
        raise reject("webhook.wrong_method", f"This webhook accepts {', '.join(allowed)}, not {request.method}.")


def require_content_type(request: WebhookRequest, *allowed: str) -> None:
    if request.content_type not in allowed:
        got = request.content_type or "no content type"
        raise reject("webhook.wrong_content_type", f"Expected {' or '.join(allowed)}, got {got}.")


def check_fresh(at: datetime, now: datetime, max_age: timedelta) -> None:
    """Reject timestamps older than ``max_age`` or too far in the future (replays, bad clocks)."""
    if at < now - max_age:
        raise reject(
            "webhook.stale", f"The webhook was signed {_span(now - at)} ago; at most {_span(max_age)} is accepted."
        )
    if at > now + FUTURE_SKEW:
        raise reject("webhook.stale", "The webhook timestamp lies in the future.")


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"


def from_unix(value: Any) -> datetime:
    """Seconds (or milliseconds, when implausibly large) since the epoch, as aware UTC; ValueError for
    anything that is no such time (``1e308``, ``nan``, a year beyond 9999)."""
    seconds = float(value)
    if seconds > 1e11:
        seconds /= 1000.0
    if not 0 <= seconds < 253402300800:  # NaN fails this too
        raise ValueError(f"{value!r} is not a Unix time")
    return datetime.fromtimestamp(seconds, tz=UTC)


def from_iso(value: str) -> datetime:
    """ISO 8601 (``Z`` allowed); naive values are taken as UTC."""
    at = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:  # RecursionError: nested too deep to be an event
        raise reject("webhook.malformed", "The webhook body is not valid JSON.") from e


def normalize_email(value: Any) -> str:
    """Trim and lower-case an address, keeping any ``+tag``; raise BadEvent if it is no address."""
    if not isinstance(value, str) or not value.strip():
        raise BadEvent("the event has no e-mail address")
    text = value.strip()
    if "<" in text:
        text = parseaddr(text)[1] or text
    text = text.strip().lower()
    local, at, domain = text.rpartition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in text) or len(text) > 320:
        raise BadEvent(f"{value.strip()[:80]!r} is not an e-mail address")
    return text


def content_id(provider: str, *parts: Any) -> str:
    """A stable event id derived from the payload, for providers that send none."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return f"{provider}:h:{hashlib.sha256(canonical.encode()).hexdigest()[:40]}"


def build(
    provider: str,
    signal: Signal,
    *,
    email: Any,
    event_id: str,
    provider_event: str,
    message_id: Any = None,
    occurred_at: datetime | None = None,
    reason: Any = None,
    new_email: Any = None,
) -> BounceEvent:
    """Classify the signal and assemble the event."""
    verdict = classify(signal)
    return BounceEvent(
        provider=provider,
        email=normalize_email(email),
        kind=verdict.kind,
        event_id=event_id,
        terminal=verdict.terminal,
        message_id=str(message_id) if message_id not in (None, "") else None,
        occurred_at=occurred_at,
        reason=str(reason).strip()[:500] if reason not in (None, "") else None,
        rule=verdict.rule,
        provider_event=provider_event,
        signal=signal.event if signal.event in ("delivered", "opened", "clicked") else None,
        new_email=normalize_email(new_email) if new_email is not None else None,
    )


def read_batch(
    items: Iterable[Any], read_one: Callable[[Any], list[BounceEvent]]
) -> tuple[list[BounceEvent], list[Skipped]]:
    """Read every item of a batch; one unreadable item is skipped with its reason, not fatal."""
    events: list[BounceEvent] = []
    skipped: list[Skipped] = []
    for index, item in enumerate(items):
        try:
            if not isinstance(item, dict):
                raise BadEvent(f"expected an object, got {type(item).__name__}")
            events.extend(read_one(item))
        except BadEvent as e:
            skipped.append(Skipped(index=index, reason=str(e)))
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError, RecursionError) as e:
            skipped.append(Skipped(index=index, reason=f"unreadable event: {type(e).__name__}: {e}"))
    return events, skipped
