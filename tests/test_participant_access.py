"""The participant pages as HTML over Flask's HTTP stack: names, errors tied to questions, Thai
marked as Thai, the post address, the JSON a page's script asks for, and compression."""

from __future__ import annotations

import gzip
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey import store
from tests.conftest import add_session
from tests.conftest import form_tokens
from tests.conftest import readable

ANSWERS = {
    "speaker": "5",
    "content": "4",
    "duration": "3",
    "knowledge__before": "2",
    "knowledge__after": "4",
    "recommend": "9",
    "suggestion": "อยากให้มีเวลาถามตอบมากขึ้นค่ะ",
}


@pytest.fixture
def session(app: Flask, questionnaires: dict) -> dict[str, Any]:
    return add_session(app, questionnaires["session_feedback"])


def tag(html: str, pattern: str) -> str:
    """Return the first start tag matching `pattern` (a regex inside the tag)."""
    found = re.search(rf"<[a-z]+[^>]*{pattern}[^>]*>", html)
    assert found, f"no tag with {pattern}"
    return found.group(0)


def test_every_answer_has_a_name_and_each_scale_says_what_it_is(
    client: FlaskClient, session: dict
) -> None:
    html = client.get(f"/j/{session['code']}").get_data(as_text=True)
    # The free-text field is labelled by its question.
    assert re.search(r'<label for="suggestion">', html)
    assert 'id="suggestion"' in html
    # Each half of the knowledge pair is a radio group named by the question and its half.
    for part in ("before", "after"):
        group = tag(html, f'aria-labelledby="knowledge-legend knowledge__{part}-part"')
        assert 'role="radiogroup"' in group
        assert f'id="knowledge__{part}-part"' in html
        radio = tag(html, f'id="knowledge__{part}-0"')
        assert f'aria-describedby="knowledge__{part}-part"' in radio
    assert "ก่อนเข้าร่วม" in readable(html)
    assert "หลังเข้าร่วม" in readable(html)
    # 10 and 0 of the recommendation question say what they mean.
    assert 'aria-describedby="recommend-max"' in tag(html, 'id="recommend-0"')
    assert 'aria-describedby="recommend-min"' in tag(html, 'id="recommend-10"')
    text = readable(html)
    assert re.search(r'<span id="recommend-max">10 = แนะนำอย่างแน่นอน</span>', text)
    assert re.search(r'<span id="recommend-min">0 = ไม่แนะนำเลย</span>', text)
    assert 'aria-describedby="speaker' not in html  # no ends, no error: nothing to describe
    assert "aria-invalid" not in html


