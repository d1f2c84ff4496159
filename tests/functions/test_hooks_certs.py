"""The real SNS certificate fetcher over HTTPS: a local TLS server with a self-signed CA stands in for
``sns.eu-north-1.amazonaws.com``; the trust store is injected with ``CertFetcher(verify=ca_file)``.

The adapter below only changes where the TCP connection goes (127.0.0.1:port); TLS still sends the SNS
host name (SNI) and checks the server's certificate against it and against the injected CA.
"""

from __future__ import annotations

import datetime as dt
import http.server
import ssl
import threading

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from core.webhooks import WebhookRejected, read_webhook
from functions.errors import status_of
from functions.webhooks.certs import CertFetcher, CertFetchError, SnsUnavailable
from tests.core.webhooks.signing import CERT_URL, NOW, TOPIC, rsa_cert, sns_request, sns_sign

HOST = "sns.eu-north-1.amazonaws.com"
PATH = CERT_URL.split(HOST, 1)[1]


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _ca(cn):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn)).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(dt.datetime(2024, 1, 1, tzinfo=dt.UTC)).not_valid_after(dt.datetime(2040, 1, 1, tzinfo=dt.UTC))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True).sign(key, hashes.SHA256()))
    return key, cert


def _leaf(ca_key, ca_cert, host):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(host)).issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(dt.datetime(2024, 1, 1, tzinfo=dt.UTC)).not_valid_after(dt.datetime(2040, 1, 1, tzinfo=dt.UTC))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False).sign(ca_key, hashes.SHA256()))
    return key, cert


def _pem(obj):
    if isinstance(obj, x509.Certificate):
        return obj.public_bytes(serialization.Encoding.PEM)
    return obj.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


class TlsServer:
    """Serves ``routes`` {path: (status, headers, body)} over HTTPS with a certificate for ``host``."""

    def __init__(self, tmp_path, ca, host, routes):
        key, cert = _leaf(*ca, host)
        (tmp_path / "leaf.pem").write_bytes(_pem(cert) + _pem(key))
        self.hits: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.hits.append(self.path)
                status, headers, body = routes.get(self.path, (404, {}, b"no"))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tmp_path / "leaf.pem")
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class ToLocal(requests.adapters.HTTPAdapter):
    """Connects to 127.0.0.1:port instead of resolving HOST, keeping SNI and the host name check on HOST."""

    def __init__(self, port):
        self.port = port
        super().__init__()

    def init_poolmanager(self, connections, maxsize, block=False, **kwargs):
        super().init_poolmanager(connections, maxsize, block, server_hostname=HOST, assert_hostname=HOST, **kwargs)

    def send(self, request, **kwargs):
        request.url = request.url.replace(f"https://{HOST}/", f"https://127.0.0.1:{self.port}/")
        return super().send(request, **kwargs)


@pytest.fixture
def trusted_ca(tmp_path):
    ca = _ca("Rensa test CA")
    (tmp_path / "ca.pem").write_bytes(_pem(ca[1]))
    return ca, str(tmp_path / "ca.pem")


def fetcher_for(server, ca_file):
    session = requests.Session()
    session.mount(f"https://{HOST}/", ToLocal(server.port))
    return CertFetcher(session=session, timeout=5, verify=ca_file)  # the injected trust store


def notification():
    message = {"notificationType": "Bounce", "bounce": {
        "bounceType": "Permanent", "bounceSubType": "General", "feedbackId": "f1",
        "bouncedRecipients": [{"emailAddress": "anna@example.se", "status": "5.1.1", "action": "failed",
                               "diagnosticCode": "smtp; 550 5.1.1 user unknown"}], "timestamp": "2025-03-14T11:59:00.000Z"},
        "mail": {"messageId": "m1", "timestamp": "2025-03-14T11:58:00.000Z", "destination": ["anna@example.se"]}}
    import json

    return {"Type": "Notification", "MessageId": "7d1a1f5e-0c0e-4a53-9d6e-2f0a4b1b8c11", "TopicArn": TOPIC,
            "Message": json.dumps(message), "Timestamp": "2025-03-14T12:00:00.000Z"}


