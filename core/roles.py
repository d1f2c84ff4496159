"""Column roles: what each column of a register holds, from its header or, failing that, its values.

Headers are matched in English, Swedish, Norwegian, Danish and Finnish after folding case, accents and
punctuation (``E-post``, ``e_post`` and ``EPOST`` are one word). A header that names nothing known is
judged by a sample of its values: when most of them look like e-mails, phone numbers, national ids,
postal codes, country names, streets (a street word and a house number) or common Nordic given / family / full names
(the lists in ``core/data/``), the column gets that role. Overrides (by header name or 0-based index) win over both.
The vocabulary is fixed in docs/ARCHITECTURE.md; ``None`` means "unknown, keep as is".

>>> detect_roles(["Förnamn", "Efternamn", "E-post", "Mobil", "Anteckning"])
['given_name', 'family_name', 'email', 'phone', None]
>>> role_from_header("Sähköposti"), role_from_header("Postinumero"), role_from_header("Kundnummer")
('email', 'postal_code', None)
>>> detect_roles(["Kontakt"], [["anna@firma.se"], ["ola@example.no"]])
['email']
>>> detect_roles(["Namn", "Notes"], overrides={"Notes": "company", 0: None})
[None, 'company']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence

from core.data import lines
from core.errors import InputError
from core.fields.country import code_for
from core.i18n import N_
from core.models import ROLES

# Exact header words, folded by ``_fold`` (lower case, no accents, no spaces or punctuation).
_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "email": (
        "email", "e-mail", "mail", "email address", "e-mail address", "emailadress", "mailadress", "mejl",
        "e-post", "epost", "e-postadress", "epostadress", "e-postadresse", "epostadresse", "emailadresse",
        "sähköposti", "sähköpostiosoite", "s-posti", "spost",
    ),
    "phone": (
        "phone", "phone number", "telephone", "tel", "tel.", "mobile", "mobile phone", "cell", "cellphone",
        "telefon", "telefonnummer", "telefonnr", "tfn", "tlf", "tlf.", "tlfnr", "mobil", "mobilnummer",
        "mobiltelefon", "mobilnr", "puhelin", "puhelinnumero", "puh", "matkapuhelin", "gsm", "kännykkä",
    ),
    "full_name": (
        "name", "full name", "fullname", "contact name", "customer name", "contact person",
        "namn", "kundnamn", "kontaktperson", "fullständigt namn", "navn", "fullt navn", "kundenavn",
        "fulde navn", "fuldt navn", "nimi", "koko nimi", "asiakkaan nimi", "yhteyshenkilö",
    ),
    "given_name": (
        "first name", "firstname", "first", "given name", "givenname", "forename", "förnamn", "tilltalsnamn",
        "fornavn", "etunimi", "etunimet",
    ),
    "family_name": (
        "last name", "lastname", "last", "surname", "family name", "familyname", "efternamn", "etternavn",
        "efternavn", "sukunimi",
    ),
    "company": (
        "company", "company name", "organisation", "organization", "organisation name", "organization name",
        "business", "företag", "företagsnamn", "firma", "firmanamn", "bolag", "firmanavn", "bedrift",
        "bedriftsnavn", "selskap", "virksomhed", "virksomhedsnavn", "selskab", "yritys", "yrityksen nimi",
    ),
    "street": (
        "street", "street address", "address", "address 1", "address1", "address line 1", "addressline1",
        "adress", "gatuadress", "utdelningsadress", "postadress", "besöksadress", "gata",
        "adresse", "gateadresse", "gate", "vejnavn", "vej", "osoite", "katuosoite", "lähiosoite", "postiosoite",
    ),
    "postal_code": (
        "postcode", "post code", "postal code", "postalcode", "zip", "zip code", "zipcode", "postnummer",
        "postnr", "postnr.", "post nr", "postinumero", "postinro", "plz",
    ),
    "city": (
        "city", "town", "suburb", "locality", "ort", "postort", "stad", "ort/stad", "poststed", "sted", "by",
        "postdistrikt", "kaupunki", "postitoimipaikka", "paikkakunta",
    ),
    "country": ("country", "country code", "land", "landskod", "landekode", "maa", "valtio"),
    "personal_id": (
        "personal id", "national id", "national id number", "ssn", "personnummer", "personnr", "pnr",
        "person nr", "fødselsnummer", "fnr", "personnummer/fødselsnummer", "cpr", "cpr-nummer", "cpr nr",
        "cprnr", "henkilötunnus", "hetu", "sotu",
    ),
    "org_id": (
        "org id", "organisation number", "organization number", "company number", "company id",
        "business id", "orgnr", "org.nr", "org nr", "org.nr.", "orgnummer", "organisationsnummer",
        "organisasjonsnummer", "foretaksnummer", "cvr", "cvr-nummer", "cvr nr", "cvrnr", "y-tunnus",
        "ytunnus", "y tunnus", "yritystunnus", "virksomhedsnummer",
    ),
    "birth_date": (
        "date of birth", "dob", "birth date", "birthdate", "birthday", "born", "födelsedatum", "födelsedag",
        "född", "født", "fødselsdato", "fødselsdag", "syntymäaika", "syntymäpäivä", "syntynyt",
    ),
    "updated_at": (
        "updated", "updated at", "last updated", "modified", "last modified", "changed", "last changed",
        "uppdaterad", "senast uppdaterad", "ändrad", "senast ändrad", "oppdatert", "sist oppdatert",
        "endret", "sist endret", "opdateret", "sidst opdateret", "ændret", "sidst ændret", "päivitetty", "muokattu",
        "viimeksi muutettu", "viimeksi päivitetty",
    ),
}

# When no exact word matches: ordered (first match wins) parts of a folded header.
_HEADER_PARTS: tuple[tuple[str, str], ...] = (
    ("epost", "email"), ("email", "email"), ("sahkoposti", "email"), ("mailadress", "email"),
    ("personnummer", "personal_id"), ("fodselsnummer", "personal_id"), ("henkilotunnus", "personal_id"),
    ("organisationsnummer", "org_id"), ("organisasjonsnummer", "org_id"), ("orgnr", "org_id"),
    ("cvr", "org_id"), ("ytunnus", "org_id"),
    ("postnummer", "postal_code"), ("postnr", "postal_code"), ("postinumero", "postal_code"),
    ("postcode", "postal_code"), ("zip", "postal_code"), ("postalcode", "postal_code"),
    ("postort", "city"), ("poststed", "city"), ("postitoimipaikka", "city"),
    ("fornamn", "given_name"), ("fornavn", "given_name"), ("firstname", "given_name"),
    ("givenname", "given_name"), ("etunimi", "given_name"),
    ("efternamn", "family_name"), ("etternavn", "family_name"), ("efternavn", "family_name"),
    ("lastname", "family_name"), ("surname", "family_name"), ("familyname", "family_name"),
    ("sukunimi", "family_name"),
    ("telefon", "phone"), ("phone", "phone"), ("mobil", "phone"), ("puhelin", "phone"), ("tlf", "phone"),
    # exports such as "Address 1 - City" or "Business Country/Region": the specific word beats "address"
    ("city", "city"), ("country", "country"),
    # Shopify's "Default Address Company", WooCommerce's "Billing Company": the company, though it says "address"
    ("registrationnumber", "org_id"), ("company", "company"),
    ("gatuadress", "street"), ("gateadresse", "street"), ("street", "street"), ("address", "street"),
    ("adress", "street"), ("osoite", "street"),
    ("foretagsnamn", "company"), ("firmanavn", "company"), ("companyname", "company"),
    ("birth", "birth_date"), ("fodelse", "birth_date"), ("fodsel", "birth_date"), ("syntyma", "birth_date"),
    ("updated", "updated_at"), ("modified", "updated_at"), ("uppdaterad", "updated_at"),
)

# Headers that name something Rensa must not touch (ids, notes): no guessing from their values either.
_KEEP_WORDS = (
    "id", "nr", "no", "number", "customer id", "customer number", "kundnr", "kundnummer", "kund id", "kundid",
    "kundenummer", "kundenr", "asiakasnumero", "asiakasnro", "notes", "note", "comment", "comments",
    "anteckning", "anteckningar", "kommentar", "notat", "merknad", "bemærkning", "huomautus", "lisätiedot",
    # the firm's own person on the customer card (Fortnox's and Visma's "Vår referens"): a colleague's name repeated
    # over thousands of rows, not the customer's; "Er referens" / "your reference" is the customer's and stays a name
    "vår referens", "vår ref", "our reference", "our ref", "vår referanse", "vores reference", "meidän viite",
    "viitteemme", "handläggare", "saksbehandler", "sagsbehandler", "käsittelijä", "kundansvarig", "kundeansvarlig",
    "asiakasvastaava", "account manager", "account owner", "contact owner", "säljare", "selger", "sælger", "myyjä",
    "sales rep", "salesperson",
)

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss"})


def _fold(text: str) -> str:
    """Lower case, accents off, only letters and digits: 'E-post ' -> 'epost', 'Sähköposti' -> 'sahkoposti'."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


