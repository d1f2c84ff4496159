"""A firm's ledger or bookkeeping mailbox (reskontra@, reskontro@, kirjanpito@) is the firm's, like faktura@.

Two colleagues of one name at one firm, each on his own mobile, both on the firm's shared mailbox: the mailbox says
"same firm", not "same person", so the pair is only to review ("each has its own phone"). Before session 8 the
ledger mailboxes were read as one person's (no one else held them), which made such a pair a sure duplicate.
"""

from __future__ import annotations

import datetime

import pytest

from core import CleanConfig, clean

HEADER = ["Kundnr", "Navn", "Firma", "Org.nr", "E-post", "Telefon", "Adresse", "Postnr", "Sted"]
OTHERS = [["1101", "Ola Berg", "Haugen Bygg AS", "923456783", "faktura@haugenbygg.no", "22 33 44 55", "Storgata 1",
           "0155", "Oslo"],
          ["1104", "Nils Lie", "Lie Regnskap AS", "987654325", "post@lieregnskap.no", "55 66 77 88", "Bryggen 4",
           "5003", "Bergen"]]


def colleague(number: str, mailbox: str, mobile: str) -> list[str]:
    return [number, "Anders Østlund", "Østlunds Transport AS", "914778271", mailbox, mobile, "Storgata 9", "9008",
            "Tromsø"]


@pytest.mark.parametrize("local", ["reskontra", "reskontro", "kirjanpito", "faktura"])
def test_a_firms_ledger_mailbox_is_shared(local):
    mailbox = f"{local}@ostlundstransport.no"
    rows = [colleague("2001", mailbox, "915 55 123"), colleague("2002", mailbox, "916 66 234"), *OTHERS]
    result = clean((HEADER, rows), CleanConfig(today=datetime.date(2026, 12, 1), country="NO"))
    assert [c.band for c in result.duplicates if {1, 2} <= set(c.rows)] == ["review"]
    assert [i.message for i in result.issues if i.row in (1, 2) and i.code == "row.possible_duplicate"] == [
        "Possible duplicate of row 2 (same given name, same family name, same e-mail, same address, same company, "
        "same organisation number, but each has its own phone: 80 %): check by hand."]
