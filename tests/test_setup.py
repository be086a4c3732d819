"""Workshop set-up on the web: create, edit, add and delete sessions and days, open and close,
duplicate."""

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
from tests.conftest import log_in
from tests.conftest import row_counts

NEW_WORKSHOP = {
    "title": "เวทีรับฟังความคิดเห็น อำเภอหนองจิก",
    "venue": "ที่ว่าการอำเภอหนองจิก",
    "organiser": "ศอ.บต.",
    "starts_on": "2026-12-01",
    "ends_on": "2026-12-02",
    "expected_attendance": "60",
}


def facilitator(app: Flask) -> FlaskClient:
    add_user(app, "somchai", "facilitator")
    client = app.test_client()
    assert log_in(client, "somchai").status_code == 302
    return client


def create_workshop(client: FlaskClient, **changes: str) -> tuple[int, object]:
    token = csrf_of(client, "/staff/workshops/new")
    response = client.post(
        "/staff/workshops/new", data={"csrf_token": token, **NEW_WORKSHOP, **changes}
    )
    found = re.search(r"/staff/workshops/(\d+)$", response.headers.get("Location", ""))
    return (int(found.group(1)) if found else 0), response


def test_a_facilitator_creates_a_workshop_adds_a_session_and_opens_it(app: Flask) -> None:
    client = facilitator(app)
    workshop_id, _ = create_workshop(client)
    assert workshop_id
    page = f"/staff/workshops/{workshop_id}"
    token = csrf_of(client, page)
    added = client.post(
        f"{page}/sessions",
        data={
            "csrf_token": token,
            "title": "บรรยายพิเศษ",
            "date": "2026-12-01",
            "day_title": "วันแรก",
            "questionnaire": "session_feedback",
        },
    )
    assert added.status_code == 302
    with app.app_context():
        [session] = store.list_sessions(workshop_id)
        assert store.workshop_staff_of(workshop_id)[0]["username"] == "somchai"
    assert session["is_open"] is False
    assert session["title"] == "บรรยายพิเศษ"
    html = client.get(page).get_data(as_text=True)
    assert session["code"] in html
    assert f"/j/{session['code']}/poster" in html
    assert f"/staff/sessions/{session['id']}/present" in html
    participant = app.test_client()
    assert participant.get(f"/j/{session['code']}").status_code == 403
    client.post(f"/staff/sessions/{session['id']}/open", data={"csrf_token": token})
    assert participant.get(f"/j/{session['code']}").status_code == 200
    client.post(f"/staff/sessions/{session['id']}/close", data={"csrf_token": token})
    closed = participant.get(f"/j/{session['code']}")
    assert closed.status_code == 403
    assert "แบบประเมินนี้ปิดรับคำตอบแล้ว" in closed.get_data(as_text=True)


def test_open_and_close_need_the_csrf_token(app: Flask, questionnaires: dict) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    client = facilitator(app)
    with app.app_context():
        store.assign_staff(session["workshop_id"], store.user_by_name("somchai")["id"])
    assert client.post(f"/staff/sessions/{session['id']}/close").status_code == 400
    with app.app_context():
        assert store.session_by_id(session["id"])["is_open"] is True


def test_a_workshop_that_ends_before_it_starts_is_refused(app: Flask) -> None:
    client = facilitator(app)
    workshop_id, response = create_workshop(client, ends_on="2026-11-30")
    assert workshop_id == 0
    assert response.status_code == 200
    assert "วันสิ้นสุดต้องไม่ก่อนวันเริ่ม" in response.get_data(as_text=True)
    workshop_id, response = create_workshop(client, title="")
    assert "กรุณากรอกช่องนี้" in response.get_data(as_text=True)
    with app.app_context():
        assert store.list_workshops() == []


def test_editing_a_workshop_and_a_session(app: Flask, questionnaires: dict) -> None:
    client = facilitator(app)
    workshop_id, _ = create_workshop(client)
    token = csrf_of(client, f"/staff/workshops/{workshop_id}")
    client.post(
        f"/staff/workshops/{workshop_id}/edit",
        data={"csrf_token": token, **NEW_WORKSHOP, "expected_attendance": "75"},
    )
    with app.app_context():
        assert store.workshop_by_id(workshop_id)["expected_attendance"] == 75
        session_id = store.add_workshop_session(
            workshop_id,
            store.workshop_by_id(workshop_id)["starts_on"],
            "",
            "เดิม",
            questionnaires["session_feedback"],
        )
    client.post(
        f"/staff/sessions/{session_id}/edit",
        data={"csrf_token": token, "title": "ใหม่", "questionnaire": "workshop_evaluation"},
    )
    with app.app_context():
        session = store.session_by_id(session_id)
        assert (session["title"], session["questionnaire_id"]) == ("ใหม่", "workshop_evaluation")
        store.save_response(session_id, "x" * 20, "p", "th", {"speaker": ["5"]})
    client.post(
        f"/staff/sessions/{session_id}/edit",
        data={"csrf_token": token, "title": "ใหม่อีก", "questionnaire": "session_feedback"},
    )
    with app.app_context():
        session = store.session_by_id(session_id)
    assert (session["title"], session["questionnaire_id"]) == ("ใหม่อีก", "workshop_evaluation")


