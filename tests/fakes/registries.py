"""Local fakes of the two open company registries, speaking their real wire formats.

``BrregFake`` — Brønnøysund's Enhetsregisteret (https://github.com/brreg/openAPI, specs/enhetsregisteret.yml):
``GET /enheter/{orgnr}`` (200 Enhet, 404 JSON error, 410 ``{organisasjonsnummer, slettedato, _links}``),
``GET /underenheter/{orgnr}``, ``GET /enheter?organisasjonsnummer=a,b&navn=&forretningsadresse.postnummer=
&size=&page=`` (HAL ``_embedded.enheter``, ``_links``, ``page``; no ``_embedded`` when nothing matched; at most
10,000 deep), and ``GET /oppdateringer/enheter?dato=|oppdateringsid=&size=`` (``_embedded.oppdaterteEnheter``).
Answers carry ``Content-Type: application/vnd.enhetsregisteret.enhet.v1+json;charset=UTF-8`` (or the list
type) as the real API does when asked with ``Accept: application/vnd.enhetsregisteret.v1+json``.

``PrhFake`` — PRH's YTJ open data API v3: ``GET /companies?businessId=|name=&postCode=`` →
``{"totalResults": N, "companies": [...]}``; 429 as ``text/plain`` past its per-minute limit.

Both take a latency range (each answer waits uniformly within it), a rate limit (``limit`` requests in any
``window`` seconds; 429 past it), and a number of answers to fail with 503 first; both count the requests
they served and the ones they refused.
"""

from __future__ import annotations

import datetime
import json
import random
import threading
import time
import urllib.parse
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BRREG_UNIT = "application/vnd.enhetsregisteret.enhet.v1+json;charset=UTF-8"
BRREG_LIST = "application/vnd.enhetsregisteret.enhet.v1+json;charset=UTF-8"
BRREG_UPDATES = "application/vnd.enhetsregisteret.oppdatering.enhet.v1+json;charset=UTF-8"


class _Fake:
    """A threaded HTTP server on a free loopback port; subclasses answer ``route(path, query)``."""

    def __init__(self, *, latency: tuple[float, float] = (0.0, 0.0), limit: int | None = None, window: float = 1.0,
                 fail_first: int = 0) -> None:
        self.latency, self.limit, self.window, self.fail_first = latency, limit, window, fail_first
        self.requests: list[str] = []
        self.limited = 0
        self._lock = threading.Lock()
        self._window: list[float] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                fake._serve(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        parsed = urllib.parse.urlsplit(handler.path)
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(parsed.query).items()}
        with self._lock:
            self.requests.append(handler.path)
            failing = self.fail_first > 0
            if failing:
                self.fail_first -= 1
            limited = False
            if self.limit is not None:
                now = time.monotonic()
                self._window = [t for t in self._window if now - t < self.window]
                limited = len(self._window) >= self.limit
                if not limited:
                    self._window.append(now)
        if self.latency[1] > 0:
            time.sleep(random.uniform(*self.latency))
        if limited:
            self.limited += 1
            status, content_type, body, headers = self.too_many()
        elif failing:
            status, content_type, body, headers = 503, "text/plain", b"Service Unavailable", {}
        else:
            status, content_type, body, headers = self.route(parsed.path, query, handler.headers)
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    def too_many(self):
        return 429, "application/json", b'{"status":429,"error":"Too Many Requests"}', {"Retry-After": "1"}

    def route(self, path: str, query: dict, headers) -> tuple[int, str, bytes, dict]:
        raise NotImplementedError  # each fake defines its own routes


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


