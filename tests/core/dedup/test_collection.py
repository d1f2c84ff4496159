"""The duplicate pass pauses Python's cycle collector and gives it back as it found it (core.dedup.collection)."""

import gc

import pytest

import core.dedup.parts as parts
from core.dedup import find_duplicates
from core.dedup.collection import cycle_collection_paused

HEADER = ["Namn", "E-post", "Telefon"]
ROWS = [["Anna Svensson", "anna.svensson@example.se", "+46701234567"],
        ["Erik Berg", "erik@example.se", "+46709876543"],
        ["Anna Svenson", "anna.svensson@example.se", "+46701234567"]]
ROLES = ["full_name", "email", "phone"]


@pytest.fixture
def collector_on():
    was_on = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was_on else gc.disable)()


def test_the_pass_runs_paused_and_gives_the_collector_back(monkeypatch, collector_on):
    seen = []
    score_register = parts.score_register

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return score_register(*args, **kwargs)

    monkeypatch.setattr("core.dedup.score_register", watched)
    result = find_duplicates(HEADER, ROWS, ROLES)
    assert [c.rows for c in result.clusters] == [[1, 3]]
    assert seen == [False]
    assert gc.isenabled()


def test_a_caller_that_paused_the_collector_keeps_it_paused(collector_on):
    gc.disable()
    find_duplicates(HEADER, ROWS, ROLES)
    assert not gc.isenabled()


def test_an_error_inside_gives_the_collector_back(collector_on):
    with pytest.raises(ValueError), cycle_collection_paused():
        assert not gc.isenabled()
        raise ValueError("inside the pass")
    assert gc.isenabled()


def test_the_parts_of_a_large_register_run_paused_too(monkeypatch, collector_on):
    seen = []
    monkeypatch.setattr(parts, "_keys", lambda *args: seen.append(gc.isenabled()) or parts.Keys(
        args[0], args[1], list(args[2]) + [None] * (len(args[0]) - len(args[2])), country=args[3].country,
        match_on=args[3].match_on))
    assert parts.block_keys(HEADER, ROWS, ROLES)[0]
    assert seen == [False]
    assert gc.isenabled()
