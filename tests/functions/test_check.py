"""``POST /v1/check`` over HTTP: one record cleaned at entry, and its probable duplicates in a connected register."""

from __future__ import annotations

import uuid

from tests.functions._api import Api

GRID = [
    ["Namn", "E-post", "Telefon", "Postnummer", "Ort"],
    ["Anna Berg", "anna.berg@gmail.com", "070-123 45 67", "114 18", "Stockholm"],
    ["Björn Ek", "bjorn.ek@gmail.com", "+46701112233", "411 05", "Göteborg"],
    ["Kari Nordmann", "kari@firma.no", "+47 912 34 567", "0150", "Oslo"],
]


def _register(stack, api, token):
    sid = "1Check" + uuid.uuid4().hex
    stack.sheets.add(sid, {"Kunder": GRID})
    return sid, api.call("POST", "/v1/registers", {"spreadsheet_id": sid, "sheet": "Kunder"}, token=token).body["id"]


def test_check_without_register_cleans_the_record(sqlite_stack):
    api = Api(sqlite_stack)
    answer = api.call("POST", "/v1/check", {"header": ["E-post", "Mobil"], "row": ["ANNA@FIRMA.SE", "070-123 45 67"]}, token=api.new_user())
    assert answer.status == 200
    record = answer.body["record"]
    assert (record["roles"], record["row"], record["status"]) == (["email", "phone"], ["ANNA@firma.se", "+46701234567"], [""])
    assert [(c["column"], c["before"], c["after"]) for c in record["changes"]] == [(0, "ANNA@FIRMA.SE", "ANNA@firma.se"), (1, "070-123 45 67", "+46701234567")]
    assert answer.body["matches"] == [] and answer.body["usage"]["rows_charged"] == 1


def test_check_finds_the_duplicate_in_the_register_with_reasons(stack):
    api = Api(stack)
    token = api.new_user()
    sid, rid = _register(stack, api, token)
    # another column order and header language than the register: matched by role
    body = {"header": ["E-mail", "Full name", "Phone"], "row": ["Anna.Berg@Gmail.com", "anna berg", "0701234567"], "register_id": rid}
    answer = api.call("POST", "/v1/check", body, token=token)
    assert answer.status == 200
    [match] = answer.body["matches"]
    assert (match["row"], match["band"], match["values"][0]) == (1, "sure", "Anna Berg")
    assert "same e-mail" in match["reasons"] and "same phone" in match["reasons"]
    assert match["explanation"].startswith(", ".join(match["reasons"]))

    reads = len(stack.sheets.log)
    none = api.call("POST", "/v1/check", {**body, "row": ["ny.kund@firma.se", "Ny Kund", "0709998877"]}, token=token)
    assert none.body["matches"] == []
    assert len(stack.sheets.log) == reads  # the register came from the instance's short-lived cache


def test_check_against_unknown_register_is_404(sqlite_stack):
    api = Api(sqlite_stack)
    answer = api.call("POST", "/v1/check", {"header": ["E-post"], "row": ["a@b.se"], "register_id": "reg_nope"}, token=api.new_user())
    assert (answer.status, answer.body) == (404, {
        "code": "not_found", "message": "There is no register with that id in this account.", "row": None, "field": "register_id",
    })


def test_check_row_with_a_bad_cell_names_the_column(sqlite_stack):
    api = Api(sqlite_stack)
    answer = api.call("POST", "/v1/check", {"header": ["Namn", "E-post"], "row": ["Anna", ["x"]]}, token=api.new_user())
    assert (answer.status, answer.body) == (400, {
        "code": "request.invalid_cell", "message": "Row 1, E-post: a cell must be text, a number, true/false or empty.", "row": 1, "field": "E-post",
    })
