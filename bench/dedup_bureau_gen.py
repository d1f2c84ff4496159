"""A Finland-Swedish accounting bureau's client and contact register: the fourth held-out dedup register (issue 9).

    python bench/dedup_bureau_gen.py --rows 5000 --seed 41 --out /tmp/bureau.csv [--findability]

A bokföringsbyrå / tilitoimisto in Vasa keeps its clients from both sides of the Kvarken in one CRM and exports it
with Fortnox-style Swedish headers. Its rows are what such a register holds after a few years of use:

- **Client companies** with valid ids: Finnish Oy / Ab / Ky / Ay / Tmi with a Y-tunnus, Swedish AB / HB / KB with an
  organisationsnummer, and Swedish sole traders (enskild firma) whose organisationsnummer *is* the owner's
  personnummer and whose name holds the owner's name ("Anders Marklund Bygg", "Tmi Jari Virtanen").
- **Contacts** at those companies sharing what a company shares: a switchboard (växel / vaihde) in Telefon 1, role
  addresses (faktura@, ekonomi@, kirjanpito@, laskutus@, reskontra@, info@), the company's street address and its
  org number. Colleagues often have the same family name (relatives, and common names), and family firms have
  father and son, marked Sr./Jr., d.ä./d.y., vanhempi/nuorempi, senior/junior, on one of the two only, or not at all,
  sometimes with the same given name.
- **Households**: an owner's spouse and grown child are private clients (deklaration / veroilmoitus) at the home
  address, with their own personal id in the org-number column (as Fortnox keeps a private customer's), a shared
  home landline or a family mailbox now and then.
- **Namesakes** from real name frequencies: Swedish (SCB), Finnish (DVV) and Finland-Swedish family names with a long
  tail, given names by generation and sex.
- **Company-only rows** (a company card with no person), sometimes twice: "Ab"/"AB" dropped, capitals, org number
  missing.
- **Copies** of about 9 % of people, as a register gets them: a new job (new company, e-mail and switchboard, same
  mobile), a mobile added, a slip of the keyboard, a nickname, the given name in the other language (Johan / Juha),
  a married name, fields left blank, both names typed into "Namn" (either order), the name columns swapped, å/ä/ö
  lost, the street in the other language (Storgatan / Isokatu).
- **Columns Rensa must not compare**: Kundnr (sequential, the id), Tjänst, Vår referens (the bureau's accountant,
  a person's name on thousands of rows), Senast kontakt / Viimeisin yhteys (a date in every row) and Kommentarer
  (free text).

The truth: one entity per person (``p…``) and one per company for company-only rows (``c…``). A person row is never
the same entity as a company-only row. ``findability(table, truth)`` counts the true pairs a careful human could not
link from the register alone (see its docstring); the generator keeps it well under 2 %.

Written for session 5 without reading core/dedup/ or the other generators.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import random
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz.distance import OSA
from stdnum import luhn

HEADER = ["Kundnr", "Företag", "Organisationsnummer / Y-tunnus", "Förnamn", "Efternamn", "Namn", "Titel", "E-post",
          "Mobil", "Telefon 1", "Adress 1", "Postnummer", "Ort", "Land", "Språk", "Tjänst", "Vår referens",
          "Senast kontakt / Viimeisin yhteys", "Kommentarer"]
(KUNDNR, COMPANY, ORGNR, GIVEN, FAMILY, NAME, TITLE, EMAIL, MOBILE, PHONE, STREET, POSTCODE, TOWN, COUNTRY, LANG,
 SERVICE, OUR_REF, LAST_CONTACT, NOTES) = range(len(HEADER))

FIRST_CUSTOMER_NUMBER = 10001
TODAY = dt.date(2026, 12, 1)  # the export's date: fixes ages and the personnummer's century sign

# ---------------------------------------------------------------------------------------------------------------
# Names. Family names with their share of the population (per mille): Sweden after SCB's name statistics, Finland
# after DVV's, Finland-Swedish families after the commonest names of Ostrobothnia and Nyland. Each list is
# followed by a long tail built from the parts real names are made of, so rare names are rare.

_SE_FAMILY = [
    ("Andersson", 21.5), ("Johansson", 21.4), ("Karlsson", 18.6), ("Nilsson", 14.9), ("Eriksson", 13.1),
    ("Larsson", 11.0), ("Olsson", 10.0), ("Persson", 9.3), ("Svensson", 8.8), ("Gustafsson", 8.6),
    ("Pettersson", 8.4), ("Jonsson", 6.4), ("Jansson", 4.4), ("Hansson", 4.0), ("Bengtsson", 3.2),
    ("Jönsson", 3.0), ("Lindberg", 2.7), ("Jakobsson", 2.6), ("Magnusson", 2.5), ("Olofsson", 2.5),
    ("Lindström", 2.5), ("Lindqvist", 2.4), ("Lindgren", 2.4), ("Berg", 2.3), ("Axelsson", 2.3),
    ("Bergström", 2.2), ("Lundberg", 2.2), ("Lundgren", 2.1), ("Lind", 2.1), ("Lundqvist", 2.0),
    ("Mattsson", 2.0), ("Berglund", 1.9), ("Fredriksson", 1.8), ("Sandberg", 1.8), ("Henriksson", 1.7),
    ("Forsberg", 1.7), ("Sjöberg", 1.7), ("Wallin", 1.6), ("Engström", 1.6), ("Eklund", 1.5),
    ("Danielsson", 1.5), ("Lundin", 1.5), ("Håkansson", 1.5), ("Björk", 1.4), ("Bergman", 1.4),
    ("Gunnarsson", 1.4), ("Holm", 1.4), ("Wikström", 1.4), ("Samuelsson", 1.3), ("Isaksson", 1.3),
    ("Fransson", 1.3), ("Bergqvist", 1.3), ("Nyström", 1.3), ("Holmberg", 1.3), ("Arvidsson", 1.2),
    ("Löfgren", 1.2), ("Söderberg", 1.2), ("Nyberg", 1.2), ("Blomqvist", 1.2), ("Nordström", 1.2),
    # Västerbotten and Norrbotten, where the bureau's Swedish clients live
    ("Marklund", 1.6), ("Lundmark", 1.1), ("Viklund", 1.4), ("Öberg", 0.9), ("Burman", 0.6), ("Lindmark", 0.5),
    ("Hedlund", 0.9), ("Åström", 0.8), ("Nordin", 0.9), ("Granberg", 0.7), ("Sundqvist", 0.8), ("Boström", 0.7),
    ("Ali", 1.1), ("Mohammed", 1.0), ("Niemi", 0.4), ("Lahti", 0.3),
]
_FI_FAMILY = [
    ("Korhonen", 4.1), ("Virtanen", 4.0), ("Mäkinen", 3.7), ("Nieminen", 3.6), ("Mäkelä", 3.4),
    ("Hämäläinen", 3.3), ("Laine", 3.2), ("Heikkinen", 3.1), ("Koskinen", 3.0), ("Järvinen", 2.8),
    ("Lehtonen", 2.7), ("Lehtinen", 2.6), ("Saarinen", 2.5), ("Salminen", 2.5), ("Heinonen", 2.4),
    ("Niemi", 2.4), ("Heikkilä", 2.3), ("Kinnunen", 2.2), ("Salonen", 2.2), ("Turunen", 2.2), ("Salo", 2.1),
    ("Laitinen", 2.1), ("Tuominen", 2.1), ("Rantanen", 2.0), ("Karjalainen", 2.0), ("Jokinen", 2.0),
    ("Mattila", 2.0), ("Savolainen", 1.9), ("Lahtinen", 1.9), ("Ahonen", 1.9),
    # South Ostrobothnia
    ("Hietala", 1.2), ("Luoma", 1.0), ("Kangas", 1.1), ("Peltola", 1.0), ("Ketola", 0.9), ("Mäki", 1.3),
    ("Ojala", 1.1), ("Koivisto", 1.0), ("Kallio", 1.0), ("Hakala", 1.0), ("Hautamäki", 0.8), ("Kivimäki", 0.7),
    ("Rinta-Koski", 0.3), ("Yli-Hemminki", 0.2), ("Ala-Kokko", 0.2), ("Latvala", 0.6), ("Harju", 0.8),
]
_FS_FAMILY = [
    ("Johansson", 9.0), ("Nyman", 7.0), ("Eriksson", 9.0), ("Karlsson", 8.0), ("Andersson", 7.5),
    ("Lindqvist", 5.0), ("Lindholm", 5.0), ("Holmberg", 4.5), ("Nylund", 4.5), ("Sundqvist", 4.0),
    ("Björkman", 3.5), ("Backman", 3.5), ("Mattsson", 3.5), ("Östman", 3.5), ("Granholm", 3.0),
    ("Forsman", 3.0), ("Sjöholm", 3.0), ("Strand", 3.0), ("Holmström", 3.0), ("Nyholm", 3.0),
    ("Westerlund", 2.5), ("Back", 2.5), ("Åkerlund", 2.5), ("Vikström", 2.5), ("Sandvik", 2.5),
    ("Storbacka", 2.0), ("Kronqvist", 2.0), ("Store", 2.0), ("Rönnqvist", 2.0), ("Snellman", 2.0),
    ("Öhman", 2.0), ("Smeds", 2.0), ("Klemets", 1.5), ("Häggblom", 1.5), ("Finnäs", 1.5), ("Kull", 1.5),
    ("Sundell", 1.5), ("Ahlskog", 1.5), ("Sjöblom", 1.5), ("Söderlund", 1.5), ("Björklund", 2.0),
    ("Nordling", 1.0), ("Lillas", 1.0), ("Mård", 1.0), ("Ollus", 1.0), ("Grahn", 1.0), ("Kåll", 1.0),
    ("Bäck", 1.0), ("Nyqvist", 1.5), ("Dahlvik", 0.8), ("Rusk", 0.8), ("Vest", 0.8), ("Skog", 0.8),
    ("Granlund", 1.2), ("Enlund", 0.8), ("Hagström", 0.8), ("Mäkelä", 1.0), ("Virtanen", 0.8),
]
# The tails: real names are made of these parts (Swedish nature names, Finnish compounds; the Finnish ending "la"
# takes the vowel harmony of its stem). Share = the population's share left to the tail.
_SE_TAIL = (["Berg", "Lind", "Sjö", "Ek", "Holm", "Sand", "Ny", "Dahl", "Lund", "Hög", "Ås", "Sund", "Fors", "Hed",
             "Löv", "Nord", "Väst", "Öst", "Al", "Björk", "Gran", "Rönn", "Strand", "Mal", "Bäck", "Ahl", "Blom",
             "Kvarn", "Ling", "Sten", "Wik", "Ström", "Hag", "Fager", "Lilje", "Rosen", "Tall", "Gull", "Ljung",
             "Hall", "Ek", "Säll", "Ham", "Lundh", "Pal"],
            ["berg", "lund", "ström", "qvist", "gren", "man", "holm", "dahl", "ling", "stedt", "bäck", "blad",
             "gård", "vall", "näs", "by", "mark", "fors", "ér", "in", "ander", "vik", "sjö", "ås", "hed", "kvist"],
            0.62)
_FI_TAIL = (["Mäki", "Kivi", "Koivu", "Haapa", "Kuusi", "Mänty", "Leppä", "Pelto", "Salo", "Suo", "Ranta", "Koski",
             "Järvi", "Lahti", "Vuori", "Harju", "Kallio", "Hieta", "Rinne", "Aho", "Honka", "Sorsa", "Hirvi",
             "Paju", "Tammi", "Lumi", "Saari", "Laakso"],
            ["nen", "la", "niemi", "mäki", "aho", "oja", "luoma", "salo", "harju", "vuori", "kangas", "koski",
             "järvi", "ranta", "pelto", "lahti", "maa", "korpi"], 0.80)
_FS_TAIL = (["Ny", "Back", "Sjö", "Holm", "Lill", "Ström", "Ek", "Björk", "Gran", "Vik", "Sand", "Ås", "Kron",
             "Fors", "Lind", "Häll", "Ask", "Rön", "Öst", "Väst", "Hag", "Norr", "Söder", "Sten", "Berg", "Kvist",
             "Blom", "Sol", "Stor", "Lång", "Eng", "Hed", "Mal"],
            ["man", "lund", "holm", "qvist", "ström", "berg", "backa", "näs", "vik", "bäck", "gård", "ås", "kvist",
             "dahl", "sund", "skog", "by", "ell", "bro", "fjäll", "sand", "å", "blad", "fors"], 0.6)
_FI_PREFIXES = ["Ala-", "Yli-", "Rinta-", "Keski-", "Ylä-"]  # Ostrobothnian farm-name prefixes

# given names: (men, women) per generation, commonest first (weights fall with rank)
_GIVEN = {
    "se": {
        "old": (["Lars", "Anders", "Per", "Jan", "Bengt", "Lennart", "Göran", "Kjell", "Sven", "Leif", "Bo", "Stefan",
                 "Mats", "Åke", "Rolf", "Hans", "Ulf", "Thomas", "Karl", "Nils", "Erik", "Gunnar", "Bertil",
                 "Per-Olof", "Lars-Erik"],
                ["Kerstin", "Margareta", "Birgitta", "Eva", "Ingrid", "Marie", "Karin", "Anna", "Elisabeth",
                 "Gunilla", "Ulla", "Lena", "Christina", "Barbro", "Monica", "Inger", "Agneta", "Britt-Marie",
                 "Ann-Christin", "Katarina"]),
        "mid": (["Johan", "Mikael", "Magnus", "Fredrik", "Daniel", "Andreas", "Martin", "Patrik", "Jonas",
                 "Niklas", "Marcus", "Henrik", "Tobias", "Mattias", "Joakim", "Peter", "Anders", "Per", "Erik",
                 "Thomas", "Carl-Johan"],
                ["Maria", "Anna", "Sara", "Emma", "Jenny", "Linda", "Johanna", "Malin", "Sofia", "Karin", "Camilla",
                 "Jessica", "Helena", "Therese", "Frida", "Elin", "Lisa", "Hanna", "Åsa", "Anneli", "Anna-Karin"]),
        "young": (["Erik", "Oscar", "Viktor", "Filip", "Emil", "Alexander", "William", "Lucas", "Oliver", "Simon",
                   "Anton", "Axel", "Gustav", "Jacob", "Isak", "Ludvig", "Elias", "Hugo", "Linus", "Albin"],
                  ["Emma", "Julia", "Ida", "Elin", "Moa", "Alice", "Wilma", "Ella", "Matilda", "Amanda", "Elsa",
                   "Ebba", "Hanna", "Klara", "Linnea", "Maja", "Saga", "Tilda"]),
    },
    "fs": {
        "old": (["Johan", "Mikael", "Anders", "Jan-Erik", "Kaj", "Bo-Göran", "Stig", "Tor", "Håkan", "Ulf",
                 "Mats", "Karl", "Erik", "Lars", "Per", "Henrik", "Göran", "Rolf", "Bengt", "Leif"],
                ["Ann-Christin", "Gun", "Anita", "Birgitta", "Maria", "Margareta", "Marianne", "Carita", "Britt",
                 "Eva", "Kristina", "Ulla", "Elisabeth", "Katarina", "Inger", "Gunilla", "Helena", "Anna"]),
        "mid": (["Mikael", "Johan", "Kim", "Patrik", "Niklas", "Jonas", "Fredrik", "Henrik", "Mats", "Anders",
                 "Peter", "Marcus", "Thomas", "Tommy", "Magnus", "Stefan", "Christoffer", "Daniel", "Erik"],
                ["Camilla", "Annika", "Jessica", "Sofia", "Linda", "Pia", "Carina", "Marina", "Maria", "Johanna",
                 "Susanne", "Sara", "Anna", "Helena", "Katarina", "Nina", "Heidi", "Mia"]),
        "young": (["Robin", "Oskar", "Rasmus", "Jesper", "Emil", "Simon", "Anton", "Viktor", "Jonathan", "Axel",
                   "Elias", "Isak", "William", "Albin", "Linus", "Sebastian", "Alexander", "Oliver"],
                  ["Emma", "Ida", "Hanna", "Sara", "Elin", "Julia", "Matilda", "Amanda", "Alice", "Ella", "Wilma",
                   "Linnea", "Jenny", "Ronja", "Frida", "Sofia", "Nora", "Wilhelmina"]),
    },
    "fi": {
        "old": (["Matti", "Pekka", "Juha", "Kari", "Timo", "Jari", "Heikki", "Mikko", "Antti", "Markku", "Hannu",
                 "Seppo", "Jukka", "Esa", "Pertti", "Erkki", "Raimo", "Kalevi", "Tapio", "Risto", "Juha-Pekka"],
                ["Marja", "Anneli", "Leena", "Tuula", "Sirpa", "Eija", "Päivi", "Pirjo", "Riitta", "Kaarina",
                 "Seija", "Hannele", "Helena", "Tarja", "Marjatta", "Ritva", "Liisa", "Raija", "Marja-Liisa"]),
        "mid": (["Mika", "Janne", "Jani", "Marko", "Sami", "Petri", "Tommi", "Ville", "Teemu", "Antti", "Juha",
                 "Mikko", "Jussi", "Tuomas", "Ari", "Harri", "Jarkko", "Toni", "Jukka-Pekka"],
                ["Minna", "Johanna", "Anna", "Katja", "Sanna", "Tiina", "Heidi", "Satu", "Laura", "Jenni", "Piia",
                 "Marika", "Susanna", "Kati", "Hanna", "Niina", "Elina", "Maria", "Anna-Kaisa"]),
        "young": (["Juho", "Joonas", "Eetu", "Aleksi", "Niko", "Lauri", "Olli", "Ville", "Joni", "Eero", "Otto",
                   "Onni", "Elias", "Leo", "Veeti", "Arttu", "Santeri", "Valtteri"],
                  ["Emma", "Aino", "Sara", "Iida", "Ella", "Laura", "Veera", "Emilia", "Anni", "Noora", "Julia",
                   "Jenna", "Salla", "Oona", "Aada", "Milla", "Roosa", "Siiri"]),
    },
}

# Nicknames a register really holds, and one name in the other language (a Swedish-speaking Finn is Johan at home
# and Juha on a Finnish form). Each group is one name to a careful reader.
NAME_GROUPS = [
    # Swedish nicknames
    ["Karl", "Kalle", "Carl"], ["Lars", "Lasse"], ["Per", "Pelle", "Peo"], ["Mikael", "Micke", "Michael"],
    ["Joakim", "Jocke"], ["Magnus", "Mange"], ["Thomas", "Tomas", "Tompa", "Tommy"], ["Christoffer", "Krille"],
    ["Margareta", "Maggan", "Greta"], ["Elisabeth", "Lisbeth", "Lisa", "Elisabet"], ["Katarina", "Katta", "Kattis"],
    ["Christina", "Kristina", "Kicki", "Stina"], ["Fredrik", "Fredde"], ["Patrik", "Patte"], ["Niklas", "Nicke"],
    ["Jan", "Janne"], ["Anders", "Ante"], ["Göran", "Güran"], ["Gunilla", "Gunnel"], ["Birgitta", "Bittan"],
    ["Johanna", "Hanna-Jo"], ["Alexander", "Alex"], ["Sebastian", "Sebbe"], ["Kristian", "Krille"],
    # Finnish nicknames
    ["Matti", "Masa"], ["Juhani", "Jussi"], ["Jari", "Jartsa"], ["Timo", "Timppa"], ["Antti", "Antsa"],
    ["Heikki", "Heka"], ["Aleksi", "Aki"], ["Johanna", "Jonna"], ["Susanna", "Sanna"], ["Katariina", "Katja"],
    ["Tuomas", "Tuomo"], ["Petri", "Pete"], ["Markku", "Make"], ["Jukka-Pekka", "Jukka", "JP"],
    ["Juha-Pekka", "Juha", "JP"], ["Marja-Liisa", "Marja", "Maija"], ["Anna-Kaisa", "Anna", "Kaisa"],
    # the same name in Swedish and in Finnish
    ["Johan", "Juha", "Johannes", "Juhani", "Hannu"], ["Erik", "Eero", "Erkki"], ["Karl", "Kaarlo", "Kalle"],
    ["Mikael", "Mikko"], ["Anders", "Antti"], ["Henrik", "Heikki", "Henkka"], ["Mats", "Matts", "Matti"],
    ["Per", "Pekka", "Petter"], ["Jakob", "Jaakko", "Jacob"], ["Gustav", "Kustaa", "Kusti"],
    ["Anna", "Anni", "Annikki"], ["Maria", "Maija", "Marja"], ["Kristina", "Kirsti", "Stina"],
    ["Katarina", "Kaisa", "Katri"], ["Elisabeth", "Liisa", "Elisa"], ["Margareta", "Marketta", "Reetta"],
    ["Helena", "Leena", "Lena"], ["Magnus", "Mauno"], ["Sofia", "Sohvi"], ["Lars", "Lauri"], ["Nils", "Niilo"],
    ["Olof", "Olli", "Olav"], ["Tomas", "Tuomas", "Thomas"], ["Emil", "Eemeli"], ["Isak", "Iisakki"],
    ["Simon", "Simo"], ["Oskar", "Oskari", "Oscar"], ["Viktor", "Vihtori"], ["Elias", "Eelis"],
]
_NAME_GROUP_OF: dict[str, list[int]] = defaultdict(list)
for _number, _group in enumerate(NAME_GROUPS):
    for _name in _group:
        _NAME_GROUP_OF[_name.casefold()].append(_number)

# generation suffixes: (father's, son's); None = not written
_SUFFIX_STYLES = [(("Sr.", "Jr."), 5), (("d.ä.", "d.y."), 4), (("vanhempi", "nuorempi"), 2), (("senior", "junior"), 2),
                  ((None, "Jr."), 4), ((None, "d.y."), 2), (("Sr.", None), 1), ((None, None), 6)]
SUFFIXES = {"jr": "jr", "jr.": "jr", "junior": "jr", "d.y.": "jr", "dy": "jr", "d.y": "jr", "nuorempi": "jr",
            "nuor.": "jr", "sr": "sr", "sr.": "sr", "senior": "sr", "d.ä.": "sr", "dä": "sr", "d.ä": "sr",
            "vanhempi": "sr", "vanh.": "sr"}

# ---------------------------------------------------------------------------------------------------------------
# Places. Bilingual towns and streets in Finland (Swedish name, Finnish name); Swedish towns across the Kvarken.


@dataclass(frozen=True)
class Town:
    sv: str
    fi: str
    postcodes: tuple[str, ...]
    area: str  # the trunk area code without its 0
    country: str  # FI or SE


_TOWNS = [
    (Town("Vasa", "Vaasa", ("65100", "65200", "65230", "65320", "65350", "65380"), "6", "FI"), 30),
    (Town("Korsholm", "Mustasaari", ("65610", "65630", "65760", "66530"), "6", "FI"), 10),
    (Town("Jakobstad", "Pietarsaari", ("68600", "68620", "68660"), "6", "FI"), 9),
    (Town("Karleby", "Kokkola", ("67100", "67200", "67700"), "6", "FI"), 7),
    (Town("Närpes", "Närpiö", ("64200", "64230", "64250"), "6", "FI"), 6),
    (Town("Kristinestad", "Kristiinankaupunki", ("64100",), "6", "FI"), 3),
    (Town("Nykarleby", "Uusikaarlepyy", ("66900",), "6", "FI"), 3),
    (Town("Malax", "Maalahti", ("66100", "66140"), "6", "FI"), 3),
    (Town("Vörå", "Vöyri", ("66600", "66640"), "6", "FI"), 3),
    (Town("Larsmo", "Luoto", ("68570",), "6", "FI"), 2),
    (Town("Kronoby", "Kruunupyy", ("68500",), "6", "FI"), 2),
    (Town("Laihela", "Laihia", ("66400",), "6", "FI"), 3),
    (Town("Storkyro", "Isokyrö", ("61500",), "6", "FI"), 2),
    (Town("Seinäjoki", "Seinäjoki", ("60100", "60320"), "6", "FI"), 6),
    (Town("Lappo", "Lapua", ("62100",), "6", "FI"), 2),
    (Town("Helsingfors", "Helsinki", ("00100", "00130", "00180", "00500", "00250"), "9", "FI"), 6),
    (Town("Esbo", "Espoo", ("02100", "02600", "02230"), "9", "FI"), 3),
    (Town("Åbo", "Turku", ("20100", "20500"), "2", "FI"), 2),
    (Town("Tammerfors", "Tampere", ("33100", "33500"), "3", "FI"), 2),
    (Town("Umeå", "Umeå", ("903 26", "903 30", "904 22", "907 36", "906 20"), "90", "SE"), 14),
    (Town("Holmsund", "Holmsund", ("913 31", "913 32"), "90", "SE"), 2),
    (Town("Skellefteå", "Skellefteå", ("931 30", "931 33", "931 40"), "910", "SE"), 5),
    (Town("Örnsköldsvik", "Örnsköldsvik", ("891 33", "891 41"), "660", "SE"), 3),
    (Town("Vännäs", "Vännäs", ("911 31",), "935", "SE"), 1),
    (Town("Robertsfors", "Robertsfors", ("915 31",), "934", "SE"), 1),
    (Town("Luleå", "Luleå", ("972 31", "973 34"), "920", "SE"), 2),
    (Town("Stockholm", "Stockholm", ("114 35", "113 56", "118 20", "112 51"), "8", "SE"), 2),
]
# streets of bilingual Finnish towns, Swedish and Finnish names
_STREETS_BILINGUAL = [("Storgatan", "Isokatu"), ("Kyrkoesplanaden", "Kirkkopuistikko"), ("Hamngatan", "Satamakatu"),
                      ("Skolhusgatan", "Koulukatu"), ("Strandgatan", "Rantakatu"), ("Handelsesplanaden",
                      "Kauppapuistikko"), ("Rådhusgatan", "Raastuvankatu"), ("Kyrkogatan", "Kirkkokatu"),
                      ("Sandögatan", "Santasaarenkatu"), ("Industrivägen", "Teollisuustie"), ("Byvägen", "Kylätie"),
                      ("Smedsbyvägen", "Sepänkyläntie"), ("Järnvägsgatan", "Rautatienkatu"), ("Vallgatan",
                      "Vallikatu"), ("Backvägen", "Mäkitie"), ("Björkvägen", "Koivutie"), ("Åkervägen", "Peltotie"),
                      ("Skogsvägen", "Metsätie"), ("Gamla vägen", "Vanhatie"), ("Norra vägen", "Pohjoistie"),
                      ("Strandvägen", "Rantatie"), ("Kvarnvägen", "Myllytie"), ("Sjövägen", "Järvitie"),
                      ("Verkstadsgatan", "Konepajankatu"), ("Lärkvägen", "Leivontie")]
_STREETS_SE = ["Storgatan", "Kungsgatan", "Skolgatan", "Sandvägen", "Industrivägen", "Norra vägen", "Strandgatan",
               "Hamngatan", "Björkvägen", "Backvägen", "Bygatan", "Verkstadsgatan", "Rådhusesplanaden",
               "Västra Esplanaden", "Östra Kyrkogatan", "Ålidhemsvägen", "Tomtebovägen", "Kvarnvägen", "Formvägen",
               "Gymnasievägen", "Nygatan", "Skeppargatan", "Torggatan", "Mariehemsvägen"]

# ---------------------------------------------------------------------------------------------------------------
# Companies: what they do, in Swedish and Finnish, and how their names are made.

_TRADES = [("Bygg", "Rakennus"), ("Transport", "Kuljetus"), ("El", "Sähkö"), ("VVS", "LVI"), ("Måleri", "Maalaus"),
           ("Fastighetsservice", "Kiinteistöhuolto"), ("Mekaniska Verkstad", "Konepaja"),
           ("Skönhetssalong", "Kauneushoitola"), ("Frisersalong", "Parturi-Kampaamo"), ("Bilverkstad",
           "Autokorjaamo"), ("Trädgård", "Puutarha"), ("Skogstjänst", "Metsäpalvelu"), ("Städ", "Siivous"),
           ("Café", "Kahvila"), ("Restaurang", "Ravintola"), ("Blomsterhandel", "Kukkakauppa"), ("Optik", "Optiikka"),
           ("Advokatbyrå", "Lakitoimisto"), ("Ingenjörsbyrå", "Insinööritoimisto"), ("Arkitektkontor",
           "Arkkitehtitoimisto"), ("Lantbruk", "Maatila"), ("Pälsfarm", "Turkistarha"), ("Växthus", "Kasvihuone"),
           ("Fiske", "Kalastus"), ("Båtvarv", "Venetelakka"), ("Snickeri", "Puusepänliike"), ("Gräv", "Maansiirto"),
           ("Data", "IT-palvelu"), ("Konsult", "Konsultointi"), ("Foto", "Valokuvaamo"), ("Tandvård",
           "Hammashoitola"), ("Massage", "Hieronta")]
_PLACE_WORDS = ["Kvarken", "Botnia", "Österbotten", "Norrland", "Nord", "Polar", "Kust", "Skärgårds", "Ådal",
                "Merenkurkku", "Pohjanmaa", "Laakso", "Revontuli"]
_ROLE_LOCALS = {"fi": ["info", "laskutus", "kirjanpito", "toimisto", "myynti", "tilaukset"],
                "fs": ["info", "faktura", "ekonomi", "kontor", "reskontra", "order"],
                "se": ["info", "faktura", "ekonomi", "order", "kontakt", "reskontra"]}
_TITLES = {"sv": ["VD", "Ägare", "Ekonomichef", "Ekonomiansvarig", "Styrelseordförande", "Bokföringsansvarig",
                  "Löneadministratör", "Inköpare", "Kontorschef", "Delägare", "Säljare", "Platschef"],
           "fi": ["Toimitusjohtaja", "Omistaja", "Talouspäällikkö", "Hallituksen pj.", "Kirjanpitäjä",
                  "Palkanlaskija", "Ostaja", "Toimistopäällikkö", "Osakas", "Myyjä", "Työnjohtaja"]}
_SERVICES = {"sv": ["Bokföring", "Bokföring, lön", "Bokslut", "Lön", "Bokföring, bokslut, deklaration", "Rådgivning"],
             "fi": ["Kirjanpito", "Kirjanpito, palkat", "Tilinpäätös", "Palkat", "Kirjanpito, tilinpäätös",
                    "Neuvonta"]}
_PRIVATE_SERVICES = {"sv": ["Deklaration", "Deklaration, K4", "Bouppteckning", "Deklaration, ROT"],
                     "fi": ["Veroilmoitus", "Perunkirjoitus", "Veroilmoitus, kotitalousvähennys"]}
_STAFF = ["Maria Nyberg", "Susanne Björkqvist", "Tiina Hietala", "Jonas Sundqvist", "Pia Lindholm", "Heidi Mäkelä",
          "Anna Östman"]
_NOTES = {"sv": ["Bokslut 30.6", "Ringer helst efter kl. 15", "Vill ha papperskopia av bokslutet", "Ny ägare 2025",
                 "Fakturan skickas till faktura@", "Momsredovisning kvartalsvis", "Påminnelse skickad om kvitton",
                 "Kontakt via mobil", "Offert på lön skickad", "Sonen tar över på sikt", "Betalar sent, ta förskott",
                 "Bokslutsmöte i mars", "Vill ha allt digitalt", "Flyttar till Umeå i vår", "Har filial i Sverige",
                 "Kund sedan 2015", "Via rekommendation", "Papper lämnas i brevlådan", "Se även tidigare kundkort"],
          "fi": ["Tilinpäätös 31.12", "Soitettava ennen klo 12", "ALV-ilmoitus kuukausittain", "Muistutus kuiteista",
                 "Halusi tarjouksen palkanlaskennasta", "Uusi omistaja 2024", "Paperiaineisto postitse",
                 "Laskut laskutus@-osoitteeseen", "Tapaaminen maaliskuussa", "Sähköinen arkisto käytössä",
                 "Asiakas vuodesta 2016", "Suosittelun kautta", "Kuitit tuodaan kuukauden lopussa"]}
_FREE_MAIL = {"FI": [("gmail.com", 30), ("hotmail.com", 12), ("outlook.com", 6), ("anvianet.fi", 10),
                     ("netikka.fi", 3), ("suomi24.fi", 4), ("luukku.com", 3), ("elisanet.fi", 5), ("kolumbus.fi", 2),
                     ("saunalahti.fi", 3), ("pp.inet.fi", 2), ("yahoo.com", 2), ("icloud.com", 4), ("multi.fi", 3)],
              "SE": [("gmail.com", 30), ("hotmail.com", 14), ("telia.com", 12), ("outlook.com", 6), ("live.se", 4),
                     ("icloud.com", 6), ("bredband.net", 3), ("spray.se", 2), ("comhem.se", 3), ("tele2.se", 2),
                     ("yahoo.se", 2), ("bahnhof.se", 1)]}
_MAIL_TYPOS = {"gmail.com": ["gmial.com", "gmail.co", "gmai.com"], "hotmail.com": ["hotmial.com", "hotmail.co"],
               "anvianet.fi": ["anvainet.fi", "anvia.fi"], "telia.com": ["telia.se", "tella.com"],
               "outlook.com": ["outlok.com"], "icloud.com": ["iclod.com"]}


def _weighted(pairs: list) -> tuple[list, list[float]]:
    values, weights = zip(*pairs)
    return list(values), list(itertools.accumulate(weights))


class _Chooser:
    """Weighted choice from a fixed list, by bisecting its cumulative weights (fast, deterministic)."""

    def __init__(self, pairs: list):
        self.values, self.cumulative = _weighted(pairs)

    def __call__(self, rng: random.Random):
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def _tail_names(firsts: list[str], lasts: list[str], finnish: bool) -> list[str]:
    names = []
    for first, last in itertools.product(firsts, lasts):
        if first.casefold() == last.casefold() or first[-1] == last[0]:
            continue
        if finnish and last == "la" and not any(v in first for v in "aou"):
            last = "lä"
        if finnish and last == "nen" and first[-1] not in "aeiouyäö":
            continue
        names.append(first + last)
    if finnish:  # Yli-Kivimäki, Rinta-Koivula
        names += [prefix + name for prefix, name in itertools.product(_FI_PREFIXES, names[::3])]
    return names


def _family_chooser(head: list, tail: tuple, finnish: bool = False) -> _Chooser:
    """The head names at their shares; the tail a gentle Zipf (weight 1/(k + K), K its length), no tail name more
    common than 0.5 per mille (a name of rank 150-250 in these countries)."""
    firsts, lasts, tail_share = tail
    names = {n for n, _ in head}
    tail_names = [n for n in _tail_names(firsts, lasts, finnish) if n not in names]
    tail_names = list(dict.fromkeys(tail_names))
    offset = len(tail_names)
    raw = [1 / (k + offset) for k in range(len(tail_names))]
    head_total = sum(w for _, w in head)
    scale = head_total * tail_share / (1 - tail_share) / sum(raw)
    ceiling = 0.5
    return _Chooser(head + [(name, min(w * scale, ceiling)) for name, w in zip(tail_names, raw)])


_FAMILY = {"se": _family_chooser(_SE_FAMILY, _SE_TAIL), "fi": _family_chooser(_FI_FAMILY, _FI_TAIL, finnish=True),
           "fs": _family_chooser(_FS_FAMILY, _FS_TAIL)}
_GIVEN_CHOOSERS = {(group, generation, sex): _Chooser([(n, 1 / (rank + 2)) for rank, n in enumerate(names)])
                   for group, generations in _GIVEN.items() for generation, pair in generations.items()
                   for sex, names in zip("mf", pair)}
KNOWN_GIVEN = {n.casefold() for generations in _GIVEN.values() for pair in generations.values()
               for names in pair for n in names} | {n.casefold() for g in NAME_GROUPS for n in g}
KNOWN_FAMILY = {n.casefold() for chooser in _FAMILY.values() for n in chooser.values}
_TOWN_CHOOSER = {country: _Chooser([(t, w) for t, w in _TOWNS if t.country == country]) for country in ("FI", "SE")}
_FREE_MAIL_CHOOSER = {country: _Chooser(pairs) for country, pairs in _FREE_MAIL.items()}

# ---------------------------------------------------------------------------------------------------------------
# Ids: Luhn digits from python-stdnum, the henkilötunnus and Y-tunnus checks computed here; the tests check all
# four kinds with python-stdnum's validators.

_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def personnummer(born: dt.date, serial: int) -> str:
    """A Swedish personnummer YYMMDD-NNNC (``+`` at 100 years or more); ``serial`` is the three birth digits."""
    body = born.strftime("%y%m%d") + f"{serial:03d}"
    sign = "+" if TODAY.year - born.year >= 100 else "-"
    return f"{body[:6]}{sign}{body[6:]}{luhn.calc_check_digit(body)}"


def hetu(born: dt.date, serial: int) -> str:
    """A Finnish henkilötunnus DDMMYY C ZZZ Q; ``serial`` 2-899 (odd for men, even for women)."""
    sign = "-" if born.year < 2000 else "A"
    return f"{born:%d%m%y}{sign}{serial:03d}" + _HETU_CHECK[int(f"{born:%d%m%y}{serial:03d}") % 31]


def ytunnus(rng: random.Random) -> str:
    while True:
        body = f"{rng.randint(1, 3) * 10 ** 6 + rng.randint(0, 999_999):07d}"
        remainder = sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2))) % 11
        if remainder != 1:
            return f"{body}-{0 if remainder == 0 else 11 - remainder}"


def orgnr(rng: random.Random, form: str) -> str:
    """A Swedish organisationsnummer: 556/559 for an AB, 969/916 for an HB or KB; Luhn check digit."""
    prefix = rng.choice(["556", "559"]) if form == "AB" else rng.choice(["969", "916"])
    body = prefix + f"{rng.randint(0, 999_999):06d}"
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


# ---------------------------------------------------------------------------------------------------------------
# Phones are kept as (country code, national significant number) and written a different way now and then.

def _mobile(rng: random.Random, country: str) -> tuple[str, str]:
    if country == "FI":
        return "358", rng.choice(["40", "40", "41", "44", "44", "46", "50", "50"]) + f"{rng.randint(1_000_000, 9_999_999)}"
    return "46", rng.choice(["70", "70", "72", "73", "73", "76", "79"]) + f"{rng.randint(1_000_000, 9_999_999)}"


def _fixed(rng: random.Random, town: Town) -> tuple[str, str]:
    if town.country == "FI":
        digits = 7 if town.area != "9" else rng.choice([7, 8])
        return "358", town.area + str(rng.randint(2, 8)) + "".join(str(rng.randint(0, 9)) for _ in range(digits - 1))
    digits = {"90": 6, "8": 8, "910": 6, "660": 5, "935": 5, "934": 5, "920": 5}.get(town.area, 6)
    return "46", town.area + str(rng.randint(1, 8)) + "".join(str(rng.randint(0, 9)) for _ in range(digits - 1))


def write_phone(number: tuple[str, str], rng: random.Random) -> str:
    cc, nsn = number
    if cc == "358":
        mobile = nsn[:2] in ("40", "41", "44", "46", "50")
        head, rest = (nsn[:2], nsn[2:]) if mobile else (nsn[:1], nsn[1:])
        spaced = f"{rest[:3]} {rest[3:]}"
        return rng.choices([f"0{head} {spaced}", f"0{head}-{rest}", f"0{head}{rest}", f"+358 {head} {spaced}",
                            f"+358{nsn}", f"(0{head}) {rest}"], [40, 20, 10, 15, 10, 5])[0]
    area_len = 2 if nsn[:2] in ("70", "72", "73", "76", "79", "90") else (1 if nsn[0] == "8" else 3)
    head, rest = nsn[:area_len], nsn[area_len:]
    pairs = _in_pairs(rest)
    return rng.choices([f"+46 {head} {pairs}", f"+46{nsn}", f"0046 {head} {pairs}", f"+46 (0){head}-{rest}"],
                       [55, 20, 10, 15])[0]


def _in_pairs(digits: str) -> str:
    """Swedish digit groups: pairs from the right, three digits first when the count is odd (123 45 67)."""
    head = digits[:3] if len(digits) % 2 else ""
    rest = digits[len(head):]
    return " ".join(([head] if head else []) + [rest[i:i + 2] for i in range(0, len(rest), 2)])


# ---------------------------------------------------------------------------------------------------------------
# The people and companies of the bureau.

@dataclass
class Place:
    street: tuple[str, str]  # (Swedish, Finnish); the same twice where the street has one name
    number: str
    postcode: str
    town: Town

    def write(self, rng: random.Random, lang: str) -> tuple[str, str, str]:
        finnish = lang == "fi" if self.street[0] != self.street[1] else False
        street = self.street[1] if finnish else self.street[0]
        town = self.town.fi if lang == "fi" else self.town.sv
        postcode = self.postcode if self.town.country == "FI" or rng.random() < 0.8 else self.postcode.replace(" ", "")
        return f"{street} {self.number}", postcode, town


@dataclass
class Person:
    entity: str
    given: str
    family: str
    sex: str
    born: dt.date
    group: str  # se, fs (Finland-Swedish), fi
    country: str
    personal_id: str
    mobile: tuple[str, str] | None
    email: str | None  # a personal address
    home: Place
    suffix: str | None = None
    home_phone: tuple[str, str] | None = None
    always_mobile: bool = False  # a namesake in the same firm: the mobile is what tells them apart on every row

    @property
    def lang(self) -> str:
        return "fi" if self.group == "fi" else "sv"


@dataclass
class Company:
    entity: str
    name: str
    country: str
    lang: str  # sv or fi: the language the company works in
    org_id: str
    place: Place
    domain: str | None
    switchboard: tuple[str, str] | None
    roles: list[str]
    service: str
    staff: str
    pattern: str = ""  # how its people's work addresses are made
    contacts: list[Person] = field(default_factory=list)


def fold(text: str) -> str:
    """Lower case, Nordic letters to their ASCII forms, marks and dots away: how a careful reader compares names."""
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.replace(".", " ").replace("-", " ").replace(",", " ").split())


def _ascii_local(text: str) -> str:
    return fold(text).replace(" ", "")


def _in_year(day: dt.date, year: int) -> dt.date:
    """The same day in another year (29 February becomes the 28th)."""
    return day.replace(year=year, day=min(day.day, 28) if day.month == 2 else day.day)


def _genitive_fi(family: str) -> str:
    if family.endswith("nen"):
        return family[:-3] + "sen"
    if family.endswith("e"):
        return family + "en"
    if family.endswith("i") and family[-2:] not in ("ai", "oi", "ei"):
        return family[:-1] + "en"
    return family + "n"


def _genitive_sv(name: str) -> str:
    return name if name[-1] in "sxz" else name + "s"


class _Register:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.people = 0
        self.companies: list[Company] = []
        self.company_count = 0
        self.used_ids: set[str] = set()
        self.used_mails: set[str] = set()
        self.used_domains: set[str] = set()
        self.work_mails: dict[tuple[str, str], str] = {}
        self.used_phones: set[tuple[str, str]] = set()
        # base rows in the order they were entered: (fields, entity, person or None, company or None)
        self.entries: list[tuple[dict, str, Person | None, Company | None]] = []
        self.company_copies: list[tuple[int, dict]] = []  # (index of the first row, the second company-only row)

    # --- people --------------------------------------------------------------------------------------------
    def _unique_phone(self, make) -> tuple[str, str]:
        while True:
            number = make()
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def _born(self, low: int, high: int) -> dt.date:
        return dt.date(self.rng.randint(low, high), 1, 1) + dt.timedelta(days=self.rng.randint(0, 364))

    def _personal_id(self, born: dt.date, sex: str, country: str) -> str:
        while True:
            if country == "SE":
                serial = self.rng.randrange(1 if sex == "m" else 0, 999, 2)
                pid = personnummer(born, serial)
            else:
                serial = self.rng.randrange(3 if sex == "m" else 2, 899, 2)
                pid = hetu(born, serial)
            if pid not in self.used_ids:
                self.used_ids.add(pid)
                return pid

    def given_name(self, group: str, born: dt.date, sex: str) -> str:
        generation = "old" if born.year < 1965 else ("mid" if born.year < 1988 else "young")
        # a Finland-Swedish or Sweden-Finnish home sometimes picks a name from the other language
        if group == "fs" and self.rng.random() < 0.1:
            group = "fi"
        elif group == "fi" and self.rng.random() < 0.05:
            group = "fs"
        return _GIVEN_CHOOSERS[(group, generation, sex)](self.rng)

    def personal_mail(self, given: str, family: str, country: str, born: dt.date) -> str:
        rng = self.rng
        g, f = _ascii_local(given), _ascii_local(family)
        while True:
            local = rng.choices([f"{g}.{f}", f"{g}{f}", f"{g[0]}{f}", f"{g}.{f}{born.year % 100:02d}",
                                 f"{g}{born.year}", f"{f}.{g}", f"{g}_{f}"], [35, 12, 12, 10, 8, 8, 5])[0]
            address = f"{local}@{_FREE_MAIL_CHOOSER[country](rng)}"
            if address not in self.used_mails:
                self.used_mails.add(address)
                return address

    def new_person(self, group: str, country: str, born: dt.date, sex: str, home: Place, *, given: str | None = None,
                   family: str | None = None) -> Person:
        self.people += 1
        given = given or self.given_name(group, born, sex)
        family = family or _FAMILY[group](self.rng)
        young = TODAY.year - born.year < 60
        mobile = self._unique_phone(lambda: _mobile(self.rng, country)) if self.rng.random() < (0.93 if young else 0.8) \
            else None
        email = self.personal_mail(given, family, country, born) if self.rng.random() < 0.75 or mobile is None else None
        return Person(f"p{self.people}", given, family, sex, born, group, country,
                      self._personal_id(born, sex, country), mobile, email, home)

    def place(self, country: str, town: Town | None = None) -> Place:
        rng = self.rng
        town = town or _TOWN_CHOOSER[country](rng)
        if country == "FI" and town.sv != town.fi:
            street = rng.choice(_STREETS_BILINGUAL)
        elif country == "FI":
            street = (rng.choice(_STREETS_BILINGUAL)[1],) * 2
        else:
            street = (rng.choice(_STREETS_SE),) * 2
        number = str(rng.randint(1, 60))
        if rng.random() < 0.3:
            number += rng.choice([" A", " B", " C"]) + (f" {rng.randint(1, 30)}" if country == "FI" else "")
        elif country == "SE" and rng.random() < 0.2:
            number += f" lgh {rng.randint(10, 16)}0{rng.randint(1, 4)}"
        return Place(street, number, rng.choice(town.postcodes), town)

    # --- companies -----------------------------------------------------------------------------------------
    def new_company(self, country: str, form: str, lang: str, owner: Person | None) -> Company:
        rng = self.rng
        self.company_count += 1
        trade_sv, trade_fi = rng.choice(_TRADES)
        trade = trade_fi if lang == "fi" else trade_sv
        place = owner.home if owner is not None and form in ("Tmi", "EF") and rng.random() < 0.6 else \
            self.place(country, owner.home.town if owner is not None and rng.random() < 0.7 else None)
        if owner is not None:
            if form == "Tmi":
                core = rng.choice([f"Tmi {owner.given} {owner.family}", f"{owner.given} {owner.family} Tmi",
                                   f"{trade} {owner.given[0]}. {owner.family}", f"{_genitive_fi(owner.family)} {trade}"
                                   if lang == "fi" else f"{_genitive_sv(owner.family)} {trade}"])
            elif form == "EF":
                core = rng.choice([f"{owner.given} {owner.family} {trade}", f"{_genitive_sv(owner.family)} {trade}",
                                   f"{owner.given[0]}{owner.family[0]} {trade}", f"{owner.family} {trade}"])
            elif lang == "fi":
                core = rng.choice([f"{_genitive_fi(owner.family)} {trade}", f"{trade} {owner.family}",
                                   f"{owner.family} & Poika", f"{trade} {owner.family} ja Pojat"])
            else:
                core = rng.choice([f"{_genitive_sv(owner.family)} {trade}", f"{trade} {owner.family}",
                                   f"{owner.family} & Son", f"Bröderna {owner.family}"])
        else:
            town = place.town.fi if lang == "fi" else place.town.sv
            core = rng.choice([f"{town} {trade}", f"{rng.choice(_PLACE_WORDS)} {trade}",
                               f"{rng.choice('ABEJKLMNST')}{rng.choice('ABEJKLMNST')} {trade}",
                               f"{rng.choice(_PLACE_WORDS)}{rng.choice(['tech', 'data', 'bygg', 'consult', 'partner'])}"])
        name = {"Oy": rng.choice([f"{core} Oy", f"Oy {core}", f"{core} Oy Ab" if lang == "sv" else f"{core} Oy"]),
                "Ab": rng.choice([f"{core} Ab", f"Ab {core}", f"Oy {core} Ab"]),
                "Ky": f"{core} Ky" if lang == "fi" else f"{core} Kb", "Ay": f"{core} Ay",
                "Tmi": core, "AB": f"{core} AB", "HB": f"{core} HB", "KB": f"{core} KB",
                "EF": core}[form]
        if form == "EF" and owner is not None:  # an enskild firma's number is its owner's personnummer
            org_id = owner.personal_id
        elif country == "FI":
            while (org_id := ytunnus(rng)) in self.used_ids:
                pass
        else:
            while (org_id := orgnr(rng, form)) in self.used_ids:
                pass
        self.used_ids.add(org_id)
        large = form in ("Oy", "Ab", "AB")
        domain = None
        if rng.random() < (0.7 if large else 0.3):
            slug = _ascii_local(core.replace("&", "").replace("Tmi", ""))[:24] or "firma"
            tld = rng.choice(["fi", "fi", "com"] if country == "FI" else ["se", "se", "com", "nu"])
            town = _ascii_local(place.town.sv)
            for candidate in itertools.chain([slug, f"{slug}-{town}"], (f"{slug}{n}" for n in itertools.count(2))):
                if f"{candidate}.{tld}" not in self.used_domains:
                    domain = f"{candidate}.{tld}"
                    break
            self.used_domains.add(domain)
        switchboard = self._unique_phone(lambda: _fixed(rng, place.town)) if rng.random() < (0.75 if large else 0.3) \
            else None
        group = "fi" if lang == "fi" else ("se" if country == "SE" else "fs")
        roles = [f"{local}@{domain}" for local in rng.sample(_ROLE_LOCALS[group], rng.randint(1, 3))] if domain else []
        service = rng.choice(_SERVICES[lang])
        company = Company(f"c{self.company_count}", name, country, lang, org_id, place, domain, switchboard, roles,
                          service, rng.choice(_STAFF), rng.choice(["first.last", "first.last", "first", "flast"]))
        self.companies.append(company)
        return company

    # --- rows ----------------------------------------------------------------------------------------------
    def _last_contact(self) -> str:
        return (dt.date(2018, 1, 1) + dt.timedelta(days=self.rng.randint(0, (TODAY - dt.date(2018, 1, 1)).days))).isoformat()

    def _note(self, lang: str) -> str:
        return self.rng.choice(_NOTES[lang])

    def work_mail(self, person: Person, company: Company) -> str:
        """The person's address at the company; one address per person (a second Johan gets johan.nyman@)."""
        key = (person.entity, company.entity)
        if key not in self.work_mails:
            g, f = _ascii_local(person.given), _ascii_local(person.family)
            patterns = [company.pattern, "first.last", "flast"]
            locals_ = [{"first.last": f"{g}.{f}", "first": g, "flast": f"{g[0]}{f}"}[p] for p in patterns]
            for local in itertools.chain(locals_, (f"{g}.{f}{n}" for n in itertools.count(2))):
                if f"{local}@{company.domain}" not in self.used_mails:
                    break
            self.used_mails.add(f"{local}@{company.domain}")
            self.work_mails[key] = f"{local}@{company.domain}"
        return self.work_mails[key]

    def contact_row(self, person: Person, company: Company, *, title: str | None = None) -> dict:
        rng = self.rng
        row = self._blank_row(company.lang)
        row[COMPANY] = company.name
        row[ORGNR] = company.org_id if rng.random() < 0.9 else ""
        self._put_name(row, person)
        row[TITLE] = title or (rng.choice(_TITLES[company.lang]) if rng.random() < 0.7 else "")
        if company.domain and rng.random() < 0.85:
            pick = rng.random()
            if company.roles and pick < 0.25:
                row[EMAIL] = rng.choice(company.roles)
            elif pick < 0.85:
                row[EMAIL] = self.work_mail(person, company)
            else:
                row[EMAIL] = person.email or ""
        elif person.email and rng.random() < 0.85:
            row[EMAIL] = person.email
        row[MOBILE] = write_phone(person.mobile, rng) if person.mobile and (person.always_mobile or rng.random() < 0.92) \
            else ""
        if company.switchboard and rng.random() < 0.6:
            row[PHONE] = write_phone(company.switchboard, rng)
        elif rng.random() < 0.08:
            row[PHONE] = write_phone(self._unique_phone(lambda: _fixed(rng, company.place.town)), rng)
        row[STREET], row[POSTCODE], row[TOWN] = company.place.write(rng, company.lang)
        row[COUNTRY] = self._country(company.country, company.lang)
        row[LANG] = self._language(person.lang)
        row[SERVICE], row[OUR_REF] = company.service, company.staff
        return row

    def private_row(self, person: Person, *, family_mail: str | None = None) -> dict:
        rng = self.rng
        lang = person.lang
        row = self._blank_row(lang)
        row[ORGNR] = person.personal_id if rng.random() < (0.7 if person.country == "SE" else 0.4) else ""
        if row[ORGNR] and person.country == "SE" and rng.random() < 0.4:
            row[ORGNR] = ("19" if person.born.year < 2000 else "20") + row[ORGNR].replace("+", "-")
        self._put_name(row, person)
        row[EMAIL] = family_mail if family_mail and rng.random() < 0.6 else (person.email or "")
        row[MOBILE] = write_phone(person.mobile, rng) if person.mobile else ""
        if person.home_phone and rng.random() < 0.7:
            row[PHONE] = write_phone(person.home_phone, rng)
        row[STREET], row[POSTCODE], row[TOWN] = person.home.write(rng, lang)
        row[COUNTRY] = self._country(person.country, lang)
        row[LANG] = self._language(lang)
        row[SERVICE], row[OUR_REF] = rng.choice(_PRIVATE_SERVICES[lang]), rng.choice(_STAFF)
        return row

    def company_row(self, company: Company) -> dict:
        rng = self.rng
        row = self._blank_row(company.lang)
        row[COMPANY], row[ORGNR] = company.name, company.org_id
        if company.roles:
            row[EMAIL] = company.roles[0]
        if company.switchboard:
            row[PHONE] = write_phone(company.switchboard, rng)
        row[STREET], row[POSTCODE], row[TOWN] = company.place.write(rng, company.lang)
        row[COUNTRY] = self._country(company.country, company.lang)
        row[LANG] = self._language(company.lang)
        row[SERVICE], row[OUR_REF] = company.service, company.staff
        return row

    def _blank_row(self, lang: str) -> dict:
        row = {i: "" for i in range(len(HEADER))}
        row[LAST_CONTACT], row[NOTES] = self._last_contact(), self._note(lang)
        return row

    def _put_name(self, row: dict, person: Person) -> None:
        family = f"{person.family} {person.suffix}" if person.suffix else person.family
        if self.rng.random() < 0.04:  # typed into the one name column
            row[NAME] = f"{person.given} {family}" if self.rng.random() < 0.6 else f"{family} {person.given}"
        else:
            row[GIVEN], row[FAMILY] = person.given, family

    def _country(self, country: str, lang: str) -> str:
        names = {("FI", "sv"): ["Finland", "FI", ""], ("FI", "fi"): ["Suomi", "FI", "Finland", ""],
                 ("SE", "sv"): ["Sverige", "SE", "Sweden"], ("SE", "fi"): ["Ruotsi", "Sverige", "SE"]}[(country, lang)]
        return self.rng.choice(names)

    def _language(self, lang: str) -> str:
        return self.rng.choice({"sv": ["sv", "Svenska", "sv"], "fi": ["fi", "Suomi", "fi"]}[lang])

    def add(self, fields: dict, entity: str, person: Person | None, company: Company | None) -> int:
        self.entries.append((fields, entity, person, company))
        return len(self.entries) - 1

    # --- one client of the bureau at a time ----------------------------------------------------------------
    def client(self) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.12:
            self.private_client()
            return
        country = "FI" if rng.random() < 0.68 else "SE"
        if country == "FI":
            form = rng.choices(["Oy", "Ab", "Tmi", "Ky", "Ay"], [40, 17, 28, 11, 4])[0]
            group = "fi" if form != "Ab" and rng.random() < 0.45 else "fs"
        else:
            form = rng.choices(["AB", "EF", "HB", "KB"], [55, 31, 11, 3])[0]
            group = "fi" if rng.random() < 0.05 else "se"
        lang = "fi" if group == "fi" else "sv"
        sole = form in ("Tmi", "EF")
        family_firm = not sole and rng.random() < 0.18
        owner = None
        if sole or family_firm or rng.random() < 0.5:
            born = self._born(1950, 1968) if family_firm else self._born(1952, 1998)
            sex = "m" if family_firm or rng.random() < 0.68 else "f"
            owner = self.new_person(group, country, born, sex, self.place(country))
        company = self.new_company(country, form, lang, owner)
        only_card = rng.random() < 0.06
        if only_card or rng.random() < 0.04:  # a company card with no person (sometimes twice)
            first = self.add(self.company_row(company), company.entity, None, company)
            if rng.random() < 0.25:
                self.company_copies.append((first, self.company_card_copy(company)))
            if only_card:
                return
        contacts: list[tuple[Person, str | None]] = []
        if owner is not None:
            contacts.append((owner, rng.choice(_TITLES[lang][:2])))
        if family_firm:
            style = rng.choices([s for s, _ in _SUFFIX_STYLES], [w for _, w in _SUFFIX_STYLES])[0]
            son_born = _in_year(owner.born, min(owner.born.year + rng.randint(22, 33), 2003))
            same_name = rng.random() < 0.35
            given = owner.given
            while not same_name and given_fits(fold(given), fold(owner.given)):  # Johan's son is not Juha
                given = self.given_name(group, son_born, "m")
            son = self.new_person(group, country, son_born, "m", self.place(country, owner.home.town),
                                  given=given, family=owner.family)
            owner.suffix, son.suffix = style
            if son.given == owner.given and style == (None, None):
                for namesake in (owner, son):
                    namesake.always_mobile = True
                    namesake.mobile = namesake.mobile or self._unique_phone(lambda: _mobile(rng, country))
            contacts.append((son, None))
        size = 0 if sole else min(int(rng.paretovariate(1.6)), 9)
        if sole and rng.random() < 0.25:
            size = 1  # the spouse keeps the books
        for _ in range(size):
            born = self._born(1955, 2002)
            sex = rng.choice("mf")
            relative = rng.random() < (0.5 if sole else 0.12)
            family = owner.family if relative and owner is not None else _FAMILY[group](rng)
            # two colleagues with one name and nothing else to tell them apart would be one person to any reader:
            # a relative or a namesake in the firm gets another given name (a father and son are made above)
            taken = [fold(p.given) for p, _ in contacts if family_fits(fold(p.family), fold(family))]
            given = self.given_name(group, born, sex)
            while any(given_fits(fold(given), name) for name in taken):
                given = self.given_name(group, born, sex)
            person = self.new_person(group, country, born, sex, owner.home if sole and owner else self.place(country),
                                     given=given, family=family)
            contacts.append((person, None))
        for person, title in contacts:
            company.contacts.append(person)
            self.add(self.contact_row(person, company, title=title), person.entity, person, company)
        if owner is not None:
            # a relative who keeps the books at home is the spouse already
            self.household(owner, spouse_allowed=not any(p.home is owner.home and p is not owner for p, _ in contacts))

    def household(self, owner: Person, *, spouse_allowed: bool = True) -> None:
        """The owner's spouse and grown child as private clients at the home address."""
        rng = self.rng
        spouse = spouse_allowed and rng.random() < 0.3
        child = rng.random() < 0.14 and TODAY.year - owner.born.year > 45
        if not (spouse or child):
            return
        if rng.random() < (0.15 if owner.country == "FI" else 0.25):
            owner.home_phone = self._unique_phone(lambda: _fixed(rng, owner.home.town))
        family_mail = None
        if rng.random() < 0.15:
            plural = _ascii_local(owner.family)
            family_mail = (f"familjen.{plural}" if owner.lang == "sv" else
                           (_ascii_local(_genitive_fi(owner.family))[:-1] + "t" if owner.family.endswith("nen")
                            else f"perhe.{plural}")) + "@" + _FREE_MAIL_CHOOSER[owner.country](rng)
            if family_mail in self.used_mails:
                family_mail = None
            else:
                self.used_mails.add(family_mail)
        members = []
        if spouse:
            born = owner.born + dt.timedelta(days=rng.randint(-6 * 365, 6 * 365))
            sex = "f" if owner.sex == "m" else "m"
            kind = rng.random()
            family = owner.family if kind < 0.7 else None
            partner = self.new_person(owner.group if rng.random() < 0.85 else rng.choice(["fi", "fs", "se"]),
                                      owner.country, born, sex, owner.home, family=family)
            if kind >= 0.88 and partner.sex == "f" and "-" not in partner.family + owner.family:
                partner.family = f"{partner.family}-{owner.family}" if owner.country == "FI" else \
                    f"{partner.family} {owner.family}"
            partner.home_phone = owner.home_phone
            members.append(partner)
        if child:
            born = _in_year(owner.born, min(owner.born.year + rng.randint(24, 34), 2004))
            sex = rng.choice("mf")
            named_after = sex == owner.sex and rng.random() < 0.12
            kid = self.new_person(owner.group, owner.country, born, sex, owner.home if rng.random() < 0.5
                                  else self.place(owner.country, owner.home.town),
                                  given=owner.given if named_after else None, family=owner.family)
            if kid.home is owner.home:
                kid.home_phone = owner.home_phone
            members.append(kid)
        for member in members:
            self.add(self.private_row(member, family_mail=family_mail if member.home is owner.home else None),
                     member.entity, member, None)

    def private_client(self) -> None:
        country = "FI" if self.rng.random() < 0.7 else "SE"
        group = ("fi" if self.rng.random() < 0.45 else "fs") if country == "FI" else "se"
        person = self.new_person(group, country, self._born(1940, 2004), self.rng.choice("mf"), self.place(country))
        self.add(self.private_row(person), person.entity, person, None)

    def company_card_copy(self, company: Company) -> dict:
        """A second card for the same company: the legal form dropped, capitals, or the org number missing."""
        rng = self.rng
        row = self.company_row(company)
        changes = rng.sample(["form", "caps", "orgnr", "orgnr", "email", "phone"], rng.randint(1, 2))
        if "form" in changes:
            row[COMPANY] = strip_form(row[COMPANY]) or row[COMPANY]
        if "caps" in changes:
            row[COMPANY] = row[COMPANY].upper()
        if "orgnr" in changes:
            row[ORGNR] = ""
        if "email" in changes and len(company.roles) > 1:
            row[EMAIL] = company.roles[1]
        if "phone" in changes:
            row[PHONE] = ""
        if not (row[ORGNR] or row[EMAIL] or row[PHONE]):
            row[ORGNR] = company.org_id
        return row


