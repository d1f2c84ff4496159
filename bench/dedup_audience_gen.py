"""A sixth held-out register for issue 9: a Nordic newsletter audience, as Mailchimp exports it.

    python bench/dedup_audience_gen.py --rows 5000 --seed 11 --out audience.csv

The sender is a Nordic design shop with customers in Sweden, Norway, Denmark and Finland. Its register is the
Sheet it pastes Mailchimp's audience export into (Audience > Export audience: the "subscribed" file, one row per
member, in Mailchimp's own header: Email Address, First Name, Last Name, Address, Phone Number, Birthday, then
Mailchimp's own columns MEMBER_RATING ... TAGS). What such a list holds, and what this register is built from:

- **One row per address.** Mailchimp keeps an address once, so a person who is on the list twice is on two
  *different* addresses: a work address beside a private one, an old ISP's address (telia.com, online.no,
  get2net.dk, kolumbus.fi) beside a new one, a typo that the single opt-in form accepted (gmial.com,
  anna.lnid@), the same Gmail mailbox with and without its dots or with a +tag (Mailchimp does not fold them,
  Gmail does), the household's shared mailbox, another private mailbox.
- **Thin rows.** A pop-up sign-up holds an e-mail and perhaps a first name; only rows that came from the shop's
  checkout have a last name, an address and a phone. The address is Mailchimp's one address cell: street, city,
  postcode and country code separated by two spaces. The birthday is Mailchimp's MM/DD, with no year.
- **People alike who are not one.** Household members and colleagues cannot share an address (one address = one
  row), but share a family name, a home address and a landline, or an office address and its switchboard.
  Names come at skewed frequencies, so namesakes (two Anna Andersson, two Mikko Virtanen) are common, each on
  a mailbox of their own (anna.andersson@ is taken, so the second is anna.andersson2@ or on another provider).
- **Mailchimp's own columns**, which are never evidence of who a row is: MEMBER_RATING (1-5 stars),
  OPTIN_TIME / CONFIRM_TIME / LAST_CHANGED (timestamps), OPTIN_IP / CONFIRM_IP (a household's rows share its home IP,
  a person's copies often do), LATITUDE / LONGITUDE / GMTOFF / DSTOFF / TIMEZONE / CC / REGION (where the IP
  geolocates: the same for a whole city), LEID (Mailchimp's increasing member id) and EUID (its 10-character
  id), NOTES (free text, sometimes naming another member) and TAGS.

The truth: one entity per person (``p…``); every row of a person, on whatever address, is that entity. The bench
reads LEID as the row id (``ID_COLUMN``): the e-mail, the first column, is evidence.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _register_files import write_register  # noqa: E402

HEADER = ["Email Address", "First Name", "Last Name", "Address", "Phone Number", "Birthday", "MEMBER_RATING",
          "OPTIN_TIME", "OPTIN_IP", "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE", "LONGITUDE", "GMTOFF", "DSTOFF",
          "TIMEZONE", "CC", "REGION", "LAST_CHANGED", "LEID", "EUID", "NOTES", "TAGS"]
(EMAIL, FIRST, LAST, ADDRESS, PHONE, BIRTHDAY, RATING, OPTIN_TIME, OPTIN_IP, CONFIRM_TIME, CONFIRM_IP, LAT, LON,
 GMTOFF, DSTOFF, TIMEZONE, CC, REGION, LAST_CHANGED, LEID, EUID, NOTES, TAGS) = range(len(HEADER))
ID_COLUMN = "LEID"  # the e-mail is the first column but is evidence; Mailchimp's member id names the row

RATES = {
    "country": {"SE": 0.38, "NO": 0.24, "DK": 0.20, "FI": 0.18},
    "household_size": {1: 0.62, 2: 0.28, 3: 0.07, 4: 0.03},  # members of the list at one home
    "same_family_name": 0.70,  # a housemate has the household's family name
    "landline": 0.15,  # a household gives its landline rather than a mobile
    "employed": 0.45,  # a person has an employer whose domain a work address would be on
    "colleague_on_list": 0.30,  # an employer already on the list takes another of the list's people
    "copies": {0: 0.86, 1: 0.12, 2: 0.02},  # extra rows a person has, each on another address
    "handle": 0.15,  # a private mailbox named by a handle, not by the name (sunflower77@)
    "lower_case": 0.08,  # a name typed in lower case on a sign-up form
    "whole_name_in_first": 0.04,  # "Anna Lind" typed into First Name, Last Name empty
    "nickname": 0.25,  # a copy's first name is the person's short form, where the name has one
}
# Where a row came from decides what it holds: a pop-up holds an e-mail and maybe a first name.
SOURCES = {"popup": 0.45, "form": 0.25, "checkout": 0.25, "event": 0.05}
COPY_KINDS = {"work": 0.22, "old_isp": 0.18, "typo": 0.15, "gmail_variant": 0.12, "shared": 0.10, "another": 0.23}

_GIVEN = {
    ("SE", "f"): "Anna Eva Maria Karin Sara Kristina Lena Emma Kerstin Ingrid Malin Sofia Linnea Elin Ida Hanna "
                 "Johanna Camilla Jenny Frida Amanda Julia Marie Susanne Annika Helena Lisa Ulla Birgitta Elsa",
    ("SE", "m"): "Lars Mikael Anders Johan Erik Per Karl Peter Jan Thomas Daniel Fredrik Andreas Hans Stefan Mats "
                 "Magnus Jonas Oscar Marcus Niklas Alexander Martin Björn Mattias Henrik Emil Gustav Viktor Oskar",
    ("NO", "f"): "Anne Inger Kari Marit Ingrid Liv Eva Berit Astrid Bjørg Hilde Anna Solveig Marianne Randi Ida "
                 "Nina Silje Ingeborg Camilla Hanne Tone Elisabeth Kristin Maria Nora Emma Sara Julie Thea",
    ("NO", "m"): "Jan Per Bjørn Ole Lars Kjell Knut Arne Svein Thomas Hans Geir Tor Morten Terje Odd Erik Martin "
                 "Andreas John Anders Rune Trond Tore Jon Kristian Espen Magnus Henrik Jonas",
    ("DK", "f"): "Anne Kirsten Hanne Mette Anna Helle Susanne Lene Maria Marianne Lone Camilla Pia Louise "
                 "Charlotte Tina Gitte Bente Jette Karen Mia Julie Ida Emma Sofie Laura Katrine Birgitte Inge Line",
    ("DK", "m"): "Peter Jens Lars Michael Henrik Søren Thomas Jan Niels Christian Martin Jørgen Hans Anders Morten "
                 "Jesper Ole Per Erik Mads Rasmus Kim Mikkel Frederik Poul Steen Jakob Kasper Torben Bo",
    ("FI", "f"): "Maria Helena Johanna Anneli Kaarina Marjatta Anna Liisa Annikki Hannele Tuula Päivi Anne Sari "
                 "Minna Tiina Laura Riitta Pirjo Satu Emilia Sofia Aino Ella Elina Katja Heidi Jenni Hanna Leena",
    ("FI", "m"): "Juha Timo Matti Kari Mikko Jari Antti Jukka Mika Markku Pekka Hannu Heikki Seppo Janne Ari Sami "
                 "Ville Petri Jani Tuomas Marko Lauri Jussi Teemu Eero Mikael Juho Joonas Ilkka",
}
_FAMILY = {
    "SE": "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson "
          "Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson Lindström Lindqvist "
          "Lindgren Berg Axelsson Bergström Lundberg Lind Lundgren Lundqvist Mattsson Berglund Fredriksson "
          "Sandberg Henriksson Forsberg Sjöberg Wallin Engström Eklund",
    "NO": "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen Pettersen "
          "Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen Henriksen Lund "
          "Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen "
          "Bakken Kristoffersen Mathisen Lie",
    "DK": "Nielsen Jensen Hansen Andersen Pedersen Christensen Larsen Sørensen Rasmussen Jørgensen Petersen "
          "Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen Knudsen Jakobsen "
          "Jacobsen Mikkelsen Olesen Frederiksen Laursen Henriksen Lund Schmidt Eriksen Holm Kristiansen Clausen "
          "Simonsen Svendsen Andreasen Iversen Østergaard Jeppesen",
    "FI": "Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen Lehtonen "
          "Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen Salonen Turunen Salo Laitinen Tuominen "
          "Rantanen Karjalainen Jokinen Mattila Savolainen Lahtinen Ahonen Lindholm Nyman Lindroos Holmström",
}
# Real short forms people give a newsletter form (the list's own habit, not a dictionary).
NICKNAMES = {"Lars": "Lasse", "Karl": "Kalle", "Per": "Pelle", "Magnus": "Manne", "Kristina": "Stina",
             "Elisabeth": "Lisa", "Mikael": "Micke", "Fredrik": "Fredde", "Thomas": "Tommy", "Christian": "Chris",
             "Michael": "Mike", "Hans": "Hasse", "Andreas": "Andy", "Katrine": "Trine", "Charlotte": "Lotte",
             "Kristoffer": "Kris", "Johanna": "Jossan", "Alexander": "Alex", "Jakob": "Jakke", "Mikkel": "Mikke"}
# city -> (postcode range, latitude, longitude, region code as Mailchimp's geolocation gives it)
_CITIES = {
    "SE": {"Stockholm": (11120, 11860, 59.3293, 18.0686, "AB"), "Göteborg": (41101, 41879, 57.7089, 11.9746, "O"),
           "Malmö": (21115, 21779, 55.6050, 13.0038, "M"), "Uppsala": (75220, 75655, 59.8586, 17.6389, "C")},
    "NO": {"Oslo": (150, 1290, 59.9139, 10.7522, "03"), "Bergen": (5003, 5099, 60.3913, 5.3221, "46"),
           "Trondheim": (7010, 7099, 63.4305, 10.3951, "50"), "Stavanger": (4005, 4099, 58.9700, 5.7331, "11")},
    "DK": {"København": (1050, 2450, 55.6761, 12.5683, "84"), "Aarhus": (8000, 8270, 56.1629, 10.2039, "82"),
           "Odense": (5000, 5270, 55.4038, 10.4024, "83"), "Aalborg": (9000, 9220, 57.0488, 9.9217, "81")},
    "FI": {"Helsinki": (100, 990, 60.1699, 24.9384, "18"), "Tampere": (33100, 33900, 61.4978, 23.7610, "11"),
           "Turku": (20100, 20900, 60.4518, 22.2666, "02"), "Oulu": (90100, 90900, 65.0121, 25.4651, "14")},
}
_STREETS = {
    "SE": "Storgatan|Drottninggatan|Kungsgatan|Skolgatan|Järnvägsgatan|Parkvägen|Björkvägen|Södra vägen|"
          "Trädgårdsgatan|Västra Hamngatan|Linnégatan|Ringvägen|Bergsvägen|Sveavägen",
    "NO": "Storgata|Kirkegata|Skolegata|Parkveien|Bjørkeveien|Kongens gate|Dronningens gate|Markveien|"
          "Thereses gate|Bogstadveien|Nygårdsgaten|Solheimsgaten|Kirkeveien|Grensen",
    "DK": "Vestergade|Østergade|Nørregade|Søndergade|Jernbanegade|Skolevej|Birkevej|Kirkevej|Stationsvej|"
          "Algade|Bredgade|Strandvejen|Møllevej|Havnegade",
    "FI": "Mannerheimintie|Hämeenkatu|Aleksanterinkatu|Rautatienkatu|Koulukatu|Puistokatu|Kirkkokatu|Rantatie|"
          "Koivukuja|Satamakatu|Läntinen Pitkäkatu|Isokatu|Kauppakatu",
}
_PROVIDERS = {
    "SE": {"gmail.com": 40, "hotmail.com": 15, "outlook.com": 8, "icloud.com": 7, "live.se": 5, "yahoo.se": 4,
           "telia.com": 6, "comhem.se": 5},
    "NO": {"gmail.com": 42, "hotmail.com": 16, "outlook.com": 7, "icloud.com": 7, "online.no": 10, "live.no": 5,
           "yahoo.no": 4},
    "DK": {"gmail.com": 40, "hotmail.com": 16, "live.dk": 8, "outlook.dk": 5, "icloud.com": 7, "mail.dk": 8,
           "yahoo.dk": 4},
    "FI": {"gmail.com": 42, "hotmail.com": 12, "outlook.com": 7, "icloud.com": 5, "luukku.com": 6,
           "elisanet.fi": 6, "saunalahti.fi": 6},
}
_OLD_ISPS = {"SE": ["telia.com", "spray.se", "bredband.net", "home.se"], "NO": ["online.no", "frisurf.no", "c2i.net"],
             "DK": ["get2net.dk", "jubii.dk", "tdcadsl.dk"], "FI": ["kolumbus.fi", "suomi24.fi", "pp.inet.fi"]}
_DOMAIN_TYPOS = {"gmail.com": ["gmial.com", "gmail.co", "gmai.com", "gmail.con"], "hotmail.com": ["hotmial.com",
                 "hotmail.co", "hotmai.com"], "outlook.com": ["outlok.com"], "icloud.com": ["icloud.co"]}
_COMPANY_WORDS = ["Nordvik", "Fjellkraft", "Havblikk", "Solsiden", "Skogsbruk", "Ljusgård", "Kustlinje", "Polarlys",
                  "Vintergatan", "Björkbacken", "Tunturi", "Saaristo", "Strandhuset", "Granit", "Vestkyst", "Ekhagen",
                  "Aalto", "Kivi", "Dalsgaard", "Fyrtårn", "Bølge", "Norrsken", "Lindholmen", "Kaski"]
_COMPANY_TLD = {"SE": "se", "NO": "no", "DK": "dk", "FI": "fi"}
_HANDLES = ["sunflower", "mysig", "kattis", "fjellgeit", "hygge", "sisu", "bokmal", "tekopp", "vinter", "sommarbarn",
            "strikkedame", "kaffekopp", "muumi", "sol", "skogsmus", "regn", "loppis", "ruska", "hav", "bageren"]
_NOTES = {"SE": ["Vann tävlingen våren 2023", "Kund i butiken i Uppsala", "Bad om färre utskick",
                 "Gift med {other}", "Anmäld av {other}"],
          "NO": ["Vant konkurransen 2023", "Kunde i butikken", "Ba om færre utsendelser", "Gift med {other}"],
          "DK": ["Vandt konkurrencen 2023", "Kunde i butikken", "Gift med {other}", "Tilmeldt af {other}"],
          "FI": ["Voitti kilpailun 2023", "Asiakas myymälässä", "Naimisissa: {other}"]}
_TAGS = ["Kund", "Nyhetsbrev", "Black Friday 2024", "Julkalender", "Pop-up", "Mässa 2023", "VIP", "Webshop"]
_TIMEZONES = {"SE": "Europe/Stockholm", "NO": "Europe/Oslo", "DK": "Europe/Copenhagen", "FI": "Europe/Helsinki"}
_GMT = {"SE": ("1", "2"), "NO": ("1", "2"), "DK": ("1", "2"), "FI": ("2", "3")}
_IP_NETS = {"SE": (78, 81, 90, 213), "NO": (84, 85, 88, 178), "DK": (80, 87, 93, 188), "FI": (84, 91, 176, 212)}


def _weights(names: list[str], skew: float = 0.9) -> list[float]:
    """Zipf-like frequencies: the first names of each list are as common as the top of a national list."""
    return [1 / (rank + 1) ** skew for rank in range(len(names))]


_GIVEN_LISTS = {key: text.split() for key, text in _GIVEN.items()}
_FAMILY_LISTS = {key: text.split() for key, text in _FAMILY.items()}
_STREET_LISTS = {key: text.split("|") for key, text in _STREETS.items()}

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "ø": "o", "æ": "ae", "é": "e", "ü": "u"})


def _local(text: str) -> str:
    """A name as a mailbox writes it: lower case, no Nordic letters, no spaces."""
    return text.lower().translate(_FOLD).replace(" ", "").replace("-", "")


@dataclass
class Home:
    country: str
    city: str
    address: str  # Mailchimp's one address cell
    landline: str | None
    ip: str
    family: str
    mailbox: str | None = None  # the household's shared mailbox, made when a member first uses it


@dataclass
class Person:
    key: str
    country: str
    sex: str
    given: str
    family: str
    home: Home
    mobile: str
    birthday: str  # MM/DD
    employer: str | None


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.taken: set[str] = set()  # addresses on the list, as Gmail reads them (dots and +tags folded)
        self.exact: set[str] = set()  # addresses on the list as typed (Mailchimp folds case only)
        self.people: list[Person] = []
        self.employers: list[tuple[str, str]] = []  # (domain, country)
        self.count: Counter = Counter()

    def pick(self, table: dict) -> str:
        keys = list(table)
        return self.rng.choices(keys, weights=[table[k] for k in keys])[0]

    def name(self, country: str, sex: str) -> str:
        names = _GIVEN_LISTS[(country, sex)]
        return self.rng.choices(names, weights=_weights(names))[0]

    def family(self, country: str) -> str:
        names = _FAMILY_LISTS[country]
        return self.rng.choices(names, weights=_weights(names, 0.8))[0]

    def mobile(self, country: str) -> str:
        r = self.rng
        if country == "SE":
            return f"07{r.choice('02369')}{r.randint(1000000, 9999999)}"
        if country == "NO":
            return f"{r.choice('49')}{r.randint(1000000, 9999999)}"
        if country == "DK":
            return f"{r.choice(['2', '3', '4', '5', '6', '7', '8'])}{r.randint(1000000, 9999999)}"
        return f"04{r.choice('0456')}{r.randint(1000000, 9999999)}"

    def landline(self, country: str) -> str:
        r = self.rng
        return {"SE": f"08{r.randint(1000000, 9999999)}", "NO": f"2{r.randint(1000000, 9999999)}",
                "DK": f"3{r.randint(1000000, 9999999)}", "FI": f"09{r.randint(100000, 9999999)}"}[country]

    def ip(self, country: str) -> str:
        r = self.rng
        return f"{r.choice(_IP_NETS[country])}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def address(self, country: str, city: str) -> str:
        low, high, *_ = _CITIES[country][city]
        r = self.rng
        number = f"{r.randint(1, 80)}{r.choice(['', '', '', ' B', 'A'])}"
        street = f"{r.choice(_STREET_LISTS[country])} {number}"
        if country == "DK" and r.random() < 0.4:
            street += f", {r.randint(1, 4)}. {r.choice(['th', 'tv', 'mf'])}"
        code = r.randint(low, high)
        postcode = {"SE": f"{code // 100} {code % 100:02d}" if r.random() < 0.6 else f"{code}",
                    "NO": f"{code:04d}", "DK": f"{code:04d}", "FI": f"{code:05d}"}[country]
        return "  ".join([street, city, postcode, country])  # Mailchimp's address cell: parts split by two spaces

    def home(self, country: str) -> Home:
        city = self.rng.choice(list(_CITIES[country]))
        landline = self.landline(country) if self.rng.random() < RATES["landline"] else None
        return Home(country, city, self.address(country, city), landline, self.ip(country), self.family(country))

    def employer(self, country: str) -> str | None:
        if self.rng.random() >= RATES["employed"]:
            return None
        mine = [domain for domain, c in self.employers if c == country]
        if mine and self.rng.random() < RATES["colleague_on_list"]:
            return self.rng.choice(mine)
        domain = f"{_local(self.rng.choice(_COMPANY_WORDS))}{self.rng.choice(['', 'gruppen', 'design', 'bygg', 'data'])}"
        domain = f"{domain}.{_COMPANY_TLD[country]}"
        self.employers.append((domain, country))
        return domain

    def person(self, home: Home, first: bool, housemates: set[str]) -> Person:
        """A member of the list at ``home``, with a given name none of its housemates has (a father and the son
        named after him are rare enough in a newsletter list to leave out)."""
        country, r = home.country, self.rng
        sex = r.choice("fm")
        given = self.name(country, sex)
        while given in housemates:
            given = self.name(country, sex)
        family = home.family if first or r.random() < RATES["same_family_name"] else self.family(country)
        mobile = self.mobile(country)
        birthday = f"{r.randint(1, 12):02d}/{r.randint(1, 28):02d}"
        person = Person(f"p{len(self.people) + 1}", country, sex, given, family, home, mobile,
                        birthday, self.employer(country))
        self.people.append(person)
        return person

    # --- addresses -------------------------------------------------------------------------------------------
    def free(self, address: str) -> bool:
        return _gmail_key(address) not in self.taken

    def take(self, address: str) -> str:
        self.taken.add(_gmail_key(address))
        self.exact.add(address.lower())
        return address

    def private(self, person: Person, domain: str | None = None) -> str:
        """A private mailbox of the person's, on a provider of the country: built from the name as people build
        them, or a handle; a taken one gets a number as the provider would ask for."""
        r = self.rng
        domain = domain or self.pick(_PROVIDERS[person.country])
        g, f = _local(person.given), _local(person.family)
        if r.random() < RATES["handle"]:
            local = f"{r.choice(_HANDLES)}{r.randint(1, 99)}"
        else:
            local = r.choice([f"{g}.{f}", f"{g}{f}", f"{g}_{f}", f"{g[0]}{f}", f"{f}.{g}", f"{g}.{f}{r.randint(60, 99)}",
                              f"{g}{r.randint(1, 999)}", f"{g}.{f[0]}"])
        address = f"{local}@{domain}"
        n = 2
        while not self.free(address):
            address = f"{local}{n}@{domain}"
            n += 1
        return self.take(address)

    def work(self, person: Person) -> str:
        g, f = _local(person.given), _local(person.family)
        for local in (f"{g}.{f}", f"{g[0]}{f}", f"{g}.{f[0]}", f"{g}{f[:2]}"):
            address = f"{local}@{person.employer}"
            if self.free(address):
                return self.take(address)
        return self.private(person, person.employer)


def _gmail_key(address: str) -> str:
    """An address as the mailbox behind it: Gmail ignores dots and +tags; Mailchimp does not, so those variants
    can each be a row of the list, but only for the mailbox's one holder."""
    local, _, domain = address.lower().partition("@")
    local = local.split("+")[0]
    if domain in ("gmail.com", "googlemail.com"):
        local = local.replace(".", "")
    return f"{local}@{domain}"


