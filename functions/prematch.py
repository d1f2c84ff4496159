"""Pre-match at entry: does a new record probably duplicate a row of a connected register?

Rensa keeps no register contents at rest. The register is read from the sheet itself (gspread), cleaned
once and held in this instance's memory for ``RENSA_REGISTER_CACHE_SECONDS`` (default 60 s), keyed by
account and register, then dropped. Lookups go through blocking keys (same e-mail, phone, national or
organisation id, company, or family name + postal code) so a check compares the record with a handful of
candidate rows, which ``core.dedup.find_duplicates`` scores and explains.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

_EXACT_ROLES = ("email", "phone", "personal_id", "org_id", "company")
MAX_CANDIDATES = 200


def _name_key(row: Sequence[str], roles: Sequence[str | None]) -> str | None:
    """Family name (or the last word of the full name) plus postal code, for rows without exact keys."""
    by_role = {role: value for role, value in zip(roles, row) if role and value}
    family = by_role.get("family_name") or (by_role.get("full_name") or "").split(" ")[-1]
    postal = by_role.get("postal_code", "")
    return f"{family.casefold()}|{postal.replace(' ', '')}" if family and postal else None


def blocking_keys(row: Sequence[str], roles: Sequence[str | None]) -> set[str]:
    """The keys under which a cleaned row is filed.

    >>> sorted(blocking_keys(["anna@firma.se", "Anna Berg", "114 18"], ["email", "full_name", "postal_code"]))
    ['email:anna@firma.se', 'name:berg|11418']
    """
    keys = {f"{role}:{value.casefold()}" for role, value in zip(roles, row) if role in _EXACT_ROLES and value.strip()}
    name = _name_key(row, roles)
    return keys | {f"name:{name}"} if name else keys


class RegisterIndex:
    """A cleaned register in memory with its blocking index."""

    def __init__(self, header: list[str], roles: list[str | None], rows: list[list[str]]) -> None:
        self.header, self.roles, self.rows = header, roles, rows
        self.index: dict[str, list[int]] = defaultdict(list)
        for number, row in enumerate(rows):
            for key in blocking_keys(row, roles):
                self.index[key].append(number)

    def _aligned(self, header: Sequence[str], roles: Sequence[str | None], row: Sequence[str]) -> list[str]:
        """The record laid out in the register's columns: by role first, then by header name."""
        by_role = {}
        for role, value in zip(roles, row):
            if role and value and role not in by_role:
                by_role[role] = value
        by_name = dict(zip(header, row))
        return [by_role.get(role, "") if role else by_name.get(name, "") for name, role in zip(self.header, self.roles)]

    def matches(self, header: Sequence[str], roles: Sequence[str | None], row: Sequence[str], *, limit: int) -> list[dict]:
        """Register rows the record probably duplicates, best first, with the reasons."""
        from core.dedup import find_duplicates

        record = self._aligned(header, roles, row)
        hits = Counter(n for key in blocking_keys(record, self.roles) for n in self.index.get(key, ()))
        # a common company or family name can block thousands of rows: score those sharing most keys
        candidates = sorted(n for n, _ in hits.most_common(MAX_CANDIDATES))
        if not candidates:
            return []
        rows = [record] + [self.rows[n] for n in candidates]
        result = find_duplicates(self.header, rows, self.roles)
        found: list[dict[str, Any]] = []
        for cluster in result.clusters:
            if 1 not in cluster.rows:
                continue
            for number in cluster.rows:
                if number == 1:
                    continue
                register_row = candidates[number - 2] + 1
                # a review match says what holds it back (core.dedup.explain), as the note on a sheet's row does
                pair = cluster.pair(1, number)
                against = list(pair.against) if pair is not None else []
                found.append(
                    {
                        "row": register_row, "values": self.rows[register_row - 1], "score": cluster.score,
                        "band": cluster.band, "reasons": list(cluster.reasons),
                        "explanation": pair.explanation if pair is not None and against else cluster.explanation,
                        "against": against,
                    }
                )
        found.sort(key=lambda m: (-m["score"], m["row"]))
        return found[:limit]


class RegisterCache:
    """Cleaned registers for a short time, per account and register; one load at a time per key."""

    def __init__(self, *, ttl_seconds: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl_seconds
        self.clock = clock
        self._entries: dict[tuple, tuple[float, RegisterIndex]] = {}
        self._locks: dict[tuple, threading.Lock] = defaultdict(threading.Lock)
        self._guard = threading.Lock()

    def get(self, key: tuple, load: Callable[[], RegisterIndex]) -> RegisterIndex:
        with self._guard:
            lock = self._locks[key]
        with lock:
            hit = self._entries.get(key)
            if hit and hit[0] > self.clock():
                return hit[1]
            index = load()
            self._entries[key] = (self.clock() + self.ttl, index)
            return index

    def forget(self, account_id: str, register_id: str) -> None:
        with self._guard:
            for key in [k for k in self._entries if k[:2] == (account_id, register_id)]:
                del self._entries[key]
