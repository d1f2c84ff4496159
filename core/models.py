"""Pydantic models at the edges of core: what field modules report and registers return.

Field modules take and return plain ``str``; their ``check()`` wraps the result
in a ``FieldReport`` so that callers get the value, the verdict and every issue
in one object.
"""

from __future__ import annotations

import datetime
import difflib
import types
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, Literal, TypeVar, cast, get_args, overload

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import core_schema

from core.errors import FieldError

Severity = Literal["error", "warning"]


class FieldIssue(BaseModel):
    """One problem with one value, in words a sheet user can act on."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str
    suggestion: str | None = None
    params: dict[str, Any] | None = Field(
        None, description="The values the message was filled with (codes and params are the API; words are not).")
    template: str | None = Field(None, exclude=True, repr=False,
                                 description="The English message before filling: its catalogue key (core.i18n).")
    raises: SkipJsonSchema[type[FieldError] | None] = Field(
        None, exclude=True, repr=False,
        description="The FieldError class ``validate`` raises for this error, named where the module found it "
                    "(None: InvalidFormat).")

    def __hash__(self) -> int:  # params is a dict; issues are compared and cached by their words
        return hash((self.code, self.severity, self.message, self.suggestion))


class FieldReport(BaseModel):
    """What ``check()`` of a field module says about one value."""

    value: str = Field(description="The normalized value, or the original when it cannot be normalized.")
    valid: bool
    issues: list[FieldIssue] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)


# --- Registers: what ``core.clean`` takes and returns ------------------------------------------

Role = Literal[
    "email",
    "phone",
    "full_name",
    "given_name",
    "family_name",
    "company",
    "street",
    "postal_code",
    "city",
    "country",
    "personal_id",
    "org_id",
    "birth_date",
    "updated_at",
]
ROLES: tuple[str, ...] = get_args(Role)
PhoneDisplay = Literal["e164", "national", "international"]


class Table(BaseModel):
    """A register: a header row and data rows of text, as a sheet or CSV file holds them."""

    header: list[str]
    rows: list[list[Any]]


class CleanConfig(BaseModel):
    """How ``core.clean`` treats a register; frozen so one config can be shared safely.

    An unknown setting is an error that names it, so a typo cannot silently fall back to a default:

    >>> try:
    ...     CleanConfig.model_validate({"dedup_e": False})
    ... except ValueError as e:
    ...     print(e.errors()[0]["msg"])  # doctest: +ELLIPSIS
    Value error, CleanConfig has no setting 'dedup_e' (did you mean 'dedupe'?); the settings are roles, ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    roles: dict[str | int, Role | None] = Field(
        default_factory=dict, description="Role overrides by header name or 0-based column index; None keeps a column as is."
    )
    country: str = Field("SE", pattern=r"^[A-Za-z]{2}$",
                         description="Country (ISO alpha-2) for rows whose own country column is empty or unknown.")
    phone_display: PhoneDisplay = "e164"
    text_forms: bool = Field(False, description="Write cleaned ids in forms a spreadsheet's CSV import keeps as "
                             "text (19700623-7528 instead of 197006237528, 011299 55151 instead of 01129955151); "
                             "for registers written to CSV, with phone_display 'international' for the phones.")
    split_full_name: bool = Field(False, description="Fill empty given/family name cells from the full name column.")
    dedupe: bool = True
    merge: bool = False
    dedup: DedupConfig | None = Field(None, description="How sure a duplicate must be and how far the search "
                                      "goes; None: DedupConfig's defaults for this register's country.")
    match_on: list[str | int] | None = Field(
        None, description="The only columns dedup compares (header names or 0-based indices), as the user chose "
                          "them; None: every column whose role is known. A column of unknown role is compared only "
                          "when named here.")
    dedupe_level: Literal["person", "company", "household"] = Field(
        "person", description="What one duplicate is: the same person (default), the same company (org number or "
                              "company name) or the same household (address and family name).")
    suppressed: frozenset[str] = Field(
        default_factory=frozenset, description="Normalized e-mails or phones that must not be contacted (from webhooks)."
    )
    today: datetime.date | None = Field(None, description="Today's date (ISO in JSON) for checks that need one, "
                                        "such as the century of a 10-digit personnummer; core has no clock.")
    language: str = Field("en", description="The language of every text a person reads in the result (issue "
                          "messages, status sentences): en, sv, nb, da or fi; 'no'/'nn' mean nb, others English.")
    header_row: int = Field(1, ge=1, le=1_000_000, description="The sheet row number of the header (1 = the first "
                            "row). Texts for people (status, messages) name sheet rows: data row + header_row; "
                            "the machine fields (row in changes, issues, clusters) stay 1-based data rows.")
    # Who may be contacted (core.contact): lists as keyed hashes, the key they were made with.
    suppression_lists: tuple[Any, ...] = Field((), description="core.contact.SuppressionList items to match.")
    suppression_key: bytes | None = Field(None, description="The HMAC key the lists' hashes were made with.")
    customer_column: str | None = Field(None, description="Header of a column marking existing customers "
                                        "(yes, or the date the relationship ended): NIX and Reservasjonsregisteret "
                                        "do not apply to them. Off unless given.")

    @model_validator(mode="before")
    @classmethod
    def _known_settings(cls, data: object) -> object:
        """Name an unknown setting and the one it was probably meant to be (pydantic would only say
        "Extra inputs are not permitted" under the key)."""
        if isinstance(data, Mapping):
            for key in data:
                if key not in cls.model_fields:
                    near = difflib.get_close_matches(str(key), cls.model_fields, n=1)
                    hint = f" (did you mean {near[0]!r}?)" if near else ""
                    raise ValueError(f"CleanConfig has no setting {key!r}{hint}; the settings are "
                                     f"{', '.join(cls.model_fields)}.")
        return data


