"""The PDPA built in: a notice before the first question, retention applied by a command, and a
participant withdrawing their own answer; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey import store
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import form_tokens
from tests.conftest import log_in

ANSWERS = {
    "speaker": "5",
    "content": "4",
    "duration": "3",
    "knowledge__before": "2",
    "knowledge__after": "4",
    "suggestion": "แอร์หนาวมาก",
}


@pytest.fixture
def room(any_app: Flask, questionnaires: dict) -> dict[str, Any]:
    return add_session(any_app, questionnaires["session_feedback"])


def _answer(client: FlaskClient, code: str) -> str:
    """Answer the form as a phone does; return the thank-you page's token."""
    csrf, token = form_tokens(client.get(f"/j/{code}").get_data(as_text=True))
    sent = client.post(f"/j/{code}", data={"csrf_token": csrf, "token": token, **ANSWERS})
    assert sent.status_code == 303
    return token


def _responses(app: Flask, session_id: int) -> int:
    with app.app_context():
        return store.count_responses(session_id)


def test_the_notice_comes_before_the_first_question(any_app: Flask, room: dict) -> None:
    client = any_app.test_client()
    html = client.get(f"/j/{room['code']}").get_data(as_text=True)
    assert "ศอ.บต." in html[html.index('id="privacy"') :]
    assert html.index('id="privacy"') < html.index("<fieldset")
    link = re.search(r'href="(/j/[^"]+/privacy[^"]*)"', html)
    assert link is not None
    full = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    for words in ("ผู้ควบคุมข้อมูลส่วนบุคคล", "วัตถุประสงค์", "ระยะเวลาเก็บ", "สิทธิของท่าน", "ศอ.บต."):
        assert words in full
    english = client.get(f"/j/{room['code']}/privacy?lang=en").get_data(as_text=True)
    assert "Data controller" in english
    malay = client.get(f"/j/{room['code']}/privacy?lang=ms").get_data(as_text=True)
    assert "Pengawal data" in malay


def test_the_notice_names_the_workshops_contact_and_retention(any_app: Flask, room: dict) -> None:
    with any_app.app_context():
        store.update_workshop(
            room["workshop_id"],
            {
                "privacy_contact": "กลุ่มงานประเมินผล โทร 073-000000",
                "retain_until": dt.date(2027, 3, 31),
                "retention": "all",
            },
        )
    client = any_app.test_client()
    short = client.get(f"/j/{room['code']}").get_data(as_text=True)
    assert "31 มีนาคม พ.ศ. 2570" in short
    full = client.get(f"/j/{room['code']}/privacy").get_data(as_text=True)
    assert "กลุ่มงานประเมินผล โทร 073-000000" in full
    assert "คำตอบทั้งหมดจะถูกลบ" in full


