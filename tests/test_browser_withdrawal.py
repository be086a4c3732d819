"""A participant withdraws an answer on a real phone browser (PDPA s. 19): nothing goes without
the tick, the tick and one tap delete it everywhere it was counted, and the person may answer
again."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from survey import store
from tests.conftest import add_session
from tests.test_browser_access import stored
from tests.test_browser_staff import submit_from_phone

pytestmark = pytest.mark.browser


def test_a_participant_withdraws_an_answer_and_may_answer_again(
    live_app: tuple[Flask, str], phone: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    submit_from_phone(phone, base, session["code"])
    assert stored(app, session) == 1
    thanks_url = phone.url

    # A tap on the button without the tick deletes nothing: the browser asks for the tick.
    phone.get_by_role("button", name="ถอนคำตอบของฉัน").tap()
    phone.wait_for_timeout(300)
    assert phone.url == thanks_url
    assert stored(app, session) == 1

    phone.get_by_label("ฉันต้องการลบคำตอบนี้").tap()
    phone.get_by_role("button", name="ถอนคำตอบของฉัน").tap()
    phone.get_by_role("heading", name="ถอนคำตอบแล้ว").wait_for()
    assert stored(app, session) == 0
    with app.app_context():
        actions = [row["action"] for row in store.audit_entries()]
    assert "withdrawal" in actions

    # The thank-you page no longer vouches for the deleted answer: it sends the person to the form.
    phone.goto(thanks_url)
    assert "/thanks" not in phone.url
    assert phone.get_by_role("button", name="ส่งคำตอบ").is_visible()

    submit_from_phone(phone, base, session["code"])
    assert stored(app, session) == 1
