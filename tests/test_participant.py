"""The participant's form through Flask's real HTTP stack: every question type, errors, no doubles."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from analysis.questionnaire.model import Questionnaire
from survey import store
from tests.conftest import add_session
from tests.conftest import form_tokens
from tests.conftest import readable

EVERY_TYPE = {
    "id": "every_type",
    "title": {"th": "ทุกแบบคำถาม", "en": "Every question type"},
    "languages": ["th", "en"],
    "sections": [
        {
            "id": "all",
            "title": "ทั้งหมด",
            "questions": [
                {"id": "speaker", "type": "likert", "required": True, "label": "วิทยากร"},
                {"id": "score", "type": "rating", "min": 1, "max": 7, "label": "คะแนน"},
                {"id": "recommend", "type": "nps", "label": "แนะนำเพื่อน"},
                {
                    "id": "position",
                    "type": "single_choice",
                    "label": "ตำแหน่ง",
                    "options": [
                        {"value": "officer", "label": "ปลัดอำเภอ"},
                        {"value": "leader", "label": "ผู้นำท้องที่"},
                    ],
                },
                {
                    "id": "use",
                    "type": "multiple_choice",
                    "label": "นำไปใช้",
                    "options": [
                        {"value": "work", "label": "งาน"},
                        {"value": "share", "label": "ถ่ายทอด"},
                        {"value": "plan", "label": "วางแผน"},
                    ],
                },
                {"id": "agency", "type": "short_text", "label": "หน่วยงาน", "max_length": 30},
                {"id": "idea", "type": "long_text", "label": "ข้อเสนอแนะ"},
                {"id": "knowledge", "type": "before_after", "required": True, "label": "ความรู้"},
            ],
        }
    ],
}
THAI_IDEA = "อยากให้ซ่อมถนน\u200bและเพิ่มไฟส่องสว่าง ๒ จุด น้ำไม่ไหล 😊 CCTV ด้วยค่ะ"
TAKEN_IDEA = THAI_IDEA.replace("\u200b", "")  # as the intake gate takes it: no zero-width space


@pytest.fixture
def every_type() -> Questionnaire:
    return Questionnaire.from_dict(EVERY_TYPE)


@pytest.fixture
def session(app: Flask, every_type: Questionnaire) -> dict[str, Any]:
    return add_session(app, every_type)


def open_form(client: FlaskClient, code: str, **query: str) -> tuple[str, str, str]:
    page = client.get(f"/j/{code}", query_string=query)
    assert page.status_code == 200
    html = readable(page.get_data(as_text=True))
    csrf, token = form_tokens(html)
    return html, csrf, token


def good_answers(csrf: str, token: str, **changes: Any) -> dict[str, Any]:
    answers = {
        "csrf_token": csrf,
        "token": token,
        "lang": "th",
        "speaker": "5",
        "score": "6",
        "recommend": "9",
        "position": "leader",
        "use": ["work", "plan"],
        "agency": "อบต.ตะลุโบะ",
        "idea": THAI_IDEA,
        "knowledge__before": "2",
        "knowledge__after": "4",
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def stored(app: Flask, workshop_id: int) -> list[dict[str, Any]]:
    with app.app_context():
        return store.response_records(workshop_id)


def test_the_form_shows_every_question_type_in_thai(client: FlaskClient, session: dict) -> None:
    html, _, _ = open_form(client, session["code"])
    assert '<html lang="th">' in html
    for label in ("มากที่สุด", "น้อยที่สุด", "ปลัดอำเภอ", "ก่อนเข้าร่วม", "หลังเข้าร่วม"):
        assert label in html
    assert html.count('name="speaker"') == 5
    assert html.count('name="score"') == 7
    assert html.count('name="recommend"') == 11
    assert html.count('type="checkbox"') == 3
    assert 'maxlength="30"' in html
    assert "<textarea" in html
    assert html.count('name="knowledge__before"') == 5


def test_codes_are_case_insensitive(client: FlaskClient, session: dict) -> None:
    assert client.get(f"/j/{session['code'].lower()}").status_code == 200


def test_a_good_submit_is_stored_as_typed_and_acknowledged(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    _, csrf, token = open_form(client, session["code"])
    reply = client.post(f"/j/{session['code']}", data=good_answers(csrf, token))
    assert reply.status_code == 303
    assert "/thanks" in reply.headers["Location"]
    thanks = client.get(reply.headers["Location"])
    assert "ขอบคุณ" in thanks.get_data(as_text=True)
    [record] = stored(app, session["workshop_id"])
    assert record["answers"] == {
        "speaker": ["5"],
        "score": ["6"],
        "recommend": ["9"],
        "position": ["leader"],
        "use": ["work", "plan"],
        "agency": ["อบต.ตะลุโบะ"],
        "idea": [TAKEN_IDEA],
        "knowledge__before": ["2"],
        "knowledge__after": ["4"],
    }
    assert record["language"] == "th"
    assert record["submitted_at"] is not None
    assert record["respondent_key"] == client.get_cookie("sala_rk").value


def test_the_same_form_sent_twice_stores_one_response(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    _, csrf, token = open_form(client, session["code"])
    first = client.post(f"/j/{session['code']}", data=good_answers(csrf, token))
    again = client.post(f"/j/{session['code']}", data=good_answers(csrf, token, speaker="1"))
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    [record] = stored(app, session["workshop_id"])
    assert record["answers"]["speaker"] == ["5"]


def test_one_persons_answers_in_two_sessions_share_a_respondent_key(
    app: Flask, client: FlaskClient, session: dict, every_type: Questionnaire
) -> None:
    other = add_session(app, every_type)
    for code in (session["code"], other["code"]):
        _, csrf, token = open_form(client, code)
        assert client.post(f"/j/{code}", data=good_answers(csrf, token)).status_code == 303
    keys = {r["respondent_key"] for w in (session, other) for r in stored(app, w["workshop_id"])}
    assert len(keys) == 1


def test_a_missing_required_answer_is_explained_in_thai_and_keeps_the_rest(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    _, csrf, token = open_form(client, session["code"])
    data = good_answers(csrf, token, speaker=None)
    reply = client.post(f"/j/{session['code']}", data=data)
    html = readable(reply.get_data(as_text=True))
    assert reply.status_code == 422
    assert "กรุณาตอบข้อนี้" in html
    assert re.search(r'<fieldset class="q invalid" data-q="speaker"[ >]', html)
    assert TAKEN_IDEA in html
    assert 'value="leader" checked' in html or re.search(r'checked[^>]*value="leader"', html)
    assert f'value="{token}"' in html
    assert stored(app, session["workshop_id"]) == []


def test_validation_speaks_english_when_english_was_chosen(
    client: FlaskClient, session: dict
) -> None:
    html, csrf, token = open_form(client, session["code"], lang="en")
    assert '<html lang="en">' in html
    assert "Every question type" in html
    data = good_answers(csrf, token, speaker=None, lang="en")
    reply = client.post(f"/j/{session['code']}", data=data)
    assert "Please answer this question." in reply.get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"speaker": "6"}, "กรุณาเลือกจากตัวเลือกที่มีให้"),
        ({"recommend": "11"}, "กรุณาเลือกจากตัวเลือกที่มีให้"),
        ({"position": "king"}, "กรุณาเลือกจากตัวเลือกที่มีให้"),
        ({"use": ["work", "steal"]}, "กรุณาเลือกจากตัวเลือกที่มีให้"),
        ({"agency": "ก" * 31}, "ไม่เกิน 30 ตัวอักษร"),
        ({"idea": "ข" * 2001}, "ไม่เกิน 2000 ตัวอักษร"),
    ],
)
def test_out_of_range_answers_are_refused_and_nothing_is_written(
    app: Flask, client: FlaskClient, session: dict, change: dict, message: str
) -> None:
    _, csrf, token = open_form(client, session["code"])
    reply = client.post(f"/j/{session['code']}", data=good_answers(csrf, token, **change))
    assert reply.status_code == 422
    assert message in reply.get_data(as_text=True)
    assert stored(app, session["workshop_id"]) == []


def test_an_unknown_question_is_refused_with_a_clear_page(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    _, csrf, token = open_form(client, session["code"])
    reply = client.post(f"/j/{session['code']}", data=good_answers(csrf, token, salary="9"))
    assert reply.status_code == 400
    assert "ระบบยังไม่ได้บันทึกสิ่งใด" in reply.get_data(as_text=True)
    assert stored(app, session["workshop_id"]) == []


def test_a_malformed_token_is_refused(app: Flask, client: FlaskClient, session: dict) -> None:
    _, csrf, _ = open_form(client, session["code"])
    reply = client.post(f"/j/{session['code']}", data=good_answers(csrf, "x'; DROP"))
    assert reply.status_code == 400
    assert stored(app, session["workshop_id"]) == []


def test_a_post_without_csrf_token_writes_nothing_and_keeps_the_answers(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    _, _, token = open_form(client, session["code"])
    data = good_answers("", token)
    del data["csrf_token"]
    reply = client.post(f"/j/{session['code']}", data=data)
    html = reply.get_data(as_text=True)
    assert reply.status_code == 400
    assert "กรุณากดส่งอีกครั้ง" in html
    assert TAKEN_IDEA in html
    assert stored(app, session["workshop_id"]) == []
    csrf, same_token = form_tokens(html)
    assert same_token == token
    retry = client.post(f"/j/{session['code']}", data=good_answers(csrf, token))
    assert retry.status_code == 303
    assert len(stored(app, session["workshop_id"])) == 1


def test_a_closed_session_says_so_and_accepts_nothing(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    _, csrf, token = open_form(client, session["code"])
    with app.app_context():
        store.set_session_open(session["id"], False)
    page = client.get(f"/j/{session['code']}")
    assert page.status_code == 403
    assert "ปิดรับคำตอบแล้ว" in page.get_data(as_text=True)
    reply = client.post(f"/j/{session['code']}", data=good_answers(csrf, token))
    assert reply.status_code == 403
    assert stored(app, session["workshop_id"]) == []


def test_an_unknown_code_gets_a_polite_404(client: FlaskClient) -> None:
    page = client.get("/j/ZZZZZZ")
    assert page.status_code == 404
    assert "ไม่พบแบบประเมินนี้" in page.get_data(as_text=True)
    assert client.post("/j/ZZZZZZ", data={"x": "1"}).status_code == 404


def test_a_typed_code_leads_to_its_form(client: FlaskClient, session: dict) -> None:
    reply = client.get("/j", query_string={"code": f" {session['code'].lower()} "})
    assert reply.headers["Location"].endswith(f"/j/{session['code']}")


def test_the_thank_you_page_is_only_for_a_stored_response(
    client: FlaskClient, session: dict
) -> None:
    reply = client.get(f"/j/{session['code']}/thanks", query_string={"t": "never-stored-token"})
    assert reply.status_code == 302
    assert reply.headers["Location"].endswith(f"/j/{session['code']}")


def test_an_oversized_post_is_refused_politely(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    _, csrf, token = open_form(client, session["code"])
    reply = client.post(f"/j/{session['code']}", data=good_answers(csrf, token, idea="ก" * 300_000))
    assert reply.status_code == 413
    assert "ยาวเกินไป" in reply.get_data(as_text=True)
    assert stored(app, session["workshop_id"]) == []


def test_the_form_page_is_small_and_loads_nothing_from_elsewhere(
    client: FlaskClient, app: Flask, questionnaires: dict
) -> None:
    big = add_session(app, questionnaires["workshop_evaluation"])
    html, _, _ = open_form(client, big["code"])
    assert len(html.encode("utf-8")) < 60_000
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert all(
        re.search(r'href="(data:,|/static/participant\.css)"', link)
        for link in re.findall(r"<link[^>]*>", html)
    )


def test_the_poster_has_a_qr_code_and_the_short_url(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    app.config["PUBLIC_URL"] = "http://10.0.0.5:5000"
    page = client.get(f"/j/{session['code']}/poster")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<svg" in html
    assert "<path" in html
    assert f"http://10.0.0.5:5000/j/{session['code']}" in html
    assert session["title"] in html


def answer_once(client: FlaskClient, code: str) -> None:
    _, csrf, token = open_form(client, code)
    reply = client.post(f"/j/{code}", data=good_answers(csrf, token))
    assert reply.status_code == 303
    assert client.get(reply.headers["Location"]).status_code == 200


def test_a_browser_that_answered_is_told_so_instead_of_getting_a_new_form(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    answer_once(client, session["code"])
    page = client.get(f"/j/{session['code']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "ท่านส่งคำตอบแล้ว" in html
    assert "ตอบอีกครั้ง" in html
    assert 'name="token"' not in html
    assert 'id="answer-form"' not in html
    assert page.headers["Cache-Control"] == "no-store"
    assert len(html.encode("utf-8")) < 5_000
    assert not re.search(r'(src|href)="(https?:)?//', html)
    for earlier in (THAI_IDEA, TAKEN_IDEA, "อบต.ตะลุโบะ", "leader"):
        assert earlier not in html
    assert len(stored(app, session["workshop_id"])) == 1


def test_answer_again_gives_a_fresh_form_that_stores_a_second_response(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    answer_once(client, session["code"])
    again = client.post(f"/j/{session['code']}/again")
    assert again.status_code == 303
    assert again.headers["Location"].endswith(f"/j/{session['code']}")
    html, csrf, token = open_form(client, session["code"])
    assert 'id="answer-form"' in html
    assert TAKEN_IDEA not in html
    reply = client.post(f"/j/{session['code']}", data=good_answers(csrf, token, speaker="2"))
    assert reply.status_code == 303
    records = stored(app, session["workshop_id"])
    assert [r["answers"]["speaker"] for r in records] == [["5"], ["2"]]
    assert len({r["respondent_key"] for r in records}) == 1
    assert "ท่านส่งคำตอบแล้ว" in client.get(f"/j/{session['code']}").get_data(as_text=True)


def test_answer_again_holds_until_the_fresh_form_is_sent(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    answer_once(client, session["code"])
    client.post(f"/j/{session['code']}/again")
    _, _, first = open_form(client, session["code"])
    _, csrf, token = open_form(client, session["code"])
    assert token != first
    client.post(f"/j/{session['code']}", data=good_answers(csrf, token))
    assert len(stored(app, session["workshop_id"])) == 2


def test_resending_the_old_page_does_not_use_up_answer_again(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    _, csrf, token = open_form(client, session["code"])
    client.post(f"/j/{session['code']}", data=good_answers(csrf, token))
    client.post(f"/j/{session['code']}/again")
    client.post(f"/j/{session['code']}", data=good_answers(csrf, token))
    html, csrf, fresh = open_form(client, session["code"])
    assert 'id="answer-form"' in html
    client.post(f"/j/{session['code']}", data=good_answers(csrf, fresh))
    assert len(stored(app, session["workshop_id"])) == 2


def test_another_browser_gets_the_form_directly(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    answer_once(client, session["code"])
    other = app.test_client()
    html, csrf, token = open_form(other, session["code"])
    assert "ท่านส่งคำตอบแล้ว" not in html
    assert other.post(f"/j/{session['code']}", data=good_answers(csrf, token)).status_code == 303
    records = stored(app, session["workshop_id"])
    assert len(records) == 2
    assert len({r["respondent_key"] for r in records}) == 2


def test_answering_one_session_leaves_the_next_sessions_form_open(
    app: Flask, client: FlaskClient, session: dict, every_type: Questionnaire
) -> None:
    other = add_session(app, every_type)
    answer_once(client, session["code"])
    html, _, _ = open_form(client, other["code"])
    assert 'id="answer-form"' in html


@pytest.mark.parametrize(
    ("lang", "title", "button"),
    [
        ("th", "ท่านส่งคำตอบแล้ว", "ตอบอีกครั้ง"),
        ("en", "You have already answered", "Answer again"),
        ("ms", "Anda sudah menjawab", "Jawab sekali lagi"),
    ],
)
def test_the_already_answered_page_speaks_the_chosen_language(
    app: Flask, client: FlaskClient, questionnaires: dict, lang: str, title: str, button: str
) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    _, csrf, token = open_form(client, session["code"], lang=lang)
    data = {"csrf_token": csrf, "token": token, "lang": lang, "speaker": "5", "content": "4"}
    data |= {"duration": "3", "knowledge__before": "2", "knowledge__after": "4"}
    assert client.post(f"/j/{session['code']}", data=data).status_code == 303
    html = client.get(f"/j/{session['code']}").get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert title in html
    assert button in html


def test_the_already_answered_page_keeps_the_closed_and_unknown_pages(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    answer_once(client, session["code"])
    assert client.post("/j/ZZZZZZ/again").status_code == 404
    with app.app_context():
        store.set_session_open(session["id"], False)
    assert client.get(f"/j/{session['code']}").status_code == 403
    assert client.post(f"/j/{session['code']}/again").status_code == 403


def _without_secrets(html: str) -> str:
    """Return a page without what differs on every request: tokens, nonce, draft name."""
    html = re.sub(r'nonce="[^"]+"', "", html)
    html = re.sub(r'(name="(csrf_token|token)" type="hidden" value=)"[^"]+"', r"\1", html)
    return re.sub(r'data-draft="[^"]+"', "", html)


@pytest.mark.parametrize("language", ["th", "en"])
def test_a_fresh_form_from_the_cache_is_the_form_rendered_in_full(
    app: Flask, session: dict[str, Any], language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from survey.routes import participant

    cached = app.test_client().get(f"/j/{session['code']}?lang={language}")
    cached_again = app.test_client().get(f"/j/{session['code']}?lang={language}")
    monkeypatch.setattr(participant, "_fresh_pages", lambda *_: None)
    full = app.test_client().get(f"/j/{session['code']}?lang={language}")
    assert cached.status_code == full.status_code == 200
    page = _without_secrets(cached.get_data(as_text=True))
    assert page == _without_secrets(full.get_data(as_text=True))
    assert page == _without_secrets(cached_again.get_data(as_text=True))
    assert 'id="q-knowledge"' in page


def test_a_fresh_form_shows_the_questionnaire_saved_since(
    app: Flask, client: FlaskClient, session: dict[str, Any], every_type: Questionnaire
) -> None:
    assert "หน่วยงาน" in readable(client.get(f"/j/{session['code']}").get_data(as_text=True))
    changed = dict(EVERY_TYPE, version=2)
    changed["sections"] = [dict(EVERY_TYPE["sections"][0])]
    changed["sections"][0]["questions"] = [
        dict(q, label="สังกัด") if q["id"] == "agency" else q
        for q in EVERY_TYPE["sections"][0]["questions"]
    ]
    with app.app_context():
        store.update_session(session["id"], session["title"], Questionnaire.from_dict(changed))
    html = readable(client.get(f"/j/{session['code']}").get_data(as_text=True))
    assert "สังกัด" in html
    assert "หน่วยงาน" not in html
