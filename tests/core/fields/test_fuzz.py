"""Fuzz every field module: it never raises anything but its own FieldError (Hypothesis properties).

Two kinds of generated cells go into every module under every context: any Unicode text (``st.text()``),
and mixes of the things register cells are made of — Nordic words and labels, digit runs, punctuation,
odd spaces — glued together (``'ring mig / efter 17'``, ``'(+358) 003523935'``, ``'Org.nr: 556043-6064'``).
For each cell: ``check`` returns a report whose value is text, ``is_valid`` agrees with it, ``validate``
returns that value or raises a ``FieldError`` (nothing else), ``normalize`` returns text. Then the same cells
go through ``core.clean`` in a column of that role, where tests/conftest.py makes any ``*.unchecked``
(a module crash) fail the test.

The suite runs a few thousand cells per module with the fixed seed under ``CI=true``;
``bench/fuzz_fields.py`` runs the same properties with 100,000+ cells per module.
"""

from __future__ import annotations

import datetime
import os
import string
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import clean
from core.errors import FieldError
from core.fields import FIELDS, FieldContext, cell
from core.models import FieldReport
from tests.core.fields.roles import normalize_options, role_options

# How many generated lists of cells each property runs (bench/fuzz_fields.py raises it).
EXAMPLES = int(os.environ.get("RENSA_FUZZ_EXAMPLES", "60"))
CELLS_PER_EXAMPLE = int(os.environ.get("RENSA_FUZZ_CELLS", "25"))
CELLS_SEEN: Counter[str] = Counter()

WORDS = [
    # labels and words people type into contact cells
    "tel", "tel.", "tfn", "mobil", "Mob:", "växel", "kontor", "ring mig", "efter 17", "privat", "jobb", "hem",
    "ankn.", "lokal", "ext", "x", "#", "och", "eller", "og", "tai", "c/o", "box", "gatan", "vägen", "gt.",
    "Org.nr", "Orgnr:", "CVR", "CVR-nr.", "Y-tunnus", "MVA", "SE", "DK:", "NO", "FI", "S-", "N-", "AB", "Oy",
    "ApS", "AS", "Ltd", "mailto:", "www.", "gmail.com", "telia.se", "@", "@@", "<", ">", "Sverige", "Norge",
    "Danmark", "Suomi", "Åland", "Ísland", "Åsa", "Øyvind", "Jörg", "Ærø", "von", "af", "NaN", "#N/A", "null",
    "=", "+", "-", "'", '"', "e", "E+10", ".0", ",0", "ä", "ß", "İ", "ﬁ", "Ⅷ", "٣", "３", "½", "²", "👍",
]
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=14)
PUNCTUATION = st.sampled_from(list(string.punctuation) + ["\u00a0", "\u2009", "\u200b", "\u2013", "\u2212", "\t",
                                                          "\n", "\r\n", "\ufeff", "  ", " "])
PIECE = st.one_of(st.sampled_from(WORDS), DIGITS, PUNCTUATION, st.text(max_size=3))
SEPARATOR = st.sampled_from(["", " ", "-", "/", ", ", ": ", "."])
MIXED = st.lists(st.tuples(SEPARATOR, PIECE), min_size=1, max_size=8).map(lambda parts: "".join(map("".join, parts)))
CELLS = {"any text": st.text(max_size=60), "word, digit and punctuation mixes": MIXED}

CONTEXT = st.builds(
    FieldContext,
    country=st.sampled_from(["SE", "NO", "DK", "FI", "IS", "AX", "DE", "GB", "US", "se", None, "ZZ", ""]),
    today=st.sampled_from([None, datetime.date(2026, 11, 22)]),
    phone_display=st.sampled_from(["e164", "national", "international"]),
    text_forms=st.booleans(),
)

MODULES = [*FIELDS, "cell"]


def survives(name: str, value: str, context: FieldContext) -> None:
    """One cell through one module's whole API, with the options its role binds from the context; only a
    FieldError may come out of ``validate``."""
    module, options = (cell, {}) if name == "cell" else role_options(FIELDS[name], context)
    report = module.check(value, **options)
    assert isinstance(report, FieldReport) and isinstance(report.value, str)
    assert module.is_valid(value, **options) is report.valid
    try:
        validated = module.validate(value, **options)
    except FieldError as err:
        assert not report.valid and err.code and err.message, (name, value, err)
    else:
        assert report.valid and validated == report.value, (name, value, validated, report)
    assert isinstance(module.normalize(value, **normalize_options(module, options)), str)
    CELLS_SEEN[name] += 1


def clean_survives(name: str, values: list[str], country: str | None) -> None:
    """The cells as a column of that role in core.clean: no crash (conftest turns *.unchecked into one)."""
    if name == "cell":
        return
    rows = [[value, country or ""] for value in values]
    result = clean((["Värde", "Land"], rows), {"roles": {0: name, 1: "country"}, "dedupe": False})
    assert len(result.rows) == len(values)


def _property(name: str, cells, examples: int = EXAMPLES):
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(cells, min_size=CELLS_PER_EXAMPLE // 2, max_size=CELLS_PER_EXAMPLE), CONTEXT)
    def run(values, context):
        for value in values:
            survives(name, value, context)
        clean_survives(name, values, context.country)

    return run


@pytest.mark.parametrize("kind", sorted(CELLS))
@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_field_module_raises_only_its_own_error(name, kind):
    _property(name, CELLS[kind])()


@pytest.mark.parametrize("value", [
    "abc / def", "ring mig / efter 17", "växel, kontor", "070-123 45 67 / abc", "x / 08-123 456 78",
    "(+358) 003523935", "tel: / mobil:", ",", "/", "och", "070 och", "ankn. 12",
])
def test_phone_fragments_that_crashed(value):
    for country in ("SE", "NO", "DK", "FI"):
        survives("phone", value, FieldContext(country=country))
