"""Two sure clusters only review-close to each other: reported as groups that may be one customer, never merged.

One customer can end up as two sure clusters when the link between them is only in the review band (complete
linkage joins sure clusters by sure edges only). Each case is a small register run through ``find_duplicates`` (the
contract) and ``core.clean`` with ``merge`` (what a person reads in the status column).
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest

from core import CleanConfig, clean
from core.dedup import DedupConfig, find_duplicates
from core.dedup.parts import clusters_from_pairs, scored_pairs

HEADER = ["Kundnr", "Förnamn", "Efternamn", "E-post", "Telefon", "Födelsedatum", "Adress", "Postnr", "Ort"]
ROLES = ["-", "given_name", "family_name", "email", "phone", "birth_date", "street", "postal_code", "city"]
TOR = ["Tor", "Haugen", "tor.haugen@gmail.com"]
T = ["T.", "Haugen", ""]
TONE = ["Tone", "Haugen", "tone.h@online.no"]
HOME = ["Storgata 1", "0155", "Oslo"]
# Tor (rows 1-2) and Tone (rows 5-6) each twice; "T. Haugen" twice (rows 3-4, one own phone): a sure pair of its
# own, and the initial fits both Tor and Tone, so T.'s group may be either customer
HAUGEN = [
    ["1", *TOR, "+47 912 34 567", "", *HOME],
    ["2", *TOR, "", "", *HOME],
    ["3", *T, "+47 900 00 001", "", *HOME],
    ["4", *T, "+47 900 00 001", "", *HOME],
    ["5", *TONE, "+47 913 11 111", "", *HOME],
    ["6", *TONE, "", "", *HOME],
]
TODAY = datetime.date(2026, 12, 1)
# what ties the groups, and what holds the tie back: "K." fits Kari and Knut alike (issue 9)
TIE = "given name initial matches, same family name, same address, but the initial fits more than one person: 90 %"


def links(rows, **config):
    result = find_duplicates(HEADER, rows, ROLES, DedupConfig(country="NO", **config))
    return [(c.clusters, c.rows, c.pair.rows, c.pair.explanation) for c in result.close_clusters]


def cleaned(rows, **config):
    config = {"today": TODAY, "merge": True, "language": "en", "country": "NO", "roles": {"Kundnr": None}, **config}
    return clean((HEADER, rows), CleanConfig(**config))


def test_a_sure_group_between_two_customers_names_both():
    result = find_duplicates(HEADER, HAUGEN, ROLES, DedupConfig(country="NO"))
    assert [(c.rows, c.band) for c in result.clusters] == [([1, 2], "sure"), ([3, 4], "sure"), ([5, 6], "sure")]
    assert result.possible_duplicates == []  # no row is outside a sure cluster
    # each pair of groups named by its own strongest pair across them: row 2 (no phone of its own) against row 3
    assert links(HAUGEN) == [([1, 2], [2, 3], [2, 3], TIE), ([2, 3], [3, 6], [3, 6], TIE)]
    assert result.stats["close_clusters"] == 2


def test_the_rows_each_group_keeps_say_so_and_nothing_more_is_deleted():
    result = cleaned(HAUGEN)
    assert result.status == [
        "Keep: row 3 is a duplicate of this row. Rows 2 and 3 may be the same customer as rows 4 and 5 (row 3 "
        f"against row 4: {TIE}): check by hand.",
        "Delete: duplicate of row 2 (same given name, same family name, same e-mail, same address: 100 %).",
        "Keep: row 5 is a duplicate of this row. Rows 4 and 5 may be the same customer as rows 2 and 3 (row 4 "
        f"against row 3: {TIE}) or rows 6 and 7 (row 4 against row 7: {TIE}): check by hand.",
        "Delete: duplicate of row 4 (same given name, same family name, same phone, same address: 100 %).",
        "Keep: row 7 is a duplicate of this row. Rows 6 and 7 may be the same customer as rows 4 and 5 (row 7 "
        f"against row 4: {TIE}): check by hand.",
        "Delete: duplicate of row 6 (same given name, same family name, same e-mail, same address: 100 %).",
    ]
    counts = result.counts
    assert (counts.duplicate_rows, counts.duplicate_groups, counts.rows_to_delete, counts.close_groups,
            counts.possible_duplicate_rows) == (3, 3, 3, 3, 0)
    assert [i.row for i in result.issues if i.code == "row.possible_same_group"] == [1, 3, 5]  # the rows kept
    assert not [i for i in result.issues if i.code == "row.possible_duplicate"]
    assert [(c.clusters, c.rows) for c in result.close_clusters] == [([1, 2], [2, 3]), ([2, 3], [3, 6])]


@pytest.mark.parametrize("language,note", [
    ("sv", "Behåll: rad 3 är en dubblett av den här raden. Raderna 2 och 3 kan vara samma kund som raderna 4 och 5 "
           "(rad 3 mot rad 4: förnamnets initial stämmer, samma efternamn, samma adress, men initialen passar fler än "
           "en person: 90 %): kontrollera manuellt."),
    ("fi", "Säilytä: rivi 3 on tämän rivin kaksoiskappale. Rivit 2 ja 3 voivat olla sama asiakas kuin rivit 4 ja 5 "
           "(rivi 3 verrattuna riviin 4: etunimen alkukirjain täsmää, sama sukunimi, sama osoite, mutta alkukirjain "
           "sopii useammalle kuin yhdelle henkilölle: 90 %); tarkista käsin."),
])
def test_the_note_in_the_users_language(language, note):
    assert cleaned(HAUGEN, language=language).status[0] == note


def test_two_birth_dates_across_the_groups_are_two_people():
    """Father and son of one name at one home, each twice: the pairs across score in the review band, but another
    birth date says two people, so nothing is reported."""
    father = ["Tor", "Haugen", "", "+47 912 34 567", "1950-03-01", *HOME]
    son = ["Tor", "Haugen", "", "+47 913 11 111", "1980-06-01", *HOME]
    rows = [["1", *father], ["2", *father], ["3", *son], ["4", *son]]
    result = find_duplicates(HEADER, rows, ROLES, DedupConfig(country="NO"))
    assert [(c.rows, c.band) for c in result.clusters] == [([1, 2], "sure"), ([3, 4], "sure")]
    assert result.close_clusters == []
    assert "may be the same customer" not in " ".join(cleaned(rows).status)


def test_groups_far_apart_are_not_linked():
    other = [["7", "Per", "Ek", "per.ek@gmail.com", "+46 70 111 22 33", "", "Ekvägen 3", "41301", "Göteborg"],
             ["8", "Per", "Ek", "per.ek@gmail.com", "", "", "Ekvägen 3", "41301", "Göteborg"]]
    rows = [HAUGEN[0], HAUGEN[1], *other]
    assert links(rows) == []
    assert cleaned(rows).counts.close_groups == 0


def test_the_split_pass_reports_them_too():
    """The add-on's split pass (parts) gives the same pairs of groups as one pass over the register."""
    config = DedupConfig(country="NO")
    pairs = scored_pairs(HEADER, HAUGEN, ROLES, config)
    found = clusters_from_pairs(HEADER, HAUGEN, ROLES, pairs, register_rows=len(HAUGEN), config=config)
    whole = find_duplicates(HEADER, HAUGEN, ROLES, config)
    assert found.close_clusters == whole.close_clusters
    assert len(found.close_clusters) == 2


