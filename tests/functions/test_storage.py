"""Storage and billing on both backends (SQLite and the session's PostgreSQL): migrations, ledger, concurrency."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import inspect

from functions.adapters.billing import Billing
from functions.adapters.db import Database, make_engine, migrate
from functions.errors import ConflictError, PaymentRequired


class Clock:
    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    migrate(engine)
    migrate(engine)  # idempotent
    yield engine
    engine.dispose()


def test_migrations_create_the_schema(engine):
    tables = set(inspect(engine).get_table_names())
    assert {"accounts", "api_keys", "registers", "usage_ledger", "alembic_version"} <= tables
    columns = {c["name"] for c in inspect(engine).get_columns("registers")}
    assert columns == {"id", "account_id", "name", "spreadsheet_id", "sheet", "header_row", "status_column", "created_at", "last_cleaned_at",
                       "language"}


def test_free_tier_resets_each_month_and_credits_carry_over(engine):
    db = Database(engine)
    account = db.create_account("t")
    clock = Clock(dt.datetime(2026, 1, 31, 23, 0, tzinfo=dt.UTC))
    billing = Billing(engine, free_rows_per_month=100, clock=clock)
    billing.grant_credits(account, 30)
    steps = [
        (80, {"rows_charged": 80, "free_rows_left": 20, "credits_left": 30, "replayed": False}),
        (40, {"rows_charged": 40, "free_rows_left": 0, "credits_left": 10, "replayed": False}),
    ]
    for rows, usage in steps:
        assert billing.charge(account, rows, endpoint="clean") == usage
    with pytest.raises(PaymentRequired) as refused:
        billing.charge(account, 11, endpoint="clean")
    assert str(refused.value) == (
        "This clean needs 11 rows, more than is left this month (free rows: 0; credits: 10). "
        "Buy credits, clean fewer rows, or use a dry run (free) to test."
    )
    clock.moment = dt.datetime(2026, 2, 1, 0, 0, tzinfo=dt.UTC)
    assert billing.charge(account, 105, endpoint="clean") == {"rows_charged": 105, "free_rows_left": 0, "credits_left": 5, "replayed": False}
    summary = billing.summary(account)
    assert (summary["period"], summary["rows_this_period"], summary["credits_left"]) == ("2026-02", 105, 5)


def test_idempotency_key_is_per_account(engine):
    db = Database(engine)
    a, b = db.create_account("a"), db.create_account("b")
    billing = Billing(engine, free_rows_per_month=100)
    assert billing.charge(a, 10, endpoint="clean", idempotency_key="k1", request_hash="h")["rows_charged"] == 10
    assert billing.charge(a, 10, endpoint="clean", idempotency_key="k1", request_hash="h")["replayed"] is True
    assert billing.charge(b, 10, endpoint="clean", idempotency_key="k1", request_hash="h")["rows_charged"] == 10
    with pytest.raises(ConflictError):
        billing.charge(a, 10, endpoint="clean", idempotency_key="k1", request_hash="other")


def test_metered_work_that_fails_is_not_charged_and_its_key_can_be_retried(engine):
    account = Database(engine).create_account("m")
    billing = Billing(engine, free_rows_per_month=100)
    with pytest.raises(RuntimeError):
        with billing.metered(account, 30, endpoint="clean", idempotency_key="chunk-1", request_hash="h") as usage:
            assert usage == {"rows_charged": 30, "free_rows_left": 70, "credits_left": 0, "replayed": False}
            raise RuntimeError("the clean failed")
    assert billing.balance(account)["free_rows_left"] == 100 and billing.summary(account)["recent"] == []
    with billing.metered(account, 30, endpoint="clean", idempotency_key="chunk-1", request_hash="h") as usage:
        assert usage == {"rows_charged": 30, "free_rows_left": 70, "credits_left": 0, "replayed": False}
    with billing.metered(account, 30, endpoint="clean", idempotency_key="chunk-1", request_hash="h") as again:
        assert again == {"rows_charged": 0, "free_rows_left": 70, "credits_left": 0, "replayed": True}
    with pytest.raises(PaymentRequired):  # refused before the block runs
        with billing.metered(account, 71, endpoint="clean"):
            raise AssertionError("unreachable: nothing left to pay with")
    assert [line["rows"] for line in billing.summary(account)["recent"]] == [30]


def test_concurrent_charges_never_spend_the_same_free_rows(engine):
    db = Database(engine)
    account = db.create_account("race")
    billing = Billing(engine, free_rows_per_month=50)
    results: list[str] = []

    def spend():
        try:
            billing.charge(account, 10, endpoint="clean")
            results.append("ok")
        except PaymentRequired:
            results.append("402")

    threads = [threading.Thread(target=spend) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["402"] * 3 + ["ok"] * 5
    assert billing.summary(account)["free_rows_left"] == 0


def test_records_are_scoped_to_their_account(engine):
    db = Database(engine)
    a, b = db.create_account("a"), db.create_account("b")
    reg = db.add_register(a, name="R", spreadsheet_id="1abcdefghijk", sheet="Kunder", header_row=1, status_column="Rensa status")
    key = db.add_api_key(a, name="k", prefix="rk_abc", key_hash="0" * 64, scopes=["clean"])
    assert db.get_register(b, reg["id"]) is None and db.list_registers(b) == []
    assert db.delete_register(b, reg["id"]) is False and db.get_register(a, reg["id"]) is not None
    assert db.revoke_api_key(b, key["id"]) is False and db.find_api_key("0" * 64)[3] is False
    assert db.revoke_api_key(a, key["id"]) is True and db.find_api_key("0" * 64)[3] is True


def test_a_monthly_account_is_invoiced_beyond_free_rows_and_credits_even_in_partial_commits(database_url):
    from sqlalchemy import update

    from functions.schema import accounts

    engine = make_engine(database_url)
    migrate(engine)
    account = Database(engine).create_account("monthly")
    with engine.begin() as conn:
        conn.execute(update(accounts).where(accounts.c.id == account).values(payment_mode="monthly"))
    billing = Billing(engine, free_rows_per_month=100)
    billing.grant_credits(account, 50, reason="test")
    held = billing.reserve(account, 400, endpoint="clean-job")  # 100 free + 50 credits + 250 invoiced: not 402
    first = billing.commit(held, 120, idempotency_key="job:1", request_hash="a")
    rest = billing.commit(held, 280, idempotency_key="job:2", request_hash="b")
    assert (first["free_rows"], first["credit_rows"]) == (100, 20)
    assert (rest["free_rows"], rest["credit_rows"], rest["credits_left"]) == (0, 30, 0)
    lines = [line for line in billing.summary(account)["recent"] if line["kind"] == "usage"]
    assert sorted((line["rows"], line["billed_rows"]) for line in lines) == [(120, 0), (280, 250)]
    engine.dispose()


def test_a_foreign_key_violation_is_told_by_the_driver_error_not_its_words(engine):
    """functions.webhooks.store drops a batch whose connection was deleted meanwhile (a foreign key refuses
    it) and re-raises any other integrity error; both drivers say which by class or code."""
    from sqlalchemy.exc import IntegrityError

    from functions.adapters.db import is_foreign_key_violation
    from functions.schema import accounts, api_keys

    now = dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
    key = {"id": "key_1", "account_id": "acc_gone", "name": "k", "prefix": "rk_x", "key_hash": "h" * 64,
           "scopes": "clean", "created_at": now}
    with pytest.raises(IntegrityError) as missing_parent, engine.begin() as conn:
        conn.execute(api_keys.insert().values(**key))
    assert is_foreign_key_violation(missing_parent.value)
    with engine.begin() as conn:
        conn.execute(accounts.insert().values(id="acc_1", created_at=now))
        conn.execute(api_keys.insert().values(**{**key, "account_id": "acc_1"}))
    with pytest.raises(IntegrityError) as duplicate, engine.begin() as conn:
        conn.execute(api_keys.insert().values(**{**key, "account_id": "acc_1"}))
    assert not is_foreign_key_violation(duplicate.value)
