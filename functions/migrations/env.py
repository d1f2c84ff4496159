"""Alembic environment: runs on the connection the caller passes in (see functions.adapters.db.migrate)."""

from alembic import context
from sqlalchemy import create_engine

from functions.schema import metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        url = config.get_main_option("sqlalchemy.url")
        if url is None:
            raise RuntimeError("alembic needs a connection or sqlalchemy.url (functions.adapters.db.migrate gives one)")
        engine = create_engine(url)
        with engine.connect() as connection:
            _migrate(connection)
    else:
        _migrate(connection)


def _migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
