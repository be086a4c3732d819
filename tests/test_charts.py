"""Charts render with the Thai font and give valid PNG and SVG bytes."""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from matplotlib.image import imread

from analysis.report import charts
from analysis.report.chart_style import DEFAULT_DPI
from analysis.report.chart_style import FONT_FAMILY
from analysis.report.chart_style import new_figure
from analysis.report.chart_style import register_thai_font
from analysis.report.chart_style import render
from analysis.report.chart_style import wrap_label
from analysis.stats.knowledge import knowledge_change
from analysis.stats.profile import profile_counts
from analysis.stats.ratings import level_distribution
from analysis.stats.ratings import summarize_ratings
from tests.conftest import FrameMaker

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}svg"
_RE_BAR_FILL = re.compile(r'clip-path="url\(#\w+\)" style="fill: (#[0-9a-f]{6})"')  # bars only
THEMES = pd.DataFrame(
    {
        "theme_id": [0, -1, 1],
        "label": ["ห้องประชุมแอร์ไม่เย็น", "อื่น ๆ", "อยากให้ขยายเวลาการอบรมเพิ่มขึ้นเป็นสองวันเต็มเพื่อฝึกปฏิบัติ"],
        "size": [9, 3, 12],
        "share": [0.375, 0.125, 0.5],
        "quotes": [("แอร์ไม่เย็น",), (), ("เวลาน้อยไป",)],
    }
)


@pytest.fixture
def frame(make_frame: FrameMaker) -> pd.DataFrame:
    answers = [
        {
            "speaker": 5,
            "content": 4,
            "food": 1,
            "position": "district_officer",
            "knowledge__before": 2,
            "knowledge__after": 4,
        },
        {
            "speaker": 4,
            "content": 3,
            "food": 2,
            "position": "local_leader",
            "knowledge__before": 3,
            "knowledge__after": 3,
        },
        {
            "speaker": 5,
            "content": 5,
            "food": None,
            "position": "district_officer",
            "knowledge__before": 1,
            "knowledge__after": 4,
        },
    ]
    return make_frame(answers)


def test_sarabun_is_resolved_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        family = register_thai_font()
        path = font_manager.findfont(
            font_manager.FontProperties(family=family), fallback_to_default=False
        )
    assert family == FONT_FAMILY == "Sarabun"
    assert path.endswith("Sarabun-Regular.ttf")


def test_sarabun_has_every_thai_letter_the_template_uses(questionnaire) -> None:
    path = font_manager.findfont(font_manager.FontProperties(family=register_thai_font()))
    font = FT2Font(path)
    text = "".join(
        q.label.get() + "".join(o.label.get() for o in q.options) for q in questionnaire.questions
    )
    missing = {ch for ch in text if not ch.isspace() and font.get_char_index(ord(ch)) == 0}
    assert missing == set()


def _check_png(data: bytes) -> None:
    assert data.startswith(PNG_MAGIC)
    pixels = imread(io.BytesIO(data), format="png")
    assert pixels.shape[0] > 100
    assert pixels.shape[1] > 500


def _check_svg(data: bytes, *texts: str) -> None:
    root = ET.fromstring(data)
    assert root.tag == SVG_NS
    decoded = data.decode("utf-8")
    for text in texts:
        assert text in decoded  # matplotlib keeps each drawn string as a comment beside its glyphs


def test_likert_and_means_charts(frame: pd.DataFrame, questionnaire) -> None:
    summary = summarize_ratings(frame, questionnaire)
    levels = level_distribution(frame, questionnaire)
    _check_png(charts.likert_chart(levels, summary))
    _check_svg(charts.likert_chart(levels, summary, fmt="svg"), "วิทยากรมีความรู้", "มากที่สุด", "x̄ 4.67")
    _check_png(charts.means_chart(summary))
    _check_svg(charts.means_chart(summary, fmt="svg"), "4.67", "ปานกลาง")


