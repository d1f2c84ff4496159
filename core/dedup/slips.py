"""Slips of the keyboard in given names: what a typo does to a name and a real name rarely does, and a slip in one
part of a double given name. Read by the comparison levels (``conditions``) and by the count of a value's holders
(``keys.Keys.people``), so that both read one name alike.
"""

from __future__ import annotations

from rapidfuzz import distance

# A spelling the register shows as a slip: the other spelling is carried by at least this many rows, and by this many
# times the slip's rows (a spelling with holders of its own is a name)
SOURCE_ROWS = 3
SOURCE_TIMES = 3


def misspelt(a: str, b: str) -> bool:
    """The two spellings differ as a slip of the keyboard makes them and a name rarely does: two neighbouring
    letters swapped (jonh / john), one letter doubled or undoubled (kiirsten / kirsten, wenchhe / wenche), a Nordic
    letter written out (oeyvind / oyvind: Øyvind), a space added or dropped (madel ine / madeline), also in the middle name after the same first name (per jonh / per john).
    Another letter changed, added or dropped is how real names differ too (Ella / Elle, Tor / Tore), so it is not
    among these.

    >>> misspelt("jonh", "john"), misspelt("kiirsten", "kirsten"), misspelt("madel ine", "madeline")
    (True, True, True)
    >>> misspelt("oeyvind", "oyvind"), misspelt("per jonh", "per john"), misspelt("knut jon", "knut jan")
    (True, True, False)
    >>> misspelt("elle", "ella"), misspelt("tore", "tor"), misspelt("anna", "anna")
    (False, False, False)
    """
    if a == b:
        return False
    if a.replace(" ", "") == b.replace(" ", ""):
        return True
    first, _, rest = a.partition(" ")
    other, _, other_rest = b.partition(" ")
    if rest and other_rest and first == other:  # one first name, a slip in the middle name (Knut Jon / Knut Jan: two)
        return misspelt(rest, other_rest)
    if len(a) == len(b):
        at = [k for k in range(len(a)) if a[k] != b[k]]
        return len(at) == 2 and at[1] == at[0] + 1 and a[at[0]] == b[at[1]] and a[at[1]] == b[at[0]]
    short, long = sorted((a, b), key=len)
    if len(long) != len(short) + 1:
        return False
    k = next((k for k in range(len(short)) if short[k] != long[k]), len(short))  # the added letter
    if long[:k] + long[k + 1:] != short:
        return False
    doubled = (k > 0 and long[k - 1] == long[k]) or (k + 1 < len(long) and long[k + 1] == long[k])
    # Øyvind typed without the Nordic letter is Oeyvind (ø, ö -> oe; æ, ä -> ae; ü -> ue), folded to oyvind beside it
    written_out = long[k] == "e" and k > 0 and long[k - 1] in "aou"
    return doubled or written_out


def part_slip(single: str, part: str, words: dict[str, int], common: frozenset[str] | set[str], n: int) -> bool:
    """``single`` and ``part`` (a double name's first word) are one name but for one slip, read as ``conditions.Slip`` reads a
    whole name, by the rows each word is in: the rarer is rare (``conditions.Rare``) and either a slip of the keyboard's shape
    (Begnt / Bengt) or shown as one beside a word at least three times as many rows hold that the country does not know
    as a name of its own (Kael beside Karl, Hnna beside Hanna). Two names one letter apart (Kari / Karl-Erik, Jan /
    Jon-Erik) stay two."""
    if distance.OSA.distance(single, part, score_cutoff=1) != 1:
        return False
    rare, other = sorted((single, part), key=lambda word: words.get(word, 0))
    low, high = words.get(rare, 0), words.get(other, 0)
    if (single in common and part in common) or not (low <= 3 + n * 2e-6 or low <= 0.02 * high):
        return False
    return (rare not in common and high >= max(SOURCE_ROWS, SOURCE_TIMES * low)) or misspelt(single, part)
