"""Keys, certificates and signers for webhook tests: generated here, never checked in."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from functools import cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from core.webhooks import WebhookRequest
from core.webhooks.ses_sns import canonical

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
CERT_URL = "https://sns.eu-north-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem"
TOPIC = "arn:aws:sns:eu-north-1:123456789012:ses-bounces"


@cache
def ec_key(n: int = 0) -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def ec_public_b64(n: int = 0) -> str:
    """The public key as SendGrid's settings page shows it: base64 DER SubjectPublicKeyInfo."""
    der = ec_key(n).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode()


def sendgrid_request(body: bytes, *, at: datetime = NOW, key: int = 0, headers: dict | None = None) -> WebhookRequest:
    stamp = str(int(at.timestamp()))
    sig = ec_key(key).sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    h = {
        "Content-Type": "application/json",
        "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(sig).decode(),
        "X-Twilio-Email-Event-Webhook-Timestamp": stamp,
        "User-Agent": "SendGrid Event API",
    }
    h.update(headers or {})
    return WebhookRequest("POST", "https://hooks.rensa.test/v1/hooks/sendgrid/c1", {k: v for k, v in h.items() if v is not None}, body)


@cache
def rsa_cert(n: int = 0) -> tuple[rsa.RSAPrivateKey, bytes]:
    """An RSA key and a self-signed certificate (PEM) standing in for SNS's signing certificate."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1000 + n)
        .not_valid_before(datetime(2024, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2030, 1, 1, tzinfo=UTC))
        .sign(key, hashes.SHA256())
    )
    return key, cert.public_bytes(serialization.Encoding.PEM)


def sns_sign(message: dict, *, version: str = "1", key: int = 0) -> dict:
    signed = dict(message, SignatureVersion=version)
    signed.setdefault("SigningCertURL", CERT_URL)
    digest = hashes.SHA1() if version == "1" else hashes.SHA256()
    sig = rsa_cert(key)[0].sign(canonical(signed), padding.PKCS1v15(), digest)
    signed["Signature"] = base64.b64encode(sig).decode()
    return signed


def sns_request(message: dict, *, content_type: str = "text/plain; charset=UTF-8") -> WebhookRequest:
    headers = {
        "Content-Type": content_type,
        "x-amz-sns-message-type": message.get("Type", ""),
        "x-amz-sns-message-id": message.get("MessageId", ""),
        "x-amz-sns-topic-arn": message.get("TopicArn", ""),
    }
    return WebhookRequest("POST", "https://hooks.rensa.test/v1/hooks/ses_sns/c1", headers, json.dumps(message, indent=2).encode())


class CertFetcher:
    """Serves the test certificate for CERT_URL and records every URL asked for."""

    def __init__(self, key: int = 0) -> None:
        self.key = key
        self.calls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        return rsa_cert(self.key)[1]


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
