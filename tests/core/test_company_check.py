"""core.companies: what a row gets for each thing a registry can say, as a table of cases."""

from __future__ import annotations

import datetime

import pytest

from core import clean
from core.companies import CompanyFacts, NameQuery, apply, check, employee_band, org_key, wanted

TODAY = datetime.date(2026, 12, 1)
HEADER = ["Firma", "Orgnr", "Postnr", "Land"]
ROLES = ["company", "org_id", "postal_code", "country"]


def facts(status: str, **extra) -> CompanyFacts:
    return CompanyFacts(country=extra.pop("country", "NO"), org_id=extra.pop("org_id", "923609016"), status=status,
                        fetched=TODAY, source=extra.pop("source", "Enhetsregisteret"), **extra)


@pytest.mark.parametrize("fact, code, severity, message", [
    (facts("not_found"), "org_id.not_found", "error",
     "This organisation number is not in the company register (Enhetsregisteret)."),
    (facts("removed", since=datetime.date(2024, 6, 30)), "org_id.removed", "error",
     "The company was removed from the company register (Enhetsregisteret) on 2024-06-30."),
    (facts("dissolved", since=datetime.date(2025, 3, 14)), "org_id.dissolved", "error",
     "The company was dissolved on 2025-03-14 (Enhetsregisteret)."),
    (facts("merged", merged_into="987654321", since=datetime.date(2025, 1, 2)), "org_id.merged", "error",
     "The company merged into 987 654 321 (Enhetsregisteret)."),
    (facts("bankrupt", since=datetime.date(2026, 2, 1)), "org_id.bankrupt", "warning",
     "The company is under bankruptcy since 2026-02-01 (Enhetsregisteret)."),
    (facts("liquidation"), "org_id.liquidation", "warning", "The company is in liquidation (Enhetsregisteret)."),
    (facts("forced_dissolution", since=datetime.date(2026, 5, 5)), "org_id.forced_dissolution", "warning",
     "The company is under compulsory dissolution since 2026-05-05 (Enhetsregisteret)."),
    (facts("reorganisation", country="FI", org_id="2077474-0", source="YTJ", since=datetime.date(2026, 9, 1)),
     "org_id.reorganisation", "warning", "The company is in debt reorganisation since 2026-09-01 (YTJ)."),
])
def test_each_registry_status_flags_the_org_number_cell(fact, code, severity, message):
    number = "923 609 016" if fact.country == "NO" else fact.org_id
    rows = [["Kunde AS", number, "0150", "Norge" if fact.country == "NO" else "Suomi"]]
    found = check(HEADER, rows, ROLES, {(fact.country, fact.org_id): fact}, country="NO")
    assert [(r, c, i.code, i.severity, i.message) for r, c, i in found.issues] == [(1, 1, code, severity, message)]
    assert found.summary.checked == 1 and found.summary.listed[0].rows == [1]


def test_a_live_company_with_its_own_name_flags_nothing():
    found = check(HEADER, [["Kunde AS", "923609016", "0150", ""]], ROLES,
                  {("NO", "923609016"): facts("active", name="KUNDE AS")}, country="NO")
    assert found.issues == []
    assert (found.summary.checked, found.summary.active, found.summary.sentence) == (1, 1, "0 of 1 companies no longer exist.")


@pytest.mark.parametrize("sheet, registered, differs", [
    ("Kunde AS", "KUNDE AS", False),             # case and legal form aside, the same
    ("Kunde", "KUNDE AS", False),
    ("Bakeriet Kunde", "KUNDE BAKERIET AS", False),
    ("Nordlys Konsult AS", "SOLSTRÅLE HOLDING AS", True),
])
def test_a_different_registered_name_is_a_suggestion_not_a_rewrite(sheet, registered, differs):
    rows = [[sheet, "923609016", "0150", ""]]
    found = check(HEADER, rows, ROLES, {("NO", "923609016"): facts("active", name=registered)}, country="NO")
    issues = [(c, i.code, i.suggestion) for _, c, i in found.issues]
    assert issues == ([(0, "company.name_differs", registered)] if differs else [])
    assert rows[0][0] == sheet  # the check never changes the rows


def test_a_company_row_without_number_gets_the_registered_number_as_a_suggestion():
    rows = [["Fjord Fisk AS", "", "5003", "NO"]]
    query = NameQuery(country="NO", name="Fjord Fisk AS", postal_code="5003")
    assert list(wanted(HEADER, rows, ROLES, country="NO").names) == [query]
    match = facts("active", org_id="914778271", name="FJORD FISK AS")
    found = check(HEADER, rows, ROLES, {}, country="NO", name_matches={query: match})
    [(row, column, issue)] = found.issues
    assert (row, column, issue.code, issue.suggestion) == (1, 0, "org_id.suggested", "914 778 271")
    assert issue.message == "Enhetsregisteret has FJORD FISK AS at this postal code with organisation number 914 778 271."


def test_swedish_and_danish_numbers_are_counted_as_not_checked_and_the_report_says_why():
    rows = [["Volvo AB", "556012-5790", "40508", "Sverige"], ["Novo A/S", "24256790", "2880", "Danmark"],
            ["Kunde AS", "923609016", "0150", "Norge"]]
    found = check(HEADER, rows, ROLES, {("NO", "923609016"): facts("active")}, country="NO")
    assert found.summary.unchecked == {"SE": 1, "DK": 1}
    assert found.summary.notes == [
        "Denmark's company register (CVR) gives look-ups only to those who have signed up for access: 1 row not checked.",
        "Sweden's company register (Bolagsverket) has no free look-up without an agreement: 1 row not checked.",
    ]


