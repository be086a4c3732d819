"""In headless Chromium: long unbroken words (a pasted URL, 300 × ก) in a questionnaire's labels,
options and help and in a session's title wrap on the phone form, the editor and the A4 poster
instead of making the page scroll sideways."""

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

URL = "https://example.go.th/" + "a" * 300
THAI = "ก" * 300


def long_words(qid: str = "long_words") -> Questionnaire:
    return Questionnaire.from_dict(
        {
            "id": qid,
            "title": f"แบบประเมิน {THAI}",
            "intro": URL,
            "sections": [
                {
                    "id": "main",
                    "title": THAI,
                    "questions": [
                        {
                            "id": "role",
                            "type": "single_choice",
                            "label": f"ตำแหน่ง {THAI}",
                            "help": URL,
                            "options": [
                                {"value": "a", "label": THAI},
                                {"value": "b", "label": URL},
                            ],
                        },
                        {"id": "speaker", "type": "likert", "label": URL},
                        {
                            "id": "score",
                            "type": "rating",
                            "min": 1,
                            "max": 7,
                            "label": THAI,
                            "min_label": THAI,
                            "max_label": URL,
                        },
                    ],
                }
            ],
        }
    )


def sideways(page: Any) -> int:
    """Return how far the page scrolls sideways, in CSS pixels."""
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def test_long_words_wrap_on_the_phone_the_editor_and_the_poster(
    live_app: tuple[Flask, str], phone: Any, laptop: Any, tmp_path: Any
) -> None:
    screenshots = tmp_path
    app, base = live_app
    form = long_words()
    spec = workshop_spec(form)
    spec["days"][0]["sessions"][0]["title"] = f"ช่วง {THAI}"
    with app.app_context():
        workshop_id = store.create_workshop(spec)
        session = store.list_sessions(workshop_id)[0]
        store.set_session_open(session["id"], True)
    add_user(app, "somchai", "facilitator", (workshop_id,))
    with app.app_context():  # the editor's own copy of the same questions
        row_id = store.create_questionnaire(long_words("long_words_2"), workshop_id, None)
    phone.goto(f"{base}/j/{session['code']}")
    assert phone.locator("legend", has_text="ตำแหน่ง").count() == 1
    assert sideways(phone) == 0
    phone.goto(f"{base}/j/{session['code']}/poster")
    assert sideways(phone) == 0
    log_in(laptop, base, f"/staff/questionnaires/{row_id}")
    assert sideways(laptop) == 0
    laptop.goto(f"{base}/staff/questionnaires/{row_id}/questions/role")
    assert sideways(laptop) == 0
    laptop.screenshot(path=str(screenshots / "question.png"))
    phone.goto(f"{base}/j/{session['code']}")
    phone.screenshot(path=str(screenshots / "phone.png"), full_page=True)
