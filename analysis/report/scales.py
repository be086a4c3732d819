"""The report's tables of number scales: a rating (e.g. 1–7) and the 0–10 question, each with
how many gave every score, beside the mean; the likert tables are in ``sections``."""

from __future__ import annotations

import pandas as pd

from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire
from analysis.report.blocks import Block
from analysis.report.blocks import Heading
from analysis.report.blocks import Paragraph
from analysis.report.blocks import Table
from analysis.report.blocks import percent
from analysis.stats.ratings import describe
from analysis.stats.ratings import format_score
from analysis.stats.ratings import rating_values

NUMBER_SCALE_TYPES = ("rating", "nps")  # likert has its own tables; these had none
SCALE_HEADER = ("คะแนน", "ความหมาย", "จำนวน (คน)", "ร้อยละ")


def _end_meaning(question: Question, value: int) -> str:
    if value == question.scale_min and question.min_label is not None:
        return question.min_label.get()
    if value == question.scale_max and question.max_label is not None:
        return question.max_label.get()
    return ""


def scale_table(frame: pd.DataFrame, question: Question) -> list[Block]:
    """Return one number-scale question as a table of its scores, highest first (count and
    percent of those who answered), and a note with n, x̄ and S.D."""
    values = rating_values(frame, question.id, question)
    figures = describe(values)
    answered = values.dropna()
    counts = answered.value_counts()
    rows = []
    for option in question.options:
        count = int(counts.get(float(option.value), 0))
        share = count / len(answered) if len(answered) else float("nan")
        meaning = _end_meaning(question, int(option.value))
        rows.append((option.value, meaning, str(count), percent(share)))
    note = (
        f"n = {figures['n']}, x̄ = {format_score(figures['mean'])}, "
        f"S.D. = {format_score(figures['sd'])} (คะแนน {question.scale_min}–{question.scale_max})"
    )
    return [
        Table(
            question.label.get(),
            SCALE_HEADER,
            tuple(rows),
            ("c", "l", "r", "r"),
            (2.0, 8.4, 3.0, 3.0),
        ),
        Paragraph(note, note=True),
    ]


def scale_blocks(frame: pd.DataFrame, questionnaire: Questionnaire) -> list[Block]:
    """Return a table per rating and 0–10 question (none when the questionnaire has none)."""
    questions = [q for q in questionnaire.questions if q.type in NUMBER_SCALE_TYPES]
    if not questions:
        return []
    blocks: list[Block] = [Heading("ผลการให้คะแนน", 2)]
    for question in questions:
        blocks += scale_table(frame, question)
    return blocks
