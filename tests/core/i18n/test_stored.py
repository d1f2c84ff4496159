"""core.i18n.stored: a sentence kept as code, template and arguments is said later in any language."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import RensaError
from core.i18n import translator
from core.i18n.stored import Said, code_of, shown

PROBLEM = "The column '{column}' is no longer in the sheet's header."
ROWS = ("The sheet changed while Rensa was writing (row {rows}); those addresses wait for the next flush.",
        "The sheet changed while Rensa was writing (rows {rows}); those addresses wait for the next flush.")


@pytest.mark.parametrize("language", ["en", "sv", "nb", "da", "fi"])
def test_a_kept_sentence_is_said_in_the_reader_s_language_after_a_round_trip_through_json(language):
    t = translator(language)
    moved = Said("sheet.moved", ROWS, n=2, rows=[3, 7])
    waiting = Said("event.waiting", "Waiting: {reason}", reason=moved)
    kept = Said.from_json(waiting.to_json())
    assert kept == waiting and kept.code == "event.waiting"
    assert kept.text(language) == t._("Waiting: {reason}", reason=t.n_(*ROWS, 2, rows=[3, 7]))
    if language != "en":
        assert kept.text(language) != kept.text("en")  # translated, the nested sentence too
        assert t.n_(*ROWS, 2, rows=[3, 7]) in kept.text(language)


def test_an_error_is_kept_with_its_code_template_and_arguments():
    error = RensaError(PROBLEM, code="connection.column_missing", column="E-post")
    kept = Said.of_error(error)
    assert (kept.code, kept.message, dict(kept.params)) == ("connection.column_missing", PROBLEM, {"column": "E-post"})
    assert Said.from_json(kept.to_json()).text("sv") == error.text("sv") != error.text("en")
    inner = RensaError("Row {row} could not be read: {problem}", code="outer", row=4,
                       problem=RensaError(PROBLEM, code="inner", column="Mobil"))
    nested = Said.from_json(Said.of_error(inner).to_json())
    assert nested.params["problem"].code == "inner"  # an error inside an error stays a sentence, not text
    assert nested.text("en") == "Row 4 could not be read: The column 'Mobil' is no longer in the sheet's header."


def test_an_error_whose_count_is_called_n_keeps_it():
    error = RensaError("This clean needs {n} rows but only {free} free rows are left.", code="billing.limit_reached",
                       n=1200, free=0)
    kept = Said.from_json(Said.of_error(error).to_json())
    assert kept.text("en") == "This clean needs 1,200 rows but only 0 free rows are left."
    assert kept.text("sv") == error.text("sv")


def test_arguments_that_are_not_json_are_kept_as_their_text():
    kept = Said.from_json(Said("x", "On {when}: {what}", when=dt.date(2026, 12, 1), what={"a": 1}).to_json())
    assert dict(kept.params) == {"when": "2026-12-01", "what": "{'a': 1}"}


@pytest.mark.parametrize("stored", [
    "waiting for the next flush",  # a note kept before sentences were kept this way
    "flagged (row 2): hard bounce: flag at once",
    "{not json",
    '{"only": "a dict"}',
    "",
    None,
])
def test_text_stored_before_is_shown_as_it_is(stored):
    assert shown(stored, "sv") == stored
    assert code_of(stored) is None


@pytest.mark.parametrize("kept", [
    Said("broken", "Row {row} of {file}", row=3),  # a placeholder without its argument
    Said("broken", "An unclosed {brace", n=1),
    Said("broken", ("{n} row in {file}", "{n} rows in {file}"), n=2),
])
def test_a_sentence_that_cannot_be_filled_never_breaks_the_answer(kept):
    for language in ("en", "sv", "fi"):
        assert kept.text(language) == (kept.message if isinstance(kept.message, str) else kept.message[1])
