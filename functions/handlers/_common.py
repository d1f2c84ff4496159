"""What every handler does the same way: authorize, parse and limit the body, respond with JSON."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from itertools import chain
from types import SimpleNamespace
from typing import TypeVar

import flask
import orjson
from pydantic import BaseModel, ValidationError

from core.i18n import N_, negotiate, translator
from core.rewrites import rewrite_kinds
from core.status import summary as say_summary
from core.webhooks.suppression import cell_addresses, suppressed_emails
from functions import adapters
from functions.adapters.auth import Principal
from functions.adapters.db import utcnow
from functions.bodies import TOO_LARGE
from functions.errors import NotFoundError, PayloadTooLarge, RequestError
from functions.request_models import SCALARS, cell_text

# The body model a handler asks parse() for, and so the type it gets back.
M = TypeVar("M", bound=BaseModel)


def authorize(request, scope: str) -> Principal:
    """The caller, who must hold ``scope``."""
    principal = adapters.get_auth().authenticate(request.headers)
    principal.require(scope)
    return principal


def parse(request: flask.Request, model: type[M], *, empty_ok: bool = False, rows: str | None = None) -> M:
    """The JSON body validated by ``model``; errors name the field (and row) they concern.

    A body with ``options.language`` sets the language of everything this call says from here on,
    its errors included."""
    body = _parse(request, model, empty_ok=empty_ok, rows=rows)
    request_language(getattr(body, "options", None), request)
    return body


def _parse(request: flask.Request, model: type[M], *, empty_ok: bool = False, rows: str | None = None) -> M:
    """``parse`` without the language.

    ``rows``: a field holding a list of rows that ``table()`` checks cell by cell. The body is then read
    with orjson and only the rest is validated by pydantic (1,000 rows: 0.35 vs 0.86 ms); any body that
    path does not take (bad JSON, rows that are not lists) goes through the full validation below, so
    the errors stay the same."""
    limit = adapters.get_settings().max_request_bytes
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(_TOO_LARGE, limit=limit)
    raw = request.stream.read(limit + 1) if request.content_length is None else request.get_data()
    if len(raw) > limit:
        raise PayloadTooLarge(_TOO_LARGE, limit=limit)
    if not raw.strip() and empty_ok:
        return model()
    if rows is not None and (body := _with_rows(raw, model, rows)) is not None:
        return body
    try:
        return model.model_validate_json(raw)  # one pass in pydantic-core: much faster than json.loads + validate
    except ValidationError as e:
        error = e
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as e:
        raise RequestError(NOT_JSON, code="request.malformed_json", detail=str(e)) from e
    except RecursionError as e:
        raise RequestError(N_("The body is nested too deeply to be a request."), code="request.malformed_json") from e
    asked_language(body, request)
    raise _validation_error(error, body) from error


def asked_language(body, request) -> None:
    """A body that does not validate may still say its language (``options.language``): its errors speak it."""
    options = body.get("options") if isinstance(body, dict) else None
    language = options.get("language") if isinstance(options, dict) else None
    if isinstance(language, str):
        request_language(SimpleNamespace(language=language), request)


def _with_rows(raw: bytes, model: type[M], field: str) -> M | None:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if data.__class__ is not dict or data.get(field).__class__ is not list:
        return None
    rows = data[field]
    if not all(row.__class__ is list for row in rows) or float in set(map(type, chain.from_iterable(rows))):
        return None  # orjson reads an integer beyond 64 bits as a float: pydantic keeps it exact
    try:
        body = model.model_validate_json(orjson.dumps({**data, field: []}))  # the envelope, in JSON mode as before
    except ValidationError:
        return None
    setattr(body, field, rows)
    return body


_TOO_LARGE = TOO_LARGE
# Said the same way by every endpoint that reads a body or a table itself (/v1/clean, /v1/duplicates, ...).
NOT_JSON = N_("The body is not valid JSON: {detail}.")
NOT_AN_OBJECT = N_("The body must be a JSON object.")
TOO_MANY_ROWS = N_("{n} rows is more than the {limit} allowed per call. Send the rows in chunks.")
TOO_MANY_COLUMNS = N_("{n} columns is more than the {limit} allowed.")
ROW_TOO_LONG = N_("Row {row} has {n} cells, more than the header's columns ({width}).")
INVALID_CELL = N_("Row {row}, {column}: a cell must be text, a number, true/false or empty.")
JOB_ENDED = N_("This clean job has ended; start a new one.")
# pydantic explains a field in English; the common kinds are said in Rensa's words (translated), the rest
# keep pydantic's words after the field name.
_FIELD_PROBLEMS = {
    "missing": N_("{field}: this field is required."),
    "extra_forbidden": N_("{field}: this field is not known."),
    "string_type": N_("{field}: this must be text."),
    "int_type": N_("{field}: this must be a whole number."),
    "int_parsing": N_("{field}: this must be a whole number."),
    "bool_type": N_("{field}: this must be true or false."),
    "bool_parsing": N_("{field}: this must be true or false."),
    "list_type": N_("{field}: this must be a list."),
    "dict_type": N_("{field}: this must be an object."),
    "model_type": N_("{field}: this must be an object."),
    "literal_error": N_("{field}: use {choices}."),
    "enum": N_("{field}: use {choices}."),
    "too_short": N_("{field}: too short (at least {limit})."),
    "string_too_short": N_("{field}: too short (at least {limit})."),
    "too_long": N_("{field}: too long (at most {limit})."),
    "string_too_long": N_("{field}: too long (at most {limit})."),
    "greater_than_equal": N_("{field}: this must be at least {limit}."),
    "less_than_equal": N_("{field}: this must be at most {limit}."),
    "string_pattern_mismatch": N_("{field}: this value has the wrong form."),
}
# Where pydantic keeps the number or the choices a message names.
_CONTEXT = {"too_short": "min_length", "string_too_short": "min_length", "too_long": "max_length",
            "string_too_long": "max_length", "greater_than_equal": "ge", "less_than_equal": "le"}


def _validation_error(error: ValidationError, body) -> RequestError:
    first = error.errors(include_url=False)[0]
    loc = list(first["loc"])
    if not isinstance(body, dict):
        return RequestError(NOT_AN_OBJECT, code="request.invalid")
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    row = loc[1] + 1 if len(loc) > 1 and loc[0] == "rows" and isinstance(loc[1], int) else None
    template = _FIELD_PROBLEMS.get(first["type"])
    if template is None:
        # Our validators' reasons are marked messages (functions/models.py): shown translated; pydantic's own
        # reasons have no translation and stay as pydantic wrote them.
        detail = first["msg"].removeprefix("Value error, ")
        return RequestError("{field}: {detail_label}.", code="request.invalid", field=field, row=row,
                            detail_label=detail)
    context = first.get("ctx") or {}
    params = {}
    if first["type"] in _CONTEXT:
        params["limit"] = context.get(_CONTEXT[first["type"]])
    elif "expected" in context:
        params["choices"] = re.findall(r"'([^']*)'", str(context["expected"])) or [str(context["expected"])]
    return RequestError(template, code="request.invalid", field=field, row=row, **params)


def table(header: list[str], rows: list[list], *, sheet: bool = False) -> tuple[list[str], list[list[str]]]:
    """Header and rows as text within the limits; short rows are padded (Sheets drops trailing blanks).
    ``sheet``: the rows were read from a connected register, so the limit message says what to do then."""
    settings = adapters.get_settings()
    if len(rows) > settings.max_rows:
        message = (
            N_("The sheet has {n} data rows; a connected register can have at most {limit}. Clean it from the "
               "add-on's sidebar instead, which sends the rows in chunks.")
            if sheet else TOO_MANY_ROWS
        )
        raise RequestError(message, code="request.too_many_rows", field=None if sheet else "rows", n=len(rows),
                           limit=settings.max_rows)
    if len(header) > settings.max_columns:
        raise RequestError(TOO_MANY_COLUMNS, code="request.too_many_columns",
                           field="header", n=len(header), limit=settings.max_columns)
    width, limit = len(header), settings.max_cell_chars
    # The common case (every row as wide as the header, all text, no cell too long) in three passes over
    # C iterators, and without a copy (core never modifies rows); anything else takes the loop that names it.
    if (set(map(len, rows)) <= {width} and set(map(type, chain.from_iterable(rows))) <= {str}
            and max(map(len, chain.from_iterable(rows)), default=0) <= limit):
        return list(header), rows
    out = []
    for number, row in enumerate(rows, start=1):
        if len(row) > width:
            raise RequestError(ROW_TOO_LONG, code="request.row_too_long", row=number, n=len(row), width=width)
        cells = [v if v.__class__ is str else _cell(v, number, header, i) for i, v in enumerate(row)]  # mostly text
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        if cells and max(map(len, cells)) > limit:
            index = next(i for i, cell in enumerate(cells) if len(cell) > limit)
            raise RequestError(
                N_("A cell in column \u201c{column}\u201d has {n} characters; at most {limit} are allowed."),
                code="request.cell_too_long", row=number, field=header[index], column=header[index],
                n=len(cells[index]), limit=limit,
            )
        out.append(cells)
    return list(header), out


def _cell(value, row: int, header: list[str], index: int) -> str:
    if not isinstance(value, SCALARS):
        raise RequestError(INVALID_CELL, code="request.invalid_cell", row=row, field=header[index], column=header[index])
    return cell_text(value)


def engine_config(who: Principal, options, header: list[str], rows: list[list[str]]) -> dict:
    """The ``CleanConfig`` of one call: the caller's options, today's date (UTC; core has no clock), the
    account's suppressed addresses that occur in ``rows`` (webhooks keep them only as keyed hashes, under the
    account's key) and its
    uploaded suppression lists, each holding only the hashes these rows can match."""
    from functions.webhooks.store import get_store

    config = options.config(header)
    config["today"] = utcnow().date()
    config["language"] = request_language(options)
    store = get_store()
    # Addresses suppressed before the account had its own key are re-keyed as these rows show them (both forms
    # a cell is matched under), so they match below; the generator is not read once none is left.
    store.rekey(who.account_id, (form for pair in cell_addresses(cell for row in rows for cell in row) for form in pair))
    hashes = store.suppression_hashes(who.account_id)
    if hashes:
        config["suppressed"] = suppressed_emails((cell for row in rows for cell in row), hashes,
                                                 key=store.account_key(who.account_id))
    lists = adapters.get_suppression_store()
    if lists.list_all(who.account_id):  # uploaded lists: look up only the hashes of these rows' values
        from core.clean import contact_values

        config["suppression_lists"] = tuple(lists.lists_matching(who.account_id, contact_values((header, rows), config)))
        config["suppression_key"] = lists.account_key(who.account_id)
    return config


def free_dry_run(who: Principal, rows: list[list[str]]) -> None:
    """Count a free dry run's rows against the account's hourly allowance (429 with Retry-After beyond it)."""
    per_hour = adapters.get_settings().free_dry_run_rows_per_hour
    adapters.get_billing().take_free_rows(who.account_id, billable_rows(rows), per_hour=per_hour)


def dry_run_view(result, language: str | None = None) -> dict:
    """What a free dry run answers: the quality, not the work.

    The quality report, the counts (``core.models.CleanCounts``, the same numbers a clean reports, plus
    the rows that would change and the problems per code) and core's count sentences (``summary``), the
    duplicate groups and their row notes, and, per row, the problem codes and messages; never a cleaned
    value: no ``rows``, no ``status``, changes only as the cells that would change (no
    ``before``/``after``), issues without ``suggestion``, duplicate groups without the merge's values, the
    contact summary without its per-row verdicts."""
    changes = [{"row": c["row"], "column": c["column"], "header": c["header"]} for c in result.changes.dicts()]
    issues: list[dict] = []
    by_code: dict[str, int] = {}
    for issue in result.issues.dicts():
        issues.append({**issue, "suggestion": None, "params": None})
        by_code[issue["code"]] = by_code.get(issue["code"], 0) + 1
    duplicates = [_cluster_without_values(cluster) for cluster in result.duplicates]
    counts = {
        **result.counts.model_dump(),
        "changed_rows": len({c["row"] for c in changes}),
        "by_code": dict(sorted(by_code.items(), key=lambda item: (-item[1], item[0]))),
    }
    view = {
        "header": result.header, "roles": result.roles, "changes": changes, "issues": issues,
        "duplicates": duplicates, "quality": result.quality, "counts": counts, "notes": result.notes,
        # rows that may repeat a sure group's customer: row numbers, scores and reasons, no cell values
        "possible_duplicates": [item.model_dump() for item in getattr(result, "possible_duplicates", [])],
        # sure groups that may be one customer: cluster ids, the pair's rows, score and reasons
        "close_clusters": [item.model_dump() for item in getattr(result, "close_clusters", [])],
        "summary": say_summary(result.counts, dry_run=True, t=translator(language)),
        # what a clean would change, per column and kind (layout only or a fix), counts without the values
        "will_change": [kind.to_json() for kind in rewrite_kinds(
            changes, {(i["row"], i["column"]) for i in issues if i["column"] is not None})],
    }
    contact = getattr(result, "contact", None)
    if contact is not None:  # who may be contacted: the counts and the lists matched, not the verdict per row
        view["contact"] = {key: value for key, value in contact.items() if key != "values"}
    companies = getattr(result, "companies", None)
    if companies is not None:  # what the registries said; a dry run never carries the added columns
        view["companies"] = companies
    return view


def _cluster_without_values(cluster) -> dict:
    data = cluster.model_dump() if isinstance(cluster, BaseModel) else dict(cluster)
    merge = data.get("merge") or {}
    data["merge"] = {
        "fills": [{"row": f["row"], "column": f["column"], "source_row": f["source_row"]} for f in merge.get("fills", [])],
        "conflicts": [
            {"column": c["column"], "header": c["header"], "rows": sorted(int(r) for r in c.get("values", {}))}
            for c in merge.get("conflicts", [])
        ],
    }
    return data


def request_language(options=None, request=None) -> str:
    """The language of this call's texts: ``options.language``, else the ``Accept-Language`` header, else
    English; remembered so that an error raised later in the call is worded the same way."""
    live = flask.has_request_context()
    request = request if request is not None else flask.request if live else None
    header = request.headers.get("Accept-Language") if request is not None else None
    language = negotiate(getattr(options, "language", None), header)
    if live:
        flask.g.rensa_language = language
    return language


def stated_language(options=None, request=None) -> str | None:
    """The language this call names (``options.language`` or an ``Accept-Language`` header), or None when it
    names none: what a register keeps changes only when a person's request says a language, never because a
    script called without one."""
    request = request if request is not None else flask.request if flask.has_request_context() else None
    if getattr(options, "language", None) is None and (request is None or not request.headers.get("Accept-Language")):
        return None
    return request_language(options, request)


def billable_rows(rows: list[list[str]]) -> int:
    """Rows that hold anything; blank rows are free."""
    return sum(1 for row in rows if any(map(str.strip, row)))


def request_hash(*parts) -> str:
    """The fingerprint kept (in the ledger, beside an idempotency key) of a charged request, rows included, to
    tell a retry from another request under the same key. Keyed, as every fingerprint Rensa keeps: HMAC-SHA256
    with a key derived from ``RENSA_KEY_PEPPER``, so a stored one cannot be tested against a guessed register
    (a plain SHA-256 of a one-row request can)."""
    key = hashlib.sha256(b"rensa-request:" + adapters.get_settings().key_pepper.encode()).digest()
    body = json.dumps(parts, ensure_ascii=False, separators=(",", ":")).encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def not_found(what: str, field: str) -> NotFoundError:
    return NotFoundError(N_("There is no {what_label} with that id in this account."), code="not_found", field=field,
                         what_label=what)


def respond(body, status: int = 200, *, raw_json: bytes | str | None = None):
    """A JSON response; ``raw_json`` lets a handler send an already serialized object."""
    text = raw_json if raw_json is not None else json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    response = flask.Response(text, status=status, mimetype="application/json")
    if flask.has_request_context() and (language := flask.g.get("rensa_language")):
        response.headers["Content-Language"] = language
    return response


def result_json(result: BaseModel | dict, extra: dict) -> bytes:
    """``{**extra, ...result...}`` serialized once with orjson: about 2x faster than ``model_dump_json`` for
    a clean result (1.5 vs 3.1 ms per 1,000 rows), and the same JSON (a test compares them)."""
    fields = result if isinstance(result, dict) else _fields(result)
    return orjson.dumps({**extra, **fields}, default=_json_default, option=orjson.OPT_NON_STR_KEYS)


def _fields(model: BaseModel) -> dict:
    return {name: getattr(model, name) for name in type(model).model_fields}


def _json_default(value):
    if isinstance(value, BaseModel):
        return _fields(value)
    if hasattr(value, "to_list"):  # core's compact change and issue logs
        return value.to_list()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
