"""Ratings broken down by session, day or a profile question, hiding small groups."""

from __future__ import annotations

import math

import pandas as pd

from analysis.questionnaire.model import Questionnaire
from analysis.stats.ratings import DEFAULT_BANDS
from analysis.stats.ratings import SUMMARY_COLUMNS
from analysis.stats.ratings import Bands
from analysis.stats.ratings import summarize_ratings
from analysis.stats.ratings import summarize_sections
from analysis.text.intake import intake_text
from analysis.text.intake import most_common_spelling
from analysis.text.intake import text_key
from analysis.text.intake import thai_sorted

DEFAULT_MIN_GROUP_SIZE = 5  # smaller groups are hidden so nobody can be singled out


def spelling_groups(values: pd.Series) -> pd.Series:
    """Return, per value, the name of its group: values that differ only in spelling
    (``text_key``: invisible characters, ำ typed in two, spacing, letter case) are one group,
    named by its most common spelling. Missing and blank values get None."""

    def spelling(value: object) -> str | None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return intake_text(str(value), single_line=True) or None

    spellings = values.map(spelling)
    keys = spellings.map(lambda s: None if s is None else text_key(s))
    names = {
        key: most_common_spelling(list(members))
        for key, members in spellings.groupby(keys, sort=False)
    }
    return keys.map(lambda k: None if k is None else names[k]).astype(object)


def group_labels(frame: pd.DataFrame, questionnaire: Questionnaire, by: str) -> pd.Series:
    """Return the label each response is grouped under for `by` (a meta column or question)."""
    if by in frame.columns and by not in questionnaire.columns:
        return frame[by].map(lambda v: None if pd.isna(v) else str(v))
    question = questionnaire.question(by)
    if question.type not in {"single_choice", "short_text"}:
        raise ValueError(f"cannot group by '{by}': it is a {question.type} question")
    groups = spelling_groups(frame[by])
    return groups.map(lambda g: None if g is None else question.option_label(g)).astype(object)


def group_order(
    frame: pd.DataFrame, questionnaire: Questionnaire, by: str, labels: pd.Series
) -> list[str]:
    """Return the groups in the order a reader expects: programme, form, or Thai dictionary
    order (PyThaiNLP's ``collate``: เ, แ, โ sort by the consonant after them)."""
    present = set(labels.dropna())
    if by == "session_title":
        first = frame.assign(_group=labels).sort_values(["day", "session_id"])["_group"]
        return list(dict.fromkeys(g for g in first if g in present))
    if by in questionnaire.columns and questionnaire.question(by).options:
        in_form = [o.label.get("th") for o in questionnaire.question(by).options]
        return [g for g in in_form if g in present] + thai_sorted(map(str, present - set(in_form)))
    return thai_sorted(map(str, present))


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
    for group in group_order(frame, questionnaire, by, labels):
        members = frame[labels == group]
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
