"""Conditions answered from per-value tables (worked out once per register, for speed) agree, pair by pair, with
their definitions on the two strings: every pair of a small register of real name and mailbox shapes."""

from itertools import combinations

import numpy as np
import pytest
from rapidfuzz import distance

from core.dedup import prepare
from core.dedup.conditions import (
    FirstPart,
    MailboxSlip,
    MiddleDiffers,
    NotTwoDoubles,
    Swapped,
    _first_part,
    _made_from,
    _mailbox_slip,
    _middle_differs,
)
from core.dedup.keys import nick

# given name, family name, e-mail: double names, middle names, swapped names, patronymics, nicknames, slips
ROWS = [
    ["Lars", "Larsen", "lars.larsen@gmail.com"],
    ["Lars Thomas", "Berg", "larsthomas@telia.com"],
    ["Berg", "Lars", "larsthomasx@telia.com"],
    ["Anna Maria", "Lund", "swallin@hotmail.com"],
    ["Anna Karin", "Lund", "swalli@hotmail.com"],
    ["Anna", "Maria", "fholm@gmail.com"],
    ["Kalle", "Karlsson", "kholm@gmail.com"],
    ["Karl", "Kallesen", "kari.olsen2@firma.no"],
    ["Per Jonh", "Jensen", "kari.olsen@firma.no"],
    ["Per John", "Jnsen", "anna.berg@x.se"],
    ["Jensen", "Per", "annaberg@x.se"],
    ["Ola", "Nordmann", "filippersson@gmail.com"],
    ["Nordman", "Ola", "filipperssoq@gmail.com"],
    ["Jan", "Ajn", "filipperson@gmail.com"],
    ["Thomas", "Thomsen", ""],
    ["Anna-Camilla", "Ek", "a@b"],
    ["Anna-Malin", "Ek", ""],
    ["", "Ek", "anna.ek@ek.se"],
]


@pytest.fixture(scope="module")
def register():
    scorer = prepare(["Förnamn", "Efternamn", "E-post"], ROWS, ["given_name", "family_name", "email"])
    pairs = np.array(list(combinations(range(len(ROWS)), 2)) + [(b, a) for a, b in combinations(range(len(ROWS)), 2)])
    return scorer, pairs[:, 0], pairs[:, 1]


def _values(scorer, name, rows):
    key = scorer.keys[name]
    return [str(key.values[code]) if code >= 0 else None for code in key.codes[rows]]


def _swapped(x, y, other_y, threshold):
    if x is None or y is None or other_y is None:
        return False
    alike = distance.JaroWinkler.similarity(x, other_y) >= threshold or nick(x) == nick(other_y) or (
        distance.OSA.distance(x, other_y) <= 1 and min(len(x), len(other_y)) >= 3)
    return alike and not _made_from(x, other_y)


@pytest.mark.parametrize("condition,name,definition", [
    (FirstPart("given"), "given", _first_part),
    (MiddleDiffers("given"), "given", _middle_differs),
    (NotTwoDoubles("given"), "given", lambda x, y: " " not in x or " " not in y or x == y),
    (MailboxSlip("email_meant"), "email_meant", _mailbox_slip),
])
def test_a_condition_holds_as_its_definition_on_every_pair(register, condition, name, definition):
    scorer, i, j = register
    got = condition.holds(scorer, i, j)
    expected = [x is not None and y is not None and definition(x, y)
                for x, y in zip(_values(scorer, name, i), _values(scorer, name, j))]
    assert got.tolist() == expected
    assert any(expected)  # the register has pairs where it holds


@pytest.mark.parametrize("key,other", [("given", "family"), ("family", "given")])
def test_swapped_names_hold_as_their_definition_on_every_pair(register, key, other):
    scorer, i, j = register
    got = Swapped(key, 0.9, other=other).holds(scorer, i, j)
    expected = [_swapped(x, y, o, 0.9) for x, y, o in
                zip(_values(scorer, key, i), _values(scorer, key, j), _values(scorer, other, j))]
    assert got.tolist() == expected
    assert any(expected)
