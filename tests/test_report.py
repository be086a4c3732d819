"""The evaluation report opened back: Thai tables with hand-computed figures, BE dates, charts."""

from __future__ import annotations

import datetime as dt
import io
import re
import statistics
import subprocess
import sys
from pathlib import Path

import docx
import pandas as pd
import pytest

from analysis.questionnaire.model import Questionnaire
from analysis.report.blocks import Bullets
from analysis.report.blocks import Chart
from analysis.report.blocks import Paragraph
from analysis.report.blocks import Report
from analysis.report.build import build_report
from analysis.report.build import render_report
from analysis.report.build import write_report
from analysis.report.opinions import suggestion_blocks
from analysis.responses import responses_frame
from tests.conftest import make_record

SPEAKER = [5, 4, 4, 5, 5, 3]
CONTENT = [4, 4, 4, 4, 4, 4]
BEFORE = [1, 2, 2, 3, 1, 2]
AFTER = [3, 3, 4, 3, 2, 4]
SESSIONS = [1, 1, 1, 1, 2, 2]  # session 2 has two answers: too few to show
GENDERS = ["male", "female", "female", "male", "female", "female"]
AGES = ["40_49"] * 5 + [None]  # one answer given, one ไม่ระบุ: still one answer, so no chart
POSITIONS = ["district_officer"] * 4 + ["local_leader"] * 2
PHONE = "0812345678"
_RE_GLYPH_FONT = re.compile(r'<path id="([^"]+)-[0-9a-f]+"')  # a glyph's font: Sarabun-Regular-e1b
WORKSHOP = {
    "title": "โครงการอบรมเชิงปฏิบัติการปลัดอำเภอ จังหวัดปัตตานี",
    "venue": "ศาลากลางจังหวัดปัตตานี",
    "organiser": "ที่ทำการปกครองจังหวัดปัตตานี",
    "starts_on": dt.date(2019, 8, 21),
    "ends_on": dt.date(2019, 8, 22),
    "sessions": [
        {"title": "ช่วงที่ 1", "day": 1, "date": dt.date(2019, 8, 21)},
        {"title": "ช่วงที่ 2", "day": 2, "date": dt.date(2019, 8, 22)},
    ],
}
THEMES = pd.DataFrame(
    {
        "theme_id": [-1, 0],
        "label": ["อื่น ๆ", "ห้องประชุมและแอร์"],
        "size": [2, 4],
        "share": [1 / 3, 2 / 3],
        "quotes": [(), (f"แอร์ไม่เย็น โทร {PHONE}", "ห้องร้อน")],
    }
)
SUGGESTIONS = pd.DataFrame(
    {"theme_id": [-1, 0, 0], "text": ["ขอเอกสารเพิ่ม", "ปรับแอร์ให้เย็นขึ้น", f"โทรหาผม {PHONE}"]}
)


def mask_phone(text: str) -> str:
    """Stand in for analysis.text.clean.mask_personal_data."""
    return re.sub(r"\d{9,10}", "[เบอร์โทร]", text)


@pytest.fixture(scope="module")
def report(questionnaire: Questionnaire) -> Report:
    answers = [
        {
            "speaker": s,
            "content": c,
            "knowledge__before": b,
            "knowledge__after": a,
            "gender": GENDERS[i],
            "age_band": AGES[i],
            "position": POSITIONS[i],
            "application": ("own_work",),
            "agency": f"อำเภอเมือง โทร {PHONE}" if i == 0 else "อำเภอยะรัง",
        }
        for i, (s, c, b, a) in enumerate(zip(SPEAKER, CONTENT, BEFORE, AFTER, strict=True))
    ]
    records = [make_record(i, a, s) for i, (a, s) in enumerate(zip(answers, SESSIONS, strict=True))]
    frame = responses_frame(records, questionnaire)
    return build_report(
        frame, questionnaire, WORKSHOP, mask=mask_phone, themes=THEMES, suggestions=SUGGESTIONS
    )


@pytest.fixture(scope="module")
def document(report: Report) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_report(report, "docx")))


@pytest.fixture(scope="module")
def html(report: Report) -> str:
    return render_report(report, "html").decode("utf-8")


def _tables(document: docx.document.Document) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def _table_with(document: docx.document.Document, header: list[str]) -> list[list[list[str]]]:
    return [t for t in _tables(document) if t[0] == header]


