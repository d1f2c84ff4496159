"""Every sentence and label about who may be contacted, written once and translated in the ``suppression``
catalogue (core.i18n); the CLI, report, API, sidebar and cell notes show these.

Sentences come in the clean's language (``CleanConfig.language``). The verdict columns and their labels
are in the register's language, chosen from the clean's country (SE sv, NO nb, DK da, FI fi, else en), as
the issue asks: a Swedish register gets ``Ring ej``, a Norwegian one ``Ikke ring``, whatever language the
person reads the report in.

>>> t = translator("en")
>>> reason(t, "nix", "2026-11-02")[1]
'On NIX-Telefon (list of 2026-11-02): do not call for sales without a valid consent.'
>>> expired_notice(translator("sv"), "nix", "2027-01-02")
'Din kontroll mot NIX-Telefon gick ut den 2 jan. 2027; ladda upp en ny lista.'
>>> column_headers("SE"), column_headers("NO")[0]
(('Ring ej', 'Posta ej', 'E-posta ej'), 'Ikke ring')
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any

from core.i18n import N_, Translator, translator
from core.models import FieldIssue

LANGUAGE_OF_COUNTRY = {"SE": "sv", "NO": "nb", "DK": "da", "FI": "fi"}

_HEADERS = (N_("Do not call"), N_("Do not post"), N_("Do not e-mail"))

# What a verdict cell says (names of registers stay as they are in every language).
_LABELS = {
    "nix": "NIX-Telefon",
    "reservasjon_phone": "Reservasjonsregisteret",
    "reservasjon_mail": "Reservasjonsregisteret",
    "deceased": N_("Deceased"),
    "protected_identity": N_("Protected identity"),
    "opt_out_email": N_("Own opt-out list"),
    "opt_out_phone": N_("Own opt-out list"),
    "opt_out_all": N_("Own opt-out list"),
    "no_consent": N_("No consent"),
    "consent_expired": N_("Consent too old"),
    "unchecked": N_("Check expired"),
}

#: What each kind of list is called in sentences (a ``*_label`` placeholder shows it translated).
LIST_NAMES = {
    "nix": "NIX-Telefon",
    "reservasjon_phone": N_("Reservasjonsregisteret (telephone sales)"),
    "reservasjon_mail": N_("Reservasjonsregisteret (addressed advertising)"),
    "deceased": N_("the list of deceased persons"),
    "protected_identity": N_("the list of protected identities"),
    "opt_out_email": N_("your opt-out list for e-mail"),
    "opt_out_phone": N_("your opt-out list for calls"),
    "opt_out_all": N_("your list of people who asked not to be contacted"),
}

# The sentence on a row a list matched: (with the list's date, without one).
_REASONS = {
    "nix": (N_("On NIX-Telefon (list of {date}): do not call for sales without a valid consent."), None),
    "reservasjon_phone": (N_("On Reservasjonsregisteret against telephone sales (list of {date}): "
                             "do not call for sales."), None),
    "reservasjon_mail": (N_("On Reservasjonsregisteret against addressed advertising (list of {date}): "
                            "do not send addressed advertising."), None),
    "deceased": (N_("Deceased (list of {date}): do not contact; remove or mark the row."),
                 N_("Deceased: do not contact; remove or mark the row.")),
    "protected_identity": (N_("Protected identity (list of {date}): do not send post or contact; "
                              "the address must not be used."),
                           N_("Protected identity: do not send post or contact; the address must not be used.")),
    "opt_out_email": (N_("Asked not to be e-mailed (list of {date}): do not send e-mail."),
                      N_("Asked not to be e-mailed: do not send e-mail.")),
    "opt_out_phone": (N_("Asked not to be called (list of {date}): do not call."),
                      N_("Asked not to be called: do not call.")),
    "opt_out_all": (N_("Asked not to be contacted (list of {date}): do not call, post or e-mail."),
                    N_("Asked not to be contacted: do not call, post or e-mail.")),
}
CUSTOMER = N_("Marked as an existing customer: the register's rule does not apply to offers like what they "
              "have bought.")
CONSENT_UNTIL = N_("The consent to calls counts until {until_date}.")
LIST_EXPIRED = N_("This list expired on {expired_date}; upload a new one.")
CONSENT_OLD = N_("The consent to calls is from {given_date}; with the number on NIX-Telefon it counted only "
                 "until {until_date} (3 months): do not call for sales.")
CONSENT_UNDATED = N_("The consent to calls has no date; with the number on NIX-Telefon a consent counts only "
                     "3 months: record when it was given.")
NO_CONSENT = {
    "phone": N_("Marked for calls but no consent to calls is recorded."),
    "post": N_("Marked for post but no consent to post is recorded."),
    "email": N_("Marked for e-mail but no consent to e-mail is recorded."),
}
_EXPIRED_REGISTER = N_("Your {list_label} check expired on {expired_date}; upload a new list.")
_EXPIRED_OTHER = N_("This list stopped counting on {expired_date}: {list_label}; upload a new list.")
_UNCHECKED = {
    "phone": N_("Not checked against {list_label}: the check expired on {expired_date}; upload a new list "
                "before calling."),
    "post": N_("Not checked against {list_label}: the check expired on {expired_date}; upload a new list "
               "before sending addressed advertising."),
}
_SUMMARY = N_("May be contacted on {date}: by phone {phone_count} of {phone_total} rows with a number, by post "
              "{post_count} of {post_total} with an address, by e-mail {email_count} of {email_total} with an "
              "address.")

# "May I call this number now?"
_NO_HOURS = N_("{country} sets no calling hours by law (Norway's rule applies only to Norwegian numbers).")
_UNKNOWN_HOURS = N_("No rule on calling hours is known for this number's country.")
_CALL_YES = N_("Yes: telephone sales to Norway are allowed now ({time} on {date}, Norwegian time), until 21:00.")
_CALL_NO = {
    "saturday": N_("No: telephone sales to Norway are not allowed on Saturdays ({time} on {date}, Norwegian time)."),
    "sunday": N_("No: telephone sales to Norway are not allowed on Sundays ({time} on {date}, Norwegian time)."),
    "holiday": N_("No: telephone sales to Norway are not allowed on public holidays ({holiday_label}, {date})."),
    "before_9": N_("No: telephone sales to Norway are not allowed before 09:00 ({time} on {date}, Norwegian time)."),
    "after_21": N_("No: telephone sales to Norway are not allowed after 21:00 ({time} on {date}, Norwegian time)."),
}
_CALL_AGAIN = N_("Calls may start again on {next_date} at 09:00.")
_ON_LIST = (N_("But the number is on {list_label} (list of {date}): do not call."),
            N_("But the number is on {list_label}: do not call."))
NOT_A_NUMBER = N_("{text} is not a phone number Rensa can read; write it with the country code, like "
                  "+47 912 34 567.")

#: Norway's public holidays by the names ``core.contact.callhours`` gives them.
HOLIDAYS = {
    "New Year's Day": N_("New Year's Day"), "Maundy Thursday": N_("Maundy Thursday"),
    "Good Friday": N_("Good Friday"), "Easter Sunday": N_("Easter Sunday"), "Easter Monday": N_("Easter Monday"),
    "Labour Day": N_("Labour Day"), "Constitution Day": N_("Constitution Day"), "Ascension Day": N_("Ascension Day"),
    "Whit Sunday": N_("Whit Sunday"), "Whit Monday": N_("Whit Monday"), "Christmas Day": N_("Christmas Day"),
    "Boxing Day": N_("Boxing Day"),
}


def language_for(country: str) -> str:
    return LANGUAGE_OF_COUNTRY.get(country.upper(), "en")


def column_headers(country: str) -> tuple[str, str, str]:
    """The verdict columns' headers in the register's language (from its country)."""
    t = translator(language_for(country))
    do_not_call, do_not_post, do_not_email = (t.gettext(h) for h in _HEADERS)
    return do_not_call, do_not_post, do_not_email


@lru_cache(maxsize=1)
def every_column_header() -> frozenset[str]:
    """The verdict headers in every language (a cleaned file cleaned again drops its old ones)."""
    from core.i18n import LANGUAGES

    return frozenset(translator(language).gettext(h) for language in LANGUAGES for h in _HEADERS)


def labels(country: str) -> dict[str, str]:
    """The verdict cells' words in the register's language."""
    t = translator(language_for(country))
    return {kind: t.gettext(text) for kind, text in _LABELS.items()}


def issue(t: Translator, code: str, template: str, **params: Any) -> FieldIssue:
    """A warning whose message is ``template`` in ``t``'s language; code, template and params kept."""
    return FieldIssue.model_construct(code=code, severity="warning", message=t._(template, **params), suggestion=None,
                                      params=params or None, template=template)


