"""Copies the held-out registers (a Finland-Swedish bureau's CRM, a web shop's Shopify export) used to miss, each as
a pair with its band and the sentence the user reads, beside the pairs next to them that must stay apart (issue 9:
recall won back where Rensa read a copy wrong, never by loosening what keeps two people apart).

``None`` for the band: the two rows are in no cluster.
"""

from __future__ import annotations

import datetime

import pytest

from core import CleanConfig, clean
from core.dedup.keys import nick
from tests.core.dedup import bands

HEADER = ["Kundnr", "Företag", "FO-nummer", "Förnamn", "Efternamn", "E-post", "Mobil", "Adress", "Postnummer", "Ort"]
FIRM = ["Kivisen Kalastus Oy", "1214403-6"]
HOME = ["", ""]
# the rest of the register: a colleague on the firm's info@ and switchboard, and a customer elsewhere
OTHERS = [["7", "Sundqvist & Son Oy Ab", "2635778-8", "Ida", "Lindqvist", "ida.lindqvist@sundqvistson.fi",
           "046-594 2454", "Kyrkoesplanaden 51", "00130", "Helsingfors"],
          ["8", *FIRM, "Aino", "Kalliola", "aino@kivisenkalastus.fi", "050 188 2736", "Myllytie 16", "65230", "Vasa"],
          ["9", *FIRM, "Jonas", "Sundell", "info@kivisenkalastus.fi", "06 219 2686", "Myllytie 16", "65230", "Vasa"]]


def band_and_note(left: list[str], right: list[str]) -> tuple[str | None, str]:
    """The band of the cluster holding the two rows, and the note on the second."""
    return bands.band_and_note(HEADER, [left, right, *OTHERS], "FI")


# -- one name in Finnish on one card and in Swedish on the other ---------------------------------------------------
@pytest.mark.parametrize("finnish,swedish", [
    ("Mikko", "mikael"), ("Juha", "johannes"), ("Hannu", "johannes"), ("Johan", "johannes"), ("Antti", "anders"),
    ("Pekka", "per"), ("Lauri", "lars"), ("Mauno", "magnus"), ("Marja", "maria"), ("Maija", "maria"),
    ("Kirsti", "kristina"), ("Leena", "helena"), ("Heikki", "henrik"), ("Matti", "mattias"),
    ("Petri", "petri"),  # Petri is a name of its own, not Pekka's long form
])
def test_finnish_form_is_the_swedish_name(finnish, swedish):
    assert nick(finnish.lower()) == swedish


