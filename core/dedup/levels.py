"""Duplicates at the company or household level: rows that are one customer *organisation* or one *home*.

``rensa clean --dedupe-level company`` treats every contact at one company as one customer: rows with the same
organisation number are one company (sure); rows without one whose company names agree once the legal form is
dropped ("Haugen Bygg AS" = "Haugen Bygg") are one company when they also share an address, a postcode, a
phone or an e-mail domain (sure), and on the name alone only to review. Two different organisation numbers
are two companies, whatever the names say.

``--dedupe-level household`` treats the people of one home as one customer: the same street address (with
the same postcode, or the same town) and the same family name (sure). Rows with no address or no family name
are left out: they say nothing about a home.

Groups are made by the shared key, not by chains of similar pairs, so there is nothing to chain; every row's
evidence is stated against the row the group keeps. A group whose rows are not all sure against the row it keeps is
split: the rows sure against it are one sure group (the rest may form sure groups of their own the same way), and a
row with nothing sure of its own is left out; only a group with no sure part at all stays one group to review.

What a level's sure grouping leaves out but may be the same customer is reported beside the groups, never marked
Delete (``PossibleDuplicate`` for a row, ``CloseClusters`` for another sure group, with the level's words: "Possible
same company as row 4 (...)", "Rows 2 and 3 may be the same household as rows 7 and 8 (...)"). What "may be" means
follows what the level groups by, with part of it agreeing and nothing against it:

* **company** (org number, or company name with a place): two different org numbers are never one company. A row
  (or group) may be the company of a sure group when it has the group's company name but the name is held by
  two org numbers (a row without one cannot tell which), when it shares its name but no place (it is left out of
  the group), when its name is similar (one holds the other: "Haugen Bygg" / "Haugen Bygg og Anlegg AS", or
  one letter off) and it shares an address, a phone or a company's own e-mail domain (not gmail.com and the like),
  or when it names no company and no org number but shares the phone or the company's own e-mail domain.
* **household** (street address with the same postcode or town, and family name): a row (or group) may be the home
  of a sure group when the address is the same and the family names are related (a double name holding the
  other: "Åberg-Lind" / "Åberg", or one letter off), or when the family name is the same and the address agrees
  in part (the same street with one postcode missing or one digit off, or the town where the other has the
  postcode; or a street written a little differently, with the same number, at the same postcode).

Scores at these levels are the level's two bands, not probabilities: 99 % for what the level groups by, 75 % for
what a person checks.

>>> header = ["Firma", "Org.nr", "Namn"]
>>> rows = [["Haugen Bygg AS", "912345678", "Tor"], ["Haugen Bygg", "912345678", "Kari"], ["Berg AS", "", "Ola"]]
>>> [(c.rows, c.band, c.pairs[0].reasons) for c in company_clusters(header, rows, ["company", "org_id", "full_name"])]
[([1, 2], 'sure', ['same organisation number', 'same company'])]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from core.dedup.cluster import merge_proposal, survivor
from core.dedup.keys import FREE_PROVIDERS, Keys, fold
from core.dedup.models import (
    CloseClusters,
    DedupConfig,
    DuplicateCluster,
    MergeProposal,
    PairEvidence,
    PossibleDuplicate,
)
from core.i18n import N_

# Legal forms dropped from a company name before names are compared (Nordic, then common foreign ones)
_LEGAL_FORMS = re.compile(
    r"\b(?:ab|publ|hb|kb|ek for|ekonomisk forening|as|asa|ans|da|enk|sa|ba|nuf|a s|aps|i s|k s|p s|amba|smba|"
    r"oy|oyj|ky|tmi|ry|ltd|limited|gmbh|inc|llc|plc|bv|sarl)\b")


def company_name_key(value: str) -> str:
    """A company name folded, without its legal form.

    >>> company_name_key("Haugen Bygg AS"), company_name_key("HAUGEN BYGG"), company_name_key("Åbergs Måleri AB")
    ('haugen bygg', 'haugen bygg', 'abergs maleri')
    """
    return " ".join(_LEGAL_FORMS.sub(" ", fold(value)).split())


def _table(rows: Sequence[Sequence[str]], column: int | None) -> list[str]:
    if column is None:
        return [""] * len(rows)
    return [(row[column] if column < len(row) else "") or "" for row in rows]


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, r: int) -> int:
        while self.parent[r] != r:
            self.parent[r] = self.parent[self.parent[r]]
            r = self.parent[r]
        return r

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for r in range(len(self.parent)):
            out.setdefault(self.find(r), []).append(r)
        return [g for g in out.values() if len(g) > 1]


def _by_key(union: _Union, keys: list[str], allowed: list[bool] | None = None) -> None:
    first: dict[str, int] = {}
    for r, key in enumerate(keys):
        if key and (allowed is None or allowed[r]):
            if key in first:
                union.join(first[key], r)
            else:
                first[key] = r


SURE_SCORE, CHECK_SCORE = 0.99, 0.75  # the level's two bands: what it groups by, and what a person checks
_MAX_UNITS = 40  # a block of more groups than this (a placeholder phone, a shared e-mail host) links nothing
_PER_UNIT = 4  # rows of one group compared in a block (its row kept first)
_MAX_LONE = 50  # rows with nothing sure of their own a group is split around before the rest is left out too

# Level labels said in words on every surface (the rest are the person level's: core.dedup.comparisons)
SAME_EMAIL_DOMAIN = N_("same e-mail domain")

Evidence = Callable[[int, int], tuple[list[str], bool]]
Weak = Callable[[int, int], "list[str] | None"]


def _pair(a: int, b: int, reasons: list[str], score: float) -> PairEvidence:
    """The evidence of rows ``a`` and ``b`` (0-based) at a level."""
    return PairEvidence(rows=sorted([a + 1, b + 1]), score=score, reasons=reasons,
                        explanation=f"{', '.join(reasons) or 'similar rows'}: {int(score * 100)} %")


def _split(group: list[int], evidence: Evidence, rows: Sequence[Sequence[str]],
           roles: Sequence[str | None]) -> tuple[list[tuple[int, list[int]]], list[int]]:
    """The sure parts of one group, each ``(row kept, rows)``, and the rows left out (0-based, ascending).

    The row the group keeps and every row sure against it are one sure part; the rest is split again the same
    way, and a row with nothing sure against it is left out. A group that is sure as a whole is one part.
    """
    parts: list[tuple[int, list[int]]] = []
    left: list[int] = []
    pending = sorted(group)
    while pending:
        if len(left) >= _MAX_LONE:  # many rows with nothing sure (one big company named and nothing else): the
            left += pending           # rest is left out too, so a group costs at most _MAX_LONE passes over it
            break
        keep = survivor(pending, rows, roles)
        core = [keep] + [r for r in pending if r != keep and evidence(keep, r)[1]]
        if len(core) > 1:
            parts.append((keep, sorted(core)))
        else:
            left.append(keep)
        taken = set(core)
        pending = [r for r in pending if r not in taken]
    return parts, sorted(left)


def _cluster(number: int, keep: int, members: list[int], evidence: Evidence, header: Sequence[str],
             rows: Sequence[Sequence[str]], roles: Sequence[str | None], keys: Keys, config: DedupConfig,
             level: str) -> DuplicateCluster:
    pairs, band = [], "sure"
    for r in members:
        if r == keep:
            continue
        reasons, sure = evidence(keep, r)
        band = band if sure else "review"
        pairs.append(_pair(keep, r, reasons, SURE_SCORE if sure else CHECK_SCORE))
    common = [x for x in pairs[0].reasons if all(x in p.reasons for p in pairs)]
    score = min(p.score for p in pairs)
    return DuplicateCluster(
        cluster_id=number, rows=[r + 1 for r in members], survivor=keep + 1, score=score, band=band,
        reasons=common, explanation=f"{', '.join(common) or 'similar rows'}: {int(score * 100)} %", pairs=pairs,
        level=level, merge=merge_proposal(members, keep, header, rows, roles, keys) if config.merge_proposals
        else MergeProposal())


def _level_result(groups: Iterable[Iterable[int]], evidence: Evidence, blocks: Iterable[Sequence[int]], weak: Weak,
                  header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None], keys: Keys,
                  config: DedupConfig, level: Literal["company", "household"],
                  ) -> tuple[list[DuplicateCluster], list[PossibleDuplicate], list[CloseClusters]]:
    """The level's clusters, the rows its sure clusters leave out that may be one of them, and the pairs of sure
    clusters that may be one customer.

    ``groups``: rows joined by what the level groups by; ``evidence(a, b)``: a pair's reasons and whether it is sure
    at the level; ``blocks``: rows that share a value ``weak`` may find something in; ``weak(a, b)``: the reasons a
    pair may be one customer at the level, or None.
    """
    made: list[tuple[int, list[int], str]] = []  # (row kept, rows, band)
    left_of: list[tuple[list[int], list[int]]] = []  # rows left out of a group, with its sure parts (indices)
    for group in sorted((sorted(g) for g in groups), key=lambda g: g[0]):
        parts, left = _split(group, evidence, rows, roles)
        if not parts:  # nothing sure in it: the whole group is for a person to check, as before
            made.append((survivor(group, rows, roles), group, "review"))
            continue
        first = len(made)
        made += [(keep, members, "sure") for keep, members in parts]
        if left or len(parts) > 1:
            left_of.append((left, list(range(first, len(made)))))
    order = sorted(range(len(made)), key=lambda k: made[k][1][0])  # numbered by their first row
    number_of = {k: n + 1 for n, k in enumerate(order)}
    clusters = [_cluster(number_of[k], made[k][0], made[k][1], evidence, header, rows, roles, keys, config, level)
                for k in order]
    by_number = {c.cluster_id: c for c in clusters}
    sure_of = {r - 1: c.cluster_id for c in clusters if c.band == "sure" for r in c.rows}
    review_of = {r: c.cluster_id for c in clusters if c.band != "sure" for r in c.rows}

    best: dict[tuple, tuple[tuple, int, int, list[str]]] = {}  # (unit, unit) -> (rank, a, b, reasons)

    def offer(a: int, b: int, reasons: list[str]) -> None:
        if not reasons:
            return
        units = sorted([("c", sure_of[a]) if a in sure_of else ("r", a), ("c", sure_of[b]) if b in sure_of else ("r", b)])
        if units[0] == units[1] or units[0][0] == "r":  # one sure cluster, or neither row in one: nothing to say
            return
        kept = sum(1 for r in (a, b) if r in sure_of and by_number[sure_of[r]].survivor == r + 1)
        rank = (len(reasons), kept, -min(a, b), -max(a, b))
        key = (units[0], units[1])
        if key not in best or rank > best[key][0]:
            best[key] = (rank, a, b, reasons)

    for left, indices in left_of:  # rows and sure parts of one group: what joined them is what they share
        # a few rows of each part (the row it keeps first): a large company's part is thousands of one org number
        shown = [[made[k][0]] + [r for r in made[k][1] if r != made[k][0]][:_PER_UNIT - 1] for k in indices]
        for x, part in enumerate(shown):
            for r in left + [r for other in shown[x + 1:] for r in other]:
                for other in part:
                    offer(r, other, evidence(r, other)[0])
    for block in blocks:  # across groups: what ``weak`` finds (two sure groups need a shared place, see company_level)
        units: dict[int, list[int]] = {}  # sure cluster id, or -1 - row for a row in none: its rows in the block
        for r in block:
            units.setdefault(sure_of.get(r, -1 - r), []).append(r)
        if len(units) < 2 or len(units) > _MAX_UNITS:
            continue
        # a few rows of each unit, the row a cluster keeps first: a large company's rows all share its domain
        heads = [(unit > 0, sorted(members, key=lambda r: (by_number[unit].survivor != r + 1 if unit > 0 else 0, r))
                  [:_PER_UNIT]) for unit, members in sorted(units.items())]
        for x, (sure_first, first_rows) in enumerate(heads):
            for sure_second, second_rows in heads[x + 1:]:
                if not (sure_first or sure_second):
                    continue  # two rows in no sure group: nothing to repeat
                for a in first_rows:
                    for b in second_rows:
                        reasons = weak(min(a, b), max(a, b))
                        if reasons is not None:
                            offer(min(a, b), max(a, b), reasons)

    possible: dict[int, list[tuple[int, int, PairEvidence]]] = {}
    close = []
    for (first, second), (_, a, b, reasons) in sorted(best.items()):
        evidence_ = _pair(a, b, reasons, CHECK_SCORE)
        if first[0] == "c" and second[0] == "c":
            pair = (a, b) if sure_of[a] == first[1] else (b, a)
            close.append(CloseClusters(clusters=[first[1], second[1]], rows=[pair[0] + 1, pair[1] + 1],
                                       pair=evidence_, level=level))
        else:
            row, cluster = (first[1], second[1]) if first[0] == "r" else (second[1], first[1])
            other = b if row == a else a
            possible.setdefault(row, []).append((other + 1, cluster, evidence_))
    found = []
    for row, named in sorted(possible.items()):
        named.sort(key=lambda item: item[0])
        found.append(PossibleDuplicate(row=row + 1, rows=[o for o, _, _ in named], clusters=[c for _, c, _ in named],
                                       pairs=[e for _, _, e in named], cluster_id=review_of.get(row + 1), level=level))
    return clusters, found, sorted(close, key=lambda link: link.clusters)


def _blocks(*keys: Sequence[str]) -> list[list[int]]:
    """Rows (0-based) that share a non-empty value of one of ``keys``, block by block."""
    out = []
    for values in keys:
        rows_of: dict[str, list[int]] = {}
        for r, value in enumerate(values):
            if value:
                rows_of.setdefault(value, []).append(r)
        out += [block for block in rows_of.values() if len(block) > 1]
    return out


def _similar(a: str, b: str) -> bool:
    """Two names that may be one: one holds the other's words ("haugen bygg" / "haugen bygg og anlegg") or they
    are a letter or two apart."""
    if not a or not b or a == b:
        return False
    words_a, words_b = set(a.split()), set(b.split())
    return words_a <= words_b or words_b <= words_a or fuzz.ratio(a, b) >= 88


def company_clusters(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
                     config: DedupConfig | None = None) -> list[DuplicateCluster]:
    """Clusters of rows that are one company."""
    return company_level(header, rows, roles, config)[0]


def household_clusters(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
                       config: DedupConfig | None = None) -> list[DuplicateCluster]:
    """Clusters of rows that are one household: the same address and family name."""
    return household_level(header, rows, roles, config)[0]


def company_level(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
                  config: DedupConfig | None = None,
                  ) -> tuple[list[DuplicateCluster], list[PossibleDuplicate], list[CloseClusters]]:
    """Clusters of rows that are one company, the rows they leave out that may be one of them, and the pairs of
    sure clusters that may be one company (see the module's note)."""
    config = config or DedupConfig(level="company")
    roles = list(roles) + [None] * (len(header) - len(roles))
    keys = Keys(header, rows, roles, country=config.country)
    column = {role: roles.index(role) if role in roles else None for role in
              ("company", "org_id", "street", "postal_code", "city", "phone", "email")}
    org = ["".join(ch for ch in v if ch.isalnum()).upper() for v in _table(rows, column["org_id"])]
    name = [company_name_key(v) for v in _table(rows, column["company"])]
    street = [fold(v) for v in _table(rows, column["street"])]
    postal = [fold(v).replace(" ", "") for v in _table(rows, column["postal_code"])]
    phone = [v for v in (keys["phone"].strings(np.arange(len(rows))) if "phone" in keys else [""] * len(rows))]
    domain = [v.rpartition("@")[2].strip().lower() for v in _table(rows, column["email"])]
    own_domain = [d if d and d not in FREE_PROVIDERS else "" for d in domain]  # a company's own, not gmail.com
    address = [f"{s}|{p}" if s and p else "" for s, p in zip(street, postal)]
    union = _Union(len(rows))
    _by_key(union, org)
    # without an org number, the name joins rows of one company, never two numbers
    by_name: dict[str, set[str]] = {}
    for r, key in enumerate(name):
        if key and org[r]:
            by_name.setdefault(key, set()).add(org[r])
    _by_key(union, name, [not org[r] or len(by_name.get(name[r], ())) <= 1 for r in range(len(rows))])
    groups = [g for g in union.groups() if len({org[r] for r in g if org[r]}) <= 1]

    def evidence(a: int, b: int) -> tuple[list[str], bool]:
        reasons = []
        if org[a] and org[a] == org[b]:
            reasons.append("same organisation number")
        if name[a] and name[a] == name[b]:
            reasons.append("same company")
        place = [label for label, values in (("same address", street), ("same postal code", postal),
                                             ("same phone", phone), (SAME_EMAIL_DOMAIN, domain))
                 if values[a] and values[a] == values[b]]
        reasons += place
        return reasons, "same organisation number" in reasons or bool(place)

    def weak(a: int, b: int) -> list[str] | None:
        if org[a] and org[b] and org[a] != org[b]:
            return None  # two org numbers: two companies, whatever else they share
        shared = [label for label, values in (("same address", address), ("same phone", phone),
                                              (SAME_EMAIL_DOMAIN, own_domain)) if values[a] and values[a] == values[b]]
        if name[a] and name[a] == name[b]:
            # a name two org numbers hold, and a row without one: it may be either; a group of its own is named
            # only where it shares a place too (else it is a third company of that name as likely as either)
            return ["same company", *shared] if shared or a not in grouped or b not in grouped else None
        if _similar(name[a], name[b]) and shared:
            return ["similar company", *shared]
        nameless = [r for r in (a, b) if not name[r] and not org[r]]
        if len(nameless) == 1 and {"same phone", SAME_EMAIL_DOMAIN} & set(shared):
            return shared  # no company named, but its phone or its own e-mail domain
        return None

    grouped = {r for g in groups for r in g}
    return _level_result(groups, evidence, _blocks(name, phone, own_domain, address), weak, header, rows, roles, keys,
                         config, "company")


def household_level(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
                    config: DedupConfig | None = None,
                    ) -> tuple[list[DuplicateCluster], list[PossibleDuplicate], list[CloseClusters]]:
    """Clusters of rows that are one household, the rows they leave out that may be one of them, and the pairs of
    sure clusters that may be one household (see the module's note)."""
    config = config or DedupConfig(level="household")
    roles = list(roles) + [None] * (len(header) - len(roles))
    keys = Keys(header, rows, roles, country=config.country)
    n = np.arange(len(rows))
    street, postal, city, family, skeleton = ([str(v) for v in keys[name].strings(n)] if name in keys
                                              else [""] * len(rows)
                                              for name in ("street", "postal", "city", "family", "family_skel"))
    place = [f"{s}|{p or c}" if s and (p or c) else "" for s, p, c in zip(street, postal, city)]
    home = [f"{h}|{f}" if h and f else "" for h, f in zip(place, skeleton)]
    union = _Union(len(rows))
    _by_key(union, home)

    def evidence(a: int, b: int) -> tuple[list[str], bool]:
        return ["same address", "same family name"], True

    def near_place(a: int, b: int) -> bool:
        """The same street, and postcode and town do not disagree: one postcode missing or a digit off, or the
        town where the other row has the postcode."""
        if street[a] != street[b]:
            return False
        if postal[a] and postal[b]:
            return len(postal[a]) == len(postal[b]) and sum(x != y for x, y in zip(postal[a], postal[b])) == 1
        return not (city[a] and city[b] and city[a] != city[b])

    def weak(a: int, b: int) -> list[str] | None:
        if not family[a] or not family[b]:
            return None  # a row without a family name says nothing about a home
        if place[a] and place[a] == place[b]:
            if skeleton[a] == skeleton[b]:
                return None  # the same home: the grouping's own (two groups never share it)
            words_a, words_b = set(family[a].split()), set(family[b].split())
            if words_a & words_b:
                return ["same address", "family name partly the same"]
            # one letter off (Åberg / Åberk, Eriksson / Erisson), not a name that only sounds near (Fredriksson)
            return ["same address", "similar family name"] if Levenshtein.distance(family[a], family[b]) == 1 else None
        if skeleton[a] != skeleton[b]:
            return None
        if near_place(a, b):
            return ["similar address", "same family name"]
        if postal[a] and postal[a] == postal[b] and _same_number(street[a], street[b]) \
                and fuzz.ratio(street[a], street[b]) >= 85:
            return ["similar address", "same family name"]
        return None

    family_at = [f"{p}|{k}" if p and k else "" for p, k in zip(postal, skeleton)]
    return _level_result(union.groups(), evidence, _blocks(street, family_at), weak, header, rows, roles, keys, config,
                         "household")


def _same_number(a: str, b: str) -> bool:
    """Two street addresses with the same house number (and letter, flat ...): the digits they hold agree."""
    digits_a, digits_b = re.findall(r"\d+", a), re.findall(r"\d+", b)
    return bool(digits_a) and digits_a == digits_b
