"""Every sentence Rensa writes about a register's rows and counts, written once.

``SENTENCES`` is the table: a stable key, the English template (``str.format`` fields in braces, marked with
``N_`` for the ``status`` catalogue), where a person reads it, and an example. ``say(key, t, **fields)`` is
the one place a template becomes text, in the language of the translator ``t`` (``core.i18n``; English by
default). Every surface shows these texts as they are: the ``Rensa status`` column and the row issues
(``core.clean``), the CLI summary and the HTML/JSON report (``cli/report.py``), the API's ``summary`` and
``notes`` and ``GET /v1/vocabulary`` (the templates the add-on fills itself, in the user's language), the
sheet's cell notes and the bounce flags (``functions/webhooks``).

``docs/status-sentences.md`` is generated from this table and from the messages of ``core/contact`` and
the field modules (``python -m scripts.status_sentences``); ``tests/core/test_status_sentences.py`` checks
that it is current and that the CLI, the API and the add-on hold no copy of these sentences.

>>> from core.models import FieldIssue
>>> typo = FieldIssue(code="email.typo", severity="warning", message="Did you mean gmail.com?")
>>> row_status([duplicate_note(12, ["same e-mail", "similar name"], sure=True, delete=False)], [("E-post", typo)])
'Duplicate of row 12 (same e-mail, similar name). E-post: Did you mean gmail.com?'
>>> row_status([], [])
''
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.i18n import N_, Translator, translator
from core.models import FieldIssue

STATUS_HEADER = "Rensa status"  # the column every surface writes the row's status into
# The columns ``rensa clean --merge --drop-merged`` puts first in FILE.merged-away.csv: where each removed row was,
# and the row (of the input, as the sheet numbers it) that it was merged into; headers a person reads, written in
# the clean's language like the rest of the file
MERGED_ROW_HEADER = N_("Row")
MERGED_INTO_HEADER = N_("Merged into row")
NOTE_PREFIX = "Rensa: "  # cell notes Rensa writes start with this, so a later clean can replace them
ENGLISH = translator("en")


@dataclass(frozen=True)
class Sentence:
    """One sentence a person reads: its template, where it shows, and example fields for the table."""

    template: str
    shown: str
    example: Mapping[str, Any] = field(default_factory=dict)


_ROW = "status column, row issue message"
_KEPT = "status column (the row a group of duplicates keeps)"
_COUNT = "CLI summary, HTML/JSON report, API summary, sidebar"

# Templates with no words of their own ("{column}: {message}") are not marked: they read the same in
# every language.
SENTENCES: dict[str, Sentence] = {
    # ---- a row's status: its own notes first, then each problem cell ---------------------------------
    "status.cell": Sentence("{column}: {message}", "status column (one per problem cell)",
        {"column": "E-post", "message": "The domain looks misspelled: did you mean gmail.com?"}),
    "row.duplicate": Sentence(N_("Duplicate of row {row} ({evidence})."), _ROW,
        {"row": 12, "evidence": "same e-mail, similar name: 97 %"}),
    "row.duplicate.company": Sentence(N_("Same company as row {row} ({evidence})."), _ROW,
        {"row": 4, "evidence": "same organisation number: 99 %"}),
    "row.duplicate.household": Sentence(N_("Same household as row {row} ({evidence})."), _ROW,
        {"row": 4, "evidence": "same address, same family name: 93 %"}),
    "row.delete": Sentence(N_("Delete: duplicate of row {row} ({evidence})."), _ROW,
        {"row": 12, "evidence": "same phone: 97 %"}),
    "row.delete.company": Sentence(N_("Delete: same company as row {row} ({evidence})."), _ROW,
        {"row": 4, "evidence": "same organisation number: 99 %"}),
    "row.delete.household": Sentence(N_("Delete: same household as row {row} ({evidence})."), _ROW,
        {"row": 4, "evidence": "same address, same family name: 93 %"}),
    "row.possible_duplicate": Sentence(N_("Possible duplicate of row {row} ({evidence}): check by hand."), _ROW,
        {"row": 3, "evidence": "similar name: 71 %"}),
    "row.possible_duplicate.any": Sentence(N_("Possible duplicate of {choices}: check by hand."), _ROW,
        {"choices": ["row 2 (same family name, same address: 90 %)", "row 5 (same family name, same address: 90 %)"]}),
    "row.possible_duplicate.choice": Sentence(N_("row {row} ({evidence})"),
        "inside row.possible_duplicate.any (one row a row may repeat)",
        {"row": 2, "evidence": "same family name, same address: 90 %"}),
    "row.possible_duplicate.company": Sentence(N_("Possible same company as row {row} ({evidence}): check by hand."),
        _ROW,
        {"row": 3, "evidence": "similar company name: 72 %"}),
    "row.possible_duplicate.household": Sentence(
        N_("Possible same household as row {row} ({evidence}): check by hand."),
        _ROW,
        {"row": 4, "evidence": "same address, same family name"}),
    "row.possible_duplicate.any.company": Sentence(N_("Possible same company as {choices}: check by hand."), _ROW,
        {"choices": ["row 2 (similar company name, same phone: 75 %)", "row 9 (same company: 75 %)"]}),
    "row.possible_duplicate.any.household": Sentence(N_("Possible same household as {choices}: check by hand."), _ROW,
        {"choices": ["row 2 (same address, similar family name: 75 %)", "row 9 (same address: 75 %)"]}),
    # two sure groups that may be one customer: on the row each group keeps, naming the other group's rows
    "row.possible_same_group": Sentence(N_("Rows {rows} may be the same customer as {choices}: check by hand."),
        "status column (the row a group keeps), row issue message",
        {"rows": [2, 3], "choices": ["rows 4 and 5 (row 3 against row 4: given name initial matches, same family "
                                     "name, same address: 85 %)"]}),
    "row.possible_same_group.company": Sentence(
        N_("Rows {rows} may be the same company as {choices}: check by hand."),
        "status column (the row a group keeps), row issue message",
        {"rows": [2, 3], "choices": ["rows 7 and 8 (row 3 against row 7: similar company name, same phone: 75 %)"]}),
    "row.possible_same_group.household": Sentence(
        N_("Rows {rows} may be the same household as {choices}: check by hand."),
        "status column (the row a group keeps), row issue message",
        {"rows": [2, 3], "choices": ["rows 7 and 8 (row 3 against row 7: same address, similar family name: 75 %)"]}),
    "row.possible_same_group.choice": Sentence(N_("rows {other_rows} (row {row} against row {other_row}: {evidence})"),
        "inside row.possible_same_group (another group and the pair that ties it to this one)",
        {"other_rows": [4, 5], "row": 3, "other_row": 4, "evidence": "same family name, same address: 85 %"}),
    "evidence.scored": Sentence("{reasons}: {score} %", "inside the duplicate notes (the pair's score)",
        {"reasons": "same e-mail, similar name", "score": 97}),
    "evidence.none": Sentence(N_("similar rows"), "inside the duplicate notes (no single reason)"),
    # a pair that is only possibly one customer: what agrees, then what its own evidence says against it
    "evidence.against": Sentence(N_("{reasons}, but {against}"),
        "inside the possible-duplicate notes and the report (what holds the pair back)",
        {"reasons": "same given name, same family name, same address", "against": ["each has its own phone"]}),
    "row.kept.one": Sentence(N_("Row {rows} is a duplicate of this row."), _KEPT, {"rows": [13]}),
    "row.kept.many": Sentence(N_("Rows {rows} are duplicates of this row."), _KEPT, {"rows": [13, 20]}),
    "row.keep.one": Sentence(N_("Keep: row {rows} is a duplicate of this row."), _KEPT, {"rows": [13]}),
    "row.keep.many": Sentence(N_("Keep: rows {rows} are duplicates of this row."), _KEPT, {"rows": [13, 20]}),
    "row.keep_merged.one": Sentence(N_("Keep: row {rows} is a duplicate of this row; its details were merged in."),
        _KEPT,
        {"rows": [13]}),
    "row.keep_merged.many": Sentence(N_("Keep: rows {rows} are duplicates of this row; their details were merged in."),
        _KEPT,
        {"rows": [13, 20]}),
    "row.possible_kept.one": Sentence(N_("Row {rows} may be a duplicate of this row: check by hand."), _KEPT,
        {"rows": [13]}),
    "row.possible_kept.many": Sentence(N_("Rows {rows} may be duplicates of this row: check by hand."), _KEPT,
        {"rows": [13, 20]}),
    "row.short": Sentence(N_("The row had only {had} of {width} cells; the missing cells were added empty."), _ROW,
        {"had": 3, "width": 7}),
    "row.kept_edit": Sentence(N_("Kept your edit in {cells}."), "status column (sidebar clean, a cell edited meanwhile)",
        {"cells": "B7, D7"}),
    # ---- notes on one cell ---------------------------------------------------------------------------
    "cell.unchecked": Sentence(N_("This value could not be checked ({error}); it was left as it is."), "cell note, status column",
        {"error": "TypeError"}),
    "cell.suppressed": Sentence(N_("This contact bounced, complained or unsubscribed: do not send to it."), "cell note, status column"),
    "cell.formula_kept": Sentence(N_("The value starts with {character} and a spreadsheet would run it as a formula; it was left as it is because Rensa does not know what this column holds."), "cell note, status column",
        {"character": "="}),
    "note.cell": Sentence("Rensa: {message}", "cell note in the sheet",
        {"message": "The phone number is not valid."}),
    "note.suggestion": Sentence(N_("{note} Suggestion: {suggestion}"), "cell note in the sheet",
        {"note": "Rensa: The domain looks misspelled: did you mean gmail.com?", "suggestion": "anna@gmail.com"}),
    # ---- bounce flags a connected newsletter tool writes into the status column ----------------------
    "bounce.flag": Sentence(N_("Do not send: {why_label} ({provider}, {date})."), "status column (bounce)",
        {"why_label": "the address bounced (hard bounce)", "provider": "SendGrid", "date": "2026-11-30"}),
    "bounce.flag.undated": Sentence(N_("Do not send: {why_label} ({provider})."), "status column (bounce)",
        {"why_label": "the address bounced (hard bounce)", "provider": "SendGrid"}),
    "bounce.hard_bounce": Sentence(N_("the address bounced (hard bounce)"), "inside bounce.flag"),
    "bounce.complaint": Sentence(N_("the recipient marked a mail as spam"), "inside bounce.flag"),
    "bounce.unsubscribe": Sentence(N_("the recipient unsubscribed"), "inside bounce.flag"),
    "bounce.soft_bounce": Sentence(N_("the address keeps bouncing"), "inside bounce.flag"),
    # ---- counts of a clean or a test wash: the same numbers on every surface -------------------------
    "count.changed.one": Sentence(N_("{n} cell changed."), _COUNT, {"n": 1}),
    "count.changed.many": Sentence(N_("{n} cells changed."), _COUNT, {"n": 15021}),
    "count.would_change.one": Sentence(N_("{n} cell would change."), _COUNT, {"n": 1}),
    "count.would_change.many": Sentence(N_("{n} cells would change."), _COUNT, {"n": 15021}),
    "count.tidied.one": Sentence(N_("Of these, {n} only changes the layout (the value was already right)."), _COUNT,
        {"n": 1}),
    "count.tidied.many": Sentence(N_("Of these, {n} only change the layout (the value was already right)."), _COUNT,
        {"n": 14800}),
    # what a merge (or a split full name) wrote into empty cells: without it, "3 cells changed; of these, 2 only
    # change the layout" leaves the third unexplained, though the report's table calls it "filled in"
    "count.filled.one": Sentence(N_("Of these, {n} fills in a cell that was empty."), _COUNT, {"n": 1}),
    "count.filled.many": Sentence(N_("Of these, {n} fill in cells that were empty."), _COUNT, {"n": 212}),
    "count.problems.one": Sentence(N_("{n} problem found."), _COUNT, {"n": 1}),
    "count.problems.many": Sentence(N_("{n} problems found; rows with a problem: {rows_count}."), _COUNT,
                                    {"n": 312, "rows_count": 280}),
    "count.no_problems": Sentence(N_("No problems found."), _COUNT),
    "count.duplicates.one": Sentence(N_("{n} row repeats another row (customers listed more than once: {groups})."),
        _COUNT,
        {"n": 1, "groups": 1}),
    "count.duplicates.many": Sentence(N_("{n} rows repeat another row (customers listed more than once: {groups})."),
        _COUNT,
        {"n": 5, "groups": 3}),
    "count.to_delete.one": Sentence(N_("{n} row is marked Delete."), _COUNT, {"n": 1}),
    "count.to_delete.many": Sentence(N_("{n} rows are marked Delete."), _COUNT, {"n": 5}),
    "count.possible_duplicates.one": Sentence(N_("{n} more row may repeat another: check by hand."), _COUNT,
        {"n": 1}),
    "count.possible_duplicates.many": Sentence(N_("{n} more rows may repeat another: check by hand."), _COUNT,
        {"n": 4}),
    "count.close_groups.one": Sentence(
        N_("{n} of these groups may be the same customer as another group: check by hand."), _COUNT, {"n": 1}),
    "count.close_groups.many": Sentence(
        N_("{n} of these groups may be the same customer as another group: check by hand."), _COUNT, {"n": 2}),
    "count.dry_run": Sentence(N_("Test wash only: nothing was written."), _COUNT),
    # ---- where the cleaned register goes (the report and the CLI) ------------------------------------
    "report.would_write": Sentence(
        N_("A test wash writes no file: run the same command without --dry-run to write the cleaned register "
           "to {path}."), "CLI summary, HTML/JSON report (test wash)", {"path": "kunder.cleaned.csv"}),
    "report.wrote": Sentence(N_("The cleaned register was written to {path}."), "CLI summary, HTML/JSON report",
                             {"path": "kunder.cleaned.csv"}),
    # ---- the report's Duplicates table: a group held back, counted apart from the sure ones and marked ----------
    "report.groups_to_check.one": Sentence(N_("{n} group of rows that may be one customer: check by hand."),
        "HTML report (Duplicates)", {"n": 1}),
    "report.groups_to_check.many": Sentence(N_("{n} groups of rows that may each be one customer: check by hand."),
        "HTML report (Duplicates)", {"n": 3}),
    "report.check_tag": Sentence(N_("check by hand"), "HTML report (Duplicates)"),
    # ---- the sidebar's test wash looks at the first rows only -----------------------------------------
    "wash.sample": Sentence(N_("Based on the first {sent} of {read} rows."), "sidebar (test wash)",
        {"sent": 5000, "read": 20000}),
    # ---- the quality score ---------------------------------------------------------------------------
    "score.meaning": Sentence(N_("The score is the share of the customer details Rensa checks that are filled in, valid and free of problems, with customers listed twice counted against it; a value only written in another layout is not a problem."), "HTML report, sidebar, API (quality.meaning)"),
}

# Problems by kind, as the summary, the report and the sidebar count them ("312 × e-mail domains that ...").
_PROBLEMS = {
    "email.invalid": N_("e-mail addresses that are not valid"),
    "email.typo": N_("e-mail domains that look misspelled"),
    "email.disposable": N_("throwaway e-mail addresses"),
    "email.role": N_("role addresses (info@, faktura@)"),
    "email.multiple": N_("cells with more than one e-mail address"),
    "email.suppressed": N_("e-mails that bounced or unsubscribed"),
    "phone.invalid": N_("phone numbers that are not valid"),
    "phone.multiple": N_("cells with more than one phone number"),
    "phone.excel_mangled": N_("phone numbers damaged by Excel"),
    "phone.extra_text": N_("phone cells with words besides the number"),
    "phone.fictional": N_("phone numbers from the range kept for fiction"),
    "phone.suppressed": N_("phones that must not be called"),
    "id.invalid": N_("id numbers that are not valid"),
    "id.country_mismatch": N_("id numbers from another country than the row's"),
    "name.invalid": N_("names that are not valid"),
    "date.invalid": N_("dates that are not valid"),
    "postal_code.invalid": N_("postal codes that are not valid"),
    "postal_code.excel_mangled": N_("postal codes that lost a leading 0 in Excel"),
    "postal_code.country_mismatch": N_("postal codes that do not fit the country"),
    "country.unknown": N_("countries not recognised"),
    "cell.formula": N_("cells that a spreadsheet would run as a formula"),
    "row.duplicate": N_("rows that repeat another row"),
    "row.possible_duplicate": N_("rows that may repeat another row (check by hand)"),
    "row.possible_same_group": N_("groups that may be the same customer as another group (check by hand)"),
    "row.short": N_("rows with missing cells"),
    "suppressed.nix": N_("numbers on NIX-Telefon"),
    "suppressed.reservasjon_phone": N_("numbers on Reservasjonsregisteret (telephone sales)"),
    "suppressed.reservasjon_mail": N_("people on Reservasjonsregisteret (addressed advertising)"),
    "suppressed.deceased": N_("deceased persons"),
    "suppressed.protected_identity": N_("protected identities"),
    "suppressed.opt_out_email": N_("addresses on your e-mail opt-out list"),
    "suppressed.opt_out_phone": N_("numbers on your calls opt-out list"),
    "suppressed.opt_out_all": N_("people who asked not to be contacted"),
    "suppressed.unchecked": N_("numbers or addresses not checked (the list expired)"),
    "consent.expired": N_("consents to calls older than 3 months on NIX numbers"),
    "consent.undated": N_("consents to calls without a date on NIX numbers"),
    "consent.missing": N_("rows marked for a channel without consent"),
    "org_id.not_found": N_("org numbers the company register does not know"),
    "org_id.removed": N_("companies removed from the company register"),
    "org_id.dissolved": N_("companies that were dissolved"),
    "org_id.merged": N_("companies that merged into another"),
    "org_id.bankrupt": N_("companies under bankruptcy"),
    "org_id.liquidation": N_("companies in liquidation"),
    "org_id.forced_dissolution": N_("companies under compulsory dissolution"),
    "org_id.reorganisation": N_("companies in debt reorganisation"),
    "org_id.suggested": N_("company rows whose org number the register suggests"),
    "company.name_differs": N_("company names that differ from the registered name"),
    # the field modules' other codes (session 7: they showed as raw codes in the summary, report and sidebar)
    "address.invalid": N_("addresses that are not valid"),
    "address.city_has_digits": N_("city cells that hold digits (a postal code?)"),
    "address.combined": N_("street cells that also hold a postal code and a city"),
    "date.excel_serial": N_("dates stored as spreadsheet serial numbers"),
    "date.us_order": N_("dates read in US order (month/day/year)"),
    "date.two_digit_year": N_("dates with a two-digit year"),
    "date.future": N_("birth dates in the future"),
    "date.implausible": N_("birth dates before 1900"),
    "id.excel_mangled": N_("id numbers that lost a leading 0 in Excel"),
    "name.suspicious": N_("names that contain digits"),
    "country.invalid": N_("countries that are not valid"),
    "cell.invalid": N_("cells that are not text or far too long"),
    **{f"{kind}.empty": N_("cells with only spaces or invisible characters")
       for kind in ("email", "phone", "name", "address", "postal_code", "country", "date", "id")},
    **{f"{kind}.placeholder": N_("cells holding a placeholder (NaN, #N/A) instead of a value")
       for kind in ("name", "address")},
}
SENTENCES.update({f"problem.{code}": Sentence(text, "CLI summary, report, sidebar (problems by kind)")
                  for code, text in _PROBLEMS.items()})


def template(key: str) -> str:
    """The English template of ``key`` (what an issue keeps, to be shown later in any language)."""
    return SENTENCES[key].template


def say(key: str, t: Translator | None = None, /, **fields: Any) -> str:
    """The sentence ``key`` in ``t``'s language (English by default) with its fields filled in."""
    return (t or ENGLISH)._(SENTENCES[key].template, **fields)


