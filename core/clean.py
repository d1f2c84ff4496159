"""Clean a whole register: every cell through its column's field module, every change and problem kept.

``clean(table, config) -> CleanResult`` is pure: no files, clock or network. It detects each column's role
(``core.roles``), runs each cell through the field module for that role (``core.fields.FIELDS``) with the
row's country, keeps cleaned values in the same shape and order, and records every change, every issue,
a status sentence per row (``core.status``) and the quality score before and after (``core.quality``).

Rules that keep data safe:

- A cell whose value is not valid for its role is not rewritten (only invisible characters are removed
  and a formula is neutralised); it is flagged with the module's issues.
- A column with no known role is kept byte for byte (it may hold the user's own formulas); a formula-looking
  value there is only flagged (``cell.formula``, the neutral form as the suggestion).
- Last of all, no value Rensa makes starts a formula: every cell of a column with a role, every status,
  suggestion and merge value is tested with ``core.fields.cell.formula_trigger`` and neutralised with an
  apostrophe (``cell.formula``), so a formula cannot get through a module, a stripped zero-width character,
  a merge fill or a split name.
- Short rows are padded with empty cells and reported (``row.short``); extra cells beyond the header are
  dropped only when they are empty, otherwise ``InputError`` names the row. ``None`` counts as an empty
  cell; any other non-text cell is an ``InputError`` naming the row and column.
- A row's country is its country column (when it names a known country), else ``config.country``.

Speed: each column caches its verdicts for repeated values per country, changes and issues are kept in
compact arrays (``ChangeLog``/``IssueLog``), and the garbage collector is kept from rescanning the rows,
so a million rows of nine columns clean at about 20,000 rows/s in under a gigabyte (docs/engine.md).

>>> result = clean(Table(header=["Namn", "Anteckning"], rows=[["anna", "=1+1"]]))
>>> result.roles, result.rows
(['full_name', None], [['Anna', '=1+1']])
>>> [(i.column, i.code) for i in result.issues]
[(1, 'cell.formula')]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

from core.contact.assess import assess, matched_columns, row_values
from core.contact.consent import find_consent_columns, find_marked_column
from core.contact.messages import every_column_header
from core.errors import InputError
from core.fields import FIELDS, Analyser, FieldContext
from core.fields import cell as _cell
from core.fields._util import Analysis
from core.fields._util import issue as field_issue
from core.fields.country import code_for
from core.fields.name import split_full_name
from core.i18n import N_, Translator, translator
from core.models import (
    ChangeLog,
    CleanConfig,
    CleanCounts,
    CleanResult,
    FieldIssue,
    IssueLog,
    QualityReport,
    Role,
    Table,
)
from core.quality import ColumnCounts, score
from core.quality import method as quality_method
from core.roles import detect_roles
from core.status import (
    close_groups_note,
    duplicate_note,
    join_status,
    possible_note,
    row_status,
    say,
    survivor_note,
)
from core.status import template as status_template

# Per column and country at most this many distinct values are remembered; then the cache starts over.
# Repeated values (cities, postal codes, first names) stay hot; unique ones (e-mails) cannot grow it.
_CACHE_LIMIT = 50_000
# After this many distinct values, a column whose values hardly ever repeat (e-mails, ids) stops caching:
# the cache would cost memory and time and save nothing.
_CACHE_TRIAL = 20_000
_CACHE_MIN_HITS = 0.1
_PROGRESS_EVERY = 4096  # a power of two, tested with a bit mask in the row loop

def _unknown_cell(value: str) -> Analysis:
    """A column with no role: the value stays as it is; only a formula is flagged (with the neutral form as
    the suggestion). The column may hold the user's own formulas (an .xlsx), so Rensa does not rewrite them."""
    trigger = _cell.formula_trigger(value)
    if trigger is None:
        return Analysis(value)
    message = status_template("cell.formula_kept")
    return Analysis(value, (field_issue("cell.formula", message, severity="warning",
                                        suggestion=_cell.neutralise(value), character=_shown(trigger)),))


def _shown(trigger: str) -> str:
    """A trigger as a message shows it (a tab or carriage return as its escape)."""
    return repr(trigger)[1:-1] if trigger in "\t\r" else trigger


