"""Text made with nobody asking speaks the register's language; text kept for later is said in the reader's.

Over HTTP against the real functions-framework servers (``api`` and ``hooks`` targets), on SQLite and on a
real PostgreSQL: a Swedish register's scheduled bounce flush and scheduled upkeep write Swedish into its
sheet, the connection's last problem and the events' notes are kept as sentences to say (code, template,
arguments; never an e-mail address) and read in Norwegian by a Norwegian reader, upkeep's fingerprint tab
is named in Swedish and found again by its marker or (an old tab) by its name in any language, so nothing
is charged twice; a team made at a Danish sign-in is named in Danish; a Finnish checkout names its pack in
Finnish at Stripe (the Stripe fake).
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
import uuid

import pytest
import requests
from sqlalchemy import create_engine, select, update

from core.i18n import translator
from core.status import bounce_note
from functions.errors import SheetsAccessError
from functions.upkeep.store import register_upkeep
from functions.webhooks.notes import KIND_WORDS
from functions.webhooks.schema import hook_connections, hook_events
from tests.conftest import STACK_ENV
from tests.fakes.stack import Stack
from tests.functions._api import Api

SCHEDULER = "i14c-scheduler-token"
GRID = [
    ["Namn", "E-post", "Telefon", "Ort"],
    ["Anna Berg", "anna.berg@firma.se", "070-123 45 67", "Stockholm"],
    ["Olle Ek", "olle@gmial.com", "+46 8 123 456 78", "Göteborg"],
    ["Kari Nordmann", "kari@firma.no", "+47 912 34 567", "Oslo"],
]
SV = {"Accept-Language": "sv-SE,sv;q=0.9"}
# The words come from the catalogues (which the copy reviewers change); what is tested is which language speaks.
SV_T, NB_T = translator("sv"), translator("nb")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def scheduled_stack(request):
    """A stack of its own with the scheduler's endpoints on (the shared stack keeps them off)."""
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_server").create_database()
    running = Stack(database_url=url, extra_env={**STACK_ENV, "RENSA_SCHEDULER_TOKEN": SCHEDULER})
    running.start()
    running.engine = create_engine(running.database_url)
    yield running
    running.engine.dispose()
    running.stop()


def _register(stack, api: Api, token: str, headers: dict) -> tuple[str, dict]:
    """A new spreadsheet in the Sheets fake, connected as a register by a person whose request says ``headers``."""
    return _register_with(stack, api, token, {}, headers)


def _register_with(stack, api: Api, token: str, extra: dict, headers: dict) -> tuple[str, dict]:
    spreadsheet = "1" + uuid.uuid4().hex + "0000000"
    stack.sheets.add(spreadsheet, {"Kunder": [list(row) for row in GRID]})
    answer = api.call("POST", "/v1/registers", {"spreadsheet_id": spreadsheet, "sheet": "Kunder",
                                                "status_column": "Rensa status", **extra}, token=token, headers=headers)
    assert answer.status == 201, answer.body
    return spreadsheet, answer.body


def _scheduler(stack, path: str) -> dict:
    """The scheduler's call on the hooks target: no person, no language."""
    answer = requests.post(stack.info["hooks_url"] + path, headers={"Authorization": f"Bearer {SCHEDULER}"}, timeout=120)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _status(stack, spreadsheet: str) -> list[str]:
    grid = stack.sheets.grid(spreadsheet, "Kunder")
    column = grid[0].index("Rensa status")
    return [row[column] if len(row) > column else "" for row in grid[1:]]


def _mailchimp(stack, connection: dict, **form: str) -> None:
    url = urllib.parse.urlsplit(connection["webhook_url"])
    answer = requests.post(stack.info["hooks_url"] + url.path + "?" + url.query, timeout=60,
                           data={"fired_at": "2026-11-30 10:00:00", "data[list_id]": "l1", **form})
    assert answer.status_code == 200, answer.text


