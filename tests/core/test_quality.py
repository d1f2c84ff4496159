"""The quality score: shares per column, weights, duplicates, the explanation."""

import datetime

import pytest

from core.quality import COLUMN_WEIGHTS, DUPLICATE_WEIGHT, METHOD, ROLE_WEIGHTS, ColumnCounts, score


def test_weights_are_a_complete_table():
    assert sum(weight for _, weight in COLUMN_WEIGHTS) == pytest.approx(1.0)
    assert 0 < DUPLICATE_WEIGHT < 1
    assert set(ROLE_WEIGHTS) == {
        "email", "phone", "full_name", "given_name", "family_name", "company", "street", "postal_code", "city",
        "country", "personal_id", "org_id", "birth_date", "updated_at",
    }


@pytest.mark.parametrize(
    "counts,rows,column_score",
    [
        (ColumnCounts(10, 10, 10), 10, 100.0),
        (ColumnCounts(0, 0, 0), 10, 0.0),
        (ColumnCounts(5, 5, 5), 10, 90.0),  # half filled, every filled cell fine: 0.2*50 + 0.4*100 + 0.4*100
        (ColumnCounts(10, 5, 0), 10, 40.0),  # 0.2*100 + 0.4*50 + 0.4*0
        (ColumnCounts(3, 2, 1), 3, 60.0),  # 0.2*100 + 0.4*66.7 + 0.4*33.3
    ],
)
def test_column_score(counts, rows, column_score):
    result = score([counts], rows=rows, header=["E-post"], roles=["email"])
    assert result.columns[0].score == column_score


def test_register_score_weights_roles_skips_unknown_and_empty_columns_and_counts_duplicates():
    counts = [ColumnCounts(10, 10, 10), ColumnCounts(10, 5, 0), ColumnCounts(0, 0, 0), ColumnCounts(10, 0, 0)]
    result = score(counts, rows=10, header=["E-post", "Telefon", "Org.nr", "Notes"],
                   roles=["email", "phone", "org_id", None], duplicate_rows=2)
    # columns: (3*100 + 2*40) / 5 = 76; duplicates: 80 % unique rows
    assert result.score == round(0.85 * 76 + 0.15 * 80, 1) == 76.6
    assert (result.filled_pct, result.valid_pct, result.problem_free_pct) == (100.0, 75.0, 50.0)
    assert result.duplicate_rows == 2
    assert [(c.header, c.role, c.filled_pct, c.valid_pct, c.problem_free_pct) for c in result.columns] == [
        ("E-post", "email", 100.0, 100.0, 100.0),
        ("Telefon", "phone", 100.0, 50.0, 0.0),
        ("Org.nr", "org_id", 0.0, 0.0, 0.0),
        ("Notes", None, 100.0, 0.0, 0.0),
    ]


def test_empty_register_scores_full():
    result = score([ColumnCounts()], rows=0, header=["E-post"], roles=["email"])
    assert (result.score, result.rows, result.columns[0].score) == (100.0, 0, 100.0)


def test_method_sentence_names_the_weights():
    assert METHOD.startswith("Each column scores 20% for filled cells, 40% for valid cells, 40% for cells with no "
                             "problem at all")
    assert "e-mail address ×3, phone number ×2" in METHOD and "makes 85% of it" in METHOD and "which makes 15%." in METHOD


# Right values written in another layout than Rensa's: no problem before, counted as tidied, score unchanged.
RIGHT_IN_ANOTHER_LAYOUT = [
    ("Land", "Sverige", "SE"),
    ("Telefon", "070-123 45 67", "+46701234567"),
    ("Personnummer", "811228-9874", None),
    ("Namn", "ANNA SVENSSON", "Anna Svensson"),
]


@pytest.mark.parametrize(("header", "value", "cleaned"), RIGHT_IN_ANOTHER_LAYOUT)
def test_a_right_value_in_another_layout_is_not_a_problem_before(header, value, cleaned):
    from core import CleanConfig, clean

    result = clean(([header], [[value], [value]]), CleanConfig(dedupe=False, today=datetime.date(2026, 12, 1)))
    assert not result.issues, [i.message for i in result.issues]
    before, after = result.quality.before.columns[0], result.quality.after.columns[0]
    assert before.problem_free_pct == after.problem_free_pct == 100.0
    assert result.quality.before.score == result.quality.after.score
    changed = result.counts.cells_changed
    assert result.counts.cells_tidied == changed == (2 if cleaned and cleaned != value else changed)


def test_a_fix_only_suggested_is_not_counted_as_fixed_after():
    from core import CleanConfig, clean

    result = clean((["E-post"], [["anna@gmial.com"], ["bo@firma.se"]]), CleanConfig(dedupe=False))
    assert [i.suggestion for i in result.issues] == ["anna@gmail.com"]
    assert result.rows[0] == ["anna@gmial.com"]  # only suggested: the cell keeps its value
    before, after = result.quality.before.columns[0], result.quality.after.columns[0]
    assert before.problem_free_pct == after.problem_free_pct == 50.0
    assert result.quality.after.score == result.quality.before.score


def test_a_real_fix_raises_the_score_after():
    """Merging a duplicate (marked Delete, its details moved to the kept row) is work the score counts."""
    from core import CleanConfig, clean

    rows = [["Anna Berg", "anna.berg@firma.se", "0701234567"], ["Anna Berg", "anna.berg@firma.se", ""]]
    result = clean((["Namn", "E-post", "Telefon"], rows), CleanConfig(merge=True))
    assert result.counts.rows_to_delete == 1
    assert result.quality.after.score > result.quality.before.score
