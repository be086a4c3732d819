"""Analysts rename, merge and move themes on the results page, through the real stack: the
edits are stored, and the page, the XLSX export, the HTML report and the dashboard show them,
also after more answers arrive."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from analysis.themes.model import OTHER_LABEL
from survey import store
from survey.results import edits_across
from tests.conftest import FOOD
from tests.conftest import SPEAKER
from tests.conftest import VENUE
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import csrf_of
from tests.conftest import log_in

QID = "session_feedback"
# Sentence vectors tell parking ("ที่จอดรถไม่พอ") from the meeting room, and two answers about it
# go to other: these tests are about edits, so their venue answers are all about the room.
ROOM = [
    text if "ที่จอดรถ" not in text else alternative
    for text, alternative in zip(
        VENUE,
        ["", "", "ห้องประชุมไกล เดินไปไม่สะดวก", "", "", "", "ห้องประชุมแคบ คนล้นห้อง", ""],
        strict=True,
    )
]
TOPICS = {"food": FOOD, "venue": ROOM, "speaker": SPEAKER}
MORE = [  # answers that arrive after the edits: the themes are fitted again
    "อาหารว่างตอนบ่ายหมดเร็ว กาแฟไม่พอ",
    "แอร์ในห้องประชุมหนาวเกินไป",
    "วิทยากรบรรยายเร็ว ฟังไม่ทัน",
    "อาหารกลางวันอร่อย อาหารว่างดี",
]
PRIVATE = "ห้องน้ำชั้นสองสกปรก แจ้งนายสมชาย ใจดี โทร 081-234-5678"
_RE_ROW = re.compile(
    r'<tr data-theme="(-?\d+)">\s*<td class="label">([^<]*)</td><td class="num size">(\d+)</td>'
)
_RE_FORM = re.compile(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', re.S)
_RE_OPTION = re.compile(r'<option(?: selected)? value="([^"]*)"(?: selected)?>([^<]*)</option>')


def seed(app: Flask, session: dict[str, Any], texts: list[str], start: int = 0) -> None:
    """Store one response per text, each from its own participant."""
    with app.app_context():
        for n, text in enumerate(texts, start):
            store.save_response(
                session["id"], f"theme-token-{n:05d}", f"person{n}", "th", {"suggestion": [text]}
            )


def interleaved() -> list[str]:
    return [items[i] for i in range(len(FOOD)) for items in TOPICS.values()]


@pytest.fixture
def workshop(any_app: Flask, questionnaires: dict) -> dict[str, Any]:
    """A workshop whose 24 suggestions are about food, the venue and the speaker, with an
    analyst and a facilitator of it, an admin, and an analyst of another workshop."""
    session = add_session(any_app, questionnaires[QID])
    seed(any_app, session, interleaved())
    other = add_session(any_app, questionnaires[QID])
    add_user(any_app, "ana", "analyst", (session["workshop_id"],))
    add_user(any_app, "fac", "facilitator", (session["workshop_id"],))
    add_user(any_app, "admin", "admin")
    add_user(any_app, "ana_other", "analyst", (other["workshop_id"],))
    return session


def results_url(session: dict[str, Any]) -> str:
    return f"/staff/analysis/workshops/{session['workshop_id']}"


def themes_on(page: str) -> dict[str, int]:
    """Return the label and size of every theme the results page shows."""
    return {html.unescape(label): int(size) for _, label, size in _RE_ROW.findall(page)}


def choices(page: str, action: str, field: str) -> dict[str, str]:
    """Return a select's options (shown text -> value) in the form posting to ``action``."""
    for url, body in _RE_FORM.findall(page):
        if url.endswith(f"/themes/{QID}/{action}"):
            select = re.search(rf'<select[^>]*name="{field}"[^>]*>(.*?)</select>', body, re.S)
            assert select, f"no {field} in the {action} form"
            options = _RE_OPTION.findall(select.group(1))
            return {html.unescape(text): html.unescape(value) for value, text in options}
    raise AssertionError(f"no {action} form on the page")


def theme_value(page: str, action: str, field: str, word: str) -> str:
    """Return the value naming the theme whose label has ``word``, in a form's select."""
    found = [v for text, v in choices(page, action, field).items() if word in text]
    assert len(found) == 1, (word, choices(page, action, field))
    return found[0]


def post(client: FlaskClient, session: dict[str, Any], action: str, **data: str) -> Any:
    token = csrf_of(client, results_url(session))
    url = f"{results_url(session)}/themes/{QID}/{action}"
    return client.post(url, data={"csrf_token": token, **data})


def analyst(app: Flask, username: str = "ana") -> FlaskClient:
    client = app.test_client()
    log_in(client, username)
    return client


