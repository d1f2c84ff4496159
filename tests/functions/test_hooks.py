"""The hooks target and /v1/connections through the real app objects, with the Sheets API fake.

Receiving records events idempotently; a flush writes every flag in one batch; an unreachable sheet keeps
events queued with the reason until it is back; rejected calls change nothing.
"""

from __future__ import annotations

import json
from datetime import UTC

import pytest
import requests
from cryptography.fernet import Fernet
from functions_framework import create_app

from core.webhooks.suppression import suppressed_emails
from functions import adapters
from functions.settings import Settings
from functions.webhooks.store import get_store
from tests.core.webhooks.signing import ec_public_b64, sendgrid_request
from tests.fakes.google_tokens import GoogleTokens
from tests.fakes.sheets_api import SheetsApi

SHEET_ID = "1HookTestSheet000000000000000000000000000"
GRID = [
    ["Namn", "E-post", "Ort"],
    ["Anna Berg", "Anna.Berg@Example.se", "Stockholm"],
    ["Olle Ek", "olle@example.no", "Oslo"],
    ["Kari Nordmann", "kari@example.no", "Bergen"],
    ["Per Holm", "per@example.dk", "Aarhus"],
]


@pytest.fixture(scope="module")
def fakes():
    tokens, sheets = GoogleTokens(), SheetsApi()
    tokens.start()
    sheets.start()
    yield tokens, sheets
    sheets.stop()
    tokens.stop()


@pytest.fixture
def app(fakes, tmp_path, database_url):
    tokens, sheets = fakes
    sheets.add(SHEET_ID, {"Kunder": [list(r) for r in GRID]})
    account_file = tmp_path / "sa.json"
    account_file.write_text(json.dumps(tokens.service_account_info()))
    settings = Settings.from_env({
        "RENSA_DATABASE_URL": database_url, "RENSA_SHEETS_API_URL": sheets.url,
        "RENSA_SERVICE_ACCOUNT_FILE": str(account_file), "RENSA_SECRETS_KEY": Fernet.generate_key().decode(),
        "RENSA_KEY_PEPPER": "test-pepper", "RENSA_HOOKS_BASE_URL": "https://hooks.rensa.example",
    })
    adapters.reset()
    adapters.override(settings=settings)
    db = adapters.get_db()
    account = db.create_account("Hook test")
    key, prefix, key_hash = adapters.get_auth().new_key()
    db.add_api_key(account, name="t", prefix=prefix, key_hash=key_hash, scopes=["registers"])
    register = db.add_register(account, name="Kunder", spreadsheet_id=SHEET_ID, sheet="Kunder", header_row=1,
                               status_column="Rensa status")
    main = str(adapters.__file__).replace("adapters/__init__.py", "main.py")
    yield {
        "api": create_app("api", main).test_client(), "hooks": create_app("hooks", main).test_client(),
        "auth": {"Authorization": f"Bearer {key}"}, "register": register["id"], "sheets": sheets, "account": account,
    }
    adapters.reset()


def by_event_id(values: dict) -> dict:
    """``values`` keyed by the event ids the API shows: Rensa keeps (and shows) a keyed hash of the tool's id."""
    return {get_store().event_key(event_id): value for event_id, value in values.items()}


def connect(app, provider="sendgrid", secrets=None):
    body = {"provider": provider, "register_id": app["register"], "email_column": "E-post",
            "secrets": secrets if secrets is not None else {"public_key": ec_public_b64(0)}}
    response = app["api"].post("/v1/connections", json=body, headers=app["auth"])
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def events():
    return [
        {"email": "anna.berg@example.se", "timestamp": 1741953000, "event": "bounce", "type": "bounce",
         "status": "5.1.1", "reason": "550 5.1.1 user unknown", "sg_event_id": "ev-hard", "sg_message_id": "m1"},
        {"email": "olle@example.no", "timestamp": 1741953001, "event": "spamreport", "sg_event_id": "ev-spam", "sg_message_id": "m2"},
        {"email": "kari@example.no", "timestamp": 1741953002, "event": "deferred", "sg_event_id": "ev-def", "sg_message_id": "m3"},
        {"email": "nobody@example.fi", "timestamp": 1741953003, "event": "bounce", "type": "bounce", "sg_event_id": "ev-gone"},
    ]


