"""Exports opened back with openpyxl, pandas and json: exact Thai, safe cells, masked text."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.export import csv_bytes
from analysis.export import display_width
from analysis.export import export_csv
from analysis.export import export_json
from analysis.export import export_xlsx
from analysis.export import neutralise
from analysis.tables import codebook
from tests.conftest import FrameMaker

THAI = "น้ำดื่ม\u200bไม่เพียงพอ ผู้ใหญ่บ้านกำชับแล้ว"  # sara am, tone marks, zero-width space
PHONE = "0812345678"
_RE_PHONE = re.compile(r"\d{9,10}")
FORMULAS = ("=1+1", "+66 81 234", "-ควรปรับปรุง", "@admin", "\tแท็บ", "\rขึ้นบรรทัด")


def fake_mask(text: str) -> str:
    """Stand in for analysis.text.clean.mask_personal_data: hide phone numbers."""
    return _RE_PHONE.sub("[เบอร์โทร]", text)


@pytest.fixture
def frame(make_frame: FrameMaker) -> pd.DataFrame:
    answers = [
        {
            "speaker": 5,
            "content": 4,
            "position": "district_officer",
            "opinion": THAI,
            "application": ("own_work", "community"),
            "knowledge__before": 2,
            "knowledge__after": 4,
        },
        {"speaker": 3, "suggestion": f"โทรหาผมที่ {PHONE} ครับ", "application": ()},
        *({"opinion": text, "speaker": None} for text in FORMULAS),
    ]
    return make_frame(answers)


def _sheet(path: Path, name: str) -> list[dict[str, object]]:
    """Return a sheet's rows keyed by column name (the frozen row's names, under any Thai row)."""
    sheet = openpyxl.load_workbook(path)[name]
    names_row = int(sheet.freeze_panes[1:]) - 1
    header, *rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=names_row)]
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_xlsx_sheets_text_numbers_and_formulas(frame, questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    export_xlsx(frame, questionnaire, path, mask=fake_mask)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        "responses",
        "answers_long",
        "ratings_summary",
        "rating_levels",
        "knowledge",
        "themes",
        "codebook",
        "participants",
    ]
    sheet = workbook["responses"]
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, sheet[2], strict=True))
    assert first["opinion"].value == THAI
    assert (first["speaker"].value, first["speaker"].data_type) == (5, "n")
    assert first["response_id"].data_type == "n"
    assert first["application"].value == "own_work|community"
    assert first["submitted_at"].value == "2019-08-21T16:00:00+07:00"
    assert first["submitted_at_th"].value == "21 ส.ค. 2562 16:00 น."
    opinions = [row[header.index("opinion")].value for row in sheet.iter_rows(min_row=4)]
    assert opinions == ["'" + text for text in FORMULAS]
    assert all(row[header.index("opinion")].data_type == "s" for row in sheet.iter_rows(min_row=4))
    empty_speaker = sheet.cell(row=4, column=header.index("speaker") + 1).value
    assert empty_speaker is None  # missing stays empty, never 0


def test_xlsx_long_answers_and_masking(frame, questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    export_xlsx(frame, questionnaire, path, mask=fake_mask)
    long_rows = _sheet(path, "answers_long")
    chosen = [
        (r["value"], r["value_label"]) for r in long_rows if r["question_id"] == "application"
    ]
    assert chosen == [("own_work", "ใช้ในการปฏิบัติงานของตนเอง"), ("community", "ใช้ในการทำงานกับชุมชน")]
    speaker = [(r["response_id"], r["value"]) for r in long_rows if r["column"] == "speaker"]
    assert speaker == [(1, 5), (2, 3)]
    suggestion = [r["value"] for r in long_rows if r["column"] == "suggestion"]
    assert suggestion == ["โทรหาผมที่ [เบอร์โทร] ครับ"]
    raw_path = tmp_path / "raw.xlsx"
    export_xlsx(frame, questionnaire, raw_path, mask=None)
    raw = [r["suggestion"] for r in _sheet(raw_path, "responses") if r["suggestion"]]
    assert raw == [f"โทรหาผมที่ {PHONE} ครับ"]


def test_xlsx_ratings_and_themes(frame, questionnaire, tmp_path: Path) -> None:
    themes = pd.DataFrame(
        {
            "theme_id": [0, -1],
            "label": ["น้ำดื่ม", "อื่น ๆ"],
            "size": [2, 1],
            "share": [2 / 3, 1 / 3],
            "quotes": [(THAI, f"โทร {PHONE}"), ()],
        }
    )
    buffer = io.BytesIO()
    export_xlsx(frame, questionnaire, buffer, mask=fake_mask, themes=themes)
    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    theme_rows = list(workbook["themes"].iter_rows(min_row=3, values_only=True))
    assert theme_rows[0] == (0, "น้ำดื่ม", 2, pytest.approx(2 / 3), f"{THAI}\nโทร [เบอร์โทร]")
    ratings = {r[0]: r for r in workbook["ratings_summary"].iter_rows(min_row=3, values_only=True)}
    assert ratings["speaker"][4:7] == (2, 6, 4.0)  # n, missing, mean
    assert ratings["speaker"][-1] == "มาก"
    levels = [
        r
        for r in workbook["rating_levels"].iter_rows(min_row=3, values_only=True)
        if r[0] == "speaker"
    ]
    assert [(r[1], r[3]) for r in levels] == [(5, 1), (4, 0), (3, 1), (2, 0), (1, 0)]
    assert levels[0][4] == pytest.approx(50.0)


def test_codebook_explains_every_column_and_code(frame, questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    export_xlsx(frame, questionnaire, path, mask=None)
    book = _sheet(path, "codebook")
    described = {r["column"] for r in book if r["code"] is None}
    header = [c.value for c in openpyxl.load_workbook(path)["responses"][1]]
    assert described == set(header)
    positions = {r["code"]: r["meaning"] for r in book if r["column"] == "position" and r["code"]}
    assert positions["district_officer"] == "ปลัดอำเภอ"
    assert len(positions) == 6
    speaker_codes = {
        r["code"]: r["meaning"] for r in book if r["column"] == "speaker" and r["code"]
    }
    assert speaker_codes == {5: "มากที่สุด", 4: "มาก", 3: "ปานกลาง", 2: "น้อย", 1: "น้อยที่สุด"}
    assert not codebook(questionnaire)["meaning"].isna().any()


def test_csv_has_bom_by_default_and_exact_text(frame, questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    export_csv(frame, questionnaire, path, mask=fake_mask)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert table.loc[0, "opinion"] == THAI
    assert table.loc[0, "application"] == "own_work|community"
    assert table.loc[1, "suggestion"] == "โทรหาผมที่ [เบอร์โทร] ครับ"
    assert table["opinion"].iloc[2:].tolist() == ["'" + text for text in FORMULAS]
    assert table["speaker"].tolist()[:3] == ["5", "3", ""]  # whole numbers, missing stays empty
    assert len(table) == len(frame)


def test_csv_without_bom_on_request(frame, questionnaire) -> None:
    data = csv_bytes(frame, questionnaire, mask=None, bom=False)
    assert data.startswith(b"response_id,")
    assert THAI.encode("utf-8") in data


def test_json_round_trip(frame, questionnaire) -> None:
    buffer = io.BytesIO()
    export_json(frame, questionnaire, buffer, mask=fake_mask)
    document = json.loads(buffer.getvalue().decode("utf-8"))
    first, second, third = document["responses"][:3]
    assert document["questionnaires"] == [
        {"id": "workshop_evaluation", "version": 1, "versions": [1]}
    ]
    assert {r["questionnaire"] for r in document["responses"]} == {"workshop_evaluation"}
    assert first["opinion"] == THAI
    assert first["application"] == ["own_work", "community"]
    assert first["speaker"] == 5
    assert second["suggestion"] == "โทรหาผมที่ [เบอร์โทร] ครับ"
    assert third["speaker"] is None
    assert first["submitted_at_th"] == "21 ส.ค. 2562 16:00 น."


def test_exports_leave_the_frame_alone(frame, questionnaire) -> None:
    before = frame.copy()
    csv_bytes(frame, questionnaire, mask=fake_mask)
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=A1", "'=A1"), ("ดี", "ดี"), (-5, -5), (3.5, 3.5), ("", ""), (None, None), ("a=b", "a=b")],
)
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected


def test_xlsx_is_ready_to_use(frame, questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    export_xlsx(frame, questionnaire, path, mask=fake_mask)
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook:
        names_row = int(sheet.freeze_panes[1:]) - 1
        assert sheet.auto_filter.ref.startswith(f"A{names_row}:"), sheet.title
        names = [c.value for c in sheet[names_row]]
        for row in sheet.iter_rows(min_row=names_row + 1):
            for name, cell in zip(names, row, strict=True):
                if isinstance(cell.value, str):  # a number is never stored as text
                    assert not re.fullmatch(r"-?\d+(\.\d+)?", cell.value), (sheet.title, name)
    long = _sheet(path, "answers_long")
    numbers = [r["value_number"] for r in long if r["column"] == "speaker"]
    assert numbers == [5, 3]
    assert all(r["value_number"] is None for r in long if r["question_id"] == "application")
    ratings = workbook["ratings_summary"]
    thai, names = ([c.value for c in ratings[row]] for row in (1, 2))
    assert thai[names.index("mean")] == "ค่าเฉลี่ย"
    assert ratings.cell(row=3, column=names.index("mean") + 1).number_format == "0.00"
    assert ratings.cell(row=3, column=names.index("top2_share") + 1).number_format == "0.00%"
    knowledge = workbook["knowledge"]
    k_names = [c.value for c in knowledge[2]]
    assert knowledge.cell(row=3, column=k_names.index("p_value") + 1).number_format == "0.000"
    assert workbook["responses"].freeze_panes == "A2"  # data sheets: column names only
    codebook_names = {r["column"] for r in _sheet(path, "codebook")}
    assert {"speaker", "suggestion"} <= codebook_names
    labels = [r[names.index("label")] for r in ratings.iter_rows(min_row=3, values_only=True)]
    width = ratings.column_dimensions[
        ratings.cell(row=1, column=names.index("label") + 1).column_letter
    ].width
    longest = max(labels, key=len)
    assert max(display_width(v) for v in labels) + 2 == width < len(longest) + 2
    assert display_width("ช่วงที่ 1") == 6  # ่ ี ่ sit above their letters and take no width
