"""Every sentence and label about who may be contacted, written once (the CLI, report, API, sidebar and
cell notes show these).

Column headers and the short labels in the verdict columns are in the register's language (from the
clean's country: SE sv, NO nb, DK da, FI fi, else en), as the issue asks: a Swedish user filters ``Ring
ej``, a Norwegian one ``Ikke ring``.

>>> reason_sentence("nix", datetime.date(2026, 11, 2))
'On NIX-Telefon (list of 2 Nov 2026): do not call for sales without a valid consent.'
>>> expired_notice("nix", datetime.date(2027, 1, 2))
'Your NIX-Telefon check expired on 2 Jan 2027; upload a new list.'
"""

from __future__ import annotations

import datetime

LANGUAGE_OF_COUNTRY = {"SE": "sv", "NO": "nb", "DK": "da", "FI": "fi"}

#: The verdict columns' headers per language, in channel order (phone, post, email).
COLUMN_HEADERS: dict[str, tuple[str, str, str]] = {
    "sv": ("Ring ej", "Posta ej", "E-posta ej"),
    "nb": ("Ikke ring", "Ikke post", "Ikke e-post"),
    "da": ("Ring ikke", "Send ikke post", "Send ikke e-mail"),
    "fi": ("Älä soita", "Älä postita", "Älä lähetä sähköpostia"),
    "en": ("Do not call", "Do not post", "Do not e-mail"),
}

#: Short labels written in a verdict column (what a filter shows), per language.
LABELS: dict[str, dict[str, str]] = {
    "sv": {"nix": "NIX-Telefon", "reservasjon_phone": "Reservasjonsregisteret", "reservasjon_mail": "Reservasjonsregisteret",
           "deceased": "Avliden", "protected_identity": "Skyddad identitet", "opt_out_email": "Egen spärrlista",
           "opt_out_phone": "Egen spärrlista", "opt_out_all": "Egen spärrlista", "no_consent": "Inget samtycke",
           "consent_expired": "Samtycket för gammalt", "unchecked": "Kontrollen har gått ut"},
    "nb": {"nix": "NIX-Telefon", "reservasjon_phone": "Reservasjonsregisteret", "reservasjon_mail": "Reservasjonsregisteret",
           "deceased": "Død", "protected_identity": "Sperret adresse", "opt_out_email": "Egen reservasjonsliste",
           "opt_out_phone": "Egen reservasjonsliste", "opt_out_all": "Egen reservasjonsliste",
           "no_consent": "Mangler samtykke", "consent_expired": "Samtykket er for gammelt", "unchecked": "Sjekken er utløpt"},
    "da": {"nix": "NIX-Telefon", "reservasjon_phone": "Reservasjonsregisteret", "reservasjon_mail": "Reservasjonsregisteret",
           "deceased": "Død", "protected_identity": "Beskyttet adresse", "opt_out_email": "Egen frabedelsesliste",
           "opt_out_phone": "Egen frabedelsesliste", "opt_out_all": "Egen frabedelsesliste",
           "no_consent": "Intet samtykke", "consent_expired": "Samtykket er for gammelt", "unchecked": "Kontrollen er udløbet"},
    "fi": {"nix": "NIX-Telefon", "reservasjon_phone": "Reservasjonsregisteret", "reservasjon_mail": "Reservasjonsregisteret",
           "deceased": "Kuollut", "protected_identity": "Turvakielto", "opt_out_email": "Oma kieltolista",
           "opt_out_phone": "Oma kieltolista", "opt_out_all": "Oma kieltolista", "no_consent": "Ei suostumusta",
           "consent_expired": "Suostumus liian vanha", "unchecked": "Tarkistus vanhentunut"},
    "en": {"nix": "NIX-Telefon", "reservasjon_phone": "Reservasjonsregisteret", "reservasjon_mail": "Reservasjonsregisteret",
           "deceased": "Deceased", "protected_identity": "Protected identity", "opt_out_email": "Own opt-out list",
           "opt_out_phone": "Own opt-out list", "opt_out_all": "Own opt-out list", "no_consent": "No consent",
           "consent_expired": "Consent too old", "unchecked": "Check expired"},
}

#: What each kind of list is, for sentences and the report.
LIST_NAMES = {
    "nix": "NIX-Telefon",
    "reservasjon_phone": "Reservasjonsregisteret (telephone sales)",
    "reservasjon_mail": "Reservasjonsregisteret (addressed advertising)",
    "deceased": "the list of deceased persons",
    "protected_identity": "the list of protected identities",
    "opt_out_email": "your opt-out list for e-mail",
    "opt_out_phone": "your opt-out list for calls",
    "opt_out_all": "your list of people who asked not to be contacted",
}

_WHAT = {
    "nix": "On NIX-Telefon{when}: do not call for sales without a valid consent.",
    "reservasjon_phone": "On Reservasjonsregisteret against telephone sales{when}: do not call for sales.",
    "reservasjon_mail": "On Reservasjonsregisteret against addressed advertising{when}: do not send addressed advertising.",
    "deceased": "Deceased{when}: do not contact; remove or mark the row.",
    "protected_identity": "Protected identity{when}: do not send post or contact; the address must not be used.",
    "opt_out_email": "Asked not to be e-mailed{when}: do not send e-mail.",
    "opt_out_phone": "Asked not to be called{when}: do not call.",
    "opt_out_all": "Asked not to be contacted{when}: do not call, post or e-mail.",
}

_CHANNEL_WORDS = {"phone": "calls", "post": "post", "email": "e-mail"}