def test_duplicating_a_workshop_copies_its_programme_not_its_answers(
    app: Flask, questionnaires: dict
) -> None:
    original = add_session(app, questionnaires["session_feedback"])
    client = facilitator(app)
    with app.app_context():
        store.assign_staff(original["workshop_id"], store.user_by_name("somchai")["id"])
        store.save_response(original["id"], "d" * 20, "p", "th", {"speaker": ["5"]})
    token = csrf_of(client, f"/staff/workshops/{original['workshop_id']}")
    response = client.post(
        f"/staff/workshops/{original['workshop_id']}/duplicate",
        data={"csrf_token": token, "title": "รุ่นที่ 2", "starts_on": "2020-01-10"},
    )
    copy_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert copy_id != original["workshop_id"]
    with app.app_context():
        copy = store.workshop_by_id(copy_id)
        [session] = store.list_sessions(copy_id)
        assert store.count_responses(session["id"]) == 0
        assert [u["username"] for u in store.workshop_staff_of(copy_id)] == ["somchai"]
    assert copy["title"] == "รุ่นที่ 2"
    assert str(copy["starts_on"]) == "2020-01-10"
    assert str(session["date"]) == "2020-01-10"
    assert session["title"] == original["title"]
    assert session["code"] != original["code"]
    assert session["is_open"] is False


def test_analysts_cannot_create_workshops(app: Flask) -> None:
    add_user(app, "ana", "analyst")
    client = app.test_client()
    log_in(client, "ana")
    assert client.get("/staff/workshops/new").status_code == 403


def test_admins_assign_staff_to_a_workshop(app: Flask, questionnaires: dict) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    add_user(app, "boss", "admin")
    analyst_id = add_user(app, "ana", "analyst")
    analyst = app.test_client()
    log_in(analyst, "ana")
    dashboard = f"/staff/workshops/{session['workshop_id']}/dashboard"
    assert analyst.get(dashboard).status_code == 404
    admin = app.test_client()
    log_in(admin, "boss")
    token = csrf_of(admin, f"/staff/workshops/{session['workshop_id']}")
    admin.post(
        f"/staff/workshops/{session['workshop_id']}/staff",
        data={"csrf_token": token, "user_id": str(analyst_id)},
    )
    assert analyst.get(dashboard).status_code == 200
    admin.post(
        f"/staff/workshops/{session['workshop_id']}/staff/{analyst_id}/remove",
        data={"csrf_token": token},
    )
    assert analyst.get(dashboard).status_code == 404


def test_a_day_can_be_moved_and_renamed(app: Flask, questionnaires: dict) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    client = facilitator(app)
    with app.app_context():
        store.assign_staff(session["workshop_id"], store.user_by_name("somchai")["id"])
    page = f"/staff/workshops/{session['workshop_id']}"
    token = csrf_of(client, page)
    assert "บันทึกวัน" in client.get(page).get_data(as_text=True)
    client.post(
        f"{page}/days/1", data={"csrf_token": token, "date": "2019-08-22", "title": "วันเปิด"}
    )
    with app.app_context():
        [day] = store.list_days(session["workshop_id"])
        assert (str(day["date"]), day["title"]) == ("2019-08-22", "วันเปิด")
        assert str(store.session_by_id(session["id"])["date"]) == "2019-08-22"
    missing = client.post(f"{page}/days/9", data={"csrf_token": token, "date": "2019-08-22"})
    assert missing.status_code == 404


def facilitator_of(app: Flask, session: dict[str, Any]) -> FlaskClient:
    """Log in a facilitator assigned to the session's workshop."""
    client = facilitator(app)
    with app.app_context():
        store.assign_staff(session["workshop_id"], store.user_by_name("somchai")["id"])
    return client


def test_a_session_without_answers_is_deleted_after_its_code_is_typed(
    app: Flask, questionnaires: dict
) -> None:
    kept = add_session(app, questionnaires["session_feedback"])
    with app.app_context():
        store.save_response(kept["id"], "k" * 20, "p", "th", {"speaker": ["5"]})
        mistake_id = store.add_workshop_session(
            kept["workshop_id"], kept["date"], "", "ผิดวัน", questionnaires["session_feedback"]
        )
        mistake = store.session_by_id(mistake_id)
        store.set_session_open(mistake_id, True)
    client = facilitator_of(app, kept)
    participant = app.test_client()
    assert participant.get(f"/j/{mistake['code']}").status_code == 200
    page = f"/staff/workshops/{kept['workshop_id']}"
    assert f"/staff/sessions/{mistake_id}/delete" in client.get(page).get_data(as_text=True)
    confirm = client.get(f"/staff/sessions/{mistake_id}/delete")
    assert confirm.status_code == 200
    assert "พิมพ์รหัสเข้าร่วมของช่วงนี้เพื่อยืนยันการลบ" in confirm.get_data(as_text=True)
    token = csrf_of(client, page)
    before = row_counts(app)
    typed = f" {mistake['code'][:3].lower()} {mistake['code'][3:]}"  # as read off the page
    deleted = client.post(
        f"/staff/sessions/{mistake_id}/delete", data={"csrf_token": token, "code": typed}
    )
    assert deleted.status_code == 302
    assert deleted.headers["Location"] == page
    assert row_counts(app) == {**before, "sessions": before["sessions"] - 1}
    with app.app_context():
        assert store.session_by_id(mistake_id) is None
        assert store.session_by_id(kept["id"]) is not None
    assert "ลบช่วง “ผิดวัน”" in client.get(page).get_data(as_text=True)
    gone = participant.get(f"/j/{mistake['code']}")
    assert gone.status_code == 404
    assert "ไม่พบแบบประเมินนี้" in gone.get_data(as_text=True)
    assert participant.get(f"/j/{kept['code']}").status_code == 200


