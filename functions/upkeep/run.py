"""One upkeep run of a connected register, and the scheduler's batch of them.

A run reads the tab, finds the rows that are new or edited since the last run (their fingerprints are not
in the document's fingerprint tab), cleans the whole register once (duplicates are found across all of it)
but writes changed cells only in those rows, re-checks what decays without an edit (e-mail domains; the
company registries when the register has org numbers; uploaded suppression lists; the status column is
rewritten whole, so bounces and duplicates that appeared since show up), charges the new
and edited rows plus the unchanged rows whose re-check found something, writes the new fingerprints, and
leaves a history point of numbers. A row a person edited is cleaned like a new one, and its status says
which of its cells upkeep rewrote. Errors are caught per register: the run is tried again later with a
backoff and the failure is a history point, never lost silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time

from core import companies as core_companies
from core import upkeep as core_upkeep
from core.clean import clean as clean_register
from core.domains import domain_issues, email_domains, undeliverable_count
from core.errors import RensaError
from core.i18n import N_, translator
from core.i18n.stored import Said
from functions import adapters
from functions.adapters.auth import Principal
from functions.errors import status_of
from functions.handlers._common import engine_config, table
from functions.logs import logger
from functions.request_models import CleanOptions
from functions.write_back import plan_write_back

log = logger(__name__)  # never writes an address (functions/logs.py)

# What the sidebar says about a run that failed on a bug of ours (logged; the run is tried again).
INTERNAL = Said("internal", N_("Rensa ran into a problem of its own; the run is tried again later."))


def fingerprint_key(account_id: str) -> bytes:
    """The per-account key of row fingerprints, derived from the server's pepper (never stored)."""
    pepper = adapters.get_settings().key_pepper.encode()
    return hmac.new(pepper, f"row-fingerprints:{account_id}".encode(), hashlib.sha256).digest()


def run_register(register: dict, now: dt.datetime) -> dict:
    """Run upkeep on one register; returns the history numbers. Raises a ``RensaError`` on failure."""
    sheets, billing = adapters.get_sheets(), adapters.get_billing()
    account = register["account_id"]
    snapshot = sheets.read(register["spreadsheet_id"], register["sheet"], register["header_row"])
    plan = plan_write_back(snapshot, register["status_column"])
    header, rows = table(plan.header, plan.rows, sheet=True)
    key = fingerprint_key(account)
    known = set(sheets.read_fingerprints(register["spreadsheet_id"], register["sheet"]))
    changed = set(core_upkeep.changed_rows(rows, known, key))
    options = CleanOptions()
    config = engine_config(Principal(account_id=account, scopes=frozenset(), via="upkeep"), options, header, rows)
    # Nobody may be asking (the scheduler): the sheet is written in the register's own language.
    config["language"] = language = register.get("language") or "en"
    result = clean_register((header, rows), config)

    checker = adapters.get_domain_checker()
    verdicts = checker.verdicts(email_domains(result.rows, result.roles), now.date()) if checker else {}
    flagged = domain_issues(result.header, result.rows, result.roles, verdicts, language=language)
    result = result.with_issues(flagged)
    found_rows = {row for row, _, _ in flagged}
    companies_gone = 0
    if "org_id" in result.roles:  # a B2B register: the company registries say which customers are gone
        found = adapters.get_company_lookup().check(result.header, result.rows, result.roles, country=options.country,
                                                    today=now.date(), language=language)
        result = core_companies.apply(result, found)
        found_rows |= {row for row, _, _ in found.issues}
        companies_gone = found.summary.gone
    recheck_found = found_rows - changed

    speak = translator(language)
    status = list(result.status)
    edited: dict[int, list[str]] = {}
    for change in result.changes:
        if change.row in changed:
            edited.setdefault(change.row, []).append(change.header)
    for row, columns in edited.items():  # say which cells upkeep rewrote: a person may have typed them
        note = speak._("Upkeep {date} tidied: {columns}.", date=now.date().isoformat(), columns=columns)
        status[row - 1] = " ".join(filter(None, [status[row - 1], note]))
    cells, status_column = plan.cells([c for c in result.changes if c.row in changed], status)
    # An unchanged row is charged only when its re-check says something its status did not say yet: a domain
    # that died since the last run is news, the same dead domain every week is not.
    shown = [row[plan.status_index] if plan.status_index < len(row) else "" for row in snapshot.rows]
    recheck_found = {row for row in recheck_found if row > len(shown) or status[row - 1] not in shown[row - 1]}
    charged = len(changed) + len(recheck_found)
    with billing.metered(account, charged, endpoint="upkeep") as usage:
        sheets.write_back(snapshot, cells, status_column, extra_columns=plan.extra_columns, backup=bool(cells),
                          language=register.get("language"))
        after = [result.rows[i] if i + 1 in changed else row for i, row in enumerate(rows)]
        sheets.write_fingerprints(register["spreadsheet_id"], register["sheet"], core_upkeep.fingerprints(after, key),
                                  language=language)
    return core_upkeep.snapshot(
        result, new_rows=max(0, len(rows) - len(known)) if known else len(changed), changed=len(changed),
        undeliverable_domains=undeliverable_count(verdicts), companies_gone=companies_gone,
        rows_charged=usage["rows_charged"])


