"""Teams over real HTTP (SQLite and PostgreSQL): an owner invites colleagues by Google address, members share
the team's balance, registers and usage, and a removed member is refused at their next call. Also the
migration that makes every existing Google account a one-member team."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from functions.adapters.db import MIGRATIONS, make_engine
from tests.functions._api import Api


def person(stack, email: str | None = None) -> tuple[str, str]:
    email = email or f"p{uuid.uuid4().hex[:10]}@example.se"
    return stack.tokens.mint(f"sub-{uuid.uuid4().hex}", email=email, lifetime=3600), email


def clean(api: Api, token: str, n: int, start: int = 0, headers: dict | None = None):
    body = {"header": ["Namn", "E-post"], "rows": [[f"P {i}", f"p{i}@example.se"] for i in range(start, start + n)],
            "options": {"dedupe": False}}
    return api.call("POST", "/v1/clean", body, token=token, headers=headers)


def test_two_members_spend_one_balance_and_a_removed_member_is_refused(stack):
    api = Api(stack)
    owner, owner_email = person(stack)
    colleague_email = f"Kollega.{uuid.uuid4().hex[:6]}@Example.se"
    team = api.call("GET", "/v1/team", token=owner).body
    assert (team["role"], [m["role"] for m in team["members"]], team["members"][0]["email"]) == ("owner", ["owner"], owner_email)

    invited = api.call("POST", "/v1/team/members", {"email": colleague_email}, token=owner)
    assert invited.status == 201
    assert (invited.body["email"], invited.body["role"], invited.body["status"]) == (colleague_email.lower(), "member", "invited")
    twice = api.call("POST", "/v1/team/members", {"email": colleague_email.upper()}, token=owner)
    assert (twice.status, twice.body["code"]) == (409, "team.already_member")
    bad = api.call("POST", "/v1/team/members", {"email": "not an address"}, token=owner)
    assert (bad.status, bad.body["field"]) == (400, "email")

    # The colleague signs in (their Google address, verified): invited, not yet in; they accept.
    member, _ = person(stack, colleague_email.lower())
    mine = api.call("GET", "/v1/team", token=member).body
    assert mine["account_id"] != team["account_id"] and mine["role"] == "owner"  # their own team until they accept
    assert [(i["account_id"], i["invited_by"], i["role"]) for i in mine["invitations"]] == [
        (team["account_id"], owner_email, "member")]
    joined = api.call("POST", f"/v1/team/invitations/{team['account_id']}", token=member)
    assert (joined.status, joined.body["account_id"], joined.body["role"]) == (200, team["account_id"], "member")
    assert joined.body["invitations"] == []
    again = api.call("POST", f"/v1/team/invitations/{team['account_id']}", token=member)
    assert (again.status, again.body["code"]) == (409, "team.already_member")
    chosen_team = {"X-Rensa-Team": team["account_id"]}
    seen = api.call("GET", "/v1/team", token=member, headers=chosen_team).body
    assert (seen["account_id"], seen["role"]) == (team["account_id"], "member")
    assert {m["email"]: m["status"] for m in seen["members"]}[colleague_email.lower()] == "active"

    # One balance: 500 free rows this month, spent by both.
    assert clean(api, owner, 300).status == 200
    assert clean(api, member, 150, start=300, headers=chosen_team).status == 200
    for token in (owner, member):
        usage = api.call("GET", "/v1/usage", token=token, headers=chosen_team).body
        assert (usage["account_id"], usage["free_rows_left"], usage["rows_this_period"]) == (team["account_id"], 50, 450)
    refused = clean(api, member, 100, start=500, headers=chosen_team)
    assert (refused.status, refused.body["code"]) == (402, "billing.limit_reached")
    # Shared registers: what the member connects, the owner sees.
    stack.sheets.add(sheet := "1Team" + uuid.uuid4().hex, {"Kunder": [["Namn", "E-post"], ["Anna", "anna@example.se"]]}, cols=2)
    register = api.call("POST", "/v1/registers", {"spreadsheet_id": sheet, "sheet": "Kunder"}, token=member,
                        headers=chosen_team)
    assert register.status == 201
    assert register.body["id"] in [r["id"] for r in api.call("GET", "/v1/registers", token=owner).body["registers"]]

    # Owner-only: billing, members, API keys.
    for method, path, body in (("POST", "/v1/billing/checkout", {"pack": "1000"}), ("POST", "/v1/billing/portal", None),
                               ("POST", "/v1/team/members", {"email": "x@example.se"}), ("POST", "/v1/api-keys", {"name": "k"}),
                               ("PATCH", "/v1/team", {"currency": "NOK"})):
        answer = api.call(method, path, body, token=member, headers=chosen_team)
        assert (answer.status, answer.body["code"]) == (403, "team.owner_only"), (path, answer.body)
    assert answer.body["message"] == "Only the team's owner can do that. Ask an owner of this team."

    # Removed: refused at the very next call (the ID token is still valid and cached).
    member_id = next(m["id"] for m in seen["members"] if m["email"] == colleague_email.lower())
    assert api.call("DELETE", f"/v1/team/members/{member_id}", token=owner).body == {"id": member_id, "removed": True}
    gone = api.call("GET", "/v1/usage", token=member, headers=chosen_team)
    assert (gone.status, gone.body["code"]) == (403, "team.not_member")
    assert clean(api, member, 1, start=900, headers=chosen_team).status == 403
    assert api.call("GET", "/v1/usage", token=member).body["account_id"] == mine["account_id"]  # their own team
    assert api.call("GET", "/v1/usage", token=owner).body["rows_this_period"] == 450
    # The last owner cannot leave; inviting the removed colleague again brings them back.
    owner_id = next(m["id"] for m in seen["members"] if m["role"] == "owner")
    last = api.call("DELETE", f"/v1/team/members/{owner_id}", token=owner)
    assert (last.status, last.body["code"]) == (400, "team.last_owner")
    assert api.call("POST", "/v1/team/members", {"email": colleague_email}, token=owner).status == 201
    assert api.call("GET", "/v1/team", token=member, headers=chosen_team).status == 403  # invited again: not in yet
    assert api.call("POST", f"/v1/team/invitations/{team['account_id']}", token=member).status == 200
    assert api.call("GET", "/v1/team", token=member, headers=chosen_team).body["role"] == "member"


def test_a_person_in_two_teams_chooses_with_the_team_header(stack):
    api = Api(stack)
    anna, _ = person(stack)
    bo, bo_email = person(stack)
    anna_team = api.call("GET", "/v1/team", token=anna).body["account_id"]
    bo_team = api.call("GET", "/v1/team", token=bo).body["account_id"]  # Bo has his own team first
    api.call("POST", "/v1/team/members", {"email": bo_email}, token=anna)
    assert api.call("POST", f"/v1/team/invitations/{anna_team}", token=bo).status == 200
    listed = api.call("GET", "/v1/team", token=bo).body
    assert listed["account_id"] == bo_team  # the team he owns comes first
    assert [(t["account_id"], t["role"]) for t in listed["teams"]] == [(bo_team, "owner"), (anna_team, "member")]
    other = api.call("GET", "/v1/usage", token=bo, headers={"X-Rensa-Team": anna_team}).body
    assert other["account_id"] == anna_team
    assert clean(api, bo, 10, headers={"X-Rensa-Team": anna_team}).status == 200
    assert api.call("GET", "/v1/usage", token=anna).body["rows_this_period"] == 10
    assert api.call("GET", "/v1/usage", token=bo).body["rows_this_period"] == 0
    stranger = api.call("GET", "/v1/usage", token=anna, headers={"X-Rensa-Team": bo_team})
    assert (stranger.status, stranger.body["code"]) == (403, "team.not_member")
    # A member may leave on their own.
    member_id = next(m["id"] for m in api.call("GET", "/v1/team", token=anna).body["members"] if m["email"] == bo_email)
    assert api.call("DELETE", f"/v1/team/members/{member_id}", token=bo, headers={"X-Rensa-Team": anna_team}).status == 200
    assert [t["account_id"] for t in api.call("GET", "/v1/team", token=bo).body["teams"]] == [bo_team]


def test_an_invitation_is_accepted_only_by_its_verified_address(stack):
    api = Api(stack)
    owner, _ = person(stack)
    team = api.call("GET", "/v1/team", token=owner).body["account_id"]
    email = f"u{uuid.uuid4().hex[:8]}@example.se"
    api.call("POST", "/v1/team/members", {"email": email}, token=owner)
    unverified = stack.tokens.mint(f"sub-{uuid.uuid4().hex}", lifetime=3600)  # no verified e-mail claim
    assert api.call("GET", "/v1/team", token=unverified).body["invitations"] == []
    refused = api.call("POST", f"/v1/team/invitations/{team}", token=unverified)
    assert (refused.status, refused.body["code"]) == (404, "not_found")
    stranger, _ = person(stack)  # a verified address, but not the invited one
    assert api.call("POST", f"/v1/team/invitations/{team}", token=stranger).status == 404
    # A new user who was invited starts in their own team: the invitation waits for them to accept it.
    invited, _ = person(stack, email)
    first = api.call("GET", "/v1/team", token=invited).body
    assert first["account_id"] != team and [i["account_id"] for i in first["invitations"]] == [team]


def test_existing_accounts_become_one_member_teams(database_url):
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = make_engine(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "w002")
    created = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO accounts (id, google_sub, email, name, created_at) VALUES "
                             "('acc_old', 'sub-old', 'Old@Example.se', NULL, :t), ('acc_key', NULL, NULL, 'api', :t)"), {"t": created})
        conn.execute(sa.text("INSERT INTO usage_ledger (account_id, created_at, period, kind, endpoint, rows, free_rows, "
                             "credit_rows, credits_delta) VALUES ('acc_old', :t, '2026-05', 'credit', 'admin', 0, 0, 0, 40)"),
                     {"t": created})
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with engine.connect() as conn:
        members = conn.execute(sa.text("SELECT account_id, google_sub, email, role FROM account_members")).all()
        account = conn.execute(sa.text("SELECT currency, payment_mode FROM accounts WHERE id = 'acc_old'")).one()
        line = conn.execute(sa.text("SELECT billed_rows, reference FROM usage_ledger")).one()
    assert [tuple(m) for m in members] == [("acc_old", "sub-old", "old@example.se", "owner")]
    assert (tuple(account), tuple(line)) == (("SEK", "credits"), (0, None))
    from functions.adapters.teams import Teams

    found = Teams(engine).resolve("sub-old", "old@example.se")
    assert (found.account_id, found.role) == ("acc_old", "owner")
    engine.dispose()


@pytest.mark.parametrize("email,ok", [("anna@firma.se", True), (" Anna@Firma.SE ", True), ("anna", False),
                                      ("anna@firma", False), ("a b@firma.se", False)])
def test_invitation_addresses(email, ok):
    from pydantic import ValidationError

    from functions.request_models import MemberInvite

    if ok:
        assert MemberInvite(email=email).email == "anna@firma.se"
    else:
        with pytest.raises(ValidationError):
            MemberInvite(email=email)
