"""Company facts from the open registries, checked against a register's rows.

Pure, like the rest of ``core``: the facts are looked up by ``functions/companies`` (Brønnøysund's
Enhetsregisteret for Norway, PRH's YTJ for Finland) and passed in, as ``today`` is. This module finds
which companies a register names (``wanted``), then says per row what the registry says of that company
(``check``): not found, removed, dissolved, bankrupt, in liquidation, under compulsory dissolution, in
reorganisation, merged; a registered name that differs from the sheet's (a suggestion, never a rewrite);
and, for company rows without a number, the company the registry has under that exact name and postal
code (a suggestion only). Chosen facts can be added in new columns (``ENRICH_FIELDS``), never over the
user's own.

>>> import datetime
>>> gone = CompanyFacts(country="NO", org_id="923609016", status="dissolved", since=datetime.date(2025, 3, 14),
...                     name="Gamle Bakeri AS", fetched=datetime.date(2026, 12, 1), source="Enhetsregisteret")
>>> found = check(["Firma", "Orgnr"], [["Gamle Bakeri AS", "923 609 016"]], ["company", "org_id"],
...               {("NO", "923609016"): gone}, country="NO")
>>> [(row, issue.code, issue.message) for row, column, issue in found.issues]
[(1, 'org_id.dissolved', 'The company was dissolved on 2025-03-14 (Enhetsregisteret).')]
>>> found.summary.sentence
'1 of 1 companies no longer exists.'
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from core.fields import national_id
from core.fields._util import issue as make_issue
from core.fields.cell import neutralise
from core.i18n import N_, Translator, translator
from core.models import CleanResult, FieldIssue, Severity

Status = Literal[
    "active", "not_found", "removed", "dissolved", "bankrupt", "liquidation", "forced_dissolution",
    "reorganisation", "merged",
]
# The company no longer exists as a business the customer can deal with.
GONE: frozenset[str] = frozenset({"removed", "dissolved", "merged"})
# It still exists, but is being wound up or restructured: worth a look before the next invoice.
WINDING_UP: frozenset[str] = frozenset({"bankrupt", "liquidation", "forced_dissolution", "reorganisation"})

# Registries with free, open look-ups, by country; the others say why they are not checked.
REGISTRY_NAMES = {"NO": "Enhetsregisteret", "FI": "YTJ"}
# Countries whose company register has no free look-up (their rows are counted, and the report says why).
NO_FREE_REGISTRY = frozenset({"SE", "DK"})


def unchecked_note(country: str, rows: int, speak: Translator) -> str:
    """Why ``rows`` rows of ``country`` were not checked against a company register."""
    if country == "SE":
        return speak.n_("Sweden's company register (Bolagsverket) has no free look-up without an agreement: "
                        "{n} row not checked.",
                        "Sweden's company register (Bolagsverket) has no free look-up without an agreement: "
                        "{n} rows not checked.", rows)
    return speak.n_("Denmark's company register (CVR) gives look-ups only to those who have signed up for access: "
                    "{n} row not checked.",
                    "Denmark's company register (CVR) gives look-ups only to those who have signed up for access: "
                    "{n} rows not checked.", rows)


# The columns each enrichment adds, by their English header (translated where they are written).
ENRICH_FIELDS: dict[str, tuple[str, ...]] = {
    "industry": (N_("Industry code"), N_("Industry")),
    "employees": (N_("Employees"),),
    "address": (N_("Registered address"), N_("Registered postal code"), N_("Registered city")),
    "municipality": (N_("Municipality"),),
    "registered": (N_("Registered on"),),
    "website": (N_("Website"),),
}

# The org-number cell's sentence per registry status: (with the date, without it).
_STATUS_SENTENCES: dict[str, tuple[str, str]] = {
    "not_found": (N_("This organisation number is not in the company register ({registry})."),
                  N_("This organisation number is not in the company register ({registry}).")),
    "removed": (N_("The company was removed from the company register ({registry}) on {date}."),
                N_("The company was removed from the company register ({registry}).")),
    "dissolved": (N_("The company was dissolved on {date} ({registry})."),
                  N_("The company was dissolved ({registry}).")),
    "bankrupt": (N_("The company is under bankruptcy since {date} ({registry})."),
                 N_("The company is under bankruptcy ({registry}).")),
    "liquidation": (N_("The company is in liquidation since {date} ({registry})."),
                    N_("The company is in liquidation ({registry}).")),
    "forced_dissolution": (N_("The company is under compulsory dissolution since {date} ({registry})."),
                           N_("The company is under compulsory dissolution ({registry}).")),
    "reorganisation": (N_("The company is in debt reorganisation since {date} ({registry})."),
                       N_("The company is in debt reorganisation ({registry}).")),
    "merged": (N_("The company merged into {number} ({registry})."),
               N_("The company merged into another company ({registry}).")),
}
_ERROR_STATUSES = frozenset({"not_found", "removed", "dissolved", "merged"})


class CompanyFacts(BaseModel):
    """What one registry says of one company, on the day it was fetched (public data only)."""

    model_config = ConfigDict(frozen=True)

    country: str
    org_id: str = Field(description="The number as the registry writes it in compact form (NO 9 digits, FI 1234567-8).")
    status: Status
    since: datetime.date | None = None
    name: str | None = None
    merged_into: str | None = None
    industry_code: str | None = None
    industry: dict[str, str] = Field(default_factory=dict, description="Industry text by language code.")
    employees: int | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    municipality: str | None = None
    registered: datetime.date | None = None
    website: str | None = None
    fetched: datetime.date
    source: str = Field(description="The registry's name as people know it (Enhetsregisteret, YTJ).")


class NameQuery(BaseModel):
    """A company row without a number: looked up by its exact name and postal code."""

    model_config = ConfigDict(frozen=True)

    country: str
    name: str
    postal_code: str


class Wanted(BaseModel):
    """Which companies a register names: numbers to look up, name queries, and rows that cannot be checked."""

    numbers: dict[tuple[str, str], list[int]] = Field(default_factory=dict)
    names: dict[NameQuery, list[int]] = Field(default_factory=dict)
    unchecked: dict[str, int] = Field(default_factory=dict, description="Rows per country without an open registry.")


class GoneCompany(BaseModel):
    org_id: str
    country: str
    name: str
    status: Status
    sentence: str
    rows: list[int]


class CompanySummary(BaseModel):
    """The register-level view: how many companies were checked, how many are gone, and which."""

    checked: int = 0
    active: int = 0
    gone: int = 0
    winding_up: int = 0
    not_found: int = 0
    unchecked: dict[str, int] = Field(default_factory=dict)
    listed: list[GoneCompany] = Field(default_factory=list)
    sentence: str = ""
    notes: list[str] = Field(default_factory=list)
    enrichment: dict | None = Field(None, description="{header: [...], rows: [[...]]}: the added columns.")


class CompanyCheck(BaseModel):
    issues: list[tuple[int, int | None, FieldIssue]] = Field(default_factory=list)
    summary: CompanySummary = Field(default_factory=CompanySummary)


def org_key(value: str, country: str) -> tuple[str, str] | None:
    """(country, compact number) of an org-number cell, or None when it is not a valid org number.

    >>> org_key("923 609 016", "NO"), org_key("2077474-0", "FI"), org_key("12", "NO")
    (('NO', '923609016'), ('FI', '2077474-0'), None)
    """
    if not value or not value.strip():
        return None
    found = national_id.analyse(value, country=country, kind="organisation")
    if any(issue.severity == "error" for issue in found.issues):
        return None
    digits = re.sub(r"\D", "", found.value)
    owner = _country_of_number(digits, country, dashed="-" in found.value)
    if owner == "FI" and len(digits) == 8:
        return owner, f"{digits[:7]}-{digits[7]}"
    if owner in ("NO", "DK") or (owner == "SE" and len(digits) == 10):
        return owner, digits
    return None


_ORG_LENGTH = {"NO": 9, "FI": 8, "DK": 8, "SE": 10}


def _country_of_number(digits: str, country: str, *, dashed: bool) -> str:
    """The country whose org numbers look like ``digits``: the row's own when the length fits it (a Danish
    CVR and a Finnish Y-tunnus both have 8 digits), else the one country with that length."""
    if _ORG_LENGTH.get(country) == len(digits):
        return country
    if len(digits) == 8:
        return "FI" if dashed else "DK"
    return {9: "NO", 10: "SE"}.get(len(digits), country)


def wanted(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None], *,
           country: str, countries: Collection[str] = tuple(REGISTRY_NAMES)) -> Wanted:
    """The companies ``rows`` name: numbers by (country, number) with the rows that name them; company rows
    without a number by exact name and postal code; and per country the rows no registry covers.
    ``countries``: those with a registry to ask (the open ones, and any a customer plugged in)."""
    org = _column(roles, "org_id")
    company = _column(roles, "company")
    postal = _column(roles, "postal_code")
    country_at = _column(roles, "country")
    result = Wanted()
    for number, row in enumerate(rows, start=1):
        row_country = _row_country(row, country_at, country)
        key = org_key(row[org], row_country) if org is not None else None
        if key is not None:
            if key[0] in countries:
                result.numbers.setdefault(key, []).append(number)
            else:
                result.unchecked[key[0]] = result.unchecked.get(key[0], 0) + 1
            continue
        if org is not None and row[org].strip():
            continue  # a number that is not valid: the field module already flags it
        if company is not None and postal is not None and row[company].strip() and row[postal].strip():
            if row_country in countries:
                query = NameQuery(country=row_country, name=row[company].strip(), postal_code=row[postal].strip())
                result.names.setdefault(query, []).append(number)
    return result


def check(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
          facts: Mapping[tuple[str, str], CompanyFacts | None], *, country: str,
          name_matches: Mapping[NameQuery, CompanyFacts] | None = None,
          enrich: Iterable[str] = (), language: str = "en",
          countries: Collection[str] = tuple(REGISTRY_NAMES)) -> CompanyCheck:
    """Per row, what the registry says of the company it names; see the module docstring.

    ``facts`` maps (country, number) to the registry's facts; a key missing from ``facts`` was not looked
    up (the registry did not answer) and flags nothing. ``enrich`` names ``ENRICH_FIELDS`` to add."""
    fields = _enrich_fields(enrich)
    found = wanted(header, rows, roles, country=country, countries=countries)
    speak = translator(language)
    added = [speak.gettext(name) for field in fields for name in ENRICH_FIELDS[field]]
    marks = _Marks(rows, _column(roles, "org_id"), _column(roles, "company"), speak, fields, language,
                   added_rows=[[""] * len(added) for _ in rows] if added else [])
    out = CompanyCheck()
    summary = out.summary
    summary.unchecked = dict(found.unchecked)
    listed: dict[tuple[str, str], GoneCompany] = {}
    for key, numbers in found.numbers.items():
        fact = facts.get(key)
        if fact is None:  # not looked up (the registry did not answer), or no answer to give
            continue
        _count_status(summary, fact.status)
        if (gone := marks.mark_company(key, numbers, fact)) is not None:
            listed[key] = gone
    for query, numbers in found.names.items():
        if (match := (name_matches or {}).get(query)) is not None:
            marks.suggest(numbers, match)
    out.issues = sorted(marks.issues, key=lambda item: (item[0], -1 if item[1] is None else item[1]))
    _summarise(summary, listed.values(), speak)
    if added:
        summary.enrichment = {"header": added, "rows": marks.added_rows}
    return out


def _enrich_fields(enrich: Iterable[str]) -> list[str]:
    """The ``ENRICH_FIELDS`` asked for, each once, in the order given; an unknown one is a ValueError."""
    fields = list(dict.fromkeys(enrich))
    unknown = set(fields) - set(ENRICH_FIELDS)
    if unknown:
        raise ValueError(f"Unknown enrichment: {', '.join(sorted(unknown))}; choose from {', '.join(ENRICH_FIELDS)}.")
    return fields


def _summarise(summary: CompanySummary, listed: Iterable[GoneCompany], speak: Translator) -> None:
    """The companies gone or going in row order, the summary sentence, and why some rows were not checked."""
    summary.listed = sorted(listed, key=lambda gone: (gone.rows[0], gone.org_id))
    summary.sentence = summary_sentence(summary, speak)
    summary.notes = [unchecked_note(c, n, speak) for c, n in sorted(summary.unchecked.items())
                     if c in NO_FREE_REGISTRY]


def _count_status(summary: CompanySummary, status: str) -> None:
    summary.checked += 1
    if status == "active":
        summary.active += 1
    elif status in GONE:
        summary.gone += 1
    elif status in WINDING_UP:
        summary.winding_up += 1
    else:
        summary.not_found += 1


@dataclass
class _Marks:
    """What ``check`` puts on the rows: issues on the org-number and company cells, and per row the registry
    facts ``enrich`` adds in new columns."""

    rows: Sequence[Sequence[str]]
    org: int | None
    company: int | None
    speak: Translator
    fields: list[str]  # the ENRICH_FIELDS to add
    language: str
    added_rows: list[list[str]]
    issues: list[tuple[int, int | None, FieldIssue]] = dataclass_field(default_factory=list)

    def mark_company(self, key: tuple[str, str], numbers: list[int], fact: CompanyFacts) -> GoneCompany | None:
        """Mark the rows that name one company with what the registry says of it; the company for the
        report's list when it is gone or going."""
        issue = status_issue(fact, self.speak)
        for number in numbers:
            if issue is not None:
                self.issues.append((number, self.org, issue))
            if self.company is not None and fact.status != "not_found":
                differs = name_issue(self.rows[number - 1][self.company], fact, self.speak)
                if differs is not None:
                    self.issues.append((number, self.company, differs))
            if self.added_rows:
                self.added_rows[number - 1] = self._enriched(fact)
        if issue is None or fact.status == "active":
            return None
        sheet_name = self.rows[numbers[0] - 1][self.company].strip() if self.company is not None else ""
        return GoneCompany(org_id=key[1], country=key[0], name=sheet_name or fact.name or "",
                           status=fact.status, sentence=issue.message, rows=list(numbers))

    def _enriched(self, fact: CompanyFacts) -> list[str]:
        """The facts to add to a row: public data, but written into the user's sheet, so a formula in it
        must stay text."""
        return [neutralise(value) for value in _enriched(fact, self.fields, self.language)]

    def suggest(self, numbers: list[int], match: CompanyFacts) -> None:
        """Company rows without a number: the registered company with their name and postal code."""
        issue = suggestion_issue(match, self.speak)
        self.issues += [(number, self.company, issue) for number in numbers]


