"""`python run.py` commands: sessions, export, migrate, help."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from flask import Flask

from survey import store
from survey.config import ROOT
from tests.conftest import add_session

TRICKY = "ขอบคุณค่ะ ทำดีมาก\u200bน้ำใจงาม ๑๒ 😊 =SUM(A1)"


def test_help_lists_the_commands() -> None:
    out = subprocess.run(
        [sys.executable, "run.py", "--help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for command in ("serve", "sessions", "export", "migrate", "users", "workshops"):
        assert command in out


def test_sessions_json_lists_codes_and_participant_urls(app: Flask, questionnaires: dict) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    result = app.test_cli_runner().invoke(
        args=["sessions", "--json", "--base-url", "http://192.168.1.20:5000/"]
    )
    assert result.exit_code == 0, result.output
    [workshop] = json.loads(result.output)
    [listed] = workshop["sessions"]
    assert listed["code"] == session["code"]
    assert listed["participant_url"] == f"http://192.168.1.20:5000/j/{session['code']}"
    assert listed["questionnaire"] == "session_feedback"
    assert listed["responses"] == 0
    assert listed["is_open"] is True


def test_export_round_trips_thai_text_exactly(
    app: Flask, questionnaires: dict, tmp_path: Path
) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    with app.app_context():
        answers = {"speaker": ["5"], "knowledge__before": ["2"], "suggestion": [TRICKY]}
        store.save_response(session["id"], "export-token-0001", "rk", "th", answers)
        store.save_response(session["id"], "export-token-0002", "rk2", "en", {"speaker": ["3"]})
    out = tmp_path / "responses.csv"
    result = app.test_cli_runner().invoke(
        args=["export", "--workshop", session["code"], "--format", "csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2
    assert rows[0]["suggestion"] == TRICKY
    assert rows[0]["speaker"] == "5.0"
    assert rows[1]["speaker"] == "3.0"
    assert rows[0]["knowledge__before"] == "2.0"
    assert rows[1]["knowledge__before"] == ""
    assert rows[1]["language"] == "en"
    assert rows[0]["session_code"] == session["code"]
    assert rows[0]["submitted_at"].endswith("+07:00")


def test_export_of_an_unknown_workshop_is_one_clear_line(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(
        args=["export", "--workshop", "NOPE", "--out", str(tmp_path / "x.csv")]
    )
    assert result.exit_code == 1
    assert result.output.strip() == "Error: No workshop has the code or id 'NOPE'."
    assert not (tmp_path / "x.csv").exists()


def test_migrate_reports_the_schema_version(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["migrate"])
    assert result.exit_code == 0
    assert "schema version 0002" in result.output
