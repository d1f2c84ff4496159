"""Every setting the functions read, from environment variables, with local defaults.

This is the one place that reads ``os.environ``. The defaults give the embedded local mode: SQLite
under ``.rensa/``, no Google client ids (so only API keys work), a development pepper.
Production sets at least ``RENSA_DATABASE_URL``, ``RENSA_OAUTH_CLIENT_IDS``, ``RENSA_KEY_PEPPER``,
``RENSA_SECRETS_KEY`` and ``RENSA_SERVICE_ACCOUNT_FILE``.

>>> s = Settings.from_env({"RENSA_OAUTH_CLIENT_IDS": "a.apps.googleusercontent.com, b", "RENSA_MAX_ROWS": "10"})
>>> (s.oauth_client_ids, s.max_rows, s.free_rows_per_month)
(('a.apps.googleusercontent.com', 'b'), 10, 500)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

DEV_PEPPER = "rensa-local-development-pepper"

# name -> (environment variable, default as text, description); the docs table is made from this.
VARIABLES: dict[str, tuple[str, str, str]] = {
    "database_url": ("RENSA_DATABASE_URL", "sqlite:///.rensa/rensa.db", "SQLAlchemy URL (SQLite or postgresql+psycopg)"),
    "oauth_client_ids": ("RENSA_OAUTH_CLIENT_IDS", "", "comma-separated OAuth client ids accepted as ID-token audience"),
    "google_certs_url": ("RENSA_GOOGLE_CERTS_URL", "https://www.googleapis.com/oauth2/v1/certs", "Google's ID-token certificates (PEM map)"),
    "clock_skew_seconds": ("RENSA_CLOCK_SKEW_SECONDS", "10", "allowed clock skew for ID-token iat/exp"),
    "sheets_api_url": ("RENSA_SHEETS_API_URL", "", "override of https://sheets.googleapis.com (tests point it at the fake)"),
    "service_account_file": ("RENSA_SERVICE_ACCOUNT_FILE", "", "service-account JSON that reads and writes connected sheets"),
    "key_pepper": ("RENSA_KEY_PEPPER", DEV_PEPPER, "server secret mixed into API-key hashes (HMAC-SHA256)"),
    "secrets_key": ("RENSA_SECRETS_KEY", "", "Fernet key for encrypted secrets (webhook connections)"),
    "hooks_base_url": ("RENSA_HOOKS_BASE_URL", "", "public base URL of the hooks target, for the webhook URL to paste (empty: webhook connections answer 503; never taken from the Host header)"),
    "scheduler_token": ("RENSA_SCHEDULER_TOKEN", "", "bearer token of POST /v1/hooks/flush (Cloud Scheduler); empty turns the endpoint off"),
    "max_request_bytes": ("RENSA_MAX_REQUEST_BYTES", "10000000", "largest request body accepted"),
    "max_hook_bytes": ("RENSA_MAX_HOOK_BYTES", "2000000", "largest webhook body accepted by the hooks target"),
    "body_read_seconds": ("RENSA_BODY_READ_SECONDS", "20", "longest wait for the next piece of a request body before 408"),
    "server_timing": ("RENSA_SERVER_TIMING", "0", "1: answers carry Server-Timing (the handler's time), for benchmarks; off in production"),
    "max_rows": ("RENSA_MAX_ROWS", "20000", "most data rows per call (and per connected register)"),
    "max_columns": ("RENSA_MAX_COLUMNS", "200", "most columns per call"),
    "max_cell_chars": ("RENSA_MAX_CELL_CHARS", "5000", "longest cell value accepted"),
    "free_rows_per_month": ("RENSA_FREE_ROWS_PER_MONTH", "500", "rows each account cleans free per calendar month (UTC)"),
    "free_dry_run_rows_per_hour": ("RENSA_FREE_DRY_RUN_ROWS_PER_HOUR", "50000", "rows of free dry runs (test washes) each account may send per clock hour (UTC); more answer 429"),
    "register_cache_seconds": ("RENSA_REGISTER_CACHE_SECONDS", "60", "how long a connected register stays cached in memory for /v1/check"),
    "auto_migrate": ("RENSA_AUTO_MIGRATE", "1", "run alembic migrations at first database use"),
    "downgrade_loses_suppressions": ("RENSA_DOWNGRADE_LOSES_SUPPRESSIONS", "0", "1: a downgrade below migration i19b runs even though rows hold hashes under account keys, which the previous release cannot match (suppressed addresses would be mailed again); only 1, true or yes turn it on; leave unset"),
    "dns_servers": ("RENSA_DNS_SERVERS", "", "name servers for e-mail domain checks, host[:port] comma-separated (empty: the machine's)"),
    "check_domains": ("RENSA_CHECK_DOMAINS", "1", "check e-mail domains with DNS in /v1/clean and upkeep by default (0 turns the default off)"),
    "domain_cache_days": ("RENSA_DOMAIN_CACHE_DAYS", "30", "days a domain's DNS answer is used before it is asked again"),
    "upkeep_batch": ("RENSA_UPKEEP_BATCH", "10", "registers one scheduler call claims at a time"),
    "upkeep_seconds": ("RENSA_UPKEEP_SECONDS", "240", "how long one scheduler call starts new upkeep runs (keep it well under the function's timeout)"),
    # Stripe billing (issue 13): without a secret key the billing endpoints answer 501 and all else works.
    "stripe_secret_key": ("RENSA_STRIPE_SECRET_KEY", "", "Stripe secret key (sk_live_... / sk_test_... / rk_...); empty turns billing off"),
    "stripe_webhook_secret": ("RENSA_STRIPE_WEBHOOK_SECRET", "", "signing secret (whsec_...) of the Stripe webhook endpoint POST /v1/hooks/stripe"),
    "stripe_api_base": ("RENSA_STRIPE_API_BASE", "", "override of https://api.stripe.com (tests point it at the fake)"),
    "credit_packs": ("RENSA_CREDIT_PACKS", "10000:SEK:149,50000:SEK:590,10000:NOK:149,50000:NOK:590,10000:DKK:99,50000:DKK:390,10000:EUR:14,50000:EUR:55",
                     "credit packs on offer: ROWS:CURRENCY:PRICE (major units), comma-separated"),
    "stripe_meter_event": ("RENSA_STRIPE_METER_EVENT", "rensa_rows", "event_name of the Stripe Billing Meter that monthly accounts' rows are reported to"),
    "stripe_metered_price": ("RENSA_STRIPE_METERED_PRICE", "", "metered Stripe price(s) for pay-as-you-go: price_... or CURRENCY:price_..., comma-separated; empty: monthly off"),
    "billing_return_url": ("RENSA_BILLING_RETURN_URL", "", "where Stripe sends the buyer back (default: this API's /v1/billing/done)"),
    "brreg_url": ("RENSA_BRREG_URL", "https://data.brreg.no/enhetsregisteret/api", "Brønnøysund's Enhetsregisteret API (empty: Norway not looked up)"),
    "prh_url": ("RENSA_PRH_URL", "https://avoindata.prh.fi/opendata-ytj-api/v3", "PRH's YTJ open data API (empty: Finland not looked up)"),
    "brreg_per_second": ("RENSA_BRREG_PER_SECOND", "20", "most requests a second to Enhetsregisteret"),
    "prh_per_minute": ("RENSA_PRH_PER_MINUTE", "240", "most requests a minute to PRH (PRH allows 300 for all its users together)"),
    "company_cache_days": ("RENSA_COMPANY_CACHE_DAYS", "7", "days a registry's answer is used before it is fetched again"),
    "company_registries": ("RENSA_COMPANY_REGISTRIES", "", "more registries, as CC=package.module:factory (e.g. a customer's own CVR access)"),
    # Clean jobs and the duplicates pass of large registers (issue 12).
    "max_duplicate_rows": ("RENSA_MAX_DUPLICATE_ROWS", "1000000", "most rows per POST /v1/duplicates (match columns only)"),
    "max_duplicate_bytes": ("RENSA_MAX_DUPLICATE_BYTES", "200000000", "largest POST /v1/duplicates body once gunzipped"),
    "max_pass_rows": ("RENSA_MAX_PASS_ROWS", "20000", "most rows per call of the split duplicate pass (/v1/duplicates/*)"),
}


def _parse(name: str, raw: str):
    if name == "oauth_client_ids":
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if name == "downgrade_loses_suppressions":  # an override that loses data: only a plain yes turns it on
        return raw.strip().lower() in ("1", "true", "yes")
    if name in ("auto_migrate", "check_domains", "server_timing"):
        return raw.strip().lower() not in ("0", "false", "no", "")
    if name.endswith(("_per_second", "_per_minute")):
        return float(raw)
    if name in ("clock_skew_seconds",) or name.startswith("max_") or name.endswith(("_per_month", "_per_hour", "_seconds", "_days", "_batch")):
        return int(raw)
    return raw


@dataclass(frozen=True)
class Settings:
    database_url: str
    oauth_client_ids: tuple[str, ...]
    google_certs_url: str
    clock_skew_seconds: int
    sheets_api_url: str
    service_account_file: str
    key_pepper: str
    secrets_key: str
    hooks_base_url: str
    scheduler_token: str
    max_request_bytes: int
    max_hook_bytes: int
    body_read_seconds: int
    server_timing: bool
    max_rows: int
    max_columns: int
    max_cell_chars: int
    free_rows_per_month: int
    free_dry_run_rows_per_hour: int
    register_cache_seconds: int
    auto_migrate: bool
    downgrade_loses_suppressions: bool
    dns_servers: str
    check_domains: bool
    domain_cache_days: int
    upkeep_batch: int
    upkeep_seconds: int
    stripe_secret_key: str
    stripe_webhook_secret: str
    stripe_api_base: str
    credit_packs: str
    stripe_meter_event: str
    stripe_metered_price: str
    billing_return_url: str
    brreg_url: str
    prh_url: str
    brreg_per_second: float
    prh_per_minute: float
    company_cache_days: int
    company_registries: str
    max_duplicate_rows: int
    max_duplicate_bytes: int
    max_pass_rows: int

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every variable in ``VARIABLES`` from ``environ`` (default ``os.environ``)."""
        env = os.environ if environ is None else environ
        values = {f.name: _parse(f.name, env.get(VARIABLES[f.name][0], VARIABLES[f.name][1])) for f in fields(cls)}
        return cls(**values)
