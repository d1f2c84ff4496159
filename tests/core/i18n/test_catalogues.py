"""No English leak: every message the product can say, in every language, complete and filled.

The catalogues are checked as a whole (scripts/i18n.py check: current with the code, every entry translated,
no fuzzy entry, placeholders kept); then every message of every domain is rendered with representative
values in every language, and a messy register is cleaned in every language.
"""

from __future__ import annotations

import csv
import datetime
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core import CleanConfig, clean
from core.i18n import DOMAINS, LANGUAGES, LOCALE_DIR, placeholders, translator
from scripts import i18n as tool

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "kunder.csv"

# A representative value for every placeholder name a message uses. A new name fails the test below
# until it is added here, so every message is rendered with real-looking values.
SAMPLES: dict[str, object] = {
    "details": "/tmp/rensa-crash-x1.txt", "done": 400, "encoding": "cp1252", "file": "kunder.csv",
    "message": "the file does not exist.", "part": 2, "parts": 5, "sheet": "Kunder", "version": "0.1.0",
    "format": "CSV, UTF-8", "kept": "Kundnr, Anteckning", "language": "svenska", "shown": 5,
    "n": 3, "count": 1234, "rows": [13, 20], "row": 12, "other_row": 14, "other_rows": [14, 15], "had": 3, "width": 7, "size": 5, "groups": 2,
    "fixed": 221, "total": 15021, "score": 94.4, "before": 81.5, "after": 94.4,
    "text": "31113", "date": "1985-03-07", "year": "1985", "character": "#", "domain": "gmail.com",
    "columns": ["E-post", "Telefon"], "changes": ["14 new rows", "2 rows cleaned"],  # upkeep (issue 15)
    "local_part": "info", "addresses": ["a@x.se", "b@y.se"], "numbers": ["+46701234567", "+4687021000"],
    "number": "+46701234567", "postal_code": "111 22", "example": "111 22", "country": "NO", "countries": ["NO", "DK"],
    "id_label": "a Danish CPR number", "error": "TypeError", "column": "E-post", "error_id": "3f9a1c0b2d4e",
    "limit": 10_000_000, "field": "options.country", "what_label": "register", "detail": "Expecting value",
    "choices": ["email", "phone", "full_name"],
    # suppression (issue 17)
    "until_date": "2027-01-15", "expired_date": "2026-11-01", "given_date": "2026-06-01", "next_date": "2026-04-07",
    "list_label": "your opt-out list for calls", "holiday_label": "Easter Monday", "time": "14:05",
    "phone_count": 1, "phone_total": 4, "post_count": 3, "post_total": 4, "email_count": 3, "email_total": 5,
    # companies (issue 16)
    "name": "FJORD FISK AS", "registry": "Enhetsregisteret",
    "evidence": "same e-mail, similar name: 97 %", "cells": "B7, D7", "note": "Rensa: Check this.",
    # what holds a possible duplicate back (issue 9, i9w)
    "reasons": "same given name, same address", "against": ["each has its own phone", "different birth date"],
    "suggestion": "anna@gmail.com", "why_label": "the recipient unsubscribed", "provider": "sendgrid",
    "sent": 5000, "read": 20000, "rows_count": 280, "path": "kunder.cleaned.csv",
    # API errors, usage words and the price (i14b)
    "amount": "149,00 kr", "credits": 1200, "free": 500, "currency": "SEK", "email": "kollega@firma.se",
    "endpoint": "check", "keys": "signing_key", "label": "Kunder", "month": "december 2026", "pack": "999",
    "packs": "1000, 10000", "paid": "gratis", "per_month": 1000, "reserved": 5000, "when": "1 dec.", "scope": "clean",
    "seconds": 20.0, "secret_label": "Mailgun's HTTP webhook signing key", "where_label": "under Sending → Webhooks",
    "kind": "nix", "value": "Kontakt", "role": "telefon", "roles": "email, phone, full_name",
    # the CLI: files, options, help, dedupe
    "byte": "9D", "line": 41, "sheet_row": 14, "sheets": "'Kunder', 'Blad2'", "suffix": ".ods",
    "title": "Kundlista 2026", "header_row": "2", "workbook": "kunder.xlsx", "delete": "Ta bort",
    "fields": "status, industry", "kinds": "nix, deceased", "option": "nix=svar.txt@2026-13-01",
    "dupes": 12, "sure": 9, "review": 3, "backup": "kunder.rensa-backup-20261202-0010.csv",
    "merged": "kunder.merged-away.csv", "share": "20 %", "weights": "20 % för ifyllda celler",
    "columns_share": "85 %", "duplicates_share": "15 %",
    "stamp": "2026-12-02 00.10.00",
    # the add-on (issue 14): values as the sidebar passes them (formatted there by Language.gs)
    "account": "rensa@rensa-prod.iam.gserviceaccount.com", "cost": "4,00 EUR", "known": 6, "lastRow": 481,
    "last_row": 1201, "list": "nix-2026-11.csv", "needed": 120000, "problem": "timeout", "released": 120,
    "room": 40000, "scores": "81, 88, 94", "skipped": 40, "status": "502", "step": "Klicka på Fortsätt.",
    "tab": "Kunder", "team": "Fjord AB", "tool": "Mailchimp",
    # stored notes of the bounce flush and the unnamed team (i14c): a nested note, the soft-bounce rule's numbers
    "reason": "a sign of life (delivered, opened or clicked)", "days": 9, "threshold": 5, "min_days": 7,
    "owner": "anna@fjord.no",
}


