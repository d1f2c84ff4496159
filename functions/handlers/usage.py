"""``GET /v1/usage``: this month's free rows, credits and the latest ledger lines of the caller's account,
with how it pays (``payment_mode``), the credit packs on offer in its currency and its last purchases."""

from __future__ import annotations

from core.i18n import negotiate
from functions import adapters
from functions.adapters.payments import offer

from ._common import authorize, respond


def get(request):
    who = authorize(request, "usage")
    language = negotiate(None, request.headers.get("Accept-Language"))
    summary = adapters.get_billing().summary(who.account_id, language=language)
    payments = adapters.get_payments()
    if payments is not None:
        summary.update(payments.offer(who.account_id))
    else:
        summary.update(offer(adapters.get_engine(), who.account_id, enabled=False))
    summary["role"] = who.role  # a member sees the balance; only an owner buys
    return respond(summary)
