"""The chapters of the Thai evaluation report, each built as blocks from the analysis."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import partial
from typing import Any

import pandas as pd

from analysis.dates import thai_date
from analysis.dates import thai_date_range
from analysis.questionnaire.model import Questionnaire
from analysis.report import charts
from analysis.report.blocks import Block
from analysis.report.blocks import Chart
from analysis.report.blocks import Heading
from analysis.report.blocks import Paragraph
from analysis.report.blocks import Table
from analysis.report.blocks import band_text
from analysis.report.blocks import p_value
from analysis.report.blocks import percent
from analysis.stats.attendance import Attendance
from analysis.stats.attendance import attendance
from analysis.stats.breakdown import summarize_by
from analysis.stats.indices import net_promoter
from analysis.stats.indices import section_reliability
from analysis.stats.knowledge import WILCOXON_METHOD_TH
from analysis.stats.knowledge import knowledge_change
from analysis.stats.ratings import Bands
from analysis.stats.ratings import format_score
from analysis.stats.ratings import level_distribution
from analysis.stats.ratings import likert_groups
from analysis.stats.ratings import summarize_ratings
from analysis.stats.ratings import summarize_sections

SCORE_WIDTHS = (1.2, 9.0, 1.8, 1.8, 2.6)


def details_blocks(workshop: Mapping[str, Any], frame: pd.DataFrame) -> list[Block]:
    """Return the workshop details and the sessions with how many answered each."""
    rows = (
        ("ชื่อโครงการ/กิจกรรม", workshop["title"]),
        ("วันที่จัด", thai_date_range(workshop["starts_on"], workshop["ends_on"])),
        ("สถานที่", workshop["venue"]),
        ("หน่วยงานผู้จัด", workshop["organiser"]),
        ("จำนวนผู้ตอบแบบประเมิน", attendance_text(attendance(frame))),
    )
    blocks: list[Block] = [
        Heading("ข้อมูลโครงการ"),
        Table("รายละเอียดโครงการ", ("รายการ", "รายละเอียด"), rows, ("l", "l"), (5.6, 10.8)),
    ]
    sessions = workshop.get("sessions") or []
    if sessions:
        answered = frame["session_title"].value_counts()
        session_rows = tuple(
            (str(s["day"]), thai_date(s["date"]), s["title"], str(int(answered.get(s["title"], 0))))
            for s in sessions
        )
        header = ("วันที่", "วัน เดือน ปี", "ช่วง/หัวข้อ", "ผู้ตอบ (คน)")
        blocks.append(
            Table("ช่วงของกิจกรรม", header, session_rows, ("c", "l", "l", "r"), (1.4, 5.6, 6.8, 2.6))
        )
    return blocks


def attendance_text(counts: Attendance) -> str:
    """Return participants and responses as the report says them, e.g. "ผู้ตอบแบบประเมิน 29 คน
    รวม 101 แบบประเมินจาก 4 ช่วง", with the participants of each day when there are several."""
    text = f"{counts.participants:,} คน"
    if counts.sessions > 1:
        text += f" รวม {counts.responses:,} แบบประเมินจาก {counts.sessions} ช่วง"
        if len(counts.by_day) > 1:
            days = ", ".join(f"วันที่ {d} {p:,} คน" for d, (p, _) in sorted(counts.by_day.items()))
            text += f" ({days})"
    return text


def _score_row(number: str, label: str, row: pd.Series) -> tuple[str, ...]:
    return (
        number,
        label,
        format_score(row["mean"]),
        format_score(row["sd"]),
        band_text(row["band"]),
    )


def bands_note(bands: Bands) -> str:
    """Return the interpretation criteria as a sentence under the satisfaction tables."""
    uppers = [float(bands.scale[1]), *(round(lower - 0.01, 2) for lower in bands.lower[:-1])]
    parts = [
        f"{lower:.2f}–{upper:.2f} = {label}"
        for lower, upper, label in zip(bands.lower, uppers, bands.labels, strict=True)
    ]
    return "เกณฑ์การแปลผลค่าเฉลี่ย: " + ", ".join(parts)


