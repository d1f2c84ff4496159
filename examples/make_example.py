"""Write examples/kunder.csv: a messy Nordic customer list for demos and tests (fixed seed, made-up people).

Swedish headers, ``;``-separated, UTF-8 with BOM and CRLF line ends, as Swedish Excel's "CSV UTF-8" saves
it. About 300 customers, mostly Swedish with Norwegian, Danish and Finnish ones mixed in, and the damage
real registers have: e-mail typos (gmial.com), phones Excel turned into numbers (4,67012E+10), names in
capitals, duplicates typed twice, households sharing an address, formula-looking cells, mistyped
personnummer, role addresses (info@, faktura@), several values in one cell, invisible characters and
empty cells. Every id number is generated with a correct (or deliberately broken) check digit on a
random date; none is taken from a real person.

    python examples/make_example.py          # rewrites examples/kunder.csv
"""

from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.register_gen import (  # noqa: E402  (the pools live with the benchmark generator)
    COUNTRY_NAMES,
    DOMAINS,
    FAMILY,
    GIVEN,
    PLACES,
    STREETS,
    personal_id,
    phone,
)
from core.fields.luhn import calc_check_digit  # noqa: E402

SEED = 20261122
HEADER = ["Kundnr", "Förnamn", "Efternamn", "Företag", "E-post", "Mobil", "Gatuadress", "Postnr", "Ort", "Land",
          "Personnummer", "Org.nr", "Senast ändrad", "Anteckning"]
COMPANIES = ["Byggservice", "Konsult", "Trädgård", "Måleri", "Bageri", "Redovisning", "El & VVS", "Frisör"]
NOTES = ["", "", "", "", "Ring efter 17", "Vill ha faktura per post", "Stamkund", "Nyhetsbrev: ja",
         "Har bytt nummer?", "Kontakta via e-post"]
ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "ø": "o", "æ": "ae", " ": ""})


def _orgnr(rnd: random.Random) -> str:
    base = f"55{rnd.randint(6, 9)}{rnd.randint(0, 999999):06d}"
    return f"{base[:6]}-{base[6:]}{calc_check_digit(base)}"


def customer(number: int, rnd: random.Random, country: str | None = None) -> list[str]:
    country = country or rnd.choices(["SE", "NO", "DK", "FI"], weights=[72, 12, 9, 7])[0]
    given, family = rnd.choice(GIVEN[country]), rnd.choice(FAMILY[country])
    postal_code, city = rnd.choice(PLACES[country])
    company = f"{family}s {rnd.choice(COMPANIES)} AB" if country == "SE" and rnd.random() < 0.15 else ""
    local = f"{given}.{family}".lower().translate(ASCII)
    email = f"{local}{rnd.choice(['', '', str(rnd.randint(1, 99))])}@{rnd.choice(DOMAINS[country])}"
    return [
        str(number), given, family, company, email, phone(country, rnd),
        f"{rnd.choice(STREETS[country])} {rnd.randint(1, 80)}", postal_code, city,
        rnd.choice([COUNTRY_NAMES[country], COUNTRY_NAMES[country], country]) if country != "SE" else
        rnd.choice(["Sverige", "Sverige", "SE", ""]),
        personal_id(country, rnd) if rnd.random() < 0.6 else "",
        _orgnr(rnd) if company else "",
        f"2026-{rnd.randint(1, 10):02d}-{rnd.randint(1, 28):02d}",
        rnd.choice(NOTES),
    ]


def damage(row: list[str], rnd: random.Random) -> None:
    """Apply one or two kinds of everyday damage to a customer row, in place."""
    for _ in range(rnd.choice((1, 1, 2))):
        kind = rnd.randrange(14)
        if kind == 0:
            row[1], row[2] = row[1].upper(), row[2].upper()
        elif kind == 1:
            row[1], row[2] = row[1].lower(), f" {row[2].lower()}  "
        elif kind == 2:
            row[4] = row[4].split("@")[0] + "@" + rnd.choice(["gmial.com", "hotmial.com", "gmail.con", "outlok.com"])
        elif kind == 3 and row[5].replace(" ", "").replace("-", "").startswith("07"):
            digits = row[5].replace(" ", "").replace("-", "")
            row[5] = rnd.choice([f"4,6{digits[1:6]}E+10", f"46{digits[1:]}", f"4.6{digits[1:]}E+10"])
        elif kind == 4 and row[10][-1:].isdigit():
            row[10] = row[10][:-1] + str((int(row[10][-1]) + 3) % 10)
        elif kind == 5:
            row[7] = row[7].replace(" ", "") if " " in row[7] else "S-" + row[7] if len(row[7]) == 6 else row[7]
        elif kind == 6:
            row[4] = row[4].upper()
        elif kind == 7:
            row[5] = ""
        elif kind == 8:
            row[8] = row[8].upper()
        elif kind == 9:
            row[1] = row[1] + "\u00a0"
            row[4] = "\u200b" + row[4]
        elif kind == 10:
            row[4] = f"{row[4]}, {row[1].lower().translate(ASCII)}@jobb.se"
        elif kind == 11:
            row[5] = f"{row[5]} ankn. 12" if row[5] else row[5]
        elif kind == 12:
            row[4] = ""
        else:
            row[6] = row[6].lower() + " "


