"""Rating questions as numbers: per question, per section, per group, with Thai bands."""

from __future__ import annotations

import math

import pandas as pd
from scipy import stats

from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.model import Section
from analysis.stats.bands import DEFAULT_BANDS
from analysis.stats.bands import HALF_POINT_BANDS as HALF_POINT_BANDS
from analysis.stats.bands import Bands
from analysis.stats.bands import format_score as format_score
from analysis.stats.bands import round_score as round_score

DEFAULT_CONFIDENCE = 0.95
SCALE_TYPES = frozenset({"likert", "rating", "nps"})  # one number per question; pairs are apart
SUMMARY_COLUMNS = (
    "item_id",
    "kind",
    "section_id",
    "label",
    "n",
    "missing",
    "mean",
    "sd",
    "ci_low",
    "ci_high",
    "top2_share",
    "band",
)


class RatingDataError(ValueError):
    """A rating column holding something that is not a number, naming the column and row."""

    def __init__(
        self, column: str, row: object, value: object, problem: str = "is not a number"
    ) -> None:
        self.column = column
        self.row = row.item() if hasattr(row, "item") else row
        self.value = value.item() if hasattr(value, "item") else value  # numpy scalar -> plain
        super().__init__(f"column '{column}', row {self.row}: {self.value!r} {problem}")


def _row_label(frame: pd.DataFrame, row: object) -> object:
    return frame.at[row, "response_id"] if "response_id" in frame else row


def rating_values(frame: pd.DataFrame, column: str, question: Question | None = None) -> pd.Series:
    """Return a rating column as floats (NaN = missing); RatingDataError on anything else.

    With `question`, a number outside its scale is an error too.
    """
    raw = frame[column]
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values = raw.astype("float64")
    else:
        values = pd.to_numeric(raw, errors="coerce").astype("float64")
        blank = raw.isna() | raw.map(lambda v: isinstance(v, str) and not v.strip())
        bad = (values.isna() & ~blank) | raw.map(lambda v: isinstance(v, bool))
        if bad.any():
            row = bad[bad].index[0]
            raise RatingDataError(column, _row_label(frame, row), raw.at[row])
    if question is not None and question.scale_min is not None and question.scale_max is not None:
        outside = ~values.between(question.scale_min, question.scale_max) & values.notna()
        if outside.any():
            row = outside[outside].index[0]
            problem = f"is outside the scale {question.scale_min}-{question.scale_max}"
            raise RatingDataError(column, _row_label(frame, row), raw.at[row], problem)
    return values


def scale_questions(questionnaire: Questionnaire | Section) -> tuple[Question, ...]:
    """Return the questions answered with one number each (likert, rating, NPS)."""
    return tuple(q for q in questionnaire.questions if q.type in SCALE_TYPES)


def describe(values: pd.Series, confidence: float = DEFAULT_CONFIDENCE) -> dict[str, float]:
    """Return n, missing, mean, S.D. (n - 1) and the t confidence interval of the mean."""
    answered = values.dropna()
    n = len(answered)
    mean = float(answered.mean()) if n else math.nan
    sd = float(answered.std(ddof=1)) if n > 1 else math.nan
    low = high = math.nan
    if n > 1:
        half = float(stats.t.ppf((1 + confidence) / 2, n - 1)) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
    return {
        "n": n,
        "missing": len(values) - n,
        "mean": mean,
        "sd": sd,
        "ci_low": low,
        "ci_high": high,
    }


def _top2_share(values: pd.Series, question: Question) -> float:
    answered = values.dropna()
    if not len(answered) or question.scale_max is None:
        return math.nan
    return float((answered >= question.scale_max - 1).mean())


def _question_row(
    frame: pd.DataFrame, question: Question, bands: Bands, confidence: float
) -> dict[str, object]:
    values = rating_values(frame, question.id, question)
    row: dict[str, object] = {
        "item_id": question.id,
        "kind": "question",
        "section_id": question.section,
        "label": question.label.get(),
        **describe(values, confidence),
        "top2_share": _top2_share(values, question),
    }
    row["band"] = bands.interpret(float(row["mean"])) if bands.fits(question) else None  # type: ignore[arg-type]
    return row