class BrregFake(_Fake):
    """Enhetsregisteret with ``units`` (orgnr -> Enhet JSON), ``branches`` (Underenheter), ``removed``
    (orgnr -> slettedato, answered 410) and ``updates`` (the change feed, oldest first)."""

    def __init__(self, units: Iterable[dict] = (), *, branches: Iterable[dict] = (), removed: dict | None = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.units = {unit["organisasjonsnummer"]: unit for unit in units}
        self.branches = {unit["organisasjonsnummer"]: unit for unit in branches}
        self.removed = dict(removed or {})
        self.updates: list[dict] = []

    def change(self, orgnr: str, unit: dict | None = None, *, kind: str = "Endring") -> None:
        """Change a unit (or remove it with ``unit=None``) and add the change to the feed."""
        if unit is not None:
            self.units[orgnr] = unit
        number = len(self.updates) + 9_400_000
        self.updates.append({
            "oppdateringsid": number, "dato": f"{datetime.date(2026, 12, 1).isoformat()}T04:01:43.945Z",
            "organisasjonsnummer": orgnr, "endringstype": kind,
            "_links": {"enhet": {"href": f"{self.url}/enheter/{orgnr}"}},
        })

    def _links(self, unit: dict, kind: str = "enheter") -> dict:
        return {**unit, "_links": {"self": {"href": f"{self.url}/{kind}/{unit['organisasjonsnummer']}"}}}

    def route(self, path, query, headers):
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[0] in ("enheter", "underenheter"):
            store = self.units if parts[0] == "enheter" else self.branches
            number = parts[1]
            if number in store:
                return 200, BRREG_UNIT, _json(self._links(store[number], parts[0])), {}
            if parts[0] == "enheter" and number in self.removed:
                body = {"organisasjonsnummer": number, "slettedato": self.removed[number],
                        "_links": {"self": {"href": f"{self.url}/enheter/{number}"}}}
                return 410, BRREG_UNIT, _json(body), {}
            if not (number.isdigit() and len(number) == 9):
                return 400, "application/json", _json(self._error(400, "Bad Request", path)), {}
            return 404, "application/json", _json(self._error(404, "Not Found", path)), {}
        if parts == ["enheter"]:
            return 200, BRREG_LIST, _json(self._search(self.units, query, "enheter")), {}
        if parts == ["underenheter"]:
            return 200, BRREG_LIST, _json(self._search(self.branches, query, "underenheter")), {}
        if parts == ["oppdateringer", "enheter"]:
            return 200, BRREG_UPDATES, _json(self._updates(query)), {}
        return 404, "application/json", _json(self._error(404, "Not Found", path)), {}

    def _error(self, status: int, error: str, path: str) -> dict:
        return {"timestamp": "2026-12-01T10:00:00.000+00:00", "status": status, "error": error,
                "message": "Ingen enhet med organisasjonsnummer funnet" if status == 404 else "Ugyldig forespørsel",
                "path": f"/enhetsregisteret/api{path}"}

    def _page(self, items: list[dict], key: str, query: dict, path: str) -> dict:
        size = max(1, min(int(query.get("size", 20)), 10_000))
        page = int(query.get("page", 0))
        chunk = items[page * size:(page + 1) * size]
        body: dict = {"_links": {"self": {"href": f"{self.url}{path}"}},
                      "page": {"size": size, "totalElements": len(items),
                               "totalPages": (len(items) + size - 1) // size, "number": page}}
        if chunk:
            body["_embedded"] = {key: chunk}
        return body

    def _search(self, store: dict, query: dict, kind: str) -> dict:
        units = list(store.values())
        if "organisasjonsnummer" in query:
            wanted = set(query["organisasjonsnummer"].split(","))
            units = [u for u in units if u["organisasjonsnummer"] in wanted]
        if "navn" in query:
            words = query["navn"].casefold().split()
            units = [u for u in units if all(w in u["navn"].casefold() for w in words)]
        if "forretningsadresse.postnummer" in query:
            units = [u for u in units if (u.get("forretningsadresse") or {}).get("postnummer")
                     == query["forretningsadresse.postnummer"]]
        return self._page([self._links(u, kind) for u in units], kind, query, f"/{kind}")

    def _updates(self, query: dict) -> dict:
        updates = self.updates
        if "oppdateringsid" in query:
            start = int(query["oppdateringsid"])
            updates = [u for u in updates if u["oppdateringsid"] >= start]
        return self._page(updates, "oppdaterteEnheter", query, "/oppdateringer/enheter")


class PrhFake(_Fake):
    """YTJ v3 with ``companies`` (business id -> company JSON); 300 queries a minute by default, like PRH."""

    def __init__(self, companies: Iterable[dict] = (), *, limit: int | None = 300, window: float = 60.0,
                 **kwargs) -> None:
        super().__init__(limit=limit, window=window, **kwargs)
        self.companies = {c["businessId"]["value"]: c for c in companies}

    def too_many(self):
        return 429, "text/plain", b"Too Many Requests", {}

    def route(self, path, query, headers):
        if path.rstrip("/") != "/companies":
            return 404, "application/json", _json({"message": "Not found"}), {}
        found = list(self.companies.values())
        if "businessId" in query:
            found = [c for c in found if c["businessId"]["value"] == query["businessId"]]
        if "name" in query:
            words = query["name"].casefold().split()
            found = [c for c in found if any(all(w in n["name"].casefold() for w in words) for n in c["names"])]
        if "postCode" in query:
            found = [c for c in found if any(a.get("postCode") == query["postCode"] for a in c.get("addresses", []))]
        return 200, "application/json", _json({"totalResults": len(found), "companies": found[:100]}), {}


# --- Seed data: real shapes, made-up companies -------------------------------------------------------

def brreg_unit(orgnr: str, name: str, *, postnummer: str = "0150", poststed: str = "OSLO", kommune: str = "OSLO",
               naering: tuple[str, str] = ("62.010", "Programmeringstjenester"), ansatte: int | None = 12,
               **status) -> dict:
    """An Enhet as Enhetsregisteret's v1 answer has it; ``status`` adds konkurs/underAvvikling/slettedato…"""
    unit = {
        "organisasjonsnummer": orgnr, "navn": name,
        "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap",
                              "_links": {"self": {"href": "https://data.brreg.no/enhetsregisteret/api/organisasjonsformer/AS"}}},
        "hjemmeside": f"www.{name.split()[0].lower()}.no",
        "postadresse": {"land": "Norge", "landkode": "NO", "postnummer": postnummer, "poststed": poststed,
                        "adresse": ["Postboks 123"], "kommune": kommune, "kommunenummer": "0301"},
        "registreringsdatoEnhetsregisteret": "2011-05-04", "registrertIMvaregisteret": True,
        "naeringskode1": {"kode": naering[0], "beskrivelse": naering[1]},
        "harRegistrertAntallAnsatte": ansatte is not None,
        "forretningsadresse": {"land": "Norge", "landkode": "NO", "postnummer": postnummer, "poststed": poststed,
                               "adresse": ["Storgata 1"], "kommune": kommune, "kommunenummer": "0301"},
        "stiftelsedato": "2011-04-20", "registrertIForetaksregisteret": True, "registrertIStiftelsesregisteret": False,
        "registrertIFrivillighetsregisteret": False, "sisteInnsendteAarsregnskap": "2025",
        "konkurs": False, "underAvvikling": False, "underTvangsavviklingEllerTvangsopplosning": False,
        "maalform": "Bokmål",
    }
    if ansatte is not None:
        unit["antallAnsatte"] = ansatte
    unit.update(status)
    return unit


def prh_company(business_id: str, name: str, *, post_code: str = "00100", city: str = "HELSINKI",
                situations: Iterable[tuple[str, str]] = (), end_date: str | None = None) -> dict:
    """A company as YTJ v3 answers it; ``situations`` are (type, registrationDate), e.g. ("KONK", "2026-02-01")."""
    company = {
        "businessId": {"value": business_id, "registrationDate": "2006-10-11", "source": "3"},
        "euId": {"value": f"FIFPRO.{business_id}", "source": "1"},
        "names": [{"name": name, "type": "1", "registrationDate": "2006-10-11", "version": 1, "source": "1"}],
        "mainBusinessLine": {"type": "62010", "typeCodeSet": "TOIMI4", "registrationDate": "2006-10-11", "source": "2",
                             "descriptions": [{"languageCode": "1", "description": "Ohjelmistojen suunnittelu ja valmistus"},
                                              {"languageCode": "2", "description": "Programvaruutveckling"},
                                              {"languageCode": "3", "description": "Software development"}]},
        "website": {"url": f"www.{name.split()[0].lower()}.fi", "registrationDate": "2010-01-01", "source": "0"},
        "companyForms": [{"type": "16", "version": 1, "registrationDate": "2006-10-11", "source": "1",
                          "descriptions": [{"languageCode": "1", "description": "Osakeyhtiö"},
                                           {"languageCode": "2", "description": "Aktiebolag"},
                                           {"languageCode": "3", "description": "Limited company"}]}],
        "companySituations": [
            {"type": kind, "registrationDate": date, "source": "1",
             "descriptions": [{"languageCode": "3", "description": kind}]} for kind, date in situations
        ],
        "registeredEntries": [],
        "addresses": [{"type": 1, "street": "Mannerheimintie", "buildingNumber": "12", "postCode": post_code,
                       "postOffices": [{"city": city, "languageCode": "1", "municipalityCode": "091"}],
                       "registrationDate": "2015-01-01", "source": "0"}],
        "tradeRegisterStatus": "1", "status": "2", "registrationDate": "2006-10-11",
        "lastModified": "2026-10-01T10:00:00",
    }
    if end_date:
        company["endDate"] = end_date
    return company


def norwegian_orgnr(seed: int) -> str:
    """A valid 9-digit organisasjonsnummer (mod 11 with weights 3 2 7 6 5 4 3 2), from ``seed``."""
    prefix = 91_000_000 + seed * 7
    while True:
        digits = str(prefix)
        check = 11 - sum(int(d) * w for d, w in zip(digits, (3, 2, 7, 6, 5, 4, 3, 2))) % 11
        if check != 10:
            return digits + str(0 if check == 11 else check)
        prefix += 1


def finnish_business_id(seed: int) -> str:
    """A valid Y-tunnus (weights 7 9 10 5 8 4 2, mod 11), from ``seed``."""
    base = 1_000_000 + seed * 3
    while True:
        digits = f"{base:07d}"[-7:]
        total = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2)))
        rest = total % 11
        if rest != 1:
            return f"{digits}-{0 if rest == 0 else 11 - rest}"
        base += 1


