"""Who may be contacted, through core.clean: lists as keyed hashes, expiry, consent and the summary."""

from __future__ import annotations

import datetime as dt

import pytest

from core import clean
from core.contact import CompactHashes, SuppressionList, hash_values, list_values

KEY = b"account-key-for-tests-0123456789"
TODAY = dt.date(2026, 12, 1)
HEADER = ["Namn", "Telefon", "E-post", "Personnummer", "Gatuadress", "Postnr", "Ort"]
REGISTER = [
    ["Anna Berg", "070-123 45 67", "anna.berg@firma.se", "", "Storgatan 1", "114 18", "Stockholm"],
    ["Bo Ek", "+46702223344", "BO.EK@FIRMA.SE", "", "Lillgatan 2", "411 01", "Göteborg"],
    ["Cia Lund", "701112233", "cia@firma.se", "850101-1236", "Ågatan 3", "222 22", "Lund"],  # Excel-damaged
    ["Dan Holm", "0046 73 999 88 77", "dan@firma.se", "", "", "", ""],
    ["Eva Ny", "", "eva@firma.se", "", "Nygatan 5", "111 11", "Stockholm"],
]


def made(kind, rows, *, date=None, until=None, compact=False):
    values = list_values(rows, kind=kind, today=TODAY).values
    hashes = hash_values(values, KEY)
    return SuppressionList(kind, date, CompactHashes(hashes) if compact else frozenset(hashes), valid_until=until,
                           name=f"{kind}.csv")


# What the files look like: NIX resellers send one number a line (no header, 46-prefixed or national),
# a bureau a header and several columns, a company its own export.
NIX_FILE = [["46701234567"], ["0702223344"], ["0733334444"]]
DECEASED_FILE = [["Personnummer", "Namn"], ["19850101-1236", "Cia Lund"]]
OPT_OUT_FILE = [["E-post"], ["Bo.Ek@firma.se"], ["ingen adress"]]


def run(lists, rows=REGISTER, header=HEADER, **config):
    return clean((header, rows), {"today": TODAY, "suppression_lists": tuple(lists), "suppression_key": KEY,
                                  "dedupe": False, **config})


@pytest.mark.parametrize("compact", [False, True])
def test_each_list_marks_its_rows_channels_and_cells(compact):
    result = run([made("nix", NIX_FILE, date=dt.date(2026, 11, 2), compact=compact),
                  made("deceased", DECEASED_FILE, compact=compact), made("opt_out_email", OPT_OUT_FILE, compact=compact)])
    contact = result.contact
    assert [c["header"] for c in contact["columns"]] == ["Ring ej", "Posta ej", "E-posta ej"]
    assert contact["values"] == [
        ["NIX-Telefon", "", ""],
        ["NIX-Telefon", "", "Egen spärrlista"],
        ["Avliden", "Avliden", "Avliden"],
        ["", "", ""],
        ["", "", ""],
    ]
    codes = {(i.row, i.column, i.code) for i in result.issues if i.code.startswith("suppressed.")}
    assert codes == {(1, 1, "suppressed.nix"), (2, 1, "suppressed.nix"), (2, 2, "suppressed.opt_out_email"),
                     (3, 3, "suppressed.deceased")}
    assert "On NIX-Telefon (list of 2026-11-02): do not call for sales without a valid consent." in result.status[0]
    by_kind = {lst["kind"]: lst for lst in contact["suppression"]}
    assert by_kind["nix"] == {"id": "", "name": "nix.csv", "kind": "nix", "date": "2026-11-02",
                              "valid_until": "2027-01-02", "expired": False, "entries": 3, "matches": 2}
    assert by_kind["deceased"]["matches"] == 1 and by_kind["opt_out_email"]["matches"] == 1
    summary = contact["summary"]
    assert summary["phone"] == {"may_contact": 1, "closed": 3, "unchecked": 0, "no_value": 1}
    assert summary["post"] == {"may_contact": 3, "closed": 1, "unchecked": 0, "no_value": 1}
    assert summary["email"] == {"may_contact": 3, "closed": 2, "unchecked": 0, "no_value": 0}
    assert result.rows[2][1] == "701112233"  # the damaged number is flagged by the phone module, not rewritten


