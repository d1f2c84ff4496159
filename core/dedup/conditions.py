"""Conditions: the tests a comparison level is made of, each a small class with its own ``holds``.

As in Splink's comparison-level library (``ExactMatch``, ``JaroWinklerAtThresholds``, ``LevenshteinAtThresholds``
...), every kind of test is one class: ``Exact("email")``, ``JaroWinkler("given", 0.9)``, ``OSA("given", 1)``,
``Rare("given")``. ``holds(scorer, i, j)`` answers it for the pairs of rows ``i``, ``j`` of one register, as a
boolean array. Most conditions only need the two values, so they implement ``holds_values`` on pairs of value
codes of their key (both filled); the base class maps rows to codes and, where values repeat (names, cities),
answers each distinct pair of values once. What a condition needs from the whole register (which names the
country knows, which ids are valid) is computed once per register and kept in ``scorer.cache``.

>>> OSA("given", 1).kind, Exact("email").key
('osa', 'email')
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE
from rapidfuzz import distance, fuzz, process

from core.dedup.keys import FREE_PROVIDERS, Key, common_given_names, nick, spelling, value_lengths, word_rows
from core.dedup.nicknames import FINNISH_FORMS, NICKNAMES, forms
from core.dedup.slips import SOURCE_ROWS, SOURCE_TIMES, misspelt, part_slip
from core.fields._nordic_ids import Bad, dk_personal, fi_personal, no_personal, se_personal

if TYPE_CHECKING:
    from core.dedup.match import Scorer

# The field modules' parsers (one Luhn, one date check, ``today`` passed in: core reads no clock)
_ID_PARSERS = {"SE": se_personal, "NO": no_personal, "DK": dk_personal, "FI": fi_personal}
_DIGITS = str.maketrans("", "", "0123456789")
_REPEATS_SHARE = 0.2  # a key with fewer distinct values than this share of the rows has values that repeat
_REPEATS_PAIRS = 10_000  # ... and is worth answering per distinct pair of values above this many pairs


def valid_personal_id(value: str, country: str, today: datetime.date | None = None) -> bool:
    """A valid personal id of the register's country (a Danish CPR has no check digit: a real date passes)."""
    parse = _ID_PARSERS.get(country.upper())
    if parse is None:
        return False
    try:
        parse(value, today)
    except (Bad, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Condition:
    """One test on a pair of rows: ``key`` is the match key it reads (``threshold``: its limit, if any)."""

    key: str = ""
    threshold: float = 0.0
    kind: ClassVar[str] = ""
    repeats: ClassVar[bool] = False  # answer once per distinct pair of values where values repeat

    def holds(self, scorer: Scorer, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Per pair (rows ``i[n]``, ``j[n]``): does the condition hold? False where either value is missing."""
        result = np.zeros(len(i), dtype=bool)
        if self.key not in scorer.keys:
            return result
        key = scorer.keys[self.key]
        ci, cj = key.codes[i], key.codes[j]
        ok = np.flatnonzero((ci >= 0) & (cj >= 0))
        if not ok.size:
            return result
        a, b = ci[ok], cj[ok]
        if self.repeats and len(key.values) < _REPEATS_SHARE * scorer.keys.n and ok.size > _REPEATS_PAIRS:
            width = len(key.values)
            pairs, back = np.unique(a * width + b, return_inverse=True)
            result[ok] = self.holds_values(scorer, key, pairs // width, pairs % width)[back.ravel()]
            return result
        result[ok] = self.holds_values(scorer, key, a, b)
        return result

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The condition on pairs of value codes ``a``, ``b`` of ``key`` (both filled)."""
        raise NotImplementedError


@dataclass(frozen=True)
class Exact(Condition):
    """The same value."""

    kind: ClassVar[str] = "exact"

    def holds(self, scorer: Scorer, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        if self.key not in scorer.keys:
            return np.zeros(len(i), dtype=bool)
        both, same = _filled_and_same(scorer.keys[self.key], i, j)
        return both & same


@dataclass(frozen=True)
class AgreeOrEmpty(Condition):
    """The same value, or no value on one side (the postal code next to a street)."""

    kind: ClassVar[str] = "agree_or_empty"

    def holds(self, scorer: Scorer, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        if self.key not in scorer.keys:
            return np.ones(len(i), dtype=bool)
        both, same = _filled_and_same(scorer.keys[self.key], i, j)
        return ~both | same


def _filled_and_same(key: Key, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(both rows have a value, the two codes are equal) per pair."""
    ci, cj = key.codes[i], key.codes[j]
    return (ci >= 0) & (cj >= 0), ci == cj


def _per_value(scorer: Scorer, key: Key, what: str, build: Any) -> np.ndarray:
    """``build(values)`` for every value of ``key``, worked out once per register (``scorer.cache``): a pair's test
    then reads two entries instead of working on two strings."""
    if (key.name, what) not in scorer.cache:
        scorer.cache[(key.name, what)] = build(key.values.tolist())
    return scorer.cache[(key.name, what)]


def _lengths(scorer: Scorer, key: Key) -> np.ndarray:
    return _per_value(scorer, key, "length", value_lengths)


def _nicks(scorer: Scorer, key: Key) -> np.ndarray:
    """Per value, the formal form of its first part (``nick``), as an array of strings to compare pair by pair."""
    return _per_value(scorer, key, "nick", lambda values: np.array([nick(v) for v in values], dtype=object))


def _words(scorer: Scorer, key: Key) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per value: (has it two words or more, a number for the whole value, a number for its first word, the rest
    after the first word); equal numbers are equal strings. Worked out once per register."""
    tables = ("double", "whole", "first", "rest")
    if (key.name, "words.rest") not in scorer.cache:
        values = key.values.tolist()
        numbers: dict[str, int] = {}
        parts = [value.split(" ", 1) for value in values]
        for what, table in zip(tables, (
                np.fromiter((len(p) > 1 for p in parts), dtype=bool, count=len(values)),
                np.fromiter((numbers.setdefault(v, len(numbers)) for v in values), dtype=np.int64, count=len(values)),
                np.fromiter((numbers.setdefault(p[0], len(numbers)) for p in parts), dtype=np.int64, count=len(values)),
                np.array([p[1] if len(p) > 1 else "" for p in parts], dtype=object))):
            scorer.cache[(key.name, "words." + what)] = table
    double, whole, first, rest = (scorer.cache[(key.name, "words." + what)] for what in tables)
    return double, whole, first, rest


# Nordic family names made from a given name: Larsen is Lars's son, Poulsen Poul's, Thomsen Thomas's
_PATRONYMIC_ENDINGS = ("sen", "son", "dottir", "dotter", "datter")


def _made_from(given: str, family: str) -> bool:
    """The family name is the given name with a patronymic ending (lars / larsen, kristin / kristiansen); a typo
    of one letter is not (mason / masno)."""
    shorter, longer = sorted((given, family), key=len)
    return longer.endswith(_PATRONYMIC_ENDINGS) and not shorter.endswith(_PATRONYMIC_ENDINGS) and \
        len(longer) - len(shorter) >= 2


@dataclass(frozen=True)
class Swapped(Condition):
    """The first row's ``key`` is like the second row's ``other`` (Jaro-Winkler at ``threshold``, one short form, or
    one slip of a letter: "White Jscob" is Jacob White): "Johansson Mia" is Maria Johansson written the other way
    round. A given name is never like the family name made from it: Lars Johnsen and John Larsen are two names, not
    one written backwards."""

    other: str = ""
    kind: ClassVar[str] = "cross"

    def holds(self, scorer: Scorer, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        result = np.zeros(len(i), dtype=bool)
        if self.key not in scorer.keys or self.other not in scorer.keys:
            return result
        key, other = scorer.keys[self.key], scorer.keys[self.other]
        ci, co = key.codes[i], other.codes[j]
        ok = np.flatnonzero((ci >= 0) & (key.codes[j] >= 0) & (co >= 0))
        if ok.size:
            width = len(other.values)
            pairs, back = np.unique(ci[ok] * width + co[ok], return_inverse=True)
            mine, theirs = pairs // width, pairs % width
            left, right = key.values[mine], other.values[theirs]
            got = process.cpdist(left, right, scorer=distance.JaroWinkler.similarity, score_cutoff=self.threshold)
            slip = process.cpdist(left, right, scorer=distance.OSA.distance, score_cutoff=1, dtype=np.int32) <= 1
            slip &= np.minimum(_lengths(scorer, key)[mine], _lengths(scorer, other)[theirs]) >= 3
            hit = (got >= self.threshold) | slip | (_nicks(scorer, key)[mine] == _nicks(scorer, other)[theirs])
            # a given name and the family name made from it: only where the names are alike at all (a few pairs)
            alike = np.flatnonzero(hit)
            hit[alike] = np.fromiter((not _made_from(x, y) for x, y in zip(left[alike], right[alike])), dtype=bool,
                                     count=len(alike))
            result[ok] = hit[back.ravel()]
        return result


@dataclass(frozen=True)
class _Similarity(Condition):
    """A rapidfuzz similarity at or above ``threshold``."""

    repeats: ClassVar[bool] = True
    function: ClassVar[Any]  # the rapidfuzz scorer, set by each subclass

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        got = process.cpdist(key.values[a], key.values[b], scorer=type(self).function,
                             score_cutoff=self.threshold, dtype=np.float32)
        return got >= self.threshold


@dataclass(frozen=True)
class JaroWinkler(_Similarity):
    kind: ClassVar[str] = "jaro_winkler"
    function: ClassVar[Any] = distance.JaroWinkler.similarity


@dataclass(frozen=True)
class Ratio(_Similarity):
    kind: ClassVar[str] = "ratio"
    function: ClassVar[Any] = fuzz.ratio


@dataclass(frozen=True)
class TokenSort(_Similarity):
    kind: ClassVar[str] = "token_sort"
    function: ClassVar[Any] = fuzz.token_sort_ratio


@dataclass(frozen=True)
class TokenSet(_Similarity):
    kind: ClassVar[str] = "token_set"
    function: ClassVar[Any] = fuzz.token_set_ratio


@dataclass(frozen=True)
class _EditDistance(Condition):
    """At most ``threshold`` edits apart."""

    repeats: ClassVar[bool] = True
    function: ClassVar[Any]  # the rapidfuzz scorer, set by each subclass

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        limit = int(self.threshold)
        got = process.cpdist(key.values[a], key.values[b], scorer=type(self).function, score_cutoff=limit,
                             dtype=np.int32)
        return got <= limit


@dataclass(frozen=True)
class Levenshtein(_EditDistance):
    """Letters added, dropped or changed."""

    kind: ClassVar[str] = "levenshtein"
    function: ClassVar[Any] = distance.Levenshtein.distance


@dataclass(frozen=True)
class OSA(_EditDistance):
    """Letters added, dropped, changed, or two neighbours swapped (Jan / aJn)."""

    kind: ClassVar[str] = "osa"
    function: ClassVar[Any] = distance.OSA.distance


# A national number shorter than this (an extension, a short code) does not tell one subscriber from another
_NATIONAL_MIN = 6
# Country calling codes (ITU E.164, phonenumbers' table): prefix-free, so a number's digits begin with one at most;
# by the first three digits (or fewer, for a shorter key), the code they begin with ("" for none)
_CALLING_CODES = frozenset(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)
_CODE_BY_PREFIX = {prefix: next((prefix[:width] for width in (1, 2, 3) if prefix[:width] in _CALLING_CODES), "")
                   for width in (1, 2, 3) for prefix in map("".join, itertools.product("0123456789", repeat=width))}


def calling_code(digits: str) -> str:
    """The country calling code a phone key (digits with the country code, ``keys.phone_key``) begins with, or ""
    for digits that begin with none (a national number of a plan the register's country does not say).

    >>> calling_code("4535324997"), calling_code("4735324997"), calling_code("358401234567"), calling_code("0701234")
    ('45', '47', '358', '')
    """
    return _CODE_BY_PREFIX.get(digits[:3], "")


def _phone_parts(scorer: Scorer, key: Key) -> tuple[np.ndarray, np.ndarray]:
    """Per phone key: (a number for its calling code, a number for the national number after it; -1 for a national
    number too short to tell one subscriber from another). Equal numbers are equal strings."""
    code = _per_value(scorer, key, "calling_code", lambda values: _numbered([calling_code(v) for v in values]))
    return code, _per_value(scorer, key, "national_number", _national_numbers)


def _national_numbers(values: list[str]) -> np.ndarray:
    nationals = [value[len(calling_code(value)):] for value in values]
    short = np.fromiter((len(number) < _NATIONAL_MIN for number in nationals), dtype=bool, count=len(values))
    return np.where(short, -1, _numbered(nationals))


def _numbered(texts: list[str]) -> np.ndarray:
    """One number per distinct text (equal numbers, equal texts)."""
    seen: dict[str, int] = {}
    return np.fromiter((seen.setdefault(text, len(seen)) for text in texts), dtype=np.int64, count=len(texts))


@dataclass(frozen=True)
class SameNationalNumber(Condition):
    """One national number under two calling codes: a Danish customer's "35 32 49 97" read in a Norwegian register
    as +47 35 32 49 97 beside the copy's "+45 35 32 49 97". Two subscribers in two countries with the same eight or
    more digits are rare beyond chance; one number typed once without its code is common wherever customers come
    from several countries. (Two numbers of one code are the same phone or not: ``Exact``.)"""

    kind: ClassVar[str] = "same_national_number"

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        code, national = _phone_parts(scorer, key)
        return (code[a] != code[b]) & (national[a] >= 0) & (national[a] == national[b])


@dataclass(frozen=True)
class OtherColumn(Condition):
    """One row's number in this column is the other row's in a second column of the kind (Shopify's "Phone" on one
    card, "Default Address Phone" on the next; "Mobil" and "Telefon"), a number held by one person in either column.
    A switchboard or a home's landline typed in either column is held by many and says nothing of who is who."""

    kind: ClassVar[str] = "other_column"

    def holds(self, scorer: Scorer, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        result = np.zeros(len(i), dtype=bool)
        if self.key not in scorer.keys:
            return result
        first, seconds, held = _other_columns(scorer, self.key)
        for second in seconds:
            for a, b in ((i, j), (j, i)):
                value = first[a]
                result |= (value >= 0) & (value == second[b]) & (held[np.maximum(value, 0)] == 1)
        return result


def _other_columns(scorer: Scorer, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(the key's codes per row; per second column of its kind, its codes per row read as the key's values, -1 where
    not among them; per value of the key, how many people hold it in any of these columns), once per register."""
    keys = scorer.keys
    key = keys[name]
    if ("other_columns", name) not in scorer.cache:
        index = {value: code for code, value in enumerate(key.values)}
        seconds = np.full((0, keys.n), -1, dtype=np.int64)
        for other, kind in keys.contact_columns.items():
            if kind == name and other in keys:
                to_first = np.array([index.get(value, -1) for value in keys[other].values] + [-1], dtype=np.int64)
                seconds = np.vstack([seconds, to_first[keys[other].codes]])  # code -1 reads the appended -1
        person = keys.name_sounds()
        held = np.zeros(len(key.values), dtype=np.int64)
        if person is not None:
            codes = np.concatenate([key.codes.astype(np.int64), seconds.ravel()])
            people = np.tile(person.astype(np.int64), 1 + len(seconds))
            both = (codes >= 0) & (people >= 0)
            width = int(people.max()) + 1 if both.any() else 1
            pairs = np.unique(codes[both] * width + people[both])
            held = np.bincount(pairs // width, minlength=len(key.values))
        scorer.cache[("other_columns", name)] = seconds
        scorer.cache[("other_columns_held", name)] = held
    return key.codes, scorer.cache[("other_columns", name)], scorer.cache[("other_columns_held", name)]


@dataclass(frozen=True)
class SameCallingCode(Condition):
    """Two phone numbers of one country: their keys begin with one calling code. A Danish landline typed without its
    +45 in a register read as Norwegian is +47 35 32 49 97 beside the copy's +45 35 32 49 97: two numbers in two
    countries, one digit apart only because the codes are (the number without a code is still read in the register's
    country). Two keys that begin with no known code count as one country, so they compare as before."""

    kind: ClassVar[str] = "same_calling_code"

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        code, _ = _phone_parts(scorer, key)
        return code[a] == code[b]


@dataclass(frozen=True)
class Rare(Condition):
    """One of the two spellings is rare in the register, or rare next to the other (Ana beside a thousand Annas),
    and they are not both names the country knows well (Kåre, Kari are two names however rare they are here)."""

    kind: ClassVar[str] = "rare"

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        low, high = np.minimum(key.counts[a], key.counts[b]), np.maximum(key.counts[a], key.counts[b])
        if (self.key, "known") not in scorer.cache:
            common = common_given_names()
            scorer.cache[(self.key, "known")] = np.array([v in common for v in key.values], dtype=bool)
        known = scorer.cache[(self.key, "known")]
        return ((low <= 3 + scorer.keys.n * 2e-6) | (low <= 0.02 * high)) & ~(known[a] & known[b])


@dataclass(frozen=True)
class Slip(Rare):
    """One spelling is a slip of the other: rare (``Rare``), and either shaped as a slip of the keyboard makes it
    (``misspelt``: Jonh / John, Kiirsten / Kirsten) or shown as one by the register, next to a spelling many rows carry
    and not itself a name the country knows (Tore beside many Tors is Tore). Another letter changed, added or dropped
    in a small register shows nothing: two spellings seen once each (Ella and Elle, twins at one home) are two names."""

    kind: ClassVar[str] = "slip"
    repeats: ClassVar[bool] = True

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        out = super().holds_values(scorer, key, a, b)
        ca, cb = key.counts[a], key.counts[b]
        known = scorer.cache[(self.key, "known")]  # filled by Rare
        # the rarer spelling must not be a known name (neither, when both are seen as often)
        rare_known = np.where(ca < cb, known[a], np.where(cb < ca, known[b], known[a] | known[b]))
        high = np.maximum(ca, cb)
        shown = (high >= SOURCE_ROWS) & (high >= SOURCE_TIMES * np.minimum(ca, cb)) & ~rare_known
        todo = np.flatnonzero(out & ~shown)
        values = key.values
        out[todo] = np.fromiter((misspelt(values[x], values[y]) for x, y in zip(a[todo], b[todo])), dtype=bool,
                                count=len(todo))
        double, _, _, _ = _words(scorer, key)
        todo = todo[~out[todo] & double[a[todo]] & double[b[todo]]]
        if todo.size:  # a double name with one of its names slipped: judged by that name's rows in the register
            words, common = _word_rows(scorer, key), common_given_names()
            out[todo] = np.fromiter((_word_slip(values[x], values[y], words, common) for x, y in zip(a[todo], b[todo])),
                                    dtype=bool, count=len(todo))
        return out


def _meant(scorer: Scorer, key: Key) -> tuple[np.ndarray, np.ndarray]:
    """Per value of the given-name key: (the formal name it is meant as, whether it was read as a slip to get there).

    A one-word spelling the register shows as a slip (``Slip``'s test: rare, no name the country knows, one letter
    added, dropped, changed or two swapped against a spelling at least ``SOURCE_TIMES`` as many rows and
    ``SOURCE_ROWS`` carry) is read as that spelling, then as its nickname's formal form (``nick``): Latrs and Lcsse
    are Lars, as Lasse is; Eaa and vEa are Eva. A slip one letter from two names is read as the one a slip of the
    keyboard makes (``misspelt``: aJn is Jan, not Ann), else as neither (Petr: Per, Peter). Any other value is its own
    formal form."""
    values = key.values.tolist()[:-1]  # the trailing "" is code -1's
    counts = key.counts
    # a double name stays whole (Anna Helena is not Anna: ``FirstPart``'s weak level says what they share)
    meant = np.array([value if " " in value else nick(value) for value in values] + [""], dtype=object)
    slipped = np.zeros(len(values) + 1, dtype=bool)
    high = counts >= SOURCE_ROWS
    # rare as ``Rare`` reads it: seen a few times, or next to a spelling fifty times as common (vEa beside Eva)
    few = 3 + scorer.keys.n * 2e-6
    rare = np.flatnonzero((counts <= few) | (counts * 50 <= (counts.max() if counts.size else 0)))
    common = common_given_names()
    rare = np.array([x for x in rare.tolist() if " " not in values[x] and values[x] not in common], dtype=np.int64)
    sources = np.flatnonzero(high)
    if rare.size and sources.size:
        far = process.cdist([values[x] for x in rare.tolist()], [values[y] for y in sources.tolist()],
                            scorer=distance.OSA.distance, score_cutoff=1, dtype=np.int32, workers=1)
        near = {}
        for row, x in enumerate(rare.tolist()):
            seen = counts[x]
            near[x] = sources[(far[row] <= 1) & (counts[sources] >= SOURCE_TIMES * seen) &
                              ((seen <= few) | (seen * 50 <= counts[sources]))].tolist()
        for x, spellings in near.items():
            # a spelling the register shows as a slip itself (Ea on 12 rows beside 4,000 Evas) is no name to mean
            names = {nick(values[y]) for y in spellings if not near.get(y)}
            if len(names) > 1:  # aJn, a letter from Ann and from Jan: the keyboard's slip (two letters swapped) wins
                names = {nick(values[y]) for y in spellings if not near.get(y) and misspelt(values[x], values[y])}
            if len(names) == 1:  # Petr, a letter from Per and from Peter, could be either: read as neither
                meant[x], slipped[x] = names.pop(), True
    return meant, slipped


@dataclass(frozen=True)
class MeantAlike(Condition):
    """Two spellings meant as one name, at least one of them a slip the register shows (``_meant``): two slips of one
    name (Eaa / vEa, vEa / Evva for Eva), or a slip of a short form beside its full name (Latrs or Lcsse
    beside Lasse and Lars). A spelling many rows carry is a name, never read as another."""

    kind: ClassVar[str] = "meant_alike"
    repeats: ClassVar[bool] = True

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if (key.name, "meant") not in scorer.cache:
            scorer.cache[(key.name, "meant")], scorer.cache[(key.name, "slipped")] = _meant(scorer, key)
        meant, slipped = scorer.cache[(key.name, "meant")], scorer.cache[(key.name, "slipped")]
        return (meant[a] == meant[b]) & (slipped[a] | slipped[b])


def _word_rows(scorer: Scorer, key: Key) -> dict[str, int]:
    """``keys.word_rows`` of ``key``, worked out once per register (``scorer.cache``)."""
    if (key.name, "word_rows") not in scorer.cache:
        scorer.cache[(key.name, "word_rows")] = word_rows(key)  # type: ignore[assignment]
    return scorer.cache[(key.name, "word_rows")]  # type: ignore[return-value]


def _word_slip(a: str, b: str, words: dict[str, int], common: frozenset[str] | set[str]) -> bool:
    """Two double names alike but for one of their names, which the register shows as a slip of the other: Daiel
    Nils beside Daniel Nils, Filip Huvgo beside Filip Hugo. Daiel is rare and no name the country knows, Daniel
    carried by many rows (as ``Slip`` reads a whole name). Anna Maria / Anna Marie: two names, Marie is known."""
    left, right = a.split(), b.split()
    differ = [(x, y) for x, y in zip(left, right) if x != y]
    if len(left) != len(right) or len(differ) != 1:
        return False
    rare, other = sorted(differ[0], key=lambda word: words.get(word, 0))
    seen = words.get(rare, 0)
    return rare not in common and words.get(other, 0) >= max(SOURCE_ROWS, SOURCE_TIMES * seen)


@dataclass(frozen=True)
class Initial(Condition):
    """One side is a single letter and the other starts with it (A. / Anders)."""

    kind: ClassVar[str] = "initial"
    repeats: ClassVar[bool] = False  # per-value tables: cheaper than finding the distinct pairs

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if (self.key, "initial") not in scorer.cache:
            scorer.cache[(self.key, "initial")] = np.array([ord(v[0]) if v else 0 for v in key.values])
            scorer.cache[(self.key, "single")] = np.array([len(v) == 1 for v in key.values])
        first, single = scorer.cache[(self.key, "initial")], scorer.cache[(self.key, "single")]
        return (first[a] == first[b]) & (single[a] | single[b])


def _first_part(a: str, b: str) -> bool:
    if (" " in a) == (" " in b):
        return False
    single, double = (a, b) if " " not in a else (b, a)
    return double.split(" ", 1)[0] == single


@dataclass(frozen=True)
class FirstPart(Condition):
    """One name is a single word and the first word of the other (lars / lars thomas), or that word with one slip
    the register would read as a slip of a single name (bebgt / bengt ake, kael / karl erik: ``slips.part_slip``)."""

    kind: ClassVar[str] = "first_part"
    repeats: ClassVar[bool] = False  # per-value tables: cheaper than finding the distinct pairs

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        # _first_part on every pair, read from each value's words (worked out once per value)
        double, whole, first, _ = _words(scorer, key)
        one_double = double[a] != double[b]
        out = one_double & np.where(double[a], first[a] == whole[b], first[b] == whole[a])
        # the slips: only pairs whose single name and first word are at most one letter apart in length
        todo = np.flatnonzero(one_double & ~out)
        single, other = np.where(double[a[todo]], b[todo], a[todo]), np.where(double[a[todo]], a[todo], b[todo])
        first_length = _per_value(scorer, key, "first length", lambda values: np.fromiter(
            (len(v.split(" ", 1)[0]) for v in values), dtype=np.int64, count=len(values)))
        near = np.abs(_lengths(scorer, key)[single] - first_length[other]) <= 1
        todo, single, other = todo[near], single[near], other[near]
        if todo.size:
            firsts = _per_value(scorer, key, "first word", lambda values: np.array([v.split(" ", 1)[0] for v in values]))
            slipped = process.cpdist(key.values[single], firsts[other], scorer=distance.OSA.distance, score_cutoff=2,
                                     dtype=np.int32) == 1
            todo, single, other = todo[slipped], single[slipped], other[slipped]
            values, words, common = key.values, _word_rows(scorer, key), common_given_names()
            out[todo] = np.fromiter((part_slip(values[x], firsts[y], words, common, scorer.keys.n)
                                     for x, y in zip(single, other)), dtype=bool, count=len(todo))
        return out


@dataclass(frozen=True)
class FinnishForm(Condition):
    """The two given names are one name only as a Swedish name and its Finnish form (Mikael / Mikko, Johan / Hannu):
    their first words differ and one of them is a Finnish form (``nicknames.FINNISH_FORMS``)."""

    kind: ClassVar[str] = "finnish_form"
    repeats: ClassVar[bool] = False

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        first = _per_value(scorer, key, "first word", lambda values: np.array([v.split(" ", 1)[0] for v in values]))
        form = _per_value(scorer, key, "finnish form", lambda values: np.fromiter(
            (v.split(" ", 1)[0] in FINNISH_FORMS for v in values), dtype=bool, count=len(values)))
        return (first[a] != first[b]) & (form[a] | form[b])


# a short form is a name of its own where the register carries it on at least this share of the rows its full name is
# on (Karin beside Katarina, Kerstin beside Kristina): a short form only a few rows carry (Lasse beside Lars, 1 %) is
# how those people write the full name
_OWN_NAME_SHARE = 1 / 3
_OWN_NAME_MIN = 5  # ... and on at least this many rows: a small register shows nothing


def _spelt_alike(a: str, b: str) -> bool:
    """One name spelt two ways: at most one letter apart once written as they sound (Thomas / Tomas, Elisabeth /
    Elisabet, Sofie / Sofia)."""
    return distance.OSA.distance(spelling(a), spelling(b), score_cutoff=2) <= 1


def _names_of_their_own(key: Key) -> np.ndarray:
    """Per value of the given-name key: is its first word a short form that is a name of its own here? A name the
    country knows (``common_given_names``), not its full name spelt another way, that the register carries on at
    least ``_OWN_NAME_SHARE`` of the rows its full name (in any of its spellings) is on."""
    firsts = [value.split(" ", 1)[0] for value in key.values.tolist()]
    rows: dict[str, int] = {}
    for first, count in zip(firsts, key.counts.tolist()):
        rows[first] = rows.get(first, 0) + count
    spellings: dict[str, int] = {}  # the full name's rows, however it is spelt (Elisabeth, Elisabet)
    for first, count in rows.items():
        full = NICKNAMES.get(first, first)
        if first == full or _spelt_alike(first, full):
            spellings[full] = spellings.get(full, 0) + count
    common = common_given_names()
    own = {short for short, full in NICKNAMES.items()
           if short in rows and short in common and not _spelt_alike(short, full) and
           rows[short] >= max(_OWN_NAME_MIN, _OWN_NAME_SHARE * spellings.get(full, 0))}
    return np.fromiter((first in own for first in firsts), dtype=bool, count=len(firsts))


@dataclass(frozen=True)
class OwnNameForm(Condition):
    """The two given names are one name only through a short form that is also a name of its own here (Karin /
    Katarina, Kerstin / Kristina, Lena / Helena: ``_names_of_their_own``): their first words are more than one letter
    apart once written as they sound (not Thomas / Tomas or Sofie / Sofia, one name spelt two ways), and one of them
    is such a form."""

    kind: ClassVar[str] = "own_name_form"
    repeats: ClassVar[bool] = False

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        first = _per_value(scorer, key, "first word", lambda values: np.array([v.split(" ", 1)[0] for v in values]))
        own = _per_value(scorer, key, "name of its own", lambda values: _names_of_their_own(key))
        out = (first[a] != first[b]) & (own[a] | own[b])
        at = np.flatnonzero(out)
        out[at] = [not _spelt_alike(first[x], first[y]) for x, y in zip(a[at], b[at])]
        return out


def _forms(values: list[str]) -> np.ndarray:
    """Per value, numbers for the formal names its first word is a form of (``nicknames.forms``), -1 where it has
    fewer: equal numbers are one formal name."""
    numbers: dict[str, int] = {}
    listed = [forms(value.split(" ", 1)[0]) for value in values]
    table = np.full((len(values), max(map(len, listed), default=1)), -1, dtype=np.int64)
    for row, names in enumerate(listed):
        table[row, :len(names)] = [numbers.setdefault(name, len(numbers)) for name in names]
    return table


@dataclass(frozen=True)
class Nickname(Condition):
    """The first given names are one formal name: Kalle / Karl, Lasse / Lars, Mikko / Mikael; a short form of two
    names is a form of both (Jocke / Joakim, Jocke / Johan), though the two names are not one (Joakim / Johan)."""

    kind: ClassVar[str] = "nickname"
    repeats: ClassVar[bool] = False  # per-value tables: cheaper than finding the distinct pairs

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        table = _per_value(scorer, key, "forms", _forms)
        first = _per_value(scorer, key, "forms.first", lambda _: np.ascontiguousarray(table[:, 0]))
        out = first[a] == first[b]
        if table.shape[1] > 1:  # the few pairs where a short form of two names takes part
            more = _per_value(scorer, key, "forms.more", lambda _: table[:, 1] >= 0)
            two = np.flatnonzero(more[a] | more[b])
            left, right = table[a[two]], table[b[two]]
            for x in range(table.shape[1]):
                for y in range(table.shape[1]):
                    out[two] |= (left[:, x] >= 0) & (left[:, x] == right[:, y])
        return out


def _middle_differs(a: str, b: str) -> bool:
    if " " not in a or " " not in b:
        return False
    return distance.OSA.distance(a.split(" ", 1)[1], b.split(" ", 1)[1], score_cutoff=2) > 1


@dataclass(frozen=True)
class MiddleDiffers(Condition):
    """Both names have a middle (or second) name and those differ by more than a slip (anna maria / anna karin)."""

    kind: ClassVar[str] = "middle_differs"

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        # _middle_differs on every pair: only pairs of two names of two words or more, their rests compared at once
        double, _, _, rest = _words(scorer, key)
        out = np.zeros(len(a), dtype=bool)
        both = np.flatnonzero(double[a] & double[b])
        if both.size:
            out[both] = process.cpdist(rest[a[both]], rest[b[both]], scorer=distance.OSA.distance, score_cutoff=2,
                                       dtype=np.int32) > 1
        return out


@dataclass(frozen=True)
class NotTwoDoubles(Condition):
    """Not two different double names (Anna-Camilla and Anna-Malin are sisters, not one person)."""

    kind: ClassVar[str] = "not_two_doubles"
    repeats: ClassVar[bool] = False  # per-value tables: cheaper than finding the distinct pairs

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        double = _words(scorer, key)[0]
        return ~double[a] | ~double[b] | (a == b)


@dataclass(frozen=True)
class NumberedApart(Condition):
    """Two addresses at a company's own domain that differ only in a number (kari.olsen@ / kari.olsen2@)."""

    kind: ClassVar[str] = "numbered_apart"
    repeats: ClassVar[bool] = False  # per-value tables: cheaper than finding the distinct pairs

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if (self.key, "stem") not in scorer.cache:
            stems: dict[str, int] = {}
            out = np.full(len(key.values), -1, dtype=np.int64)
            for code, value in enumerate(key.values.tolist()):
                user, _, domain = value.rpartition("@")
                if domain and domain not in FREE_PROVIDERS and (bare := user.translate(_DIGITS)):
                    out[code] = stems.setdefault(bare + "@" + domain, len(stems))
            scorer.cache[(self.key, "stem")] = out
        stem = scorer.cache[(self.key, "stem")]
        return (stem[a] >= 0) & (stem[a] == stem[b]) & (a != b)


@dataclass(frozen=True)
class DayMonthSwap(Condition):
    """One date is the other with day and month swapped (800307 / 800703; birth dates are keyed year, month, day)."""

    kind: ClassVar[str] = "day_month_swap"

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if (self.key, "swap") not in scorer.cache:
            index = {v: code for code, v in enumerate(key.values) if v}
            scorer.cache[(self.key, "swap")] = np.array(
                [index.get(swap_day_month(v), -2) for v in key.values])
        return scorer.cache[(self.key, "swap")][a] == b


def swap_day_month(value: str) -> str:
    """YYMMDD (or YYYYMMDD) with day and month swapped; "" when they are equal or the value is no such date."""
    year = len(value) - 4
    if len(value) not in (6, 8) or value[year:year + 2] == value[year + 2:]:
        return ""
    return value[:year] + value[year + 2:] + value[year:year + 2]


@dataclass(frozen=True)
class BothValidIds(Condition):
    """Two different personal ids, both valid in the register's country: two people."""

    kind: ClassVar[str] = "both_valid_id"

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        # 1 valid, 0 not, -1 not yet known: checked lazily, since only conflicting ids need it
        if (self.key, "valid") not in scorer.cache:
            scorer.cache[(self.key, "valid")] = np.full(len(key.values), -1, dtype=np.int8)
        valid = scorer.cache[(self.key, "valid")]
        country, today = scorer.config.country, scorer.config.today
        codes = np.union1d(a, b)
        for code in codes[valid[codes] < 0]:
            valid[code] = 1 if valid_personal_id(key.values[code], country, today) else 0
        return (a != b) & (valid[a] == 1) & (valid[b] == 1)


# where initials sit in a user name built from a name (fholm@ for the family's mailbox, kholm@ for Karin's): a
# difference there tells two mailboxes apart, not a slip
_INITIALS = 2
_SLIP_MIN_USER = 5


@dataclass(frozen=True)
class MailboxSlip(Condition):
    """One mailbox typed with a slip: the same domain, and user names one letter apart (a letter changed, added,
    dropped, or two swapped: swallin@ / swalli@, filippersson@ / filipperssoö@), not a digit or a dot (kari.olsen2@,
    anna.berg@ / annaberg@ are other mailboxes at most providers) and not among the first letters, where an initial
    tells a family's mailbox from a person's (fholm@ / kholm@).

    >>> _mailbox_slip("swallin@hotmail.com", "swalli@hotmail.com"), _mailbox_slip("fholm@gmail.com", "kholm@gmail.com")
    (True, False)
    >>> _mailbox_slip("lars.berg2@telia.com", "lars.berg@telia.com"), _mailbox_slip("anna.berg@x.se", "annaberg@x.se")
    (False, False)
    """

    kind: ClassVar[str] = "mailbox_slip"
    repeats: ClassVar[bool] = False  # per-value tables: cheaper than finding the distinct pairs

    def holds_values(self, scorer: Scorer, key: Key, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if (self.key, "domain") not in scorer.cache:  # per value: its domain's code and its user name's length
            domains: dict[str, int] = {}
            parts = [value.rpartition("@") for value in key.values]
            scorer.cache[(self.key, "domain")] = np.array([domains.setdefault(d, len(domains)) if at else -1
                                                           for _, at, d in parts], dtype=np.int64)
            scorer.cache[(self.key, "user")] = np.array([len(user) for user, _, _ in parts], dtype=np.int64)
            scorer.cache[(self.key, "user_name")] = np.array([user for user, _, _ in parts], dtype=object)
        domain, user = scorer.cache[(self.key, "domain")], scorer.cache[(self.key, "user")]
        out = np.zeros(len(a), dtype=bool)
        # only what could be one slip apart reaches the letter-by-letter test: one domain, user names near in length
        # and one edit apart (all at once)
        near = np.flatnonzero((domain[a] >= 0) & (domain[a] == domain[b]) & (np.abs(user[a] - user[b]) <= 1) &
                              (np.minimum(user[a], user[b]) >= _SLIP_MIN_USER) & (a != b))
        names = scorer.cache[(self.key, "user_name")]
        near = near[process.cpdist(names[a[near]], names[b[near]], scorer=distance.OSA.distance, score_cutoff=1,
                                   dtype=np.int32) == 1] if near.size else near
        values = key.values
        out[near] = np.fromiter((_mailbox_slip(values[x], values[y]) for x, y in zip(a[near], b[near])), dtype=bool,
                                count=len(near))
        return out


def _mailbox_slip(a: str, b: str) -> bool:
    user_a, at_a, domain_a = a.rpartition("@")
    user_b, at_b, domain_b = b.rpartition("@")
    if not (at_a and at_b) or domain_a != domain_b or user_a == user_b or \
            min(len(user_a), len(user_b)) < _SLIP_MIN_USER or distance.OSA.distance(user_a, user_b) != 1:
        return False
    start = next((k for k, (x, y) in enumerate(zip(user_a, user_b)) if x != y), min(len(user_a), len(user_b)))
    if start < _INITIALS:
        return False
    if len(user_a) == len(user_b):  # changed, or two neighbours swapped: every differing character a letter
        return all(x.isalpha() and y.isalpha() for x, y in zip(user_a, user_b) if x != y)
    longer = max(user_a, user_b, key=len)
    return longer[start].isalpha()  # the letter added (or dropped from the other)
