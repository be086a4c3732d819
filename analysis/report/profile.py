"""The report's profile chapter: who answered, as one table and a chart per choice question."""

from __future__ import annotations

import math
from functools import partial

import pandas as pd

from analysis.questionnaire.model import CHOICE_TYPES
from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire
from analysis.report import charts
from analysis.report.blocks import Block
from analysis.report.blocks import Chart
from analysis.report.blocks import Heading
from analysis.report.blocks import Table
from analysis.report.blocks import percent
from analysis.stats.profile import answered_categories
from analysis.stats.profile import profile_counts
from analysis.stats.profile import profile_questions
from analysis.tables import Masker

MIN_CHART_CATEGORIES = 2  # one answer given by everyone: the table's one row says it all
PROFILE_CAPTION = "ผู้ตอบแบบประเมินจำแนกตาม{label}"

Counted = list[tuple[Question, pd.DataFrame]]


def profile_blocks(
    frame: pd.DataFrame, questionnaire: Questionnaire, mask: Masker | None = None
) -> list[Block]:
    """Return the respondents' profile as one table, then a chart per choice question.

    A choice question is drawn when at least two of its answers were given. The charts draw
    the table's own counts, small ones included, so they show no one more than the table
    does. Free-text answers (agency) are counted as written, printed through `mask` and never
    drawn.
    """
    counted = [(q, profile_counts(frame, q)) for q in profile_questions(questionnaire)]
    if not counted:
        return []  # a questionnaire without profile questions has no profile chapter
    blocks: list[Block] = [
        Heading("ส่วนที่ 1 ข้อมูลทั่วไปของผู้ตอบแบบประเมิน"),
        _profile_table(counted, len(frame), mask),
    ]
    blocks += [
        Chart(PROFILE_CAPTION.format(label=q.label.get()), partial(_profile_chart, counts))
        for q, counts in counted
        if q.type in CHOICE_TYPES and answered_categories(counts) >= MIN_CHART_CATEGORIES
    ]
    return blocks


def _profile_table(counted: Counted, total: int, mask: Masker | None) -> Table:
    rows: list[tuple[str, ...]] = []
    bold: set[int] = set()
    for question, counts in counted:
        bold.add(len(rows))
        rows.append((question.label.get(), "", ""))
        masked = mask if mask and question.is_text else str
        rows += [
            (f"    {masked(str(r.label))}", str(r.count), percent(r.percent / 100))
            for r in counts.itertuples()
        ]
    rows.append(("รวม", str(total), percent(1.0 if total else math.nan)))
    bold.add(len(rows) - 1)
    return Table(
        "ข้อมูลทั่วไปของผู้ตอบแบบประเมิน",
        ("ข้อมูลทั่วไป", "จำนวน (คน)", "ร้อยละ"),
        tuple(rows),
        ("l", "r", "r"),
        (10.4, 3.0, 3.0),
        frozenset(bold),
    )


def _profile_chart(counts: pd.DataFrame, fmt: str) -> bytes:
    return charts.profile_chart(counts, fmt=fmt)
