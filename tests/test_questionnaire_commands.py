"""`./sala run questionnaires list | show ID | import FILE [--workshop CODE] | export ID`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from flask import Flask

from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.transfer import TransferError
from analysis.questionnaire.transfer import read_questionnaire
from survey import store
from tests.conftest import workshop_spec
from tests.test_questionnaire_conditions import conditional
from tests.test_xlsform import SURVEY
from tests.test_xlsform import workbook


def run(app: Flask, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["questionnaires", *args])
    return result.exit_code, result.output


def table_rows(app: Flask) -> dict[str, int]:
    with app.app_context(), store.engine().connect() as conn:
        from sqlalchemy import func
        from sqlalchemy import select

        from survey.schema import questionnaire_revisions
        from survey.schema import questionnaires

        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (questionnaires, questionnaire_revisions)
        }


def test_import_to_the_library_and_to_a_workshop_then_list_show_export(
    app: Flask, tmp_path: Path, questionnaire: Questionnaire
) -> None:
    with app.app_context():
        workshop_id = store.create_workshop(workshop_spec(questionnaire))
        code = store.workshop_by_id(workshop_id)["code"]
    (tmp_path / "roads.xlsx").write_bytes(workbook(SURVEY))
    (tmp_path / "cond.yaml").write_text(
        yaml.safe_dump(conditional(), allow_unicode=True), encoding="utf-8"
    )
    status, out = run(app, "import", str(tmp_path / "roads.xlsx"))
    assert status == 0, out
    assert "Imported pattani_roads" in out
    assert "the template library" in out
    status, out = run(app, "import", str(tmp_path / "cond.yaml"), "--workshop", code)
    assert status == 0, out
    assert f"workshop {code}" in out
    status, out = run(app, "list")
    lines = out.splitlines()
    assert any(
        line.split()[:3] == ["workshop_evaluation", "v1", "file"]
        and "แบบประเมินผลการจัดกิจกรรม" in line
        for line in lines
    )
    assert any(line.split()[:3] == ["pattani_roads", "v1", "library"] for line in lines)
    assert any(line.split()[:4] == ["cond", "v1", "workshop", code] for line in lines)
    status, out = run(app, "show", "cond")
    assert status == 0
    assert out.startswith(f"# cond: workshop {code}, version 1, saved 1 times")
    shown = yaml.safe_load(out)
    assert Questionnaire.from_dict(shown) == Questionnaire.from_dict(conditional())
    status, out = run(
        app, "export", "pattani_roads", "--format", "xlsform", "--out", str(tmp_path / "o.xlsx")
    )
    assert status == 0, out
    again = read_questionnaire((tmp_path / "o.xlsx").read_bytes(), "o.xlsx")
    assert again == read_questionnaire(workbook(SURVEY), "roads.xlsx")
    status, _ = run(
        app, "export", "workshop_evaluation", "--format", "yaml", "--out", str(tmp_path / "w.yaml")
    )
    assert status == 0
    assert yaml.safe_load((tmp_path / "w.yaml").read_text(encoding="utf-8"))["id"] == (
        "workshop_evaluation"
    )


def test_a_refused_file_prints_one_line_per_problem_and_creates_nothing(
    app: Flask, tmp_path: Path
) -> None:
    survey = [
        *SURVEY[:3],
        ("begin_repeat", "visits", "การเยี่ยม", "Visits", None, None, None, None, None, None),
        ("end_repeat", "visits", None, None, None, None, None, None, None, None),
        ("calculate", "total", None, None, None, None, None, None, None, None),
        *SURVEY[3:],
    ]
    (tmp_path / "bad.xlsx").write_bytes(workbook(survey))
    before = table_rows(app)
    result = app.test_cli_runner().invoke(
        args=["questionnaires", "import", str(tmp_path / "bad.xlsx")]
    )
    assert result.exit_code == 1
    assert (
        "bad.xlsx: survey, row 4: type 'begin_repeat' ('visits') is not something Sala can ask"
        in result.output
    )
    assert (
        "bad.xlsx: survey, row 6: type 'calculate' ('total') is not something Sala can ask"
        in result.output
    )
    assert "Error: bad.xlsx was not imported (2 problem(s))." in result.output
    assert table_rows(app) == before


def test_bad_input_gets_one_line_errors(app: Flask, tmp_path: Path) -> None:
    status, out = run(app, "show", "nope")
    assert status == 1
    assert (
        out.strip()
        == "Error: No questionnaire has the id 'nope'; `questionnaires list` shows them."
    )
    status, out = run(app, "import", str(tmp_path / "missing.yaml"))
    assert status == 1
    assert (
        out.strip() == f"Error: Cannot read {tmp_path / 'missing.yaml'}: No such file or directory"
    )
    (tmp_path / "dup.yaml").write_text(
        yaml.safe_dump({**conditional(), "id": "session_feedback"}), encoding="utf-8"
    )
    status, out = run(app, "import", str(tmp_path / "dup.yaml"), "--workshop", "ZZZZZZ")
    assert out.strip() == "Error: No workshop has the code or id 'ZZZZZZ'."
    with app.app_context():
        assert store.list_questionnaires() == []


def test_an_imported_id_already_taken_gets_the_next_free_number_as_on_the_web_page(
    app: Flask, tmp_path: Path
) -> None:
    # session_feedback is a shipped template's id: the import is kept as session_feedback_2,
    # then _3, and the command says so, instead of refusing the file.
    (tmp_path / "dup.yaml").write_text(
        yaml.safe_dump({**conditional(), "id": "session_feedback"}), encoding="utf-8"
    )
    status, out = run(app, "import", str(tmp_path / "dup.yaml"))
    assert status == 0, out
    assert out.startswith(
        "Imported session_feedback_2 (its id 'session_feedback' was taken, "
        "so it is 'session_feedback_2')"
    )
    status, out = run(app, "import", str(tmp_path / "dup.yaml"))
    assert status == 0, out
    assert out.startswith("Imported session_feedback_3 ")
    with app.app_context():
        keys = sorted(row["key"] for row in store.list_questionnaires())
        assert keys == ["session_feedback_2", "session_feedback_3"]
        actions = [(e["action"], e["target"]) for e in store.audit_entries()]
    assert ("questionnaire_import", "session_feedback_3") in actions


def test_import_names_every_mistake_of_a_file_at_once_and_makes_nothing(
    app: Flask, tmp_path: Path
) -> None:
    from tests.test_questionnaire import MANY_MISTAKES

    (tmp_path / "many.yaml").write_text(MANY_MISTAKES, encoding="utf-8")
    before = table_rows(app)
    status, out = run(app, "import", str(tmp_path / "many.yaml"))
    assert status == 1
    assert "many.yaml: line 1: version must be a whole number from 1" in out
    assert "line 8: question 'role': unknown type 'choice'" in out
    assert "line 12: question 'speaker': 'required' must be true or false" in out
    assert "line 20: 'idea': 'label' is missing" in out
    assert "Error: many.yaml was not imported (4 problem(s))." in out
    assert table_rows(app) == before


def test_an_xlsform_with_two_bad_rows_names_both_rows() -> None:
    survey = [row if row[1] != "role_other" else (row[0], "token", *row[2:]) for row in SURVEY]
    survey.insert(3, ("text", "csrf_token", "ชื่อ", "Name", *([None] * 6)))
    with pytest.raises(TransferError) as refused:
        read_questionnaire(workbook(survey), "two.xlsx")
    problems = refused.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("survey, row 4: question id 'csrf_token' is reserved")
    assert problems[1].startswith("survey, row 6: question id 'token' is reserved")
    assert all("สงวน" in problem for problem in refused.value.problems_th)
