"""National ids: published examples, 20+ generated valid numbers per kind, and invalid rows.

The generated numbers come from check-digit algorithms independent of core (stdnum's Luhn; mod 11
and mod 31 written out here); Swedish ones use serials 980-999 and Finnish ones the 900-999 range
DVV uses for test persons.
"""

import datetime
import random

import pytest
from stdnum.luhn import calc_check_digit as luhn_digit

from core.errors import FieldError
from core.fields import FIELDS, FieldContext, national_id
from core.fields._util import first_error

TODAY = datetime.date(2026, 11, 22)


def mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    r = 11 - sum(int(d) * w for d, w in zip(digits, weights)) % 11
    return 0 if r == 11 else None if r == 10 else r


def dates(rng: random.Random, start: int, end: int, n: int) -> list[datetime.date]:
    first = datetime.date(start, 1, 1).toordinal()
    last = datetime.date(end, 12, 31).toordinal()
    return [datetime.date.fromordinal(rng.randint(first, last)) for _ in range(n)]


def se_personal(n: int, day_offset: int = 0) -> list[tuple[str, str, str, str]]:
    """(typed, expected 12 digits, birth date, gender) with serials 980-999."""
    rng = random.Random(46 + day_offset)
    out = []
    for i, born in enumerate(dates(rng, 1927, 2025, n)):
        serial = str(980 + i % 20)
        base = born.strftime("%y%m") + f"{born.day + day_offset:02d}" + serial
        number = base + luhn_digit(base)
        sign = "+" if born.year < TODAY.year - 100 else "-"
        century = born.strftime("%Y")[:2]
        typed = [number[:6] + sign + number[6:], century + number, number][i % 3]
        if i % 3 == 2 and sign == "+":
            typed = number[:6] + "+" + number[6:]
        out.append((typed, century + number, born.isoformat(), "M" if int(serial[2]) % 2 else "F"))
    return out


def se_orgnr(n: int) -> list[str]:
    rng = random.Random(556)
    out = []
    for _ in range(n):
        base = rng.choice(["556", "559", "802", "716", "969"]) + f"{rng.randint(0, 999999):06d}"
        out.append(base + luhn_digit(base))
    return out


def no_personal(n: int, d_number: bool = False) -> list[tuple[str, str, str]]:
    rng = random.Random(47 + d_number)
    out = []
    for born in dates(rng, 1940, 1999, n * 3):
        day = born.day + (40 if d_number else 0)
        for individual in range(rng.randint(0, 400), 500):
            base = f"{day:02d}{born:%m%y}{individual:03d}"
            k1 = mod11(base, (3, 7, 6, 1, 8, 9, 4, 5, 2))
            k2 = None if k1 is None else mod11(base + str(k1), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
            if k2 is not None:
                out.append((base + str(k1) + str(k2), born.isoformat(), "M" if individual % 2 else "F"))
                break
        if len(out) == n:
            return out
    raise AssertionError("not enough numbers")


def no_orgnr(n: int) -> list[str]:
    rng = random.Random(4747)
    out = []
    while len(out) < n:
        base = str(rng.choice([8, 9])) + f"{rng.randint(0, 9999999):07d}"
        check = mod11(base, (3, 2, 7, 6, 5, 4, 3, 2))
        if check is not None:
            out.append(base + str(check))
    return out


def dk_cpr(n: int) -> list[tuple[str, str, str]]:
    rng = random.Random(45)
    out = []
    for born in dates(rng, 1937, 1999, n):
        serial = f"{rng.randint(0, 3)}{rng.randint(0, 999):03d}"
        out.append((f"{born:%d%m%y}-{serial}", born.isoformat(), "M" if int(serial[3]) % 2 else "F"))
    return out


def dk_cvr(n: int) -> list[str]:
    rng = random.Random(4545)
    out = []
    while len(out) < n:
        base = str(rng.randint(1, 9)) + f"{rng.randint(0, 999999):06d}"
        check = (-sum(int(d) * w for d, w in zip(base, (2, 7, 6, 5, 4, 3, 2)))) % 11
        if check < 10:
            out.append(base + str(check))
    return out


def fi_hetu(n: int) -> list[tuple[str, str, str]]:
    rng = random.Random(358)
    out = []
    for i, born in enumerate(dates(rng, 1901, 2024, n)):
        individual = 900 + rng.randint(0, 99)
        sign = "-" if born.year < 2000 else "A"
        if born.year < 2000 and i % 4 == 1:
            sign = "Y"
        check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(f"{born:%d%m%y}{individual:03d}") % 31]
        out.append((f"{born:%d%m%y}{sign}{individual:03d}{check}", born.isoformat(), "M" if individual % 2 else "F"))
    return out


