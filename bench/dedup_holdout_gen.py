"""A held-out Danish register: B2B contacts and private households, built differently from ``dedup_b2b_gen``.

    python bench/dedup_holdout_gen.py --rows 5000 --out /tmp/dk5k.csv   # also writes /tmp/dk5k.truth.csv

Written to check the matcher on data it was not tuned on: another country (CVR numbers, +45 numbers
without a trunk 0, Danish role mailboxes), another layout (given and family name in their own columns,
the name sometimes written "Jensen, Mette" in one of them), another mix (a third of the rows are private
customers in households with a shared landline and a numbered family e-mail) and other changes between
copies (initials, a dropped "ApS", the name written the other way round, a copy made after a move to a
new company). Company sizes follow a log-normal law, not a table. Danish names are really this
concentrated: Jensen, Nielsen and Hansen are each about 4 % of the population, which makes namesakes common.

The truth maps ``Kunde-ID`` to an entity (``p<n>`` a person, ``c<n>`` a company row).
"""

from __future__ import annotations

import argparse
import math
import random

GIVEN_M = ("peter michael jens lars henrik thomas søren jan christian martin niels anders morten jesper mads "
           "rasmus hans per jørgen ole kim mikkel frederik poul kasper torben steen claus jakob erik brian "
           "bo allan simon carsten kristian flemming").split()
GIVEN_F = ("anne kirsten mette hanne helle anna susanne lene maria marianne lone camilla pia louise charlotte "
           "bente tina gitte inge karen julie rikke ida emma sofie birgitte laura cecilie lise dorthe").split()
FAMILY = ("nielsen jensen hansen pedersen andersen christensen larsen sørensen rasmussen jørgensen petersen "
          "madsen kristensen olsen thomsen christiansen poulsen johansen møller mortensen knudsen jakobsen "
          "mikkelsen olesen frederiksen laursen henriksen lund schmidt eriksen holm kristiansen clausen simonsen "
          "svendsen andreasen iversen jeppesen vestergaard nissen lauridsen kjær jepsen mogensen skov østergaard").split()
SHORT = {"michael": "micky", "christian": "chris", "frederik": "frede", "kristian": "kris", "jakob": "jacob",
         "charlotte": "lotte", "susanne": "sanne", "marianne": "janne", "elisabeth": "lis"}
ROLE = ["kontakt", "salg", "bogholderi", "mail", "info", "ordre", "kundeservice"]
TOWNS = [("København", "1"), ("Aarhus", "8"), ("Odense", "5"), ("Aalborg", "9"), ("Esbjerg", "6"),
         ("Randers", "8"), ("Kolding", "6"), ("Horsens", "8"), ("Vejle", "7"), ("Roskilde", "4"), ("Herning", "7")]
ROADS = ("Nørregade Vestergade Østergade Søndergade Algade Torvet Havnevej Industrivej Skovvej Kirkevej "
         "Stationsvej Fabriksvej Strandvejen Bredgade Møllevej Engvej").split()
TRADES = "VVS El Tømrer Murer Revision Transport IT Maling Auto Bageri Design Rengøring Anlæg Smed".split()
FREE = ["gmail.com", "hotmail.com", "outlook.dk", "yahoo.dk", "live.dk", "mail.dk", "jubii.dk"]
HEADER = ["Kunde-ID", "Fornavn", "Efternavn", "Virksomhed", "CVR", "Email", "Tlf", "Vej", "Postnr", "By",
          "Oprettet", "Bemærkning"]
_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": ""})


