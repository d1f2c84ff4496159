"""One word per thing: the glossary (docs/i18n/glossary.md) holds in every catalogue.

The glossary's table gives, per term and language, the word and the stems a translation must contain; this
test holds the English pattern of each term. For every msgid that uses a term (placeholders taken out), every
translated form must contain one of the language's stems, so `registret`, `e-postadressen` and
`dubblettgrupper` pass and `kalkylark` where the glossary says `kalkylblad` fails. A sentence that rightly
uses another word is in ``ALLOWED`` with its reason; an entry there that no longer matches anything fails too,
so the list only holds what is still needed. The quotation marks and plural headers of each language are
checked here as well: they are the other rules of the glossary page.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core.i18n import DOMAINS, LANGUAGES, LOCALE_DIR

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
GLOSSARY = Path(__file__).resolve().parents[3] / "docs" / "i18n" / "glossary.md"

# How each glossary term shows in an English msgid (matched case-blind, with {placeholders} taken out).
ENGLISH: dict[str, str] = {
    "e-mail address": r"\be-mail address",
    "phone number": r"\bphone numbers?\b",
    "postal code": r"\bpostal codes?\b",
    "personal identity number": r"\bpersonal (identity number|id)s?\b",
    "organisation number": r"\b(organisation|org) numbers?\b",
    "company": r"(?<![-@\w])compan(y|ies)\b(?!\.\w)",  # not --company-lookup, not name@company.se
    "household": r"\bhouseholds?\b",
    "check by hand": r"\bby hand\b",
    "deceased": r"\bdeceased\b",
    "protected identity": r"\bprotected identit",
    "duplicate": r"\bduplicates?\b",
    "test wash (dry run)": r"\btest wash|(?<!-)\bdry runs?\b",  # not the option --dry-run
    "clean (the register)": r"(?<![-\w])(clean|cleans|cleaned|cleaning)\b",
    "register (customer list)": r"\bregisters?\b",
    "row": r"(?<!in a )\brows?\b",  # not "two periods in a row"
    "column": r"\bcolumns?\b",
    "cell": r"\bcells?\b",
    "spreadsheet": r"\bspreadsheets?\b",
    "check digit": r"\bcheck digit",
    "quality score": r"\bquality score",
    "domain (of an e-mail)": r"\bdomains?\b",
    "throwaway address": r"\bthrowaway\b",
    "shared (role) address": r"\b(shared|role) address",
    "status column": r"\bstatus column",
    "credits": r"\bcredits?\b",
    "suppression list": r"\bsuppression lists?\b",
    "opt-out list (the customer's own)": r"\bopt-out list",
    "upkeep (continuous)": r"\bupkeep\b",
    "backup (the hidden tab a clean makes)": r"\bbackups?\b",
    "sidebar (of the add-on)": r"\bsidebar\b",
    "tab (of a spreadsheet)": r"\btabs?\b(?!-)",  # not tab-separated
    "undo": r"\bundo\b",
    "bounce (a returned newsletter)": r"\bbounc",
    "newsletter tool": r"\bnewsletter tools?\b",
    "webhook": r"\bwebhooks?\b",
    "Editor (sharing role in Google)": r"\beditor\b",
    "consent column": r"\bconsent columns?\b",
    "charge (credits)": r"\bcharg(e|ed|es|ing)\b",
}

_LONG_UPKEEP = ("Each run cleans the rows that are new or edited since the last run, checks every e-mail domain again, "
                "finds new duplicates against the whole register, updates the status column and keeps the quality "
                "history. It charges only the new and edited rows, plus rows whose re-check found something; a cell "
                "edited by a person is cleaned and named in the row's status.")

# (language, term, msgid) -> why this sentence rightly uses another word. Keep it short: a word that is simply
# wrong is fixed in the catalogue, not listed here.
ALLOWED: dict[tuple[str, str, str], str] = {
    # A country's own identifier or register keeps its own name in the other languages.
    ("nb", "personal identity number", "a Swedish personal identity number (personnummer)"):
        "a Swedish number is a personnummer in Norwegian too",
    ("da", "personal identity number", "a Swedish personal identity number (personnummer)"):
        "a Swedish number is a personnummer in Danish too",
    ("da", "organisation number", "a Swedish organisation number"): "a Swedish number is an organisationsnummer",
    ("da", "organisation number", "a Norwegian organisation number"): "a Norwegian number is an organisasjonsnummer",
    ("fi", "organisation number", "a Swedish organisation number"): "Y-tunnus is Finnish only: Ruotsin organisaationumero",
    ("fi", "organisation number", "a Norwegian organisation number"): "Y-tunnus is Finnish only: Norjan organisaationumero",
    ("sv", "company", "Sweden's company register (Bolagsverket) has no free look-up without an agreement: {n} row not checked."):
        "the Swedish register is named by its own name, Bolagsverket",
    ("sv", "register (customer list)", "Sweden's company register (Bolagsverket) has no free look-up without an agreement: {n} row not checked."):
        "the Swedish register is named by its own name, Bolagsverket",
    ("da", "company", "Denmark's company register (CVR) gives look-ups only to those who have signed up for access: {n} row not checked."):
        "the Danish register is named by its own name, CVR",
    ("da", "register (customer list)", "Denmark's company register (CVR) gives look-ups only to those who have signed up for access: {n} row not checked."):
        "the Danish register is named by its own name, CVR",
    ("nb", "company", "org numbers the company register does not know"):
        "the Norwegian register is named by its own name, Enhetsregisteret",
    # "clean" as an adjective (a clean sheet) is ren/rein/puhdas, not the verb.
    **{(lang, "clean (the register)", msgid): "clean is an adjective here: the sheet is kept clean"
       for lang in TRANSLATED
       for msgid in ("Keep this sheet clean", "Upkeep is on: Rensa keeps this sheet clean by itself.")},
    # "duplicate rows" is one word: dubbletter, duplikater, dubletter, kaksoiskappaleet.
    **{(lang, "row", "do not look for duplicate rows"): "duplicate rows is one word, the language's duplicate"
       for lang in TRANSLATED},
    # The CSV's tab character, not a spreadsheet's tab.
    **{(lang, "tab (of a spreadsheet)", "the register: .csv (UTF-8, UTF-16 or Windows-1252; , ; or tab) or .xlsx"):
       "the tab character that separates a CSV's cells" for lang in TRANSLATED},
    # A throwaway address is one compound in every language; the e-mail is said by its own word.
    ("sv", "e-mail address", "throwaway e-mail addresses"): "engångsadresser för e-post: the compound holds 'address'",
    ("nb", "e-mail address", "throwaway e-mail addresses"): "engangsadresser for e-post: the compound holds 'address'",
    ("da", "e-mail address", "throwaway e-mail addresses"): "engangsadresser til e-mail: the compound holds 'address'",
    # Rows are not charged like an account is: Norwegian says the product "tar betalt for" them.
    ("nb", "charge (credits)", _LONG_UPKEEP): "rows are not charged like an account: 'tar betalt for'",
}

# Words a catalogue must not use: the other half of "one word per thing" (each was found and replaced in a
# review, so this keeps it from coming back), and the plural/formal "you" (the user is du / sinä everywhere).
BANNED: dict[str, list[tuple[str, str]]] = {
    "sv": [
        (r"(?<!Google )[Kk]alkylark", "a spreadsheet is a kalkylblad (Google Kalkylark is the product's name)"),
        (r"\b(ni|Ni|er|Er|era|Era|ert|Ert)\b", "the user is du: din/ditt/dina, never ni/er"),
        (r"\bför hand\b", "check by hand is kontrollera manuellt"),
        (r"\b[Tt]ryck på\b", "a button in the sidebar is clicked: klicka på"),
        (r"\banslutet register", "a connected register is ett kopplat register"),
    ],
    "nb": [
        (r"\b[Dd]ublett", "a duplicate is a duplikat in Norwegian (dublett is Swedish/Danish)"),
        (r"\b[Bb]edrift|\b[Ff]irma(?![.\w])", "a company is a foretak"),
        (r"\b[Rr]edaktør", "Google's Editor role is redigerer"),
        (r"\b(dere|Dere)\b", "the user is du"),
        (r"\b[Tt]rykk( så)? på\b", "a button in the sidebar is clicked: klikk på"),
        (r"\b(ikkje|eg|kva|berre|noko|korleis)\b", "nynorsk in a Bokmål catalogue"),
    ],
    "da": [
        (r"\b(jeres|Jeres)\b", "the user is du: din/dit/dine, never jeres"),
        (r"\bladt\b", "Norwegian participle (blev ladt urørt): Danish says ikke rørt / ikke ændret"),
        (r"\bi hånden\b", "check by hand is kontrollér manuelt ('i hånden' is a calque)"),
        (r"\b[Rr]eturmail|\b[Rr]eturnering", "a bounce is an afvist mail"),
        (r"\b[Rr]ens(et|er|es|ning)\b", "the register is vasket (the glossary's vaske), not renset"),
        (r"\b[Vv]edligehold", "upkeep is løbende opdatering"),
        (r"\bregisteret\b", "the definite form is spelled registret"),
        (r"\b[Ff]irma(er|et|erne)?(?![.\w])", "a company is a virksomhed (firma.dk in an example address stays)"),
    ],
    "fi": [
        (r"\b[Tt]eidän\b", "the user is sinä, never te"),
        (r"\b[Ss]ivupalk", "the add-on's sidebar is sivupaneeli"),
        (r"\b[Tt]alous\b", "a household is a kotitalous"),
        (r"\bmaksullinen pesu", "a paid clean is a puhdistus (pesu is only the test wash, koepesu)"),
    ],
}

QUOTES = {"sv": ("”", "”"), "fi": ("”", "”"), "nb": ("«", "»"), "da": ("»", "«")}
# Marks that belong to another language (or to English) and must not be in a catalogue.
FOREIGN_MARKS = {"sv": "«“„", "fi": "«“„", "nb": "”“„", "da": "”“„"}


def _glossary() -> dict[str, dict[str, list[str]]]:
    """The glossary table: English term -> language -> stems (from the brackets)."""
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    head = lines.index("| English | sv | nb | da | fi |")
    table = {}
    for line in lines[head + 2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        stems = {}
        for lang, cell in zip(("sv", "nb", "da", "fi"), cells[1:]):
            found = re.search(r"\[([^\]]+)\]", cell)
            stems[lang] = [stem.strip().lower() for stem in found.group(1).split(",")] if found else []
        table[cells[0]] = stems
    return table


@functools.cache
def _entries(language: str) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(domain, msgid forms, msgstr forms) of every entry of a language's catalogues."""
    entries = []
    for domain in DOMAINS:
        with (LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id:
                    ids = message.id if isinstance(message.id, tuple) else (message.id,)
                    strings = message.string if isinstance(message.string, tuple) else (message.string,)
                    entries.append((domain, ids, strings))
    return tuple(entries)


def _uses(pattern: str, msgid: str) -> bool:
    return re.search(pattern, re.sub(r"\{[^{}]*\}", "", msgid), re.IGNORECASE) is not None


def _misses(language: str) -> tuple[list[tuple[str, str, str, str]], set[tuple[str, str, str]]]:
    """Translations that use another word than the glossary's, and the allowlist entries that were used."""
    glossary, misses, used = _glossary(), [], set()
    for domain, ids, strings in _entries(language):
        for term, pattern in ENGLISH.items():
            stems = glossary[term][language]
            for form, msgstr in enumerate(strings):
                msgid = ids[min(form, len(ids) - 1)]
                if not _uses(pattern, msgid) or any(stem in msgstr.lower() for stem in stems):
                    continue
                key = (language, term, ids[0])
                if key in ALLOWED:
                    used.add(key)
                else:
                    misses.append((term, domain, msgid, msgstr))
    return misses, used


def test_the_glossary_table_and_the_english_patterns_agree():
    table = _glossary()
    assert sorted(table) == sorted(ENGLISH), "every glossary row needs an English pattern here, and no other"
    assert [term for term, stems in table.items() if not all(stems.values())] == [], \
        "every term needs its [stems] in every language"


def test_every_term_is_used_by_some_message():
    """A pattern that matches nothing checks nothing: the term or its pattern is out of date."""
    msgids = [msgid for _, ids, _ in _entries("sv") for msgid in ids]
    assert [term for term, pattern in ENGLISH.items() if not any(_uses(pattern, m) for m in msgids)] == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_uses_the_glossarys_word(language):
    misses, _ = _misses(language)
    assert misses == [], "\n".join(f"{term}: {domain}: {msgid!r} -> {msgstr!r}" for term, domain, msgid, msgstr in misses)


def test_every_allowed_exception_is_still_needed():
    used = set()
    for language in TRANSLATED:
        used |= _misses(language)[1]
    assert sorted(set(ALLOWED) - used) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_word_the_glossary_replaced(language):
    found = [(why, domain, msgstr) for domain, _, strings in _entries(language) for msgstr in strings
             for pattern, why in BANNED[language] if re.search(pattern, msgstr)]
    assert found == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_quotation_marks_are_the_languages(language):
    """A quoted value is quoted the language's way (sv ”…”, nb «…», da »…«), and no other language's marks appear."""
    opening, closing = QUOTES[language]
    wrong = []
    for domain, ids, strings in _entries(language):
        for form, msgstr in enumerate(strings):
            msgid = ids[min(form, len(ids) - 1)]
            if any(mark in msgstr for mark in FOREIGN_MARKS[language]):
                wrong.append((domain, msgstr))
                continue
            for name in re.findall(r"""['"“]\{(\w+)\}['"”]""", msgid):
                if f"{opening}{{{name}}}{closing}" not in msgstr:
                    wrong.append((domain, msgstr))
    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_forms_are_one_and_other(language):
    """Two forms in all four languages (1 rad / 2 rader, 1 rivi / 2 riviä), and every plural entry has both."""
    for domain in DOMAINS:
        with (LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
            catalog = read_po(handle, locale=language)
        assert catalog.plural_forms == "nplurals=2; plural=(n != 1);", domain
        for message in catalog:
            if message.id and isinstance(message.id, tuple):
                assert len(message.string) == 2 and all(message.string), (domain, message.id)
