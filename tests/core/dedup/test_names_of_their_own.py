"""A short form that is also a name of its own (Karin beside Katarina, Kerstin beside Kristina, Lena beside Helena):
two women of one home may carry the two names, so such a pair is sure only on what one person holds (issue 9: a
mother Kristina and her daughter Kerstin on the home's landline were "Delete ... 100 %"). Each case is a pair with
its band and the sentence the user reads.

``None`` for the band: the two rows are in no cluster.
"""

from __future__ import annotations

import numpy as np
import pytest

from core.dedup import prepare
from core.dedup.conditions import OwnNameForm
from tests.core.dedup import bands

HEADER = ["Förnamn", "Efternamn", "Personnummer", "E-post", "Telefon", "Gatuadress", "Postnummer", "Ort"]
ROLES = ["given_name", "family_name", "personal_id", "email", "phone", "street", "postal_code", "city"]


def _others() -> list[list[str]]:
    """The rest of the register, each at an address of her or his own: Karin, Kerstin, Lena and Hanna as often as
    the names they are short for (names of their own here), Lars on many rows and Lasse on none (a short form)."""
    names = [*["Karin"] * 6, *["Katarina"] * 4, *["Kerstin"] * 6, *["Kristina"] * 6, *["Lena"] * 6,
             *["Helena"] * 4, *["Hanna"] * 6, *["Johanna"] * 6, *["Lars"] * 12, *["Tomas"] * 6, *["Thomas"] * 6]
    families = ["Bergqvist", "Lindahl", "Sandström", "Holmgren", "Ekberg", "Nyström", "Wikander", "Forsberg", "Dahlin",
                "Sjöholm", "Strand", "Lundell"]
    return [[given, families[n % 12], "", f"{given.lower()}.{families[n % 12].lower()}{n}@telia.com",
             f"070-41{n:02d} 1{n:02d}", f"Kvarngatan {n + 1}", "45131", "Uddevalla"] for n, given in enumerate(names)]


OTHERS = _others()
HOME = ["Ängsvägen 6", "98343", "Kiruna"]


def band_and_note(left: list[str], right: list[str]) -> tuple[str | None, str]:
    """The band of the cluster holding the two rows, and the note on the second."""
    return bands.band_and_note(HEADER, [left, right, *OTHERS], "SE", note_rows=(1, 2))


@pytest.mark.parametrize("left,right,expected", [
    ("Karin", "Katarina", True),
    ("Kerstin", "Kristina", True),  # one sound skeleton (k-r-s-t-n), yet two names
    ("Lena", "Helena", True),
    ("Hanna", "Johanna", True),
    ("Lasse", "Lars", False),  # a short form no row of the register carries as a name: how Lars writes himself
    ("Thomas", "Tomas", False),  # one name spelt two ways
    ("Karin", "Karin", False),
])
def test_a_short_form_the_register_carries_as_a_name(left, right, expected):
    rows = [[left, "Andersson", "", "", "", *HOME], [right, "Andersson", "", "", "", *HOME], *OTHERS]
    scorer = prepare(HEADER, rows, ROLES)
    assert bool(OwnNameForm("given").holds(scorer, np.array([0]), np.array([1]))[0]) is expected


def test_a_small_register_shows_no_name_of_its_own():
    rows = [["Karin", "Andersson", "", "", "", *HOME], ["Katarina", "Andersson", "", "", "", *HOME]]
    scorer = prepare(HEADER, rows, ROLES)
    assert not OwnNameForm("given").holds(scorer, np.array([0]), np.array([1]))[0]


@pytest.mark.parametrize("case,left,right,band,note", [
    # a mother and her daughter at one home on its landline, each with her own mailbox
    ("Kristina and Kerstin on the home's landline",
     ["Kristina", "Andersson", "", "kristina.andersson84@gmail.com", "0913-825 01", *HOME],
     ["Kerstin", "Andersson", "681203-2487", "kerstin753@gmail.com", "+46 913 825 01", *HOME],
     "review", "Possible duplicate of row 3 (same given name (nickname), same family name, same phone, same address, "
               "but each form of the given name is also a name of its own and each has its own e-mail: 90 %): "
               "check by hand."),
    # two mailboxes built from the two names are two mailboxes, not one woman's
    ("Kerstin and Kristina on mailboxes of their own names",
     ["Kerstin", "Andersson", "", "kerstin.andersson0@bredband.net", "0920-484 85", *HOME],
     ["Kristina", "Andersson", "", "kristina.andersson0@bredband.net", "+46 920 484 85", *HOME],
     "review", "Possible duplicate of row 2 (same given name (nickname), same family name, similar e-mail, same phone, "
               "same address, but each form of the given name is also a name of its own and each has its own "
               "e-mail: 90 %): check by hand."),
    # the family's mailbox (built from no one's given name) and landline: the home's, not one woman's
    ("Helena and Lena on the family's mailbox and landline",
     ["Helena", "Larsson", "", "familjenolofsson@hotmail.com", "037-942 43 1", *HOME],
     ["Lena", "Olofsson", "720415-3329", "familjenolofsson@hotmail.com", "037 942431", *HOME],
     "review", "Possible duplicate of row 3 (same given name (nickname), same e-mail, same phone, same address, but "
               "each form of the given name is also a name of its own and different family name: 90 %): "
               "check by hand."),
    # what one person holds: the same personal id, the same mobile, a mailbox built from her name
    ("Katarina and Karin with one personal id",
     ["Katarina", "Holm", "681203-2487", "", "", *HOME],
     ["Karin", "Holm", "19681203-2487", "", "", *HOME],
     "sure", "Duplicate of row 2 (same given name (nickname), same family name, same personal id, same address: "
             "100 %)."),
    ("Johanna and Hanna on one mobile, a new mailbox",
     ["Johanna", "Korhonen", "", "johanna98@live.se", "+46 70 267 08 46", *HOME],
     ["Hanna", "Korhonen", "", "johanna.korhonen@gmail.com", "+46702670846", *HOME],
     "sure", "Duplicate of row 2 (same given name (nickname), same family name, same phone, same address: 100 %)."),
    ("Katarina and Karin on her own mailbox",
     ["Katarina", "Holm", "", "katarina.holm@hotmail.com", "", *HOME],
     ["Karin", "Holm", "", "katarina.holm@hotmail.com", "", *HOME],
     "sure", "Duplicate of row 2 (same given name (nickname), same family name, same e-mail, same address: 100 %)."),
    # a short form the register does not carry as a name is its full name, as before
    ("Lasse and Lars on the home's landline",
     ["Lars", "Andersson", "", "", "0913-825 01", *HOME],
     ["Lasse", "Andersson", "", "", "+46 913 825 01", *HOME],
     "sure", "Duplicate of row 2 (same given name (nickname), same family name, same phone, same address: 100 %)."),
])
def test_names_of_their_own(case, left, right, band, note):
    assert band_and_note(left, right) == (band, note), case
