"""Company look-ups for a register: cached facts first, the registries for the rest, then core's check.

``CompanyLookup.check(header, rows, roles, ...)`` is what the API, the CLI and upkeep call. It asks
``core.companies.wanted`` which companies the rows name, reads fresh facts from the cache (public data,
kept with the day it was fetched, re-fetched after ``max_age_days`` or when a change feed names the
company), asks each country's registry for the rest, stores what they said, and hands everything to
``core.companies.check``. A registry that does not answer flags nothing and is named in the summary's
notes, so a network problem is never reported as a company that is gone.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from sqlalchemy import Engine, delete, insert, select

from core import companies as core_companies
from core.companies import CompanyCheck, CompanyFacts, NameQuery
from core.i18n import translator
from functions.logs import logger

from .http import RegistryUnavailable
from .schema import company_facts, company_feeds

log = logger(__name__)  # never writes an address (functions/logs.py)


class Registry(Protocol):
    """One country's company register. ``functions/companies/brreg.py`` and ``prh.py`` are the open ones; a
    customer's own access (Denmark's CVR, Bolagsverket's API) plugs in through ``RENSA_COMPANY_REGISTRIES``."""

    country: str
    name: str

    def lookup_many(self, numbers: Iterable[str], today: datetime.date) -> dict[str, CompanyFacts]: ...

    def search(self, query: NameQuery, today: datetime.date) -> CompanyFacts | None: ...


