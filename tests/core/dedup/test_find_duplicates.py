"""Clustering, households, survivors, merge proposals and explanations on small registers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.dedup import DedupConfig, find_duplicates, prepare
from core.dedup.blocking import pairs_from_key

HEADER = ["Förnamn", "Efternamn", "Personnummer", "E-post", "Telefon", "Adress", "Postnummer", "Ort", "Uppdaterad"]
ROLES = ["given_name", "family_name", "personal_id", "email", "phone", "street", "postal_code", "city", "updated_at"]


def clusters(rows, config=None, header=HEADER, roles=ROLES):
    result = find_duplicates(header, rows, roles, config)
    return [(c.rows, c.band) for c in result.clusters]


HOUSEHOLD = [
    ["Anna", "Svensson", "", "familjen.svensson@telia.com", "08-712 34 56", "Storgatan 5", "114 55", "Stockholm", ""],
    ["Erik", "Svensson", "", "familjen.svensson@telia.com", "08-712 34 56", "Storgatan 5", "114 55", "Stockholm", ""],
    ["Maja", "Svensson", "", "familjen.svensson@telia.com", "08-712 34 56", "Storgatan 5", "114 55", "Stockholm", ""],
]


def test_household_is_not_merged():
    assert clusters(HOUSEHOLD) == []


def test_household_member_twice_is_merged_and_the_rest_stay_apart():
    again = ["Anna", "Svenson", "", "familjen.svensson@telia.com", "087123456", "Storgatan 5", "11455", "Stockholm", ""]
    assert clusters(HOUSEHOLD + [again]) == [([1, 4], "sure")]


def test_two_valid_personnummer_never_in_one_cluster():
    twin = ["Anna", "Svensson", "19640823-3234", "anna@example.se", "0701234567", "Storgatan 5", "11455", "Sthlm", ""]
    other = ["Anna", "Svensson", "19640823-3226", "anna@example.se", "0701234567", "Storgatan 5", "11455", "Sthlm", ""]
    bridge = ["Anna", "Svensson", "", "anna@example.se", "0701234567", "Storgatan 5", "11455", "Sthlm", ""]
    found = clusters([twin, other, bridge])
    assert all(not {1, 2} <= set(rows) for rows, _ in found)
    assert len(found) == 1


@pytest.mark.parametrize("left,right,reasons", [
    (["Kalle", "Andersson", "", "kalle.a@gmail.com", "070-111 22 33", "", "", "", ""],
     ["Karl", "Andersson", "", "Kalle.A@gmail.com", "+46701112233", "", "", "", ""],
     ["same given name (nickname)", "same family name", "same e-mail", "same phone"]),
    (["Lasse", "Berg", "19121212-1212", "", "", "", "", "", ""],
     ["Lars", "Berg", "121212-1212", "", "", "", "", "", ""],
     ["same given name (nickname)", "same family name", "same personal id"]),
    (["Sara", "Lind", "", "sara.lind@gmail.com", "", "Ekvägen 3", "41301", "Göteborg", ""],
     ["Sara", "Holm", "", "saralind@gmail.com", "", "Ekvägen 3", "41301", "Göteborg", ""],
     ["same given name", "same e-mail apart from dots or case", "same address"]),
])
def test_duplicates_found_with_reasons(left, right, reasons):
    result = find_duplicates(HEADER, [left, ["Per", "Ek", "", "", "", "", "", "", ""], right], ROLES)
    assert [(c.rows, c.band, c.reasons) for c in result.clusters] == [([1, 3], "sure", reasons)]
    assert result.clusters[0].explanation.startswith(", ".join(reasons) + ": ")
    assert result.clusters[0].explanation.endswith(" %")


def test_survivor_is_most_recently_updated_and_merge_fills_and_flags():
    rows = [
        ["Anna", "Berg", "", "anna.berg@gmail.com", "", "Ekvägen 3", "41301", "Göteborg", "2021-05-01"],
        ["Anna", "Berg", "", "anna.berg@gmail.com", "0701234567", "Ekvägen 3", "", "Göteborg", "2024-01-15"],
        ["Anna", "Berg", "", "anna.berg@gmail.com", "", "Storgatan 1", "", "Göteborg", "2019-03-01"],
    ]
    (cluster,) = find_duplicates(HEADER, rows, ROLES).clusters
    assert cluster.rows == [1, 2, 3]
    assert cluster.survivor == 2
    assert [f.model_dump() for f in cluster.merge.fills] == [
        {"row": 2, "column": 6, "value": "41301", "source_row": 1}]
    assert [c.model_dump() for c in cluster.merge.conflicts] == [
        {"column": 5, "header": "Adress", "values": {1: "Ekvägen 3", 2: "Ekvägen 3", 3: "Storgatan 1"}}]


@pytest.mark.parametrize("updated,expected", [
    (["", ""], 2),  # no dates: the most complete row
    (["2020-01-01", "2020-01-01"], 2),  # same date: the most complete row
    (["2023-06-01", "2020-01-01"], 1),  # the most recent, even when it has fewer values
])
def test_survivor_rule(updated, expected):
    rows = [
        ["Anna", "Berg", "", "anna.berg@gmail.com", "", "", "", "", updated[0]],
        ["Anna", "Berg", "", "anna.berg@gmail.com", "0701234567", "Ekvägen 3", "", "", updated[1]],
    ]
    assert find_duplicates(HEADER, rows, ROLES).clusters[0].survivor == expected


def test_survivor_first_row_when_equal():
    rows = [["Anna", "Berg", "", "anna.berg@gmail.com", "", "", "", "", ""]] * 2
    (cluster,) = find_duplicates(HEADER, rows, ROLES).clusters
    assert (cluster.survivor, cluster.merge.fills, cluster.merge.conflicts) == (1, [], [])


def test_review_band_reported_apart():
    rows = [["Anna", "Berg", "", "", "", "Ekvägen 3", "41301", "Göteborg", ""],
            ["Anna", "Berg", "", "", "", "Ekvägen 3", "41301", "Göteborg", ""]]
    strict = DedupConfig(sure_threshold=0.999999, review_threshold=0.5)
    assert clusters(rows, strict) == [([1, 2], "review")]
    assert clusters(rows, DedupConfig(sure_threshold=0.5, review_threshold=0.5)) == [([1, 2], "sure")]


def test_config_rejects_review_above_sure():
    with pytest.raises(ValueError, match="review_threshold must not be above sure_threshold"):
        DedupConfig(sure_threshold=0.5, review_threshold=0.8)


def test_unknown_roles_and_english_headers():
    header = ["given_name", "surname", "date_of_birth", "postcode", "Notes"]
    roles = ["given_name", "family_name", "birth_date", "postal_code", None]
    rows = [["michaela", "neumann", "19151111", "4223", "vip"],
            ["courtney", "painter", "19161214", "4560", ""],
            ["michaela", "neuman", "19151111", "4223", "vip"]]
    assert clusters(rows, header=header, roles=roles) == [([1, 3], "sure")]
    only_text = find_duplicates(["A", "B"], [["Foo AB", "x"], ["foo ab", "x"], ["Bar", "y"]], [None, None])
    assert [c.rows for c in only_text.clusters] == [[1, 2]]


def test_empty_and_tiny_registers():
    assert find_duplicates(HEADER, [], ROLES).clusters == []
    assert find_duplicates(HEADER, [HOUSEHOLD[0]], ROLES).clusters == []


def test_big_block_keeps_matches_inside():
    # 200 colleagues share info@: all-pairs would be 19 900 pairs; the window finds the one duplicate
    given = ["Anna", "Erik", "Maja", "Lars", "Sofia", "Johan", "Elin", "Oskar", "Ida", "Nils"]
    family = ["Berg", "Lind", "Holm", "Ek", "Falk", "Nyberg", "Sandberg", "Wallin", "Dahl", "Åberg",
              "Öberg", "Lund", "Strand", "Björk", "Hedlund", "Forsberg", "Sjöberg", "Engström", "Blom", "Ström"]
    rows = [[g, f, "", "info@firma.se", "", "", "", "", ""]
            for g in given for f in family]
    rows.append(["Oskar", "Engström", "", "info@firma.se", "", "", "", "", ""])
    result = find_duplicates(HEADER, rows, ROLES)
    assert len(rows) == 201
    twin = rows.index(["Oskar", "Engström", "", "info@firma.se", "", "", "", "", ""]) + 1
    assert [c.rows for c in result.clusters] == [[twin, 201]]
    assert result.stats["candidate_pairs"] < 3000


def test_pairs_from_key_windows_big_blocks():
    codes = np.array([1] * 10 + [2, 2, -1])
    sort = np.arange(13)
    pairs = pairs_from_key(codes, sort, max_block=4, window=2)
    assert sorted(map(tuple, pairs.tolist())) == sorted(
        [(a, a + d) for a in range(10) for d in (1, 2) if a + d < 10] + [(10, 11)])


# -- properties (RapidFuzz test_hypothesis style) ---------------------------------------------------------
names = st.sampled_from(["Anna", "anna", "Ana", "Kalle", "Karl", "Erik", "", "Åsa", "Lars-Erik", "B"])
emails = st.sampled_from(["", "anna@gmail.com", "Anna@Gmail.com", "a.nna@gmail.com", "erik@telia.com", "x"])
phones = st.sampled_from(["", "070-123 45 67", "+46701234567", "0701234568", "08-123"])
ids = st.sampled_from(["", "19121212-1212", "121212-1212", "19640823-3234", "19640823-3226", "123"])
text = st.text(max_size=12)
records = st.tuples(names, names, ids, emails, phones, text, text, text, st.just(""))


@pytest.mark.parametrize("left,right,other_label", [
    # Hypothesis found these: a near level (rare typo, swapped names, Gmail dots) outscored the same value twice
    (("Anna", "Anna", "", "", "", "", "", "", ""), ("Ana", "Anna", "", "", "", "", "", "", ""), "given name misspelt"),
    (("Erik", "Kalle", "", "", "", "", "", "", ""), ("Kalle", "Erik", "", "", "", "", "", "", ""),
     "given and family name swapped"),
    (("Anna", "B", "", "a.nna@gmail.com", "", "", "", "", ""), ("Anna", "B", "", "anna@gmail.com", "", "", "", "", ""),
     "same e-mail apart from dots or case"),
])
def test_self_scores_at_least_as_high_as_a_near_match(left, right, other_label):
    scorer = prepare(HEADER, [list(left), list(right), list(left)], ROLES)
    levels, prob = scorer.score(np.array([0, 0]), np.array([1, 2]))
    assert other_label in [c.levels[levels[row, 0]].label for row, c in enumerate(scorer.comparisons)]
    assert prob[1] >= prob[0]


@pytest.mark.parametrize("names,holders", [
    # one person, once typed the other way round, where both words are given names (so the name's reading cannot
    # tell which column is which): one holder, not two
    ([("Anna", "Kalle"), ("Anna", "Kalle"), ("Kalle", "Anna")], [1, 1, 1]),
    ([("Ivar", "Nils"), ("Nils", "Ivar")], [1, 1]),
    ([("Anna", "Berg"), ("Anna", "Berg"), ("Berg", "Anna")], [1, 1, 1]),  # a family name: read the right way
    ([("Anna", "Kalle"), ("Erik", "Kalle")], [2, 2]),  # a couple's mailbox
    ([("Anna", "Kalle"), ("Kalle", "Erik")], [2, 2]),  # not the same two names
])
def test_a_name_typed_the_other_way_round_is_the_same_holder_of_a_mailbox(names, holders):
    rows = [[given, family, "", "familjen@telia.com", "", "", "", "", ""] for given, family in names]
    assert prepare(HEADER, rows, ROLES).keys.people("email").tolist() == holders


@settings(max_examples=60, deadline=None)
@given(left=records, right=records)
# found by a free run: one side without a name made the shared-phone weight read one row only
@example(left=("Anna", "Anna", "", "", "070-123 45 67", "", "", "", ""),
         right=("", "", "", "", "070-123 45 67", "", "", "", ""))
@example(left=("", "Anna", "", "", "070-123 45 67", "", "", "", ""),
         right=("Anna", "Anna", "", "", "070-123 45 67", "", "", "", ""))
# found by a free run: the row with the names swapped counted as a second holder of the mailbox and phone, so the
# row against its exact copy scored below the row against the swapped one
@example(left=("Anna", "Kalle", "", "anna@gmail.com", "070-123 45 67", "", "", "", ""),
         right=("Kalle", "Anna", "", "anna@gmail.com", "070-123 45 67", "", "", "", ""))
def test_pair_properties(left, right):
    scorer = prepare(HEADER, [list(left), list(right), list(left)], ROLES)
    i, j = np.array([0, 1, 0]), np.array([1, 0, 2])
    levels, prob = scorer.score(i, j)
    assert (levels[:, 0] == levels[:, 1]).all()  # symmetric
    assert prob[0] == pytest.approx(prob[1])
    assert ((prob >= 0) & (prob <= 1)).all()
    for row, comparison in enumerate(scorer.comparisons):  # a record against itself: a "same" level
        label = comparison.levels[levels[row, 2]].label
        assert levels[row, 2] == 0 or label.startswith("same"), (comparison.name, label)
    assert prob[2] >= prob[0] - 1e-9


@pytest.mark.parametrize("postcodes,expected", [
    (("", "30685"), 1),  # one copy lost its postcode: the street in the city still joins them
    (("30685", "30685"), 0),  # both have it: "same address" already joins them, no second pair
    (("30685", "30699"), 0),  # two postcodes: two streets of the same name in the city
])
def test_street_in_city_blocks_only_rows_without_postcode(postcodes, expected):
    from core.dedup.blocking import candidate_pairs
    rows = [["Anna", "Berg", "", "", "", "Backv. 52", postcodes[0], "Halmstad", ""],
            ["Erik", "Lind", "", "", "", "Backvägen 52", postcodes[1], "Halmstad", ""]]
    scorer = prepare(HEADER, rows, ROLES)
    _, per_rule = candidate_pairs(scorer.keys, max_block=24, window=8)
    assert per_rule["same street address in the city"] == expected
