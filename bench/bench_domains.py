"""E-mail domain checks on a large register: 100,000 rows over 5,000 distinct domains, cold and warm cache.

    python bench/bench_domains.py                # 100,000 rows, 5,000 domains
    python bench/bench_domains.py --rows 20000 --domains 1000

A real DNS server (dnslib, the tests' tests/fakes/dns_server.py) answers on 127.0.0.1: 2 % of the domains
do not exist, 1 % have a null MX, 1 % have nothing to deliver to, the rest have MX records. dnspython
asks it as it would ask a recursive resolver (32 look-ups at a time); the answers are cached in SQLite.
Prints the time of core.clean alone, of the DNS check cold and warm, and the machine's load.
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

from core import clean  # noqa: E402
from core.domains import domain_issues, email_domains  # noqa: E402
from functions.adapters.db import make_engine, migrate  # noqa: E402
from functions.domains import DomainChecker, make_resolver  # noqa: E402
from tests.fakes.dns_server import DnsServer  # noqa: E402

TODAY = datetime.date(2026, 12, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--domains", type=int, default=5_000)
    args = parser.parse_args()
    rng = random.Random(11)
    domains = [f"foretag{i}.se" for i in range(args.domains)]
    rows = [[f"Kund {i}", f"kund{i}@{rng.choice(domains)}"] for i in range(args.rows)]
    with DnsServer() as dns, tempfile.TemporaryDirectory() as folder:
        for i, domain in enumerate(domains):
            kind = {0: "nxdomain", 1: "nxdomain", 2: "null_mx", 3: "nodata"}.get(i % 100)
            if kind:
                dns.add(domain, kind)
        start = time.perf_counter()
        result = clean((["Namn", "E-post"], rows), {"dedupe": False})
        cleaned = time.perf_counter() - start
        engine = make_engine(f"sqlite:///{folder}/domains.db")
        migrate(engine)
        checker = DomainChecker(engine, make_resolver(dns.address))
        for label in ("cold", "warm"):
            start = time.perf_counter()
            verdicts = checker.verdicts(email_domains(result.rows, result.roles), TODAY)
            found = domain_issues(result.header, result.rows, result.roles, verdicts)
            seconds = time.perf_counter() - start
            print(f"{label} cache: {len(verdicts):,} domains, {len(found):,} cells flagged in {seconds:.1f} s "
                  f"({len(dns.queries):,} DNS questions so far); core.clean alone {cleaned:.1f} s; "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
