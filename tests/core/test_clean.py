"""core.clean on small registers: exact changes, issues, status sentences, quality, safety rules."""

import copy
import json

import pytest

from core import CleanConfig, CleanResult, Table, clean
from core.errors import InputError

HEADER = ["Namn", "E-post", "Telefon", "Postnr", "Ort", "Land", "Anteckning"]
ROWS = [
    ["ANNA SVENSSON", " Anna@Example.SE ", "070-123 45 67", "11418", "stockholm", "Sverige", "=2+3"],
    ["ola nordmann", "ola@gmial.com", "912 34 567", "0150", "OSLO", "Norge", ""],
    ["Kalle", "kalle@@x.se", "12", "999", "", "", "hej\u00a0 då "],
]
FORMULA_KEPT = ("The value starts with = and a spreadsheet would run it as a formula; it was left as it is "
                "because Rensa does not know what this column holds.")


@pytest.fixture(scope="module")
def result():
    return clean(Table(header=HEADER, rows=ROWS), CleanConfig(dedupe=False))


def test_roles(result):
    assert result.roles == ["full_name", "email", "phone", "postal_code", "city", "country", None]


def test_changes(result):
    assert [(c.row, c.column, c.header, c.before, c.after) for c in result.changes] == [
        (1, 0, "Namn", "ANNA SVENSSON", "Anna Svensson"),
        (1, 1, "E-post", " Anna@Example.SE ", "Anna@example.se"),
        (1, 2, "Telefon", "070-123 45 67", "+46701234567"),
        (1, 3, "Postnr", "11418", "114 18"),
        (1, 4, "Ort", "stockholm", "Stockholm"),
        (1, 5, "Land", "Sverige", "SE"),
        (2, 0, "Namn", "ola nordmann", "Ola Nordmann"),
        (2, 2, "Telefon", "912 34 567", "+4791234567"),  # the row's country (Norge) decides, not SE
        (2, 4, "Ort", "OSLO", "Oslo"),
        (2, 5, "Land", "Norge", "NO"),
    ]


def test_issues(result):
    assert [(i.row, i.column, i.code, i.severity, i.message, i.suggestion) for i in result.issues] == [
        (1, 6, "cell.formula", "warning", FORMULA_KEPT, "'=2+3"),
        (2, 1, "email.typo", "warning", "The domain looks misspelled: did you mean gmail.com?", "ola@gmail.com"),
        (3, 1, "email.invalid", "error", "The e-mail address has more than one @-sign.", None),
        (3, 2, "phone.invalid", "error",
         "The number is not a valid phone number in Sweden: it has the wrong length or is in an unused range.", None),
        (3, 3, "postal_code.invalid", "error", "A postal code in Sweden has 5 digits, like 111 22.", None),
    ]


def test_status_sentences(result):
    assert result.status == [
        f"Anteckning: {FORMULA_KEPT}",
        "E-post: The domain looks misspelled: did you mean gmail.com?",
        "E-post: The e-mail address has more than one @-sign. Telefon: The number is not a valid "
        "phone number in Sweden: it has the wrong length or is in an unused range. Postnr: A postal code in Sweden "
        "has 5 digits, like 111 22.",
    ]


def test_same_shape_order_and_nothing_lost(result):
    assert result.header == HEADER
    assert [len(row) for row in result.rows] == [len(HEADER)] * len(ROWS)
    assert result.rows[0][0] == "Anna Svensson" and result.rows[1][0] == "Ola Nordmann"
    # the unknown column is byte-identical, formula and odd spaces included
    assert [row[6] for row in result.rows] == ["=2+3", "", "hej\u00a0 då "]
    # invalid cells are not rewritten
    assert result.rows[2][1:4] == ["kalle@@x.se", "12", "999"]
    # every cell that differs from the input is in changes, and nothing else
    differing = {(r, c) for r, row in enumerate(ROWS, 1) for c, v in enumerate(row) if result.rows[r - 1][c] != v}
    assert differing == {(c.row, c.column) for c in result.changes}


def test_input_is_not_modified():
    rows = copy.deepcopy(ROWS)
    clean((HEADER, rows))
    assert rows == ROWS


