"""Registers in and out of files: CSV as Excel and Sheets export it, and .xlsx through openpyxl.

``read_table(path) -> (header, rows, FileFormat)`` reads a workbook's sheet (the one named, else the first
with a header row) or the whole CSV as text cells;
``write_table(path, header, rows, fmt)`` writes them back the same way (same encoding, delimiter and line
ends; for .xlsx only the cells whose text changed, so formats, formulas and other sheets stay).
Every write goes to a temporary file in the target folder and is renamed over the target at the end, so
a reader never sees half a file. Problems raise ``core.errors.InputError`` naming the file and the line.

CSV encodings: UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252 (what Swedish Excel's "CSV"
writes). Delimiters: ``;`` ``,`` or tab, chosen by which gives the most rows of the header's width;
an Excel ``sep=;`` first line is honoured and written back.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from core.errors import InputError
from core.i18n import N_, Nn_, Translator, translator

_DELIMITERS = (";", ",", "\t")
_SNIFF_ROWS = 50
# More lines than this in one cell is no note or address: it is rows a stray quote took in.
_MAX_CELL_LINES = 50
_DATA_LOOKING = re.compile(r"^\s*(?:[^@\s]+@[^@\s]+\.\w+|\+?[\d\s\-()]{7,})\s*$")


@dataclass(frozen=True)
class FileFormat:
    """How a register file was stored, so that it can be written back the same way."""

    kind: str  # "csv" or "xlsx"
    encoding: str = "utf-8"  # a Python codec name: utf-8, utf-8-sig, utf-16, cp1252
    delimiter: str = ","
    newline: str = "\r\n"
    sep_line: bool = False  # the file started with Excel's "sep=;" hint
    sheet: str | None = None  # xlsx: the sheet that was read
    source: str | None = None  # xlsx: the workbook the cells came from (its other content is kept)
    header_row: int = 1  # the row of the header; rows above it (a title) are kept as they are
    above: tuple[tuple[str, ...], ...] = ()  # csv: the rows above the header, written back unchanged
    sheets: tuple[str, ...] = ()  # xlsx: every sheet of the workbook, in order

    def describe(self, t: Translator | None = None) -> str:
        """How the file was read, for the summary and the report: ``CSV, UTF-8, semicolon-separated``."""
        t = t or translator("en")
        if self.kind == "xlsx" and len(self.sheets) > 1:
            return t._("Excel workbook, sheet '{sheet}' of {n}; --sheet NAME cleans another", sheet=self.sheet,
                       n=len(self.sheets))
        if self.kind == "xlsx":
            return t._("Excel workbook, sheet '{sheet}'", sheet=self.sheet)
        encoding = t._("UTF-8 with BOM") if self.encoding == "utf-8-sig" else _ENCODING_NAMES.get(self.encoding,
                                                                                                   self.encoding)
        if self.delimiter == "\t":
            return t._("CSV, {encoding}, tab-separated", encoding=encoding)
        if self.delimiter == ";":
            return t._("CSV, {encoding}, semicolon-separated", encoding=encoding)
        return t._("CSV, {encoding}, comma-separated", encoding=encoding)


_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-16": "UTF-16", "cp1252": "Windows-1252"}


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the codec that read it; utf-16 and utf-8 BOMs decide, then UTF-8, then Windows-1252."""
    candidates: tuple[str, ...]
    if data.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "cp1252")
    first_error: UnicodeDecodeError | None = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            first_error = first_error or err
            continue
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            raise InputError(
                N_("{file}: line {line} contains NUL bytes: this looks like a binary file, not CSV text. Save the "
                   "register as CSV (UTF-8) or .xlsx and try again."),
                code="input.encoding",
                row=line, file=str(path), line=line,
            )
        return text, encoding
    assert first_error is not None
    byte = data[first_error.start]
    line = _line_of(data, first_error.start)
    raise InputError(
        N_("{file}: cannot tell the text encoding: byte 0x{byte} on line {line} is not UTF-8, UTF-16 or "
           "Windows-1252 text. Save the register as CSV (UTF-8) and try again."),
        code="input.encoding",
        row=line, file=str(path), byte=f"{byte:02X}", line=line,
    )


