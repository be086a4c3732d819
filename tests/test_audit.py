"""The audit log: who did what, when and from where, for downloads, account changes, deletions,
moderation and questionnaire changes; admins read it on the web and the command line, and no one
can change it from the web. On SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from survey import store
from survey.schema import answers
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import log_in

ANALYST_ADDRESS = "198.51.100.7"


@pytest.fixture
def room(any_app: Flask, questionnaires: dict) -> dict[str, Any]:
    session = add_session(any_app, questionnaires["session_feedback"])
    with any_app.app_context():
        store.save_response(session["id"], "r" * 20, "p1", "th", {"suggestion": ["แอร์หนาว"]})
    ids = {
        name: add_user(any_app, name, role, (session["workshop_id"],))
        for name, role in (("boss", "admin"), ("fac", "facilitator"), ("ana", "analyst"))
    }
    return {"session": session, "ids": ids}


def _entries(app: Flask) -> list[dict[str, Any]]:
    with app.app_context():
        return store.audit_entries()


def _client(app: Flask, name: str, address: str = "127.0.0.1") -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    log_in(client, name)
    return client


def test_a_download_names_who_when_what_and_from_where(any_app: Flask, room: dict) -> None:
    analyst = _client(any_app, "ana", ANALYST_ADDRESS)
    workshop_id = room["session"]["workshop_id"]
    assert analyst.get(f"/staff/analysis/workshops/{workshop_id}/responses.csv").status_code == 200
    [download] = [e for e in _entries(any_app) if e["action"] == "download"]
    assert download["actor"] == "ana"
    assert download["user_id"] == room["ids"]["ana"]
    assert download["address"] == ANALYST_ADDRESS
    assert download["workshop_id"] == workshop_id
    assert download["target"].endswith("-responses.csv")
    assert download["at"] is not None


def test_account_moderation_and_deletion_are_recorded(any_app: Flask, room: dict) -> None:
    boss = _client(any_app, "boss")
    session = room["session"]
    token = csrf_of(boss, "/staff/users")
    boss.post(
        f"/staff/users/{room['ids']['fac']}/password",
        data={"csrf_token": token, "password": "a-new-password-1"},
    )
    boss.post(
        "/staff/users",
        data={
            "csrf_token": token,
            "username": "newbie",
            "password": "pass-word-22",
            "role": "analyst",
        },
    )
    with any_app.app_context(), store.engine().connect() as conn:
        answer_id = conn.execute(sa.select(answers.c.id)).scalar_one()
    url = f"/staff/sessions/{session['id']}/moderation"
    moderated = boss.post(
        url, data={"csrf_token": token, "answer_id": answer_id, "state": "hidden"}
    )
    assert moderated.status_code == 302, moderated.status_code
    boss.post(f"/staff/users/{room['ids']['ana']}/remove", data={"csrf_token": token})
    actions = {(e["action"], e["target"]) for e in _entries(any_app)}
    assert ("password_change", "fac") in actions
    assert ("account_add", "newbie") in actions
    assert ("moderation", session["code"]) in actions
    assert ("account_remove", "ana") in actions
    assert all(e["actor"] == "boss" for e in _entries(any_app) if e["action"] != "login")


def test_only_admins_read_the_log_and_no_one_writes_it(any_app: Flask, room: dict) -> None:
    assert any_app.test_client().get("/staff/audit").status_code == 302
    for name in ("fac", "ana"):
        assert _client(any_app, name).get("/staff/audit").status_code == 403
    boss = _client(any_app, "boss")
    page = boss.get("/staff/audit")
    assert page.status_code == 200
    assert "login" in page.get_data(as_text=True)
    token = csrf_of(boss, "/staff/users")
    assert boss.post("/staff/audit", data={"csrf_token": token}).status_code == 405
    assert boss.delete("/staff/audit").status_code == 405
    future = boss.get("/staff/audit?since=2999-01-01").get_data(as_text=True)
    assert "ยังไม่มีบันทึก" in future


def test_the_command_line_prints_the_log_and_records_itself(
    any_app: Flask, room: dict, tmp_path: Path
) -> None:
    runner = any_app.test_cli_runner()
    out = tmp_path / "raw.csv"
    code = room["session"]["code"]
    result = runner.invoke(args=["export", "--workshop", code, "--out", str(out), "--raw"])
    assert result.exit_code == 0, result.output
    printed = runner.invoke(args=["audit", "--since", "2000-01-01"])
    assert printed.exit_code == 0, printed.output
    assert "raw_export" in printed.output
    assert "cli:" in printed.output
    assert "raw.csv" in printed.output
    assert runner.invoke(args=["audit", "--since", "2999-01-01"]).output == ""


def test_questionnaire_changes_and_theme_edits_are_recorded(any_app: Flask, room: dict) -> None:
    fac = _client(any_app, "fac")
    workshop_id = room["session"]["workshop_id"]
    page = f"/staff/workshops/{workshop_id}/questionnaires"
    created = fac.post(
        page,
        data={"csrf_token": csrf_of(fac, page), "source": "", "key": "audited", "title": "ทดสอบ"},
    )
    assert created.status_code == 302, created.get_data(as_text=True)[-2000:]
    boss = _client(any_app, "boss")
    undo = f"/staff/analysis/workshops/{workshop_id}/themes/session_feedback/undo"
    assert boss.post(undo, data={"csrf_token": csrf_of(boss, "/staff/users")}).status_code == 302
    actions = {(e["action"], e["actor"]) for e in _entries(any_app)}
    assert ("questionnaire_create", "fac") in actions
    assert ("theme_undo", "boss") in actions
