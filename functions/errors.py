"""HTTP-side errors and the one place that turns any exception into a JSON response.

Every error the API answers with is ``{"code", "message", "row", "field"}``. ``RensaError`` (core's base)
carries those four; the subclasses here add the HTTP status. Anything else becomes a 500 with an opaque
id that is logged together with the traceback and never shows internals.
"""

from __future__ import annotations

import uuid

from werkzeug.exceptions import HTTPException

from core.errors import RensaError
from core.i18n import N_, negotiate
from core.webhooks import WebhookRejected
from functions.logs import logger

log = logger("rensa.functions")  # never writes an address (functions/logs.py)


class RequestError(RensaError):
    """The request cannot be served as sent (malformed JSON, wrong types, limits)."""

    status = 400
    code = "request.invalid"
    message = N_("The request is not valid.")


class PayloadTooLarge(RequestError):
    status = 413
    code = "request.too_large"
    message = N_("The request is too large.")


class AuthError(RensaError):
    """The caller is not authenticated: no, expired, foreign or revoked credentials."""

    status = 401
    code = "auth.invalid"
    message = N_("Sign in again: the credentials were not accepted.")


class ForbiddenError(AuthError):
    """Authenticated, but not allowed (scope missing)."""

    status = 403
    code = "auth.forbidden"
    message = N_("This key is not allowed to do that.")


class NotFoundError(RequestError):
    status = 404
    code = "not_found"
    message = N_("Not found.")


class ConflictError(RequestError):
    status = 409
    code = "conflict"
    message = N_("The resource changed; try again.")


class PaymentRequired(RensaError):
    status = 402
    code = "billing.limit_reached"
    message = N_("The free rows and credits are used up.")


class TooManyRequests(RensaError):
    """Too much of something free in too short a time; ``retry_after`` (seconds) goes into ``Retry-After``."""

    status = 429
    code = "rate_limited"
    message = N_("Too many requests; wait a minute and try again.")

    def __init__(self, message: str | tuple[str, str] | None = None, *, retry_after: int, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = int(retry_after)


class UpstreamError(RensaError):
    """Google (Sheets) answered with an error we pass on in plain words."""

    status = 502
    code = "sheets.error"
    message = N_("Google Sheets did not answer as expected; try again in a minute.")


# A refused webhook call by its code. Authentication failures are 401, never 406 (Mailgun treats 406 as "stop
# retrying", which we do not want for a key the user can fix).
_WEBHOOK_STATUS = {"webhook.unknown_provider": 404, "webhook.wrong_method": 405, "webhook.wrong_content_type": 415,
                   "webhook.not_configured": 409}
_WEBHOOK_AUTH = ("bad_signature", "missing_signature", "bad_credentials", "missing_credentials", "stale",
                 "untrusted_cert_url", "unexpected_topic", "replayed")


def status_of(error: RensaError) -> int:
    """HTTP status for a Rensa error; core's own errors (bad input) are 400."""
    if isinstance(error, WebhookRejected):
        return 401 if error.code.removeprefix("webhook.") in _WEBHOOK_AUTH else _WEBHOOK_STATUS.get(error.code, 400)
    return getattr(error, "status", 400)


_HTTP_MESSAGES = {
    404: N_("There is no such endpoint; see /v1/openapi.yaml."),
    405: N_("This endpoint does not accept that method."),
    413: N_("The request is too large."),
}


def response_language() -> str:
    """The language of the current request's texts: the one its body asked for (``options.language``,
    remembered by ``handlers._common.request_language``), else its ``Accept-Language``, else English."""
    import flask

    if not flask.has_request_context():
        return "en"
    chosen = flask.g.get("rensa_language")
    return chosen or negotiate(flask.request.headers.get("Accept-Language"))


def to_response(error: BaseException):
    """The ``(body, status)`` for any exception: Rensa errors as they are, HTTP errors by code, else 500.
    Messages are in the request's language; codes never change."""
    language = response_language()
    if isinstance(error, RensaError):
        body = error.to_dict(language)
        if body["row"] is not None and body["row"] < 1:  # a header problem (core's row 0) has no data row
            body["row"] = None
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            return body, status_of(error), {"Retry-After": str(retry_after)}
        return body, status_of(error)
    if isinstance(error, HTTPException):
        status = error.code or 500
        code = {404: "not_found", 405: "method_not_allowed", 413: "request.too_large"}.get(status, "http.error")
        template = _HTTP_MESSAGES.get(status) or N_("The request failed.")
        message = RensaError(template).text(language)
        body = {"code": code, "message": message, "row": None, "field": None}
        allowed = getattr(error, "valid_methods", None)  # werkzeug's MethodNotAllowed has them
        if status == 405 and allowed:  # RFC 9110: say what is allowed
            return body, 405, {"Allow": ", ".join(sorted(allowed))}
        return body, status
    error_id = uuid.uuid4().hex[:12]
    log.error("internal error %s", error_id, exc_info=(type(error), error, error.__traceback__))
    message = RensaError(N_("Something went wrong on our side (error id {error_id}). Try again; if it persists, "
                            "quote the id."), error_id=error_id).text(language)
    return {"code": "internal", "message": message, "row": None, "field": None, "error_id": error_id}, 500


class SheetsAccessError(RensaError):
    """Google says the service account may not open the spreadsheet."""

    status = 403
    code = "sheets.no_access"
    message = N_("Rensa cannot open this spreadsheet: share it with Rensa's service account as editor.")


class RateLimited(RensaError):
    status = 429
    code = "sheets.rate_limited"
    message = N_("Google Sheets is rate-limiting requests; wait a minute and try again.")


class NotConfigured(RensaError):
    status = 503
    code = "server.not_configured"
    message = N_("This server is not configured for that feature.")


class BillingNotConfigured(RensaError):
    """No Stripe key on this server: buying and the portal are off, everything else works."""

    status = 501
    code = "billing.not_configured"
    message = N_("Payments are not set up on this server (no Stripe key). Ask the operator to set "
                 "RENSA_STRIPE_SECRET_KEY, or contact support to add credits.")
