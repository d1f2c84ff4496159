"""Scoring: the level of every candidate pair per comparison, the weights, one match probability.

The weights follow Fellegi-Sunter as Splink trains them: ``u`` (how often a
level happens between two random rows) is counted on random pairs of the
register, or read from the value's frequency for exact matches (a shared
info@ address says less than a rare one); ``m`` (how often it happens between
two rows of one customer) is learnt by EM over the candidate pairs with ``u``
fixed, kept within a plausible range of its default. The prior (how likely two
random rows are one customer) is learnt with ``m``. Registers smaller than
``learn_min_rows`` use the defaults in ``comparisons.py``.

Correlated evidence is not added up: e-mail, phone, address and family name
(the ``contact`` group, which a household shares) count their strongest
agreement once (all of them when the given names agree) and its strongest
disagreement once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
from rapidfuzz import distance

from core.dedup import dotted_mailbox, named_firm, own_mailbox
from core.dedup.comparisons import Comparison
from core.dedup.conditions import (
    OSA,
    Exact,
    FinnishForm,
    FirstPart,
    Initial,
    Nickname,
    OwnNameForm,
    swap_day_month,
    valid_personal_id,
)
from core.dedup.keys import FREE_PROVIDERS, ROLE_LOCAL_PARTS, Keys, birth_key, common_given_names, fold, is_mobile
from core.dedup.models import DedupConfig

_MAX_WEIGHT = 30.0  # bits; one field never decides alone against everything else
_VETO_WEIGHT = -80.0
_SAMPLE_PAIRS = 200_000
_SMALL_REGISTER_ROWS = 10_000  # the prior of a small register is that of a register this size
_CHUNK = 1_000_000
# share of pairs of different people in one household with the same given name (learnt when personal ids allow)
_HOUSEHOLD_GIVEN = 0.01
_HOUSEHOLD_PSEUDO = 1000
_HOUSEHOLD_PEOPLE = 6  # a contact detail held by more people than a household has is an office's
# How often one person's copies at one place (nobody moved) hold another own e-mail or phone is learnt from the
# register; this many pairs at the default (the else level's m) are added, so a small register stays near it
_OWN_CHANGE_PSEUDO = 10
_OWN_CHANGE_MIN = 0.005
# How often a row at a company has no own e-mail (phone) where its pair has one, among one person's copies (m) and
# among two colleagues (u), each shrunk towards one half as if this many pairs had been seen
_LONE_PSEUDO = 10
# Values a company or household shares (comparison name -> key whose holders are counted): see Keys.people
_SHARED = {"email": "email", "phone": "phone", "address": "street", "company": "company", "org": "org"}
# Two people of one name at one place (a father and the son named after him, two colleagues called Mats) per copy of
# one person there, among pairs with nothing personal agreeing: learnt from the register (``_namesakes_at_place``),
# shrunk towards these defaults as if this many copies had been seen. Where only the given name agrees (the family
# names differ: a marriage, or two colleagues of one given name) two people are far more common.
_NAMESAKES_AT_PLACE = {"whole": 0.05, "given": 0.5}
_NAMESAKES_PSEUDO = 20
# The same where only one kind of own detail differs because the other kind is not held by both rows ("whole
# email": own e-mails differ, one row has no own phone or both the home's): counted on those pairs themselves, as
# two people tend to hold both kinds and a copy that lost one does not; until learnt, the kind's rate above
_ONE_DETAIL = tuple(f"{kind}_{name}" for kind in _NAMESAKES_AT_PLACE for name in ("email", "phone"))
_ONE_DETAIL_SE = 2.0
# Two rows with only a company each: the same org number is one company; a different one is two
_COMPANY_SAME_ORG = 0.99
# A mailbox built from one person's name (anna.berg84@, aberg@) is two people's (a couple's, a son's) this often:
# learnt from the register's pairs on such mailboxes, shrunk towards the default as if this many had been seen; at
# most this many pairs are read for it
_MAILBOX_SHARED = 0.05
_MAILBOX_PSEUDO = 20
_MAILBOX_SAMPLE = 2000
_NOT_LETTER = re.compile(r"[^a-z]+")


def _default_namesakes() -> dict[str, float]:
    """The namesake rates before any are learnt: each kind's default, and for one kind of own detail its kind's. A new
    dict each time, as a scorer updates its own (``parts``)."""
    return {**_NAMESAKES_AT_PLACE, **{key: _NAMESAKES_AT_PLACE[key.split("_")[0]] for key in _ONE_DETAIL}}


def named_after(user: str, given: str, family: str, other_names: frozenset[str] | set[str]) -> bool:
    """Is an e-mail user name one person's, built from that person's name: a given name whole (anna.berg84,
    bergsanna, kari.l) or its initial on the family name (aberg, berg.a), with no other given name in what is left
    (annaochper, henrikoganders: a couple's)? ``other_names``: given names (folded) to look for in the rest.

    >>> named_after("per.nilsson1969", "per", "nilsson", {"anna", "odd"})
    True
    >>> named_after("s.kvamerud", "sofie", "kvamerud", set()), named_after("post.berg", "elisabeth", "berg", set())
    (True, False)
    >>> named_after("ingerogodd", "inger", "odegaard", {"odd"}), named_after("bo.ek", "bo", "ek", set())
    (False, False)
    """
    letters = _NOT_LETTER.sub("", fold(user))
    family_words = [w for w in (_NOT_LETTER.sub("", part) for part in family.split()) if w]
    given_words = [w for w in (_NOT_LETTER.sub("", part) for part in given.split()) if len(w) >= 3]
    rest = None
    for word in given_words:
        if word in letters:
            rest = letters.replace(word, " ", 1)
            break
    if rest is None:  # no given name whole: its initial on the family name, or nothing of the name
        initial, whole = given[:1], "".join(family_words)
        return bool(initial) and len(whole) >= 3 and letters in (initial + whole, whole + initial)
    for word in family_words:
        rest = rest.replace(word, " ")
    pieces = [piece for piece in rest.split() if len(piece) >= 3]
    own = set(given_words)
    return not any(piece[a:b] in other_names and piece[a:b] not in own
                   for piece in pieces for a in range(len(piece) - 2) for b in range(a + 3, len(piece) + 1))


def _at_level(levels: np.ndarray, index: int) -> np.ndarray:
    return np.flatnonzero(levels == index)


def _at_levels(levels: np.ndarray, indices: list[int]) -> np.ndarray:
    return np.flatnonzero(np.isin(levels, indices)) if indices else np.empty(0, dtype=np.int64)


def _over_one(counts: np.ndarray) -> np.ndarray:
    return np.flatnonzero(counts > 1)


class Scorer:
    """Levels, weights and probabilities for pairs of rows of one register."""

    def __init__(self, keys: Keys, comparisons: list[Comparison], config: DedupConfig) -> None:
        self.keys = keys
        self.comparisons = comparisons
        self.config = config
        self.cache: dict[tuple[str, str], np.ndarray] = {}  # what conditions learn once per register
        self.m = [np.array([level.m for level in c.levels]) for c in comparisons]
        self.u = [np.array([level.u for level in c.levels]) for c in comparisons]
        n = max(keys.n, _SMALL_REGISTER_ROWS)
        self.prior = config.duplicate_rate * n / (n * (n - 1) / 2)
        self.learnt = False
        self.household_given = _HOUSEHOLD_GIVEN
        # comparison ("email", "phone") -> share of one person's copies at one place whose own values differ
        self.own_changes: dict[str, float] = {}
        # comparison ("email", "phone") -> (m, u): at one company, one row without an own value where the other has one
        self.own_missing: dict[str, tuple[float, float]] = {}
        # "whole" (given and family name agree) / "given" (the given name only) -> two people of that name at one
        # place per copy of one person there
        self.namesakes: dict[str, float] = _default_namesakes()
        # how often a mailbox built from one person's name is two people's (see ``_signed_up``)
        self.mailbox_shared = _MAILBOX_SHARED
        # how often a mailbox one person holds is two people's, two rows of one given name on it (``own_mailbox``)
        self.own_mailbox_two = own_mailbox.DEFAULT_TWO
        # how often two rows on one Gmail mailbox written with and without dots, nothing more agreeing, are one person
        self.dotted_one = 1.0
        self._given_words: frozenset[str] | None = None
        self._named_memo: dict[tuple[int, int], bool] = {}  # (email_key value, row) -> built from the row's name?
        self._signups: bool | None = None  # does a row without a family name or company hold an e-mail?
        # rows of the whole register per row of this one: a part of a register scored on its own
        # (core.dedup.parts) holds all rows of a value it was cut for, but only its share of the filled rows
        self.register_scale = 1.0
        # while EM scores one set of pairs again and again (only m and the prior change): what the scoring works out
        # from their levels alone, by name (``_from_levels``)
        self._same_pairs: dict[str, np.ndarray] | None = None

    # -- levels -----------------------------------------------------------------------------------------
    def levels(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Level index per comparison (rows) and pair (columns)."""
        out = np.empty((len(self.comparisons), len(i)), dtype=np.int8)
        for start in range(0, len(i), _CHUNK):
            a, b = i[start:start + _CHUNK], j[start:start + _CHUNK]
            for row, comparison in enumerate(self.comparisons):
                out[row, start:start + len(a)] = self._levels_of(comparison, a, b)
        return out

    def _levels_of(self, comparison: Comparison, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        lev = np.full(len(i), -1, dtype=np.int8)
        null = np.ones(len(i), dtype=bool)
        for name in comparison.keys:
            codes = self.keys[name].codes
            null &= (codes[i] < 0) | (codes[j] < 0)
        lev[null] = 0
        last = len(comparison.levels) - 1
        across = any(level.across_columns for level in comparison.levels)
        for index, level in enumerate(comparison.levels[1:last], start=1):
            todo = np.flatnonzero((lev < 0) | (lev == 0)) if level.across_columns else np.flatnonzero(lev < 0)
            if not todo.size:
                if across:
                    continue
                break
            for condition in level.conditions:
                todo = todo[condition.holds(self, i[todo], j[todo])]
                if not todo.size:
                    break
            lev[todo] = index
        lev[lev < 0] = last
        return lev

    # -- weights ----------------------------------------------------------------------------------------
    def _from_levels(self, name: str, compute: Callable[..., np.ndarray], *args: Any) -> np.ndarray:
        """``compute(*args)``: a result that depends on the pairs and their levels only, never on m, u or the prior.
        While EM scores the same pairs again and again (``_learn_m``) it is worked out once, kept under ``name``."""
        if self._same_pairs is None:
            return compute(*args)
        if name not in self._same_pairs:
            self._same_pairs[name] = compute(*args)
        return self._same_pairs[name]

    def _level_weights(self) -> list[np.ndarray]:
        out = []
        for comparison, m, u in zip(self.comparisons, self.m, self.u):
            w = np.log2(np.maximum(m, 1e-12) / np.maximum(u, 1e-12))
            w[0] = 0.0
            for index, level in enumerate(comparison.levels):
                if level.veto:
                    w[index] = _VETO_WEIGHT
            out.append(np.clip(w, _VETO_WEIGHT, _MAX_WEIGHT))
        return out

    def field_weights(self, i: np.ndarray, j: np.ndarray, levels: np.ndarray,
                      shared: np.ndarray | None = None) -> np.ndarray:
        """Weight in bits per comparison and pair, with term frequencies on exact matches.

        ``shared``: ``self.holders(i, j, levels)`` when the caller has it already.
        """
        table = self._level_weights()
        out = np.empty(levels.shape, dtype=np.float64)
        if shared is None:
            shared = self.holders(i, j, levels)
        contact = self._from_levels("contact", self._contact_agrees, levels, shared)
        for row, comparison in enumerate(self.comparisons):
            out[row] = table[row][levels[row]]
            for index, level in enumerate(comparison.levels):
                if level.tf and level.tf in self.keys:
                    hit = self._from_levels(f"{row}.{index}", _at_level, levels[row], index)
                    if hit.size:
                        out[row, hit] = self._tf_weight(row, index, i[hit])
            if comparison.name in ("email", "phone") and _SHARED[comparison.name] in self.keys:
                # a personal address against a role address (or a direct line against the switchboard) is two
                # ways to reach one company, not evidence of two people
                role = self._from_levels(f"{row}.role", self._role_rows, row, levels, i, j)
                out[row, role] = 0.0
                if comparison.name in self.own_changes:
                    # two own values where nobody moved: as telling as the register says its copies keep them
                    changed = self._from_levels(f"{row}.changed", self._changed_in_place, row, levels, i, j)
                    out[row, changed] = float(np.log2(self.own_changes[comparison.name]))
            # a shared value's weight falls with the number of different people holding it, not with the
            # number of rows (one person registered three times holds a personal address)
            hit = self._from_levels(f"{row}.shared", _over_one, shared[row])
            if hit.size:
                out[row, hit] = self._tf_weight(row, 1, i[hit], shared[row, hit])
            if comparison.name == "email" and self.own_missing:
                # at one company, own details that never meet (one row its own e-mail and phone, the other the role
                # address and the switchboard): a copy made from the company's general contact, or a colleague of
                # one name; how often each happens is the register's (the stronger of the two kinds, once: a copy
                # made from the general contact loses both at once)
                bare = np.flatnonzero(self._from_levels("never_meet", self._own_never_meet, levels, i, j))
                if bare.size:
                    out[row, bare] = np.minimum(out[row, bare], min(
                        0.0, *(float(np.log2(m / u)) for m, u in self.own_missing.values())))
            if comparison.name == "given":
                # in one household two people rarely share a given name, however common it is in the country
                # (in one company they do: colleagues are as likely to share a name as any two people)
                hit = self._from_levels(f"{row}.household", self._household_rows, row, levels, contact)
                if hit.size:
                    out[row, hit] = np.maximum(out[row, hit], min(_MAX_WEIGHT, float(
                        np.log2(self.m[row][1] / self.household_given))))
            # a near match is never stronger evidence than the same value twice (Ana/Anna is not more telling
            # than Anna/Anna, swapped names not more than names in place): cap it at the top level's weight for
            # the more common of the two values
            top = comparison.levels[1]
            lower = [index for index, level in enumerate(comparison.levels[2:], start=2) if level.agrees]
            near = self._from_levels(f"{row}.near", _at_levels, levels[row], lower)
            if not near.size:
                continue
            if top.tf and top.tf in self.keys:
                key = self.keys[top.tf]
                a, b = i[near], j[near]
                # the side with a value of its own; a pair where one side lacks the key takes the level's cap
                a = np.where(key.codes[a] >= 0, a, b)
                b = np.where(key.codes[b] >= 0, b, a)
                cap = np.minimum(self._tf_weight(row, 1, a), self._tf_weight(row, 1, b))
            else:
                cap = table[row][1]
            out[row, near] = np.minimum(out[row, near], cap)
        return out

    def _role_rows(self, row: int, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs whose e-mails (phones: comparison ``row``) differ where one of them is held by several people."""
        comparison = self.comparisons[row]
        people = self.keys.people(_SHARED[comparison.name])
        return np.flatnonzero((levels[row] == len(comparison.levels) - 1) & ((people[i] > 1) | (people[j] > 1)))

    def _changed_in_place(self, row: int, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs whose own e-mails (phones: comparison ``row``) differ where nobody moved."""
        return np.flatnonzero(self._own_differ(row, levels, i, j) & self._stayed(levels))

    def _household_rows(self, row: int, levels: np.ndarray, contact: np.ndarray) -> np.ndarray:
        """Pairs of one given name (comparison ``row``) sharing a household's contact detail, not at one company."""
        return np.flatnonzero((levels[row] == 1) & contact & ~self._same_company(levels))

    def holders(self, i: np.ndarray, j: np.ndarray, levels: np.ndarray) -> np.ndarray:
        """Per comparison and pair: how many different people hold the value the pair shares exactly (0: none).

        Only for the values a company or household shares (``_SHARED``, and a second phone or e-mail column); a row
        without a given name counts none,
        so both rows are asked and the larger count is taken.
        """
        out = np.zeros(levels.shape, dtype=np.int32)
        for row, comparison in enumerate(self.comparisons):
            key = _SHARED.get(comparison.name) or \
                (comparison.name if comparison.name in self.keys.contact_columns else None)
            if key is None or key not in self.keys:
                continue
            exact = [index for index, level in enumerate(comparison.levels)
                     if level.agrees and any(isinstance(c, Exact) and c.key == key for c in level.conditions)]
            hit = np.flatnonzero(levels[row] == exact[0]) if len(exact) == 1 else \
                np.flatnonzero(np.isin(levels[row], exact))
            if hit.size:
                held = self.keys.people(key)
                out[row, hit] = np.maximum(held[i[hit]], held[j[hit]])
        # a pair whose given names the model reads as one name in two spellings (Agna / Anna, "Johansson Mia" /
        # Maria Johansson) holds its own mailbox and mobile: its two rows are one holder, not two people sharing them
        one = self._one_name_two_sounds(levels, i, j)
        if one.any():
            out[:, one] = np.where(out[:, one] > 1, out[:, one] - 1, out[:, one])
        return out

    def _one_name_two_sounds(self, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs whose given names agree at an identity level other than the same name (misspelt, a slip, swapped,
        in another order) and whose rows ``Keys.people`` counts as two holders (two different name sounds)."""
        sound = self.keys.name_sounds()
        row = next((r for r, c in enumerate(self.comparisons) if c.name == "given"), None)
        if sound is None or row is None:
            return np.zeros(levels.shape[1], dtype=bool)
        spelt = np.array([level.identity for level in self.comparisons[row].levels])
        spelt[1] = False  # the same given name is one sound already
        return spelt[levels[row]] & (sound[i] >= 0) & (sound[j] >= 0) & (sound[i] != sound[j])

    def _same_company(self, levels: np.ndarray) -> np.ndarray:
        """Pairs at one company: the same (or a similar: "Andersen Marin" / "Andersen Marin AS") company name, or
        the same org number."""
        out = np.zeros(levels.shape[1], dtype=bool)
        for row, comparison in enumerate(self.comparisons):
            if comparison.name in ("company", "org"):
                out |= np.array([level.agrees for level in comparison.levels])[levels[row]]
        return out

    def other_company(self, levels: np.ndarray) -> np.ndarray:
        """Pairs at two companies: different org numbers, or different company names."""
        out = np.zeros(levels.shape[1], dtype=bool)
        for row, comparison in enumerate(self.comparisons):
            if comparison.name in ("company", "org"):
                out |= levels[row] == len(comparison.levels) - 1
        return out

    def _contact_agrees(self, levels: np.ndarray, shared: np.ndarray | None = None) -> np.ndarray:
        """Pairs that share a contact detail of one household (e-mail, phone or street address).

        With ``shared``: only a detail held by a household's number of people (an office's info@ is not one).
        """
        out = np.zeros(levels.shape[1], dtype=bool)
        for row, comparison in enumerate(self.comparisons):
            if any(level.household for level in comparison.levels):
                hit = np.array([level.household for level in comparison.levels])[levels[row]]
                if shared is not None:
                    hit &= shared[row] <= _HOUSEHOLD_PEOPLE
                out |= hit
        return out

    def _household_given(self, levels: np.ndarray) -> float | None:
        """Share of household pairs (a shared contact detail, two different valid personal ids) with one given name.

        Two valid personal ids are two people for sure, so these pairs measure how often different members of
        one household share a given name (a son named after his father), with no labels needed.
        """
        rows = {c.name: row for row, c in enumerate(self.comparisons)}
        if "given" not in rows or "pid" not in rows:
            return None
        veto = [index for index, level in enumerate(self.comparisons[rows["pid"]].levels) if level.veto]
        given = levels[rows["given"]]
        two = self._contact_agrees(levels) & np.isin(levels[rows["pid"]], veto) & (given > 0)
        total = int(two.sum())
        if not total:
            return None
        # shrunk towards the default as if 1 000 such pairs had been seen: a 10k register has a few events
        same = int((given[two] == 1).sum())
        return float(np.clip((same + _HOUSEHOLD_PSEUDO * _HOUSEHOLD_GIVEN) / (total + _HOUSEHOLD_PSEUDO), 1e-3, 0.2))

    def _own_changes(self, i: np.ndarray, j: np.ndarray, levels: np.ndarray) -> dict[str, float]:
        """Per comparison ("email", "phone"): the share of pairs that are one person on their own evidence, at one
        place and each with an own value of this kind, whose own values differ.

        One person on their own evidence: the same given name and the same personal id, or the same given name and
        an own value of the *other* kind (the e-mail for the phone, the phone for the e-mail) that no one else
        holds. A register whose copies keep their mobile when they stay shows few (its two own mobiles at one
        address are two people: a father and the son named after him); one whose customers change numbers shows
        many, and there a different mobile says little. Shrunk towards the else level's default m as if
        ``_OWN_CHANGE_PSEUDO`` pairs had been seen."""
        rows = {c.name: row for row, c in enumerate(self.comparisons)}
        if "given" not in rows or "email" not in rows or "phone" not in rows:
            return {}
        stayed = self._stayed(levels) & (levels[rows["given"]] == 1)
        out = {}
        for name, other in (("email", "phone"), ("phone", "email")):
            one = self._one_by_own(rows, other, levels, i)
            row = rows[name]
            own = self.keys.people(name) == 1
            both = stayed & one & own[i] & own[j]
            changed = int((self._own_differ(row, levels, i, j) & both).sum())
            default = self.comparisons[row].levels[-1].m
            rate = (changed + _OWN_CHANGE_PSEUDO * default) / (int(both.sum()) + _OWN_CHANGE_PSEUDO)
            out[name] = float(np.clip(rate, _OWN_CHANGE_MIN, 1.0))
        return out

    def _one_by_own(self, rows: dict[str, int], other: str, levels: np.ndarray, i: np.ndarray) -> np.ndarray:
        """Pairs that are one person on their own evidence of another kind than the one being learnt: the same own
        ``other`` (e-mail or phone) that no one else holds, or the same personal id."""
        one = (levels[rows[other]] == 1) & (self.keys.people(other)[i] == 1)
        if "pid" in rows:
            one |= levels[rows["pid"]] == 1
        return one

    def _own(self, name: str) -> np.ndarray:
        """Per row: does it hold an e-mail (phone) of its own, held by no one else in the register?"""
        return (self.keys.people(name) == 1) & (self.keys[name].codes >= 0)

    def _lone(self, name: str, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs where one row holds an own e-mail (phone: ``name``) and the other does not (it has the company's, or
        none), so they do not agree on it."""
        row = next(r for r, c in enumerate(self.comparisons) if c.name == name)
        own = self._own(name)
        return (own[i] != own[j]) & ~self._agrees(row, levels)

    def _own_never_meet(self, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs at one company whose own details never meet: for the e-mail and for the phone alike, one row has
        its own and the other only the company's (the role address, the switchboard) or none."""
        names = {c.name for c in self.comparisons}
        if not {"email", "phone"} <= names or "email" not in self.keys or "phone" not in self.keys:
            return np.zeros(levels.shape[1], dtype=bool)
        return self._same_company(levels) & self._lone("email", levels, i, j) & self._lone("phone", levels, i, j)

    def _own_missing(self, i: np.ndarray, j: np.ndarray, levels: np.ndarray) -> dict[str, tuple[float, float]]:
        """Per comparison ("email", "phone"): at one company, among pairs where at least one row holds an own value
        of this kind, the share where the other holds none — among pairs that are one person on their own evidence
        (the same given name and the same personal id or own value of the other kind: m) and among pairs of two
        colleagues (two different given names: u)."""
        rows = {c.name: row for row, c in enumerate(self.comparisons)}
        if "given" not in rows or "email" not in rows or "phone" not in rows:
            return {}
        company = self._same_company(levels)
        given = levels[rows["given"]]
        two = company & (given == len(self.comparisons[rows["given"]].levels) - 1)
        out = {}
        for name, other in (("email", "phone"), ("phone", "email")):
            one = self._one_by_own(rows, other, levels, i) & company & (given == 1)
            own = self._own(name)
            some, lone = own[i] | own[j], own[i] != own[j]
            rates = [(int((lone & some & kind).sum()) + _LONE_PSEUDO / 2) / (int((some & kind).sum()) + _LONE_PSEUDO)
                     for kind in (one, two)]
            out[name] = (rates[0], rates[1])
        return out

    def _family_changes(self, i: np.ndarray, j: np.ndarray, levels: np.ndarray) -> float | None:
        """Share of pairs that are one person on their own evidence whose family names differ (not a slip: a
        marriage), or None when the register shows no such pairs.

        One person on their own evidence: the same given name and the same personal id, or the same given name and
        an e-mail that no other person holds. A person register shows married-name copies this way; a register
        whose copies keep their family name shows none."""
        rows = {c.name: row for row, c in enumerate(self.comparisons)}
        if "given" not in rows or "family" not in rows:
            return None
        one = np.zeros(levels.shape[1], dtype=bool)
        if "pid" in rows:
            one |= levels[rows["pid"]] == 1
        if "email" in rows and "email" in self.keys:
            held = self.keys.people("email")
            one |= (levels[rows["email"]] == 1) & (held[i] <= 1)
        family = levels[rows["family"]]
        one &= (levels[rows["given"]] == 1) & (family > 0)
        total = int(one.sum())
        if not total:
            return None
        return float((family[one] == len(self.comparisons[rows["family"]].levels) - 1).sum()) / total

    def _tf_weight(self, row: int, index: int, rows: np.ndarray, holders: np.ndarray | None = None) -> np.ndarray:
        """Weight of an exact match at level ``index`` of comparison ``row`` from each row's value frequency.

        ``holders``: per row, how many different people hold the value, counted instead of its rows.
        """
        key = self.keys[self.comparisons[row].levels[index].tf]
        # the share of the *other* filled rows holding the value: a value seen twice is held by one other row
        counts = key.counts[np.maximum(key.codes[rows], 0)].astype(np.float64) if holders is None else \
            holders.astype(np.float64)
        freq = np.maximum(counts - 1, 1) / max((key.filled - 1) * self.register_scale, 1)
        if not self.learnt:  # small register: frequencies as if it were a register of normal size
            freq = np.maximum(self.u[row][index], counts / max(self.keys.n, _SMALL_REGISTER_ROWS))
        return np.clip(np.log2(self.m[row][index] / np.maximum(freq, 1e-12)), -_MAX_WEIGHT, _MAX_WEIGHT)

    def total_weight(self, field_weights: np.ndarray, levels: np.ndarray, shared: np.ndarray | None = None,
                     i: np.ndarray | None = None, j: np.ndarray | None = None) -> np.ndarray:
        """Sum of the weights; the contact group counts its strongest agreement only, unless identity agrees.

        Among pairs of different people with the same given name, birth date or personal id, sharing an
        e-mail, a phone and an address is about as rare as independence says; without such an identity
        agreement it is what a household looks like, so one shared contact detail says as much as all.
        """
        groups: dict[str, list[int]] = {}
        total = np.zeros(field_weights.shape[1])
        gate, names_agree, half = self._from_levels("gates", self._gates, levels, i, j)
        for row, comparison in enumerate(self.comparisons):
            weights = field_weights[row]
            derived = [index for index, level in enumerate(comparison.levels) if level.from_names]
            if derived and names_agree.any():  # (a negative weight stays: two own mailboxes, see _own_differ)
                named = self._from_levels(f"{row}.derived", np.isin, levels[row], derived)
                weights = np.where(names_agree & named & (weights > 0), 0.0, weights)
                field_weights[row] = weights
            if comparison.group:
                groups.setdefault(comparison.group, []).append(row)
            else:
                total += weights
        for rows in groups.values():
            block = field_weights[rows]
            positive = np.maximum(block, 0)
            # a move changes address and phone together: the strongest disagreement counts, once
            top, every = positive.max(axis=0), positive.sum(axis=0)
            if shared is not None:
                # a value many people share (faktura@, the switchboard, the org number) counts once, however
                # many of them agree: colleagues with one given name share all of them
                many = self._from_levels(f"{rows}.many", self._many, rows, shared)
                every = np.where(many, 0.0, positive).sum(axis=0) + np.where(many, positive, 0.0).max(axis=0)
            negative = np.minimum(block, 0)
            # ... but where the address or the company agrees nobody moved, so a different e-mail *and* a different
            # phone are two pieces of evidence (two colleagues, or two people of one household)
            stayed = self._from_levels(f"{rows}.stayed", self._stayed_in, rows, levels)
            worst = negative.min(axis=0)
            total += np.where(gate, every, np.where(half, top + (every - top) / 2, top)) + \
                np.where(stayed, negative.sum(axis=0), worst)
        return total

    def _gates(self, levels: np.ndarray, i: np.ndarray | None, j: np.ndarray | None) -> np.ndarray:
        """Per pair, for ``total_weight``: (the contact group's details add up: identity agrees; the given and family
        names agree; there is no given name to tell household members apart, so the rest counts half)."""
        agree = {}
        gate = np.zeros(levels.shape[1], dtype=bool)
        for row, comparison in enumerate(self.comparisons):
            gate |= np.array([level.identity for level in comparison.levels])[levels[row]]
            if comparison.name in ("given", "family"):
                agree[comparison.name] = np.array([level.agrees for level in comparison.levels])[levels[row]]
        if i is not None and j is not None:
            gate |= self._middle_name_at_work(levels, i) | self._middle_name_on_own_mobile(levels, i)
        names_agree = agree.get("given", np.zeros_like(gate)) & agree.get("family", gate)
        # colleagues: at one company a shared given name says nothing about sharing everything else; only the
        # whole name agreeing lets the contact details add up
        company = self._same_company(levels)
        gate &= names_agree | ~company
        half = np.zeros_like(gate)
        for row, comparison in enumerate(self.comparisons):
            if comparison.name == "given":
                half = (levels[row] == 0) & ~gate
        return np.stack((gate, names_agree, half))

    def _many(self, rows: list[int], shared: np.ndarray) -> np.ndarray:
        """Per comparison of ``rows`` and pair: a value several people hold; the company and its org number are the
        company's, whoever holds them."""
        return (shared[rows] > 1) | np.array([self.comparisons[row].name in ("company", "org") for row in rows])[:, None]

    def _stayed_in(self, rows: list[int], levels: np.ndarray) -> np.ndarray:
        """Pairs where the address, the company or the org number (among the comparisons ``rows``) is the same."""
        stayed = np.zeros(levels.shape[1], dtype=bool)
        for row in rows:
            if self.comparisons[row].name in ("address", "company", "org"):
                stayed |= levels[row] == 1
        return stayed

    def _middle_name_at_work(self, levels: np.ndarray, i: np.ndarray) -> np.ndarray:
        """Pairs whose given names agree only as part of a double name (Hans / Hans Mats) and who share a personal
        address at a company's own domain that no one else holds (hans.nilsson@svenssonsfastigheter.se): one
        employee who sometimes writes a middle name. A webmail address or a family's can be a father's and his son
        Lars-Göran's; a work address is one person's."""
        rows = {c.name: row for row, c in enumerate(self.comparisons)}
        out = np.zeros(levels.shape[1], dtype=bool)
        if "given" not in rows or "email" not in rows or "email" not in self.keys:
            return out
        out = self._part_of_double_name(rows["given"], levels) & (levels[rows["email"]] == 1)
        if not out.any():
            return out
        if ("email", "work") not in self.cache:
            key = self.keys["email"]
            self.cache[("email", "work")] = np.array(
                [domain not in FREE_PROVIDERS and user not in ROLE_LOCAL_PARTS
                 for user, _, domain in (value.rpartition("@") for value in key.values)], dtype=bool)
        work = self.cache[("email", "work")]
        codes = self.keys["email"].codes[i]
        return out & (codes >= 0) & work[np.maximum(codes, 0)] & (self.keys.people("email")[i] <= 1)

    def _middle_name_on_own_mobile(self, levels: np.ndarray, i: np.ndarray) -> np.ndarray:
        """Pairs whose given names agree only as part of a double name (Merja / Merja Matilda, Carl / Carl Johan) on
        the same mobile number, which no other name in the register holds: one person who sometimes writes a middle
        name. A mobile is one person's; a home's landline or a webmail address can be a father's and his son
        Lars-Göran's (on the person register 7 and 8 such pairs are two people; none on one mobile)."""
        rows = {c.name: row for row, c in enumerate(self.comparisons)}
        out = np.zeros(levels.shape[1], dtype=bool)
        if "given" not in rows or "phone" not in rows or "phone" not in self.keys:
            return out
        key = self.keys["phone"]
        codes = key.codes[i]
        at = np.flatnonzero(self._part_of_double_name(rows["given"], levels) & (levels[rows["phone"]] == 1)
                            & (codes >= 0) & (self.keys.people("phone")[i] <= 1))
        out[at] = self._on_mobile(i[at])
        return out

    def given_nickname(self, levels: np.ndarray) -> np.ndarray:
        """Pairs whose given names agree at the nickname level (a known short form, Micke / Mikael, or another form
        of the name, Mikko / Mikael); none without a given-name comparison. The level is the one holding a
        ``Nickname`` condition: found by the condition's type, as a label is words that may be reworded."""
        row = next((n for n, c in enumerate(self.comparisons) if c.name == "given"), None)
        if row is None:
            return np.zeros(levels.shape[1], dtype=bool)
        nickname = [index for index, level in enumerate(self.comparisons[row].levels)
                    if any(isinstance(c, Nickname) for c in level.conditions)]
        return np.isin(levels[row], nickname)

    def _part_of_double_name(self, row: int, levels: np.ndarray) -> np.ndarray:
        """Pairs whose given names (comparison ``row``) agree only as part of a double name."""
        part = [index for index, level in enumerate(self.comparisons[row].levels)
                if any(isinstance(c, FirstPart) for c in level.conditions)]
        return np.isin(levels[row], part)

    def log_odds(self, total_weight: np.ndarray) -> np.ndarray:
        """Posterior log2-odds of one customer: the weights and the prior."""
        return total_weight + np.log2(self.prior / (1 - self.prior))

    def pair_probability(self, i: np.ndarray, j: np.ndarray, levels: np.ndarray,
                         shared: np.ndarray | None = None) -> np.ndarray:
        """Match probability of the given pairs (see ``pair_scores``)."""
        return self.pair_scores(i, j, levels, shared)[0]

    def pair_scores(self, i: np.ndarray, j: np.ndarray, levels: np.ndarray,
                    shared: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(match probability, evidence in log2-odds) of the given pairs, a million at a time (the weights are 8
        bytes per field and pair). The probability saturates at 1.0 where the evidence keeps growing, so the
        clusters order their edges by both.

        ``shared``: ``holders(i, j, levels)`` for pairs scored again and again (EM), at most one chunk of them.
        """
        out = np.empty(len(i), dtype=np.float64)
        odds = np.empty(len(i), dtype=np.float64)
        for start in range(0, len(i), _CHUNK):
            end = start + _CHUNK
            a, b, lv = i[start:end], j[start:end], levels[:, start:end]
            if shared is None or len(i) > _CHUNK:
                shared = self.holders(a, b, lv)
            odds[start:end] = self.log_odds(self.total_weight(self.field_weights(a, b, lv, shared), lv, shared, a, b))
            out[start:end] = self._limits(a, b, lv, 1.0 / (1.0 + np.exp2(-np.clip(odds[start:end], -60, 60))))
        return out, odds

    def same_name(self, levels: np.ndarray) -> np.ndarray:
        """Pairs whose given and family names agree (the same name, a nickname, a slip of the keyboard)."""
        out = None
        for row, comparison in enumerate(self.comparisons):
            if comparison.name in ("given", "family"):
                agree = np.array([level.agrees for level in comparison.levels])[levels[row]]
                out = agree if out is None else out & agree
        return out if out is not None else np.zeros(levels.shape[1], dtype=bool)

    def apart(self, levels: np.ndarray, i: np.ndarray | None = None, j: np.ndarray | None = None, *,
              own_contacts: bool = True) -> np.ndarray:
        """Pairs whose evidence says two people: another given or middle name, birth date, id or generation; with
        the rows ``i``, ``j``: also two own e-mails and two own phones at one address or company (unless
        ``own_contacts`` is False: then the pairs apart for that reason alone are not)."""
        out = np.zeros(levels.shape[1], dtype=bool)
        if i is not None and j is not None:
            out = self._bare_initial(levels, i)
            if own_contacts:
                out |= self._own_contacts_differ(levels, i, j)
        hard = np.zeros(levels.shape[1], dtype=bool)
        same_id = np.zeros(levels.shape[1], dtype=bool)
        born_apart = np.zeros(levels.shape[1], dtype=bool)
        for row, comparison in enumerate(self.comparisons):
            flags = np.array([level.apart for level in comparison.levels])
            if flags.any():
                out |= flags[levels[row]]
                hard |= np.array([level.apart and level.veto for level in comparison.levels])[levels[row]]
                if comparison.name == "dob":
                    born_apart = flags[levels[row]]
            if comparison.name == "pid":
                same_id = levels[row] == 1
        # the same personal id is one person whatever the names say (Lasse and Lars, a misspelt given name), unless
        # the id itself says whose it is: a Nordic id holds its holder's birth date, and when that is one row's
        # birth date and not the other's, the other row carries a relative's id (a parent's personnummer typed on a
        # child's row)
        misplaced = self._id_of_the_other(same_id & born_apart, i, j) if i is not None and j is not None else \
            np.zeros(levels.shape[1], dtype=bool)
        # a member register's guardian and joined columns: the child named after its guardian, the father who
        # joined before his son was born (``members``); what the columns say holds whatever else agrees
        if i is not None and j is not None and self.keys.members is not None:
            misplaced |= self.keys.members.apart(i, j)
        if i is not None and j is not None:
            misplaced |= self._two_companies_of_one_name(levels, i, j) | self.born_apart_by_id(i, j)
        return hard | (out & ~same_id) | misplaced

    def born_apart_by_id(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs where one row gives a birth date and no personal id, the other a valid personal id and no birth date,
        and the id holds another day beyond a slip (a digit off, two swapped, day and month swapped): two birth
        dates, two people (a son's row with his birth date beside his father's with the father's personnummer)."""
        out = np.zeros(len(i), dtype=bool)
        if "dob" not in self.keys or "pid" not in self.keys:
            return out
        dob, pid = self.keys["dob"], self.keys["pid"]
        if ("pid", "born") not in self.cache:  # the date in each id, "" where the id is not valid: filled lazily
            self.cache[("pid", "born")] = np.full(len(pid.values), None, dtype=object)
        born = self.cache[("pid", "born")]
        country, today = self.config.country, self.config.today
        for x, y in ((i, j), (j, i)):
            for n in np.flatnonzero((dob.codes[x] >= 0) & (pid.codes[x] < 0) & (dob.codes[y] < 0) &
                                    (pid.codes[y] >= 0)).tolist():
                code = int(pid.codes[y[n]])
                if born[code] is None:
                    value = str(pid.values[code])
                    born[code] = birth_key(value, country) if valid_personal_id(value, country, today) else ""
                day = str(dob.values[dob.codes[x[n]]])
                out[n] = bool(born[code]) and len(day) == 6 and \
                    distance.OSA.distance(day, born[code]) > 1 and swap_day_month(day) != born[code]
        return out

    def _two_companies_of_one_name(self, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs whose company names agree under two organisation numbers (not one slip apart): two companies of one
        name ("Bröderna Nordström AB" twice, two founders' family firms), so the name that ties the two rows to one
        place ties them to none, and one name at two firms is not sure to be one person."""
        rows = {c.name: row for row, c in enumerate(self.comparisons)}
        if "company" not in rows or "org" not in rows:
            return np.zeros(levels.shape[1], dtype=bool)
        out = self._agrees(rows["company"], levels) & (levels[rows["org"]] == len(self.comparisons[rows["org"]].levels) - 1)
        if out.any():
            out[out] = ~OSA("org", 1).holds(self, i[out], j[out])
        return out

    def _id_of_the_other(self, which: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Of the pairs ``which`` (one personal id, two birth dates), those whose id holds the birth date of exactly
        one of the two rows. An id that holds no date (FEBRL's social-security numbers) says nothing."""
        out = np.zeros(len(which), dtype=bool)
        if not which.any() or "pid" not in self.keys or "dob" not in self.keys:
            return out
        pid, dob = self.keys["pid"], self.keys["dob"]
        for n in np.flatnonzero(which).tolist():
            a, b = int(i[n]), int(j[n])
            born = birth_key(str(pid.values[pid.codes[a]]), self.keys.country)
            if len(born) != 6:
                continue
            out[n] = (str(dob.values[dob.codes[a]]) == born) != (str(dob.values[dob.codes[b]]) == born)
        return out

    def _bare_initial(self, levels: np.ndarray, i: np.ndarray) -> np.ndarray:
        """Pairs whose given names agree only as an initial (A. / Anders) and where nothing points at one person:
        no personal id or birth date agrees, and every e-mail, phone or address they share is held by more than
        one person of that initial (Anders and Anne on the family's mailbox; at an office, colleagues of that
        letter). An initial fits anyone of its letter."""
        rows = {c.name: row for row, c in enumerate(self.comparisons)}
        if "given" not in rows:
            return np.zeros(levels.shape[1], dtype=bool)
        row = rows["given"]
        initial = [index for index, level in enumerate(self.comparisons[row].levels)
                   if any(isinstance(c, Initial) for c in level.conditions)]
        out = np.isin(levels[row], initial)
        if not out.any():
            return out
        for name, key in (("email", "email"), ("phone", "phone"), ("address", "street")):
            if name in rows and key in self.keys:
                one = self.keys.people_with_initial(key) <= 1
                out &= ~((levels[rows[name]] == 1) & one[i])  # one value and one letter: one count for both rows
        for name in ("pid", "dob"):
            if name in rows:
                out &= levels[rows[name]] != 1
        return out

    def _own_contacts_differ(self, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs at one address or company where each row has an e-mail and a phone of its own (held by no one
        else in the register) and both differ: two people who live or work together (a father and the son named
        after him, two colleagues of one name), not one person registered twice. A copy that changed both its
        e-mail and its phone without moving is possible, so such a pair goes to review, never to delete.

        With a second phone or e-mail column, differing own values in either count.

        (One own detail differing is not enough: copies change their mobile or e-mail as often as one in ten,
        and on the person register that rule cost three points of recall for half a point of precision.)"""
        rows = {c.name: row for row, c in enumerate(self.comparisons)}
        out = np.zeros(levels.shape[1], dtype=bool)
        if "email" not in rows or "phone" not in rows:
            return out
        if "address" in rows:
            row = rows["address"]
            out |= np.array([level.household for level in self.comparisons[row].levels])[levels[row]]
        out |= self._same_company(levels)
        for name in ("email", "phone"):
            # in any column of that kind: Shopify's export has the home's landline in "Default Address Phone" and
            # each customer's own mobile in "Phone", so a father and son share the one and differ in the other
            out &= self._own_differ(rows[name], levels, i, j) | self._second_differ(name, levels, i, j)
        return out

    def own_link(self, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs that share something only one person holds: one own e-mail or phone (``own_agree`` on a level of one
        value, not two mailboxes of one user name; not where their own values in a second column of the kind differ)
        or the personal id."""
        out = np.zeros(levels.shape[1], dtype=bool)
        for row, comparison in enumerate(self.comparisons):
            if comparison.name == "pid":
                out |= levels[row] == 1
            elif comparison.name in ("email", "phone") and comparison.name in self.keys:
                one = np.array([level.household for level in comparison.levels])[levels[row]]
                # where each row's own number in another column differs, the one they share is the home's landline
                # (Shopify's "Default Address Phone" beside each customer's own "Phone"), as the namesake cap reads it
                second = self._second_differ(comparison.name, levels, i, j)
                out |= one & self.own_agree(row, levels, i, j) & ~second
        return out

    def elsewhere(self, levels: np.ndarray) -> np.ndarray:
        """Pairs whose addresses differ (street, postcode and town: one of them lives elsewhere)."""
        out = np.zeros(levels.shape[1], dtype=bool)
        for row, comparison in enumerate(self.comparisons):
            if comparison.name == "address":
                out |= levels[row] == len(comparison.levels) - 1
        return out

    def _second_columns(self, name: str) -> list[int]:
        """The comparisons of a second column of the kind ``name`` ("email", "phone"): "Mobil" beside "Telefon",
        Shopify's "Default Address Phone" beside "Phone" (``Keys.contact_columns``)."""
        return [row for row, comparison in enumerate(self.comparisons)
                if self.keys.contact_columns.get(comparison.name) == name]

    def _second_differ(self, name: str, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs whose own values differ in a second column of the kind ``name`` (``_own_differ`` there)."""
        out = np.zeros(levels.shape[1], dtype=bool)
        for row in self._second_columns(name):
            out |= self._own_differ(row, levels, i, j)
        return out

    # -- what a pair's own details say against it (read by core.dedup.explain for the sentence only) -----------
    def own_details_differ(self, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Per comparison (rows) and pair: for the e-mail and phone comparisons and the second contact columns,
        ``_own_differ`` (each row holds a value of that kind of its own and they differ: what ``apart`` reads as two
        people's details, and the namesake cap too but where they are one employee's two, ``_one_employees_two``);
        False for every other comparison."""
        out = np.zeros(levels.shape, dtype=bool)
        for row, comparison in enumerate(self.comparisons):
            if comparison.name in ("email", "phone") and comparison.name in self.keys or \
                    comparison.name in self.keys.contact_columns:
                out[row] = self._own_differ(row, levels, i, j)
        return out

    def initial_fits_many(self, levels: np.ndarray, i: np.ndarray) -> np.ndarray:
        """Pairs whose given names agree only as an initial that fits more than one person here (``_bare_initial``)."""
        return self._bare_initial(levels, i)

    def _stayed(self, levels: np.ndarray) -> np.ndarray:
        """Pairs at one address (a household's level) or one company: nobody moved."""
        out = self._same_company(levels)
        for row, comparison in enumerate(self.comparisons):
            if comparison.name == "address":
                out |= np.array([level.household for level in comparison.levels])[levels[row]]
        return out

    def _same_place(self, levels: np.ndarray) -> np.ndarray:
        """Pairs at one company or at the very same address: not a neighbour's house on the street (Classensgade 3 /
        59, a "similar address"), where two people of one name with one own detail each are no copy's evidence."""
        out = self._same_company(levels)
        for row, comparison in enumerate(self.comparisons):
            if comparison.name == "address":
                out |= levels[row] == 1  # the first level after null: the same address
        return out

    def _own_differ(self, row: int, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs where each row holds an e-mail (or phone: comparison ``row``) of its own, held by no one else in the
        register, and the two differ. Two mailboxes built from one name (sami.dahlgren@yahoo.se and @outlook.com,
        bjorn.virtanen.2@gmail.com) are two mailboxes: with the names agreeing, their likeness is the name's."""
        comparison = self.comparisons[row]
        own = self.keys.people(comparison.name) == 1
        differ = levels[row] == len(comparison.levels) - 1
        derived = [index for index, level in enumerate(comparison.levels) if level.from_names]
        if derived:
            differ |= self.same_name(levels) & np.isin(levels[row], derived)
        return differ & own[i] & own[j]

    def _limits(self, i: np.ndarray, j: np.ndarray, levels: np.ndarray, prob: np.ndarray) -> np.ndarray:
        """Rules no weight overrides: a pair that looks like two people is never sure; company-only rows."""
        apart = self._from_levels("apart", self.apart, levels, i, j)
        below = np.nextafter(self.config.sure_threshold, 0.0)
        prob = np.where(apart, np.minimum(prob, below), prob)
        signed_up = self._from_levels("signed_up", self._signed_up, levels, i, j)
        if signed_up.any():
            prob = np.where(apart, prob, np.maximum(prob, signed_up))
        # two rows of one given name on a mailbox only one person holds: that person, moved or married
        prob = np.where(apart, prob, np.maximum(prob, self._from_levels("own_mailbox", own_mailbox.floor, self,
                                                                         levels, i, j)))
        prob = np.minimum(prob, self._from_levels("namesakes", self._one_of_namesakes, levels, i, j))
        # one Gmail mailbox written with and without dots by two rows that agree on nothing more: as often one person
        # as the register's pairs on such spellings show
        prob = np.minimum(prob, self._from_levels("dotted", dotted_mailbox.cap, self, levels, i, j))
        prob = np.where(self._from_levels("forms", self.two_forms_unproven, levels, i, j), np.minimum(prob, below),
                        prob)
        # a firm named after the family at two addresses, nothing of the two rows' own agreeing: the family name again
        prob = np.where(self._from_levels("named_firm", named_firm.held_back, self, levels, i, j),
                        np.minimum(prob, below), prob)
        company = self.keys.company_only()
        both = company[i] & company[j]
        if both.any() and "org" in self.keys:
            org = self.keys["org"].codes
            filled = both & (org[i] >= 0) & (org[j] >= 0)
            prob = np.where(filled & (org[i] == org[j]), np.maximum(prob, _COMPANY_SAME_ORG), prob)
            prob = np.where(filled & (org[i] != org[j]), 0.0, prob)
        return prob

    def two_forms_unproven(self, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs whose given names are one name only through a form that is a name of its own, where nothing of one
        person's own proves them one.

        A Swedish name and its Finnish form (Johan / Hannu) are both names in Finland, so a father Johan and his son
        Hannu on the family's mailbox, each with his own mobile, are two people: such a pair needs an own e-mail or
        mobile that agrees and none that differs (Mikko / Mikael on mikko@ and his mobile). A short form the register
        carries as a name of its own (Karin beside Katarina, Kerstin beside Kristina: ``OwnNameForm``) is a mother's
        and a daughter's name at one home as often as one woman's: such a pair needs the same personal id, the same
        own mobile, or an own mailbox built from one of the two names where no own phone differs (not the family's
        familjen.olofsson@, which a mother Helena and her daughter Lena both give)."""
        rows = {c.name: row for row, c in enumerate(self.comparisons)}
        out = np.zeros(levels.shape[1], dtype=bool)
        at = np.flatnonzero(self.given_nickname(levels))
        if not at.size:
            return out
        finnish = FinnishForm("given").holds(self, i[at], j[at])
        own_form = OwnNameForm("given").holds(self, i[at], j[at]) & ~finnish
        at, finnish, own_form = at[finnish | own_form], finnish[finnish | own_form], own_form[finnish | own_form]
        if not at.size:
            return out
        levels, i, j = levels[:, at], i[at], j[at]  # a few pairs in a thousand: the rest is worked out on those only
        agree = {name: np.zeros(len(at), dtype=bool) for name in ("email", "phone")}
        differ = {name: np.zeros(len(at), dtype=bool) for name in ("email", "phone")}
        for name in agree:
            if name in rows and name in self.keys:
                agree[name] = self.own_agree(rows[name], levels, i, j)
                if name == "phone" and agree[name].any():
                    # a landline only these two hold is still the firm's switchboard or the home's (Johan and
                    # Jussi at Karjalainen Oy on info@ and 09 123 4567): holders are counted by the name's sound,
                    # which counts the two forms as one, so only a mobile is one person's
                    agree[name][agree[name]] = self._on_mobile(i[agree[name]])
                differ[name] = self._own_differ(rows[name], levels, i, j)
        held = finnish & (~(agree["email"] | agree["phone"]) | differ["email"] | differ["phone"])
        if own_form.any():
            mailbox = agree["email"] & ~differ["email"] & ~differ["phone"]  # one mailbox, not two alike ones
            if not {"email_key", "family"} <= set(self.keys.keys):  # no name to build a mailbox from
                mailbox[:] = False
            for k in np.flatnonzero(own_form & mailbox).tolist():
                value = int(self.keys["email_key"].codes[i[k]])
                mailbox[k] = value >= 0 and (self.named_after_row(value, int(i[k])) or
                                             self.named_after_row(value, int(j[k])))
            same_id = levels[rows["pid"]] == 1 if "pid" in rows else np.zeros(len(at), dtype=bool)
            held |= own_form & ~(same_id | agree["phone"] | mailbox)
        out[at] = held
        return out

    def _on_mobile(self, i: np.ndarray) -> np.ndarray:
        """Per pair, whether row ``i``'s phone is a mobile number (``is_mobile``: one person's)."""
        key = self.keys["phone"]
        if ("phone", "mobile") not in self.cache:  # -1: not looked up yet (libphonenumber is slow: only when asked)
            self.cache[("phone", "mobile")] = np.full(len(key.values), -1, dtype=np.int8)
        mobile = self.cache[("phone", "mobile")]
        codes = key.codes[i]
        for code in np.unique(codes[(codes >= 0) & (mobile[codes] < 0)]).tolist():
            mobile[code] = is_mobile(str(key.values[code]))
        return (codes >= 0) & (mobile[codes] == 1)

    def _one_employees_two(self, name: str, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs whose two values of kind ``name`` are the two one employee has, read on pairs at one company whose own
        values differ. For the e-mail: one at a webmail or ISP domain (anna409@gmail.com), one at a company's
        (anna@sydtra.fi). For the phone: one mobile and one landline (a desk line), where both rows give the same
        mailbox that several people share (the firm's kundeservice@) and the firm is not named after the family
        (``named_firm.family_firm``: Haugen Bygg, where Tor Haugen and the son named after him both give post@): a
        namesake colleague on a desk line of her own has a mailbox of her own as well, and two own mobiles are two
        people's (a father and son on the firm's info@)."""
        if name == "email":
            if ("email", "private") not in self.cache:
                self.cache[("email", "private")] = np.array(
                    [value.rpartition("@")[2] in FREE_PROVIDERS for value in self.keys["email"].values], dtype=bool)
            private = self.cache[("email", "private")]
            codes = self.keys["email"].codes
            a, b = codes[i], codes[j]
            return (a >= 0) & (b >= 0) & (private[np.maximum(a, 0)] != private[np.maximum(b, 0)])
        if name == "phone" and "email" in self.keys:
            row = next((r for r, c in enumerate(self.comparisons) if c.name == "email"), None)
            if row is None:
                return np.zeros(len(i), dtype=bool)
            codes = self.keys["email"].codes[i]
            shared_mailbox = (levels[row] == 1) & (codes >= 0) & (self.keys.people("email")[i] > 1)
            at = np.flatnonzero(shared_mailbox)
            at = at[self._on_mobile(i[at]) != self._on_mobile(j[at])]
            out = np.zeros(len(i), dtype=bool)
            out[at] = ~named_firm.family_firm(self, i[at])  # where a father and the son named after him work
            return out
        return np.zeros(len(i), dtype=bool)

    # -- namesakes at one place -------------------------------------------------------------------------
    def _at_place_by_name(self, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(pairs at one home or company whose given names agree and whose personal id and birth date do not, pairs
        among them whose family names agree too)."""
        rows = {c.name: row for row, c in enumerate(self.comparisons)}
        out = self._stayed(levels) & self._agrees(rows["given"], levels)
        for name in ("pid", "dob"):
            if name in rows:
                out &= ~self._agrees(rows[name], levels)
        family = self._agrees(rows["family"], levels) if "family" in rows else np.zeros_like(out)
        return out, family

    def _agrees(self, row: int, levels: np.ndarray) -> np.ndarray:
        return np.array([level.agrees for level in self.comparisons[row].levels])[levels[row]]

    def own_agree(self, row: int, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs that agree on an e-mail (phone: comparison ``row``) that each holds as its own: no one else holds it,
        the pair's two rows counted as one holder where their given names are one name in two spellings (Möona /
        Mona Lundin on mlundin@, see ``holders``)."""
        name = self.comparisons[row].name
        people, filled = self.keys.people(name), self.keys[name].codes
        one = self._one_name_two_sounds(levels, i, j)
        own = [(filled[x] >= 0) & (people[x] - (one & (people[x] > 1)) == 1) for x in (i, j)]
        # a number one row gives in this column and the other in a second column of the kind is one person's where
        # no one else holds it in either column (what ``OtherColumn`` asks), though this column is empty on one side
        across = np.array([level.across_columns for level in self.comparisons[row].levels])[levels[row]]
        return (self._agrees(row, levels) & own[0] & own[1]) | across

    def _own_changes_or_default(self, name: str) -> float:
        row = next(r for r, c in enumerate(self.comparisons) if c.name == name)
        return self.own_changes.get(name, self.comparisons[row].levels[-1].m)

    def _namesakes_at_place(self, i: np.ndarray, j: np.ndarray, levels: np.ndarray) -> dict[str, float]:
        """Per kind of name agreement ("whole", "given"): pairs of two people at one place per copy of one person
        there, among the pairs of that name with no personal id or birth date agreeing.

        Learnt without labels from the pairs where both rows hold an own e-mail and an own phone. One person's copies
        keep each at the rate ``own_changes`` says; two people hold two of each. So a pair with either the same is a
        copy (there are C = those / (1 - c_e c_p) copies in all), and those with both different are two people, but
        for the C c_e c_p copies that changed both. Shrunk towards the default as if ``_NAMESAKES_PSEUDO`` copies had
        been seen."""
        rows = {c.name: row for row, c in enumerate(self.comparisons)}
        if not {"given", "email", "phone"} <= set(rows) or not self.own_changes:
            return _default_namesakes()
        place, family = self._at_place_by_name(levels)
        # counted on the plain cases: the same given name (not an initial that fits a brother), the same family name
        # or a different one
        place &= levels[rows["given"]] == 1
        for name in ("pid", "dob"):  # where an id or a birth date tells them apart, the pair is decided on it
            if name in rows:
                place &= levels[rows[name]] == 0
        if "family" in rows:
            last = len(self.comparisons[rows["family"]].levels) - 1
            place &= np.isin(levels[rows["family"]], (1, last))
        own = {name: self._own(name) for name in ("email", "phone")}
        both_own = {name: own[name][i] & own[name][j] for name in own}
        agree = {name: self.own_agree(rows[name], levels, i, j) for name in own}
        differ = {name: self._own_differ(rows[name], levels, i, j) for name in own}
        both_changed = self.own_changes["email"] * self.own_changes["phone"]
        full = place & both_own["email"] & both_own["phone"]
        out = {}
        for kind, which in (("whole", full & family), ("given", full & ~family)):
            copies = int((which & (agree["email"] | agree["phone"])).sum()) / max(1.0 - both_changed, 0.1)
            two = max(int((which & differ["email"] & differ["phone"]).sum()) - copies * both_changed, 0.0)
            out[kind] = float((two + _NAMESAKES_PSEUDO * _NAMESAKES_AT_PLACE[kind]) / (copies + _NAMESAKES_PSEUDO))
        for kind, by_name in (("whole", family), ("given", ~family)):
            for name, other in (("email", "phone"), ("phone", "email")):
                # both rows with their own of this kind, the other kind not: its copies are those that agree, and
                # those that changed it (c of them); the rest of the pairs whose own values differ are two people.
                # Counted generously (two standard errors more) and never above the kind's rate: a few pairs in a
                # small register show nothing, and where this class holds more namesakes the kind's rate stands
                which = place & self._same_place(levels) & by_name & both_own[name] & ~both_own[other]
                changed = self.own_changes[name]
                copies = int((which & agree[name]).sum()) / max(1.0 - changed, 0.1)
                apart = int((which & differ[name]).sum())
                two = max(apart - copies * changed, 0.0) + _ONE_DETAIL_SE * float(np.sqrt(apart))
                out[f"{kind}_{name}"] = min(out[kind], float((two + _NAMESAKES_PSEUDO * out[kind])
                                                             / (copies + _NAMESAKES_PSEUDO)))
        return out

    def _one_of_namesakes(self, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Per pair, the most its probability can be: at one place, a pair of one name whose own details differ
        (one own mobile against another) and where nothing personal agrees (no own e-mail or phone, personal id or
        birth date) is one person only as often as the register's copies change that detail, against how often two
        people of that name live or work together there (``namesakes``). A rare name is no evidence here: a son is
        named after his father however rare the name. Own details are read in every column of their kind: two own
        mobiles in "Mobil" that differ make the "Telefon" both rows give the home's landline. Where only one kind
        differs at the very same address or company because one row has none of its own of the other kind (a guest
        checkout's other mailbox and no phone), two people are counted on such pairs (``_namesakes_at_place``): a
        father and son each give an own mobile, a copy often drops it. Other pairs: 1."""
        out = np.ones(levels.shape[1])
        rows = {c.name: row for row, c in enumerate(self.comparisons)}
        own = [name for name in ("email", "phone") if name in rows and name in self.keys]
        if "given" not in rows or not own:
            return out
        place, family = self._at_place_by_name(levels)
        at = np.flatnonzero(place)  # a few pairs in a hundred: the rest is worked out on those only
        if not at.size:
            return out
        levels, i, j, family = levels[:, at], i[at], j[at], family[at]
        keep = np.ones(len(at), dtype=bool)
        against = np.where(family, self.namesakes["whole"], self.namesakes["given"])
        differ = np.zeros_like(keep)
        both_own = {name: self._own(name)[i] & self._own(name)[j] for name in own}
        changed_kinds = []
        company = self._same_company(levels)
        for name in own:
            second = self._second_differ(name, levels, i, j)  # every column of the kind, not only the first
            # at one company a private mailbox against a work one, or a mobile against a desk line, is what one
            # employee gives on two occasions, not two people's own details
            changed = (self._own_differ(rows[name], levels, i, j) & ~(company & self._one_employees_two(name, levels, i, j))
                       | second)
            # the same number where each row's own mobile in another column differs is the home's landline (a
            # father and the son named after him share it), not a detail of one person's own; a second column's
            # agreeing number is not read as one person's either (Shopify's "Default Address Phone" is the home's)
            keep &= ~(self.own_agree(rows[name], levels, i, j) & ~second)
            differ |= changed
            changed_kinds.append(changed)
        for name, changed in zip(own, changed_kinds):
            # the one kind that differs, the other not held by both rows in its first column nor differing in any:
            # two people are counted on such pairs themselves (``_namesakes_at_place``)
            others = [both for other, both in both_own.items() if other != name]
            alone = changed & (sum(changed_kinds) == 1) & ~(others[0] if others else np.zeros_like(keep))
            alone &= self._same_place(levels)
            one = np.where(family, self.namesakes.get(f"whole_{name}", self.namesakes["whole"]),
                           self.namesakes.get(f"given_{name}", self.namesakes["given"]))
            against = np.where(alone, one, against)
        for name, changed in zip(own, changed_kinds):
            against = np.where(changed, against / self._own_changes_or_default(name), against)
        hit = keep & differ
        out[at[hit]] = 1.0 / (1.0 + against[hit])
        return out

    # -- a sign-up without a name on a person's own mailbox ----------------------------------------------------
    def _bare(self) -> np.ndarray:
        """Per row: no family name, company or org number of its own (a newsletter sign-up: an e-mail, perhaps a
        given name). Such a row says who it is only through its mailbox."""
        if ("rows", "bare") not in self.cache:
            out = np.ones(self.keys.n, dtype=bool)
            for name in ("family", "company", "org"):
                if name in self.keys:
                    out &= self.keys[name].codes < 0
            self.cache[("rows", "bare")] = out
        return self.cache[("rows", "bare")]

    def _bare_on_mailbox(self) -> bool:
        """Does any row without a family name or company hold an e-mail (a sign-up)?"""
        if self._signups is None:
            self._signups = bool((self._bare() & (self.keys["email_key"].codes >= 0)).any())
        return self._signups

    def mailbox_levels(self) -> tuple[int | None, list[int]]:
        """(the e-mail comparison's row, its levels of one address written alike: the same, or but for dots or
        case)."""
        row = next((r for r, c in enumerate(self.comparisons) if c.name == "email"), None)
        if row is None or "email_key" not in self.keys:
            return None, []
        exact = [index for index, level in enumerate(self.comparisons[row].levels)
                 if any(isinstance(c, Exact) and c.key in ("email", "email_key") for c in level.conditions)]
        return row, exact

    def _other_names(self) -> frozenset[str]:
        """Given names to look for in a mailbox's user name: the country's common ones and the register's own."""
        if self._given_words is None:
            words = {w for value in self.keys["given"].values for w in value.split() if len(w) >= 3} \
                if "given" in self.keys else set()
            self._given_words = frozenset(words | {n for n in common_given_names() if len(n) >= 3})
        return self._given_words

    def named_after_row(self, value: int, row: int) -> bool:
        """Is e-mail value ``value`` (an ``email_key`` code) built from row ``row``'s name?"""
        memo = self._named_memo
        if (value, row) not in memo:
            given, family = (self.keys[name] for name in ("given", "family"))
            user, _, _ = self.keys["email_key"].values[value].rpartition("@")
            memo[(value, row)] = user not in ROLE_LOCAL_PARTS and given.codes[row] >= 0 and \
                family.codes[row] >= 0 and named_after(user, given.values[given.codes[row]],
                                                       family.values[family.codes[row]], self._other_names())
        return memo[(value, row)]

    def _signed_up(self, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Per pair, the least its probability can be: a row without a family name or company of its own (a
        newsletter sign-up: an e-mail, perhaps a given name) on a mailbox that one person in the register holds and
        that is built from that person's name (per.nilsson69@, not post.berg@ or annaochper@), where nothing else
        of the two rows differs, is that person as often as such mailboxes are one person's (``mailbox_shared``).
        The e-mail's weight alone cannot say so: it is counted as if the mailbox were anyone's. Other pairs: 0."""
        out = np.zeros(levels.shape[1])
        row, exact = self.mailbox_levels()
        if row is None or not exact or "given" not in self.keys or "family" not in self.keys:
            return out
        bare = self._bare()
        if not self._bare_on_mailbox():  # most registers: every row with an e-mail has a name or a company
            return out
        # the mailbox with its webmail domain mistyped (geir.h@gmial.com, a slip a sign-up form accepts) is the same
        # mailbox: keys.email_meant reads the domain as meant, as the cleaner's own suggestion does
        meant = [index for index, level in enumerate(self.comparisons[row].levels)
                 if any(isinstance(c, Exact) and c.key == "email_meant" for c in level.conditions)]
        at = np.flatnonzero(np.isin(levels[row], exact + meant) & (bare[i] | bare[j]))
        if not at.size:
            return out
        a, b, lv = i[at], j[at], levels[:, at]
        keep = np.ones(len(at), dtype=bool)
        for index, comparison in enumerate(self.comparisons):  # nothing of the two rows differs
            fine = np.array([level.agrees for level in comparison.levels])
            fine[0] = True
            keep &= fine[lv[index]]
        people = self.keys.people("email_key")
        keep &= np.maximum(people[a], people[b]) == 1
        if not keep.any():
            return out
        holders, start = self._mailbox_holders()
        code = self.keys["email_key"].codes
        for k in np.flatnonzero(keep):
            # one holder (``people``): any of its rows may show the name the mailbox was built from (Anne, not A.);
            # on a mistyped domain the two rows' addresses are two values, and the holder is on one of them
            for value in {int(code[a[k]]), int(code[b[k]])}:
                if any(self.named_after_row(value, int(row)) for row in holders[start[value]:start[value + 1]]):
                    out[at[k]] = 1.0 - self.mailbox_shared
        return out

    def sign_up_fits(self, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs where one row is a sign-up (no family name, company or org number of its own: ``_bare``) and
        nothing of the two rows differs but, perhaps, the e-mail. Such a row says who it is only through its mailbox,
        and a person keeps more than one: beside the other rows of its mailbox holder's cluster it has nothing
        against it (a Shopify buyer's newsletter sign-up next to her copy with a work address)."""
        bare = self._bare()
        out = bare[i] | bare[j]
        if not out.any():
            return out
        for row, comparison in enumerate(self.comparisons):
            if comparison.name != "email":
                fine = np.array([level.agrees for level in comparison.levels])
                fine[0] = True
                out &= fine[levels[row]]
        return out

    def _mailbox_holders(self) -> tuple[np.ndarray, np.ndarray]:
        """The rows holding an ``email_key`` value with a given and a family name, grouped by value: (rows in value
        order, per value where its rows start; value ``v``'s rows are ``rows[start[v]:start[v + 1]]``)."""
        if ("email", "holders") not in self.cache:
            key, given = self.keys["email_key"], self.keys["given"]
            rows = np.flatnonzero((key.codes >= 0) & (given.codes >= 0) & (self.keys["family"].codes >= 0))
            rows = rows[np.argsort(key.codes[rows], kind="stable")]
            self.cache[("email", "holders")] = rows
            self.cache[("email", "start")] = np.searchsorted(key.codes[rows], np.arange(len(key.values) + 1))
        return self.cache[("email", "holders")], self.cache[("email", "start")]

    def _mailbox_shared(self, i: np.ndarray, j: np.ndarray, levels: np.ndarray, rng: np.random.Generator) -> float:
        """How often a mailbox built from one person's name is held by two people, learnt without labels: among
        pairs of two named rows on one such mailbox, the share whose given names differ (a couple's or a family's
        mailbox named after one of them). Read only where the register has rows without a family name on a mailbox
        (else it decides nothing); shrunk towards ``_MAILBOX_SHARED``."""
        row, exact = self.mailbox_levels()
        rows = {c.name: r for r, c in enumerate(self.comparisons)}
        if row is None or not exact or "given" not in rows or "family" not in self.keys:
            return _MAILBOX_SHARED
        if not self._bare_on_mailbox():
            return _MAILBOX_SHARED
        code = self.keys["email_key"].codes
        given = levels[rows["given"]]
        both = np.flatnonzero(np.isin(levels[row], exact) & (given > 0) &
                              (self.keys["family"].codes[i] >= 0) & (self.keys["family"].codes[j] >= 0))
        if len(both) > _MAILBOX_SAMPLE:
            both = np.sort(rng.choice(both, _MAILBOX_SAMPLE, replace=False))
        seen = two = 0
        last = len(self.comparisons[rows["given"]].levels) - 1
        for k in both:
            value = int(code[i[k]])
            if self.named_after_row(value, int(i[k])) or self.named_after_row(value, int(j[k])):
                seen += 1
                two += int(given[k] == last)
        return float((two + _MAILBOX_PSEUDO * _MAILBOX_SHARED) / (seen + _MAILBOX_PSEUDO))

    def score(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(levels, probability) for the given pairs."""
        levels = self.levels(i, j)
        return levels, self.pair_probability(i, j, levels)

    def score_with_odds(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(levels, probability, log2-odds) for the given pairs."""
        levels = self.levels(i, j)
        return (levels, *self.pair_scores(i, j, levels))

    # -- training ---------------------------------------------------------------------------------------
    def fit(self, i: np.ndarray, j: np.ndarray, levels: np.ndarray, total_pairs: int) -> dict:
        """Learn u on random pairs, then m and the prior by EM on the candidate pairs."""
        n = self.keys.n
        if n < self.config.learn_min_rows or not len(i):
            return {"trained": False}
        rng = np.random.default_rng(self.config.seed)
        self._learn_u(rng)
        self.learnt = True
        self.household_given = self._household_given(levels) or self.household_given
        changes = self._family_changes(i, j, levels)
        if changes is not None:
            # a value held by two whole names of one given name: one person who changed family name, or two
            # people of one household who share a given name; the register says which happens more often
            self.keys.married_names = changes > self.household_given
        self.own_changes = self._own_changes(i, j, levels)
        self.own_missing = self._own_missing(i, j, levels)
        self.namesakes = self._namesakes_at_place(i, j, levels)
        self.mailbox_shared = self._mailbox_shared(i, j, levels, rng)
        self.own_mailbox_two = own_mailbox.learn_two(self, levels, i, j)
        self.dotted_one = dotted_mailbox.learn(self, levels, i, j)
        self._learn_m(i, j, levels, total_pairs, rng)
        return {
            "trained": True,
            "prior": self.prior,
            "household_given": self.household_given,
            "married_names": self.keys.married_names,
            "own_changes": self.own_changes,
            "own_missing": self.own_missing,
            "namesakes_at_place": self.namesakes,
            "mailbox_shared": self.mailbox_shared,
            "own_mailbox_two": self.own_mailbox_two,
            "dotted_one": self.dotted_one,
            "m": {c.name: dict(zip((lv.label for lv in c.levels[1:]), np.round(m[1:], 4).tolist()))
                  for c, m in zip(self.comparisons, self.m)},
            "u": {c.name: dict(zip((lv.label for lv in c.levels[1:]), [float(f"{x:.3g}") for x in u[1:]]))
                  for c, u in zip(self.comparisons, self.u)},
        }

    def _learn_u(self, rng: np.random.Generator) -> None:
        """u per level: how often it happens between random rows of the register."""
        n = self.keys.n
        size = min(_SAMPLE_PAIRS, n * (n - 1) // 2)
        a, b = rng.integers(0, n, size), rng.integers(0, n, size)
        keep = a != b
        sample = self.levels(a[keep], b[keep])
        for row, comparison in enumerate(self.comparisons):
            counts = np.bincount(sample[row], minlength=len(comparison.levels)).astype(float)
            filled = counts[1:].sum()
            if filled < 100:
                continue
            # a level never seen among random pairs is rare, but not rarer than a tenth of its default
            u = np.maximum(np.maximum(counts, 0.5) / filled, self.u[row] / 10)
            top = comparison.levels[1]
            if not top.tf and len(top.conditions) == 1 and isinstance(top.conditions[0], Exact):
                # an exact match on a near-unique key (the personal id) is too rare for 200 000 random pairs
                # to measure. The share of pairs of filled rows that agree, counted from the value counts, is
                # an upper bound (it counts the duplicates themselves); the default is the rate at which two
                # different people share one id
                key = self.keys[top.conditions[0].key]
                f = float(key.filled)
                if f >= 2:
                    agree = float((key.counts.astype(np.float64) * (key.counts - 1)).sum()) / (f * (f - 1))
                    u[1] = min(agree, self.u[row][1]) if agree > 0 else self.u[row][1] / 10
            u[0] = 1.0
            self.u[row] = u

    def _learn_m(self, i: np.ndarray, j: np.ndarray, levels: np.ndarray, total_pairs: int,
                 rng: np.random.Generator) -> None:
        """m per level and the prior by EM over (a sample of) the candidate pairs, u fixed."""
        n = self.keys.n
        self.prior = start = min(0.5, self.config.duplicate_rate * n / total_pairs)
        candidates = len(i)
        if len(i) > self.config.em_max_pairs:
            pick = rng.choice(len(i), self.config.em_max_pairs, replace=False)
            i, j, levels = i[pick], j[pick], levels[:, pick]
        defaults = [np.array([level.m for level in c.levels]) for c in self.comparisons]
        shared = self.holders(i, j, levels) if len(i) <= _CHUNK else None  # the same pairs every iteration
        # one chunk of pairs (pair_scores then sees them whole): what depends on their levels only is kept
        self._same_pairs = {} if shared is not None else None
        try:
            self._em(i, j, levels, total_pairs, shared, defaults, candidates, start)
        finally:
            self._same_pairs = None

    def _em(self, i: np.ndarray, j: np.ndarray, levels: np.ndarray, total_pairs: int, shared: np.ndarray | None,
            defaults: list[np.ndarray], candidates: int, start: float) -> None:
        """The EM iterations of ``_learn_m``: m per level and the prior from the posterior of the pairs."""
        for _ in range(self.config.em_iterations):
            post = self.pair_probability(i, j, levels, shared)
            for row, comparison in enumerate(self.comparisons):
                mass = np.bincount(levels[row], weights=post, minlength=len(comparison.levels))
                if mass[1:].sum() <= 1.0:
                    continue
                m = mass / mass[1:].sum()
                # EM on blocked pairs overrates levels that namesakes share; stay near the defaults
                m = np.clip(m, defaults[row] / 2, np.minimum(0.995, defaults[row] * 2))
                for index, level in enumerate(comparison.levels):
                    if level.veto:
                        m[index] = level.m
                m[0] = 1.0
                m[1:] /= m[1:].sum()
                self.m[row] = m
            self.prior = float(np.clip(post.sum() * candidates / len(i) / total_pairs, start / 3, min(0.5, start * 3)))
