"""Exports for analysts: XLSX (several sheets), CSV and JSON, written where the caller says."""

from __future__ import annotations

import io
import json
import math
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import IO
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from analysis.questionnaire.model import Questionnaire
from analysis.responses import Part
from analysis.stats.attendance import attendance_of_frames
from analysis.stats.attendance import attendance_table
from analysis.stats.knowledge import knowledge_change
from analysis.stats.ratings import DEFAULT_BANDS
from analysis.stats.ratings import Bands
from analysis.stats.ratings import level_distribution
from analysis.stats.ratings import summarize_ratings
from analysis.stats.ratings import summarize_sections
from analysis.tables import Masker
from analysis.tables import cleaned_frame
from analysis.tables import codebook
from analysis.tables import long_frame
from analysis.text.intake import xml_safe

Destination = str | Path | IO[bytes]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # what Excel reads as the start of a formula
FORMULA_GUARD = "'"
QUOTE_SEPARATOR = "\n"
MAX_COLUMN_WIDTH = 60
ATTENDANCE_SHEET = "participants"
# The analysis sheets carry a Thai header row above the column names (which stay, for programs
# and for the codebook); the data sheets (responses, answers_long) keep the column names only.
THAI_HEADED_SHEETS = frozenset({"ratings", "levels", "knowledge", "themes", "codebook"})
THAI_HEADERS = {
    "questionnaire": "แบบประเมิน",
    "item_id": "รหัสข้อ",
    "kind": "ชนิด (ข้อ/ส่วน/ภาพรวม)",
    "section_id": "รหัสส่วน",
    "label": "รายการ",
    "n": "จำนวนผู้ตอบ",
    "missing": "ไม่ตอบ",
    "mean": "ค่าเฉลี่ย",
    "sd": "ส่วนเบี่ยงเบนมาตรฐาน",
    "ci_low": "ขอบล่างช่วงเชื่อมั่น 95%",
    "ci_high": "ขอบบนช่วงเชื่อมั่น 95%",
    "top2_share": "สัดส่วนสองระดับบนสุด",
    "band": "ระดับ",
    "question_id": "รหัสคำถาม",
    "level": "คะแนน",
    "level_label": "ความหมายของคะแนน",
    "count": "จำนวน",
    "percent": "ร้อยละ",
    "n_pairs": "จำนวนคู่ (ตอบทั้งก่อนและหลัง)",
    "mean_before": "ค่าเฉลี่ยก่อน",
    "sd_before": "ส่วนเบี่ยงเบนมาตรฐานก่อน",
    "mean_after": "ค่าเฉลี่ยหลัง",
    "sd_after": "ส่วนเบี่ยงเบนมาตรฐานหลัง",
    "mean_gain": "ผลต่างเฉลี่ย (หลัง - ก่อน)",
    "improved_share": "สัดส่วนที่ดีขึ้น",
    "same_share": "สัดส่วนที่เท่าเดิม",
    "worse_share": "สัดส่วนที่ลดลง",
    "statistic": "ค่าสถิติ Wilcoxon signed-rank",
    "p_value": "ค่า p (asymptotic)",
    "theme_id": "รหัสประเด็น",
    "size": "จำนวนความคิดเห็น",
    "share": "สัดส่วน",
    "quotes": "ตัวอย่างความคิดเห็น",
    "scope": "ขอบเขต (ทั้งโครงการ/วัน/ช่วง)",
    "key": "วันที่/ช่วง",
    "participants": "ผู้ตอบ (คน)",
    "responses": "แบบประเมิน (ฉบับ)",
    "version": "รุ่นของแบบประเมิน",
    "column": "ชื่อคอลัมน์",
    "type": "ชนิดคำถาม",
    "code": "รหัสคำตอบ",
    "meaning": "ความหมาย",
}
SHARE_COLUMNS = frozenset({"share"})  # 0-1 shares, shown as percentages
DECIMAL_COLUMNS = frozenset({"mean", "sd", "ci_low", "ci_high", "percent"})
SHARE_FORMAT = "0.00%"
DECIMAL_FORMAT = "0.00"
P_VALUE_FORMAT = "0.000"
SHEET_NAMES = {
    "responses": "responses",
    "answers": "answers_long",
    "ratings": "ratings_summary",
    "levels": "rating_levels",
    "knowledge": "knowledge",
    "themes": "themes",
    "codebook": "codebook",
}


