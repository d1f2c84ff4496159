"""Suppression lists through the live API on SQLite and PostgreSQL: upload real-shaped files, match them
in /v1/clean and /v1/check, expiry, "may I call now?", and only keyed hashes in the database."""

from __future__ import annotations

import datetime as dt
import pathlib
import re

from sqlalchemy import create_engine, inspect, text

from functions.adapters.db import utcnow
from tests.functions._api import Api

FILES = pathlib.Path(__file__).resolve().parents[1] / "data" / "suppression"
HEADER = ["Namn", "Telefon", "E-post", "Personnummer", "Gatuadress", "Postnr", "Ort", "Kund"]


def _file(name: str) -> str:
    data = (FILES / name).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _register() -> list[list[str]]:
    return [line.split(";") for line in _file("kunder.csv").splitlines()[1:]]


def _upload(api, token, kind, name, **extra):
    return api.call("POST", "/v1/suppression-lists", {"kind": kind, "name": name, "content": _file(name), **extra},
                    token=token)


def test_upload_match_report_and_hashes_only(stack):
    api = Api(stack)
    token = api.new_user()
    today = utcnow().date()
    list_date = today - dt.timedelta(days=10)

    refused = _upload(api, token, "nix", "nix_2026-11-02.txt")
    assert (refused.status, refused.body["code"], refused.body["field"]) == (400, "suppression.date_required", "date")

    nix = _upload(api, token, "nix", "nix_2026-11-02.txt", date=list_date.isoformat())
    assert nix.status == 201
    assert (nix.body["entries"], nix.body["header"], nix.body["rows"], nix.body["unreadable_rows"]) == (5, False, 5, [])
    assert nix.body["valid_until"] > list_date.isoformat() and nix.body["expired"] is False
    assert nix.body["channels"] == ["phone"]
    deceased = _upload(api, token, "deceased", "deceased_bureau.csv")
    assert (deceased.status, deceased.body["entries"], deceased.body["header"]) == (201, 1, True)
    opt_out = _upload(api, token, "opt_out_email", "opt_out_email.csv", valid_until=(today + dt.timedelta(days=365)).isoformat())
    assert (opt_out.status, opt_out.body["entries"]) == (201, 2)

    answer = api.call("POST", "/v1/clean", {"header": HEADER, "rows": _register()}, token=token)
    assert answer.status == 200
    contact = answer.body["contact"]
    assert [c["header"] for c in contact["columns"]] == ["Ring ej", "Posta ej", "E-posta ej"]
    assert contact["values"] == [["NIX-Telefon", "", ""], ["NIX-Telefon", "", "Egen spärrlista"],
                                 ["Avliden", "Avliden", "Avliden"], ["NIX-Telefon", "", ""], ["", "", "Egen spärrlista"]]
    assert {(lst["kind"], lst["matches"], lst["entries"]) for lst in contact["suppression"]} == {
        ("nix", 3, 5), ("deceased", 1, 1), ("opt_out_email", 2, 2)}
    assert contact["summary"]["phone"] == {"may_contact": 0, "closed": 4, "unchecked": 0, "no_value": 1}
    assert contact["summary"]["email"]["may_contact"] == 2
    codes = {(i["row"], i["header"], i["code"]) for i in answer.body["issues"] if i["code"].startswith("suppressed.")}
    assert codes == {(1, "Telefon", "suppressed.nix"), (2, "Telefon", "suppressed.nix"), (4, "Telefon", "suppressed.nix"),
                     (2, "E-post", "suppressed.opt_out_email"), (5, "E-post", "suppressed.opt_out_email"),
                     (3, "Personnummer", "suppressed.deceased")}
    assert f"On NIX-Telefon (list of {list_date.isoformat()}): do not call for sales without a valid consent." \
        in answer.body["status"][0]

    # the existing-customer exception is an option, and then named in the status
    customers = api.call("POST", "/v1/clean", {"header": HEADER, "rows": _register(), 
                                               "options": {"customer_column": "Kund"}}, token=token)
    assert customers.body["contact"]["values"][1][0] == ""
    assert "Marked as an existing customer" in customers.body["status"][1]

    check = api.call("POST", "/v1/check", {"header": HEADER, "row": ["Ny Kund", "+46 70 222 33 44", "ny@firma.se",
                                                                      "", "", "", "", ""]}, token=token)
    assert check.body["suppression"]["suppressed"] is True
    assert [(h["kind"], h["id"]) for h in check.body["suppression"]["lists"]] == [("nix", nix.body["id"])]
    assert check.body["suppression"]["do_not"] == {"phone": "NIX-Telefon", "post": "", "email": ""}
    free = api.call("POST", "/v1/check", {"header": HEADER, "row": ["Ny", "0709998877", "", "", "", "", "", ""]}, token=token)
    assert free.body["suppression"] == {"suppressed": False, "lists": [], "do_not": {"phone": "", "post": "", "email": ""}}

    # another account sees none of it
    other = api.new_user()
    assert api.call("GET", "/v1/suppression-lists", token=other).body["lists"] == []
    assert api.call("POST", "/v1/clean", {"header": HEADER, "rows": _register()}, token=other).body["contact"] is None
    assert api.call("DELETE", f"/v1/suppression-lists/{nix.body['id']}", token=other).status == 404

    # the database holds hashes, never a number, id or address from the files
    engine = create_engine(stack.database_url)
    try:
        with engine.connect() as conn:
            hashes = conn.execute(text("SELECT hash FROM suppression_entries")).scalars().all()
            assert len(hashes) >= 8 and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)
            secrets = ["701234567", "702223344", "733334444", "850101", "198501011236", "ek@firma", "eva@firma", "Cia Lund"]
            for table in inspect(conn).get_table_names():
                dump = " ".join(str(v) for row in conn.execute(text(f'SELECT * FROM "{table}"')) for v in row)
                assert not [s for s in secrets if s.lower() in dump.lower()], table
    finally:
        engine.dispose()

    listed = api.call("GET", "/v1/suppression-lists", token=token).body
    assert [lst["kind"] for lst in listed["lists"]] == ["nix", "deceased", "opt_out_email"]
    assert {k["kind"]: k["valid_months"] for k in listed["kinds"]}["reservasjon_mail"] == 1
    assert api.call("DELETE", f"/v1/suppression-lists/{nix.body['id']}", token=token).status == 200
    after = api.call("POST", "/v1/clean", {"header": HEADER, "rows": _register()}, token=token)
    assert [v[0] for v in after.body["contact"]["values"]] == ["", "", "Avliden", "", ""]


