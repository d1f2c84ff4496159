"""Writing a generated register and its truth: shared by the dedup generators' command lines."""

from __future__ import annotations

import csv
from pathlib import Path


def write_register(out: str | Path, header: list[str], table: list[list[str]], truth: list) -> None:
    """``out`` (the register as CSV, UTF-8) and ``out.truth.csv`` (each row's id and the person it is)."""
    out = Path(out)
    with out.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *table])
    with out.with_suffix(".truth.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([[header[0], "entity"], *truth])
