"""Duplicates across a register larger than one ``/v1/clean`` call (issue 12).

The caller sends only the columns duplicates are matched on (names, e-mail, phone, address, ids), with their
roles, optionally gzip-compressed (``Content-Encoding: gzip``): 200,000 rows of nine match columns are about
3 MB on the wire. Nothing is cleaned here (the match keys fold case, spacing, accents and phone formats on
their own, and the chunks of the clean do the cleaning), so the work is the duplicate search alone.

- ``POST /v1/duplicates``: the whole register in one call (up to ``RENSA_MAX_DUPLICATE_ROWS`` rows): the
  clusters and each row's note. Its time grows with the register: at 200,000 rows it does not fit one
  Apps Script UrlFetch call (docs/addon.md).
- The split pass, each call over at most ``RENSA_MAX_PASS_ROWS`` rows (``core.dedup.parts``), inside a
  running clean job (the pass is part of the job's price). The caller keeps everything between calls; we
  keep nothing:
  ``POST /v1/duplicates/keys`` (rows in order, a slice at a time): each row's blocking keys as keyed hashes,
  and, for the first slice, the weights learnt on it (numbers);
  ``POST /v1/duplicates/pairs`` (a part: whole blocks): the likely pairs, as row numbers and scores;
  ``POST /v1/duplicates/clusters`` (whole connected components): clusters, survivors and notes.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import zlib
from itertools import chain
from typing import Any, TypeVar

import numpy as np
import orjson
from pydantic import BaseModel, ValidationError

from core.clean import clean as clean_register
from core.clean import dedup_config, duplicate_notes
from core.dedup import find_duplicates
from core.dedup.parts import ScoredPairs, block_keys, clusters_from_pairs, scored_pairs, train
from core.i18n import N_
from core.models import CleanConfig
from core.roles import detect_roles
from functions import adapters
from functions.adapters.billing import Usage
from functions.adapters.db import utcnow
from functions.errors import PayloadTooLarge, RequestError
from functions.request_models import (
    SCALARS,
    CleanOptions,
    DuplicateClustersRequest,
    DuplicateKeysRequest,
    DuplicatePairsRequest,
    DuplicatesRequest,
    cell_text,
)

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
    request_language,
    respond,
)

Body = TypeVar("Body", bound=BaseModel)
Step = TypeVar("Step", DuplicateKeysRequest, DuplicatePairsRequest, DuplicateClustersRequest)

def post(request):
    """The whole register in one call."""
    who = authorize(request, "clean")
    body = _read(request, DuplicatesRequest)
    header, rows = _table(body.header, body.rows, adapters.get_settings().max_duplicate_rows)
    config, roles = _config(body.options, header, rows, request)
    if body.job_id:
        _running_job(who, body.job_id)
        balance = adapters.get_billing().balance(who.account_id)
        meter: contextlib.AbstractContextManager[Usage] = contextlib.nullcontext(balance)
    else:
        meter = adapters.get_billing().metered(who.account_id, billable_rows(rows), endpoint="duplicates")
    with meter as usage:
        found = find_duplicates(header, rows, roles, dedup_config(config, header))
        clusters = _with_clean_fills(found.clusters, header, roles, config)
    return _clusters_answer(clusters, config, {"rows": len(rows), "roles": roles, "usage": usage},
                            found.possible_duplicates, found.close_clusters)


def keys(request):
    """Step 1 of the split pass: each row's blocking keys (keyed hashes); with ``train``, the weights."""
    body, header, rows, config, roles = _step(request, DuplicateKeysRequest)
    settings = dedup_config(config, header)
    secret = _block_secret(body.job_id)
    out = [" ".join(_block_id(secret, key) for key in row) for row in block_keys(header, rows, roles, settings)]
    model = train(header, rows, roles, settings) if body.train else None
    return respond(None, raw_json=orjson.dumps({"rows": len(rows), "roles": roles, "keys": out, "model": model}))


def pairs(request):
    """Step 2 of the split pass: the likely pairs of one part (whole blocks), by data row."""
    body, header, rows, config, roles = _step(request, DuplicatePairsRequest)
    numbers = body.row_numbers
    model = body.model.model_dump() if body.model else {"trained": False}
    found = scored_pairs(header, rows, roles, dedup_config(config, header), model=model,
                         register_rows=body.register_rows)
    at = np.array(numbers, dtype=np.int64)
    # scores exactly as computed (a rounded 0.8999999 would turn sure), evidence for the order of equal scores
    listed = [[int(a), int(b), float(p), bool(x), float(w)]
              for a, b, p, x, w in zip(at[found.i], at[found.j], found.prob, found.apart, found.odds)]
    return respond(None, raw_json=orjson.dumps({"rows": len(rows), "roles": roles, "candidates": found.candidates,
                                                "pairs": listed}))


