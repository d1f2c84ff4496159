"""The ``rensa`` command: clean a customer register file on this machine, no account needed.

    rensa clean kunder.csv                        # writes kunder.cleaned.csv next to it
    rensa clean kunder.csv --dry-run --report wash.html     # the free test wash: a report, no changes
    rensa clean kunder.xlsx --in-place --merge    # backup first, then clean the workbook itself
    rensa dedupe kunder.csv                       # duplicates only (cli/dedupe.py)

Errors the user can fix (a missing file, no header row, an unknown encoding) print one line naming the
file and the row and exit with code 2, without a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cli import report as reports
from cli import suppress
from cli.argparse_words import current, speaking
from cli.io import (
    FileFormat,
    numbers_note,
    read_table,
    table_kind,
    write_bytes,
    write_table,
)
from core import CleanConfig, clean
from core.companies import ENRICH_FIELDS
from core.contact import KIND_NAMES
from core.contact.messages import every_column_header
from core.dedup.collection import cycle_collection_paused
from core.errors import InputError
from core.i18n import N_, Translator, language_of, translator
from core.models import ROLES
from core.roles import detect_roles, header_language
from core.status import MERGED_INTO_HEADER, MERGED_ROW_HEADER, STATUS_HEADER

# Headers for the name columns --split-names adds, by the word used for the full name.
_SPLIT_HEADERS = {
    "namn": ("Förnamn", "Efternamn"), "navn": ("Fornavn", "Etternavn"), "nimi": ("Etunimi", "Sukunimi"),
}


def _role_option(text: str) -> tuple[str, str | None]:
    column, sep, role = text.rpartition("=")
    role = role.strip().lower().replace("-", "_")
    if not sep or not column:
        raise argparse.ArgumentTypeError(current()._("'{value}': write it as COLUMN=ROLE, for example --role "
                                                     "Kontakt=email", value=text))
    if role in ("none", "keep", ""):
        return column, None
    if role not in ROLES:
        raise argparse.ArgumentTypeError(current()._("'{value}' is not a role; use one of: {roles}, or none",
                                                     value=role, roles=", ".join(ROLES)))
    return column, role


def _country_option(text: str) -> str:
    if len(text) != 2 or not text.isalpha() or not text.isascii():
        raise argparse.ArgumentTypeError(current()._("'{value}' is not a two-letter country code such as SE, NO, DK "
                                                     "or FI", value=text))
    return text.upper()


def _enrich_option(text: str) -> list[str]:
    fields = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [field for field in fields if field not in ENRICH_FIELDS]
    if unknown or not fields:
        raise argparse.ArgumentTypeError(current()._("'{value}': choose from {fields}, comma-separated", value=text,
                                                     fields=", ".join(ENRICH_FIELDS)))
    return fields


_HEADER_ROW_LIMIT = 1000  # a header further down is a file of notes, not a register


def _header_row_option(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= _HEADER_ROW_LIMIT:
        raise argparse.ArgumentTypeError(current()._("'{value}' is not a row number from 1 to {limit}", value=text,
                                                     limit=_HEADER_ROW_LIMIT))
    return int(text)


def _add_clean_parser(subparsers, t: Translator) -> None:
    parser = subparsers.add_parser(
        "clean",
        help=t._("clean a register (.csv or .xlsx)"),
        description=t._("Clean a customer register: e-mails, phones, names, addresses, ids; find duplicates; report "
                        "the quality before and after."),
    )
    parser.add_argument("file", type=Path,
                        help=t._("the register: .csv (UTF-8, UTF-16 or Windows-1252; , ; or tab) or .xlsx"))
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--output", "-o", type=Path, help=t._("where to write the cleaned register (default: "
                                                             "FILE.cleaned.csv/.xlsx next to FILE)"))
    where.add_argument("--in-place", action="store_true", help=t._("overwrite FILE, after a timestamped backup copy"))
    where.add_argument("--dry-run", action="store_true",
                       help=t._("test wash only: report the quality, write no register"))
    parser.add_argument("--report", action="append", type=Path, default=[], metavar="PATH",
                        help=t._("write a report: .json (every change and issue) or .html (a page to read); "
                                 "repeatable"))
    parser.add_argument("--country", default=None, type=_country_option,
                        help=t._("country for rows without their own country column value (default: the country of the "
                                 "headers' language, else your locale's, else SE)"))
    parser.add_argument("--role", action="append", type=_role_option, default=[], metavar="COLUMN=ROLE",
                        help=t._("set a column's role ({roles}, or none to keep it as is); repeatable",
                                 roles=", ".join(ROLES)))
    parser.add_argument("--sheet", metavar="NAME", help=t._("the sheet of an .xlsx workbook to clean (default: the "
                                                            "first sheet with a header row)"))
    parser.add_argument("--header-row", type=_header_row_option, default=1, metavar="N",
                        help=t._("the row that names the columns, when rows above it hold a title (default 1); "
                                 "those rows are kept as they are"))
    parser.add_argument("--phone-format", choices=("e164", "national", "international"), default=None,
                        help=t._("how cleaned phone numbers are written (default: e164, +46701234567, in .xlsx; "
                                 "international, +46 70 123 45 67, in CSV, where a spreadsheet reads +46701234567 as "
                                 "a number)"))
    parser.add_argument("--split-names", action="store_true",
                        help=t._("fill first and last name columns from a full-name column (adds them if missing)"))
    parser.add_argument("--no-dedupe", action="store_true", help=t._("do not look for duplicate rows"))
    parser.add_argument("--merge", action="store_true",
                        help=t._("fill empty cells of the row kept from its duplicates and mark the others "
                                 "'{delete}'", delete=t._("Delete")))
    add_dedup_options(parser, t)
    parser.add_argument("--drop-merged", action="store_true",
                        help=t._("with --merge: write only the rows kept, and every removed row with the row it went "
                                 "into to FILE.merged-away.csv, so nothing is lost"))
    parser.add_argument("--suppress", action="append", type=suppress.parse_option, default=[],
                        metavar="KIND=FILE[@YYYY-MM-DD]",
                        help=t._("match a suppression list file (NIX, Reservasjonsregisteret, deceased, opt-outs): "
                                 "KIND is one of {kinds}; @DATE is the list's date (required for nix and "
                                 "reservasjon_*), @DATE..UNTIL the last day other kinds count; repeatable. Adds the "
                                 "columns Ring ej / Posta ej / E-posta ej (in the register's language)",
                                 kinds=", ".join(KIND_NAMES)))
    parser.add_argument("--customer-column", metavar="COLUMN",
                        help=t._("a column marking existing customers (yes, or the date the relationship ended): NIX "
                                 "and Reservasjonsregisteret then do not close their rows; off unless given"))
    parser.add_argument("--company-lookup", action="store_true",
                        help=t._("ask the open company registries (Norway, Finland) about each org number: flags "
                                 "companies that are gone, bankrupt or renamed (needs the network; see "
                                 "docs/companies.md)"))
    parser.add_argument("--enrich", type=_enrich_option, default=[], metavar="FACTS",
                        help=t._("with --company-lookup, add registry facts as new columns: {fields} "
                                 "(comma-separated)", fields=",".join(ENRICH_FIELDS)))
    parser.add_argument("--check-domains", action="store_true",
                        help=t._("check every e-mail domain with DNS (needs the network): flags domains that do not "
                                 "exist or accept no mail; answers are cached for 30 days"))
    parser.add_argument("--quiet", "-q", action="store_true", help=t._("no summary, no progress bar"))
    parser.set_defaults(func=run_clean)


def version() -> str:
    """The installed package's version (pyproject.toml's, when run from a checkout that is not installed)."""
    from importlib import metadata

    try:
        return metadata.version("rensa")
    except metadata.PackageNotFoundError:
        import tomllib

        with open(Path(__file__).parents[1] / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]


def _columns_option(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError(current()._("'{value}': name one or more columns, for example --match-on "
                                                     "E-post,Namn", value=text))
    return names


def add_dedup_options(parser: argparse.ArgumentParser, t: Translator) -> None:
    """--match-on and --dedupe-level, the same for ``rensa clean`` and ``rensa dedupe``."""
    parser.add_argument("--match-on", type=_columns_option, metavar="COL,COL",
                        help=t._("look for duplicates in these columns only (header names, comma-separated); a "
                                 "column Rensa has no role for (a customer number, notes) is compared only when named "
                                 "here"))
    parser.add_argument("--dedupe-level", choices=("person", "company", "household"), default="person",
                        help=t._("what one duplicate is: the same person (default), the same company (org number or "
                                 "company name) or the same household (address and family name)"))


def _drop_merged(result, out_rows: list[list[str]], header_row: int) -> tuple[list[list[str]], list[list[str]]]:
    """(rows kept, rows merged away each with the sheet row it went into) for --merge --drop-merged."""
    into = {row: cluster.survivor for cluster in result.duplicates if cluster.band == "sure"
            for row in cluster.rows if row != cluster.survivor}
    kept = [row for number, row in enumerate(out_rows, start=1) if number not in into]
    away = [[str(number + header_row), str(into[number] + header_row), *row]
            for number, row in enumerate(out_rows, start=1) if number in into]
    return kept, away


def build_parser(language: str = "en") -> argparse.ArgumentParser:
    """The ``rensa`` command line with its help in ``language``; build and use it inside
    ``cli.argparse_words.speaking`` so that argparse's own words (usage:, options, its errors) are in it too."""
    t = translator(language)
    parser = argparse.ArgumentParser(prog="rensa", description=t._("Rensa cleans Nordic customer registers."))
    parser.add_argument("--version", action="version", version=f"rensa {version()}",
                        help=t._("show the version of Rensa and exit"))
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_clean_parser(subparsers, t)
    from cli import dedupe

    dedupe.add_parser(subparsers, t)
    for command in subparsers.choices.values():
        command.add_argument("--lang", type=_lang_option, default=None, metavar="LANG",
                             help=t._("language of the summary, messages and report: en, sv, nb (no), da or fi "
                                      "(default: the environment's locale, else the language of the file's headers, "
                                      "else English)"))
    return parser