def say_count(key: str, n: int, t: Translator | None = None, /, **fields: Any) -> str:
    """``key.one`` or ``key.many`` by ``n`` (Swedish, Norwegian, Danish and Finnish, like English, have
    one form for 1 and one for every other number)."""
    return say(f"{key}.{'one' if n == 1 else 'many'}", t, n=n, **fields)


def problem_label(code: str, t: Translator | None = None) -> str:
    """The plain words for a kind of problem; a code with no words yet shows as it is."""
    return say(f"problem.{code}", t) if f"problem.{code}" in SENTENCES else code


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def cell_problem(header: str | None, message: str, t: Translator | None = None) -> str:
    """One problem cell as it reads in the status column."""
    return _sentence(say("status.cell", t, column=header, message=message) if header else message)


def row_status(notes: Sequence[str], problems: Iterable[tuple[str | None, FieldIssue]],
               t: Translator | None = None) -> str:
    """The status sentence of one row from its row-level notes and (column header, issue) pairs."""
    parts = [_sentence(note) for note in notes]
    parts += [cell_problem(header, issue.message, t) for header, issue in problems]
    return " ".join(part for part in parts if part)


def join_status(*parts: str) -> str:
    """Row notes and a row's own status into one status cell (notes first), as every surface writes it."""
    return " ".join(part for part in parts if part)


