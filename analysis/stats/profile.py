"""Who answered: counts of each answer to the profile questions."""

from __future__ import annotations

import pandas as pd

from analysis.questionnaire.model import PROFILE_SECTION
from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire
from analysis.stats.breakdown import spelling_groups
from analysis.text.intake import thai_ranks

DEFAULT_PROFILE_SECTION = PROFILE_SECTION
DEFAULT_TOP_TEXTS = 8  # free-text profile answers (agency) beyond these are pooled as "อื่น ๆ"
NOT_ANSWERED = "ไม่ระบุ"
OTHER_TEXTS = "อื่น ๆ"
PROFILE_COLUMNS = ("question_id", "value", "label", "count", "percent")


def _choice_counts(column: pd.Series, question: Question) -> list[tuple[str, str, int]]:
    if question.type == "multiple_choice":
        chosen = column.map(lambda v: tuple(v) if isinstance(v, tuple | list) else ())
        counted = [sum(o.value in c for c in chosen) for o in question.options]
    else:
        counted = [int((column == o.value).sum()) for o in question.options]
    return [(o.value, o.label.get(), n) for o, n in zip(question.options, counted, strict=True)]


def _text_counts(column: pd.Series, top: int) -> list[tuple[str, str, int]]:
    """Return the most given texts, spellings of one name counted together (see
    ``spelling_groups``), most first and in Thai dictionary order on a tie."""
    texts = spelling_groups(column).dropna()
    counts = texts.value_counts()
    rank = thai_ranks(counts.index)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], rank[item[0]]))
    rows = [(str(t), str(t), int(n)) for t, n in ordered[:top]]
    rest = sum(int(n) for _, n in ordered[top:])
    return [*rows, ("", OTHER_TEXTS, rest)] if rest else rows


def _unanswered(column: pd.Series, question: Question) -> int:
    if question.type == "multiple_choice":
        return int(column.map(lambda v: not v).sum())
    return int(column.map(lambda v: v is None or pd.isna(v) or not str(v).strip()).sum())


def profile_counts(
    frame: pd.DataFrame, question: Question, top_texts: int = DEFAULT_TOP_TEXTS
) -> pd.DataFrame:
    """Return how many responses gave each answer to one profile question.

    Returns
    -------
    pandas.DataFrame
        ``question_id``, ``value`` (stored code; "" for pooled rows), ``label`` (Thai),
        ``count`` and ``percent`` (0-100 of all responses; multiple choice may exceed 100 in
        total). A last row ``ไม่ระบุ`` counts responses without an answer, when there are any.
    """
    column = frame[question.id]
    if question.type in {"single_choice", "multiple_choice"}:
        rows = _choice_counts(column, question)
    else:
        rows = _text_counts(column, top_texts)
    missing = _unanswered(column, question)
    if missing:
        rows.append(("", NOT_ANSWERED, missing))
    total = len(frame)
    data = [(question.id, v, lab, n, 100 * n / total if total else 0.0) for v, lab, n in rows]
    return pd.DataFrame(data, columns=list(PROFILE_COLUMNS))


def profile_questions(
    questionnaire: Questionnaire, section_id: str = DEFAULT_PROFILE_SECTION
) -> tuple[Question, ...]:
    """Return the choice and short-text questions of the profile section."""
    kinds = {"single_choice", "multiple_choice", "short_text"}
    return tuple(
        q
        for s in questionnaire.sections
        if s.id == section_id
        for q in s.questions
        if q.type in kinds
    )


def answered_categories(counts: pd.DataFrame) -> int:
    """Return how many answers someone gave, not counting the ไม่ระบุ and pooled อื่น ๆ rows."""
    return int(((counts["value"] != "") & (counts["count"] > 0)).sum())
