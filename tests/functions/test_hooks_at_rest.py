"""No register contents at rest (the brief's principle) on the webhook path, through the live stack (real ``api``
and ``hooks`` functions-framework servers over HTTP, SQLite and PostgreSQL): bounces, soft bounces, a complaint
about an address not in the sheet and an address change for several customers are received and flushed, and
before and after the flush no table of the database holds an address, an '@' in the webhook tables, or an
unkeyed hash of an address; the flush still marks the right rows, counts soft bounces per address, writes the
new address; the API still says which customer each event is about, read from the sheet."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import urllib.parse
import uuid

import requests
import sqlalchemy as sa

from core.status import bounce_note
from core.webhooks.mailgun import sign
from functions.request_models import CleanRequest
from tests.functions._api import Api

KEY = "at-rest-mailgun-signing-key"
NOW = dt.datetime.now(dt.UTC)


def _mailgun(stack, connection: dict, recipient: str, *, reason: str, severity: str = "permanent",
             failure: str = "bounce", code: int = 550, at: dt.datetime = NOW, message_id: str | None = None,
             event_id: str | None = None, token: str | None = None) -> dict:
    stamp, token = str(int(NOW.timestamp())), token or uuid.uuid4().hex * 2
    data = {"event": "failed", "severity": severity, "reason": failure, "id": event_id or uuid.uuid4().hex,
            "timestamp": at.timestamp(), "recipient": recipient, "delivery-status": {"code": code, "message": reason},
            "message": {"headers": {"message-id": message_id or f"{uuid.uuid4().hex}@mg.rensa-kund.se"}}}
    body = json.dumps({"signature": {"timestamp": stamp, "token": token, "signature": sign(KEY, stamp, token)},
                       "event-data": data}).encode()
    answer = requests.post(f"{stack.info['hooks_url']}/v1/hooks/mailgun/{connection['id']}", data=body, timeout=60,
                           headers={"Content-Type": "application/json"})
    assert answer.status_code == 200, answer.text
    return {"body": body, "answer": answer.json()}


def _mailchimp(stack, connection: dict, **form: str) -> None:
    url = urllib.parse.urlsplit(connection["webhook_url"])
    answer = requests.post(f"{stack.info['hooks_url']}{url.path}?{url.query}", timeout=60,
                           data={"fired_at": NOW.strftime("%Y-%m-%d %H:%M:%S"), "data[list_id]": "l1", **form})
    assert answer.status_code == 200, answer.text


def _stored(stack) -> dict[tuple[str, str], list[str]]:
    """Every text value of every table of the stack's database, by (table, column)."""
    engine = sa.create_engine(stack.database_url)
    try:
        found: dict[tuple[str, str], list[str]] = {}
        with engine.connect() as conn:
            for table in sa.inspect(conn).get_table_names():
                result = conn.execute(sa.text(f'SELECT * FROM "{table}"'))
                names = list(result.keys())
                for row in result:
                    for name, value in zip(names, row):
                        if isinstance(value, bytes):
                            value = value.decode("utf-8", "replace")
                        if isinstance(value, str):
                            found.setdefault((table, name), []).append(value)
        return found
    finally:
        engine.dispose()


# The only columns that may hold an '@': the Google addresses of Rensa's own users (who signs in, who is invited),
# which are no register's contents.
USERS = {("accounts", "email"), ("account_members", "email")}


def _leaks(stack, addresses: list[str]) -> list[str]:
    """Where an address (any case) or its plain SHA-256/MD5 is stored, and any '@' outside ``USERS`` (the
    database is the session's, so this also covers what the other tests stored before)."""
    needles = {a.lower() for a in addresses}
    needles |= {hashlib.sha256(a.encode()).hexdigest() for a in needles} | {hashlib.md5(a.encode()).hexdigest() for a in needles}
    leaks = []
    for (table, column), values in _stored(stack).items():
        for value in values:
            if any(n in value.lower() for n in needles):
                leaks.append(f"{table}.{column}: {value[:80]}")
            elif "@" in value and (table, column) not in USERS:
                leaks.append(f"{table}.{column} holds an '@': {value[:80]}")
    return leaks


def _status(stack, spreadsheet: str) -> list[str]:
    grid = stack.sheets.grid(spreadsheet, "Kunder")
    column = grid[0].index("Rensa status") if "Rensa status" in grid[0] else None
    return [row[column] if column is not None and len(row) > column else "" for row in grid[1:]]


