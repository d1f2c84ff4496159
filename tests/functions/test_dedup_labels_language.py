"""The API's status sentences name a user's match column in the caller's language (issue 14, i9h)."""

from __future__ import annotations

import pytest

from tests.functions._api import Api

HEADER = ["Kundnr", "Namn", "Ort"]
ROWS = [["A-1001", "Anna Berg", "Umeå"], ["A-1001", "Anna Berg", "Umeå"], ["B-2002", "Per Ek", "Luleå"],
        ["A-1003", "Eva Lind", "Kiruna"], ["A-1O03", "Eva Lind", "Kiruna"]]


@pytest.mark.parametrize(("language", "same", "off"), [
    ("sv", "samma Kundnr", "Kundnr skiljer på ett tecken"),
    ("fi", "sama Kundnr", "Kundnr eroaa yhdellä merkillä"),
    ("en", "same Kundnr", "Kundnr one character off"),
])
def test_clean_status_says_the_match_column_in_the_language(stack, language, same, off):
    api = Api(stack)
    body = {"header": HEADER, "rows": ROWS, "options": {"language": language, "match_on": ["Kundnr", "Namn"]}}
    answer = api.call("POST", "/v1/clean", body, token=api.new_user())
    assert answer.status == 200
    status = answer.body["status"]
    assert same in status[1] and off in status[4]
    reasons = [reason for cluster in answer.body["duplicates"] for reason in cluster["reasons"]]
    assert "same Kundnr" in reasons and "Kundnr one character off" in reasons  # the labels stay English
