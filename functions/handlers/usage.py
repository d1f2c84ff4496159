"""``GET /v1/usage``: this month's free rows, credits and the latest ledger lines of the caller's account,
with how it pays (``payment_mode``), the credit packs on offer in its currency and its last purchases, and
the same in words (``words``: this month, the last clean's cost, "1 Dec: cleaned 500 rows of Kunder (free)")."""

from __future__ import annotations

from core.i18n import negotiate
from functions import adapters
from functions.adapters.payments import offer
from functions.usage_words import in_words

from ._common import authorize, respond


def get(request):
    who = authorize(request, "usage")
    language = negotiate(None, request.headers.get("Accept-Language"))
    summary = adapters.get_billing().summary(who.account_id, language=language)
    payments = adapters.get_payments()
    if payments is not None:
        offered = payments.offer(who.account_id)
    else:
        offered = offer(adapters.get_engine(), who.account_id, enabled=False)
    jobs = adapters.get_jobs()
    price = jobs.price_of(who.account_id)
    words = in_words(summary, jobs.recent(who.account_id), price.minor, price.currency, language)
    # role: a member sees the balance; only an owner buys
    return respond({**summary, **offered, "role": who.role, "words": words})
