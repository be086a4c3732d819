"""Thai text on participant pages: whole words, <wbr> between them, lang="th" elsewhere, and
everything else escaped."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from analysis.text.segmenters import compact_segment
from analysis.text.tokens import segment
from survey.config import ROOT
from survey.typography import MAX_WHOLE_WORD
from survey.typography import thai_text
from tests.conftest import readable


def test_each_thai_word_is_kept_whole_with_a_break_between_words() -> None:
    assert thai_text("ปานกลาง", "th") == '<span class="w">ปานกลาง</span>'
    assert thai_text("มากที่สุด", "th") == (
        '<span class="w">มาก</span><wbr><span class="w">ที่สุด</span>'
    )


def test_thai_on_another_page_is_marked_thai_and_other_text_is_left_alone() -> None:
    assert thai_text("ปานกลาง", "en") == '<span lang="th"><span class="w">ปานกลาง</span></span>'
    assert thai_text("Moderate", "en") == "Moderate"
    assert thai_text("Sederhana", "ms") == "Sederhana"
    mixed = thai_text("บรรยาย Session 1", "ms")
    assert mixed.startswith('<span lang="th">')
    assert mixed.endswith(" Session 1</span>")


@pytest.mark.parametrize("language", ["th", "en"])
def test_markup_in_a_title_is_escaped(language: str) -> None:
    out = thai_text('<script>alert("ถนน")</script> & ศอ.บต.', language)
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert "&amp;" in out
    assert "&#34;" in out or "&quot;" in out


def test_a_run_the_segmenter_cannot_split_may_still_wrap() -> None:
    name = "ก" * (MAX_WHOLE_WORD + 5)
    assert '<span class="w">' + name not in thai_text(name, "th")


@pytest.mark.parametrize(
    "text",
    [
        "น้ำ ทำ นํ้า",  # sara am written both ways
        "ไม่\u200bดี",  # a zero-width space between words
        "ขอบคุณ 🙏 ค่ะ",
        "๒ จุด ๑๐๐ บาท",  # Thai digits
        "อบต.ตะลุโบะ",
        "\u202eกลับด้าน",  # a bidi override
    ],
)
def test_the_text_reads_the_same_after_the_markup(text: str) -> None:
    for language in ("th", "en", "ms"):
        assert html.unescape(readable(str(thai_text(text, language)))) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("กขคงจมนทยรลวสหอะาิีุูเแโใไ่้๊๋ำ์ๆ๑ ab<&\"'🙏"), max_size=40))
def test_any_text_reads_the_same_after_the_markup(text: str) -> None:
    assert html.unescape(readable(str(thai_text(text, "en")))) == text


def test_pages_break_sala_s_own_thai_where_word_counts_do() -> None:
    """The compact dictionary pages use finds the words nlpo3 finds for word counts, in every
    Thai run of the shipped questionnaires and the interface, with places and domain words
    whole."""
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "data").rglob("*.yaml")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "survey").glob("*.py")]
    runs = sorted(set(re.findall(r"[\u0E01-\u0E5B]+", "\n".join(texts))))
    assert len(runs) > 300
    differ = [run for run in runs if segment(run, engine=compact_segment) != segment(run)]
    assert differ == []
    assert segment("ไปอ.หนองจิกกับศอ.บต.", engine=compact_segment) == [
        "ไป",
        "อ.",
        "หนองจิก",
        "กับ",
        "ศอ.บต.",
    ]