def _text(document: docx.document.Document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_docx_satisfaction_table_matches_hand_figures(document) -> None:
    satisfaction = _table_with(document, ["ข้อ", "รายการ", "x̄", "S.D.", "ระดับ"])[0]
    rows = {r[1]: r for r in satisfaction[1:]}
    speaker = rows["วิทยากรมีความรู้และถ่ายทอดได้ชัดเจน"]
    assert speaker == [
        "1",
        "วิทยากรมีความรู้และถ่ายทอดได้ชัดเจน",
        f"{statistics.mean(SPEAKER):.2f}",
        f"{statistics.stdev(SPEAKER):.2f}",
        "มากที่สุด",
    ]  # 4.33, 0.82
    assert rows["เนื้อหาตรงกับความต้องการ"][2:] == ["4.00", "0.00", "มาก"]
    assert rows["อาหารและเครื่องดื่ม"][2:] == ["-", "-", "-"]  # nobody answered: not zero
    per_person = [(s + c) / 2 for s, c in zip(SPEAKER, CONTENT, strict=True)]
    assert rows["รวม"][2:] == [
        f"{statistics.mean(per_person):.2f}",
        f"{statistics.stdev(per_person):.2f}",
        "มาก",
    ]


def test_docx_has_details_with_buddhist_era_dates(document) -> None:
    details = _table_with(document, ["รายการ", "รายละเอียด"])[0]
    assert ["วันที่จัด", "21–22 สิงหาคม พ.ศ. 2562"] in details
    people = "6 คน รวม 6 แบบประเมินจาก 2 ช่วง (วันที่ 1 4 คน, วันที่ 2 2 คน)"
    assert ["จำนวนผู้ตอบแบบประเมิน", people] in details
    sessions = _table_with(document, ["วันที่", "วัน เดือน ปี", "ช่วง/หัวข้อ", "ผู้ตอบ (คน)"])[0]
    assert sessions[1:] == [
        ["1", "21 สิงหาคม พ.ศ. 2562", "ช่วงที่ 1", "4"],
        ["2", "22 สิงหาคม พ.ศ. 2562", "ช่วงที่ 2", "2"],
    ]
    assert "2019" not in "".join(c for t in _tables(document) for r in t for c in r)


def test_docx_profile_knowledge_and_small_groups(document) -> None:
    profile = _table_with(document, ["ข้อมูลทั่วไป", "จำนวน (คน)", "ร้อยละ"])[0]
    assert ["ปลัดอำเภอ", "4", "66.67"] in [[r[0].strip(), r[1], r[2]] for r in profile]
    assert profile[-1] == ["รวม", "6", "100.00"]
    agencies = [r[0].strip() for r in profile if r[1] in ("1", "5")]
    assert "อำเภอเมือง โทร [เบอร์โทร]" in agencies  # free-text profile answers are masked too
    assert "อำเภอยะรัง" in agencies
    knowledge = _table_with(
        document, ["รายการ", "ก่อน x̄ (S.D.)", "หลัง x̄ (S.D.)", "ผลต่าง", "ร้อยละที่ดีขึ้น", "p"]
    )[0]
    gains = [a - b for a, b in zip(AFTER, BEFORE, strict=True)]
    assert knowledge[1][3] == f"{statistics.mean(gains):+.2f}"
    assert knowledge[1][4] == f"{100 * 5 / 6:.2f}"
    assert not _table_with(document, ["ช่วง/หัวข้อ", "n", "x̄", "S.D.", "ระดับ"])  # 4 and 2 < 5
    assert "ไม่แสดงช่วงที่มีผู้ตอบน้อยกว่า 5 คน" in _text(document)


def test_a_chart_per_profile_question_with_two_answers_given(document, html: str) -> None:
    # gender and position: two answers each; age: one answer and ไม่ระบุ; province: none
    wanted = [("1", "เพศ"), ("2", "ตำแหน่ง")]
    assert re.findall(r"ภาพที่ (\d+) ผู้ตอบแบบประเมินจำแนกตาม(\S+)", _text(document)) == wanted
    assert re.findall(r"<figcaption>ภาพที่ (\d+) ผู้ตอบแบบประเมินจำแนกตาม([^<]+)", html) == wanted
    assert "ภาพที่ 3 สัดส่วนระดับความพึงพอใจรายข้อ" in _text(document)
    assert "<figcaption>ภาพที่ 3 สัดส่วนระดับความพึงพอใจรายข้อ" in html


def test_profile_charts_draw_the_tables_counts_in_form_order_in_sarabun(
    report: Report, document
) -> None:
    profile = _table_with(document, ["ข้อมูลทั่วไป", "จำนวน (คน)", "ร้อยละ"])[0]
    gender = next(b for b in report.blocks if isinstance(b, Chart) and b.caption.endswith("เพศ"))
    svg = gender.draw("svg").decode("utf-8")
    shown = [f"<!-- {label} -->" for label in ("ชาย", "หญิง", "ไม่ระบุ", "2 (33.3%)", "4 (66.7%)")]
    assert [svg.index(s) for s in shown] == sorted(svg.index(s) for s in shown)  # form order
    table = [r[1] for r in profile if r[0].strip() in ("ชาย", "หญิง")]
    assert table == ["2", "4"]  # the chart shows the table's counts, nothing finer
    assert set(_RE_GLYPH_FONT.findall(svg)) == {"Sarabun-Regular"}  # Thai glyphs, no fallback


def test_docx_themes_quotes_masked_and_suggestions_grouped(document) -> None:
    text = _text(document)
    assert PHONE not in text
    assert "“แอร์ไม่เย็น โทร [เบอร์โทร]”" in text
    themes = _table_with(document, ["ลำดับ", "ประเด็น", "จำนวน", "ร้อยละ"])[0]
    assert [r[1] for r in themes[1:]] == ["ห้องประชุมและแอร์", "อื่น ๆ"]  # largest first, other last
    appendix = text[text.index("ภาคผนวก") :]
    assert appendix.index("ห้องประชุมและแอร์ (2 ความคิดเห็น)") < appendix.index("ปรับแอร์ให้เย็นขึ้น")
    assert appendix.index("โทรหาผม [เบอร์โทร]") < appendix.index("อื่น ๆ (1 ความคิดเห็น)")
    assert appendix.index("อื่น ๆ (1 ความคิดเห็น)") < appendix.index("ขอเอกสารเพิ่ม")


def test_the_appendix_lists_a_suggestion_many_people_wrote_once_with_its_count(
    questionnaire: Questionnaire,
) -> None:
    parking = "ควรจัดที่จอดรถให้เพียงพอ"
    suggestions = pd.DataFrame(
        {
            "text": [parking, "แอร์ไม่เย็น", parking, parking, "ห้องหนาว"],
            "theme_id": [0, 1, 0, 0, 1],
        }
    )
    themes = pd.DataFrame(
        {"theme_id": [0, 1], "label": ["ที่จอดรถ", "ห้องประชุม"], "size": [3, 2], "share": [0.6, 0.4]}
    )
    blocks = suggestion_blocks(pd.DataFrame(), questionnaire, suggestions, themes, None)
    shown = [
        b.text if isinstance(b, Paragraph) else b.items
        for b in blocks[1:]
        if isinstance(b, Paragraph | Bullets)
    ]
    assert shown == [
        "ที่จอดรถ (3 ความคิดเห็น)",
        (f"{parking} (3 ความคิดเห็น)",),
        "ห้องประชุม (2 ความคิดเห็น)",
        ("แอร์ไม่เย็น", "ห้องหนาว"),
    ]


def test_docx_is_a4_with_charts_and_thai_font(document) -> None:
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert len(document.inline_shapes) == 6  # gender, position, likert, means, knowledge, themes
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cs")
        == "TH SarabunPSK"
    )
    assert "ภาพที่ 6 จำนวนความคิดเห็นในแต่ละประเด็น" in _text(document)


