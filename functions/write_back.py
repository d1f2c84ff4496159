"""Planning the write-back of a cleaned connected register: which cells change, where the status goes.

The tab's status column (by default "Rensa status") is left out of what is cleaned, and rewritten
whole, so old statuses never linger. Only cells whose cleaned value differs are written. How they are
written (as text, formulas kept, a hidden backup first) is ``functions.adapters.sheets.Sheets``'s part of
the write-back contract in docs/ARCHITECTURE.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from functions.adapters.sheets import Snapshot


@dataclass
class WritePlan:
    snapshot: Snapshot
    status_name: str
    kept: list[int]  # grid column (0-based) of each cleaned column
    status_index: int  # grid column (0-based) of the status column

    @property
    def header(self) -> list[str]:
        full = self.snapshot.header
        return [full[i] for i in self.kept]

    @property
    def rows(self) -> list[list[str]]:
        rows = self.snapshot.rows
        while rows and not any(cell.strip() for cell in rows[-1]):
            rows.pop()
        return [[row[i] for i in self.kept] for row in rows]

    @property
    def extra_columns(self) -> int:
        """Columns to add to the tab's grid so the status column fits."""
        return max(0, self.status_index + 1 - self.snapshot.col_count)

    def cells(self, changes, status: list[str]) -> tuple[list[tuple[int, int, str]], tuple[int, list[str]]]:
        """``(changed cells as (grid row, grid column, value), (status grid column, values from the header down))``."""
        top = self.snapshot.header_row
        cells = [(top + c.row, self.kept[c.column] + 1, c.after) for c in changes]
        return cells, (self.status_index + 1, [self.status_name, *status])


def plan_write_back(snapshot: Snapshot, status_name: str) -> WritePlan:
    header = snapshot.header
    if status_name in header:
        status_index = header.index(status_name)
    else:
        status_index = len(header)
    kept = [i for i in range(len(header)) if i != status_index]
    return WritePlan(snapshot, status_name, kept, status_index)
