"""Issue 9, "a possible duplicate says why it is only possible": a pair held back from "sure" says what agrees *and*
what its own evidence has against one customer (core.dedup.explain), in the status note, in English and Norwegian.

Each case is a pair of rows in a small Norwegian register (the default weights: nothing learnt), with the band of its
group and the note on its second row. Kinds that are two people for sure (another generation, two valid personal ids,
a company row against a person row) are never even a possible duplicate: no note, and the words that would say why
are checked on the pair itself.
"""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from core import CleanConfig, clean
from core.dedup import DedupConfig, find_duplicates, prepare
from core.dedup.explain import against, held_back
from core.dedup.models import DuplicateCluster, PairEvidence
from core.dedup.parts import clusters_from_pairs, scored_pairs

HEADER = ["Förnamn", "Efternamn", "Personnummer", "Födelsedatum", "E-post", "Telefon", "Mobil", "Gatuadress",
          "Postnummer", "Ort", "Företag"]
ROLES = ["given_name", "family_name", "personal_id", "birth_date", "email", "phone", "phone", "street", "postal_code",
         "city", "company"]
HOME = {"Gatuadress": "Storgata 1", "Postnummer": "0155", "Ort": "Oslo"}
# one family at one home: a child's birth date, the family's mailbox and landline
FAMILY = {"Födelsedatum": "2015-03-14", "Telefon": "+47 22 33 44 55", "E-post": "familien.berg@online.no"}
# other customers, each with a home and contact details of their own
NEIGHBOURS = [["Per", "Holm", "", "", "per.holm@gmail.com", "", "+47 912 00 111", "Lillegata 3", "0160", "Oslo", ""],
              ["Karin", "Lund", "", "", "karin.lund@online.no", "", "+47 913 00 222", "Bergsgata 9", "5003", "Bergen",
               ""]]
TODAY = datetime.date(2026, 12, 1)


def row(**values: str) -> list[str]:
    """A row at the home (``HOME``) with ``values`` by header ("E-post" passed as ``E_post``)."""
    cells = {**HOME, **{name.replace("E_post", "E-post"): value for name, value in values.items()}}
    return [cells.get(column, "") for column in HEADER]


def filled_roles(rows: list[list[str]]) -> list[str | None]:
    """The roles as a clean gives them to dedup: an empty column has none (with "Telefon" empty, "Mobil" is the
    phone)."""
    return [role if any(r[column] for r in rows) else None for column, role in enumerate(ROLES)]


def band_and_notes(rows: list[list[str]]) -> tuple[str | None, str, str]:
    """The band of the pair's group and the note on its second row, in English and in Norwegian."""
    notes = []
    for language in ("en", "nb"):
        result = clean((HEADER, [*rows, *NEIGHBOURS]), CleanConfig(language=language, country="NO", today=TODAY))
        notes.append(" ".join(i.message for i in result.issues
                              if i.row == 2 and i.code in ("row.duplicate", "row.possible_duplicate")))
    band = next((c.band for c in result.duplicates if {1, 2} <= set(c.rows)), None)
    return band, notes[0], notes[1]