def test_a_swedish_register_s_flush_writes_swedish_and_its_notes_are_read_in_the_reader_s_language(scheduled_stack):
    stack = scheduled_stack
    api = Api(stack)
    token = api.new_user()
    spreadsheet, register = _register(stack, api, token, SV)
    assert register["language"] == "sv"
    made = api.call("POST", "/v1/connections", {"provider": "mailchimp", "register_id": register["id"],
                                                 "email_column": "E-post"}, token=token, headers=SV)
    assert made.status == 201, made.body
    connection = made.body
    _mailchimp(stack, connection, type="cleaned", **{"data[reason]": "hard", "data[email]": "anna.berg@firma.se"})

    # The sheet cannot be opened: the scheduled flush keeps the events waiting with the problem, kept unsaid.
    stack.sheets.spreadsheets[spreadsheet].forbidden = True
    assert _scheduler(stack, "/v1/hooks/flush")["waiting"] == 1
    norwegian = api.call("GET", f"/v1/connections/{connection['id']}", token=token, headers={"Accept-Language": "nb-NO"})
    assert norwegian.headers["Content-Language"] == "nb"
    assert norwegian.body["last_error_code"] == "sheets.no_access"
    problem = SheetsAccessError.message
    assert norwegian.body["last_error"] == NB_T._(problem) != problem
    assert [e["note"] for e in norwegian.body["pending"]] == [NB_T._("Waiting: {reason}", reason=NB_T._(problem))]
    swedish = api.call("GET", "/v1/connections", token=token, headers=SV).body["connections"][0]
    assert swedish["last_error"] == SV_T._(problem)  # the same kept problem, said in Swedish

    # Reachable again. A person reading Finnish asks for the flush: the answer is Finnish, the sheet Swedish.
    stack.sheets.spreadsheets[spreadsheet].forbidden = False
    done = api.call("POST", f"/v1/connections/{connection['id']}/flush", {}, token=token, headers={"Accept-Language": "fi"})
    assert (done.body["applied"], done.body["reason"]) == (1, None)
    assert _status(stack, spreadsheet)[0] == bounce_note("hard_bounce", "Mailchimp", "2026-11-30", SV_T)
    assert _status(stack, spreadsheet)[0].startswith("Skicka inte: ")

    # A scheduled flush (nobody asking) of an address change and a complaint: Swedish in the sheet again.
    _mailchimp(stack, connection, type="upemail", **{"data[old_email]": "kari@firma.no", "data[new_email]": "kari@ny.no"})
    _mailchimp(stack, connection, type="unsubscribe", **{"data[reason]": "abuse", "data[email]": "olle@gmial.com"})
    _mailchimp(stack, connection, type="profile", **{"data[email]": "kari@ny.no"})  # not about delivery
    flushed = _scheduler(stack, "/v1/hooks/flush")
    assert (flushed["applied"], flushed["results"][0]["recorded"]) == (2, 1)
    assert _status(stack, spreadsheet)[1] == bounce_note("complaint", "Mailchimp", "2026-11-30", SV_T)
    assert stack.sheets.grid(spreadsheet, "Kunder")[3][1] == "kari@ny.no"
    done = api.call("GET", f"/v1/connections/{connection['id']}", token=token, headers={"Accept-Language": "nb"}).body["done"]
    # Who each event is about is read from the sheet now (Rensa keeps only keyed hashes): Kari's address change
    # is found by the new address the sheet holds since.
    notes = {(e["email"], e["kind"]): (e["note"], e["note_code"], e["rows"]) for e in done}
    kinds = {e["kind"]: e["kind_text"] for e in done}  # the kind in words beside its code, for the sidebar's list
    assert kinds == {kind: NB_T._(words) for kind, words in KIND_WORDS.items() if kind in kinds}
    assert set(kinds) == {"hard_bounce", "email_change", "complaint", "ignored"}
    assert kinds["hard_bounce"] != "hard bounce"
    marked = ("Marked do-not-send in row {rows}: {reason}.", "Marked do-not-send in rows {rows}: {reason}.")
    assert notes == {
        ("anna.berg@firma.se", "hard_bounce"): (
            NB_T.n_(*marked, 1, rows=[2], reason=NB_T._("the address bounced (hard bounce)")), "event.flagged", [2]),
        ("kari@ny.no", "email_change"): (
            NB_T.n_("Address changed in row {rows}.", "Address changed in rows {rows}.", 1, rows=[4]),
            "event.address_changed", [4]),
        ("olle@gmial.com", "complaint"): (
            NB_T.n_(*marked, 1, rows=[3], reason=NB_T._("the recipient marked a mail as spam")), "event.flagged", [3]),
        ("kari@ny.no", "ignored"): (
            NB_T._("No change: {reason}.", reason=NB_T._("not a delivery signal")), "event.no_change", [4]),
    }
    assert notes[("kari@ny.no", "email_change")][0] != "Address changed in row 4."
    # What is kept is a sentence to say with non-personal arguments: no address, in no language.
    with stack.engine.connect() as db:
        kept = list(db.execute(select(hook_events.c.note).where(hook_events.c.connection_id == connection["id"])).scalars())
        kept += [db.execute(select(hook_connections.c.last_error).where(hook_connections.c.id == connection["id"])).scalar()
                 or ""]
    assert kept and all("@" not in note and "Skicka" not in note and "ikke send" not in note for note in kept)


