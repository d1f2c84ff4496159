"""Field modules: one module per kind of value, one API for all of them.

Every module in ``FIELDS`` follows ``FieldModule`` (python-stdnum's convention of
``compact/validate/is_valid/format``, written down as a Protocol):

- ``normalize(value, /, *, <options>) -> str``: clean up, no judgement, cheap.
- ``analyse(value, /, *, <options>) -> Analysis``: everything the module finds, as an immutable tuple
  (value, issues, details); the engine calls it directly, and the three below are built from it.
- ``validate(value, /, *, <options>) -> str``: the normalized value, or raise a ``core.errors.FieldError``.
- ``is_valid(value, /, *, <options>) -> bool``: ``validate`` without the exception.
- ``check(value, /, *, <options>) -> FieldReport``: never raises; value, verdict, issues, details.

The value is positional; the options are keyword-only parameters named in each module's signature and
docstring (``phone.check(value, country="NO", display="national")``, as stdnum's
``hetu.validate(number, allow_temporary=False)`` and email-validator's ``validate_email``). A key a
module does not take is a TypeError, and a value outside an option's choices a ValueError, never a
default quietly used. ``validate`` raises only for errors; warnings (a typo suggestion, a role address)
leave the value valid. An empty cell gives ``<kind>.empty``: whether a blank is allowed is the caller's
call. ``core.fields.cell`` is not a role: it applies to every cell.

A register clean knows more than one cell: the row's country and the run's settings. It holds them in
one ``FieldContext``, and ``FIELDS`` maps each column role to its module and to the one function that
turns that context into the module's keywords (``Field.bind``):

>>> field = FIELDS["phone"]
>>> field.bind(FieldContext(country="NO", phone_display="international"))("912 34 567").value
'+47 91 23 45 67'
>>> from core.fields import name, phone
>>> name.validate("ÅSA-LENA", kind="given")
'Åsa-Lena'
>>> phone.check("912 34 567", contry="NO")
Traceback (most recent call last):
    ...
TypeError: analyse() got an unexpected keyword argument 'contry'
>>> sorted(FIELDS) == sorted(["email", "phone", "full_name", "given_name", "family_name", "company", "street",
...     "postal_code", "city", "country", "personal_id", "org_id", "birth_date", "updated_at"])
True
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple, Protocol

from core.fields._util import Analysis
from core.models import FieldReport, PhoneDisplay


class FieldModule(Protocol):
    """What every field module offers; each adds its own keyword-only options to these signatures."""

    def normalize(self, value: str, /) -> str: ...

    def analyse(self, value: Any, /) -> Analysis: ...

    def validate(self, value: Any, /) -> str: ...

    def is_valid(self, value: Any, /) -> bool: ...

    def check(self, value: Any, /) -> FieldReport: ...


@dataclass(frozen=True, slots=True)
class FieldContext:
    """What a register clean knows besides the cell: the row's country and the run's settings.

    Only ``Field.bind`` reads it, each role taking what its module uses as named keywords.
    """

    country: str | None = "SE"
    """The row's country (ISO alpha-2): phone region, postal code format, id formats."""
    today: datetime.date | None = None
    """Ids and dates: the century of a 10-digit personnummer, nothing born in the future."""
    phone_display: PhoneDisplay = "e164"
    text_forms: bool = False
    """Ids in forms a spreadsheet's CSV import keeps as text (``19700623-7528``)."""


Analyser = Callable[[Any], Analysis]


class Field(NamedTuple):
    """A column role: its module and how a clean's context becomes that module's keywords."""

    module: FieldModule
    bind: Callable[[FieldContext], Analyser]
    """The module's ``analyse`` with this role's options filled in from the context."""


# Imported after the classes above so that the modules can import from this package freely.
from core.fields import address, cell, country, date, email, name, national_id, phone, postal_code  # noqa: E402

# The one place a FieldContext meets each module's keywords (checked by the type checker, not a dict of options).
FIELDS: dict[str, Field] = {
    "email": Field(email, lambda context: email.analyse),
    "phone": Field(phone, lambda context: partial(phone.analyse, country=context.country,
                                                  display=context.phone_display)),
    "full_name": Field(name, lambda context: partial(name.analyse, kind="full")),
    "given_name": Field(name, lambda context: partial(name.analyse, kind="given")),
    "family_name": Field(name, lambda context: partial(name.analyse, kind="family")),
    "company": Field(name, lambda context: partial(name.analyse, kind="company")),
    "street": Field(address, lambda context: partial(address.analyse, kind="street")),
    "postal_code": Field(postal_code, lambda context: partial(postal_code.analyse, country=context.country)),
    "city": Field(address, lambda context: partial(address.analyse, kind="city")),
    "country": Field(country, lambda context: country.analyse),
    "personal_id": Field(national_id, lambda context: partial(
        national_id.analyse, country=context.country, kind="personal", today=context.today,
        text_forms=context.text_forms)),
    "org_id": Field(national_id, lambda context: partial(
        national_id.analyse, country=context.country, kind="organisation", today=context.today,
        text_forms=context.text_forms)),
    "birth_date": Field(date, lambda context: partial(date.analyse, kind="birth_date", today=context.today)),
    "updated_at": Field(date, lambda context: partial(date.analyse, kind="updated_at", today=context.today)),
}
"""Each column role (docs/ARCHITECTURE.md) to its module and its ``bind``."""

__all__ = ["FIELDS", "Analyser", "Field", "FieldContext", "FieldModule", "cell"]
