"""A birth date written without its year (Mailchimp's Birthday merge field, 03/25): one customer in 365 shares the
day, so only the same day counts (weighed by how many rows hold it), and a digit off is another day, not a slip."""

from __future__ import annotations

import random

import numpy as np
import pytest

from core.dedup import DedupConfig, find_duplicates, prepare
from core.dedup.blocking import candidate_pairs
from core.dedup.keys import birthday_key

HEADER = ["Email Address", "First Name", "Last Name", "Phone Number", "Birthday"]
ROLES = ["email", "given_name", "family_name", "phone", "birth_date"]
GIVEN = "sari anna maria liisa eeva mikko juha antti pekka jari timo elina".split()
FAMILY = "turunen virtanen korhonen nieminen makinen hamalainen laine heikkinen koskinen".split()


@pytest.mark.parametrize("value,expected", [
    ("03/25", "0325"),          # Mailchimp's export: MM/DD
    ("3/5", "0305"),
    ("25.3.", "2503"),          # a Nordic form's day and month
    ("25-03", "2503"),
    ("1985-03-25", ""),         # a whole date is birth_key's
    ("25.3.1985", ""),
    ("850325", ""),
    ("00/12", ""),
    ("", ""),
])
def test_birthday_key(value, expected):
    assert birthday_key(value) == expected


def _audience(birthdays: bool) -> list[list[str]]:
    """Subscribers on addresses of their own with a phone and (with ``birthdays``) a year-less birthday, else a whole
    birth date; every tenth signed up twice on another mailbox with the same phone and day."""
    rng = random.Random(5)
    rows = []
    for n in range(1500):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        born = f"{month:02d}/{day:02d}" if birthdays else f"{rng.randint(1950, 2000)}-{month:02d}-{day:02d}"
        row = [f"{given}.{family}{n}@example.fi", given.title(), family.title(), f"040 {n:07d}", born]
        rows.append(row)
        if n % 10 == 0:
            rows.append([f"{given[0]}{family}{n}@gmail.com", *row[1:]])
    return rows


def _levels(rows: list[list[str]], i: int, j: int) -> dict[str, str]:
    config = DedupConfig(country="FI")
    scorer = prepare(HEADER, rows, ROLES, config)
    levels = scorer.levels(np.array([i]), np.array([j]))
    return {c.name: str(c.levels[levels[row, 0]].label) for row, c in enumerate(scorer.comparisons)}


@pytest.mark.parametrize("case,first,second,label", [
    ("the same day", "03/25", "03/25", "same birthday (day and month)"),
    # a digit off in a day without its year is another customer's day about as often as a slip: no evidence for one
    # person, but two days (before: "birth date one digit off", counted for the pair)
    ("a digit off", "03/25", "03/26", "different birthday"),
    ("day and month swapped", "03/04", "04/03", "different birthday"),
])
def test_a_birthday_without_year_is_compared_as_a_day(case, first, second, label):
    sari = ["sari_turunen@pp.inet.fi", "Sari", "Turunen", "", first]
    other = ["sturunen@icloud.com", "Sari", "Turunen", "", second]
    assert _levels([sari, other, *_audience(birthdays=True)], 0, 1)["dob"] == label, case


def test_a_whole_birth_date_keeps_its_slip_levels():
    sari = ["sari_turunen@pp.inet.fi", "Sari", "Turunen", "", "1985-03-25"]
    other = ["sturunen@icloud.com", "Sari", "Turunen", "", "1985-03-26"]
    assert _levels([sari, other, *_audience(birthdays=False)], 0, 1)["dob"] == "birth date one digit off"


def test_two_namesakes_a_day_apart_are_not_one_subscriber():
    """Two Sari Turunens on their own mailboxes with nothing in common but the name, born a day apart (03/25, 03/26),
    are not a sure pair; the same register's copies (same phone and day on another mailbox) still are."""
    sari = ["sari_turunen@pp.inet.fi", "Sari", "Turunen", "", "03/25"]
    other = ["sturunen@icloud.com", "Sari", "Turunen", "", "03/26"]
    rows = [sari, other, *_audience(birthdays=True)]
    config = DedupConfig(country="FI")
    scorer = prepare(HEADER, rows, ROLES, config)
    pairs, _ = candidate_pairs(scorer.keys, max_block=config.max_block, window=config.window)
    scorer.fit(pairs[:, 0], pairs[:, 1], scorer.levels(pairs[:, 0], pairs[:, 1]), len(rows) * (len(rows) - 1) // 2)
    i, j = np.array([0]), np.array([1])
    assert scorer.apart(scorer.levels(i, j), i, j)[0]  # two days: two people, as two whole birth dates are
    result = find_duplicates(HEADER, rows, ROLES, {"country": "FI"})
    assert not any({1, 2} <= set(c.rows) for c in result.clusters if c.band == "sure")
    copies = sum(1 for c in result.clusters if c.band == "sure" and len(c.rows) == 2 and c.rows[1] - c.rows[0] == 1)
    assert copies >= 100  # of the 150 signed up twice
