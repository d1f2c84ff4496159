"""The quality score ("test wash"): how filled, valid and problem-free a register is, from 0 to 100 %.

Per column, three shares: cells that are filled (of all rows), and of the filled cells, those that are
valid (no error) and those with no problem at all. A right value that the cleaner only puts into one
layout (``Sverige`` -> ``SE``) is not a problem before (it is "tidied", counted apart), and a flagged value
whose fix is only suggested is still a problem after. A column's score mixes them with ``COLUMN_WEIGHTS``; the register's score is
the mean of its columns weighted by ``ROLE_WEIGHTS`` (columns with no known role, and empty columns, do
not count) mixed with the share of rows that are not duplicates (``DUPLICATE_WEIGHT``). The weights are data, and ``METHOD`` explains
them in one paragraph for the report.

>>> email = ColumnCounts(filled=8, valid=6, problem_free=5)
>>> notes = ColumnCounts(filled=2, valid=2, problem_free=2)
>>> result = score([email, notes], rows=10, header=["E-post", "Notes"], roles=["email", None])
>>> result.columns[0].score, result.score
(71.0, 75.3)
>>> score([], rows=0, header=[], roles=[]).score
100.0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.i18n import N_, Translator, translator
from core.models import ColumnQuality, QualityScore
from core.roles import ROLE_NAMES

# How a column's score is made: (measure, weight); the weights sum to 1.
COLUMN_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("filled", 0.2),
    ("valid", 0.4),
    ("problem_free", 0.4),
)

# How much each column counts in the register's score; a role missing here counts 0.
ROLE_WEIGHTS: dict[str, float] = {
    "email": 3.0,
    "phone": 2.0,
    "full_name": 2.0,
    "given_name": 1.0,
    "family_name": 1.0,
    "company": 1.0,
    "street": 1.0,
    "postal_code": 1.0,
    "city": 1.0,
    "personal_id": 1.0,
    "org_id": 1.0,
    "country": 0.5,
    "birth_date": 0.5,
    "updated_at": 0.5,
}

# The share of the register's score that comes from rows not being duplicates.
DUPLICATE_WEIGHT = 0.15

_LABELS = {"filled": N_("filled cells"), "valid": N_("valid cells"), "problem_free": N_("cells with no problem at all")}


def method(t: Translator | None = None) -> str:
    """How the score is made, in one paragraph in ``t``'s language (the weights are the data above)."""
    t = t or translator("en")
    weights = ", ".join(t._("{share} for {what_label}", share=t.percent(weight * 100), what_label=_LABELS[name])
                        for name, weight in COLUMN_WEIGHTS)
    roles = ", ".join(f"{t.gettext(ROLE_NAMES[role])} ×{t.decimal(weight)}" for role, weight in ROLE_WEIGHTS.items())
    return t._("Each column scores {weights} (filled: share of all rows; valid and no problem: share of the filled "
               "cells; a right value only written in another layout is not a problem, and a fix Rensa only suggests "
               "does not count as fixed). The register's score is the mean of its columns weighted by role ({roles}; "
               "columns with no known role do not count), which makes {columns_share} of it, and the share of rows "
               "that are not duplicates, which makes {duplicates_share}.", weights=weights, roles=roles,
               columns_share=t.percent((1 - DUPLICATE_WEIGHT) * 100), duplicates_share=t.percent(DUPLICATE_WEIGHT * 100))


METHOD = method()


@dataclass
class ColumnCounts:
    """Counts for one column in one state (before or after); the engine fills these as it goes."""

    filled: int = 0
    valid: int = 0
    problem_free: int = 0


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 100.0


def _shares(counts: ColumnCounts, rows: int) -> dict[str, float]:
    """filled of all rows, valid and problem_free of the filled cells, in percent (0 for an empty column)."""
    filled = counts.filled
    return {
        "filled": 100.0 * filled / rows if rows else 100.0,
        "valid": 100.0 * counts.valid / filled if filled else 0.0,
        "problem_free": 100.0 * counts.problem_free / filled if filled else 0.0,
    }


def _column_score(counts: ColumnCounts, rows: int) -> float:
    if not rows:
        return 100.0
    shares = _shares(counts, rows)
    return round(sum(weight * shares[name] for name, weight in COLUMN_WEIGHTS), 1)


def score(
    counts: Sequence[ColumnCounts],
    *,
    rows: int,
    header: Sequence[str],
    roles: Sequence[str | None],
    duplicate_rows: int = 0,
) -> QualityScore:
    """The quality of one state of a register from its per-column counts."""
    columns = [
        ColumnQuality.model_construct(
            column=i,
            header=header[i],
            role=roles[i],
            filled_pct=_pct(c.filled, rows),
            valid_pct=_pct(c.valid, c.filled) if c.filled else 0.0,
            problem_free_pct=_pct(c.problem_free, c.filled) if c.filled else 0.0,
            score=_column_score(c, rows),
        )
        for i, c in enumerate(counts)
    ]
    weighted = [(ROLE_WEIGHTS.get(roles[i] or "", 0.0), c) for i, c in enumerate(counts)]
    weighted = [(w, c) for w, c in weighted if w > 0 and c.filled]
    total_weight = sum(w for w, _ in weighted)
    column_part = (
        sum(w * _column_score(c, rows) for w, c in weighted) / total_weight if total_weight else 100.0
    )
    unique_part = 100.0 - (100.0 * duplicate_rows / rows if rows else 0.0)
    register = (1 - DUPLICATE_WEIGHT) * column_part + DUPLICATE_WEIGHT * unique_part
    cells = rows * len(weighted)
    filled = sum(c.filled for _, c in weighted)
    return QualityScore.model_construct(
        score=round(register, 1),
        rows=rows,
        filled_pct=_pct(filled, cells),
        valid_pct=_pct(sum(c.valid for _, c in weighted), filled),
        problem_free_pct=_pct(sum(c.problem_free for _, c in weighted), filled),
        duplicate_rows=duplicate_rows,
        columns=columns,
    )
