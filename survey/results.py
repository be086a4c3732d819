"""A workshop's stored answers as the analysis library takes them, for commands and pages.

The analysis (pandas, scikit-learn, matplotlib) is imported where it runs, so a worker that
only serves participants and dashboards never loads it (issue 16: memory).
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from analysis.stats.attendance import attendance_of_frames
from analysis.text.privacy import mask_personal_data
from analysis.themes.edits import ThemeEdits
from survey import store

if TYPE_CHECKING:
    from analysis.responses import Part
    from analysis.stats.attendance import Attendance
    from analysis.tables import Masker

EXPORT_FORMATS = ("csv", "xlsx", "json")

StoredEdits = Mapping[str, Sequence[Mapping[str, Any]]]


def edits_for(stored: StoredEdits, questionnaire_id: str) -> ThemeEdits | None:
    """Return one questionnaire's stored edits as ThemeEdits, or None when it has none."""
    edits = stored.get(questionnaire_id)
    return ThemeEdits([dict(edit) for edit in edits]) if edits else None


def edits_across(stored: StoredEdits, questionnaire_ids: Sequence[str]) -> ThemeEdits:
    """Return the edits of several questionnaires, one after another in the order given.

    For themes fitted on the answers of several questionnaires at once (the dashboard of a
    whole workshop): an edit applies wherever a theme has the words it names, so a name given
    to a questionnaire's theme names the like theme there too; when two questionnaires' edits
    disagree, the later questionnaire's wins.
    """
    return ThemeEdits([dict(edit) for qid in questionnaire_ids for edit in stored.get(qid, ())])


def workshop_parts(workshop_id: int, timezone: str, with_themes: bool = True) -> list[Part]:
    """Return one Part per questionnaire the workshop used, its free text themed if asked, with
    the analysts' stored edits (renames, merges, moves) applied."""
    from analysis.responses import Part
    from analysis.themes.opinions import suggestion_themes
    from survey.theme_vectors import stored_vectors_for

    stored = store.theme_edits_of(workshop_id) if with_themes else {}
    parts = []
    for questionnaire, frame in store.workshop_frames(workshop_id, timezone):
        themes, points = (
            suggestion_themes(
                frame,
                questionnaire,
                edits=edits_for(stored, questionnaire.id),
                encoder_for=stored_vectors_for,
            )
            if with_themes
            else (None, None)
        )
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
) -> tuple[bytes, Attendance]:
    """Return a workshop's responses as CSV, XLSX (with themes) or JSON, and who answered."""
    from analysis.export import workshop_csv_bytes
    from analysis.export import workshop_json_bytes
    from analysis.export import workshop_xlsx_bytes

    parts = workshop_parts(workshop_id, timezone, with_themes=fmt == "xlsx")
    if fmt == "xlsx":
        data = workshop_xlsx_bytes(parts, mask=mask)
    elif fmt == "json":
        data = workshop_json_bytes(parts, mask=mask)
    else:
        data = workshop_csv_bytes(parts, mask=mask, bom=bom)
    return data, attendance_of_frames(part.frame for part in parts)


def report_bytes(workshop: Mapping[str, Any], fmt: str, timezone: str) -> tuple[bytes, Attendance]:
    """Return the Thai report (docx or html), personal data masked, and who answered."""
    from analysis.report.build import render_report
    from analysis.report.workshop import build_workshop_report

    parts = workshop_parts(workshop["id"], timezone)
    content = build_workshop_report(parts, workshop_details(workshop), mask=mask_personal_data)
    return render_report(content, fmt), attendance_of_frames(part.frame for part in parts)


def choice_tables(part: Part) -> list[dict[str, Any]]:
    """Return every choice question of a part with its counts per option, for the results page:
    ``label``, ``type`` and ``rows`` (``label``, ``count``, ``percent`` 0-100 of all responses,
    a last ไม่ระบุ row for those who gave none)."""
    from analysis.questionnaire.model import CHOICE_TYPES
    from analysis.stats.profile import profile_counts

    return [
        {
            "id": q.id,
            "label": q.label.get(),
            "type": q.type,
            "rows": profile_counts(part.frame, q).to_dict("records"),
        }
        for q in part.questionnaire.questions
        if q.type in CHOICE_TYPES
    ]
