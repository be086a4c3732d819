"""Responses: stored once per idempotency token, read back as the analysis library takes them."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any

import sqlalchemy as sa
from flask import current_app

from analysis.questionnaire.model import Questionnaire
from analysis.text.intake import intake_value
from survey.schema import answers
from survey.schema import days
from survey.schema import responses
from survey.schema import sessions
from survey.store.db import _now
from survey.store.db import engine
from survey.store.db import write_turn
from survey.store.workshops import list_sessions
from survey.store.workshops import questionnaires_of

if TYPE_CHECKING:
    import pandas as pd


# Hex digits of a pseudonym: 64 bits, so two of a workshop's few hundred people never share one.
PSEUDONYM_LENGTH = 16


def respondent_pseudonym(secret: str, workshop_id: int, respondent_key: str) -> str:
    """Return the pseudonym exports show for a respondent key: HMAC-SHA256 (RFC 2104) of the key,
    keyed by HMAC-SHA256 of the app's secret and the workshop id, first 16 hex digits.

    The same person has the same pseudonym in every export of a workshop (so answers still link
    across sessions and days) and another one in another workshop; without the app's secret no
    one can recover the cookie value, which would let its holder act as that browser.
    """
    workshop_key = hmac.new(
        secret.encode(), f"sala-respondent:{workshop_id}".encode(), hashlib.sha256
    ).digest()
    digest = hmac.new(workshop_key, respondent_key.encode(), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


class QuestionnaireChangedError(Exception):
    """The session moved to another version of its questionnaire while the answers were checked
    against the one before: nothing was stored, and the form must be checked again."""


class AlreadyAnsweredError(Exception):
    """This respondent key already has as many responses in the session as it may: nothing was
    stored (another tab or a second form of the same browser was sent first)."""


def save_response(
    session_id: int,
    token: str,
    respondent_key: str,
    language: str,
    values: Mapping[str, Iterable[str]],
    submitted_at: dt.datetime | None = None,
    questionnaire: Mapping[str, Any] | None = None,
    earlier_allowed: int | None = None,
) -> tuple[int, bool]:
    """Store a response with its answers atomically; return (response id, newly stored).

    A token that was already stored returns the first response and stores nothing: a double
    tap, a browser retry or a back-and-resubmit never makes a second row, and a value repeated
    for one column is stored once. ``submitted_at``
    (default: now) is for importing or seeding answers given earlier. Every value goes
    through ``intake_text`` (the participant form has already done so); one left empty by it
    is not stored. ``questionnaire``: the session's snapshot the answers were checked against;
    when the session holds another one by the time they are written (a facilitator saved
    meanwhile), QuestionnaireChangedError and nothing is stored. ``earlier_allowed``: how many
    responses this respondent key may already have in the session (0 for a participant's first
    answer, more after "answer again"); when it has more, AlreadyAnsweredError and nothing is
    stored. None (imports, seeding) checks nothing. The check is made in the transaction of the
    insert, so two forms sent at once by one browser store one response.
    """
    existing = response_by_token(token)
    if existing is not None:
        return existing, False
    taken = ((column, intake_value(value)) for column, items in values.items() for value in items)
    # One row per chosen option: a value repeated in the post (by a script) is stored once.
    rows = list(dict.fromkeys((column, value) for column, value in taken if value != ""))
    try:
        with write_turn(), engine().begin() as conn:
            if earlier_allowed is not None:
                # PostgreSQL: the session row stays locked to the end, so a second submit of
                # this session waits here and then counts the first. SQLite has no FOR UPDATE:
                # the insert below takes the database's one write lock before the count.
                conn.execute(
                    sa.select(sessions.c.id).where(sessions.c.id == session_id).with_for_update()
                )
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
            # Read after the insert, which holds the session row (PostgreSQL) or the write lock
            # (SQLite): a questionnaire save either saw this response or is already visible.
            if questionnaire is not None:
                held = conn.execute(
                    sa.select(sessions.c.questionnaire).where(sessions.c.id == session_id)
                ).scalar()
                if held != questionnaire:
                    raise QuestionnaireChangedError(session_id)
            if earlier_allowed is not None:
                earlier = conn.execute(
                    sa.select(sa.func.count()).where(
                        responses.c.session_id == session_id,
                        responses.c.respondent_key == respondent_key,
                        responses.c.id != response_id,
                    )
                ).scalar_one()
                if earlier > earlier_allowed:
                    raise AlreadyAnsweredError(session_id)
    except sa.exc.IntegrityError:
        existing = response_by_token(token)
        if existing is None:
            raise
        return existing, False
    return int(response_id), True


def response_by_token(token: str, session_id: int | None = None) -> int | None:
    """Return the id of the response stored with this idempotency token (in this session, when
    given), or None."""
    query = sa.select(responses.c.id).where(responses.c.token == token)
    if session_id is not None:
        query = query.where(responses.c.session_id == session_id)
    with engine().connect() as conn:
        return conn.execute(query).scalar()


def withdraw_response(session_id: int, token: str, respondent_key: str) -> int | None:
    """Delete the response stored with this token in this session by this respondent key, with
    its answers, moderation decisions and sentence vectors; return its id, or None when there is
    no such response (nothing is deleted)."""
    query = sa.select(responses.c.id).where(
        responses.c.token == token,
        responses.c.session_id == session_id,
        responses.c.respondent_key == respondent_key,
    )
    with engine().begin() as conn:
        response_id = conn.execute(query).scalar()
        if response_id is None:
            return None
        conn.execute(responses.delete().where(responses.c.id == response_id))
    return int(response_id)


def has_answered(session_id: int, respondent_key: str) -> bool:
    """Return whether this respondent already has a response stored for this session."""
    query = sa.select(responses.c.id).where(
        responses.c.session_id == session_id, responses.c.respondent_key == respondent_key
    )
    with engine().connect() as conn:
        return conn.execute(query.limit(1)).first() is not None


def count_responses(session_id: int | None = None, respondent_key: str | None = None) -> int:
    """Return how many responses are stored (for one session, by one respondent key, if given)."""
    query = sa.select(sa.func.count()).select_from(responses)
    if session_id is not None:
        query = query.where(responses.c.session_id == session_id)
    if respondent_key is not None:
        query = query.where(responses.c.respondent_key == respondent_key)
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
    """Return one responses frame per questionnaire used in the workshop, in programme order;
    the versions its sessions used are merged, and each response says its version. The
    respondent key is its pseudonym (``respondent_pseudonym``): what exports, reports and
    themes see, never the participant's cookie."""
    from analysis.responses import responses_frame  # pandas only where frames are made

    sessions = list_sessions(workshop_id, with_questionnaire=True)
    snapshots = questionnaires_of(sessions)
    version = {s["id"]: int(s["questionnaire"].get("version", 1)) for s in sessions}
    by_questionnaire: dict[str, list[dict[str, Any]]] = {qid: [] for qid in snapshots}
    secret = current_app.config["SECRET_KEY"]
    for record in response_records(workshop_id):
        record["questionnaire_version"] = version[record["session_id"]]
        record["respondent_key"] = respondent_pseudonym(
            secret, workshop_id, record["respondent_key"]
        )
        by_questionnaire[record["questionnaire_id"]].append(record)
    return [
        (snapshots[qid], responses_frame(records, snapshots[qid], timezone))
        for qid, records in by_questionnaire.items()
    ]
