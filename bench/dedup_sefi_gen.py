"""A second held-out register: a Swedish wholesaler's customers in Sweden and Finland, by another hand.

    python bench/dedup_sefi_gen.py --rows 5000 --out /tmp/sefi5k.csv   # also writes /tmp/sefi5k.truth.csv

Written in session 3 of issue 9, before any tuning of that session, and scored only at its end: the matcher
was not tuned on it. It differs from ``dedup_gen`` (Swedish persons), ``dedup_b2b_gen`` (Norwegian B2B) and
``dedup_holdout_gen`` (Danish) on purpose:

- **One name column** ("Kontaktperson", the whole name), which one salesperson fills surname first with a
  comma ("Andersson, Anna") and another sometimes without ("Andersson Anna"); initials ("A. Andersson",
  "A Andersson"); names in capitals or lower case; å/ä/ö written a/a/o or aa/ae/oe.
- **Name frequencies with a long tail**: the common Swedish and Finnish family names at their real shares
  (Andersson, Johansson, Karlsson ~2 % each, Korhonen, Virtanen ...), then hundreds of rarer compound names
  (Lindqvist, Sjöberg, Mäkelä ...); given names likewise, with Swedish double names (Anna-Karin, Per Olof)
  and hyphenated or double family names (Andersson-Lind, Nilsson Ek), a part of which a copy may drop.
- **No personal id**; a birth date for half the private customers, a copy sometimes writing it 19800307 or
  7.3.1980.
- **Companies** of a Pareto size (most have 1-3 contacts, a few have 30+), Swedish org numbers (Luhn) and
  Finnish business ids (mod 11), each with its own e-mail scheme (anna.andersson@, a.andersson@, aan@,
  anna@) and a switchboard; colleagues of one whole name occur as often as the name frequencies make them
  (a large firm can hold two Anna Andersson: two people, two addresses, one switchboard). Company rows with
  no person (or "Ekonomi", "Kundtjänst" as the contact).
- **Households**: couples (30 % with two family names), children, a shared landline, a family mailbox
  (familjen.nilsson@ ...), fathers and sons of one name without a suffix (told apart by the birth date when
  there is one), twins.
- **Copies** (8 % of people, 1-3 each) with data-entry typos (a neighbouring key, a letter dropped or
  doubled, two swapped), a middle name dropped or added, married names, moves, a new job at another firm,
  the role address or the switchboard given instead of one's own, "AB"/"Oy" dropped.
- A sequential customer number, a change date, the sales rep's initials and a note in every row.

The truth maps ``Kundnr`` to an entity (``p<n>`` a person, ``c<n>`` a company row).
"""

from __future__ import annotations

import argparse
import random

# (name, share per mille) for the head of each list; the tail is built below
FAMILY_HEAD = [("andersson", 24), ("johansson", 24), ("karlsson", 21), ("nilsson", 17), ("eriksson", 14),
               ("larsson", 12), ("olsson", 11), ("persson", 10), ("svensson", 10), ("gustafsson", 10),
               ("pettersson", 9), ("jonsson", 8), ("jansson", 6), ("hansson", 5), ("bengtsson", 4),
               ("korhonen", 6), ("virtanen", 6), ("mäkinen", 5), ("nieminen", 5), ("mäkelä", 4),
               ("hämäläinen", 4), ("laine", 4), ("heikkinen", 4), ("koskinen", 4), ("järvinen", 3)]
_SV_STEMS = "lind berg ström holm sjö ek al björk nord sand dahl lund hag ås fors gran löf wall hed kvarn".split()
_SV_ENDS = "qvist gren berg ström lund man blad ling dahl holm sten feldt bom mark".split()
_FI_STEMS = "mäki koski järvi lahti niemi salo kivi virta ranta laakso harju lehto kallio".split()
_FI_ENDS = "nen la lä mäki oja aho".split()
GIVEN_M_HEAD = [("lars", 20), ("mikael", 19), ("anders", 18), ("johan", 17), ("erik", 16), ("per", 15),
                ("karl", 14), ("peter", 13), ("jan", 13), ("thomas", 12), ("daniel", 11), ("fredrik", 10),
                ("hans", 9), ("bengt", 8), ("mats", 8), ("juha", 7), ("timo", 6), ("matti", 6), ("kari", 5),
                ("mikko", 5), ("jari", 5), ("antti", 4), ("jukka", 4), ("pekka", 4)]
