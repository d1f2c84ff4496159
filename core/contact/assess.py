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
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.contact import messages as say
from core.contact.consent import (
    find_consent_columns,
    find_marked_column,
    marked_channels,
    read_consent,
    read_date,
)
from core.contact.kinds import CHANNELS, KINDS, NIX_CONSENT_MONTHS, add_months
from core.contact.lists import SuppressionList
from core.contact.values import email_keys, hasher, id_key, phone_keys
from core.i18n import translator
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
    t = translator(language)
    labels = say.labels(country)
    consent_columns = find_consent_columns(header)
    marked_at = find_marked_column(header)
    customer_at = None
    if customer_column is not None:
        customer_at = header.index(customer_column) if customer_column in header else None
        if customer_at is None:
            raise ValueError(f"there is no column {customer_column!r} for existing customers")
    columns = matched_columns(roles)
    phone_cols, email_cols = columns[0], columns[1]
    address_cols = [i for i, r in enumerate(roles) if r in _ADDRESS_ROLES]
    ended = {id(lst): lst.ended(today) for lst in lists}  # the day a list ran out, None while valid
    # A channel is unchecked for a country's numbers when that country's register list has expired and no
    # list of the same kind is still valid.
    lapsed: dict[str, datetime.date] = {}
    for lst in lists:
        spec = KINDS[lst.kind]
        if spec.valid_months is not None and (until := ended[id(lst)]) is not None:
            if not any(o.kind == lst.kind and ended[id(o)] is None for o in lists):
                lapsed[lst.kind] = max(lapsed.get(lst.kind, until), until)
    matches_per_list = {id(lst): 0 for lst in lists}
    digest_of = hasher(key) if key is not None else None
    out_rows: list[ContactRow] = []
    counts = {c: {"may_contact": 0, "closed": 0, "unchecked": 0, "no_value": 0} for c in CHANNELS}
    for number, row in enumerate(rows, start=1):
        row_country = row_countries[number - 1] if row_countries is not None else country
        verdict = ContactRow()
        typed_cells = row_values(row, columns, row_country, today, country) if lists or lapsed else []
        hits: dict[str, tuple[SuppressionList, int]] = {}  # kind -> (list, column), first list wins
        for column, typed in typed_cells:
            digest = digest_of(typed) if digest_of is not None else None  # None: no lists, so no key
            for lst in lists:
                if digest in lst.hashes and lst.kind not in hits:
                    hits[lst.kind] = (lst, column)
        consent: dict[str, tuple[bool, datetime.date | None, int]] = {}  # channel -> (given, date, consent column)
        for cc in consent_columns:
            given, day = read_consent(row[cc.column])
            if given and day is None and cc.date_column is not None:
                day = read_date(row[cc.date_column])
            for channel in cc.channels:
                if channel not in consent or (given and not consent[channel][0]):
                    consent[channel] = (given, day, cc.column)
        marked = marked_channels(row[marked_at]) if marked_at is not None and row[marked_at] else ()
        for kind, (lst, column) in hits.items():
            matches_per_list[id(lst)] += 1
            spec = KINDS[kind]
            customer = (spec.customer_exception and customer_at is not None
                        and _truthy_customer(row[customer_at], today, kind))
            consent_until = None
            if kind == "nix" and not customer:
                given, day, at = consent.get("phone", (False, None, None))
                if given and day is not None and today is not None:
                    until = add_months(day, NIX_CONSENT_MONTHS)
                    if until >= today:
                        consent_until = until
                    else:
                        found = say.issue(t, "consent.expired", say.CONSENT_OLD, given_date=day.isoformat(),
                                          until_date=until.isoformat())
                        verdict.issues.append((at, found))
                        verdict.sentences.append(found.message)
                elif given and day is None:
                    found = say.issue(t, "consent.undated", say.CONSENT_UNDATED)
                    verdict.issues.append((at, found))
                    verdict.sentences.append(found.message)
            elif kind.startswith("reservasjon") and consent.get(spec.channels[0], (False,))[0]:
                continue  # a consent to this company lifts the reservation
            template, sentence = say.reason(t, kind, lst.date.isoformat() if lst.date else None)
            verdict.issues.append((column, say.issue(t, f"suppressed.{kind}", template,
                                                     **({"date": lst.date.isoformat()} if lst.date else {}))))
            verdict.sentences.append(sentence)
            if customer:
                verdict.sentences.append(t._(say.CUSTOMER))
            elif consent_until is not None:
                verdict.sentences.append(t._(say.CONSENT_UNTIL, until_date=consent_until.isoformat()))
            if (until := ended[id(lst)]) is not None:
                verdict.sentences.append(t._(say.LIST_EXPIRED, expired_date=until.isoformat()))
            if not customer and consent_until is None:
                for channel in spec.channels:
                    verdict.closed[_CHANNEL_INDEX[channel]].append(labels[kind])
        has = {"phone": any(row[i] for i in phone_cols), "email": any(row[i] for i in email_cols),
               "post": any(row[i] for i in address_cols)}
        # Lists that lapsed leave this row's numbers / address unchecked when it matched none of them.
        for kind, until in lapsed.items():
            channel = KINDS[kind].channels[0]
            if kind in hits or not has[channel]:
                continue
            if channel == "phone":
                countries = {_phone_country(k) for _, k in typed_cells if k.startswith("phone:")}
                if KINDS[kind].country not in countries:
                    continue
            elif row_country != KINDS[kind].country:
                continue
            verdict.closed[_CHANNEL_INDEX[channel]].append(labels["unchecked"])
            found = say.issue(t, "suppressed.unchecked", say.unchecked(kind), list_label=say.LIST_NAMES[kind],
                              expired_date=until.isoformat())
            verdict.sentences.append(found.message)
            cols = phone_cols if channel == "phone" else address_cols
            verdict.issues.append((cols[0] if cols else None, found))
        for channel in CHANNELS:
            if channel in consent and not consent[channel][0] and has[channel]:
                closed = verdict.closed[_CHANNEL_INDEX[channel]]
                if not closed:
                    closed.append(labels["no_consent"])
                if channel in marked:
                    found = say.issue(t, "consent.missing", say.NO_CONSENT[channel])
                    verdict.issues.append((consent[channel][2], found))
                    verdict.sentences.append(found.message)
            elif channel in marked and channel not in consent and consent_columns:
                found = say.issue(t, "consent.missing", say.NO_CONSENT[channel])
                verdict.closed[_CHANNEL_INDEX[channel]].append(labels["no_consent"])
                verdict.issues.append((marked_at, found))
                verdict.sentences.append(found.message)
        for channel in CHANNELS:
            closed = verdict.closed[_CHANNEL_INDEX[channel]]
            if not has[channel]:
                counts[channel]["no_value"] += 1
            elif labels["unchecked"] in closed and len(set(closed)) == 1:
                counts[channel]["unchecked"] += 1
            elif closed:
                counts[channel]["closed"] += 1
            else:
                counts[channel]["may_contact"] += 1
        out_rows.append(verdict)
    report_lists = [{
        "id": lst.id, "name": lst.name, "kind": lst.kind, "date": lst.date.isoformat() if lst.date else None,
        "valid_until": lst.valid_until.isoformat() if lst.valid_until else None, "expired": ended[id(lst)] is not None,
        "entries": lst.entries if lst.entries is not None else len(lst.hashes), "matches": matches_per_list[id(lst)],
    } for lst in lists]
    notices = [say.expired_notice(t, lst.kind, until.isoformat()) for lst in lists if (until := ended[id(lst)])]
    consent_report = [{"column": c.column, "header": c.header, "channels": list(c.channels),
                       "date_column": c.date_column,
                       "date_header": header[c.date_column] if c.date_column is not None else None}
                      for c in consent_columns]
    summary = {"rows": len(rows), "date": today.isoformat() if today else None, **counts}
    return Contact(say.language_for(country), say.summary_sentence(t, summary), say.column_headers(country), out_rows,
                   report_lists, consent_report, summary, notices)
