"""Bounded request bodies: refused by size before anything reads them, and read with a deadline.

The outermost WSGI layer of both targets (``functions/main.py`` installs it). functions-framework reads
every body whole after each request (``read_request`` calls ``request.get_data()``) and Flask reads it
again for JSON, with or without credentials, so the limit cannot live in a handler:

- a ``Content-Length`` above the target's limit is answered 413 at once, unread, with ``Connection: close``;
- a body without one (chunked) is read up to the limit and refused as soon as it passes it;
- a body within the limit is read here, with a per-read deadline on the socket (``read_timeout``), and
  handed on as bytes, so a client that stalls mid-body holds a worker thread for at most that long (408).

Memory per worker is thereby bounded by (limit x threads), whoever sends what. In production the Google
front end in front of Cloud Functions gen2 (Cloud Run) also bounds what reaches a worker: bodies above
32 MiB are refused there, slow clients are buffered by the front end, and each request ends at the
function's timeout.
"""

from __future__ import annotations

import io
import json

from core.i18n import N_, negotiate, translator

_CHUNK = 64 * 1024


class BodyLimit:
    """WSGI middleware: ``limit`` bytes per body, ``read_timeout`` seconds per read of the socket."""

    def __init__(self, app, *, limit: int, read_timeout: float) -> None:
        self.app = app
        self.limit = limit
        self.read_timeout = read_timeout

    def __call__(self, environ, start_response):
        declared = environ.get("CONTENT_LENGTH") or ""
        try:
            length = int(declared) if declared.strip() else None
        except ValueError:
            return _answer(start_response, 400, "request.invalid", _say(environ, N_("The Content-Length header is not "
                                                                                "a number.")))
        if length is not None and (length < 0 or length > self.limit):
            return _answer(start_response, 413, "request.too_large", _say(environ, TOO_LARGE, limit=self.limit))
        chunked = length is None and (
            environ.get("wsgi.input_terminated") or "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        )
        if length or chunked:
            sock = environ.get("gunicorn.socket")
            previous = sock.gettimeout() if sock is not None else None
            if sock is not None:
                sock.settimeout(self.read_timeout)
            try:
                body = _read(environ["wsgi.input"], length, self.limit)
            except TimeoutError:
                return _answer(start_response, 408, "request.timeout", _say(
                    environ, N_("The request body did not arrive within {seconds} seconds."), seconds=self.read_timeout))
            except OSError:
                return _answer(start_response, 400, "request.incomplete", _say(environ, N_("The request body was cut "
                                                                                           "off.")))
            finally:
                if sock is not None:
                    try:
                        sock.settimeout(previous)
                    except OSError:
                        pass
            if body is None:
                return _answer(start_response, 413, "request.too_large", _say(environ, TOO_LARGE, limit=self.limit))
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
            environ["wsgi.input_terminated"] = False
        return self.app(environ, start_response)


def _read(stream, length: int | None, limit: int) -> bytes | None:
    """The body (``length`` bytes, or up to its end when chunked); None once it passes ``limit``."""
    parts, size = [], 0
    while length is None or size < length:
        want = _CHUNK if length is None else min(_CHUNK, length - size)
        piece = stream.read(want)
        if not piece:
            break
        parts.append(piece)
        size += len(piece)
        if size > limit:
            return None
    return b"".join(parts)


# The sentence ``parse`` uses for the same refusal (functions.handlers._common.TOO_LARGE).
TOO_LARGE = N_("The request is larger than {limit} bytes. Send fewer rows per call.")


def _say(environ, message: str, **params) -> str:
    """``message`` in the language of the request's ``Accept-Language``: these answers come before the body is
    read, so a language asked for inside the body (``options.language``) is not known yet."""
    return translator(negotiate(environ.get("HTTP_ACCEPT_LANGUAGE")))._(message, **params)


def _answer(start_response, status: int, code: str, message: str):
    reason = {400: "Bad Request", 408: "Request Timeout", 413: "Content Too Large"}[status]
    body = json.dumps({"code": code, "message": message, "row": None, "field": None}).encode()
    start_response(f"{status} {reason}", [
        ("Content-Type", "application/json"), ("Content-Length", str(len(body))), ("Connection", "close"),
        ("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store"),
    ])
    return [body]
