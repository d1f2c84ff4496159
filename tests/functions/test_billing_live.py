"""Stripe billing over real HTTP: the real ``api`` and ``hooks`` servers (SQLite and PostgreSQL), the real
``stripe`` SDK inside them, and the Stripe fake (tests/fakes/stripe_api.py) that takes its calls and sends
signed webhooks. Every answer of the API is checked against functions/openapi.yaml."""

from __future__ import annotations

import concurrent.futures
import json
import time
import uuid

import pytest
import requests

from tests.conftest import STACK_ENV
from tests.fakes.stack import Stack
from tests.fakes.stripe_api import sign
from tests.functions._api import Api

SCHEDULER = "scheduler-token-for-tests"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def billing_stack(request):
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_server").create_database()
    running = Stack(database_url=url, extra_env={**STACK_ENV, "RENSA_SCHEDULER_TOKEN": SCHEDULER})
    running.start()
    running.backend = request.param
    yield running
    running.stop()


def person(stack) -> tuple[str, str]:
    """A Google user never seen before: (ID token, e-mail)."""
    email = f"p{uuid.uuid4().hex[:10]}@example.se"
    return stack.tokens.mint(f"sub-{uuid.uuid4().hex}", email=email, lifetime=3600), email


def rows(n: int, start: int = 0) -> list[list[str]]:
    return [[f"Person {i}", f"person{i}@example.se"] for i in range(start, start + n)]


def clean(api: Api, token: str, n: int, *, start: int = 0, dry_run: bool = False):
    return api.call("POST", "/v1/clean", {"header": ["Namn", "E-post"], "rows": rows(n, start), "dry_run": dry_run,
                                          "options": {"dedupe": False}}, token=token)


def buy(api: Api, stack, token: str, pack: str = "10000") -> dict:
    answer = api.call("POST", "/v1/billing/checkout", {"pack": pack}, token=token)
    assert answer.status == 201, answer.body
    return answer.body


def usage(api: Api, token: str) -> dict:
    return api.call("GET", "/v1/usage", token=token).body


def paid_event(stripe, session_id: str) -> dict:
    """A ``checkout.session.completed`` event for a paid session (without paying it on the fake)."""
    return stripe.event("checkout.session.completed",
                        {**stripe.objects[session_id], "status": "complete", "payment_status": "paid"})


def hooks_post(stack, path: str, **kwargs) -> requests.Response:
    return requests.post(stack.info["hooks_url"] + path, timeout=60, **kwargs)