def run_due(now: dt.datetime, *, batch: int = 10, budget_seconds: float = 240.0) -> dict:
    """Claim due registers in batches and run them until the time budget is spent; what was not reached
    stays due for the next call (another instance may take it meanwhile)."""
    store, db = adapters.get_upkeep_store(), adapters.get_db()
    started = time.monotonic()
    done, failed = [], []
    while time.monotonic() - started < budget_seconds:
        claimed = store.claim_due(now, limit=batch)
        if not claimed:
            break
        for claim in claimed:
            register = db.get_register(claim["account_id"], claim["register_id"])
            if register is None:
                store.delete(claim["account_id"], claim["register_id"])
                continue
            register = {**register, "account_id": claim["account_id"]}
            try:
                numbers = run_register(register, now)
            except RensaError as err:
                if status_of(err) == 402:  # no rows left to pay with: retrying in minutes would not help
                    store.record(claim["account_id"], claim["register_id"], kind="upkeep", outcome="failed",
                                 numbers={}, now=now, error_code=err.code)
                    store.finished(claim["register_id"], claim["frequency"], claim["day"], now, error=Said.of_error(err))
                    schedule = store.get(claim["account_id"], claim["register_id"])  # None: deleted meanwhile
                    failed.append({"register_id": claim["register_id"], "code": err.code,
                                   "retry_at": schedule["next_run_at"] if schedule else None})
                    continue
                again = store.failed(claim["register_id"], claim["attempts"], Said.of_error(err), now)
                store.record(claim["account_id"], claim["register_id"], kind="upkeep", outcome="failed", numbers={},
                             now=now, error_code=err.code)
                failed.append({"register_id": claim["register_id"], "code": err.code, "retry_at": again.isoformat()})
                continue
            except Exception:  # a bug must not stop the other registers; it is logged and retried
                log.exception("upkeep of %s failed", claim["register_id"])
                again = store.failed(claim["register_id"], claim["attempts"], INTERNAL, now)
                store.record(claim["account_id"], claim["register_id"], kind="upkeep", outcome="failed", numbers={},
                             now=now, error_code="internal")
                failed.append({"register_id": claim["register_id"], "code": "internal", "retry_at": again.isoformat()})
                continue
            store.record(claim["account_id"], claim["register_id"], kind="upkeep", outcome="ok", numbers=numbers,
                         now=now)
            store.finished(claim["register_id"], claim["frequency"], claim["day"], now)
            done.append({"register_id": claim["register_id"], "rows": numbers["rows"],
                         "changed_rows": numbers["changed_rows"], "rows_charged": numbers["rows_charged"]})
    return {"ran": done, "failed": failed}