_EXACT: dict[str, str] = {_fold(word): role for role, words in _HEADER_WORDS.items() for word in words}

# What each role is called where a person reads it (reports, summaries, the sidebar); the codes stay English.
ROLE_NAMES: dict[str, str] = {
    "email": N_("e-mail address"), "phone": N_("phone number"), "full_name": N_("full name"),
    "given_name": N_("first name"), "family_name": N_("last name"), "company": N_("company"),
    "street": N_("street address"), "postal_code": N_("postal code"), "city": N_("city"),
    "country": N_("country"), "personal_id": N_("personal identity number"), "org_id": N_("organisation number"),
    "birth_date": N_("birth date"), "updated_at": N_("last updated"),
}

# Header words that only one or two of the languages use (folded), to tell a register's language from its
# header row: "Förnamn;E-post;Postnr" is Swedish. Words every language shares (telefon, mobil, land) are left out.
_LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    "sv": ("förnamn", "efternamn", "namn", "kundnamn", "e-post", "epost", "e-postadress", "mejl", "företag",
           "företagsnamn", "bolag", "gatuadress", "utdelningsadress", "postadress", "besöksadress", "gata",
           "postnr", "postnummer", "postort", "ort", "stad", "personnummer", "personnr", "organisationsnummer",
           "orgnr", "födelsedatum", "anteckning", "anteckningar", "kundnr", "kundnummer", "senast ändrad",
           "ändrad", "uppdaterad", "tfn", "landskod", "mobilnummer"),
    "nb": ("fornavn", "etternavn", "navn", "fullt navn", "kundenavn", "e-post", "epost", "e-postadresse",
           "firmanavn", "bedrift", "bedriftsnavn", "selskap", "adresse", "gateadresse", "gate", "postnr",
           "postnummer", "poststed", "sted", "fødselsnummer", "fnr", "organisasjonsnummer", "foretaksnummer",
           "fødselsdato", "merknad", "notat", "kundenummer", "kundenr", "sist endret", "endret", "oppdatert",
           "tlf", "mobilnummer", "landkode"),
    "da": ("fornavn", "efternavn", "navn", "fulde navn", "fuldt navn", "e-mail", "emailadresse", "e-mailadresse",
           "virksomhed", "virksomhedsnavn", "selskab", "adresse", "vejnavn", "vej", "by", "postnr",
           "postnummer", "postdistrikt", "cpr", "cpr-nummer", "cvr", "cvr-nummer", "virksomhedsnummer", "fødselsdato", "bemærkning",
           "kundenummer", "opdateret", "sidst opdateret", "ændret", "sidst ændret", "tlf", "landekode"),
    "fi": ("etunimi", "etunimet", "sukunimi", "nimi", "koko nimi", "sähköposti", "sähköpostiosoite", "puhelin",
           "puhelinnumero", "matkapuhelin", "yritys", "osoite", "katuosoite", "lähiosoite", "postinumero",
           "postitoimipaikka", "kaupunki", "paikkakunta", "maa", "henkilötunnus", "hetu", "y-tunnus",
           "syntymäaika", "lisätiedot", "huomautus", "asiakasnumero", "päivitetty", "muokattu", "viimeksi muutettu"),
    "en": ("first name", "last name", "name", "full name", "email", "e-mail", "email address", "phone",
           "phone number", "mobile", "company", "address", "street", "postcode", "postal code", "zip", "city",
           "town", "country", "date of birth", "notes", "note", "customer number", "updated", "last updated"),
}
_LANGUAGE_OF_WORD: dict[str, tuple[str, ...]] = {}
for _language, _words in _LANGUAGE_WORDS.items():
    for _word in _words:
        _LANGUAGE_OF_WORD[_fold(_word)] = (*_LANGUAGE_OF_WORD.get(_fold(_word), ()), _language)


