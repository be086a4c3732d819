"""One browser, one response per session: a second tab's form is refused when it is sent, on
SQLite and PostgreSQL, even when both are sent at once; "answer again" adds exactly one more."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey import store
from tests.conftest import add_session
from tests.conftest import answer_session_form
from tests.conftest import form_tokens
from tests.conftest import readable

ANSWERED = {"th": "ท่านส่งคำตอบแล้ว", "en": "You have already answered", "ms": "Anda sudah menjawab"}


@pytest.fixture
def session(any_app: Flask, questionnaires: dict) -> dict[str, Any]:
    return add_session(any_app, questionnaires["session_feedback"])


def open_tab(client: FlaskClient, code: str, lang: str = "th") -> dict[str, str]:
    """Open the form as a new tab does; return a filled-in post for it."""
    page = client.get(f"/j/{code}", query_string={"lang": lang})
    assert page.status_code == 200
    csrf, token = form_tokens(page.get_data(as_text=True))
    return {
        "csrf_token": csrf,
        "token": token,
        "lang": lang,
        "speaker": "5",
        "content": "4",
        "duration": "3",
        "knowledge__before": "2",
        "knowledge__after": "4",
    }


def stored_count(app: Flask, session: dict) -> int:
    with app.app_context():
        return store.count_responses(session["id"])


@pytest.mark.parametrize("lang", ["th", "en", "ms"])
def test_a_second_tab_of_the_same_browser_is_told_it_already_answered(
    any_app: Flask, session: dict, lang: str
) -> None:
    client = any_app.test_client()
    code = session["code"]
    first, second = open_tab(client, code, lang), open_tab(client, code, lang)
    assert first["token"] != second["token"]
    sent = client.post(f"/j/{code}/send", data=first)
    assert sent.status_code == 303
    refused = client.post(f"/j/{code}/send", data=second | {"speaker": "1"})
    html = readable(refused.get_data(as_text=True))
    assert refused.status_code == 409
    assert f'<html lang="{lang}">' in html
    assert ANSWERED[lang] in html
    assert 'id="answer-form"' not in html
    assert stored_count(any_app, session) == 1
    with any_app.app_context():
        [record] = store.response_records(session["workshop_id"])
    assert record["answers"]["speaker"] == ["5"]
    # The acknowledged answer's own retry still gets its thank-you page.
    retried = client.post(f"/j/{code}/send", data=first)
    assert retried.status_code == 303
    assert retried.headers["Location"] == sent.headers["Location"]
    assert stored_count(any_app, session) == 1


def test_the_script_of_a_second_tab_gets_the_already_answered_page_not_json(
    any_app: Flask, session: dict
) -> None:
    client = any_app.test_client()
    code = session["code"]
    first, second = open_tab(client, code), open_tab(client, code)
    json = {"Accept": "application/json"}
    sent = client.post(f"/j/{code}/send", data=first, headers=json)
    assert sent.status_code == 200
    assert sent.json is not None
    assert sent.json["stored"] is True
    refused = client.post(f"/j/{code}/send", data=second, headers=json)
    assert refused.status_code == 409
    assert refused.mimetype == "text/html"
    assert ANSWERED["th"] in readable(refused.get_data(as_text=True))
    assert client.post(f"/j/{code}/send", data=first, headers=json).json == sent.json
    assert stored_count(any_app, session) == 1


def test_answer_again_adds_exactly_one_response_even_from_two_tabs(
    any_app: Flask, session: dict
) -> None:
    client = any_app.test_client()
    code = session["code"]
    assert client.post(f"/j/{code}/send", data=open_tab(client, code)).status_code == 303
    assert client.post(f"/j/{code}/again").status_code == 303
    first, second = open_tab(client, code), open_tab(client, code)
    assert client.post(f"/j/{code}/send", data=first).status_code == 303
    assert client.post(f"/j/{code}/send", data=second).status_code == 409
    assert stored_count(any_app, session) == 2
    # Asking again once more allows one more again.
    client.post(f"/j/{code}/again")
    assert client.post(f"/j/{code}/send", data=open_tab(client, code)).status_code == 303
    assert stored_count(any_app, session) == 3


def test_answer_again_still_holds_when_both_tabs_carry_the_same_cookie(
    any_app: Flask, session: dict
) -> None:
    # Both tabs are sent before the first reply's cookie (which forgets "again") arrives.
    client = any_app.test_client()
    code = session["code"]
    client.post(f"/j/{code}/send", data=open_tab(client, code))
    client.post(f"/j/{code}/again")
    first, second = open_tab(client, code), open_tab(client, code)
    cookies = client.get_cookie("session")
    assert cookies is not None
    assert client.post(f"/j/{code}/send", data=first).status_code == 303
    client.set_cookie("session", cookies.value)
    assert client.post(f"/j/{code}/send", data=second).status_code == 409
    assert stored_count(any_app, session) == 2


def test_two_browsers_are_two_people(any_app: Flask, session: dict) -> None:
    code = session["code"]
    for _ in range(2):
        client = any_app.test_client()
        assert client.post(f"/j/{code}/send", data=open_tab(client, code)).status_code == 303
    assert stored_count(any_app, session) == 2


def test_racing_forms_of_one_respondent_store_one_response(any_app: Flask, session: dict) -> None:
    results: list[str] = []
    barrier = threading.Barrier(6)

    def submit(n: int) -> None:
        with any_app.app_context():
            barrier.wait()
            try:
                store.save_response(
                    session["id"], f"tab-{n}" * 4, "one-phone", "th", {}, earlier_allowed=0
                )
                results.append("stored")
            except store.AlreadyAnsweredError:
                results.append("refused")

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused"] * 5 + ["stored"]
    assert stored_count(any_app, session) == 1


def test_imports_and_seeding_check_nothing(any_app: Flask, session: dict) -> None:
    with any_app.app_context():
        for n in range(3):
            store.save_response(session["id"], f"import-{n}" * 3, "same-key", "th", {})
        assert store.count_responses(session["id"], "same-key") == 3


@pytest.mark.browser
def test_a_phone_with_two_tabs_open_is_counted_once(
    live_app: tuple[Flask, str], phone: Any, questionnaires: dict
) -> None:
    app, base = live_app
    session = add_session(app, questionnaires["session_feedback"])
    other_tab = phone.context.new_page()
    # Both opened before either has a draft (a tab opened later takes up the draft, token and all).
    for tab in (phone, other_tab):
        tab.goto(f"{base}/j/{session['code']}")
    for tab in (phone, other_tab):
        answer_session_form(tab)
    assert phone.locator("#token").input_value() != other_tab.locator("#token").input_value()
    phone.get_by_role("button", name="ส่งคำตอบ").tap()
    phone.wait_for_url("**/thanks?t=*")
    other_tab.get_by_role("button", name="ส่งคำตอบ").tap()
    other_tab.locator("#answered").wait_for()  # a locator: the page's CSP forbids eval polling
    assert ANSWERED["th"] in readable(other_tab.locator("main").inner_html())
    assert other_tab.get_by_role("button", name="ตอบอีกครั้ง").is_visible()
    drafts = other_tab.evaluate("Object.keys(localStorage).filter(k => k.includes(':draft:'))")
    assert drafts == []
    assert stored_count(app, session) == 1