def _typo(address: str, rng: random.Random) -> str:
    """A slip the single opt-in form accepted: a mail domain mistyped, or two letters of the mailbox swapped or
    one dropped."""
    local, _, domain = address.partition("@")
    if domain in _DOMAIN_TYPOS and rng.random() < 0.6:
        return f"{local}@{rng.choice(_DOMAIN_TYPOS[domain])}"
    letters = [k for k, ch in enumerate(local) if ch.isalpha()]
    if len(letters) < 4:
        return f"{local}@{domain}m"
    k = rng.choice(letters[1:-1])
    if rng.random() < 0.5 and k + 1 < len(local):
        local = local[:k] + local[k + 1] + local[k] + local[k + 2:]
    else:
        local = local[:k] + local[k + 1:]
    return f"{local}@{domain}"


def _gmail_variant(address: str, person: Person, rng: random.Random) -> str:
    """The same Gmail mailbox written another way: the dots moved or dropped, or a +tag."""
    local, _, domain = address.partition("@")
    bare = local.replace(".", "")
    if rng.random() < 0.35:
        return f"{local}+{rng.choice(['nyhetsbrev', 'shop', 'news', 'tilbud'])}@{domain}"
    if "." in local:
        return f"{bare}@{domain}"
    g = _local(person.given)
    if bare.startswith(g) and len(bare) > len(g):
        return f"{g}.{bare[len(g):]}@{domain}"
    return f"{bare[:len(bare) // 2]}.{bare[len(bare) // 2:]}@{domain}"


