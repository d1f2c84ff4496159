"""Match keys: the few derived forms of each cell that blocking and comparisons look at.

Rows reach dedup already cleaned by the field modules; this module only folds
them into forms that compare well (case, Nordic letters, dots in e-mail user
names, phone digits with the country code, nicknames) and stores every key as
integer codes over its sorted distinct values, so that "same" is an integer
comparison and value frequencies are a lookup.

>>> fold("  Åsa-Britt  Ödén ")
'asa britt oden'
>>> skeleton("Carlsson"), skeleton("Karlson"), skeleton("Christina"), skeleton("Kristina")
('krlsn', 'krlsn', 'krstn', 'krstn')
>>> phone_key("070-123 45 67", "SE"), phone_key("+46 70 123 45 67", "SE")
('46701234567', '46701234567')
>>> phone_key("495 13 307", "NO"), phone_key("0047 49513307", "NO")
('4749513307', '4749513307')
>>> email_key("Anna.Svensson+news@Gmail.com"), email_key("Anna.Svensson@telia.com")
('annasvensson@gmail.com', 'anna.svensson@telia.com')
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Generic, TypeVar

import numpy as np
import phonenumbers

from core.data import lines
from core.dedup.nicknames import NICKNAMES, OTHER_FORMS
from core.dedup.slips import part_slip
from core.fields.email import meant_domain
from core.fields.name import PARTICLES
from core.roles import FAMILY_NAMES, family_like

if TYPE_CHECKING:
    from core.dedup.members import Members

FREE_PROVIDERS = frozenset(lines("email_providers.txt"))  # webmail and ISPs: numbered addresses are normal there
ROLE_LOCAL_PARTS = frozenset(lines("role_local_parts.txt"))  # faktura@, info@: a mailbox many people share

_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ł": "l", "þ": "th", "ð": "d"})
_NOT_WORD = re.compile(r"[^0-9a-z ]+")
_NOT_LETTER = re.compile(r"[^\w]+")
_SPACES = re.compile(r" +")
_NOT_DIGIT = re.compile(r"\D+")
# Sound-alike spellings in Nordic names; applied in order, so "ch" is read before "c".
_SOUNDS = (("sch", "sj"), ("ch", "k"), ("ph", "f"), ("th", "t"), ("dt", "t"), ("ck", "k"), ("qu", "kv"),
           ("c", "k"), ("q", "k"), ("z", "s"), ("w", "v"), ("x", "ks"))
_FEW_HOLDERS = 8  # a slipped part is looked for among the rows next to a row on one value (a role address is shared)
_NO_TRUNK = {"NO": 8, "DK": 8, "IS": 7}  # countries without a trunk 0, and the length of a national number
_COUNTRY_CODES = {"SE": "46", "NO": "47", "DK": "45", "FI": "358", "IS": "354", "DE": "49", "GB": "44",
                  "AU": "61", "US": "1"}


def common_given_names() -> frozenset[str]:
    """Given names common in the Nordics, folded: two of them one letter apart are two names, not a typo."""
    return _COMMON_GIVEN


def fold(value: str) -> str:
    """Lower case without accents or punctuation: the form names and addresses are compared in."""
    text = value.casefold().translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()


# Å, ä, ö (and æ, ø, ü) as a keyboard without them writes them: Strömlund typed Stroemlund, Åsa typed Aasa
_WRITTEN_OUT = str.maketrans({"å": "aa", "ä": "ae", "ö": "oe", "æ": "ae", "ø": "oe", "ü": "ue"})
_NORDIC_LETTER = re.compile("[åäöæøü]")


def written_out(names: Iterable[str]) -> dict[str, str]:
    """{a word as typed without the Nordic letters, folded: the word folded} for every word of ``names`` that has
    one (å, ä, ö, æ, ø, ü): the register shows which spellings are one name written out. ``fold`` reads Strömlund
    as stromlund but Stroemlund as stroemlund; only a spelling the register holds with the letter is read as it.

    >>> written_out(["Ari Strömlund", "Åsa Hämäläinen-Berg", "Per Holm"])
    {'stroemlund': 'stromlund', 'aasa': 'asa', 'haemaelaeinen': 'hamalainen'}
    """
    out: dict[str, str] = {}
    for name in names:
        if name.isascii():  # most names: nothing to read
            continue
        text = name.casefold()
        if not _NORDIC_LETTER.search(text):
            continue
        for word in _NOT_LETTER.split(text):
            typed, folded = fold(word.translate(_WRITTEN_OUT)), fold(word)
            if typed != folded:  # (æ folds to ae already)
                out.setdefault(typed, folded)
    return out


def _read_written_out(folded: Factors, words: dict[str, str]) -> Factors:
    """``folded`` names with their words typed without the Nordic letters read as the register writes them."""
    if not words:
        return folded
    return folded.map(lambda value: " ".join(words.get(word, word) for word in value.split(" ")) if value else value)


# Swedish street abbreviations: Storg. 5 = Storgatan 5, Backv. = Backvägen, Kvarngr. = Kvarngränd
_STREET_ABBREVIATIONS = re.compile(r"(?<=[a-zåäöæø])(g|v|gr|pl)\.(?=[\s\d,]|$)")
_STREET_WORDS = {"g": "gatan", "v": "vägen", "gr": "gränd", "pl": "platsen"}


def street_key(value: str) -> str:
    """A street address folded, with the common abbreviations written out.

    >>> street_key("Backv. 52"), street_key("BACKVÄGEN 52"), street_key("Storg.5 lgh 1201")
    ('backvagen 52', 'backvagen 52', 'storgatan 5 lgh 1201')
    """
    text = _STREET_ABBREVIATIONS.sub(lambda m: _STREET_WORDS[m.group(1)] + " ", value.lower())
    return fold(text)


def spelling(value: str) -> str:
    """Folded, sound-alike spellings merged and doubled letters single, vowels kept: Thomas and Tomas, Christer and
    Krister read alike (one name spelt two ways), Kerstin and Kristina do not (``skeleton`` reads them alike)."""
    text = fold(value).replace(" ", "")
    for spelling, sound in _SOUNDS:
        text = text.replace(spelling, sound)
    return "".join(ch for n, ch in enumerate(text) if n == 0 or ch != text[n - 1])


def skeleton(value: str) -> str:
    """A cheap phonetic key: folded, sound-alike spellings merged, vowels and doubled letters dropped."""
    text = fold(value).replace(" ", "")
    if not text:
        return ""
    for spelling, sound in _SOUNDS:
        text = text.replace(spelling, sound)
    head, rest = text[0], text[1:]
    consonants = [ch for ch in rest if ch not in "aeiouyh"]
    out = [head]
    for ch in consonants:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


# An extension names a desk behind the switchboard, not another number: the cleaner writes "+4681234567 ext. 12"
# and registers write "ankn. 12", so it is cut before the digits are compared.
_EXTENSION = re.compile(
    r"[\s,(]*(?:ext|ankn|anknytning|lok|lokal|linje|intern|x|#)\.?:?\s*\d{1,6}\)?\s*$", re.IGNORECASE)
# every extension mark is letters or "#": a number without them has none (most numbers; the pattern above is slow
# to rule out, it is tried at every position)
_EXTENSION_MARK = re.compile(r"[^\W\d_]|#")


def phone_key(value: str, country: str) -> str:
    """Digits with the country code, so that national and international forms compare equal."""
    plus = value.lstrip().startswith("+")
    if _EXTENSION_MARK.search(value):
        value = _EXTENSION.sub("", value)
    digits = _NOT_DIGIT.sub("", value.replace("(0)", ""))  # +46 (0)70 ...: the trunk zero is not dialled
    if not digits:
        return ""
    if plus:
        return digits
    if digits.startswith("00"):
        return digits[2:]
    code = _COUNTRY_CODES.get(country.upper(), "")
    if digits.startswith("0") and code:
        return code + digits[1:]
    if country.upper() in _NO_TRUNK and len(digits) == _NO_TRUNK[country.upper()]:
        return code + digits  # Norway and Denmark dial all 8 digits at home: 495 13 307 is +47 49 51 33 07
    return digits


@functools.lru_cache(maxsize=65536)
def is_mobile(digits: str) -> bool:
    """Whether a ``phone_key`` (digits with the country code) is a mobile number by libphonenumber's metadata: one
    person's, where a landline is a home's or an office's. A number that may be either (Denmark's) is not one.

    >>> is_mobile("46701234567"), is_mobile("4681234567"), is_mobile("4791234567"), is_mobile("4532123456")
    (True, False, True, False)
    """
    try:
        number = phonenumbers.parse("+" + digits)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE


_DOTLESS = frozenset({"gmail.com", "googlemail.com"})
# an address typed without its @ before a provider's domain: the shortest user name, so the longest domain
_PROVIDER_AT_END = re.compile(r"([a-z0-9][a-z0-9._+-]*?)(" + "|".join(map(re.escape, FREE_PROVIDERS)) + r")$")


def email_key(value: str) -> str:
    """Lower case without a +tag; Gmail also ignores dots in the user name, other providers do not."""
    text = value.strip().lower()
    user, at, domain = text.rpartition("@")
    if not at:
        return text
    user = user.split("+", 1)[0]
    return (user.replace(".", "") if domain in _DOTLESS else user) + "@" + domain


def mailbox_key(value: str) -> str:
    """``email_key`` with a webmail or ISP domain written as it was meant where it is misspelled (hotmail.cm,
    gmailm.com, tdelia.com): the address is the same mailbox typed with a slip (``core.fields.email``'s domain
    suggestion, the one the cleaner offers, so a company's own domain is never taken for a provider's). An address
    whose @ was left out before a provider's domain (sara69gmail.com) is that mailbox too.

    >>> mailbox_key("anna936@hotmail.cm"), mailbox_key("lars.64@gmailm.com"), mailbox_key("per.lind@lind.com")
    ('anna936@hotmail.com', 'lars64@gmail.com', 'per.lind@lind.com')
    >>> mailbox_key("sara69gmail.com"), mailbox_key("a.bergstrom98outlook.com"), mailbox_key("lindbygg.se")
    ('sara69@gmail.com', 'a.bergstrom98@outlook.com', 'lindbygg.se')
    """
    return _mailbox(email_key(value))


def _mailbox(key: str) -> str:
    """``mailbox_key`` of an ``email_key``."""
    user, at, domain = key.rpartition("@")
    if domain in FREE_PROVIDERS:  # most addresses: nothing to mend
        return key
    if not at:
        no_at = _PROVIDER_AT_END.match(key)
        return email_key(f"{no_at[1]}@{no_at[2]}") if no_at else key
    meant = meant_domain(user, domain)
    return email_key(f"{user}@{meant}") if meant else key


def nick(given: str) -> str:
    """The formal form of a folded given name's first part (Kalle -> karl)."""
    first = given.split(" ", 1)[0]
    return NICKNAMES.get(first, first)