def test_buy_a_pack_and_the_paid_webhook_grants_it_once(billing_stack):
    api, stripe = Api(billing_stack), billing_stack.stripe
    token, email = person(billing_stack)
    before = usage(api, token)
    assert (before["billing_enabled"], before["payment_mode"], before["currency"], before["credits_left"]) == (True, "credits", "SEK", 0)
    assert [(p["id"], p["rows"], p["price"], p["amount"]) for p in before["packs"]] == [
        ("1000", 1000, "49.00", 4900), ("10000", 10000, "149.00", 14900), ("50000", 50000, "590.00", 59000)]

    session = buy(api, billing_stack, token)
    assert (session["credits"], session["amount"], session["currency"]) == (10000, 14900, "SEK")
    assert session["url"] == f"{billing_stack.info['stripe_url']}/pay/{session['session_id']}"
    sent = next(r for r in stripe.requests if r["path"] == "/v1/checkout/sessions" and r["params"]["client_reference_id"] == before["account_id"])
    # what the SDK put on the wire: form fields with bracketed keys, an Idempotency-Key, the API version
    assert sent["params"]["mode"] == "payment"
    assert sent["params"]["metadata"]["credits"] == "10000"
    assert sent["params"]["line_items"] == [{"quantity": "1", "price_data": {
        "currency": "sek", "unit_amount": "14900", "product_data": {"name": "Rensa: 10,000 rows"}}}]
    assert sent["idempotency_key"] and sent["stripe_version"]
    customer = stripe.objects[sent["params"]["customer"]]
    assert (customer["email"], customer["metadata"]) == (email, {"account_id": before["account_id"]})
    assert usage(api, token)["credits_left"] == 0  # nothing before Stripe says it is paid

    [delivery] = stripe.pay(session["session_id"])
    assert (delivery["status"], delivery["answer"]["outcome"]) == (200, "granted")
    after = usage(api, token)
    assert after["credits_left"] == 10000
    assert after["recent"][0]["kind"] == "credit" and after["recent"][0]["credits_delta"] == 10000
    assert [(p["session_id"], p["status"], p["credits"], p["amount"]) for p in after["purchases"]] == [
        (session["session_id"], "paid", 10000, 14900)]

    # The same event delivered again (Stripe retries), and the session's second event: one grant.
    event = next(e for e in stripe.events if e["data"]["object"]["id"] == session["session_id"])
    again = stripe.deliver(event)
    assert (again["status"], again["answer"]["outcome"]) == (200, "duplicate")
    late = stripe.deliver(stripe.event("checkout.session.async_payment_succeeded", event["data"]["object"]))
    assert (late["status"], late["answer"]["outcome"]) == (200, "already_granted")
    with concurrent.futures.ThreadPoolExecutor(4) as pool:  # four deliveries of one new event at once
        same = stripe.event("checkout.session.completed", event["data"]["object"])
        outcomes = sorted(d["answer"]["outcome"] for d in pool.map(lambda _: stripe.deliver(same), range(4)))
    assert outcomes == ["already_granted", "duplicate", "duplicate", "duplicate"]
    assert usage(api, token)["credits_left"] == 10000

    # a body far beyond any Stripe event is refused before it is read
    huge = hooks_post(billing_stack, "/v1/hooks/stripe", data=b"{" + b" " * 1_100_000 + b"}",
                      headers={"Stripe-Signature": "t=1,v1=00", "Content-Type": "application/json"})
    assert (huge.status_code, huge.json()["code"]) == (413, "request.too_large")
    # an event type Rensa does not use is acknowledged
    other = stripe.deliver(stripe.event("invoice.finalized", {"id": "in_test_1", "object": "invoice"}))
    assert (other["status"], other["answer"]["outcome"]) == (200, "ignored")

    # the buyer comes back to a page that says what happens next
    page = requests.get(sent["params"]["success_url"].replace("{CHECKOUT_SESSION_ID}", session["session_id"]), timeout=10)
    assert page.status_code == 200 and "Usage tab" in page.text
    finnish = requests.get(billing_stack.info["api_url"] + "/v1/billing/done?cancelled=1", headers={"Accept-Language": "fi"}, timeout=10)
    assert '<html lang="fi">' in finnish.text and "Mitään ei veloitettu." in finnish.text


def test_an_async_payment_grants_only_when_it_succeeds(billing_stack):
    api, stripe = Api(billing_stack), billing_stack.stripe
    token, _ = person(billing_stack)
    session = buy(api, billing_stack, token, "1000")
    first, second = stripe.pay(session["session_id"], async_payment=True)
    assert (first["answer"]["outcome"], second["answer"]["outcome"]) == ("awaiting_payment", "granted")
    assert usage(api, token)["credits_left"] == 1000


@pytest.mark.parametrize("variant", ["forged body", "stale", "wrong secret", "unsigned", "no v1", "garbage header",
                                     "other endpoint's event", "not an event"])
