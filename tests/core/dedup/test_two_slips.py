"""Two spellings of one name that the register shows as slips: each read as the name it is a slip of (Latrs and
Lasse are Lars; vEa and Evva are Eva), so a copy with a slipped name joins its person's group instead of being held
apart as "another given name" (issue 9's rule is about two names, and a slip is not one). A slip one letter from two
names, a name the country knows and a double name are read as written. Each case is a pair with its band and the
sentence the user reads; ``None`` for the band: the two rows are in no cluster.
"""

from __future__ import annotations

import numpy as np
import pytest

from core.dedup import prepare
from core.dedup.conditions import MeantAlike
from tests.core.dedup import bands

HEADER = ["Förnamn", "Efternamn", "E-post", "Telefon", "Gatuadress", "Postnummer", "Ort"]
ROLES = ["given_name", "family_name", "email", "phone", "street", "postal_code", "city"]
FAMILIES = ["Bergqvist", "Lindahl", "Sandström", "Holmgren", "Ekberg", "Nyström"]
# the rest of the register, each at an address of her or his own: the names the slips are made from
OTHERS = [[given, FAMILIES[n % 6], f"{given.lower()}.{FAMILIES[n % 6].lower()}{n}@telia.com", f"070-42{n:02d} 1{n:02d}",
           f"Kvarngatan {n + 1}", "45131", "Uddevalla"]
          for n, given in enumerate(["Lars"] * 5 + ["Eva"] * 12 + ["Ea"] * 3 + ["Per"] * 5 + ["Peter"] * 5 + ["Tor"] * 5 + ["Jan"] * 5 + ["Ann"] * 5)]
HOME = ["Östra 113", "58649", "Linköping"]


def band_and_note(left: list[str], right: list[str]) -> tuple[str | None, str]:
    """The band of the cluster holding the two rows, and the note on either."""
    return bands.band_and_note(HEADER, [left, right, *OTHERS], "SE", note_rows=(1, 2))


@pytest.mark.parametrize("left,right,expected", [
    ("Latrs", "Lasse", True),  # a slip of Lars beside Lars's short form
    ("vEa", "Evva", True),  # two slips of Eva
    ("Latrs", "Lars", True),
    ("Eaa", "vEa", True),  # Eaa is a letter from Ea too, but the register shows Ea as a slip of Eva: no name
    ("aJn", "Janne", True),  # a letter from Ann and from Jan, but two letters swapped is the keyboard's slip: Jan
    ("Petr", "Pemer", False),  # Pemer is Peter's slip, but Petr is a letter from Per and from Peter: read as neither
    ("Tore", "Tro", False),  # Tore is a name the country knows, not a slip of Tor
    ("Lars Erik", "Latrs", False),  # a double name is not its first name
    ("Lars", "Lasse", False),  # no slip: the nickname level says it
])
def test_spellings_meant_as_one_name(left, right, expected):
    rows = [[left, "Persson", "", "", *HOME], [right, "Persson", "", "", *HOME], *OTHERS]
    scorer = prepare(HEADER, rows, ROLES)
    assert bool(MeantAlike("given").holds(scorer, np.array([0]), np.array([1]))[0]) is expected


@pytest.mark.parametrize("case,left,right,band,note", [
    ("Latrs and Lasse Persson on his own mailbox and mobile",
     ["Latrs", "Persson", "lars6115@gmail.com", "079-309 98 61", *HOME],
     ["Lasse", "Persson", "Lars6115@Gmail.Com", "+46 79 309 98 61", *HOME],
     "sure", "Duplicate of row 2 (given name misspelt, same family name, same e-mail, same phone, same address: "
             "100 %)."),
    ("vEa and Evva Lundgren on her own mailbox",
     ["vEa", "Lundgren", "evalundgren@hotmail.com", "", *HOME],
     ["Evva", "Lundgren", "evalundgren@hotmail.com", "073 900 69 49", *HOME],
     "sure", "Duplicate of row 3 (given name misspelt, same family name, same e-mail, same address: 100 %)."),
    # Petr could be Per or Peter: beside Pemer (Peter's slip) at one home on its landline, two names
    ("Petr and Pemer Ek on the home's landline",
     ["Petr", "Ek", "", "044-12 34 56", *HOME],
     ["Pemer", "Ek", "", "044 123456", *HOME],
     None, ""),
])
def test_two_slips_of_one_name(case, left, right, band, note):
    assert band_and_note(left, right) == (band, note), case
