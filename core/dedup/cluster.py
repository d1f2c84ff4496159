"""From scored pairs to clusters that hold pair by pair, a survivor, a merge proposal, words.

No chaining: A~B and B~C do not put A and C in one cluster unless A~C holds too. Pairs at or above the
review threshold form connected components; inside each, groups join strongest edge first (complete
linkage) and only when *every* pair across the two groups is likely: it scores at least the likely
threshold, or has the same given and family name with nothing against it (the third row vouches for a
copy that moved). A sure cluster is joined by sure edges only and holds no pair that looks like two people
(another given or middle name, birth date, personal id, generation or kind of row: ``Scorer.apart``); rows
left over form review clusters the same way. Components up to ``max_cluster_check`` rows have every pair
scored; in a larger one a pair that was never a candidate counts as not likely, so it cannot hold two rows
it never compared.

Every cluster keeps the score and evidence of each of its pairs, so that the note on a row ("duplicate
of row N") states that pair's own evidence.

The survivor is the most recently updated row when an ``updated_at`` column
exists, else the most complete row, else the first. The merge proposal fills
the survivor's empty cells from its duplicates and lists every column where
the rows disagree; it never picks between two different values.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.dedup.conditions import FinnishForm
from core.dedup.keys import IGNORE, Keys, date_key, fold
from core.dedup.match import Scorer
from core.dedup.models import Conflict, DuplicateCluster, Fill, MergeProposal, PairEvidence
from core.i18n import N_

_COMPARE_KEYS = {"email": "email", "phone": "phone", "personal_id": "pid", "birth_date": "dob", "postal_code": "postal"}

# A Swedish name and its Finnish form (Mikael / Mikko) are one name at the nickname level, but not a nickname: said as
# what they are, beside the held-back "each form of the given name is also a name of its own" (core.dedup.explain)
_FORMS = N_("same given name in Finnish and Swedish")

# (a, b) with a < b -> (probability, looks like two people, likely: scores at least the likely threshold or has
# the same name with nothing against it)
Pairs = dict[tuple[int, int], tuple[float, bool, bool]]


def _components(i: np.ndarray, j: np.ndarray) -> list[list[int]]:
    parent: dict[int, int] = {}

    def find(r: int) -> int:
        root = parent.setdefault(r, r)
        while parent[root] != root:
            root = parent[root]
        while parent[r] != root:
            parent[r], r = root, parent[r]
        return root

    for a, b in zip(i.tolist(), j.tolist()):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for r in parent:
        members.setdefault(find(r), []).append(r)
    return [sorted(m) for m in members.values()]


def group_rows(scorer: Scorer, i: np.ndarray, j: np.ndarray, prob: np.ndarray, sure: float, review: float,
               max_check: int, apart: np.ndarray | None = None,
               likely: float | None = None, odds: np.ndarray | None = None) -> list[tuple[list[int], str, Pairs]]:
    """Clusters (0-based rows, band, the scores of all their pairs) from scored candidate pairs.

    ``odds``: the pairs' evidence in log2-odds (``Scorer.pair_scores``); edges of equal probability (many are
    1.0) join strongest evidence first, so a row that agrees on everything joins before a row that agrees on
    less and might keep it out.
    """
    likely = review if likely is None else min(likely, review)
    keep = np.flatnonzero(prob >= review)
    if apart is None:
        apart = np.zeros(len(i), dtype=bool)
    # every candidate pair that is likely, so a larger component can check its pairs across groups
    near = np.flatnonzero(prob >= likely)
    known: Pairs = {(int(a), int(b)): (float(p), bool(x), True)
                    for a, b, p, x in zip(i[near], j[near], prob[near], apart[near])}
    strength = dict(zip(zip(i[near].tolist(), j[near].tolist()), odds[near].tolist())) if odds is not None else {}
    comps = _components(i[keep], j[keep])
    out: list[tuple[list[int], str, Pairs]] = []
    small = [c for c in comps if 3 <= len(c) <= max_check]
    if small:  # every pair inside, scored in one batch
        left, right = [], []
        for comp in small:
            upper, lower = np.triu_indices(len(comp), 1)
            rows = np.array(comp)
            left.append(rows[upper])
            right.append(rows[lower])
        li, ri = np.concatenate(left), np.concatenate(right)
        levels, probs, log_odds = scorer.score_with_odds(li, ri)
        strength.update(zip(zip(li.tolist(), ri.tolist()), log_odds.tolist()))
        # a pair that scores low only for want of shared contact details (one of them moved) but has the same
        # name and nothing against it counts as likely: the third row vouches for both
        # (not across two companies: Niels Jensen and Jensen Niels with two org numbers are two people)
        # a sign-up (an e-mail, perhaps a given name) has nothing against the other rows of its mailbox holder's
        # cluster when nothing but the e-mail differs: a person keeps more than one mailbox
        two = scorer.apart(levels, li, ri)
        two &= ~_held_together(scorer, levels, li, ri, probs, two, sure)
        named = (scorer.same_name(levels) | scorer.sign_up_fits(levels, li, ri)) & ~two & \
            ~scorer.other_company(levels)
        known.update({(int(a), int(b)): (float(x), bool(z), bool(y or x >= likely))
                      for a, b, x, y, z in zip(li, ri, probs, named, two)})
    owner = {r: number for number, comp in enumerate(comps) if len(comp) > 2 for r in comp}
    inside: dict[int, list[tuple[float, float, int, int]]] = {}
    for (a, b), (p, _, _) in known.items():  # the edges of each larger component, in one pass
        if p >= review and a in owner and owner.get(b) == owner[a]:
            inside.setdefault(owner[a], []).append((p, strength.get((a, b), 0.0), a, b))
    for number, comp in enumerate(comps):
        if len(comp) == 2:
            pair = (comp[0], comp[1])
            out.append((comp, "sure" if known[pair][0] >= sure else "review", {pair: known[pair]}))
            continue
        edges = sorted(inside.get(number, ()), reverse=True)
        taken: set[int] = set()
        for band, threshold in (("sure", sure), ("review", review)):
            for group in _complete_linkage(edges, known, threshold, band == "sure", taken):
                taken.update(group)
                out.append((group, band, {(a, b): known[(a, b)] for x, a in enumerate(group) for b in group[x + 1:]}))
    return out


def _held_together(scorer: Scorer, levels: np.ndarray, i: np.ndarray, j: np.ndarray, probs: np.ndarray,
                   two: np.ndarray, sure: float) -> np.ndarray:
    """Pairs that look like two people only because each row has an e-mail and a phone of its own at one place and
    both differ (a father and the son named after him), where a third row holds the two rows' own details together:
    it shares an own e-mail, phone or the personal id with each of them, is a sure pair with each and lives at that
    place too (or gives no address). One person changed both and the third row shows it (Lars Andersson on lars542@
    and 079-550 22 89, later on larsandersson9@ and a new mobile, and in between on larsandersson9@ and 079-550 22
    89); a father and his son do not share a row's details. A row from another address does not speak for the
    place (a namesake's copy that moved away with a number of the home)."""
    out = np.zeros(len(i), dtype=bool)
    soft = np.flatnonzero(two & ~scorer.apart(levels, i, j, own_contacts=False))
    if not soft.size:
        return out
    linked = np.flatnonzero(scorer.own_link(levels, i, j) & ~two & (probs >= sure) & ~scorer.elsewhere(levels))
    near: dict[int, set[int]] = {}
    for a, b in zip(i[linked].tolist(), j[linked].tolist()):
        near.setdefault(a, set()).add(b)
        near.setdefault(b, set()).add(a)
    for k in soft.tolist():
        out[k] = bool(near.get(int(i[k]), set()) & near.get(int(j[k]), set()))
    return out


def _complete_linkage(edges: list[tuple[float, float, int, int]], known: Pairs, threshold: float, strict: bool,
                      taken: set[int]) -> list[list[int]]:
    """Groups joined strongest edge first while every pair across them is likely (and, if strict, one person)."""
    group: dict[int, list[int]] = {}
    for p, _, a, b in edges:
        if p < threshold:
            break
        if a in taken or b in taken:
            continue
        ga, gb = group.setdefault(a, [a]), group.setdefault(b, [b])
        if ga is gb:
            continue
        ok = True
        for x in ga:
            for y in gb:
                found = known.get((x, y) if x < y else (y, x))
                if found is None or not found[2] or (strict and found[1]):
                    ok = False
                    break
            if not ok:
                break
        if ok:
            merged = ga + gb
            for r in merged:
                group[r] = merged
    seen: set[int] = set()
    out: list[list[int]] = []
    for rows in group.values():
        if len(rows) > 1 and id(rows) not in seen:
            seen.add(id(rows))
            out.append(sorted(rows))
    return out


# -- survivor, merge, words -------------------------------------------------------------------------------
def survivor(rows: list[int], table: Sequence[Sequence[str]], roles: Sequence[str | None]) -> int:
    """Most recently updated, else most complete, else first (0-based row indices)."""
    updated = [c for c, role in enumerate(roles) if role == "updated_at"]

    width = len(roles)

    def rank(r: int) -> tuple[str, int, int]:
        row = table[r]
        stamp = date_key((row[updated[0]] or "") if updated[0] < len(row) else "").ljust(14, "0") if updated else ""
        filled = sum(1 for value in row[:width] if value and value.strip())
        return (stamp, filled, -r)

    return max(rows, key=rank)


def merge_proposal(rows: list[int], keep: int, header: Sequence[str], table: Sequence[Sequence[str]],
                   roles: Sequence[str | None], keys: Keys) -> MergeProposal:
    fills, conflicts = [], []
    updated = [c for c, role in enumerate(roles) if role == "updated_at"]
    others = [r for r in rows if r != keep]
    if updated:  # the most recent duplicate fills first
        others.sort(key=lambda r: date_key(table[r][updated[0]] if updated[0] < len(table[r]) else ""), reverse=True)
    for column, name in enumerate(header):
        if roles[column] in ("updated_at", IGNORE):
            continue
        values = {r: (table[r][column] if column < len(table[r]) else "") or "" for r in rows}
        filled = {r: v for r, v in values.items() if v.strip()}
        if not filled:
            continue
        key_name = _COMPARE_KEYS.get(roles[column] or "")
        if key_name and key_name in keys and keys.columns.get(roles[column] or "") == column:
            same = {r: str(keys[key_name].values[keys[key_name].codes[r]]) for r in filled}
        else:
            same = {r: fold(v) for r, v in filled.items()}
        if len(set(same.values())) > 1:
            conflicts.append(Conflict(column=column, header=name, values={r + 1: v for r, v in sorted(filled.items())}))
        elif not values[keep].strip():
            source = next(r for r in others if r in filled)
            fills.append(Fill(row=keep + 1, column=column, value=filled[source], source_row=source + 1))
    return MergeProposal(fills=fills, conflicts=conflicts)


def two_forms(scorer: Scorer, levels: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Per pair (0-based rows ``i[n]``, ``j[n]``, levels ``levels[:, n]``): its given names agree at the nickname level
    as a Swedish name and its Finnish form (Mikael / Mikko, Johan / Juha), not as a nickname (Micke / Mikael)."""
    out = np.zeros(levels.shape[1], dtype=bool)
    if not out.size:  # no pairs: ``levels`` may have no rows to read either
        return out
    at = np.flatnonzero(scorer.given_nickname(levels))
    if at.size:
        out[at] = FinnishForm("given").holds(scorer, i[at], j[at])
    return out


def reasons_for(scorer: Scorer, levels: np.ndarray, memo: dict[bytes, list[str]] | None = None, *,
                forms: bool = False) -> list[str]:
    """Labels of the levels that agree, in comparison order, each once (the given- and the family-name comparison
    both say "given and family name swapped"). ``memo``: reasons already worked out per pattern of levels (the pairs
    of a register share a few hundred patterns). ``forms``: the given names are two forms of one name
    (``two_forms``), said so in place of "(nickname)"."""
    key = levels.tobytes() + (b"forms" if forms else b"") if memo is not None else b""
    if memo is not None and key in memo:
        return list(memo[key])
    # the nickname level is found by its condition (``Scorer.given_nickname``), not by its label's words
    nickname = scorer.given_nickname(np.asarray(levels).reshape(-1, 1))[0] if forms else False
    found = list(dict.fromkeys(_FORMS if nickname and c.name == "given" else c.levels[int(level)].label
                               for c, level in zip(scorer.comparisons, levels)
                               if c.levels[int(level)].agrees and c.levels[int(level)].label))
    if memo is not None:
        memo[key] = found
    return list(found)


def explanation(reasons: list[str], score: float) -> str:
    percent = int(score * 100) if score < 1 else 100
    return f"{', '.join(reasons) or 'similar rows'}: {percent} %"


def make_clusters(scorer: Scorer, grouped: list[tuple[list[int], str, Pairs]],
                  header: Sequence[str], table: Sequence[Sequence[str]], roles: Sequence[str | None],
                  merge: bool = True) -> list[DuplicateCluster]:
    """DuplicateCluster objects, numbered by their first row, each with the evidence of every pair."""
    grouped = sorted(grouped, key=lambda g: g[0][0])
    every = [(a, b) for _, _, pairs in grouped for a, b in sorted(pairs)]
    levels = scorer.levels(np.array([a for a, _ in every], dtype=np.int64),
                           np.array([b for _, b in every], dtype=np.int64)) if every else np.empty((0, 0), np.int8)
    column = {pair: n for n, pair in enumerate(every)}
    forms = two_forms(scorer, levels, np.array([a for a, _ in every], dtype=np.int64),
                      np.array([b for _, b in every], dtype=np.int64))
    clusters = []
    memo: dict[bytes, list[str]] = {}
    for number, (rows, band, pairs) in enumerate(grouped):
        evidence = []
        for (a, b), (p, _, _) in sorted(pairs.items()):
            why = reasons_for(scorer, levels[:, column[(a, b)]], memo, forms=bool(forms[column[(a, b)]]))
            shown = round(p, 4)  # the score every surface shows: the explanation, the status note, the report
            evidence.append(PairEvidence(rows=[a + 1, b + 1], score=shown, reasons=why,
                                         explanation=explanation(why, shown)))
        score = min(e.score for e in evidence)
        # what every pair agrees on, in the order of the weakest pair's reasons
        weakest = min(evidence, key=lambda e: e.score)
        common = [r for r in weakest.reasons if all(r in e.reasons for e in evidence)]
        keep = survivor(rows, table, roles)
        clusters.append(DuplicateCluster(
            cluster_id=number + 1, rows=[r + 1 for r in rows], survivor=keep + 1, score=score, band=band,
            reasons=common, explanation=explanation(common, score), pairs=evidence,
            merge=merge_proposal(rows, keep, header, table, roles, scorer.keys) if merge else MergeProposal()))
    return clusters
