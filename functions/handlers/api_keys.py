"""``POST/GET /v1/api-keys`` and ``DELETE /v1/api-keys/{id}``: keys are shown once, stored hashed."""

from __future__ import annotations

from core.i18n import N_
from functions import adapters
from functions.adapters.auth import DEFAULT_KEY_SCOPES
from functions.errors import ForbiddenError
from functions.request_models import ApiKeyCreate

from ._common import authorize, not_found, parse, respond


def create(request):
    who = authorize(request, "keys")
    body = parse(request, ApiKeyCreate)
    scopes = sorted(set(DEFAULT_KEY_SCOPES if body.scopes is None else body.scopes))  # [] is refused (400)
    if not set(scopes) <= who.scopes:
        raise ForbiddenError(N_("A key cannot create a key with scopes it does not have."), code="auth.scope",
                             field="scopes")
    auth = adapters.get_auth()
    key, prefix, key_hash = auth.new_key()
    record = adapters.get_db().add_api_key(who.account_id, name=body.name, prefix=prefix, key_hash=key_hash, scopes=scopes)
    return respond({**record, "key": key}, 201)


def list_all(request):
    who = authorize(request, "keys")
    return respond({"api_keys": adapters.get_db().list_api_keys(who.account_id)})


def delete(request, key_id: str):
    who = authorize(request, "keys")
    db = adapters.get_db()
    if who.via == "api_key":  # a key may revoke only keys that can do no more than itself
        target = next((k for k in db.list_api_keys(who.account_id) if k["id"] == key_id), None)
        if target is not None and not set(target["scopes"]) <= who.scopes:
            raise ForbiddenError(N_("A key cannot revoke a key with scopes it does not have."), code="auth.scope",
                                 field="key_id")
    if not db.revoke_api_key(who.account_id, key_id):
        raise not_found(N_("API key"), "key_id")
    return respond({"id": key_id, "revoked": True})
