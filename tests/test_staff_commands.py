"""`run.py users …` and `run.py workshops …` (create, open, close, duplicate, delete-session), and
the first admin on first start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask

from survey import auth
from survey import store
from survey.commands.cli import prepare_database
from tests.conftest import add_session
from tests.conftest import log_in
from tests.conftest import make_app
from tests.conftest import row_counts

WORKSHOP_YAML = """\
title: สัมมนาเชิงปฏิบัติการ ปัตตานี รุ่นที่ 2
venue: โรงแรมซี.เอส. ปัตตานี
organiser: ศอ.บต.
expected_attendance: 80
staff: [somchai]
days:
  - date: 2026-12-02
    title: วันที่ 2
    sessions:
      - {title: เวทีแลกเปลี่ยน, questionnaire: session_feedback}
      - {title: ประเมินภาพรวม, questionnaire: workshop_evaluation}
  - date: 2026-12-01
    title: วันที่ 1
    sessions:
      - {title: พิธีเปิด, questionnaire: session_feedback, open: true}
"""


def run(app: Flask, *args: str, prompt: str | None = None) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=list(args), input=prompt)
    return result.exit_code, result.output


def test_users_add_list_set_password_remove(app: Flask, questionnaires: dict) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    code, out = run(
        app,
        "users",
        "add",
        "somchai",
        "--role",
        "facilitator",
        "--workshop",
        session["code"],
        "--password",
        "long-enough-1",
    )
    assert code == 0, out
    assert out.strip() == "Added facilitator somchai."
    code, out = run(app, "users", "list")
    assert "somchai" in out
    assert session["workshop_code"] in out
    assert log_in(app.test_client(), "somchai", "long-enough-1").status_code == 302
    code, out = run(
        app, "users", "set-password", "somchai", prompt="new-secret-99\nnew-secret-99\n"
    )
    assert code == 0, out
    assert "new-secret-99" not in out
    assert log_in(app.test_client(), "somchai", "long-enough-1").status_code == 401
    assert log_in(app.test_client(), "somchai", "new-secret-99").status_code == 302
    code, out = run(app, "users", "remove", "somchai")
    assert code == 0, out
    with app.app_context():
        assert store.user_by_name("somchai") is None


def test_users_add_refuses_short_passwords_doubles_and_unknown_workshops(app: Flask) -> None:
    code, out = run(app, "users", "add", "somchai", "--password", "short")
    assert code == 1
    assert "at least 8 characters" in out
    assert run(app, "users", "add", "somchai", "--password", "long-enough-1")[0] == 0
    code, out = run(app, "users", "add", "somchai", "--password", "long-enough-1")
    assert out.strip() == "Error: An account called 'somchai' already exists."
    code, out = run(app, "users", "add", "suda", "--workshop", "NOPE", "--password", "x" * 9)
    assert out.strip() == "Error: No workshop has the code or id 'NOPE'."
    code, out = run(app, "users", "set-password", "nobody", "--password", "x" * 9)
    assert out.strip() == "Error: No account is called 'nobody'."


def test_the_password_prompt_hides_what_is_typed(app: Flask) -> None:
    code, out = run(
        app, "users", "add", "suda", "--role", "analyst", prompt="typed-secret-1\ntyped-secret-1\n"
    )
    assert code == 0, out
    assert "typed-secret-1" not in out
    with app.app_context():
        assert store.user_by_name("suda")["role"] == "analyst"


def test_workshops_create_builds_days_sessions_and_staff(app: Flask, tmp_path: Path) -> None:
    run(app, "users", "add", "somchai", "--password", "long-enough-1")
    path = tmp_path / "workshop.yaml"
    path.write_text(WORKSHOP_YAML, encoding="utf-8")
    code, out = run(app, "workshops", "create", str(path))
    assert code == 0, out
    with app.app_context():
        [workshop] = store.list_workshops()
        assert workshop["title"] == "สัมมนาเชิงปฏิบัติการ ปัตตานี รุ่นที่ 2"
        assert str(workshop["starts_on"]) == "2026-12-01"
        assert str(workshop["ends_on"]) == "2026-12-02"
        assert workshop["expected_attendance"] == 80
        sessions = store.list_sessions(workshop["id"])
        assert [(s["day"], s["title"], s["is_open"]) for s in sessions] == [
            (1, "พิธีเปิด", True),
            (2, "เวทีแลกเปลี่ยน", False),
            (2, "ประเมินภาพรวม", False),
        ]
        assert [u["username"] for u in store.workshop_staff_of(workshop["id"])] == ["somchai"]
    assert f"Created workshop {workshop['code']}" in out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("questionnaire: workshop_evaluation", "questionnaire: workshop_evalution"),
            "workshop.yaml, line 11: session 'ประเมินภาพรวม': unknown questionnaire 'workshop_evalution'; use one of session_feedback, workshop_evaluation",
        ),
        (
            ("date: 2026-12-01", "date: 2026-13-01"),
            "workshop.yaml, line 12: day: date '2026-13-01' is not YYYY-MM-DD",
        ),
        (
            ("expected_attendance: 80", "expected_attendance: many"),
            "workshop.yaml, line 1: workshop: 'expected_attendance' must be a whole number from 1",
        ),
        (
            ("venue:", "place:"),
            "workshop.yaml, line 1: workshop: unknown key 'place'; use days, expected_attendance, organiser, staff, title, venue",
        ),
        (
            ("staff: [somchai]", "staff: [nobody]"),
            "workshop.yaml: staff: no account is called 'nobody'.",
        ),
        (
            ("    sessions:\n      - {title: พิธีเปิด", "    sessions: [\n      - {title: พิธีเปิด"),
            "workshop.yaml, line 15: not valid YAML: expected the node content",
        ),
    ],
)
def test_a_broken_workshop_file_names_the_line_and_problem(
    app: Flask, tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    run(app, "users", "add", "somchai", "--password", "long-enough-1")
    path = tmp_path / "workshop.yaml"
    path.write_text(WORKSHOP_YAML.replace(*change), encoding="utf-8")
    code, out = run(app, "workshops", "create", str(path))
    assert code == 1
    assert message in out.replace(str(tmp_path) + "/", "")
    with app.app_context():
        assert store.list_workshops() == []


def test_first_start_makes_an_admin_with_a_password_shown_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(tmp_path)
    with app.app_context():
        prepare_database(seed=True)
        [line] = [
            line for line in capsys.readouterr().out.splitlines() if "with the password: " in line
        ]
        password = line.rsplit(": ", 1)[1]
        prepare_database(seed=True)
        assert "with the password" not in capsys.readouterr().out
    assert log_in(app.test_client(), "admin", password).status_code == 302


def test_the_first_admin_can_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALA_ADMIN_USER", "khun_admin")
    monkeypatch.setenv("SALA_ADMIN_PASSWORD", "from-the-environment")
    app = make_app(tmp_path)
    with app.app_context():
        assert auth.ensure_admin() is None
        assert store.user_by_name("khun_admin")["role"] == "admin"
    assert log_in(app.test_client(), "khun_admin", "from-the-environment").status_code == 302


def test_sessions_json_lists_dashboard_projector_and_api_urls(
    app: Flask, questionnaires: dict
) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    code, out = run(app, "sessions", "--json", "--base-url", "http://192.168.1.20:5000")
    assert code == 0, out
    [listed] = json.loads(out)[0]["sessions"]
    base = "http://192.168.1.20:5000"
    assert listed["participant_url"] == f"{base}/j/{session['code']}"
    assert listed["dashboard_url"] == f"{base}/staff/sessions/{session['id']}/dashboard"
    assert listed["projector_url"] == f"{base}/staff/sessions/{session['id']}/present"
    assert listed["api_url"] == f"{base}/api/v1/sessions/{session['id']}/summary"
    run(app, "users", "add", "admin2", "--role", "admin", "--password", "long-enough-1")
    client = app.test_client()
    log_in(client, "admin2", "long-enough-1")
    for key in ("dashboard_url", "projector_url", "api_url"):
        assert client.get(listed[key].removeprefix(base)).status_code == 200, key


def test_workshops_open_close_and_duplicate(app: Flask, questionnaires: dict) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    code, out = run(app, "workshops", "close", session["code"].lower())
    assert code == 0, out
    assert out.startswith(f"{session['code']}  closed")
    with app.app_context():
        assert store.session_by_id(session["id"])["is_open"] is False
    assert run(app, "workshops", "open", session["code"])[0] == 0
    with app.app_context():
        assert store.session_by_id(session["id"])["is_open"] is True
    code, out = run(app, "workshops", "open", "NOPE99")
    assert out.strip() == "Error: No session has the code 'NOPE99'."
    code, out = run(
        app, "workshops", "duplicate", session["workshop_code"], "--starts-on", "2027-01-05"
    )
    assert code == 0, out
    with app.app_context():
        copy = store.list_workshops()[0]
    assert str(copy["starts_on"]) == "2027-01-05"
    assert f"Created workshop {copy['code']}" in out


def test_workshops_delete_session_deletes_a_session_without_answers(
    app: Flask, questionnaires: dict
) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    before = row_counts(app)
    code, out = run(app, "workshops", "delete-session", session["code"].lower())
    assert code == 0, out
    assert out.strip() == (
        f"Deleted session {session['code']} (บรรยาย, workshop {session['workshop_code']}) with "
        "0 responses, 0 answers and 0 moderation decisions."
    )
    assert row_counts(app) == {**before, "sessions": before["sessions"] - 1}
    assert app.test_client().get(f"/j/{session['code']}").status_code == 404
    code, out = run(app, "workshops", "delete-session", session["code"])
    assert out.strip() == f"Error: No session has the code '{session['code']}'."


def test_workshops_delete_session_with_answers_needs_the_flag_and_yes(
    any_app: Flask, questionnaires: dict
) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    other = add_session(any_app, questionnaires["session_feedback"])
    with any_app.app_context():
        for n, target in enumerate((session, session, other)):
            store.save_response(
                target["id"], f"cli-token-{n:04d}", f"p{n}", "th", {"suggestion": ["ดีมาก"]}
            )
        texts = store.text_answers([session["id"]], {"session_feedback": ["suggestion"]}, 10)
        store.set_moderation([texts[0]["id"]], "hidden", None)
    before = row_counts(any_app)
    code, out = run(any_app, "workshops", "delete-session", session["code"])
    assert code == 1
    assert "has 2 responses; nothing deleted. Close it instead" in out
    code, out = run(any_app, "workshops", "delete-session", session["code"], "--with-answers")
    assert code == 1
    assert "would delete 2 responses, 2 answers and 1 moderation decisions." in out
    assert "Error: Nothing deleted; add --yes to delete them." in out
    assert row_counts(any_app) == before
    code, out = run(
        any_app, "workshops", "delete-session", session["code"], "--with-answers", "--yes"
    )
    assert code == 0, out
    assert "with 2 responses, 2 answers and 1 moderation decisions." in out
    assert row_counts(any_app) == {
        "sessions": before["sessions"] - 1,
        "days": before["days"],
        "responses": before["responses"] - 2,
        "answers": before["answers"] - 2,
        "moderation": before["moderation"] - 1,
    }
    with any_app.app_context():
        assert store.session_by_code(session["code"]) is None
        assert store.count_responses(other["id"]) == 1
