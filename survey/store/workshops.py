"""Workshops, their days and sessions, and the questionnaire snapshot each session keeps."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.versions import merge_versions
from analysis.text.intake import intake_text
from survey.limits import MAX_ID
from survey.schema import days
from survey.schema import responses
from survey.schema import sessions
from survey.schema import workshop_staff
from survey.schema import workshops
from survey.store.db import _new_code
from survey.store.db import _now
from survey.store.db import engine
from survey.store.staff import assign_staff
from survey.store.staff import workshop_staff_of


def _line(value: object) -> str:
    """Return a title, venue or organiser as it may be stored (``intake_text`` on one line)."""
    return intake_text(str(value or ""), single_line=True)


def create_workshop(spec: Mapping[str, Any]) -> int:
    """Store a workshop with its days and sessions in one transaction; return its id.

    ``spec``: title, venue, organiser, starts_on, ends_on (dates), expected_attendance,
    days: [{date, title, sessions: [{title, questionnaire (Questionnaire), is_open}]}].
    Text goes through ``intake_text`` whichever entry point it came from.
    """
    with engine().begin() as conn:
        workshop_id = conn.execute(
            workshops.insert().values(
                code=_new_code(conn, workshops),
                title=_line(spec["title"]),
                venue=_line(spec.get("venue", "")),
                organiser=_line(spec.get("organiser", "")),
                starts_on=spec["starts_on"],
                ends_on=spec["ends_on"],
                expected_attendance=spec.get("expected_attendance"),
                privacy_contact=_line(spec.get("privacy_contact", "")),
                privacy_notice=intake_text(str(spec.get("privacy_notice") or "")),
                retain_until=spec.get("retain_until"),
                retention=spec.get("retention") or "text",
                created_at=_now(),
            )
        ).inserted_primary_key[0]  # type: ignore[index]
        position = 0
        for number, day in enumerate(spec["days"], start=1):
            day_id = conn.execute(
                days.insert().values(
                    workshop_id=workshop_id,
                    number=number,
                    date=day["date"],
                    title=_line(day["title"]),
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
                        title=_line(session["title"]),
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
    if key.isascii() and key.isdigit() and int(key) <= MAX_ID:
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
    return Questionnaire.from_dict(json.loads(snapshot), "stored questionnaire", strict=False)


def questionnaires_of(sessions: Iterable[Mapping[str, Any]]) -> dict[str, Questionnaire]:
    """Return the questionnaires the sessions use, keyed by id, in programme order.

    Sessions that hold different versions of one questionnaire get one questionnaire merged
    from them (``analysis.questionnaire.versions.merge_versions``): questions matched by id, a
    removed question kept, the labels of the newest version that has answers (of the newest
    version when none has).
    """
    grouped: dict[str, dict[str, list[Any]]] = {}
    for session in sessions:
        snapshot = json.dumps(session["questionnaire"], sort_keys=True)
        grouped.setdefault(session["questionnaire_id"], {}).setdefault(snapshot, []).append(
            session["id"]
        )
    if all(len(snapshots) == 1 for snapshots in grouped.values()):
        return {
            qid: _parse_questionnaire(next(iter(snapshots))) for qid, snapshots in grouped.items()
        }
    answered = _sessions_with_answers(
        [sid for g in grouped.values() for ids in g.values() for sid in ids]
    )
    found: dict[str, Questionnaire] = {}
    for qid, snapshots in grouped.items():
        versions = sorted(
            (
                (any(sid in answered for sid in ids), _parse_questionnaire(snapshot))
                for snapshot, ids in snapshots.items()
            ),
            key=lambda pair: (pair[0], pair[1].version),
        )
        found[qid] = merge_versions([version for _, version in versions])
    return found


def _sessions_with_answers(session_ids: list[int]) -> set[int]:
    query = sa.select(responses.c.session_id).where(responses.c.session_id.in_(session_ids))
    with engine().connect() as conn:
        return {int(sid) for sid in conn.execute(query.distinct()).scalars()}


def questionnaire_of(session: Mapping[str, Any]) -> Questionnaire:
    """Return the questionnaire snapshot a session was set up with."""
    return _parse_questionnaire(json.dumps(session["questionnaire"], sort_keys=True))


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


WORKSHOP_FIELDS = (
    "title",
    "venue",
    "organiser",
    "starts_on",
    "ends_on",
    "expected_attendance",
    "privacy_contact",
    "privacy_notice",
    "retain_until",
    "retention",
)


def update_workshop(workshop_id: int, values: Mapping[str, Any]) -> None:
    """Change a workshop's details (WORKSHOP_FIELDS): title, venue, organiser, dates, expected
    attendance, privacy contact and notice, retention day and what retention removes."""
    changes = {key: values[key] for key in WORKSHOP_FIELDS if key in values}
    for key in ("title", "venue", "organiser", "privacy_contact"):
        if key in changes:
            changes[key] = _line(changes[key])
    if "privacy_notice" in changes:
        changes["privacy_notice"] = intake_text(str(changes["privacy_notice"] or ""))
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
                    workshop_id=workshop_id, number=number + 1, date=date, title=_line(day_title)
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
                title=_line(title),
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
            .values(date=date, title=_line(title))
        ).rowcount
    return bool(changed)


def update_session(session_id: int, title: str, questionnaire: Questionnaire | None) -> None:
    """Rename a session; change its questionnaire too when given (only before any answer)."""
    values: dict[str, Any] = {"title": _line(title)}
    if questionnaire is not None:
        values.update(questionnaire_id=questionnaire.id, questionnaire=questionnaire.to_dict())
    with engine().begin() as conn:
        conn.execute(sessions.update().where(sessions.c.id == session_id).values(**values))


def duplicate_workshop(workshop_id: int, starts_on: dt.date, title: str) -> int:
    """Copy a workshop's days, sessions and staff for its next run, shifted to `starts_on`;
    ValueError (nothing stored) when a shifted date would fall after 9999-12-31."""
    source = workshop_by_id(workshop_id)
    if source is None:
        raise KeyError(workshop_id)
    shift = starts_on - source["starts_on"]
    try:
        ends_on = source["ends_on"] + shift
        # the next run keeps its answers as long after it as this run did
        retain_until = source["retain_until"] + shift if source["retain_until"] else None
    except OverflowError:
        raise ValueError(f"{starts_on.isoformat()}: the copy would end after year 9999") from None
    spec: dict[str, Any] = {
        **{key: source[key] for key in WORKSHOP_FIELDS},
        "title": title,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "retain_until": retain_until,
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
