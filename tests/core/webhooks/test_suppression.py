"""The suppression helpers: keyed hashes in, the register values to flag out (``CleanConfig.suppressed``)."""

from __future__ import annotations

import pytest

from core import clean
from core.models import CleanConfig, Table
from core.webhooks.suppression import email_hash, suppressed_emails

KEY = b"server-side-suppression-key"
LISTED = {email_hash(a, KEY) for a in ("anna+news@example.se", "bo@exämple.se", "kari@firma.no")}


@pytest.mark.parametrize("cell, expected", [
    ("anna+news@example.se", {"anna+news@example.se"}),
    (" Anna+News@Example.SE ", {"Anna+News@example.se"}),  # case and spacing do not matter; the +tag does
    ("anna@example.se", set()),
    ("BO@EXÄMPLE.SE", {"BO@exämple.se"}),
    ("Kari Nordmann <kari@firma.no>", {"kari@firma.no"}),  # as the e-mail module reads the cell
    ("mailto:kari@firma.no", {"kari@firma.no"}),
    ("kari at firma.no", set()),
    ("", set()),
])
def test_suppressed_emails(cell, expected):
    assert suppressed_emails([cell], LISTED, key=KEY) == expected


def test_other_cells_and_an_empty_list():
    assert suppressed_emails(["Kari", 12, None, "kari@firma.no"], LISTED, key=KEY) == {"kari@firma.no"}
    assert suppressed_emails(["kari@firma.no"], set(), key=KEY) == frozenset()
    assert suppressed_emails(["kari@firma.no"], LISTED, key=b"another-server") == frozenset()


@pytest.mark.parametrize("address, other, same", [
    ("anna@example.se", " ANNA@example.se\n", True),
    ("anna@example.se", "anna+x@example.se", False),
])
def test_email_hash(address, other, same):
    assert len(email_hash(address, KEY)) == 64
    assert (email_hash(address, KEY) == email_hash(other, KEY)) is same


def test_the_values_reach_clean_as_suppressed():
    header, rows = ["Namn", "E-post"], [["Kari", "Kari Nordmann <kari@firma.no>"], ["Olle", "olle@example.no"]]
    config = CleanConfig(suppressed=suppressed_emails((c for r in rows for c in r), LISTED, key=KEY))
    result = clean(Table(header=header, rows=rows), config)
    assert [(i.row, i.code) for i in result.issues if i.code.endswith("suppressed")] == [(1, "email.suppressed")]
