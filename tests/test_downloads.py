"""Who may download what, and what a download says about a participant: a pseudonym per
workshop, stable across exports, never the browser's cookie value."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from survey import store
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import log_in

COOKIE = "cookie-value-of-one-phone-0123456789"
EXPORTS = ("responses.csv", "responses.xlsx", "responses.json")
REPORTS = ("report.docx", "report.html")


@pytest.fixture
def two_workshops(any_app: Flask, questionnaires: dict) -> dict[str, Any]:
    """Two workshops one phone answered (workshop A twice, in two sessions); staff of A."""
    a = add_session(any_app, questionnaires["session_feedback"])
    b = add_session(any_app, questionnaires["session_feedback"])
    with any_app.app_context():
        a2 = store.add_workshop_session(
            a["workshop_id"],
            dt.date(2019, 8, 21),
            "วันที่ 2",
            "ช่วงบ่าย",
            questionnaires["session_feedback"],
        )
        for token, session_id in (("a1", a["id"]), ("a2", a2), ("b1", b["id"])):
            store.save_response(session_id, token * 10, COOKIE, "th", {"speaker": ["5"]})
    for name, role in (("admin", "admin"), ("fac", "facilitator"), ("ana", "analyst")):
        add_user(any_app, name, role, (a["workshop_id"],))
    return {"a": a, "b": b}


def _text(name: str, body: bytes) -> str:
    if name.endswith(".xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(body))
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    if name.endswith(".docx"):
        return body.decode("latin-1")
    return body.decode("utf-8-sig")


def _client(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    log_in(client, username)
    return client


@pytest.mark.parametrize("username", ["admin", "ana"])
def test_exports_carry_a_pseudonym_never_the_cookie(
    any_app: Flask, two_workshops: dict, username: str
) -> None:
    client = _client(any_app, username)
    workshop_id = two_workshops["a"]["workshop_id"]
    with any_app.app_context():
        expected = store.respondent_pseudonym(any_app.config["SECRET_KEY"], workshop_id, COOKIE)
    for name in EXPORTS + REPORTS:
        response = client.get(f"/staff/analysis/workshops/{workshop_id}/{name}")
        assert response.status_code == 200, name
        assert COOKIE not in _text(name, response.data), name
    document = json.loads(
        client.get(f"/staff/analysis/workshops/{workshop_id}/responses.json").data
    )
    records = _flat(document)
    assert len(records) == 2
    assert {r["respondent_key"] for r in records} == {expected}


def _flat(document: Any) -> list[dict[str, Any]]:
    """Return the response records of a JSON export, wherever they are nested."""
    if isinstance(document, dict):
        if "respondent_key" in document:
            return [document]
        return [r for value in document.values() for r in _flat(value)]
    if isinstance(document, list):
        return [r for item in document for r in _flat(item)]
    return []


def test_the_pseudonym_is_stable_and_differs_between_workshops(
    any_app: Flask, two_workshops: dict
) -> None:
    client = _client(any_app, "admin")
    a, b = two_workshops["a"]["workshop_id"], two_workshops["b"]["workshop_id"]
    first = client.get(f"/staff/analysis/workshops/{a}/responses.csv").data
    second = client.get(f"/staff/analysis/workshops/{a}/responses.csv").data
    assert first == second
    with any_app.app_context():
        secret = any_app.config["SECRET_KEY"]
        in_a = store.respondent_pseudonym(secret, a, COOKIE)
        in_b = store.respondent_pseudonym(secret, b, COOKIE)
    assert in_a != in_b
    assert first.decode("utf-8-sig").count(in_a) == 2
    assert in_b in client.get(f"/staff/analysis/workshops/{b}/responses.csv").data.decode()


def test_the_command_line_export_is_pseudonymised_too(
    any_app: Flask, two_workshops: dict, tmp_path: Path
) -> None:
    out = tmp_path / "all.csv"
    code = two_workshops["a"]["code"]
    result = any_app.test_cli_runner().invoke(
        args=["export", "--workshop", code, "--out", str(out), "--raw"]
    )
    assert result.exit_code == 0, result.output
    assert COOKIE not in out.read_text(encoding="utf-8-sig")


def test_a_facilitator_takes_the_report_but_not_the_answers(
    any_app: Flask, two_workshops: dict
) -> None:
    client = _client(any_app, "fac")
    workshop_id = two_workshops["a"]["workshop_id"]
    for name in EXPORTS:
        assert client.get(f"/staff/analysis/workshops/{workshop_id}/{name}").status_code == 403
    for name in REPORTS:
        assert client.get(f"/staff/analysis/workshops/{workshop_id}/{name}").status_code == 200
    page = client.get(f"/staff/analysis/workshops/{workshop_id}").get_data(as_text=True)
    assert "responses.csv" not in page
    assert "report.docx" in page
