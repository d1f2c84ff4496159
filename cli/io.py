"""Registers in and out of files: CSV as Excel and Sheets export it, and .xlsx through openpyxl.

``read_table(path) -> (header, rows, FileFormat)`` reads the first sheet or the whole CSV as text cells;
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
from collections.abc import Iterable
import csv
import datetime as dt
import io
import os
import re
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from core.errors import InputError

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

    def describe(self) -> str:
        if self.kind == "xlsx":
            return f"Excel workbook, sheet {self.sheet!r}"
        names = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16", "cp1252": "Windows-1252"}
        delimiter = {"\t": "tab", ";": "semicolon", ",": "comma"}[self.delimiter]
        return f"CSV, {names.get(self.encoding, self.encoding)}, {delimiter}-separated"


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the codec that read it; utf-16 and utf-8 BOMs decide, then UTF-8, then Windows-1252."""
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
                f"{path}: line {line} contains NUL bytes: this looks like a binary file, not CSV text. "
                "Save the register as CSV (UTF-8) or .xlsx and try again.",
                code="input.encoding",
                row=line,
            )
        return text, encoding
    assert first_error is not None
    byte = data[first_error.start]
    line = _line_of(data, first_error.start)
    raise InputError(
        f"{path}: cannot tell the text encoding: byte 0x{byte:02X} on line {line} is not UTF-8, UTF-16 "
        "or Windows-1252 text. Save the register as CSV (UTF-8) and try again.",
        code="input.encoding",
        row=line,
    )


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the most rows of the header's width (>1 column)."""

    def fit(delimiter: str) -> tuple[float, int]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        widths = [len(row) for _, row in zip(range(_SNIFF_ROWS), reader) if row]
        if not widths or widths[0] < 2:
            return (0.0, 0)
        return (sum(1 for w in widths if w == widths[0]) / len(widths), widths[0])

    best = max(_DELIMITERS, key=fit)
    return best if fit(best)[1] else ","


def _check_header(path: Path, header: list[str], delimiter: str, following: list[list[str]] = (),
                  row: int = 1) -> None:
    if not any(cell.strip() for cell in header):
        raise InputError(
            f"{path}: row {row} is empty, so there is no header row. The header row must name the columns, "
            f"for example Namn{delimiter}E-post{delimiter}Telefon.",
            code="input.no_header",
            row=row,
        )
    filled = [cell for cell in header if cell.strip()]
    below = max((sum(1 for cell in row if cell.strip()) for row in following[:5]), default=0)
    if len(filled) == 1 and below >= 3:
        names = next((i for i, r in enumerate(following[:5], start=row + 1) if sum(1 for c in r if c.strip()) > 1),
                     row + 1)
        raise InputError(
            f"{path}: row {row} has one filled cell ({filled[0].strip()!r}) but the rows below have up to {below}: "
            "it looks like a title, not the header row. Remove the rows above the column names, or say which row "
            f"names them (--header-row {names}), and try again.",
            code="input.no_header",
            row=row,
        )
    looks_like_data = next((cell for cell in header if _DATA_LOOKING.match(cell)), None)
    if looks_like_data is not None:
        raise InputError(
            f"{path}: row {row} holds data ({looks_like_data.strip()!r}), not column names, so there is no header "
            f"row. Add a first row that names the columns, for example Namn{delimiter}E-post{delimiter}Telefon.",
            code="input.no_header",
            row=row,
        )


def _below_title(path: Path, rows: list, header_row: int) -> tuple[list, list]:
    """(rows above the header, the header and the rows under it) for a header on ``header_row``."""
    if header_row > 1 and len(rows) < header_row:
        raise InputError(f"{path}: the file has only {len(rows)} rows, so row {header_row} cannot be the header.",
                         code="input.no_header", row=header_row)
    return rows[: header_row - 1], rows[header_row - 1 :]


