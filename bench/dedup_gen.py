"""Generate a Swedish customer register with injected duplicates, households and namesakes, plus the truth.

    python bench/dedup_gen.py --rows 100000 --out /tmp/reg100k.csv   # also writes /tmp/reg100k.truth.csv

Population: people live in households (1-6 members; sizes as in Swedish
household statistics, about 40 % single). Members share the street address,
usually the family name, sometimes a landline and a family e-mail; there are
twins and parents and children with the same given name. Names follow a
heavy-headed frequency (Andersson, Johansson, Anna, Lars...), so namesakes
occur naturally. About 10 % of people appear more than once; each copy
carries independent, realistic changes (see ``corrupt``). The truth file maps
each row's ``Kundnr`` to a person id; pairs with the same person id are true
duplicates. Proportions are documented in docs/dedup.md and are not tuned to
the matcher.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

from core.fields.luhn import calc_check_digit

MALE = ("lars mikael anders johan per erik karl peter jan thomas daniel fredrik hans andreas stefan mohamed "
        "mats marcus bengt alexander magnus nils lennart bo sven patrik jonas joakim christer olof niklas "
        "oskar björn ulf göran david henrik gustav kent martin jörgen robert leif mattias emil simon tommy "
        "roger william lucas elias hugo oliver axel viktor filip isak arvid rasmus sebastian adam anton "
        "kjell rolf tomas åke stig ingemar sten gunnar torsten hampus linus")
FEMALE = ("anna eva maria karin kristina lena kerstin sara emma ingrid marie malin jenny birgitta inger "
          "hanna elisabeth linda susanne johanna sofia annika monica ulla elin julia helena camilla "
          "ida margareta gunilla charlotte elsa maja alice ebba wilma agnes astrid saga ella olivia "
          "lisa frida therese louise sandra åsa matilda amanda josefin caroline linnea ann marianne "
          "viktoria cecilia jessica britt gun siv yvonne agneta katarina mona sofie lovisa tove")
FAMILY = ("andersson johansson karlsson nilsson eriksson larsson olsson persson svensson gustafsson "
          "pettersson jonsson jansson hansson bengtsson jönsson lindberg jakobsson magnusson olofsson "
          "lindström lindqvist lindgren berg axelsson bergström lundberg lind lundgren lundqvist mattsson "
          "berglund fredriksson sandberg henriksson forsberg sjöberg wallin ali engström mohamed eklund "
          "danielsson lundin håkansson björk bergman gunnarsson holm wikström samuelsson isaksson fransson "
          "bergqvist nyström holmberg arvidsson löfgren söderberg nyberg blomqvist claesson nordström "
          "mårtensson lundström ahmed viklund björklund eliasson pålsson berggren sandström lund nordin "
          "ström åberg hermansson ekström holmgren falk dahlberg hellström hedlund sundberg sjögren ek "
          "blom abrahamsson martinsson öberg andreasson strömberg månsson åkesson hansen hassan jovanovic "
          "nguyen virtanen korhonen nielsen johnsen kaya yilmaz novak kowalski ivanova petrović")
# Short forms people use for themselves; a few are unusual on purpose (not every copy is easy).
NICKS = {"karl": ["kalle"], "lars": ["lasse"], "bo": ["bosse"], "per": ["pelle"], "olof": ["olle"],
         "nils": ["nisse"], "jan": ["janne"], "joakim": ["jocke"], "mikael": ["micke"], "kristina": ["stina", "kicki"],
         "elisabeth": ["lisa", "bettan"], "charlotte": ["lotta"], "maria": ["maja", "mia"], "torsten": ["totte"],
         "hans": ["hasse"], "gustav": ["gurra", "gustaf"], "niklas": ["nicke", "nicklas"], "tomas": ["tompa"],
         "fredrik": ["fredde"], "stefan": ["steffe"], "susanne": ["sanna"], "katarina": ["kajsa", "karin"],
         "anders": ["ante"], "thomas": ["tompa", "tomas"], "robert": ["robban"], "daniel": ["danne"],
         "henrik": ["henke"], "viktoria": ["vickan"], "birgitta": ["gittan", "bibbi"], "mattias": ["matte"],
         "cecilia": ["cissi"], "alexander": ["alex"], "johanna": ["hanna"], "sofia": ["sofie", "fia"],
         "andreas": ["andy"], "magnus": ["manne"], "christer": ["krister"], "leif": ["leffe"]}
STREETS = ("Storgatan Kungsgatan Drottninggatan Vasagatan Skolgatan Kyrkogatan Järnvägsgatan Parkvägen "
           "Björkvägen Tallvägen Granvägen Ekvägen Lärkvägen Sjövägen Strandvägen Östra Långgatan "
           "Västra Vägen Norra Allén Södra Promenaden Hamngatan Nygatan Trädgårdsgatan Skogsvägen "
           "Ängsvägen Backvägen Kvarngatan Mejerigatan Industrigatan Bryggargatan Smedjegatan").split()
CITIES = [("Stockholm", "11"), ("Göteborg", "41"), ("Malmö", "21"), ("Uppsala", "75"), ("Västerås", "72"),
          ("Örebro", "70"), ("Linköping", "58"), ("Helsingborg", "25"), ("Jönköping", "55"), ("Norrköping", "60"),
          ("Lund", "22"), ("Umeå", "90"), ("Gävle", "80"), ("Borås", "50"), ("Eskilstuna", "63"),
          ("Södertälje", "15"), ("Karlstad", "65"), ("Täby", "18"), ("Växjö", "35"), ("Halmstad", "30"),
          ("Sundsvall", "85"), ("Luleå", "97"), ("Trollhättan", "46"), ("Östersund", "83"), ("Kiruna", "98"),
          ("Falun", "79"), ("Visby", "62"), ("Kalmar", "39"), ("Skövde", "54"), ("Kristianstad", "29")]
PROVIDERS = ["gmail.com"] * 8 + ["hotmail.com"] * 5 + ["telia.com"] * 3 + ["outlook.com"] * 2 + \
    ["yahoo.se", "live.se", "icloud.com", "bredband.net", "spray.se", "comhem.se"]
HEADER = ["Kundnr", "Förnamn", "Efternamn", "Personnummer", "E-post", "Telefon", "Adress", "Postnummer", "Ort",
          "Uppdaterad"]


def _zipf(words: str, s: float) -> tuple[list[str], list[float]]:
    items = words.split()
    return items, [1 / (rank + 1) ** s for rank in range(len(items))]


class Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.male, self.male_w = _zipf(MALE, 0.9)
        self.female, self.female_w = _zipf(FEMALE, 0.9)
        self.family, self.family_w = _zipf(FAMILY, 0.8)

    def given(self, sex: str) -> str:
        names, weights = (self.male, self.male_w) if sex == "m" else (self.female, self.female_w)
        name = self.rng.choices(names, weights)[0]
        if self.rng.random() < 0.06:  # double given names: Anna-Karin, Lars Erik
            other = self.rng.choice([n for n in names[:60] if n != name])
            name = f"{name}-{other}" if self.rng.random() < 0.5 else f"{name} {other}"
        return name.title()

    def family_name(self) -> str:
        return self.rng.choices(self.family, self.family_w)[0].title()


def personnummer(rng: random.Random, dob: str, sex: str) -> str:
    serial = f"{rng.randint(0, 99):02d}{rng.choice('13579' if sex == 'm' else '02468')}"
    short = dob[2:] + serial
    return f"{dob}-{serial}{calc_check_digit(short)}"


def mobile(rng: random.Random) -> str:
    return f"07{rng.choice('02369')}{rng.randint(0, 9999999):07d}"


def landline(rng: random.Random, area: str) -> str:
    return f"0{area}{rng.randint(100000, 999999)}"


def phone_format(rng: random.Random, digits: str) -> str:
    """The same number written the ways people write it."""
    national = digits
    style = rng.randrange(6)
    if style == 0:
        return national
    if style == 1:
        return f"{national[:3]}-{national[3:6]} {national[6:8]} {national[8:]}"
    if style == 2:
        return f"+46 {national[1:3]} {national[3:6]} {national[6:8]} {national[8:]}"
    if style == 3:
        return f"+46{national[1:]}"
    if style == 4:
        return f"0046{national[1:]}"
    return f"{national[:3]} {national[3:]}"


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    pos = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    letters = "abcdefghijklmnoprstuvyäö"
    if kind == 0:
        return text[:pos] + text[pos + 1:]
    if kind == 1:
        return text[:pos] + rng.choice(letters) + text[pos:]
    if kind == 2:
        return text[:pos] + rng.choice(letters) + text[pos + 1:]
    return text[:pos - 1] + text[pos] + text[pos - 1] + text[pos + 1:]


def ascii_user(text: str) -> str:
    return text.lower().replace("å", "a").replace("ä", "a").replace("ö", "o").replace("é", "e").replace(" ", "")


_TAKEN: set[str] = set()


def personal_email(rng: random.Random, given: str, family: str) -> str:
    """A free mailbox: providers give each address to one person (Gmail ignores dots, so do we here)."""
    g, f = ascii_user(given.split("-")[0].split(" ")[0]), ascii_user(family)
    style = rng.randrange(5)
    user = [f"{g}.{f}", f"{g}{f}", f"{g[0]}{f}", f"{g}.{f}{rng.randint(1, 99)}", f"{g}{rng.randint(50, 99)}"][style]
    provider = rng.choice(PROVIDERS)
    while (user.replace(".", "") if provider == "gmail.com" else user) + "@" + provider in _TAKEN:
        user += str(rng.randint(0, 9))
    _TAKEN.add((user.replace(".", "") if provider == "gmail.com" else user) + "@" + provider)
    return f"{user}@{provider}"


def make_people(rows: int, rng: random.Random) -> list[dict]:
    """People in households: shared address, often family name, sometimes landline and e-mail."""
    names = Names(rng)
    people: list[dict] = []
    target = int(rows / 1.11)  # about 11 % more rows than people once the copies are added
    while len(people) < target:
        size = rng.choices([1, 2, 3, 4, 5, 6], [40, 33, 12, 10, 4, 1])[0]
        city, area = rng.choice(CITIES)
        address = {"street": f"{rng.choice(STREETS)} {rng.randint(1, 140)}" +
                   (f" lgh {rng.randint(1001, 1404)}" if rng.random() < 0.2 else ""),
                   "postal": f"{area}{rng.randint(100, 999)}", "city": city}
        family = names.family_name()
        phone = landline(rng, area[:1] + str(rng.randint(0, 9))) if size > 1 and rng.random() < 0.35 else ""
        family_mail = (personal_email(rng, "familjen", family) if size > 1 and rng.random() < 0.25 else "")
        parent_year = rng.randint(1935, 1990)
        adults = 1 if size == 1 else rng.choices([1, 2], [15, 85])[0]
        twins = size >= 4 and rng.random() < 0.05
        for member in range(size):
            sex = rng.choice("mf")
            if member < adults:
                year = parent_year + rng.randint(-4, 4)
            else:
                year = min(parent_year + rng.randint(20, 38), 2006)
            dob = f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            if twins and member == adults + 1:
                dob = people[-1]["dob"]
            own_family = family if member == 0 or rng.random() < 0.85 else names.family_name()
            given = names.given(sex)
            while any(given == other["given"] for other in people[len(people) - member:]):
                given = names.given(sex)  # parents do not give two children the same name
            if member >= adults and sex == "m" and rng.random() < 0.03:  # junior named after the father
                given = people[-member]["given"] if people[-member]["sex"] == "m" else given
            email = family_mail if family_mail and rng.random() < 0.7 else personal_email(rng, given, own_family)
            tel = phone if phone and rng.random() < 0.5 else (mobile(rng) if rng.random() < 0.9 else phone)
            people.append({"person": len(people), "sex": sex, "given": given, "family": own_family, "dob": dob,
                           "pnr": personnummer(rng, dob, sex), "email": email, "phone": tel, **address})
    return people


def corrupt(person: dict, rng: random.Random, names: Names) -> dict:
    """One more row for the same person, each change independent and at a realistic rate."""
    p = dict(person)
    if rng.random() < 0.08 and p["given"].lower().split("-")[0].split(" ")[0] in NICKS:
        p["given"] = rng.choice(NICKS[p["given"].lower().split("-")[0].split(" ")[0]]).title()
    if rng.random() < 0.08:
        p["given"] = typo(rng, p["given"])
    if rng.random() < 0.08:
        p["family"] = typo(rng, p["family"])
    if rng.random() < 0.05:  # married: new or double-barrelled family name
        p["family"] = names.family_name() if rng.random() < 0.6 else f"{p['family']}-{names.family_name()}"
    if rng.random() < 0.02:
        p["given"], p["family"] = p["family"], p["given"]
    if rng.random() < 0.15:  # moved
        city, area = rng.choice(CITIES)
        p.update(street=f"{rng.choice(STREETS)} {rng.randint(1, 140)}", postal=f"{area}{rng.randint(100, 999)}",
                 city=city)
        if rng.random() < 0.5:
            p["phone"] = mobile(rng)
    elif rng.random() < 0.15:  # the same address written another way
        p["street"] = p["street"].replace("gatan", "g.").replace("vägen", "v.") if rng.random() < 0.5 \
            else p["street"].upper()
    if rng.random() < 0.10:
        p["email"] = personal_email(rng, person["given"], person["family"])
    elif rng.random() < 0.15:
        p["email"] = p["email"].title() if rng.random() < 0.5 else p["email"].upper()
    elif rng.random() < 0.03:
        p["email"] = typo(rng, p["email"])
    if rng.random() < 0.10:
        p["phone"] = mobile(rng)
    if rng.random() < 0.02:
        p["pnr"] = typo(rng, p["pnr"])
    if rng.random() < 0.25:
        p["pnr"] = p["pnr"][2:] if rng.random() < 0.5 else p["pnr"].replace("-", "")
    for field, rate in (("email", 0.10), ("phone", 0.10), ("pnr", 0.35), ("street", 0.04), ("postal", 0.05),
                        ("given", 0.01)):
        if rng.random() < rate:
            p[field] = ""
    return p


def generate(rows: int, seed: int = 7) -> tuple[list[list[str]], list[tuple[str, int]]]:
    rng = random.Random(seed)
    _TAKEN.clear()
    names = Names(rng)
    people = make_people(rows, rng)
    records = []
    for person in people:
        base = dict(person)
        for field, rate in (("pnr", 0.45), ("email", 0.12), ("phone", 0.08)):  # registers are never complete
            if rng.random() < rate:
                base[field] = ""
        records.append(base)
        if rng.random() < 0.10:
            for _ in range(rng.choices([1, 2, 3], [80, 15, 5])[0]):
                records.append(corrupt(base if rng.random() < 0.7 else person, rng, names))
    rng.shuffle(records)
    records = records[:rows]
    table, truth = [], []
    for n, r in enumerate(records, start=1):
        kundnr = f"K{n:07d}"
        phone = phone_format(rng, r["phone"]) if r["phone"] else ""
        updated = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        table.append([kundnr, r["given"], r["family"], r["pnr"], r["email"], phone, r["street"], r["postal"],
                      r["city"], updated])
        truth.append((kundnr, r["person"]))
    return table, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    table, truth = generate(args.rows, args.seed)
    out = Path(args.out)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(table)
    with out.with_suffix(".truth.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Kundnr", "person"])
        writer.writerows(truth)


if __name__ == "__main__":
    main()
