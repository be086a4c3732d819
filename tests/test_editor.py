"""The questionnaire editor through the real HTTP stack (CSRF on): a questionnaire of every question
type built through the pages, answered on the phone form, seen in the dashboard, results,
exports and report; versions after answers; broken saves; conflicting saves."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey import store
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import form_tokens
from tests.conftest import log_in
from tests.conftest import readable
from tests.conftest import workshop_spec

IDEA = "อยากให้ซ่อมถนน\u200bเข้าหมู่บ้าน ๒ จุด 😊 และเพิ่มไฟส่องสว่างค่ะ"
_RE_REVISION = re.compile(r'name="revision" type="hidden" value="(\d+)"')


@pytest.fixture
def workshop(app: Flask, questionnaire: Any) -> dict[str, Any]:
    """A workshop (no sessions yet) with its facilitator logged in on `client`."""
    with app.app_context():
        workshop_id = store.create_workshop(workshop_spec(questionnaire, days=[]))
    add_user(app, "somchai", "facilitator", (workshop_id,))
    return {"id": workshop_id}


def logged_in(app: Flask, username: str = "somchai") -> FlaskClient:
    client = app.test_client()
    assert log_in(client, username).status_code == 302
    return client


def exported(app: Flask, workshop_id: int) -> bytes:
    """Return the workshop's XLSX export as its analyst downloads it (facilitators may not)."""
    with app.app_context():
        if store.user_by_name("ana") is None:
            add_user(app, "ana", "analyst", (workshop_id,))
    response = logged_in(app, "ana").get(f"/staff/analysis/workshops/{workshop_id}/responses.xlsx")
    assert response.status_code == 200
    return bytes(response.data)


def create(client: FlaskClient, workshop_id: int, key: str = "pattani", source: str = "") -> int:
    page = f"/staff/workshops/{workshop_id}/questionnaires"
    reply = client.post(
        page,
        data={
            "csrf_token": csrf_of(client, page),
            "source": source,
            "key": key,
            "title": "แบบประเมินปัตตานี",
        },
    )
    assert reply.status_code == 302, reply.get_data(as_text=True)
    return int(reply.headers["Location"].rsplit("/", 1)[1])


def revision(client: FlaskClient, path: str) -> str:
    found = _RE_REVISION.search(client.get(path).get_data(as_text=True))
    assert found
    return found.group(1)


def add_question(
    client: FlaskClient, row_id: int, fields: dict[str, Any], section: str = "part_1"
) -> Any:
    path = f"/staff/questionnaires/{row_id}/questions/new?section={section}&type={fields['type']}"
    data = {
        "csrf_token": csrf_of(client, path),
        "revision": revision(client, path),
        "section": section,
        **fields,
    }
    return client.post(f"/staff/questionnaires/{row_id}/questions/new", data=data)


EVERY_TYPE: list[dict[str, Any]] = [
    {
        "id": "speaker",
        "type": "likert",
        "required": "y",
        "label_th": "วิทยากรถ่ายทอดได้ชัดเจน",
        "label_en": "The speaker was clear",
        "label_ms": "Penceramah jelas",
        "help_th": "เลือกหนึ่งระดับ",
    },
    {
        "id": "score",
        "type": "rating",
        "min": "1",
        "max": "7",
        "label_th": "คะแนนภาพรวม",
        "min_label_th": "แย่มาก",
        "max_label_th": "ดีมาก",
    },
    {
        "id": "recommend",
        "type": "nps",
        "label_th": "จะแนะนำเพื่อนหรือไม่",
        "label_en": "Would you recommend it?",
        "min_label_th": "ไม่แนะนำเลย",
        "max_label_th": "แนะนำอย่างยิ่ง",
        "min_label_en": "Not at all",
        "max_label_en": "Certainly",
    },
    {
        "id": "role",
        "type": "single_choice",
        "required": "y",
        "label_th": "ตำแหน่ง",
        "label_en": "Position",
        "options-0-value": "officer",
        "options-0-th": "ปลัดอำเภอ",
        "options-0-en": "District officer",
        "options-1-value": "leader",
        "options-1-th": "ผู้นำท้องที่",
        "options-2-value": "other",
        "options-2-th": "อื่น ๆ",
    },
    {
        "id": "role_other",
        "type": "short_text",
        "required": "y",
        "label_th": "ตำแหน่งอื่น โปรดระบุ",
        "max_length": "60",
        "opinion": "no",
        "show_if": ["role=other"],
    },
    {
        "id": "use",
        "type": "multiple_choice",
        "label_th": "จะนำไปใช้อย่างไร",
        "options-0-value": "work",
        "options-0-th": "ในงาน",
        "options-1-value": "share",
        "options-1-th": "ถ่ายทอดต่อ",
    },
    {
        "id": "idea",
        "type": "long_text",
        "label_th": "ข้อเสนอแนะ",
        "label_ms": "Cadangan",
        "max_length": "500",
    },
    {
        "id": "knowledge",
        "type": "before_after",
        "required": "y",
        "label_th": "ความรู้ในหัวข้อนี้",
        "scale_th": "ดีมาก\nดี\nพอใช้\nน้อย",
    },
]


