"""Nordic personal and organisation ids: one entry point, dispatched per country.

Like ``stdnum/eu/vat.py``, ``validate(number, country=..., kind=...)`` picks the
right number format and hands off: Swedish personnummer, samordningsnummer and
organisationsnummer; Norwegian fødselsnummer, D-nummer and
organisasjonsnummer; Danish CPR and CVR; Finnish HETU and Y-tunnus. Check
digits and org numbers come from python-stdnum. Birth dates and the century of
a Swedish number are worked out here, because stdnum reads the system clock
for them, rejects samordningsnummer and accepts future HETU dates.

Options (keyword-only): ``country`` (``SE`` | ``NO`` | ``DK`` | ``FI``, default ``SE``),
``kind`` (``personal`` | ``organisation`` | ``None`` = detect; another value is a ValueError),
``today`` (a ``datetime.date``) and ``text_forms`` (see ``analyse``). Without ``today`` the future-birth-date check is skipped
and a 10-digit Swedish number keeps its 10-digit ``YYMMDD-NNNN`` form, as its
century cannot be known. ``details["kind"]`` names the format found
(``se_personnummer``, ``fi_ytunnus``, ...); personal ids add
``details["birth_date"]`` (ISO) and ``details["gender"]`` (``"F"``/``"M"``).

More information:

* https://github.com/arthurdejong/python-stdnum
* https://www.skatteverket.se/ (SKV 704 personnummer, SKV 707 samordningsnummer)

>>> import datetime
>>> validate("811228-9874", today=datetime.date(2026, 11, 22))
'198112289874'
>>> check("811288-9871").details["kind"]
'se_samordningsnummer'
>>> validate("131052A308T", country="FI", today=datetime.date(2026, 11, 22))
Traceback (most recent call last):
    ...
core.errors.InvalidComponent: The birth date in the number (2052-10-13) is in the future.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Literal

from core.errors import InvalidLength
from core.fields._nordic_ids import (
    NAMES,
    Bad,
    dk_org,
    dk_personal,
    fi_org,
    fi_personal,
    no_org,
    no_personal,
    se_org,
    se_personal,
)
from core.fields._util import Analysis, empty, entry_points, issue, not_text, strip_invisible
from core.i18n import N_

_MAX_LENGTH = 40
Kind = Literal["personal", "organisation"]

Parser = Callable[[str, "datetime.date | None"], "tuple[str, dict]"]
_PARSERS: dict[str, dict[str, tuple[Parser, ...]]] = {
    "SE": {"personal": (se_personal,), "organisation": (se_org, se_personal)},
    "NO": {"personal": (no_personal,), "organisation": (no_org,)},
    "DK": {"personal": (dk_personal,), "organisation": (dk_org,)},
    "FI": {"personal": (fi_personal,), "organisation": (fi_org,)},
}
# Formats with a check digit are safe to recognise in a row of another country; a CPR is not.
_FOREIGN = {
    "personal": (("SE", se_personal), ("NO", no_personal), ("FI", fi_personal)),
    "organisation": (("NO", no_org), ("DK", dk_org), ("FI", fi_org), ("SE", se_org)),
}
_COMPACT = str.maketrans({**dict.fromkeys(map(chr, [*range(0x2010, 0x2016), 0x2212]), "-"), " ": None, ".": None,
                          ":": None})
# A label that only names the column ("Org.nr 556043-6064", "CVR 21599336", "Y-tunnus: 2077474-0"): it may go,
# as a phone's "Tel:" does. Only when a number (after a country prefix such as SE or DK) follows it.
_LABEL = re.compile(
    r"(?:ORG(?:ANI[SZ]ATION(?:S)?|ANISASJONS)?[\s.]*(?:NR|NUMMER|NO|NUMBER)|CVR(?:[\s.-]*(?:NR|NUMMER))?"
    r"|SE[\s.-]*NR|L?Y[\s-]*TUNNUS|VAT(?:[\s.]*(?:NO|NR|NUMBER|ID))?|MOMS(?:REG)?[\s.]*(?:NR|NUMMER)?"
    r"|MVA[\s.-]*(?:NR|NUMMER)|PERS(?:ON)?[\s.]*(?:NR|NUMMER)|PNR|F(?:ØDSELS)?[\s.]*(?:NR|NUMMER)|D-NUMMER"
    r"|CPR(?:[\s.-]*(?:NR|NUMMER))?|HETU|HENKILÖTUNNUS|BUSINESS\s*ID|ID)[\s.:#=-]*(?=(?:[A-Z]{2}[\s:.-]*)?\d)"
)


def normalize(value: str, /) -> str:
    """Trim, upper-case, drop a label (``Org.nr``, ``CVR``), spaces, dots and colons, and turn dashes of any
    kind into ``-``; no validation."""
    text = strip_invisible(value)[:_MAX_LENGTH].upper()
    if text[:1].isalpha() and (label := _LABEL.match(text)):
        text = text[label.end():]
    return text.translate(_COMPACT)


def _candidates(country: str, kind: str | None) -> tuple[Parser, ...]:
    table = _PARSERS.get(country, _PARSERS["SE"])
    if kind in table:
        return table[kind]
    return table["personal"] + table["organisation"]


def _try(parsers: tuple[Parser, ...], text: str, today: datetime.date | None) -> tuple[str, dict] | Bad:
    failures = []
    for parse in parsers:
        try:
            return parse(text, today)
        except Bad as bad:
            # Only the verdict is kept: its traceback and chained cause reference this frame, which holds
            # `failures`, a cycle that would leave garbage for the collector on every rejected format.
            bad.__context__ = bad.__cause__ = None
            failures.append(bad.with_traceback(None))
    return next((f for f in failures if f.close), failures[0])


# Written forms a spreadsheet imports as text (``text_forms``): a 12-digit personnummer is a number to
# Excel and LibreOffice (197006237528, shown as 1,97006E+11), with its dash it stays text; an 11-digit
# Norwegian number loses its leading 0, with a space after the birth date (as Skatteetaten prints it) it
# does not. The other formats already have a dash or cannot start with 0.
_TEXT_FORMS = {
    "se_personnummer": lambda v: f"{v[:8]}-{v[8:]}" if len(v) == 12 else v,
    "se_samordningsnummer": lambda v: f"{v[:8]}-{v[8:]}" if len(v) == 12 else v,
    "no_fodselsnummer": lambda v: f"{v[:6]} {v[6:]}" if len(v) == 11 else v,
    "no_dnummer": lambda v: f"{v[:6]} {v[6:]}" if len(v) == 11 else v,
}


def analyse(value: Any, /, *, country: str | None = "SE", kind: Kind | None = None,
            today: datetime.date | None = None, text_forms: bool = False) -> Analysis:
    """Everything check() reports, as an immutable Analysis.

    ``text_forms``: write the number in a form spreadsheets import as text (``19700623-7528``,
    ``011299 55131``) instead of the compact one; both mean the same number.
    """
    if kind not in (None, "personal", "organisation"):
        raise ValueError(f"kind must be 'personal', 'organisation' or None, not {kind!r}")
    if not isinstance(value, str):
        return not_text("id", value)
    if today is not None and not isinstance(today, datetime.date):
        today = None
    found = _analyse(value, str(country or "SE").upper(), kind, today)
    if text_forms and (form := _TEXT_FORMS.get(dict(found.details).get("kind", ""))):
        return found._replace(value=form(found.value))
    return found


@lru_cache(maxsize=4096)
def _analyse(value: str, country: str, kind: str | None, today: datetime.date | None) -> Analysis:
    if len(value) > _MAX_LENGTH * 4:
        return Analysis(value[:_MAX_LENGTH], (issue("id.invalid", N_("The value is far too long for an id number."),
                                                    raises=InvalidLength),))
    text = normalize(value)
    if not text:
        return empty("id")
    if not text.isascii():
        # Ids are ASCII; this also keeps other scripts' digits (٣, ３) out of the checks below.
        return Analysis(text, (issue("id.invalid", N_("The id contains characters that id numbers do not have.")),))
    result = _try(_candidates(country, kind), text, today)
    if not isinstance(result, Bad):
        return Analysis(result[0], (), tuple(result[1].items()))
    for other, parse in _FOREIGN.get(kind or "personal", ()) if kind else _FOREIGN["personal"] + _FOREIGN["organisation"]:
        if other == country:
            continue
        found = _try((parse,), text, today)
        if not isinstance(found, Bad):
            message = N_("This is {id_label}, but the row's country is {country}.")
            mismatch = issue("id.country_mismatch", message, severity="warning", id_label=NAMES[found[1]["kind"]],
                             country=country)
            return Analysis(found[0], (mismatch,), tuple(found[1].items()))
    if text[0].isdigit():
        padded = _try(_candidates(country, kind), "0" + text, today)
        if not isinstance(padded, Bad):
            message = N_("A spreadsheet seems to have dropped the leading 0: did you mean {number}?")
            return Analysis(text, (issue("id.excel_mangled", message, suggestion=padded[0], number=padded[0]),))
    if not result.close and kind not in ("personal", "organisation"):
        message = N_("This does not look like an id number used in {country}: the number of digits or the "
                     "separators are wrong.")
        return Analysis(text, (issue("id.invalid", message, country=country if country in _PARSERS else "SE",
                                     raises=InvalidLength),))
    return Analysis(text, (issue("id.invalid", result.message, severity="error", suggestion=None, raises=result.raises,
                                 **result.params),))


validate, is_valid, check = entry_points(analyse)
