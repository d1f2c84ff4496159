"""bench/dedup_bench.py's scoring: the sure band's pairs from the clusters file, and several seeds pooled.

A 5,000-row register holds about five wrongly marked rows, so the bench pools several seeds of one register
kind and size into one line; the pooled line sums pairs and rows (a seed with more pairs weighs more), it does
not average the seeds' figures.
"""

from __future__ import annotations

import pytest

from bench import dedup_bench as bench


def _clusters(tmp_path, lines):
    path = tmp_path / "clusters.csv"
    path.write_text("id,cluster_id\n" + "".join(f"{row},{cluster}\n" for row, cluster in lines), encoding="utf-8")
    return path


def test_score_counts_the_pairs_of_the_numbered_clusters(tmp_path):
    truth = {"1": "anna", "2": "anna", "3": "anna", "4": "erik", "5": "karin"}
    # rows 1+2 (right), 4+5 (wrong); row 3 missed
    figures = bench.score(_clusters(tmp_path, [("1", "7"), ("2", "7"), ("3", ""), ("4", "8"), ("5", "8")]), truth)
    assert (figures["pairs_found"], figures["pairs_true"], figures["pairs_hit"], figures["rows"]) == (2, 3, 1, 5)
    assert (figures["precision"], figures["recall"]) == (0.5, pytest.approx(0.3333, abs=1e-4))


def test_pooled_sums_pairs_and_rows_instead_of_averaging_figures():
    small = {"pairs_found": 10, "pairs_true": 10, "pairs_hit": 10, "rows": 100, "wrongly_marked_rows": 0}
    large = {"pairs_found": 100, "pairs_true": 110, "pairs_hit": 90, "rows": 1000, "wrongly_marked_rows": 11}
    line = bench.pooled("holdout 5000 (seeds 1 2 pooled)", [small, large])
    assert (line["pairs_found"], line["pairs_true"], line["pairs_hit"], line["rows"]) == (110, 120, 100, 1100)
    assert line["precision"] == round(100 / 110, 4)  # not (1.0 + 0.9) / 2
    assert line["recall"] == round(100 / 120, 4)
    assert (line["wrongly_marked_rows"], line["wrongly_marked_pct"]) == (11, 1.0)


def test_pooled_leaves_out_wrongly_marked_rows_when_a_run_had_no_report():
    line = bench.pooled("nordic", [{"pairs_found": 4, "pairs_true": 4, "pairs_hit": 4, "rows": 10},
                                   {"pairs_found": 2, "pairs_true": 2, "pairs_hit": 2, "rows": 10,
                                    "wrongly_marked_rows": 0}])
    assert "wrongly_marked_rows" not in line
    assert line["f1"] == 1.0
