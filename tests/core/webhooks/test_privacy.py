"""What of an event is kept: reasons as providers send them (SMTP replies quote the address in many ways)
lose every address and keep the rest; identifiers become keyed hashes that stay equal for equal ids."""

from __future__ import annotations

import pytest

from core.webhooks.privacy import id_hash, without_addresses


@pytest.mark.parametrize("reason, kept", [
    ("smtp;550 5.1.1 <anna.berg@firma.se>: Recipient address rejected: User unknown in virtual mailbox table",
     "smtp;550 5.1.1 <…>: Recipient address rejected: User unknown in virtual mailbox table"),
    ("550-5.1.1 The email account that you tried to reach does not exist. anna@gmail.com",
     "550-5.1.1 The email account that you tried to reach does not exist. …"),
    ("452 4.2.2 The email account that you tried to reach is over quota (Kari.Nordmann+news@Firma.NO)",
     "452 4.2.2 The email account that you tried to reach is over quota (…)"),
    ('bounce: "olle@firma.dk" mailbox unavailable; to=olle@firma.dk,relay=mx.firma.dk',
     'bounce: "…" mailbox unavailable; to=…,relay=mx.firma.dk'),
    ("mailto:bo%40firma.se unknown", "mailto:… unknown"),
    ("5.7.1 Service unavailable; client host blocked using Spamhaus", "5.7.1 Service unavailable; client host blocked using Spamhaus"),
    ("hard", "hard"),
    ("", ""),
])
def test_reasons_lose_their_addresses(reason, kept):
    assert without_addresses(reason) == kept
    assert "@" not in without_addresses(reason)


def test_identifiers_are_keyed_hashes():
    key, other = b"k" * 32, b"o" * 32
    assert id_hash("sendgrid:ZHJvcC0x", key, purpose="event") == id_hash("sendgrid:ZHJvcC0x", key, purpose="event")
    assert id_hash("sendgrid:ZHJvcC0x", key, purpose="event") != id_hash("sendgrid:zhjvcC0x", key, purpose="event")
    assert id_hash("m1", key, purpose="event") != id_hash("m1", key, purpose="message")
    assert id_hash("m1", key, purpose="event") != id_hash("m1", other, purpose="event")
    assert len(id_hash("x" * 5000, key, purpose="event")) == 64
