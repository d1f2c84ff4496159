"""The CLI's company look-up: the same registry clients as the functions, with their answers cached in a
SQLite file of the user's own (``$XDG_CACHE_HOME/rensa/companies.db``, or ``RENSA_CACHE_DIR``)."""

from __future__ import annotations

from functions.adapters.db import local_cache
from functions.settings import Settings

from .lookup import CompanyLookup, FactsCache, build_registries


def local_lookup() -> CompanyLookup:
    """A look-up for one CLI run; its cache's engine is ``lookup.cache.engine`` (dispose it when done)."""
    settings = Settings.from_env()
    engine = local_cache("companies")
    registries = build_registries(brreg_url=settings.brreg_url, prh_url=settings.prh_url,
                                  plugins=settings.company_registries, brreg_per_second=settings.brreg_per_second,
                                  prh_per_minute=settings.prh_per_minute)
    return CompanyLookup(registries, FactsCache(engine), max_age_days=settings.company_cache_days)
