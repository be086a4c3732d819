"""Participants' posts a script could abuse: a repeated option is stored once, and a token from
one session proves nothing in another; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask

from analysis.questionnaire.model import Questionnaire
from survey import store
from survey.schema import answers
from tests.conftest import add_session
from tests.conftest import form_tokens
from tests.test_participant import EVERY_TYPE
from tests.test_participant import good_answers


def _stored(app: Flask, column: str) -> list[str]:
    with app.app_context(), store.engine().connect() as conn:
        query = sa.select(answers.c.value).where(answers.c.question_id == column)
        return [row[0] for row in conn.execute(query.order_by(answers.c.id))]


def test_a_repeated_option_is_stored_once(any_app: Flask) -> None:
    session = add_session(any_app, Questionnaire.from_dict(EVERY_TYPE))
    client = any_app.test_client()
    csrf, token = form_tokens(client.get(f"/j/{session['code']}").get_data(as_text=True))
    posted = good_answers(csrf, token, use=["work"] * 5000 + ["share", "work", "share"])
    response = client.post(f"/j/{session['code']}", data=posted)
    assert response.status_code == 303
    assert sorted(_stored(any_app, "use")) == ["share", "work"]
    assert store_count(any_app) == 1


def store_count(app: Flask) -> int:
    with app.app_context():
        return store.count_responses()


def test_a_token_from_another_session_shows_no_thanks(any_app: Flask) -> None:
    first = add_session(any_app, Questionnaire.from_dict(EVERY_TYPE))
    second: dict[str, Any] = add_session(any_app, Questionnaire.from_dict(EVERY_TYPE))
    client = any_app.test_client()
    csrf, token = form_tokens(client.get(f"/j/{first['code']}").get_data(as_text=True))
    sent = client.post(f"/j/{first['code']}", data=good_answers(csrf, token))
    assert sent.status_code == 303
    assert client.get(f"/j/{first['code']}/thanks?t={token}").status_code == 200
    replayed = client.get(f"/j/{second['code']}/thanks?t={token}")
    assert replayed.status_code == 302
    assert replayed.headers["Location"] == f"/j/{second['code']}"
