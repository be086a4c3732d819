"""The database engine of the app: SQLite by default (WAL, busy timeout, foreign keys), any
SQLAlchemy URL otherwise, and the Alembic migrations that build its schema."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from flask import Flask
from flask import current_app
from sqlalchemy.engine import Engine

from survey.schema import CODE_LENGTH

# Join codes avoid characters people confuse when reading a projector: 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
SQLITE_BUSY_TIMEOUT_MS = 10_000
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
EXTENSION_KEY = "sala.engine"


def init_app(app: Flask) -> None:
    """Give the app its engine (created now, connected lazily)."""
    app.extensions[EXTENSION_KEY] = make_engine(app.config["DATABASE_URL"])


def engine() -> Engine:
    """Return the current app's engine."""
    return current_app.extensions[EXTENSION_KEY]  # type: ignore[no-any-return]


def make_engine(url: str) -> Engine:
    """Return an engine; SQLite gets WAL, a busy timeout and foreign keys on every connection."""
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    eng = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @sa.event.listens_for(eng, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return eng


def migrate(eng: Engine | None = None) -> None:
    """Bring the database schema up to the newest version; existing rows are kept."""
    eng = eng or engine()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with eng.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def schema_version(eng: Engine | None = None) -> str | None:
    """Return the Alembic revision the database is at, or None for an empty database."""
    with (eng or engine()).connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _new_code(conn: sa.Connection, table: sa.Table) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        taken = conn.execute(sa.select(table.c.id).where(table.c.code == code)).first()
        if taken is None:
            return code
