"""Reading real-shaped list files: with and without header, several columns, mixed and damaged values."""

from __future__ import annotations

import datetime as dt

import pytest

from core.contact import CompactHashes, SuppressionList, hash_values, list_values

TODAY = dt.date(2026, 12, 1)


def test_nix_file_without_header_in_mixed_formats():
    rows = [["070-123 45 67"], ["+46702223344"], ["0046 73 333 44 44"], ["46704445566"], ["701234567"], [""]]
    found = list_values(rows, kind="nix")
    assert found.header is False and found.rows == 6
    assert found.values == ["phone:46701234567", "phone:46702223344", "phone:46733334444", "phone:46704445566"]
    assert found.unreadable == []


def test_bureau_file_with_header_takes_the_named_columns():
    rows = [["Personnummer", "Namn", "Adress", "Postnummer"],
            ["19850101-1236", "Cia Lund", "Ågatan 3", "222 22"],
            ["8501011236", "Cia Lund", "Ågatan 3", "222 22"]]
    found = list_values(rows, kind="deceased", today=TODAY)
    assert found.header is True and found.values == ["id:198501011236"]


def test_opt_out_export_with_several_kinds_of_value():
    rows = [["Namn", "E-post", "Mobil"], ["Anna", "ANNA@Firma.se", "070-123 45 67"], ["Bo", "", "08-12 34 56"]]
    found = list_values(rows, kind="opt_out_all")
    assert found.values == ["email:anna@firma.se", "phone:46701234567", "phone:468123456"]


def test_rows_without_a_value_are_named():
    found = list_values([["Telefon"], ["070-123 45 67"], ["okänd"], ["12"]], kind="nix")
    assert found.unreadable == [3, 4]


def test_compact_hashes_answer_like_a_set():
    hashes = hash_values([f"phone:4670{i:07d}" for i in range(1000)], b"k")
    compact = CompactHashes(hashes)
    assert len(compact) == 1000 and all(h in compact for h in hashes)
    assert hash_values(["phone:46700001000"], b"k")[0] not in compact and 12 not in compact


@pytest.mark.parametrize("kind,date,until", [("nix", dt.date(2026, 11, 2), dt.date(2027, 1, 2)),
                                             ("reservasjon_mail", dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
                                             ("opt_out_phone", dt.date(2026, 1, 31), None)])
def test_validity_follows_the_rule(kind, date, until):
    lst = SuppressionList(kind, date, frozenset())
    assert lst.valid_until == until
    assert lst.expired(until + dt.timedelta(days=1)) if until else not lst.expired(dt.date(2100, 1, 1))


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="not a kind"):
        SuppressionList("robinson", None, frozenset())