def satisfaction_blocks(
    frame: pd.DataFrame, questionnaire: Questionnaire, bands: Bands
) -> list[Block]:
    """Return x̄, S.D. and level per likert question, per section with its total, and charts."""
    summary = summarize_ratings(frame, questionnaire, bands).set_index("item_id")
    sections = summarize_sections(frame, questionnaire, bands).set_index("item_id")
    header = ("ข้อ", "รายการ", "x̄", "S.D.", "ระดับ")
    align = ("c", "l", "c", "c", "c")
    blocks: list[Block] = [Heading("ส่วนที่ 2 ผลการประเมินความพึงพอใจ")]
    for section in questionnaire.sections:
        questions = likert_groups(questionnaire).get(section.id)
        if not questions:
            continue
        rows = [
            _score_row(str(i), q.label.get(), summary.loc[q.id]) for i, q in enumerate(questions, 1)
        ]
        rows.append(_score_row("", "รวม", sections.loc[section.id]))
        caption = f"ค่าเฉลี่ย ส่วนเบี่ยงเบนมาตรฐาน และระดับ: {section.title.get()}"
        bold = frozenset({len(rows) - 1})
        blocks.append(Table(caption, header, tuple(rows), align, SCORE_WIDTHS, bold))
    if "overall" in sections.index:
        overall = sections.loc["overall"]
        rows = [_score_row("", "ภาพรวมทุกด้าน", overall)]
        blocks.append(
            Table("ผลการประเมินภาพรวม", header, tuple(rows), align, SCORE_WIDTHS, frozenset({0}))
        )
        blocks.append(Paragraph(bands_note(bands) + f" (n = {int(overall['n'])})", note=True))
    blocks += _reliability_blocks(frame, questionnaire) + _nps_blocks(frame, questionnaire)
    likert = summarize_ratings(frame, questionnaire, bands)
    likert = likert[
        likert["item_id"].isin([q.id for qs in likert_groups(questionnaire).values() for q in qs])
    ]
    levels = level_distribution(frame, questionnaire)
    if not (likert["n"] > 0).any():
        return blocks
    blocks.append(Chart("สัดส่วนระดับความพึงพอใจรายข้อ", partial(_likert, levels, likert)))
    blocks.append(Chart("ค่าเฉลี่ยและช่วงความเชื่อมั่น 95% รายข้อ", partial(_means, likert, bands)))
    return blocks


def _likert(levels: pd.DataFrame, summary: pd.DataFrame, fmt: str) -> bytes:
    return charts.likert_chart(levels, summary, fmt=fmt)


def _means(summary: pd.DataFrame, bands: Bands, fmt: str) -> bytes:
    return charts.means_chart(summary, bands, fmt=fmt)


def _alpha_text(row: Any) -> str:
    """Return one section's alpha as printed; one that is no reliability points to its note."""
    if math.isnan(row.alpha):
        return f"{row.label} α คำนวณไม่ได้ (k = {row.k}, n = {row.n}) ดูหมายเหตุ"
    if row.note:
        return (
            f"{row.label} ไม่มีค่าความเชื่อมั่นที่ใช้ได้: คำนวณ α ได้ {row.alpha:.2f} ซึ่งติดลบ"
            f" (k = {row.k}, n = {row.n}) ดูหมายเหตุ"
        )
    return f"{row.label} α = {row.alpha:.2f} (k = {row.k}, n = {row.n})"


def _reliability_blocks(frame: pd.DataFrame, questionnaire: Questionnaire) -> list[Block]:
    """Return Cronbach's alpha per section, with a Thai note under any that is negative or
    undefined (see ``analysis.stats.indices.alpha_note``)."""
    reliability = section_reliability(frame, questionnaire)
    if reliability.empty or (reliability["n"] < 2).all():
        return []
    rows = list(reliability.itertuples())
    parts = [_alpha_text(r) for r in rows]
    blocks: list[Block] = [
        Paragraph("ความเชื่อมั่นของแบบประเมิน (Cronbach's alpha): " + "; ".join(parts), note=True)
    ]
    blocks += [Paragraph(f"หมายเหตุ {r.label}: {r.note}", note=True) for r in rows if r.note]
    return blocks


