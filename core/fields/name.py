"""Names of people and companies: spaces and casing, and a full name split in two.

A name typed ALL CAPS or all lower case is recased (``ANNA-KARIN O'BRIEN`` →
``Anna-Karin O'Brien``, ``mcdonald`` → ``McDonald``, particles ``von``, ``af``,
``de``, ``van`` in lower case); deliberate mixed case (``McDonald``,
``DiCaprio``, ``AB Volvo``, ``Carl de Geer``) is left alone. For people each
word is judged on its own (``anna SVENSSON`` → ``Anna Svensson``); the Swedish
noble families that write a capital particle get it (``DE GEER`` → ``De Geer``,
``DE LA GARDIE`` → ``De la Gardie``, Riddarhuset's spelling). For companies the
whole cell is judged: only a name that is entirely upper or lower case is
recased, and in an ALL CAPS name a word keeps its capitals when it is an
acronym: a known one (``IKEA``, ``ICA``, ``SAS``, ``IT``, ``ACRONYMS``), a word
with no vowel (``VVS``, ``SKF``, ``NCC``) or with ``&``, ``.``, ``/`` or a digit
(``H&M``, ``3M``); in an all lower-case name only the known ones of three letters
or more come back (``ikea ab`` → ``IKEA AB``). So ``IKEA AB`` stays ``IKEA AB`` and ``ANDERSSONS EL & VVS
AB`` becomes ``Anderssons El & VVS AB``. Company forms (AB, ASA, AS, A/S, Oy,
Oyj, ApS, ...) get their usual spelling at the start or end. Option (keyword-only): ``kind``
(``given`` | ``family`` | ``full`` | ``company``, default ``full``; another value is a ValueError).

>>> validate("ANNA-KARIN  o'brien")
"Anna-Karin O'Brien"
>>> validate("hilma af klint"), validate("volvo personvagnar ab", kind="company")
('Hilma af Klint', 'Volvo Personvagnar AB')
>>> validate("LOUIS DE GEER"), validate("IKEA AB", kind="company"), validate("ANDERSSONS EL & VVS AB", kind="company")
('Louis De Geer', 'IKEA AB', 'Anderssons El & VVS AB')
>>> split_full_name("Svensson, Anna Maria")
('Anna Maria', 'Svensson')
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal, get_args

from core.fields._util import Analysis, empty_marker, entry_points, issue, start, strip_invisible
from core.i18n import N_

PARTICLES = frozenset("af av von van der den de del della da di du dos das la le zu ten ter".split())
COMPANY_FORMS = {f.lower(): f for f in (
    "AB", "HB", "KB", "ASA", "AS", "A/S", "ApS", "I/S", "K/S", "P/S", "IVS", "SA", "Oy", "Oyj", "Ky", "Tmi",
    "Ltd", "Ltd.", "Inc", "Inc.", "LLC", "PLC", "GmbH", "AG", "BV", "NV", "Ek. för.", "ek.för.", "publ", "(publ)",
)}
_SMALL_WORDS = frozenset("i och og & and och ja und of på på".split())
# Acronyms and brands written in capitals that have a vowel (words without one are kept anyway).
# Those of three letters or more are also restored in an all lower-case name (ikea ab -> IKEA AB).
ACRONYMS = frozenset(
    "ikea ica sas seb abb atg svt sj sjs dnb nrk dsb tdc yit op it ai ea bi eu ikt obos ssab lkab iss mtr pe "
    "ehf se".split()
)
_VOWELS = frozenset("aeiouyåäöæøéü")
# Swedish noble families that write the particle with a capital (Riddarhuset): De Geer, De la Gardie.
_NOBLE = {("de", "geer"): ("De", "Geer"), ("de", "la", "gardie"): ("De", "la", "Gardie"),
          ("de", "besche"): ("De", "Besche")}
_MAX_LENGTH = 200
Kind = Literal["given", "family", "full", "company"]
KINDS: frozenset[str] = frozenset(get_args(Kind))
_WORD_PARTS = re.compile(r"([-'’])")
# Characters no name of a person or company has; they come from markup, formulas and escapes.
_NEVER = re.compile(r"[\[\]{}<>|\\^~=*#$%_;]")
_NOT_IN_PERSONAL = re.compile(r"[&/+!?:\"]")


def _cap(word: str) -> str:
    """Capitalise one word, hyphen and apostrophe parts too (anna-karin, o'brien, mcdonald)."""
    parts = _WORD_PARTS.split(word.lower())
    out: list[str] = []
    for part in parts:
        if part[:2] == "mc" and len(part) > 3:
            part = "Mc" + part[2:].capitalize()
        elif len(part) > 1 or (part and out and out[-1] in "'’" and len(out) == 2 and out[0] in ("o", "O", "d", "D")):
            part = part.capitalize()
        else:
            part = part.upper() if part.isalpha() else part
        out.append(part)
    return "".join(out)


def _uniform(text: str) -> bool:
    """True for ALL CAPS or all lower case (the casing we fix), False for mixed case."""
    return text.isupper() or text.islower()


def _person(text: str, kind: str) -> str:
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        if not _uniform(word):
            out.append(word)
        elif word.lower() in PARTICLES and kind != "given" and (i > 0 or kind == "family") and i < len(words) - 1:
            out.append(word.lower())
        else:
            out.append(_cap(word))
    shouted = _uniform(text)
    for i, word in enumerate(words):
        # "de" typed in lower case inside a mixed-case name is the writer's spelling; keep it.
        if word.lower() == "de" and (word.isupper() or shouted):
            for key, spelled in _NOBLE.items():
                if tuple(w.lower() for w in words[i : i + len(key)]) == key:
                    out[i : i + len(key)] = spelled
    return " ".join(out)


def _acronym(word: str) -> bool:
    """Whether an ALL CAPS word of a company name is an acronym to keep: known, no vowel, with & . /,
    or a few letters with a digit (3M; TELE2 has too many letters and becomes Tele2)."""
    lower = word.lower()
    return (lower.strip(",.") in ACRONYMS or not any(c in _VOWELS for c in lower) or any(c in "&./" for c in word)
            or (any(c.isdigit() for c in word) and sum(c.isalpha() for c in word) <= 3))


def _shouted_word(word: str) -> str:
    """One word of an ALL CAPS company name: acronyms kept, the rest capitalised; hyphen parts each (IT-Konsult)."""
    if "-" in word and not _acronym(word):
        return "-".join(part if _acronym(part) else _cap(part) for part in word.split("-"))
    return word if _acronym(word) else _cap(word)


def _company(text: str) -> str:
    words = text.split(" ")
    if _uniform(text):
        shouting = text.isupper()
        words = [
            w.lower() if w.lower() in _SMALL_WORDS and 0 < i < len(words) - 1
            else _shouted_word(w) if shouting
            else w.upper() if len(w) >= 3 and w in ACRONYMS
            else _cap(w)
            for i, w in enumerate(words)
        ]
    finnish = any(w.lower() in ("oy", "oyj") for w in words)
    for i in {0, len(words) - 1}:
        # Finnish bilingual forms pair Oy with the Swedish "Ab" (Oy Karl Fazer Ab).
        words[i] = "Ab" if finnish and words[i].lower() == "ab" else COMPANY_FORMS.get(words[i].lower(), words[i])
    return " ".join(words)


@lru_cache(maxsize=65536)
def _recase(text: str, kind: str) -> str:
    text = text.replace(" ,", ",")
    return _company(text) if kind == "company" else _person(text, kind)


def normalize(value: str, /, *, kind: Kind = "full") -> str:
    """Trim, single spaces, fix ALL CAPS / all lower casing (cached table work: cheap)."""
    _known(kind)
    text = strip_invisible(value)[:_MAX_LENGTH]
    return _recase(text, kind) if text else text


def split_full_name(value: str) -> tuple[str, str]:
    """Split a full name into (given, family); ``Svensson, Anna`` order too; particles go with the family name.

    >>> split_full_name("ludwig van der berg"), split_full_name("Madonna")
    (('Ludwig', 'van der Berg'), ('Madonna', ''))
    """
    text = strip_invisible(value)[:_MAX_LENGTH] if isinstance(value, str) else ""
    if "," in text:
        family, _, given = text.partition(",")
        return normalize(given.strip(), kind="given"), normalize(family.strip(), kind="family")
    words = normalize(text).split()
    if len(words) < 2:
        return (words[0] if words else ""), ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def _known(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(sorted(KINDS))}, not {kind!r}")


def analyse(value: Any, /, *, kind: Kind = "full") -> Analysis:
    """Everything check() reports, as an immutable Analysis."""
    _known(kind)
    text = start("name", value, _MAX_LENGTH)
    if isinstance(text, Analysis):
        return text
    if not any(c.isalpha() for c in text):
        return Analysis(text, (issue("name.invalid", N_("The name has no letters in it.")),))
    if found := empty_marker("name", text):
        return found
    if kind != "company" and "@" in text:
        return Analysis(text, (issue("name.invalid", N_("The cell holds an e-mail address, not a name.")),))
    odd = _NEVER.search(text) or (kind != "company" and _NOT_IN_PERSONAL.search(text))
    if odd:
        return Analysis(text, (issue("name.invalid", N_("The name contains {character}, which names do not have."),
                                     character=odd.group()),))
    value = _recase(text, kind)
    if kind != "company" and any(c.isdigit() for c in text):
        message = N_("The name contains digits: check that it is a name.")
        return Analysis(value, (issue("name.suspicious", message, severity="warning"),))
    return Analysis(value)


validate, is_valid, check = entry_points(analyse)
