"""Rensa's two calls to Amazon SNS: fetching signing certificates (cached per URL) and confirming a subscription.

``core.webhooks.ses_sns`` checks a URL's host before either call; the client checks again (defence in
depth), uses https only with a timeout, verifies the server's TLS certificate (the ``session``'s trust
store: the system's by default), never follows redirects and keeps only a 200 answer that holds a PEM
certificate. A failed call raises ``SnsUnavailable`` (502: SNS delivers again later).
"""

from __future__ import annotations

import threading

import requests

from core.i18n import N_
from core.webhooks.ses_sns import check_cert_url, check_confirm_url
from functions.errors import UpstreamError

_MAX_BYTES = 64 * 1024


class SnsUnavailable(UpstreamError):
    """Amazon SNS could not be reached or did not answer as it should: 502, so SNS delivers the call again."""

    code = "webhook.cert_unavailable"
    message = N_("The signing certificate could not be fetched; try again later.")


class CertFetchError(SnsUnavailable):
    """The certificate URL answered, but not with a certificate (redirect, error, too large)."""

    message = N_("The SNS signing certificate could not be fetched (HTTP {number}).")


class CertFetcher:
    """``fetcher(url) -> PEM bytes`` for ``core.webhooks.read_webhook(fetch_cert=...)``."""

    def __init__(self, *, timeout: float = 5.0, session: requests.Session | None = None,
                 verify: bool | str = True) -> None:
        self.timeout = timeout
        self.verify = verify  # True: the system's trust store; a path: that CA bundle (tests)
        self.session = session or requests.Session()
        self._cache: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def __call__(self, url: str) -> bytes:
        with self._lock:
            if url in self._cache:
                return self._cache[url]
        check_cert_url(url)
        try:
            response = self.session.get(url, timeout=self.timeout, allow_redirects=False, stream=True,
                                        verify=self.verify)
            pem = response.raw.read(_MAX_BYTES + 1, decode_content=True)
            response.close()
        except requests.RequestException as e:
            raise SnsUnavailable() from e
        if response.status_code != 200 or len(pem) > _MAX_BYTES or b"-----BEGIN CERTIFICATE-----" not in pem:
            raise CertFetchError(number=response.status_code)
        with self._lock:
            if len(self._cache) > 100:
                self._cache.clear()
            self._cache[url] = pem
        return pem

    def confirm(self, url: str) -> None:
        """Visit a SubscribeURL, which confirms an SNS subscription (the handshake of a new SES webhook)."""
        check_confirm_url(url)
        try:
            self.session.get(url, timeout=self.timeout, allow_redirects=False, verify=self.verify).raise_for_status()
        except requests.RequestException as e:
            raise SnsUnavailable(N_("Amazon SNS did not take the subscription confirmation; it will send it again."),
                                 code="webhook.confirm_failed") from e