def test_knowledge_profile_and_theme_charts(frame: pd.DataFrame, questionnaire) -> None:
    knowledge = knowledge_change(frame, questionnaire)
    _check_svg(charts.knowledge_chart(knowledge, fmt="svg"), "หลังเข้าร่วม", "เพิ่มขึ้น +1.67", "ดีขึ้น 67%")
    position = questionnaire.question("position")
    counts = profile_counts(frame, position)
    _check_png(charts.profile_chart(counts, position.label.get()))
    _check_svg(charts.profile_chart(counts, "ตำแหน่ง", fmt="svg"), "ปลัดอำเภอ", "2 (66.7%)")
    svg = charts.themes_chart(THEMES, fmt="svg").decode("utf-8")
    assert svg.index("12 (50%)") < svg.index("9 (38%)") < svg.index("3 (12%)")  # other last
    _check_png(charts.themes_chart(THEMES))


def test_profile_chart_is_as_tall_as_its_answers_with_other_and_unanswered_grey(
    frame: pd.DataFrame, questionnaire
) -> None:
    gender = profile_counts(frame, questionnaire.question("gender"))  # 3 options + ไม่ระบุ
    position = profile_counts(frame, questionnaire.question("position"))  # 6, two-line labels
    short, tall = (
        imread(io.BytesIO(charts.profile_chart(c)), format="png") for c in (gender, position)
    )
    assert short.shape[0] < tall.shape[0] < 4 * DEFAULT_DPI  # under 4 inches for six answers
    assert short.shape[1] == tall.shape[1]
    drawn = charts.profile_chart(gender, fmt="svg")
    _check_svg(drawn, "ชาย", "หญิง", "3 (100.0%)")
    svg = drawn.decode("utf-8")
    blue, grey = charts.BAR_COLOUR, charts.OTHER_COLOUR
    assert _RE_BAR_FILL.findall(svg) == [blue] * 3 + [grey]  # ไม่ระบุ (no answer) last
    other = charts.profile_chart(position, fmt="svg").decode("utf-8")
    assert _RE_BAR_FILL.findall(other) == [blue] * 5 + [grey]  # the อื่น ๆ option
    assert "<!-- เพศ -->" not in svg  # no title: the report's caption names the question
    assert "<!-- เพศ -->" in charts.profile_chart(gender, "เพศ", fmt="svg").decode("utf-8")


def test_charts_do_not_change_their_input(frame: pd.DataFrame, questionnaire) -> None:
    summary = summarize_ratings(frame, questionnaire)
    kept = summary.copy(), THEMES.copy()
    charts.means_chart(summary)
    charts.themes_chart(THEMES)
    pd.testing.assert_frame_equal(summary, kept[0])
    pd.testing.assert_frame_equal(THEMES, kept[1])


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        render(new_figure(1.0), "gif")


def test_wrap_label_breaks_between_words_and_cuts_long_labels() -> None:
    label = "สามารถนำความรู้ไปใช้ประโยชน์ในการปฏิบัติงาน"
    lines = wrap_label(label, width=22).split("\n")  # 22 letters; marks above/below take none
    assert lines == ["สามารถนำความรู้ไป", "ใช้ประโยชน์ในการปฏิบัติงาน"]  # never inside a word
    cut = wrap_label(label * 3, width=20, max_lines=2)
    assert cut.count("\n") == 1
    assert cut.endswith("…")
    assert wrap_label("สั้น") == "สั้น"


def test_charts_without_answers_say_so(make_frame: FrameMaker, questionnaire) -> None:
    empty = make_frame([])
    summary = summarize_ratings(empty, questionnaire)
    svg = charts.likert_chart(level_distribution(empty, questionnaire), summary, fmt="svg")
    assert "ยังไม่มีข้อมูล" in svg.decode("utf-8")
    assert "ยังไม่มีข้อมูล" in charts.themes_chart(THEMES.iloc[:0], fmt="svg").decode("utf-8")
