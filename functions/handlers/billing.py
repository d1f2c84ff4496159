"""Stripe billing: ``POST /v1/billing/checkout`` and ``/v1/billing/portal`` (api target, the team's owner),
``GET /v1/billing/done`` (where Stripe sends the buyer back), ``POST /v1/hooks/stripe`` (Stripe's signed
webhooks) and ``POST /v1/hooks/report-usage`` (the scheduler) on the hooks target.

Without ``RENSA_STRIPE_SECRET_KEY`` every one of them answers 501 ``billing.not_configured``.
A webhook that is not signed with ``RENSA_STRIPE_WEBHOOK_SECRET`` within 300 s answers 400 and changes
nothing; a signed one answers 200 once applied (or when already seen, or of a type we do not use), so
Stripe stops retrying it. A failure to apply answers 500 and Stripe delivers it again.
"""

from __future__ import annotations

import html

import flask

from core.errors import RensaError
from core.i18n import N_, negotiate, translator
from functions import adapters
from functions.adapters.payments import StripeEventRejected, read_event
from functions.errors import BillingNotConfigured, PayloadTooLarge, response_language
from functions.logs import logger
from functions.request_models import CheckoutRequest

from ._common import _TOO_LARGE, authorize, parse, request_language, respond
from .hooks import require_scheduler

log = logger("rensa.functions")  # never writes an address (functions/logs.py)
WEBHOOK_MAX_BYTES = 1_000_000  # a Stripe event is a few kB; a Checkout Session with many line items tens of kB

# The page Stripe sends the buyer back to (a browser tab opened from the sidebar), in the browser's language.
DONE_PAGE = {
    "paid": (N_("Thank you"), N_("Your payment is being confirmed. The credits show in the add-on's Usage tab within a "
                                 "minute. You can close this tab and go back to your sheet.")),
    "cancelled": (N_("Payment cancelled"), N_("Nothing was charged. You can close this tab and go back to your sheet.")),
}


def _payments():
    payments = adapters.get_payments()
    if payments is None:
        raise BillingNotConfigured()
    return payments


def return_url(request) -> str:
    return adapters.get_settings().billing_return_url or request.url_root.rstrip("/") + "/v1/billing/done"


def checkout(request):
    who = authorize(request, "usage")
    who.require_owner()
    payments = _payments()
    body = parse(request, CheckoutRequest)
    session = payments.checkout(who.account_id, pack_id=body.pack, mode=body.mode, credits=body.credits,
                                return_url=return_url(request), language=request_language(None, request))
    return respond(session, 201)


def portal(request):
    who = authorize(request, "usage")
    who.require_owner()
    return respond(_payments().portal(who.account_id, return_url=return_url(request),
                                      language=request_language(None, request)))


def done(request):
    language = negotiate(None, request.headers.get("Accept-Language"))
    t = translator(language)
    title, text = (t._(message) for message in DONE_PAGE["cancelled" if request.args.get("cancelled") else "paid"])
    page = (f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>Rensa: {html.escape(title)}</title></head>'
            f'<body style="font-family: sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem">'
            f'<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>')
    return flask.Response(page, mimetype="text/html")


def stripe_webhook(request):
    payments = _payments()
    limit = min(adapters.get_settings().max_request_bytes, WEBHOOK_MAX_BYTES)
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(_TOO_LARGE, limit=limit)
    payload = request.stream.read(limit + 1) if request.content_length is None else request.get_data(cache=False)
    if len(payload) > limit:
        raise PayloadTooLarge(_TOO_LARGE, limit=limit)
    try:
        event = read_event(payload, request.headers.get("Stripe-Signature"), payments.webhook_secret)
    except StripeEventRejected as e:
        log.warning("stripe webhook refused: %s", e)
        return respond({"code": "stripe.bad_signature", "row": None, "field": None,
                        "message": RensaError(N_("This is not a Stripe event signed with this endpoint's secret "
                                                 "({detail})."), detail=str(e)).text(response_language())}, 400)
    outcome = payments.handle(event)
    log.info("stripe event %s %s: %s", event["id"], event.get("type"), outcome)
    return respond({"received": True, "id": event["id"], "outcome": outcome})


def report_usage(request):
    require_scheduler(request)
    return respond(_payments().report_usage())
