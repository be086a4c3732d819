"""Removing a session or a day set up by mistake, without ever losing an answer by accident."""

from __future__ import annotations

import sqlalchemy as sa

from survey.schema import answers
from survey.schema import days
from survey.schema import moderation
from survey.schema import responses
from survey.schema import sessions
from survey.store.db import engine


class SessionHasResponsesError(Exception):
    """A session with stored responses: only an explicit `with_answers` deletes it."""

    def __init__(self, responses: int) -> None:
        super().__init__(f"the session has {responses} responses")
        self.responses = responses


class DayHasSessionsError(Exception):
    """A day that still has sessions: it cannot be deleted."""

    def __init__(self, sessions: int) -> None:
        super().__init__(f"the day has {sessions} sessions")
        self.sessions = sessions


def _of_session(session_id: int) -> tuple[sa.Select[tuple[int]], sa.Select[tuple[int]]]:
    mine = sa.select(responses.c.id).where(responses.c.session_id == session_id)
    return mine, sa.select(answers.c.id).where(answers.c.response_id.in_(mine))


def _count(conn: sa.Connection, ids: sa.Select[tuple[int]]) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(ids.subquery())).scalar_one())


def session_contents(session_id: int) -> dict[str, int]:
    """Return how many responses, answers and moderation decisions a session holds."""
    mine, their_answers = _of_session(session_id)
    decided = sa.select(moderation.c.answer_id).where(moderation.c.answer_id.in_(their_answers))
    with engine().connect() as conn:
        return {
            "responses": _count(conn, mine),
            "answers": _count(conn, their_answers),
            "moderation": _count(conn, decided),
        }


def delete_session(session_id: int, with_answers: bool = False) -> dict[str, int] | None:
    """Delete a session in one transaction; return how many responses, answers and moderation
    decisions went with it, or None when there is no such session.

    A session with responses raises SessionHasResponsesError and keeps everything, unless
    ``with_answers`` asks for its responses, answers and moderation decisions to go too.
    """
    mine, their_answers = _of_session(session_id)
    gone = {"responses": 0, "answers": 0, "moderation": 0}
    with engine().begin() as conn:
        # On PostgreSQL the row lock waits for a submit in flight and makes a later one fail, so
        # an answer cannot slip in between the check and the delete (and be cascaded away);
        # SQLite has one writer, and the first DELETE below holds it until the commit.
        found = conn.execute(
            sa.select(sessions.c.id).where(sessions.c.id == session_id).with_for_update()
        ).first()
        if found is None:
            return None
        if with_answers:
            gone["moderation"] = conn.execute(
                moderation.delete().where(moderation.c.answer_id.in_(their_answers))
            ).rowcount
            gone["answers"] = conn.execute(
                answers.delete().where(answers.c.id.in_(their_answers))
            ).rowcount
            gone["responses"] = conn.execute(
                responses.delete().where(responses.c.session_id == session_id)
            ).rowcount
        deleted = conn.execute(
            sessions.delete().where(sessions.c.id == session_id, ~sa.exists(mine))
        ).rowcount
        if not deleted:
            raise SessionHasResponsesError(_count(conn, mine))
    return gone


def delete_day(workshop_id: int, number: int) -> bool:
    """Delete a day without sessions, later days moving up one number; return False when the
    workshop has no such day (DayHasSessionsError when it still has sessions)."""
    with engine().begin() as conn:
        day_id = conn.execute(
            sa.select(days.c.id)
            .where(days.c.workshop_id == workshop_id, days.c.number == number)
            .with_for_update()
        ).scalar()
        if day_id is None:
            return False
        held = sa.select(sessions.c.id).where(sessions.c.day_id == day_id)
        if not conn.execute(days.delete().where(days.c.id == day_id, ~sa.exists(held))).rowcount:
            raise DayHasSessionsError(_count(conn, held))
        later = sa.select(days.c.id).where(
            days.c.workshop_id == workshop_id, days.c.number > number
        )
        # One row at a time, lowest first: the (workshop, number) pair stays unique at every step.
        for later_id in conn.execute(later.order_by(days.c.number)).scalars().all():
            conn.execute(
                days.update().where(days.c.id == later_id).values(number=days.c.number - 1)
            )
    return True
