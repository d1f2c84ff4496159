"""Teams: an account is a team of Google identities, each an ``owner`` or a ``member``.

A Google ID token names a person (``sub``, and a verified e-mail); ``resolve`` maps that person to the
account they act on and their role there, on every request, so that removing a member takes effect at
the next call. An owner invites a colleague by Google address: the invitation is a member row without
``sub``, which the colleague accepts (``accept``) signed in with that *verified* address, so nobody is
pulled into a team they did not choose. A person in several teams picks one (the add-on sends
``X-Rensa-Team``); without a choice the team they own comes first, then the oldest membership. A person
never seen before gets a new one-member team they own; a person whose every membership was removed is
refused (a removed member must not silently start spending a new account) until invited again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Row, case, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from core.i18n import N_, translator
from functions.errors import ConflictError, ForbiddenError, NotFoundError, RequestError
from functions.schema import account_members, accounts

from .db import iso, new_id, utcnow

ROLES = ("owner", "member")
CURRENCIES = ("SEK", "NOK", "DKK", "EUR")


# A team nobody has named yet is called after its owner, said in the reader's language when it is shown
# (nothing is stored: a name given later simply replaces it).
UNNAMED_TEAM = N_("{owner}'s team")


def team_name(name: str | None, owner: str | None, account_id: str, language: str = "en") -> str:
    """The team's own name, else its owner's team in ``language``, else its id.

    >>> team_name(None, "anna@firma.se", "acc_1", "sv"), team_name("Kundtjänst", "anna@firma.se", "acc_1")
    ('Teamet för anna@firma.se', 'Kundtjänst')
    """
    if name:
        return name
    return translator(language)._(UNNAMED_TEAM, owner=owner) if owner else account_id


@dataclass(frozen=True)
class Membership:
    account_id: str
    role: str
    member_id: str


def normal_email(email: str | None) -> str | None:
    """Google addresses compare case-insensitively; stored lower-case and trimmed."""
    return email.strip().lower() if email and email.strip() else None


class Teams:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def resolve(self, sub: str, email: str | None, team: str | None = None) -> Membership:
        """The account and role of the Google user ``sub``, on ``team`` if given (403 unless an active member).
        A person never seen before gets a new team they own (``email`` only if Google verified it)."""
        rows = self._memberships(sub, normal_email(email))
        active = [Membership(r[0], r[1], r[2]) for r in rows if r[3] is None]
        if team:
            chosen = next((x for x in active if x.account_id == team), None)
            if chosen is None:
                raise ForbiddenError(
                    N_("You are not a member of that team (any more). Choose another team in the sidebar, or ask its owner "
                    "to invite you."), code="team.not_member",
                )
            return chosen
        if not active:
            raise ForbiddenError(
                N_("The team's owner removed you from the team. Ask an owner to invite you again."), code="team.removed"
            )
        return active[0]

    def _memberships(self, sub: str, email: str | None) -> Sequence[Row[str, str, str, dt.datetime | None]]:
        """``(account_id, role, member_id, removed_at)`` rows of ``sub``, owned teams first, then by joining;
        a person with no row at all gets a new team first."""
        m = account_members.c
        query = (select(m.account_id, m.role, m.id, m.removed_at).where(m.google_sub == sub)
                 .order_by(case((m.role == "owner", 0), else_=1), m.joined_at, m.id))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        if rows:
            return rows
        for _attempt in range(3):
            try:
                with self.engine.begin() as conn:
                    if not conn.execute(query).first():
                        self._new_team(conn, sub, email)
                with self.engine.connect() as conn:
                    return conn.execute(query).all()
            except IntegrityError:  # a concurrent first sign-in of the same person: read what it wrote
                continue
        raise ConflictError(N_("Signing in collided with another sign-in; try again."), code="auth.retry")

    def invitations(self, sub: str, email: str | None, language: str = "en") -> list[dict]:
        """Open invitations to other teams for the verified ``email`` of ``sub`` (accepted with ``accept``);
        a team without a name is named after its owner in ``language``."""
        email = normal_email(email)
        if not email:
            return []
        m = account_members.c
        inviter = account_members.alias("inviter")
        with self.engine.connect() as conn:
            mine = select(m.account_id).where(m.google_sub == sub, m.removed_at.is_(None))
            rows = conn.execute(
                select(m.account_id, accounts.c.name, inviter.c.email, m.role, m.created_at)
                .join(accounts, accounts.c.id == m.account_id)
                .outerjoin(inviter, inviter.c.id == m.invited_by)
                .where(m.email == email, m.google_sub.is_(None), m.removed_at.is_(None), ~m.account_id.in_(mine))
                .order_by(m.created_at)
            ).all()
        return [{"account_id": r[0], "name": team_name(r[1], r[2], r[0], language), "invited_by": r[2],
                 "role": r[3], "invited_at": iso(r[4])} for r in rows]

    def accept(self, sub: str, email: str | None, account_id: str) -> Membership:
        """Join ``account_id`` on an open invitation for the verified ``email`` (an invitation is never taken
        up without its addressee saying so: a stranger's invitation cannot pull anyone into a team)."""
        email = normal_email(email)
        m = account_members.c
        with self.engine.begin() as conn:
            already = conn.execute(select(m.id).where(m.account_id == account_id, m.google_sub == sub,
                                                      m.removed_at.is_(None))).first()
            if already is not None:
                raise ConflictError(N_("You are already in that team."), code="team.already_member")
            found = conn.execute(select(m.id, m.role).where(
                m.account_id == account_id, m.email == email, m.google_sub.is_(None), m.removed_at.is_(None))).first() \
                if email else None
            if found is None:
                raise NotFoundError(N_("There is no open invitation to that team for your Google address."),
                                    code="not_found", field="account_id")
            # A removed membership of the same person in that team gives way to the accepted invitation.
            conn.execute(update(account_members).where(m.account_id == account_id, m.google_sub == sub)
                         .values(google_sub=None))
            conn.execute(update(account_members).where(m.id == found[0]).values(google_sub=sub, joined_at=utcnow()))
        return Membership(account_id, found[1], found[0])

    def _new_team(self, conn: Connection, sub: str, email: str | None) -> Membership:
        now = utcnow()
        account_id, member_id = new_id("acc"), new_id("mem")
        conn.execute(insert(accounts).values(id=account_id, google_sub=sub, email=email, created_at=now))
        conn.execute(
            insert(account_members).values(
                id=member_id, account_id=account_id, email=email, google_sub=sub, role="owner", created_at=now, joined_at=now
            )
        )
        return Membership(account_id, "owner", member_id)

    # what GET /v1/team shows
    def team(self, account_id: str, *, sub: str | None = None, email: str | None = None, language: str = "en") -> dict:
        m = account_members.c
        with self.engine.connect() as conn:
            account = conn.execute(
                select(accounts.c.name, accounts.c.currency, accounts.c.payment_mode).where(accounts.c.id == account_id)
            ).one()
            members = conn.execute(
                select(m.id, m.email, m.role, m.google_sub.isnot(None), m.created_at, m.joined_at)
                .where(m.account_id == account_id, m.removed_at.is_(None))
                .order_by(case((m.role == "owner", 0), else_=1), m.created_at, m.id)
            ).all()
            teams = self._teams_of(conn, sub, language) if sub else []
        return {
            "account_id": account_id,
            "name": account[0],
            "currency": account[1],
            "payment_mode": account[2],
            "members": [
                {"id": r[0], "email": r[1], "role": r[2], "status": "active" if r[3] else "invited",
                 "invited_at": iso(r[4]), "joined_at": iso(r[5]) if r[5] else None}
                for r in members
            ],
            "teams": teams,
            "invitations": self.invitations(sub, email, language) if sub else [],
        }

    def _teams_of(self, conn: Connection, sub: str, language: str) -> list[dict]:
        m, a = account_members.c, accounts.c
        owner_email = (
            select(func.min(account_members.c.email))
            .where(account_members.c.account_id == m.account_id, account_members.c.role == "owner",
                   account_members.c.removed_at.is_(None))
            .scalar_subquery()
        )
        rows = conn.execute(
            select(m.account_id, m.role, a.name, owner_email)
            .join(accounts, a.id == m.account_id)
            .where(m.google_sub == sub, m.removed_at.is_(None))
            .order_by(case((m.role == "owner", 0), else_=1), m.joined_at, m.id)
        ).all()
        return [{"account_id": r[0], "role": r[1], "name": team_name(r[2], r[3], r[0], language)} for r in rows]

    def update(self, account_id: str, *, name: str | None = None, currency: str | None = None) -> None:
        values = {}
        if name is not None:
            values["name"] = name.strip() or None
        if currency is not None:
            values["currency"] = currency
        if values:
            with self.engine.begin() as conn:
                conn.execute(update(accounts).where(accounts.c.id == account_id).values(**values))

    def invite(self, account_id: str, email: str, *, role: str = "member", invited_by: str | None = None) -> dict:
        """Invite ``email`` (a Google address) to the team; inviting a removed member brings them back."""
        invited = normal_email(email)
        m = account_members.c
        now = utcnow()
        with self.engine.begin() as conn:
            found = conn.execute(
                select(m.id, m.removed_at, m.google_sub).where(m.account_id == account_id, m.email == invited)
            ).first()
            if found is not None and found[1] is None:
                raise ConflictError(N_("{email} is already in this team."), code="team.already_member", field="email",
                                    email=invited)
            if found is not None:
                conn.execute(  # invited again: pending until they accept again
                    update(account_members).where(m.id == found[0])
                    .values(role=role, removed_at=None, invited_by=invited_by, created_at=now, google_sub=None, joined_at=None)
                )
                member_id = found[0]
            else:
                member_id = new_id("mem")
                conn.execute(
                    insert(account_members).values(
                        id=member_id, account_id=account_id, email=invited, role=role, invited_by=invited_by, created_at=now
                    )
                )
        return next(x for x in self.team(account_id)["members"] if x["id"] == member_id)

    def remove(self, account_id: str, member_id: str, *, by: Membership) -> None:
        """End a membership at once. Owners remove anyone; a member may remove only themselves (leave).
        The last owner cannot leave: the team would have nobody to pay or manage it."""
        m = account_members.c
        if by.role != "owner" and by.member_id != member_id:
            raise ForbiddenError(N_("Only the team's owner can remove other members."), code="team.owner_only")
        with self.engine.begin() as conn:
            conn.execute(update(accounts).where(accounts.c.id == account_id).values(id=accounts.c.id))  # serialize
            row = conn.execute(
                select(m.role).where(m.id == member_id, m.account_id == account_id, m.removed_at.is_(None))
            ).first()
            if row is None:
                raise NotFoundError(N_("There is no member with that id in this team."), code="not_found", field="member_id")
            if row[0] == "owner":
                owners = conn.execute(
                    select(func.count()).where(m.account_id == account_id, m.role == "owner", m.removed_at.is_(None),
                                               m.google_sub.isnot(None))
                ).scalar_one()
                if owners <= 1:
                    raise RequestError(
                        N_("A team needs an owner: make someone else an owner before the last owner leaves."),
                        code="team.last_owner",
                    )
            conn.execute(update(account_members).where(m.id == member_id).values(removed_at=utcnow()))