def _coerce(table: Table | tuple | Mapping, config: CleanConfig | Mapping | None) -> tuple[list, list | tuple, CleanConfig]:
    # Any until the checks below: a mapping or pair from a caller may hold anything, and each wrong shape
    # gets its own InputError there.
    header: Any
    rows: Any
    if isinstance(table, Table):
        header, rows = table.header, table.rows
    elif isinstance(table, Mapping):
        header, rows = table.get("header"), table.get("rows")
    elif isinstance(table, (tuple, list)) and len(table) == 2:
        header, rows = table
    else:
        raise InputError(N_("A register must be given as a header and rows."), code="input.invalid")
    if not isinstance(config, CleanConfig):
        config = CleanConfig.model_validate(config or {})
    if not isinstance(header, (list, tuple)) or not header:
        raise InputError(N_("The register has no header row: the header is empty."), code="input.no_header", row=0)
    for index, name in enumerate(header):
        if not isinstance(name, str):
            raise InputError(
                N_("Column {column} of the header is {kind} ({value}), not text."),
                code="input.not_text",
                row=0, column=str(index + 1), kind=type(name).__name__, value=repr(name),
            )
    if not isinstance(rows, (list, tuple)):
        raise InputError(N_("The rows of the register must be a list of rows."), code="input.invalid")
    return list(header), rows, config


def _shape(header: list[str], rows: Sequence, shown: int = 1) -> tuple[list[list[str]], dict[int, int]]:
    """Rows as lists of exactly ``len(header)`` strings, and {row: cells it had} for padded rows.

    Messages name the sheet row (data row + ``shown``, the header's row); ``row=`` stays the data row.
    """
    width = len(header)
    shaped: list[list[str]] = []
    short: dict[int, int] = {}
    for number, row in enumerate(rows, start=1):
        if type(row) is list and len(row) == width and all(type(value) is str for value in row):
            shaped.append(row)  # the common case: used as it is (never modified), no copy
            continue
        cells = _text_cells(header, row, number, shown)
        if len(cells) > width:
            extra = next((v for v in cells[width:] if v.strip()), None)
            if extra is not None:
                raise InputError(
                    N_("Row {sheet_row} has {n} cells, more than the header names ({width}); the value '{value}' "
                       "has no column. Add a header for it or remove it."),
                    code="input.ragged",
                    row=number, sheet_row=number + shown, n=len(cells), width=width, value=extra,
                )
            del cells[width:]
        elif len(cells) < width:
            short[number] = len(cells)
            cells.extend([""] * (width - len(cells)))
        shaped.append(cells)
    return shaped, short


def _text_cells(header: list[str], row: Any, number: int, shown: int) -> list[str]:
    """A row that is not a list of strings as one: ``None`` is an empty cell, anything else not text is an
    InputError naming the row and column."""
    if not isinstance(row, (list, tuple)):
        raise InputError(N_("Row {sheet_row} is {kind}, not a list of cells."), code="input.invalid", row=number,
                         sheet_row=number + shown, kind=type(row).__name__)
    cells = list(row)
    for index, value in enumerate(cells):
        if value is None:
            cells[index] = ""
        elif not isinstance(value, str):
            name = header[index] if index < len(header) else str(index + 1)  # a cell past the header: its number
            raise InputError(
                N_("Row {sheet_row}, column '{column}': the value {value} is {kind}, not text. Send every cell as "
                   "text."),
                code="input.not_text",
                row=number,
                field=name, sheet_row=number + shown, column=name, value=repr(value), kind=type(value).__name__,
            )
    return cells


def _country_of(value: str, cache: dict[str, str | None]) -> str | None:
    """The ISO code a row's country cell names (the country module's table), or None."""
    if value in cache:
        return cache[value]
    text = _cell.normalize(value)[:100]
    code = code_for(text) if text else None
    if code is None and len(text) == 2 and text.isalpha():
        code = text.upper()  # an ISO code the table does not list yet still names the row's country
    if len(cache) < _CACHE_LIMIT:
        cache[value] = code
    return code


def unchecked(role: str | None, err: Exception) -> FieldIssue:
    """The issue for a cell a field module crashed on: the cell is kept as it was, the crash is named.

    A field module raises only its own ``FieldError``, so this is a bug; the test suite replaces this
    function with one that re-raises (tests/conftest.py), so any ``*.unchecked`` there fails the run.
    """
    return field_issue(f"{role}.unchecked", status_template("cell.unchecked"),
                       severity="warning", error=type(err).__name__)


# Bits of a cell's verdict, counted per column in 16 bins (cheaper than six counters per cell).
_FILLED_AFTER, _VALID, _FREE_BEFORE, _FREE_AFTER = 1, 2, 4, 8


