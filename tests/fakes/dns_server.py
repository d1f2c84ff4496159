"""A real DNS server on 127.0.0.1 (dnslib, UDP and TCP) that answers what e-mail domains answer in the wild.

Domains are added with ``add(domain, kind)``:
``mx`` (MX records and an A record), ``null_mx`` (``MX 0 .``, RFC 7505: accepts no mail), ``a_only`` (no MX,
an A record: mail goes to the A host), ``aaaa_only``, ``nodata`` (the name exists with no MX, A or AAAA),
``nxdomain`` (does not exist), ``servfail`` and ``slow`` (answers after ``slow_seconds``). A name that was
not added is answered by ``default`` (``mx`` unless told otherwise), so a register's ordinary addresses
(gmail.com, firma.se) resolve without a table of them.

dnslib's ``ZoneResolver`` answers NXDOMAIN for any (name, type) it has no record of, so it cannot answer
NODATA (an A-only domain would read as "does not exist"); this resolver answers per kind instead.
The server counts the questions it was asked (``queries``), so tests can see what the cache saved.
"""

from __future__ import annotations

import socket
import threading
import time

from dnslib import AAAA, MX, QTYPE, RCODE, RR, A
from dnslib.server import BaseResolver, DNSLogger, DNSServer


class _Resolver(BaseResolver):
    def __init__(self, fake: DnsServer) -> None:
        self.fake = fake

    def resolve(self, request, handler):
        reply = request.reply()
        name = str(request.q.qname).rstrip(".").lower()
        qtype = QTYPE[request.q.qtype]
        with self.fake.lock:
            self.fake.queries.append((name, qtype))
        kind = self.fake.kind_of(name)
        ttl = self.fake.ttl
        if kind == "nxdomain":
            reply.header.rcode = RCODE.NXDOMAIN
        elif kind == "servfail":
            reply.header.rcode = RCODE.SERVFAIL
        elif kind == "slow":
            time.sleep(self.fake.slow_seconds)
            if qtype == "MX":
                reply.add_answer(RR(name, QTYPE.MX, rdata=MX(f"mx.{name}", 10), ttl=ttl))
        elif qtype == "MX" and kind == "mx":
            reply.add_answer(RR(name, QTYPE.MX, rdata=MX(f"mx1.{name}", 10), ttl=ttl))
            reply.add_answer(RR(name, QTYPE.MX, rdata=MX(f"mx2.{name}", 20), ttl=ttl))
        elif qtype == "MX" and kind == "null_mx":
            reply.add_answer(RR(name, QTYPE.MX, rdata=MX(".", 0), ttl=ttl))
        elif qtype == "A" and kind in ("mx", "a_only", "null_mx"):
            reply.add_answer(RR(name, QTYPE.A, rdata=A("93.184.216.34"), ttl=ttl))
        elif qtype == "AAAA" and kind == "aaaa_only":
            reply.add_answer(RR(name, QTYPE.AAAA, rdata=AAAA("2606:2800:220:1:248:1893:25c8:1946"), ttl=ttl))
        # anything else: NOERROR with no answer (NODATA)
        return reply


def _free_port() -> int:
    """A loopback port free for both UDP and TCP (DNS answers on both)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = tcp.getsockname()[1]
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                    udp.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


class DnsServer:
    def __init__(self, *, default: str = "mx", ttl: int = 3600, slow_seconds: float = 3.0) -> None:
        self.kinds: dict[str, str] = {}
        self.default, self.ttl, self.slow_seconds = default, ttl, slow_seconds
        self.queries: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.port = _free_port()
        logger = DNSLogger("-request,-reply,-truncated,-error,-recv,-send,-data", prefix=False)
        self._servers = [DNSServer(_Resolver(self), port=self.port, address="127.0.0.1", tcp=tcp, logger=logger)
                         for tcp in (False, True)]

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def add(self, domain: str, kind: str) -> None:
        self.kinds[domain.lower()] = kind

    def kind_of(self, name: str) -> str:
        for domain, kind in self.kinds.items():
            if name == domain or name.endswith("." + domain):
                return kind if name == domain else ("mx" if kind in ("mx", "null_mx") else kind)
        return self.default

    def start(self) -> DnsServer:
        for server in self._servers:
            server.start_thread()
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.stop()

    def __enter__(self) -> DnsServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
