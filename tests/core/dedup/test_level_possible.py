"""At the company and household levels, what the level's sure grouping leaves out but may be the same customer is
reported in the level's words, never marked Delete (issue 9).

Table tests: each case is a small register cleaned at its level with ``merge`` (what a person reads), with the
expected note on the row (or the row a group keeps) and the clusters that must not move.
"""

from __future__ import annotations

import datetime

import pytest

from core import CleanConfig, clean
from core.dedup import DedupConfig, find_duplicates

TODAY = datetime.date(2026, 12, 1)
COMPANY = ["Firma", "Org.nr", "Namn", "E-post", "Telefon", "Adress", "Postnr", "Ort"]
HAUGEN_AS = ["Haugen Bygg AS", "923456783", "Tor Haugen", "tor@haugenbygg.no", "+47 22 11 22 33", "Industriveien 4",
             "0580", "Oslo"]
HAUGEN_COPY = ["Haugen Bygg", "923456783", "Kari Nilsen", "kari@haugenbygg.no", "+47 22 11 22 33", "Industriveien 4",
               "0580", "Oslo"]
HOUSEHOLD = ["Förnamn", "Efternamn", "Gatuadress", "Postnummer", "Ort"]
EVA = ["Eva", "Åberg", "Storgatan 5", "114 18", "Stockholm"]
ELIN = ["Elin", "Åberg", "Storgatan 5", "114 18", "Stockholm"]
KEEP = "Keep: row 3 is a duplicate of this row."


def company_row(firm="", org="", name="", email="", phone="", street="", postal="", city=""):
    return [firm, org, name, email, phone, street, postal, city]


def cleaned(header, rows, level):
    roles, country = ({"Org.nr": "org_id"}, "NO") if level == "company" else ({}, "SE")
    return clean((header, rows), CleanConfig(dedupe_level=level, merge=True, country=country, today=TODAY, roles=roles))


COMPANY_CASES = [
    # the group's name, but no org number and no place: left out of the org number's group, may be that company
    ("same name, nothing else", company_row("Haugen Bygg AS", name="Ola Berg", email="ola@gmail.com", city="Bergen"),
     "Possible same company as row 2 (same company: 75 %): check by hand."),
    # one name holds the other, and the company's own e-mail domain
    ("a longer name and the own domain", company_row("Haugen Bygg og Anlegg", name="Per Dahl",
                                                     email="per@haugenbygg.no"),
     "Possible same company as row 2 (similar company, same e-mail domain: 75 %): check by hand."),
    # a letter off in the name, and the switchboard
    ("a misspelt name and the phone", company_row("Haugn Bygg", name="Per Dahl", phone="22 11 22 33"),
     "Possible same company as row 2 (similar company, same phone: 75 %): check by hand."),
    # no company named, but the company's own domain: a contact there
    ("no company, the own domain", company_row(name="Siv Lund", email="siv@haugenbygg.no"),
     "Possible same company as row 2 (same e-mail domain: 75 %): check by hand."),
    # a webmail domain is nobody's own: nothing to say
    ("no company, a gmail address", company_row(name="Siv Lund", email="siv.lund@gmail.com"), ""),
    # another org number is another company, whatever the name and the switchboard say
    ("another org number", company_row("Haugen Bygg og Anlegg", "998877660", "Per Dahl", phone="22 11 22 33"), ""),
    # another name at the same address (an office building): nothing to say
    ("another company at the address", company_row("Berg Regnskap", name="Per Dahl", street="Industriveien 4",
                                                   postal="0580"), ""),
]


@pytest.mark.parametrize("case,row,note", COMPANY_CASES, ids=[c[0] for c in COMPANY_CASES])
def test_company_level_may_repeat(case, row, note):
    result = cleaned(COMPANY, [HAUGEN_AS, HAUGEN_COPY, row], "company")
    assert [(c.rows, c.band) for c in result.duplicates] == [([1, 2], "sure")]  # the org number's group stands
    assert result.status[1].startswith("Delete: same company as row 2 (same organisation number")
    assert result.status[2] == note
    assert "Delete" not in result.status[2]
    assert result.counts.possible_duplicate_rows == (1 if note else 0)
    assert [p.level for p in result.possible_duplicates] == (["company"] if note else [])


def test_a_name_two_org_numbers_hold_names_both_companies():
    """Nordic Consulting AS is two companies (two org numbers); a row of that name without one may be either."""
    rows = [company_row("Nordic Consulting AS", "923456783", "Anna"), company_row("Nordic Consulting AS", "923456783",
                                                                                   "Berit"),
            company_row("Nordic Consulting", "934567897", "Carl"), company_row("Nordic Consulting", "934567897", "Dag"),
            company_row("Nordic Consulting", "", "Eva")]
    result = cleaned(COMPANY, rows, "company")
    assert [(c.rows, c.band) for c in result.duplicates] == [([1, 2], "sure"), ([3, 4], "sure")]
    assert result.status[4] == ("Possible same company as row 2 (same company: 75 %) or row 4 (same company: 75 %): "
                                "check by hand.")


