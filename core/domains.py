"""E-mail domains that cannot receive mail: what a DNS check found, as issues on the e-mail cells.

Pure: the DNS look-ups are done by ``functions/domains.py`` (dnspython) and passed in as ``DomainVerdict``
objects, as ``today`` is. A domain "cannot receive e-mail" when it does not exist (NXDOMAIN), when it says so
with a null MX (``MX 0 .``, RFC 7505), or when it has neither an MX record nor an address (A/AAAA) to fall
back to (RFC 5321 section 5.1). A timeout or a server failure is "unknown" and flags nothing: a slow name
server is not evidence that a customer's address is dead.

>>> import datetime
>>> dead = DomainVerdict(domain="gamlefirma.se", status="not_found", checked=datetime.date(2026, 12, 1))
>>> [(row, issue.code, issue.message) for row, _, issue in
...  domain_issues(["E-post"], [["kalle@gamlefirma.se"], ["eva@gmail.com"]], ["email"], {"gamlefirma.se": dead})]
[(1, 'email.domain_not_found', 'The domain gamlefirma.se does not exist, so e-mail to this address cannot be delivered.')]
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from core.fields._util import issue as make_issue
from core.i18n import N_, translator
from core.models import FieldIssue

DomainStatus = Literal["accepts_mail", "not_found", "null_mx", "no_mail_host", "unknown"]

# What each status says on the e-mail cell; "accepts_mail" and "unknown" say nothing.
_SENTENCES: dict[str, tuple[str, str]] = {
    "not_found": ("email.domain_not_found",
                  N_("The domain {domain} does not exist, so e-mail to this address cannot be delivered.")),
    "null_mx": ("email.domain_no_mail",
                N_("The domain {domain} says it accepts no e-mail (null MX): this address cannot receive mail.")),
    "no_mail_host": ("email.domain_no_mail_host",
                     N_("The domain {domain} has no mail server and no address to fall back to: e-mail to it "
                        "cannot be delivered.")),
}


class DomainVerdict(BaseModel):
    """What DNS said of one e-mail domain, on the day it was asked."""

    model_config = ConfigDict(frozen=True)

    domain: str
    status: DomainStatus
    checked: datetime.date
    ttl: int | None = None


def email_domains(rows: Sequence[Sequence[str]], roles: Sequence[str | None]) -> dict[str, list[int]]:
    """The domains of the (cleaned) e-mail cells, with the rows that use each, in first-seen order."""
    columns = [i for i, role in enumerate(roles) if role == "email"]
    domains: dict[str, list[int]] = {}
    for number, row in enumerate(rows, start=1):
        for column in columns:
            domain = domain_of(row[column])
            if domain:
                domains.setdefault(domain, []).append(number)
    return domains


def domain_of(value: str) -> str | None:
    """The lower-case domain of an e-mail value, or None when the cell holds no single address.

    >>> domain_of("Kalle@Firma.SE"), domain_of("not an address"), domain_of("a@b.se, c@d.se")
    ('firma.se', None, None)
    """
    value = value.strip()
    if value.count("@") != 1 or any(ch in value for ch in " ,;"):
        return None
    domain = value.rsplit("@", 1)[1].rstrip(".").lower()
    return domain if "." in domain else None


def domain_issues(header: Sequence[str], rows: Sequence[Sequence[str]], roles: Sequence[str | None],
                  verdicts: Mapping[str, DomainVerdict], *, language: str = "en"
                  ) -> list[tuple[int, int, FieldIssue]]:
    """``(row, column, issue)`` for every e-mail cell whose domain cannot receive mail."""
    speak = translator(language)
    columns = [i for i, role in enumerate(roles) if role == "email"]
    made: dict[str, FieldIssue] = {}
    found: list[tuple[int, int, FieldIssue]] = []
    for number, row in enumerate(rows, start=1):
        for column in columns:
            domain = domain_of(row[column])
            verdict = verdicts.get(domain) if domain else None
            if domain is None or verdict is None or verdict.status not in _SENTENCES:
                continue
            if domain not in made:
                code, template = _SENTENCES[verdict.status]
                made[domain] = speak.issue(make_issue(code, template, severity="error", domain=domain))
            found.append((number, column, made[domain]))
    return found


def undeliverable_count(verdicts: Mapping[str, DomainVerdict]) -> int:
    """How many of the domains cannot receive mail."""
    return sum(1 for verdict in verdicts.values() if verdict.status in _SENTENCES)
