"""E-mail address: tidy the cell, check the syntax, flag typos, throwaway and role addresses.

The cell is trimmed (NBSP and zero-width characters too), ``mailto:`` and a
display name (``Åsa Öberg <asa@x.se>``) are removed, and the domain is
lower-cased (IDN domains come back in Unicode). Syntax is email-validator's,
without DNS (``check_deliverability=False``: no network in core). A plain ASCII
``local@domain.tld`` takes a fast path: a strict regex on the local part plus a
cached verdict on the domain; tests show it agrees with email-validator.
Typos (``gmial.com``) are suggested, never applied. Throwaway domains come from
the ``disposable-email-domains`` package; role addresses (``info@``,
``faktura@``) from ``core/data/role_local_parts.txt``. ``details`` holds
``local_part``, ``domain`` and ``free_provider`` (a webmail or ISP domain from
``core/data/email_providers.txt``: a flag for B2B lists, never a problem). A misspelled domain
that is also on the throwaway list gets the typo message.

More information:

* https://github.com/JoshData/python-email-validator
* https://github.com/disposable-email-domains/disposable-email-domains

>>> validate("  Åsa Öberg <Asa.Oberg@Example.SE>\\u00a0")
'Asa.Oberg@example.se'
>>> check("anna@gmial.com").issues[0].message
'The domain looks misspelled: did you mean gmail.com?'
>>> validate("anna.svensson@@telia.com")
Traceback (most recent call last):
    ...
core.errors.InvalidFormat: The email address is not valid. It must have exactly one @-sign.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from disposable_email_domains import blocklist
from email_validator import EmailNotValidError, validate_email
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES, DOT_ATOM_TEXT
from rapidfuzz import process
from rapidfuzz.distance import OSA

from core.data import lines
from core.errors import FieldError, InvalidLength
from core.fields._util import MAX_INPUT, Analysis, empty, entry_points, issue, not_text, strip_invisible, too_long
from core.i18n import N_
from core.models import FieldIssue

PROVIDERS = lines("email_providers.txt")
_PROVIDER_SET = frozenset(PROVIDERS)
ROLE_LOCAL_PARTS = frozenset(lines("role_local_parts.txt"))
_CASE_INSENSITIVE = frozenset(CASE_INSENSITIVE_MAILBOX_NAMES)

_MAILTO = re.compile(r"mailto:", re.IGNORECASE)
_DISPLAY_NAME = re.compile(r"[^<>]*<([^<>]*)>")
_ADDRESS_LIKE = re.compile(r"[^\s<>,;:()\[\]\"']+@[^\s<>,;:()\[\]\"']+")


def _unwrap(text: str) -> str:
    """Remove mailto:, a display name and the angle brackets around the address."""
    if text[:7].lower() == "mailto:":
        text = text[7:].split("?", 1)[0].strip()
    if text.endswith(">") and (match := _DISPLAY_NAME.fullmatch(text)):
        text = _MAILTO.sub("", match.group(1)).strip()
    return text.rstrip(",;").strip()


def normalize(value: str, /) -> str:
    """Trim, drop mailto: and a display name, lower-case the domain (cheap: no validation)."""
    text = _unwrap(strip_invisible(value))
    local, at, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}" if at else text


@lru_cache(maxsize=65536)
def _domain_verdict(domain: str) -> str | None:
    """The normalized domain when email-validator accepts it, else None (cached per domain)."""
    try:
        return validate_email("x@" + domain, check_deliverability=False).domain
    except EmailNotValidError:
        return None


def _syntax(address: str) -> tuple[str, str, str, str] | str:
    """``(normalized, local, domain, ascii_domain)`` or email-validator's message for an invalid address."""
    local, at, domain = address.rpartition("@")
    # Fast path: an ASCII dot-atom local part and a domain that email-validator accepts
    # unchanged. Anything else (IDN, quotes, long addresses, errors) goes to the library.
    if at and len(local) <= 64 and len(address) <= 254 and address.isascii() and DOT_ATOM_TEXT.match(local):
        lowered = domain.lower()
        if _domain_verdict(lowered) == lowered:
            if local.lower() in _CASE_INSENSITIVE:
                local = local.lower()
            return f"{local}@{lowered}", local, lowered, lowered
    try:
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError as e:
        return str(e)
    return result.normalized, result.local_part, result.domain, result.ascii_domain