def _phone_as_typed(number: str, country: str, rng: random.Random) -> str:
    """A number as a member types it into Mailchimp's phone field (kept as typed outside the US)."""
    code = {"SE": "46", "NO": "47", "DK": "45", "FI": "358"}[country]
    national = number[1:] if country in ("SE", "FI") else number
    style = rng.random()
    if style < 0.3:
        return f"+{code}{national}"
    if style < 0.45:
        return f"+{code} {national}"
    if style < 0.55:
        return f"00{code}{national}"
    if country == "SE" and number.startswith("08"):  # Stockholm's landline: area code 08
        return f"08-{number[2:5]} {number[5:7]} {number[7:]}" if rng.random() < 0.6 else number
    if country == "SE":
        return f"{number[:3]}-{number[3:6]} {number[6:8]} {number[8:]}" if rng.random() < 0.6 else number
    if country == "NO":
        return f"{number[:3]} {number[3:5]} {number[5:]}" if rng.random() < 0.6 else number
    if country == "DK":
        return " ".join(number[k:k + 2] for k in range(0, 8, 2)) if rng.random() < 0.6 else number
    return f"{number[:3]} {number[3:]}" if rng.random() < 0.6 else number


def _typed_name(name: str, rng: random.Random) -> str:
    if rng.random() < RATES["lower_case"]:
        return name.lower()
    return name


