"""ThemeModel on a small hand-written set with four clearly separate themes."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from analysis.text.clean import clean_text
from analysis.text.tokens import DEFAULT_DOMAIN_WORDS
from analysis.text.tokens import classify_words
from analysis.themes.edits import ThemeEdits
from analysis.themes.edits import match_theme
from analysis.themes.encoder import UniversalSentenceEncoder
from analysis.themes.model import OTHER_ID
from analysis.themes.model import OTHER_LABEL
from analysis.themes.model import THEME_COLUMNS
from analysis.themes.model import ThemeModel
from analysis.themes.model import _parts
from analysis.themes.model import forget_readings
from analysis.themes.model import read_answer

Suggestions = tuple[list[str], list[str]]

NEW_TEXTS = {
    "food": "อาหารว่างตอนบ่ายหมดเร็ว กาแฟไม่พอ",
    "venue": "แอร์ในห้องประชุมหนาวเกินไป",
    "speaker": "วิทยากรบรรยายเร็ว ฟังไม่ทัน",
    "security": "ถนนกลางคืนไม่ปลอดภัย ควรมีด่านตรวจ",
}


@pytest.fixture(scope="module")
def fitted(suggestions: Suggestions) -> ThemeModel:
    """Return a model fitted on the hand-written suggestions."""
    return ThemeModel(random_state=0).fit(suggestions[0])


def theme_of(model: ThemeModel, gold: list[str], name: str) -> int:
    """Return the theme id most answers of the gold theme ``name`` went to."""
    ids = [int(t) for t, g in zip(model.labels_, gold, strict=True) if g == name]
    return Counter(ids).most_common(1)[0][0]


def test_recovers_the_four_themes(fitted: ThemeModel, suggestions: Suggestions) -> None:
    _, gold = suggestions
    assert len(set(fitted.labels_.tolist()) - {OTHER_ID}) == 4
    assert adjusted_rand_score(gold, fitted.labels_) > 0.7
    assert len({theme_of(fitted, gold, name) for name in NEW_TEXTS}) == 4


def test_themes_table_shape(fitted: ThemeModel, suggestions: Suggestions) -> None:
    texts, _ = suggestions
    themes = fitted.themes_
    assert list(themes.columns) == THEME_COLUMNS
    assert themes["size"].sum() == len(texts)
    assert themes["share"].sum() == pytest.approx(1.0)
    assert len(fitted.labels_) == len(texts)
    for row in themes.itertuples():
        assert isinstance(row.quotes, tuple)
        assert 1 <= len(row.quotes) <= 3
        assert set(row.quotes) <= set(texts)
        assert row.label
    if OTHER_ID in themes["theme_id"].tolist():
        assert themes.iloc[-1]["label"] == OTHER_LABEL


def test_labels_name_the_theme(fitted: ThemeModel, suggestions: Suggestions) -> None:
    _, gold = suggestions
    speaker = fitted.label_of(theme_of(fitted, gold, "speaker"))
    food = fitted.label_of(theme_of(fitted, gold, "food"))
    assert "วิทยากร" in speaker
    assert "อาหาร" in food


def test_labels_are_words_not_emoji_or_laughter() -> None:
    food = ["👍👍 อาหารกลางวันอร่อย", "อาหารว่างอร่อยมาก 👍", "555 อาหารเยอะดี 👍", "👍 อาหารอร่อยทุกมื้อ"]
    room = ["ห้องประชุมหนาว 😡", "😡 แอร์ห้องประชุมเย็นไป", "ห้องประชุมเสียงดัง 555", "😡😡 ห้องประชุมแคบ"]
    model = ThemeModel(n_themes=2).fit(food + room)
    themes = model.themes_[model.themes_["theme_id"] != OTHER_ID]
    assert len(themes) == 2
    named = [row.label + " " + " ".join(row.keywords) for row in themes.itertuples()]
    for text in named:
        assert not any(mark in text for mark in ("👍", "😡", "555")), text
    assert any("อาหาร" in text for text in named)
    assert any("ห้องประชุม" in label for label in themes["label"])
    # a theme of emoji alone is not named by an emoji
    thumbs = ThemeModel(n_themes=2).fit(["👍"] * 4 + ["😡"] * 4)
    assert not any(mark in label for label in thumbs.themes_["label"] for mark in "👍😡")


def test_deterministic(suggestions: Suggestions) -> None:
    first = ThemeModel(random_state=3).fit(suggestions[0])
    second = ThemeModel(random_state=3).fit(suggestions[0])
    assert np.array_equal(first.labels_, second.labels_)
    assert first.themes_.equals(second.themes_)


def test_fixed_number_of_themes(suggestions: Suggestions) -> None:
    model = ThemeModel(n_themes=2).fit(suggestions[0])
    assert len(set(model.labels_.tolist()) - {OTHER_ID}) <= 2


def test_predict_new_texts(fitted: ThemeModel, suggestions: Suggestions) -> None:
    _, gold = suggestions
    predicted = fitted.predict([*NEW_TEXTS.values(), "qwerty zzz"])
    expected = [theme_of(fitted, gold, name) for name in NEW_TEXTS]
    assert predicted[:4].tolist() == expected
    assert predicted[4] == OTHER_ID
    assert (
        fitted.labels_.tolist() == ThemeModel(random_state=0).fit(suggestions[0]).labels_.tolist()
    )


def test_unrelated_text_goes_to_other(suggestions: Suggestions) -> None:
    texts = [*suggestions[0], "Lorem ipsum dolor sit amet"]
    model = ThemeModel().fit(texts)
    assert model.labels_[-1] == OTHER_ID
    assert model.themes_.iloc[-1]["label"] == OTHER_LABEL


def test_too_few_answers_give_only_other() -> None:
    model = ThemeModel().fit(["ห้องเย็นมาก", "อาหารอร่อย"])
    assert model.labels_.tolist() == [OTHER_ID, OTHER_ID]
    assert model.themes_["size"].tolist() == [2]


def test_repeated_answers_do_not_ask_for_more_themes_than_distinct_texts() -> None:
    texts = ["อาหารกลางวันอร่อย"] * 20 + ["ห้องประชุมหนาวมาก"] * 20
    for n_themes in ("auto", 5):
        model = ThemeModel(n_themes=n_themes).fit(texts)  # no ConvergenceWarning (an error here)
        assert model.labels_.tolist() == [0] * 20 + [1] * 20 or model.labels_.tolist() == (
            [1] * 20 + [0] * 20
        )


def test_a_small_workshop_with_many_distinct_suggestions_gets_a_theme_for_each() -> None:
    # 12 suggestions, each written by 5 people: 60 answers, far more themes than sqrt(60/2)
    distinct = [
        "ถนนเข้าหมู่บ้านชำรุด",
        "ไฟส่องสว่างไม่พอ",
        "น้ำประปาไม่ไหล",
        "เยาวชนว่างงาน ควรฝึกอาชีพ",
        "ปัญหายาเสพติดรุนแรง",
        "อยากได้กล้องวงจรปิดเพิ่ม",
        "ควรมีล่ามภาษามลายู",
        "วิทยากรพูดเร็วเกินไป",
        "แอร์ห้องประชุมหนาว",
        "ที่จอดรถไม่พอ",
        "อาหารฮาลาลควรชัดเจน",
        "เอกสารควรส่งล่วงหน้า",
    ]
    texts = [text for _ in range(5) for text in distinct]
    model = ThemeModel().fit(texts)
    assert len(model.themes_[model.themes_["theme_id"] != OTHER_ID]) == len(distinct)
    for text in distinct:
        assert len({int(t) for t, x in zip(model.labels_, texts, strict=True) if x == text}) == 1


def test_empty_input_gives_only_other() -> None:
    model = ThemeModel().fit(["-", "ไม่มี"])
    assert model.labels_.tolist() == [OTHER_ID, OTHER_ID]
    assert model.predict(["อาหารอร่อย"]).tolist() == [OTHER_ID]


def test_edits_survive_a_refit_on_more_texts(fitted: ThemeModel, suggestions: Suggestions) -> None:
    texts, gold = suggestions
    food = theme_of(fitted, gold, "food")
    venue = theme_of(fitted, gold, "venue")
    speaker = theme_of(fitted, gold, "speaker")
    moved = "ห้องน้ำใกล้ห้องประชุมไม่สะอาด"
    edits = (
        ThemeEdits()
        .rename(fitted.signatures_[food], "อาหารและของว่าง")
        .merge(fitted.signatures_[speaker], into=fitted.signatures_[venue])
        .move(moved, into=fitted.signatures_[food])
    )
    edits = ThemeEdits.from_json(edits.to_json())  # edits are kept as data
    more = [*texts, *NEW_TEXTS.values(), "อาหารกลางวันอร่อย อาหารว่างดี"]
    refit = ThemeModel(random_state=0, edits=edits).fit(more)
    labels = refit.labels_
    food_id = int(labels[texts.index(FOOD_EXAMPLE)])
    assert refit.label_of(food_id) == "อาหารและของว่าง"
    speaker_ids = {int(t) for t, g in zip(labels[: len(gold)], gold, strict=True) if g == "speaker"}
    venue_ids = {int(t) for t, g in zip(labels[: len(gold)], gold, strict=True) if g == "venue"}
    assert speaker_ids & venue_ids
    assert labels[texts.index(moved)] == food_id
    assert refit.predict([moved]).tolist() == [food_id]


FOOD_EXAMPLE = "อยากให้มีอาหารว่างตอนบ่ายเพิ่ม"


def test_match_theme_by_words() -> None:
    signatures = {0: ("ถนน", "ปลอดภัย", "ด่าน"), 1: ("อาหาร", "กาแฟ", "อร่อย")}
    assert match_theme(("กาแฟ", "อาหาร", "ขนม"), signatures) == 1
    assert match_theme(("วิทยากร",), signatures) is None


def test_a_later_edit_naming_a_merged_theme_means_the_theme_it_went_into(
    fitted: ThemeModel, suggestions: Suggestions
) -> None:
    texts, gold = suggestions
    food = theme_of(fitted, gold, "food")
    venue = theme_of(fitted, gold, "venue")
    edits = ThemeEdits().merge(fitted.signatures_[food], into=fitted.signatures_[venue])
    merged = ThemeModel(random_state=0, edits=edits).fit(texts)
    together = int(merged.labels_[texts.index(FOOD_EXAMPLE)])
    # the analyst renames the merged theme by the words it has now, food's and venue's mixed,
    # which may match food's old theme better than venue's
    edits.rename(merged.signatures_[together], "อาหารและสถานที่")
    edits.rename(fitted.signatures_[food], "ชื่อที่ตั้งทีหลัง")
    refit = ThemeModel(random_state=0, edits=edits).fit(texts)
    assert refit.label_of(int(refit.labels_[texts.index(FOOD_EXAMPLE)])) == "ชื่อที่ตั้งทีหลัง"
    first = ThemeModel(random_state=0, edits=ThemeEdits(edits.edits[:2])).fit(texts)
    assert first.label_of(int(first.labels_[texts.index(FOOD_EXAMPLE)])) == "อาหารและสถานที่"
    assert first.themes_["label"].tolist().count("อาหารและสถานที่") == 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not JSON"),
        ('{"op": "rename"}', "not a JSON array of edits"),
        ('["rename"]', "edit 1 is not an object"),
        ('[{"op": "split"}]', "edit 1: 'op' must be one of rename, merge, move"),
        (
            '[{"op": "rename", "theme": ["a"], "label": "x"}, {"op": "rename", "theme": "อาหาร", "label": "x"}]',
            "edit 2 (rename): 'theme' must be a list of words",
        ),
        (
            '[{"op": "rename", "theme": ["อาหาร"], "label": " "}]',
            "edit 1 (rename): 'label' must be a text",
        ),
        (
            '[{"op": "move", "text": "แอร์", "into": []}]',
            "edit 1 (move): 'into' must be a list of words",
        ),
    ],
)
def test_edits_read_from_json_are_checked(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        ThemeEdits.from_json(text)
    assert ThemeEdits.from_json("[]").edits == []


def test_encoding_in_two_processes_gives_the_same_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("analysis.themes.encoder.DEFAULT_PARALLEL_TEXTS", 4)
    monkeypatch.setattr("analysis.themes.encoder.DEFAULT_ENCODE_BATCH", 3)
    texts = [*NEW_TEXTS.values(), "ห้องน้ำสะอาด", "ที่จอดรถไม่พอ", "อาหารว่างอร่อย"]
    done: list[tuple[int, int]] = []
    parallel = UniversalSentenceEncoder(progress=lambda d, t: done.append((d, t)), processes=2)
    one = UniversalSentenceEncoder().encode(texts)
    assert np.allclose(parallel.encode(texts), one, atol=1e-6)
    assert done == [(3, 7), (6, 7), (7, 7)]


@pytest.mark.parametrize(
    "text",
    [
        "แอร์ไม่เย็น 🙏👷ขอ ต.หนองจิก โทร 081-234-5678",
        "น้ำประปาไม่ไหล\u200b ซ.ลาดพร้าว ๑๒",  # zero-width space, Thai digits
        "กำ\u0e4d\u0e32ลังใจ ทำ\u0e33งาน",  # sara am written both ways
        "ดีมากกกก 555 wifi ช้า Selamat pagi",
    ],
)
def test_a_remembered_reading_is_the_reading(text: str) -> None:
    expected = (clean_text(text), classify_words(clean_text(text), DEFAULT_DOMAIN_WORDS))
    first = read_answer(text, DEFAULT_DOMAIN_WORDS)
    again = read_answer(text, DEFAULT_DOMAIN_WORDS)
    assert (first[0], list(first[1])) == expected
    assert again == first
    assert "081" not in first[0]  # masked before it is remembered


def test_a_refit_reuses_each_answers_reading_and_reads_a_changed_answer_anew() -> None:
    texts = [f"{topic} ครั้งที่ {i}" for topic in ("แอร์ไม่เย็น", "อาหารอร่อย") for i in range(6)]
    forget_readings()
    ThemeModel(encoder=None).fit(texts)
    read = read_answer.cache_info().misses, _parts.cache_info().misses
    ThemeModel(encoder=None).fit(texts)
    assert (read_answer.cache_info().misses, _parts.cache_info().misses) == read
    changed = ThemeModel(encoder=None).fit([*texts[:-1], "ห้องน้ำสกปรก ครั้งที่ 5"])
    assert (read_answer.cache_info().misses, _parts.cache_info().misses) == (
        read[0] + 1,
        read[1] + 1,
    )
    assert changed.features_ is not None
    assert "สกปรก" in changed.features_.vocabulary()
    assert "สกปรก" not in ThemeModel(encoder=None).fit(texts).features_.vocabulary()
    forget_readings()
    assert read_answer.cache_info().currsize == _parts.cache_info().currsize == 0
