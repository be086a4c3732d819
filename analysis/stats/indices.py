"""Indices over several answers: Cronbach's alpha per section and the Net Promoter Score."""

from __future__ import annotations

import math

import pandas as pd

from analysis.questionnaire.model import Questionnaire
from analysis.stats.ratings import likert_groups
from analysis.stats.ratings import rating_values


def cronbach_alpha(items: pd.DataFrame) -> float:
    """Return Cronbach's alpha of the item columns, over complete rows; NaN if undefined."""
    complete = items.dropna()
    k = complete.shape[1]
    if k < 2 or len(complete) < 2:
        return math.nan
    total_variance = float(complete.sum(axis=1).var(ddof=1))
    if total_variance == 0:
        return math.nan
    item_variance = float(complete.var(ddof=1).sum())
    return k / (k - 1) * (1 - item_variance / total_variance)


def section_reliability(frame: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Return Cronbach's alpha for each section with two or more likert questions.

    Returns
    -------
    pandas.DataFrame
        ``section_id``, ``label``, ``k`` (questions), ``n`` (complete responses), ``alpha``.
    """
    titles = {s.id: s.title.get() for s in questionnaire.sections}
    rows = []
    for section_id, questions in likert_groups(questionnaire).items():
        if len(questions) < 2:
            continue
        items = pd.DataFrame({q.id: rating_values(frame, q.id, q) for q in questions})
        n = len(items.dropna())
        rows.append((section_id, titles[section_id], len(questions), n, cronbach_alpha(items)))
    return pd.DataFrame(rows, columns=["section_id", "label", "k", "n", "alpha"])


NPS_PROMOTER_MIN = 9  # Net Promoter Score: 9-10 promote, 0-6 detract
NPS_DETRACTOR_MAX = 6


def net_promoter(frame: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Return the Net Promoter Score of each NPS question.

    Returns
    -------
    pandas.DataFrame
        ``question_id``, ``label``, ``n``, ``promoters``, ``passives``, ``detractors`` (shares
        0-1) and ``nps`` (-100 to 100).
    """
    rows = []
    for question in (q for q in questionnaire.questions if q.type == "nps"):
        values = rating_values(frame, question.id, question).dropna()
        n = len(values)
        promoters = float((values >= NPS_PROMOTER_MIN).mean()) if n else math.nan
        detractors = float((values <= NPS_DETRACTOR_MAX).mean()) if n else math.nan
        passives = 1 - promoters - detractors if n else math.nan
        nps = 100 * (promoters - detractors) if n else math.nan
        rows.append((question.id, question.label.get(), n, promoters, passives, detractors, nps))
    columns = ["question_id", "label", "n", "promoters", "passives", "detractors", "nps"]
    return pd.DataFrame(rows, columns=columns)
