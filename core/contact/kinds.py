"""The kinds of suppression list, which channels each one closes and how long a check counts.

Rules (sources in docs/suppression.md and /work/shared/reference/sheets_and_nordic.md D.3):

- NIX-Telefon (SE): a number checked against NIX may be called for 2 months from the list's date; a
  consent to calls counts for 3 months when the number is on NIX.
- Reservasjonsregisteret (NO): lists are updated against it at least every month; telephone sales and
  addressed advertising are separate reservations; it does not apply to existing customer relationships.
- Deceased persons, protected identities and the company's own opt-out lists never expire by law; the user
  may give a list a date after which it stops counting.

>>> KINDS["nix"].channels, KINDS["nix"].valid_months
(('phone',), 2)
>>> valid_until("nix", datetime.date(2026, 11, 30))
datetime.date(2027, 1, 30)
>>> valid_until("reservasjon_phone", datetime.date(2026, 1, 31))
datetime.date(2026, 2, 28)
>>> valid_until("deceased", datetime.date(2026, 1, 31)) is None
True
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

CHANNELS = ("phone", "post", "email")


@dataclass(frozen=True)
class Kind:
    name: str
    channels: tuple[str, ...]  # the channels a match closes
    valid_months: int | None  # how long a check against the register counts; None: set by the user
    date_required: bool  # a register's list is only meaningful with the date it was made
    country: str | None  # the country whose numbers the register holds (for numbers written without +)
    customer_exception: bool  # an existing customer relationship lifts it (when the option is on)


KINDS: dict[str, Kind] = {
    kind.name: kind for kind in (
        Kind("nix", ("phone",), 2, True, "SE", True),
        Kind("reservasjon_phone", ("phone",), 1, True, "NO", True),
        Kind("reservasjon_mail", ("post",), 1, True, "NO", True),
        Kind("deceased", CHANNELS, None, False, None, False),
        Kind("protected_identity", CHANNELS, None, False, None, False),
        Kind("opt_out_email", ("email",), None, False, None, False),
        Kind("opt_out_phone", ("phone",), None, False, None, False),
        Kind("opt_out_all", CHANNELS, None, False, None, False),
    )
}
KIND_NAMES: tuple[str, ...] = tuple(KINDS)

#: A consent to calls counts this many months when the number is on NIX (SE, since 1 July 2017).
NIX_CONSENT_MONTHS = 3


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole months; the 31st becomes the last day of a shorter month."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(kind: str, list_date: datetime.date | None,
                user_until: datetime.date | None = None) -> datetime.date | None:
    """The last day a list counts: the rule's months after its date, else the user's date, else None (always)."""
    rule = KINDS[kind].valid_months
    if rule is not None and list_date is not None:
        return add_months(list_date, rule)
    return user_until
