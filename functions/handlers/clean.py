"""``POST /v1/clean``: clean rows sent in the body; metered unless ``dry_run``."""

from __future__ import annotations

from core.clean import clean as clean_register
from functions import adapters
from functions.models import CleanRequest

from ._common import authorize, billable_rows, merge_json, parse, request_hash, respond, table


def post(request):
    who = authorize(request, "clean")
    body = parse(request, CleanRequest)
    header, rows = table(body.header, body.rows)
    config = body.options.config(header)
    billing = adapters.get_billing()
    charged_rows = billable_rows(rows)
    if not body.dry_run:
        billing.precheck(who.account_id, charged_rows)
    result = clean_register((header, rows), config)
    if body.dry_run:
        usage = billing.balance(who.account_id)
    else:
        usage = billing.charge(
            who.account_id, charged_rows, endpoint="clean", idempotency_key=body.idempotency_key,
            request_hash=request_hash(header, rows, config) if body.idempotency_key else None,
        )
    return respond(None, raw_json=merge_json(result.model_dump_json(), {"usage": usage, "dry_run": body.dry_run}))
