"""Upkeep schedules and quality histories in the database.

``register_upkeep`` holds one schedule per connected register; the scheduler claims due registers in
batches. On PostgreSQL the claim is ``SELECT … FOR UPDATE SKIP LOCKED`` inside one transaction that also
sets a lease (``claimed_until``), so any number of function instances share the due registers and never run
one twice; a lease that runs out (an instance died) frees the register for the next call. SQLite has no row
locks; its claim is the same conditional UPDATE (one writer at a time), which keeps the promise on one
machine. ``register_history`` keeps numbers only (``core.upkeep.snapshot``), per run and per clean.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import overload

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    and_,
    delete,
    insert,
    or_,
    select,
    update,
)

from core.i18n.stored import Said, shown
from core.upkeep import Frequency, next_run, retry_at
from functions.adapters.db import written
from functions.schema import metadata

TZ = DateTime(timezone=True)

register_history = Table(
    "register_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", String(40), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("register_id", String(40), ForeignKey("registers.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", TZ, nullable=False),
    Column("kind", String(10), nullable=False),  # clean | upkeep
    Column("outcome", String(10), nullable=False),  # ok | failed
    Column("numbers", Text, nullable=False),  # core.upkeep.snapshot as JSON: numbers only
    Column("error_code", String(60), nullable=True),
)

register_upkeep = Table(
    "register_upkeep",
    metadata,
    Column("register_id", String(40), ForeignKey("registers.id", ondelete="CASCADE"), primary_key=True),
    Column("account_id", String(40), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("frequency", String(10), nullable=False),
    Column("day", Integer, nullable=False),
    Column("next_run_at", TZ, nullable=False),
    Column("claimed_until", TZ, nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", String(60), nullable=True),
    # The same failure as a sentence to say in the reader's language (core.i18n.stored.Said JSON; i14c2).
    Column("last_problem", Text, nullable=True),
    Column("resume_row", Integer, nullable=False, default=0),
    Column("created_at", TZ, nullable=False),
)

LEASE = dt.timedelta(minutes=10)  # longer than one run may take (a Cloud Function's 9-minute limit)


@overload
def _aware(value: dt.datetime) -> dt.datetime: ...
@overload
def _aware(value: dt.datetime | None) -> dt.datetime | None: ...
def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """Timezone-aware UTC (SQLite hands back naive datetimes, stored as UTC)."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class UpkeepStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- schedules ----------------------------------------------------------------------------------
    def set(self, account_id: str, register_id: str, frequency: Frequency, day: int, now: dt.datetime) -> dict:
        first = next_run(frequency, day, now)
        with self.engine.begin() as connection:
            connection.execute(delete(register_upkeep).where(register_upkeep.c.register_id == register_id,
                                                             register_upkeep.c.account_id == account_id))
            connection.execute(insert(register_upkeep).values(
                register_id=register_id, account_id=account_id, frequency=frequency, day=day, next_run_at=first,
                attempts=0, resume_row=0, created_at=now))
        return written(self.get(account_id, register_id), "the upkeep schedule")

    def get(self, account_id: str, register_id: str, language: str = "en") -> dict | None:
        """The schedule, its last failure's code and that failure said in ``language`` (None: none, or a
        failure kept before sentences were)."""
        with self.engine.connect() as connection:
            row = connection.execute(select(register_upkeep).where(
                register_upkeep.c.register_id == register_id, register_upkeep.c.account_id == account_id)).first()
        if row is None:
            return None
        return {"frequency": row.frequency, "day": row.day, "next_run_at": _aware(row.next_run_at).isoformat(),
                "attempts": row.attempts, "last_error": row.last_error,
                "last_error_message": shown(row.last_problem, language)}

    def delete(self, account_id: str, register_id: str) -> bool:
        with self.engine.begin() as connection:
            return bool(connection.execute(delete(register_upkeep).where(
                register_upkeep.c.register_id == register_id, register_upkeep.c.account_id == account_id)).rowcount)

    # --- the scheduler's claims -----------------------------------------------------------------------
    def claim_due(self, now: dt.datetime, limit: int = 10) -> list[dict]:
        """Up to ``limit`` due registers, each leased to this caller until ``now + LEASE``."""
        due = and_(register_upkeep.c.next_run_at <= now,
                   or_(register_upkeep.c.claimed_until.is_(None), register_upkeep.c.claimed_until < now))
        claimed: list[dict] = []
        with self.engine.begin() as connection:
            query = select(register_upkeep).where(due).order_by(register_upkeep.c.next_run_at).limit(limit)
            if connection.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            for row in connection.execute(query).all():
                taken = connection.execute(update(register_upkeep).where(
                    register_upkeep.c.register_id == row.register_id, due).values(claimed_until=now + LEASE))
                if taken.rowcount == 1:  # on SQLite another caller may have taken it in between
                    claimed.append(dict(row._mapping))
        return claimed

    def finished(self, register_id: str, frequency: Frequency, day: int, now: dt.datetime, *,
                 error: Said | None = None) -> None:
        """The run is over: the next one is the schedule's next date. ``error``: it did not run for a reason
        that waiting minutes will not mend (no credits left), kept for the sidebar (its code and the sentence)."""
        with self.engine.begin() as connection:
            connection.execute(update(register_upkeep).where(register_upkeep.c.register_id == register_id).values(
                next_run_at=next_run(frequency, day, now), claimed_until=None, attempts=0,
                last_error=error and error.code[:60], last_problem=error and error.to_json(), resume_row=0))

    def failed(self, register_id: str, attempts: int, problem: Said, now: dt.datetime) -> dt.datetime:
        """Back off: the run is tried again later, with the error kept for the sidebar (its code and the
        sentence, said on read in the reader's language) and the history (the code)."""
        again = retry_at(attempts + 1, now)
        with self.engine.begin() as connection:
            connection.execute(update(register_upkeep).where(register_upkeep.c.register_id == register_id).values(
                next_run_at=again, claimed_until=None, attempts=attempts + 1, last_error=problem.code[:60],
                last_problem=problem.to_json()))
        return again

    # --- history --------------------------------------------------------------------------------------
    def record(self, account_id: str, register_id: str, *, kind: str, outcome: str, numbers: dict,
               now: dt.datetime, error_code: str | None = None) -> None:
        with self.engine.begin() as connection:
            connection.execute(insert(register_history).values(
                account_id=account_id, register_id=register_id, created_at=now, kind=kind, outcome=outcome,
                numbers=json.dumps(numbers, sort_keys=True), error_code=error_code))

    def history(self, account_id: str, register_id: str, limit: int = 104) -> list[dict]:
        """The newest ``limit`` points (two years of weekly runs), oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(register_history).where(
                register_history.c.account_id == account_id, register_history.c.register_id == register_id,
            ).order_by(register_history.c.created_at.desc(), register_history.c.id.desc()).limit(limit)).all()
        return [{"at": _aware(row.created_at).isoformat(), "kind": row.kind, "outcome": row.outcome,
                 "error_code": row.error_code, **json.loads(row.numbers)} for row in reversed(rows)]
