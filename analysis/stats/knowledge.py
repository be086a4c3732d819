"""Knowledge before and after the workshop: gain, who improved, and a paired test."""

from __future__ import annotations

import math

import pandas as pd
from scipy import stats

from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire
from analysis.stats.ratings import rating_values

KNOWLEDGE_COLUMNS = (
    "question_id",
    "label",
    "n_pairs",
    "mean_before",
    "sd_before",
    "mean_after",
    "sd_after",
    "mean_gain",
    "improved_share",
    "same_share",
    "worse_share",
    "statistic",
    "p_value",
)


def paired_answers(frame: pd.DataFrame, question: Question) -> pd.DataFrame:
    """Return the ``before`` and ``after`` answers of the responses that gave both."""
    before_column, after_column = question.columns
    pairs = pd.DataFrame(
        {
            "before": rating_values(frame, before_column, question),
            "after": rating_values(frame, after_column, question),
        }
    )
    return pairs.dropna()


# How the p-value is found, as the report states it: the normal approximation SPSS uses, so an
# analyst checking in SPSS (NPAR TESTS /WILCOXON) gets the same p.
WILCOXON_METHOD = "approx"
WILCOXON_METHOD_TH = (
    "ค่า p แบบประมาณด้วยการแจกแจงปกติ (asymptotic, two-sided) ตัดคู่ที่ไม่เปลี่ยนออก"
    " ปรับค่าลำดับที่ซ้ำกัน ไม่ปรับความต่อเนื่อง ตรงกับ SPSS"
)


def wilcoxon_test(before: pd.Series, after: pd.Series) -> tuple[float, float]:
    """Return the Wilcoxon signed-rank statistic and its two-sided asymptotic p; NaN when
    nothing changed.

    The p-value is the normal approximation with zero differences dropped and the variance
    corrected for tied ranks, without continuity correction:
    z = (T - n(n+1)/4) / sqrt(n(n+1)(2n+1)/24 - sum(t^3 - t)/48), n the non-zero pairs, t the
    size of each group of tied |differences|. This is what SPSS reports ("Asymp. Sig.
    (2-tailed)"; IBM SPSS Statistics Algorithms, NPAR TESTS, Wilcoxon Matched-Pairs
    Signed-Rank Test) and scipy's ``wilcoxon(method="approx", zero_method="wilcox",
    correction=False)``. Likert differences are full of ties and zeros, where an exact p is
    not defined anyway; the statistic is the smaller of the two rank sums.
    """
    differences = (after - before).to_numpy(dtype="float64")
    if not (differences != 0).any():
        return math.nan, math.nan
    result = stats.wilcoxon(
        differences, zero_method="wilcox", correction=False, method=WILCOXON_METHOD
    )
    return float(result.statistic), float(result.pvalue)


def _sd(values: pd.Series) -> float:
    return float(values.std(ddof=1)) if len(values) > 1 else math.nan


def _knowledge_row(frame: pd.DataFrame, question: Question) -> dict[str, object]:
    pairs = paired_answers(frame, question)
    gain = pairs["after"] - pairs["before"]
    n = len(pairs)
    statistic, p_value = wilcoxon_test(pairs["before"], pairs["after"])
    return {
        "question_id": question.id,
        "label": question.label.get(),
        "n_pairs": n,
        "mean_before": float(pairs["before"].mean()) if n else math.nan,
        "sd_before": _sd(pairs["before"]),
        "mean_after": float(pairs["after"].mean()) if n else math.nan,
        "sd_after": _sd(pairs["after"]),
        "mean_gain": float(gain.mean()) if n else math.nan,
        "improved_share": float((gain > 0).mean()) if n else math.nan,
        "same_share": float((gain == 0).mean()) if n else math.nan,
        "worse_share": float((gain < 0).mean()) if n else math.nan,
        "statistic": statistic,
        "p_value": p_value,
    }


def knowledge_change(frame: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Return one row per before/after question, over responses that answered both parts.

    Returns
    -------
    pandas.DataFrame
        ``question_id``, ``label``, ``n_pairs``, ``mean_before``/``sd_before``,
        ``mean_after``/``sd_after``, ``mean_gain`` (after - before), ``improved_share``,
        ``same_share``, ``worse_share`` (0-1), and the Wilcoxon signed-rank ``statistic`` and
        two-sided ``p_value`` (zero differences dropped; NaN when nobody changed).
    """
    questions = [q for q in questionnaire.questions if q.type == "before_after"]
    rows = [_knowledge_row(frame, q) for q in questions]
    return pd.DataFrame(rows, columns=list(KNOWLEDGE_COLUMNS))
