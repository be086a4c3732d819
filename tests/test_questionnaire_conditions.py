"""Conditions, scale ends and versions in the questionnaire model: what is shown for which answers,
the pages a form splits into without JavaScript, and answers of several versions read as one."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from analysis.questionnaire.conditions import has_conditions
from analysis.questionnaire.conditions import pages
from analysis.questionnaire.conditions import visible_questions
from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.validate import QuestionnaireError
from analysis.questionnaire.validate import validate_questionnaire
from analysis.questionnaire.versions import kind_changes
from analysis.questionnaire.versions import merge_versions

ROLES = [
    {"value": "officer", "label": {"th": "ปลัดอำเภอ", "en": "District officer"}},
    {"value": "leader", "label": {"th": "ผู้นำท้องที่", "en": "Local leader"}},
    {"value": "other", "label": "อื่น ๆ"},
]


def conditional() -> dict[str, Any]:
    """A form: role; what other role (only for 'other'); topics (multiple); a section shown for
    leaders; a rating with the meaning of its ends."""
    return {
        "id": "cond",
        "title": {"th": "แบบมีเงื่อนไข", "en": "Conditional"},
        "intro": {"th": "โปรดตอบตามจริง", "en": "Please answer honestly"},
        "languages": ["th", "en"],
        "sections": [
            {
                "id": "about",
                "title": "ผู้ตอบ",
                "questions": [
                    {"id": "role", "type": "single_choice", "label": "ตำแหน่ง", "options": ROLES},
                    {
                        "id": "role_other",
                        "type": "short_text",
                        "required": True,
                        "label": "ตำแหน่งอื่น โปรดระบุ",
                        "show_if": {"question": "role", "values": ["other"]},
                    },
                    {
                        "id": "topics",
                        "type": "multiple_choice",
                        "label": "หัวข้อที่สนใจ",
                        "options": [
                            {"value": "water", "label": "น้ำ"},
                            {"value": "roads", "label": "ถนน"},
                        ],
                    },
                    {
                        "id": "roads_where",
                        "type": "long_text",
                        "label": "ถนนสายใด",
                        "show_if": {"question": "topics", "values": ["roads"]},
                    },
                ],
            },
            {
                "id": "leaders",
                "title": "สำหรับผู้นำท้องที่",
                "show_if": {"question": "role", "values": ["leader"]},
                "questions": [
                    {
                        "id": "recommend",
                        "type": "nps",
                        "required": True,
                        "label": "จะแนะนำหรือไม่",
                        "min_label": {"th": "ไม่แนะนำเลย", "en": "Not at all"},
                        "max_label": {"th": "แนะนำอย่างยิ่ง", "en": "Certainly"},
                    }
                ],
            },
        ],
    }


def test_conditions_scale_ends_and_introduction_load() -> None:
    form = validate_questionnaire(conditional())
    other = form.question("role_other")
    assert other.condition is not None
    assert (other.condition.question, other.condition.values) == ("role", ("other",))
    assert form.section("leaders").condition is not None
    recommend = form.question("recommend")
    assert recommend.min_label is not None
    assert recommend.max_label is not None
    assert recommend.min_label.get("en") == "Not at all"
    assert recommend.max_label.get("th") == "แนะนำอย่างยิ่ง"
    assert form.intro is not None
    assert form.intro.get("en") == "Please answer honestly"
    assert Questionnaire.from_dict(form.to_dict()) == form


def test_visibility_follows_single_and_multiple_choice_answers() -> None:
    form = validate_questionnaire(conditional())
    base = {"role", "topics"}
    assert visible_questions(form, {}) == base
    assert visible_questions(form, {"role": ["other"]}) == base | {"role_other"}
    assert visible_questions(form, {"role": ["leader"]}) == base | {"recommend"}
    assert visible_questions(form, {"topics": ["water", "roads"]}) == base | {"roads_where"}
    assert visible_questions(form, {"topics": ["water"]}) == base


def test_a_condition_on_a_hidden_question_never_holds() -> None:
    data = conditional()
    data["sections"][1]["questions"].append(
        {
            "id": "area",
            "type": "single_choice",
            "label": "พื้นที่",
            "options": [{"value": "a", "label": "ก"}, {"value": "b", "label": "ข"}],
        }
    )
    data["sections"].append(
        {
            "id": "area_b",
            "title": "พื้นที่ ข",
            "questions": [
                {
                    "id": "b_note",
                    "type": "short_text",
                    "label": "หมายเหตุ",
                    "show_if": {"question": "area", "values": ["b"]},
                }
            ],
        }
    )
    form = validate_questionnaire(data)
    # 'area' is only for leaders: an answer sent for it by someone else counts for nothing.
    assert "b_note" not in visible_questions(form, {"role": ["officer"], "area": ["b"]})
    assert "b_note" in visible_questions(form, {"role": ["leader"], "area": ["b"]})


def test_pages_break_before_a_question_that_depends_on_the_same_page() -> None:
    form = validate_questionnaire(conditional())
    assert [[q.id for q in page] for page in pages(form)] == [
        ["role"],
        ["role_other", "topics"],
        ["roads_where", "recommend"],
    ]
    assert has_conditions(form)
    plain = copy.deepcopy(conditional())
    for section in plain["sections"]:
        section.pop("show_if", None)
        for question in section["questions"]:
            question.pop("show_if", None)
    assert len(pages(validate_questionnaire(plain))) == 1
    assert not has_conditions(validate_questionnaire(plain))


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            lambda d: d["sections"][0]["questions"][1].update(show_if={"question": "later"}),
            "show_if",
            "คำถาม",
        ),
        (
            lambda d: d["sections"][0]["questions"][1].update(
                show_if={"question": "role_other", "values": ["x"]}
            ),
            "show_if",
            "ก่อนหน้า",
        ),
        (
            lambda d: d["sections"][0]["questions"][1].update(
                show_if={"question": "role", "values": ["chief"]}
            ),
            "show_if",
            "'chief'",
        ),
        (
            lambda d: d["sections"][1].update(show_if={"question": "recommend", "values": ["1"]}),
            "show_if",
            "ก่อนหน้า",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(min_label="น้อย"),
            "min_label",
            "ปลายมาตรวัด",
        ),
        (
            lambda d: d["sections"][0]["questions"][1].update(max_length=0),
            "max_length",
            "ความยาวสูงสุด",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(options=ROLES[:1]),
            "options",
            "อย่างน้อยสองข้อ",
        ),
        (
            lambda d: d["sections"][0]["questions"][2].update(label={"th": " "}),
            "label",
            "ไม่ว่าง",
        ),
    ],
)
def test_a_broken_condition_or_field_names_the_question_and_field_in_thai(
    change: Any, field: str, words: str
) -> None:
    data = conditional()
    change(data)
    with pytest.raises(QuestionnaireError) as caught:
        validate_questionnaire(data)
    assert caught.value.field == field
    assert caught.value.item is not None
    assert words in caught.value.problem_th
    assert caught.value.problem  # and in English for files and the command line


def version(number: int, data: dict[str, Any]) -> Questionnaire:
    return validate_questionnaire({**data, "version": number})


def test_merged_versions_keep_removed_questions_in_place_and_the_newest_labels() -> None:
    first = conditional()
    second = copy.deepcopy(first)
    about = second["sections"][0]["questions"]
    del about[1]  # role_other removed in version 2
    about[0]["label"] = "ตำแหน่งปัจจุบัน"
    about[0]["options"] = [*ROLES[:2], {"value": "teacher", "label": "ครู"}]
    about.append({"id": "phone_use", "type": "likert", "label": "ใช้โทรศัพท์ตอบได้สะดวก"})
    merged = merge_versions([version(1, first), version(2, second)])
    assert merged.version == 2
    assert [v.version for v in merged.versions] == [1, 2]
    assert [q.id for q in merged.questions] == [
        "role",
        "role_other",
        "topics",
        "roads_where",
        "phone_use",
        "recommend",
    ]
    role = merged.question("role")
    assert role.label.get() == "ตำแหน่งปัจจุบัน"
    assert [o.value for o in role.options] == ["officer", "leader", "teacher", "other"]
    assert merged.question("role_other").label.get() == "ตำแหน่งอื่น โปรดระบุ"
    assert merge_versions([version(1, first)]) == version(1, first)


def test_a_question_whose_type_or_scale_changed_after_answers_is_found() -> None:
    first = conditional()
    second = copy.deepcopy(first)
    second["sections"][0]["questions"][2:] = [
        {"id": "topics", "type": "long_text", "label": "หัวข้อ"}
    ]
    second["sections"][1]["questions"][0] = {
        "id": "recommend",
        "type": "rating",
        "min": 1,
        "max": 5,
        "label": "คะแนน",
    }
    third = copy.deepcopy(first)
    third["sections"][0]["questions"][0]["options"] = [*ROLES, {"value": "x", "label": "ก"}]
    assert kind_changes([version(1, first)], version(2, second)) == [
        ("topics", "multiple_choice"),
        ("recommend", "nps"),
    ]
    assert kind_changes([version(1, first)], version(2, third)) == []
