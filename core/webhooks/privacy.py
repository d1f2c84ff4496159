"""What of a webhook event may be kept at rest: keyed hashes of its identifiers, its reason without addresses.

An event names a customer by address, and providers put that address into more than the address field: SES
builds its ids from it, several providers have no id at all (Rensa's id is then a hash of the payload,
address included), and an SMTP reply usually quotes it (``550 5.1.1 <anna@firma.se>: user unknown``). The
store keeps ``core.webhooks.suppression.email_hash`` of the address, ``id_hash`` of each identifier (equal
ids stay equal, so re-deliveries and "once per message" still work) and the reason through
``without_addresses``. Core stays pure: the key comes in as an argument.

>>> key = b"server-secret"
>>> id_hash("ses_sns:fb-1:anna@firma.se", key, purpose="event") == id_hash("ses_sns:fb-1:anna@firma.se", key, purpose="event")
True
>>> id_hash("m-1", key, purpose="event") == id_hash("m-1", key, purpose="message")
False
>>> without_addresses("smtp;550 5.1.1 <Anna.Berg@firma.se>: Recipient address rejected")
'smtp;550 5.1.1 <…>: Recipient address rejected'
"""

from __future__ import annotations

import hashlib
import hmac
import re

__all__ = ["id_hash", "without_addresses"]

# An address-like token: something, "@" (or its percent-encoding), something; stops at the characters that
# delimit addresses in SMTP replies and provider texts, so the brackets and punctuation around it stay.
_ADDRESS = re.compile(r"""[^\s<>()\[\]{}"'`,;:=|\\]*(?:@|%40)[^\s<>()\[\]{}"'`,;:=|\\]*""", re.IGNORECASE)


def id_hash(value: str, key: bytes, *, purpose: str) -> str:
    """The keyed hash kept for an identifier (hex): HMAC-SHA256 of ``purpose:value``, case kept (provider ids
    are case-sensitive). ``purpose`` keeps an event id and a message id that happen to be equal apart."""
    message = f"{purpose}:{value}".encode("utf-8", "surrogatepass")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def without_addresses(text: str) -> str:
    """``text`` with every address-like token replaced by ``…`` (the SMTP code and the words around it stay)."""
    return _ADDRESS.sub("…", text)