def post_events(app, connection, batch, **kw):
    from datetime import datetime

    signed = sendgrid_request(json.dumps(batch).encode() + b"\r\n", at=datetime.now(UTC), **kw)
    return app["hooks"].post(f"/v1/hooks/sendgrid/{connection['id']}", data=signed.body, headers=signed.headers)


def status_column(sheets):
    grid = sheets.grid(SHEET_ID, "Kunder")
    return [row[3] if len(row) > 3 else "" for row in grid]


def test_receive_is_idempotent_and_auth_failures_change_nothing(app):
    connection = connect(app)
    assert connection["webhook_url"] == f"https://hooks.rensa.example/v1/hooks/sendgrid/{connection['id']}"
    first = post_events(app, connection, events())
    assert (first.status_code, first.get_json()["received"], first.get_json()["new"]) == (200, 4, 4)
    again = post_events(app, connection, events())
    assert (again.status_code, again.get_json()["new"]) == (200, 0)
    forged = post_events(app, connection, events() + [{"email": "x@y.se", "event": "bounce", "sg_event_id": "new"}], key=1)
    assert forged.status_code == 401
    assert forged.get_json()["code"] == "webhook.bad_signature"
    assert get_store().counts(connection["id"]) == {"pending": 4}
    wrong_provider = app["hooks"].post(f"/v1/hooks/mailgun/{connection['id']}", data=b"{}",
                                       headers={"Content-Type": "application/json"})
    assert wrong_provider.status_code == 404


def test_unreachable_sheet_keeps_events_then_applies_once(app):
    connection = connect(app)
    post_events(app, connection, events())
    sheets = app["sheets"]
    sheets.spreadsheets[SHEET_ID].forbidden = True
    waiting = app["api"].post(f"/v1/connections/{connection['id']}/flush", headers=app["auth"]).get_json()
    assert (waiting["waiting"], waiting["applied"]) == (4, 0)
    assert waiting["reason"] == "Rensa cannot open this spreadsheet: share it with Rensa's service account as editor."
    shown = app["api"].get(f"/v1/connections/{connection['id']}", headers=app["auth"]).get_json()
    assert {e["note"] for e in shown["pending"]} == {"Waiting: " + waiting["reason"]}
    assert {e["note_code"] for e in shown["pending"]} == {"event.waiting"}
    assert (shown["last_error"], shown["last_error_code"]) == (waiting["reason"], "sheets.no_access")
    # Who each event is about is read from the sheet (Rensa keeps only hashes): unknown while it cannot be read.
    assert (shown["sheet_problem"], shown["sheet_problem_code"]) == (waiting["reason"], "sheets.no_access")
    assert {(e["email"], e["rows"]) for e in shown["pending"]} == {(None, None)}

    sheets.spreadsheets[SHEET_ID].forbidden = False
    writes_before = sum(1 for m, p in sheets.log if p.endswith("values:batchUpdate"))
    done = app["api"].post(f"/v1/connections/{connection['id']}/flush", headers=app["auth"]).get_json()
    assert (done["applied"], done["recorded"], done["waiting"], done["cells_written"]) == (3, 1, 0, 3)
    assert sum(1 for m, p in sheets.log if p.endswith("values:batchUpdate")) == writes_before + 1  # one batch
    assert status_column(sheets) == [
        "Rensa status",
        "Do not send: the address bounced (hard bounce) (SendGrid, 2025-03-14).",
        "Do not send: the recipient marked a mail as spam (SendGrid, 2025-03-14).",
        "", "",
    ]
    # Nothing applied twice: a re-delivery and a second flush change nothing.
    post_events(app, connection, events())
    again = app["api"].post(f"/v1/connections/{connection['id']}/flush", headers=app["auth"]).get_json()
    assert (again["pending"], again["cells_written"]) == (0, 0)
    assert get_store().counts(connection["id"]) == {"applied": 3, "recorded": 1}
    notes = {e["event_id"]: e["note"] for e in
             app["api"].get(f"/v1/connections/{connection['id']}", headers=app["auth"]).get_json()["done"]}
    assert notes == by_event_id({
        "sendgrid:ev-hard": "Marked do-not-send in row 2: the address bounced (hard bounce).",
        "sendgrid:ev-spam": "Marked do-not-send in row 3: the recipient marked a mail as spam.",
        "sendgrid:ev-def": "No change: 0 soft bounces since the last sign of life.",
        "sendgrid:ev-gone": "Not in the sheet; kept on the suppression list: the address bounced (hard bounce).",
    })