def duplicate_note(survivor: int, reasons: Sequence[str], *, sure: bool, delete: bool, score: float | None = None,
                   level: str = "person", t: Translator | None = None, against: Sequence[str] = ()) -> str:
    """The note on a row that repeats row ``survivor`` (a sheet row): that pair's own evidence and score.

    >>> duplicate_note(12, ["same e-mail", "similar name"], sure=True, delete=False)
    'Duplicate of row 12 (same e-mail, similar name).'
    >>> duplicate_note(12, ["same phone"], sure=True, delete=True, score=0.973)
    'Delete: duplicate of row 12 (same phone: 97 %).'
    >>> duplicate_note(3, ["similar name"], sure=False, delete=False, score=0.71)
    'Possible duplicate of row 3 (similar name: 71 %): check by hand.'
    >>> duplicate_note(4, ["same organisation number"], sure=True, delete=False, score=0.99, level="company")
    'Same company as row 4 (same organisation number: 99 %).'
    >>> duplicate_note(4, ["same address", "same family name"], sure=False, delete=False, level="household")
    'Possible same household as row 4 (same address, same family name): check by hand.'
    >>> duplicate_note(2, ["same given name", "same family name", "same address"], sure=False, delete=False,
    ...                score=0.8, against=["each has its own phone"])
    'Possible duplicate of row 2 (same given name, same family name, same address, but each has its own phone: 80 %): \
check by hand.'
    """
    t = t or ENGLISH
    kind = "row.possible_duplicate" if not sure else "row.delete" if delete else "row.duplicate"
    return say(kind if level not in ("company", "household") else f"{kind}.{level}", t, row=survivor,
               evidence=evidence(reasons, score, t, against=against))


