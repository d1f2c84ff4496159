"""A fifth held-out register for issue 9: a Nordic web shop's customer export, in Shopify's own columns.

    python bench/dedup_shop_gen.py --rows 5000 --seed 61 --out shop.csv --findability

The shop is a Norwegian coffee and tea web shop (Oslo) that also sells to Danish and a few Swedish customers
and to offices, and mails its newsletter to the same list. Its register is the Google Sheet it keeps from
Shopify's customer export (the real header row: Customer ID, First Name, ... Tags), to which it has added
the customers of its old WooCommerce shop, the sign-ups of the newsletter pop-up and market stalls, and the
offices it invoices by hand. Shopify's own rule that a customer's e-mail and phone are unique therefore holds
only within Shopify; across the sheet a newsletter sign-up repeats a buyer's e-mail and a family mailbox is
on several rows, as in real sheets.

Who is in it (rates in ``RATES`` and ``COPY_KINDS``; ``shape`` and ``build``'s counts say what came out):
- households of one to four customers at one address: spouses (a shared family mailbox, a home landline, now
  and then the partner's mobile as the delivery phone), grown children, two siblings on one gmail account;
  father and son with one whole name at one address (farms and family firms); twins with names alike;
- offices: colleagues with the company's address, switchboard and often a shared order@/innkjop@/indkob@
  mailbox; a few company-only rows (no person), some of them twice;
- names at Statistics Norway's / Danmarks Statistik's frequencies, so namesakes in one city are as common as
  they are (Jensen, Nielsen, Hansen); a person's copies are other rows of the same entity in the truth.

Copies (about one person in ten, one office buyer in seven; later rows): a guest checkout with another of the
person's mailboxes; a newsletter sign-up with the buyer's e-mail (often no name); a move (new address, often a
new phone); a new mailbox (another provider, or a new job at another firm); a married name; a keyboard slip in
a name; a typo in the mail domain (gmial.com); the gmail address with or without its dots (one mailbox); name
order swapped; a nickname or one part of a double given name (Kristoffer / Kris, Jens Peter / Jens); capitals
and spaces; fields left out; an office buyer who once bought privately; the address typed another way
(Storgt. 12 b). The phone is written as the person typed it (912 34 567, +47 912 34 567, 0047 91234567,
20 12 34 56, 070-123 45 67), the customer's Phone column as Shopify writes it ('+4791234567).

Columns a user would not compare: Customer ID (Shopify's increasing 13-digit ids, written '7012345678901 as
Shopify exports them), Total Spent, Total Orders, Tags (with import dates), Note (free text, often naming
another customer), Tax Exempt, the consent flags.

The truth: one entity per person (``p…``) and per company-only card (``c…``); a person keeps one entity across
a move, a new job and a new name. ``findability`` measures the share of true pairs a careful human could not
link from the rows, ``lookalikes`` the pairs of two people a careful human would take for one (both are kept
near zero by construction, and the tests hold them there).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from rapidfuzz.distance import OSA

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _register_files import write_register  # noqa: E402

HEADER = ["Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing", "Default Address Company",
          "Default Address Address1", "Default Address Address2", "Default Address City",
          "Default Address Province Code", "Default Address Country Code", "Default Address Zip",
          "Default Address Phone", "Phone", "Accepts SMS Marketing", "Total Spent", "Total Orders", "Note",
          "Tax Exempt", "Tags"]
(ID, FIRST, LAST, EMAIL, ACCEPTS_EMAIL, COMPANY, ADDRESS1, ADDRESS2, CITY, PROVINCE, COUNTRY, ZIP, ADDRESS_PHONE,
 PHONE, ACCEPTS_SMS, SPENT, ORDERS, NOTE, TAX_EXEMPT, TAGS) = range(len(HEADER))

# Every rate the register is built with (shares of the unit they name); ``shape`` counts what came out.
RATES = {
    "country": {"NO": 0.58, "DK": 0.34, "SE": 0.08},  # the shop is Norwegian; Denmark is its second market
    "office_unit": 0.07,  # a unit is an office (1-6 buyers) rather than a household
    "household_size": {1: 0.80, 2: 0.14, 3: 0.045, 4: 0.015},  # customers of the shop at one home
    "spouse": 0.70,  # the second customer of a household is the spouse, else a grown child
    "spouse_same_family": 0.65,  # the spouse has the same family name (else own, or a double one)
    # a grown son at home (farm, family firm) has his father's whole name: above the population's rate, so that the
    # kind is seen at 5,000 rows (about 0.3 % of people)
    "namesake_son": 0.22,
    "twins": 0.12,  # two grown children of one household are twins (about three times nature, so the kind is seen)
    "family_mailbox": 0.35,  # a household of two or more has a family mailbox used on some of its rows
    "siblings_gmail": 0.35,  # two grown siblings at home share one gmail account
    "home_landline": 0.18,  # a household still has a landline, typed as the address phone
    "relative_phone": 0.08,  # a row of a spouse or grown child has the partner's / parent's mobile as its phone
    "no_email": 0.03,  # a person has no e-mail at all (phone orders)
    "no_mobile": 0.06,
    "double_given": 0.09,  # a double given name (Jens Peter, Anne-Lise)
    "copies": 0.10,  # a person has later rows (copies)
    "office_copies": 0.15,  # an office buyer has later rows (B2B contacts change job and mailbox more often)
    "copy_count": {1: 0.84, 2: 0.13, 3: 0.03},
    "company_card": 0.25,  # an office also has a company-only row
    "company_card_twice": 0.25,  # ... and that card twice (the form dropped, capitals, another mailbox)
    "role_mailbox": 0.45,  # colleagues at an office of two or more share a role mailbox on some rows
    "switchboard": 0.65,  # an office row carries the switchboard as its address phone
    "address_variant": 0.3,  # a copy's address is typed another way (Storgata 12 B / Storg. 12b, 2. tv moved)
    "note": 0.16, "note_names_other": 0.35,  # ... and a note naming someone names a housemate or colleague (×2)
}
# The copy kinds and their weights (a copy has one; phone format and capitals vary on every row anyway).
COPY_KINDS = {
    "newsletter": 13, "guest_other_mailbox": 11, "moved": 12, "new_mailbox": 9, "new_job": 14, "private_once": 8,
    "married": 5, "name_slip": 8, "domain_typo": 6, "gmail_dots": 4, "swapped": 4, "nickname": 8,
    "capitals_spaces": 8, "fields_missing": 8,
}

# ---------------------------------------------------------------------------------------------------------------
# Names. Family names at their shares of the population (SSB 2024 for Norway, Danmarks Statistik 2024 for
# Denmark, SCB for Sweden; per cent); the rest of each population gets a compound name from the parts below.
_FAMILY_TOP = {
    "NO": {"Hansen": 0.95, "Johansen": 0.88, "Olsen": 0.83, "Larsen": 0.70, "Andersen": 0.70, "Pedersen": 0.63,
           "Nilsen": 0.61, "Kristiansen": 0.40, "Jensen": 0.40, "Karlsen": 0.39, "Johnsen": 0.35,
           "Pettersen": 0.35, "Eriksen": 0.33, "Berg": 0.33, "Haugen": 0.28, "Hagen": 0.28, "Johannessen": 0.26,
           "Andreassen": 0.23, "Jacobsen": 0.22, "Dahl": 0.22, "Jørgensen": 0.21, "Halvorsen": 0.20,
           "Henriksen": 0.20, "Lund": 0.20, "Sørensen": 0.20, "Jakobsen": 0.19, "Moen": 0.19, "Gundersen": 0.18,
           "Iversen": 0.18, "Strand": 0.18, "Solberg": 0.17, "Svendsen": 0.16, "Eide": 0.16, "Knutsen": 0.16,
           "Martinsen": 0.16, "Paulsen": 0.15, "Bakken": 0.15, "Kristoffersen": 0.15, "Mathisen": 0.15,
           "Lie": 0.15, "Amundsen": 0.14, "Nguyen": 0.14, "Rasmussen": 0.13, "Lunde": 0.13, "Solheim": 0.12,
           "Berge": 0.12, "Moe": 0.12, "Nygård": 0.12, "Bakke": 0.12, "Kristensen": 0.11},
    "DK": {"Jensen": 4.6, "Nielsen": 4.5, "Hansen": 3.7, "Pedersen": 2.8, "Andersen": 2.8, "Christensen": 2.0,
           "Larsen": 1.9, "Sørensen": 1.9, "Rasmussen": 1.6, "Jørgensen": 1.3, "Petersen": 1.3, "Madsen": 1.1,
           "Kristensen": 1.1, "Olsen": 0.9, "Thomsen": 0.7, "Christiansen": 0.7, "Poulsen": 0.6, "Johansen": 0.6,
           "Møller": 0.6, "Mortensen": 0.6, "Knudsen": 0.4, "Jakobsen": 0.4, "Jacobsen": 0.3, "Mikkelsen": 0.3,
           "Olesen": 0.3, "Frederiksen": 0.3, "Laursen": 0.3, "Henriksen": 0.3, "Lund": 0.3, "Schmidt": 0.3,
           "Eriksen": 0.2, "Holm": 0.2, "Kristiansen": 0.2, "Clausen": 0.2, "Simonsen": 0.2, "Svendsen": 0.2,
           "Andreasen": 0.2, "Iversen": 0.2, "Jeppesen": 0.2, "Mogensen": 0.2},
    "SE": {"Andersson": 2.2, "Johansson": 2.1, "Karlsson": 1.9, "Nilsson": 1.6, "Eriksson": 1.4, "Larsson": 1.2,
           "Olsson": 1.1, "Persson": 1.1, "Svensson": 1.0, "Gustafsson": 1.0, "Pettersson": 0.9,
           "Jonsson": 0.7, "Jansson": 0.5, "Hansson": 0.4, "Bengtsson": 0.3, "Lindberg": 0.3, "Jönsson": 0.3,
           "Lindström": 0.3, "Lindqvist": 0.3, "Lindgren": 0.3, "Berg": 0.2, "Axelsson": 0.2, "Bergström": 0.2,
           "Lundberg": 0.2, "Lundgren": 0.2},
}
# Compound family names of the tail: Norwegian farm names, Danish -gaard/-rup/-strup, Swedish nature names.
_TAIL_PARTS = {
    "NO": (("Bjørn", "Fjell", "Haug", "Li", "Nord", "Sør", "Vest", "Øst", "Stor", "Berg", "Dal", "Ås", "Myr",
            "Sand", "Skog", "Stein", "Tveit", "Vik", "Holm", "Rød", "Kvam", "Eng", "Bø", "Hov", "Sol", "Aske",
            "Brekk", "Foss", "Gjerd", "Hamre", "Kvål", "Lien", "Mo", "Ness", "Rø", "Sel", "Tang", "Ulv", "Bratt",
            "Hatle"),
           ("stad", "land", "heim", "rud", "set", "vik", "dal", "li", "bakken", "haug", "berg", "nes", "eng",
            "voll", "by", "tun", "aas", "gård", "åsen", "strand", "hagen", "myr", "lien", "mo", "seth")),
    "DK": (("Kjær", "Vester", "Øster", "Nør", "Søn", "Lind", "Birke", "Rose", "Bøge", "Mølle", "Bro", "Hav",
            "Ny", "Ve", "Skov", "Dal", "Høj", "Eng", "Bjerre", "Lyk", "Frede", "Hede", "Kirke", "Sand", "Stran",
            "Balle", "Bunde", "Dam", "Fugl", "Grøn", "Holme", "Kold", "Mark", "Munk", "Ravn"),
           ("gaard", "rup", "strup", "holm", "lund", "bjerg", "skov", "dal", "høj", "bæk", "toft", "by", "sted",
            "borg", "mose", "vang", "berg", "sgaard", "ager", "hede")),
    "SE": (("Lind", "Berg", "Sjö", "Ek", "Ham", "Ström", "Hol", "Sand", "Dahl", "Åker", "Björk", "Gran", "Fors",
            "Nord", "Sö", "Väst", "Öst", "Lund", "Ros", "Mal"),
           ("berg", "ström", "qvist", "gren", "lund", "holm", "dahl", "blad", "man", "stedt", "bäck", "mark")),
}
# A prefix and a joint make the tail as long as a real one: Norway and Denmark have tens of thousands of rare
# family names (Nordbjørnstad, Vesterkjærsgaard), so two customers with one rare name are rare. The tail is
# ranked in a fixed shuffled order with weights 1/(rank + 50): a few tail names are fairly common, most are rare.
_TAIL_SHAPE = {"NO": (("", "Nord", "Sør", "Øver", "Ner", "Vest", "Aust", "Stor", "Lille"), ("", "e")),
               "DK": (("", "Vester", "Øster", "Nør", "Sønder", "Ny", "Lille", "Store"), ("", "s")),
               "SE": (("", "Norr", "Söder", "Väster", "Öster", "Lill", "Stor"), ("",))}


_DIRECTION_HEADS = ("Nord", "Sør", "Vest", "Øst", "Vester", "Øster", "Nør", "Søn", "Sö", "Väst", "Stor", "Ny", "Ve")


def _tail(country: str) -> tuple[list[str], list[float]]:
    heads, ends = _TAIL_PARTS[country]
    prefixes, joints = _TAIL_SHAPE[country]
    names: list[str] = []
    for prefix in prefixes:
        for head in heads:
            first = prefix + head.lower() if prefix else head
            if prefix and head in _DIRECTION_HEADS:
                continue  # Nørvester-, Söderväst-: one direction is enough
            for joint in joints:
                for end in ends:
                    # Bergberg, Lundlund: a part twice is no name
                    if (first + joint)[-1] != end[0] and end not in head.casefold():
                        names.append(first + joint + end)
    names = [name for name in dict.fromkeys(names) if not re.search(r"(.)\1\1", name.casefold())]  # Lilllund
    random.Random(f"shop-tail-{country}").shuffle(names)
    cumulative, total = [], 0.0
    for rank in range(len(names)):
        total += 1 / (rank + 50)
        cumulative.append(total)
    return names, cumulative


# Given names by country and sex, commonest first (weights fall with the rank).
_GIVEN = {
    ("NO", "m"): "Jan Per Bjørn Ole Lars Kjell Knut Arne Svein Thomas Hans Geir Tor Morten Terje Odd Erik Martin "
                 "Andreas Jon Rune Trond Anders Tore Harald Espen Kristian Stian Magnus Jonas Daniel Kristoffer "
                 "Even Eirik Sindre Henrik Jørgen Sander Emil Mathias Aleksander Fredrik Håkon Ola Petter Øyvind "
                 "Tobias Sigurd Vegard Frode Gunnar Nils Steinar Leif Roger",
    ("NO", "f"): "Anne Inger Kari Marit Ingrid Liv Eva Berit Astrid Bjørg Hilde Anna Solveig Marianne Randi Ida "
                 "Nina Maria Elisabeth Kristin Silje Hanne Tone Camilla Ingeborg Nora Emma Sofie Thea Ingvild Marte "
                 "Julie Mari Sara Kristine Linn Heidi Anette Guro Hege Tonje Synnøve Ragnhild Eli Gro Turid Siri "
                 "Maren Katrine Trine Lene Unni",
    ("DK", "m"): "Peter Jens Lars Michael Henrik Søren Thomas Jan Niels Anders Morten Jesper Mads Rasmus Martin "
                 "Per Hans Christian Kim Ole Mikkel Frederik Jakob Kristian Torben Poul Bent Erik Steen Claus "
                 "Mathias Emil Magnus William Oliver Lucas Jonas Nikolaj Kasper Brian Allan Flemming Carsten "
                 "Bo Finn Jørgen Kenneth Simon Tobias",
    ("DK", "f"): "Anne Kirsten Hanne Mette Anna Helle Susanne Lene Maria Marianne Lone Camilla Pia Louise "
                 "Charlotte Inge Bente Tina Gitte Karen Jette Julie Sofie Ida Emma Laura Katrine Trine Line Birgitte "
                 "Dorthe Rikke Malene Signe Cecilie Mia Freja Caroline Maja Sara Lise Jytte Grethe Tove Vibeke",
    ("SE", "m"): "Lars Mikael Anders Johan Per Erik Karl Peter Jan Thomas Daniel Fredrik Hans Andreas Stefan "
                 "Mats Magnus Jonas Oskar Gustav",
    ("SE", "f"): "Anna Eva Maria Karin Sara Kristina Lena Emma Kerstin Ingrid Marie Malin Jenny Annika Linda "
                 "Susanne Elin Hanna Ida Sofia",
}
_GIVEN = {key: value.split() for key, value in _GIVEN.items()}
_TAILS = {country: _tail(country) for country in _TAIL_PARTS}
# Double given names, written whole on first rows (Jens Peter, Anne-Lise); a copy may keep one part.
_DOUBLE = {
    ("NO", "m"): ["Ole Johan", "Per Arne", "Jan Erik", "Tor Inge", "Lars Erik", "Hans Petter", "Knut Arne",
                  "Jon Olav", "Per Kristian"],
    ("NO", "f"): ["Anne-Lise", "Kari Anne", "Anne Marie", "Inger Lise", "Marit Elisabeth", "Ann-Kristin",
                  "Hanne Kristin", "Liv Marit"],
    ("DK", "m"): ["Jens Peter", "Hans Henrik", "Karl Johan", "Niels Erik", "Poul Erik", "Jens Christian",
                  "Lars Peter", "Hans Jørgen"],
    ("DK", "f"): ["Anne Marie", "Mette Marie", "Lise Lotte", "Ann-Sofie", "Anne Mette", "Karen Margrethe",
                  "Marie Louise", "Inge Lise"],
    ("SE", "m"): ["Karl-Johan", "Lars-Erik", "Per-Olof", "Jan-Erik"],
    ("SE", "f"): ["Anna-Karin", "Eva-Lena", "Ann-Charlotte", "Marie-Louise"],
}
# Nicknames and short forms people write for themselves (both directions are the same person).
NICKNAMES = {"Kristoffer": "Kris", "Christoffer": "Chris", "Christian": "Chris", "Aleksander": "Alex",
             "Alexander": "Alex", "Thomas": "Tom", "Frederik": "Frede", "Fredrik": "Fred", "Katrine": "Trine",
             "Kristine": "Stine", "Elisabeth": "Lise", "Margrethe": "Grethe", "Johanne": "Hanne",
             "Susanne": "Sanne", "Mathias": "Matti", "Nikolaj": "Niko", "Andreas": "Andy", "Benedikte": "Bente",
             "Henriette": "Jette", "Jakob": "Jacob", "Kasper": "Casper", "Michael": "Mikael", "Camilla": "Milla",
             "Karoline": "Line", "Magnus": "Mange", "Sebastian": "Basse", "Ingeborg": "Inga",
             "Kristian": "Kris", "Daniel": "Dan", "William": "Will", "Katarina": "Kajsa"}
# People who go by a nickname are given its long form on their first row.
_NICKNAMED = {("NO", "m"): ["Kristoffer", "Aleksander", "Fredrik", "Thomas", "Andreas", "Mathias", "Kristian",
                            "Magnus", "Sebastian", "Daniel"],
              ("NO", "f"): ["Katrine", "Kristine", "Elisabeth", "Camilla", "Ingeborg", "Karoline"],
              ("DK", "m"): ["Christian", "Frederik", "Nikolaj", "Jakob", "Kasper", "Michael", "Alexander",
                            "Christoffer", "William", "Thomas"],
              ("DK", "f"): ["Katrine", "Susanne", "Margrethe", "Johanne", "Henriette", "Benedikte", "Camilla"],
              ("SE", "m"): ["Alexander", "Thomas", "Fredrik", "Daniel"],
              ("SE", "f"): ["Katarina", "Elisabeth"]}

# Where people live: (city, first postcode, last postcode, weight); codes drawn inside each city's range.
_CITIES = {
    "NO": [("Oslo", 150, 1295, 25), ("Bergen", 5003, 5098, 10), ("Trondheim", 7010, 7099, 8),
           ("Stavanger", 4005, 4049, 6), ("Kristiansand", 4608, 4639, 4), ("Drammen", 3011, 3048, 4),
           ("Fredrikstad", 1601, 1640, 3), ("Tromsø", 9006, 9024, 3), ("Sandnes", 4306, 4329, 3),
           ("Ålesund", 6002, 6020, 2), ("Bodø", 8003, 8028, 2), ("Hamar", 2315, 2326, 2), ("Tønsberg", 3110, 3128, 2),
           ("Lillehammer", 2609, 2630, 2), ("Sandvika", 1300, 1339, 3), ("Lillestrøm", 2000, 2013, 2),
           ("Molde", 6410, 6421, 1), ("Gjøvik", 2815, 2827, 1), ("Steinkjer", 7710, 7725, 1), ("Voss", 5700, 5704, 1)],
    "DK": [("København K", 1050, 1473, 5), ("København V", 1500, 1799, 5), ("København N", 2200, 2200, 4),
           ("København Ø", 2100, 2100, 4), ("København S", 2300, 2300, 3), ("Frederiksberg", 2000, 2000, 4),
           ("Valby", 2500, 2500, 2), ("Aarhus C", 8000, 8000, 6), ("Aarhus N", 8200, 8200, 3),
           ("Odense C", 5000, 5000, 4), ("Odense M", 5230, 5230, 2), ("Aalborg", 9000, 9000, 5),
           ("Esbjerg", 6700, 6700, 3), ("Randers", 8900, 8900, 2), ("Kolding", 6000, 6000, 2),
           ("Horsens", 8700, 8700, 2), ("Vejle", 7100, 7100, 2), ("Roskilde", 4000, 4000, 2),
           ("Herning", 7400, 7400, 2), ("Silkeborg", 8600, 8600, 2), ("Næstved", 4700, 4700, 1),
           ("Hillerød", 3400, 3400, 1), ("Helsingør", 3000, 3000, 1), ("Viborg", 8800, 8800, 1),
           ("Svendborg", 5700, 5700, 1)],
    "SE": [("Stockholm", 11120, 11899, 10), ("Göteborg", 41101, 41879, 6), ("Malmö", 21111, 21799, 5),
           ("Uppsala", 75220, 75757, 3), ("Strömstad", 45230, 45297, 1), ("Karlstad", 65220, 65468, 2)],
}
# Streets found in most towns; a city's own streets (Bogstadveien, Vesterbrogade) only in that city.
_STREETS = {
    "NO": "Storgata Kirkegata Parkveien Skolegata Kongens gate Dronningens gate Elvegata Fjordveien Granveien "
          "Bjørkeveien Furuveien Eikeveien Solveien Bakkeveien Stasjonsveien Strandveien Sjøgata Torggata "
          "Markveien Jernbanegata Kirkeveien Tollbugata Nedre gate Vestre gate Øvre gate Haugeveien Lyngveien "
          "Rosenvenget Lienveien Skogveien Bekkeveien Ringveien Industrigata Nordre gate Sandveien",
    "DK": "Nørregade Vestergade Østergade Søndergade Algade Jernbanegade Skolevej Kirkevej Bøgevej Egevej "
          "Birkevej Lindevej Ahornvej Rosenvænget Strandvejen Møllevej Engvej Toftevej Bakkevej Grønnegade "
          "Havnegade Parkvej Skovvej Stationsvej Kastanievej Solsikkevej Valmuevej Vænget Hybenvej Syrenvej",
    "SE": "Storgatan Kyrkogatan Drottninggatan Skolvägen Björkvägen Parkvägen Strandvägen Tallvägen "
          "Järnvägsgatan Kungsgatan",
}
_CITY_STREETS = {
    "Oslo": "Thereses gate Sandakerveien Trondheimsveien Ullevålsveien Holmenkollveien Bogstadveien Hoffsveien "
            "Lilleakerveien Løvenskiolds gate Sørkedalsveien Drammensveien Professor Dahls gate",
    "Bergen": "Nygårdsgaten Kalfarveien Fjøsangerveien Michael Krohns gate",
    "Trondheim": "Munkegata Olav Tryggvasons gate Klostergata",
    "Stavanger": "Pedersgata Madlaveien",
    "København V": "Vesterbrogade Istedgade Enghavevej", "København N": "Nørrebrogade Jagtvej Fælledvej",
    "København S": "Amagerbrogade Holmbladsgade", "København Ø": "Classensgade Østerbrogade Nordre Frihavnsgade",
    "Frederiksberg": "Gammel Kongevej Falkoner Allé", "Aarhus C": "Jægergårdsgade Frederiksgade",
    "Stockholm": "Sveavägen Götgatan Hornsgatan", "Göteborg": "Linnégatan Vasagatan", "Malmö": "Södra Förstadsgatan",
}
# a street of several words ("Thereses gate") stays whole when a list is split
_WORDS_OF_ONE_STREET = ("Thereses gate", "Kongens gate", "Dronningens gate", "Nedre gate", "Vestre gate",
                        "Øvre gate", "Nordre gate", "Løvenskiolds gate", "Professor Dahls gate",
                        "Michael Krohns gate", "Olav Tryggvasons gate", "Gammel Kongevej", "Falkoner Allé",
                        "Nordre Frihavnsgade", "Södra Förstadsgatan")


def _street_list(text: str) -> list[str]:
    for street in _WORDS_OF_ONE_STREET:
        text = text.replace(street, street.replace(" ", "_"))
    return [name.replace("_", " ") for name in text.split()]


_STREETS = {key: _street_list(value) for key, value in _STREETS.items()}
_CITY_STREETS = {key: _street_list(value) for key, value in _CITY_STREETS.items()}
_INDUSTRY_STREETS = {"NO": ["Industriveien", "Næringsveien", "Verkstedveien", "Håndverkerveien"],
                     "DK": ["Industrivej", "Erhvervsvej", "Håndværkervej", "Fabriksvej"],
                     "SE": ["Industrigatan", "Verkstadsgatan"]}

# Mail providers by country and share (per cent), and the typos people make in their domains.
_PROVIDERS = {
    "NO": {"gmail.com": 45, "hotmail.com": 12, "online.no": 8, "outlook.com": 6, "icloud.com": 7, "yahoo.no": 2,
           "live.no": 3, "getmail.no": 2, "broadpark.no": 1, "hotmail.no": 4, "me.com": 2, "altibox.no": 3,
           "lyse.net": 2, "frisurf.no": 1, "c2i.net": 1, "outlook.no": 1},
    "DK": {"gmail.com": 40, "hotmail.com": 12, "hotmail.dk": 6, "live.dk": 4, "yahoo.dk": 3, "outlook.dk": 3,
           "icloud.com": 7, "mail.dk": 5, "stofanet.dk": 2, "jubii.dk": 2, "webspeed.dk": 1, "youmail.dk": 1,
           "mail.tele.dk": 2, "outlook.com": 5, "privat.dk": 1, "godmail.dk": 1},
    "SE": {"gmail.com": 40, "hotmail.com": 15, "telia.com": 8, "outlook.com": 8, "icloud.com": 8, "live.se": 5,
           "yahoo.se": 3, "bredband.net": 2, "hotmail.se": 5},
}
DOMAIN_TYPOS = {"gmail.com": ["gmial.com", "gmail.co", "gmal.com", "gamil.com", "gmail.cm", "gmaill.com"],
                "hotmail.com": ["hotmial.com", "hotmail.co", "hotmal.com", "hotmai.com"],
                "outlook.com": ["outlok.com", "outllook.com"], "online.no": ["onlin.no", "online.nu"],
                "icloud.com": ["icloud.co", "iclod.com"], "hotmail.dk": ["hotmial.dk", "hotmal.dk"],
                "live.dk": ["live.d"], "yahoo.dk": ["yaho.dk"], "mail.dk": ["mial.dk"], "live.no": ["liv.no"],
                "hotmail.no": ["hotmial.no"], "yahoo.no": ["yaho.no"], "telia.com": ["telia.co"]}
_TYPO_OF = {typo: domain for domain, typos in DOMAIN_TYPOS.items() for typo in typos}

# Offices: (pattern, country); {F} a family name, {W} a word, {P} a city.
_COMPANY_PATTERNS = {
    "NO": ["{F} Regnskap AS", "{P} Tannklinikk AS", "{F} & Sønn AS", "Byggmester {F} AS", "{W} Eiendom AS",
           "{W} barnehage", "Advokatfirmaet {F} DA", "{W} Data AS", "{W} Frisør", "{F} Bil AS", "{F} Maskin AS",
           "{P} Legesenter", "{W} Consult AS", "{W} Arkitekter AS", "{F} Rør AS", "{W} Eiendomsmegling AS"],
    "DK": ["{F} ApS", "{F} & Søn A/S", "Tømrerfirma {F}", "{W} Revision ApS", "Tandlægerne {P}",
           "{W} Ejendomme A/S", "Advokatfirmaet {F}", "Børnehaven {W}", "{W} IT ApS", "{F} El-service ApS",
           "{W} Arkitekter ApS", "Klinik {W}"],
    "SE": ["{F} Bygg AB", "{W} Konsult AB", "{F} Redovisning AB", "{W} Fastigheter AB"],
}
_COMPANY_WORDS = ["Nordlys", "Fjord", "Polar", "Vest", "Midt", "Kyst", "Solsiden", "Havblikk", "Skog", "Lyng",
                  "Bølge", "Nord", "Sentrum", "Bryggen", "Torvet", "Havn", "Fyr", "Ankeret", "Tinde", "Elv",
                  "Furu", "Lys", "Måke", "Sol", "Tårn", "Bro", "Kilde", "Dugg", "Fjell", "Stjerne"]
_ROLE_MAILBOXES = {"NO": ["post", "innkjop", "faktura", "ordre", "kontor", "bestilling", "resepsjon"],
                   "DK": ["info", "indkob", "bogholderi", "faktura", "kontor", "ordre", "mail"],
                   "SE": ["info", "inkop", "faktura", "order", "kontor"]}
# Twins' names: alike in sound, still two names (a slip of one letter in a name of three letters is another name).
TWIN_NAMES = [(("Ida", "f"), ("Ina", "f")), (("Emma", "f"), ("Ella", "f")), (("Mia", "f"), ("Mina", "f")),
              (("Nora", "f"), ("Nina", "f")), (("Emil", "m"), ("Emilie", "f")), (("Sander", "m"), ("Sandra", "f")),
              (("Jonas", "m"), ("Jonatan", "m")), (("Mads", "m"), ("Maja", "f")), (("Sara", "f"), ("Sanna", "f"))]
_FAMILY_MAILBOX = ["familien.{f}", "{f}.familie", "{f}hjemme", "{g1}og{g2}", "{f}{n}", "post.{f}"]
_DK_FAMILY_MAILBOX = ["familien.{f}", "{f}.familie", "{f}hjemme", "{g1}og{g2}", "{f}{n}"]

_NOTES = {
    "NO": ["Ring før levering", "Leveres på jobb", "Gave til {other}", "Bestiller også for {other}",
           "Reklamasjon {date}: kvernen byttet", "Faktura 14 dager", "Ønsker papirkatalog", "Ektefelle: {other}",
           "Ikke send SMS", "Abonnement hver 4. uke", "Henter selv i butikken", "Kontakt: {other}",
           "Kom innom {date}, smakte på etiopisk", "Retur {date}"],
    "DK": ["Ring inden levering", "Leveres på arbejdet", "Gave til {other}", "Bestiller også for {other}",
           "Reklamation {date}: kværn byttet", "Faktura til bogholderiet", "Ægtefælle: {other}",
           "Abonnement hver 4. uge", "Kontaktperson: {other}", "Retur {date}"],
    "SE": ["Ring före leverans", "Present till {other}", "Beställer även för {other}", "Retur {date}"],
}
_TAGS = ["nyhetsbrev", "vip", "abonnement", "kaffeklubb", "Login with Shop", "retur", "julegave", "marked-2023",
         "import-2021-09", "woocommerce"]


def _fold(text: str) -> str:
    """Lower case, spaces squeezed, accents kept: the form two names are compared in."""
    return " ".join(text.casefold().split())


def _ascii(text: str) -> str:
    """Nordic letters as a foreign keyboard writes them (Søren -> Soeren, Kjær -> Kjaer, Åse -> Aase)."""
    table = str.maketrans({"ø": "oe", "Ø": "Oe", "æ": "ae", "Æ": "Ae", "å": "aa", "Å": "Aa", "ä": "a", "ö": "o",
                           "Ä": "A", "Ö": "O"})
    return text.translate(table)


_NICK = {_fold(k): _fold(v) for k, v in NICKNAMES.items()}
REAL_GIVEN = ({_fold(n) for names in _GIVEN.values() for n in names} | {_fold(n) for n in NICKNAMES}
              | {_fold(n) for n in NICKNAMES.values()} | {_fold(n) for pair in TWIN_NAMES for n, _ in pair}
              | {_fold(part) for names in _DOUBLE.values() for n in names for part in n.replace('-', ' ').split()})


def _slug(text: str) -> str:
    """A mailbox part from a name: lower case ASCII letters only (Bjørn-Åge -> bjornage)."""
    text = text.casefold().translate(str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ä": "a", "ö": "o", "é": "e"}))
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if "a" <= ch <= "z")


def mailbox(email: str) -> str:
    """The mailbox an address reaches, for telling people apart: lower case, a +tag dropped, Gmail's dots
    dropped (kari.hansen@gmail.com and karihansen@gmail.com are one mailbox), a typo domain taken back."""
    local, _, domain = email.strip().casefold().rpartition("@")
    domain = _TYPO_OF.get(domain, domain)
    local = local.split("+")[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def phone_key(text: str, country: str) -> str | None:
    """A typed phone number as E.164 (the row's country for a national number), or None."""
    text = text.strip().lstrip("'")
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# ---------------------------------------------------------------------------------------------------------------
@dataclass
class Address:
    street: str
    extra: str
    postcode: str
    city: str
    country: str


@dataclass
class Company:
    key: str
    name: str
    country: str
    domain: str
    address: Address
    switchboard: str
    role_mailbox: str | None = None
    family: str | None = None  # the family in a family firm's name


@dataclass
class Person:
    key: str
    country: str
    sex: str
    given: str
    family: str
    home: Address
    mobile: str | None  # E.164
    email: str | None  # personal mailbox
    household: str
    landline: str | None = None
    family_mailbox: str | None = None
    company: Company | None = None
    work_email: str | None = None
    namesake_of: str | None = None  # the key of a housemate with the same whole name
    role: str = "head"  # of the household: head, spouse or child
    twin: bool = False
    relative_mobile: str | None = None  # the partner's (or a parent's) mobile, typed now and then for delivery


class _Builder:
    """Draws people, homes, offices and rows from one seeded ``random.Random`` (no set or hash order is used,
    so the register is the same in every process)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"dedup-shop-{seed}")
        self.mailboxes: dict[str, str] = {}  # mailbox -> the person or household holding it
        self.phones: dict[str, str] = {}  # E.164 -> holder
        self.people: list[Person] = []
        self.companies: list[Company] = []
        self.addresses: dict[tuple[str, str], str] = {}
        self.count = Counter()
        self.tails = _TAILS
        self.given_words = REAL_GIVEN

    # -- drawing -----------------------------------------------------------------------------------------------
    def pick(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def ranked(self, names: list[str]) -> str:
        return self.rng.choices(names, weights=[1 / (rank + 4) for rank in range(len(names))])[0]

    def family_name(self, country: str) -> str:
        top = _FAMILY_TOP[country]
        if self.rng.random() * 100 < sum(top.values()) * (1.6 if country == "NO" else 1.0):
            return self.pick(top)
        names, cumulative = self.tails[country]
        return self.rng.choices(names, cum_weights=cumulative)[0]

    def given_name(self, country: str, sex: str, avoid: list[str] = ()) -> str:
        for _ in range(50):
            roll = self.rng.random()
            if roll < RATES["double_given"]:
                name = self.rng.choice(_DOUBLE[(country, sex)])
            elif roll < RATES["double_given"] + 0.08:
                name = self.rng.choice(_NICKNAMED[(country, sex)])
            else:
                name = self.ranked(_GIVEN[(country, sex)])
            if not any(names_fit_given(name, other) for other in avoid):
                return name
        raise AssertionError("no given name left")  # 50 draws from 50+ names: never reached

    def postcode(self, country: str) -> tuple[str, str]:
        city, low, high, _ = self.rng.choices(_CITIES[country], weights=[c[3] for c in _CITIES[country]])[0]
        code = self.rng.randint(low, high)
        return city, f"{code:04d}" if country != "SE" else f"{code // 100} {code % 100:02d}"

    def address(self, country: str, office: bool = False) -> Address:
        while True:
            city, code = self.postcode(country)
            streets = _INDUSTRY_STREETS[country] if office and self.rng.random() < 0.5 else \
                _CITY_STREETS[city] if city in _CITY_STREETS and self.rng.random() < 0.4 else _STREETS[country]
            number = self.rng.randint(1, 140 if country != "DK" else 90)
            letter = self.rng.choice("ABC") if country == "NO" and self.rng.random() < 0.15 else ""
            street = f"{self.rng.choice(streets)} {number}{letter}"
            extra = ""
            if not office and country == "DK" and self.rng.random() < 0.5:
                extra = self.rng.choice(["st. tv", "st. th", "1. tv", "1. th", "2. tv", "2. th", "3. mf", "4. tv"])
            elif not office and country == "NO" and self.rng.random() < 0.3:
                extra = f"H{self.rng.randint(1, 5):02d}{self.rng.randint(1, 4):02d}"
            key = (_fold(street + " " + extra), code)
            if key not in self.addresses:  # one household or office per address
                self.addresses[key] = "taken"
                return Address(street, extra, code, city, country)

    def number(self, country: str, mobile: bool, holder: str) -> str:
        """A new valid number (E.164) that nobody else holds."""
        while True:
            if country == "NO":
                national = (self.rng.choice("49") + f"{self.rng.randint(0, 9999999):07d}" if mobile else
                            self.rng.choice(["22", "23", "55", "73", "51", "38", "32", "69", "62", "77", "33", "67"])
                            + f"{self.rng.randint(0, 999999):06d}")
            elif country == "DK":
                national = (self.rng.choice(["20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31",
                                             "40", "41", "42", "50", "51", "52", "53", "60", "61", "71", "81",
                                             "91", "92", "93"]) if mobile else
                            self.rng.choice(["33", "35", "36", "38", "39", "43", "44", "45", "46", "48", "62", "65",
                                             "66", "75", "76", "86", "87", "89", "96", "97", "98"])
                            ) + f"{self.rng.randint(0, 999999):06d}"
            else:
                national = (self.rng.choice(["70", "72", "73", "76", "79"]) + f"{self.rng.randint(0, 9999999):07d}"
                            if mobile else "8" + f"{self.rng.randint(1000000, 9999999)}")
            code = {"NO": "47", "DK": "45", "SE": "46"}[country]
            e164 = f"+{code}{national}"
            if e164 in self.phones:
                continue
            number = phonenumbers.parse(e164)
            if not phonenumbers.is_valid_number(number):
                continue
            self.phones[e164] = holder
            return e164

    def new_mailbox(self, local_options: list[str], domain: str, holder: str, digits: bool = True) -> str:
        """An address whose mailbox nobody else holds (digits added as a mail provider would ask; at a firm the
        next option, then a digit)."""
        for attempt in range(200):
            local = self.rng.choice(local_options) if digits or attempt >= len(local_options) \
                else local_options[attempt]
            if (digits and (attempt >= 3 or self.rng.random() < 0.12)) or attempt >= len(local_options) + 2:
                local += str(self.rng.choice([self.rng.randint(1, 99), self.rng.randint(1955, 2005)]) if digits
                             else self.rng.randint(2, 9))
            address = f"{local}@{domain}"
            if mailbox(address) not in self.mailboxes:
                self.mailboxes[mailbox(address)] = holder
                return address
        raise AssertionError("no free mailbox")  # digits make one free long before

    def personal_email(self, given: str, family: str, country: str, holder: str, domain: str | None = None) -> str:
        g, f = _slug(given.split()[0].split("-")[0]), _slug(family.split()[-1])
        gg = _slug(given)
        options = [f"{g}.{f}", f"{g}{f}", f"{g}_{f}", f"{g[0]}.{f}", f"{gg}.{f}", f"{f}.{g}", f"{g}.{f[0]}",
                   f"{g}{f[:3]}", g]
        return self.new_mailbox(options, domain or self.pick(_PROVIDERS[country]), holder)

    # -- people ------------------------------------------------------------------------------------------------
    def person(self, country: str, sex: str, given: str, family: str, home: Address, household: str,
               mobile: bool = True) -> Person:
        key = f"p{len(self.people) + 1}"
        person = Person(key, country, sex, given, family, home, None, None, household)
        if mobile and self.rng.random() >= RATES["no_mobile"]:
            person.mobile = self.number(country, True, key)
        if self.rng.random() >= RATES["no_email"]:
            person.email = self.personal_email(given, family, country, key)
        self.people.append(person)
        return person

    def household(self) -> list[Person]:
        country = self.pick(RATES["country"])
        home = self.address(country)
        household = f"h{len(self.people) + 1}"
        size = self.pick(RATES["household_size"])
        sex = self.rng.choice("mf")
        family = self.family_name(country)
        head = self.person(country, sex, self.given_name(country, sex), family, home, household)
        members = [head]
        if size >= 2 and self.rng.random() < RATES["spouse"]:
            other = "f" if sex == "m" else "m"
            roll = self.rng.random()
            spouse_family = (family if roll < RATES["spouse_same_family"] else
                             self.family_name(country) if roll < 0.88 else f"{self.family_name(country)} {family}")
            spouse = self.person(country, other, self.given_name(country, other, [head.given]), spouse_family,
                                 home, household)
            spouse.role = "spouse"
            members.append(spouse)
            self.count["spouse"] += 1
        if size - len(members) >= 2 and self.rng.random() < RATES["twins"]:
            members += self.twins(head)
        while len(members) < size:
            members.append(self.child(head, members))
        for member in members[1:]:
            if member.namesake_of is None and head.namesake_of is None:
                member.relative_mobile = head.mobile
                if member.role == "spouse":
                    head.relative_mobile = member.mobile
        if size >= 2 and self.rng.random() < RATES["family_mailbox"]:
            g1, g2 = _slug(members[0].given.split()[0]), _slug(members[1].given.split()[0])
            patterns = _FAMILY_MAILBOX if country != "DK" else _DK_FAMILY_MAILBOX
            if members[1].role != "spouse":
                patterns = [p for p in patterns if "{g1}" not in p]  # "kariogola@" is a couple's
            options = [p.format(f=_slug(family), g1=g1, g2=g2, n=self.rng.randint(1, 99)) for p in patterns]
            shared = self.new_mailbox(options, self.pick(_PROVIDERS[country]), household)
            for member in members:
                member.family_mailbox = shared
            self.count["family_mailbox"] += 1
        if self.rng.random() < RATES["home_landline"] * (2 if size >= 2 else 1):
            landline = self.number(country, False, household)
            for member in members:
                member.landline = landline
            self.count["home_landline"] += 1
        return members

    def child(self, head: Person, members: list[Person]) -> Person:
        """A grown child at home: a son with his father's whole name on farms and in family firms; two siblings
        on one gmail account."""
        country, sex = head.country, self.rng.choice("mf")
        if sex == "m" and head.sex == "m" and not any(m.namesake_of for m in members) \
                and self.rng.random() < RATES["namesake_son"]:
            son = self.person(country, "m", head.given, head.family, head.home, head.household)
            son.role = "child"
            # father and son stay apart by their own mobile and mailbox on every row
            for one in (head, son):
                if one.mobile is None:
                    one.mobile = self.number(country, True, one.key)
                if one.email is None:
                    one.email = self.personal_email(one.given, one.family, country, one.key)
            son.namesake_of, head.namesake_of = head.key, son.key
            self.count["namesake_son"] += 1
            return son
        family = head.family if self.rng.random() < 0.9 else f"{head.family} {self.family_name(country)}"
        child = self.person(country, sex, self.given_name(country, sex, [m.given for m in members]), family,
                            head.home, head.household)
        child.role = "child"
        siblings = [m for m in members if m.role == "child" and not m.namesake_of]
        if siblings and self.rng.random() < RATES["siblings_gmail"]:
            sibling = siblings[0]
            shared = self.new_mailbox([f"{_slug(sibling.given)}og{_slug(child.given)}",
                                       f"{_slug(child.family)}.sosken", f"{_slug(sibling.given)}.{_slug(child.given)}"],
                                      "gmail.com", child.household)
            sibling.email = child.email = shared  # one gmail account, typed the same by both
            self.count["siblings_gmail"] += 1
        return child

    def twins(self, head: Person) -> list[Person]:
        """Twins: two grown children of one household with names chosen to sound alike (Ida and Ina, Emil and
        Emilie) that are still two names."""
        (one, sex_one), (two, sex_two) = self.rng.choice(TWIN_NAMES)
        pair = []
        for given, sex in ((one, sex_one), (two, sex_two)):
            twin = self.person(head.country, sex, given, head.family, head.home, head.household)
            twin.role, twin.twin = "child", True
            pair.append(twin)
        self.count["twins"] += 1
        return pair

    def company(self, country: str) -> Company:
        pattern = self.rng.choice(_COMPANY_PATTERNS[country])
        family = self.family_name(country)
        address = self.address(country, office=True)
        word, place = self.rng.choice(_COMPANY_WORDS), address.city.split()[0]
        name = pattern.format(F=family, W=word, P=place)
        stem = name
        for form in (" AS", " ApS", " A/S", " AB", " DA"):
            stem = stem.replace(form, "")
        domain = _slug(stem.replace("Advokatfirmaet", "adv"))[:18] + "." + country.lower()
        taken = {c.domain for c in self.companies[-300:]}
        while domain in taken:
            domain = domain.replace(".", str(self.rng.randint(1, 9)) + ".", 1)
        self.count["companies drawn"] += 1  # a new employer drawn for a copy is dropped again, its number kept
        key = f"c{self.count['companies drawn']}"
        company = Company(key, name, country, domain, address, self.number(country, False, key))
        company.family = family if "{F}" in pattern else None
        self.companies.append(company)
        return company

    def office(self) -> tuple[Company, list[Person]]:
        country = self.pick(RATES["country"])
        company = self.company(country)
        size = self.rng.choices([1, 2, 3, 4, 5, 6], weights=[45, 25, 13, 8, 5, 4])[0]
        if size >= 2 and self.rng.random() < RATES["role_mailbox"]:
            company.role_mailbox = self.new_mailbox(_ROLE_MAILBOXES[country], company.domain, company.key)
        buyers: list[Person] = []
        for _ in range(size):
            sex = self.rng.choice("mf")
            # a relative in a family firm, or a colleague with a common name by chance
            family = company.family if company.family and self.rng.random() < 0.25 else self.family_name(country)
            avoid = [b.given for b in buyers if _family_fits(b.family, family)]
            buyer = self.person(country, sex, self.given_name(country, sex, avoid), family, self.address(country),
                                f"h{len(self.people) + 1}")
            buyer.company = company
            buyer.work_email = self.work_email(buyer, company)
            buyers.append(buyer)
        return company, buyers

    def work_email(self, person: Person, company: Company) -> str:
        g, f = _slug(person.given.split()[0].split("-")[0]), _slug(person.family.split()[-1])
        options = self.rng.choice([[f"{g}.{f}", f"{g[0]}{f}", f"{g}"], [f"{g}", f"{g}.{f[0]}", f"{g}.{f}"],
                                   [f"{g[0]}{f}", f"{g}.{f}"]])  # each firm has its own scheme
        return self.new_mailbox(options, company.domain, person.key, digits=False)


def names_fit_given(a: str, b: str) -> bool:
    """Whether two given names could be one person's: equal, a nickname, one part of a double name, an initial,
    Nordic letters written without their marks, or a slip of one letter that is not itself another real name
    (Emma / Ema is a slip; Ida / Ina and Mia / Mina are two names)."""
    a, b = _fold(a).replace("-", " ").replace(".", ""), _fold(b).replace("-", " ").replace(".", "")
    if not a or not b:
        return False
    if a == b:
        return True
    if _NICK.get(a) == b or _NICK.get(b) == a:
        return True
    pa, pb = a.split(), b.split()
    if pa[0] == pb[0] or (len(pa) > 1 and pa[1] == pb[0]) or (len(pb) > 1 and pb[1] == pa[0]):
        return True
    if _ascii(a) == _ascii(b):
        return True
    if (len(a) == 1 or len(b) == 1) and a[0] == b[0]:
        return True  # an initial
    return max(len(a), len(b)) >= 4 and OSA.distance(a, b) <= 1 and not (a in REAL_GIVEN and b in REAL_GIVEN)


def _family_fits(a: str, b: str) -> bool:
    a, b = _fold(a).replace("-", " "), _fold(b).replace("-", " ")
    if a == b or _fold(_ascii(a)) == _fold(_ascii(b)):
        return True
    if set(a.split()) & set(b.split()):
        return True  # one part of a double family name
    return min(len(a), len(b)) >= 4 and OSA.distance(a, b) <= 1


def name_fit(a: list[str], b: list[str]) -> int:
    """How well two rows' names fit: 2 the same person's name (or a slip, nickname, swap, initial), 1 the same
    given name under another family name (a married name), 0 no fit. A company card (a company and no name)
    fits only another card of that company; a sign-up with no name fits anyone (its mailbox decides)."""
    named_a, named_b = bool(a[FIRST].strip() or a[LAST].strip()), bool(b[FIRST].strip() or b[LAST].strip())
    card_a, card_b = not named_a and bool(a[COMPANY].strip()), not named_b and bool(b[COMPANY].strip())
    if card_a or card_b:
        return 2 if card_a and card_b and _company_key(a[COMPANY]) == _company_key(b[COMPANY]) else 0
    if not named_a or not named_b:
        return 2
    ga, fa, gb, fb = a[FIRST], a[LAST], b[FIRST], b[LAST]
    if not ga.strip() or not gb.strip():  # only a family name on one row
        return 2 if _family_fits(fa or ga, fb or gb) else 0
    if not fa.strip() or not fb.strip():  # only a given name (or the whole name in one box) on one row
        return 2 if names_fit_given(ga, gb) else 0
    if names_fit_given(ga, gb) and _family_fits(fa, fb):
        return 2
    if names_fit_given(ga, fb) and _family_fits(fa, gb):
        return 2  # first and last swapped
    if names_fit_given(ga, gb):
        return 1
    return 0


def _company_key(name: str) -> str:
    words = [w for w in _fold(name).replace("&", " ").split() if w not in ("as", "aps", "a/s", "ab", "da")]
    return " ".join(words)


# ---------------------------------------------------------------------------------------------------------------
class _Rows:
    """Writes a person's rows the way each channel writes them."""

    def __init__(self, builder: _Builder) -> None:
        self.b = builder
        self.rng = builder.rng

    def typed_phone(self, e164: str) -> str:
        """A number as a customer types it at checkout."""
        country = {"+47": "NO", "+45": "DK", "+46": "SE"}[e164[:3]]
        national, code = e164[3:], e164[1:3]
        if country == "SE" and national[0] == "8":  # a Stockholm landline
            forms = [f"08-{national[1:4]} {national[4:6]} {national[6:]}", "0" + national,
                     f"+46 8 {national[1:4]} {national[4:6]} {national[6:]}", e164]
        elif country == "SE":
            n = "0" + national
            forms = [n, f"{n[:3]}-{n[3:6]} {n[6:8]} {n[8:]}", f"+46 {national[:2]} {national[2:5]} {national[5:7]} "
                     f"{national[7:]}", e164, f"{n[:3]} {n[3:6]} {n[6:8]} {n[8:]}", f"0046{national}"]
        else:
            forms = [national, f"{national[:2]} {national[2:4]} {national[4:6]} {national[6:]}",
                     f"+{code} {national[:2]} {national[2:4]} {national[4:6]} {national[6:]}", e164,
                     f"00{code} {national}", f"{national[:4]} {national[4:]}"]
            if country == "NO" and national[0] in "49":
                forms.append(f"{national[:3]} {national[3:5]} {national[5:]}")
                forms.append(f"+{code} {national[:3]} {national[3:5]} {national[5:]}")
        return self.rng.choice(forms)

    def base(self, person: Person) -> list[str]:
        row = [""] * len(HEADER)
        row[FIRST], row[LAST] = person.given, person.family
        row[COUNTRY] = person.country
        row[TAX_EXEMPT] = "no"
        return row

    def home(self, row: list[str], address: Address) -> None:
        row[ADDRESS1], row[ADDRESS2], row[CITY], row[ZIP] = address.street, address.extra, address.city, \
            address.postcode
        row[COUNTRY] = address.country

    def commerce(self, row: list[str], orders: int | None = None) -> None:
        orders = self.rng.choices([1, 2, 3, 4, 6, 9, 14, 25], weights=[40, 20, 12, 8, 7, 6, 4, 3])[0] \
            if orders is None else orders
        row[ORDERS] = str(orders)
        row[SPENT] = f"{orders * self.rng.randint(149, 899) + self.rng.choice([0, 0, 50]):.2f}" if orders else "0.00"
        row[ACCEPTS_EMAIL] = "yes" if self.rng.random() < 0.55 else "no"
        row[ACCEPTS_SMS] = "yes" if row[PHONE] and self.rng.random() < 0.4 else "no"

    def private(self, person: Person, address: Address | None = None, email: str | None = None,
                mobile: str | None = "keep") -> list[str]:
        """An account or guest checkout at home."""
        row = self.base(person)
        mobile = person.mobile if mobile == "keep" else mobile
        self.home(row, address or person.home)
        if email is None:
            family_first = person.family_mailbox and (not person.email or self.rng.random() < 0.3)
            email = person.family_mailbox if family_first else person.email or ""
        row[EMAIL] = email
        if mobile and self.rng.random() < 0.45:
            row[PHONE] = "'" + mobile
        typed = mobile if mobile and self.rng.random() < 0.85 else person.landline
        if person.landline and self.rng.random() < 0.35:
            typed = person.landline
        if person.relative_mobile and self.rng.random() < RATES["relative_phone"]:
            typed = person.relative_mobile  # "ring Ola when the parcel comes"
        row[ADDRESS_PHONE] = self.typed_phone(typed) if typed else ""
        self.commerce(row)
        return row

    def office(self, person: Person, company: Company, email: str | None = None) -> list[str]:
        row = self.base(person)
        self.home(row, company.address)
        row[COMPANY] = company.name
        if email is None:
            email = company.role_mailbox if company.role_mailbox and self.rng.random() < 0.4 else person.work_email
        row[EMAIL] = email
        if person.mobile and (self.rng.random() < 0.5 or email == company.role_mailbox):
            row[PHONE] = "'" + person.mobile
        row[ADDRESS_PHONE] = self.typed_phone(company.switchboard) if self.rng.random() < RATES["switchboard"] \
            else (self.typed_phone(person.mobile) if person.mobile else "")
        if email == company.role_mailbox and not row[PHONE]:
            row[ADDRESS_PHONE] = self.typed_phone(person.mobile) if person.mobile else row[ADDRESS_PHONE]
        self.commerce(row)
        row[TAX_EXEMPT] = "yes" if company.country != "NO" and self.rng.random() < 0.7 else "no"
        return row

    def first(self, person: Person) -> list[str]:
        return self.office(person, person.company) if person.company else self.private(person)

    def newsletter(self, person: Person, email: str) -> list[str]:
        """A newsletter pop-up or market sign-up: the address, often a first name, nothing else."""
        row = [""] * len(HEADER)
        row[EMAIL] = email if self.rng.random() < 0.8 else email.capitalize()
        row[FIRST] = person.given.split()[0] if self.rng.random() < 0.65 else ""
        if row[FIRST] and self.rng.random() < 0.25:
            row[LAST] = person.family
        row[ACCEPTS_EMAIL], row[ACCEPTS_SMS] = "yes", "no"
        row[ORDERS], row[SPENT], row[TAX_EXEMPT] = "0", "0.00", "no"
        row[TAGS] = self.rng.choice(["nyhetsbrev", "newsletter, popup", "marked-2023", "nyhedsbrev"])
        return row


def _slip(name: str, rng: random.Random, real: set[str]) -> str:
    """A keyboard slip on a Nordic layout that does not make another real name."""
    neighbours = {"a": "sq", "s": "ad", "d": "sf", "e": "wr", "r": "et", "t": "ry", "n": "bm", "m": "n", "i": "uo",
                  "o": "ip", "l": "kø", "k": "jl", "ø": "læ", "æ": "ø", "å": "p", "g": "fh", "h": "gj", "j": "hk",
                  "u": "yi", "v": "cb", "b": "vn", "p": "oå", "y": "tu", "f": "dg", "c": "xv", "w": "qe"}
    for _ in range(20):
        chars = list(name)
        spots = [i for i in range(1, len(chars)) if chars[i].isalpha()]
        if not spots:
            return name
        i = rng.choice(spots)
        kind = rng.random()
        if kind < 0.35 and chars[i].lower() in neighbours:
            chars[i] = rng.choice(neighbours[chars[i].lower()])
        elif kind < 0.6:
            del chars[i]
        elif kind < 0.8:
            chars.insert(i, chars[i])
        elif i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        out = "".join(chars)
        if out != name and _fold(out) not in real and len(out) >= 3:
            return out
    return _ascii(name) if _ascii(name) != name else name + name[-1]


def generate(rows: int, seed: int = 61) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """``rows`` rows of the shop's register and the truth: (Customer ID, entity) per row, in row order."""
    table, truth, _ = build(rows, seed)
    return table, truth


def build(rows: int, seed: int = 61, entities: dict[str, dict] | None = None,
          ) -> tuple[list[list[str]], list[tuple[str, str]], Counter]:
    """``generate``, and how often each kind was drawn (households, twins, father and son, copies by kind ...);
    with ``entities``, also fills it with each entity's household, role, office and name (see ``relation``)."""
    b = _Builder(seed)
    w = _Rows(b)
    rng = b.rng
    drafted: list[tuple[float, list[str], str, str]] = []  # (when, row, entity, kind)
    total = 0
    all_names: list[str] = []
    near: dict[str, list[str]] = {}  # a person -> the names of housemates or colleagues
    while total < rows:
        if rng.random() < RATES["office_unit"]:
            company, people = b.office()
            if rng.random() < RATES["company_card"]:
                total += _company_cards(b, w, company, drafted)
        else:
            people = b.household()
        names = [f"{person.given} {person.family}" for person in people]
        all_names += names
        for n, person in enumerate(people):
            near[person.key] = names[:n] + names[n + 1:]
            total += _person_rows(b, w, person, drafted, near[person.key])
    drafted.sort(key=lambda item: item[0])
    drafted = drafted[:rows]
    _notes(b, drafted, all_names, near)
    ids = rng.randint(6_900_000_000_000, 7_000_000_000_000)
    table, truth = [], []
    kinds = Counter()
    for _, row, entity, kind in drafted:
        ids += rng.randint(40, 180_000)
        row[ID] = f"'{ids}"
        table.append(row)
        truth.append((row[ID], entity))
        kinds[kind] += 1
    if entities is not None:
        for person in b.people:
            entities[person.key] = {"household": person.household, "role": person.role, "twin": person.twin,
                                  "office": person.company.key if person.company else None,
                                  "namesake_of": person.namesake_of, "name": _fold(f"{person.given} {person.family}"),
                                  "city": person.home.city}
        for company in b.companies:
            entities[company.key] = {"card": company.name}
    counts = Counter({key: n for key, n in b.count.items() if not key.startswith("copy ")})
    counts.update({f"row {kind}": n for kind, n in kinds.items()})  # what survived the cut at ``rows``
    return table, truth, counts


def _company_cards(b: _Builder, w: _Rows, company: Company, drafted: list) -> int:
    """A company-only row (no person), and sometimes the same company twice."""
    rng = b.rng
    mailbox_ = company.role_mailbox or b.new_mailbox(_ROLE_MAILBOXES[company.country], company.domain, company.key)
    row = [""] * len(HEADER)
    w.home(row, company.address)
    row[COMPANY], row[EMAIL], row[ADDRESS_PHONE] = company.name, mailbox_, w.typed_phone(company.switchboard)
    w.commerce(row)
    row[TAX_EXEMPT], row[TAGS] = ("yes" if company.country != "NO" else "no"), "b2b, faktura"
    when = rng.random()
    drafted.append((when, row, company.key, "company card"))
    b.count["company_card"] += 1
    if rng.random() >= RATES["company_card_twice"]:
        return 1
    again = list(row)
    variant = rng.random()
    if variant < 0.4:
        again[COMPANY] = _company_key(company.name).title()
    elif variant < 0.7:
        again[COMPANY] = company.name.upper()
    else:
        again[EMAIL] = b.new_mailbox(_ROLE_MAILBOXES[company.country], company.domain, company.key)
    again[ADDRESS_PHONE] = w.typed_phone(company.switchboard)
    w.commerce(again)
    drafted.append((when + rng.random() * (1 - when), again, company.key, "company card twice"))
    b.count["company_card_twice"] += 1
    return 2


def _copy_kinds(b: _Builder, person: Person, near: list[str], first: list[str]) -> dict[str, int]:
    """The changes a later row of ``person`` can show (an office buyer changes job, a private customer moves)."""
    kinds = dict(COPY_KINDS)
    initial_only = person.given not in NICKNAMES and not any(mark in person.given for mark in " -")
    if initial_only and any(other[0] == person.given[0] for other in near):
        kinds.pop("nickname")  # "A. Andersen" could be any A. of the home or office
    office_only, private_only = ("new_job", "private_once"), ("moved", "new_mailbox", "guest_other_mailbox",
                                                               "domain_typo", "gmail_dots")
    for kind in private_only if person.company else office_only:
        kinds.pop(kind)
    if person.sex != "f":
        kinds.pop("married")
    if not person.mobile:
        for kind in ("moved", "new_mailbox", "new_job", "guest_other_mailbox", "married"):
            kinds.pop(kind, None)
    signs_up_with = person.work_email if person.company else person.email
    if not signs_up_with or b.mailboxes.get(mailbox(signs_up_with)) != person.key or person.namesake_of \
            or mailbox(first[EMAIL] or "-@-") != mailbox(signs_up_with):
        # a sign-up from a mailbox the person shares could be anyone's in it, and one from a mailbox the buyer's
        # row does not show is nobody's a reader could tell
        kinds.pop("newsletter")
    if not person.email or person.email.rpartition("@")[2] not in DOMAIN_TYPOS:
        kinds.pop("domain_typo", None)
    if not person.email or not person.email.endswith("@gmail.com"):
        kinds.pop("gmail_dots", None)
    return kinds


def _person_rows(b: _Builder, w: _Rows, person: Person, drafted: list, near: list[str]) -> int:
    """The person's first row and, for some, later rows (copies); ``near``: the names of housemates or
    colleagues (a copy is never cut to an initial one of them shares)."""
    rng = b.rng
    when = rng.random() ** 0.8  # more customers joined lately
    first = w.first(person)
    if person.namesake_of:  # father and son with one whole name: the own mobile and mailbox on every row
        first[PHONE], first[EMAIL] = "'" + person.mobile, person.email
    elif not _own_details(person) & set(details(first)):  # the family's mailbox and landline only
        if person.mobile:
            first[PHONE] = "'" + person.mobile
        elif person.email:
            first[EMAIL] = person.email
    if rng.random() < 0.25:
        first[TAGS] = ", ".join(rng.sample(_TAGS, rng.randint(1, 2)))
    drafted.append((when, first, person.key, "first"))
    if rng.random() >= RATES["office_copies" if person.company else "copies"]:
        return 1
    copies = b.pick(RATES["copy_count"])
    for _ in range(copies):
        kind = b.pick(_copy_kinds(b, person, near, first))
        row = _copy(b, w, person, kind)
        _ensure_link(person, first, row, kind)
        when = when + rng.random() * (1 - when)
        drafted.append((when, row, person.key, kind))
        b.count[f"copy {kind}"] += 1
    b.count["people with copies"] += 1
    return 1 + copies


def _copy(b: _Builder, w: _Rows, person: Person, kind: str) -> list[str]:
    """One later row of ``person`` with the change ``kind`` names."""
    rng = b.rng
    if kind == "newsletter":
        return w.newsletter(person, person.work_email if person.company else person.email)
    if kind == "new_job":
        company = b.company(person.country)
        b.companies.remove(company)  # the new employer buys nothing itself
        return w.office(person, company, b.work_email(person, company))
    if kind == "private_once":
        row = w.private(person)
        if not row[EMAIL]:
            row[EMAIL] = person.work_email
        return row
    row = w.first(person)
    if kind == "guest_other_mailbox":
        row[EMAIL] = b.personal_email(person.given, person.family, person.country, person.key)
        row[TAGS] = "woocommerce" if rng.random() < 0.5 else ""
        w.commerce(row, orders=1)
    elif kind == "moved":
        row = w.private(person, address=b.address(person.country))
        if rng.random() < 0.4 and not person.namesake_of:
            new_mobile = b.number(person.country, True, person.key)
            row[PHONE] = "'" + new_mobile if row[PHONE] else ""
            row[ADDRESS_PHONE] = w.typed_phone(new_mobile)
            row[EMAIL] = person.email or row[EMAIL]
    elif kind == "new_mailbox":
        row[EMAIL] = b.personal_email(person.given, person.family, person.country, person.key)
    elif kind == "married":
        new_family = b.family_name(person.country)
        row[LAST] = new_family if rng.random() < 0.6 else f"{person.family} {new_family}"
        if rng.random() < 0.5 and not person.company:
            row[EMAIL] = b.personal_email(person.given, new_family, person.country, person.key)
    elif kind == "name_slip":
        if rng.random() < 0.5 and len(person.given) >= 4:  # a slip in a name of three letters is another name
            row[FIRST] = _slip(person.given, rng, b.given_words)
        else:
            row[LAST] = _slip(person.family, rng, set())
    elif kind == "domain_typo":
        local, _, domain = person.email.rpartition("@")
        row[EMAIL] = f"{local}@{rng.choice(DOMAIN_TYPOS[domain])}"
    elif kind == "gmail_dots":
        local = person.email.split("@")[0]
        half = len(local) // 2
        row[EMAIL] = (local.replace(".", "") if "." in local else f"{local[:half]}.{local[half:]}") + "@gmail.com"
    elif kind == "swapped":
        row[FIRST], row[LAST] = row[LAST], row[FIRST]
    elif kind == "nickname":
        row[FIRST] = _nickname(person.given, rng)
    elif kind == "capitals_spaces":
        style = rng.random()
        if style < 0.35:
            row[FIRST], row[LAST] = row[FIRST].lower(), row[LAST].lower()
        elif style < 0.6:
            row[FIRST], row[LAST] = row[FIRST].upper(), row[LAST].upper()
        elif style < 0.8:
            row[FIRST], row[LAST] = f" {row[FIRST]}", f"{row[LAST]}  "
        else:
            row[FIRST], row[LAST] = f"{row[FIRST]}  {row[LAST]}", ""  # the whole name typed in one box
    if row[ADDRESS1] and kind not in ("fields_missing", "new_job") and rng.random() < RATES["address_variant"]:
        row[ADDRESS1], row[ADDRESS2] = _address_variant(row[ADDRESS1], row[ADDRESS2], rng)
    if kind == "fields_missing":
        blank = rng.choice(["phones", "address", "email"])
        if blank == "phones":
            row[PHONE] = row[ADDRESS_PHONE] = ""
        elif blank == "address":
            for col in (ADDRESS1, ADDRESS2, CITY, ZIP, COMPANY):
                row[col] = ""
        else:
            row[EMAIL] = ""
    return row


def _own_details(person: Person) -> set[str]:
    """The details (as ``details`` writes them) that are the person's own: mobile, personal and work mailbox."""
    own = {"m:" + mailbox(e) for e in (person.email, person.work_email) if e}
    return own | ({"t:" + person.mobile} if person.mobile else set())


_ABBREVIATIONS = (("gata", "gt."), ("gate", "gt."), ("veien", "vn."), ("vegen", "vn."), ("gade", "g."),
                  ("gatan", "g."), ("vägen", "v."), ("vej", "v."))


def _address_variant(street: str, extra: str, rng: random.Random) -> tuple[str, str]:
    """The same address typed another way: the street word cut short, lower case, the house letter apart, or
    the flat (2. tv, H0201) in the first line."""
    name, _, number = street.rpartition(" ")
    kind = rng.random()
    if kind < 0.35:
        for long, short in _ABBREVIATIONS:
            if name.endswith(long):
                return f"{name[:-len(long)]}{short} {number}", extra
    if kind < 0.55 and extra:
        return f"{street}, {extra}", ""
    if kind < 0.75 and number[-1:].isalpha():
        return f"{name} {number[:-1]} {number[-1].lower()}", extra
    return street.lower(), extra.replace(". ", ".")


def _ensure_link(person: Person, first: list[str], row: list[str], kind: str) -> None:
    """A copy keeps a detail of the person's own that the first row has (two under a new family name), so that
    a careful reader can link it (``findability``): the mobile goes back on it, then the first row's mailbox.
    Father and son with one whole name keep their own mobile and mailbox on every row."""
    need = 2 if kind == "married" else 1
    own = _own_details(person)
    if not person.company and not person.namesake_of:
        own |= {k for k in details(first) if k.startswith("a:")}
    if person.namesake_of:
        row[PHONE], row[EMAIL] = "'" + person.mobile, person.email
        return
    for fix in ("mobile", "mailbox"):
        shared = [k for k in details(first) if k in own and k in details(row)]
        if len(shared) >= need:
            return
        if fix == "mobile" and person.mobile:
            row[PHONE] = "'" + person.mobile
        elif fix == "mailbox" and first[EMAIL] and "m:" + mailbox(first[EMAIL]) in own:
            row[EMAIL] = first[EMAIL]


def _nickname(given: str, rng: random.Random) -> str:
    """A short form (Kristoffer -> Kris), one part of a double name (Jens Peter -> Jens), or the hyphen written
    another way (Anne-Lise -> Anne Lise)."""
    if given in NICKNAMES:
        return NICKNAMES[given]
    if "-" in given:
        return given.replace("-", " ") if rng.random() < 0.5 else given.split("-")[0]
    if " " in given:
        return given.split()[0] if rng.random() < 0.7 else given.replace(" ", "-")
    return given[0] + "."  # an initial


def _notes(b: _Builder, drafted: list, names: list[str], near: dict[str, list[str]]) -> None:
    """Free-text notes on some rows, often naming another customer: a housemate or colleague, or anyone."""
    rng = b.rng
    for _, row, entity, _ in drafted:
        if rng.random() >= RATES["note"]:
            continue
        text = rng.choice(_NOTES[row[COUNTRY] or "NO"])
        others = near.get(entity) or names
        other = rng.choice(others if rng.random() < RATES["note_names_other"] * 2 else names)
        date = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.choice([2022, 2023, 2024, 2025])}"
        row[NOTE] = text.format(other=other, date=date)