def test_a_failed_submit_lists_each_question_and_ties_each_error_to_it(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    html = client.get(f"/j/{session['code']}").get_data(as_text=True)
    csrf, token = form_tokens(html)
    data = {"csrf_token": csrf, "token": token, **ANSWERS}
    del data["speaker"], data["knowledge__after"]
    reply = client.post(f"/j/{session['code']}/send", data=data)
    assert reply.status_code == 422
    html = reply.get_data(as_text=True)
    summary = html[html.index('id="error-summary"') : html.index("</ul>")]
    assert 'tabindex="-1"' in tag(html, 'id="error-summary"')
    assert "autofocus" in tag(html, 'id="error-summary"')
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert links == ["speaker-0", "knowledge__after-0"]
    assert "มีข้อที่ยังต้องแก้ไข" in summary
    assert "วิทยากรถ่ายทอดได้ชัดเจน" in readable(summary)
    for column in ("speaker", "knowledge__after"):
        assert f'<p class="error" id="{column}-error">กรุณาตอบข้อนี้</p>' in html
        radio = tag(html, f'id="{column}-0"')
        assert 'aria-invalid="true"' in radio
        assert f"{column}-error" in re.search(r'aria-describedby="([^"]*)"', radio).group(1)
    assert "aria-invalid" not in tag(html, 'id="content-0"')
    assert 'value="อยากให้มีเวลาถามตอบมากขึ้นค่ะ"' not in html  # a textarea keeps it as text
    assert "อยากให้มีเวลาถามตอบมากขึ้นค่ะ</textarea>" in html
    with app.app_context():
        assert store.count_responses(session["id"]) == 0


@pytest.mark.parametrize("lang", ["en", "ms"])
def test_thai_on_an_english_or_malay_page_is_marked_as_thai(
    client: FlaskClient, session: dict, lang: str
) -> None:
    html = client.get(f"/j/{session['code']}", query_string={"lang": lang}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    # The workshop and session titles are Thai only.
    assert re.search(r'<p class="muted"><span lang="th">.*ปัตตานี.*</span></p>', html)
    assert '<p><span lang="th"><span class="w">บรรยาย</span></span></p>' in html
    assert '<a href="?lang=th" hreflang="th" lang="th">ไทย</a>' in html
    thai = client.get(f"/j/{session['code']}", query_string={"lang": "th"}).get_data(as_text=True)
    assert '<span lang="th">' not in thai


def test_thai_labels_break_only_between_words(client: FlaskClient, session: dict) -> None:
    html = client.get(f"/j/{session['code']}").get_data(as_text=True)
    assert '<span class="w">ปานกลาง</span>' in html
    assert '<span class="w">มาก</span><wbr><span class="w">ที่สุด</span>' in html


def test_the_form_posts_to_another_address_and_the_old_one_still_takes_posts(
    app: Flask, client: FlaskClient, session: dict, questionnaires: dict
) -> None:
    html = client.get(f"/j/{session['code']}").get_data(as_text=True)
    assert f'action="/j/{session["code"]}/send"' in html
    assert re.search(r'<span class="muted" id="progress"[^>]*hidden', html)
    csrf, token = form_tokens(html)
    reply = client.post(
        f"/j/{session['code']}/send", data={"csrf_token": csrf, "token": token, **ANSWERS}
    )
    assert reply.status_code == 303
    assert reply.headers["Location"] == f"/j/{session['code']}/thanks?t={token}"
    other = add_session(app, questionnaires["session_feedback"])
    csrf, token = form_tokens(client.get(f"/j/{other['code']}").get_data(as_text=True))
    old = client.post(f"/j/{other['code']}", data={"csrf_token": csrf, "token": token, **ANSWERS})
    assert old.status_code == 303
    with app.app_context():
        assert store.count_responses() == 2


def test_the_script_gets_json_and_can_ask_whether_its_token_was_stored(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    code = session["code"]
    csrf, token = form_tokens(client.get(f"/j/{code}").get_data(as_text=True))
    before = client.get(f"/j/{code}/status", query_string={"t": token})
    assert before.json == {"stored": False, "thanks": None}
    assert before.headers["Cache-Control"] == "no-store"
    data = {"csrf_token": csrf, "token": token, **ANSWERS}
    reply = client.post(f"/j/{code}/send", data=data, headers={"Accept": "application/json"})
    assert reply.status_code == 200
    assert reply.json == {"stored": True, "thanks": f"/j/{code}/thanks?t={token}"}
    after = client.get(f"/j/{code}/status", query_string={"t": token})
    assert after.json == {"stored": True, "thanks": f"/j/{code}/thanks?t={token}"}
    assert client.get(f"/j/{code}/status").json == {"stored": False, "thanks": None}
    assert client.get("/j/ZZZZZZ/status", query_string={"t": token}).status_code == 404
    # A rejected answer still comes back as the page, for the script to show.
    bad = client.post(
        f"/j/{code}/send",
        data={**data, "token": token[::-1], "speaker": ""},
        headers={"Accept": "application/json"},
    )
    assert bad.status_code == 422
    assert bad.mimetype == "text/html"
    with app.app_context():
        assert store.count_responses(session["id"]) == 1


def test_the_draft_name_belongs_to_this_browser(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    scope = re.compile(r'data-draft="([0-9a-f]{16})"')
    first = scope.search(client.get(f"/j/{session['code']}").get_data(as_text=True))
    again = scope.search(client.get(f"/j/{session['code']}").get_data(as_text=True))
    other = scope.search(app.test_client().get(f"/j/{session['code']}").get_data(as_text=True))
    assert first
    assert again
    assert other
    assert first.group(1) == again.group(1) != other.group(1)
    assert first.group(1) not in client.get_cookie("sala_rk").value


def test_the_start_page_switches_language_and_keeps_it_for_the_form(
    client: FlaskClient, session: dict
) -> None:
    home = client.get("/", query_string={"lang": "ms"}).get_data(as_text=True)
    assert '<html lang="ms">' in home
    assert "Masukkan kod sertai" in home
    assert '<a href="?lang=th" hreflang="th" lang="th">ไทย</a>' in home
    assert '<a href="?lang=en" hreflang="en" lang="en">English</a>' in home
    assert '<input type="hidden" name="lang" value="ms">' in home
    joined = client.get("/j", query_string={"code": session["code"].lower(), "lang": "ms"})
    assert joined.headers["Location"] == f"/j/{session['code']}?lang=ms"
    assert "Maklum balas sesi" in client.get(joined.headers["Location"]).get_data(as_text=True)
    unknown = client.get("/j", query_string={"code": "abc", "lang": "xx"})
    assert unknown.headers["Location"] == "/j/ABC"


def test_pages_scripts_and_styles_go_out_compressed(client: FlaskClient, session: dict) -> None:
    for path in (f"/j/{session['code']}", "/static/participant.js", "/static/participant.css"):
        plain = client.get(path)
        packed = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert "Content-Encoding" not in plain.headers
        assert packed.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed.headers["Vary"]
        body = gzip.decompress(packed.get_data())
        assert len(packed.get_data()) < len(body) / 2
        if path.startswith("/static/"):
            assert body == plain.get_data()
        plain.close()
        packed.close()
    page = client.get(f"/j/{session['code']}", headers={"Accept-Encoding": "gzip"}).get_data()
    assert len(page) < 8_000


def test_a_form_sent_back_with_its_errors_goes_out_compressed(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    csrf, token = form_tokens(client.get(f"/j/{session['code']}").get_data(as_text=True))
    data = {"csrf_token": csrf, "token": token, **ANSWERS, "speaker": ""}
    plain = client.post(f"/j/{session['code']}/send", data=data)
    packed = client.post(
        f"/j/{session['code']}/send", data=data, headers={"Accept-Encoding": "gzip"}
    )
    assert plain.status_code == packed.status_code == 422
    assert packed.headers["Content-Encoding"] == "gzip"
    unpacked = gzip.decompress(packed.get_data()).decode()
    # the CSRF token is signed each second; the Content-Security-Policy nonce is new each page
    csrf_free = re.compile(r'name="csrf_token" type="hidden" value="[^"]+"|nonce="[^"]+"')
    assert csrf_free.sub("", unpacked) == csrf_free.sub("", plain.get_data(as_text=True))
    assert len(packed.get_data()) < len(plain.get_data()) / 3
    with app.app_context():
        assert store.count_responses(session["id"]) == 0


def test_the_participant_pages_have_no_inline_script_or_style(
    app: Flask, client: FlaskClient, session: dict
) -> None:
    code = session["code"]
    csrf, token = form_tokens(client.get(f"/j/{code}").get_data(as_text=True))
    client.post(f"/j/{code}/send", data={"csrf_token": csrf, "token": token, **ANSWERS})
    for path in ("/", f"/j/{code}", f"/j/{code}/thanks?t={token}"):
        body = client.get(path).get_data(as_text=True)
        body = body[body.index("</head>") :]  # base.html's shared <style> is in the head
        assert "<script>" not in body
        assert "<style" not in body
        assert " style=" not in body