def test_a_webhook_not_signed_by_stripe_now_is_400_and_changes_nothing(billing_stack, variant):
    api, stripe = Api(billing_stack), billing_stack.stripe
    token, _ = person(billing_stack)
    session = buy(api, billing_stack, token, "1000")
    event = paid_event(stripe, session["session_id"])
    payload = json.dumps(event, indent=2).encode()
    now = int(time.time())
    not_event = b'{"id": "x"}'
    kwargs = {
        "forged body": {"body": payload.replace(b'"credits": "1000"', b'"credits": "9000000"')},
        "stale": {"timestamp": now - 301},
        "wrong secret": {"secret": "whsec_not_ours"},
        "unsigned": {"signature": ""},
        "no v1": {"signature": f"t={now},v0={sign(payload, stripe.webhook_secret, now)}"},
        "garbage header": {"signature": "t=yesterday,v1=abc"},
        "other endpoint's event": {"signature": f"t={now},v1={sign(payload, 'whsec_other', now)},v1=00ff"},
        "not an event": {"body": not_event, "signature": f"t={now},v1={sign(not_event, stripe.webhook_secret, now)}"},
    }[variant]
    if variant == "forged body":
        assert kwargs["body"] != payload
    refused = stripe.deliver(event, **kwargs)
    assert refused["status"] == 400 and refused["answer"]["code"] == "stripe.bad_signature", refused
    assert usage(api, token)["credits_left"] == 0
    # The same event, signed properly, was not recorded by the refused call: it grants now (once).
    accepted = stripe.deliver(event)
    assert (accepted["status"], accepted["answer"]["outcome"]) == (200, "granted")
    assert usage(api, token)["credits_left"] == 1000


def _paid_pack(stack, credits: str = "10000"):
    """(api, the fake Stripe, the buyer's token, the charge of a pack they bought and paid)."""
    api, stripe = Api(stack), stack.stripe
    token, _ = person(stack)
    pack = buy(api, stack, token, credits)
    stripe.pay(pack["session_id"])
    return api, stripe, token, stripe.charge_of(pack["session_id"])


def test_a_chargeback_takes_back_the_disputed_credits_and_a_won_dispute_gives_them_back(billing_stack):
    api, stripe, token, charge = _paid_pack(billing_stack)
    # An inquiry withdraws no money: nothing changes.
    inquiry = stripe.dispute(charge, inquiry=True)
    assert (inquiry["status"], inquiry["answer"]["outcome"]) == (200, "inquiry")
    assert usage(api, token)["credits_left"] == 10000
    # A chargeback of the whole payment after 800 rows were cleaned (500 free + 300 credits): below zero, paused.
    assert clean(api, token, 800).status == 200
    opened = stripe.dispute(charge)
    assert (opened["status"], opened["answer"]["outcome"]) == (200, "taken_back")
    seen = usage(api, token)
    assert (seen["credits_left"], seen["balance_negative"]) == (-300, True)
    assert seen["recent"][0]["kind"] == "dispute" and seen["recent"][0]["credits_delta"] == -10000
    assert [(p["status"], p["credits_taken_back"]) for p in seen["purchases"]] == [("disputed", 10000)]
    assert seen["notice"].startswith("The credit balance is 300 rows below zero after a refund or a disputed payment.")
    assert clean(api, token, 1, start=900).body["code"] == "billing.negative_balance"
    words = api.call("GET", "/v1/usage", token=token, headers={"Accept-Language": "sv"}).body["words"]["lines"]
    assert any("krediter återtagna (bestriden betalning)" in line for line in words), words
    assert stripe.deliver(stripe.events[-1])["answer"]["outcome"] == "duplicate"
    # Won: exactly what the dispute took comes back, once.
    dispute_id = stripe.events[-1]["data"]["object"]["id"]
    won = stripe.close_dispute(dispute_id, "won")
    assert (won["status"], won["answer"]["outcome"]) == (200, "given_back")
    assert stripe.deliver(stripe.events[-1])["answer"]["outcome"] == "duplicate"
    seen = usage(api, token)
    assert (seen["credits_left"], seen["balance_negative"]) == (9700, False)
    assert [(p["status"], p["credits_taken_back"]) for p in seen["purchases"]] == [("paid", 0)]
    assert clean(api, token, 1, start=900).status == 200


