"""A local Stripe API subset that the official ``stripe`` SDK talks to unchanged (``base_addresses``).

Wire format as Stripe's v1 API: ``Authorization: Bearer <secret key>`` (401 otherwise), form-encoded POST
bodies with bracketed keys (``line_items[0][price_data][currency]=sek``, ``metadata[credits]=10000``),
JSON objects with ``id`` and ``object``, Unix-second times, errors as ``{"error": {"type", "code",
"message", "param"}}`` with 400/401/404/500. ``Idempotency-Key`` as Stripe keeps it: the first answer to a
key (500s included) is replayed with ``Idempotent-Replayed: true``; the same key with other parameters
is a 400 ``idempotency_error``.

Endpoints: ``POST /v1/customers``, ``GET /v1/customers/{id}``, ``POST /v1/checkout/sessions``,
``GET /v1/checkout/sessions/{id}``, ``POST /v1/billing_portal/sessions``, ``POST /v1/billing/meter_events``
(event name of a known meter, a known customer, a numeric value, ``identifier`` unique: a repeat is a 400
``resource_already_exists`` on ``identifier``, timestamps within 35 days back and 5 minutes ahead).

A Checkout Session's ``url`` is a page of this fake (``GET /pay/{id}``) with a "Pay" button, so a browser
can pay it: paying completes the session, creates the payment intent and charge (or the subscription), sends
the signed ``checkout.session.completed`` event to the webhook endpoint and redirects to ``success_url``.
Events are signed as Stripe signs them: ``Stripe-Signature: t=<unix>,v1=<HMAC-SHA256(secret, "t.body")>``.

Control (tests in this process call the methods; other processes use ``/_fake/...``):
``pay(session_id, async_payment=False)``, ``refund(charge_id, amount)``, ``dispute(charge_id, amount,
inquiry=False)`` and ``close_dispute(dispute_id, status)`` (a chargeback, as the card network opens and settles
it), ``cancel_subscription(id)``,
``fail(path, when="before"|"after", times=1)`` (answer 500 before doing anything, or after doing it),
``deliver(event, ...)`` (sign and send; also forged, stale or unsigned variants), ``meter_events``, ``events``.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import secrets
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_VERSION = "2026-10-28.endive"  # what stripe-python 16.1.0 sends as Stripe-Version


class StripeApiError(Exception):
    def __init__(self, status: int, type_: str, message: str, *, code: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.type, self.message, self.code, self.param = status, type_, message, code, param

    def body(self) -> dict:
        error = {"type": self.type, "message": self.message}
        if self.code:
            error["code"] = self.code
        if self.param:
            error["param"] = self.param
        return {"error": error}


def decode_form(raw: str) -> dict:
    """Stripe's form encoding back to nested objects: ``a[b][0][c]=x`` -> ``{"a": {"b": [{"c": "x"}]}}``.

    >>> decode_form("metadata[credits]=10&line_items[0][quantity]=1&line_items[0][price_data][currency]=sek&mode=payment")
    {'metadata': {'credits': '10'}, 'line_items': [{'quantity': '1', 'price_data': {'currency': 'sek'}}], 'mode': 'payment'}
    """
    root: dict = {}
    for key, value in urllib.parse.parse_qsl(raw, keep_blank_values=True, strict_parsing=False):
        head, _, rest = key.partition("[")
        path = [head] + ([part.rstrip("]") for part in rest.split("[")] if rest else [])
        node = root
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


def sign(payload: bytes, secret: str, timestamp: int) -> str:
    """The ``v1`` signature Stripe puts in ``Stripe-Signature``."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()


