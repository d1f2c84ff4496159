"""``rensa clean --suppress KIND=FILE[@YYYY-MM-DD[..YYYY-MM-DD]]``: match the register against list files.

The file is read by the same code as the API's upload (``functions.suppression.upload`` and
``core.contact``), hashed in memory under a key made for this run, and matched by ``core.clean``; nothing
is stored. ``@DATE`` is the list's own date (required for ``nix`` and ``reservasjon_*``, whose validity is
2 and 1 months by rule); ``..UNTIL`` sets the last day other kinds count.

    rensa clean kunder.csv --suppress nix=nix-svar.txt@2026-11-02 --suppress opt_out_email=avregistrerade.csv
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from cli.argparse_words import current
from core.contact import KIND_NAMES, KINDS, SuppressionList
from core.contact.lists import hashed_list
from core.errors import InputError
from core.i18n import N_, Translator, translator


@dataclass(frozen=True)
class SuppressOption:
    kind: str
    path: Path
    date: dt.date | None
    until: dt.date | None


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(current()._("'{option}': '{value}' is not a date; write it as YYYY-MM-DD",
                                                     option=option, value=text)) from None


def parse_option(text: str) -> SuppressOption:
    """``KIND=FILE[@YYYY-MM-DD[..YYYY-MM-DD]]``, checked as argparse reads it.

    >>> parse_option("nix=svar.txt@2026-11-02")
    SuppressOption(kind='nix', path=PosixPath('svar.txt'), date=datetime.date(2026, 11, 2), until=None)
    >>> parse_option("opt_out_all=spärr@firma.csv").path
    PosixPath('spärr@firma.csv')
    """
    kind, sep, rest = text.partition("=")
    kind = kind.strip().lower().replace("-", "_")
    if not sep or not rest:
        raise argparse.ArgumentTypeError(current()._("'{value}': write it as KIND=FILE[@YYYY-MM-DD], for example "
                                                     "--suppress nix=nix-svar.txt@2026-11-02", value=text))
    if kind not in KINDS:
        raise argparse.ArgumentTypeError(current()._("'{value}' is not a kind of list; use one of: {kinds}", value=kind,
                                                     kinds=", ".join(KIND_NAMES)))
    path, at, dates = rest.rpartition("@")
    if not at or not dates[:1].isdigit():
        path, dates = rest, ""
    first, _, until_text = dates.partition("..")
    date = _date(first, text) if first else None
    until = _date(until_text, text) if until_text else None
    spec = KINDS[kind]
    if spec.date_required and date is None:
        raise argparse.ArgumentTypeError(current().n_(
            "'{value}': a {kind} list needs its date (it counts {n} month from then): {kind}=FILE@YYYY-MM-DD",
            "'{value}': a {kind} list needs its date (it counts {n} months from then): {kind}=FILE@YYYY-MM-DD",
            spec.valid_months or 0, value=text, kind=kind))
    if until is not None and spec.valid_months is not None:
        raise argparse.ArgumentTypeError(current()._("'{value}': a {kind} list counts for a fixed time from its date "
                                                     "by rule; leave out ..UNTIL", value=text, kind=kind))
    return SuppressOption(kind, Path(path), date, until)


def _rows(path: Path):
    from cli.io import read_table
    from functions.suppression.upload import decode, iter_list_rows

    if path.suffix.lower() in (".xlsx", ".xlsm"):
        header, rows, _ = read_table(path)
        return [header, *rows]
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(N_("{file}: the list file does not exist."), code="input.unreadable", file=str(path)) from err
    except OSError as err:  # a folder, no permission: the system's words
        raise InputError(N_("{file}: the list file cannot be read ({detail})."), code="input.unreadable",
                         file=str(path), detail=str(err.strerror)) from err
    return iter_list_rows(decode(data, str(path)), str(path))


def load_lists(options: list[SuppressOption], today: dt.date, t: Translator | None = None
               ) -> tuple[tuple[SuppressionList, ...], bytes, list[str]]:
    """The lists hashed under a new key for this run, the key, and notes (in ``t``'s language) on rows that
    held no value."""
    t = t or translator("en")
    key = secrets.token_bytes(32)
    lists, notes = [], []
    for option in options:
        if option.date is not None and option.date > today:
            raise InputError(N_("{file}: the list's date {date} is in the future."), code="suppression.future_date",
                             file=str(option.path), date=option.date)
        hashes, stats = hashed_list(_rows(option.path), kind=option.kind, key=key, today=today)
        if not len(hashes):
            raise InputError(N_("{file}: no phone number, personal id or e-mail address was found in it. Give the "
                                "file the register or bureau delivered, one value a line or with a header."),
                             code="suppression.empty", file=str(option.path))
        if stats.unreadable:
            shown = list(stats.unreadable[:5])
            notes.append(t.n_("{file}: row {rows} holds no phone number, id or e-mail address; it was skipped.",
                              "{file}: rows {rows} hold no phone number, id or e-mail address; they were skipped.",
                              len(shown), file=str(option.path), rows=shown))
        lists.append(SuppressionList(option.kind, option.date, hashes, valid_until=option.until, name=option.path.name))
    return tuple(lists), key, notes
