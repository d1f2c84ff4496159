"""Reference lists the field modules read (package data; see docs/fields.md).

Every file is UTF-8 text, one entry a line, ``#`` starts a comment line. ``lines`` reads a list,
``table`` a two-column tab-separated file.

>>> "gmail.com" in lines("email_providers.txt"), table("country_english.txt")["SE"]
(True, 'Sweden')
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def _entries(name: str) -> list[str]:
    text = (FOLDER / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def lines(name: str) -> tuple[str, ...]:
    """The entries of a list file, in order, each once."""
    return tuple(dict.fromkeys(_entries(name)))


def table(name: str) -> dict[str, str]:
    """A two-column file (``key<TAB>value``) as a dict; a later key wins."""
    return dict(line.split("\t", 1) for line in _entries(name))