CASES = [
    # the namesake cap: one whole name at one home whose own mobiles differ (a father and the son named after him)
    ("own mobile differs", [row(Förnamn="Tor", Efternamn="Haugen", Mobil="+47 912 34 567"),
                            row(Förnamn="Tor", Efternamn="Haugen", Mobil="+47 913 45 678")], "review",
     "Possible duplicate of row 2 (same given name, same family name, same address, but each has its own phone: 80 %): "
     "check by hand.",
     "Mulig duplikat av rad 2 (samme fornavn, samme etternavn, samme adresse, men de har hvert sitt telefonnummer: "
     "80 %): sjekk manuelt."),
    # two own e-mails and two own mobiles where they share the landline (the mobiles in a second phone column): two
    # people, as where the register has one phone column; the landline is the home's, not a detail they both own,
    # so nothing of their own agrees and the pair is not even one to check (session 7, lead)
    ("own e-mail and own mobile differ", [
        row(Förnamn="Tor", Efternamn="Haugen", Telefon="+47 22 33 44 55", Mobil="+47 912 34 567",
            E_post="tor.haugen@gmail.com"),
        row(Förnamn="Tor", Efternamn="Haugen", Telefon="+47 22 33 44 55", Mobil="+47 913 45 678",
            E_post="tor.haugen@online.no")], None, "", ""),
    # two given names one letter apart that both are names (twins at one home)
    ("another given name", [row(Förnamn="Ella", Efternamn="Berg", **FAMILY),
                            row(Förnamn="Elle", Efternamn="Berg", **FAMILY)], "review",
     "Possible duplicate of row 2 (same family name, same birth date, same e-mail, same phone, same address, but "
     "another given name one letter off: 90 %): check by hand.",
     "Mulig duplikat av rad 2 (samme etternavn, samme fødselsdato, samme e-postadresse, samme telefonnummer, samme "
     "adresse, men et annet fornavn som skiller seg med én bokstav: 90 %): sjekk manuelt."),
    # two middle names (sisters Anna Maria and Anna Karin)
    ("different middle names", [row(Förnamn="Anna Maria", Efternamn="Berg", **FAMILY),
                                row(Förnamn="Anna Karin", Efternamn="Berg", **FAMILY)], "review",
     "Possible duplicate of row 2 (same family name, same birth date, same e-mail, same phone, same address, but "
     "different middle names: 90 %): check by hand.",
     "Mulig duplikat av rad 2 (samme etternavn, samme fødselsdato, samme e-postadresse, samme telefonnummer, samme "
     "adresse, men forskjellige mellomnavn: 90 %): sjekk manuelt."),
    # one name, two birth dates (a father and his son)
    ("different birth date", [row(Förnamn="Anders", Efternamn="Berg", **{**FAMILY, "Födelsedatum": "1960-05-12"}),
                              row(Förnamn="Anders", Efternamn="Berg", **{**FAMILY, "Födelsedatum": "1988-11-02"})],
     "review",
     "Possible duplicate of row 2 (same given name, same family name, same e-mail, same phone, same address, but "
     "different birth date: 90 %): check by hand.",
     "Mulig duplikat av rad 2 (samme fornavn, samme etternavn, samme e-postadresse, samme telefonnummer, samme "
     "adresse, men forskjellig fødselsdato: 90 %): sjekk manuelt."),
    # an initial that fits the row's phone holder and no one else, at another address: it moved, or it is another T.
    ("different address", [row(Förnamn="Tor", Efternamn="Haugen", E_post="tor.haugen@gmail.com",
                               Mobil="+47 912 34 567"),
                           row(Förnamn="T.", Efternamn="Haugen", Mobil="+47 912 34 567", Gatuadress="Fjordveien 3",
                               Postnummer="5003", Ort="Bergen")], "review",
     "Possible duplicate of row 2 (given name initial matches, same family name, same phone, but different address: "
     "86 %): check by hand.",
     "Mulig duplikat av rad 2 (initialen i fornavnet stemmer, samme etternavn, samme telefonnummer, men forskjellig "
     "adresse: 86 %): sjekk manuelt."),
]


@pytest.mark.parametrize("case,rows,band,english,norwegian", CASES, ids=[case[0] for case in CASES])
def test_a_held_back_pair_says_what_holds_it_back(case, rows, band, english, norwegian):
    assert band_and_notes(rows) == (band, english, norwegian), case


# two people for sure: never even a possible duplicate, and the pair's own words say why
APART = [
    ("another generation", [row(Förnamn="Tor", Efternamn="Berg", **FAMILY),
                            row(Förnamn="Tor", Efternamn="Berg Jr.", **FAMILY)], ["different generation (Jr./Sr.)"]),
    ("two valid personal ids", [row(Förnamn="Tor", Efternamn="Berg", Personnummer="14031540071", **FAMILY),
                                row(Förnamn="Tor", Efternamn="Berg", Personnummer="14031540152", **FAMILY)],
     ["two different valid personal ids"]),
    ("a company row and a person row", [
        row(Företag="Haugen Bygg AS", E_post="post@haugenbygg.no", Telefon="+47 22 33 44 55"),
        row(Förnamn="Tor", Efternamn="Haugen", Företag="Haugen Bygg AS", E_post="post@haugenbygg.no",
            Telefon="+47 22 33 44 55")], ["a company row and a person row"]),
]


