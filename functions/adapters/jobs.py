"""Clean jobs: a price before the work, the whole job's rows reserved at its start, the rest released at its end.

A sidebar clean (or an API client cleaning a large register in chunks) first asks for a **quote** (what the
rows will cost: free rows, credits, the balance after, money), then **starts** a job: one ledger transaction
reserves all of its rows (``Billing.reserve``), so a job either is paid for in full before anything is written
or does not start (402). Each chunk's ``POST /v1/clean`` with the ``job_id`` **commits** its rows out of the
reservation (``Billing.commit``, idempotent per chunk key). **Finishing** or **cancelling** the job releases
what was not used (``Billing.release``). The ``clean_jobs`` row keeps numbers and the tab's name only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Row, insert, select, update

from core.i18n import N_, translator
from functions.errors import ConflictError, NotFoundError, PaymentRequired
from functions.schema import accounts, clean_jobs, usage_ledger

from .billing import Billing, Reservation, Usage, usage_of
from .db import iso, new_id, utcnow

if TYPE_CHECKING:
    from .payments import Pack

# A sidebar job of 200,000 rows may be resumed the next day (a closed laptop); its rows stay held that long.
RESERVATION_DAYS = 7


def money(minor: int, currency: str) -> str:
    """``1234, "EUR"`` -> ``"12.34 EUR"``: the amount a person reads next to a price."""
    return f"{minor // 100}.{minor % 100:02d} {currency}"


@dataclass(frozen=True)
class RowPrice:
    """What rows cost in the team's currency: the smallest credit pack on offer there (``RENSA_CREDIT_PACKS``),
    per row (10,000 rows for 149 SEK: 1.49 öre a row)."""

    pack_rows: int
    pack_minor: int
    currency: str

    def minor(self, rows: int) -> int:
        return round(rows * self.pack_minor / self.pack_rows) if self.pack_rows else 0

    def text(self, rows: int) -> str:
        return money(self.minor(rows), self.currency)


class CleanJobs:
    def __init__(self, engine: Engine, billing: Billing, *, packs: tuple[Pack, ...] = (),
                 clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.engine = engine
        self.billing = billing
        self.packs = packs
        self.clock = clock

    def price_of(self, account_id: str) -> RowPrice:
        with self.engine.connect() as conn:
            currency = conn.execute(select(accounts.c.currency).where(accounts.c.id == account_id)).scalar() or "SEK"
        offered = sorted((p for p in self.packs if p.currency == currency), key=lambda p: p.rows)
        if not offered:
            return RowPrice(0, 0, currency)
        return RowPrice(offered[0].rows, offered[0].amount, currency)

    # ---- price before the work -------------------------------------------------------------------

    def quote(self, account_id: str, rows: int, *, unchanged: int = 0, language: str = "en") -> dict:
        """What ``rows`` billable rows cost now: free rows first, then credits; ``covered`` says whether the
        balance pays for all of them, ``rows_coverable`` how many it does pay for."""
        balance = self.billing.balance(account_id)
        free_left, credits = balance["free_rows_left"], max(balance["credits_left"], 0)
        free_rows = min(rows, free_left)
        credit_rows = rows - free_rows
        coverable = min(rows, free_left + credits)
        shortfall = rows - coverable
        price = self.price_of(account_id)
        return {
            "rows": rows,
            "rows_unchanged": unchanged,
            "free_rows": free_rows,
            "credit_rows": credit_rows,
            "free_rows_left": free_left,
            "credits_left": credits,
            "free_rows_left_after": free_left - free_rows,
            "credits_left_after": credits - min(credit_rows, credits),
            "covered": shortfall == 0,
            "rows_coverable": coverable,
            "shortfall": shortfall,
            "price": {
                "pack_rows": price.pack_rows,
                "pack_minor": price.pack_minor,
                "currency": price.currency,
                "credits_minor": price.minor(credit_rows - shortfall),
                "shortfall_minor": price.minor(shortfall),
                "credits_text": price.text(credit_rows - shortfall),
                "shortfall_text": price.text(shortfall),
            },
            "sentence": quote_sentence(rows, unchanged, free_rows, credit_rows, shortfall,
                                       price.minor(credit_rows - shortfall), price.minor(shortfall), price.currency,
                                       language),
        }

    # ---- a job ----------------------------------------------------------------------------------

    def start(self, account_id: str, *, rows: int, label: str, rows_unchanged: int = 0, job_key: str | None = None) -> dict:
        """Reserve ``rows`` for a new job in one ledger transaction (402 when the balance does not cover them,
        and then nothing is held). ``job_key`` makes a retried start return the same job."""
        if job_key is not None:
            with self.engine.connect() as conn:
                found = conn.execute(select(clean_jobs).where(
                    clean_jobs.c.account_id == account_id, clean_jobs.c.id == _job_id(job_key))).first()
            if found is not None:
                return self._json(found)
        job_id = _job_id(job_key) if job_key else new_id("job")
        now = self.clock()
        reservation = None
        if rows > 0:
            try:
                reservation = self.billing.reserve(
                    account_id, rows, endpoint="clean-job", idempotency_key=f"job:{job_id}",
                    hold_seconds=RESERVATION_DAYS * 86400,
                )
            except PaymentRequired as e:
                q = self.quote(account_id, rows, unchanged=rows_unchanged)
                raise PaymentRequired(q["sentence"]) from e
        with self.engine.begin() as conn:
            conn.execute(insert(clean_jobs).values(
                id=job_id, account_id=account_id, label=label[:200] or "register",
                reservation_id=reservation.id if reservation else None,
                rows_reserved=rows, rows_used=0, free_rows=0, credit_rows=0, rows_unchanged=rows_unchanged,
                state="running", created_at=now, finished_at=None,
            ))
        return self.get(account_id, job_id)

    def get(self, account_id: str, job_id: str) -> dict:
        with self.engine.connect() as conn:
            row = conn.execute(select(clean_jobs).where(
                clean_jobs.c.account_id == account_id, clean_jobs.c.id == job_id)).first()
        if row is None:
            raise NotFoundError(N_("There is no clean job with that id in this account."), code="not_found", field="job_id")
        return self._json(row)

    @contextlib.contextmanager
    def metered(self, account_id: str, job_id: str, rows: int, *, idempotency_key: str | None,
                request_hash: str | None) -> Iterator[Usage]:
        """A chunk of a running job: its rows come out of the job's reservation once the work is done
        (``Billing.commit``, at most once per ``idempotency_key``); a failed chunk takes nothing. Rows beyond
        what the job still holds (the sheet grew) are charged from the balance as a plain call is (402)."""
        job = self.get(account_id, job_id)
        if job["state"] != "running":
            raise ConflictError(N_("This clean job has ended; start a new one."), code="job.ended", field="job_id")
        replay = self._replayed(account_id, idempotency_key, request_hash)
        if replay is not None:
            yield replay
            return
        held, _ = self._held(account_id, job["reservation_id"])
        from_job = min(rows, held)
        extra = rows - from_job
        if extra:
            self.billing.precheck(account_id, extra)
        usage: Usage = {**self.billing.balance(account_id), "rows_charged": rows}
        yield usage
        free_rows = 0
        if from_job:
            reservation = Reservation(job["reservation_id"], account_id, held, usage)
            committed = self.billing.commit(reservation, from_job, idempotency_key=idempotency_key,
                                            request_hash=request_hash)
            free_rows += committed["free_rows"]
            usage.update(usage_of(committed))
        if extra:
            before = self.billing.balance(account_id)["free_rows_left"]
            charged = self.billing.charge(account_id, extra, endpoint="clean-job",
                                          idempotency_key=None if from_job else idempotency_key,
                                          request_hash=None if from_job else request_hash)
            usage.update(usage_of(charged))
            free_rows += before - usage["free_rows_left"]
        usage["rows_charged"] = rows
        with self.engine.begin() as conn:
            conn.execute(update(clean_jobs).where(clean_jobs.c.id == job_id).values(
                rows_used=clean_jobs.c.rows_used + rows,
                free_rows=clean_jobs.c.free_rows + free_rows,
                credit_rows=clean_jobs.c.credit_rows + rows - free_rows,
            ))

    def _replayed(self, account_id: str, key: str | None, request_hash: str | None) -> Usage | None:
        """The answer's ``usage`` when this chunk's key was already charged (a replay costs nothing)."""
        if key is None:
            return None
        with self.engine.connect() as conn:
            seen = conn.execute(select(usage_ledger.c.request_hash).where(
                usage_ledger.c.account_id == account_id, usage_ledger.c.idempotency_key == key)).first()
        if seen is None:
            return None
        if seen[0] != request_hash:
            raise ConflictError(N_("This idempotency_key was already used for a different request; use a new key."),
                                code="idempotency.mismatch", field="idempotency_key")
        return {**self.billing.balance(account_id), "rows_charged": 0, "replayed": True}

    def _held(self, account_id: str, reservation_id: int | None) -> tuple[int, int]:
        """``(rows, free rows)`` the job's reservation still holds (0, 0 once released or used up)."""
        if reservation_id is None:
            return 0, 0
        with self.engine.connect() as conn:
            line = conn.execute(select(usage_ledger.c.rows, usage_ledger.c.free_rows).where(
                usage_ledger.c.id == reservation_id, usage_ledger.c.account_id == account_id,
                usage_ledger.c.kind == "reservation")).first()
        return (int(line[0]), int(line[1])) if line else (0, 0)

    def finish(self, account_id: str, job_id: str, *, cancelled: bool = False) -> dict:
        """End the job and release the rows it reserved but did not use. Finishing twice changes nothing."""
        job = self.get(account_id, job_id)
        if job["state"] == "running":
            released = self._held(account_id, job["reservation_id"])[0]
            if released:
                # release() reads only the line's id and account; the job's rows were never a call's usage.
                nothing = Usage(rows_charged=0, free_rows_left=0, credits_left=0, replayed=False)
                self.billing.release(Reservation(job["reservation_id"], account_id, released, nothing))
            with self.engine.begin() as conn:
                conn.execute(update(clean_jobs).where(
                    clean_jobs.c.id == job_id, clean_jobs.c.state == "running").values(
                    state="cancelled" if cancelled else "finished", finished_at=self.clock()))
            job = self.get(account_id, job_id)
            job["rows_released"] = released
        return job

    def recent(self, account_id: str, limit: int = 20) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(clean_jobs).where(clean_jobs.c.account_id == account_id)
                                .order_by(clean_jobs.c.created_at.desc()).limit(limit)).all()
        return [self._json(r) for r in rows]

    def _json(self, row: Row[*tuple[Any, ...]]) -> dict:
        m = row._mapping
        price = self.price_of(m["account_id"])
        return {
            "job_id": m["id"], "label": m["label"], "state": m["state"], "reservation_id": m["reservation_id"],
            "rows_reserved": m["rows_reserved"], "rows_used": m["rows_used"], "free_rows": m["free_rows"],
            "credit_rows": m["credit_rows"], "rows_unchanged": m["rows_unchanged"],
            "created_at": iso(m["created_at"]), "finished_at": iso(m["finished_at"]) if m["finished_at"] else None,
            "cost_text": price.text(m["credit_rows"]),
        }