def build_every_type(app: Flask, workshop: dict[str, Any]) -> tuple[FlaskClient, int]:
    client = logged_in(app)
    row_id = create(client, workshop["id"])
    for fields in EVERY_TYPE:
        reply = add_question(client, row_id, fields)
        assert reply.status_code == 302, (fields["id"], reply.get_data(as_text=True)[-3000:])
    return client, row_id


def test_every_question_type_is_built_through_the_pages(app: Flask, workshop: dict) -> None:
    _, row_id = build_every_type(app, workshop)
    with app.app_context():
        row = store.questionnaire_row(row_id)
    assert row is not None
    from analysis.questionnaire.model import Questionnaire

    form = Questionnaire.from_dict(row["definition"])
    assert [(q.id, q.type) for q in form.questions] == [(f["id"], f["type"]) for f in EVERY_TYPE]
    speaker = form.question("speaker")
    assert speaker.required
    assert speaker.label.get("ms") == "Penceramah jelas"
    assert speaker.help is not None
    assert speaker.help.get() == "เลือกหนึ่งระดับ"
    recommend = form.question("recommend")
    assert recommend.min_label is not None
    assert recommend.min_label.get("en") == "Not at all"
    assert form.question("score").scale_max == 7
    assert [o.value for o in form.question("role").options] == ["officer", "leader", "other"]
    other = form.question("role_other")
    assert other.max_length == 60
    assert (other.opinion, other.is_opinion) == (False, False)
    assert (form.question("idea").opinion, form.question("idea").is_opinion) == (None, True)
    assert other.condition is not None
    assert other.condition.values == ("other",)
    assert [o.label.get() for o in form.question("knowledge").options] == [
        "ดีมาก",
        "ดี",
        "พอใช้",
        "น้อย",
    ]
    assert row["revision"] == len(EVERY_TYPE) + 1


def test_duplicate_move_delete_and_the_question_bank_are_plain_posts(
    app: Flask, workshop: dict
) -> None:
    client, row_id = build_every_type(app, workshop)
    editor = f"/staff/questionnaires/{row_id}"

    def press(path: str) -> None:
        reply = client.post(
            f"{editor}/{path}",
            data={"csrf_token": csrf_of(client, editor), "revision": revision(client, editor)},
        )
        assert reply.status_code == 302

    def ids() -> list[str]:
        with app.app_context():
            row = store.questionnaire_row(row_id)
        assert row is not None
        return [q["id"] for s in row["definition"]["sections"] for q in s["questions"]]

    press("questions/speaker/duplicate")
    assert ids()[:2] == ["speaker", "speaker_2"]
    press("questions/speaker_2/down")
    assert ids()[:3] == ["speaker", "score", "speaker_2"]
    press("questions/speaker_2/up")
    press("questions/speaker_2/up")
    assert ids()[:2] == ["speaker_2", "speaker"]
    press("questions/speaker_2/delete")
    assert "speaker_2" not in ids()
    # role_other depends on role: deleting role is refused with the reason, nothing changes.
    before = ids()
    reply = client.post(
        f"{editor}/questions/role/delete",
        data={"csrf_token": csrf_of(client, editor), "revision": revision(client, editor)},
        follow_redirects=True,
    )
    assert "เงื่อนไขการแสดง" in reply.get_data(as_text=True)
    assert ids() == before
    # The question bank: the six satisfaction items in one click, clashing ids numbered.
    reply = client.post(
        f"{editor}/bank",
        data={
            "csrf_token": csrf_of(client, editor),
            "revision": revision(client, editor),
            "group": "satisfaction",
            "section": "part_1",
        },
    )
    assert reply.status_code == 302
    assert ids()[-6:] == ["speaker_2", "content", "duration", "venue", "food", "documents"]