def stored(app: Flask, session: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    with app.app_context():
        return store.theme_edits_of(session["workshop_id"])


def xlsx_themes(client: FlaskClient, session: dict[str, Any]) -> dict[str, int]:
    body = client.get(f"{results_url(session)}/responses.xlsx").data
    sheet = openpyxl.load_workbook(io.BytesIO(body))["themes"]
    _thai, header, *rows = [[c.value for c in row] for row in sheet.iter_rows()]
    return {row[header.index("label")]: row[header.index("size")] for row in rows}


def test_a_rename_shows_on_the_page_in_exports_report_and_dashboard_and_survives_more_answers(
    any_app: Flask, workshop: dict[str, Any]
) -> None:
    client = analyst(any_app)
    page = client.get(results_url(workshop)).get_data(as_text=True)
    before = themes_on(page)
    assert sorted(before.values()) == [8, 8, 8]
    dashboard = f"/api/v1/workshops/{workshop['workshop_id']}/themes"
    etag = client.get(dashboard).headers["ETag"]
    food = theme_value(page, "rename", "theme", "อาหาร")

    response = post(client, workshop, "rename", theme=food, label="  อาหารและของว่าง  ")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{results_url(workshop)}#themes-{QID}")
    [edit] = stored(any_app, workshop)[QID]
    assert edit["op"] == "rename"
    assert edit["label"] == "อาหารและของว่าง"
    assert "อาหารว่าง" in edit["theme"]

    page = client.get(results_url(workshop)).get_data(as_text=True)
    assert "ตั้งชื่อประเด็นใหม่แล้ว" in page
    assert themes_on(page)["อาหารและของว่าง"] == 8
    assert len(themes_on(page)) == 3
    assert "ตั้งชื่อประเด็น “อาหารว่าง, อาหารกลางวัน, กาแฟ” ว่า “อาหารและของว่าง”" in page
    assert xlsx_themes(client, workshop)["อาหารและของว่าง"] == 8
    report = client.get(f"{results_url(workshop)}/report.html").get_data(as_text=True)
    assert "อาหารและของว่าง (8 ความคิดเห็น)" in report
    fresh = client.get(dashboard, headers={"If-None-Match": etag})
    assert fresh.status_code == 200  # the edit changed the dashboard's version
    assert {t["label"]: t["size"] for t in fresh.json["themes"]}["อาหารและของว่าง"] == 8
    session_themes = client.get(f"/api/v1/sessions/{workshop['id']}/themes").json["themes"]
    assert "อาหารและของว่าง" in [t["label"] for t in session_themes]

    seed(any_app, workshop, MORE, start=100)
    page = client.get(results_url(workshop)).get_data(as_text=True)
    assert themes_on(page)["อาหารและของว่าง"] == 10
    assert sum(themes_on(page).values()) == 24 + len(MORE)
    assert xlsx_themes(client, workshop)["อาหารและของว่าง"] == 10


def test_a_merge_leaves_one_theme_with_both_sizes_and_can_be_undone_or_cleared(
    any_app: Flask, workshop: dict[str, Any]
) -> None:
    client = analyst(any_app)
    page = client.get(results_url(workshop)).get_data(as_text=True)
    speaker = theme_value(page, "merge", "theme", "วิทยากร")
    venue = theme_value(page, "merge", "into", "ห้องประชุม")
    assert post(client, workshop, "merge", theme=speaker, into=venue).status_code == 302

    page = client.get(results_url(workshop)).get_data(as_text=True)
    merged = themes_on(page)
    assert len(merged) == 2
    assert sorted(merged.values()) == [8, 16]
    assert sorted(xlsx_themes(client, workshop).values()) == [8, 16]
    # the merged theme is renamed by the words it has now, and the name sticks to it
    together = theme_value(page, "rename", "theme", "(16)")
    assert (
        post(client, workshop, "rename", theme=together, label="สถานที่และวิทยากร").status_code == 302
    )
    seed(any_app, workshop, MORE, start=100)
    page = client.get(results_url(workshop)).get_data(as_text=True)
    refit = themes_on(page)
    assert refit["สถานที่และวิทยากร"] > 8
    assert len(set(refit) - {OTHER_LABEL}) == 2
    assert sum(refit.values()) == 24 + len(MORE)

    token = csrf_of(client, results_url(workshop))
    undo = f"{results_url(workshop)}/themes/{QID}/undo"
    assert client.post(undo, data={"csrf_token": token}).status_code == 302
    assert [e["op"] for e in stored(any_app, workshop)[QID]] == ["merge"]
    page = client.get(results_url(workshop)).get_data(as_text=True)
    assert "สถานที่และวิทยากร" not in themes_on(page)
    assert len(set(themes_on(page)) - {OTHER_LABEL}) == 2
    clear = f"{results_url(workshop)}/themes/{QID}/clear"
    assert client.post(clear, data={"csrf_token": token}).status_code == 302
    assert stored(any_app, workshop) == {}
    page = client.get(results_url(workshop)).get_data(as_text=True)
    assert len(set(themes_on(page)) - {OTHER_LABEL}) == 3


def test_a_moved_point_is_stored_masked_and_stays_in_its_new_theme(
    any_app: Flask, workshop: dict[str, Any]
) -> None:
    seed(any_app, workshop, [PRIVATE], start=50)
    client = analyst(any_app)
    page = client.get(results_url(workshop)).get_data(as_text=True)
    assert "081-234-5678" not in page
    assert "สมชาย" not in page
    points = choices(page, "move", "point")
    [shown] = [text for text in points if "ห้องน้ำชั้นสอง" in text]
    assert shown == "ห้องน้ำชั้นสองสกปรก แจ้งนาย[ชื่อ] โทร [เบอร์โทร]"
    food = theme_value(page, "move", "into", "อาหาร")
    sizes = themes_on(page)
    food_label = next(label for label in sizes if "อาหาร" in label)

    assert post(client, workshop, "move", point=points[shown], into=food).status_code == 302
    [edit] = stored(any_app, workshop)[QID]
    assert edit["text"] == shown  # what the page showed, never the answer as written
    page = client.get(results_url(workshop)).get_data(as_text=True)
    assert themes_on(page)[food_label] == sizes[food_label] + 1
    row = page[page.index(f'<td class="label">{food_label}</td>') :].split("</tr>")[0]
    assert html.escape(shown, quote=False) in row

    seed(any_app, workshop, MORE, start=100)
    page = client.get(results_url(workshop)).get_data(as_text=True)
    row = page[page.index(f'<td class="label">{food_label}</td>') :].split("</tr>")[0]
    assert html.escape(shown, quote=False) in row
    report = client.get(f"{results_url(workshop)}/report.html").get_data(as_text=True)
    assert "081-234-5678" not in report


def test_a_facilitator_sees_the_themes_but_only_analysts_and_admins_edit(
    any_app: Flask, workshop: dict[str, Any]
) -> None:
    facilitator = analyst(any_app, "fac")
    page = facilitator.get(results_url(workshop)).get_data(as_text=True)
    assert len(themes_on(page)) == 3
    assert "/themes/" not in page  # no edit forms or buttons
    food = theme_value(
        analyst(any_app).get(results_url(workshop)).get_data(as_text=True),
        "rename",
        "theme",
        "อาหาร",
    )
    for action, data in (("rename", {"theme": food, "label": "อาหาร"}), ("clear", {})):
        assert post(facilitator, workshop, action, **data).status_code == 403
    outsider = analyst(any_app, "ana_other")
    assert outsider.get(results_url(workshop)).status_code == 404
    token = csrf_of(outsider, "/staff/")
    url = f"{results_url(workshop)}/themes/{QID}/rename"
    response = outsider.post(url, data={"csrf_token": token, "theme": food, "label": "อาหาร"})
    assert response.status_code == 404
    assert stored(any_app, workshop) == {}
    admin = analyst(any_app, "admin")
    assert post(admin, workshop, "rename", theme=food, label="อาหาร").status_code == 302
    assert len(stored(any_app, workshop)[QID]) == 1


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("rename", {"theme": '["ไม่มีคำนี้"]', "label": "ชื่อใหม่"}, "ไม่พบประเด็นนี้ในผลล่าสุด"),
        ("rename", {"theme": "not json", "label": "ชื่อใหม่"}, "ไม่พบประเด็นนี้ในผลล่าสุด"),
        ("rename", {"label": "ชื่อใหม่"}, "ไม่พบประเด็นนี้ในผลล่าสุด"),
        ("rename", {"theme": "FOOD", "label": "   "}, "กรุณาพิมพ์ชื่อประเด็น"),
        ("rename", {"theme": "FOOD", "label": "ก" * 81}, "ชื่อประเด็นยาวได้ไม่เกิน 80 ตัวอักษร"),
        ("merge", {"theme": "FOOD", "into": "FOOD"}, "กรุณาเลือกประเด็นปลายทางที่ต่างจากประเด็นเดิม"),
        ("move", {"point": "ไม่เคยมีใครเขียน", "into": "FOOD"}, "ไม่พบความคิดเห็นนี้ในผลล่าสุด"),
        ("move", {"point": FOOD[1], "into": "FOOD"}, "ความคิดเห็นนี้อยู่ในประเด็นนี้แล้ว"),
    ],
)
def test_bad_input_gets_a_thai_message_and_writes_nothing(
    app: Flask, questionnaires: dict, action: str, data: dict[str, str], message: str
) -> None:
    session = add_session(app, questionnaires[QID])
    seed(app, session, interleaved())
    add_user(app, "ana", "analyst", (session["workshop_id"],))
    client = analyst(app)
    page = client.get(results_url(session)).get_data(as_text=True)
    food = theme_value(page, "rename", "theme", "อาหาร")
    data = {key: food if value == "FOOD" else value for key, value in data.items()}
    response = post(client, session, action, **data)
    assert response.status_code == 400
    shown = response.get_data(as_text=True)
    assert message in shown
    assert len(themes_on(shown)) == 3  # the page is shown again, themes and all
    if "label" in data and data["label"].strip():
        assert f'value="{data["label"]}"' in shown  # what was typed is kept
    assert stored(app, session) == {}


