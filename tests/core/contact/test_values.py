"""Numbers match however they are written; e-mails case-insensitively; ids by their canonical form."""

from __future__ import annotations

import datetime

import pytest

from core.contact.values import email_keys, id_key, phone_key, phone_keys

TODAY = datetime.date(2026, 12, 1)


@pytest.mark.parametrize("written,country,key", [
    ("070-123 45 67", "SE", "phone:46701234567"),
    ("070 123 45 67", "SE", "phone:46701234567"),
    ("0701234567", "SE", "phone:46701234567"),
    ("+46701234567", "SE", "phone:46701234567"),
    ("+46 (0)70-123 45 67", "SE", "phone:46701234567"),  # the (0) people write after the code
    ("0046 70 123 45 67", "SE", "phone:46701234567"),
    ("46701234567", "SE", "phone:46701234567"),  # bureau files: calling code without +
    ("701234567", "SE", "phone:46701234567"),  # Excel dropped the leading 0
    ("08-123 456 78", "SE", "phone:46812345678"),
    ("046-12 34 56", "SE", "phone:4646123456"),  # Lund's area code is not the calling code
    ("912 34 567", "NO", "phone:4791234567"),
    ("+47 912 34 567", "SE", "phone:4791234567"),  # a Norwegian number in a Swedish register
    ("4791234567", "SE", "phone:4791234567"),
    ("0047 91234567", "NO", "phone:4791234567"),
    ("040 123 4567", "FI", "phone:358401234567"),
    ("20 12 34 56", "DK", "phone:4520123456"),
    ("070-ABC", "SE", None),
    ("12", "SE", None),
    ("", "SE", None),
])
def test_phone_key(written, country, key):
    assert phone_key(written, country) == key


def test_a_cell_with_two_numbers_gives_both():
    assert phone_keys("070-123 45 67 / 08-123 456 78", "SE") == ["phone:46701234567", "phone:46812345678"]


@pytest.mark.parametrize("written,key", [
    (" Anna.Berg@Example.SE ", "email:anna.berg@example.se"),
    ("ANNA.BERG@EXAMPLE.SE", "email:anna.berg@example.se"),
    ("mailto:anna.berg@example.se", "email:anna.berg@example.se"),
    ("Anna Berg <anna.berg@example.se>", "email:anna.berg@example.se"),
])
def test_email_keys_are_case_insensitive(written, key):
    assert email_keys(written) == [key]


@pytest.mark.parametrize("written,country,key", [
    ("850101-1236", "SE", "id:198501011236"),
    ("8501011236", "SE", "id:198501011236"),
    ("19850101-1236", "SE", "id:198501011236"),
    ("198501011236", "SE", "id:198501011236"),
    ("131052-308T", "FI", "id:131052308T"),
    ("850101-1235", "SE", None),  # wrong check digit: no id, never a match
])
def test_id_key(written, country, key):
    assert id_key(written, country, TODAY) == key
