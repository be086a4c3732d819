"""Questionnaires kept in the database: created, saved in versions, listed and deleted.

A questionnaire's `key` is its own id (the one files carry), unique on the server; sessions keep
a snapshot of the version they use and name it by that key. Saving changes the version in place
while nobody has answered it; once a session has answers under it, a save makes the next
version, the answered sessions keep theirs, and sessions without answers move to the new one.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

import sqlalchemy as sa

from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.versions import kind_changes
from survey.schema import questionnaire_revisions
from survey.schema import questionnaires
from survey.schema import responses
from survey.schema import sessions
from survey.store.db import _now
from survey.store.db import engine


class KeyTakenError(Exception):
    """The questionnaire id is already used on this server (or by a template file)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the id {key!r} is already used")
        self.key = key


class RevisionConflictError(Exception):
    """Someone saved the questionnaire after the revision a change was made on."""

    def __init__(self, current: dict[str, Any]) -> None:
        super().__init__(f"the questionnaire is at revision {current['revision']} now")
        self.current = current


class KindChangedError(Exception):
    """A save would change the type or scale of questions that already have answers."""

    def __init__(self, changes: list[tuple[str, str]]) -> None:
        super().__init__(", ".join(f"{qid} ({kind})" for qid, kind in changes))
        self.changes = changes


class QuestionnaireInUseError(Exception):
    """Sessions use the questionnaire, so it cannot be deleted."""

    def __init__(self, sessions: int) -> None:
        super().__init__(f"{sessions} sessions use the questionnaire")
        self.sessions = sessions


def _definition(questionnaire: Questionnaire, version: int) -> dict[str, Any]:
    """Return the plain data kept for a questionnaire, carrying its version number."""
    data = questionnaire.to_dict()
    data["version"] = version
    # Validated again so that what is kept is exactly what the loader accepts.
    return Questionnaire.from_dict(data, "stored questionnaire").to_dict()


def create_questionnaire(
    questionnaire: Questionnaire,
    workshop_id: int | None,
    user_id: int | None,
    reserved: Collection[str] = (),
) -> int:
    """Store a new questionnaire (of a workshop, or of the template library when None); return
    its row id. KeyTakenError when its id is taken by another questionnaire, a template file in
    `reserved`, or the sessions of an earlier questionnaire."""
    key = questionnaire.id
    definition = _definition(questionnaire, questionnaire.version)
    now = _now()
    try:
        with engine().begin() as conn:
            used = conn.execute(
                sa.select(sessions.c.id).where(sessions.c.questionnaire_id == key).limit(1)
            ).first()
            if key in reserved or used is not None:
                raise KeyTakenError(key)
            row_id = conn.execute(
                questionnaires.insert().values(
                    key=key,
                    workshop_id=workshop_id,
                    version=questionnaire.version,
                    revision=1,
                    definition=definition,
                    created_at=now,
                    updated_at=now,
                    updated_by=user_id,
                )
            ).inserted_primary_key[0]  # type: ignore[index]
            conn.execute(
                questionnaire_revisions.insert().values(
                    questionnaire_id=row_id,
                    revision=1,
                    version=questionnaire.version,
                    definition=definition,
                    saved_at=now,
                    saved_by=user_id,
                )
            )
    except sa.exc.IntegrityError:
        raise KeyTakenError(key) from None
    return int(row_id)


def questionnaire_row(row_id: int) -> dict[str, Any] | None:
    """Return a stored questionnaire (id, key, workshop_id, version, revision, definition, …)."""
    with engine().connect() as conn:
        row = conn.execute(questionnaires.select().where(questionnaires.c.id == row_id)).first()
    return dict(row._mapping) if row else None


def questionnaire_by_key(key: str) -> dict[str, Any] | None:
    """Return the stored questionnaire with this id (its key), or None."""
    with engine().connect() as conn:
        row = conn.execute(questionnaires.select().where(questionnaires.c.key == key)).first()
    return dict(row._mapping) if row else None


def list_questionnaires(workshop_ids: Collection[int] | None = None) -> list[dict[str, Any]]:
    """Return stored questionnaires, the library's first, then by workshop and id.

    ``workshop_ids``: only the library and these workshops' questionnaires (None: all).
    """
    query = questionnaires.select().order_by(
        questionnaires.c.workshop_id.is_not(None), questionnaires.c.workshop_id, questionnaires.c.id
    )
    if workshop_ids is not None:
        query = query.where(
            sa.or_(
                questionnaires.c.workshop_id.is_(None),
                questionnaires.c.workshop_id.in_(list(workshop_ids)),
            )
        )
    with engine().connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def questionnaire_revision(row_id: int, revision: int) -> dict[str, Any] | None:
    """Return one saved revision of a questionnaire (version, definition, saved_at, saved_by)."""
    query = questionnaire_revisions.select().where(
        questionnaire_revisions.c.questionnaire_id == row_id,
        questionnaire_revisions.c.revision == revision,
    )
    with engine().connect() as conn:
        row = conn.execute(query).first()
    return dict(row._mapping) if row else None