def neutralise(value: Any) -> Any:
    """Return text Excel would run as a formula with a leading "'"; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return FORMULA_GUARD + value
    return value


def safe_cell(value: Any) -> Any:
    """Return a text cell as every file may hold it: no characters XML cannot hold (a database
    from before the intake gate may have them), nothing Excel would run; other values unchanged."""
    return neutralise(xml_safe(value)) if isinstance(value, str) else value


def _spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    return frame.assign(**{c: frame[c].map(safe_cell).astype(object) for c in text})


def _write(data: bytes, dest: Destination) -> None:
    if isinstance(dest, str | Path):
        Path(dest).write_bytes(data)
    else:
        dest.write(data)


def _concat(tables: list[pd.DataFrame]) -> pd.DataFrame:
    filled = [t for t in tables if not t.empty]
    if not filled:
        return tables[0]
    return filled[0] if len(filled) == 1 else pd.concat(filled, ignore_index=True)


def _labelled(table: pd.DataFrame, part: Part, several: bool) -> pd.DataFrame:
    """Return `table` with a leading questionnaire column when a workshop used several."""
    if not several:
        return table
    return table.assign(questionnaire=part.questionnaire.id)[["questionnaire", *table.columns]]


def responses_table(parts: Sequence[Part], mask: Masker | None) -> pd.DataFrame:
    """Return one row per response of every part, oldest first, with every answer column."""
    several = len(parts) > 1
    tables = [_labelled(cleaned_frame(p.frame, p.questionnaire, mask), p, several) for p in parts]
    table = _concat(tables)
    return table.sort_values("response_id", kind="stable").reset_index(drop=True)


def workshop_csv_bytes(parts: Sequence[Part], *, mask: Masker | None, bom: bool = True) -> bytes:
    """Return the main analyst file: one row per response, every answer, as CSV bytes.

    UTF-8 with a byte-order mark so Excel shows Thai (``bom=False`` for plain UTF-8); text that
    Excel would run as a formula starts with "'"; free text goes through `mask` (None: raw).
    A workshop whose sessions used several questionnaires gets a ``questionnaire`` column.
    """
    table = _spreadsheet_frame(responses_table(parts, mask))
    text = table.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig" if bom else "utf-8")


def csv_bytes(
    frame: pd.DataFrame, questionnaire: Questionnaire, *, mask: Masker | None, bom: bool = True
) -> bytes:
    """Return `workshop_csv_bytes` for the responses of one questionnaire."""
    return workshop_csv_bytes([Part(questionnaire, frame)], mask=mask, bom=bom)


def export_csv(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    dest: Destination,
    *,
    mask: Masker | None,
    bom: bool = True,
) -> None:
    """Write `csv_bytes` to a path or a binary file object."""
    _write(csv_bytes(frame, questionnaire, mask=mask, bom=bom), dest)


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return xml_safe(value)  # a lone surrogate cannot be written as UTF-8
    if isinstance(value, tuple | list):
        return [_json_value(item) for item in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def _json_records(part: Part, mask: Masker | None) -> list[dict[str, Any]]:
    table = cleaned_frame(part.frame, part.questionnaire, mask)
    for question in part.questionnaire.questions:
        if question.type == "multiple_choice":
            table[question.id] = part.frame[question.id].reset_index(drop=True).map(list)
    return [
        {"questionnaire": part.questionnaire.id}
        | {key: _json_value(value) for key, value in row.items()}
        for row in table.to_dict(orient="records")
    ]


def workshop_json_bytes(parts: Sequence[Part], *, mask: Masker | None) -> bytes:
    """Return every response as UTF-8 JSON; multiple choice as lists, missing as null.

    The document: ``attendance`` (distinct ``participants`` against ``responses``, per day and
    per session: ``analysis.stats.attendance``), ``questionnaires`` (id, newest ``version`` and
    every ``versions`` answered of each) and ``responses`` (oldest first, each naming its ``questionnaire`` and
    ``questionnaire_version``).
    """
    records = [record for part in parts for record in _json_records(part, mask)]
    document = {
        "attendance": attendance_of_frames(p.frame for p in parts).as_dict(),
        "questionnaires": [
            {
                "id": p.questionnaire.id,
                "version": p.questionnaire.version,
                "versions": [v.version for v in p.questionnaire.versions]
                or [p.questionnaire.version],
            }
            for p in parts
        ],
        "responses": sorted(records, key=lambda r: r["response_id"]),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def json_bytes(frame: pd.DataFrame, questionnaire: Questionnaire, *, mask: Masker | None) -> bytes:
    """Return `workshop_json_bytes` for the responses of one questionnaire."""
    return workshop_json_bytes([Part(questionnaire, frame)], mask=mask)


def export_json(
    frame: pd.DataFrame, questionnaire: Questionnaire, dest: Destination, *, mask: Masker | None
) -> None:
    """Write `json_bytes` to a path or a binary file object."""
    _write(json_bytes(frame, questionnaire, mask=mask), dest)


def _cell_value(value: Any) -> Any:
    return safe_cell(_json_value(value))


def display_width(value: Any) -> int:
    """Return how many columns a value takes on screen: Thai vowels and tone marks above or below
    a letter (Unicode category Mn) take none, so Thai text is not given twice its width."""
    return sum(1 for c in str(value) if unicodedata.category(c) != "Mn")


def _number_format(name: str, column: pd.Series) -> str | None:
    if name in SHARE_COLUMNS or name.endswith("_share"):
        return SHARE_FORMAT
    if name == "p_value":
        return P_VALUE_FORMAT
    if pd.api.types.is_float_dtype(column) or name in DECIMAL_COLUMNS:
        return DECIMAL_FORMAT
    return None


def _fill_sheet(sheet: Worksheet, table: pd.DataFrame, thai_header: bool = False) -> None:
    """Write a table with its header (Thai above the column names when asked) frozen and
    filtered, floats with two decimals, shares as percentages, widths that fit Thai text."""
    headers = [[safe_cell(str(name)) for name in table.columns]]
    if thai_header:
        headers.insert(0, [THAI_HEADERS.get(str(name), str(name)) for name in table.columns])
    for header in headers:
        sheet.append(header)
    for row_cells in sheet.iter_rows(min_row=1, max_row=len(headers)):
        for cell in row_cells:
            cell.font = Font(bold=True)
    for row in table.itertuples(index=False):
        sheet.append([_cell_value(v) for v in row])
    first_data = len(headers) + 1
    sheet.freeze_panes = f"A{first_data}"
    if len(table.columns):
        last = sheet.cell(row=1, column=len(table.columns)).column_letter
        sheet.auto_filter.ref = f"A{len(headers)}:{last}{max(sheet.max_row, len(headers))}"
    for index, column in enumerate(table.columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        number_format = _number_format(str(column), table[column])
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=first_data, min_col=index, max_col=index):
                cell.number_format = number_format
        shown = [*(h[index - 1] for h in headers), *table[column].head(200)]
        longest = max(display_width(v) for v in shown)
        sheet.column_dimensions[letter].width = min(longest + 2, MAX_COLUMN_WIDTH)


def themes_table(themes: pd.DataFrame | None, mask: Masker | None) -> pd.DataFrame:
    """Return themes with their quotes masked and joined one per line."""
    columns = ["theme_id", "label", "size", "share", "quotes"]
    if themes is None:
        return pd.DataFrame(columns=columns)

    def quotes(items: Any) -> str:
        return QUOTE_SEPARATOR.join(mask(q) if mask else q for q in (items or ()))

    return themes.assign(quotes=themes["quotes"].map(quotes))[columns]


def _part_sheets(part: Part, mask: Masker | None, bands: Bands) -> dict[str, pd.DataFrame]:
    frame, questionnaire = part.frame, part.questionnaire
    ratings = pd.concat(
        [
            summarize_ratings(frame, questionnaire, bands),
            summarize_sections(frame, questionnaire, bands),
        ],
        ignore_index=True,
    )
    return {
        "responses": cleaned_frame(frame, questionnaire, mask),
        "answers": long_frame(frame, questionnaire, mask),
        "ratings": ratings,
        "levels": level_distribution(frame, questionnaire),
        "knowledge": knowledge_change(frame, questionnaire),
        "themes": themes_table(part.themes, mask),
        "codebook": codebook(questionnaire),
    }


def _attendance_sheet(parts: Sequence[Part]) -> pd.DataFrame:
    frames = [p.frame for p in parts]
    titles = {
        int(sid): str(title)
        for f in frames
        for sid, title in zip(f["session_id"], f["session_title"], strict=True)
    }
    return attendance_table(attendance_of_frames(frames), titles)


def workshop_xlsx_bytes(
    parts: Sequence[Part], *, mask: Masker | None, bands: Bands = DEFAULT_BANDS
) -> bytes:
    """Return a workbook: responses, answers (long), ratings, levels, knowledge, themes, codebook
    and participants (distinct people against responses, per day and per session).

    Numbers are number cells; text that Excel would run as a formula starts with "'"; free
    text and theme quotes go through `mask` (None: raw, for an authorised export). A workshop
    whose sessions used several questionnaires gets a ``questionnaire`` column on every sheet.
    """
    several = len(parts) > 1
    per_part = [(part, _part_sheets(part, mask, bands)) for part in parts]
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for key, name in SHEET_NAMES.items():
        table = _concat([_labelled(sheets[key], part, several) for part, sheets in per_part])
        if key == "responses":
            table = table.sort_values("response_id", kind="stable")
        _fill_sheet(workbook.create_sheet(name), table, key in THAI_HEADED_SHEETS)
    _fill_sheet(workbook.create_sheet(ATTENDANCE_SHEET), _attendance_sheet(parts), True)
    quotes_column = "F" if several else "E"
    for cell in workbook[SHEET_NAMES["themes"]][quotes_column]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    *,
    mask: Masker | None,
    themes: pd.DataFrame | None = None,
    bands: Bands = DEFAULT_BANDS,
) -> bytes:
    """Return `workshop_xlsx_bytes` for the responses of one questionnaire."""
    return workshop_xlsx_bytes([Part(questionnaire, frame, themes)], mask=mask, bands=bands)


def export_xlsx(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    dest: Destination,
    *,
    mask: Masker | None,
    themes: pd.DataFrame | None = None,
    bands: Bands = DEFAULT_BANDS,
) -> None:
    """Write `xlsx_bytes` to a path or a binary file object."""
    _write(xlsx_bytes(frame, questionnaire, mask=mask, themes=themes, bands=bands), dest)
