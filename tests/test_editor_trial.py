"""Faults a new-user trial of the questionnaire editor found, each through the HTTP stack: ids
that take over the participant form's own fields, and the other kinds listed in issue 10's trial."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import yaml
from flask import Flask

from analysis import export
from analysis.questionnaire.model import FORM_FIELDS
from analysis.questionnaire.model import RESERVED_IDS
from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.transfer import TransferError
from analysis.questionnaire.transfer import export_bytes
from analysis.questionnaire.transfer import read_questionnaire
from analysis.questionnaire.xlsform_write import FORMULA_PREFIXES
from analysis.responses import META_COLUMNS
from survey import store
from survey.forms import SYSTEM_FIELDS
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import workshop_spec
from tests.test_editor import _RE_REVISION
from tests.test_editor import add_question
from tests.test_editor import answer_on_phone
from tests.test_editor import build_every_type
from tests.test_editor import create
from tests.test_editor import logged_in
from tests.test_editor import open_session
from tests.test_questionnaire_conditions import conditional
from tests.test_xlsform import SURVEY
from tests.test_xlsform import workbook


@pytest.fixture
def workshop(app: Flask, questionnaire: Any) -> dict[str, Any]:
    """A workshop (no sessions yet) whose facilitator is somchai."""
    with app.app_context():
        workshop_id = store.create_workshop(workshop_spec(questionnaire, days=[]))
    add_user(app, "somchai", "facilitator", (workshop_id,))
    return {"id": workshop_id}


def import_file(client: Any, workshop_id: int, content: bytes, name: str) -> Any:
    page = f"/staff/workshops/{workshop_id}/questionnaires"
    return client.post(
        f"{page}/import",
        data={"csrf_token": csrf_of(client, page), "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_the_reserved_ids_cover_the_form_fields_and_the_export_columns() -> None:
    assert SYSTEM_FIELDS == FORM_FIELDS
    assert set(META_COLUMNS) <= RESERVED_IDS


@pytest.mark.parametrize("reserved", ["token", "csrf_token", "lang", "step", "go", "language"])
def test_a_reserved_question_id_is_refused_by_the_editor_yaml_and_xlsform(
    app: Flask, workshop: dict, reserved: str
) -> None:
    client = logged_in(app)
    row_id = create(client, workshop["id"])
    reply = add_question(client, row_id, {"id": reserved, "type": "short_text", "label_th": "ชื่อ"})
    assert reply.status_code == 422
    assert f"รหัสคำถาม &#39;{reserved}&#39; เป็นชื่อที่ระบบสงวนไว้" in reply.get_data(as_text=True)
    with app.app_context():
        row = store.questionnaire_row(row_id)
    assert row is not None
    assert reserved not in [q["id"] for s in row["definition"]["sections"] for q in s["questions"]]

    data = conditional()
    data["sections"][0]["questions"][0]["id"] = reserved
    data["sections"][0]["questions"][1].pop("show_if")
    reply = import_file(client, workshop["id"], yaml.safe_dump(data).encode(), "form.yaml")
    assert "นำเข้าไม่ได้" in reply.get_data(as_text=True)
    html = reply.get_data(as_text=True).replace("&#39;", "'")
    assert f"form.yaml บรรทัด 12: รหัสคำถาม '{reserved}' เป็นชื่อที่ระบบสงวนไว้ใช้เอง" in html
    with app.app_context():
        assert store.questionnaire_by_key("cond") is None

    survey = [row if row[1] != "trips" else (row[0], reserved, *row[2:]) for row in SURVEY]
    reply = import_file(client, workshop["id"], workbook(survey), "form.xlsx")
    html = reply.get_data(as_text=True).replace("&#39;", "'")
    assert "นำเข้าไม่ได้" in html
    assert f"ชีต survey แถว 10: รหัสคำถาม '{reserved}' เป็นชื่อที่ระบบสงวนไว้ใช้เอง" in html
    with app.app_context():
        assert store.questionnaire_by_key("pattani_roads") is None


def test_every_question_type_is_seen_in_dashboard_results_and_report(
    app: Flask, workshop: dict
) -> None:
    client, _ = build_every_type(app, workshop)
    session = open_session(app, client, workshop["id"], "pattani", "บรรยาย")
    answer_on_phone(app, session["code"])
    answer_on_phone(app, session["code"], role="other", role_other="ครู", score="2", use=["work"])
    summary = client.get(f"/api/v1/workshops/{workshop['id']}/summary").get_json()
    [block] = summary["questionnaires"]
    choices = {c["column"]: c for c in block["choices"]}
    assert [(o["value"], o["n"]) for o in choices["role"]["options"]] == [
        ("officer", 0),
        ("leader", 1),
        ("other", 1),
    ]
    assert choices["role"]["n"] == 2
    assert {o["value"]: o["n"] for o in choices["use"]["options"]} == {"work": 2, "share": 1}
    assert {o["value"]: o["share"] for o in choices["use"]["options"]} == {"work": 1, "share": 0.5}
    dashboard = client.get(f"/staff/workshops/{workshop['id']}/dashboard").get_data(as_text=True)
    assert "function choices(q)" in dashboard
    assert '"choices"' in dashboard

    results = client.get(f"/staff/analysis/workshops/{workshop['id']}").get_data(as_text=True)
    role_table = results.split('id="choices-role"')[1].split("</table>")[0]
    assert 'ผู้นำท้องที่</td><td class="num">1</td><td class="num">50%' in role_table
    assert 'ปลัดอำเภอ</td><td class="num">0</td>' in role_table
    use_table = results.split('id="choices-use"')[1].split("</table>")[0]
    assert 'ในงาน</td><td class="num">2</td><td class="num">100%' in use_table

    report = client.get(f"/staff/analysis/workshops/{workshop['id']}/report.html")
    html = report.get_data(as_text=True)
    # the 1–7 rating: a table of every score with the meaning of its ends, then n, mean, S.D.
    rating = html.split("คะแนนภาพรวม")[1].split("</table>")[0]
    assert "แย่มาก" in rating
    assert "ดีมาก" in rating
    assert html.count("คะแนนภาพรวม") >= 1
    assert "n = 2, x̄ = 4.00, S.D. = 2.83 (คะแนน 1–7)" in html
    # the 0–10 question: its scores as a table too, not only the NPS sentence
    recommend = html.split("จะแนะนำเพื่อนหรือไม่")[-1].split("</table>")[0]
    assert "แนะนำอย่างยิ่ง" in recommend
    assert "n = 2, x̄ = 9.00" in html


def test_labels_that_look_like_formulas_are_written_as_text_and_read_back_as_typed() -> None:
    data = conditional()
    data["title"] = "=1+1"
    data["sections"][0]["title"] = "@SUM(A1)"
    data["sections"][0]["questions"][0]["label"] = '=HYPERLINK("http://x.example","คลิก")'
    data["sections"][0]["questions"][0]["options"][0]["label"] = "-ปลัด"
    data["sections"][0]["questions"][0]["options"][1]["label"] = "+ผู้นำ"
    form = Questionnaire.from_dict(data)
    written = export_bytes(form, "xlsform")
    book = openpyxl.load_workbook(io.BytesIO(written))
    looks_like_formula = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES)
    ]
    assert len(looks_like_formula) == 6  # the title twice: form_title and sala_title::Thai
    assert all(c.data_type == "s" and c.quotePrefix for c in looks_like_formula)
    back = read_questionnaire(written, "back.xlsx")
    assert back.title.get() == "=1+1"
    assert back.question("role").label.get() == '=HYPERLINK("http://x.example","คลิก")'
    assert [o.label.get() for o in back.question("role").options][:2] == ["-ปลัด", "+ผู้นำ"]


def test_a_formula_cell_in_an_imported_xlsform_is_refused_not_read_as_the_name() -> None:
    book = openpyxl.load_workbook(io.BytesIO(workbook(SURVEY)))
    book["survey"]["C5"] = '=CONCAT("ตำแหน่ง", "อื่น")'
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(TransferError) as refused:
        read_questionnaire(buffer.getvalue(), "formula.xlsx")
    assert refused.value.problems == [
        'survey, row 5: cell C5 is a formula (\'=CONCAT("ตำแหน่ง", "อื่น")\'); type its text instead'
    ]


def test_the_formula_rule_is_the_responses_export_rule() -> None:
    assert FORMULA_PREFIXES == export.FORMULA_PREFIXES


def test_an_xlsform_sala_wrote_reads_back_as_the_same_questionnaire() -> None:
    data = conditional()  # an intro in two languages, an English title, a rating with its ends
    data["sections"][0]["questions"] += [
        {
            "id": "score",
            "type": "rating",
            "min": 1,
            "max": 7,
            "label": "คะแนน",
            "help": {"th": "ให้คะแนนภาพรวม", "en": "Overall"},
            "min_label": "แย่มาก",
            "max_label": {"th": "ดีมาก", "en": "Very good"},
        },
    ]
    recommend = data["sections"][1]["questions"][0]
    recommend.update(type="nps", label="จะแนะนำเพื่อนหรือไม่", max_label="แนะนำอย่างยิ่ง")
    recommend.update(min_label={"th": "ไม่แนะนำเลย", "en": "Not at all"})
    recommend.pop("min", None)
    recommend.pop("max", None)
    form = Questionnaire.from_dict(data)
    written = export_bytes(form, "xlsform")
    back = read_questionnaire(written, "back.xlsx")
    assert back == form
    assert back.intro == form.intro
    score = back.question("score")
    assert score.min_label is not None
    assert score.min_label.get() == "แย่มาก"
    assert score.help is not None
    assert score.help.translations == {"th": "ให้คะแนนภาพรวม", "en": "Overall"}
    assert back.question("recommend").help is None
    # KoboToolbox still shows the ends: they are in the hint it reads
    survey = openpyxl.load_workbook(io.BytesIO(written))["survey"]
    hints = [str(c.value) for row in survey.iter_rows() for c in row if c.value]
    assert "ให้คะแนนภาพรวม · 1 = แย่มาก · 7 = ดีมาก" in hints


LAUGHS = "\n".join(
    ["id: laughs", "title: &a0 ฮ่า", "sections: []"]
    + [f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
)


def test_yaml_aliases_are_refused_before_they_are_expanded(
    app: Flask, workshop: dict, tmp_path: Any
) -> None:
    assert len(LAUGHS.encode()) < 700  # ten to the ninth labels if it were expanded
    client = logged_in(app)
    reply = import_file(client, workshop["id"], LAUGHS.encode(), "laughs.yaml")
    html = reply.get_data(as_text=True).replace("&#39;", "'")
    assert "นำเข้าไม่ได้" in html
    assert "laughs.yaml บรรทัด 4: ไฟล์ใช้ alias ของ YAML (*ชื่อ) ซึ่งไม่รับ" in html
    with app.app_context():
        assert store.questionnaire_by_key("laughs") is None
    path = tmp_path / "laughs.yaml"
    path.write_text(LAUGHS, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["questionnaires", "import", str(path)])
    assert result.exit_code != 0
    assert "alias '*a0' is not allowed" in result.output
    with pytest.raises(TransferError) as refused:
        read_questionnaire(LAUGHS.encode(), "laughs.yaml")
    assert refused.value.problems_th == [
        "laughs.yaml บรรทัด 4: ไฟล์ใช้ alias ของ YAML (*ชื่อ) ซึ่งไม่รับ กรุณาเขียนค่าออกมาตรง ๆ (ไม่ใช้ & และ *)"
    ]


def bangkok_minutes() -> set[str]:
    """Return this minute and the next in Bangkok, as HH:MM (a save may cross a minute)."""
    now = dt.datetime.now(ZoneInfo("Asia/Bangkok"))
    return {f"{t:%H:%M}" for t in (now, now + dt.timedelta(minutes=1))}


def test_times_in_the_editor_are_thai_time_whatever_the_server_zone(
    any_app: Flask, questionnaire: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")  # the server's own zone is not Thailand's
    time.tzset()
    try:
        with any_app.app_context():
            workshop_id = store.create_workshop(workshop_spec(questionnaire, days=[]))
        add_user(any_app, "somchai", "facilitator", (workshop_id,))
        add_user(any_app, "malee", "facilitator", (workshop_id,))
        first, second = logged_in(any_app, "somchai"), logged_in(any_app, "malee")
        row_id = create(first, workshop_id)
        path = f"/staff/questionnaires/{row_id}/meta"
        page = first.get(f"/staff/questionnaires/{row_id}").get_data(as_text=True)
        base = _RE_REVISION.search(page)
        assert base
        fields = {"revision": base.group(1), "title_th": "แบบประเมิน", "languages": ["en"]}
        expected = bangkok_minutes()
        editor = f"/staff/questionnaires/{row_id}"
        saved = first.post(path, data=fields | {"csrf_token": csrf_of(first, editor)})
        assert saved.status_code == 302
        clash = second.post(path, data=fields | {"csrf_token": csrf_of(second, editor)})
        assert clash.status_code == 409
        html = clash.get_data(as_text=True)
        assert any(f"somchai บันทึกเมื่อ {hhmm} น." in html for hhmm in expected), html[-3000:]
        listing = first.get(f"/staff/workshops/{workshop_id}/questionnaires")
        assert any(hhmm in listing.get_data(as_text=True) for hhmm in expected)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_wtforms_own_messages_are_thai_in_the_editor_and_the_session_form(
    app: Flask, workshop: dict
) -> None:
    client = logged_in(app)
    row_id = create(client, workshop["id"])
    reply = add_question(
        client,
        row_id,
        {"id": "score", "type": "rating", "label_th": "ก" * 2001, "min": "หนึ่ง", "max": "5"},
    )
    assert reply.status_code == 422
    html = reply.get_data(as_text=True)
    assert "ยาวได้ไม่เกิน 2000 ตัวอักษร" in html
    assert "กรุณากรอกเป็นจำนวนเต็ม (ตัวเลข 0–9)" in html
    for english in ("Field cannot be longer", "Not a valid integer", "Not a valid choice"):
        assert english not in html
    reply = add_question(client, row_id, {"id": "x", "type": "matrix", "label_th": "ชนิดแปลก"})
    assert reply.status_code == 422
    assert "ตัวเลือกไม่ถูกต้อง กรุณาเลือกจากรายการ" in reply.get_data(as_text=True)
    page = f"/staff/workshops/{workshop['id']}"
    reply = client.post(
        f"{page}/sessions",
        data={
            "csrf_token": csrf_of(client, page),
            "title": "บรรยาย",
            "date": "2019-08-20",
            "questionnaire": "no_such_form",
        },
        follow_redirects=True,
    )
    html = reply.get_data(as_text=True)
    assert "เพิ่มไม่ได้" in html
    assert "ตัวเลือกไม่ถูกต้อง กรุณาเลือกจากรายการ" in html
    assert "Not a valid choice" not in html


def test_an_xlsform_import_takes_kobo_columns_and_ids_and_says_every_problem_in_thai(
    app: Flask, workshop: dict
) -> None:
    client = logged_in(app)
    header = list(SURVEY[0])
    header[2], header[3] = "label::th", "label::en"
    book = openpyxl.load_workbook(io.BytesIO(workbook([tuple(header), *SURVEY[1:]])))
    book["settings"]["A2"] = "KoboForm-1"
    buffer = io.BytesIO()
    book.save(buffer)
    reply = import_file(client, workshop["id"], buffer.getvalue(), "kobo.xlsx")
    assert "นำเข้า &#39;koboform_1&#39; แล้ว" in reply.get_data(as_text=True)
    with app.app_context():
        row = store.questionnaire_by_key("koboform_1")
    assert row is not None
    form = Questionnaire.from_dict(row["definition"])
    assert form.question("role").label.translations == {"th": "ตำแหน่ง", "en": "Position"}

    header[2], header[3], header[4] = (
        "label::English (en)",
        "label::Malay (ms)",
        "hint::English (en)",
    )
    english = workbook([tuple(header), *SURVEY[1:]])
    html = import_file(client, workshop["id"], english, "english.xlsx").get_data(as_text=True)
    html = html.replace("&#39;", "'")
    assert "นำเข้าไม่ได้ ยังไม่ได้สร้างสิ่งใด" in html
    for row_number, name in ((4, "role"), (5, "role_other"), (9, "road_score")):
        assert f"ชีต survey แถว {row_number}: '{name}': ไม่มีข้อความภาษาไทย" in html
    empty = workbook(SURVEY[:2])
    html = import_file(client, workshop["id"], empty, "empty.xlsx").get_data(as_text=True)
    assert "ชีต survey: แบบฟอร์มนี้ไม่มีคำถามที่ศาลาถามได้เลย" in html
    broken = workbook(
        [*SURVEY[:3], ("select_one nolist", "x", "ก", "x", *([None] * 6)), *SURVEY[3:]]
    )
    html = import_file(client, workshop["id"], broken, "broken.xlsx").get_data(as_text=True)
    assert "ไม่พบรายการตัวเลือกนี้ในชีต choices" in html
    assert "nolist" not in html.split("นำเข้าไม่ได้")[1].split("</")[0]  # no raw pyxform text
    with app.app_context():
        assert store.questionnaire_by_key("pattani_roads") is None


def test_two_workshops_import_the_same_form_and_the_second_gets_a_numbered_id(
    any_app: Flask, questionnaire: Any
) -> None:
    upload = yaml.safe_dump(conditional(), allow_unicode=True).encode("utf-8")
    keys = []
    for name in ("somchai", "malee"):
        with any_app.app_context():
            workshop_id = store.create_workshop(workshop_spec(questionnaire, days=[]))
        add_user(any_app, name, "facilitator", (workshop_id,))
        reply = import_file(logged_in(any_app, name), workshop_id, upload, "cond.yaml")
        html = reply.get_data(as_text=True).replace("&#39;", "'")
        assert "มีแบบประเมินอื่นใช้แล้ว" not in html
        assert "นำเข้าไม่ได้" not in html
        with any_app.app_context():
            [row] = store.list_questionnaires([workshop_id])
        keys.append(row["key"])
    assert keys == ["cond", "cond_2"]
    assert "รหัส 'cond' ถูกใช้แล้ว จึงตั้งรหัสแบบประเมินนี้เป็น 'cond_2'" in html
    assert "นำเข้า 'cond_2' แล้ว" in html


def test_a_100000_character_label_is_refused_beside_its_field_with_the_form_kept(
    app: Flask, workshop: dict
) -> None:
    client = logged_in(app)
    row_id = create(client, workshop["id"])
    label = "ข" * 100_000
    reply = add_question(
        client, row_id, {"id": "idea", "type": "long_text", "label_th": label, "help_th": "ช่วย"}
    )
    assert reply.status_code == 422
    html = reply.get_data(as_text=True)
    assert "ยาวได้ไม่เกิน 2000 ตัวอักษร" in html
    assert label in html  # what was typed is still in the form
    assert 'value="ช่วย"' in html
    participant = app.test_client().post("/j/ABCDEF", data={"x": "ก" * 300_000})
    assert participant.status_code == 413  # the participant's limit stays small


def test_a_scale_end_typed_with_its_number_is_printed_once(app: Flask, workshop: dict) -> None:
    client = logged_in(app)
    row_id = create(client, workshop["id"])
    fields = {
        "id": "recommend",
        "type": "nps",
        "label_th": "จะแนะนำเพื่อนหรือไม่",
        "min_label_th": "0 = ไม่แนะนำเลย",
        "max_label_th": "10 = แนะนำอย่างยิ่ง",
        "min_label_en": "0: Not at all",
    }
    assert add_question(client, row_id, fields).status_code == 302
    score = {"id": "score", "type": "rating", "min": "1", "max": "7", "label_th": "คะแนน"}
    score |= {"min_label_th": "1=แย่มาก", "max_label_th": "7 คือดีมาก"}
    assert add_question(client, row_id, score).status_code == 302
    with app.app_context():
        row = store.questionnaire_row(row_id)
    assert row is not None
    form = Questionnaire.from_dict(row["definition"])
    recommend = form.question("recommend")
    assert recommend.min_label is not None
    assert recommend.max_label is not None
    assert recommend.min_label.translations == {"th": "ไม่แนะนำเลย", "en": "Not at all"}
    assert recommend.max_label.get() == "แนะนำอย่างยิ่ง"
    rating = form.question("score")
    assert rating.min_label is not None
    assert rating.max_label is not None
    assert (rating.min_label.get(), rating.max_label.get()) == ("แย่มาก", "7 คือดีมาก")
    preview = client.get(f"/staff/questionnaires/{row_id}/preview").get_data(as_text=True)
    preview = re.sub(r"<[^>]+>", "", preview)  # Thai words come in spans with <wbr> between
    assert "0 = 0 =" not in preview
    assert "0 = ไม่แนะนำเลย" in preview


def test_two_options_with_the_same_label_are_refused(app: Flask, workshop: dict) -> None:
    client = logged_in(app)
    row_id = create(client, workshop["id"])
    fields = {"id": "agree", "type": "single_choice", "label_th": "เห็นด้วยไหม"}
    fields |= {"options-0-th": "ใช่", "options-1-th": "ใช่ ", "options-2-th": "ไม่ใช่"}
    reply = add_question(client, row_id, fields)
    assert reply.status_code == 422
    html = reply.get_data(as_text=True).replace("&#39;", "'")
    assert "มีตัวเลือกสองข้อที่ข้อความเหมือนกัน ('ใช่')" in html
    with app.app_context():
        row = store.questionnaire_row(row_id)
    assert row is not None
    assert "agree" not in [q["id"] for s in row["definition"]["sections"] for q in s["questions"]]


def test_deleting_a_question_a_condition_names_says_to_remove_the_condition_first(
    app: Flask, workshop: dict
) -> None:
    client, row_id = build_every_type(app, workshop)
    editor = f"/staff/questionnaires/{row_id}"
    reply = client.post(
        f"{editor}/questions/role/delete",
        data={"csrf_token": csrf_of(client, editor)},
        follow_redirects=True,
    )
    html = reply.get_data(as_text=True).replace("&#39;", "'")
    assert "ลบคำถาม 'role' ไม่ได้: 'role_other' แสดงเฉพาะเมื่อตอบคำถามนี้" in html
    assert "กรุณาลบเงื่อนไขการแสดง (แสดงข้อนี้เฉพาะเมื่อ) ของ 'role_other' ก่อน" in html
    with app.app_context():
        row = store.questionnaire_row(row_id)
    assert row is not None
    assert "role" in [q["id"] for s in row["definition"]["sections"] for q in s["questions"]]


def test_the_workshop_page_and_the_editor_have_each_id_once(app: Flask, workshop: dict) -> None:
    client, row_id = build_every_type(app, workshop)
    open_session(app, client, workshop["id"], "pattani", "บรรยาย")
    for path in (f"/staff/workshops/{workshop['id']}", f"/staff/questionnaires/{row_id}"):
        html = client.get(path).get_data(as_text=True)
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), (path, sorted({i for i in ids if ids.count(i) > 1}))
        labels = re.findall(r'<label for="([^"]+)"', html)
        assert set(labels) <= set(ids), path


def test_more_option_rows_without_javascript_keep_what_was_typed(
    app: Flask, workshop: dict
) -> None:
    client = logged_in(app)
    row_id = create(client, workshop["id"])
    fields = {"id": "province", "type": "single_choice", "label_th": "จังหวัด"}
    fields |= {f"options-{i}-th": name for i, name in enumerate(("ปัตตานี", "ยะลา", "นราธิวาส"))}
    reply = add_question(client, row_id, fields | {"more_options": "1"})
    assert reply.status_code == 200
    html = reply.get_data(as_text=True)
    assert 'value="นราธิวาส"' in html
    assert 'name="options-7-th"' in html  # three filled, two spare, three more
    assert "เพิ่มแถวตัวเลือก" in html
    with app.app_context():
        row = store.questionnaire_row(row_id)
    assert row is not None
    assert "province" not in [
        q["id"] for s in row["definition"]["sections"] for q in s["questions"]
    ]
    fields |= {"options-5-th": "สตูล", "options-6-th": "สงขลา"}
    assert add_question(client, row_id, fields).status_code == 302
    with app.app_context():
        row = store.questionnaire_row(row_id)
    assert row is not None
    form = Questionnaire.from_dict(row["definition"])
    assert [o.label.get() for o in form.question("province").options] == [
        "ปัตตานี",
        "ยะลา",
        "นราธิวาส",
        "สตูล",
        "สงขลา",
    ]


def test_a_large_questionnaire_file_imports_and_one_too_large_is_refused_as_a_file(
    app: Flask, workshop: dict
) -> None:
    from tests.test_questionnaire import GOOD

    client = logged_in(app)
    # half a megabyte, as an XLSForm with long choice lists is: more than a form post may carry
    padded = GOOD.replace("id: tiny", "id: padded") + "# " + "ก" * 160_000 + "\n"
    assert len(padded.encode()) > 256 * 1024
    reply = import_file(client, workshop["id"], padded.encode(), "padded.yaml")
    assert reply.status_code == 200
    with app.app_context():
        assert store.questionnaire_by_key("padded") is not None
    huge = GOOD.replace("id: tiny", "id: huge") + "# " + "ก" * 2_000_000 + "\n"
    reply = import_file(client, workshop["id"], huge.encode(), "huge.yaml")
    reply.request.environ["wsgi.input"].close()  # the test client's spooled body: unread, so open
    assert reply.status_code == 413
    html = reply.get_data(as_text=True)
    assert "ไฟล์ที่นำเข้าต้องไม่เกิน 5 MB" in html
    assert "ตัดข้อความ" in html  # a file's refusal, not only "text too long"
    with app.app_context():
        assert store.questionnaire_by_key("huge") is None