_FORMS = {"oy", "ab", "oyj", "abp", "ky", "kb", "ay", "tmi", "hb", "ef", "aktiebolag", "osakeyhtio", "toiminimi",
          "handelsbolag", "kommanditbolag", "kommandiittiyhtio", "avoin", "yhtio", "enskild", "firma"}


def strip_form(name: str) -> str:
    """The company name without its legal form words (Oy, Ab, AB, HB, Ky, Tmi …), as written otherwise."""
    return " ".join(w for w in name.split() if fold(w) not in _FORMS)


# ---------------------------------------------------------------------------------------------------------------
# Copies: the same person entered again, changed as registers change.

_KEYBOARD = ["qwertyuiopå", "asdfghjklöä", "zxcvbnm"]
_NEIGHBOURS = {}
for _r, _line in enumerate(_KEYBOARD):
    for _c, _ch in enumerate(_line):
        near = [_line[i] for i in (_c - 1, _c + 1) if 0 <= i < len(_line)]
        for _dr in (-1, 1):
            if 0 <= _r + _dr < len(_KEYBOARD):
                near += [_KEYBOARD[_r + _dr][i] for i in (_c, _c + 1) if 0 <= i < len(_KEYBOARD[_r + _dr])]
        _NEIGHBOURS[_ch] = near
