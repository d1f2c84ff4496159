"""The command line speaks the user's language: which one (--lang, else the locale, else the register's
headers, else English; no/nn -> nb), argparse's own words and help in it, and the report saying which."""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import re

import pytest

from cli import argparse_words
from cli.main import build_parser, choose_country, choose_language, main
from core.i18n import translator

SWEDISH = ["Förnamn", "E-post", "Postnr"]
NORWEGIAN = ["Fornavn", "Etternavn", "E-post", "Postnummer"]


@pytest.mark.parametrize(("option", "environ", "header", "expected"), [
    ("da", {"LANG": "fi_FI.UTF-8"}, SWEDISH, "da"),                 # --lang wins over everything
    (None, {"LANG": "fi_FI.UTF-8"}, SWEDISH, "fi"),                 # else the locale ...
    (None, {"LANGUAGE": "nn", "LANG": "sv_SE.UTF-8"}, SWEDISH, "nb"),  # ... in gettext's order; nn -> nb
    (None, {"LC_ALL": "no_NO.UTF-8"}, None, "nb"),                   # no -> nb
    (None, {"LANG": "C.UTF-8"}, SWEDISH, "sv"),                      # else the headers' language
    (None, {"LANG": "de_DE.UTF-8"}, NORWEGIAN, "nb"),
    (None, {}, ["Name", "Email", "Phone"], "en"),                    # else English
    (None, {}, None, "en"),
])
def test_the_language_is_chosen_in_order(option, environ, header, expected):
    assert choose_language(option, environ, header) == expected


DANISH = ["Fornavn", "Efternavn", "By", "Postnr."]


@pytest.mark.parametrize(("option", "environ", "header", "language", "expected"), [
    ("DK", {"LANG": "nb_NO.UTF-8"}, NORWEGIAN, "nb", "DK"),        # --country wins over everything
    (None, {"LANG": "C.UTF-8"}, NORWEGIAN, "nb", "NO"),            # else the headers' language: Fornavn, Etternavn
    (None, {"LANG": "sv_SE.UTF-8"}, NORWEGIAN, "sv", "NO"),        # a Swede cleaning a Norwegian register
    (None, {}, DANISH, "en", "DK"),
    (None, {"LANG": "sv_FI.UTF-8"}, SWEDISH, "sv", "FI"),          # Swedish headers in Finland: a Finnish register
    (None, {"LC_ALL": "fi_FI.UTF-8"}, SWEDISH, "fi", "FI"),
    (None, {"LANG": "nb_NO.UTF-8"}, ["Kolumn1", "Telefon"], "nb", "NO"),  # headers say nothing: the locale's country
    (None, {"LANG": "C"}, ["Kolumn1", "Telefon"], "da", "DK"),     # else the run's language
    (None, {"LANG": "de_DE.UTF-8"}, None, "en", "SE"),             # else Sweden, as before
    (None, {"LC_ALL": "en_US.UTF-8", "LANG": "nb_NO.UTF-8"}, None, "da", "DK"),  # LC_ALL is the locale: no country
])
def test_the_country_is_chosen_in_order(option, environ, header, language, expected):
    assert choose_country(option, environ, header, language) == expected


