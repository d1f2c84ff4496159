"""Country names in the Nordic languages and English to ISO codes."""

import pytest

from core.fields import country


@pytest.mark.parametrize("raw,expected", [
    ("Sverige", "SE"), ("SVERIGE", "SE"), (" sverige ", "SE"), ("Sweden", "SE"), ("Ruotsi", "SE"), ("SE", "SE"),
    ("se", "SE"), ("SWE", "SE"), ("Svíþjóð", "SE"),
    ("Norge", "NO"), ("Noreg", "NO"), ("Norway", "NO"), ("Norja", "NO"), ("NOR", "NO"),
    ("Danmark", "DK"), ("Denmark", "DK"), ("Tanska", "DK"), ("DK", "DK"),
    ("Suomi", "FI"), ("Finland", "FI"), ("Finnland", "FI"),
    ("Island", "IS"), ("Ísland", "IS"), ("Iceland", "IS"), ("Islanti", "IS"),
    ("Åland", "AX"), ("Aland", "AX"), ("Färöarna", "FO"), ("Grönland", "GL"), ("Grønland", "GL"),
    ("Tyskland", "DE"), ("Saksa", "DE"), ("Deutschland", "DE"),
    ("Storbritannien", "GB"), ("Storbritannia", "GB"), ("Iso-Britannia", "GB"), ("UK", "GB"), ("U.K.", "GB"),
    ("England", "GB"), ("Förenta staterna", "US"), ("USA", "US"), ("U.S.A.", "US"),
    ("Nederländerna", "NL"), ("Holland", "NL"), ("Alankomaat", "NL"),
    ("Frankrike", "FR"), ("Spanien", "ES"), ("Polen", "PL"), ("Estland", "EE"), ("Viro", "EE"),
    ("Schweiz", "CH"), ("Sveits", "CH"), ("Østrig", "AT"), ("Österrike", "AT"),
])
def test_names(raw, expected):
    report = country.check(raw)
    assert (report.value, report.valid, report.issues) == (expected, True, [])


@pytest.mark.parametrize("raw,code,message", [
    ("Narnia", "country.unknown",
     'Rensa does not recognise "Narnia" as a country: use a country name or a code such as SE.'),
    ("XX", "country.unknown", 'Rensa does not recognise "XX" as a country: use a country name or a code such as SE.'),
    ("", "country.empty", "The cell is empty."),
])
def test_unknown(raw, code, message):
    report = country.check(raw)
    assert report.valid is False
    assert [(i.code, i.message) for i in report.issues] == [(code, message)]


def test_normalize_keeps_unknown_text():
    assert (country.normalize(" Norge"), country.normalize("Narnia")) == ("NO", "Narnia")


@pytest.mark.parametrize("raw,code", [
    ("S", "SE"), ("N", "NO"), ("SF", "FI"),  # the old postal and car letters
    ("Sverige (SE)", "SE"), ("Norge (NO)", "NO"), ("Suomi (FIN)", "FI"),
])
def test_letters_and_name_with_code(raw, code):
    assert country.validate(raw) == code


@pytest.mark.parametrize("raw", ["Sverige (NO)", "Narnia (SE)"])
def test_name_and_code_that_disagree_are_unknown(raw):
    assert country.check(raw).issues[0].code == "country.unknown"


@pytest.mark.parametrize("code,name", [
    ("SE", "Sweden"), ("FO", "the Faroe Islands"), ("AX", "the Åland Islands"), ("GL", "Greenland"), ("ZZ", None),
])
def test_english_name(code, name):
    assert country.english_name(code) == name
