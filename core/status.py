"""Status sentences: one plain line per row that says what is wrong with it, for the ``Rensa status`` column.

A row with no problem gets ``""``. Otherwise row-level notes (duplicates) come first, then each problem
cell as ``<column>: <message>`` in column order, so a person can read the row left to right.

>>> from core.models import FieldIssue
>>> typo = FieldIssue(code="email.typo", severity="warning", message="Did you mean gmail.com?")
>>> row_status(["Duplicate of row 12 (same e-mail, similar name)."], [("E-post", typo)])
'Duplicate of row 12 (same e-mail, similar name). E-post: Did you mean gmail.com?'
>>> row_status([], [])
''
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from core.models import FieldIssue


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def row_status(notes: Sequence[str], problems: Iterable[tuple[str | None, FieldIssue]]) -> str:
    """The status sentence of one row from its row-level notes and (column header, issue) pairs."""
    parts = [_sentence(note) for note in notes]
    parts += [_sentence(f"{header}: {issue.message}" if header else issue.message) for header, issue in problems]
    return " ".join(part for part in parts if part)


# What one duplicate is, per dedupe level (``rensa clean --dedupe-level``): the words of the note on a row
_LEVEL_WORDS = {"person": "duplicate of", "company": "same company as", "household": "same household as"}


def duplicate_note(survivor: int, reasons: Sequence[str], *, sure: bool, delete: bool, score: float | None = None,
                   level: str = "person") -> str:
    """The note on a row that repeats row ``survivor``: that pair's own evidence and score.

    >>> duplicate_note(12, ["same e-mail", "similar name"], sure=True, delete=False)
    'Duplicate of row 12 (same e-mail, similar name).'
    >>> duplicate_note(12, ["same phone"], sure=True, delete=True, score=0.973)
    'Delete: duplicate of row 12 (same phone: 97 %).'
    >>> duplicate_note(3, ["similar name"], sure=False, delete=False, score=0.71)
    'Possible duplicate of row 3 (similar name: 71 %): check by hand.'
    >>> duplicate_note(4, ["same organisation number"], sure=True, delete=False, score=0.99, level="company")
    'Same company as row 4 (same organisation number: 99 %).'
    >>> duplicate_note(4, ["same address", "same family name"], sure=False, delete=False, level="household")
    'Possible same household as row 4 (same address, same family name): check by hand.'
    """
    words = _LEVEL_WORDS.get(level, _LEVEL_WORDS["person"])
    evidence = ", ".join(reasons) or "similar rows"
    if score is not None:
        evidence += f": {int(score * 100) if score < 1 else 100} %"
    why = f" ({evidence})" if reasons or score is not None else ""
    if not sure:
        return f"Possible {words} row {survivor}{why}: check by hand."
    if delete:
        return f"Delete: {words} row {survivor}{why}."
    return f"{words[0].upper()}{words[1:]} row {survivor}{why}."


def survivor_note(others: Sequence[int], *, keep: bool, merged: bool = False) -> str:
    """The note on the row a cluster of duplicates keeps; ``keep`` when the others are marked for deletion.

    >>> survivor_note([13, 20], keep=True, merged=True)
    'Keep: rows 13 and 20 are duplicates of this row; their details were merged in.'
    >>> survivor_note([13], keep=False)
    'Row 13 is a duplicate of this row.'
    >>> survivor_note([13], keep=True, merged=True)
    'Keep: row 13 is a duplicate of this row; its details were merged in.'
    >>> survivor_note([13], keep=True)
    'Keep: row 13 is a duplicate of this row.'
    """
    if len(others) == 1:
        listed, verb, whose = f"Row {others[0]}", "is a duplicate", "its"
    else:
        listed, verb, whose = f"Rows {', '.join(map(str, others[:-1]))} and {others[-1]}", "are duplicates", "their"
    note = f"{listed} {verb} of this row"
    if keep:
        note = f"Keep: {note[0].lower()}{note[1:]}"
    return f"{note}; {whose} details were merged in." if merged else f"{note}."


# The columns ``rensa clean --merge --drop-merged`` puts first in FILE.merged-away.csv: where each removed row was,
# and the row (of the input, as the sheet numbers it) that it was merged into
MERGED_ROW_HEADER = "Row"
MERGED_INTO_HEADER = "Merged into row"
