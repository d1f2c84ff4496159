"""Request bodies of the HTTP API as pydantic models (the wire shapes in functions/openapi.yaml).

Cells arrive as JSON scalars because Sheets' ``getValues()`` gives numbers and booleans; they become
text the way Sheets shows them (``TRUE``, ``12``, ``1.5``). Objects or lists in a cell are refused.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

from core.i18n import N_
from core.models import Role

Cell = str | int | float | bool | None
SCALARS = (str, int, float, bool, type(None))


def cell_text(value: Cell) -> str:
    """The text of one JSON cell, as Sheets displays it.

    >>> [cell_text(v) for v in ("a", 12, 1.5, 3.0, True, None)]
    ['a', '12', '1.5', '3', 'TRUE', '']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value):
        """Text fields (names, columns, keys) never hold a NUL character: PostgreSQL cannot store one, and no
        name needs it. Cells are not fields here: core removes NULs from them."""
        if isinstance(value, str) and "\x00" in value:
            raise ValueError(N_("the text holds a NUL character (\\u0000)"))
        return value


# A language tag as a caller may send one (Rensa speaks en, sv, nb, da, fi; no/nn -> nb; anything else -> en).
LANGUAGE_TAG = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$"


class CleanOptions(_Strict):
    """The public part of ``core.models.CleanConfig``."""

    roles: dict[str, Role | None] = Field(default_factory=dict)
    country: str = "SE"
    phone_display: Literal["e164", "national", "international"] = "e164"
    split_full_name: StrictBool = False
    dedupe: StrictBool = True
    merge: StrictBool = False
    header_row: int = Field(1, ge=1, le=1_000_000)  # sheet row of the header: messages name sheet rows
    # E-mail domains checked with DNS (functions/domains.py); None: the server's default (on).
    check_domains: bool | None = None
    customer_column: str | None = Field(None, min_length=1, max_length=200)  # existing customers (issue 17)
    # dedup (issue 9): the user's match columns (header names) and what one duplicate is
    match_on: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = Field(None, min_length=1,
                                                                                       max_length=200)
    dedupe_level: Literal["person", "company", "household"] = "person"
    # Company registries (functions/companies): ask them about each org number; add chosen facts as columns.
    company_lookup: StrictBool = False
    enrich: list[Literal["industry", "employees", "address", "municipality", "registered", "website"]] = Field(
        default_factory=list, max_length=6)
    # The language of messages and status (en, sv, nb, da, fi; no/nn -> nb); None: the Accept-Language header.
    language: str | None = Field(None, min_length=2, max_length=35, pattern=LANGUAGE_TAG)

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z]{2}", value):
            raise ValueError(N_("use a two-letter country code such as SE, NO, DK or FI"))
        return value.upper()

    def config(self, header: list[str]) -> dict:
        """A ``CleanConfig`` dict; a role key that is not a header name but a number is a column index."""
        roles = {
            (int(key) if key not in header and _is_index(key) else key): role for key, role in self.roles.items()
        }
        return {**self.model_dump(exclude={"roles", "company_lookup", "enrich", "check_domains", "language"}),
                "roles": roles}


def _is_index(key: str) -> bool:
    """A column index written as ASCII digits (not ``²``, not a 4,000-digit number)."""
    return key.isascii() and key.isdigit() and len(key) <= 6


class CleanRequest(_Strict):
    header: list[str] = Field(min_length=1)
    rows: list[list[Any]]  # cells are checked in functions.handlers._common.table: 5x faster than a union here
    options: CleanOptions = Field(default_factory=CleanOptions)
    dry_run: StrictBool = False
    idempotency_key: str | None = Field(None, min_length=1, max_length=200)
    job_id: str | None = Field(None, min_length=1, max_length=60)  # a chunk of a clean job: paid from its reservation


SuppressionKind = Literal["nix", "reservasjon_phone", "reservasjon_mail", "deceased", "protected_identity",
                          "opt_out_email", "opt_out_phone", "opt_out_all"]


class SuppressionEntries(_Strict):
    """Values of a list: the delivered file's text, or the values one by one."""

    content: str | None = Field(None, min_length=1)
    values: list[str] | None = Field(None, min_length=1)
    name: str | None = Field(None, min_length=1, max_length=200)
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$")  # for numbers written without a calling code

    @model_validator(mode="after")
    def _one_source(self):
        if (self.content is None) == (self.values is None):
            raise ValueError(N_("send the list as content (the file's text) or as values, one of the two"))
        return self


