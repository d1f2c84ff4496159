"""A firm named after the family at two addresses is the family name agreeing again (``named_firm``).

Two people of one name may each run a firm named after their family in another town ("Solberg Transport" in Tromsø
and in Bodø). Where the two rows' company names agree and hold their family name, the rows are at two addresses in
two postcode areas, no organisation number is the same and nothing of their own agrees, the pair is never sure: it
goes to review and says why. A copy that keeps its mobile, mailbox or org number, one that stays in its postcode
area, and a firm not named after the family are as before. Each case is a pair in a small Norwegian B2B register
with its band and the note on the row it does not keep.
"""

from __future__ import annotations

import pytest

from tests.core.dedup import bands

HEADER = ["Kundenr", "Navn", "Firma", "Org.nr", "E-post", "Telefon", "Adresse", "Postnr", "Sted"]
OTHERS = [  # an office of other names and a firm of its own, so that shared details are shared
    ["1101", "Ola Berg", "Haugen Bygg AS", "923456783", "faktura@haugenbygg.no", "22 33 44 55", "Storgata 1", "0155",
     "Oslo"],
    ["1102", "Lise Dahl", "Haugen Bygg AS", "923456783", "faktura@haugenbygg.no", "22 33 44 55", "Storgata 1", "0155",
     "Oslo"],
    ["1104", "Nils Lie", "Lie Regnskap AS", "987654325", "post@lieregnskap.no", "55 66 77 88", "Bryggen 4", "5003",
     "Bergen"],
]
TROMSO = {"Navn": "Kari Solberg", "Firma": "Solberg Transport", "E-post": "kari.solberg@solbergtransport.no",
          "Telefon": "913 45 678", "Adresse": "Storgata 9", "Postnr": "9008", "Sted": "Tromsø"}
BODO = {"Navn": "Kari Solberg", "Firma": "Solberg Transport", "Org.nr": "914778271", "Adresse": "Sjøgata 12",
        "Postnr": "8006", "Sted": "Bodø"}


def row(number: str, cells: dict[str, str], changes: dict[str, str] | None = None) -> list[str]:
    values = {**cells, **(changes or {}), "Kundenr": number}
    return [values.get(column, "") for column in HEADER]


def band_and_note(rows: list[list[str]]) -> tuple[str | None, str]:
    """The band of the cluster holding rows 1 and 2 (None: none) and the note on the row it does not keep."""
    return bands.band_and_note(HEADER, rows, "NO", note_rows=(1, 2))


@pytest.mark.parametrize("case,left,right,band,note", [
    # a firm named after the family in Tromsø and in Bodø, one row with its own mailbox and mobile, the other the
    # org number only (before: a sure duplicate)
    ("two towns", row("2001", TROMSO), row("2002", BODO), "review",
     "Possible duplicate of row 2 (same given name, same family name, same company, but different address and the "
     "company is named after the family: 90 %): check by hand."),
    # the same mobile on the row in Bodø: one customer who moved her firm
    ("the same mobile", row("2001", TROMSO), row("2002", BODO, {"Telefon": "913 45 678"}), "sure",
     "Duplicate of row 2 (same given name, same family name, same phone, same company: 100 %)."),
    # the same org number on both rows
    ("the same org number", row("2001", TROMSO, {"Org.nr": "914778271"}), row("2002", BODO), "sure",
     "Duplicate of row 2 (same given name, same family name, same company, same organisation number: 99 %)."),
    # another street in the same postcode area: a move within the town, as before
    ("one postcode area", row("2001", TROMSO), row("2002", BODO, {"Postnr": "9008", "Sted": "Tromsø"}), "sure",
     "Duplicate of row 2 (same given name, same family name, same postal code, same company: 99 %)."),
    # a firm not named after the family: its name is evidence of its own, as before
    ("a firm of another name", row("2001", TROMSO, {"Firma": "Nordlys Frakt"}),
     row("2002", BODO, {"Firma": "Nordlys Frakt"}), "sure",
     "Duplicate of row 2 (same given name, same family name, same company: 96 %)."),
])
def test_a_firm_named_after_the_family_at_two_addresses(case, left, right, band, note):
    assert band_and_note([left, right, *OTHERS]) == (band, note), case
