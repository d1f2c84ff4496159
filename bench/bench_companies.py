"""How long a register of companies takes to check against the registries (local fakes with real latency).

    python bench/bench_companies.py                 # 10,000 Norwegian companies, 300 Finnish ones
    python bench/bench_companies.py --no 2000 --fi 0

The fakes answer after 50-150 ms (uniform), as the real services do from Google Cloud's europe-north1.
Norway: Enhetsregisteret answers up to 100 numbers a request, so 10,000 companies are ~100 requests plus
one each for the numbers a batch does not return (removed or unknown). Finland: PRH has no batch look-up
and allows 300 requests a minute shared by all its users; Rensa keeps to 240 by default, so a cold
Finnish register costs a quarter of a second a company — the figure below is measured on --fi companies
and the minutes for 10,000 are that rate, not a guess. A warm cache (answers younger than 7 days) asks
nothing. Prints one line per step with the machine's load.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from functions.adapters.db import make_engine, migrate  # noqa: E402
from functions.companies import CompanyLookup, FactsCache  # noqa: E402
from functions.companies.brreg import Brreg  # noqa: E402
from functions.companies.prh import Prh  # noqa: E402
from tests.fakes import registries as fake  # noqa: E402

TODAY = datetime.date(2026, 12, 1)


def norwegian_register(count: int, rng: random.Random) -> tuple[list[dict], dict, list[list[str]]]:
    units, removed, rows = [], {}, []
    for i in range(count):
        number = fake.norwegian_orgnr(i)
        kind = rng.random()
        if kind < 0.05:
            removed[number] = "2020-01-01"
        elif kind < 0.08:
            pass  # unknown to the registry
        elif kind < 0.14:
            units.append(fake.brreg_unit(number, f"BEDRIFT {i} AS", slettedato="2025-03-14"))
        elif kind < 0.17:
            units.append(fake.brreg_unit(number, f"BEDRIFT {i} AS", konkurs=True, konkursdato="2026-01-01"))
        else:
            units.append(fake.brreg_unit(number, f"BEDRIFT {i} AS"))
        rows.append([f"Bedrift {i} AS", number, "0150", "Norge"])
    return units, removed, rows


def timed(label: str, lookup: CompanyLookup, rows: list[list[str]], country: str) -> None:
    start = time.perf_counter()
    found = lookup.check(["Firma", "Orgnr", "Postnr", "Land"], rows, ["company", "org_id", "postal_code", "country"],
                         country=country, today=TODAY)
    seconds = time.perf_counter() - start
    print(f"{label}: {len(rows):,} companies in {seconds:.1f} s ({len(rows) / seconds:,.0f}/s); "
          f"{found.summary.sentence} load {os.getloadavg()[0]:.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no", type=int, default=10_000)
    parser.add_argument("--fi", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    latency = (0.05, 0.15)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/cache.db")
        migrate(engine)
        if args.no:
            units, removed, rows = norwegian_register(args.no, rng)
            with fake.BrregFake(units, removed=removed, latency=latency) as brreg:
                lookup = CompanyLookup({"NO": Brreg(brreg.url)}, FactsCache(engine))
                timed("Norway, cold cache", lookup, rows, "NO")
                print(f"  {len(brreg.requests):,} requests to the fake", flush=True)
                timed("Norway, warm cache", lookup, rows, "NO")
        if args.fi:
            ids = [fake.finnish_business_id(i) for i in range(args.fi)]
            companies = [fake.prh_company(b, f"Yritys {i} Oy") for i, b in enumerate(ids)]
            with fake.PrhFake(companies, latency=latency) as prh:
                lookup = CompanyLookup({"FI": Prh(prh.url)}, FactsCache(engine))
                rows = [[f"Yritys {i} Oy", b, "00100", "Suomi"] for i, b in enumerate(ids)]
                start = time.perf_counter()
                timed("Finland, cold cache", lookup, rows, "FI")
                rate = args.fi / (time.perf_counter() - start)
                print(f"  {len(prh.requests):,} requests, {prh.limited} refused by the fake's 300/min limit; "
                      f"10,000 companies at this rate: {10_000 / rate / 60:.0f} min", flush=True)
                timed("Finland, warm cache", lookup, rows, "FI")


if __name__ == "__main__":
    main()
