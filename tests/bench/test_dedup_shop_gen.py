"""The fifth held-out register (bench/dedup_shop_gen.py): a Nordic web shop's Shopify customer export.

The bench scores ``rensa dedupe`` against this register's truth, so these check the truth and the rows
themselves: the same register for a seed in every process, values a real export holds (valid e-mails, phones
and postcodes, Shopify's header and ids), every kind of lookalike and every kind of copy at its rate, and
that a careful human could link the true pairs and would not take two people for one.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email

from bench import dedup_shop_gen as shop

ROOT = Path(__file__).resolve().parents[2]
ROWS, SEED = 5000, 61


@pytest.fixture(scope="module")
def built():
    return shop.build(ROWS, SEED)


@pytest.fixture(scope="module")
def register(built):
    table, truth, _ = built
    return table, truth


def test_the_same_seed_gives_the_same_register(register):
    assert shop.generate(ROWS, SEED) == register


def test_another_seed_gives_another_register(register):
    table, _ = shop.generate(ROWS, SEED + 1)
    assert table != register[0]


def _digest(hash_seed: str, out: Path) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, str(ROOT / "bench" / "dedup_shop_gen.py"), "--rows", "2000", "--seed", "62",
                    "--out", str(out)], check=True, env=env, stdout=subprocess.DEVNULL)
    return hashlib.sha256(out.read_bytes() + out.with_suffix(".truth.csv").read_bytes()).hexdigest()


def test_the_register_is_byte_identical_across_processes_and_hash_seeds(tmp_path):
    assert _digest("1", tmp_path / "a.csv") == _digest("4242", tmp_path / "b.csv")


def test_rows_and_truth_line_up_with_shopifys_header_and_ids(register):
    table, truth = register
    assert shop.HEADER[:4] == ["Customer ID", "First Name", "Last Name", "Email"]
    assert shop.HEADER[-1] == "Tags" and len(shop.HEADER) == 20
    assert len(table) == len(truth) == ROWS
    assert all(len(row) == len(shop.HEADER) for row in table)
    assert [row[shop.ID] for row in table] == [row_id for row_id, _ in truth]
    ids = [int(row[shop.ID].lstrip("'")) for row in table]
    # Shopify's ids: 13 digits, increasing in the order customers were created, written '6993993220109
    assert all(row[shop.ID].startswith("'") and len(row[shop.ID]) == 14 for row in table)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_every_email_is_a_valid_address(register):
    table, _ = register
    emails = [row[shop.EMAIL] for row in table if row[shop.EMAIL]]
    assert len(emails) > 0.9 * ROWS
    bad = []
    for email in emails:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            bad.append(email)
    assert bad == []


def test_every_phone_is_valid_for_its_country(register):
    table, _ = register
    typed = 0
    for row in table:
        for col in (shop.PHONE, shop.ADDRESS_PHONE):
            if row[col]:
                typed += 1
                number = phonenumbers.parse(row[col].lstrip("'"), row[shop.COUNTRY] or "NO")
                assert phonenumbers.is_valid_number(number), row
        # the customer's Phone is written the way Shopify exports it: '+4791234567
        assert not row[shop.PHONE] or row[shop.PHONE].startswith("'+")
    assert typed > ROWS


def test_phones_are_written_in_several_ways(register):
    table, _ = register
    shapes = Counter()
    for row in table:
        value = row[shop.ADDRESS_PHONE]
        if value:
            shapes["+" if value.startswith("+") else "00" if value.startswith("00") else
                   "spaces" if " " in value else "digits"] += 1
    assert min(shapes[k] for k in ("+", "00", "spaces", "digits")) > 100


def test_every_postcode_is_valid_for_its_country_and_city(register):
    table, _ = register
    ranges = {(country, city): (low, high) for country, cities in shop._CITIES.items()
              for city, low, high, _ in cities}
    for row in table:
        if not row[shop.ZIP]:
            continue
        country, code = row[shop.COUNTRY], row[shop.ZIP]
        if country == "SE":
            assert len(code) == 6 and code[3] == " ", row
            code = code.replace(" ", "")
        else:
            assert len(code) == 4 and code.isdigit(), row
        low, high = ranges[(country, row[shop.CITY])]
        assert low <= int(code) <= high, row
    assert Counter(row[shop.COUNTRY] for row in table if row[shop.COUNTRY]).keys() == {"NO", "DK", "SE"}


def test_the_truth_has_people_and_company_cards_and_a_card_is_never_a_person(register):
    table, truth = register
    entities = [entity for _, entity in truth]
    assert all(entity[0] in "pc" and entity[1:].isdigit() for entity in entities)
    for row, entity in zip(table, entities):
        named = bool(row[shop.FIRST].strip() or row[shop.LAST].strip())
        if entity.startswith("c"):
            assert not named and row[shop.COMPANY], row
    sizes = Counter(entities)
    assert sum(1 for e, n in sizes.items() if e.startswith("c") and n > 1) > 5  # some company cards twice


def test_the_shape_is_the_rates(built):
    table, truth, counts = built
    sizes = Counter(entity for _, entity in truth)
    people = [e for e in sizes if e.startswith("p")]
    with_copies = sum(1 for e in people if sizes[e] > 1)
    assert 0.08 <= with_copies / len(people) <= 0.13
    assert 0.10 <= sum(n - 1 for e, n in sizes.items() if e.startswith("p")) / ROWS <= 0.14
    countries = Counter(row[shop.COUNTRY] for row in table if row[shop.COUNTRY])
    assert 0.50 < countries["NO"] / sum(countries.values()) < 0.66
    assert 0.28 < countries["DK"] / sum(countries.values()) < 0.40
    # households, offices and the lookalikes in them
    assert counts["spouse"] > 300 and counts["family_mailbox"] > 150 and counts["home_landline"] > 300
    assert counts["namesake_son"] >= 10 and counts["twins"] >= 2 and counts["siblings_gmail"] >= 20
    assert counts["company_card"] > 30 and counts["company_card_twice"] > 5


def test_every_kind_of_copy_is_there(built):
    _, _, counts = built
    for kind in shop.COPY_KINDS:
        assert counts[f"row {kind}"] >= 3, kind
    assert counts["row newsletter"] > counts["row gmail_dots"]  # the weights, roughly


def _people_by(table, truth, key):
    found = defaultdict(set)
    for row, (_, entity) in zip(table, truth):
        value = key(row)
        if value and entity.startswith("p"):
            found[value].add(entity)
    return found


def test_father_and_son_with_one_whole_name_at_one_address_keep_their_own_mobile_and_mailbox(register):
    table, truth = register
    entity_of = [e for _, e in truth]
    at_home = _people_by(table, truth, lambda r: (shop._fold(f"{r[shop.FIRST]} {r[shop.LAST]}"),
                                                  shop._fold(r[shop.ADDRESS1] + r[shop.ZIP])) if r[shop.ADDRESS1]
                         else None)
    pairs = [who for who in at_home.values() if len(who) > 1]
    assert len(pairs) >= 10
    for who in pairs:
        rows = [row for row, e in zip(table, entity_of) if e in who]
        mobiles = {e: {row[shop.PHONE] for row, e2 in zip(table, entity_of) if e2 == e} for e in who}
        assert all(len(m) == 1 and "" not in m for m in mobiles.values()), rows
        assert len({next(iter(m)) for m in mobiles.values()}) == len(who), rows


def test_namesakes_in_one_city_are_as_common_as_the_names(register):
    table, truth = register
    in_city = _people_by(table, truth, lambda r: (shop._fold(f"{r[shop.FIRST]} {r[shop.LAST]}"), r[shop.CITY])
                         if r[shop.CITY] and r[shop.LAST] else None)
    namesakes = [name for (name, _), who in in_city.items() if len(who) > 1]
    assert len(namesakes) >= 20
    assert any(name.split()[-1] in ("jensen", "nielsen", "hansen") for name in namesakes)


def test_colleagues_share_a_role_mailbox_and_a_switchboard(register):
    table, truth = register
    mailbox_people = _people_by(table, truth, lambda r: shop.mailbox(r[shop.EMAIL]) if r[shop.COMPANY] and
                                r[shop.EMAIL].split("@")[0] in sum(shop._ROLE_MAILBOXES.values(), []) else None)
    assert sum(1 for who in mailbox_people.values() if len(who) > 1) >= 10
    switchboards = _people_by(table, truth, lambda r: shop.phone_key(r[shop.ADDRESS_PHONE], r[shop.COUNTRY])
                              if r[shop.COMPANY] else None)
    assert sum(1 for who in switchboards.values() if len(who) > 1) >= 40


def test_one_gmail_account_is_never_two_peoples_unless_they_share_a_home(register):
    """Gmail ignores dots: a.b@gmail.com and ab@gmail.com are one mailbox, so two people who are not one
    household never hold them; siblings at home may share one account."""
    table, truth = register
    holders = defaultdict(set)
    homes = defaultdict(set)
    for row, (_, entity) in zip(table, truth):
        if row[shop.EMAIL].casefold().endswith("@gmail.com"):
            holders[shop.mailbox(row[shop.EMAIL])].add(entity)
    home_of = defaultdict(set)
    for row, (_, entity) in zip(table, truth):
        if row[shop.ADDRESS1]:
            home_of[entity].add(shop._fold(row[shop.ADDRESS1] + row[shop.ZIP]))
    shared = {box: who for box, who in holders.items() if len(who) > 1}
    assert len(shared) >= 10  # siblings on one account
    for box, who in shared.items():
        homes = set.intersection(*(home_of[e] for e in who))
        assert homes, (box, who)


def test_notes_name_other_customers_and_ids_tags_and_totals_are_filled(register):
    table, _ = register
    names = {f"{row[shop.FIRST]} {row[shop.LAST]}" for row in table}
    notes = [row[shop.NOTE] for row in table if row[shop.NOTE]]
    assert 0.12 * ROWS < len(notes) < 0.22 * ROWS
    assert sum(1 for note in notes if any(note.endswith(name) for name in names if " " in name)) > 100
    assert all(float(row[shop.SPENT]) >= 0 and row[shop.ORDERS].isdigit() for row in table)
    assert sum(1 for row in table if row[shop.TAGS]) > 0.15 * ROWS


def test_a_careful_human_can_link_almost_every_true_pair(register):
    table, truth = register
    found = shop.findability(table, truth)
    assert found["true_pairs"] > 500
    assert found["share"] <= 0.01


def test_almost_no_two_people_look_like_one(register):
    table, truth = register
    assert len(shop.lookalikes(table, truth)) <= 0.001 * ROWS


NAME_FITS = [
    # (first row's given, family), (second's), fit: 2 the same person's name, 1 a new family name, 0 two names
    (("Kari", "Hansen"), ("Kari", "Hansen"), 2),
    (("Kari", "Hansen"), ("KARI", "hansen "), 2),
    (("Kristoffer", "Berg"), ("Kris", "Berg"), 2),
    (("Jens Peter", "Nielsen"), ("Jens", "Nielsen"), 2),
    (("Anne-Lise", "Moe"), ("Anne Lise", "Moe"), 2),
    (("Søren", "Kjær"), ("Soeren", "Kjaer"), 2),
    (("Emma", "Lund"), ("Ema", "Lund"), 2),
    (("Berit", "Østlien"), ("B.", "Østlien"), 2),
    (("Ole", "Haugen"), ("Haugen", "Ole"), 2),
    (("Mette  Madsen", ""), ("Mette", "Madsen"), 2),
    (("Ingrid", "Berg"), ("Ingrid", "Solheim"), 1),
    (("Ida", "Madsen"), ("Ina", "Madsen"), 0),
    (("Mia", "Lie"), ("Mina", "Lie"), 0),
    (("Emil", "Dahl"), ("Emilie", "Dahl"), 0),
    (("Kari", "Hansen"), ("Ola", "Hansen"), 0),
]


@pytest.mark.parametrize(("one", "two", "fit"), NAME_FITS)
def test_names_fit_as_a_careful_reader_sees_them(one, two, fit):
    a, b = [""] * len(shop.HEADER), [""] * len(shop.HEADER)
    (a[shop.FIRST], a[shop.LAST]), (b[shop.FIRST], b[shop.LAST]) = one, two
    assert shop.name_fit(a, b) == fit
    assert shop.name_fit(b, a) == fit


def test_a_company_card_fits_only_another_card_of_that_company_and_a_nameless_sign_up_fits_anyone():
    card, again, person, sign_up = ([""] * len(shop.HEADER) for _ in range(4))
    card[shop.COMPANY], again[shop.COMPANY] = "Hovmo & Sønn AS", "HOVMO & SØNN"
    person[shop.FIRST], person[shop.LAST], person[shop.COMPANY] = "Kari", "Hovmo", "Hovmo & Sønn AS"
    assert shop.name_fit(card, again) == 2
    assert shop.name_fit(card, person) == shop.name_fit(person, card) == 0
    assert shop.name_fit(sign_up, person) == 2


@pytest.mark.parametrize(("one", "two", "same"), [
    ("kari.hansen@gmail.com", "karihansen@gmail.com", True),
    ("Kari.Hansen@Gmail.com", "kari.hansen+shop@gmail.com", True),
    ("kari.hansen@gmial.com", "kari.hansen@gmail.com", True),
    ("kari.hansen@online.no", "karihansen@online.no", False),  # only Gmail ignores dots
    ("kari@hotmail.com", "kari@hotmail.no", False),
])
def test_mailbox_is_the_mailbox_an_address_reaches(one, two, same):
    assert (shop.mailbox(one) == shop.mailbox(two)) is same


def test_the_bench_and_the_error_breakdown_know_the_register():
    from bench import dedup_bench
    from bench.dedup_errors import truth_and_country
    assert dedup_bench._REGISTERS["shop"] == ("dedup_shop_gen", "NO")
    truth, country, id_column = truth_and_country(300, "shop", 5)
    assert (country, id_column) == ("NO", "Customer ID") and len(truth) == 300


def test_the_command_line_writes_the_register_and_its_truth(tmp_path):
    out = tmp_path / "shop.csv"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "dedup_shop_gen.py"), "--rows", "800", "--seed", "3",
                           "--out", str(out), "--findability"], check=True, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    table, truth = shop.generate(800, 3)
    with out.open(encoding="utf-8", newline="") as f:
        assert list(csv.reader(f)) == [shop.HEADER, *table]
    with out.with_suffix(".truth.csv").open(encoding="utf-8", newline="") as f:
        assert list(csv.reader(f)) == [["Customer ID", "entity"], *[list(pair) for pair in truth]]
    assert "a careful human could not link" in done.stdout and "lookalikes" in done.stdout


def test_relation_names_what_two_entities_are_and_false_pairs_reads_a_report(tmp_path):
    people = {}
    table, truth, _ = shop.build(ROWS, SEED, people)
    entity = [e for _, e in truth]
    first_row = {}
    for n, e in enumerate(entity):
        first_row.setdefault(e, n)
    son = next(k for k, v in people.items() if v.get("role") == "child" and v.get("namesake_of"))
    father = people[son]["namesake_of"]
    spouse = next(k for k, v in people.items() if v.get("role") == "spouse" and k in first_row)
    head = next(k for k, v in people.items() if v.get("household") == people[spouse]["household"]
                and v.get("role") == "head")
    assert shop.relation(son, father, people) == "father and son with one whole name at one address"
    assert shop.relation(spouse, head, people) == "spouses"
    card = next(e for e in entity if e.startswith("c"))
    buyer = next((k for k, v in people.items() if v.get("office") == card and k in first_row), None)
    if buyer:
        assert shop.relation(card, buyer, people) == "a company card and a buyer at it"
    # a report with one sure cluster of father and son (father kept) and one of a person's own two rows
    rows_of = defaultdict(list)
    for n, e in enumerate(entity):
        rows_of[e].append(n + 1)
    twice = next(e for e, rows in rows_of.items() if len(rows) == 2 and e.startswith("p"))
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"clusters": [
        {"cluster_id": 1, "band": "sure", "survivor": rows_of[father][0],
         "rows": [rows_of[father][0], rows_of[son][0]]},
        {"cluster_id": 2, "band": "sure", "survivor": rows_of[twice][0], "rows": rows_of[twice]},
        {"cluster_id": 3, "band": "review", "survivor": rows_of[spouse][0],
         "rows": [rows_of[spouse][0], rows_of[head][0]]}]}), encoding="utf-8")
    lines = shop.false_pairs(report, ROWS, SEED, show=1)
    assert lines[0] == "false sure pairs: 1; rows wrongly marked Delete: 1"
    assert lines[1].split(None, 1) == ["1", "father and son with one whole name at one address"]
    assert len(lines) == 4 and table[rows_of[son][0] - 1][shop.ID] in lines[2] + lines[3]


def test_a_home_shares_a_mobile_now_and_then_and_copies_type_the_address_another_way(register):
    table, truth = register
    mobiles = _people_by(table, truth, lambda r: shop.phone_key(r[shop.ADDRESS_PHONE], r[shop.COUNTRY] or "NO"))
    own_mobiles = _people_by(table, truth, lambda r: shop.phone_key(r[shop.PHONE], r[shop.COUNTRY] or "NO"))
    # a partner's or parent's mobile typed as the delivery phone: a mobile (someone's own Phone) held by two people
    assert sum(1 for number, who in mobiles.items() if len(who | own_mobiles.get(number, set())) > 1
               and own_mobiles.get(number)) >= 20
    written = defaultdict(set)
    for row, (_, entity) in zip(table, truth):
        if row[shop.ADDRESS1]:
            key = shop.address_key(row[shop.ADDRESS1], row[shop.ADDRESS2], row[shop.ZIP])
            written[(entity, key)].add((row[shop.ADDRESS1], row[shop.ADDRESS2]))
    assert sum(1 for forms in written.values() if len(forms) > 1) >= 30


@pytest.mark.parametrize(("one", "two", "same"), [
    (("Storgata 12B", "H0201"), ("Storgt. 12 b", "H0201"), True),
    (("Nørregade 39", "1. th"), ("nørregade 39, 1.th", ""), True),
    (("Nørregade 39", "1. th"), ("Nørregade 39", "2. th"), False),  # two flats, two homes
    (("Storgata 12", ""), ("Storgata 14", ""), False),
    (("Kongens gate 73", "H0401"), ("kongens gt. 73, H0401", ""), True),
    (("Sveavägen 3", ""), ("Sveav. 3", ""), True),
    (("Kirkegata 5", ""), ("Kirkeveien 5", ""), False),
    (("Vestergade 5", ""), ("Vesterbrogade 5", ""), False),
])
def test_address_key_is_one_home_however_it_is_typed(one, two, same):
    assert (shop.address_key(*one, "0150") == shop.address_key(*two, "0150")) is same
