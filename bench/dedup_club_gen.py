"""A third held-out register: a Norwegian sports club's members, their families and its sponsors' contacts.

    python bench/dedup_club_gen.py --rows 5000 --out /tmp/club5k.csv   # also writes /tmp/club5k.truth.csv

Written in session 4 by a hand that had not read ``core/dedup/`` (so it is built neither for nor against
its rules), from the habits the reference notes describe. It is the export of a large multi-sport club's
member system (the kind a treasurer downloads as a sheet), unlike the other generators' customer lists:

- **Families**: most rows are households. Children's rows carry a parent's mobile and e-mail and the
  parent's name in "Foresatt"; a child registered by each parent appears twice, once with each parent's
  contacts. Couples keep two family names in about half the homes; children get the father's, the
  mother's or both ("Berg Hansen"), the mother's name typed sometimes in Fornavn, sometimes in Etternavn.
  A family mailbox (familien.hansen@), a shared landline in some homes; twins; a son with his father's
  name and no suffix.
- **Names at their real Norwegian shares** (SSB: Hansen, Johansen, Olsen about 0.8-0.9 % each, then a
  long tail of farm names and immigrant names), given names by generation (Jan, Per, Bjørn for the
  old; Jakob, Emil, Nora, Emma for the children), Norwegian double given names ("Jan Erik", "Anne Lise",
  with or without a hyphen), names one letter apart that are different real names (Hansen/Hanssen,
  Nilsen/Nielsen, Jakobsen/Jacobsen).
- **Sponsors**: small firms and chain stores with a Norwegian org number (mod 11), a role address
  (post@, firmapost@, faktura@ ...) and a switchboard, 1-5 contacts each, some of them also members
  (with their own mobile in both rows); company-only rows (the invoice address), sometimes twice.
- **Dates and ids**: a birth date for most members in several formats (14.03.1985, 14.3.85,
  1985-03-14, 140385), an 11-digit fødselsnummer for some, now and then typed in the date column.
- **Copies** (about 9 % of people): re-registrations with a nickname, an initial, a second given name
  dropped or added, the mother's name moved or dropped, a keyboard slip on a Norwegian keyboard, æ/ø/å
  dropped, first and family name in swapped columns, a move, a new e-mail, a field left blank, the
  mobile with two digits swapped, the street written "gt."/"vn.". Every copy keeps at least one detail a
  careful person would find it by (see ``findability``).
- Columns Rensa cannot know or must not compare: a running row number ("Nr"), the member number (the
  id), sex, group, membership type, the guardian's name, joined and changed dates, dues, notes.

The truth maps ``Medlemsnr`` to an entity (``p<n>`` a person, ``c<n>`` a company row). ``findability``
counts the true pairs a careful human could not tell apart from the rows alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import unicodedata
from collections import defaultdict
from itertools import combinations

HEADER = ["Medlemsnr", "Nr", "Etternavn", "Fornavn", "Fødselsdato", "Fødselsnummer", "Kjønn", "Adresse",
          "Postnr", "Poststed", "Mobil", "Telefon", "E-post", "Foresatt", "Firma", "Org.nr", "Medlemstype",
          "Gruppe", "Innmeldt", "Sist endret", "Kontingent 2026", "Merknad"]
TODAY = dt.date(2026, 11, 30)

# family names: (name, share of the population per mille, SSB 2023 rounded); the tail is built below
FAMILY_HEAD = ("hansen:9.2 johansen:8.7 olsen:8.3 larsen:7.0 andersen:6.8 pedersen:6.4 nilsen:6.3 "
               "kristiansen:4.1 jensen:4.0 karlsen:3.7 johnsen:3.5 pettersen:3.5 eriksen:3.3 berg:3.2 "
               "haugen:2.6 hagen:2.6 johannessen:2.4 andreassen:2.2 jacobsen:2.2 dahl:2.0 jørgensen:2.0 "
               "halvorsen:1.9 henriksen:1.9 lund:1.8 sørensen:1.8 jakobsen:1.8 moen:1.8 gundersen:1.7 "
               "iversen:1.7 strand:1.6 solberg:1.6 svendsen:1.6 eide:1.5 knutsen:1.5 martinsen:1.5 "
               "paulsen:1.4 bakken:1.4 kristoffersen:1.4 mathisen:1.3 lie:1.3 amundsen:1.3 nguyen:1.2 "
               "rasmussen:1.2 ali:1.2 lunde:1.2 solheim:1.1 berge:1.1 moe:1.1 nygård:1.1 bakke:1.1 "
               "kristensen:1.1 fredriksen:1.0 holm:1.0 lien:1.0 hauge:1.0 christensen:1.0 andresen:1.0 "
               "nielsen:1.0 knudsen:1.0 evensen:0.9 sæther:0.9 aas:0.9 myhre:0.9 hanssen:0.9 ahmed:0.9 "
               "haugland:0.9 nilssen:0.6 khan:0.6 hussain:0.6 mohamed:0.5 tran:0.5 nowak:0.4 "
               "kowalski:0.3 andersson:0.4 abdi:0.3 hassan:0.4 pham:0.3 johansson:0.4")
_FARM_STEMS = ("haug bakk berg nes vik dal myr holt rud sand skog fjell strand land eng brekk tveit hov bø "
               "hol løkk rønn sol stor vest nord øster sør klepp flat li grøn lang fur bjørk gran ås "
               "hegg ro sjø fager vang lyng mel kval elv stein bråt rød tors skjer hamar lauv hus kleiv").split()
_FARM_ENDS = ("en e heim land vik dal berg rud stad set nes li lien vold mo tun gård eng lund by haugen "
              "bø åsen hagen bakken rød myr nes voll øy").split()

# given names by generation: "name:per mille within the sex" then an even tail
GIVEN = {
    ("m", "old"): ("jan:30 per:25 bjørn:22 ole:20 lars:20 kjell:18 knut:17 arne:17 svein:17 hans:15 geir:14 "
                   "tor:13 terje:13 odd:12 erik:12 john:11 rune:11 trond:11 tore:10 jon:10 morten:10 olav:9 "
                   "harald:8 gunnar:8 rolf:8 leif:8 egil:7 helge:7 kåre:7 nils:7 thomas:7 steinar:6 einar:6 "
                   "frode:6 roger:6 tom:6 | øystein ivar trygve asbjørn dag finn kristian johan atle oddvar "
                   "sigurd halvard torbjørn jostein ketil vidar ståle kenneth kurt reidar magne sverre "
                   "arild audun bård eivind gisle gudmund halvor hallvard ingvar jarle kolbjørn lasse oddbjørn "
                   "olaf petter ronny sigmund svein-erik tormod trygve"),
    ("f", "old"): ("anne:30 inger:24 kari:23 marit:20 ingrid:18 liv:17 eva:15 berit:15 astrid:14 bjørg:13 "
                   "hilde:13 anna:12 solveig:12 marianne:12 randi:12 nina:10 elisabeth:10 kristin:10 "
                   "bente:10 heidi:10 ragnhild:9 tone:9 gro:9 turid:8 wenche:8 torill:8 unni:8 grete:8 "
                   "else:7 åse:7 | aud gunn laila sissel mona siv reidun jorunn eli ellen gerd ingeborg "
                   "margrethe synnøve toril vigdis brit lise trine hege "
                   "aslaug borghild dagny eldbjørg gunvor hjørdis jorid kirsti laila målfrid oddny ragna "
                   "sigrid solfrid tordis torunn vibeke"),
    ("m", "mid"): ("thomas:24 martin:22 andreas:21 kristian:20 marius:19 daniel:19 christian:17 espen:16 "
                   "stian:16 kristoffer:15 anders:15 eirik:14 jonas:13 magnus:13 fredrik:13 håvard:11 "
                   "alexander:11 ole:10 lars:10 erik:10 jørgen:9 kim:9 tommy:9 henrik:9 øyvind:9 "
                   "| sindre vegard even ørjan joakim simen petter morten christoffer aleksander sverre "
                   "torbjørn kenneth mohammed ali robert jan per tor "
                   "ådne arve bjarte eskil geir-ove harald jo jørn kjetil lasse ola pål rasmus runar "
                   "snorre steffen terje thorvald trym vebjørn"),
    ("f", "mid"): ("silje:22 ida:20 marte:19 camilla:18 kristine:17 linn:16 hanne:16 ingrid:15 maria:15 "
                   "julie:15 line:14 kristin:13 marianne:12 anne:12 hege:12 stine:12 lene:11 tonje:11 "
                   "kathrine:10 elisabeth:10 nina:10 "
                   "| karoline mari guro siri kaja ragnhild cecilie tone trine monica charlotte susanne "
                   "therese renate malin helene veronica anette "
                   "anja beate ellen elin gunhild hanna ingvild janne katrine kine lise maren mette "
                   "randi ranveig sandra signe synne tuva"),
    ("m", "young"): ("jakob:22 emil:21 noah:20 oliver:19 filip:18 william:18 lucas:17 aksel:16 elias:16 "
                     "isak:15 henrik:15 theodor:14 sander:14 markus:13 mathias:13 magnus:13 jonas:12 "
                     "tobias:12 sebastian:12 kristian:11 johannes:11 benjamin:10 adam:10 liam:10 "
                     "| olav ole erik lars even sigurd håkon eirik vegard sindre kasper mohammed ludvig "
                     "nikolai alexander kristoffer martin daniel andreas fredrik marius gustav "
                     "aron brage edvard eliah felix iver jens johan leon mikkel nils odin oskar "
                     "peder sigve storm ulrik vetle"),
    ("f", "young"): ("nora:22 emma:21 sara:20 ella:19 maja:18 olivia:18 sofie:17 leah:16 ingrid:16 "
                     "frida:15 sofia:15 emilie:14 hanna:14 thea:14 tiril:13 vilde:13 ida:12 amalie:12 "
                     "julie:12 tuva:11 "
                     "| mia selma astrid eva mathilde kaja aurora linnea jenny marie mari hedda live "
                     "ane sigrid oda synne iben alma "
                     "agnes andrea oline eline elise frøya hedvig helena idun josefine lea liv "
                     "martine mina nathalie ronja saga sunniva tilde vilja"),
}
DOUBLE_GIVEN = {"m": ["jan erik", "per arne", "tor erik", "hans petter", "jon arne", "knut arne", "ole martin",
                      "jan ove", "lars erik", "per olav", "svein erik", "stig arne", "ole kristian", "jens petter"],
                "f": ["anne lise", "kari anne", "anne marit", "mari ann", "anne kristin", "ann kristin",
                      "liv marit", "inger lise", "anne grethe", "ann mari", "tone lise", "hege marie"]}
NICK = {"alexander": "alex", "kristoffer": "kris", "christoffer": "chris", "sebastian": "seb",
        "thomas": "tom", "benjamin": "ben", "elisabeth": "lise", "margrethe": "grethe", "johannes": "jo",
        "nikolai": "niko", "fredrik": "fred", "william": "will", "kristian": "kris", "charlotte": "lotte",
        "susanne": "sanne", "ingeborg": "inga", "mohammed": "mohammad", "andreas": "andy", "kathrine": "kati"}
TOWNS = [("Oslo", "0", 22), ("Bergen", "5", 12), ("Trondheim", "7", 9), ("Stavanger", "40", 7),
         ("Bærum", "13", 6), ("Kristiansand", "46", 5), ("Drammen", "30", 5), ("Fredrikstad", "16", 4),
         ("Tromsø", "90", 4), ("Sandnes", "43", 4), ("Asker", "13", 3), ("Bodø", "80", 3), ("Ålesund", "60", 3),
         ("Hamar", "23", 2), ("Lillehammer", "26", 2), ("Gjøvik", "28", 2), ("Molde", "64", 2),
         ("Harstad", "94", 1), ("Steinkjer", "77", 1), ("Kongsberg", "36", 1)]
STREETS = ("Storgata, Kirkegata, Skolegata, Jernbanegata, Kongens gate, Fjordgata, Bjørkeveien, Granveien, "
           "Furuveien, Kirkeveien, Stasjonsveien, Ringveien, Parkveien, Solbakken, Lia, Haugvegen, Myrvegen, "
           "Bakkehaugen, Tunveien, Nedre gate, Øvre Slottsgate, Fagerlia, Sjøgata, Industriveien, Elvegata").split(", ")
TRADES = "Elektro Bil Rør Bygg Regnskap Transport Maskin Eiendom Tak Maling Sport Optikk Frisør Bakeri".split()
CHAINS = ["Rema 1000", "Coop Extra", "Kiwi", "Sparebank 1", "Intersport", "Sport 1", "Circle K"]
FREE_MAIL = ["gmail.com"] * 8 + ["hotmail.com"] * 3 + ["online.no"] * 3 + ["live.no", "outlook.com", "yahoo.no",
                                                                          "icloud.com", "altibox.no", "getmail.no"]
ROLE = ["post", "firmapost", "faktura", "kontakt", "info", "salg", "marked", "regnskap"]
GROUPS_CHILD = ["Fotball", "Håndball", "Ski", "Turn", "Allidrett", "Friidrett", "Svømming"]
GROUPS_ADULT = ["Old boys", "Trim", "Styret", "Dugnad", "Senior fotball", "Ski", "Trener", ""]
NOTES = ["", "", "", "", "", "", "Betaler via Vipps", "Allergi: nøtter", "Ikke bilde på nett", "Flyttet?",
         "Trener G12", "Har ikke betalt 2025", "Ring etter kl. 16", "Søsken rabatt", "Ny adresse?", "Lagleder"]
DUES = ["Betalt", "Betalt", "Betalt", "Ikke betalt", "Fritatt", ""]

# a Norwegian keyboard: each key's neighbours, the slips real data entry makes
_ROWS = ["qwertyuiopå", "asdfghjkløæ", "zxcvbnm"]
_NEAR = {}
for _r, _row in enumerate(_ROWS):
    for _i, _key in enumerate(_row):
        _near = [_row[j] for j in (_i - 1, _i + 1) if 0 <= j < len(_row)]
        _near += [_ROWS[o][_i] for o in (_r - 1, _r + 1) if 0 <= o < len(_ROWS) and _i < len(_ROWS[o])]
        _NEAR[_key] = "".join(_near)
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e"})
_ASCII_AA = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e"})
_MAIL = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", " ": "", "-": ""})


def _weighted(spec: str) -> tuple[list[str], list[float]]:
    head, _, tail = spec.partition("|")
    names, weights = [], []
    for item in head.split():
        name, weight = item.split(":")
        names.append(name)
        weights.append(float(weight))
    rest = tail.split()
    if rest:  # each name of the tail rarer than any of the head
        names += rest
        weights += [min(weights) * 0.5] * len(rest)
    return names, weights


class Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        head, head_weights = _weighted(FAMILY_HEAD)
        tail = [a + link + b for a in _FARM_STEMS for b in _FARM_ENDS for link in ("", "s")
                if a != b and not a.endswith(b) and not (link and (a.endswith("s") or b[0] in "aeiouyæøå"))]
        tail = sorted(set(tail) - set(head))
        rng.shuffle(tail)
        zipf = [1 / (rank + 150) for rank in range(len(tail))]  # a long tail: Zipf over the farm names
        scale = (1000 - sum(head_weights)) / sum(zipf)
        self.family_names = head + tail
        self.family_weights = head_weights + [z * scale for z in zipf]
        self.given_lists = {key: _weighted(spec) for key, spec in GIVEN.items()}

    def family(self) -> str:
        return self.rng.choices(self.family_names, self.family_weights)[0]

    def given(self, sex: str, born: dt.date) -> str:
        generation = "old" if born.year < 1975 else "mid" if born.year < 2000 else "young"
        double = {"old": 0.18, "mid": 0.12, "young": 0.05}[generation]
        if self.rng.random() < double:
            return self.rng.choice(DOUBLE_GIVEN[sex])
        names, weights = self.given_lists[(sex, generation)]
        return self.rng.choices(names, weights)[0]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def fodselsnummer(rng: random.Random, born: dt.date, sex: str) -> str:
    """A valid Norwegian fødselsnummer: DDMMYY, an individual number in the century's range, two mod-11 checks."""
    low, high = (0, 499) if born.year < 2000 else (500, 999)
    while True:
        individual = rng.randint(low, high)
        if (individual % 2 == 1) != (sex == "m"):  # the third individual digit is odd for men
            individual = individual + 1 if individual < high else individual - 1
        nine = born.strftime("%d%m%y") + f"{individual:03d}"
        k1 = 11 - sum(int(d) * w for d, w in zip(nine, (3, 7, 6, 1, 8, 9, 4, 5, 2))) % 11
        k1 = 0 if k1 == 11 else k1
        k2 = 11 - sum(int(d) * w for d, w in zip(nine + str(k1), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))) % 11
        k2 = 0 if k2 == 11 else k2
        if k1 < 10 and k2 < 10:
            return f"{nine}{k1}{k2}"


