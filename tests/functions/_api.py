"""A small HTTP client for the live server that checks every answer against functions/openapi.yaml."""

from __future__ import annotations

import json
import pathlib
import re
import uuid
from dataclasses import dataclass

import requests
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

OPENAPI_PATH = pathlib.Path(__file__).resolve().parents[2] / "functions" / "openapi.yaml"
OPENAPI = yaml.safe_load(OPENAPI_PATH.read_text(encoding="utf-8"))
_REGISTRY = Registry().with_resource("urn:rensa-openapi", Resource.from_contents(OPENAPI, default_specification=DRAFT202012))
_TEMPLATES = [(re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", p) + "$"), p) for p in OPENAPI["paths"]]


def response_schema(method: str, path: str, status: int) -> dict | None:
    """The documented JSON schema for an answer; fails the test if the answer is not documented."""
    template = next((t for rx, t in _TEMPLATES if rx.match(path.split("?", 1)[0])), None)  # a query is no part of it
    operation = OPENAPI["paths"][template].get(method.lower()) if template else None
    if operation is None:  # unknown endpoint or method: the generic error shape
        assert status in (404, 405), f"{method} {path} is not in openapi.yaml but answered {status}"
        return OPENAPI["components"]["schemas"]["Error"] and {"$ref": "#/components/schemas/Error"}
    answer = operation["responses"].get(str(status))
    assert answer is not None, f"{method} {template} answered {status}, which openapi.yaml does not document"
    if "$ref" in answer:
        answer = OPENAPI["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    content = answer.get("content", {}).get("application/json")
    return None if content is None else content["schema"]


def check_against_openapi(method: str, path: str, status: int, body) -> None:
    schema = response_schema(method, path, status)
    if schema is None:
        return
    ref = schema["$ref"] if "$ref" in schema else None
    wrapped = {"$ref": "urn:rensa-openapi" + ref} if ref else {**schema, "$id": "urn:inline"}
    if ref is None:
        wrapped = json.loads(json.dumps(wrapped).replace('"#/components', '"urn:rensa-openapi#/components'))
    errors = sorted(Draft202012Validator(wrapped, registry=_REGISTRY).iter_errors(body), key=lambda e: e.path)
    assert not errors, f"{method} {path} -> {status} does not match openapi.yaml: {errors[0].message} at {list(errors[0].path)}"


@dataclass
class Answer:
    status: int
    body: object
    headers: dict


class Api:
    def __init__(self, stack) -> None:
        self.stack = stack
        self.url = stack.info["api_url"]
        self.session = requests.Session()

    def new_user(self, **claims) -> str:
        """An ID token for a Google user never seen before."""
        return self.stack.tokens.mint(f"sub-{uuid.uuid4().hex}", email="someone@example.com", **claims)

    def call(self, method: str, path: str, body=None, *, token: str | None = None, headers: dict | None = None, data: bytes | None = None) -> Answer:
        sent = dict(headers or {})
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None:
            sent.setdefault("Content-Type", "application/json")
        response = self.session.request(method, self.url + path, data=data, headers=sent, timeout=120)
        parsed = response.json() if response.headers.get("Content-Type", "").startswith("application/json") else response.text
        assert response.status_code < 500 or parsed.get("code") == "internal", parsed
        check_against_openapi(method, path, response.status_code, parsed)
        return Answer(response.status_code, parsed, dict(response.headers))