def test_certificate_is_fetched_over_verified_tls_once_and_a_real_notification_reads(tmp_path, trusted_ca):
    ca, ca_file = trusted_ca
    server = TlsServer(tmp_path, ca, HOST, {PATH: (200, {"Content-Type": "application/x-pem-file"}, rsa_cert(0)[1])})
    try:
        fetch = fetcher_for(server, ca_file)
        assert fetch(CERT_URL) == rsa_cert(0)[1]
        result = read_webhook("ses_sns", sns_request(sns_sign(notification())), secrets={"allowed_topic_arns": [TOPIC]},
                              now=NOW, fetch_cert=fetch)
        assert [(e.email, e.kind) for e in result.events] == [("anna@example.se", "hard_bounce")]
        assert server.hits == [PATH]  # the second use came from the cache
    finally:
        server.stop()


@pytest.mark.parametrize("case", ["untrusted CA", "wrong host name"])
def test_tls_failures_refuse_the_certificate(tmp_path, trusted_ca, case):
    ca, ca_file = trusted_ca
    signer, host = (_ca("Someone else's CA"), HOST) if case == "untrusted CA" else (ca, "evil.example.com")
    server = TlsServer(tmp_path, signer, host, {PATH: (200, {}, rsa_cert(0)[1])})
    try:
        with pytest.raises(SnsUnavailable) as e:  # 502 webhook.cert_unavailable: SNS delivers again later
            fetcher_for(server, ca_file)(CERT_URL)
        assert isinstance(e.value.__cause__, requests.exceptions.SSLError)
        assert server.hits == []
    finally:
        server.stop()


@pytest.mark.parametrize("status, headers, body, message", [
    (302, {"Location": "https://evil.example.com/cert.pem"}, b"", "The SNS signing certificate could not be fetched (HTTP 302)."),
    (404, {}, b"not here", "The SNS signing certificate could not be fetched (HTTP 404)."),
    (200, {}, b"<html>maintenance</html>", "The SNS signing certificate could not be fetched (HTTP 200)."),
    (200, {}, b"-----BEGIN CERTIFICATE-----" + b"A" * 70_000, "The SNS signing certificate could not be fetched (HTTP 200)."),
])
def test_anything_but_a_certificate_is_refused_and_not_cached(tmp_path, trusted_ca, status, headers, body, message):
    ca, ca_file = trusted_ca
    server = TlsServer(tmp_path, ca, HOST, {PATH: (status, headers, body)})
    try:
        fetch = fetcher_for(server, ca_file)
        for _ in range(2):
            with pytest.raises(CertFetchError) as e:
                fetch(CERT_URL)
            assert str(e.value) == message
        assert server.hits == [PATH, PATH]  # a failure is never cached; a redirect is never followed
    finally:
        server.stop()


@pytest.mark.parametrize("url", ["http://sns.eu-north-1.amazonaws.com/c.pem", f"https://{HOST}.evil.com/c.pem",
                                 f"https://{HOST}:8443/c.pem"])
def test_urls_off_sns_are_refused_before_any_connection(tmp_path, trusted_ca, url):
    ca, ca_file = trusted_ca
    server = TlsServer(tmp_path, ca, HOST, {})
    try:
        with pytest.raises(WebhookRejected) as e:
            fetcher_for(server, ca_file)(url)
        assert e.value.code == "webhook.untrusted_cert_url"
        assert server.hits == []
    finally:
        server.stop()


def test_a_subscription_is_confirmed_over_verified_tls_and_a_refusal_is_a_502(tmp_path, trusted_ca):
    """The SES handshake's SubscribeURL is visited by the adapter (not the handler): SNS hosts only, verified TLS, and
    a refusal answers 502 so SNS sends the confirmation again (it was a 500 when the handler called requests)."""
    ca, ca_file = trusted_ca
    ok, gone = "/?Action=ConfirmSubscription&Token=ok", "/?Action=ConfirmSubscription&Token=gone"
    server = TlsServer(tmp_path, ca, HOST, {ok: (200, {}, b"<ConfirmSubscriptionResponse/>"), gone: (404, {}, b"")})
    try:
        sns = fetcher_for(server, ca_file)
        sns.confirm(f"https://{HOST}{ok}")
        with pytest.raises(SnsUnavailable) as e:
            sns.confirm(f"https://{HOST}{gone}")
        assert (e.value.code, status_of(e.value)) == ("webhook.confirm_failed", 502)
        with pytest.raises(WebhookRejected):
            sns.confirm("https://evil.example.com/?Action=ConfirmSubscription&Token=x")
        assert server.hits == [ok, gone]
    finally:
        server.stop()