class FactsCache:
    """``company_facts`` on the functions' database (or the CLI's own SQLite file)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def fresh(self, keys: Iterable[tuple[str, str]], newer_than: datetime.date) -> dict[tuple[str, str], CompanyFacts]:
        keys = list(keys)
        found: dict[tuple[str, str], CompanyFacts] = {}
        with self.engine.connect() as connection:
            for country in {country for country, _ in keys}:
                numbers = [number for c, number in keys if c == country]
                for start in range(0, len(numbers), 500):
                    rows = connection.execute(
                        select(company_facts.c.org_id, company_facts.c.facts).where(
                            company_facts.c.country == country,
                            company_facts.c.org_id.in_(numbers[start:start + 500]),
                            company_facts.c.fetched_on >= newer_than,
                        )
                    )
                    for org_id, facts in rows:
                        found[(country, org_id)] = CompanyFacts.model_validate_json(facts)
        return found

    def store(self, facts: Iterable[CompanyFacts]) -> None:
        facts = list(facts)
        if not facts:
            return
        with self.engine.begin() as connection:
            for start in range(0, len(facts), 500):
                chunk = facts[start:start + 500]
                for country in {f.country for f in chunk}:
                    connection.execute(delete(company_facts).where(
                        company_facts.c.country == country,
                        company_facts.c.org_id.in_([f.org_id for f in chunk if f.country == country])))
                connection.execute(insert(company_facts), [
                    {"country": f.country, "org_id": f.org_id, "facts": f.model_dump_json(), "fetched_on": f.fetched}
                    for f in chunk
                ])

    def forget(self, country: str, numbers: Sequence[str]) -> int:
        """Drop cached facts a change feed says are out of date; returns how many were cached."""
        dropped = 0
        with self.engine.begin() as connection:
            for start in range(0, len(numbers), 500):
                dropped += connection.execute(delete(company_facts).where(
                    company_facts.c.country == country,
                    company_facts.c.org_id.in_(numbers[start:start + 500]))).rowcount or 0
        return dropped

    def cursor(self, registry: str) -> int | None:
        with self.engine.connect() as connection:
            return connection.execute(
                select(company_feeds.c.cursor).where(company_feeds.c.registry == registry)).scalar_one_or_none()

    def set_cursor(self, registry: str, cursor: int | None, today: datetime.date) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(company_feeds).where(company_feeds.c.registry == registry))
            connection.execute(insert(company_feeds).values(registry=registry, cursor=cursor, read_on=today))


class CompanyLookup:
    def __init__(self, registries: Mapping[str, Registry], cache: FactsCache, *, max_age_days: int = 7) -> None:
        self.registries = dict(registries)
        self.cache = cache
        self.max_age_days = max_age_days

    def facts(self, keys: Iterable[tuple[str, str]], today: datetime.date, *, language: str = "en"
              ) -> tuple[dict[tuple[str, str], CompanyFacts], list[str]]:
        """Facts for every key a registry answered for, and a note per registry that did not answer."""
        keys = list(dict.fromkeys(keys))
        found = self.cache.fresh(keys, today - datetime.timedelta(days=self.max_age_days))
        notes: list[str] = []
        for country, registry in self.registries.items():
            missing = [number for c, number in keys if c == country and (c, number) not in found]
            if not missing:
                continue
            try:
                fetched = registry.lookup_many(missing, today)
            except RegistryUnavailable as err:
                log.warning("company registry %s unavailable: %s", registry.name, err)
                notes.append(translator(language).n_(
                    "{registry} did not answer; {n} company was not checked. Try again later.",
                    "{registry} did not answer; {n} companies were not checked. Try again later.",
                    len(missing), registry=registry.name))
                continue
            self.cache.store(fetched.values())
            found.update({(country, number): facts for number, facts in fetched.items()})
        return found, notes

    def check(self, header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None], *,
              country: str, today: datetime.date, enrich: Iterable[str] = (), language: str = "en") -> CompanyCheck:
        countries = tuple(self.registries)
        wanted = core_companies.wanted(header, rows, roles, country=country, countries=countries)
        facts, notes = self.facts(wanted.numbers, today, language=language)
        matches: dict[NameQuery, CompanyFacts] = {}
        for query in wanted.names:
            try:
                match = self.registries[query.country].search(query, today)
            except RegistryUnavailable:
                continue  # a suggestion only: nothing is lost without it
            if match is not None:
                matches[query] = match
        found = core_companies.check(header, rows, roles, facts, country=country, name_matches=matches,
                                     enrich=enrich, language=language, countries=countries)
        found.summary.notes = notes + found.summary.notes
        return found

    def refresh_from_feeds(self, today: datetime.date) -> dict[str, int]:
        """Read each registry's change feed from where the last call stopped and forget the cached facts it
        names, so the next look-up fetches them again. Returns {registry: cached entries dropped}."""
        dropped: dict[str, int] = {}
        for country, registry in self.registries.items():
            changes_since = getattr(registry, "changes_since", None)
            if changes_since is None:
                continue  # PRH has no change feed: its cached facts simply age out
            cursor = self.cache.cursor(registry.name)
            numbers, cursor = changes_since(cursor, today - datetime.timedelta(days=self.max_age_days))
            dropped[registry.name] = self.cache.forget(country, numbers)
            self.cache.set_cursor(registry.name, cursor, today)
        return dropped


def build_registries(*, brreg_url: str, prh_url: str, plugins: str = "", brreg_per_second: float = 20.0,
                     prh_per_minute: float = 240.0) -> dict[str, Registry]:
    """The open registries, plus any plugged in as ``CC=package.module:factory`` (comma-separated); a
    factory takes no arguments and returns a ``Registry`` (it reads its own credentials)."""
    from .brreg import Brreg
    from .prh import Prh

    registries: dict[str, Registry] = {}
    if brreg_url:
        registries["NO"] = Brreg(brreg_url, rate_per_second=brreg_per_second)
    if prh_url:
        registries["FI"] = Prh(prh_url, per_minute=prh_per_minute)
    for entry in filter(None, (part.strip() for part in plugins.split(","))):
        country, _, target = entry.partition("=")
        module, _, factory = target.partition(":")
        if len(country) != 2 or not module or not factory:
            raise ValueError(f"RENSA_COMPANY_REGISTRIES: {entry!r} is not CC=package.module:factory")
        registries[country.upper()] = getattr(importlib.import_module(module), factory)()
    return registries


def check_result(result, options, *, today: datetime.date, dry_run: bool, language: str = "en"):
    """A clean result with what the company registries say, when ``options.company_lookup`` asks for it.

    A dry run (the free test wash) shows the statuses and the summary but not the added columns: the facts
    filled in are part of the work a clean is paid for."""
    if not options.company_lookup and not options.enrich:
        return result
    from functions import adapters

    found = adapters.get_company_lookup().check(
        result.header, result.rows, result.roles, country=options.country, today=today,
        enrich=() if dry_run else options.enrich, language=language)
    return core_companies.apply(result, found)
