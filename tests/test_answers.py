"""Non-answers flagged with a reason, real answers kept, and repeated answers flagged."""

from __future__ import annotations

import pytest

from analysis.text.answers import duplicate_flags
from analysis.text.answers import empty_reason


@pytest.mark.parametrize(
    "text",
    ["ไม่มี", "ไม่มีค่ะ", "ไม่มีข้อเสนอแนะ", "ไม่มีข้อเสนอแนะครับ", "ไม่มีอะไรเพิ่มเติมค่ะ",
     "ไม่มี ความคิดเห็น", "ok", "OK.", "none", "n/a", "tiada", "tak ada"],
)  # fmt: skip
def test_no_comment(text: str) -> None:
    assert empty_reason(text) == "no_comment"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "blank"), ("   \n", "blank"), ("-", "symbols"), (".", "symbols"), ("😀😀", "symbols")],
)
def test_blank_and_symbols(text: str, reason: str) -> None:
    assert empty_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    ["ไม่มีที่จอดรถ", "ไม่มีอาหารฮาลาล", "ไม่ดี", "ไม่มีไมค์สำรอง ควรเตรียม", "okay แต่ห้องร้อน", "ดี", "555"],
)
def test_real_answers_are_not_flagged(text: str) -> None:
    assert empty_reason(text) is None


def test_exact_and_folded_duplicates() -> None:
    texts = ["ห้องหนาวมาก", "ห้องหนาวมาก!!", "ห้อง หนาว มาก ค่ะ", "อาหารดี", "ห้องหนาวมาก"]
    assert duplicate_flags(texts, [False] * 5) == [False, True, True, False, True]


def test_near_duplicate_paste_is_flagged_but_different_answers_are_not() -> None:
    first = "ควรเพิ่มเวลาการอบรมให้มากขึ้นกว่านี้ เพราะเนื้อหาเยอะมากและมีกิจกรรมกลุ่มหลายอย่าง"
    pasted = "ควรเพิ่มเวลาการอบรมให้มากขึ้นกว่านี้ เพราะเนื้อหาเยอะมากและมีกิจกรรมกลุ่มหลายอย่างๆ"
    other = "ควรลดเวลาการบรรยายลง แล้วเพิ่มการลงพื้นที่จริงในตำบลมากกว่านี้"
    assert duplicate_flags([first, pasted, other], [False, False, False]) == [False, True, False]


def test_non_answers_are_never_duplicates() -> None:
    assert duplicate_flags(["ไม่มี", "ไม่มี"], [True, True]) == [False, False]
