"""Free-text answers of a questionnaire: non-answers out, points split, personal data masked, themed."""

from __future__ import annotations

from collections import Counter

from analysis.questionnaire.model import Questionnaire
from analysis.themes.edits import ThemeEdits
from analysis.themes.opinions import fit_suggestion_themes
from analysis.themes.opinions import opinion_answers
from analysis.themes.opinions import suggestion_themes
from tests.conftest import FrameMaker


def test_non_answers_and_one_persons_re_pastes_are_left_out_and_phones_masked(
    make_frame: FrameMaker, questionnaire: Questionnaire
) -> None:
    frame = make_frame(
        [
            {"suggestion": "ไม่มีค่ะ", "opinion": "-"},
            {"suggestion": "ไม่มีที่จอดรถ ต้องจอดไกลมาก"},
            {"suggestion": "ติดต่อกลับที่ 081-234-5678 ได้ครับ"},
            {"suggestion": "ไม่มีที่จอดรถ ต้องจอดไกลมาก"},
            {"local_problem": "ถนนชำรุด\u200bไฟไม่พอ"},
            {"suggestion": "ไม่มีที่จอดรถ  ต้องจอดไกลมากค่ะ", "opinion": "ห้องเย็นไป"},
        ]
    )
    # the sixth response is the second person's again (a new session, the same phone)
    frame.loc[5, "respondent_key"] = frame.loc[3, "respondent_key"]
    answers = opinion_answers(frame, questionnaire)
    assert answers["text_clean"].tolist() == [
        "ห้องเย็นไป",
        "ไม่มีที่จอดรถ ต้องจอดไกลมาก",
        "ติดต่อกลับที่ [เบอร์โทร] ได้ครับ",
        "ไม่มีที่จอดรถ ต้องจอดไกลมาก",  # the same complaint from another person counts
        "ถนนชำรุดไฟไม่พอ",
    ]
    assert answers["response_id"].tolist() == [6, 2, 3, 4, 5]
    assert answers["question_id"].tolist() == [
        "opinion",
        "suggestion",
        "suggestion",
        "suggestion",
        "local_problem",
    ]


def test_too_few_points_are_listed_without_themes(
    make_frame: FrameMaker, questionnaire: Questionnaire
) -> None:
    frame = make_frame([{"suggestion": "1. เพิ่มเวลาแลกเปลี่ยน 2. อาหารว่างเพิ่มกาแฟ"}])
    themes, points = suggestion_themes(frame, questionnaire)
    assert themes is None
    assert points["text"].tolist() == ["เพิ่มเวลาแลกเปลี่ยน", "อาหารว่างเพิ่มกาแฟ"]
    assert points["unit_no"].tolist() == [0, 1]
    assert set(points["response_id"]) == {1}
    assert set(points["theme_id"]) == {-1}


def test_suggestions_fall_into_their_themes(
    make_frame: FrameMaker, questionnaire: Questionnaire, suggestions: tuple[list[str], list[str]]
) -> None:
    texts, gold = suggestions
    frame = make_frame([{"suggestion": text} for text in texts] + [{"suggestion": "ไม่มี"}])
    themes, points = suggestion_themes(frame, questionnaire)
    assert themes is not None
    assert len(points) == len(texts)
    assert points["response_id"].tolist() == list(range(1, len(texts) + 1))
    pure = 0
    for theme_id in set(points["theme_id"]) - {-1}:
        members = [g for g, t in zip(gold, points["theme_id"], strict=True) if t == theme_id]
        pure += Counter(members).most_common(1)[0][1]
    assert pure >= 0.75 * len(texts)
    assert int(themes["size"].sum()) == len(texts)


def test_edits_are_re_applied_to_the_points_themes(
    make_frame: FrameMaker, questionnaire: Questionnaire, suggestions: tuple[list[str], list[str]]
) -> None:
    texts, gold = suggestions
    frame = make_frame([{"suggestion": text} for text in texts])
    model, points = fit_suggestion_themes(frame, questionnaire)
    assert model is not None
    food = int(points.loc[points["text"] == texts[gold.index("food")], "theme_id"].iloc[0])
    moved = texts[gold.index("venue")]
    edits = (
        ThemeEdits().rename(model.signatures_[food], "อาหาร").move(moved, model.signatures_[food])
    )
    themes, edited = suggestion_themes(frame, questionnaire, edits=edits)
    assert themes is not None
    assert themes.loc[themes["theme_id"] == food, "label"].tolist() == ["อาหาร"]
    assert edited.loc[edited["text"] == moved, "theme_id"].tolist() == [food]
    assert int(themes["size"].sum()) == len(texts)
