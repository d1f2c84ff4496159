"""Alembic migrations for the functions' storage; run with ``functions.adapters.db.migrate``."""
