"""The questionnaire editor's forms as questionnaire data and back: labels in three languages,
choices, scale levels and ends, conditions; every typed text through the intake gate."""

from __future__ import annotations

from typing import Any

from wtforms.fields.choices import SelectChoice

from analysis.questionnaire import edit
from analysis.questionnaire.model import CHOICE_TYPES
from analysis.questionnaire.model import LANGUAGES
from analysis.questionnaire.model import TEXT_TYPES
from analysis.text.intake import intake_text

Data = dict[str, Any]
SCALE_TYPES = frozenset({"likert", "before_after"})
END_TYPES = frozenset({"rating", "nps"})
EXTRA_OPTION_ROWS = 3


def intake(text: str) -> str:
    """Return text typed in the editor as it may be stored (the intake gate,
    ``analysis.text.intake``): a label of nothing but invisible characters is empty. The loader
    passes every text of a questionnaire through the same gate, imports included."""
    return intake_text(text)


def texts(form: Any, name: str) -> dict[str, str] | None:
    """Return a label's translations from the form's `<name>_th/_en/_ms` fields (None: empty)."""
    found = {lang: intake(form[f"{name}_{lang}"].data or "") for lang in LANGUAGES}
    kept = {lang: text for lang, text in found.items() if text}
    return kept or None


def text_values(name: str, value: Any) -> dict[str, str]:
    """Return a label (text or translations) as the form's `<name>_th/_en/_ms` values."""
    if isinstance(value, str):
        value = {"th": value}
    value = value or {}
    return {f"{name}_{lang}": value.get(lang, "") for lang in LANGUAGES}


def condition_choices(
    data: Data, before: str | None = None, section: str | None = None, through: str | None = None
) -> list[SelectChoice]:
    """Return a checkbox per option of the choice questions a condition may name: those before
    the question `before`, or before the section `section`, or up to the end of the section
    `through` (a question being added there), or all."""
    found: list[SelectChoice] = []
    for s in data["sections"]:
        if section is not None and s["id"] == section:
            break
        for q in s["questions"]:
            if q.get("id") == before:
                return found
            if q.get("type") in CHOICE_TYPES:
                group = f"{q['id']}: {thai(q.get('label'))}"
                for option in q.get("options", []):
                    value = f"{q['id']}={option.get('value')}"
                    found.append(SelectChoice(value, thai(option.get("label")), optgroup=group))
        if through is not None and s["id"] == through:
            break
    return found


def thai(label: Any) -> str:
    if isinstance(label, dict):
        return str(label.get("th") or next(iter(label.values()), ""))
    return str(label or "")


def condition_from(values: list[str]) -> Data | str | None:
    """Return the `show_if` of checked "question=value" boxes; a Thai problem when they name
    several questions."""
    pairs = [v.split("=", 1) for v in values if "=" in v]
    if not pairs:
        return None
    questions = {q for q, _ in pairs}
    if len(questions) > 1:
        return "เลือกคำตอบจากคำถามเดียว (ข้อนี้แสดงเมื่อคำถามนั้นตอบตรงกับข้อใดข้อหนึ่งที่เลือก)"
    return {"question": pairs[0][0], "values": [v for _, v in pairs]}


def condition_values(show_if: Any) -> list[str]:
    """Return a `show_if` as the checked "question=value" boxes."""
    if not isinstance(show_if, dict):
        return []
    values = show_if.get("values", [])
    values = values if isinstance(values, list) else [values]
    return [f"{show_if.get('question')}={v}" for v in values]


def question_values(question: Data, section: str) -> dict[str, Any]:
    """Return a stored question as the question form's data."""
    values: dict[str, Any] = {
        "id": question.get("id", ""),
        "type": question.get("type", "likert"),
        "section": section,
        "required": bool(question.get("required")),
        "min": question.get("min"),
        "max": question.get("max"),
        "max_length": question.get("max_length"),
        "opinion": {True: "yes", False: "no"}.get(bool(question["opinion"]), "")
        if isinstance(question.get("opinion"), bool)
        else "",
        "show_if": condition_values(question.get("show_if")),
        **text_values("label", question.get("label")),
        **text_values("help", question.get("help")),
        **text_values("min_label", question.get("min_label")),
        **text_values("max_label", question.get("max_label")),
    }
    levels = question.get("scale") or []
    for lang in LANGUAGES:
        values[f"scale_{lang}"] = "\n".join(
            (level.get(lang, "") if isinstance(level, dict) else (level if lang == "th" else ""))
            for level in levels
        ).strip()
    rows: list[dict[str, str]] = []
    for option in question.get("options", []):
        label = option.get("label")
        label = {"th": label} if isinstance(label, str) else (label or {})
        rows.append(
            {"value": str(option.get("value", ""))} | {k: label.get(k, "") for k in LANGUAGES}
        )
    values["options"] = rows + [{}] * EXTRA_OPTION_ROWS
    return values


def question_data(form: Any) -> tuple[Data, dict[str, str]]:
    """Return the question a question form describes, and problems found before the loader's
    checks (field name -> Thai message)."""
    problems: dict[str, str] = {}
    qtype = form.type.data
    data: Data = {"id": intake(form.id.data or ""), "type": qtype}
    data["label"] = texts(form, "label") or ""
    helped = texts(form, "help")
    if helped:
        data["help"] = helped
    if form.required.data:
        data["required"] = True
    data.update(_typed(form, qtype))
    condition = condition_from(form.show_if.data or [])
    if isinstance(condition, str):
        problems["show_if"] = condition
    elif condition is not None:
        data["show_if"] = condition
    return data, problems


def _typed(form: Any, qtype: str) -> Data:
    """Return what only some types have: options, scale levels, range, ends, length limit."""
    data: Data = {}
    if qtype in CHOICE_TYPES:
        data["options"] = _options(form)
    if qtype in SCALE_TYPES and _levels(form):
        data["scale"] = _levels(form)
    if qtype == "rating":
        data["min"] = form.min.data if form.min.data is not None else 1
        data["max"] = form.max.data if form.max.data is not None else 10
    if qtype in END_TYPES:
        for end in ("min_label", "max_label"):
            found = texts(form, end)
            if found:
                data[end] = found
    if qtype in TEXT_TYPES and form.max_length.data is not None:
        data["max_length"] = form.max_length.data
    if qtype in TEXT_TYPES and form.opinion.data in ("yes", "no"):
        data["opinion"] = form.opinion.data == "yes"
    return data


def _options(form: Any) -> list[Data]:
    rows: list[Data] = []
    taken: list[str] = []
    for row in form.options:
        label = {lang: intake(row[lang].data or "") for lang in LANGUAGES}
        label = {k: v for k, v in label.items() if v}
        value = intake(row["value"].data or "")
        if not label and not value:
            continue
        if not value:
            value = edit.free_id(taken, f"o{len(rows) + 1}")
        taken.append(value)
        rows.append({"value": value, "label": label or ""})
    return rows


def _levels(form: Any) -> list[Any]:
    columns = {lang: (form[f"scale_{lang}"].data or "").splitlines() for lang in LANGUAGES}
    columns = {lang: [intake(x) for x in lines if intake(x)] for lang, lines in columns.items()}
    count = len(columns["th"]) or max(len(lines) for lines in columns.values())
    return [
        {lang: lines[i] for lang, lines in columns.items() if i < len(lines)} for i in range(count)
    ]