def fi_ytunnus(n: int) -> list[str]:
    rng = random.Random(3580)
    out = []
    while len(out) < n:
        base = f"{rng.randint(0, 3199999):07d}"
        r = sum(int(d) * w for d, w in zip(base, (7, 9, 10, 5, 8, 4, 2))) % 11
        if r != 1:
            out.append(f"{base}-{0 if r == 0 else 11 - r}")
    return out


@pytest.mark.parametrize("typed,expected,born,gender", se_personal(24))
def test_se_personnummer_must_all_be_valid(typed, expected, born, gender):
    report = national_id.check(typed, country="SE", kind="personal", today=TODAY)
    assert (report.valid, report.value, report.issues) == (True, expected, [])
    assert report.details == {"kind": "se_personnummer", "birth_date": born, "gender": gender}


@pytest.mark.parametrize("typed,expected,born,gender", se_personal(22, day_offset=60))
def test_se_samordningsnummer_must_all_be_valid(typed, expected, born, gender):
    report = national_id.check(typed, country="SE", kind="personal", today=TODAY)
    assert (report.valid, report.value) == (True, expected)
    assert report.details == {"kind": "se_samordningsnummer", "birth_date": born, "gender": gender}


@pytest.mark.parametrize("number", se_orgnr(22) + ["5560125790", "2021005489", "1234567897"])
def test_se_orgnr_must_all_be_valid(number):
    report = national_id.check(number, country="SE", kind="organisation")
    assert (report.valid, report.value, report.details) == (True, number[:6] + "-" + number[6:], {"kind": "se_orgnr"})


@pytest.mark.parametrize("number,born,gender", no_personal(22) + [("15108695088", "1986-10-15", "F")])
def test_no_fodselsnummer_must_all_be_valid(number, born, gender):
    report = national_id.check(number[:6] + " " + number[6:], country="NO", kind="personal", today=TODAY)
    assert (report.valid, report.value) == (True, number)
    assert report.details == {"kind": "no_fodselsnummer", "birth_date": born, "gender": gender}


@pytest.mark.parametrize("number,born,gender", no_personal(21, d_number=True))
def test_no_dnummer_must_all_be_valid(number, born, gender):
    report = national_id.check(number, country="NO", kind="personal", today=TODAY)
    assert (report.valid, report.value) == (True, number)
    assert report.details == {"kind": "no_dnummer", "birth_date": born, "gender": gender}


@pytest.mark.parametrize("number", no_orgnr(22) + ["988077917", "974760673"])
def test_no_orgnr_must_all_be_valid(number):
    report = national_id.check(f"{number[:3]} {number[3:6]} {number[6:]}", country="NO", kind="organisation")
    assert (report.valid, report.value, report.details) == (True, number, {"kind": "no_orgnr"})


@pytest.mark.parametrize("number,born,gender", dk_cpr(22) + [("211062-5629", "1862-10-21", "M")])
def test_dk_cpr_must_all_be_valid(number, born, gender):
    report = national_id.check(number.replace("-", ""), country="DK", kind="personal", today=TODAY)
    assert (report.valid, report.value) == (True, number)
    assert report.details == {"kind": "dk_cpr", "birth_date": born, "gender": gender}


@pytest.mark.parametrize("number", dk_cvr(22) + ["13585628"])
def test_dk_cvr_must_all_be_valid(number):
    report = national_id.check("DK " + number, country="DK", kind="organisation")
    assert (report.valid, report.value, report.details) == (True, number, {"kind": "dk_cvr"})


@pytest.mark.parametrize("number,born,gender", fi_hetu(22))
def test_fi_hetu_test_persons_must_all_be_valid(number, born, gender):
    report = national_id.check(number.lower(), country="FI", kind="personal", today=TODAY)
    assert (report.valid, report.value) == (True, number)
    assert report.details == {"kind": "fi_hetu", "birth_date": born, "gender": gender, "temporary": True}


@pytest.mark.parametrize("number", fi_ytunnus(22) + ["2077474-0", "0112038-9"])
def test_fi_ytunnus_must_all_be_valid(number):
    report = national_id.check(number, country="FI", kind="organisation")
    assert (report.valid, report.value, report.details) == (True, number, {"kind": "fi_ytunnus"})