def apply(result: CleanResult, found: CompanyCheck) -> CleanResult:
    """``result`` (a ``CleanResult``) with the registry's issues in its issue list and status sentences, and
    ``found.summary`` as its ``companies`` part; the cleaned rows are not touched."""
    return result.with_issues(found.issues, companies=found.summary)


def status_issue(fact: CompanyFacts, speak: Translator | None = None) -> FieldIssue | None:
    """The org-number cell's issue for what the registry says, or None for a live company."""
    if fact.status == "active":
        return None
    with_date, without = _STATUS_SENTENCES[fact.status]
    params: dict = {"registry": fact.source}
    if fact.status == "merged" and fact.merged_into:
        template, params["number"] = with_date, _spaced(fact.merged_into)
    elif fact.status != "merged" and fact.since is not None:
        template, params["date"] = with_date, fact.since.isoformat()
    else:
        template = without
    severity: Severity = "error" if fact.status in _ERROR_STATUSES else "warning"
    found = make_issue(f"org_id.{fact.status}", template, severity=severity, **params)
    return speak.issue(found) if speak else found


def name_issue(sheet_name: str, fact: CompanyFacts, speak: Translator | None = None) -> FieldIssue | None:
    """A suggestion when the registered name is not the sheet's name (legal-form words and case aside)."""
    if not fact.name or not sheet_name.strip():
        return None
    if name_key(sheet_name) == name_key(fact.name):
        return None
    if fuzz.token_sort_ratio(name_key(sheet_name), name_key(fact.name)) >= 92:
        return None  # a spelling difference the registry does not need to settle
    found = make_issue("company.name_differs", N_("The company register has the name {name}."), severity="warning",
                       suggestion=neutralise(fact.name), name=fact.name)
    return speak.issue(found) if speak else found