def possible_note(candidates: Sequence[tuple[int, Sequence[str], float]] |
                  Sequence[tuple[int, Sequence[str], float, Sequence[str]]], t: Translator | None = None, *, level: str = "person") -> str:
    """The note on a row that no sure group holds but that may repeat one or more of their customers: each
    ``(sheet row, reasons, score[, against])`` with that pair's own evidence, for and against (``evidence``), in the
    words of the ``level`` (a person, a company, a household); never "Delete".

    >>> possible_note([(2, ["given name initial matches", "same family name"], 0.9)])
    'Possible duplicate of row 2 (given name initial matches, same family name: 90 %): check by hand.'
    >>> possible_note([(2, ["same address"], 0.9), (5, ["same address"], 0.71)])
    'Possible duplicate of row 2 (same address: 90 %) or row 5 (same address: 71 %): check by hand.'
    >>> possible_note([(4, ["same company"], 0.75), (9, ["same company", "same phone"], 0.75)], level="company")
    'Possible same company as row 4 (same company: 75 %) or row 9 (same company, same phone: 75 %): check by hand.'
    >>> possible_note([(2, ["same given name", "same family name"], 0.8, ["different generation (Jr./Sr.)"])])
    'Possible duplicate of row 2 (same given name, same family name, but different generation (Jr./Sr.): 80 %): check \
by hand.'
    """
    t = t or ENGLISH
    kind, grouped = "row.possible_duplicate", level in ("company", "household")
    said = [(row, evidence(reasons, score, t, against=rest[0] if rest else ()))
            for row, reasons, score, *rest in candidates]
    if len(said) == 1:
        return say(f"{kind}.{level}" if grouped else kind, t, row=said[0][0], evidence=said[0][1])
    return say(f"{kind}.any.{level}" if grouped else f"{kind}.any", t, choices=[
        say("row.possible_duplicate.choice", t, row=row, evidence=text) for row, text in said])


