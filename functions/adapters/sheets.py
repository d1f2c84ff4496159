"""Reading and writing connected Google Sheets with gspread, as Rensa's service account.

The user shares the spreadsheet with the service account (``client_email`` of
``RENSA_SERVICE_ACCOUNT_FILE``). Every server-side write to a tab goes through ``Sheets`` and follows the
write-back contract of docs/ARCHITECTURE.md, which the add-on follows too: only changed cells and Rensa's
status column are written, as text (``RAW``) with formula triggers neutralised; a cell that holds a formula
is never overwritten; a write that changes data cells first copies the tab to a hidden backup tab named
``Rensa backup: <tab> <YYYY-MM-DD HH:MM> UTC`` in the register's language (the undo); everything goes in one ``values:batchUpdate``.
The Sheets API has no conditional write, so just before writing the tab (or the rows the writer relies on)
is read again; if anyone changed it, nothing is written (``sheet.changed``, 409).
``RENSA_SHEETS_API_URL`` redirects ``https://sheets.googleapis.com`` with a requests transport adapter
(the test fake); gspread itself runs unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal

import gspread
import requests
from gspread.utils import rowcol_to_a1

from core.fields.cell import neutralise
from core.i18n import LANGUAGES, N_, translator
from functions.errors import ConflictError, NotConfigured, NotFoundError, RateLimited, SheetsAccessError, UpstreamError

GOOGLE_SHEETS = "https://sheets.googleapis.com"
BACKUP_PREFIX = "Rensa backup: "  # the add-on's too (addon/Sheet.gs BACKUP_PREFIX): one name for every writer's backups

# Tabs Rensa makes carry a marker that does not depend on the language they were named in (agreed with the
# add-on, addon/Tabs.gs): developer metadata on the tab, visible to the whole document, `rensa.tab` = what the
# tab is (`backup`, `job`, `fingerprints`) and `rensa.tab.of` = the sheetId of the register tab it belongs to.
TAB_MARKER, TAB_OF = "rensa.tab", "rensa.tab.of"
# Upkeep's hidden tab of row fingerprints: named and headed in the register's language.
FINGERPRINTS_TAB = N_("Rensa fingerprints ({tab})")
FINGERPRINTS_NOTE = N_("Rensa: row fingerprints for upkeep. Do not edit.")


class _Redirect(requests.adapters.HTTPAdapter):
    """Sends requests for ``https://sheets.googleapis.com/...`` to another base URL."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base.rstrip("/")

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]  # requests' own signature lists each keyword; they all pass through
        request.url = self.base + (request.url or "")[len(GOOGLE_SHEETS):]
        return super().send(request, **kwargs)


@dataclass
class Snapshot:
    """One tab as read: the full grid (header row included) and where the header is."""

    spreadsheet_id: str
    sheet: str
    sheet_id: int
    header_row: int
    grid: list[list[str]]
    col_count: int

    @property
    def header(self) -> list[str]:
        return list(self.grid[self.header_row - 1]) if len(self.grid) >= self.header_row else []

    @property
    def rows(self) -> list[list[str]]:
        width = len(self.header)
        return [(row + [""] * width)[:width] if len(row) < width else list(row) for row in self.grid[self.header_row:]]


@dataclass
class Written:
    """What a write did: cells written, the backup tab made (None without one), and the changed cells left
    alone because they hold a formula (1-based grid row, column)."""

    cells: int
    backup_sheet: str | None = None
    formula_cells: list[tuple[int, int]] = field(default_factory=list)


# The add-on's message (addon/Tabs.gs RENSA_TAB_NAMES, addon domain): one name, in one catalogue, for every
# writer's backups. Not marked here, so it is translated once.
BACKUP_TITLE = "Rensa backup: {tab} {stamp} UTC"
_SHEET_NAME_MAX, _TAB_NAME_PART_MAX = 100, 60  # Google's limit; the add-on's cut of the register tab's name


