"""A member register's own columns that tell two people of one name apart: the guardian and the day joined.

A club's or a school's register names a child's guardian ("Foresatt", "Vårdnadshavare") and the day each member
joined ("Innmeldt", "Medlem sedan"). Neither says that two rows are one person (siblings share a guardian, a copy is
made on another day), but each can say that they are two, where a son is named after his father and registered on
his father's mobile and e-mail:

* a row that gives as its guardian the whole name of a row that gives none is that person's child, not a copy of it;
* a row whose holder joined before the other row's holder was born is someone else (the father who joined in 2002,
  the son born in 2016);
* a row that gives a guardian was a child when it joined, so it is not a row whose holder was already of age
  (18 years) on that day (the son registered in 2019 with his mother as guardian, the father born in 1985).

Such a pair is never sure (``Scorer.apart``) and says why where it is shown to be checked by hand (``explain``). The
columns are found by their header among the columns of unknown role, which are otherwise never compared; a column
the user leaves out (``--match-on``) or the id column is not read.

>>> joined_date("02.03.2026"), joined_date("2019-11-15 08:30"), joined_date("3/26"), born_date("140385", 2026, "NO")
(20260302, 20191115, 0, 19850314)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.dedup.conditions import valid_personal_id
from core.dedup.keys import birth_key, date_key, fold

# Headers, folded (``fold``): a child's guardian, and the day a member joined or a row was created. Not "parent" (a
# CRM's parent account) nor "registered" (a company's registration day): words another register uses for another thing.
GUARDIAN_HEADERS = frozenset(fold(word) for word in (
    "guardian", "parent/guardian", "parent or guardian", "guardian name",
    "vårdnadshavare", "målsman", "förälder", "föräldrar", "foresatt", "foresatte", "forelder", "foreldre",
    "forælder", "forældre", "værge", "huoltaja", "huoltajan nimi", "vanhempi",
))
JOINED_HEADERS = frozenset(fold(word) for word in (
    "joined", "date joined", "join date", "member since", "membership start", "created", "created at",
    "innmeldt", "innmeldingsdato", "medlem siden", "medlem sedan", "inträde", "inträdesdatum", "indmeldt",
    "indmeldelsesdato", "indmeldelse", "oprettet", "opprettet", "skapad", "liittynyt", "liittymispäivä",
    "jäsen alkaen", "luotu",
))


_OF_AGE = 18 * 10_000  # 18 years between two days written YYYYMMDD (20190829 - 19851012 = 339817: 33 years)


def joined_date(value: str) -> int:
    """A day written with a four-digit year as YYYYMMDD (a time after it left out), else 0: a join date read only
    where its century is written."""
    key = date_key(value)[:8]
    if len(key) != 8 or key[:2] not in ("19", "20") or not _is_day(key[4:6], key[6:8]):
        return 0
    return int(key)


def born_date(value: str, latest: int, country: str) -> int:
    """A birth date as YYYYMMDD, else 0. A two-digit year (14.3.85, a national id's date) is read in the century
    that puts it at or before ``latest``, the register's last year: nobody is born after the register's last day."""
    full = joined_date(value)
    if full:
        return full
    key = birth_key(value, country)
    if len(key) != 6 or not key.isdigit() or not _is_day(key[2:4], key[4:6]):
        return 0
    year = 2000 + int(key[:2])
    return (year if year <= latest else year - 100) * 10_000 + int(key[2:])


def _first_given(name: str, family: str) -> str:
    """"svein erik sjosvoll" -> "svein sjosvoll" (the whole name folded and its family name); "" for one given name."""
    given = name.removesuffix(family).split() if family and name.endswith(family) else []
    return f"{given[0]} {family}" if len(given) > 1 else ""


def _is_day(month: str, day: str) -> bool:
    return 1 <= int(month) <= 12 and 1 <= int(day) <= 31


@dataclass
class Members:
    """Per row: its guardian's whole name and its own (codes in one space, -1 none), the day joined and the day
    born (YYYYMMDD, 0 unknown), with the headers the sentences name."""

    guardian: np.ndarray
    name: np.ndarray
    joined: np.ndarray
    born: np.ndarray
    short_name: np.ndarray  # the first given name and the family name, where the row has two given names
    guardian_header: str = ""
    joined_header: str = ""

    @staticmethod
    def read(guardians: Sequence[str] | None, names: Sequence[str], families: Sequence[str],
             joined: Sequence[str] | None, births: Sequence[str], ids: Sequence[str], country: str,
             headers: tuple[str, str]) -> Members | None:
        """From the guardian column's values, each row's whole name and family name (folded), the joined column's
        values and each
        row's birth date and personal id as written (the id's date where the date is missing, when the id is valid
        in the register's country); None when neither column is there."""
        if guardians is None and joined is None:
            return None
        n = len(names)
        codes: dict[str, int] = {"": -1}

        def code(name: str) -> int:
            return codes.setdefault(" ".join(sorted(name.split())), len(codes) - 1)

        guardian = np.array([code(fold(g)) for g in guardians], dtype=np.int64) if guardians is not None else \
            np.full(n, -1, dtype=np.int64)
        own = np.array([code(name) for name in names], dtype=np.int64) if guardians is not None else \
            np.full(n, -1, dtype=np.int64)
        # a guardian goes by the first given name: "Svein Sjøsvoll" is Svein Erik Sjøsvoll (a row's first given
        # name is its first word: its family name is the key's second part)
        short = np.array([code(_first_given(name, family)) for name, family in zip(names, families)],
                         dtype=np.int64) if guardians is not None else np.full(n, -1, dtype=np.int64)
        days = np.array([joined_date(v) for v in joined], dtype=np.int64) if joined is not None else \
            np.zeros(n, dtype=np.int64)
        latest = int(days.max() // 10_000) if days.any() else 0
        born = np.zeros(n, dtype=np.int64)
        if latest:
            valid = {v: valid_personal_id("".join(v.split()), country) for v in set(ids) if v.strip()}
            born = np.array([born_date(b, latest, country) if b.strip() else
                             born_date(p, latest, country) if valid.get(p) else 0 for b, p in zip(births, ids)],
                            dtype=np.int64)
        return Members(guardian, own, days, born, short, *headers)

    def guardian_of_other(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs where one row gives the other's name as its guardian (the whole name, or the first given name and
        the family name) and the other gives no guardian."""
        g, name, short = self.guardian, self.name, self.short_name

        def names(x: np.ndarray, y: np.ndarray) -> np.ndarray:
            return (g[x] >= 0) & ((g[x] == name[y]) | (g[x] == short[y])) & (g[y] < 0)

        return names(i, j) | names(j, i)

    def joined_before_born(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs where one row's holder joined before the other row's holder was born."""
        d, b = self.joined, self.born
        return ((d[i] > 0) & (b[j] > d[i])) | ((d[j] > 0) & (b[i] > d[j]))

    def child_beside_adult(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Pairs where one row gives a guardian and joined on a day the other row's holder was of age (18 years)."""
        g, d, b = self.guardian, self.joined, self.born
        return ((g[i] >= 0) & (d[i] > 0) & (b[j] > 0) & (d[i] - b[j] >= _OF_AGE)) | \
            ((g[j] >= 0) & (d[j] > 0) & (b[i] > 0) & (d[j] - b[i] >= _OF_AGE))

    def apart(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return self.guardian_of_other(i, j) | self.joined_before_born(i, j) | self.child_beside_adult(i, j)
