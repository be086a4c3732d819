"""The report's chapters on choices and words: other choice questions, themes, suggestions."""

from __future__ import annotations

from collections import Counter
from functools import partial

import pandas as pd

from analysis.questionnaire.model import Questionnaire
from analysis.report import charts
from analysis.report.blocks import Block
from analysis.report.blocks import Bullets
from analysis.report.blocks import Chart
from analysis.report.blocks import Heading
from analysis.report.blocks import Paragraph
from analysis.report.blocks import Table
from analysis.report.blocks import percent
from analysis.stats.profile import DEFAULT_PROFILE_SECTION
from analysis.stats.profile import profile_counts
from analysis.tables import Masker

OTHER_THEME = -1
DEFAULT_QUOTES_PER_THEME = 3  # representative quotes printed under each theme
UNGROUPED = "ข้อเสนอแนะ"


def choice_blocks(frame: pd.DataFrame, questionnaire: Questionnaire) -> list[Block]:
    """Return a count table for each choice question outside the profile section."""
    blocks: list[Block] = []
    for question in questionnaire.questions:
        if question.section == DEFAULT_PROFILE_SECTION or question.type not in {
            "single_choice",
            "multiple_choice",
        }:
            continue
        counts = profile_counts(frame, question)
        rows = tuple((r.label, str(r.count), percent(r.percent / 100)) for r in counts.itertuples())
        blocks.append(
            Table(
                question.label.get(),
                ("ตัวเลือก", "จำนวน (คน)", "ร้อยละ"),
                rows,
                ("l", "r", "r"),
                (10.4, 3.0, 3.0),
            )
        )
        if question.type == "multiple_choice":
            blocks.append(Paragraph("ตอบได้มากกว่า 1 ข้อ ร้อยละคิดจากผู้ตอบทั้งหมด", note=True))
    return blocks


def _mask(text: str, mask: Masker | None) -> str:
    return mask(text) if mask else text


def ordered_themes(themes: pd.DataFrame) -> pd.DataFrame:
    """Return themes largest first with "other" (theme_id -1) last."""
    other = themes["theme_id"] == OTHER_THEME
    return (
        themes.assign(_other=other)
        .sort_values(["_other", "size"], ascending=[True, False], kind="stable")
        .drop(columns="_other")
    )


def theme_blocks(themes: pd.DataFrame | None, mask: Masker | None) -> list[Block]:
    """Return the themes table, chart and representative quotes (masked)."""
    if themes is None or themes.empty:
        return []
    ordered = ordered_themes(themes)
    rows = tuple(
        (str(i), str(r.label), str(r.size), percent(r.share))
        for i, r in enumerate(ordered.itertuples(), 1)
    )
    blocks: list[Block] = [
        Heading("ส่วนที่ 4 ประเด็นความคิดเห็นและข้อเสนอแนะ"),
        Table(
            "ประเด็นความคิดเห็นที่พบ",
            ("ลำดับ", "ประเด็น", "จำนวน", "ร้อยละ"),
            rows,
            ("c", "l", "r", "r"),
            (1.6, 9.8, 2.4, 2.6),
        ),
        Chart("จำนวนความคิดเห็นในแต่ละประเด็น", partial(_themes_chart, ordered)),
        Heading("ตัวอย่างความคิดเห็นในแต่ละประเด็น", 2),
    ]
    for r in ordered.itertuples():
        quotes = tuple(
            f"“{_mask(q, mask)}”" for q in tuple(r.quotes or ())[:DEFAULT_QUOTES_PER_THEME]
        )
        blocks.append(Paragraph(f"{r.label} ({r.size} ความคิดเห็น)", bold=True))
        if quotes:
            blocks.append(Bullets(quotes))
    return blocks


def _themes_chart(themes: pd.DataFrame, fmt: str) -> bytes:
    return charts.themes_chart(themes, fmt=fmt)


def _texts_from_answers(frame: pd.DataFrame, questionnaire: Questionnaire) -> pd.DataFrame:
    rows = [
        (question.label.get(), str(text))
        for question in questionnaire.opinion_questions
        for text in frame[question.id]
        if isinstance(text, str) and text.strip()
    ]
    return pd.DataFrame(rows, columns=["group", "text"])


def _grouped(suggestions: pd.DataFrame, themes: pd.DataFrame | None) -> pd.DataFrame:
    if themes is None or themes.empty:
        return suggestions.assign(group=UNGROUPED)[["group", "text"]]
    order = ordered_themes(themes)
    labels = dict(zip(order["theme_id"], order["label"].astype(str), strict=True))
    rank = {theme: i for i, theme in enumerate(order["theme_id"])}
    known = suggestions.assign(
        group=suggestions["theme_id"].map(lambda t: labels.get(t, "อื่น ๆ")),
        _rank=suggestions["theme_id"].map(lambda t: rank.get(t, len(rank))),
    )
    return known.sort_values("_rank", kind="stable")[["group", "text"]]


def suggestion_blocks(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    suggestions: pd.DataFrame | None,
    themes: pd.DataFrame | None,
    mask: Masker | None,
) -> list[Block]:
    """Return every cleaned suggestion grouped by theme (by question when none are given)."""
    if suggestions is None:
        grouped = _texts_from_answers(frame, questionnaire)
    else:
        grouped = _grouped(suggestions, themes)
    blocks: list[Block] = [Heading("ภาคผนวก ข้อเสนอแนะทั้งหมดจำแนกตามประเด็น")]
    if grouped.empty:
        return [*blocks, Paragraph("ไม่มีผู้ให้ข้อเสนอแนะ")]
    for group, members in grouped.groupby("group", sort=False):
        texts = [_mask(str(t), mask) for t in members["text"] if str(t).strip()]
        blocks += [
            Paragraph(f"{group} ({len(texts)} ความคิดเห็น)", bold=True),
            Bullets(_counted(texts)),
        ]
    return blocks


def _counted(texts: list[str]) -> tuple[str, ...]:
    """Return each distinct text once, in first-seen order, with how many wrote it when more
    than one did: "ควรจัดที่จอดรถให้เพียงพอ (3 ความคิดเห็น)"."""
    counts = Counter(texts)
    return tuple(
        text if counts[text] == 1 else f"{text} ({counts[text]} ความคิดเห็น)" for text in counts
    )
