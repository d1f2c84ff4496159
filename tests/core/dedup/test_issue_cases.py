"""Issue 9's cases, each as a pair of rows with its expected band and the sentence the user reads.

Every case is a small register run through ``core.clean`` as the CLI, the API and the add-on run it: the
status column is what a person reads, so the sentence is asserted whole. ``None`` for the band: no cluster.
"""

from __future__ import annotations

import datetime

import pytest

from core import CleanConfig, clean
from core.dedup import DedupConfig, find_duplicates
from core.errors import InputError

HEADER = ["Kundenr", "Navn", "Firma", "Org.nr", "E-post", "Telefon", "Adresse", "Postnr", "Sted", "Sist kontakt",
          "Notat"]
OFFICE = ["Haugen Bygg AS", "923456783", "faktura@haugenbygg.no", "22 33 44 55", "Storgata 1", "0155", "Oslo"]
OTHERS = [  # the rest of a small office: the shared details are shared by many names
    ["1101", "Ola Berg", *OFFICE, "2025-02-01", ""],
    ["1102", "Lise Dahl", *OFFICE, "2025-02-02", ""],
    ["1103", "Per Moe", *OFFICE[:2], "per.moe@haugenbygg.no", *OFFICE[3:], "2025-02-03", ""],
    ["1104", "Nils Lie", "Lie Regnskap AS", "987654325", "post@lieregnskap.no", "55 66 77 88", "Bryggen 4", "5003",
     "Bergen", "2025-02-04", ""],
]


def row(number: str, name: str, changes: dict[str, str] | None = None) -> list[str]:
    values = dict(zip(HEADER, [number, name, *OFFICE, f"2025-01-{int(number) % 28 + 1:02d}", ""]))
    values.update(changes or {})
    return [values[h] for h in HEADER]


def run(rows, **config):
    config.setdefault("country", "NO")
    result = clean((HEADER, rows), CleanConfig(today=datetime.date(2026, 12, 1), **config))
    return result


def band_and_note(rows, **config):
    """The band of the cluster holding rows 1 and 2 (None: none) and the status note on row 2."""
    result = run(rows, **config)
    band = next((c.band for c in result.duplicates if {1, 2} <= set(c.rows)), None)
    notes = [i.message for i in result.issues if i.row == 2 and i.code in ("row.duplicate", "row.possible_duplicate")]
    assert all(note in result.status[1] for note in notes)  # the status column says the same words
    return band, " ".join(notes)


OWN = {"E-post": "tor@haugenbygg.no"}  # one work address a father and son both use


