"""Storage: accounts, API keys and connected registers on SQLAlchemy 2 (SQLite locally, PostgreSQL in production).

Every query that reads or changes an account's records takes the ``account_id`` and filters on it, so one
account can never see another's rows. Billing lives in ``billing.py`` on the same engine.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import secrets
import sqlite3
from collections.abc import Sequence
from typing import Any

from alembic import command
from alembic.config import Config
from psycopg import errors as pg_errors
from sqlalchemy import Engine, create_engine, delete, event, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from functions.schema import accounts, api_keys, registers

MIGRATIONS = pathlib.Path(__file__).resolve().parent.parent / "migrations"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(10)}"


def is_foreign_key_violation(error: IntegrityError) -> bool:
    """Whether the database refused a row because its parent row is gone, told by the driver's own error
    class or code, never its words: PostgreSQL's SQLSTATE 23503 (psycopg's ``ForeignKeyViolation``) or
    SQLite's extended result code ``SQLITE_CONSTRAINT_FOREIGNKEY``."""
    driver_error = error.orig
    if isinstance(driver_error, sqlite3.IntegrityError):
        return driver_error.sqlite_errorcode == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
    return isinstance(driver_error, pg_errors.ForeignKeyViolation)


def written(row: dict | None, what: str) -> dict:
    """A row read back right after this call wrote it: it is there, and None would be a bug worth a 500."""
    if row is None:
        raise RuntimeError(f"{what} was written but cannot be read back")
    return row


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite the folder is created and WAL + a busy timeout are set."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        pathlib.Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        # hide_parameters: a database error's traceback names the statement, never its values (key hashes,
        # encrypted secrets, addresses).
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: object) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable across crashes, not power loss
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, hide_parameters=True)


