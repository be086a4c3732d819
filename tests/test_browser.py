"""A participant on a phone, in headless Chromium: answer in Thai, survive a lost network, no doubles."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from survey import store
from tests.conftest import SUGGESTION
from tests.conftest import add_session
from tests.conftest import answer_session_form

pytestmark = pytest.mark.browser


def responses(app: Flask, workshop_id: int) -> list[dict[str, Any]]:
    with app.app_context():
        return store.response_records(workshop_id)


def test_answer_submit_and_tap_submit_again_on_the_old_page(
    live_app: tuple[Flask, str], phone: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    phone.goto(f"{base}/j/{session['code'].lower()}")
    assert phone.locator("h1").inner_text() == "แบบประเมินรายช่วงการบรรยาย"
    answer_session_form(phone)
    assert phone.locator("#progress").inner_text() == "ตอบแล้ว 5/6"
    phone.get_by_role("button", name="ส่งคำตอบ").tap()
    phone.wait_for_url("**/thanks?t=*")
    assert "ขอบคุณสำหรับคำตอบ" in phone.locator("h1").inner_text()
    # Without its respondent key the browser gets a new form; the sent token goes back in.
    phone.context.clear_cookies(name="sala_rk")
    phone.go_back()
    phone.wait_for_selector("#answer-form")
    phone.get_by_role("button", name="ส่งคำตอบ").tap()
    phone.wait_for_url("**/thanks?t=*")
    [record] = responses(app, session["workshop_id"])
    assert record["answers"]["suggestion"] == [SUGGESTION]
    assert record["answers"]["speaker"] == ["5"]


def test_a_dropped_network_keeps_the_answers_and_the_retry_stores_one(
    live_app: tuple[Flask, str], phone: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    phone.goto(f"{base}/j/{session['code']}")
    answer_session_form(phone)
    phone.route("**/j/**", lambda route: route.abort("internetdisconnected"))
    phone.get_by_role("button", name="ส่งคำตอบ").tap()
    alert = phone.locator("#net")
    alert.wait_for(state="visible")
    assert "คำตอบของท่านยังอยู่ครบ" in alert.inner_text()
    assert phone.locator("textarea[name=suggestion]").input_value() == SUGGESTION
    assert responses(app, session["workshop_id"]) == []
    phone.unroute("**/j/**")
    phone.get_by_role("button", name="ส่งคำตอบ").tap()
    phone.wait_for_url("**/thanks?t=*")
    assert len(responses(app, session["workshop_id"])) == 1


def test_answers_come_back_after_a_reload_with_the_same_token(
    live_app: tuple[Flask, str], phone: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    phone.goto(f"{base}/j/{session['code']}")
    answer_session_form(phone)
    token = phone.locator("#token").input_value()
    phone.reload()
    assert phone.locator("#restored").is_visible()
    assert phone.locator("textarea[name=suggestion]").input_value() == SUGGESTION
    assert phone.locator('input[name="speaker"][value="5"]').is_checked()
    assert phone.locator("#token").input_value() == token
    phone.get_by_role("button", name="ส่งคำตอบ").tap()
    phone.wait_for_url("**/thanks?t=*")
    phone.goto(f"{base}/j/{session['code']}")
    phone.get_by_role("button", name="ตอบอีกครั้ง").tap()
    phone.wait_for_selector("#answer-form")
    assert not phone.locator("#restored").is_visible()
    assert phone.locator("textarea[name=suggestion]").input_value() == ""


def test_a_missing_answer_is_shown_next_to_its_question(
    live_app: tuple[Flask, str], phone: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    phone.goto(f"{base}/j/{session['code']}")
    phone.locator("textarea[name=suggestion]").fill(SUGGESTION)
    phone.get_by_role("button", name="ส่งคำตอบ").tap()
    phone.wait_for_selector("fieldset.invalid")
    speaker = phone.locator('fieldset[data-q="speaker"]')
    assert "กรุณาตอบข้อนี้" in speaker.inner_text()
    assert phone.locator("textarea[name=suggestion]").input_value() == SUGGESTION
    assert responses(app, session["workshop_id"]) == []


def test_without_javascript_back_and_reload_says_the_answer_is_in(
    live_app: tuple[Flask, str], phone_without_js: Any, questionnaires: dict
) -> None:
    app, base = live_app
    page = phone_without_js
    session = add_session(app, questionnaires["session_feedback"])
    page.goto(f"{base}/j/{session['code']}")
    answer_session_form(page)
    page.get_by_role("button", name="ส่งคำตอบ").tap()
    page.wait_for_url("**/thanks?t=*")
    page.go_back()
    page.reload()
    assert page.locator("#answered h1").inner_text() == "✓ ท่านส่งคำตอบแล้ว"
    assert page.locator("#answer-form").count() == 0
    assert SUGGESTION not in page.content()
    assert len(responses(app, session["workshop_id"])) == 1
    page.get_by_role("button", name="ตอบอีกครั้ง").tap()
    page.wait_for_selector("#answer-form")
    assert page.locator("textarea[name=suggestion]").input_value() == ""
    answer_session_form(page)
    page.get_by_role("button", name="ส่งคำตอบ").tap()
    page.wait_for_url("**/thanks?t=*")
    page.go_back()
    page.reload()
    page.wait_for_selector("#answered")
    assert len(responses(app, session["workshop_id"])) == 2
