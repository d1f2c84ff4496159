"""The Nordic id formats, one parser each: ``parse(text, today) -> (value, details)`` or raise ``Bad``.

Check digits and org numbers come from python-stdnum; dates and centuries are
worked out here with the caller's ``today`` (stdnum reads the system clock).
``core.fields.national_id`` dispatches to these.

>>> se_personal("8112289874", None)
('811228-9874', {'kind': 'se_personnummer', 'gender': 'M'})
"""

from __future__ import annotations

import datetime
import re

from stdnum.dk import cpr, cvr
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.fi import hetu, ytunnus
from stdnum.no import fodselsnummer
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr

from core import errors
from core.fields import luhn
from core.i18n import N_

NAMES = {
    "se_personnummer": N_("a Swedish personal identity number (personnummer)"),
    "se_samordningsnummer": N_("a Swedish co-ordination number (samordningsnummer)"),
    "se_orgnr": N_("a Swedish organisation number"),
    "no_fodselsnummer": N_("a Norwegian national identity number (fødselsnummer)"),
    "no_dnummer": N_("a Norwegian D number"),
    "no_orgnr": N_("a Norwegian organisation number"),
    "dk_cpr": N_("a Danish CPR number"),
    "dk_cvr": N_("a Danish CVR number"),
    "fi_hetu": N_("a Finnish personal identity code (HETU)"),
    "fi_ytunnus": N_("a Finnish business ID (Y-tunnus)"),
}


class Bad(Exception):
    """A candidate format rejected the number; ``close`` when the shape matched (length, separators).

    ``message`` is an English template marked with ``N_`` and ``params`` fill it (see core.i18n);
    ``raises`` is the FieldError class ``validate`` raises for it, chosen here, where the fault is found.
    (A light exception of its own: parsers reject most candidates they are tried on, and a FieldError
    renders its message on creation.)"""

    def __init__(self, message: str, close: bool, raises: type[errors.FieldError], **params: str) -> None:
        super().__init__(message)
        self.message = message
        self.close = close
        self.raises = raises
        self.params = params


def _shape(kind: str) -> Bad:
    return Bad(N_("This does not look like {id_label}: the number of digits or the separators are wrong."), False,
               errors.InvalidLength, id_label=NAMES[kind])


def _checksum() -> Bad:
    return Bad(N_("The check digit does not match: the number is probably mistyped."), True, errors.InvalidChecksum)


def _no_date() -> Bad:
    return Bad(N_("The birth date in the number is not a real date."), True, errors.InvalidComponent)


def _birth(date: datetime.date, today: datetime.date | None) -> str:
    if today is not None and date > today:
        raise Bad(N_("The birth date in the number ({date}) is in the future."), True, errors.InvalidComponent,
                  date=date.isoformat())
    return date.isoformat()


def _gender(digit: str) -> str:
    return "M" if int(digit) % 2 else "F"


# A 12-digit number starts with its century: 18, 19 or 20 (no one alive was born in year 0081).
_SE_PERSONAL = re.compile(r"(18|19|20)?(\d\d)(\d\d)(\d\d)([-+]?)(\d{3})(\d)")


def se_personal(text: str, today: datetime.date | None) -> tuple[str, dict]:
    """Personnummer or samordningsnummer (day + 60), 10 or 12 digits."""
    match = _SE_PERSONAL.fullmatch(text)
    if not match and "+" not in text:
        # Dashes elsewhere than before the serial (8803-20-0016, 19880320-00-16): layout, as stdnum reads it.
        match = _SE_PERSONAL.fullmatch(text.replace("-", ""))
    if not match:
        raise _shape("se_personnummer")
    century, yy, mm, dd, sign, serial, check = match.groups()
    kind = "se_samordningsnummer" if int(dd) > 60 else "se_personnummer"
    if not luhn.is_valid(yy + mm + dd + serial + check):
        raise _checksum()
    month, day = int(mm), int(dd) - 60 if int(dd) > 60 else int(dd)
    details: dict[str, object] = {"kind": kind, "gender": _gender(serial[2])}
    if century is None:
        if today is None:
            # Without today the century is unknown: check the date in a leap year, keep 10 digits.
            _date(2000, month, day)
            return f"{yy}{mm}{dd}{sign or '-'}{serial}{check}", details
        year = today.year - (today.year - int(yy)) % 100
        if _date(year, month, day) > today:
            year -= 100
        year -= 100 if sign == "+" else 0
    else:
        year = int(century + yy)
    details["birth_date"] = _birth(_date(year, month, day), today)
    return f"{year:04d}{mm}{dd}{serial}{check}", details


