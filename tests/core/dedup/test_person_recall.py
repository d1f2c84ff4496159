"""True pairs the person register used to miss, each as a pair with its band and the sentence the user reads, and
the pairs next to them that must stay apart (issue 9: recall won back where the product was wrong, never by
loosening what keeps two people apart)."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from core import CleanConfig, clean
from core.dedup import find_duplicates, prepare
from core.dedup.keys import NameOrder, is_mobile, mailbox_key, split_full_name, written_out

HEADER = ["Förnamn", "Efternamn", "E-post", "Telefon", "Gatuadress", "Postnummer", "Ort"]
ROLES = ["given_name", "family_name", "email", "phone", "street", "postal_code", "city"]
# other people of the register, each with details of their own
NEIGHBOURS = [["Per", "Holm", "per.holm@gmail.com", "070-555 11 22", "Lillgatan 3", "114 20", "Stockholm"],
              ["Karin", "Lund", "karin.lund@telia.com", "070-555 33 44", "Bergsgatan 9", "752 20", "Uppsala"]]


def band_and_note(rows: list[list[str]], header: list[str] = HEADER,
                  others: list[list[str]] = NEIGHBOURS) -> tuple[str | None, str]:
    """The band of the cluster holding rows 1 and 2 (data rows), and the note on the second."""
    result = clean((header, [*rows, *others]), CleanConfig(today=datetime.date(2026, 12, 1), country="SE"))
    band = next((c.band for c in result.duplicates if {1, 2} <= set(c.rows)), None)
    notes = [i.message for i in result.issues if i.row == 2 and i.code in ("row.duplicate", "row.possible_duplicate")]
    return band, " ".join(notes)


def label_of(comparison: str, rows: list[list[str]], header: list[str] = HEADER,
             roles: list[str] = ROLES) -> str:
    """The label of the level rows 1 and 2 reach in ``comparison``."""
    scorer = prepare(header, rows, roles)
    levels = scorer.levels(np.array([0]), np.array([1]))
    row = next(n for n, c in enumerate(scorer.comparisons) if c.name == comparison)
    return scorer.comparisons[row].levels[int(levels[row, 0])].label


def email_label(left: str, right: str) -> str:
    return label_of("email", [["Lars", "Nilsson", left, "", "", "", ""], ["Lars", "Nilsson", right, "", "", "", ""],
                              *NEIGHBOURS])


# -- a webmail or ISP domain typed with a slip is the same mailbox -------------------------------------------------
@pytest.mark.parametrize("raw,expected", [
    ("anna936@hotmail.cm", "anna936@hotmail.com"),  # a letter dropped
    ("lars64@gmailm.com", "lars64@gmail.com"),  # a letter added (and Gmail's dots, as email_key)
    ("lsandberg1@hotmai.lcom", "lsandberg1@hotmail.com"),  # the dot one place off
    ("mandersson@tdelia.com", "mandersson@telia.com"),
    ("peter688@somhem.se", "peter688@comhem.se"),
    ("Anna.Berg+news@Gmial.com", "annaberg@gmail.com"),
    ("sara69gmail.com", "sara69@gmail.com"),  # the @ left out before a provider's domain
    ("alexander.bergstrom98outlook.com", "alexander.bergstrom98@outlook.com"),
    ("lindbygg.se", "lindbygg.se"),  # no @ and no provider's domain: left as typed
    ("anna@telia.com", "anna@telia.com"),  # a provider's own domain stays
    ("per.lind@lind.com", "per.lind@lind.com"),  # a family's own domain, named in the address: not a typo of one
    ("kari@haugenbygg.no", "kari@haugenbygg.no"),  # a company's domain is nobody's slip
    ("not an address", "not an address"),
])
def test_mailbox_key(raw, expected):
    assert mailbox_key(raw) == expected


@pytest.mark.parametrize("left,right,expected", [
    ("lnilsson7@outlook.com", "lnilsson7@outloo.com", "same e-mail but for a misspelt domain"),
    ("peter688@comhem.se", "peter688@somhem.se", "same e-mail but for a misspelt domain"),
    ("lars.nilsson@gmail.com", "larsnilsson@gmial.com", "same e-mail but for a misspelt domain"),
    # two real providers are two mailboxes, however alike their names (live.se / live.no, hotmail / outlook)
    ("lars.nilsson@live.se", "lars.nilsson@live.no", "same e-mail user name"),
    ("lars.nilsson@outlook.com", "lars.nilsson@hotmail.com", "same e-mail user name"),
    ("lars.nilsson@gmail.com", "lars.nilsson@gmail.com", "same e-mail"),
    # one whole name, one provider, the user names one letter apart: one mailbox with a slip
    ("lnilsson@hotmail.com", "lnilson@hotmail.com", "same e-mail but for one letter"),
    ("lars.nilsson@telia.com", "lars.nilssno@telia.com", "same e-mail but for one letter"),  # two letters swapped
    # ... but an initial (a family's mailbox fnilsson@ against Lars's own), a number or a dot tells two mailboxes apart
    ("fnilsson@gmail.com", "lnilsson@gmail.com", "different e-mail"),
    ("lars.nilsson2@telia.com", "lars.nilsson@telia.com", "similar e-mail"),
    ("lars.nilsson@telia.com", "larsnilsson@telia.com", "similar e-mail"),
])
def test_a_mailbox_typed_with_a_slip_is_one_mailbox(left, right, expected):
    assert email_label(left, right) == expected


HOME = ["Ängsvägen 79", "585 19", "Linköping"]


@pytest.mark.parametrize("case,rows,band,note", [
    # a copy at one home with a new mobile and its mailbox typed outloo.com: before, "same e-mail user name" read as
    # two own mailboxes at one address (review); it is one mailbox
    ("outloo.com at home", [["Lars", "Nilsson", "lnilsson7@outlook.com", "070-564 81 49", *HOME],
                            ["Lars", "Nilsson", "lnilsson7@outloo.com", "072-917 24 36", *HOME]],
     "sure", "Duplicate of row 2 (same given name, same family name, same e-mail but for a misspelt domain, same "
             "address: 100 %)."),
    # a copy that moved, with nothing left but its mailbox typed somhem.se: before, no blocking key joined them
    ("somhem.se, moved", [["Peter", "Eriksson", "peter688@comhem.se", "", "Kungsgatan 66", "153 38", "Södertälje"],
                          ["Peter", "Eriksson", "peter688@somhem.se", "", "Skogsvägen 42", "701 77", "Örebro"]],
     "sure", "Duplicate of row 2 (same given name, same family name, same e-mail but for a misspelt domain: 99 %)."),
    # a father and the son named after him at one home, each with a mailbox of his own at two providers: unchanged
    ("two providers at home", [["Lars", "Nilsson", "lars.nilsson@outlook.com", "070-564 81 49", *HOME],
                               ["Lars", "Nilsson", "lars.nilsson@hotmail.com", "072-917 24 36", *HOME]],
     "review", "Possible duplicate of row 2 (same given name, same family name, same e-mail user name, same address, "
               "but each has its own e-mail and phone: 90 %): check by hand."),
    # two members of one household on the family's mailbox, one of them typed with a slip: two people
    ("the family's mailbox", [["Anna", "Berg", "familjen.berg@telia.com", "", "Storgatan 5", "114 18", "Stockholm"],
                              ["Per", "Berg", "familjen.berg@tellia.com", "", "Storgatan 5", "114 18", "Stockholm"]],
     None, ""),
])
def test_misspelt_provider_domain_band_and_note(case, rows, band, note):
    assert band_and_note(rows) == (band, note), case


# -- one name in two spellings is one holder of its own mailbox and mobile ------------------------------------------
GIVEN = "anna maria karin eva lena sara emma ida elin johanna erik lars anders johan per karl nils jan olof".split()
FAMILY = "andersson johansson karlsson nilsson eriksson larsson olsson persson svensson gustafsson pettersson".split()
ANNA = ["Anna", "Andersson", "anna.andersson4@yahoo.se", "+46 76 896 09 10", "Tallvägen 85", "504 94", "Borås"]
MOVED = ["anna.andersson4@yahoo.se", "0046768960910", "Kvarngatan 64", "216 11", "Malmö"]  # her mailbox and mobile


def register(pair: list[list[str]], people: int = 2000) -> list[list[str]]:
    """``pair`` as rows 1 and 2 of a register large enough to learn its weights: ``people`` customers with their own
    e-mail and mobile (a tenth registered twice), names drawn from common Swedish ones, so Anna is seen many times."""
    import random
    rng = random.Random(11)
    rows = [*pair]
    for n in range(people):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        rows.append([given.title(), family.title(), f"{given}.{family}{n}@example.se", f"070-{n:07d}",
                     f"Storgatan {n % 700 + 1}", f"{11000 + n // 700}", "Stad"])
        if n % 10 == 0:
            rows.append(list(rows[-1]))
    return rows


@pytest.mark.parametrize("case,other,holders", [
    # Agna once beside many Annas is a slip: her two rows are one holder of the mailbox and the mobile (before: two
    # name sounds, so "two people sharing them", and the mailbox and the mobile counted once instead of adding up)
    ("a slip in the given name", ["Agna", "Andersson", *MOVED], 1),
    ("names swapped", ["Andersson", "Anna", *MOVED], 1),
    # Hanna is a name of its own: Anna and Hanna on one mailbox and mobile are two holders, as before
    ("a name of its own one letter off", ["Hanna", "Andersson", *MOVED], 2),
    ("another name", ["Erik", "Andersson", *MOVED], 2),
])
def test_one_name_in_two_spellings_is_one_holder(case, other, holders):
    scorer = prepare(HEADER, register([ANNA, other], people=200), ROLES)
    i, j = np.array([0]), np.array([1])
    levels = scorer.levels(i, j)
    shared = scorer.holders(i, j, levels)
    counted = {c.name: int(shared[row, 0]) for row, c in enumerate(scorer.comparisons) if c.name in ("email", "phone")}
    assert counted == {"email": holders, "phone": holders}, case


@pytest.mark.parametrize("case,other,band,note", [
    ("a slip in the given name, moved", ["Agna", "Andersson", *MOVED], "sure",
     "given name one letter off, same family name, same e-mail, same phone: 100 %"),  # before: 97 %
    # the register holds Andersson as a family name and Anna as a given name many times: the row typed them into
    # each other's column, and they are read where they belong (session 7; before: "given and family name swapped")
    ("names swapped, at home", ["Andersson", "Anna", *MOVED[:2], *ANNA[4:]], "sure",
     "same given name, same family name, same e-mail, same phone, same address: 100 %"),  # session 6: 97 %
    # two names on one mailbox and mobile (a mother and daughter who share them): nothing to delete
    ("Hanna and Anna, one mailbox and mobile", ["Hanna", "Andersson", *MOVED], None, None),
])
def test_one_name_in_two_spellings_band_and_note(case, other, band, note):
    result = find_duplicates(HEADER, register([ANNA, other]), ROLES, {"country": "SE"})
    cluster = next((c for c in result.clusters if {1, 2} <= set(c.rows)), None)
    assert (cluster and cluster.band, cluster and cluster.pairs[0].explanation) == (band, note), case


# -- at one home, a copy with a new mobile keeps the mailbox only it and its spelling hold ---------------------------
MONA = ["Mona", "Lundin", "mlundin@gmail.com", "070-415 17 25", "Kungsgatan 61", "808 25", "Gävle"]


@pytest.mark.parametrize("case,other,band,note", [
    # Möona (a letter doubled) is Mona: the mailbox only the two rows hold is her own, so a new mobile at home is a
    # copy that changed its number, not one of two namesakes (before: two holders of the mailbox, so nothing of her
    # own agreed, and the pair was capped as one of two people of one name at one home: review)
    ("a slip in the name, her mailbox, a new mobile", ["Möona", "Lundin", "mlundin@gmail.com", "070-444 38 87",
                                                        *MONA[4:]],
     "sure", "given name misspelt, same family name, same e-mail, same address: 100 %"),
    # the mailbox typed without its @: the same mailbox (before: two own mailboxes that differ)
    ("the @ left out, a new mobile", ["Mona", "Lundin", "mlundingmail.com", "070-444 38 87", *MONA[4:]],
     "sure", "same given name, same family name, same e-mail but for a misspelt domain, same address: 100 %"),
    # two own mailboxes and two own mobiles at one home: two people of one name (a mother and her daughter), as before
    ("another mailbox and mobile", ["Mona", "Lundin", "mona.lundin@telia.com", "070-444 38 87", *MONA[4:]],
     None, None),
])
def test_a_copy_at_home_keeps_its_own_mailbox(case, other, band, note):
    result = find_duplicates(HEADER, register([MONA, other]), ROLES, {"country": "SE"})
    cluster = next((c for c in result.clusters if {1, 2} <= set(c.rows)), None)
    assert (cluster and cluster.band, cluster and cluster.pairs[0].explanation) == (band, note), case


@pytest.mark.parametrize("case,left,right,band,note", [
    # a copy at home with a new mobile whose mailbox lost a letter: one mailbox (before: "similar e-mail", read as two
    # own mailboxes that differ next to two own mobiles, so two people of one name: review)
    ("swalli@ / swallin@, a new mobile", ["Saga", "Wallin", "swallin@hotmail.com", "072-135 87 33", *HOME],
     ["Saga", "Wallin", "swalli@hotmail.com", "070-828 83 69", *HOME],
     "sure", "Duplicate of row 2 (same given name, same family name, same e-mail but for one letter, same address: "
             "100 %)."),
    # two colleagues whose work addresses are built from names one letter apart: never "Delete", as before
    ("Ole Johansen and Ole Johnsen", ["Ole", "Johansen", "ole.johansen@nordicconsult.no", "942 74 412", *HOME],
     ["Ole", "Johnsen", "ole.johnsen@nordicconsult.no", "460 35 770", *HOME], "review",
     "Possible duplicate of row 2 (same given name, similar family name, similar e-mail, same address, but each has its "
     "own e-mail and phone: 90 %): check by hand."),
])
def test_a_mailbox_with_one_letter_slipped(case, left, right, band, note):
    assert band_and_note([left, right]) == (band, note), case


# -- a whole name read as the register writes its names --------------------------------------------------------------
# A register's whole-name column (Kontaktperson) as one salesperson fills it: given name first, a few family name
# first with or without a comma, double family names with a hyphen or a space, second given names.
WHOLE_NAMES = ["Nils Hedmark", "Olof Björkbom", "Stefan Bergmark", "Anna Bergmark", "Eriksson, Ulla", "Lars Eriksson",
               "Per Nilsson", "Maria Nilsson", "Karin Lund", "Sofia Wallsten", "Per Lindqvist"]


@pytest.mark.parametrize("raw,expected", [
    ("Anna Svensson", ("anna", "svensson")),
    ("Andersson, Anna", ("anna", "andersson")),
    ("Hedholm A.", ("a", "hedholm")),  # an initial at the end: the family name first
    ("Tor Haugen d.y.", ("tor", "haugen")),  # the generation is a key of its own
    # a hyphen joins one name: the family name is Andersson-Lind (before: given "anna andersson", family "lind")
    ("Anna Andersson-Lind", ("anna", "andersson lind")),
    ("Jan-Erik Wallsten Lahtioja", ("jan erik", "wallsten lahtioja")),
    # a middle word the register ends names with, or shaped as a family name, starts the family name (before: a
    # second given name, so "Nils Hedmark Persson" and his copy "Nils Hedmark" had two given names and two
    # family names)
    ("Nils Hedmark Persson", ("nils", "hedmark persson")),
    ("Ulla Eriksson Johansson", ("ulla", "eriksson johansson")),
    ("Kari Alholm Björkberg", ("kari", "alholm bjorkberg")),
    ("Hilma af Klint", ("hilma", "af klint")),  # a particle goes with the family name
    # a second given name stays one: a common given name, or a word the register starts names with
    ("Merja Matilda Granfeldt", ("merja matilda", "granfeldt")),
    ("Per Olof Laaksomäki", ("per olof", "laaksomaki")),
    ("Ulla Birgitta Persson", ("ulla birgitta", "persson")),
    # written family name first without a comma, where the register shows which word is which
    ("Bergmark Stefan", ("stefan", "bergmark")),
    ("NILSSON PER", ("per", "nilsson")),
    ("Lindqvist Anna Lena", ("anna lena", "lindqvist")),
    # a word the register gives no reading of and of no family name's shape stays where it stands
    ("Saga Wallin", ("saga", "wallin")),
    ("Ekdal Vilja", ("ekdal", "vilja")),
    ("Per Sandsten Ek", ("per sandsten", "ek")),
])
def test_a_whole_name_is_read_as_the_register_writes_names(raw, expected):
    order = NameOrder([*WHOLE_NAMES, raw])
    assert split_full_name(raw, order) == expected


WHOLE_HEADER = ["Kontaktperson", "E-post", "Telefon", "Gatuadress", "Postnummer", "Ort"]
OTHERS = [["Per Holm", "per.holm@gmail.com", "070-555 11 22", "Lillgatan 3", "114 20", "Stockholm"],
          ["Karin Lund", "karin.lund@telia.com", "070-555 33 44", "Bergsgatan 9", "752 20", "Uppsala"],
          ["Eva Lind", "eva.lind@telia.com", "070-555 66 77", "Parkvägen 2", "752 21", "Uppsala"]]
AT = ["Torggatan 85", "823 83", "Sundsvall"]



@pytest.mark.parametrize("case,left,right,band,note", [
    # a copy that dropped one part of a double family name written with a space (before: "Kari Alholm" and "Kari"
    # were two given names, one part of the other, so the phone and the address counted once: nothing found)
    ("Alholm Björkberg / Björkberg", ["Kari Alholm Björkberg", "kari.alholm@hotmail.com", "+46 18 452 7590", *AT],
     ["Kari Björkberg", "", "018 4527590", *AT], "sure",
     "Duplicate of row 2 (same given name, family name partly the same, same phone, same address: 100 %)."),
    ("Hedmark Persson / Hedmark", ["Nils Hedmark Persson", "", "+46 70 945 87 06", *AT],
     ["Nils Hedmark", "", "070-945 87 06", *AT], "sure",
     "Duplicate of row 2 (same given name, family name partly the same, same phone, same address: 100 %)."),
    ("Andersson-Lind / Lind", ["Anna Andersson-Lind", "anna.al@gmail.com", "070-111 22 33", *AT],
     ["Anna Lind", "anna.al@gmail.com", "070-111 22 33", *AT], "sure",
     "Duplicate of row 2 (same given name, family name partly the same, same e-mail, same phone, same address: "
     "100 %)."),
    # family name first without a comma: the same name (before: "given and family name swapped")
    ("Holmström Gunnar", ["Holmström Gunnar", "gunnar722@telia.com", "070-352 22 51", *AT],
     ["Gunnar Holmström", "gunnar722@telia.com", "070-352 22 51", "Storgatan 1", "111 22", "Stockholm"], "sure",
     "Duplicate of row 2 (same given name, same family name, same e-mail, same phone: 100 %)."),
    # a second given name written out on one row (Ulla, or her daughter Ulla Birgitta at her home): as before,
    # one part of a double name is no proof, and a home's landline and address count once
    ("Ulla Birgitta / Ulla", ["Ulla Birgitta Persson", "", "040 1045677", *AT], ["Ulla Persson", "", "040 1045677", *AT],
     None, ""),
    ("Per Olof / Per", ["Per Olof Svensson", "", "040 1045677", *AT], ["Per Svensson", "", "040 1045677", *AT],
     None, ""),
])
def test_a_whole_name_band_and_note(case, left, right, band, note):
    assert band_and_note([left, right], WHOLE_HEADER, OTHERS) == (band, note), case


# -- a second given name written out on one row, on the mobile only that person holds -------------------------------
@pytest.mark.parametrize("digits,mobile", [
    ("46701234567", True),  # 070: a Swedish mobile
    ("4681234567", False),  # 08: a Stockholm landline, a home's or an office's
    ("4791234567", True),
    ("4722123456", False),  # 22: an Oslo landline
    ("358401234567", True),  # 040: a Finnish mobile
    ("35891234567", False),  # 09: a Helsinki landline
    ("4520123456", False),  # Danish numbers may be either: never taken for one person's
    ("", False),
    ("12", False),
])
def test_a_mobile_by_the_numbering_plan(digits, mobile):
    assert is_mobile(digits) is mobile


FAMILY_HOME = ["Parkvägen 26", "335 53", "Tammerfors"]


@pytest.mark.parametrize("case,left,right,band,note", [
    # a copy that wrote her second given name, on her own mobile and mailbox at home (before: one part of a double
    # name is no identity, so mailbox, mobile and address counted once: 83 %, nothing to delete)
    ("Merja Matilda / Merja, her mobile", ["Merja Matilda Granfeldt", "MERJA.GRANFELDT@HOTMAIL.COM", "+358403844820",
                                          *FAMILY_HOME],
     ["Merja Granfeldt", "merja.granfeldt@hotmail.com", "00358403844820", *FAMILY_HOME], "sure",
     "Duplicate of row 2 (given name part of a double name, same family name, same e-mail, same phone, same address: "
     "100 %)."),
    ("Carl Johan / Carl, his mobile, moved", ["Carl Johan Mäkilä", "", "+46 70 628 4651", "", "", ""],
     ["Carl Mäkilä", "", "070-628 46 51", "", "", ""], "sure",
     "Duplicate of row 2 (given name part of a double name, same family name, same phone: 98 %)."),
    # a home's landline and a webmail address can be a father's and his son Lars-Göran's: as before
    ("Lars Göran / Lars, a landline", ["Lars Göran Nilsson", "lars.nilsson@hotmail.com", "08-104 56 77", *FAMILY_HOME],
     ["Lars Nilsson", "lars.nilsson@hotmail.com", "081045677", *FAMILY_HOME], None, ""),
])
def test_a_second_given_name_on_ones_own_mobile(case, left, right, band, note):
    assert band_and_note([left, right], WHOLE_HEADER, OTHERS) == (band, note), case


# -- å, ä, ö written out by a keyboard without them: one name, where the register holds it with the letter -----------
@pytest.mark.parametrize("names,expected", [
    (["Ari Strömlund"], {"stroemlund": "stromlund"}),
    (["Åsa Hämäläinen-Berg"], {"aasa": "asa", "haemaelaeinen": "hamalainen"}),
    (["Søren Kjærgaard"], {"soeren": "soren"}),  # æ folds to ae already
    (["Per Holm", "Saara Laine"], {}),  # no Nordic letter: nothing is read as written out
])
def test_written_out_words(names, expected):
    assert written_out(names) == expected


def family_label(left: str, right: str) -> str:
    return label_of("family", [[left, "", "", "", "", ""], [right, "", "", "", "", ""], *OTHERS], WHOLE_HEADER,
                    ["full_name", "email", "phone", "street", "postal_code", "city"])


@pytest.mark.parametrize("left,right,expected", [
    ("Ari Strömlund", "Ari Stroemlund", "same family name"),  # before: similar family name
    ("Sami Hämäläinen", "Sami Haemaelaeinen", "same family name"),  # before: different family name
    ("Ari Strömlund", "Ari Stromlund", "same family name"),  # as before: ö typed o
    # a spelling of its own that no row writes with the letter stays what it is
    ("Ari Stroemlund", "Ari Stromlund", "similar family name"),
])
def test_nordic_letters_written_out(left, right, expected):
    assert family_label(left, right) == expected


# -- one name in the spellings of four countries -------------------------------------------------------------------
def given_label(left: str, right: str) -> str:
    return label_of("given", [[left, "Nørholm", "", "", "", "", ""], [right, "Nørholm", "", "", "", "", ""],
                              *NEIGHBOURS])


@pytest.mark.parametrize("left,right,expected", [
    # before: "different given name" or "similar given name", both read as two people
    ("Michael", "Mikael", "same given name (nickname)"),
    ("Aleksander", "Alexander", "same given name (nickname)"),
    ("Aleksander", "Alex", "same given name (nickname)"),
    ("Frederik", "Fredrik", "same given name (nickname)"),
    ("Oscar", "Oskar", "same given name (nickname)"),
    ("Christopher", "Kristoffer", "same given name (nickname)"),
    # short forms that are names in their own right in Norway and Denmark stay two names
    ("Tom", "Thomas", "different given name"),
    ("Lise", "Elisabeth", "different given name"),
])
def test_one_name_in_two_spellings(left, right, expected):
    assert given_label(left, right) == expected


# -- a whole name typed into the given-name column, the family-name column empty (a web shop's guest checkout) ------
GUEST = ["m.lillekoldhede@stofanet.dk", "2545 5093", "Skovvej 31", "8700", "Horsens"]


@pytest.mark.parametrize("case,left,right,band,note", [
    # the register holds Lillekoldhede as a family name (the customer's own row): before, "Margrethe Lillekoldhede"
    # was a double given name with no family name, so the names did not agree as one (nothing found)
    ("Margrethe  Lillekoldhede", ["Margrethe", "Lillekoldhede", *GUEST], ["Margrethe  Lillekoldhede", "", *GUEST],
     "sure", "Duplicate of row 2 (same given name, same family name, same e-mail, same phone, same address: 100 %)."),
    # a double given name with no family name stays one (Olof starts no family name in the register)
    ("Per Olof, no family name", ["Per", "Holmgren", "per.holmgren@telia.com", "070-312 45 67", *HOME],
     ["Per Olof", "", "per.olof@telia.com", "070-987 65 43", *HOME], None, ""),
])
def test_a_whole_name_in_the_given_name_column(case, left, right, band, note):
    assert band_and_note([left, right]) == (band, note), case


# -- names typed into each other's column, read as the register's columns show them ------------------------------
SWAP_OTHERS = [["Johan", "Lindqvist", "johan.lindqvist@telia.com", "070-555 66 77", "Åsgatan 1", "114 21", "Stockholm"],
               ["Johan", "Ek", "johan.ek@telia.com", "070-555 22 33", "Åsgatan 4", "114 21", "Stockholm"],
               ["Eva", "Pettersson", "eva.pettersson@gmail.com", "070-555 88 99", "Åsgatan 9", "114 21", "Stockholm"],
               ["Karl", "Pettersson", "karl.p@hotmail.com", "070-555 00 11", "Vasagatan 2", "111 20", "Stockholm"],
               *NEIGHBOURS]


@pytest.mark.parametrize("case,typed,given,family", [
    # "Pettersson" is a family name twice in the register and nowhere else a given name; "Johan" the other way round
    ("swapped columns", ["Pettersson", "Johan"], "johan", "pettersson"),
    # a common given name is never read as a family name, whatever the columns hold
    ("a given name that is also a family name", ["Karl", "Johan"], "karl", "johan"),
    # names the register has not seen either way stay where they were typed
    ("names the register does not know", ["Zetterlund", "Ebbe"], "zetterlund", "ebbe"),
])
def test_names_typed_into_each_others_column(case, typed, given, family):
    rows = [[*typed, "x@example.se", "", "", "", ""], *SWAP_OTHERS]
    keys = prepare(HEADER, rows, ROLES).keys
    read = [keys[name].values[keys[name].codes[0]] for name in ("given", "family")]
    assert read == [given, family], case


def test_a_copy_with_its_names_in_each_others_column_is_the_same_person():
    left = ["Johan", "Pettersson", "johan.pettersson@gmail.com", "070-312 45 67", "Storgatan 5", "114 18", "Stockholm"]
    right = ["Pettersson", "Johan", "johan.pettersson@gmail.com", "070-312 45 67", "Storgatan 5", "114 18", "Stockholm"]
    assert band_and_note([left, right], others=SWAP_OTHERS) == (
        "sure", "Duplicate of row 2 (same given name, same family name, same e-mail, same phone, same address: 100 %).")


def test_rows_per_value_adds_up_a_string_that_stands_twice_among_the_values():
    """A name split from another column may repeat a value the column holds already ("anna" twice among the values):
    the columns are compared by the string, so its rows add up."""
    from core.dedup.keys import Factors, _rows_per_value
    column = Factors(np.array([0, 1, 2, 2, 0]), ["anna", "berg", "anna"])
    assert _rows_per_value(column) == {"anna": 4, "berg": 1}


# -- a third row at the place holds the two rows' own details together ------------------------------------------
LARS = ["Lars", "Andersson"]
VASAGATAN = ["Vasagatan 32", "809 73", "Gävle"]
OLD = [*LARS, "lars542@gmail.com", "079-550 22 89", *VASAGATAN]  # his first mailbox and mobile
BETWEEN = [*LARS, "larsandersson9@yahoo.se", "079-550 22 89", *VASAGATAN]  # the new mailbox, the old mobile
NEW = [*LARS, "larsandersson9@yahoo.se", "072-061 62 04", *VASAGATAN]  # the new mailbox and a new mobile


def cluster_with(rows: list[list[str]], first: int, other: int) -> tuple[list[int], str] | None:
    """(rows, band) of the cluster holding data rows ``first`` and ``other`` of a register of 2 000 customers."""
    result = find_duplicates(HEADER, register(rows), ROLES, {"country": "SE"})
    return next(((c.rows, c.band) for c in result.clusters if {first, other} <= set(c.rows)), None)


@pytest.mark.parametrize("case,rows,expected", [
    # each of rows 1 and 3 has an own mailbox and mobile and both differ, which at one home reads as two people of one
    # name; row 2 holds row 1's mobile and row 3's mailbox, so one man changed both (before: rows 1 and 2 sure, row 3
    # left out of the group as a namesake of row 1)
    ("a row in between", [OLD, BETWEEN, NEW], ([1, 2, 3], "sure")),
    # without the row in between, two own mailboxes and two own mobiles at one home: two people of one name, as before
    ("nothing in between", [OLD, NEW], None),
    # a row from another address does not speak for the home (a namesake's copy that moved with a number of it)
    ("the row in between lives elsewhere", [OLD, [*BETWEEN[:4], "Storgatan 5", "114 18", "Stockholm"], NEW], None),
])
def test_a_third_row_holds_two_rows_own_details_together(case, rows, expected):
    first, other = (1, 3) if len(rows) == 3 else (1, 2)
    assert cluster_with(rows, first, other) == expected, case


SHOP_HEADER = ["Customer ID", "First Name", "Last Name", "Email", "Default Address Address1", "Default Address City",
               "Default Address Zip", "Default Address Phone", "Phone"]
GRONNEGADE = ["Grønnegade 33", "Hillerød", "3400"]


@pytest.mark.parametrize("case,left,right,held", [
    # the son's two rows share his own mailbox and mobile: what only one person holds
    ("the son's two rows", 1, 2, True),
    # the father's row and the son's second share the home's landline in "Default Address Phone", each with his own
    # mobile in "Phone": the landline is the home's (as the namesake cap reads it), so the son's row holds nothing of
    # the father's own and cannot hold the two men together (shop 50k s61: 2 rows wrongly marked without this)
    ("the home's landline, each his own Phone", 0, 2, False),
])
def test_what_a_third_row_holds_of_a_row(case, left, right, held):
    from core.roles import detect_roles
    father = ["1", "Lars", "Pedersen", "lars_pedersen41@hotmail.com", *GRONNEGADE, "3960 9711", "'+4561464403"]
    son = ["2", "Lars", "Pedersen", "pedersen.lars1962@hotmail.com", *GRONNEGADE, "5133 4353", "'+4551334353"]
    son_again = ["3", "Lars", "Pedersen", "pedersen.lars1962@hotmail.com", *GRONNEGADE, "39609711", "'+4551334353"]
    rows = [father, son, son_again]
    roles = detect_roles(SHOP_HEADER, rows, {})
    roles[0] = None
    scorer = prepare(SHOP_HEADER, rows, roles, {"country": "DK"})
    i, j = np.array([left]), np.array([right])
    assert bool(scorer.own_link(scorer.levels(i, j), i, j)[0]) is held, case


def test_the_row_a_third_row_holds_names_that_row():
    """The third data row pairs with the row kept (the first) at 1 % only; its note names the row in between (sheet
    row 3), whose mailbox it shares, with that pair's own evidence."""
    result = clean((HEADER, register([OLD, BETWEEN, NEW])), CleanConfig(today=datetime.date(2026, 12, 1), country="SE"))
    notes = [i.message for i in result.issues if i.row == 3 and i.code == "row.duplicate"]
    assert notes == ["Duplicate of row 3 (same given name, same family name, same e-mail, same address: 99 %)."]


