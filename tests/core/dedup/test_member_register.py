"""A member register's own columns keep a child named after its guardian apart from the guardian (core.dedup.members).

A club's register names a child's guardian ("Foresatt") and the day each member joined ("Innmeldt"). A son named after
his father is registered on his father's mobile and e-mail, so the two rows agree on everything the father's row has:
only these columns tell them apart. Each case is a pair of rows in a small Norwegian club register (the default
weights), with the band of its group and the note on the row it does not keep, in English and Norwegian.
"""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from core import CleanConfig, clean
from core.dedup import DedupConfig, find_duplicates
from core.dedup.members import born_date, joined_date
from core.roles import detect_roles

HEADER = ["Medlemsnr", "Etternavn", "Fornavn", "Fødselsdato", "Fødselsnummer", "Adresse", "Postnr", "Poststed",
          "Mobil", "E-post", "Foresatt", "Medlemstype", "Innmeldt"]
HOME = {"Adresse": "Skolegata 38", "Postnr": "0952", "Poststed": "Oslo"}
FATHER = {"Etternavn": "Lyngmo", "Fornavn": "Anders", "Mobil": "411 69 301", "E_post": "anders.lyngmo@gmail.com"}
OTHERS = [["901", "Holm", "Per", "12.04.1977", "", "Lillegata 3", "0160", "Oslo", "912 00 111", "per.holm@gmail.com",
           "", "Hovedmedlem", "03.02.2015"],
          ["902", "Lund", "Karin", "", "", "Bergsgata 9", "5003", "Bergen", "913 00 222", "karin.lund@online.no", "",
           "Støttemedlem", "11.09.2020"]]
TODAY = datetime.date(2026, 12, 1)


def row(number: str, **values: str) -> list[str]:
    cells = {"Medlemsnr": number, **HOME, **{name.replace("E_post", "E-post"): v for name, v in values.items()}}
    return [cells.get(column, "") for column in HEADER]


def band_and_notes(rows: list[list[str]]) -> tuple[str | None, str, str]:
    """The band of the pair's group and the note on the row it does not keep, in English and in Norwegian."""
    notes = []
    for language in ("en", "nb"):
        result = clean((HEADER, [*rows, *OTHERS]), CleanConfig(language=language, country="NO", today=TODAY))
        notes.append(" ".join(i.message for i in result.issues
                              if i.row in (1, 2) and i.code in ("row.duplicate", "row.possible_duplicate")))
    band = next((c.band for c in result.duplicates if {1, 2} <= set(c.rows)), None)
    return band, notes[0], notes[1]