_ASCII_FOR = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O"})


def slip(word: str, rng: random.Random, known: set[str]) -> str:
    """One slip of the keyboard (a neighbour key, a letter lost, doubled or two swapped) that is not another
    real name."""
    for _ in range(20):
        i = rng.randrange(1, len(word)) if len(word) > 1 else 0
        kind = rng.random()
        ch = word[i].lower()
        if kind < 0.35 and ch in _NEIGHBOURS:
            out = word[:i] + rng.choice(_NEIGHBOURS[ch]) + word[i + 1:]
        elif kind < 0.6 and len(word) > 4:
            out = word[:i] + word[i + 1:]
        elif kind < 0.8:
            out = word[:i] + word[i] + word[i:]
        elif i + 1 < len(word):
            out = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        else:
            continue
        if out != word and out.casefold() not in known:
            return out
    return word


def _other_names(given: str) -> list[str]:
    return [n for number in _NAME_GROUP_OF.get(given.casefold(), []) for n in NAME_GROUPS[number]
            if n.casefold() != given.casefold()]


_CHANGES = [("job", 12), ("mobile_added", 10), ("typo_name", 12), ("typo_email", 6), ("other_name", 12),
            ("married", 4), ("blank", 16), ("one_column", 10), ("swap", 4), ("initial", 4), ("ascii", 5),
            ("moved", 4), ("street_language", 5), ("double_given", 3), ("caps", 3)]


