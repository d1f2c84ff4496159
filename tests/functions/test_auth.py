"""Authentication over HTTP: Google ID tokens (via the token fake) and API keys, every way they can be wrong."""

from __future__ import annotations

import time

import pytest

from tests.fakes.google_tokens import DEFAULT_AUDIENCE
from tests.functions._api import Api


def _bad_tokens(tokens):
    now = int(time.time())
    return [
        ("expired", tokens.mint("u1", issued_at=now - 7200, lifetime=3600), "auth.token_expired",
         "The sign-in token has expired. Reload the add-on and try again."),
        ("from the future", tokens.mint("u1", issued_at=now + 600), "auth.token_not_yet_valid",
         "The sign-in token is not valid yet; check the computer's clock."),
        ("wrong audience", tokens.mint("u1", audience="other-app.apps.googleusercontent.com"), "auth.wrong_audience",
         "The sign-in token was issued for another application."),
        ("wrong issuer", tokens.mint("u1", issuer="https://evil.example.com"), "auth.wrong_issuer",
         "The sign-in token was not issued by Google."),
        ("bad signature", tokens.mint("u1", signer="foreign"), "auth.bad_signature", "The sign-in token's signature is not valid."),
        ("garbage", "not-a-token", "auth.malformed_token", "The sign-in token cannot be read."),
        # signed with Google's key, but with claims google-auth cannot compare: a 401, not a crash
        ("exp in words", tokens.sign({"iss": "accounts.google.com", "aud": DEFAULT_AUDIENCE, "sub": "u1", "iat": now,
                                      "exp": "tomorrow"}), "auth.malformed_token", "The sign-in token cannot be read."),
        ("no iat", tokens.sign({"iss": "accounts.google.com", "aud": DEFAULT_AUDIENCE, "sub": "u1", "exp": now + 60}),
         "auth.malformed_token", "The sign-in token cannot be read."),
        # two faults: the one found first is named (a forged token is refused whichever it is)
        ("forged and expired", tokens.mint("u1", issued_at=now - 7200, lifetime=3600, signer="foreign"),
         "auth.token_expired", "The sign-in token has expired. Reload the add-on and try again."),
    ]


def test_bad_google_tokens_are_401_with_a_stable_code(sqlite_stack):
    api = Api(sqlite_stack)
    for label, token, code, message in _bad_tokens(sqlite_stack.tokens):
        answer = api.call("GET", "/v1/usage", token=token)
        assert (label, answer.status, answer.body) == (label, 401, {"code": code, "message": message, "row": None, "field": None})


@pytest.mark.parametrize(
    "headers,code,message",
    [
        ({}, "auth.missing", "Sign in: this endpoint needs a Google ID token or an API key."),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "auth.malformed_header", "Send 'Authorization: Bearer <token or API key>'."),
        ({"Authorization": "Bearer "}, "auth.malformed_header", "Send 'Authorization: Bearer <token or API key>'."),
        ({"Authorization": "Bearer rk_doesnotexist"}, "auth.unknown_key", "The API key is not known. Check that it was copied whole."),
        ({"X-Api-Key": "rk_doesnotexist"}, "auth.unknown_key", "The API key is not known. Check that it was copied whole."),
    ],
)
def test_missing_or_malformed_credentials(sqlite_stack, headers, code, message):
    answer = Api(sqlite_stack).call("POST", "/v1/clean", {"header": ["a"], "rows": []}, headers=headers)
    assert (answer.status, answer.body) == (401, {"code": code, "message": message, "row": None, "field": None})


def test_second_configured_client_id_is_accepted_and_keys_one_account_per_sub(sqlite_stack):
    api = Api(sqlite_stack)
    first = sqlite_stack.tokens.mint("same-person", audience=DEFAULT_AUDIENCE)
    second = sqlite_stack.tokens.mint("same-person", audience="second-client.apps.googleusercontent.com")
    created = api.call("POST", "/v1/api-keys", {"name": "from first client"}, token=first)
    assert created.status == 201
    listed = api.call("GET", "/v1/api-keys", token=second)
    assert [k["id"] for k in listed.body["api_keys"]] == [created.body["id"]]


