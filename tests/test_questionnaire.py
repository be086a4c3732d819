"""The questionnaire loader: shipped templates load; broken files name the file, line and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.questionnaire.load import QuestionnaireError
from analysis.questionnaire.load import load_directory
from analysis.questionnaire.load import load_questionnaire
from analysis.questionnaire.model import QUESTION_TYPES
from analysis.questionnaire.model import Questionnaire
from tests.conftest import QUESTIONNAIRES

GOOD = """\
id: tiny
title: {th: แบบสอบถามสั้น, en: Short form}
languages: [th, en]
sections:
  - id: main
    title: ส่วนเดียว
    questions:
      - id: speaker
        type: likert
        required: true
        label: {th: วิทยากร, en: Speaker}
      - id: idea
        type: long_text
        label: ข้อเสนอแนะ
"""


def write(tmp_path: Path, text: str, name: str = "form.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_templates_load_with_every_part_of_the_standard_thai_form() -> None:
    found = load_directory(QUESTIONNAIRES)
    evaluation = found["workshop_evaluation"]
    ids = {q.id for q in evaluation.questions}
    assert {"gender", "age_band", "position", "agency", "province"} <= ids
    assert {"speaker", "content", "duration", "venue", "food", "documents"} <= ids
    assert {
        "knowledge",
        "usefulness",
        "application",
        "opinion",
        "suggestion",
        "local_problem",
    } <= ids
    speaker = evaluation.question("speaker")
    assert [o.label.get("th") for o in speaker.options] == [
        "มากที่สุด",
        "มาก",
        "ปานกลาง",
        "น้อย",
        "น้อยที่สุด",
    ]
    assert [o.value for o in speaker.options] == ["5", "4", "3", "2", "1"]
    assert evaluation.question("knowledge").columns == ("knowledge__before", "knowledge__after")
    positions = [o.label.get("th") for o in evaluation.question("position").options]
    assert "ปลัดอำเภอ" in positions
    assert "เจ้าหน้าที่ปกครอง" in positions
    assert evaluation.languages == ("th", "en", "ms")
    used = {q.type for form in found.values() for q in form.questions}
    assert used == set(QUESTION_TYPES) - {"rating"}


def test_labels_fall_back_to_thai_when_a_translation_is_missing(tmp_path: Path) -> None:
    form = load_questionnaire(write(tmp_path, GOOD))
    assert form.question("speaker").label.get("en") == "Speaker"
    assert form.question("idea").label.get("en") == "ข้อเสนอแนะ"
    assert form.question("idea").label.get("ms") == "ข้อเสนอแนะ"


def test_a_questionnaire_round_trips_through_plain_data(tmp_path: Path) -> None:
    form = load_questionnaire(write(tmp_path, GOOD))
    again = Questionnaire.from_dict(form.to_dict())
    assert again == form
    assert again.columns == ("speaker", "idea")


def test_json_files_load_too(tmp_path: Path) -> None:
    text = '{"id": "j", "title": "แบบ", "sections": [{"id": "s", "title": "ส่วน", '
    text += '"questions": [{"id": "n", "type": "nps", "label": "แนะนำ"}]}]}'
    form = load_questionnaire(write(tmp_path, text, "form.json"))
    assert [o.value for o in form.question("n").options][:2] == ["10", "9"]


BROKEN = [
    (GOOD.replace("type: likert", "type: likret"), 8, "unknown type 'likret'"),
    (GOOD.replace("id: idea", "id: speaker"), 12, "question id 'speaker' is used twice"),
    (GOOD.replace("        label: ข้อเสนอแนะ\n", ""), 12, "'idea': 'label' is missing"),
    (GOOD.replace("languages: [th, en]", "languages: [th, fr]"), 1, "languages must be"),
    (GOOD.replace("{th: วิทยากร, en: Speaker}", "{th: วิทยากร, xx: Speaker}"), 8, "unknown language"),
    (GOOD.replace("type: long_text", "type: single_choice"), 12, "needs 'options'"),
    (GOOD.replace("title: ส่วนเดียว", "title: [ส่วนเดียว"), 7, "not valid YAML"),
    (GOOD.replace("required: true", "required: maybe"), 8, "'required' must be true or false"),
    (GOOD.replace("    questions:\n", "    questions: []\n    x:\n"), 5, "unknown key 'x'"),
    (GOOD.replace("id: tiny", "id: Tiny Form"), 1, "needs an 'id'"),
]


@pytest.mark.parametrize(("text", "line", "problem"), BROKEN)
def test_a_broken_file_names_the_file_the_line_and_the_problem(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write(tmp_path, text))
    assert caught.value.source == "form.yaml"
    assert caught.value.line == line
    assert problem in caught.value.problem
    assert str(caught.value).startswith(f"form.yaml, line {line}: ")


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "tis620.yaml"
    path.write_bytes(GOOD.encode("utf-8").replace("วิทยากร".encode(), "วิทยากร".encode("tis-620")))
    with pytest.raises(QuestionnaireError, match=r"tis620\.yaml: the file is not UTF-8"):
        load_questionnaire(path)


def test_two_files_with_one_id_are_refused(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(QuestionnaireError, match=r"b\.yaml.*'tiny' is used twice"):
        load_directory(tmp_path)


MANY_MISTAKES = """\
id: tiny
version: 0
title: แบบสอบถามสั้น
sections:
  - id: main
    title: ส่วนแรก
    questions:
      - id: role
        type: choice
        label: บทบาท
        options: [ปลัด, กำนัน]
      - id: speaker
        type: likert
        required: yes please
        label: วิทยากร
  - id: more
    title: ส่วนที่สอง
    show_if: {question: role, values: [ปลัด]}
    questions:
      - id: idea
        type: long_text
"""


def test_every_mistake_in_a_file_is_named_at_once_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write(tmp_path, MANY_MISTAKES))
    found = [(p.line, p.item, p.field) for p in caught.value.problems]
    # version, the unknown type, 'required', the missing label: four rounds of fixing before,
    # one now. The section shown only for a refused question gets no second, misleading error.
    assert found == [
        (1, None, "version"),
        (8, "role", "type"),
        (12, "speaker", "required"),
        (20, "idea", "label"),
    ]
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert lines[1].startswith("form.yaml, line 8: question 'role': unknown type 'choice'")
    assert all(p.problem_th for p in caught.value.problems)


def test_a_file_with_one_mistake_still_reads_as_before(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(write(tmp_path, GOOD.replace("type: long_text", "type: essay")))
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0] is caught.value
    assert str(caught.value).count("\n") == 0
