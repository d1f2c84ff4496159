"""Adapters to the outside (storage, auth, Sheets, billing), created lazily once per instance.

Nothing here does I/O at import. The first request that needs an adapter builds it from
``functions.settings``; tests may swap any of them with ``override(...)`` and go back with ``reset()``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from functions.settings import Settings

if TYPE_CHECKING:  # the adapters import their libraries (sqlalchemy, gspread, stripe): only on first use
    from sqlalchemy import Engine

    from functions.adapters.auth import Auth
    from functions.adapters.billing import Billing
    from functions.adapters.db import Database
    from functions.adapters.jobs import CleanJobs
    from functions.adapters.payments import Payments
    from functions.adapters.sheets import Sheets
    from functions.companies import CompanyLookup
    from functions.domains import DomainChecker
    from functions.prematch import RegisterCache
    from functions.suppression.store import SuppressionStore
    from functions.upkeep.store import UpkeepStore
    from functions.webhooks.certs import CertFetcher
    from functions.webhooks.store import HookStore

_lock = threading.RLock()
_instances: dict[str, object] = {}
T = TypeVar("T")


def _get(name: str, build: Callable[[], T]) -> T:
    with _lock:
        if name not in _instances:
            _instances[name] = build()
        # What build() made, or what a test put in with override(): a stand-in that speaks the same interface.
        return cast(T, _instances[name])


def get_settings() -> Settings:
    return _get("settings", Settings.from_env)


def get_engine() -> Engine:
    def build() -> Engine:
        from .db import make_engine, migrate

        settings = get_settings()
        engine = make_engine(settings.database_url)
        if settings.auto_migrate:
            migrate(engine)
        return engine

    return _get("engine", build)


def get_db() -> Database:
    from .db import Database

    return _get("db", lambda: Database(get_engine()))


def get_billing() -> Billing:
    from .billing import Billing

    return _get("billing", lambda: Billing(get_engine(), free_rows_per_month=get_settings().free_rows_per_month))


def get_payments() -> Payments | None:
    """Stripe (``functions.adapters.payments.Payments``), or None when no Stripe key is set."""
    def build() -> Payments | None:
        from .payments import Payments, parse_metered_prices, parse_packs

        s = get_settings()
        if not s.stripe_secret_key:
            return None
        return Payments(
            get_engine(), secret_key=s.stripe_secret_key, webhook_secret=s.stripe_webhook_secret,
            api_base=s.stripe_api_base, packs=parse_packs(s.credit_packs), meter_event=s.stripe_meter_event,
            metered_prices=parse_metered_prices(s.stripe_metered_price),
        )

    return _get("payments", build)

def get_jobs() -> CleanJobs:
    from .jobs import CleanJobs

    def build() -> CleanJobs:
        s = get_settings()
        from .payments import parse_packs

        return CleanJobs(get_engine(), get_billing(), packs=parse_packs(s.credit_packs))

    return _get("jobs", build)


def get_auth() -> Auth:
    from .auth import Auth

    def build() -> Auth:
        s = get_settings()
        return Auth(
            get_db(), client_ids=s.oauth_client_ids, certs_url=s.google_certs_url,
            clock_skew_seconds=s.clock_skew_seconds, pepper=s.key_pepper,
        )

    return _get("auth", build)


def get_sheets() -> Sheets:
    from .sheets import Sheets

    def build() -> Sheets:
        s = get_settings()
        return Sheets(service_account_file=s.service_account_file, api_url=s.sheets_api_url)

    return _get("sheets", build)


def get_register_cache() -> RegisterCache:
    from functions.prematch import RegisterCache

    return _get("register_cache", lambda: RegisterCache(ttl_seconds=get_settings().register_cache_seconds))


def get_hook_store() -> HookStore:
    """Webhook connections, events and the suppression list (``functions.webhooks.store.HookStore``)."""
    from functions.webhooks.store import build_store

    return _get("hook_store", lambda: build_store(get_settings(), get_engine()))


def get_suppression_store() -> SuppressionStore:
    """Uploaded suppression lists as keyed hashes (``functions.suppression.store.SuppressionStore``)."""
    from functions.suppression.store import build_store

    return _get("suppression_store", lambda: build_store(get_settings(), get_engine()))
def get_company_lookup() -> CompanyLookup:
    """Company registries behind their cache (``functions.companies.CompanyLookup``)."""
    from functions.companies import CompanyLookup, FactsCache, build_registries

    def build() -> CompanyLookup:
        s = get_settings()
        registries = build_registries(brreg_url=s.brreg_url, prh_url=s.prh_url, plugins=s.company_registries,
                                      brreg_per_second=s.brreg_per_second, prh_per_minute=s.prh_per_minute)
        return CompanyLookup(registries, FactsCache(get_engine()), max_age_days=s.company_cache_days)

    return _get("company_lookup", build)


def get_domain_checker() -> DomainChecker:
    """E-mail domain checks with DNS behind their cache (``functions.domains.DomainChecker``)."""
    from functions.domains import DomainChecker, make_resolver

    def build() -> DomainChecker:
        s = get_settings()
        return DomainChecker(get_engine(), make_resolver(s.dns_servers), max_age_days=s.domain_cache_days)

    return _get("domain_checker", build)


def get_upkeep_store() -> UpkeepStore:
    """Upkeep schedules and quality histories (``functions.upkeep.store.UpkeepStore``)."""
    from functions.upkeep.store import UpkeepStore

    return _get("upkeep_store", lambda: UpkeepStore(get_engine()))


def get_cert_fetcher() -> CertFetcher:
    """The SNS signing-certificate fetcher (https only, cached per URL)."""
    from functions.webhooks.certs import CertFetcher

    return _get("sns_cert_fetcher", CertFetcher)


def override(**instances: object) -> None:
    """Replace adapters (``settings=``, ``db=``, ``sheets=``, ...) for tests."""
    with _lock:
        _instances.update(instances)


def reset() -> None:
    """Forget every adapter; the next use builds them again from the environment."""
    with _lock:
        _instances.clear()
