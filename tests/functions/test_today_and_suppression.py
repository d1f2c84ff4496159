"""What the server adds to every clean: today's date (the century of 10-digit personnummer) and the
account's suppression list (addresses that bounced or unsubscribed, kept as keyed hashes by the webhooks)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, insert, select

from functions import adapters
from functions.adapters.db import utcnow
from functions.settings import Settings
from functions.webhooks.schema import ACCOUNT_KEY, suppressions
from functions.webhooks.store import get_store
from tests.functions._api import Api

SUPPRESSED = "This contact bounced, complained or unsubscribed: do not send to it."

ID_HEADER = ["Namn", "Personnummer"]
# (cell as typed, as cleaned): the century comes from today's date and the separator (+ = 100 years or older)
ID_ROWS = [
    ("811218-9876", "198112189876"),
    ("811218+9876", "188112189876"),
    ("010101-2383", "200101012383"),
    ("198112189876", "198112189876"),
]


def _suppress(stack, account_id: str, *addresses: str, before_i19b: bool = False) -> None:
    """Put addresses on the account's list as the webhooks do: HMAC with the account's key (``before_i19b``: as
    they did before, with the server-wide key, and no key version, as the migration leaves such rows)."""
    adapters.reset()
    adapters.override(settings=Settings.from_env({**stack.environment, "RENSA_AUTO_MIGRATE": "0"}))
    try:
        store = get_store()
        kept = ([{"email_hash": store.old_address_key(a)} for a in addresses] if before_i19b else
                [{"email_hash": store.address_key(account_id, a), "key_version": ACCOUNT_KEY} for a in addresses])
    finally:
        adapters.reset()
    engine = create_engine(stack.database_url)
    with engine.begin() as conn:
        for row in kept:
            conn.execute(insert(suppressions).values(account_id=account_id, kind="bounce", created_at=utcnow(), **row))
    engine.dispose()


def _listed(stack, account_id: str) -> dict[str, int]:
    engine = create_engine(stack.database_url)
    with engine.connect() as conn:
        listed = dict(conn.execute(select(suppressions.c.email_hash, suppressions.c.key_version)
                                   .where(suppressions.c.account_id == account_id)).all())
    engine.dispose()
    return listed


def _account(api, token) -> str:
    return api.call("GET", "/v1/usage", token=token).body["account_id"]


@pytest.mark.parametrize("typed,cleaned", ID_ROWS)
def test_a_10_digit_personnummer_gets_its_century_from_todays_date(sqlite_stack, typed, cleaned):
    api = Api(sqlite_stack)
    token = api.new_user()
    answer = api.call("POST", "/v1/clean", {"header": ID_HEADER, "rows": [["Anna Berg", typed]]}, token=token)
    assert (answer.status, answer.body["rows"], answer.body["issues"]) == (200, [["Anna Berg", cleaned]], [])
    check = api.call("POST", "/v1/check", {"header": ID_HEADER, "row": ["Anna Berg", typed]}, token=token)
    assert (check.status, check.body["record"]["row"], check.body["record"]["issues"]) == (200, ["Anna Berg", cleaned], [])


def test_a_register_clean_gives_10_digit_personnummer_their_century(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    spreadsheet_id = "1Today" + uuid.uuid4().hex
    sqlite_stack.sheets.add(spreadsheet_id, {"Kunder": [ID_HEADER, *[["Anna Berg", typed] for typed, _ in ID_ROWS]]}, cols=2)
    register = api.call("POST", "/v1/registers", {"spreadsheet_id": spreadsheet_id, "sheet": "Kunder"}, token=token).body["id"]
    answer = api.call("POST", f"/v1/registers/{register}/clean", token=token)
    assert answer.body["rows"] == [["Anna Berg", cleaned] for _, cleaned in ID_ROWS]


HEADER = ["Namn", "E-post"]
ROWS = [
    ["Anna Berg", "ANNA.BERG@GMAIL.COM "],  # the list holds anna.berg@gmail.com: any case and spacing matches
    ["Björn Ek", "bjorn.ek@gmail.com"],
    ["Kari Nordmann", "kari@firma.no"],  # suppressed for another account only
]


def test_a_suppressed_address_is_flagged_again_on_clean_and_check(stack):
    api = Api(stack)
    token, other = api.new_user(), api.new_user()
    _suppress(stack, _account(api, token), "anna.berg@gmail.com", "someone.else@example.se")
    _suppress(stack, _account(api, other), "kari@firma.no")

    answer = api.call("POST", "/v1/clean", {"header": HEADER, "rows": ROWS}, token=token)
    flagged = [(i["row"], i["header"], i["code"], i["severity"], i["message"]) for i in answer.body["issues"] if i["code"].endswith("suppressed")]
    assert flagged == [(1, "E-post", "email.suppressed", "warning", SUPPRESSED)]
    assert answer.body["status"] == [f"E-post: {SUPPRESSED}", "", ""]

    check = api.call("POST", "/v1/check", {"header": HEADER, "row": ["Anna", "anna.berg@gmail.com"]}, token=token)
    assert [(i["code"], i["message"]) for i in check.body["record"]["issues"]] == [("email.suppressed", SUPPRESSED)]
    assert check.body["record"]["status"] == [f"E-post: {SUPPRESSED}"]
    clean_for_other = api.call("POST", "/v1/check", {"header": HEADER, "row": ["Anna", "anna.berg@gmail.com"]}, token=other)
    assert clean_for_other.body["record"]["issues"] == []


def test_a_register_clean_writes_the_suppression_into_the_status_column(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    _suppress(sqlite_stack, _account(api, token), "bjorn.ek@gmail.com")
    spreadsheet_id = "1Suppr" + uuid.uuid4().hex
    sqlite_stack.sheets.add(spreadsheet_id, {"Kunder": [HEADER, *ROWS]}, cols=2)
    register = api.call("POST", "/v1/registers", {"spreadsheet_id": spreadsheet_id, "sheet": "Kunder"}, token=token).body["id"]
    answer = api.call("POST", f"/v1/registers/{register}/clean", token=token)
    assert answer.status == 200
    grid = sqlite_stack.sheets.grid(spreadsheet_id, "Kunder")
    assert [row[2] if len(row) > 2 else "" for row in grid] == ["Rensa status", "", f"E-post: {SUPPRESSED}", ""]


def test_an_address_suppressed_before_accounts_had_their_own_key_is_flagged_and_rekeyed(stack):
    """Migration i19b: a suppression hashed under the old server-wide key still flags on the live server, in
    this account only, and is kept under the account's key from the first clean that shows the address."""
    api = Api(stack)
    token, other = api.new_user(), api.new_user()
    account = _account(api, token)
    _suppress(stack, account, "anna.berg@gmail.com", "gone@example.se", before_i19b=True)
    answer = api.call("POST", "/v1/clean", {"header": HEADER, "rows": ROWS}, token=token)
    assert answer.status == 200
    assert answer.body["status"] == [f"E-post: {SUPPRESSED}", "", ""]
    listed = _listed(stack, account)
    assert sorted(listed.values()) == [1, 2]  # anna re-keyed; gone@example.se not seen, still under the old key
    check = api.call("POST", "/v1/check", {"header": HEADER, "row": ["Anna", "anna.berg@gmail.com"]}, token=token)
    assert [i["code"] for i in check.body["record"]["issues"]] == ["email.suppressed"]
    assert _listed(stack, account) == listed
    clean_for_other = api.call("POST", "/v1/check", {"header": HEADER, "row": ["Anna", "anna.berg@gmail.com"]}, token=other)
    assert clean_for_other.body["record"]["issues"] == []
