"""Usage in words (issue 12): what the add-on's Usage tab and ``GET /v1/usage`` say to a person.

"1 Dec: cleaned 500 rows of Kunder (free)", this month's rows, free rows and credits left, and what the last
clean cost. Every sentence is written here once, in English, marked for the catalogues and said in the
caller's language (dates, counts and amounts the locale's way); the sidebar shows them as they come.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from babel.dates import format_date, format_skeleton

from core.i18n import Nn_, Translator, translator

# What a metered call did, by its ledger endpoint (singular, plural).
_USED = {
    "clean": Nn_("{when}: cleaned {n} row through the API ({paid})", "{when}: cleaned {n} rows through the API ({paid})"),
    "check": Nn_("{when}: checked {n} row through the API ({paid})", "{when}: checked {n} rows through the API ({paid})"),
    "duplicates": Nn_("{when}: looked for duplicates in {n} row ({paid})",
                      "{when}: looked for duplicates in {n} rows ({paid})"),
    "registers.clean": Nn_("{when}: cleaned {n} row of a connected register ({paid})",
                           "{when}: cleaned {n} rows of a connected register ({paid})"),
    "upkeep": Nn_("{when}: upkeep cleaned {n} row ({paid})", "{when}: upkeep cleaned {n} rows ({paid})"),
}
_USED["clean-register"] = _USED["registers.clean"]  # the register clean's name in ledger lines written before

if TYPE_CHECKING:
    from functions.adapters.billing import LedgerLine, UsageSummary


def day(iso_text: str, t: Translator) -> str:
    """``2 Dec`` (en), ``2 dec.`` (sv), ``2. des.`` (nb), ``2. dec.`` (da), ``2.12.`` (fi): the day of a ledger
    line or a job as the locale writes a day and month (CLDR's ``MMMd``); a fixed ``d MMM`` would drop the
    Norwegian and Danish period and give Finnish a bare month stem. English keeps the day first, as the
    Nordic readers of the English text write it."""
    date = dt.datetime.fromisoformat(iso_text).date()
    if t.language == "en":
        return format_date(date, "d MMM", locale=t.locale)
    return format_skeleton("MMMd", date, locale=t.locale)


def paid_with(free_rows: int, credit_rows: int, cost: str, t: Translator) -> str:
    """"free", "from credits, 4.00 EUR" or "300 free, 200 from credits (4.00 EUR)"."""
    if credit_rows == 0:
        return t._("free")
    if free_rows == 0:
        return t._("from credits, {amount}", amount=cost)
    return t._("{free} free, {credits} from credits ({amount})", free=free_rows, credits=credit_rows, amount=cost)


def job_line(job: dict, cost: Callable[[int], str], t: Translator) -> str:
    when, label, used = day(job["created_at"], t), job["label"], job["rows_used"]
    if job["state"] == "running":
        return t.n_("{when}: cleaning {label}, {n} row so far of {reserved} reserved",
                    "{when}: cleaning {label}, {n} rows so far of {reserved} reserved", used, when=when, label=label,
                    reserved=job["rows_reserved"])
    if used == 0:
        if job["rows_unchanged"]:
            return t.n_("{when}: cleaned {label}: {n} row unchanged, nothing to pay",
                        "{when}: cleaned {label}: {n} rows unchanged, nothing to pay", job["rows_unchanged"],
                        when=when, label=label)
        return t._("{when}: cleaned {label}: nothing to pay", when=when, label=label)
    paid = paid_with(job["free_rows"], job["credit_rows"], cost(job["credit_rows"]), t)
    if job["state"] == "cancelled":
        return t.n_("{when}: cleaned {n} row of {label} ({paid}), cancelled half way",
                    "{when}: cleaned {n} rows of {label} ({paid}), cancelled half way", used, when=when, label=label,
                    paid=paid)
    return t.n_("{when}: cleaned {n} row of {label} ({paid})", "{when}: cleaned {n} rows of {label} ({paid})", used,
                when=when, label=label, paid=paid)


def ledger_line(line: LedgerLine, cost: str, t: Translator) -> str | None:
    when = day(line["at"], t)
    if line["kind"] == "dispute":
        return t.n_("{when}: {n} credit taken back (payment disputed)", "{when}: {n} credits taken back (payment disputed)",
                    abs(line["credits_delta"]), when=when)
    if line["kind"] == "dispute_won":
        return t.n_("{when}: {n} credit given back (dispute settled in your favour)",
                    "{when}: {n} credits given back (dispute settled in your favour)", line["credits_delta"], when=when)
    if line["kind"] in ("credit", "refund"):
        delta = line["credits_delta"]
        if line["kind"] == "refund" or delta < 0:
            return t.n_("{when}: {n} credit taken back (refund)", "{when}: {n} credits taken back (refund)", abs(delta),
                        when=when)
        if line["endpoint"] == "stripe":
            return t.n_("{when}: bought {n} credit", "{when}: bought {n} credits", delta, when=when)
        return t.n_("{when}: {n} credit added by support", "{when}: {n} credits added by support", delta, when=when)
    if line["kind"] != "usage" or line["endpoint"] == "clean-job":
        return None  # a job's chunks are told once, as the job
    paid = paid_with(line["free_rows"], line["credit_rows"], cost, t)
    pair, rows = _USED.get(line["endpoint"]), line["rows"]
    if pair is not None:
        return t.n_(*pair, rows, when=when, paid=paid)
    return t.n_("{when}: used {n} row ({endpoint}) ({paid})", "{when}: used {n} rows ({endpoint}) ({paid})",
                line["rows"], when=when, endpoint=line["endpoint"], paid=paid)


def month_sentence(summary: UsageSummary, t: Translator) -> str:
    year, month = summary["period"].split("-")
    name = format_date(dt.date(int(year), int(month), 1), "LLLL yyyy", locale=t.locale)
    return t.n_("This month ({month}): {n} row cleaned; {free} of {per_month} free rows left; {credits} credits left.",
                "This month ({month}): {n} rows cleaned; {free} of {per_month} free rows left; {credits} credits left.",
                summary["rows_this_period"], month=name, free=summary["free_rows_left"],
                per_month=summary["free_rows_per_month"], credits=max(summary["credits_left"], 0))


def last_clean_sentence(job: dict | None, cost: Callable[[int], str], t: Translator) -> str:
    if job is None:
        return t._("No clean from the sidebar yet.")
    when, label = day(job["created_at"], t), job["label"]
    if job["rows_used"] == 0:
        return t._("Last clean: {label} on {when}, nothing to pay (no row had changed).", label=label, when=when)
    return t.n_("Last clean: {n} row of {label} on {when}, {paid}.", "Last clean: {n} rows of {label} on {when}, {paid}.",
                job["rows_used"], label=label, when=when,
                paid=paid_with(job["free_rows"], job["credit_rows"], cost(job["credit_rows"]), t))


def in_words(summary: UsageSummary, jobs: list[dict], money: Callable[[int], int], currency: str, language: str = "en") -> dict:
    """``summary`` (Billing.summary) and the latest jobs, newest first -> the sentences of the Usage tab in
    ``language``; ``money(rows)`` is what ``rows`` credits cost in minor units of ``currency``."""
    t = translator(language)

    def cost(rows: int) -> str:
        return t.money(money(rows), currency)

    events = [(job["created_at"], job_line(job, cost, t)) for job in jobs]
    for line in summary.get("recent", []):
        text = ledger_line(line, cost(line["credit_rows"]), t)
        if text:
            events.append((line["at"], text))
    events.sort(key=lambda e: e[0], reverse=True)
    finished = [job for job in jobs if job["state"] != "running"]
    return {
        "month": month_sentence(summary, t),
        "last_clean": last_clean_sentence(finished[0] if finished else None, cost, t),
        "lines": [text for _, text in events[:20]],
    }
