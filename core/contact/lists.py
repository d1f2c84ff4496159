"""Suppression lists: read the rows of a delivered file into typed values, and hold the hashes to match.

A list file is what a NIX reseller, Brønnøysund or a bureau delivers, or a company's own opt-out list:
one value a line, or several columns, with a header row or without. ``list_values`` finds the values a
row holds (phone numbers, national ids, e-mail addresses) whatever the layout; a row that holds none is
counted as unreadable and named, so a wrong file is noticed instead of matching nothing in silence.

>>> found = list_values([["Telefonnummer"], ["070-123 45 67"], ["701234567"], ["hej"]], kind="nix")
>>> found.values, found.header, found.unreadable
(['phone:46701234567'], True, [4])
"""

from __future__ import annotations

import datetime
import re
from array import array
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from core.contact.kinds import KINDS, valid_until
from core.contact.values import email_keys, hasher, id_key, phone_keys

# Header words that say which kind of value a column of a list file holds.
_HEADER_TYPES = {
    "phone": ("tel", "phone", "mobil", "nummer", "number", "nr", "puhelin", "gsm", "msisdn", "anr"),
    "id": ("personnummer", "personnr", "pnr", "fødselsnummer", "fodselsnummer", "fnr", "cpr", "hetu",
           "henkilötunnus", "ssn", "personal", "identitet", "id"),
    "email": ("mail", "e-post", "epost", "sähköposti", "email"),
}
_IGNORED_HEADER = ("namn", "navn", "name", "nimi", "adress", "address", "osoite", "ort", "city", "postnummer",
                   "postnr", "zip", "dato", "datum", "date", "kommentar", "note")


_ID_SEPARATOR = re.compile(r"^\d{6}(?:\d{2})?[-+]\s*\d{3}")


def _header_type(name: str) -> str | None:
    words = name.strip().casefold()
    if not words or any(word in words for word in _IGNORED_HEADER) and "nummer" not in words:
        return None
    for kind in ("email", "id", "phone"):
        if any(word in words for word in _HEADER_TYPES[kind]):
            return kind
    return None


def _is_header(row: Sequence[str]) -> bool:
    cells = [c.strip() for c in row if c and c.strip()]
    return bool(cells) and not any(any(ch.isdigit() for ch in c) or "@" in c for c in cells)


def cell_keys(text: str, want: str | None, country: str | None, today: datetime.date | None) -> list[str]:
    """The typed canonical values of one list cell; ``want`` narrows to one type (from the header).

    Without a header a cell is read as one thing: an e-mail when it has "@"; a phone number when it starts
    with ``0`` or ``+`` and has no id separator (national numbers do; a personnummer written with its
    hyphen or century does not); else a valid national id; else a phone number.

    >>> day = datetime.date(2026, 12, 1)
    >>> cell_keys("0701234567", None, "SE", day), cell_keys("850101-1236", None, "SE", day)
    (['phone:46701234567'], ['id:198501011236'])
    """
    text = text.strip()
    if not text:
        return []
    if "@" in text:
        return email_keys(text) if want in (None, "email") else []
    if want == "phone" or (want is None and text.startswith(("0", "+")) and not _ID_SEPARATOR.search(text)):
        return phone_keys(text, country)
    for country_of_id in dict.fromkeys([country or "SE", "SE", "NO", "DK", "FI"]):
        key = id_key(text, country_of_id, today)
        if key is not None:
            return [key]
    return phone_keys(text, country) if want is None else []


@dataclass
class ListValues:
    values: list[str]  # typed canonical values ("phone:46701234567"), each once
    header: bool  # the first row was a header
    unreadable: list[int] = field(default_factory=list)  # 1-based file rows that held no value
    rows: int = 0  # rows read (without the header)


