"""A mailbox one person holds is that person's, wherever the rows live and whatever family name they give.

Two rows of one given name (the same, a short form, a slip) on one e-mail address built from that name that no one
else in the register holds are one customer who moved or married, unless something says two people (another birth date, two valid
personal ids, a generation: ``Scorer.apart``). The Fellegi-Sunter weights cannot say so: they count the address
as if any two rows could share it, and a new address, phone and family name then count against the copy one by one
(Lars Andersson on larsandersson39@hotmail.com in Västerås and, as Lasse, on it in Örebro with a new mobile: 72 %).

How often such a mailbox is two people's (a father and the son named after him on one address) is learnt from the
register itself: among the pairs on one such mailbox whose personal ids or birth dates can tell, the share that are
two people, shrunk towards ``DEFAULT_TWO`` as if ``PSEUDO`` pairs had been seen. A pair on it is one person with
probability at least one minus that share (``Scorer._limits``; a floor, as a sign-up's on its holder's mailbox).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from core.dedup.conditions import Initial

if TYPE_CHECKING:
    from core.dedup.match import Scorer

# A mailbox one person holds (by the register's count of holders) is two people's this often where the register
# cannot tell: learnt, shrunk towards this share as if this many pairs had been seen
DEFAULT_TWO = 0.05
PSEUDO = 20


def on_own_mailbox(scorer: Scorer, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Pairs on one e-mail address written alike (the same, or but for dots or case) that no one else holds and that
    is built from one of the two rows' names, whose given names are one name (not only an initial: A. fits anyone of
    the letter) or where one row gives no given name and the family name of the mailbox's holder."""
    rows = {c.name: row for row, c in enumerate(scorer.comparisons)}
    mail, exact = scorer.mailbox_levels()
    if mail is None or not exact or "given" not in rows:
        return np.zeros(levels.shape[1], dtype=bool)
    if "family" not in rows:
        return np.zeros(levels.shape[1], dtype=bool)
    given = scorer.comparisons[rows["given"]]
    one_name = np.array([level.identity and not any(isinstance(c, Initial) for c in level.conditions)
                         for level in given.levels])
    on = np.isin(levels[mail], exact)
    out = on & one_name[levels[rows["given"]]]
    at = np.flatnonzero(out)
    if at.size:
        out[at] = scorer.own_agree(mail, levels[:, at], i[at], j[at])
    # a row without a given name (a form that asked for the family name only) with the family name of the one person
    # who holds the mailbox: Viklund on kerstin.viklund@hotmail.com beside Kerstin Viklund
    family = np.array([level.agrees for level in scorer.comparisons[rows["family"]].levels])[levels[rows["family"]]]
    nameless = np.flatnonzero(on & (levels[rows["given"]] == 0) & family)
    if nameless.size:
        named = np.where(scorer.keys["given"].codes[i[nameless]] >= 0, i[nameless], j[nameless])
        out[nameless] = scorer.keys.people(scorer.comparisons[mail].name)[named] == 1
    # built from one of the two rows' names (larsandersson39@, msundberg4@): a firm's reskontra@ or a family's
    # fhermansson8@ that one name in the register happens to use is no one's own
    code = scorer.keys["email_key"].codes
    for k in np.flatnonzero(out).tolist():
        value = int(code[i[k]])
        out[k] = scorer.named_after_row(value, int(i[k])) or scorer.named_after_row(value, int(j[k]))
    return out


def learn_two(scorer: Scorer, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> float:
    """The share of pairs on one own mailbox that are two people, among those whose personal ids or birth dates can
    tell (both rows hold one): two valid ids or two birth dates beyond a slip against the same id or birth date."""
    on = on_own_mailbox(scorer, levels, i, j)
    seen = two = 0
    for row, comparison in enumerate(scorer.comparisons):
        if comparison.name in ("pid", "dob") and on.any():
            apart = np.array([level.apart for level in comparison.levels])[levels[row]]
            told = on & ((levels[row] == 1) | apart)
            seen += int(told.sum())
            two += int((told & apart).sum())
            on &= ~told  # a pair both an id and a birth date tell counts once
    return float((two + PSEUDO * DEFAULT_TWO) / (seen + PSEUDO))


def floor(scorer: Scorer, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair, the least its probability can be: one minus the learnt share on one own mailbox, else 0."""
    return np.where(on_own_mailbox(scorer, levels, i, j), 1.0 - scorer.own_mailbox_two, 0.0)
