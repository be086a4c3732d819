"""Place names: one word in word counts and themes, never a theme or its name; the same
complaint from two places lands in one theme; labels read as Thai phrases."""

from __future__ import annotations

import re

import pytest

from analysis.text.tokens import content_words
from analysis.text.tokens import segment
from analysis.text.tokens import theme_words
from analysis.themes.model import OTHER_ID
from analysis.themes.model import ThemeModel
from survey import comments

PLACES = ["ต.ตะลุโบะ", "อ.หนองจิก", "ถ.นวมินทร์", "ซอย 5", "หมู่ 3", "แยกลำสาลี", "จ.ปัตตานี"]
WATER = [
    "น้ำประปาไม่ไหลมาสามวันแล้ว",
    "น้ำประปาไม่ไหลตั้งแต่เช้า",
    "น้ำประปาไม่ไหล ต้องซื้อน้ำใช้",
    "น้ำประปาไม่ไหลบ่อยมาก",
    "น้ำประปาไม่ไหลทุกเย็น",
    "น้ำประปาไม่ไหลเลยค่ะ",
    "น้ำประปาไม่ไหล แจ้งแล้วไม่มีใครมา",
]
ROAD = [
    "ถนนชำรุดเป็นหลุมใหญ่",
    "ถนนชำรุดเป็นหลุม รถล้มบ่อย",
    "ถนนชำรุดเป็นหลุมลึก",
    "ถนนชำรุดเป็นหลุมหลายจุด",
    "ถนนชำรุดเป็นหลุม ฝนตกน้ำขัง",
    "ถนนชำรุดเป็นหลุมอันตราย",
    "ถนนชำรุดเป็นหลุมมานานแล้ว",
]
LIGHT = [
    "ไฟส่องสว่างดับทั้งซอย",
    "ไฟส่องสว่างดับตอนกลางคืน",
    "ไฟส่องสว่างดับหลายดวง",
    "ไฟส่องสว่างดับ มืดมาก",
    "ไฟส่องสว่างดับมาเดือนนึงแล้ว",
    "ไฟส่องสว่างดับ กลัวขโมย",
    "ไฟส่องสว่างดับ เดินไม่ได้",
]
_RE_THAI_SPACE_THAI = re.compile(r"[\u0e00-\u0e7f] [\u0e00-\u0e7f]")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("น้ำท่วมที่หนองจิกทุกปี", "หนองจิก"),
        ("ไฟดับที่ ต.ตะลุโบะ", "ตะลุโบะ"),
        ("ถ.นวมินทร์ไฟดับ", "นวมินทร์"),
        ("แยกลำสาลีรถติดมาก", "ลำสาลี"),
        ("อำเภอเมืองปัตตานี", "เมืองปัตตานี"),
    ],
)
def test_a_place_name_is_one_word_and_marked_as_a_place(text: str, word: str) -> None:
    assert word in segment(text)
    assert (word, True) in theme_words(text)


@pytest.mark.parametrize(
    "text", ["อาหารดีเลย", "การจราจรในเมืองติดมาก", "ถนนชำรุดเป็นหลุม", "อยากได้บ้านใหม่"]
)
def test_everyday_words_that_are_also_place_names_are_not_places(text: str) -> None:
    assert not [w for w, place in theme_words(text) if place]


def test_emoji_are_split_from_the_words_they_touch() -> None:
    words = content_words("🙏👷ขอถนนใหม่")
    assert "ขอ" in words
    assert "🙏" in words
    assert not any("🙏" in w and len(w) > 1 for w in words)


def test_the_dashboard_counts_a_district_as_one_word() -> None:
    counts = {c["word"]: c["n"] for c in comments.word_counts(["น้ำท่วมที่หนองจิก", "หนองจิกน้ำท่วม"])}
    assert counts["หนองจิก"] == 2
    assert "จิก" not in counts
    assert "หนอง" not in counts


@pytest.fixture(scope="module")
def complaints() -> tuple[list[str], list[str], ThemeModel]:
    """The same three complaints, each written at many addresses, and their themes."""
    texts, gold = [], []
    for n, (name, items) in enumerate((("water", WATER), ("road", ROAD), ("light", LIGHT))):
        for i, text in enumerate(items):
            place = PLACES[(i + 2 * n) % len(PLACES)]
            texts.append(f"{text} {place}" if i % 2 else f"{place} {text}")
            gold.append(name)
    return texts, gold, ThemeModel(random_state=0).fit(texts)


def test_the_same_complaint_at_different_addresses_lands_in_one_theme(
    complaints: tuple[list[str], list[str], ThemeModel],
) -> None:
    _, gold, model = complaints
    for name in ("water", "road", "light"):
        themes = {int(t) for t, g in zip(model.labels_, gold, strict=True) if g == name}
        assert len(themes) == 1, (name, themes)
        assert themes != {OTHER_ID}
    assert len(set(model.labels_.tolist()) - {OTHER_ID}) == 3


def test_labels_are_thai_phrases_never_places(
    complaints: tuple[list[str], list[str], ThemeModel],
) -> None:
    _, _, model = complaints
    themes = model.themes_[model.themes_["theme_id"] != OTHER_ID]
    labels = themes["label"].tolist()
    # at most three words: ถนน|ชำรุด|เป็น|หลุม is four, and a phrase never ends in เป็น
    assert sorted(labels) == sorted(["น้ำประปาไม่ไหล", "ถนนชำรุด", "ไฟส่องสว่างดับ"])
    places = ("ตะลุโบะ", "หนองจิก", "นวมินทร์", "ลำสาลี", "ปัตตานี", "หมู่")
    for row in themes.itertuples():
        assert not _RE_THAI_SPACE_THAI.search(row.label), row.label
        assert 2 <= len(row.keywords) + 1 <= 4
        for text in (row.label, *row.keywords):
            assert not any(place in text for place in places), text
        assert all(q for q in row.quotes)


def test_answers_that_only_name_places_are_themed_but_never_named_by_a_place() -> None:
    model = ThemeModel(encoder=None).fit(["หนองจิก"] * 10 + ["ปัตตานี"] * 10)
    assert len(model.labels_) == 20
    assert not {"หนองจิก", "ปัตตานี"} & set(model.themes_["label"])
