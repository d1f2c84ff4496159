"""Nothing the customer typed that carries meaning is lost: every word and number in a cell survives the clean.

The property (Hypothesis): a valid value of each role with extra text around it (an apartment number, a c/o,
"efter 17", an extension) is cleaned by ``core.clean``; every word of the extra text is still in the written
cell (case, spaces and punctuation aside), either because the module kept it in its normalized form or
because the cell was left as typed and flagged. Table tests pin what each module may drop and why.
"""

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import CleanConfig, Table, clean

TODAY = datetime.date(2026, 11, 22)
VALID = {
    "email": "anna.svensson@example.se",
    "phone": "070-123 45 67",
    "full_name": "Anna Svensson",
    "given_name": "Anna",
    "family_name": "Svensson",
    "company": "Anderssons El AB",
    "street": "Storgatan 12",
    "postal_code": "123 45",
    "city": "Stockholm",
    "country": "Sverige",
    "personal_id": "811228-9874",
    "org_id": "556036-0793",
    "birth_date": "1985-03-07",
    "updated_at": "2024-05-01 08:30",
}
_WORD = re.compile(r"\w+")


# Words a module may translate to one standard form without losing anything.
_SAME = {"ankn": "ext"}


def _words(text: str) -> list[str]:
    return [_SAME.get(word, word) for word in _WORD.findall(text.casefold())]


def _kept(extra: str, written: str) -> bool:
    """Every word and number of ``extra`` is in ``written``, case, spaces and punctuation aside."""
    letters = "".join(_words(written))
    return all(word in letters for word in _words(extra))


def _cleaned(role: str, value: str) -> tuple[str, list[str]]:
    result = clean(Table(header=["x"], rows=[[value]]),
                   CleanConfig(roles={0: role}, dedupe=False, today=TODAY))
    return result.rows[0][0], [i.code for i in result.issues]


_extra = st.builds(
    lambda sep, words: sep + " ".join(words),
    st.sampled_from([" ", ", ", " (", " / ", " - "]),
    st.lists(st.from_regex(r"[a-zåäöøæ]{2,9}|[0-9]{1,4}|lgh [0-9]{4}|c/o [A-Z][a-z]{2,8}|ankn\. [0-9]{1,3}",
                           fullmatch=True), min_size=1, max_size=3),
)


@pytest.mark.parametrize("role", sorted(VALID))
@settings(max_examples=60, deadline=None)
@given(extra=_extra, before=st.booleans())
def test_extra_text_is_never_lost(role, extra, before):
    value = f"{extra.lstrip(' ,/-(')} {VALID[role]}" if before else VALID[role] + extra
    written, codes = _cleaned(role, value)
    assert _kept(extra, written), (value, written, codes)


# What a module may drop on purpose: never a word the customer meant, only a wrapper, a label or a form.
@pytest.mark.parametrize("role,raw,written", [
    ("phone", "Mobil: 070-123 45 67", "+46701234567"),  # "Mobil" restates the column (and the number is a mobile)
    ("phone", "08-123 45 67 ankn. 12", "+4681234567 ext. 12"),  # the extension stays, in libphonenumber's form
    ("phone", "070-123 45 67 hem", "070-123 45 67 hem"),  # says which line: kept as typed (and flagged)
    ("email", "Åsa Öberg <Asa.Oberg@Example.SE>", "Asa.Oberg@example.se"),  # display name: the address is all
    ("email", "mailto:anna@example.se", "anna@example.se"),
    ("email", "anna@example.se (privat)", "anna@example.se (privat)"),  # not an address: kept, flagged
    ("street", "C/O SVENSSON, STORGATAN 12 B LGH 1101", "c/o Svensson, Storgatan 12 B lgh 1101"),
    ("street", "Storgatan 12, 2 tr", "Storgatan 12, 2 tr"),
    ("street", "Storgatan 12\nLgh 1102", "Storgatan 12, Lgh 1102"),  # a second line: kept after a comma
    ("street", "STORGATAN 12\r\nC/O BERG\n", "Storgatan 12, c/o Berg"),
    ("postal_code", "SE-123 45", "123 45"),  # the prefix only repeats the row's country
    ("postal_code", "DK-2100", "DK-2100"),  # ...and a prefix of another country keeps the cell as typed
    ("country", "Sverige", "SE"),
    ("personal_id", "811228-9874", "198112289874"),  # the separator's century is in the 12 digits
    ("personal_id", "00 811228-9874", "00 811228-9874"),  # not a century: not an id, kept as typed
    ("phone", "004 070-123 45 67", "004 070-123 45 67"),  # "004" is no country code: kept, flagged
])
def test_what_may_be_dropped(role, raw, written):
    assert _cleaned(role, raw)[0] == written


# Cleaning a cleaned cell again changes nothing: what a module writes, it reads back as already clean.
@pytest.mark.parametrize("role,raw", [
    ("phone", "08-123 45 67 ankn. 12"), ("phone", "070-123 45 67 (växel)"), ("phone", "Mobil: 070-123 45 67"),
    ("phone", "22 12 34 56 linje 5"),
    ("full_name", "MAGNUS GABRIEL DE LA GARDIE"), ("family_name", "DE GEER"), ("full_name", "hilma af klint"),
    ("company", "IKEA AB"), ("company", "ANDERSSONS EL & VVS AB"), ("company", "IT-KONSULTERNA I NORR AB"),
    ("street", "C/O SVENSSON, STORGATAN 12 B LGH 1101"), ("email", "Åsa Öberg <Asa.Oberg@Example.SE>"),
    ("country", "Sverige (SE)"), ("personal_id", "811228-9874"), ("postal_code", "SE-123 45"),
])
def test_cleaning_twice_changes_nothing(role, raw):
    once = _cleaned(role, raw)[0]
    assert _cleaned(role, once)[0] == once
