"""Every kind of use the ledger records is told in words in the Usage tab, never by its endpoint code.

The sidebar's language tour showed "2 dec.: använde 1 rad (upkeep) (gratis)": upkeep's and the register
clean's ledger lines had no words of their own and fell back to the code. The endpoints are read from the
code that charges (``metered(..., endpoint=...)`` / ``charge(..., endpoint=...)``), so a new one fails here.
"""
import re
from pathlib import Path

import pytest

from core.i18n import translator
from functions.usage_words import _USED, ledger_line

ROOT = Path(__file__).resolve().parents[2]
# Told apart elsewhere: a job's chunks are told once as the job; Stripe's lines are credits, not use.
TOLD_ELSEWHERE = {"clean-job", "stripe"}


def _charged_endpoints() -> set[str]:
    found = set()
    for path in (ROOT / "functions").rglob("*.py"):
        found |= set(re.findall(r"\bendpoint=\"([\w.-]+)\"", path.read_text(encoding="utf-8")))
    return found - TOLD_ELSEWHERE


def test_the_charging_code_is_found():
    assert {"clean", "check", "duplicates", "registers.clean", "upkeep"} <= _charged_endpoints()


@pytest.mark.parametrize("endpoint", sorted(_charged_endpoints()))
@pytest.mark.parametrize("language", ["en", "sv", "nb", "da", "fi"])
def test_every_charged_endpoint_has_words(endpoint, language):
    line = {"at": "2026-12-02T09:30:00+00:00", "kind": "usage", "endpoint": endpoint, "rows": 3,
            "free_rows": 3, "credit_rows": 0, "credits_delta": 0}
    text = ledger_line(line, "0.00 SEK", translator(language))
    assert endpoint in _USED
    assert f"({endpoint})" not in text and "{" not in text, text
