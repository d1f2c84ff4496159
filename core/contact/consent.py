"""Consent columns: which columns record a consent, for which channel, and since when.

A consent column is found by its header (``Samtycke``, ``Samtykke``, ``Consent``, ``Nyhetsbrev``,
``Godkänt utskick``, ``Samtycke telefon``, ``Suostumus``…); its channel by the words in it (telefon/ring →
calls, e-post/nyhetsbrev/utskick → e-mail, post/brev → post; none → every channel). Its date is a column
whose header names a consent word and a date word (``Samtycke datum``, ``Consent date``), or the date typed
in the consent cell itself. A ``Kanal``/``Channel`` column says which channels a row is marked for.

>>> found = find_consent_columns(["Namn", "Samtycke telefon", "Samtycke datum", "Nyhetsbrev"])
>>> [(c.column, c.channels, c.date_column) for c in found]
[(1, ('phone',), 2), (3, ('email',), None)]
>>> read_consent("Ja"), read_consent("nej"), read_consent("2026-05-01")
((True, None), (False, None), (True, datetime.date(2026, 5, 1)))
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.contact.kinds import CHANNELS

_CONSENT_WORDS = ("samtycke", "samtykke", "consent", "nyhetsbrev", "newsletter", "godkänt utskick",
                  "godkänd utskick", "godkjent", "godkendt", "opt-in", "optin", "opt in", "suostumus",
                  "markkinointilupa", "uutiskirje", "tilladelse", "permission")
_DATE_WORDS = ("datum", "dato", "date", "päivä", "pvm", "när", "when", "tidpunkt", "tidspunkt")
_CHANNEL_WORDS = {
    "phone": ("telefon", "tel", "ring", "samtal", "call", "phone", "puhelin", "soitto", "sms"),
    "email": ("e-post", "epost", "email", "e-mail", "mail", "nyhetsbrev", "newsletter", "utskick",
              "sähköposti", "uutiskirje"),
    "post": ("post", "brev", "letter", "dm", "direktreklam", "adressert", "adresserad", "kirje"),
}
_MARKED_WORDS = ("kanal", "channel", "kontaktväg", "kontaktsätt", "kontaktvei", "kontaktform", "kanava")
_YES = frozenset("ja j yes y x 1 true sant sann kyllä k ok ✓ ✔ godkänt godkjent godkendt samtycke samtykke "
                 "consent opt-in optin given".split())
_NO = frozenset("nej nei no n 0 false falskt usant ei nej tack nei takk opt-out optout".split())
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")


@dataclass(frozen=True)
class ConsentColumn:
    column: int
    header: str
    channels: tuple[str, ...]
    date_column: int | None


def _words(header: str) -> str:
    return " ".join(header.strip().casefold().replace("_", " ").split())


def _channels_in(text: str) -> tuple[str, ...]:
    tokens = set(re.split(r"[\s/,()+&]+", text))
    found = []
    for channel in CHANNELS:
        for word in _CHANNEL_WORDS[channel]:
            if word in tokens or (len(word) > 4 and word in text and not (channel == "post" and "e-post" in text)):
                found.append(channel)
                break
    return tuple(found)


def _is_consent(text: str) -> bool:
    return any(word in text for word in _CONSENT_WORDS)


def _is_date(text: str) -> bool:
    return any(word in text.split() or text.endswith(word) for word in _DATE_WORDS)


def find_consent_columns(header: Sequence[str]) -> list[ConsentColumn]:
    words = [_words(h) for h in header]
    consent = [i for i, w in enumerate(words) if _is_consent(w) and not _is_date(w)]
    dates = [i for i, w in enumerate(words) if _is_consent(w) and _is_date(w)]
    found = []
    for i in consent:
        text = words[i]
        channels = _channels_in(text)
        if not channels:
            # A newsletter consent is an e-mail consent; a bare "Samtycke" covers every channel.
            channels = ("email",) if any(w in text for w in ("nyhetsbrev", "newsletter", "uutiskirje", "utskick")) \
                else CHANNELS
        date_column = next((d for d in dates if set(_channels_in(words[d])) & set(channels)
                            or not _channels_in(words[d]) and len(consent) == 1), None)
        if date_column is None and i + 1 < len(words) and _is_date(words[i + 1]) and i + 1 not in consent:
            date_column = i + 1  # "Samtycke" followed by a plain "Datum"
        found.append(ConsentColumn(i, header[i], channels, date_column))
    return found


def find_marked_column(header: Sequence[str]) -> int | None:
    """The column that says which channels a row is marked for (``Kanal``: "telefon, e-post")."""
    return next((i for i, h in enumerate(header) if _words(h) in _MARKED_WORDS), None)


def marked_channels(value: str) -> tuple[str, ...]:
    return _channels_in(_words(value))


def read_date(value: str) -> datetime.date | None:
    text = value.strip()
    try:
        if m := _ISO.match(text):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(text):
            return datetime.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def read_consent(value: str) -> tuple[bool, datetime.date | None]:
    """(given, date typed in the cell). An empty, "nej" or unreadable cell is no consent."""
    text = _words(value)
    if not text or text in _NO:
        return False, None
    day = read_date(text)
    if day is not None:
        return True, day
    return (text in _YES or text.split()[0] in _YES), None
