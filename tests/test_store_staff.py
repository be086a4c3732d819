"""Storage of staff, login attempts, moderation and workshop copies, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from flask import Flask

from survey import store
from tests.conftest import add_session

HOUR = dt.timedelta(hours=1)


def test_accounts_and_assignments(any_app: Flask, questionnaires: dict) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    with any_app.app_context():
        user_id = store.create_user("somchai", "hash", "facilitator")
        with pytest.raises(sa.exc.IntegrityError):
            store.create_user("somchai", "hash", "analyst")
        store.assign_staff(session["workshop_id"], user_id)
        store.assign_staff(session["workshop_id"], user_id)
        assert store.is_assigned(user_id, session["workshop_id"])
        assert [w["id"] for w in store.list_workshops(user_id)] == [session["workshop_id"]]
        [listed] = store.list_users()
        assert listed["workshops"] == [session["workshop_code"]]
        assert "password_hash" not in listed
        assert store.count_users("admin") == 0
        store.set_password_hash(user_id, "new-hash")
        assert store.user_by_id(user_id)["password_hash"] == "new-hash"
        store.remove_user(user_id)
        assert store.list_workshops(user_id) == []
        assert store.workshop_staff_of(session["workshop_id"]) == []


def test_login_attempts_are_counted_and_forgotten(any_app: Flask) -> None:
    with any_app.app_context():
        since = dt.datetime.now(dt.UTC) - HOUR
        for _ in range(3):
            store.record_login_attempt("somchai", "203.0.113.7", False, HOUR)
        store.record_login_attempt("suda", "203.0.113.7", False, HOUR)
        store.record_login_attempt("somchai", "198.51.100.9", False, HOUR)
        assert store.failed_logins(since, username="somchai") == 4
        assert store.failed_logins(since, username="somchai", address="203.0.113.7") == 3
        assert store.failed_logins(since, address="203.0.113.7") == 4
        store.record_login_attempt("somchai", "203.0.113.7", True, HOUR)
        assert store.failed_logins(since, username="somchai", address="203.0.113.7") == 0
        assert store.failed_logins(since, username="somchai", address="198.51.100.9") == 1
        assert store.failed_logins(since, username="suda") == 1
        store.record_login_attempt("x", "y", False, dt.timedelta(0))
        assert store.failed_logins(since, username="suda") == 0


def test_moderation_states_replace_each_other(any_app: Flask, questionnaires: dict) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    columns = {"session_feedback": ["suggestion"]}
    with any_app.app_context():
        for n, text in enumerate(("หนึ่ง", "สอง", "สาม")):
            store.save_response(
                session["id"], f"store-mod-{n:04d}", "p", "th", {"suggestion": [text]}
            )
        ids = [row["id"] for row in store.text_answers([session["id"]], columns, 10)]
        store.set_moderation(ids[:2], "approved", None)
        store.set_moderation(ids[:1], "hidden", None)
        states = {
            row["value"]: row["state"] for row in store.text_answers([session["id"]], columns, 10)
        }
        assert states == {"สาม": "hidden", "สอง": "approved", "หนึ่ง": "pending"}
        assert store.text_values([session["id"]], columns, "approved") == ["สอง"]
        pending = store.text_answers([session["id"]], columns, 10, state="pending")
        assert [row["value"] for row in pending] == ["หนึ่ง"]
        assert store.answers_in_sessions(ids, [session["id"] + 1]) == []


def test_a_duplicate_is_a_fresh_programme(any_app: Flask, questionnaires: dict) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    with any_app.app_context():
        store.save_response(session["id"], "dup-token-0001", "p", "th", {"speaker": ["5"]})
        copy_id = store.duplicate_workshop(session["workshop_id"], dt.date(2021, 3, 1), "รุ่น 2")
        [copied] = store.list_sessions(copy_id, with_questionnaire=True)
        assert store.count_responses(copied["id"]) == 0
        assert copied["date"] == dt.date(2021, 3, 1)
        assert copied["questionnaire"] == store.session_by_id(session["id"])["questionnaire"]
        added = store.add_workshop_session(
            copy_id, dt.date(2021, 3, 2), "วันที่ 2", "ปิดท้าย", questionnaires["workshop_evaluation"]
        )
        assert [(s["day"], s["position"]) for s in store.list_sessions(copy_id)] == [(1, 1), (2, 2)]
        assert store.session_by_id(added)["is_open"] is False
