"""Soft-bounce policy: when does an address's history of bounces mean "stop mailing it"?

A pure function over the events recorded for one address. Hard bounces,
complaints and unsubscribes flag at once. Soft bounces count only when the
provider gave up on the message (``terminal``), once per message; any later
delivery, open or click resets the count. The address is flagged after
``threshold`` counted soft bounces spanning at least ``min_span`` (default 5
over 7 days: between Brevo's 4-5 and Mailchimp's 7/15), and marked "watch"
from ``watch_at``. Events are taken in ``occurred_at`` order; events without a
time keep their given order after the timed ones.

>>> from datetime import datetime, timedelta, timezone
>>> day = datetime(2025, 3, 1, tzinfo=timezone.utc)
>>> soft = [BounceEvent(provider="brevo", email="a@b.se", kind="soft_bounce", terminal=True, rule="r",
...                     provider_event="soft_bounce", event_id=f"e{i}", message_id=f"m{i}",
...                     occurred_at=day + timedelta(days=2 * i)) for i in range(5)]
>>> status = evaluate_address(soft)
>>> (status.action, status.soft_bounces, status.rule)
('flag', 5, '5 terminal soft bounces over 8 days (policy: 5 over at least 7 days)')
>>> evaluate_address(soft[:4]).action
'watch'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.webhooks.models import FLAGGING_KINDS, BounceEvent

_EPOCH = datetime(1, 1, 1, tzinfo=UTC)
_WORDS = {"hard_bounce": "hard bounce", "complaint": "spam complaint", "unsubscribe": "unsubscribe"}


class SoftBouncePolicy(BaseModel):
    """How many terminal soft bounces, over how long, flag an address."""

    model_config = ConfigDict(frozen=True)

    threshold: int = Field(5, ge=1, le=50)
    min_span: timedelta = timedelta(days=7)
    watch_at: int = Field(3, ge=1, le=50)

    @model_validator(mode="after")
    def _watch_before_flag(self) -> SoftBouncePolicy:
        if self.watch_at > self.threshold:
            raise ValueError("watch_at cannot be larger than threshold")
        return self


class AddressStatus(BaseModel):
    """The verdict for one address, with the events that decided it."""

    model_config = ConfigDict(frozen=True)

    email: str
    action: Literal["flag", "watch", "none"]
    kind: str | None = Field(None, description="hard_bounce, complaint, unsubscribe or soft_bounce when flagged")
    soft_bounces: int = 0
    # Days between the first and last counted soft bounce (None: some have no time); for notes in words.
    span_days: int | None = None
    rule: str
    event_ids: tuple[str, ...] = ()


def _ordered(events: Iterable[BounceEvent]) -> list[BounceEvent]:
    unique = list({e.event_id: e for e in reversed(list(events))}.values())[::-1]  # first copy of each id wins
    return sorted(unique, key=lambda e: (e.occurred_at is None, e.occurred_at or _EPOCH))


def evaluate_address(events: Iterable[BounceEvent], policy: SoftBouncePolicy | None = None) -> AddressStatus:
    """Apply the policy to one address's history (all events must share the address)."""
    policy = policy or SoftBouncePolicy()
    history = _ordered(events)
    emails = {e.email for e in history}
    if len(emails) > 1:
        raise ValueError(f"evaluate_address got events for {len(emails)} addresses")
    email = emails.pop() if emails else ""
    if flag := next((e for e in history if e.kind in FLAGGING_KINDS), None):
        return AddressStatus(email=email, action="flag", kind=flag.kind, rule=f"{_WORDS[flag.kind]}: flag at once",
                             event_ids=(flag.event_id,))
    counted: dict[str, BounceEvent] = {}
    for event in history:
        if event.kind == "positive":
            counted.clear()
        elif event.kind == "soft_bounce" and event.terminal:
            counted.setdefault(event.message_id or event.event_id, event)
    soft = list(counted.values())
    ids = tuple(e.event_id for e in soft)
    if len(soft) >= policy.threshold:
        times = [e.occurred_at for e in soft if e.occurred_at is not None]
        span = max(times) - min(times) if len(times) == len(soft) else None
        if span is not None and span >= policy.min_span:
            return AddressStatus(
                email=email, action="flag", kind="soft_bounce", soft_bounces=len(soft), event_ids=ids,
                span_days=span.days, rule=f"{len(soft)} terminal soft bounces over {span.days} days "
                f"(policy: {policy.threshold} over at least {policy.min_span.days} days)",
            )
        waited = "an unknown time" if span is None else f"{span.days} days"
        return AddressStatus(
            email=email, action="watch", kind="soft_bounce", soft_bounces=len(soft), event_ids=ids,
            span_days=None if span is None else span.days,
            rule=f"{len(soft)} terminal soft bounces within {waited}: waiting for {policy.min_span.days} days",
        )
    if len(soft) >= policy.watch_at:
        return AddressStatus(email=email, action="watch", kind="soft_bounce", soft_bounces=len(soft), event_ids=ids,
                             rule=f"{len(soft)} terminal soft bounces (flag at {policy.threshold})")
    return AddressStatus(email=email, action="none", soft_bounces=len(soft), event_ids=ids,
                         rule=f"{len(soft)} terminal soft bounces since the last sign of life")


def evaluate(events: Iterable[BounceEvent], policy: SoftBouncePolicy | None = None) -> dict[str, AddressStatus]:
    """Apply the policy to every address in a mixed history; keys are the addresses."""
    by_email: dict[str, list[BounceEvent]] = {}
    for event in events:
        by_email.setdefault(event.email, []).append(event)
    return {email: evaluate_address(group, policy) for email, group in by_email.items()}