def answer_on_phone(app: Flask, code: str, **changes: Any) -> None:
    phone = app.test_client()
    csrf, token = form_tokens(phone.get(f"/j/{code}").get_data(as_text=True))
    answers = {
        "csrf_token": csrf,
        "token": token,
        "lang": "th",
        "step": "all",
        "speaker": "5",
        "score": "6",
        "recommend": "9",
        "role": "leader",
        "use": ["work", "share"],
        "idea": IDEA,
        "knowledge__before": "2",
        "knowledge__after": "4",
        **changes,
    }
    reply = phone.post(f"/j/{code}", data={k: v for k, v in answers.items() if v is not None})
    assert reply.status_code == 303, reply.get_data(as_text=True)[-2000:]


def open_session(
    app: Flask, client: FlaskClient, workshop_id: int, key: str, title: str
) -> dict[str, Any]:
    page = f"/staff/workshops/{workshop_id}"
    reply = client.post(
        f"{page}/sessions",
        data={
            "csrf_token": csrf_of(client, page),
            "title": title,
            "date": "2019-08-20",
            "day_title": "วันที่ 1",
            "questionnaire": key,
        },
    )
    assert reply.status_code == 302
    with app.app_context():
        session = next(s for s in store.list_sessions(workshop_id) if s["title"] == title)
        store.set_session_open(session["id"], True)
    return session


