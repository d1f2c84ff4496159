"""Generate a Norwegian B2B register (contacts at small companies) with injected duplicates, plus the truth.

    python bench/dedup_b2b_gen.py --rows 5000 --out /tmp/b2b5k.csv   # also writes /tmp/b2b5k.truth.csv

What makes B2B hard, built in on purpose:

- **Colleagues share** the company's role address (faktura@, post@, info@, order@), its switchboard, its
  street address and its org number; about a third of contacts have no e-mail or phone of their own.
- **Generations**: family firms where father and son have the same name, the son written "Jr." (or "d.y.",
  "junior"), both at the same address and switchboard.
- **Middle names**: "Tor Erik Haugen" and "Tor Anders Haugen" are brothers in one firm.
- **Households**: sole traders registered with their spouse at the home address and landline.
- **Namesakes**: names are drawn heavy-headed (Hansen, Johansen, Ole, Anne...), so the same name turns up
  at different companies.
- **Company-only rows**: a row with the company and no person (the invoice address), sometimes twice.
- Every row has a **sequential customer number**, a **last-contact date** and often a **note**, none of
  which says who is who.

About 9 % of people (and some company rows) appear more than once; each copy carries independent,
realistic changes (``copy_of``). The truth file maps each row's ``Kundenr`` to an entity (``p<n>`` a
person, ``c<n>`` a company row); rows with the same entity are true duplicates.
"""

from __future__ import annotations

import argparse
import random

GIVEN_M = ("ole lars jan per bjørn kjell tor hans arne knut svein thomas geir terje odd morten rune trond "
           "tore martin erik anders jon john espen harald rolf leif kristian andreas stian magnus henrik "
           "frode eirik øyvind gunnar nils petter vidar kåre sigurd dag einar helge ivar rasmus jonas").split()
GIVEN_F = ("anne inger kari marit ingrid liv eva berit astrid bjørg hilde anna solveig marianne randi ida "
           "nina elisabeth kristin bente heidi silje hanne gunn tone turid ragnhild camilla maria wenche "
           "linda ellen torill grete hege mette line julie sara ingeborg sigrid kirsten tove karin").split()
FAMILY = ("hansen johansen olsen larsen andersen pedersen nilsen kristiansen jensen karlsen johnsen "
          "pettersen eriksen berg haugen hagen johannessen andreassen jacobsen dahl jørgensen halvorsen "
          "henriksen lund sørensen jakobsen moen gundersen iversen strand solberg svendsen eide knutsen "
          "martinsen paulsen bakken kristoffersen mathisen lie amundsen nguyen rasmussen ali lunde solheim "
          "berge moe nygård bakke kristensen fredriksen holm lien hauge christensen andresen nielsen knudsen "
          "evensen sæther aas myhre hanssen ahmed haugland thomassen sivertsen simonsen danielsen berntsen "
          "sandvik rønning arnesen antonsen næss vik haug ellingsen thorsen edvardsen birkeland isaksen").split()
NICKS = {"kristian": "kris", "thomas": "tom", "andreas": "andy", "elisabeth": "lise", "kristin": "kiki",
         "magnus": "mange", "hans": "hasse", "petter": "pelle", "jonas": "jonny", "ingrid": "inga",
         "ingeborg": "inga", "margrethe": "grete", "frederik": "fred", "camilla": "milla"}
TRADES = ("Bygg Rør Elektro Transport Regnskap Eiendom Maskin Tre Maling Data Consult Handel Marin Invest "
          "Snekkeri Bakeri Frisør Anlegg Ventilasjon Tak Glass Stål Trafikkskole Catering").split()
FORMS = ["AS"] * 8 + ["ANS", "DA", "ENK"]
STREETS = ("Storgata Kirkegata Strandveien Industriveien Parkveien Skolegata Sjøgata Jernbanegata Havnegata "
           "Fjordveien Bakkeveien Kongens gate Dronningens gate Torggata Nedre gate Øvre gate Bryggen "
           "Verkstedveien Næringsveien Lensmannsveien Møllevegen Smieveien").split()
PLACES = [("Oslo", "0"), ("Bergen", "5"), ("Trondheim", "7"), ("Stavanger", "4"), ("Kristiansand", "4"),
          ("Tromsø", "9"), ("Drammen", "3"), ("Fredrikstad", "1"), ("Bodø", "8"), ("Ålesund", "6"),
          ("Hamar", "2"), ("Molde", "6"), ("Haugesund", "5"), ("Tønsberg", "3"), ("Gjøvik", "2")]
ROLE_MAIL = ["faktura", "post", "info", "order", "firmapost", "regnskap"]
PRIVATE = ["gmail.com"] * 6 + ["online.no"] * 3 + ["hotmail.com"] * 3 + ["outlook.com", "icloud.com", "live.no"]
NOTES = ["", "", "", "Ring før levering", "Fast kunde", "Faktura på e-post", "Kontakt via sentralbord",
         "Ny kontaktperson", "Se avtale 2023", "Purring sendt"]
