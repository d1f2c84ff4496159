"""Pairs of records -> the level and label each comparison gives them (splink's template-library tests)."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from core import CleanConfig, clean
from core.dedup import prepare
from core.dedup.keys import birth_key, email_key, fold, id_key, identifier_like, nick, phone_key, skeleton

HEADER = ["Förnamn", "Efternamn", "Personnummer", "Födelsedatum", "E-post", "Telefon", "Adress", "Postnummer", "Ort",
          "Kundtyp"]
ROLES = ["given_name", "family_name", "personal_id", "birth_date", "email", "phone", "street", "postal_code", "city",
         None]


def label_of(comparison: str, left: dict, right: dict) -> str:
    rows = [[side.get(role or "Kundtyp", "") for role in ROLES] for side in (left, right)]
    # Kundtyp (role unknown) is evidence only as a match column the user names
    match_on = tuple(range(len(ROLES))) if comparison.startswith("col") else None
    scorer = prepare(HEADER, rows, ROLES, {"match_on": match_on})
    levels = scorer.levels(np.array([0]), np.array([1]))
    for row, c in enumerate(scorer.comparisons):
        if c.name == comparison:
            return c.levels[int(levels[row, 0])].label
    raise AssertionError(f"no comparison {comparison}: {[c.name for c in scorer.comparisons]}")


@pytest.mark.parametrize("comparison,left,right,expected", [
    # given names
    ("given", {"given_name": "Anna"}, {"given_name": "anna"}, "same given name"),
    ("given", {"given_name": "Åsa"}, {"given_name": "Asa"}, "same given name"),
    ("given", {"given_name": "Thomas"}, {"given_name": "Thmoas"}, "given name misspelt"),  # two letters swapped
    ("given", {"given_name": "Kalle"}, {"given_name": "Karl"}, "same given name (nickname)"),
    ("given", {"given_name": "Anne"}, {"given_name": "Anna"}, "another given name one letter off"),  # two names
    ("given", {"given_name": "Lasse"}, {"given_name": "Lars"}, "same given name (nickname)"),
    ("given", {"given_name": "Bosse"}, {"given_name": "Bo"}, "same given name (nickname)"),
    ("given", {"given_name": "Anna", "family_name": "Berg"}, {"given_name": "Berg", "family_name": "Anna"},
     "given and family name swapped"),
    # a letter dropped, added or changed: how real names differ too (Ella / Elle), so in a register too small to show
    # the slip (every spelling seen once) it is another name; two letters swapped is a slip in any register
    ("given", {"given_name": "Jan"}, {"given_name": "Jn"}, "another given name one letter off"),
    ("given", {"given_name": "Jan"}, {"given_name": "aJn"}, "given name one letter off"),
    ("given", {"given_name": "John"}, {"given_name": "Jonh"}, "given name misspelt"),
    ("given", {"given_name": "Michael"}, {"given_name": "Micheal"}, "given name misspelt"),
    ("given", {"given_name": "Kirsten"}, {"given_name": "Kiirsten"}, "given name misspelt"),  # a letter doubled
    ("given", {"given_name": "Madeline"}, {"given_name": "Madel ine"}, "given name misspelt"),  # a space typed
    # ø written out where the register holds the name with it: one spelling (keys.written_out)
    ("given", {"given_name": "Øyvind"}, {"given_name": "Oeyvind"}, "same given name"),
    ("given", {"given_name": "Per John"}, {"given_name": "Per Jonh"}, "given name misspelt"),  # in the middle name
    ("given", {"given_name": "Knut Jon"}, {"given_name": "Knut Jan"}, "similar given name"),  # two middle names
    ("given", {"given_name": "Ella"}, {"given_name": "Elle"}, "another given name one letter off"),  # twins' names
    ("given", {"given_name": "Vilja"}, {"given_name": "Vilma"}, "similar given name"),  # two names, never sure
    ("given", {"given_name": "Tor"}, {"given_name": "Tore"}, "similar given name"),  # two names: never sure
    ("given", {"given_name": "Kristian"}, {"given_name": "Kristina"}, "similar given name"),  # two known names
    ("given", {"given_name": "Ole"}, {"given_name": "Olle"}, "similar given name"),  # two known names
    # two rare spellings are one name when the personal ids are one slip apart too (a mistyped id: twins' valid ids
    # never are)
    ("given", {"given_name": "Ella", "personal_id": "19121212-1212"}, {"given_name": "Elle", "personal_id": "19121212-1213"},
     "given name one letter off"),
    ("given", {"given_name": "Pelle"}, {"given_name": "Per"}, "same given name (nickname)"),
    ("given", {"given_name": "Manne"}, {"given_name": "Magnus"}, "same given name (nickname)"),
    ("given", {"given_name": "Lotta"}, {"given_name": "Charlotte"}, "same given name (nickname)"),
    ("given", {"given_name": "Lars"}, {"given_name": "Lars-Thomas"}, "given name part of a double name"),
    ("given", {"given_name": "Maria Saga"}, {"given_name": "Maria"}, "given name part of a double name"),
    ("given", {"given_name": "Anna-Camilla"}, {"given_name": "Anna-Malin"}, "different middle names"),
    ("given", {"given_name": "Anna Maria"}, {"given_name": "Anna Karin"}, "different middle names"),
    ("given", {"given_name": "Anna Maria"}, {"given_name": "Anna Mariа".replace("а", "a")}, "same given name"),
    ("given", {"given_name": "Mia", "family_name": "Johansson"}, {"given_name": "Johansson", "family_name": "Maria"},
     "given and family name swapped"),  # swapped, and one of them a short form
    # a given name against the family name made from it is another name, not the same one written backwards
    ("given", {"given_name": "Lars", "family_name": "Johnsen"}, {"given_name": "John", "family_name": "Larsen"},
     "different given name"),
    ("given", {"given_name": "Arne", "family_name": "Kristiansen"}, {"given_name": "Kristin", "family_name": "Arnesen"},
     "different given name"),
    ("given", {"given_name": "Madeline", "family_name": "Mason"}, {"given_name": "Masno", "family_name": "Madeline"},
     "given and family name swapped"),  # a typo in a swapped name is still the name
    ("given", {"given_name": "Jacob", "family_name": "White"}, {"given_name": "White", "family_name": "Jscob"},
     "given and family name swapped"),  # one slip of a letter however short the name (Jaro-Winkler 0.88)
    ("given", {"given_name": "A"}, {"given_name": "Anna"}, "given name initial matches"),
    ("given", {"given_name": "Anna"}, {"given_name": "Erik"}, "different given name"),
    ("given", {"given_name": ""}, {"given_name": "Erik"}, "given name missing"),
    # family names
    ("family", {"family_name": "Svensson"}, {"family_name": "SVENSSON"}, "same family name"),
    ("family", {"family_name": "Svensson"}, {"family_name": "Svenson"}, "similar family name"),
    ("family", {"family_name": "Andersson Berg"}, {"family_name": "Berg"}, "family name partly the same"),
    ("family", {"family_name": "Lind"}, {"family_name": "Öberg"}, "different family name"),
    # personal ids: the century and the hyphen do not matter; two valid different ids are a veto
    ("pid", {"personal_id": "19121212-1212"}, {"personal_id": "121212-1212"}, "same personal id"),
    ("pid", {"personal_id": "19640823-3234"}, {"personal_id": "19640823-3226"}, "two different valid personal ids"),
    ("pid", {"personal_id": "19121212-1212"}, {"personal_id": "19121212-1213"}, "personal id one digit off"),
    ("pid", {"personal_id": "19121212-1212"}, {"personal_id": ""}, "personal id missing"),
    # birth dates
    ("dob", {"birth_date": "1980-03-07"}, {"birth_date": "19800307"}, "same birth date"),
    ("dob", {"birth_date": "1980-03-07"}, {"birth_date": "1980-03-01"}, "birth date one digit off"),
    ("dob", {"birth_date": "1980-03-07"}, {"birth_date": "1980-07-03"}, "birth date with day and month swapped"),
    ("dob", {"birth_date": "1990-05-12"}, {"birth_date": "1990-05-21"}, "birth date with two digits swapped"),
    ("dob", {"birth_date": "1985-03-14"}, {"birth_date": "1958-03-14"}, "birth date with two digits swapped"),
    ("dob", {"birth_date": "1985-03-14"}, {"birth_date": "140385"}, "same birth date"),
    ("dob", {"birth_date": "1980-03-07"}, {"birth_date": "1975-11-23"}, "different birth date"),
    # e-mail
    ("email", {"email": "anna@example.se"}, {"email": "Anna@Example.se"}, "same e-mail"),
    ("email", {"email": "anna.berg@gmail.com"}, {"email": "annaberg@gmail.com"}, "same e-mail apart from dots or case"),
    ("email", {"email": "anna.berg@telia.com"}, {"email": "annaberg@telia.com"}, "similar e-mail"),
    ("email", {"email": "anna.berg@telia.com"}, {"email": "anna.berg@hotmail.com"}, "same e-mail user name"),
    ("email", {"email": "anna@example.se"}, {"email": "erik.lund@firma.se"}, "different e-mail"),
    # phone: national and international forms agree
    ("phone", {"phone": "070-123 45 67"}, {"phone": "+46701234567"}, "same phone"),
    ("phone", {"phone": "0046 70 123 45 67"}, {"phone": "0701234567"}, "same phone"),
    ("phone", {"phone": "0701234567"}, {"phone": "0701234568"}, "phone one digit off"),
    ("phone", {"phone": "0701234567"}, {"phone": "0739876543"}, "different phone"),
    # address
    ("address", {"street": "Storgatan 5", "postal_code": "114 55"}, {"street": "STORGATAN 5", "postal_code": "11455"},
     "same address"),
    ("address", {"street": "Storgatan 5 lgh 1201", "postal_code": "11455"},
     {"street": "Storgatan 5, lgh 1201", "postal_code": ""}, "same address"),
    ("address", {"street": "Storgatan 5 B", "postal_code": "11455"},
     {"street": "Storgatan 5", "postal_code": "11455"}, "similar address"),
    ("address", {"street": "Storgatan 5 lgh 1201", "postal_code": "11455"},
     {"street": "Storgatan 5", "postal_code": "11455"}, "same postal code"),
    ("address", {"street": "Storgatan 5", "postal_code": "11455"}, {"street": "Vasagatan 9", "postal_code": "11455"},
     "same postal code"),
    ("address", {"street": "Storgatan 5", "postal_code": "11455", "city": "Stockholm"},
     {"street": "Ringvägen 1", "postal_code": "11856", "city": "stockholm"}, "same city"),
    ("address", {"street": "Backv. 52", "postal_code": "30685"}, {"street": "Backvägen 52", "postal_code": "30685"},
     "same address"),
    ("address", {"street": "Långg. 34", "postal_code": ""}, {"street": "LÅNGGATAN 34", "postal_code": "98792"},
     "same address"),
    ("address", {"street": "Storgatan 5", "city": "Umeå"}, {"street": "Kungsgatan 2", "city": "Lund"},
     "different address"),
    # a column of unknown role named as a match column that looks like an id is compared as one
    ("col9", {"Kundtyp": "PK-1001"}, {"Kundtyp": "pk-1001"}, "same Kundtyp"),
    ("col9", {"Kundtyp": "PK-1001"}, {"Kundtyp": "PK-1007"}, "Kundtyp one character off"),
    ("col9", {"Kundtyp": "PK-1001"}, {"Kundtyp": "FT-2002"}, "different Kundtyp"),
])
def test_level_label(comparison, left, right, expected):
    assert label_of(comparison, left, right) == expected


@pytest.mark.parametrize("function,raw,expected", [
    (fold, "  Åsa-Britt  Ödén ", "asa britt oden"),
    (fold, "Søren Ærø", "soren aero"),
    (skeleton, "Johansson", "jnsn"),
    (skeleton, "Johanson", "jnsn"),
    (skeleton, "Philip", "flp"),
    (skeleton, "Filip", "flp"),
    (nick, "kalle", "karl"),
    (nick, "lars erik", "lars"),
    (nick, "zlatan", "zlatan"),
    (email_key, "Anna.Berg+shop@GMAIL.com", "annaberg@gmail.com"),
    (email_key, "anna.berg@telia.com", "anna.berg@telia.com"),
    (email_key, "not an address", "not an address"),
    (id_key, "19121212-1212", "1212121212"),
    (id_key, "121212-1212", "1212121212"),
    (id_key, "131052-308T", "131052308t"),
    (id_key, "", ""),
])
def test_keys(function, raw, expected):
    assert function(raw) == expected


@pytest.mark.parametrize("raw,country,expected", [
    # every way a club or shop writes one birth date is one date (the century left out, as for the personnummer)
    ("1985-03-14", "NO", "850314"), ("19850314", "NO", "850314"), ("14.03.1985", "NO", "850314"),
    ("14.3.85", "NO", "850314"), ("140385", "NO", "850314"), ("14031985", "NO", "850314"),
    ("14038512345", "NO", "850314"),  # the fødselsnummer typed into the date column
    ("850314", "SE", "850314"), ("850314-1234", "SE", "850314"), ("19850314-1234", "SE", "850314"),
    ("140385", "SE", "850314"),  # year first makes no day: day first
    ("010203", "NO", "030201"), ("010203", "SE", "010203"),  # both read as a day: the country's order
    ("19460780", "NO", "460780"),  # no calendar day: a slip, still one digit from 460730
    ("okänt", "SE", ""),
])
def test_birth_key(raw, country, expected):
    assert birth_key(raw, country) == expected


@pytest.mark.parametrize("raw,country,expected", [
    ("070-123 45 67", "SE", "46701234567"),
    ("+46 (0)70 123 45 67", "SE", "46701234567"),
    ("0046701234567", "SE", "46701234567"),
    ("22 33 44 55", "NO", "4722334455"),  # Norway has no trunk 0: the national number gets +47
    ("+47 22 33 44 55", "NO", "4722334455"),
    ("040-12 34 56", "FI", "3584012 3456".replace(" ", "")),
    ("", "SE", ""),
    ("+4681234567 ext. 12", "SE", "4681234567"),  # as core.fields.phone writes an extension
    ("08-123 45 67 ankn. 12", "SE", "4681234567"),
    ("08-123 45 67 (lokal 3)", "SE", "4681234567"),
])
def test_phone_key(raw, country, expected):
    assert phone_key(raw, country) == expected


@pytest.mark.parametrize("values,expected", [
    (["1234-5", "9876-1", "1234-5", "", "5555-0"], True),  # an id that duplicates share (FEBRL soc_sec_id)
    (["A12", "B7", "C3", "A12"], True),  # short codes
    (["Kontakta via e-post", "Kontakta via e-post", "Stamkund", "Ring först"], False),  # free text, spaces
    (["vip"] * 8 + ["", "ny", "ny", "ny"], False),  # a category repeats: few distinct values
    ([str(1000 + n) for n in range(30)], False),  # one value per row: a row number, never shared
    (["x" * 30, "y" * 30, "z" * 30], False),  # long
    (["", ""], False),
])
def test_identifier_like(values, expected):
    assert identifier_like(values) is expected


NOTES_HEADER = ["Förnamn", "Efternamn", "E-post", "Anteckning", "Kod"]


@pytest.mark.parametrize("notes,codes,match_on,expected", [
    # a column of unknown role is never evidence nor a reason unless the user names it as a match column
    (["Kontakta via e-post", "Kontakta via e-post"], ["", ""], None, ["same given name", "same family name"]),
    (["", ""], ["AB-1234", "AB-1234"], None, ["same given name", "same family name"]),
    (["", ""], ["AB-1234", "AB-1234"], (0, 1, 4), ["same given name", "same family name", "same Kod"]),
    # named columns are the only evidence: the e-mail is left out, the notes column is compared as text
    (["Kontakta via e-post", "Kontakta via e-post"], ["", ""], (1, 3), ["same family name", "same Anteckning"]),
])
def test_unknown_columns_as_evidence(notes, codes, match_on, expected):
    rows = [["Anna", "Berg", "", notes[0], codes[0]], ["Per", "Ek", "per@ek.se", "", "ZZ-9"],
            ["Anna", "Berg", "", notes[1], codes[1]]]
    scorer = prepare(NOTES_HEADER, rows, ["given_name", "family_name", "email", None, None], {"match_on": match_on})
    levels = scorer.levels(np.array([0]), np.array([2]))
    assert [c.levels[levels[row, 0]].label for row, c in enumerate(scorer.comparisons)
            if c.levels[levels[row, 0]].agrees] == expected


# -- a misspelt given name against two names: pairs at one home, with the band and the sentence the user reads ----
HOME_HEADER = ["Förnamn", "Efternamn", "Personnummer", "Födelsedatum", "E-post", "Telefon", "Gatuadress", "Postnummer",
               "Ort"]
HOME = ["", "2015-03-14", "familjen.berg@telia.com", "08-123 456 78", "Storgatan 5", "114 18", "Stockholm"]
NEIGHBOURS = [["Per", "Holm", "", "", "per.holm@gmail.com", "070-555 11 22", "Lillgatan 3", "114 20", "Stockholm"],
              ["Karin", "Lund", "", "", "karin.lund@telia.com", "070-555 33 44", "Bergsgatan 9", "752 20", "Uppsala"]]
SAME_HOME = "same family name, same birth date, same e-mail, same phone, same address"


def at_home(given: str, family: str = "Berg", **changes: str) -> list[str]:
    """A row of the Berg family's home (one birth date, the family's mailbox and landline), with ``changes``."""
    values = dict(zip(HOME_HEADER, [given, family, *HOME]))
    values.update({column.replace("_", "-"): value for column, value in changes.items()})
    return [values[column] for column in HOME_HEADER]


def elsewhere(people: list[tuple[str, str]]) -> list[list[str]]:
    """Rows of other people in the register, each with a home and contact details of their own."""
    return [[given, family, "", "", f"{given.lower()}.{family.lower()}@gmail.com", f"070-{100 + n} 00 {n:02d}",
             f"Vägen {n + 1}", "123 45", "Ort"] for n, (given, family) in enumerate(people)]


def home_band_and_note(rows: list[list[str]]) -> tuple[str | None, str]:
    result = clean((HOME_HEADER, [*rows, *NEIGHBOURS]), CleanConfig(today=datetime.date(2026, 12, 1), country="SE"))
    band = next((c.band for c in result.duplicates if {1, 2} <= set(c.rows)), None)
    notes = [i.message for i in result.issues if i.row == 2 and i.code in ("row.duplicate", "row.possible_duplicate")]
    return band, " ".join(notes)


@pytest.mark.parametrize("case,rows,band,note", [
    # twins at one home: one birth date, names one letter apart; in a small register every name is seen once, so
    # nothing shows a slip: two names, never "Delete" (before: "given name one letter off", sure)
    # (the note says what keeps them apart: issue 9, "a possible duplicate says why it is only possible")
    ("twins Ella and Elle", [at_home("Ella"), at_home("Elle")], "review",
     f"Possible duplicate of row 2 ({SAME_HOME}, but another given name one letter off: 90 %): check by hand."),
    ("twins Alva and Alma", [at_home("Alva"), at_home("Alma")], "review",
     f"Possible duplicate of row 2 ({SAME_HOME}, but another given name one letter off: 90 %): check by hand."),
    ("twins Vilja and Vilma", [at_home("Vilja"), at_home("Vilma")], "review",
     f"Possible duplicate of row 2 ({SAME_HOME}, but similar given name: 90 %): check by hand."),
    # ... and with their two valid personnummer (serials 123 and 124): two people, not even a possible duplicate
    ("twins with their ids", [at_home("Ella", Personnummer="20150314-1234"),
                              at_home("Elle", Personnummer="20150314-1242")], None, ""),
    # Ella and Elle each with holders of their own in the register are two names
    ("two spellings with holders", [at_home("Ella"), at_home("Elle"),
                                    *elsewhere([("Ella", "Ek"), ("Ella", "Alm"), ("Elle", "Lind"), ("Elle", "Ås")])],
     "review", f"Possible duplicate of row 2 ({SAME_HOME}, but another given name one letter off: 90 %): check by "
               "hand."),
    # two neighbouring letters swapped is a slip of the keyboard in any register, and the sentence says so
    ("Jonh and John", [at_home("John"), at_home("Jonh")], "sure",
     f"Duplicate of row 2 (given name misspelt, {SAME_HOME}: 100 %)."),
    ("Jonh and John, one personnummer", [
        at_home("John", Personnummer="19640823-3234", Födelsedatum="1964-08-23", E_post="", Telefon=""),
        at_home("Jonh", Personnummer="196408233234", Födelsedatum="", E_post="", Telefon="", Gatuadress="",
                Postnummer="", Ort="")],
     "sure", "Duplicate of row 2 (given name misspelt, same family name, same personal id: 100 %)."),
    # a register that shows the slip: Kristna once, beside a name many rows carry
    ("Kristna beside many Kristinas", [at_home("Kristina", "Nyström"), at_home("Kristna", "Nyström"),
                                       *elsewhere([("Kristina", f) for f in ("Ek", "Alm", "Lind", "Ås", "Sjö")])],
     "sure", f"Duplicate of row 2 (given name misspelt, {SAME_HOME}: 100 %)."),
    # two rare spellings whose personnummer are one slip apart (20150314-1243 fails the check digit): one person
    ("Ella and Elle, an id typed wrong", [at_home("Ella", Personnummer="20150314-1234"),
                                          at_home("Elle", Personnummer="20150314-1243")], "sure",
     "Duplicate of row 2 (given name one letter off, same family name, same birth date, personal id one digit off, "
     "same e-mail, same phone, same address: 100 %)."),
    # a birth date with two neighbouring digits swapped is a slip (before: "different birth date", review) ...
    ("12 and 21 May", [at_home("Anna", Födelsedatum="1990-05-12"), at_home("Anna", Födelsedatum="1990-05-21")], "sure",
     "Duplicate of row 2 (same given name, same family name, birth date with two digits swapped, same e-mail, same "
     "phone, same address: 100 %)."),
    # ... while a father and the son named after him, born years apart, are two people
    ("father and son", [at_home("Anders", Födelsedatum="1960-05-12"), at_home("Anders", Födelsedatum="1988-11-02")],
     "review", "Possible duplicate of row 2 (same given name, same family name, same e-mail, same phone, same "
               "address, but different birth date: 90 %): check by hand."),
    # one personnummer on two rows born years apart: the id holds the father's birth date, so the son's row carries
    # his father's id (typed on the wrong row); never "Delete" (before: sure, the same id overrode everything)
    ("a father's id on his son's row", [
        at_home("Anders", Personnummer="19600512-1238", Födelsedatum="1960-05-12"),
        at_home("Anton", Personnummer="19600512-1238", Födelsedatum="1988-11-02")],
     "review", "Possible duplicate of row 2 (same family name, same personal id, same e-mail, same phone, same "
               "address, but different given name and different birth date: 90 %): check by hand."),
    # ... while one id on two names with one birth date is one person (Lasse and Lars, a name replaced by mistake)
    ("one id, one birth date, two names", [
        at_home("Anders", Personnummer="19600512-1238", Födelsedatum="1960-05-12"),
        at_home("Anton", Personnummer="19600512-1238", Födelsedatum="1960-05-12")],
     "sure", "Duplicate of row 2 (same family name, same birth date, same personal id, same e-mail, same phone, "
             "same address: 100 %)."),
])
def test_misspelt_given_name_or_two_names(case, rows, band, note):
    assert home_band_and_note(rows) == (band, note), case


OFFICE_HEADER = ["Namn", "Företag", "E-post", "Telefon", "Adress", "Postnummer", "Ort"]
OFFICE = ["Haugen Bygg AB", "faktura@haugenbygg.se", "08-22 33 44 55", "Storgatan 1", "111 55", "Stockholm"]


@pytest.mark.parametrize("names,band", [
    # two colleagues on the company's faktura@ address and switchboard: Tor and Tore are two names, whatever the size
    # of the register, so nothing may be deleted
    (("Tor Haugen", "Tore Haugen"), None),
    (("Kåre Olsen", "Kari Olsen"), None),
    # a slip of the keyboard in the name is one person registered twice at the office
    (("Tore Haugen", "Toer Haugen"), "sure"),
])
def test_colleagues_on_one_role_address(names, band):
    rows = [[names[0], *OFFICE], [names[1], *OFFICE], ["Lise Dahl", *OFFICE], ["Per Moe", *OFFICE]]
    result = clean((OFFICE_HEADER, rows), CleanConfig(today=datetime.date(2026, 12, 1), country="SE"))
    assert next((c.band for c in result.duplicates if {1, 2} <= set(c.rows)), None) == band


def test_parts_of_one_register_have_the_same_given_name_levels():
    # core.dedup.parts scores the parts of a large sheet with one model of m and u per level: a part whose
    # personal-id column happens to be empty must have the levels of a part where it is filled
    with_ids = [["Ella", "Berg", "20150314-1234", "", "", "", "", "", "", ""],
                ["Elle", "Berg", "20150314-1243", "", "", "", "", "", "", ""]]
    without = [[*row[:2], "", *row[3:]] for row in with_ids]
    levels = [[level.label for c in prepare(HEADER, rows, ROLES).comparisons if c.name == "given" for level in c.levels]
              for rows in (with_ids, without)]
    assert levels[0] == levels[1] and levels[0].count("given name one letter off") == 2


# -- a CRM export with Förnamn, Efternamn and Namn, filled one or the other row by row ------------------------------
CRM_HEADER = ["Företag", "Organisationsnummer", "Förnamn", "Efternamn", "Namn", "E-post", "Mobil", "Adress", "Postnummer",
              "Ort"]
FIRM = ["Forsberg & Son AB", "556032-4393"]
FIRM_PLACE = ["Kungsgatan 26", "112 51", "Stockholm"]


@pytest.mark.parametrize("case,rows,band", [
    # two colleagues whose names are only in Namn are two people, not two cards of the company (before: one
    # "company", sure at 99 %, and one of them marked Delete)
    ("two colleagues in Namn", [[*FIRM, "", "", "Forsberg Anton", "anton.forsberg@yahoo.se", "", *FIRM_PLACE],
                                [*FIRM, "", "", "Lindberg Åsa", "asa.lindberg86@outlook.com", "070-153 55 25",
                                 *FIRM_PLACE]], None),
    # one person once in Förnamn/Efternamn and once in Namn (family name first) is one person
    ("one person both ways", [[*FIRM, "Åsa", "Lindberg", "", "asa.lindberg86@outlook.com", "", *FIRM_PLACE],
                              [*FIRM, "", "", "Lindberg Åsa", "asa.lindberg86@outlook.com", "070-153 55 25",
                               *FIRM_PLACE]], "sure"),
])
def test_a_name_only_in_the_whole_name_column_is_a_person(case, rows, band):
    others = [[*FIRM, "Per", "Holm", "", "per.holm@forsbergson.se", "070-555 11 22", *FIRM_PLACE],
              ["Lunds Bygg AB", "556677-8899", "Karin", "Lund", "", "karin@lundsbygg.se", "070-555 33 44", "Storgatan 1",
               "752 20", "Uppsala"]]
    result = clean((CRM_HEADER, [*rows, *others]), CleanConfig(today=datetime.date(2026, 12, 1), country="SE"))
    assert next((c.band for c in result.duplicates if {1, 2} <= set(c.rows)), None) == band, case
    if band == "sure":
        note = next(i.message for i in result.issues if i.row == 2 and i.code == "row.duplicate")
        assert note.count("given and family name swapped") == 1, note  # each reason once


@pytest.mark.parametrize("family,other", [
    # father and son in one firm, the mark in the family-name column the Finnish, Norwegian or Danish way (before:
    # "similar family name", sure at 100 %, and one of them marked Delete)
    ("Wikström vanhempi", "Wikström nuorempi"),
    ("Wikström d.e.", "Wikström"),
    ("Wikström den ældre", "Wikström d.y."),
])
def test_a_generation_mark_in_any_nordic_form_keeps_father_and_son_apart(family, other):
    rows = [[*FIRM, "Anders", family, "", "anders.wikstrom@bredband.net", "08-123 45 67", *FIRM_PLACE],
            [*FIRM, "Anders", other, "", "anders1987@gmail.com", "08-123 45 67", *FIRM_PLACE],
            [*FIRM, "Per", "Holm", "", "per.holm@forsbergson.se", "070-555 11 22", *FIRM_PLACE]]
    result = clean((CRM_HEADER, rows), CleanConfig(today=datetime.date(2026, 12, 1), country="SE"))
    assert not [c for c in result.duplicates if {1, 2} <= set(c.rows) and c.band == "sure"]


@pytest.mark.parametrize("company,names", [
    ("", ("Forsberg & Son AB", "FORSBERG & SON AB")),  # the legal form says company
    ("Forsberg & Son", ("Forsberg & Son", "Forsberg & Son")),  # Namn holds the row's own company
])
def test_a_company_card_in_the_whole_name_column_stays_a_company_card(company, names):
    # Fortnox's "Namn" is the customer: on a company's card it holds the company, not a person's name
    rows = [[company, FIRM[1], "", "", names[0], "info@forsbergson.se", "", *FIRM_PLACE],
            [company, FIRM[1], "", "", names[1], "faktura@forsbergson.se", "", *FIRM_PLACE],
            [*FIRM, "Per", "Holm", "", "per.holm@forsbergson.se", "070-555 11 22", *FIRM_PLACE]]
    result = clean((CRM_HEADER, rows), CleanConfig(today=datetime.date(2026, 12, 1), country="SE"))
    cluster = next(c for c in result.duplicates if {1, 2} <= set(c.rows))
    assert cluster.band == "sure" and 3 not in cluster.rows
    assert not any("given name" in reason for pair in cluster.pairs for reason in pair.reasons)