def suggestion_issue(fact: CompanyFacts, speak: Translator | None = None) -> FieldIssue:
    """For a company row without a number: the registered company with that name and postal code."""
    number = _spaced(fact.org_id)
    found = make_issue("org_id.suggested", N_("{registry} has {name} at this postal code with organisation number "
                                              "{number}."),
                       severity="warning", suggestion=number, registry=fact.source, name=fact.name or "", number=number)
    return speak.issue(found) if speak else found


def summary_sentence(summary: CompanySummary, speak: Translator | None = None) -> str:
    """'37 of 412 companies no longer exist.' and what else the registries said, in one line."""
    if not summary.checked:
        return ""
    speak = speak or translator("en")
    # the verb agrees with how many are gone: "1 of 412 companies no longer exists", "37 of 412 … exist"
    parts = [speak.n_("{n} of {total} companies no longer exists.", "{n} of {total} companies no longer exist.",
                      summary.gone, total=summary.checked)]
    if summary.winding_up:
        parts.append(speak.n_("{n} is bankrupt, in liquidation or in reorganisation.",
                              "{n} are bankrupt, in liquidation or in reorganisation.", summary.winding_up))
    if summary.not_found:
        parts.append(speak.n_("{n} organisation number was not found.", "{n} organisation numbers were not found.",
                              summary.not_found))
    return " ".join(parts)


