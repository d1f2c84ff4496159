"""``POST /v1/check``: clean one record at entry and find the rows of a connected register it probably duplicates."""

from __future__ import annotations

import contextlib

from core.clean import clean as clean_register
from core.i18n import N_
from functions import adapters
from functions.prematch import RegisterIndex
from functions.request_models import CheckRequest
from functions.write_back import plan_write_back

from ._common import authorize, billable_rows, engine_config, not_found, parse, respond, table


def post(request):
    who = authorize(request, "check")
    body = parse(request, CheckRequest)
    header, rows = table(body.header, [body.row])
    config = engine_config(who, body.options, header, rows)
    register = None
    if body.register_id:
        register = adapters.get_db().get_register(who.account_id, body.register_id)
        if register is None:
            raise not_found(N_("register"), "register_id")
    billing, charged = adapters.get_billing(), billable_rows(rows)
    # One ledger transaction before the work (a blank record is free); the line is taken back if the work fails.
    meter = billing.metered(who.account_id, charged, endpoint="check") if charged else contextlib.nullcontext(None)
    with meter as usage:
        result = clean_register((header, rows), config)
        matches = []
        if register is not None:
            key = (who.account_id, register["id"], body.options.country.upper())
            index = adapters.get_register_cache().get(key, lambda: _load(register, body.options.country))
            matches = index.matches(result.header, result.roles, result.rows[0], limit=body.max_matches)
    usage = usage or billing.balance(who.account_id)
    record = result.model_dump(include={"header", "roles", "changes", "issues", "status"})
    return respond({"record": {**record, "row": result.rows[0]}, "matches": matches, "usage": usage,
                    "suppression": _suppression(result)})


def _suppression(result) -> dict:
    """Is the new record on a suppression list, which, and which channels it closes (issue 17)."""
    contact = result.contact
    if contact is None:
        return {"suppressed": False, "lists": [], "do_not": {"phone": "", "post": "", "email": ""}}
    by_kind: dict[str, str] = {}  # suppression kind -> the sentence of its issue
    for issue in result.issues:
        if issue.code.startswith("suppressed.") and issue.code != "suppressed.unchecked":
            by_kind.setdefault(issue.code.removeprefix("suppressed."), issue.message)
    hits = [{**{k: lst[k] for k in ("id", "name", "kind", "date", "valid_until", "expired")},
             "message": by_kind[lst["kind"]]} for lst in contact["suppression"] if lst["matches"] and lst["kind"] in by_kind]
    verdicts = dict(zip(("phone", "post", "email"), contact["values"][0]))
    return {"suppressed": bool(hits), "lists": hits, "do_not": verdicts}


def _load(register: dict, country: str) -> RegisterIndex:
    snapshot = adapters.get_sheets().read(register["spreadsheet_id"], register["sheet"], register["header_row"])
    plan = plan_write_back(snapshot, register["status_column"])
    header, rows = table(plan.header, plan.rows, sheet=True)
    # No today/suppressed here: the index is only for matching; the checked record gets both.
    cleaned = clean_register((header, rows), {"country": country.upper(), "dedupe": False})
    return RegisterIndex(cleaned.header, list(cleaned.roles), cleaned.rows)
