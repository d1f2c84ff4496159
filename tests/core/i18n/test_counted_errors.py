"""Errors that count something say "1 row" and "2 rows", in every language, and keep their form when stored."""

import pytest

from cli.io import _below_title
from core.errors import InputError, RensaError
from core.i18n import Nn_
from core.i18n.stored import Said
from functions.adapters.billing import NEGATIVE_BALANCE, split
from functions.errors import PaymentRequired

ONLY = Nn_("{file}: the file has only {n} row, so row {row} cannot be the header.",
           "{file}: the file has only {n} rows, so row {row} cannot be the header.")


@pytest.mark.parametrize(("language", "n", "expected"), [
    ("en", 1, "a.csv: the file has only 1 row, so row 3 cannot be the header."),
    ("en", 2, "a.csv: the file has only 2 rows, so row 3 cannot be the header."),
    ("sv", 1, "a.csv: filen har bara 1 rad, så rad 3 kan inte vara rubrikraden."),
    ("sv", 2, "a.csv: filen har bara 2 rader, så rad 3 kan inte vara rubrikraden."),
    ("nb", 1, "a.csv: filen har bare 1 rad, så rad 3 kan ikke være overskriftsraden."),
    ("da", 2, "a.csv: filen har kun 2 rækker, så række 3 kan ikke være overskriftsrækken."),
    ("fi", 1, "a.csv: tiedostossa on vain 1 rivi, joten rivi 3 ei voi olla otsikkorivi."),
    ("fi", 2, "a.csv: tiedostossa on vain 2 riviä, joten rivi 3 ei voi olla otsikkorivi."),
])
def test_a_counted_error_picks_the_form_of_its_count(language, n, expected):
    error = InputError(ONLY, code="input.no_header", row=3, file="a.csv", n=n)
    assert error.text(language) == expected
    assert error.to_dict(language)["message"] == expected


def test_the_cli_says_one_row_when_the_file_has_one(tmp_path):
    with pytest.raises(InputError) as raised:
        _below_title(tmp_path / "kunder.csv", [["Namn"]], header_row=4)
    assert raised.value.message == f"{tmp_path / 'kunder.csv'}: the file has only 1 row, so row 4 cannot be the header."


def test_a_counted_error_needs_its_count():
    with pytest.raises(TypeError):
        RensaError(ONLY, file="a.csv", row=3)


def test_a_counted_error_is_stored_and_said_in_the_readers_language():
    error = PaymentRequired(NEGATIVE_BALANCE, code="billing.negative_balance", n=1)
    kept = Said.from_json(Said.of_error(error).to_json())
    assert kept.text("en") == error.text("en") == (
        "The credit balance is 1 row below zero after a refund or a disputed payment. Buy credits to bring it above "
        "zero; until then cleaning and checking are paused.")
    assert kept.text("sv") == error.text("sv")
    assert kept.text("sv").startswith("Kreditsaldot är 1 rad under noll")


def test_a_negative_balance_is_said_in_the_users_language_not_frozen_in_english():
    with pytest.raises(PaymentRequired) as raised:
        split(10, 0, -1200, monthly=False)
    assert raised.value.code == "billing.negative_balance"
    assert raised.value.text("en").startswith("The credit balance is 1,200 rows below zero after a refund or a disputed payment")
    assert raised.value.text("da").startswith("Kreditsaldoen er 1.200 rækker under nul")


@pytest.mark.parametrize(("rows", "free", "language", "expected"), [
    (1, 0, "en", "This clean needs 1 row, more than is left this month (free rows: 0; credits: 0)."),
    (9, 5, "en", "This clean needs 9 rows, more than is left this month (free rows: 5; credits: 0)."),
    (1, 0, "nb", "Denne vasken trenger 1 rad, mer enn det som er igjen denne måneden (gratis rader: 0; kreditter: 0)."),
    (1, 0, "fi", "Tämä puhdistus tarvitsee 1 rivin, enemmän kuin tässä kuussa on jäljellä (maksuttomia rivejä: 0; "
                 "krediittejä: 0)."),
])
def test_payment_required_counts_the_rows_the_clean_needs(rows, free, language, expected):
    with pytest.raises(PaymentRequired) as raised:
        split(rows, free, 0, monthly=False)
    assert raised.value.text(language).startswith(expected)