def nps_reading(nps: float) -> str:
    """Return what a Net Promoter Score says in Thai: more promoters than detractors or fewer
    (the score is the share of promoters minus the share of detractors, -100 to 100)."""
    if nps > 0:
        return f"ผู้สนับสนุนมากกว่าผู้ไม่สนับสนุน {nps:.0f} จุดร้อยละ"
    if nps < 0:
        return f"ผู้ไม่สนับสนุนมากกว่าผู้สนับสนุน {-nps:.0f} จุดร้อยละ"
    return "ผู้สนับสนุนและผู้ไม่สนับสนุนมีสัดส่วนเท่ากัน"


def _nps_blocks(frame: pd.DataFrame, questionnaire: Questionnaire) -> list[Block]:
    return [
        Paragraph(
            f"{r.label}: NPS = {r.nps:.0f} หมายถึง{nps_reading(r.nps)} "
            f"(ผู้สนับสนุน ให้ 9–10 ร้อยละ {percent(r.promoters)}, "
            f"เฉย ๆ ให้ 7–8 ร้อยละ {percent(r.passives)}, "
            f"ผู้ไม่สนับสนุน ให้ 0–6 ร้อยละ {percent(r.detractors)}, n = {r.n})"
        )
        for r in net_promoter(frame, questionnaire).itertuples()
        if r.n
    ]


def sessions_blocks(
    frame: pd.DataFrame, questionnaire: Questionnaire, bands: Bands, min_group_size: int
) -> list[Block]:
    """Return the overall score per session, hiding sessions with too few answers."""
    if frame["session_title"].nunique() < 2:
        return []
    grouped = summarize_by(frame, questionnaire, "session_title", min_group_size, bands)
    overall = grouped[grouped["kind"] == "overall"]
    rows = tuple(
        (r.group, str(r.n), format_score(r.mean), format_score(r.sd), band_text(r.band))
        for r in overall.itertuples()
    )
    header = ("ช่วง/หัวข้อ", "n", "x̄", "S.D.", "ระดับ")
    note = f"ไม่แสดงช่วงที่มีผู้ตอบน้อยกว่า {min_group_size} คน เพื่อไม่ให้ระบุตัวผู้ตอบได้"
    if not rows:
        return [Paragraph("ผลการประเมินรายช่วง: " + note, note=True)]
    return [
        Table(
            "ผลการประเมินภาพรวมรายช่วง",
            header,
            rows,
            ("l", "c", "c", "c", "c"),
            (8.2, 1.6, 1.8, 1.8, 3.0),
        ),
        Paragraph(note, note=True),
    ]


def knowledge_blocks(frame: pd.DataFrame, questionnaire: Questionnaire) -> list[Block]:
    """Return knowledge before and after, with the Wilcoxon signed-rank test and a chart."""
    knowledge = knowledge_change(frame, questionnaire)
    if knowledge.empty:
        return []
    rows = tuple(
        (
            r.label,
            f"{format_score(r.mean_before)} ({format_score(r.sd_before)})",
            f"{format_score(r.mean_after)} ({format_score(r.sd_after)})",
            f"{r.mean_gain:+.2f}" if not math.isnan(r.mean_gain) else "-",
            percent(r.improved_share),
            p_value(r.p_value),
        )
        for r in knowledge.itertuples()
    )
    header = ("รายการ", "ก่อน x̄ (S.D.)", "หลัง x̄ (S.D.)", "ผลต่าง", "ร้อยละที่ดีขึ้น", "p")
    note = "p จากการทดสอบ Wilcoxon signed-rank แบบจับคู่ (ผู้ที่ตอบทั้งก่อนและหลัง) " + WILCOXON_METHOD_TH
    blocks: list[Block] = [
        Heading("ส่วนที่ 3 ความรู้ความเข้าใจก่อนและหลังเข้าร่วมกิจกรรม"),
        Table(
            "ความรู้ความเข้าใจก่อนและหลังเข้าร่วมกิจกรรม",
            header,
            rows,
            ("l", "c", "c", "c", "c", "c"),
            (5.0, 2.6, 2.6, 1.8, 2.2, 2.2),
        ),
        Paragraph(note, note=True),
    ]
    if (knowledge["n_pairs"] > 0).any():
        blocks.append(Chart("ค่าเฉลี่ยความรู้ก่อนและหลังเข้าร่วมกิจกรรม", partial(_knowledge, knowledge)))
    return blocks


def _knowledge(knowledge: pd.DataFrame, fmt: str) -> bytes:
    return charts.knowledge_chart(knowledge, fmt=fmt)
