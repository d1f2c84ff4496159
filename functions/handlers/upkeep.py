"""Upkeep of connected registers: the schedule (``/v1/registers/{id}/upkeep``), the quality history
(``/v1/registers/{id}/history``) and the scheduler's call on the hooks target (``/v1/hooks/upkeep``)."""

from __future__ import annotations

from core.i18n import N_, negotiate, translator
from core.upkeep import since_last
from functions import adapters
from functions.adapters.db import utcnow
from functions.errors import RequestError
from functions.request_models import UpkeepSet
from functions.upkeep.run import run_due, run_register

from ._common import authorize, not_found, parse, respond
from .hooks import require_scheduler
from .registers import adopt_language

# What a run does and may cost, said before the user turns upkeep on (sidebar and API).
WHAT_IT_DOES = N_(
    "Each run cleans the rows that are new or edited since the last run, checks every e-mail domain again, "
    "finds new duplicates against the whole register, updates the status column and keeps the quality history. "
    "It charges only the new and edited rows, plus rows whose re-check found something; a cell edited by a person "
    "is cleaned and named in the row's status.")


def _language(request) -> str:
    return negotiate(request.headers.get("Accept-Language"))


def _register(who, register_id: str) -> dict:
    register = adapters.get_db().get_register(who.account_id, register_id)
    if register is None:
        raise not_found(N_("register"), "register_id")
    return register


def put(request, register_id: str):
    who = authorize(request, "registers")
    body = parse(request, UpkeepSet)
    if body.frequency == "weekly" and body.day > 7:
        raise RequestError(N_("day: a weekly upkeep runs on a weekday from 1 (Monday) to 7 (Sunday)."),
                           code="request.invalid", field="day")
    register = _register(who, register_id)
    adapters.get_sheets().check_access(register["spreadsheet_id"], register["sheet"])
    adopt_language(who, register)  # the runs write the sheet in the language of who set them up
    store = adapters.get_upkeep_store()
    store.set(who.account_id, register_id, body.frequency, body.day, utcnow())
    language = _language(request)
    return respond(_answer(store.get(who.account_id, register_id, language), language))


def get(request, register_id: str):
    who = authorize(request, "registers")
    _register(who, register_id)
    language = _language(request)
    return respond(_answer(adapters.get_upkeep_store().get(who.account_id, register_id, language), language))


def delete(request, register_id: str):
    who = authorize(request, "registers")
    _register(who, register_id)
    adapters.get_upkeep_store().delete(who.account_id, register_id)
    return respond(_answer(None, _language(request)))


def run_now(request, register_id: str):
    """Runs upkeep on the register now ("Run now" in the sidebar), charged like a scheduled run; a schedule,
    if there is one, keeps its next date."""
    who = authorize(request, "registers")
    register = {**adopt_language(who, _register(who, register_id)), "account_id": who.account_id}
    now = utcnow()
    store = adapters.get_upkeep_store()
    numbers = run_register(register, now)
    store.record(who.account_id, register_id, kind="upkeep", outcome="ok", numbers=numbers, now=now)
    points = store.history(who.account_id, register_id)
    return respond({"ran": numbers, "since_last": since_last(points, language=_language(request))})


def history(request, register_id: str):
    who = authorize(request, "registers")
    _register(who, register_id)
    points = adapters.get_upkeep_store().history(who.account_id, register_id)
    return respond({"points": points, "since_last": since_last(points, language=_language(request))})


def run(request):
    require_scheduler(request)
    settings = adapters.get_settings()
    return respond(run_due(utcnow(), batch=settings.upkeep_batch, budget_seconds=settings.upkeep_seconds))


def _answer(schedule: dict | None, language: str) -> dict:
    return {"upkeep": schedule, "what_it_does": translator(language)._(WHAT_IT_DOES)}
