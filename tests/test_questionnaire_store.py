"""Questionnaires in the database, on SQLite and PostgreSQL: versions made by saves after answers,
sessions that move or stay, conflicting saves, and a migration that keeps every row."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from flask import Flask

from analysis.questionnaire.model import Questionnaire
from survey import results
from survey import store
from tests.conftest import make_app
from tests.conftest import workshop_spec

THAI = "ถนนชำรุด ไฟไม่พอ ๑๒๓ 😊"  # as the intake gate stores it


def definition() -> dict[str, Any]:
    return {
        "id": "pattani_2019",
        "title": {"th": "แบบประเมินปัตตานี", "en": "Pattani evaluation"},
        "languages": ["th", "en"],
        "sections": [
            {
                "id": "main",
                "title": "ความพึงพอใจ",
                "questions": [
                    {"id": "speaker", "type": "likert", "required": True, "label": "วิทยากร"},
                    {
                        "id": "role",
                        "type": "single_choice",
                        "label": "ตำแหน่ง",
                        "options": [
                            {"value": "officer", "label": "ปลัดอำเภอ"},
                            {"value": "leader", "label": "ผู้นำท้องที่"},
                        ],
                    },
                    {"id": "idea", "type": "long_text", "label": "ข้อเสนอแนะ"},
                ],
            }
        ],
    }


def with_sessions(app: Flask, count: int = 2) -> tuple[int, int, list[dict[str, Any]]]:
    """A workshop whose questionnaire is in the database, used by `count` sessions."""
    form = Questionnaire.from_dict(definition())
    with app.app_context():
        workshop_id = store.create_workshop(workshop_spec(form, days=[]))
        row_id = store.create_questionnaire(form, workshop_id, None)
        form = Questionnaire.from_dict(store.questionnaire_row(row_id)["definition"])
        for n in range(count):
            store.add_workshop_session(workshop_id, dt.date(2019, 8, 21), "", f"ช่วง {n}", form)
        return workshop_id, row_id, store.list_sessions(workshop_id, with_questionnaire=True)


def edited(change: Any) -> Questionnaire:
    data = definition()
    change(data)
    return Questionnaire.from_dict(data)


def relabel(data: dict[str, Any]) -> None:
    data["sections"][0]["questions"][0]["label"] = "วิทยากรถ่ายทอดได้ชัดเจน"


def test_a_save_before_any_answer_changes_the_version_in_place_and_moves_sessions(
    any_app: Flask,
) -> None:
    _, row_id, sessions = with_sessions(any_app)
    with any_app.app_context():
        saved = store.save_questionnaire(row_id, edited(relabel), 1, None)
        assert saved == {"version": 1, "revision": 2, "new_version": False, "moved": 2}
        for session in sessions:
            held = store.questionnaire_of(store.session_by_id(session["id"]))
            assert held.question("speaker").label.get() == "วิทยากรถ่ายทอดได้ชัดเจน"
        assert store.questionnaire_revision(row_id, 1)["definition"] == definition() | {
            "version": 1
        }


def test_a_save_after_answers_makes_a_new_version_and_answered_sessions_keep_theirs(
    any_app: Flask,
) -> None:
    workshop_id, row_id, (answered, fresh) = with_sessions(any_app)
    with any_app.app_context():
        store.save_response(
            answered["id"], "t" * 20, "k1", "th", {"speaker": ["5"], "idea": [THAI]}
        )

        def drop_idea(data: dict[str, Any]) -> None:
            relabel(data)
            del data["sections"][0]["questions"][2]

        saved = store.save_questionnaire(row_id, edited(drop_idea), 1, None)
        assert saved["version"] == 2
        assert saved["new_version"]
        assert saved["moved"] == 1
        assert store.session_by_id(answered["id"])["questionnaire"]["version"] == 1
        assert store.session_by_id(fresh["id"])["questionnaire"]["version"] == 2
        store.save_response(fresh["id"], "u" * 20, "k2", "th", {"speaker": ["3"]})
        # A second save: version 2 now has answers too.
        assert store.save_questionnaire(row_id, edited(drop_idea), 2, None)["version"] == 3
        assert store.answered_versions("pattani_2019") == [1, 2]
        [part] = results.workshop_parts(workshop_id, "Asia/Bangkok", with_themes=False)
    # The removed question keeps its answer; the label is the newest answered version's.
    assert [v.version for v in part.questionnaire.versions] == [1, 2]
    assert part.questionnaire.question("speaker").label.get() == "วิทยากรถ่ายทอดได้ชัดเจน"
    assert part.frame["idea"].iloc[0] == THAI
    assert part.frame["idea"].isna().tolist() == [False, True]
    assert part.frame["questionnaire_version"].tolist() == [1, 2]
    assert part.frame["speaker"].tolist() == [5.0, 3.0]


def test_a_save_on_an_old_revision_is_refused_and_names_the_current_one(any_app: Flask) -> None:
    _, row_id, _ = with_sessions(any_app)
    with any_app.app_context():
        store.save_questionnaire(row_id, edited(relabel), 1, None)
        with pytest.raises(store.RevisionConflictError) as conflict:
            store.save_questionnaire(row_id, edited(lambda d: None), 1, None)
        assert conflict.value.current["revision"] == 2
        row = store.questionnaire_row(row_id)
    assert row is not None
    assert row["revision"] == 2
    assert row["definition"]["sections"][0]["questions"][0]["label"] == "วิทยากรถ่ายทอดได้ชัดเจน"


def test_a_question_with_answers_keeps_its_type(any_app: Flask) -> None:
    _, row_id, (answered, _) = with_sessions(any_app)

    def retype(data: dict[str, Any]) -> None:
        data["sections"][0]["questions"][0] = {"id": "speaker", "type": "short_text", "label": "x"}

    with any_app.app_context():
        store.save_response(answered["id"], "t" * 20, "k1", "th", {"speaker": ["4"]})
        with pytest.raises(store.KindChangedError) as refused:
            store.save_questionnaire(row_id, edited(retype), 1, None)
        assert refused.value.changes == [("speaker", "likert")]
        assert store.questionnaire_row(row_id)["revision"] == 1


def test_ids_are_unique_across_the_server_and_template_files(any_app: Flask) -> None:
    form = Questionnaire.from_dict(definition())
    with any_app.app_context():
        store.create_questionnaire(form, None, None)
        with pytest.raises(store.KeyTakenError):
            store.create_questionnaire(form, None, None)
        other = Questionnaire.from_dict(definition() | {"id": "session_feedback"})
        with pytest.raises(store.KeyTakenError):
            store.create_questionnaire(other, None, None, reserved={"session_feedback"})
        assert [row["key"] for row in store.list_questionnaires()] == ["pattani_2019"]


def test_an_answer_checked_against_the_version_before_a_save_is_not_stored(
    any_app: Flask,
) -> None:
    _, row_id, (session, _) = with_sessions(any_app)
    with any_app.app_context():
        before = store.session_by_id(session["id"])["questionnaire"]
        store.save_questionnaire(row_id, edited(relabel), 1, None)
        with pytest.raises(store.QuestionnaireChangedError):
            store.save_response(
                session["id"], "t" * 20, "k", "th", {"speaker": ["5"]}, questionnaire=before
            )
        assert store.count_responses() == 0
        now = store.session_by_id(session["id"])["questionnaire"]
        store.save_response(
            session["id"], "t" * 20, "k", "th", {"speaker": ["5"]}, questionnaire=now
        )
        assert store.count_responses() == 1


def test_a_questionnaire_in_use_is_not_deleted(any_app: Flask) -> None:
    _, row_id, _ = with_sessions(any_app, count=1)
    with any_app.app_context():
        with pytest.raises(store.QuestionnaireInUseError):
            store.delete_questionnaire(row_id)
        unused = Questionnaire.from_dict(definition() | {"id": "spare"})
        spare = store.create_questionnaire(unused, None, None)
        assert store.delete_questionnaire(spare)
        assert store.questionnaire_row(spare) is None
        assert not store.delete_questionnaire(spare)


def test_a_database_at_0003_with_answers_is_upgraded_keeping_them(
    database_url: str, tmp_path: Any, questionnaires: dict
) -> None:
    eng = store.make_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    with eng.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
    # Rows written at 0003: a session with its snapshot and an answer.
    form = questionnaires["session_feedback"]
    with eng.begin() as conn:
        now = dt.datetime(2019, 8, 20, 9, tzinfo=dt.UTC)
        wid = conn.execute(
            sa.text(
                "INSERT INTO workshops (code, title, starts_on, ends_on, created_at) "
                "VALUES ('WSAAAA', 'สัมมนา', :d, :d, :t) RETURNING id"
            ),
            {"d": dt.date(2019, 8, 20), "t": now},
        ).scalar_one()
        day = conn.execute(
            sa.text("INSERT INTO days (workshop_id, number, date) VALUES (:w, 1, :d) RETURNING id"),
            {"w": wid, "d": dt.date(2019, 8, 20)},
        ).scalar_one()
        sid = conn.execute(
            sa.text(
                "INSERT INTO sessions (workshop_id, day_id, position, title, code, "
                "questionnaire_id, questionnaire, is_open, created_at) VALUES "
                "(:w, :day, 1, 'บรรยาย', 'CDEFGH', 'session_feedback', :q, true, :t) RETURNING id"
            ).bindparams(sa.bindparam("q", type_=sa.JSON)),
            {"w": wid, "day": day, "q": form.to_dict(), "t": now},
        ).scalar_one()
        rid = conn.execute(
            sa.text(
                "INSERT INTO responses (session_id, token, respondent_key, language, submitted_at) "
                "VALUES (:s, :tok, 'k', 'th', :t) RETURNING id"
            ),
            {"s": sid, "tok": "t" * 20, "t": now},
        ).scalar_one()
        conn.execute(
            sa.text(
                "INSERT INTO answers (response_id, question_id, value) VALUES (:r, 'suggestion', :v)"
            ),
            {"r": rid, "v": THAI},
        )
    eng.dispose()
    upgraded = make_app(tmp_path, database_url)
    with upgraded.app_context():
        [part] = results.workshop_parts(wid, "Asia/Bangkok", with_themes=False)
        assert part.frame["suggestion"].tolist() == [THAI]
        assert part.frame["questionnaire_version"].tolist() == [1]
        assert store.session_by_code("CDEFGH")["questionnaire"] == form.to_dict()
        assert store.list_questionnaires() == []
    upgraded.extensions[store.EXTENSION_KEY].dispose()


def test_merged_versions_answer_the_dashboard_with_every_answer(any_app: Flask) -> None:
    from survey import dashboard

    _, row_id, (first, second) = with_sessions(any_app)
    with any_app.app_context():
        store.save_response(first["id"], "t" * 20, "k1", "th", {"speaker": ["5"]})
        changed = copy.deepcopy(definition())
        changed["sections"][0]["questions"].insert(
            0, {"id": "venue", "type": "likert", "label": "สถานที่"}
        )
        store.save_questionnaire(row_id, Questionnaire.from_dict(changed), 1, None)
        store.save_response(second["id"], "u" * 20, "k2", "th", {"speaker": ["3"], "venue": ["4"]})
        sessions = store.list_sessions(first["workshop_id"], with_questionnaire=True)
        data = dashboard.summary(sessions, None)
    [block] = data["questionnaires"]
    by_column = {r["column"]: r for r in block["ratings"]}
    assert by_column["speaker"]["n"] == 2
    assert by_column["speaker"]["mean"] == 4.0
    assert by_column["venue"]["n"] == 1
    assert block["responses"] == 2
