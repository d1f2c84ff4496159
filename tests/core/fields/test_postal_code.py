"""Postal codes: national formats, prefixes, lost zeros and a country that does not fit."""

import pytest

from core.fields import postal_code


@pytest.mark.parametrize("raw,country,expected", [
    ("11122", "SE", "111 22"),
    ("111 22", "SE", "111 22"),
    ("  111  22 ", "SE", "111 22"),
    ("SE-11122", "SE", "111 22"),
    ("S-111 22", "SE", "111 22"),
    ("se 111 22", "SE", "111 22"),
    ("0150", "NO", "0150"),
    ("N-0150", "NO", "0150"),
    ("NO-5003", "NO", "5003"),
    ("2100", "DK", "2100"),
    ("DK-2100", "DK", "2100"),
    ("00100", "FI", "00100"),
    ("FI-00100", "FI", "00100"),
    ("22100", "FI", "22100"),  # Mariehamn, Åland, in a Finnish register
    ("AX-22100", "AX", "22100"),
    ("101", "IS", "101"),
    ("10115", "DE", "10115"),
    ("sw1a 1aa", "GB", "SW1A 1AA"),  # other countries: kept as typed, upper case
])
def test_valid(raw, country, expected):
    report = postal_code.check(raw, country=country)
    assert (report.value, report.valid, report.issues) == (expected, True, [])


@pytest.mark.parametrize("raw,country,code,message,suggestion", [
    ("DK-2100", "SE", "postal_code.country_mismatch",
     "The postal code 2100 looks like one from Denmark, but the row's country is Sweden.", None),
    ("2100", "SE", "postal_code.country_mismatch",
     "The postal code 2100 looks like one from Norway or Denmark, but the row's country is Sweden.", None),
    ("00100", "SE", "postal_code.country_mismatch",
     "The postal code 00100 is not in use in Sweden, but it has the shape of one from Finland: if the customer "
     "lives there, fill in the row's country; if not, check the code.", None),
    # the row's own shape outside the range in use: the reason is the range, not the number of digits
    ("0123", "DK", "postal_code.invalid", "The postal code 0123 is not in use in Denmark: it has the right number "
     "of digits, but no address there has it. Check the code, or the row's country.", None),
    ("0000", "NO", "postal_code.invalid", "The postal code 0000 is not in use in Norway: it has the right number "
     "of digits, but no address there has it. Check the code, or the row's country.", None),
    ("00012", "SE", "postal_code.invalid", "The postal code 00012 is not in use in Sweden: it has the right number "
     "of digits, but no address there has it. Check the code, or the row's country.", None),
    ("SE-11122", "FI", "postal_code.country_mismatch",
     "The postal code 111 22 looks like one from Sweden, but the row's country is Finland.", None),
    ("11122", "NO", "postal_code.country_mismatch",
     "The postal code 111 22 looks like one from Sweden or Finland, but the row's country is Norway.", None),
    ("150", "NO", "postal_code.excel_mangled",
     "A spreadsheet seems to have dropped the leading 0: did you mean 0150?", "0150"),
    ("100", "FI", "postal_code.excel_mangled",
     "A spreadsheet seems to have dropped the leading 0: did you mean 00100?", "00100"),
    ("123", "SE", "postal_code.invalid", "A postal code in Sweden has 5 digits, like 111 22.", None),
    ("1234", "SE", "postal_code.country_mismatch",
     "The postal code 1234 looks like one from Norway or Denmark, but the row's country is Sweden.", None),
    ("111 222", "SE", "postal_code.invalid", "A postal code in Sweden has 5 digits, like 111 22.", None),
    ("Stockholm", "SE", "postal_code.invalid", "A postal code in Sweden has 5 digits, like 111 22.", None),
    ("12345", "DK", "postal_code.country_mismatch",
     "The postal code 123 45 looks like one from Sweden or Finland, but the row's country is Denmark.", None),
    ("", "SE", "postal_code.empty", "The cell is empty.", None),
])
def test_problems(raw, country, code, message, suggestion):
    report = postal_code.check(raw, country=country)
    assert report.valid is False
    assert [(i.code, i.message, i.suggestion) for i in report.issues] == [(code, message, suggestion)]


def test_norway_and_denmark_share_a_shape():
    """A 4-digit code in a Danish row cannot be told from a Norwegian one: no mismatch without a prefix."""
    assert postal_code.check("0150", country="DK").issues[0].code == "postal_code.invalid"
    assert postal_code.check("5003", country="DK").valid is True


@pytest.mark.parametrize("raw,country,expected", [("SE-11122", "SE", "111 22"), ("FI-00100", "FI", "00100"),
                                                  ("abc", "SE", "ABC")])
def test_normalize(raw, country, expected):
    assert postal_code.normalize(raw, country=country) == expected
