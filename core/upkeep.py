"""Continuous upkeep (ajourhold), the pure part: row fingerprints, when a register is due, and the numbers a
run leaves in the register's quality history.

* ``fingerprints(rows, key)``: a keyed hash (HMAC-SHA256, 16 hex digits) of each row's cells. The set of a
  register's fingerprints after a run is kept in the document itself, never on our side; at the next run
  a row whose fingerprint is in the set has not changed (wherever it moved), so only new and edited rows
  are cleaned and charged.
* ``next_run(frequency, day, after)``: weekly on a weekday (1 = Monday) or monthly on a day (1-28), at
  03:00 UTC, strictly after ``after``.
* ``snapshot(result, ...)``: numbers only (rows, score, counts per kind of problem, duplicates, ...) — what
  the history keeps; nothing from the register's cells.

>>> import datetime
>>> next_run("weekly", 1, datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)).isoformat()
'2026-12-07T03:00:00+00:00'
>>> next_run("monthly", 1, datetime.datetime(2026, 12, 1, 2, 0, tzinfo=datetime.UTC)).isoformat()
'2026-12-01T03:00:00+00:00'
>>> a, b = fingerprints([["Anna", "anna@firma.se"], ["Anna", "anna@firma.se "]], b"key")
>>> a == b, len(a)
(False, 16)
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from core.models import CleanResult

Frequency = Literal["weekly", "monthly"]
RUN_HOUR = 3  # UTC: before a Nordic working day starts


def fingerprint(row: Sequence[str], key: bytes) -> str:
    """A row's keyed hash: equal rows give equal fingerprints; nobody without ``key`` can tell the cells."""
    body = "\x1f".join(row).encode("utf-8")
    return hmac.new(key, body, hashlib.sha256).hexdigest()[:16]


def fingerprints(rows: Iterable[Sequence[str]], key: bytes) -> list[str]:
    return [fingerprint(row, key) for row in rows]


def changed_rows(rows: Sequence[Sequence[str]], known: set[str], key: bytes) -> list[int]:
    """1-based numbers of the rows that are new or edited since the fingerprints in ``known`` were taken
    (every row with anything in it, the first time)."""
    return [number for number, row in enumerate(rows, start=1)
            if any(cell.strip() for cell in row) and fingerprint(row, key) not in known]


def next_run(frequency: Frequency, day: int, after: datetime.datetime) -> datetime.datetime:
    """The first run time strictly after ``after`` (timezone-aware, UTC)."""
    if frequency == "weekly":
        if not 1 <= day <= 7:
            raise ValueError("a weekly upkeep runs on a weekday from 1 (Monday) to 7 (Sunday)")
        start = after.astimezone(datetime.UTC).replace(hour=RUN_HOUR, minute=0, second=0, microsecond=0)
        candidate = start + datetime.timedelta(days=(day - 1 - start.weekday()) % 7)
        return candidate if candidate > after else candidate + datetime.timedelta(days=7)
    if frequency == "monthly":
        if not 1 <= day <= 28:
            raise ValueError("a monthly upkeep runs on a day from 1 to 28 (every month has those)")
        start = after.astimezone(datetime.UTC)
        candidate = start.replace(day=day, hour=RUN_HOUR, minute=0, second=0, microsecond=0)
        if candidate > after:
            return candidate
        year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
        return candidate.replace(year=year, month=month)
    raise ValueError(f"unknown upkeep frequency {frequency!r}: use weekly or monthly")


def retry_at(attempts: int, now: datetime.datetime) -> datetime.datetime:
    """When a failed run is tried again: 5 minutes, then doubling, at most a day."""
    return now + datetime.timedelta(minutes=min(5 * 2 ** max(0, attempts - 1), 24 * 60))


def snapshot(result: CleanResult, *, new_rows: int = 0, changed: int = 0, bounces: int = 0, suppressed: int = 0,
             undeliverable_domains: int = 0, companies_gone: int = 0, rows_charged: int = 0) -> dict:
    """The numbers a run leaves in the history: nothing from the cells, only counts and scores."""
    codes = Counter(issue.code for issue in result.issues)
    return {
        "rows": len(result.rows),
        "score": result.quality.after.score,
        "score_before": result.quality.before.score,
        "problems": dict(sorted(codes.items())),
        "rows_with_problems": sum(1 for status in result.status if status),
        "duplicates": result.quality.before.duplicate_rows,
        "changes": len(result.changes),
        "new_rows": new_rows,
        "changed_rows": changed,
        "bounces": bounces,
        "suppressed": suppressed,
        "undeliverable_domains": undeliverable_domains,
        "companies_gone": companies_gone,
        "rows_charged": rows_charged,
    }


def since_last(points: Sequence[dict], *, language: str = "en") -> str:
    """"Since the last run: 14 new rows, 3 e-mail domains that cannot receive mail, …" from the two newest
    successful history points (numbers only), in the user's language; "" with fewer than two."""
    from core.i18n import translator

    done = [point for point in points if point.get("outcome", "ok") == "ok" and "rows" in point]
    if len(done) < 2:
        return ""
    speak = translator(language)
    before, latest = done[-2], done[-1]
    parts = []
    if latest.get("new_rows"):
        parts.append(speak.n_("{n} new row", "{n} new rows", latest["new_rows"]))
    if latest.get("changed_rows"):
        parts.append(speak.n_("{n} row cleaned", "{n} rows cleaned", latest["changed_rows"]))
    def grown(key: str) -> int:
        return max(0, latest.get(key, 0) - before.get(key, 0))

    if grown("bounces"):
        parts.append(speak.n_("{n} bounced address flagged", "{n} bounced addresses flagged", grown("bounces")))
    if grown("undeliverable_domains"):
        parts.append(speak.n_("{n} e-mail domain that cannot receive mail", "{n} e-mail domains that cannot receive mail",
                              grown("undeliverable_domains")))
    if grown("companies_gone"):
        parts.append(speak.n_("{n} company no longer exists", "{n} companies no longer exist", grown("companies_gone")))
    if grown("suppressed"):
        parts.append(speak.n_("{n} contact on a suppression list", "{n} contacts on a suppression list",
                              grown("suppressed")))
    score = speak._("quality score {before} → {after}", before=float(before["score"]), after=float(latest["score"]))
    parts.append(score)
    return speak._("Since the last run: {changes}.", changes=parts)
