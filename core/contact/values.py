"""Canonical forms of the values a suppression list and a register share, and their keyed hashes.

A number matches however it is written: ``070-123 45 67``, ``+46701234567``, ``0046 70 123 45 67``,
``46701234567`` and an Excel-damaged ``701234567`` (the leading 0 lost) are all ``phone:46701234567``.
E-mail addresses match case-insensitively; national ids by their canonical form (a Swedish personnummer
as its 12 digits, whether written ``YYMMDD-NNNN`` or ``YYYYMMDDNNNN``).

Only ``HMAC-SHA256(key, "<type>:<canonical>")`` is ever kept; the key is the account's own.

>>> sorted({phone_key(v, "SE") for v in ("070-123 45 67", "+46701234567", "0046 70 123 45 67", "701234567")})
['phone:46701234567']
>>> phone_key("912 34 567", "NO"), phone_key("+47 912 34 567", "SE")
('phone:4791234567', 'phone:4791234567')
>>> email_key(" Anna.Berg@Example.SE "), id_key("850101-1236", "SE", datetime.date(2026, 12, 1))
('email:anna.berg@example.se', 'id:198501011236')
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from collections.abc import Callable

from core.fields import email as email_field
from core.fields import national_id

# country -> (calling code, has a trunk 0, national significant lengths)
_PLANS: dict[str, tuple[str, bool, range]] = {
    "SE": ("46", True, range(7, 10)),
    "NO": ("47", False, range(8, 9)),
    "DK": ("45", False, range(8, 9)),
    "FI": ("358", True, range(5, 11)),
}
_BY_CODE = sorted(((plan[0], plan) for plan in _PLANS.values()), key=lambda item: -len(item[0]))
_SEPARATORS = str.maketrans("", "", " \t\u00a0-()./")
_SPLIT = re.compile(r"\s*[,;/|]\s*|\s+(?:och|eller|og|tai|ja|or|and)\s+", re.IGNORECASE)


def phone_digits(text: str, country: str | None) -> str | None:
    """The number as international digits (``46701234567``), or None when it is no phone number."""
    written = _digits_as_written(text)
    if written is None:
        return None
    digits, international = written
    if international:
        return digits
    plan = _PLANS.get((country or "").upper())
    if plan is None:
        return digits if len(digits) >= 8 else None
    return _international(digits, plan)


def _digits_as_written(text: str) -> tuple[str, bool] | None:
    """(digits, written with its calling code) of a number as people write one, without separators, + or
    00; None for letters, a second + or a length no phone number has."""
    text = text.strip()
    if not text:
        return None
    international = text[0] == "+" or text.startswith("00")
    if international and "(0)" in text:
        text = text.replace("(0)", "")  # "+46 (0)70-123 45 67": the trunk 0 people keep after the code
    digits = text.translate(_SEPARATORS).lstrip("+")
    if not (digits.isascii() and digits.isdigit()):
        return None  # letters, a second +, or anything else that is not a number as people write one
    if digits.startswith("00"):
        digits = digits[2:]
    if not 5 <= len(digits) <= 15:
        return None
    return digits, international


def _international(digits: str, plan: tuple[str, bool, range]) -> str | None:
    """Digits written without + in the row's country as international digits: a national number with its
    trunk 0, one with the calling code but no +, another Nordic country's number, or a national number
    whose 0 a spreadsheet dropped."""
    code, trunk, lengths = plan
    if trunk and digits.startswith("0") and len(digits) - 1 in lengths:
        return code + digits[1:]
    # Written with the calling code but no + (as many bureau files do), or another Nordic country's number.
    for other, (_cc, _, other_lengths) in _BY_CODE:
        if digits.startswith(other) and len(digits) - len(other) in other_lengths and len(digits) > max(lengths):
            return digits
    if digits.startswith(code) and len(digits) - len(code) in lengths:
        return digits
    if len(digits) in lengths and not digits.startswith("0"):
        return code + digits  # the national number without its trunk 0 (Excel dropped it) or without one
    return None


def phone_key(text: str, country: str | None) -> str | None:
    digits = phone_digits(text, country)
    return None if digits is None else "phone:" + digits


def phone_keys(text: str, country: str | None) -> list[str]:
    """Every number in a cell (``070-123 45 67 / 08-12 34 56``)."""
    whole = phone_key(text, country)
    if whole is not None:
        return [whole]
    return [key for part in _SPLIT.split(text) if part and (key := phone_key(part, country))]


def email_key(text: str) -> str | None:
    value = email_field.normalize(text).strip().lower()
    local, at, domain = value.rpartition("@")
    return f"email:{value}" if at and local and "." in domain and " " not in value else None


def email_keys(text: str) -> list[str]:
    whole = email_key(text)
    if whole is not None:
        return [whole]
    return [key for part in _SPLIT.split(text) if "@" in part and (key := email_key(part))]


def id_key(text: str, country: str | None, today: datetime.date | None) -> str | None:
    """A valid national id's canonical form (any Nordic country, the row's first), else None."""
    found = national_id.analyse(text, country=(country or "SE").upper(), kind="personal", today=today)
    if any(i.severity == "error" for i in found.issues) or not found.value:
        return None
    return "id:" + "".join(c for c in found.value.upper() if c.isalnum())


def entry_hash(key: bytes, typed: str) -> str:
    """The stored form of a typed canonical value: HMAC-SHA256 under the account's key, hex."""
    return hmac.new(key, typed.encode("utf-8"), hashlib.sha256).hexdigest()


def hasher(key: bytes) -> Callable[[str], str]:
    """``entry_hash`` bound to one key, about twice as fast for many values (the keyed state is copied,
    not rebuilt, per value).

    >>> hasher(b"k")("phone:46701234567") == entry_hash(b"k", "phone:46701234567")
    True
    """
    base = hmac.new(key, digestmod=hashlib.sha256)

    def digest(typed: str) -> str:
        h = base.copy()
        h.update(typed.encode("utf-8"))
        return h.hexdigest()

    return digest
