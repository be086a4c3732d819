"""What the questionnaire editor does, as plain data: one checked save (the loader's checks, then
the store's version and conflict rules), what changed since a page was opened, said in Thai,
and the questionnaire as the editor lists it. Forms to data and back: survey.editor_fields."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from flask import current_app

from analysis.dates import local_time
from analysis.questionnaire import edit
from analysis.questionnaire.load import QuestionnaireError
from analysis.questionnaire.validate import validate_questionnaire
from survey import store
from survey.editor_fields import Data
from survey.editor_fields import thai
from survey.editor_forms import TYPE_NAMES

# The loader's key at fault -> the editor's field that shows the problem.
FIELD_OF_KEY = {
    "label": "label_th",
    "help": "help_th",
    "title": "title_th",
    "intro": "intro_th",
    "scale": "scale_th",
    "min_label": "min_label_th",
    "max_label": "max_label_th",
    "min": "max",
}
KEY_NAMES = {
    "label": "ข้อความคำถาม",
    "help": "คำอธิบาย",
    "options": "ตัวเลือก",
    "required": "การบังคับตอบ",
    "type": "ชนิด",
    "show_if": "เงื่อนไขการแสดง",
    "max_length": "ความยาว",
    "scale": "ระดับ",
    "min": "ค่าต่ำสุด",
    "max": "ค่าสูงสุด",
    "min_label": "ความหมายของค่าต่ำสุด",
    "max_label": "ความหมายของค่าสูงสุด",
    "title": "ชื่อ",
    "intro": "คำชี้แจง",
    "languages": "ภาษา",
}


@dataclass
class Outcome:
    """What a save did: saved (with the store's result), refused by the checks (``error``
    about the loader's ``key`` of ``item``), or refused because someone saved first (``conflict``: what they changed)."""

    saved: dict[str, Any] | None = None
    error: str | None = None
    key: str | None = None
    item: str | None = None
    conflict: list[str] = field(default_factory=list)
    current: dict[str, Any] | None = None


def save(
    row: Mapping[str, Any], change: Callable[[Data], Data], base_revision: int, user_id: int | None
) -> Outcome:
    """Apply `change` to the questionnaire as stored now and save it, checked by the loader.

    A page opened on an older revision is refused with what changed since, so nobody's change
    is lost silently; the change itself is not applied.
    """
    if base_revision != row["revision"]:
        return Outcome(conflict=changed_since(row, base_revision), current=dict(row))
    try:
        candidate = change(dict(row["definition"]))
        questionnaire = validate_questionnaire(candidate, "editor")
    except QuestionnaireError as problem:
        return Outcome(error=problem.problem_th, key=problem.field, item=problem.item)
    try:
        saved = store.save_questionnaire(row["id"], questionnaire, base_revision, user_id)
    except store.RevisionConflictError as conflict:
        return Outcome(
            conflict=changed_since(conflict.current, base_revision), current=conflict.current
        )
    except store.KindChangedError as refused:
        qid, kind = refused.changes[0]
        return Outcome(
            error=f"คำถาม '{qid}' มีผู้ตอบแล้วในชนิด “{TYPE_NAMES.get(kind, kind)}” "
            "เปลี่ยนชนิดหรือช่วงคะแนนไม่ได้ เพราะคำตอบเดิมจะมีความหมายต่างไป "
            "กรุณาเพิ่มเป็นคำถามใหม่แทน",
            key="type",
            item=qid,
        )
    return Outcome(saved=saved)


def changed_since(row: Mapping[str, Any], base_revision: int) -> list[str]:
    """Return, in Thai, what was saved after `base_revision` and by whom."""
    base = store.questionnaire_revision(row["id"], base_revision)
    if base is None:
        return ["แบบประเมินถูกแก้ไขไปแล้ว"]
    lines = describe(edit.changes(base["definition"], row["definition"]))
    saved_by = store.user_by_id(row["updated_by"]) if row.get("updated_by") else None
    who = saved_by["username"] if saved_by else "ผู้อื่น"
    when = local_time(row["updated_at"], current_app.config["TIMEZONE"]).strftime("%H:%M")
    return [f"{who} บันทึกเมื่อ {when} น.", *lines]


def describe(found: list[tuple[str, str, tuple[str, ...]]]) -> list[str]:
    """Return each change as one Thai line."""
    lines = []
    for kind, item, keys in found:
        what = ", ".join(KEY_NAMES.get(k, k) for k in keys)
        lines.append(
            {
                "title": "แก้ชื่อแบบประเมิน",
                "settings": f"แก้{KEY_NAMES.get(item, item)}",
                "section added": f"เพิ่มส่วน '{item}'",
                "section removed": f"ลบส่วน '{item}'",
                "section changed": f"แก้ไขส่วน '{item}' ({what})",
                "sections moved": "ย้ายลำดับส่วน",
                "question added": f"เพิ่มคำถาม '{item}'",
                "question removed": f"ลบคำถาม '{item}'",
                "question changed": f"แก้ไขคำถาม '{item}' ({what})",
                "questions moved": "ย้ายลำดับคำถาม",
            }[kind]
        )
    return lines


def summary(data: Data) -> list[dict[str, Any]]:
    """Return each section of stored questionnaire data with its questions as the editor lists
    them: id, type name, Thai label, required, and the condition in words."""
    labels = {
        q["id"]: (
            thai(q.get("label")),
            {str(o.get("value")): thai(o.get("label")) for o in q.get("options", [])},
        )
        for s in data["sections"]
        for q in s["questions"]
    }

    def said(show_if: Any) -> str | None:
        if not isinstance(show_if, dict):
            return None
        label, options = labels.get(show_if.get("question"), ("?", {}))
        values = show_if.get("values", [])
        values = values if isinstance(values, list) else [values]
        return f"“{label}” ตอบ " + " หรือ ".join(options.get(str(v), str(v)) for v in values)

    return [
        {
            "id": s["id"],
            "title": thai(s.get("title")),
            "condition": said(s.get("show_if")),
            "questions": [
                {
                    "id": q["id"],
                    "type": TYPE_NAMES.get(q.get("type", ""), q.get("type")),
                    "label": thai(q.get("label")),
                    "required": bool(q.get("required")),
                    "condition": said(q.get("show_if")),
                }
                for q in s["questions"]
            ],
        }
        for s in data["sections"]
    ]