# A line as io.StringIO(text, newline="") yields it (ended by \r\n, \r or \n, kept), found lazily: the sniffer reads
# the first rows only, and a StringIO copies the whole text first (four times a sniff, 70 ms at 100k rows)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    return (match.group() for match in _LINE.finditer(text))


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the most rows of the header's width (>1 column)."""

    def fit(delimiter: str) -> tuple[float, int]:
        reader = csv.reader(_lines(text), delimiter=delimiter)
        widths = [len(row) for _, row in zip(range(_SNIFF_ROWS), reader) if row]
        if not widths or widths[0] < 2:
            return (0.0, 0)
        return (sum(1 for w in widths if w == widths[0]) / len(widths), widths[0])

    best = max(_DELIMITERS, key=fit)
    return best if fit(best)[1] else ","


def _check_header(path: Path, header: list[str], delimiter: str, following: Sequence[list[str]] = (),
                  row: int = 1) -> None:
    if not any(cell.strip() for cell in header):
        raise InputError(
            N_("{file}: row {row} is empty, so there is no header row. The header row must name the columns, for "
               "example {example}."),
            code="input.no_header",
            row=row, file=str(path), example=delimiter.join(("Namn", "E-post", "Telefon")),
        )
    filled = [cell for cell in header if cell.strip()]
    below = max((sum(1 for cell in row if cell.strip()) for row in following[:5]), default=0)
    if len(filled) == 1 and below >= 3:
        names = next((i for i, r in enumerate(following[:5], start=row + 1) if sum(1 for c in r if c.strip()) > 1),
                     row + 1)
        raise InputError(
            N_("{file}: row {row} has one filled cell ('{title}') but the rows below have up to {n}: it looks like a "
               "title, not the header row. Remove the rows above the column names, or say which row names them "
               "(--header-row {header_row}), and try again."),
            code="input.no_header",
            row=row, file=str(path), title=filled[0].strip(), n=below, header_row=str(names),
        )
    looks_like_data = next((cell for cell in header if _DATA_LOOKING.match(cell)), None)
    if looks_like_data is not None:
        raise InputError(
            N_("{file}: row {row} holds data ('{value}'), not column names, so there is no header row. Add a first row "
               "that names the columns, for example {example}."),
            code="input.no_header",
            row=row, file=str(path), value=looks_like_data.strip(), example=delimiter.join(("Namn", "E-post", "Telefon")),
        )


def _below_title(path: Path, rows: list, header_row: int) -> tuple[list, list]:
    """(rows above the header, the header and the rows under it) for a header on ``header_row``."""
    if header_row > 1 and len(rows) < header_row:
        raise InputError(Nn_("{file}: the file has only {n} row, so row {row} cannot be the header.",
                             "{file}: the file has only {n} rows, so row {row} cannot be the header."),
                         code="input.no_header", row=header_row, file=str(path), n=len(rows))
    return rows[: header_row - 1], rows[header_row - 1 :]


def _stray_quote(path: Path, line: int, swallowed: int) -> InputError:
    message = (N_("{file}: line {line}: a double quote (\") opens a cell that runs over the next line and takes in "
                  "whole rows, so customers would be lost. Remove the stray \" on that line (or write a quote inside "
                  "a cell as \"\"), save, and try again; nothing was written.") if swallowed == 1 else
               N_("{file}: line {line}: a double quote (\") opens a cell that runs over the next {n} lines and takes "
                  "in whole rows, so customers would be lost. Remove the stray \" on that line (or write a quote "
                  "inside a cell as \"\"), save, and try again; nothing was written."))
    return InputError(message, code="input.stray_quote", row=line, file=str(path), line=line, n=swallowed)


def _swallows_rows(cell: str, delimiter: str, width: int) -> bool:
    """Whether a cell with line breaks holds whole rows: a line in it (after its first) with the
    delimiters of a row. A note or an address written over several lines has none, or only one or two."""
    lines = cell.splitlines()
    if len(lines) > _MAX_CELL_LINES:
        return True
    need = max(1, min(width - 1, 2))
    return any(line.count(delimiter) >= need for line in lines[1:])


def _merged_cells(row: list[str], delimiter: str, width: int) -> bool:
    """Whether a short row is short because a quote joined its cells: the delimiters inside its cells
    make up exactly the cells it lacks (a real export's short row lacks only empty trailing cells)."""
    inside = sum(cell.count(delimiter) for cell in row)
    return 0 < inside and len(row) < width <= len(row) + inside


