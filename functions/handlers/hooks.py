"""``/v1/hooks/{provider}/{connection_id}`` on the ``hooks`` target: receive a newsletter tool's webhook.

Parse (raw bytes, as received) -> authenticate and read (``core.webhooks.read_webhook`` with the
connection's secrets) -> record the events idempotently -> answer 200 at once. Applying to the sheet
happens in a flush. A rejected call answers 4xx and changes nothing.

``POST /v1/hooks/flush`` is for a scheduler (Cloud Scheduler, every few minutes): it flushes every
connection with pending events that is not backing off, and drops expired Mailgun tokens. It takes
``Authorization: Bearer <RENSA_SCHEDULER_TOKEN>``; without that setting the endpoint is off (404).
"""

from __future__ import annotations

import hmac

import requests

from core.webhooks import WebhookRejected, WebhookRequest, read_webhook
from functions import adapters
from functions.adapters.db import utcnow
from functions.errors import AuthError, NotFoundError
from functions.webhooks.flush import flush_due as _flush_due

from ._common import respond

# Auth failures are 401 (Mailgun treats 406 as "stop retrying", which we do not want for a fixable key).
_STATUS = {"webhook.unknown_provider": 404, "webhook.wrong_method": 405, "webhook.wrong_content_type": 415,
           "webhook.not_configured": 409}
_AUTH = ("bad_signature", "missing_signature", "bad_credentials", "missing_credentials", "stale",
         "untrusted_cert_url", "unexpected_topic", "replayed")
_NOT_FOUND = {"code": "not_found", "message": "There is no such webhook connection.", "row": None, "field": None}


def _status(code: str) -> int:
    return 401 if code.removeprefix("webhook.") in _AUTH else _STATUS.get(code, 400)


def receive(request, provider: str, connection_id: str):
    store = adapters.get_hook_store()
    found = store.connection_for_hook(connection_id)
    if found is None or found[1] != provider:
        return respond(_NOT_FOUND, 404)
    call = WebhookRequest(request.method, request.url, dict(request.headers), request.get_data(cache=False))
    try:
        try:
            result = read_webhook(provider, call, secrets=found[2], now=utcnow(), fetch_cert=adapters.get_cert_fetcher())
        except WebhookRejected as error:
            # The cached secrets may be older than a change made on another instance: look once more.
            if _status(error.code) != 401:
                raise
            store.forget(connection_id)
            fresh = store.connection_for_hook(connection_id)
            if fresh is None or fresh[1:] == found[1:]:
                raise
            result = read_webhook(provider, call, secrets=fresh[2], now=utcnow(), fetch_cert=adapters.get_cert_fetcher())
    except WebhookRejected as error:
        return respond(error.to_dict(), _status(error.code))
    except requests.RequestException:  # SNS's certificate could not be fetched: 502, SNS retries later
        return respond({"code": "webhook.cert_unavailable", "row": None, "field": None,
                        "message": "The signing certificate could not be fetched; try again later."}, 502)
    if result.handshake and result.handshake.action == "confirm_subscription":
        requests.get(result.handshake.confirm_url, timeout=5, allow_redirects=False).raise_for_status()
    try:
        new = store.record(connection_id, result.events, nonce=result.nonce)
    except WebhookRejected as error:  # a Mailgun token re-used with other content
        return respond(error.to_dict(), _status(error.code))
    if new is None:
        return respond(_NOT_FOUND, 404)
    body = {"received": len(result.events), "new": new, "skipped": [s.model_dump() for s in result.skipped],
            "handshake": result.handshake.action if result.handshake else None}
    return respond(body if request.method != "HEAD" else None, 200)


def require_scheduler(request) -> None:
    """The caller holds ``RENSA_SCHEDULER_TOKEN`` (Cloud Scheduler); without that setting the endpoint is off (404)."""
    expected = adapters.get_settings().scheduler_token
    if not expected:
        raise NotFoundError("There is no such endpoint; see /v1/openapi.yaml.", code="not_found")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise AuthError("The scheduler token was not accepted.", code="auth.invalid")


def flush_due(request):
    require_scheduler(request)
    store = adapters.get_hook_store()
    results = _flush_due(store, adapters.get_db(), adapters.get_sheets())
    purged = store.purge_tokens()
    waiting = sum(r.get("waiting", 0) for r in results)
    applied = sum(r.get("applied", 0) for r in results)
    return respond({"connections": len(results), "applied": applied, "waiting": waiting, "tokens_purged": purged,
                    "results": results})