def test_a_session_with_answers_is_never_deleted_from_the_web(
    app: Flask, questionnaires: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    with app.app_context():
        store.save_response(session["id"], "a" * 20, "p", "th", {"suggestion": ["ดีมาก"]})
    client = facilitator_of(app, session)
    url = f"/staff/sessions/{session['id']}/delete"
    page = client.get(url).get_data(as_text=True)
    assert "ลบช่วงนี้ไม่ได้ เพราะมีผู้ส่งคำตอบแล้ว 1 คำตอบ" in page
    assert "กรุณาปิดรับคำตอบแทน" in page
    assert f"/staff/sessions/{session['id']}/close" in page
    assert 'name="code"' not in page
    before = row_counts(app)
    token = csrf_of(client, f"/staff/workshops/{session['workshop_id']}")
    refused = client.post(url, data={"csrf_token": token, "code": session["code"]})
    assert refused.status_code == 409
    assert "คำตอบที่มีอยู่จะยังอยู่ครบ" in refused.get_data(as_text=True)
    assert row_counts(app) == before
    # an answer that arrives after the page was checked still keeps the session
    monkeypatch.setattr(store, "count_responses", lambda *_: 0)
    late = client.post(url, data={"csrf_token": token, "code": session["code"]})
    assert late.status_code == 409
    monkeypatch.undo()
    assert row_counts(app) == before
    with app.app_context():
        assert store.count_responses(session["id"]) == 1
    assert app.test_client().get(f"/j/{session['code']}").status_code == 200


def test_a_wrong_code_or_a_missing_token_deletes_nothing(app: Flask, questionnaires: dict) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    client = facilitator_of(app, session)
    url = f"/staff/sessions/{session['id']}/delete"
    token = csrf_of(client, url)
    before = row_counts(app)
    for code in ("", "NOPE99", session["code"][::-1]):
        wrong = client.post(url, data={"csrf_token": token, "code": code})
        assert wrong.status_code == 200, code
        html = wrong.get_data(as_text=True)
        assert "ยังไม่ได้ลบสิ่งใด" in html or "กรุณากรอกช่องนี้" in html, code
    expired = client.post(url, data={"code": session["code"]})
    assert expired.status_code == 400
    assert "หน้านี้หมดอายุแล้ว" in expired.get_data(as_text=True)
    assert client.get(url, query_string={"code": session["code"]}).status_code == 200
    assert row_counts(app) == before


def test_an_empty_day_is_deleted_and_a_day_with_sessions_is_kept(
    app: Flask, questionnaires: dict
) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    workshop_id = session["workshop_id"]
    with app.app_context():
        mistake_id = store.add_workshop_session(
            workshop_id, dt.date(2019, 8, 27), "ผิดวัน", "บรรยาย", questionnaires["session_feedback"]
        )
        mistake = store.session_by_id(mistake_id)
    client = facilitator_of(app, session)
    page = f"/staff/workshops/{workshop_id}"
    token = csrf_of(client, f"/staff/sessions/{mistake_id}/delete")
    client.post(
        f"/staff/sessions/{mistake_id}/delete",
        data={"csrf_token": token, "code": mistake["code"]},
    )
    html = client.get(page).get_data(as_text=True)
    assert f"{page}/days/2/delete" in html
    assert f"{page}/days/1/delete" not in html
    before = row_counts(app)
    kept = client.post(f"{page}/days/1/delete", data={"csrf_token": token})
    assert kept.status_code == 302
    assert "ลบวันที่ 1 ไม่ได้" in client.get(page).get_data(as_text=True)
    assert client.post(f"{page}/days/2/delete").status_code == 400
    assert row_counts(app) == before
    assert client.post(f"{page}/days/2/delete", data={"csrf_token": token}).status_code == 302
    assert row_counts(app) == {**before, "days": before["days"] - 1}
    with app.app_context():
        assert [day["title"] for day in store.list_days(workshop_id)] == ["วันที่ 1"]
    assert client.post(f"{page}/days/2/delete", data={"csrf_token": token}).status_code == 404
