"""Stripe: buy credit packs (Checkout), pay monthly for rows used (a metered subscription and a Billing
Meter), the customer portal, and the webhook events that turn payments into ledger lines.

All Stripe I/O goes through the official ``stripe`` SDK's ``StripeClient``; ``RENSA_STRIPE_API_BASE``
points every Stripe host at another address (the tests' fake), nothing else changes.

Money becomes credits only from a *signed* Stripe event (``read_event``: the SDK's ``WebhookSignature``,
300 s tolerance), in one database transaction that records the event id (a redelivery changes nothing),
locks the account and writes the ledger line with the Checkout Session as its ``reference`` (so a
session is granted once even when both ``checkout.session.completed`` and
``checkout.session.async_payment_succeeded`` arrive). A refund takes back the refunded share of the
pack's credits; the balance may go negative and metered work is then refused (``billing.py``). A disputed
payment (a chargeback: Stripe withdraws the money when the dispute opens) takes back the disputed share the
same way, and gives it back if the dispute is won; an inquiry (``warning_*``) withdraws nothing and changes
nothing.

Monthly accounts' usage lines carry ``billed_rows``; ``report_usage`` sends them to the meter as meter
events whose ``identifier`` is the ledger line id (Stripe keeps identifiers unique for at least 24 h, so a
retry after a lost answer is not counted twice) and marks ``stripe_reported_at``. Metered calls never
talk to Stripe.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, TypeVar

import stripe
from sqlalchemy import Connection, Engine, Row, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from core.i18n import N_, Nn_, translator
from functions.errors import RequestError, UpstreamError
from functions.logs import logger
from functions.schema import accounts, purchases, stripe_events, usage_ledger

from .billing import period_of
from .db import iso, utcnow

if TYPE_CHECKING:  # stripe's request shapes (TypedDicts), for the checker only
    from stripe._base_address import BaseAddresses
    from stripe.params import CustomerCreateParams
    from stripe.params.billing import MeterEventCreateParams
    from stripe.params.checkout import SessionCreateParams

T = TypeVar("T")
#: (account id or None, what was done) of one Stripe event
Outcome = tuple[str | None, str]

log = logger("rensa.functions")  # never writes an address (functions/logs.py)
# A credit pack's name on Stripe's payment page, the receipt and the invoice, in the buyer's language.
PACK_NAME = Nn_("Rensa: {n} row", "Rensa: {n} rows")

SIGNATURE_TOLERANCE = 300  # seconds; Stripe's own default
CURRENCIES = ("SEK", "NOK", "DKK", "EUR")
REPORT_BATCH = 200  # unreported lines read at a time
REPORT_PARALLEL = 8  # meter events in flight at once (Stripe's live limit is 1,000 per second)
REPORT_SECONDS = 20.0  # one scheduler run's budget: the hooks function times out at 30 s
METER_EVENT_MAX_AGE = dt.timedelta(days=35)  # Stripe refuses older meter-event timestamps


@dataclass(frozen=True)
class Pack:
    rows: int
    currency: str
    price: Decimal  # major units (kronor, euro)

    @property
    def id(self) -> str:
        return str(self.rows)

    @property
    def amount(self) -> int:
        """Minor units (öre, cents): all four currencies have two decimals."""
        return int(self.price * 100)

    def to_json(self) -> dict:
        return {"id": self.id, "rows": self.rows, "currency": self.currency, "price": f"{self.price:.2f}",
                "amount": self.amount}


def parse_packs(text: str) -> tuple[Pack, ...]:
    """``ROWS:CURRENCY:PRICE,...`` from ``RENSA_CREDIT_PACKS``.

    >>> [p.to_json() for p in parse_packs("10000:SEK:149, 50000:eur:55.50")]
    [{'id': '10000', 'rows': 10000, 'currency': 'SEK', 'price': '149.00', 'amount': 14900}, {'id': '50000', 'rows': 50000, 'currency': 'EUR', 'price': '55.50', 'amount': 5550}]
    """
    packs = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        try:
            rows, currency, price = (x.strip() for x in item.split(":"))
            pack = Pack(int(rows), currency.upper(), Decimal(price))
        except (ValueError, InvalidOperation) as e:
            raise ValueError(f"RENSA_CREDIT_PACKS: {item!r} is not ROWS:CURRENCY:PRICE (such as 10000:SEK:149)") from e
        if pack.currency not in CURRENCIES or pack.rows <= 0 or pack.price <= 0 or pack.price != round(pack.price, 2):
            raise ValueError(f"RENSA_CREDIT_PACKS: {item!r}: rows and price must be positive, currency one of {', '.join(CURRENCIES)}")
        packs.append(pack)
    return tuple(packs)


def parse_metered_prices(text: str) -> dict[str, str]:
    """``price_...`` (any currency) or ``CURRENCY:price_...,...`` -> {currency or "*": price id}.

    >>> parse_metered_prices("SEK:price_a, EUR:price_b") == {"SEK": "price_a", "EUR": "price_b"}
    True
    >>> parse_metered_prices("price_x")
    {'*': 'price_x'}
    """
    prices = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        currency, _, price = item.rpartition(":")
        prices[currency.upper() or "*"] = price
    return prices


def metered_price(prices: dict, currency: str) -> str | None:
    return prices.get(currency) or prices.get("*")


def offer(engine: Engine, account_id: str, *, packs: tuple[Pack, ...] = (), metered_prices: dict | None = None,
          enabled: bool = True) -> dict:
    """What ``GET /v1/usage`` adds: payment mode, packs in the account's currency, the last purchases."""
    with engine.connect() as conn:
        currency, mode, customer = conn.execute(
            select(accounts.c.currency, accounts.c.payment_mode, accounts.c.stripe_customer_id)
            .where(accounts.c.id == account_id)
        ).one()
        bought = conn.execute(
            select(purchases.c.id, purchases.c.kind, purchases.c.credits, purchases.c.amount, purchases.c.currency,
                   purchases.c.status, purchases.c.created_at, purchases.c.paid_at, purchases.c.amount_refunded,
                   purchases.c.credits_taken_back)
            .where(purchases.c.account_id == account_id, purchases.c.status != "open")
            .order_by(purchases.c.created_at.desc(), purchases.c.id).limit(10)
        ).all()
    return {
        "billing_enabled": enabled,
        "payment_mode": mode,
        "currency": currency,
        "packs": [p.to_json() for p in packs if p.currency == currency],
        "monthly_available": enabled and metered_price(metered_prices or {}, currency) is not None,
        "has_billing_account": customer is not None,
        "purchases": [
            {"session_id": r[0], "kind": r[1], "credits": r[2], "amount": r[3], "currency": r[4], "status": r[5],
             "created_at": iso(r[6]), "paid_at": iso(r[7]) if r[7] else None, "amount_refunded": r[8],
             "credits_taken_back": r[9]}
            for r in bought
        ],
    }


