"""``GET /v1/usage``: this month's free rows, credits and the latest ledger lines of the caller's account."""

from __future__ import annotations

from functions import adapters

from ._common import authorize, respond


def get(request):
    who = authorize(request, "usage")
    return respond(adapters.get_billing().summary(who.account_id))
