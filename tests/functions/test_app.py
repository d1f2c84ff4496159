"""The app object in-process (``create_app(...).test_client()``): the error handler and adapter replacement."""

from __future__ import annotations

import logging

import functions_framework
import pytest

from functions import adapters
from functions.settings import Settings
from tests.fakes.stack import ROOT


class BrokenDatabase:
    def find_api_key(self, key_hash):
        raise RuntimeError("password=hunter2 at db.internal:5432")


@pytest.fixture
def client(tmp_path):
    adapters.reset()
    adapters.override(settings=Settings.from_env({"RENSA_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}"}))
    app = functions_framework.create_app(target="api", source=str(ROOT / "functions" / "main.py"))
    yield app.test_client()
    adapters.reset()


def test_health_and_openapi_need_no_credentials(client):
    health = {"status": "ok", "api": "v1", "database": "ok", "service_account_email": None}  # no credentials configured
    assert client.get("/v1/health").get_json() == health
    document = client.get("/v1/openapi.yaml")
    assert document.status_code == 200 and document.data.startswith(b"openapi: 3.1.0")


def test_health_names_the_service_account_to_share_sheets_with(tmp_path):
    account = tmp_path / "service-account.json"
    account.write_text('{"type": "service_account", "client_email": "rensa-sheets@rensa-prod.iam.gserviceaccount.com"}')
    adapters.reset()
    adapters.override(settings=Settings.from_env({
        "RENSA_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}", "RENSA_SERVICE_ACCOUNT_FILE": str(account),
    }))
    try:
        app = functions_framework.create_app(target="api", source=str(ROOT / "functions" / "main.py"))
        assert app.test_client().get("/v1/health").get_json() == {
            "status": "ok", "api": "v1", "database": "ok",
            "service_account_email": "rensa-sheets@rensa-prod.iam.gserviceaccount.com",
        }
    finally:
        adapters.reset()


@pytest.mark.parametrize("enabled_before", [True, False])
def test_the_server_leaves_the_collector_alone(client, monkeypatch, enabled_before):
    """No process tuning in the router (issue 18: measured, it no longer paid once the engine made no cyclic
    garbage; docs/functions.md): a handler runs, answers and fails with the collector as the process set it."""
    import gc

    seen = []
    get_db = adapters.get_db
    monkeypatch.setattr(adapters, "get_db", lambda: seen.append(gc.isenabled()) or get_db())  # inside /v1/health
    (gc.enable if enabled_before else gc.disable)()
    try:
        assert client.get("/v1/health").status_code == 200
        assert client.get("/v1/usage").status_code == 401
        assert (set(seen), gc.isenabled(), gc.get_freeze_count()) == ({enabled_before}, enabled_before, 0)
    finally:
        gc.enable()


def test_an_unexpected_error_is_a_500_with_only_an_opaque_id(client, caplog):
    from functions.adapters.auth import Auth

    adapters.override(auth=Auth(BrokenDatabase(), client_ids=(), certs_url="", clock_skew_seconds=0, pepper="p"))
    with caplog.at_level(logging.ERROR, logger="rensa.functions"):
        answer = client.post("/v1/clean", json={"header": ["a"], "rows": []}, headers={"X-Api-Key": "rk_x"})
    body = answer.get_json()
    assert answer.status_code == 500 and body["code"] == "internal" and "hunter2" not in answer.get_data(as_text=True)
    assert body["message"] == f"Something went wrong on our side (error id {body['error_id']}). Try again; if it persists, quote the id."
    assert (body["row"], body["field"]) == (None, None)
    assert body["error_id"] in caplog.text and "hunter2" in caplog.text  # the details go to the log only


def test_google_sign_in_off_when_no_client_ids_are_configured(client):
    answer = client.get("/v1/usage", headers={"Authorization": "Bearer eyJhbGciOi.x.y"})
    assert (answer.status_code, answer.get_json()["code"]) == (401, "auth.google_disabled")


def test_settings_defaults_for_local_runs():
    settings = Settings.from_env({})
    assert (settings.database_url, settings.oauth_client_ids, settings.max_rows, settings.free_rows_per_month) == (
        "sqlite:///.rensa/rensa.db", (), 20000, 500,
    )


def test_hooks_target_serves_its_own_route_table(tmp_path):
    adapters.reset()
    adapters.override(settings=Settings.from_env({"RENSA_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}"}))
    try:
        hooks = functions_framework.create_app(target="hooks", source=str(ROOT / "functions" / "main.py")).test_client()
        answer = hooks.get("/v1/clean")  # an api route is not served by the hooks target
        assert (answer.status_code, answer.get_json()["code"]) == (404, "not_found")
    finally:
        adapters.reset()


def test_connected_registers_need_a_service_account(client):
    from functions.adapters.auth import Principal

    class OneUser:
        def authenticate(self, headers):
            return Principal("acc_local", frozenset({"registers"}), "api_key")

    adapters.override(auth=OneUser())
    answer = client.post("/v1/registers", json={"spreadsheet_id": "1abcdefghijklmnop", "sheet": "Kunder"})
    assert (answer.status_code, answer.get_json()) == (503, {
        "code": "sheets.not_configured",
        "message": "Connected registers need a service account on the server (RENSA_SERVICE_ACCOUNT_FILE).",
        "row": None, "field": None,
    })
