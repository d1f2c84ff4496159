"""Stripe billing through the real servers and the Stripe fake: webhook grants, the meter report, team lookup.

1. ``--events`` paid Checkout Sessions (one per pack bought, over ``--accounts`` teams) delivered to
   ``POST /v1/hooks/stripe`` by ``--clients`` concurrent senders, then every event delivered again: events/s,
   p50/p99 as the sender sees it, and the check that each session was granted exactly once.
2. ``--lines`` unreported monthly ledger lines, sent by one ``POST /v1/hooks/report-usage``: lines/s, and the
   check that the fake holds each line once.
3. ``GET /v1/usage`` with a Google ID token (the team is looked up on every call) and with an API key: p50.

Run (SQLite; ``--postgres`` starts a PostgreSQL with the test suite's helper)::

    .venv/bin/python -m bench.bench_billing --events 400 --clients 8 --lines 500
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import json
import os
import statistics
import time

import requests
from sqlalchemy import insert, update

from functions.adapters.db import make_engine
from functions.schema import accounts, usage_ledger
from tests.fakes.stack import Stack

SCHEDULER = "bench-scheduler-token"


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=400)
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    pg = None
    url = None
    if args.postgres:
        from tests.conftest import PostgresServer, _pg_bin

        pg = PostgresServer(_pg_bin())
        pg.start()
        url = pg.create_database()
    stack = Stack(database_url=url, extra_env={"RENSA_SCHEDULER_TOKEN": SCHEDULER})
    info = stack.start()
    stripe = stack.stripe
    try:
        tokens = [stack.tokens.mint(f"bench-{i}", email=f"bench{i}@example.se", lifetime=3600) for i in range(args.accounts)]
        session = requests.Session()

        def checkout(token: str) -> str:
            answer = session.post(info["api_url"] + "/v1/billing/checkout", json={"pack": "1000"},
                                  headers={"Authorization": f"Bearer {token}"}, timeout=60)
            answer.raise_for_status()
            return answer.json()["session_id"]

        sessions = [checkout(tokens[i % len(tokens)]) for i in range(args.events)]
        events = []
        for sid in sessions:
            obj = {**stripe.objects[sid], "status": "complete", "payment_status": "paid"}
            events.append(stripe.event("checkout.session.completed", obj))

        def send(event):
            start = time.perf_counter()
            delivery = stripe.deliver(event)
            return time.perf_counter() - start, delivery["answer"].get("outcome")

        for label in ("first delivery", "redelivery"):
            started = time.perf_counter()
            with cf.ThreadPoolExecutor(args.clients) as pool:
                results = list(pool.map(send, events))
            wall = time.perf_counter() - started
            latencies = [r[0] * 1000 for r in results]
            outcomes = {o: sum(1 for r in results if r[1] == o) for o in {r[1] for r in results}}
            print(json.dumps({"webhooks": label, "events": len(events), "events_per_s": round(len(events) / wall, 1),
                              "p50_ms": round(statistics.median(latencies), 1), "p99_ms": round(_pct(latencies, 0.99), 1),
                              "outcomes": outcomes}))
        granted = sum(session.get(info["api_url"] + "/v1/usage", headers={"Authorization": f"Bearer {t}"},
                                  timeout=60).json()["credits_left"] for t in tokens)
        print(json.dumps({"credits_granted": granted, "expected": 1000 * args.events, "ok": granted == 1000 * args.events}))

        # the meter report: one monthly team with --lines unreported lines
        token = tokens[0]
        account = session.get(info["api_url"] + "/v1/usage", headers={"Authorization": f"Bearer {token}"}, timeout=60).json()["account_id"]
        customer = next(o["id"] for o in stripe.objects.values() if o["object"] == "customer"
                        and o["metadata"].get("account_id") == account)
        engine = make_engine(stack.database_url)
        now = dt.datetime.now(dt.UTC)
        with engine.begin() as conn:
            conn.execute(update(accounts).where(accounts.c.id == account).values(payment_mode="monthly"))
            conn.execute(insert(usage_ledger), [
                {"account_id": account, "created_at": now, "period": now.strftime("%Y-%m"), "kind": "usage",
                 "endpoint": "clean", "rows": 10, "free_rows": 0, "credit_rows": 0, "credits_delta": 0, "billed_rows": 10}
                for _ in range(args.lines)])
        engine.dispose()
        started = time.perf_counter()
        reported = 0
        while True:
            answer = requests.post(info["hooks_url"] + "/v1/hooks/report-usage",
                                   headers={"Authorization": f"Bearer {SCHEDULER}"}, timeout=600).json()
            reported += answer["reported"]
            if not answer["reported"] or answer["error"]:
                break
        wall = time.perf_counter() - started
        mine = [e for e in stripe.meter_events if e["payload"]["stripe_customer_id"] == customer]
        print(json.dumps({"report_usage_lines": reported, "lines_per_s": round(reported / wall, 1),
                          "meter_events": len(mine), "distinct_identifiers": len({e["identifier"] for e in mine}),
                          "ok": len(mine) == len({e["identifier"] for e in mine}) == args.lines}))

        # team lookup on every Google call vs an API key
        key = session.post(info["api_url"] + "/v1/api-keys", json={"name": "bench"},
                           headers={"Authorization": f"Bearer {token}"}, timeout=60).json()["key"]
        for label, header in (("google", f"Bearer {token}"), ("api_key", f"Bearer {key}")):
            times = []
            for _ in range(200):
                start = time.perf_counter()
                session.get(info["api_url"] + "/v1/usage", headers={"Authorization": header}, timeout=60).raise_for_status()
                times.append((time.perf_counter() - start) * 1000)
            print(json.dumps({"usage_get": label, "p50_ms": round(statistics.median(times), 2),
                              "p95_ms": round(_pct(times, 0.95), 2)}))
        print(json.dumps({"backend": "postgres" if args.postgres else "sqlite", "load": os.getloadavg()}))
    finally:
        stack.stop()
        if pg is not None:
            pg.stop()


if __name__ == "__main__":
    main()