class _Copier:
    def __init__(self, register: _Register):
        self.reg = register
        self.rng = register.rng

    def copy(self, fields: dict, person: Person, company: Company | None) -> dict:
        rng, reg = self.rng, self.reg
        given, family = person.given, person.family
        suffix = person.suffix
        row = reg.contact_row(person, company) if company is not None else reg.private_row(person)
        changes = rng.choices([c for c, _ in _CHANGES], [w for _, w in _CHANGES], k=rng.choice([1, 1, 2, 2, 3]))
        email_changed = False
        for change in changes:
            if change == "job" and company is not None and person.mobile:
                others = [c for c in reg.companies[-400:] if c.country == company.country and c is not company
                          and c.contacts]
                form = rng.choice(["Oy", "Ab"]) if company.country == "FI" else "AB"
                new = rng.choice(others) if others and rng.random() < 0.5 else \
                    reg.new_company(company.country, form, company.lang, None)
                row = reg.contact_row(replace(person, given=given, family=family), new)
                row[MOBILE] = write_phone(person.mobile, rng) if person.mobile else row[MOBILE]
                email_changed = True
            elif change == "mobile_added" and person.mobile and not fields[MOBILE]:
                row[MOBILE] = write_phone(person.mobile, rng)
            elif change == "typo_name":
                if rng.random() < 0.5:
                    given = slip(given, rng, KNOWN_GIVEN)
                else:
                    family = slip(family, rng, KNOWN_FAMILY)
            elif change == "typo_email" and row[EMAIL] and not email_changed:
                local, _, domain = row[EMAIL].partition("@")
                if domain in _MAIL_TYPOS and rng.random() < 0.5:
                    row[EMAIL] = f"{local}@{rng.choice(_MAIL_TYPOS[domain])}"
                else:
                    row[EMAIL] = f"{slip(local, rng, set())}@{domain}"
            elif change == "other_name" and _other_names(given):
                given = rng.choice(_other_names(given))
            elif change == "married" and person.sex == "f" and TODAY.year - person.born.year < 60:
                new_family = _FAMILY[person.group](rng)
                double = person.country == "FI" and "-" not in family + new_family and rng.random() < 0.3
                family = f"{family}-{new_family}" if double else new_family
                if row[EMAIL] == person.email and rng.random() < 0.5:
                    row[EMAIL] = reg.personal_mail(given, family, person.country, person.born)
                    email_changed = True
            elif change == "blank":
                for column in rng.sample([EMAIL, MOBILE, PHONE, STREET, ORGNR, TITLE, COMPANY], rng.randint(1, 2)):
                    row[column] = ""
                    if column == STREET:
                        row[POSTCODE] = "" if rng.random() < 0.5 else row[POSTCODE]
            elif change == "initial" and not self._initial_shared(person, company):
                given = given[0] + "."
            elif change == "ascii":
                given, family = given.translate(_ASCII_FOR), family.translate(_ASCII_FOR)
            elif change == "moved" and company is None:
                new_home = reg.place(person.country)
                row[STREET], row[POSTCODE], row[TOWN] = new_home.write(rng, person.lang)
            elif change == "street_language" and row[STREET]:
                place = company.place if company is not None else person.home
                if place.street[0] != place.street[1]:
                    row[STREET], row[POSTCODE], row[TOWN] = place.write(rng, "sv" if person.lang == "fi" else "fi")
            elif change == "double_given" and "-" in given:
                given = rng.choice([given.replace("-", " "), given.split("-")[0]])
            elif change == "caps":
                family = family.upper()
        if person.always_mobile:
            row[MOBILE] = row[MOBILE] or write_phone(person.mobile, rng)
        shown_family = f"{family} {suffix}" if suffix else family
        row[GIVEN], row[FAMILY], row[NAME] = given, shown_family, ""
        if "one_column" in changes:
            row[NAME] = f"{given} {shown_family}" if rng.random() < 0.5 else f"{shown_family} {given}"
            row[GIVEN] = row[FAMILY] = ""
        elif "swap" in changes:
            row[GIVEN], row[FAMILY] = shown_family, given
        self.keep_findable(row, fields, person, company)
        return row

    @staticmethod
    def _initial_shared(person: Person, company: Company | None) -> bool:
        """Whether a colleague has the same family name and given initial (then an initial alone would be theirs too)."""
        return company is not None and any(
            other is not person and fold(other.family) == fold(person.family) and
            fold(other.given)[:1] == fold(person.given)[:1] for other in company.contacts)

    def keep_findable(self, row: dict, first: dict, person: Person, company: Company | None) -> None:
        """A re-entry keeps something of the person. A name changed past recognition goes back to the first row's;
        a copy that shares no identifying detail with the person's first row (or, under a new family name, fewer
        than two personal ones; or only the company's details while a colleague has a fitting name, as a father
        and son do) gets the first row's mobile and e-mail back; if the first row had neither, both rows get the
        person's mobile (or personal id)."""
        fit = person_fit(readings(row), readings(first))
        if fit is None:
            row[GIVEN], row[FAMILY], row[NAME] = first[GIVEN], first[FAMILY], first[NAME]
            fit = "full"
        shared = details(row) & details(first)
        namesake = company is not None and any(
            other is not person and given_fits(fold(other.given), fold(person.given))
            and family_fits(fold(other.family), fold(person.family)) for other in company.contacts)
        if fit == "full" and shared and not (namesake and not any(_personal(d) for d in shared)):
            return
        row[MOBILE] = first[MOBILE] or row[MOBILE]
        row[EMAIL] = first[EMAIL] or row[EMAIL]
        if not details(row) & details(first):
            if person.mobile:
                first[MOBILE] = row[MOBILE] = write_phone(person.mobile, self.rng)
            else:
                first[ORGNR] = row[ORGNR] = person.personal_id
        if fit == "given" and sum(_personal(d) for d in details(row) & details(first)) < 2:
            row[GIVEN], row[FAMILY], row[NAME] = first[GIVEN], first[FAMILY], first[NAME]


