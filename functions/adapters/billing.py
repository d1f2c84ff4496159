"""Pay-per-use metering: a monthly free tier, then prepaid credits, on an append-only usage ledger.

Each metered call adds one ledger line with the rows it used, split into ``free_rows`` (this calendar
month's free tier, UTC) and ``credit_rows`` (taken from credits, ``credits_delta = -credit_rows``).
Credit grants are lines with ``kind="credit"`` and a positive ``credits_delta``. Balances are sums over
the ledger, so the ledger is the single source of truth a Stripe meter can later read in id order
(``stripe_reported_at`` marks what was sent; only ``kind="usage"`` lines are billable).

Reserve before write: ``reserve()`` checks the balance and writes a ``kind="reservation"`` line in one
transaction that first locks the account row (an UPDATE, which serializes writers on PostgreSQL and SQLite
alike), so two concurrent calls cannot spend the same rows. A reservation counts against the balance until
it expires (``expires_at``); ``commit()`` turns it (or part of it) into ``usage`` once the work is done and
``release()`` deletes it when the work failed. ``metered()`` wraps the three around a block of work
(``POST /v1/clean``, ``/v1/check``, ``/v1/registers/{id}/clean``). An idempotency key is charged at most once.

Free dry runs are not charged but are counted per account and clock hour (``free_run_usage``, numbers
only) so that the free test wash cannot be used as an unmetered clean: ``take_free_rows()`` answers 429.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy import Connection, Engine, and_, case, delete, func, insert, or_, select, update

from core.i18n import N_, Nn_, translator
from functions.errors import ConflictError, PaymentRequired, TooManyRequests
from functions.schema import accounts, free_run_usage, usage_ledger

from .db import iso, utcnow

MAX_GRANT = 1_000_000_000  # credits per grant line (credits_delta is a 32-bit integer)
HOLD_SECONDS = 15 * 60  # how long a reservation holds its rows when neither committed nor released
STALE_AFTER = dt.timedelta(days=1)  # expired reservations older than this are swept at the next reserve


def period_of(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m")


class Usage(TypedDict):
    """What a metered call answers as its ``usage`` (``openapi.yaml`` Usage): the rows it was charged and the
    balance left after it; ``replayed`` when an idempotency key had already been charged (nothing again)."""

    rows_charged: int
    free_rows_left: int
    credits_left: int
    replayed: bool


def usage_of(charged: Usage) -> Usage:
    """Only the ``usage`` keys of a charge (``Billing.commit`` adds how the rows were paid for)."""
    return Usage(rows_charged=charged["rows_charged"], free_rows_left=charged["free_rows_left"],
                 credits_left=charged["credits_left"], replayed=charged["replayed"])


class Committed(Usage):
    """``Billing.commit``'s answer: the ``usage`` plus how the charged rows were paid for."""

    free_rows: int
    credit_rows: int


class LedgerLine(TypedDict):
    """One ledger line as ``GET /v1/usage`` lists it (``recent``)."""

    at: str
    kind: str
    endpoint: str
    rows: int
    free_rows: int
    credit_rows: int
    credits_delta: int
    billed_rows: int
    reason: str | None


class UsageSummary(TypedDict):
    """``Billing.summary``: what ``GET /v1/usage`` starts from (this month, the balance, the latest lines)."""

    account_id: str
    period: str
    free_rows_per_month: int
    free_rows_left: int
    credits_left: int
    rows_this_period: int
    balance_negative: bool
    notice: str | None
    recent: list[LedgerLine]


@dataclass(frozen=True)
class Reservation:
    """Rows held for one piece of work. ``id`` is None when an idempotency key was already charged (a replay:
    nothing is held and nothing will be charged); ``usage`` is what the caller shows for the call."""

    id: int | None
    account_id: str
    rows: int
    usage: Usage

    @property
    def replayed(self) -> bool:
        return self.id is None