def header_language(header: Sequence[str]) -> str | None:
    """The language a register's header row is written in (``sv``, ``nb``, ``da``, ``fi``, ``en``), or None.

    Each header word votes for the languages that use it (a shared word splits its vote); the language
    with the most votes wins when it has at least one whole vote and no tie.

    >>> header_language(["Förnamn", "E-post", "Postnr"]), header_language(["Fornavn", "Etternavn", "Poststed"])
    ('sv', 'nb')
    >>> header_language(["Fornavn", "Efternavn", "By"]), header_language(["Etunimi", "Sähköposti"])
    ('da', 'fi')
    >>> header_language(["Kolumn1", "Telefon"]) is None
    True
    """
    votes: dict[str, float] = {}
    for name in header:
        languages = _LANGUAGE_OF_WORD.get(_fold(name), ())
        for language in languages:
            votes[language] = votes.get(language, 0.0) + 1.0 / len(languages)
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda item: -item[1])
    if ranked[0][1] < 1.0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]
_KEEP: frozenset[str] = frozenset(_fold(word) for word in _KEEP_WORDS)
# Parts of headers that hold a flag or a code about the customer, not the customer's details: Shopify's "Accepts
# Email Marketing" (yes / no: the consent, not an address), "Tax Exempt" and "Default Address Province Code"
# (blank in the Nordics; not a street although it says "address"), Mailchimp's OPTIN_TIME, consent columns.
_KEEP_PARTS = ("marketing", "consent", "optin", "exempt", "province")


