"""Per-account keys for the keyed hashes Rensa keeps of register values (no register contents at rest).

One scheme for every table that keeps an account's values as hashes: a master key derived from
``RENSA_KEY_PEPPER`` (never stored), and per account ``HMAC-SHA256(master, purpose + ":" + account id)``. So
the same address or number hashes differently in two accounts (a database dump does not show that two
customers share a customer), one account's key unmasks nothing of another's, and the purpose keeps two uses
within one account apart. Users: the uploaded suppression lists (``functions.suppression.store``, purpose
``suppression-lists``) and the webhooks' event addresses and suppression list
(``functions.webhooks.store``, purpose ``hook-addresses``).

>>> master = b"m" * 32
>>> account_key(master, "acc_1", purpose=HOOK_ADDRESSES) == account_key(master, "acc_2", purpose=HOOK_ADDRESSES)
False
>>> account_key(master, "acc_1", purpose=HOOK_ADDRESSES) == account_key(master, "acc_1", purpose=SUPPRESSION_LISTS)
False
"""

from __future__ import annotations

import hashlib
import hmac

__all__ = ["HOOK_ADDRESSES", "SUPPRESSION_LISTS", "account_key", "master_key"]

SUPPRESSION_LISTS = "suppression-lists"
HOOK_ADDRESSES = "hook-addresses"


def master_key(pepper: str) -> bytes:
    """The master of the per-account keys. Its label is the one the suppression lists were first keyed with
    (migration ``i17a``): another label would orphan every stored list entry."""
    return hashlib.sha256(b"rensa-suppression-lists:" + pepper.encode()).digest()


def account_key(master: bytes, account_id: str, *, purpose: str) -> bytes:
    """The account's key for ``purpose``: HMAC-SHA256 of ``purpose:account id`` under the master key."""
    return hmac.new(master, f"{purpose}:{account_id}".encode(), hashlib.sha256).digest()
