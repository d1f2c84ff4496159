"""``POST /v1/clean``: clean rows sent in the body; metered unless ``dry_run`` (free, rate-limited, and
answering with the quality, not the work: see ``dry_run_view``).

With ``job_id`` the call is one chunk of a clean job (``/v1/jobs``): its rows come out of the rows the job
reserved when it started, so a job never stops half way because the balance ran out."""

from __future__ import annotations

from core.clean import clean as clean_register
from core.i18n import translator
from core.status import summary as say_summary
from functions import adapters
from functions.companies.lookup import check_result as check_companies
from functions.domains import check_result as check_domains
from functions.request_models import CleanRequest

from ._common import (
    authorize,
    billable_rows,
    dry_run_view,
    engine_config,
    free_dry_run,
    parse,
    request_hash,
    respond,
    result_json,
    table,
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
    key = body.idempotency_key
    digest = request_hash(header, rows, body.options.model_dump()) if key else None
    if body.job_id:  # a chunk of a job: paid from the job's reservation once the clean is done
        meter = adapters.get_jobs().metered(who.account_id, body.job_id, billable_rows(rows),
                                            idempotency_key=key, request_hash=digest)
    else:  # the rows are reserved before the work (402/409 first), charged when it is done, released if it fails
        meter = billing.metered(who.account_id, billable_rows(rows), endpoint="clean", idempotency_key=key,
                                request_hash=digest)
    with meter as usage:
        result = check_domains(clean_register((header, rows), config), body.options, today=config["today"],
                               language=config.get("language", "en"))
        result = check_companies(result, body.options, today=config["today"], dry_run=False,
                                 language=config.get("language", "en"))
    summary = say_summary(result.counts, dry_run=False, t=translator(config.get("language")))  # the same sentences as the CLI and the report
    return respond(None, raw_json=result_json(result, {"usage": usage, "dry_run": False, "summary": summary}))
