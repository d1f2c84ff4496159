"""The API speaks the caller's language: options.language, else Accept-Language, else English; codes stay."""

from __future__ import annotations

import pytest

from tests.functions._api import Api

HEADER = ["Förnamn", "E-post", "Mobil", "Postnr"]
ROWS = [["Anna", "anna@gmial.com", "070-123 45 67", "123"], ["Ola", "ola@example.no", "12", "11418"]]


@pytest.mark.parametrize(("options", "headers", "language", "typo"), [
    ({"language": "sv"}, {}, "sv", "Domänen ser felstavad ut: menade du gmail.com?"),
    ({"language": "no"}, {}, "nb", "Domenet ser feilstavet ut: mente du gmail.com?"),
    ({}, {"Accept-Language": "da-DK,da;q=0.9,en;q=0.5"}, "da", "Domænet ser ud til at være stavet forkert: mente du gmail.com?"),
    ({"language": "fi"}, {"Accept-Language": "sv"}, "fi", "Verkkotunnus näyttää kirjoitusvirheeltä: tarkoititko gmail.com?"),
    ({}, {}, "en", "The domain looks misspelled: did you mean gmail.com?"),
    ({"language": "de"}, {}, "en", "The domain looks misspelled: did you mean gmail.com?"),
])
def test_clean_answers_in_the_chosen_language(stack, options, headers, language, typo):
    api = Api(stack)
    body = {"header": HEADER, "rows": ROWS, "options": options}
    answer = api.call("POST", "/v1/clean", body, token=api.new_user(), headers=headers)
    assert answer.status == 200
    assert answer.headers["Content-Language"] == language
    typo_issue = next(i for i in answer.body["issues"] if i["code"] == "email.typo")
    assert typo_issue["message"] == typo
    assert typo_issue["params"] == {"domain": "gmail.com"}  # the codes and params are the API: no language
    assert answer.body["status"][0].startswith("E-post: " + typo)


def test_errors_follow_the_language_too(stack):
    api = Api(stack)
    token = api.new_user()
    answer = api.call("POST", "/v1/clean", {"header": ["a"], "rows": "a,b"}, token=token,
                      headers={"Accept-Language": "nb-NO"})
    assert (answer.status, answer.body["code"], answer.body["message"]) == (400, "request.invalid",
                                                                          "rows: må være en liste.")
    answer = api.call("POST", "/v1/clean", {"header": ["a"], "rows": [["x", "y"]], "options": {"language": "fi"}},
                      token=token)
    assert (answer.body["code"], answer.body["message"]) == (
        "request.row_too_long", "Rivillä 1 on 2 solua, mutta otsikkorivillä on 1 saraketta.")
    answer = api.call("GET", "/v1/no-such-thing", token=token, headers={"Accept-Language": "sv"})
    assert (answer.status, answer.body["message"]) == (404, "Det finns ingen sådan adress i API:et; se /v1/openapi.yaml.")
