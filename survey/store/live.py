"""The live dashboard's reads and moderation: aggregates in SQL, so 5,000 responses stay fast."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from survey.schema import answers
from survey.schema import days
from survey.schema import moderation
from survey.schema import responses
from survey.schema import sessions
from survey.schema import workshops
from survey.store.db import _now
from survey.store.db import engine

# (questionnaire id, answer columns) pairs a query is about.
ColumnsByQuestionnaire = Mapping[str, Iterable[str]]


def _answers_filter(
    session_ids: list[int], columns: ColumnsByQuestionnaire
) -> sa.ColumnElement[bool]:
    """Return the answers in these columns of each questionnaire given by the sessions' responses
    that use it, tested on the answer itself (its question, its response among a set), so a
    query can read the answers newest first and stop at a limit (issue 16: the newest texts of
    5,000 responses on PostgreSQL, 22 ms to 2 ms)."""
    conditions = [
        sa.and_(
            answers.c.question_id.in_(list(cols)),
            answers.c.response_id.in_(
                sa.select(responses.c.id)
                .join(sessions, sessions.c.id == responses.c.session_id)
                .where(responses.c.session_id.in_(session_ids), sessions.c.questionnaire_id == qid)
            ),
        )
        for qid, cols in columns.items()
    ]
    return sa.or_(sa.false(), *conditions)


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


def response_keys(session_ids: list[int]) -> list[tuple[int, int, str]]:
    """Return (session id, day number, respondent key) of every response of the sessions, the
    rows ``analysis.stats.attendance.attendance_of`` counts people from."""
    query = (
        sa.select(responses.c.session_id, days.c.number, responses.c.respondent_key)
        .join(sessions, sessions.c.id == responses.c.session_id)
        .join(days, days.c.id == sessions.c.day_id)
        .where(responses.c.session_id.in_(session_ids))
    )
    with engine().connect() as conn:
        return [(int(s), int(d), str(k)) for s, d, k in conn.execute(query)]


def attendance_counts(session_ids: list[int]) -> list[tuple[str, int, int, int]]:
    """Return (scope, key, participants, responses) of the sessions, counted in SQL: scope
    "session" keyed by session id and "day" keyed by day number (only those with responses),
    then one "all" row keyed 0.

    Participants are distinct respondent keys, the definition of
    ``analysis.stats.attendance.attendance`` (``attendance_from_counts`` reads these rows):
    the dashboard counts 5,000 responses without fetching them into Python.
    """
    people = sa.func.count(sa.distinct(responses.c.respondent_key))
    chosen = responses.c.session_id.in_(session_ids)
    by_session = (
        sa.select(responses.c.session_id, people, sa.func.count())
        .where(chosen)
        .group_by(responses.c.session_id)
    )
    by_day = (
        sa.select(days.c.number, people, sa.func.count())
        .select_from(responses)
        .join(sessions, sessions.c.id == responses.c.session_id)
        .join(days, days.c.id == sessions.c.day_id)
        .where(chosen)
        .group_by(days.c.number)
    )
    overall = sa.select(people, sa.func.count()).where(chosen)
    with engine().connect() as conn:
        rows = [("session", int(k), int(p), int(n)) for k, p, n in conn.execute(by_session)]
        rows += [("day", int(k), int(p), int(n)) for k, p, n in conn.execute(by_day)]
        p, n = conn.execute(overall).one()
    return [*rows, ("all", 0, int(p), int(n))]


def answer_counts(
    session_ids: Mapping[str, Iterable[int]], columns: ColumnsByQuestionnaire
) -> list[tuple[str, str, str, int]]:
    """Return (questionnaire id, answer column, value, count) for the given columns of each
    questionnaire, counting the answers of its sessions (``session_ids``: questionnaire id ->
    the ids of the sessions that use it).

    One query per questionnaire, its sessions' responses as a subquery: no join with the
    sessions and no per-row test of which questionnaire an answer belongs to (issue 16).
    An index on (question_id, response_id) was tried and left out: SQLite then seeks it once
    per (question, response) pair, 2 to 3 times slower, and PostgreSQL gained nothing.
    """
    found: list[tuple[str, str, str, int]] = []
    with engine().connect() as conn:
        for qid, cols in columns.items():
            wanted = list(cols)
            ids = list(session_ids.get(qid, ()))
            if not wanted or not ids:
                continue
            of_sessions = sa.select(responses.c.id).where(responses.c.session_id.in_(ids))
            query = (
                sa.select(answers.c.question_id, answers.c.value, sa.func.count())
                .where(answers.c.question_id.in_(wanted), answers.c.response_id.in_(of_sessions))
                .group_by(answers.c.question_id, answers.c.value)
            )
            found += [(qid, str(c), str(v), int(n)) for c, v, n in conn.execute(query)]
    return found


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
            responses.c.respondent_key,
            sessions.c.questionnaire_id,
            responses.c.submitted_at,
            sa.func.coalesce(moderation.c.state, "pending").label("state"),
        )
        .select_from(answers)
        .join(responses, responses.c.id == answers.c.response_id)
        .join(sessions, sessions.c.id == responses.c.session_id)
        .outerjoin(moderation, moderation.c.answer_id == answers.c.id)
        .where(_answers_filter(session_ids, columns), answers.c.id > after_id)
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
    """Return values that change whenever anything a dashboard shows changes (for its ETag and
    the bodies kept by it): the responses, the moderation decisions, the sessions' states and
    their workshops' rows.

    The newest submission time is there because SQLite may give a new response the id of a
    withdrawn newest one; the workshop row because removing texts for retention deletes answers
    but no response, and stamps the workshop.
    """
    counted = sa.select(
        sa.func.count(), sa.func.max(responses.c.id), sa.func.max(responses.c.submitted_at)
    ).where(responses.c.session_id.in_(session_ids))
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
    owners = sa.select(workshops).where(
        workshops.c.id.in_(sa.select(sessions.c.workshop_id).where(sessions.c.id.in_(session_ids)))
    )
    with engine().connect() as conn:
        return (
            tuple(conn.execute(counted).one()),
            tuple(conn.execute(decided).one()),
            tuple(tuple(row) for row in conn.execute(states.order_by(sessions.c.id))),
            tuple(tuple(row) for row in conn.execute(owners.order_by(workshops.c.id))),
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


def texts_by_respondent(
    session_ids: list[int], columns: ColumnsByQuestionnaire, state: str | None = None
) -> list[tuple[str, str]]:
    """Return (respondent key, text) of every free-text answer of the sessions, oldest first
    (only those in a moderation state, if given)."""
    query = (
        sa.select(responses.c.respondent_key, answers.c.value)
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
        return [(str(key), str(value)) for key, value in conn.execute(query)]


def keyed_texts(
    session_ids: list[int], columns: ColumnsByQuestionnaire
) -> list[tuple[str, str, int, str]]:
    """Return (respondent key, text, response id, question id) of every free-text answer of the
    sessions, oldest first: ``texts_by_respondent`` with where each answer is kept."""
    query = (
        sa.select(
            responses.c.respondent_key,
            answers.c.value,
            answers.c.response_id,
            answers.c.question_id,
        )
        .select_from(answers)
        .join(responses, responses.c.id == answers.c.response_id)
        .join(sessions, sessions.c.id == responses.c.session_id)
        .where(responses.c.session_id.in_(session_ids), _columns_filter(columns))
        .order_by(answers.c.id)
    )
    with engine().connect() as conn:
        return [(str(k), str(v), int(r), str(q)) for k, v, r, q in conn.execute(query)]


def text_values(
    session_ids: list[int], columns: ColumnsByQuestionnaire, state: str | None = None
) -> list[str]:
    """Return every free-text answer of the sessions (only those in a moderation state, if given)."""
    return [text for _, text in texts_by_respondent(session_ids, columns, state)]
