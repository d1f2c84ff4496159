"""Two accounts, every endpoint: one account can never read, change or be billed for another's records."""

from __future__ import annotations

import uuid

from tests.functions._api import Api

GRID = [["Namn", "E-post"], ["Anna Berg", "ANNA@FIRMA.SE"], ["Bo Ek", "bo@firma.se"]]
NOT_FOUND_REGISTER = {"code": "not_found", "message": "There is no register with that id in this account.", "row": None, "field": "register_id"}


def test_accounts_are_isolated_on_every_endpoint(stack):
    api = Api(stack)
    alice, bob = api.new_user(), api.new_user()
    sid = "1Iso" + uuid.uuid4().hex
    stack.sheets.add(sid, {"Kunder": [list(r) for r in GRID]})
    register = api.call("POST", "/v1/registers", {"spreadsheet_id": sid, "sheet": "Kunder"}, token=alice).body["id"]
    key = api.call("POST", "/v1/api-keys", {"name": "alice's"}, token=alice).body
    assert api.call("POST", "/v1/clean", {"header": GRID[0], "rows": GRID[1:]}, token=alice).status == 200

    # Bob sees none of it ...
    assert api.call("GET", "/v1/registers", token=bob).body == {"registers": []}
    assert api.call("GET", "/v1/api-keys", token=bob).body == {"api_keys": []}
    for method, path, body in [
        ("GET", f"/v1/registers/{register}", None),
        ("DELETE", f"/v1/registers/{register}", None),
        ("POST", f"/v1/registers/{register}/clean", {}),
        ("POST", "/v1/check", {"header": ["E-post"], "row": ["anna@firma.se"], "register_id": register}),
    ]:
        answer = api.call(method, path, body, token=bob)
        assert (method, path, answer.status, answer.body) == (method, path, 404, NOT_FOUND_REGISTER)
    revoke = api.call("DELETE", f"/v1/api-keys/{key['id']}", token=bob)
    assert (revoke.status, revoke.body["field"]) == (404, "key_id")
    # ... his own usage is his own ...
    bob_usage = api.call("GET", "/v1/usage", token=bob).body
    assert (bob_usage["free_rows_left"], bob_usage["rows_this_period"], bob_usage["recent"]) == (500, 0, [])
    assert api.call("POST", "/v1/check", {"header": ["E-post"], "row": ["x@y.se"]}, token=bob).body["usage"]["free_rows_left"] == 499

    # ... and Alice's things are intact: the register, the key, the sheet, her meter.
    assert api.call("GET", f"/v1/registers/{register}", token=alice).status == 200
    assert api.call("GET", "/v1/usage", headers={"X-Api-Key": key["key"]}).body["free_rows_left"] == 498
    assert stack.sheets.grid(sid, "Kunder") == GRID
    alice_usage = api.call("GET", "/v1/usage", token=alice).body
    assert (alice_usage["rows_this_period"], len(alice_usage["recent"])) == (2, 1)
    assert alice_usage["account_id"] != bob_usage["account_id"]