def _csv_rows(path: Path, text: str, delimiter: str, first_line: int = 1) -> list[list[str]]:
    """Every row of the CSV text as cells; refuses a file whose quoting swallows rows (a stray ")."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Interned cells: a city, postal code or first name that repeats is one string object, not one per
    # row (a 200k-row register takes about a third less memory).
    intern = sys.intern
    rows: list[list[str]] = []
    width = 0
    ended = 0  # the physical line the previous row ended on (reader.line_num counts the lines read)
    try:
        for row in reader:
            started = ended + 1
            ended = reader.line_num
            # The widest row so far: the header's width once past a title (real exports give every row it).
            width = max(width, len(row))
            if ended > started or (width and len(row) < width):
                breaks = 0
                for cell in row:
                    if "\n" in cell or "\r" in cell:
                        if _swallows_rows(cell, delimiter, max(width, 2)):
                            raise _stray_quote(path, started + breaks + first_line - 1, ended - started)
                        breaks += cell.count("\n") or cell.count("\r")
                if width and _merged_cells(row, delimiter, width):
                    raise _stray_quote(path, started + first_line - 1, ended - started) if ended > started else (
                        _joined_cells(path, started + first_line - 1, len(row), width))
            rows.append([intern(cell) for cell in row])
    except csv.Error as err:
        # The one csv.Error a NUL-free text gives: a quoted cell past csv's field size limit (128 KiB), which
        # in a register is a quote that never closed. The row it belongs to starts on the next line.
        line = ended + first_line
        if "field limit" in str(err):
            raise _stray_quote(path, line, text.count("\n", 0) - ended) from None
        raise InputError(N_("{file}: line {line}: the CSV cannot be read ({detail}). Save the register again as CSV "
                            "(UTF-8) or .xlsx and try again; nothing was written."), code="input.csv", row=line,
                         file=str(path), line=line, detail=str(err)) from None
    return rows


def _joined_cells(path: Path, line: int, cells: int, width: int) -> InputError:
    return InputError(
        N_("{file}: line {line}: a double quote (\") joins cells, so the row has {n} cells where the header has "
           "{width}. Remove the stray \" on that line (or write a quote inside a cell as \"\"), save, and try again; "
           "nothing was written."),
        code="input.stray_quote",
        row=line, file=str(path), line=line, n=cells, width=width,
    )


def _read_csv(path: Path, data: bytes, header_row: int = 1) -> tuple[list[str], list[list[str]], FileFormat]:
    text, encoding = _decode(path, data)
    sep_line = False
    match = re.match(r"sep=(.)\r?\n", text)
    if match:
        delimiter, text, sep_line = match.group(1), text[match.end():], True
    else:
        delimiter = _sniff_delimiter(text)
    newline = "\r\n" if "\r\n" in text[:100_000] else "\n"
    rows = _csv_rows(path, text, delimiter, first_line=2 if sep_line else 1)
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        raise InputError(
            N_("{file}: the file is empty, so there is no header row. The first row must name the columns, for "
               "example {example}."),
            code="input.no_header",
            row=1, file=str(path), example=delimiter.join(("Namn", "E-post", "Telefon")),
        )
    above, rows = _below_title(path, rows, header_row)
    header, body = rows[0], rows[1:]
    _check_header(path, header, delimiter, body, header_row)
    # A blank line inside the data is a row of empty cells (kept, so row numbers match the file).
    body = [row if row else [""] * len(header) for row in body]
    fmt = FileFormat("csv", encoding=encoding, delimiter=delimiter, newline=newline, sep_line=sep_line,
                     header_row=header_row, above=tuple(tuple(row) for row in above))
    return header, body, fmt


def _xlsx_text(value: object) -> str:
    """A cell's value as the text a person sees (whole numbers without '.0', dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _open_workbook(path: Path, **options):
    import openpyxl  # imported here: CSV-only runs do not pay for it

    try:
        return openpyxl.load_workbook(path, **options)
    except Exception as err:  # openpyxl raises zipfile, KeyError and XML errors for damaged files
        raise InputError(
            N_("{file}: cannot open the file as an Excel workbook (.xlsx): {error}. Open it in Excel or Sheets and "
               "save it again as .xlsx or CSV."),
            code="input.xlsx", file=str(path), error=type(err).__name__,
        ) from err


