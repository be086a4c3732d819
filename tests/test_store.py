"""Storage on SQLite and PostgreSQL: migrations, workshops, idempotent responses."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from flask import Flask

from analysis.questionnaire.model import Questionnaire
from survey import store
from survey.schema import metadata
from tests.conftest import add_session
from tests.conftest import make_app
from tests.conftest import workshop_spec

THAI = "ถนนชำรุดไฟไม่พอ น้ำไม่ไหล ๑๒๓ 😊 OK\nข้อ 2"  # as the intake gate stores it


def test_migrations_build_exactly_the_schema_the_code_declares(any_app: Flask) -> None:
    with any_app.app_context(), store.engine().connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
        assert differences == []
        assert store.schema_version() == "0013"


def test_migrating_again_keeps_every_row(any_app: Flask, questionnaires: dict) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    with any_app.app_context():
        store.save_response(session["id"], "t" * 20, "person", "th", {"suggestion": [THAI]})
        store.migrate()
        assert store.count_responses() == 1
        assert store.response_records(session["workshop_id"])[0]["answers"] == {
            "suggestion": [THAI]
        }


def test_a_database_at_0002_is_upgraded_keeping_its_rows(database_url: str) -> None:
    eng = store.make_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    with eng.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        conn.execute(
            sa.text(
                "INSERT INTO users (username, password_hash, role, created_at) VALUES (:u, 'x', 'analyst', :t)"
            ),
            {"u": "somchai", "t": dt.datetime(2019, 8, 20, tzinfo=dt.UTC)},
        )
    assert store.schema_version(eng) == "0002"
    store.migrate(eng)
    assert store.schema_version(eng) == "0013"
    with eng.connect() as conn:
        assert conn.execute(sa.text("SELECT username FROM users")).scalars().all() == ["somchai"]
        assert conn.execute(sa.text("SELECT count(*) FROM theme_edits")).scalar() == 0
    eng.dispose()


def test_theme_edits_are_kept_per_workshop_and_questionnaire_in_order(
    any_app: Flask, questionnaires: dict
) -> None:
    mine = add_session(any_app, questionnaires["session_feedback"])["workshop_id"]
    other = add_session(any_app, questionnaires["session_feedback"])["workshop_id"]
    rename = {"op": "rename", "theme": ["อาหารว่าง", "กาแฟ"], "label": "อาหารและของว่าง"}
    move = {"op": "move", "text": "ติดต่อนาย[ชื่อ] [เบอร์โทร]", "into": ["ห้องประชุม"]}
    merge = {"op": "merge", "theme": ["วิทยากร"], "into": ["ห้องประชุม"]}
    with any_app.app_context():
        assert store.theme_edits_of(mine) == {}
        store.add_theme_edit(mine, "session_feedback", rename, None)
        store.add_theme_edit(mine, "workshop_evaluation", merge, None)
        store.add_theme_edit(mine, "session_feedback", move, None)
        store.add_theme_edit(other, "session_feedback", merge, None)
        assert store.theme_edits_of(mine) == {
            "session_feedback": [rename, move],
            "workshop_evaluation": [merge],
        }
        assert store.undo_theme_edit(mine, "session_feedback") is True
        assert store.theme_edits_of(mine)["session_feedback"] == [rename]
        assert store.clear_theme_edits(mine, "session_feedback") == 1
        assert store.undo_theme_edit(mine, "session_feedback") is False
        assert store.theme_edits_of(mine) == {"workshop_evaluation": [merge]}
        assert store.theme_edits_of(other) == {"session_feedback": [merge]}


def test_workshop_days_and_sessions_are_stored_in_order(
    any_app: Flask, questionnaires: dict[str, Questionnaire]
) -> None:
    spec = workshop_spec(questionnaires["session_feedback"])
    spec["days"][0]["sessions"].append(
        {"title": "ประเมินภาพรวม", "questionnaire": questionnaires["workshop_evaluation"]}
    )
    with any_app.app_context():
        workshop_id = store.create_workshop(spec)
        sessions = store.list_sessions(workshop_id)
        assert [s["title"] for s in sessions] == ["บรรยาย", "ประเมินภาพรวม"]
        assert [s["questionnaire_id"] for s in sessions] == [
            "session_feedback",
            "workshop_evaluation",
        ]
        codes = [s["code"] for s in sessions]
        assert all(len(c) == 6 and set(c) <= set(store.CODE_ALPHABET) for c in codes)
        assert not set("0O1IL") & set("".join(codes))
        found = store.session_by_code(codes[1].lower())
        assert found is not None
        assert found["id"] == sessions[1]["id"]
        assert store.questionnaire_of(found) == questionnaires["workshop_evaluation"]
        workshop = store.list_workshops()[0]
        assert store.find_workshop(workshop["code"].lower())["id"] == workshop_id
        assert store.find_workshop(str(workshop_id))["id"] == workshop_id
        assert store.find_workshop(codes[0])["id"] == workshop_id
        assert store.find_workshop("NOPE99") is None


def test_the_same_token_twice_stores_one_response(any_app: Flask, questionnaires: dict) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    with any_app.app_context():
        first = store.save_response(session["id"], "tok-" * 5, "p", "th", {"speaker": ["5"]})
        second = store.save_response(session["id"], "tok-" * 5, "p", "th", {"speaker": ["1"]})
        assert first == (first[0], True)
        assert second == (first[0], False)
        assert store.count_responses(session["id"]) == 1
        records = store.response_records(session["workshop_id"])
        assert records[0]["answers"] == {"speaker": ["5"]}


def test_has_answered_is_per_respondent_and_per_session(
    any_app: Flask, questionnaires: dict
) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    other = add_session(any_app, questionnaires["session_feedback"])
    with any_app.app_context():
        assert not store.has_answered(session["id"], "person")
        store.save_response(session["id"], "answered" * 3, "person", "th", {"speaker": ["4"]})
        assert store.has_answered(session["id"], "person")
        assert not store.has_answered(session["id"], "someone-else")
        assert not store.has_answered(other["id"], "person")


def test_racing_submits_with_one_token_store_one_response(
    any_app: Flask, questionnaires: dict
) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    results: list[tuple[int, bool]] = []
    barrier = threading.Barrier(6)

    def submit() -> None:
        with any_app.app_context():
            barrier.wait()
            results.append(store.save_response(session["id"], "race" * 5, "p", "th", {}))

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with any_app.app_context():
        assert store.count_responses() == 1
    assert len({response_id for response_id, _ in results}) == 1
    assert sum(created for _, created in results) == 1


def test_a_failed_answer_insert_leaves_no_response_behind(
    any_app: Flask, questionnaires: dict
) -> None:
    session = add_session(any_app, questionnaires["session_feedback"])
    with any_app.app_context():
        with pytest.raises(sa.exc.IntegrityError):
            store.save_response(session["id"], "atomic" * 4, "p", "th", {"speaker": [None]})  # type: ignore[list-item]
        assert store.count_responses() == 0
        assert store.response_by_token("atomic" * 4) is None


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app: Flask) -> None:
    with app.app_context(), store.engine().connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_the_embedded_database_file_lives_in_the_data_dir(tmp_path: Path) -> None:
    app = make_app(tmp_path, database_url=None, DATABASE_URL=None)
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'sala.db'}"
    assert (tmp_path / "sala.db").exists()
