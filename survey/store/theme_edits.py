"""Analysts' edits to the themes of a workshop's free text, kept per questionnaire, in order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from survey.schema import theme_edits
from survey.store.db import _now
from survey.store.db import engine


def theme_edits_of(workshop_id: int) -> dict[str, list[dict[str, Any]]]:
    """Return a workshop's theme edits per questionnaire id, each list oldest first."""
    query = (
        sa.select(theme_edits.c.questionnaire_id, theme_edits.c.edit)
        .where(theme_edits.c.workshop_id == workshop_id)
        .order_by(theme_edits.c.id)
    )
    found: dict[str, list[dict[str, Any]]] = {}
    with engine().connect() as conn:
        for questionnaire_id, edit in conn.execute(query):
            found.setdefault(str(questionnaire_id), []).append(dict(edit))
    return found


def add_theme_edit(
    workshop_id: int, questionnaire_id: str, edit: Mapping[str, Any], user_id: int | None
) -> int:
    """Store one edit (a ThemeEdits entry) after the questionnaire's others; return its id."""
    with engine().begin() as conn:
        edit_id = conn.execute(
            theme_edits.insert().values(
                workshop_id=workshop_id,
                questionnaire_id=questionnaire_id,
                edit=dict(edit),
                created_at=_now(),
                created_by=user_id,
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    return int(edit_id)


def undo_theme_edit(workshop_id: int, questionnaire_id: str) -> bool:
    """Forget the questionnaire's newest edit; return False when it had none."""
    mine = sa.and_(
        theme_edits.c.workshop_id == workshop_id,
        theme_edits.c.questionnaire_id == questionnaire_id,
    )
    with engine().begin() as conn:
        newest = conn.execute(sa.select(sa.func.max(theme_edits.c.id)).where(mine)).scalar()
        if newest is None:
            return False
        conn.execute(theme_edits.delete().where(theme_edits.c.id == newest))
    return True


def clear_theme_edits(workshop_id: int, questionnaire_id: str) -> int:
    """Forget every edit of the questionnaire's themes; return how many there were."""
    with engine().begin() as conn:
        return int(
            conn.execute(
                theme_edits.delete().where(
                    theme_edits.c.workshop_id == workshop_id,
                    theme_edits.c.questionnaire_id == questionnaire_id,
                )
            ).rowcount
        )
