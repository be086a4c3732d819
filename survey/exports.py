"""The v1 responses export: one row per response, every answer, UTF-8 with BOM for Excel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.questionnaire import Questionnaire


def responses_table(frames: list[tuple[Questionnaire, pd.DataFrame]]) -> pd.DataFrame:
    """Return all responses of all questionnaires as one flat table, oldest first."""
    parts = []
    for questionnaire, frame in frames:
        flat = frame.copy()
        flat.insert(0, "questionnaire", questionnaire.id)
        flat["submitted_at"] = flat["submitted_at"].map(lambda t: t.isoformat())
        for question in questionnaire.questions:
            if question.type == "multiple_choice":
                flat[question.id] = flat[question.id].map("|".join)
        parts.append(flat)
    if not parts:
        return pd.DataFrame()
    return pd.concat(parts, ignore_index=True).sort_values("response_id", kind="stable")


def write_responses_csv(frames: list[tuple[Questionnaire, pd.DataFrame]], out: Path) -> int:
    """Write the flat table as CSV (UTF-8 with BOM); return how many responses it holds."""
    table = responses_table(frames)
    table.to_csv(out, index=False, encoding="utf-8-sig")
    return len(table)
