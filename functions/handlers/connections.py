"""``/v1/connections``: link a newsletter tool to a connected register's e-mail column.

Secrets are stored Fernet-encrypted. Where Rensa can choose the secret (Mailchimp's URL key, Postmark's
Basic credentials, Brevo's bearer token) it generates one and puts it in the webhook URL to paste.
"""

from __future__ import annotations

import secrets as _secrets
from typing import Literal

from pydantic import Field

from core.i18n import N_, translator
from core.webhooks import SECRET_HELP, SECRET_KEYS
from functions import adapters
from functions.adapters.db import iso
from functions.errors import NotConfigured, RequestError
from functions.request_models import _Strict
from functions.webhooks.flush import flush as flush_connection
from functions.webhooks.flush import locate
from functions.webhooks.store import note_in, said_in

from ._common import authorize, not_found, parse, request_language, respond
from .registers import adopt_language

Provider = Literal["mailchimp", "mandrill", "sendgrid", "mailgun", "postmark", "ses_sns", "brevo", "mailerlite"]
_GENERATED = {"mailchimp": ("url_key",), "postmark": ("basic_user", "basic_pass"), "brevo": ("bearer_token",)}
_SHOWN = {"brevo": ("bearer_token",)}  # generated, and not part of the webhook URL


def pasted_secret(provider: str) -> str | None:
    """The one secret a user copies from the tool into Rensa (None: Rensa makes it and puts it in the URL)."""
    made = (*_GENERATED.get(provider, ()), "webhook_url")
    return next((name for name in SECRET_KEYS[provider] if name not in made), None)


class ConnectionCreate(_Strict):
    provider: Provider
    register_id: str = Field(min_length=1, max_length=40)
    email_column: str = Field(min_length=1, max_length=200)
    secrets: dict[str, str | list[str]] = Field(default_factory=dict)
    # The sidebar sends true: a tool whose signing secret exists before the webhook is refused without it.
    require_secrets: bool = False


class SecretsUpdate(_Strict):
    secrets: dict[str, str | list[str]]


def _hook_url(connection: dict, secrets: dict) -> str:
    """The URL to paste into the tool, on ``RENSA_HOOKS_BASE_URL`` (the hooks target). Never built from the
    request's ``Host``: a forged Host would hand the user (and Mandrill's signature) a stranger's address."""
    base = adapters.get_settings().hooks_base_url.rstrip("/")
    path = f"/v1/hooks/{connection['provider']}/{connection['id']}"
    if connection["provider"] == "mailchimp":
        return f"{base}{path}?key={secrets['url_key']}"
    if connection["provider"] == "postmark":
        scheme, _, host = base.partition("://")
        return f"{scheme}://{secrets['basic_user']}:{secrets['basic_pass']}@{host}{path}"
    return base + path


_LISTS = ("allowed_topic_arns",)  # the one secret that is a list (of whole topic ARNs)


def _check_keys(provider: str, secrets: dict) -> None:
    unknown = sorted(set(secrets) - set(SECRET_KEYS[provider]))
    if unknown:
        raise RequestError(N_("secrets.{name}: {provider} takes only {keys}."), code="request.invalid",
                           field=f"secrets.{unknown[0]}", name=unknown[0], provider=provider,
                           keys=", ".join(SECRET_KEYS[provider]))
    for name, value in secrets.items():
        if name in _LISTS:
            value = [value] if isinstance(value, str) else value
            if not value or not all(isinstance(item, str) and item.strip() for item in value):
                raise RequestError(N_("secrets.{name}: give one or more whole topic ARNs."), code="request.invalid",
                                   field=f"secrets.{name}", name=name)
        elif not isinstance(value, str) or not value.strip():
            raise RequestError(N_("secrets.{name}: a secret is one piece of text."), code="request.invalid",
                               field=f"secrets.{name}", name=name)


def create(request):
    who = authorize(request, "registers")
    body = parse(request, ConnectionCreate)
    if not adapters.get_settings().hooks_base_url:
        raise NotConfigured(N_("Webhook connections need RENSA_HOOKS_BASE_URL, the public address of the hooks "
                               "target."))
    register = adapters.get_db().get_register(who.account_id, body.register_id)
    if register is None:
        raise not_found(N_("register"), "register_id")
    _check_keys(body.provider, body.secrets)
    adopt_language(who, register)  # the flush marks bounces in the sheet in the language of who connected the tool
    help_ = SECRET_HELP.get(body.provider)
    if body.require_secrets and help_ and help_["when"] == "before" and not body.secrets.get(help_["key"]):
        from functions.errors import RequestError

        raise RequestError(SECRET_NEEDED, code="connection.secret_missing", field=f"secrets.{help_['key']}",
                           secret_label=help_["label"], where_label=help_["where"])
    secrets = dict(body.secrets)
    for name in _GENERATED.get(body.provider, ()):
        secrets.setdefault(name, _secrets.token_urlsafe(18) if name != "basic_user" else "rensa")
    store = adapters.get_hook_store()
    connection = store.add_connection(who.account_id, register_id=body.register_id, provider=body.provider,
                                      email_column=body.email_column, secrets=secrets)
    url = _hook_url(connection, secrets)
    if body.provider == "mandrill" and "webhook_url" not in secrets:
        store.set_secrets(who.account_id, connection["id"], {"webhook_url": url})
        secrets["webhook_url"] = url
    missing = [k for k in SECRET_KEYS[body.provider] if k not in secrets]
    # A generated secret that is not in the URL (Brevo's bearer token) must be shown once, to paste into the tool.
    shown = {name: secrets[name] for name in _SHOWN.get(body.provider, ()) if name not in body.secrets}
    language = request_language(body)
    waiting = secret_waiting(help_, language) if help_ and help_["key"] in missing else None
    return respond({**said_in(language, connection), "webhook_url": url, "missing_secrets": missing, "generated_secrets": shown,
                    "secret_waiting": waiting}, 201)