def backup_title(sheet: str, at: dt.datetime, language: str | None = "en") -> str:
    """The backup tab's name in ``language``, as the add-on names it (``rensaTabName`` in addon/Tabs.gs): the
    register tab's name cut so the whole name, with a " (99)" to tell two apart, fits Google's 100 characters.

    >>> backup_title("Kunder", dt.datetime(2026, 12, 1, 23, 5, 59, tzinfo=dt.UTC))
    'Rensa backup: Kunder 2026-12-01 23:05 UTC'
    >>> backup_title("Kunder", dt.datetime(2026, 12, 1, 23, 5, 59, tzinfo=dt.UTC), "sv")
    'Rensa-säkerhetskopia: Kunder 2026-12-01 23:05 UTC'
    """
    t, stamp = translator(language), f"{at.astimezone(dt.UTC):%Y-%m-%d %H:%M}"
    room = _SHEET_NAME_MAX - len(" (99)") - len(t._(BACKUP_TITLE, tab="", stamp=stamp))
    return t._(BACKUP_TITLE, tab=sheet[: max(1, min(_TAB_NAME_PART_MAX, room))], stamp=stamp)


def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _same(a: list[list[str]], b: list[list[str]]) -> bool:
    """Grids are equal ignoring trailing empty cells and rows (the API drops them)."""

    def trim(grid: list[list[str]]) -> list[list[str]]:
        rows = [list(row) for row in grid]
        for row in rows:
            while row and row[-1] == "":
                row.pop()
        while rows and not rows[-1]:
            rows.pop()
        return rows

    return trim(a) == trim(b)


