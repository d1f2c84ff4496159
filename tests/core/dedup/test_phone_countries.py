"""Issue 9, "phones of another country are not one digit off": two numbers of two country calling codes are never
"phone one digit off", however close their digits. One national number under two codes (a Danish "35 32 49 97" read
under --country NO beside its copy's "+45 35 32 49 97") is one phone read in two countries: "same phone but for the
country code", never more than the same number twice; a number typed without a code is still read in the register's
country. Real-looking Nordic numbers, as registers hold them (national forms, +, 00, spaces and dashes)."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from core import CleanConfig, clean
from core.dedup import DedupConfig, find_duplicates, prepare
from core.dedup.conditions import calling_code

HEADER = ["Förnamn", "Efternamn", "Telefon"]
ROLES = ["given_name", "family_name", "phone"]


def phone_level(country: str, left: str, right: str) -> str:
    """The label of the phone level of two rows holding ``left`` and ``right`` in a register of ``country``."""
    rows = [["Ole", "Bjerre", left], ["Ole", "Bjerre", right], ["Kari", "Lie", "+47 915 55 555"]]
    scorer = prepare(HEADER, rows, ROLES, DedupConfig(country=country))
    levels = scorer.levels(np.array([0]), np.array([1]))
    row = next(n for n, c in enumerate(scorer.comparisons) if c.name == "phone")
    return scorer.comparisons[row].levels[levels[row, 0]].label


@pytest.mark.parametrize("country,left,right,level", [
    # a Danish landline once with its +45, once in national form read as Norwegian (+47): one number, two readings
    ("NO", "+45 35 32 49 97", "35 32 49 97", "same phone but for the country code"),
    ("NO", "0045 35 32 49 97", "35324997", "same phone but for the country code"),
    # the Stockholm landline in Swedish national form read under --country NO (08 -> +47 8...) beside its +46 form
    ("NO", "+46 8 892 35 23", "08-892 35 23", "same phone but for the country code"),
    ("SE", "+47 22 33 44 55", "+45 22 33 44 55", "same phone but for the country code"),
    # two countries' numbers one digit apart are two numbers, not a slip (before: "phone one digit off")
    ("NO", "+45 35 32 49 97", "35 32 49 98", "different phone"),
    ("FI", "+358 40 123 4567", "+359 40 123 4568", "different phone"),
    ("DK", "+46 70 123 45 67", "+47 70 123 45 68", "different phone"),
    # a short number under two codes says nothing
    ("NO", "+45 1234", "+47 1234", "different phone"),
    # one country's numbers one digit apart: a slip, as before (with or without the code, read in the register's)
    ("NO", "+47 912 34 567", "912 34 568", "phone one digit off"),
    ("SE", "+46 70 123 45 67", "070-123 45 68", "phone one digit off"),
    ("DK", "20 12 34 56", "+45 20 12 34 57", "phone one digit off"),
    ("FI", "040 123 4567", "+358 40 123 4568", "phone one digit off"),
    # one number in two forms is the same number
    ("NO", "+47 912 34 567", "912 34 567", "same phone"),
    ("DK", "+45 35 32 49 97", "35 32 49 97", "same phone"),
    ("SE", "0046 70 123 45 67", "070-123 45 67", "same phone"),
])
def test_one_digit_off_only_within_one_country(country, left, right, level):
    assert phone_level(country, left, right) == level


@pytest.mark.parametrize("digits,code", [
    ("4791234567", "47"), ("4535324997", "45"), ("46701234567", "46"), ("358401234567", "358"),
    ("3541234567", "354"), ("298123456", "298"), ("12025550123", "1"),
    ("0701234567", ""),  # national digits of a plan the register did not say: no code
])
def test_calling_code(digits, code):
    assert calling_code(digits) == code


# one customer's copies and two households, in a register read as Norwegian (--country NO)
SHOP_HEADER = ["Förnamn", "Efternamn", "E-post", "Telefon", "Mobil", "Gatuadress", "Postnummer", "Ort"]
HOME = ["Hybenvej 6", "9000", "Aalborg"]


SHOP_ROLES = ["given_name", "family_name", "email", "phone", "phone", "street", "postal_code", "city"]
OTHER = ["Kari", "Lie", "kari.lie@online.no", "+47 22 33 44 55", "+47 915 55 555", "Storgata 1", "0155", "Oslo"]


def _pairs(rows):
    result = find_duplicates(SHOP_HEADER, [*rows, OTHER], SHOP_ROLES, DedupConfig(country="NO"))
    return [(c.band, p.reasons, p.against) for c in result.clusters for p in c.pairs]


def test_a_landline_in_two_forms_reads_as_the_landline_written_alike():
    """A copy of one customer whose landline is typed once with its +45 and once without (read as +47) is as close
    as with the number written alike; the reason names what happened."""
    copy = [["Ole", "Bjerreberg", "ole.bjerreberg@gmail.com", "35 32 49 97", "", *HOME],
            ["Ole", "Bjerreberg", "", "+45 35 32 49 97", "", *HOME]]
    alike = [copy[0][:3] + ["+45 35 32 49 97"] + copy[0][4:], copy[1]]
    assert [band for band, _, _ in _pairs(copy)] == [band for band, _, _ in _pairs(alike)] == ["sure"]
    assert _pairs(copy)[0][1] == ["same given name", "same family name", "same phone but for the country code",
                                  "same address"]


def test_a_father_and_son_on_the_landline_in_two_forms_are_never_sure():
    """Ole Bjerreberg and the son named after him at one Aalborg home, each with his own mailbox and mobile, the
    home's landline once with +45 and once without: one landline, two people. Their own mailboxes and mobiles
    differ, so the landline is the home's and nothing of their own agrees: not even a pair to check by hand, as in a
    register with one phone column (session 7)."""
    rows = [["Ole", "Bjerreberg", "ole.bjerreberg@gmail.com", "35 32 49 97", "+45 26 94 04 66", *HOME],
            ["Ole", "Bjerreberg", "objerreberg@hotmail.dk", "+45 35 32 49 97", "+45 50 10 99 61", *HOME]]
    assert _pairs(rows) == []
    cleaned = clean((SHOP_HEADER, [*rows, OTHER]), CleanConfig(country="NO", today=datetime.date(2026, 12, 1)))
    assert not any(status.startswith(("Delete", "Duplicate")) for status in cleaned.status)
    assert "one digit off" not in " ".join(cleaned.status)
