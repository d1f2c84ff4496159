"""Who may be contacted: match a register against suppression lists and read its consent columns.

``assess`` is pure: the lists come in as keyed hashes with the key, ``today`` is given. For each row it
gives a verdict per channel (phone, post, e-mail), the issues to put on the matched cells (a stable code
per kind: ``suppressed.nix``, ``suppressed.opt_out_email``…; ``consent.expired``, ``consent.missing``,
``suppressed.unchecked``), dated sentences for the status column, and a summary: how many rows may be
called, posted to and e-mailed today.

A list past its validity still marks the rows it matched (they were on the register on that date), but
no longer clears the others: their numbers count as unchecked until a new list is given.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.contact import messages as say
from core.contact.consent import (
    ConsentColumn,
    find_consent_columns,
    find_marked_column,
    marked_channels,
    read_consent,
    read_date,
)
from core.contact.kinds import CHANNELS, KINDS, NIX_CONSENT_MONTHS, add_months
from core.contact.lists import SuppressionList
from core.contact.values import email_keys, hasher, id_key, phone_keys
from core.i18n import Translator, translator
from core.models import FieldIssue

_CHANNEL_INDEX = {channel: i for i, channel in enumerate(CHANNELS)}
_ADDRESS_ROLES = ("street", "postal_code", "city")
_COUNTRY_OF_CODE = (("46", "SE"), ("47", "NO"), ("45", "DK"), ("358", "FI"))
#: A "customer until" date counts this long for NIX (SE: up to a year after the contract ended).
CUSTOMER_MONTHS = 12


@dataclass
class ContactRow:
    """What one row may receive: per channel the labels that close it ([] = open), issues and sentences."""

    closed: list[list[str]] = field(default_factory=lambda: [[], [], []])
    issues: list[tuple[int | None, FieldIssue]] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)


@dataclass
class Contact:
    language: str  # of the verdict columns (the register's); sentences are in the clean's language
    sentence: str
    headers: tuple[str, str, str]
    rows: list[ContactRow]
    lists: list[dict]
    consent: list[dict]
    summary: dict
    notices: list[str]

    def values(self) -> list[list[str]]:
        """The three verdict cells of every row ("" = may be contacted on that channel)."""
        return [["; ".join(dict.fromkeys(c)) for c in row.closed] for row in self.rows]

    def to_json(self) -> dict:
        return {"language": self.language,
                "columns": [{"header": h, "channel": c} for h, c in zip(self.headers, CHANNELS)],
                "values": self.values(), "summary": self.summary, "sentence": self.sentence,
                "suppression": self.lists,
                "consent": self.consent, "notices": self.notices}


def _truthy_customer(value: str, today: datetime.date | None, kind: str) -> bool:
    text = value.strip().casefold()
    if not text or text in ("nej", "nei", "no", "n", "0", "false", "ei"):
        return False
    day = read_date(text)
    if day is not None and kind == "nix" and today is not None:
        return add_months(day, CUSTOMER_MONTHS) >= today  # a date: when the customer relationship ended
    return True


def _phone_country(typed: str) -> str | None:
    digits = typed.removeprefix("phone:")
    return next((country for code, country in _COUNTRY_OF_CODE if digits.startswith(code)), None)


def matched_columns(roles: Sequence[str | None]) -> tuple[list[int], list[int], list[int]]:
    """The phone, e-mail and personal id columns: the cells a list can match."""
    phone, email, personal_id = ([i for i, r in enumerate(roles) if r == role] for role in ("phone", "email", "personal_id"))
    return phone, email, personal_id


def row_values(row: Sequence[str], columns: tuple[list[int], list[int], list[int]], country: str,
               today: datetime.date | None, fallback: str | None = None) -> list[tuple[int, str]]:
    """(column, typed canonical value) of every value in a row a list can match. A number written without
    its calling code is also read in ``fallback`` (the clean's country): ``070-123 45 67`` on a row marked
    Finland is still the Swedish mobile it looks like. A list matching either reading marks the row: a
    wrong "do not call" is the safe side of the mistake."""
    phone_cols, email_cols, id_cols = columns
    found: list[tuple[int, str]] = []
    for i in phone_cols:
        if row[i]:
            keys = phone_keys(row[i], country)
            if fallback and fallback != country and not row[i].lstrip().startswith("+"):
                keys = list(dict.fromkeys(keys + phone_keys(row[i], fallback)))
            found += [(i, k) for k in keys]
    for i in email_cols:
        if row[i]:
            found += [(i, k) for k in email_keys(row[i])]
    for i in id_cols:
        if row[i] and (k := id_key(row[i], country, today)):
            found.append((i, k))
    return found


def assess(header: Sequence[str], roles: Sequence[str | None], rows: Sequence[Sequence[str]], *,
           lists: Sequence[SuppressionList] = (), key: bytes | None = None, today: datetime.date | None = None,
           country: str = "SE", row_countries: Sequence[str] | None = None, customer_column: str | None = None, language: str = "en") -> Contact:
    """See the module docstring. ``row_countries``: each row's country (default ``country``); ``language``:
    of the sentences (the verdict columns follow the register's country)."""
    if lists and key is None:
        raise ValueError("suppression lists need the key their hashes were made with")
    register = _Register.read(header, roles, lists=lists, key=key, today=today, country=country,
                              customer_column=customer_column, language=language)
    out_rows = [register.assess_row(row, row_countries[number] if row_countries is not None else country)
                for number, row in enumerate(rows)]
    summary = {"rows": len(rows), "date": today.isoformat() if today else None, **register.counts}
    t = register.t
    return Contact(say.language_for(country), say.summary_sentence(t, summary), say.column_headers(country), out_rows,
                   register.list_report(), _consent_report(header, register.consent_columns), summary,
                   [say.expired_notice(t, lst.kind, until.isoformat())
                    for lst in lists if (until := register.ended[id(lst)]) is not None])


@dataclass
class _RowFacts:
    """What the marking steps read from one row: the list matches, the consent cells, the channels it has."""

    values: Sequence[str]
    country: str
    typed: list[tuple[int, str]]  # (column, typed canonical value) of every value a list can match
    hits: dict[str, tuple[SuppressionList, int]]  # kind -> (list, column): the first list of a kind wins
    consent: dict[str, tuple[bool, datetime.date | None, int]]  # channel -> (given, date, consent column)
    marked: tuple[str, ...]  # the channels the row's "Kanal" cell names
    has: dict[str, bool]  # channel -> the row has a number / address for it


@dataclass
class _Register:
    """What assess knows of the register and the lists before the first row, and the tallies the rows add
    to (matches per list, rows per channel and verdict): one object instead of a dozen locals."""

    t: Translator
    labels: dict[str, str]
    lists: Sequence[SuppressionList]
    today: datetime.date | None
    country: str
    columns: tuple[list[int], list[int], list[int]]  # phone, e-mail, personal id: the cells a list can match
    address_columns: list[int]
    consent_columns: list[ConsentColumn]
    marked_at: int | None
    customer_at: int | None
    ended: dict[int, datetime.date | None]  # id(list) -> the day it ran out, None while valid
    lapsed: dict[str, datetime.date]  # kind -> the day its last valid list expired
    digest_of: Callable[[str], str] | None
    matches: dict[int, int] = field(default_factory=dict)  # id(list) -> rows it matched
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: {
        c: {"may_contact": 0, "closed": 0, "unchecked": 0, "no_value": 0} for c in CHANNELS})

    @classmethod
    def read(cls, header: Sequence[str], roles: Sequence[str | None], *, lists: Sequence[SuppressionList],
             key: bytes | None, today: datetime.date | None, country: str, customer_column: str | None,
             language: str) -> _Register:
        customer_at = None
        if customer_column is not None:
            customer_at = header.index(customer_column) if customer_column in header else None
            if customer_at is None:
                raise ValueError(f"there is no column {customer_column!r} for existing customers")
        ended = {id(lst): lst.ended(today) for lst in lists}
        return cls(translator(language), say.labels(country), lists, today, country, matched_columns(roles),
                   [i for i, r in enumerate(roles) if r in _ADDRESS_ROLES], find_consent_columns(header),
                   find_marked_column(header), customer_at, ended, _lapsed(lists, ended),
                   hasher(key) if key is not None else None, matches={id(lst): 0 for lst in lists})

    def assess_row(self, row: Sequence[str], row_country: str) -> ContactRow:
        """The verdict of one row: listed channels first, then the lapsed lists, then missing consent."""
        facts = self._facts(row, row_country)
        verdict = ContactRow()
        self._mark_listed(verdict, facts)
        self._mark_unchecked(verdict, facts)
        self._mark_missing_consent(verdict, facts)
        self._count(verdict, facts)
        return verdict

    def _facts(self, row: Sequence[str], row_country: str) -> _RowFacts:
        phone_cols, email_cols, _ = self.columns
        typed = row_values(row, self.columns, row_country, self.today, self.country) \
            if self.lists or self.lapsed else []
        marked_at = self.marked_at
        return _RowFacts(
            row, row_country, typed, self._hits(typed), self._consent(row),
            marked_channels(row[marked_at]) if marked_at is not None and row[marked_at] else (),
            {"phone": any(row[i] for i in phone_cols), "email": any(row[i] for i in email_cols),
             "post": any(row[i] for i in self.address_columns)})

    def _hits(self, typed: list[tuple[int, str]]) -> dict[str, tuple[SuppressionList, int]]:
        hits: dict[str, tuple[SuppressionList, int]] = {}
        if self.digest_of is None:  # no lists, so nothing typed to match
            return hits
        for column, value in typed:
            digest = self.digest_of(value)
            for lst in self.lists:
                if digest in lst.hashes and lst.kind not in hits:
                    hits[lst.kind] = (lst, column)
        return hits

    def _consent(self, row: Sequence[str]) -> dict[str, tuple[bool, datetime.date | None, int]]:
        """Per channel the consent the row's columns give; of several columns for a channel, a yes wins."""
        consent: dict[str, tuple[bool, datetime.date | None, int]] = {}
        for cc in self.consent_columns:
            given, day = read_consent(row[cc.column])
            if given and day is None and cc.date_column is not None:
                day = read_date(row[cc.date_column])
            for channel in cc.channels:
                if channel not in consent or (given and not consent[channel][0]):
                    consent[channel] = (given, day, cc.column)
        return consent

    def _mark_listed(self, verdict: ContactRow, facts: _RowFacts) -> None:
        """Each list that matched the row: its issue and sentence, and its channels closed unless the row is
        an existing customer or (NIX) has a consent still in force."""
        for kind, (lst, column) in facts.hits.items():
            self.matches[id(lst)] += 1
            spec = KINDS[kind]
            customer = spec.customer_exception and self._is_customer(facts.values, kind)
            consent_until = None
            if kind == "nix" and not customer:
                consent_until = self._nix_consent_until(verdict, facts.consent.get("phone", (False, None, None)))
            elif kind.startswith("reservasjon") and facts.consent.get(spec.channels[0], (False,))[0]:
                continue  # a consent to this company lifts the reservation
            self._say_listed(verdict, lst, column, customer=customer, consent_until=consent_until)
            if not customer and consent_until is None:
                for channel in spec.channels:
                    verdict.closed[_CHANNEL_INDEX[channel]].append(self.labels[kind])

    def _is_customer(self, row: Sequence[str], kind: str) -> bool:
        return self.customer_at is not None and _truthy_customer(row[self.customer_at], self.today, kind)

    def _say_listed(self, verdict: ContactRow, lst: SuppressionList, column: int, *, customer: bool,
                    consent_until: datetime.date | None) -> None:
        """The list's issue on the matched cell, and the sentences: on the list, why it does not close the
        row (a customer, a consent), and that the list has expired."""
        t = self.t
        template, sentence = say.reason(t, lst.kind, lst.date.isoformat() if lst.date else None)
        verdict.issues.append((column, say.issue(t, f"suppressed.{lst.kind}", template,
                                                 **({"date": lst.date.isoformat()} if lst.date else {}))))
        verdict.sentences.append(sentence)
        if customer:
            verdict.sentences.append(t._(say.CUSTOMER))
        elif consent_until is not None:
            verdict.sentences.append(t._(say.CONSENT_UNTIL, until_date=consent_until.isoformat()))
        if (until := self.ended[id(lst)]) is not None:
            verdict.sentences.append(t._(say.LIST_EXPIRED, expired_date=until.isoformat()))

    def _nix_consent_until(self, verdict: ContactRow,
                           phone_consent: tuple[bool, datetime.date | None, int | None]) -> datetime.date | None:
        """The last day a dated phone consent lifts NIX (it counts NIX_CONSENT_MONTHS), or None; an expired or
        undated consent is reported on its cell."""
        given, day, at = phone_consent
        if given and day is not None and self.today is not None:
            until = add_months(day, NIX_CONSENT_MONTHS)
            if until >= self.today:
                return until
            found = say.issue(self.t, "consent.expired", say.CONSENT_OLD, given_date=day.isoformat(),
                              until_date=until.isoformat())
        elif given and day is None:
            found = say.issue(self.t, "consent.undated", say.CONSENT_UNDATED)
        else:
            return None
        verdict.issues.append((at, found))
        verdict.sentences.append(found.message)
        return None

    def _mark_unchecked(self, verdict: ContactRow, facts: _RowFacts) -> None:
        """Lists that lapsed leave this row's numbers / address unchecked when it matched none of them."""
        phone_cols = self.columns[0]
        for kind, until in self.lapsed.items():
            channel = KINDS[kind].channels[0]
            if kind in facts.hits or not facts.has[channel] or not _in_lapsed_country(kind, facts):
                continue
            verdict.closed[_CHANNEL_INDEX[channel]].append(self.labels["unchecked"])
            found = say.issue(self.t, "suppressed.unchecked", say.unchecked(kind), list_label=say.LIST_NAMES[kind],
                              expired_date=until.isoformat())
            verdict.sentences.append(found.message)
            cols = phone_cols if channel == "phone" else self.address_columns
            verdict.issues.append((cols[0] if cols else None, found))

    def _mark_missing_consent(self, verdict: ContactRow, facts: _RowFacts) -> None:
        """A channel whose consent column says no is closed; a channel the row is marked for ("Kanal") with
        no consent for it gets an issue, on the consent cell or on the marking cell."""
        consent = facts.consent
        for channel in CHANNELS:
            if channel in consent and not consent[channel][0] and facts.has[channel]:
                closed = verdict.closed[_CHANNEL_INDEX[channel]]
                if not closed:
                    closed.append(self.labels["no_consent"])
                if channel in facts.marked:
                    found = say.issue(self.t, "consent.missing", say.NO_CONSENT[channel])
                    verdict.issues.append((consent[channel][2], found))
                    verdict.sentences.append(found.message)
            elif channel in facts.marked and channel not in consent and self.consent_columns:
                found = say.issue(self.t, "consent.missing", say.NO_CONSENT[channel])
                verdict.closed[_CHANNEL_INDEX[channel]].append(self.labels["no_consent"])
                verdict.issues.append((self.marked_at, found))
                verdict.sentences.append(found.message)

    def _count(self, verdict: ContactRow, facts: _RowFacts) -> None:
        for channel in CHANNELS:
            closed = verdict.closed[_CHANNEL_INDEX[channel]]
            if not facts.has[channel]:
                self.counts[channel]["no_value"] += 1
            elif self.labels["unchecked"] in closed and len(set(closed)) == 1:
                self.counts[channel]["unchecked"] += 1
            elif closed:
                self.counts[channel]["closed"] += 1
            else:
                self.counts[channel]["may_contact"] += 1

    def list_report(self) -> list[dict]:
        return [{
            "id": lst.id, "name": lst.name, "kind": lst.kind, "date": lst.date.isoformat() if lst.date else None,
            "valid_until": lst.valid_until.isoformat() if lst.valid_until else None, "expired": self.ended[id(lst)] is not None,
            "entries": lst.entries if lst.entries is not None else len(lst.hashes), "matches": self.matches[id(lst)],
        } for lst in self.lists]


def _in_lapsed_country(kind: str, facts: _RowFacts) -> bool:
    """Whether the row is in the country of a lapsed register list: by its numbers' calling codes for a
    phone list (a Swedish mobile on a Norwegian row is on NIX's side), by the row's country otherwise."""
    spec = KINDS[kind]
    if spec.channels[0] == "phone":
        return spec.country in {_phone_country(k) for _, k in facts.typed if k.startswith("phone:")}
    return facts.country == spec.country


def _lapsed(lists: Sequence[SuppressionList], ended: dict[int, datetime.date | None]) -> dict[str, datetime.date]:
    """A channel is unchecked for a country's numbers when that country's register list has expired and no
    list of the same kind is still valid: kind -> the latest expiry of its lists."""
    lapsed: dict[str, datetime.date] = {}
    for lst in lists:
        if KINDS[lst.kind].valid_months is not None and (until := ended[id(lst)]) is not None:
            if not any(o.kind == lst.kind and ended[id(o)] is None for o in lists):
                lapsed[lst.kind] = max(lapsed.get(lst.kind, until), until)
    return lapsed


def _consent_report(header: Sequence[str], consent_columns: list[ConsentColumn]) -> list[dict]:
    return [{"column": c.column, "header": c.header, "channels": list(c.channels), "date_column": c.date_column,
             "date_header": header[c.date_column] if c.date_column is not None else None}
            for c in consent_columns]
