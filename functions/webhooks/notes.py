"""What a bounce event's note and a connection's last problem say, kept as sentences to say later.

The flush runs with nobody asking (the scheduler) or for one person; the notes are read later through
``GET /v1/connections/{id}`` by whoever asks, in their language. So the flush keeps a ``Said`` (code,
English template, arguments) and the API renders it on read (``core.i18n.stored``).

The arguments are row numbers, counts, days and the policy's numbers, and nested sentences: never an
e-mail address (Rensa keeps only a keyed hash of the address an event is about; the API finds its rows, and
the address as the sheet holds it, by hashing the sheet's addresses when it is asked).
"""

from __future__ import annotations

from core.i18n import N_, Nn_
from core.i18n.stored import Said
from core.status import template as status_template
from core.webhooks import SoftBouncePolicy
from core.webhooks.policy import AddressStatus

# The note a new event gets when it is queued (functions/webhooks/store.py).
QUEUED = Said("event.queued", N_("Waiting for the next flush."))


def waiting(reason: Said) -> Said:
    """The note of events that stay queued, with why."""
    return Said("event.waiting", N_("Waiting: {reason}"), reason=reason)


def address_changed(rows: list[int]) -> Said:
    if not rows:
        return Said("event.address_not_in_sheet", N_("The old address is not in the sheet: nothing to change."))
    return Said("event.address_changed", Nn_("Address changed in row {rows}.", "Address changed in rows {rows}."),
                n=len(rows), rows=rows)


def address_expired(days: int) -> Said:
    """An address change whose new address was dropped unapplied after ``store.ADDRESS_HOLD``."""
    return Said("event.address_expired", Nn_(
        "Not applied: the sheet could not be written for {n} day, and Rensa keeps a new address no longer than "
        "that; the newsletter tool still has it.",
        "Not applied: the sheet could not be written for {n} days, and Rensa keeps a new address no longer than "
        "that; the newsletter tool still has it."), n=days)


def flagged(rows: list[int], reason: Said) -> Said:
    if not rows:
        return Said("event.flagged_not_in_sheet",
                    N_("Not in the sheet; kept on the suppression list: {reason}."), reason=reason)
    return Said("event.flagged", Nn_("Marked do-not-send in row {rows}: {reason}.",
                                     "Marked do-not-send in rows {rows}: {reason}."), n=len(rows), rows=rows, reason=reason)


def no_change(reason: Said) -> Said:
    return Said("event.no_change", N_("No change: {reason}."), reason=reason)


def formula_kept(rows: list[int]) -> Said:
    return Said("event.formula_kept", Nn_("No change: the e-mail cell holds a formula (row {rows}).",
                                          "No change: the e-mail cell holds a formula (rows {rows})."),
                n=len(rows), rows=rows)


def sheet_moved(rows: list[int]) -> Said:
    """Why addresses whose rows moved between Rensa's read and its write wait (the connection's last problem)."""
    return Said("sheet.moved", Nn_(
        "The sheet changed while Rensa was writing (row {rows}); those addresses wait for the next flush.",
        "The sheet changed while Rensa was writing (rows {rows}); those addresses wait for the next flush."),
        n=len(rows), rows=rows)


# What each kind of event is, in a person's words (the API's ``kind_text`` beside the ``kind`` code).
KIND_WORDS = {
    "hard_bounce": N_("hard bounce"),
    "soft_bounce": N_("soft bounce"),
    "complaint": N_("spam complaint"),
    "unsubscribe": N_("unsubscribed"),
    "email_change": N_("address change"),
    "positive": N_("sign of life"),
    "ignored": N_("other event"),
}


# Why an event that is not about soft bounces changed nothing (by the event's kind).
_EVENT_REASONS = {
    "positive": N_("a sign of life (delivered, opened or clicked)"),
    "ignored": N_("not a delivery signal"),
    "email_change": N_("an address change without the new address"),
}


def reason(verdict: AddressStatus, event_kind: str, policy: SoftBouncePolicy | None) -> Said:
    """Why the address is (or is not) marked, in words: the policy's verdict, or the event's own kind."""
    policy = policy or SoftBouncePolicy()
    n, rule = verdict.soft_bounces, {"threshold": policy.threshold, "min_days": policy.min_span.days}
    if verdict.action == "flag" and verdict.kind != "soft_bounce":
        return Said(f"reason.{verdict.kind}", status_template(f"bounce.{verdict.kind}"))
    if event_kind != "soft_bounce" and verdict.action != "flag":
        return Said(f"reason.{event_kind}", _EVENT_REASONS.get(event_kind, _EVENT_REASONS["ignored"]))
    if verdict.action == "flag":
        return Said("reason.soft_bounces", Nn_(
            "{n} soft bounce over {days} days (the rule: {threshold} over at least {min_days} days)",
            "{n} soft bounces over {days} days (the rule: {threshold} over at least {min_days} days)"),
            n=n, days=verdict.span_days or 0, **rule)
    if verdict.action == "watch" and n >= policy.threshold:
        if verdict.span_days is None:
            return Said("reason.soft_bounces_untimed", Nn_(
                "{n} soft bounce, not all with a time: waiting until they span {min_days} days",
                "{n} soft bounces, not all with a time: waiting until they span {min_days} days"), n=n, **rule)
        return Said("reason.soft_bounces_too_close", Nn_(
            "{n} soft bounce within {days} days: waiting until they span {min_days} days",
            "{n} soft bounces within {days} days: waiting until they span {min_days} days"),
            n=n, days=verdict.span_days, **rule)
    if verdict.action == "watch":
        return Said("reason.soft_bounces_watched", Nn_("{n} soft bounce so far (marked at {threshold})",
                                                        "{n} soft bounces so far (marked at {threshold})"), n=n, **rule)
    return Said("reason.soft_bounces_counted", Nn_("{n} soft bounce since the last sign of life",
                                                    "{n} soft bounces since the last sign of life"), n=n)