def test_a_swedish_register_s_scheduled_upkeep_writes_swedish_and_finds_its_fingerprints_in_any_language(
        scheduled_stack):
    stack = scheduled_stack
    api = Api(stack)
    token = api.new_user()
    spreadsheet, register = _register(stack, api, token, {"Accept-Language": "en"})
    assert register["language"] == "en"
    # Turning upkeep on from a Swedish sidebar makes the register Swedish; a script without a language does not.
    turned_on = api.call("PUT", f"/v1/registers/{register['id']}/upkeep", {"frequency": "weekly", "day": 3},
                         token=token, headers=SV)
    assert turned_on.status == 200, turned_on.body
    # A script setting the schedule again without a language (no Accept-Language) leaves the register's as it is.
    assert api.call("PUT", f"/v1/registers/{register['id']}/upkeep", {"frequency": "weekly", "day": 3},
                    token=token).status == 200
    assert api.call("GET", f"/v1/registers/{register['id']}", token=token).body["language"] == "sv"
    refused = api.call("PATCH", f"/v1/registers/{register['id']}", {"language": "<script>"}, token=token)
    assert (refused.status, refused.body["code"]) == (400, "request.invalid")
    other = api.call("PATCH", f"/v1/registers/reg_{uuid.uuid4().hex[:12]}", {"language": "sv"}, token=token)
    assert (other.status, other.body["code"]) == (404, "not_found")

    def due_run() -> dict:
        with stack.engine.begin() as db:
            db.execute(update(register_upkeep).where(register_upkeep.c.register_id == register["id"]).values(
                next_run_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))
        ran = _scheduler(stack, "/v1/hooks/upkeep")
        assert ran["failed"] == [], ran
        return ran["ran"][0]

    first = due_run()
    assert first["rows_charged"] == 3
    typo = "The domain looks misspelled: did you mean {domain}?"
    assert _status(stack, spreadsheet)[1].startswith("E-post: " + SV_T._(typo, domain="gmail.com"))
    tab = SV_T._("Rensa fingerprints ({tab})", tab="Kunder")
    assert tab != "Rensa fingerprints (Kunder)"
    register_tab = next(s.sheet_id for s in stack.sheets.spreadsheets[spreadsheet].sheets if s.title == "Kunder")
    def marked(kind: str) -> dict:
        return {title: of for title, marks in stack.sheets.markers(spreadsheet).items()
                if marks["rensa.tab"] == kind for of in [marks["rensa.tab.of"]]}

    assert marked("fingerprints") == {tab: str(register_tab)}
    backups = marked("backup")  # the undo copy upkeep made before rewriting cells: marked too (the add-on's key)
    assert len(backups) == 1 and set(backups.values()) == {str(register_tab)}
    assert next(iter(backups)).startswith("Rensa-säkerhetskopia: Kunder ")  # named as the add-on names it in sv
    assert tab in stack.sheets.hidden(spreadsheet)
    assert stack.sheets.grid(spreadsheet, tab)[0] == [SV_T._("Rensa: row fingerprints for upkeep. Do not edit.")]
    assert due_run()["rows_charged"] == 0  # found again: nothing new, nothing charged

    # Someone renamed Rensa's tab: its marker still finds it.
    book = stack.sheets.spreadsheets[spreadsheet]
    fingerprints = next(s for s in book.sheets if s.title == tab)
    fingerprints.title = "Gamla avtryck"
    assert due_run()["rows_charged"] == 0
    # A tab from before the marker (the old English name, no metadata): found by its name, then marked.
    fingerprints.title, fingerprints.metadata = "Rensa fingerprints (Kunder)", []
    stack.sheets.set(spreadsheet, "Kunder", 3, 3, "070-765 43 21")  # a person's edit: only that row is charged
    assert due_run()["rows_charged"] == 1
    assert marked("fingerprints") == {"Rensa fingerprints (Kunder)": str(register_tab)}
    assert [s.title for s in book.sheets if "fingerprints" in s.title or "fingeravtryck" in s.title] == [
        "Rensa fingerprints (Kunder)"]

    # Changed to Norwegian where the sidebar's language changes it: the status sentences follow.
    changed = api.call("PATCH", f"/v1/registers/{register['id']}", {"language": "no"}, token=token)
    assert (changed.status, changed.body["language"]) == (200, "nb")
    stack.sheets.set(spreadsheet, "Kunder", 3, 2, "olle@hotmial.com")
    due_run()
    assert _status(stack, spreadsheet)[1].startswith("E-post: " + NB_T._(typo, domain="hotmail.com"))


