"""Junk into every module (stdnum's test_robustness): check never raises, is_valid is False,
validate raises only FieldError, normalize of a string returns a string. And the API is explicit:
every module takes the same five functions, options only by keyword, and a misspelt or unknown option
is an error, never a default quietly used."""

import datetime
import inspect

import pytest

from core.errors import FieldError
from core.fields import FIELDS, FieldContext, address, cell, country, date, email, name, national_id, phone, postal_code
from core.models import FieldReport
from tests.core.fields.roles import normalize_options, role_options

JUNK = [None, "", " ", "\u00a0\u200b", "€", "😀", "😀😀😀", "\x00\x01\x02", "\x1b[31m", "x" * 10_000, "9" * 10_000,
        "@" * 5000, "+" * 300, "(" * 300 + "0", object(), 0, 12, -1, 3.5, [], {}, b"bytes", "\ud800", "NaN", "—"]
CONTEXTS = [FieldContext(), FieldContext(country="NO"), FieldContext(country=None), FieldContext(country="zz"),
            FieldContext(today=datetime.date(2026, 11, 22)), FieldContext(today="not a date"),  # type: ignore[arg-type]
            FieldContext(phone_display="national"), FieldContext(text_forms=True)]
MODULES = [address, cell, country, date, email, name, national_id, phone, postal_code]


def _junk_id(junk):
    """A short, stable test id (repr of object() changes per process, which splits pytest-xdist workers)."""
    text = type(junk).__name__ if type(junk) is object else repr(junk)
    return text if len(text) <= 40 else f"{text[:30]}...({len(text)} chars)"


@pytest.mark.parametrize("role", sorted(FIELDS))
@pytest.mark.parametrize("junk", JUNK, ids=_junk_id)
def test_junk(role, junk):
    for context in CONTEXTS:
        module, options = role_options(FIELDS[role], context)
        report = module.check(junk, **options)
        assert isinstance(report, FieldReport)
        assert isinstance(report.value, str)
        assert module.is_valid(junk, **options) is False, (role, junk, report)
        assert FIELDS[role].bind(context)(junk).issues == tuple(report.issues)
        with pytest.raises(FieldError):
            module.validate(junk, **options)
        if isinstance(junk, str):
            assert isinstance(module.normalize(junk, **normalize_options(module, options)), str)


@pytest.mark.parametrize("junk", JUNK, ids=_junk_id)
def test_cell_never_raises(junk):
    report = cell.check(junk)
    assert isinstance(report.value, str)
    assert cell.is_valid(junk) is isinstance(junk, str)


def test_every_module_follows_the_protocol():
    assert {field.module for field in FIELDS.values()} | {cell} == set(MODULES)
    for module in MODULES:
        assert all(callable(getattr(module, f)) for f in ("normalize", "analyse", "validate", "is_valid", "check"))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_options_are_keyword_only_and_validate_is_valid_check_take_those_of_analyse(module):
    analyse = inspect.signature(module.analyse)
    value, *options = analyse.parameters.values()
    assert value.kind is inspect.Parameter.POSITIONAL_ONLY
    assert all(option.kind is inspect.Parameter.KEYWORD_ONLY for option in options), analyse
    for function in (module.validate, module.is_valid, module.check):
        assert inspect.signature(function).parameters == analyse.parameters, function
    normalize = list(inspect.signature(module.normalize).parameters.values())
    assert normalize[0].kind is inspect.Parameter.POSITIONAL_ONLY
    assert {p.name for p in normalize[1:]} <= {p.name for p in options}
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in normalize[1:])


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
@pytest.mark.parametrize("function", ["analyse", "validate", "is_valid", "check", "normalize"])
def test_an_unknown_option_is_a_type_error(module, function):
    with pytest.raises(TypeError, match="unexpected keyword argument 'contry'"):
        getattr(module, function)("070-123 45 67", contry="NO")


def test_the_misspelt_country_of_the_issue_no_longer_gives_a_swedish_number():
    with pytest.raises(TypeError):
        phone.check("912 34 567", contry="NO")
    assert phone.check("912 34 567", country="NO").value == "+4791234567"


@pytest.mark.parametrize("call", [
    lambda: phone.check("070-123 45 67", display="E164"),
    lambda: name.check("anna", kind="person"),
    lambda: name.normalize("anna", kind="compnay"),
    lambda: address.check("storgatan 1", kind="road"),
    lambda: address.normalize("storgatan 1", kind="town"),
    lambda: date.check("1985-03-07", kind="birthday"),
    lambda: national_id.check("556012-5790", kind="org_id"),
])
def test_an_option_outside_its_choices_is_a_value_error(call):
    with pytest.raises(ValueError, match="must be"):
        call()
