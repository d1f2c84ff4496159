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
    ({"language": "fi"}, {"Accept-Language": "sv"}, "fi", "Verkkotunnus näyttää kirjoitetun väärin: tarkoititko gmail.com?"),
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
        "request.row_too_long", "Rivillä 1 on 2 solua, enemmän kuin otsikkorivillä on sarakkeita (1).")
    answer = api.call("GET", "/v1/no-such-thing", token=token, headers={"Accept-Language": "sv"})
    assert (answer.status, answer.body["message"]) == (404, "Det finns ingen sådan adress i API:et; se /v1/openapi.yaml.")


# ---- i14b: every answer a person reads, not only the clean's -----------------------------------------------------
from tests.functions.test_bodies import PATHS, _answer, _connect, _head  # noqa: E402 (the raw-socket helpers)


@pytest.mark.parametrize(("language", "too_large", "stalled"), [
    ("sv", "Anropet är större än", "Anropets innehåll kom inte fram inom 2 sekunder."),
    ("fi", "Pyyntö on suurempi kuin", "Pyynnön sisältö ei saapunut 2 sekunnin kuluessa."),
])
def test_body_limit_answers_follow_accept_language(sqlite_stack, language, too_large, stalled):
    """413 and 408 come before the body is read (so before options.language is known): Accept-Language."""
    with _connect(sqlite_stack, "api_url") as sock:
        sock.sendall(_head(PATHS["api_url"], f"Accept-Language: {language}\r\nContent-Length: {300 * 1024 * 1024}\r\n"))
        status, _, body = _answer(sock)
    assert (status, body["code"]) == (413, "request.too_large")
    assert body["message"].startswith(too_large)
    with _connect(sqlite_stack, "api_url") as sock:
        sock.sendall(_head(PATHS["api_url"], f"Accept-Language: {language}\r\nContent-Length: 1000\r\n") + b'{"header": [')
        status, _, body = _answer(sock)
    assert (status, body["code"], body["message"]) == (408, "request.timeout", stalled)


def test_handler_and_validator_errors_follow_the_language(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    # a pydantic validator's own reason, named after its field
    answer = api.call("POST", "/v1/clean", {"header": ["a"], "rows": [["x"]], "options": {"country": "Sverige",
                                                                                         "language": "sv"}}, token=token)
    assert (answer.status, answer.body["code"]) == (400, "request.invalid")
    assert answer.body["message"] == "options.country: använd en landskod med två bokstäver, som SE, NO, DK eller FI."
    # an adapter's error (the account has no such job), in the Accept-Language
    answer = api.call("POST", "/v1/jobs/job_nope/finish", {}, token=token, headers={"Accept-Language": "da"})
    assert answer.body["code"] == "not_found"
    assert answer.body["message"] == "Der findes intet vaskejob med det id på denne konto."
    # the credentials themselves
    answer = api.call("GET", "/v1/usage", token="rk_not_a_key", headers={"Accept-Language": "nb-NO"})
    assert (answer.status, answer.body["message"]) == (401, "API-nøkkelen er ukjent. Sjekk at hele nøkkelen ble kopiert.")
    # /v1/duplicates reads its own body: its limits speak options.language
    answer = api.call("POST", "/v1/duplicates", {"header": ["E-post"], "rows": [["a@x.se", "b"]],
                                                 "options": {"language": "fi"}}, token=token)
    assert (answer.body["code"], answer.body["message"]) == (
        "request.row_too_long", "Rivillä 1 on 2 solua, enemmän kuin otsikkorivillä on sarakkeita (1).")


def test_the_price_and_the_usage_words_are_in_the_language(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    quote = api.call("POST", "/v1/quotes", {"rows": 3, "rows_unchanged": 2}, token=token,
                     headers={"Accept-Language": "sv-SE"}).body
    assert quote["sentence"] == ("Den här tvätten kostar 3 rader: 3 rader gratis. 2 rader som är oförändrade sedan "
                                 "förra tvätten kostar inget.")
    usage = api.call("GET", "/v1/usage", token=token, headers={"Accept-Language": "nb"}).body
    assert usage["words"]["month"].startswith("Denne måneden (")
    assert usage["words"]["last_clean"] == "Ingen vask fra sidepanelet ennå."
    english = api.call("GET", "/v1/usage", token=token).body
    assert english["words"]["last_clean"] == "No clean from the sidebar yet."


def test_the_suppression_list_kinds_are_named_in_the_language(sqlite_stack):
    """The sidebar's Contact tab offers the kinds by these names (i14a)."""
    api = Api(sqlite_stack)
    token = api.new_user()
    names = {lang: {k["kind"]: k["name"] for k in api.call("GET", "/v1/suppression-lists", token=token,
                                                            headers={"Accept-Language": lang}).body["kinds"]}
             for lang in ("en", "sv", "fi")}
    assert names["en"]["deceased"] == "the list of deceased persons"
    assert names["sv"]["deceased"] == "listan över avlidna"
    assert names["sv"]["nix"] == names["en"]["nix"] == "NIX-Telefon"  # a register's own name
    assert all(names["fi"][kind] != names["en"][kind] for kind in names["en"] if kind != "nix")


def test_a_connected_register_s_backup_tab_has_the_add_on_s_name_in_every_language():
    """The server names its backups with the add-on's own message (addon/Tabs.gs RENSA_TAB_NAMES), in the
    register's language, cut as the add-on cuts it; an English name keeps the old prefix the add-on still knows."""
    import datetime as dt
    import pathlib

    from core.i18n import translator
    from functions.adapters.sheets import BACKUP_PREFIX, BACKUP_TITLE, backup_title

    addon = pathlib.Path(__file__).resolve().parents[2] / "addon"
    assert f"const BACKUP_PREFIX = '{BACKUP_PREFIX}';" in (addon / "Sheet.gs").read_text(encoding="utf-8")
    assert f"backup: N_('{BACKUP_TITLE}')" in (addon / "Tabs.gs").read_text(encoding="utf-8")
    at = dt.datetime(2026, 12, 1, 23, 5, tzinfo=dt.UTC)
    assert backup_title("K" * 200, at) == f"{BACKUP_PREFIX}{'K' * 60} 2026-12-01 23:05 UTC"
    for language in ("sv", "nb", "da", "fi"):
        title = backup_title("K" * 200, at, language)
        kept = title.count("K")  # the tab's name is cut to 60, or shorter where the language's words are longer
        assert title == translator(language)._(BACKUP_TITLE, tab="K" * kept, stamp="2026-12-01 23:05"), language
        assert not title.startswith(BACKUP_PREFIX), title
        assert len(title + " (99)") <= 100 and (kept == 60 or len(title + " (99)") == 100)  # Google's 100 characters
    assert backup_title("Kunder", at, "sv") == "Rensa-säkerhetskopia: Kunder 2026-12-01 23:05 UTC"


@pytest.mark.parametrize(("language", "shown"), [
    ("en", "2 Dec"), ("sv", "2 dec."), ("nb", "2. des."), ("da", "2. dec."), ("fi", "2.12."),
])
def test_the_usage_tab_writes_a_day_the_locale_s_way(language, shown):
    from core.i18n import translator
    from functions.usage_words import day

    assert day("2026-12-02T09:30:00+00:00", translator(language)) == shown