class StripeEventRejected(Exception):
    """The webhook call is not a Stripe event signed with our secret (400, no effect)."""


def read_event(payload: bytes, header: str | None, secret: str, *, tolerance: int = SIGNATURE_TOLERANCE) -> dict:
    """The event in ``payload`` after checking ``Stripe-Signature`` (``t=...,v1=...``; any v1 may match;
    older than ``tolerance`` seconds is refused) with the SDK; raises ``StripeEventRejected``."""
    try:
        stripe.WebhookSignature.verify_header(payload, header, secret, tolerance)
    except stripe.SignatureVerificationError as e:
        raise StripeEventRejected(str(e).split(". ")[0]) from e
    except (UnicodeDecodeError, ValueError) as e:
        raise StripeEventRejected("The body is not UTF-8 text") from e
    try:
        event = json.loads(payload)
    except ValueError as e:
        raise StripeEventRejected("The body is not JSON") from e
    if not isinstance(event, dict) or event.get("object") != "event" or not isinstance(event.get("id"), str) \
            or not isinstance(event.get("data"), dict) or not isinstance(event["data"].get("object"), dict):
        raise StripeEventRejected("The body is not a Stripe event")
    return event


class Payments:
    """Stripe for one instance; build with ``functions.adapters.get_payments()``."""

    def __init__(self, engine: Engine, *, secret_key: str, webhook_secret: str, api_base: str = "",
                 packs: tuple[Pack, ...] = (), meter_event: str = "rensa_rows", metered_prices: dict | None = None,
                 clock: Callable[[], dt.datetime] = utcnow, timeout: float = 20) -> None:
        self.engine = engine
        self.webhook_secret = webhook_secret
        self.packs = packs
        self.meter_event = meter_event
        self.metered_prices = metered_prices or {}
        self.clock = clock
        base: BaseAddresses | None = None
        if api_base:
            root = api_base.rstrip("/")
            base = {"api": root, "files": root, "connect": root, "meter_events": root}
        self.client = stripe.StripeClient(
            secret_key, base_addresses=base, max_network_retries=2,
            http_client=stripe.RequestsClient(timeout=timeout),
        )

    def offer(self, account_id: str) -> dict:
        return offer(self.engine, account_id, packs=self.packs, metered_prices=self.metered_prices)

    def _metered_price(self, currency: str) -> str | None:
        return metered_price(self.metered_prices, currency)

    # Checkout and portal
    def checkout(self, account_id: str, *, pack_id: str | None, mode: str, return_url: str, credits: int | None = None,
                 language: str = "en") -> dict:
        """A Checkout Session for a credit pack (``mode=payment``) or for pay-as-you-go (``mode=subscription``
        to the metered price); returns ``{"url", "session_id", ...}``. Credits come only with the paid event.

        ``language`` (the buyer's) names the pack on the payment page and the receipt, sets the page's own
        language (Stripe's ``locale``) and, for a new Stripe customer, the language of the receipts and
        invoices Stripe e-mails later (``preferred_locales``)."""
        with self.engine.connect() as conn:
            currency, payment_mode = conn.execute(
                select(accounts.c.currency, accounts.c.payment_mode).where(accounts.c.id == account_id)
            ).one()
        customer = self._customer(account_id, language)
        success_url = _with_query(return_url, "session_id={CHECKOUT_SESSION_ID}")
        cancel_url = _with_query(return_url, "cancelled=1")
        params: SessionCreateParams
        if mode == "monthly":
            price = self._metered_price(currency)
            if price is None:
                raise RequestError(N_("Monthly invoicing is not offered on this server; buy a credit pack instead."),
                                   code="billing.monthly_unavailable", field="mode")
            if payment_mode == "monthly":
                raise RequestError(N_("This team already pays monthly. Manage the card and invoices in the billing portal."),
                                   code="billing.already_monthly", field="mode")
            params = {
                "mode": "subscription", "customer": customer, "client_reference_id": account_id,
                "line_items": [{"price": price}], "metadata": {"account_id": account_id, "kind": "monthly"},
                "subscription_data": {"metadata": {"account_id": account_id}},
                "success_url": success_url, "cancel_url": cancel_url,
            }
            credits, amount = 0, 0
        else:
            offered = sorted((p for p in self.packs if p.currency == currency), key=lambda p: p.rows)
            if pack_id is None and credits is not None and offered:
                pack_id = next((p for p in offered if p.rows >= credits), offered[-1]).id
            pack = next((p for p in offered if p.id == pack_id), None)
            if pack is None:
                raise RequestError(N_("There is no pack '{pack}' in {currency}; packs on offer: {packs}."),
                                   code="billing.unknown_pack", field="pack", pack=str(pack_id), currency=currency,
                                   packs=", ".join(p.id for p in offered) or "-")
            credits, amount = pack.rows, pack.amount
            metadata = {"account_id": account_id, "credits": str(pack.rows), "pack": pack.id, "kind": "pack"}
            params = {
                "mode": "payment", "customer": customer, "client_reference_id": account_id,
                "line_items": [{"quantity": 1, "price_data": {
                    "currency": currency.lower(), "unit_amount": pack.amount,
                    "product_data": {"name": translator(language).n_(*PACK_NAME, pack.rows)},
                }}],
                "metadata": metadata, "payment_intent_data": {"metadata": metadata},
                "invoice_creation": {"enabled": True}, "success_url": success_url, "cancel_url": cancel_url,
            }
        params["locale"] = language  # Stripe's payment page speaks sv, nb, da, fi and en itself
        session = self._call(lambda: self.client.v1.checkout.sessions.create(params=params))
        with self.engine.begin() as conn:
            conn.execute(insert(purchases).values(
                id=session.id, account_id=account_id, kind="monthly" if mode == "monthly" else "pack", credits=credits,
                amount=amount, currency=currency, status="open", created_at=self.clock(),
            ))
        return {"url": session.url, "session_id": session.id, "mode": mode, "credits": credits, "amount": amount,
                "currency": currency}

    def portal(self, account_id: str, *, return_url: str, language: str = "en") -> dict:
        customer = self._customer(account_id, language)
        session = self._call(lambda: self.client.v1.billing_portal.sessions.create(
            params={"customer": customer, "return_url": return_url, "locale": language}))
        return {"url": session.url}

    def _customer(self, account_id: str, language: str = "en") -> str:
        """The account's Stripe customer, created once. Two concurrent first purchases may both create one;
        the first stored wins and both sessions use it (the other stays an empty customer). No fixed
        Idempotency-Key here: Stripe replays a failed first answer for 24 h, which would block buying."""
        with self.engine.connect() as conn:
            found, email, name = conn.execute(
                select(accounts.c.stripe_customer_id, accounts.c.email, accounts.c.name).where(accounts.c.id == account_id)
            ).one()
        if found:
            return found
        # Receipts and invoices Stripe e-mails later (nobody asking then) in the language of who first paid.
        params: CustomerCreateParams = {"metadata": {"account_id": account_id}, "preferred_locales": [language]}
        if email:
            params["email"] = email
        if name:
            params["name"] = name
        customer = self._call(lambda: self.client.v1.customers.create(params=params))
        with self.engine.begin() as conn:
            conn.execute(update(accounts).where(accounts.c.id == account_id, accounts.c.stripe_customer_id.is_(None))
                         .values(stripe_customer_id=customer.id))
            return conn.execute(select(accounts.c.stripe_customer_id).where(accounts.c.id == account_id)).scalar_one()

    def _call(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except stripe.StripeError as e:
            log.warning("stripe call failed: %s (%s)", type(e).__name__, getattr(e, "code", None))
            raise UpstreamError(N_("Stripe did not answer as expected; try again in a minute."), code="billing.stripe_error") from e

    # webhook events
    def handle(self, event: dict) -> str:
        """Apply one verified event once; returns what was done (for the answer and the log)."""
        kind, obj = event.get("type", ""), event["data"]["object"]
        handler = {
            "checkout.session.completed": self._session_completed,
            "checkout.session.async_payment_succeeded": self._session_completed,
            "charge.refunded": self._charge_refunded,
            "charge.dispute.created": self._dispute_opened,
            "charge.dispute.closed": self._dispute_closed,
            "customer.subscription.deleted": self._subscription_deleted,
        }.get(kind)
        try:
            with self.engine.begin() as conn:
                # The event id first: a redelivery (or two at once) fails here and changes nothing.
                conn.execute(insert(stripe_events).values(
                    id=event["id"], type=kind[:100], outcome="processing", received_at=self.clock()))
                account_id, outcome = handler(conn, obj) if handler else (None, "ignored")
                conn.execute(update(stripe_events).where(stripe_events.c.id == event["id"])
                             .values(outcome=outcome[:40], account_id=account_id))
            return outcome
        except IntegrityError:
            with self.engine.connect() as conn:
                if conn.execute(select(stripe_events.c.id).where(stripe_events.c.id == event["id"])).first():
                    return "duplicate"
            raise

    def _lock(self, conn: Connection, account_id: str) -> bool:
        return bool(isinstance(account_id, str) and conn.execute(
            update(accounts).where(accounts.c.id == account_id).values(id=accounts.c.id)).rowcount)

    def _session_completed(self, conn: Connection, session: dict) -> Outcome:
        account_id = session.get("client_reference_id")
        if not isinstance(account_id, str) or not self._lock(conn, account_id):
            return None, "unknown_account"
        mode = session.get("mode")
        if mode == "subscription":
            return account_id, self._monthly_started(conn, account_id, session)
        if mode != "payment":
            return account_id, "ignored"
        if session.get("payment_status") != "paid":
            return account_id, "awaiting_payment"
        known = conn.execute(select(purchases.c.credits, purchases.c.account_id)
                             .where(purchases.c.id == session["id"])).first()
        metadata = session.get("metadata") or {}
        try:
            credits = int(known[0]) if known else int(metadata.get("credits", ""))
        except ValueError:
            return account_id, "no_credits"
        if known and known[1] != account_id or credits <= 0:
            return account_id, "mismatch"
        already = conn.execute(select(usage_ledger.c.id).where(
            usage_ledger.c.kind == "credit", usage_ledger.c.reference == session["id"])).first()
        now = self.clock()
        values = {"status": "paid", "paid_at": now, "payment_intent": _id_of(session.get("payment_intent"))}
        if known:
            conn.execute(update(purchases).where(purchases.c.id == session["id"]).values(**values))
        else:
            conn.execute(insert(purchases).values(
                id=session["id"], account_id=account_id, kind="pack", credits=credits,
                amount=int(session.get("amount_total") or 0), currency=str(session.get("currency") or "").upper()[:3],
                created_at=now, **values))
        if already:
            return account_id, "already_granted"
        conn.execute(insert(usage_ledger).values(
            account_id=account_id, created_at=now, period=period_of(now), kind="credit", endpoint="stripe",
            rows=0, free_rows=0, credit_rows=0, credits_delta=credits, reference=session["id"],
            reason=f"credit pack bought ({credits} rows)",
        ))
        return account_id, "granted"

    def _monthly_started(self, conn: Connection, account_id: str, session: dict) -> str:
        customer, subscription = _id_of(session.get("customer")), _id_of(session.get("subscription"))
        if not subscription:
            return "ignored"
        values = {"payment_mode": "monthly", "stripe_subscription_id": subscription}
        if customer:
            values["stripe_customer_id"] = customer
        conn.execute(update(accounts).where(accounts.c.id == account_id).values(**values))
        conn.execute(update(purchases).where(purchases.c.id == session["id"]).values(status="active", paid_at=self.clock()))
        return "monthly_started"

    def _subscription_deleted(self, conn: Connection, subscription: dict) -> Outcome:
        account_id = conn.execute(select(accounts.c.id).where(
            accounts.c.stripe_subscription_id == subscription.get("id"))).scalar()
        if account_id is None:
            return None, "ignored"
        conn.execute(update(accounts).where(accounts.c.id == account_id)
                     .values(payment_mode="credits", stripe_subscription_id=None))
        return account_id, "monthly_ended"

    def _charge_refunded(self, conn: Connection, charge: dict) -> Outcome:
        """Take back the refunded share of a pack: ``credits * amount_refunded / amount`` (Stripe's
        ``amount_refunded`` is cumulative, so each event tops up what was taken back so far)."""
        intent = _id_of(charge.get("payment_intent"))
        found = conn.execute(
            select(purchases.c.id, purchases.c.account_id, purchases.c.credits, purchases.c.credits_taken_back)
            .where(purchases.c.payment_intent == intent, purchases.c.kind == "pack")
        ).first() if intent else None
        if found is None:
            return None, "unknown_charge"
        session_id, account_id, credits, taken = found
        self._lock(conn, account_id)
        taken = conn.execute(select(purchases.c.credits_taken_back).where(purchases.c.id == session_id)).scalar()
        amount, refunded = int(charge.get("amount") or 0), int(charge.get("amount_refunded") or 0)
        if amount <= 0:
            return account_id, "ignored"
        refunded = min(refunded, amount)
        target = credits if refunded >= amount else credits * refunded // amount
        delta = target - taken
        status = "refunded" if refunded >= amount else "partly_refunded"
        conn.execute(update(purchases).where(purchases.c.id == session_id)
                     .values(amount_refunded=refunded, credits_taken_back=max(target, taken), status=status))
        if delta <= 0:
            return account_id, "nothing_to_take_back"
        now = self.clock()
        conn.execute(insert(usage_ledger).values(
            account_id=account_id, created_at=now, period=period_of(now), kind="refund", endpoint="stripe",
            rows=0, free_rows=0, credit_rows=0, credits_delta=-delta, reference=f"{charge.get('id')}:{refunded}",
            reason=f"refund of {refunded} of {amount} ({charge.get('currency', '').upper()}), session {session_id}",
        ))
        return account_id, "taken_back"

    def _pack_of(self, conn: Connection, intent: str | None) -> Row | None:
        """The pack bought with ``intent`` (id, account, credits, amount, amount refunded), its account locked."""
        if not intent:
            return None
        found = conn.execute(select(purchases.c.id, purchases.c.account_id).where(
            purchases.c.payment_intent == intent, purchases.c.kind == "pack")).first()
        if found is None or not self._lock(conn, found.account_id):
            return None
        return conn.execute(select(purchases.c.id, purchases.c.account_id, purchases.c.credits, purchases.c.amount,
                                   purchases.c.amount_refunded, purchases.c.credits_taken_back)
                            .where(purchases.c.id == found.id)).first()

    def _dispute_opened(self, conn: Connection, dispute: dict) -> Outcome:
        """A chargeback: Stripe has withdrawn the disputed amount, so its share of the pack's credits is taken
        back at once (never more than is left to take). An inquiry (``warning_*``) withdraws nothing."""
        if str(dispute.get("status", "")).startswith("warning_"):
            return None, "inquiry"
        pack = self._pack_of(conn, _id_of(dispute.get("payment_intent")))
        if pack is None:
            return None, "unknown_charge"
        if pack.amount <= 0:
            return pack.account_id, "ignored"
        disputed = min(max(int(dispute.get("amount") or 0), 0), pack.amount)
        share = pack.credits if disputed >= pack.amount else pack.credits * disputed // pack.amount
        delta = min(share, pack.credits - pack.credits_taken_back)
        conn.execute(update(purchases).where(purchases.c.id == pack.id)
                     .values(status="disputed", credits_taken_back=pack.credits_taken_back + max(delta, 0)))
        if delta <= 0:
            return pack.account_id, "nothing_to_take_back"
        now = self.clock()
        conn.execute(insert(usage_ledger).values(
            account_id=pack.account_id, created_at=now, period=period_of(now), kind="dispute", endpoint="stripe",
            rows=0, free_rows=0, credit_rows=0, credits_delta=-delta, reference=str(dispute.get("id"))[:255],
            reason=f"disputed payment of {disputed} of {pack.amount} ({str(dispute.get('currency', '')).upper()}), "
                   f"session {pack.id}",
        ))
        return pack.account_id, "taken_back"

    def _dispute_closed(self, conn: Connection, dispute: dict) -> Outcome:
        """A won dispute gives back exactly what its opening took (Stripe reinstates the money); a lost one
        keeps it taken back."""
        status = str(dispute.get("status", ""))
        if status.startswith("warning_"):
            return None, "inquiry_closed"
        pack = self._pack_of(conn, _id_of(dispute.get("payment_intent")))
        if pack is None:
            return None, "unknown_charge"
        if status != "won":
            conn.execute(update(purchases).where(purchases.c.id == pack.id).values(status="dispute_lost"))
            return pack.account_id, "dispute_lost"
        reference = str(dispute.get("id"))[:255]
        taken = conn.execute(select(usage_ledger.c.credits_delta).where(
            usage_ledger.c.kind == "dispute", usage_ledger.c.reference == reference)).scalar()
        refunded = pack.amount_refunded
        status_now = "refunded" if refunded >= pack.amount > 0 else "partly_refunded" if refunded else "paid"
        if not taken:
            conn.execute(update(purchases).where(purchases.c.id == pack.id).values(status=status_now))
            return pack.account_id, "nothing_to_give_back"
        now = self.clock()
        # (kind, reference) is unique: the same dispute is given back once, however its events arrive.
        conn.execute(insert(usage_ledger).values(
            account_id=pack.account_id, created_at=now, period=period_of(now), kind="dispute_won", endpoint="stripe",
            rows=0, free_rows=0, credit_rows=0, credits_delta=-taken, reference=reference,
            reason=f"dispute won, session {pack.id}",
        ))
        conn.execute(update(purchases).where(purchases.c.id == pack.id).values(
            status=status_now, credits_taken_back=max(pack.credits_taken_back + taken, 0)))
        return pack.account_id, "given_back"

    # the monthly report (scheduler)
    def report_usage(self, *, budget_seconds: float = REPORT_SECONDS, batch: int = REPORT_BATCH) -> dict:
        """Send unreported billed rows of monthly accounts to the meter, oldest first, ``REPORT_PARALLEL`` at a
        time, for about ``budget_seconds`` (the hooks function has 30 s), marking each line once Stripe took
        it. Stops at the first failure; the next run resends from there."""
        ledger = usage_ledger.c
        deadline = time.monotonic() + budget_seconds
        reported, error, refused = 0, None, set[int]()
        with concurrent.futures.ThreadPoolExecutor(REPORT_PARALLEL) as pool:
            while error is None and time.monotonic() < deadline:
                lines = [line for line in self._unreported(batch + len(refused)) if line[0] not in refused][:batch]
                if not lines:
                    break
                for start in range(0, len(lines), REPORT_PARALLEL):
                    window = lines[start:start + REPORT_PARALLEL]
                    taken = []
                    for line, failure in zip(window, pool.map(self._send_line, window)):
                        if failure is None:
                            taken.append(line[0])
                        elif failure[0] == "refused":  # Stripe will never take it as sent: the others go on
                            refused.add(line[0])
                            log.error("usage report: %s", failure[1])
                        else:
                            error = error or failure[1]
                    # Marked per window: a line Stripe took but a crash left unmarked is sent again next run
                    # and refused by Stripe as a known identifier, so it is still counted once.
                    if taken:
                        with self.engine.begin() as conn:
                            conn.execute(update(usage_ledger).where(ledger.id.in_(taken), ledger.stripe_reported_at.is_(None))
                                         .values(stripe_reported_at=self.clock()))
                    reported += len(taken)
                    if error is not None or time.monotonic() >= deadline:
                        break
        with self.engine.connect() as conn:
            waiting = conn.execute(select(func.count()).select_from(usage_ledger).where(
                ledger.kind == "usage", ledger.billed_rows > 0, ledger.stripe_reported_at.is_(None))).scalar_one()
        if error:
            log.warning("usage report stopped: %s", error)
        return {"reported": reported, "waiting": int(waiting), "error": error, "refused": sorted(refused)}

    def _unreported(self, limit: int) -> Sequence[Row[int, int, dt.datetime, str]]:
        ledger = usage_ledger.c
        with self.engine.connect() as conn:
            return conn.execute(
                select(ledger.id, ledger.billed_rows, ledger.created_at, accounts.c.stripe_customer_id)
                .join(accounts, accounts.c.id == ledger.account_id)
                .where(ledger.kind == "usage", ledger.billed_rows > 0, ledger.stripe_reported_at.is_(None),
                       accounts.c.stripe_customer_id.isnot(None))
                .order_by(ledger.id).limit(limit)
            ).all()

    def _send_line(self, line: Row[int, int, dt.datetime, str]) -> tuple[str, str] | None:
        """One ledger line as one meter event; None when Stripe has it (now or from an earlier try), else
        ``("retry", why)`` (Stripe unreachable, 5xx, rate limit: stop and try later) or ``("refused", why)``
        (Stripe refuses this event as sent, e.g. a deleted customer: it stays unreported, logged as an error,
        and does not hold up the other lines)."""
        line_id, rows, created, customer = line
        created = created if created.tzinfo else created.replace(tzinfo=dt.UTC)
        oldest = self.clock() - METER_EVENT_MAX_AGE
        params: MeterEventCreateParams = {
            "event_name": self.meter_event, "identifier": str(line_id),
            "payload": {"stripe_customer_id": customer, "value": str(rows)},
            # Stripe takes timestamps of the last 35 days only: a line older than that (reporting was off
            # for a month) is billed as of an hour inside that window rather than never.
            "timestamp": int(max(created, oldest + dt.timedelta(hours=1)).timestamp()),
        }
        try:
            self.client.v1.billing.meter_events.create(params=params)
        except stripe.InvalidRequestError as e:
            return None if _already_reported(e) else ("refused", _describe(e, line_id))
        except stripe.StripeError as e:
            return "retry", _describe(e, line_id)
        return None

def _already_reported(error: stripe.InvalidRequestError) -> bool:
    """Stripe refuses a second meter event with an identifier it has seen: that line was counted."""
    return getattr(error, "code", None) == "resource_already_exists" or getattr(error, "param", None) == "identifier"


def _describe(error: stripe.StripeError, line_id: int) -> str:
    status = getattr(error, "http_status", None)
    return f"ledger line {line_id}: Stripe answered {status or 'nothing'} ({getattr(error, 'code', None) or type(error).__name__})"


def _id_of(value: object) -> str | None:
    """Stripe sends either an id or an expanded object."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def _with_query(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query}"