def org_number(rng: random.Random) -> str:
    """A Norwegian organisasjonsnummer: 9 digits, mod 11 with weights 3 2 7 6 5 4 3 2."""
    while True:
        eight = rng.choice("89") + _digits(rng, 7)
        check = 11 - sum(int(d) * w for d, w in zip(eight, (3, 2, 7, 6, 5, 4, 3, 2))) % 11
        check = 0 if check == 11 else check
        if check < 10:
            return f"{eight}{check}"


def mobile(rng: random.Random) -> str:
    return rng.choice("49") + _digits(rng, 7)


def landline(rng: random.Random, town_prefix: str) -> str:
    first = {"0": "2", "1": "6", "2": "6", "3": "3", "4": "5", "5": "5", "6": "7", "7": "7", "8": "7", "9": "7"}
    lead = first[town_prefix[0]]
    return lead + rng.choice("0123456789" if lead != "5" else "0123456781") + _digits(rng, 6)


def phone_text(rng: random.Random, digits: str) -> str:
    if not digits:
        return ""
    mobile_like = digits[0] in "49"
    forms = [digits, f"+47 {digits}", f"0047{digits}", f"{digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}"]
    forms.append(f"{digits[:3]} {digits[3:5]} {digits[5:]}" if mobile_like else f"{digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}")
    return rng.choices(forms, [30, 10, 3, 25, 32])[0]