CASES = [
    # the father and the son named after him, on the father's mobile and e-mail: the son's row names the father as
    # its guardian, the father's row names none
    ("the child names the other as its guardian", [
        row("1", **FATHER, Medlemstype="Støttemedlem"),
        row("2", **FATHER, Fødselsdato="15.11.2019", Foresatt="Anders Lyngmo", Medlemstype="Barn")], "review",
     "Possible duplicate of row 3 (same given name, same family name, same e-mail, same phone, same address, but one "
     "row gives the other's name as its Foresatt: 90 %): check by hand.",
     "Mulig duplikat av rad 3 (samme fornavn, samme etternavn, samme e-postadresse, samme telefonnummer, samme "
     "adresse, men den ene raden oppgir den andres navn som Foresatt: 90 %): sjekk manuelt."),
    # the father joined in 2002, the son was born in 2016; the son's row names his mother as guardian
    ("one joined before the other was born", [
        row("1", **FATHER, Medlemstype="Hovedmedlem", Innmeldt="30.12.2002"),
        row("2", **FATHER, Fødselsdato="2016-06-20", Foresatt="Kari Lyngmo", Medlemstype="Barn",
            Innmeldt="11.05.2019")], "review",
     "Possible duplicate of row 3 (same given name, same family name, same e-mail, same phone, same address, but one "
     "row's Innmeldt is before the other's birth date: 90 %): check by hand.",
     "Mulig duplikat av rad 3 (samme fornavn, samme etternavn, samme e-postadresse, samme telefonnummer, samme "
     "adresse, men den ene radens Innmeldt er før den andres fødselsdato: 90 %): sjekk manuelt."),
    # the birth date read from the personal id where the date column is empty: born 1970, the other joined in 1965
    ("the birth date in the personal id", [
        row("1", **FATHER, Fødselsnummer="22067047935", Innmeldt="22.06.1999"),
        row("2", **FATHER, Innmeldt="01.03.1965")], "review",
     "Possible duplicate of row 2 (same given name, same family name, same e-mail, same phone, same address, but one "
     "row's Innmeldt is before the other's birth date: 90 %): check by hand.",
     "Mulig duplikat av rad 2 (samme fornavn, samme etternavn, samme e-postadresse, samme telefonnummer, samme "
     "adresse, men den ene radens Innmeldt er før den andres fødselsdato: 90 %): sjekk manuelt."),
    # the son registered in 2019 with his mother as guardian, beside a row whose personal id says 1970: the father
    ("a child beside a row of age when it joined", [
        row("1", **FATHER, Fødselsnummer="22067047935", Medlemstype="Støttemedlem", Innmeldt="24.05.2025"),
        row("2", **FATHER, Foresatt="Kari Lyngmo", Medlemstype="Barn", Innmeldt="29.08.2019")], "review",
     "Possible duplicate of row 2 (same given name, same family name, same e-mail, same phone, same address, but one "
     "row gives a Foresatt while the other was of age when it joined: 90 %): check by hand.",
     "Mulig duplikat av rad 2 (samme fornavn, samme etternavn, samme e-postadresse, samme telefonnummer, samme "
     "adresse, men den ene raden oppgir Foresatt mens den andre var myndig da den ble innmeldt: 90 %): sjekk "
     "manuelt."),
    # the guardian written by his first given name: the son's row names "Svein Sjøsvoll", the father's row is Svein Erik
    ("the guardian by the first given name", [
        row("1", **{**FATHER, "Fornavn": "Svein Erik", "Etternavn": "Sjøsvoll"}, Medlemstype="Familiemedlem"),
        row("2", **{**FATHER, "Fornavn": "Svein Erik", "Etternavn": "Sjøsvoll"}, Fødselsdato="24.07.2009",
            Foresatt="Svein Sjøsvoll", Medlemstype="Ungdom")], "review",
     "Possible duplicate of row 3 (same given name, same family name, same e-mail, same phone, same address, but one "
     "row gives the other's name as its Foresatt: 90 %): check by hand.",
     "Mulig duplikat av rad 3 (samme fornavn, samme etternavn, samme e-postadresse, samme telefonnummer, samme "
     "adresse, men den ene raden oppgir den andres navn som Foresatt: 90 %): sjekk manuelt."),
    # one row's birth date (the son's, 2012), the other's personal id (the father's, 1970): two people
    ("a birth date against the other's personal id", [
        row("1", **FATHER, Fødselsnummer="22067047935"),
        row("2", **FATHER, Fødselsdato="04.05.2012")], "review",
     "Possible duplicate of row 2 (same given name, same family name, same e-mail, same phone, same address, but one "
     "row's birth date is not the date in the other's personal id: 90 %): check by hand.",
     "Mulig duplikat av rad 2 (samme fornavn, samme etternavn, samme e-postadresse, samme telefonnummer, samme "
     "adresse, men den ene radens fødselsdato er ikke datoen i den andres fødselsnummer: 90 %): sjekk manuelt."),
    # the same day in the date column and in the id: one person
    ("a birth date that is the id's", [
        row("1", **FATHER, Fødselsnummer="22067047935"),
        row("2", **FATHER, Fødselsdato="22.06.1970")], "sure",
     "Duplicate of row 2 (same given name, same family name, same e-mail, same phone, same address: 100 %).",
     "Duplikat av rad 2 (samme fornavn, samme etternavn, samme e-postadresse, samme telefonnummer, samme adresse: "
     "100 %)."),
    # a child registered twice, both rows naming the father (after whom he is named) as guardian: one child
    ("a child's copy, both with the guardian", [
        row("1", **FATHER, Fødselsdato="15.11.2019", Foresatt="Anders Lyngmo", Innmeldt="18.11.2024"),
        row("2", **FATHER, Foresatt="Anders Lyngmo", Innmeldt="02.06.2025")], "sure",
     "Duplicate of row 2 (same given name, same family name, same e-mail, same phone, same address: 100 %).",
     "Duplikat av rad 2 (samme fornavn, samme etternavn, samme e-postadresse, samme telefonnummer, samme adresse: "
     "100 %)."),
    # a copy with a guardian on one row only, the guardian another person (his mother), joined after his birth
    ("a copy naming someone else as guardian", [
        row("1", **FATHER, Fødselsdato="15.11.2019", Foresatt="Kari Lyngmo", Innmeldt="18.11.2024"),
        row("2", **FATHER, Innmeldt="02.06.2025")], "sure",
     "Duplicate of row 2 (same given name, same family name, same e-mail, same phone, same address: 100 %).",
     "Duplikat av rad 2 (samme fornavn, samme etternavn, samme e-postadresse, samme telefonnummer, samme adresse: "
     "100 %)."),
]


@pytest.mark.parametrize("case,rows,band,english,norwegian", CASES, ids=[case[0] for case in CASES])
def test_a_member_registers_columns_keep_a_child_and_its_guardian_apart(case, rows, band, english, norwegian):
    assert band_and_notes(rows) == (band, english, norwegian), case


def test_the_columns_are_read_only_when_their_role_is_unknown():
    """With ``--match-on`` naming other columns, Foresatt and Innmeldt are not read: the pair is sure again."""
    rows = [*CASES[0][1], *OTHERS]
    roles = detect_roles(HEADER, rows)
    assert roles[HEADER.index("Foresatt")] is None and roles[HEADER.index("Innmeldt")] is None
    chosen = [HEADER.index(h) for h in ("Etternavn", "Fornavn", "Adresse", "Mobil", "E-post")]
    result = find_duplicates(HEADER, rows, roles, DedupConfig(country="NO", today=TODAY, match_on=chosen))
    assert [(c.rows, c.band) for c in result.clusters] == [([1, 2], "sure")]


