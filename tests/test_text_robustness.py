"""Text from the real world: each kind of fault people who run surveys or process Thai text have
reported, with its right result. Control characters, invisible and bidi characters, blank
tricks, emoji after a non-answer, odd CSV files, Buddhist Era years, the export's separator in
a choice value, a negative Cronbach's alpha, Thai dictionary order."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import math
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from analysis.dates import BuddhistEraYearError
from analysis.dates import parse_date
from analysis.dates import thai_date
from analysis.questionnaire.load import QuestionnaireError
from analysis.questionnaire.load import load_questionnaire
from analysis.questionnaire.model import Questionnaire
from analysis.report.blocks import Paragraph
from analysis.report.sections import satisfaction_blocks
from analysis.stats.breakdown import group_labels
from analysis.stats.breakdown import group_order
from analysis.stats.breakdown import summarize_by
from analysis.stats.indices import NEGATIVE_ALPHA_NOTE
from analysis.stats.indices import section_reliability
from analysis.stats.profile import profile_counts
from analysis.stats.ratings import DEFAULT_BANDS
from analysis.text.answers import empty_reason
from analysis.text.intake import intake_text
from analysis.text.intake import text_key
from analysis.text.intake import thai_sorted
from analysis.text.intake import xml_safe
from survey import store
from survey.commands.text import clean_command
from survey.commands.themes import themes_command
from survey.schema import answers as answers_table
from tests.conftest import PASSWORD
from tests.conftest import FrameMaker
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import form_tokens
from tests.conftest import log_in
from tests.conftest import make_record
from tests.conftest import workshop_spec

# Every C0 control a phone keyboard, a paste or a bad app can put in an answer, and the rest of
# what no XML file may hold.
UNSTORABLE = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x20)])
UNSTORABLE += "\x7f\x80\x9f\ufffe\uffff\ufdd0\U0001fffe"
LINE_BREAKS = "\x0b\x0c\x85\u2028\u2029\r"  # Word's line break is VT: these become LF
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
DOWNLOADS = ("responses.csv", "responses.xlsx", "responses.json", "report.docx", "report.html")


def session_answers(suggestion: str, **changes: str) -> dict[str, str]:
    """Return a complete, valid set of answers to the session_feedback questionnaire."""
    answers = {
        "speaker": "4",
        "content": "4",
        "duration": "4",
        "knowledge__before": "2",
        "knowledge__after": "4",
        "recommend": "8",
        "suggestion": suggestion,
    }
    return answers | changes


def post_form(client: FlaskClient, code: str, answers: dict[str, str]) -> Any:
    """Open a session's form and post the answers with its CSRF and idempotency tokens."""
    csrf, token = form_tokens(client.get(f"/j/{code}").get_data(as_text=True))
    return client.post(f"/j/{code}", data={"csrf_token": csrf, "token": token, **answers})


def staff_client(app: Flask, workshop_id: int) -> FlaskClient:
    """Return a client logged in as an admin of the workshop."""
    add_user(app, "admin_robust", "admin", (workshop_id,))
    client = app.test_client()
    assert log_in(client, "admin_robust", PASSWORD).status_code == 302
    return client


def download_all(client: FlaskClient, workshop_id: int) -> dict[str, bytes]:
    """Return every download of the workshop; each must answer 200."""
    bodies = {}
    for name in DOWNLOADS:
        response = client.get(f"/staff/analysis/workshops/{workshop_id}/{name}")
        assert response.status_code == 200, (name, response.status_code)
        bodies[name] = response.data
    return bodies


def docx_text(data: bytes) -> str:
    """Return every paragraph and table cell of a Word file, one per line."""
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# -- answer-control-char: one pasted control character must not break a download ------------


