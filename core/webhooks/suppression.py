"""The suppression list as keyed hashes: flag an address again even when someone pastes the row back.

The server keeps only ``HMAC-SHA256(key, address)`` of every flagged address (trimmed, lower-cased, as
``BounceEvent.email``), never the address itself. ``suppressed_emails`` takes a register's e-mail values,
the hashing key and the stored hashes, and returns the values as the e-mail field module normalizes them
(what ``core.clean`` compares), to put in
``core.models.CleanConfig.suppressed``. Core stays pure: the key and hashes come in as arguments.

>>> key = b"server-secret"
>>> stored = {email_hash("anna.berg@gmail.com", key)}
>>> sorted(suppressed_emails(["ANNA.BERG@GMAIL.COM ", "bo@example.se"], stored, key=key))
['ANNA.BERG@gmail.com']
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection, Iterable, Iterator

from core.fields import email as email_field

__all__ = ["cell_addresses", "email_hash", "suppressed_emails"]


def email_hash(address: str, key: bytes) -> str:
    """The keyed hash stored for an address (hex): HMAC-SHA256 of the trimmed, lower-cased address."""
    return hmac.new(key, address.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()


def suppressed_emails(values: Iterable[str], hashes: Collection[str], *, key: bytes) -> frozenset[str]:
    """The register values (in the e-mail module's normalized form) whose address is on the list.

    ``values`` may be every cell of the rows (non-text and cells without "@" are skipped); a cell matches
    as typed or as ``core.fields.email.normalize`` reads it."""
    if not hashes:
        return frozenset()
    return frozenset(normalized for typed, normalized in cell_addresses(values)
                     if email_hash(typed, key) in hashes or email_hash(normalized, key) in hashes)


def cell_addresses(values: Iterable[object]) -> Iterator[tuple[str, str]]:
    """``(as typed, as the e-mail module reads it)`` of every text cell with an "@" in ``values``: the two forms
    a cell is matched under ("Anna <anna@x.se>" and "mailto:anna@x.se" are read as "anna@x.se").

    >>> list(cell_addresses(["Anna <anna@x.se>", "Anna", 12]))
    [('Anna <anna@x.se>', 'anna@x.se')]
    """
    return ((value, email_field.normalize(value)) for value in values if isinstance(value, str) and "@" in value)