def test_html_is_self_contained_print_page(html: str) -> None:
    assert html.startswith("<!doctype html>")
    assert "@page { size: A4;" in html
    assert 'font-family: "Sarabun"' in html
    assert "data:font/ttf;base64," in html
    assert html.count("<svg") == 6
    assert not re.search(r'(src|href)="(?!#|data:)', html)  # nothing fetched from elsewhere
    assert "url(http" not in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # six inline charts, no clashing ids
    assert "21–22 สิงหาคม พ.ศ. 2562" in html
    assert "<th>x̄</th>" in html
    assert PHONE not in html


def test_write_report_by_suffix(questionnaire: Questionnaire, tmp_path: Path) -> None:
    report = build_report(responses_frame([], questionnaire), questionnaire, WORKSHOP, mask=None)
    write_report(report, tmp_path / "report.html")
    assert (tmp_path / "report.html").read_bytes().startswith(b"<!doctype html>")
    with pytest.raises(ValueError, match="format"):
        write_report(report, tmp_path / "report.pdf")
    with pytest.raises(ValueError, match="organiser"):
        build_report(
            pd.DataFrame(),
            None,
            {"title": "x", "venue": "y", "starts_on": 1, "ends_on": 2},
            mask=None,
        )  # type: ignore[arg-type]