def generate(rows: int, seed: int = 11) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """``rows`` rows of the audience and the truth: (LEID, entity) per row, in row order."""
    table, truth, _ = build(rows, seed)
    return table, truth


def build(rows: int, seed: int = 11) -> tuple[list[list[str]], list[tuple[str, str]], Counter]:
    """``generate``, and how often each kind was drawn (households, copies by kind, sources)."""
    b = _Builder(seed)
    rng = b.rng
    drafted: list[tuple[float, list[str], str]] = []  # (opt-in time in days since 2016, row, entity)
    while len(drafted) < rows:
        country = b.pick(RATES["country"])
        home = b.home(country)
        size = int(b.pick({str(k): v for k, v in RATES["household_size"].items()}))
        b.count[f"household of {size}"] += 1
        members: list[Person] = []
        for n in range(size):
            members.append(b.person(home, n == 0, {m.given for m in members}))
        for person in members:
            others = [f"{m.given} {m.family}" for m in members if m is not person]
            drafted += _rows_of(b, person, others)
    drafted.sort(key=lambda item: item[0])
    drafted = drafted[:rows]
    leid = rng.randint(10_000_000, 60_000_000)
    table, truth = [], []
    for _, row, entity in drafted:
        leid += rng.randint(1, 4000)
        row[LEID] = str(leid)
        table.append(row)
        truth.append((row[LEID], entity))
    return table, truth, b.count


