"""Upkeep of connected registers: concurrent schedulers each run a due register once (real PostgreSQL and
SQLite), two runs with a person's edit between them (only new and edited rows charged, two history points,
the edit kept and named), e-mail domains re-checked against a real DNS server, the API's schedule and history."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from cryptography.fernet import Fernet
from functions_framework import create_app
from sqlalchemy import update

from core.i18n import translator
from functions import adapters
from functions.errors import RateLimited
from functions.settings import Settings
from functions.upkeep.store import register_upkeep
from tests.fakes.dns_server import DnsServer
from tests.fakes.google_tokens import GoogleTokens
from tests.fakes.sheets_api import SheetsApi

SHEET_ID = "1UpkeepTestSheet0000000000000000000000000"
GRID = [
    ["Namn", "E-post", "Telefon", "Anteckning"],
    ["Anna Berg", "ANNA.BERG@FIRMA.SE", "070-123 45 67", "ringer på fredagar"],
    ["Olle Ek", "olle@gamlefirma.se", "+46 8 123 456 78", ""],
    ["Kari Nordmann", "kari@firma.no", "+47 912 34 567", ""],
]


@pytest.fixture(scope="module")
def fakes():
    tokens, sheets, dns = GoogleTokens(), SheetsApi(), DnsServer()
    dns.add("gamlefirma.se", "nxdomain")
    for fake in (tokens, sheets, dns):
        fake.start()
    yield tokens, sheets, dns
    for fake in (dns, sheets, tokens):
        fake.stop()


@pytest.fixture
def app(fakes, tmp_path, database_url):
    tokens, sheets, dns = fakes
    sheets.add(SHEET_ID, {"Kunder": [list(r) for r in GRID]})
    account_file = tmp_path / "sa.json"
    account_file.write_text(json.dumps(tokens.service_account_info()))
    adapters.reset()
    adapters.override(settings=Settings.from_env({
        "RENSA_DATABASE_URL": database_url, "RENSA_SHEETS_API_URL": sheets.url,
        "RENSA_SERVICE_ACCOUNT_FILE": str(account_file), "RENSA_SECRETS_KEY": Fernet.generate_key().decode(),
        "RENSA_KEY_PEPPER": "test-pepper", "RENSA_SCHEDULER_TOKEN": "sched-secret", "RENSA_DNS_SERVERS": dns.address,
        "RENSA_FREE_ROWS_PER_MONTH": "500",
    }))
    db = adapters.get_db()
    account = db.create_account("Upkeep test")
    key, prefix, key_hash = adapters.get_auth().new_key()
    db.add_api_key(account, name="t", prefix=prefix, key_hash=key_hash, scopes=["registers", "usage"])
    register = db.add_register(account, name="Kunder", spreadsheet_id=SHEET_ID, sheet="Kunder", header_row=1,
                               status_column="Rensa status")
    main = str(adapters.__file__).replace("adapters/__init__.py", "main.py")
    yield {"api": create_app("api", main).test_client(), "hooks": create_app("hooks", main).test_client(),
           "auth": {"Authorization": f"Bearer {key}"}, "register": register["id"], "account": account,
           "sheets": sheets, "dns": dns}
    adapters.reset()


def _due(register_id: str) -> None:
    with adapters.get_engine().begin() as connection:
        connection.execute(update(register_upkeep).where(register_upkeep.c.register_id == register_id).values(
            next_run_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))


def _run(app) -> dict:
    answer = app["hooks"].post("/v1/hooks/upkeep", headers={"Authorization": "Bearer sched-secret"})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_two_runs_with_an_edit_between_charge_only_new_and_edited_rows(app):
    api, register = app["api"], app["register"]
    on = api.put(f"/v1/registers/{register}/upkeep", json={"frequency": "weekly", "day": 1}, headers=app["auth"])
    assert on.status_code == 200, on.get_json()
    assert on.get_json()["upkeep"]["frequency"] == "weekly" and "charges only the new and edited rows" in on.get_json()["what_it_does"]
    assert _run(app) == {"ran": [], "failed": []}  # not due yet (next Monday 03:00 UTC)
    _due(register)
    first = _run(app)
    assert [(r["rows"], r["changed_rows"], r["rows_charged"]) for r in first["ran"]] == [(3, 3, 3)]
    grid = app["sheets"].grid(SHEET_ID, "Kunder")
    assert grid[1][1] == "ANNA.BERG@firma.se" and grid[1][3] == "ringer på fredagar"
    assert "does not exist" in grid[2][4]  # the dead domain, in the status column
    tabs = app["sheets"]._book(SHEET_ID).sheets
    assert any(t.title == "Rensa fingerprints (Kunder)" and t.hidden for t in tabs)

    # a person fixes Olle's address by hand and adds a customer
    app["sheets"].set(SHEET_ID, "Kunder", 3, 2, "OLLE@FIRMA.SE")
    app["sheets"].set(SHEET_ID, "Kunder", 5, 1, "Eva Lund")
    app["sheets"].set(SHEET_ID, "Kunder", 5, 2, "eva@firma.se")
    _due(register)
    second = _run(app)
    assert [(r["rows"], r["changed_rows"], r["rows_charged"]) for r in second["ran"]] == [(4, 2, 2)]
    grid = app["sheets"].grid(SHEET_ID, "Kunder")
    assert grid[2][1] == "OLLE@firma.se"  # the edited cell was tidied ...
    assert "Upkeep 20" in grid[2][4] and "E-post" in grid[2][4]  # ... and the status says so
    assert grid[1][3] == "ringer på fredagar"

    history = api.get(f"/v1/registers/{register}/history", headers=app["auth"]).get_json()
    points = history["points"]
    assert [(p["kind"], p["outcome"], p["rows"], p["rows_charged"]) for p in points] == [
        ("upkeep", "ok", 3, 3), ("upkeep", "ok", 4, 2)]
    assert points[0]["undeliverable_domains"] == 1 and points[1]["undeliverable_domains"] == 0
    assert history["since_last"].startswith("Since the last run: 1 new row, 2 rows cleaned")
    assert not any(isinstance(v, str) and "@" in v for p in points for v in p.values())  # numbers only

    # a third run with nothing changed charges nothing
    _due(register)
    third = _run(app)
    assert [(r["changed_rows"], r["rows_charged"]) for r in third["ran"]] == [(0, 0)]


def test_a_failed_run_is_retried_later_and_recorded(app):
    api, register = app["api"], app["register"]
    api.put(f"/v1/registers/{register}/upkeep", json={"frequency": "monthly", "day": 15}, headers=app["auth"])
    _due(register)
    app["sheets"].fail_next = [429, 429, 429, 429, 429, 429]  # Google's quota: try again later
    failed = _run(app)
    app["sheets"].fail_next = []
    assert [f["code"] for f in failed["failed"]] == ["sheets.rate_limited"]
    schedule = api.get(f"/v1/registers/{register}/upkeep", headers=app["auth"]).get_json()["upkeep"]
    assert (schedule["attempts"], schedule["last_error"]) == (1, "sheets.rate_limited")
    # The sidebar shows the failure in words, in its reader's language, not the code.
    assert schedule["last_error_message"] == RateLimited.message
    in_finnish = api.get(f"/v1/registers/{register}/upkeep", headers={**app["auth"], "Accept-Language": "fi"})
    assert in_finnish.get_json()["upkeep"]["last_error_message"] == translator("fi")._(RateLimited.message) != \
        RateLimited.message
    points = api.get(f"/v1/registers/{register}/history", headers=app["auth"]).get_json()["points"]
    assert [(p["outcome"], p["error_code"]) for p in points] == [("failed", "sheets.rate_limited")]
    assert _run(app) == {"ran": [], "failed": []}  # backing off: not due again for 5 minutes


def test_concurrent_schedulers_claim_each_due_register_once(app):
    db, store = adapters.get_db(), adapters.get_upkeep_store()
    now = dt.datetime.now(dt.UTC)
    ids = []
    for n in range(30):
        register = db.add_register(app["account"], name=f"R{n}", spreadsheet_id=SHEET_ID, sheet="Kunder",
                                   header_row=1, status_column="Rensa status")
        store.set(app["account"], register["id"], "weekly", 1, now - dt.timedelta(days=8))
        ids.append(register["id"])
    claimed: list[str] = []
    lock = threading.Lock()

    def worker():
        while True:
            batch = store.claim_due(now, limit=3)
            if not batch:
                return
            with lock:
                claimed.extend(c["register_id"] for c in batch)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == sorted(ids)  # every due register once, none twice
    assert store.claim_due(now) == []  # leased
    assert len(store.claim_due(now + dt.timedelta(minutes=11))) == 10  # the lease ran out: due again


def test_weekly_day_must_be_a_weekday_and_an_unknown_register_is_404(app):
    api, register = app["api"], app["register"]
    bad = api.put(f"/v1/registers/{register}/upkeep", json={"frequency": "weekly", "day": 9}, headers=app["auth"])
    assert (bad.status_code, bad.get_json()["field"]) == (400, "day")
    missing = api.get("/v1/registers/reg_nope/history", headers=app["auth"])
    assert missing.status_code == 404
    off = api.delete(f"/v1/registers/{register}/upkeep", headers=app["auth"])
    assert off.status_code == 200 and off.get_json()["upkeep"] is None


def test_a_register_clean_leaves_a_history_point(app):
    api, register = app["api"], app["register"]
    cleaned = api.post(f"/v1/registers/{register}/clean", json={}, headers=app["auth"])
    assert cleaned.status_code == 200, cleaned.get_json()
    [point] = api.get(f"/v1/registers/{register}/history", headers=app["auth"]).get_json()["points"]
    assert (point["kind"], point["outcome"], point["rows"], point["rows_charged"]) == ("clean", "ok", 3, 3)
    assert point["problems"]["email.domain_not_found"] == 1 and point["changed_rows"] >= 1


def test_a_b2b_register_hears_from_the_company_registries_in_upkeep(app):
    from tests.fakes.registries import DISSOLVED_NO, LIVE_NO, seeded_brreg

    api, register, sheets = app["api"], app["register"], app["sheets"]
    sheets.add(SHEET_ID, {"Kunder": [["Firma", "Orgnr", "E-post"], ["Fjord Fisk AS", LIVE_NO, "post@fjordfisk.no"],
                                     ["Gamle Bakeri AS", DISSOLVED_NO, "post@bakeri.no"]]})
    with seeded_brreg() as brreg:
        settings = adapters.get_settings()
        adapters.override(settings=Settings(**{**settings.__dict__, "brreg_url": brreg.url}))
        api.put(f"/v1/registers/{register}/upkeep", json={"frequency": "weekly", "day": 3}, headers=app["auth"])
        _due(register)
        ran = _run(app)["ran"]
    assert [(r["rows"], r["changed_rows"]) for r in ran] == [(2, 2)]
    grid = sheets.grid(SHEET_ID, "Kunder")
    assert "The company was dissolved on 2025-03-14 (Enhetsregisteret)." in grid[2][3]
    [point] = api.get(f"/v1/registers/{register}/history", headers=app["auth"]).get_json()["points"]
    assert point["companies_gone"] == 1


def test_run_now_runs_upkeep_at_once_and_keeps_the_schedule(app):
    api, register = app["api"], app["register"]
    api.put(f"/v1/registers/{register}/upkeep", json={"frequency": "monthly", "day": 1}, headers=app["auth"])
    before = api.get(f"/v1/registers/{register}/upkeep", headers=app["auth"]).get_json()["upkeep"]["next_run_at"]
    answer = api.post(f"/v1/registers/{register}/upkeep/run", headers=app["auth"])
    assert answer.status_code == 200, answer.get_json()
    assert (answer.get_json()["ran"]["rows"], answer.get_json()["ran"]["rows_charged"]) == (3, 3)
    again = api.post(f"/v1/registers/{register}/upkeep/run", headers=app["auth"]).get_json()
    assert again["ran"]["rows_charged"] == 0 and again["since_last"].startswith("Since the last run:")
    assert api.get(f"/v1/registers/{register}/upkeep", headers=app["auth"]).get_json()["upkeep"]["next_run_at"] == before


def test_a_run_without_rows_left_to_pay_waits_for_the_next_scheduled_run(app):
    from functions.settings import Settings as S

    api, register = app["api"], app["register"]
    settings = adapters.get_settings()
    adapters.override(settings=S(**{**settings.__dict__, "free_rows_per_month": 1}))
    adapters._instances.pop("billing", None)  # rebuilt with the smaller free tier
    day = (dt.datetime.now(dt.UTC).weekday() + 3) % 7 + 1  # two days from now, whatever today is
    api.put(f"/v1/registers/{register}/upkeep", json={"frequency": "weekly", "day": day}, headers=app["auth"])
    _due(register)
    failed = _run(app)["failed"]
    assert [f["code"] for f in failed] == ["billing.limit_reached"]
    schedule = api.get(f"/v1/registers/{register}/upkeep", headers=app["auth"]).get_json()["upkeep"]
    assert (schedule["attempts"], schedule["last_error"]) == (0, "billing.limit_reached")
    assert schedule["last_error_message"].startswith("This clean needs ")  # the words of the 402 itself
    swedish = api.get(f"/v1/registers/{register}/upkeep", headers={**app["auth"], "Accept-Language": "sv"}).get_json()
    assert swedish["upkeep"]["last_error_message"] not in (schedule["last_error_message"], "billing.limit_reached")
    assert "{" not in swedish["upkeep"]["last_error_message"]
    assert dt.datetime.fromisoformat(schedule["next_run_at"]) > dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    assert app["sheets"].grid(SHEET_ID, "Kunder")[1][1] == "ANNA.BERG@FIRMA.SE"  # nothing was written