def test_a_company_the_registry_did_not_answer_for_flags_nothing():
    found = check(HEADER, [["Kunde AS", "923609016", "0150", ""]], ROLES, {}, country="NO")
    assert found.issues == [] and found.summary.checked == 0 and found.summary.sentence == ""


def test_the_summary_counts_companies_not_rows_and_lists_the_gone_ones():
    rows = [["A AS", "923609016", "", ""], ["A AS", "923 609 016", "", ""], ["B AS", "914778271", "", ""],
            ["C AS", "910000004", "", ""]]
    known = {("NO", "923609016"): facts("dissolved", since=datetime.date(2025, 3, 14)),
             ("NO", "914778271"): facts("bankrupt", org_id="914778271"),
             ("NO", "910000004"): facts("active", org_id="910000004")}
    summary = check(HEADER, rows, ROLES, known, country="NO").summary
    assert (summary.checked, summary.gone, summary.winding_up, summary.active) == (3, 1, 1, 1)
    assert summary.sentence == "1 of 3 companies no longer exists. 1 is bankrupt, in liquidation or in reorganisation."
    assert [(g.org_id, g.rows, g.status) for g in summary.listed] == [("923609016", [1, 2], "dissolved"),
                                                                       ("914778271", [3], "bankrupt")]


def test_enrichment_adds_columns_for_found_companies_only():
    rows = [["A AS", "923609016", "", ""], ["Ukjent AS", "914778271", "", ""], ["Privat", "", "", ""]]
    known = {("NO", "923609016"): facts("active", industry_code="62.010", industry={"nb": "Programmeringstjenester"},
                                        employees=12, street="Storgata 1", postal_code="0150", city="Oslo",
                                        website="www.a.no", registered=datetime.date(2011, 5, 4)),
             ("NO", "914778271"): facts("not_found", org_id="914778271")}
    found = check(HEADER, rows, ROLES, known, country="NO", enrich=["industry", "employees", "website", "registered"])
    assert found.summary.enrichment == {
        "header": ["Industry code", "Industry", "Employees", "Website", "Registered on"],
        "rows": [["62.010", "Programmeringstjenester", "10–19", "www.a.no", "2011-05-04"],
                 ["", "", "", "", ""], ["", "", "", "", ""]],
    }
    with pytest.raises(ValueError, match="Unknown enrichment: revenue"):
        check(HEADER, rows, ROLES, known, country="NO", enrich=["revenue"])


def test_apply_puts_the_sentences_in_the_status_column_and_the_issue_list():
    result = clean((HEADER, [["Kunde AS", "923609016", "0150", "Norge"]]), {"country": "NO", "dedupe": False})
    found = check(HEADER, result.rows, result.roles, {("NO", "923609016"): facts("dissolved", since=TODAY)}, country="NO")
    applied = apply(result, found)
    assert applied.status == ["Orgnr: The company was dissolved on 2026-12-01 (Enhetsregisteret)."]
    assert [i.code for i in applied.issues] == ["org_id.dissolved"]
    assert applied.companies.gone == 1 and applied.rows == result.rows


@pytest.mark.parametrize("value, country, key", [
    ("923 609 016", "NO", ("NO", "923609016")),
    ("NO 923 609 016 MVA", "NO", ("NO", "923609016")),
    ("923609016", "SE", ("NO", "923609016")),   # a Norwegian number on a row whose country is not set right
    ("2077474-0", "FI", ("FI", "2077474-0")),
    ("2077474-0", "SE", ("FI", "2077474-0")),
    ("556043-6064", "SE", ("SE", "5560436064")),
    ("21599336", "DK", ("DK", "21599336")),
    ("923 609 017", "NO", None),                # wrong check digit
    ("", "NO", None),
])
def test_org_key(value, country, key):
    assert org_key(value, country) == key


def test_employee_bands():
    assert [employee_band(n) for n in (1, 5, 20, 50, 100, 249, 250)] == ["1–4", "5–9", "20–49", "50–99", "100–249",
                                                                          "100–249", "250+"]


def test_sentences_and_added_columns_speak_the_users_language():
    rows = [["Kunde AS", "923609016", "0150", "Norge"], ["Volvo AB", "556012-5790", "40508", "Sverige"]]
    known = {("NO", "923609016"): facts("dissolved", since=datetime.date(2025, 3, 14), name="KUNDE AS",
                                        industry={"nb": "Programmeringstjenester"}, industry_code="62.010")}
    found = check(HEADER, rows, ROLES, known, country="NO", enrich=["industry"], language="nb")
    [(_, _, issue)] = found.issues
    assert (issue.code, issue.message) == ("org_id.dissolved", "Foretaket ble slettet 14. mars 2025 (Enhetsregisteret).")
    assert found.summary.sentence == "1 av 1 foretak finnes ikke lenger."
    assert found.summary.notes == ["Det svenske foretaksregisteret (Bolagsverket) har ikke gratis oppslag uten avtale: "
                                   "1 rad er ikke kontrollert."]
    assert found.summary.enrichment["header"] == ["Næringskode", "Næring"]
    sv = check(HEADER, rows, ROLES, known, country="NO", language="sv").issues[0][2].message
    assert sv == "Företaget avregistrerades den 14 mars 2025 (Enhetsregisteret)."


def test_registry_values_that_look_like_formulas_stay_text():
    hostile = facts("active", name='=HYPERLINK("http://x","Klikk")', website="=1+1", industry_code="62.010")
    found = check(HEADER, [["Kunde AS", "923609016", "0150", ""]], ROLES, {("NO", "923609016"): hostile},
                  country="NO", enrich=["website", "industry"])
    assert found.summary.enrichment["rows"] == [["'=1+1", "62.010", ""]]
    [(_, _, issue)] = found.issues
    assert issue.code == "company.name_differs" and issue.suggestion == "'=HYPERLINK(\"http://x\",\"Klikk\")"
