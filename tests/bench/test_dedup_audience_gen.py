"""The sixth held-out register (bench/dedup_audience_gen.py): a Nordic newsletter audience as Mailchimp exports it.

The bench scores ``rensa dedupe`` against this register's truth, so these check what a real export holds:
Mailchimp's header, one row per address, a mailbox's variants only on its one holder's rows, the address cell
and the birthday in Mailchimp's formats, increasing member ids, and the linkability judge on pairs of rows.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from email_validator import EmailNotValidError, validate_email

from bench import dedup_audience_gen as audience

ROWS, SEED = 3000, 11


@pytest.fixture(scope="module")
def register():
    return audience.generate(ROWS, SEED)


def test_the_same_seed_gives_the_same_register(register):
    assert audience.generate(ROWS, SEED) == register


def test_mailchimps_header_and_one_truth_per_row(register):
    table, truth = register
    assert audience.HEADER[:6] == ["Email Address", "First Name", "Last Name", "Address", "Phone Number", "Birthday"]
    assert len(table) == len(truth) == ROWS
    assert [row[audience.LEID] for row in table] == [leid for leid, _ in truth]


def test_one_row_per_address_and_a_mailbox_on_its_holders_rows_only(register):
    table, truth = register
    assert len({row[audience.EMAIL].lower() for row in table}) == len(table)
    holders = defaultdict(set)
    for row, (_, entity) in zip(table, truth, strict=True):
        holders[audience._gmail_key(row[audience.EMAIL])].add(entity)
    assert all(len(people) == 1 for people in holders.values())


def test_values_are_as_mailchimp_writes_them(register):
    table, _ = register
    leids = [int(row[audience.LEID]) for row in table]
    assert leids == sorted(leids) and len(set(leids)) == len(leids)
    for row in table:
        assert not row[audience.BIRTHDAY] or re.fullmatch(r"(0[1-9]|1[0-2])/[0-2]\d", row[audience.BIRTHDAY])
        if row[audience.ADDRESS]:
            street, city, postcode, country = row[audience.ADDRESS].split("  ")
            assert country == row[audience.CC] and re.fullmatch(r"[\d ]{4,6}", postcode)
    for row in table[:500]:  # a mistyped domain (gmial.com) is still an address the form accepts
        try:
            validate_email(row[audience.EMAIL], check_deliverability=False)
        except EmailNotValidError as error:
            pytest.fail(f"{row[audience.EMAIL]}: {error}")


def _row(email: str, first: str = "", last: str = "", address: str = "", phone: str = "", birthday: str = "") -> list:
    row = [""] * len(audience.HEADER)
    row[audience.EMAIL], row[audience.FIRST], row[audience.LAST] = email, first, last
    row[audience.ADDRESS], row[audience.PHONE], row[audience.BIRTHDAY] = address, phone, birthday
    return row


@pytest.mark.parametrize("x,y,linkable", [
    (_row("lena796@gmail.com"), _row("lena.796@gmail.com", "Lena", "Jönsson"), True),  # one Gmail mailbox
    (_row("anne.h2@gmail.com"), _row("anne.h2+tilbud@gmail.com", "Anne"), True),
    (_row("geir.h@gmail.com", "Geir"), _row("geir.h@gmial.com"), True),  # the domain mistyped
    (_row("kerstin.p@yahoo.se", "Kerstin", "Persson"), _row("kesrtin.p@yahoo.se"), True),  # two letters swapped
    (_row("mlarsson@gmail.com", "Maria", "Larsson", birthday="03/27"),
     _row("maria.l@hotmail.com", "Maria", "Larsson", birthday="03/27"), True),
    (_row("sommarbarn43@yahoo.no", "Anne", "Andersen"), _row("fam.andersen@hotmail.com", "Anne"), False),  # names only
    (_row("mlarsson@gmail.com", "Maria", "Larsson"), _row("mlarsson@hotmail.com", "Maria", "Larsson"), False),
    (_row("per.lind@gmail.com", "Per", "Lind"), _row("perlind@gmail.com", "Anna", "Lind"), False),  # another name
])
def test_linkable_pairs(x, y, linkable):
    assert audience.linkable(x, y) is linkable