def _rows_of(b: _Builder, person: Person, others: list[str]) -> list[tuple[float, list[str], str]]:
    """The person's first row, on their main address, and the copies on other addresses."""
    rng = b.rng
    main = b.work(person) if person.employer and rng.random() < 0.25 else b.private(person)
    when = rng.uniform(0, 3650)
    out = [(when, _row(b, person, main, when, others, "first"), person.key)]
    extra = int(b.pick({str(k): v for k, v in RATES["copies"].items()}))
    for _ in range(extra):
        kind = b.pick(COPY_KINDS)
        address, kind = _copy_address(b, person, main, kind)
        b.count[f"copy {kind}"] += 1
        later = when + (rng.uniform(0, 0.02) if kind == "typo" else rng.uniform(1, 2500))
        out.append((later, _row(b, person, address, later, others, kind), person.key))
    return out


def _copy_address(b: _Builder, person: Person, main: str, kind: str) -> tuple[str, str]:
    """Another address of the person's, of the kind drawn where the person has one (else another private one)."""
    rng = b.rng
    if kind == "work" and person.employer and not main.endswith("@" + person.employer):
        return b.work(person), kind
    if kind == "old_isp":
        return b.private(person, rng.choice(_OLD_ISPS[person.country])), kind
    if kind == "typo":
        typo = _typo(main, rng)
        if b.free(typo):
            return b.take(typo), kind
    if kind == "gmail_variant" and main.endswith("@gmail.com"):
        variant = _gmail_variant(main, person, rng)
        if variant.lower() not in b.exact:  # the mailbox is the person's own: the variant is no other holder's
            b.exact.add(variant.lower())
            return variant, kind
    if kind == "shared" and person.home.mailbox is None:
        # the household's shared mailbox: one address, so one row, in the name of whoever signed it up first
        family = _local(person.home.family)
        local = rng.choice([f"familjen.{family}", f"{family}.familie", f"{family}hjemme", f"fam.{family}",
                            f"{family}{rng.randint(1, 99)}"])
        address = f"{local}@{b.pick(_PROVIDERS[person.country])}"
        if b.free(address):
            person.home.mailbox = b.take(address)
            return address, kind
    return b.private(person), "another"


