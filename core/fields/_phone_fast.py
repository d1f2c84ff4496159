"""Phone fast path: plainly written Nordic numbers without ``phonenumbers.parse()``.

Validity, type and region come from libphonenumber's own metadata patterns,
compiled once and tried in the order its ``_number_type_helper`` uses. Anything
the fast path is unsure of returns None and goes through ``parse()``; tests
check the two agree (``tests/core/fields/test_phone.py``).

>>> number, kind, region = fast("070-123 45 67", "SE")
>>> (number.national_number, kind == PhoneNumberType.MOBILE, region)
(701234567, True, 'SE')
>>> fast("070-ABC 45 67", "SE") is None
True
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberType

_FAST_REGIONS = {"SE": 46, "NO": 47, "DK": 45, "FI": 358}
_COUNTRY_CODES = (("46", 46), ("47", 47), ("45", 45), ("358", 358))
_SEPARATORS = str.maketrans("", "", " -()./")
_TYPE_ORDER = (
    ("premium_rate", PhoneNumberType.PREMIUM_RATE), ("toll_free", PhoneNumberType.TOLL_FREE),
    ("shared_cost", PhoneNumberType.SHARED_COST), ("voip", PhoneNumberType.VOIP),
    ("personal_number", PhoneNumberType.PERSONAL_NUMBER), ("pager", PhoneNumberType.PAGER),
    ("uan", PhoneNumberType.UAN), ("voicemail", PhoneNumberType.VOICEMAIL),
)


def _desc(desc: Any) -> tuple[frozenset, re.Pattern] | None:
    if desc is None or not desc.national_number_pattern:
        return None
    return frozenset(desc.possible_length), re.compile(desc.national_number_pattern)


@cache
def _plan(region: str) -> tuple:
    """A region's number descriptions compiled once, in the order ``_number_type_helper`` tries them."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if meta is None:  # only the Nordic regions of _FAST_REGIONS (and their shared codes) are planned
        raise ValueError(f"phonenumbers has no metadata for {region!r}")
    leading = re.compile(meta.leading_digits) if meta.leading_digits is not None else None
    ordered = tuple((_desc(getattr(meta, name)), kind) for name, kind in _TYPE_ORDER)
    same = bool(meta.same_mobile_and_fixed_line_pattern)
    return leading, _desc(meta.general_desc), ordered, _desc(meta.fixed_line), _desc(meta.mobile), same


def _matches(nsn: str, desc: tuple[frozenset, re.Pattern] | None) -> bool:
    # As libphonenumber's _is_number_matching_desc: possible lengths first, then the whole pattern.
    return desc is not None and (not desc[0] or len(nsn) in desc[0]) and desc[1].fullmatch(nsn) is not None


def _type_in(nsn: str, region: str) -> int:
    """libphonenumber's ``_number_type_helper`` with precompiled patterns (it recompiles per call)."""
    _, general, ordered, fixed, mobile, same = _plan(region)
    if not _matches(nsn, general):
        return PhoneNumberType.UNKNOWN
    for desc, kind in ordered:
        if _matches(nsn, desc):
            return kind
    if _matches(nsn, fixed):
        return PhoneNumberType.FIXED_LINE_OR_MOBILE if same or _matches(nsn, mobile) else PhoneNumberType.FIXED_LINE
    return PhoneNumberType.MOBILE if not same and _matches(nsn, mobile) else PhoneNumberType.UNKNOWN


def type_of(code: int, nsn: str) -> tuple[str | None, int]:
    """(region, type) as ``region_code_for_number`` and ``number_type`` give them."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE[code]
    region = regions[0] if len(regions) == 1 else None
    for candidate in regions if region is None else ():
        leading = _plan(candidate)[0]
        if (leading.match(nsn) if leading is not None else _type_in(nsn, candidate) != PhoneNumberType.UNKNOWN):
            region = candidate
            break
    return region, (_type_in(nsn, region) if region else PhoneNumberType.UNKNOWN)


def fast(text: str, region: str) -> tuple[PhoneNumber, int, str | None] | None:
    """A valid Nordic number read without ``parse()``, with its type; None when unsure.

    Only plainly written numbers qualify: ``+46/+47/+45/+358`` and a national
    number not starting with 0, a Swedish or Finnish number with its trunk 0, or
    8 digits in Norway or Denmark. The type and validity come from
    libphonenumber itself (``number_type``); anything invalid or odd goes the
    slow way, so the fast path can only agree with ``parse()`` (property-tested).
    """
    compact = text.translate(_SEPARATORS)
    if compact[:1] == "+":
        digits = compact[1:]
        code, nsn = next(((cc, digits[len(p):]) for p, cc in _COUNTRY_CODES if digits.startswith(p)), (0, ""))
    elif region in ("SE", "FI") and compact[:1] == "0":
        code, nsn = _FAST_REGIONS[region], compact[1:]
    elif region in ("NO", "DK") and len(compact) == 8:
        code, nsn = _FAST_REGIONS[region], compact
    else:
        return None
    if not (6 <= len(nsn) <= 13 and nsn.isascii() and nsn.isdigit()) or nsn[0] == "0":
        return None
    where, kind = type_of(code, nsn)
    if kind == PhoneNumberType.UNKNOWN:
        return None
    return PhoneNumber(country_code=code, national_number=int(nsn)), kind, where