# ---------------------------------------------------------------------------------------------------------------
# How a careful human links two rows: names that fit, a shared detail no other fitting person also has.

def suffix_of(words: list[str]) -> tuple[list[str], str | None]:
    kept, found = [], None
    for w in words:
        key = w.casefold()
        if key in SUFFIXES:
            found = SUFFIXES[key]
        else:
            kept.append(w)
    return kept, found


def readings(row) -> list[tuple[str, str, str | None]]:
    """The (given, family, generation) readings of a row's name: the two columns as written, or every split of the
    one name column (family first or last)."""
    if row[GIVEN] or row[FAMILY]:
        given, gs = suffix_of(row[GIVEN].split())
        family, fs = suffix_of(row[FAMILY].split())
        return [(fold(" ".join(given)), fold(" ".join(family)), gs or fs)]
    words, generation = suffix_of(row[NAME].replace(",", " , ").split())
    if "," in words:  # "Family, Given"
        at = words.index(",")
        return [(fold(" ".join(words[at + 1:])), fold(" ".join(words[:at])), generation)]
    if not words:
        return []
    return [(fold(" ".join(words[:k])), fold(" ".join(words[k:])), generation) for k in range(1, len(words))] or \
        [(fold(words[0]), "", generation)]


def _one_edit(a: str, b: str) -> bool:
    """Optimal string alignment distance at most one (a slip: one letter changed, lost, added or two swapped)."""
    return OSA.distance(a, b, score_cutoff=1) <= 1