def id_key(value: str) -> str:
    """A personal id's digits; a 12-digit personnummer loses its century so both forms agree."""
    text = value.strip()
    if _LETTER.search(text):  # a Finnish henkilötunnus ends in a letter
        return fold(text).replace(" ", "")
    digits = _NOT_DIGIT.sub("", text)
    return digits[2:] if len(digits) == 12 and digits[:2] in ("18", "19", "20") else digits


_DAY_FIRST = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")  # 7.3.1980, 07-03-1980: Nordic order
_YEAR_FIRST = re.compile(r"(\d{4})[./-](\d{1,2})[./-](\d{1,2})")


def date_key(value: str) -> str:
    """A date as year, month and day digits, so 1980-03-07, 19800307 and 7.3.1980 agree (else its digits).

    >>> date_key("1980-03-07"), date_key("19800307"), date_key("7.3.1980"), date_key("07-03-1980 12:30")
    ('19800307', '19800307', '19800307', '198003071230')
    """
    text = value.strip()
    found = _YEAR_FIRST.match(text)
    if found:
        return f"{found[1]}{int(found[2]):02d}{int(found[3]):02d}" + _NOT_DIGIT.sub("", text[found.end():])
    found = _DAY_FIRST.match(text)
    if found:  # a time after the date (a change stamp) keeps its digits, so it still orders
        return f"{found[3]}{int(found[2]):02d}{int(found[1]):02d}" + _NOT_DIGIT.sub("", text[found.end():])
    return _NOT_DIGIT.sub("", value)


_SHORT_DAY_FIRST = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2})$")  # 14.3.85
_YEAR_FIRST_IDS = frozenset({"SE"})  # six-digit dates and ids written year first (850314); elsewhere day first


def _day(year: str, month: str, day: str) -> str:
    """YYMMDD when the parts make a calendar day (any century), else ""."""
    if not 1 <= int(month) <= 12 or not 1 <= int(day) <= 31:
        return ""
    return f"{year}{month}{day}"


def birth_key(value: str, country: str = "SE") -> str:
    """A birth date as two-digit year, month and day, whichever way the register writes it: 1985-03-14, 19850314,
    14.3.1985, 14.3.85, six digits in the country's order (140385 in Norway, Denmark and Finland, 850314 in Sweden),
    or a national id typed into the date column (its date part). The century is left out, as the personnummer key
    leaves it out; a value that reads as no date keeps its digits.

    >>> [birth_key(v, "NO") for v in ("1985-03-14", "19850314", "14.3.1985", "14.3.85", "140385", "14038512345")]
    ['850314', '850314', '850314', '850314', '850314', '850314']
    >>> birth_key("850314", "SE"), birth_key("850314-1234", "SE"), birth_key("19850314-1234", "SE")
    ('850314', '850314', '850314')
    """
    text = value.strip()
    found = _SHORT_DAY_FIRST.match(text)
    if found:
        return _day(found[3], f"{int(found[2]):02d}", f"{int(found[1]):02d}") or _NOT_DIGIT.sub("", text)
    if _YEAR_FIRST.match(text) or _DAY_FIRST.match(text):
        return date_key(text)[2:8]
    digits = _NOT_DIGIT.sub("", text)
    year_first = country.upper() in _YEAR_FIRST_IDS
    if len(digits) in (8, 12):  # 19850314, 198503141234; a day-first 14031985 when that is no year-first date
        return _day(digits[2:4], digits[4:6], digits[6:8]) or \
            (_day(digits[6:8], digits[2:4], digits[:2]) if len(digits) == 8 else "") or \
            (digits[2:8] if digits[:2] in ("18", "19", "20") else digits)  # a slip (19460780) stays one digit off
    if len(digits) in (6, 10, 11):  # a date, or a national id whose first six digits are one; the country's order
        # first, the other when that makes no day (140385 is day first wherever it is typed)
        year, day = _day(digits[:2], digits[2:4], digits[4:6]), _day(digits[4:6], digits[2:4], digits[:2])
        return (year or day if year_first else day or year) or digits
    return digits


def _filled(factors: Factors) -> int:
    """How many rows hold a value that is not empty."""
    present = np.array([bool(value) for value in factors.values], dtype=bool)
    codes = factors.codes[factors.codes >= 0]
    return int(present[codes].sum()) if codes.size else 0


