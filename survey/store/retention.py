"""Retention: a workshop's answers removed once its retention day has passed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from survey.schema import answers
from survey.schema import responses
from survey.schema import sessions
from survey.schema import workshops
from survey.store.db import _now
from survey.store.db import engine
from survey.store.live import ColumnsByQuestionnaire
from survey.store.live import _columns_filter


def workshops_past_retention(today: dt.date) -> list[dict[str, Any]]:
    """Return the workshops whose retention day is before `today`, oldest day first."""
    query = (
        workshops.select()
        .where(workshops.c.retain_until.is_not(None), workshops.c.retain_until < today)
        .order_by(workshops.c.retain_until, workshops.c.id)
    )
    with engine().connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def remove_for_retention(
    workshop_id: int, everything: bool, text_columns: ColumnsByQuestionnaire
) -> dict[str, int]:
    """Delete, in one transaction, a workshop's responses (``everything``) or only the answers in
    its free-text columns; mark the workshop as applied. Return how many responses and answers
    went (answers of a deleted response included; moderation and vectors go with them)."""
    mine = sa.select(sessions.c.id).where(sessions.c.workshop_id == workshop_id)
    their_responses = sa.select(responses.c.id).where(responses.c.session_id.in_(mine))
    if everything:
        doomed = sa.select(answers.c.id).where(answers.c.response_id.in_(their_responses))
    else:
        doomed = (
            sa.select(answers.c.id)
            .join(responses, responses.c.id == answers.c.response_id)
            .join(sessions, sessions.c.id == responses.c.session_id)
            .where(sessions.c.workshop_id == workshop_id, _columns_filter(text_columns))
        )
    with engine().begin() as conn:
        ids = [row[0] for row in conn.execute(doomed)]
        gone = {"responses": 0, "answers": len(ids)}
        if everything:
            counted = sa.select(sa.func.count()).select_from(their_responses.subquery())
            gone["responses"] = int(conn.execute(counted).scalar_one())
            conn.execute(responses.delete().where(responses.c.session_id.in_(mine)))
        elif ids:
            conn.execute(answers.delete().where(answers.c.id.in_(ids)))
        conn.execute(
            workshops.update()
            .where(workshops.c.id == workshop_id)
            .values(retention_applied_at=_now())
        )
    return gone