class Change(BaseModel):
    """One cell the cleaner rewrote."""

    row: int
    column: int
    header: str
    before: str
    after: str


class Issue(BaseModel):
    """One problem in a register, in words a sheet user can act on; ``column`` is None for row-level problems."""

    row: int
    column: int | None
    header: str | None
    code: str
    severity: Severity
    message: str
    suggestion: str | None = None
    params: dict[str, Any] | None = None


_Item = TypeVar("_Item", bound=BaseModel)


class _CompactLog(Sequence[_Item]):
    """A list of per-cell records kept as arrays, so 1M rows of changes fit in memory.

    Indexing and iterating give pydantic models; ``to_list`` gives the JSON shape.
    """

    _model: ClassVar[type[BaseModel]]  # the item model (_Item: a ClassVar cannot name a type variable)
    _rows: array[int]

    def _item(self, i: int) -> dict:
        """Item ``i`` in its JSON shape."""
        raise NotImplementedError

    def add_model(self, item: _Item) -> None:
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> _Item: ...
    @overload
    def __getitem__(self, index: slice) -> list[_Item]: ...
    def __getitem__(self, index: int | slice) -> _Item | list[_Item]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return cast(_Item, self._model.model_construct(**self._item(index)))

    def __iter__(self) -> Iterator[_Item]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, _CompactLog)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} items)"

    def to_list(self) -> list[dict]:
        return [self._item(i) for i in range(len(self))]

    def dicts(self) -> Iterator[dict]:
        """The items in their JSON shape, one at a time."""
        return (self._item(i) for i in range(len(self)))

    @classmethod
    def from_items(cls, items: list) -> _CompactLog[_Item]:
        log = cls()
        for item in items:
            log.add_model(cast(_Item, item if isinstance(item, BaseModel) else cls._model.model_validate(item)))
        return log

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        items = types.GenericAlias(list, (cls._model,))  # list[cls._model], built at run time
        from_list = core_schema.no_info_after_validator_function(cls.from_items, handler.generate_schema(items))
        return core_schema.json_or_python_schema(
            json_schema=from_list,
            python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), from_list]),
            serialization=core_schema.plain_serializer_function_ser_schema(lambda log: log.to_list()),
        )