def _kept(folded: str) -> bool:
    """Whether a folded header names a column Rensa keeps as it is (no role from its header or its values)."""
    return folded in _KEEP or any(part in folded for part in _KEEP_PARTS)


def role_from_header(header: str) -> str | None:
    """The role a header names, or None."""
    folded = _fold(header)
    if not folded or _kept(folded):
        return None
    if folded in _EXACT:
        return _EXACT[folded]
    return next((role for part, role in _HEADER_PARTS if part in folded), None)


# Value shapes for columns whose header says nothing. Conservative on purpose: a wrong role rewrites
# a column, a missing one only leaves it as it was.
_VALUE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$")),
    # SE 10/12 digits with - or +, DK DDMMYY-SSSS, FI DDMMYY[+-A-FU-Y]ZZZQ
    ("personal_id", re.compile(
        r"^\s*(?:(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01]|[6-8]\d|9[01])[-+]\d{4}"
        r"|(?:[0-2]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[-+A-FU-Ya-fu-y]\d{3}[0-9A-Ya-y])\s*$")),
    ("org_id", re.compile(r"^\s*(?:\d{2}[2-9]\d{3}-\d{4}|\d{7}-\d)\s*$")),
    # a leading + or 0 and 7-13 more digits, with the usual separators
    ("phone", re.compile(r"^\s*(?:\+|00|0)\d[\d\s\-()./]{5,18}\d\s*$")),
    ("postal_code", re.compile(r"^\s*(?:(?:SE|S|FI|NO|N|DK)-?\s?)?(?:\d{3}\s\d{2}|\d{4,5})\s*$", re.I)),
)
_SAMPLE_SIZE = 200
_MIN_SHARE = 0.8

# Streets: a street word (Storgatan, Sveavägen, Parkveien, Nørregade, Hämeenkatu, Rantatie, "Thereses gate")
# and then a house number.
_STREET = re.compile(
    r"^\s*(?:c/o [^,]+,\s*)?[^\d,]*?(?:gatan|gata|gate|gaten|gade|vägen|väg|veien|vegen|vei|veg|vej|katu|tie|"
    r"kuja|polku|allé|alle|gränd|stræde|stien|stig|backe|torg|torget|plads|plass|plan|esplanadi|road|street)"
    r"\.?\s+\d+\s?[A-Za-z]?\b",
    re.IGNORECASE,
)
GIVEN_NAMES = frozenset(name.casefold() for name in lines("given_names.txt"))
FAMILY_NAMES = frozenset(name.casefold() for name in lines("family_names.txt"))
# Typical endings of Nordic family names (Andersson, Hansen, Korhonen, Lindström, Sandberg, Lindqvist, ...).
_FAMILY_ENDING = re.compile(
    r"(?:sson|sen|ssen|nen|ström|strom|berg|gren|qvist|kvist|lund|holm|dahl|blad|gård|gaard|stad|bäck|by)$"
)
_NAME = re.compile(r"[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){0,3}")
_NAME_SHARE = 0.6


def family_like(word: str) -> bool:
    """A family name from the list, or a word with a typical family-name ending."""
    return word in FAMILY_NAMES or _FAMILY_ENDING.search(word) is not None


