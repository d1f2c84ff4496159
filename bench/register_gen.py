"""Synthetic Nordic customer registers for benchmarks and the example: fast, seeded, messy on purpose.

``generate(n, seed=..., mess=...)`` returns ``(header, rows)`` with Swedish headers (E-post, Telefon,
Förnamn, Efternamn, Gatuadress, Postnummer, Ort, Personnummer, Land) and customers from Sweden, Norway,
Denmark and Finland. All names come from small pools of common first and family names; every id number is
generated here with a correct check digit on a random date, so it belongs to nobody on purpose
(and never to a named, real person). ``mess`` is the share of rows that get the typical damage of
real registers: shouting capitals, stray spaces, e-mail typos, Excel-mangled phones, mistyped ids.

Repeated values (names, cities, streets) are shared string objects, as a CSV reader with interning
would give, so a million rows stay within a few hundred MB.

    python bench/register_gen.py 1000 > register.csv
"""

from __future__ import annotations

import csv
import random
import sys

from core.fields.luhn import calc_check_digit

HEADER = ["E-post", "Telefon", "Förnamn", "Efternamn", "Gatuadress", "Postnummer", "Ort", "Personnummer", "Land"]

GIVEN = {
    "SE": ["Anna", "Eva", "Maria", "Karin", "Sara", "Elin", "Ida", "Lena", "Emma", "Ebba", "Lars", "Erik", "Karl",
           "Johan", "Anders", "Per", "Mikael", "Nils", "Oskar", "Björn", "Åsa", "Jörgen", "Göran", "Märta"],
    "NO": ["Ingrid", "Kari", "Silje", "Marit", "Nora", "Ole", "Knut", "Bjørn", "Håkon", "Sindre", "Øystein", "Tor"],
    "DK": ["Mette", "Hanne", "Lone", "Freja", "Søren", "Jens", "Mads", "Rasmus", "Niels", "Jørgen", "Kasper"],
    "FI": ["Aino", "Helmi", "Leena", "Päivi", "Sanna", "Juha", "Jukka", "Mikko", "Timo", "Väinö", "Antti"],
}
FAMILY = {
    "SE": ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
           "Svensson", "Gustafsson", "Lindström", "Åberg", "Öberg", "Lindqvist", "Sjögren", "af Klint"],
    "NO": ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Berg", "Haugen", "Bakken",
           "Sæther", "Østby"],
    "DK": ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Rasmussen", "Sørensen",
           "Jørgensen", "Møller"],
    "FI": ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
           "Koskinen", "Järvinen"],
}
STREETS = {
    "SE": ["Storgatan", "Drottninggatan", "Kungsgatan", "Vasagatan", "Skolgatan", "Åsögatan", "Björkvägen",
           "Sveavägen", "Götgatan", "Östra Hamngatan"],
    "NO": ["Storgata", "Kirkegata", "Parkveien", "Skolegata", "Bjørnstjerne Bjørnsons gate", "Thereses gate"],
    "DK": ["Nørregade", "Vestergade", "Østergade", "Algade", "Jernbanegade", "Søndergade"],
    "FI": ["Mannerheimintie", "Hämeenkatu", "Aleksanterinkatu", "Kauppakatu", "Rantatie", "Koulukatu"],
}
# (postal code, city) pairs that exist.
PLACES = {
    "SE": [("114 18", "Stockholm"), ("118 20", "Stockholm"), ("411 05", "Göteborg"), ("211 20", "Malmö"),
           ("752 20", "Uppsala"), ("581 10", "Linköping"), ("903 26", "Umeå"), ("972 31", "Luleå"),
           ("831 30", "Östersund"), ("262 31", "Ängelholm")],
    "NO": [("0150", "Oslo"), ("0368", "Oslo"), ("5003", "Bergen"), ("7010", "Trondheim"), ("4006", "Stavanger"),
           ("9008", "Tromsø"), ("8900", "Brønnøysund")],
    "DK": [("1050", "København K"), ("2100", "København Ø"), ("8000", "Aarhus C"), ("5000", "Odense C"),
           ("9000", "Aalborg"), ("6700", "Esbjerg")],
    "FI": [("00100", "Helsinki"), ("00530", "Helsinki"), ("33100", "Tampere"), ("20100", "Turku"),
           ("90100", "Oulu"), ("22100", "Mariehamn")],
}
COUNTRY_NAMES = {"SE": "Sverige", "NO": "Norge", "DK": "Danmark", "FI": "Finland"}
DOMAINS = {
    "SE": ["gmail.com", "hotmail.com", "outlook.com", "telia.com", "yahoo.se", "icloud.com", "bredband.net"],
    "NO": ["gmail.com", "online.no", "hotmail.no", "outlook.com"],
    "DK": ["gmail.com", "hotmail.dk", "mail.dk", "outlook.dk"],
    "FI": ["gmail.com", "hotmail.fi", "luukku.com", "outlook.com"],
}
TYPO_DOMAINS = ["gmial.com", "gmail.con", "hotmial.com", "hotmail.co", "outlok.com", "telia.co"]
COUNTRY_WEIGHTS = (("SE", 70), ("NO", 12), ("DK", 10), ("FI", 8))
_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "ø": "o", "æ": "ae", "é": "e", "ü": "u", " ": ""})
_HETU = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# Two-digit starts of mobile numbers in use (libphonenumber's metadata agrees with these).
_NO_MOBILE = ("40", "41", "45", "46", "47", "48", "90", "91", "92", "93", "94", "95", "97", "98", "99")
_DK_MOBILE = ("20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "40", "41", "42", "50",
              "51", "52", "53", "60", "61")


