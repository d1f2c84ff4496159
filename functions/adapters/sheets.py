"""Reading and writing connected Google Sheets with gspread, as Rensa's service account.

The user shares the spreadsheet with the service account (``client_email`` of
``RENSA_SERVICE_ACCOUNT_FILE``). A clean reads the whole tab once, and writes back in one
``values:batchUpdate`` after copying the tab to a backup tab. The Sheets API has no conditional write,
so just before writing the tab is read again and compared with what was cleaned; if anyone changed it,
nothing is written (``sheet.changed``, 409). ``RENSA_SHEETS_API_URL`` redirects
``https://sheets.googleapis.com`` with a requests transport adapter (the test fake); gspread itself
runs unchanged.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal

import gspread
import requests
from gspread.utils import rowcol_to_a1

from core.i18n import N_
from functions.errors import ConflictError, NotConfigured, NotFoundError, RateLimited, SheetsAccessError, UpstreamError

GOOGLE_SHEETS = "https://sheets.googleapis.com"


class _Redirect(requests.adapters.HTTPAdapter):
    """Sends requests for ``https://sheets.googleapis.com/...`` to another base URL."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base.rstrip("/")

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        request.url = self.base + (request.url or "")[len(GOOGLE_SHEETS):]
        return super().send(request, *args, **kwargs)


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
        backup_title: str,
        *,
        extra_columns: int = 0,
        backup: bool = True,
    ) -> tuple[int, str | None]:
        """Copy the tab to ``backup_title`` (unless ``backup`` is false: nothing but the status changes), then
        write ``cells`` (1-based grid row, column, value) and the
        status column (grid column, values from the header row down) in one ``values:batchUpdate``.

        Raises ``ConflictError`` and writes nothing if the tab no longer holds what ``snapshot`` holds.
        Returns ``(cells written, backup tab title)``; the title is None when no backup was asked for.
        """
        quoted = _quote(snapshot.sheet)
        status_col, status_values = status
        with _google_errors():
            spreadsheet = self.client().open_by_key(snapshot.spreadsheet_id)
            now = spreadsheet.values_get(quoted).get("values", [])
            if not _same(now, snapshot.grid):
                raise ConflictError(
                    N_("The sheet was edited while Rensa was cleaning it, so nothing was written. Run the clean again."),
                    code="sheet.changed",
                )
            taken = {sheet.title for sheet in spreadsheet.worksheets()}
            title: str | None = backup_title
            n = 1
            while title in taken:
                n += 1
                title = f"{backup_title} ({n})"
            requests_ = [{"duplicateSheet": {"sourceSheetId": snapshot.sheet_id, "newSheetName": title}}] if backup else []
            if not backup:
                title = None
            if extra_columns:
                requests_.append(
                    {"appendDimension": {"sheetId": snapshot.sheet_id, "dimension": "COLUMNS", "length": extra_columns}}
                )
            if requests_:
                spreadsheet.batch_update({"requests": requests_})
            top = snapshot.header_row
            status_range = f"{rowcol_to_a1(top, status_col)}:{rowcol_to_a1(top + len(status_values) - 1, status_col)}"
            data = [{"range": f"{quoted}!{rowcol_to_a1(r, c)}", "values": [[v]]} for r, c, v in cells]
            data.append({"range": f"{quoted}!{status_range}", "values": [[v] for v in status_values]})
            spreadsheet.values_batch_update({"valueInputOption": "RAW", "data": data})
        return len(cells) + len(status_values), title


    # --- row fingerprints (upkeep): kept in the document, in a hidden tab per register tab ---------------
    @staticmethod
    def fingerprint_tab(sheet: str) -> str:
        return f"Rensa fingerprints ({sheet[:80]})"

    def read_fingerprints(self, spreadsheet_id: str, sheet: str) -> list[str]:
        """The fingerprints upkeep left at its last run ([] before the first)."""
        with _google_errors():
            spreadsheet = self.client().open_by_key(spreadsheet_id)
            title = self.fingerprint_tab(sheet)
            if title not in {ws.title for ws in spreadsheet.worksheets()}:
                return []
            values = spreadsheet.values_get(f"{_quote(title)}!A2:A").get("values", [])
        return [row[0] for row in values if row and row[0]]

    def write_fingerprints(self, spreadsheet_id: str, sheet: str, values: list[str]) -> None:
        """Replace the fingerprints (column A under a heading), creating the hidden tab the first time."""
        title = self.fingerprint_tab(sheet)
        with _google_errors():
            spreadsheet = self.client().open_by_key(spreadsheet_id)
            tabs = {ws.title: ws for ws in spreadsheet.worksheets()}
            before = len(spreadsheet.values_get(f"{_quote(title)}!A:A").get("values", [])) if title in tabs else 0
            rows_needed = max(before, len(values) + 1)
            if title not in tabs:
                spreadsheet.batch_update({"requests": [{"addSheet": {"properties": {
                    "title": title, "hidden": True, "gridProperties": {"rowCount": rows_needed + 100, "columnCount": 1}}}}]})
            elif tabs[title].row_count < rows_needed:
                spreadsheet.batch_update({"requests": [{"appendDimension": {
                    "sheetId": tabs[title].id, "dimension": "ROWS", "length": rows_needed - tabs[title].row_count}}]})
            column = [["Rensa: row fingerprints for upkeep. Do not edit."], *[[v] for v in values]]
            column += [[""]] * (rows_needed - len(column))  # clear what the last run left below
            spreadsheet.values_update(f"{_quote(title)}!A1:A{rows_needed}", params={"valueInputOption": "RAW"},
                                      body={"values": column})


class _google_errors:
    """Turns gspread's errors into Rensa errors with plain messages."""

    def __enter__(self) -> _google_errors:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> Literal[False]:
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


# Public names for code that talks to a tab through ``Sheets.client()`` directly (the webhook flush).
google_errors = _google_errors
quote_sheet = _quote