def clusters(request):
    """Step 3 of the split pass: clusters and notes of whole connected components, by data row."""
    body, header, rows, config, roles = _step(request, DuplicateClustersRequest)
    numbers = body.row_numbers
    local = {number: index for index, number in enumerate(numbers)}
    i, j, prob, apart, odds = [], [], [], [], []
    for number, (a, b, p, x, w) in enumerate(body.pairs, start=1):
        if a not in local or b not in local or a == b:
            raise RequestError(N_("Pair {n} names a row that is not in this call's row_numbers."),
                               code="request.invalid", field="pairs", n=number)
        a, b = sorted((a, b))
        i.append(local[a])
        j.append(local[b])
        prob.append(p)
        apart.append(x)
        odds.append(w)
    given = ScoredPairs(i=np.array(i, dtype=np.int64), j=np.array(j, dtype=np.int64), prob=np.array(prob),
                        apart=np.array(apart, dtype=bool), odds=np.array(odds, dtype=np.float64), candidates=len(i),
                        per_rule={}, training={})
    model = body.model.model_dump() if body.model else None
    found = clusters_from_pairs(header, rows, roles, given, register_rows=body.register_rows, model=model,
                                config=dedup_config(config, header))
    local_clusters = _with_clean_fills(found.clusters, header, roles, config)
    return _clusters_answer([_renumbered(c, numbers) for c in local_clusters], config, {"rows": len(rows), "roles": roles},
                            [_possible_renumbered(p, numbers) for p in found.possible_duplicates],
                            [_close_renumbered(link, numbers) for link in found.close_clusters])


# -- shared -----------------------------------------------------------------------------------------------------
def _step(request, model: type[Step]) -> tuple[Step, list[str], list[list[str]], CleanConfig, list]:
    """What every call of the split pass checks first: the caller, the body (at most RENSA_MAX_PASS_ROWS rows;
    one data row number per row), the person level, a running job of the caller's; then its settings."""
    who = authorize(request, "clean")
    body = _read(request, model)
    header, rows = _table(body.header, body.rows, adapters.get_settings().max_pass_rows)
    if isinstance(body, DuplicatePairsRequest):
        _row_numbers(body.row_numbers, len(rows), body.register_rows)
    config, roles = _config(body.options, header, rows, request)
    _person_level(config)
    _running_job(who, body.job_id)
    return body, header, rows, config, roles