@pytest.mark.parametrize("raw,context,expected,kind", [
    ("811228-9874", {}, "198112289874", "se_personnummer"),
    ("19811228-9874", {}, "198112289874", "se_personnummer"),
    ("811228–9874", {}, "198112289874", "se_personnummer"),  # en dash from a word processor
    (" 8112289874 ", {}, "198112289874", "se_personnummer"),
    ("121212+1212", {}, "191212121212", "se_personnummer"),  # + means aged 100 or more
    ("201212-1212", {}, "202012121212", "se_personnummer"),  # a child: born this century
    ("556012-5790", {}, "556012-5790", "se_orgnr"),  # detected: month 60 is no date
    ("SE556012579001", {}, "556012-5790", "se_orgnr"),  # the VAT form
    ("165560125790", {"kind": "organisation"}, "556012-5790", "se_orgnr"),  # 16-prefixed 12 digits
    ("811228-9874", {"kind": "organisation"}, "198112289874", "se_personnummer"),  # sole trader
    ("NO 988 077 917 MVA", {"country": "NO"}, "988077917", "no_orgnr"),
    ("FI20774740", {"country": "FI", "kind": "organisation"}, "2077474-0", "fi_ytunnus"),
    ("131052-308T", {"country": "FI"}, "131052-308T", "fi_hetu"),
])
def test_normalized_values(raw, context, expected, kind):
    report = national_id.check(raw, today=TODAY, **context)
    assert (report.value, report.valid, report.details["kind"], report.issues) == (expected, True, kind, [])


def test_without_today_a_ten_digit_swedish_number_keeps_ten_digits():
    report = national_id.check("8112289874")
    assert (report.value, report.valid, report.details) == ("811228-9874", True, {"kind": "se_personnummer", "gender": "M"})
    # a 12-digit number carries its century: the birth date is known, the future check is skipped
    report = national_id.check("20991228-9874")
    assert (report.valid, report.details["birth_date"]) == (True, "2099-12-28")


@pytest.mark.parametrize("raw,context,code,message", [
    ("811228-9875", {}, "id.invalid", "The check digit does not match: the number is probably mistyped."),
    ("811232-9878", {"kind": "personal"}, "id.invalid", "The birth date in the number is not a real date."),
    ("20991228-9874", {}, "id.invalid", "The birth date in the number (2099-12-28) is in the future."),
    ("81122-9874", {"kind": "personal"}, "id.invalid",
     "This does not look like a Swedish personal identity number (personnummer): "
     "the number of digits or the separators are wrong."),
    ("12345", {}, "id.invalid",
     "This does not look like an id number used in Sweden: the number of digits or the separators are wrong."),
    ("556012-5791", {"kind": "organisation"}, "id.invalid",
     "The check digit does not match: the number is probably mistyped."),
    ("15108695089", {"country": "NO"}, "id.invalid", "The check digit does not match: the number is probably mistyped."),
    ("988077918", {"country": "NO", "kind": "organisation"}, "id.invalid",
     "The check digit does not match: the number is probably mistyped."),
    ("0101364000", {"country": "DK"}, "id.invalid", "The birth date in the number (2036-01-01) is in the future."),
    ("3202904000", {"country": "DK", "kind": "personal"}, "id.invalid",
     "The birth date in the number is not a real date."),
    ("6101904000", {"country": "DK", "kind": "personal"}, "id.invalid",  # fictitious CPR, day + 60
     "The birth date in the number is not a real date."),
    ("13585627", {"country": "DK", "kind": "organisation"}, "id.invalid",
     "The check digit does not match: the number is probably mistyped."),
    ("131052A308T", {"country": "FI"}, "id.invalid", "The birth date in the number (2052-10-13) is in the future."),
    ("131052-308U", {"country": "FI"}, "id.invalid", "The check digit does not match: the number is probably mistyped."),
    ("310252-308Y", {"country": "FI"}, "id.invalid", "The birth date in the number is not a real date."),
    ("2077474-1", {"country": "FI", "kind": "organisation"}, "id.invalid",
     "The check digit does not match: the number is probably mistyped."),
    ("112038-9", {"country": "FI", "kind": "organisation"}, "id.excel_mangled",
     "A spreadsheet seems to have dropped the leading 0: did you mean 0112038-9?"),
    ("", {}, "id.empty", "The cell is empty."),
    ("８１１２２８-９８７４", {}, "id.invalid", "The id contains characters that id numbers do not have."),
])
def test_invalid_messages(raw, context, code, message):
    report = national_id.check(raw, today=TODAY, **context)
    assert report.valid is False
    assert [(i.code, i.message) for i in report.issues] == [(code, message)]
    with pytest.raises(FieldError) as err:
        national_id.validate(raw, today=TODAY, **context)
    assert (err.value.code, str(err.value)) == (code, message)


