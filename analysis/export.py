"""Exports for analysts: XLSX (several sheets), CSV and JSON, written where the caller says."""

from __future__ import annotations

import io
import json
import math
import re
from pathlib import Path
from typing import IO
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from analysis.knowledge import knowledge_change
from analysis.questionnaire import Questionnaire
from analysis.ratings import DEFAULT_BANDS
from analysis.ratings import Bands
from analysis.ratings import level_distribution
from analysis.ratings import summarize_ratings
from analysis.ratings import summarize_sections
from analysis.tables import Masker
from analysis.tables import cleaned_frame
from analysis.tables import codebook
from analysis.tables import long_frame

Destination = str | Path | IO[bytes]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # what Excel reads as the start of a formula
FORMULA_GUARD = "'"
QUOTE_SEPARATOR = "\n"
MAX_COLUMN_WIDTH = 60
# Control characters XLSX cannot hold (openpyxl refuses them); tab, LF and CR are allowed.
_RE_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
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


def _spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    return frame.assign(**{c: frame[c].map(neutralise).astype(object) for c in text})


def _write(data: bytes, dest: Destination) -> None:
    if isinstance(dest, str | Path):
        Path(dest).write_bytes(data)
    else:
        dest.write(data)


def csv_bytes(
    frame: pd.DataFrame, questionnaire: Questionnaire, *, mask: Masker | None, bom: bool = True
) -> bytes:
    """Return the main analyst file: one row per response, every answer, as CSV bytes.

    UTF-8 with a byte-order mark so Excel shows Thai (``bom=False`` for plain UTF-8); text that
    Excel would run as a formula starts with "'"; free text goes through `mask` (None: raw).
    """
    table = _spreadsheet_frame(cleaned_frame(frame, questionnaire, mask))
    text = table.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig" if bom else "utf-8")


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
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "item"):
        return value.item()
    return value


def json_bytes(frame: pd.DataFrame, questionnaire: Questionnaire, *, mask: Masker | None) -> bytes:
    """Return every response as UTF-8 JSON; multiple choice as lists, missing as null."""
    table = cleaned_frame(frame, questionnaire, mask)
    for question in questionnaire.questions:
        if question.type == "multiple_choice":
            table[question.id] = frame[question.id].reset_index(drop=True).map(list)
    records = [
        {key: _json_value(value) for key, value in row.items()}
        for row in table.to_dict(orient="records")
    ]
    document = {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "responses": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def export_json(
    frame: pd.DataFrame, questionnaire: Questionnaire, dest: Destination, *, mask: Masker | None
) -> None:
    """Write `json_bytes` to a path or a binary file object."""
    _write(json_bytes(frame, questionnaire, mask=mask), dest)


def _cell_value(value: Any) -> Any:
    value = _json_value(value)
    if isinstance(value, str):
        return neutralise(_RE_XLSX_ILLEGAL.sub("", value))
    return value


def _fill_sheet(sheet: Worksheet, table: pd.DataFrame) -> None:
    sheet.append(list(table.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.itertuples(index=False):
        sheet.append([_cell_value(v) for v in row])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in table[column].head(200))])
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = min(longest + 2, MAX_COLUMN_WIDTH)


def themes_table(themes: pd.DataFrame | None, mask: Masker | None) -> pd.DataFrame:
    """Return themes with their quotes masked and joined one per line."""
    columns = ["theme_id", "label", "size", "share", "quotes"]
    if themes is None:
        return pd.DataFrame(columns=columns)

    def quotes(items: Any) -> str:
        return QUOTE_SEPARATOR.join(mask(q) if mask else q for q in (items or ()))

    return themes.assign(quotes=themes["quotes"].map(quotes))[columns]


def xlsx_bytes(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    *,
    mask: Masker | None,
    themes: pd.DataFrame | None = None,
    bands: Bands = DEFAULT_BANDS,
) -> bytes:
    """Return a workbook: responses, answers (long), ratings, levels, knowledge, themes, codebook.

    Numbers are number cells; text that Excel would run as a formula starts with "'"; free
    text and theme quotes go through `mask` (None: raw, for an authorised export).
    """
    ratings = pd.concat(
        [
            summarize_ratings(frame, questionnaire, bands),
            summarize_sections(frame, questionnaire, bands),
        ],
        ignore_index=True,
    )
    sheets = {
        "responses": cleaned_frame(frame, questionnaire, mask),
        "answers": long_frame(frame, questionnaire, mask),
        "ratings": ratings,
        "levels": level_distribution(frame, questionnaire),
        "knowledge": knowledge_change(frame, questionnaire),
        "themes": themes_table(themes, mask),
        "codebook": codebook(questionnaire),
    }
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for key, table in sheets.items():
        _fill_sheet(workbook.create_sheet(SHEET_NAMES[key]), table)
    for cell in workbook[SHEET_NAMES["themes"]]["E"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
