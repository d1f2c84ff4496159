"""The duplicate pass of a register too large for one call, in parts that each do a bounded amount of work.

One ``find_duplicates`` over 200,000 rows takes longer than one HTTP call from Apps Script may last, and
Rensa keeps no register contents between calls. So the caller (the add-on) holds the state and drives three
steps, each over at most a fixed number of rows:

1. ``block_keys``: per row, the blocking keys it has (a rule and a value, e.g. "same e-mail" and the folded
   address). Rows that share one form a block, and only rows in one block are ever compared. The first
   slice of rows also trains the weights (``train``: m and u per comparison level and the prior, numbers
   only), as one pass would on the whole register; the caller keeps them and sends them with every part.
2. The caller packs whole blocks into parts of at most N rows (a row in several blocks may go to several
   parts) and sends each part to ``scored_pairs`` with the weights and the register's size: a part is not a
   sample of the register (its rows were picked because they share values), so it learns nothing itself and
   counts a value's frequency against the whole register. The likely pairs come back as numbers.
3. The caller joins the pairs into connected components (pairs at or above the review threshold) and sends
   the rows of whole components, at most N at a time, to ``clusters_from_pairs``: the clusters, survivors,
   merge proposals and explanations of those rows, from the pairs' scores, without chaining
   (``core.dedup.cluster``).

Every pair a single pass would compare is in some part together (its rows share a block, and a block is
sent whole) unless the block itself is larger than a part; such a block is cut into overlapping runs, as
blocking already compares only near neighbours in a block that large. Weights learnt on a slice rather than
the whole register make a score differ a little from one pass's (docs/addon.md has the measured agreement).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from core.dedup.blocking import RULES, candidate_pairs
from core.dedup.cluster import group_rows, make_clusters
from core.dedup.collection import cycle_collection_paused
from core.dedup.comparisons import comparisons_for
from core.dedup.explain import held_back
from core.dedup.keys import Keys
from core.dedup.match import _SMALL_REGISTER_ROWS, Scorer
from core.dedup.models import DedupConfig, DedupResult
from core.dedup.possible import close_clusters, possible_duplicates


def _config(config: DedupConfig | dict | None) -> DedupConfig:
    if config is None:
        return DedupConfig()
    return config if isinstance(config, DedupConfig) else DedupConfig(**config)


def _keys(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
          config: DedupConfig) -> Keys:
    return Keys(header, rows, list(roles) + [None] * (len(header) - len(roles)), country=config.country,
                match_on=config.match_on)


@cycle_collection_paused()
def block_keys(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
               config: DedupConfig | dict | None = None) -> list[list[tuple[str, str, str]]]:
    """Per row, its blocking keys as ``(rule, value, need)``; rows sharing a rule and value are compared.

    The values are the match keys themselves (folded names, e-mail and phone keys), so the same customer
    gets the same key in any part of the register. ``need`` is "" for most rules; a rule that pairs only rows
    of which one lacks a value (the street in the city, for rows without a postcode) marks the rows that
    lack it "*" and the others "+": such a block is needed only when it has a "*" row.

    >>> block_keys(["E-post"], [["Anna@Example.se"], [""]], ["email"])
    [[('0', 'anna@example.se', '')], []]
    """
    keys = _keys(header, rows, roles, _config(config))
    out: list[list[tuple[str, str, str]]] = [[] for _ in range(keys.n)]
    for number, rule in enumerate(RULES):
        values = _rule_values(keys, rule.keys, swapped=rule.label == "name sounds alike")
        if values is None:
            continue
        lacking = (keys[rule.missing].codes < 0).tolist() if rule.missing and rule.missing in keys else None
        for row, value in enumerate(values):
            if value:
                need = "" if not rule.missing else "*" if lacking is None or lacking[row] else "+"
                out[row].append((str(number), value, need))
    for column, name in keys.generic:  # an identifier-like column of unknown role blocks on its own
        if name in keys and len(keys[name].counts) >= 0.2 * keys[name].filled >= 2:
            values = _rule_values(keys, (name,))
            for row, value in enumerate(values or ()):
                if value:
                    out[row].append((f"c{column}", value, ""))
    return out


def _rule_values(keys: Keys, names: tuple[str, ...], *, swapped: bool = False) -> list[str] | None:
    """Per row, the text of a blocking key made of ``names`` ("" where a part is empty); None if one is missing."""
    if any(name not in keys for name in names):
        return None
    parts = [keys[name].values[keys[name].codes].tolist() for name in names]  # code -1 reads ""
    if swapped:  # "Anna Berg" and "Berg Anna" are one name sound pair
        return [" ".join(sorted((a, b))) if a and b else "" for a, b in zip(*parts)]
    return ["\x1f".join(cells) if all(cells) else "" for cells in zip(*parts)]


@dataclass(frozen=True)
class ScoredPairs:
    """Likely pairs of one part: 0-based rows ``i < j``, match probability, whether they look like two people, and
    the evidence in log2-odds (clusters join pairs of equal probability strongest evidence first)."""

    i: np.ndarray
    j: np.ndarray
    prob: np.ndarray
    apart: np.ndarray
    odds: np.ndarray
    candidates: int
    per_rule: dict[str, int]
    training: dict


def score_register(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
                   config: DedupConfig, prepare: Callable[[Scorer], None] | None = None,
                   ) -> tuple[Scorer, ScoredPairs] | None:
    """Candidate pairs of a register, scored with weights learnt on it (or set by ``prepare``); None when
    nothing can be compared."""
    keys = _keys(header, rows, roles, config)
    scorer = Scorer(keys, comparisons_for(keys), config)
    n = len(rows)
    if n < 2 or not scorer.comparisons:
        return None
    pairs, per_rule = candidate_pairs(scorer.keys, max_block=config.max_block, window=config.window)
    i, j = pairs[:, 0], pairs[:, 1]
    levels = scorer.levels(i, j)
    if prepare is None:
        training = scorer.fit(i, j, levels, n * (n - 1) // 2)
    else:
        prepare(scorer)
        training = {"trained": scorer.learnt, "given": True}
    prob, odds = scorer.pair_scores(i, j, levels)
    apart = scorer.apart(levels, i, j)
    return scorer, ScoredPairs(i=i, j=j, prob=prob, apart=apart, odds=odds, candidates=len(i), per_rule=per_rule,
                               training=training)


@cycle_collection_paused()
def train(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
          config: DedupConfig | dict | None = None) -> dict:
    """Weights learnt on a slice of the register (its first rows): per comparison, m and u of every level,
    the prior as it would be for a register of ``rows`` rows, the share of household namesakes, whether people
    appear under two family names, how often one person's copies at one place hold another own e-mail or
    phone, how often, at one company, a copy and a colleague hold no own e-mail or phone where their pair
    has one, how often a mailbox built from one person's name is two people's, and how often a mailbox one person
    holds is two people's of one given name. Numbers and a flag only; ``{"trained": False}`` when the slice is too small to learn from (the parts
    then use the defaults)."""
    config = _config(config)
    found = score_register(header, rows, roles, config)
    if found is None or not found[1].training.get("trained"):
        return {"trained": False}
    scorer, _ = found
    return {
        "trained": True, "rows": len(rows), "prior": float(scorer.prior),
        "household_given": float(scorer.household_given),
        "married_names": bool(scorer.keys.married_names),
        "own_changes": {name: float(rate) for name, rate in scorer.own_changes.items()},
        "own_missing": {name: [float(m), float(u)] for name, (m, u) in scorer.own_missing.items()},
        "namesakes_at_place": {kind: float(rate) for kind, rate in scorer.namesakes.items()},
        "mailbox_shared": float(scorer.mailbox_shared),
        "own_mailbox_two": float(scorer.own_mailbox_two),
        "dotted_one": float(scorer.dotted_one),
        "m": {c.name: [float(x) for x in m] for c, m in zip(scorer.comparisons, scorer.m)},
        "u": {c.name: [float(x) for x in u] for c, u in zip(scorer.comparisons, scorer.u)},
    }


def _apply(scorer: Scorer, model: dict, part_rows: int, register_rows: int) -> None:
    """Score a part with the register's weights, frequencies counted against the whole register."""
    scorer.register_scale = max(register_rows, part_rows) / max(part_rows, 1)
    if not model.get("trained"):
        return
    for row, comparison in enumerate(scorer.comparisons):
        m, u = model["m"].get(comparison.name), model["u"].get(comparison.name)
        if m is not None and len(m) == len(comparison.levels):
            scorer.m[row] = np.array(m, dtype=np.float64)
        if u is not None and len(u) == len(comparison.levels):
            scorer.u[row] = np.array(u, dtype=np.float64)
    # the chance that two random rows are one customer falls with the register's size
    trained = max(int(model["rows"]), 2)
    scorer.prior = float(model["prior"]) * (trained - 1) / max(register_rows - 1, 1)
    scorer.household_given = float(model["household_given"])
    scorer.keys.married_names = bool(model.get("married_names", True))
    scorer.own_changes = {name: float(rate) for name, rate in (model.get("own_changes") or {}).items()
                          if name in ("email", "phone")}
    scorer.own_missing = {name: (float(rates[0]), float(rates[1]))
                          for name, rates in (model.get("own_missing") or {}).items()
                          if name in ("email", "phone") and len(rates) == 2 and min(rates) > 0}
    scorer.namesakes.update({kind: float(rate) for kind, rate in (model.get("namesakes_at_place") or {}).items()
                             if kind in scorer.namesakes and rate > 0})
    if 0.0 < float(model.get("mailbox_shared") or 0.0) <= 1.0:
        scorer.mailbox_shared = float(model["mailbox_shared"])
    if 0.0 < float(model.get("own_mailbox_two") or 0.0) <= 1.0:
        scorer.own_mailbox_two = float(model["own_mailbox_two"])
    if 0.0 < float(model.get("dotted_one") or 0.0) <= 1.0:
        scorer.dotted_one = float(model["dotted_one"])
    scorer.learnt = True