def close_groups_note(rows: Sequence[int], others: Sequence[tuple[Sequence[int], int, int, Sequence[str], float]] |
                      Sequence[tuple[Sequence[int], int, int, Sequence[str], float, Sequence[str]]],
                      t: Translator | None = None, *, level: str = "person") -> str:
    """The note on the row a sure group keeps when the group may be the same customer as other sure groups: this
    group's sheet ``rows`` and, per other group, ``(its sheet rows, this group's row, its row, reasons, score[,
    against])``: the pair that ties them, with its own evidence. Nothing is merged across groups.

    >>> close_groups_note([2, 3], [([4, 5], 3, 4, ["given name initial matches", "same family name"], 0.85)])
    'Rows 2 and 3 may be the same customer as rows 4 and 5 (row 3 against row 4: given name initial matches, same \
family name: 85 %): check by hand.'
    """
    t = t or ENGLISH
    kind = "row.possible_same_group"
    return say(f"{kind}.{level}" if level in ("company", "household") else kind, t, rows=list(rows), choices=[
        say("row.possible_same_group.choice", t, other_rows=list(other), row=row, other_row=other_row,
            evidence=evidence(reasons, score, t, against=rest[0] if rest else ()))
        for other, row, other_row, reasons, score, *rest in others])


def evidence(reasons: Sequence[str], score: float | None, t: Translator | None = None, *,
             against: Sequence[str] = ()) -> str:
    """A pair's evidence in ``t``'s language: its reasons, what holds it back (``against``: labels from
    ``core.dedup.explain``) and its score when given.

    >>> evidence(["same e-mail", "similar name"], 0.973)
    'same e-mail, similar name: 97 %'
    >>> evidence(["same given name", "same address"], 0.8, against=["each has its own e-mail", "different birth date"])
    'same given name, same address, but each has its own e-mail and different birth date: 80 %'
    """
    t = t or ENGLISH
    said = ", ".join(t.gettext(reason) for reason in reasons) or say("evidence.none", t)
    if against:
        said = say("evidence.against", t, reasons=said, against=[t.gettext(label) for label in against])
    if score is None:
        return said
    return say("evidence.scored", t, reasons=said, score=str(int(score * 100) if score < 1 else 100))


