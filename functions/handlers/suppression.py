"""Suppression lists (``/v1/suppression-lists``) and "may I call this number now?" (``/v1/call-time``).

A list arrives as the text of the delivered file (``content``) or as ``values``; it is read by the same code
as the CLI's ``--suppress`` (``functions.suppression.upload`` and ``core.contact.list_values``) and stored
only as keyed hashes. A list larger than one request is sent in parts: the first creates it, the others go
to ``/v1/suppression-lists/{id}/entries``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from core.contact import KINDS, list_values, may_call_no
from core.contact import messages as say
from core.contact.values import phone_digits
from core.errors import InputError
from core.i18n import N_, negotiate, translator
from functions import adapters
from functions.adapters.db import utcnow
from functions.errors import RequestError, response_language
from functions.request_models import CallTimeRequest, SuppressionEntries, SuppressionListCreate
from functions.suppression.store import describe
from functions.suppression.upload import read_list_text

from ._common import authorize, not_found, parse, respond

OSLO = ZoneInfo("Europe/Oslo")


def _read(body, kind: str, today: dt.date):
    name = body.name or translator(response_language())._("the list")
    try:
        rows = read_list_text(body.content, name) if body.content is not None else [[v] for v in body.values]
    except InputError as err:
        raise RequestError(err.template, code=err.code, field="content", row=err.row, **err.params) from err
    found = list_values(rows, kind=kind, today=today, country=body.country)
    if not found.values:
        if found.unreadable:
            raise RequestError(N_("{file}: no phone number, personal id or e-mail address was found in it (rows "
                                  "{rows} hold none). Send the file the register or bureau delivered, one value a "
                                  "line or with a header."), code="suppression.empty", field="content", file=name,
                               rows=found.unreadable[:5])
        raise RequestError(N_("{file}: no phone number, personal id or e-mail address was found in it. Send the file "
                              "the register or bureau delivered, one value a line or with a header."),
                           code="suppression.empty", field="content", file=name)
    return found


def _read_info(found) -> dict:
    return {"rows": found.rows, "header": found.header, "unreadable_rows": found.unreadable}


def create(request):
    who = authorize(request, "registers")
    body = parse(request, SuppressionListCreate)
    today = utcnow().date()
    spec = KINDS[body.kind]
    if spec.date_required and body.date is None:
        raise RequestError(
            N_("A {kind} list needs the date it was made (the register's version date): it counts for one month "
               "from then.") if spec.valid_months == 1 else
            N_("A {kind} list needs the date it was made (the register's version date): it counts for {n} months "
               "from then."), code="suppression.date_required", field="date", kind=body.kind, n=spec.valid_months)
    if body.date is not None and body.date > today:
        raise RequestError(N_("The list's date is in the future; give the date the list was made."),
                           code="suppression.future_date", field="date")
    if body.valid_until is not None and spec.valid_months is not None:
        raise RequestError(N_("A {kind} list counts for a fixed time from its date by rule; leave valid_until out."),
                           code="suppression.fixed_validity", field="valid_until", kind=body.kind)
    found = _read(body, body.kind, today)
    row = adapters.get_suppression_store().add(
        who.account_id, kind=body.kind, name=body.name or translator(response_language())._("{kind} list", kind=body.kind), list_date=body.date,
        valid_until=body.valid_until, values=found.values)
    return respond({**describe(row, today), **_read_info(found)}, 201)


def append(request, list_id: str):
    who = authorize(request, "registers")
    body = parse(request, SuppressionEntries)
    store = adapters.get_suppression_store()
    today = utcnow().date()
    stored = store.get(who.account_id, list_id)
    if stored is None:
        raise not_found(N_("suppression list"), "list_id")
    found = _read(body, stored["kind"], today)
    row = store.append(who.account_id, list_id, found.values)
    if row is None:
        raise not_found(N_("suppression list"), "list_id")
    return respond({**describe(row, today), **_read_info(found)})


def list_all(request):
    who = authorize(request, "registers")
    today = utcnow().date()
    t = translator(response_language())  # the kinds' names are read by a person (the sidebar's list choice)
    return respond({"lists": [describe(r, today) for r in adapters.get_suppression_store().list_all(who.account_id)],
                    "kinds": [{"kind": k.name, "channels": list(k.channels), "valid_months": k.valid_months,
                               "date_required": k.date_required, "name": t._(say.LIST_NAMES[k.name])}
                              for k in KINDS.values()]})


def delete(request, list_id: str):
    who = authorize(request, "registers")
    if not adapters.get_suppression_store().delete(who.account_id, list_id):
        raise not_found(N_("suppression list"), "list_id")
    return respond({"deleted": True})


def call_time(request):
    """May I call this number now? The Norwegian hours rule (§ 14) and the account's lists."""
    who = authorize(request, "check")
    body = parse(request, CallTimeRequest)
    now = body.at or utcnow()
    if now.tzinfo is None:
        raise RequestError(N_("at: give the time with its offset, like 2026-12-01T14:05:00+01:00."),
                           code="request.invalid", field="at")
    t = translator(negotiate(body.language, request.headers.get("Accept-Language")))
    digits = phone_digits(body.number, body.country)
    if digits is None:
        raise RequestError(t._(say.NOT_A_NUMBER, text=body.number), code="phone.invalid", field="number")
    country = next((c for code, c in (("46", "SE"), ("47", "NO"), ("45", "DK"), ("358", "FI")) if digits.startswith(code)), None)
    local = now.astimezone(OSLO).replace(tzinfo=None)
    if country == "NO":
        verdict = may_call_no(local)
        hours_ok, reason, next_allowed = verdict.allowed, verdict.reason, verdict.next_allowed
        sentence = say.call_time_sentence(t, country, verdict.allowed, verdict.reason, verdict.holiday, local, next_allowed)
    else:
        hours_ok, reason, next_allowed = True, "no_rule", None
        sentence = say.call_time_sentence(t, country, True, "no_rule", None, local, None)
    store = adapters.get_suppression_store()
    typed = "phone:" + digits
    lists, messages = [], [sentence]
    for lst in store.lists_matching(who.account_id, [typed]):
        if lst.hashes and "phone" in KINDS[lst.kind].channels:
            messages.append(say.call_list_sentence(t, lst.kind, lst.date))
            lists.append({"id": lst.id, "name": lst.name, "kind": lst.kind,
                          "date": lst.date.isoformat() if lst.date else None,
                          "valid_until": lst.valid_until.isoformat() if lst.valid_until else None,
                          "expired": lst.expired(now.date()), "message": messages[-1]})
    return respond({"number": "+" + digits, "country": country, "allowed": hours_ok and not lists,
                    "hours_allow": hours_ok, "reason": reason, "local_time": local.isoformat(timespec="minutes"),
                    "next_allowed": next_allowed.isoformat(timespec="minutes") if next_allowed else None,
                    "lists": lists, "message": " ".join(messages)})
