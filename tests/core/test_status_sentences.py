"""One voice: every status, note and count sentence is written once, in core, and the table of them is current.

The CLI, the API handlers and the add-on show core's text (``core.status``, ``POST /v1/clean``'s ``notes`` and
``summary``, ``GET /v1/vocabulary``); a copy of a sentence in any of them is what made the wash say
"0 rows are duplicates" above "5 × Delete: duplicate of row 2", so this test looks for copies.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core import CleanConfig, clean, status
from scripts import status_sentences

ROOT = Path(__file__).resolve().parents[2]
SURFACES = sorted([*ROOT.glob("addon/*.gs"), *ROOT.glob("addon/*.html"), *ROOT.glob("cli/**/*.py"),
                   *ROOT.glob("functions/**/*.py")])
# Wordings the surfaces used to build themselves; none may come back.
OLD_COPIES = ["duplicate of row", "has duplicates", "rows are duplicates", "row is a duplicate",
              "marked as duplicates", "Cleaned {n} cell", "Cleaned {count} cell", "cells cleaned", "kept your edit", "Do not send:"]


def _fragments(template: str) -> list[str]:
    """The fixed parts of a template long enough to be a copy, not a common word."""
    parts = re.split(r"\{[^}]*\}", template)
    return [p.strip(" .,:;()") for p in parts if len(p.strip()) >= 16 and len(p.split()) >= 3]


def test_the_table_is_generated_from_core():
    assert status_sentences.OUT.read_text(encoding="utf-8") == status_sentences.generate(), (
        "docs/status-sentences.md is out of date: run python -m scripts.status_sentences")


@pytest.mark.parametrize("key", sorted(status.SENTENCES))
def test_every_template_fills_with_its_example(key):
    sentence = status.SENTENCES[key]
    text = sentence.template.format(**sentence.example)
    assert "{" not in text and text.strip() == text and text


def test_no_surface_holds_a_copy_of_a_core_sentence():
    copies = []
    sources = {path: path.read_text(encoding="utf-8").casefold() for path in SURFACES}
    for key, sentence in status.SENTENCES.items():
        for fragment in _fragments(sentence.template):
            copies += [f"{path.relative_to(ROOT)}: {key} ({fragment!r})" for path, text in sources.items()
                       if fragment.casefold() in text]
    for phrase in OLD_COPIES:
        copies += [f"{path.relative_to(ROOT)}: {phrase!r}" for path, text in sources.items()
                   if phrase.casefold() in text]
    assert SURFACES and not copies, "\n".join(copies)


def test_the_scan_would_find_a_copy(tmp_path):
    """The scan is not vacuous: a surface file holding a core sentence is caught."""
    fragment = _fragments(status.SENTENCES["row.keep_merged.many"].template)[0]
    assert fragment.casefold() in f"status = 'Keep: rows 3 and 4 are duplicates of this row; {fragment}'".casefold()
    assert _fragments(status.SENTENCES["count.dry_run"].template) == ["Test wash only: nothing was written"]


def _register(merge: bool):
    header = ["Namn", "E-post", "Telefon", "Land"]
    rows = [
        ["Anna Berg", "anna.berg@gmail.com", "070-941 20 25", "Sverige"],
        ["Bo Ek", "bo.ek@telia.se", "0701234567", "SE"],
        ["Anna Berg", "anna.berg@gmail.com", "0709412025", "Sverige"],
        ["anna berg", "ANNA.BERG@gmail.com", "+46 70 941 20 25", "Sweden"],
        ["Cilla Dahl", "cilla@gmial.com", "08-123 456 78", "Norge"],
    ]
    return clean((header, rows), CleanConfig(merge=merge))


@pytest.mark.parametrize("merge", [False, True])
def test_counts_agree_with_the_status_column_and_the_issues(merge):
    """The same register gives the same numbers wherever they are counted (the wash said 0 above 5 × Delete)."""
    result = _register(merge)
    counts = result.counts
    notes = [s for s in result.status if s.startswith(("Duplicate of row", "Delete: duplicate of row"))]
    assert counts.duplicate_rows == len(notes) == sum(1 for i in result.issues if i.code == "row.duplicate") == 2
    assert counts.rows_to_delete == (2 if merge else 0)
    assert sum(1 for s in result.status if s.startswith("Delete:")) == counts.rows_to_delete
    assert counts.problems == len(result.issues)
    assert counts.rows_with_problems == len({i.row for i in result.issues}) <= sum(1 for s in result.status if s)
    assert counts.cells_changed == len(result.changes)
    # the score counts the same duplicates: before, every repeating row; after a merge, none left to delete
    assert result.quality.before.duplicate_rows == counts.duplicate_rows
    assert result.quality.after.duplicate_rows == counts.duplicate_rows - counts.rows_to_delete
    lines = status.summary(counts, dry_run=True)
    assert status.say_count("count.duplicates", 2, groups=1) in lines
    assert lines[0] == status.say_count("count.would_change", counts.cells_changed)
    assert lines[-1] == status.say("count.dry_run")
    assert status.summary(counts, dry_run=False)[0] == status.say_count("count.changed", counts.cells_changed)


def test_notes_are_the_start_of_the_status():
    """The add-on cleans in parts and takes the row notes from one dry run: they must be what the CLI writes."""
    result = _register(False)
    assert result.notes
    for row, note in result.notes.items():
        assert result.status[row - 1].startswith(note)