def local_cache(name: str) -> Engine:
    """A migrated SQLite database in the user's own cache folder, for the CLI's public look-ups (DNS
    answers, company registry facts): ``$RENSA_CACHE_DIR/<name>.db``, else ``$XDG_CACHE_HOME/rensa/``, else
    ``~/.cache/rensa/``. Dispose the engine when the run is done."""
    import os

    root = os.environ.get("RENSA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "rensa")
    engine = make_engine(f"sqlite:///{pathlib.Path(root) / f'{name}.db'}")
    migrate(engine)
    return engine


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``, by default the newest (idempotent). Then run, outside the migration's
    transaction, what a migration that ran asked for (``config.attributes["after_commit"]``): statements a
    database refuses inside one, such as the ``VACUUM FULL`` that drops old row versions (``i19a``)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    after = config.attributes.get("after_commit", [])
    if after:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for statement in after:
                connection.exec_driver_sql(statement)


def iso(value: dt.datetime) -> str:
    """ISO 8601 in UTC; SQLite hands back naive datetimes, which were stored as UTC."""
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()


def _public(row: Sequence[Any], *names: str) -> dict:
    return {name: (iso(value) if isinstance(value, dt.datetime) else value) for name, value in zip(names, row)}


class Database:
    """Account-scoped reads and writes. Create once per instance (``functions.adapters.get_db``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def ping(self) -> None:
        """One round trip to the database (the health check); raises when it cannot be reached."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    # accounts (a Google user's first sign-in creates their team: functions.adapters.teams)
    def create_account(self, name: str | None = None) -> str:
        account_id = new_id("acc")
        with self.engine.begin() as conn:
            conn.execute(insert(accounts).values(id=account_id, name=name, created_at=utcnow()))
        return account_id

    def account_exists(self, account_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(accounts.c.id).where(accounts.c.id == account_id)).scalar() is not None

    # API keys
    KEY_FIELDS = ("id", "name", "prefix", "scopes", "created_at", "revoked_at", "last_used_at")

    def add_api_key(self, account_id: str, *, name: str, prefix: str, key_hash: str, scopes: list[str]) -> dict:
        key_id = new_id("key")
        now = utcnow()
        with self.engine.begin() as conn:
            conn.execute(
                insert(api_keys).values(
                    id=key_id, account_id=account_id, name=name, prefix=prefix, key_hash=key_hash,
                    scopes=" ".join(scopes), created_at=now,
                )
            )
        return self._key_json((key_id, name, prefix, " ".join(scopes), now, None, None))

    def _key_json(self, row: Sequence[Any]) -> dict:
        out = _public(row, *self.KEY_FIELDS)
        out["scopes"] = out["scopes"].split()
        return out

    def list_api_keys(self, account_id: str) -> list[dict]:
        cols = [api_keys.c[name] for name in self.KEY_FIELDS]
        with self.engine.connect() as conn:
            rows = conn.execute(select(*cols).where(api_keys.c.account_id == account_id).order_by(api_keys.c.created_at))
            return [self._key_json(row) for row in rows]

    def revoke_api_key(self, account_id: str, key_id: str) -> bool:
        with self.engine.begin() as conn:
            result = conn.execute(
                update(api_keys)
                .where(api_keys.c.id == key_id, api_keys.c.account_id == account_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )
            if result.rowcount:
                return True
            exists = conn.execute(
                select(api_keys.c.id).where(api_keys.c.id == key_id, api_keys.c.account_id == account_id)
            ).scalar()
            return exists is not None

    def find_api_key(self, key_hash: str) -> tuple[str, str, list[str], bool] | None:
        """``(key id, account id, scopes, revoked)`` for a key hash, or None; notes the use (hourly)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(
                    api_keys.c.id, api_keys.c.account_id, api_keys.c.scopes, api_keys.c.revoked_at, api_keys.c.last_used_at
                ).where(api_keys.c.key_hash == key_hash)
            ).first()
        if row is None:
            return None
        now = utcnow()
        last = row[4].replace(tzinfo=dt.UTC) if row[4] is not None and row[4].tzinfo is None else row[4]
        if row[3] is None and (last is None or now - last > dt.timedelta(hours=1)):
            with self.engine.begin() as conn:
                conn.execute(update(api_keys).where(api_keys.c.id == row[0]).values(last_used_at=now))
        return row[0], row[1], row[2].split(), row[3] is not None

    # registers
    REGISTER_FIELDS = ("id", "name", "spreadsheet_id", "sheet", "header_row", "status_column", "created_at", "last_cleaned_at",
                       "language")

    def add_register(self, account_id: str, **values: object) -> dict:
        register_id = new_id("reg")
        row = {"id": register_id, "account_id": account_id, "created_at": utcnow(), "last_cleaned_at": None, "language": "en",
               **values}
        with self.engine.begin() as conn:
            conn.execute(insert(registers).values(**row))
        return _public([row[name] for name in self.REGISTER_FIELDS], *self.REGISTER_FIELDS)

    def get_register(self, account_id: str, register_id: str) -> dict | None:
        cols = [registers.c[name] for name in self.REGISTER_FIELDS]
        with self.engine.connect() as conn:
            row = conn.execute(
                select(*cols).where(registers.c.id == register_id, registers.c.account_id == account_id)
            ).first()
        return None if row is None else _public(row, *self.REGISTER_FIELDS)

    def list_registers(self, account_id: str) -> list[dict]:
        cols = [registers.c[name] for name in self.REGISTER_FIELDS]
        with self.engine.connect() as conn:
            rows = conn.execute(select(*cols).where(registers.c.account_id == account_id).order_by(registers.c.created_at))
            return [_public(row, *self.REGISTER_FIELDS) for row in rows]

    def delete_register(self, account_id: str, register_id: str) -> bool:
        with self.engine.begin() as conn:
            result = conn.execute(
                delete(registers).where(registers.c.id == register_id, registers.c.account_id == account_id)
            )
            return bool(result.rowcount)

    def set_register_language(self, account_id: str, register_id: str, language: str) -> None:
        """The language upkeep and the bounce flush write this register's sheet in (``core.i18n`` codes)."""
        with self.engine.begin() as conn:
            conn.execute(update(registers).where(registers.c.id == register_id, registers.c.account_id == account_id)
                         .values(language=language))

    def mark_register_cleaned(self, account_id: str, register_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(registers)
                .where(registers.c.id == register_id, registers.c.account_id == account_id)
                .values(last_cleaned_at=utcnow())
            )