@pytest.mark.parametrize("case,left,right,band,note", [
    ("Mikko / Mikael on his own work address and mobile",
     ["1", *FIRM, "Mikko", "Ylä-Koivukangas", "mikko@kivisenkalastus.fi", "040 604 7704", "Myllytie 16", "65230",
      "Vasa"],
     ["2", *FIRM, "Mikael", "Ylä-Koivukangas", "mikko@kivisenkalastus.fi", "+358 40 604 7704", "Myllytie 16", "65230",
      "Vasa"],
     "sure", "Duplicate of row 2 (same given name in Finnish and Swedish, same family name, same e-mail, same phone, same address, "
             "same company, same organisation number: 100 %)."),
    ("Juha / Johan at home on his own mailbox and mobile",
     ["1", *HOME, "Johan", "Engfjäll", "johan.engfjall53@gmail.com", "046 302 4229", "Byvägen 38", "65320", "Vasa"],
     ["2", *HOME, "Juha", "Engfjäll", "johan.engfjall53@gmail.com", "046-3024229", "Byvägen 38", "65320", "Vasa"],
     "sure", "Duplicate of row 2 (same given name in Finnish and Swedish, same family name, same e-mail, same phone, same address: "
             "100 %)."),
    ("Marja / Maria on her own mailbox and mobile",
     ["1", *HOME, "Maria", "Magnusson", "maria1970@comhem.se", "+46733709770", "Västra Esplanaden 23", "11251",
      "Stockholm"],
     ["2", *HOME, "Marja", "Magnusson", "maria1970@comhem.se", "+46 (0)73-3709770", "Västra Esplanaden 23", "11251",
      "Stockholm"],
     "sure", "Duplicate of row 2 (same given name in Finnish and Swedish, same family name, same e-mail, same phone, same address: "
             "100 %)."),
    # the forms of one name say nothing of two colleagues with their own addresses and mobiles
    ("Johan and Juha at one firm, each with his own address and mobile",
     ["1", *FIRM, "Johan", "Back", "johan.back@kivisenkalastus.fi", "040 528 3900", "Myllytie 16", "65230", "Vasa"],
     ["2", *FIRM, "Juha", "Back", "juha.back@kivisenkalastus.fi", "044 943 8302", "Myllytie 16", "65230", "Vasa"],
     None, ""),
    # both forms are names of their own in Finland: a father Johan and his son Hannu on the family's mailbox, each
    # with his own mobile, are two people; so are Johan and Jussi at one firm with nothing of their own in common
    ("Johan and Hannu on a family's mailbox, each with his own mobile",
     ["1", *HOME, "Johan", "Karlsson", "familjen.karlsson@hotmail.com", "0732356664", "Skolvägen 90", "76269",
      "Örebro"],
     ["2", *HOME, "Hannu", "Karlsson", "familjen.karlsson@hotmail.com", "+46 76 994 5712", "Skolvägen 90", "76269",
      "Örebro"], "review", "Possible duplicate of row 2 (same given name in Finnish and Swedish, same family name, "
                           "same e-mail, same address, but each form of the given name is also a name of its own "
                           "and each has its own phone: 90 %): check by hand."),
    ("Johan and Jussi at one firm, nothing of their own in common",
     ["1", *FIRM, "Johan", "Karjalainen", "karjalainen.johan@gmail.com", "", "Myllytie 16", "65230", "Vasa"],
     ["2", *FIRM, "Jussi", "Karjalainen", "", "+358 41 778 1224", "Myllytie 16", "65230", "Vasa"],
     "review", "Possible duplicate of row 2 (same given name in Finnish and Swedish, same family name, same address, "
               "same company, same organisation number, but each form of the given name is also a name of its "
               "own: 90 %): check by hand."),
    # the firm's info@ and a switchboard only these two hold prove nothing of one person: a landline is the firm's,
    # and holders are counted by the name's sound, which reads the two forms as one holder
    ("Johan and Jussi at Karjalainen Oy on info@ and the switchboard",
     ["1", "Karjalainen Oy", "0737546-2", "Johan", "Karjalainen", "info@karjalainen.fi", "09 123 4567",
      "Mannerheimintie 5", "00100", "Helsingfors"],
     ["2", "Karjalainen Oy", "0737546-2", "Jussi", "Karjalainen", "info@karjalainen.fi", "09 123 4567",
      "Mannerheimintie 5", "00100", "Helsingfors"],
     "review", "Possible duplicate of row 2 (same given name in Finnish and Swedish, same family name, same e-mail, same phone, "
               "same address, same company, same organisation number, but each form of the given name is also a "
               "name of its own: 90 %): check by hand."),
    # Pekka and Petri are two names: on a family's mailbox, two people of one household
    ("Pekka and Petri on a family's mailbox",
     ["1", *HOME, "Pekka", "Turunen", "turunen.fam@gmail.com", "", "Kauppapuistikko 60", "65200", "Vasa"],
     ["2", *HOME, "Petri", "Turunen", "turunen.fam@gmail.com", "", "Kauppapuistikko 60", "65200", "Vasa"],
     None, ""),
])
def test_finland_swedish_names(case, left, right, band, note):
    assert band_and_note(left, right) == (band, note), case


# the label says what the two names are, in every language, and next to the held-back part (session 8's drive: a
# Finnish form read "same given name (nickname)" beside "each form of the given name is also a name of its own");
# a Swedish nickname of the same name is still a nickname
JOHAN = ["1", *HOME, "Johan", "Karlsson", "familjen.karlsson@hotmail.com", "0732356664", "Skolvägen 90", "76269",
         "Örebro"]


@pytest.mark.parametrize("given,mobile,language,label", [
    # a father Johan and his son Hannu on the family's mailbox, each with his own mobile: held back
    ("Hannu", "+46 76 994 5712", "sv", "samma förnamn på finska och svenska"),
    ("Hannu", "+46 76 994 5712", "fi", "sama etunimi suomeksi ja ruotsiksi"),
    ("Hannu", "+46 76 994 5712", "nb", "samme fornavn på finsk og svensk"),
    ("Hannu", "+46 76 994 5712", "da", "samme fornavn på finsk og svensk"),
    ("Hannu", "+46 76 994 5712", "en", "same given name in Finnish and Swedish"),
    # Johan as Hannes on his own mobile: one person, and Hannes is Johannes' short form
    ("Hannes", "073-235 66 64", "en", "same given name (nickname)"),
    ("Hannes", "073-235 66 64", "sv", "samma förnamn (smeknamn)"),
])
def test_a_finnish_form_is_named_as_one(given, mobile, language, label):
    other = ["2", *HOME, given, "Karlsson", "familjen.karlsson@hotmail.com", mobile, "Skolvägen 90", "76269", "Örebro"]
    result = clean((HEADER, [JOHAN, other, *OTHERS]),
                   CleanConfig(today=datetime.date(2026, 12, 1), country="FI", language=language))
    (note,) = [i.message for i in result.issues if i.row == 2 and i.code in ("row.duplicate", "row.possible_duplicate")]
    assert f"({label}, " in note
    (group,) = [c for c in result.duplicates if c.rows == [1, 2]]
    assert group.reasons[0] == ("same given name (nickname)" if given == "Hannes" else
                                "same given name in Finnish and Swedish")


