"""Shared fixtures: a real PostgreSQL server for the session, and the live functions stack on SQLite and PostgreSQL.

The PostgreSQL fixture finds ``initdb``/``pg_ctl`` (Debian: ``/usr/lib/postgresql/*/bin``), creates a cluster
in a temporary folder (as the ``postgres`` system user when running as root), starts it on a free loopback
port and stops it at the end. Without PostgreSQL the tests that need it FAIL when ``CI=true`` and are
skipped otherwise.
"""

from __future__ import annotations

import glob
import os
import pathlib
import shutil
import subprocess
import tempfile
import uuid

import pytest
from hypothesis import settings

from tests.fakes.stack import Stack, free_port

# CI runs once, on a clean clone, on a shared 2-core machine: property tests there use a fixed seed (a failure
# found by chance belongs to a developer's run, where Hypothesis explores freely) and no per-example deadline.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The CLI speaks the locale's language, else the register's (Swedish headers: Swedish). Tests that read its
# English words run in an English locale, as a developer's shell would; tests of the choice set their own.
os.environ["LANGUAGE"] = "en"

# Small limits so the limit tests send small bodies; the free tier as in production.
STACK_ENV = {
    "RENSA_MAX_REQUEST_BYTES": "300000",
    "RENSA_MAX_ROWS": "1000",
    "RENSA_MAX_COLUMNS": "40",
    "RENSA_MAX_CELL_CHARS": "500",
    "RENSA_FREE_DRY_RUN_ROWS_PER_HOUR": "2000",
    "RENSA_MAX_HOOK_BYTES": "100000",
    "RENSA_BODY_READ_SECONDS": "2",
}


def _pg_bin() -> pathlib.Path | None:
    for pattern in ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin"):
        for folder in sorted(glob.glob(pattern), reverse=True):
            if os.path.exists(os.path.join(folder, "initdb")):
                return pathlib.Path(folder)
    found = shutil.which("initdb")
    return pathlib.Path(found).resolve().parent if found else None


class PostgresServer:
    def __init__(self, bin_dir: pathlib.Path) -> None:
        self.bin = bin_dir
        self.root = pathlib.Path(tempfile.mkdtemp(prefix="rensa-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> None:
        if self.as_user:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "rensa", "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg

        name = "rensa_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=rensa dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://rensa@127.0.0.1:{self.port}/{name}"


@pytest.fixture(scope="session")
def postgres_server():
    bin_dir = _pg_bin()
    if bin_dir is None:
        message = "PostgreSQL is not installed (no initdb); install the Debian package 'postgresql'."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer(bin_dir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rensa.db'}"
    return request.getfixturevalue("postgres_server").create_database()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def stack(request):
    """The live stack (token fake, Sheets fake, real functions-framework server) on each backend."""
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_server").create_database()
    running = Stack(database_url=url, extra_env=STACK_ENV)
    running.start()
    running.backend = request.param
    yield running
    running.stop()


@pytest.fixture(scope="session")
def sqlite_stack():
    """The live stack on SQLite only, for tests that do not touch storage differences."""
    running = Stack(extra_env=STACK_ENV)
    running.start()
    running.backend = "sqlite"
    yield running
    running.stop()


class FieldModuleCrash(AssertionError):
    """A field module raised something other than its own FieldError while core.clean ran in a test."""


def _crash_is_a_failure(role, err):
    raise FieldModuleCrash(f"the {role} module crashed ({type(err).__name__}: {err}); in production this cell "
                           f"would be marked {role}.unchecked") from err


_UNCHECKED_IN_PRODUCTION = []


@pytest.fixture(autouse=True, scope="session")
def unchecked_fails_the_suite():
    """``*.unchecked`` (core.clean's net for a crashing field module) is a bug: in tests it raises instead.

    The test of the net itself asks for ``unchecked_as_in_production`` to put the real function back.
    """
    import importlib

    clean_module = importlib.import_module("core.clean")  # `core.clean` the attribute is the function

    _UNCHECKED_IN_PRODUCTION.append(clean_module.unchecked)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clean_module, "unchecked", _crash_is_a_failure)
        yield


@pytest.fixture
def unchecked_as_in_production(monkeypatch):
    import importlib

    clean_module = importlib.import_module("core.clean")  # `core.clean` the attribute is the function

    monkeypatch.setattr(clean_module, "unchecked", _UNCHECKED_IN_PRODUCTION[0])