# -- a mailbox one person holds is that person's, moved or married ----------------------------------------------
VASTERAS = ["Vasagatan 27", "728 39", "Västerås"]
OREBRO = ["Ekvägen 15", "709 70", "Örebro"]
FAMILY_MAIL = "familjen.andersson890@hotmail.com"


@pytest.mark.parametrize("case,rows,band,note", [
    # Lasse on Lars's own mailbox, moved to Örebro with a new mobile: the new address and number counted against the
    # copy one by one (72 %, to check by hand)
    ("a short form, moved", [["Lars", "Andersson", "larsandersson39@hotmail.com", "071-730 16 80", *VASTERAS],
                             ["Lasse", "Andersson", "larsandersson39@hotmail.com", "079-706 68 42", *OREBRO]],
     "sure", "same given name (nickname), same family name, same e-mail: 95 %"),
    # a slip in the given name, moved with a new mobile
    ("a slip, moved", [["Anna", "Nilsson", "anna90@yahoo.se", "070-821 18 82", *VASTERAS],
                       ["Aäna", "Nilsson", "anna90@yahoo.se", "072-932 48 63", *OREBRO]],
     "sure", "given name one letter off, same family name, same e-mail: 95 %"),
    # a row without a given name, with her family name, on the mailbox only she holds, built from her name (89 %)
    ("no given name, moved", [["Kerstin", "Viklund", "kerstin.viklund@hotmail.com", "072-371 19 83", *VASTERAS],
                              ["", "Viklund", "kerstin.viklund@hotmail.com", "", *OREBRO]],
     "sure", "same family name, same e-mail: 95 %"),
    # ... but not with another family name: a relative's row on her mailbox, or a new surname, to check by hand
    ("no given name, another family name", [
        ["Kerstin", "Viklund", "kerstin.viklund@hotmail.com", "072-371 19 83", *VASTERAS],
        ["", "Holm", "kerstin.viklund@hotmail.com", "", *OREBRO]],
     None, None),
    # married and moved: this register shows no one under two family names (Keys.married_names), so Maria Sundberg
    # and Maria Lindqvist are two holders of the mailbox, and it is nobody's own
    ("married, moved", [["Maria", "Sundberg", "msundberg4@yahoo.se", "070-021 68 69", *VASTERAS],
                        ["Maria", "Lindqvist", "msundberg4@yahoo.se", "072-736 34 39", *OREBRO]],
     None, None),
    # a family's mailbox three people give is no one's own: a Karin of it who moved stays to be checked
    ("a family's mailbox", [["Karin", "Andersson", FAMILY_MAIL, "070-655 17 84", *VASTERAS],
                            ["Karin", "Nilsson", FAMILY_MAIL, "", *OREBRO],
                            ["Per", "Andersson", FAMILY_MAIL, "", *VASTERAS]],
     None, None),
    # two given names on one mailbox are two people wherever they live
    ("another given name", [["Lars", "Andersson", "larsandersson39@hotmail.com", "071-730 16 80", *VASTERAS],
                            ["Linus", "Andersson", "larsandersson39@hotmail.com", "079-706 68 42", *OREBRO]],
     None, None),
])
def test_a_mailbox_one_person_holds_is_that_persons(case, rows, band, note):
    result = find_duplicates(HEADER, register(rows), ROLES, {"country": "SE"})
    cluster = next((c for c in result.clusters if {1, 2} <= set(c.rows)), None)
    assert (cluster and cluster.band, cluster and cluster.pairs[0].explanation) == (band, note), case


