"""``/v1/team``: the caller's team (an account shared by Google users), its members and invitations.

Everyone in the team sees who is in it; only owners invite, remove, rename it or set its currency.
A member may remove themselves (leave). Removing takes effect at the next call of the removed person.
"""

from __future__ import annotations

from functions import adapters
from functions.models import MemberInvite, TeamUpdate

from ._common import authorize, parse, respond


def _teams():
    return adapters.get_auth().teams


def get(request):
    who = authorize(request, "usage")
    return respond({**_teams().team(who.account_id, sub=who.sub), "role": who.role})


def update(request):
    who = authorize(request, "usage")
    who.require_owner()
    body = parse(request, TeamUpdate)
    _teams().update(who.account_id, name=body.name, currency=body.currency)
    return respond({**_teams().team(who.account_id, sub=who.sub), "role": who.role})


def invite(request):
    who = authorize(request, "usage")
    who.require_owner()
    body = parse(request, MemberInvite)
    member = _teams().invite(who.account_id, body.email, role=body.role, invited_by=who.member_id)
    return respond(member, 201)


def remove(request, member_id: str):
    who = authorize(request, "usage")
    _teams().remove(who.account_id, member_id, by=who)
    return respond({"id": member_id, "removed": True})