def _lang_option(text: str) -> str:
    found = language_of(text)
    if found is None:
        raise argparse.ArgumentTypeError(current()._("'{value}': use en, sv, nb (or no), da or fi", value=text))
    return found


def _lang_asked(argv: list[str]) -> str | None:
    """The language ``--lang`` asks for in ``argv`` (read before argparse, whose help and errors speak it)."""
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            return language_of(argv[index + 1])
        if word.startswith("--lang="):
            return language_of(word.partition("=")[2])
    return None


def environment_language(environ: Mapping[str, str]) -> str | None:
    """The language of the user's locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG in gettext's order), or None
    when it names none Rensa speaks (C, POSIX, de_DE ...)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for tag in environ.get(name, "").split(":"):
            if found := language_of(tag):
                return found
    return None


def choose_language(option: str | None, environ: Mapping[str, str], header: list[str] | None = None) -> str:
    """--lang, else the environment's locale, else the language of the register's headers, else English."""
    return option or environment_language(environ) or (header_language(header) if header else None) or "en"


# The country whose numbers and postal codes a register in that language holds, when nothing else says so
_COUNTRY_OF_LANGUAGE = {"sv": "SE", "nb": "NO", "da": "DK", "fi": "FI"}
_SPOKEN_IN = {"SE": {"sv"}, "NO": {"nb"}, "DK": {"da"}, "FI": {"fi", "sv"}}  # Swedish is Finland's language too


def environment_country(environ: Mapping[str, str]) -> str | None:
    """The Nordic country of the user's locale (sv_FI.UTF-8: FI), or None. The first of LC_ALL, LC_ADDRESS,
    LC_TELEPHONE and LANG that is set is the locale, as POSIX reads them (LC_ALL=en_US over LANG=sv_SE: none)."""
    tag = next((environ[name] for name in ("LC_ALL", "LC_ADDRESS", "LC_TELEPHONE", "LANG") if environ.get(name)), "")
    territory = tag.partition(".")[0].partition("@")[0].partition("_")[2].upper()
    return territory if territory in _SPOKEN_IN else None


def choose_country(option: str | None, environ: Mapping[str, str], header: list[str] | None = None,
                   language: str | None = None) -> str:
    """--country, else the country of the headers' language (Fornavn, Poststed: Norway), else the Nordic country
    of the locale, else that of the run's language, else Sweden. A Norwegian register cleaned with Swedish rules
    would call every postal code wrong for the country. Where the headers' language is also spoken in the
    locale's country (Swedish headers in Finland), the locale's country: a Finland-Swede's register is Finnish."""
    written = header_language(header) if header else None
    local = environment_country(environ)
    if option:
        return option
    if written in _COUNTRY_OF_LANGUAGE:
        return local if local and written in _SPOKEN_IN[local] else _COUNTRY_OF_LANGUAGE[written]
    return local or _COUNTRY_OF_LANGUAGE.get(language or "") or "SE"


