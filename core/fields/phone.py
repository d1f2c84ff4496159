"""Phone number: parse with libphonenumber, store E.164, flag what a spreadsheet broke.

The row's country is the default region for numbers written without ``+``.
The value is E.164 (``+46701234567``) unless ``display`` asks for
``national`` (``070-123 45 67``) or ``international`` (``+46 70 123 45 67``).
``details["type"]`` is libphonenumber's number type in lower case (``mobile``,
``fixed_line``, ``fixed_line_or_mobile``, ``toll_free``, ``uan``, ...; Danish
numbers are nearly all ``fixed_line_or_mobile``).

Spreadsheet damage is flagged and the repair offered as a suggestion, never
applied: a lost leading zero (``701234567`` in a Swedish register), scientific
notation (``4.67012E+10``: digits are lost for good) and float exports
(``46701234567.0``). An apostrophe in front (``'+4791234567``) is a spreadsheet's
mark that the cell is text, which Shopify's customer export writes on every phone: it is dropped, not read
as text beside the number. Digits that start with the country code and are not a
national number (``46701234567``, the MSISDN form SMS tools export) are read
as international, as libphonenumber does. Several numbers in one cell are found with
``PhoneNumberMatcher`` and flagged ``phone.multiple``. Options (keyword-only): ``country``
(default ``"SE"``) and ``display`` (``e164`` | ``national`` | ``international``); any other is a TypeError.

More information:

* https://github.com/daviddrysdale/python-phonenumbers
* https://github.com/google/libphonenumber/blob/master/FAQ.md

>>> validate("070-123 45 67")
'+46701234567'
>>> validate("912 34 567", country="NO", display="international")
'+47 91 23 45 67'
>>> check("070-123 45 67 / 08-123 456 78").issues[0].code
'phone.multiple'
>>> check("912 34 567", contry="NO")
Traceback (most recent call last):
    ...
TypeError: analyse() got an unexpected keyword argument 'contry'
>>> validate("0701")
Traceback (most recent call last):
    ...
core.errors.InvalidFormat: The number is not a valid phone number in Sweden: it has the wrong length or is in an unused range.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat, PhoneNumberMatcher, PhoneNumberType

from core.errors import InvalidLength
from core.fields._phone_fast import fast
from core.fields._util import Analysis, empty, entry_points, issue, not_text, strip_invisible
from core.i18n import N_
from core.models import PhoneDisplay

# As libphonenumber's own _MAX_INPUT_STRING_LENGTH: nothing longer is a phone cell.
MAX_LENGTH = 250

_FORMATS: dict[str, int] = {
    "e164": PhoneNumberFormat.E164,
    "national": PhoneNumberFormat.NATIONAL,
    "international": PhoneNumberFormat.INTERNATIONAL,
}
_TYPES = {v: k.lower() for k, v in vars(PhoneNumberType).items() if k.isupper()}
# Only these characters appear in a single, plainly written number.
_PLAIN = re.compile(r"\+?[\d ()./-]+")
_COUNTRY_CODE = re.compile(r"\+\s*(\d{1,3})")
# The digits right after "+" or "00", up to the first separator: where a country code is typed.
_AFTER_INTERNATIONAL_PREFIX = re.compile(r"\s*(?:\+|00)[\s.-]*(\d*)")
_SCIENTIFIC = re.compile(r"\d(?:[.,]\d+)?[eE]\+?\d{1,2}")
_FLOAT_EXPORT = re.compile(r"\d{5,}[.,]0+")
# Words that only restate what the column holds (or what the number itself tells: a mobile is a mobile).
# They may go; any other word ("växel", "privat", "efter 17") carries meaning, so such a cell is kept as typed.
_LABEL_WORDS = frozenset(
    "tel tel. tfn tlf tlf. telefon telefonnr telephone phone ph mob mob. mobil mobile mobiltelefon mobilnr gsm "
    "puh puh. puhelin matkapuhelin nr nr. no. number nummer".split()
)
# An extension at the end: Swedish "ankn.", Danish/Norwegian "lokal", "linje", "intern", English "ext.", "x", "#".
_EXTENSION = re.compile(
    r"[\s,;(]*(?<![^\W\d_])(?:ankn(?:ytning)?|ank|lokal(?:nummer)?|lok|linje|intern|ext(?:ension)?|x|#)"
    r"[.:\s]*(\d{1,6})\s*\)?\s*$",
    re.IGNORECASE,
)
_BETWEEN_NUMBERS = re.compile(r"\s*(?:[/,;|&]|\b(?:och|eller|og|eller|tai|ja|or|and)\b)\s*", re.IGNORECASE)
# PTS keeps 070-174 06 05 ... 070-174 06 99 for films and books.
_FICTION = range(46701740605, 46701740700)


def normalize(value: str, /) -> str:
    """Trim and drop separators, keeping a leading ``+`` (``00`` becomes ``+``); no validation."""
    text = _without_text_mark(strip_invisible(value)[:MAX_LENGTH])
    compact = "".join(c for c in text if c.isdigit())
    if text.startswith("+"):
        return "+" + compact
    return "+" + compact[2:] if compact.startswith("00") else compact


def _invalid(text: str, region: str | None) -> Analysis:
    if region:
        message = N_("The number is not a valid phone number in {country}: it has the wrong length or is in an "
                     "unused range.")
        return Analysis(text, (issue("phone.invalid", message, country=region),))
    message = N_("The number is not a valid phone number anywhere: it has the wrong length or is in an unused range.")
    return Analysis(text, (issue("phone.invalid", message),))


def _parse_valid(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    if found := fast(text, region):
        return found[0]
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


# What a spreadsheet did to a number, when the repair is certain and when it is not.
_MANGLED_REPAIRED = {
    "zero": N_("The leading 0 seems to have been lost in a spreadsheet: did you mean {number}?"),
    "float": N_("A spreadsheet stored the number as a decimal number: did you mean {number}?"),
    "scientific": N_("A spreadsheet turned the number into scientific notation: did you mean {number}?"),
}
_MANGLED_LOST = {
    "zero": N_("The leading 0 seems to have been lost in a spreadsheet; its digits cannot be recovered, "
               "so type it again."),
    "float": N_("A spreadsheet stored the number as a decimal number; its digits cannot be recovered, "
                "so type it again."),
    "scientific": N_("A spreadsheet turned the number into scientific notation; its digits cannot be recovered, "
                   "so type it again."),
}


def _mangled(text: str, digits: str, region: str, what: str) -> Analysis:
    """A number a spreadsheet broke: flag it, suggest the repair when one is certain."""
    number = _parse_valid("0" + digits, region) if what == "zero" else _parse_valid("+" + digits, region)
    if number is None:
        message = _MANGLED_LOST[what]
        return Analysis(text, (issue("phone.excel_mangled", message),))
    suggestion = _e164(number)
    return Analysis(text, (issue("phone.excel_mangled", _MANGLED_REPAIRED[what], suggestion=suggestion,
                                 number=suggestion),))


def _found(text: str, region: str) -> list[phonenumbers.PhoneNumberMatch]:
    return list(PhoneNumberMatcher(text, region))


def _number_analysis(number: PhoneNumber, display: str, issues: tuple = (), kind: int | None = None,
                     region: str | None = None) -> Analysis:
    e164 = _e164(number) if kind is None else f"+{number.country_code}{number.national_number}"
    fmt = _FORMATS[display]
    value = e164 if fmt == PhoneNumberFormat.E164 else phonenumbers.format_number(number, fmt)
    if number.extension and fmt == PhoneNumberFormat.E164:
        # E.164 has no extension; libphonenumber's own " ext. " keeps it readable and parseable.
        value = f"{e164} ext. {number.extension}"
    if int(e164[1:]) in _FICTION:
        message = N_("The number is in the range kept for films and books (070-174 06 05 to 99), so nobody answers it.")
        issues = (*issues, issue("phone.fictional", message, severity="warning"))
    details = (
        ("type", _TYPES.get(phonenumbers.number_type(number) if kind is None else kind, "unknown")),
        ("region", region or phonenumbers.region_code_for_number(number)),
        ("e164", e164),
    ) + ((("extension", number.extension),) if number.extension else ())
    return Analysis(value, issues, details)


def analyse(value: Any, /, *, country: str | None = "SE", display: PhoneDisplay = "e164") -> Analysis:
    """Everything check() reports, as an immutable Analysis.

    ``country``: the region of a number written without ``+`` (None: Sweden); ``display``: the form of the
    value (``e164``, ``national`` or ``international``; anything else is a ValueError).
    """
    if display not in _FORMATS:
        raise ValueError(f"display must be one of {', '.join(_FORMATS)}, not {display!r}")
    if not isinstance(value, str):
        return not_text("phone", value)
    return _analyse(value, str(country or "SE").upper(), display)


@lru_cache(maxsize=16384)
def _analyse(value: str, region: str, display: str) -> Analysis:
    """The analysis of a text value (cached: switchboard numbers repeat)."""
    text = _without_text_mark(strip_invisible(value[: MAX_LENGTH * 4]))
    if len(text) > MAX_LENGTH:
        return Analysis(text[:MAX_LENGTH], (issue("phone.invalid", N_("The value is far too long for a phone number."),
                                                  raises=InvalidLength),))
    if not text:
        return empty("phone")
    if _SCIENTIFIC.fullmatch(text):
        return _scientific(text, region)
    if _FLOAT_EXPORT.fullmatch(text):
        return _mangled(text, re.split(r"[.,]", text)[0], region, "float")
    if text.isascii() and text.isdigit() and text[0] != "0" and _national_prefix(region) == "0":
        if _parse_valid("0" + text, region) is not None and _parse_valid("+" + text, region) is None:
            return _mangled(text, text, region, "zero")
    if not _PLAIN.fullmatch(text) or sum(c.isdigit() for c in text) > 15:
        return _messy(text, region, display)
    if found := fast(text, region):
        number = found[0]
        if _country_code_split(text, number):
            return _split_country_code(text, number)
        return _number_analysis(number, display, (), found[1], found[2])
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return Analysis(text, (issue("phone.invalid", N_("This does not look like a phone number.")),))
    if not phonenumbers.is_valid_number(number):
        return _invalid(text, phonenumbers.region_code_for_country_code(number.country_code or 0))
    if _country_code_split(text, number):
        return _split_country_code(text, number)
    return _number_analysis(number, display)


def _without_text_mark(text: str) -> str:
    """``text`` without the apostrophe a spreadsheet (or Shopify's export: ``'+4791234567``) puts in front of a
    number to keep it as text; the apostrophe is no part of the number."""
    return text[1:].lstrip() if text.startswith("'") and len(text) > 1 else text


def _country_code_split(text: str, number: PhoneNumber) -> bool:
    """The country code the number was read with runs across a space or dash ("004 070-123 45 67", "+4 070 ...").

    Nobody writes a country code that way: it is more often a slip (a stray 4, a 0046 missing its 6) than +40,
    so the reading is offered, not written.
    """
    typed = _AFTER_INTERNATIONAL_PREFIX.match(text)
    return typed is not None and 0 < len(typed.group(1)) < len(str(number.country_code))


def _split_country_code(text: str, number: PhoneNumber) -> Analysis:
    reading = _e164(number)
    message = N_("The country code is split by a space or a dash, so it is unclear which country is meant; read "
                 "as it stands it is {number} ({country}). Check the number.")
    return Analysis(text, (issue("phone.invalid", message, suggestion=reading, number=reading,
                                 country=phonenumbers.region_code_for_number(number)),))


def _scientific(text: str, region: str) -> Analysis:
    try:
        exact = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return _invalid(text, region)
    mantissa_digits = len(text.split("e")[0].split("E")[0].replace(".", "").replace(",", ""))
    # Excel shows 6 significant digits; fewer digits than the number has means they are gone.
    if mantissa_digits < len(str(int(exact))):
        return _mangled(text, "", region, "scientific")
    return _mangled(text, str(int(exact)), region, "scientific")


def _national_prefix(region: str) -> str | None:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return metadata.national_prefix if metadata else None


def _messy(text: str, region: str, display: str) -> Analysis:
    """Text with letters, several numbers or odd characters: let PhoneNumberMatcher find the numbers."""
    extension = None
    if (ext := _EXTENSION.search(text)) and ext.start() > 0:
        extension, text_only = ext.group(1), text[: ext.start()]
    else:
        text_only = text
    # Common case first: plainly written numbers between separators, which the matcher would find too.
    parts = [p for p in _BETWEEN_NUMBERS.split(text_only) if p]
    plain = [fast(p, region) for p in parts] if len(parts) > 1 else []
    read = [p for p in plain if p is not None]
    if plain and len(read) == len(plain):
        found = []
        numbers = [f"+{number.country_code}{number.national_number}" for number, _, _ in read]
    else:  # some part is not a plainly written number ("abc / def", "ring mig / efter 17"): ask the matcher
        found = _found(text_only, region)
        numbers = [_e164(m.number) for m in found]
    if len(numbers) > 1:
        message = N_("The cell holds {n} phone numbers ({numbers}): keep one number per cell.")
        return Analysis(text, (issue("phone.multiple", message, n=len(numbers), numbers=list(numbers)),),
                        (("numbers", tuple(numbers)),))
    if not found:
        return Analysis(text, (issue("phone.invalid", N_("This does not look like a phone number.")),))
    match = found[0]
    number = match.number
    if extension:
        number = PhoneNumber()
        number.merge_from(match.number)
        number.extension = extension
    rest = (text_only[: match.start] + " " + text_only[match.end :]).strip(" :,;()-")
    if stated := _COUNTRY_CODE.search(rest):
        # A country code the number found does not use ("(+358) 003523935" read as +352 3935, Luxembourg):
        # the cell says one country and the digits another, so no number can be offered.
        codes = (stated.group(1)[:n] for n in (1, 2, 3))
        where = next((r for c in codes if (r := phonenumbers.region_code_for_country_code(int(c))) != "ZZ"), None)
        return _invalid(text, where)
    words = [w.strip(":,;()").lower() for w in rest.split()]
    if all(w in _LABEL_WORDS or not w for w in words):
        return _number_analysis(number, display)
    # Words that say something ("växel", "efter 17", "c/o Berg") must not be lost: the cell stays as typed.
    alone = _number_analysis(number, display).value
    message = N_('The cell has text besides the number ("{text}"), so it was left as it is; the number alone is '
                 '{number}.')
    return Analysis(text, (issue("phone.extra_text", message, severity="warning", suggestion=alone, text=rest,
                                 number=alone),))


validate, is_valid, check = entry_points(analyse)