def _job_id(key: str) -> str:
    """The job id a client's key names: its own id when it sent one (the sidebar sends its job's UUID)."""
    return "job_" + "".join(ch for ch in key if ch.isalnum() or ch == "-")[:36]


def quote_sentence(rows: int, unchanged: int, free_rows: int, credit_rows: int, shortfall: int, credits_minor: int,
                   shortfall_minor: int, currency: str, language: str = "en") -> str:
    """The price in a few sentences, as the sidebar and the API show it, in ``language`` (amounts in minor
    units of ``currency``, shown the locale's way)."""
    t = translator(language)
    if rows == 0:
        if unchanged:
            return t.n_("Nothing to pay: the {n} row is unchanged since Rensa last cleaned it.",
                        "Nothing to pay: the {n} rows are unchanged since Rensa last cleaned them.", unchanged)
        return t._("Nothing to pay: there are no rows to clean.")
    parts = []
    if free_rows:
        parts.append(t.n_("{n} row free", "{n} rows free", free_rows))
    if credit_rows - shortfall > 0:
        parts.append(t.n_("{n} row from credits", "{n} rows from credits", credit_rows - shortfall))
    sentences = [t.n_("This clean costs {n} row: {parts}.", "This clean costs {n} rows: {parts}.", rows,
                      parts=", ".join(parts) or t._("nothing is covered"))]
    if shortfall:
        sentences.append(t.n_("{n} row is not covered ({amount}): buy credits, or clean only the rows that are covered.",
                              "{n} rows are not covered ({amount}): buy credits, or clean only the rows that are "
                              "covered.", shortfall, amount=t.money(shortfall_minor, currency)))
    elif credit_rows:
        sentences.append(t._("Credits used: {amount}.", amount=t.money(credits_minor, currency)))
    if unchanged:
        sentences.append(t.n_("{n} row unchanged since the last clean cost nothing.",
                              "{n} rows unchanged since the last clean cost nothing.", unchanged))
    return " ".join(sentences)