HEADER = ["Kundenr", "Navn", "Firma", "Org.nr", "E-post", "Telefon", "Adresse", "Postnr", "Sted", "Sist kontakt",
          "Notat"]
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", " ": ""})


def _zipf(words: list[str], s: float) -> list[float]:
    return [1 / (rank + 1) ** s for rank in range(len(words))]


def orgnr(rng: random.Random) -> str:
    """A Norwegian organisation number with a valid mod-11 check digit."""
    while True:
        eight = "9" + "".join(str(rng.randint(0, 9)) for _ in range(7))
        weights = (3, 2, 7, 6, 5, 4, 3, 2)
        rest = 11 - sum(int(d) * w for d, w in zip(eight, weights)) % 11
        if rest == 10:
            continue
        return eight + ("0" if rest == 11 else str(rest))


def mobile(rng: random.Random) -> str:
    return rng.choice("49") + "".join(str(rng.randint(0, 9)) for _ in range(7))


def landline(rng: random.Random, area: str) -> str:
    return ("2" if area == "0" else rng.choice("3567")) + "".join(str(rng.randint(0, 9)) for _ in range(7))


def phone_text(rng: random.Random, digits: str) -> str:
    if not digits:
        return ""
    form = rng.random()
    if form < 0.4:
        return f"{digits[:3]} {digits[3:5]} {digits[5:]}"
    if form < 0.7:
        return digits
    if form < 0.85:
        return f"+47 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}"
    return f"0047{digits}"


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    at = rng.randint(1, len(text) - 2)
    kind = rng.random()
    if kind < 0.4:
        return text[:at] + text[at + 1:]
    if kind < 0.7:
        return text[:at] + text[at + 1] + text[at] + text[at + 2:]
    return text[:at] + text[at] + text[at:]


class Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.wm, self.wf, self.wfam = _zipf(GIVEN_M, 0.9), _zipf(GIVEN_F, 0.9), _zipf(FAMILY, 0.8)

    def given(self, sex: str) -> str:
        names, weights = (GIVEN_M, self.wm) if sex == "m" else (GIVEN_F, self.wf)
        return self.rng.choices(names, weights)[0]

    def family(self) -> str:
        return self.rng.choices(FAMILY, self.wfam)[0]


def make_companies(people_target: int, rng: random.Random, names: Names) -> tuple[list[dict], list[dict]]:
    """Companies with their contacts (people) and, for some, a row of their own (company-only)."""
    companies, people = [], []
    taken: set[str] = set()
    while len(people) < people_target:
        size = min(rng.choices([1, 2, 3, 4, 6, 9, 14, 25], [25, 22, 16, 12, 10, 7, 5, 3])[0],
                   people_target - len(people))
        owner = names.family()
        place, area = rng.choice(PLACES)
        trade = rng.choice(TRADES)
        name = f"{owner.title()} {trade} {rng.choice(FORMS)}" if rng.random() < 0.6 else \
            f"{rng.choice(['Nord', 'Vest', 'Fjord', 'Polar', 'Nordic', 'Norsk', 'Kyst'])} {trade} AS"
        domain = name.lower().rsplit(" ", 1)[0].translate(_ASCII) + ".no"
        company = {"company": name, "org": orgnr(rng), "domain": domain, "role": f"{rng.choice(ROLE_MAIL)}@{domain}",
                   "switchboard": landline(rng, area), "street": f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
                   "postal": area + f"{rng.randint(100, 999)}", "city": place, "id": len(companies)}
        companies.append(company)
        staff: list[dict] = []
        family_firm = size >= 2 and rng.random() < 0.15
        for n in range(size):
            sex = "m" if rng.random() < 0.6 else "f"
            given, family = names.given(sex), names.family()
            suffix = ""
            if family_firm and n < 2:
                family = owner
                if n == 1 and staff[0]["sex"] == "m":  # the son named after his father
                    given, sex = staff[0]["given"], "m"
                    suffix = rng.choice(["Jr.", "Jr.", "jr", "d.y.", "junior"])
            if n >= 1 and rng.random() < 0.08:  # brothers in one firm: same first and family name, own middle
                base = staff[-1]
                if base["sex"] == "m" and not base["suffix"] and " " not in base["given"]:
                    family, sex = base["family"], "m"
                    first = base["given"]
                    middle_a, middle_b = rng.sample([g for g in GIVEN_M if g != first], 2)
                    given, base["given"] = f"{first} {middle_a}", f"{first} {middle_b}"
            own_mail = rng.random() < 0.65
            user = f"{given.split(' ')[0]}.{family}".translate(_ASCII)
            while own_mail and f"{user}@{domain}" in taken:  # a second Jan Hansen gets jan.hansen2@
                user += str(rng.randint(2, 9))
            taken.add(f"{user}@{domain}")
            person = {"sex": sex, "given": given, "family": family, "suffix": suffix, "company": company,
                      "email": f"{user}@{domain}" if own_mail else company["role"],
                      "phone": mobile(rng) if rng.random() < 0.6 else company["switchboard"]}
            staff.append(person)
        people += staff
    # sole traders work from home: the spouse is registered too, at the same address and landline, often with
    # the family's private e-mail (one per household: hansen.familie@, hansen.familie2@ ...)
    counts: dict[str, int] = {}
    for company in companies:
        staff = [p for p in people if p["company"] is company]
        if len(staff) != 1 or rng.random() < 0.5:
            continue
        person = staff[0]
        sex = "f" if person["sex"] == "m" else "m"
        stem = f"{person['family'].translate(_ASCII)}.familie"
        counts[stem] = counts.get(stem, 0) + 1
        private = f"{stem}{counts[stem] if counts[stem] > 1 else ''}@{rng.choice(PRIVATE)}"
        spouse = {"sex": sex, "given": names.given(sex), "family": person["family"] if rng.random() < 0.7 else
                  names.family(), "suffix": "", "company": company, "email": private,
                  "phone": company["switchboard"], "household": True}
        if rng.random() < 0.5:
            person["email"] = private
        people.append(spouse)
    for n, person in enumerate(people):
        person["entity"] = f"p{n}"
    return companies, people