def test_the_events_are_listed_and_wait_when_google_cannot_be_reached_at_all(app, monkeypatch):
    """Who an event is about is read from the sheet on each look; when Google does not answer at all the
    connection is still shown, with the events' rows unknown and the problem in words, and a flush leaves the
    events waiting with a backoff (never a 500)."""
    connection = connect(app)
    post_events(app, connection, events()[:1])

    def unreachable(*args, **kwargs):
        raise requests.ConnectionError("sheets.googleapis.com: Name or service not known")

    monkeypatch.setattr(type(adapters.get_sheets()), "read", unreachable)
    shown = app["api"].get(f"/v1/connections/{connection['id']}", headers=app["auth"])
    assert shown.status_code == 200
    body = shown.get_json()
    assert (body["sheet_problem_code"], body["sheet_problem"]) == (
        "sheets.error", "Google Sheets did not answer as expected; try again in a minute.")
    assert [(e["email"], e["rows"], e["kind"]) for e in body["pending"]] == [(None, None, "hard_bounce")]
    flushed = app["api"].post(f"/v1/connections/{connection['id']}/flush", headers=app["auth"])
    assert flushed.status_code == 200  # the events wait for the next flush, with the reason and a backoff
    assert (flushed.get_json()["waiting"], flushed.get_json()["reason_code"]) == (1, "sheets.error")
    assert flushed.get_json()["retry_after"] is not None


def test_rate_limit_is_retried_and_suppression_list_holds_hashes(app, monkeypatch):
    connection = connect(app)
    post_events(app, connection, events()[:1])
    app["sheets"].fail_next = [429, 429]
    monkeypatch.setattr("time.sleep", lambda s: None)
    done = app["api"].post(f"/v1/connections/{connection['id']}/flush", headers=app["auth"]).get_json()
    assert (done["applied"], done["waiting"]) == (1, 0)
    store = get_store()
    hashes = store.suppression_hashes(app["account"])
    key = store.account_key(app["account"])
    assert suppressed_emails([r[1] for r in GRID[1:]], hashes, key=key) == {"Anna.Berg@example.se"}
    assert "anna.berg@example.se" not in json.dumps(sorted(hashes))


def test_handshakes_and_generated_secrets(app):
    chimp = connect(app, "mailchimp", secrets={})
    assert "?key=" in chimp["webhook_url"]
    path = chimp["webhook_url"].removeprefix("http://localhost")
    assert app["hooks"].get(path).status_code == 200
    assert app["hooks"].get(path.split("?")[0] + "?key=wrong").status_code == 401
    mandrill = connect(app, "mandrill", secrets={})
    assert mandrill["missing_secrets"] == ["webhook_key"]
    head = app["hooks"].head(f"/v1/hooks/mandrill/{mandrill['id']}")
    assert head.status_code == 200
    listed = app["api"].get("/v1/connections", headers=app["auth"]).get_json()["connections"]
    assert [c["provider"] for c in listed] == ["mailchimp", "mandrill"]
    assert "secrets" not in listed[0]
    bad = app["api"].post("/v1/connections", headers=app["auth"], json={
        "provider": "brevo", "register_id": app["register"], "email_column": "E-post", "secrets": {"url_key": "x"}})
    assert (bad.status_code, bad.get_json()["message"]) == (400, "secrets.url_key: brevo takes only bearer_token.")
    gone = app["api"].delete(f"/v1/connections/{chimp['id']}", headers=app["auth"])
    assert gone.status_code == 200
    assert app["hooks"].get(path).status_code == 404
