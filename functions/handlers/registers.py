"""``/v1/registers``: connect a Google Sheet tab, list, show, forget, and clean it in place."""

from __future__ import annotations

from core.clean import clean as clean_register
from core.i18n import N_, negotiate
from core.upkeep import snapshot as history_numbers
from functions import adapters
from functions.adapters.db import utcnow
from functions.companies.lookup import check_result as check_companies
from functions.domains import check_result as check_domains
from functions.request_models import RegisterClean, RegisterCreate, RegisterUpdate
from functions.write_back import plan_write_back

from ._common import (
    authorize,
    billable_rows,
    dry_run_view,
    engine_config,
    free_dry_run,
    not_found,
    parse,
    respond,
    result_json,
    stated_language,
    table,
)


def create(request):
    who = authorize(request, "registers")
    body = parse(request, RegisterCreate)
    sheets = adapters.get_sheets()
    sheets.check_access(body.spreadsheet_id, body.sheet)
    values = body.model_dump()
    values["name"] = values["name"] or body.sheet
    # Upkeep and the bounce flush write this sheet with nobody asking: in the language of who connected it.
    values["language"] = negotiate(body.language, request.headers.get("Accept-Language"))
    register = adapters.get_db().add_register(who.account_id, **values)
    return respond({**register, "share_with": sheets.service_account_email}, 201)


def update(request, register_id: str):
    """``PATCH``: change the language upkeep and the bounce flush write the register's sheet in."""
    who = authorize(request, "registers")
    body = parse(request, RegisterUpdate)
    db = adapters.get_db()
    db.get_register(who.account_id, register_id) or _missing()
    db.set_register_language(who.account_id, register_id, negotiate(body.language))
    return respond(db.get_register(who.account_id, register_id))


def adopt_language(who, register: dict, options=None) -> dict:
    """A request that configures or writes a register and names a language (``options.language`` or
    ``Accept-Language``) makes it the register's: what upkeep and the flush write later matches what this
    person sees now. A call that names no language (a script) leaves it as it is."""
    language = stated_language(options)
    if language is None or language == register.get("language"):
        return register
    adapters.get_db().set_register_language(who.account_id, register["id"], language)
    return {**register, "language": language}


def list_all(request):
    who = authorize(request, "registers")
    return respond({"registers": adapters.get_db().list_registers(who.account_id)})


def get(request, register_id: str):
    who = authorize(request, "registers")
    register = adapters.get_db().get_register(who.account_id, register_id)
    if register is None:
        raise not_found(N_("register"), "register_id")
    return respond(register)


def delete(request, register_id: str):
    who = authorize(request, "registers")
    if not adapters.get_db().delete_register(who.account_id, register_id):
        raise not_found(N_("register"), "register_id")
    adapters.get_register_cache().forget(who.account_id, register_id)
    return respond({"id": register_id, "deleted": True})


def clean(request, register_id: str):
    who = authorize(request, "registers")
    body = parse(request, RegisterClean, empty_ok=True)
    db, sheets, billing = adapters.get_db(), adapters.get_sheets(), adapters.get_billing()
    register = db.get_register(who.account_id, register_id) or _missing()
    snapshot = sheets.read(register["spreadsheet_id"], register["sheet"], register["header_row"])
    plan = plan_write_back(snapshot, register["status_column"])
    header, rows = table(plan.header, plan.rows, sheet=True)
    if body.dry_run:
        free_dry_run(who, rows)
        config = engine_config(who, body.options, header, rows)
        result = _with_companies(clean_register((header, rows), config), body.options, config, dry_run=True)
        usage = billing.balance(who.account_id)
        extra = {"usage": usage, "dry_run": True, "written_cells": 0, "backup_sheet": None, "formula_cells_kept": 0}
        return respond(None, raw_json=result_json(dry_run_view(result, config.get("language")), extra))
    # The rows are reserved in the transaction that checks the balance, before the sheet is touched: a 402
    # never follows a write, and concurrent cleans cannot spend the same rows. A failed clean or write
    # releases them; the reservation becomes the charge only once the sheet is written.
    register = adopt_language(who, register, body.options)  # its backup and notes in the language asked for
    with billing.metered(who.account_id, billable_rows(rows), endpoint="registers.clean") as usage:
        config = engine_config(who, body.options, header, rows)
        result = _with_companies(clean_register((header, rows), config), body.options, config, dry_run=False)
        cells, status = plan.cells(result.changes, result.status)
        written = sheets.write_back(snapshot, cells, status, extra_columns=plan.extra_columns,
                                     language=register.get("language"))
    db.mark_register_cleaned(who.account_id, register_id)
    adapters.get_upkeep_store().record(  # a point of the quality history: numbers only
        who.account_id, register_id, kind="clean", outcome="ok", now=utcnow(),
        numbers=history_numbers(result, changed=len({c.row for c in result.changes}), rows_charged=usage["rows_charged"]))
    adapters.get_register_cache().forget(who.account_id, register_id)
    extra = {"usage": usage, "dry_run": False, "written_cells": written.cells, "backup_sheet": written.backup_sheet,
             "formula_cells_kept": len(written.formula_cells)}
    return respond(None, raw_json=result_json(result, extra))


def _with_companies(result, options, config: dict, *, dry_run: bool):
    """The checks after the clean: e-mail domains (DNS) and, when asked, the company registries. Statuses only:
    a connected register gets the registries' verdicts in its status column; added columns are written by the
    caller of /v1/clean (the CLI writes them into its output file)."""
    language = config.get("language", "en")
    result = check_domains(result, options, today=config["today"], language=language)
    return check_companies(result, options.model_copy(update={"enrich": []}), today=config["today"], dry_run=dry_run,
                           language=language)


def _missing():
    raise not_found(N_("register"), "register_id")