def test_built_questionnaire_is_answered_and_seen_in_dashboard_results_exports_and_report(
    app: Flask, workshop: dict
) -> None:
    client, _ = build_every_type(app, workshop)
    session = open_session(app, client, workshop["id"], "pattani", "บรรยาย")
    answer_on_phone(app, session["code"])
    answer_on_phone(app, session["code"], role="other", role_other="ครู กศน.", speaker="4")
    summary = client.get(f"/api/v1/workshops/{workshop['id']}/summary").get_json()
    [block] = summary["questionnaires"]
    ratings = {r["column"]: r for r in block["ratings"]}
    assert ratings["speaker"]["mean"] == 4.5
    assert ratings["score"]["n"] == 2
    assert ratings["recommend"]["n"] == 2
    assert block["knowledge"][0]["change"] == 2.0
    assert any(t["text"].startswith("อยากให้ซ่อมถนน") for t in summary["texts"])
    results = client.get(f"/staff/analysis/workshops/{workshop['id']}").get_data(as_text=True)
    assert "วิทยากรถ่ายทอดได้ชัดเจน" in results
    book = openpyxl.load_workbook(io.BytesIO(exported(app, workshop["id"])))
    header = [c.value for c in book["responses"][1]]
    for column in (
        "speaker",
        "score",
        "recommend",
        "role",
        "role_other",
        "use",
        "idea",
        "knowledge__before",
        "knowledge__after",
        "questionnaire_version",
    ):
        assert column in header
    rows = list(book["responses"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[header.index("role_other")] or "" for r in rows) == ["", "ครู กศน."]
    report = client.get(f"/staff/analysis/workshops/{workshop['id']}/report.html").get_data(
        as_text=True
    )
    assert "วิทยากรถ่ายทอดได้ชัดเจน" in report
    assert "ตำแหน่ง" in report


def test_an_edit_after_answers_makes_a_new_version_and_old_answers_keep_their_label(
    app: Flask, workshop: dict
) -> None:
    client, row_id = build_every_type(app, workshop)
    first = open_session(app, client, workshop["id"], "pattani", "วันแรก")
    answer_on_phone(app, first["code"])
    second = open_session(app, client, workshop["id"], "pattani", "วันที่สอง")
    # Relabel speaker and an option, and remove the idea question.
    path = f"/staff/questionnaires/{row_id}/questions/speaker"
    page = client.get(path).get_data(as_text=True)
    reply = client.post(
        path,
        data={
            "csrf_token": csrf_of(client, path),
            "revision": _RE_REVISION.search(page).group(1),
            **{k: v for k, v in EVERY_TYPE[0].items() if k != "id"},
            "label_th": "วิทยากรตอบคำถามได้ตรงประเด็น",
            "section": "part_1",
        },
    )
    assert reply.status_code == 302
    assert "รุ่นที่ 2" in client.get(reply.headers["Location"]).get_data(as_text=True)
    editor = f"/staff/questionnaires/{row_id}"
    client.post(
        f"{editor}/questions/idea/delete",
        data={"csrf_token": csrf_of(client, editor), "revision": revision(client, editor)},
    )
    with app.app_context():
        assert store.session_by_id(first["id"])["questionnaire"]["version"] == 1
        assert store.session_by_id(second["id"])["questionnaire"]["version"] == 2
        assert store.questionnaire_row(row_id)["version"] == 2
    answer_on_phone(app, second["code"], idea=None, speaker="3")
    book = openpyxl.load_workbook(io.BytesIO(exported(app, workshop["id"])))
    header = [c.value for c in book["responses"][1]]
    rows = list(book["responses"].iter_rows(min_row=2, values_only=True))
    by_version = {r[header.index("questionnaire_version")]: r for r in rows}
    # the removed question keeps its answer (cleaned for the export: Thai digits as 0-9)
    assert by_version[1][header.index("idea")].startswith("อยากให้ซ่อมถนนเข้าหมู่บ้าน")
    assert by_version[2][header.index("idea")] is None
    _thai, *book_rows = list(book["codebook"].iter_rows(values_only=True))
    codes = book_rows[0]
    labels = {
        (r[codes.index("version")], r[codes.index("question_id")]): r[codes.index("label")]
        for r in book_rows[1:]
        if r[codes.index("code")] is None and r[codes.index("version")] is not None
    }
    assert labels[(1, "speaker")] == "วิทยากรถ่ายทอดได้ชัดเจน"
    assert labels[(2, "speaker")] == "วิทยากรตอบคำถามได้ตรงประเด็น"
    assert (1, "idea") in labels
    assert (2, "idea") not in labels
    long_rows = list(book["answers_long"].iter_rows(values_only=True))
    assert ("speaker", 5) in {(r[1], r[3]) for r in long_rows[1:]}
    summary = client.get(f"/api/v1/workshops/{workshop['id']}/summary").get_json()
    [block] = summary["questionnaires"]
    speaker = next(r for r in block["ratings"] if r["column"] == "speaker")
    assert speaker["n"] == 2
    assert speaker["mean"] == 4.0
    report = client.get(f"/staff/analysis/workshops/{workshop['id']}/report.html").get_data(
        as_text=True
    )
    assert "วิทยากรตอบคำถามได้ตรงประเด็น" in report  # the newest version answered


def test_a_broken_save_keeps_what_was_typed_with_the_problem_beside_the_field(
    app: Flask, workshop: dict
) -> None:
    client = logged_in(app)
    row_id = create(client, workshop["id"])
    reply = add_question(
        client,
        row_id,
        {
            "id": "role",
            "type": "single_choice",
            "label_th": "ตำแหน่งของท่าน ก่อนเข้าร่วม",
            "label_en": "Your role",
            "options-0-th": "ปลัดอำเภอ",
        },
    )
    assert reply.status_code == 422
    html = reply.get_data(as_text=True)
    options = html[html.index('id="f-options"') :]
    assert 'fieldset class="kind invalid"' in html
    assert "ต้องมีตัวเลือกอย่างน้อยสองข้อ" in options[: options.index("</fieldset>")]
    assert "ตำแหน่งของท่าน ก่อนเข้าร่วม</textarea>" in html
    assert 'value="Your role"' in html or "Your role</textarea>" in html
    assert 'value="ปลัดอำเภอ"' in html
    reply = add_question(
        client,
        row_id,
        {"id": "score", "type": "rating", "min": "9", "max": "3", "label_th": "คะแนน"},
    )
    html = reply.get_data(as_text=True)
    assert reply.status_code == 422
    assert re.search(r'<p class="field invalid">\s*<label for="max"', html)
    reply = add_question(
        client, row_id, {"id": "Bad Id", "type": "short_text", "label_th": "หน่วยงาน"}
    )
    assert reply.status_code == 422
    assert re.search(r'<p class="field invalid">\s*<label for="id"', reply.get_data(as_text=True))
    reply = add_question(client, row_id, {"id": "q", "type": "short_text", "label_th": "  "})
    assert reply.status_code == 422
    assert "ยังไม่ได้กรอกข้อความคำถาม" in reply.get_data(as_text=True)
    with app.app_context():
        row = store.questionnaire_row(row_id)
    assert row is not None
    assert row["revision"] == 1  # nothing was saved


def test_a_second_save_of_the_same_revision_is_told_what_changed_and_loses_nothing(
    any_app: Flask, questionnaire: Any
) -> None:
    with any_app.app_context():
        workshop_id = store.create_workshop(workshop_spec(questionnaire, days=[]))
    add_user(any_app, "somchai", "facilitator", (workshop_id,))
    add_user(any_app, "malee", "facilitator", (workshop_id,))
    first, second = logged_in(any_app, "somchai"), logged_in(any_app, "malee")
    row_id = create(first, workshop_id)
    for fields in EVERY_TYPE[:4]:
        assert add_question(first, row_id, fields).status_code == 302
    # Both open the "speaker" form at the same revision.
    path = f"/staff/questionnaires/{row_id}/questions/speaker"
    base = revision(first, path)
    assert revision(second, path) == base
    fields = {k: v for k, v in EVERY_TYPE[0].items() if k != "id"} | {
        "section": "part_1",
        "revision": base,
    }
    saved = first.post(
        path, data=fields | {"csrf_token": csrf_of(first, path), "label_th": "วิทยากร (สมชาย)"}
    )
    assert saved.status_code == 302
    clash = second.post(
        path, data=fields | {"csrf_token": csrf_of(second, path), "label_th": "วิทยากร (มาลี)"}
    )
    assert clash.status_code == 409
    html = clash.get_data(as_text=True)
    assert "มีผู้บันทึกแบบประเมินนี้ก่อนท่าน" in html
    assert "somchai บันทึกเมื่อ" in html
    assert "แก้ไขคำถาม &#39;speaker&#39; (ข้อความคำถาม)" in html
    assert "วิทยากร (มาลี)</textarea>" in html  # what the second person typed is still there
    with any_app.app_context():
        row = store.questionnaire_row(row_id)
    assert row is not None
    assert row["definition"]["sections"][0]["questions"][0]["label"]["th"] == "วิทยากร (สมชาย)"
    # Saving again, having seen the change, applies to the newest revision.
    again = _RE_REVISION.search(html)
    assert again is not None
    assert int(again.group(1)) == row["revision"]
    resaved = second.post(
        path,
        data=fields
        | {
            "csrf_token": csrf_of(second, path),
            "revision": again.group(1),
            "label_th": "วิทยากร (มาลี)",
        },
    )
    assert resaved.status_code == 302
    # A button pressed on an old page is refused too, and says what changed.
    editor = f"/staff/questionnaires/{row_id}"
    moved = first.post(
        f"{editor}/questions/role/up",
        data={"csrf_token": csrf_of(first, editor), "revision": base},
        follow_redirects=True,
    )
    assert "มีผู้บันทึกแบบประเมินนี้ก่อนหน้า" in moved.get_data(as_text=True)
    with any_app.app_context():
        row = store.questionnaire_row(row_id)
    assert row is not None
    questions = row["definition"]["sections"][0]["questions"]
    assert [q["id"] for q in questions] == ["speaker", "score", "recommend", "role"]
    assert questions[0]["label"]["th"] == "วิทยากร (มาลี)"


def test_the_phone_preview_shows_each_language_and_the_question_being_edited(
    app: Flask, workshop: dict
) -> None:
    client, row_id = build_every_type(app, workshop)
    english = client.get(f"/staff/questionnaires/{row_id}/preview?lang=en").get_data(as_text=True)
    assert "The speaker was clear" in english
    assert "Would you recommend it?" in english
    assert "ภาษานี้ยังไม่ได้เปิดให้ผู้ตอบเลือก" not in english  # a new questionnaire offers th, en, ms
    assert "10 = Certainly" in english
    path = f"/staff/questionnaires/{row_id}/questions/speaker"
    live = client.post(
        f"/staff/questionnaires/{row_id}/preview?lang=th&qid=speaker",
        data={
            "csrf_token": csrf_of(client, path),
            **{k: v for k, v in EVERY_TYPE[0].items() if k != "id"},
            "section": "part_1",
            "label_th": "ยังไม่บันทึก",
        },
    ).get_data(as_text=True)
    live = readable(live)
    assert "ยังไม่บันทึก" in live
    with app.app_context():
        row = store.questionnaire_row(row_id)
    assert row is not None
    assert "ยังไม่บันทึก" not in str(row["definition"])
    broken = client.post(
        f"/staff/questionnaires/{row_id}/preview?lang=th&qid=role",
        data={
            "csrf_token": csrf_of(client, path),
            "type": "single_choice",
            "label_th": "ตำแหน่ง",
            "options-0-th": "ก",
            "section": "part_1",
        },
    ).get_data(as_text=True)
    assert 'id="preview-problem"' in broken
    assert "ปลัดอำเภอ" in broken  # the saved version is still shown


def test_a_questionnaire_starts_from_a_template_or_a_copy_and_ids_stay_unique(
    app: Flask, workshop: dict
) -> None:
    client = logged_in(app)
    from_template = create(client, workshop["id"], "my_evaluation", "file:workshop_evaluation")
    with app.app_context():
        row = store.questionnaire_row(from_template)
    assert row is not None
    assert "speaker" in [q["id"] for s in row["definition"]["sections"] for q in s["questions"]]
    copy = create(client, workshop["id"], "my_copy", f"db:{from_template}")
    with app.app_context():
        copied = store.questionnaire_row(copy)
    assert copied is not None
    assert copied["definition"]["sections"] == row["definition"]["sections"]
    page = f"/staff/workshops/{workshop['id']}/questionnaires"
    taken = client.post(
        page,
        data={
            "csrf_token": csrf_of(client, page),
            "source": "",
            "key": "session_feedback",
            "title": "x",
        },
    )
    assert taken.status_code == 422
    assert "มีแบบประเมินอื่นใช้แล้ว" in taken.get_data(as_text=True)


def test_a_file_imported_through_the_page_joins_the_workshop_or_is_refused_whole(
    app: Flask, workshop: dict
) -> None:
    import yaml

    from tests.test_questionnaire_conditions import conditional
    from tests.test_xlsform import SURVEY
    from tests.test_xlsform import workbook

    client = logged_in(app)
    page = f"/staff/workshops/{workshop['id']}/questionnaires"
    data = conditional()
    data["sections"][0]["questions"][0]["label"] = "  ตำแหน่ง\u00a0 "
    upload = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    reply = client.post(
        f"{page}/import",
        data={"csrf_token": csrf_of(client, page), "file": (io.BytesIO(upload), "cond.yaml")},
        content_type="multipart/form-data",
    )
    assert reply.status_code == 302
    with app.app_context():
        row = store.questionnaire_by_key("cond")
    assert row is not None
    assert row["workshop_id"] == workshop["id"]
    assert row["definition"]["sections"][0]["questions"][0]["label"] == "ตำแหน่ง"
    bad = [*SURVEY[:3], ("calculate", "total", *([None] * 8)), *SURVEY[3:]]
    reply = client.post(
        f"{page}/import",
        data={"csrf_token": csrf_of(client, page), "file": (io.BytesIO(workbook(bad)), "bad.xlsx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    html = reply.get_data(as_text=True)
    assert "นำเข้าไม่ได้ ยังไม่ได้สร้างสิ่งใด" in html
    assert "ชีต survey แถว 4: ชนิด &#39;calculate&#39; (&#39;total&#39;) ศาลาถามแบบนี้ไม่ได้" in html
    with app.app_context():
        assert store.questionnaire_by_key("pattani_roads") is None
