"""Burst of signed webhook calls against the real ``hooks`` server on PostgreSQL, then one flush.

Measures events/s and request latency (p50/p99, as the client sees it and as the server's handler took
it, from ``Server-Timing``) of receiving, and checks after a flush that no event was lost and none was
applied twice (re-deliveries are mixed into the burst). Starts its own PostgreSQL with the test suite's
helper (``tests.conftest.PostgresServer``; needs initdb/pg_ctl). The client keeps one HTTP/1.1
connection per thread (``http.client``) so that it costs the shared CPU as little as possible.

Run (one event per call, signed SendGrid; ``--provider mailgun`` for Mailgun's signature + token store;
``--per-request 10`` for batches)::

    .venv/bin/python -m bench.bench_hooks --events 2000 --clients 16
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import http.client
import json
import os
import pathlib
import random
import subprocess
import sys
import threading
import time

import requests
from cryptography.fernet import Fernet

from tests.conftest import PostgresServer, _pg_bin
from tests.core.webhooks.signing import ec_public_b64, sendgrid_request
from tests.fakes.google_tokens import GoogleTokens
from tests.fakes.sheets_api import SheetsApi
from tests.fakes.stack import free_port, stop_process

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHEET_ID = "1BenchHooksSheet0000000000000000000000000"


MAILGUN_KEY = "bench-mailgun-signing-key"
MAILGUN_KINDS = ["failed", "complained", "delivered", "failed-temporary", "opened"]


def _mailgun_call(i: int, email: str, now: dt.datetime):
    from core.webhooks.mailgun import sign
    from core.webhooks.models import WebhookRequest

    kind = MAILGUN_KINDS[i % len(MAILGUN_KINDS)]
    data = {"event": kind.split("-")[0], "id": f"mg{i}", "timestamp": now.timestamp(), "recipient": email,
            "message": {"headers": {"message-id": f"m{i}@mg.bench"}}}
    if kind.startswith("failed"):
        temporary = kind.endswith("temporary")
        data.update({"severity": "temporary" if temporary else "permanent", "reason": "generic" if temporary else "bounce",
                     "delivery-status": {"code": 452 if temporary else 550,
                                         "message": "4.2.2 mailbox full" if temporary else "5.1.1 no such user"}})
    stamp, token = str(int(now.timestamp())), f"{i:050d}"
    body = {"signature": {"timestamp": stamp, "token": token, "signature": sign(MAILGUN_KEY, stamp, token)},
            "event-data": data}
    return WebhookRequest("POST", "http://bench/", {"Content-Type": "application/json"}, json.dumps(body).encode())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--per-request", type=int, default=1, help="events per webhook call")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duplicates", type=float, default=0.1, help="share of calls sent twice")
    parser.add_argument("--provider", choices=("sendgrid", "mailgun"), default="sendgrid")
    args = parser.parse_args()

    pg = PostgresServer(_pg_bin())
    pg.start()
    tokens, sheets = GoogleTokens(), SheetsApi()
    tokens.start()
    sheets.start()
    process = None
    try:
        url = pg.create_database()
        work = pathlib.Path(pg.root)
        account_file = work / "sa.json"
        account_file.write_text(json.dumps(tokens.service_account_info()))
        env = {"RENSA_DATABASE_URL": url, "RENSA_SECRETS_KEY": Fernet.generate_key().decode(), "RENSA_SERVER_TIMING": "1",
               "RENSA_SHEETS_API_URL": sheets.url, "RENSA_SERVICE_ACCOUNT_FILE": str(account_file),
               "RENSA_KEY_PEPPER": "bench"}
        os.environ.update(env)
        from functions import adapters
        from functions.webhooks.flush import flush
        from functions.webhooks.store import get_store

        adapters.reset()
        db, store = adapters.get_db(), get_store()
        emails = [f"kund{i}@example.se" for i in range(args.events)]
        sheets.add(SHEET_ID, {"Kunder": [["Namn", "E-post"], *[[f"Kund {i}", e] for i, e in enumerate(emails)]]})
        account = db.create_account("bench")
        register = db.add_register(account, name="Kunder", spreadsheet_id=SHEET_ID, sheet="Kunder", header_row=1,
                                   status_column="Rensa status")
        secrets = {"public_key": ec_public_b64(0)} if args.provider == "sendgrid" else {"signing_key": MAILGUN_KEY}
        if args.provider == "mailgun":
            args.per_request = 1  # Mailgun sends one event per call
        connection = store.add_connection(account, register_id=register["id"], provider=args.provider,
                                          email_column="E-post", secrets=secrets)

        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "functions_framework", "--target", "hooks", "--source", str(ROOT / "functions" / "main.py"),
             "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env={**os.environ, "THREADS": "16", **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        path = f"/v1/hooks/{args.provider}/{connection['id']}"
        base = f"http://127.0.0.1:{port}{path}"
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(base, timeout=2)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

        now = dt.datetime.now(dt.UTC)
        kinds = ["bounce", "spamreport", "delivered", "deferred", "open"]
        calls = []
        for start in range(0, args.events, args.per_request):
            if args.provider == "mailgun":
                calls.append(_mailgun_call(start, emails[start], now))
                continue
            batch = [{"email": emails[i], "timestamp": int(now.timestamp()), "event": kinds[i % len(kinds)],
                      "type": "bounce", "sg_event_id": f"ev{i}", "sg_message_id": f"m{i}"}
                     for i in range(start, min(start + args.per_request, args.events))]
            calls.append(sendgrid_request(json.dumps(batch).encode() + b"\r\n", at=now))
        replays = random.Random(5).sample(calls, int(len(calls) * args.duplicates))
        burst = calls + replays
        random.Random(7).shuffle(burst)

        local = threading.local()

        def send(call):
            if not hasattr(local, "conn"):
                local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            t0 = time.perf_counter()
            local.conn.request("POST", path, body=call.body, headers=call.headers)
            response = local.conn.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                local.conn.close()
                del local.conn
            timing = response.getheader("Server-Timing", "app;dur=nan")
            return time.perf_counter() - t0, response.status, float(timing.split("dur=")[1]) / 1000

        t0 = time.perf_counter()
        with cf.ThreadPoolExecutor(args.clients) as pool:
            results = list(pool.map(send, burst))
        elapsed = time.perf_counter() - t0
        latencies = sorted(t for t, _, _ in results)
        handler = sorted(h for _, _, h in results)
        statuses = {s for _, s, _ in results}
        sent_events = len(burst) if args.provider == "mailgun" else sum(len(json.loads(c.body)) for c in burst)

        stored = store.counts(connection["id"])
        t1 = time.perf_counter()
        summary = flush(store, db, adapters.get_sheets(), connection["id"])
        flush_seconds = time.perf_counter() - t1
        second = flush(store, db, adapters.get_sheets(), connection["id"])
        grid = sheets.grid(SHEET_ID, "Kunder")
        flagged_rows = sum(1 for row in grid[1:] if len(row) > 2 and row[2].startswith("Do not send"))
        flagging = ("bounce", "spamreport") if args.provider == "sendgrid" else ("failed", "complained")
        expected_flags = sum(1 for i in range(args.events)
                             if (kinds if args.provider == "sendgrid" else MAILGUN_KINDS)[i % len(kinds)] in flagging)
        writes = sum(1 for _, p in sheets.log if p.endswith("values:batchUpdate"))
        out = {
            "provider": args.provider, "per_request": args.per_request,
            "calls": len(burst), "events_sent": sent_events, "unique_events": args.events, "clients": args.clients,
            "seconds": round(elapsed, 2), "events_per_s": round(sent_events / elapsed, 1),
            "calls_per_s": round(len(burst) / elapsed, 1),
            "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
            "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1), "statuses": sorted(statuses),
            "server_p50_ms": round(handler[len(handler) // 2] * 1000, 1),
            "server_p99_ms": round(handler[int(len(handler) * 0.99) - 1] * 1000, 1),
            "stored_pending": stored.get("pending", 0), "lost": args.events - stored.get("pending", 0),
            "flush": {k: summary[k] for k in ("applied", "recorded", "cells_written", "waiting")},
            "flush_seconds": round(flush_seconds, 2), "second_flush_cells": second["cells_written"],
            "flagged_rows": flagged_rows, "expected_flags": expected_flags, "sheet_write_batches": writes,
            "double_applied": store.counts(connection["id"]).get("applied", 0) - expected_flags,
            "load": os.getloadavg(),
        }
        print(json.dumps(out, indent=2))
    finally:
        if process is not None:
            stop_process(process)
        sheets.stop()
        tokens.stop()
        pg.stop()


if __name__ == "__main__":
    main()