GIVEN_M_TAIL = ("magnus stefan andreas niklas björn ulf göran leif sven nils olof gunnar rolf kjell jonas "
                "henrik martin marcus tobias viktor oskar axel emil gustav hugo ola kent roger tommy patrik "
                "heikki hannu markku seppo tapio ville janne sami ari esa").split()
GIVEN_F_HEAD = [("anna", 22), ("eva", 18), ("maria", 18), ("karin", 16), ("kristina", 15), ("lena", 13),
                ("sara", 12), ("emma", 11), ("kerstin", 10), ("ingrid", 9), ("marie", 9), ("elin", 8),
                ("tuula", 5), ("anne", 5), ("päivi", 4), ("sari", 4), ("minna", 4), ("tiina", 4)]
GIVEN_F_TAIL = ("linnea sofia malin jenny helena camilla annika susanne birgitta margareta ulla inger britt "
                "gunilla monica ida hanna johanna frida matilda elsa ebba agneta åsa louise therese "
                "marja leena riitta kaisa satu pirjo merja hanna-leena").split()
DOUBLE_M = ["karl-erik", "per olof", "lars-göran", "jan-erik", "carl johan", "bengt-åke"]
DOUBLE_F = ["anna-karin", "ann-marie", "eva-lena", "anna lena", "karin-margareta", "maj-britt"]
NICK = {"mikael": "micke", "anders": "andy", "johan": "jocke", "fredrik": "fredde", "thomas": "tompa",
        "kristina": "kicki", "margareta": "maggan", "magnus": "mange", "matti": "masa", "juha": "jussi",
        "birgitta": "bittan", "peter": "peppe", "elisabeth": "lisa", "johanna": "hanna"}
TOWNS_SE = [("Stockholm", "1"), ("Göteborg", "4"), ("Malmö", "2"), ("Uppsala", "7"), ("Västerås", "7"),
            ("Örebro", "7"), ("Linköping", "5"), ("Helsingborg", "2"), ("Umeå", "9"), ("Sundsvall", "8")]
TOWNS_FI = [("Helsingfors", "00"), ("Esbo", "02"), ("Åbo", "20"), ("Vasa", "65"), ("Tammerfors", "33")]
STREETS = ("Storgatan Kungsgatan Drottninggatan Industrivägen Järnvägsgatan Skolvägen Kyrkogatan Torggatan "
           "Hamngatan Parkvägen Björkvägen Tallvägen Mannerheimvägen Esplanaden Köpmansgatan").split()
TRADES = "Bygg VVS El Måleri Transport Fastigheter Konsult Data Städ Livs Trä Plåt Bageri Redovisning".split()
PROVIDERS = ["gmail.com"] * 5 + ["hotmail.com"] * 3 + ["telia.com", "outlook.com", "live.se", "yahoo.se",
                                                          "bredband.net", "elisa.fi", "luukku.com"]
ROLE_SE = ["info", "ekonomi", "kundtjanst", "order", "faktura", "kontor"]
ROLE_FI = ["info", "toimisto", "myynti", "laskutus", "office"]
REPS = ["AK", "MN", "JL", "SE", "PH", ""]
NOTES = ["", "", "", "", "Ring efter lunch", "Faktura via e-post", "Gammal kund", "Har flyttat?",
         "Kontakta växeln", "Rabatt 10 %"]
HEADER = ["Kundnr", "Kontaktperson", "Företag", "Org.nr", "E-post", "Telefon", "Gatuadress", "Postnr", "Ort",
          "Född", "Senast ändrad", "Säljare", "Anteckning"]
