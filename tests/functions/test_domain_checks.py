"""E-mail domains checked with dnspython against a real DNS server the test starts (dnslib on 127.0.0.1):
MX, the A/AAAA fallback, null MX, NXDOMAIN, NODATA, SERVFAIL and slow answers; the cache on SQLite and
PostgreSQL; the issues a clean gets."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import select

from core import clean
from core.domains import domain_issues
from functions.adapters.db import make_engine, migrate
from functions.domains import DomainChecker, domain_checks, look_up, make_resolver
from tests.fakes.dns_server import DnsServer

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(scope="module")
def dns_server():
    with DnsServer(slow_seconds=2.0) as server:
        for domain, kind in [("firma.se", "mx"), ("gamlefirma.se", "nxdomain"), ("nomail.no", "null_mx"),
                             ("bara-a.fi", "a_only"), ("bara-aaaa.dk", "aaaa_only"), ("tom.se", "nodata"),
                             ("trasig.se", "servfail"), ("seg.se", "slow")]:
            server.add(domain, kind)
        yield server


@pytest.mark.parametrize("domain, status", [
    ("firma.se", "accepts_mail"),
    ("gamlefirma.se", "not_found"),
    ("nomail.no", "null_mx"),
    ("bara-a.fi", "accepts_mail"),      # no MX: mail goes to the A host
    ("bara-aaaa.dk", "accepts_mail"),   # no MX, no A: the AAAA host
    ("tom.se", "no_mail_host"),         # the name exists with nothing to deliver to
    ("trasig.se", "unknown"),           # SERVFAIL: says nothing about the address
    ("seg.se", "unknown"),              # slower than the resolver waits
])
def test_what_dns_says_of_a_domain(dns_server, domain, status):
    resolver = make_resolver(dns_server.address, timeout=0.5, lifetime=1.0)
    assert look_up(domain, resolver, TODAY).status == status


def test_verdicts_are_cached_with_their_date_and_asked_again_after_30_days(dns_server, database_url):
    engine = make_engine(database_url)
    migrate(engine)
    checker = DomainChecker(engine, make_resolver(dns_server.address, timeout=0.5, lifetime=1.0))
    domains = ["firma.se", "gamlefirma.se", "nomail.no", "trasig.se"]
    first = checker.verdicts(domains, TODAY)
    assert {d: v.status for d, v in first.items()} == {
        "firma.se": "accepts_mail", "gamlefirma.se": "not_found", "nomail.no": "null_mx", "trasig.se": "unknown"}
    asked = len(dns_server.queries)
    again = checker.verdicts(domains, TODAY + datetime.timedelta(days=29))
    # only the unknown one is asked again: an unanswered question is not an answer to keep
    assert {d for d, _ in dns_server.queries[asked:]} == {"trasig.se"}
    assert again["gamlefirma.se"].checked == TODAY
    with engine.connect() as connection:
        stored = {row.domain: (row.status, row.checked_on) for row in connection.execute(select(domain_checks))}
    assert stored == {"firma.se": ("accepts_mail", TODAY), "gamlefirma.se": ("not_found", TODAY),
                      "nomail.no": ("null_mx", TODAY)}  # domain names only, no addresses
    later = TODAY + datetime.timedelta(days=31)
    asked = len(dns_server.queries)
    checker.verdicts(["firma.se"], later)
    assert {d for d, _ in dns_server.queries[asked:]} == {"firma.se"}


def test_a_clean_flags_the_cells_whose_domain_cannot_receive_mail(dns_server, tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'd.db'}")
    migrate(engine)
    header = ["Namn", "E-post"]
    rows = [["Kalle", "kalle@gamlefirma.se"], ["Eva", "eva@firma.se"], ["Ola", "ola@nomail.no"],
            ["Tom", "tom@tom.se"], ["Tra", "x@trasig.se"], ["Inget", ""]]
    result = clean((header, rows), {"dedupe": False})
    verdicts = DomainChecker(engine, make_resolver(dns_server.address, timeout=0.5, lifetime=1.0)).verdicts(
        ["gamlefirma.se", "firma.se", "nomail.no", "tom.se", "trasig.se"], TODAY)
    found = domain_issues(result.header, result.rows, result.roles, verdicts)
    assert [(row, column, issue.code) for row, column, issue in found] == [
        (1, 1, "email.domain_not_found"), (3, 1, "email.domain_no_mail"), (4, 1, "email.domain_no_mail_host")]
    swedish = domain_issues(result.header, result.rows, result.roles, verdicts, language="sv")
    assert swedish[0][2].message == "Domänen gamlefirma.se finns inte, så e-post till den här adressen kan inte levereras."


def test_cli_check_domains_flags_the_dead_domain(dns_server, tmp_path, monkeypatch, capsys):
    from cli.main import main

    monkeypatch.setenv("RENSA_DNS_SERVERS", dns_server.address)
    monkeypatch.setenv("RENSA_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "kunder.csv"
    source.write_text("Namn;E-post\nKalle;kalle@gamlefirma.se\nEva;eva@firma.se\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["clean", str(source), "-o", str(out), "--check-domains", "-q"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1].endswith("E-post: The domain gamlefirma.se does not exist, so e-mail to this address cannot be "
                             "delivered.") and lines[2] == "Eva;eva@firma.se;"
    assert (tmp_path / "cache" / "domains.db").exists()
