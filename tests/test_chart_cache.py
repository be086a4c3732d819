"""Charts kept by what they show: the same data draws once, any change draws again."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.report import charts
from analysis.report.chart_cache import CHART_CACHE_SIZE
from analysis.report.chart_cache import content_key
from analysis.report.chart_cache import kept_chart
from analysis.stats.bands import Bands


@pytest.fixture
def counted() -> tuple[list[tuple], object]:
    calls: list[tuple] = []

    @kept_chart
    def draw(frame: object, fmt: str = "png") -> bytes:
        calls.append((frame, fmt))
        return f"chart {len(calls)}".encode()

    return calls, draw


def frame(score: float = 4.0) -> pd.DataFrame:
    return pd.DataFrame(
        {"item_id": ["speaker", "venue"], "mean": [score, 3.5], "label": ["วิทยากร", "สถานที่"]}
    )


def test_the_same_data_is_drawn_once_and_a_changed_answer_draws_again(counted) -> None:
    calls, draw = counted
    first = draw(frame(), fmt="svg")
    assert draw(frame(), fmt="svg") == first  # a new, equal frame: kept
    assert len(calls) == 1
    draw(frame(), fmt="png")  # another format is another chart
    draw(frame(4.01), fmt="svg")  # one mean changed
    assert len(calls) == 3


def test_a_difference_pandas_would_not_print_still_changes_the_key() -> None:
    big = pd.DataFrame({"value": range(1000), "label": ["ก"] * 1000})
    changed = big.copy()
    changed.loc[500, "label"] = "ข"  # repr() shows rows 0-4 and 995-999 only
    assert repr(big) == repr(changed)
    assert content_key("c", (big,), {}) != content_key("c", (changed,), {})
    renamed = big.rename(columns={"label": "text"})
    assert content_key("c", (big,), {}) != content_key("c", (renamed,), {})
    assert content_key("c", (big,), {}) == content_key("c", (big.copy(),), {})


def test_bands_and_tuples_are_read_by_content() -> None:
    five = Bands((4.5, 3.5, 2.5, 1.5, 1.0), ("มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"))
    other = Bands((4.21, 3.41, 2.61, 1.81, 1.0), five.labels)
    assert content_key("c", (five,), {}) != content_key("c", (other,), {})
    assert content_key("c", ((frame(), 1),), {}) != content_key("c", ((frame(3.0), 1),), {})


def test_an_argument_of_unknown_kind_is_drawn_every_time(counted) -> None:
    calls, draw = counted
    thing = object()
    draw(thing)
    draw(thing)
    assert len(calls) == 2


def test_at_most_the_cache_size_is_kept_the_oldest_dropped_first(counted) -> None:
    calls, draw = counted
    for score in range(CHART_CACHE_SIZE + 1):
        draw(frame(float(score)))
    assert len(calls) == CHART_CACHE_SIZE + 1
    draw(frame(float(CHART_CACHE_SIZE)))  # the newest: kept
    assert len(calls) == CHART_CACHE_SIZE + 1
    draw(frame(0.0))  # the oldest: dropped, drawn again
    assert len(calls) == CHART_CACHE_SIZE + 2


def test_a_report_chart_kept_is_the_chart_drawn() -> None:
    counts = pd.DataFrame(
        {"value": ["a", "b"], "label": ["ปลัด", "กำนัน"], "count": [3, 5], "percent": [37.5, 62.5]}
    )
    charts.profile_chart.cache_clear()
    drawn = charts.profile_chart(counts, fmt="svg")
    assert drawn.startswith(b"<?xml")
    assert charts.profile_chart(counts.copy(), fmt="svg") is drawn
    assert charts.profile_chart(counts.assign(count=[3, 6]), fmt="svg") != drawn
