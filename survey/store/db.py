"""The database engine of the app: SQLite by default (WAL, busy timeout, foreign keys), any
SQLAlchemy URL otherwise, and the Alembic migrations that build its schema."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import secrets
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask import current_app
from sqlalchemy.engine import Engine

from survey.schema import CODE_LENGTH

# Join codes avoid characters people confuse when reading a projector: 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
SQLITE_BUSY_TIMEOUT_MS = 10_000
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
EXTENSION_KEY = "sala.engine"
# The advisory lock servers take turns on while they migrate and seed a PostgreSQL database
# (any constant 64-bit number; this one spells "sala" in ASCII).
SCHEMA_LOCK_KEY = 0x73616C61
_held = threading.local()


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


def migrate(eng: Engine | None = None, revision: str = "head") -> None:
    """Bring the database schema up to the newest version (or `revision`); existing rows are
    kept. Servers started together take turns (``schema_lock``), so none sees a half-made
    schema or makes a table twice."""
    # imported here: a gunicorn worker never migrates (``serve`` did before the fork), and
    # alembic with mako and pygments is about 11 MiB of each worker's memory (issue 16)
    from alembic import command
    from alembic.config import Config

    eng = eng or engine()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with schema_lock(eng), eng.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


@contextlib.contextmanager
def schema_lock(eng: Engine | None = None) -> Iterator[None]:
    """Hold the database's set-up lock: one process at a time migrates and seeds it.

    PostgreSQL: a session-level advisory lock (``pg_advisory_lock``) on a connection of its
    own. SQLite: an exclusive ``flock`` on a file beside the database (an in-memory database
    belongs to one process and needs none). Taking it again in the same thread is a no-op.
    """
    eng = eng or engine()
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    with _lock(eng):
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0


@contextlib.contextmanager
def _lock(eng: Engine) -> Iterator[None]:
    if eng.dialect.name == "postgresql":
        with eng.connect() as conn:
            conn.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": SCHEMA_LOCK_KEY})
                conn.commit()
        return
    database = eng.url.database
    if eng.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".lock")
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# Each engine's turn to write (write_turn): a thread lock and the file the processes lock, made in
# the process that uses them (a forked worker makes its own), closed with the engine.
_turns: weakref.WeakKeyDictionary[Engine, tuple[int, threading.Lock, int]] = (
    weakref.WeakKeyDictionary()
)
_turns_guard = threading.Lock()


@contextlib.contextmanager
def write_turn(eng: Engine | None = None) -> Iterator[None]:
    """Wait for this machine's turn to write to an SQLite database, then hold it; a no-op on
    PostgreSQL (row locks) and for an in-memory database.

    SQLite lets one writer at a time; a writer that finds the database locked sleeps in its
    busy handler (1, 2, 5, 10 … 100 ms, sqlite3.c ``sqliteDefaultBusyCallback``) however soon
    the lock is free, so at the end-of-session rush the participants' submits spent their time
    asleep rather than writing. Here they queue instead: a thread lock within the process, then
    an exclusive ``flock`` on a file beside the database across processes, each waiter woken
    the moment the one before it is done. Writers that do not take a turn (staff pages, the
    command line) are still safe: SQLite's own lock and busy timeout still apply.
    """
    eng = eng or engine()
    database = eng.url.database
    if eng.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with _turns_guard:
        turn = _turns.get(eng)
        if turn is None or turn[0] != os.getpid():  # no lock or file is shared across a fork
            path = Path(database).with_name(Path(database).name + ".writer")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o600)
            weakref.finalize(eng, os.close, fd)
            turn = (os.getpid(), threading.Lock(), fd)
            _turns[eng] = turn
    _, lock, fd = turn
    with lock:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


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
