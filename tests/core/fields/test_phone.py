"""Phone: Nordic numbers in every common shape, spreadsheet damage, several numbers in a cell."""

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import FieldError
from core.fields import _phone_fast, phone


@pytest.mark.parametrize("raw,context,expected,kind", [
    ("070-123 45 67", {}, "+46701234567", "mobile"),
    ("0701234567", {}, "+46701234567", "mobile"),
    ("070 - 123 45 67", {}, "+46701234567", "mobile"),
    ("+46 70 123 45 67", {}, "+46701234567", "mobile"),
    ("+46 (0)70-123 45 67", {}, "+46701234567", "mobile"),
    ("0046 70 123 45 67", {}, "+46701234567", "mobile"),
    ("\u00a0070\u2009123 45 67\u200b", {}, "+46701234567", "mobile"),
    ("46701234567", {}, "+46701234567", "mobile"),  # MSISDN form from an SMS tool
    ("08-123 456 78", {}, "+46812345678", "fixed_line"),
    ("031-123 45 67", {}, "+46311234567", "fixed_line"),
    ("020-123 456", {}, "+4620123456", "toll_free"),
    ("Mobil: 070-123 45 67", {}, "+46701234567", "mobile"),
    ("tel. 070-123 45 67", {}, "+46701234567", "mobile"),
    ("912 34 567", {"country": "NO"}, "+4791234567", "mobile"),
    ("22 12 34 56", {"country": "NO"}, "+4722123456", "fixed_line"),
    ("+47 912 34 567", {}, "+4791234567", "mobile"),  # a Norwegian mobile in a Swedish register
    ("32 12 34 56", {"country": "DK"}, "+4532123456", "fixed_line_or_mobile"),
    ("040 123 4567", {"country": "FI"}, "+358401234567", "mobile"),
    ("09 1234 567", {"country": "FI"}, "+35891234567", "fixed_line"),
    ("+358 18 12345", {"country": "FI"}, "+3581812345", "fixed_line"),  # Åland
    ("070-123 45 67", {"display": "national"}, "070-123 45 67", "mobile"),
    ("0701234567", {"display": "international"}, "+46 70 123 45 67", "mobile"),
    ("91234567", {"country": "no", "display": "international"}, "+47 91 23 45 67", "mobile"),
    # a spreadsheet's text mark in front, as Shopify's customer export writes every phone: not text beside it
    ("'+4791234567", {"country": "NO"}, "+4791234567", "mobile"),
    ("'+4522334455", {"country": "DK", "display": "international"}, "+45 22 33 44 55", "fixed_line_or_mobile"),
    ("' 070-123 45 67", {}, "+46701234567", "mobile"),
])
def test_valid_numbers(raw, context, expected, kind):
    report = phone.check(raw, **context)
    assert (report.value, report.valid, report.details["type"], report.issues) == (expected, True, kind, [])


def test_region_detail_names_aland():
    assert phone.check("+358 18 12345").details == {"type": "fixed_line", "region": "AX", "e164": "+3581812345"}


@pytest.mark.parametrize("raw,context,code,message,suggestion", [
    ("701234567", {}, "phone.excel_mangled",
     "The leading 0 seems to have been lost in a spreadsheet: did you mean +46701234567?", "+46701234567"),
    ("401234567", {"country": "FI"}, "phone.excel_mangled",
     "The leading 0 seems to have been lost in a spreadsheet: did you mean +358401234567?", "+358401234567"),
    ("4.67012E+10", {}, "phone.excel_mangled",
     "A spreadsheet turned the number into scientific notation; its digits cannot be recovered, so type it again.",
     None),
    ("4,67012E+10", {}, "phone.excel_mangled",
     "A spreadsheet turned the number into scientific notation; its digits cannot be recovered, so type it again.",
     None),
    ("4.6701234567E+10", {}, "phone.excel_mangled",
     "A spreadsheet turned the number into scientific notation: did you mean +46701234567?", "+46701234567"),
    ("46701234567.0", {}, "phone.excel_mangled",
     "A spreadsheet stored the number as a decimal number: did you mean +46701234567?", "+46701234567"),
    ("070-123 45 67 / 08-123 456 78", {}, "phone.multiple",
     "The cell holds 2 phone numbers (+46701234567 and +46812345678): keep one number per cell.", None),
    ("0701234567 0812345678", {}, "phone.multiple",
     "The cell holds 2 phone numbers (+46701234567 and +46812345678): keep one number per cell.", None),
    ("070-123 45 67, 070-765 43 21 (privat)", {}, "phone.multiple",
     "The cell holds 2 phone numbers (+46701234567 and +46707654321): keep one number per cell.", None),
    ("0701", {}, "phone.invalid",
     "The number is not a valid phone number in Sweden: it has the wrong length or is in an unused range.", None),
    ("0712345678", {}, "phone.invalid",  # 071 is for machines (M2M), not people
     "The number is not a valid phone number in Sweden: it has the wrong length or is in an unused range.", None),
    ("0912 34 567", {"country": "NO"}, "phone.invalid",  # no trunk 0 in Norway
     "The number is not a valid phone number in Norway: it has the wrong length or is in an unused range.", None),
    ("070-ABC 45 67", {}, "phone.invalid", "This does not look like a phone number.", None),
    # A country code split by a space: "004 070..." reads as +40 (Romania), but a stray 4 is likelier
    ("004 070-123 45 67", {}, "phone.invalid",
     "The country code is split by a space or a dash, so it is unclear which country is meant; read as it "
     "stands it is +40701234567 (Romania). Check the number.", "+40701234567"),
    ("+35 840 123 4567", {}, "phone.invalid",
     "The country code is split by a space or a dash, so it is unclear which country is meant; read as it "
     "stands it is +358401234567 (Finland). Check the number.", "+358401234567"),
    ("saknas", {}, "phone.invalid", "This does not look like a phone number.", None),
    ("+999 123", {}, "phone.invalid", "This does not look like a phone number.", None),
    ("1" * 300, {}, "phone.invalid", "The value is far too long for a phone number.", None),
    ("", {}, "phone.empty", "The cell is empty.", None),
])
def test_problems(raw, context, code, message, suggestion):
    report = phone.check(raw, **context)
    assert report.valid is False
    assert [(i.code, i.message, i.suggestion) for i in report.issues] == [(code, message, suggestion)]
    with pytest.raises(FieldError) as err:
        phone.validate(raw, **context)
    assert (err.value.code, err.value.message) == (code, message)


