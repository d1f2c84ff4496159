"""Rows a sure cluster leaves out that may still repeat its customer: "possible duplicate of row N".

A row belongs to one cluster at most (``DedupResult.cluster_of``, the clusters file). When complete linkage keeps
a row out of a sure cluster (it was split off a chain, or it is only review-close to the cluster: "T. Haugen" at
the address of a Tor Haugen and a Tone Haugen), its review-band pairs with the cluster's rows were scored and then
dropped, and the user never learnt that the row may repeat a customer. They are kept here, beside the clusters.

Which rows: every row that no sure cluster holds (a row in no cluster, and a row of a review cluster: that
cluster's note names only its own rows, so whoever checks it by hand would not look at the sure cluster) with a
candidate pair at or above the review threshold against a row of a sure cluster. Such a row is scored against
every row of each sure cluster it touches (a handful of pairs: clusters are small), and each cluster is named by
its strongest pair (probability, then evidence in log2-odds; on a tie the row the cluster keeps, which is the row
that stays, then the first row) among the pairs that

* score at least the review threshold, and
* do not look like two people: another given or middle name, birth date, personal id, generation or kind of row
  (``Scorer.apart`` on the levels alone). An initial that fits more than one person ("T." for Tor and for Tone)
  and two own contacts at one place only keep a pair from being sure; they are what a person decides by hand.

A row split off a chain (A~B sure, B~C close, A and C two people) is named against B, with B's evidence: B is
marked as A's duplicate, and the note on C is what tells the user that B may be C's instead.

Rows of sure clusters are not reported as rows: their cluster already says who they are. But two sure clusters can
be one customer whose copies were split because the link between them is only review-close (complete linkage joins
sure clusters by sure edges only): ``close_clusters`` reports such a pair of clusters when a candidate pair across
them is in the review band, named by the strongest pair across them chosen as above (every row of one scored
against every row of the other). The user learns that group A may be the same customer as group B; the two are
never merged and no row of one is marked Delete for the other.

Nothing here changes a cluster, its band or a Delete mark. The cost is one pass over the scores the candidate pairs
already have and the scoring of the few pairs named above.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from core.dedup.cluster import explanation, reasons_for, two_forms
from core.dedup.match import Scorer
from core.dedup.models import CloseClusters, DuplicateCluster, PairEvidence, PossibleDuplicate


def _owners(n: int, sure: Sequence[DuplicateCluster]) -> np.ndarray:
    """Per row (0-based), the index into ``sure`` of its sure cluster, or -1."""
    owner = np.full(n, -1, dtype=np.int64)
    for index, cluster in enumerate(sure):
        owner[np.array(cluster.rows, dtype=np.int64) - 1] = index
    return owner


class _Scored:
    """Groups of pairs (0-based rows, ``i < j``) scored in one batch; ``best(group, rank)`` is the strongest pair of a
    group that scores at least the review threshold and does not look like two people, or None."""

    def __init__(self, scorer: Scorer, groups: Sequence[Sequence[tuple[int, int]]], review: float) -> None:
        self.scorer, self.review = scorer, review
        self.starts = np.cumsum([0] + [len(group) for group in groups])
        flat = [pair for group in groups for pair in group]
        self.i = np.array([a for a, _ in flat], dtype=np.int64)
        self.j = np.array([b for _, b in flat], dtype=np.int64)
        self.levels, self.probs, self.odds = scorer.score_with_odds(self.i, self.j)
        self.two = scorer.apart(self.levels)  # the levels alone: looks like two people

    def best(self, group: int, prefer: Callable[[int, int], tuple]) -> int | None:
        """The index of the strongest pair of ``group``: probability, then evidence in log2-odds, then ``prefer(a, b)``
        (1-based rows) to break ties."""
        pairs = [k for k in range(self.starts[group], self.starts[group + 1])
                 if self.probs[k] >= self.review and not self.two[k]]
        if not pairs:
            return None
        return max(pairs, key=lambda k: (float(self.probs[k]), float(self.odds[k]),
                                         prefer(int(self.i[k]) + 1, int(self.j[k]) + 1)))

    def evidence(self, k: int) -> PairEvidence:
        forms = two_forms(self.scorer, self.levels[:, k:k + 1], self.i[k:k + 1], self.j[k:k + 1])
        why = reasons_for(self.scorer, self.levels[:, k], forms=bool(forms[0]))
        shown = round(float(self.probs[k]), 4)  # the score every surface shows, as for a cluster's pairs
        return PairEvidence(rows=[int(self.i[k]) + 1, int(self.j[k]) + 1], score=shown, reasons=why,
                            explanation=explanation(why, shown))


def _kept_row_first(row: int, keep: int) -> Callable[[int, int], tuple]:
    """On a tie, the pair with the row the cluster keeps (the row that stays), then the first row (1-based rows)."""
    def prefer(a: int, b: int) -> tuple:
        other = b if a == row else a
        return other == keep, -other
    return prefer


def _kept_rows_first(kept: tuple[int, int]) -> Callable[[int, int], tuple]:
    """On a tie, the pair with more of the rows the clusters keep (the rows that stay), then the first rows."""
    def prefer(a: int, b: int) -> tuple:
        return (a in kept) + (b in kept), -a, -b
    return prefer


def possible_duplicates(scorer: Scorer, i: np.ndarray, j: np.ndarray, prob: np.ndarray,
                        clusters: Sequence[DuplicateCluster], review: float) -> list[PossibleDuplicate]:
    """The rows no sure cluster holds that may repeat a sure cluster's customer, by row (see the module's note).

    ``i``, ``j``, ``prob``: the scored candidate pairs (0-based rows) the clusters were made from; ``clusters``
    their clusters (1-based rows); ``review``: the review threshold.
    """
    sure = [cluster for cluster in clusters if cluster.band == "sure"]
    if not sure or not len(i):
        return []
    owner = _owners(scorer.keys.n, sure)
    close = np.flatnonzero(prob >= review)
    a, b = i[close], j[close]
    held_a, held_b = owner[a] >= 0, owner[b] >= 0
    across = held_a != held_b  # one row in a sure cluster, the other in none
    if not across.any():
        return []
    rows = np.where(held_a, b, a)[across]
    touched = sorted(set(zip(rows.tolist(), np.maximum(owner[a], owner[b])[across].tolist())))
    # every row of each cluster a left-out row touches, scored against it
    scored = _Scored(scorer, [[(min(row, other - 1), max(row, other - 1)) for other in sure[index].rows]
                              for row, index in touched], review)
    found: dict[int, list[tuple[int, int, PairEvidence]]] = {}
    for number, (row, index) in enumerate(touched):
        cluster = sure[index]
        best = scored.best(number, _kept_row_first(row + 1, cluster.survivor))
        if best is None:
            continue
        evidence = scored.evidence(best)
        other = next(r for r in evidence.rows if r != row + 1)
        found.setdefault(row + 1, []).append((other, cluster.cluster_id, evidence))
    review_of = {row: cluster.cluster_id for cluster in clusters if cluster.band != "sure" for row in cluster.rows}
    out = []
    for row, named in sorted(found.items()):
        named.sort(key=lambda item: item[0])
        out.append(PossibleDuplicate(row=row, rows=[other for other, _, _ in named],
                                     clusters=[number for _, number, _ in named],
                                     pairs=[evidence for _, _, evidence in named], cluster_id=review_of.get(row)))
    return out


def close_clusters(scorer: Scorer, i: np.ndarray, j: np.ndarray, prob: np.ndarray,
                   clusters: Sequence[DuplicateCluster], review: float) -> list[CloseClusters]:
    """Pairs of sure clusters that may be one customer: a candidate pair across them scores at least ``review``; each
    named by its strongest pair across them that does not look like two people (see the module's note).

    Arguments as for ``possible_duplicates``. Ordered by the two cluster ids.
    """
    sure = [cluster for cluster in clusters if cluster.band == "sure"]
    if len(sure) < 2 or not len(i):
        return []
    owner = _owners(scorer.keys.n, sure)
    close = np.flatnonzero(prob >= review)
    first, second = owner[i[close]], owner[j[close]]
    across = (first >= 0) & (second >= 0) & (first != second)
    if not across.any():
        return []
    touched = sorted(set(zip(np.minimum(first, second)[across].tolist(), np.maximum(first, second)[across].tolist())))
    scored = _Scored(scorer, [[(min(a, b) - 1, max(a, b) - 1) for a in sure[x].rows for b in sure[y].rows]
                              for x, y in touched], review)
    out = []
    for number, (x, y) in enumerate(touched):
        best = scored.best(number, _kept_rows_first((sure[x].survivor, sure[y].survivor)))
        if best is None:
            continue
        evidence = scored.evidence(best)
        ordered = sorted(evidence.rows, key=lambda r: r not in sure[x].rows)  # the row of clusters[0] first
        ids = [sure[x].cluster_id, sure[y].cluster_id]
        if ids[0] > ids[1]:
            ids, ordered = ids[::-1], ordered[::-1]
        out.append(CloseClusters(clusters=ids, rows=ordered, pair=evidence))
    return sorted(out, key=lambda link: link.clusters)