def given_fits(a: str, b: str) -> bool:
    """Two given names are one name to a careful reader: equal, an initial of the other, one part of a double name,
    a nickname or the same name in the other language, or one slip apart when neither slip is a real name."""
    if not a or not b:
        return False
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if len(wa[0]) == 1 or len(wb[0]) == 1:
        return wa[0][0] == wb[0][0]
    if wa[0] == wb[0] and (len(wa) > 1 or len(wb) > 1):
        return True
    groups_a = {g for w in [a, *wa] for g in _GROUPS_FOLDED.get(w, ())}
    groups_b = {g for w in [b, *wb] for g in _GROUPS_FOLDED.get(w, ())}
    if groups_a & groups_b:
        return True
    both_real = a in _KNOWN_GIVEN_FOLDED and b in _KNOWN_GIVEN_FOLDED
    return min(len(a), len(b)) >= 4 and not both_real and _one_edit(a, b)


def family_fits(a: str, b: str) -> bool:
    """Two family names are one: equal, one part of the other's double name, or one slip apart when the two are not
    both real names (Nyman and Nymark are two families)."""
    if not a or not b:
        return False
    if a == b:
        return True
    wa, wb = set(a.split()), set(b.split())
    if wa <= wb or wb <= wa:
        return True
    both_real = a in _KNOWN_FAMILY_FOLDED and b in _KNOWN_FAMILY_FOLDED
    return min(len(a), len(b)) >= 4 and not both_real and _one_edit(a, b)