def reason(t: Translator, kind: str, list_date: str | None) -> tuple[str, str]:
    """(template, sentence) on a row that a list of ``kind`` matched; ``list_date`` ISO or None."""
    dated, undated = _REASONS[kind]
    if list_date is None and undated is not None:
        return undated, t._(undated)
    return dated, t._(dated, date=list_date or "")


def expired_notice(t: Translator, kind: str, expired_date: str) -> str:
    """The report's line for a list past its validity."""
    template = _EXPIRED_REGISTER if kind in ("nix", "reservasjon_phone", "reservasjon_mail") else _EXPIRED_OTHER
    return t._(template, list_label=LIST_NAMES[kind], expired_date=expired_date)


def unchecked(kind: str) -> str:
    return _UNCHECKED["post" if kind == "reservasjon_mail" else "phone"]


def summary_sentence(t: Translator, summary: dict) -> str:
    """How many rows may be contacted today, per channel.

    >>> summary_sentence(translator("en"), {"rows": 5, "date": "2026-12-01",
    ...     "phone": {"may_contact": 1, "closed": 3, "unchecked": 0, "no_value": 1},
    ...     "post": {"may_contact": 3, "closed": 1, "unchecked": 0, "no_value": 1},
    ...     "email": {"may_contact": 3, "closed": 2, "unchecked": 0, "no_value": 0}})
    'May be contacted on 2026-12-01: by phone 1 of 4 rows with a number, by post 3 of 4 with an address, by e-mail 3 of 5 with an address.'
    """
    counts = {}
    for channel in ("phone", "post", "email"):
        counts[f"{channel}_count"] = summary[channel]["may_contact"]
        counts[f"{channel}_total"] = summary["rows"] - summary[channel]["no_value"]
    text = t._(_SUMMARY, date=summary.get("date") or "", **counts)
    unchecked_rows = max(summary[c]["unchecked"] for c in ("phone", "post", "email"))
    if not unchecked_rows:
        return text
    return text + " " + t.n_("{n} row was not checked because a list expired.",
                             "{n} rows were not checked because a list expired.", unchecked_rows)


