"""``/v1/team``: the caller's team (an account shared by Google users), its members and invitations.

Everyone in the team sees who is in it; only owners invite, remove, rename it or set its currency.
A member may remove themselves (leave). Removing takes effect at the next call of the removed person.
An invited person joins with ``POST /v1/team/invitations/{account_id}`` (they see their invitations in
``GET /v1/team``); nobody joins a team without accepting.
"""

from __future__ import annotations

from core.i18n import N_
from functions import adapters
from functions.errors import ForbiddenError
from functions.request_models import MemberInvite, TeamUpdate

from ._common import authorize, parse, request_language, respond


def _teams():
    return adapters.get_auth().teams


def _shown(who, account_id: str | None = None, role: str | None = None):
    team = _teams().team(account_id or who.account_id, sub=who.sub, email=who.email, language=request_language())
    return respond({**team, "role": role or who.role})


def get(request):
    who = authorize(request, "usage")
    return _shown(who)


def update(request):
    who = authorize(request, "usage")
    who.require_owner()
    body = parse(request, TeamUpdate)
    _teams().update(who.account_id, name=body.name, currency=body.currency)
    return _shown(who)


def accept(request, account_id: str):
    """Join a team on an invitation to the caller's verified Google address; answers that team."""
    who = authorize(request, "usage")
    if who.sub is None:
        raise ForbiddenError(N_("Invitations are accepted by the invited person, signed in with Google."),
                             code="team.google_only")
    joined = _teams().accept(who.sub, who.email, account_id)
    return _shown(who, joined.account_id, joined.role)


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