_KNOWN_GIVEN_FOLDED = {fold(n) for n in KNOWN_GIVEN}
_GROUPS_FOLDED: dict[str, set[int]] = defaultdict(set)
for _name, _numbers in _NAME_GROUP_OF.items():
    _GROUPS_FOLDED[fold(_name)].update(_numbers)
_KNOWN_FAMILY_FOLDED = {fold(n) for n in KNOWN_FAMILY}


def person_fit(first: list, second: list) -> str | None:
    """``"full"`` when some reading of each row fits (given and family, either way round), ``"given"`` when only the
    given names fit (a married name), else None. Two different generation marks (Jr. against Sr.) never fit."""
    best = None
    for g1, f1, s1 in first:
        for g2, f2, s2 in second:
            if s1 and s2 and s1 != s2:
                continue
            # as written, or one row's two names the other way round (the family name typed as given)
            if (given_fits(g1, g2) and family_fits(f1, f2)) or (family_fits(g1, f2) and given_fits(f1, g2)) or \
                    (given_fits(g1, f2) and family_fits(f1, g2)):
                return "full"
            if given_fits(g1, g2):
                best = "given"
    return best


def company_fits(a: str, b: str) -> bool:
    a, b = fold(strip_form(a)), fold(strip_form(b))
    return bool(a) and bool(b) and (a == b or (min(len(a), len(b)) >= 6 and _one_edit(a, b)))


