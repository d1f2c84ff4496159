"""Memory of an api (or hooks) worker while unauthenticated clients send huge bodies (issue 11).

    .venv/bin/python bench/body_flood.py [--clients 20] [--mb 300] [--target api|hooks] [--chunked]

Starts the real functions-framework server (gunicorn, 8 threads, SQLite in a temporary folder), samples the
worker's resident memory every 50 ms while ``--clients`` connections each POST a ``--mb`` MB body (with a
Content-Length, or chunked with ``--chunked``) without credentials, and prints one JSON line: the worker's
RSS before, its peak while the bodies were refused, after, and what the clients were answered.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import socket
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.stack import start_api, stop_process  # noqa: E402


def _rss_kb(pid: int) -> int:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _worker(server_pid: int) -> int:
    """The gunicorn worker: the server process's child (or the server itself without gunicorn)."""
    for _ in range(50):
        children = pathlib.Path(f"/proc/{server_pid}/task/{server_pid}/children")
        pids = children.read_text().split() if children.exists() else []
        if pids:
            return int(pids[0])
        time.sleep(0.1)
    return server_pid


def _client(url: str, path: str, size: int, chunked: bool, answers: list) -> None:
    parts = urllib.parse.urlsplit(url)
    block = b"x" * (1 << 20)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=60) as sock:
            framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
            sock.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{framing}\r\n\r\n".encode())
            sent = 0
            try:
                while sent < size:
                    sock.sendall(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
                    sent += len(block)
            except OSError:
                pass  # answered and closed, or stopped reading
            head = sock.recv(200).split(b"\r\n", 1)[0].decode(errors="replace")
            answers.append((head, sent))
    except OSError as error:
        answers.append((type(error).__name__, 0))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--mb", type=int, default=300)
    parser.add_argument("--target", choices=["api", "hooks"], default="api")
    parser.add_argument("--chunked", action="store_true")
    args = parser.parse_args()
    folder = pathlib.Path(tempfile.mkdtemp(prefix="rensa-flood-"))
    env = {"RENSA_DATABASE_URL": f"sqlite:///{folder / 'rensa.db'}"}
    process, url = start_api(env, target=args.target)
    try:
        worker = _worker(process.pid)
        before = _rss_kb(worker)
        peak, done = [before], threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak.append(_rss_kb(worker))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        answers: list = []
        path = "/v1/clean" if args.target == "api" else "/v1/hooks/mailgun/hk_none"
        clients = [threading.Thread(target=_client, args=(url, path, args.mb << 20, args.chunked, answers))
                   for _ in range(args.clients)]
        started = time.monotonic()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        seconds = time.monotonic() - started
        time.sleep(0.5)
        done.set()
        sampler.join()
        after = _rss_kb(worker)
        print(json.dumps({
            "target": args.target, "clients": args.clients, "body_mb": args.mb, "chunked": args.chunked,
            "worker_rss_mb": {"before": round(before / 1024, 1), "peak": round(max(peak) / 1024, 1),
                              "after": round(after / 1024, 1)},
            "answers": sorted({a for a, _ in answers}), "mb_sent_per_client_max": max(s for _, s in answers) >> 20,
            "seconds": round(seconds, 2), "load": os.getloadavg()[0],
        }))
    finally:
        stop_process(process)


if __name__ == "__main__":
    main()