def special_rows(rnd: random.Random) -> list[list[str]]:
    """Hand-written cases a demo should show, numbered later."""
    wrong = personal_id("SE", rnd)
    wrong = wrong[:-1] + str((int(wrong[-1]) + 5) % 10)  # a broken check digit
    return [
        ["", "Info", "", "Åbergs Måleri AB", "info@abergsmaleri.se", "08-123 456 78", "Storgatan 5", "114 18",
         "Stockholm", "Sverige", "", _orgnr(rnd), "2026-03-02", "Rollkonto"],
        ["", "", "", "Nilssons Bageri AB", "faktura@nilssonsbageri.se", "", "Kungsgatan 12", "411 05", "Göteborg",
         "SE", "", _orgnr(rnd), "2026-05-11", ""],
        ["", "=HYPERLINK(\"http://example.com\";\"Klicka\")", "Test", "", "test@example.com", "", "", "", "", "",
         "", "", "2026-01-15", "=1+1"],
        ["", "Maja", "Sjögren", "", "maja.sjogren@telia.com", "+46 70-174 06 10", "Björkvägen 3", "903 26", "Umeå",
         "Sverige", wrong, "", "2026-02-01", "@Anders kolla personnumret"],
        ["", "Kalle", "Anka", "", "kalle@@ankeborg.se", "070-1740", "Paradisäppelvägen 111", "99999", "Ankeborg",
         "Sverige", "", "", "2025-12-24", "Troligen påhittad"],
        ["", "Sofia", "Virtanen", "", "sofia.virtanen@luukku.com", "040 1234 567", "Hämeenkatu 4", "33100",
         "Tampere", "Suomi", "", "", "2026-04-04", ""],
        ["", "Ola", "Nordmann", "", "ola.nordmann@online.no", "0047 912 34 567", "Storgata 1", "0150", "Oslo",
         "Norge", "", "", "2026-06-30", "Postnr fra gammel liste"],
        ["", "Mette", "Frederiksen", "", "mette.f@mail.dk", "+45 20 12 34 56", "Nørregade 7", "1050",
         "København K", "Danmark", "", "", "2026-07-01", ""],
        ["", "Lars", "Persson", "", "lars.persson@gmail.com; lars@perssonsel.se", "070-174 06 20 / 08-702 10 00",
         "Vasagatan 2", "111 20", "Stockholm", "Sverige", "", "", "2026-08-08", "Två adresser i samma cell"],
    ]


def build() -> list[list[str]]:
    rnd = random.Random(SEED)
    rows = [customer(0, rnd) for _ in range(265)]
    for row in rows:
        if rnd.random() < 0.35:
            damage(row, rnd)
    # Households: a second person at the same address, same family name, own e-mail (not a duplicate).
    for base in rnd.sample(rows[:200], 10):
        other = list(base)
        other[1] = rnd.choice([g for g in GIVEN["SE"] if g != base[1]])
        other[4] = f"{other[1].lower().translate(ASCII)}.{base[2].strip().lower().translate(ASCII)}@gmail.com"
        other[5], other[10], other[13] = "", "", "Samma hushåll"
        rows.append(other)
    # Duplicates: the same customer typed again, a little differently, sometimes with more details.
    for base in rnd.sample(rows[:200], 16):
        again = list(base)
        again[1], again[2] = again[1].strip().upper(), again[2].strip().upper()
        again[4] = again[4].strip("\u200b").upper() if rnd.random() < 0.5 else again[4]
        if rnd.random() < 0.5:
            again[5] = ""
        if rnd.random() < 0.5:
            base[6] = ""  # the first copy lacks the street, the second has it: a merge fills it in
        again[12], again[13] = "2024-11-03", "Importerad från gamla listan"
        rows.append(again)
    rows += special_rows(rnd)
    rnd.shuffle(rows)
    for number, row in enumerate(rows, start=1001):
        row[0] = str(number)
    # A handful of empty cells where people skip fields.
    for row in rnd.sample(rows, 20):
        row[rnd.choice((6, 7, 8))] = ""
    return rows


def render() -> bytes:
    """The bytes of kunder.csv: the same every time (tests compare them with the committed file)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(build())
    return buffer.getvalue().encode("utf-8-sig")


def main() -> None:
    target = Path(__file__).resolve().parent / "kunder.csv"
    target.write_bytes(render())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