def date_text(rng: random.Random, born: dt.date) -> str:
    return rng.choices([born.strftime("%d.%m.%Y"), f"{born.day}.{born.month}.{born.strftime('%y')}",
                        born.isoformat(), born.strftime("%d%m%y"), born.strftime("%d/%m/%Y")],
                       [55, 12, 18, 8, 7])[0]


def typo(rng: random.Random, text: str) -> str:
    """One slip of the keyboard: a neighbouring key, a letter dropped or doubled, two letters swapped."""
    if len(text) < 4:
        return text
    at = rng.randint(1, len(text) - 2)
    kind = rng.random()
    if kind < 0.4 and text[at].lower() in _NEAR:
        return text[:at] + rng.choice(_NEAR[text[at].lower()]) + text[at + 1:]
    if kind < 0.6:
        return text[:at] + text[at + 1:]
    if kind < 0.8:
        return text[:at] + text[at + 1] + text[at] + text[at + 2:]
    return text[:at] + text[at] + text[at:]


def swap_digits(rng: random.Random, digits: str) -> str:
    at = rng.randint(2, len(digits) - 2)
    if digits[at] == digits[at + 1]:
        return digits[:at] + str((int(digits[at]) + 1) % 10) + digits[at + 1:]
    return digits[:at] + digits[at + 1] + digits[at] + digits[at + 2:]


