"""A local Google Sheets API v4 subset, enough for gspread 6 to run unchanged against it.

Endpoints (paths as Google serves them under ``/v4/spreadsheets``):
``GET {id}`` (metadata), ``GET {id}/values/{range}``, ``PUT {id}/values/{range}``, ``GET {id}/values:batchGet``,
``POST {id}/values:batchUpdate``, ``POST {id}:batchUpdate`` (``duplicateSheet``, ``addSheet``,
``appendDimension``, ``updateSheetProperties`` (hidden), ``createDeveloperMetadata`` on a sheet; applied
all-or-nothing). ``GET {id}`` lists each sheet's ``developerMetadata`` as Google does (a duplicated sheet
does not take its source's). Value reads honour
``valueRenderOption=FORMULA``: a cell made with ``set_formula`` answers its formula there and its shown value
otherwise; any write replaces the formula with the value written (``RAW``, as Rensa writes). Errors use Google's JSON error shape
(``{"error": {"code", "message", "status"}}``): 401 without a valid bearer token, 403 for a
spreadsheet not shared with the caller, 404, 400 for bad ranges and writes beyond the grid, 429 on demand.

Tests inspect and change the in-memory store directly (``add``, ``grid``, ``set``, ``set_formula``, ``hooks``); other
processes (the add-on's Node tests) use ``/_fake/...``: ``POST /_fake/spreadsheets`` with
``{"id", "sheets": {"title": grid}}``, ``GET /_fake/spreadsheets/{id}``, and
``POST /_fake/spreadsheets/{id}/set`` with ``{"sheet", "row", "column", "value"}`` (1-based).
"""

from __future__ import annotations

import copy
import json
import re
import threading
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED"}
_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")


class ApiError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message

    def body(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "status": _STATUS.get(self.code, "UNKNOWN")}}


