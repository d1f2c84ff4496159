"""Dates (birth dates, last-updated stamps): the common ways people type them, to ISO.

``1985-03-07``, ``7.3.1985``, ``07/03/1985``, ``7-3-1985`` (day first, as in the
Nordics), ``19850307``, ``7 mars 1985`` / ``7. marts 1985`` / ``March 7, 1985``
all become ``1985-03-07``; a time after an ISO date is kept
(``2024-05-01T08:30:00``). Excel serial numbers (``31113``) are converted with a
warning; a slash date that only works month first (``03/25/1985``) is read
US-style with a warning. A birth date without its year (``03/25``, as Mailchimp's Birthday field
exports it; ``25.3.`` on a Nordic form) is a birthday, kept as written when some order of its numbers is a day of
the year. Two-digit years need ``today``. Options (keyword-only):
``kind`` (``birth_date`` | ``updated_at``, default ``birth_date``; another value is
a ValueError) and ``today`` (a ``datetime.date``; without it the future checks are skipped).

>>> validate("7.3.1985"), validate("19850307"), validate("7 mars 1985")
('1985-03-07', '1985-03-07', '1985-03-07')
>>> check("31113").issues[0].message
'The date was stored as a spreadsheet serial number (31113) and was read as 1985-03-07: check it.'
>>> validate("31.2.1985")
Traceback (most recent call last):
    ...
core.errors.InvalidComponent: 31.2.1985 is not a real date.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import Any, Literal

from core.errors import InvalidComponent, InvalidLength
from core.fields._util import Analysis, empty, entry_points, issue, not_text, strip_invisible
from core.i18n import N_
from core.models import FieldIssue

_MONTHS = {
    name: number
    for number, names in enumerate((
        "jan januari januar january tammikuu tammikuuta",
        "feb febr februari februar february helmikuu helmikuuta",
        "mar mars marts march maaliskuu maaliskuuta",
        "apr april huhtikuu huhtikuuta",
        "maj mai may toukokuu toukokuuta",
        "jun juni june kesäkuu kesäkuuta",
        "jul juli july heinäkuu heinäkuuta",
        "aug augusti august elokuu elokuuta",
        "sep sept september syyskuu syyskuuta",
        "okt oct oktober october lokakuu lokakuuta",
        "nov november marraskuu marraskuuta",
        "dec des december desember joulukuu joulukuuta",
    ), start=1)
    for name in names.split()
}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?(Z|[+-]\d{2}:?\d{2})?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_WORDS_DAY_FIRST = re.compile(r"(\d{1,2})\.? ([^\W\d_]+)\.? (\d{4})")
_WORDS_MONTH_FIRST = re.compile(r"([^\W\d_]+)\.? (\d{1,2}),? (\d{4})")
_DAY_AND_MONTH = re.compile(r"(\d{1,2})[./-](\d{1,2})\.?")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February as in a leap year: 29.2. is a birthday
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_MAX_LENGTH = 40
Kind = Literal["birth_date", "updated_at"]


def normalize(value: str, /) -> str:
    """Trim and single spaces (reading the date is validate's job)."""
    return strip_invisible(value)[:_MAX_LENGTH]


def _bad(text: str) -> Analysis:
    return Analysis(text, (issue("date.invalid", N_("{text} is not a real date."), text=text, raises=InvalidComponent),))


def _day_of_the_year(text: str) -> bool:
    """Is ``text`` a day and a month without a year, in either order (03/25 month first, 25.3. day first)?"""
    match = _DAY_AND_MONTH.fullmatch(text)
    if not match:
        return False
    first, second = int(match[1]), int(match[2])
    return any(1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]
               for month, day in ((first, second), (second, first)))