@pytest.mark.parametrize("raw,country,expected,message", [
    ("131052-308T", "SE", "131052-308T",
     "This is a Finnish personal identity code (HETU), but the row's country is Sweden."),
    ("15108695088", "SE", "15108695088",
     "This is a Norwegian national identity number (fødselsnummer), but the row's country is Sweden."),
    ("811228-9874", "NO", "198112289874",
     "This is a Swedish personal identity number (personnummer), but the row's country is Norway."),
])
def test_a_valid_id_of_another_nordic_country_is_a_warning(raw, country, expected, message):
    report = national_id.check(raw, country=country, kind="personal", today=TODAY)
    assert (report.value, report.valid) == (expected, True)
    assert [(i.code, i.severity, i.message) for i in report.issues] == [("id.country_mismatch", "warning", message)]


def test_roles_map_to_kinds():
    org_id, personal_id = FIELDS["org_id"].bind(FieldContext()), FIELDS["personal_id"].bind(FieldContext())
    assert dict(org_id("556012-5790").details)["kind"] == "se_orgnr"
    assert first_error(personal_id("556012-5790")) is not None


@pytest.mark.parametrize("raw,context,error", [
    ("811228-9875", {}, "InvalidChecksum"),
    ("20991228-9874", {}, "InvalidComponent"),
    ("811232-9878", {"kind": "personal"}, "InvalidComponent"),
    ("12345", {}, "InvalidLength"),
    ("", {}, "InvalidLength"),
])
def test_errors_use_stdnum_names(raw, context, error):
    with pytest.raises(FieldError) as err:
        national_id.validate(raw, today=TODAY, **context)
    assert type(err.value).__name__ == error



STDNUM_NUMBERS = [line.rstrip("\n").split("\t") for line in
                  (__import__("pathlib").Path(__file__).parent / "data" / "stdnum_valid_numbers.tsv").open(encoding="utf-8")
                  if not line.startswith("#")]


@pytest.mark.parametrize("country,role,source,number", STDNUM_NUMBERS, ids=[n[3] for n in STDNUM_NUMBERS])
def test_python_stdnums_own_valid_numbers_are_valid(country, role, source, number):
    """Numbers nobody here wrote, as stdnum's authors collected them (labels, colons, odd grouping)."""
    kind = "organisation" if role == "org_id" else "personal"
    report = national_id.check(number, country=country, kind=kind, today=datetime.date(2026, 12, 1))
    assert report.valid, report.issues


@pytest.mark.parametrize("raw,country,kind,value,found", [
    # a Swedish sole trader's VAT number: SE + the owner's personnummer + 01
    ("SE 390806051401", "SE", "organisation", "390806-0514", "se_personnummer"),
    ("SE 720 522 241 201", "SE", "organisation", "720522-2412", "se_personnummer"),
    # a label or a colon in the cell names the column, it does not make the number invalid
    ("DK: 21599336", "DK", "organisation", "21599336", "dk_cvr"),
    ("CVR 21599336", "DK", "organisation", "21599336", "dk_cvr"),
    ("CVR-nr. 21599336", "DK", "organisation", "21599336", "dk_cvr"),
    ("Org.nr 556043-6064", "SE", "organisation", "556043-6064", "se_orgnr"),
    ("Orgnr: SE556043606401", "SE", "organisation", "556043-6064", "se_orgnr"),
    ("Y-tunnus 2077474-0", "FI", "organisation", "2077474-0", "fi_ytunnus"),
    ("Pnr 811228-9874", "SE", "personal", "198112289874", "se_personnummer"),
    # dashes elsewhere than before the serial are layout (YYMM-DD-NNNN)
    ("8803-20-0016", "SE", None, "198803200016", "se_personnummer"),
])
def test_ids_as_people_write_them(raw, country, kind, value, found):
    report = national_id.check(raw, country=country, kind=kind, today=datetime.date(2026, 12, 1))
    assert (report.value, report.valid, report.details["kind"]) == (value, True, found)


def test_a_word_is_not_taken_for_a_label():
    assert national_id.check("IDA 811228-9874").valid is False
    assert national_id.check("ID-kort").valid is False


def test_text_forms_keep_a_spreadsheet_from_reading_a_number():
    today = datetime.date(2026, 12, 1)
    assert national_id.validate("811228-9874", today=today, text_forms=True) == "19811228-9874"
    assert national_id.validate("01129955151", country="NO", today=today, text_forms=True) == "011299 55151"
    assert national_id.validate("556043-6064", kind="organisation", text_forms=True) == "556043-6064"