def _first(given: str) -> str:
    return given.replace("-", " ").split(" ")[0]


def _random_date(rng: random.Random, first_year: int, last_year: int) -> dt.date:
    return dt.date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))


def _place(rng: random.Random) -> dict:
    town, prefix, _ = rng.choices(TOWNS, [t[2] for t in TOWNS])[0]
    letter = f" {rng.choice('ABC')}" if rng.random() < 0.12 else ""
    return {"street": f"{rng.choice(STREETS)} {rng.randint(1, 120)}{letter}",
            "postal": prefix + _digits(rng, 4 - len(prefix)), "city": town, "prefix": prefix}


class Club:
    """Builds the people of the register, their households and the sponsors, each person once."""

    def __init__(self, rng: random.Random, names: Names) -> None:
        self.rng, self.names = rng, names
        self.people: list[dict] = []
        self.companies: list[dict] = []
        self.mailboxes: set[str] = set()

    def mailbox(self, user: str, domain: str) -> str:
        user = user.translate(_MAIL)
        candidate, n = f"{user}@{domain}", 1
        while candidate in self.mailboxes:
            n += 1
            candidate = f"{user}{n}@{domain}" if self.rng.random() < 0.6 else f"{user}{self.rng.randint(10, 99)}@{domain}"
        self.mailboxes.add(candidate)
        return candidate

    def personal_mail(self, given: str, family: str, born: dt.date) -> str:
        g, f = _first(given), family.split(" ")[-1]
        user = self.rng.choices([f"{g}.{f}", f"{g}{f}", f"{g}{born.strftime('%y')}", f"{g[0]}{f}", f"{g}_{f[0]}",
                                 f"{g}.{f}{born.strftime('%y')}"], [40, 15, 12, 12, 6, 15])[0]
        return self.mailbox(user, self.rng.choice(FREE_MAIL))

    def person(self, sex: str, born: dt.date, family: str, place: dict | None, **fields) -> dict:
        person = {"sex": sex, "born": born, "given": self.names.given(sex, born), "family": family,
                  "place": place, "fnr": fodselsnummer(self.rng, born, sex), "mobile": "", "email": "",
                  "landline": "", "guardian": None, "company": None, "middle": "", "kind": "member",
                  "middle_in": self.rng.choice(["given", "family"])}
        person.update(fields)
        person["entity"] = f"p{len(self.people)}"
        self.people.append(person)
        return person

    def household(self) -> None:
        rng = self.rng
        place = _place(rng)
        size = rng.choices([1, 2, 3, 4, 5, 6], [33, 25, 15, 18, 7, 2])[0]
        family = self.names.family()
        home_line = landline(rng, place["prefix"]) if rng.random() < 0.15 else ""
        shared_mail = ""
        if rng.random() < 0.12:
            shared_mail = self.mailbox(rng.choice([f"familien.{family}", f"familien{family}", f"{family}.familie",
                                                   f"fam.{family}"]), rng.choice(FREE_MAIL))
        if size == 1:
            sex = rng.choice("mf")
            born = _random_date(rng, 1940, 2006)
            p = self.person(sex, born, family, place, landline=home_line)
            p["mobile"] = mobile(rng) if rng.random() < 0.93 else ""
            p["email"] = self.personal_mail(p["given"], family, born) if rng.random() < 0.88 else ""
            return
        adults = []
        n_adults = 2 if rng.random() < 0.8 else 1
        first_sex = rng.choice("mf")
        for n in range(n_adults):
            sex = first_sex if n == 0 else ("f" if first_sex == "m" else "m") if rng.random() < 0.96 else first_sex
            born = _random_date(rng, 1962, 1992)
            own_family = family if n == 0 or rng.random() < 0.5 else self.names.family()
            p = self.person(sex, born, own_family, place, landline=home_line)
            p["mobile"] = mobile(rng) if rng.random() < 0.96 else ""
            p["email"] = shared_mail if shared_mail and rng.random() < 0.7 else \
                self.personal_mail(p["given"], own_family, born) if rng.random() < 0.9 else ""
            adults.append(p)
        for adult in adults:  # the other parent registers a child too
            adult["adults"] = adults
        father = next((a for a in adults if a["sex"] == "m"), None)
        mother = next((a for a in adults if a["sex"] == "f"), None)
        children = []
        for _ in range(size - n_adults):
            sex = rng.choice("mf")
            twin = children and rng.random() < 0.04
            born = children[-1]["born"] if twin else _random_date(rng, 2004, 2020)
            kid_family, middle = adults[0]["family"], ""
            if father and mother and father["family"] != mother["family"]:
                choice = rng.choices(["father", "mother", "both"], [45, 20, 35])[0]
                kid_family = mother["family"] if choice == "mother" else father["family"]
                middle = mother["family"] if choice == "both" else ""
            guardian = rng.choice(adults)
            p = self.person(sex, born, kid_family, place, middle=middle, guardian=guardian, landline=home_line)
            if sex == "m" and father and rng.random() < 0.04 and not any(c["given"] == father["given"] for c in children):
                p["given"] = father["given"]  # named after his father, no suffix
            age = (TODAY - born).days // 365
            if age >= 16:
                p["mobile"] = mobile(rng) if rng.random() < 0.9 else guardian["mobile"]
                p["email"] = self.personal_mail(p["given"], kid_family, born) if rng.random() < 0.7 else guardian["email"]
            else:
                p["mobile"] = guardian["mobile"] if rng.random() < 0.85 else (mobile(rng) if age >= 11 else "")
                p["email"] = guardian["email"] if rng.random() < 0.85 else shared_mail
            children.append(p)

    def sponsor(self) -> list[dict]:
        """A sponsor and its contacts; returns the members who also answer for it."""
        rng = self.rng
        also_members = []
        place = _place(rng)
        if rng.random() < 0.3:
            name = f"{rng.choice(CHAINS)} {place['city']}"
        else:
            owner = self.names.family().title()
            name = rng.choice([f"{owner} {rng.choice(TRADES)} AS", f"{place['city']} {rng.choice(TRADES)} AS",
                               f"{owner} & Sønn AS", f"{rng.choice(TRADES)}huset {place['city']} AS"])
        domain = name.lower().replace(" as", "").replace(" & ", "").translate(_MAIL).replace(" ", "") + ".no"
        if rng.random() < 0.3:
            domain = domain.replace(".no", f"-{place['city'].lower().translate(_MAIL)}.no")
        company = {"id": len(self.companies), "name": name, "org": org_number(rng), "domain": domain,
                   "role": f"{rng.choice(ROLE)}@{domain}", "switchboard": landline(rng, place["prefix"]),
                   "place": dict(place, street=rng.choice([place["street"], f"Postboks {rng.randint(1, 999)}"])),
                   "scheme": rng.choice(["full", "full", "initial", "given"])}
        self.companies.append(company)
        for _ in range(rng.choices([1, 2, 3, 4, 5], [45, 28, 14, 8, 5])[0]):
            adults = [p for p in self.people[-400:] if p["kind"] == "member" and p["born"].year < 1996 and p["mobile"]]
            if adults and rng.random() < 0.2:  # a member who also answers for a sponsor: their own mobile in both rows
                member = rng.choice(adults)
                if not member.get("sponsor_of"):
                    member["sponsor_of"] = company
                    also_members.append(member)
                continue
            sex = rng.choice("mf")
            born = _random_date(rng, 1955, 1998)
            p = self.person(sex, born, self.names.family(), None, company=company, kind="sponsor")
            g, f = _first(p["given"]).translate(_MAIL), p["family"].split(" ")[-1].translate(_MAIL)
            user = {"full": f"{g}.{f}", "initial": f"{g[0]}{f}", "given": g}[company["scheme"]]
            p["email"] = self.mailbox(user, domain) if rng.random() < 0.65 else company["role"]
            p["mobile"] = mobile(rng) if rng.random() < 0.6 else ""
            p["landline"] = company["switchboard"] if not p["mobile"] or rng.random() < 0.3 else ""
        return also_members