def copy_of(record: dict, rng: random.Random) -> dict:
    """Another row for the same person: each change independent, at a realistic rate."""
    r = dict(record)
    first = r["given"].split(" ")[0]
    if rng.random() < 0.10 and first in NICKS:
        r["given"] = NICKS[first]
    if rng.random() < 0.06:
        r["given"] = typo(rng, r["given"])
    if rng.random() < 0.06:
        r["family"] = typo(rng, r["family"])
    if rng.random() < 0.12 and " " in r["given"]:  # the middle name left out
        r["given"] = r["given"].split(" ")[0]
    if rng.random() < 0.25:  # a personal address or the role address, whichever the form got
        r["email"] = r["company"]["role"] if rng.random() < 0.5 else r["email"]
    if rng.random() < 0.10:
        r["email"] = r["email"].upper() if rng.random() < 0.5 else r["email"].title()
    if rng.random() < 0.20:
        r["phone"] = r["company"]["switchboard"] if rng.random() < 0.5 else mobile(rng)
    for field, rate in (("email", 0.12), ("phone", 0.12)):
        if rng.random() < rate:
            r[field] = ""
    if rng.random() < 0.15:
        r["company_name"] = r["company"]["company"].rsplit(" ", 1)[0]  # without AS
    if rng.random() < 0.10:
        r["no_org"] = True
    return r


def generate(rows: int, seed: int = 11) -> tuple[list[list[str]], list[tuple[str, str]]]:
    rng = random.Random(seed)
    names = Names(rng)
    companies, people = make_companies(int(rows * 0.86), rng, names)
    records = []
    for person in people:
        records.append(person)
        if rng.random() < 0.09:
            for _ in range(rng.choices([1, 2], [85, 15])[0]):
                records.append(copy_of(person, rng))
    for company in companies:  # the invoice address as a row of its own
        if rng.random() < 0.25:
            row = {"entity": f"c{company['id']}", "company": company, "given": "", "family": "", "suffix": "",
                   "email": company["role"], "phone": company["switchboard"], "company_only": True}
            records.append(row)
            if rng.random() < 0.15:
                records.append(dict(row, phone="" if rng.random() < 0.5 else row["phone"]))
    rng.shuffle(records)
    records = records[:rows]
    table, truth = [], []
    for n, r in enumerate(records, start=1):
        company = r["company"]
        kundenr = str(100000 + n)
        if r.get("company_only"):
            name = rng.choice(["", "", "Faktura", "Post"]) if rng.random() < 0.4 else ""
        else:
            name = f"{r['given']} {r['family']}".title()
            if r["suffix"]:
                name += f" {r['suffix']}"
        last = f"20{rng.randint(19, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        household = r.get("household")
        table.append([
            kundenr, name, "" if household and rng.random() < 0.5 else r.get("company_name", company["company"]),
            "" if r.get("no_org") or household else company["org"], r["email"], phone_text(rng, r["phone"]),
            company["street"], company["postal"], company["city"], last, rng.choice(NOTES)])
        truth.append((kundenr, r["entity"]))
    return table, truth


def main() -> None:
    from _register_files import write_register  # run as a script: bench/ is on the path

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    table, truth = generate(args.rows, args.seed)
    write_register(args.out, HEADER, table, truth)


if __name__ == "__main__":
    main()