def summarize_ratings(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    bands: Bands = DEFAULT_BANDS,
    confidence: float = DEFAULT_CONFIDENCE,
) -> pd.DataFrame:
    """Return one row per scale question with its figures.

    Returns
    -------
    pandas.DataFrame
        ``item_id`` (question id), ``kind`` ("question"), ``section_id``, ``label`` (Thai),
        ``n`` (answers), ``missing``, ``mean``, ``sd`` (n - 1), ``ci_low``/``ci_high`` (t
        interval), ``top2_share`` (0-1, the two highest levels) and ``band`` (Thai level, None
        when the bands do not fit the question's scale).
    """
    rows = [_question_row(frame, q, bands, confidence) for q in scale_questions(questionnaire)]
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def level_distribution(frame: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Return how many chose each level of each scale question, highest level first.

    Returns
    -------
    pandas.DataFrame
        ``question_id``, ``level`` (int), ``level_label`` (Thai), ``count`` and ``percent``
        (0-100 of the question's answers).
    """
    rows = []
    for question in scale_questions(questionnaire):
        values = rating_values(frame, question.id, question).dropna()
        counts = values.value_counts()
        for option in question.options:
            count = int(counts.get(float(option.value), 0))
            share = 100 * count / len(values) if len(values) else math.nan
            rows.append((question.id, int(option.value), option.label.get(), count, share))
    columns = ["question_id", "level", "level_label", "count", "percent"]
    return pd.DataFrame(rows, columns=columns)


def likert_groups(questionnaire: Questionnaire) -> dict[str, tuple[Question, ...]]:
    """Return the likert questions of each section that has any, keyed by section id."""
    groups = {
        s.id: tuple(q for q in s.questions if q.type == "likert") for s in questionnaire.sections
    }
    return {sid: qs for sid, qs in groups.items() if qs}


def respondent_scores(frame: pd.DataFrame, questions: tuple[Question, ...]) -> pd.Series:
    """Return each response's mean over the answered questions (NaN when none answered)."""
    values = pd.DataFrame(
        {q.id: rating_values(frame, q.id, q) for q in questions}, index=frame.index
    )
    return values.mean(axis=1, skipna=True)


def _score_row(
    item_id: str,
    kind: str,
    label: str,
    questions: tuple[Question, ...],
    frame: pd.DataFrame,
    settings: tuple[Bands, float],
) -> dict[str, object]:
    bands, confidence = settings
    figures = describe(respondent_scores(frame, questions), confidence)
    fits = all(bands.fits(q) for q in questions)
    return {
        "item_id": item_id,
        "kind": kind,
        "section_id": item_id if kind == "section" else None,
        "label": label,
        **figures,
        "top2_share": math.nan,
        "band": bands.interpret(figures["mean"]) if fits else None,
    }


def summarize_sections(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    bands: Bands = DEFAULT_BANDS,
    confidence: float = DEFAULT_CONFIDENCE,
) -> pd.DataFrame:
    """Return one row per section with likert questions, then one "overall" row.

    A section's score is each respondent's mean over the likert questions they answered, so
    ``n`` counts respondents; the columns are those of `summarize_ratings` (``kind`` is
    "section" or "overall", ``top2_share`` is NaN, ``band`` is None unless the bands fit
    every question's scale).
    """
    rows = []
    groups = likert_groups(questionnaire)
    titles = {s.id: s.title.get() for s in questionnaire.sections}
    settings = (bands, confidence)
    for section_id, questions in groups.items():
        title = titles[section_id]
        rows.append(_score_row(section_id, "section", title, questions, frame, settings))
    every = tuple(q for qs in groups.values() for q in qs)
    if every:
        rows.append(_score_row("overall", "overall", "ภาพรวม", every, frame, settings))
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
