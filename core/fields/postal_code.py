"""Postal code: the national format for the row's country, and a check that the two agree.

Sweden ``NNN NN``, Norway and Denmark 4 digits, Finland and Åland 5 digits,
Iceland and the Faroes 3, Greenland 4, Germany 5. Country prefixes
(``SE-11122``, ``S-111 22``, ``FI-00100``, ``DK-2100``, ``N-0150``) are removed;
a prefix or a format that belongs to another Nordic country than the row's
gives ``postal_code.country_mismatch``. Leading zeros a spreadsheet dropped
(``150`` for Oslo ``0150``) are flagged with the padded code as a suggestion.
Codes of other countries are kept as typed (trimmed, upper case).
Option (keyword-only): ``country`` (default ``"SE"``; None is Sweden too).

>>> validate("11122"), validate("S-111 22"), validate("0150", country="NO")
('111 22', '111 22', '0150')
>>> check("DK-2100").issues[0].code
'postal_code.country_mismatch'
>>> validate("123")
Traceback (most recent call last):
    ...
core.errors.InvalidFormat: A Swedish postal code has 5 digits, like 111 22.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from core.errors import InvalidComponent, InvalidLength
from core.fields._util import Analysis, empty, entry_points, issue, not_text, strip_invisible
from core.i18n import N_
from core.models import FieldIssue

# country: (digits, first allowed code, last allowed code, example, adjective)
_FORMATS = {
    "SE": (5, 10000, 98499, "111 22", "Swedish"),
    "NO": (4, 1, 9991, "0150", "Norwegian"),
    "DK": (4, 800, 9990, "2100", "Danish"),
    "FI": (5, 100, 99999, "00100", "Finnish"),  # 00100 Helsinki to 99999 Korvatunturi
    "AX": (5, 22000, 22999, "22100", "Åland"),
    "IS": (3, 100, 999, "101", "Icelandic"),
    "FO": (3, 100, 999, "100", "Faroese"),
    "GL": (4, 3900, 3999, "3900", "Greenlandic"),
    "DE": (5, 1000, 99999, "10115", "German"),
}
_PREFIXES = {"S": "SE", "SE": "SE", "N": "NO", "NO": "NO", "DK": "DK", "FI": "FI", "SF": "FI", "FIN": "FI",
             "AX": "AX", "IS": "IS", "FO": "FO", "GL": "GL", "D": "DE", "DE": "DE"}
_PREFIXED = re.compile(r"([A-Z]{1,3})[- ]?(\d[\d ]*)")
_MAX_LENGTH = 20
# Elsewhere: letters, digits, inner spaces and hyphens (SW1A 1AA, 1012 AB, 02-495), with a digit somewhere.
_OTHER = re.compile(r"[A-Z0-9](?:[A-Z0-9 -]{0,8}[A-Z0-9])?")


def _digits(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also takes ² and ３, which are no postal code (and int() refuses ²)."""
    return text.isascii() and text.isdigit()


def _format(country: str, digits: str) -> str:
    return f"{digits[:3]} {digits[3:]}" if country == "SE" else digits


def _fits(country: str, digits: str) -> bool:
    size, low, high, _, _ = _FORMATS[country]
    return len(digits) == size and low <= int(digits) <= high


def normalize(value: str, /, *, country: str | None = "SE") -> str:
    """Trim, upper-case, drop a country prefix, write Swedish codes as NNN NN; no judgement."""
    text = strip_invisible(value)[:_MAX_LENGTH].upper()
    match = _PREFIXED.fullmatch(text)
    if match and match.group(1) in _PREFIXES:
        text = match.group(2)
    digits = text.replace(" ", "")
    return _format(str(country or "SE").upper(), digits) if _digits(digits) else text


def analyse(value: Any, /, *, country: str | None = "SE") -> Analysis:
    """Everything check() reports, as an immutable Analysis."""
    if not isinstance(value, str):
        return not_text("postal_code", value)
    return _analyse(value[: _MAX_LENGTH * 4], str(country or "SE").upper())