def _output_path(args, fmt: FileFormat) -> Path | None:
    if args.dry_run:
        return None
    if args.in_place:
        return args.file
    if args.output:
        return args.output
    return _default_output(args.file)


def _default_output(source: Path) -> Path:
    return source.with_name(f"{source.stem}.cleaned{source.suffix or '.csv'}")


def _backup_path(path: Path, now: dt.datetime) -> Path:
    return path.with_name(f"{path.stem}.rensa-backup-{now:%Y%m%d-%H%M%S}{path.suffix}")


def _overrides(args, header: list[str]) -> dict:
    """--role COLUMN=ROLE by header name, or by spreadsheet letter (A, B, ...) when no header has that name."""
    overrides: dict[str | int, str | None] = {}
    for column, role in args.role:
        if column in header:
            overrides[column] = role
        elif column.isalpha() and len(column) <= 2:
            index = 0
            for letter in column.upper():
                index = index * 26 + ord(letter) - 64
            overrides[index - 1] = role
        else:
            raise InputError(N_("{file}: there is no column “{column}” for --role. The columns are: {columns}."),
                             code="input.unknown_column", file=str(args.file), column=column, columns=list(header))
    return overrides


def _add_split_columns(header: list[str], rows: list[list[str]], roles: list) -> tuple[list[str], list[list[str]]]:
    """For --split-names: add empty first/last name columns when the register has a full name but not them."""
    if "full_name" not in roles or "given_name" in roles or "family_name" in roles:
        return header, rows
    word = header[roles.index("full_name")].strip().casefold()
    given, family = _SPLIT_HEADERS.get(word, ("First name", "Last name"))
    return [*header, given, family], [[*row, "", ""] for row in rows]


