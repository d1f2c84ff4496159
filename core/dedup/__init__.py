"""Duplicate detection: find the rows of a register that are one customer, and say why.

``find_duplicates(header, rows, roles, config=None)`` takes cleaned rows and the
column roles, builds candidate pairs from several blocking keys, compares each
pair field by field in labelled levels (splink style, scored with rapidfuzz),
combines the levels into one match probability with weights learnt from the
register (Fellegi-Sunter, EM), and groups the pairs into clusters with a
survivor, a merge proposal and an explanation in words. A row a sure cluster leaves out whose pair with one
of its rows is in the review band is listed beside the clusters as a possible duplicate, and two sure clusters only review-close to each other as a pair that may be one
customer (``possible.py``). A column whose role is
``IGNORE`` ("-") is left out (an id column the caller keeps for itself).

>>> header = ["Namn", "E-post", "Telefon"]
>>> rows = [["Anna Svensson", "anna.svensson@example.se", "+46701234567"],
...         ["Erik Berg", "erik@example.se", "+46709876543"],
...         ["Anna Svenson", "anna.svensson@example.se", "+46701234567"]]
>>> result = find_duplicates(header, rows, ["full_name", "email", "phone"])
>>> [(c.rows, c.survivor, c.band) for c in result.clusters]
[([1, 3], 1, 'sure')]
>>> result.clusters[0].explanation
'same given name, similar family name, same e-mail, same phone: 100 %'
"""

from __future__ import annotations

from collections.abc import Sequence

from core.dedup.cluster import group_rows, make_clusters
from core.dedup.collection import cycle_collection_paused
from core.dedup.comparisons import Comparison, Level, comparisons_for
from core.dedup.conditions import Condition
from core.dedup.explain import held_back
from core.dedup.keys import IGNORE, Keys
from core.dedup.levels import company_level, household_level
from core.dedup.match import Scorer
from core.dedup.models import (
    CloseClusters,
    Conflict,
    DedupConfig,
    DedupResult,
    DuplicateCluster,
    Fill,
    MergeProposal,
    PairEvidence,
    PossibleDuplicate,
)
from core.dedup.parts import score_register
from core.dedup.possible import close_clusters, possible_duplicates
from core.errors import InputError
from core.i18n import N_

__all__ = [
    "IGNORE", "CloseClusters", "Comparison", "Condition", "Conflict", "DedupConfig", "DedupResult", "DuplicateCluster", "Fill", "Level",
    "MergeProposal", "PairEvidence", "PossibleDuplicate", "Scorer", "Keys", "comparisons_for", "find_duplicates", "match_columns", "prepare",
]


def prepare(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
            config: DedupConfig | dict | None = None) -> Scorer:
    """The untrained scorer of a register: its match keys and comparisons (used by tests and tools)."""
    config = _config(config)
    keys = Keys(header, rows, list(roles) + [None] * (len(header) - len(roles)), country=config.country,
                match_on=config.match_on)
    return Scorer(keys, comparisons_for(keys), config)


@cycle_collection_paused()
def find_duplicates(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
                    config: DedupConfig | dict | None = None) -> DedupResult:
    """Clusters of duplicate rows (1-based row numbers), sure ones and ones to review, with stats."""
    config = _config(config)
    roles = list(roles) + [None] * (len(header) - len(roles))
    if config.level != "person":  # one company or one household: grouped by what they share, see levels.py
        grouping = company_level if config.level == "company" else household_level
        clusters, possible, close = grouping(header, rows, roles, config)
        return DedupResult(clusters=clusters, possible_duplicates=possible, close_clusters=close, stats={
            "rows": len(rows), "level": config.level,
            "clusters_sure": sum(1 for c in clusters if c.band == "sure"),
            "clusters_review": sum(1 for c in clusters if c.band == "review"),
            "possible_duplicates": len(possible), "close_clusters": len(close)})
    n = len(rows)
    found = score_register(header, rows, roles, config)
    if found is None:
        return DedupResult(clusters=[], stats={"rows": n, "candidate_pairs": 0})
    scorer, pairs = found
    prob = pairs.prob
    grouped = group_rows(scorer, pairs.i, pairs.j, prob, config.sure_threshold, config.review_threshold,
                         config.max_cluster_check, pairs.apart, config.likely_threshold, pairs.odds)
    clusters = make_clusters(scorer, grouped, header, rows, roles, merge=config.merge_proposals)
    possible = possible_duplicates(scorer, pairs.i, pairs.j, prob, clusters, config.review_threshold)
    close = close_clusters(scorer, pairs.i, pairs.j, prob, clusters, config.review_threshold)
    held_back(scorer, clusters, possible, close)  # what each pair to check by hand has against it
    stats = {
        "rows": n,
        "candidate_pairs": pairs.candidates,
        "pairs_per_rule": pairs.per_rule,
        "pairs_sure": int((prob >= config.sure_threshold).sum()),
        "pairs_review": int(((prob >= config.review_threshold) & (prob < config.sure_threshold)).sum()),
        "clusters_sure": sum(1 for c in clusters if c.band == "sure"),
        "clusters_review": sum(1 for c in clusters if c.band == "review"),
        "possible_duplicates": len(possible),
        "close_clusters": len(close),
        "comparisons": [c.name for c in scorer.comparisons],
        "training": pairs.training,
    }
    return DedupResult(clusters=clusters, possible_duplicates=possible, close_clusters=close, stats=stats)


def match_columns(header: list[str], names: list[str | int]) -> tuple[int, ...]:
    """0-based columns of the user's match columns (header names or indices); an unknown name is an InputError."""
    out = []
    for name in names:
        if isinstance(name, int) and 0 <= name < len(header):
            out.append(name)
        elif isinstance(name, str) and name in header:
            out.append(header.index(name))
        elif isinstance(name, str) and name.strip().casefold() in (folded := [h.strip().casefold() for h in header]):
            out.append(folded.index(name.strip().casefold()))
        else:
            raise InputError(N_("Match column '{column}': the register has no such column. Its columns are: {columns}."),
                             code="input.match_on", field="match_on", column=str(name), columns=", ".join(header))
    return tuple(sorted(set(out)))


def _config(config: DedupConfig | dict | None) -> DedupConfig:
    if config is None:
        return DedupConfig()
    return config if isinstance(config, DedupConfig) else DedupConfig(**config)
