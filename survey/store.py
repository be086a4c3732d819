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
from survey.schema import login_attempts
from survey.schema import moderation
from survey.schema import responses
from survey.schema import sessions
from survey.schema import users
from survey.schema import workshop_staff
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


def list_workshops(staff_id: int | None = None) -> list[dict[str, Any]]:
    """Return every workshop (or those assigned to one staff member), newest first."""
    query = workshops.select().order_by(workshops.c.id.desc())
    if staff_id is not None:
        assigned = sa.select(workshop_staff.c.workshop_id).where(
            workshop_staff.c.user_id == staff_id
        )
        query = query.where(workshops.c.id.in_(assigned))
    with engine().connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


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


# Workshop set-up ------------------------------------------------------------------------------


def workshop_by_id(workshop_id: int) -> dict[str, Any] | None:
    """Return the workshop with this id, or None."""
    with engine().connect() as conn:
        row = conn.execute(workshops.select().where(workshops.c.id == workshop_id)).mappings()
        found = row.first()
    return dict(found) if found else None


def session_by_id(session_id: int) -> dict[str, Any] | None:
    """Return the session with this id (with its questionnaire snapshot), or None."""
    query = _sessions_query(with_questionnaire=True).where(sessions.c.id == session_id)
    with engine().connect() as conn:
        row = conn.execute(query).mappings().first()
    return dict(row) if row else None


WORKSHOP_FIELDS = ("title", "venue", "organiser", "starts_on", "ends_on", "expected_attendance")


def update_workshop(workshop_id: int, values: Mapping[str, Any]) -> None:
    """Change a workshop's title, venue, organiser, dates or expected attendance."""
    changes = {key: values[key] for key in WORKSHOP_FIELDS if key in values}
    with engine().begin() as conn:
        conn.execute(workshops.update().where(workshops.c.id == workshop_id).values(**changes))


