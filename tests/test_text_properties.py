"""Any string at all (controls, noncharacters, lone surrogates, combining marks, emoji, RTL marks)
through the participant form and every download, and through the text functions and writers
on their own: no 500, no partial write, no exception, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import secrets
import unicodedata
import zipfile
from typing import Any
from urllib.parse import quote
from xml.dom import minidom

import openpyxl
import pytest
from flask import Flask
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from analysis.export import workshop_csv_bytes
from analysis.export import workshop_json_bytes
from analysis.export import workshop_xlsx_bytes
from analysis.questionnaire.load import load_questionnaire
from analysis.questionnaire.model import Questionnaire
from analysis.report.blocks import Bullets
from analysis.report.blocks import Paragraph
from analysis.report.blocks import Report
from analysis.report.blocks import Table
from analysis.report.docx import docx_bytes
from analysis.report.html import html_bytes
from analysis.responses import Part
from analysis.responses import responses_frame
from analysis.text.answers import empty_reason
from analysis.text.clean import clean_text
from analysis.text.intake import INVISIBLE_CHARACTERS
from analysis.text.intake import intake_text
from analysis.text.intake import xml_safe
from analysis.text.normalize import normalize_text
from analysis.text.privacy import mask_personal_data
from survey import store
from tests.conftest import PASSWORD
from tests.conftest import TEMPLATE
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import log_in
from tests.conftest import make_record

# What people and broken apps put in text, drawn often; then any code point at all.
AWKWARD = [
    *"\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\r\n\t",
    *"\ufffe\uffff\ufdd0\U0001fffe\ud800\udfff",
    *"\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\u2060\ufeff\u00ad\u3164\u2800",
    *"\u0e4d\u0e32\u0e33\u0e48\u0e49\u0e31\u0e40\u0301\u20e3",  # Thai marks, combining marks
    *"๐๑๒๕-–—()+ต่อ.@:/=",
    *"🙏😊🏻👨‍👩‍👧🇹🇭",
    *"\u0627\u05d0",  # Arabic and Hebrew letters (right to left)
]
ANY_CHARACTER = st.one_of(
    st.sampled_from(AWKWARD),
    st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B),  # Thai
    st.characters(codec=None, exclude_categories=()),  # anything, surrogates included
)
ANY_TEXT = st.text(alphabet=ANY_CHARACTER, max_size=60)
FAST = settings(max_examples=300, deadline=None)


def storable(text: str) -> bool:
    """Return whether every file format and both databases can hold the text."""
    return xml_safe(text) == text and "\x00" not in text


@FAST
@given(ANY_TEXT)
def test_intake_text_gives_storable_text_and_settles(text: str) -> None:
    taken = intake_text(text)
    assert storable(taken)
    assert unicodedata.is_normalized("NFC", taken)
    assert not set(taken) & {chr(c) for c in range(0x200B, 0x2010)}
    assert "\u202e" not in taken
    assert "\u3164" not in taken
    assert intake_text(taken) == taken
    one_line = intake_text(text, single_line=True)
    assert "\n" not in one_line
    assert intake_text(one_line, single_line=True) == one_line
    assert INVISIBLE_CHARACTERS  # the set the gate removes is public for other callers


@FAST
@given(ANY_TEXT)
def test_normalising_and_masking_never_fail_and_settle(text: str) -> None:
    normal = normalize_text(text)
    assert storable(normal)
    assert normalize_text(normal) == normal
    masked = mask_personal_data(text)
    assert storable(masked)
    assert mask_personal_data(masked) == masked
    assert clean_text(text) == masked
    assert empty_reason(text) in {None, "blank", "symbols", "no_comment"}
    assert empty_reason(masked) in {None, "blank", "symbols", "no_comment"}


@settings(max_examples=40, deadline=None)
@given(st.lists(ANY_TEXT, min_size=1, max_size=4))
def test_the_writers_hold_any_text_on_their_own(texts: list[str]) -> None:
    """DOCX, HTML, XLSX, CSV and JSON from text that never passed the gate (an old database)."""
    report = Report(
        texts[0],
        texts[-1],
        (
            Paragraph(texts[0]),
            Bullets(tuple(texts)),
            Table(texts[0], ("ก", "ข"), tuple((t, t) for t in texts), ("l", "r"), (8.0, 8.0)),
        ),
    )
    with zipfile.ZipFile(io.BytesIO(docx_bytes(report))) as archive:
        minidom.parseString(archive.read("word/document.xml"))
    html_bytes(report).decode("utf-8")
    questionnaire = Questionnaire.from_dict(ONE_TEXT_QUESTION)
    records = [make_record(i, {"idea": [t], "rating": ["3"]}) for i, t in enumerate(texts)]
    frame = responses_frame(records, questionnaire)
    for mask in (None, mask_personal_data):
        parts = [Part(questionnaire, frame)]
        openpyxl.load_workbook(io.BytesIO(workshop_xlsx_bytes(parts, mask=mask)))
        workshop_csv_bytes(parts, mask=mask).decode("utf-8-sig")
        json.loads(workshop_json_bytes(parts, mask=mask))


ONE_TEXT_QUESTION = {
    "id": "one_text",
    "title": "ข้อความเดียว",
    "sections": [
        {
            "id": "main",
            "title": "หลัก",
            "questions": [
                {"id": "rating", "type": "likert", "label": "พอใจ"},
                {"id": "idea", "type": "long_text", "label": "ข้อเสนอแนะ"},
            ],
        }
    ],
}

PAGES = (
    "/staff/analysis/workshops/{w}/responses.csv",
    "/staff/analysis/workshops/{w}/responses.xlsx",
    "/staff/analysis/workshops/{w}/responses.json",
    "/staff/analysis/workshops/{w}/report.docx",
    "/staff/analysis/workshops/{w}/report.html",
    "/staff/analysis/workshops/{w}",
    "/staff/workshops/{w}/dashboard",
    "/staff/sessions/{s}/moderation",
    "/api/v1/workshops/{w}/summary",
    "/api/v1/sessions/{s}/texts",
    "/api/v1/workshops/{w}/words",
    "/api/v1/workshops/{w}/themes",
)


def form_body(fields: dict[str, str]) -> bytes:
    """Return a urlencoded body as a careless client would send it: lone surrogates as their
    UTF-8-like bytes, which the server must take as bad UTF-8."""
    return "&".join(
        f"{quote(k)}={quote(v, safe='', encoding='utf-8', errors='surrogatepass')}"
        for k, v in fields.items()
    ).encode("ascii")


def post_raw(client: Any, code: str, csrf: str, answers: dict[str, str]) -> Any:
    """Post answers with a fresh idempotency token, the body encoded by ``form_body``."""
    fields = {"csrf_token": csrf, "token": secrets.token_urlsafe(24), **answers}
    return client.post(
        f"/j/{code}", data=form_body(fields), content_type="application/x-www-form-urlencoded"
    )


@pytest.mark.slow
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(ANY_TEXT, min_size=1, max_size=5), agency=ANY_TEXT)
def test_any_text_through_the_form_and_every_download(
    any_app: Flask, texts: list[str], agency: str
) -> None:
    session = add_session(any_app, load_questionnaire(TEMPLATE))
    with any_app.app_context():
        before = store.count_responses()
    stored = 0
    for text in texts:  # one participant per text: a browser answers a session once
        participant = any_app.test_client()
        csrf = csrf_of(participant, f"/j/{session['code']}")
        reply = post_raw(participant, session["code"], csrf, evaluation_answers(text, agency))
        assert reply.status_code in (303, 422), reply.status_code
        stored += reply.status_code == 303
        with any_app.app_context():  # a response is stored whole or not at all
            assert store.count_responses() == before + stored
    with any_app.app_context():
        records = store.response_records(session["workshop_id"])
    for record in records:
        assert all(storable(v) for values in record["answers"].values() for v in values)
    username = f"fuzz{secrets.token_hex(4)}"
    add_user(any_app, username, "admin", (session["workshop_id"],))
    staff = any_app.test_client()
    log_in(staff, username, PASSWORD)
    for page in PAGES:
        path = page.format(w=session["workshop_id"], s=session["id"])
        assert staff.get(path).status_code == 200, path


def evaluation_answers(text: str, agency: str) -> dict[str, str]:
    """Return the workshop evaluation's required answers, with the random text everywhere a
    participant types, and the random text as a (refused) choice too."""
    likert = dict.fromkeys(
        ("speaker", "content", "duration", "venue", "food", "documents", "usefulness"), "4"
    )
    return likert | {
        "knowledge__before": "2",
        "knowledge__after": "4",
        "agency": agency,
        "opinion": text,
        "suggestion": text[::-1],
        "local_problem": f"ไม่มีค่ะ {text}",
        "gender": "female",
    }


def test_a_random_choice_value_is_refused_and_nothing_is_written(
    any_app: Flask, questionnaires: dict[str, Questionnaire]
) -> None:
    session = add_session(any_app, questionnaires["workshop_evaluation"])
    answers = evaluation_answers("ดี", "อบต.") | {"gender": "fe\x00male\ud800"}
    client = any_app.test_client()
    reply = post_raw(client, session["code"], csrf_of(client, f"/j/{session['code']}"), answers)
    assert reply.status_code == 422
    with any_app.app_context():
        assert store.count_responses() == 0