def test_an_expired_nix_list_stops_clearing_numbers():
    nix = made("nix", NIX_FILE, date=dt.date(2026, 9, 1))  # valid until 1 Nov 2026
    result = run([nix])
    contact = result.contact
    assert contact["suppression"][0]["expired"] is True and contact["suppression"][0]["valid_until"] == "2026-11-01"
    assert contact["notices"] == ["Your NIX-Telefon check expired on 2026-11-01; upload a new list."]
    # matched rows stay marked (they were on NIX); the Swedish numbers it did not match are now unchecked
    assert [v[0] for v in contact["values"]] == ["NIX-Telefon", "NIX-Telefon", "Kontrollen har gått ut",
                                                 "Kontrollen har gått ut", ""]
    assert contact["summary"]["phone"] == {"may_contact": 0, "closed": 2, "unchecked": 2, "no_value": 1}
    assert "This list expired on 2026-11-01; upload a new one." in result.status[0]
    assert any(i.code == "suppressed.unchecked" and i.row == 4 for i in result.issues)


def test_a_valid_list_of_the_same_kind_keeps_numbers_checked():
    old = made("nix", NIX_FILE, date=dt.date(2026, 9, 1))
    new = made("nix", [["0733334444"]], date=dt.date(2026, 11, 20))
    assert run([old, new]).contact["summary"]["phone"]["unchecked"] == 0


def test_user_validity_for_other_kinds():
    lst = made("opt_out_email", OPT_OUT_FILE, date=dt.date(2026, 1, 1), until=dt.date(2026, 6, 30))
    contact = run([lst]).contact
    assert contact["suppression"][0]["expired"] is True
    assert contact["notices"] == ["This list stopped counting on 2026-06-30: your opt-out list for e-mail; upload a new list."]


def test_nix_consent_counts_three_months():
    header = [*HEADER, "Samtycke telefon", "Samtycke datum"]
    rows = [[*REGISTER[0], "ja", "2026-10-15"], [*REGISTER[1], "ja", "2026-06-01"], [*REGISTER[2], "ja", ""]]
    nix = made("nix", [*NIX_FILE, ["0701112233"]], date=dt.date(2026, 11, 2))
    result = run([nix], rows=rows, header=header)
    assert [v[0] for v in result.contact["values"]] == ["", "NIX-Telefon", "NIX-Telefon"]
    assert "The consent to calls counts until 2027-01-15." in result.status[0]
    assert "The consent to calls is from 2026-06-01; with the number on NIX-Telefon it counted only until " \
           "2026-09-01 (3 months): do not call for sales." in result.status[1]
    codes = {(i.row, i.code) for i in result.issues if i.code.startswith("consent.")}
    assert codes == {(2, "consent.expired"), (3, "consent.undated")}
    assert result.roles[7] is None  # the consent column is no phone column


def test_rows_marked_for_a_channel_without_consent():
    header = ["Namn", "E-post", "Telefon", "Nyhetsbrev", "Kanal"]
    rows = [["Anna", "anna@firma.se", "0701234567", "Ja", "e-post"],
            ["Bo", "bo@firma.se", "0702223344", "", "e-post, telefon"],
            ["Cia", "cia@firma.se", "", "nej", ""]]
    result = clean((header, rows), {"today": TODAY, "dedupe": False})
    values = result.contact["values"]
    assert values == [["", "", ""], ["Inget samtycke", "", "Inget samtycke"], ["", "", "Inget samtycke"]]
    assert "Marked for e-mail but no consent to e-mail is recorded." in result.status[1]
    assert "Marked for calls but no consent to calls is recorded." in result.status[1]
    assert result.status[2] == ""  # not marked for e-mail: counted, not flagged
    assert result.contact["consent"] == [{"column": 3, "header": "Nyhetsbrev", "channels": ["email"],
                                          "date_column": None, "date_header": None}]
    assert result.contact["summary"]["email"] == {"may_contact": 1, "closed": 2, "unchecked": 0, "no_value": 0}


@pytest.mark.parametrize("header", [["Samtycke", "Datum"], ["Samtykke", "Samtykke dato"], ["Consent", "Consent date"],
                                    ["Godkänt utskick", "Datum"]])
def test_consent_columns_in_each_language_are_found_with_their_date(header):
    result = clean((["E-post", *header], [["a@b.se", "ja", "2026-01-01"]]), {"today": TODAY, "dedupe": False})
    assert result.contact["consent"][0]["date_column"] == 2


