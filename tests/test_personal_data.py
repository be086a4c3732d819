"""One set of personal details, written the ways Thai participants write them, through every
output that masks: the dashboards, the projector, moderation, the results page, the JSON API,
the CSV, XLSX and JSON downloads, the Word and HTML reports, and the export, report, clean and
themes commands. None of the details may be found in any of them."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from analysis.questionnaire.model import Questionnaire
from analysis.text.privacy import mask_personal_data
from survey.commands.text import clean_command
from survey.commands.themes import themes_command
from tests.conftest import FOOD
from tests.conftest import SECURITY
from tests.conftest import SPEAKER
from tests.conftest import VENUE
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import form_tokens
from tests.conftest import log_in


def with_check_digit(first12: str) -> str:
    """Return a 13-digit Thai ID whose last digit is the real checksum."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


NATIONAL_ID = with_check_digit("310060012345")
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
# The ways the numbers are written: a separator after the leading 0, brackets, extensions,
# en and em dashes, +66 and 0066, Thai digits, a zero-width space inside.
PHONES = {
    "0-2685-3220": "26853220",
    "0 2 356-1111": "23561111",
    "(073) 331 234": "73331234",
    "0-7333-1299 ต่อ 5": "73331299",
    "081–234–5678": "812345678",
    "089—777—1234": "897771234",
    "0066 61 816 6864": "618166864",
    "+66 (0) 95 111 2233": "951112233",
    "๐๖๒-๔๔๔-๕๕๖๖": "624445566",
    "06\u200b3-222-9876": "632229876",
    "66815550101": "815550101",
    "０８６-４４４-１２１２": "864441212",
}
MISTYPED_ID = "1-1037-00123-45-6"  # the ID card's layout, a wrong check digit: still someone's
WRITTEN = list(PHONES)
NAMES = ("อับดุลเลาะ", "ดือราแม", "มะรอนิง", "นูรีซัน", "วีระศักดิ์", "ศรินนภากร", "สมศักดิ์", "Abdullah")
DETAILS = [
    f"ติดต่อ ร.ต.อ.อับดุลเลาะ ดือราแม โทร {WRITTEN[0]} เรื่องอาหารกลางวันมาช้า",
    f"ผอ.มะรอนิง บอกว่าอาหารว่างน้อยไป โทร {WRITTEN[1]}",
    f"นางสาวนูรีซัน สาและ เลขบัตร {'-'.join([NATIONAL_ID[0], NATIONAL_ID[1:5], NATIONAL_ID[5:10], NATIONAL_ID[10:12], NATIONAL_ID[12]])} ห้องประชุมหนาวมาก",
    f"ห้องประชุมเล็ก ติดต่อกำนันสมศักดิ์ {WRITTEN[2]} หรือ {WRITTEN[3]}",
    f"วิทยากร นพ.วีระศักดิ์ ศรินนภากร พูดเร็ว มือถือ {WRITTEN[4]}",
    f"อยากให้มีด่านตรวจบนถนน แจ้ง {WRITTEN[5]} หรือ {WRITTEN[6]}",
    f"ที่จอดรถไม่พอ Mr. Abdullah Salae {WRITTEN[7]} somchai.j@pattani.go.th",
    f"ถนนเปลี่ยว ไม่ปลอดภัย โทร {WRITTEN[8]} หรือ {WRITTEN[9]}",
    f"บัตร {NATIONAL_ID.translate(THAI_DIGITS)} ขอกล้องวงจรปิด https://line.me/ti/p/abc",
    f"เอกสารน้อยไป โทร {WRITTEN[10]} หรือ {WRITTEN[11]} บัตร {MISTYPED_ID}",
]
PLAIN = [*FOOD, *VENUE, *SPEAKER, *SECURITY]  # enough points for themes
_RE_NUMBERISH = re.compile(r"[0-9๐-๙][0-9๐-๙ .()+\-\u2010-\u2015\u2212\u200b]*")
MARKERS = ("[เบอร์โทร]", "[ชื่อ]")


def leaks(text: str) -> list[str]:
    """Return the personal details found in an output's text, in any of their forms."""
    text = unicodedata.normalize("NFKC", text)  # fullwidth digits read as digits
    found = [name for name in (*NAMES, "somchai.j", "line.me") if name in text]
    for run in _RE_NUMBERISH.findall(text):
        digits = re.sub(r"[^0-9]", "", run.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))
        found += [
            n for n in (*PHONES.values(), NATIONAL_ID, MISTYPED_ID.replace("-", "")) if n in digits
        ]
    return found


def test_the_leak_check_finds_what_it_looks_for() -> None:
    """The check is not vacuous: every detail as written is found."""
    for text in DETAILS:
        assert leaks(text), text
    assert leaks("โทร 0 2 685 3220")
    assert not any(leaks(mask_personal_data(text)) for text in DETAILS)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )


