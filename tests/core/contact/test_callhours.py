"""Norwegian telephone sales hours (markedsføringsloven § 14) with holidays computed for any year."""

from __future__ import annotations

import datetime as dt

import pytest

from core.contact.callhours import easter_sunday, may_call_no, norwegian_holidays


@pytest.mark.parametrize("year,easter", [(2024, dt.date(2024, 3, 31)), (2025, dt.date(2025, 4, 20)),
                                         (2026, dt.date(2026, 4, 5)), (2027, dt.date(2027, 3, 28)),
                                         (2038, dt.date(2038, 4, 25)), (2285, dt.date(2285, 3, 22))])
def test_easter_matches_the_published_dates(year, easter):
    assert easter_sunday(year) == easter


def test_holidays_of_2026():
    days = norwegian_holidays(2026)
    assert days[dt.date(2026, 4, 2)] == "Maundy Thursday"
    assert days[dt.date(2026, 4, 3)] == "Good Friday"
    assert days[dt.date(2026, 4, 6)] == "Easter Monday"
    assert days[dt.date(2026, 5, 14)] == "Ascension Day"
    assert days[dt.date(2026, 5, 25)] == "Whit Monday"
    assert days[dt.date(2026, 5, 17)] == "Constitution Day"
    assert len(days) == 12


@pytest.mark.parametrize("at,allowed,reason,next_allowed", [
    (dt.datetime(2026, 12, 1, 14, 5), True, "weekday", dt.datetime(2026, 12, 1, 14, 5)),
    (dt.datetime(2026, 12, 1, 9, 0), True, "weekday", dt.datetime(2026, 12, 1, 9, 0)),
    (dt.datetime(2026, 12, 1, 8, 59), False, "before_9", dt.datetime(2026, 12, 1, 9, 0)),
    (dt.datetime(2026, 12, 1, 21, 0), False, "after_21", dt.datetime(2026, 12, 2, 9, 0)),
    (dt.datetime(2026, 12, 4, 21, 30), False, "after_21", dt.datetime(2026, 12, 7, 9, 0)),  # Friday night
    (dt.datetime(2026, 12, 5, 12, 0), False, "saturday", dt.datetime(2026, 12, 7, 9, 0)),
    (dt.datetime(2026, 12, 6, 12, 0), False, "sunday", dt.datetime(2026, 12, 7, 9, 0)),
    (dt.datetime(2026, 12, 24, 12, 0), True, "weekday", dt.datetime(2026, 12, 24, 12, 0)),  # Christmas Eve is no holiday
    (dt.datetime(2026, 12, 25, 12, 0), False, "holiday", dt.datetime(2026, 12, 28, 9, 0)),
    (dt.datetime(2026, 4, 1, 22, 0), False, "after_21", dt.datetime(2026, 4, 7, 9, 0)),  # Easter: Thu-Mon closed
    (dt.datetime(2026, 5, 14, 10, 0), False, "holiday", dt.datetime(2026, 5, 15, 9, 0)),
])
def test_may_call(at, allowed, reason, next_allowed):
    verdict = may_call_no(at)
    assert (verdict.allowed, verdict.reason, verdict.next_allowed) == (allowed, reason, next_allowed)