_DAY_AND_MONTH = re.compile(r"\s*(\d{1,2})\s*[./-]\s*(\d{1,2})\s*\.?\s*$")  # 03/25, 25.3., 25-03


def birthday_key(value: str) -> str:
    """A birth date written without its year (Mailchimp's Birthday merge field, MM/DD; 25.3. on a Nordic form) as its
    two numbers, zero-padded, in the order written; "" for anything else. One customer in 365 shares such a day with
    any other: its weight is its frequency in the register, and a slip in it is no evidence.

    >>> birthday_key("03/25"), birthday_key("25.3."), birthday_key("1985-03-25"), birthday_key("850325")
    ('0325', '2503', '', '')
    """
    found = _DAY_AND_MONTH.match(value)
    if not found or int(found[1]) > 31 or int(found[2]) > 31 or 0 in (int(found[1]), int(found[2])):
        return ""
    return f"{int(found[1]):02d}{int(found[2]):02d}"


# Generation suffixes name another person of the same name (a son, a father): Tor Haugen Jr. is not Tor Haugen.
# Folded forms: "d.y." (den yngre) folds to "d y", "d.ä." (den äldre) to "d a".
_GENERATIONS = {"jr": "jr", "junior": "jr", "j r": "jr", "d y": "jr", "den yngre": "jr", "yngre": "jr",
                "sr": "sr", "senior": "sr", "d a": "sr", "den aldre": "sr", "aldre": "sr",
                # Norwegian and Danish "den eldre" / "den ældre", Finnish "nuorempi" / "vanhempi" (the younger / elder)
                "d e": "sr", "den eldre": "sr", "eldre": "sr", "den aeldre": "sr", "aeldre": "sr",
                "nuorempi": "jr", "vanhempi": "sr",
                "ii": "ii", "2nd": "ii", "iii": "iii", "3rd": "iii", "iv": "iv"}
_GENERATION_AT_END = re.compile(r"(?:^| )(" + "|".join(sorted(map(re.escape, _GENERATIONS), key=len, reverse=True))
                                + r")$")


def generation(folded: str) -> tuple[str, str]:
    """(name without its generation suffix, the suffix as jr/sr/ii/...) of a folded name.

    >>> generation("tor haugen jr"), generation("tor haugen d y"), generation("karin berg")
    (('tor haugen', 'jr'), ('tor haugen', 'jr'), ('karin berg', ''))
    """
    match = _GENERATION_AT_END.search(folded)
    if not match or match.start(1) == 0:  # a name that is only "Junior" is a name
        return folded, ""
    return folded[:match.start()].strip(), _GENERATIONS[match.group(1)]


def name_words(raw: str) -> list[str]:
    """The words of a whole name as written, folded: a hyphenated name ("Anna-Karin", "Andersson-Lind") is one word
    (its parts joined by a space, as ``fold`` writes them), and a generation suffix at the end is left out.

    >>> name_words("Anna-Karin Andersson-Lind"), name_words("Tor Haugen d.y.")
    (['anna karin', 'andersson lind'], ['tor', 'haugen'])
    """
    words = [word for word in map(fold, raw.replace(",", " ").split()) if word]
    kept = len(generation(" ".join(words))[0].split())
    out, count = [], 0
    for word in words:
        count += len(word.split(" "))
        if count > kept:
            break
        out.append(word)
    return out


def split_full_name(raw: str, order: NameOrder | None = None) -> tuple[str, str]:
    """(given, family) from a full name; "Svensson, Anna" puts the family name first, and so does an initial at
    the end ("Hedholm A.": a single letter is never a family name). A hyphenated name is one name ("Anna
    Andersson-Lind": the family name is Andersson-Lind). With the register's ``NameOrder``, a name written family
    name first without a comma is read that way ("Bergmark Stefan"), and of three words or more the ones between
    the first and the last are given names until one reads as a family name: "Kari Alholm Björkberg" is Kari of
    the Alholm Björkbergs, "Merja Matilda Granfeldt" is Merja Matilda Granfeldt. Without it, every word but the last
    is a given name.

    >>> split_full_name("Anna Svensson"), split_full_name("Hedholm A."), split_full_name("Anna Andersson-Lind")
    (('anna', 'svensson'), ('a', 'hedholm'), ('anna', 'andersson lind'))
    >>> order = NameOrder(["Kari Alholm Björkberg", "Stefan Bergmark", "Anna Bergmark"])
    >>> split_full_name("Kari Alholm Björkberg", order), split_full_name("Bergmark Stefan", order)
    (('kari', 'alholm bjorkberg'), ('stefan', 'bergmark'))
    """
    if "," in raw:
        family, _, given = raw.partition(",")
        return fold(given), fold(family)
    words = order.words(raw) if order is not None else name_words(raw)
    if len(words) < 2:
        return (words[0] if words else ""), ""
    if len(words[-1]) == 1 and len(words[0]) > 1:
        return words[-1], " ".join(words[:-1])
    cut = len(words) - 1
    if order is not None and order.counted:
        if order.family(words[0]) and order.given(words[-1]):  # "Bergmark Stefan", "Sandsten Anna Lena"
            cut = next(at for at in range(1, len(words)) if order.given(words[at]))
            return " ".join(words[cut:]), " ".join(words[:cut])
        cut = next((at for at in range(1, cut) if order.family(words[at])), cut)
    return " ".join(words[:cut]), " ".join(words[cut:])


class NameOrder:
    """How a register writes its whole names, read from its own names: which words are given names and which are
    family names. A word its names start with more often than they end with is a given name (so is a common one);
    one they end with more often is a family name (so is a particle). Where they do not tell (as often first as
    last, or nowhere), a word shaped as a family name (a listed one, or a family name's ending: Alholm, Berg,
    Nieminen) that is no common given name is a family name. So a double family name written with a space ("Ulla
    Eriksson Johansson") is told from a second given name ("Ulla Birgitta Johansson"), and "Bergmark Stefan" from
    "Stefan Bergmark".

    >>> order = NameOrder(["Kari Hedmark", "Hedmark, Nils", "Anna Berg", "Berg Anna", "Olof Lind"])
    >>> [order.family(word) for word in ("hedmark", "af", "alholm", "berg", "olof", "anna", "maria")]
    [True, True, True, True, False, False, False]
    >>> [order.given(word) for word in ("olof", "maria", "hedmark", "berg")]
    [True, True, False, False]
    """

    def __init__(self, names: Sequence[str], counts: Sequence[int] | None = None) -> None:
        self._first: dict[str, int] = {}
        self._last: dict[str, int] = {}
        self._words: dict[str, list[str]] = {}  # each name's words, read once for the counts and the split
        self._counted = False  # while the names are counted, a name splits as without an order
        for name, count in zip(names, counts if counts is not None else itertools.repeat(1)):
            given, family = split_full_name(name, self) if count else ("", "")
            if given and family:
                first, last = given.split(" ")[0], family.split(" ")[-1]
                self._first[first] = self._first.get(first, 0) + count
                self._last[last] = self._last.get(last, 0) + count
        self._counted = True

    def words(self, name: str) -> list[str]:
        """``name_words`` of a name, read once."""
        if name not in self._words:
            self._words[name] = name_words(name)
        return self._words[name]

    def given(self, word: str) -> bool:
        if word in _COMMON_GIVEN:
            return True
        first, last = self._first.get(word, 0), self._last.get(word, 0)
        return first > last or (first == last and not self._family_shape(word))

    def family(self, word: str) -> bool:
        if word in PARTICLES:
            return True
        if word in _COMMON_GIVEN or len(word) < 2:
            return False
        first, last = self._first.get(word, 0), self._last.get(word, 0)
        return last > first or (first == last and self._family_shape(word))

    @staticmethod
    def _family_shape(word: str) -> bool:
        """Where the register's names do not tell (as often first as last, or nowhere): a listed family name, or a
        family name's ending."""
        return word in _FAMILY_LIST or family_like(word)

    @property
    def counted(self) -> bool:
        """Whether the register's names are counted (while they are, a name splits as without an order)."""
        return self._counted

    @staticmethod
    def of_columns(given: Factors, family: Factors, rows: np.ndarray) -> NameOrder:
        """The order of a register's given- and family-name columns, read on the rows ``rows`` (a mask): a given
        name's first word starts a name, a family name's last word ends one."""
        order = NameOrder([])
        for column, counted, word in ((given, order._first, 0), (family, order._last, -1)):
            counts = np.bincount(column.codes[rows], minlength=len(column.values)).tolist()
            for value, count in zip(column.values, counts):
                if count and value:
                    key = value.split(" ")[word]
                    counted[key] = counted.get(key, 0) + count
        return order

    @staticmethod
    def of(whole: Factors) -> NameOrder:
        """The order of a whole-name column."""
        return NameOrder(whole.values, np.bincount(whole.codes, minlength=len(whole.values)).tolist())