def test_without_csrf_or_for_another_questionnaire_nothing_is_written(
    app: Flask, questionnaires: dict
) -> None:
    session = add_session(app, questionnaires[QID])
    seed(app, session, interleaved())
    add_user(app, "ana", "analyst", (session["workshop_id"],))
    client = analyst(app)
    page = client.get(results_url(session)).get_data(as_text=True)
    food = theme_value(page, "rename", "theme", "อาหาร")
    url = f"{results_url(session)}/themes/{QID}/rename"
    assert client.post(url, data={"theme": food, "label": "อาหาร"}).status_code == 400
    token = csrf_of(client, results_url(session))
    other = f"{results_url(session)}/themes/workshop_evaluation"
    assert client.post(f"{other}/rename", data={"csrf_token": token}).status_code == 404
    assert client.post(f"{other}/clear", data={"csrf_token": token}).status_code == 404
    assert stored(app, session) == {}


def test_too_few_points_show_no_themes_and_take_no_edits(app: Flask, questionnaires: dict) -> None:
    session = add_session(app, questionnaires[QID])
    seed(app, session, FOOD[:5])
    add_user(app, "ana", "analyst", (session["workshop_id"],))
    client = analyst(app)
    page = client.get(results_url(session)).get_data(as_text=True)
    assert "มีความคิดเห็น 5 ข้อ ยังน้อยเกินกว่าจะจัดเป็นประเด็น" in page
    assert "/themes/" not in page
    response = post(client, session, "rename", theme='["อาหาร"]', label="อาหาร")
    assert response.status_code == 400
    assert "ยังแก้ไขประเด็นไม่ได้" in response.get_data(as_text=True)
    assert stored(app, session) == {}


