"""``/v1/jobs``: a price before the work, then one reservation for a whole clean job (issue 12).

``POST /v1/quotes`` prices ``rows`` (free rows, credits, the balance after, money) without holding
anything; ``POST /v1/jobs`` reserves them in one ledger transaction (402 with the price in words when the
balance does not cover them); chunks of the job are ``POST /v1/clean`` calls with ``job_id``;
``POST /v1/jobs/{id}/finish`` ends it and releases what it did not use (``cancelled: true`` for a cancel).
"""

from __future__ import annotations

from functions import adapters
from functions.errors import response_language
from functions.request_models import JobFinish, JobQuote, JobStart

from ._common import authorize, parse, respond


def quote(request):
    who = authorize(request, "clean")
    body = parse(request, JobQuote)
    return respond(adapters.get_jobs().quote(who.account_id, body.rows, unchanged=body.rows_unchanged,
                                             language=response_language()))


def start(request):
    who = authorize(request, "clean")
    body = parse(request, JobStart)
    jobs = adapters.get_jobs()
    job = jobs.start(who.account_id, rows=body.rows, label=body.label, rows_unchanged=body.rows_unchanged,
                     job_key=body.job_key)
    return respond({**job, "usage": adapters.get_billing().balance(who.account_id)}, 201)


def get(request, job_id: str):
    who = authorize(request, "clean")
    return respond(adapters.get_jobs().get(who.account_id, job_id))


def finish(request, job_id: str):
    who = authorize(request, "clean")
    body = parse(request, JobFinish, empty_ok=True)
    job = adapters.get_jobs().finish(who.account_id, job_id, cancelled=body.cancelled)
    return respond({**job, "usage": adapters.get_billing().balance(who.account_id)})