# The companies every local stack's fakes know (the add-on's tests and the API tests use them).
LIVE_NO, DISSOLVED_NO, BANKRUPT_NO, LIQUIDATION_NO, REMOVED_NO, UNKNOWN_NO = (
    "923609016", "914778271", "910000004", "910000071", "910000144", "910000217")
LIVE_FI, BANKRUPT_FI, DISSOLVED_FI, UNKNOWN_FI = "2077474-0", "1000003-9", "1000006-3", "1000009-8"


def seeded_brreg(**kwargs) -> BrregFake:
    return BrregFake([
        brreg_unit(LIVE_NO, "FJORD FISK AS", postnummer="5003", poststed="BERGEN", kommune="BERGEN",
                   naering=("03.211", "Produksjon av laks og ørret i hav- og kystbasert akvakultur"), ansatte=23),
        brreg_unit(DISSOLVED_NO, "GAMLE BAKERI AS", slettedato="2025-03-14"),
        brreg_unit(BANKRUPT_NO, "KONKURS KONSULT AS", konkurs=True, konkursdato="2026-02-01"),
        brreg_unit(LIQUIDATION_NO, "AVVIKLING AS", underAvvikling=True, underAvviklingDato="2026-06-15"),
    ], removed={REMOVED_NO: "2019-11-30"}, **kwargs)


def seeded_prh(**kwargs) -> PrhFake:
    return PrhFake([
        prh_company(LIVE_FI, "Saimaan Ohjelmisto Oy", post_code="53100", city="LAPPEENRANTA"),
        prh_company(BANKRUPT_FI, "Konkurssi Oy", situations=[("KONK", "2026-04-01")]),
        prh_company(DISSOLVED_FI, "Lopetettu Oy", end_date="2024-12-31"),
    ], **kwargs)
