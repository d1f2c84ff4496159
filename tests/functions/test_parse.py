"""``parse(..., rows="rows")`` (orjson, then pydantic for the rest) answers exactly like the full pydantic path."""

from __future__ import annotations

import pytest
from werkzeug.test import EnvironBuilder

from functions import adapters
from functions.errors import RensaError
from functions.handlers._common import parse, table
from functions.request_models import CleanRequest
from functions.settings import Settings


@pytest.fixture(autouse=True)
def settings(tmp_path):
    adapters.reset()
    adapters.override(settings=Settings.from_env({"RENSA_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}"}))
    yield
    adapters.reset()


def outcome(raw: bytes, **kwargs):
    request = EnvironBuilder(method="POST", data=raw, content_type="application/json").get_request()
    try:
        body = parse(request, CleanRequest, **kwargs)
        return "ok", body.model_dump(), table(body.header, body.rows)
    except RensaError as e:
        return "error", e.code, str(e), getattr(e, "row", None), getattr(e, "field", None)


BODIES = [
    b'{"header": ["E-post", "Namn"], "rows": [["a@b.se", "Anna"], ["", 12], [true, null], [1.5, 3.0], []]}',
    b'{"header": ["E-post"], "rows": [["a@b.se"]], "options": {"country": "no", "dedupe": false}, "dry_run": true}',
    b'{"header": ["E-post"], "rows": [["a@b.se"]], "idempotency_key": "k1", "rows": [["b@c.se"]]}',  # repeated key
    b'{"header": ["E-post"], "rows": [[123456789012345678901234567890]]}',  # beyond 64 bits: orjson refuses it
    b'{"header": ["E-post"], "rows": [[NaN]]}',
    b'{"header": ["E-post"], "rows": [["\\ud800"]]}',  # a lone surrogate
    b'{"header": ["E-post"], "rows": [["a", "b"]]}',
    b'{"header": ["E-post"], "rows": [[{"x": 1}]]}',
    b'{"header": ["E-post"], "rows": [["x"], "not a row"]}',
    b'{"header": ["E-post"], "rows": "none"}',
    b'{"header": ["E-post"]}',
    b'{"header": [1], "rows": [["x"]]}',
    b'{"header": [], "rows": [["x"]]}',
    b'{"header": ["E-post"], "rows": [["x"]], "options": {"country": "Sverige"}}',
    b'{"header": ["E-post"], "rows": [["x"]], "extra": 1}',
    b'{"header": ["E-post"], "rows": [["' + b"x" * 5001 + b'"]]}',
    b'["header"]',
    b'{"header": ["E-post"], "rows": [["x"]',
    b'\xff\xfe',
]


@pytest.mark.parametrize("raw", BODIES, ids=range(len(BODIES)))
def test_the_rows_path_answers_like_the_full_validation(raw):
    assert repr(outcome(raw, rows="rows")) == repr(outcome(raw))  # repr: NaN is not equal to itself