def survivor_note(others: Sequence[int], *, keep: bool, merged: bool = False, sure: bool = True,
                  t: Translator | None = None) -> str:
    """The note on the row a group of duplicates keeps; ``keep`` when the others are marked for deletion.

    >>> survivor_note([13, 20], keep=True, merged=True)
    'Keep: rows 13 and 20 are duplicates of this row; their details were merged in.'
    >>> survivor_note([13], keep=False)
    'Row 13 is a duplicate of this row.'
    >>> survivor_note([13], keep=True, merged=True)
    'Keep: row 13 is a duplicate of this row; its details were merged in.'
    >>> survivor_note([13, 14, 20], keep=False, sure=False)
    'Rows 13, 14, and 20 may be duplicates of this row: check by hand.'
    """
    kind = "row.possible_kept" if not sure else "row.keep_merged" if keep and merged else "row.keep" if keep \
        else "row.kept"
    return say(f"{kind}.{'one' if len(others) == 1 else 'many'}", t, rows=list(others))


def bounce_note(kind: str, provider: str, day: str | None, t: Translator | None = None) -> str:
    """The status of a row whose address a newsletter tool reported (``day``: an ISO date).

    >>> bounce_note("hard_bounce", "SendGrid", "2026-11-30")
    'Do not send: the address bounced (hard bounce) (SendGrid, 2026-11-30).'
    """
    why = template(f"bounce.{kind}")
    return say("bounce.flag", t, why_label=why, provider=provider, date=day) if day else \
        say("bounce.flag.undated", t, why_label=why, provider=provider)


