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


THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def messy(code: str) -> list[str]:
    """Return the ways people type or paste a join code."""
    head, tail = code[:3], code[3:]
    return [
        f" {head}-{tail} ",
        f"{head.lower()} {tail.lower()}",
        f"{head}\u2013{tail}",  # en dash, as a word processor makes "-"
        f"\u200b{head}\u200b{tail}\u200d",  # zero-width space and joiner from a chat app
        f"\u2067{head}\u2069\u200f{tail}\u200e",  # bidi isolates and marks
        f"{head}\u00a0{tail}\ufeff",  # no-break space, byte order mark
        "".join(chr(ord(c) + 0xFEE0) for c in code),  # full-width letters and digits
        code.translate(THAI_DIGITS),
        f"{head}\t{tail}\n",
    ]


def test_a_typed_or_pasted_code_finds_its_session(client: FlaskClient, session: dict) -> None:
    code = session["code"]
    for typed in messy(code):
        reply = client.get("/j", query_string={"code": typed, "lang": "en"})
        assert reply.status_code == 302, typed
        assert reply.headers["Location"] == f"/j/{code}?lang=en", typed
        page = client.get(f"/j/{typed}")
        assert page.status_code == 200, typed
        assert f'action="/j/{code}/send"' in page.get_data(as_text=True), typed


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("th", "กรุณากรอกรหัสเข้าร่วม"),
        ("en", "Please enter the join code"),
        ("ms", "Sila masukkan kod sertai"),
    ],
)
@pytest.mark.parametrize("typed", ["", "  ", "\u200b-\u200f"])
def test_an_empty_code_asks_for_one_in_the_pages_language(
    client: FlaskClient, lang: str, message: str, typed: str
) -> None:
    page = client.get("/j", query_string={"code": typed, "lang": lang})
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert f'<html lang="{lang}">' in html
    assert re.search(rf'<div class="notice bad" role="alert">{message}', html)
    assert '<input type="text" id="code" name="code"' in html
    assert set(language_links(html).values()) == {
        f"/?lang={other}" for other in ("th", "en", "ms") if other != lang
    }


def test_an_unknown_code_offers_the_code_field_and_the_language_links(
    client: FlaskClient,
) -> None:
    page = client.get("/j/zz-zz\u200bzz")
    html = page.get_data(as_text=True)
    assert page.status_code == 404
    assert "ไม่พบแบบประเมินนี้" in html
    assert 'name="code" maxlength="40"' in html
    assert 'value="ZZZZZZ"' in html
    assert language_links(html) == {"en": "/j/ZZZZZZ?lang=en", "ms": "/j/ZZZZZZ?lang=ms"}
    english = client.get("/j/ZZZZZZ?lang=en")
    assert english.status_code == 404
    assert "Questionnaire not found" in english.get_data(as_text=True)
    assert 'value="ZZZZZZ"' in english.get_data(as_text=True)


@pytest.mark.browser
def test_a_code_pasted_with_dashes_and_invisible_characters_opens_the_form(
    live_app: tuple[Flask, str], phone: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    code = session["code"]
    phone.goto(f"{base}/?lang=en")
    phone.get_by_role("button", name="Join").tap()
    assert "Please enter the join code" in phone.get_by_role("alert").inner_text()
    field = phone.get_by_label("Enter the join code")
    field.fill(f"\u200b{code[:3]} - {code[3:].lower()}\u200f")
    phone.get_by_role("button", name="Join").tap()
    phone.wait_for_url(f"**/j/{code}?lang=en")
    assert phone.locator("#answer-form").is_visible()
    phone.goto(f"{base}/j/{code[::-1]}X")
    # Still in English (the language cookie): what went wrong, and the code ready to put right.
    assert "Questionnaire not found" in phone.get_by_role("alert").inner_text()
    assert phone.get_by_role("textbox").input_value() == f"{code[::-1]}X"
