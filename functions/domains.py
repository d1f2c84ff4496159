"""DNS checks of e-mail domains (dnspython), cached per domain in the database.

For each domain: MX; a null MX (``MX 0 .``) means it accepts no mail; no MX (NODATA) falls back to A, then
AAAA, as a sending server would (RFC 5321 section 5.1); NXDOMAIN means it does not exist. A timeout, a
SERVFAIL or no reachable name server is "unknown": it flags nothing and is not cached, so the next run asks
again. Answers are cached with their TTL and the day they were checked (the domain name only, nothing of the
address), and asked again after ``max_age_days`` (30).

``RENSA_DNS_SERVERS`` names the name servers (``host`` or ``host:port``, comma-separated; tests point it at
the DNS server they start); empty uses the machine's resolver configuration.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import dns.exception
import dns.resolver
from sqlalchemy import Column, Date, Engine, Integer, String, Table, delete, insert, select

from core.domains import DomainVerdict
from functions.schema import metadata

domain_checks = Table(
    "domain_checks",
    metadata,
    Column("domain", String(255), primary_key=True),
    Column("status", String(20), nullable=False),
    Column("ttl", Integer, nullable=True),
    Column("checked_on", Date, nullable=False),
)


def make_resolver(servers: str = "", *, timeout: float = 3.0, lifetime: float = 6.0) -> dns.resolver.Resolver:
    """A resolver for ``servers`` (``host[:port]``, comma-separated), or the machine's configuration."""
    entries = [part.strip() for part in servers.split(",") if part.strip()]
    resolver = dns.resolver.Resolver(configure=not entries)
    if entries:
        hosts, ports = [], set()
        for entry in entries:
            host, _, port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
            hosts.append(host or entry)
            ports.add(int(port) if port else 53)
        resolver.nameservers = hosts
        resolver.port = ports.pop() if len(ports) == 1 else 53
    resolver.timeout, resolver.lifetime = timeout, lifetime
    return resolver


def _ttl(answer: dns.resolver.Answer) -> int | None:
    """How long the answer may be kept (an Answer without its record set, which resolve() never gives, has none)."""
    return answer.rrset.ttl if answer.rrset is not None else None


def look_up(domain: str, resolver: dns.resolver.Resolver, today: datetime.date) -> DomainVerdict:
    """What DNS says of ``domain`` today."""
    try:
        answer = resolver.resolve(domain, "MX")
        records = list(answer)
        if len(records) == 1 and records[0].preference == 0 and str(records[0].exchange) == ".":
            return DomainVerdict(domain=domain, status="null_mx", checked=today, ttl=_ttl(answer))
        return DomainVerdict(domain=domain, status="accepts_mail", checked=today, ttl=_ttl(answer))
    except dns.resolver.NXDOMAIN:
        return DomainVerdict(domain=domain, status="not_found", checked=today)
    except dns.resolver.NoAnswer:
        pass  # no MX: the address records decide
    except (dns.exception.DNSException, UnicodeError):  # timeout, SERVFAIL, no name server, a name DNS cannot hold
        return DomainVerdict(domain=domain, status="unknown", checked=today)
    for rdtype in ("A", "AAAA"):
        try:
            answer = resolver.resolve(domain, rdtype)
            return DomainVerdict(domain=domain, status="accepts_mail", checked=today, ttl=_ttl(answer))
        except dns.resolver.NoAnswer:
            continue
        except dns.resolver.NXDOMAIN:
            return DomainVerdict(domain=domain, status="not_found", checked=today)
        except (dns.exception.DNSException, UnicodeError):
            return DomainVerdict(domain=domain, status="unknown", checked=today)
    return DomainVerdict(domain=domain, status="no_mail_host", checked=today)


class DomainChecker:
    """Verdicts for many domains: the cache first, DNS for the rest (``workers`` at a time)."""

    def __init__(self, engine: Engine, resolver: dns.resolver.Resolver, *, max_age_days: int = 30,
                 workers: int = 32) -> None:
        self.engine, self.resolver = engine, resolver
        self.max_age_days, self.workers = max_age_days, workers
        self.asked = 0  # domains sent to DNS (for the benchmark)

    def verdicts(self, domains: Iterable[str], today: datetime.date) -> dict[str, DomainVerdict]:
        domains = list(dict.fromkeys(domains))
        found = self._cached(domains, today - datetime.timedelta(days=self.max_age_days))
        missing = [domain for domain in domains if domain not in found]
        if missing:
            self.asked += len(missing)
            with ThreadPoolExecutor(min(self.workers, len(missing))) as pool:
                fresh = list(pool.map(lambda domain: look_up(domain, self.resolver, today), missing))
            self._store([verdict for verdict in fresh if verdict.status != "unknown"])
            found.update({verdict.domain: verdict for verdict in fresh})
        return found

    def _cached(self, domains: list[str], newer_than: datetime.date) -> dict[str, DomainVerdict]:
        found: dict[str, DomainVerdict] = {}
        with self.engine.connect() as connection:
            for start in range(0, len(domains), 500):
                rows = connection.execute(select(domain_checks).where(
                    domain_checks.c.domain.in_(domains[start:start + 500]), domain_checks.c.checked_on >= newer_than))
                for row in rows:
                    found[row.domain] = DomainVerdict(domain=row.domain, status=row.status, ttl=row.ttl,
                                                      checked=row.checked_on)
        return found

    def _store(self, verdicts: list[DomainVerdict]) -> None:
        if not verdicts:
            return
        with self.engine.begin() as connection:
            for start in range(0, len(verdicts), 500):
                chunk = verdicts[start:start + 500]
                connection.execute(delete(domain_checks).where(domain_checks.c.domain.in_([v.domain for v in chunk])))
                connection.execute(insert(domain_checks), [
                    {"domain": v.domain, "status": v.status, "ttl": v.ttl, "checked_on": v.checked} for v in chunk])


def check_result(result, options, *, today: datetime.date, language: str = "en"):
    """A clean result with its e-mail cells' domains checked, when ``options.check_domains`` (or, unset, the
    server's ``RENSA_CHECK_DOMAINS``) asks for it."""
    from core.domains import domain_issues, email_domains
    from functions import adapters

    wanted = options.check_domains
    if wanted is None:
        wanted = adapters.get_settings().check_domains
    if not wanted:
        return result
    domains = email_domains(result.rows, result.roles)
    if not domains:
        return result
    verdicts = adapters.get_domain_checker().verdicts(domains, today)
    return result.with_issues(domain_issues(result.header, result.rows, result.roles, verdicts, language=language))


def local_checker() -> DomainChecker:
    """The CLI's checker (``--check-domains``): the machine's name servers (or ``RENSA_DNS_SERVERS``), the
    cache in a SQLite file of the user's own (``$XDG_CACHE_HOME/rensa/domains.db`` or ``RENSA_CACHE_DIR``)."""
    from functions.adapters.db import local_cache
    from functions.settings import Settings

    engine = local_cache("domains")
    settings = Settings.from_env()
    return DomainChecker(engine, make_resolver(settings.dns_servers), max_age_days=settings.domain_cache_days)