_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def _refuse_ole(path: Path, data: bytes) -> None:
    """An .xlsx name on an OLE compound file: a password-protected workbook, or an old .xls renamed."""
    if not data.startswith(_OLE_MAGIC):
        return
    if "EncryptedPackage".encode("utf-16-le") in data[:1_000_000]:
        raise InputError(
            N_("{file}: the workbook is protected with a password, so it cannot be read. Open it in Excel, remove the "
               "password (File > Info > Protect Workbook > Encrypt with Password, clear it), save, and try again."),
            code="input.password", file=str(path),
        )
    raise InputError(
        N_("{file}: this is an old Excel file (.xls) with an .xlsx name. Open it in Excel or Sheets, save it as .xlsx "
           "or CSV, and try again."),
        code="input.unsupported", file=str(path),
    )


def _sheet_rows(sheet) -> list[list[str]]:
    rows = [[_xlsx_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _header_and_body(path: Path, rows: list[list[str]], header_row: int, title: str) -> tuple[list[str], list]:
    if not rows:
        raise InputError(
            N_("{file}: the sheet '{sheet}' is empty, so there is no header row. The first row must name the columns, "
               "for example Namn | E-post | Telefon."),
            code="input.no_header",
            row=1, file=str(path), sheet=title,
        )
    rows = _below_title(path, rows, header_row)[1]
    header = rows[0]
    while header and not header[-1]:
        header = header[:-1]
    _check_header(path, header, " | ", rows[1:], header_row)
    width = len(header)
    body = [row[:width] if not any(row[width:]) else row for row in rows[1:]]
    if not any(cell.strip() for row in body for cell in row):
        raise _no_rows(path, header, title, header_row)
    return header, body


def _read_xlsx(path: Path, data: bytes, header_row: int = 1, sheet: str | None = None
               ) -> tuple[list[str], list[list[str]], FileFormat]:
    """The sheet named ``sheet``, else the first sheet that has a header row."""
    _refuse_ole(path, data)
    workbook = _open_workbook(path, read_only=True, data_only=False)
    try:
        names = tuple(workbook.sheetnames)
        if sheet is not None:
            if sheet not in names:
                # the names as a list in the reader's language ("Kunder och Leverantörer"), as --role lists columns;
                # not Python's repr quotes, which no language writes
                raise InputError(N_("{file}: the workbook has no sheet “{sheet}”; its sheets are {sheets}."),
                                 code="input.no_sheet", file=str(path), sheet=sheet, sheets=list(names))
            header, body = _header_and_body(path, _sheet_rows(workbook[sheet]), header_row, sheet)
            title = sheet
        else:
            first_error = None
            for title in names:
                try:
                    header, body = _header_and_body(path, _sheet_rows(workbook[title]), header_row, title)
                    break
                except InputError as err:  # no header on this sheet: try the next one
                    first_error = first_error or err
            else:
                if len(names) == 1 or first_error is None:
                    raise first_error or InputError(N_("{file}: the workbook has no sheets."), code="input.no_header",
                                                    file=str(path))
                raise InputError(
                    N_("{file}: none of the sheets ({sheets}) has a header row naming the columns; on the first: "
                       "{detail}"),
                    code="input.no_header", file=str(path), sheets=", ".join(repr(n) for n in names),
                    detail=_Without(first_error, f"{path}: "),
                ) from None
    finally:
        workbook.close()
    fmt = FileFormat("xlsx", sheet=title, source=str(path), header_row=header_row, sheets=names)
    return header, body, fmt


def read_table(path: str | os.PathLike, header_row: int = 1, sheet: str | None = None
               ) -> tuple[list[str], list[list[str]], FileFormat]:
    """Read a register file: (header, data rows of text, how the file was stored).

    ``header_row`` is the row that names the columns (1 = the first); rows above it, such as a title,
    are not data: they are kept in the format and written back unchanged. ``sheet`` names the sheet of a
    workbook; without it the first sheet with a header row is read (``FileFormat.sheet`` says which).
    A file with a header and no customer rows under it is refused (``input.no_rows``).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(N_("{file}: the file does not exist."), code="input.unreadable", file=str(path)) from err
    except IsADirectoryError as err:
        raise InputError(N_("{file}: this is a folder, not a file."), code="input.unreadable", file=str(path)) from err
    except PermissionError as err:
        raise InputError(N_("{file}: permission denied; the file cannot be read."), code="input.unreadable",
                         file=str(path)) from err
    except OSError as err:
        raise InputError(N_("{file}: the file cannot be read ({detail})."), code="input.unreadable", file=str(path),
                         detail=str(err.strerror)) from err
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        header, rows, fmt = _read_xlsx(path, data, header_row, sheet)
    elif suffix in (".xls", ".ods", ".numbers"):
        raise InputError(
            N_("{file}: {suffix} files are not supported. Save the register as .xlsx or CSV and try again."),
            code="input.unsupported", file=str(path), suffix=suffix,
        )
    else:
        if sheet is not None:
            raise InputError(N_("{file}: --sheet is for .xlsx workbooks; a CSV file has no sheets."), code="input.no_sheet",
                             file=str(path))
        header, rows, fmt = _read_csv(path, data, header_row)
    if not any(cell.strip() for row in rows for cell in row):
        raise _no_customer_rows(path, header, fmt)
    return header, rows, fmt


def _no_customer_rows(path: Path, header: list[str], fmt: FileFormat) -> InputError:
    return _no_rows(path, header, fmt.sheet if fmt.kind == "xlsx" else None, fmt.header_row)


def _no_rows(path: Path, header: list[str], sheet: str | None, header_row: int) -> InputError:
    named = " | ".join(cell.strip() for cell in header if cell.strip())
    message = N_("{file}: no customer rows: the file has only one row with text ({columns}) and nothing under it. Add "
                 "the customers below the column names, or choose the file or sheet that holds them, and try again.")
    if sheet is not None:
        message = N_("{file}: no customer rows: the sheet '{sheet}' has only one row with text ({columns}) and nothing "
                     "under it. Add the customers below the column names, or choose the file or sheet that holds them, "
                     "and try again.")
    return InputError(message, code="input.no_rows", row=header_row + 1, file=str(path), sheet=sheet, columns=named)


class _Without:
    """Another error's message, in the language it is shown in, without its first words (the file's name)."""

    def __init__(self, error: InputError, prefix: str) -> None:
        self.error, self.prefix = error, prefix

    def text(self, language: str | None) -> str:
        return self.error.text(language).removeprefix(self.prefix)


def _atomic_write(path: Path, write) -> None:
    """Write through a temporary file in the same folder and rename it over ``path``."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        # mkstemp makes the file private (0600); give it the mode a plain write would (or the old file's).
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temp, mode)
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def write_bytes(path: str | os.PathLike, data: bytes | Iterable[bytes]) -> None:
    """Write a whole file atomically, from bytes or from pieces of bytes (reports use this too)."""
    if isinstance(data, (bytes, bytearray)):
        _atomic_write(Path(path), lambda out: out.write(data))
    else:
        _atomic_write(Path(path), lambda out: out.writelines(data))