# ---------------------------------------------------------------------------------------------------------------
# street words and their short forms, longest first: a street is its name and its kind (gate or vei)
_STREET_KINDS = (("gatan", "g"), ("gaten", "g"), ("gata", "g"), ("gate", "g"), ("gade", "g"), ("gt", "g"), ("g", "g"),
                 ("vägen", "v"), ("veien", "v"), ("vegen", "v"), ("vejen", "v"), ("vej", "v"), ("vn", "v"), ("v", "v"))


def address_key(street: str, extra: str, postcode: str) -> str:
    """One home however it is typed: the street's name and kind with its short forms read (Storgata = Storgt.,
    Kirkegata is not Kirkeveien), the house number and letter, the flat, the postcode."""
    text = _fold(f"{street} {extra}").replace(",", " ")
    match = re.match(r"(\D+?)\s*(\d+)\s*([a-zæøå]?)\b(.*)", text)
    if not match:
        return f"{text}|{postcode}"
    name = re.sub(r"[^a-zæøåäöé]", "", match.group(1))
    name = next((f"{name[:-len(word)]}/{kind}" for word, kind in _STREET_KINDS if name.endswith(word)), name)
    flat = re.sub(r"[^a-z0-9]", "", match.group(4))
    return f"{name}|{match.group(2)}{match.group(3)}|{flat}|{postcode}"