class _Column:
    """Everything the row loop needs for one column, kept in slots for speed."""

    __slots__ = ("index", "role", "header", "field", "context", "analysers", "caches", "bins", "before", "after",
                 "suppress", "misses", "caching", "translate")

    def __init__(self, index: int, role: str | None, header: str, config: CleanConfig) -> None:
        self.index, self.role, self.header = index, role, header
        self.field = FIELDS.get(role) if role is not None else None
        # today: ids' century of 10-digit numbers, no birth dates in the future; the country is set per row.
        self.context = FieldContext(today=config.today, phone_display=config.phone_display,
                                    text_forms=config.text_forms)
        self.analysers: dict[str, Analyser] = {}  # per row country: the role's analyse with its options bound
        self.caches: dict[str, dict[str, tuple]] = {}
        self.bins = [0] * 16
        self.before, self.after = ColumnCounts(), ColumnCounts()
        self.suppress = config.suppressed if role in ("email", "phone") else frozenset()
        self.misses = 0
        self.caching = True
        # Issue messages in the config's language; done once per distinct value (the cache keeps the result).
        speak = translator(config.language)
        self.translate = None if speak.language == "en" else speak.issue

    def verdict(self, value: str, country: str) -> tuple[str, tuple[FieldIssue, ...], int]:
        """(cleaned value, issues, flag bits) of a value the cache does not hold; remembers it."""
        analyse = self.analysers.get(country) or self._bind(country)
        try:
            cleaned, issues, _ = analyse(value)
        except Exception as err:  # a module bug must not lose the cell; name it instead
            cleaned, issues = value, (unchecked(self.role, err),)
        valid = not any(i.severity == "error" for i in issues)
        if not valid:
            cleaned, issues = _kept_as_it_was(value, issues)
        if self.suppress and cleaned in self.suppress:
            issues = (*issues, field_issue(
                f"{self.role}.suppressed", status_template("cell.suppressed"),
                severity="warning"))
        flags = _flags(cleaned, valid=valid, problems=bool(issues))
        if self.translate is not None and issues:
            issues = tuple(map(self.translate, issues))
        found = (cleaned, issues, flags)
        self.misses += 1
        if self.caching:
            self._remember(value, country, found)
        return found

    def _bind(self, country: str) -> Analyser:
        analyse = _unknown_cell if self.field is None else self.field.bind(replace(self.context, country=country))
        self.analysers[country] = analyse
        return analyse

    def _remember(self, value: str, country: str, found: tuple[str, tuple[FieldIssue, ...], int]) -> None:
        """Cache a verdict; a column whose values hardly repeat (e-mails, ids) stops caching after a trial."""
        cache = self.caches.get(country)
        if cache is None:
            cache = self.caches[country] = {}
        elif len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[value] = found
        if self.misses == _CACHE_TRIAL:
            hits = sum(self.bins) - (self.misses - 1)
            if hits < _CACHE_MIN_HITS * _CACHE_TRIAL:
                self.caching = False
                self.caches.clear()

    def count(self) -> None:
        """Turn the bins into the before and after counts the quality score reads."""
        def total(bits: int) -> int:  # cells whose verdict has all these bits
            return sum(n for flags, n in enumerate(self.bins) if flags & bits == bits)

        self.before = ColumnCounts(filled=total(0), valid=total(_VALID), problem_free=total(_FREE_BEFORE))
        self.after = ColumnCounts(filled=total(_FILLED_AFTER), valid=total(_FILLED_AFTER | _VALID),
                                  problem_free=total(_FILLED_AFTER | _FREE_AFTER))

    def count_added(self, flags: int) -> None:
        """Count a value filled in after the row loop (a merge fill, a split name) into the after counts."""
        self.after.filled += 1
        self.after.valid += bool(flags & _VALID)
        self.after.problem_free += bool(flags & _FREE_AFTER)


def _kept_as_it_was(value: str, issues: tuple[FieldIssue, ...]) -> tuple[str, tuple[FieldIssue, ...]]:
    """A value its module finds wrong is kept as it was, only tidied; a formula in it is neutralised and
    flagged (once: the module may have flagged it already)."""
    cleaned, tidied, _ = _cell.analyse(value)
    if tidied and not any(i.code == "cell.formula" for i in issues):
        issues = (*issues, *tidied)
    return cleaned, issues


def _flags(cleaned: str, *, valid: bool, problems: bool) -> int:
    """A cell's verdict as the bits its column counts. A right value only written in another layout is not a
    problem before the clean ("tidied", counted apart)."""
    return ((_FILLED_AFTER if cleaned else 0) | (_VALID if valid else 0)
            | (_FREE_BEFORE if valid and not problems else 0)
            | (_FREE_AFTER if not problems else 0))


