"""A local stand-in for Google's token side, speaking the real wire formats.

* ``GET /oauth2/v1/certs``: the PEM map google-auth fetches to verify ID tokens
  (``{"<kid>": "-----BEGIN CERTIFICATE-----..."}``, with ``Cache-Control: public, max-age=...``).
* ``POST /token``: the OAuth 2.0 token endpoint a service account's JWT-bearer grant goes to
  (``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer``); answers ``{"access_token", "expires_in",
  "token_type"}`` and remembers the token, so the Sheets fake can insist on it.
* ``mint(...)``: RS256 ID tokens with Google's claims (``iss``, ``aud``, ``sub``, ``email``, ``iat``, ``exp``),
  signed with google-auth's own signer; ``mint(..., signer="foreign")`` signs with a key that is not
  published, for bad-signature tests.

Run alone: ``python -m tests.fakes.google_tokens`` prints the base URL and serves until killed.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt, jwt

GOOGLE_ISSUER = "https://accounts.google.com"
DEFAULT_AUDIENCE = "1234567890-rensa-addon.apps.googleusercontent.com"


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _certificate(key: rsa.RSAPrivateKey) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "federated-signon.system.gserviceaccount.com")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=14))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


class GoogleTokens:
    """The fake issuer: start(), mint(), service_account_info(), stop()."""

    def __init__(self, *, max_age: int = 3600) -> None:
        self.kid = secrets.token_hex(20)
        self._key = _new_key()
        self._foreign = _new_key()
        self._signer = crypt.RSASigner.from_string(_pem(self._key), self.kid)
        self._foreign_signer = crypt.RSASigner.from_string(_pem(self._foreign), self.kid)
        self.certs = {self.kid: _certificate(self._key)}
        self.max_age = max_age
        self.cert_fetches = 0
        self.access_tokens: set[str] = set()
        self._server: ThreadingHTTPServer | None = None
        self.url = ""

    # issuing
    def mint(
        self,
        sub: str,
        *,
        email: str | None = None,
        audience: str = DEFAULT_AUDIENCE,
        issuer: str = GOOGLE_ISSUER,
        issued_at: int | None = None,
        lifetime: int = 3600,
        signer: str = "google",
    ) -> str:
        """An ID token as ``ScriptApp.getIdentityToken()`` returns it."""
        now = int(time.time()) if issued_at is None else issued_at
        claims = {
            "iss": issuer, "azp": audience, "aud": audience, "sub": sub, "iat": now, "exp": now + lifetime,
        }
        if email:
            claims.update(email=email, email_verified=True)
        return self.sign(claims, signer=signer)

    def sign(self, claims: dict, *, signer: str = "google") -> str:
        """Any claims as a signed JWT (Google's key, or ``"foreign"``): tokens no Google would issue."""
        chosen = self._signer if signer == "google" else self._foreign_signer
        return jwt.encode(chosen, claims).decode()

    def service_account_info(self, email: str = "rensa-sheets@rensa-test.iam.gserviceaccount.com") -> dict:
        """A service-account key file whose ``token_uri`` is this fake."""
        key = _new_key()
        return {
            "type": "service_account", "project_id": "rensa-test", "private_key_id": secrets.token_hex(20),
            "private_key": _pem(key), "client_email": email, "client_id": "1000000000000000000001",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": f"{self.url}/token",
        }

    # serving
    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path.split("?")[0] == "/oauth2/v1/certs":
                    fake.cert_fetches += 1
                    self._send(200, fake.certs, {"Cache-Control": f"public, max-age={fake.max_age}, must-revalidate, no-transform"})
                else:
                    self._send(404, {"error": {"code": 404, "message": "Not Found", "status": "NOT_FOUND"}})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                if self.path != "/token":
                    self._send(404, {"error": {"code": 404, "message": "Not Found", "status": "NOT_FOUND"}})
                elif form.get("grant_type") != ["urn:ietf:params:oauth:grant-type:jwt-bearer"] or not form.get("assertion"):
                    self._send(400, {"error": "invalid_grant", "error_description": "Invalid grant: assertion missing"})
                else:
                    token = "ya29.fake-" + secrets.token_urlsafe(24)
                    fake.access_tokens.add(token)
                    self._send(200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"})

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self.url = f"http://{host}:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.url

    @property
    def certs_url(self) -> str:
        return f"{self.url}/oauth2/v1/certs"

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()


if __name__ == "__main__":
    issuer = GoogleTokens()
    print(json.dumps({"url": issuer.start(), "token": issuer.mint("local-user", email="user@example.com")}), flush=True)
    threading.Event().wait()