def test_a_lost_dispute_keeps_the_credits_taken_back_and_never_takes_more_than_is_left(billing_stack):
    api, stripe, token, charge = _paid_pack(billing_stack)
    stripe.refund(charge, 7450)  # half of 149.00 SEK refunded first: 5,000 credits taken back
    opened = stripe.dispute(charge, 14900)  # then the whole payment disputed: only the other 5,000 are left to take
    assert opened["answer"]["outcome"] == "taken_back"
    assert usage(api, token)["credits_left"] == 0
    lost = stripe.close_dispute(stripe.events[-1]["data"]["object"]["id"], "lost")
    assert (lost["status"], lost["answer"]["outcome"]) == (200, "dispute_lost")
    seen = usage(api, token)
    assert seen["credits_left"] == 0
    assert [(p["status"], p["credits_taken_back"]) for p in seen["purchases"]] == [("dispute_lost", 10000)]


def test_several_signatures_any_may_match_and_a_fresh_future_time_is_accepted(billing_stack):
    api, stripe = Api(billing_stack), billing_stack.stripe
    token, _ = person(billing_stack)
    session = buy(api, billing_stack, token, "1000")
    event = paid_event(stripe, session["session_id"])
    payload = json.dumps(event, indent=2).encode()
    now = int(time.time()) + 30  # Stripe's clock a little ahead of ours
    header = f"t={now},v1={'0' * 64},v1={sign(payload, stripe.webhook_secret, now)}"  # a rolled secret: two v1
    accepted = stripe.deliver(event, signature=header)
    assert (accepted["status"], accepted["answer"]["outcome"]) == (200, "granted")
    assert usage(api, token)["credits_left"] == 1000


def test_a_refund_takes_back_its_share_and_a_negative_balance_stops_metered_work(billing_stack):
    api, stripe = Api(billing_stack), billing_stack.stripe
    token, _ = person(billing_stack)
    big = buy(api, billing_stack, token, "10000")
    stripe.pay(big["session_id"])
    half = stripe.refund(stripe.charge_of(big["session_id"]), 7450)  # half of 149.00 SEK
    assert (half["status"], half["answer"]["outcome"]) == (200, "taken_back")
    seen = usage(api, token)
    assert seen["credits_left"] == 5000
    assert seen["recent"][0]["kind"] == "refund" and seen["recent"][0]["credits_delta"] == -5000
    assert [(p["status"], p["amount_refunded"], p["credits_taken_back"]) for p in seen["purchases"]] == [
        ("partly_refunded", 7450, 5000)]
    redelivered = stripe.deliver(stripe.events[-1])
    assert redelivered["answer"]["outcome"] == "duplicate" and usage(api, token)["credits_left"] == 5000
    rest = stripe.refund(stripe.charge_of(big["session_id"]))
    assert rest["answer"]["outcome"] == "taken_back" and usage(api, token)["credits_left"] == 0

    # Spend credits of a small pack, then it is refunded in full: the balance goes below zero.
    small = buy(api, billing_stack, token, "1000")
    stripe.pay(small["session_id"])
    assert clean(api, token, 800).status == 200  # 500 free rows + 300 credits
    assert usage(api, token)["credits_left"] == 700
    stripe.refund(stripe.charge_of(small["session_id"]))
    negative = usage(api, token)
    assert (negative["credits_left"], negative["balance_negative"]) == (-300, True)
    assert negative["notice"] == ("The credit balance is 300 rows below zero after a refund or a disputed payment. Buy "
                                  "credits to bring it above zero; until then cleaning and checking are paused.")
    swedish = api.call("GET", "/v1/usage", token=token, headers={"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"}).body
    assert swedish["notice"].startswith("Kreditsaldot är 300 rader under noll efter en återbetalning eller en bestriden betalning.")
    refused = clean(api, token, 1, start=900)
    assert (refused.status, refused.body["code"]) == (402, "billing.negative_balance")
    assert clean(api, token, 5, dry_run=True).status == 200  # the free test wash still works
    again = buy(api, billing_stack, token, "1000")
    stripe.pay(again["session_id"])
    assert usage(api, token)["credits_left"] == 700
    assert clean(api, token, 1, start=900).status == 200


