"""A workshop's stored answers as the analysis library takes them, for commands and pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analysis.opinions import suggestion_themes
from analysis.responses import Part
from survey import store


def workshop_parts(workshop_id: int, timezone: str, with_themes: bool = True) -> list[Part]:
    """Return one Part per questionnaire the workshop used, its free text themed if asked."""
    parts = []
    for questionnaire, frame in store.workshop_frames(workshop_id, timezone):
        themes, points = suggestion_themes(frame, questionnaire) if with_themes else (None, None)
        parts.append(Part(questionnaire, frame, themes, points))
    return parts


def workshop_details(workshop: Mapping[str, Any]) -> dict[str, Any]:
    """Return what the report says about a workshop: its details and its sessions."""
    sessions = store.list_sessions(workshop["id"])
    return {
        **{k: workshop[k] for k in ("title", "venue", "organiser", "starts_on", "ends_on")},
        "sessions": [{"title": s["title"], "day": s["day"], "date": s["date"]} for s in sessions],
    }
