"""The API serializes clean results with orjson; it must give exactly what pydantic's ``model_dump_json`` gives."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from core.clean import clean
from functions.handlers._common import result_json

HEADER = ["Namn", "E-post", "Telefon", "Postnummer", "Personnummer"]
ROWS = [
    ["Anna Berg", "ANNA.BERG@GMAIL.COM", "070-123 45 67", "11418", "811218-9876"],
    ["anna berg", "anna.berg@gmail.com", "0709876543", "114 18", ""],  # a duplicate with another phone: a conflict
    ["Björn Ek", "bjorn.ek@hotmial.com", "+46 8 123 456 78", "411 05", "811218-9875"],
    ["", "", "", "", ""],
    ["=HYPERLINK(\"x\")", "kari@firma.no", "+47 912 34 567", "0150", ""],
]


@pytest.mark.parametrize("config", [
    {},
    {"merge": True},  # merge proposals: conflicts keyed by row number (int keys in the engine's model)
    {"split_full_name": True, "phone_display": "national"},
    {"dedupe": False, "today": dt.date(2026, 11, 22), "suppressed": frozenset({"kari@firma.no"})},
])
def test_result_json_is_the_models_json(config):
    result = clean((HEADER, ROWS), config)
    if config.get("merge"):
        assert result.duplicates[0].merge.conflicts[0].values == {1: "+46701234567", 2: "+46709876543"}
    ours = json.loads(result_json(result, {"usage": {"rows_charged": 4}, "dry_run": False}))
    assert ours == {"usage": {"rows_charged": 4}, "dry_run": False, **json.loads(result.model_dump_json())}
    assert list(ours)[:3] == ["usage", "dry_run", "header"]


def test_result_json_of_an_empty_register():
    result = clean((["Namn"], []))
    assert json.loads(result_json(result, {})) == json.loads(result.model_dump_json())