def _with_contact_columns(header: list[str], rows: list[list[str]], contact: dict, at: int):
    """Insert the per-channel verdict columns (Ring ej, Posta ej, E-posta ej) at ``at``."""
    names = [c["header"] for c in contact["columns"]]
    header = header[:at] + names + header[at:]
    return header, [row[:at] + values + row[at:] for row, values in zip(rows, contact["values"])]


@dataclass
class _Run:
    """One ``rensa clean`` as its steps share it: the options, the clock read once, the file's format, the
    language every line speaks, and where the status column of an earlier clean stood."""

    args: argparse.Namespace
    now: dt.datetime
    fmt: FileFormat
    language: str
    status_at: int | None  # the status column goes back where an earlier clean put it; None: at the end

    @property
    def t(self) -> Translator:
        return translator(self.language)

    @property
    def output(self) -> Path | None:
        return _output_path(self.args, self.fmt)

    @property
    def text_forms(self) -> bool:
        """A CSV is opened by a spreadsheet that guesses types: write phones and ids in forms it keeps as text."""
        return table_kind(self.output or _default_output(self.args.file)) == "csv"


@dataclass
class _OutputTable:
    """The register as it will be written: status and verdict columns in, and with --drop-merged the rows
    merged away, each with the sheet row it went into."""

    header: list[str]
    rows: list[list[str]]
    away: list[list[str]]