def personnummer(born: str, serial: int) -> str:
    """A valid Swedish personnummer for a birth date (YYMMDD) and a three-digit serial."""
    from core.fields.luhn import calc_check_digit
    digits = f"{born}{serial:03d}"
    return f"{born}-{serial:03d}{calc_check_digit(digits)}"


@pytest.mark.parametrize("case,son,expected", [
    # the register's 40 pairs on one mailbox built from one name hold one personnummer: such a mailbox is one person's
    # (0 of 40, shrunk towards 5 % as if 20 pairs had been seen)
    ("copies", lambda n: personnummer("800101", n), 1 / 60),
    # they hold a father's and a son's: here a mailbox one person holds is two people's more often than not, and two
    # rows on one are no longer sure on it alone (40 of 40)
    ("fathers and sons", lambda n: personnummer("050101", n), 41 / 60),
])
def test_how_often_a_mailbox_one_person_holds_is_two_people_is_learnt(case, son, expected):
    header, roles = [*HEADER, "Personnummer"], [*ROLES, "personal_id"]
    rows = [[*row, ""] for row in register([])]
    for n in range(40):  # 40 pairs of one name on one mailbox, both rows with a personnummer
        home = [f"Granvägen {n + 1}", "123 45", "Ort"]
        mail = f"lars.berg{n}@gmail.com"
        rows += [["Lars", "Berg", mail, f"073-{n:07d}", *home, personnummer("800101", n)],
                 ["Lars", "Berg", mail, f"076-{n:07d}", *home, son(n)]]
    two = find_duplicates(header, rows, roles, {"country": "SE"}).stats["training"]["own_mailbox_two"]
    assert two == pytest.approx(expected), case


