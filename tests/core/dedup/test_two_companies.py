"""Two organisation numbers under one company name are two companies (``Scorer._two_companies_of_one_name``).

A family firm is named after its founder ("Bröderna Nordström AB", "Henriksson & Son AB"), so two people of one name
run two firms of one name; the org numbers tell the firms apart. The company name then ties the two rows to no one
place, and one name at two firms is never a sure duplicate: it goes to review and says why. A copy whose org number
is one slip off (a digit changed, two swapped) is still one company. Each case is a pair in a small Norwegian B2B
register with its band and the note on the row it does not keep.
"""

from __future__ import annotations

import pytest

from tests.core.dedup import bands

HEADER = ["Kundenr", "Navn", "Firma", "Org.nr", "E-post", "Telefon", "Adresse", "Postnr", "Sted", "Sist kontakt"]
OTHERS = [  # an office of other names and a firm of its own, so that shared details are shared
    ["1101", "Ola Berg", "Haugen Bygg AS", "923456783", "faktura@haugenbygg.no", "22 33 44 55", "Storgata 1", "0155",
     "Oslo", "2025-02-01"],
    ["1102", "Lise Dahl", "Haugen Bygg AS", "923456783", "faktura@haugenbygg.no", "22 33 44 55", "Storgata 1", "0155",
     "Oslo", "2025-02-02"],
    ["1104", "Nils Lie", "Lie Regnskap AS", "987654325", "post@lieregnskap.no", "55 66 77 88", "Bryggen 4", "5003",
     "Bergen", "2025-02-04"],
]
FIRM = {"Navn": "Mikael Nordström", "Firma": "Bröderna Nordström AS", "Postnr": "9008", "Sted": "Tromsø",
        "Sist kontakt": "2025-01-02"}
FATHER = {"Org.nr": "914778271", "E-post": "post@brodernanordstrom.no", "Telefon": "77 60 12 34",
          "Adresse": "Storgata 9"}
SON = {"E-post": "mikael.nordstrom@gmail.com", "Adresse": "Skolegata 58"}


def firm(number: str, cells: dict[str, str], org: str = "") -> list[str]:
    values = {**FIRM, **cells, "Kundenr": number}
    if org:
        values["Org.nr"] = org
    return [values.get(column, "") for column in HEADER]


def band_and_note(rows: list[list[str]]) -> tuple[str | None, str]:
    """The band of the cluster holding rows 1 and 2 (None: none) and the note on the row it does not keep."""
    return bands.band_and_note(HEADER, rows, "NO", note_rows=(1, 2))


@pytest.mark.parametrize("case,left,right,band,note", [
    # two firms of one name, two org numbers: one row with the firm's general address and switchboard, the other an
    # owner's own gmail (before: "Duplicate of row 2 (...: 99 %)")
    ("two org numbers", firm("2001", FATHER), firm("2002", SON, "931123459"), "review",
     "Possible duplicate of row 2 (same given name, same family name, same postal code, same company, but different "
     "organisation number: 90 %): check by hand."),
    # the same firm's number on both rows: one company, as before
    ("one org number", firm("2001", FATHER), firm("2002", SON, "914778271"), "sure",
     "Duplicate of row 2 (same given name, same family name, same postal code, same company, same organisation "
     "number: 100 %)."),
    # two neighbouring digits swapped in a copy's number: a slip, one company
    ("org number with a slip", firm("2001", FATHER), firm("2002", SON, "914778721"), "sure",
     "Duplicate of row 2 (same given name, same family name, same postal code, same company: 99 %)."),
])
def test_two_org_numbers_under_one_name_are_two_companies(case, left, right, band, note):
    assert band_and_note([left, right, *OTHERS]) == (band, note), case