def add_workshop_session(
    workshop_id: int, date: dt.date, day_title: str, title: str, questionnaire: Questionnaire
) -> int:
    """Add a session on `date` (making that day when it is new) at the end; return its id."""
    with engine().begin() as conn:
        day_id = conn.execute(
            sa.select(days.c.id).where(days.c.workshop_id == workshop_id, days.c.date == date)
        ).scalar()
        if day_id is None:
            number = conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(days.c.number), 0)).where(
                    days.c.workshop_id == workshop_id
                )
            ).scalar_one()
            day_id = conn.execute(
                days.insert().values(
                    workshop_id=workshop_id, number=number + 1, date=date, title=day_title
                )
            ).inserted_primary_key[0]  # type: ignore[index]
        position = conn.execute(
            sa.select(sa.func.coalesce(sa.func.max(sessions.c.position), 0)).where(
                sessions.c.workshop_id == workshop_id
            )
        ).scalar_one()
        session_id = conn.execute(
            sessions.insert().values(
                workshop_id=workshop_id,
                day_id=day_id,
                position=position + 1,
                title=title,
                code=_new_code(conn, sessions),
                questionnaire_id=questionnaire.id,
                questionnaire=questionnaire.to_dict(),
                is_open=False,
                created_at=_now(),
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    return int(session_id)


def list_days(workshop_id: int) -> list[dict[str, Any]]:
    """Return a workshop's days (number, date, title) in order."""
    query = days.select().where(days.c.workshop_id == workshop_id).order_by(days.c.number)
    with engine().connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def update_day(workshop_id: int, number: int, date: dt.date, title: str) -> bool:
    """Change a day's date and title; return False when the workshop has no such day."""
    with engine().begin() as conn:
        changed = conn.execute(
            days.update()
            .where(days.c.workshop_id == workshop_id, days.c.number == number)
            .values(date=date, title=title)
        ).rowcount
    return bool(changed)


def update_session(session_id: int, title: str, questionnaire: Questionnaire | None) -> None:
    """Rename a session; change its questionnaire too when given (only before any answer)."""
    values: dict[str, Any] = {"title": title}
    if questionnaire is not None:
        values.update(questionnaire_id=questionnaire.id, questionnaire=questionnaire.to_dict())
    with engine().begin() as conn:
        conn.execute(sessions.update().where(sessions.c.id == session_id).values(**values))


def duplicate_workshop(workshop_id: int, starts_on: dt.date, title: str) -> int:
    """Copy a workshop's days, sessions and staff for its next run, shifted to `starts_on`."""
    source = workshop_by_id(workshop_id)
    if source is None:
        raise KeyError(workshop_id)
    shift = starts_on - source["starts_on"]
    spec: dict[str, Any] = {
        **{key: source[key] for key in WORKSHOP_FIELDS},
        "title": title,
        "starts_on": starts_on,
        "ends_on": source["ends_on"] + shift,
        "days": [],
    }
    by_day: dict[int, dict[str, Any]] = {}
    for session in list_sessions(workshop_id, with_questionnaire=True):
        if session["day"] not in by_day:
            by_day[session["day"]] = {"date": session["date"] + shift, "sessions": []}
            by_day[session["day"]]["title"] = _day_title(workshop_id, session["day"])
            spec["days"].append(by_day[session["day"]])
        by_day[session["day"]]["sessions"].append(
            {
                "title": session["title"],
                "questionnaire": questionnaire_of(session),
                "is_open": False,
            }
        )
    copy_id = create_workshop(spec)
    for member in workshop_staff_of(workshop_id):
        assign_staff(copy_id, member["id"])
    return copy_id


def _day_title(workshop_id: int, number: int) -> str:
    query = sa.select(days.c.title).where(
        days.c.workshop_id == workshop_id, days.c.number == number
    )
    with engine().connect() as conn:
        return str(conn.execute(query).scalar() or "")


# Staff accounts and access -------------------------------------------------------------------


def create_user(username: str, password_hash: str, role: str) -> int:
    """Store a staff account; return its id (IntegrityError when the username is taken)."""
    with engine().begin() as conn:
        user_id = conn.execute(
            users.insert().values(
                username=username, password_hash=password_hash, role=role, created_at=_now()
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    return int(user_id)


def user_by_name(username: str) -> dict[str, Any] | None:
    """Return the account with this username, or None."""
    with engine().connect() as conn:
        row = conn.execute(users.select().where(users.c.username == username)).mappings().first()
    return dict(row) if row else None


def user_by_id(user_id: int) -> dict[str, Any] | None:
    """Return the account with this id, or None."""
    with engine().connect() as conn:
        row = conn.execute(users.select().where(users.c.id == user_id)).mappings().first()
    return dict(row) if row else None


def list_users() -> list[dict[str, Any]]:
    """Return every account (without password hashes) with its workshops' codes, by username."""
    query = (
        sa.select(users.c.id, users.c.username, users.c.role, users.c.created_at, workshops.c.code)
        .outerjoin(workshop_staff, workshop_staff.c.user_id == users.c.id)
        .outerjoin(workshops, workshops.c.id == workshop_staff.c.workshop_id)
        .order_by(users.c.username, workshops.c.code)
    )
    found: dict[int, dict[str, Any]] = {}
    with engine().connect() as conn:
        for row in conn.execute(query).mappings():
            user = found.setdefault(
                row["id"], {k: row[k] for k in ("id", "username", "role", "created_at")}
            )
            user.setdefault("workshops", [])
            if row["code"]:
                user["workshops"].append(row["code"])
    return list(found.values())


def count_users(role: str | None = None) -> int:
    """Return how many staff accounts (with this role, if given) exist."""
    query = sa.select(sa.func.count()).select_from(users)
    if role is not None:
        query = query.where(users.c.role == role)
    with engine().connect() as conn:
        return int(conn.execute(query).scalar_one())


def set_password_hash(user_id: int, password_hash: str) -> None:
    """Replace an account's password hash."""
    with engine().begin() as conn:
        conn.execute(
            users.update().where(users.c.id == user_id).values(password_hash=password_hash)
        )


def remove_user(user_id: int) -> None:
    """Delete an account and its workshop assignments."""
    with engine().begin() as conn:
        conn.execute(users.delete().where(users.c.id == user_id))


def assign_staff(workshop_id: int, user_id: int) -> None:
    """Give a staff member access to a workshop (doing it twice is harmless)."""
    with engine().begin() as conn:
        exists = conn.execute(
            sa.select(workshop_staff.c.user_id).where(
                workshop_staff.c.workshop_id == workshop_id, workshop_staff.c.user_id == user_id
            )
        ).first()
        if exists is None:
            conn.execute(workshop_staff.insert().values(workshop_id=workshop_id, user_id=user_id))


def unassign_staff(workshop_id: int, user_id: int) -> None:
    """Take a staff member's access to a workshop away."""
    with engine().begin() as conn:
        conn.execute(
            workshop_staff.delete().where(
                workshop_staff.c.workshop_id == workshop_id, workshop_staff.c.user_id == user_id
            )
        )


def workshop_staff_of(workshop_id: int) -> list[dict[str, Any]]:
    """Return the staff assigned to a workshop (id, username, role), by username."""
    query = (
        sa.select(users.c.id, users.c.username, users.c.role)
        .join(workshop_staff, workshop_staff.c.user_id == users.c.id)
        .where(workshop_staff.c.workshop_id == workshop_id)
        .order_by(users.c.username)
    )
    with engine().connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def is_assigned(user_id: int, workshop_id: int) -> bool:
    """Return True when the staff member is assigned to the workshop."""
    query = sa.select(workshop_staff.c.user_id).where(
        workshop_staff.c.workshop_id == workshop_id, workshop_staff.c.user_id == user_id
    )
    with engine().connect() as conn:
        return conn.execute(query).first() is not None


def record_login_attempt(username: str, address: str, succeeded: bool, keep: dt.timedelta) -> None:
    """Remember a login attempt; forget attempts older than `keep`; success forgets failures."""
    now = _now()
    with engine().begin() as conn:
        conn.execute(login_attempts.delete().where(login_attempts.c.attempted_at < now - keep))
        if succeeded:
            conn.execute(
                login_attempts.delete().where(
                    login_attempts.c.username == username, login_attempts.c.succeeded.is_(False)
                )
            )
        conn.execute(
            login_attempts.insert().values(
                username=username[:64], address=address[:64], succeeded=succeeded, attempted_at=now
            )
        )


def failed_logins(
    since: dt.datetime, username: str | None = None, address: str | None = None
) -> int:
    """Return how many failed logins there were since `since` for an account or an address."""
    query = (
        sa.select(sa.func.count())
        .select_from(login_attempts)
        .where(login_attempts.c.succeeded.is_(False), login_attempts.c.attempted_at >= since)
    )
    if username is not None:
        query = query.where(login_attempts.c.username == username[:64])
    if address is not None:
        query = query.where(login_attempts.c.address == address[:64])
    with engine().connect() as conn:
        return int(conn.execute(query).scalar_one())


# Live dashboard: aggregates in SQL, so 5,000 responses stay fast ------------------------------

# (questionnaire id, answer columns) pairs a query is about.
ColumnsByQuestionnaire = Mapping[str, Iterable[str]]


def _columns_filter(columns: ColumnsByQuestionnaire) -> sa.ColumnElement[bool]:
    conditions = [
        sa.and_(sessions.c.questionnaire_id == qid, answers.c.question_id.in_(list(cols)))
        for qid, cols in columns.items()
    ]
    return sa.or_(sa.false(), *conditions)


def response_counts(session_ids: list[int]) -> dict[int, int]:
    """Return how many responses each session has (sessions with none are left out)."""
    query = (
        sa.select(responses.c.session_id, sa.func.count())
        .where(responses.c.session_id.in_(session_ids))
        .group_by(responses.c.session_id)
    )
    with engine().connect() as conn:
        return {int(sid): int(n) for sid, n in conn.execute(query)}


def answer_counts(
    session_ids: list[int], columns: ColumnsByQuestionnaire
) -> list[tuple[str, str, str, int]]:
    """Return (questionnaire id, answer column, value, count) for the given columns."""
    query = (
        sa.select(
            sessions.c.questionnaire_id, answers.c.question_id, answers.c.value, sa.func.count()
        )
        .select_from(answers)
        .join(responses, responses.c.id == answers.c.response_id)
        .join(sessions, sessions.c.id == responses.c.session_id)
        .where(responses.c.session_id.in_(session_ids), _columns_filter(columns))
        .group_by(sessions.c.questionnaire_id, answers.c.question_id, answers.c.value)
    )
    with engine().connect() as conn:
        return [(str(q), str(c), str(v), int(n)) for q, c, v, n in conn.execute(query)]


def text_answers(
    session_ids: list[int],
    columns: ColumnsByQuestionnaire,
    limit: int,
    after_id: int = 0,
    state: str | None = None,
) -> list[dict[str, Any]]:
    """Return the newest free-text answers (newest first) with their moderation state.

    ``state``: None for every answer, "pending" for undecided ones, else "approved"/"hidden".
    """
    query = (
        sa.select(
            answers.c.id,
            answers.c.response_id,
            answers.c.question_id,
            answers.c.value,
            responses.c.session_id,
            sessions.c.questionnaire_id,
            responses.c.submitted_at,
            sa.func.coalesce(moderation.c.state, "pending").label("state"),
        )
        .select_from(answers)
        .join(responses, responses.c.id == answers.c.response_id)
        .join(sessions, sessions.c.id == responses.c.session_id)
        .outerjoin(moderation, moderation.c.answer_id == answers.c.id)
        .where(
            responses.c.session_id.in_(session_ids),
            _columns_filter(columns),
            answers.c.id > after_id,
        )
        .order_by(answers.c.id.desc())
        .limit(limit)
    )
    if state == "pending":
        query = query.where(moderation.c.state.is_(None))
    elif state is not None:
        query = query.where(moderation.c.state == state)
    with engine().connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def dashboard_version(session_ids: list[int]) -> tuple[Any, ...]:
    """Return values that change whenever anything a dashboard shows changes (for its ETag)."""
    counted = sa.select(sa.func.count(), sa.func.max(responses.c.id)).where(
        responses.c.session_id.in_(session_ids)
    )
    decided = (
        sa.select(sa.func.count(), sa.func.max(moderation.c.decided_at))
        .select_from(moderation)
        .join(answers, answers.c.id == moderation.c.answer_id)
        .join(responses, responses.c.id == answers.c.response_id)
        .where(responses.c.session_id.in_(session_ids))
    )
    states = sa.select(sessions.c.id, sessions.c.is_open, sessions.c.title).where(
        sessions.c.id.in_(session_ids)
    )
    with engine().connect() as conn:
        return (
            tuple(conn.execute(counted).one()),
            tuple(conn.execute(decided).one()),
            tuple(tuple(row) for row in conn.execute(states.order_by(sessions.c.id))),
        )


def set_moderation(answer_ids: list[int], state: str, user_id: int | None) -> None:
    """Record a moderation decision ("approved" or "hidden") for these answers."""
    if not answer_ids:
        return
    with engine().begin() as conn:
        conn.execute(moderation.delete().where(moderation.c.answer_id.in_(answer_ids)))
        conn.execute(
            moderation.insert(),
            [
                {"answer_id": a, "state": state, "decided_at": _now(), "decided_by": user_id}
                for a in answer_ids
            ],
        )


def answers_in_sessions(answer_ids: list[int], session_ids: list[int]) -> list[int]:
    """Return those of `answer_ids` that belong to responses in the given sessions."""
    query = (
        sa.select(answers.c.id)
        .join(responses, responses.c.id == answers.c.response_id)
        .where(answers.c.id.in_(answer_ids), responses.c.session_id.in_(session_ids))
    )
    with engine().connect() as conn:
        return [int(a) for a in conn.execute(query).scalars()]


def text_values(
    session_ids: list[int], columns: ColumnsByQuestionnaire, state: str | None = None
) -> list[str]:
    """Return every free-text answer of the sessions (only those in a moderation state, if given)."""
    query = (
        sa.select(answers.c.value)
        .select_from(answers)
        .join(responses, responses.c.id == answers.c.response_id)
        .join(sessions, sessions.c.id == responses.c.session_id)
        .outerjoin(moderation, moderation.c.answer_id == answers.c.id)
        .where(responses.c.session_id.in_(session_ids), _columns_filter(columns))
        .order_by(answers.c.id)
    )
    if state is not None:
        query = query.where(moderation.c.state == state)
    with engine().connect() as conn:
        return [str(value) for value in conn.execute(query).scalars()]