class _Countries:
    """Each row's country: what its country column names, else the config's country."""

    __slots__ = ("at", "default", "cache")

    def __init__(self, roles: Sequence[str | None], config: CleanConfig) -> None:
        self.at = next((i for i, role in enumerate(roles) if role == "country"), None)
        self.default = config.country.upper()
        self.cache: dict[str, str | None] = {}

    def of(self, row: Sequence[str]) -> str:
        at = self.at
        if at is not None and row[at]:
            return _country_of(row[at], self.cache) or self.default
        return self.default


def _roles(header: list[str], rows: list[list[str]], config: CleanConfig) -> list[str | None]:
    step = max(1, len(rows) // 2000)  # role detection looks at values spread over the whole register
    return detect_roles(header, rows[::step], {**_contact_columns(header, config), **config.roles})


@dataclass
class _Register:
    """A register on its way through the phases of a clean: the input, the cleaned rows and what each phase
    found so far. The phases (cells, split names, duplicates, contact, formulas) each take and extend it."""

    header: list[str]
    roles: list[str | None]
    rows: list[list[str]]  # as given, shaped; never modified
    config: CleanConfig
    speak: Translator
    columns: list[_Column]
    countries: _Countries
    out_rows: list[list[str]] = field(default_factory=list)
    status: list[str] = field(init=False)
    changes: ChangeLog = field(init=False)
    issues: IssueLog = field(init=False)
    counts: CleanCounts = field(default_factory=CleanCounts)
    duplicates: list[Any] = field(default_factory=list)
    possible_duplicates: list[Any] = field(default_factory=list)
    close_clusters: list[Any] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)
    contact: dict | None = None

    def __post_init__(self) -> None:
        self.changes, self.issues = ChangeLog(self.header), IssueLog(self.header)
        self.status = [""] * len(self.rows)
        self.counts.rows = len(self.rows)

    @classmethod
    def start(cls, header: list[str], rows: list[list[str]], config: CleanConfig) -> _Register:
        roles = _roles(header, rows, config)
        return cls(header, roles, rows, config, translator(config.language),
                   [_Column(i, role, header[i], config) for i, role in enumerate(roles)], _Countries(roles, config))

    def count_problems(self) -> None:
        counts, issues = self.counts, self.issues
        counts.cells_changed = len(self.changes)
        counts.cells_filled = self.changes.filled()
        counts.problems = len(issues)
        counts.rows_with_problems = len({issues.row_of(i) for i in range(len(issues))})

    def result(self) -> CleanResult:
        columns, counts = self.columns, self.counts
        quality = QualityReport.model_construct(
            before=score([c.before for c in columns], rows=len(self.rows), header=self.header, roles=self.roles,
                         duplicate_rows=counts.duplicate_rows),
            after=score([c.after for c in columns], rows=len(self.rows), header=self.header, roles=self.roles,
                        duplicate_rows=counts.duplicate_rows - counts.rows_to_delete),
            method=quality_method(self.speak),
            meaning=say("score.meaning", self.speak),
        )
        return CleanResult.model_construct(
            header=self.header,
            # detect_roles gives only names of core.models.Role (or None); model_construct does not validate
            roles=cast("list[Role | None]", self.roles),
            rows=self.out_rows,
            changes=self.changes,
            issues=self.issues,
            status=self.status,
            duplicates=self.duplicates,
            possible_duplicates=self.possible_duplicates,
            close_clusters=self.close_clusters,
            quality=quality,
            contact=self.contact,
            counts=counts,
            notes=self.notes,
        )