def _family_mailbox(b: _Builder, local: str, country: str) -> str | None:
    domain = b.pick(_PROVIDERS[country])
    address = f"{local}@{domain}"
    return address if b.free(address) else None


def _row(b: _Builder, person: Person, address: str, when: float, others: list[str], kind: str) -> list[str]:
    """One member row: what its source collected, and Mailchimp's own columns."""
    rng = b.rng
    source = b.pick(SOURCES)
    if kind == "typo":  # the slip and its fix were typed into one form, minutes apart
        source = rng.choice(["popup", "form"])
    row = [""] * len(HEADER)
    row[EMAIL] = address
    given = person.given
    if kind != "first" and given in NICKNAMES and rng.random() < RATES["nickname"]:
        given = NICKNAMES[given]
    if source == "popup":
        if rng.random() < 0.55:
            row[FIRST] = _typed_name(given, rng)
    else:
        if rng.random() < RATES["whole_name_in_first"]:
            row[FIRST] = f"{given} {person.family}"
        else:
            row[FIRST] = _typed_name(given, rng)
            row[LAST] = _typed_name(person.family, rng)
    if source == "form" and rng.random() < 0.5:
        row[BIRTHDAY] = person.birthday
    if source in ("checkout", "event"):
        if source == "checkout" and rng.random() < 0.85:
            row[ADDRESS] = person.home.address
        if rng.random() < 0.7:
            number = person.home.landline if person.home.landline and rng.random() < 0.5 else person.mobile
            row[PHONE] = _phone_as_typed(number, person.country, rng)
    b.count[f"source {source}"] += 1
    _mailchimp_columns(b, row, person, when, others)
    return row


