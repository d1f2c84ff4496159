"""``POST /v1/clean``: clean rows sent in the body; metered unless ``dry_run`` (free, rate-limited, and
answering with the quality, not the work: see ``dry_run_view``)."""

from __future__ import annotations

from core.clean import clean as clean_register
from core.i18n import translator
from core.status import summary as say_summary
from functions import adapters
from functions.companies.lookup import check_result as check_companies
from functions.domains import check_result as check_domains
from functions.models import CleanRequest

from ._common import (
    authorize, billable_rows, dry_run_view, engine_config, free_dry_run, parse, request_hash, respond, result_json, table,
)


def post(request):
    who = authorize(request, "clean")
    body = parse(request, CleanRequest, rows="rows")
    header, rows = table(body.header, body.rows)
    config = engine_config(who, body.options, header, rows)
    billing = adapters.get_billing()
    if body.dry_run:
        free_dry_run(who, rows)
        result = check_domains(clean_register((header, rows), config), body.options, today=config["today"],
                               language=config.get("language", "en"))
        result = check_companies(result, body.options, today=config["today"], dry_run=True,
                                 language=config.get("language", "en"))
        usage = billing.balance(who.account_id)
        return respond(None, raw_json=result_json(dry_run_view(result, config.get("language")), {"usage": usage, "dry_run": True}))
    # The rows are reserved before the work (402/409 first), charged when it is done, released if it fails.
    key = body.idempotency_key
    meter = billing.metered(who.account_id, billable_rows(rows), endpoint="clean", idempotency_key=key,
                            request_hash=request_hash(header, rows, body.options.model_dump()) if key else None)
    with meter as usage:
        result = check_domains(clean_register((header, rows), config), body.options, today=config["today"],
                               language=config.get("language", "en"))
        result = check_companies(result, body.options, today=config["today"], dry_run=False,
                                 language=config.get("language", "en"))
    summary = say_summary(result.counts, dry_run=False, t=translator(config.get("language")))  # the same sentences as the CLI and the report
    return respond(None, raw_json=result_json(result, {"usage": usage, "dry_run": False, "summary": summary}))
