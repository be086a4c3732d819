"""Indices over several answers: Cronbach's alpha per section and the Net Promoter Score."""

from __future__ import annotations

import math

import pandas as pd

from analysis.questionnaire.model import Questionnaire
from analysis.stats.ratings import likert_groups
from analysis.stats.ratings import rating_values

# What an alpha that is no reliability means, in the report's words. A negative alpha: the items
# covary negatively on average, so they do not measure one thing; the usual cause is an item
# worded the other way round or keyed in reverse (Cronbach 1951; Streiner 2003, "Starting at
# the beginning: an introduction to coefficient alpha", J Pers Assess 80(1)).
NEGATIVE_ALPHA_NOTE = (
    "ค่า α ติดลบ จึงไม่ใช่ค่าความเชื่อมั่น แสดงว่าข้อคำถามในด้านนี้ไม่ได้วัดเรื่องเดียวกัน "
    "มักเกิดจากข้อที่ถามกลับทิศ (reverse-worded) หรือให้คะแนนกลับด้าน (mis-keyed) "
    "ควรตรวจข้อคำถามและการลงรหัสก่อนสรุปผล"
)
TOO_FEW_NOTE = "มีผู้ตอบครบทุกข้อน้อยกว่า 2 คน จึงคำนวณค่า α ไม่ได้"
NO_VARIANCE_NOTE = "คะแนนรวมของผู้ตอบทุกคนเท่ากัน จึงคำนวณค่า α ไม่ได้ (ไม่ได้แปลว่าเชื่อมั่นได้หรือไม่ได้)"


def cronbach_alpha(items: pd.DataFrame) -> float:
    """Return Cronbach's alpha of the item columns, over complete rows; NaN if undefined.

    alpha = k / (k - 1) * (1 - sum of item variances / variance of the total), sample
    variances (Cronbach 1951). Undefined (NaN) with fewer than two items or two complete rows,
    or when every total is the same. It is negative when the items covary negatively on
    average; ``alpha_note`` says what that means.
    """
    complete = items.dropna()
    k = complete.shape[1]
    if k < 2 or len(complete) < 2:
        return math.nan
    total_variance = float(complete.sum(axis=1).var(ddof=1))
    if total_variance == 0:
        return math.nan
    item_variance = float(complete.var(ddof=1).sum())
    return k / (k - 1) * (1 - item_variance / total_variance)


def alpha_note(alpha: float, n: int) -> str | None:
    """Return a Thai note for an alpha that is not a reliability (negative or undefined, with
    ``n`` complete responses), or None for one that is."""
    if math.isnan(alpha):
        return TOO_FEW_NOTE if n < 2 else NO_VARIANCE_NOTE
    return NEGATIVE_ALPHA_NOTE if alpha < 0 else None


def section_reliability(frame: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    """Return Cronbach's alpha for each section with two or more likert questions.

    Returns
    -------
    pandas.DataFrame
        ``section_id``, ``label``, ``k`` (questions), ``n`` (complete responses), ``alpha``
        (NaN when undefined) and ``note`` (Thai, for a negative or undefined alpha; else None).
    """
    titles = {s.id: s.title.get() for s in questionnaire.sections}
    rows = []
    for section_id, questions in likert_groups(questionnaire).items():
        if len(questions) < 2:
            continue
        items = pd.DataFrame({q.id: rating_values(frame, q.id, q) for q in questions})
        n = len(items.dropna())
        alpha = cronbach_alpha(items)
        note = alpha_note(alpha, n)
        rows.append((section_id, titles[section_id], len(questions), n, alpha, note))
    columns = ["section_id", "label", "k", "n", "alpha", "note"]
    return pd.DataFrame(rows, columns=columns).astype({"note": object})


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
