"""Finland: PRH's YTJ open data API v3 (CC BY 4.0, no key).

``GET /companies?businessId=1234567-8`` answers ``{"totalResults": N, "companies": [...]}``; a business id
it does not know gives no company. There is no look-up of many ids at once, and PRH allows about 300
queries a minute shared by every user of the API (429 as text/plain past it), so this client keeps well
under that by default (``RENSA_PRH_PER_MINUTE``) and leans on the cache. ``companySituations`` name
bankruptcy (KONK), liquidation (SELTILA) and reorganisation (SANE); an ``endDate`` on the company ends it.
Descriptions come in Finnish, Swedish and English (language codes 1, 2, 3).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from core.companies import CompanyFacts, NameQuery, Status, name_key

from .http import RateLimiter, RegistryClient

NAME = "YTJ"
_SITUATIONS: dict[str, Status] = {"KONK": "bankrupt", "SELTILA": "liquidation", "SANE": "reorganisation"}
_LANGUAGES = {"1": "fi", "2": "sv", "3": "en", "fi": "fi", "sv": "sv", "en": "en"}


class Prh:
    country = "FI"
    name = NAME

    def __init__(self, base_url: str, *, per_minute: float = 240.0, workers: int = 4,
                 client: RegistryClient | None = None) -> None:
        self.client = client or RegistryClient(
            base_url, limiter=RateLimiter(per_minute / 60.0, burst=1), headers={"Accept": "application/json"})
        self.workers = workers

    def lookup_many(self, numbers: Iterable[str], today: datetime.date) -> dict[str, CompanyFacts]:
        wanted = list(dict.fromkeys(numbers))
        with ThreadPoolExecutor(self.workers) as pool:
            return dict(zip(wanted, pool.map(lambda number: self._one(number, today), wanted)))

    def search(self, query: NameQuery, today: datetime.date) -> CompanyFacts | None:
        params = {"name": query.name, "postCode": query.postal_code}
        companies = self.client.get("/companies", params, ok=frozenset({200, 404})).json().get("companies") or []
        exact = [c for c in companies if name_key(current_name(c) or "") == name_key(query.name) and not c.get("endDate")]
        return parse_company(exact[0], today) if len(exact) == 1 else None

    def _one(self, number: str, today: datetime.date) -> CompanyFacts:
        response = self.client.get("/companies", {"businessId": number}, ok=frozenset({200, 404}))
        companies = (response.json().get("companies") or []) if response.status_code == 200 else []
        match = next((c for c in companies if (c.get("businessId") or {}).get("value") == number), None)
        if match is None:
            return CompanyFacts(country="FI", org_id=number, status="not_found", fetched=today, source=NAME)
        return parse_company(match, today)


def current_name(company: dict) -> str | None:
    names = company.get("names") or []
    live = [n for n in names if not n.get("endDate")]
    main = next((n for n in live if str(n.get("type")) == "1"), None) or (live[0] if live else None)
    return (main or (names[0] if names else {})).get("name")


def parse_company(company: dict, today: datetime.date) -> CompanyFacts:
    """A company as PRH sends it, as ``CompanyFacts``."""
    status: Status = "active"
    since: datetime.date | None = None
    if company.get("endDate"):
        status, since = "dissolved", _date(company.get("endDate"))
    else:
        for situation in company.get("companySituations") or []:
            kind = _SITUATIONS.get(str(situation.get("type")))
            if kind and not situation.get("endDate"):
                status, since = kind, _date(situation.get("registrationDate"))
                break
    line = company.get("mainBusinessLine") or {}
    texts = {_LANGUAGES[d["languageCode"]]: d["description"] for d in line.get("descriptions") or []
             if str(d.get("languageCode")) in _LANGUAGES and d.get("description")}
    addresses = sorted(company.get("addresses") or [], key=lambda a: (a.get("endDate") is not None, a.get("type") != 1))
    address = addresses[0] if addresses else {}
    offices = address.get("postOffices") or []
    office = next((o for o in offices if str(o.get("languageCode")) == "1"), offices[0] if offices else {})
    street = " ".join(filter(None, [address.get("street"), address.get("buildingNumber")])) or None
    return CompanyFacts(
        country="FI", org_id=(company.get("businessId") or {}).get("value", ""), status=status, since=since,
        name=current_name(company), industry_code=str(line["type"]) if line.get("type") is not None else None,
        industry=texts, street=street, postal_code=address.get("postCode"),
        city=(office.get("city") or "").title() or None, municipality=None,
        registered=_date((company.get("businessId") or {}).get("registrationDate") or company.get("registrationDate")),
        website=(company.get("website") or {}).get("url"), fetched=today, source=NAME,
    )


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