def test_pay_monthly_reports_each_ledger_line_once_after_a_failed_first_attempt(billing_stack):
    api, stripe = Api(billing_stack), billing_stack.stripe
    token, _ = person(billing_stack)
    start = api.call("POST", "/v1/billing/checkout", {"mode": "monthly"}, token=token)
    assert start.status == 201 and start.body["mode"] == "monthly"
    sent = next(r for r in stripe.requests if r["path"] == "/v1/checkout/sessions"
                and r["params"].get("client_reference_id") == usage(api, token)["account_id"])
    assert (sent["params"]["mode"], sent["params"]["line_items"]) == ("subscription", [{"price": "price_test_rensa_monthly"}])
    [delivery] = stripe.pay(start.body["session_id"])
    assert delivery["answer"]["outcome"] == "monthly_started"
    assert usage(api, token)["payment_mode"] == "monthly"

    calls_before = len(stripe.requests)
    stripe.fail("/v1/billing/meter_events", when="before", times=100)  # Stripe down: cleaning does not notice
    assert [clean(api, token, n, start=1000 * i).status for i, n in enumerate((400, 300, 250))] == [200, 200, 200]
    assert len(stripe.requests) == calls_before  # a metered call never talks to Stripe
    stripe.failures.clear()
    lines = [line for line in usage(api, token)["recent"] if line["kind"] == "usage"]
    assert sorted(line["billed_rows"] for line in lines) == [0, 200, 250]  # 500 free, then invoiced monthly

    # First run: Stripe takes one event but its answer is lost (500 after doing it; the SDK's retries get
    # the same 500 replayed for their Idempotency-Key). That line is not marked; the run stops.
    stripe.fail("/v1/billing/meter_events", when="after", times=1)
    first = hooks_post(billing_stack, "/v1/hooks/report-usage", headers={"Authorization": f"Bearer {SCHEDULER}"})
    assert first.status_code == 200 and "500" in first.json()["error"] and first.json()["reported"] <= 1
    assert first.json()["waiting"] >= 1
    # Second run: the lost line is sent again, Stripe refuses its known identifier, so it is marked, not counted twice.
    second = hooks_post(billing_stack, "/v1/hooks/report-usage", headers={"Authorization": f"Bearer {SCHEDULER}"}).json()
    assert first.json()["reported"] + second["reported"] == 2 and second["error"] is None and second["waiting"] == 0
    third = hooks_post(billing_stack, "/v1/hooks/report-usage", headers={"Authorization": f"Bearer {SCHEDULER}"}).json()
    assert (third["reported"], third["refused"]) == (0, [])
    mine = [e for e in stripe.meter_events if e["payload"]["stripe_customer_id"] == stripe.objects[start.body["session_id"]]["customer"]]
    assert sorted(int(e["payload"]["value"]) for e in mine) == [200, 250]
    assert len({e["identifier"] for e in mine}) == len(mine) == 2  # each line once
    assert all(e["event_name"] == "rensa_rows" and e["identifier"].isdigit() for e in mine)
    assert hooks_post(billing_stack, "/v1/hooks/report-usage").status_code == 401
    assert hooks_post(billing_stack, "/v1/hooks/report-usage", headers={"Authorization": "Bearer guess"}).status_code == 401

    # The portal shows invoices and the card; ending the subscription goes back to credits.
    portal = api.call("POST", "/v1/billing/portal", token=token)
    assert portal.status == 200 and portal.body["url"].startswith(billing_stack.info["stripe_url"] + "/portal/cus_")
    subscription = stripe.objects[start.body["session_id"]]["subscription"]
    assert stripe.cancel_subscription(subscription)["answer"]["outcome"] == "monthly_ended"
    assert usage(api, token)["payment_mode"] == "credits"
    refused = clean(api, token, 10, start=5000)
    assert (refused.status, refused.body["code"]) == (402, "billing.limit_reached")


