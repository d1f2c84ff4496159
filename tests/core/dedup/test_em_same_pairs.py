"""EM scores one set of pairs again and again with new m and prior; what depends on the pairs' levels alone is worked
out once (``Scorer._from_levels``). What it learns, and every pair's score, are those of working everything out
afresh each iteration: on a person register (married names, own mobiles) and on an office register (role addresses,
switchboards, rows with nothing of their own)."""

import pytest

from core.dedup import find_duplicates
from core.dedup.match import Scorer
from tests.core.dedup.test_register_habits import (
    B2B_HEADER,
    B2B_ROLES,
    SV_HEADER,
    SV_ROLES,
    _offices,
    _register,
)


def _afresh(self, name, compute, *args):
    return compute(*args)


@pytest.mark.parametrize("header,rows,roles", [
    (SV_HEADER, _register(married=True, new_mobile=True), SV_ROLES),
    (B2B_HEADER, _offices(copies_drop_one=True), B2B_ROLES),
])
def test_em_learns_and_scores_as_if_it_worked_everything_out_each_time(monkeypatch, header, rows, roles):
    kept = find_duplicates(header, rows, roles)
    with monkeypatch.context() as patch:
        patch.setattr(Scorer, "_from_levels", _afresh)
        afresh = find_duplicates(header, rows, roles)
    assert kept.stats["training"]["trained"]
    assert kept.stats["training"] == afresh.stats["training"]
    assert [c.model_dump() for c in kept.clusters] == [c.model_dump() for c in afresh.clusters]
    assert any(c.band == "sure" for c in kept.clusters)


def test_nothing_is_kept_once_em_is_done():
    scorer_seen = []
    original = Scorer._learn_m

    def learn_m(self, *args):
        original(self, *args)
        scorer_seen.append(self._same_pairs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Scorer, "_learn_m", learn_m)
        find_duplicates(SV_HEADER, _register(), SV_ROLES)
    assert scorer_seen == [None]  # scoring other pairs afterwards works everything out for them
