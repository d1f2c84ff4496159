"""Every issue code the field modules write has plain words in the problems by kind (core.status), so the CLI summary,
the reports and the sidebar never show a raw code such as "phone.empty" (one voice; session 7)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.i18n import translator
from core.status import problem_label

FIELDS = Path(__file__).resolve().parents[2] / "core" / "fields"
# a literal code (issue("date.future", ...)) and the shared helpers' codes made from a kind (empty("phone") is
# "phone.empty", start("name", ...) can give "name.empty", empty_marker("address", ...) "address.placeholder")
_LITERAL = re.compile(r'issue\(\s*"([a-z_]+\.[a-z_]+)"')
_KIND = {"empty": "empty", "start": "empty", "empty_marker": "placeholder", "not_text": "invalid",
         "too_long": "invalid"}
_CALL = re.compile(r'\b(' + "|".join(_KIND) + r')\(\s*"([a-z_]+)"')


def _codes() -> list[str]:
    found = set()
    for path in FIELDS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found.update(_LITERAL.findall(text))
        found.update(f"{kind}.{_KIND[helper]}" for helper, kind in _CALL.findall(text))
    return sorted(found)


def test_the_scan_finds_the_codes():
    assert {"phone.empty", "date.future", "address.placeholder", "email.typo"} <= set(_codes())


@pytest.mark.parametrize("code", _codes())
def test_every_field_code_has_words(code):
    assert problem_label(code) != code
    assert problem_label(code, translator("sv")) not in (code, problem_label(code))