def call_time_sentence(t: Translator, country: str | None, allowed: bool, reason_code: str, holiday: str | None,
                       local: datetime.datetime, next_allowed: datetime.datetime | None) -> str:
    """The answer to "may I call this number now?" for the hours rule alone."""
    if country != "NO":
        return t._(_NO_HOURS, country=country) if country else t._(_UNKNOWN_HOURS)
    when = {"time": f"{local:%H:%M}", "date": local.date().isoformat()}
    if allowed:
        return t._(_CALL_YES, **when)
    if reason_code == "holiday":
        closed = _CALL_NO["holiday"]
        text = t._(closed, holiday_label=HOLIDAYS[holiday or ""], date=when["date"])
    else:
        text = t._(_CALL_NO[reason_code], **when)
    return f"{text} {t._(_CALL_AGAIN, next_date=next_allowed.date().isoformat())}" if next_allowed else text


def call_list_sentence(t: Translator, kind: str, list_date: datetime.date | None) -> str:
    """Why a number must not be called although the hours allow it.

    >>> call_list_sentence(translator("en"), "opt_out_all", datetime.date(2026, 11, 2))
    'But the number is on your list of people who asked not to be contacted (list of 2026-11-02): do not call.'
    """
    if list_date is None:
        return t._(_ON_LIST[1], list_label=LIST_NAMES[kind])
    return t._(_ON_LIST[0], list_label=LIST_NAMES[kind], date=list_date.isoformat())