class StripeApi:
    def __init__(self, *, secret_key: str | None = None, webhook_secret: str | None = None,
                 meters: tuple[str, ...] = ("rensa_rows",)) -> None:
        self.secret_key = secret_key or "sk_test_" + secrets.token_hex(12)
        self.webhook_secret = webhook_secret or "whsec_" + secrets.token_hex(16)
        self.webhook_url: str | None = None
        self.meters = set(meters)
        self.lock = threading.RLock()
        self.objects: dict[str, dict] = {}
        self.idempotency: dict[str, tuple[str, int, dict]] = {}
        self.meter_events: list[dict] = []
        self.events: list[dict] = []
        self.deliveries: list[dict] = []
        self.requests: list[dict] = []  # method, path, headers that matter, params (what the SDK sent)
        self.failures: list[dict] = []
        self.url = ""
        self._server: ThreadingHTTPServer | None = None

    # ids and objects
    def _new(self, prefix: str, obj: dict) -> dict:
        obj = {"id": f"{prefix}_test_{secrets.token_hex(12)}", **obj, "livemode": False}
        self.objects[obj["id"]] = obj
        return obj

    def _get(self, object_id: str, kind: str, param: str = "id") -> dict:
        found = self.objects.get(object_id)
        if found is None or found["object"] != kind:
            raise StripeApiError(404 if param == "id" else 400, "invalid_request_error",
                                 f"No such {kind.split('.')[-1]}: '{object_id}'", code="resource_missing", param=param)
        return found

    # the API
    def handle(self, method: str, path: str, params: dict) -> tuple[int, dict]:
        parts = path.strip("/").split("/")
        now = int(time.time())
        if method == "POST" and path == "/v1/customers":
            return 200, self._new("cus", {"object": "customer", "created": now, "email": params.get("email"),
                                          "name": params.get("name"), "metadata": params.get("metadata", {}),
                                          "preferred_locales": _locales(params.get("preferred_locales") or [])})
        if method == "GET" and parts[:2] == ["v1", "customers"] and len(parts) == 3:
            return 200, self._get(parts[2], "customer")
        if method == "POST" and path == "/v1/checkout/sessions":
            return 200, self._create_session(params, now)
        if method == "GET" and parts[:3] == ["v1", "checkout", "sessions"] and len(parts) == 4:
            return 200, self._get(parts[3], "checkout.session")
        if method == "POST" and path == "/v1/billing_portal/sessions":
            customer = self._get(_required(params, "customer"), "customer", param="customer")
            return 200, self._new("bps", {"object": "billing_portal.session", "created": now, "customer": customer["id"],
                                          "return_url": params.get("return_url"),
                                          "locale": _locales([params["locale"]], "locale")[0] if params.get("locale") else None, "url": f"{self.url}/portal/{customer['id']}"})
        if method == "POST" and path == "/v1/billing/meter_events":
            return 200, self._meter_event(params, now)
        raise StripeApiError(404, "invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    def _create_session(self, params: dict, now: int) -> dict:
        mode = _required(params, "mode")
        if mode not in ("payment", "subscription", "setup"):
            raise StripeApiError(400, "invalid_request_error", "Invalid mode: must be one of payment, setup, or subscription",
                                 param="mode")
        _required(params, "success_url")
        customer = params.get("customer")
        if customer:
            self._get(customer, "customer", param="customer")
        items = params.get("line_items") or []
        if mode != "setup" and not items:
            raise StripeApiError(400, "invalid_request_error", "line_items is required in payment and subscription mode",
                                 param="line_items")
        amount, currency = 0, None
        for index, item in enumerate(items):
            data = item.get("price_data")
            if data:
                try:
                    amount += int(data["unit_amount"]) * int(item.get("quantity", "1"))
                except (KeyError, ValueError) as e:
                    raise StripeApiError(400, "invalid_request_error", "Invalid integer", param=f"line_items[{index}][price_data][unit_amount]") from e
                currency = data.get("currency")
                if not (data.get("product_data") or {}).get("name"):
                    raise StripeApiError(400, "invalid_request_error", "Missing required param: line_items[0][price_data][product_data][name].",
                                         param=f"line_items[{index}][price_data][product_data][name]")
            elif not item.get("price"):
                raise StripeApiError(400, "invalid_request_error", "You must specify either `price` or `price_data`.",
                                     param=f"line_items[{index}]")
        session = self._new("cs", {
            "object": "checkout.session", "created": now, "expires_at": now + 86400, "mode": mode, "status": "open",
            "payment_status": "unpaid" if mode != "setup" else "no_payment_required",
            "client_reference_id": params.get("client_reference_id"), "customer": customer,
            "metadata": params.get("metadata", {}), "amount_total": amount, "currency": currency,
            "success_url": params["success_url"], "cancel_url": params.get("cancel_url"), "payment_intent": None,
            "subscription": None, "line_items_sent": items,
            "locale": _locales([params["locale"]], "locale")[0] if params.get("locale") else None,
        })
        session["url"] = f"{self.url}/pay/{session['id']}"
        return session

    def _meter_event(self, params: dict, now: int) -> dict:
        name = _required(params, "event_name")
        if name not in self.meters:
            raise StripeApiError(400, "invalid_request_error", f"No active meter was found for event_name '{name}'.",
                                 code="resource_missing", param="event_name")
        payload = params.get("payload") or {}
        self._get(payload.get("stripe_customer_id", ""), "customer", param="payload[stripe_customer_id]")
        value = payload.get("value", "")
        if not value.lstrip("-").isdigit():
            raise StripeApiError(400, "invalid_request_error", "The value must be a number.", param="payload[value]")
        identifier = params.get("identifier") or secrets.token_hex(8)
        if any(e["identifier"] == identifier for e in self.meter_events):
            raise StripeApiError(400, "invalid_request_error", f"An event already exists with identifier {identifier}.",
                                 code="resource_already_exists", param="identifier")
        timestamp = int(params.get("timestamp") or now)
        if not now - 35 * 86400 <= timestamp <= now + 300:
            raise StripeApiError(400, "invalid_request_error", "Timestamp must be within the past 35 days or up to 5 minutes in the future.",
                                 param="timestamp")
        event = {"object": "billing.meter_event", "created": now, "event_name": name, "identifier": identifier,
                 "livemode": False, "payload": payload, "timestamp": timestamp}
        self.meter_events.append(event)
        return event

    # what a payment, refund or cancellation does on Stripe's side
    def pay(self, session_id: str, *, async_payment: bool = False) -> list[dict]:
        """Complete a session as a buyer would; returns the deliveries of the events it sent.
        ``async_payment``: first ``completed`` with ``payment_status=unpaid``, then ``async_payment_succeeded``."""
        with self.lock:
            session = self._get(session_id, "checkout.session")
            if session["status"] != "open":
                raise StripeApiError(400, "invalid_request_error", "This Checkout Session is no longer open.")
            session["status"] = "complete"
            customer = session["customer"] or self._new("cus", {"object": "customer", "created": int(time.time()),
                                                                "email": None, "name": None, "metadata": {}})["id"]
            session["customer"] = customer
            if session["mode"] == "payment":
                intent = self._new("pi", {"object": "payment_intent", "amount": session["amount_total"],
                                          "currency": session["currency"], "customer": customer, "status": "succeeded"})
                charge = self._new("ch", {"object": "charge", "amount": session["amount_total"], "amount_refunded": 0,
                                          "currency": session["currency"], "customer": customer,
                                          "payment_intent": intent["id"], "refunded": False, "paid": True})
                intent["latest_charge"] = charge["id"]
                session["payment_intent"] = intent["id"]
            elif session["mode"] == "subscription":
                session["subscription"] = self._new("sub", {"object": "subscription", "customer": customer,
                                                            "status": "active", "items": session["line_items_sent"]})["id"]
            types = ["checkout.session.completed"]
            if async_payment and session["mode"] == "payment":
                types.append("checkout.session.async_payment_succeeded")
            else:
                session["payment_status"] = "paid" if session["mode"] != "setup" else "no_payment_required"
            events = []
            for kind in types:
                if kind == "checkout.session.async_payment_succeeded":
                    session["payment_status"] = "paid"
                events.append(self.event(kind, session))
        return [self.deliver(e) for e in events]

    def charge_of(self, session_id: str) -> str:
        session = self._get(session_id, "checkout.session")
        return self.objects[session["payment_intent"]]["latest_charge"]

    def refund(self, charge_id: str, amount: int | None = None) -> dict:
        """Refund ``amount`` (default: what is left) of a charge and send ``charge.refunded``."""
        with self.lock:
            charge = self._get(charge_id, "charge")
            left = charge["amount"] - charge["amount_refunded"]
            amount = left if amount is None else amount
            if not 0 < amount <= left:
                raise StripeApiError(400, "invalid_request_error", f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})",
                                     param="amount")
            charge["amount_refunded"] += amount
            charge["refunded"] = charge["amount_refunded"] == charge["amount"]
            self._new("re", {"object": "refund", "amount": amount, "charge": charge_id, "status": "succeeded"})
            event = self.event("charge.refunded", charge)
        return self.deliver(event)

    def dispute(self, charge_id: str, amount: int | None = None, *, inquiry: bool = False) -> dict:
        """The card holder disputes ``amount`` (default: the whole charge) and Stripe sends
        ``charge.dispute.created``: a chargeback (``needs_response``, the money is withdrawn) or an inquiry
        (``warning_needs_response``, nothing withdrawn)."""
        with self.lock:
            charge = self._get(charge_id, "charge")
            charge["disputed"] = True
            dispute = self._new("dp", {
                "object": "dispute", "amount": charge["amount"] if amount is None else amount, "charge": charge_id,
                "currency": charge["currency"], "payment_intent": charge["payment_intent"], "reason": "fraudulent",
                "status": "warning_needs_response" if inquiry else "needs_response", "is_charge_refundable": False,
                "created": int(time.time()), "balance_transactions": []})
            event = self.event("charge.dispute.created", dispute)
        return self.deliver(event)

    def close_dispute(self, dispute_id: str, status: str) -> dict:
        """The dispute ends (``won``, ``lost``, or ``warning_closed`` for an inquiry): ``charge.dispute.closed``."""
        with self.lock:
            dispute = self._get(dispute_id, "dispute")
            dispute["status"] = status
            event = self.event("charge.dispute.closed", dispute)
        return self.deliver(event)

    def cancel_subscription(self, subscription_id: str) -> dict:
        with self.lock:
            subscription = self._get(subscription_id, "subscription")
            subscription["status"] = "canceled"
            event = self.event("customer.subscription.deleted", subscription)
        return self.deliver(event)

    def event(self, kind: str, obj: dict) -> dict:
        event = {"id": f"evt_test_{secrets.token_hex(12)}", "object": "event", "api_version": API_VERSION,
                 "created": int(time.time()), "data": {"object": json.loads(json.dumps(obj))}, "livemode": False,
                 "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None}, "type": kind}
        self.events.append(event)
        return event

    def deliver(self, event: dict, *, secret: str | None = None, timestamp: int | None = None,
                signature: str | None = None, url: str | None = None, body: bytes | None = None) -> dict:
        """POST ``event`` to the webhook endpoint signed as Stripe signs it. ``secret``/``timestamp`` sign it
        otherwise (a wrong secret, a stale time); ``signature`` sends that header as is ("" sends none);
        ``body`` sends other bytes under the event's signature (a forged body)."""
        payload = json.dumps(event, indent=2).encode()  # Stripe sends pretty-printed JSON
        stamp = int(time.time()) if timestamp is None else timestamp
        header = signature if signature is not None else f"t={stamp},v1={sign(payload, secret or self.webhook_secret, stamp)}"
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)"}
        if header:
            headers["Stripe-Signature"] = header
        target = url or self.webhook_url
        request = urllib.request.Request(target, data=body if body is not None else payload, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, answer = response.status, response.read()
        except urllib.error.HTTPError as e:
            status, answer = e.code, e.read()
        delivery = {"event": event["id"], "type": event["type"], "status": status,
                    "answer": json.loads(answer) if answer.startswith(b"{") else answer.decode()}
        self.deliveries.append(delivery)
        return delivery

    def fail(self, path: str, *, when: str = "before", times: int = 1) -> None:
        """The next ``times`` requests to ``path`` answer 500, ``before`` doing anything or ``after`` doing it
        (the answer is lost: the effect happened and the caller does not know)."""
        with self.lock:
            self.failures.extend({"path": path, "when": when} for _ in range(times))

    def _take_failure(self, path: str) -> str | None:
        for i, failure in enumerate(self.failures):
            if failure["path"] == path:
                return self.failures.pop(i)["when"]
        return None

    # HTTP
    def serve(self, method: str, path: str, headers, raw: bytes) -> tuple[int, dict, dict]:
        """``(status, extra headers, body)`` of one API call, with Stripe's auth and idempotency rules."""
        scheme, _, key = headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not hmac.compare_digest(key.encode(), self.secret_key.encode()):
            shown = (key[:8] + "*" * 4 + key[-4:]) if len(key) > 12 else key
            return 401, {}, StripeApiError(401, "invalid_request_error", f"Invalid API Key provided: {shown}").body()
        if method == "POST" and not headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            return 400, {}, StripeApiError(400, "invalid_request_error", "Invalid request: use form encoding.").body()
        text = raw.decode()
        params = decode_form(text) if method == "POST" else decode_form(path.partition("?")[2])
        path = path.partition("?")[0]
        idem = headers.get("Idempotency-Key") if method == "POST" else None
        fingerprint = hashlib.sha256(f"{method} {path} {text}".encode()).hexdigest()
        with self.lock:
            self.requests.append({"method": method, "path": path, "params": params, "idempotency_key": idem,
                                  "stripe_version": headers.get("Stripe-Version")})
            if idem is not None:
                if len(idem) > 255:
                    return 400, {}, StripeApiError(400, "invalid_request_error", "Idempotency-Key is longer than 255 characters.").body()
                seen = self.idempotency.get(idem)
                if seen is not None:
                    if seen[0] != fingerprint:
                        return 400, {}, StripeApiError(
                            400, "idempotency_error",
                            f"Keys for idempotent requests can only be used with the same parameters they were first used with. "
                            f"Try using a key other than '{idem}' if you meant to execute a different request.").body()
                    return seen[1], {"Idempotent-Replayed": "true"}, seen[2]
            when = self._take_failure(path)
            if when == "before":
                status, body = 500, StripeApiError(500, "api_error", "An unknown error occurred").body()
            else:
                try:
                    status, body = self.handle(method, path, params)
                except StripeApiError as e:
                    status, body = e.status, e.body()
                if when == "after":
                    status, body = 500, StripeApiError(500, "api_error", "An unknown error occurred").body()
            if idem is not None:
                self.idempotency[idem] = (fingerprint, status, body)
        return status, {}, body

    def control(self, method: str, path: str, body: dict) -> dict:
        parts = path.strip("/").split("/")[1:]
        if method == "POST" and parts == ["webhook"]:
            self.webhook_url = body["url"]
            return {"url": self.webhook_url, "secret": self.webhook_secret}
        if method == "POST" and len(parts) == 3 and parts[0] == "sessions" and parts[2] == "pay":
            return {"deliveries": self.pay(parts[1], async_payment=bool(body.get("async")))}
        if method == "POST" and len(parts) == 3 and parts[0] == "sessions" and parts[2] == "refund":
            return self.refund(self.charge_of(parts[1]), body.get("amount"))
        if method == "POST" and parts == ["fail"]:
            self.fail(body["path"], when=body.get("when", "before"), times=int(body.get("times", 1)))
            return {"ok": True}
        if method == "GET" and parts == ["state"]:
            return {"meter_events": self.meter_events, "deliveries": self.deliveries,
                    "sessions": [o for o in self.objects.values() if o["object"] == "checkout.session"]}
        raise StripeApiError(404, "invalid_request_error", f"Unrecognized control URL ({method}: {path}).")

    def _page(self, method: str, path: str, form: dict) -> tuple[int, dict, str]:
        """The hosted Checkout page: shows the amount and a Pay button; paying redirects to ``success_url``."""
        parts = path.strip("/").split("/")
        if parts[0] == "portal":
            return 200, {}, "<!DOCTYPE html><title>Billing portal</title><h1>Billing portal (test)</h1><p>Invoices and receipts.</p>"
        session = self.objects.get(parts[1]) if len(parts) == 2 else None
        if session is None or session["object"] != "checkout.session":
            return 404, {}, "<!DOCTYPE html><title>Not found</title><p>No such Checkout Session.</p>"
        if method == "POST":
            if form.get("action") == "cancel":
                return 303, {"Location": session["cancel_url"]}, ""
            self.pay(session["id"])
            return 303, {"Location": session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])}, ""
        amount = f"{session['amount_total'] / 100:.2f} {(session['currency'] or '').upper()}"
        what = html.escape(session["line_items_sent"][0].get("price_data", {}).get("product_data", {}).get("name", "Subscription")
                           if session["line_items_sent"] else "Card set-up")
        page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Checkout (test)</title></head><body>"
                f"<h1>Stripe Checkout (test mode)</h1><p id='what'>{what}</p><p id='amount'>{amount}</p>"
                f"<form method='post'><button id='pay' name='action' value='pay'>Pay</button>"
                f"<button id='cancel' name='action' value='cancel'>Cancel</button></form></body></html>")
        return 200, {}, page

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _send(self, status: int, headers: dict, data: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", "req_" + secrets.token_hex(7))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _answer(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                path = self.path
                if path.startswith(("/pay/", "/portal/")):
                    status, headers, page = fake._page(method, path.partition("?")[0], decode_form(raw.decode()))
                    self._send(status, headers, page.encode(), "text/html; charset=utf-8")
                    return
                if path.startswith("/_fake/"):
                    try:
                        status, headers, body = 200, {}, fake.control(method, path, json.loads(raw or b"{}"))
                    except StripeApiError as e:
                        status, headers, body = e.status, {}, e.body()
                else:
                    status, headers, body = fake.serve(method, path, self.headers, raw)
                self._send(status, headers, json.dumps(body).encode(), "application/json")

            def do_GET(self):
                self._answer("GET")

            def do_POST(self):
                self._answer("POST")

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self.url = f"http://{host}:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.url

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()


# The locales Stripe's Checkout and portal speak (an unknown one is a 400, as Stripe answers).
_STRIPE_LOCALES = frozenset(
    "auto bg cs da de el en en-GB es es-419 et fi fil fr fr-CA hr hu id it ja ko lt lv ms mt nb nl pl pt pt-BR ro ru "
    "sk sl sv th tr vi zh zh-HK zh-TW".split())


def _locales(values, param: str = "preferred_locales") -> list[str]:
    for value in values:
        if value not in _STRIPE_LOCALES:
            raise StripeApiError(400, "invalid_request_error", f"Invalid {param}: {value!r} is not a supported locale.",
                                 param=param)
    return list(values)


def _required(params: dict, name: str) -> str:
    if not params.get(name):
        raise StripeApiError(400, "invalid_request_error", f"Missing required param: {name}.", param=name)
    return params[name]
