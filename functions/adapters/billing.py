"""Pay-per-use metering: a monthly free tier, then prepaid credits, on an append-only usage ledger.

Each metered call adds one ledger line with the rows it used, split into ``free_rows`` (this calendar
month's free tier, UTC) and ``credit_rows`` (taken from credits, ``credits_delta = -credit_rows``).
Credit grants are lines with ``kind="credit"`` and a positive ``credits_delta``. Balances are sums over
the ledger, so the ledger is the single source of truth a Stripe meter can later read in id order
(``stripe_reported_at`` marks what was sent). Charging locks the account row first (an UPDATE, which
serializes writers on PostgreSQL and SQLite alike), so two concurrent calls cannot spend the same rows
and an idempotency key is charged at most once. ``metered()`` charges before the work in that one
transaction and takes the line back if the work fails (``POST /v1/clean`` and ``/v1/check``).
"""

from __future__ import annotations

import contextlib
import datetime as dt

from sqlalchemy import Engine, case, delete, func, insert, select, update

from functions.errors import ConflictError, PaymentRequired
from functions.schema import accounts, usage_ledger

from .db import iso, utcnow


def period_of(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m")


class Billing:
    def __init__(self, engine: Engine, *, free_rows_per_month: int, clock=utcnow) -> None:
        self.engine = engine
        self.free_rows_per_month = free_rows_per_month
        self.clock = clock

    def _balances(self, conn, account_id: str, period: str) -> tuple[int, int, int]:
        """``(free rows left, credits left, rows this period)`` inside an open connection."""
        ledger = usage_ledger.c
        this_period = ledger.period == period
        free_used, rows, credits = conn.execute(
            select(
                func.coalesce(func.sum(case((this_period, ledger.free_rows), else_=0)), 0),
                func.coalesce(func.sum(case((this_period, ledger.rows), else_=0)), 0),
                func.coalesce(func.sum(ledger.credits_delta), 0),
            ).where(ledger.account_id == account_id)
        ).one()
        return max(self.free_rows_per_month - int(free_used), 0), int(credits), int(rows)

    def summary(self, account_id: str) -> dict:
        """What ``GET /v1/usage`` shows."""
        period = period_of(self.clock())
        with self.engine.connect() as conn:
            free_left, credits, rows = self._balances(conn, account_id, period)
            recent = conn.execute(
                select(
                    usage_ledger.c.created_at, usage_ledger.c.kind, usage_ledger.c.endpoint, usage_ledger.c.rows,
                    usage_ledger.c.free_rows, usage_ledger.c.credit_rows, usage_ledger.c.credits_delta,
                )
                .where(usage_ledger.c.account_id == account_id)
                .order_by(usage_ledger.c.id.desc())
                .limit(20)
            ).all()
        return {
            "account_id": account_id,
            "period": period,
            "free_rows_per_month": self.free_rows_per_month,
            "free_rows_left": free_left,
            "credits_left": credits,
            "rows_this_period": rows,
            "recent": [
                {
                    "at": iso(r[0]), "kind": r[1], "endpoint": r[2], "rows": r[3],
                    "free_rows": r[4], "credit_rows": r[5], "credits_delta": r[6],
                }
                for r in recent
            ],
        }

    def balance(self, account_id: str) -> dict:
        """The ``usage`` of a call that charged nothing (a dry run)."""
        with self.engine.connect() as conn:
            free_left, credits, _ = self._balances(conn, account_id, period_of(self.clock()))
        return {"rows_charged": 0, "free_rows_left": free_left, "credits_left": credits, "replayed": False}

    def precheck(self, account_id: str, rows: int) -> None:
        """Raise ``PaymentRequired`` before doing work that could not be paid for."""
        with self.engine.connect() as conn:
            free_left, credits, _ = self._balances(conn, account_id, period_of(self.clock()))
        if rows > free_left + max(credits, 0):
            raise _payment_required(rows, free_left, credits)

    def charge(
        self, account_id: str, rows: int, *, endpoint: str, idempotency_key: str | None = None, request_hash: str | None = None
    ) -> dict:
        """Meter ``rows``; a repeated ``idempotency_key`` with the same request is not charged again."""
        return self._charge(account_id, rows, endpoint, idempotency_key, request_hash)[0]

    @contextlib.contextmanager
    def metered(
        self, account_id: str, rows: int, *, endpoint: str, idempotency_key: str | None = None, request_hash: str | None = None
    ):
        """Charge ``rows`` up front in one transaction (402/409 before any work), yield the ``usage``, and take
        the ledger line back if the work in the ``with`` block fails, so a failed call costs nothing."""
        usage, line_id = self._charge(account_id, rows, endpoint, idempotency_key, request_hash)
        try:
            yield usage
        except BaseException:
            if line_id is not None:
                self._cancel(account_id, line_id)
            raise

    def _charge(self, account_id, rows, endpoint, idempotency_key, request_hash) -> tuple[dict, int | None]:
        now = self.clock()
        period = period_of(now)
        with self.engine.begin() as conn:
            conn.execute(update(accounts).where(accounts.c.id == account_id).values(id=accounts.c.id))
            if idempotency_key is not None:
                seen = conn.execute(
                    select(usage_ledger.c.request_hash).where(
                        usage_ledger.c.account_id == account_id, usage_ledger.c.idempotency_key == idempotency_key
                    )
                ).first()
                if seen is not None:
                    if seen[0] != request_hash:
                        raise ConflictError(
                            "This idempotency_key was already used for a different request; use a new key.",
                            code="idempotency.mismatch",
                            field="idempotency_key",
                        )
                    free_left, credits, _ = self._balances(conn, account_id, period)
                    return {"rows_charged": 0, "free_rows_left": free_left, "credits_left": credits, "replayed": True}, None
            free_left, credits, _ = self._balances(conn, account_id, period)
            if rows > free_left + max(credits, 0):
                raise _payment_required(rows, free_left, credits)
            free_rows = min(rows, free_left)
            credit_rows = rows - free_rows
            line_id = conn.execute(
                insert(usage_ledger).values(
                    account_id=account_id, created_at=now, period=period, kind="usage", endpoint=endpoint,
                    rows=rows, free_rows=free_rows, credit_rows=credit_rows, credits_delta=-credit_rows,
                    idempotency_key=idempotency_key, request_hash=request_hash,
                )
            ).inserted_primary_key[0]
        usage = {
            "rows_charged": rows,
            "free_rows_left": free_left - free_rows,
            "credits_left": credits - credit_rows,
            "replayed": False,
        }
        return usage, line_id

    def _cancel(self, account_id: str, line_id: int) -> None:
        """Remove a usage line whose call failed. It was written moments ago and not yet reported to Stripe;
        removing it (rather than adding a negative line) also frees its idempotency key for the retry."""
        with self.engine.begin() as conn:
            conn.execute(
                delete(usage_ledger).where(
                    usage_ledger.c.id == line_id, usage_ledger.c.account_id == account_id,
                    usage_ledger.c.kind == "usage", usage_ledger.c.stripe_reported_at.is_(None),
                )
            )

    def grant_credits(self, account_id: str, credits: int, *, note: str = "grant") -> int:
        """Add prepaid credits (one credit = one row); returns the new balance."""
        now = self.clock()
        with self.engine.begin() as conn:
            conn.execute(
                insert(usage_ledger).values(
                    account_id=account_id, created_at=now, period=period_of(now), kind="credit", endpoint=note[:60],
                    rows=0, free_rows=0, credit_rows=0, credits_delta=credits,
                )
            )
            return self._balances(conn, account_id, period_of(now))[1]


def _payment_required(rows: int, free_left: int, credits: int) -> PaymentRequired:
    return PaymentRequired(
        f"This clean needs {rows} rows but only {free_left} free rows and {max(credits, 0)} credits are left "
        "this month. Buy credits, clean fewer rows, or use a dry run (free) to test."
    )
