"""XLSForm written from a questionnaire: survey, choices and settings sheets that open in
KoboToolbox. A ``sala_type`` column carries Sala's own types (likert, before/after, 0-10,
ratings), so a file written here reads back as the same questionnaire
(``analysis.questionnaire.xlsform``).
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from analysis.questionnaire.model import LANGUAGES
from analysis.questionnaire.model import PAIR_LABELS
from analysis.questionnaire.model import PAIR_SUFFIXES
from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.model import Text
from analysis.questionnaire.xlsform import LANGUAGE_COLUMNS

# What Excel reads as the start of a formula: the rule of analysis.export, which this package sits
# below (a test keeps the two the same).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The meaning of a scale's two ends, in columns of their own that Sala reads back (KoboToolbox
# ignores them; it shows the same words, which the hint carries too).
END_COLUMNS = ("sala_min_label", "sala_max_label")
SURVEY_COLUMNS = (
    "type",
    "name",
    "required",
    "relevant",
    "appearance",
    "constraint",
    "parameters",
    "sala_type",
)


def _labels(text: Text | None, prefix: str) -> dict[str, str]:
    if text is None:
        return {}
    return {
        f"{prefix}::{LANGUAGE_COLUMNS[lang]}": value for lang, value in text.translations.items()
    }


def _relevant(questionnaire: Questionnaire, condition: Any) -> str:
    if condition is None:
        return ""
    multiple = questionnaire.question(condition.question).type == "multiple_choice"
    pattern = "selected(${{{q}}}, '{v}')" if multiple else "${{{q}}} = '{v}'"
    return " or ".join(pattern.format(q=condition.question, v=v) for v in condition.values)


def _question_rows(
    questionnaire: Questionnaire, q: Question
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Return the survey rows and the choices rows of one question."""
    base = {
        "name": q.id,
        "required": "yes" if q.required else "",
        "relevant": _relevant(questionnaire, q.condition),
        **_labels(q.label, "label"),
        **_labels(_with_ends(q), "hint"),
    }
    choices = [{"list_name": q.id, "name": o.value, **_labels(o.label, "label")} for o in q.options]
    if q.type in ("single_choice", "multiple_choice"):
        kind = "select_one" if q.type == "single_choice" else "select_multiple"
        return [base | {"type": f"{kind} {q.id}"}], choices
    if q.type == "likert":
        return [base | {"type": f"select_one {q.id}", "sala_type": "likert"}], choices
    if q.type == "before_after":
        rows = []
        for part in PAIR_SUFFIXES:
            labels = {
                key: f"{value} ({PAIR_LABELS[part].get(key.split('(')[-1][:2], PAIR_LABELS[part]['th'])})"
                for key, value in _labels(q.label, "label").items()
            }
            rows.append(
                base
                | labels
                | {
                    "name": f"{q.id}__{part}",
                    "type": f"select_one {q.id}",
                    "sala_type": "before_after",
                }
            )
        return rows, choices
    if q.is_rating:
        params = f"start={q.scale_min} end={q.scale_max} step=1"
        ends = _labels(q.min_label, END_COLUMNS[0]) | _labels(q.max_label, END_COLUMNS[1])
        return [base | ends | {"type": "range", "parameters": params, "sala_type": q.type}], []
    extra = {"appearance": "multiline"} if q.type == "long_text" else {}
    limit = {"constraint": f"string-length(.) <= {q.max_length}"} if q.max_length else {}
    return [base | {"type": "text"} | extra | limit], []


def _with_ends(q: Question) -> Text | None:
    """Return a question's help with the meaning of its scale's ends added (XLSForm has no place
    of its own for them)."""
    if q.min_label is None and q.max_label is None:
        return q.help
    languages = {
        *(q.help.translations if q.help else {}),
        *(q.min_label.translations if q.min_label else {}),
        *(q.max_label.translations if q.max_label else {}),
    }
    texts = {}
    for lang in sorted(languages, key=LANGUAGES.index):
        parts = [q.help.get(lang)] if q.help else []
        if q.min_label:
            parts.append(f"{q.scale_min} = {q.min_label.get(lang)}")
        if q.max_label:
            parts.append(f"{q.scale_max} = {q.max_label.get(lang)}")
        texts[lang] = " · ".join(p for p in parts if p)
    return Text(texts)


def write_xlsform(questionnaire: Questionnaire) -> bytes:
    """Return the questionnaire as an XLSForm workbook (survey, choices, settings sheets)."""
    survey: list[dict[str, str]] = []
    choices: list[dict[str, str]] = []
    for section in questionnaire.sections:
        survey.append(
            {
                "type": "begin_group",
                "name": section.id,
                "relevant": _relevant(questionnaire, section.condition),
                **_labels(section.title, "label"),
            }
        )
        for question in section.questions:
            rows, options = _question_rows(questionnaire, question)
            survey += rows
            choices += options
        survey.append({"type": "end_group", "name": section.id})
    languages = [LANGUAGE_COLUMNS[lang] for lang in questionnaire.languages]
    with_ends = any(q.min_label or q.max_label for q in questionnaire.questions)
    survey_columns = [
        *SURVEY_COLUMNS[:2],
        *(f"label::{lang}" for lang in languages),
        *(f"hint::{lang}" for lang in languages),
        *SURVEY_COLUMNS[2:],
        *(f"{end}::{lang}" for end in END_COLUMNS if with_ends for lang in languages),
    ]
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    _sheet(workbook, "survey", survey_columns, survey)
    _sheet(
        workbook,
        "choices",
        ["list_name", "name", *(f"label::{lang}" for lang in languages)],
        choices,
    )
    settings = {
        "form_id": questionnaire.id,
        "form_title": questionnaire.title.get("th"),
        "version": str(questionnaire.version),
        "default_language": LANGUAGE_COLUMNS["th"],
        **_labels(questionnaire.title, "sala_title"),
        **_labels(questionnaire.intro, "sala_intro"),
    }
    _sheet(workbook, "settings", list(settings), [settings])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(workbook: Workbook, name: str, columns: list[str], rows: list[dict[str, str]]) -> None:
    sheet = workbook.create_sheet(name)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            value = row.get(column)
            if value:
                _text_cell(sheet.cell(number, index), value)


def _text_cell(cell: Any, value: str) -> None:
    """Write text as text: one Excel would run as a formula (=, +, -, @, tab, CR first; see
    FORMULA_PREFIXES) is a string cell with Excel's own quote prefix (what
    typing ' before it makes), so it shows and reads back as typed and never runs."""
    cell.value = value
    if value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True
