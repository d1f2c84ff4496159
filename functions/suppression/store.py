"""Storage of uploaded suppression lists: kind and dates in ``suppression_lists``, values only as keyed hashes
in ``suppression_entries``. Nothing of a list's contents is stored in the clear.

Each account has its own key (``functions.keys.account_key``, purpose ``suppression-lists``), derived from
``RENSA_KEY_PEPPER`` and never stored: one account's hashes say nothing about another's, and the same
number hashes differently in two accounts. A clean looks up only the hashes of its own rows' values
(``lists_matching``), so a million-entry list is never read into memory by the API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from core.contact import KINDS, SuppressionList, hash_values
from core.contact.kinds import valid_until as rule_until
from functions.adapters.db import new_id, utcnow, written
from functions.keys import SUPPRESSION_LISTS, account_key, master_key
from functions.suppression.schema import suppression_entries, suppression_lists

LIST_FIELDS = ("id", "kind", "name", "list_date", "valid_until", "entries", "created_at")
_CHUNK = 5000
_LOOKUP_CHUNK = 900  # bound parameters per lookup (SQLite allows 32,766; Postgres 65,535)


def describe(row: dict, today: dt.date) -> dict:
    """A stored list as the API shows it."""
    until = row["valid_until"]
    created = row["created_at"]
    return {"id": row["id"], "kind": row["kind"], "name": row["name"],
            "date": row["list_date"].isoformat() if row["list_date"] else None,
            "valid_until": until.isoformat() if until else None, "expired": bool(until and today > until),
            "entries": row["entries"], "channels": list(KINDS[row["kind"]].channels),
            "created_at": created.isoformat() if isinstance(created, dt.datetime) else created}


class SuppressionStore:
    def __init__(self, engine: Engine, *, base_key: bytes) -> None:
        self.engine = engine
        self._base_key = base_key
        self._insert = (postgresql if engine.dialect.name == "postgresql" else sqlite).insert

    def account_key(self, account_id: str) -> bytes:
        return account_key(self._base_key, account_id, purpose=SUPPRESSION_LISTS)

    def add(self, account_id: str, *, kind: str, name: str, list_date: dt.date | None,
            valid_until: dt.date | None, values: Iterable[str]) -> dict:
        """A new list with the typed canonical values hashed under the account's key; returns its row."""
        until = rule_until(kind, list_date, valid_until)
        list_id = new_id("sup")
        row = {"id": list_id, "account_id": account_id, "kind": kind, "name": name[:200],
               "list_date": list_date, "valid_until": until, "entries": 0, "created_at": utcnow()}
        with self.engine.begin() as conn:
            conn.execute(insert(suppression_lists).values(**row))
            self._append(conn, list_id, account_id, values)
        return written(self.get(account_id, list_id), "the suppression list")

    def append(self, account_id: str, list_id: str, values: Iterable[str]) -> dict | None:
        """More values for a list too large for one request; None when there is no such list."""
        with self.engine.begin() as conn:
            owned = conn.execute(select(suppression_lists.c.id).where(
                suppression_lists.c.id == list_id, suppression_lists.c.account_id == account_id).with_for_update()).first()
            if owned is None:
                return None
            self._append(conn, list_id, account_id, values)
        return self.get(account_id, list_id)

    def _append(self, conn, list_id: str, account_id: str, values: Iterable[str]) -> None:
        key = self.account_key(account_id)
        hashes = sorted(set(hash_values(values, key)))
        statement = self._insert(suppression_entries).on_conflict_do_nothing(index_elements=["list_id", "hash"])
        for start in range(0, len(hashes), _CHUNK):
            conn.execute(statement, [{"list_id": list_id, "hash": h} for h in hashes[start:start + _CHUNK]])
        count = conn.execute(select(func.count()).select_from(suppression_entries).where(
            suppression_entries.c.list_id == list_id)).scalar()
        conn.execute(update(suppression_lists).where(suppression_lists.c.id == list_id).values(entries=count))

    def get(self, account_id: str, list_id: str) -> dict | None:
        cols = [suppression_lists.c[n] for n in LIST_FIELDS]
        with self.engine.connect() as conn:
            row = conn.execute(select(*cols).where(suppression_lists.c.id == list_id,
                                                   suppression_lists.c.account_id == account_id)).first()
        return None if row is None else dict(zip(LIST_FIELDS, row))

    def list_all(self, account_id: str) -> list[dict]:
        cols = [suppression_lists.c[n] for n in LIST_FIELDS]
        with self.engine.connect() as conn:
            rows = conn.execute(select(*cols).where(suppression_lists.c.account_id == account_id)
                                .order_by(suppression_lists.c.created_at, suppression_lists.c.id))
            return [dict(zip(LIST_FIELDS, r)) for r in rows]

    def delete(self, account_id: str, list_id: str) -> bool:
        with self.engine.begin() as conn:
            owned = select(suppression_lists.c.id).where(suppression_lists.c.id == list_id,
                                                         suppression_lists.c.account_id == account_id)
            conn.execute(delete(suppression_entries).where(suppression_entries.c.list_id.in_(owned)))
            result = conn.execute(delete(suppression_lists).where(suppression_lists.c.id == list_id,
                                                                  suppression_lists.c.account_id == account_id))
        return bool(result.rowcount)

    def lists_matching(self, account_id: str, typed_values: Iterable[str]) -> list[SuppressionList]:
        """The account's lists, each holding only those of ``typed_values``' hashes it contains (what core
        needs to match these rows), with its full entry count; every list comes back, matched or not, so
        the report can name each one and its expiry."""
        stored = self.list_all(account_id)
        if not stored:
            return []
        key = self.account_key(account_id)
        wanted = sorted(set(hash_values(typed_values, key)))
        found: dict[str, set[str]] = {row["id"]: set() for row in stored}
        ids = list(found)
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), _LOOKUP_CHUNK):
                chunk = wanted[start:start + _LOOKUP_CHUNK]
                for list_id, digest in conn.execute(select(suppression_entries.c.list_id, suppression_entries.c.hash)
                                                    .where(suppression_entries.c.list_id.in_(ids),
                                                           suppression_entries.c.hash.in_(chunk))):
                    found[list_id].add(digest)
        return [SuppressionList(row["kind"], row["list_date"], frozenset(found[row["id"]]), valid_until=row["valid_until"],
                                name=row["name"], id=row["id"], entries=row["entries"]) for row in stored]


def build_store(settings, engine: Engine) -> SuppressionStore:
    return SuppressionStore(engine, base_key=master_key(settings.key_pepper))