@pytest.mark.parametrize("case,rows,words", APART, ids=[case[0] for case in APART])
def test_two_people_for_sure_are_no_possible_duplicate_and_say_why(case, rows, words):
    assert band_and_notes(rows) == (None, "", ""), case
    register = [*rows, *NEIGHBOURS]
    scorer = prepare(HEADER, register, filled_roles(register), DedupConfig(country="NO", today=TODAY))
    assert against(scorer, np.array([0]), np.array([1])) == [words], case


def test_a_sure_pair_says_nothing_against_and_its_sentence_is_unchanged():
    rows = [row(Förnamn="Tor", Efternamn="Haugen", E_post="tor.haugen@gmail.com", Mobil="+47 912 34 567"),
            row(Förnamn="Tor", Efternamn="Haugen", E_post="tor.haugen@gmail.com", Mobil="+47 912 34 567")]
    register = [*rows, *NEIGHBOURS]
    result = find_duplicates(HEADER, register, filled_roles(register), DedupConfig(country="NO", today=TODAY))
    assert [(c.band, c.against, c.pairs[0].against) for c in result.clusters] == [("sure", [], [])]
    assert band_and_notes(rows)[1] == ("Duplicate of row 2 (same given name, same family name, same e-mail, same "
                                       "phone, same address: 100 %).")


def test_the_split_pass_says_the_same():
    """The add-on's pass in parts (core.dedup.parts) gives each held-back pair the same words as one pass."""
    rows = [*CASES[0][1], *NEIGHBOURS]
    roles = filled_roles(rows)
    config = DedupConfig(country="NO", today=TODAY)
    one = find_duplicates(HEADER, rows, roles, config)
    split = clusters_from_pairs(HEADER, rows, roles, scored_pairs(HEADER, rows, roles, config),
                                register_rows=len(rows), config=config)
    assert [(c.against, c.explanation) for c in split.clusters] == [(c.against, c.explanation) for c in one.clusters]
    assert [[(p.rows, p.against, p.explanation) for p in c.pairs] for c in split.clusters] == \
        [[(p.rows, p.against, p.explanation) for p in c.pairs] for c in one.clusters] == \
        [[([1, 2], ["each has its own phone"],
           "same given name, same family name, same address, but each has its own phone: 80 %")]]


@pytest.mark.parametrize("case,rows,band,english,norwegian", [c for c in CASES if c[2] == "review"],
                         ids=[c[0] for c in CASES if c[2] == "review"])
def test_a_review_group_says_what_holds_it_back_as_its_pair_does(case, rows, band, english, norwegian):
    """One voice (session 8's user drive): the group's own explanation (JSON ``duplicates[].explanation``, the API)
    carries the "but ..." its pair and the status note carry, not the reasons alone."""
    register = [*rows, *NEIGHBOURS]
    result = find_duplicates(HEADER, register, filled_roles(register), DedupConfig(country="NO", today=TODAY))
    (group,) = [c for c in result.clusters if c.rows == [1, 2]]
    assert (group.band, group.against, group.explanation) == (band, group.pairs[0].against, group.pairs[0].explanation)
    assert english == f"Possible duplicate of row 2 ({group.explanation}): check by hand.", case


def test_a_review_group_of_three_names_what_holds_each_pair_back_once():
    """A group's ``against`` is its pairs', each once, in pair order: twins one letter apart and an older sister."""
    rows = [row(Förnamn="Ella", Efternamn="Berg", **FAMILY), row(Förnamn="Elle", Efternamn="Berg", **FAMILY),
            row(Förnamn="Ella", Efternamn="Berg", **{**FAMILY, "Födelsedatum": "2013-01-01"})]
    register = [*rows, *NEIGHBOURS]
    scorer = prepare(HEADER, register, filled_roles(register), DedupConfig(country="NO", today=TODAY))
    pairs = [PairEvidence(rows=[a, b], score=0.9, reasons=["same family name"], explanation="")
             for a, b in ((1, 2), (1, 3), (2, 3))]
    group = DuplicateCluster(cluster_id=1, rows=[1, 2, 3], survivor=1, score=0.9, band="review",
                             reasons=["same family name"], explanation="same family name: 90 %", pairs=pairs)
    held_back(scorer, [group], [], [])
    assert [p.against for p in pairs] == [["another given name one letter off"], ["different birth date"],
                                          ["another given name one letter off", "different birth date"]]
    assert group.against == ["another given name one letter off", "different birth date"]
    assert group.explanation == ("same family name, but another given name one letter off and different birth date: "
                                 "90 %")