def _messages(domain: str):
    with (tool.TEMPLATES / f"{domain}.pot").open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


ALL = [(domain, m.id) for domain in DOMAINS for m in _messages(domain)]


def _has_words(msgid: str) -> bool:
    """Whether a message has words of its own (``{field}: {detail}.`` has none: nothing to translate)."""
    return bool(re.search(r"[^\W\d_]", re.sub(r"\{[^{}]*\}", "", msgid)))


def test_catalogues_are_complete_and_current():
    assert tool.check() == []


def test_every_placeholder_has_a_sample():
    names = set()
    for _, msgid in ALL:
        for text in (msgid if isinstance(msgid, tuple) else (msgid,)):
            names |= placeholders(text)
    assert names - set(SAMPLES) == set(), "add a representative value for these placeholders to SAMPLES"


def _same_words(language: str) -> set[str]:
    """Messages a translator deliberately wrote the same as the English (``register`` in Swedish)."""
    same = set()
    for path in (LOCALE_DIR / language / "LC_MESSAGES").glob("*.po"):
        with path.open("rb") as handle:
            same |= {m.id for m in read_po(handle) if m.id and isinstance(m.id, str) and m.string == m.id}
    return same


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_renders_translated_and_filled(language):
    t, en = translator(language), translator("en")
    deliberate = _same_words(language)
    leaks = []
    for domain, msgid in ALL:
        if isinstance(msgid, tuple):
            for n in (1, 2, 5):
                params = {k: SAMPLES[k] for k in placeholders(msgid[1]) | placeholders(msgid[0]) if k != "n"}
                shown, english = t.n_(msgid[0], msgid[1], n, **params), en.n_(msgid[0], msgid[1], n, **params)
                if shown == english or re.search(r"[{}]", shown):
                    leaks.append((domain, msgid[0], shown))
            continue
        params = {k: SAMPLES[k] for k in placeholders(msgid)}
        shown, english = t._(msgid, **params), en._(msgid, **params)
        if (shown == english and _has_words(msgid) and msgid not in deliberate) or re.search(r"[{}]", shown):
            leaks.append((domain, msgid, shown))
    assert leaks == []


def _messy_register():
    with EXAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        lines = [row for row in csv.reader(handle, delimiter=";") if row]
    extra = [
        ["9001", "An#na", "Berg", "", "anna@gmial.com", "46701234567", "Storgatan 1 111 22 Stockholm", "1234",
         "12345", "Narnia", "19991231-0000", "", "31113", "=SUM(A1)"],
        ["9002", "Ola", "Nordmann", "", "info@firma.no", "070-123 45 67 växel", "", "0150", "Oslo", "Norge",
         "01010112345", "", "13/25/2020", ""],
        ["9003", "", "", "", "kalle@@x.se", "1.23E+10", "", "SE-111 22", "", "Danmark", "", "123", "2099-01-01", ""],
    ]
    return lines[0], lines[1:] + extra


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_messy_register_cleans_in_the_language(language):
    header, rows = _messy_register()
    english = clean((header, rows), CleanConfig(today=datetime.date(2026, 12, 1)))
    result = clean((header, rows), CleanConfig(today=datetime.date(2026, 12, 1), language=language))
    assert [i.code for i in result.issues] == [i.code for i in english.issues]  # codes are the API
    assert [i.params for i in result.issues] == [i.params for i in english.issues]
    field_issues = [(i, e) for i, e in zip(result.issues, english.issues) if not i.code.startswith("row.")]
    assert len({i.code for i, _ in field_issues}) >= 12
    untranslated = [(i.code, i.message) for i, e in field_issues if i.message == e.message or "{" in i.message]
    assert untranslated == []