def _config(options: CleanOptions, header: list[str], rows: list[list[str]], request) -> tuple[CleanConfig, list]:
    """The clean settings of this pass (no suppression lists: they play no part in who is who) and the roles.

    Roles are the caller's, else detected on rows spread over the call; a column with no value in this
    call says nothing about who is who, so it gets none (as a clean does)."""
    settings = {**options.config(header), "today": utcnow().date(), "language": request_language(options, request),
                "dedupe": True}
    config = CleanConfig(**settings)
    step = max(1, len(rows) // 2000)
    roles = detect_roles(header, rows[::step], config.roles)
    filled = [any(row[c] for row in rows) for c in range(len(header))]
    return config, [role if full else None for role, full in zip(roles, filled)]


def _person_level(config: CleanConfig) -> None:
    if config.dedupe_level != "person":
        raise RequestError(N_("The split duplicate pass finds people; for companies or households send the "
                              "register to POST /v1/duplicates in one call."),
                           code="request.invalid", field="options.dedupe_level")


def _running_job(who, job_id: str) -> dict:
    job = adapters.get_jobs().get(who.account_id, job_id)
    if job["state"] != "running":
        raise RequestError(JOB_ENDED, code="job.ended", field="job_id")
    return job


def _block_secret(job_id: str) -> bytes:
    """The job's own key for block hashes: the same value gives the same hash in every call of one job only."""
    pepper = adapters.get_settings().key_pepper.encode()
    return hmac.new(pepper, b"rensa-duplicate-blocks:" + job_id.encode(), hashlib.sha256).digest()


def _block_id(secret: bytes, key: tuple[str, str, str]) -> str:
    """``<rule>.<48-bit keyed hash of the key's value><need>``: two rows share it when they share the value.

    48 bits: two different values of one register collide with a chance of about n^2 / 2^49 (0.4 % at 1.4
    million values), and a collision only puts two blocks in one part, which compares nothing more than
    either block alone (the part's own blocking pairs rows by their real values)."""
    rule, value, need = key
    digest = hashlib.blake2b(value.encode(), digest_size=6, key=secret, person=rule.encode()[:16]).digest()
    return f"{rule}.{base64.urlsafe_b64encode(digest).decode()}{need}"


def _row_numbers(numbers: list[int], rows: int, register_rows: int) -> list[int]:
    if len(numbers) != rows:
        raise RequestError(N_("row_numbers must give one data row number per row (rows: {rows}; row numbers: {n})."),
                           code="request.invalid", field="row_numbers", n=len(numbers), rows=rows)
    if len(set(numbers)) != len(numbers) or (numbers and max(numbers) > register_rows):
        raise RequestError(N_("row_numbers must be distinct data rows of the register (1 to register_rows)."),
                           code="request.invalid", field="row_numbers")
    return numbers


def _renumbered(cluster, numbers: list[int]):
    """A cluster of a call's rows (1-based in the call) with the register's data rows."""
    at = {index + 1: number for index, number in enumerate(numbers)}
    merge = cluster.merge.model_copy(update={
        "fills": [f.model_copy(update={"row": at[f.row], "source_row": at[f.source_row]}) for f in cluster.merge.fills],
        "conflicts": [c.model_copy(update={"values": {at[r]: v for r, v in c.values.items()}})
                      for c in cluster.merge.conflicts]})
    pairs = [p.model_copy(update={"rows": [at[r] for r in p.rows]}) for p in cluster.pairs]
    return cluster.model_copy(update={"rows": [at[r] for r in cluster.rows], "survivor": at[cluster.survivor],
                                      "pairs": pairs, "merge": merge})


def _possible_renumbered(possible, numbers: list[int]):
    """A row that may repeat a sure cluster's customer (rows 1-based in the call), with the register's data rows."""
    at = {index + 1: number for index, number in enumerate(numbers)}
    pairs = [p.model_copy(update={"rows": sorted(at[r] for r in p.rows)}) for p in possible.pairs]
    return possible.model_copy(update={"row": at[possible.row], "rows": [at[r] for r in possible.rows], "pairs": pairs})


def _close_renumbered(link, numbers: list[int]):
    """Two sure clusters that may be one customer (rows 1-based in the call), with the register's data rows."""
    at = {index + 1: number for index, number in enumerate(numbers)}
    pair = link.pair.model_copy(update={"rows": sorted(at[r] for r in link.pair.rows)})
    return link.model_copy(update={"rows": [at[r] for r in link.rows], "pair": pair})


def _with_clean_fills(found: list, header: list[str], roles: list, config: CleanConfig) -> list:
    """With ``merge``, the values a survivor is filled with, cleaned as the chunks clean every other cell."""
    fills = [(n, k, f) for n, c in enumerate(found) if c.band == "sure" for k, f in enumerate(c.merge.fills)]
    if not config.merge or not fills:
        return list(found)
    width = len(header)
    sample = [[f.value if column == f.column else "" for column in range(width)] for _, _, f in fills]
    fixed = {index: role for index, role in enumerate(roles)}
    cleaned = clean_register((header, sample), config.model_copy(update={"roles": fixed, "dedupe": False})).rows
    out = list(found)
    for (n, k, fill), row in zip(fills, cleaned):
        merge = out[n].merge
        updated = list(merge.fills)
        updated[k] = fill.model_copy(update={"value": row[fill.column]})
        out[n] = out[n].model_copy(update={"merge": merge.model_copy(update={"fills": updated})})
    return out


def _clusters_answer(found: list, config: CleanConfig, extra: dict, possible: list | tuple = (),
                     close: list | tuple = ()):
    """The clusters, the rows that may repeat a sure cluster's customer (``possible_duplicates``: never marked
    Delete), the pairs of sure clusters that may be one customer (``close_clusters``: never merged) and each row's
    note."""
    notes = duplicate_notes(found, header_row=config.header_row, merge=config.merge, language=config.language,
                            possible=possible, close=close)
    return respond(None, raw_json=orjson.dumps({
        **extra, "duplicates": [cluster.model_dump() for cluster in found],
        "possible_duplicates": [item.model_dump() for item in possible],
        "close_clusters": [item.model_dump() for item in close],
        "notes": notes,  # per data row, core's own duplicate note (core.status), as a clean writes it
    }, option=orjson.OPT_NON_STR_KEYS))  # a merge conflict's values are keyed by row number


# What Apps Script's UrlFetchApp can POST at most: the gzip-compressed match columns of the largest sheet.
WIRE_LIMIT = 50 * 1024 * 1024
_TOO_LARGE_GZIP = N_("The request is larger than {limit} bytes. Send it gzip-compressed.")


def _read(request, model: type[Body]) -> Body:
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
            raise RequestError(N_("The body is not valid gzip: {detail}."), code="request.malformed_gzip",
                               detail=str(e)) from e
        if len(plain) > settings.max_duplicate_bytes or inflate.unconsumed_tail:
            raise PayloadTooLarge(N_("The unpacked request is larger than {limit} bytes."),
                                  limit=settings.max_duplicate_bytes)
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
        raise RequestError(N_("rows: a list of rows (lists of cells) is required."), code="request.invalid",
                           field="rows")
    try:
        body = model.model_validate({**data, "rows": []})  # rows are checked cell by cell in _table
    except ValidationError as e:
        raise _validation_error(e, data) from e
    parsed: Any = body  # every pass body has rows and options
    parsed.rows = rows
    request_language(parsed.options, request)  # what follows speaks the language the body asked for
    return body


def _table(header: list[str], rows: list[list], limit: int) -> tuple[list[str], list[list[str]]]:
    """The rows as text, within this endpoint's row limit (not ``/v1/clean``'s: only match columns come)."""
    settings = adapters.get_settings()
    if len(rows) > limit:
        raise RequestError(TOO_MANY_ROWS, code="request.too_many_rows", field="rows", n=len(rows), limit=limit)
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
