"""Theme names and quotes a person would write: phrases over generic verbs, whole words over
the segmenter's fragments, a first quote that says the name."""

from __future__ import annotations

import numpy as np

from analysis.text.tokens import DEFAULT_DOMAIN_WORDS
from analysis.themes.labels import ThemeLabels
from analysis.themes.model import _LABEL_STOPS
from analysis.themes.model import _MOOD_WORDS
from analysis.themes.model import _parts
from analysis.themes.model import read_answer
from analysis.themes.quotes import nearest_quotes

# every answer asks (สอบถาม), most about the bill's amount, few with the two words side by side
BILLING = [
    "สอบถามยอดค่าบริการเดือนนี้ค่ะ",
    "จะสอบถามยอดค่าบริการหน่อยครับ",
    "สอบถามว่ายอดค่าบริการเดือนนี้เท่าไหร่",
    "ขอสอบถามเรื่องยอดค่าบริการรอบบิลนี้",
    "สอบถามหน่อยค่ะ ยอดค่าบริการขึ้นเยอะมาก",
    "โทรมาสอบถามว่ายอดค่าบริการถูกต้องไหม",
    "สอบถามเรื่องบิลค่ะ",
    "อยากสอบถามวันครบกำหนดชำระ",
]
INTERNET = [
    "สมัครอินเตอร์เน็ตไม่ได้",
    "อินเตอร์เน็ตช้ามากช่วงเย็น",
    "อินเตอร์เน็ตใช้ไม่ได้เลยค่ะ",
    "เปลี่ยนแพ็กเกจอินเตอร์เน็ต",
    "อินเตอร์เน็ตหลุดบ่อย",
    "อยากสมัครอินเตอร์เน็ตรายเดือน",
    "อินเตอร์เน็ตไม่มีสัญญาณ",
    "เล่นอินเตอร์เน็ตไม่ได้ครับ",
]
# โรมมิ่ง is cut by the segmenter into โรม + มิ่ง
ABROAD = [
    "จะไปต่างประเทศ ขอเปิดโรมมิ่งค่ะ",
    "โทรจากต่างประเทศไม่ได้ เปิดโรมมิ่งแล้ว",
    "ใช้เน็ตที่ต่างประเทศ ต้องเปิดโรมมิ่งไหม",
    "ไปต่างประเทศเดือนหน้า",
    "ค่าโทรต่างประเทศแพง",
    "ยกเลิกโรมมิ่งหลังกลับจากต่างประเทศ",
]


def named(*themes: list[str]) -> ThemeLabels:
    """Return the namer of a fit with the given answers as themes 0, 1, ..."""
    texts = [t for theme in themes for t in theme]
    found = [_parts(read_answer(t, DEFAULT_DOMAIN_WORDS)[1])[1] for t in texts]
    labels = np.repeat(np.arange(len(themes)), [len(theme) for theme in themes])
    return ThemeLabels(_LABEL_STOPS, _MOOD_WORDS).fit(found, labels)


def test_a_theme_of_questions_about_the_bill_is_named_by_the_bill_not_by_asking() -> None:
    namer = named(BILLING, INTERNET, ABROAD)
    label = namer.labels_[0]
    assert "ยอด" in label or "ค่าบริการ" in label, label
    assert label != "สอบถาม"
    assert " " not in label  # Thai written without spaces between words
    assert "สอบถาม" not in namer.keywords_[0]
    assert "อินเตอร์เน็ต" in namer.labels_[1]


def test_a_word_the_segmenter_cut_in_two_is_one_keyword() -> None:
    namer = named(ABROAD, INTERNET, BILLING)
    shown = [namer.labels_[0], *namer.keywords_[0]]
    assert "ต่างประเทศ" in namer.labels_[0]
    assert "โรมมิ่ง" in shown, shown
    assert "โรม" not in shown
    assert "มิ่ง" not in shown


def test_a_label_never_ends_on_a_word_that_waits_for_the_next() -> None:
    room = ["ห้องประชุมไม่สะอาด", "ห้องประชุมไม่เย็น", "ห้องประชุมไม่กว้าง", "ห้องประชุมเล็ก"]
    water = ["น้ำประปาไม่ไหลสามวัน", "น้ำประปาไม่ไหลตั้งแต่เช้า", "น้ำประปาไม่ไหลเลย", "น้ำประปาขุ่น"]
    namer = named(room, water, INTERNET)
    assert namer.labels_[0] == "ห้องประชุม"
    assert namer.labels_[1] == "น้ำประปาไม่ไหล"  # a negation inside a phrase is the complaint


def test_the_first_quote_of_a_mixed_theme_says_its_name() -> None:
    texts = [
        "อยากจะสมัครเสียงเพลงรอสายค่ะ",
        "สมัครเพลงรอสายเพลงใหม่",
        "ต่อ WiFi ที่บ้านไม่ได้ค่ะ",
        "ต่อ WiFi ที่บ้านไม่ได้ค่ะ ครับ",
        "wifi ในร้านใช้ไม่ได้",
    ]
    vectors = np.array([[1.0, 0.0], [0.99, 0.14], [0.95, 0.31], [0.94, 0.34], [0.9, 0.44]])
    centre = np.array([1.0, 0.0])
    assert nearest_quotes(texts, vectors, centre)[0] == texts[0]
    quotes = nearest_quotes(texts, vectors, centre, label_words=("wifi",))
    assert quotes[0] == "ต่อ WiFi ที่บ้านไม่ได้ค่ะ"
    assert "ต่อ WiFi ที่บ้านไม่ได้ค่ะ ครับ" not in quotes  # still no near copy
    assert texts[0] in quotes
    assert len(quotes) == 3
    # no answer says the name: nearest first, as before
    assert nearest_quotes(texts, vectors, centre, label_words=("ไม่มีคำนี้",))[0] == texts[0]