# neighbouring keys on a Swedish keyboard: the typos real data entry makes
_NEAR = {"a": "sqzå", "s": "adwz", "d": "sfe", "f": "dgr", "g": "fht", "h": "gjy", "j": "hku", "k": "jli",
         "l": "kö", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij", "i": "uok", "o": "ipl",
         "p": "oå", "n": "bm", "m": "n", "b": "vn", "v": "cb", "c": "xv", "ö": "lä", "ä": "öå"}
_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", " ": "", "-": ""})
_ASCII2 = str.maketrans({"å": "aa", "ä": "ae", "ö": "oe"})


class Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        tail_sv = [a + b for a in _SV_STEMS for b in _SV_ENDS if a[-1] != b[0] and a != b]
        tail_fi = [a + b for a in _FI_STEMS for b in _FI_ENDS]
        tail = tail_sv + tail_fi
        rng.shuffle(tail)
        head = sum(w for _, w in FAMILY_HEAD)  # per mille; the tail shares the rest by a Zipf law
        zipf = [1 / (rank + 10) for rank in range(len(tail))]
        scale = (1000 - head) / sum(zipf)
        self.family_names = [n for n, _ in FAMILY_HEAD] + tail
        self.family_weights = [w for _, w in FAMILY_HEAD] + [z * scale for z in zipf]
        self.male = self._list(GIVEN_M_HEAD, GIVEN_M_TAIL)
        self.female = self._list(GIVEN_F_HEAD, GIVEN_F_TAIL)

    @staticmethod
    def _list(head, tail):
        rest = 1000 - sum(w for _, w in head)
        return [n for n, _ in head] + tail, [w for _, w in head] + [rest / len(tail)] * len(tail)

    def family(self) -> str:
        name = self.rng.choices(self.family_names, self.family_weights)[0]
        if self.rng.random() < 0.05:  # a double family name
            other = self.rng.choices(self.family_names, self.family_weights)[0]
            if other != name:
                name = f"{name}{self.rng.choice(['-', ' '])}{other}"
        return name

    def given(self, sex: str) -> str:
        if self.rng.random() < 0.07:
            return self.rng.choice(DOUBLE_M if sex == "m" else DOUBLE_F)
        names, weights = self.male if sex == "m" else self.female
        return self.rng.choices(names, weights)[0]


def luhn_digit(digits: str) -> str:
    total = 0
    for n, d in enumerate(reversed(digits)):
        x = int(d) * (2 if n % 2 == 0 else 1)
        total += x - 9 if x > 9 else x
    return str((10 - total % 10) % 10)


def org_number(rng: random.Random, finnish: bool) -> str:
    if finnish:  # Y-tunnus: 7 digits and a mod-11 check (weights 7 9 10 5 8 4 2)
        while True:
            seven = "".join(str(rng.randint(0, 9)) for _ in range(7))
            rest = sum(int(d) * w for d, w in zip(seven, (7, 9, 10, 5, 8, 4, 2))) % 11
            if rest != 1:
                return f"{seven}-{0 if rest == 0 else 11 - rest}"
    nine = "55" + "".join(str(rng.randint(0, 9)) for _ in range(7))
    return f"{nine[:6]}-{nine[6:]}{luhn_digit(nine)}"


def phone_number(rng: random.Random, finnish: bool, mobile: bool) -> tuple[str, str]:
    """(country, national significant digits)."""
    if finnish:
        return "358", rng.choice(["40", "45", "50"] if mobile else ["9", "2"]) + \
            "".join(str(rng.randint(0, 9)) for _ in range(7))
    return "46", (rng.choice(["70", "72", "73", "76"]) if mobile else rng.choice(["8", "31", "40", "18"])) + \
        "".join(str(rng.randint(0, 9)) for _ in range(7))


