"""The responses frame: one row per response, the shape every analysis function takes.

Columns, in order:

- ``response_id`` (int), ``workshop_id`` (int), ``session_id`` (int), ``session_code`` (str),
  ``session_title`` (str), ``day`` (int, 1-based day of the workshop), ``submitted_at``
  (tz-aware ``datetime64[ns, Asia/Bangkok]``), ``language`` (``th``/``en``/``ms``),
  ``respondent_key`` (str, anonymous; links one person's answers across sessions).
- then one column per answer column of the questionnaire (``Questionnaire.columns``):
  rating questions as float (NaN when not answered), a before/after pair as ``<id>__before``
  and ``<id>__after``, single choice and text as str (missing: ``None``), multiple choice as a
  tuple of option values (empty tuple when none chosen).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire
from analysis.text.intake import intake_text

META_COLUMNS = (
    "response_id",
    "workshop_id",
    "session_id",
    "session_code",
    "session_title",
    "day",
    "submitted_at",
    "language",
    "respondent_key",
)
DEFAULT_TIMEZONE = "Asia/Bangkok"


@dataclass(frozen=True)
class Part:
    """One questionnaire's responses within a workshop, with what its free text says.

    ``themes`` is a ThemeModel's ``themes_`` frame; ``suggestions`` has one row per point made
    in free text (``theme_id``, ``text``); either may be None when not computed.
    """

    questionnaire: Questionnaire
    frame: pd.DataFrame
    themes: pd.DataFrame | None = None
    suggestions: pd.DataFrame | None = None


def _choice(value: Any) -> Any:
    """Return a stored choice as the questionnaire's values are written (``intake_text``), so
    a value stored before the gate existed still matches its option."""
    return intake_text(value, single_line=True) if isinstance(value, str) else value


def answer_value(question: Question, raw: Any) -> Any:
    """Return a stored answer (a value, or a list of values) as the frame holds it."""
    if question.type == "multiple_choice":
        return tuple(_choice(v) for v in ((raw,) if isinstance(raw, str) else (raw or ())))
    if isinstance(raw, list | tuple):
        raw = raw[0] if raw else None
    if question.is_rating:
        return float(raw) if raw is not None and raw != "" else float("nan")
    if question.type == "single_choice":
        raw = _choice(raw)
    return raw if raw not in (None, "") else None


def responses_frame(
    records: Iterable[Mapping[str, Any]],
    questionnaire: Questionnaire,
    timezone: str = DEFAULT_TIMEZONE,
) -> pd.DataFrame:
    """Return the responses frame for records holding META_COLUMNS and an ``answers`` mapping.

    ``answers`` maps answer columns to stored values (a value or a list of them); columns the
    questionnaire does not know are ignored, columns it has but a record lacks are missing.
    """
    columns = [(q, c) for q in questionnaire.questions for c in q.columns]
    rows = []
    for record in records:
        answers = record.get("answers", {})
        row = {name: record.get(name) for name in META_COLUMNS}
        row.update({c: answer_value(q, answers.get(c)) for q, c in columns})
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*META_COLUMNS, *(c for _, c in columns)])
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"], utc=True).dt.tz_convert(timezone)
    for name in ("response_id", "workshop_id", "session_id", "day"):
        frame[name] = frame[name].astype("int64")
    for q, c in columns:
        if q.is_rating:
            frame[c] = frame[c].astype("float64")
    return frame