def change_summary(counts: Any, *, dry_run: bool, t: Translator | None = None) -> list[str]:
    """The summary's first lines: how many cells change, and how many of them only in layout or into an empty
    cell (the HTML report puts these over its table of changes and the rest under the score)."""
    lines = [say_count("count.would_change" if dry_run else "count.changed", counts.cells_changed, t)]
    if counts.cells_changed and counts.cells_tidied:
        lines.append(say_count("count.tidied", counts.cells_tidied, t))
    if counts.cells_changed and counts.cells_filled:
        lines.append(say_count("count.filled", counts.cells_filled, t))
    return lines


def summary(counts: Any, *, dry_run: bool, t: Translator | None = None) -> list[str]:
    """The count sentences of a clean or a test wash (``counts`` is a ``core.models.CleanCounts``).

    The CLI, the reports, the API's ``summary`` and the sidebar all show these lines, so they agree.
    """
    lines = change_summary(counts, dry_run=dry_run, t=t)
    if counts.problems:
        lines.append(say("count.problems.one", t, n=1) if counts.problems == 1 else
                     say("count.problems.many", t, n=counts.problems, rows_count=counts.rows_with_problems))
    else:
        lines.append(say("count.no_problems", t))
    if counts.duplicate_rows:
        lines.append(say_count("count.duplicates", counts.duplicate_rows, t, groups=counts.duplicate_groups))
    if counts.close_groups:
        lines.append(say_count("count.close_groups", counts.close_groups, t))
    if counts.rows_to_delete:
        lines.append(say_count("count.to_delete", counts.rows_to_delete, t))
    if counts.possible_duplicate_rows:
        lines.append(say_count("count.possible_duplicates", counts.possible_duplicate_rows, t))
    if dry_run:
        lines.append(say("count.dry_run", t))
    return lines


def templates(t: Translator | None = None) -> dict[str, str]:
    """Every template by key, in ``t``'s language (for ``GET /v1/vocabulary`` and the generated table)."""
    t = t or ENGLISH
    return {key: t.gettext(sentence.template) for key, sentence in SENTENCES.items()}
