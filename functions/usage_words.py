"""Usage in words (issue 12): what the add-on's Usage tab and ``GET /v1/usage`` say to a person.

"1 Dec: cleaned 500 rows of Kunder (free)", this month's rows, free rows and credits left, and what the last
clean cost. Every sentence is written here once; the sidebar shows them as they come.
"""

from __future__ import annotations

import datetime as dt

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
CLEANED = "cleaned"
# What a metered call did, by its ledger endpoint: (verb, what follows the row count).
_VERBS = {"clean": (CLEANED, " through the API"), "check": ("checked", " through the API"),
          "duplicates": ("looked for duplicates in", ""), "clean-register": (CLEANED, " of a connected register")}


def rows_text(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")


def day(iso_text: str) -> str:
    moment = dt.datetime.fromisoformat(iso_text)
    return f"{moment.day} {MONTHS[moment.month - 1][:3]}"


def paid_with(free_rows: int, credit_rows: int, cost_text: str) -> str:
    """"free", "from credits, 4.00 EUR" or "300 free, 200 from credits (4.00 EUR)"."""
    if credit_rows == 0:
        return "free"
    if free_rows == 0:
        return f"from credits, {cost_text}"
    return f"{free_rows:,} free, {credit_rows:,} from credits ({cost_text})"


def job_line(job: dict) -> str:
    when = day(job["created_at"])
    label = job["label"]
    if job["state"] == "running":
        return f"{when}: cleaning {label}, {rows_text(job['rows_used'])} so far of {job['rows_reserved']:,} reserved"
    if job["rows_used"] == 0:
        unchanged = job["rows_unchanged"]
        why = f"{rows_text(unchanged)} unchanged, " if unchanged else ""
        return f"{when}: {CLEANED} {label}: {why}nothing to pay"
    paid = paid_with(job["free_rows"], job["credit_rows"], job["cost_text"])
    text = f"{when}: {CLEANED} {rows_text(job['rows_used'])} of {label} ({paid})"
    if job["state"] == "cancelled":
        text += ", cancelled half way"
    return text


def ledger_line(line: dict, cost_text: str) -> str | None:
    when = day(line["at"])
    if line["kind"] in ("credit", "refund"):
        delta = line["credits_delta"]
        if line["kind"] == "refund" or delta < 0:
            return f"{when}: {abs(delta):,} credits taken back (refund)"
        return f"{when}: bought {delta:,} credits" if line["endpoint"] == "stripe" else f"{when}: {delta:,} credits added by support"
    if line["kind"] != "usage" or line["endpoint"] == "clean-job":
        return None  # a job's chunks are told once, as the job
    verb, rest = _VERBS.get(line["endpoint"], ("used", f" ({line['endpoint']})"))
    return f"{when}: {verb} {rows_text(line['rows'])}{rest} ({paid_with(line['free_rows'], line['credit_rows'], cost_text)})"


def month_sentence(summary: dict) -> str:
    year, month = summary["period"].split("-")
    return (f"This month ({MONTHS[int(month) - 1]} {year}): {rows_text(summary['rows_this_period'])} cleaned; "
            f"{summary['free_rows_left']:,} of {summary['free_rows_per_month']:,} free rows left; "
            f"{max(summary['credits_left'], 0):,} credits left.")


def last_clean_sentence(job: dict | None) -> str:
    if job is None:
        return "No clean from the sidebar yet."
    if job["rows_used"] == 0:
        return f"Last clean: {job['label']} on {day(job['created_at'])}, nothing to pay (no row had changed)."
    return (f"Last clean: {rows_text(job['rows_used'])} of {job['label']} on {day(job['created_at'])}, "
            f"{paid_with(job['free_rows'], job['credit_rows'], job['cost_text'])}.")


def in_words(summary: dict, jobs: list[dict], money) -> dict:
    """``summary`` (Billing.summary) and the latest jobs, newest first -> the sentences of the Usage tab."""
    events = [(job["created_at"], job_line(job)) for job in jobs]
    for line in summary.get("recent", []):
        text = ledger_line(line, money(line["credit_rows"]))
        if text:
            events.append((line["at"], text))
    events.sort(key=lambda e: e[0], reverse=True)
    finished = [job for job in jobs if job["state"] != "running"]
    return {
        "month": month_sentence(summary),
        "last_clean": last_clean_sentence(finished[0] if finished else None),
        "lines": [text for _, text in events[:20]],
    }