# -- a double given name with one of its names slipped ---------------------------------------------------------------
def double_name_label(left: str, right: str, others: list[str]) -> str:
    """The given-name level of ``left`` / ``right`` (one family) in a register whose other customers are named
    ``others``."""
    rows = [[left, "Lundberg", "", "", "", "", ""], [right, "Lundberg", "", "", "", "", ""]]
    rows += [[given, "Berg", f"{n}@example.se", "", "", "", ""] for n, given in enumerate(others)]
    return label_of("given", rows)


MANY = ["Daniel", "Daniel Erik", "Daniel", "Hugo", "Hugo Lars", "Hugo", "Nils", "Filip"]


@pytest.mark.parametrize("case,left,right,others,expected", [
    # Daiel once, beside a Daniel many rows carry and no name the country knows: a slip in the first name (before:
    # "similar given name", two people)
    ("a slip in the first name", "Daiel Nils", "Daniel Nils", MANY, "given name misspelt"),
    ("a slip in the second name", "Filip-Huvgo", "Filip-Hugo", MANY, "given name misspelt"),
    # Anna Maria / Anna Marie: Marie is a name of its own, so two people as before
    ("a name of its own", "Anna Maria", "Anna Marie", [*MANY, "Maria", "Maria", "Maria"], "similar given name"),
    # Daiel carried by as many rows as Daniel: the register shows two names, not a slip
    ("each spelling has holders", "Daiel Nils", "Daniel Nils", ["Daiel", "Daiel", "Daniel", "Daniel"],
     "similar given name"),
])
def test_a_double_name_with_one_name_slipped(case, left, right, others, expected):
    assert double_name_label(left, right, others) == expected, case


def test_a_copy_with_a_slip_in_one_of_its_names_is_sure():
    others = [[given, "Berg", f"{given.lower()}.berg{n}@example.se", "", "Storgatan 5", "114 18", "Stockholm"]
              for n, given in enumerate(MANY)]
    left = ["Daniel Nils", "Lundberg", "daniellundberg@bredband.net", "072-317 83 28", "Kvarngatan 130", "502 47", "Borås"]
    right = ["Daiel Nils", "Lundberg", "daniellundberg@bredband.net", "", "Kvarngatan 130", "502 47", "Borås"]
    # before: "similar given name", two people, so at most to check by hand
    assert band_and_note([left, right], others=others) == (
        "sure", "Duplicate of row 2 (given name misspelt, same family name, same e-mail, same address: 100 %).")
