"""The HTTP client every company registry shares: timeouts, retries with backoff, and a rate limit.

Registries are public services with published or shared limits (PRH: 300 queries a minute for all of
its users together), so each registry gets its own token bucket and every request waits its turn. A 429
or a 5xx is tried again after ``Retry-After`` (when the registry sends one, capped) or an exponential
backoff with jitter; after the last attempt the registry counts as unavailable for that look-up, which
then flags nothing (a registry that does not answer is not evidence that a company is gone).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping

import requests

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class RegistryUnavailable(Exception):
    """The registry did not give a usable answer after every attempt."""


class RateLimiter:
    """A token bucket: at most ``rate`` requests a second on average, ``burst`` at once; thread-safe."""

    def __init__(self, rate: float, burst: int = 1, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if rate <= 0:
            raise ValueError("a rate limit must be above zero")
        self.rate, self.burst = rate, max(1, burst)
        self._clock, self._sleep = clock, sleep
        self._tokens = float(self.burst)
        self._stamp = clock()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        while True:
            with self._lock:
                now = self._clock()
                self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
                self._stamp = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                wait = (1 - self._tokens) / self.rate
            self._sleep(wait)


class RegistryClient:
    """GET requests to one registry's base URL, within its rate limit, tried again on 429/5xx."""

    def __init__(self, base_url: str, *, limiter: RateLimiter, headers: Mapping[str, str] | None = None,
                 timeout: tuple[float, float] = (3.05, 15.0), attempts: int = 4, backoff: float = 0.5,
                 max_retry_after: float = 30.0, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url.rstrip("/")
        self.limiter = limiter
        self.timeout, self.attempts, self.backoff = timeout, attempts, backoff
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self.session = session or requests.Session()
        self.session.headers.update({"User-Agent": "Rensa register cleaner (+https://rensa.example)"})
        self.session.headers.update(dict(headers or {}))
        self.requests_sent = 0  # counted for the benchmark and the tests of the rate limit
        self.retries = 0

    def get(self, path: str, params: Mapping[str, str] | None = None,
            ok: frozenset[int] = frozenset({200})) -> requests.Response:
        """The registry's answer when its status is in ``ok``; ``RegistryUnavailable`` after the last try."""
        last = ""
        for attempt in range(self.attempts):
            self.limiter.acquire()
            self.requests_sent += 1
            try:
                response = self.session.get(f"{self.base_url}{path}", params=params, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as err:
                last = type(err).__name__
                delay = self._delay(attempt, None)
            else:
                if response.status_code in ok:
                    return response
                if response.status_code not in RETRY_STATUSES:
                    raise RegistryUnavailable(f"{self.base_url}{path} answered {response.status_code}")
                last = f"HTTP {response.status_code}"
                delay = self._delay(attempt, response.headers.get("Retry-After"))
            if attempt + 1 < self.attempts:
                self.retries += 1
                self._sleep(delay)
        raise RegistryUnavailable(f"{self.base_url}{path}: {last} after {self.attempts} attempts")

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after:
            try:
                return min(self.max_retry_after, max(0.0, float(retry_after)))
            except ValueError:
                pass  # an HTTP date: fall back to the backoff
        return self.backoff * (2 ** attempt) * (0.5 + random.random())
