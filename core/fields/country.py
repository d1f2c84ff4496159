"""Country: a name in Swedish, Norwegian, Danish, Finnish, English or Icelandic to an ISO code.

``Sverige``, ``Norge``, ``Noreg``, ``Danmark``, ``Suomi``, ``Island``,
``Tyskland``, ``Storbritannien``, ``UK``, ``SWE`` and ``se`` all become an ISO
3166 alpha-2 code (``SE``, ``NO``, ``DK``, ``FI``, ``IS``, ``DE``, ``GB``).
The names come from the Unicode CLDR through ``core/data/country_names.txt``,
which ``core/data/update_country_names.py`` regenerates. A name we cannot
place is kept as typed and flagged ``country.unknown``.

More information:

* https://cldr.unicode.org/
* https://www.iso.org/iso-3166-country-codes.html

>>> validate(" sverige "), validate("Noreg"), validate("Storbritannien"), validate("U.K."), validate("Sverige (SE)")
('SE', 'NO', 'GB', 'GB', 'SE')
>>> validate("Narnia")
Traceback (most recent call last):
    ...
core.errors.InvalidFormat: Rensa does not recognise "Narnia" as a country: use a country name or a code such as SE.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from core.data import table
from core.fields._util import Analysis, empty, entry_points, issue, not_text, strip_invisible
from core.i18n import N_

NAMES: dict[str, str] = table("country_names.txt")
CODES = frozenset(NAMES.values())
ENGLISH: dict[str, str] = table("country_english.txt")
_MAX_LENGTH = 100
# English puts "the" before these names ("in the United Kingdom", "in the Åland Islands").
_THE = re.compile(r"United .*|.* Islands|Netherlands|Philippines|Bahamas|Gambia|Maldives|Comoros|Seychelles")
# "Sverige (SE)": a name with its code in brackets, as some exports write it.
_WITH_CODE = re.compile(r"(.+?)\s*\((\w{2,3})\)")


def _key(name: str) -> str:
    # Same key as core/data/update_country_names.py: case-folded, dots as spaces, single spaces.
    return " ".join(name.casefold().replace(".", " ").split())


def _plain(key: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def code_for(name: str) -> str | None:
    """The ISO alpha-2 code for a country name or code, or None.

    >>> code_for("Suomi"), code_for("Grönland"), code_for("Atlantis")
    ('FI', 'GL', None)
    """
    key = _key(name)
    if len(key) == 2 and key.upper() in CODES:
        return key.upper()
    found = NAMES.get(key) or NAMES.get(_plain(key))
    if found is None and (both := _WITH_CODE.fullmatch(key)):
        name_code, code = code_for(both.group(1)), code_for(both.group(2))
        found = name_code if name_code == code else None
    return found


def english_name(code: str | None) -> str | None:
    """A country's English name as a sentence uses it ("Sweden", "the Faroe Islands"), or None.

    >>> english_name("FO"), english_name("SE"), english_name("ZZ")
    ('the Faroe Islands', 'Sweden', None)
    """
    name = ENGLISH.get(code or "")
    if name is None:
        return None
    return f"the {name}" if _THE.fullmatch(name) else name


def normalize(value: str, /) -> str:
    """The ISO code when the name is known, else the trimmed text (a table look-up: cheap)."""
    text = strip_invisible(value)[:_MAX_LENGTH]
    return code_for(text) or text


def analyse(value: Any, /) -> Analysis:
    """Everything check() reports, as an immutable Analysis (a country needs no options)."""
    if not isinstance(value, str):
        return not_text("country", value)
    text = strip_invisible(value[: _MAX_LENGTH * 4])
    if not text:
        return empty("country")
    code = code_for(text) if len(text) <= _MAX_LENGTH else None
    if code:
        return Analysis(code, (), (("name", text),))
    shown = text if len(text) <= 40 else text[:40] + "…"
    message = N_('Rensa does not recognise "{text}" as a country: use a country name or a code such as SE.')
    return Analysis(text[:_MAX_LENGTH], (issue("country.unknown", message, text=shown),))


validate, is_valid, check = entry_points(analyse)