class Billing:
    def __init__(self, engine: Engine, *, free_rows_per_month: int, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.engine = engine
        self.free_rows_per_month = free_rows_per_month
        self.clock = clock

    def _balances(self, conn: Connection, account_id: str, period: str, now: dt.datetime) -> tuple[int, int, int]:
        """``(free rows left, credits left, rows used this period)`` inside an open connection; open
        reservations count against the first two until they expire."""
        ledger = usage_ledger.c
        live = or_(ledger.kind != "reservation", ledger.expires_at > now)
        this_period = and_(ledger.period == period, live)
        free_used, rows, credits = conn.execute(
            select(
                func.coalesce(func.sum(case((this_period, ledger.free_rows), else_=0)), 0),
                func.coalesce(func.sum(case((and_(ledger.period == period, ledger.kind == "usage"), ledger.rows), else_=0)), 0),
                func.coalesce(func.sum(case((live, ledger.credits_delta), else_=0)), 0),
            ).where(ledger.account_id == account_id)
        ).one()
        return max(self.free_rows_per_month - int(free_used), 0), int(credits), int(rows)

    def _lock(self, conn: Connection, account_id: str) -> None:
        """Serialize this account's ledger writers until the transaction ends."""
        conn.execute(update(accounts).where(accounts.c.id == account_id).values(id=accounts.c.id))

    def _mode(self, conn: Connection, account_id: str) -> str:
        """``credits`` (prepaid) or ``monthly`` (invoiced through Stripe's meter for rows beyond free and credits)."""
        return conn.execute(select(accounts.c.payment_mode).where(accounts.c.id == account_id)).scalar() or "credits"

    def summary(self, account_id: str, *, language: str = "en") -> UsageSummary:
        """What ``GET /v1/usage`` shows (its ``notice`` in ``language``)."""
        now = self.clock()
        period = period_of(now)
        with self.engine.connect() as conn:
            free_left, credits, rows = self._balances(conn, account_id, period, now)
            recent = conn.execute(
                select(
                    usage_ledger.c.created_at, usage_ledger.c.kind, usage_ledger.c.endpoint, usage_ledger.c.rows,
                    usage_ledger.c.free_rows, usage_ledger.c.credit_rows, usage_ledger.c.credits_delta,
                    usage_ledger.c.billed_rows, usage_ledger.c.reason,
                )
                .where(usage_ledger.c.account_id == account_id, usage_ledger.c.kind != "reservation")
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
            "balance_negative": credits < 0,
            "notice": translator(language).n_(*NEGATIVE_BALANCE, -credits) if credits < 0 else None,
            "recent": [
                {
                    "at": iso(r[0]), "kind": r[1], "endpoint": r[2], "rows": r[3],
                    "free_rows": r[4], "credit_rows": r[5], "credits_delta": r[6], "billed_rows": r[7], "reason": r[8],
                }
                for r in recent
            ],
        }

    def balance(self, account_id: str) -> Usage:
        """The ``usage`` of a call that charged nothing (a dry run)."""
        now = self.clock()
        with self.engine.connect() as conn:
            free_left, credits, _ = self._balances(conn, account_id, period_of(now), now)
        return {"rows_charged": 0, "free_rows_left": free_left, "credits_left": credits, "replayed": False}

    def precheck(self, account_id: str, rows: int) -> None:
        """Raise ``PaymentRequired`` before doing work that could not be paid for (holds nothing: use
        ``reserve`` when the work will be charged)."""
        now = self.clock()
        with self.engine.connect() as conn:
            free_left, credits, _ = self._balances(conn, account_id, period_of(now), now)
            split(rows, free_left, credits, monthly=self._mode(conn, account_id) == "monthly")

    # reserve / commit / release
    def reserve(
        self, account_id: str, rows: int, *, endpoint: str, idempotency_key: str | None = None,
        request_hash: str | None = None, hold_seconds: int = HOLD_SECONDS,
    ) -> Reservation:
        """Hold ``rows`` for work about to be done, in the transaction that checks the balance (402 if they
        are not there, 409 if ``idempotency_key`` was used for another request or is still being worked on).
        A key already charged for the same request holds nothing and returns a replayed reservation."""
        if rows < 0:
            raise ValueError("rows must be 0 or more")
        now = self.clock()
        period = period_of(now)
        ledger = usage_ledger.c
        with self.engine.begin() as conn:
            self._lock(conn, account_id)
            conn.execute(
                delete(usage_ledger).where(
                    ledger.account_id == account_id, ledger.kind == "reservation", ledger.expires_at < now - STALE_AFTER
                )
            )
            if idempotency_key is not None:
                seen = conn.execute(
                    select(ledger.request_hash, ledger.kind).where(
                        ledger.account_id == account_id, ledger.idempotency_key == idempotency_key
                    )
                ).first()
                if seen is not None:
                    if seen[0] != request_hash:
                        raise ConflictError(
                            N_("This idempotency_key was already used for a different request; use a new key."),
                            code="idempotency.mismatch", field="idempotency_key",
                        )
                    if seen[1] == "reservation":
                        raise ConflictError(
                            N_("A request with this idempotency_key is still being worked on; try again in a minute."),
                            code="idempotency.in_progress", field="idempotency_key",
                        )
                    free_left, credits, _ = self._balances(conn, account_id, period, now)
                    replayed = Usage(rows_charged=0, free_rows_left=free_left, credits_left=credits, replayed=True)
                    return Reservation(None, account_id, 0, replayed)
            free_left, credits, _ = self._balances(conn, account_id, period, now)
            free_rows, credit_rows, billed_rows = split(rows, free_left, credits,
                                                        monthly=self._mode(conn, account_id) == "monthly")
            inserted = conn.execute(
                insert(usage_ledger).values(
                    account_id=account_id, created_at=now, period=period, kind="reservation", endpoint=endpoint[:60],
                    rows=rows, free_rows=free_rows, credit_rows=credit_rows, credits_delta=-credit_rows,
                    billed_rows=billed_rows, idempotency_key=idempotency_key, request_hash=request_hash,
                    expires_at=now + dt.timedelta(seconds=hold_seconds),
                )
            ).inserted_primary_key
            if inserted is None:  # SQLAlchemy's None is for inserts without a generated key; the id autoincrements
                raise RuntimeError("the usage ledger gave no id for the reservation")
            line_id = inserted[0]
        usage = Usage(rows_charged=rows, free_rows_left=free_left - free_rows, credits_left=credits - credit_rows,
                      replayed=False)
        return Reservation(int(line_id), account_id, rows, usage)

    def commit(
        self, reservation: Reservation, rows: int | None = None, *, idempotency_key: str | None = None,
        request_hash: str | None = None,
    ) -> Committed:
        """Charge ``rows`` (default: all) of a reservation: the work is done. A whole commit turns the line into
        ``usage``; a partial one (or one with its own ``idempotency_key``, e.g. a job's chunk) adds a ``usage``
        line and leaves the rest held (release it, or commit again). A key already committed with the same
        ``request_hash`` charges nothing again (``replayed``); with another hash it is 409. Works after the
        hold expired too: the work was done. Returns the ``usage`` plus ``free_rows``/``credit_rows`` taken."""
        if reservation.id is None:
            return {**reservation.usage, "free_rows": 0, "credit_rows": 0}
        now = self.clock()
        ledger = usage_ledger.c
        with self.engine.begin() as conn:
            self._lock(conn, reservation.account_id)
            if idempotency_key is not None:
                seen = conn.execute(
                    select(ledger.request_hash).where(
                        ledger.account_id == reservation.account_id, ledger.idempotency_key == idempotency_key
                    )
                ).first()
                if seen is not None:
                    if seen[0] != request_hash:
                        raise ConflictError(
                            N_("This idempotency_key was already used for a different request; use a new key."),
                            code="idempotency.mismatch", field="idempotency_key",
                        )
                    free_left, credits, _ = self._balances(conn, reservation.account_id, period_of(now), now)
                    return {"rows_charged": 0, "free_rows_left": free_left, "credits_left": credits, "replayed": True,
                            "free_rows": 0, "credit_rows": 0}
            line = conn.execute(
                select(ledger.rows, ledger.free_rows, ledger.credit_rows, ledger.period, ledger.endpoint, ledger.billed_rows).where(
                    ledger.id == reservation.id, ledger.account_id == reservation.account_id, ledger.kind == "reservation"
                )
            ).first()
            if line is None:
                raise ConflictError(N_("This reservation was already committed or released."), code="billing.reservation_gone")
            held, free_held, credit_held, period, endpoint, billed_held = line
            rows = held if rows is None else rows
            if not 0 <= rows <= held:
                raise ValueError(f"cannot commit {rows} rows of a reservation holding {held}")
            free_rows = min(rows, free_held)
            credit_rows = min(rows - free_rows, credit_held)
            billed_rows = rows - free_rows - credit_rows  # a monthly account's rows beyond free tier and credits
            this = usage_ledger.update().where(ledger.id == reservation.id)
            if rows == held and idempotency_key is None:
                conn.execute(this.values(kind="usage", created_at=now, expires_at=None))
            else:
                conn.execute(
                    this.values(
                        rows=held - rows, free_rows=free_held - free_rows, credit_rows=credit_held - credit_rows,
                        credits_delta=-(credit_held - credit_rows), billed_rows=billed_held - billed_rows,
                    )
                )
                conn.execute(
                    insert(usage_ledger).values(
                        account_id=reservation.account_id, created_at=now, period=period, kind="usage", endpoint=endpoint,
                        rows=rows, free_rows=free_rows, credit_rows=credit_rows, credits_delta=-credit_rows,
                        billed_rows=billed_rows, idempotency_key=idempotency_key, request_hash=request_hash,
                    )
                )
            free_left, credits, _ = self._balances(conn, reservation.account_id, period_of(now), now)
        return {"rows_charged": rows, "free_rows_left": free_left, "credits_left": credits, "replayed": False,
                "free_rows": free_rows, "credit_rows": credit_rows}

    def release(self, reservation: Reservation) -> None:
        """Give back what a reservation still holds (the work failed or was not done); its key can be used again."""
        if reservation.id is None:
            return
        with self.engine.begin() as conn:
            conn.execute(
                delete(usage_ledger).where(
                    usage_ledger.c.id == reservation.id, usage_ledger.c.account_id == reservation.account_id,
                    usage_ledger.c.kind == "reservation",
                )
            )

    @contextlib.contextmanager
    def metered(
        self, account_id: str, rows: int, *, endpoint: str, idempotency_key: str | None = None, request_hash: str | None = None
    ) -> Iterator[Usage]:
        """Reserve ``rows`` (402/409 before any work), yield the call's ``usage``, commit when the block ends
        and release if it fails, so a failed call costs nothing and a finished one is charged once."""
        reservation = self.reserve(
            account_id, rows, endpoint=endpoint, idempotency_key=idempotency_key, request_hash=request_hash
        )
        try:
            yield reservation.usage
        except BaseException:
            self.release(reservation)
            raise
        self.commit(reservation)

    def charge(
        self, account_id: str, rows: int, *, endpoint: str, idempotency_key: str | None = None, request_hash: str | None = None
    ) -> Usage:
        """Meter ``rows`` for work already done; a repeated ``idempotency_key`` with the same request is not charged again."""
        reservation = self.reserve(
            account_id, rows, endpoint=endpoint, idempotency_key=idempotency_key, request_hash=request_hash
        )
        self.commit(reservation)
        return reservation.usage

    def grant_credits(self, account_id: str, credits: int, *, note: str = "grant", reason: str | None = None) -> int:
        """Add prepaid credits (one credit = one row; negative takes them back); returns the new balance.
        ``reason`` says why (support cases: ``python -m functions.admin grant-credits --reason``); a negative
        grant must have one. At most ``MAX_GRANT`` either way (the ledger's columns are 32-bit integers)."""
        if not 0 < abs(credits) <= MAX_GRANT:
            raise ValueError(f"a grant is 1 to {MAX_GRANT:,} credits (or as many taken back), not {credits}")
        if credits < 0 and not (reason or "").strip():
            raise ValueError("taking credits back needs a reason")
        now = self.clock()
        with self.engine.begin() as conn:
            self._lock(conn, account_id)
            conn.execute(
                insert(usage_ledger).values(
                    account_id=account_id, created_at=now, period=period_of(now), kind="credit", endpoint=note[:60],
                    rows=0, free_rows=0, credit_rows=0, credits_delta=credits, reason=(reason or None) and reason[:300],
                )
            )
            return self._balances(conn, account_id, period_of(now), now)[1]

    # free dry runs
    def take_free_rows(self, account_id: str, rows: int, *, per_hour: int) -> None:
        """Count ``rows`` of a free dry run against the account's hourly allowance, or raise ``TooManyRequests``
        (429, with the seconds until the next hour) and count nothing."""
        now = self.clock()
        window = now.replace(minute=0, second=0, microsecond=0)
        table = free_run_usage.c
        with self.engine.begin() as conn:
            self._lock(conn, account_id)
            conn.execute(delete(free_run_usage).where(table.account_id == account_id, table.window_start < window))
            used = conn.execute(
                select(table.rows).where(table.account_id == account_id, table.window_start == window)
            ).scalar()
            if (used or 0) + rows > per_hour:
                wait = max(1, math.ceil((window + dt.timedelta(hours=1) - now).total_seconds()))
                raise TooManyRequests(
                    Nn_("Free dry runs are limited to {limit} rows per hour and this one has {rows} ({total} used "
                        "this hour). Try again in {n} minute, or run a paid clean.",
                        "Free dry runs are limited to {limit} rows per hour and this one has {rows} ({total} used "
                        "this hour). Try again in {n} minutes, or run a paid clean."),
                    code="rate_limited.dry_run", retry_after=wait, limit=per_hour, rows=rows, total=used or 0,
                    n=math.ceil(wait / 60),
                )
            if used is None:
                conn.execute(insert(free_run_usage).values(account_id=account_id, window_start=window, rows=rows))
            else:
                conn.execute(
                    update(free_run_usage)
                    .where(table.account_id == account_id, table.window_start == window)
                    .values(rows=table.rows + rows)
                )


NEGATIVE_BALANCE = Nn_(
    "The credit balance is {n} row below zero after a refund or a disputed payment. Buy credits to bring it "
    "above zero; until then cleaning and checking are paused.",
    "The credit balance is {n} rows below zero after a refund or a disputed payment. Buy credits to bring it "
    "above zero; until then cleaning and checking are paused.",
)


def split(rows: int, free_left: int, credits: int, *, monthly: bool) -> tuple[int, int, int]:
    """``(free rows, credit rows, billed rows)`` of ``rows``: the free tier first, then credits, then (an
    account that pays monthly) rows invoiced at the month's end. Raises ``PaymentRequired`` when they cannot
    be paid, and whenever the credit balance is negative (a refund took back credits already spent)."""
    if credits < 0 and rows > 0:
        raise PaymentRequired(NEGATIVE_BALANCE, code="billing.negative_balance", n=-credits)
    free_rows = min(rows, free_left)
    credit_rows = min(rows - free_rows, max(credits, 0))
    billed_rows = rows - free_rows - credit_rows
    if billed_rows and not monthly:
        raise _payment_required(rows, free_left, credits)
    return free_rows, credit_rows, billed_rows


def _payment_required(rows: int, free_left: int, credits: int) -> PaymentRequired:
    return PaymentRequired(
        Nn_("This clean needs {n} row, more than is left this month (free rows: {free}; credits: {credits}). Buy "
            "credits, clean fewer rows, or use a dry run (free) to test.",
            "This clean needs {n} rows, more than is left this month (free rows: {free}; credits: {credits}). Buy "
            "credits, clean fewer rows, or use a dry run (free) to test."), n=rows, free=free_left, credits=max(credits, 0)
    )