def test_certificates_are_fetched_once_per_instance(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    api.call("GET", "/v1/usage", token=token)
    before = sqlite_stack.tokens.cert_fetches
    for _ in range(5):
        assert api.call("GET", "/v1/usage", token=api.new_user()).status == 200
    assert sqlite_stack.tokens.cert_fetches == before


def test_api_key_lifecycle_scopes_and_revocation(stack):
    api = Api(stack)
    owner = api.new_user()
    created = api.call("POST", "/v1/api-keys", {"name": "zapier", "scopes": ["check"]}, token=owner)
    assert created.status == 201
    key = created.body["key"]
    assert key.startswith("rk_") and created.body["prefix"] == key[:11] and created.body["scopes"] == ["check"]
    listed = api.call("GET", "/v1/api-keys", token=owner).body["api_keys"]
    assert [k["id"] for k in listed] == [created.body["id"]] and "key" not in listed[0]

    ok = api.call("POST", "/v1/check", {"header": ["E-post"], "row": ["anna@firma.se"]}, headers={"X-Api-Key": key})
    assert ok.status == 200
    denied = api.call("POST", "/v1/clean", {"header": ["E-post"], "rows": [["a@b.se"]]}, token=key)
    assert (denied.status, denied.body["code"]) == (403, "auth.scope")
    assert denied.body["message"] == "This API key does not have the 'clean' scope. Create a key with that scope."
    escalate = api.call("POST", "/v1/api-keys", {"name": "x"}, token=key)
    assert (escalate.status, escalate.body["code"]) == (403, "auth.scope")

    revoked = api.call("DELETE", f"/v1/api-keys/{created.body['id']}", token=owner)
    assert (revoked.status, revoked.body) == (200, {"id": created.body["id"], "revoked": True})
    after = api.call("POST", "/v1/check", {"header": ["E-post"], "row": ["anna@firma.se"]}, token=key)
    assert (after.status, after.body) == (
        401, {"code": "auth.revoked_key", "message": "The API key was revoked. Create a new one.", "row": None, "field": None}
    )
    assert api.call("GET", "/v1/api-keys", token=owner).body["api_keys"][0]["revoked_at"] is not None


def test_a_key_with_keys_scope_cannot_grant_more_than_it_has(sqlite_stack):
    api = Api(sqlite_stack)
    owner = api.new_user()
    limited = api.call("POST", "/v1/api-keys", {"name": "ops", "scopes": ["keys", "usage"]}, token=owner).body["key"]
    ok = api.call("POST", "/v1/api-keys", {"name": "usage only", "scopes": ["usage"]}, token=limited)
    assert ok.status == 201
    too_much = api.call("POST", "/v1/api-keys", {"name": "clean", "scopes": ["clean"]}, token=limited)
    assert (too_much.status, too_much.body) == (
        403, {"code": "auth.scope", "message": "A key cannot create a key with scopes it does not have.", "row": None, "field": "scopes"}
    )


class CountingTeams:
    """The team lookup a Google sign-in makes on every call (so a removed member is refused at once)."""

    def __init__(self) -> None:
        self.resolved: list[str] = []

    def resolve(self, sub: str, email: str | None, team: str | None = None):
        from functions.adapters.teams import Membership

        self.resolved.append(sub)
        return Membership(f"acc_{sub}", "owner", f"mem_{sub}")


@pytest.mark.parametrize("lifetime,calls,verifications", [
    (3600, 4, 1),  # verified once, then served from the instance's cache until shortly before exp
    (25, 3, 3),  # expires within the 30 s margin: never cached, verified on every call
])
def test_a_verified_id_token_is_remembered_until_shortly_before_exp(sqlite_stack, lifetime, calls, verifications):
    from functions.adapters.auth import Auth
    from functions.errors import AuthError

    teams = CountingTeams()
    auth = Auth(None, teams=teams, client_ids=(DEFAULT_AUDIENCE,), certs_url=sqlite_stack.tokens.certs_url,
                clock_skew_seconds=10, pepper="p")
    verified: list[str] = []
    verify = auth._verify_google

    def counting_verify(token):
        identity, exp = verify(token)
        verified.append(identity[0])
        return identity, exp

    auth._verify_google = counting_verify
    token = sqlite_stack.tokens.mint("cached-user", email="c@example.com", lifetime=lifetime)
    principals = {auth.authenticate({"Authorization": f"Bearer {token}"}) for _ in range(calls)}
    assert [(p.account_id, p.via) for p in principals] == [("acc_cached-user", "google")]
    assert verified == ["cached-user"] * verifications
    assert teams.resolved == ["cached-user"] * calls  # the team is looked up on every call, cached or not
    # another user's token is verified on its own, and a bad token is still refused after a good one was cached
    auth.authenticate({"Authorization": f"Bearer {sqlite_stack.tokens.mint('other-user', lifetime=lifetime)}"})
    assert verified[-1] == "other-user"
    with pytest.raises(AuthError) as refused:
        auth.authenticate({"Authorization": f"Bearer {sqlite_stack.tokens.mint('cached-user', signer='foreign')}"})
    assert refused.value.code == "auth.bad_signature"
