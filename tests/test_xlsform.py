"""XLSForm in and out through pyxform: a form written for this test (Thai and English labels,
groups, a choices list, required, relevant) imported and exported again; what Sala cannot show
refused with its sheet, row and type; YAML and JSON both ways."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.transfer import TransferError
from analysis.questionnaire.transfer import export_bytes
from analysis.questionnaire.transfer import read_questionnaire
from tests.test_questionnaire_conditions import conditional

SURVEY = [
    (
        "type",
        "name",
        "label::Thai (th)",
        "label::English (en)",
        "hint::Thai (th)",
        "required",
        "relevant",
        "appearance",
        "constraint",
        "parameters",
    ),
    ("start", "start", None, None, None, None, None, None, None, None),
    ("begin_group", "about", "เกี่ยวกับท่าน", "About you", None, None, None, None, None, None),
    ("select_one role", "role", "ตำแหน่ง", "Position", "เลือกหนึ่งข้อ", "yes", None, None, None, None),
    (
        "text",
        "role_other",
        "ตำแหน่งอื่น โปรดระบุ",
        "Other position",
        None,
        "yes",
        "${role} = 'other'",
        None,
        "string-length(.) <= 80",
        None,
    ),
    ("select_multiple topic", "topics", "เรื่องที่สนใจ", "Topics", None, None, None, None, None, None),
    ("end_group", "about", None, None, None, None, None, None, None, None),
    (
        "begin_group",
        "roads",
        "ถนน",
        "Roads",
        None,
        None,
        "selected(${topics}, 'roads') or selected(${topics}, 'bridges')",
        None,
        None,
        None,
    ),
    (
        "range",
        "road_score",
        "สภาพถนน",
        "Road condition",
        None,
        "yes",
        None,
        None,
        None,
        "start=1 end=5 step=1",
    ),
    (
        "integer",
        "trips",
        "เดินทางกี่ครั้งต่อสัปดาห์",
        "Trips a week",
        None,
        None,
        None,
        None,
        ". >= 0 and . <= 14",
        None,
    ),
    (
        "text",
        "road_note",
        "ถนนสายใด ชำรุดอย่างไร",
        "Which road?",
        None,
        None,
        None,
        "multiline",
        None,
        None,
    ),
    ("end_group", "roads", None, None, None, None, None, None, None, None),
]
CHOICES = [
    ("list_name", "name", "label::Thai (th)", "label::English (en)"),
    ("role", "officer", "ปลัดอำเภอ", "District officer"),
    ("role", "leader", "ผู้นำท้องที่", "Local leader"),
    ("role", "other", "อื่น ๆ", "Other"),
    ("topic", "water", "น้ำประปา", "Water"),
    ("topic", "roads", "ถนน", "Roads"),
    ("topic", "bridges", "สะพาน", "Bridges"),
]
SETTINGS = [("form_id", "form_title", "version"), ("pattani_roads", "สำรวจถนน ปัตตานี", "2026113001")]


def workbook(survey: list[tuple[Any, ...]], choices: list[tuple[Any, ...]] = CHOICES) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in (("survey", survey), ("choices", choices), ("settings", SETTINGS)):
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsform_with_groups_choices_required_and_relevant_is_read() -> None:
    form = read_questionnaire(workbook(SURVEY), "roads.xlsx")
    assert form.id == "pattani_roads"
    assert form.title.get() == "สำรวจถนน ปัตตานี"
    assert form.languages == ("th", "en")
    assert [s.id for s in form.sections] == ["about", "roads"]
    role = form.question("role")
    assert role.type == "single_choice"
    assert role.required
    assert role.label.get("en") == "Position"
    assert role.help is not None
    assert role.help.get() == "เลือกหนึ่งข้อ"
    assert next((o.value, o.label.get("th")) for o in role.options) == ("officer", "ปลัดอำเภอ")
    other = form.question("role_other")
    assert other.type == "short_text"
    assert other.max_length == 80
    assert other.condition is not None
    assert (other.condition.question, other.condition.values) == ("role", ("other",))
    roads = form.section("roads")
    assert roads.condition is not None
    assert roads.condition.values == ("roads", "bridges")
    score = form.question("road_score")
    assert (score.type, score.scale_min, score.scale_max) == ("rating", 1, 5)
    trips = form.question("trips")
    assert (trips.type, trips.scale_min, trips.scale_max) == ("rating", 0, 14)
    assert form.question("road_note").type == "long_text"
    assert form.question("topics").type == "multiple_choice"


def test_an_xlsform_exported_again_reads_back_the_same_and_converts_to_an_xform() -> None:
    form = read_questionnaire(workbook(SURVEY), "roads.xlsx")
    written = export_bytes(form, "xlsform")
    sheets = load_workbook(io.BytesIO(written)).sheetnames
    assert sheets == ["survey", "choices", "settings"]
    again = read_questionnaire(written, "again.xlsx")
    assert again == form
    xform = convert(xlsform=io.BytesIO(written), file_type=".xlsx").xform
    assert "pattani_roads" in xform
    assert "selected( /pattani_roads/about/topics , 'roads')" in xform or "selected(" in xform


def test_every_sala_type_goes_out_to_xlsform_and_comes_back() -> None:
    data = conditional()
    data["sections"][0]["questions"] += [
        {
            "id": "speaker",
            "type": "likert",
            "required": True,
            "label": {"th": "วิทยากร", "en": "Speaker"},
        },
        {"id": "knowledge", "type": "before_after", "label": {"th": "ความรู้", "en": "Knowledge"}},
        {"id": "score", "type": "rating", "min": 1, "max": 7, "label": "คะแนน"},
    ]
    data["sections"][1]["questions"][0].pop("min_label")
    data["sections"][1]["questions"][0].pop("max_label")
    data.pop("intro")
    form = Questionnaire.from_dict(data)
    written = export_bytes(form, "xlsform")
    back = read_questionnaire(written, "every.xlsx")
    assert [(q.id, q.type) for q in back.questions] == [(q.id, q.type) for q in form.questions]
    assert back.question("knowledge").columns == ("knowledge__before", "knowledge__after")
    assert back.question("knowledge").label.get("en") == "Knowledge"
    for lang in form.languages:  # the languages the form is in go out and come back
        assert [(o.value, o.label.get(lang)) for o in back.question("speaker").options] == [
            (o.value, o.label.get(lang)) for o in form.question("speaker").options
        ]
    assert back.section("leaders").condition == form.section("leaders").condition
    convert(xlsform=io.BytesIO(written), file_type=".xlsx")  # a valid XLSForm: pyxform builds it


def test_a_repeat_and_a_calculation_are_refused_with_their_sheet_and_row() -> None:
    survey = [
        *SURVEY[:6],
        ("begin_repeat", "visits", "การเยี่ยม", "Visits", None, None, None, None, None, None),
        ("text", "village", "หมู่บ้าน", "Village", None, None, None, None, None, None),
        ("end_repeat", "visits", None, None, None, None, None, None, None, None),
        ("calculate", "total", None, None, None, None, None, None, None, None),
        ("geopoint", "where", "ตำแหน่ง", "Location", None, None, None, None, None, None),
        *SURVEY[6:],
    ]
    with pytest.raises(TransferError) as refused:
        read_questionnaire(workbook(survey), "visits.xlsx")
    problems = refused.value.problems
    assert "survey, row 7: type 'begin_repeat' ('visits') is not something Sala can ask" in problems
    assert "survey, row 10: type 'calculate' ('total') is not something Sala can ask" in problems
    assert "survey, row 11: type 'geopoint' ('where') is not something Sala can ask" in problems
    assert len(problems) == 3  # the repeat is one problem, not one for its end too


def test_an_expression_beyond_the_simple_kind_is_refused_with_its_row() -> None:
    survey = list(SURVEY)
    survey[4] = (*SURVEY[4][:6], "${role} != 'other' and ${topics} = 'x'", *SURVEY[4][7:])
    with pytest.raises(TransferError) as refused:
        read_questionnaire(workbook(survey), "bad.xlsx")
    [problem] = refused.value.problems
    assert problem.startswith("survey, row 5: type 'text' ('role_other'): relevant")


def test_a_language_sala_does_not_have_is_refused() -> None:
    survey = [(*row, "Étiquette" if i else "label::French (fr)") for i, row in enumerate(SURVEY)]
    with pytest.raises(TransferError) as refused:
        read_questionnaire(workbook(survey), "fr.xlsx")
    assert refused.value.problems == [
        "survey, row 1: column 'label::French (fr)': language 'French (fr)' is not th, en or ms"
    ]


def test_a_bad_form_id_is_refused_naming_the_settings() -> None:
    settings = list(SETTINGS)
    SETTINGS[1] = ("ถนนปัตตานี", "สำรวจถนน", "1")  # nothing to make an id of
    try:
        with pytest.raises(TransferError) as refused:
            read_questionnaire(workbook(SURVEY), "id.xlsx")
    finally:
        SETTINGS[:] = settings
    assert refused.value.problems[0].startswith("settings: questionnaire needs an 'id'")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_yaml_and_json_go_out_and_come_back(fmt: str) -> None:
    form = Questionnaire.from_dict(conditional())
    back = read_questionnaire(export_bytes(form, fmt), f"form.{fmt}")
    assert back == form
    assert back.question("recommend").max_label == form.question("recommend").max_label


def test_a_broken_yaml_file_is_refused_with_its_line() -> None:
    with pytest.raises(TransferError) as refused:
        read_questionnaire(b"id: x\nsections: [\n", "broken.yaml")
    assert refused.value.problems[0].startswith("line 3: not valid YAML/JSON")