def phone_text(rng: random.Random, number: tuple[str, str] | None) -> str:
    if not number:
        return ""
    country, digits = number
    if country == "358":  # a Swedish firm writes Finnish numbers internationally
        return rng.choice([f"+358 {digits[:2]} {digits[2:]}", f"00358{digits}", f"+358{digits}"])
    return rng.choice([f"0{digits[:2]}-{digits[2:5]} {digits[5:7]} {digits[7:]}", f"0{digits}",
                       f"+46 {digits[:2]} {digits[2:5]} {digits[5:]}", f"0{digits[:2]} {digits[2:]}"])


def typo(rng: random.Random, text: str) -> str:
    """One slip of the keyboard: a neighbouring key, a letter dropped or doubled, two letters swapped."""
    if len(text) < 4:
        return text
    at = rng.randint(1, len(text) - 2)
    kind = rng.random()
    if kind < 0.35 and text[at] in _NEAR:
        return text[:at] + rng.choice(_NEAR[text[at]]) + text[at + 1:]
    if kind < 0.6:
        return text[:at] + text[at + 1:]
    if kind < 0.8:
        return text[:at] + text[at + 1] + text[at] + text[at + 2:]
    return text[:at] + text[at] + text[at:]


def user_name(scheme: str, given: str, family: str) -> str:
    g, f = given.split(" ")[0].split("-")[0].translate(_ASCII), family.split(" ")[0].split("-")[0].translate(_ASCII)
    return {"full": f"{g}.{f}", "initial": f"{g[0]}.{f}", "short": f"{g[0]}{f[:2]}", "given": g}[scheme]


def build(people_target: int, rng: random.Random, names: Names) -> tuple[list[dict], list[dict]]:
    people: list[dict] = []
    companies: list[dict] = []
    taken: set[str] = set()

    def mailbox(user: str, domain: str) -> str:
        candidate, n = f"{user}@{domain}", 1
        while candidate in taken:
            n += 1
            candidate = f"{user}{n}@{domain}" if n > 2 or rng.random() < 0.5 else f"{user}.{n}@{domain}"
        taken.add(candidate)
        return candidate

    while len(people) < people_target:
        finnish = rng.random() < 0.2
        town, area = rng.choice(TOWNS_FI if finnish else TOWNS_SE)
        place = {"street": f"{rng.choice(STREETS)} {rng.randint(1, 90)}" + (f" {rng.choice('ABC')}" if
                 rng.random() < 0.1 else ""), "postal": area + "".join(str(rng.randint(0, 9))
                                                                 for _ in range(5 - len(area))), "city": town}
        if rng.random() < 0.55:  # a company and its contacts
            size = min(60, int(rng.paretovariate(1.3)))
            owner = names.family().split(" ")[0].split("-")[0]
            form = rng.choice(["Oy", "Oy Ab"]) if finnish else rng.choice(["AB", "AB", "AB", "HB", "Aktiebolag"])
            name = f"{owner.title()}s {rng.choice(TRADES)} {form}" if rng.random() < 0.6 else \
                f"{rng.choice(['Nord', 'Väst', 'Syd', 'Öst', 'Mälar', 'Norrlands', 'Baltic'])} {rng.choice(TRADES)} {form}"
            domain = name.lower().rsplit(" ", 1 if form != "Oy Ab" else 2)[0].translate(_ASCII) + \
                (".fi" if finnish else ".se")
            while any(c["domain"] == domain for c in companies[-50:]):
                domain = "x" + domain
            company = {"id": len(companies), "name": name, "org": org_number(rng, finnish), "domain": domain,
                       "role": f"{rng.choice(ROLE_FI if finnish else ROLE_SE)}@{domain}",
                       "switchboard": phone_number(rng, finnish, False), "finnish": finnish, **place,
                       "scheme": rng.choice(["full", "full", "initial", "short", "given"])}
            companies.append(company)
            for _ in range(size):
                sex = rng.choice("mf")
                given, family = names.given(sex), names.family()
                own = rng.random() < 0.7
                people.append({"given": given, "family": family, "company": company, "home": None, "born": "",
                               "email": mailbox(user_name(company["scheme"], given, family), domain) if own
                               else company["role"],
                               "phone": phone_number(rng, finnish, True) if rng.random() < 0.6
                               else company["switchboard"], "sex": sex})
            continue
        family = names.family()
        landline = phone_number(rng, finnish, False) if rng.random() < 0.3 else None
        shared = mailbox(f"familjen.{family.split(' ')[0].split('-')[0].translate(_ASCII)}",
                         rng.choice(PROVIDERS)) if rng.random() < 0.15 else ""
        size = rng.choices([1, 2, 3, 4, 5], [38, 34, 13, 11, 4])[0]
        members: list[dict] = []
        for n in range(size):
            sex = rng.choice("mf") if n != 1 else ("f" if members[0]["sex"] == "m" else "m")
            given = names.given(sex)
            born_year = rng.randint(1940, 1985) if n < 2 else rng.randint(1986, 2006)
            if n >= 2 and rng.random() < 0.03 and members[0]["sex"] == "m":  # a son named after his father
                given, sex = members[0]["given"], "m"
            if n >= 3 and rng.random() < 0.3:  # twins
                born = members[-1]["born_date"]
            else:
                born = f"{born_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            own_family = family if n != 1 or rng.random() < 0.7 else names.family()
            user = f"{given.split(' ')[0].split('-')[0]}.{own_family.split(' ')[0]}".translate(_ASCII)
            member = {"given": given, "family": own_family, "company": None, "home": place, "sex": sex,
                      "born_date": born, "born": born if rng.random() < 0.5 else "",
                      "email": shared if shared and rng.random() < 0.6 else
                      (mailbox(user + rng.choice(["", str(born_year % 100)]), rng.choice(PROVIDERS))
                       if rng.random() < 0.85 else ""),
                      "phone": landline if landline and rng.random() < 0.5 else phone_number(rng, finnish, True)}
            members.append(member)
        people += members
    for n, person in enumerate(people):
        person["entity"] = f"p{n}"
    return people, companies