@pytest.mark.parametrize("case,left,right,band,note", [
    # two colleagues share the company's faktura@ address and switchboard: different people, nothing flagged
    ("colleagues sharing faktura@ and switchboard",
     row("1001", "Kari Nilsen"), row("1002", "Kari Hansen"), None, ""),
    # a father and his son of the same name: the generation suffix keeps them apart
    ("Jr.", row("1001", "Tor Haugen"), row("1002", "Tor Haugen Jr."), None, ""),
    ("d.y.", row("1001", "Tor Haugen"), row("1002", "Tor Haugen d.y."), None, ""),
    ("senior and junior", row("1001", "Tor Haugen Sr."), row("1002", "Tor Haugen Junior"), None, ""),
    # the same in the other Nordic ways of writing it: Norwegian "d.e." (den eldre), Danish "den ældre", Finnish
    # "vanhempi" / "nuorempi" (before: one person, sure)
    ("d.e.", row("1001", "Tor Haugen d.e.", OWN), row("1002", "Tor Haugen", OWN), None, ""),
    ("den ældre", row("1001", "Tor Haugen den ældre", OWN), row("1002", "Tor Haugen", OWN), None, ""),
    ("vanhempi and nuorempi", row("1001", "Tor Haugen vanhempi", OWN), row("1002", "Tor Haugen nuorempi", OWN), None,
     ""),
    # brothers in one firm with different middle names
    ("different middle names", row("1001", "Tor Erik Haugen"), row("1002", "Tor Anders Haugen"), None, ""),
    # two common names one letter apart are two people (Kåre and Kari), not a typo
    ("Kåre and Kari", row("1001", "Kåre Olsen"), row("1002", "Kari Olsen"), None, ""),
    # kari.nilsen@ and kari.nilsen2@ at the company's own domain: the number is there to tell two people apart
    ("numbered work e-mails", row("1001", "Kari Nilsen", {"E-post": "kari.nilsen@haugenbygg.no", "Telefon": "41234567"}),
     row("1002", "Kari Nilsen", {"E-post": "kari.nilsen2@haugenbygg.no", "Telefon": "98765432"}), "review",
     "Possible duplicate of row 2 (same given name, same family name, same address, same company, same "
     "organisation number, but numbered work e-mails and each has its own phone: 80 %): check by hand."),
    # the same person at the office twice: the role address on one row, her own on the other
    ("one person, role and own address", row("1001", "Kari Nilsen"),
     row("1002", "Kari Nilsen", {"E-post": "kari.nilsen@haugenbygg.no", "Firma": "Haugen Bygg"}), "sure",
     "Duplicate of row 2 (same given name, same family name, same phone, same address, similar company, same "
     "organisation number: 99 %)."),
    # a row with only the company (the invoice address) is not a duplicate of a person at that company
    ("company row and person row", row("1001", ""), row("1002", "Kari Nilsen"), None, ""),
    # two company-only rows with the same org number are one company
    ("two company rows, one org number", row("1001", ""), row("1002", "", {"Telefon": ""}), "sure",
     "Duplicate of row 2 (same e-mail, same address, same company, same organisation number: 99 %)."),
    # and with two different org numbers they are two companies
    ("two company rows, two org numbers", row("1001", ""), row("1002", "", {"Org.nr": "987654325"}), None, ""),
])
def test_issue_case(case, left, right, band, note):
    assert band_and_note([left, right, *OTHERS]) == (band, note), case


def test_sequential_ids_dates_and_notes_are_never_evidence():
    # Two different people whose customer numbers, last-contact dates and notes are one character apart:
    # before, "Kundnr one character off" counted as evidence; now only real evidence columns are compared
    left = ["1001", "Anna Berg", "", "", "anna.berg@gmail.com", "", "", "", "", "2025-01-03", "Ring 1"]
    right = ["1002", "Anna Lind", "", "", "anna.lind@hotmail.com", "", "", "", "", "2025-01-04", "Ring 2"]
    result = find_duplicates(HEADER, [left, right], [None, "full_name", None, None, "email", None, None, None, None,
                                                     None, None])
    assert "Kundnr" not in str(result.stats["comparisons"]) and len(result.stats["comparisons"]) == 3
    assert result.clusters == []


def test_role_none_is_not_compared_but_a_match_column_is():
    rows = [["K-1", "Anna Berg", "", "", "anna@berg.se", "", "", "", "", "", ""],
            ["K-1", "Anna Berg", "", "", "anna@berg.se", "", "", "", "", "", ""]]
    plain = run(rows, roles={"Kundenr": None})
    assert [c.reasons for c in plain.duplicates] == [["same given name", "same family name", "same e-mail"]]
    named = run(rows, roles={"Kundenr": None}, match_on=["Kundenr", "Navn"])  # the e-mail is left out
    assert [c.reasons for c in named.duplicates] == [["same given name", "same family name", "same Kundenr"]]
    with pytest.raises(InputError, match="Match column 'Kundnr': the register has no such column"):
        run(rows, match_on=["Kundnr"])


