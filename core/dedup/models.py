"""What dedup takes and returns: the config, the clusters, the merge proposal.

The JSON shape of ``DuplicateCluster`` is fixed by docs/ARCHITECTURE.md and is
consumed as is by ``core.clean``, ``functions/`` and the add-on.
"""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.i18n import PhraseText


class DedupConfig(BaseModel):
    """How sure a match must be, and how far the search for candidates goes."""

    model_config = ConfigDict(frozen=True)

    sure_threshold: float = Field(0.9, ge=0.0, le=1.0, description="Match probability for a sure duplicate.")
    review_threshold: float = Field(0.6, ge=0.0, le=1.0, description="Below sure, at or above this: ask a person.")
    likely_threshold: float = Field(
        0.1, ge=0.0, le=1.0, description="Every pair of a cluster scores at least this (rows a cluster holds only "
                                         "through a third row that vouches for both are split off).")
    country: str = Field("SE", description="Default country for phone numbers without a country code.")
    max_block: int = Field(24, ge=2, description="Blocks up to this size are compared all against all.")
    window: int = Field(8, ge=1, description="Sorted-neighbourhood window inside larger blocks.")
    learn_min_rows: int = Field(2000, ge=2, description="Below this many rows the default weights are used.")
    em_iterations: int = Field(12, ge=0, le=100)
    em_max_pairs: int = Field(100_000, ge=1000, description="EM runs on at most this many candidate pairs (a random sample).")
    duplicate_rate: float = Field(0.05, gt=0.0, lt=1.0, description="Prior share of rows that are duplicates.")
    max_cluster_check: int = Field(200, ge=2, description="Components up to this size have every pair scored.")
    merge_proposals: bool = Field(True, description="Build fills and conflicts (rensa dedupe skips them).")
    seed: int = 20240601
    today: datetime.date | None = Field(None, description="For personal ids with a birth date (core has no clock).")
    match_on: tuple[int, ...] | None = Field(
        None, description="0-based columns that are the only evidence (the user's match columns); None: every "
                          "column whose role is known.")
    level: Literal["person", "company", "household"] = Field(
        "person", description="What one duplicate is: a person (default), a company or a household.")

    @model_validator(mode="after")
    def _ordered(self) -> DedupConfig:
        if self.review_threshold > self.sure_threshold:
            raise ValueError("review_threshold must not be above sure_threshold")
        return self


class Fill(BaseModel):
    """An empty survivor cell that a duplicate can fill."""

    row: int
    column: int
    value: str
    source_row: int


class Conflict(BaseModel):
    """A column where the rows of one cluster hold different non-empty values."""

    column: int
    header: str
    values: dict[int, str]


class MergeProposal(BaseModel):
    fills: list[Fill] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)


class PairEvidence(BaseModel):
    """One pair of a cluster with its own score and evidence (what "duplicate of row N" says): what agrees
    (``reasons``) and, for a pair that is only possibly one customer, what holds it back (``against``)."""

    rows: list[int]
    score: float
    reasons: list[PhraseText]  # a label naming a user's column stays a Phrase (translated where shown)
    explanation: str
    # what the pair's own evidence says against one customer, for a pair that is not a sure duplicate (a review
    # group's pair, a possible duplicate, two groups that may be one customer): "each has its own phone", "different
    # generation (Jr./Sr.)" (core.dedup.explain); empty for a sure group's pairs
    against: list[PhraseText] = Field(default_factory=list)


class DuplicateCluster(BaseModel):
    """Rows that are one customer, with the survivor, the score and the reasons in words."""

    cluster_id: int
    rows: list[int]
    survivor: int
    score: float
    band: str
    reasons: list[PhraseText]  # a label naming a user's column stays a Phrase (translated where shown)
    explanation: str
    merge: MergeProposal = Field(default_factory=MergeProposal)
    pairs: list[PairEvidence] = Field(default_factory=list)
    level: str = "person"
    # what holds a review group back: its pairs' ``against``, each once, in pair order (core.dedup.explain), so the
    # group's explanation says the "but ..." its pairs and the status note say; empty for a sure group
    against: list[PhraseText] = Field(default_factory=list)

    def pair(self, a: int, b: int) -> PairEvidence | None:
        """The evidence of rows ``a`` and ``b`` (1-based), in either order."""
        want = sorted((a, b))
        return next((p for p in self.pairs if p.rows == want), None)

    def repeats(self, row: int) -> tuple[int, PairEvidence | None]:
        """The row that ``row`` (1-based, not the survivor) repeats and the evidence of that pair: the survivor, or,
        where that pair alone is likelier two people than one (a newsletter sign-up beside its holder's copy at a
        work address, joined to the cluster through the holder), the row it pairs with most strongly: a pair that
        says nothing is no reason to delete a row."""
        pair = self.pair(self.survivor, row)
        if pair is None or pair.score >= 0.5:
            return self.survivor, pair
        best = max((p for p in self.pairs if row in p.rows), key=lambda p: p.score)
        return next(r for r in best.rows if r != row), best


class PossibleDuplicate(BaseModel):
    """A row that no sure cluster holds but that may repeat the customer of one or more sure clusters: its pair
    with a row of each scores in the review band and does not look like two people. A person checks it by hand;
    it changes no cluster and marks nothing for deletion.

    ``rows`` are the rows it may repeat, one per sure cluster (the row of that cluster it is closest to; on a
    tie, the row the cluster keeps), ascending; ``clusters`` their cluster ids and ``pairs`` the evidence of this
    row against each of them, in the same order. ``cluster_id`` is the review cluster the row is in, if any.
    """

    row: int
    rows: list[int]
    clusters: list[int]
    pairs: list[PairEvidence]
    cluster_id: int | None = None
    level: str = "person"  # what one customer is: "may repeat" a person, a company or a household


class CloseClusters(BaseModel):
    """Two sure clusters that may be one customer: a pair across them scores in the review band and does not look
    like two people (or, at the company and household levels, agrees on part of what the level groups by). Each
    cluster is one customer for sure; whether the two are one is for a person to check. They are never merged and
    no row of one is marked Delete for the other.

    ``clusters``: the two cluster ids, ascending; ``rows``: the pair that ties them, ``rows[0]`` in ``clusters[0]``
    and ``rows[1]`` in ``clusters[1]``; ``pair``: that pair's own evidence and score.
    """

    clusters: list[int]
    rows: list[int]
    pair: PairEvidence
    level: str = "person"


class DedupResult(BaseModel):
    clusters: list[DuplicateCluster] = Field(default_factory=list)
    # rows a sure cluster does not hold that may repeat one of its customers (core.dedup.possible); a row still
    # belongs to one cluster at most (cluster_of), so these are reported beside the clusters, not in them
    possible_duplicates: list[PossibleDuplicate] = Field(default_factory=list)
    # pairs of sure clusters that may be one customer (core.dedup.possible.close_clusters): reported, never merged
    close_clusters: list[CloseClusters] = Field(default_factory=list)
    stats: dict = Field(default_factory=dict)

    def cluster_of(self) -> dict[int, int]:
        """Row number -> cluster_id for every row in a cluster."""
        return {row: c.cluster_id for c in self.clusters for row in c.rows}