# -- a Shopify export: a newsletter sign-up is its mailbox's holder, beside her other cards --------------------------
SHOP = ["Customer ID", "First Name", "Last Name", "Email", "Default Address Address1", "Default Address City",
        "Default Address Zip", "Phone", "Tags"]
ANNE = ["Anne", "Nordbøset", "anne.n@gmail.com", "Tollbugata 102", "Stavanger", "4025", "+4792380653", ""]
# her copy from the old WooCommerce shop, with her work address
ANNE_AT_WORK = ["Anne", "Nordbøset", "a.nordboset@altibox.no", "Tollbugata 102", "Stavanger", "4025", "0047 92380653",
                "woocommerce"]
CUSTOMERS = [["4", "Per", "Holm", "per.holm@gmail.com", "Lillgata 3", "Oslo", "0155", "+47 915 55 122", ""],
             ["5", "Kari", "Lund", "kari.lund@online.no", "Bergveien 9", "Bergen", "5003", "+47 915 55 344", ""]]


def group_and_note(rows: list[list[str]], row: int) -> tuple[list[int] | None, str | None, str]:
    """The rows and band of the cluster holding data row ``row``, and the note on it."""
    result = clean((SHOP, [*rows, *CUSTOMERS]), CleanConfig(today=datetime.date(2026, 12, 1), country="NO"))
    cluster = next((c for c in result.duplicates if row in c.rows), None)
    notes = [i.message for i in result.issues if i.row == row and i.code in ("row.duplicate", "row.possible_duplicate")]
    return (cluster.rows, cluster.band) if cluster else (None, None), " ".join(notes)


@pytest.mark.parametrize("case,signup,group,note", [
    # the sign-up shares nothing with her work-address card, and nothing of it differs from it but the mailbox: it
    # joins her group, and its note names the card whose mailbox it repeats
    ("a nameless sign-up on her own mailbox", ["3", "", "", "anne.n@gmail.com", "", "", "", "", "nyhedsbrev"],
     ([1, 2, 3], "sure"), "Duplicate of row 2 (same e-mail: 95 %)."),
    ("a sign-up with her given name", ["3", "Anne", "", "anne.n@gmail.com", "", "", "", "", "nyhetsbrev"],
     ([1, 2, 3], "sure"), "Duplicate of row 2 (same given name, same e-mail: 95 %)."),
    # another given name on her mailbox is someone else of the household signing up: not hers
    ("a sign-up with another given name", ["3", "Per", "", "anne.n@gmail.com", "", "", "", "", "nyhetsbrev"],
     (None, None), ""),
])
def test_sign_up_joins_its_holders_group(case, signup, group, note):
    rows = [["1", *ANNE], ["2", *ANNE_AT_WORK], signup]
    assert group_and_note(rows, 3) == (group, note), case


# -- one number in Shopify's two phone columns: "Phone" on one card, "Default Address Phone" on the next -------------
SHOP_PHONES = ["Customer ID", "First Name", "Last Name", "Email", "Default Address Address1", "Default Address City",
               "Default Address Zip", "Default Address Phone", "Phone"]
NEIGHBOURS = [["4", "Per", "Holm", "per.holm@gmail.com", "Lillgata 3", "Oslo", "0155", "+47 915 55 122", ""],
              ["5", "Kari", "Lund", "kari.lund@online.no", "Bergveien 9", "Bergen", "5003", "", "'+4791555344"]]


def shop_band_and_note(left: list[str], right: list[str], *others: list[str]) -> tuple[str | None, str]:
    result = clean((SHOP_PHONES, [left, right, *others, *NEIGHBOURS]),
                   CleanConfig(today=datetime.date(2026, 12, 1), country="NO"))
    band = next((c.band for c in result.duplicates if {1, 2} <= set(c.rows)), None)
    notes = [i.message for i in result.issues if i.row == 2 and i.code in ("row.duplicate", "row.possible_duplicate")]
    return band, " ".join(notes)


