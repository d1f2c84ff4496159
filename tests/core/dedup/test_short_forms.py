"""Short forms of two names and a slip in one part of a double given name (session 9): each case as a pair of rows of
a small Swedish register, with the level the two given names reach, or the band and the sentence the user reads.

A short form of two names is a form of both (Jocke is Joakim and sometimes Johan), though the two names are not one;
a double given name with a slip in the part a copy writes alone (Begnt / Bengt-Åke, Kael / Karl-Erik) is that part, as
the register reads a slip in a single name. Other names stay apart: two names one letter apart that the country knows
(Kari / Karl-Erik), and Joakim / Johan.
"""

from __future__ import annotations

import numpy as np
import pytest

from core.dedup import prepare
from tests.core.dedup import bands

HEADER = ["Kundnr", "Förnamn", "Efternamn", "E-post", "Mobil", "Adress", "Postnr", "Ort"]
ROLES = [None, "given_name", "family_name", "email", "phone", "street", "postal_code", "city"]
# the rest of the register: three men who write Karl alone, so that the register shows Karl as a name many rows hold
OTHERS = [
    ["2001", "Karl", "Lindqvist", "karl.lindqvist@telia.com", "070-111 22 33", "Storgatan 4", "11122", "Stockholm"],
    ["2002", "Karl", "Berg", "kalle.berg@gmail.com", "070-222 33 44", "Kungsgatan 9", "41103", "Göteborg"],
    ["2003", "Karl", "Holm", "k.holm@outlook.com", "070-333 44 55", "Ågatan 2", "58222", "Linköping"],
    ["2004", "Anna", "Sjöberg", "anna.sjoberg@hotmail.com", "070-444 55 66", "Parkvägen 1", "75320", "Uppsala"],
]


def given_level(left: str, right: str, others: list[list[str]] = OTHERS) -> str:
    """The label of the level two rows of one family name reach on these two given names, among ``others``."""
    rows = [["1", left, "Åkesson", "", "", "", "", ""], ["2", right, "Åkesson", "", "", "", "", ""], *others]
    scorer = prepare(HEADER, rows, ROLES, {"country": "SE"})
    levels = scorer.levels(np.array([0]), np.array([1]))
    row = [c.name for c in scorer.comparisons].index("given")
    return scorer.comparisons[row].levels[int(levels[row, 0])].label


@pytest.mark.parametrize("left,right,label", [
    # a short form of two names is a form of both
    ("Jocke", "Joakim", "same given name (nickname)"),
    ("Jocke", "Johan", "same given name (nickname)"),
    ("Andy", "Anders", "same given name (nickname)"),
    ("Andy", "Andreas", "same given name (nickname)"),
    ("Peppe", "Per", "same given name (nickname)"),
    ("Peppe", "Peter", "same given name (nickname)"),
    ("Bittan", "Birgitta", "same given name (nickname)"),
    ("Micky", "Michael", "same given name (nickname)"),
    ("Krille", "Krister", "same given name (nickname)"),
    ("Pirkko", "Birgitta", "same given name (nickname)"),  # Birgitta's Finnish form
    ("Kalle", "Karl-Erik", "same given name (nickname)"),
    # ... but the two names it is a form of are two names
    ("Joakim", "Johan", "different given name"),
    ("Anders", "Andreas", "similar given name"),  # alike, but two names: never sure
    # one part of a double name with a slip the keyboard makes (two letters swapped) is that part
    ("Begnt", "Bengt-Åke", "given name part of a double name"),
    ("Hnana", "Hanna-Leena", "given name part of a double name"),
    # another letter: a slip where the register shows it as one, beside the Karl many rows hold
    ("Kael", "Karl-Erik", "given name part of a double name"),
    ("Krl-Erik", "Karl", "given name part of a double name"),
    # two names the country knows, one letter apart, are two names
    ("Kari", "Karl-Erik", "different given name"),
    ("Jan", "Jon-Erik", "different given name"),
])
def test_short_forms_and_a_slip_in_one_part_of_a_double_name(left, right, label):
    assert given_level(left, right) == label


def test_a_slip_the_register_cannot_show_is_another_name():
    """Kael beside Karl-Erik in a register where no one writes Karl alone: nothing shows Kael as a slip."""
    assert given_level("Kael", "Karl-Erik", OTHERS[3:]) == "different given name"


def band_and_note(left: list[str], right: list[str]) -> tuple[str | None, str]:
    """The band of the cluster holding rows 1 and 2 (None: none) and the status note on the second (the sheet's row
    3, whose note names the sheet's row 2)."""
    return bands.band_and_note(HEADER, [left, right, *OTHERS], "SE")


HOME = ["familjen.dahlsten@bredband.net", "08-640 12 34", "Björkvägen 53", "15083", "Stockholm"]


@pytest.mark.parametrize("case,left,right,band,note", [
    # Jocke for Johan on his own mailbox and mobile: one man
    ("Jocke for Johan, his own mailbox and mobile",
     ["1", "Johan", "Dahlsten", "johan493@gmail.com", "070-904 50 89", "Björkvägen 53", "15083", "Stockholm"],
     ["2", "Jocke", "Dahlsten", "johan493@gmail.com", "+46 70 904 50 89", "Björkvägen 53", "15083", "Stockholm"],
     "sure", "Duplicate of row 2 (same given name (nickname), same family name, same e-mail, same phone, same address: "
             "100 %)."),
    # Andy for Anders on one mobile no one else holds: Andy is Andreas's short form too, yet the mobile is one man's
    ("Andy for Anders on his own mobile",
     ["1", "Anders", "Bengtsson", "", "076-161 42 07", "Tallvägen 53", "21812", "Malmö"],
     ["2", "Andy", "Bengtsson", "", "0761614207", "Tallvägen 53", "21812", "Malmö"],
     "sure", "Duplicate of row 2 (same given name (nickname), same family name, same phone, same address: 100 %)."),
    # Joakim and Johan on the family's mailbox and landline: two sons, not one name
    ("Joakim and Johan at one home", ["1", "Joakim", "Dahlsten", *HOME], ["2", "Johan", "Dahlsten", *HOME], None, ""),
    # Bengt-Åke typed "Begnt" on a later card, with his own mobile: one man
    ("Begnt for Bengt-Åke on his own mobile",
     ["1", "Bengt-Åke", "Hagmark", "", "070-864 74 10", "Skolvägen 55", "12135", "Stockholm"],
     ["2", "Begnt", "Hagmark", "", "070 8647410", "Skolvägen 55", "12135", "Stockholm"],
     "sure", "Duplicate of row 2 (given name part of a double name, same family name, same phone, same address: "
             "100 %)."),
    # Kari beside Karl-Erik on the family's mailbox and landline: two names, never sure
    ("Kari and Karl-Erik at one home", ["1", "Karl-Erik", "Dahlsten", *HOME], ["2", "Kari", "Dahlsten", *HOME],
     None, ""),
])
def test_short_forms_and_slipped_parts_in_a_register(case, left, right, band, note):
    assert band_and_note(left, right) == (band, note), case


def test_every_short_form_is_written_as_it_is_looked_up():
    """``keys.nick`` and ``forms`` look a name up folded (å, ä, ö, ø written a, a, o, o; a hyphen a space) and by its
    first part: an entry written otherwise is never found (göran, gösta and lars-erik were such entries)."""
    from core.dedup.keys import fold
    from core.dedup.nicknames import _ALL

    unread = [short for short in _ALL if fold(short) != short]
    assert unread == []
    # a full form is compared folded too
    assert [(short, full) for short, forms in _ALL.items() for full in forms if fold(full) != full] == []
