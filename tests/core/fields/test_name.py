"""Names: casing fixed only where it was ALL CAPS or all lower, and full names split."""

import pytest

from core.fields import name


@pytest.mark.parametrize("raw,kind,expected", [
    ("ANNA SVENSSON", "full", "Anna Svensson"),
    ("anna svensson", "full", "Anna Svensson"),
    ("anna SVENSSON", "full", "Anna Svensson"),
    ("  Anna   Svensson\u00a0", "full", "Anna Svensson"),
    ("åsa öberg", "full", "Åsa Öberg"),
    ("SØREN ØDEGÅRD", "full", "Søren Ødegård"),
    ("ANNA-KARIN", "given", "Anna-Karin"),
    ("anna-karin o'brien", "full", "Anna-Karin O'Brien"),
    ("MCDONALD", "family", "McDonald"),
    ("McDonald", "family", "McDonald"),
    ("DiCaprio", "family", "DiCaprio"),
    ("MacKenzie", "family", "MacKenzie"),
    ("hilma af klint", "full", "Hilma af Klint"),
    ("AF KLINT", "family", "af Klint"),
    ("VON ESSEN", "family", "von Essen"),
    ("ludwig van der berg", "full", "Ludwig van der Berg"),
    ("De Geer", "family", "De Geer"),  # mixed case is the writer's choice
    ("van", "family", "Van"),  # alone it is a name, not a particle
    ("volvo personvagnar ab", "company", "Volvo Personvagnar AB"),
    ("AB Volvo", "company", "AB Volvo"),
    ("Volvo ab", "company", "Volvo AB"),
    ("EQUINOR ASA", "company", "Equinor ASA"),
    ("mærsk a/s", "company", "Mærsk A/S"),
    ("novo nordisk aps", "company", "Novo Nordisk ApS"),
    ("oy karl fazer ab", "company", "Oy Karl Fazer Ab"),
    ("NOKIA OYJ", "company", "Nokia Oyj"),
    ("SKF AB", "company", "SKF AB"),  # no vowel: an acronym
    ("H&M HENNES & MAURITZ AB", "company", "H&M Hennes & Mauritz AB"),
    ("bröderna andersson i borås ab", "company", "Bröderna Andersson i Borås AB"),
    # Particles: lower case inside a recased name, as typed inside a mixed-case one; Swedish noble names
    # that write a capital particle (Riddarhuset) get it when the name is recased.
    ("DE GEER", "family", "De Geer"),
    ("DE LA GARDIE", "family", "De la Gardie"),
    ("de la gardie", "family", "De la Gardie"),
    ("LOUIS DE GEER", "full", "Louis De Geer"),
    ("MAGNUS GABRIEL DE LA GARDIE", "full", "Magnus Gabriel De la Gardie"),
    ("anna DE GEER", "full", "Anna De Geer"),
    ("Carl de Geer", "full", "Carl de Geer"),  # mixed case: as typed
    ("CHARLES DE GAULLE", "full", "Charles de Gaulle"),
    ("Charles de Gaulle", "full", "Charles de Gaulle"),
    ("VINCENT VAN GOGH", "full", "Vincent van Gogh"),
    ("MAX VON SYDOW", "full", "Max von Sydow"),
    ("HILMA AF KLINT", "full", "Hilma af Klint"),
    ("Rafael van der Vaart", "full", "Rafael van der Vaart"),
    ("Ludwig Van Beethoven", "full", "Ludwig Van Beethoven"),  # mixed case: the writer's choice
])
def test_casing(raw, kind, expected):
    report = name.check(raw, kind=kind)
    assert (report.value, report.valid, report.issues) == (expected, True, [])


# Companies keep their own casing unless the whole cell shouts; then acronyms keep their capitals.
@pytest.mark.parametrize("raw,expected", [
    ("IKEA AB", "IKEA AB"),
    ("ICA SUPERMARKET SKOGHALL", "ICA Supermarket Skoghall"),
    ("SAS AB", "SAS AB"),
    ("H&M HENNES & MAURITZ GBC AB", "H&M Hennes & Mauritz GBC AB"),
    ("ANDERSSONS EL & VVS AB", "Anderssons El & VVS AB"),
    ("IT-KONSULTERNA I NORR AB", "IT-Konsulterna i Norr AB"),
    ("VVS-GRUPPEN AB", "VVS-Gruppen AB"),
    ("NCC SVERIGE AB", "NCC Sverige AB"),
    ("3M SVENSKA AB", "3M Svenska AB"),
    ("TELE2 SVERIGE AB", "Tele2 Sverige AB"),
    ("TELIA COMPANY AB", "Telia Company AB"),
    ("DNB BANK ASA", "DNB Bank ASA"),
    ("IKEA Sverige AB", "IKEA Sverige AB"),  # mixed case: the writer's casing stays
    ("Ica Gruppen AB", "Ica Gruppen AB"),
    ("ikea ab", "IKEA AB"),  # all lower: only the known acronyms come back
    ("ica maxi stormarknad", "ICA Maxi Stormarknad"),
    ("vvs-montage i norr ab", "Vvs-Montage i Norr AB"),  # not known: nothing says it was an acronym
    ("SAAB AB", "Saab AB"),  # Saab writes its name in lower case
])
def test_company_casing(raw, expected):
    assert name.validate(raw, kind="company") == expected


@pytest.mark.parametrize("raw,code,message,valid", [
    ("Anna 2", "name.suspicious", "The name contains digits: check that it is a name.", True),
    ("anna@firma.se", "name.invalid", "The cell holds an e-mail address, not a name.", False),
    ("---", "name.invalid", "The name has no letters in it.", False),
    ("", "name.empty", "The cell is empty.", False),
    ("NaN", "name.placeholder", "The cell holds a placeholder (NaN), not a value.", False),
    ("#N/A", "name.placeholder", "The cell holds a placeholder (#N/A), not a value.", False),
    ("Anna <b>Svensson</b>", "name.invalid", "The name contains <, which names do not have.", False),
    ("Anna & Bo Svensson", "name.invalid", "The name contains &, which names do not have.", False),
])
def test_problems(raw, code, message, valid):
    report = name.check(raw, kind="full")
    assert report.valid is valid
    assert [(i.code, i.message) for i in report.issues] == [(code, message)]


def test_company_names_may_hold_digits():
    assert name.check("3M Svenska AB", kind="company").issues == []


@pytest.mark.parametrize("raw,expected", [
    ("Anna Svensson", ("Anna", "Svensson")),
    ("ANNA MARIA SVENSSON", ("Anna Maria", "Svensson")),
    ("Svensson, Anna", ("Anna", "Svensson")),
    ("SVENSSON , ANNA-KARIN", ("Anna-Karin", "Svensson")),
    ("af Klint, Hilma", ("Hilma", "af Klint")),
    ("Hilma af Klint", ("Hilma", "af Klint")),
    ("Ludwig van der Berg", ("Ludwig", "van der Berg")),
    ("Madonna", ("Madonna", "")),
    ("", ("", "")),
])
def test_split_full_name(raw, expected):
    assert name.split_full_name(raw) == expected
