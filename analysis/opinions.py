"""Participants' free-text answers of a questionnaire, cleaned, split into points and themed."""

from __future__ import annotations

import pandas as pd

from analysis.questionnaire import Questionnaire
from analysis.thai_text import clean_frame
from analysis.themes import OTHER_ID
from analysis.themes import ThemeModel
from analysis.units import units_frame

# Fewer points than this are listed as they are: clustering a handful of answers invents themes.
DEFAULT_MIN_POINTS_FOR_THEMES = 8
OPINION_COLUMNS = ["response_id", "question_id", "text", "text_clean"]
SUGGESTION_COLUMNS = ["response_id", "question_id", "unit_no", "text", "theme_id"]


def opinion_answers(frame: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Return every real free-text answer, cleaned and masked, one row per answer.

    Columns: ``response_id``, ``question_id``, ``text`` (as written), ``text_clean``
    (normalised, personal data masked). Non-answers ("ไม่มี", "-") and re-pastes are left out.
    """
    parts = [
        pd.DataFrame(
            {"response_id": frame["response_id"], "question_id": q.id, "text": frame[q.id]}
        )
        for q in questionnaire.questions
        if q.type == "long_text"
    ]
    if not parts:
        return pd.DataFrame(columns=OPINION_COLUMNS)
    answers = pd.concat(parts, ignore_index=True)
    answers = answers[answers["text"].map(lambda t: isinstance(t, str) and bool(t.strip()))]
    answers = answers.reset_index(drop=True)
    cleaned = clean_frame(answers["text"])
    keep = ~(cleaned["is_empty"] | cleaned["is_duplicate"])
    answers["text_clean"] = cleaned["text_clean"]
    return answers[keep].reset_index(drop=True)[OPINION_COLUMNS]


def suggestion_themes(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    n_themes: int | str = "auto",
    random_state: int = 0,
    min_points: int = DEFAULT_MIN_POINTS_FOR_THEMES,
) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """Return the themes of the free-text answers (None when too few) and every point with its theme.

    Each answer is split into its points first ("1. … 2. …", lines, clauses joined by "และ"),
    so a multi-point answer contributes to several themes. The points frame has
    SUGGESTION_COLUMNS; ``text`` is the cleaned, masked point and ``theme_id`` is -1 (other)
    when there are too few points for themes.
    """
    answers = opinion_answers(frame, questionnaire)
    units = units_frame(answers["text_clean"])
    points = pd.DataFrame(
        {
            "response_id": answers["response_id"].loc[units["response"]].to_numpy(),
            "question_id": answers["question_id"].loc[units["response"]].to_numpy(),
            "unit_no": units["unit_no"].to_numpy(),
            "text": units["unit"].to_numpy(),
        }
    )
    if len(points) < min_points:
        return None, points.assign(theme_id=OTHER_ID)[SUGGESTION_COLUMNS]
    model = ThemeModel(n_themes=n_themes, random_state=random_state).fit(points["text"].tolist())
    return model.themes_, points.assign(theme_id=model.labels_)[SUGGESTION_COLUMNS]
