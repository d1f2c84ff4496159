"""Latency and throughput of the HTTP API on the local stack (functions-framework + SQLite + the Sheets fake).

    python bench/bench_api.py [--rows 1000 10000] [--checks 300]

Measures ``POST /v1/clean`` at each size against calling ``core.clean`` directly in this process with the
same config (the target: within 1.3x, request to response; the client's JSON parse is reported apart), and ``POST /v1/check`` against a connected 10,000-row register (target: p95 <= 50 ms
once the register is in the instance's cache; the first, cold check is reported apart). Prints one JSON
object and writes it to bench/out/bench_api.json. The machine's load is part of the output.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import random
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import requests  # noqa: E402
from register_gen import generate  # noqa: E402

from core.clean import clean  # noqa: E402
from functions.request_models import CleanOptions  # noqa: E402
from tests.fakes.stack import Stack  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def config() -> dict:
    """What the server passes to ``core.clean`` for a body without options: the defaults and today (UTC)."""
    return {**CleanOptions().config([]), "today": datetime.datetime.now(datetime.UTC).date()}


def bench_clean(session, url, headers, rows_n: int, repeat: int, *, fresh: bool) -> dict:
    """Direct vs HTTP, interleaved. ``fresh``: a new register each repeat (both sides meet new values, as with a
    new sheet); otherwise the same register every time (both sides warm: core caches normalised values).

    Both sides get the same rows and the same ``CleanConfig`` (default options, today's UTC date). The HTTP
    time is request to response (the body read by the client included); the client's JSON parse of the
    answer is reported apart. Both run with the collector as Python sets it (the server no longer pauses it)."""

    def register(i: int):
        header, rows = generate(rows_n, seed=rows_n * 100 + (i if fresh else 0))
        return header, rows, json.dumps({"header": header, "rows": rows})

    server, parse = [], []

    def over_http(body):
        response = session.post(f"{url}/v1/clean", data=body, headers=headers, timeout=600)
        assert response.status_code == 200, response.text[:300]
        server.append(float(response.headers["Server-Timing"].split("dur=")[1]) / 1000)
        return response

    def answer_json(response):
        start = time.perf_counter()
        response.json()
        parse.append(time.perf_counter() - start)

    header, rows, body = register(-1)
    over_http(body)  # warm both processes (imports, first-use caches)
    clean((header, rows), config())
    direct, http = [], []
    server.clear()
    for i in range(repeat):  # interleaved, so load changes hit both sides alike
        header, rows, body = register(i)
        direct += timed(lambda header=header, rows=rows: clean((header, rows), config()), 1)
        start = time.perf_counter()
        response = over_http(body)
        http.append(time.perf_counter() - start)
        answer_json(response)
    return {
        "rows": rows_n,
        "data": "new register each call" if fresh else "same register (warm)",
        "request_bytes": len(body),
        "core_clean_s": round(statistics.median(direct), 3),
        "http_clean_s": round(statistics.median(http), 3),
        "ratio": round(statistics.median(http) / statistics.median(direct), 3),
        "server_handler_s": round(statistics.median(server), 3),
        "client_json_parse_s": round(statistics.median(parse), 4),
        "http_rows_per_s": round(rows_n / statistics.median(http)),
    }


def bench_check(stack, session, url, headers, register_rows: int, checks: int) -> dict:
    header, rows = generate(register_rows, seed=7, mess=0.0)
    stack.sheets.add("1BenchRegister000000000000", {"Kunder": [header, *rows]})
    created = session.post(f"{url}/v1/registers", json={"spreadsheet_id": "1BenchRegister000000000000", "sheet": "Kunder"}, headers=headers)
    register = created.json()["id"]
    rnd = random.Random(1)

    def record(i: int) -> list[str]:
        if i % 2:  # half are re-entries of existing customers, with typical noise
            row = list(rnd.choice(rows))
            row[0] = row[0].upper()
            return row
        return [f"ny.kund{i}@example.se", "070-555 12 34", "Ny", f"Kund{i}", "Storgatan 1", "111 22", "Stockholm", "", "SE"]

    def one(i: int) -> tuple[float, int]:
        start = time.perf_counter()
        response = session.post(f"{url}/v1/check", json={"header": header, "row": record(i), "register_id": register}, headers=headers)
        assert response.status_code == 200, response.text[:300]
        return time.perf_counter() - start, len(response.json()["matches"])

    cold, _ = one(0)
    results = [one(i) for i in range(1, checks + 1)]
    latencies = [r[0] for r in results]
    return {
        "register_rows": register_rows,
        "checks": checks,
        "cold_first_check_s": round(cold, 3),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "sequential_checks_per_s": round(len(latencies) / sum(latencies), 1),
        "share_with_matches": round(sum(1 for r in results if r[1]) / len(results), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--checks", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    stack = Stack(free_rows=10**9, extra_env={"RENSA_REGISTER_CACHE_SECONDS": "3600", "RENSA_SERVER_TIMING": "1"})
    info = stack.start()
    try:
        session = requests.Session()
        headers = {"Authorization": f"Bearer {info['token']}", "Content-Type": "application/json"}
        report = {
            "load_before": os.getloadavg(),
            "cpus": os.cpu_count(),
            "clean": [
                bench_clean(session, info["api_url"], headers, n, args.repeat, fresh=fresh)
                for n in args.rows for fresh in (True, False)
            ],
            "check": bench_check(stack, session, info["api_url"], headers, 10000, args.checks),
            "load_after": os.getloadavg(),
        }
    finally:
        stack.stop()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_api.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