def again(person: dict, rng: random.Random) -> dict:
    """The same person typed again: each change independent, as in real re-registrations."""
    r = dict(person)
    given, family, middle = r["given"], r["family"], r["middle"]
    first = _first(given)
    if rng.random() < 0.06 and first in NICK:
        given = NICK[first] + given[len(first):]
    if " " in given and rng.random() < 0.3:
        given = first  # the second given name left out
    elif " " in given and rng.random() < 0.2:
        given = given.replace(" ", "-")
    elif rng.random() < 0.02:
        given = f"{given} {rng.choice(DOUBLE_GIVEN[r['sex']]).split(' ')[1]}"  # a second given name written out
    if middle and rng.random() < 0.35:
        middle = ""  # the mother's name left out
    r["middle_in"] = rng.choice(["given", "family"])
    if rng.random() < 0.04:
        given = typo(rng, given)
    if rng.random() < 0.05:
        family = typo(rng, family)
    if rng.random() < 0.08:
        table = _ASCII_AA if rng.random() < 0.3 else _ASCII
        given, family, middle = given.translate(table), family.translate(table), middle.translate(table)
    r["given"], r["family"], r["middle"] = given, family, middle
    r["initial"] = rng.random() < 0.04
    r["swapped"] = rng.random() < 0.015
    r["case"] = rng.choices(["title", "upper", "lower"], [93, 4, 3])[0]
    if r["company"] is None:
        if r["guardian"] is not None and rng.random() < 0.5:
            others = [p for p in _household_adults(r) if p is not r["guardian"]]
            if others:  # the other parent registers the child too
                r["guardian"] = others[0]
                r["mobile"], r["email"] = others[0]["mobile"], others[0]["email"]
        if rng.random() < 0.1:  # moved
            r["place"] = dict(_place(rng))
            r["landline"] = ""
        elif r["place"] is not None and rng.random() < 0.12:
            street = r["place"]["street"]
            street = street.replace("gata", "gt.").replace("veien", rng.choice(["vn.", "vegen"])).replace(" A", "A")
            r["place"] = dict(r["place"], street=street)
        if rng.random() < 0.12 and r["email"] and r["guardian"] is None:
            r["email"] = f"{first.translate(_MAIL)}{rng.randint(1, 999)}@{rng.choice(FREE_MAIL)}"  # a new address
    elif rng.random() < 0.2:
        r["company_text"] = r["company"]["name"].replace(" AS", "")
    if rng.random() < 0.03 and r["mobile"]:
        r["mobile"] = swap_digits(rng, r["mobile"])
    if rng.random() < 0.02 and r["email"]:
        user, _, domain = r["email"].partition("@")
        r["email"] = typo(rng, user) + "@" + domain
    for field, chance in (("email", 0.1), ("mobile", 0.08), ("landline", 0.3)):
        if rng.random() < chance:
            r[field] = ""
    if rng.random() < 0.08 and r["email"]:
        r["email"] = r["email"].upper() if rng.random() < 0.4 else r["email"].capitalize()
    r["no_place"] = rng.random() < 0.08
    return r