# Legal forms that make a whole name a company's (Fortnox's "Namn" holds the customer, a company or a person)
_COMPANY_FORMS = frozenset({"ab", "abp", "hb", "kb", "as", "asa", "ans", "aps", "a/s", "i/s", "k/s", "oy", "oyj", "ky",
                            "ay", "tmi", "ltd", "gmbh", "inc", "llc", "plc"})


def _whole_name_where_empty(whole: Factors, given: Factors, family: Factors,
                            company: Factors | None = None) -> tuple[Factors, Factors]:
    """(given, family) with the whole-name column split into them on the rows whose given- and family-name columns
    are both empty: a CRM export with Förnamn, Efternamn *and* Namn fills one or the other row by row, and a row
    whose name is only in Namn is a person, not a company card (two such colleagues at one company were one
    "company" and marked Delete). Not where Namn holds the company itself (its legal form, or the row's company)."""
    empty_given = np.array([not value for value in given.values], dtype=bool)[given.codes]
    empty_family = np.array([not value for value in family.values], dtype=bool)[family.codes]
    folded = [fold(value) for value in whole.values]
    person = np.array([bool(f) and not _COMPANY_FORMS.intersection(value.casefold().replace(",", " ").split())
                       for f, value in zip(folded, whole.values)], dtype=bool)[whole.codes]
    if company is not None:
        person &= np.array(folded, dtype=object)[whole.codes] != np.array(
            [fold(value) for value in company.values], dtype=object)[company.codes]
    rows = np.flatnonzero(empty_given & empty_family & person)
    if not rows.size:
        return given, family
    order = NameOrder.of(whole)
    return _names_from(whole, rows, lambda raw: split_full_name(raw, order), given, family)


def _family_first(raw: Factors, given: Factors, family: Factors | None) -> tuple[Factors, Factors | None]:
    """(given, family) with "Nielsen, Søren" typed into the given-name column split into its two names, where
    the row's family-name column is empty (or there is none): a register's habit, not another person."""
    comma = np.array(["," in value for value in raw.values], dtype=bool)
    if not comma.any():
        return given, family
    rows = comma[raw.codes]
    if family is not None:
        rows &= np.array([not value for value in family.values], dtype=bool)[family.codes]
    rows = np.flatnonzero(rows)
    if not rows.size:
        return given, family
    if family is None:
        family = Factors(np.zeros(len(raw.codes), dtype=np.int64), [""])

    def split(value: str) -> tuple[str, str]:
        last, _, first = value.partition(",")
        return fold(first), fold(last)

    return _names_from(raw, rows, split, given, family)


def _whole_name_in_given(raw: Factors, given: Factors, family: Factors) -> tuple[Factors, Factors]:
    """(given, family) with a whole name typed into the given-name column ("Margrethe Lillekoldhede", the family-name
    column empty: a web shop's guest checkout) split where its last word reads as a family name by the register's
    own names (``NameOrder`` of its given and family names: Lillekoldhede is a family name where another row has it
    in the family-name column). A double given name (Anna Karin, Per Olof) stays one."""
    empty = np.array([not value for value in family.values], dtype=bool)[family.codes]
    several = np.array([len(value.split()) >= 2 for value in raw.values], dtype=bool)[raw.codes]
    rows = np.flatnonzero(empty & several)
    if not rows.size:
        return given, family
    order = NameOrder.of_columns(given, family, ~empty)

    def split(value: str) -> tuple[str, str]:
        words = name_words(value)
        if len(words) >= 2 and order.family(words[-1]):
            return " ".join(words[:-1]), words[-1]
        return fold(value), ""

    return _names_from(raw, rows, split, given, family)


