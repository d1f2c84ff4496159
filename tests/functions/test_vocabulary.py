"""``GET /v1/vocabulary``: the words clients show come from the backend, in the language asked for."""

from __future__ import annotations

from core import status
from core.i18n import translator
from core.models import ROLES
from core.webhooks import SECRET_KEYS
from tests.functions._api import Api


def test_the_vocabulary_is_core_s_own_words(stack):
    api = Api(stack)
    answer = api.call("GET", "/v1/vocabulary")
    assert answer.status == 200
    body = answer.body
    assert body["language"] == "en" and body["roles"] == list(ROLES)
    assert body["role_names"]["postal_code"] == "postal code" and set(body["role_names"]) == set(ROLES)
    assert [p["name"] for p in body["providers"]] == list(SECRET_KEYS)
    secrets = {p["name"]: p["secret"] for p in body["providers"]}
    # the one secret a user pastes; None where Rensa makes it and puts it in the webhook URL
    assert secrets == {"mailchimp": None, "mandrill": "webhook_key", "sendgrid": "public_key", "mailgun": "signing_key",
                       "postmark": None, "ses_sns": "allowed_topic_arns", "brevo": None,
                       "mailerlite": "webhook_secret"}
    assert body["status_header"] == status.STATUS_HEADER and body["note_prefix"] == status.NOTE_PREFIX
    assert body["sentences"] == status.templates() and body["score_meaning"] == status.say("score.meaning")


def test_the_vocabulary_speaks_the_language_asked_for(stack):
    api = Api(stack)
    swedish = api.call("GET", "/v1/vocabulary?language=sv").body
    assert swedish["language"] == "sv" and swedish["sentences"] == status.templates(translator("sv"))
    assert swedish["sentences"]["row.kept_edit"] != status.templates()["row.kept_edit"]
    assert swedish["role_names"]["postal_code"] == "postnummer"
    finnish = api.call("GET", "/v1/vocabulary", headers={"Accept-Language": "fi-FI,fi;q=0.9,en;q=0.5"}).body
    assert finnish["language"] == "fi" and finnish["score_meaning"] == status.say("score.meaning", translator("fi"))