@pytest.mark.parametrize("raw,code,message,value,suggestion", [
    ("070-123 45 67 (växel)", "phone.extra_text",
     'The cell has text besides the number ("växel"), so it was left as it is; the number alone is +46701234567.',
     "070-123 45 67 (växel)", "+46701234567"),
    ("070-123 45 67 efter 17", "phone.extra_text",
     'The cell has text besides the number ("efter 17"), so it was left as it is; the number alone is +46701234567.',
     "070-123 45 67 efter 17", "+46701234567"),
    ("08-123 45 67 ankn. 12 ankn. 12", "phone.extra_text",  # a doubled extension: which one is meant?
     'The cell has text besides the number ("ankn. 12"), so it was left as it is; the number alone is '
     '+4681234567 ext. 12.', "08-123 45 67 ankn. 12 ankn. 12", "+4681234567 ext. 12"),
    ("08-123 45 67 Box 12", "phone.extra_text",  # "Box 12" is not an extension
     'The cell has text besides the number ("Box 12"), so it was left as it is; the number alone is +4681234567.',
     "08-123 45 67 Box 12", "+4681234567"),
    ("c/o Berg 08-123 456 78", "phone.extra_text",
     'The cell has text besides the number ("c/o Berg"), so it was left as it is; the number alone is +46812345678.',
     "c/o Berg 08-123 456 78", "+46812345678"),
    ("070-174 06 50", "phone.fictional",
     "The number is in the range kept for films and books (070-174 06 05 to 99), so nobody answers it.",
     "+46701740650", None),
])
def test_warnings_keep_the_number(raw, code, message, value, suggestion):
    report = phone.check(raw)
    assert report.valid is True
    assert [(i.code, i.severity, i.message, i.suggestion) for i in report.issues] == [
        (code, "warning", message, suggestion)]
    assert report.value == value


# An extension is part of the number the customer gave: it is kept in every display form (never dropped).
@pytest.mark.parametrize("raw,context,expected", [
    ("08-123 456 78 ankn. 12", {}, "+46812345678 ext. 12"),
    ("08-123 45 67 ankn 12", {}, "+4681234567 ext. 12"),
    ("08-123 45 67 anknytning 12", {}, "+4681234567 ext. 12"),
    ("Tel: 08-123 45 67, ankn. 3", {}, "+4681234567 ext. 3"),
    ("+46 8 123 45 67 x12", {}, "+4681234567 ext. 12"),
    ("070-123 45 67 (ankn. 12)", {}, "+46701234567 ext. 12"),
    ("08-123 45 67 #12", {}, "+4681234567 ext. 12"),
    ("08-1234567x12", {}, "+4681234567 ext. 12"),
    ("08-123 45 67 ext. 12", {"display": "national"}, "08-123 45 67 ext. 12"),
    ("08-123 45 67 ankn. 12", {"display": "international"}, "+46 8 123 45 67 ext. 12"),
    ("22 12 34 56 linje 5", {"country": "NO"}, "+4722123456 ext. 5"),
    ("32 12 34 56 lokal 204", {"country": "DK", "display": "international"}, "+45 32 12 34 56 ext. 204"),
    ("+4681234567 ext. 12", {}, "+4681234567 ext. 12"),  # cleaning a cleaned cell again changes nothing
])
def test_extension_is_kept(raw, context, expected):
    report = phone.check(raw, **context)
    assert (report.value, report.issues, report.details["extension"]) == (expected, [], expected.rsplit(" ", 1)[1])


