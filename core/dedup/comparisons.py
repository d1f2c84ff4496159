"""Comparisons as data: per field, an ordered list of labelled levels from "same" to "different".

Each ``Comparison`` is the splink idea on rapidfuzz: a null level first (a value
is missing, so no evidence either way), then levels from the most to the least
similar, and an else level last. The first level whose conditions all hold is
the pair's level for that field. A level's label is what the user reads
("same e-mail", "different birth date"); its default ``m`` and ``u`` are the
probabilities of that level among true duplicates and among random pairs,
used as they are on small registers and as the starting point of training.

Comparisons in the ``contact`` group (e-mail, phone, address, family name) are
shared by a household as much as by one person twice, so their evidence is not
added up: the group counts its strongest agreement once (see ``match.py``).

>>> [level.label for level in phone_comparison().levels]
['phone missing', 'same phone', 'same phone but for the country code', 'phone one digit off', 'different phone']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.dedup.conditions import (
    OSA,
    AgreeOrEmpty,
    BothValidIds,
    Condition,
    DayMonthSwap,
    Exact,
    FirstPart,
    Initial,
    JaroWinkler,
    Levenshtein,
    MailboxSlip,
    MeantAlike,
    MiddleDiffers,
    Nickname,
    NotTwoDoubles,
    NumberedApart,
    OtherColumn,
    Rare,
    Ratio,
    SameCallingCode,
    SameNationalNumber,
    Slip,
    Swapped,
    TokenSet,
    TokenSort,
)
from core.dedup.keys import Keys
from core.i18n import N_, Phrase


@dataclass(frozen=True)
class Level:
    label: str
    conditions: tuple[Condition, ...] = ()
    m: float = 1.0
    u: float = 1.0
    tf: str = ""  # exact-match weight from this key's value frequency
    veto: bool = False  # evidence of two different people, whatever else agrees
    from_names: bool = False  # built from the names (anna.svensson@...): no extra evidence when names agree
    identity: bool = False  # says "this person", not just "this household" (see match.total_weight)
    apart: bool = False  # says "two people" (another given name, birth date, id): the pair is never sure
    household: bool = False  # a contact detail one household shares: same e-mail, phone or street address
    is_null: bool = False
    is_else: bool = False
    # reads a second column of the kind too, so it holds where this column is empty on one side (a number in
    # "Phone" on one card and in "Default Address Phone" on the next): tried on the null level's pairs as well
    across_columns: bool = False

    @property
    def agrees(self) -> bool:
        return not (self.is_null or self.is_else or self.veto or self.apart)


@dataclass(frozen=True)
class Comparison:
    name: str
    keys: tuple[str, ...]  # the pair is at the null level when all of these are empty on either side
    levels: tuple[Level, ...]
    group: str = ""
    outputs: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not (self.levels and self.levels[0].is_null and self.levels[-1].is_else):
            raise ValueError(f"comparison {self.name}: levels must start with a null level and end with else")


# The labels of the null and else levels name the field: a marked noun of Rensa's (``Phrase(N_("e-mail"))``,
# translated where shown) or a user's header (a column with no role, shown as the user wrote it).
def _null(what: str) -> Level:
    return Level(Phrase(N_("{column} missing"), column=what), is_null=True)


def _else(what: str, m: float, apart: bool = False) -> Level:
    return Level(Phrase(N_("different {column}"), column=what), m=m, u=1.0, is_else=True, apart=apart)


def _exact(label: str, key: str, m: float, u: float, tf: bool = True, identity: bool = False,
           household: bool = False) -> Level:
    return Level(label, (Exact(key),), m=m, u=u, tf=key if tf else "", identity=identity,
                 household=household)


def email_comparison() -> Comparison:
    return Comparison("email", ("email",), (
        _null(Phrase(N_("e-mail"))),
        _exact(N_("same e-mail"), "email", 0.70, 1e-6, household=True),
        _exact(N_("same e-mail apart from dots or case"), "email_key", 0.06, 1e-7, tf=False, household=True),
        # anna936@hotmail.cm / anna936@hotmail.com: one mailbox, its provider's domain mistyped once (about one copy in
        # 500: a larger default m takes share from the other levels and moves pairs near the line, B2B 50k -5 pairs)
        _exact(N_("same e-mail but for a misspelt domain"), "email_meant", 0.002, 1e-7, tf=False, household=True),
        # Saga Wallin on swallin@ / swalli@ one provider: one mailbox with a letter slipped in the user name
        # (conditions.MailboxSlip); only for one whole name, as addresses built from two names one letter apart
        # (ole.johansen@ / ole.johnsen@, two colleagues) differ the same way
        Level(N_("same e-mail but for one letter"), (Exact("given"), Exact("family"), MailboxSlip("email_meant")),
              m=0.002, u=1e-7, household=True),
        # kari.olsen@ and kari.olsen2@ at one company's domain: the number is there to tell two people apart
        Level(N_("numbered work e-mails"), (NumberedApart("email_key"),), m=0.002, u=1e-5, apart=True),
        Level(N_("same e-mail user name"), (Exact("email_user"),), m=0.05, u=1e-5, from_names=True),
        # the user names must be alike, not only the domain: anne.olsen@ and anne.lunde@ one firm are colleagues
        Level(N_("similar e-mail"), (JaroWinkler("email", 0.92), Ratio("email_user", 88)),
              m=0.05, u=2e-5, from_names=True),
        _else(Phrase(N_("e-mail")), 0.14),
    ), group="contact")


def phone_comparison(keys: Keys | None = None) -> Comparison:
    # a register with a second phone column ("Phone" beside Shopify's "Default Address Phone"): one customer's number
    # typed in one column on one card and in the other on the next is the same phone
    other = [Level(N_("same phone in another column"), (OtherColumn("phone"),), m=0.01, u=1e-6, household=True,
                   across_columns=True)] \
        if keys is not None and "phone" in keys.contact_columns.values() else []
    return Comparison("phone", ("phone",), (
        _null(Phrase(N_("phone"))),
        _exact(N_("same phone"), "phone", 0.75, 1e-6, household=True),
        *other,
        # one number read in two countries (a Danish "35 32 49 97" under --country NO beside its "+45 35 32 49 97"):
        # the same phone typed once without its code; as a near match it never weighs more than the same number (a
        # small default m, as for the misspelt mail domain: a larger one takes share from "same phone" and moves pairs
        # near the line, DK 5k s45 -1 true pair at m 0.02)
        Level(N_("same phone but for the country code"), (SameNationalNumber("phone"),), m=0.002, u=1e-6,
              household=True),
        # one digit off in one country's numbers (two countries' numbers are never a slip; the calling code is tested
        # first: a table lookup, cheaper than OSA)
        Level(N_("phone one digit off"), (SameCallingCode("phone"), OSA("phone", 1)), m=0.05, u=2e-5),
        _else(Phrase(N_("phone")), 0.20),
    ), group="contact")


def address_comparison(keys: Keys) -> Comparison:
    street, postal, city = ("street" in keys), ("postal" in keys), ("city" in keys)
    levels = [_null(Phrase(N_("address")))]
    if street:
        near = (AgreeOrEmpty("postal"),) if postal else ()
        levels += [
            Level(N_("same address"), (Exact("street"), *near), m=0.65, u=1e-5, tf="street", household=True),
            Level(N_("similar address"), (TokenSort("street", 85), *near), m=0.10, u=2e-5, household=True),
        ]
    if postal:
        levels.append(_exact(N_("same postal code"), "postal", 0.05, 2e-3, tf=False))
    if city:
        levels.append(Level(N_("same city"), (JaroWinkler("city", 0.95),), m=0.04, u=0.03))
    levels.append(_else(Phrase(N_("address")), 0.16))
    used = tuple(name for name, present in (("street", street), ("postal", postal), ("city", city)) if present)
    return Comparison("address", used, tuple(levels), group="contact")


def _swapped(keys: Keys) -> tuple[Level, ...]:
    if "given" not in keys or "family" not in keys:
        return ()
    return (Level(N_("given and family name swapped"), (Swapped("given", 0.9, other="family"),
                                                    Swapped("family", 0.9, other="given")),
                  m=0.02, u=1e-6, identity=True),)


def family_comparison(keys: Keys) -> Comparison:
    return Comparison("family", ("family",), (
        _null(Phrase(N_("family name"))),
        _exact(N_("same family name"), "family", 0.82, 3e-3),
        Level(N_("similar family name"), (JaroWinkler("family", 0.9),), m=0.08, u=3e-3),
        *_swapped(keys),
        Level(N_("same name in another order"), (Exact("whole"),), m=0.01, u=1e-6),
        Level(N_("family name partly the same"), (TokenSet("family", 100),), m=0.03, u=5e-4),
        _else(Phrase(N_("family name")), 0.07),
    ), group="contact")


def _with_id_slip(keys: Keys, similar: bool) -> tuple[Level, ...]:
    """Two rare spellings of a given name (a slip the register cannot show: it is small, or the name is) are one name
    when the personal ids are one slip apart too: one of them is mistyped, since two valid ids never are (twins' ids
    differ in their serial and check digits). Only in registers with a personal-id column (its column, not its values,
    so that every part of one register scored with one model has the same levels: ``core.dedup.parts``)."""
    if "personal_id" not in keys.columns:
        return ()
    if similar:
        return (Level(N_("given name misspelt"), (JaroWinkler("given", 0.9), Rare("given"), OSA("pid", 1)),
                      m=0.02, u=2e-5, identity=True),)
    return (Level(N_("given name one letter off"), (OSA("given", 1), Rare("given"), OSA("pid", 1)), m=0.01, u=3e-4,
                  identity=True),)


def given_comparison(keys: Keys) -> Comparison:
    return Comparison("given", ("given",), (
        _null(Phrase(N_("given name"))),
        _exact(N_("same given name"), "given", 0.82, 1e-2, identity=True),
        # "Sandsten Anna Lena" / "Anna Lena Sandsten": one name written surname first without a comma
        Level(N_("same name in another order"), (Exact("whole"),), m=0.01, u=1e-6, identity=True),
        # Anna Maria / Anna Karin: both write a middle name and they differ, so they are two people
        Level(N_("different middle names"), (MiddleDiffers("given"),), m=0.005, u=2e-3, apart=True),
        # Lars / Lars-Thomas: the name someone goes by, or a relative with a double name; no proof either way
        Level(N_("given name part of a double name"), (FirstPart("given"),), m=0.02, u=3e-3),
        # a misspelt name: rare, and shaped as a slip of the keyboard makes it (Jonh / John, Kiirsten / Kirsten) or
        # shown as one by the register (Tahner once, beside a name many rows carry); two spellings that each have
        # holders (Maria, Marie), or two seen once each in a small register (Vilja and Vilma, twins at one home), are
        # two names
        Level(N_("given name misspelt"), (JaroWinkler("given", 0.9), Slip("given")),
              m=0.05, u=2e-4, identity=True),
        *_with_id_slip(keys, similar=True),
        # a known short form before the loose similarity, or Sofie/Sofia and Tomas/Thomas would stop there
        # (not for two different double names: Anna-Camilla and Anna-Malin are sisters, not one person)
        # (a Swedish name and its Finnish form, Mikael / Mikko, too: one name, but each is a name of its own in
        # Finland, so such a pair is sure only on an own detail, match.Scorer.two_forms_unproven)
        Level(N_("same given name (nickname)"), (Nickname("given"), NotTwoDoubles("given")),
              m=0.05, u=2e-3, identity=True),
        # two common names that look alike (Maria / Marie) are two names, so never sure on their own
        Level(N_("similar given name"), (JaroWinkler("given", 0.9),), m=0.03, u=6e-3, apart=True),
        *_swapped(keys),
        # one letter added, dropped, changed or doubled, or two swapped (Jan / aJn): a slip, as above
        Level(N_("given name one letter off"), (OSA("given", 1), Slip("given")), m=0.03, u=3e-3,
              identity=True),
        *_with_id_slip(keys, similar=False),
        # two slips of one name (Eaa / vEa), a slip of a short form beside its full name (Latrs / Lasse / Lars): each
        # read as the name the register shows it is a slip of, as the levels above read one slip
        Level(N_("given name misspelt"), (MeantAlike("given"),), m=0.003, u=1e-5, identity=True),
        # Kåre / Kari, Arne / Anne, Tor / Tore: one letter apart, but both are names people have, so two people
        Level(N_("another given name one letter off"), (OSA("given", 1),), m=0.005, u=2e-3, apart=True),
        # A. / Anders: one side wrote only the initial. Consistent with the name, so the pair's own details may add
        # up (an otherwise strong pair: the same own e-mail or phone); in a home where the initial fits several
        # members (Anders and Anne) the shared mailbox and landline still count once. u: one side must be a
        # single letter, so random pairs rarely reach this level (learnt from the register on larger ones)
        Level(N_("given name initial matches"), (Initial("given"),), m=0.02, u=0.005, identity=True),
        _else(Phrase(N_("given name")), 0.02, apart=True),
    ))


def birth_date_comparison(without_year: bool = False) -> Comparison:
    """Birth dates. A register of birthdays without their year (``keys.birthday_key``: Mailchimp's Birthday, 03/25)
    compares only the same day, weighed by how many rows hold it (about one in 365); there a digit off or two swapped
    is another customer's day as often as a slip, where in a whole date it is nearly always a slip."""
    if without_year:
        return Comparison("dob", ("dob",), (
            _null(Phrase(N_("birthday"))),
            _exact(N_("same birthday (day and month)"), "dob", 0.90, 3e-3, identity=True),
            _else(Phrase(N_("birthday")), 0.05, apart=True),
        ))
    return Comparison("dob", ("dob",), (
        _null(Phrase(N_("birth date"))),
        _exact(N_("same birth date"), "dob", 0.90, 5e-5, identity=True),
        Level(N_("birth date one digit off"), (Levenshtein("dob", 1),), m=0.05, u=1e-3),
        Level(N_("birth date with day and month swapped"), (DayMonthSwap("dob"),), m=0.02, u=2e-5),
        # 1990-05-12 / 1990-05-21, 1985 / 1958: two neighbouring digits swapped, a slip of the keyboard
        Level(N_("birth date with two digits swapped"), (OSA("dob", 1),), m=0.02, u=5e-5),
        _else(Phrase(N_("birth date")), 0.03, apart=True),
    ))


def personal_id_comparison() -> Comparison:
    return Comparison("pid", ("pid",), (
        _null(Phrase(N_("personal id"))),
        _exact(N_("same personal id"), "pid", 0.90, 1e-7, tf=False, identity=True),
        Level(N_("two different valid personal ids"), (BothValidIds("pid"),), m=1e-9, u=1.0, veto=True,
              apart=True),
        Level(N_("personal id one digit off"), (OSA("pid", 1),), m=0.04, u=1e-5),
        _else(Phrase(N_("personal id")), 0.06),  # one of them is not a valid id: a slip, not proof of two people
    ))


# Colleagues share their company, its org number, its switchboard and its role addresses: like a household's
# address these say "same company", not "same person", so they join the contact group (one counts, once).
def company_comparison() -> Comparison:
    return Comparison("company", ("company",), (
        _null(Phrase(N_("company"))),
        _exact(N_("same company"), "company", 0.8, 1e-3),
        Level(N_("similar company"), (TokenSet("company", 90),), m=0.1, u=2e-3),
        _else(Phrase(N_("company")), 0.1),
    ), group="contact")


def org_id_comparison() -> Comparison:
    return Comparison("org", ("org",), (
        _null(Phrase(N_("organisation number"))),
        _exact(N_("same organisation number"), "org", 0.9, 1e-4),
        _else(Phrase(N_("organisation number")), 0.1),
    ), group="contact")


def generation_comparison() -> Comparison:
    """Jr. / Sr. / d.y. / d.ä.: two generations of one name are two people (only when a suffix occurs)."""
    return Comparison("gen", ("gen",), (
        _null(Phrase(N_("generation"))),
        Level("", (Exact("gen"),), m=1.0, u=1.0),  # no evidence: most rows have no suffix
        Level(N_("different generation (Jr./Sr.)"), m=1e-9, u=1.0, veto=True, apart=True, is_else=True),
    ))


def entity_comparison() -> Comparison:
    """A row with only a company is not a duplicate of a person at that company (nor the reverse)."""
    return Comparison("entity", ("entity",), (
        _null(Phrase(N_("kind of row"))),
        Level("", (Exact("entity"),), m=1.0, u=1.0),
        Level(N_("a company row and a person row"), m=1e-9, u=1.0, veto=True, apart=True, is_else=True),
    ))


def generic_comparison(key: str, header: str, identifier: bool = False, contact: bool = False) -> Comparison:
    """Any column whose role is unknown: same text, similar text, or not; an id: same, one character off, or not;
    a second phone or e-mail column: the same number or address (written any way), or not."""
    what: str = header.strip() or Phrase(N_("column"))
    if contact:
        # the switchboard beside the mobile, an invoice address beside the personal one: like the first column's
        # value, what a company or household shares, counted once in the contact group with them
        return Comparison(key, (key,), (
            _null(what),
            _exact(Phrase(N_("same {column}"), column=what), key, 0.6, 1e-5, household=True),
            _else(what, 0.25),
        ), group="contact")
    if identifier:
        return Comparison(key, (key,), (
            _null(what),
            _exact(Phrase(N_("same {column}"), column=what), key, 0.8, 1e-5),
            Level(Phrase(N_("{column} one character off"), column=what), (OSA(key, 1),), m=0.08, u=1e-4),
            _else(what, 0.12),
        ))
    return Comparison(key, (key,), (
        _null(what),
        _exact(Phrase(N_("same {column}"), column=what), key, 0.6, 1e-3),
        Level(Phrase(N_("similar {column}"), column=what), (Ratio(key, 90),), m=0.15, u=1e-2),
        _else(what, 0.25),
    ))


def comparisons_for(keys: Keys) -> list[Comparison]:
    """The comparisons that apply to a register with these match keys."""
    chosen = []
    if "given" in keys:
        chosen.append(given_comparison(keys))
    if "family" in keys:
        chosen.append(family_comparison(keys))
    if "dob" in keys:
        chosen.append(birth_date_comparison(without_year=keys.birthdays_without_year))
    if "pid" in keys:
        chosen.append(personal_id_comparison())
    if "email" in keys:
        chosen.append(email_comparison())
    if "phone" in keys:
        chosen.append(phone_comparison(keys))
    if any(name in keys for name in ("street", "postal", "city")):
        chosen.append(address_comparison(keys))
    if "company" in keys:
        chosen.append(company_comparison())
    if "org" in keys:
        chosen.append(org_id_comparison())
    if "gen" in keys:
        chosen.append(generation_comparison())
    if "entity" in keys:
        chosen.append(entity_comparison())
    chosen += [generic_comparison(name, keys.header[column], name in keys.identifiers, name in keys.contact_columns)
               for column, name in keys.generic if name in keys]
    return chosen