def test_no_address_is_stored_and_the_flush_still_finds_every_row(stack):
    api, tag = Api(stack), uuid.uuid4().hex[:8]
    anna, bo, cecilia, kari, kari_new, olle = (f"{name}.{tag}@firma.se" for name in
                                               ("anna.berg", "bo", "cecilia", "kari", "kari.ny", "olle"))
    token = api.new_user()
    spreadsheet = "1AtRest" + uuid.uuid4().hex
    grid = [["Namn", "E-post", "Ort"], ["Anna Berg", anna.upper(), "Umeå"], ["Bo Ek", f" {bo} ", "Oslo"],
            ["Cecilia Holm", cecilia, "Åbo"], ["Kari Nordmann", kari, "Bergen"], ["Per Lund", f"per.{tag}@firma.dk", "Aarhus"]]
    stack.sheets.add(spreadsheet, {"Kunder": [list(r) for r in grid]}, cols=3)
    register = api.call("POST", "/v1/registers", {"spreadsheet_id": spreadsheet, "sheet": "Kunder"}, token=token).body["id"]
    made = {p: api.call("POST", "/v1/connections", {"provider": p, "register_id": register, "email_column": "E-post",
                                                    "secrets": {"signing_key": KEY} if p == "mailgun" else {}}, token=token)
            for p in ("mailgun", "mailchimp")}
    mailgun, mailchimp = made["mailgun"].body, made["mailchimp"].body

    _mailgun(stack, mailgun, anna, reason=f"5.1.1 <{anna}>: Recipient address rejected: user unknown")
    soft = {"severity": "permanent", "failure": "old", "code": 452}  # retries ran out: a terminal soft bounce
    first = NOW - dt.timedelta(days=9)
    for i in range(5):  # Bo: 5 terminal soft bounces over 8 days flag him (the default rule: 5 over at least 7)
        sent = _mailgun(stack, mailgun, bo, reason=f"4.2.2 The mailbox of {bo} is full", at=first + dt.timedelta(days=2 * i),
                        **soft)
    assert requests.post(f"{stack.info['hooks_url']}/v1/hooks/mailgun/{mailgun['id']}", data=sent["body"], timeout=60,
                         headers={"Content-Type": "application/json"}).json()["new"] == 0  # a re-delivery counts once
    for i in range(4):  # Cecilia: 4 are not enough yet
        _mailgun(stack, mailgun, cecilia, reason="4.2.2 mailbox full", at=first + dt.timedelta(days=2 * i), **soft)
    _mailgun(stack, mailgun, olle, reason=f"5.1.1 unknown user {olle.upper()}")  # not in the sheet
    _mailchimp(stack, mailchimp, type="upemail", **{"data[old_email]": kari, "data[new_email]": kari_new})
    addresses = [anna, bo, cecilia, kari, kari_new, olle]

    assert _leaks(stack, addresses) == []  # queued: hashes only, the new address encrypted

    # Who an event is about is read from the sheet when asked: the row, and the address as the sheet holds it.
    shown = api.call("GET", f"/v1/connections/{mailgun['id']}", token=token).body
    assert shown["sheet_problem"] is None
    assert sorted({(e["email"], tuple(e["rows"])) for e in shown["pending"]}, key=str) == sorted(
        {(anna.upper(), (2,)), (bo, (3,)), (cecilia, (4,)), (None, ())}, key=str)
    assert {e["reason"] for e in shown["pending"] if e["email"] == anna.upper()} == {
        "550 5.1.1 <…>: Recipient address rejected: user unknown"}

    flushed = {name: api.call("POST", f"/v1/connections/{c['id']}/flush", token=token).body
               for name, c in (("mailgun", mailgun), ("mailchimp", mailchimp))}
    assert (flushed["mailgun"]["applied"], flushed["mailgun"]["waiting"]) == (7, 0)  # Anna, Bo's 5, Olle
    assert (flushed["mailchimp"]["applied"], flushed["mailchimp"]["waiting"]) == (1, 0)
    today, last_soft = NOW.date().isoformat(), (first + dt.timedelta(days=8)).date().isoformat()
    assert _status(stack, spreadsheet) == [
        bounce_note("hard_bounce", "Mailgun", today), bounce_note("soft_bounce", "Mailgun", last_soft), "", "", ""]
    assert [row[1] for row in stack.sheets.grid(spreadsheet, "Kunder")[1:]] == [
        anna.upper(), f" {bo} ", cecilia, kari_new, f"per.{tag}@firma.dk"]

    assert _leaks(stack, addresses) == []  # settled: the new address is gone too
    done = api.call("GET", f"/v1/connections/{mailchimp['id']}", token=token).body["done"]
    assert [(e["email"], e["rows"], e["note_code"]) for e in done] == [(kari_new, [5], "event.address_changed")]
    # The flagged addresses went on the suppression list (as keyed hashes): a pasted-back row is flagged again.
    pasted = api.call("POST", "/v1/clean", {"header": ["Namn", "E-post"], "rows": [["Olle", olle], ["Cecilia", cecilia]],
                                            "dry_run": True}, token=token).body
    assert [(i["row"], i["code"]) for i in pasted["issues"] if i["code"] == "email.suppressed"] == [(1, "email.suppressed")]


def test_a_charged_clean_keeps_a_keyed_fingerprint_of_its_rows(stack):
    """The ledger keeps a fingerprint of a charged request beside its idempotency key (to tell a retry from
    another request): keyed with the server's pepper, so it cannot be tested against a guessed one-row register."""
    api, tag = Api(stack), uuid.uuid4().hex[:8]
    token = api.new_user()
    body = {"header": ["Namn", "E-post"], "rows": [["Anna Berg", f"anna.{tag}@firma.se"]], "idempotency_key": f"k-{tag}"}
    assert api.call("POST", "/v1/clean", body, token=token).status == 200
    retry = api.call("POST", "/v1/clean", body, token=token)  # the same request again: recognised, not charged twice
    assert (retry.status, retry.body["usage"]["rows_charged"]) == (200, 0)
    parts = json.dumps([body["header"], body["rows"], CleanRequest.model_validate(body).options.model_dump()],
                       ensure_ascii=False, separators=(",", ":")).encode()
    key = hashlib.sha256(b"rensa-request:" + stack.environment["RENSA_KEY_PEPPER"].encode()).digest()
    engine = sa.create_engine(stack.database_url)
    try:
        with engine.connect() as conn:
            kept = conn.execute(sa.text("SELECT request_hash FROM usage_ledger WHERE idempotency_key = :k"),
                                {"k": body["idempotency_key"]}).scalars().all()
    finally:
        engine.dispose()
    assert kept == [hmac.new(key, parts, hashlib.sha256).hexdigest()]
    assert hashlib.sha256(parts).hexdigest() not in kept
    assert _leaks(stack, body["rows"][0][1:]) == []
