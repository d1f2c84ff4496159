"""Dates typed the Nordic way, US order, Excel serials, and birth dates in the future."""

import datetime

import pytest

from core.fields import date

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.parametrize("raw,kind,expected", [
    ("1985-03-07", "birth_date", "1985-03-07"),
    ("1985-3-7", "birth_date", "1985-03-07"),
    ("1985/03/07", "birth_date", "1985-03-07"),
    ("1985.03.07", "birth_date", "1985-03-07"),
    ("7.3.1985", "birth_date", "1985-03-07"),
    ("07.03.1985", "birth_date", "1985-03-07"),
    ("07/03/1985", "birth_date", "1985-03-07"),
    ("7-3-1985", "birth_date", "1985-03-07"),
    ("19850307", "birth_date", "1985-03-07"),
    ("7 mars 1985", "birth_date", "1985-03-07"),
    ("7. marts 1985", "birth_date", "1985-03-07"),
    ("7. mars 1985", "birth_date", "1985-03-07"),
    ("7. maaliskuuta 1985", "birth_date", "1985-03-07"),
    ("March 7, 1985", "birth_date", "1985-03-07"),
    ("7 Mar 1985", "birth_date", "1985-03-07"),
    ("29.2.2000", "birth_date", "2000-02-29"),
    ("1985-03-07 14:22", "birth_date", "1985-03-07"),
    ("2024-05-01 08:30", "updated_at", "2024-05-01T08:30:00"),
    ("2024-05-01T08:30:12.123Z", "updated_at", "2024-05-01T08:30:12Z"),
    ("2024-05-01T08:30:12+02:00", "updated_at", "2024-05-01T08:30:12+02:00"),
    ("2024-05-01", "updated_at", "2024-05-01"),
])
def test_valid(raw, kind, expected):
    report = date.check(raw, kind=kind, today=TODAY)
    assert (report.value, report.valid, report.issues) == (expected, True, [])


@pytest.mark.parametrize("raw,context,expected,code,message", [
    ("31113", {}, "1985-03-07", "date.excel_serial",
     "The date was stored as a spreadsheet serial number (31113) and was read as 1985-03-07: check it."),
    ("03/25/1985", {}, "1985-03-25", "date.us_order",
     "03/25/1985 only works as month/day/year (US order), so it was read that way: check it."),
    ("7.3.85", {"today": TODAY}, "1985-03-07", "date.two_digit_year",
     "7.3.85 has a two-digit year and was read as 1985: check it."),
    ("7.3.19", {"today": TODAY}, "2019-03-07", "date.two_digit_year",
     "7.3.19 has a two-digit year and was read as 2019: check it."),
    ("2027-01-01", {"today": TODAY, "kind": "updated_at"}, "2027-01-01", "date.future",
     "The date 2027-01-01 is in the future."),
    ("1889-05-01", {}, "1889-05-01", "date.implausible", "The birth date 1889-05-01 is before 1900: check it."),
])
def test_read_with_a_warning(raw, context, expected, code, message):
    report = date.check(raw, **context)
    assert (report.value, report.valid) == (expected, True)
    assert [(i.code, i.severity, i.message) for i in report.issues] == [(code, "warning", message)]


@pytest.mark.parametrize("raw,context,code,message", [
    ("31.2.1985", {}, "date.invalid", "31.2.1985 is not a real date."),
    ("1985-13-01", {}, "date.invalid", "1985-13-01 is not a real date."),
    ("29.2.1985", {}, "date.invalid", "29.2.1985 is not a real date."),
    ("7 foo 1985", {}, "date.invalid", "7 foo 1985 is not a real date."),
    ("1985", {}, "date.invalid", "Only the year (1985) is given: write the whole date."),
    ("igår", {}, "date.invalid", "This does not look like a date."),
    ("7.3.85", {}, "date.two_digit_year", "7.3.85 has a two-digit year: write all four digits."),
    ("2030-01-01", {"today": TODAY}, "date.future", "The birth date 2030-01-01 is in the future."),
    ("", {}, "date.empty", "The cell is empty."),
])
def test_invalid(raw, context, code, message):
    report = date.check(raw, **context)
    assert report.valid is False
    assert [(i.code, i.message) for i in report.issues] == [(code, message)]


def test_without_today_the_future_is_not_checked():
    assert date.check("2030-01-01").valid is True


@pytest.mark.parametrize("raw,valid", [
    ("03/25", True),   # Mailchimp's Birthday field: month/day, no year
    ("11/02", True),   # either order is a day of the year
    ("25.3.", True),   # a Nordic form's day and month
    ("25-03", True),
    ("29.2.", True),   # a birthday on a leap day is real
    ("31/04", False),  # April has 30 days, and there is no 31st month
    ("13/13", False),
    ("00/05", False),
])
def test_a_birthday_without_its_year_is_kept_as_written(raw, valid):
    """A newsletter tool's birthday has no year, and that is not an error in a birth date column; a last-updated
    stamp without its year is."""
    report = date.check(raw, kind="birth_date", today=TODAY)
    assert (report.value, report.valid) == (raw, valid)
    assert not date.check(raw, kind="updated_at", today=TODAY).valid