def test_a_group_made_review_by_one_weak_row_keeps_its_sure_part():
    """Before, one row with only the name made the whole group 'check by hand', the org number's rows included. The
    rows sure against the row kept are one sure group; the weak row is reported against it."""
    rows = [HAUGEN_AS, HAUGEN_COPY, company_row("Haugen Bygg AS", name="Ola Berg", city="Bergen")]
    found = find_duplicates(COMPANY, rows, ["company", "org_id", "full_name", "email", "phone", "street", "postal_code",
                                            "city"], DedupConfig(level="company"))
    assert [(c.rows, c.band, c.survivor) for c in found.clusters] == [([1, 2], "sure", 1)]
    assert [(p.row, p.rows, p.clusters, p.cluster_id) for p in found.possible_duplicates] == [(3, [1], [1], None)]


def test_two_company_groups_that_may_be_one():
    """Two rows of 'Haugen Bygg og Anlegg' with one switchboard are one company (a sure group of their own); it may be
    Haugen Bygg AS (the longer name, the company's own domain): the rows each keeps say so, nothing is merged."""
    anlegg = company_row("Haugen Bygg og Anlegg", name="Per Dahl", email="per@haugenbygg.no", phone="+47 22 99 88 77")
    rows = [HAUGEN_AS, HAUGEN_COPY, anlegg, [*anlegg[:2], "Siv Lund", "siv@haugenbygg.no", *anlegg[4:]]]
    result = cleaned(COMPANY, rows, "company")
    assert [(c.rows, c.band) for c in result.duplicates] == [([1, 2], "sure"), ([3, 4], "sure")]
    assert [(c.clusters, c.rows, c.pair.explanation, c.level) for c in result.close_clusters] == [
        ([1, 2], [1, 3], "similar company, same e-mail domain: 75 %", "company")]
    assert result.status[0].startswith(f"{KEEP} Rows 2 and 3 may be the same company as rows 4 and 5 (row 2 against "
                                       "row 4: similar company, same e-mail domain: 75 %): check by hand.")
    assert result.status[2].startswith("Keep: row 5 is a duplicate of this row. Rows 4 and 5 may be the same company "
                                       "as rows 2 and 3 (row 4 against row 2: ")
    assert [s.startswith("Delete") for s in result.status] == [False, True, False, True]
    assert result.counts.close_groups == 2


HOUSEHOLD_CASES = [
    # a double family name holding the group's, at the same address
    ("a double family name", ["Nils", "Åberg-Lind", "Storgatan 5", "114 18", "Stockholm"],
     "Possible same household as row 2 (same address, family name partly the same: 75 %): check by hand."),
    # a letter off in the family name (one the sound key keeps apart), at the same address
    ("a misspelt family name", ["Nils", "Åberk", "Storgatan 5", "114 18", "Stockholm"],
     "Possible same household as row 2 (same address, similar family name: 75 %): check by hand."),
    # the same family name and street, the town where the group has the postcode
    ("the town for the postcode", ["Anna", "Åberg", "Storgatan 5", "", "Stockholm"],
     "Possible same household as row 2 (similar address, same family name: 75 %): check by hand."),
    # a postcode one digit off
    ("a postcode a digit off", ["Anna", "Åberg", "Storgatan 5", "114 19", ""],
     "Possible same household as row 2 (similar address, same family name: 75 %): check by hand."),
    # the street written a little differently, same number and postcode
    ("the street misspelt", ["Anna", "Åberg", "Storgatn 5", "114 18", "Stockholm"],
     "Possible same household as row 2 (similar address, same family name: 75 %): check by hand."),
    # another family at the same address (a block of flats), even one whose name sounds near, another number on the
    # street, another town: nothing
    ("another family at the address", ["Per", "Holm", "Storgatan 5", "114 18", "Stockholm"], ""),
    ("a family name that sounds near", ["Per", "Åberget", "Storgatan 5", "114 18", "Stockholm"], ""),
    ("another number on the street", ["Anna", "Åberg", "Storgatan 7", "114 18", "Stockholm"], ""),
    ("the same street in another town", ["Anna", "Åberg", "Storgatan 5", "", "Uppsala"], ""),
    ("no family name", ["Anna", "", "Storgatan 5", "114 18", "Stockholm"], ""),
]


