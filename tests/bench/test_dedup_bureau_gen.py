"""The fourth held-out dedup register (bench/dedup_bureau_gen.py): a Finland-Swedish accounting bureau's clients and
contacts. Deterministic, valid ids, truth lined up with the rows, the shapes issue 9 names, and fair (findability)."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

import phonenumbers
import pytest
from stdnum.fi import hetu, ytunnus
from stdnum.se import orgnr, personnummer

from bench import dedup_bureau_gen as bureau

ROOT = Path(__file__).resolve().parents[2]
B = bureau


@cache
def register(rows: int = 5000, seed: int = 41) -> tuple[list[list[str]], list[tuple[str, str]]]:
    return bureau.generate(rows, seed)


def by_entity(table, truth) -> dict[str, list[list[str]]]:
    rows = {row[B.KUNDNR]: row for row in table}
    out: dict[str, list[list[str]]] = defaultdict(list)
    for kundnr, entity in truth:
        out[entity].append(rows[kundnr])
    return out


def is_person(row) -> bool:
    return bool(row[B.GIVEN] or row[B.FAMILY] or row[B.NAME])


def is_personal_id(value: str) -> bool:
    """A personnummer (month 01-12, where an organisationsnummer's third digit is 2 or more) or a henkilötunnus."""
    digits = "".join(c for c in value if c.isdigit())[-10:]
    return hetu.is_valid(value) or (personnummer.is_valid(value) and 1 <= int(digits[2:4]) <= 12)


def test_same_seed_same_register_and_another_seed_another():
    assert bureau.generate(1500, 5) == bureau.generate(1500, 5)
    assert bureau.generate(1500, 5)[0] != bureau.generate(1500, 6)[0]


def test_rows_and_truth_line_up():
    table, truth = register()
    assert len(table) == len(truth) == 5000
    assert all(len(row) == len(B.HEADER) for row in table)
    numbers = [int(row[B.KUNDNR]) for row in table]
    assert numbers == list(range(B.FIRST_CUSTOMER_NUMBER, B.FIRST_CUSTOMER_NUMBER + 5000))  # sequential, as entered
    assert [kundnr for kundnr, _ in truth] == [row[B.KUNDNR] for row in table]
    # every row has a last-contact date and a free-text note (columns Rensa must not compare)
    assert all(dt.date.fromisoformat(row[B.LAST_CONTACT]) <= B.TODAY for row in table)
    assert all(row[B.NOTES] for row in table)
    assert {row[B.OUR_REF] for row in table} <= set(B._STAFF)


def test_every_id_is_valid_and_every_phone_a_real_number():
    table, _ = register()
    for row in table:
        value = row[B.ORGNR]
        if value:
            assert any(m.is_valid(value) for m in (personnummer, orgnr, hetu, ytunnus)), row
        for column in (B.MOBILE, B.PHONE):
            if row[column]:
                assert phonenumbers.is_valid_number(phonenumbers.parse(row[column], "FI")), row[column]
    kinds = {m.__name__: sum(1 for row in table if row[B.ORGNR] and m.is_valid(row[B.ORGNR]))
             for m in (personnummer, orgnr, hetu, ytunnus)}
    assert min(kinds.values()) > 20, kinds  # all four kinds of id occur


def test_one_person_one_personal_id_and_no_id_shared_by_two_private_clients():
    table, truth = register()
    owner_of: dict[str, str] = {}
    for entity, rows in by_entity(table, truth).items():
        private_ids = {B._id_key(r[B.ORGNR]) for r in rows if not r[B.COMPANY] and r[B.ORGNR]}
        assert len(private_ids) <= 1, rows
        for pid in private_ids:
            assert owner_of.setdefault(pid, entity) == entity


def test_sole_traders_use_their_owners_personnummer_and_name():
    table, _ = register()
    sole = [row for row in table if row[B.COMPANY] and row[B.ORGNR] and is_personal_id(row[B.ORGNR])]
    assert len(sole) > 30
    named = [row for row in sole if row[B.FAMILY] and B.fold(row[B.FAMILY].split()[0])[:5] in B.fold(row[B.COMPANY])]
    assert len(named) > len(sole) / 3
    # a company-only card of an enskild firma carries the personnummer too
    assert any(not is_person(row) for row in sole)


def test_copies_families_households_and_company_rows_exist():
    table, truth = register()
    shape = bureau.shape(table, truth)
    assert shape["entities"] == shape["people"] + shape["company_entities"]
    assert 0.08 <= shape["people_with_copies"] / shape["people"] <= 0.11, shape
    assert shape["company_rows"] > 100 and shape["company_entities_twice"] > 20
    assert shape["company_rows"] == sum(1 for row in table if not is_person(row))
    suffixed = [row for row in table if B.suffix_of(row[B.FAMILY].split())[1]]
    marks = defaultdict(set)
    for row in suffixed:
        marks[(row[B.COMPANY], B.fold(row[B.FAMILY].split()[0]))].add(B.suffix_of(row[B.FAMILY].split())[1])
    assert sum(1 for m in marks.values() if m == {"jr", "sr"}) > 10  # father and son, both marked
    # households: a private client at a contact's home address with the same family name, another entity
    entity_of = dict(truth)
    at_address = defaultdict(set)
    for row in table:
        if is_person(row) and row[B.STREET]:
            family = B.fold(row[B.FAMILY] or row[B.NAME]).split()[-1:]
            at_address[(B.fold(row[B.STREET]), row[B.POSTCODE].replace(" ", ""), *family)].add(entity_of[row[0]])
    assert sum(1 for entities in at_address.values() if len(entities) > 1) > 100
    # role addresses and switchboards shared by colleagues
    sharing = defaultdict(set)
    for row in table:
        if row[B.EMAIL].split("@")[0] in B._ALL_ROLES:
            sharing[row[B.EMAIL]].add(entity_of[row[0]])
    assert sum(1 for entities in sharing.values() if len(entities) > 1) > 30


def test_copy_kinds_a_register_really_gets():
    table, truth = register()
    kinds = defaultdict(int)
    for rows in by_entity(table, truth).values():
        for a in rows:
            for b in rows:
                if a is b or not is_person(a):
                    continue
                if a[B.COMPANY] and b[B.COMPANY] and B.fold(B.strip_form(a[B.COMPANY])) != B.fold(
                        B.strip_form(b[B.COMPANY])):
                    kinds["new job"] += 1
                if a[B.NAME] and not b[B.NAME]:
                    kinds["name in one column"] += 1
                if not a[B.MOBILE] and b[B.MOBILE]:
                    kinds["mobile added"] += 1
                ga, gb = B.fold(a[B.GIVEN]), B.fold(b[B.GIVEN])
                if ga and gb and ga != gb and B._GROUPS_FOLDED.get(ga, set()) & B._GROUPS_FOLDED.get(gb, set()):
                    kinds["nickname or other language"] += 1
                fa, fb = B.fold(a[B.FAMILY]), B.fold(b[B.FAMILY])
                if fa and fb and B.person_fit(B.readings(a), B.readings(b)) == "given":
                    kinds["married name"] += 1
    assert set(kinds) == {"new job", "name in one column", "mobile added", "nickname or other language",
                          "married name"}, kinds
    assert min(kinds.values()) >= 4, kinds


def test_a_person_row_is_never_a_company_entity():
    table, truth = register()
    for row, (_, entity) in zip(table, truth, strict=True):
        assert entity.startswith("p") == is_person(row), row
    # two company-only rows of one company are one entity, sometimes without the legal form or the org number
    twice = [rows for entity, rows in by_entity(table, truth).items() if entity.startswith("c") and len(rows) > 1]
    assert any(any(not r[B.ORGNR] for r in rows) for rows in twice)
    assert any(len({r[B.COMPANY] for r in rows}) > 1 for rows in twice)


def test_a_careful_human_can_link_almost_every_true_pair():
    table, truth = register()
    found = bureau.findability(table, truth, listing=True)
    assert found["pairs"] > 500
    assert found["share"] < 0.02, found
    assert len(found["pairs_not_found"]) == found["unfindable"]
    # and few pairs of two people look like one (a tool cannot be blamed for those)
    assert len(bureau.lookalikes(table, truth)) <= 0.001 * len(table)


def _row(given: str = "", family: str = "", name: str = "") -> list[str]:
    row = [""] * len(B.HEADER)
    row[B.GIVEN], row[B.FAMILY], row[B.NAME] = given, family, name
    return row


@pytest.mark.parametrize(("first", "second", "fit"), [
    (_row("Johan", "Nyman"), _row("Juha", "Nyman"), "full"),  # the same name in Finnish
    (_row("Mikael", "Dahlvik"), _row("Micke", "Dahlvik"), "full"),  # nickname
    (_row("Anders", "Marklund"), _row("A.", "Marklund"), "full"),  # initial
    (_row("Jan-Erik", "Forsman"), _row("Jan Erik", "Forsman"), "full"),
    (_row("Jan-Erik", "Forsman"), _row("Jan", "Forsman"), "full"),  # second given name dropped
    (_row("Leena", "Mäkelä"), _row("LEENA", "MAKELA"), "full"),  # capitals, ä lost
    (_row("Anna", "Lillberg"), _row("Annna", "Lillberg"), "full"),  # a slip
    (_row("Anna", "Virtanen"), _row("Anna", "Virtanen-Korhonen"), "full"),  # double family name
    (_row("Johan", "Nyman"), _row(name="Nyman Johan"), "full"),  # one column, family first
    (_row("Johan", "Nyman"), _row(name="Nyman, Johan"), "full"),
    (_row("Katja", "Kvistfjäll"), _row("Kvistfjöll", "Katariina"), "full"),  # swapped, slip, nickname
    (_row("Håkan", "Ekblad d.ä."), _row("Håkan", "Ekblad"), "full"),  # one mark missing: could be him
    (_row("Håkan", "Ekblad Sr."), _row("Håkan", "Ekblad Jr."), None),  # father and son
    (_row("Mikko", "Koskimäki vanhempi"), _row(name="Mikko Koskimäki nuorempi"), None),
    (_row("Jari", "Virtanen"), _row("Jani", "Virtanen"), None),  # two real names one letter apart
    (_row("Anna", "Virtanen"), _row("Anna", "Korhonen"), "given"),  # a married name
    (_row("Lars", "Lindqvist"), _row("Lars", "Lindholm"), "given"),
    (_row("Emma", "Nyman"), _row("Ella", "Nyman"), None),
])
def test_names_fit_as_a_careful_reader_reads_them(first, second, fit):
    assert bureau.person_fit(bureau.readings(first), bureau.readings(second)) == fit
    assert bureau.person_fit(bureau.readings(second), bureau.readings(first)) == fit


@pytest.mark.parametrize(("first", "second", "fit"), [
    ("Nyman Bygg Ab", "NYMAN BYGG", True),
    ("Oy Nyman Bygg Ab", "Nyman Bygg Oy", True),
    ("Tmi Jari Virtanen", "Jari Virtanen", True),
    ("Nyman Bygg Ab", "Nyholm Bygg Ab", False),
    ("Vasa Café Oy", "Vasa Bygg Oy", False),
])
def test_company_names_fit_without_their_legal_form(first, second, fit):
    assert bureau.company_fits(first, second) is fit


@pytest.mark.parametrize(("born", "serial"), [(dt.date(1965, 3, 14), 123), (dt.date(2001, 12, 31), 2),
                                             (dt.date(1950, 2, 28), 899)])
def test_personal_ids_carry_the_right_check_characters(born, serial):
    assert personnummer.is_valid(bureau.personnummer(born, serial))
    assert hetu.is_valid(bureau.hetu(born, serial))


def test_the_bench_knows_the_register():
    sys.path.insert(0, str(ROOT / "bench"))
    from bench import dedup_bench

    assert dedup_bench._REGISTERS["bureau"] == ("dedup_bureau_gen", "FI")


def test_command_line_writes_the_register_and_its_truth(tmp_path):
    out = tmp_path / "bureau.csv"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "dedup_bureau_gen.py"), "--rows", "400", "--seed",
                           "3", "--out", str(out)], capture_output=True, text=True, check=True)
    assert "bureau.csv" in done.stderr
    with out.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with out.with_suffix(".truth.csv").open(encoding="utf-8") as f:
        truth = list(csv.reader(f))
    assert rows[0] == B.HEADER and len(rows) == 401
    assert truth[0] == ["Kundnr", "entity"]
    assert [t[0] for t in truth[1:]] == [r[0] for r in rows[1:]]
    assert rows[1:] == [list(r) for r in bureau.generate(400, 3)[0]]
