"""The pre-match index without HTTP: blocking keys, layout by role, the candidate cap, the cache."""

from __future__ import annotations

import pytest

from functions import prematch
from functions.prematch import RegisterCache, RegisterIndex, blocking_keys

HEADER = ["Namn", "E-post", "Telefon", "Postnummer", "Företag"]
ROLES = ["full_name", "email", "phone", "postal_code", "company"]


@pytest.mark.parametrize(
    "row,keys",
    [
        (["Anna Berg", "anna@firma.se", "+46701234567", "114 18", ""],
         {"email:anna@firma.se", "phone:+46701234567", "name:berg|11418"}),
        (["Anna Berg", "", "", "", "Firma AB"], {"company:firma ab"}),
        (["", "", "", "114 18", ""], set()),
        (["Åsa Öberg", "ÅSA@FIRMA.SE", "", "41105", ""], {"email:åsa@firma.se", "name:öberg|41105"}),
    ],
)
def test_blocking_keys(row, keys):
    assert blocking_keys(row, ROLES) == keys


def test_record_is_laid_out_by_role_whatever_its_headers():
    index = RegisterIndex(HEADER, ROLES, [["Anna Berg", "anna@firma.se", "+46701234567", "114 18", ""]])
    aligned = index._aligned(["Mobil", "Mail", "Kund"], ["phone", "email", "full_name"], ["+46701234567", "anna@firma.se", "Anna Berg"])
    assert aligned == ["Anna Berg", "anna@firma.se", "+46701234567", "", ""]


def test_a_huge_block_is_capped(monkeypatch):
    monkeypatch.setattr(prematch, "MAX_CANDIDATES", 5)
    rows = [[f"Person {i}", f"p{i}@x.se", "", "", "Stora Bolaget AB"] for i in range(50)]
    rows.append(["Anna Berg", "anna@firma.se", "", "", "Stora Bolaget AB"])
    index = RegisterIndex(HEADER, ROLES, rows)
    seen = []
    monkeypatch.setattr("core.dedup.find_duplicates", lambda header, rows, roles: seen.append(rows) or type("R", (), {"clusters": []})())
    index.matches(HEADER, ROLES, ["Anna Berg", "anna@firma.se", "", "", "Stora Bolaget AB"], limit=5)
    [scored] = seen
    assert len(scored) == 6  # the record + 5 candidates ...
    assert ["Anna Berg", "anna@firma.se", "", "", "Stora Bolaget AB"] in scored[1:]  # ... led by the one sharing two keys


def test_cache_expires_and_forgets():
    now = [0.0]
    cache = RegisterCache(ttl_seconds=60, clock=lambda: now[0])
    loads = []

    def load():
        loads.append(1)
        return RegisterIndex(HEADER, ROLES, [])

    key = ("acc_1", "reg_1", "SE")
    cache.get(key, load), cache.get(key, load)
    now[0] = 61.0
    cache.get(key, load)
    cache.forget("acc_1", "reg_1")
    cache.get(key, load)
    assert len(loads) == 3



def test_a_review_match_says_what_holds_it_back():
    """A new record of one whole name at a register row's home with another own mobile (a father and the son named
    after him, or a copy with a new number): only a match to review, and it says why (issue 9); a sure match says
    nothing against."""
    header = ["Namn", "Telefon", "Gatuadress", "Postnummer", "Ort"]
    roles = ["full_name", "phone", "street", "postal_code", "city"]
    home = ["Storgata 1", "0155", "Oslo"]
    index = RegisterIndex(header, roles, [["Tor Haugen", "+4791234567", *home],
                                          ["Kari Lie", "+4792222222", "Fjordveien 3", "5003", "Bergen"]])
    [match] = index.matches(header, roles, ["Tor Haugen", "+4791345678", *home], limit=5)
    assert (match["row"], match["band"], match["against"]) == (1, "review", ["each has its own phone"])
    assert match["explanation"].endswith(", but each has its own phone: 80 %")
    [same] = index.matches(header, roles, ["Tor Haugen", "+4791234567", *home], limit=5)
    assert (same["band"], same["against"]) == ("sure", [])