def test_a_participant_withdraws_their_answer_and_counts_drop(any_app: Flask, room: dict) -> None:
    phone = any_app.test_client()
    token = _answer(phone, room["code"])
    _answer(any_app.test_client(), room["code"])
    thanks = phone.get(f"/j/{room['code']}/thanks?t={token}").get_data(as_text=True)
    assert 'id="withdraw"' in thanks
    add_user(any_app, "fac", "facilitator", (room["workshop_id"],))
    staff = any_app.test_client()
    log_in(staff, "fac")
    summary = f"/api/v1/sessions/{room['id']}/summary"
    first = staff.get(summary)
    assert first.json["responses"] == 2
    stranger = any_app.test_client()
    refused = stranger.post(
        f"/j/{room['code']}/withdraw",
        data={"csrf_token": csrf_of(stranger, f"/j/{room['code']}"), "t": token, "confirm": "1"},
    )
    assert refused.status_code in (400, 404)
    assert _responses(any_app, room["id"]) == 2
    csrf = csrf_of(phone, f"/j/{room['code']}/thanks?t={token}")
    unticked = phone.post(f"/j/{room['code']}/withdraw", data={"csrf_token": csrf, "t": token})
    assert unticked.status_code == 303
    assert _responses(any_app, room["id"]) == 2
    done = phone.post(
        f"/j/{room['code']}/withdraw", data={"csrf_token": csrf, "t": token, "confirm": "1"}
    )
    assert done.status_code == 200
    assert "ถอนคำตอบแล้ว" in done.get_data(as_text=True)
    assert _responses(any_app, room["id"]) == 1
    again = staff.get(summary, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert again.json["responses"] == 1
    with any_app.app_context():
        [entry] = [e for e in store.audit_entries() if e["action"] == "withdrawal"]
    assert entry["actor"] == "participant"
    assert entry["target"] == room["code"]
    assert phone.get(f"/j/{room['code']}/thanks?t={token}").status_code == 302
    # A second tap finds nothing to delete, and says so in the participant's words.
    twice = phone.post(
        f"/j/{room['code']}/withdraw", data={"csrf_token": csrf, "t": token, "confirm": "1"}
    )
    assert twice.status_code == 404
    assert "ไม่พบคำตอบนี้แล้ว" in twice.get_data(as_text=True)
    assert "ถอนคำตอบแล้ว" not in twice.get_data(as_text=True)
    assert _responses(any_app, room["id"]) == 1


def test_no_withdrawal_once_the_session_is_closed(any_app: Flask, room: dict) -> None:
    phone = any_app.test_client()
    token = _answer(phone, room["code"])
    csrf = csrf_of(phone, f"/j/{room['code']}/thanks?t={token}")
    with any_app.app_context():
        store.set_session_open(room["id"], False)
    assert 'id="withdraw"' not in phone.get(f"/j/{room['code']}/thanks?t={token}").get_data(
        as_text=True
    )
    closed = phone.post(
        f"/j/{room['code']}/withdraw", data={"csrf_token": csrf, "t": token, "confirm": "1"}
    )
    assert closed.status_code == 403
    assert _responses(any_app, room["id"]) == 1


@pytest.mark.parametrize(("retention", "responses_left"), [("text", 2), ("all", 0)])
def test_retention_removes_what_the_workshop_sets_and_is_audited(
    any_app: Flask, room: dict, retention: str, responses_left: int
) -> None:
    for _ in range(2):
        _answer(any_app.test_client(), room["code"])
    with any_app.app_context():
        store.update_workshop(
            room["workshop_id"], {"retain_until": dt.date(2027, 1, 31), "retention": retention}
        )
    runner = any_app.test_cli_runner()
    early = runner.invoke(args=["retention", "apply", "--today", "2027-01-31"])
    assert "No workshop" in early.output
    assert _responses(any_app, room["id"]) == 2
    result = runner.invoke(args=["retention", "apply", "--today", "2027-02-01"])
    assert result.exit_code == 0, result.output
    assert room["workshop_code"] in result.output
    with any_app.app_context():
        records = store.response_records(room["workshop_id"])
        entries = [e for e in store.audit_entries() if e["action"] == "retention"]
    assert len(records) == responses_left
    for record in records:
        assert "suggestion" not in record["answers"]
        assert record["answers"]["speaker"] == ["5"]
    assert len(entries) == 1
    assert entries[0]["actor"].startswith("cli:")
    again = runner.invoke(args=["retention", "apply", "--today", "2027-02-02"])
    assert "No workshop" in again.output
    staff_page = _workshop_page(any_app, room)
    assert "เก็บคำตอบถึง 31\u00a0ม.ค.\u00a02570" in staff_page


def _workshop_page(app: Flask, room: dict) -> str:
    add_user(app, "boss", "admin")
    client = app.test_client()
    log_in(client, "boss")
    return client.get(f"/staff/workshops/{room['workshop_id']}").get_data(as_text=True)


def test_the_workshop_form_sets_retention(any_app: Flask, room: dict) -> None:
    add_user(any_app, "boss", "admin")
    client = any_app.test_client()
    log_in(client, "boss")
    page = f"/staff/workshops/{room['workshop_id']}/edit"
    with any_app.app_context():
        workshop = store.workshop_by_id(room["workshop_id"])
    assert workshop is not None
    response = client.post(
        page,
        data={
            "csrf_token": csrf_of(client, page),
            "title": workshop["title"],
            "starts_on": str(workshop["starts_on"]),
            "ends_on": str(workshop["ends_on"]),
            "privacy_contact": "ศูนย์ข้อมูล โทร 1880",
            "retain_until": "2027-06-30",
            "retention": "all",
        },
    )
    assert response.status_code == 302
    with any_app.app_context():
        saved = store.workshop_by_id(room["workshop_id"])
    assert saved is not None
    assert saved["retain_until"] == dt.date(2027, 6, 30)
    assert saved["retention"] == "all"
    assert saved["privacy_contact"] == "ศูนย์ข้อมูล โทร 1880"