def test_a_norwegian_register_is_cleaned_with_norways_rules_without_country(tmp_path, capsys, monkeypatch):
    """Norwegian postal codes and mobiles are not "wrong for the country" because --country was left out."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_ADDRESS", "LC_TELEPHONE", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "medlemmer.csv"
    path.write_text("Fornavn;Etternavn;Mobil;Postnummer;Poststed\nKari;Nordmann;412 34 567;0150;Oslo\n"
                    "Ola;Hansen;98765432;5003;Bergen\n", encoding="utf-8")
    assert main(["clean", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Ingen problemer ble funnet." in out and "postnumre" not in out
    assert main(["clean", str(path), "--dry-run", "--country", "SE"]) == 0
    assert "2 × postnumre som ikke passer til landet" in capsys.readouterr().out


def _register(tmp_path, header):
    path = tmp_path / "kunder.csv"
    rows = [";".join(header), "Anna;anna@gmial.com;111 22" + ";x" * (len(header) - 3)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("argv", "environ", "header", "language", "words"), [
    (["--lang", "nn"], {"LANG": "sv_SE.UTF-8"}, SWEDISH, "nb", "Kvalitetspoeng"),
    ([], {"LANG": "da_DK.UTF-8"}, SWEDISH, "da", "Kvalitetsscore"),
    ([], {"LANG": "C"}, SWEDISH, "sv", "Kvalitetspoäng"),
    ([], {"LANG": "C"}, NORWEGIAN, "nb", "Kvalitetspoeng"),
    (["--lang=fi"], {}, SWEDISH, "fi", "Laatupisteet"),
    ([], {"LANG": "C"}, ["Name", "Email", "Zip"], "en", "Quality score"),
])
def test_a_clean_speaks_the_chosen_language_and_the_report_says_which(tmp_path, monkeypatch, capsys, argv, environ,
                                                                      header, language, words):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    source = _register(tmp_path, header)
    report, page = tmp_path / "r.json", tmp_path / "r.html"
    assert main(["clean", str(source), "--dry-run", "--report", str(report), "--report", str(page), *argv]) == 0
    assert words in capsys.readouterr().out
    assert json.loads(report.read_text(encoding="utf-8"))["language"] == language
    html = page.read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in html
    t = translator(language)
    said = t._("in English") if language == "en" else t._("language: {language}", language=t.locale.get_display_name())
    assert said in html  # "språk: svenska": the page names its language


@pytest.mark.parametrize("language", ["sv", "nb", "da", "fi"])
def test_help_and_argparse_words_are_in_the_language(capsys, language):
    t = translator(language)
    with pytest.raises(SystemExit) as stop:
        main(["clean", "--help", "--lang", language])
    assert stop.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())  # argparse wraps the lines at the terminal's width
    assert shown.startswith(t.gettext("usage: "))
    assert t.gettext("options") + ":" in shown
    assert t.gettext("show this help message and exit") in shown
    assert t._("test wash only: report the quality, write no register") in shown
    for english in ("usage:", "options:", "show this help", "test wash only", "where to write"):
        assert english not in shown


@pytest.mark.parametrize(("argv", "expected"), [
    (["clean", "--lang", "sv"], "rensa clean: fel: följande argument krävs: file"),
    (["clean", "x.csv", "--country", "Sverige", "--lang", "nb"],
     "rensa clean: feil: argumentet --country: «Sverige» er ingen landkode med to bokstaver, som SE, NO, DK eller FI"),
    (["clean", "x.csv", "--phone-format", "e.164", "--lang", "da"],
     "rensa clean: fejl: argumentet --phone-format: ugyldigt valg: 'e.164' (vælg blandt 'e164', 'national', "
     "'international')"),
    (["clean", "x.csv", "--lang", "fi", "--bogus"], "rensa: virhe: tuntemattomat argumentit: --bogus"),
    (["clean", "x.csv", "--header-row", "5000", "--lang", "sv"],  # the limit grouped the language's way
     "rensa clean: fel: argumentet --header-row: ”5000” är inget radnummer från 1 till 1\xa0000"),
    (["clean", "x.csv", "--lang", "klingon"], "rensa clean: error: argument --lang: 'klingon': use en, sv, nb (or no), "
                                              "da or fi"),
])
def test_command_line_errors_are_in_the_language(capsys, monkeypatch, argv, expected):
    monkeypatch.setenv("LANG", "C")
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == expected


def test_argparse_gets_its_own_words_back_after_the_parser_is_used():
    before = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    with argparse_words.speaking(translator("fi")):
        build_parser("fi")
        assert argparse._("usage: ") == "käyttö: "  # type: ignore[attr-defined]
    assert (argparse._, argparse.ngettext) == before  # type: ignore[attr-defined]
    assert argparse_words.current().language == "en"


_DEVELOPER_ONLY = {  # argparse's errors that only a bug in Rensa's parser can cause: for the developer, in English
    ".__call__() not defined", "conflicting subparser: %s", "conflicting subparser alias: %s",
    "cannot merge actions - two groups are named %r", "'required' is an invalid argument for positionals",
    "dest= is required for options like %r", "invalid conflict_resolution value: %r",
    "mutually exclusive arguments must be optional", "cannot have multiple subparser arguments", "%r is not callable",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r", "subcommands",
    "conflicting option string: %s", "conflicting option strings: %s", 'argument "-" with mode %r',
}


def _argparse_says() -> set[str]:
    """Every message argparse's source passes to ``_()`` or ``ngettext()`` (read from its syntax tree)."""
    said = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
            said |= {arg.value for arg in node.args[:2] if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}
    return said


def test_argparse_says_nothing_to_a_user_that_the_catalogue_lacks():
    said = _argparse_says()
    ours = set(argparse_words.MESSAGES) | {"expected %s argument", "expected %s arguments"}
    assert ours - said == set(), "argparse no longer says these: update cli/argparse_words.py"
    assert said - ours - _DEVELOPER_ONLY == set(), \
        "argparse says these to users: add them to cli/argparse_words.py and translate them"


@pytest.mark.parametrize("language", ["sv", "nb", "da", "fi"])
def test_argparse_translations_keep_its_placeholders(language):
    t = translator(language)
    fields = re.compile(r"%(?:\([a-z_]+\))?[sr]")
    for message in argparse_words.MESSAGES:
        assert sorted(fields.findall(t.gettext(message))) == sorted(fields.findall(message)), message
    for n in (1, 2):
        assert t.ngettext("expected %s argument", "expected %s arguments", n).count("%s") == 1