class ChangeLog(_CompactLog[Change]):
    """Every cell the cleaner rewrote, in row order; the strings are shared with the rows, not copied."""

    _model = Change

    def __init__(self, header: Sequence[str] = ()) -> None:
        self._header = list(header)
        self._rows = array("i")
        self._cols = array("i")
        self._before: list[str] = []
        self._after: list[str] = []

    def add(self, row: int, column: int, before: str, after: str) -> None:
        self._rows.append(row)
        self._cols.append(column)
        self._before.append(before)
        self._after.append(after)

    def filled(self) -> int:
        """How many changes filled a cell that was empty (a merge fill, a split full name): ``core.rewrites``'
        *filled* kind, counted the same way."""
        return sum(1 for before in self._before if not before)

    def add_model(self, change: Change) -> None:
        while len(self._header) <= change.column:
            self._header.append("")
        self._header[change.column] = change.header
        self.add(change.row, change.column, change.before, change.after)

    def merged(self, extra: Sequence[tuple[int, int, str, str]]) -> ChangeLog:
        """A new log with ``(row, column, before, after)`` items put in row and column order."""
        merged = ChangeLog(self._header)
        pending = sorted(extra, key=lambda item: (item[0], item[1]))
        j = 0
        for i in range(len(self)):
            while j < len(pending) and (pending[j][0], pending[j][1]) < (self._rows[i], self._cols[i]):
                merged.add(*pending[j])
                j += 1
            merged.add(self._rows[i], self._cols[i], self._before[i], self._after[i])
        for item in pending[j:]:
            merged.add(*item)
        return merged

    def with_afters(self, afters: Mapping[tuple[int, int], tuple[str, str]]) -> ChangeLog:
        """This log with the ``after`` of the cells in ``afters`` ((row, column) -> (before, after)) replaced,
        and the cells it does not hold yet added with that ``before``."""
        rest = dict(afters)
        for i in range(len(self)):
            key = (self._rows[i], self._cols[i])
            if key in rest:
                self._after[i] = rest.pop(key)[1]
        return self.merged([(row, column, before, after) for (row, column), (before, after) in rest.items()]) if rest else self

    def _item(self, i: int) -> dict:
        col = self._cols[i]
        return {"row": self._rows[i], "column": col, "header": self._header[col],
                "before": self._before[i], "after": self._after[i]}


class IssueLog(_CompactLog[Issue]):
    """Every problem found, in row order; identical problems share one ``FieldIssue`` object."""

    _model = Issue

    def __init__(self, header: Sequence[str] = ()) -> None:
        self._header = list(header)
        self._rows = array("i")
        self._cols = array("i")  # -1: a row-level problem (column None)
        self._issues: list[FieldIssue] = []

    def add(self, row: int, column: int | None, issue: FieldIssue) -> None:
        self._rows.append(row)
        self._cols.append(-1 if column is None else column)
        self._issues.append(issue)

    def add_model(self, issue: Issue) -> None:
        if issue.column is not None:
            while len(self._header) <= issue.column:
                self._header.append("")
            self._header[issue.column] = issue.header or ""
        self.add(issue.row, issue.column, FieldIssue(code=issue.code, severity=issue.severity, message=issue.message,
                                                    suggestion=issue.suggestion, params=issue.params))

    def merged(self, extra: Sequence[tuple[int, int | None, FieldIssue]]) -> IssueLog:
        """A new log with ``(row, column, issue)`` items put in order (row-level ones first in a row)."""
        merged = IssueLog(self._header)
        pending = sorted(extra, key=lambda item: (item[0], -1 if item[1] is None else item[1]))
        j = 0
        for i in range(len(self)):
            key = (self._rows[i], self._cols[i])
            while j < len(pending) and (pending[j][0], -1 if pending[j][1] is None else pending[j][1]) <= key:
                merged.add(*pending[j])
                j += 1
            merged._rows.append(key[0])
            merged._cols.append(key[1])
            merged._issues.append(self._issues[i])
        for item in pending[j:]:
            merged.add(*item)
        return merged

    def row_of(self, i: int) -> int:
        return self._rows[i]

    def cells(self) -> Iterator[tuple[int, int | None, FieldIssue]]:
        """``(row, column, issue)`` of every item (column None for a row-level problem)."""
        return ((r, None if c < 0 else c, issue) for r, c, issue in zip(self._rows, self._cols, self._issues))

    def replace_issues(self, change: Callable[[FieldIssue], FieldIssue]) -> None:
        """Put ``change(issue)`` in place of every issue (shared issues are changed once)."""
        done: dict[int, tuple[FieldIssue, FieldIssue]] = {}  # keeps the originals alive, so no id is reused
        for i, issue in enumerate(self._issues):
            pair = done.get(id(issue))
            if pair is None:
                pair = done[id(issue)] = (issue, change(issue))
            self._issues[i] = pair[1]

    def field_issue(self, i: int) -> FieldIssue:
        return self._issues[i]

    def _item(self, i: int) -> dict:
        col = self._cols[i]
        issue = self._issues[i]
        return {"row": self._rows[i], "column": None if col < 0 else col,
                "header": None if col < 0 else self._header[col], "code": issue.code,
                "severity": issue.severity, "message": issue.message, "suggestion": issue.suggestion,
                "params": issue.params}


class ColumnQuality(BaseModel):
    column: int
    header: str
    role: str | None
    filled_pct: float
    valid_pct: float
    problem_free_pct: float
    score: float


class QualityScore(BaseModel):
    score: float = Field(description="0..100")
    rows: int
    filled_pct: float
    valid_pct: float
    problem_free_pct: float
    duplicate_rows: int
    columns: list[ColumnQuality]


