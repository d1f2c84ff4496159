"""Fetching SNS signing certificates: https only, with a timeout, cached per URL.

``core.webhooks.ses_sns`` checks the URL's host before it calls the fetcher; the fetcher checks again
(defence in depth), verifies the server's TLS certificate (the ``session``'s trust store: the system's
by default), never follows redirects and keeps only a 200 answer that holds a PEM certificate.
"""

from __future__ import annotations

import threading

import requests

from core.webhooks.ses_sns import check_cert_url

_MAX_BYTES = 64 * 1024


class CertFetchError(requests.RequestException):
    """The certificate URL answered, but not with a certificate (redirect, error, too large)."""


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
        response = self.session.get(url, timeout=self.timeout, allow_redirects=False, stream=True,
                                    verify=self.verify)
        pem = response.raw.read(_MAX_BYTES + 1, decode_content=True)
        response.close()
        if response.status_code != 200 or len(pem) > _MAX_BYTES or b"-----BEGIN CERTIFICATE-----" not in pem:
            raise CertFetchError(f"The SNS signing certificate could not be fetched (HTTP {response.status_code}).")
        with self._lock:
            if len(self._cache) > 100:
                self._cache.clear()
            self._cache[url] = pem
        return pem