@pytest.mark.parametrize("case,row,note", HOUSEHOLD_CASES, ids=[c[0] for c in HOUSEHOLD_CASES])
def test_household_level_may_repeat(case, row, note):
    result = cleaned(HOUSEHOLD, [EVA, ELIN, row], "household")
    assert [(c.rows, c.band) for c in result.duplicates] == [([1, 2], "sure")]
    assert result.status[1] == "Delete: same household as row 2 (same address, same family name: 99 %)."
    assert result.status[2] == note
    assert [p.level for p in result.possible_duplicates] == (["household"] if note else [])


def test_two_households_that_may_be_one():
    lind = [["Nils", "Åberg-Lind", "Storgatan 5", "114 18", "Stockholm"],
            ["Ulla", "Åberg-Lind", "Storgatan 5", "114 18", "Stockholm"]]
    result = cleaned(HOUSEHOLD, [EVA, ELIN, *lind], "household")
    assert [(c.rows, c.band) for c in result.duplicates] == [([1, 2], "sure"), ([3, 4], "sure")]
    assert result.status[0] == (f"{KEEP} Rows 2 and 3 may be the same household as rows 4 and 5 (row 2 against row 4: "
                                "same address, family name partly the same: 75 %): check by hand.")
    assert [s.startswith("Delete") for s in result.status] == [False, True, False, True]


@pytest.mark.parametrize("language,note", [
    ("sv", "Möjligen samma företag som rad 2 (samma företag: 75 %) eller rad 4 (samma företag: 75 %): kontrollera "
           "manuellt."),
    ("nb", "Muligens samme foretak som rad 2 (samme foretak: 75 %) eller rad 4 (samme foretak: 75 %): sjekk manuelt."),
    ("da", "Muligvis samme virksomhed som række 2 (samme virksomhed: 75 %) eller række 4 (samme virksomhed: 75 %): "
           "kontrollér manuelt."),
    ("fi", "Mahdollisesti sama yritys: rivi 2 (sama yritys: 75 %) tai rivi 4 (sama yritys: 75 %); tarkista käsin."),
])
def test_the_level_s_words_in_the_user_s_language(language, note):
    rows = [company_row("Nordic AS", "923456783", "A"), company_row("Nordic AS", "923456783", "B"),
            company_row("Nordic", "934567897", "C"), company_row("Nordic", "934567897", "D"), company_row("Nordic")]
    result = clean((COMPANY, rows), CleanConfig(dedupe_level="company", language=language, country="NO", today=TODAY,
                                                roles={"Org.nr": "org_id"}))
    assert result.status[4] == note


@pytest.mark.parametrize("phone,links", [
    ("+47 22 00 00 01", [([1, 3], [1, 5], "same company, same phone: 75 %")]),  # Anna's switchboard: Anna's company
    ("+47 22 00 00 09", []),  # a place of its own: a third company of that name as likely as either
])
def test_a_group_without_org_number_of_a_name_two_numbers_hold(phone, links):
    """'Nordic AS' is two companies (two org numbers). Two rows of that name without one, sharing a phone, are one
    company of their own; they are linked to a numbered company only where they share its place too."""
    rows = [company_row("Nordic AS", "923456783", "Anna", phone="+47 22 00 00 01"),
            company_row("Nordic AS", "923456783", "Berit"),
            company_row("Nordic AS", "934567897", "Carl", phone="+47 55 00 00 02"),
            company_row("Nordic AS", "934567897", "Dag"),
            company_row("Nordic AS", "", "Eva", phone=phone), company_row("Nordic AS", "", "Frida", phone=phone)]
    result = cleaned(COMPANY, rows, "company")
    assert [(c.rows, c.band) for c in result.duplicates] == [([1, 2], "sure"), ([3, 4], "sure"), ([5, 6], "sure")]
    assert [(c.clusters, c.rows, c.pair.explanation) for c in result.close_clusters] == links
    assert result.possible_duplicates == []


def test_a_large_company_with_rows_that_name_it_only():
    """3,000 contacts of one org number and 100 rows with the name only: the org number's rows are one sure group and
    each name-only row may be it (the split and the report look at a few rows of a group, not every pair)."""
    rows = [company_row("Equinor ASA", "923609016", f"Person {n}") for n in range(3000)]
    rows += [company_row("Equinor", "", f"Other {n}") for n in range(100)]
    found = find_duplicates(COMPANY, rows, ["company", "org_id", "full_name"], DedupConfig(level="company",
                                                                                          merge_proposals=False))
    assert [(len(c.rows), c.band) for c in found.clusters] == [(3000, "sure")]
    assert [p.row for p in found.possible_duplicates] == list(range(3001, 3101))
    assert {p.pairs[0].explanation for p in found.possible_duplicates} == {"same company: 75 %"}