@cycle_collection_paused()
def scored_pairs(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
                 config: DedupConfig | dict | None = None, *, model: dict | None = None,
                 register_rows: int | None = None) -> ScoredPairs:
    """Step 2: the pairs of one part that could join a cluster (probability at least the likely threshold).

    With ``model`` (from ``train``) and ``register_rows`` the part is scored as a piece of that register;
    without them, as a register of its own.
    """
    config = _config(config)
    prepare = None if model is None else (lambda scorer: _apply(scorer, model, len(rows), register_rows or len(rows)))
    found = score_register(header, rows, roles, config, prepare=prepare)
    if found is None:
        empty = np.empty(0, dtype=np.int64)
        return ScoredPairs(i=empty, j=empty, prob=np.empty(0), apart=np.empty(0, dtype=bool), odds=np.empty(0),
                           candidates=0, per_rule={}, training={"trained": False})
    _, pairs = found
    likely = min(config.likely_threshold, config.review_threshold)
    keep = np.flatnonzero(pairs.prob >= likely)
    return ScoredPairs(i=pairs.i[keep], j=pairs.j[keep], prob=pairs.prob[keep], apart=pairs.apart[keep],
                       odds=pairs.odds[keep], candidates=pairs.candidates, per_rule=pairs.per_rule,
                       training=pairs.training)