def day_text(day: datetime.date) -> str:
    """``2 Nov 2026``."""
    return f"{day.day} {day.strftime('%b')} {day.year}"


def language_for(country: str) -> str:
    return LANGUAGE_OF_COUNTRY.get(country.upper(), "en")


def reason_sentence(kind: str, list_date: datetime.date | None, *, expired_on: datetime.date | None = None,
                    customer: bool = False, consent_until: datetime.date | None = None) -> str:
    """The dated sentence on a row that one list matched."""
    when = f" (list of {day_text(list_date)})" if list_date else ""
    text = _WHAT[kind].format(when=when)
    if customer:
        text = text.rstrip(".") + "; marked as an existing customer, so the register's rule does not apply to offers like what they have bought."
    elif consent_until is not None:
        text = text.rstrip(".") + f"; the consent to calls counts until {day_text(consent_until)}."
    if expired_on is not None:
        text += f" This list expired on {day_text(expired_on)}; upload a new one."
    return text


def expired_notice(kind: str, expired_on: datetime.date) -> str:
    """The report's line for a list past its validity."""
    name = LIST_NAMES[kind]
    name = name[0].upper() + name[1:] if not name.startswith(("NIX", "Reservasjon")) else name
    return f"Your {name} check expired on {day_text(expired_on)}; upload a new list." if kind in (
        "nix", "reservasjon_phone", "reservasjon_mail") else f"{name} stopped counting on {day_text(expired_on)}; upload a new list."


def unchecked_sentence(kind: str, expired_on: datetime.date) -> str:
    """On a row whose number or address a list no longer covers."""
    channel = "calls" if kind != "reservasjon_mail" else "addressed advertising"
    return (f"Not checked against {LIST_NAMES[kind]}: the check expired on {day_text(expired_on)}; "
            f"upload a new list before {channel}.")


def consent_old_sentence(given: datetime.date, until: datetime.date) -> str:
    return (f"The consent to calls is from {day_text(given)}; with the number on NIX-Telefon it counted only "
            f"until {day_text(until)} (3 months): do not call for sales.")


def consent_undated_sentence() -> str:
    return ("The consent to calls has no date; with the number on NIX-Telefon a consent counts only 3 months: "
            "record when it was given.")


def no_consent_sentence(channel: str) -> str:
    return f"Marked for {_CHANNEL_WORDS[channel]} but no consent to {_CHANNEL_WORDS[channel]} is recorded."


def not_checked_notice(kind: str) -> str:
    return f"No {LIST_NAMES[kind]} list was given: numbers were not checked against it."


_CLOSED_WHY = {"saturday": "on Saturdays", "sunday": "on Sundays", "before_9": "before 09:00 on weekdays",
               "after_21": "after 21:00 on weekdays"}


def call_time_sentence(country: str | None, allowed: bool, reason: str, holiday: str | None,
                       local: datetime.datetime, next_allowed: datetime.datetime | None) -> str:
    """The answer to "may I call this number now?" for the hours rule alone."""
    if country != "NO":
        where = {"SE": "Sweden", "DK": "Denmark", "FI": "Finland"}.get(country or "")
        if where is None:
            return "No rule on calling hours is known for this number's country."
        return f"{where} sets no calling hours by law (Norway's rule applies only to Norwegian numbers)."
    now = f"{local:%A} {local:%H:%M} in Norway"
    if allowed:
        return f"Yes: telephone sales to Norway are allowed now ({now}), until 21:00."
    why = f"on public holidays ({holiday})" if reason == "holiday" else _CLOSED_WHY[reason]
    return (f"No: telephone sales to Norway are not allowed {why} ({now}). "
            f"Calls may start again {next_allowed:%A} {day_text(next_allowed.date())} at 09:00.")


def call_list_sentence(kind: str, list_date: datetime.date | None) -> str:
    """Why a number must not be called although the hours allow it.

    >>> call_list_sentence("opt_out_all", datetime.date(2026, 11, 2))
    'But the number is on your list of people who asked not to be contacted (list of 2 Nov 2026): do not call.'
    """
    when = f" (list of {day_text(list_date)})" if list_date else ""
    return f"But the number is on {LIST_NAMES[kind]}{when}: do not call."


def not_a_number_sentence(text: str) -> str:
    return f"{text!r} is not a phone number Rensa can read; write it with the country code, like +47 912 34 567."


def summary_sentence(summary: dict) -> str:
    """How many rows may be contacted today, per channel.

    >>> summary_sentence({"rows": 5, "date": "2026-12-01",
    ...                   "phone": {"may_contact": 1, "closed": 3, "unchecked": 0, "no_value": 1},
    ...                   "post": {"may_contact": 3, "closed": 1, "unchecked": 0, "no_value": 1},
    ...                   "email": {"may_contact": 3, "closed": 2, "unchecked": 0, "no_value": 0}})
    'May be contacted on 1 Dec 2026: by phone 1 of 4 rows with a number, by post 3 of 4 with an address, by e-mail 3 of 5 with an address.'
    """
    def part(channel: str, what: str, rows_word: str) -> str:
        counts = summary[channel]
        having = summary["rows"] - counts["no_value"]
        text = f"by {channel if channel != 'email' else 'e-mail'} {counts['may_contact']} of {having}{rows_word} with {what}"
        return text + (f" ({counts['unchecked']} not checked: the list expired)" if counts["unchecked"] else "")
    when = f" on {day_text(datetime.date.fromisoformat(summary['date']))}" if summary.get("date") else " today"
    return (f"May be contacted{when}: {part('phone', 'a number', ' rows')}, {part('post', 'an address', '')}, "
            f"{part('email', 'an address', '')}.")