def personal_id(country: str, rnd: random.Random) -> str:
    """A made-up national id with a correct check digit (and a valid date) for the country."""
    year, month, day = rnd.randint(1940, 2004), rnd.randint(1, 12), rnd.randint(1, 28)
    if country == "SE":
        base = f"{year % 100:02d}{month:02d}{day:02d}{rnd.randint(200, 999):03d}"
        return f"{year}{base[2:6]}-{base[6:]}{calc_check_digit(base)}"
    if country == "NO":
        while True:  # about 1 in 6 serials gives a check digit of 10, which is not allowed
            individual = rnd.randint(500, 749) if year >= 2000 else rnd.randint(0, 499)
            digits = [int(c) for c in f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"]
            k1 = (11 - sum(w * d for w, d in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), digits)) % 11) % 11
            k2 = (11 - sum(w * d for w, d in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), digits + [k1])) % 11) % 11
            if k1 < 10 and k2 < 10:
                return "".join(map(str, digits)) + f"{k1}{k2}"
    if country == "DK":
        seventh = rnd.choice("0123") if year < 2000 else rnd.choice("4")
        return f"{day:02d}{month:02d}{year % 100:02d}-{seventh}{rnd.randint(0, 999):03d}"
    individual = rnd.randint(2, 899)
    check = _HETU[int(f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}") % 31]
    return f"{day:02d}{month:02d}{year % 100:02d}{'-' if year < 2000 else 'A'}{individual:03d}{check}"


def phone(country: str, rnd: random.Random) -> str:
    """A mobile number in one of the ways people type it."""
    if country == "SE":
        prefix, rest = rnd.choice(("070", "072", "073", "076", "079")), f"{rnd.randint(0, 9999999):07d}"
        return rnd.choice((
            f"{prefix}-{rest[:3]} {rest[3:5]} {rest[5:]}", f"{prefix}{rest}", f"+46 {prefix[1:]} {rest[:3]} {rest[3:5]} {rest[5:]}",
            f"{prefix} {rest[:3]} {rest[3:]}",
        ))
    if country in ("NO", "DK"):
        prefix = rnd.choice(_NO_MOBILE if country == "NO" else _DK_MOBILE)
        rest = f"{prefix}{rnd.randint(0, 999999):06d}"
        code = "+47" if country == "NO" else "+45"
        return rnd.choice((f"{code} {rest[:3]} {rest[3:5]} {rest[5:]}", rest, f"{rest[:2]} {rest[2:4]} {rest[4:6]} {rest[6:]}"))
    rest = f"{rnd.choice(('040', '041', '044', '050'))}{rnd.randint(0, 9999999):07d}"
    return rnd.choice((f"{rest[:3]} {rest[3:6]} {rest[6:]}", f"+358 {rest[1:3]} {rest[3:]}"))


def _mess(row: list[str], country: str, rnd: random.Random) -> None:
    """One typical kind of damage, in place."""
    kind = rnd.randrange(9)
    if kind == 0:
        row[2], row[3] = row[2].upper(), row[3].upper()
    elif kind == 1:
        row[2], row[3] = f"  {row[2].lower()} ", row[3].lower()
    elif kind == 2 and row[0]:
        row[0] = row[0].split("@")[0] + "@" + rnd.choice(TYPO_DOMAINS)
    elif kind == 3 and country == "SE":
        digits = row[1].replace("-", "").replace(" ", "").replace("+46", "0")
        row[1] = f"4.6{digits[1:]}E+10" if len(digits) == 10 else row[1]
    elif kind == 4:
        pid = row[7]
        row[7] = pid[:-1] + str((int(pid[-1]) + 1) % 10) if pid[-1].isdigit() else pid[:-1] + "0"
    elif kind == 5:
        row[5] = row[5].replace(" ", "")
    elif kind == 6:
        row[0] = row[0].upper()
    elif kind == 7:
        row[1] = ""
    else:
        row[6] = row[6].upper()


def generate(n: int, *, seed: int = 2024, mess: float = 0.3) -> tuple[list[str], list[list[str]]]:
    """``n`` customer rows with the header ``HEADER``; deterministic for a seed."""
    rnd = random.Random(seed)
    countries = rnd.choices([c for c, _ in COUNTRY_WEIGHTS], weights=[w for _, w in COUNTRY_WEIGHTS], k=n)
    streets = {c: [f"{s} {no}" for s in names for no in range(1, 60)] for c, names in STREETS.items()}
    rows = []
    for country in countries:
        given, family = rnd.choice(GIVEN[country]), rnd.choice(FAMILY[country])
        postal_code, city = rnd.choice(PLACES[country])
        local = f"{given}.{family}".lower().translate(_ASCII)
        email = f"{local}{rnd.randint(1, 9999)}@{rnd.choice(DOMAINS[country])}"
        row = [email, phone(country, rnd), given, family, rnd.choice(streets[country]), postal_code, city,
               personal_id(country, rnd), COUNTRY_NAMES[country]]
        if rnd.random() < mess:
            _mess(row, country, rnd)
        rows.append(row)
    return list(HEADER), rows


if __name__ == "__main__":
    header, rows = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    writer = csv.writer(sys.stdout, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