def test_quality_before_and_after(result):
    """The score measures quality, not our format: right values in another layout (ANNA SVENSSON, Sverige,
    070-123 45 67, 11418) are no problem before, their rewrites are counted apart as tidied, and the typo whose
    fix is only suggested (ola@gmial.com) is still a problem after."""
    before, after = result.quality.before, result.quality.after
    assert (before.score, after.score) == (81.2, 81.2)
    assert [(c.header, c.filled_pct, c.valid_pct, c.problem_free_pct, c.score) for c in before.columns] == [
        ("Namn", 100.0, 100.0, 100.0, 100.0), ("E-post", 100.0, 66.7, 33.3, 60.0),
        ("Telefon", 100.0, 66.7, 66.7, 73.3), ("Postnr", 100.0, 66.7, 66.7, 73.3), ("Ort", 66.7, 100.0, 100.0, 93.3),
        ("Land", 66.7, 100.0, 100.0, 93.3), ("Anteckning", 66.7, 100.0, 50.0, 73.3),
    ]
    assert [(c.header, c.problem_free_pct, c.score) for c in after.columns] == [
        ("Namn", 100.0, 100.0), ("E-post", 33.3, 60.0), ("Telefon", 66.7, 73.3), ("Postnr", 66.7, 73.3),
        ("Ort", 100.0, 93.3), ("Land", 100.0, 93.3), ("Anteckning", 50.0, 73.3),
    ]
    assert (result.counts.cells_changed, result.counts.cells_tidied) == (10, 10)
    assert result.quality.meaning.startswith("The score is the share of the customer details")
    assert result.quality.method.startswith("Each column scores 20% for filled cells")


def test_json_shape_round_trips(result):
    data = json.loads(result.model_dump_json())
    assert sorted(data) == ["changes", "close_clusters", "companies", "contact", "counts", "duplicates", "header",
                            "issues", "notes",
                            "possible_duplicates", "quality", "roles",
                            "rows", "status"]
    assert data["contact"] is None  # no suppression list, no consent column
    assert data["companies"] is None  # only when the company registries were asked (core/companies.py)
    assert data["changes"][0] == {"row": 1, "column": 0, "header": "Namn", "before": "ANNA SVENSSON",
                                  "after": "Anna Svensson"}
    assert data["issues"][0]["column"] == 6 and data["issues"][0]["code"] == "cell.formula"
    assert sorted(data["quality"]["before"]) == ["columns", "duplicate_rows", "filled_pct", "problem_free_pct",
                                                 "rows", "score", "valid_pct"]
    again = CleanResult.model_validate_json(result.model_dump_json())
    assert again.changes == result.changes and again.issues == result.issues


@pytest.mark.parametrize(
    "config,phone",
    [
        ({"country": "NO"}, "+4791234567"),
        ({"country": "NO", "phone_display": "national"}, "91 23 45 67"),
        ({"country": "NO", "phone_display": "international"}, "+47 91 23 45 67"),
    ],
)
def test_register_country_and_phone_display(config, phone):
    result = clean((["Telefon"], [["912 34 567"]]), config)
    assert result.rows == [[phone]]


def test_row_country_beats_register_country():
    result = clean((["Telefon", "Land"], [["912 34 567", "Norge"], ["070-123 45 67", ""]]),
                   {"country": "SE", "dedupe": False})
    assert [row[0] for row in result.rows] == ["+4791234567", "+46701234567"]


def test_role_overrides():
    result = clean((["Kontakt", "Telefon"], [["ANNA", "070-123 45 67"]]), {"roles": {"Kontakt": "given_name",
                                                                                       1: None}})
    assert result.roles == ["given_name", None]
    assert result.rows == [["Anna", "070-123 45 67"]]


def test_short_rows_are_padded_and_reported_long_empty_cells_dropped():
    result = clean((["Namn", "E-post", "Anteckning"], [["Anna"], ["Ola", "ola@example.no", "", "", ""], [None, "", ""]]),
                   {"dedupe": False})
    assert result.rows == [["Anna", "", ""], ["Ola", "ola@example.no", ""], ["", "", ""]]
    assert [(i.row, i.column, i.code, i.message) for i in result.issues] == [
        (1, None, "row.short", "The row had only 1 of 3 cells; the missing cells were added empty."),
    ]
    assert result.status == ["The row had only 1 of 3 cells; the missing cells were added empty.", "", ""]


@pytest.mark.parametrize(
    "table,message,row,field",
    [
        ((["Namn", "E-post"], [["Anna", "a@b.se"], ["Ola", "o@b.no", "070-123 45 67"]]),
         "Row 3 has 3 cells, more than the header names (2); the value '070-123 45 67' has no column. "
         "Add a header for it or remove it.", 2, None),
        ((["Namn", "Telefon"], [["Anna", 701234567]]),
         "Row 2, column 'Telefon': the value 701234567 is int, not text. Send every cell as text.", 1, "Telefon"),
        ((["Namn"], ["Anna"]), "Row 2 is str, not a list of cells.", 1, None),
        (([], [["Anna"]]), "The register has no header row: the header is empty.", 0, None),
        ((["Namn", None], []), "Column 2 of the header is NoneType (None), not text.", 0, None),
    ],
)
def test_bad_input_names_row_and_field(table, message, row, field):
    with pytest.raises(InputError) as caught:
        clean(table)
    assert (str(caught.value), caught.value.row, caught.value.field) == (message, row, field)


