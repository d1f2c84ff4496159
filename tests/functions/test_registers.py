"""Connected registers over HTTP: gspread (unchanged) against the Sheets fake, write-back, backup, conflicts, Google errors."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from core.clean import clean
from functions.adapters.sheets import Sheets
from tests.functions._api import Api

GRID = [
    ["Namn", "E-post", "Telefon", "Postnummer"],
    ["Anna Berg", "ANNA.BERG@GMAIL.COM", "070-123 45 67", "11418"],
    ["Björn Ek", "bjorn.ek@gmail.com", "+46701112233", "411 05"],
    ["anna berg", "anna.berg@gmail.com", "0701234567", "114 18"],
]


def _sheet(stack, grid=GRID, **kwargs) -> str:
    spreadsheet_id = "1Test" + uuid.uuid4().hex
    stack.sheets.add(spreadsheet_id, {"Kunder": [list(r) for r in grid]}, cols=len(grid[0]), **kwargs)
    return spreadsheet_id


def _connect(api, token, spreadsheet_id, **extra):
    return api.call("POST", "/v1/registers", {"spreadsheet_id": spreadsheet_id, "sheet": "Kunder", **extra}, token=token)


def _batch_writes(stack, spreadsheet_id):
    return [p for m, p in stack.sheets.log if m == "POST" and p == f"/v4/spreadsheets/{spreadsheet_id}/values:batchUpdate"]


def test_connect_list_get_delete(stack):
    api = Api(stack)
    token = api.new_user()
    sid = _sheet(stack)
    created = _connect(api, token, sid, name="Kundregister")
    assert created.status == 201
    assert {k: created.body[k] for k in ("name", "spreadsheet_id", "sheet", "header_row", "status_column", "last_cleaned_at", "share_with")} == {
        "name": "Kundregister", "spreadsheet_id": sid, "sheet": "Kunder", "header_row": 1, "status_column": "Rensa status",
        "last_cleaned_at": None, "share_with": stack.info["service_account_email"],
    }
    rid = created.body["id"]
    assert api.call("GET", f"/v1/registers/{rid}", token=token).body == {k: v for k, v in created.body.items() if k != "share_with"}
    assert [r["id"] for r in api.call("GET", "/v1/registers", token=token).body["registers"]] == [rid]
    assert api.call("DELETE", f"/v1/registers/{rid}", token=token).body == {"id": rid, "deleted": True}
    gone = api.call("GET", f"/v1/registers/{rid}", token=token)
    assert (gone.status, gone.body) == (404, {
        "code": "not_found", "message": "There is no register with that id in this account.", "row": None, "field": "register_id",
    })
    assert stack.sheets.grid(sid, "Kunder") == GRID  # forgetting a register never touches the sheet


def test_clean_in_place_writes_changed_cells_and_status_once_after_a_backup(stack):
    api = Api(stack)
    token = api.new_user()
    sid = _sheet(stack)
    rid = _connect(api, token, sid).body["id"]

    dry = api.call("POST", f"/v1/registers/{rid}/clean", {"dry_run": True}, token=token)
    assert (dry.status, dry.body["written_cells"], dry.body["backup_sheet"]) == (200, 0, None)
    assert stack.sheets.grid(sid, "Kunder") == GRID and stack.sheets.titles(sid) == ["Kunder"]

    answer = api.call("POST", f"/v1/registers/{rid}/clean", token=token)
    assert answer.status == 200
    expected = clean((GRID[0], GRID[1:]), {"country": "SE"})
    after = [list(GRID[0]) + ["Rensa status"]] + [row + [status] for row, status in zip(expected.rows, expected.status)]
    assert stack.sheets.grid(sid, "Kunder") == [[c for c in row] for row in _trim(after)]
    assert stack.sheets.titles(sid) == ["Kunder", answer.body["backup_sheet"]]
    assert stack.sheets.grid(sid, answer.body["backup_sheet"]) == GRID
    # named and hidden as the add-on's backups are (the write-back contract, docs/ARCHITECTURE.md)
    assert re.fullmatch(r"Rensa backup: Kunder \d{4}-\d\d-\d\d \d\d:\d\d UTC", answer.body["backup_sheet"])
    assert stack.sheets.hidden(sid) == [answer.body["backup_sheet"]]
    assert len(_batch_writes(stack, sid)) == 1
    assert answer.body["written_cells"] == len(expected.changes) + 1 + len(expected.status)
    assert answer.body["usage"]["rows_charged"] == 3
    assert api.call("GET", f"/v1/registers/{rid}", token=token).body["last_cleaned_at"] is not None

    # a second clean reads the status column as Rensa's own, and does not clean it or add another
    second = api.call("POST", f"/v1/registers/{rid}/clean", token=token)
    assert second.status == 200 and second.body["header"] == GRID[0]
    assert stack.sheets.grid(sid, "Kunder")[0] == GRID[0] + ["Rensa status"]


def _trim(grid):
    out = [list(r) for r in grid]
    for row in out:
        while row and row[-1] == "":
            row.pop()
    return out


def test_a_concurrent_edit_writes_nothing_and_answers_409(stack):
    api = Api(stack)
    token = api.new_user()
    sid = _sheet(stack)
    rid = _connect(api, token, sid).body["id"]
    reads = []

    def edit_between_read_and_write(method, path):
        if method == "GET" and path.startswith(f"/v4/spreadsheets/{sid}/values/"):
            reads.append(path)
            if len(reads) == 2:  # the re-read just before writing: someone typed meanwhile
                stack.sheets.set(sid, "Kunder", 3, 2, "bjorn@ny-adress.se")

    stack.sheets.hooks.append(edit_between_read_and_write)
    try:
        answer = api.call("POST", f"/v1/registers/{rid}/clean", token=token)
    finally:
        stack.sheets.hooks.remove(edit_between_read_and_write)
    assert (answer.status, answer.body) == (409, {
        "code": "sheet.changed",
        "message": "The sheet was edited while Rensa was cleaning it, so nothing was written. Run the clean again.",
        "row": None, "field": None,
    })
    edited = [list(r) for r in GRID]
    edited[2][1] = "bjorn@ny-adress.se"
    assert stack.sheets.grid(sid, "Kunder") == edited
    assert stack.sheets.titles(sid) == ["Kunder"] and _batch_writes(stack, sid) == []
    assert api.call("GET", "/v1/usage", token=token).body["rows_this_period"] == 0


@pytest.mark.parametrize(
    "setup,body,status,code,message,field",
    [
        ("missing", {"sheet": "Kunder"}, 404, "sheets.not_found", "The spreadsheet was not found. Check its id.", "spreadsheet_id"),
        ("forbidden", {"sheet": "Kunder"}, 403, "sheets.no_access",
         "Rensa cannot open this spreadsheet: share it with Rensa's service account as editor.", None),
        ("ok", {"sheet": "Blad1"}, 404, "sheets.tab_not_found", "The tab 'Blad1' was not found in the spreadsheet.", "sheet"),
        ("bad id", {"sheet": "Kunder"}, 400, "request.invalid",
         "spreadsheet_id: use the id from the sheet's address: the part between /d/ and /edit.", "spreadsheet_id"),
        ("ok", {"sheet": "Kunder", "header_row": 0}, 400, "request.invalid", "header_row: this must be at least 1.", "header_row"),
    ],
)
def test_connect_errors_from_google_in_plain_words(sqlite_stack, setup, body, status, code, message, field):
    api = Api(sqlite_stack)
    sid = {"missing": "1DoesNotExist0000000", "bad id": "https://docs.google.com/x"}.get(setup) or _sheet(sqlite_stack)
    if setup == "forbidden":
        sqlite_stack.sheets.spreadsheets[sid].forbidden = True
    answer = api.call("POST", "/v1/registers", {"spreadsheet_id": sid, **body}, token=api.new_user())
    assert (answer.status, answer.body) == (status, {"code": code, "message": message, "row": None, "field": field})


def test_rate_limit_from_sheets_is_429(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    rid = _connect(api, token, _sheet(sqlite_stack)).body["id"]
    sqlite_stack.sheets.fail_next.append(429)
    answer = api.call("POST", f"/v1/registers/{rid}/clean", token=token)
    assert (answer.status, answer.body["code"]) == (429, "sheets.rate_limited")


def test_header_row_below_a_title_row(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    grid = [["Kundlista 2026"], *GRID]
    sid = _sheet(sqlite_stack, grid=[row + [""] * (4 - len(row)) for row in grid])
    rid = _connect(api, token, sid, header_row=2).body["id"]
    answer = api.call("POST", f"/v1/registers/{rid}/clean", token=token)
    assert answer.status == 200 and answer.body["header"] == GRID[0]
    written = sqlite_stack.sheets.grid(sid, "Kunder")
    assert written[0] == ["Kundlista 2026"] and written[1] == GRID[0] + ["Rensa status"]
    assert written[2][1] == answer.body["rows"][0][1]


def test_a_backup_tab_name_already_taken_gets_a_number(sqlite_stack):
    sid = _sheet(sqlite_stack)
    taken = "Rensa backup: Kunder 2026-12-01 23:05 UTC"
    sqlite_stack.sheets.add(sid, {"Kunder": [list(r) for r in GRID], taken: [["older"]]}, cols=len(GRID[0]))
    sheets = Sheets(service_account_file=str(sqlite_stack.workdir / "service-account.json"), api_url=sqlite_stack.sheets.url)
    snapshot = sheets.read(sid, "Kunder", 1)
    at = dt.datetime(2026, 12, 1, 23, 5, 40, tzinfo=dt.UTC)
    written = sheets.write_back(snapshot, [(2, 2, "anna.berg@gmail.com")], (5, ["Rensa status", "ok"]), extra_columns=1, now=at)
    assert (written.cells, written.backup_sheet, written.formula_cells) == (3, taken + " (2)", [])
    assert sqlite_stack.sheets.titles(sid) == ["Kunder", taken, taken + " (2)"]
    assert sqlite_stack.sheets.grid(sid, "Kunder")[:2] == [GRID[0] + ["Rensa status"], ["Anna Berg", "anna.berg@gmail.com", "070-123 45 67", "11418", "ok"]]


def test_a_formula_cell_is_never_overwritten_and_a_value_is_written_as_text(sqlite_stack):
    """The write-back contract, as the add-on keeps it: a cleaned cell that holds a formula is left alone and counted;
    a value with a formula trigger from anywhere is written neutralised."""
    api = Api(sqlite_stack)
    token = api.new_user()
    sid = _sheet(sqlite_stack)
    sqlite_stack.sheets.set_formula(sid, "Kunder", 2, 2, '=LOWER("ANNA.BERG@GMAIL.COM")', "ANNA.BERG@GMAIL.COM")
    rid = _connect(api, token, sid).body["id"]
    answer = api.call("POST", f"/v1/registers/{rid}/clean", token=token)
    assert answer.status == 200, answer.body
    assert answer.body["formula_cells_kept"] == 1
    assert sqlite_stack.sheets.formula(sid, "Kunder", 2, 2) == '=LOWER("ANNA.BERG@GMAIL.COM")'
    grid = sqlite_stack.sheets.grid(sid, "Kunder")
    assert grid[1][1] == "ANNA.BERG@GMAIL.COM" and grid[1][2] != GRID[1][2]  # the rest of the row was cleaned
    assert sqlite_stack.sheets.formula(sid, answer.body["backup_sheet"], 2, 2) == '=LOWER("ANNA.BERG@GMAIL.COM")'

    sheets = Sheets(service_account_file=str(sqlite_stack.workdir / "service-account.json"), api_url=sqlite_stack.sheets.url)
    snapshot = sheets.read(sid, "Kunder", 1)
    written = sheets.write_back(snapshot, [(3, 1, "=HYPERLINK(\"http://x.example\")")], (5, ["Rensa status"]), backup=False)
    assert (written.cells, written.backup_sheet) == (2, None)
    assert sqlite_stack.sheets.grid(sid, "Kunder")[2][0] == "'=HYPERLINK(\"http://x.example\")"


def test_a_register_over_the_row_limit_is_refused_and_a_failed_check_costs_nothing(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    grid = [["Namn", "E-post"], *[[f"Kund {i}", f"kund{i}@firma.se"] for i in range(1001)]]  # the test limit is 1000
    rid = _connect(api, token, _sheet(sqlite_stack, grid)).body["id"]
    message = ("The sheet has 1,001 data rows; a connected register can have at most 1,000. "
               "Clean it from the add-on's sidebar instead, which sends the rows in chunks.")
    refused = {"code": "request.too_many_rows", "message": message, "row": None, "field": None}
    cleaned = api.call("POST", f"/v1/registers/{rid}/clean", token=token)
    assert (cleaned.status, cleaned.body) == (400, refused)
    # /v1/check reads the register for matching after charging the record; the failure takes the charge back
    checked = api.call("POST", "/v1/check", {"header": ["Namn", "E-post"], "row": ["Ny Kund", "ny@firma.se"], "register_id": rid}, token=token)
    assert (checked.status, checked.body) == (400, refused)
    usage = api.call("GET", "/v1/usage", token=token).body
    assert (usage["free_rows_left"], usage["rows_this_period"], usage["recent"]) == (500, 0, [])
