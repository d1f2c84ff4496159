"""Fetching SNS signing certificates: https only, with a timeout, cached per URL.

``core.webhooks.ses_sns`` checks the URL's host before it calls the fetcher; the fetcher checks again
(defence in depth) and never follows redirects.
"""

from __future__ import annotations

import threading

import requests

from core.webhooks.ses_sns import check_cert_url

_MAX_BYTES = 64 * 1024


class CertFetcher:
    def __init__(self, *, timeout: float = 5.0, session: requests.Session | None = None) -> None:
        self.timeout = timeout
        self.session = session or requests.Session()
        self._cache: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def __call__(self, url: str) -> bytes:
        with self._lock:
            if url in self._cache:
                return self._cache[url]
        check_cert_url(url)
        response = self.session.get(url, timeout=self.timeout, allow_redirects=False)
        response.raise_for_status()
        pem = response.content[:_MAX_BYTES]
        with self._lock:
            if len(self._cache) > 100:
                self._cache.clear()
            self._cache[url] = pem
        return pem
