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

from core.contact import KIND_NAMES, KINDS, SuppressionList
from core.contact.lists import hashed_list
from core.errors import InputError


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
        raise argparse.ArgumentTypeError(f"{option!r}: {text!r} is not a date; write it as YYYY-MM-DD") from None


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
        raise argparse.ArgumentTypeError(f"{text!r}: write it as KIND=FILE[@YYYY-MM-DD], for example "
                                         "--suppress nix=nix-svar.txt@2026-11-02")
    if kind not in KINDS:
        raise argparse.ArgumentTypeError(f"{kind!r} is not a kind of list; use one of: {', '.join(KIND_NAMES)}")
    path, at, dates = rest.rpartition("@")
    if not at or not dates[:1].isdigit():
        path, dates = rest, ""
    first, _, until_text = dates.partition("..")
    date = _date(first, text) if first else None
    until = _date(until_text, text) if until_text else None
    spec = KINDS[kind]
    if spec.date_required and date is None:
        raise argparse.ArgumentTypeError(
            f"{text!r}: a {kind} list needs its date (it counts {spec.valid_months} month"
            f"{'s' if spec.valid_months > 1 else ''} from then): {kind}=FILE@YYYY-MM-DD")
    if until is not None and spec.valid_months is not None:
        raise argparse.ArgumentTypeError(f"{text!r}: a {kind} list counts {spec.valid_months} month(s) from its date "
                                         "by rule; leave out ..UNTIL")
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
        raise InputError(f"{path}: the list file does not exist.", code="input.unreadable") from err
    except OSError as err:  # a folder, no permission: the system's words
        raise InputError(f"{path}: the list file cannot be read ({err.strerror}).", code="input.unreadable") from err
    return iter_list_rows(decode(data, str(path)), str(path))


def load_lists(options: list[SuppressOption], today: dt.date) -> tuple[tuple[SuppressionList, ...], bytes, list[str]]:
    """The lists hashed under a new key for this run, the key, and notes on rows that held no value."""
    key = secrets.token_bytes(32)
    lists, notes = [], []
    for option in options:
        if option.date is not None and option.date > today:
            raise InputError(f"{option.path}: the list's date {option.date} is in the future.", code="suppression.future_date")
        hashes, stats = hashed_list(_rows(option.path), kind=option.kind, key=key, today=today)
        if not len(hashes):
            raise InputError(f"{option.path}: no phone number, personal id or e-mail address was found in it. "
                             "Give the file the register or bureau delivered, one value a line or with a header.",
                             code="suppression.empty")
        if stats.unreadable:
            shown = ", ".join(map(str, stats.unreadable[:5]))
            notes.append(f"{option.path}: rows {shown} hold no phone number, id or e-mail address; they were skipped.")
        lists.append(SuppressionList(option.kind, option.date, hashes, valid_until=option.until, name=option.path.name))
    return tuple(lists), key, notes
