"""Webhooks through the live stack (real ``api`` and ``hooks`` servers, SQLite and PostgreSQL): every
answer of the connection and hooks endpoints is checked against functions/openapi.yaml, and a hard bounce
received, flushed and then pasted back into a clean is flagged again."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from core.webhooks.mailgun import sign
from tests.functions._api import Api

KEY = "live-mailgun-signing-key"
SUPPRESSED = "This contact bounced, complained or unsubscribed: do not send to it."


def mailgun(recipient, *, token, event_id, key=KEY):
    now = dt.datetime.now(dt.UTC)
    stamp = str(int(now.timestamp()))
    data = {"event": "failed", "severity": "permanent", "reason": "bounce", "id": event_id, "timestamp": now.timestamp(),
            "recipient": recipient, "delivery-status": {"code": 550, "message": "5.1.1 user unknown"}}
    return json.dumps({"signature": {"timestamp": stamp, "token": token, "signature": sign(key, stamp, token)},
                       "event-data": data}).encode()


def test_connection_lifecycle_and_hooks_match_openapi(stack):
    api, hooks = Api(stack), Api(stack)
    hooks.url = stack.info["hooks_url"]
    token = api.new_user()
    sheet_id = "1Hooks" + uuid.uuid4().hex
    stack.sheets.add(sheet_id, {"Kunder": [["Namn", "E-post"], ["Anna Berg", "anna.berg@example.se"], ["Bo Ek", "bo@example.se"]]},
                     cols=2)
    register = api.call("POST", "/v1/registers", {"spreadsheet_id": sheet_id, "sheet": "Kunder"}, token=token).body["id"]

    created = api.call("POST", "/v1/connections", {"provider": "mailgun", "register_id": register, "email_column": "E-post"},
                       token=token)
    connection = created.body["id"]
    assert (created.status, created.body["missing_secrets"]) == (201, ["signing_key"])
    assert created.body["webhook_url"] == f"{stack.info['hooks_url']}/v1/hooks/mailgun/{connection}"
    bad = api.call("POST", f"/v1/connections/{connection}/secrets", {"secrets": {"bearer_token": "x"}}, token=token)
    assert (bad.status, bad.body["message"]) == (400, "secrets.bearer_token: mailgun takes only signing_key.")
    updated = api.call("POST", f"/v1/connections/{connection}/secrets", {"secrets": {"signing_key": KEY}}, token=token)
    assert (updated.status, updated.body["updated"]) == (200, ["signing_key"])

    path = f"/v1/hooks/mailgun/{connection}"
    first = hooks.call("POST", path, data=mailgun("anna.berg@example.se", token="a" * 50, event_id="e1"))
    assert (first.status, first.body) == (200, {"received": 1, "new": 1, "skipped": [], "handshake": None})
    replay = hooks.call("POST", path, data=mailgun("bo@example.se", token="a" * 50, event_id="e2"))
    assert (replay.status, replay.body["code"]) == (401, "webhook.replayed")
    assert hooks.call("GET", path).status == 405
    assert hooks.call("POST", f"/v1/hooks/mailgun/con_{'0' * 20}", data=b"{}").status == 404
    assert hooks.call("POST", "/v1/hooks/flush").status == 404  # no scheduler token configured

    shown = api.call("GET", f"/v1/connections/{connection}", token=token)
    assert (shown.body["counts"], [e["email"] for e in shown.body["pending"]]) == ({"pending": 1}, ["anna.berg@example.se"])
    flushed = api.call("POST", f"/v1/connections/{connection}/flush", token=token)
    assert (flushed.status, flushed.body["applied"], flushed.body["waiting"], flushed.body["cells_written"]) == (200, 1, 0, 2)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert stack.sheets.grid(sheet_id, "Kunder")[1][2] == f"Do not send: the address bounced (hard bounce) (Mailgun, {today})."
    listed = api.call("GET", "/v1/connections", token=token)
    assert [c["id"] for c in listed.body["connections"]] == [connection]

    # Someone pastes Anna's row back into another sheet: the next clean flags it from the suppression list.
    pasted = {"header": ["Namn", "E-post"], "rows": [["Bo Ek", "bo@example.se"], ["Anna Berg", "Anna.Berg@example.se "]],
              "dry_run": True}
    answer = api.call("POST", "/v1/clean", pasted, token=token)
    assert [(i["row"], i["code"], i["message"]) for i in answer.body["issues"] if i["code"].endswith("suppressed")] == [
        (2, "email.suppressed", SUPPRESSED)]

    assert api.call("DELETE", f"/v1/connections/{connection}", token=token).status == 200
    assert api.call("GET", f"/v1/connections/{connection}", token=token).status == 404
    assert hooks.call("POST", path, data=mailgun("bo@example.se", token="b" * 50, event_id="e3")).status == 404