def page_text(response: Any) -> str:
    """Return what a response shows: JSON re-written with Thai as letters, HTML without the
    embedded fonts."""
    assert response.status_code == 200, response.request.path
    if response.is_json:
        return json.dumps(response.get_json(), ensure_ascii=False)
    text = response.get_data(as_text=True)
    return re.sub(r"<style>.*?</style>", "", text, flags=re.S)


@pytest.fixture
def workshop(any_app: Flask, questionnaires: dict[str, Questionnaire]) -> dict[str, Any]:
    """A workshop whose participants wrote the details, through the real form."""
    session = add_session(any_app, questionnaires["workshop_evaluation"])
    participant = any_app.test_client()
    likert = dict.fromkeys(
        ("speaker", "content", "duration", "venue", "food", "documents", "usefulness"), "4"
    )
    texts = (
        PLAIN + DETAILS
    )  # the details newest, so the projector's latest approved texts hold them
    for n, text in enumerate(texts):
        page = participant.get(f"/j/{session['code']}")
        if 'name="token"' not in page.get_data(as_text=True):  # answered: ask again
            participant.post(f"/j/{session['code']}/again")
            page = participant.get(f"/j/{session['code']}")
        csrf, token = form_tokens(page.get_data(as_text=True))
        answers = likert | {"knowledge__before": "2", "knowledge__after": "4"}
        answers |= {"opinion": text, "agency": DETAILS[n % len(DETAILS)][:120]}
        reply = participant.post(
            f"/j/{session['code']}", data={"csrf_token": csrf, "token": token, **answers}
        )
        assert reply.status_code == 303, reply.get_data(as_text=True)[:500]
    add_user(any_app, "privacy_admin", "admin", (session["workshop_id"],))
    staff = any_app.test_client()
    log_in(staff, "privacy_admin")
    return {"session": session, "staff": staff, "app": any_app}


def test_no_personal_detail_in_any_masked_output(workshop: dict[str, Any], tmp_path: Path) -> None:
    staff: FlaskClient = workshop["staff"]
    session = workshop["session"]
    w, s = session["workshop_id"], session["id"]
    outputs: dict[str, str] = {}
    for path in (
        f"/staff/workshops/{w}/dashboard",
        f"/staff/sessions/{s}/dashboard",
        f"/staff/sessions/{s}/moderation",
        f"/staff/analysis/workshops/{w}",
        f"/api/v1/workshops/{w}/summary",
        f"/api/v1/sessions/{s}/summary",
        f"/api/v1/sessions/{s}/texts",
        f"/api/v1/workshops/{w}/words",
        f"/api/v1/workshops/{w}/themes",
        f"/api/v1/sessions/{s}/themes",
        f"/staff/analysis/workshops/{w}/responses.csv",
        f"/staff/analysis/workshops/{w}/responses.json",
        f"/staff/analysis/workshops/{w}/report.html",
    ):
        outputs[path] = page_text(staff.get(path))
    token = csrf_of(staff, f"/staff/sessions/{s}/moderation")
    staff.post(f"/staff/sessions/{s}/moderation/approve-all", data={"csrf_token": token})
    for path in (f"/api/v1/sessions/{s}/projector", f"/staff/sessions/{s}/present"):
        outputs[path] = page_text(staff.get(path))
    outputs["responses.xlsx"] = xlsx_text(
        staff.get(f"/staff/analysis/workshops/{w}/responses.xlsx").data
    )
    outputs["report.docx"] = docx_text(staff.get(f"/staff/analysis/workshops/{w}/report.docx").data)
    runner = workshop["app"].test_cli_runner()
    for name in ("export.csv", "export.xlsx", "export.json", "report.docx", "report.html"):
        out = tmp_path / name
        command = "export" if name.startswith("export") else "report"
        result = runner.invoke(args=[command, "--workshop", session["code"], "--out", str(out)])
        assert result.exit_code == 0, result.output
        data = out.read_bytes()
        text = {"xlsx": xlsx_text, "docx": docx_text}.get(out.suffix[1:], lambda d: d.decode())
        outputs[f"run.py {command} {name}"] = text(data)
    source = tmp_path / "answers.csv"
    pd.DataFrame({"ความคิดเห็น": DETAILS + PLAIN}).to_csv(source, index=False)
    for command in (clean_command, themes_command):
        out = tmp_path / f"{command.name}.csv"
        args = [str(source), "--column", "ความคิดเห็น", "--out", str(out)]
        result = CliRunner().invoke(command, args)
        assert result.exit_code == 0, result.output
        outputs[f"run.py {command.name}"] = out.read_text(encoding="utf-8-sig") + result.output
    found = {name: leaks(text) for name, text in outputs.items()}
    assert {name: details for name, details in found.items() if details} == {}
    # and the outputs that show answers do show them, masked (the others show counts and words)
    counts_only = ("dashboard", "summary", "words", "/present")
    for name, text in outputs.items():
        if not any(part in name for part in counts_only):
            assert any(marker in text for marker in MARKERS), name
