"""Responses against people: one person answering several sessions is one participant everywhere."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pandas as pd
import pytest
from docx import Document
from flask import Flask
from flask.testing import FlaskClient

from analysis.questionnaire.model import Questionnaire
from analysis.report.sections import attendance_text
from analysis.responses import responses_frame
from analysis.stats.attendance import attendance
from analysis.stats.attendance import attendance_table
from survey import store
from survey.commands import demo
from tests.conftest import add_user
from tests.conftest import log_in
from tests.conftest import make_record
from tests.conftest import workshop_spec

# Who answered which session: (session number, day, respondent keys). Seven people: "a" to "e"
# come both days, "f" only on day 1, "g" only on day 2; "a" answers session 1 twice.
WHO = (
    (1, 1, ("a", "b", "c", "d", "e", "f", "a")),
    (2, 1, ("a", "b", "c", "f")),
    (3, 2, ("a", "b", "c", "d", "e", "g")),
)


def _keys_frame() -> pd.DataFrame:
    rows = [(s, d, k) for s, d, keys in WHO for k in keys]
    return pd.DataFrame(rows, columns=["session_id", "day", "respondent_key"])


def test_people_are_distinct_keys_responses_are_rows() -> None:
    counts = attendance(_keys_frame())
    assert (counts.participants, counts.responses, counts.sessions) == (7, 17, 3)
    assert counts.by_day == {1: (6, 11), 2: (6, 6)}
    assert counts.by_session == {1: (6, 7), 2: (4, 4), 3: (6, 6)}
    assert counts.share_of(10) == 0.7
    assert counts.share_of(None) is None


def test_no_responses_is_no_one() -> None:
    empty = attendance(pd.DataFrame(columns=["session_id", "day", "respondent_key"]))
    assert (empty.participants, empty.responses, empty.by_day) == (0, 0, {})
    with pytest.raises(ValueError, match="respondent_key"):
        attendance(pd.DataFrame({"session_id": [1], "day": [1]}))


def test_the_table_and_the_sentence_say_both() -> None:
    counts = attendance(_keys_frame())
    table = attendance_table(counts, {1: "เปิด", 2: "บรรยาย", 3: "สรุป"})
    assert table.iloc[0].tolist() == ["workshop", "", 7, 17]
    assert table[table["scope"] == "day"][["key", "participants", "responses"]].values.tolist() == [
        [1, 6, 11],
        [2, 6, 6],
    ]
    assert table[table["scope"] == "session"]["key"].tolist() == ["เปิด", "บรรยาย", "สรุป"]
    text = attendance_text(counts)
    assert text == "7 คน รวม 17 แบบประเมินจาก 3 ช่วง (วันที่ 1 6 คน, วันที่ 2 6 คน)"


def test_a_responses_frame_counts_the_same(questionnaire: Questionnaire) -> None:
    records = []
    for session, day, keys in WHO:
        for key in keys:
            record = make_record(len(records), {"overall": "4"}, session)
            records.append(record | {"day": day, "respondent_key": key})
    frame = responses_frame(records, questionnaire)
    assert attendance(frame) == attendance(_keys_frame())


def _three_sessions(app: Flask, questionnaires: dict[str, Questionnaire]) -> dict[str, Any]:
    feedback = questionnaires["session_feedback"]
    spec = workshop_spec(feedback, expected_attendance=10)
    spec["ends_on"] = spec["starts_on"].replace(day=21)
    spec["days"][0]["sessions"].append({"title": "บรรยายช่วงบ่าย", "questionnaire": feedback})
    spec["days"].append(
        {
            "date": spec["ends_on"],
            "title": "วันที่ 2",
            "sessions": [{"title": "สรุป", "questionnaire": questionnaires["workshop_evaluation"]}],
        }
    )
    with app.app_context():
        workshop_id = store.create_workshop(spec)
        sessions = store.list_sessions(workshop_id)
        for (number, _, keys), session in zip(WHO, sessions, strict=True):
            for i, key in enumerate(keys):
                token = f"t-{number}-{i}-{key}".ljust(20, "x")
                store.save_response(session["id"], token, key, "th", {"speaker": ["4"]})
        return {"id": workshop_id, "sessions": sessions, **store.workshop_by_id(workshop_id)}


def _staff(app: Flask, workshop_id: int) -> FlaskClient:
    add_user(app, "malee", "analyst", (workshop_id,))
    client = app.test_client()
    log_in(client, "malee")
    return client


def test_every_view_counts_people_once(any_app: Flask, questionnaires: dict) -> None:
    workshop = _three_sessions(any_app, questionnaires)
    client = _staff(any_app, workshop["id"])

    data = client.get(f"/api/v1/workshops/{workshop['id']}/summary").json
    assert (data["participants"], data["responses"], data["expected"]) == (7, 17, 10)
    assert data["participants_by_day"] == {"1": 6, "2": 6}
    assert data["participant_share"] == 0.7
    assert [s["responses"] for s in data["sessions"]] == [7, 4, 6]
    assert [s["participants"] for s in data["sessions"]] == [6, 4, 6]

    html = client.get(f"/staff/workshops/{workshop['id']}/dashboard").get_data(as_text=True)
    assert '<span id="count">7</span>' in html
    page = client.get(f"/staff/workshops/{workshop['id']}").get_data(as_text=True)
    assert "ผู้ตอบแบบประเมิน <b>7</b> คน จากที่คาดไว้ 10 คน รวม 17 แบบประเมินจาก 3 ช่วง" in page

    exported = client.get(f"/staff/analysis/workshops/{workshop['id']}/responses.json")
    assert exported.status_code == 200, exported.status_code
    document = json.loads(exported.data)
    assert (document["attendance"]["participants"], len(document["responses"])) == (7, 17)

    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/staff/analysis/workshops/{workshop['id']}/responses.xlsx").data)
    )
    rows = list(workbook["participants"].values)
    assert rows[0][2:] == ("ผู้ตอบ (คน)", "แบบประเมิน (ฉบับ)")
    assert rows[2] == ("workshop", None, 7, 17)

    report = client.get(f"/staff/analysis/workshops/{workshop['id']}/report.docx")
    details = Document(io.BytesIO(report.data)).tables[0]
    cells = [[c.text for c in row.cells] for row in details.rows]
    assert ["จำนวนผู้ตอบแบบประเมิน", attendance_text_of(7, 17, 3)] in cells

    result = any_app.test_cli_runner().invoke(args=["sessions", "--json"])
    assert result.exit_code == 0, result.output
    [listed] = json.loads(result.output)
    assert (listed["participants"], listed["responses"]) == (7, 17)
    assert listed["participants_by_day"] == {"1": 6, "2": 6}
    text = any_app.test_cli_runner().invoke(args=["sessions"]).output
    assert "7 participants (day 1: 6, day 2: 6), 17 responses from 3 sessions" in text


def attendance_text_of(people: int, responses: int, sessions: int) -> str:
    return f"{people} คน รวม {responses} แบบประเมินจาก {sessions} ช่วง (วันที่ 1 6 คน, วันที่ 2 6 คน)"


def test_the_demo_workshop_counts_its_people(app: Flask, questionnaires: dict) -> None:
    with app.app_context():
        workshop_id = demo.seed_demo(questionnaires)
        sessions = store.list_sessions(workshop_id)
        keys = store.response_keys([s["id"] for s in sessions])
    people = {k for _, _, k in keys}
    client = _staff(app, workshop_id)
    data = client.get(f"/api/v1/workshops/{workshop_id}/summary").json
    assert data["participants"] == len(people) == demo.DEMO_RESPONSES_PER_SESSION
    assert data["responses"] == len(keys) == len(sessions) * demo.DEMO_RESPONSES_PER_SESSION
    assert data["participants"] < data["responses"]
