"""``/v1/hooks/{provider}/{connection_id}`` on the ``hooks`` target: receive a newsletter tool's webhook.

Parse (raw bytes, as received) -> authenticate and read (``core.webhooks.read_webhook`` with the
connection's secrets) -> record the events idempotently -> answer 200 at once. Applying to the sheet
happens in a flush. A rejected call answers 4xx and changes nothing (``functions.errors.status_of`` gives a
refusal its status: 401 for authentication, so a provider retries after a key is fixed).

``POST /v1/hooks/flush`` is for a scheduler (Cloud Scheduler, every few minutes): it flushes every
connection with pending events that is not backing off, drops expired Mailgun tokens, and deletes settled
events older than ``store.EVENT_RETENTION`` (a year). It takes
``Authorization: Bearer <RENSA_SCHEDULER_TOKEN>``; without that setting the endpoint is off (404).
"""

from __future__ import annotations

import hmac

from core.i18n import N_
from core.webhooks import WebhookRejected, WebhookRequest, read_webhook
from functions import adapters
from functions.adapters.db import utcnow
from functions.errors import AuthError, NotFoundError, status_of
from functions.webhooks.flush import flush_due as _flush_due

from ._common import respond


def receive(request, provider: str, connection_id: str):
    store, sns = adapters.get_hook_store(), adapters.get_cert_fetcher()
    call = WebhookRequest(request.method, request.url, dict(request.headers), request.get_data(cache=False))
    account_id, result = _read(store, provider, connection_id, call, fetch_cert=sns)
    if result.handshake and result.handshake.action == "confirm_subscription":
        sns.confirm(result.handshake.confirm_url)
    # a Mailgun token re-used raises
    new = store.record(connection_id, result.events, account_id=account_id, nonce=result.nonce)
    if new is None:
        raise _no_connection()
    body = {"received": len(result.events), "new": new, "skipped": [s.model_dump() for s in result.skipped],
            "handshake": result.handshake.action if result.handshake else None}
    return respond(body if request.method != "HEAD" else None, 200)


def _read(store, provider: str, connection_id: str, call: WebhookRequest, *, fetch_cert):
    """The connection's account and the call read with the connection's secrets; a refused signature is tried
    once more with the secrets as stored now, since the cached ones may be older than a change made on
    another instance."""
    found = store.connection_for_hook(connection_id)
    if found is None or found[1] != provider:
        raise _no_connection()
    try:
        return found[0], read_webhook(provider, call, secrets=found[2], now=utcnow(), fetch_cert=fetch_cert)
    except WebhookRejected as error:
        if status_of(error) != 401:
            raise
        store.forget(connection_id)
        fresh = store.connection_for_hook(connection_id)
        if fresh is None or fresh[1:] == found[1:]:
            raise
        return fresh[0], read_webhook(provider, call, secrets=fresh[2], now=utcnow(), fetch_cert=fetch_cert)


def _no_connection() -> NotFoundError:
    return NotFoundError(N_("There is no such webhook connection."), code="not_found")


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
                    "events_purged": store.purge_settled(), "results": results})