def ascii_name(rng: random.Random, text: str) -> str:
    return text.translate(_ASCII2 if rng.random() < 0.3 else str.maketrans({"å": "a", "ä": "a", "ö": "o"}))


def again(person: dict, companies: list[dict], rng: random.Random, names: Names) -> dict:
    """Another row for the same person, each change independent."""
    r = dict(person)
    given, family = r["given"], r["family"]
    first = given.split(" ")[0].split("-")[0]
    if rng.random() < 0.07 and first in NICK:
        given = NICK[first]
    if rng.random() < 0.3 and (" " in given or "-" in given):
        given = first  # the second given name left out
    elif rng.random() < 0.03:
        given = f"{given} {names.given(r['sex'])}"  # a second given name written out
    if rng.random() < 0.3 and (" " in family or "-" in family):
        family = family.replace("-", " ").split(" ")[rng.choice([0, -1])]
    elif rng.random() < 0.2 and "-" in family:
        family = family.replace("-", " ")
    if rng.random() < 0.05:
        given = typo(rng, given)
    if rng.random() < 0.07:
        family = typo(rng, family)
    if rng.random() < 0.1:
        given, family = ascii_name(rng, given), ascii_name(rng, family)
    if r["company"] is None and r["sex"] == "f" and rng.random() < 0.04:
        family = names.family()  # married
    r["given"], r["family"] = given, family
    r["initial"] = rng.random() < 0.06
    r["order"] = rng.choices(["normal", "comma", "reversed"], [88, 9, 3])[0]
    r["case"] = rng.choices(["title", "upper", "lower"], [92, 5, 3])[0]
    if r["company"] is not None:
        if rng.random() < 0.03:  # a new job: registered again at the other firm
            company = rng.choice(companies)
            r["company"], r["email"], r["phone"] = company, company["role"], company["switchboard"]
        if rng.random() < 0.15:
            r["email"] = r["company"]["role"]
        if rng.random() < 0.15:
            r["phone"] = r["company"]["switchboard"]
        if rng.random() < 0.2:
            r["company_text"] = r["company"]["name"].rsplit(" ", 1)[0]
        if rng.random() < 0.2:
            r["no_org"] = True
    else:
        if rng.random() < 0.1:  # moved
            town, area = rng.choice(TOWNS_SE)
            r["home"] = {"street": f"{rng.choice(STREETS)} {rng.randint(1, 90)}",
                         "postal": area + "".join(str(rng.randint(0, 9)) for _ in range(4)), "city": town}
            if rng.random() < 0.5:
                r["phone"] = phone_number(rng, False, True)
        elif rng.random() < 0.05:
            r["home"] = dict(r["home"], street=typo(rng, r["home"]["street"]))
        if rng.random() < 0.3:
            r["born"] = ""
        elif r["born_date"] and rng.random() < 0.4:
            y, m, d = r["born_date"].split("-")
            r["born"] = rng.choice([f"{y}{m}{d}", f"{int(d)}.{int(m)}.{y}", r["born_date"]])
    if rng.random() < 0.08:
        r["email"] = f"{first.translate(_ASCII)}{rng.randint(1, 999)}@{rng.choice(PROVIDERS)}"
    if rng.random() < 0.02 and r["email"]:
        user, _, domain = r["email"].partition("@")
        r["email"] = typo(rng, user) + "@" + domain
    if rng.random() < 0.1:
        r["email"] = ""
    if rng.random() < 0.1:
        r["email"] = r["email"].upper() if rng.random() < 0.5 else r["email"].capitalize()
    if rng.random() < 0.1:
        r["phone"] = None
    return r


