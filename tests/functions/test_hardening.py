"""Issue 11's 500s and "smaller" findings, one test each, through the real app objects on both databases."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest

from core.webhooks.mailgun import sign
from functions import adapters
from functions.adapters.billing import Billing
from tests.functions.test_hooks import app, connect, fakes, post_events  # noqa: F401
from tests.functions.test_hooks_replay_and_cache import KEY, _with_settings, post_mailgun

DEEP = b"[" * 1000 + b"]" * 1000


def _key(app, scopes=("clean", "check", "registers", "usage", "keys")) -> dict:
    key, prefix, key_hash = adapters.get_auth().new_key()
    record = adapters.get_db().add_api_key(app["account"], name="k", prefix=prefix, key_hash=key_hash, scopes=list(scopes))
    return {"Authorization": f"Bearer {key}", "id": record["id"], "key": key}


def _auth(key: dict) -> dict:
    return {"Authorization": key["Authorization"]}


@pytest.mark.parametrize("path", ["/v1/clean", "/v1/check", "/v1/registers", "/v1/api-keys", "/v1/connections"])
def test_json_nested_1000_deep_is_a_400(app, path):
    answer = app["api"].post(path, data=DEEP, headers={**_auth(_key(app)), "Content-Type": "application/json"})
    assert (answer.status_code, answer.get_json()["code"]) == (400, "request.malformed_json")
    wrapped = b'{"header": ["a"], "rows": ' + DEEP + b"}"
    answer = app["api"].post(path, data=wrapped, headers={**_auth(_key(app)), "Content-Type": "application/json"})
    assert answer.status_code == 400


@pytest.mark.parametrize("key", ["²", "1" * 4301, "٣"])
def test_a_role_key_that_is_not_an_ascii_index_is_a_header_name(app, key):
    body = {"header": ["E-post"], "rows": [["a@b.se"]], "options": {"roles": {key: "email"}}}
    answer = app["api"].post("/v1/clean", json=body, headers=_auth(_key(app)))
    assert answer.status_code in (200, 400) and answer.status_code != 500


def test_an_unsigned_deeply_nested_mailgun_body_is_refused_not_a_500(app):
    connection = connect(app, "mailgun", secrets={"signing_key": KEY})
    body = b'{"signature": ' + DEEP + b"}"
    answer = post_mailgun(app, connection, body)
    assert (answer.status_code, answer.get_json()["code"]) == (400, "webhook.malformed")


@pytest.mark.parametrize("stamp", ["1e308", "nan", "-1", "99999999999999999999"])
def test_a_webhook_timestamp_that_is_no_time_is_refused(app, stamp):
    connection = connect(app, "mailgun", secrets={"signing_key": KEY})
    body = json.dumps({"signature": {"timestamp": stamp, "token": "t" * 50, "signature": sign(KEY, stamp, "t" * 50)},
                       "event-data": {"event": "failed", "recipient": "a@b.se", "id": "x"}}).encode()
    answer = post_mailgun(app, connection, body)
    assert (answer.status_code, answer.get_json()["code"]) == (400, "webhook.malformed")


@pytest.mark.parametrize("field, body", [
    ("api key name", ("/v1/api-keys", {"name": "a\x00b"})),
    ("register name", ("/v1/registers", {"spreadsheet_id": "1abcdefghijk", "sheet": "Kunder", "name": "a\x00"})),
    ("status column", ("/v1/registers", {"spreadsheet_id": "1abcdefghijk", "sheet": "Kunder", "status_column": "\x00"})),
    ("idempotency key", ("/v1/clean", {"header": ["a"], "rows": [["x"]], "idempotency_key": "k\x00"})),
])
def test_a_nul_in_a_stored_text_is_a_400_on_both_databases(app, field, body):
    path, payload = body
    answer = app["api"].post(path, json=payload, headers=_auth(_key(app)))
    assert (answer.status_code, answer.get_json()["code"]) == (400, "request.invalid"), field


def test_a_nul_in_the_email_column_of_a_connection_is_a_400(app):
    body = {"provider": "sendgrid", "register_id": app["register"], "email_column": "E-\x00post", "secrets": {}}
    answer = app["api"].post("/v1/connections", json=body, headers=app["auth"])
    assert (answer.status_code, answer.get_json()["code"]) == (400, "request.invalid")


def test_a_signed_event_with_a_long_id_or_a_nul_is_kept_and_idempotent(app):
    connection = connect(app)
    batch = [{"email": "anna.berg@example.se", "timestamp": 1741953000, "event": "bounce", "type": "bounce",
              "sg_event_id": "x" * 300}, {"email": "olle@example.no", "timestamp": 1741953000, "event": "bounce",
                                         "type": "bounce", "sg_event_id": "e\x00v", "reason": "5\x0050"}]
    first = post_events(app, connection, batch)
    again = post_events(app, connection, batch)  # the provider's retry
    assert (first.status_code, first.get_json()["new"]) == (200, 2)
    assert (again.status_code, again.get_json()["new"]) == (200, 0)


@pytest.mark.parametrize("secrets", [{"public_key": ["a", "b"]}, {"public_key": ""}])
def test_a_secret_that_is_not_one_text_is_refused_at_connection_time(app, secrets):
    body = {"provider": "sendgrid", "register_id": app["register"], "email_column": "E-post", "secrets": secrets}
    answer = app["api"].post("/v1/connections", json=body, headers=app["auth"])
    assert (answer.status_code, answer.get_json()["field"]) == (400, "secrets.public_key")


def test_sns_topics_match_whole_arns_not_substrings():
    from core.webhooks import ses_sns

    message = {"Type": "Notification", "Message": "{}", "MessageId": "1", "Timestamp": "2026-01-01T00:00:00Z",
               "TopicArn": "arn:aws:sns:eu-north-1:1:rensa", "Signature": "x", "SignatureVersion": "1",
               "SigningCertURL": "https://sns.eu-north-1.amazonaws.com/SimpleNotificationService-x.pem"}
    import datetime as dt

    from core.webhooks.models import WebhookRequest

    request = WebhookRequest("POST", "https://h/v1/hooks/ses_sns/c", {"Content-Type": "text/plain"},
                             json.dumps(message).encode())
    for allowed in ("arn:aws:sns:eu-north-1:1:rensa-other", ["arn:aws:sns:eu-north-1:1:rensa:x"]):
        with pytest.raises(Exception) as refused:
            ses_sns.read(request, secrets={"allowed_topic_arns": allowed}, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        assert getattr(refused.value, "code", "") == "webhook.unexpected_topic"


def test_grants_are_bounded_and_a_negative_grant_needs_a_reason(app):
    billing: Billing = adapters.get_billing()
    for credits, reason in ((2**31, "big"), (0, "none"), (-5, "")):
        with pytest.raises(ValueError):
            billing.grant_credits(app["account"], credits, reason=reason)
    assert billing.grant_credits(app["account"], 10, reason="goodwill") == 10
    assert billing.grant_credits(app["account"], -4, reason="refund case 12") == 6
    env = {"RENSA_DATABASE_URL": adapters.get_settings().database_url}
    out = subprocess.run([sys.executable, "-m", "functions.admin", "grant-credits", app["account"], str(2**31),
                          "--reason", "x"], capture_output=True, text=True, env={**__import__("os").environ, **env})
    assert out.returncode == 2 and "1 to 1,000,000,000" in out.stderr


def test_a_brevo_token_rensa_generates_is_shown_once(app):
    body = {"provider": "brevo", "register_id": app["register"], "email_column": "E-post"}
    answer = app["api"].post("/v1/connections", json=body, headers=app["auth"])
    token = answer.get_json()["generated_secrets"]["bearer_token"]
    assert answer.status_code == 201 and len(token) >= 20 and token not in answer.get_json()["webhook_url"]
    assert answer.headers["Cache-Control"] == "no-store"


def test_empty_scopes_are_refused_not_the_defaults(app):
    answer = app["api"].post("/v1/api-keys", json={"name": "k", "scopes": []}, headers=_auth(_key(app)))
    assert (answer.status_code, answer.get_json()["field"]) == (400, "scopes")


def test_an_empty_x_api_key_does_not_beat_a_valid_bearer(app):
    answer = app["api"].get("/v1/usage", headers={**_auth(_key(app)), "X-Api-Key": ""})
    assert answer.status_code == 200


def test_the_scheduler_token_needs_its_bearer_scheme(app):
    _with_settings(scheduler_token="sched-secret")
    assert app["hooks"].post("/v1/hooks/flush", headers={"Authorization": "sched-secret"}).status_code == 401
    assert app["hooks"].post("/v1/hooks/flush", headers={"Authorization": "Bearer sched-secret"}).status_code == 200


def test_a_keys_only_key_cannot_revoke_a_broader_key(app):
    broad, keys_only = _key(app), _key(app, scopes=("keys",))
    answer = app["api"].delete(f"/v1/api-keys/{broad['id']}", headers=_auth(keys_only))
    assert (answer.status_code, answer.get_json()["code"]) == (403, "auth.scope")
    narrow = _key(app, scopes=("keys",))
    assert app["api"].delete(f"/v1/api-keys/{narrow['id']}", headers=_auth(keys_only)).status_code == 200
    assert app["api"].get("/v1/usage", headers=_auth(broad)).status_code == 200


def test_connection_timestamps_carry_a_utc_offset(app):
    connection = connect(app)
    assert connection["created_at"].endswith("+00:00")
    listed = app["api"].get("/v1/connections", headers=app["auth"]).get_json()["connections"][0]
    assert listed["created_at"].endswith("+00:00")


def test_an_error_never_carries_row_0(app):
    answer = app["api"].post("/v1/clean", json={"header": [""], "rows": [["x"]]}, headers=_auth(_key(app)))
    assert answer.get_json().get("row") != 0
    from core.errors import InputError
    from functions.errors import to_response

    assert to_response(InputError("no header", code="input.no_header", row=0))[0]["row"] is None


def test_answers_are_not_sniffed_nor_stored_and_carry_no_server_timing(app):
    key = _key(app)
    created = app["api"].post("/v1/api-keys", json={"name": "n"}, headers=_auth(key))
    for answer in (created, app["api"].get("/v1/health"), app["api"].get("/v1/nowhere")):
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Cache-Control"] == "no-store"
        assert "Server-Timing" not in answer.headers


def test_a_database_error_logs_the_statement_not_its_values(app, caplog):
    engine = adapters.get_engine()
    assert engine.hide_parameters is True
    from sqlalchemy import text

    secret = "rk_do_not_log_me"
    with caplog.at_level(logging.ERROR), pytest.raises(Exception) as failed:
        with engine.connect() as conn:
            conn.execute(text("SELECT * FROM no_such_table WHERE x = :v"), {"v": secret})
    assert secret not in str(failed.value) and "no_such_table" in str(failed.value)


def test_without_a_hooks_base_url_no_webhook_url_is_built_from_the_host(app):
    _with_settings(hooks_base_url="")
    body = {"provider": "mandrill", "register_id": app["register"], "email_column": "E-post"}
    answer = app["api"].post("/v1/connections", json=body, headers={**app["auth"], "Host": "evil.example"})
    assert (answer.status_code, answer.get_json()["code"]) == (503, "server.not_configured")


def test_a_doubled_slash_with_a_bad_host_is_not_a_500(app):
    for host in ("bad host", "a/b", "..", "x:y:z"):
        answer = app["api"].get("/v1//health", headers={"Host": host})
        assert answer.status_code < 500, host
    for path in ("/v1//health/", "/v1/health/"):  # served as /v1/health, never a redirect built from the Host
        answer = app["api"].get(path, headers={"Host": "evil.example"})
        assert (answer.status_code, answer.get_json()["status"]) == (200, "ok"), path
