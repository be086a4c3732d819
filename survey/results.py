"""A workshop's stored answers as the analysis library takes them, for commands and pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analysis.export import workshop_csv_bytes
from analysis.export import workshop_json_bytes
from analysis.export import workshop_xlsx_bytes
from analysis.opinions import suggestion_themes
from analysis.privacy import mask_personal_data
from analysis.report import render_report
from analysis.responses import Part
from analysis.tables import Masker
from analysis.workshop_report import build_workshop_report
from survey import store

EXPORT_FORMATS = ("csv", "xlsx", "json")


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


def export_bytes(
    workshop_id: int, fmt: str, timezone: str, mask: Masker | None, bom: bool = True
) -> tuple[bytes, int]:
    """Return a workshop's responses as CSV, XLSX (with themes) or JSON, and how many there are."""
    parts = workshop_parts(workshop_id, timezone, with_themes=fmt == "xlsx")
    if fmt == "xlsx":
        data = workshop_xlsx_bytes(parts, mask=mask)
    elif fmt == "json":
        data = workshop_json_bytes(parts, mask=mask)
    else:
        data = workshop_csv_bytes(parts, mask=mask, bom=bom)
    return data, sum(len(part.frame) for part in parts)


def report_bytes(workshop: Mapping[str, Any], fmt: str, timezone: str) -> tuple[bytes, int]:
    """Return the Thai report (docx or html), personal data masked, and its response count."""
    parts = workshop_parts(workshop["id"], timezone)
    content = build_workshop_report(parts, workshop_details(workshop), mask=mask_personal_data)
    return render_report(content, fmt), sum(len(part.frame) for part in parts)
