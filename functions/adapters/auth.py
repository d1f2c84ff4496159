"""Who is calling: a Google ID token (the add-on) or a Rensa API key (``rk_...``), resolved to an account.

ID tokens are verified with google-auth (RS256 signature against Google's certificates, ``exp``/``iat``
with a small clock skew, ``aud`` in the configured OAuth client ids, ``iss`` accounts.google.com); the
account is keyed on ``sub``. The certificates are fetched through a caching transport that honours
``Cache-Control: max-age``, so a warm instance does not fetch them per request, and a verified token is
remembered (by its SHA-256) until 30 s before its ``exp``, so the add-on's calls in one sitting verify it once.
API keys are shown once at creation and stored only as HMAC-SHA256(pepper, key).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from google.auth import exceptions as google_exceptions
from google.auth import jwt as google_jwt
from google.auth.transport import Request as TransportRequest
from google.auth.transport import Response as TransportResponse
from google.auth.transport import requests as google_requests
from google.oauth2 import id_token

from core.i18n import N_
from functions.errors import AuthError, ForbiddenError, UpstreamError

from .db import Database
from .teams import Teams

SCOPES = ("clean", "check", "registers", "usage", "keys")
DEFAULT_KEY_SCOPES = ("clean", "check", "registers", "usage")
GOOGLE_ISSUERS = ("accounts.google.com", "https://accounts.google.com")
KEY_PREFIX = "rk_"

VERIFIED_MARGIN_SECONDS = 30  # a cached ID token is verified again this long before its exp
VERIFIED_MAX = 10_000  # cached ID tokens per instance (one per user and hour)

_MAX_AGE = re.compile(r"max-age=(\d+)")


# What a team member (not owner) signed in with Google may do: clean, check, connect registers and tools,
# see usage. Billing, members and API keys are the owner's (``Principal.require_owner``).
MEMBER_SCOPES = frozenset({"clean", "check", "registers", "usage"})
TEAM_HEADER = "X-Rensa-Team"  # the team a person in several teams acts on (the add-on's team chooser)


@dataclass(frozen=True)
class Principal:
    account_id: str
    scopes: frozenset[str]
    via: str  # "google", "api_key" or "upkeep" (the scheduler, for the account that set the upkeep up)
    key_id: str | None = None
    role: str = "owner"  # "owner" or "member"; an API key acts as the account (keys are made by owners)
    member_id: str | None = None
    sub: str | None = None  # the Google user, for team lists
    email: str | None = None  # their address, if Google verified it (invitations are addressed to it)

    def require(self, scope: str) -> None:
        if scope not in self.scopes:
            if self.via == "google":
                raise ForbiddenError(
                    N_("Only the team's owner can do that. Ask an owner of this team."), code="team.owner_only"
                )
            raise ForbiddenError(
                N_("This API key does not have the '{scope}' scope. Create a key with that scope."), code="auth.scope",
                scope=scope
            )

    def require_owner(self) -> None:
        if self.role != "owner":
            raise ForbiddenError(N_("Only the team's owner can do that. Ask an owner of this team."), code="team.owner_only")


class _CachedResponse(TransportResponse):
    def __init__(self, status: int, headers: dict, data: bytes) -> None:
        self._status, self._headers, self._data = status, headers, data

    @property
    def status(self) -> int:
        return self._status

    @property
    def headers(self) -> dict:
        return self._headers

    @property
    def data(self) -> bytes:
        return self._data


class CachingRequest(TransportRequest):
    """A google-auth transport that caches successful GETs for their ``max-age`` (default 300 s)."""

    def __init__(self, session: requests.Session | None = None) -> None:
        self._inner = google_requests.Request(session or requests.Session())
        self._cache: dict[str, tuple[float, _CachedResponse]] = {}
        self._lock = threading.Lock()

    def __call__(self, url: str, method: str = "GET", body: bytes | None = None, headers: Mapping[str, str] | None = None,
                 timeout: float | None = 10, **kwargs: Any) -> TransportResponse:
        if method != "GET":
            return self._inner(url, method=method, body=body, headers=headers, timeout=timeout, **kwargs)
        with self._lock:
            hit = self._cache.get(url)
        if hit and hit[0] > time.monotonic():
            return hit[1]
        response = self._inner(url, method="GET", headers=headers, timeout=timeout, **kwargs)
        cached = _CachedResponse(response.status, dict(response.headers), response.data)
        if response.status == 200:
            match = _MAX_AGE.search(response.headers.get("Cache-Control", ""))
            ttl = int(match.group(1)) if match else 300
            with self._lock:
                self._cache[url] = (time.monotonic() + ttl, cached)
        return cached


def _readable_claims(token: str) -> dict[str, Any]:
    """The token's claims, read before any check; an ``auth.malformed_token`` AuthError when the token is not a
    JWT with numeric ``iat`` and ``exp`` (what google-auth's checks compare)."""
    try:
        claims = google_jwt.decode(token, verify=False)
    except (ValueError, TypeError, google_exceptions.GoogleAuthError) as e:
        raise AuthError(N_("The sign-in token cannot be read."), code="auth.malformed_token") from e
    if not all(isinstance(claims.get(name), int | float) for name in ("iat", "exp")):
        raise AuthError(N_("The sign-in token cannot be read."), code="auth.malformed_token")
    return claims


def _refuse_times_and_audience(claims: dict[str, Any], *, audiences: list[str], skew: int, now: int) -> None:
    """Raise the AuthError for a token used too early, expired or issued for another client, as google-auth
    would refuse it (same order, same clock skew). These checks only ever refuse: a token that passes them is
    still verified whole (signature, times, audience) by google-auth."""
    if now < claims["iat"] - skew:
        raise AuthError(N_("The sign-in token is not valid yet; check the computer's clock."), code="auth.token_not_yet_valid")
    if claims["exp"] + skew < now:
        raise AuthError(N_("The sign-in token has expired. Reload the add-on and try again."), code="auth.token_expired")
    if claims.get("aud") not in audiences:
        raise AuthError(N_("The sign-in token was issued for another application."), code="auth.wrong_audience")


class Auth:
    def __init__(
        self,
        db: Database,
        *,
        teams: Teams | None = None,
        client_ids: tuple[str, ...],
        certs_url: str,
        clock_skew_seconds: int,
        pepper: str,
        transport: CachingRequest | None = None,
    ) -> None:
        self.db = db
        self._teams = teams
        self.client_ids = list(client_ids)
        self.certs_url = certs_url
        self.clock_skew_seconds = clock_skew_seconds
        self.pepper = pepper.encode()
        self.transport = transport or CachingRequest()
        # sha256(token) -> ((sub, verified email), monotonic deadline): a warm instance verifies each ID token
        # once. Only the identity is cached: its team and role are looked up on every call, so removing a
        # member takes effect at once.
        self._verified: dict[str, tuple[tuple[str, str | None], float]] = {}
        self._verified_lock = threading.Lock()

    @property
    def teams(self) -> Teams:
        if self._teams is None:
            self._teams = Teams(self.db.engine)
        return self._teams

    def hash_key(self, key: str) -> str:
        return hmac.new(self.pepper, key.encode(), hashlib.sha256).hexdigest()

    def new_key(self) -> tuple[str, str, str]:
        """``(plaintext key, display prefix, stored hash)`` for a new API key."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        return key, key[:11], self.hash_key(key)

    def authenticate(self, headers: Mapping[str, str]) -> Principal:
        """The caller behind ``Authorization: Bearer ...`` or ``X-Api-Key``; raises ``AuthError``."""
        api_key = (headers.get("X-Api-Key") or "").strip() or None  # an empty header is no key (a Bearer may follow)
        authorization = headers.get("Authorization", "")
        if api_key is None and authorization:
            scheme, _, credential = authorization.partition(" ")
            if scheme.lower() != "bearer" or not credential.strip():
                raise AuthError(N_("Send 'Authorization: Bearer <token or API key>'."), code="auth.malformed_header")
            credential = credential.strip()
            if not credential.startswith(KEY_PREFIX):
                sub, email = self._google(credential)
                team = (headers.get(TEAM_HEADER) or "").strip() or None
                found = self.teams.resolve(sub, email, team)
                scopes = frozenset(SCOPES) if found.role == "owner" else MEMBER_SCOPES
                return Principal(found.account_id, scopes, "google", role=found.role, member_id=found.member_id, sub=sub,
                                 email=email)
            api_key = credential
        if not api_key:
            raise AuthError(N_("Sign in: this endpoint needs a Google ID token or an API key."), code="auth.missing")
        return self._api_key(api_key.strip())

    def _api_key(self, key: str) -> Principal:
        found = self.db.find_api_key(self.hash_key(key))
        if found is None:
            raise AuthError(N_("The API key is not known. Check that it was copied whole."), code="auth.unknown_key")
        key_id, account_id, scopes, revoked = found
        if revoked:
            raise AuthError(N_("The API key was revoked. Create a new one."), code="auth.revoked_key")
        return Principal(account_id, frozenset(scopes), "api_key", key_id)

    def _google(self, token: str) -> tuple[str, str | None]:
        """``(sub, verified e-mail or None)`` of a Google ID token."""
        if not self.client_ids:
            raise AuthError(N_("Google sign-in is not configured on this server; use an API key."), code="auth.google_disabled")
        digest = hashlib.sha256(token.encode()).hexdigest()
        with self._verified_lock:
            hit = self._verified.get(digest)
        if hit is not None and hit[1] > time.monotonic():
            return hit[0]
        identity, exp = self._verify_google(token)
        # Kept until shortly before ``exp`` (never past it, whatever the clock skew allows), so an expired
        # token is verified again and refused.
        deadline = time.monotonic() + (exp - time.time()) - VERIFIED_MARGIN_SECONDS
        with self._verified_lock:
            if len(self._verified) >= VERIFIED_MAX:
                now = time.monotonic()
                self._verified = {k: v for k, v in self._verified.items() if v[1] > now}
                if len(self._verified) >= VERIFIED_MAX:
                    self._verified.clear()
            if deadline > time.monotonic():
                self._verified[digest] = (identity, deadline)
        return identity

    def _verify_google(self, token: str) -> tuple[tuple[str, str | None], float]:
        # google-auth refuses a token with one exception class for every fault and says which only in words,
        # so each fault Rensa names is found by Rensa: the token's shape and its times and audience first
        # (refusals only), then google-auth's whole verification, which can then only fail on the signature.
        _refuse_times_and_audience(_readable_claims(token), audiences=self.client_ids, skew=self.clock_skew_seconds,
                                   now=int(time.time()))
        try:
            claims = id_token.verify_token(
                token, self.transport, audience=self.client_ids, certs_url=self.certs_url,
                clock_skew_in_seconds=self.clock_skew_seconds,
            )
        except google_exceptions.TransportError as e:
            raise UpstreamError(N_("Google's sign-in certificates could not be fetched; try again."), code="auth.certs_unavailable") from e
        except (ValueError, google_exceptions.GoogleAuthError) as e:
            # An unknown key id, a key or algorithm that does not fit, or a signature that does not verify.
            raise AuthError(N_("The sign-in token's signature is not valid."), code="auth.bad_signature") from e
        if claims.get("iss") not in GOOGLE_ISSUERS:
            raise AuthError(N_("The sign-in token was not issued by Google."), code="auth.wrong_issuer")
        if not claims.get("sub"):
            raise AuthError(N_("The sign-in token has no subject."), code="auth.malformed_token")
        email = claims.get("email") if claims.get("email_verified") else None
        return (claims["sub"], email), float(claims.get("exp", 0))