def details(row: list[str]) -> list[str]:
    """The identifying details a careful reader links two rows by: the mailbox, each phone (E.164), the home
    (country, street, flat and postcode)."""
    country = row[COUNTRY] or "NO"
    out = []
    if row[EMAIL].strip():
        out.append("m:" + mailbox(row[EMAIL]))
    for col in (PHONE, ADDRESS_PHONE):
        key = phone_key(row[col], country)
        if key and "t:" + key not in out:
            out.append("t:" + key)
    if row[ADDRESS1].strip() and row[ZIP].strip():
        out.append(f"a:{row[COUNTRY]}|" + address_key(row[ADDRESS1], row[ADDRESS2], row[ZIP]))  # 2000 is in NO and DK
    return out


def _linked(a: int, b: int, table: list[list[str]], keys: list[list[str]], holders: dict[str, list[int]],
            entity: list[str]) -> bool:
    fit = name_fit(table[a], table[b])
    if not fit:
        return False
    shared = [k for k in keys[a] if k in keys[b]]
    if len(shared) < (1 if fit == 2 else 2):
        return False
    # no row of another person with a name fitting as well holds every shared detail
    smallest = min(shared, key=lambda k: len(holders[k]))
    for c in holders[smallest]:
        if entity[c] in (entity[a], entity[b]):
            continue
        if all(k in keys[c] for k in shared) and (name_fit(table[a], table[c]) >= fit
                                                   or name_fit(table[b], table[c]) >= fit):
            return False
    return True


