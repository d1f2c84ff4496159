"""``POST /v1/clean`` over HTTP: the engine's answer, bad input with stable codes, dry runs, idempotency, billing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from core.clean import clean
from core.status import summary as say_summary
from tests.fakes.stack import ROOT
from tests.functions._api import Api

HEADER = ["Namn", "E-post", "Telefon", "Postnummer"]
ROWS = [
    ["Anna Berg", "ANNA.BERG@GMAIL.COM", "070-123 45 67", "11418"],
    ["  björn  ek ", "bjorn.ek@gmail.com", "+46 8 123 456 78", 41105],
    ["anna berg", "anna.berg@gmail.com", "0701234567", "114 18"],
    ["", "", "", None],
]


def _without(body: dict, *keys: str) -> dict:
    return {k: v for k, v in body.items() if k not in keys}


def test_clean_answers_what_core_clean_returns_plus_usage(stack):
    api = Api(stack)
    answer = api.call("POST", "/v1/clean", {"header": HEADER, "rows": ROWS, "options": {"country": "se"}}, token=api.new_user())
    assert answer.status == 200
    text_rows = [["Anna Berg", "ANNA.BERG@GMAIL.COM", "070-123 45 67", "11418"], ["  björn  ek ", "bjorn.ek@gmail.com", "+46 8 123 456 78", "41105"],
                 ["anna berg", "anna.berg@gmail.com", "0701234567", "114 18"], ["", "", "", ""]]
    expected = clean((HEADER, text_rows), {"country": "SE"}).model_dump(mode="json")
    assert _without(answer.body, "usage", "dry_run", "summary") == expected
    # the count sentences are core's, for these counts: the same lines the CLI prints and the sidebar shows
    assert answer.body["summary"] == say_summary(clean((HEADER, text_rows), {"country": "SE"}).counts, dry_run=False)
    # the blank fourth row is not charged
    assert answer.body["usage"] == {"rows_charged": 3, "free_rows_left": 497, "credits_left": 0, "replayed": False}
    assert answer.body["dry_run"] is False


def _bad_inputs():
    long_cell = "x" * 501
    return [
        ("malformed json", b'{"header": [', 400, "request.malformed_json",
         "The body is not valid JSON: Expecting value: line 1 column 13 (char 12).", None, None),
        ("not an object", b"[1, 2]", 400, "request.invalid", "The body must be a JSON object.", None, None),
        ("rows missing", {"header": ["a"]}, 400, "request.invalid", "rows: this field is required.", None, "rows"),
        ("rows not a list", {"header": ["a"], "rows": "a,b"}, 400, "request.invalid", "rows: this must be a list.", None, "rows"),
        ("empty header", {"header": [], "rows": []}, 400, "request.invalid",
         "header: too short (at least 1).", None, "header"),
        ("object in a cell", {"header": HEADER, "rows": [ROWS[0], ["Bo", {"x": 1}]]}, 400, "request.invalid_cell",
         "Row 2, E-post: a cell must be text, a number, true/false or empty.", 2, "E-post"),
        ("list in a cell", {"header": HEADER, "rows": [[["a"]]]}, 400, "request.invalid_cell",
         "Row 1, Namn: a cell must be text, a number, true/false or empty.", 1, "Namn"),
        ("row longer than header", {"header": ["Namn", "E-post"], "rows": [["a", "b", "c"]]}, 400, "request.row_too_long",
         "Row 1 has 3 cells, more than the header's columns (2).", 1, None),
        ("too many rows", {"header": ["Namn"], "rows": [["a"]] * 1001}, 400, "request.too_many_rows",
         "1,001 rows is more than the 1,000 allowed per call. Send the rows in chunks.", None, "rows"),
        ("too many columns", {"header": [f"c{i}" for i in range(41)], "rows": []}, 400, "request.too_many_columns",
         "41 columns is more than the 40 allowed.", None, "header"),
        ("cell too long", {"header": HEADER, "rows": [ROWS[0], ["Bo", "bo@x.se", "", long_cell]]}, 400, "request.cell_too_long",
         "A cell in column “Postnummer” has 501 characters; at most 500 are allowed.", 2, "Postnummer"),
        ("oversized payload", {"header": ["Namn"], "rows": [["y" * 400] for _ in range(800)]}, 413, "request.too_large",
         "The request is larger than 300,000 bytes. Send fewer rows per call.", None, None),
        ("role for a column that is not there", {"header": HEADER, "rows": [ROWS[0]], "options": {"roles": {"Mail": "email"}}}, 400,
         "input.unknown_column", "There is no column 'Mail' to set a role for. The columns are: Namn, E-post, Telefon, Postnummer.", None, "Mail"),
        ("unknown option", {"header": HEADER, "rows": [], "options": {"colour": "red"}}, 400, "request.invalid",
         "options.colour: this field is not known.", None, "options.colour"),
        ("bad country", {"header": HEADER, "rows": [], "options": {"country": "Sweden"}}, 400, "request.invalid",
         "options.country: use a two-letter country code such as SE, NO, DK or FI.", None, "options.country"),
        ("dry_run not a boolean", {"header": HEADER, "rows": [], "dry_run": "maybe"}, 400, "request.invalid",
         "dry_run: this must be true or false.", None, "dry_run"),
        ("empty idempotency key", {"header": HEADER, "rows": [], "idempotency_key": ""}, 400, "request.invalid",
         "idempotency_key: too short (at least 1).", None, "idempotency_key"),
    ]


@pytest.mark.parametrize("label,body,status,code,message,row,field", _bad_inputs(), ids=[case[0] for case in _bad_inputs()])
def test_bad_input_is_a_4xx_with_a_stable_code(sqlite_stack, label, body, status, code, message, row, field):
    api = Api(sqlite_stack)
    token = api.new_user()
    if isinstance(body, bytes):
        answer = api.call("POST", "/v1/clean", data=body, token=token)
    else:
        answer = api.call("POST", "/v1/clean", body, token=token)
    assert (answer.status, answer.body) == (status, {"code": code, "message": message, "row": row, "field": field})


def test_unknown_role_name_names_the_allowed_roles(sqlite_stack):
    api = Api(sqlite_stack)
    answer = api.call("POST", "/v1/clean", {"header": HEADER, "rows": [], "options": {"roles": {"E-post": "emial"}}}, token=api.new_user())
    assert (answer.status, answer.body["code"], answer.body["field"]) == (400, "request.invalid", "options.roles.E-post")
    assert answer.body["message"].startswith("options.roles.E-post: use email, phone, full_name")


def test_role_override_by_header_and_by_index(sqlite_stack):
    api = Api(sqlite_stack)
    body = {"header": ["Kontakt", "Övrigt"], "rows": [["anna@firma.se", "x"]], "options": {"roles": {"Kontakt": "email", "1": None}}}
    answer = api.call("POST", "/v1/clean", body, token=api.new_user())
    assert (answer.status, answer.body["roles"]) == (200, ["email", None])


@pytest.mark.parametrize("method,path,status,code", [("GET", "/v1/clean", 405, "method_not_allowed"), ("POST", "/v2/clean", 404, "not_found")])
def test_unknown_routes_and_methods(sqlite_stack, method, path, status, code):
    answer = Api(sqlite_stack).call(method, path)
    assert (answer.status, answer.body["code"]) == (status, code)


def test_dry_run_is_free_and_idempotency_key_charges_once(stack):
    api = Api(stack)
    token = api.new_user()
    body = {"header": HEADER, "rows": ROWS[:3]}
    dry = api.call("POST", "/v1/clean", {**body, "dry_run": True}, token=token)
    assert (dry.status, dry.body["usage"], dry.body["dry_run"]) == (
        200, {"rows_charged": 0, "free_rows_left": 500, "credits_left": 0, "replayed": False}, True
    )
    first = api.call("POST", "/v1/clean", {**body, "idempotency_key": "chunk-1"}, token=token)
    again = api.call("POST", "/v1/clean", {**body, "idempotency_key": "chunk-1"}, token=token)
    assert first.body["usage"] == {"rows_charged": 3, "free_rows_left": 497, "credits_left": 0, "replayed": False}
    assert again.body["usage"] == {"rows_charged": 0, "free_rows_left": 497, "credits_left": 0, "replayed": True}
    assert _without(again.body, "usage") == _without(first.body, "usage")
    other = api.call("POST", "/v1/clean", {**body, "rows": ROWS[:1], "idempotency_key": "chunk-1"}, token=token)
    assert (other.status, other.body) == (409, {
        "code": "idempotency.mismatch", "message": "This idempotency_key was already used for a different request; use a new key.",
        "row": None, "field": "idempotency_key",
    })
    usage = api.call("GET", "/v1/usage", token=token).body
    assert (usage["free_rows_left"], usage["rows_this_period"], len(usage["recent"])) == (497, 3, 1)


def _grant(stack, account_id: str, rows: int) -> dict:
    env = {**os.environ, "RENSA_DATABASE_URL": stack.database_url}
    out = subprocess.run([sys.executable, "-m", "functions.admin", "grant-credits", account_id, str(rows), "--reason", "test: credits for the 402 case"], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_beyond_free_tier_and_credits_is_402_then_credits_pay(stack):
    api = Api(stack)
    token = api.new_user()
    rows = [[f"Person {i}", f"p{i}@firma.se", "", ""] for i in range(450)]
    assert api.call("POST", "/v1/clean", {"header": HEADER, "rows": rows}, token=token).status == 200
    refused = api.call("POST", "/v1/clean", {"header": HEADER, "rows": rows[:100]}, token=token)
    assert (refused.status, refused.body) == (402, {
        "code": "billing.limit_reached",
        "message": "This clean needs 100 rows, more than is left this month (free rows: 50; credits: 0). "
                   "Buy credits, clean fewer rows, or use a dry run (free) to test.",
        "row": None, "field": None,
    })
    assert api.call("POST", "/v1/clean", {"header": HEADER, "rows": rows[:100], "dry_run": True}, token=token).status == 200
    account_id = api.call("GET", "/v1/usage", token=token).body["account_id"]
    assert _grant(stack, account_id, 80) == {"account_id": account_id, "credits_left": 80, "reason": "test: credits for the 402 case"}
    paid = api.call("POST", "/v1/clean", {"header": HEADER, "rows": rows[:100]}, token=token)
    assert paid.body["usage"] == {"rows_charged": 100, "free_rows_left": 0, "credits_left": 30, "replayed": False}
    recent = api.call("GET", "/v1/usage", token=token).body["recent"][0]
    assert {k: recent[k] for k in ("kind", "endpoint", "rows", "free_rows", "credit_rows", "credits_delta")} == {
        "kind": "usage", "endpoint": "clean", "rows": 100, "free_rows": 50, "credit_rows": 50, "credits_delta": -50,
    }


def test_oversized_chunked_body_without_content_length_is_413(sqlite_stack):
    import requests

    api = Api(sqlite_stack)
    piece = json.dumps({"header": ["Namn"], "rows": [["z" * 400]] * 900}).encode()

    def chunks():  # a generator body makes requests send Transfer-Encoding: chunked
        for i in range(0, len(piece), 65536):
            yield piece[i:i + 65536]

    response = requests.post(f"{api.url}/v1/clean", data=chunks(), timeout=60,
                             headers={"Authorization": f"Bearer {api.new_user()}", "Content-Type": "application/json"})
    assert "Content-Length" not in response.request.headers
    assert (response.status_code, response.json()["code"]) == (413, "request.too_large")


def test_health_is_public(sqlite_stack):
    answer = Api(sqlite_stack).call("GET", "/v1/health")
    share_with = sqlite_stack.info["service_account_email"]
    assert (answer.status, answer.body) == (200, {"status": "ok", "api": "v1", "database": "ok", "service_account_email": share_with})


def test_match_columns_and_dedupe_level_over_http(stack):
    """The dedup options the CLI has (--match-on, --dedupe-level) are the API's too, with their own errors."""
    api = Api(stack)
    token = api.new_user()
    header = ["Kundnr", "Namn", "Firma", "Org.nr", "E-post"]
    rows = [["K1", "Tor Haugen", "Haugen Bygg AS", "923456783", "faktura@haugenbygg.no"],
            ["K2", "Kari Nilsen", "Haugen Bygg", "923456783", "faktura@haugenbygg.no"]]
    by_company = api.call("POST", "/v1/clean", {"header": header, "rows": rows, "dry_run": True,
                                                "options": {"country": "NO", "dedupe_level": "company"}}, token=token)
    assert by_company.status == 200
    [cluster] = by_company.body["duplicates"]
    assert (cluster["rows"], cluster["band"], cluster["level"]) == ([1, 2], "sure", "company")
    assert cluster["pairs"][0]["reasons"][:2] == ["same organisation number", "same company"]
    by_person = api.call("POST", "/v1/clean", {"header": header, "rows": rows, "dry_run": True,
                                               "options": {"country": "NO", "match_on": ["Namn", "E-post"]}},
                         token=token)
    assert by_person.status == 200 and by_person.body["duplicates"] == []  # two colleagues, one role address
    unknown = api.call("POST", "/v1/clean", {"header": header, "rows": rows, "dry_run": True,
                                             "options": {"match_on": ["Kundnummer"]}}, token=token)
    assert unknown.status == 400
    assert unknown.body["code"] == "input.match_on"
    assert unknown.body["message"].startswith("Match column 'Kundnummer': the register has no such column.")