def test_all_or_nothing_a_bad_last_row_gives_no_result():
    rows = [["anna@example.se"]] * 50 + [[3.5]]
    with pytest.raises(InputError):
        clean((["E-post"], rows))


def test_empty_register():
    result = clean((["E-post", "Telefon"], []))
    assert (result.rows, result.changes, result.issues, result.status) == ([], [], [], [])
    assert (result.quality.before.score, result.quality.after.score) == (100.0, 100.0)


DUP_HEADER = ["Namn", "E-post", "Telefon", "Gatuadress", "Förnamn", "Efternamn"]
DUP_ROWS = [
    ["Anna Svensson", "anna@example.se", "0701234567", "", "", ""],
    ["ANNA SVENSSON", "Anna@Example.se", "", "Storgatan 1", "", ""],
    ["Erik af Klint", "erik@example.se", "08-123 456 78", "", "", ""],
]


def test_duplicates_are_noted_in_status_and_counted():
    result = clean((DUP_HEADER[:4], [row[:4] for row in DUP_ROWS]))
    assert [(c.rows, c.survivor, c.band) for c in result.duplicates] == [([1, 2], 1, "sure")]
    assert result.status[:2] == [  # sheet rows: the header is row 1, so data rows 1 and 2 are rows 2 and 3
        "Row 3 is a duplicate of this row.",
        "Duplicate of row 2 (same given name, same family name, same e-mail: 99 %).",
    ]
    assert [(i.row, i.column, i.code) for i in result.issues] == [(2, None, "row.duplicate")]
    assert (result.quality.before.duplicate_rows, result.quality.after.duplicate_rows) == (1, 1)
    assert result.rows[0][3] == ""  # no merge without asking


def test_merge_fills_survivor_and_marks_the_other_for_deletion():
    result = clean((DUP_HEADER[:4], [row[:4] for row in DUP_ROWS]), {"merge": True})
    assert result.rows[0][3] == "Storgatan 1"
    assert (1, 3, "", "Storgatan 1") in [(c.row, c.column, c.before, c.after) for c in result.changes]
    assert result.status[:2] == [
        "Keep: row 3 is a duplicate of this row; its details were merged in.",
        "Delete: duplicate of row 2 (same given name, same family name, same e-mail: 99 %).",
    ]
    assert (result.quality.before.duplicate_rows, result.quality.after.duplicate_rows) == (1, 0)
    assert len(result.rows) == 3  # rows are only marked, never removed


@pytest.mark.parametrize("header_row,merge,status", [
    (1, False, ["Row 3 is a duplicate of this row.",
                "Duplicate of row 2 (same given name, same family name, same e-mail: 99 %)."]),
    (4, False, ["Row 6 is a duplicate of this row.",
                "Duplicate of row 5 (same given name, same family name, same e-mail: 99 %)."]),
    (4, True, ["Keep: row 6 is a duplicate of this row; its details were merged in.",
               "Delete: duplicate of row 5 (same given name, same family name, same e-mail: 99 %)."]),
])
def test_status_names_sheet_rows_and_machine_fields_stay_data_rows(header_row, merge, status):
    result = clean((DUP_HEADER[:4], [row[:4] for row in DUP_ROWS]), {"header_row": header_row, "merge": merge})
    assert result.status[:2] == status
    assert [(c.rows, c.survivor) for c in result.duplicates] == [([1, 2], 1)]
    assert [(i.row, i.code) for i in result.issues if i.column is None] == [(2, "row.duplicate")]


@pytest.mark.parametrize("header_row,message", [
    (1, "Row 3 has 3 cells, more than the header names (2); the value 'x' has no column. "
        "Add a header for it or remove it."),
    (5, "Row 7 has 3 cells, more than the header names (2); the value 'x' has no column. "
        "Add a header for it or remove it."),
])
def test_input_errors_name_sheet_rows(header_row, message):
    with pytest.raises(InputError) as caught:
        clean((["Namn", "E-post"], [["Anna", "a@b.se"], ["Ola", "o@b.no", "x"]]), {"header_row": header_row})
    assert (str(caught.value), caught.value.row) == (message, 2)


def test_no_dedupe():
    result = clean((DUP_HEADER, DUP_ROWS), {"dedupe": False})
    assert result.duplicates == [] and result.status == ["", "", ""]


def test_split_full_name_fills_empty_name_columns():
    result = clean((DUP_HEADER, DUP_ROWS), {"split_full_name": True, "dedupe": False})
    assert [row[4:] for row in result.rows] == [["Anna", "Svensson"], ["Anna", "Svensson"], ["Erik", "af Klint"]]
    assert [(c.row, c.column, c.after) for c in result.changes if c.column >= 4] == [
        (1, 4, "Anna"), (1, 5, "Svensson"), (2, 4, "Anna"), (2, 5, "Svensson"), (3, 4, "Erik"), (3, 5, "af Klint"),
    ]


