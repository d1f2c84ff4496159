"""Junk into every module (stdnum's test_robustness): check never raises, is_valid is False,
validate raises only FieldError, normalize of a string returns a string."""

import datetime

import pytest

from core.errors import FieldError
from core.fields import FIELDS, cell
from core.models import FieldReport

JUNK = [None, "", " ", "\u00a0\u200b", "€", "😀", "😀😀😀", "\x00\x01\x02", "\x1b[31m", "x" * 10_000, "9" * 10_000,
        "@" * 5000, "+" * 300, "(" * 300 + "0", object(), 0, 12, -1, 3.5, [], {}, b"bytes", "\ud800", "NaN", "—"]
CONTEXTS = [{}, {"country": "NO"}, {"country": None}, {"country": "zz"}, {"today": datetime.date(2026, 11, 22)},
            {"today": "not a date"}, {"display": "national"}]


def _junk_id(junk):
    """A short, stable test id (repr of object() changes per process, which splits pytest-xdist workers)."""
    text = type(junk).__name__ if type(junk) is object else repr(junk)
    return text if len(text) <= 40 else f"{text[:30]}...({len(text)} chars)"


@pytest.mark.parametrize("role", sorted(FIELDS))
@pytest.mark.parametrize("junk", JUNK, ids=_junk_id)
def test_junk(role, junk):
    module, fixed = FIELDS[role]
    for extra in CONTEXTS:
        context = {**fixed, **extra}
        report = module.check(junk, **context)
        assert isinstance(report, FieldReport)
        assert isinstance(report.value, str)
        assert module.is_valid(junk, **context) is False, (role, junk, report)
        with pytest.raises(FieldError):
            module.validate(junk, **context)
        if isinstance(junk, str):
            assert isinstance(module.normalize(junk, **context), str)


@pytest.mark.parametrize("junk", JUNK, ids=_junk_id)
def test_cell_never_raises(junk):
    report = cell.check(junk)
    assert isinstance(report.value, str)
    assert cell.is_valid(junk) is isinstance(junk, str)


def test_every_module_follows_the_protocol():
    for module, _ in FIELDS.values():
        assert all(callable(getattr(module, f)) for f in ("normalize", "validate", "is_valid", "check"))
