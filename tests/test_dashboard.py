"""The live dashboard's numbers and its JSON twin: counts, distributions, bands, ETag polling."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from analysis.questionnaire.load import load_directory
from survey import dashboard
from survey import store
from survey.commands import demo
from survey.config import ROOT
from tests.conftest import PASSWORD
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import log_in
from tests.conftest import make_app
from tests.conftest import workshop_spec

ANSWERS = (
    {
        "speaker": ["5"],
        "knowledge__before": ["2"],
        "knowledge__after": ["4"],
        "suggestion": ["ถนนชำรุด โทร 081-234-5678"],
    },
    {"speaker": ["4"], "knowledge__before": ["3"], "knowledge__after": ["5"]},
    {"speaker": ["4"], "recommend": ["9"], "suggestion": ["อยากให้จัดอีก"]},
)


@pytest.mark.parametrize(
    ("mean", "level"),
    [
        (5.0, "มากที่สุด"),
        (4.21, "มากที่สุด"),
        (4.205, "มากที่สุด"),
        (4.2, "มาก"),
        (3.41, "มาก"),
        (3.4, "ปานกลาง"),
        (2.61, "ปานกลาง"),
        (2.6, "น้อย"),
        (1.81, "น้อย"),
        (1.8, "น้อยที่สุด"),
        (1.0, "น้อยที่สุด"),
        (None, None),
    ],
)
def test_the_thai_interpretation_bands(mean: float | None, level: str | None) -> None:
    assert dashboard.band(mean) == level


def fill(app: Flask, session: dict[str, Any]) -> None:
    with app.app_context():
        for n, answers in enumerate(ANSWERS):
            store.save_response(session["id"], f"dash-token-{n:04d}", f"p{n}", "th", answers)


def staff_client(app: Flask, workshop_id: int) -> FlaskClient:
    add_user(app, "somchai", "facilitator", (workshop_id,))
    client = app.test_client()
    log_in(client, "somchai")
    return client


def test_the_session_summary_counts_means_and_bands(app: Flask, questionnaires: dict) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    fill(app, session)
    client = staff_client(app, session["workshop_id"])
    data = client.get(f"/api/v1/sessions/{session['id']}/summary").json
    assert data["responses"] == 3
    assert data["expected"] is None
    [block] = data["questionnaires"]
    speaker = next(r for r in block["ratings"] if r["column"] == "speaker")
    assert speaker["n"] == 3
    assert speaker["mean"] == 4.33
    assert speaker["band"] == "มากที่สุด"
    assert [(level["label"], level["n"]) for level in speaker["levels"]] == [
        ("มากที่สุด", 1),
        ("มาก", 2),
        ("ปานกลาง", 0),
        ("น้อย", 0),
        ("น้อยที่สุด", 0),
    ]
    recommend = next(r for r in block["ratings"] if r["column"] == "recommend")
    assert (recommend["n"], recommend["mean"], recommend["band"]) == (1, 9.0, None)
    [knowledge] = block["knowledge"]
    assert knowledge["before"]["mean"] == 2.5
    assert knowledge["after"]["mean"] == 4.5
    assert knowledge["change"] == 2.0
    assert [t["text"] for t in data["texts"]] == ["อยากให้จัดอีก", "ถนนชำรุด โทร [เบอร์โทร]"]
    assert {t["state"] for t in data["texts"]} == {"pending"}
    assert data["sessions"][0]["code"] == session["code"]


def test_the_workshop_summary_spans_sessions_and_questionnaires(
    app: Flask, questionnaires: dict
) -> None:
    spec = workshop_spec(questionnaires["session_feedback"], expected_attendance=80)
    spec["days"][0]["sessions"].append(
        {"title": "ประเมินภาพรวม", "questionnaire": questionnaires["workshop_evaluation"]}
    )
    with app.app_context():
        workshop_id = store.create_workshop(spec)
        first, overall = store.list_sessions(workshop_id)
        store.save_response(first["id"], "w" * 20, "p", "th", {"speaker": ["2"]})
        store.save_response(overall["id"], "v" * 20, "p", "th", {"speaker": ["5"], "food": ["1"]})
    client = staff_client(app, workshop_id)
    data = client.get(f"/api/v1/workshops/{workshop_id}/summary").json
    assert (data["responses"], data["expected"]) == (2, 80)
    assert [s["responses"] for s in data["sessions"]] == [1, 1]
    by_id = {q["id"]: q for q in data["questionnaires"]}
    assert by_id["session_feedback"]["ratings"][0]["mean"] == 2.0
    assert by_id["workshop_evaluation"]["ratings"][0]["mean"] == 5.0
    food = next(r for r in by_id["workshop_evaluation"]["ratings"] if r["column"] == "food")
    assert food["band"] == "น้อยที่สุด"
    assert data["workshop"]["id"] == workshop_id


def test_polling_with_the_etag_is_answered_304_until_something_changes(
    app: Flask, questionnaires: dict
) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    client = staff_client(app, session["workshop_id"])
    url = f"/api/v1/sessions/{session['id']}/summary"
    first = client.get(url)
    assert first.status_code == 200
    tag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-store"  # staff data: never kept on disk
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
    fill(app, session)
    fresh = client.get(url, headers={"If-None-Match": tag})
    assert fresh.status_code == 200
    assert fresh.json["responses"] == 3
    tag = fresh.headers["ETag"]
    with app.app_context():
        store.set_moderation([fresh.json["texts"][0]["id"]], "approved", None)
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 200


def test_the_texts_cursor_returns_only_newer_answers(app: Flask, questionnaires: dict) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    fill(app, session)
    client = staff_client(app, session["workshop_id"])
    url = f"/api/v1/sessions/{session['id']}/texts"
    everything = client.get(url).json
    assert len(everything["texts"]) == 2
    cursor = everything["next_since"]
    assert client.get(url, query_string={"since": cursor}).json["texts"] == []
    with app.app_context():
        store.save_response(session["id"], "late" * 5, "p9", "th", {"suggestion": ["มาช้า"]})
    newer = client.get(url, query_string={"since": cursor}).json
    assert [t["text"] for t in newer["texts"]] == ["มาช้า"]
    assert newer["next_since"] > cursor


def test_the_dashboard_page_carries_its_data_and_polls_its_json_twin(
    app: Flask, questionnaires: dict
) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    fill(app, session)
    client = staff_client(app, session["workshop_id"])
    html = client.get(f"/staff/sessions/{session['id']}/dashboard").get_data(as_text=True)
    assert f'data-api="/api/v1/sessions/{session["id"]}/summary"' in html
    assert '<span id="count">3</span>' in html
    assert "If-None-Match" in html
    assert "<link" not in html.replace('<link rel="icon" href="data:,">', "")


def test_the_aggregates_agree_on_every_backend(any_app: Flask, questionnaires: dict) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    fill(any_app, session)
    with any_app.app_context():
        data = dashboard.summary([store.session_by_id(session["id"])], 80)
        assert store.dashboard_version([session["id"]])[0][0] == 3
    speaker = data["questionnaires"][0]["ratings"][0]
    assert (speaker["n"], speaker["mean"]) == (3, 4.33)
    assert data["responses"] == 3


def test_dashboards_polling_one_version_share_one_computation(
    app: Flask, questionnaires: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    fill(app, session)
    built = []
    summary = dashboard.summary

    def counting(*args: Any, **kwargs: Any) -> dict[str, Any]:
        built.append(args)
        return summary(*args, **kwargs)

    monkeypatch.setattr(dashboard, "summary", counting)
    url = f"/api/v1/sessions/{session['id']}/summary"
    first = staff_client(app, session["workshop_id"])
    others = [app.test_client() for _ in range(4)]
    for other in others:
        log_in(other, "somchai")
    bodies = [c.get(url) for c in [first, *others]]
    assert len(built) == 1
    assert {b.get_data() for b in bodies} == {bodies[0].get_data()}
    assert {b.headers["ETag"] for b in bodies} == {bodies[0].headers["ETag"]}
    assert bodies[0].json["responses"] == 3
    with app.app_context():
        store.save_response(session["id"], "next" * 5, "p9", "th", {"speaker": ["1"]})
    assert first.get(url).json["responses"] == 4
    assert len(built) == 2


def test_a_kept_body_never_outlives_what_it_shows(app: Flask, questionnaires: dict) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    fill(app, session)
    client = staff_client(app, session["workshop_id"])
    url = f"/api/v1/sessions/{session['id']}/summary"
    workshop_url = f"/api/v1/workshops/{session['workshop_id']}/summary"
    assert len(client.get(url).json["texts"]) == 2
    assert client.get(workshop_url).json["expected"] is None
    with app.app_context():
        # texts removed for retention: answers go, every response stays
        held = store.session_by_id(session["id"])
        columns = dashboard.text_columns(store.questionnaires_of([held]))
        store.remove_for_retention(session["workshop_id"], False, columns)
        store.update_workshop(session["workshop_id"], {"expected_attendance": 40})
    assert client.get(url).json["texts"] == []
    assert client.get(workshop_url).json["expected"] == 40
    with app.app_context():
        # SQLite gives the next response the id of a withdrawn newest one
        newest = store.response_by_token("dash-token-0002")
        assert store.withdraw_response(session["id"], "dash-token-0002", "p2") == newest
        store.save_response(session["id"], "new" * 7, "p7", "th", {"speaker": ["1"]})
    data = client.get(url).json
    speaker = next(r for r in data["questionnaires"][0]["ratings"] if r["column"] == "speaker")
    assert (data["responses"], speaker["mean"]) == (3, 3.33)


# A gunicorn worker: builds the app on a database ``serve`` migrated, then answers dashboards.
SERVE_DASHBOARDS = """
import json, re, sys
from survey import create_app
app = create_app({"DATA_DIR": sys.argv[1], "SEED_DEMO": False})
workshop_id, session_id = sys.argv[2:4]
client = app.test_client()
page = client.get("/login").get_data(as_text=True)
csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
client.post("/login", data={"csrf_token": csrf, "username": "somchai", "password": sys.argv[4]})
words = []
for url in (
    f"/api/v1/workshops/{workshop_id}/summary",
    f"/api/v1/sessions/{session_id}/summary",
    f"/api/v1/sessions/{session_id}/texts",
    f"/api/v1/sessions/{session_id}/projector",
    f"/api/v1/workshops/{workshop_id}/words",
    f"/api/v1/sessions/{session_id}/words",
    f"/staff/workshops/{workshop_id}",
):
    reply = client.get(url)
    assert reply.status_code == 200, url
    if url.endswith("/words"):
        words += [w["word"] for w in reply.json["words"]]
heavy = ("pandas", "numpy", "nlpo3", "alembic")
print(json.dumps({"loaded": [name for name in heavy if name in sys.modules], "words": words}))
"""


def test_a_worker_polling_every_dashboard_loads_no_pandas_nlpo3_or_alembic(tmp_path: Path) -> None:
    # counted in SQL, words by the compact engine, no migrations: a worker serving participants
    # and polling dashboards stays small (issue 16: memory)
    app = make_app(tmp_path)
    with app.app_context():
        workshop_id = demo.seed_demo(load_directory(app.config["QUESTIONNAIRE_DIR"]))
        session_id = store.list_sessions(workshop_id)[0]["id"]
    add_user(app, "somchai", "admin")
    app.extensions[store.EXTENSION_KEY].dispose()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            SERVE_DASHBOARDS,
            str(tmp_path),
            f"{workshop_id}",
            f"{session_id}",
            PASSWORD,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["loaded"] == []
    assert len(found["words"]) > 10  # the demo's answers were counted, not skipped
