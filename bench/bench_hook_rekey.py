"""What re-keying webhook addresses (migration ``i19b``) adds to a clean, on SQLite.

An account keeps 2,000 suppressions under the old server-wide key; a clean shows 100,000 address cells, among
them 1,000 of those. Times ``HookStore.rekey`` as ``functions.handlers._common.engine_config`` calls it: the
first sight (1,000 re-keyed), a next clean while 1,000 old rows are left (nothing to re-key, every cell
hashed under the old key: the cost an account pays until its last old row is seen or gone), and an account
with no old row (one query, then the instance's answer for ``OLD_KEY_RECHECK_SECONDS``); beside them, for
scale, the matching every clean of an account with a suppression list already did (``suppressed_emails``).

Run::

    .venv/bin/python -m bench.bench_hook_rekey
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import insert

from core.webhooks.suppression import cell_addresses, suppressed_emails
from functions.adapters.db import Database, make_engine, migrate, utcnow
from functions.webhooks.schema import suppressions
from functions.webhooks.store import HookStore

CELLS, LISTED = 100_000, 2_000
T = TypeVar("T")


def _timed(call: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main() -> None:
    engine = make_engine(f"sqlite:///{tempfile.mkdtemp()}/rekey.db")
    migrate(engine)
    db = Database(engine)
    store = HookStore(engine, secrets_key="", hash_key=b"k" * 32, account_master=b"m" * 32)
    account, clean_account = db.create_account("old rows"), db.create_account("none")
    with engine.begin() as conn:
        conn.execute(insert(suppressions), [
            {"account_id": account, "email_hash": store.old_address_key(f"kund{i}@firma{i % 40}.se"),
             "kind": "hard_bounce", "created_at": utcnow()} for i in range(LISTED)])
    cells = [f"Kund{i}@Firma{i % 40}.se" for i in range(0, 2 * CELLS, 2)]  # the even-numbered listed ones among them

    def forms():
        return (form for pair in cell_addresses(cells) for form in pair)

    first, renamed = _timed(lambda: store.rekey(account, forms()))
    again, _ = _timed(lambda: store.rekey(account, forms()))
    none, _ = _timed(lambda: store.rekey(clean_account, forms()))
    cached, _ = _timed(lambda: store.rekey(clean_account, forms()))
    key = store.account_key(account)
    matching, _ = _timed(lambda: suppressed_emails(cells, store.suppression_hashes(account), key=key))
    print(f"{CELLS:,} address cells, {LISTED:,} old-key suppressions")
    print(f"first sight: {len(renamed):,} re-keyed in {first:.2f} s")
    print(f"next clean, {LISTED - len(renamed):,} old rows left: {again:.2f} s")
    print(f"for scale, matching the cells against the list (every clean, as before): {matching:.2f} s")
    print(f"account with no old row: {none * 1000:.1f} ms (one query), then {cached * 1e6:.0f} us (the instance's answer)")


if __name__ == "__main__":
    main()
