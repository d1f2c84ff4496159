"""Stripe billing without a network: the webhook signature check (table-driven), pack settings, the ledger
split, and the server without a Stripe key (501 for billing, everything else works)."""

from __future__ import annotations

import json
import time

import functions_framework
import pytest

from functions import adapters
from functions.adapters.billing import split
from functions.adapters.payments import StripeEventRejected, parse_packs, read_event
from functions.errors import PaymentRequired
from functions.settings import Settings
from tests.fakes.stack import ROOT
from tests.fakes.stripe_api import decode_form, sign

SECRET = "whsec_test_secret"
EVENT = json.dumps({"id": "evt_1", "object": "event", "type": "checkout.session.completed",
                    "data": {"object": {"id": "cs_1", "object": "checkout.session"}}}, indent=2).encode()


def header(*, t: int | None = None, secrets=(SECRET,), body: bytes = EVENT, scheme: str = "v1") -> str:
    t = int(time.time()) if t is None else t
    return ",".join([f"t={t}"] + [f"{scheme}={sign(body, s, t)}" for s in secrets])


# Signatures are made when the test runs (lambdas): a time taken at collection would age meanwhile.
@pytest.mark.parametrize("name,body,signature", [
    ("no header", EVENT, lambda: None),
    ("empty header", EVENT, lambda: ""),
    ("wrong secret", EVENT, lambda: header(secrets=("whsec_other",))),
    ("stale: 301 s old", EVENT, lambda: header(t=int(time.time()) - 301)),
    ("forged body", EVENT.replace(b"cs_1", b"cs_2"), header),
    ("v0 only", EVENT, lambda: header(scheme="v0")),
    ("no timestamp", EVENT, lambda: "v1=" + sign(EVENT, SECRET, 0)),
    ("timestamp not a number", EVENT, lambda: "t=soon,v1=abc"),
    ("signed, but not an event", b'{"id": "x"}', lambda: header(body=b'{"id": "x"}')),
    ("signed, but not JSON", b"hello", lambda: header(body=b"hello")),
])
def test_what_is_refused(name, body, signature):
    with pytest.raises(StripeEventRejected):
        read_event(body, signature(), SECRET)


@pytest.mark.parametrize("name,signature", [
    ("one v1", header),
    ("any of several v1 (a rolled secret)", lambda: header(secrets=("whsec_old", SECRET))),
    ("290 s old", lambda: header(t=int(time.time()) - 290)),
    ("a little ahead of our clock", lambda: header(t=int(time.time()) + 60)),
])
def test_what_is_accepted(name, signature):
    assert read_event(EVENT, signature(), SECRET)["id"] == "evt_1"


def test_no_webhook_secret_accepts_nothing():
    with pytest.raises(StripeEventRejected):
        read_event(EVENT, header(secrets=("",)), "")


@pytest.mark.parametrize("text,message", [
    ("10000:SEK", "is not ROWS:CURRENCY:PRICE"),
    ("10000:USD:10", "currency one of SEK, NOK, DKK, EUR"),
    ("0:SEK:10", "must be positive"),
    ("100:SEK:1.005", "must be positive"),
])
def test_bad_pack_settings_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_packs(text)


@pytest.mark.parametrize("rows,free_left,credits,monthly,expected", [
    (100, 500, 0, False, (100, 0, 0)),
    (600, 500, 200, False, (500, 100, 0)),
    (800, 500, 200, True, (500, 200, 100)),  # monthly: beyond free tier and credits is invoiced
    (0, 0, -5, False, (0, 0, 0)),  # nothing to pay: fine even below zero
])
def test_split(rows, free_left, credits, monthly, expected):
    assert split(rows, free_left, credits, monthly=monthly) == expected


@pytest.mark.parametrize("rows,free_left,credits,monthly,code", [
    (800, 500, 200, False, "billing.limit_reached"),
    (1, 500, -1, False, "billing.negative_balance"),
    (1, 500, -1, True, "billing.negative_balance"),
])
def test_split_refuses(rows, free_left, credits, monthly, code):
    with pytest.raises(PaymentRequired) as refused:
        split(rows, free_left, credits, monthly=monthly)
    assert refused.value.code == code


def test_the_fake_decodes_what_the_sdk_encodes():
    import urllib.parse

    from stripe._encode import _api_encode  # the SDK's own form encoder

    params = {"mode": "payment", "metadata": {"credits": "10"}, "line_items": [{"quantity": 1, "price_data": {"currency": "sek"}}]}
    wire = urllib.parse.urlencode(list(_api_encode(params)))
    assert decode_form(wire) == {"mode": "payment", "metadata": {"credits": "10"},
                                 "line_items": [{"quantity": "1", "price_data": {"currency": "sek"}}]}


