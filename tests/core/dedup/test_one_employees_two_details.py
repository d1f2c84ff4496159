"""One employee's private and work mailboxes, or mobile and desk line, are not two people's (issue 9, session 10).

At one company, a pair of one whole name whose own mailboxes differ is held back as two namesake colleagues. But a
webmail or ISP address on one card (anna409@gmail.com) and an address at a company's domain on the other
(anna@sydtra.fi) are the two mailboxes one employee has, given on two occasions: on the held-out SE/FI and bureau
registers every such pair at one company was one person. Two work addresses that differ, and the same two
mailboxes at one home (a family), stay apart.

Likewise a mobile on one card and a landline on the other, both on the firm's shared mailbox (post@): measured on
the B2B, Danish and SE/FI registers at 5k and 50k, every such pair of one whole name was one person, while two own
mobiles on a shared mailbox were two people in 5 of 40 (a father and son on the firm's info@), and a desk line beside
an own work mailbox (ole.larsen8@: the firm has several Ole Larsens) is a namesake's as often. At a firm named after
the family (Haugen Bygg) a father and the son named after him may both give post@: such a pair is held back too.
"""

from __future__ import annotations

import pytest

from tests.core.dedup import bands

HEADER = ["Kundnr", "Företag", "FO-nummer", "Förnamn", "Efternamn", "E-post", "Telefon", "Adress", "Postnummer", "Ort"]
FIRM = ["Syd Trä Oy", "2270955-5"]
AT_FIRM = ["Köpmansgatan 88", "00734", "Helsingfors"]
# the rest of the register: a customer elsewhere, a colleague on her own mailbox, one on the firm's info@ and switchboard
OTHERS = [["7", "Sundqvist & Son Oy Ab", "2635778-8", "Ida", "Lindqvist", "ida.lindqvist@sundqvistson.fi",
           "046-594 2454", "Kyrkoesplanaden 51", "00130", "Helsingfors"],
          ["8", *FIRM, "Aino", "Kalliola", "aino@sydtra.fi", "050 188 2736", *AT_FIRM],
          ["9", *FIRM, "Jonas", "Sundell", "info@sydtra.fi", "09 220 0536", *AT_FIRM]]


@pytest.mark.parametrize("case,left,right,band,note", [
    ("private mailbox and work mailbox on the switchboard",
     ["1", *FIRM, "Anna", "Mäkinen", "anna409@gmail.com", "09 220 0536", *AT_FIRM],
     ["2", *FIRM, "Anna", "Mäkinen", "anna@sydtra.fi", "09 220 0536", *AT_FIRM],
     "sure", "Duplicate of row 2 (same given name, same family name, same phone, same address, same company, "
             "same organisation number: 99 %)."),
    ("private mailbox without a phone, work mailbox and mobile",
     ["1", *FIRM, "Anna", "Mäkinen", "anna409@gmail.com", "", *AT_FIRM],
     ["2", *FIRM, "Anna", "Mäkinen", "anna@sydtra.fi", "040 604 7704", *AT_FIRM],
     "sure", "Duplicate of row 3 (same given name, same family name, same address, same company, "
             "same organisation number: 99 %)."),
    ("two work mailboxes: two namesake colleagues as often as one",
     ["1", *FIRM, "Anna", "Mäkinen", "anna.makinen@sydtra.fi", "09 220 0536", *AT_FIRM],
     ["2", *FIRM, "Anna", "Mäkinen", "a.makinen@sydtra.fi", "09 220 0536", *AT_FIRM],
     "review", "Possible duplicate of row 2 (same given name, same family name, same phone, same address, "
               "same company, same organisation number, but each has its own e-mail: 73 %): check by hand."),
    ("at one home, each with a mailbox and a mobile of her own: mother and daughter",
     ["1", "", "", "Anna", "Mäkinen", "anna409@gmail.com", "040 111 2233", "Byvägen 38", "65320", "Vasa"],
     ["2", "", "", "Anna", "Mäkinen", "anna@sydtra.fi", "040 604 7704", "Byvägen 38", "65320", "Vasa"],
     None, ""),
])
def test_private_and_work_mailbox(case, left, right, band, note):
    got_band, got_note = bands.band_and_note(HEADER, [left, right, *OTHERS], "FI", note_rows=(1, 2))
    assert got_band == band, case
    assert got_note == note, case


NO_HEADER = ["Kundenr", "Firma", "Org.nr", "Fornavn", "Etternavn", "E-post", "Telefon", "Adresse", "Postnr", "Sted"]
NO_FIRM = ["Norsk Handel AS", "902326197"]
NO_AT = ["Dronningens gate 70", "3270", "Drammen"]
NO_OTHERS = [["7", "Polar Elektro AS", "936998267", "Kari", "Nordmann", "kari.nordmann@polarelektro.no", "927 87 412",
              "Øvre gate 76", "1939", "Fredrikstad"],
             ["8", *NO_FIRM, "Aino", "Berg", "post@norskhandel.no", "32 27 79 00", *NO_AT],
             ["9", *NO_FIRM, "Jonas", "Dahl", "jonas.dahl@norskhandel.no", "32 27 79 00", *NO_AT],
             ["10", "Haugen Bygg AS", "987653000", "Kari", "Haugen", "post@haugenbygg.no", "32 27 70 00", *NO_AT]]
HELD = ("Possible duplicate of row 2 (same given name, same family name, {email}same address, same company, "
        "same organisation number, but each has its own phone: 80 %): check by hand.")


@pytest.mark.parametrize("case,left,right,band,note", [
    ("desk line and mobile on the firm's post@",
     ["1", *NO_FIRM, "Ole", "Larsen", "post@norskhandel.no", "32 27 79 43", *NO_AT],
     ["2", *NO_FIRM, "Ole", "Larsen", "post@norskhandel.no", "413 03 113", *NO_AT],
     "sure", "Duplicate of row 2 (same given name, same family name, same e-mail, same address, same company, "
             "same organisation number: 99 %)."),
    ("two own mobiles on the firm's post@: a father and son as often as one man",
     ["1", *NO_FIRM, "Ole", "Larsen", "post@norskhandel.no", "922 27 943", *NO_AT],
     ["2", *NO_FIRM, "Ole", "Larsen", "post@norskhandel.no", "413 03 113", *NO_AT],
     "review", HELD.format(email="same e-mail, ")),
    ("desk line and mobile on post@ of a firm named after the family: Tor Haugen and the son named after him",
     ["1", "Haugen Bygg AS", "987653000", "Tor", "Haugen", "post@haugenbygg.no", "32 27 79 43", *NO_AT],
     ["2", "Haugen Bygg AS", "987653000", "Tor", "Haugen", "post@haugenbygg.no", "413 03 113", *NO_AT],
     "review", HELD.format(email="same e-mail, ")),
    ("desk line beside an own numbered work mailbox, mobile on post@: one of the firm's Ole Larsens",
     ["1", *NO_FIRM, "Ole", "Larsen", "ole.larsen8@norskhandel.no", "32 27 79 43", *NO_AT],
     ["2", *NO_FIRM, "Ole", "Larsen", "post@norskhandel.no", "413 03 113", *NO_AT],
     "review", HELD.format(email="")),
])
def test_desk_line_and_mobile_on_a_shared_mailbox(case, left, right, band, note):
    got_band, got_note = bands.band_and_note(NO_HEADER, [left, right, *NO_OTHERS], "NO", note_rows=(1, 2))
    assert got_band == band, case
    assert got_note == note, case
