"""Reserve before write (issue 11): the ledger primitive on both backends, and the register clean built on it."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest

from functions.adapters.billing import Billing
from functions.adapters.db import Database
from functions.errors import ConflictError, PaymentRequired, TooManyRequests
from tests.functions._api import Api
from tests.functions.test_storage import Clock, engine  # noqa: F401  (the ledger on both databases)


def test_a_reservation_holds_rows_until_committed_or_released(engine):
    account = Database(engine).create_account("r")
    billing = Billing(engine, free_rows_per_month=100)
    billing.grant_credits(account, 50)
    held = billing.reserve(account, 120, endpoint="registers.clean")
    assert held.usage == {"rows_charged": 120, "free_rows_left": 0, "credits_left": 30, "replayed": False}
    assert billing.balance(account)["free_rows_left"] == 0 and billing.balance(account)["credits_left"] == 30
    with pytest.raises(PaymentRequired):  # the held rows are not there for anyone else
        billing.reserve(account, 31, endpoint="clean")
    assert billing.summary(account)["recent"][0]["kind"] == "credit"  # a hold is not usage (nor billable)
    billing.release(held)
    assert billing.balance(account) == {"rows_charged": 0, "free_rows_left": 100, "credits_left": 50, "replayed": False}
    done = billing.reserve(account, 120, endpoint="registers.clean")
    assert billing.commit(done) == {
        "rows_charged": 120, "free_rows_left": 0, "credits_left": 30, "replayed": False, "free_rows": 100, "credit_rows": 20,
    }
    line = billing.summary(account)["recent"][0]
    assert (line["kind"], line["rows"], line["free_rows"], line["credit_rows"]) == ("usage", 120, 100, 20)
    assert billing.summary(account)["rows_this_period"] == 120
    with pytest.raises(ConflictError):
        billing.commit(done)
    billing.release(done)  # releasing a committed reservation takes nothing back
    assert billing.balance(account)["credits_left"] == 30


def test_partial_commits_charge_free_rows_first_and_release_the_rest(engine):
    account = Database(engine).create_account("p")
    billing = Billing(engine, free_rows_per_month=100)
    billing.grant_credits(account, 100)
    job = billing.reserve(account, 150, endpoint="job")
    assert billing.commit(job, 80)["rows_charged"] == 80
    assert billing.balance(account)["free_rows_left"] == 0 and billing.balance(account)["credits_left"] == 50
    billing.commit(job, 30)
    billing.release(job)
    assert billing.balance(account) == {"rows_charged": 0, "free_rows_left": 0, "credits_left": 90, "replayed": False}
    assert [(line["rows"], line["free_rows"], line["credit_rows"]) for line in billing.summary(account)["recent"][:2]] == [
        (30, 20, 10), (80, 80, 0)
    ]
    with pytest.raises(ValueError):
        billing.commit(billing.reserve(account, 5, endpoint="job"), 6)


def test_a_chunk_committed_with_its_own_key_is_charged_once(engine):
    account = Database(engine).create_account("c")
    billing = Billing(engine, free_rows_per_month=100)
    job = billing.reserve(account, 60, endpoint="clean-job", idempotency_key="job:1", hold_seconds=7 * 86400)
    first = billing.commit(job, 20, idempotency_key="job:1:0", request_hash="h0")
    assert (first["rows_charged"], first["free_rows"], first["replayed"]) == (20, 20, False)
    again = billing.commit(job, 20, idempotency_key="job:1:0", request_hash="h0")  # the answer was lost: a retry
    assert (again["rows_charged"], again["replayed"]) == (0, True)
    with pytest.raises(ConflictError):
        billing.commit(job, 20, idempotency_key="job:1:0", request_hash="other")
    assert billing.commit(job, 40, idempotency_key="job:1:1", request_hash="h1")["rows_charged"] == 40
    billing.release(job)
    assert billing.summary(account)["rows_this_period"] == 60 and billing.balance(account)["free_rows_left"] == 40


def test_an_expired_reservation_stops_holding_but_can_still_be_committed(engine):
    account = Database(engine).create_account("e")
    clock = Clock(dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC))
    billing = Billing(engine, free_rows_per_month=100, clock=clock)
    held = billing.reserve(account, 100, endpoint="clean", hold_seconds=60)
    assert billing.balance(account)["free_rows_left"] == 0
    clock.moment += dt.timedelta(minutes=2)  # the process holding it died: the rows come back
    assert billing.balance(account)["free_rows_left"] == 100
    assert billing.commit(held)["rows_charged"] == 100  # ... but work that was done is still charged
    assert billing.balance(account)["free_rows_left"] == 0


def test_an_idempotency_key_in_flight_is_refused_and_free_again_after_release(engine):
    account = Database(engine).create_account("k")
    billing = Billing(engine, free_rows_per_month=100)
    first = billing.reserve(account, 10, endpoint="clean", idempotency_key="chunk-1", request_hash="h")
    with pytest.raises(ConflictError) as busy:
        billing.reserve(account, 10, endpoint="clean", idempotency_key="chunk-1", request_hash="h")
    assert busy.value.code == "idempotency.in_progress"
    billing.release(first)
    again = billing.reserve(account, 10, endpoint="clean", idempotency_key="chunk-1", request_hash="h")
    billing.commit(again)
    replay = billing.reserve(account, 10, endpoint="clean", idempotency_key="chunk-1", request_hash="h")
    assert replay.replayed and replay.usage["rows_charged"] == 0 and billing.commit(replay)["rows_charged"] == 0
    assert billing.balance(account)["free_rows_left"] == 90


def test_concurrent_reservations_never_hold_the_same_rows(engine):
    account = Database(engine).create_account("race")
    billing = Billing(engine, free_rows_per_month=500)
    outcomes: list[str] = []

    def clean_one():
        try:
            with billing.metered(account, 300, endpoint="registers.clean"):
                outcomes.append("ok")
        except PaymentRequired:
            outcomes.append("402")

    threads = [threading.Thread(target=clean_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["402", "402", "402", "ok"]
    assert billing.summary(account)["free_rows_left"] == 200 and billing.summary(account)["rows_this_period"] == 300


def test_free_dry_run_rows_are_limited_per_hour(engine):
    account = Database(engine).create_account("d")
    clock = Clock(dt.datetime(2026, 3, 10, 12, 45, 30, tzinfo=dt.UTC))
    billing = Billing(engine, free_rows_per_month=100, clock=clock)
    billing.take_free_rows(account, 600, per_hour=1000)
    billing.take_free_rows(account, 400, per_hour=1000)
    with pytest.raises(TooManyRequests) as limited:
        billing.take_free_rows(account, 1, per_hour=1000)
    assert (limited.value.status, limited.value.code, limited.value.retry_after) == (429, "rate_limited.dry_run", 870)
    clock.moment = dt.datetime(2026, 3, 10, 13, 0, 1, tzinfo=dt.UTC)
    billing.take_free_rows(account, 1000, per_hour=1000)  # a new hour


# The register clean over HTTP: four concurrent cleans of different registers on an account with 500 free
# rows used to all pass the balance check, all rewrite their sheets, and three answered 402 uncharged.
def _register(stack, api, token, rows: int) -> tuple[str, str, list[list[str]]]:
    grid = [["Namn", "E-post"]] + [[f"anna berg {i}", f"ANNA.{i}@GMAIL.COM"] for i in range(rows)]
    spreadsheet_id = "1Race" + uuid.uuid4().hex
    stack.sheets.add(spreadsheet_id, {"Kunder": [list(r) for r in grid]}, cols=2)
    answer = api.call("POST", "/v1/registers", {"spreadsheet_id": spreadsheet_id, "sheet": "Kunder"}, token=token)
    return answer.body["id"], spreadsheet_id, grid


def test_concurrent_register_cleans_cannot_overspend_and_a_402_never_writes(stack):
    api = Api(stack)
    token = api.new_user()
    registers = [_register(stack, api, token, 300) for _ in range(4)]
    answers: dict[str, int] = {}

    def clean(register_id: str) -> None:
        answers[register_id] = Api(stack).call("POST", f"/v1/registers/{register_id}/clean", token=token).status

    threads = [threading.Thread(target=clean, args=(rid,)) for rid, _, _ in registers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers.values()) == [200, 402, 402, 402]
    for register_id, spreadsheet_id, grid in registers:
        if answers[register_id] == 402:
            assert stack.sheets.grid(spreadsheet_id, "Kunder") == grid and stack.sheets.titles(spreadsheet_id) == ["Kunder"]
        else:
            assert stack.sheets.grid(spreadsheet_id, "Kunder") != grid
    usage = api.call("GET", "/v1/usage", token=token).body
    assert (usage["rows_this_period"], usage["free_rows_left"]) == (300, 200)


def test_a_failed_sheet_write_releases_the_reserved_rows(stack):
    api = Api(stack)
    token = api.new_user()
    register_id, spreadsheet_id, grid = _register(stack, api, token, 5)

    def fail_the_write(method: str, path: str) -> None:
        if path.endswith("/values:batchUpdate") and spreadsheet_id in path:
            stack.sheets.fail_next.append(500)

    stack.sheets.hooks.append(fail_the_write)
    try:
        failed = api.session.post(f"{api.url}/v1/registers/{register_id}/clean", headers={"Authorization": f"Bearer {token}"})
    finally:
        stack.sheets.hooks.remove(fail_the_write)
    assert (failed.status_code, failed.json()["code"]) == (502, "sheets.error")
    usage = api.call("GET", "/v1/usage", token=token).body
    assert (usage["free_rows_left"], usage["rows_this_period"], usage["recent"]) == (500, 0, [])
