"""Street and city: casing, house-number letters, c/o, and cells holding too much."""

import pytest

from core.fields import address


@pytest.mark.parametrize("raw,kind,expected,codes", [
    ("storgatan 1a", "street", "Storgatan 1A", []),
    ("STORGATAN 1A", "street", "Storgatan 1A", []),
    ("Storgatan 1a", "street", "Storgatan 1A", []),
    ("Storgatan  12 ,  lgh 1101", "street", "Storgatan 12, lgh 1101", []),
    ("DROTTNINGGATAN 5, 2 TR", "street", "Drottninggatan 5, 2 tr", []),
    ("C/O SVENSSON", "street", "c/o Svensson", []),
    ("C/O Anna Svensson", "street", "c/o Anna Svensson", []),
    ("karl johans gate 1", "street", "Karl Johans Gate 1", []),
    ("Karl Johans gate 1", "street", "Karl Johans gate 1", []),  # mixed case is kept
    ("Storg. 5", "street", "Storg. 5", []),  # abbreviations are left as typed
    ("VESTERGADE 12, 2. TH.", "street", "Vestergade 12, 2. th.", []),
    ("mannerheimintie 5 a 12", "street", "Mannerheimintie 5 A 12", []),
    ("Box 123", "street", "Box 123", []),
    ("Storgatan 1, 111 22 Stockholm", "street", "Storgatan 1, 111 22 Stockholm", ["address.combined"]),
    ("STOCKHOLM", "city", "Stockholm", []),
    ("upplands väsby", "city", "Upplands Väsby", []),
    ("KØBENHAVN K", "city", "København K", []),
    ("aarhus c", "city", "Aarhus C", []),
    ("MARIEHAMN", "city", "Mariehamn", []),
    ("111 22 Stockholm", "city", "111 22 Stockholm", ["address.city_has_digits"]),
    ("", "street", "", ["address.empty"]),
    ("--", "city", "--", ["address.invalid"]),
])
def test_check(raw, kind, expected, codes):
    report = address.check(raw, kind=kind)
    assert (report.value, [i.code for i in report.issues]) == (expected, codes)


@pytest.mark.parametrize("raw,kind,message", [
    ("Storgatan 1, 111 22 Stockholm", "street",
     "The street cell also holds a postal code and a city: move them to their own columns."),
    ("111 22 Stockholm", "city", "The city cell holds digits: move the postal code to its own column."),
    ("--", "city", "The city has no letters or digits in it."),
    ("null", "street", "The cell holds a placeholder (null), not a value."),
    ("Storgatan 1 {lgh}", "street", "The street contains {, which addresses do not have."),
])
def test_messages(raw, kind, message):
    assert [i.message for i in address.check(raw, kind=kind).issues] == [message]
