"""Storage: the one place with SQL. SQLite is the embedded default; any SQLAlchemy URL works.

Every function takes plain values and returns plain data (dicts, lists, DataFrames).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Iterable
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from flask import Flask
from flask import current_app
from sqlalchemy.engine import Engine

from analysis.questionnaire import Questionnaire
from analysis.responses import responses_frame
from survey.schema import CODE_LENGTH
from survey.schema import answers
from survey.schema import days
from survey.schema import responses
from survey.schema import sessions
from survey.schema import workshops

# Join codes avoid characters people confuse when reading a projector: 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
SQLITE_BUSY_TIMEOUT_MS = 10_000
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
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


def create_workshop(spec: Mapping[str, Any]) -> int:
    """Store a workshop with its days and sessions in one transaction; return its id.

    ``spec``: title, venue, organiser, starts_on, ends_on (dates), expected_attendance,
    days: [{date, title, sessions: [{title, questionnaire (Questionnaire), is_open}]}].
    """
    with engine().begin() as conn:
        workshop_id = conn.execute(
            workshops.insert().values(
                code=_new_code(conn, workshops),
                title=spec["title"],
                venue=spec.get("venue", ""),
                organiser=spec.get("organiser", ""),
                starts_on=spec["starts_on"],
                ends_on=spec["ends_on"],
                expected_attendance=spec.get("expected_attendance"),
                created_at=_now(),
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        position = 0
        for number, day in enumerate(spec["days"], start=1):
            day_id = conn.execute(
                days.insert().values(
                    workshop_id=workshop_id, number=number, date=day["date"], title=day["title"]
                )
            ).inserted_primary_key[0]  # type: ignore[index]
            for session in day["sessions"]:
                position += 1
                questionnaire: Questionnaire = session["questionnaire"]
                conn.execute(
                    sessions.insert().values(
                        workshop_id=workshop_id,
                        day_id=day_id,
                        position=position,
                        title=session["title"],
                        code=_new_code(conn, sessions),
                        questionnaire_id=questionnaire.id,
                        questionnaire=questionnaire.to_dict(),
                        is_open=session.get("is_open", True),
                        created_at=_now(),
                    )
                )
    return int(workshop_id)


_SESSION_COLUMNS = (
    sessions.c.id,
    sessions.c.code,
    sessions.c.title,
    sessions.c.position,
    sessions.c.is_open,
    sessions.c.questionnaire_id,
    sessions.c.workshop_id,
    days.c.number.label("day"),
    days.c.date,
    workshops.c.title.label("workshop_title"),
    workshops.c.code.label("workshop_code"),
)


def _sessions_query(with_questionnaire: bool = False) -> sa.Select[Any]:
    extra = (sessions.c.questionnaire,) if with_questionnaire else ()
    return (
        sa.select(*_SESSION_COLUMNS, *extra)
        .join(days, days.c.id == sessions.c.day_id)
        .join(workshops, workshops.c.id == sessions.c.workshop_id)
        .order_by(sessions.c.workshop_id, sessions.c.position)
    )


def session_by_code(code: str) -> dict[str, Any] | None:
    """Return the session with this join code (any letter case), or None."""
    query = _sessions_query(with_questionnaire=True)
    with engine().connect() as conn:
        row = conn.execute(query.where(sessions.c.code == code.strip().upper())).mappings().first()
    return dict(row) if row else None


def list_sessions(
    workshop_id: int | None = None, with_questionnaire: bool = False
) -> list[dict[str, Any]]:
    """Return every session (of one workshop, if given) in workshop and programme order."""
    query = _sessions_query(with_questionnaire)
    if workshop_id is not None:
        query = query.where(sessions.c.workshop_id == workshop_id)
    with engine().connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def list_workshops() -> list[dict[str, Any]]:
    """Return every workshop, newest first."""
    with engine().connect() as conn:
        rows = conn.execute(workshops.select().order_by(workshops.c.id.desc())).mappings()
        return [dict(row) for row in rows]


def find_workshop(code_or_id: str) -> dict[str, Any] | None:
    """Return the workshop named by its code, its numeric id or one of its sessions' codes."""
    key = code_or_id.strip().upper()
    condition = workshops.c.code == key
    if key.isdigit():
        condition = sa.or_(condition, workshops.c.id == int(key))
    by_session = sa.select(sessions.c.workshop_id).where(sessions.c.code == key)
    with engine().connect() as conn:
        row = (
            conn.execute(
                workshops.select().where(sa.or_(condition, workshops.c.id.in_(by_session)))
            )
            .mappings()
            .first()
        )
    return dict(row) if row else None