def test_suppressed_contacts_are_flagged():
    result = clean((["E-post"], [["Erik@Example.se "], ["ola@example.no"]]),
                   {"suppressed": ["Erik@example.se"], "dedupe": False})
    assert [(i.row, i.code, i.message) for i in result.issues] == [
        (1, "email.suppressed", "This contact bounced, complained or unsubscribed: do not send to it."),
    ]


def test_progress_is_reported():
    seen = []
    clean((["E-post"], [["a@example.se"]] * 5000), {"dedupe": False}, progress=seen.append)
    assert seen == [4096, 5000]


def test_repeated_values_give_identical_results():
    rows = [["070-123 45 67", "ANNA"] for _ in range(300)]
    result = clean((["Telefon", "Förnamn"], rows), {"dedupe": False})
    assert result.rows == [["+46701234567", "Anna"]] * 300
    assert len(result.changes) == 600


def test_empty_name_columns_do_not_hide_the_full_name_from_dedupe():
    result = clean((DUP_HEADER, DUP_ROWS))
    assert [(c.rows, c.survivor) for c in result.duplicates] == [([1, 2], 1)]
    assert result.status[1] == "Duplicate of row 2 (same given name, same family name, same e-mail: 99 %)."


def test_clean_leaves_the_garbage_collector_alone():
    """Core owns no process policy (issue 18): it neither pauses, freezes, collects nor retunes the collector."""
    import gc

    rows = [["x"]] * 70_000  # past the 65,536 rows at which clean used to tidy up
    before = (gc.isenabled(), gc.get_freeze_count(), gc.get_threshold())
    clean((["Notes"], rows), {"dedupe": False})
    assert (gc.isenabled(), gc.get_freeze_count(), gc.get_threshold()) == before
    gc.freeze()  # a caller that freezes objects itself keeps them frozen
    try:
        frozen = gc.get_freeze_count()
        clean((["Notes"], rows), {"dedupe": False})
        # frozen objects that other threads free meanwhile (a test server's connection closing) may lower it a little
        assert frozen * 0.99 <= gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(
    "today,rows,codes",
    [
        # with today, a 10-digit personnummer gets its century; a birth date in the future is an error
        ("2026-11-22", [["198112289874"], ["20270101-2383"]],
         [(2, "id.invalid", "The birth date in the number (2027-01-01) is in the future.")]),
        (None, [["811228-9874"], ["202701012383"]], []),
    ],
)
def test_today_reaches_the_id_checks(today, rows, codes):
    result = clean((["Personnummer"], [["811228-9874"], ["20270101-2383"]]), {"today": today, "dedupe": False})
    assert result.rows == rows
    assert [(i.row, i.code, i.message) for i in result.issues] == codes


def test_today_must_be_a_date():
    with pytest.raises(ValueError) as caught:
        CleanConfig(today="22/11/2026")
    assert "today" in str(caught.value)


# The row's country comes from the country module's table (one source of truth with the country column).
@pytest.mark.parametrize("country,phone", [
    ("Norge", "+4741234567"), ("noreg", "+4741234567"), ("N", "+4741234567"), ("Norway (NO)", "+4741234567"),
    ("Norja", "+4741234567"), ("\u00a0NOR\u200b", "+4741234567"),
    ("Sverige", "412 34 567"), ("", "412 34 567"),  # Swedish rows: not a Swedish number, kept as typed
])
def test_row_country_comes_from_the_country_module(country, phone):
    result = clean((["Land", "Telefon"], [[country, "412 34 567"]]), {"dedupe": False})
    assert result.rows[0][1] == phone



def _broken(value, **context):
    raise TypeError("a bug")


def test_a_crashing_field_module_keeps_the_cell_and_names_the_crash(monkeypatch, unchecked_as_in_production):
    from core.fields import phone

    monkeypatch.setattr(phone, "analyse", _broken)
    result = clean((["Telefon"], [["070-123 45 67"]]), {"dedupe": False})
    assert result.rows == [["070-123 45 67"]]
    assert [(i.code, i.message) for i in result.issues] == [
        ("phone.unchecked", "This value could not be checked (TypeError); it was left as it is.")]


def test_the_suite_fails_on_unchecked(monkeypatch):
    """tests/conftest.py turns *.unchecked into a failure for every test that runs core.clean."""
    from core.fields import phone

    monkeypatch.setattr(phone, "analyse", _broken)
    with pytest.raises(AssertionError, match="phone module crashed"):
        clean((["Telefon"], [["070-123 45 67"]]), {"dedupe": False})