def cvr(rng: random.Random) -> str:
    """A Danish CVR number with a valid mod-11 check (weights 2 7 6 5 4 3 2 1)."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        total = sum(d * w for d, w in zip(digits, (2, 7, 6, 5, 4, 3, 2)))
        check = (11 - total % 11) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def number(rng: random.Random) -> str:
    return str(rng.choice([2, 3, 4, 5, 6, 7, 8, 9])) + "".join(str(rng.randint(0, 9)) for _ in range(7))


def show_number(rng: random.Random, digits: str) -> str:
    if not digits:
        return ""
    return rng.choice([digits, f"+45 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}",
                       f"{digits[:4]} {digits[4:]}", f"0045{digits}"])


def pick(rng: random.Random, words: list[str], skew: float) -> str:
    weights = [math.exp(-skew * rank) for rank in range(len(words))]
    return rng.choices(words, weights)[0]


def build(people_target: int, rng: random.Random) -> tuple[list[dict], list[dict]]:
    people, companies, used, domains = [], [], set(), set()

    def address(town, area):
        return {"road": f"{rng.choice(ROADS)} {rng.randint(1, 120)}", "zip": f"{area}{rng.randint(0, 999):03d}",
                "town": town}

    def mailbox(user: str, domain: str) -> str:
        candidate, n = f"{user}@{domain}", 1
        while candidate in used:
            n += 1
            candidate = f"{user}{n}@{domain}"
        used.add(candidate)
        return candidate

    while len(people) < people_target:
        town, area = rng.choice(TOWNS)
        if rng.random() < 0.35:  # a private household
            family = pick(rng, FAMILY, 0.09)
            home = address(town, area)
            landline = number(rng) if rng.random() < 0.4 else ""
            shared = mailbox(f"familien.{family.translate(_ASCII)}", rng.choice(FREE)) if rng.random() < 0.3 else ""
            for _n in range(rng.choice([1, 1, 2, 2, 2, 3, 4])):
                sex = rng.choice("mf")
                given = pick(rng, GIVEN_M if sex == "m" else GIVEN_F, 0.07)
                people.append({"given": given, "family": family if rng.random() < 0.8 else pick(rng, FAMILY, 0.09),
                               "suffix": "", "company": None, "home": home,
                               "email": shared if shared and rng.random() < 0.6 else mailbox(
                                   f"{given}{rng.randint(1, 99)}".translate(_ASCII), rng.choice(FREE)),
                               "phone": landline if landline and rng.random() < 0.5 else number(rng)})
            continue
        size = max(1, min(40, int(rng.lognormvariate(0.9, 0.9))))
        owner = pick(rng, FAMILY, 0.09)
        name = f"{owner.title()}s {rng.choice(TRADES)} {rng.choice(['ApS', 'ApS', 'A/S', 'I/S'])}"
        stem = name.lower().split(" ")[0].translate(_ASCII) + rng.choice(["", "-" + name.split(" ")[1].lower()])
        domain, n = stem + ".dk", 1
        while domain in domains:  # a domain belongs to one firm
            n += 1
            domain = f"{stem}{n}.dk"
        domains.add(domain)
        company = {"id": len(companies), "name": name, "cvr": cvr(rng), "role": f"{rng.choice(ROLE)}@{domain}",
                   "phone": number(rng), **address(town, area)}
        companies.append(company)
        for n in range(size):
            sex = rng.choice("mmf")
            given, family, suffix = pick(rng, GIVEN_M if sex == "m" else GIVEN_F, 0.07), pick(rng, FAMILY, 0.09), ""
            if n == 1 and size > 2 and rng.random() < 0.2 and people[-1]["given"] in GIVEN_M:
                given, family = people[-1]["given"], people[-1]["family"]  # father and son in the firm
                suffix = rng.choice(["Jr.", "junior", "Jr"])
                if rng.random() < 0.5:
                    people[-1]["suffix"] = rng.choice(["Sr.", "senior"])
            initials = given[0] + family[0]
            work = mailbox(rng.choice([f"{given}.{family}", f"{given}", initials]).translate(_ASCII), domain)
            people.append({"given": given, "family": family, "suffix": suffix, "company": company, "home": None,
                           "email": work if rng.random() < 0.7 else company["role"],
                           "phone": number(rng) if rng.random() < 0.55 else company["phone"]})
    for n, person in enumerate(people):
        person["entity"] = f"p{n}"
    return people, companies


def again(person: dict, companies: list[dict], rng: random.Random) -> dict:
    """A second row for the same person, with the changes a Danish register sees."""
    r = dict(person)
    if rng.random() < 0.08 and r["given"] in SHORT:
        r["given"] = SHORT[r["given"]]
    if rng.random() < 0.05:
        r["given"] = r["given"][0] + "."
    if rng.random() < 0.05:
        i = rng.randint(1, len(r["family"]) - 2)
        r["family"] = r["family"][:i] + r["family"][i + 1:]
    if rng.random() < 0.03:
        r["swap"] = True
    if r["company"] and rng.random() < 0.04:  # moved on to another firm, registered again there
        company = rng.choice(companies)
        r["company"], r["email"], r["phone"] = company, company["role"], company["phone"]
    if rng.random() < 0.2:
        r["email"] = r["company"]["role"] if r["company"] else ""
    if rng.random() < 0.15:
        r["phone"] = number(rng) if rng.random() < 0.5 else ""
    if rng.random() < 0.1:
        r["email"] = r["email"].upper()
    if r["company"] and rng.random() < 0.2:
        r["company_text"] = r["company"]["name"].rsplit(" ", 1)[0]
    if rng.random() < 0.15:
        r["no_cvr"] = True
    return r


def generate(rows: int, seed: int = 5) -> tuple[list[list[str]], list[tuple[str, str]]]:
    rng = random.Random(seed)
    people, companies = build(int(rows * 0.85), rng)
    records = []
    for person in people:
        records.append(person)
        if rng.random() < 0.1:
            records += [again(person, companies, rng) for _ in range(rng.choice([1, 1, 1, 2]))]
    for company in companies:
        if rng.random() < 0.2:
            row = {"entity": f"c{company['id']}", "given": "", "family": "", "suffix": "", "company": company,
                   "home": None, "email": company["role"], "phone": company["phone"]}
            records.append(row)
            if rng.random() < 0.2:
                records.append(dict(row, email=row["email"].upper()))
    rng.shuffle(records)
    table, truth = [], []
    for n, r in enumerate(records[:rows], start=1):
        company, home = r["company"], r["home"]
        place = company or home
        given, family = r["given"].title(), r["family"].title()
        if r["suffix"]:
            family = f"{family} {r['suffix']}"
        if r.get("swap"):
            given, family = family, given
        elif given and rng.random() < 0.02:
            given, family = f"{family}, {given}", ""
        table.append([
            f"DK-{n:06d}", given, family,
            (r.get("company_text") or company["name"]) if company else "",
            company["cvr"] if company and not r.get("no_cvr") else "",
            r["email"], show_number(rng, r["phone"]), place["road"], place["zip"], place["town"],
            f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-20{rng.randint(10, 25)}",
            rng.choice(["", "", "", "Ring efter kl. 10", "Fast kunde", "Faktura pr. mail", "Ny adresse?"])])
        truth.append((table[-1][0], r["entity"]))
    return table, truth


def main() -> None:
    from _register_files import write_register  # run as a script: bench/ is on the path

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    table, truth = generate(args.rows, args.seed)
    write_register(args.out, HEADER, table, truth)


if __name__ == "__main__":
    main()
