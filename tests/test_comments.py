"""Free text on the dashboard: cleaned and masked, Thai word counts, themes, and the projector's words."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from analysis.questionnaire.load import QuestionnaireError
from analysis.questionnaire.model import Questionnaire
from survey import comments
from survey import results
from survey import store
from tests.conftest import add_session
from tests.conftest import add_user
from tests.conftest import log_in

COMMENTS = (
    "ห้องประชุมแอร์เย็นเกินไป",
    "แอร์ไม่เย็น ห้องร้อนมาก",
    "วิทยากรพูดเร็วไป ฟังไม่ทัน",
    "อยากให้วิทยากรพูดช้าลง",
    "ถนนเข้าหมู่บ้านชำรุด ไฟส่องสว่างไม่พอ",
    "ถนนชำรุดมาก ขอให้ซ่อมถนน",
    "ติดต่อนายสมชาย ใจดี โทร 081-234-5678",
)


def room(app: Flask, questionnaires: dict) -> tuple[dict, FlaskClient]:
    session = add_session(app, questionnaires["session_feedback"])
    with app.app_context():
        for n, text in enumerate(COMMENTS):
            store.save_response(
                session["id"], f"op-token-{n:04d}", f"p{n}", "th", {"suggestion": [text]}
            )
    add_user(app, "somchai", "facilitator", (session["workshop_id"],))
    client = app.test_client()
    log_in(client, "somchai")
    return session, client


def test_words_are_thai_words_counted_once_per_answer_with_negations_kept() -> None:
    counted = {w["word"]: w["n"] for w in comments.word_counts(COMMENTS)}
    assert counted["ถนน"] == 2
    assert counted["แอร์"] == 2
    assert counted["ไม่"] == 3
    assert "ห้องประชุม" in counted
    assert "081-234-5678" not in counted


def test_the_dashboard_shows_comments_masked_and_counts_words(
    app: Flask, questionnaires: dict
) -> None:
    session, client = room(app, questionnaires)
    texts = client.get(f"/api/v1/sessions/{session['id']}/summary").json["texts"]
    shown = " ".join(t["text"] for t in texts)
    assert "081-234-5678" not in shown
    assert "สมชาย" not in shown
    assert "[เบอร์โทร]" in shown
    words = client.get(f"/api/v1/sessions/{session['id']}/words")
    assert words.json["texts"] == len(COMMENTS)
    assert {"word": "ถนน", "n": 2} in words.json["words"]
    again = client.get(
        f"/api/v1/sessions/{session['id']}/words", headers={"If-None-Match": words.headers["ETag"]}
    )
    assert again.status_code == 304
    workshop_words = client.get(f"/api/v1/workshops/{session['workshop_id']}/words").json
    assert workshop_words["words"] == words.json["words"]


def test_themes_are_fitted_on_demand_as_the_report_fits_them(
    app: Flask, questionnaires: dict
) -> None:
    session, client = room(app, questionnaires)
    url = f"/api/v1/sessions/{session['id']}/themes"
    few = client.get(url).json
    assert (few["texts"], few["points"], few["themes"]) == (len(COMMENTS), len(COMMENTS), [])
    more = {
        "p0": "แอร์เย็นเกินไป หนาวมาก",  # p0's second answer, a real one
        "p1": "แอร์ไม่เย็น ห้องร้อนมาก",  # p1 pasting the same answer again: counted once
        "p7": "1. วิทยากรพูดเร็วไป 2. ถนนเข้าหมู่บ้านชำรุดมาก",  # two points
        "p8": "ไม่มีค่ะ",  # a non-answer
        "p9": "แอร์ไม่เย็น ห้องร้อนมาก",  # the same complaint from someone else: counted
    }
    with app.app_context():
        for n, (person, text) in enumerate(more.items()):
            store.save_response(
                session["id"], f"op-more-{n:04d}", person, "th", {"suggestion": [text]}
            )
    data = client.get(url).json
    assert data["texts"] == len(COMMENTS) + len(more)
    assert data["points"] == len(COMMENTS) + 4
    assert sum(t["size"] for t in data["themes"]) == data["points"]
    for theme in data["themes"]:
        assert set(theme) == {"theme_id", "label", "keywords", "size", "share", "quotes"}
        assert all("081-234-5678" not in quote for quote in theme["quotes"])
        assert all(quote != "ไม่มีค่ะ" for quote in theme["quotes"])
    empty = add_session(app, questionnaires["session_feedback"])
    with app.app_context():
        store.assign_staff(empty["workshop_id"], store.user_by_name("somchai")["id"])
    assert client.get(f"/api/v1/sessions/{empty['id']}/themes").json["themes"] == []


def test_the_projector_counts_words_of_approved_comments_only(
    app: Flask, questionnaires: dict
) -> None:
    session, client = room(app, questionnaires)
    url = f"/api/v1/sessions/{session['id']}/projector"
    assert client.get(url).json["words"] == []
    texts = client.get(f"/api/v1/sessions/{session['id']}/texts").json["texts"]
    road = [t["id"] for t in texts if "ถนน" in t["text"]]
    with app.app_context():
        store.set_moderation(road, "approved", None)
    words = {w["word"] for w in client.get(url).json["words"]}
    assert "ถนน" in words
    assert "แอร์" not in words


def test_the_dashboard_themes_carry_the_analysts_edits(
    app: Flask, questionnaires: dict, suggestions: tuple[list[str], list[str]]
) -> None:
    session, client = room(app, questionnaires)
    with app.app_context():
        for n, text in enumerate(suggestions[0]):
            store.save_response(
                session["id"], f"op-many-{n:04d}", f"q{n}", "th", {"suggestion": [text]}
            )
    url = f"/api/v1/sessions/{session['id']}/themes"
    first = client.get(url)
    road = next(t for t in first.json["themes"] if "ถนน" in t["label"])
    words = ["ถนน", "ปลอดภัย", "ด่านตรวจ"]  # a theme is named in an edit by its words
    with app.app_context():
        store.add_theme_edit(
            session["workshop_id"],
            "session_feedback",
            {"op": "rename", "theme": words, "label": "ความปลอดภัยบนถนน"},
            None,
        )
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    renamed = {t["theme_id"]: t["label"] for t in again.json["themes"]}
    assert renamed[road["theme_id"]] == "ความปลอดภัยบนถนน"
    workshop = client.get(f"/api/v1/workshops/{session['workshop_id']}/themes").json
    assert "ความปลอดภัยบนถนน" in [t["label"] for t in workshop["themes"]]


def test_non_answers_add_no_words() -> None:
    texts = ["ไม่มีค่ะ 🙏", "ok :)", "ไม่มีครับ ^^", "\u3164", "ห้องประชุมหนาว 🙏"]
    counted = {row["word"]: row["n"] for row in comments.word_counts(texts)}
    assert counted == {"ห้องประชุม": 1, "หนาว": 1, "🙏": 1}


AGENCIES = ("ศอ.บต.", "อบต.ตะลุโบะ", "เทศบาลเมืองปัตตานี")
OPINIONS = ("อยากให้จัดอบรมแบบนี้ทุกปี", "ห้องประชุมแอร์เย็นเกินไป", "วิทยากรพูดเร็วไป ฟังไม่ทัน")


def test_profile_answers_are_never_opinions(any_app: Flask, questionnaires: dict) -> None:
    evaluation = questionnaires["workshop_evaluation"]
    assert [q.id for q in evaluation.opinion_questions] == [
        "opinion",
        "suggestion",
        "local_problem",
    ]
    session = add_session(any_app, evaluation)
    with any_app.app_context():
        for n, (agency, opinion) in enumerate(zip(AGENCIES, OPINIONS, strict=True)):
            answers = {"agency": [agency], "suggestion": [opinion], "overall": ["4"]}
            store.save_response(session["id"], f"prof-token-{n:04d}", f"p{n}", "th", answers)
        # p0 sends the same suggestion again (answering again): one comment, not two
        store.save_response(
            session["id"], "prof-token-again", "p0", "th", {"suggestion": [OPINIONS[0]]}
        )
    add_user(any_app, "somchai", "facilitator", (session["workshop_id"],))
    client = any_app.test_client()
    log_in(client, "somchai")
    base = f"/api/v1/sessions/{session['id']}"
    shown = [t["text"] for t in client.get(f"{base}/summary").json["texts"]]
    assert sorted(shown) == sorted(OPINIONS)
    pending = [t["text"] for t in client.get(f"{base}/texts").json["texts"]]
    assert sorted(pending) == sorted(OPINIONS)
    moderation = client.get(f"/staff/sessions/{session['id']}/moderation").get_data(as_text=True)
    assert OPINIONS[1] in moderation
    assert not any(agency in moderation for agency in AGENCIES)
    words = client.get(f"{base}/words").json
    assert words["texts"] == len(OPINIONS)
    assert not {"ศอ.บต.", "อบต.", "เทศบาล"} & {w["word"] for w in words["words"]}
    themes = client.get(f"{base}/themes").json
    assert themes["texts"] == len(OPINIONS) + 1  # p0's repeat goes in, and is dropped as a repeat
    assert themes["points"] == len(OPINIONS)
    ids = [t["id"] for t in client.get(f"{base}/texts").json["texts"]]
    with any_app.app_context():
        store.set_moderation(ids, "approved", None)
    projected = [t["text"] for t in client.get(f"{base}/projector").json["texts"]]
    assert sorted(projected) == sorted(OPINIONS)


def test_a_questionnaire_may_say_which_texts_are_opinions(questionnaires: dict) -> None:
    data = questionnaires["workshop_evaluation"].to_dict()
    profile = data["sections"][0]["questions"]
    profile.append({"id": "other_role", "type": "long_text", "label": {"th": "อื่น ๆ โปรดระบุ"}})
    profile.append({"id": "wish", "type": "short_text", "label": {"th": "คาดหวัง"}, "opinion": True})
    data["sections"][-1]["questions"][0]["opinion"] = False
    form = Questionnaire.from_dict(data)
    assert [q.id for q in form.opinion_questions] == ["wish", "suggestion", "local_problem"]
    data["sections"][0]["questions"][0]["opinion"] = True  # a choice question is never text
    with pytest.raises(QuestionnaireError, match="'opinion'"):
        Questionnaire.from_dict(data)


def test_the_dashboard_and_the_results_page_find_the_same_themes(
    app: Flask, questionnaires: dict
) -> None:
    session = add_session(app, questionnaires["workshop_evaluation"])
    texts = [*COMMENTS, *FOOD_AND_ROADS]
    with app.app_context():
        for n, text in enumerate(texts):
            answers = {"agency": [AGENCIES[n % 3]], "suggestion": [text]}
            store.save_response(session["id"], f"same-token-{n:04d}", f"p{n}", "th", answers)
        [part] = results.workshop_parts(session["workshop_id"], app.config["TIMEZONE"])
    add_user(app, "somchai", "facilitator", (session["workshop_id"],))
    client = app.test_client()
    log_in(client, "somchai")
    live = client.get(f"/api/v1/sessions/{session['id']}/themes").json
    assert part.themes is not None
    assert live["points"] == len(part.suggestions)
    report = sorted(zip(part.themes["label"], part.themes["size"], strict=True))
    assert sorted((t["label"], t["size"]) for t in live["themes"]) == report
    assert not any(a in str(report) for a in AGENCIES)


FOOD_AND_ROADS = (
    "อาหารกลางวันอร่อยมาก แต่อาหารว่างน้อยไป",
    "อยากให้มีอาหารว่างตอนบ่ายเพิ่ม",
    "ถนนในหมู่บ้านเป็นหลุมเป็นบ่อ",
    "ขอไฟส่องสว่างทางเข้าหมู่บ้าน",
    "ควรเพิ่มเวลาแลกเปลี่ยนความคิดเห็น",
)