DATES = [("02.03.2026", 2026, 20260302, 20260302), ("2019-11-15 08:30", 2026, 20191115, 20191115),
         ("14.3.85", 2026, 0, 19850314), ("140385", 2026, 0, 19850314), ("150320", 2026, 0, 20200315),
         ("150320", 2019, 0, 19200315), ("22067047935", 2026, 0, 19700622), ("3/26", 2026, 0, 0), ("", 2026, 0, 0)]


@pytest.mark.parametrize("value,latest,joined,born", DATES)
def test_dates_are_read_with_their_century(value, latest, joined, born):
    assert (joined_date(value), born_date(value, latest, "NO")) == (joined, born)


def test_the_rule_reads_pairs_both_ways():
    rows = [*CASES[0][1], *OTHERS]
    from core.dedup import prepare
    scorer = prepare(HEADER, rows, detect_roles(HEADER, rows), DedupConfig(country="NO", today=TODAY))
    members = scorer.keys.members
    assert members is not None
    assert members.guardian_of_other(np.array([0, 1, 0]), np.array([1, 0, 2])).tolist() == [True, True, False]


@pytest.mark.parametrize("birth_date,personal_id,apart", [
    ("04.05.2012", "22067047935", True),  # the son's date, the father's personnummer
    ("22.06.1970", "22067047935", False),  # the id's own day
    ("23.06.1970", "22067047935", False),  # a digit off: a slip
    ("22.06.1970", "22067047936", False),  # not a valid id: says nothing
])
def test_a_birth_date_against_the_date_in_the_others_id(birth_date, personal_id, apart):
    from core.dedup import prepare
    rows = [row("1", **FATHER, Fødselsnummer=personal_id), row("2", **FATHER, Fødselsdato=birth_date), *OTHERS]
    scorer = prepare(HEADER, rows, detect_roles(HEADER, rows), DedupConfig(country="NO", today=TODAY))
    assert scorer.born_apart_by_id(np.array([0, 1]), np.array([1, 0])).tolist() == [apart, apart]


@pytest.mark.parametrize("guardian_header,joined_header,read", [
    ("Foresatt", "Innmeldt", (True, True)),
    ("Vårdnadshavare", "Medlem sedan", (True, True)),
    ("Huoltaja", "Liittynyt", (True, True)),
    ("Parent", "Registered", (False, False)),  # a CRM's parent account, a company's registration day
])
def test_the_columns_are_found_by_their_header(guardian_header, joined_header, read):
    from core.dedup import prepare
    header = [guardian_header if h == "Foresatt" else joined_header if h == "Innmeldt" else h for h in HEADER]
    rows = [*CASES[0][1], *OTHERS]
    scorer = prepare(header, rows, detect_roles(header, rows), DedupConfig(country="NO", today=TODAY))
    members = scorer.keys.members
    found = (False, False) if members is None else (bool(members.guardian_header), bool(members.joined_header))
    assert found == read


# The held-back part of the notes above in the other languages (the cases by name), as a Swedish, Danish or Finnish
# club reads it; the column stays as the user wrote it.
IN_OTHER_LANGUAGES = [
    ("the child names the other as its guardian", "sv", "men den ena raden anger den andras namn som Foresatt"),
    ("the child names the other as its guardian", "da", "men den ene række angiver den andens navn som Foresatt"),
    ("the child names the other as its guardian", "fi", "mutta yhden rivin sarakkeessa Foresatt on toisen rivin nimi"),
    ("one joined before the other was born", "sv", "men den ena radens Innmeldt är före den andras födelsedatum"),
    ("one joined before the other was born", "fi", "mutta yhden rivin Innmeldt on ennen toisen rivin syntymäaikaa"),
    ("a child beside a row of age when it joined", "sv",
     "men den ena raden anger Foresatt fast den andra var myndig när den första blev medlem"),
    ("a child beside a row of age when it joined", "da",
     "men den ene række angiver Foresatt, mens den anden var myndig, da den blev indmeldt"),
    ("a child beside a row of age when it joined", "fi", "mutta yhden rivin sarake Foresatt on täytetty, vaikka "
     "toisen rivin henkilö oli täysi-ikäinen ensimmäisen liittyessä"),
    ("a birth date against the other's personal id", "sv",
     "men den ena radens födelsedatum är inte datumet i den andras personnummer"),
    ("a birth date against the other's personal id", "fi",
     "mutta yhden rivin syntymäaika ei ole toisen rivin henkilötunnuksen päivämäärä"),
]


@pytest.mark.parametrize("case,language,held_back", IN_OTHER_LANGUAGES)
def test_the_held_back_part_reads_in_each_language(case, language, held_back):
    rows = next(rows for name, rows, *_ in CASES if name == case)
    result = clean((HEADER, [*rows, *OTHERS]), CleanConfig(language=language, country="NO", today=TODAY))
    notes = [i.message for i in result.issues if i.row in (1, 2) and i.code == "row.possible_duplicate"]
    assert len(notes) == 1 and f", {held_back}: 90 %)" in notes[0], notes