@lru_cache(maxsize=65536)
def suggest_domain(domain: str) -> str | None:
    """The provider domain a misspelled domain most likely meant, or None.

    The unique closest provider at Damerau (OSA) distance 1 is suggested (to a
    short provider name such as live or aol only for a keyboard slip); at
    distance 2 only between long names that are not known themselves. Ties and
    exact matches give nothing; ``analyse`` also gives nothing when the local
    part carries the domain's name (per.lind@lind.com).

    >>> suggest_domain("hotmial.com"), suggest_domain("onlien.no"), suggest_domain("hotmail.co")
    ('hotmail.com', 'online.no', None)
    >>> suggest_domain("lie.no"), suggest_domain("holm.com"), suggest_domain("lvie.no")
    (None, None, 'live.no')
    """
    if domain in PROVIDERS:
        return None
    best = process.extract(domain, PROVIDERS, scorer=OSA.distance, score_cutoff=2, limit=2)
    if not best or (len(best) == 2 and best[0][1] == best[1][1]):
        return None
    match, distance, _ = best[0]
    # Nordic company domains are often surnames a letter or two from a short provider (lie.no / live.no,
    # holm.com / aol.com, bach.com / mac.com): edit distance alone flagged 100-400 of 20,000 company
    # addresses (bench/email_typo_hints.py). So: two edits only between long provider-like names (hotmial
    # → hotmail); one edit to a short provider name (live, aol, mac, me) only when it is a keyboard slip.
    typed, meant = domain.split(".", 1)[0], match.split(".", 1)[0]
    if distance == 2:
        return match if min(len(typed), len(meant)) >= 6 and domain not in blocklist else None
    return match if len(meant) >= 5 or _slip(domain, match) else None


_KEYS = ("1234567890", "qwertyuiopå", "asdfghjklöä", "zxcvbnm,.-")
_PLACE = {key: (row, column) for row, keys in enumerate(_KEYS) for column, key in enumerate(keys)}


def _next_to(a: str, b: str) -> bool:
    """Whether two keys touch on a Nordic keyboard (same row side by side, or the row above or below)."""
    if a not in _PLACE or b not in _PLACE:
        return False
    (row_a, col_a), (row_b, col_b) = _PLACE[a], _PLACE[b]
    return (row_a == row_b and abs(col_a - col_b) == 1) or (abs(row_a - row_b) == 1 and -1 <= col_a - col_b <= 1)


def _slip(typed: str, meant: str) -> bool:
    """One keyboard slip turns ``meant`` into ``typed``: two neighbours swapped, a letter doubled, or the key
    next to the right one hit (not a letter dropped or added: that is how lie.no and moe.com come about).

    >>> _slip("lvie.no", "live.no"), _slip("livve.se", "live.se"), _slip("luve.se", "live.se"), _slip("lie.no", "live.no")
    (True, True, True, False)
    """
    if len(typed) == len(meant):
        diffs = [i for i, (a, b) in enumerate(zip(typed, meant)) if a != b]
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            return typed[diffs[0]] == meant[diffs[1]] and typed[diffs[1]] == meant[diffs[0]]
        return len(diffs) == 1 and _next_to(typed[diffs[0]], meant[diffs[0]])
    if len(typed) == len(meant) + 1:
        return any(typed[:i] + typed[i + 1:] == meant and typed[i] == typed[i - 1] for i in range(1, len(typed)))
    return False


