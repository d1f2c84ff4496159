"""The route tables of the two targets and the dispatcher that serves them.

Each route is ``(method, pattern, handler)``; patterns use werkzeug's syntax (``/v1/registers/<id>``)
and path parameters reach the handler as keyword arguments. A new endpoint is one line here.
"""

from __future__ import annotations

import re
import time

from werkzeug.routing import Map, Rule

from functions import adapters
from functions.handlers import (
    api_keys,
    billing,
    check,
    clean,
    companies,
    connections,
    duplicates,
    health,
    hooks,
    jobs,
    registers,
    suppression,
    team,
    upkeep,
    usage,
    vocabulary,
)

API_ROUTES = [
    ("GET", "/v1/health", health.get),
    ("GET", "/v1/openapi.yaml", health.openapi),
    ("GET", "/v1/vocabulary", vocabulary.get),
    ("POST", "/v1/clean", clean.post),
    ("POST", "/v1/check", check.post),
    ("POST", "/v1/registers", registers.create),
    ("GET", "/v1/registers", registers.list_all),
    ("GET", "/v1/registers/<register_id>", registers.get),
    ("DELETE", "/v1/registers/<register_id>", registers.delete),
    ("PATCH", "/v1/registers/<register_id>", registers.update),
    ("POST", "/v1/registers/<register_id>/clean", registers.clean),
    ("PUT", "/v1/registers/<register_id>/upkeep", upkeep.put),
    ("GET", "/v1/registers/<register_id>/upkeep", upkeep.get),
    ("DELETE", "/v1/registers/<register_id>/upkeep", upkeep.delete),
    ("GET", "/v1/registers/<register_id>/history", upkeep.history),
    ("POST", "/v1/registers/<register_id>/upkeep/run", upkeep.run_now),
    ("POST", "/v1/api-keys", api_keys.create),
    ("GET", "/v1/api-keys", api_keys.list_all),
    ("DELETE", "/v1/api-keys/<key_id>", api_keys.delete),
    ("GET", "/v1/usage", usage.get),
    ("POST", "/v1/connections", connections.create),
    ("GET", "/v1/providers", connections.providers),
    ("GET", "/v1/connections", connections.list_all),
    ("GET", "/v1/connections/<connection_id>", connections.get),
    ("DELETE", "/v1/connections/<connection_id>", connections.delete),
    ("POST", "/v1/connections/<connection_id>/secrets", connections.set_secrets),
    ("POST", "/v1/connections/<connection_id>/flush", connections.flush),
    ("POST", "/v1/suppression-lists", suppression.create),
    ("GET", "/v1/suppression-lists", suppression.list_all),
    ("DELETE", "/v1/suppression-lists/<list_id>", suppression.delete),
    ("POST", "/v1/suppression-lists/<list_id>/entries", suppression.append),
    ("POST", "/v1/call-time", suppression.call_time),
    # teams and Stripe billing (issue 13)
    ("GET", "/v1/team", team.get),
    ("PATCH", "/v1/team", team.update),
    ("POST", "/v1/team/members", team.invite),
    ("DELETE", "/v1/team/members/<member_id>", team.remove),
    ("POST", "/v1/team/invitations/<account_id>", team.accept),
    ("POST", "/v1/billing/checkout", billing.checkout),
    ("POST", "/v1/billing/portal", billing.portal),
    ("GET", "/v1/billing/done", billing.done),
    # Clean jobs: a price before the work, one reservation per job; duplicates of large registers (issue 12).
    ("POST", "/v1/quotes", jobs.quote),
    ("POST", "/v1/jobs", jobs.start),
    ("GET", "/v1/jobs/<job_id>", jobs.get),
    ("POST", "/v1/jobs/<job_id>/finish", jobs.finish),
    ("POST", "/v1/duplicates", duplicates.post),
    ("POST", "/v1/duplicates/keys", duplicates.keys),
    ("POST", "/v1/duplicates/pairs", duplicates.pairs),
    ("POST", "/v1/duplicates/clusters", duplicates.clusters),
]

# Only the providers the document names: a path like /v1/hooks/flush is never a provider's (nor a GET/HEAD of one).
_PROVIDERS = ",".join(("mailchimp", "mandrill", "sendgrid", "mailgun", "postmark", "ses_sns", "brevo", "mailerlite"))

# Public, vendor-signature-authenticated routes (issue 5 adds one line per provider endpoint).
HOOK_ROUTES: list = [
    ("GET", "/v1/health", health.get),
    ("POST", "/v1/hooks/flush", hooks.flush_due),
    ("POST", "/v1/hooks/upkeep", upkeep.run),
    ("POST", "/v1/hooks/stripe", billing.stripe_webhook),
    ("POST", "/v1/hooks/report-usage", billing.report_usage),
    ("POST", "/v1/hooks/companies/refresh", companies.refresh),
    ("POST", f"/v1/hooks/<any({_PROVIDERS}):provider>/<connection_id>", hooks.receive),
    ("GET", f"/v1/hooks/<any({_PROVIDERS}):provider>/<connection_id>", hooks.receive),
    ("HEAD", f"/v1/hooks/<any({_PROVIDERS}):provider>/<connection_id>", hooks.receive),
]

_maps: dict[int, Map] = {}


def _map_for(routes: list) -> Map:
    key = id(routes)
    if key not in _maps:
        _maps[key] = Map(
            [Rule(pattern, methods=[method], endpoint=handler) for method, pattern, handler in routes],
            strict_slashes=False,
            merge_slashes=False,  # _route_path merges them, so no redirect is ever raised
        )
    return _maps[key]


def dispatch(request, routes: list):
    """Find the handler for ``request`` in ``routes`` and call it; 404/405 raise as werkzeug errors."""
    # Bound to the path alone, not to the Host header: a forged or malformed Host must not change what is
    # served nor raise (``//v1/health`` with a bad Host was a 500).
    adapter = _map_for(routes).bind("rensa.invalid", path_info=_route_path(request.path), url_scheme="http")
    handler, params = adapter.match(method=request.method)
    start = time.perf_counter()
    response = handler(request, **params)
    if hasattr(response, "headers"):
        if adapters.get_settings().server_timing:  # how long the handler took, for benchmarks (not in production)
            response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.1f}"
        secure_headers(response.headers)
    return response


def _route_path(path: str) -> str:
    """The path as routed: doubled slashes are one (``/v1//health`` is ``/v1/health``), as a proxy would serve it.

    >>> _route_path("//v1//registers/reg_1/"), _route_path("/")
    ('/v1/registers/reg_1/', '/')
    """
    return re.sub("/{2,}", "/", path)


def secure_headers(headers) -> None:
    """What every answer carries: never sniffed as another type, never stored by a cache (answers hold keys,
    secrets and register data)."""
    headers["X-Content-Type-Options"] = "nosniff"
    headers.setdefault("Cache-Control", "no-store")