def _root(parent: dict[int, int], x: int) -> int:
    while parent[x] != x:
        x = parent[x]
    return x


def findability(table: list[list[str]], truth: list[tuple[str, str]]) -> dict:
    """True pairs and how many of them a careful human could not link: two rows are linked when their names
    fit, they share an identifying detail (two under another family name), and no row of another person with
    an equally fitting name holds every detail they share; a pair is findable when links join its rows."""
    keys = [details(row) for row in table]
    holders: dict[str, list[int]] = defaultdict(list)
    for n, row_keys in enumerate(keys):
        for k in row_keys:
            holders[k].append(n)
    entity = [e for _, e in truth]
    groups: dict[str, list[int]] = defaultdict(list)
    for n, e in enumerate(entity):
        groups[e].append(n)
    pairs = unfindable = 0
    examples = []
    for members in groups.values():
        if len(members) < 2:
            continue
        parent = {m: m for m in members}
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if _root(parent, a) != _root(parent, b) and _linked(a, b, table, keys, holders, entity):
                    parent[_root(parent, a)] = _root(parent, b)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs += 1
                if _root(parent, a) != _root(parent, b):
                    unfindable += 1
                    if len(examples) < 10:
                        examples.append((table[a], table[b]))
    return {"true_pairs": pairs, "unfindable": unfindable, "share": round(unfindable / max(pairs, 1), 4),
            "examples": examples}