def _phone_key(text: str) -> str:
    digits = "".join(c for c in text if c.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = "358" + digits[1:]
    for cc in ("358", "46"):
        if digits.startswith(cc + "0"):
            digits = cc + digits[len(cc) + 1:]
    return digits


def _id_key(text: str) -> str:
    key = "".join(c for c in text.upper() if c.isalnum())
    if len(key) == 12 and key.isdigit() and key[:2] in ("19", "20"):
        key = key[2:]
    return key


def details(row) -> set[tuple[str, str]]:
    """The identifying details of a row: its id (org number or personal id), e-mail, phone numbers and address."""
    out = set()
    if row[ORGNR]:
        out.add(("id", _id_key(row[ORGNR])))
    if row[EMAIL]:
        out.add(("email", row[EMAIL].strip().casefold()))
    for column in (MOBILE, PHONE):
        if row[column]:
            out.add(("phone", _phone_key(row[column])))
    if row[STREET] and row[POSTCODE]:
        out.add(("address", fold(row[STREET]) + "|" + row[POSTCODE].replace(" ", "")))
    return out


def _personal(detail: tuple[str, str]) -> bool:
    """A detail that is one person's own: a mobile number, a personal id, an e-mail that is not a role address."""
    kind, value = detail
    if kind == "phone":
        return value.startswith(("35840", "35841", "35844", "35846", "35850", "4670", "4672", "4673", "4676",
                                 "4679"))
    if kind == "id":  # a henkilötunnus, or a personnummer (its month is 01-12; an orgnr's third digit is 2 or more)
        return (len(value) == 11 and value[6] in "-+ABCDEFUVWXY") or (
            len(value) == 10 and value.isdigit() and 1 <= int(value[2:4]) <= 12)
    return kind == "email" and value.split("@")[0] not in _ALL_ROLES


_ALL_ROLES = {local for locals_ in _ROLE_LOCALS.values() for local in locals_}


def findability(table: list[list[str]], truth: list, *, listing: bool = False) -> dict:
    """How many true pairs a careful human could *not* link from the register alone (the fair share for a dedup tool
    to miss).

    Two rows of people are linked when their names fit (``person_fit``: a slip, an initial, a nickname, the name in
    the other language, a double name shortened, the columns swapped or in one column) and they share an
    identifying detail (id, e-mail, phone, address), and no row of another person whose name fits either of them
    has every detail the two share (a father and son with one name at one switchboard are not told apart by it).
    Under a new family name (only the given names fit) they must share two personal details (mobile, personal
    e-mail, personal id). Company-only rows are linked the same way by the company name without its legal form,
    against other company-only rows. A true pair is findable when links join its rows.
    """
    entity_of = dict(truth)
    ids = [row[KUNDNR] for row in table]
    entities = [entity_of[i] for i in ids]
    person_row = [bool(row[GIVEN] or row[FAMILY] or row[NAME]) for row in table]
    row_details = [details(row) for row in table]
    row_readings = [readings(row) if person_row[n] else [] for n, row in enumerate(table)]
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, found in enumerate(row_details):
        for detail in found:
            index[detail].append(n)
    members: dict[str, list[int]] = defaultdict(list)
    for n, entity in enumerate(entities):
        members[entity].append(n)

    def fits(a: int, b: int) -> str | None:
        if person_row[a] != person_row[b]:
            return None
        if not person_row[a]:
            return "full" if company_fits(table[a][COMPANY], table[b][COMPANY]) else None
        return person_fit(row_readings[a], row_readings[b])

    strength = {None: 0, "given": 1, "full": 2}

    def why_not(a: int, b: int) -> str | None:
        fit = fits(a, b)
        shared = row_details[a] & row_details[b]
        if fit is None:
            return "names"
        if fit == "given" and sum(_personal(d) for d in shared) < 2:
            return "names"
        if not shared:
            return "nothing shared"
        rarest = min(shared, key=lambda d: len(index[d]))
        for c in index[rarest]:
            if entities[c] != entities[a] and shared <= row_details[c] and \
                    max(strength[fits(c, a)], strength[fits(c, b)]) >= strength[fit]:
                return "confusable"
        return None

    parent = list(range(len(table)))  # union-find over rows, joined only within an entity

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    pairs = unfound = 0
    reasons: dict[str, int] = defaultdict(int)
    unfound_pairs: list[tuple[str, str, str | None]] = []
    for rows in members.values():
        if len(rows) < 2:
            continue
        direct = {}
        for a, b in itertools.combinations(rows, 2):
            direct[(a, b)] = why_not(a, b)
            if direct[(a, b)] is None:
                parent[root(a)] = root(b)
        for (a, b), reason in direct.items():
            pairs += 1
            if root(a) != root(b):
                unfound += 1
                reasons[reason] += 1
                if listing:
                    unfound_pairs.append((table[a][KUNDNR], table[b][KUNDNR], reason))
    return {"pairs": pairs, "unfindable": unfound, "share": unfound / pairs if pairs else 0.0,
            "reasons": dict(sorted(reasons.items())), **({"pairs_not_found": unfound_pairs} if listing else {})}


def lookalikes(table: list[list[str]], truth: list) -> list[tuple[str, str]]:
    """Pairs of rows of two *different* people that a careful human would take for one: names that fit with the same
    generation mark (or none), a shared detail, and nothing that tells them apart (no two different mobiles,
    personal e-mails or personal ids). A dedup tool cannot be blamed for these; the generator keeps them rare."""
    entity_of = dict(truth)
    entities = [entity_of[row[KUNDNR]] for row in table]
    row_details = [details(row) for row in table]
    row_readings = [readings(row) if (row[GIVEN] or row[FAMILY] or row[NAME]) else None for row in table]
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, found in enumerate(row_details):
        for detail in found:
            index[detail].append(n)

    def told_apart(a: int, b: int) -> bool:
        for kind in ("phone", "email", "id"):
            mine = {v for k, v in row_details[a] if k == kind and _personal((k, v))}
            theirs = {v for k, v in row_details[b] if k == kind and _personal((k, v))}
            if mine and theirs and not mine & theirs:
                return True
        marks = {r[2] for r in row_readings[a]} | {r[2] for r in row_readings[b]}
        return len(marks) > 1

    found_pairs = set()
    for rows in index.values():
        for a, b in itertools.combinations(rows, 2):
            if entities[a] == entities[b] or row_readings[a] is None or row_readings[b] is None or \
                    (a, b) in found_pairs:
                continue
            if person_fit(row_readings[a], row_readings[b]) == "full" and not told_apart(a, b):
                found_pairs.add((a, b))
    return sorted((table[a][KUNDNR], table[b][KUNDNR]) for a, b in found_pairs)


# ---------------------------------------------------------------------------------------------------------------

COPY_SHARE = 0.09  # of people, as in the other held-out registers
_MORE_COPIES = [1] * 85 + [2] * 13 + [3] * 2


def generate(rows: int, seed: int = 41) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """``rows`` rows of the bureau's register and its truth ``[(Kundnr, entity), …]``, the same for the same seed."""
    register = _Register(seed)
    rng = register.rng
    base_target = round(rows / (1 + COPY_SHARE * sum(_MORE_COPIES) / len(_MORE_COPIES) + 0.004))
    while len(register.entries) + len(register.company_copies) < base_target:
        register.client()
    copier = _Copier(register)
    people = [n for n, (_, _, person, _) in enumerate(register.entries) if person is not None]
    rng.shuffle(people)
    # rows entered later: (position key, fields, entity)
    later: list[tuple[float, dict, str]] = []
    n_base = len(register.entries)
    for first, fields in register.company_copies:
        if n_base + len(later) >= rows:
            break
        later.append((first + 0.5 + rng.random() * (n_base - first), fields, register.entries[first][1]))
    for n in people:
        if n_base + len(later) >= rows:
            break
        fields, entity, person, company = register.entries[n]
        for _ in range(rng.choice(_MORE_COPIES)):
            if n_base + len(later) >= rows:
                break
            later.append((n + 0.5 + rng.random() * (n_base - n), copier.copy(fields, person, company), entity))
    ordered = [(float(n), fields, entity) for n, (fields, entity, _, _) in enumerate(register.entries)] + later
    ordered.sort(key=lambda item: item[0])
    ordered = ordered[:rows]
    table, truth = [], []
    for number, (_, fields, entity) in enumerate(ordered, FIRST_CUSTOMER_NUMBER):
        fields[KUNDNR] = str(number)
        table.append([fields[i] for i in range(len(HEADER))])
        truth.append((str(number), entity))
    return table, truth


def shape(table: list[list[str]], truth: list) -> dict:
    """People and companies of a generated register: entities, those with copies, copy rows, company-only rows."""
    count: dict[str, int] = defaultdict(int)
    for _, entity in truth:
        count[entity] += 1
    people = [c for e, c in count.items() if e.startswith("p")]
    companies = [c for e, c in count.items() if e.startswith("c")]
    return {"rows": len(table), "entities": len(count), "people": len(people),
            "people_with_copies": sum(1 for c in people if c > 1), "copy_rows": sum(c - 1 for c in count.values()),
            "company_rows": sum(companies), "company_entities": len(companies),
            "company_entities_twice": sum(1 for c in companies if c > 1)}


def main() -> None:
    from _register_files import write_register

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=41)
    parser.add_argument("--out", default="bureau.csv")
    parser.add_argument("--findability", action="store_true", help="also print the share of true pairs a careful "
                        "human could not link")
    args = parser.parse_args()
    start = time.perf_counter()
    table, truth = generate(args.rows, args.seed)
    took = time.perf_counter() - start
    write_register(args.out, HEADER, table, truth)
    print(f"{Path(args.out)}: {shape(table, truth)}, generated in {took:.1f} s", file=sys.stderr)
    if args.findability:
        print(f"findability: {findability(table, truth)}", file=sys.stderr)


if __name__ == "__main__":
    main()
