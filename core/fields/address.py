"""Street and city: spaces, casing and house-number letters; the words are left as typed.

Street (``kind="street"``): ``storgatan 1a`` → ``Storgatan 1A``, ALL CAPS and all
lower case are recased, ``c/o`` and apartment/floor words (``lgh``, ``tr``,
Danish ``th``/``tv``/``mf``) stay in lower case, and street-type words and
abbreviations (``gatan``, ``g.``, ``vägen``, ``gate``, ``vej``, ``katu``) are left
as typed. A street cell that also holds a postal code and a city is flagged.
City (``kind="city"``): recased the same way, Danish district letters
(``København K``, ``Aarhus C``) upper case; a city cell with digits is flagged.
Mixed case is the writer's choice and is kept. Option (keyword-only): ``kind`` (``street`` |
``city``, default ``street``; another value is a ValueError). A second address line (a line break
inside the cell) is kept after a comma: ``Storgatan 1⏎Lgh 1102`` → ``Storgatan 1, Lgh 1102``.

>>> validate("storgatan  1a")
'Storgatan 1A'
>>> validate("C/O SVENSSON, STORGATAN 12 B LGH 1101")
'c/o Svensson, Storgatan 12 B lgh 1101'
>>> validate("KØBENHAVN K", kind="city")
'København K'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal

from core.fields._util import Analysis, empty_marker, entry_points, issue, start, strip_invisible
from core.fields.name import _cap
from core.i18n import N_

_LOWER_WORDS = frozenset("c/o lgh tr vån th tv mf och og i på".split())
_DISTRICTS = frozenset("k v ø s n c sv nv nø sø ö".split())
_HOUSE_LETTER = re.compile(r"\b(\d+)([a-zåäöæø])\b")
_POSTAL_AND_CITY = re.compile(r"(?:,|\s)\s*(?:[A-Z]{1,2}-)?\d{3} ?\d{1,2}\s+\D+$")
_MAX_LENGTH = 300
Kind = Literal["street", "city"]
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029]+")
_NEVER = re.compile(r"[\[\]{}<>|\\^~=*$%_;@]")


def _recase_word(word: str, first: bool, kind: str) -> str:
    lower = word.lower()
    core = lower.rstrip(",.")
    if core in _LOWER_WORDS and not (first and kind == "city"):
        return lower
    if kind == "city" and not first and core in _DISTRICTS:
        return word.upper()
    if any(c.isdigit() for c in word):
        return word.upper()
    return _cap(word)


@lru_cache(maxsize=65536)
def _tidy(text: str, kind: str) -> str:
    text = re.sub(r"\s+([,.])", r"\1", text)
    if text.isupper() or text.islower():
        words = text.split(" ")
        text = " ".join(_recase_word(w, i == 0, kind) for i, w in enumerate(words))
    elif kind == "street":
        text = re.sub(r"\b[Cc]/[Oo]\b", "c/o", text)
    return _HOUSE_LETTER.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def _lines(value: Any) -> Any:
    """A second address line (a line break in the cell) becomes ", ": the line stays, the break goes."""
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        return ", ".join(line.strip(" ,") for line in _LINE_BREAK.split(value.strip()) if line.strip(" ,"))
    return value


def _known(kind: str) -> None:
    if kind not in ("street", "city"):
        raise ValueError(f"kind must be 'street' or 'city', not {kind!r}")


def normalize(value: str, /, *, kind: Kind = "street") -> str:
    """Trim, single spaces, fix ALL CAPS / all lower casing and house-number letters; cheap."""
    _known(kind)
    text = strip_invisible(_lines(value))[:_MAX_LENGTH]
    return _tidy(text, kind) if text else text


def analyse(value: Any, /, *, kind: Kind = "street") -> Analysis:
    """Everything check() reports, as an immutable Analysis."""
    _known(kind)
    text = start("address", _lines(value), _MAX_LENGTH)
    if isinstance(text, Analysis):
        return text
    if not any(c.isalpha() or c.isdigit() for c in text):
        message = N_("The city has no letters or digits in it.") if kind == "city" else \
            N_("The street has no letters or digits in it.")
        return Analysis(text, (issue("address.invalid", message),))
    if found := empty_marker("address", text):
        return found
    if odd := _NEVER.search(text):
        message = N_("The city contains {character}, which addresses do not have.") if kind == "city" else \
            N_("The street contains {character}, which addresses do not have.")
        return Analysis(text, (issue("address.invalid", message, character=odd.group()),))
    tidy = _tidy(text, kind)
    if kind == "city" and any(c.isdigit() for c in text):
        message = N_("The city cell holds digits: move the postal code to its own column.")
        return Analysis(tidy, (issue("address.city_has_digits", message, severity="warning"),))
    if kind == "street" and _POSTAL_AND_CITY.search(tidy) and tidy[0] != "c":
        message = N_("The street cell also holds a postal code and a city: move them to their own columns.")
        return Analysis(tidy, (issue("address.combined", message, severity="warning"),))
    return Analysis(tidy)


validate, is_valid, check = entry_points(analyse)
