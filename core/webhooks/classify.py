"""Bounce classification: an ordered, labelled rule table (first match wins).

Each provider module reads its own wire format into a provider-neutral
``Signal`` (what happened, what the provider itself concluded, the SMTP status)
and ``classify`` walks ``RULES`` top to bottom. The provider's own verdict comes
first; the SMTP enhanced status (RFC 3463) is a fallback, and it demotes policy
rejections (5.7.x) to soft bounces because a blocked *sender* says nothing about
the *address*.

More information:

* https://www.iana.org/assignments/smtp-enhanced-status-codes
* docs/webhooks.md (the provider bounce policies this table follows)

>>> classify(Signal("bounce", permanent=True, smtp="550"))
Verdict(kind='hard_bounce', terminal=True, rule='provider: permanent bounce')
>>> classify(Signal("bounce", permanent=True, smtp="5.7.1"))
Verdict(kind='soft_bounce', terminal=True, rule='smtp 5.7.x: policy rejection, sender problem')
>>> classify(Signal("deferral", smtp="4.2.2")).rule
'deferral: provider still retrying'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from core.webhooks.models import Kind

SignalEvent = Literal[
    "bounce", "deferral", "complaint", "unsubscribe", "email_change", "delivered", "opened", "clicked", "other"
]

_ENHANCED = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])")
_BASIC = re.compile(r"(?<![\d.])([245])\d\d(?![\d.])")

#: Enhanced codes that mean the address itself is bad (RFC 3463; 5.1.10 is RFC 7505 null MX).
_BAD_ADDRESS = frozenset({"5.1.1", "5.1.2", "5.1.3", "5.1.6", "5.1.10", "5.2.1", "5.4.4"})


@dataclass(frozen=True)
class Signal:
    """Provider-neutral facts about one event, before any policy.

    ``permanent``: the provider's own hard (True) / soft (False) verdict, None if it
    gives none. ``terminal``: for a soft failure, the provider stopped retrying that
    message. ``escalated``: the provider already suppressed the address (Mailchimp
    ``cleaned``, Postmark ``Inactive``, SendGrid ``dropped: Bounced Address`` ...).
    ``sender_side``: the provider says the sender's setup or reputation caused it.
    ``smtp``: enhanced status ``"5.1.1"`` or basic ``"550"``, if one was found.
    """

    event: SignalEvent
    permanent: bool | None = None
    terminal: bool = True
    escalated: bool = False
    sender_side: bool = False
    smtp: str | None = None


class Verdict(NamedTuple):
    kind: Kind
    terminal: bool
    rule: str


@dataclass(frozen=True)
class Rule:
    label: str
    when: Callable[[Signal], bool]
    kind: Kind
    # Soft bounces take ``terminal`` from the signal; every other kind is final by nature.
    terminal: Literal["yes", "no", "signal"] = "yes"


def smtp_status(*texts: object) -> str | None:
    """The first SMTP enhanced status (``5.1.1``) in the texts, else the first basic code (``550``).

    >>> smtp_status("smtp;550 5.1.1 The email account that you tried to reach does not exist.")
    '5.1.1'
    >>> smtp_status(None, "421 try later")
    '421'
    >>> smtp_status("Bounced Address") is None
    True
    """
    strings = [t if isinstance(t, str) else str(t) for t in texts if t not in (None, "")]
    for text in strings:
        if m := _ENHANCED.search(text):
            return ".".join(m.groups())
    for text in strings:
        if m := _BASIC.search(text):
            return m.group(0)
    return None


def _cls(signal: Signal) -> str | None:
    return signal.smtp[0] if signal.smtp else None


def _is_policy(signal: Signal) -> bool:
    return (signal.smtp or "").startswith(("5.7.", "4.7."))


def _is_failure(signal: Signal) -> bool:
    return signal.event in ("bounce", "deferral")


RULES: tuple[Rule, ...] = (
    Rule("address change", lambda s: s.event == "email_change", "email_change"),
    Rule("spam complaint", lambda s: s.event == "complaint", "complaint"),
    Rule("unsubscribe", lambda s: s.event == "unsubscribe", "unsubscribe"),
    Rule("positive: delivered, opened or clicked", lambda s: s.event in ("delivered", "opened", "clicked"), "positive"),
    Rule("provider suppressed the address", lambda s: _is_failure(s) and s.escalated, "hard_bounce"),
    Rule(
        "smtp 5.7.x: policy rejection, sender problem",
        lambda s: s.event == "bounce" and _is_policy(s),
        "soft_bounce",
        "signal",
    ),
    Rule("provider: sender-side block", lambda s: s.event == "bounce" and s.sender_side, "soft_bounce", "signal"),
    # Brevo has been seen to label 550 5.1.1 "deferred": the code outranks the label.
    Rule("smtp bad mailbox or domain", lambda s: _is_failure(s) and s.smtp in _BAD_ADDRESS, "hard_bounce"),
    Rule("deferral: provider still retrying", lambda s: s.event == "deferral", "soft_bounce", "no"),
    Rule(
        "smtp x.2.2: mailbox full",
        lambda s: s.event == "bounce" and (s.smtp or "").endswith(".2.2") and (s.smtp or "").count(".") == 2,
        "soft_bounce",
        "signal",
    ),
    Rule("provider: permanent bounce", lambda s: s.event == "bounce" and s.permanent is True, "hard_bounce"),
    Rule("provider: temporary bounce", lambda s: s.event == "bounce" and s.permanent is False, "soft_bounce", "signal"),
    Rule("smtp 5.x.x: permanent failure", lambda s: s.event == "bounce" and _cls(s) == "5", "hard_bounce"),
    Rule("bounce of undetermined type", lambda s: s.event == "bounce", "soft_bounce", "signal"),
    Rule("not a delivery signal", lambda s: True, "ignored"),
)


def classify(signal: Signal, rules: tuple[Rule, ...] = RULES) -> Verdict:
    """Walk the rule table; the first rule whose condition holds decides the kind."""
    rule = next(r for r in rules if r.when(signal))
    terminal = {"yes": rule.kind in ("hard_bounce",), "no": False, "signal": signal.terminal}[rule.terminal]
    return Verdict(rule.kind, terminal, rule.label)