def _write_csv(out, header: list[str], rows: list[list[str]], fmt: FileFormat) -> None:
    """Stream the CSV into a binary file in ``fmt``'s encoding (UnicodeEncodeError when a text does not fit)."""
    text = io.TextIOWrapper(out, encoding=fmt.encoding, errors="strict", newline="", write_through=False)
    if fmt.sep_line:
        text.write(f"sep={fmt.delimiter}{fmt.newline}")
    writer = csv.writer(text, delimiter=fmt.delimiter, lineterminator=fmt.newline)
    writer.writerows(fmt.above)
    writer.writerow(header)
    writer.writerows(rows)
    text.flush()
    text.detach()  # leave the binary file open for the caller


def _write_xlsx(path: Path, header: list[str], rows: list[list[str]], fmt: FileFormat) -> None:
    workbook = _open_workbook(Path(fmt.source or path))
    sheet = workbook[fmt.sheet] if fmt.sheet in workbook.sheetnames else workbook.worksheets[0]
    for r, values in enumerate([header, *rows], start=fmt.header_row):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c)
            if _xlsx_text(cell.value) != value:
                cell.value = value
                cell.data_type = "s"  # text, even when it starts with "=": never turn data into a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_bytes(path, buffer.getvalue())


def table_kind(path: str | os.PathLike) -> str:
    """"xlsx" for a workbook's name, else "csv" (what write_table writes to that path)."""
    return "xlsx" if Path(path).suffix.lower() in (".xlsx", ".xlsm") else "csv"