@lru_cache(maxsize=16384)
def _analyse(value: str, country: str) -> Analysis:
    text = strip_invisible(value).upper()
    if not text:
        return empty("postal_code")
    if len(text) > _MAX_LENGTH:
        return Analysis(text[:_MAX_LENGTH], (issue("postal_code.invalid", N_("The value is far too long for a postal code."),
                                                   raises=InvalidLength),))
    prefix = None
    if (match := _PREFIXED.fullmatch(text)) and match.group(1) in _PREFIXES:
        prefix, text = _PREFIXES[match.group(1)], match.group(2)
    digits = text.replace(" ", "")
    if country not in _FORMATS:
        if _OTHER.fullmatch(text) and any(c.isdigit() for c in text):
            return Analysis(text, (), (("country", prefix),) if prefix else ())
        return Analysis(text, (issue("postal_code.invalid", N_("This does not look like a postal code.")),))
    size, _, _, example, _ = _FORMATS[country]
    if not _digits(digits):
        return Analysis(text, (_wrong_shape(country),))
    if prefix and prefix != country and prefix in _FORMATS and _fits(prefix, digits):
        return _mismatch(_format(prefix, digits), [prefix], country)
    if _fits(country, digits):
        return Analysis(_format(country, digits))
    if len(digits) < size and _fits(country, digits.zfill(size)):
        padded = _format(country, digits.zfill(size))
        message = N_("A spreadsheet seems to have dropped the leading 0: did you mean {postal_code}?")
        return Analysis(digits, (issue("postal_code.excel_mangled", message, suggestion=padded, postal_code=padded),))
    if len(digits) == size:
        # The row's own shape outside the range in use (Denmark's 0123, Sweden's 99999): mistyped, or a code of
        # a country with the same shape (Finland's 00100 in a Swedish row). The shape alone does not say which.
        same = [c for c in ("SE", "NO", "DK", "FI") if c != country and _fits(c, digits)
                and not {c, country} <= {"NO", "DK"}]  # the two share the 4-digit shape: no hint either way
        if same:
            message = N_("The postal code {postal_code} is not in use in {country}, but it has the shape of one from "
                         "{countries}: if the customer lives there, fill in the row's country; if not, check the code.")
            return Analysis(digits, (issue("postal_code.country_mismatch", message, postal_code=digits, countries=same,
                                           country=country, raises=InvalidComponent),), (("countries", tuple(same)),))
        message = N_("The postal code {postal_code} is not in use in {country}: it has the right number of digits, but "
                     "no address there has it. Check the code, or the row's country.")
        return Analysis(digits, (issue("postal_code.invalid", message, postal_code=digits, country=country,
                                       raises=InvalidComponent),))
    others = [c for c in ("SE", "NO", "DK", "FI") if c != country and _fits(c, digits)]
    # Norway and Denmark share the 4-digit shape: only a prefix can tell them apart.
    if others and not (country in ("NO", "DK") and set(others) <= {"NO", "DK"}):
        return _mismatch(_format(others[0], digits), others, country)
    return Analysis(digits, (_wrong_shape(country),))


def _wrong_shape(country: str) -> FieldIssue:
    size, _, _, example, _ = _FORMATS[country]
    message = N_("A postal code in {country} has {size} digits, like {example}.")
    return issue("postal_code.invalid", message, country=country, size=size, example=example)


def _mismatch(code: str, others: list[str], country: str) -> Analysis:
    message = N_("The postal code {postal_code} looks like one from {countries}, but the row's country is {country}.")
    return Analysis(code, (issue("postal_code.country_mismatch", message, postal_code=code, countries=list(others),
                                 country=country, raises=InvalidComponent),), (("countries", tuple(others)),))


validate, is_valid, check = entry_points(analyse)