@pytest.fixture(scope="module")
def generated():
    sys.path.insert(0, str(Path(__file__).parents[3] / "bench"))
    from dedup_gen import HEADER as GENERATED
    from dedup_gen import generate

    rows, _ = generate(2000, seed=1)
    # the Haugen home in the generator's columns (its birth dates are empty; the generator calls Postnr Postnummer)
    named = [{"Postnr": "Postnummer"}.get(name, name) for name in HEADER]
    for row in HAUGEN:
        values = dict(zip(named, row))
        rows.append([values.get(name, "") for name in GENERATED])
    return GENERATED, rows


def test_on_a_generated_register_only_sure_clusters_are_linked_and_no_delete_moves(generated):
    """Every pair of groups is two sure clusters; the rows marked Delete are exactly the sure clusters' rows besides
    the one kept (a link marks nothing); every link is noted on the two rows kept."""
    header, rows = generated
    result = clean((header, rows), CleanConfig(today=TODAY, merge=True, roles={"Kundnr": None}))
    sure = {c.cluster_id: c for c in result.duplicates if c.band == "sure"}
    assert result.close_clusters  # the register has some, so the checks below check something
    for link in result.close_clusters:
        assert set(link.clusters) <= set(sure) and link.clusters[0] < link.clusters[1]
        assert [row in sure[number].rows for row, number in zip(link.rows, link.clusters)] == [True, True]
        assert link.pair.score >= DedupConfig().review_threshold
        for number in link.clusters:
            assert "may be the same customer as" in result.status[sure[number].survivor - 1]
    marked = {n for n, status in enumerate(result.status, start=1) if status.startswith("Delete")}
    assert marked == {row for c in sure.values() for row in c.rows if row != c.survivor}
    assert result.counts.close_groups == len({n for link in result.close_clusters for n in link.clusters})