def _household_adults(r: dict) -> list[dict]:
    guardian = r["guardian"]
    return guardian.get("adults", [guardian]) if guardian else []


def render(rng: random.Random, r: dict, copy: bool) -> dict:
    """The cells one row shows for a person (or a company row) typed once."""
    if r.get("entity", "").startswith("c"):
        company = r["company"]
        name = r.get("company_text") or company["name"]
        return {"Firma": name.upper() if r.get("upper") else name,
                "Org.nr": "" if r.get("no_org") else org_text(rng, company["org"]),
                "E-post": company["role"], "Telefon": phone_text(rng, company["switchboard"]),
                **address(rng, company["place"]), "Medlemstype": "Sponsor", "Gruppe": "Sponsor"}
    given, family, middle = r["given"], r["family"], r["middle"]
    if middle:
        if r.get("middle_in", "given") == "given":
            given = f"{given} {middle}"
        else:
            family = f"{middle} {family}"
    given = " ".join("-".join(p.capitalize() for p in w.split("-")) for w in given.split(" "))
    family = " ".join(w.capitalize() for w in family.split(" "))
    if r.get("initial"):
        given = given[0] + rng.choice([".", ""])
    case = r.get("case", "title")
    if case != "title":
        given, family = (given.upper(), family.upper()) if case == "upper" else (given.lower(), family.lower())
    if r.get("swapped"):
        given, family = family, given
    cells = {"Etternavn": family, "Fornavn": given, "Kjønn": {"m": "M", "f": "K"}[r["sex"]] if rng.random() < 0.9 else "",
             "E-post": r["email"], "Mobil": phone_text(rng, r["mobile"]), "Telefon": phone_text(rng, r["landline"])}
    if r["company"] is not None:
        company = r["company"]
        cells.update(address(rng, company["place"]), Firma=r.get("company_text") or company["name"],
                     **{"Org.nr": org_text(rng, company["org"]) if rng.random() < 0.7 else "",
                        "Medlemstype": "Sponsor", "Gruppe": rng.choice(["Sponsor", "Samarbeidspartner"])})
        return cells
    if r["place"] is not None and not r.get("no_place"):
        cells.update(address(rng, r["place"]))
    age = (TODAY - r["born"]).days // 365
    if r.get("show_born", rng.random() < (0.98 if age < 18 else 0.8) * (0.85 if copy else 1)):
        cells["Fødselsdato"] = r["fnr"] if rng.random() < 0.01 else date_text(rng, r["born"])
    if rng.random() < 0.12:
        cells["Fødselsnummer"] = r["fnr"] if rng.random() < 0.8 else f"{r['fnr'][:6]} {r['fnr'][6:]}"
    if r["guardian"] is not None and age < 18:
        g = r["guardian"]
        cells["Foresatt"] = f"{_first(g['given']).capitalize()} {g['family'].capitalize()}"
    cells["Medlemstype"] = "Barn" if age < 13 else rng.choice(["Hovedmedlem", "Familiemedlem", "Støttemedlem"]) \
        if age >= 18 else "Ungdom"
    cells["Gruppe"] = f"{rng.choice(GROUPS_CHILD)} {'G' if r['sex'] == 'm' else 'J'}{r['born'].year}" if age < 18 \
        else rng.choice([g for g in GROUPS_ADULT if r["sex"] == "m" or g != "Old boys"])
    if r.get("sponsor_of") and r.get("as_sponsor"):
        company = r["sponsor_of"]
        cells.update(address(rng, company["place"]), Firma=company["name"], Medlemstype="Sponsor", Gruppe="Sponsor",
                     **{"E-post": rng.choice([company["role"], r["email"]]), "Mobil": phone_text(rng, r["mobile"]),
                        "Telefon": phone_text(rng, company["switchboard"]), "Fødselsdato": "", "Fødselsnummer": "",
                        "Org.nr": org_text(rng, company["org"])})
    return cells


def org_text(rng: random.Random, org: str) -> str:
    return rng.choices([org, f"{org[:3]} {org[3:6]} {org[6:]}", f"NO {org} MVA"], [50, 40, 10])[0]


def address(rng: random.Random, place: dict) -> dict:
    return {"Adresse": place["street"], "Postnr": place["postal"], "Poststed": place["city"].upper()
            if rng.random() < 0.1 else place["city"]}


