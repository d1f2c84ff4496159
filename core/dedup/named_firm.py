"""A firm named after the family, at two addresses: the family name agreeing again, not one customer's firm.

Tmi Anna Mäkinen, Karlssons Lantbruk, Bröderna Nilsson AB: a firm named after its owner's family is as common as
the family name, and two people of one name may each run one of that name in another town (i10w: one company name
under two organisation numbers is two firms). Where the company names of two rows of one whole name agree and
hold the rows' family name, the rows are at two addresses in two postcode areas (each gives a street and a
postcode), no organisation number is the same and nothing of their own agrees (an e-mail or phone no one else
holds, a personal id, a birth date), the pair is never sure: the firm's name says what the family name already
said. A customer who moved her firm keeps her mobile, mailbox or org number (bureau 50k, tuning seeds 42-44:
nine such sure pairs, none one customer; the B2B, Danish and SE/FI registers hold none).

>>> named_after("karlssons lantbruk", "karlsson"), named_after("tmi anna makinen", "makinen")
(True, True)
>>> named_after("botnia tandvard ab", "hamkvist"), named_after("lvi keski-kallioluoma ja pojat", "keski-kallioluoma")
(False, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from core.dedup.match import Scorer


def named_after(company: str, family: str) -> bool:
    """Does a (folded) company name hold the (folded) family name, or its genitive (Karlssons), as a word of its own?
    A word that only begins with it is another name (Bergman Bygg is not named after Berg).

    >>> named_after("karlssons lantbruk", "karlsson"), named_after("bergman bygg ab", "berg")
    (True, False)
    """
    words = set(company.replace("-", " ").split())
    names = [name for name in family.replace("-", " ").split() if len(name) >= 3]
    return bool(names) and all(bool(words & {name, name + "s", name + "'s"}) for name in names)


def _two_places(scorer: Scorer, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Pairs whose rows each give a street and a postcode, the postcodes two."""
    if "street" not in scorer.keys or "postal" not in scorer.keys:
        return np.zeros(len(i), dtype=bool)
    street, postal = scorer.keys["street"].codes, scorer.keys["postal"].codes
    return (street[i] >= 0) & (street[j] >= 0) & (postal[i] >= 0) & (postal[j] >= 0) & (postal[i] != postal[j])


def held_back(scorer: Scorer, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Pairs of one whole name on a firm named after their family at two addresses, nothing else of theirs agreeing
    (see the module's note): never sure."""
    rows = {c.name: row for row, c in enumerate(scorer.comparisons)}
    out = np.zeros(levels.shape[1], dtype=bool)
    if not {"company", "given", "family"} <= set(rows):
        return out
    company = scorer.comparisons[rows["company"]]
    out = np.array([level.agrees for level in company.levels])[levels[rows["company"]]]
    out &= (levels[rows["given"]] == 1) & (levels[rows["family"]] == 1)
    if not out.any():
        return out
    if "org" in rows:
        out &= levels[rows["org"]] != 1
    for name in ("pid", "dob"):
        if name in rows:
            out &= ~np.array([level.agrees for level in scorer.comparisons[rows[name]].levels])[levels[rows[name]]]
    for name in ("email", "phone"):
        if name in rows and out.any():
            out &= ~scorer.own_agree(rows[name], levels, i, j)
    out &= _two_places(scorer, i, j)
    firm, family = scorer.keys["company"], scorer.keys["family"]
    for k in np.flatnonzero(out).tolist():
        out[k] = named_after(str(firm.values[firm.codes[i[k]]]), str(family.values[family.codes[i[k]]]))
    return out


def family_firm(scorer: Scorer, i: np.ndarray) -> np.ndarray:
    """Per row ``i``: is its company named after its family (Pedersen Frisør, Karlssons Lantbruk for a Pedersen, a
    Karlsson), where a father and the son named after him work together? Not a firm named after the person, given
    name and all (Tmi Anna Mäkinen: one woman's own firm)."""
    out = np.zeros(len(i), dtype=bool)
    if not {"company", "family", "given"} <= set(scorer.keys.keys):
        return out
    firm, family, given = scorer.keys["company"], scorer.keys["family"], scorer.keys["given"]
    for k in np.flatnonzero((firm.codes[i] >= 0) & (family.codes[i] >= 0)).tolist():
        name = str(firm.values[firm.codes[i[k]]])
        own = given.codes[i[k]] >= 0 and named_after(name, str(given.values[given.codes[i[k]]]).split(" ")[0])
        out[k] = named_after(name, str(family.values[family.codes[i[k]]])) and not own
    return out
