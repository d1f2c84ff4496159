"""What the table tests of tests/core/dedup assert about a pair: the band a clean gives the two rows and the status
note it writes, read the same way in every file."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from core import CleanConfig, clean

TODAY = datetime.date(2026, 12, 1)
_NOTES = ("row.duplicate", "row.possible_duplicate")


def band_and_note(header: list[str], rows: list[list[str]], country: str,
                  note_rows: Sequence[int] = (2,)) -> tuple[str | None, str]:
    """The band of the cluster holding data rows 1 and 2 (None: none), and the duplicate notes on ``note_rows`` (data
    rows; row 2 is the sheet's row 3, whose note names the sheet's row 2), joined."""
    result = clean((header, rows), CleanConfig(today=TODAY, country=country))
    band = next((c.band for c in result.duplicates if {1, 2} <= set(c.rows)), None)
    notes = [i.message for i in result.issues if i.row in note_rows and i.code in _NOTES]
    return band, " ".join(notes)