_LEGAL_FORMS = {
    "as", "asa", "ans", "da", "enk", "nuf", "sa", "ba", "oy", "oyj", "ab", "abp", "ky", "tmi", "ay", "osk",
    "aps", "a/s", "i/s", "k/s", "hb", "kb", "ltd", "inc", "gmbh",
}


def name_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[^\w/ ]+", " ", text)
    words = [word for word in text.split() if word not in _LEGAL_FORMS]
    return " ".join(words)


def _spaced(number: str | None) -> str:
    """A Norwegian number in groups of three as it is printed (923 609 016); others as they are."""
    if number and len(number) == 9 and number.isdigit():
        return f"{number[:3]} {number[3:6]} {number[6:]}"
    return number or ""


def employee_band(count: int | None) -> str:
    """Employees as a band, the way the registries publish sizes.

    >>> [employee_band(n) for n in (None, 0, 3, 12, 260)]
    ['', '0', '1–4', '10–19', '250+']
    """
    if count is None:
        return ""
    for limit, band in ((0, "0"), (4, "1–4"), (9, "5–9"), (19, "10–19"), (49, "20–49"), (99, "50–99"),
                        (249, "100–249")):
        if count <= limit:
            return band
    return "250+"


# The values each of ENRICH_FIELDS adds, one per column it names there, from the registry's facts.
_ENRICHED_VALUES: dict[str, Callable[[CompanyFacts, str], list[str]]] = {
    "industry": lambda fact, language: [fact.industry_code or "", _industry_text(fact, language)],
    "employees": lambda fact, _: [employee_band(fact.employees)],
    "address": lambda fact, _: [fact.street or "", fact.postal_code or "", fact.city or ""],
    "municipality": lambda fact, _: [fact.municipality or ""],
    "registered": lambda fact, _: [fact.registered.isoformat() if fact.registered else ""],
    "website": lambda fact, _: [fact.website or ""],
}


def _industry_text(fact: CompanyFacts, language: str) -> str:
    """The industry in ``language``, else in English, else in the registry's own language."""
    return fact.industry.get(language) or fact.industry.get("en") or next(iter(fact.industry.values()), "")


def _enriched(fact: CompanyFacts, fields: Sequence[str], language: str) -> list[str]:
    return [value for field in fields for value in _ENRICHED_VALUES[field](fact, language)]


def _column(roles: Sequence[str | None], role: str) -> int | None:
    return next((i for i, r in enumerate(roles) if r == role), None)


def _row_country(row: Sequence[str], country_at: int | None, default: str) -> str:
    if country_at is None or not row[country_at].strip():
        return default
    from core.fields.country import code_for

    return code_for(row[country_at].strip()) or default