def _date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise _no_date() from None


def se_org(text: str, today: datetime.date | None) -> tuple[str, dict]:
    digits = text.replace("-", "")
    if digits.startswith("SE") and len(digits) == 14 and digits.endswith("01"):
        digits = digits[2:12]
        if digits.isdigit() and digits[2] < "2":
            # A sole trader's VAT number: SE + the owner's personnummer + 01 (SE 390806051401). The
            # organisation number is that personnummer, written with its 10 digits as Bolagsverket does.
            return se_personal(digits, None)
    elif len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    # A legal entity's number has 20 or more where a birth month would be; below that it
    # is a sole trader's personnummer, which the personal parser reads.
    if len(digits) != 10 or not digits.isdigit() or digits[2] < "2":
        raise _shape("se_orgnr")
    if not luhn.is_valid(digits):
        raise _checksum()
    return se_orgnr.format(digits), {"kind": "se_orgnr"}


def no_personal(text: str, today: datetime.date | None) -> tuple[str, dict]:
    digits = text.replace("-", "")
    if len(digits) != 11 or not digits.isdigit():
        raise _shape("no_fodselsnummer")
    if digits[9] != fodselsnummer.calc_check_digit1(digits) or digits[10] != fodselsnummer.calc_check_digit2(digits):
        raise _checksum()
    try:
        born = fodselsnummer.get_birth_date(digits)
    except ValidationError:
        raise _no_date() from None
    kind = "no_dnummer" if int(digits[0]) >= 4 else "no_fodselsnummer"
    return digits, {"kind": kind, "birth_date": _birth(born, today), "gender": _gender(digits[8])}


def no_org(text: str, today: datetime.date | None) -> tuple[str, dict]:
    digits = text.removeprefix("NO").removesuffix("MVA").replace("-", "")
    if len(digits) != 9 or not digits.isdigit():
        raise _shape("no_orgnr")
    if no_orgnr.checksum(digits) != 0:
        raise _checksum()
    return digits, {"kind": "no_orgnr"}


def dk_personal(text: str, today: datetime.date | None) -> tuple[str, dict]:
    # No check digit since 2007 (stdnum.dk.cpr skips it too): only the date can be checked.
    digits = text.replace("-", "")
    if len(digits) != 10 or not digits.isdigit():
        raise _shape("dk_cpr")
    try:
        born = cpr.get_birth_date(digits)
    except ValidationError:
        raise _no_date() from None
    return cpr.format(digits), {"kind": "dk_cpr", "birth_date": _birth(born, today), "gender": _gender(digits[9])}


def dk_org(text: str, today: datetime.date | None) -> tuple[str, dict]:
    digits = text.removeprefix("DK").replace("-", "")
    if len(digits) != 8 or not digits.isdigit() or digits[0] == "0":
        raise _shape("dk_cvr")
    if cvr.checksum(digits) != 0:
        raise _checksum()
    return digits, {"kind": "dk_cvr"}


_HETU = re.compile(r"(\d\d)(\d\d)(\d\d)([-+A-FU-Y])(\d{3})([0-9A-Y])")


def fi_personal(text: str, today: datetime.date | None) -> tuple[str, dict]:
    match = _HETU.fullmatch(text)
    if not match:
        raise _shape("fi_hetu")
    try:
        hetu.validate(text, allow_temporary=True)
    except InvalidChecksum:
        raise _checksum() from None
    except ValidationError:
        raise _no_date() from None
    dd, mm, yy, sign, individual, _ = match.groups()
    born = datetime.date(hetu._century_codes[sign] + int(yy), int(mm), int(dd))
    details: dict[str, object] = {"kind": "fi_hetu", "birth_date": _birth(born, today), "gender": _gender(individual[2])}
    if int(individual) >= 900:
        details["temporary"] = True
    return text, details


def fi_org(text: str, today: datetime.date | None) -> tuple[str, dict]:
    digits = text.removeprefix("FI").replace("-", "")
    if len(digits) != 8 or not digits.isdigit():
        raise _shape("fi_ytunnus")
    try:
        ytunnus.validate(digits)
    except ValidationError:
        raise _checksum() from None
    return ytunnus.format(digits), {"kind": "fi_ytunnus"}
