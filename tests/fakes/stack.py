"""The local stack: Google token fake + Sheets API fake + Stripe fake + the real functions-framework ``api`` and
``hooks`` servers.

``python -m tests.fakes.stack`` starts all three on free loopback ports (SQLite in a temp folder), prints
ONE JSON line and serves until killed (SIGTERM/SIGINT)::

    {"api_url", "hooks_url", "sheets_url", "tokens_url", "stripe_url", "audience", "token", "token_b", "token_c",
     "token_expired", "token_foreign", "service_account_email", "spreadsheet_id", "sheet"}

``token``/``token_b``/``token_c`` are ID tokens of three different Google users (valid for 12 hours;
``token_c`` is ``carl@example.com``, never signed in: invite him to a team). Billing is on: the Stripe fake
(``tests/fakes/stripe_api.py``) takes the server's SDK calls and sends signed webhooks to the hooks target;
other processes pay a Checkout Session at its ``url`` or with ``POST {stripe_url}/_fake/sessions/{id}/pay``. A sample
spreadsheet (``spreadsheet_id``, tab ``sheet``) is in the Sheets fake; change it with the fake's
``/_fake/...`` control endpoints (see ``tests/fakes/sheets_api.py``).
Options: ``--database-url URL`` (e.g. a PostgreSQL URL) and ``--free-rows N``.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import pathlib
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from tests.fakes.dns_server import DnsServer
from tests.fakes.google_tokens import DEFAULT_AUDIENCE, GoogleTokens
from tests.fakes.registries import seeded_brreg, seeded_prh
from tests.fakes.sheets_api import SheetsApi
from tests.fakes.stripe_api import StripeApi

ROOT = pathlib.Path(__file__).resolve().parents[2]

SAMPLE_ID = "1RensaSampleSheet0000000000000000000000000"
SAMPLE = [
    ["Namn", "E-post", "Telefon", "Postnummer", "Ort"],
    ["Anna Berg", "ANNA.BERG@GMAIL.COM", "070-123 45 67", "11418", "Stockholm"],
    ["Björn Ek", "bjorn.ek@hotmial.com", "+46 8 123 456 78", "411 05", "Göteborg"],
    ["anna berg", "anna.berg@gmail.com", "0701234567", "114 18", "stockholm"],
    ["Kari Nordmann", "kari@firma.no", "+47 912 34 567", "0150", "Oslo"],
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, *, timeout: float = 60, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {timeout} s")


def start_api(env: dict[str, str], *, port: int | None = None, log_path: pathlib.Path | None = None,
              target: str = "api") -> tuple[subprocess.Popen, str]:
    """Start the real ``functions-framework --target api`` (or ``hooks``) server; returns (process, base URL) once healthy."""
    port = port or free_port()
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "functions_framework", "--target", target, "--source", str(ROOT / "functions" / "main.py"),
         "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env={**os.environ, "THREADS": "8", **env}, stdout=log, stderr=log, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/v1/health", process=process)
    except RuntimeError:
        stop_process(process)
        raise
    return process, url


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Stack:
    """Fakes + API server; ``start()`` returns the info dict, ``stop()`` ends everything it started."""

    def __init__(self, *, database_url: str | None = None, free_rows: int = 500, workdir: str | None = None, extra_env: dict | None = None) -> None:
        self.workdir = pathlib.Path(workdir or tempfile.mkdtemp(prefix="rensa-stack-"))
        self.database_url = database_url or f"sqlite:///{self.workdir / 'rensa.db'}"
        self.free_rows = free_rows
        self.extra_env = extra_env or {}
        self.tokens = GoogleTokens()
        self.sheets = SheetsApi(token_valid=lambda token: token in self.tokens.access_tokens)
        self.stripe = StripeApi()
        self.brreg, self.prh = seeded_brreg(), seeded_prh(limit=None)  # company registries (tests/fakes/registries.py)
        self.dns = DnsServer()  # every domain accepts mail unless a test says otherwise (dns.add)
        self.process: subprocess.Popen | None = None
        self.hooks_process: subprocess.Popen | None = None
        self.hooks_port = free_port()
        self.info: dict = {}

    def env(self) -> dict[str, str]:
        account_file = self.workdir / "service-account.json"
        account = self.tokens.service_account_info()
        account_file.write_text(json.dumps(account))
        return {
            "RENSA_DATABASE_URL": self.database_url,
            "RENSA_OAUTH_CLIENT_IDS": f"{DEFAULT_AUDIENCE},second-client.apps.googleusercontent.com",
            "RENSA_GOOGLE_CERTS_URL": self.tokens.certs_url,
            "RENSA_SHEETS_API_URL": self.sheets.url,
            "RENSA_SERVICE_ACCOUNT_FILE": str(account_file),
            "RENSA_KEY_PEPPER": secrets.token_hex(16),
            "RENSA_FREE_ROWS_PER_MONTH": str(self.free_rows),
            "RENSA_SECRETS_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),  # a Fernet key
            "RENSA_HOOKS_BASE_URL": f"http://127.0.0.1:{self.hooks_port}",
            "RENSA_DNS_SERVERS": self.dns.address,
            "RENSA_STRIPE_SECRET_KEY": self.stripe.secret_key,
            "RENSA_STRIPE_WEBHOOK_SECRET": self.stripe.webhook_secret,
            "RENSA_STRIPE_API_BASE": self.stripe.url,
            "RENSA_CREDIT_PACKS": "1000:SEK:49,10000:SEK:149,50000:SEK:590,10000:EUR:14",
            "RENSA_STRIPE_METERED_PRICE": "price_test_rensa_monthly",
            "RENSA_BRREG_URL": self.brreg.url,
            "RENSA_PRH_URL": self.prh.url,
            **self.extra_env,
        }

    def start(self) -> dict:
        self.tokens.start()
        self.sheets.start()
        self.brreg.start()
        self.prh.start()
        self.sheets.add(SAMPLE_ID, {"Kunder": SAMPLE})
        self.stripe.start()
        self.dns.start()
        self.stripe.webhook_url = f"http://127.0.0.1:{self.hooks_port}/v1/hooks/stripe"
        env = self.environment = self.env()  # kept: tests derive server-side keys from the pepper
        self.process, api_url = start_api(env, log_path=self.workdir / "api.log")
        # After the api server: it has run the migrations, so the two never migrate at once.
        self.hooks_process, hooks_url = start_api(env, port=self.hooks_port, log_path=self.workdir / "hooks.log",
                                                  target="hooks")
        self.info = {
            "api_url": api_url,
            "hooks_url": hooks_url,
            "sheets_url": self.sheets.url,
            "tokens_url": self.tokens.url,
            "stripe_url": self.stripe.url,
            "audience": DEFAULT_AUDIENCE,
            "token": self.tokens.mint("google-sub-a", email="anna@example.com", lifetime=12 * 3600),
            "token_b": self.tokens.mint("google-sub-b", email="bo@example.com", lifetime=12 * 3600),
            "token_c": self.tokens.mint("google-sub-c", email="carl@example.com", lifetime=12 * 3600),
            "token_expired": self.tokens.mint("google-sub-a", issued_at=int(time.time()) - 7200, lifetime=3600),
            "token_foreign": self.tokens.mint("google-sub-a", signer="foreign"),
            "service_account_email": json.loads(pathlib.Path(env["RENSA_SERVICE_ACCOUNT_FILE"]).read_text())["client_email"],
            "spreadsheet_id": SAMPLE_ID,
            "sheet": "Kunder",
            "log": str(self.workdir / "api.log"),
        }
        return self.info

    def stop(self) -> None:
        for process in (self.hooks_process, self.process):
            if process is not None:
                stop_process(process)
        self.sheets.stop()
        self.stripe.stop()
        self.brreg.stop()
        self.prh.stop()
        self.dns.stop()
        self.tokens.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.stack", description="Rensa's local test stack")
    parser.add_argument("--database-url")
    parser.add_argument("--free-rows", type=int, default=500)
    args = parser.parse_args()
    stack = Stack(database_url=args.database_url, free_rows=args.free_rows)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    try:
        print(json.dumps(stack.start()), flush=True)
        done.wait()
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
