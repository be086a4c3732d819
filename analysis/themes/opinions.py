"""Participants' free-text answers, cleaned, split into points and themed: one path for the
report, the exports and the live dashboard."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence

import pandas as pd

from analysis.questionnaire.model import Questionnaire
from analysis.text.clean import clean_frame
from analysis.text.units import units_frame
from analysis.themes.edits import ThemeEdits
from analysis.themes.encoder import SentenceEncoder
from analysis.themes.model import DEFAULT_ENCODER
from analysis.themes.model import OTHER_ID
from analysis.themes.model import ThemeModel

# Fewer points than this are listed as they are: clustering a handful of answers invents themes.
DEFAULT_MIN_POINTS_FOR_THEMES = 8
OPINION_COLUMNS = ["response_id", "question_id", "text", "text_clean"]
SUGGESTION_COLUMNS = ["response_id", "question_id", "unit_no", "text", "theme_id"]
POINT_COLUMNS = ["answer", "unit_no", "text"]
# Given the points to theme (SUGGESTION_COLUMNS but theme_id), the sentence encoder to use:
# the app's keeps each point's vector in its database.
EncoderFor = Callable[[pd.DataFrame], SentenceEncoder]


def real_answers(texts: pd.Series, respondents: pd.Series) -> pd.DataFrame:
    """Return the cleaned, masked ``text_clean`` of the texts that are answers, same index.

    Non-answers ("ไม่มี", "-") are left out, and so is a person's repeat of their own answer
    (``respondents`` says whose each text is): the same complaint from two people counts twice.
    """
    present = texts[texts.map(lambda t: isinstance(t, str) and bool(t.strip()))]
    cleaned = clean_frame(present, respondents=respondents)
    keep = ~(cleaned["is_empty"] | cleaned["is_duplicate"])
    return cleaned.loc[keep, ["text_clean"]]


def answer_points(clean: Sequence[str]) -> pd.DataFrame:
    """Return the points of cleaned answers: ``answer`` (position in ``clean``), ``unit_no``
    and ``text``, one row per point ("1. … 2. …", lines, clauses joined by "และ")."""
    units = units_frame(pd.Series(list(clean), dtype=object))
    return pd.DataFrame(
        {
            "answer": units["response"].to_numpy(dtype=int),
            "unit_no": units["unit_no"].to_numpy(dtype=int),
            "text": units["unit"].to_numpy(dtype=object),
        },
        columns=POINT_COLUMNS,
    )


def point_themes(
    points: Sequence[str],
    n_themes: int | str = "auto",
    random_state: int = 0,
    min_points: int = DEFAULT_MIN_POINTS_FOR_THEMES,
    edits: ThemeEdits | None = None,
    encoder: SentenceEncoder | str | None = DEFAULT_ENCODER,
) -> ThemeModel | None:
    """Return themes fitted on the points with the analyst's ``edits`` re-applied, or None when
    there are too few to theme. ``encoder`` gives the points' sentence vectors (see
    ``ThemeModel``)."""
    if len(points) < min_points:
        return None
    model = ThemeModel(n_themes=n_themes, random_state=random_state, edits=edits, encoder=encoder)
    return model.fit(list(points))


def opinion_answers(frame: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Return every real free-text answer, cleaned and masked, one row per answer.

    Columns: ``response_id``, ``question_id``, ``text`` (as written), ``text_clean``
    (normalised, personal data masked). Non-answers ("ไม่มี", "-") and a person's re-pastes of
    their own answer are left out.
    """
    people = frame["respondent_key"] if "respondent_key" in frame else frame["response_id"]
    parts = [
        pd.DataFrame(
            {
                "response_id": frame["response_id"],
                "respondent": people,
                "question_id": q.id,
                "text": frame[q.id],
            }
        )
        for q in questionnaire.opinion_questions
    ]
    if not parts:
        return pd.DataFrame(columns=OPINION_COLUMNS)
    answers = pd.concat(parts, ignore_index=True)
    real = real_answers(answers["text"], answers["respondent"])
    answers = answers.loc[real.index].assign(text_clean=real["text_clean"])
    return answers.reset_index(drop=True)[OPINION_COLUMNS]


def fit_suggestion_themes(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    n_themes: int | str = "auto",
    random_state: int = 0,
    min_points: int = DEFAULT_MIN_POINTS_FOR_THEMES,
    edits: ThemeEdits | None = None,
    encoder_for: EncoderFor | None = None,
) -> tuple[ThemeModel | None, pd.DataFrame]:
    """Return the themes model of the free-text answers (None when too few) and every point
    with its theme; ``suggestion_themes`` without the model's table taken out.

    Each answer is split into its points first, so a multi-point answer contributes to several
    themes. The points frame has SUGGESTION_COLUMNS; ``text`` is the cleaned, masked point and
    ``theme_id`` is -1 (other) when there are too few points for themes. ``edits`` (renames,
    merges, moves kept by an analyst) are re-applied after the fit. ``encoder_for(points)``
    gives the sentence encoder (default: the Universal Sentence Encoder, nothing kept).
    """
    answers = opinion_answers(frame, questionnaire)
    split = answer_points(answers["text_clean"])
    points = pd.DataFrame(
        {
            "response_id": answers["response_id"].to_numpy()[split["answer"]],
            "question_id": answers["question_id"].to_numpy()[split["answer"]],
            "unit_no": split["unit_no"].to_numpy(),
            "text": split["text"].to_numpy(),
        }
    )
    encoder = encoder_for(points) if encoder_for else DEFAULT_ENCODER
    model = point_themes(points["text"], n_themes, random_state, min_points, edits, encoder)
    if model is None:
        return None, points.assign(theme_id=OTHER_ID)[SUGGESTION_COLUMNS]
    return model, points.assign(theme_id=model.labels_)[SUGGESTION_COLUMNS]


def suggestion_themes(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    n_themes: int | str = "auto",
    random_state: int = 0,
    min_points: int = DEFAULT_MIN_POINTS_FOR_THEMES,
    edits: ThemeEdits | None = None,
    encoder_for: EncoderFor | None = None,
) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """Return the themes of the free-text answers (None when too few) and every point with its theme.

    See ``fit_suggestion_themes``: the same fit, its ``themes_`` table instead of the model.
    """
    model, points = fit_suggestion_themes(
        frame, questionnaire, n_themes, random_state, min_points, edits, encoder_for
    )
    return (None if model is None else model.themes_), points