def save_questionnaire(
    row_id: int, questionnaire: Questionnaire, base_revision: int, user_id: int | None
) -> dict[str, Any]:
    """Save a questionnaire changed from revision `base_revision`; return version, revision,
    ``new_version`` (True when answers made a new version) and ``moved`` (sessions without
    answers now on it).

    One transaction, rows locked, so a participant's answer and a save never cross: an answer
    stored first keeps its version (the save makes a new one), a later one meets the new
    version. RevisionConflictError when someone saved since `base_revision`; KindChangedError
    when a question with answers would change its type or scale; KeyError for no such row.
    """
    with engine().begin() as conn:
        # A write first: SQLite then holds its one write lock for the whole save (a read first
        # could not be followed by a write once a participant's answer came in between), and
        # PostgreSQL locks the row.
        conn.execute(
            questionnaires.update()
            .where(questionnaires.c.id == row_id)
            .values(revision=questionnaires.c.revision)
        )
        row = conn.execute(questionnaires.select().where(questionnaires.c.id == row_id)).first()
        if row is None:
            raise KeyError(row_id)
        current = dict(row._mapping)
        if current["revision"] != base_revision:
            raise RevisionConflictError(current)
        if questionnaire.id != current["key"]:
            raise ValueError("a questionnaire's id does not change")
        users = conn.execute(
            sa.select(sessions.c.id, sessions.c.questionnaire)
            .where(sessions.c.questionnaire_id == current["key"])
            .with_for_update()
        ).all()
        answered_ids = _answered(conn, [s.id for s in users])
        answered = _versions([s.questionnaire for s in users if s.id in answered_ids])
        changes = kind_changes(answered, questionnaire)
        if changes:
            raise KindChangedError(changes)
        new_version = any(v.version == current["version"] for v in answered)
        version = current["version"] + 1 if new_version else current["version"]
        definition = _definition(questionnaire, version)
        revision = current["revision"] + 1
        now = _now()
        conn.execute(
            questionnaires.update()
            .where(questionnaires.c.id == row_id)
            .values(
                version=version,
                revision=revision,
                definition=definition,
                updated_at=now,
                updated_by=user_id,
            )
        )
        conn.execute(
            questionnaire_revisions.insert().values(
                questionnaire_id=row_id,
                revision=revision,
                version=version,
                definition=definition,
                saved_at=now,
                saved_by=user_id,
            )
        )
        moving = [s.id for s in users if s.id not in answered_ids]
        if moving:
            conn.execute(
                sessions.update().where(sessions.c.id.in_(moving)).values(questionnaire=definition)
            )
    return {
        "version": version,
        "revision": revision,
        "new_version": new_version,
        "moved": len(moving),
    }


def _answered(conn: sa.Connection, session_ids: list[int]) -> set[int]:
    if not session_ids:
        return set()
    query = sa.select(responses.c.session_id).where(responses.c.session_id.in_(session_ids))
    return {int(sid) for sid in conn.execute(query.distinct()).scalars()}


def _versions(snapshots: list[dict[str, Any]]) -> list[Questionnaire]:
    """Return the distinct questionnaires among session snapshots, oldest version first."""
    distinct = {json.dumps(s, sort_keys=True): s for s in snapshots}
    found = [
        Questionnaire.from_dict(s, "stored questionnaire", strict=False) for s in distinct.values()
    ]
    return sorted(found, key=lambda q: q.version)


def answered_versions(key: str) -> list[int]:
    """Return the version numbers of a questionnaire that sessions have answers under."""
    query = sa.select(sessions.c.questionnaire).where(
        sessions.c.questionnaire_id == key,
        sa.exists(sa.select(responses.c.id).where(responses.c.session_id == sessions.c.id)),
    )
    with engine().connect() as conn:
        snapshots = list(conn.execute(query).scalars())
    return sorted({int(s.get("version", 1)) for s in snapshots})


def delete_questionnaire(row_id: int) -> bool:
    """Delete a questionnaire no session uses; False when there is none with this id
    (QuestionnaireInUseError when sessions use it)."""
    with engine().begin() as conn:
        key = conn.execute(
            sa.select(questionnaires.c.key).where(questionnaires.c.id == row_id).with_for_update()
        ).scalar()
        if key is None:
            return False
        used = conn.execute(
            sa.select(sa.func.count()).where(sessions.c.questionnaire_id == key)
        ).scalar_one()
        if used:
            raise QuestionnaireInUseError(int(used))
        conn.execute(questionnaires.delete().where(questionnaires.c.id == row_id))
    return True
