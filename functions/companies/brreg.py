"""Norway: Brønnøysundregistrene's Enhetsregisteret, open API (NLOD licence, no key).

``GET /enheter?organisasjonsnummer=a,b,…`` answers up to 100 main units at once (HAL: ``_embedded.enheter``
and ``page``); the numbers it does not return are asked the same way at ``/underenheter`` (a sheet may hold a
branch's number), and those neither list has are asked alone at ``/enheter/{orgnr}``: 404 is unknown, 410
removed from the open data (``slettedato``). ``/oppdateringer/enheter`` is the change feed that keeps the cache fresh: the first
call starts at a date, the next ones at the last ``oppdateringsid`` + 1 (Brønnøysund's own advice).
Spec: https://github.com/brreg/openAPI/blob/master/specs/enhetsregisteret.yml
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from core.companies import CompanyFacts, NameQuery, Status, name_key

from .http import RateLimiter, RegistryClient

ACCEPT = "application/vnd.enhetsregisteret.v1+json"
BATCH = 100
NAME = "Enhetsregisteret"


class Brreg:
    country = "NO"
    name = NAME

    def __init__(self, base_url: str, *, rate_per_second: float = 20.0, workers: int = 8,
                 client: RegistryClient | None = None) -> None:
        self.client = client or RegistryClient(
            base_url, limiter=RateLimiter(rate_per_second, burst=workers), headers={"Accept": ACCEPT})
        self.workers = workers

    def lookup_many(self, numbers: Iterable[str], today: datetime.date) -> dict[str, CompanyFacts]:
        """Facts for each number (9 digits); raises ``RegistryUnavailable`` when Brønnøysund does not answer."""
        wanted = list(dict.fromkeys(numbers))
        batches = [wanted[i:i + BATCH] for i in range(0, len(wanted), BATCH)]
        found: dict[str, CompanyFacts] = {}
        with ThreadPoolExecutor(self.workers) as pool:
            for answer in pool.map(lambda batch: self._batch("/enheter", "enheter", batch, today), batches):
                found.update(answer)
            missing = [number for number in wanted if number not in found]
            branches = [missing[i:i + BATCH] for i in range(0, len(missing), BATCH)]
            for answer in pool.map(lambda batch: self._batch("/underenheter", "underenheter", batch, today), branches):
                found.update(answer)
            # Neither list has them: asked alone, 410 tells a removed unit from an unknown number (404).
            missing = [number for number in wanted if number not in found]
            for number, facts in zip(missing, pool.map(lambda n: self._one(n, today), missing)):
                found[number] = facts
        return found

    def search(self, query: NameQuery, today: datetime.date) -> CompanyFacts | None:
        """The one live unit with exactly this name (legal form and case aside) at this postal code."""
        params = {"navn": query.name, "forretningsadresse.postnummer": query.postal_code, "size": "20"}
        units = self.client.get("/enheter", params).json().get("_embedded", {}).get("enheter", [])
        exact = [unit for unit in units if name_key(unit.get("navn", "")) == name_key(query.name)
                 and not unit.get("slettedato")]
        return parse_unit(exact[0], today) if len(exact) == 1 else None

    def changes_since(self, cursor: int | None, since: datetime.date) -> tuple[list[str], int | None]:
        """Numbers changed since ``cursor`` (the last ``oppdateringsid`` read) or, the first time, since
        ``since``; and the new cursor. Reads at most ten pages of 10,000; the next call goes on from there."""
        changed: list[str] = []
        last = cursor
        for _ in range(10):
            params = {"size": "10000"}
            if last is None:
                params["dato"] = f"{since.isoformat()}T00:00:00.000Z"
            else:
                params["oppdateringsid"] = str(last + 1)
            body = self.client.get("/oppdateringer/enheter", params).json()
            updates = body.get("_embedded", {}).get("oppdaterteEnheter", [])
            if not updates:
                break
            changed += [update["organisasjonsnummer"] for update in updates]
            last = max(int(update["oppdateringsid"]) for update in updates)
            if len(updates) < 10000:
                break
        return list(dict.fromkeys(changed)), last

    def _batch(self, path: str, key: str, numbers: list[str], today: datetime.date) -> dict[str, CompanyFacts]:
        params = {"organisasjonsnummer": ",".join(numbers), "size": str(len(numbers))}
        units = self.client.get(path, params).json().get("_embedded", {}).get(key, [])
        return {unit["organisasjonsnummer"]: parse_unit(unit, today) for unit in units}

    def _one(self, number: str, today: datetime.date) -> CompanyFacts:
        response = self.client.get("/enheter/" + number, ok=frozenset({200, 404, 410}))
        if response.status_code == 200:
            return parse_unit(response.json(), today)
        if response.status_code == 410:
            return CompanyFacts(country="NO", org_id=number, status="removed",
                                since=_date(response.json().get("slettedato")), fetched=today, source=NAME)
        return CompanyFacts(country="NO", org_id=number, status="not_found", fetched=today, source=NAME)


def parse_unit(unit: dict, today: datetime.date) -> CompanyFacts:
    """An Enhet or Underenhet as Brønnøysund sends it, as ``CompanyFacts``."""
    status: Status = "active"
    since: datetime.date | None = None
    if unit.get("slettedato") or unit.get("nedleggelsesdato"):
        status, since = "dissolved", _date(unit.get("slettedato") or unit.get("nedleggelsesdato"))
    elif unit.get("konkurs"):
        status, since = "bankrupt", _date(unit.get("konkursdato"))
    elif unit.get("underTvangsavviklingEllerTvangsopplosning"):
        status, since = "forced_dissolution", _date(
            unit.get("tvangsavvikletPgaManglendeSlettingDato") or unit.get("tvangsopplostPgaManglendeDagligLederDato")
            or unit.get("tvangsopplostPgaManglendeRevisorDato") or unit.get("tvangsopplostPgaManglendeRegnskapDato")
            or unit.get("tvangsopplostPgaMangelfulltStyreDato"))
    elif unit.get("underAvvikling"):
        status, since = "liquidation", _date(unit.get("underAvviklingDato"))
    address = unit.get("forretningsadresse") or unit.get("beliggenhetsadresse") or unit.get("postadresse") or {}
    industry = unit.get("naeringskode1") or {}
    return CompanyFacts(
        country="NO", org_id=unit["organisasjonsnummer"], status=status, since=since, name=unit.get("navn"),
        industry_code=industry.get("kode"), industry={"nb": industry["beskrivelse"]} if industry.get("beskrivelse") else {},
        employees=unit.get("antallAnsatte") if unit.get("harRegistrertAntallAnsatte", True) else None,
        street=", ".join(address.get("adresse") or []) or None, postal_code=address.get("postnummer"),
        city=(address.get("poststed") or "").title() or None, municipality=(address.get("kommune") or "").title() or None,
        registered=_date(unit.get("registreringsdatoEnhetsregisteret")), website=unit.get("hjemmeside"),
        fetched=today, source=NAME,
    )


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
