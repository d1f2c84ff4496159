"""``POST /v1/hooks/companies/refresh`` (hooks target, scheduler token): read the registries' change feeds and
drop the cached facts they name, so the next clean or upkeep run asks the registry again."""

from __future__ import annotations

from functions import adapters
from functions.adapters.db import utcnow

from ._common import respond
from .hooks import require_scheduler


def refresh(request):
    require_scheduler(request)
    dropped = adapters.get_company_lookup().refresh_from_feeds(utcnow().date())
    return respond({"registries": [{"registry": name, "dropped": count} for name, count in dropped.items()]})
