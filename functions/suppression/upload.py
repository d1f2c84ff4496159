"""Read a delivered list file (text: CSV, semicolon or tab separated, or one value a line) into rows.

Shared by the API (``POST /v1/suppression-lists``), the add-on (which sends the file's text) and the CLI
(``rensa clean --suppress KIND=FILE[@DATE]``), so a file reads the same everywhere. Encodings: UTF-8 (with
or without BOM), UTF-16 with BOM, else Windows-1252, as Nordic exports come.

>>> read_list_text("Telefon;Namn\\r\\n070-123 45 67;Anna\\r\\n")
[['Telefon', 'Namn'], ['070-123 45 67', 'Anna']]
>>> read_list_text("46701234567\\n46702223344")
[['46701234567'], ['46702223344']]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from core.errors import InputError
from core.i18n import N_

MAX_COLUMNS = 50


def decode(data: bytes, name: str = "the list") -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4000]:
        raise InputError(N_("{file}: this is not a text file; save the list as CSV or text."), code="suppression.not_text",
                         file=name)
    return data.decode("cp1252", errors="replace")


def read_list_text(text: str, name: str = "the list") -> list[list[str]]:
    """Rows of cells; the separator is guessed from the first lines (``;``, ``,``, tab or none)."""
    return list(iter_list_rows(text, name))


def iter_list_rows(text: str, name: str = "the list") -> Iterator[list[str]]:
    """``read_list_text`` one row at a time (a million-line list is never a million lists in memory)."""
    text = text.lstrip("\ufeff")
    sample = "\n".join(text.splitlines()[:20])
    counts = {sep: sample.count(sep) for sep in (";", "\t", ",")}
    separator = max(counts, key=counts.__getitem__) if max(counts.values()) else None
    if separator == "," and all(_one_number_with_commas(line) for line in sample.splitlines() if line.strip()):
        separator = None  # "070,123 45 67" is rare, but a comma inside one value is not a column
    if separator is None:
        for line in io.StringIO(text):
            if line.strip():
                yield [line.strip()]
        return
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=separator), start=1):
        if len(row) > MAX_COLUMNS:
            raise InputError(N_("{file}: row {row} has {n} columns; a list file has at most {limit}. Send the column "
                                "of numbers, ids or e-mail addresses."), code="suppression.too_wide", file=name,
                             row=number, n=len(row), limit=MAX_COLUMNS)
        if any(c.strip() for c in row):
            yield row


def _one_number_with_commas(line: str) -> bool:
    return line.count(",") == 1 and "@" not in line and all(c.isdigit() or c in " ,+-()" for c in line.strip())