def _read(text: str, today: datetime.date | None) -> tuple[datetime.date, str, tuple] | Analysis:
    """The date, any time suffix, and issues raised while reading it; or the Analysis of a failure."""
    if match := _ISO.fullmatch(text):
        year, month, day, hour, minute, second, zone = match.groups()
        time = f"T{int(hour):02d}:{minute}:{second or '00'}{(zone or '').replace('Z', 'Z')}" if hour else ""
        return _date(text, int(year), int(month), int(day)), time, ()
    if match := _COMPACT.fullmatch(text):
        return _date(text, *map(int, match.groups())), "", ()
    if text.isascii() and text.isdigit() and len(text) == 5 and 10000 <= int(text) <= 73050:
        date = _EXCEL_EPOCH + datetime.timedelta(days=int(text))
        message = N_("The date was stored as a spreadsheet serial number ({text}) and was read as {date}: check it.")
        return date, "", (issue("date.excel_serial", message, severity="warning", text=text, date=date.isoformat()),)
    if match := _DAY_FIRST.fullmatch(text):
        first, separator, second, year = match.groups()
        issues: tuple[FieldIssue, ...] = ()
        day, month = int(first), int(second)
        if separator == "/" and day <= 12 < month:
            day, month = month, day
            message = N_("{text} only works as month/day/year (US order), so it was read that way: check it.")
            issues = (issue("date.us_order", message, severity="warning", text=text),)
        if len(year) == 2:
            if today is None:
                return Analysis(text, (issue("date.two_digit_year", N_("{text} has a two-digit year: write all four digits."), text=text),))
            full = today.year - (today.year - int(year)) % 100
            message = N_("{text} has a two-digit year and was read as {year}: check it.")
            issues = (*issues, issue("date.two_digit_year", message, severity="warning", text=text, year=str(full)))
            year = str(full)
        return _date(text, int(year), month, day), "", issues
    for pattern, order in ((_WORDS_DAY_FIRST, (0, 1, 2)), (_WORDS_MONTH_FIRST, (1, 0, 2))):
        if match := pattern.fullmatch(text):
            parts = match.groups()
            day, name, year = (parts[i] for i in order)
            if (month := _MONTHS.get(name.lower().rstrip("."))) is None:
                break
            return _date(text, int(year), month, int(day)), "", ()
    raise ValueError(text)


def _date(text: str, year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def analyse(value: Any, /, *, kind: Kind = "birth_date", today: datetime.date | None = None) -> Analysis:
    """Everything check() reports, as an immutable Analysis."""
    if kind not in ("birth_date", "updated_at"):
        raise ValueError(f"kind must be 'birth_date' or 'updated_at', not {kind!r}")
    if not isinstance(value, str):
        return not_text("date", value)
    if not isinstance(today, datetime.date):
        today = None
    return _analyse(value[: _MAX_LENGTH * 4], kind, today)


@lru_cache(maxsize=16384)
def _analyse(value: str, kind: str, today: datetime.date | None) -> Analysis:
    text = strip_invisible(value)
    if not text:
        return empty("date")
    if len(text) > _MAX_LENGTH:
        return Analysis(text[:_MAX_LENGTH], (issue("date.invalid", N_("The value is far too long for a date."),
                                                   raises=InvalidLength),))
    if kind == "birth_date" and _day_of_the_year(text):
        return Analysis(text, ())  # a birthday without its year: nothing to read into it, nothing wrong with it
    try:
        read = _read(text, today)
    except ValueError:
        if re.fullmatch(r"\d{4}", text):
            return Analysis(text, (issue("date.invalid", N_("Only the year ({text}) is given: write the whole date."), text=text),))
        if any(c.isdigit() for c in text):
            return _bad(text)
        return Analysis(text, (issue("date.invalid", N_("This does not look like a date.")),))
    if isinstance(read, Analysis):
        return read
    date, time, issues = read
    value = date.isoformat() + (time if kind == "updated_at" else "")
    if today is not None and date > today:
        if kind == "birth_date":
            return Analysis(value, (*issues, issue("date.future", N_("The birth date {date} is in the future."),
                                                   date=date.isoformat(), raises=InvalidComponent)))
        message = N_("The date {date} is in the future.")
        issues = (*issues, issue("date.future", message, severity="warning", date=date.isoformat()))
    if kind == "birth_date" and date.year < 1900:
        issues = (*issues, issue("date.implausible", N_("The birth date {date} is before 1900: check it."), severity="warning",
                                        date=date.isoformat()))
    return Analysis(value, issues)


validate, is_valid, check = entry_points(analyse)
