"""core.fields.luhn, the one Luhn in Rensa, against python-stdnum's (Hypothesis properties)."""

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn as stdnum_luhn

from core.fields import luhn

DIGITS = st.text("0123456789", min_size=1, max_size=14)


@settings(max_examples=500, deadline=None)
@given(DIGITS)
def test_is_valid_agrees_with_stdnum(digits):
    assert luhn.is_valid(digits) == stdnum_luhn.is_valid(digits)
    assert luhn.checksum(digits) == stdnum_luhn.checksum(digits)


@settings(max_examples=500, deadline=None)
@given(DIGITS)
def test_calc_check_digit_agrees_with_stdnum_and_makes_a_valid_number(digits):
    digit = luhn.calc_check_digit(digits)
    assert digit == stdnum_luhn.calc_check_digit(digits)
    assert luhn.is_valid(digits + digit)


@settings(max_examples=200, deadline=None)
@given(DIGITS)
def test_digits_of_another_script_count_as_their_values(digits):
    # the personnummer pattern's \d takes any script's digits; the sum reads them as int() does
    arabic_indic = digits.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert luhn.checksum(arabic_indic) == luhn.checksum(digits)