def col_index(letters: str) -> int:
    """0-based column index of ``A``, ``Z``, ``AA``..."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def col_letters(index: int) -> str:
    out, n = "", index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def split_range(text: str) -> tuple[str, str]:
    """``("Sheet title", "A1:B2" or "")`` from an A1 range such as ``'Kund''er'!A1:B2``."""
    if text.startswith("'"):
        end = 1
        while True:
            end = text.index("'", end)
            if text[end:end + 2] == "''":
                end += 2
                continue
            break
        return text[1:end].replace("''", "'"), text[end + 2:] if text[end + 1:end + 2] == "!" else ""
    title, _, cells = text.partition("!")
    return title, cells


class Sheet:
    def __init__(self, sheet_id: int, title: str, index: int, grid: list[list[str]], rows: int, cols: int) -> None:
        self.sheet_id, self.title, self.index = sheet_id, title, index
        self.grid = [list(map(str, row)) for row in grid]
        self.rows, self.cols = rows, cols
        self.hidden = False
        self.formulas: dict[tuple[int, int], str] = {}  # (row, column), 0-based -> the formula behind the shown value
        self.metadata: list[dict] = []  # developer metadata located on this sheet

    def properties(self) -> dict:
        return {
            "sheetId": self.sheet_id, "title": self.title, "index": self.index, "sheetType": "GRID",
            "gridProperties": {"rowCount": self.rows, "columnCount": self.cols},
            **({"hidden": True} if self.hidden else {}),
        }

    def bounds(self, cells: str) -> tuple[int, int, int, int]:
        """``(top, left, bottom, right)`` 0-based inclusive for an A1 cell part ('' = whole sheet)."""
        if not cells:
            return 0, 0, self.rows - 1, self.cols - 1
        start, _, end = cells.partition(":")
        end = end or start
        m1, m2 = _CELL.match(start), _CELL.match(end)
        if not m1 or not m2 or not (start and end):
            raise ApiError(400, f"Unable to parse range: {self.title}!{cells}")
        top = int(m1.group(2)) - 1 if m1.group(2) else 0
        left = col_index(m1.group(1)) if m1.group(1) else 0
        bottom = int(m2.group(2)) - 1 if m2.group(2) else self.rows - 1
        right = col_index(m2.group(1)) if m2.group(1) else self.cols - 1
        return top, left, bottom, right

    def read(self, cells: str, render: str = "FORMATTED_VALUE") -> list[list[str]]:
        top, left, bottom, right = self.bounds(cells)
        formulas = self.formulas if render == "FORMULA" else {}
        out = [[formulas.get((r, c)) or (row[c] if c < len(row) else "") for c in range(left, right + 1)]
               for r, row in enumerate(self.grid[top:bottom + 1], start=top)]
        for row in out:  # Google drops trailing empty cells and rows
            while row and row[-1] == "":
                row.pop()
        while out and not out[-1]:
            out.pop()
        return out

    def write(self, cells: str, values: list[list]) -> int:
        top, left, _, _ = self.bounds(cells)
        bottom, right = top + len(values) - 1, left + max((len(r) for r in values), default=0) - 1
        if bottom >= self.rows or right >= self.cols:
            raise ApiError(
                400,
                f"Range ('{self.title}'!{cells}) exceeds grid limits. Max rows: {self.rows}, max columns: {self.cols}",
            )
        for r, row in enumerate(values):
            target = top + r
            while len(self.grid) <= target:
                self.grid.append([])
            line = self.grid[target]
            for c, value in enumerate(row):
                while len(line) <= left + c:
                    line.append("")
                line[left + c] = "" if value is None else str(value)
                self.formulas.pop((target, left + c), None)
        return sum(len(r) for r in values)


class Spreadsheet:
    def __init__(self, spreadsheet_id: str, title: str) -> None:
        self.id, self.title = spreadsheet_id, title
        self.sheets: list[Sheet] = []
        self.forbidden = False

    def sheet(self, title: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        raise ApiError(400, f"Unable to parse range: {title}")

    def metadata(self) -> dict:
        return {
            "spreadsheetId": self.id,
            "properties": {"title": self.title, "locale": "sv_SE", "timeZone": "Europe/Stockholm", "autoRecalc": "ON_CHANGE"},
            "sheets": [{"properties": s.properties(), **({"developerMetadata": copy.deepcopy(s.metadata)} if s.metadata else {})}
                       for s in self.sheets],
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.id}/edit",
        }


class SheetsApi:
    """The fake: add spreadsheets, start(), inspect with grid(), change with set(), stop()."""

    def __init__(self, *, token_valid: Callable[[str], bool] | None = None) -> None:
        self.token_valid = token_valid
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.log: list[tuple[str, str]] = []
        self.hooks: list[Callable[[str, str], None]] = []  # run before each request (method, path)
        self.fail_next: list[int] = []  # statuses to answer the next requests with (e.g. 429)
        self.lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._next_sheet_id = 1000
        self._next_metadata_id = 0
        self.url = ""

    # store
    def add(self, spreadsheet_id: str, sheets: dict[str, list[list]], *, title: str = "Kunder", rows: int | None = None, cols: int | None = None) -> None:
        with self.lock:
            book = Spreadsheet(spreadsheet_id, title)
            for index, (name, grid) in enumerate(sheets.items()):
                width = max((len(r) for r in grid), default=0)
                book.sheets.append(Sheet(self._sheet_id(), name, index, grid, rows or max(1000, len(grid)), cols or max(26, width)))
            self.spreadsheets[spreadsheet_id] = book

    def _sheet_id(self) -> int:
        self._next_sheet_id += 1
        return self._next_sheet_id

    def grid(self, spreadsheet_id: str, sheet: str) -> list[list[str]]:
        with self.lock:
            return self.spreadsheets[spreadsheet_id].sheet(sheet).read("")

    def set_formula(self, spreadsheet_id: str, sheet: str, row: int, column: int, formula: str, shown: str) -> None:
        """Put a formula in one cell (1-based) that shows ``shown`` (the fake computes nothing)."""
        with self.lock:
            tab = self.spreadsheets[spreadsheet_id].sheet(sheet)
            tab.write(f"{col_letters(column - 1)}{row}", [[shown]])
            tab.formulas[(row - 1, column - 1)] = formula

    def formula(self, spreadsheet_id: str, sheet: str, row: int, column: int) -> str | None:
        """The formula in one cell (1-based), or None for a plain value."""
        with self.lock:
            return self.spreadsheets[spreadsheet_id].sheet(sheet).formulas.get((row - 1, column - 1))

    def hidden(self, spreadsheet_id: str) -> list[str]:
        """The titles of the hidden tabs."""
        with self.lock:
            return [s.title for s in self.spreadsheets[spreadsheet_id].sheets if s.hidden]

    def markers(self, spreadsheet_id: str) -> dict[str, dict[str, str]]:
        """Each marked tab's developer metadata as {title: {key: value}}."""
        with self.lock:
            return {s.title: {m["metadataKey"]: m.get("metadataValue", "") for m in s.metadata}
                    for s in self.spreadsheets[spreadsheet_id].sheets if s.metadata}

    def titles(self, spreadsheet_id: str) -> list[str]:
        with self.lock:
            return [s.title for s in self.spreadsheets[spreadsheet_id].sheets]

    def set(self, spreadsheet_id: str, sheet: str, row: int, column: int, value: str) -> None:
        """Edit one cell (1-based), as a person typing in the sheet would."""
        with self.lock:
            self.spreadsheets[spreadsheet_id].sheet(sheet).write(f"{col_letters(column - 1)}{row}", [[value]])

    # API
    def _book(self, spreadsheet_id: str) -> Spreadsheet:
        book = self.spreadsheets.get(spreadsheet_id)
        if book is None:
            raise ApiError(404, "Requested entity was not found.")
        if book.forbidden:
            raise ApiError(403, "The caller does not have permission")
        return book

    def _range(self, book: Spreadsheet, text: str) -> tuple[Sheet, str]:
        title, cells = split_range(text)
        return book.sheet(title), cells

    def _value_range(self, sheet: Sheet, cells: str, render: str = "FORMATTED_VALUE") -> dict:
        top, left, bottom, right = sheet.bounds(cells)
        a1 = f"'{sheet.title}'!{col_letters(left)}{top + 1}:{col_letters(right)}{bottom + 1}"
        body = {"range": a1, "majorDimension": "ROWS"}
        values = sheet.read(cells, render)
        if values:
            body["values"] = values
        return body

    def handle(self, method: str, path: str, query: dict, body: dict | None) -> dict:
        with self.lock:
            prefix = "/v4/spreadsheets/"
            if not path.startswith(prefix):
                raise ApiError(404, "Not Found")
            rest = path[len(prefix):]
            if method == "POST" and rest.endswith(":batchUpdate") and "/values" not in rest:
                return self._batch_update(self._book(rest[: -len(":batchUpdate")]), body or {})
            spreadsheet_id, _, tail = rest.partition("/")
            book = self._book(spreadsheet_id)
            if not tail and method == "GET":
                return book.metadata()
            render = (query.get("valueRenderOption") or ["FORMATTED_VALUE"])[0]
            if tail == "values:batchGet" and method == "GET":
                ranges = [self._range(book, r) for r in query.get("ranges", [])]
                return {"spreadsheetId": book.id, "valueRanges": [self._value_range(s, c, render) for s, c in ranges]}
            if tail == "values:batchUpdate" and method == "POST":
                data = (body or {}).get("data", [])
                plan = [(self._range(book, item["range"]), item.get("values", [])) for item in data]
                before = {id(s): copy.deepcopy(s.grid) for (s, _), _ in plan}
                try:
                    counts = [sheet.write(cells, values) for (sheet, cells), values in plan]
                except ApiError:
                    for (sheet, _), _ in plan:
                        sheet.grid = before[id(sheet)]
                    raise
                return {
                    "spreadsheetId": book.id, "totalUpdatedCells": sum(counts), "totalUpdatedRows": sum(len(v) for _, v in plan),
                    "totalUpdatedSheets": len({id(s) for (s, _), _ in plan}),
                    "responses": [{"spreadsheetId": book.id, "updatedRange": item["range"], "updatedCells": n} for item, n in zip(data, counts)],
                }
            if tail.startswith("values/"):
                sheet, cells = self._range(book, urllib.parse.unquote(tail[len("values/"):]))
                if method == "GET":
                    return self._value_range(sheet, cells, render)
                if method == "PUT":
                    n = sheet.write(cells, (body or {}).get("values", []))
                    return {"spreadsheetId": book.id, "updatedRange": f"'{sheet.title}'!{cells}", "updatedCells": n}
            raise ApiError(404, "Not Found")

    def _batch_update(self, book: Spreadsheet, body: dict) -> dict:
        saved = copy.deepcopy(book.sheets)
        replies = []
        try:
            for request in body.get("requests", []):
                replies.append(self._apply(book, request))
        except ApiError:
            book.sheets = saved
            raise
        return {"spreadsheetId": book.id, "replies": replies}

    def _apply(self, book: Spreadsheet, request: dict) -> dict:
        (kind, args), = request.items()
        if kind == "duplicateSheet":
            source = next((s for s in book.sheets if s.sheet_id == args["sourceSheetId"]), None)
            if source is None:
                raise ApiError(400, f"Invalid requests[0].duplicateSheet: No grid with id: {args['sourceSheetId']}")
            title = args.get("newSheetName") or f"Copy of {source.title}"
            copied = self._insert(book, title, source.grid, source.rows, source.cols, args.get("insertSheetIndex"),
                                  sheet_id=args.get("newSheetId"))
            copied.formulas = dict(source.formulas)
            copied.metadata = []
            return {"duplicateSheet": {"properties": copied.properties()}}
        if kind == "addSheet":
            props = args.get("properties", {})
            grid = props.get("gridProperties", {})
            sheet = self._insert(book, props.get("title") or f"Sheet{len(book.sheets) + 1}", [], grid.get("rowCount", 1000),
                                 grid.get("columnCount", 26), props.get("index"), sheet_id=props.get("sheetId"))
            sheet.hidden = bool(props.get("hidden", False))
            return {"addSheet": {"properties": sheet.properties()}}
        if kind == "updateSheetProperties":
            sheet = next((s for s in book.sheets if s.sheet_id == args["properties"]["sheetId"]), None)
            if sheet is None:
                raise ApiError(400, f"Invalid requests[0].updateSheetProperties: No grid with id: {args['properties']['sheetId']}")
            if args.get("fields") != "hidden":
                raise ApiError(400, "The fake updates only the 'hidden' field.")
            sheet.hidden = bool(args["properties"].get("hidden", False))
            return {}
        if kind == "createDeveloperMetadata":
            meta = args["developerMetadata"]
            where = meta.get("location", {})
            sheet = next((s for s in book.sheets if s.sheet_id == where.get("sheetId")), None)
            if sheet is None or not meta.get("metadataKey") or meta.get("visibility") not in ("DOCUMENT", "PROJECT"):
                raise ApiError(400, "Invalid requests[0].createDeveloperMetadata: the fake takes a key, a visibility "
                                    "and a sheet location that exists.")
            self._next_metadata_id += 1
            made = {"metadataId": self._next_metadata_id, "metadataKey": meta["metadataKey"],
                    "location": {"locationType": "SHEET", "sheetId": sheet.sheet_id}, "visibility": meta["visibility"]}
            if "metadataValue" in meta:
                made["metadataValue"] = meta["metadataValue"]
            sheet.metadata.append(made)
            return {"createDeveloperMetadata": {"developerMetadata": copy.deepcopy(made)}}
        if kind == "appendDimension":
            sheet = next((s for s in book.sheets if s.sheet_id == args["sheetId"]), None)
            if sheet is None:
                raise ApiError(400, f"Invalid requests[0].appendDimension: No grid with id: {args['sheetId']}")
            if args["dimension"] == "COLUMNS":
                sheet.cols += args["length"]
            else:
                sheet.rows += args["length"]
            return {}
        raise ApiError(400, f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[0]'")

    def _insert(self, book: Spreadsheet, title: str, grid, rows: int, cols: int, index: int | None, *,
                sheet_id: int | None = None) -> Sheet:
        if any(s.title == title for s in book.sheets):
            raise ApiError(400, f"Invalid requests[0]: A sheet with the name \"{title}\" already exists. Please enter another name.")
        if sheet_id is not None and any(s.sheet_id == sheet_id for s in book.sheets):
            raise ApiError(400, f"Invalid requests[0]: A sheet with the id {sheet_id} already exists.")
        if sheet_id is not None:
            self._next_sheet_id = max(self._next_sheet_id, sheet_id)
        sheet = Sheet(self._sheet_id() if sheet_id is None else sheet_id, title, len(book.sheets) if index is None else index, copy.deepcopy(grid), rows, cols)
        book.sheets.insert(sheet.index, sheet)
        for i, s in enumerate(book.sheets):
            s.index = i
        return sheet

    # control API for other processes
    def control(self, method: str, path: str, body: dict | None) -> dict:
        parts = path.strip("/").split("/")[1:]  # after "_fake"
        if method == "POST" and parts == ["spreadsheets"]:
            self.add(body["id"], body["sheets"], title=body.get("title", "Kunder"))
            return {"id": body["id"]}
        if len(parts) >= 2 and parts[0] == "spreadsheets":
            with self.lock:
                book = self.spreadsheets.get(parts[1])
                if book is None:
                    raise ApiError(404, "Requested entity was not found.")
                if method == "GET" and len(parts) == 2:
                    return {"id": book.id, "sheets": {s.title: s.read("") for s in book.sheets}}
                if method == "POST" and parts[2:] == ["set"]:
                    self.set(book.id, body["sheet"], body["row"], body["column"], body["value"])
                    return {"ok": True}
        raise ApiError(404, "Not Found")

    # serving
    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, method: str) -> None:
                parsed = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                    if parsed.path.startswith("/_fake/"):
                        status, out = 200, fake.control(method, parsed.path, body)
                    else:
                        status, out = 200, fake._api(method, parsed, self.headers.get("Authorization", ""), body)
                except ApiError as e:
                    status, out = e.code, e.body()
                except (KeyError, ValueError, TypeError) as e:
                    status, out = 400, ApiError(400, f"Invalid JSON payload received. {e}").body()
                data = json.dumps(out).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._answer("GET")

            def do_POST(self):
                self._answer("POST")

            def do_PUT(self):
                self._answer("PUT")

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self.url = f"http://{host}:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.url

    def _api(self, method: str, parsed, authorization: str, body: dict | None) -> dict:
        path = urllib.parse.unquote(parsed.path) if ":batch" in parsed.path else parsed.path
        with self.lock:
            self.log.append((method, path))
            for hook in list(self.hooks):
                hook(method, path)
            if self.fail_next:
                code = self.fail_next.pop(0)
                raise ApiError(code, "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com'." if code == 429 else "Simulated failure.")
        scheme, _, token = authorization.partition(" ")
        if self.token_valid is not None and (scheme != "Bearer" or not self.token_valid(token)):
            raise ApiError(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.")
        return self.handle(method, path, urllib.parse.parse_qs(parsed.query), body)

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