def test_placeholder_values_follow_the_locale():
    sv, da, fi, en = (translator(lang) for lang in ("sv", "da", "fi", "en"))
    assert sv.values({"n": 1234, "row": 1234, "country": "NO", "countries": ["NO", "DK"]}) == {
        "n": "1\xa0234", "row": "1234", "country": "Norge", "countries": "Norge eller Danmark"}
    assert da.number(1234) == "1.234" and fi.number(1234) == "1\xa0234" and en.number(1234) == "1,234"
    assert sv.percent(94.44) == "94,4\xa0%" and en.percent(94.44) == "94.4%" and fi.percent(100) == "100\xa0%"
    assert fi.value("date", "2024-03-05") == "5.3.2024" and en.value("date", "2024-03-05") == "2024-03-05"
    # A clock time ("HH:MM" from the code) the locale's way, as the sentence around it writes its own hours.
    assert [t.value("time", "04:01") for t in (da, fi, sv, en)] == ["04.01", "4.01", "04:01", "04:01"]
    assert sv.join(["13", "14", "20"]) == "13, 14 och 20" and fi.join(["13", "20"]) == "13 ja 20"


@pytest.mark.parametrize(("n", "sv", "fi"), [(1, "1 rad", "1 rivi"), (2, "2 rader", "2 riviä"),
                                              (1234, "1\xa0234 rader", "1\xa0234 riviä")])
def test_plural_forms_follow_the_language(n, sv, fi):
    # The plural rule comes from the catalogue header (Babel's CLDR data): one form for 1, another for the rest.
    assert [translator(lang).locale.plural_form(n) for lang in ("sv", "fi")] == ["one" if n == 1 else "other"] * 2
    with (LOCALE_DIR / "sv" / "LC_MESSAGES" / "fields.po").open("rb") as handle:
        assert read_po(handle).num_plurals == 2
    assert f"{translator('sv').number(n)} {'rad' if n == 1 else 'rader'}" == sv
    assert f"{translator('fi').number(n)} {'rivi' if n == 1 else 'riviä'}" == fi


@pytest.mark.parametrize(("given", "expected"), [
    ("sv", "sv"), ("sv_SE.UTF-8", "sv"), ("nb-NO", "nb"), ("no", "nb"), ("nn_NO", "nb"), ("da_DK", "da"),
    ("fi-FI", "fi"), ("en_GB", "en"), ("de_DE", None), ("C", None), ("POSIX", None), ("", None), (None, None),
])
def test_language_of_tags(given, expected):
    from core.i18n import language_of
    assert language_of(given) == expected


@pytest.mark.parametrize(("header", "expected"), [
    ("nb-NO,nb;q=0.9,en;q=0.8", "nb"), ("de;q=1, fi;q=0.5", "fi"), ("en;q=0.2, da;q=0.9", "da"),
    ("sv;q=0, en", "en"), ("*", "en"), ("", "en"), ("xx;q=abc, no", "nb"),
])
def test_accept_language(header, expected):
    from core.i18n import negotiate
    assert negotiate(header) == expected


def test_a_fresh_clone_without_compiled_catalogues_still_speaks(tmp_path, monkeypatch):
    # .mo files are built by `make setup`, not committed: without them the .po files are read directly.
    import shutil

    from core import i18n

    copy = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, copy, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(i18n, "LOCALE_DIR", copy)
    fresh = i18n.Translator("sv")
    assert fresh._("The cell is empty.") == "Cellen är tom."
    assert not list(copy.glob("*/LC_MESSAGES/*.mo"))


def test_catalogue_files_have_no_line_numbers_or_dates_that_would_collide():
    for path in LOCALE_DIR.glob("**/*.po*"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^#: .*:\d+", text, re.M), path
        assert "POT-Creation-Date: 2026-01-01 00:00+0000" in text, path
