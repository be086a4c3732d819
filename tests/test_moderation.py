"""Moderation: free text reaches the projector only once approved; hidden text stays in the data."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey import store
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import log_in

RUDE = "วิทยากรพูดไม่รู้เรื่องเลย น่าเบื่อที่สุด"
KIND = "อยากให้จัดกิจกรรมแบบนี้อีก"
THIRD = "ควรเพิ่มเวลาแลกเปลี่ยน"


@pytest.fixture
def room(app: Flask, questionnaires: dict) -> dict[str, Any]:
    session = add_session(app, questionnaires["session_feedback"])
    with app.app_context():
        for n, text in enumerate((RUDE, KIND, THIRD)):
            store.save_response(
                session["id"], f"mod-token-{n:04d}", f"p{n}", "th", {"suggestion": [text]}
            )
    add_user(app, "somchai", "facilitator", (session["workshop_id"],))
    client = app.test_client()
    log_in(client, "somchai")
    return {"session": session, "client": client}


def projector_texts(client: FlaskClient, session_id: int) -> list[str]:
    return [t["text"] for t in client.get(f"/api/v1/sessions/{session_id}/projector").json["texts"]]


def answer_ids(client: FlaskClient, session_id: int) -> dict[str, int]:
    texts = client.get(f"/api/v1/sessions/{session_id}/texts").json["texts"]
    return {t["text"]: t["id"] for t in texts}


def test_nothing_reaches_the_projector_before_approval(room: dict) -> None:
    client, session = room["client"], room["session"]
    assert projector_texts(client, session["id"]) == []
    page = client.get(f"/staff/sessions/{session['id']}/present").get_data(as_text=True)
    assert RUDE not in page
    assert session["code"] in page
    dashboard = client.get(f"/api/v1/sessions/{session['id']}/summary").json
    assert {t["text"] for t in dashboard["texts"]} == {RUDE, KIND, THIRD}


def test_approve_hide_and_approve_all(room: dict) -> None:
    client, session = room["client"], room["session"]
    ids = answer_ids(client, session["id"])
    url = f"/staff/sessions/{session['id']}/moderation"
    token = csrf_of(client, url)
    client.post(url, data={"csrf_token": token, "answer_id": ids[KIND], "state": "approved"})
    assert projector_texts(client, session["id"]) == [KIND]
    client.post(url, data={"csrf_token": token, "answer_id": ids[RUDE], "state": "hidden"})
    response = client.post(f"{url}/approve-all", data={"csrf_token": token})
    assert response.status_code == 302
    assert sorted(projector_texts(client, session["id"])) == sorted([KIND, THIRD])
    client.post(url, data={"csrf_token": token, "answer_id": ids[KIND], "state": "hidden"})
    assert projector_texts(client, session["id"]) == [THIRD]
    page = client.get(url).get_data(as_text=True)
    assert page.count('data-state="hidden"') == 2


def test_hidden_answers_stay_in_the_data_for_analysts(app: Flask, room: dict) -> None:
    client, session = room["client"], room["session"]
    ids = answer_ids(client, session["id"])
    url = f"/staff/sessions/{session['id']}/moderation"
    client.post(
        url, data={"csrf_token": csrf_of(client, url), "answer_id": ids[RUDE], "state": "hidden"}
    )
    add_user(app, "ana", "analyst", (session["workshop_id"],))
    analyst = app.test_client()
    log_in(analyst, "ana")
    download = analyst.get(f"/staff/analysis/workshops/{session['workshop_id']}/responses.csv")
    assert download.status_code == 200
    assert download.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert RUDE in [row["suggestion"] for row in rows]


def test_moderation_needs_csrf_and_an_answer_of_this_session(
    app: Flask, room: dict, questionnaires: dict
) -> None:
    client, session = room["client"], room["session"]
    ids = answer_ids(client, session["id"])
    url = f"/staff/sessions/{session['id']}/moderation"
    assert client.post(url, data={"answer_id": ids[RUDE], "state": "approved"}).status_code == 400
    assert client.post(f"{url}/approve-all").status_code == 400
    token = csrf_of(client, url)
    bad = client.post(url, data={"csrf_token": token, "answer_id": ids[RUDE], "state": "shown"})
    assert bad.status_code == 400
    other = add_session(app, questionnaires["session_feedback"])
    with app.app_context():
        store.assign_staff(other["workshop_id"], store.user_by_name("somchai")["id"])
    foreign = client.post(
        f"/staff/sessions/{other['id']}/moderation",
        data={"csrf_token": token, "answer_id": ids[RUDE], "state": "approved"},
    )
    assert foreign.status_code == 404
    assert projector_texts(client, session["id"]) == []


def test_analysts_downloads_mask_personal_data(app: Flask, room: dict) -> None:
    session = room["session"]
    with app.app_context():
        store.save_response(
            session["id"], "mask-token-0001", "p9", "th", {"suggestion": ["โทร 081-234-5678"]}
        )
    add_user(app, "ana", "analyst", (session["workshop_id"],))
    analyst = app.test_client()
    log_in(analyst, "ana")
    base = f"/staff/analysis/workshops/{session['workshop_id']}"
    document = analyst.get(f"{base}/responses.json")
    assert len(document.json["responses"]) == 4
    assert "081-234-5678" not in document.get_data(as_text=True)
    assert analyst.get(f"{base}/responses.xlsx").data.startswith(b"PK")