def _records(rows: int, rng: random.Random) -> list[tuple[dict, bool]]:
    """Each person's first row and its copies, household by household, until the register has ``rows``."""
    club = Club(rng, Names(rng))
    records: list[tuple[dict, bool]] = []
    while len(records) < rows:
        start, also_members, company = len(club.people), [], None
        if rng.random() < 0.1:
            also_members = club.sponsor()
            company = club.companies[-1]
        else:
            club.household()
        for person in club.people[start:]:
            records.append((person, False))
            if rng.random() < 0.09:
                records += [(again(person, rng), True) for _ in range(rng.choices([1, 2, 3], [85, 12, 3])[0])]
        records += [(dict(member, as_sponsor=True), True) for member in also_members]
        if company is not None and rng.random() < 0.15:  # the invoice address: the company and no person
            row = {"entity": f"c{company['id']}", "company": company}
            records.append((row, False))
            if rng.random() < 0.25:
                records.append((dict(row, no_org=rng.random() < 0.4, upper=rng.random() < 0.3,
                                     company_text=company["name"].replace(" AS", "") if rng.random() < 0.5 else ""),
                                True))
    return records[:rows]


def generate(rows: int, seed: int = 31) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """The register (rows in ``HEADER``'s order, sorted by name as members systems export) and its truth."""
    rng = random.Random(seed)
    records = _records(rows, rng)
    first_row: dict[str, dict] = {}
    person_of = {r["entity"]: r for r, copy in records if not copy}
    joined_of: dict[str, dt.date] = {}
    cells_list, joined_list = [], []
    for r, copy in records:
        cells = dict.fromkeys(HEADER, "")
        cells.update(render(rng, r, copy))
        first = first_row.get(r["entity"])
        if first is not None and not _IDENTIFYING & _agree(_evidence(first), _evidence(cells)):
            # a real re-entry keeps something of the person's own: here their mobile, e-mail and home
            person = person_of[r["entity"]]
            fixed = dict(r, mobile=person.get("mobile", ""), email=person.get("email", ""), no_place=False,
                         place=person.get("place"), show_born=True)
            cells = dict.fromkeys(HEADER, "")
            cells.update(render(rng, fixed, copy))
        first_row.setdefault(r["entity"], cells)
        # joined after birth (and a copy after the first row), changed since
        earliest = joined_of.get(r["entity"]) or max(r.get("born") or dt.date(1995, 1, 1), dt.date(1995, 1, 1))
        joined = min(earliest + dt.timedelta(days=rng.randint(int(copy), max(1, (TODAY - earliest).days))), TODAY)
        joined_of.setdefault(r["entity"], joined)
        changed = dt.datetime.combine(joined + dt.timedelta(days=rng.randint(0, (TODAY - joined).days)),
                                      dt.time(rng.randint(7, 22), rng.randint(0, 59)))
        cells.update({"Innmeldt": joined.strftime("%d.%m.%Y"), "Kontingent 2026": rng.choice(DUES),
                      "Sist endret": changed.strftime("%d.%m.%Y %H:%M") if rng.random() < 0.5 else
                      changed.strftime("%Y-%m-%d %H:%M"), "Merknad": rng.choice(NOTES)})
        cells_list.append(cells)
        joined_list.append(joined)
    # member numbers follow the date of joining; the export is sorted by name
    for number, i in enumerate(sorted(range(len(records)), key=lambda i: (joined_list[i], i))):
        cells_list[i]["Medlemsnr"] = str(1001 + number)
    order = list(range(len(records)))
    rng.shuffle(order)
    order.sort(key=lambda i: (_fold(cells_list[i]["Etternavn"] or cells_list[i]["Firma"]),
                              _fold(cells_list[i]["Fornavn"])))
    table = []
    for n, i in enumerate(order, start=1):
        cells_list[i]["Nr"] = str(n)
        table.append([cells_list[i][h] for h in HEADER])
    return table, [(cells_list[i]["Medlemsnr"], records[i][0]["entity"]) for i in order]


def _fold(text: str) -> str:
    """Lower case, æ/ø/å as a/o/a, accents and punctuation gone: for sorting and for the evidence keys."""
    text = text.casefold().translate(_ASCII).replace("ae", "a")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isalnum() or c == " ").strip()


# a name word in both the short and the long ASCII form, as people type æ/ø/å on a keyboard without them
_SHORT = str.maketrans({"æ": "a", "ø": "o", "å": "a", "é": "e"})


def _forms(word: str) -> tuple[str, str]:
    return word.translate(_SHORT), word.translate(_ASCII_AA)


