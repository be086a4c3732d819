"""Sentence vectors of free-text answers, kept so that refitting themes encodes only new text.

A vector belongs to one point of one answer (``answer_id``, ``unit_no``) and says what it was
computed from (``text_hash``) and by what (``encoder``); the caller decides whether it still
fits. Deleting an answer deletes its vectors (the foreign key cascades).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite

from survey.schema import answers
from survey.schema import sentence_vectors
from survey.store.db import engine

# (response id, question id, unit no): a point of a free-text answer as the themes see it
PointKey = tuple[int, str, int]
# response ids per query: well under SQLite's limit of bound parameters
_CHUNK = 900


def _chunks(values: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])


def stored_vectors(response_ids: Iterable[int]) -> dict[PointKey, tuple[str, str, bytes]]:
    """Return the kept vectors of these responses' answers: (response id, question id, unit
    no) -> (text hash, encoder, vector bytes)."""
    ids = sorted(set(response_ids))
    found: dict[PointKey, tuple[str, str, bytes]] = {}
    with engine().connect() as conn:
        for chunk in _chunks(ids):
            query = (
                sa.select(
                    answers.c.response_id,
                    answers.c.question_id,
                    sentence_vectors.c.unit_no,
                    sentence_vectors.c.text_hash,
                    sentence_vectors.c.encoder,
                    sentence_vectors.c.vector,
                )
                .join(answers, answers.c.id == sentence_vectors.c.answer_id)
                .where(answers.c.response_id.in_(chunk))
            )
            for response_id, question_id, unit_no, digest, encoder, vector in conn.execute(query):
                found[(int(response_id), str(question_id), int(unit_no))] = (
                    str(digest),
                    str(encoder),
                    bytes(vector),
                )
    return found


def _answer_ids(conn: sa.Connection, keys: Iterable[PointKey]) -> dict[tuple[int, str], int]:
    """Return the answer id of each (response id, question id) among ``keys``."""
    wanted = {(r, q) for r, q, _ in keys}
    ids: dict[tuple[int, str], int] = {}
    for chunk in _chunks(sorted({r for r, _ in wanted})):
        query = sa.select(answers.c.id, answers.c.response_id, answers.c.question_id).where(
            answers.c.response_id.in_(chunk)
        )
        for answer_id, response_id, question_id in conn.execute(query):
            if (int(response_id), str(question_id)) in wanted:
                ids[(int(response_id), str(question_id))] = int(answer_id)
    return ids


def save_vectors(vectors: dict[PointKey, tuple[str, str, bytes]]) -> int:
    """Keep vectors, replacing what a point had; return how many were written.

    Points whose answer is gone (deleted meanwhile) are skipped. Two workers saving the same
    point at once both succeed: the later write wins, and both wrote the same vector.
    """
    if not vectors:
        return 0
    with engine().begin() as conn:
        ids = _answer_ids(conn, vectors)
        rows: list[dict[str, Any]] = [
            {
                "answer_id": ids[(r, q)],
                "unit_no": unit,
                "text_hash": digest,
                "encoder": encoder,
                "vector": vector,
            }
            for (r, q, unit), (digest, encoder, vector) in vectors.items()
            if (r, q) in ids
        ]
        if rows:
            conn.execute(_upsert(conn.dialect.name), rows)
    return len(rows)


def _upsert(dialect: str) -> Any:
    """Return an INSERT that replaces the row of the same point, in the database's dialect."""
    insert: Any = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
        sentence_vectors
    )
    return insert.on_conflict_do_update(
        index_elements=[sentence_vectors.c.answer_id, sentence_vectors.c.unit_no],
        set_={
            "text_hash": insert.excluded.text_hash,
            "encoder": insert.excluded.encoder,
            "vector": insert.excluded.vector,
        },
    )