class Sheets:
    def __init__(self, *, service_account_file: str, api_url: str = "") -> None:
        self.service_account_file = service_account_file
        self.api_url = api_url
        self._client: gspread.Client | None = None
        self._lock = threading.Lock()

    @property
    def service_account_email(self) -> str | None:
        if not self.service_account_file:
            return None
        with open(self.service_account_file, encoding="utf-8") as f:
            return json.load(f).get("client_email")

    def client(self) -> gspread.Client:
        with self._lock:
            if self._client is None:
                if not self.service_account_file:
                    raise NotConfigured(
                        N_("Connected registers need a service account on the server (RENSA_SERVICE_ACCOUNT_FILE)."),
                        code="sheets.not_configured",
                    )
                client = gspread.service_account(filename=self.service_account_file)
                if self.api_url:
                    client.http_client.session.mount(GOOGLE_SHEETS + "/", _Redirect(self.api_url))
                self._client = client
            return self._client

    def read(self, spreadsheet_id: str, sheet: str, header_row: int) -> Snapshot:
        """The whole tab as text (formatted values, as the user sees them)."""
        with _google_errors():
            worksheet = self.client().open_by_key(spreadsheet_id).worksheet(sheet)
            grid = worksheet.get_values()
        grid = [[str(v) for v in row] for row in grid]
        return Snapshot(spreadsheet_id, sheet, worksheet.id, header_row, grid, worksheet.col_count)

    def check_access(self, spreadsheet_id: str, sheet: str) -> None:
        """Raise a plain error unless the service account can open ``sheet`` in the spreadsheet."""
        with _google_errors():
            self.client().open_by_key(spreadsheet_id).worksheet(sheet)

    def write_back(
        self,
        snapshot: Snapshot,
        cells: list[tuple[int, int, str]],
        status: tuple[int, list[str]],
        *,
        extra_columns: int = 0,
        backup: bool = True,
        now: dt.datetime | None = None,
        language: str | None = "en",
    ) -> Written:
        """A clean's write: ``cells`` (1-based grid row, column, value) and the whole status column (grid
        column, values from the header row down), after a backup unless ``backup`` is false.

        Raises ``ConflictError`` and writes nothing if the tab no longer holds what ``snapshot`` holds.
        """
        status_col, status_values = status
        top = snapshot.header_row
        status_range = f"{rowcol_to_a1(top, status_col)}:{rowcol_to_a1(top + len(status_values) - 1, status_col)}"
        with _google_errors():
            spreadsheet = self.client().open_by_key(snapshot.spreadsheet_id)
            now_values = spreadsheet.values_get(_quote(snapshot.sheet)).get("values", [])
            if not _same(now_values, snapshot.grid):
                raise ConflictError(
                    N_("The sheet was edited while Rensa was cleaning it, so nothing was written. Run the clean again."),
                    code="sheet.changed",
                )
            return self._write(spreadsheet, snapshot, cells, [(status_range, [[v] for v in status_values])],
                               extra_columns=extra_columns, backup=backup, now=now, language=language)

    def read_column(self, snapshot: Snapshot, column: int) -> tuple[list[str], list[str]]:
        """The tab's header row and one column's data cells (0-based grid column) as they are now: a writer
        that writes only some rows reads them again just before writing instead of the whole tab."""
        quoted, top = _quote(snapshot.sheet), snapshot.header_row
        letter = rowcol_to_a1(1, column + 1).rstrip("0123456789")
        with _google_errors():
            spreadsheet = self.client().open_by_key(snapshot.spreadsheet_id)
            header, values = (r.get("values", []) for r in spreadsheet.values_batch_get(
                [f"{quoted}!{top}:{top}", f"{quoted}!{letter}{top + 1}:{letter}"])["valueRanges"])
        return [str(v) for v in (header[0] if header else [])], [str(r[0]) if r else "" for r in values]

    def write_cells(
        self,
        snapshot: Snapshot,
        cells: list[tuple[int, int, str]],
        *,
        status_cells: Sequence[tuple[int, int, str]] = (),
        extra_columns: int = 0,
        now: dt.datetime | None = None,
        language: str | None = "en",
    ) -> Written:
        """Write single data ``cells`` and ``status_cells`` (1-based grid row, column, value) whose rows the
        caller has just checked (``read_column``); a backup first when data cells change."""
        with _google_errors():
            spreadsheet = self.client().open_by_key(snapshot.spreadsheet_id)
            single = [(rowcol_to_a1(r, c), [[v]]) for r, c, v in status_cells]
            return self._write(spreadsheet, snapshot, cells, single, extra_columns=extra_columns, backup=bool(cells),
                               now=now, language=language)

    def _write(self, spreadsheet: gspread.Spreadsheet, snapshot: Snapshot, cells: list[tuple[int, int, str]],
               status_ranges: list[tuple[str, list[list[str]]]], *, extra_columns: int, backup: bool,
               now: dt.datetime | None, language: str | None) -> Written:
        """The write-back contract, once: formula cells kept, values neutralised, the backup, one batch."""
        quoted = _quote(snapshot.sheet)
        formulas = _formula_cells(spreadsheet.values_get(quoted, params={"valueRenderOption": "FORMULA"}).get("values", []),
                                  snapshot.grid)
        kept = [(r, c) for r, c, _ in cells if (r, c) in formulas]
        cells = [(r, c, v) for r, c, v in cells if (r, c) not in formulas]
        requests_: list[dict] = []
        title = None
        if backup and cells:
            tabs = spreadsheet.worksheets()
            taken = {sheet.title for sheet in tabs}
            # named in the register's language, as the add-on names its backups (found by the marker below)
            first = title = backup_title(snapshot.sheet, now or dt.datetime.now(dt.UTC), language)
            n = 1
            while title in taken:
                n += 1
                title = f"{first} ({n})"
            copy_id = max(sheet.id for sheet in tabs) + 1  # chosen here, so the copy is hidden in the same batch
            requests_ += [
                {"duplicateSheet": {"sourceSheetId": snapshot.sheet_id, "newSheetName": title, "newSheetId": copy_id}},
                # hidden, as the add-on's backups are: a copy of the register is not a tab to work in
                {"updateSheetProperties": {"properties": {"sheetId": copy_id, "hidden": True}, "fields": "hidden"}},
                *_marked(copy_id, "backup", snapshot.sheet_id),
            ]
        if extra_columns:
            requests_.append(
                {"appendDimension": {"sheetId": snapshot.sheet_id, "dimension": "COLUMNS", "length": extra_columns}}
            )
        if requests_:
            spreadsheet.batch_update({"requests": requests_})
        data = [{"range": f"{quoted}!{rowcol_to_a1(r, c)}", "values": [[neutralise(v)]]} for r, c, v in cells]
        data += [{"range": f"{quoted}!{where}", "values": [[neutralise(v) for v in row] for row in values]}
                 for where, values in status_ranges]
        if data:
            spreadsheet.values_batch_update({"valueInputOption": "RAW", "data": data})
        written = len(cells) + sum(len(values) for _, values in status_ranges)
        return Written(written, title, kept)

    # --- row fingerprints (upkeep): kept in the document, in a hidden tab per register tab ---------------
    @staticmethod
    def fingerprint_tab(sheet: str, language: str | None = "en") -> str:
        """The fingerprint tab's name in ``language`` (``Rensa fingerprints (Kunder)``)."""
        return translator(language)._(FINGERPRINTS_TAB, tab=sheet[:80])

    def _fingerprints_of(self, spreadsheet: gspread.Spreadsheet, sheet: str) -> _FoundTab | None:
        """The register tab's fingerprint tab: the one marked as such for this tab, else (a tab made before the
        marker, or whose marker was lost) the one named as any language names it. Finding it whatever its
        language matters: a lost fingerprint tab would make upkeep clean and charge every row again."""
        tabs = spreadsheet.fetch_sheet_metadata().get("sheets", [])
        register_id = next((t["properties"]["sheetId"] for t in tabs if t["properties"]["title"] == sheet), None)
        marks = [{m.get("metadataKey"): m.get("metadataValue") for m in tab.get("developerMetadata", [])} for tab in tabs]
        for tab, mark in zip(tabs, marks):
            if mark.get(TAB_MARKER) == "fingerprints" and register_id is not None and mark.get(TAB_OF) == str(register_id):
                return _FoundTab(tab["properties"], register_id, marked=True)
        names = {self.fingerprint_tab(sheet, language) for language in LANGUAGES}
        for tab, mark in zip(tabs, marks):
            if tab["properties"]["title"] in names and TAB_MARKER not in mark:  # not another tab's, marked
                return _FoundTab(tab["properties"], register_id, marked=False)
        return _FoundTab(None, register_id, marked=False) if register_id is not None else None

    def read_fingerprints(self, spreadsheet_id: str, sheet: str) -> list[str]:
        """The fingerprints upkeep left at its last run ([] before the first)."""
        with _google_errors():
            spreadsheet = self.client().open_by_key(spreadsheet_id)
            found = self._fingerprints_of(spreadsheet, sheet)
            if found is None or found.properties is None:
                return []
            values = spreadsheet.values_get(f"{_quote(found.title)}!A2:A").get("values", [])
        return [row[0] for row in values if row and row[0]]

    def write_fingerprints(self, spreadsheet_id: str, sheet: str, values: list[str], *, language: str | None = "en") -> None:
        """Replace the fingerprints (column A under a heading in ``language``), creating the hidden, marked tab
        the first time (named in ``language``); an existing tab keeps its name, whatever language it is in."""
        with _google_errors():
            spreadsheet = self.client().open_by_key(spreadsheet_id)
            found = self._fingerprints_of(spreadsheet, sheet)
            register_id = found.register_id if found else None
            requests_: list[dict] = []
            if found is None or found.properties is None:
                tabs = spreadsheet.worksheets()
                title = _free_title(self.fingerprint_tab(sheet, language), {ws.title for ws in tabs})
                tab_id = max((ws.id for ws in tabs), default=0) + 1  # chosen here, so it is marked in the same batch
                before, row_count, marked = 0, len(values) + 101, False
                requests_.append({"addSheet": {"properties": {
                    "sheetId": tab_id, "title": title, "hidden": True,
                    "gridProperties": {"rowCount": row_count, "columnCount": 1}}}})
            else:
                title, tab_id, marked = found.title, found.properties["sheetId"], found.marked
                row_count = found.properties.get("gridProperties", {}).get("rowCount", 0)
                before = len(spreadsheet.values_get(f"{_quote(title)}!A:A").get("values", []))
            rows_needed = max(before, len(values) + 1)
            if row_count < rows_needed:
                requests_.append({"appendDimension": {"sheetId": tab_id, "dimension": "ROWS",
                                                      "length": rows_needed - row_count}})
            if not marked and register_id is not None:
                requests_ += _marked(tab_id, "fingerprints", register_id)
            if requests_:
                spreadsheet.batch_update({"requests": requests_})
            column = [[translator(language)._(FINGERPRINTS_NOTE)], *[[v] for v in values]]
            column += [[""]] * (rows_needed - len(column))  # clear what the last run left below
            spreadsheet.values_update(f"{_quote(title)}!A1:A{rows_needed}", params={"valueInputOption": "RAW"},
                                      body={"values": column})


