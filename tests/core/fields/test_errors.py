"""The exception ``validate`` raises is named where the module finds the fault (stdnum's
``raise InvalidChecksum()``), never chosen from the words of the message: a user's text that happens to
say "check digit" or "too long" changes nothing."""

import datetime

import pytest

from core import errors
from core.fields import address, country, date, email, name, national_id, phone, postal_code

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.parametrize("call,error,code", [
    # InvalidLength: empty, far too long, the wrong number of digits
    (lambda: phone.validate(""), errors.InvalidLength, "phone.empty"),
    (lambda: phone.validate("0" * 300), errors.InvalidLength, "phone.invalid"),
    (lambda: name.validate("a" * 300), errors.InvalidLength, "name.invalid"),
    (lambda: email.validate("a" * 250 + "@example.se"), errors.InvalidLength, "email.invalid"),
    (lambda: postal_code.validate("1" * 30), errors.InvalidLength, "postal_code.invalid"),
    (lambda: date.validate("1" * 50), errors.InvalidLength, "date.invalid"),
    (lambda: national_id.validate("12345", today=TODAY), errors.InvalidLength, "id.invalid"),
    (lambda: national_id.validate("12345", kind="personal"), errors.InvalidLength, "id.invalid"),
    # InvalidChecksum: the check digit
    (lambda: national_id.validate("811228-9875", today=TODAY), errors.InvalidChecksum, "id.invalid"),
    (lambda: national_id.validate("556012-5791", kind="organisation"), errors.InvalidChecksum, "id.invalid"),
    # InvalidComponent: a part that cannot be (no such date, born in the future, another country's code)
    (lambda: date.validate("31.2.1985"), errors.InvalidComponent, "date.invalid"),
    (lambda: date.validate("2030-01-01", today=TODAY), errors.InvalidComponent, "date.future"),
    (lambda: national_id.validate("131052A308T", country="FI", today=TODAY), errors.InvalidComponent, "id.invalid"),
    (lambda: postal_code.validate("DK-2100"), errors.InvalidComponent, "postal_code.country_mismatch"),
    (lambda: postal_code.validate("0000", country="DK"), errors.InvalidComponent, "postal_code.invalid"),
    # InvalidFormat: everything else
    (lambda: phone.validate("0701"), errors.InvalidFormat, "phone.invalid"),
    (lambda: email.validate("anna..svensson@telia.com"), errors.InvalidFormat, "email.invalid"),
    (lambda: name.validate("NaN"), errors.InvalidFormat, "name.placeholder"),
    (lambda: address.validate("{}", kind="city"), errors.InvalidFormat, "address.invalid"),
    (lambda: postal_code.validate("123"), errors.InvalidFormat, "postal_code.invalid"),
    (lambda: country.validate("Narnia"), errors.InvalidFormat, "country.unknown"),
])
def test_each_fault_raises_the_class_named_where_it_is_found(call, error, code):
    with pytest.raises(errors.FieldError) as raised:
        call()
    assert (type(raised.value), raised.value.code) == (error, code)


@pytest.mark.parametrize("typed", ["check digit", "in the future", "not a real date", "too long",
                                   "number of digits"])
def test_words_in_the_users_text_do_not_choose_the_exception(typed):
    with pytest.raises(errors.FieldError) as raised:
        country.validate(typed)  # the message quotes the text ("Rensa does not recognise "check digit" ...")
    assert type(raised.value) is errors.InvalidFormat