def _osa1(a: str, b: str) -> bool:
    """At most one edit apart (a letter changed, dropped, added, or two neighbours swapped)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _same_word(x: str, y: str) -> bool:
    """One word, allowing one keyboard slip (in words of three letters or more) and æ/ø/å typed either way."""
    if x == y:
        return True
    for fx, fy in zip(_forms(x), _forms(y)):
        if fx == fy or (min(len(fx), len(fy)) >= 3 and _osa1(fx, fy)):
            return True
    # one side typed the short form, the other the long one
    return any(a == b for a in _forms(x) for b in _forms(y))


_NICK_PAIRS = {(a, b) for a, b in NICK.items()} | {(b, a) for a, b in NICK.items()}


def _given_fits(a: list[str], b: list[str]) -> bool:
    """First given names that fit: the same (one slip), a nickname, or an initial; second names must not differ."""
    if not a or not b:
        return False
    x, y = a[0], b[0]
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    if not (_same_word(x, y) or (x, y) in _NICK_PAIRS):
        return False
    # "Anne Lise" and "Anne Grethe" are two people; "Anne Lise" and "Anne" may be one
    return len(a) < 2 or len(b) < 2 or _same_word(a[1], b[1]) or len(a[1]) == 1 or len(b[1]) == 1


def _name(row: dict) -> tuple[list[str], list[str]]:
    def words(text: str) -> list[str]:
        return [w for w in "".join(c if c.isalpha() else " " for c in text.casefold()).split() if w]
    return words(row["Fornavn"]), words(row["Etternavn"])


def names_fit(a: dict, b: dict) -> bool:
    """A careful human's reading: a family name in common (or one slip apart) and given names that fit; the
    two name columns may be swapped in one row, and a second family name may be typed as a given name."""
    (ga, fa), (gb, fb) = _name(a), _name(b)
    if not (ga or fa) or not (gb or fb):  # company rows: the same firm
        return not (ga or fa or gb or fb) and bool(a["Firma"]) and _fold(a["Firma"]).split()[:1] == \
            _fold(b["Firma"]).split()[:1]
    for (g1, f1), (g2, f2) in (((ga, fa), (gb, fb)), ((fa, ga), (gb, fb)), ((ga, fa), (fb, gb))):
        family = any(_same_word(x, y) for x in f1 for y in f2) or \
            any(_same_word(x, y) for x in g1[1:] + f1 for y in g2[1:] + f2 if len(x) > 3 and len(y) > 3)
        if family and (_given_fits(g1, g2) or _given_fits([g for g in g1 if g not in f2], [g for g in g2 if g not in f1])):
            return True
    return False


def _evidence(row: dict) -> dict[str, str]:
    """The details of a row a human compares, each reduced to what makes it the same."""
    digits = {h: "".join(c for c in row[h] if c.isdigit())[-8:] for h in ("Mobil", "Telefon")}
    born = row["Fødselsdato"]
    parts = born.replace("/", ".").replace("-", ".").split(".")
    if len(parts) == 3 and len(parts[0]) == 4:
        parts = parts[::-1]
    if len(parts) == 3:
        born = f"{int(parts[0]):02d}{int(parts[1]):02d}{parts[2][-2:]}"
    born = born.replace(" ", "")[:6]
    fnr = row["Fødselsnummer"].replace(" ", "") or (row["Fødselsdato"] if len(row["Fødselsdato"]) == 11 else "")
    street = _fold(row["Adresse"]).replace("vegen", "veien").replace("gt", "gata").replace("vn", "veien")
    return {"email": row["E-post"].casefold(), "mobile": digits["Mobil"], "phone": digits["Telefon"],
            "born": born or fnr[:6], "fnr": fnr, "postal": row["Postnr"], "street": street.replace(" ", ""),
            "org": "".join(c for c in row["Org.nr"] if c.isdigit())[-9:], "firm": _fold(row["Firma"])}


def _agree(a: dict[str, str], b: dict[str, str]) -> frozenset[str]:
    same = {k for k in a if a[k] and a[k] == b[k]}
    if a["mobile"] and a["mobile"] in (b["mobile"], b["phone"]) or a["phone"] and a["phone"] in (b["mobile"], b["phone"]):
        same.add("mobile")
    if {"street", "postal"} <= same:
        same.add("address")
    return frozenset(same)


_IDENTIFYING = {"email", "mobile", "phone", "born", "fnr", "address", "org"}


def _root(part: dict[int, int], i: int) -> int:
    while part[i] != i:
        i = part[i]
    return i


def findability(table: list[list[str]], truth: list[tuple[str, str]]) -> dict:
    """The true pairs a careful human could not tell apart from the rows alone.

    Two rows of one entity are *linked* when the names fit (``names_fit``), they share at least one
    identifying detail (e-mail, a phone, birth date, fødselsnummer, address, org number), and no row of
    another entity whose name fits as well agrees with the first row on every detail the two agree on (else
    the copy could as well be that other person: a son of the same name at his father's address, mobile and
    e-mail). The same valid fødselsnummer, or the same e-mail and birth date, links two rows whatever the
    names say. A true pair is *findable* when its rows are joined by links (a human who sees the member row
    and the copy, and the member row and the sponsor row, knows all three are one person); the rest are
    counted by why their own pair is not linked.
    """
    rows = [dict(zip(HEADER, row)) for row in table]
    evidence = [_evidence(r) for r in rows]
    entity = [e for _, e in truth]
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)  # who else shows a detail
    for i, e in enumerate(evidence):
        for key in ("email", "born", "fnr", "postal", "org"):
            if e[key]:
                holders[(key, e[key])].append(i)
        for number in {e["mobile"], e["phone"]} - {""}:
            holders[("tel", number)].append(i)
    members: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(entity):
        members[e].append(i)

    def why_not(i: int, j: int) -> str:
        same = _agree(evidence[i], evidence[j])
        if "fnr" in same or {"email", "born"} <= same:
            return ""
        if not names_fit(rows[i], rows[j]):
            return "names_differ"
        if not same & _IDENTIFYING:
            return "nothing_shared"
        buckets = [holders[(k, evidence[i][k])] for k in ("email", "born", "fnr", "postal", "org") if k in same]
        if "mobile" in same or "phone" in same:
            buckets.append(sorted({c for n in {evidence[i]["mobile"], evidence[i]["phone"]} - {""}
                                   for c in holders[("tel", n)]}))
        others = min(buckets, key=len)
        if any(entity[c] != entity[i] and same <= _agree(evidence[i], evidence[c]) and names_fit(rows[i], rows[c])
               for c in others):
            return "confusable"
        return ""

    lost = {"names_differ": 0, "nothing_shared": 0, "confusable": 0}
    pairs = 0
    for group in members.values():
        reasons = {(i, j): why_not(i, j) for i, j in combinations(group, 2)}
        part = {i: i for i in group}
        for (i, j), reason in reasons.items():
            if not reason:
                part[_root(part, i)] = _root(part, j)
        for (i, j), reason in reasons.items():
            pairs += 1
            if _root(part, i) != _root(part, j):
                lost[reason] += 1
    unfindable = sum(lost.values())
    return {"pairs": pairs, "unfindable": unfindable, "share": round(unfindable / pairs, 4) if pairs else 0.0,
            **lost}


def main() -> None:
    from _register_files import write_register  # run as a script: bench/ is on the path

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--out", required=True)
    parser.add_argument("--findability", action="store_true", help="print the share of true pairs a human could not tell")
    args = parser.parse_args()
    table, truth = generate(args.rows, args.seed)
    write_register(args.out, HEADER, table, truth)
    if args.findability:
        print(findability(table, truth))


if __name__ == "__main__":
    main()