class SuppressionListCreate(SuppressionEntries):
    kind: SuppressionKind
    date: datetime.date | None = None
    valid_until: datetime.date | None = None


class CallTimeRequest(_Strict):
    number: str = Field(min_length=1, max_length=60)
    country: str = Field("NO", pattern=r"^[A-Za-z]{2}$")  # for a number written without its calling code
    at: datetime.datetime | None = None  # default: now
    language: str | None = Field(None, max_length=20)  # of the answer (default: Accept-Language, else English)


class CheckRequest(_Strict):
    header: list[str] = Field(min_length=1)
    row: list[Any]
    register_id: str | None = None
    options: CleanOptions = Field(default_factory=CleanOptions)
    max_matches: int = Field(5, ge=1, le=50)


_SPREADSHEET_ID = re.compile(r"^[A-Za-z0-9_-]{10,200}$")


class RegisterCreate(_Strict):
    spreadsheet_id: str
    sheet: str = Field(min_length=1, max_length=100)
    header_row: int = Field(1, ge=1, le=1000)
    name: str | None = Field(None, max_length=200)
    status_column: str = Field("Rensa status", min_length=1, max_length=100)
    # What upkeep and the bounce flush write into the sheet in; None: the Accept-Language header, else English.
    language: str | None = Field(None, min_length=2, max_length=35, pattern=LANGUAGE_TAG)

    @field_validator("spreadsheet_id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _SPREADSHEET_ID.match(value):
            raise ValueError(N_("use the id from the sheet's address: the part between /d/ and /edit"))
        return value


class RegisterUpdate(_Strict):
    """``PATCH /v1/registers/{id}``: the language the register's sheet is written in when nobody asks."""

    language: str = Field(min_length=2, max_length=35, pattern=LANGUAGE_TAG)


class RegisterClean(_Strict):
    options: CleanOptions = Field(default_factory=CleanOptions)
    dry_run: StrictBool = False


class ApiKeyCreate(_Strict):
    name: str = Field(min_length=1, max_length=200)
    scopes: list[Literal["clean", "check", "registers", "usage", "keys"]] | None = Field(None, min_length=1)


class TeamUpdate(_Strict):
    name: str | None = Field(None, max_length=200)
    currency: Literal["SEK", "NOK", "DKK", "EUR"] | None = None


_GOOGLE_ADDRESS = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")


class MemberInvite(_Strict):
    email: str = Field(min_length=3, max_length=320)
    role: Literal["owner", "member"] = "member"

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip().lower()
        if not _GOOGLE_ADDRESS.match(value):
            raise ValueError(N_("use the Google address the colleague signs in to Sheets with, such as name@firma.se"))
        return value


class CheckoutRequest(_Strict):
    """A credit pack by id, or the rows wanted (``credits``: the smallest pack that covers them), or monthly."""

    pack: str | None = Field(None, min_length=1, max_length=40)
    credits: int | None = Field(None, ge=1, le=100_000_000)
    mode: Literal["pack", "monthly"] = "pack"


class UpkeepSet(_Strict):
    """``PUT /v1/registers/{id}/upkeep``: keep a connected register clean by itself."""

    frequency: Literal["weekly", "monthly"]
    day: int = Field(1, ge=1, le=28, description="weekly: 1 (Monday) to 7 (Sunday); monthly: 1 to 28")


class JobQuote(_Strict):
    """``POST /v1/quotes``: the price of a clean of ``rows`` billable rows (issue 12)."""

    rows: int = Field(ge=0, le=10_000_000, strict=True)
    rows_unchanged: int = Field(0, ge=0, le=10_000_000, strict=True)


class JobStart(JobQuote):
    """``POST /v1/jobs``: reserve the rows of a clean job. ``job_key`` (the client's job id) makes a retried
    start return the same job instead of reserving twice."""

    label: str = Field("register", min_length=1, max_length=200)
    job_key: str | None = Field(None, min_length=8, max_length=64, pattern=r"^[A-Za-z0-9-]+$")


class JobFinish(_Strict):
    cancelled: bool = False


class DuplicatesRequest(_Strict):
    """``POST /v1/duplicates``: only the columns duplicates are matched on, for a register of any size."""

    header: list[str] = Field(min_length=1)
    rows: list[list[Any]]
    options: CleanOptions = Field(default_factory=CleanOptions)
    job_id: str | None = Field(None, min_length=1, max_length=60)


class DedupWeights(_Strict):
    """What ``POST /v1/duplicates/keys`` learnt on the first slice (``core.dedup.parts.train``): numbers only."""

    trained: StrictBool
    rows: int = Field(0, ge=0, le=10_000_000)
    prior: float = Field(0.0, ge=0.0, le=0.5)
    household_given: float = Field(0.01, ge=0.0, le=1.0)
    married_names: StrictBool = True
    # how often one person's copies at one place hold another own e-mail / phone ("email", "phone")
    own_changes: dict[Literal["email", "phone"], Annotated[float, Field(ge=0.0, le=1.0)]] = Field(default_factory=dict)
    # at one company, how often a copy (m) and a colleague (u) hold no own e-mail / phone where their pair has one
    own_missing: dict[Literal["email", "phone"], Annotated[list[Annotated[float, Field(gt=0.0, le=1.0)]],
                                                          Field(min_length=2, max_length=2)]] = Field(default_factory=dict)
    # pairs of two people of one name at one place per copy of one person there ("whole" name, "given" name only;
    # "_email" / "_phone": where only that own detail differs, the row without one of the other kind)
    namesakes_at_place: dict[Literal["whole", "given", "whole_email", "whole_phone", "given_email", "given_phone"],
                             Annotated[float, Field(gt=0.0, le=1000.0)]] = Field(default_factory=dict)
    # how often a mailbox built from one person's name is two people's (a row with no name on it is its holder else)
    mailbox_shared: float | None = Field(None, gt=0.0, le=1.0)
    # how often a mailbox one person holds is two people's of one given name (two rows on it are one customer else)
    own_mailbox_two: float | None = Field(None, gt=0.0, le=1.0)
    # how often two rows on one Gmail mailbox written with and without dots, agreeing on nothing more, are one person
    dotted_one: float | None = Field(None, gt=0.0, le=1.0)
    # per comparison, one probability per level (level 0, "no value", is 1)
    m: dict[Annotated[str, Field(max_length=40)], Annotated[list[Annotated[float, Field(gt=0.0, le=1.0)]],
                                                               Field(max_length=20)]] = Field(default_factory=dict, max_length=60)
    u: dict[Annotated[str, Field(max_length=40)], Annotated[list[Annotated[float, Field(gt=0.0, le=1.0)]],
                                                               Field(max_length=20)]] = Field(default_factory=dict, max_length=60)


class DuplicateKeysRequest(_Strict):
    """``POST /v1/duplicates/keys``: a slice of the register's match columns, in order."""

    header: list[str] = Field(min_length=1)
    rows: list[list[Any]]
    options: CleanOptions = Field(default_factory=CleanOptions)
    job_id: str = Field(min_length=1, max_length=60)
    train: StrictBool = False


class DuplicatePairsRequest(_Strict):
    """``POST /v1/duplicates/pairs``: one part (whole blocks) of the register, its rows' data row numbers."""

    header: list[str] = Field(min_length=1)
    rows: list[list[Any]]
    row_numbers: list[Annotated[int, Field(ge=1, le=10_000_000, strict=True)]]
    register_rows: int = Field(ge=1, le=10_000_000, strict=True)
    model: DedupWeights | None = None
    options: CleanOptions = Field(default_factory=CleanOptions)
    job_id: str = Field(min_length=1, max_length=60)


class DuplicateClustersRequest(DuplicatePairsRequest):
    """``POST /v1/duplicates/clusters``: whole connected components and their pairs
    ``[row, row, score, apart, log2-odds]``."""

    pairs: list[tuple[Annotated[int, Field(ge=1, le=10_000_000, strict=True)],
                      Annotated[int, Field(ge=1, le=10_000_000, strict=True)],
                      Annotated[float, Field(ge=0.0, le=1.0)], StrictBool,
                      Annotated[float, Field(ge=-1000.0, le=1000.0, allow_inf_nan=False)]]] = Field(max_length=1_000_000)
