"""When telephone sales are allowed in Norway (markedsføringsloven § 14), with the holidays computed.

§ 14: no telephone marketing to consumers on Saturdays, Sundays and public holidays, nor on weekdays
before 09:00 or after 21:00. Public holidays (helligdager and the two statutory ones, 1 and 17 May) are
computed for any year: Easter from the Gregorian computus, the rest from Easter or fixed dates.
Core has no clock: the caller passes the local time in Norway.

>>> norwegian_holidays(2027)[datetime.date(2027, 3, 25)]
'Maundy Thursday'
>>> may_call_no(datetime.datetime(2027, 3, 29, 12, 0)).allowed  # Easter Monday
False
>>> may_call_no(datetime.datetime(2027, 3, 30, 8, 59)).next_allowed
datetime.datetime(2027, 3, 30, 9, 0)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

OPENS, CLOSES = datetime.time(9, 0), datetime.time(21, 0)


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month = (h + leap - 7 * m + 114) // 31
    day = (h + leap - 7 * m + 114) % 31 + 1
    return datetime.date(year, month, day)


@lru_cache(maxsize=64)
def norwegian_holidays(year: int) -> dict[datetime.date, str]:
    """Norway's public holidays of ``year`` (lov om helligdager og helligdagsfred § 2, lov om 1. og 17. mai)."""
    easter = easter_sunday(year)
    moving = {-3: "Maundy Thursday", -2: "Good Friday", 0: "Easter Sunday", 1: "Easter Monday",
              39: "Ascension Day", 49: "Whit Sunday", 50: "Whit Monday"}
    days = {easter + datetime.timedelta(days=offset): name for offset, name in moving.items()}
    days.update({datetime.date(year, 1, 1): "New Year's Day", datetime.date(year, 5, 1): "Labour Day",
                 datetime.date(year, 5, 17): "Constitution Day", datetime.date(year, 12, 25): "Christmas Day",
                 datetime.date(year, 12, 26): "Boxing Day"})
    return days


@dataclass(frozen=True)
class CallTime:
    allowed: bool
    reason: str  # "weekday" | "saturday" | "sunday" | "holiday" | "before_9" | "after_21"
    holiday: str | None  # the holiday's name when reason is "holiday"
    next_allowed: datetime.datetime  # now when allowed, else the next minute calls may start


def _closed(day: datetime.date) -> tuple[str, str | None] | None:
    holiday = norwegian_holidays(day.year).get(day)
    if holiday:
        return "holiday", holiday
    if day.weekday() == 5:
        return "saturday", None
    if day.weekday() == 6:
        return "sunday", None
    return None


def may_call_no(local: datetime.datetime) -> CallTime:
    """May a Norwegian consumer be called for sales at ``local`` (naive, Norwegian local time)?"""
    closed = _closed(local.date())
    if closed is None and OPENS <= local.time() < CLOSES:
        return CallTime(True, "weekday", None, local)
    if closed is not None:
        reason, holiday = closed
    else:
        reason, holiday = ("before_9", None) if local.time() < OPENS else ("after_21", None)
    day = local.date() if closed is None and local.time() < OPENS else local.date() + datetime.timedelta(days=1)
    while _closed(day) is not None:
        day += datetime.timedelta(days=1)
    return CallTime(False, reason, holiday, datetime.datetime.combine(day, OPENS))