def _stray_quote(path: Path, line: int, swallowed: int) -> InputError:
    lines = "line" if swallowed == 1 else f"{swallowed:,} lines"
    return InputError(
        f"{path}: line {line}: a double quote (\") opens a cell that runs over the next {lines} and takes in whole "
        "rows, so customers would be lost. Remove the stray \" on that line (or write a quote inside a cell as "
        "\"\"), save, and try again; nothing was written.",
        code="input.stray_quote",
        row=line,
    )


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
        raise InputError(f"{path}: line {line}: the CSV cannot be read ({err}). Save the register again as CSV "
                         "(UTF-8) or .xlsx and try again; nothing was written.", code="input.csv", row=line) from None
    return rows


def _joined_cells(path: Path, line: int, cells: int, width: int) -> InputError:
    return InputError(
        f"{path}: line {line}: a double quote (\") joins cells, so the row has {cells} cells where the header has "
        f"{width}. Remove the stray \" on that line (or write a quote inside a cell as \"\"), save, and try again; "
        "nothing was written.",
        code="input.stray_quote",
        row=line,
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
            f"{path}: the file is empty, so there is no header row. The first row must name the columns, "
            f"for example Namn{delimiter}E-post{delimiter}Telefon.",
            code="input.no_header",
            row=1,
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
            f"{path}: cannot open the file as an Excel workbook (.xlsx): {type(err).__name__}. "
            "Open it in Excel or Sheets and save it again as .xlsx or CSV.",
            code="input.xlsx",
        ) from err


def _read_xlsx(path: Path, header_row: int = 1) -> tuple[list[str], list[list[str]], FileFormat]:
    workbook = _open_workbook(path, read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        rows = [[_xlsx_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        title = sheet.title
    finally:
        workbook.close()
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise InputError(
            f"{path}: the first sheet is empty, so there is no header row. The first row must name the columns, "
            "for example Namn | E-post | Telefon.",
            code="input.no_header",
            row=1,
        )
    rows = _below_title(path, rows, header_row)[1]
    header = rows[0]
    while header and not header[-1]:
        header = header[:-1]
    _check_header(path, header, " | ", rows[1:], header_row)
    width = len(header)
    body = [row[:width] if not any(row[width:]) else row for row in rows[1:]]
    return header, body, FileFormat("xlsx", sheet=title, source=str(path), header_row=header_row)


def read_table(path: str | os.PathLike, header_row: int = 1) -> tuple[list[str], list[list[str]], FileFormat]:
    """Read a register file: (header, data rows of text, how the file was stored).

    ``header_row`` is the row that names the columns (1 = the first); rows above it, such as a title,
    are not data: they are kept in the format and written back unchanged.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"{path}: the file does not exist.", code="input.unreadable") from err
    except IsADirectoryError as err:
        raise InputError(f"{path}: this is a folder, not a file.", code="input.unreadable") from err
    except PermissionError as err:
        raise InputError(f"{path}: permission denied; the file cannot be read.", code="input.unreadable") from err
    except OSError as err:
        raise InputError(f"{path}: the file cannot be read ({err.strerror}).", code="input.unreadable") from err
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, header_row)
    if suffix in (".xls", ".ods", ".numbers"):
        raise InputError(
            f"{path}: {suffix} files are not supported. Save the register as .xlsx or CSV and try again.",
            code="input.unsupported",
        )
    return _read_csv(path, data, header_row)


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


def write_table(
    path: str | os.PathLike, header: list[str], rows: list[list[str]], fmt: FileFormat
) -> FileFormat:
    """Write a register atomically in ``fmt``; returns the format actually written (UTF-8 with BOM when a
    Windows-1252 file gets text that encoding cannot hold)."""
    path = Path(path)
    if fmt.kind == "xlsx":
        _write_xlsx(path, header, rows, fmt)
        return fmt
    try:
        _atomic_write(path, lambda out: _write_csv(out, header, rows, fmt))
        return fmt
    except UnicodeEncodeError:  # a cleaned text Windows-1252 cannot hold: keep every character instead
        written = replace(fmt, encoding="utf-8-sig")
        _atomic_write(path, lambda out: _write_csv(out, header, rows, written))
        return written