def test_a_register_connected_with_a_language_in_the_body_keeps_it(stack):
    api = Api(stack)
    token = api.new_user()
    _, danish = _register_with(stack, api, token, {"language": "da-DK"}, {"Accept-Language": "sv"})
    assert danish["language"] == "da"  # the body's language wins over the header
    _, unknown = _register_with(stack, api, token, {"language": "de"}, {})
    assert unknown["language"] == "en"  # a language Rensa does not speak: English
    # Another account cannot read or change it.
    stranger = api.call("PATCH", f"/v1/registers/{danish['id']}", {"language": "fi"}, token=api.new_user())
    assert stranger.status == 404
    assert api.call("GET", f"/v1/registers/{danish['id']}", token=token).body["language"] == "da"


def test_a_team_made_at_a_danish_sign_in_is_named_in_danish(stack):
    api = Api(stack)
    token = stack.tokens.mint(f"sub-{uuid.uuid4().hex}", email="mette@firma.dk")
    team = api.call("GET", "/v1/team", token=token, headers={"Accept-Language": "da-DK"})
    assert team.status == 200
    unnamed = "{owner}'s team"
    assert [t["name"] for t in team.body["teams"]] == [translator("da")._(unnamed, owner="mette@firma.dk")]
    assert team.body["teams"][0]["name"] != "mette@firma.dk's team"
    finnish = api.call("GET", "/v1/team", token=token, headers={"Accept-Language": "fi"})
    assert [t["name"] for t in finnish.body["teams"]] == [translator("fi")._(unnamed, owner="mette@firma.dk")]
    named = api.call("PATCH", "/v1/team", {"name": "Kundeservice"}, token=token, headers={"Accept-Language": "da"})
    assert [t["name"] for t in named.body["teams"]] == ["Kundeservice"]  # a name given is never translated


def test_a_finnish_checkout_names_the_pack_in_finnish_at_stripe(stack):
    api = Api(stack)
    token = api.new_user()
    answer = api.call("POST", "/v1/billing/checkout", {"pack": "10000"}, token=token, headers={"Accept-Language": "fi-FI"})
    assert answer.status == 201, answer.body
    session = stack.stripe.objects[answer.body["session_id"]]
    name = session["line_items_sent"][0]["price_data"]["product_data"]["name"]
    assert name == translator("fi").n_("Rensa: {n} row", "Rensa: {n} rows", 10000) == "Rensa: 10\xa0000 riviä"
    assert session["locale"] == "fi"  # Stripe's own payment page in Finnish too
    assert stack.stripe.objects[session["customer"]]["preferred_locales"] == ["fi"]  # receipts and invoices later
