"""The functions' log lines never hold an address: a 500's traceback and a failed upkeep's are scrubbed before
any handler writes them, the rest of the line (exception type, frames, ids) stays."""

from __future__ import annotations

import logging

import pytest

from functions.errors import to_response
from functions.logs import logger


def _raise(text: str):
    raise KeyError(text)


@pytest.mark.parametrize("name", ["rensa.functions", "functions.upkeep.run", "functions.companies.lookup"])
def test_a_logged_traceback_keeps_no_address(caplog, name):
    log = logger(name)
    with caplog.at_level(logging.INFO, logger=name):
        try:
            _raise("no row for Anna.Berg@firma.se")
        except KeyError:
            log.exception("upkeep of %s failed for %s", "reg_123", "kari%40firma.no")
        log.warning("registry answered: %s", "<olle@firma.no> unknown")
    assert "@" not in caplog.text and "%40" not in caplog.text
    assert [r.getMessage() for r in caplog.records] == ["upkeep of reg_123 failed for …", "registry answered: <…> unknown"]
    assert "KeyError: 'no row for …'" in caplog.text and "in _raise" in caplog.text


def test_an_internal_error_is_logged_without_the_address_and_answered_with_an_id(caplog):
    with caplog.at_level(logging.ERROR, logger="rensa.functions"):
        try:
            _raise("bo@firma.se")
        except KeyError as error:
            body, status = to_response(error)
    assert (status, body["code"]) == (500, "internal")
    assert body["error_id"] in caplog.text and "KeyError: '…'" in caplog.text
    assert "@" not in caplog.text