def _columns_swapped(given: Factors, family: Factors) -> tuple[Factors, Factors]:
    """(given, family) with the two names of a row swapped where the register shows it typed each into the other's
    column ("Pettersson" in Förnamn, "Johan" in Efternamn): its given name is one the register's family-name column
    holds more often than its given-name column, and its family name one the given-name column holds more often
    (and no common given name is read as a family name)."""
    as_given, as_family = _rows_per_value(given), _rows_per_value(family)
    width = len(family.values)
    pairs = given.codes * width + family.codes  # one number per (given, family) written in a row
    swapped = [pair for pair in np.unique(pairs).tolist()
               if (gv := given.values[pair // width]) and (fv := family.values[pair % width])
               and gv not in _COMMON_GIVEN
               and as_family.get(gv, 0) > as_given.get(gv, 0) and as_given.get(fv, 0) > as_family.get(fv, 0)]
    if not swapped:
        return given, family
    rows = np.isin(pairs, swapped)
    g_rows = np.array(given.values, dtype=object)[given.codes]
    f_rows = np.array(family.values, dtype=object)[family.codes]
    return Factors.of(np.where(rows, f_rows, g_rows).tolist()), Factors.of(np.where(rows, g_rows, f_rows).tolist())


def _rows_per_value(column: Factors) -> dict[str, int]:
    """Rows per distinct string of a column (a value split from another column may repeat one already there)."""
    out: dict[str, int] = {}
    for value, count in zip(column.values, np.bincount(column.codes, minlength=len(column.values)).tolist()):
        out[value] = out.get(value, 0) + count
    return out


def _names_from(source: Factors, rows: np.ndarray, split: Callable[[str], tuple[str, str]], given: Factors,
                family: Factors) -> tuple[Factors, Factors]:
    """(given, family) where the rows ``rows`` take the two names ``split`` makes of their value in ``source`` (each
    distinct value split once) and every other row keeps its own."""
    given_values, family_values = list(given.values), list(family.values)
    to_given = np.full(len(source.values), -1, dtype=np.int64)
    to_family = np.full(len(source.values), -1, dtype=np.int64)
    for code in np.unique(source.codes[rows]).tolist():
        first, last = split(source.values[code])
        to_given[code], to_family[code] = len(given_values), len(family_values)
        given_values.append(first)
        family_values.append(last)
    given_codes, family_codes = given.codes.copy(), family.codes.copy()
    given_codes[rows] = to_given[source.codes[rows]]
    family_codes[rows] = to_family[source.codes[rows]]
    return Factors(given_codes, given_values), Factors(family_codes, family_values)


def identifier_like(values: Sequence[str]) -> bool:
    """True for a column of ids or short codes: few repeats (each value 5 times or less on average), short,
    rarely with a space, and not one value per row.

    A notes column ("Kontakta via e-post") has spaces; a category ("vip") repeats; a row number never repeats,
    so two rows can only disagree on it.

    >>> identifier_like(["1234-5", "9876-1", "1234-5", "", "5555-0"]), identifier_like(["Ring först"] * 4)
    (True, False)
    """
    return _identifier_like(Factors.of([v or "" for v in values]))


def _identifier_like(column: Factors) -> bool:
    counts: dict[str, int] = {}
    for value, count in zip(column.values, np.bincount(column.codes, minlength=len(column.values)).tolist()):
        value = value.strip()
        if value:
            counts[value] = counts.get(value, 0) + count
    filled, distinct = sum(counts.values()), len(counts)
    if filled < 2 or (distinct == filled and filled >= 20):
        return False
    lengths = sorted(len(v) for v in counts)
    spaced = sum(1 for v in counts if " " in v)
    # an id shared by a record and its copies repeats a few times; a category repeats hundreds of times
    return distinct >= 0.2 * filled and lengths[len(lengths) // 2] <= 20 and spaced <= 0.1 * distinct


_ORDERED = frozenset({"given_skel", "family_skel", "dob", "postal", "company"})  # blocking sorts by these
_LETTER = re.compile(r"[^\W\d_]")

# Words a register writes where a person's name would be on a role account's row (given "Info", "Faktura").
_ROLE_WORDS = frozenset(
    "info faktura fakturor invoice invoices billing ekonomi economy order orders post kontakt contact kundtjanst "
    "kundservice kundeservice asiakaspalvelu support reception vaxel sentralbord receptionen admin sales salg "
    "forsaljning myynti laskutus accounts office kontoret".split())

IGNORE = "-"  # the role of a column dedup must not look at (an id column the caller keeps for itself)


V = TypeVar("V")
W = TypeVar("W")


class Factors(Generic[V]):
    """A column as integer codes over its distinct values, so that work per value runs once per distinct value."""

    __slots__ = ("codes", "values")

    def __init__(self, codes: np.ndarray, values: list[V]) -> None:
        self.codes = codes  # index into values (-1 reads the last value)
        self.values = values

    @staticmethod
    def of(strings: Sequence[str]) -> Factors[str]:
        # one pass in C: each value keeps the running number of its first row; then made dense
        index: dict[str, int] = {}
        first = np.fromiter(map(index.setdefault, strings, itertools.count()), dtype=np.int64, count=len(strings))
        starts = np.fromiter(index.values(), dtype=np.int64, count=len(index))  # increasing
        return Factors(np.searchsorted(starts, first), list(index))

    def map(self, function: Callable[[V], W]) -> Factors[W]:
        """``function`` of every row's value."""
        return Factors(self.codes, [function(value) for value in self.values])


class Key:
    """One match key over all rows: integer codes (-1 = empty), the distinct values and their counts."""

    __slots__ = ("name", "codes", "values", "counts")

    def __init__(self, name: str, strings: Sequence[str] | Factors, ordered: bool = True) -> None:
        self.name = name
        factors = strings if isinstance(strings, Factors) else Factors.of(strings)
        # codes in sorted order only where blocking sorts by the key (a typo then sorts next to the original);
        # else in order of first appearance, which is as deterministic and saves sorting a million e-mails
        distinct = [value for value in dict.fromkeys(factors.values) if value]
        if ordered:
            distinct.sort()
        index = {value: code for code, value in enumerate(distinct)}
        index[""] = -1
        local = np.fromiter(map(index.__getitem__, factors.values), dtype=np.int64, count=len(factors.values))
        self.codes = local[factors.codes]
        self.values = np.array(distinct + [""], dtype=object)  # code -1 reads the trailing ""
        filled = self.codes[self.codes >= 0]
        self.counts = np.bincount(filled, minlength=len(distinct)) if len(distinct) else np.zeros(0, np.int64)

    @property
    def filled(self) -> int:
        return int(self.counts.sum())

    def factors(self) -> Factors:
        return Factors(self.codes, self.values.tolist())

    def strings(self, rows: np.ndarray) -> np.ndarray:
        return self.values[self.codes[rows]]

    def frequency(self, rows: np.ndarray) -> np.ndarray:
        """Share of filled rows holding the same value as each given row (for term-frequency weights)."""
        codes = self.codes[rows]
        return np.where(codes >= 0, self.counts[np.maximum(codes, 0)] / max(self.filled, 1), 1.0)


def value_lengths(values: Sequence[str]) -> np.ndarray:
    """The length of each value in characters (a key's ``values.tolist()``: per code)."""
    return np.fromiter(map(len, values), dtype=np.int64, count=len(values))


def word_rows(key: Key) -> dict[str, int]:
    """Per word of the values of ``key``, the rows whose value holds it (Nils in Nils, Daniel Nils and Nils Erik)."""
    rows: dict[str, int] = {}
    for value, count in zip(key.values.tolist(), key.counts.tolist()):
        for word in set(value.split()):
            rows[word] = rows.get(word, 0) + int(count)
    return rows


class Keys:
    """All match keys of one register, built from the columns whose role dedup understands."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
                 country: str = "SE", match_on: Sequence[int] | None = None) -> None:
        self.n = len(rows)
        self.header = list(header)
        self.keys: dict[str, Key] = {}
        self.generic: list[tuple[int, str]] = []  # (column, key name) of columns compared as plain text
        # key name of a second phone or e-mail column (the switchboard beside the mobile) -> "phone" / "email"
        self.contact_columns: dict[str, str] = {}
        self.columns: dict[str, int] = {}  # role -> first column with that role
        self._people: dict[str, np.ndarray] = {}
        self._word_rows: dict[str, int] | None = None
        self.country = country  # the order of six-digit dates (birth_key)
        self.birthdays_without_year = False  # most birth dates are days without a year (03/25): _add_place_keys
        # whether people appear under two family names here (married-name copies): ``Scorer.fit`` learns it
        self._married_names = True
        self._rows = rows
        self._full_width = min(map(len, rows), default=0)
        self._factors: dict[int, Factors] = {}
        chosen = set(match_on) if match_on is not None else None
        unknown = self._choose_columns(roles, chosen)
        # A column of unknown role is evidence only when the user names it as a match column: a customer
        # number, a row number, a notes column or a last-contact date looks alike between neighbours and
        # says nothing about who is who. With no known role at all, every column is all there is.
        compared = unknown if chosen is not None or not self.columns else []
        ids = [column for column in compared if _identifier_like(self._column(column))]
        self.identifiers = {f"col{column}" for column in ids}  # compared as ids: same or one character off
        self.generic += [(column, f"col{column}") for column in compared]
        self.generic.sort()
        get = {role: self._column(column) for role, column in self.columns.items()
               if role not in ("updated_at", "country")}
        self._add_contact_keys(get, country)
        self._add_name_keys(get)
        self._add_place_keys(get)
        for column, name in self.generic:
            kind = self.contact_columns.get(name)
            if kind == "phone":
                self._add(name, self._column(column).map(lambda v: phone_key(v, country)))
            elif kind == "email":
                self._add(name, self._column(column).map(lambda v: v.strip().lower()))
            else:
                self._add(name, self._column(column).map(fold))
        self._finish_generation()
        self._add_entity()
        self.members = self._read_members(unknown)
        del self._rows, self._factors

    def _choose_columns(self, roles: Sequence[str | None], chosen: set[int] | None) -> list[int]:
        """Fill ``columns`` (role -> first column) and ``generic``; return the columns of unknown role."""
        if chosen is not None:  # the user named the evidence: every other column is left out
            roles = [role if column in chosen else IGNORE for column, role in enumerate(roles)]
        unknown = []
        for column, role in enumerate(roles):
            if role == IGNORE:
                continue
            if role is not None and role not in self.columns:
                self.columns[role] = column
            elif role is None:
                unknown.append(column)
            elif role not in ("updated_at", "country"):
                self.generic.append((column, f"col{column}"))  # a second address column: compared as text
                if role in ("phone", "email"):  # ... a second phone or e-mail column as the contact detail it is
                    self.contact_columns[f"col{column}"] = role
        return unknown

    def _column(self, column: int) -> Factors:
        """One column of the rows as factors, read once."""
        if column not in self._factors:
            rows = self._rows
            values = list(map(itemgetter(column), rows)) if column < self._full_width else \
                [r[column] if column < len(r) else "" for r in rows]
            if None in values:
                values = [v or "" for v in values]
            self._factors[column] = Factors.of(values)
        return self._factors[column]

    def _read_members(self, unknown: Sequence[int]) -> Members | None:
        """A member register's guardian and joined columns, found by header among the columns of unknown role
        (``members``): read only to tell two people apart, never compared."""
        from core.dedup.members import GUARDIAN_HEADERS, JOINED_HEADERS, Members  # members reads keys' folds

        def first(words: frozenset[str]) -> int | None:
            return next((column for column in unknown if fold(self.header[column]) in words), None)

        guardian, joined = first(GUARDIAN_HEADERS), first(JOINED_HEADERS)
        if guardian is None and joined is None:
            return None

        def values(column: int | None) -> list[str] | None:
            if column is None:
                return None
            factors = self._column(column)
            return [factors.values[code] for code in factors.codes.tolist()]

        names, families = [""] * self.n, [""] * self.n
        if guardian is not None and "given" in self.keys and "family" in self.keys:
            given, family = self.keys["given"], self.keys["family"]
            names = [f"{given.values[g]} {family.values[f]}" if g >= 0 and f >= 0 else ""
                     for g, f in zip(given.codes.tolist(), family.codes.tolist())]
            families = [str(family.values[f]) if f >= 0 else "" for f in family.codes.tolist()]
        births, ids = ([values(self.columns[role]) or [""] * self.n if role in self.columns else [""] * self.n
                        for role in ("birth_date", "personal_id")])
        headers = (self.header[guardian].strip() if guardian is not None else "",
                   self.header[joined].strip() if joined is not None else "")
        return Members.read(values(guardian), names, families, values(joined), births, ids, self.country, headers)

    def _add_contact_keys(self, get: dict[str, Factors], country: str) -> None:
        """E-mail (as typed, folded, with a misspelled provider domain as meant, its user name), phone with the
        country code, personal id."""
        if "email" in get:
            self._add("email", get["email"].map(lambda v: v.strip().lower()))
            if "email" in self.keys:  # each derived from the distinct values of the one before
                self._add("email_key", self.keys["email"].factors().map(email_key))
                self._add("email_meant", self.keys["email_key"].factors().map(_mailbox))
                self._add("email_user", self.keys["email_key"].factors().map(lambda v: v.rpartition("@")[0]))
        if "phone" in get:
            self._add("phone", get["phone"].map(lambda v: phone_key(v, country)))
        if "personal_id" in get:
            self._add("pid", get["personal_id"].map(id_key))

    def _add_name_keys(self, get: dict[str, Factors]) -> None:
        """Given and family name (from their columns, or split from a whole name), their nickname and sound
        forms, and the generation suffix cut from them."""
        given = get["given_name"].map(fold) if "given_name" in get else None
        family = get["family_name"].map(fold) if "family_name" in get else None
        if given is not None:
            given, family = _family_first(get["given_name"], given, family)
            if family is not None:
                given, family = _whole_name_in_given(get["given_name"], given, family)
        if "full_name" in get and given is not None and family is not None:
            given, family = _whole_name_where_empty(get["full_name"], given, family, get.get("company"))
            self._add_generation(get["full_name"].map(lambda v: generation(fold(v))[1]))
        if "full_name" in get and (given is None or family is None):
            order = NameOrder.of(get["full_name"])
            split = get["full_name"].map(lambda v: split_full_name(v, order))
            given = given or Factors(split.codes, [g for g, _ in split.values])
            family = family or Factors(split.codes, [f for _, f in split.values])
            self._add_generation(get["full_name"].map(lambda v: generation(fold(v))[1]))
        if given is not None and family is not None:
            given, family = _columns_swapped(given, family)
        words = written_out(value for role in ("given_name", "family_name", "full_name") if role in get
                            for value in get[role].values)
        if given is not None:
            split = _read_written_out(given, words).map(generation)
            given = Factors(split.codes, [g for g, _ in split.values])
            self._add_generation(Factors(split.codes, [x for _, x in split.values]))
        if family is not None:
            split = _read_written_out(family, words).map(generation)
            family = Factors(split.codes, [f for f, _ in split.values])
            self._add_generation(Factors(split.codes, [x for _, x in split.values]))
        if given is not None:
            self._add("given", given)
            if "given" in self.keys:
                # a short form's sound is its full name's (Kalle, Karl); the nickname level reads the forms itself
                self._add("given_skel", self.keys["given"].factors().map(nick).map(skeleton))
        if family is not None:
            self._add("family", family)
            if "family" in self.keys:
                self._add("family_skel", self.keys["family"].factors().map(skeleton))
        self._add_whole_name()

    def _add_whole_name(self) -> None:
        """The ``whole`` key: the words of given and family name in sorted order, so that a name written surname
        first without a comma ("Sandsten Anna Lena") is the same name as "Anna Lena Sandsten" (names of three
        words or more; "Berg Anna" / "Anna Berg" is the swapped-names level's)."""
        if "given" not in self.keys or "family" not in self.keys:
            return
        pair = self.combined("given", "family")
        if pair is None:
            return
        filled = np.flatnonzero(pair >= 0)
        words = [""] * self.n
        if filled.size:
            _, first, back = np.unique(pair[filled], return_index=True, return_inverse=True)
            given, family = self.keys["given"], self.keys["family"]
            rows = filled[first]
            # only names of three words or more: two words the other way round are the swapped-names level's
            sorted_words = [" ".join(sorted(w)) if len(w := f"{g} {f}".split()) >= 3 else "" for g, f in
                            zip(given.values[given.codes[rows]], family.values[family.codes[rows]])]
            for row, at in zip(filled.tolist(), back.ravel().tolist()):
                words[row] = sorted_words[at]
        self._add("whole", words)

    def _add_place_keys(self, get: dict[str, Factors]) -> None:
        """Birth date, street, postal code, city, company and org number."""
        if "birth_date" in get:
            dates = get["birth_date"]
            days = dates.map(birthday_key)
            self._add("dob", Factors(dates.codes, [day or birth_key(value, self.country)
                                                   for value, day in zip(dates.values, days.values)]))
            # a register that writes birthdays without their year (Mailchimp's Birthday, 03/25): a slip of one digit
            # or two swapped there is another day as often as a typing slip (``comparisons.birth_date_comparison``)
            self.birthdays_without_year = _filled(days) * 2 > _filled(dates)
        if "street" in get:
            self._add("street", get["street"].map(street_key))
        if "postal_code" in get:
            self._add("postal", get["postal_code"].map(lambda v: fold(v).replace(" ", "")))
        if "city" in get:
            self._add("city", get["city"].map(fold))
        if "company" in get:
            self._add("company", get["company"].map(fold))
        if "org_id" in get:
            self._add("org", get["org_id"].map(lambda v: _NOT_DIGIT.sub("", v) or fold(v)))

    # -- who a row is: a person (of a generation) or only a company ------------------------------------------
    def _add_generation(self, suffixes: Factors) -> None:
        found = np.array([bool(v) for v in suffixes.values], dtype=bool)
        if not found.any():
            return
        rows = np.array(suffixes.values, dtype=object)[suffixes.codes]
        mine = getattr(self, "_generation", None)
        self._generation = rows if mine is None else np.where(rows != "", rows, mine)

    def _finish_generation(self) -> None:
        """The ``gen`` key: jr/sr/... or "none" for a named row without a suffix (only when a suffix occurs)."""
        suffix = getattr(self, "_generation", None)
        if suffix is None:
            return
        named = self.named()
        self._add("gen", [s or ("none" if named[r] else "") for r, s in enumerate(suffix.tolist())])

    def named(self) -> np.ndarray:
        """Rows that name a person: a given or family name that is not a role word (Info, Faktura)."""
        out = np.zeros(self.n, dtype=bool)
        for name in ("given", "family"):
            if name in self.keys:
                key = self.keys[name]
                person = np.array([v not in _ROLE_WORDS for v in key.values], dtype=bool)
                out |= (key.codes >= 0) & person[key.codes]
        return out

    def _add_entity(self) -> None:
        """The ``entity`` key, "person" or "company", when a register holds both kinds of row."""
        if "company" not in self.keys and "org" not in self.keys:
            return
        business = np.zeros(self.n, dtype=bool)
        for name in ("company", "org"):
            if name in self.keys:
                business |= self.keys[name].codes >= 0
        named = self.named()
        company_only = business & ~named
        if not company_only.any() or not named.any():
            return
        self._add("entity", np.where(named, "person", np.where(company_only, "company", "")).tolist())

    def company_only(self) -> np.ndarray:
        if "entity" not in self.keys:
            return np.zeros(self.n, dtype=bool)
        key = self.keys["entity"]
        return (key.codes >= 0) & (key.values[key.codes] == "company")

    @property
    def married_names(self) -> bool:
        """Whether one person may be in the register under two family names (a copy made after a marriage)."""
        return self._married_names

    @married_names.setter
    def married_names(self, value: bool) -> None:
        if value != self._married_names:
            self._married_names = value
            kept = ("person", "full", "words", "family words", "word count", "other forms", "part length",
                    "given lengths")  # what does not depend on it
            self._people = {name: codes for name, codes in self._people.items() if name in kept}

    def people(self, name: str) -> np.ndarray:
        """Per row, how many different people (given-name sounds) hold the row's value of key ``name`` (0: none).

        A role address, a switchboard, a company's street address or its org number is held by many people;
        a personal e-mail by one person, however often that person was registered. Where people appear under two
        family names (``married_names``), two whole names of one given name count as one holder.
        """
        if name in self._people:
            return self._people[name]
        codes = self._value_codes(name)
        out = np.zeros(self.n, dtype=np.int32)
        given, full = self._person_codes()
        if codes is not None and given is not None and full is not None:  # full is None only with given
            given, full = self._swapped_as_holder(codes, given, full)
            given, full = self._short_form_as_holder(codes, given, full)
            given, full = self._slipped_part_as_holder(codes, given, full)
            # people are told apart by their given name's sound (Kalle and Karl are one); the whole name counts
            # too, less one where a person who married may be in the register under two family names
            for person, less in ((given, 0), (full, 1 if self._married_names else 0)):
                both = np.flatnonzero((codes >= 0) & (person >= 0))
                if both.size:
                    width = int(person.max()) + 1  # one number per (value, person): a 1-D unique is 5x faster
                    pairs = np.unique(codes[both] * width + person[both])
                    value, count = np.unique(pairs // width, return_counts=True)
                    at = np.searchsorted(value, codes[both])
                    out[both] = np.maximum(out[both], count[at] - less)
        if name == "email" and name in self.keys:
            # a role mailbox (faktura@, post@) is shared by its nature, even when one person in the register uses it
            key = self.keys[name]
            role = np.array([v.rpartition("@")[0] in ROLE_LOCAL_PARTS for v in key.values], dtype=bool)
            hit = (key.codes >= 0) & role[key.codes]
            out[hit] = np.maximum(out[hit], 2)
        self._people[name] = out
        return out

    def _swapped_as_holder(self, codes: np.ndarray, given: np.ndarray,
                           full: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The person codes ``people`` counts holders of a value by, where a row whose given and family name are
        another holder's of that value the other way round ("Berg Anna" beside "Anna Berg" on one mailbox) counts
        as that holder: one person typed into each other's column, not a second person on the mailbox."""
        if "given" not in self.keys or "family" not in self.keys:
            return given, full
        first, last = self.keys["given"], self.keys["family"]
        rows = np.flatnonzero((codes >= 0) & (given >= 0) & (first.codes >= 0) & (last.codes >= 0))
        if not rows.size:
            return given, full
        if "words" not in self._people:  # both columns' names numbered alike, once
            words = {word: number for number, word in enumerate(sorted({*first.values.tolist(),
                                                                       *last.values.tolist()}))}
            self._people["words"] = np.array([words[w] for w in first.values], dtype=np.int64)[first.codes]
            self._people["family words"] = np.array([words[w] for w in last.values], dtype=np.int64)[last.codes]
            self._people["word count"] = np.array([len(words)])
        width = int(self._people["word count"][0])
        g, f = self._people["words"][rows], self._people["family words"][rows]
        value = codes[rows].astype(np.int64)
        held = (value * width + g) * width + f
        other_way = (value * width + f) * width + g
        order = np.argsort(held, kind="stable")
        at = np.minimum(np.searchsorted(held[order], other_way), len(rows) - 1)
        # of the two ways round, the row whose given name sorts later counts as the other (either would do)
        hit = (held[order][at] == other_way) & (g > f)
        if not hit.any():
            return given, full
        given, full = given.copy(), full.copy()
        partner = rows[order[at[hit]]]
        given[rows[hit]], full[rows[hit]] = given[partner], full[partner]
        return given, full

    def _short_form_as_holder(self, codes: np.ndarray, given: np.ndarray,
                              full: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The person codes ``people`` counts holders of a value by, where a row's given name is the short form of two
        names (``nicknames.OTHER_FORMS``) and another holder of that value has its other name: Andy beside Anders on
        one mobile is Anders (Andy's sound is Andreas's, its first name), Jocke beside Johan is Johan."""
        if not OTHER_FORMS or "given" not in self.keys:
            return given, full
        key, sounds = self.keys["given"], self.keys["given_skel"]
        if "other forms" not in self._people:  # per given name, the sounds of its other forms the register holds
            number = {sound: code for code, sound in enumerate(sounds.values.tolist())}
            alternatives = [[number[s] for s in (skeleton(f) for f in OTHER_FORMS.get(v.split(" ", 1)[0], ()))
                             if s in number] for v in key.values.tolist()]
            width = max(map(len, alternatives), default=0)
            table = np.full((len(alternatives), max(width, 1)), -1, dtype=np.int64)
            for value, found in enumerate(alternatives):
                table[value, :len(found)] = found
            self._people["other forms"] = table
        table = self._people["other forms"]
        rows = np.flatnonzero((codes >= 0) & (given >= 0) & (key.codes >= 0))
        rows = rows[(table[key.codes[rows]] >= 0).any(axis=1)] if table.size else rows[:0]
        if not rows.size:
            return given, full
        width = len(sounds.values)
        wanted_sound = np.zeros(width, dtype=bool)  # only the rows of a sound some short form may stand for
        wanted_sound[table[key.codes[rows]][table[key.codes[rows]] >= 0]] = True
        both = np.flatnonzero((codes >= 0) & (given >= 0))
        both = both[wanted_sound[given[both]]]
        held = np.unique(codes[both].astype(np.int64) * width + given[both])
        if not held.size:
            return given, full
        given, full = given.copy(), full.copy()
        for column in range(table.shape[1]):
            sound = table[key.codes[rows], column]
            wanted = codes[rows].astype(np.int64) * width + sound
            at = np.minimum(np.searchsorted(held, wanted), len(held) - 1)
            hit = (sound >= 0) & (held[at] == wanted) & (given[rows] != sound)
            given[rows[hit]] = sound[hit]
            family = self.keys["family_skel"].codes[rows[hit]] if "family_skel" in self.keys else None
            full[rows[hit]] = sound[hit] if family is None else \
                sound[hit] * (len(self.keys["family_skel"].counts) + 1) + family + 1
        return given, full

    def _slipped_part_as_holder(self, codes: np.ndarray, given: np.ndarray,
                                full: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The person codes ``people`` counts holders of a value by, where a row's single given name is the first
        part of another holder's double name but for a slip the register reads as one (``slips.part_slip``): Begnt
        beside Bengt-Åke on one mobile is Bengt-Åke (among the ``_FEW_HOLDERS`` rows next to it on the value)."""
        if "given" not in self.keys:
            return given, full
        key = self.keys["given"]
        if "part length" not in self._people:  # per given name: its first word's length, -1 for a single name
            self._people["part length"] = np.array([len(v.split(" ", 1)[0]) if " " in v else -1
                                                    for v in key.values.tolist()], dtype=np.int64)
        part = self._people["part length"]
        rows = np.flatnonzero((codes >= 0) & (given >= 0) & (key.codes >= 0))
        rows = rows[np.argsort(codes[rows], kind="stable")]
        value, name = codes[rows], key.codes[rows]
        # every pair of rows of one value within _FEW_HOLDERS of each other in that order: a single name against a
        # double name of another sound whose first word is at most one letter longer or shorter
        left, right = [], []
        for shift in range(1, _FEW_HOLDERS):
            a, b = np.arange(len(rows) - shift), np.arange(shift, len(rows))
            same = value[a] == value[b]
            a, b = a[same], b[same]
            one, two = np.where(part[name[a]] < 0, a, b), np.where(part[name[a]] < 0, b, a)
            keep = (part[name[one]] < 0) & (part[name[two]] >= 0) & (given[rows[one]] != given[rows[two]]) & \
                (np.abs(self._given_lengths()[name[one]] - part[name[two]]) <= 1)
            left.append(rows[one[keep]])
            right.append(rows[two[keep]])
        single, double = np.concatenate(left), np.concatenate(right)
        if not single.size:
            return given, full
        values = key.values
        words, common = self._given_word_rows(), common_given_names()
        found = [(x, y) for x, y in zip(single.tolist(), double.tolist())
                 if part_slip(values[key.codes[x]], values[key.codes[y]].split(" ", 1)[0], words, common, self.n)]
        if not found:
            return given, full
        given, full = given.copy(), full.copy()
        for x, y in found:
            given[x], full[x] = given[y], full[y]
        return given, full

    def _given_lengths(self) -> np.ndarray:
        if "given lengths" not in self._people:
            self._people["given lengths"] = value_lengths(self.keys["given"].values.tolist())
        return self._people["given lengths"]

    def _given_word_rows(self) -> dict[str, int]:
        """Per word of the given names, the rows whose given name holds it (Karl in Karl and in Karl-Erik)."""
        if self._word_rows is None:
            self._word_rows = word_rows(self.keys["given"])
        return self._word_rows

    def people_with_initial(self, name: str) -> np.ndarray:
        """Per row, how many different people whose given name starts with the row's initial hold the row's value
        of key ``name`` (0: none, or no given name): "A. Sørensen" on a mailbox that Anders and Anne share fits
        two, on one that Anders and Karen share only Anders."""
        cache = "initial:" + name
        if cache in self._people:
            return self._people[cache]
        out = np.zeros(self.n, dtype=np.int32)
        codes = self._value_codes(name)
        person = self._person_codes()[0]
        if codes is not None and person is not None:
            key = self.keys["given"]
            letter = np.array([ord(value[0]) if value else -1 for value in key.values], dtype=np.int64)[key.codes]
            letter[key.codes < 0] = -1
            rows = np.flatnonzero((codes >= 0) & (letter >= 0))
            if rows.size:
                group = np.unique(codes[rows] * 65536 + letter[rows], return_inverse=True)[1].ravel()
                counted = rows[person[rows] >= 0]
                width = int(person.max()) + 1
                pairs = np.unique(group[person[rows] >= 0] * width + person[counted])
                out[rows] = np.bincount(pairs // width, minlength=int(group.max()) + 1)[group]
        self._people[cache] = out
        return out

    def name_sounds(self) -> np.ndarray | None:
        """Per row, the code of the given name's sound by which ``people`` tells holders apart (-1: no person named,
        or only an initial); None without given names."""
        return self._person_codes()[0]

    def _value_codes(self, name: str) -> np.ndarray | None:
        """The codes ``people`` counts holders of: a street with its postal code, else the key itself."""
        if name == "street" and "postal" in self.keys:
            return self.combined(name, "postal")
        return self.keys[name].codes if name in self.keys else None

    def _person_codes(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Per row, a code for the given name's sound and one for the whole name's (-1: no person named)."""
        if "given_skel" not in self.keys:
            return None, None
        if "person" not in self._people:
            named = self.named()
            given = self.keys["given_skel"].codes.copy()
            given[~named] = -1
            # an initial (A. Hansen) names no one new: it is one of the people already counted, or nobody
            key = self.keys["given"]
            initial = np.array([len(value) == 1 for value in key.values], dtype=bool)
            given[(key.codes >= 0) & initial[key.codes]] = -1
            full = given.copy()
            if "family_skel" in self.keys:
                family = self.keys["family_skel"]
                full = np.where(given >= 0, given * (len(family.counts) + 1) + family.codes + 1, -1)
            self._people["person"], self._people["full"] = given, full
        return self._people["person"], self._people["full"]

    def _add(self, name: str, strings: Sequence[str] | Factors) -> None:
        key = Key(name, strings, ordered=name in _ORDERED or name.startswith("col"))
        if key.filled:
            self.keys[name] = key

    def __contains__(self, name: str) -> bool:
        return name in self.keys

    def __getitem__(self, name: str) -> Key:
        return self.keys[name]

    def combined(self, *names: str) -> np.ndarray | None:
        """Codes of a key made of several keys (-1 where any part is empty); None if a part is missing."""
        if any(name not in self.keys for name in names):
            return None
        out = np.zeros(self.n, dtype=np.int64)
        empty = np.zeros(self.n, dtype=bool)
        span = 1
        for name in names:
            key = self.keys[name]
            if span * (len(key.counts) + 1) >= 2 ** 62:  # make it dense again before it could overflow
                out = np.unique(out, return_inverse=True)[1].astype(np.int64)
                span = int(out.max()) + 1
            out = out * (len(key.counts) + 1) + key.codes + 1
            span *= len(key.counts) + 1
            empty |= key.codes < 0
        out[empty] = -1
        return out


_COMMON_GIVEN = frozenset(fold(name) for name in lines("given_names.txt"))
_FAMILY_LIST = frozenset(fold(name) for name in FAMILY_NAMES)