def _own(keys: list[list[str]], entity: list[str]) -> set[str]:
    """Details that one entity alone holds (a personal mobile or mailbox, not a family's or an office's)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for n, row_keys in enumerate(keys):
        for k in row_keys:
            owners[k].add(entity[n])
    return {k for k, who in owners.items() if len(who) == 1}


def lookalikes(table: list[list[str]], truth: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """Pairs of rows of two different people that a careful human would take for one: the same person's name
    (fit 2), a shared detail, and no two different own mobiles or own mailboxes."""
    keys = [details(row) for row in table]
    entity = [e for _, e in truth]
    own = _own(keys, entity)
    holders: dict[str, list[int]] = defaultdict(list)
    for n, row_keys in enumerate(keys):
        for k in row_keys:
            holders[k].append(n)
    found = []
    seen = set()
    for k in sorted(holders):
        rows = holders[k]
        if len(rows) > 200:
            continue
        for i, a in enumerate(rows):
            for c in rows[i + 1:]:
                if entity[a] == entity[c] or (a, c) in seen:
                    continue
                seen.add((a, c))
                if name_fit(table[a], table[c]) != 2:
                    continue
                mine = {x for x in keys[a] if x in own and x[0] in "mt"}
                theirs = {x for x in keys[c] if x in own and x[0] in "mt"}
                if any(x[0] == y[0] for x in mine for y in theirs):
                    continue  # two different own mobiles or mailboxes: two people
                found.append((a, c))
    return found


def shape(table: list[list[str]], truth: list[tuple[str, str]]) -> dict:
    """What the register holds: rows, entities, copies and each kind of lookalike, counted from the rows."""
    entity = [e for _, e in truth]
    sizes = Counter(entity)
    people = {e for e in entity if e.startswith("p")}
    by_name_place: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_name_city: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_mailbox: dict[str, set[str]] = defaultdict(set)
    by_company: dict[str, set[str]] = defaultdict(set)
    for row, e in zip(table, entity):
        if not e.startswith("p"):
            continue
        name = _fold(f"{row[FIRST]} {row[LAST]}")
        if row[ADDRESS1]:
            by_name_place[(name, _fold(row[ADDRESS1] + row[ZIP]))].add(e)
            by_name_city[(name, _fold(row[CITY]))].add(e)
        if row[EMAIL]:
            by_mailbox[mailbox(row[EMAIL])].add(e)
        if row[COMPANY]:
            by_company[_company_key(row[COMPANY])].add(e)
    return {
        "rows": len(table), "entities": len(sizes), "people": len(people),
        "company entities": len(sizes) - len(people),
        "people with copies": sum(1 for e in people if sizes[e] > 1),
        "copy rows": sum(n - 1 for e, n in sizes.items() if e.startswith("p")),
        "company cards twice": sum(1 for e, n in sizes.items() if e.startswith("c") and n > 1),
        "one whole name at one address, two people": sum(1 for who in by_name_place.values() if len(who) > 1),
        "one whole name in one city, two or more people": sum(1 for who in by_name_city.values() if len(who) > 1),
        "mailboxes shared by two or more people": sum(1 for who in by_mailbox.values() if len(who) > 1),
        "offices with two or more buyers": sum(1 for who in by_company.values() if len(who) > 1),
        "rows with a note": sum(1 for row in table if row[NOTE]),
        "countries": dict(sorted(Counter(row[COUNTRY] for row in table if row[COUNTRY]).items())),
    }


def relation(a: str, b: str, people: dict[str, dict]) -> str:
    """What two different entities are to each other, in the words of the lookalike kinds above."""
    one, two = people[a], people[b]
    if "card" in one or "card" in two:
        if "card" in one and "card" in two:
            return "two company cards"
        card, person = (a, two) if "card" in one else (b, one)
        return "a company card and a buyer at it" if person["office"] == card else "a company card and a person"
    if one["household"] == two["household"]:
        if one["namesake_of"] == b:
            return "father and son with one whole name at one address"
        if one["twin"] and two["twin"]:
            return "twins"
        if "spouse" in (one["role"], two["role"]) and "head" in (one["role"], two["role"]):
            return "spouses"
        return "parent and grown child, or siblings, at one address"
    if one["office"] and one["office"] == two["office"]:
        return "colleagues at one office"
    if one["name"] == two["name"]:
        return "namesakes in one city" if one["city"] == two["city"] else "namesakes in two cities"
    return "unrelated, other names"


def false_pairs(report: Path, rows: int, seed: int, show: int = 5) -> list[str]:
    """The pairs of sure clusters in ``rensa dedupe --report`` that are two entities, by ``relation``, with
    ``show`` example pairs of rows each; and the rows a clean with --merge would mark Delete wrongly."""
    import json
    people: dict[str, dict] = {}
    table, truth, _ = build(rows, seed, people)
    entity = [e for _, e in truth]
    clusters = json.loads(Path(report).read_text(encoding="utf-8"))["clusters"]
    kinds: dict[str, list[tuple[int, int]]] = defaultdict(list)
    wrong = 0
    for cluster in clusters:
        if cluster["band"] != "sure":
            continue
        members = [row - 1 for row in cluster["rows"]]
        keep = entity[cluster["survivor"] - 1]
        wrong += sum(1 for row in members if entity[row] != keep)
        for i, a in enumerate(members):
            for c in members[i + 1:]:
                if entity[a] != entity[c]:
                    kinds[relation(entity[a], entity[c], people)].append((a, c))
    out = [f"false sure pairs: {sum(len(v) for v in kinds.values())}; rows wrongly marked Delete: {wrong}"]
    for kind, pairs in sorted(kinds.items(), key=lambda item: -len(item[1])):
        out.append(f"{len(pairs):6d}  {kind}")
        for a, c in pairs[:show]:
            for row in (table[a], table[c]):
                out.append(f"          {row[ID]} {row[FIRST:COMPANY + 2] + row[ADDRESS2:CITY + 1] + row[ZIP:PHONE + 1]}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=61)
    parser.add_argument("--out", default="shop.csv")
    parser.add_argument("--findability", action="store_true",
                        help="also print the share of true pairs a careful human could not link, and lookalikes")
    parser.add_argument("--false-pairs", metavar="REPORT.json",
                        help="instead: sort the false pairs of sure clusters in a `rensa dedupe --report` of this "
                             "register (the same --rows and --seed) by what the two are to each other")
    parser.add_argument("--show", type=int, default=5, help="example pairs per kind with --false-pairs")
    args = parser.parse_args()
    if args.false_pairs:
        print("\n".join(false_pairs(Path(args.false_pairs), args.rows, args.seed, args.show)))
        return
    table, truth, counts = build(args.rows, args.seed)
    write_register(args.out, HEADER, table, truth)
    for key, value in shape(table, truth).items():
        print(f"{key}: {value}")
    print("drawn:", ", ".join(f"{key} {n}" for key, n in sorted(counts.items())))
    if args.findability:
        found = findability(table, truth)
        print(f"true pairs: {found['true_pairs']}, a careful human could not link: {found['unfindable']} "
              f"({100 * found['share']:.2f} %)")
        for a, b in found["examples"][:5]:
            print("   ", a, "\n   ", b)
        print(f"lookalikes (two people a careful human would take for one): {len(lookalikes(table, truth))}")


if __name__ == "__main__":
    main()