@cycle_collection_paused()  # a short-lived process: see core.dedup.collection
def run_clean(args) -> int:
    """``rensa clean``: read, clean, look up (with --check-domains / --company-lookup), write the register
    and the reports, print the summary. Every option is checked before anything is written."""
    now = dt.datetime.now()
    _check_report_paths(args.report)
    header, rows, fmt = read_table(args.file, args.header_row, args.sheet)
    language = args.language = choose_language(args.lang, os.environ, header)
    args.country = choose_country(args.country, os.environ, header, language)
    header, rows, status_at = _without_earlier_columns(header, rows)
    run = _Run(args, now, fmt, language, status_at)
    overrides = _overrides(args, header)
    if args.split_names:
        header, rows = _add_split_columns(header, rows, detect_roles(header, rows, overrides))
    _check_options(args, header)
    result = _look_up(run, _clean_with_progress(run, header, rows, _clean_config(run, overrides)))
    table = _output_table(run, result)
    info = _run_info(run)
    if (output := run.output) is not None:
        _write_register(run, output, table, info)
    for path in args.report:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, reports.to_json(result, info) if path.suffix.lower() == ".json" else reports.to_html(result, info))
    if not args.quiet:
        print(reports.summary(result, info, [str(p) for p in args.report]))
        if run.text_forms and (numbers := numbers_note(table.header, table.rows, output or _default_output(args.file),
                                                            run.t)):
            print(numbers)
    return 0


def _check_report_paths(paths: list[Path]) -> None:
    for path in paths:
        if path.suffix.lower() not in (".json", ".html", ".htm"):
            raise InputError(N_("{file}: a report must end in .json or .html."), code="input.report",
                             file=str(path))


def _without_earlier_columns(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]], int | None]:
    """A cleaned file cleaned again: its old status column and its old Ring ej / Posta ej / E-posta ej
    columns are taken out (this run makes them again from its own checks and lists), and the new status
    column goes where the first of them stood."""
    status_at = header.index(STATUS_HEADER) if STATUS_HEADER in header else None
    if status_at is not None:
        header = header[:status_at] + header[status_at + 1:]
        rows = [row[:status_at] + row[status_at + 1:] for row in rows]
    # the verdict headers in every language: read when a clean needs them, not by every command (dedupe too)
    known = every_column_header()
    verdicts = [i for i, name in enumerate(header) if name in known]
    if verdicts:
        header, rows = _without_columns(header, rows, verdicts)
        status_at = min(status_at if status_at is not None else len(header), verdicts[0])
    return header, rows, status_at


def _without_columns(header: list[str], rows: list[list[str]], drop: list[int]) -> tuple[list[str], list[list[str]]]:
    return ([name for i, name in enumerate(header) if i not in drop],
            [[v for i, v in enumerate(row) if i not in drop] for row in rows])


def _check_options(args, header: list[str]) -> None:
    """The options that can only be checked against the register's columns, or against each other."""
    if args.customer_column and args.customer_column not in header:
        raise InputError(N_("{file}: there is no column “{column}” for --customer-column. The columns are: "
                            "{columns}."), code="input.unknown_column", file=str(args.file),
                         column=args.customer_column, columns=list(header))
    if args.drop_merged and not args.merge:
        raise InputError(N_("--drop-merged removes the rows --merge marks “Delete”: give --merge too."),
                         code="input.option")


def _clean_config(run: _Run, overrides: dict) -> CleanConfig:
    """The options as core's CleanConfig; the suppression lists are read (and their notes printed) here."""
    args = run.args
    lists, key, notes = suppress.load_lists(args.suppress, run.now.date(), run.t) if args.suppress else ((), None, [])
    for note in notes:
        print(run.t._("rensa: note: {message}", message=note), file=sys.stderr)
    text_forms = run.text_forms
    return CleanConfig(
        roles=overrides, country=args.country, text_forms=text_forms,
        # E.164 (+46709412025) is a number to a spreadsheet's CSV import; the grouped form stays text.
        phone_display=args.phone_format or ("international" if text_forms else "e164"),
        split_full_name=args.split_names,
        dedupe=not args.no_dedupe, merge=args.merge, today=run.now.date(), header_row=args.header_row,
        suppression_lists=lists, suppression_key=key, customer_column=args.customer_column,
        match_on=args.match_on, dedupe_level=args.dedupe_level, language=run.language,
    )


