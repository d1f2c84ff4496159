"""No live formula through the API or into a connected sheet (issue 11): phone, company, street and city
used to pass ``=HYPERLINK(...)``, ``+SUM(...)``, ``@SUM(...)`` and a ``=`` behind a stripped U+200B unflagged."""

from __future__ import annotations

import uuid

from core.fields.cell import formula_trigger
from tests.functions._api import Api

HEADER = ["Namn", "Telefon", "Företag", "Gata", "Ort"]
ROLES = {"Telefon": "phone", "Företag": "company", "Gata": "street", "Ort": "city"}
ROWS = [
    ["Anna Berg", '=HYPERLINK("http://evil.example","x")', "+SUM(1,1)", "@SUM(1,1)", "\u200b=1+1"],
    ["Bo Ek", "-2+3+cmd|' /C calc'!A0", "\ufeff=1+1", "\x00=1+1", "+cmd|x"],
    ["Cecilia Ström", "@SUM(1,1)", "Firma AB", "Storgatan 1", "Stockholm"],
    ["Dan Lund", "+46 70 123 45 67", "Lund AB", "Lundgatan 2", "Lund"],
]


def test_clean_returns_no_live_formula_and_flags_each(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    answer = api.call("POST", "/v1/clean", {"header": HEADER, "rows": ROWS, "options": {"roles": ROLES}}, token=token)
    assert answer.status == 200
    values = [v for row in answer.body["rows"] for v in row] + [c["after"] for c in answer.body["changes"]]
    values += [i["suggestion"] for i in answer.body["issues"] if i["suggestion"]] + answer.body["status"]
    assert [v for v in values if formula_trigger(v)] == []
    flagged = {(i["row"], i["column"]) for i in answer.body["issues"] if i["code"] == "cell.formula"}
    assert flagged == {(1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2), (2, 3), (2, 4), (3, 1)}
    assert answer.body["rows"][3][1] == "+46701234567"  # a real phone is returned as a usable phone

    check = api.call("POST", "/v1/check", {"header": HEADER, "row": ROWS[0], "options": {"roles": ROLES}}, token=token)
    assert [v for v in check.body["record"]["row"] if formula_trigger(v)] == []


def test_a_register_clean_writes_no_live_formula_into_the_sheet(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    spreadsheet_id = "1Formula" + uuid.uuid4().hex
    sqlite_stack.sheets.add(spreadsheet_id, {"Kunder": [HEADER, *ROWS]}, cols=len(HEADER))
    register = api.call("POST", "/v1/registers", {"spreadsheet_id": spreadsheet_id, "sheet": "Kunder"}, token=token)
    answer = api.call("POST", f"/v1/registers/{register.body['id']}/clean", {"options": {"roles": ROLES}}, token=token)
    assert answer.status == 200
    grid = sqlite_stack.sheets.grid(spreadsheet_id, "Kunder")
    assert [v for row in grid[1:] for v in row if formula_trigger(v)] == []
    assert grid[4][1] == "+46701234567"
