"""Schemathesis over EVERY operation in functions/openapi.yaml, on both targets and both databases (issue 11).

The operations are read from the document, so an endpoint another stream adds is covered when it lands.
Operations under /v1/hooks/ (and /v1/health) are served by the hooks target, the rest by the api target.
All checks run (see schemathesis.toml), with a fixed seed and a bounded number of examples; the run must end
with no server error, no answer outside the document and no schema violation.
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys
import tempfile

import pytest
import yaml

from tests.conftest import STACK_ENV
from tests.fakes.stack import Stack

ROOT = pathlib.Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "functions" / "openapi.yaml"
CONFIG = pathlib.Path(__file__).with_name("schemathesis.toml")
SCHEDULER = "schemathesis-scheduler-token"
HOOKS = r"^/v1/(hooks/|health$)"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def fuzz_stack(request):
    """A stack of its own: the scheduler endpoints on, so that a missing token is a 401, not an unknown route."""
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_server").create_database()
    running = Stack(database_url=url, extra_env={**STACK_ENV, "RENSA_SCHEDULER_TOKEN": SCHEDULER})
    running.start()
    yield running
    running.stop()


# One worker: with two, CPython 3.11.7's ast.parse (Hypothesis describing a strategy) can fail in schemathesis's
# own process with "AST constructor recursion depth mismatch", a tool error that says nothing about the API.
def _run(base_url: str, *filters: str, headers: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    command = [
        str(pathlib.Path(sys.executable).with_name("schemathesis")), "--config-file", str(CONFIG), "--no-color",
        "run", str(OPENAPI), "--url", base_url, "--checks", "all", "--seed", "20261201", "--max-examples", "6",
        "--phases", "examples,coverage,fuzzing", "--workers", "1", "--generation-database", "none",
        "--request-timeout", "60", "--output-truncate", "false", *filters,
    ]
    for header in headers:
        command += ["-H", header]
    # in a folder of its own: schemathesis keeps a cache (.schemathesis/) in its working directory
    return subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tempfile.mkdtemp(prefix="rensa-st-"))


def _summary(run: subprocess.CompletedProcess) -> str:
    return run.stdout[-6000:] + run.stderr[-2000:]


def _operations(hooks: bool) -> int:
    """How many operations of the document the target serves."""
    paths = yaml.safe_load(OPENAPI.read_text())["paths"]
    return sum(1 for path, item in paths.items() for method in item
               if method in ("get", "post", "put", "patch", "delete", "head")
               and bool(re.match(HOOKS if hooks else r"^/v1/hooks/", path)) == hooks)


def _tested(run: subprocess.CompletedProcess) -> int:
    found = re.search(r"Tested: (\d+)", run.stdout)
    return int(found.group(1)) if found else -1


def test_the_document_lists_every_route_of_both_targets():
    from functions.routes import API_ROUTES, HOOK_ROUTES

    documented = {(method.lower(), path) for path, item in yaml.safe_load(OPENAPI.read_text())["paths"].items()
                  for method in item if method in ("get", "post", "put", "patch", "delete", "head")}
    for method, pattern, _ in [*API_ROUTES, *HOOK_ROUTES]:
        path = re.sub(r"<(?:[^>]*:)?(\w+)>", r"{\1}", pattern)  # <any(...):provider> -> {provider}
        assert (method.lower(), path) in documented, f"{method} {path} is served but not in openapi.yaml"


def test_every_api_operation_passes_every_check(fuzz_stack):
    run = _run(fuzz_stack.info["api_url"], "--exclude-path-regex", r"^/v1/hooks/",
               headers=(f"Authorization: Bearer {fuzz_stack.info['token']}",))
    assert run.returncode == 0, _summary(run)
    assert _tested(run) == _operations(hooks=False), _summary(run)


def test_every_hooks_operation_passes_every_check(fuzz_stack):
    run = _run(fuzz_stack.info["hooks_url"], "--include-path-regex", HOOKS)
    assert run.returncode == 0, _summary(run)
    assert _tested(run) == _operations(hooks=True), _summary(run)
