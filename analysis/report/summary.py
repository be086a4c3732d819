"""The report's first and last chapters: the executive summary and the participants' suggestions.

Every sentence is built from the same figures the tables print (``format_score``, ``percent``,
``p_value``), so the summary never says a number the body does not; there is no invented prose.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from analysis.report.blocks import Block
from analysis.report.blocks import Bullets
from analysis.report.blocks import Heading
from analysis.report.blocks import Paragraph
from analysis.report.blocks import p_value
from analysis.report.blocks import percent
from analysis.report.opinions import OTHER_THEME
from analysis.report.opinions import ordered_themes
from analysis.report.sections import attendance_text
from analysis.responses import META_COLUMNS
from analysis.responses import Part
from analysis.stats.attendance import attendance
from analysis.stats.knowledge import knowledge_change
from analysis.stats.ratings import Bands
from analysis.stats.ratings import format_score
from analysis.stats.ratings import likert_groups
from analysis.stats.ratings import summarize_ratings
from analysis.stats.ratings import summarize_sections
from analysis.tables import Masker

SUMMARY_HEADING = "สรุปผลการประเมิน"
SUGGESTIONS_HEADING = "ข้อเสนอแนะจากผู้เข้าร่วม"
DEFAULT_SUMMARY_THEMES = 3  # the largest themes the summary names, one quote each
SIGNIFICANCE = 0.05  # the level the summary reads a p-value against, as Thai reports do


def _mask(text: str, mask: Masker | None) -> str:
    return mask(text) if mask else text


def _scope(part: Part, several: bool) -> str:
    return f" ({part.questionnaire.title.get()})" if several else ""


def _ratings_lines(part: Part, bands: Bands, scope: str) -> list[str]:
    frame, questionnaire = part.frame, part.questionnaire
    sections = summarize_sections(frame, questionnaire, bands).set_index("item_id")
    lines = []
    if "overall" in sections.index and sections.loc["overall", "n"] > 0:
        row = sections.loc["overall"]
        band = f" อยู่ในระดับ{row['band']}" if isinstance(row["band"], str) else ""
        lines.append(
            f"ความพึงพอใจภาพรวม{scope} x̄ = {format_score(row['mean'])} "
            f"(S.D. = {format_score(row['sd'])}){band} (n = {int(row['n'])})"
        )
    likert_ids = {q.id for qs in likert_groups(questionnaire).values() for q in qs}
    items = summarize_ratings(frame, questionnaire, bands)
    items = items[items["item_id"].isin(likert_ids) & (items["n"] > 0)]
    if len(items) >= 2:
        # Ranked on the printed two-decimal means, so a tie in the table is a tie here.
        printed = items.assign(_shown=items["mean"].map(format_score).astype(float))
        top = printed.sort_values("_shown", ascending=False, kind="stable").iloc[0]
        low = printed.sort_values("_shown", ascending=True, kind="stable").iloc[0]
        lines.append(
            f"ข้อที่ได้ค่าเฉลี่ยสูงสุด{scope}: {top['label']} (x̄ = {format_score(top['mean'])}); "
            f"ต่ำสุด: {low['label']} (x̄ = {format_score(low['mean'])})"
        )
    return lines


def _knowledge_lines(part: Part, scope: str) -> list[str]:
    lines = []
    for r in knowledge_change(part.frame, part.questionnaire).itertuples():
        if not r.n_pairs:
            continue
        text = (
            f"{r.label}{scope}: ก่อน x̄ = {format_score(r.mean_before)}, "
            f"หลัง x̄ = {format_score(r.mean_after)} (ผลต่าง {r.mean_gain:+.2f}, "
            f"ดีขึ้นร้อยละ {percent(r.improved_share)}, n = {r.n_pairs} คู่)"
        )
        if not math.isnan(r.p_value):
            verdict = (
                "แตกต่างอย่างมีนัยสำคัญทางสถิติที่ระดับ .05"
                if r.p_value < SIGNIFICANCE
                else "ไม่แตกต่างอย่างมีนัยสำคัญทางสถิติที่ระดับ .05"
            )
            shown = p_value(r.p_value)
            shown = shown if shown.startswith("<") else f"= {shown}"
            text += f" Wilcoxon signed-rank p {shown} {verdict}"
        lines.append(text)
    return lines


def _theme_lines(part: Part, mask: Masker | None, scope: str, top: int) -> list[str]:
    themes = part.themes
    if themes is None or themes.empty:
        return []
    named = ordered_themes(themes)
    named = named[named["theme_id"] != OTHER_THEME].head(top)
    lines = []
    for r in named.itertuples():
        quotes = tuple(r.quotes or ())
        quote = f" เช่น “{_mask(str(quotes[0]), mask)}”" if quotes else ""
        lines.append(f"ประเด็นที่พบมาก{scope}: {r.label} ({r.size} ความคิดเห็น){quote}")
    return lines


def summary_blocks(
    parts: Sequence[Part],
    bands: Bands,
    mask: Masker | None,
    top_themes: int = DEFAULT_SUMMARY_THEMES,
) -> list[Block]:
    """Return the executive summary (สรุปผลการประเมิน): participants and responses, the overall
    mean and level, the highest- and lowest-rated items, knowledge before and after with its
    test, and the largest themes with one quote each (masked by `mask`)."""
    if not parts:
        return []
    everyone = pd.concat([p.frame[list(META_COLUMNS)] for p in parts], ignore_index=True)
    several = len(parts) > 1
    lines = [f"ผู้ตอบแบบประเมิน {attendance_text(attendance(everyone))}"]
    for part in parts:
        scope = _scope(part, several)
        lines += _ratings_lines(part, bands, scope)
        lines += _knowledge_lines(part, scope)
    for part in parts:
        lines += _theme_lines(part, mask, _scope(part, several), top_themes)
    return [Heading(SUMMARY_HEADING), Bullets(tuple(lines))]


def suggestions_blocks(parts: Sequence[Part], mask: Masker | None) -> list[Block]:
    """Return the closing chapter (ข้อเสนอแนะจากผู้เข้าร่วม): each questionnaire's themes of
    the free-text answers, largest first, with their counts and one quote each, for the analyst
    to edit into recommendations; one line when nobody wrote any."""
    blocks: list[Block] = [Heading(SUGGESTIONS_HEADING)]
    several = len(parts) > 1
    said = False
    for part in parts:
        items = _suggestion_items(part, mask)
        if not items:
            continue
        said = True
        if several:
            blocks.append(Paragraph(part.questionnaire.title.get(), bold=True))
        blocks.append(Bullets(items))
    if not said:
        return [*blocks, Paragraph("ไม่มีผู้ให้ข้อเสนอแนะ")]
    note = "สรุปจากประเด็นที่ระบบจัดกลุ่มจากข้อความของผู้เข้าร่วม ผู้วิเคราะห์แก้ไขและเพิ่มเติมได้"
    return [*blocks, Paragraph(note, note=True)]


def _suggestion_items(part: Part, mask: Masker | None) -> tuple[str, ...]:
    themes = part.themes
    if themes is not None and not themes.empty:
        items = []
        for r in ordered_themes(themes).itertuples():
            quotes = tuple(r.quotes or ())
            quote = f" เช่น “{_mask(str(quotes[0]), mask)}”" if quotes else ""
            items.append(f"{r.label} ({r.size} ความคิดเห็น ร้อยละ {percent(r.share)}){quote}")
        return tuple(items)
    if part.suggestions is not None and len(part.suggestions):
        count = len(part.suggestions)
        return (f"ข้อเสนอแนะ {count} ความคิดเห็น น้อยเกินกว่าจะจัดกลุ่ม ดูทั้งหมดในภาคผนวก",)
    return ()
