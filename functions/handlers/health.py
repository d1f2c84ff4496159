"""``GET /v1/health`` (no auth) and ``GET /v1/openapi.yaml`` (the API description)."""

from __future__ import annotations

import pathlib

import flask
from sqlalchemy import text

from functions import adapters

from ._common import respond

OPENAPI = pathlib.Path(__file__).resolve().parent.parent / "openapi.yaml"


def get(request):
    with adapters.get_engine().connect() as conn:
        conn.execute(text("SELECT 1"))
    return respond({"status": "ok", "api": "v1", "database": "ok"})


def openapi(request):
    return flask.Response(OPENAPI.read_text(encoding="utf-8"), mimetype="application/yaml")