# email-validator explains a rejected address in English; Rensa says it in its own words (so it can be
# translated): the first pattern found in the library's text picks the sentence, the last is the default.
# (The library raises one class for every syntax error, so its text is all there is to go on; the test
# table pins each of its messages to ours, so a reworded library release fails a test, not a user.)
_INVALID_REASONS: tuple[tuple[str, str, type[FieldError] | None], ...] = (
    ("something before the @-sign", N_("There is nothing before the @-sign."), None),
    ("something after the @-sign", N_("There is nothing after the @-sign."), None),
    ("have an @-sign", N_("The e-mail address has no @-sign."), None),
    ("at-sign", N_("The e-mail address has no @-sign."), None),
    ("'@'", N_("The e-mail address has more than one @-sign."), None),
    ("two periods in a row", N_("The e-mail address has two periods in a row."), None),
    ("too long", N_("The e-mail address is too long."), InvalidLength),
    ("start with a", N_("A period or hyphen is where an e-mail address cannot have one."), None),
    ("end with a", N_("A period or hyphen is where an e-mail address cannot have one."), None),
    ("period and a hyphen", N_("A period or hyphen is where an e-mail address cannot have one."), None),
    ("anything after the email", N_("There is more text after the e-mail address."), None),
    ("before the @-sign", N_("The part before the @-sign has characters an e-mail address cannot have."), None),
    ("should have a period", N_("The part after the @-sign is not a complete domain (such as firma.se)."), None),
    ("top-level domain", N_("The part after the @-sign is not a complete domain (such as firma.se)."), None),
    ("special-use or reserved", N_("The part after the @-sign is a reserved name that cannot receive e-mail."), None),
    ("after the @-sign", N_("The part after the @-sign has characters a domain cannot have."), None),
    ("", N_("This is not a valid e-mail address."), None),
)


def _invalid(verdict: str) -> FieldIssue:
    """email.invalid in Rensa's words for email-validator's reason."""
    message, raises = next((ours, raises) for found, ours, raises in _INVALID_REASONS if found in verdict)
    return issue("email.invalid", message, raises=raises)


def _named_in(local: str, domain: str) -> bool:
    """Whether the local part carries the domain's name (per.lind@lind.com): a family's or a company's own
    domain, not a misspelled provider."""
    name = domain.split(".", 1)[0].lower()
    return len(name) >= 3 and name in local.lower()


def meant_domain(local: str, domain: str) -> str | None:
    """The provider domain an address at a misspelled domain was meant for (anna@hotmial.com: hotmail.com), or None:
    ``suggest_domain``, unless the local part carries the domain's name (per.lind@lind.com is Lind's own domain).

    >>> meant_domain("anna936", "hotmail.cm"), meant_domain("per.lind", "lind.com"), meant_domain("anna", "telia.com")
    ('hotmail.com', None, None)
    """
    suggestion = suggest_domain(domain)
    return suggestion if suggestion and not _named_in(local, domain) else None


def _multiple(text: str, found: list[str]) -> Analysis:
    message = N_("The cell holds {n} e-mail addresses ({addresses}): keep one address per cell.")
    return Analysis(text, (issue("email.multiple", message, n=len(found), addresses=list(found)),),
                    (("addresses", tuple(found)),))


def analyse(value: Any, /) -> Analysis:
    """Everything check() reports, as an immutable Analysis (an address needs no options)."""
    if not isinstance(value, str):
        return not_text("email", value)
    if len(value) > MAX_INPUT:
        return too_long("email", value)
    text = _unwrap(strip_invisible(value))
    if not text:
        return empty("email")
    if text.count("@") > 1 and len(found := _ADDRESS_LIKE.findall(text)) > 1:
        return _multiple(text, found)
    verdict = _syntax(text)
    if isinstance(verdict, str):
        return Analysis(text, (_invalid(verdict),))
    normalized, local, domain, ascii_domain = verdict
    issues = []
    if suggestion := meant_domain(local, domain):
        message = N_("The domain looks misspelled: did you mean {domain}?")
        issues.append(issue("email.typo", message, severity="warning", suggestion=f"{local}@{suggestion}",
                            domain=suggestion))
    elif ascii_domain in blocklist:
        message = N_("The address is at a throwaway e-mail service ({domain}) and will soon stop working.")
        issues.append(issue("email.disposable", message, severity="warning", domain=domain))
    role = local.lower().split("+", 1)[0]
    if role in ROLE_LOCAL_PARTS:
        message = N_("This is a shared address ({local_part}@), not a person's own address.")
        issues.append(issue("email.role", message, severity="warning", local_part=role))
    details = (("local_part", local), ("domain", domain), ("free_provider", domain in _PROVIDER_SET))
    return Analysis(normalized, tuple(issues), details)


validate, is_valid, check = entry_points(analyse)
