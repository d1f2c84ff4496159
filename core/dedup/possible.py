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

Rows of sure clusters are not reported here: their cluster already says who they are. Nothing here changes a
cluster, its band or a Delete mark. The cost is one pass over the scores the candidate pairs already have and the
scoring of the few pairs named above.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.dedup.cluster import explanation, reasons_for
from core.dedup.match import Scorer
from core.dedup.models import DuplicateCluster, PairEvidence, PossibleDuplicate


def possible_duplicates(scorer: Scorer, i: np.ndarray, j: np.ndarray, prob: np.ndarray,
                        clusters: Sequence[DuplicateCluster], review: float) -> list[PossibleDuplicate]:
    """The rows no sure cluster holds that may repeat a sure cluster's customer, by row (see the module's note).

    ``i``, ``j``, ``prob``: the scored candidate pairs (0-based rows) the clusters were made from; ``clusters``
    their clusters (1-based rows); ``review``: the review threshold.
    """
    sure = [cluster for cluster in clusters if cluster.band == "sure"]
    if not sure or not len(i):
        return []
    owner = np.full(scorer.keys.n, -1, dtype=np.int64)  # per row, its sure cluster (index into ``sure``) or -1
    for index, cluster in enumerate(sure):
        owner[np.array(cluster.rows, dtype=np.int64) - 1] = index
    close = np.flatnonzero(prob >= review)
    a, b = i[close], j[close]
    held_a, held_b = owner[a] >= 0, owner[b] >= 0
    across = held_a != held_b  # one row in a sure cluster, the other in none
    if not across.any():
        return []
    rows = np.where(held_a, b, a)[across]
    touched = sorted(set(zip(rows.tolist(), np.maximum(owner[a], owner[b])[across].tolist())))
    # every row of each cluster a left-out row touches, scored against it
    left, right, starts = [], [], [0]
    for row, index in touched:
        for other in sure[index].rows:
            left.append(min(row, other - 1))
            right.append(max(row, other - 1))
        starts.append(len(left))
    li, ri = np.array(left, dtype=np.int64), np.array(right, dtype=np.int64)
    levels, probs, odds = scorer.score_with_odds(li, ri)
    two = scorer.apart(levels)  # the levels alone: looks like two people
    found: dict[int, list[tuple[int, int, PairEvidence]]] = {}
    for number, (row, index) in enumerate(touched):
        pairs = [k for k in range(starts[number], starts[number + 1]) if probs[k] >= review and not two[k]]
        if not pairs:
            continue
        cluster = sure[index]

        def strength(k: int, cluster: DuplicateCluster = cluster, row: int = row) -> tuple:
            other = (li[k] if ri[k] == row else ri[k]) + 1
            return float(probs[k]), float(odds[k]), other == cluster.survivor, -other

        best = max(pairs, key=strength)
        other = int(li[best] if ri[best] == row else ri[best]) + 1
        why = reasons_for(scorer, levels[:, best])
        shown = round(float(probs[best]), 4)  # the score every surface shows, as for a cluster's pairs
        found.setdefault(row + 1, []).append((other, cluster.cluster_id, PairEvidence(
            rows=sorted((row + 1, other)), score=shown, reasons=why, explanation=explanation(why, shown))))
    review_of = {row: cluster.cluster_id for cluster in clusters if cluster.band != "sure" for row in cluster.rows}
    out = []
    for row, named in sorted(found.items()):
        named.sort(key=lambda item: item[0])
        out.append(PossibleDuplicate(row=row, rows=[other for other, _, _ in named],
                                     clusters=[number for _, number, _ in named],
                                     pairs=[evidence for _, _, evidence in named], cluster_id=review_of.get(row)))
    return out
