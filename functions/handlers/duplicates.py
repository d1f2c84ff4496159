"""``POST /v1/duplicates``: duplicates across a register larger than one ``/v1/clean`` call (issue 12).

The caller sends only the columns duplicates are matched on (names, e-mail, phone, address, ids), with their
roles, optionally gzip-compressed (``Content-Encoding: gzip``): 200,000 rows of five match columns are about
3 MB on the wire. The answer is the duplicate clusters only (data rows, survivors, explanations, merge fills
of the columns sent), so the caller can clean the rows in chunks and still mark duplicates that sit in
different chunks. Inside a clean job (``job_id``) the pass is part of the job's price; on its own it is
metered per row like a clean.
"""

from __future__ import annotations

import contextlib
import zlib
from itertools import chain

import orjson
from pydantic import ValidationError

from core.clean import clean as clean_register
from core.i18n import N_
from functions import adapters
from functions.adapters.billing import Usage
from functions.errors import PayloadTooLarge, RequestError
from functions.request_models import SCALARS, DuplicatesRequest, cell_text

from ._common import (
    INVALID_CELL,
    JOB_ENDED,
    NOT_AN_OBJECT,
    NOT_JSON,
    ROW_TOO_LONG,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
    _validation_error,
    asked_language,
    authorize,
    billable_rows,
    engine_config,
    request_language,
    respond,
)


def post(request):
    who = authorize(request, "clean")
    body = _read(request)
    header, rows = _table(body.header, body.rows)
    options = body.options.model_copy(update={"dedupe": True})
    config = engine_config(who, options, header, rows)
    if body.job_id:
        job = adapters.get_jobs().get(who.account_id, body.job_id)
        if job["state"] != "running":
            raise RequestError(JOB_ENDED, code="job.ended", field="job_id")
        balance = adapters.get_billing().balance(who.account_id)
        meter: contextlib.AbstractContextManager[Usage] = contextlib.nullcontext(balance)
    else:
        meter = adapters.get_billing().metered(who.account_id, billable_rows(rows), endpoint="duplicates")
    with meter as usage:
        result = clean_register((header, rows), config)
    return respond(None, raw_json=orjson.dumps({
        "rows": len(rows), "roles": result.roles, "usage": usage,
        "duplicates": [cluster.model_dump() for cluster in result.duplicates],
        "notes": result.notes,  # per data row, core's own duplicate note (core.status)
    }, option=orjson.OPT_NON_STR_KEYS))  # a merge conflict's values are keyed by row number


# What Apps Script's UrlFetchApp can POST at most: the gzip-compressed match columns of the largest sheet.
WIRE_LIMIT = 50 * 1024 * 1024
_TOO_LARGE_GZIP = N_("The request is larger than {limit} bytes. Send it gzip-compressed.")


def _read(request) -> DuplicatesRequest:
    settings = adapters.get_settings()
    limit = max(settings.max_request_bytes, WIRE_LIMIT)
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(_TOO_LARGE_GZIP, limit=limit)
    raw = request.stream.read(limit + 1)
    if len(raw) > limit:
        raise PayloadTooLarge(_TOO_LARGE_GZIP, limit=limit)
    if request.headers.get("Content-Encoding", "").strip().lower() == "gzip":
        inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            plain = inflate.decompress(raw, settings.max_duplicate_bytes + 1)
        except zlib.error as e:
            raise RequestError(N_("The body is not valid gzip: {detail}."), code="request.malformed_gzip", detail=str(e)) from e
        if len(plain) > settings.max_duplicate_bytes or inflate.unconsumed_tail:
            raise PayloadTooLarge(N_("The unpacked request is larger than {limit} bytes."), limit=settings.max_duplicate_bytes)
        raw = plain
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise RequestError(NOT_JSON, code="request.malformed_json", detail=str(e)) from e
    if not isinstance(data, dict):
        raise RequestError(NOT_AN_OBJECT, code="request.invalid")
    asked_language(data, request)
    rows = data.get("rows")
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise RequestError(N_("rows: a list of rows (lists of cells) is required."), code="request.invalid", field="rows")
    try:
        body = DuplicatesRequest.model_validate({**data, "rows": []})
    except ValidationError as e:
        raise _validation_error(e, data) from e
    body.rows = rows
    request_language(body.options, request)  # what follows speaks the language the body asked for
    return body


def _table(header: list[str], rows: list[list]) -> tuple[list[str], list[list[str]]]:
    settings = adapters.get_settings()
    if len(rows) > settings.max_duplicate_rows:
        raise RequestError(TOO_MANY_ROWS, code="request.too_many_rows", field="rows", n=len(rows),
                           limit=settings.max_duplicate_rows)
    if len(header) > settings.max_columns:
        raise RequestError(TOO_MANY_COLUMNS, code="request.too_many_columns", field="header", n=len(header),
                           limit=settings.max_columns)
    width = len(header)
    if set(map(len, rows)) <= {width} and set(map(type, chain.from_iterable(rows))) <= {str}:
        return list(header), rows
    out = []
    for number, row in enumerate(rows, start=1):
        if len(row) > width:
            raise RequestError(ROW_TOO_LONG, code="request.row_too_long", row=number, n=len(row), width=width)
        cells = []
        for index, value in enumerate(row):
            if not isinstance(value, SCALARS):
                raise RequestError(INVALID_CELL, code="request.invalid_cell", row=number, field=header[index],
                                   column=header[index])
            cells.append(value if isinstance(value, str) else cell_text(value))
        out.append(cells + [""] * (width - len(cells)))
    return list(header), out