def _clean_with_progress(run: _Run, header: list[str], rows: list[list[str]], config: CleanConfig):
    """core.clean with a progress bar on a terminal for registers of 5,000 rows or more."""
    from tqdm import tqdm

    show = not run.args.quiet and sys.stderr.isatty() and len(rows) >= 5000
    with tqdm(total=len(rows), unit=" " + run.t.n_("row", "rows", 2), file=sys.stderr, disable=not show,
              leave=False) as bar:
        def progress(done: int) -> None:
            bar.update(done - bar.n)

        try:
            return clean((header, rows), config, progress=progress)
        except InputError as err:
            err.file = run.args.file  # main() names the file before the message
            raise


def _look_up(run: _Run, result):
    """The network checks the user asked for: e-mail domains in DNS, org numbers in the company registries."""
    args, today = run.args, run.now.date()
    if args.check_domains:
        result = _check_domains(result, today, run.language)
    if args.company_lookup or args.enrich:
        result = _check_companies(result, args, today, run.language)
    return result


def _output_table(run: _Run, result) -> _OutputTable:
    """The cleaned rows with the registry facts --enrich adds (not in a test wash), the status column and
    right after it the verdict columns; with --drop-merged the rows merged away are set apart."""
    header = list(result.header)
    rows = [list(row) for row in result.rows]
    enrichment = result.companies.enrichment if result.companies is not None else None
    if enrichment and not run.args.dry_run:
        _add_enrichment(header, rows, enrichment, run.t)
    at = len(result.header) if run.status_at is None else run.status_at
    header.insert(at, STATUS_HEADER)
    for row, status in zip(rows, result.status):
        row.insert(at, status)
    if result.contact is not None:  # the verdict columns go right after the status column
        header, rows = _with_contact_columns(header, rows, result.contact, at + 1)
    away: list[list[str]] = []
    if run.args.drop_merged:
        rows, away = _drop_merged(result, rows, run.args.header_row)
    return _OutputTable(header, rows, away)


def _run_info(run: _Run) -> reports.RunInfo:
    """Where the clean came from and goes, for the reports and the summary."""
    args, output = run.args, run.output
    return reports.RunInfo(input=str(args.file), file_format=run.fmt.describe(run.t),
                           output=str(output) if output else None, dry_run=args.dry_run,
                           date=run.now.strftime("%Y-%m-%d %H:%M"), status_header=STATUS_HEADER,
                           header_row=args.header_row,
                           would_write=str(_default_output(args.file)) if args.dry_run else None,
                           language=run.language)


def _add_enrichment(header: list[str], rows: list[list[str]], enrichment: dict, t: Translator) -> None:
    """The registry facts --enrich asked for, in new columns at the end (never over the user's own)."""
    for name in enrichment["header"]:  # new columns only: a name the register uses already gets a mark
        header.append(name if name not in header else t._("{column} (register)", column=name))
    for row, added in zip(rows, enrichment["rows"]):
        row.extend(added)


def _write_register(run: _Run, output: Path, table: _OutputTable, info: reports.RunInfo) -> None:
    """Write the cleaned register (after a backup with --in-place), and the rows merged away before it;
    ``info.output`` names every file written."""
    args, fmt = run.args, run.fmt
    if args.in_place:
        backup = _backup_path(args.file, run.now)
        shutil.copy2(args.file, backup)
        info.output = run.t._("{path} (backup: {backup})", path=str(output), backup=str(backup))
    output.parent.mkdir(parents=True, exist_ok=True)
    if table.away:  # first, so that the rows leave the register only once they are safe elsewhere
        merged_path = output.with_name(f"{args.file.stem}.merged-away.csv")
        write_table(merged_path, [run.t._(MERGED_ROW_HEADER), run.t._(MERGED_INTO_HEADER), *table.header], table.away,
                    FileFormat("csv", encoding="utf-8-sig", delimiter=fmt.delimiter if fmt.kind == "csv" else ","))
        info.output = run.t._("{path} (merged-away rows: {merged})", path=info.output, merged=str(merged_path))
    written = write_table(output, table.header, table.rows, fmt)
    if written.encoding != fmt.encoding:
        print(run.t._("rensa: note: {file} is written as UTF-8 because some cleaned text has no {encoding} form.",
                      file=str(output), encoding=fmt.encoding), file=sys.stderr)