@dataclass
class _FoundTab:
    """A tab Rensa made, as ``spreadsheets.get`` describes it (None: not made yet), and its register tab's id."""

    properties: dict | None
    register_id: int | None
    marked: bool

    @property
    def title(self) -> str:
        return (self.properties or {})["title"]


def _free_title(title: str, taken: set[str]) -> str:
    """``title``, or ``title (2)``... when a tab of that name exists (one of the person's own: never written into).

    >>> _free_title("Rensa fingerprints (Kunder)", {"Rensa fingerprints (Kunder)"})
    'Rensa fingerprints (Kunder) (2)'
    """
    found, n = title, 1
    while found in taken:
        n += 1
        found = f"{title} ({n})"
    return found


def _marked(tab_id: int, kind: str, of: int) -> list[dict]:
    """The requests that mark a tab Rensa made as ``kind`` belonging to the register tab ``of`` (see TAB_MARKER)."""
    return [{"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": key, "metadataValue": value, "location": {"sheetId": tab_id}, "visibility": "DOCUMENT"}}}
        for key, value in ((TAB_MARKER, kind), (TAB_OF, str(of)))]


class _google_errors:
    """Turns gspread's errors into Rensa errors with plain messages."""

    def __enter__(self) -> _google_errors:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> Literal[False]:
        if isinstance(error, PermissionError):  # gspread's open_by_key turns a 403 into this builtin
            raise SheetsAccessError() from error
        if error is None or not isinstance(error, gspread.exceptions.GSpreadException):
            return False
        if isinstance(error, gspread.exceptions.WorksheetNotFound):
            raise NotFoundError(N_("The tab '{sheet}' was not found in the spreadsheet."), code="sheets.tab_not_found",
                                field="sheet", sheet=str(error)) from error
        if isinstance(error, gspread.exceptions.SpreadsheetNotFound):
            raise NotFoundError(N_("The spreadsheet was not found. Check its id."), code="sheets.not_found", field="spreadsheet_id") from error
        status = error.response.status_code if isinstance(error, gspread.exceptions.APIError) else None
        if status == 404:
            raise NotFoundError(N_("The spreadsheet was not found. Check its id."), code="sheets.not_found", field="spreadsheet_id") from error
        if status == 403:
            raise SheetsAccessError() from error
        if status == 429:
            raise RateLimited() from error
        raise UpstreamError() from error


def _formula_cells(formulas: list[list], shown: list[list[str]]) -> set[tuple[int, int]]:
    """The (1-based row, column) of every cell that holds a live formula: its ``valueRenderOption=FORMULA`` value
    starts with ``=`` and is not what the cell shows (text that only looks like a formula shows itself; Apps
    Script's ``getFormulas`` tells them apart the same way, so the add-on and the server keep the same cells).

    >>> _formula_cells([["=A2", "=1+1", "x"]], [["Anna", "=1+1", "x"]])
    {(1, 1)}
    """
    def shows(r: int, c: int) -> str:
        return shown[r - 1][c - 1] if r <= len(shown) and c <= len(shown[r - 1]) else ""

    return {(r, c) for r, row in enumerate(formulas, start=1) for c, value in enumerate(row, start=1)
            if isinstance(value, str) and value.startswith("=") and value != shows(r, c)}