def test_analysis_needs_no_web_framework() -> None:
    code = (
        "import sys, analysis.report.build, analysis.export, analysis.report.charts, analysis.stats.breakdown;"
        "print(sorted(m for m in ('flask', 'wtforms', 'survey') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_report_before_anyone_answered(questionnaire: Questionnaire) -> None:
    empty = responses_frame([], questionnaire)
    report = build_report(empty, questionnaire, WORKSHOP, mask=None)
    document = docx.Document(io.BytesIO(render_report(report, "docx")))
    assert ["จำนวนผู้ตอบแบบประเมิน", "0 คน"] in _table_with(document, ["รายการ", "รายละเอียด"])[0]
    assert len(document.inline_shapes) == 0
    assert "ไม่มีผู้ให้ข้อเสนอแนะ" in _text(document)


def _headings(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def test_the_summary_comes_first_and_its_figures_are_the_tables(document) -> None:
    headings = _headings(document)
    assert headings[:2] == ["ข้อมูลโครงการ", "สรุปผลการประเมิน"]
    assert headings[-2:] == ["ข้อเสนอแนะจากผู้เข้าร่วม", "ภาคผนวก ข้อเสนอแนะทั้งหมดจำแนกตามประเด็น"]
    text = _text(document)
    summary = text[text.index("สรุปผลการประเมิน") : text.index("ส่วนที่ 1")]
    overall = _table_with(document, ["ข้อ", "รายการ", "x̄", "S.D.", "ระดับ"])[-1][1]
    assert overall[1] == "ภาพรวมทุกด้าน"
    assert f"ความพึงพอใจภาพรวม x̄ = {overall[2]} (S.D. = {overall[3]}) อยู่ในระดับ{overall[4]}" in (
        summary
    )
    items = _table_with(document, ["ข้อ", "รายการ", "x̄", "S.D.", "ระดับ"])[0][1:-1]
    rated = [r for r in items if r[2] != "-"]
    top = max(rated, key=lambda r: float(r[2]))
    low = min(rated, key=lambda r: float(r[2]))
    assert f"ข้อที่ได้ค่าเฉลี่ยสูงสุด: {top[1]} (x̄ = {top[2]}); ต่ำสุด: {low[1]} (x̄ = {low[2]})" in (summary)
    [knowledge] = _table_with(
        document, ["รายการ", "ก่อน x̄ (S.D.)", "หลัง x̄ (S.D.)", "ผลต่าง", "ร้อยละที่ดีขึ้น", "p"]
    )
    row = knowledge[1]
    assert f"ก่อน x̄ = {row[1].split()[0]}, หลัง x̄ = {row[2].split()[0]} (ผลต่าง {row[3]}" in summary
    assert f"ดีขึ้นร้อยละ {row[4]}" in summary
    assert f"p = {row[5]}" in summary or f"p {row[5]}" in summary
    assert "ประเด็นที่พบมาก: ห้องประชุมและแอร์ (4 ความคิดเห็น) เช่น “แอร์ไม่เย็น โทร [เบอร์โทร]”" in (summary)
    assert PHONE not in text


def test_the_closing_chapter_lists_the_themes_with_counts_and_a_quote(document) -> None:
    text = _text(document)
    closing = text[text.index("ข้อเสนอแนะจากผู้เข้าร่วม") : text.index("ภาคผนวก")]
    assert "ห้องประชุมและแอร์ (4 ความคิดเห็น ร้อยละ 66.67) เช่น “แอร์ไม่เย็น โทร [เบอร์โทร]”" in closing
    assert closing.index("ห้องประชุมและแอร์") < closing.index("อื่น ๆ")


def test_a_questionnaire_without_profile_questions_has_no_profile_table(
    questionnaires: dict,
) -> None:
    feedback = questionnaires["session_feedback"]
    records = [make_record(i, {"speaker": 4, "suggestion": "ดีมาก"}) for i in range(3)]
    frame = responses_frame(records, feedback)
    built = build_report(frame, feedback, WORKSHOP, mask=None)
    document = docx.Document(io.BytesIO(render_report(built, "docx")))
    assert not _table_with(document, ["ข้อมูลทั่วไป", "จำนวน (คน)", "ร้อยละ"])
    assert "ส่วนที่ 1 ข้อมูลทั่วไปของผู้ตอบแบบประเมิน" not in _headings(document)
    assert _headings(document)[-1] == "ภาคผนวก ข้อเสนอแนะทั้งหมดจำแนกตามประเด็น"


def test_table_headers_keep_with_their_rows(document, html: str) -> None:
    for table in document.tables:
        header_row = table.rows[0]
        assert header_row._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
        first = header_row.cells[0].paragraphs[0]
        assert first.paragraph_format.keep_with_next
    captions = [p for p in document.paragraphs if p.text.startswith("ตารางที่")]
    assert captions
    assert all(p.paragraph_format.keep_with_next for p in captions)
    assert "thead { display: table-header-group; }" in html
    assert "tr, li { break-inside: avoid; }" in html
    assert "table.kept { break-inside: avoid; }" in html  # short tables whole, long ones break


def test_the_wilcoxon_note_says_the_p_is_asymptotic(document) -> None:
    assert "asymptotic" in _text(document)
    assert "ตรงกับ SPSS" in _text(document)
