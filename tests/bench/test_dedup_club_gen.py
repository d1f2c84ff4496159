"""The third held-out register (bench/dedup_club_gen.py): deterministic for a seed, and its truth consistent.

The generator's rows are what the bench scores ``rensa dedupe`` against; a truth that names two people as one
(or a row another person's id) would make the held-out figures wrong, so these check the truth itself.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from stdnum.no import fodselsnummer, orgnr

from bench import dedup_club_gen as club

ROWS, SEED = 1500, 7


@pytest.fixture(scope="module")
def register():
    return club.generate(ROWS, SEED)


def test_the_same_seed_gives_the_same_register(register):
    assert club.generate(ROWS, SEED) == register


def test_another_seed_gives_another_register(register):
    table, _ = club.generate(ROWS, SEED + 1)
    assert table != register[0]


def test_rows_and_truth_line_up(register):
    table, truth = register
    assert len(table) == len(truth) == ROWS
    assert all(len(row) == len(club.HEADER) for row in table)
    ids = [row[0] for row in table]
    assert [row_id for row_id, _ in truth] == ids
    assert len(set(ids)) == ROWS  # the member number is the row's id
    assert sorted(int(i) for i in ids) == list(range(1001, 1001 + ROWS))
    assert [row[1] for row in table] == [str(n) for n in range(1, ROWS + 1)]  # "Nr", a running row number
    assert all(entity[0] in "pc" and entity[1:].isdigit() for _, entity in truth)


def test_the_register_has_copies_families_and_company_rows(register):
    table, truth = register
    rows_of = defaultdict(list)
    for row, (_, entity) in zip(table, truth):
        rows_of[entity].append(dict(zip(club.HEADER, row)))
    copied = [rows for rows in rows_of.values() if len(rows) > 1]
    assert 0.05 < sum(len(rows) for rows in copied) / ROWS < 0.35
    company_rows = [rows for entity, rows in rows_of.items() if entity.startswith("c")]
    assert company_rows and all(not r["Fornavn"] and not r["Etternavn"] and r["Firma"]
                                for rows in company_rows for r in rows)
    children = [r for rows in rows_of.values() for r in rows if r["Foresatt"]]
    assert children  # a child's row names its guardian and carries the guardian's contacts
    shared_mobiles = defaultdict(set)
    for entity, rows in rows_of.items():
        for r in rows:
            if r["Mobil"]:
                shared_mobiles[club._evidence(r)["mobile"]].add(entity)
    assert any(len(holders) > 1 for holders in shared_mobiles.values())  # one mobile for parent and child


def test_one_person_has_one_birth_date_and_one_id(register):
    table, truth = register
    born, ids = defaultdict(set), defaultdict(set)
    for row, (_, entity) in zip(table, truth):
        evidence = club._evidence(dict(zip(club.HEADER, row)))
        if evidence["born"]:
            born[entity].add(evidence["born"])
        if evidence["fnr"]:
            ids[entity].add(evidence["fnr"])
    assert born and all(len(dates) == 1 for dates in born.values())
    assert ids and all(len(numbers) == 1 for numbers in ids.values())
    owners = defaultdict(set)
    for entity, numbers in ids.items():
        owners[next(iter(numbers))].add(entity)
    assert all(len(entities) == 1 for entities in owners.values())  # no id shared by two people


def test_ids_and_org_numbers_are_valid(register):
    table, _ = register
    rows = [dict(zip(club.HEADER, row)) for row in table]
    numbers = [r["Fødselsnummer"] for r in rows if r["Fødselsnummer"]]
    orgs = [r["Org.nr"] for r in rows if r["Org.nr"]]
    assert numbers and all(fodselsnummer.is_valid(n) for n in numbers)
    assert orgs and all(orgnr.is_valid("".join(c for c in n if c.isdigit())[-9:]) for n in orgs)


def test_names_of_one_person_fit_as_a_careful_human_reads_them(register):
    table, truth = register
    first = {}
    misfits = 0
    pairs = 0
    for row, (_, entity) in zip(table, truth):
        r = dict(zip(club.HEADER, row))
        if entity in first:
            pairs += 1
            misfits += not club.names_fit(first[entity], r)
        else:
            first[entity] = r
    assert pairs and misfits / pairs < 0.02


def test_almost_every_true_pair_is_findable_from_the_rows(register):
    found = club.findability(*register)
    assert found["pairs"] > 50
    assert found["share"] < 0.02  # what is left are sons of their father's name at his address and mobile
    assert found["unfindable"] == found["names_differ"] + found["nothing_shared"] + found["confusable"]


@pytest.mark.parametrize(("a", "b", "fits"), [
    (("Hansen", "Ola"), ("Hansen", "Ola"), True),
    (("Hansen", "Ola"), ("Hanssen", "Ola"), True),         # one slip
    (("Bøe", "Isak"), ("Boee", "Isak"), True),             # ø typed as oe
    (("Åsmo", "Knut Arne"), ("Aasmo", "Knu Arne"), True),  # å as aa and a dropped letter
    (("Haugli", "Mathilde"), ("M", "Haugli"), True),       # columns swapped and an initial
    (("Rasmussen", "Anne Lise"), ("Rasmussen", "Anne Grethe"), False),  # two second names: two people
    (("Rasmussen", "Anne Lise"), ("Rasmussen", "Anne"), True),
    (("Nilsen", "Kristoffer"), ("Nilsen", "Kris"), True),  # a nickname
    (("Nilsen", "Ola"), ("Nilsen", "Per"), False),
    (("Berg Hansen", "Ola"), ("Hansen", "Ola Berg"), True),  # the mother's name in either column
])
def test_names_fit(a, b, fits):
    def row(family, given):
        return dict.fromkeys(club.HEADER, "") | {"Etternavn": family, "Fornavn": given}
    assert club.names_fit(row(*a), row(*b)) is fits
