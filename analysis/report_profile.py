"""The report's profile chapter: who answered, as one table and charts."""

from __future__ import annotations

import math
from functools import partial

import pandas as pd

from analysis import charts
from analysis.profile import profile_counts
from analysis.profile import profile_questions
from analysis.questionnaire import Questionnaire
from analysis.report_blocks import Block
from analysis.report_blocks import Chart
from analysis.report_blocks import Heading
from analysis.report_blocks import Table
from analysis.report_blocks import percent
from analysis.tables import Masker

DEFAULT_PROFILE_CHART = "position"  # the profile question drawn as a chart as well as a table


def profile_blocks(
    frame: pd.DataFrame, questionnaire: Questionnaire, mask: Masker | None = None
) -> list[Block]:
    """Return the respondents' profile as one table, and a chart of their positions.

    Free-text answers (agency) are counted as written and printed through `mask`.
    """
    rows: list[tuple[str, ...]] = []
    bold: set[int] = set()
    for question in profile_questions(questionnaire):
        bold.add(len(rows))
        rows.append((question.label.get(), "", ""))
        counts = profile_counts(frame, question)
        masked = mask if mask and question.is_text else str
        rows += [
            (f"    {masked(str(r.label))}", str(r.count), percent(r.percent / 100))
            for r in counts.itertuples()
        ]
    rows.append(("รวม", str(len(frame)), percent(1.0 if len(frame) else math.nan)))
    bold.add(len(rows) - 1)
    blocks: list[Block] = [
        Heading("ส่วนที่ 1 ข้อมูลทั่วไปของผู้ตอบแบบประเมิน"),
        Table(
            "ข้อมูลทั่วไปของผู้ตอบแบบประเมิน",
            ("ข้อมูลทั่วไป", "จำนวน (คน)", "ร้อยละ"),
            tuple(rows),
            ("l", "r", "r"),
            (10.4, 3.0, 3.0),
            frozenset(bold),
        ),
    ]
    chosen = [
        q for q in profile_questions(questionnaire) if q.id == DEFAULT_PROFILE_CHART and len(frame)
    ]
    for question in chosen:
        counts = profile_counts(frame, question)
        draw = partial(_profile_chart, counts, question.label.get())
        blocks.append(Chart(f"ผู้ตอบแบบประเมินจำแนกตาม{question.label.get()}", draw))
    return blocks


def _profile_chart(counts: pd.DataFrame, title: str, fmt: str) -> bytes:
    return charts.profile_chart(counts, title, fmt=fmt)