SECRET_NEEDED = N_("Paste {secret_label} ({where_label}) first: without it Rensa cannot tell real bounces from fakes.")


def secret_waiting(help_: dict, language: str) -> str:
    return translator(language)._(
        N_("Not connected yet: paste {secret_label} ({where_label}) here. Until then Rensa refuses the tool's calls."),
        secret_label=help_["label"], where_label=help_["where"])


def _secret_help(name: str, language: str) -> dict | None:
    """A tool's SECRET_HELP with its words (what the secret is called, where it is) in ``language``."""
    found = SECRET_HELP.get(name)
    if found is None:
        return None
    t = translator(language)
    label, where = found["label"], found["where"]  # marked in core.webhooks.SECRET_HELP
    return {**found, "label": t.gettext(label), "where": t.gettext(where)}


def providers(request):
    """The tools Rensa connects to, with the secret each needs in a person's words (for the sidebar)."""
    authorize(request, "registers")
    language = request_language(None, request)
    return respond({"providers": [
        {"provider": name, "secret": _secret_help(name, language)} for name in SECRET_KEYS
    ]})


def set_secrets(request, connection_id: str):
    who = authorize(request, "registers")
    body = parse(request, SecretsUpdate)
    connection = adapters.get_hook_store().get_connection(who.account_id, connection_id) or _missing()
    _check_keys(connection["provider"], body.secrets)
    adapters.get_hook_store().set_secrets(who.account_id, connection_id, body.secrets)
    return respond({**said_in(request_language(None, request), connection), "updated": sorted(body.secrets)})


def list_all(request):
    who = authorize(request, "registers")
    language = request_language(None, request)
    return respond({"connections": [said_in(language, c) for c in adapters.get_hook_store().list_connections(who.account_id)]})


def get(request, connection_id: str):
    """One connection with its recent events; its last problem and the events' notes in the asker's language.

    Rensa keeps only a keyed hash of each event's address, so who an event is about is read from the sheet
    now: the rows holding the address and the address as the sheet holds it (``locate``); both are null
    when the sheet cannot be read (``sheet_problem`` says why), ``rows`` is empty when it is not in the sheet."""
    who = authorize(request, "registers")
    store = adapters.get_hook_store()
    connection = store.get_connection(who.account_id, connection_id) or _missing()
    language = request_language(None, request)
    recent = store.events(connection_id, limit=200)
    found, problem = locate(store, adapters.get_db(), adapters.get_sheets(), {**connection, "account_id": who.account_id},
                            {h for e in recent for h in (e["email_hash"], e["new_email_hash"]) if h})
    unknown: dict[str, list | None] = {"rows": None, "email": None} if problem else {"rows": [], "email": None}
    shown = ("event_id", "kind", "provider_event", "rule", "reason", "state", "note")
    # The customer of an applied address change is found by the new address, which the sheet now holds.
    events = [note_in(language, {k: e[k] for k in shown})
              | found.get(e["email_hash"], found.get(e["new_email_hash"] or "", unknown))
              | {"occurred_at": iso(e["occurred_at"]) if e["occurred_at"] else None} for e in recent]
    return respond({**said_in(language, connection), "counts": store.counts(connection_id),
                    "sheet_problem": problem and problem.text(language), "sheet_problem_code": problem and problem.code,
                    "pending": [e for e in events if e["state"] == "pending"],
                    "done": [e for e in events if e["state"] != "pending"]})


def delete(request, connection_id: str):
    who = authorize(request, "registers")
    if not adapters.get_hook_store().delete_connection(who.account_id, connection_id):
        _missing()
    return respond({"id": connection_id, "deleted": True})


def flush(request, connection_id: str):
    who = authorize(request, "registers")
    adapters.get_hook_store().get_connection(who.account_id, connection_id) or _missing()
    return respond(flush_connection(adapters.get_hook_store(), adapters.get_db(), adapters.get_sheets(), connection_id,
                                    language=request_language(None, request)))


def _missing():
    raise not_found(N_("connection"), "connection_id")