def _typed_values(rows: Iterable[Sequence[str]], kind: str, today: datetime.date | None, country: str | None,
                  stats: ListValues, keep_unreadable: int) -> Iterator[str]:
    """Every typed canonical value in the rows (repeats included), counting rows into ``stats``."""
    spec = KINDS[kind]
    country = country or spec.country or "SE"
    wanted_types = {"nix": "phone", "opt_out_email": "email"}.get(kind)
    columns: list[str | None] | None = None
    for number, row in enumerate(rows, start=1):
        if number == 1 and _is_header(row):
            stats.header = True
            typed = [_header_type(name) for name in row]
            columns = typed if any(typed) else None
            continue
        stats.rows += 1
        found = False
        for index, cell in enumerate(row):
            if not cell:
                continue
            want = wanted_types
            if columns is not None:
                want = columns[index] if index < len(columns) else None
                if want is None or (wanted_types and want != wanted_types):
                    continue
            for key in cell_keys(str(cell), want, country, today):
                found = True
                yield key
        if not found and len(stats.unreadable) < keep_unreadable and any(str(c).strip() for c in row):
            stats.unreadable.append(number)


def list_values(rows: Iterable[Sequence[str]], *, kind: str, today: datetime.date | None = None,
                country: str | None = None, keep_unreadable: int = 20) -> ListValues:
    """The values a list file's rows hold, each once; ``country`` for numbers without a calling code
    (default: the kind's own country, SE for NIX and NO for Reservasjonsregisteret, else SE)."""
    stats = ListValues([], False)
    stats.values = list(dict.fromkeys(_typed_values(rows, kind, today, country, stats, keep_unreadable)))
    return stats


def hashed_list(rows: Iterable[Sequence[str]], *, kind: str, key: bytes, today: datetime.date | None = None,
                country: str | None = None, keep_unreadable: int = 20) -> tuple[CompactHashes, ListValues]:
    """A list file's values straight into compact hashes, without keeping the values: a million numbers
    cost 8 MB (what the CLI matches a register against)."""
    stats = ListValues([], False)
    digest = hasher(key)
    prefixes = array("Q", (int(digest(v)[:16], 16)
                           for v in _typed_values(rows, kind, today, country, stats, keep_unreadable)))
    return CompactHashes.from_prefixes(prefixes), stats


class CompactHashes(Collection):
    """A large set of hex hashes kept as sorted 64-bit prefixes: 8 bytes an entry instead of ~110.

    A million NIX numbers take 8 MB. Two different values share a 64-bit prefix with a chance of about
    one in 10^13 per lookup at that size; a false match marks a row "do not call", the safe side."""

    def __init__(self, hashes: Iterable[str]) -> None:
        self._keys = array("Q", sorted({int(h[:16], 16) for h in hashes}))

    @classmethod
    def from_prefixes(cls, prefixes: array) -> CompactHashes:
        """From 64-bit prefixes (sorted and made unique here, in place)."""
        made = cls(())
        ordered = array("Q", sorted(prefixes))
        del prefixes[:]
        unique = array("Q")
        last = None
        for value in ordered:
            if value != last:
                unique.append(value)
                last = value
        made._keys = unique
        return made

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, str):
            return False
        key = int(item[:16], 16)
        at = bisect_left(self._keys, key)
        return at < len(self._keys) and self._keys[at] == key

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        return (f"{k:016x}" for k in self._keys)


@dataclass(frozen=True)
class SuppressionList:
    """One uploaded list as core sees it: its kind and dates, and the keyed hashes of its values (or the
    subset of them a register can match: the API sends only those the database found)."""

    kind: str
    date: datetime.date | None
    hashes: Collection[str]
    valid_until: datetime.date | None = None
    name: str = ""
    id: str = ""
    entries: int | None = None  # how many values the list holds (len(hashes) when not given)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.kind!r} is not a kind of suppression list")
        if self.valid_until is None and KINDS[self.kind].valid_months is not None and self.date is not None:
            object.__setattr__(self, "valid_until", valid_until(self.kind, self.date))

    def expired(self, today: datetime.date | None) -> bool:
        return self.ended(today) is not None

    def ended(self, today: datetime.date | None) -> datetime.date | None:
        """The last day the list was valid, once ``today`` is past it; None while it is valid (or has no end)."""
        if today is not None and self.valid_until is not None and today > self.valid_until:
            return self.valid_until
        return None


def hash_values(values: Iterable[str], key: bytes) -> list[str]:
    """The stored hashes of typed canonical values."""
    digest = hasher(key)
    return [digest(value) for value in values]
