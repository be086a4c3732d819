"""`python run.py` commands: sessions, export, migrate, help."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import openpyxl
from flask import Flask

from survey import store
from survey.commands import demo
from survey.config import ROOT
from tests.conftest import add_session
from tests.test_store import head_revision

TRICKY = "ขอบคุณค่ะ ทำดีมาก\u200bน้ำใจงาม ๑๒ 😊 =SUM(A1)"
STORED = TRICKY.replace("\u200b", "")  # the intake gate takes zero-width spaces out
SHOWN = STORED.replace("๑๒", "12")  # masked files show the normalised text the masks ran on


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
    args = ["export", "--workshop", session["code"], "--format", "csv", "--out", str(out)]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.DictReader(handle))["suggestion"] == SHOWN
    result = app.test_cli_runner().invoke(args=[*args, "--raw"])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2
    assert rows[0]["suggestion"] == STORED
    assert rows[0]["speaker"] == "5"
    assert rows[1]["speaker"] == "3"
    assert rows[0]["knowledge__before"] == "2"
    assert rows[1]["knowledge__before"] == ""
    assert rows[1]["language"] == "en"
    assert rows[0]["session_code"] == session["code"]
    assert rows[0]["submitted_at"].endswith("+07:00")


def test_export_masks_personal_data_unless_raw_is_asked_for(
    app: Flask, questionnaires: dict, tmp_path: Path
) -> None:
    session = add_session(app, questionnaires["session_feedback"])
    with app.app_context():
        text = "โทรหาผมที่ 081-234-5678 นะครับ"
        store.save_response(session["id"], "export-token-0003", "rk", "th", {"suggestion": [text]})
    runner = app.test_cli_runner()
    masked, raw = tmp_path / "masked.json", tmp_path / "raw.json"
    runner.invoke(args=["export", "--workshop", session["code"], "--out", str(masked)])
    result = runner.invoke(
        args=["export", "--workshop", session["code"], "--out", str(raw), "--raw"]
    )
    assert "NOT masked" in result.output
    [masked_row] = json.loads(masked.read_text(encoding="utf-8"))["responses"]
    [raw_row] = json.loads(raw.read_text(encoding="utf-8"))["responses"]
    assert masked_row["suggestion"] == "โทรหาผมที่ [เบอร์โทร] นะครับ"
    assert raw_row["suggestion"] == text


def test_xlsx_export_and_report_cover_a_workshop_with_two_questionnaires(
    app: Flask, questionnaires: dict, tmp_path: Path
) -> None:
    with app.app_context():
        workshop_id = demo.seed_demo(questionnaires)
        code = store.find_workshop(str(workshop_id))["code"]
    runner = app.test_cli_runner()
    xlsx, report_path = tmp_path / "w.xlsx", tmp_path / "report.docx"
    assert runner.invoke(args=["export", "--workshop", code, "--out", str(xlsx)]).exit_code == 0
    book = openpyxl.load_workbook(xlsx)
    responses = list(book["responses"].values)
    assert responses[0][0] == "questionnaire"
    assert {row[0] for row in responses[1:]} == {"session_feedback", "workshop_evaluation"}
    assert len(responses) - 1 == 4 * demo.DEMO_RESPONSES_PER_SESSION
    assert book["themes"].max_row > 1
    result = runner.invoke(args=["report", "--workshop", code, "--out", str(report_path)])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in docx.Document(str(report_path)).paragraphs)
    assert "ผลการประเมินตามแบบประเมินผลการจัดกิจกรรม" in text
    assert "ผลการประเมินตามแบบประเมินรายช่วงการบรรยาย" in text
    assert "พ.ศ. 2562" in "\n".join(
        c.text for t in docx.Document(str(report_path)).tables for r in t.rows for c in r.cells
    )


def test_report_needs_a_docx_or_html_name(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(
        args=["report", "--workshop", "1", "--out", str(tmp_path / "r.pdf")]
    )
    assert result.exit_code == 1
    assert result.output.strip() == "Error: --out must end in .docx or .html, not 'r.pdf'."


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
    assert f"schema version {head_revision()}" in result.output


def test_serve_on_a_port_in_use_says_so_before_anything_else(app: Flask) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = app.test_cli_runner().invoke(
            args=["serve", "--host", "127.0.0.1", "--port", str(port)]
        )
    assert result.exit_code == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in result.output
    assert "another number" in result.output
    assert "running" not in result.output  # no "Sala is running" for a server that never ran


def test_a_server_on_every_address_prints_the_network_address_phones_can_open(
    app: Flask, monkeypatch: Any
) -> None:
    from survey.commands import cli

    monkeypatch.setattr(cli, "network_address", lambda: "192.168.1.20")
    with app.app_context():
        assert cli.base_url("0.0.0.0", 5000) == "http://192.168.1.20:5000"
        assert cli.base_url("::", 5000) == "http://192.168.1.20:5000"
        assert cli.base_url("127.0.0.1", 5001) == "http://127.0.0.1:5001"
        assert cli.base_url("::1", 5001) == "http://[::1]:5001"
        monkeypatch.setattr(cli, "network_address", lambda: None)  # no network at all
        assert cli.base_url("0.0.0.0", 5000) == "http://127.0.0.1:5000"
        app.config["PUBLIC_URL"] = "https://sala.example.go.th/"
        assert cli.base_url("0.0.0.0", 5000) == "https://sala.example.go.th"


def test_a_database_that_cannot_be_opened_is_said_in_one_message_without_its_password(
    tmp_path: Path,
) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHAINLP_OFFLINE": "1",
        "SALA_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgresql+psycopg://sala:hunter2@127.0.0.1:1/sala",
    }
    done = subprocess.run(
        [sys.executable, "run.py", "serve", "--port", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Error: Cannot open the database postgresql+psycopg://sala:***@")
    assert "Check DATABASE_URL" in done.stderr
    assert "Traceback" not in done.stderr
    assert "hunter2" not in done.stderr + done.stdout