class QualityReport(BaseModel):
    before: QualityScore
    after: QualityScore
    method: str
    meaning: str = Field("", description="One plain sentence: what the score means (core.status 'score.meaning').")


class CleanCounts(BaseModel):
    """The numbers every surface reports for one clean or test wash (``core.status.summary`` words them).

    ``rows_with_problems`` counts rows with at least one issue (a kept row's duplicate note is not one).
    ``cells_tidied`` are changes of layout only (the value was right: ``Sverige`` -> ``SE``); the other
    changed cells fix something, or fill a cell that was empty (``cells_filled``: a merge fill, a split full
    name). Duplicate rows count the rows that repeat another (not the row kept);
    ``rows_to_delete`` are those marked "Delete" (with ``merge``).
    """

    rows: int = 0
    cells_changed: int = 0
    cells_tidied: int = 0
    cells_filled: int = 0
    problems: int = 0
    rows_with_problems: int = 0
    duplicate_rows: int = 0
    duplicate_groups: int = 0
    rows_to_delete: int = 0
    possible_duplicate_rows: int = 0
    possible_duplicate_groups: int = 0
    close_groups: int = 0  # sure groups that may be the same customer as another sure group (check by hand)


class CleanResult(BaseModel):
    """What ``core.clean`` returns; its JSON form is what the API and the add-on consume.

    ``changes`` and ``issues`` may be compact ``core.clean.ChangeLog``/``IssueLog`` sequences: they index
    and iterate as ``Change``/``Issue`` models and dump as plain lists, without one object per cell in memory.
    """

    header: list[str]
    roles: list[Role | None]
    rows: list[list[str]]
    changes: ChangeLog = Field(default_factory=ChangeLog)
    issues: IssueLog = Field(default_factory=IssueLog)
    status: list[str]
    duplicates: list[Any] = Field(default_factory=list)
    possible_duplicates: list[Any] = Field(default_factory=list, description=(
        "core.dedup.PossibleDuplicate: rows no sure cluster holds that may repeat the customer of one (row, the "
        "rows it may repeat, each pair's evidence); checked by hand, never marked Delete."))
    close_clusters: list[Any] = Field(default_factory=list, description=(
        "core.dedup.CloseClusters: pairs of sure clusters that may be one customer (the two cluster ids, the pair that "
        "ties them and its evidence); checked by hand, never merged."))
    quality: QualityReport
    contact: dict | None = Field(None, description="Who may be contacted (core.contact.Contact.to_json): verdict "
                                 "columns, summary per channel, suppression lists, consent columns; None when the "
                                 "clean had no lists and the register no consent column.")
    companies: Any = Field(None, description="core.companies.CompanySummary when the registries were asked.")
    counts: CleanCounts = Field(default_factory=CleanCounts)
    # Row-level notes (duplicates) by data row: the start of that row's status. A caller that cleans a
    # register in parts (the add-on) takes these from one dry run over the whole register.
    notes: dict[int, str] = Field(default_factory=dict)

    def with_issues(self, found: Sequence[tuple[int, int | None, FieldIssue]], **update: Any) -> CleanResult:
        """This result with more ``(row, column, FieldIssue)`` items in its issue list and their sentences at
        the end of each row's status (checks that run after the clean: DNS, company registries); ``update``
        sets other fields. The cleaned rows are not touched."""
        from core.fields.cell import formula_trigger, neutralise  # no formula in what these checks add either
        from core.status import row_status  # core.status builds on these models

        found = [(row, column, issue.model_copy(update={"suggestion": neutralise(issue.suggestion)})
                  if issue.suggestion and formula_trigger(issue.suggestion) else issue) for row, column, issue in found]
        status = list(self.status)
        by_row: dict[int, list] = {}
        for row, column, issue in found:
            by_row.setdefault(row, []).append((None if column is None else self.header[column], issue))
        for row, problems in by_row.items():
            status[row - 1] = neutralise(" ".join(filter(None, [status[row - 1], row_status((), problems)])))
        issues = self.issues.merged(list(found)) if found else self.issues
        # their problems count like any other (the summary, the report and the sidebar agree)
        counts = self.counts.model_copy(update={
            "problems": len(issues), "rows_with_problems": len({issues.row_of(i) for i in range(len(issues))})})
        return self.model_copy(update={"issues": issues, "status": status, "counts": counts, **update})


# CleanConfig.dedup's type: imported last because core.dedup's package imports core.fields, which imports the
# models above; once it is here, CleanConfig is built with it.
from core.dedup.models import DedupConfig  # noqa: E402

CleanConfig.model_rebuild()
