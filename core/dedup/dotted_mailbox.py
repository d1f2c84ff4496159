"""One Gmail mailbox written with and without dots: one customer where the register's copies write it so, two people
where its namesakes do.

Gmail ignores dots in the user name, so kari.hansen@gmail.com and karihansen@gmail.com reach one mailbox
(``keys.email_key``), and a customer who types it one way on one card and the other way on the next is one person.
But a register can hold two people of one name with an address built from it each, one with the dot and one
without: addresses made up by an import or typed from a form by someone who drops dots, or, in a register built by
a program, two namesakes given both spellings. The e-mail's weight cannot tell the two apart: it counts the mailbox
as if any two rows could share it, and with a rare name that is a sure pair between two towns.

The register shows which it holds, on the pairs whose rows both give something more to compare (the phone, the
address, the personal id, the birth date, the organisation number): a copy of one customer agrees on more than the
mailbox as often as the copies on one own mailbox written alike do; two namesakes almost never. Among the pairs of
one name on one own mailbox written alike, a share ``a`` agrees on more; among the T pairs on one mailbox written with
and without dots, A do, so a share q = A / (a T) of them are copies, and of those that agree on nothing more
q (1 - a) / (q (1 - a) + 1 - q) are. A is counted generously (two standard errors more, were every pair a copy) and
q shrunk towards Gmail's own rule (one mailbox, one person) as if ``PSEUDO`` copies agreeing on more had been seen, so
a few pairs show little. That share is the most a pair on the two spellings with nothing more agreeing can be
(``learn``, ``cap``). A register whose copies write the dot both ways learns about 1 and nothing changes; a row with
nothing more to compare (a newsletter sign-up: a name and a mailbox) is never held back by it, and a register with no
two rows on one mailbox written alike (an audience exported from Mailchimp, which keeps an address once) has nothing
to compare with: Gmail's rule stands.

>>> dots_differ("kari.hansen@gmail.com", "karihansen@gmail.com"), dots_differ("kari+news@gmail.com", "kari@gmail.com")
(True, False)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from core.dedup.conditions import Exact

if TYPE_CHECKING:
    from core.dedup.match import Scorer

# Gmail's rule, one mailbox is one person, counted as if this many copies agreeing on more had been seen before the
# register's pairs; the register's agreeing pairs are counted this many standard errors more (were all copies)
PSEUDO = 20
_SE = 2.0
_NO_CAP = 1.0  # a register too small to learn from, or whose copies write the dot both ways
_MORE = ("phone", "address", "pid", "dob", "org")  # what else a copy agrees on


def dots_differ(first: str, second: str) -> bool:
    """Are two addresses of one ``email_key`` written with and without dots (not only another +tag)?"""
    return first.partition("+")[0].split("@")[0] != second.partition("+")[0].split("@")[0]


def _dotted_level(scorer: Scorer) -> tuple[int | None, int | None]:
    """(the e-mail comparison's row, its level of one address apart from dots or case)."""
    row = next((r for r, c in enumerate(scorer.comparisons) if c.name == "email"), None)
    if row is None or "email_key" not in scorer.keys:
        return None, None
    index = next((n for n, level in enumerate(scorer.comparisons[row].levels)
                  if any(isinstance(c, Exact) and c.key == "email_key" for c in level.conditions)), None)
    return row, index


def on_dotted(scorer: Scorer, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Pairs on one Gmail mailbox, one row's address written with dots where the other's has none (or others)."""
    row, index = _dotted_level(scorer)
    out = np.zeros(levels.shape[1], dtype=bool)
    if row is None or index is None:
        return out
    at = np.flatnonzero(levels[row] == index)
    if at.size:
        email = scorer.keys["email"]
        first, second = email.strings(i[at]), email.strings(j[at])
        out[at] = [dots_differ(a, b) for a, b in zip(first.tolist(), second.tolist())]
    return out


def agree_on_more(scorer: Scorer, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(pairs that agree on a phone, a street address, a personal id, a birth date or an organisation number, pairs
    where both rows give one of them: only there can a pair show that it agrees on nothing more)."""
    out = np.zeros(levels.shape[1], dtype=bool)
    both = np.zeros_like(out)
    for row, comparison in enumerate(scorer.comparisons):
        if comparison.name in _MORE:
            # an address agrees at a household's level (same or similar street), not on a postcode or town alone
            agrees = [level.household if comparison.name == "address" else level.agrees for level in comparison.levels]
            out |= np.array(agrees, dtype=bool)[levels[row]]
            both |= levels[row] != 0
    return out, both


def learn(scorer: Scorer, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> float:
    """How often a pair on one Gmail mailbox written with and without dots, agreeing on nothing more, is one person
    (see the module's note); counted on the candidate pairs of one name."""
    row, index = _dotted_level(scorer)
    if row is None or index is None:
        return _NO_CAP
    more, both = agree_on_more(scorer, levels)
    name = scorer.same_name(levels) & both  # a newsletter sign-up with an e-mail only can show nothing
    at = np.flatnonzero(name & (levels[row] == 1))  # a few pairs in a hundred: own mailboxes are read on those only
    alike = at[scorer.own_agree(row, levels[:, at], i[at], j[at])]
    if not len(alike):
        # no two rows on one mailbox written alike: a newsletter tool's export (Mailchimp keeps an address once), so
        # every copy is on another address and the register cannot show what a copy agrees on; Gmail's rule holds
        return _NO_CAP
    a = (int(more[alike].sum()) + 1) / (len(alike) + 2)
    dotted = name & on_dotted(scorer, levels, i, j)
    pairs, agreeing = int(dotted.sum()), int((dotted & more).sum())
    # generously: two standard errors of the count were every pair a copy (a few pairs in a small register show little)
    spread = _SE * np.sqrt(pairs * a * (1.0 - a))
    copies = min(1.0, (agreeing + spread + PSEUDO) / (a * pairs + PSEUDO))
    if copies >= 1.0:
        return _NO_CAP
    alone = copies * (1.0 - a)
    return float(alone / (alone + 1.0 - copies))


def _dotted_alone(scorer: Scorer, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Pairs on one Gmail mailbox written with and without dots whose rows both give something more to compare and
    agree on none of it: the pairs ``cap`` caps and ``held_back`` names."""
    hit = on_dotted(scorer, levels, i, j)
    if hit.any():  # what else agrees is read only when some pair is on the two spellings
        more, both = agree_on_more(scorer, levels)
        hit &= both & ~more
    return hit


def cap(scorer: Scorer, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair, the most its probability can be: the learnt share on one Gmail mailbox written with and without dots
    where nothing more agrees, else 1."""
    out = np.ones(levels.shape[1])
    if scorer.dotted_one >= _NO_CAP:
        return out
    out[_dotted_alone(scorer, levels, i, j)] = scorer.dotted_one
    return out


def held_back(scorer: Scorer, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Pairs that ``cap`` keeps below sure: what the pair's sentence names against it."""
    if scorer.dotted_one >= scorer.config.sure_threshold:
        return np.zeros(levels.shape[1], dtype=bool)
    return _dotted_alone(scorer, levels, i, j)
