"""Company registries: look-ups by org number (and by exact name + postal code) in the open registries,
a cache of their public answers, and the change feeds that keep it fresh. See docs/companies.md."""

from .http import RateLimiter, RegistryClient, RegistryUnavailable
from .lookup import CompanyLookup, FactsCache, Registry, build_registries

__all__ = ["CompanyLookup", "FactsCache", "RateLimiter", "Registry", "RegistryClient", "RegistryUnavailable",
           "build_registries"]
