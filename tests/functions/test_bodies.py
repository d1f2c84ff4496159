"""Unbounded reads (issue 11): bodies are refused by size before anything reads them, chunked bodies are cut
off at the limit, and a stalled body is answered 408, on both targets, with or without credentials."""

from __future__ import annotations

import json
import socket
import urllib.parse

import pytest

from tests.conftest import STACK_ENV

LIMITS = {"api_url": int(STACK_ENV["RENSA_MAX_REQUEST_BYTES"]), "hooks_url": int(STACK_ENV["RENSA_MAX_HOOK_BYTES"])}
PATHS = {"api_url": "/v1/clean", "hooks_url": "/v1/hooks/mailgun/hk_nonexistent"}


def _connect(stack, target: str) -> socket.socket:
    url = urllib.parse.urlsplit(stack.info[target])
    return socket.create_connection((url.hostname, url.port), timeout=30)


def _answer(sock: socket.socket) -> tuple[int, dict, dict]:
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        if not piece:
            break
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        piece = sock.recv(65536)
        if not piece:
            break
        body += piece
    return int(lines[0].split()[1]), headers, json.loads(body[:length] or b"{}")


def _head(path: str, extra: str) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{extra}\r\n").encode()


@pytest.mark.parametrize("target", ["api_url", "hooks_url"])
def test_a_declared_300_mb_body_is_refused_before_it_is_sent(sqlite_stack, target):
    with _connect(sqlite_stack, target) as sock:
        sock.sendall(_head(PATHS[target], f"Content-Length: {300 * 1024 * 1024}\r\n"))
        status, _, body = _answer(sock)  # answered with no byte of the body sent
    assert (status, body["code"]) == (413, "request.too_large")
    assert body["message"] == f"The request is larger than {LIMITS[target]:,} bytes. Send fewer rows per call."


@pytest.mark.parametrize("target", ["api_url", "hooks_url"])
def test_a_chunked_body_is_cut_off_at_the_limit(sqlite_stack, target):
    chunk = b"x" * 16384
    sent = 0
    with _connect(sqlite_stack, target) as sock:
        sock.sendall(_head(PATHS[target], "Transfer-Encoding: chunked\r\n"))
        try:
            while sent < 50 * LIMITS[target]:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed: it stopped reading
        status, _, body = _answer(sock)
    assert (status, body["code"]) == (413, "request.too_large")
    assert sent < 50 * LIMITS[target]


@pytest.mark.parametrize("target", ["api_url", "hooks_url"])
def test_a_body_that_stalls_is_answered_408_and_frees_the_worker(sqlite_stack, target):
    with _connect(sqlite_stack, target) as sock:
        sock.sendall(_head(PATHS[target], "Content-Length: 1000\r\n") + b'{"header": [')
        status, _, body = _answer(sock)
    assert (status, body["code"]) == (408, "request.timeout")


def test_a_body_within_the_limit_is_served_as_before(sqlite_stack):
    payload = json.dumps({"header": ["E-post"], "rows": [["a@b.se"]], "dry_run": True}).encode()
    with _connect(sqlite_stack, "api_url") as sock:
        sock.sendall(_head("/v1/clean", "Transfer-Encoding: chunked\r\n")
                     + b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload))
        status, _, body = _answer(sock)
    assert (status, body["code"]) == (401, "auth.missing")  # read whole, then refused for its missing credentials
