"""Rating figures checked against values worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.questionnaire.model import Questionnaire
from analysis.report.blocks import Paragraph
from analysis.report.sections import satisfaction_blocks
from analysis.responses import responses_frame
from analysis.stats.breakdown import summarize_by
from analysis.stats.indices import cronbach_alpha
from analysis.stats.indices import net_promoter
from analysis.stats.indices import section_reliability
from analysis.stats.knowledge import knowledge_change
from analysis.stats.ratings import DEFAULT_BANDS
from analysis.stats.ratings import HALF_POINT_BANDS
from analysis.stats.ratings import Bands
from analysis.stats.ratings import RatingDataError
from analysis.stats.ratings import format_score
from analysis.stats.ratings import level_distribution
from analysis.stats.ratings import summarize_ratings
from analysis.stats.ratings import summarize_sections
from tests.conftest import FrameMaker
from tests.conftest import make_record

SATISFACTION = ("speaker", "content", "duration", "venue", "food", "documents")
T_975_DF4 = 2.7764451051977987  # Student's t, two-sided 95 %, 4 degrees of freedom (tables)


def _row(summary: pd.DataFrame, item_id: str) -> pd.Series:
    return summary.set_index("item_id").loc[item_id]


def test_question_figures_match_hand_calculation(make_frame: FrameMaker, questionnaire) -> None:
    frame = make_frame([{"speaker": v} for v in (5, 4, 4, 3, 5, None)])
    row = _row(summarize_ratings(frame, questionnaire), "speaker")
    sd = math.sqrt((0.8**2 + 0.2**2 + 0.2**2 + 1.2**2 + 0.8**2) / 4)
    assert row["n"] == 5
    assert row["missing"] == 1
    assert row["mean"] == pytest.approx(4.2)
    assert row["sd"] == pytest.approx(sd)
    assert row["ci_low"] == pytest.approx(4.2 - T_975_DF4 * sd / math.sqrt(5))
    assert row["ci_high"] == pytest.approx(4.2 + T_975_DF4 * sd / math.sqrt(5))
    assert row["top2_share"] == pytest.approx(4 / 5)
    assert row["band"] == "มาก"
    assert row["label"] == "วิทยากรมีความรู้และถ่ายทอดได้ชัดเจน"


def test_missing_answers_are_missing_not_zero(make_frame: FrameMaker, questionnaire) -> None:
    frame = make_frame([{"content": 5}, {"content": None}, {"content": ""}, {}])
    row = _row(summarize_ratings(frame, questionnaire), "content")
    assert (row["n"], row["missing"], row["mean"]) == (1, 3, 5.0)
    assert math.isnan(row["sd"])
    untouched = _row(summarize_ratings(frame, questionnaire), "food")
    assert untouched["n"] == 0
    assert math.isnan(untouched["mean"])
    assert pd.isna(untouched["band"])


def test_level_counts_and_percentages(make_frame: FrameMaker, questionnaire) -> None:
    frame = make_frame([{"venue": v} for v in (5, 5, 4, 2, None)])
    levels = level_distribution(frame, questionnaire)
    venue = levels[levels["question_id"] == "venue"].set_index("level")
    assert list(venue.index) == [5, 4, 3, 2, 1]
    assert venue["count"].tolist() == [2, 1, 0, 1, 0]
    assert venue["percent"].tolist() == pytest.approx([50.0, 25.0, 0.0, 25.0, 0.0])
    assert venue.loc[5, "level_label"] == "มากที่สุด"


@pytest.mark.parametrize(
    ("mean", "expected"),
    [
        (5.0, "มากที่สุด"),
        (4.21, "มากที่สุด"),
        (4.205, "มากที่สุด"),  # printed as 4.21
        (4.2049, "มาก"),  # printed as 4.20
        (4.20, "มาก"),
        (3.41, "มาก"),
        (3.40, "ปานกลาง"),
        (2.61, "ปานกลาง"),
        (2.60, "น้อย"),
        (1.81, "น้อย"),
        (1.80, "น้อยที่สุด"),
        (1.00, "น้อยที่สุด"),
    ],
)
def test_default_bands_at_their_edges(mean: float, expected: str) -> None:
    assert DEFAULT_BANDS.interpret(mean) == expected


@pytest.mark.parametrize(
    ("mean", "expected"),
    [(4.50, "มากที่สุด"), (4.495, "มากที่สุด"), (4.49, "มาก"), (3.50, "มาก"), (1.49, "น้อยที่สุด")],
)
def test_half_point_bands_at_their_edges(mean: float, expected: str) -> None:
    assert HALF_POINT_BANDS.interpret(mean) == expected


def test_band_of_a_computed_mean_at_the_edge(make_frame: FrameMaker, questionnaire) -> None:
    at_edge = make_frame([{"speaker": 5}] * 21 + [{"speaker": 4}] * 79)  # 421 / 100 = 4.21
    below = make_frame([{"speaker": 5}] * 20 + [{"speaker": 4}] * 80)  # 4.20
    assert _row(summarize_ratings(at_edge, questionnaire), "speaker")["band"] == "มากที่สุด"
    assert _row(summarize_ratings(below, questionnaire), "speaker")["band"] == "มาก"
    assert format_score(4.205) == "4.21"
    assert format_score(float("nan")) == "-"


def test_custom_bands_are_used(make_frame: FrameMaker, questionnaire) -> None:
    frame = make_frame([{"speaker": 4}, {"speaker": 5}])
    pass_fail = Bands((3.0, 1.0), ("ผ่าน", "ไม่ผ่าน"))
    assert _row(summarize_ratings(frame, questionnaire, pass_fail), "speaker")["band"] == "ผ่าน"
    with pytest.raises(ValueError, match="highest down"):
        Bands((1.0, 3.0), ("a", "b"))


def test_non_numeric_rating_names_column_and_row(make_frame: FrameMaker, questionnaire) -> None:
    frame = make_frame([{"speaker": 5}, {"speaker": 4}, {"speaker": 3}])
    broken = frame.astype({"speaker": "object"})
    broken.loc[1, "speaker"] = "ดีมาก"
    with pytest.raises(RatingDataError, match=r"column 'speaker', row 2: 'ดีมาก'") as caught:
        summarize_ratings(broken, questionnaire)
    assert (caught.value.column, caught.value.row) == ("speaker", 2)
    outside = frame.copy()
    outside.loc[2, "speaker"] = 7.0
    with pytest.raises(
        RatingDataError, match=r"column 'speaker', row 3: 7.0 is outside the scale 1-5"
    ):
        summarize_ratings(outside, questionnaire)
    as_text = frame.astype({"speaker": "object"})
    as_text.loc[0, "speaker"] = "5"
    as_text.loc[2, "speaker"] = " "
    assert _row(summarize_ratings(as_text, questionnaire), "speaker")["n"] == 2


def test_sections_average_each_respondent_first(make_frame: FrameMaker, questionnaire) -> None:
    all_fives = dict.fromkeys(SATISFACTION, 5)
    frame = make_frame([all_fives, {"speaker": 4, "content": 2}, {"usefulness": 1}])
    before = frame.copy()
    sections = summarize_sections(frame, questionnaire).set_index("item_id")
    satisfaction = sections.loc["satisfaction"]
    assert (satisfaction["n"], satisfaction["mean"]) == (2, 4.0)  # respondents score 5 and 3
    assert satisfaction["sd"] == pytest.approx(math.sqrt(2))
    assert satisfaction["band"] == "มาก"
    assert sections.loc["learning", "mean"] == 1.0
    assert sections.loc["overall", "n"] == 3
    assert sections.loc["overall", "mean"] == pytest.approx((5 + 3 + 1) / 3)
    pd.testing.assert_frame_equal(frame, before)


def test_small_groups_are_hidden(make_frame: FrameMaker, questionnaire) -> None:
    answers = [{"position": "district_officer", "speaker": 4}] * 5
    answers += [{"position": "local_leader", "speaker": 1}] * 2
    by_position = summarize_by(make_frame(answers), questionnaire, "position")
    assert set(by_position["group"]) == {"ปลัดอำเภอ"}
    speaker = by_position[by_position["item_id"] == "speaker"].iloc[0]
    assert (speaker["n"], speaker["mean"]) == (5, 4.0)
    assert "food" not in set(by_position["item_id"])  # nobody answered it
    assert summarize_by(make_frame(answers), questionnaire, "position", min_group_size=8).empty


def test_by_day_and_free_text_agency(make_frame: FrameMaker, questionnaire) -> None:
    answers = [{"agency": " อำเภอเมือง ", "speaker": 5}] * 3 + [
        {"agency": "อำเภอเมือง", "speaker": 3}
    ] * 3
    frame = make_frame(answers, sessions=[1, 1, 1, 2, 2, 2])
    by_day = summarize_by(frame, questionnaire, "day", min_group_size=3)
    speaker = by_day[by_day["item_id"] == "speaker"].set_index("group")["mean"]
    assert speaker.to_dict() == {"1": 5.0, "2": 3.0}
    by_agency = summarize_by(frame, questionnaire, "agency", min_group_size=6)
    assert set(by_agency["group"]) == {"อำเภอเมือง"}
    with pytest.raises(ValueError, match="multiple_choice"):
        summarize_by(frame, questionnaire, "application")


def test_knowledge_gain_and_paired_test(make_frame: FrameMaker, questionnaire) -> None:
    before = [2, 3, 2, 1, 3, 2, 3, 4, 2, 3]
    after = [4, 4, 3, 3, 3, 4, 5, 4, 3, None]
    answers = [
        {"knowledge__before": b, "knowledge__after": a} for b, a in zip(before, after, strict=True)
    ]
    row = knowledge_change(make_frame(answers), questionnaire).iloc[0]
    pairs_before, pairs_after = before[:9], after[:9]
    gains = [a - b for a, b in zip(pairs_after, pairs_before, strict=True)]  # type: ignore[operator]
    assert row["n_pairs"] == 9
    assert row["mean_before"] == pytest.approx(sum(pairs_before) / 9)
    assert row["mean_after"] == pytest.approx(sum(pairs_after) / 9)  # type: ignore[arg-type]
    assert row["mean_gain"] == pytest.approx(sum(gains) / 9)
    assert row["improved_share"] == pytest.approx(7 / 9)
    assert row["same_share"] == pytest.approx(2 / 9)
    # SPSS's asymptotic p, worked by hand: 7 non-zero gains, all positive (three 1s tied at
    # rank 2, four 2s tied at rank 5.5): T = min(28, 0) = 0, mean 7*8/4 = 14, variance
    # 7*8*15/24 - ((3**3 - 3) + (4**3 - 4))/48 = 33.25, z = -14/sqrt(33.25).
    z = (0 - 14) / math.sqrt(7 * 8 * 15 / 24 - ((3**3 - 3) + (4**3 - 4)) / 48)
    assert row["statistic"] == 0
    assert row["p_value"] == pytest.approx(2 * stats.norm.sf(abs(z)))
    assert row["p_value"] == pytest.approx(0.0152, abs=5e-5)


def test_knowledge_without_change_has_no_test(make_frame: FrameMaker, questionnaire) -> None:
    answers = [{"knowledge__before": 3, "knowledge__after": 3}] * 4
    row = knowledge_change(make_frame(answers), questionnaire).iloc[0]
    assert (row["n_pairs"], row["mean_gain"], row["same_share"]) == (4, 0.0, 1.0)
    assert math.isnan(row["p_value"])


def test_cronbach_alpha_by_its_formula(make_frame: FrameMaker, questionnaire) -> None:
    rows = [
        (5, 4, 5, 4, 5, 4),
        (4, 4, 4, 3, 4, 4),
        (3, 2, 3, 3, 2, 3),
        (5, 5, 4, 5, 5, 5),
        (2, 3, 2, 2, 3, 1),
    ]
    answers = [dict(zip(SATISFACTION, r, strict=True)) for r in rows] + [
        {"speaker": 5}
    ]  # incomplete: left out
    matrix = np.array(rows, dtype=float)
    k = matrix.shape[1]
    expected = k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / matrix.sum(axis=1).var(ddof=1))
    reliability = section_reliability(make_frame(answers), questionnaire)
    assert reliability["section_id"].tolist() == ["satisfaction"]  # learning has one likert item
    assert reliability.iloc[0]["n"] == 5
    assert reliability.iloc[0]["alpha"] == pytest.approx(expected)
    identical = pd.DataFrame({"a": [1, 2, 3], "b": [1, 2, 3]})
    assert cronbach_alpha(identical) == pytest.approx(1.0)


def test_net_promoter_score() -> None:
    questionnaire = Questionnaire.from_dict(
        {
            "id": "nps_form",
            "title": "แบบสอบถาม",
            "sections": [
                {
                    "id": "s",
                    "title": "ส่วน",
                    "questions": [{"id": "recommend", "type": "nps", "label": "แนะนำ"}],
                }
            ],
        }
    )
    scores = [10, 10, 9, 7, 3, None]
    frame = responses_frame(
        [make_record(i, {"recommend": s}) for i, s in enumerate(scores)], questionnaire
    )
    row = net_promoter(frame, questionnaire).iloc[0]
    assert row["n"] == 5
    assert (row["promoters"], row["passives"], row["detractors"]) == pytest.approx((0.6, 0.2, 0.2))
    assert row["nps"] == pytest.approx(40.0)
    [line] = [
        b.text
        for b in satisfaction_blocks(frame, questionnaire, DEFAULT_BANDS)
        if isinstance(b, Paragraph) and "NPS" in b.text
    ]
    assert line == (
        "แนะนำ: NPS = 40 หมายถึงผู้สนับสนุนมากกว่าผู้ไม่สนับสนุน 40 จุดร้อยละ "
        "(ผู้สนับสนุน ให้ 9–10 ร้อยละ 60.00, เฉย ๆ ให้ 7–8 ร้อยละ 20.00, "
        "ผู้ไม่สนับสนุน ให้ 0–6 ร้อยละ 20.00, n = 5)"
    )
    summary = summarize_ratings(frame, questionnaire)
    assert pd.isna(summary.iloc[0]["band"])  # Thai 5-point bands do not fit a 0-10 scale


def test_bands_only_read_scales_they_were_made_for() -> None:
    three = ["ดี", "พอใช้", "ควรปรับปรุง"]
    questionnaire = Questionnaire.from_dict(
        {
            "id": "short_form",
            "title": "แบบสั้น",
            "sections": [
                {
                    "id": "s",
                    "title": "ส่วน",
                    "questions": [
                        {"id": "a", "type": "likert", "label": "ก", "scale": three},
                        {"id": "b", "type": "likert", "label": "ข", "scale": three},
                    ],
                }
            ],
        }
    )
    records = [make_record(i, {"a": 3, "b": 2}) for i in range(3)]
    frame = responses_frame(records, questionnaire)
    sections = summarize_sections(frame, questionnaire).set_index("item_id")
    assert sections.loc["s", "mean"] == 2.5
    assert pd.isna(sections.loc["s", "band"])
    assert summarize_ratings(frame, questionnaire)["top2_share"].tolist() == [1.0, 1.0]


def test_groups_come_in_programme_and_form_order(make_frame, questionnaire: Questionnaire) -> None:
    answers = [{"speaker": "4", "position": "local_leader"}] * 5
    answers += [{"speaker": "5", "position": "admin_officer"}] * 5
    frame = make_frame(answers, sessions=[2] * 5 + [1] * 5)
    frame["session_title"] = frame["session_id"].map({1: "พิธีเปิด", 2: "บรรยาย"})
    by_session = summarize_by(frame, questionnaire, "session_title")
    assert list(dict.fromkeys(by_session["group"])) == ["พิธีเปิด", "บรรยาย"]
    by_position = summarize_by(frame, questionnaire, "position")
    assert list(dict.fromkeys(by_position["group"])) == [
        "เจ้าหน้าที่ปกครอง",
        "ผู้นำท้องที่ (กำนัน/ผู้ใหญ่บ้าน)",
    ]
