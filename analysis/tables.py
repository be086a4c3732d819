"""The responses frame laid out for analysts: cleaned wide rows, long answers and a codebook."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd

from analysis.dates import thai_datetime
from analysis.questionnaire.model import MULTI_ANSWER_SEPARATOR
from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.versions import version_of
from analysis.responses import META_COLUMNS

Masker = Callable[[str], str]
MULTI_SEPARATOR = MULTI_ANSWER_SEPARATOR
THAI_TIME_COLUMN = "submitted_at_th"
LONG_COLUMNS = ("response_id", "question_id", "column", "value", "value_number", "value_label")
CODEBOOK_COLUMNS = (
    "version",
    "column",
    "question_id",
    "section_id",
    "type",
    "label",
    "code",
    "meaning",
)
# What each meta column holds, for the codebook.
META_MEANINGS = {
    "response_id": "เลขที่แบบตอบ (ไม่ซ้ำกัน)",
    "workshop_id": "รหัสกิจกรรม",
    "session_id": "รหัสช่วง/รุ่นของกิจกรรม",
    "session_code": "รหัสที่ผู้ตอบใช้เข้าแบบสอบถามของช่วงนั้น",
    "session_title": "ชื่อช่วง/หัวข้อของกิจกรรม",
    "day": "วันที่ของกิจกรรม (วันที่ 1, 2, ...)",
    "submitted_at": "วันเวลาที่ส่งแบบตอบ แบบ ISO 8601 เวลาประเทศไทย",
    THAI_TIME_COLUMN: "วันเวลาที่ส่งแบบตอบ แบบไทย (พุทธศักราช)",
    "language": "ภาษาที่ผู้ตอบใช้ (th ไทย, en อังกฤษ, ms มลายู)",
    "respondent_key": "รหัสนิรนามของผู้ตอบ ใช้เชื่อมแบบตอบของคนเดียวกันข้ามช่วง",
    "questionnaire_version": "รุ่นของแบบประเมินที่ผู้ตอบตอบ (ดูคำถามและตัวเลือกของรุ่นนั้นในสมุดรหัส)",
}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _rating_column(values: pd.Series) -> pd.Series:
    whole = values.dropna().map(float.is_integer).all()
    return values.astype("Int64") if whole else values


def _text_column(values: pd.Series, mask: Masker | None) -> pd.Series:
    def clean(value: Any) -> Any:
        if _missing(value):
            return None
        return mask(str(value)) if mask else str(value)

    return values.map(clean).astype(object)


def answer_column(values: pd.Series, question: Question, mask: Masker | None) -> pd.Series:
    """Return one answer column as written to a file: whole ratings as Int64, choices joined."""
    if question.is_rating:
        return _rating_column(values.astype("float64"))
    if question.type == "multiple_choice":
        return values.map(lambda v: MULTI_SEPARATOR.join(v) if v else None).astype(object)
    if question.is_text:
        return _text_column(values, mask)
    return values.map(lambda v: None if _missing(v) else str(v)).astype(object)


def cleaned_frame(
    frame: pd.DataFrame, questionnaire: Questionnaire, mask: Masker | None
) -> pd.DataFrame:
    """Return one row per response as files hold it.

    Returns
    -------
    pandas.DataFrame
        The meta columns (``submitted_at`` as ISO 8601 text, then ``submitted_at_th`` in
        Thai Buddhist Era), then every answer column: ratings numeric, choices as stored codes,
        multiple choice joined with "|", free text passed through `mask` (None: raw).
    """
    out = pd.DataFrame(index=frame.index)
    for name in META_COLUMNS:
        out[name] = frame[name]
        if name == "submitted_at":
            out[name] = frame[name].map(lambda t: t.isoformat()).astype(object)
            out[THAI_TIME_COLUMN] = frame[name].map(thai_datetime).astype(object)
    for question in questionnaire.questions:
        for column in question.columns:
            out[column] = answer_column(frame[column], question, mask)
    return out.reset_index(drop=True)


def _long_rows(
    row: pd.Series, merged: Question, questionnaire: Questionnaire, mask: Masker | None
) -> list[tuple[Any, ...]]:
    rid = int(row["response_id"])
    question = _as_answered(questionnaire, int(row["questionnaire_version"]), merged)
    rows: list[tuple[Any, ...]] = []
    for column in question.columns:
        value = row[column]
        if question.type == "multiple_choice":
            rows += [(rid, question.id, column, v, None, question.option_label(v)) for v in value]
        elif _missing(value) or value == "":
            continue
        elif question.is_rating:
            number = float(value)
            code = int(number) if number.is_integer() else number
            rows.append((rid, question.id, column, code, code, question.option_label(str(code))))
        elif question.is_text:
            rows.append((rid, question.id, column, mask(value) if mask else value, None, None))
        else:
            rows.append((rid, question.id, column, value, None, question.option_label(value)))
    return rows


def long_frame(
    frame: pd.DataFrame, questionnaire: Questionnaire, mask: Masker | None
) -> pd.DataFrame:
    """Return one row per answer given (one per option chosen in multiple choice).

    Returns
    -------
    pandas.DataFrame
        ``response_id``, ``question_id``, ``column`` (the wide column), ``value`` (number or
        code or masked text), ``value_number`` (the rating as a number; empty for choices and
        text, so a sum or a pivot over it never meets text) and ``value_label`` (Thai label of the code as the version the
        response answered labelled it; None for text).
    """
    rows = [
        item
        for _, row in frame.iterrows()
        for question in questionnaire.questions
        for item in _long_rows(row, question, questionnaire, mask)
    ]
    return pd.DataFrame(rows, columns=list(LONG_COLUMNS))


def _as_answered(questionnaire: Questionnaire, version: int, merged: Question) -> Question:
    """Return a question as the version a response answered showed it (merged if not there)."""
    try:
        return version_of(questionnaire, version).question(merged.id)
    except KeyError:
        return merged


def _question_meaning(question: Question, column: str) -> str:
    if question.type == "before_after":
        part = "ก่อน" if column.endswith("__before") else "หลัง"
        return f"คะแนน {question.scale_min}-{question.scale_max} ({part}เข้าร่วม); ว่าง = ไม่ตอบ"
    if question.is_rating:
        ends = [
            f"{number} = {label.get()}"
            for number, label in (
                (question.scale_min, question.min_label),
                (question.scale_max, question.max_label),
            )
            if label is not None
        ]
        said = f" ({', '.join(ends)})" if ends else ""
        return f"คะแนน {question.scale_min}-{question.scale_max}{said}; ว่าง = ไม่ตอบ"
    if question.type == "multiple_choice":
        return f"รหัสที่เลือก คั่นด้วย '{MULTI_SEPARATOR}'; ว่าง = ไม่ได้เลือก"
    if question.is_text:
        return "ข้อความอิสระ (ปรับรูปแบบตัวอักษรและปิดบังข้อมูลส่วนบุคคลแล้ว เว้นแต่ส่งออกแบบดิบ); ว่าง = ไม่ตอบ"
    return "รหัสตัวเลือก; ว่าง = ไม่ตอบ"


def codebook(questionnaire: Questionnaire) -> pd.DataFrame:
    """Return what every column and every code in the exports means, for each version.

    Returns
    -------
    pandas.DataFrame
        ``version`` (None on the rows about meta columns), ``column``, ``question_id``,
        ``section_id``, ``type``, ``label`` (Thai question), ``code`` (None on the row
        describing the column) and ``meaning``. A questionnaire merged from several versions
        lists every version's questions, with the labels and codes that version showed.
    """
    rows: list[tuple[Any, ...]] = []
    for name in (*META_COLUMNS[:7], THAI_TIME_COLUMN, *META_COLUMNS[7:]):
        rows.append((None, name, None, None, "meta", None, None, META_MEANINGS[name]))
    for version in questionnaire.versions or (questionnaire,):
        rows += _codebook_rows(version)
    return pd.DataFrame(rows, columns=list(CODEBOOK_COLUMNS))


def _codebook_rows(version: Questionnaire) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for question in version.questions:
        for column in question.columns:
            label = question.label.get()
            where = (version.version, column, question.id, question.section, question.type, label)
            rows.append((*where, None, _question_meaning(question, column)))
            for option in question.options:
                code: Any = int(option.value) if question.is_rating else option.value
                rows.append((*where, code, option.label.get()))
    return rows