@pytest.mark.parametrize("case,left,right,others,band,note", [
    # his mobile as the account's phone on one card and as the delivery phone on the other (the home's landline
    # there): one man who changed mailbox, not two people at one address with a number each
    ("his mobile in the other column, another mailbox",
     ["1", "Geir", "Sørgjerdeset", "geirsor@gmail.com", "Nordre gate 95", "Kristiansand", "4625", "77535962",
      "'+4796652076"],
     ["2", "Geir", "Sørgjerdeset", "geirsorgjerdeset@gmail.com", "Nordre gate 95", "Kristiansand", "4625",
      "+4796652076", ""], [], "sure",
     "Duplicate of row 2 (same given name, same family name, same phone in another column, same address: 100 %)."),
    # the same with nothing in the first card's delivery phone: the second column is read though the first is empty
    # there (before: "phone missing", and the two mailboxes held him back at 73 %)
    ("his mobile in the other column, nothing in the first card's delivery phone",
     ["1", "Geir", "Sørgjerdeset", "geirsor@gmail.com", "Nordre gate 95", "Kristiansand", "4625", "",
      "'+4796652076"],
     ["2", "Geir", "Sørgjerdeset", "geirsorgjerdeset@gmail.com", "Nordre gate 95", "Kristiansand", "4625",
      "+4796652076", ""], [], "sure",
     "Duplicate of row 2 (same given name, same family name, same phone in another column, same address: 100 %)."),
    # a son on his father's mobile as the delivery phone, each with his own mobile as the account's phone: two men
    ("his father's mobile as the delivery phone, each his own Phone",
     ["1", "Geir", "Sørgjerdeset", "geirsor@gmail.com", "Nordre gate 95", "Kristiansand", "4625", "+4796652076",
      "'+4796652076"],
     ["2", "Geir", "Sørgjerdeset", "geir.s@hotmail.com", "Nordre gate 95", "Kristiansand", "4625", "96652076",
      "'+4741887215"], [], None, ""),
    # a number two people of the register hold (the home's landline, typed in either column) is no one's own: one
    # name at one home on two mailboxes stays a case to check, as without the second column
    ("a home's landline in the other column",
     ["1", "Geir", "Sørgjerdeset", "geirsor@gmail.com", "Nordre gate 95", "Kristiansand", "4625", "", "'+4738012345"],
     ["2", "Geir", "Sørgjerdeset", "geirsorgjerdeset@gmail.com", "Nordre gate 95", "Kristiansand", "4625",
      "38 01 23 45", ""],
     [["3", "Liv", "Sørgjerdeset", "liv.s@gmail.com", "Nordre gate 95", "Kristiansand", "4625", "38012345", ""]],
     "review", "Possible duplicate of row 2 (same given name, same family name, same address, but each has its own "
               "e-mail: 73 %): check by hand."),
])
def test_one_number_in_two_phone_columns(case, left, right, others, band, note):
    assert shop_band_and_note(left, right, *others) == (band, note), case


def test_what_holds_two_forms_back_is_said_in_swedish():
    left = ["1", *FIRM, "Johan", "Karjalainen", "karjalainen.johan@gmail.com", "", "Myllytie 16", "65230", "Vasa"]
    right = ["2", *FIRM, "Jussi", "Karjalainen", "", "+358 41 778 1224", "Myllytie 16", "65230", "Vasa"]
    result = clean((HEADER, [left, right, *OTHERS]), CleanConfig(today=datetime.date(2026, 12, 1), country="FI",
                                                                 language="sv"))
    notes = [i.message for i in result.issues if i.row == 2 and i.code == "row.possible_duplicate"]
    assert notes and "varje form av förnamnet är också ett eget namn" in notes[0]


def test_a_possible_duplicate_names_the_finnish_form_too():
    """A row no sure group holds says the same of its names against the group's row (core.dedup.possible): Hannu at
    the home of Johan, whose two cards are one customer."""
    johan = ["Johan", "Engfjäll", "johan.engfjall53@gmail.com", "046 302 4229", "Byvägen 38", "65320", "Vasa"]
    rows = [["1", *HOME, *johan], ["2", *HOME, *johan],
            ["3", *HOME, "Hannu", "Engfjäll", "", "", "Byvägen 38", "65320", "Vasa"], *OTHERS]
    result = clean((HEADER, rows), CleanConfig(today=datetime.date(2026, 12, 1), country="FI", language="sv"))
    (found,) = result.possible_duplicates
    assert (found.row, found.pairs[0].reasons[0]) == (3, "same given name in Finnish and Swedish")
    (note,) = [i.message for i in result.issues if i.row == 3]
    assert note.startswith("Möjlig dubblett av rad 2 (samma förnamn på finska och svenska, samma efternamn, ")