def test_concurrent_cleans_while_a_grant_lands_lose_nothing(billing_stack):
    api, stripe = Api(billing_stack), billing_stack.stripe
    token, _ = person(billing_stack)
    session = buy(api, billing_stack, token, "1000")

    def one(i: int):
        return Api(billing_stack).call("POST", "/v1/clean", {"header": ["Namn", "E-post"], "rows": rows(100, 100 * i),
                                                            "options": {"dedupe": False}}, token=token)

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        cleans = [pool.submit(one, i) for i in range(12)]
        grant = pool.submit(stripe.pay, session["session_id"])
        answers = [c.result() for c in cleans]
    assert grant.result()[0]["answer"]["outcome"] == "granted"
    assert {a.status for a in answers} <= {200, 402}
    charged = [a.body["usage"] for a in answers if a.status == 200]
    seen = usage(api, token)
    free_used = 500 - seen["free_rows_left"]
    assert sum(u["rows_charged"] for u in charged) == seen["rows_this_period"] == 100 * len(charged)
    assert seen["credits_left"] == 1000 - (seen["rows_this_period"] - free_used)  # the grant and every charge kept
    assert len(charged) >= 5  # at least the free tier's worth went through
    assert [line["kind"] for line in seen["recent"]].count("credit") == 1


def test_billing_answers_for_members_and_unknown_packs(billing_stack):
    api = Api(billing_stack)
    token, _ = person(billing_stack)
    unknown = api.call("POST", "/v1/billing/checkout", {"pack": "999"}, token=token)
    assert (unknown.status, unknown.body["code"]) == (400, "billing.unknown_pack")
    assert unknown.body["message"] == "There is no pack '999' in SEK; packs on offer: 1000, 10000, 50000."
    by_rows = api.call("POST", "/v1/billing/checkout", {"credits": 4000}, token=token)
    assert (by_rows.status, by_rows.body["credits"]) == (201, 10000)  # the smallest pack that covers 4,000 rows
    api.call("PATCH", "/v1/team", {"currency": "EUR"}, token=token)
    euro = usage(api, token)
    assert [(p["id"], p["price"], p["currency"]) for p in euro["packs"]] == [("10000", "14.00", "EUR")]
    session = buy(api, billing_stack, token, "10000")
    assert (session["currency"], session["amount"]) == ("EUR", 1400)


def test_a_line_stripe_refuses_does_not_hold_up_the_others(billing_stack):
    from sqlalchemy import update

    from functions.adapters.db import make_engine
    from functions.schema import accounts

    api, stripe = Api(billing_stack), billing_stack.stripe
    teams = []
    for _ in range(2):
        token, _ = person(billing_stack)
        start = api.call("POST", "/v1/billing/checkout", {"mode": "monthly"}, token=token).body
        stripe.pay(start["session_id"])
        assert clean(api, token, 510).status == 200  # 500 free + 10 invoiced
        teams.append((token, usage(api, token)["account_id"], stripe.objects[start["session_id"]]["customer"]))
    engine = make_engine(billing_stack.database_url)
    with engine.begin() as conn:  # the first team's Stripe customer was deleted on Stripe's side
        conn.execute(update(accounts).where(accounts.c.id == teams[0][1]).values(stripe_customer_id="cus_deleted"))
    engine.dispose()
    run = hooks_post(billing_stack, "/v1/hooks/report-usage", headers={"Authorization": f"Bearer {SCHEDULER}"}).json()
    assert run["error"] is None and len(run["refused"]) == 1 and run["waiting"] == 1
    assert [e["payload"]["value"] for e in stripe.meter_events if e["payload"]["stripe_customer_id"] == teams[1][2]] == ["10"]