def test_control_characters_never_reach_storage_and_every_download_answers(
    any_app: Flask, questionnaires: dict[str, Questionnaire]
) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    participant = any_app.test_client()
    typed = f"ไม่ค่อยได้ยิน{UNSTORABLE}เสียงเบา\bมาก{BIDI}{LINE_BREAKS[0]}ข้อ 2"
    assert post_form(participant, session["code"], session_answers(typed)).status_code == 303
    with any_app.app_context():
        [record] = store.response_records(session["workshop_id"])
    assert record["answers"]["suggestion"] == ["ไม่ค่อยได้ยินเสียงเบามาก\nข้อ 2"]
    bodies = download_all(staff_client(any_app, session["workshop_id"]), session["workshop_id"])
    assert "ไม่ค่อยได้ยินเสียงเบามาก" in docx_text(bodies["report.docx"])


def test_an_old_database_with_control_characters_still_downloads(
    any_app: Flask, questionnaires: dict[str, Questionnaire], tmp_path: Path
) -> None:
    """The writers are safe on their own: text stored before the gate existed still writes."""
    session = add_session(any_app, questionnaires["session_feedback"])
    with any_app.app_context():
        store.save_response(session["id"], "old-database-0001", "rk", "th", session_answers("x"))
        with store.engine().begin() as conn:  # as an older Sala stored it, past today's gate
            conn.execute(
                answers_table.update()
                .where(answers_table.c.question_id == "suggestion")
                .values(value="เสียง\bเบา\x1b ปิดไมค์\x01\ufffeด้วย")
            )
    client = staff_client(any_app, session["workshop_id"])
    bodies = download_all(client, session["workshop_id"])
    assert "เสียงเบา ปิดไมค์ด้วย" in docx_text(bodies["report.docx"])
    sheet = openpyxl.load_workbook(io.BytesIO(bodies["responses.xlsx"]))["responses"]
    assert "เสียงเบา ปิดไมค์ด้วย" in [cell.value for cell in sheet[2]]
    runner = any_app.test_cli_runner()
    for fmt in ("docx", "html"):
        out = tmp_path / f"report.{fmt}"
        result = runner.invoke(args=["report", "--workshop", session["code"], "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
    for path in ("/staff/sessions/{id}/moderation", "/api/v1/sessions/{id}/texts"):
        assert client.get(path.format(id=session["id"])).status_code == 200


def test_xml_safe_leaves_what_files_can_hold() -> None:
    kept = "ไทย\tline\nnext\r😊 \ufdf0 \ufffd \U0010fffd \ue000"
    assert xml_safe(kept) == kept
    assert xml_safe(UNSTORABLE + "\ud800ok\udfff") == "ok"
    assert intake_text(f"a{LINE_BREAKS}b") == "a\n\n\n\n\n\nb"


# -- invisible-nonanswer, nonanswer-emoji: non-answers whatever decorates them ----------------


def write_rows(path: Path, header: str, rows: list[str], sep: str = ",") -> Path:
    """Write an id column and one text column, quoted, UTF-8, CRLF line ends as Excel does."""
    lines = [f"id{sep}{header}"]
    lines += [f'{i}{sep}"{text}"' for i, text in enumerate(rows, start=1)]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8", newline="")
    return path


def run_clean(path: Path, column: str, *extra: str) -> pd.DataFrame:
    """Run ``clean`` on a CSV and return what it wrote."""
    out = path.with_name("cleaned.csv")
    result = CliRunner().invoke(clean_command, [str(path), "--column", column, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_bidi_marks_and_blank_tricks_are_not_answers(tmp_path: Path) -> None:
    rows = [
        "ไม่มีค่ะ\u200e",  # a left-to-right mark after it
        "\u200fไม่มีครับ",  # a right-to-left mark before it
        "\u3164",  # the Hangul filler: looks blank, is a letter
        "\u2800 \u115f\u1160\uffa0",  # the braille blank and the other fillers
        "ok\u2066\u2069",  # isolates
        "\u202bไม่มี\u202c",  # an embedding
        "แอร์เย็นเกินไป\u200e",  # a real answer with a mark stays an answer
    ]
    frame = run_clean(write_rows(tmp_path / "in.csv", "ข้อเสนอแนะ", rows), "ข้อเสนอแนะ")
    assert frame["empty_reason"].tolist() == [
        *("no_comment", "no_comment", "blank", "blank", "no_comment", "no_comment", ""),
    ]
    assert frame["text_clean"].iloc[-1] == "แอร์เย็นเกินไป"


NON_ANSWERS = [
    "ไม่มีค่ะ 🙏",
    "ไม่มีครับ🙏🏻",
    "ไม่มีค่ะ 🙏🙏🙏",
    "ไม่มีครับผม 😊",
    "ไม่มีค่ะ ^^",
    "ไม่มีจ้า ^_^",
    "ไม่มีอะไรเพิ่มเติมครับ :)",
    "ไม่มีค่ะ :-D",
    "ไม่มีค่ะ ขอบคุณค่ะ 🙏",
    "ไม่มี 555",
    "ok 👍",
    "nothing :)",
    "tiada ^^",
    "(^_^) ไม่มีครับ",
    "🙏 ไม่มีค่ะ",
]


@pytest.mark.parametrize("text", NON_ANSWERS)
def test_non_answers_with_emoji_and_emoticons(text: str) -> None:
    assert empty_reason(text) == "no_comment"


@pytest.mark.parametrize("text", [":)", "^^", "T_T", "xD", "🙏🙏", "\u3164", "\u200b\u200e"])
def test_decoration_alone_is_no_answer(text: str) -> None:
    assert empty_reason(text) in {"symbols", "blank"}


@pytest.mark.parametrize(
    "text", ["ไม่มีที่จอดรถ 😊", "ดีมาก :)", "อาหารอร่อย ^^", "555", "ขอบคุณค่ะ 🙏", "ok แต่ห้องร้อน :("]
)
def test_answers_with_emoji_stay_answers(text: str) -> None:
    assert empty_reason(text) is None


def test_themes_are_made_of_answers_only(
    tmp_path: Path, suggestions: tuple[list[str], list[str]]
) -> None:
    texts = suggestions[0][:16]
    source = write_rows(tmp_path / "in.csv", "ข้อเสนอแนะ", texts + NON_ANSWERS * 2)
    out = tmp_path / "themes.csv"
    args = [str(source), "--column", "ข้อเสนอแนะ", "--out", str(out)]
    result = CliRunner().invoke(themes_command, args)
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert (frame["theme_id"].iloc[len(texts) :] == "").all()  # no non-answer has a theme
    assert (frame["theme_id"].iloc[: len(texts)] != "").all()
    for word in ("🙏", "มี", "ไม่มี", "^^", "ขอบคุณ"):
        assert not any(word in label.split(", ") for label in frame["theme_label"])


# -- semicolon-long-answers, excel-unicode-text, header-formula, header-sara-am ----------------


def test_semicolons_are_found_from_whole_rows_of_long_answers(tmp_path: Path) -> None:
    long_answer = "ปัญหาในพื้นที่คือถนนชำรุด, ไฟฟ้าดับบ่อย " * 200  # commas inside, 8,000+ chars
    lines = ["id;ความคิดเห็น;จังหวัด"]
    lines += [f"{i};{long_answer}{i};ปัตตานี" for i in range(1, 11)]
    source = tmp_path / "limesurvey.csv"
    source.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    frame = run_clean(source, "ความคิดเห็น")
    assert len(frame) == 10
    assert frame["จังหวัด"].tolist() == ["ปัตตานี"] * 10
    assert frame["text_clean"].iloc[9].endswith("10")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_excel_unicode_text_is_read(tmp_path: Path, codec: str) -> None:
    text = "id\tข้อเสนอแนะ\r\n1\tอยากให้มีเวลามากขึ้น\r\n2\tไม่มี\r\n"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    source = tmp_path / "unicode.txt"
    source.write_bytes(bom.get(codec, codecs.BOM_UTF32_LE) + text.encode(codec))
    frame = run_clean(source, "ข้อเสนอแนะ")
    assert frame["text_clean"].tolist() == ["อยากให้มีเวลามากขึ้น", "ไม่มี"]
    assert frame["empty_reason"].tolist() == ["", "no_comment"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_too(tmp_path: Path, codec: str) -> None:
    source = tmp_path / "no-bom.txt"
    source.write_bytes("id\tข้อเสนอแนะ\n1\tดีมาก\n2\tok\n".encode(codec))
    assert run_clean(source, "ข้อเสนอแนะ")["text_clean"].tolist() == ["ดีมาก", "ok"]


@pytest.mark.parametrize("data", ["ข้อเสนอแนะ".encode("cp874"), b"id,x\n1,\x00\xff\xfe\x00"])
def test_text_that_is_neither_utf8_nor_utf16_is_refused_politely(
    tmp_path: Path, data: bytes
) -> None:
    source = tmp_path / "odd.csv"
    source.write_bytes(data)
    result = CliRunner().invoke(clean_command, [str(source), "--column", "x"])
    assert result.exit_code == 1
    assert "save it as 'CSV UTF-8' or 'Unicode Text'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [clean_command, themes_command])
def test_headers_excel_would_run_are_neutralised(
    tmp_path: Path, command: Any, suggestions: tuple[list[str], list[str]]
) -> None:
    source = tmp_path / "in.csv"
    rows = [f'{i},a,"{text}"' for i, text in enumerate(suggestions[0][:12], start=1)]
    header = 'id,"=HYPERLINK(""http://example.invalid"",""คลิก"")",@cmd,ความคิดเห็น'
    source.write_text("\n".join([header.replace(",@cmd", ""), *rows]) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    args = [str(source), "--column", "ความคิดเห็น", "--out", str(out)]
    assert CliRunner().invoke(command, args).exit_code == 0
    first_line = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert first_line.startswith("id,\"'=HYPERLINK(")
    headers = pd.read_csv(out, encoding="utf-8-sig", nrows=0).columns
    assert not any(str(h).startswith(("=", "+", "-", "@")) for h in headers)


@pytest.mark.parametrize(
    ("header", "asked"),
    [
        ("ค\u0e4dาแนะน\u0e4dา", "คำแนะนำ"),  # ำ typed as nikhahit + sara aa in the file
        ("คำแนะนำ", "ค\u0e4dาแนะน\u0e4dา"),  # ... or on the command line
        ("\ufeffคำ\u200bแนะนำ ", "คำแนะนำ"),  # a zero-width space and a trailing space
        ("Comment", "comment"),
    ],
)
def test_a_column_is_found_whichever_way_its_name_was_typed(
    tmp_path: Path, header: str, asked: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(f"id,{header}\n1,ห้องเย็นไป\n2,อาหารอร่อย\n", encoding="utf-8")
    frame = run_clean(source, asked)
    assert frame["text_clean"].tolist() == ["ห้องเย็นไป", "อาหารอร่อย"]


# -- workshop-be-year: a Buddhist Era year is caught, never stored 543 years on ---------------

WORKSHOP_FILE = """\
title: สัมมนาเชิงปฏิบัติการ ปัตตานี
venue: โรงแรมซี.เอส. ปัตตานี
organiser: ศอ.บต.
days:
  - date: {date}
    title: วันที่ 1
    sessions:
      - {{title: พิธีเปิด, questionnaire: session_feedback, open: true}}
"""


def test_a_workshop_file_with_a_buddhist_era_year_is_refused_with_the_gregorian_date(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "workshop.yaml"
    path.write_text(WORKSHOP_FILE.format(date="2569-12-01"), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["workshops", "create", str(path)])
    assert result.exit_code == 1
    assert "workshop.yaml, line 5: day: date 2569-12-01 looks like a Buddhist Era year" in (
        result.output
    )
    assert "write 2026-12-01" in result.output
    with app.app_context():
        assert store.list_workshops() == []
    path.write_text(WORKSHOP_FILE.format(date="2026-12-01"), encoding="utf-8")
    assert app.test_cli_runner().invoke(args=["workshops", "create", str(path)]).exit_code == 0


def test_a_workshop_file_with_control_and_invisible_characters_is_taken_clean(
    app: Flask, tmp_path: Path
) -> None:
    path = tmp_path / "workshop.yaml"
    text = WORKSHOP_FILE.format(date="2026-12-01").replace("ปัตตานี\n", "ปัตตานี\x08\u200e\n", 1)
    path.write_text(text.replace("พิธีเปิด", "พิธี\u200bเปิด\x1b"), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["workshops", "create", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        [workshop] = store.list_workshops()
        [session] = store.list_sessions(workshop["id"])
    assert workshop["title"] == "สัมมนาเชิงปฏิบัติการ ปัตตานี"
    assert session["title"] == "พิธีเปิด"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("2569-12-01", "2026-12-01"), ("2567-02-29", "2024-02-29"), ("2562-8-20", "2019-08-20")],
)
def test_parse_date_names_the_gregorian_date_a_buddhist_era_year_means(
    typed: str, meant: str
) -> None:
    with pytest.raises(BuddhistEraYearError) as refused:
        parse_date(typed)
    assert refused.value.gregorian == dt.date.fromisoformat(meant)
    assert parse_date(meant) == dt.date.fromisoformat(meant)


def test_the_workshop_form_refuses_a_buddhist_era_year_in_thai(
    any_app: Flask, questionnaires: dict[str, Questionnaire]
) -> None:
    add_user(any_app, "fac_be", "facilitator")
    client = any_app.test_client()
    log_in(client, "fac_be")
    data = {
        "csrf_token": csrf_of(client, "/staff/workshops/new"),
        "title": "สัมมนา\u200bปัตตานี\x08",
        "venue": "ปัตตานี",
        "organiser": "ศอ.บต.",
        "starts_on": "2569-12-01",
        "ends_on": "2569-12-02",
    }
    page = client.post("/staff/workshops/new", data=data)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "ปี 2569 เป็นปี พ.ศ. กรุณากรอกปี ค.ศ. 2026 (1 ธันวาคม พ.ศ. 2569 = 2026-12-01)" in html
    with any_app.app_context():
        assert store.list_workshops() == []
    page = client.post("/staff/workshops/new", data=data | {"starts_on": "2026-12-01"})
    assert page.status_code == 200  # the end date is still in the Buddhist Era
    page = client.post(
        "/staff/workshops/new", data=data | {"starts_on": "2026-12-01", "ends_on": "2026-12-02"}
    )
    assert page.status_code == 302
    with any_app.app_context():
        [workshop] = store.list_workshops()
    assert workshop["title"] == "สัมมนาปัตตานี"
    assert workshop["starts_on"] == dt.date(2026, 12, 1)


def test_a_date_stored_with_a_buddhist_era_year_prints_as_one() -> None:
    """Databases from before the check may hold 2569-12-01; the report never says พ.ศ. 3112."""
    assert thai_date(dt.date(2569, 12, 1)) == "1 ธันวาคม พ.ศ. 2569"
    assert thai_date(dt.date(2026, 12, 1)) == "1 ธันวาคม พ.ศ. 2569"


def test_the_report_of_an_old_workshop_with_a_buddhist_era_date_says_2569(
    app: Flask, questionnaires: dict[str, Questionnaire]
) -> None:
    day = dt.date(2569, 12, 1)
    spec = workshop_spec(questionnaires["session_feedback"], starts_on=day, ends_on=day)
    spec["days"][0]["date"] = day
    with app.app_context():
        workshop_id = store.create_workshop(spec)
    client = staff_client(app, workshop_id)
    text = docx_text(download_all(client, workshop_id)["report.docx"])
    assert "1 ธันวาคม พ.ศ. 2569" in text
    assert "3112" not in text


# -- negative-alpha: an alpha that is no reliability says so ----------------------------------

REVERSED = [  # 8 people, 6 items; the last three were answered (or keyed) the other way round
    (5, 5, 4, 1, 2, 1),
    (4, 4, 4, 2, 2, 2),
    (5, 4, 5, 1, 1, 2),
    (2, 2, 3, 4, 5, 4),
    (3, 3, 2, 4, 4, 5),
    (4, 5, 4, 2, 1, 1),
    (2, 3, 2, 5, 4, 4),
    (5, 5, 5, 1, 1, 1),
]
ITEMS = ("speaker", "content", "duration", "venue", "food", "documents")


def test_a_negative_alpha_is_shown_with_a_thai_note(
    make_frame: FrameMaker, questionnaire: Questionnaire
) -> None:
    frame = make_frame([dict(zip(ITEMS, row, strict=True)) for row in REVERSED])
    reliability = section_reliability(frame, questionnaire).set_index("section_id")
    alpha = reliability.loc["satisfaction", "alpha"]
    assert alpha < 0
    assert reliability.loc["satisfaction", "note"] == NEGATIVE_ALPHA_NOTE
    notes = [
        b.text for b in satisfaction_blocks(frame, questionnaire, DEFAULT_BANDS)
        if isinstance(b, Paragraph)
    ]  # fmt: skip
    [summary] = [n for n in notes if n.startswith("ความเชื่อมั่น")]
    assert f"ไม่มีค่าความเชื่อมั่นที่ใช้ได้: คำนวณ α ได้ {alpha:.2f} ซึ่งติดลบ" in summary
    assert f"α = {alpha:.2f}" not in summary  # never printed as if it were a reliability
    assert any("ไม่ได้วัดเรื่องเดียวกัน" in n and "reverse-worded" in n for n in notes)


def test_an_undefined_alpha_says_why(make_frame: FrameMaker, questionnaire: Questionnaire) -> None:
    same = dict.fromkeys(ITEMS, 4)
    frame = make_frame([same, same, same])
    row = section_reliability(frame, questionnaire).set_index("section_id").loc["satisfaction"]
    assert math.isnan(row["alpha"])
    assert "คะแนนรวมของผู้ตอบทุกคนเท่ากัน" in row["note"]
    blocks = satisfaction_blocks(frame, questionnaire, DEFAULT_BANDS)
    notes = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert any("α คำนวณไม่ได้" in n for n in notes)


def test_a_good_alpha_has_no_note(make_frame: FrameMaker, questionnaire: Questionnaire) -> None:
    rows = [(5, 5, 4, 5, 4, 5), (4, 4, 4, 4, 4, 3), (2, 2, 3, 2, 1, 2), (3, 3, 3, 4, 3, 3)]
    frame = make_frame([dict(zip(ITEMS, row, strict=True)) for row in rows])
    row = section_reliability(frame, questionnaire).set_index("section_id").loc["satisfaction"]
    assert row["alpha"] > 0.8
    assert row["note"] is None


# -- pipe-option: a choice value with the export's separator -------------------------------

PIPE_QUESTIONNAIRE = """\
id: pipe_choice
version: 1
title: {th: ทดสอบ}
sections:
  - id: main
    title: {th: ส่วนเดียว}
    questions:
      - id: channel
        type: multiple_choice
        label: {th: ท่านทราบข่าวจากช่องทางใด}
        options:
          - {value: line, label: {th: ไลน์}}
          - {value: "line|facebook", label: {th: ไลน์หรือเฟซบุ๊ก}}
          - {value: facebook, label: {th: เฟซบุ๊ก}}
"""


def test_the_loader_refuses_a_choice_value_with_the_export_separator(tmp_path: Path) -> None:
    path = tmp_path / "pipe.yaml"
    path.write_text(PIPE_QUESTIONNAIRE, encoding="utf-8")
    with pytest.raises(QuestionnaireError) as refused:
        load_questionnaire(path)
    assert str(refused.value).startswith("pipe.yaml, line 13: question 'channel': option value")
    assert "'line|facebook' contains '|'" in str(refused.value)


def test_a_stored_questionnaire_with_the_separator_still_opens(app: Flask, tmp_path: Path) -> None:
    """A session set up before the rule keeps working: its snapshot is read, not refused."""
    path = tmp_path / "pipe.yaml"
    path.write_text(PIPE_QUESTIONNAIRE.replace('"line|facebook"', "both"), encoding="utf-8")
    questionnaire = load_questionnaire(path)
    session = add_session(app, questionnaire)
    snapshot = questionnaire.to_dict()
    snapshot["sections"][0]["questions"][0]["options"][1]["value"] = "line|facebook"
    with app.app_context(), store.engine().begin() as conn:
        conn.execute(
            sa.text("UPDATE sessions SET questionnaire = :q WHERE id = :id"),
            {"q": __import__("json").dumps(snapshot), "id": session["id"]},
        )
    assert app.test_client().get(f"/j/{session['code']}").status_code == 200


# -- the same normalisation for labels, choice values and profile answers ---------------------


def test_questionnaire_labels_and_values_pass_the_intake_gate(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    text = PIPE_QUESTIONNAIRE.replace('"line|facebook"', '"ส\u0e4dานักงาน\u200b"')
    text = text.replace("ท่านทราบข่าวจากช่องทางใด", "ท่านทราบข่าว\u200eจากช่องทางใด\x08")
    path.write_text(text, encoding="utf-8")
    questionnaire = load_questionnaire(path)
    question = questionnaire.question("channel")
    assert question.label.get() == "ท่านทราบข่าวจากช่องทางใด"
    assert [o.value for o in question.options] == ["line", "สำนักงาน", "facebook"]
    stored = questionnaire.to_dict()["sections"][0]["questions"][0]
    assert stored["options"][1]["value"] == "สำนักงาน"  # the snapshot stores the clean text


AGENCY_SPELLINGS = [
    "สำนักงานเขตพื้นที่",  # ำ as one character
    "ส\u0e4dานักงานเขตพื้นที่",  # ำ typed as ํ + า
    "สำนักงาน\u200bเขตพื้นที่ ",  # a zero-width space and a trailing space
    " สำนักงานเขตพื้นที่\u200e",  # a leading space and a bidi mark
    "อบต.บ้านนา",
    "อบต. บ้านนา",  # a space after the abbreviation
    "เทศบาลตำบลยะรัง",
    "กรมการปกครอง",
]


def test_the_same_agency_typed_several_ways_is_one_group(
    make_frame: FrameMaker, questionnaire: Questionnaire
) -> None:
    frame = make_frame([{"agency": a, "speaker": 4, "content": 4} for a in AGENCY_SPELLINGS])
    counts = profile_counts(frame, questionnaire.question("agency"))
    assert counts[["label", "count"]].values.tolist() == [
        ["สำนักงานเขตพื้นที่", 4],
        ["อบต.บ้านนา", 2],
        ["กรมการปกครอง", 1],  # ties in Thai dictionary order: ก, ท (เทศบาล), อ
        ["เทศบาลตำบลยะรัง", 1],
    ]
    labels = group_labels(frame, questionnaire, "agency")
    assert labels.nunique() == 4
    grouped = summarize_by(frame, questionnaire, "agency", min_group_size=2)
    assert set(grouped["group"]) == {"สำนักงานเขตพื้นที่", "อบต.บ้านนา"}


def test_a_choice_stored_with_another_spelling_still_counts(
    questionnaire: Questionnaire,
) -> None:
    from analysis.responses import responses_frame

    records = [make_record(0, {"position": ["district_officer\u200b"], "speaker": ["4"]})]
    frame = responses_frame(records, questionnaire)
    counts = profile_counts(frame, questionnaire.question("position"))
    assert counts.set_index("value").loc["district_officer", "count"] == 1


# -- group-order: Thai dictionary order wherever a list is ordered by name --------------------


def test_groups_are_in_thai_dictionary_order(
    make_frame: FrameMaker, questionnaire: Questionnaire
) -> None:
    names = ["อบต.บ้านนา", "เทศบาลตำบลยะรัง", "โรงพยาบาลปัตตานี", "กรมการปกครอง"]
    frame = make_frame([{"agency": name, "speaker": 4} for name in names])
    labels = group_labels(frame, questionnaire, "agency")
    assert group_order(frame, questionnaire, "agency", labels) == [
        "กรมการปกครอง",
        "เทศบาลตำบลยะรัง",
        "โรงพยาบาลปัตตานี",
        "อบต.บ้านนา",
    ]
    assert thai_sorted(["แพทย์", "เกษตร", "ไก่", "กา"]) == ["กา", "เกษตร", "ไก่", "แพทย์"]


# -- the intake gate itself ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("น\u0e4d\u0e49\u0e32ดื่ม", "น้ำดื่ม"),
        ("เเนะนำ", "แนะนำ"),
        ("ห้อง\u200bประชุม\u2060เย็น\ufeff", "ห้องประชุมเย็น"),
        ("line 1\r\nline 2\rline 3\u2028end", "line 1\nline 2\nline 3\nend"),
        ("\u00a0 ข้อ\u3000หนึ่ง \u3164", "ข้อ หนึ่ง"),
        ("A\u0301", "\u00c1"),  # NFC
        ("\U000e0041\U000e0042hidden", "hidden"),  # tag characters hide text
    ],
)
def test_intake_text(typed: str, stored: str) -> None:
    assert intake_text(typed) == stored
    assert intake_text(stored) == stored


def test_text_key_matches_spellings_of_one_name() -> None:
    keys = {text_key(a) for a in AGENCY_SPELLINGS[:4]}
    assert len(keys) == 1
    assert text_key("อบต. บ้านนา") == text_key("อบต.บ้านนา")
    assert text_key("District Office") == text_key("district  office")


def test_a_required_answer_of_invisible_characters_is_asked_for_again(
    app: Flask, questionnaires: dict[str, Questionnaire]
) -> None:
    short = questionnaires["session_feedback"].to_dict()
    short["id"] = "required_text"
    question = short["sections"][1]["questions"][0]
    question["required"] = True
    session = add_session(app, Questionnaire.from_dict(short))
    client = app.test_client()
    reply = post_form(client, session["code"], session_answers("\u3164\u200b\u200e "))
    assert reply.status_code == 422
    assert "กรุณาตอบข้อนี้" in reply.get_data(as_text=True)
    with app.app_context():
        assert store.count_responses() == 0


def test_zip_of_every_office_file_is_well_formed(
    app: Flask, questionnaires: dict[str, Questionnaire]
) -> None:
    """DOCX and XLSX files open as ZIPs whose XML parts parse: nothing a writer let through."""
    from xml.dom import minidom

    session = add_session(app, questionnaires["session_feedback"])
    post_form(app.test_client(), session["code"], session_answers("ข้อความ\x01ทดสอบ\ufffe"))
    bodies = download_all(staff_client(app, session["workshop_id"]), session["workshop_id"])
    for name in ("responses.xlsx", "report.docx"):
        with zipfile.ZipFile(io.BytesIO(bodies[name])) as archive:
            for part in archive.namelist():
                if part.endswith(".xml"):
                    minidom.parseString(archive.read(part))