@cycle_collection_paused()
def clusters_from_pairs(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
                        pairs: ScoredPairs, *, register_rows: int, model: dict | None = None,
                        config: DedupConfig | dict | None = None) -> DedupResult:
    """Step 3: clusters of the given rows (whole components) from their scored pairs (0-based in ``rows``).

    ``register_rows`` and ``model`` are the register's size and weights (as for ``scored_pairs``): pairs inside
    a component that no part compared are scored with them.
    """
    config = _config(config)
    keys = _keys(header, rows, roles, config)
    scorer = Scorer(keys, comparisons_for(keys), config)
    if not len(pairs.i) or not scorer.comparisons:
        return DedupResult(clusters=[], stats={"rows": len(rows), "pairs": 0})
    n = max(register_rows, len(rows), _SMALL_REGISTER_ROWS)
    scorer.prior = config.duplicate_rate * n / (n * (n - 1) / 2)
    _apply(scorer, model or {"trained": False}, len(rows), register_rows)
    grouped = group_rows(scorer, pairs.i, pairs.j, pairs.prob, config.sure_threshold, config.review_threshold,
                         config.max_cluster_check, pairs.apart, config.likely_threshold, pairs.odds)
    clusters = make_clusters(scorer, grouped, header, rows, roles, merge=config.merge_proposals)
    possible = possible_duplicates(scorer, pairs.i, pairs.j, pairs.prob, clusters, config.review_threshold)
    close = close_clusters(scorer, pairs.i, pairs.j, pairs.prob, clusters, config.review_threshold)
    held_back(scorer, clusters, possible, close)
    return DedupResult(clusters=clusters, possible_duplicates=possible, close_clusters=close, stats={
        "rows": len(rows), "pairs": int(len(pairs.i)),
        "clusters_sure": sum(1 for c in clusters if c.band == "sure"),
        "clusters_review": sum(1 for c in clusters if c.band == "review")})
