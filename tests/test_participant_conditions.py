"""Conditions on the participant's form through the real HTTP stack: with JavaScript the whole
form comes in one post; without it the server shows the form page by page and decides what is
shown. Either way a hidden question is never required and what is sent for it is not stored."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from analysis.questionnaire.model import Questionnaire
from analysis.text.intake import intake_text
from survey import store
from tests.conftest import add_session
from tests.conftest import form_tokens
from tests.conftest import readable
from tests.test_questionnaire_conditions import conditional

ROAD = "ถนนสาย ๔๑๐ ชำรุด\u200b เป็นหลุม 🚧"
ROAD_STORED = intake_text(ROAD)  # what the intake gate keeps: no zero-width space


@pytest.fixture
def session(app: Flask) -> dict[str, Any]:
    return add_session(app, Questionnaire.from_dict(conditional()))


def stored(app: Flask, workshop_id: int) -> list[dict[str, Any]]:
    with app.app_context():
        return store.response_records(workshop_id)


def fieldset(html: str, qid: str) -> str:
    found = re.search(rf'<fieldset class="q[^"]*" data-q="{qid}"[^>]*>', html)
    assert found, f"no fieldset for {qid}"
    return found.group(0)


def test_the_form_carries_conditions_and_starts_on_its_first_page(
    client: FlaskClient, session: dict
) -> None:
    html = readable(client.get(f"/j/{session['code']}").get_data(as_text=True))
    assert 'class="paged"' in html
    assert re.search(r'<input[^>]*name="step"[^>]*value="0"', html)
    assert 'data-show-if="[{&#34;q&#34;: &#34;role&#34;, &#34;v&#34;: [&#34;other&#34;]}]"' in html
    assert " hidden disabled" in fieldset(html, "role_other")
    assert "hidden" not in fieldset(html, "role")
    assert "10 = แนะนำอย่างยิ่ง" in html
    assert "0 = ไม่แนะนำเลย" in html
    assert "โปรดตอบตามจริง" in html  # the introduction
    assert "หน้า 1 จาก 3" in html
    assert ">ถัดไป</button>" in html


def post_all(client: FlaskClient, code: str, **answers: Any) -> Any:
    """Post the whole form at once, as the page does once its script has shown every page."""
    csrf, token = form_tokens(client.get(f"/j/{code}").get_data(as_text=True))
    data = {"csrf_token": csrf, "token": token, "lang": "th", "step": "all", **answers}
    return client.post(f"/j/{code}", data=data)


def test_with_javascript_a_hidden_question_is_neither_required_nor_stored(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    # role_other and recommend are required, but hidden for an officer; the script would not
    # send them, and a crafted post that does is not stored either.
    reply = post_all(
        client,
        session["code"],
        role="officer",
        role_other="ควรไม่ถูกเก็บ",
        topics=["water"],
        roads_where=ROAD,
        recommend="9",
    )
    assert reply.status_code == 303
    [record] = stored(app, session["workshop_id"])
    assert record["answers"] == {"role": ["officer"], "topics": ["water"]}


def test_with_javascript_a_shown_required_question_must_be_answered(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    reply = post_all(client, session["code"], role="other", topics=["roads"], roads_where=ROAD)
    assert reply.status_code == 422
    html = reply.get_data(as_text=True)
    assert "invalid" in fieldset(html, "role_other")
    assert "กรุณาตอบข้อนี้" in html
    assert ROAD_STORED in html  # what was typed stays
    assert stored(app, session["workshop_id"]) == []
    reply = post_all(
        client,
        session["code"],
        role="other",
        role_other="ครู กศน.",
        topics=["roads"],
        roads_where=ROAD,
    )
    assert reply.status_code == 303
    [record] = stored(app, session["workshop_id"])
    assert record["answers"] == {
        "role": ["other"],
        "role_other": ["ครู กศน."],
        "topics": ["roads"],
        "roads_where": [ROAD_STORED],
    }


def step(client: FlaskClient, code: str, data: dict[str, Any], **answers: Any) -> Any:
    return client.post(f"/j/{code}", data={**data, **answers})


def test_without_javascript_the_server_decides_page_by_page(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    code = session["code"]
    csrf, token = form_tokens(client.get(f"/j/{code}").get_data(as_text=True))
    base = {"csrf_token": csrf, "token": token, "lang": "th", "go": "next"}
    # Page 1: a leader; page 2 then hides "other role" and shows the topics.
    page = step(client, code, base, step="0", role="leader")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert re.search(r'<input[^>]*name="step"[^>]*value="1"', html)
    assert " hidden disabled" in fieldset(html, "role_other")
    assert '<input checked id="role-1" name="role" type="radio" value="leader">' in html
    assert ">ย้อนกลับ</button>" in html
    # Page 2: roads chosen, so page 3 shows where, and the leaders' section with its required 0-10.
    page = step(client, code, base, step="1", role="leader", topics=["roads"])
    html = page.get_data(as_text=True)
    assert re.search(r'<input[^>]*name="step"[^>]*value="2"', html)
    assert "hidden" not in fieldset(html, "roads_where")
    assert "hidden" not in fieldset(html, "recommend")
    assert ">ส่งคำตอบ</button>" in html
    missing = step(client, code, base, step="2", role="leader", topics=["roads"], roads_where=ROAD)
    assert missing.status_code == 422
    assert "invalid" in fieldset(missing.get_data(as_text=True), "recommend")
    assert stored(app, session["workshop_id"]) == []
    done = step(
        client,
        code,
        base,
        step="2",
        role="leader",
        topics=["roads"],
        roads_where=ROAD,
        recommend="8",
    )
    assert done.status_code == 303
    [record] = stored(app, session["workshop_id"])
    assert record["answers"] == {
        "role": ["leader"],
        "topics": ["roads"],
        "roads_where": [ROAD_STORED],
        "recommend": ["8"],
    }


def test_without_javascript_a_required_question_on_the_page_stops_it(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    code = session["code"]
    csrf, token = form_tokens(client.get(f"/j/{code}").get_data(as_text=True))
    base = {"csrf_token": csrf, "token": token, "lang": "th", "go": "next"}
    page = step(client, code, base, step="1", role="other", topics=["water"])
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "invalid" in fieldset(html, "role_other")
    assert re.search(r'<input[^>]*name="step"[^>]*value="1"', html)
    # Back to page 1 keeps every answer and checks nothing.
    back = step(client, code, base | {"go": "back"}, step="1", role="other", topics=["water"])
    html = back.get_data(as_text=True)
    assert back.status_code == 200
    assert re.search(r'<input[^>]*name="step"[^>]*value="0"', html)
    assert 'value="water"' in html
    assert stored(app, session["workshop_id"]) == []


def test_without_javascript_a_last_page_with_nothing_to_show_ends_the_form(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    code = session["code"]
    csrf, token = form_tokens(client.get(f"/j/{code}").get_data(as_text=True))
    base = {"csrf_token": csrf, "token": token, "lang": "th", "go": "next"}
    # An officer who picked water: page 3 (road details, leaders' section) has nothing to show.
    done = step(client, code, base, step="1", role="officer", topics=["water"])
    assert done.status_code == 303
    [record] = stored(app, session["workshop_id"])
    assert record["answers"] == {"role": ["officer"], "topics": ["water"]}
    # The same token again stores nothing more.
    again = step(client, code, base, step="1", role="officer", topics=["water"])
    assert again.status_code == 303
    assert len(stored(app, session["workshop_id"])) == 1


def test_a_form_without_conditions_is_one_page_as_before(
    client: FlaskClient, app: Flask, questionnaires: dict
) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    html = client.get(f"/j/{session['code']}").get_data(as_text=True)
    assert 'class="paged"' not in html
    assert re.search(r'<input[^>]*name="step"[^>]*value="all"', html)
    assert "data-show-if=" not in html


def test_a_form_of_an_earlier_version_comes_back_with_the_answers_that_still_fit(
    app: Flask, client: FlaskClient
) -> None:
    data = conditional()
    form = Questionnaire.from_dict(data)
    with app.app_context():
        from tests.conftest import workshop_spec

        workshop_id = store.create_workshop(workshop_spec(form, days=[]))
        row_id = store.create_questionnaire(form, workshop_id, None)
        held = Questionnaire.from_dict(store.questionnaire_row(row_id)["definition"])
        import datetime as dt

        store.add_workshop_session(workshop_id, dt.date(2019, 8, 20), "", "บรรยาย", held)
        [session] = store.list_sessions(workshop_id)
        store.set_session_open(session["id"], True)
    csrf, token = form_tokens(client.get(f"/j/{session['code']}").get_data(as_text=True))
    # The facilitator removes "roads_where" while the participant is typing it.
    del data["sections"][0]["questions"][3]
    with app.app_context():
        store.save_questionnaire(row_id, Questionnaire.from_dict(data), 1, None)
    reply = client.post(
        f"/j/{session['code']}",
        data={
            "csrf_token": csrf,
            "token": token,
            "lang": "th",
            "step": "all",
            "role": "officer",
            "roads_where": ROAD,
        },
    )
    assert reply.status_code == 400
    html = reply.get_data(as_text=True)
    assert "แบบประเมินนี้เพิ่งถูกปรับปรุง ระบบยังไม่ได้บันทึกสิ่งใด" in html
    assert '<input checked id="role-0" name="role" type="radio" value="officer">' in html
    assert stored(app, workshop_id) == []


def test_without_javascript_the_button_says_send_when_no_later_page_is_shown(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    code = session["code"]
    csrf, token = form_tokens(client.get(f"/j/{code}").get_data(as_text=True))
    base = {"csrf_token": csrf, "token": token, "lang": "th", "go": "next"}
    # An officer: the leaders' section on the last page is hidden, and no topic is chosen yet.
    page = step(client, code, base, step="0", role="officer")
    html = page.get_data(as_text=True)
    assert re.search(r'<input[^>]*name="step"[^>]*value="1"', html)
    assert ">ส่งคำตอบ</button>" in html
    assert ">ถัดไป</button>" not in html
    # A leader: the last page shows the leaders' section, so this page leads on to it.
    page = step(client, code, base, step="0", role="leader")
    assert ">ถัดไป</button>" in page.get_data(as_text=True)