def write_name(rng: random.Random, r: dict) -> str:
    given, family = r["given"], r["family"]
    if not given and not family:
        return ""
    parts = [p.capitalize() for p in given.replace("-", " - ").split(" ")]
    given = " ".join(parts).replace(" - ", "-")
    family = " ".join("-".join(p.capitalize() for p in w.split("-")) for w in family.split(" "))
    if r.get("initial"):
        given = given[0] + rng.choice([".", "", "."])
    order = r.get("order", "normal")
    text = f"{family}, {given}" if order == "comma" else f"{family} {given}" if order == "reversed" else \
        f"{given} {family}"
    case = r.get("case", "title")
    return text.upper() if case == "upper" else text.lower() if case == "lower" else text


def generate(rows: int, seed: int = 23) -> tuple[list[list[str]], list[tuple[str, str]]]:
    rng = random.Random(seed)
    names = Names(rng)
    people, companies = build(int(rows * 0.9), rng, names)
    records = []
    for person in people:
        records.append(person)
        if rng.random() < 0.08:
            records += [again(person, companies, rng, names) for _ in range(rng.choices([1, 2, 3], [80, 15, 5])[0])]
    for company in companies:
        if rng.random() < 0.15:
            contact = rng.choices(["", "Ekonomi", "Kundtjänst"], [70, 15, 15])[0]
            row = {"entity": f"c{company['id']}", "given": contact, "family": "", "company": company, "home": None,
                   "born": "", "email": company["role"], "phone": company["switchboard"]}
            records.append(row)
            if rng.random() < 0.25:
                records.append(dict(row, no_org=rng.random() < 0.3, company_text=company["name"].upper()))
    rng.shuffle(records)
    table, truth = [], []
    for n, r in enumerate(records[:rows], start=1):
        company, home = r["company"], r["home"]
        place = home or company
        name = write_name(rng, r) if r["family"] else r["given"]
        table.append([
            f"{10000 + n}", name,
            (r.get("company_text") or company["name"]) if company else "",
            company["org"] if company and not r.get("no_org") else "",
            r["email"], phone_text(rng, r["phone"]), place["street"], place["postal"], place["city"], r["born"],
            f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", rng.choice(REPS),
            rng.choice(NOTES)])
        truth.append((table[-1][0], r["entity"]))
    return table, truth


def main() -> None:
    from _register_files import write_register  # run as a script: bench/ is on the path

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    table, truth = generate(args.rows, args.seed)
    write_register(args.out, HEADER, table, truth)


if __name__ == "__main__":
    main()