def set_session_open(session_id: int, is_open: bool) -> None:
    """Open or close a session for answers."""
    with engine().begin() as conn:
        conn.execute(sessions.update().where(sessions.c.id == session_id).values(is_open=is_open))


@lru_cache(maxsize=64)
def _parse_questionnaire(snapshot: str) -> Questionnaire:
    return Questionnaire.from_dict(json.loads(snapshot), "stored questionnaire")


def questionnaire_of(session: Mapping[str, Any]) -> Questionnaire:
    """Return the questionnaire snapshot a session was set up with."""
    return _parse_questionnaire(json.dumps(session["questionnaire"], sort_keys=True))


def save_response(
    session_id: int,
    token: str,
    respondent_key: str,
    language: str,
    values: Mapping[str, Iterable[str]],
    submitted_at: dt.datetime | None = None,
) -> tuple[int, bool]:
    """Store a response with its answers atomically; return (response id, newly stored).

    A token that was already stored returns the first response and stores nothing: a double
    tap, a browser retry or a back-and-resubmit never makes a second row. ``submitted_at``
    (default: now) is for importing or seeding answers given earlier.
    """
    existing = response_by_token(token)
    if existing is not None:
        return existing, False
    rows = [(column, value) for column, items in values.items() for value in items]
    try:
        with engine().begin() as conn:
            response_id = conn.execute(
                responses.insert().values(
                    session_id=session_id,
                    token=token,
                    respondent_key=respondent_key,
                    language=language,
                    submitted_at=submitted_at or _now(),
                )
            ).inserted_primary_key[0]  # type: ignore[index]
            if rows:
                conn.execute(
                    answers.insert(),
                    [{"response_id": response_id, "question_id": c, "value": v} for c, v in rows],
                )
    except sa.exc.IntegrityError:
        existing = response_by_token(token)
        if existing is None:
            raise
        return existing, False
    return int(response_id), True


def response_by_token(token: str) -> int | None:
    """Return the id of the response stored with this idempotency token, or None."""
    with engine().connect() as conn:
        return conn.execute(sa.select(responses.c.id).where(responses.c.token == token)).scalar()


def count_responses(session_id: int | None = None) -> int:
    """Return how many responses are stored (for one session, if given)."""
    query = sa.select(sa.func.count()).select_from(responses)
    if session_id is not None:
        query = query.where(responses.c.session_id == session_id)
    with engine().connect() as conn:
        return int(conn.execute(query).scalar_one())


def response_records(workshop_id: int) -> list[dict[str, Any]]:
    """Return a workshop's responses with their answers, oldest first (see analysis.responses)."""
    query = (
        sa.select(
            responses.c.id.label("response_id"),
            sessions.c.workshop_id,
            responses.c.session_id,
            sessions.c.code.label("session_code"),
            sessions.c.title.label("session_title"),
            sessions.c.questionnaire_id,
            days.c.number.label("day"),
            responses.c.submitted_at,
            responses.c.language,
            responses.c.respondent_key,
        )
        .join(sessions, sessions.c.id == responses.c.session_id)
        .join(days, days.c.id == sessions.c.day_id)
        .where(sessions.c.workshop_id == workshop_id)
        .order_by(responses.c.id)
    )
    answer_query = (
        sa.select(answers.c.response_id, answers.c.question_id, answers.c.value)
        .join(responses, responses.c.id == answers.c.response_id)
        .join(sessions, sessions.c.id == responses.c.session_id)
        .where(sessions.c.workshop_id == workshop_id)
        .order_by(answers.c.id)
    )
    with engine().connect() as conn:
        records = {
            row["response_id"]: dict(row, answers={}) for row in conn.execute(query).mappings()
        }
        for response_id, question_id, value in conn.execute(answer_query):
            records[response_id]["answers"].setdefault(question_id, []).append(value)
    return list(records.values())


def workshop_frames(workshop_id: int, timezone: str) -> list[tuple[Questionnaire, pd.DataFrame]]:
    """Return one responses frame per questionnaire used in the workshop, in programme order."""
    by_questionnaire: dict[str, list[dict[str, Any]]] = {}
    snapshots: dict[str, Questionnaire] = {}
    for session in list_sessions(workshop_id, with_questionnaire=True):
        snapshots.setdefault(session["questionnaire_id"], questionnaire_of(session))
        by_questionnaire.setdefault(session["questionnaire_id"], [])
    for record in response_records(workshop_id):
        by_questionnaire[record["questionnaire_id"]].append(record)
    return [
        (snapshots[qid], responses_frame(records, snapshots[qid], timezone))
        for qid, records in by_questionnaire.items()
    ]