def clean(
    table: Table | tuple | Mapping,
    config: CleanConfig | Mapping | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> CleanResult:
    """Clean a register; see the module docstring. ``progress(rows_done)`` is called now and then."""
    return _clean(table, config, progress)


def _clean(
    table: Table | tuple | Mapping, config: CleanConfig | Mapping | None, progress: Callable[[int], None] | None
) -> CleanResult:
    """The phases of a clean, in the order each needs the one before: cells, split names, duplicates (on
    the cleaned rows), who may be contacted, the counts, and last the formula guard over everything made."""
    header, raw_rows, config = _coerce(table, config)
    rows, short = _shape(header, raw_rows, config.header_row)
    register = _Register.start(header, rows, config)
    _clean_cells(register, short, progress)
    for column in register.columns:
        column.count()
    if config.split_full_name:
        _fill_split_names(register)
    if config.dedupe and rows:
        _dedupe(register)
    if config.suppression_lists or find_consent_columns(header):
        _contact(register)
    register.count_problems()
    _neutralise_formulas(register)
    return register.result()


def _clean_cells(register: _Register, short: dict[int, int], progress: Callable[[int], None] | None) -> None:
    """Every cell through its column's field module with the row's country: the cleaned rows, every change
    and issue, the status of rows with a problem, and each column's verdict bins.

    This loop runs once per cell, so it stays one flat loop over locals: a cached verdict costs two dict
    look-ups and no call."""
    header, speak = register.header, register.speak
    changes, issues, status, out_rows = register.changes, register.issues, register.status, register.out_rows
    row_country = register.countries.of
    plan = [(c.index, c.header, c.caches, c.verdict, c.bins) for c in register.columns]
    short_issue: dict[int, FieldIssue] = {}  # cells the row had -> its issue, made once
    tidied = 0  # changes of layout only: the value was right and has no problem
    for number, row in enumerate(register.rows, start=1):
        country = row_country(row)
        out = row.copy()
        problems: list[tuple[str | None, FieldIssue]] = []
        if number in short:
            had = short[number]
            row_issue = short_issue.get(had) or short_issue.setdefault(had, speak.issue(field_issue(
                "row.short", status_template("row.short"),
                severity="warning", had=had, width=len(header))))
            issues.add(number, None, row_issue)
            problems.append((None, row_issue))
        for index, name, caches, verdict, bins in plan:
            value = row[index]
            if not value:
                continue
            cache = caches.get(country)
            found = cache.get(value) if cache is not None else None
            if found is None:
                found = verdict(value, country)
            cleaned, cell_issues, flags = found
            bins[flags] += 1
            if cleaned != value:
                out[index] = cleaned
                changes.add(number, index, value, cleaned)
                tidied += not cell_issues
            if cell_issues:
                for issue in cell_issues:
                    issues.add(number, index, issue)
                    problems.append((name, issue))
        if problems:
            status[number - 1] = row_status((), problems, speak)
        out_rows.append(out)
        if progress is not None and not number & _PROGRESS_EVERY - 1:
            progress(number)
    register.counts.cells_tidied = tidied
    if progress is not None:
        progress(len(register.rows))


def _neutralise_formulas(register: _Register) -> None:
    """The last step, after all other cleaning: no value Rensa makes starts a formula.

    Every cell of a column with a role, every status sentence, every suggestion and every merge value
    is tested with ``core.fields.cell.formula_trigger``; a value with a trigger gets an apostrophe in front
    (``neutralise``) and its cell the warning ``cell.formula``, once. Earlier steps neutralise most formulas
    themselves; this pass catches what they let through (a module that accepts a value, a leading zero-width
    character stripped into a live ``=``, a merge fill, a split name) and is the one place the rule holds."""
    found, triggers = _neutralise_cells(register)
    suspect, trigger_of = _cell.SUSPECT_FIRST, _cell.formula_trigger
    status = register.status
    for i, text in enumerate(status):
        if text and text[0] in suspect and trigger_of(text):
            status[i] = "'" + text
    register.issues.replace_issues(_neutral_suggestion)
    _neutralise_merges(register.duplicates)
    if found:
        register.changes = register.changes.with_afters(
            {key: pair for key, pair in found.items() if pair[0] != pair[1]})
        _flag_neutralised(register, triggers)


def _neutralise_merges(clusters: list[Any]) -> None:
    """The values a merge would fill in, and the conflicting values it shows, as text a sheet cannot run."""
    for cluster in clusters:
        for fill in cluster.merge.fills:
            fill.value = _cell.neutralise(fill.value)
        for conflict in cluster.merge.conflicts:
            conflict.values = {row: _cell.neutralise(value) for row, value in conflict.values.items()}


def _neutralise_cells(register: _Register) -> tuple[dict[tuple[int, int], tuple[str, str]], dict[tuple[int, int], str]]:
    """Neutralise the cleaned cells of the columns with a role (the others stay as they are): their
    (row, column) -> (value sent, value returned), and -> the trigger found."""
    suspect, trigger_of = _cell.SUSPECT_FIRST, _cell.formula_trigger
    found: dict[tuple[int, int], tuple[str, str]] = {}
    triggers: dict[tuple[int, int], str] = {}
    known = [column.index for column in register.columns if column.field is not None]  # unknown ones stay as they are
    rows = register.rows
    for number, out in enumerate(register.out_rows, start=1):
        for index in known:
            value = out[index]
            if value and value[0] in suspect and (trigger := trigger_of(value)):
                out[index] = "'" + value
                found[(number, index)] = (rows[number - 1][index], out[index])
                triggers[(number, index)] = trigger
    return found, triggers


def _flag_neutralised(register: _Register, triggers: dict[tuple[int, int], str]) -> None:
    """A ``cell.formula`` warning on each neutralised cell that has none yet, in its row's status; a cell
    that had no other problem no longer counts as problem-free."""
    flagged, troubled = set(), set()
    for row, column, issue in register.issues.cells():
        troubled.add((row, column))
        if issue.code == "cell.formula":
            flagged.add((row, column))
    columns, status = register.columns, register.status
    extra = []
    for (row, column), trigger in triggers.items():
        if (row, column) in flagged:
            continue
        issue = register.speak.issue(_cell.formula_issue(_shown(trigger)))
        extra.append((row, column, issue))
        if (row, column) not in troubled:
            columns[column].after.problem_free -= 1
        status[row - 1] = " ".join(filter(None, [status[row - 1], row_status((), [(columns[column].header, issue)])]))
    if extra:
        register.issues = register.issues.merged(extra)


def _neutral_suggestion(issue: FieldIssue) -> FieldIssue:
    if issue.suggestion and _cell.formula_trigger(issue.suggestion):
        return issue.model_copy(update={"suggestion": "'" + issue.suggestion})
    return issue


def contact_values(table: Table | tuple | Mapping, config: CleanConfig | Mapping | None = None) -> set[str]:
    """The typed canonical values (``phone:46701234567``…) that ``clean`` would match against suppression
    lists, with the same roles and row countries: a server looks up only these values' hashes."""
    header, raw_rows, config = _coerce(table, config)
    rows, _ = _shape(header, raw_rows, config.header_row)
    roles = _roles(header, rows, config)
    columns = matched_columns(roles)
    countries = _Countries(roles, config)
    found: set[str] = set()
    for row in rows:
        found.update(typed for _, typed in row_values(row, columns, countries.of(row), config.today, countries.default))
    return found


def _contact_columns(header: list[str], config: CleanConfig) -> dict:
    """Consent, channel, customer and verdict columns hold yes/no words, dates and labels, not contact
    details: they get no role (a "Samtycke telefon" column is not a phone column, "E-posta ej" no e-mail
    column) unless the caller gives one."""
    names = [c.header for c in find_consent_columns(header)]
    marked = find_marked_column(header)
    names += [header[marked]] if marked is not None else []
    names += [config.customer_column] if config.customer_column in header else []
    verdicts = every_column_header()  # Ring ej / E-posta ej written by an earlier clean hold labels, not e-mails
    names += [name for name in header if name in verdicts]
    return {name: None for name in names if name not in config.roles and header.index(name) not in config.roles}


def _contact(register: _Register) -> None:
    """Who may be contacted (core.contact): verdicts, issues on the matched cells, sentences in the status."""
    config, countries, rows = register.config, register.countries, register.rows
    found = assess(register.header, register.roles, rows, lists=config.suppression_lists,
                   key=config.suppression_key, today=config.today, country=countries.default,
                   row_countries=[countries.of(row) for row in rows] if countries.at is not None else None,
                   customer_column=config.customer_column, language=config.language)
    status = register.status
    extra = []
    for number, verdict in enumerate(found.rows, start=1):
        if verdict.sentences:
            status[number - 1] = " ".join(filter(None, [status[number - 1], *verdict.sentences]))
        extra += [(number, column, issue) for column, issue in verdict.issues]
    register.contact = found.to_json()
    if extra:
        register.issues = register.issues.merged(extra)


def _fill_split_names(register: _Register) -> None:
    """Fill empty given/family name cells from the (cleaned) full name in the same row."""
    roles = register.roles
    if not {"full_name", "given_name", "family_name"} <= set(roles):
        return
    full, given, family = roles.index("full_name"), roles.index("given_name"), roles.index("family_name")
    columns = register.columns
    fills = []
    for number, row in enumerate(register.out_rows, start=1):
        if row[full] and not row[given] and not row[family]:
            first, last = split_full_name(row[full])
            if first and last:
                for index, value in ((given, first), (family, last)):
                    row[index] = value
                    fills.append((number, index, "", value))
                    columns[index].count_added(_VALID | _FREE_AFTER)
    if fills:
        register.changes = register.changes.merged(fills)


def dedup_config(config: CleanConfig, header: list[str]) -> Any:
    """The ``core.dedup.DedupConfig`` a clean with ``config`` finds duplicates with."""
    from core.dedup import DedupConfig, match_columns

    dedup = config.dedup or DedupConfig(country=config.country)
    if not isinstance(dedup, DedupConfig):
        dedup = DedupConfig(**dedup)
    return dedup.model_copy(update={
        "today": dedup.today or config.today,
        "match_on": match_columns(header, config.match_on) if config.match_on is not None else dedup.match_on,
        "level": config.dedupe_level if config.dedupe_level != "person" else dedup.level})


def _cluster_notes(cluster: Any, *, shown: int, merge: bool, merged: bool,
                   speak: Translator) -> tuple[dict[int, str], str]:
    """The note on each row of a cluster but its survivor (by data row), and the survivor's note."""
    sure = cluster.band == "sure"
    others = {}
    for number in cluster.rows:
        if number == cluster.survivor:
            continue
        # the pair's own evidence and score: this row against the row it repeats
        repeats, pair = cluster.repeats(number)
        others[number] = duplicate_note(repeats + shown, pair.reasons if pair else cluster.reasons,
                                        sure=sure, delete=merge and sure, score=pair.score if pair else cluster.score,
                                        level=cluster.level, t=speak, against=_against(pair))
    kept = survivor_note([r + shown for r in others], keep=merge and sure, merged=merged, sure=sure, t=speak)
    return others, kept


def _possible_note(possible: Any, *, shown: int, speak: Translator) -> str:
    """The note on a row that may repeat the customer of a sure cluster: each named row with that pair's own
    evidence and score (``core.dedup.PossibleDuplicate``)."""
    return possible_note([(row + shown, pair.reasons, pair.score, _against(pair))
                          for row, pair in zip(possible.rows, possible.pairs)],
                         speak, level=getattr(possible, "level", "person"))


def _against(pair: Any) -> list[str]:
    """What a pair's own evidence says against one customer (``core.dedup.PairEvidence.against``; none for a sure
    group's pair, and none from a caller that sends pairs without it)."""
    return list(getattr(pair, "against", None) or [])


def close_group_notes(clusters: Sequence[Any], links: Sequence[Any], *, shown: int,
                      speak: Translator) -> dict[int, str]:
    """Per data row, the note on the row each sure cluster keeps when the cluster may be the same customer as other
    sure clusters (``core.dedup.CloseClusters``): both groups' rows and the pair that ties them."""
    by_id = {cluster.cluster_id: cluster for cluster in clusters}
    named: dict[int, list[tuple[int, int, int, Any]]] = {}  # cluster id -> (other cluster id, this row, other row, link)
    for link in links:
        (a, b), (row_a, row_b) = link.clusters, link.rows
        named.setdefault(a, []).append((b, row_a, row_b, link))
        named.setdefault(b, []).append((a, row_b, row_a, link))
    notes = {}
    for number, others in named.items():
        cluster = by_id.get(number)
        if cluster is None or any(other not in by_id for other, _, _, _ in others):
            continue
        others.sort(key=lambda item: by_id[item[0]].rows)
        notes[cluster.survivor] = close_groups_note(
            [r + shown for r in cluster.rows],
            [([r + shown for r in by_id[other].rows], row + shown, other_row + shown, link.pair.reasons, link.pair.score,
              _against(link.pair)) for other, row, other_row, link in others], speak, level=others[0][3].level)
    return notes


def duplicate_notes(clusters: Sequence[Any], *, header_row: int = 1, merge: bool = False,
                    language: str = "en", possible: Sequence[Any] = (), close: Sequence[Any] = ()) -> dict[int, str]:
    """Per data row, the duplicate note a clean writes into the status of clusters found elsewhere (the
    duplicate pass of a register too large for one call); a survivor's note says it was merged when its
    cluster proposes fills; a possible duplicate (``possible``) says which rows it may repeat, and the row a sure
    cluster keeps which other sure clusters may be the same customer (``close``)."""
    speak = translator(language)
    notes: dict[int, list[str]] = {}
    for cluster in clusters:
        merged = bool(merge and cluster.band == "sure" and cluster.merge and cluster.merge.fills)
        others, kept = _cluster_notes(cluster, shown=header_row, merge=merge, merged=merged, speak=speak)
        for number, note in others.items():
            notes.setdefault(number, []).append(note)
        notes.setdefault(cluster.survivor, []).append(kept)
    for number, note in close_group_notes(clusters, close, shown=header_row, speak=speak).items():
        notes.setdefault(number, []).append(note)
    for found in possible:
        notes.setdefault(found.row, []).append(_possible_note(found, shown=header_row, speak=speak))
    return {number: row_status(texts, (), speak) for number, texts in sorted(notes.items())}


def _dedupe(register: _Register) -> None:
    """Find duplicates in the cleaned rows, note them in the status and, with ``merge``, apply the fills:
    the clusters, the row notes by data row, and the changes, issues and counts they add."""
    from core.dedup import find_duplicates

    # An empty column says nothing about who is who; without this, empty first/last name columns would
    # hide a filled full-name column from the comparisons.
    known = [role if column.after.filled else None for role, column in zip(register.roles, register.columns)]
    found = find_duplicates(register.header, register.out_rows, known, dedup_config(register.config, register.header))
    notes = _DuplicateNotes(register)
    for cluster in found.clusters:
        notes.add(cluster)
    notes.add_close(found.clusters, found.close_clusters)
    for possible in found.possible_duplicates:
        notes.add_possible(possible)
    register.duplicates = found.clusters
    register.possible_duplicates = found.possible_duplicates
    register.close_clusters = found.close_clusters
    register.notes = notes.finish()


class _DuplicateNotes:
    """What the duplicate clusters add to a clean: a note on each row of a cluster, an issue on each row that
    repeats another, the counts and, with ``merge``, the fills into the row kept."""

    def __init__(self, register: _Register) -> None:
        self.register = register
        self.shown = register.config.header_row  # notes name sheet rows (what the user sees), clusters keep data rows
        self.notes: dict[int, list[str]] = {}
        self.row_issues: list[tuple[int, int | None, FieldIssue]] = []
        self.fills: list[tuple[int, int, str, str]] = []
        self.review_rows: set[int] = set()  # rows a review cluster counts as maybe repeating another

    def add(self, cluster: Any) -> None:
        sure = cluster.band == "sure"
        merge = self.register.config.merge and sure
        others = [r for r in cluster.rows if r != cluster.survivor]
        filled = self._merge(cluster) if merge else 0
        repeats, kept = _cluster_notes(cluster, shown=self.shown, merge=self.register.config.merge, merged=filled > 0,
                                       speak=self.register.speak)
        code = "row.duplicate" if sure else "row.possible_duplicate"
        for number, note in repeats.items():
            self.notes.setdefault(number, []).append(note)
            self.row_issues.append((number, None, FieldIssue(code=code, severity="warning", message=note)))
        self.notes.setdefault(cluster.survivor, []).append(kept)
        counts = self.register.counts
        if merge:
            counts.rows_to_delete += len(others)
        if sure:
            counts.duplicate_rows += len(others)
            counts.duplicate_groups += 1
        else:
            counts.possible_duplicate_rows += len(others)
            counts.possible_duplicate_groups += 1
            self.review_rows.update(others)

    def add_close(self, clusters: Sequence[Any], links: Sequence[Any]) -> None:
        """Sure clusters that may be the same customer as another sure cluster: a note and a row issue on the row each
        keeps, to check by hand (nothing is merged across them), and the count of such groups."""
        found = close_group_notes(clusters, links, shown=self.shown, speak=self.register.speak)
        for number, note in found.items():
            self.notes.setdefault(number, []).append(note)
            self.row_issues.append((number, None, FieldIssue(code="row.possible_same_group", severity="warning",
                                                             message=note)))
        self.register.counts.close_groups += len(found)

    def add_possible(self, possible: Any) -> None:
        """A row no sure cluster holds that may repeat a sure cluster's customer: a note and a row issue to check by
        hand (never Delete), counted with the rows that may repeat another unless its review cluster counted it."""
        note = _possible_note(possible, shown=self.shown, speak=self.register.speak)
        self.notes.setdefault(possible.row, []).append(note)
        self.row_issues.append((possible.row, None, FieldIssue(code="row.possible_duplicate", severity="warning",
                                                              message=note)))
        if possible.row not in self.review_rows:
            self.register.counts.possible_duplicate_rows += 1

    def _merge(self, cluster: Any) -> int:
        """Fill the kept row's empty cells from its duplicates; how many were filled."""
        out_rows, columns = self.register.out_rows, self.register.columns
        country = self.register.config.country.upper()
        filled = 0
        for fill in cluster.merge.fills:
            row = out_rows[fill.row - 1]
            if row[fill.column]:
                continue  # never overwrite a value; the survivor's own cell wins
            self.fills.append((fill.row, fill.column, row[fill.column], fill.value))
            filled += 1
            row[fill.column] = fill.value
            column = columns[fill.column]
            column.count_added(column.verdict(fill.value, country)[2])
        return filled

    def finish(self) -> dict[int, str]:
        """Put the notes in the status and the fills and issues in the logs; the row notes by data row."""
        register, speak = self.register, self.register.speak
        row_notes = {number: row_status(texts, (), speak) for number, texts in sorted(self.notes.items())}
        for number, note in row_notes.items():
            register.status[number - 1] = join_status(note, register.status[number - 1])
        if self.fills:
            register.changes = register.changes.merged(self.fills)
        if self.row_issues:
            register.issues = register.issues.merged(self.row_issues)
        return row_notes
