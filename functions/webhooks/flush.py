"""Applying queued events to the connected sheet: read the e-mail column once, write every flag in one batch.

Events wait in ``hook_events`` (state ``pending``). A flush reads the tab once, decides per address with
``core.webhooks.evaluate`` over the address's whole history, writes all flags (status column) and address
changes in ONE ``values:batchUpdate`` (through ``Sheets.write_cells``: the write-back contract of
docs/ARCHITECTURE.md, so an address change is backed up first and a formula cell is left alone), then settles the events and adds flagged addresses to the
suppression list in one transaction. A 429 is retried with backoff; when the sheet cannot be reached
(not shared, deleted, quota) the events stay pending with the reason and the connection gets a
``retry_after``. Re-running a flush writes the same values again, never different ones, and events
settle only once (only pending rows move).

Rensa keeps no address (functions/webhooks/store.py): an event names its address by keyed hash, so the flush
finds its rows by hashing the addresses the sheet holds under the account's key (``rows_by_hash``, also used
to show an event's rows and address when the API is asked), and opens an address change's encrypted new
address only to write it. Before it hashes, it has the store re-key the account's rows still hashed under
the old server-wide key whose address the sheet holds (``HookStore.rekey``): from then on they match.

Two languages meet here. What is written into the sheet (the status cells) is in the **register's**
language (``registers.language``, kept from the request that connected or configured it), because nobody
asks when the scheduler flushes. What is kept for people to read later (each event's note, the
connection's ``last_error``) is kept as a sentence to say (``core.i18n.stored.Said``: code, template,
arguments; functions/webhooks/notes.py), said on read in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import requests

from core.errors import RensaError
from core.i18n import N_, Translator, translator
from core.i18n.stored import Said
from core.status import bounce_note
from core.webhooks import TITLES, BounceEvent, SoftBouncePolicy, evaluate
from core.webhooks.suppression import email_hash
from functions.adapters.db import utcnow
from functions.errors import RateLimited, UpstreamError
from functions.webhooks import notes
from functions.webhooks.store import HookStore
from functions.write_back import plan_write_back

BACKOFF_SECONDS = (1, 2, 4)


def status_text(kind: str, provider: str, when: dt.datetime | None, t: Translator | None = None) -> str:
    """The status cell for a flagged row (the sentence is core.status's), in ``t``'s language, naming the tool
    as people know it (``SendGrid``, ``Amazon SES (via SNS)``), not by its code."""
    return bounce_note(kind, TITLES.get(provider, provider), when.date().isoformat() if when else None, t)


def _with_backoff(call: Callable, sleep: Callable[[float], None]):
    for delay in (*BACKOFF_SECONDS, None):
        try:
            return call()
        except RateLimited:
            if delay is None:
                raise
            sleep(delay)


def _event(row: dict, provider: str) -> BounceEvent:
    """A stored event for the policy, which only groups and compares: the address's keyed hash stands in for
    the address, the message id's for the message id."""
    at = row["occurred_at"]
    if at is not None and at.tzinfo is None:  # SQLite returns naive UTC
        at = at.replace(tzinfo=dt.UTC)
    return BounceEvent(provider=provider, email=row["email_hash"], kind=row["kind"], event_id=row["event_id"],
                       terminal=row["terminal"], message_id=row["message_hash"], occurred_at=at, rule=row["rule"],
                       provider_event=row["provider_event"])


def _addresses(rows: list[list[str]], column: int) -> list[tuple[int, str]]:
    """``(data row, 1-based; address)`` of every row with an address in ``column``."""
    cells = ((number, row[column].strip() if column < len(row) else "") for number, row in enumerate(rows, start=1))
    return [(number, address) for number, address in cells if "@" in address]


def rows_by_hash(store: HookStore, account_id: str, rows: list[list[str]], column: int) -> dict[str, list[int]]:
    """The data rows (1-based) of every address in ``column``, keyed by the address's keyed hash in the
    account: how a stored event, which names its address only by that hash, finds its rows (``rekey``
    first, so the rows hashed under the old key match too)."""
    key = store.account_key(account_id)
    found: dict[str, list[int]] = {}
    for number, address in _addresses(rows, column):
        found.setdefault(email_hash(address, key), []).append(number)
    return found


def rekey(store: HookStore, account_id: str, rows: list[list[str]], column: int) -> dict[str, str]:
    """Re-key the account's rows still hashed under the old server-wide key whose address is in ``column``
    (``HookStore.rekey``); returns ``{old hash: new hash}`` of those re-keyed."""
    return store.rekey(account_id, (address for _, address in _addresses(rows, column)))


def locate(store: HookStore, db, sheets, connection: dict, hashes: set[str]) -> tuple[dict[str, dict], Said | None]:
    """Where the addresses behind ``hashes`` are in the connected sheet now: ``{hash: {"rows": sheet rows,
    "email": the first row's cell as the sheet holds it}}`` (absent: not in the sheet), read for whoever asks
    (``GET /v1/connections/{id}``) since Rensa keeps no address. When the sheet cannot be read, nothing is
    found and the problem comes back instead (one read, no retry: the asker is waiting), also when Google
    cannot be reached at all: who an event is about is worth a look, never a failed answer."""
    if not hashes:
        return {}, None
    register = db.get_register(connection["account_id"], connection["register_id"])
    try:
        if register is None:
            raise RensaError(N_("The connected register was removed."), code="register.gone")
        snapshot = sheets.read(register["spreadsheet_id"], register["sheet"], register["header_row"])
        if connection["email_column"] not in snapshot.header:
            raise RensaError(N_("The column '{column}' is no longer in the sheet's header."),
                             code="connection.column_missing", column=connection["email_column"])
    except RensaError as error:
        return {}, Said.of_error(error)
    except requests.RequestException:  # no answer from Google at all (network, DNS, TLS)
        return {}, Said.of_error(UpstreamError())
    column, rows, account = snapshot.header.index(connection["email_column"]), snapshot.rows, connection["account_id"]
    # ``hashes`` were read before the sheet: one of an address re-keyed just now is found by its new hash.
    renamed = rekey(store, account, rows, column)
    by_hash = rows_by_hash(store, account, rows, column)
    located = {asked: by_hash.get(renamed.get(asked, asked)) for asked in hashes}
    return {h: {"rows": [snapshot.header_row + r for r in found], "email": rows[found[0] - 1][column].strip()}
            for h, found in located.items() if found}, None


def flush(store: HookStore, db, sheets, connection_id: str, *, policy: SoftBouncePolicy | None = None,
          sleep: Callable[[float], None] = time.sleep, language: str = "en") -> dict:
    """Apply the connection's pending events to its sheet; returns what happened, its ``reason`` in
    ``language`` (the asker's; the sheet gets the register's)."""
    connection = store.connection_for_flush(connection_id)
    if connection is None:
        return {"connection_id": connection_id, "error": "no such connection"}
    store.expire_held_addresses(connection_id=connection_id)
    pending = store.events(connection_id, state="pending")
    summary = {"connection_id": connection_id, "pending": len(pending), "applied": 0, "recorded": 0,
               "cells_written": 0, "waiting": 0, "reason": None, "reason_code": None}
    if not pending:
        store.note_flush(connection_id, error=None, retry_after=None)
        return summary
    register = db.get_register(connection["account_id"], connection["register_id"])
    try:
        if register is None:
            raise RensaError(N_("The connected register was removed."), code="register.gone")
        snapshot = _with_backoff(lambda: sheets.read(register["spreadsheet_id"], register["sheet"], register["header_row"]), sleep)
        header = snapshot.header
        if connection["email_column"] not in header:
            raise RensaError(N_("The column '{column}' is no longer in the sheet's header."),
                             code="connection.column_missing", column=connection["email_column"])
        if rekey(store, connection["account_id"], snapshot.rows, header.index(connection["email_column"])):
            pending = store.events(connection_id, state="pending")  # with the hashes re-keyed just now
        plan = plan_write_back(snapshot, register["status_column"])
        speak = translator(register.get("language"))
        cells, outcomes, flagged, rows_of = _decide(store, connection, snapshot, plan, pending, policy, speak)
        moved: list[int] = []
        if cells:
            # The Sheets API has no conditional write: re-read the header and the e-mail column just before
            # writing, and leave out every address whose rows no longer hold it (its events stay queued).
            column = header.index(connection["email_column"])
            moved = _with_backoff(lambda: _moved_rows(sheets, snapshot, column), sleep)
            if moved:
                cells = _hold_back(cells, outcomes, flagged, rows_of, moved, snapshot.header_row, pending)
            if cells:
                status_col = plan.status_index + 1
                data = [cell for cell in cells if cell[1] != status_col]
                status = [cell for cell in cells if cell[1] == status_col]
                written = _with_backoff(lambda: sheets.write_cells(snapshot, data, status_cells=status,
                                                                   extra_columns=plan.extra_columns,
                                                                   language=register.get("language")), sleep)
                _keep_formulas(written.formula_cells, outcomes, rows_of, snapshot.header_row, pending)
    except (RensaError, requests.RequestException) as raised:
        # No answer from Google at all is one more reason to wait, not a 500 that stops the scheduler's round.
        error = raised if isinstance(raised, RensaError) else UpstreamError()
        failures = (connection["failures"] or 0) + 1
        retry = utcnow() + dt.timedelta(minutes=min(2 ** failures, 60))
        problem = Said.of_error(error)
        store.mark_waiting([e["id"] for e in pending], notes.waiting(problem))
        store.note_flush(connection_id, error=problem, retry_after=retry)
        return {**summary, "waiting": len(pending), "reason": problem.text(language), "reason_code": problem.code,
                "retry_after": retry.isoformat()}
    store.settle(connection["account_id"], outcomes, flagged)
    waiting = [e["id"] for e in pending if e["id"] not in outcomes]
    reason = None
    if waiting:
        reason = notes.sheet_moved([snapshot.header_row + r for r in moved])
        store.mark_waiting(waiting, notes.waiting(reason))
    store.note_flush(connection_id, error=reason, retry_after=None)
    states = [state for state, _ in outcomes.values()]
    return {**summary, "applied": states.count("applied"), "recorded": states.count("recorded"),
            "cells_written": len(cells), "waiting": len(waiting), "reason": reason and reason.text(language),
            "reason_code": reason and reason.code}


def _decide(store, connection, snapshot, plan, pending, policy, speak: Translator):
    provider = connection["provider"]
    column = snapshot.header.index(connection["email_column"])
    rows_of = rows_by_hash(store, connection["account_id"], snapshot.rows, column)
    hashes = {e["email_hash"] for e in pending}
    history = [_event(row, provider) for row in store.events(connection["id"], hashes=hashes)]
    verdicts = evaluate(history, policy)
    top, status_col, email_col = snapshot.header_row, plan.status_index + 1, column + 1
    cells: dict[tuple[int, int], str] = {}
    if plan.status_index >= len(snapshot.header):
        cells[(top, status_col)] = plan.status_name
    outcomes: dict[int, tuple[str, Said]] = {}
    flagged: dict[str, tuple[str, int]] = {}  # the hash as the event holds it: (kind, its key version)
    for event in pending:
        verdict, rows = verdicts[event["email_hash"]], rows_of.get(event["email_hash"], [])
        # Notes are read by people, so they name sheet rows (the number at the left of the sheet).
        sheet_rows = [top + r for r in rows]
        new_address = store.open_address(event["new_email_sealed"]) if event["kind"] == "email_change" else None
        if new_address:
            for r in rows:
                cells[(top + r, email_col)] = new_address
            outcomes[event["id"]] = ("applied", notes.address_changed(sheet_rows))
        elif verdict.action == "flag" and verdict.kind is not None:  # a flag always names its kind
            text = status_text(verdict.kind, provider, event["occurred_at"], speak)
            for r in rows:
                cells[(top + r, status_col)] = text
            flagged[event["email_hash"]] = (verdict.kind, event["email_key_version"])
            outcomes[event["id"]] = ("applied", notes.flagged(sheet_rows, notes.reason(verdict, event["kind"], policy)))
        else:
            outcomes[event["id"]] = ("recorded", notes.no_change(notes.reason(verdict, event["kind"], policy)))
    return [(r, c, v) for (r, c), v in sorted(cells.items())], outcomes, flagged, rows_of


def _moved_rows(sheets, snapshot, column: int) -> list[int]:
    """Data rows (1-based) whose e-mail cell no longer holds what the snapshot read. A changed header (a
    column inserted, moved or renamed) raises: then no cell position can be trusted."""
    header, now = sheets.read_column(snapshot, column)
    rows = snapshot.rows
    if _trim(header) != _trim(snapshot.header):
        raise RensaError(N_("The sheet's header row changed while Rensa was writing, so nothing was written."),
                         code="sheet.changed")
    now += [""] * (len(rows) - len(now))
    return [n for n, row in enumerate(rows, start=1) if row[column] != now[n - 1]]


def _trim(row: list) -> list:
    row = [str(v) for v in row]
    while row and row[-1] == "":
        row.pop()
    return row


def _hold_back(cells, outcomes, flagged, rows_of, moved, top, pending):
    """Drop the cells and outcomes of every address that had a row among ``moved``; returns the cells left."""
    moved_set = set(moved)
    held = {address for address, rows in rows_of.items() if moved_set.intersection(rows)}
    held_rows = {top + r for address in held for r in rows_of[address]} | {top + r for r in moved_set}
    for event in pending:
        if event["email_hash"] in held:
            outcomes.pop(event["id"], None)
            flagged.pop(event["email_hash"], None)
    return [(r, c, v) for r, c, v in cells if r not in held_rows]


def _keep_formulas(kept: list[tuple[int, int]], outcomes, rows_of, top: int, pending) -> None:
    """An address change the sheet did not take because its cell holds a formula is recorded, not applied."""
    kept_rows = {r - top for r, _ in kept}
    for event in pending:
        rows = rows_of.get(event["email_hash"], [])
        if event["kind"] == "email_change" and kept_rows.intersection(rows):
            outcomes[event["id"]] = ("recorded", notes.formula_kept([top + r for r in rows]))


def flush_due(store: HookStore, db, sheets, *, limit: int = 50, sleep: Callable[[float], None] = time.sleep) -> list[dict]:
    """Flush every connection that has pending events and is not backing off (for a scheduler)."""
    store.expire_held_addresses()  # every connection's, also those backing off or never flushed again
    ids = store.due_connections(utcnow(), limit=limit)
    return [flush(store, db, sheets, connection_id, sleep=sleep) for connection_id in ids]