def test_the_workshop_dashboard_applies_every_questionnaires_edits_in_programme_order(
    app: Flask, questionnaires: dict
) -> None:
    session = add_session(app, questionnaires[QID])
    seed(app, session, interleaved())
    with app.app_context():
        evaluation = store.add_workshop_session(
            session["workshop_id"],
            session["date"],
            "",
            "ประเมินภาพรวม",
            questionnaires["workshop_evaluation"],
        )
        store.save_response(
            evaluation, "evaluation-token-0001", "person0", "th", {"suggestion": [MORE[0]]}
        )
    add_user(app, "ana", "analyst", (session["workshop_id"],))
    client = analyst(app)
    page = client.get(results_url(session)).get_data(as_text=True)
    assert 'id="themes-workshop_evaluation"' in page
    assert "มีความคิดเห็น 1 ข้อ ยังน้อยเกินกว่าจะจัดเป็นประเด็น" in page
    food = theme_value(page, "rename", "theme", "อาหาร")
    assert post(client, session, "rename", theme=food, label="อาหารและของว่าง").status_code == 302
    # the workshop's dashboard themes both questionnaires' answers together
    pooled = client.get(f"/api/v1/workshops/{session['workshop_id']}/themes").json
    assert pooled["points"] == 24 + 1
    assert {t["label"]: t["size"] for t in pooled["themes"]}["อาหารและของว่าง"] == 9
    assert xlsx_themes(client, session)["อาหารและของว่าง"] == 8


def test_edits_across_questionnaires_follow_the_order_given() -> None:
    stored = {
        "b": [{"op": "rename", "theme": ["อาหาร"], "label": "จาก b"}],
        "a": [{"op": "rename", "theme": ["อาหาร"], "label": "จาก a"}],
    }
    combined = edits_across(stored, ["a", "b", "c"])
    assert [edit["label"] for edit in combined.edits] == ["จาก a", "จาก b"]
    assert edits_across(stored, []).edits == []
