"""Ratings broken down by session, day or a profile question, hiding small groups."""

from __future__ import annotations

import math

import pandas as pd

from analysis.questionnaire import Questionnaire
from analysis.ratings import DEFAULT_BANDS
from analysis.ratings import SUMMARY_COLUMNS
from analysis.ratings import Bands
from analysis.ratings import summarize_ratings
from analysis.ratings import summarize_sections

DEFAULT_MIN_GROUP_SIZE = 5  # smaller groups are hidden so nobody can be singled out


def group_labels(frame: pd.DataFrame, questionnaire: Questionnaire, by: str) -> pd.Series:
    """Return the label each response is grouped under for `by` (a meta column or question)."""
    if by in frame.columns and by not in questionnaire.columns:
        return frame[by].map(lambda v: None if pd.isna(v) else str(v))
    question = questionnaire.question(by)
    if question.type not in {"single_choice", "short_text"}:
        raise ValueError(f"cannot group by '{by}': it is a {question.type} question")

    def label(value: object) -> str | None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        text = " ".join(str(value).split())
        return question.option_label(text) if text else None

    return frame[by].map(label)


def summarize_by(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    by: str,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    bands: Bands = DEFAULT_BANDS,
) -> pd.DataFrame:
    """Return question, section and overall figures per group, hiding small groups.

    `by` is a meta column (``session_title``, ``day``) or a single-choice or short-text
    question (``position``, ``agency``, ``province``). A group with fewer than
    `min_group_size` responses is left out, and so is any figure resting on fewer answers.

    Returns
    -------
    pandas.DataFrame
        ``group`` (str) then the columns of `summarize_ratings`.
    """
    labels = group_labels(frame, questionnaire, by)
    parts = []
    for group, members in frame.groupby(labels, sort=True, dropna=True):
        if len(members) < min_group_size:
            continue
        part = pd.concat(
            [
                summarize_ratings(members, questionnaire, bands),
                summarize_sections(members, questionnaire, bands),
            ],
            ignore_index=True,
        )
        part = part[part["n"] >= min_group_size]
        parts.append(part.assign(group=str(group)))
    columns = ["group", *SUMMARY_COLUMNS]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]