def test_two_valid_personal_ids_are_never_sure():
    # two Rasmus Andersens with different CPR numbers, e-mails and phones: two people
    header = ["Fornavn", "Efternavn", "CPR", "Email", "Tlf"]
    rows = [["Rasmus", "Andersen", "070761-4285", "rasmus@firma.dk", "20123456"],
            ["Rasmus", "Andersen", "110375-1234", "r.andersen@gmail.com", "30123456"]]
    result = find_duplicates(header, rows, ["given_name", "family_name", "personal_id", "email", "phone"],
                             DedupConfig(country="DK", today=datetime.date(2026, 12, 1)))
    assert result.clusters == []


def test_every_note_states_its_own_pair():
    # row 1 meets row 2 by e-mail and row 3 by phone: each note says which, not the group's strongest pair
    header = ["Förnamn", "Efternamn", "E-post", "Telefon", "Ort"]
    rows = [["Anna", "Svensson", "anna.svensson@telia.com", "070-111 22 33", "Umeå"],
            ["Anna", "Svensson", "anna.svensson@telia.com", "", ""],
            ["Anna", "Svensson", "", "070-111 22 33", ""]]
    result = clean((header, rows), CleanConfig())
    [cluster] = result.duplicates
    assert cluster.rows == [1, 2, 3] and cluster.survivor == 1
    assert result.status[1] == "Duplicate of row 2 (same given name, same family name, same e-mail: 99 %)."
    assert result.status[2] == "Duplicate of row 2 (same given name, same family name, same phone: 99 %)."
    assert [p.rows for p in cluster.pairs] == [[1, 2], [1, 3], [2, 3]]


def test_a_chain_through_a_third_row_does_not_join_two_given_names():
    # B is like A (e-mail) and like C (phone), but A and C have two different given names: never one cluster
    header = ["Förnamn", "Efternamn", "E-post", "Telefon"]
    rows = [["Anna", "Svensson", "a.svensson@telia.com", ""],
            ["Anna", "Svensson", "a.svensson@telia.com", "070-111 22 33"],
            ["Eva", "Svensson", "", "070-111 22 33"]]
    result = find_duplicates(header, rows, ["given_name", "family_name", "email", "phone"])
    assert all(not {1, 3} <= set(c.rows) for c in result.clusters)
    assert [(c.rows, c.band) for c in result.clusters] == [([1, 2], "sure")]


def test_household_of_the_bundled_example_stays_apart():
    header = ["Förnamn", "Efternamn", "E-post", "Telefon", "Gatuadress", "Postnummer", "Ort"]
    rows = [["Eva", "Åberg", "eva.aberg@telia.com", "08-123 456 78", "Storgatan 5", "114 18", "Stockholm"],
            ["Elin", "Åberg", "elin.aberg@gmail.com", "08-123 456 78", "Storgatan 5", "114 18", "Stockholm"]]
    assert clean((header, rows), CleanConfig()).duplicates == []


@pytest.mark.parametrize("level,band,note", [
    ("company", "sure", "Same company as row 2 (same organisation number, same company, same address, "
                        "same postal code, same phone, same e-mail domain: 99 %)."),
    ("household", None, ""),
])
def test_dedupe_levels_have_their_own_wording(level, band, note):
    rows = [row("1001", "Kari Nilsen"), row("1002", "Ola Berg", {"Firma": "Haugen Bygg"})]
    assert band_and_note(rows, dedupe_level=level) == (band, note)


def test_household_level_groups_address_and_family_name():
    header = ["Förnamn", "Efternamn", "Gatuadress", "Postnummer"]
    rows = [["Eva", "Åberg", "Storgatan 5", "114 18"], ["Elin", "Åberg", "Storgatan 5", "11418"],
            ["Per", "Holm", "Storgatan 5", "114 18"]]
    result = clean((header, rows), CleanConfig(dedupe_level="household"))
    assert [(c.rows, c.band, c.level) for c in result.duplicates] == [([1, 2], "sure", "household")]
    assert result.status[1] == "Same household as row 2 (same address, same family name: 99 %)."
