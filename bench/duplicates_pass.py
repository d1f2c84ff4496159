"""The one-call duplicate pass (``POST /v1/duplicates``) over HTTP at N rows, and where its time goes.

    python bench/duplicates_pass.py [--rows 200000] [--register addon|dedup_gen]

Starts the local stack (the real functions-framework server, SQLite), starts a clean job and posts the match
columns of N rows gzip-compressed, as addon/Clean.gs does for a register that fits one call; then times the
same work in this process step by step (field cleaning of the match columns, what the handler ran before
issue 12's split; the duplicate search; the answer's JSON). ``addon`` is the register of
tests/addon/node/large_register.test.js (every 1000th person twice); ``dedup_gen`` the realistic one of
bench/dedup_gen.py. Prints one JSON object with the machine's load. The pass of a register larger than one
call is measured by ``node bench/addon_quota.js`` (each call of the split pass).
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import orjson  # noqa: E402
import requests  # noqa: E402

from core.clean import clean  # noqa: E402
from core.dedup import find_duplicates  # noqa: E402
from core.models import CleanConfig  # noqa: E402
from tests.fakes.stack import Stack  # noqa: E402

HEADER = ["Förnamn", "Efternamn", "E-post", "Telefon", "Företag", "Gatuadress", "Postnummer", "Ort", "Födelsedatum"]
ROLES = ["given_name", "family_name", "email", "phone", "company", "street", "postal_code", "city", "birth_date"]
CITIES = [("11418", "Stockholm"), ("41319", "Göteborg"), ("21119", "Malmö"), ("75320", "Uppsala")]


def addon_register(n: int) -> tuple[list[str], list[str], list[list[str]]]:
    """The match columns of tests/addon/node/large_register.test.js's register, as the add-on sends them."""
    rows = []
    for i in range(1, n + 1):
        p = i - 400 if i % 1000 == 500 else i
        postal, city = CITIES[p % 4]
        rows.append([
            f"Förnamn{p}", f"Efternamn{p % 9973}",
            f" FORNAMN{p}.E{p % 9973}@EXEMPEL.SE " if i % 3 == 0 else f"fornamn{p}.e{p % 9973}@exempel.se",
            f"070-{str(2000000 + p)[:3]} {p % 100:02d} {p % 97:02d}",
            f"Firma {p % 311} AB" if p % 5 == 0 else "", f"Storgatan {p % 200}",
            postal if i % 2 else f"{postal[:3]} {postal[3:]}", city, ""])
    return HEADER, ROLES, rows


def dedup_gen_register(n: int) -> tuple[list[str], list[str], list[list[str]]]:
    from dedup_gen import generate

    table, _ = generate(n)
    header = ["Förnamn", "Efternamn", "Personnummer", "E-post", "Telefon", "Gatuadress", "Postnummer", "Ort"]
    roles = ["given_name", "family_name", "personal_id", "email", "phone", "street", "postal_code", "city"]
    return header, roles, [row[1:9] for row in table]


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, round(time.perf_counter() - start, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--register", choices=["addon", "dedup_gen"], default="addon")
    args = parser.parse_args()
    header, roles, rows = (addon_register if args.register == "addon" else dedup_gen_register)(args.rows)
    options = {"roles": {str(i): role for i, role in enumerate(roles)}, "country": "SE", "header_row": 1}
    out: dict = {"rows": args.rows, "register": args.register, "columns": len(header),
                 "load_before": os.getloadavg(), "cores": os.cpu_count()}

    stack = Stack(free_rows=0)
    info = stack.start()
    try:
        auth = {"Authorization": f"Bearer {info['token']}"}
        api = info["api_url"].rstrip("/")
        api = api[:-3] if api.endswith("/v1") else api
        job = requests.post(f"{api}/v1/jobs", json={"rows": 0, "label": "bench"}, headers=auth, timeout=60).json()
        body = gzip.compress(orjson.dumps({"header": header, "rows": rows, "options": options, "job_id": job["job_id"]}))
        out["request_bytes_gzip"] = len(body)
        reply, out["http_seconds"] = timed(lambda: requests.post(
            f"{api}/v1/duplicates", data=body, timeout=3600,
            headers={**auth, "Content-Type": "application/json", "Content-Encoding": "gzip"}))
        out["http_status"] = reply.status_code
        out["response_bytes"] = len(reply.content)
        answer = reply.json()
        out["clusters"] = len(answer.get("duplicates", []))
    finally:
        stack.stop()

    # The same work in this process, step by step.
    config = CleanConfig(roles=dict(enumerate(roles)), dedupe=False, today=datetime.date.today())
    cleaned, out["in_process_field_cleaning_seconds"] = timed(lambda: clean((header, rows), config))
    found, out["in_process_find_duplicates_seconds"] = timed(lambda: find_duplicates(header, rows, roles))
    _, out["in_process_answer_json_seconds"] = timed(lambda: orjson.dumps([c.model_dump() for c in found.clusters]))
    out["candidate_pairs"] = found.stats.get("candidate_pairs")
    out["load_after"] = os.getloadavg()
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
