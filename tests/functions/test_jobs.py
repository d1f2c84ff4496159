"""Clean jobs over HTTP (issue 12): a price before the work, one reservation per job, chunks paid from it,
the rest released at the end; duplicates of a register larger than one call; usage in words."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

from tests.fakes.stack import ROOT
from tests.functions._api import Api

HEADER = ["Namn", "E-post", "Telefon", "Postnummer"]


def _people(n: int, start: int = 0) -> list[list[str]]:
    return [[f"Person {i}", f"p{i}@firma.se", "", ""] for i in range(start, start + n)]


def _grant(stack, account_id: str, rows: int) -> None:
    env = {**os.environ, "RENSA_DATABASE_URL": stack.database_url}
    subprocess.run([sys.executable, "-m", "functions.admin", "grant-credits", account_id, str(rows), "--reason", "test"],
                   cwd=ROOT, env=env, capture_output=True, text=True, check=True)


def _money(rows: int, price: dict) -> str:
    minor = round(rows * price["pack_minor"] / price["pack_rows"])
    return f"{minor // 100}.{minor % 100:02d} {price['currency']}"


def test_quote_prices_free_rows_then_credits_and_holds_nothing(stack):
    api = Api(stack)
    token = api.new_user()
    quote = api.call("POST", "/v1/quotes", {"rows": 700, "rows_unchanged": 30}, token=token).body
    assert {k: quote[k] for k in ("rows", "free_rows", "credit_rows", "covered", "rows_coverable", "shortfall")} == {
        "rows": 700, "free_rows": 500, "credit_rows": 200, "covered": False, "rows_coverable": 500, "shortfall": 200}
    price = quote["price"]  # the team's currency, at the price of its smallest credit pack
    shortfall = _money(200, price)
    assert price["shortfall_text"] == shortfall
    assert quote["sentence"] == (
        f"This clean costs 700 rows: 500 rows free. 200 rows are not covered ({shortfall}): buy credits, or clean "
        "only the rows that are covered. 30 rows unchanged since the last clean cost nothing.")
    account = api.call("GET", "/v1/usage", token=token).body
    assert (account["free_rows_left"], account["credits_left"]) == (500, 0)
    _grant(stack, account["account_id"], 300)
    covered = api.call("POST", "/v1/quotes", {"rows": 700}, token=token).body
    assert (covered["covered"], covered["free_rows_left_after"], covered["credits_left_after"]) == (True, 0, 100)
    assert covered["sentence"] == (
        f"This clean costs 700 rows: 500 rows free, 200 rows from credits. Credits used: {_money(200, price)}.")
    nothing = api.call("POST", "/v1/quotes", {"rows": 0, "rows_unchanged": 12}, token=token).body
    assert nothing["sentence"] == "Nothing to pay: the 12 rows are unchanged since Rensa last cleaned them."


def test_a_job_not_covered_does_not_start_and_holds_nothing(stack):
    api = Api(stack)
    token = api.new_user()
    refused = api.call("POST", "/v1/jobs", {"rows": 4000, "label": "Kunder"}, token=token)
    assert (refused.status, refused.body["code"]) == (402, "billing.limit_reached")
    assert refused.body["message"].startswith("This clean costs 4,000 rows: 500 rows free. 3,500 rows are not covered")
    usage = api.call("GET", "/v1/usage", token=token).body
    assert (usage["free_rows_left"], usage["rows_this_period"]) == (500, 0)


def test_a_job_reserves_at_start_chunks_use_it_and_finish_releases_the_rest(stack):
    api = Api(stack)
    token = api.new_user()
    job = api.call("POST", "/v1/jobs", {"rows": 400, "label": "Kunder", "job_key": "1234abcd-job"}, token=token)
    assert (job.status, job.body["rows_reserved"], job.body["state"]) == (201, 400, "running")
    assert job.body["usage"]["free_rows_left"] == 100  # held for the job: no other call can spend it
    again = api.call("POST", "/v1/jobs", {"rows": 400, "label": "Kunder", "job_key": "1234abcd-job"}, token=token)
    assert again.body["job_id"] == job.body["job_id"] and again.body["usage"]["free_rows_left"] == 100
    job_id = job.body["job_id"]
    # While the job holds 400 of the 500 free rows, a plain 200-row clean is refused (the job is safe).
    assert api.call("POST", "/v1/clean", {"header": HEADER, "rows": _people(200)}, token=token).status == 402
    chunk = {"header": HEADER, "rows": _people(150), "job_id": job_id, "idempotency_key": f"{job_id}:0",
             "options": {"dedupe": False}}
    first = api.call("POST", "/v1/clean", chunk, token=token).body["usage"]
    replay = api.call("POST", "/v1/clean", chunk, token=token).body["usage"]
    assert (first["rows_charged"], first["replayed"]) == (150, False)
    assert (replay["rows_charged"], replay["replayed"]) == (0, True)
    second = {**chunk, "rows": _people(100, 150), "idempotency_key": f"{job_id}:1"}
    assert api.call("POST", "/v1/clean", second, token=token).body["usage"]["rows_charged"] == 100
    done = api.call("POST", f"/v1/jobs/{job_id}/finish", {}, token=token).body
    assert {k: done[k] for k in ("state", "rows_used", "free_rows", "credit_rows", "rows_released")} == {
        "state": "finished", "rows_used": 250, "free_rows": 250, "credit_rows": 0, "rows_released": 150}
    assert done["usage"]["free_rows_left"] == 250
    twice = api.call("POST", f"/v1/jobs/{job_id}/finish", {}, token=token).body
    assert twice["usage"]["free_rows_left"] == 250 and "rows_released" not in twice
    ended = api.call("POST", "/v1/clean", {**second, "idempotency_key": f"{job_id}:2"}, token=token)
    assert (ended.status, ended.body["code"]) == (409, "job.ended")
    usage = api.call("GET", "/v1/usage", token=token).body
    assert usage["rows_this_period"] == 250
    assert usage["words"]["lines"][0].endswith(": cleaned 250 rows of Kunder (free)")
    assert usage["words"]["last_clean"].startswith("Last clean: 250 rows of Kunder on ")
    assert usage["words"]["month"].endswith(": 250 rows cleaned; 250 of 500 free rows left; 0 credits left.")


def test_cancel_releases_and_says_so(stack):
    api = Api(stack)
    token = api.new_user()
    account = api.call("GET", "/v1/usage", token=token).body["account_id"]
    _grant(stack, account, 1000)
    job_id = api.call("POST", "/v1/jobs", {"rows": 1200, "label": "Medlemmar"}, token=token).body["job_id"]
    body = {"header": HEADER, "rows": _people(600), "job_id": job_id, "idempotency_key": f"{job_id}:0",
            "options": {"dedupe": False}}
    assert api.call("POST", "/v1/clean", body, token=token).body["usage"]["rows_charged"] == 600
    cancelled = api.call("POST", f"/v1/jobs/{job_id}/finish", {"cancelled": True}, token=token).body
    assert {k: cancelled[k] for k in ("state", "rows_used", "free_rows", "credit_rows", "rows_released")} == {
        "state": "cancelled", "rows_used": 600, "free_rows": 500, "credit_rows": 100, "rows_released": 600}
    assert cancelled["usage"]["credits_left"] == 900
    line = api.call("GET", "/v1/usage", token=token).body["words"]["lines"][0]
    price = api.call("POST", "/v1/quotes", {"rows": 1}, token=token).body["price"]
    assert line.endswith(f": cleaned 600 rows of Medlemmar (500 free, 100 from credits ({_money(100, price)})), cancelled half way")


def test_duplicates_of_a_register_larger_than_one_call_from_gzipped_match_columns(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    n = 25_000  # more than the 20,000 rows one /v1/clean call takes
    rows = [[f"Person{i} Efternamn{i % 977}", f"person{i}@firma{i % 50}.se"] for i in range(n)]
    rows.append(["Person7 Efternamn7", "PERSON7@firma7.se"])  # a duplicate of row 8, far from it
    job_id = api.call("POST", "/v1/jobs", {"rows": 0, "label": "Stort"}, token=token).body["job_id"]
    body = {"header": ["Namn", "E-post"], "rows": rows, "job_id": job_id,
            "options": {"roles": {"0": "full_name", "1": "email"}, "header_row": 1}}
    raw = json.dumps(body).encode()
    packed = gzip.compress(raw)
    assert len(packed) * 4 < len(raw)
    answer = api.call("POST", "/v1/duplicates", headers={"Content-Encoding": "gzip"}, data=packed, token=token)
    assert answer.status == 200, answer.body
    assert answer.body["rows"] == n + 1 and answer.body["roles"] == ["full_name", "email"]
    clusters = [c for c in answer.body["duplicates"] if n + 1 in c["rows"]]
    assert [(c["rows"], c["survivor"], c["band"]) for c in clusters] == [([8, n + 1], 8, "sure")]
    assert answer.body["usage"]["rows_charged"] == 0  # part of the job
    bomb = gzip.compress(b" " * 300_000_000)
    too_big = api.call("POST", "/v1/duplicates", headers={"Content-Encoding": "gzip"}, data=bomb, token=token)
    assert (too_big.status, too_big.body["code"]) == (413, "request.too_large")


def test_connect_refuses_a_tool_without_the_secret_it_signs_with(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    tools = api.call("GET", "/v1/providers", token=token).body["providers"]
    mailgun = next(t for t in tools if t["provider"] == "mailgun")
    assert mailgun["secret"]["label"] == "Mailgun's HTTP webhook signing key"
    assert mailgun["secret"]["where"] == "under Sending → Webhooks"
    assert next(t for t in tools if t["provider"] == "postmark")["secret"] is None