def _name_role(sample: Sequence[str]) -> str | None:
    """given_name, family_name or full_name when most values are names from the lists (or family endings)."""
    words = [v.split() for v in (" ".join(v.split()) for v in sample) if _NAME.fullmatch(v)]
    if len(words) < _NAME_SHARE * len(sample) or len(sample) < 5:
        return None
    return _name_kind([[w.casefold() for w in value] for value in words], len(sample))


def _name_kind(names: list[list[str]], size: int) -> str | None:
    """Which kind of name ``_NAME_SHARE`` of a sample of ``size`` values are (``names``: those that look like
    names, in folded words): given + family is a full name; else one word each, given or family."""
    need = _NAME_SHARE * size
    if sum(len(value) >= 2 and value[0] in GIVEN_NAMES and family_like(value[-1]) for value in names) >= need:
        return "full_name"
    if sum(len(value) == 1 for value in names) < 0.5 * size:
        return None  # several words but not given + family: companies, cities with two words, notes
    given = sum(value[0] in GIVEN_NAMES for value in names)
    family = sum(family_like(value[-1]) for value in names)
    if given >= need and given > family:
        return "given_name"
    if family >= need and family > given:
        return "family_name"
    return None


def role_from_values(values: Sequence[str]) -> str | None:
    """The role most of the non-empty values look like, or None; looks at 200 values spread out.

    E-mails, ids, phones and postal codes by shape (80 %), streets by a street word and a house number
    (80 %), names when 60 % are common Nordic given or family names (``core/data/given_names.txt``,
    ``family_names.txt``, typical family-name endings) or both in that order (a full name).

    >>> role_from_values(["Anna", "Lars", "Ingrid", "Mikko", "Søren", "Åsa"])
    'given_name'
    >>> role_from_values(["Storgatan 1", "Sveavägen 12 B", "Parkveien 3", "Nørregade 7", "Hämeenkatu 4"])
    'street'
    """
    filled = [v for v in values if isinstance(v, str) and v.strip()]
    if not filled:
        return None
    step = max(1, len(filled) // _SAMPLE_SIZE)
    sample = filled[::step][:_SAMPLE_SIZE]
    for role, pattern in _VALUE_PATTERNS:
        if _mostly(sample, pattern.match):
            # Postal codes repeat; a column of distinct 4-5 digit numbers is a customer number or similar.
            if role == "postal_code" and len(sample) >= 10 and len(set(sample)) > 0.8 * len(sample):
                return None
            return role
    if _mostly(sample, _STREET.match):
        return "street"
    # Country names and codes (the country module's table); two-letter values alone could be anything.
    if _mostly(sample, lambda v: len(v.strip()) > 2 and code_for(v[:100])):
        return "country"
    return _name_role(sample)


def _mostly(sample: Sequence[str], matches: Callable[[str], object]) -> bool:
    """Whether at least ``_MIN_SHARE`` of the sample matches."""
    return sum(1 for v in sample if matches(v)) >= _MIN_SHARE * len(sample)


def _check_role(role: object, where: str) -> str | None:
    if role is None or role in ROLES:
        return role
    raise InputError(
        N_("Unknown role '{role}' for column {column}. Use one of: {roles}, or none."),
        code="input.unknown_role",
        field=where, role=str(role), column=where, roles=", ".join(ROLES),
    )


def detect_roles(
    header: Sequence[str],
    rows: Sequence[Sequence[str]] = (),
    overrides: Mapping[str | int, str | None] | None = None,
) -> list[str | None]:
    """One role per column: override, else header word, else value shape, else None."""
    overrides = dict(overrides or {})
    unknown = [key for key in overrides if not (key in header or (isinstance(key, int) and 0 <= key < len(header)))]
    if unknown:
        raise InputError(
            N_("There is no column {column} to set a role for. The columns are: {columns}."),
            code="input.unknown_column",
            field=str(unknown[0]), column=repr(unknown[0]), columns=", ".join(header),  # a name in quotes, an index bare
        )
    roles: list[str | None] = []
    for index, name in enumerate(header):
        if index in overrides:
            roles.append(_check_role(overrides[index], repr(name)))
        elif name in overrides:
            roles.append(_check_role(overrides[name], repr(name)))
        else:
            role = role_from_header(name)
            if role is None and not _kept(_fold(name)):
                role = role_from_values([r[index] for r in rows if index < len(r)])
            roles.append(role)
    return roles
