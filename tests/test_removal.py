"""Deleting a session or a day on SQLite and PostgreSQL: all or nothing, never an answer by accident."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from survey import store
from survey.schema import responses
from tests.conftest import add_session
from tests.conftest import row_counts


def answer_session(app: Flask, session: dict[str, Any], people: int, moderate: int = 0) -> None:
    """Store `people` responses (speaker and a suggestion each); approve the first `moderate`."""
    with app.app_context():
        for n in range(people):
            store.save_response(
                session["id"],
                f"{session['code']}-token-{n:04d}",
                f"person-{n}",
                "th",
                {"speaker": ["4"], "suggestion": [f"อยากให้จัดอีก ครั้งที่ {n}"]},
            )
        texts = store.text_answers([session["id"]], {"session_feedback": ["suggestion"]}, 100)
        store.set_moderation([t["id"] for t in texts[:moderate]], "approved", None)


@pytest.fixture
def two_sessions(any_app: Flask, questionnaires: dict) -> tuple[dict[str, Any], dict[str, Any]]:
    """An answered session (3 responses, 2 moderated) and another workshop's answered session."""
    mine = add_session(any_app, questionnaires["session_feedback"])
    other = add_session(any_app, questionnaires["session_feedback"])
    answer_session(any_app, mine, 3, moderate=2)
    answer_session(any_app, other, 2, moderate=1)
    return mine, other


def test_an_empty_session_is_deleted_and_nothing_else(
    any_app: Flask, two_sessions: tuple, questionnaires: dict
) -> None:
    mine, _ = two_sessions
    with any_app.app_context():
        empty_id = store.add_workshop_session(
            mine["workshop_id"], mine["date"], "", "ผิดพลาด", questionnaires["session_feedback"]
        )
    before = row_counts(any_app)
    with any_app.app_context():
        assert store.delete_session(empty_id) == {"responses": 0, "answers": 0, "moderation": 0}
        assert store.session_by_id(empty_id) is None
        assert store.delete_session(empty_id) is None
    assert row_counts(any_app) == {**before, "sessions": before["sessions"] - 1}


def test_a_session_with_responses_is_kept_whole(any_app: Flask, two_sessions: tuple) -> None:
    mine, _ = two_sessions
    before = row_counts(any_app)
    with any_app.app_context():
        with pytest.raises(store.SessionHasResponsesError) as refused:
            store.delete_session(mine["id"])
        assert refused.value.responses == 3
        assert store.session_contents(mine["id"]) == {"responses": 3, "answers": 6, "moderation": 2}
    assert row_counts(any_app) == before


def test_with_answers_deletes_the_session_and_only_what_is_its_own(
    any_app: Flask, two_sessions: tuple
) -> None:
    mine, other = two_sessions
    before = row_counts(any_app)
    with any_app.app_context():
        gone = store.delete_session(mine["id"], with_answers=True)
        assert gone == {"responses": 3, "answers": 6, "moderation": 2}
        assert store.session_by_id(mine["id"]) is None
        assert store.session_contents(other["id"]) == {
            "responses": 2,
            "answers": 4,
            "moderation": 1,
        }
    assert row_counts(any_app) == {
        "sessions": before["sessions"] - 1,
        "days": before["days"],
        "responses": before["responses"] - 3,
        "answers": before["answers"] - 6,
        "moderation": before["moderation"] - 2,
    }


def test_a_failure_part_way_deletes_nothing(any_app: Flask, two_sessions: tuple) -> None:
    mine, _ = two_sessions
    before = row_counts(any_app)
    eng = any_app.extensions[store.EXTENSION_KEY]

    def fail_on_the_session(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("DELETE FROM SESSIONS"):
            raise RuntimeError("the server went away")

    sa.event.listen(eng, "before_cursor_execute", fail_on_the_session)
    try:
        with any_app.app_context(), pytest.raises(RuntimeError):
            store.delete_session(mine["id"], with_answers=True)
    finally:
        sa.event.remove(eng, "before_cursor_execute", fail_on_the_session)
    assert row_counts(any_app) == before
    with any_app.app_context():
        assert store.session_contents(mine["id"]) == {"responses": 3, "answers": 6, "moderation": 2}


def test_a_submit_in_flight_is_never_deleted_with_its_session(
    any_app: Flask, questionnaires: dict
) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    outcome: list[object] = []

    def delete() -> None:
        with any_app.app_context():
            try:
                outcome.append(store.delete_session(session["id"]))
            except store.SessionHasResponsesError as refused:
                outcome.append(refused.responses)

    eng = any_app.extensions[store.EXTENSION_KEY]
    with eng.connect() as submit, submit.begin():
        submit.execute(
            responses.insert().values(
                session_id=session["id"],
                token="in-flight" * 3,
                respondent_key="p",
                language="th",
                submitted_at=dt.datetime.now(dt.UTC),
            )
        )
        deleting = threading.Thread(target=delete)
        deleting.start()
        deleting.join(timeout=0.5)
        assert deleting.is_alive(), "the delete did not wait for the submit in flight"
    deleting.join()
    assert outcome == [1]
    with any_app.app_context():
        assert store.count_responses(session["id"]) == 1
        assert store.session_by_id(session["id"]) is not None


def test_an_empty_day_is_deleted_and_later_days_move_up(
    any_app: Flask, questionnaires: dict
) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    workshop_id = session["workshop_id"]
    with any_app.app_context():
        for offset, title in ((1, "วันที่ 2"), (2, "วันที่ 3")):
            date = session["date"] + dt.timedelta(days=offset)
            store.add_workshop_session(
                workshop_id, date, title, "ช่วง", questionnaires["session_feedback"]
            )
        day_two = store.list_sessions(workshop_id)[1]
        store.delete_session(day_two["id"])
        with pytest.raises(store.DayHasSessionsError) as refused:
            store.delete_day(workshop_id, 1)
        assert refused.value.sessions == 1
        assert store.delete_day(workshop_id, 2) is True
        assert store.delete_day(workshop_id, 9) is False
        assert [(d["number"], d["title"]) for d in store.list_days(workshop_id)] == [
            (1, "วันที่ 1"),
            (2, "วันที่ 3"),
        ]
        assert [s["day"] for s in store.list_sessions(workshop_id)] == [1, 2]