def _write_new_xlsx(path: Path, header: list[str], rows: list[list[str]], fmt: FileFormat) -> None:
    """A register read from CSV, written as a new workbook: every cell is text (no number, date or formula
    guessing), so +46709412025, 0150 and 197006237528 stay exactly as written."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Register")
    for values in [*fmt.above, header, *rows]:
        sheet.append([_text_cell(sheet, value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_bytes(path, buffer.getvalue())


def _text_cell(sheet, value: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=None)
    cell.value = value
    cell.data_type = "s"  # set after the value: openpyxl would otherwise read "=..." as a formula
    return cell


def write_table(
    path: str | os.PathLike, header: list[str], rows: list[list[str]], fmt: FileFormat
) -> FileFormat:
    """Write a register atomically in ``fmt``; returns the format actually written (UTF-8 with BOM when a
    Windows-1252 file gets text that encoding cannot hold). The path's name decides CSV or .xlsx: a CSV
    written to ``x.xlsx`` becomes a new workbook of text cells, a workbook written to ``x.csv`` a UTF-8 CSV."""
    path = Path(path)
    if table_kind(path) == "xlsx" and fmt.kind != "xlsx":
        _write_new_xlsx(path, header, rows, fmt)
        return replace(fmt, kind="xlsx", sheet="Register")
    if fmt.kind == "xlsx" and table_kind(path) == "xlsx":
        _write_xlsx(path, header, rows, fmt)
        return fmt
    if fmt.kind == "xlsx":
        fmt = FileFormat("csv", encoding="utf-8-sig", delimiter=";" if _uses_comma_decimals(rows) else ",",
                         header_row=fmt.header_row)
    try:
        _atomic_write(path, lambda out: _write_csv(out, header, rows, fmt))
        return fmt
    except UnicodeEncodeError:  # a cleaned text Windows-1252 cannot hold: keep every character instead
        written = replace(fmt, encoding="utf-8-sig")
        _atomic_write(path, lambda out: _write_csv(out, header, rows, written))
        return written


# Digits a spreadsheet's CSV import reads as a number and then shows differently: a leading + or 0 is
# dropped (+46709412025, 0150, 00100), 12 or more digits are shown in scientific notation and past 15 lose
# digits (LibreOffice and Excel with their default import; tests/cli/test_libreoffice.py shows it).
# A number a spreadsheet already wrote in scientific notation (4,67012E+10) is read as one again.
_NUMBER_ON_IMPORT = re.compile(r"\+\d+|0\d+|\d{12,}|[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")


def numbers_on_import(header: list[str], rows: list[list[str]]) -> dict[str, int]:
    """{column header: cells in it that a spreadsheet's CSV import turns into a different-looking number}."""
    found: dict[str, int] = {}
    for row in rows:
        for name, value in zip(header, row):
            if value[:1] in "+-0123456789" and value and _NUMBER_ON_IMPORT.fullmatch(value):
                found[name] = found.get(name, 0) + 1
    return found


def numbers_note(header: list[str], rows: list[list[str]], output: Path, t: Translator | None = None) -> str | None:
    """The CLI's note on cells no CSV form keeps as text (0150, a long customer number), or None."""
    found = numbers_on_import(header, rows)
    if not found:
        return None
    t = t or translator("en")
    columns = ", ".join(f"{name} ({t.number(n)})" for name, n in found.items())
    return "  " + t.n_(
        "Note: {n} cell holds digits that a spreadsheet opening this CSV reads as a number, losing a leading 0 or + "
        "or showing it as 1.2E+11: {columns}. No CSV form keeps them as text; write an Excel file instead (--output "
        "{workbook}), where every cleaned cell is stored as text.",
        "Note: {n} cells hold digits that a spreadsheet opening this CSV reads as a number, losing a leading 0 or + "
        "or showing it as 1.2E+11: {columns}. No CSV form keeps them as text; write an Excel file instead (--output "
        "{workbook}), where every cleaned cell is stored as text.",
        sum(found.values()), columns=columns, workbook=str(output.with_suffix(".xlsx")))


def _uses_comma_decimals(rows: list[list[str]]) -> bool:
    return any(re.fullmatch(r"-?\d+,\d+", value) for row in rows[:200] for value in row)