@pytest.fixture
def keyless(tmp_path):
    adapters.reset()
    adapters.override(settings=Settings.from_env({"RENSA_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}", "RENSA_SCHEDULER_TOKEN": "s"}))
    api = functions_framework.create_app(target="api", source=str(ROOT / "functions" / "main.py")).test_client()
    hooks = functions_framework.create_app(target="hooks", source=str(ROOT / "functions" / "main.py")).test_client()
    yield api, hooks
    adapters.reset()


def test_without_a_stripe_key_billing_is_501_and_the_rest_works(keyless):
    from functions.adapters.auth import DEFAULT_KEY_SCOPES

    api, hooks = keyless
    db = adapters.get_db()
    key, prefix, key_hash = adapters.get_auth().new_key()
    db.add_api_key(db.create_account("t"), name="k", prefix=prefix, key_hash=key_hash, scopes=list(DEFAULT_KEY_SCOPES))
    auth = {"X-Api-Key": key}
    message = ("Payments are not set up on this server (no Stripe key). Ask the operator to set "
               "RENSA_STRIPE_SECRET_KEY, or contact support to add credits.")
    for answer in (api.post("/v1/billing/checkout", json={"pack": "10000"}, headers=auth),
                   api.post("/v1/billing/portal", headers=auth),
                   hooks.post("/v1/hooks/stripe", data=EVENT, headers={"Stripe-Signature": header()}),
                   hooks.post("/v1/hooks/report-usage", headers={"Authorization": "Bearer s"})):
        assert (answer.status_code, answer.get_json()["code"], answer.get_json()["message"]) == (501, "billing.not_configured", message)
    usage = api.get("/v1/usage", headers=auth).get_json()
    assert (usage["billing_enabled"], usage["packs"], usage["payment_mode"], usage["free_rows_left"]) == (False, [], "credits", 500)
    assert api.post("/v1/clean", json={"header": ["E-post"], "rows": [["a@b.se"]]}, headers=auth).status_code == 200


@pytest.fixture(scope="module")
def fake_stripe():
    from tests.fakes.stripe_api import StripeApi

    fake = StripeApi()
    fake.start()
    yield fake
    fake.stop()


def sdk(fake, key=None):
    import stripe

    base = {name: fake.url for name in ("api", "files", "connect", "meter_events")}
    return stripe.StripeClient(key or fake.secret_key, base_addresses=base, max_network_retries=0)


def test_the_fake_keeps_stripes_idempotency_rules_for_the_sdk(fake_stripe):
    import stripe

    client = sdk(fake_stripe)
    first = client.v1.customers.create(params={"email": "a@firma.se"}, options={"idempotency_key": "k-1"})
    again = client.v1.customers.create(params={"email": "a@firma.se"}, options={"idempotency_key": "k-1"})
    assert again.id == first.id and again.last_response.headers.get("Idempotent-Replayed") == "true"
    with pytest.raises(stripe.IdempotencyError, match="same parameters"):
        client.v1.customers.create(params={"email": "b@firma.se"}, options={"idempotency_key": "k-1"})
    fresh = client.v1.customers.create(params={"email": "a@firma.se"})  # the SDK adds its own key to every POST
    assert fresh.id != first.id and fake_stripe.requests[-1]["idempotency_key"]
    # A 500 is replayed for its key too, as Stripe does: a retry with the same key gets the same 500.
    fake_stripe.fail("/v1/customers", when="after")
    with pytest.raises(stripe.APIError):
        client.v1.customers.create(params={"email": "c@firma.se"}, options={"idempotency_key": "k-2"})
    with pytest.raises(stripe.APIError):
        client.v1.customers.create(params={"email": "c@firma.se"}, options={"idempotency_key": "k-2"})


def test_the_fake_answers_stripes_errors(fake_stripe):
    import stripe

    with pytest.raises(stripe.AuthenticationError):
        sdk(fake_stripe, "sk_test_wrong").v1.customers.create(params={})
    client = sdk(fake_stripe)
    with pytest.raises(stripe.InvalidRequestError) as missing:
        client.v1.billing_portal.sessions.create(params={"customer": "cus_nobody"})
    assert (missing.value.code, missing.value.param, missing.value.http_status) == ("resource_missing", "customer", 400)
    customer = client.v1.customers.create(params={})
    event = {"event_name": "rensa_rows", "identifier": "7", "payload": {"stripe_customer_id": customer.id, "value": "12"}}
    created = client.v1.billing.meter_events.create(params=event)
    assert (created.object, created.identifier, created.payload["value"]) == ("billing.meter_event", "7", "12")
    with pytest.raises(stripe.InvalidRequestError) as twice:
        client.v1.billing.meter_events.create(params=event)
    assert (twice.value.code, twice.value.param) == ("resource_already_exists", "identifier")
    with pytest.raises(stripe.InvalidRequestError) as unknown:
        client.v1.billing.meter_events.create(params={**event, "identifier": "8", "event_name": "other"})
    assert unknown.value.param == "event_name"
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.checkout.sessions.create(params={"mode": "payment", "success_url": "https://x.se"})  # no line_items