@pytest.mark.parametrize("raw,expected", [
    ("Mobil: 070-123 45 67", "+46701234567"),  # words that only restate the column may go
    ("tel. 08-123 45 67", "+4681234567"),
    ("tfn 08-123 45 67", "+4681234567"),
])
def test_label_words_go(raw, expected):
    assert (phone.check(raw).value, phone.check(raw).issues) == (expected, [])


@pytest.mark.parametrize("raw,region", [
    ("070-123 45 67 / 08-123 456 78", "SE"), ("0701234567, 0812345678", "SE"), ("070-123 45 67 och 08-123 456 78", "SE"),
    ("912 34 567 / 22 12 34 56", "NO"), ("+46 70 123 45 67; +47 912 34 567", "SE"), ("040 123 4567 tai 09 1234 567", "FI"),
    ("070-123 45 67 eller 070-765 43 21", "SE"), ("32 12 34 56 & 20 12 34 56", "DK"),
])
def test_split_cells_find_what_the_matcher_finds(raw, region):
    report = phone.check(raw, country=region)
    expected = tuple(phonenumbers.format_number(m.number, 0) for m in phonenumbers.PhoneNumberMatcher(raw, region))
    assert (report.details["numbers"], report.issues[0].code) == (expected, "phone.multiple")


def test_multiple_lists_numbers_in_details():
    assert phone.check("070-123 45 67 / 08-123 456 78").details == {"numbers": ("+46701234567", "+46812345678")}


@pytest.mark.parametrize("raw,context,expected", [
    (" 070-123 45 67 ", {}, "0701234567"),
    ("+46 (0)70-123 45 67", {}, "+460701234567"),
    ("0046 70 123 45 67", {}, "+46701234567"),
    ("'+47 912 34 567", {}, "+4791234567"),  # Shopify's text mark goes, the + stays
])
def test_normalize_is_a_cheap_compact_form(raw, context, expected):
    assert phone.normalize(raw, **context) == expected


def _library(text: str, region: str) -> tuple[str, int] | None:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), phonenumbers.number_type(number)


_prefix = st.sampled_from(["", "0", "00", "+46", "+47", "+45", "+358", "+46 0", "+4", "46", "+1", "+44"])
_body = st.lists(st.sampled_from(list("0123456789") + [" ", "-", "(", ")", ".", "/"]), min_size=0, max_size=14)


@settings(max_examples=800, deadline=None)
@given(prefix=_prefix, first=st.sampled_from("0123456789"), body=_body, region=st.sampled_from(["SE", "NO", "DK", "FI"]))
def test_fast_path_agrees_with_parse(prefix, first, body, region):
    text = prefix + first + "".join(body)
    fast = _phone_fast.fast(text, region)
    if fast is not None:
        number, kind, where = fast
        assert _library(text, region) == (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), kind)
        assert where == phonenumbers.region_code_for_number(number)


@settings(max_examples=1500, deadline=None)
@given(code=st.sampled_from([46, 47, 45, 358]),
       nsn=st.one_of(st.text("0123456789", min_size=1, max_size=13),
                     st.tuples(st.sampled_from(["7", "70", "73", "76", "8", "31", "4", "9", "2", "18", "79", "20", "50"]),
                               st.text("0123456789", min_size=4, max_size=9)).map("".join)))
def test_precompiled_type_agrees_with_number_type(code, nsn):
    number = phonenumbers.PhoneNumber(country_code=code, national_number=int(nsn))
    nsn = phonenumbers.national_significant_number(number)
    assert _phone_fast.type_of(code, nsn) == (phonenumbers.region_code_for_number(number), phonenumbers.number_type(number))


@settings(max_examples=500, deadline=None)
@given(region=st.sampled_from(["SE", "NO", "DK", "FI"]), data=st.data())
def test_fast_path_takes_real_numbers(region, data):
    """Real-shaped valid numbers from libphonenumber's examples, in national and international form."""
    kind = data.draw(st.sampled_from([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE,
                                      phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE]))
    example = phonenumbers.example_number_for_type(region, kind)
    if example is None:
        return
    for style in (phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL):
        text = phonenumbers.format_number(example, style)
        assert _phone_fast.fast(text, region) is not None
        assert phone.check(text, country=region).value == phonenumbers.format_number(example, 0)


def test_a_stated_country_code_is_not_overridden_by_digits_read_as_another():
    """'(+358) 003523935' was offered as +3523935 (Luxembourg): the 00 read as an international prefix."""
    report = phone.check("(+358) 003523935")
    assert [(i.code, i.suggestion) for i in report.issues] == [("phone.invalid", None)]
    assert report.issues[0].message == ("The number is not a valid phone number in Finland: it has the wrong length "
                                        "or is in an unused range.")
    assert phone.check("(+46) 070-123 45 67").value == "+46701234567"
