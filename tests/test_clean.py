"""Cleaning steps on real Thai: normalisation, laughter, digits, repeats, the frame, tokens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.text.clean import clean_frame
from analysis.text.clean import clean_text
from analysis.text.clean import normalize_with_changes
from analysis.text.clean import tokenize

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("raw", "expected", "step"),
    [
        ("วัันที่สอง", "วันที่สอง", "thai_normalize"),  # doubled sara a
        ("เเนะนำดี", "แนะนำดี", "thai_normalize"),  # two sara e typed for sara ae
        ("น\u0e4d\u0e49\u0e32ดื่ม", "น้ำดื่ม", "thai_normalize"),  # sara am typed as nikhahit + aa
        ("ห้อง\u200bประชุม\u200cเย็น", "ห้องประชุมเย็น", "zero_width"),
        ("\ufeffอาหารดี", "อาหารดี", "zero_width"),
        ("อาหาร   ดี\t\tมาก  ", "อาหาร ดี มาก", "whitespace"),
        ("ดีมากกกกก", "ดีมาก", "repeat"),
        ("เยี่ยมมมมม 555", "เยี่ยม 555", "repeat"),
        ("ปี ๒๕๖๗ ห้อง ๑๒", "ปี 2567 ห้อง 12", "thai_digits"),
        ("สนุกมาก 5555+", "สนุกมาก 555", "laughter"),
        ("ฮามาก ๕๕๕๕", "ฮามาก 555", "laughter"),
    ],
)
def test_normalisation_step_fixes_text_and_is_recorded(raw: str, expected: str, step: str) -> None:
    text, changes = normalize_with_changes(raw)
    assert text == expected
    assert step in changes


def test_nfc_composes_decomposed_text() -> None:
    text, changes = normalize_with_changes("cafe\u0301 อร่อย")
    assert text == "café อร่อย"
    assert changes == ["nfc"]


def test_numbers_are_not_shortened_or_taken_for_laughter() -> None:
    text, changes = normalize_with_changes("ค่าเดินทาง 1000 บาท รหัส 15550 ยอด 5,555")
    assert text == "ค่าเดินทาง 1000 บาท รหัส 15550 ยอด 5,555"
    assert changes == []


def test_tone_marks_and_line_breaks_survive() -> None:
    raw = "ไม่ค่อยเข้าใจเนื้อหา\n\n\nอยากให้ช้าลง"
    assert clean_text(raw) == "ไม่ค่อยเข้าใจเนื้อหา\nอยากให้ช้าลง"


def test_emoji_and_mixed_english_are_kept() -> None:
    assert clean_text("Workshop ดีมากกก 👍👍") == "Workshop ดีมาก 👍👍"


def test_clean_text_masks_personal_data() -> None:
    cleaned = clean_text("ติดต่อนายอับดุลเลาะ สาและ ๐๘๑-๒๓๔-๕๖๗๘")
    assert cleaned == "ติดต่อนาย[ชื่อ] [เบอร์โทร]"


def test_clean_frame_columns_and_index() -> None:
    texts = pd.Series(
        ["ไม่มีค่ะ", "ไม่มีที่จอดรถ", "ห้องหนาวมากกกก", None, "ห้องหนาวมาก", "-"],
        index=[10, 11, 12, 13, 14, 15],
    )
    frame = clean_frame(texts)
    assert list(frame.columns) == [
        "text_clean",
        "is_empty",
        "empty_reason",
        "is_duplicate",
        "changes",
    ]
    assert list(frame.index) == [10, 11, 12, 13, 14, 15]
    assert frame["is_empty"].tolist() == [True, False, False, True, False, True]
    assert frame["empty_reason"].tolist() == ["no_comment", None, None, "blank", None, "symbols"]
    assert frame["is_duplicate"].tolist() == [False, False, False, False, True, False]
    assert frame.loc[12, "changes"] == "repeat"
    assert frame.loc[12, "text_clean"] == "ห้องหนาวมาก"
    assert texts.loc[12] == "ห้องหนาวมากกกก"  # the input is not changed


def test_clean_frame_with_respondents_counts_only_one_persons_repeats() -> None:
    long = "อยากให้ศอ.บต. จัดอบรมแบบนี้ทุกปี และเชิญผู้นำศาสนาในตำบลมาร่วมด้วยนะครับ"
    texts = pd.Series(
        [
            "แอร์ไม่เย็น",
            "แอร์ไม่เย็นค่ะ",  # someone else, the same complaint
            "แอร์  ไม่เย็น!",  # the first person again
            long,
            long.replace("ทุกปี", "ทุกปีๆ"),  # a near copy by another person
            long.replace("นะครับ", "ครับผม"),  # a near copy by the first writer of it
        ]
    )
    people = pd.Series(["a", "b", "a", "c", "d", "c"])
    assert clean_frame(texts, respondents=people)["is_duplicate"].tolist() == [
        False,
        False,
        True,
        False,
        False,
        True,
    ]
    assert clean_frame(texts)["is_duplicate"].tolist() == [False, True, True, False, True, True]


def test_clean_frame_lists_every_change() -> None:
    frame = clean_frame(pd.Series(["โทร\u200b ๐๘๑๒๓๔๕๖๗๘ ดีมากกก"]))
    assert frame.loc[0, "changes"] == "zero_width; thai_digits; repeat; mask:phone"
    assert frame.loc[0, "text_clean"] == "โทร [เบอร์โทร] ดีมาก"


def test_tokenize_keeps_feedback_words_and_drops_particles() -> None:
    words = tokenize("แอร์ไม่เย็นเลยค่ะ วิทยากรพูดช้ามากกก")
    assert "ไม่" in words
    assert "ช้า" in words
    assert "เย็น" in words
    assert "ค่ะ" not in words
    assert "แอร์ไม่เย็น" != "แอร์เย็น"
    assert tokenize("แอร์เย็น") != tokenize("แอร์ไม่เย็น")


def test_tokenize_keeps_domain_words_whole_and_drops_masks() -> None:
    words = tokenize("ศอ.บต. ควรลงพื้นที่ตำบลสันติธรรม โทร 0812345678")
    assert "ศอ.บต." in words
    assert "ตำบลสันติธรรม" in words
    assert not any("[" in w or w.isdigit() for w in words)
    assert tokenize("เอกสารประกอบการบรรยายควรส่งล่วงหน้า") == [
        "เอกสาร",
        "การบรรยาย",
        "ควร",
        "ล่วงหน้า",
    ]


def test_analysis_is_framework_free() -> None:
    code = (
        "import analysis.text.clean, analysis.themes.model, sys; assert 'flask' not in sys.modules"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_tokenize_keeps_laughter_and_emoji_once() -> None:
    words = tokenize("สนุกมาก 55555+ 👍👍👍 วิทยากรเก่ง 😡")
    assert words.count("555") == 1
    assert words.count("👍") == 1
    assert "😡" in words
    assert "วิทยากร" in words