def _stamp(days: float) -> str:
    """Days since 2016-01-01 as Mailchimp writes a time (UTC, to the second)."""
    from datetime import datetime, timedelta
    return (datetime(2016, 1, 1) + timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S")


def _mailchimp_columns(b: _Builder, row: list[str], person: Person, when: float, others: list[str]) -> None:
    rng = b.rng
    country = person.country
    # a sign-up from home comes from the household's IP; from work or a phone, from another
    ip = person.home.ip if rng.random() < 0.5 else b.ip(country)
    _, _, lat, lon, region = _CITIES[country][person.home.city if ip == person.home.ip else
                                              rng.choice(list(_CITIES[country]))]
    row[RATING] = str(rng.choices([1, 2, 3, 4, 5], weights=[5, 50, 25, 12, 8])[0])
    row[OPTIN_TIME] = _stamp(when)
    row[OPTIN_IP] = ip
    row[CONFIRM_TIME] = _stamp(when + rng.uniform(0.0005, 0.05))
    row[CONFIRM_IP] = ip if rng.random() < 0.8 else b.ip(country)
    row[LAT], row[LON] = f"{lat:.4f}", f"{lon:.4f}"
    row[GMTOFF], row[DSTOFF] = _GMT[country]
    row[TIMEZONE], row[CC], row[REGION] = _TIMEZONES[country], country, region
    row[LAST_CHANGED] = _stamp(when + rng.uniform(0.05, 400))
    row[EUID] = "".join(rng.choice("0123456789abcdef") for _ in range(10))
    if rng.random() < 0.04:
        note = rng.choice(_NOTES[country])
        row[NOTES] = note.format(other=others[0]) if "{other}" in note and others else note.replace(" {other}", "")
    tags = sorted(rng.sample(_TAGS, rng.choice([0, 0, 1, 1, 2])))
    row[TAGS] = ",".join(f'"{tag}"' for tag in tags)


def shape(table: list[list[str]], truth: list[tuple[str, str]]) -> dict[str, object]:
    """What came out: rows, people, true pairs, and how full each column of evidence is."""
    people = Counter(entity for _, entity in truth)
    pairs = sum(n * (n - 1) // 2 for n in people.values())
    filled = {HEADER[c]: round(sum(1 for row in table if row[c]) / len(table), 3)
              for c in (FIRST, LAST, ADDRESS, PHONE, BIRTHDAY)}
    names = Counter((row[FIRST].lower(), row[LAST].lower()) for row in table if row[FIRST] and row[LAST])
    return {"rows": len(table), "people": len(people), "people with copies": sum(1 for n in people.values() if n > 1),
            "true pairs": pairs, "filled": filled,
            "rows whose whole name another row also has": sum(n for n in names.values() if n > 1)}


def _one_slip(a: str, b: str) -> bool:
    """Two mailboxes one keyboard slip apart: a letter dropped or two neighbours swapped (the typo copies)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = sorted((a, b), key=len)
    return any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))


def _names_agree(x: list[str], y: list[str]) -> bool:
    """Neither row names someone else: each name given on both rows is the same (or a short form)."""
    def given(row: list[str]) -> str:
        return row[FIRST].split(" ")[0].lower()
    gx, gy = given(x), given(y)
    short = {k.lower(): v.lower() for k, v in NICKNAMES.items()}
    if gx and gy and gx != gy and short.get(gx) != gy and short.get(gy) != gx:
        return False
    return not (x[LAST] and y[LAST] and x[LAST].lower() != y[LAST].lower())


def linkable(x: list[str], y: list[str]) -> bool:
    """Whether a careful human could tell from the two rows alone that they are one person: one mailbox as Gmail
    reads it, or one keyboard slip apart in the mailbox or in a webmail domain, with no other name on either
    row; or the whole name on both rows and a phone, address or birthday alike. A copy on another mailbox with
    only a name is not linkable: namesakes are common and each has a mailbox of their own."""
    if not _names_agree(x, y):
        return False
    ex, ey = x[EMAIL].lower(), y[EMAIL].lower()
    if _gmail_key(ex) == _gmail_key(ey):
        return True
    (lx, _, dx), (ly, _, dy) = ex.partition("@"), ey.partition("@")
    if (lx == ly and (_one_slip(dx, dy) or dx + "m" == dy or dy + "m" == dx)) or (dx == dy and _one_slip(lx, ly)):
        return True
    whole = all(row[FIRST] and (row[LAST] or " " in row[FIRST]) for row in (x, y))
    digits = [re.sub(r"\D", "", row[PHONE])[-8:] for row in (x, y)]
    alike = (digits[0] and digits[0] == digits[1]) or (x[ADDRESS] and x[ADDRESS] == y[ADDRESS]) or \
        (x[BIRTHDAY] and x[BIRTHDAY] == y[BIRTHDAY])
    return bool(whole and alike)


def findability(table: list[list[str]], truth: list[tuple[str, str]]) -> dict[str, float]:
    """The true pairs, and the share a careful human could link (``linkable``): the recall a perfect tool could
    reach on this register without guessing."""
    rows_of: dict[str, list[int]] = {}
    for n, (_, entity) in enumerate(truth):
        rows_of.setdefault(entity, []).append(n)
    pairs = [(a, b) for rows in rows_of.values() for k, a in enumerate(rows) for b in rows[k + 1:]]
    found = sum(1 for a, b in pairs if linkable(table[a], table[b]))
    return {"true_pairs": len(pairs), "linkable": found, "share": round(found / max(len(pairs), 1), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", default="audience.csv")
    args = parser.parse_args()
    table, truth, counts = build(args.rows, args.seed)
    write_register(args.out, HEADER, table, truth)
    for key, value in shape(table, truth).items():
        print(f"{key}: {value}")
    print("drawn:", ", ".join(f"{key} {n}" for key, n in sorted(counts.items())))
    print("findability:", findability(table, truth))


if __name__ == "__main__":
    main()
