"""The bounce flush's notes: each verdict of the soft-bounce policy and each event kind says why, in words,
with the policy's numbers; and what is kept carries no e-mail address."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from core.i18n import translator
from core.webhooks import BounceEvent, SoftBouncePolicy, evaluate
from functions.webhooks import notes

DAY = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def _soft(days: list[int | None]) -> list[BounceEvent]:
    return [BounceEvent(provider="brevo", email="kari@firma.no", kind="soft_bounce", terminal=True, rule="r",
                        provider_event="soft_bounce", event_id=f"e{i}", message_id=f"m{i}",
                        occurred_at=None if day is None else DAY + dt.timedelta(days=day)) for i, day in enumerate(days)]


def _event(kind: str) -> BounceEvent:
    return BounceEvent(provider="sendgrid", email="kari@firma.no", kind=kind, terminal=True, rule="r",
                       provider_event=kind, event_id=f"x-{kind}", occurred_at=DAY)


@pytest.mark.parametrize(("history", "kind", "code", "english"), [
    (_soft([0, 2, 4, 6, 9]), "soft_bounce", "reason.soft_bounces",
     "5 soft bounces over 9 days (the rule: 5 over at least 7 days)"),
    (_soft([0, 1, 2, 3, 4]), "soft_bounce", "reason.soft_bounces_too_close",
     "5 soft bounces within 4 days: waiting until they span 7 days"),
    (_soft([0, 1, 2, 3, None]), "soft_bounce", "reason.soft_bounces_untimed",
     "5 soft bounces, not all with a time: waiting until they span 7 days"),
    (_soft([0, 1, 2]), "soft_bounce", "reason.soft_bounces_watched", "3 soft bounces so far (marked at 5)"),
    (_soft([0]), "soft_bounce", "reason.soft_bounces_counted", "1 soft bounce since the last sign of life"),
    ([_event("hard_bounce")], "hard_bounce", "reason.hard_bounce", "the address bounced (hard bounce)"),
    ([_event("complaint")], "complaint", "reason.complaint", "the recipient marked a mail as spam"),
    ([_event("unsubscribe")], "unsubscribe", "reason.unsubscribe", "the recipient unsubscribed"),
    ([_event("positive")], "positive", "reason.positive", "a sign of life (delivered, opened or clicked)"),
    ([_event("ignored")], "ignored", "reason.ignored", "not a delivery signal"),
])
def test_every_verdict_says_why_in_every_language(history, kind, code, english):
    verdict = evaluate(history, SoftBouncePolicy())["kari@firma.no"]
    said = notes.reason(verdict, kind, None)
    assert (said.code, said.text("en")) == (code, english)
    for language in ("sv", "nb", "da", "fi"):
        text = said.text(language)
        assert text != english and "{" not in text
        assert all(number in text for number in re.findall(r"\d+", english))  # the policy's numbers kept


def test_a_kept_note_names_rows_never_an_address():
    rows = [4, 9]
    kept = [notes.address_changed(rows), notes.flagged(rows, notes.reason(evaluate([_event("complaint")])[
        "kari@firma.no"], "complaint", None)), notes.formula_kept(rows), notes.waiting(notes.sheet_moved(rows)),
        notes.address_changed([]), notes.QUEUED]
    for note in kept:
        assert "@" not in note.to_json()
    assert kept[0].text("en") == "Address changed in rows 4 and 9."
    assert kept[0].text("sv") == translator("sv").n_("Address changed in row {rows}.", "Address changed in rows {rows}.",
                                                     2, rows=rows)
    assert notes.address_changed([4]).text("en") == "Address changed in row 4."
