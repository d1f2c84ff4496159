"""Every cell: invisible characters and formulas; plain numbers and phone-like text are data."""

import pytest

from core.fields import cell


@pytest.mark.parametrize("raw,expected", [
    ("\u00a0Anna\u200b  Svensson\ufeff", "Anna Svensson"),
    ("Anna\u00adKarin", "AnnaKarin"),  # soft hyphen
    ("Anna\tSvensson\r\n", "Anna Svensson"),
    ("a\x00b\x1fc", "a b c"),
    ("\u2060\u200d", ""),
    ("Stockholm", "Stockholm"),
])
def test_invisible_characters_and_spaces(raw, expected):
    report = cell.check(raw)
    assert (report.value, report.issues) == (expected, [])


@pytest.mark.parametrize("raw,expected", [
    ('=HYPERLINK("http://evil.example","Klicka")', '\'=HYPERLINK("http://evil.example","Klicka")'),
    ("=1+1", "'=1+1"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("@anna", "'@anna"),
    ("\u00a0=IMPORTXML(A1)", "'=IMPORTXML(A1)"),
    ("-Anna", "'-Anna"),
])
def test_formulas_are_neutralised(raw, expected):
    report = cell.check(raw)
    assert report.value == expected
    assert [(i.code, i.severity) for i in report.issues] == [("cell.formula", "warning")]


def test_formula_message():
    assert cell.check("=1+1").issues[0].message == (
        "The value starts with = and a spreadsheet would run it as a formula, "
        "so an apostrophe was added in front to keep it as text."
    )


@pytest.mark.parametrize("raw", ["-12", "-1.5", "+3,5", "-1.5e3", "+46 70 123 45 67", "+46 (0)70-123 45 67",
                                 "-", "--", "- 12 -", "+47 912 34 567"])
def test_numbers_and_phone_like_text_are_data(raw):
    report = cell.check(raw)
    assert (report.value, report.issues) == (raw, [])


def test_a_value_a_field_module_accepted_is_left_alone():
    assert cell.check("+46701234567", accepted=True).issues == []
    assert cell.check("=SUM(A1)", accepted=True).value == "=SUM(A1)"
