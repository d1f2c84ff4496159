"""``GET /v1/vocabulary``: the words every client shows, from the backend, so no client keeps a copy.

Column roles, the newsletter tools and the one secret a user pastes from each, the status column's
header, the cell-note prefix, the sentence templates a client fills itself (``core.status.SENTENCES``,
e.g. the note on a cell edited during a clean) and what the quality score means, in the language asked
for (``?language=sv``, else ``Accept-Language``, else English). No register data; no auth needed.
"""

from __future__ import annotations

from core import status
from core.i18n import negotiate, translator
from core.models import ROLES
from core.roles import ROLE_NAMES
from core.webhooks import SECRET_KEYS, TITLES

from ._common import respond
from .connections import pasted_secret


def vocabulary(language: str | None = None) -> dict:
    t = translator(language)
    return {
        "language": t.language,
        "roles": list(ROLES),
        "role_names": {role: t.gettext(ROLE_NAMES[role]) for role in ROLES},  # "e-mail address", "postnummer"
        "providers": [{"name": name, "title": TITLES[name], "secret": pasted_secret(name)} for name in SECRET_KEYS],
        "status_header": status.STATUS_HEADER,
        "note_prefix": status.NOTE_PREFIX,
        "score_meaning": status.say("score.meaning", t),
        "sentences": status.templates(t),
    }


def get(request):
    return respond(vocabulary(negotiate(request.args.get("language"), request.headers.get("Accept-Language"))))