def test_an_expired_list_is_reported_and_stops_clearing(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    old = utcnow().date() - dt.timedelta(days=100)
    made = _upload(api, token, "nix", "nix_2026-11-02.txt", date=old.isoformat())
    assert made.body["expired"] is True
    answer = api.call("POST", "/v1/clean", {"header": HEADER, "rows": _register()}, token=token)
    contact = answer.body["contact"]
    assert contact["notices"] == [f"Your NIX-Telefon check expired on {made.body['valid_until']}; upload a new list."]
    assert contact["suppression"][0]["expired"] is True
    assert contact["values"][2][0] == "Kontrollen har gått ut"  # Cia's number is not on the old list: unchecked
    assert contact["summary"]["phone"]["unchecked"] == 1


def test_bad_lists_are_refused_with_a_reason(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    empty = api.call("POST", "/v1/suppression-lists", {"kind": "opt_out_phone", "content": "Namn\nAnna\nBo\n"}, token=token)
    assert (empty.status, empty.body["code"]) == (400, "suppression.empty")
    assert "rows 2 and 3 hold none" in empty.body["message"]
    future = api.call("POST", "/v1/suppression-lists", {"kind": "nix", "date": "2999-01-01", "content": "0701234567"}, token=token)
    assert future.body["code"] == "suppression.future_date"
    fixed = api.call("POST", "/v1/suppression-lists", {"kind": "nix", "date": "2026-01-01", "valid_until": "2027-01-01",
                                                       "content": "0701234567"}, token=token)
    assert fixed.body["code"] == "suppression.fixed_validity"
    both = api.call("POST", "/v1/suppression-lists", {"kind": "deceased", "content": "x", "values": ["y"]}, token=token)
    assert both.status == 400


def test_a_large_list_goes_in_parts(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    first = api.call("POST", "/v1/suppression-lists", {"kind": "opt_out_phone", "values": ["0701234567", "0702223344"]},
                     token=token).body
    more = api.call("POST", f"/v1/suppression-lists/{first['id']}/entries", {"values": ["070-222 33 44", "0733334444"]},
                    token=token)
    assert (more.status, more.body["entries"]) == (200, 3)  # the repeated number is stored once


def test_may_i_call_now(sqlite_stack):
    api = Api(sqlite_stack)
    token = api.new_user()
    _upload(api, token, "reservasjon_phone", "reservasjon_telefon.csv", date=utcnow().date().isoformat())
    ask = lambda number, at: api.call("POST", "/v1/call-time", {"number": number, "at": at}, token=token).body  # noqa: E731
    easter_monday = ask("+47 900 11 222", "2026-04-06T12:00:00+02:00")
    assert (easter_monday["allowed"], easter_monday["reason"], easter_monday["next_allowed"]) == (False, "holiday", "2026-04-07T09:00")
    assert easter_monday["message"] == ("No: telephone sales to Norway are not allowed on public holidays (Easter Monday, "
                                        "2026-04-06). Calls may start again on 2026-04-07 at 09:00.")
    norwegian = api.call("POST", "/v1/call-time", {"number": "+47 900 11 222", "at": "2026-04-06T12:00:00+02:00"},
                         token=token, headers={"Accept-Language": "nb-NO,nb;q=0.9"}).body
    assert norwegian["message"].startswith("Nei: telefonsalg til Norge er ikke tillatt på helligdager (andre påskedag")
    weekday = ask("900 11 222", "2026-12-01T13:05:00Z")
    assert (weekday["allowed"], weekday["local_time"], weekday["number"]) == (True, "2026-12-01T14:05", "+4790011222")
    late = ask("+4790011222", "2026-12-01T20:30:00Z")
    assert (late["allowed"], late["reason"]) == (False, "after_21")
    listed = ask("912 34 567", "2026-12-01T13:05:00Z")
    assert (listed["allowed"], listed["hours_allow"], [h["kind"] for h in listed["lists"]]) == (False, True, ["reservasjon_phone"])
    assert "But the number is on Reservasjonsregisteret (telephone sales)" in listed["message"]
    swedish = ask("+46 70 123 45 67", "2026-12-05T10:00:00+01:00")
    assert (swedish["allowed"], swedish["reason"], swedish["country"]) == (True, "no_rule", "SE")
    bad = api.call("POST", "/v1/call-time", {"number": "hej"}, token=token)
    assert (bad.status, bad.body["code"]) == (400, "phone.invalid")