def test_existing_customers_are_an_option_not_a_default():
    header = [*HEADER, "Kund"]
    rows = [[*REGISTER[0], "ja"], [*REGISTER[1], ""]]
    nix = made("nix", NIX_FILE, date=dt.date(2026, 11, 2))
    assert [v[0] for v in run([nix], rows=rows, header=header).contact["values"]] == ["NIX-Telefon", "NIX-Telefon"]
    result = run([nix], rows=rows, header=header, customer_column="Kund")
    assert [v[0] for v in result.contact["values"]] == ["", "NIX-Telefon"]
    assert "Marked as an existing customer" in result.status[0]
    assert any(i.code == "suppressed.nix" and i.row == 1 for i in result.issues)  # still noted


def test_norwegian_register_gets_norwegian_columns_and_reservasjon():
    header = ["Navn", "Mobil", "Adresse", "Postnr", "Sted"]
    rows = [["Kari Nordmann", "912 34 567", "Storgata 1", "0150", "Oslo"],
            ["Ola Nordmann", "+47 412 34 567", "Lillegata 2", "0151", "Oslo"]]
    phone = made("reservasjon_phone", [["Telefon"], ["4791234567"]], date=dt.date(2026, 11, 20))
    post = made("reservasjon_mail", [["+4741234567"]], date=dt.date(2026, 11, 20))
    result = clean((header, rows), {"today": TODAY, "country": "NO", "dedupe": False,
                                    "suppression_lists": (phone, post), "suppression_key": KEY})
    assert [c["header"] for c in result.contact["columns"]] == ["Ikke ring", "Ikke post", "Ikke e-post"]
    assert result.contact["values"] == [["Reservasjonsregisteret", "", ""], ["", "Reservasjonsregisteret", ""]]
    assert result.contact["suppression"][0]["valid_until"] == "2026-12-20"


def test_a_clean_without_lists_or_consent_is_unchanged():
    assert clean((HEADER, REGISTER), {"today": TODAY}).contact is None


def test_lists_need_their_key():
    with pytest.raises(ValueError, match="key"):
        clean((HEADER, REGISTER), {"suppression_lists": (made("nix", NIX_FILE, date=TODAY),)})


def test_another_accounts_key_matches_nothing():
    lst = made("opt_out_email", OPT_OUT_FILE)
    result = clean((HEADER, REGISTER), {"today": TODAY, "suppression_lists": (lst,), "suppression_key": b"other"})
    assert result.contact["suppression"][0]["matches"] == 0


def test_sentences_follow_the_language_and_columns_the_register():
    nix = made("nix", NIX_FILE, date=dt.date(2026, 11, 2))
    swedish = run([nix], language="sv")
    assert swedish.status[0] == ("Finns i NIX-Telefon (lista från 2 nov. 2026): ring inte i säljsyfte utan giltigt "
                                 "samtycke.")
    assert swedish.contact["sentence"].startswith("Får kontaktas 1 dec. 2026: per telefon 2 av 4 rader med nummer")
    english = run([nix], language="en")
    assert english.contact["columns"] == swedish.contact["columns"]  # a Swedish register: Ring ej, in any language
    issue = next(i for i in english.issues if i.code == "suppressed.nix")
    assert issue.message == "On NIX-Telefon (list of 2026-11-02): do not call for sales without a valid consent."


def test_a_swedish_number_on_a_row_marked_norway_still_matches():
    header = ["Namn", "Telefon", "Land"]
    rows = [["Anna", "070-123 45 67", "Norge"], ["Kari", "912 34 567", "Norge"]]
    lst = made("opt_out_phone", [["+46701234567"], ["+4791234567"]])
    result = clean((header, rows), {"today": TODAY, "dedupe": False, "suppression_lists": (lst,), "suppression_key": KEY})
    assert [v[0] for v in result.contact["values"]] == ["Egen spärrlista", "Egen spärrlista"]


def test_verdict_columns_of_an_earlier_clean_are_not_cleaned_as_data():
    header = [*HEADER, "Ring ej", "Posta ej", "E-posta ej"]
    rows = [[*REGISTER[1], "NIX-Telefon", "", "Egen spärrlista"]]
    result = clean((header, rows), {"today": TODAY, "dedupe": False})
    assert result.roles[-3:] == [None, None, None]
    assert not [i for i in result.issues if i.column is not None and i.column >= len(HEADER)]
