"""``GET /v1/health`` (no auth; includes the service account e-mail to share sheets with) and ``GET /v1/openapi.yaml`` (the API description)."""

from __future__ import annotations

import pathlib

import flask

from functions import adapters

from ._common import respond

OPENAPI = pathlib.Path(__file__).resolve().parent.parent / "openapi.yaml"


def get(request):
    adapters.get_db().ping()
    share_with = adapters.get_sheets().service_account_email  # reads the local credentials file, no network
    return respond({"status": "ok", "api": "v1", "database": "ok", "service_account_email": share_with})


def openapi(request):
    return flask.Response(OPENAPI.read_text(encoding="utf-8"), mimetype="application/yaml")