def _check_companies(result, args, today: dt.date, language: str):
    """--company-lookup: the functions' registry clients, with their cache in a local SQLite file."""
    from core import companies
    from functions.companies.cli import local_lookup

    if not args.quiet:
        print(translator(language)._("rensa: asking the company registries about the register's org numbers…"),
              file=sys.stderr)
    lookup = local_lookup()
    try:
        found = lookup.check(result.header, result.rows, result.roles, country=args.country, today=today,
                             enrich=() if args.dry_run else args.enrich, language=language)
    finally:
        lookup.cache.engine.dispose()  # the cache file's connections close now, not whenever they are collected
    return companies.apply(result, found)


def _check_domains(result, today: dt.date, language: str):
    """--check-domains: the functions' DNS checker, cached in a local SQLite file."""
    from core.domains import domain_issues, email_domains
    from functions.domains import local_checker

    domains = email_domains(result.rows, result.roles)
    if not domains:
        return result
    checker = local_checker()
    try:
        verdicts = checker.verdicts(domains, today)
    finally:
        checker.engine.dispose()
    return result.with_issues(domain_issues(result.header, result.rows, result.roles, verdicts, language=language))


def _after_colon(err: InputError, message: str, t: Translator) -> str:
    """A core sentence after "rensa: error: FILE: " starts in lower case, as the CLI's own errors there do ("FILE: the
    file is empty"): "FILE: row 2 has 3 cells", not "FILE: Row 2 ...". One that starts with a value (a user's column
    name) or an abbreviation (CSV) keeps its case."""
    template = err.template[0] if isinstance(err.template, tuple) else err.template
    if t.gettext(template).startswith("{") or not (message[:1].isupper() and message[1:2].islower()):
        return message
    return message[0].lower() + message[1:]


def main(argv: list[str] | None = None) -> int:
    # The help, argparse's words and errors before the header is read speak --lang or the locale; run_clean
    # refines it from the headers.
    language = choose_language(_lang_asked(sys.argv[1:] if argv is None else argv), os.environ)
    with speaking(translator(language)):
        args = build_parser(language).parse_args(argv)
    args.language = choose_language(getattr(args, "lang", None), os.environ)
    try:
        return args.func(args)
    except InputError as err:
        t = translator(args.language)
        message = _after_colon(err, err.text(args.language), t)
        where = getattr(err, "file", None)
        print(t._("rensa: error: {file}: {message}", file=str(where), message=message) if where else
              t._("rensa: error: {message}", message=message), file=sys.stderr)
        return 2
    except OSError as err:  # writing the output or a report failed (disk full, no permission)
        name = err.filename or ""
        print(translator(args.language)._("rensa: error: {file}: {detail}. Nothing was changed in the input file.",
                                          file=str(name), detail=str(err.strerror or err)), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(translator(args.language)._("rensa: stopped; the input file was not changed."), file=sys.stderr)
        return 130
    except Exception:  # a bug in Rensa: one line for the user, the traceback in a file for the report
        details = _crash_report(argv)
        print(translator(args.language)._(
            "rensa: internal error: this is a bug in Rensa {version}, not a problem with your file; the input file "
            "was not changed. Please report it with the details in {details}.", version=version(), details=details),
            file=sys.stderr)
        return 70  # EX_SOFTWARE


def _crash_report(argv: list[str] | None) -> str:
    """Write the traceback of the exception being handled to a private file; its path (or a fallback)."""
    import tempfile
    import traceback

    text = (f"rensa {version()}, Python {sys.version.split()[0]}\n"
            f"arguments: {' '.join(sys.argv[1:] if argv is None else argv)}\n\n{traceback.format_exc()}")
    try:
        handle, path = tempfile.mkstemp(prefix="rensa-crash-", suffix=".txt")
        with open(handle, "w", encoding="utf-8") as out:
            out.write(text)
        return path
    except OSError:
        return "the output of `rensa --version` (the crash report could not be saved)"


if __name__ == "__main__":
    sys.exit(main())
