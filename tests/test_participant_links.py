"""Every link and address a participant can follow leads somewhere useful: language links on a
page served after a post, the form's post address opened as a page, join codes typed or pasted
with spaces, dashes and invisible characters, and the page for a code that does not exist."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import add_session
from tests.conftest import form_tokens
from tests.conftest import readable

_RE_LANG_LINK = re.compile(r'<a href="([^"]+)" hreflang="(\w+)"')
WRONG_FORM = "ไม่ตรงกับแบบประเมินปัจจุบัน"


@pytest.fixture
def session(app: Flask, questionnaires: dict) -> dict[str, Any]:
    return add_session(app, questionnaires["session_feedback"])


def language_links(html: str) -> dict[str, str]:
    return {lang: href.replace("&amp;", "&") for href, lang in _RE_LANG_LINK.findall(html)}


def test_language_links_on_a_page_shown_after_a_post_open_the_form(
    client: FlaskClient, session: dict
) -> None:
    code = session["code"]
    csrf, token = form_tokens(client.get(f"/j/{code}?lang=th").get_data(as_text=True))
    # Nothing answered: the form comes back with its errors, at the address it was sent to.
    page = client.post(f"/j/{code}/send", data={"csrf_token": csrf, "token": token, "lang": "th"})
    assert page.status_code == 422
    links = language_links(page.get_data(as_text=True))
    assert links == {"en": f"/j/{code}?lang=en", "ms": f"/j/{code}?lang=ms"}
    for lang, href in links.items():
        followed = client.get(href)
        html = followed.get_data(as_text=True)
        assert followed.status_code == 200
        assert f'<html lang="{lang}">' in html
        assert 'id="answer-form"' in html


def test_the_already_answered_page_links_to_the_form_in_each_language(
    client: FlaskClient, session: dict
) -> None:
    code = session["code"]
    csrf, token = form_tokens(client.get(f"/j/{code}").get_data(as_text=True))
    answers = {"speaker": "5", "content": "4", "duration": "3"}
    answers |= {"knowledge__before": "2", "knowledge__after": "4"}
    client.post(f"/j/{code}/send", data={"csrf_token": csrf, "token": token} | answers)
    links = language_links(client.get(f"/j/{code}").get_data(as_text=True))
    assert links == {"en": f"/j/{code}?lang=en", "ms": f"/j/{code}?lang=ms"}
    html = client.get(links["ms"]).get_data(as_text=True)
    assert "Anda sudah menjawab" in html


@pytest.mark.parametrize("query", ["", "?lang=ms", "?lang=xx"])
def test_the_send_address_opened_as_a_page_leads_to_the_form(
    client: FlaskClient, session: dict, query: str
) -> None:
    code = session["code"]
    reply = client.get(f"/j/{code}/send{query}")
    assert reply.status_code == 303
    expected = f"/j/{code}?lang=ms" if query == "?lang=ms" else f"/j/{code}"
    assert reply.headers["Location"] == expected
    page = client.get(reply.headers["Location"])
    assert page.status_code == 200
    assert WRONG_FORM not in readable(page.get_data(as_text=True))


@pytest.mark.browser
def test_without_javascript_a_language_link_on_the_error_page_opens_the_form(
    live_app: tuple[Flask, str], phone_without_js: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    page = phone_without_js
    page.goto(f"{base}/j/{session['code']}?lang=th")
    page.get_by_role("button", name="ส่งคำตอบ").tap()
    page.wait_for_url("**/send")
    page.get_by_role("link", name="Melayu").tap()
    page.wait_for_url(f"**/j/{session['code']}?lang=ms")
    assert page.locator("html").get_attribute("lang") == "ms"
    assert page.locator("#answer-form").is_visible()
    assert page.get_by_role("button", name="Hantar").is_visible()
