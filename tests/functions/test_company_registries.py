"""Company registries: the Brønnøysund and PRH clients against local fakes of their APIs, the cache of their
answers on SQLite and PostgreSQL, the change feed, retries and rate limits, and the API over HTTP."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import select, text

from functions.adapters.db import make_engine, migrate
from functions.companies import CompanyLookup, FactsCache, RateLimiter, RegistryClient
from functions.companies.brreg import ACCEPT, Brreg
from functions.companies.prh import Prh
from functions.companies.schema import company_facts
from tests.fakes import registries as fake
from tests.functions._api import Api

TODAY = datetime.date(2026, 12, 1)
HEADER = ["Firma", "Organisasjonsnummer", "Postnr", "Land"]
ROLES = ["company", "org_id", "postal_code", "country"]


def brreg_client(url: str, **kwargs) -> Brreg:
    client = RegistryClient(url, limiter=RateLimiter(1000, burst=8), headers={"Accept": ACCEPT}, backoff=0.01,
                            **kwargs)
    return Brreg(url, client=client)


def prh_client(url: str, per_minute: float = 6000, **kwargs) -> Prh:
    client = RegistryClient(url, limiter=RateLimiter(per_minute / 60, burst=1), backoff=0.05, **kwargs)
    return Prh(url, client=client)


def test_brreg_says_what_each_unit_is_and_asks_alone_only_for_numbers_the_batch_did_not_return():
    with fake.seeded_brreg(branches=[fake.brreg_unit("910000290", "FILIAL AS")]) as brreg:
        wanted = [fake.LIVE_NO, fake.DISSOLVED_NO, fake.BANKRUPT_NO, fake.LIQUIDATION_NO, fake.REMOVED_NO,
                  fake.UNKNOWN_NO, "910000290"]
        found = brreg_client(brreg.url).lookup_many(wanted, TODAY)
        assert {n: (f.status, f.since) for n, f in found.items()} == {
            fake.LIVE_NO: ("active", None),
            fake.DISSOLVED_NO: ("dissolved", datetime.date(2025, 3, 14)),
            fake.BANKRUPT_NO: ("bankrupt", datetime.date(2026, 2, 1)),
            fake.LIQUIDATION_NO: ("liquidation", datetime.date(2026, 6, 15)),
            fake.REMOVED_NO: ("removed", datetime.date(2019, 11, 30)),
            fake.UNKNOWN_NO: ("not_found", None),
            "910000290": ("active", None),
        }
        live = found[fake.LIVE_NO]
        assert (live.name, live.industry_code, live.employees, live.city, live.municipality, live.postal_code) == (
            "FJORD FISK AS", "03.211", 23, "Bergen", "Bergen", "5003")
        # one batch for all seven, one of branches for the three it did not return, then alone the two neither
        # list has: the removed one (410) and the unknown one (404)
        paths = [r.split("?")[0] for r in brreg.requests]
        assert paths[:2] == ["/enheter", "/underenheter"]
        assert sorted(paths[2:]) == sorted([f"/enheter/{fake.REMOVED_NO}", f"/enheter/{fake.UNKNOWN_NO}"])


def test_prh_reads_bankruptcy_liquidation_reorganisation_and_an_ended_company():
    companies = [fake.prh_company("1000012-2", "Selvitystila Oy", situations=[("SELTILA", "2026-03-03")]),
                 fake.prh_company("1000015-7", "Saneeraus Oy", situations=[("SANE", "2026-05-05")])]
    with fake.seeded_prh(limit=5, window=1.0) as prh:
        prh.companies.update({c["businessId"]["value"]: c for c in companies})
        found = prh_client(prh.url, per_minute=180).lookup_many(
            [fake.LIVE_FI, fake.BANKRUPT_FI, fake.DISSOLVED_FI, fake.UNKNOWN_FI, "1000012-2", "1000015-7"], TODAY)
        assert {n: f.status for n, f in found.items()} == {
            fake.LIVE_FI: "active", fake.BANKRUPT_FI: "bankrupt", fake.DISSOLVED_FI: "dissolved",
            fake.UNKNOWN_FI: "not_found", "1000012-2": "liquidation", "1000015-7": "reorganisation"}
        live = found[fake.LIVE_FI]
        assert (live.name, live.industry, live.city, live.street) == (
            "Saimaan Ohjelmisto Oy", {"fi": "Ohjelmistojen suunnittelu ja valmistus", "sv": "Programvaruutveckling",
                                      "en": "Software development"}, "Lappeenranta", "Mannerheimintie 12")
        assert prh.limited == 0  # paced at 3 a second, the client stays under the fake's 5 in any second


def test_a_client_faster_than_the_registry_allows_is_told_429_and_waits_then_gets_every_answer():
    ids = [fake.finnish_business_id(i) for i in range(20)]
    with fake.PrhFake([fake.prh_company(i, f"Yritys {n} Oy") for n, i in enumerate(ids)], limit=5, window=1.0) as prh:
        client = prh_client(prh.url, per_minute=60_000, attempts=8)
        found = client.lookup_many(ids, TODAY)
        assert all(f.status == "active" for f in found.values()) and len(found) == 20
        assert prh.limited > 0 and client.client.retries >= prh.limited


def test_a_failing_registry_is_tried_again_and_one_that_stays_down_flags_nothing(database_url):
    with fake.seeded_brreg(fail_first=2) as brreg:
        client = brreg_client(brreg.url)
        assert client.lookup_many([fake.DISSOLVED_NO], TODAY)[fake.DISSOLVED_NO].status == "dissolved"
        assert client.client.retries == 2
    engine = make_engine(database_url)
    migrate(engine)
    with fake.seeded_brreg(fail_first=10_000) as down:
        lookup = CompanyLookup({"NO": brreg_client(down.url)}, FactsCache(engine))
        found = lookup.check(HEADER, [["Gamle Bakeri AS", fake.DISSOLVED_NO, "0150", "Norge"]], ROLES,
                             country="NO", today=TODAY)
    assert found.issues == []
    assert found.summary.notes == ["Enhetsregisteret did not answer; 1 company was not checked. Try again later."]


def test_answers_are_cached_for_a_week_and_the_change_feed_makes_the_next_lookup_ask_again(database_url):
    engine = make_engine(database_url)
    migrate(engine)
    rows = [["Fjord Fisk AS", fake.LIVE_NO, "5003", "Norge"], ["Sheet Only Name AS", fake.DISSOLVED_NO, "0150", "Norge"]]
    with fake.seeded_brreg() as brreg:
        lookup = CompanyLookup({"NO": brreg_client(brreg.url)}, FactsCache(engine), max_age_days=7)
        first = lookup.check(HEADER, rows, ROLES, country="NO", today=TODAY)
        assert [i.code for _, _, i in first.issues] == ["company.name_differs", "org_id.dissolved"]
        sent = len(brreg.requests)
        again = lookup.check(HEADER, rows, ROLES, country="NO", today=TODAY + datetime.timedelta(days=6))
        assert len(brreg.requests) == sent and again.summary == first.summary  # from the cache
        # Brønnøysund registers the bankruptcy; its change feed names the company
        brreg.change(fake.LIVE_NO, fake.brreg_unit(fake.LIVE_NO, "FJORD FISK AS", konkurs=True, konkursdato="2026-12-01"))
        assert lookup.refresh_from_feeds(TODAY) == {"Enhetsregisteret": 1}
        assert lookup.cache.cursor("Enhetsregisteret") == brreg.updates[-1]["oppdateringsid"]
        later = lookup.check(HEADER, rows, ROLES, country="NO", today=TODAY)
        assert [i.code for _, _, i in later.issues][0] == "org_id.bankrupt"
        assert lookup.refresh_from_feeds(TODAY) == {"Enhetsregisteret": 0}  # the next read starts after the last
        # past the week, everything is asked again
        sent = len(brreg.requests)
        lookup.check(HEADER, rows, ROLES, country="NO", today=TODAY + datetime.timedelta(days=8))
        assert len(brreg.requests) > sent
    with engine.connect() as connection:
        stored = " ".join(row.facts for row in connection.execute(select(company_facts)))
        dumped = " ".join(str(v) for row in connection.execute(text("SELECT * FROM company_feeds")) for v in row)
    # public company data only: the sheet's own name for a company is never stored
    assert "GAMLE BAKERI AS" in stored and "Sheet Only Name" not in stored + dumped


def test_a_company_row_without_number_is_looked_up_by_exact_name_and_postal_code(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    migrate(engine)
    with fake.seeded_brreg() as brreg:
        lookup = CompanyLookup({"NO": brreg_client(brreg.url)}, FactsCache(engine))
        found = lookup.check(HEADER, [["Fjord Fisk AS", "", "5003", "Norge"], ["Fjord", "", "5003", "Norge"]], ROLES,
                             country="NO", today=TODAY)
    assert [(r, i.code, i.suggestion) for r, _, i in found.issues] == [(1, "org_id.suggested", "923 609 016")]


@pytest.mark.parametrize("dry_run", [False, True])
def test_api_clean_with_company_lookup_flags_gone_companies_and_adds_columns_when_paid(sqlite_stack, dry_run):
    api = Api(sqlite_stack)
    rows = [["Fjord Fisk AS", "923 609 016", "5003", "Norge"], ["Gamle Bakeri AS", fake.DISSOLVED_NO, "0150", "Norge"],
            ["Konkurs Konsult AS", fake.BANKRUPT_NO, "0150", "Norge"], ["Borte AS", fake.REMOVED_NO, "0150", "Norge"],
            ["Saimaan Ohjelmisto Oy", fake.LIVE_FI, "53100", "Suomi"], ["Lopetettu Oy", fake.DISSOLVED_FI, "00100", "Suomi"],
            ["Volvo AB", "556012-5790", "40508", "Sverige"]]
    body = {"header": HEADER, "rows": rows, "dry_run": dry_run,
            "options": {"country": "NO", "company_lookup": True, "enrich": ["industry", "employees"]}}
    answer = api.call("POST", "/v1/clean", body, token=api.new_user())
    assert answer.status == 200, answer.body
    companies = answer.body["companies"]
    assert companies["sentence"] == ("3 of 6 companies no longer exist. "
                                     "1 is bankrupt, in liquidation or in reorganisation.")
    assert companies["unchecked"] == {"SE": 1}
    assert [(g["org_id"], g["status"], g["rows"]) for g in companies["listed"]] == [
        (fake.DISSOLVED_NO, "dissolved", [2]), (fake.BANKRUPT_NO, "bankrupt", [3]), (fake.REMOVED_NO, "removed", [4]),
        (fake.DISSOLVED_FI, "dissolved", [6])]
    dissolved = [(i["row"], i["header"], i["message"]) for i in answer.body["issues"] if i["code"] == "org_id.dissolved"]
    assert dissolved[0] == (2, "Organisasjonsnummer", "The company was dissolved on 2025-03-14 (Enhetsregisteret).")
    if dry_run:  # the free test wash: statuses and counts, not the work (no rows, no added columns)
        assert companies["enrichment"] is None and "rows" not in answer.body
    else:
        assert answer.body["status"][1] == ("Organisasjonsnummer: The company was dissolved on 2025-03-14 "
                                            "(Enhetsregisteret).")
        assert companies["enrichment"]["header"] == ["Industry code", "Industry", "Employees"]
        assert companies["enrichment"]["rows"][0] == [
            "03.211", "Produksjon av laks og ørret i hav- og kystbasert akvakultur", "20–49"]
        assert companies["enrichment"]["rows"][4][1] == "Software development"


def test_the_scheduler_reads_the_change_feed_through_the_hooks_target(tmp_path):
    from functions_framework import create_app

    from functions import adapters
    from functions.settings import Settings

    with fake.seeded_brreg() as brreg, fake.seeded_prh() as prh:
        adapters.reset()
        adapters.override(settings=Settings.from_env({
            "RENSA_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}", "RENSA_SCHEDULER_TOKEN": "sched-secret",
            "RENSA_BRREG_URL": brreg.url, "RENSA_PRH_URL": prh.url}))
        try:
            lookup = adapters.get_company_lookup()
            lookup.facts([("NO", fake.LIVE_NO), ("NO", fake.DISSOLVED_NO)], TODAY)
            brreg.change(fake.LIVE_NO)
            main = str(adapters.__file__).replace("adapters/__init__.py", "main.py")
            hooks = create_app("hooks", main).test_client()
            refused = hooks.post("/v1/hooks/companies/refresh", headers={"Authorization": "Bearer sched-secre"})
            assert (refused.status_code, refused.get_json()["code"]) == (401, "auth.invalid")
            answer = hooks.post("/v1/hooks/companies/refresh", headers={"Authorization": "Bearer sched-secret"})
            assert answer.status_code == 200
            assert answer.get_json() == {"registries": [{"registry": "Enhetsregisteret", "dropped": 1}]}
        finally:
            adapters.reset()


def test_rate_limiter_spaces_requests_to_its_rate():
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(4, burst=2, clock=lambda: now[0], sleep=sleep)
    for _ in range(10):
        limiter.acquire()
    # two at once (the burst), then one every quarter second: 8 more take 2 seconds
    assert now[0] == pytest.approx(2.0)
    assert waits and all(w > 0 for w in waits)
