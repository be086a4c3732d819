"""In headless Chromium: a facilitator builds a questionnaire with a condition and opens a session
with it; a participant on a phone sees the conditional question only after the answer that
triggers it; the dashboard shows the answer."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from analysis.questionnaire.model import Questionnaire
from survey import store
from tests.conftest import add_user
from tests.conftest import workshop_spec
from tests.test_browser_staff import log_in

pytestmark = pytest.mark.browser

OTHER_ROLE = "ครูสอนศาสนา (ตาดีกา) 😊"


def add_question(laptop: Any, section: str, kind: str) -> None:
    block = laptop.locator(f"#s-{section}")
    block.locator("select[name=type]").select_option(kind)
    block.get_by_role("button", name="เพิ่มคำถาม").click()
    laptop.wait_for_selector("#question-form")


def test_a_facilitator_builds_a_condition_and_a_phone_answer_reaches_the_dashboard(
    live_app: tuple[Flask, str], laptop: Any, phone: Any, questionnaire: Questionnaire
) -> None:
    app, base = live_app
    with app.app_context():
        workshop_id = store.create_workshop(workshop_spec(questionnaire, days=[]))
    add_user(app, "somchai", "facilitator", (workshop_id,))
    log_in(laptop, base, f"/staff/workshops/{workshop_id}/questionnaires")
    laptop.get_by_label("รหัสแบบประเมิน").fill("pattani_2019")
    laptop.get_by_label("ชื่อแบบประเมิน (ไทย)").fill("แบบประเมินการบรรยาย ปัตตานี")
    laptop.get_by_role("button", name="สร้างและเปิดตัวแก้ไข").click()
    laptop.wait_for_selector("#s-part_1")
    # A single-choice question, its options typed in Thai and English.
    add_question(laptop, "part_1", "single_choice")
    laptop.get_by_label("รหัสคำถาม").fill("role")
    laptop.locator("#label_th").fill("ตำแหน่งของท่าน")
    laptop.locator("#label_en").fill("Your position")
    for row, (value, thai) in enumerate(
        (("officer", "ปลัดอำเภอ"), ("leader", "ผู้นำท้องที่"), ("other", "อื่น ๆ"))
    ):
        laptop.locator(f"#options-{row}-value").fill(value)
        laptop.locator(f"#options-{row}-th").fill(thai)
    # The live preview shows the question before it is saved.
    preview = laptop.frame_locator("#preview")
    preview.locator("legend", has_text="ตำแหน่งของท่าน").wait_for()
    laptop.get_by_role("button", name="บันทึกคำถาม").click()
    laptop.wait_for_selector("#q-role")
    # A text question shown only for "other".
    add_question(laptop, "part_1", "short_text")
    laptop.get_by_label("รหัสคำถาม").fill("role_other")
    laptop.locator("#label_th").fill("ตำแหน่งอื่น โปรดระบุ")
    laptop.get_by_label("ต้องตอบ").check()
    laptop.get_by_label("อื่น ๆ").check()
    laptop.get_by_role("button", name="บันทึกคำถาม").click()
    laptop.wait_for_selector("#q-role_other")
    assert "แสดงเมื่อ “ตำแหน่งของท่าน” ตอบ อื่น ๆ" in laptop.locator("#q-role_other").inner_text()
    add_question(laptop, "part_1", "likert")
    laptop.get_by_label("รหัสคำถาม").fill("speaker")
    laptop.locator("#label_th").fill("วิทยากรถ่ายทอดได้ชัดเจน")
    laptop.get_by_role("button", name="บันทึกคำถาม").click()
    laptop.wait_for_selector("#q-speaker")
    # A session with it, opened.
    laptop.goto(f"{base}/staff/workshops/{workshop_id}")
    laptop.get_by_label("ชื่อช่วง/หัวข้อ").fill("บรรยายพิเศษ")
    laptop.get_by_label("วันที่").fill("2019-08-20")
    laptop.get_by_label("แบบประเมิน").select_option("pattani_2019")
    laptop.get_by_role("button", name="เพิ่มช่วง").click()
    laptop.get_by_role("button", name="เปิดรับคำตอบ").click()
    laptop.locator(".pill.open").wait_for()
    with app.app_context():
        [session] = store.list_sessions(workshop_id)
    # The participant: the conditional question appears only after "other" is tapped.
    phone.goto(f"{base}/j/{session['code']}")
    other = phone.locator('fieldset[data-q="role_other"]')
    assert other.is_hidden()
    assert phone.locator("#progress").inner_text() == "ตอบแล้ว 0/2"
    phone.get_by_text("ผู้นำท้องที่").tap()
    assert other.is_hidden()
    phone.get_by_text("อื่น ๆ").tap()
    other.wait_for(state="visible")
    phone.locator("input[name=role_other]").fill(OTHER_ROLE)
    phone.locator('input[name="speaker"][value="5"]').tap()
    phone.get_by_role("button", name="ส่งคำตอบ").tap()
    phone.wait_for_url("**/thanks?t=*")
    # The dashboard shows it: the rating counted, the other-please-specify text kept out of the
    # comments (it is a profile answer, not an opinion: issue 11).
    laptop.goto(f"{base}/staff/sessions/{session['id']}/dashboard")
    laptop.locator("#count", has_text="1").wait_for()
    laptop.locator('#questionnaires tr[data-column*="speaker"]').wait_for()
    assert OTHER_ROLE not in laptop.locator("#texts").inner_text()
    with app.app_context():
        [record] = store.response_records(workshop_id)
    assert record["answers"] == {"role": ["other"], "role_other": [OTHER_ROLE], "speaker": ["5"]}


def test_without_javascript_the_phone_form_goes_page_by_page(
    live_app: tuple[Flask, str], phone_without_js: Any
) -> None:
    from tests.conftest import add_session
    from tests.test_questionnaire_conditions import conditional

    app, base = live_app
    session = add_session(app, Questionnaire.from_dict(conditional()))
    page = phone_without_js
    page.goto(f"{base}/j/{session['code']}")
    assert page.locator("#page-of").inner_text() == "หน้า 1 จาก 3"
    assert page.locator('fieldset[data-q="topics"]').is_hidden()  # on page 2
    page.get_by_text("ผู้นำท้องที่", exact=True).tap()
    page.get_by_role("button", name="ถัดไป").tap()
    page.locator("#page-of", has_text="หน้า 2 จาก 3").wait_for()
    assert page.locator('fieldset[data-q="role_other"]').is_hidden()
    page.locator('fieldset[data-q="topics"]').get_by_text("ถนน", exact=True).tap()
    page.get_by_role("button", name="ถัดไป").tap()
    page.locator("#page-of", has_text="หน้า 3 จาก 3").wait_for()
    page.locator('input[name="recommend"][value="8"]').tap()
    page.get_by_role("button", name="ส่งคำตอบ").tap()
    page.wait_for_url("**/thanks?t=*")
    with app.app_context():
        [record] = store.response_records(session["workshop_id"])
    assert record["answers"] == {"role": ["leader"], "topics": ["roads"], "recommend": ["8"]}
