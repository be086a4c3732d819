"""Charts for the report and the dashboard, as PNG or SVG bytes with Thai drawn in Sarabun."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from analysis.report.chart_cache import kept_chart
from analysis.report.chart_style import count_bars
from analysis.report.chart_style import figure_height
from analysis.report.chart_style import new_figure
from analysis.report.chart_style import no_data_chart
from analysis.report.chart_style import plain_axes
from analysis.report.chart_style import render
from analysis.report.chart_style import thai_style
from analysis.report.chart_style import wrap_label
from analysis.stats.ratings import DEFAULT_BANDS
from analysis.stats.ratings import Bands
from analysis.stats.ratings import format_score

# Red (low) to blue (high), readable by the colour-blind; grey is the neutral middle.
LIKERT_COLOURS = ("#ca0020", "#f4a582", "#d9d9d9", "#92c5de", "#0571b0")
BEFORE_COLOUR = "#bdbdbd"
AFTER_COLOUR = "#0571b0"
BAR_COLOUR = "#4a7fb5"
OTHER_COLOUR = "#bdbdbd"
GREY_VALUES = frozenset({"", "other"})  # profile rows drawn grey: ไม่ระบุ and อื่น ๆ
PROFILE_ROW_HEIGHT = 0.3  # inches per answer: small, as a report holds one chart per question
PROFILE_LINE_HEIGHT = 0.15  # inches more per answer when a label wraps onto a second line
PROFILE_MARGIN = 0.55  # inches for the count axis and its label
TITLE_HEIGHT = 0.3  # inches for a chart's own title
MIN_SEGMENT_LABEL = 7.0  # percent: narrower segments are left unlabelled


def _colours(count: int) -> list[str]:
    if count == len(LIKERT_COLOURS):
        return list(LIKERT_COLOURS)
    positions = np.linspace(0, len(LIKERT_COLOURS) - 1, count).round().astype(int)
    return [LIKERT_COLOURS[i] for i in positions]


def _likert_segments(levels: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    """Return level labels lowest first and a (questions x levels) matrix of percents."""
    ordered = levels.sort_values("level")
    labels = list(dict.fromkeys(ordered["level_label"]))
    table = ordered.pivot_table(
        index="question_id", columns="level", values="percent", aggfunc="first", sort=False
    )
    return labels, table.fillna(0.0).to_numpy(dtype="float64")


def _draw_diverging(ax: Axes, percents: np.ndarray, labels: list[str]) -> None:
    count = percents.shape[1]
    rows = np.arange(percents.shape[0])
    negative = percents[:, : count // 2].sum(axis=1)
    if count % 2:
        negative = negative + percents[:, count // 2] / 2
    left = -negative
    for level, colour in enumerate(_colours(count)):
        widths = percents[:, level]
        ax.barh(rows, widths, left=left, color=colour, height=0.7, label=labels[level])
        for row, (start, width) in enumerate(zip(left, widths, strict=True)):
            if width >= MIN_SEGMENT_LABEL:
                dark = colour in (LIKERT_COLOURS[0], LIKERT_COLOURS[-1])
                text_colour = "white" if dark else "#222222"
                ax.text(
                    start + width / 2,
                    row,
                    f"{width:.0f}%",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=text_colour,
                )
        left = left + widths
    ax.axvline(0, color="#555555", linewidth=0.8, zorder=0)


@kept_chart
def likert_chart(levels: pd.DataFrame, summary: pd.DataFrame, fmt: str = "png") -> bytes:
    """Return diverging stacked bars: each question's answers by level, centred on neutral.

    `levels` is `ratings.level_distribution`, `summary` is `ratings.summarize_ratings` (it
    gives the order, the labels and the means); questions nobody answered are skipped.
    """
    shown = summary[(summary["n"] > 0) & summary["item_id"].isin(levels["question_id"])]
    if shown.empty:
        return no_data_chart(fmt)
    with thai_style():
        figure = new_figure(figure_height(len(shown)) + 0.3)
        ax = figure.add_subplot()
        subset = levels[levels["question_id"].isin(shown["item_id"])]
        subset = subset.set_index("question_id").loc[list(shown["item_id"])].reset_index()
        labels, percents = _likert_segments(subset)
        _draw_diverging(ax, percents, labels)
        ax.set_yticks(range(len(shown)), [wrap_label(t) for t in shown["label"]])
        ax.invert_yaxis()
        ax.set_xlim(-100, 100)
        ticks = [-100, -50, 0, 50, 100]
        ax.set_xticks(ticks, [f"{abs(t)}%" for t in ticks])
        for row, mean in enumerate(shown["mean"]):
            ax.annotate(
                f"x̄ {format_score(mean)}",
                (1.0, row),
                xycoords=("axes fraction", "data"),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
            )
        plain_axes(ax)
        figure.legend(
            loc="outside lower center",
            ncols=max(len(labels), 1),
            frameon=False,
            fontsize=8.5,
            handlelength=1.2,
            columnspacing=1.0,
        )
    return render(figure, fmt)


def _band_backdrop(ax: Axes, bands: Bands) -> None:
    uppers = [bands.scale[1], *bands.lower[:-1]]
    for index, (lower, upper, label) in enumerate(
        zip(bands.lower, uppers, bands.labels, strict=True)
    ):
        if index % 2 == 0:
            ax.axvspan(lower, upper, color="#f2f2f2", zorder=0, linewidth=0)
        ax.text(
            (lower + upper) / 2,
            1.01,
            label,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            color="#666666",
        )


@kept_chart
def means_chart(summary: pd.DataFrame, bands: Bands = DEFAULT_BANDS, fmt: str = "png") -> bytes:
    """Return each question's mean with its confidence interval, over the Thai bands.

    `summary` has the columns of `ratings.summarize_ratings`; rows without a mean are skipped.
    """
    shown = summary[summary["mean"].notna()]
    if shown.empty:
        return no_data_chart(fmt)
    with thai_style():
        figure = new_figure(figure_height(len(shown)) + 0.2)
        ax = figure.add_subplot()
        _band_backdrop(ax, bands)
        rows = np.arange(len(shown))
        means = shown["mean"].to_numpy(dtype="float64")
        low = np.nan_to_num(means - shown["ci_low"].to_numpy(dtype="float64"))
        high = np.nan_to_num(shown["ci_high"].to_numpy(dtype="float64") - means)
        ax.errorbar(
            means,
            rows,
            xerr=[low, high],
            fmt="o",
            color=AFTER_COLOUR,
            ecolor="#555555",
            capsize=3,
            markersize=5,
            zorder=3,
        )
        for row, (mean, upper) in enumerate(zip(means, means + high, strict=True)):
            ax.text(
                min(upper, bands.scale[1]) + 0.05,
                row,
                format_score(mean),
                va="center",
                fontsize=8.5,
            )
        ax.set_yticks(rows, [wrap_label(t) for t in shown["label"]])
        ax.invert_yaxis()
        ax.set_xlim(bands.scale[0], bands.scale[1] + 0.35)
        ax.set_xticks(range(bands.scale[0], bands.scale[1] + 1))
        ax.set_xlabel("ค่าเฉลี่ย และช่วงความเชื่อมั่น 95%")
        plain_axes(ax)
    return render(figure, fmt)


@kept_chart
def knowledge_chart(knowledge: pd.DataFrame, scale_max: int = 5, fmt: str = "png") -> bytes:
    """Return before/after mean bars per question with the gain and share who improved.

    `knowledge` has the columns of `knowledge.knowledge_change`.
    """
    shown = knowledge[knowledge["n_pairs"] > 0]
    if shown.empty:
        return no_data_chart(fmt)
    with thai_style():
        figure = new_figure(0.9 + 0.8 * max(len(shown), 1))
        ax = figure.add_subplot()
        rows = np.arange(len(shown))
        for offset, column, colour, name in (
            (-0.17, "mean_before", BEFORE_COLOUR, "ก่อนเข้าร่วม"),
            (0.17, "mean_after", AFTER_COLOUR, "หลังเข้าร่วม"),
        ):
            values = shown[column].to_numpy(dtype="float64")
            ax.barh(rows + offset, values, height=0.32, color=colour, label=name)
            for position, value in zip(rows, values, strict=True):
                ax.text(
                    value + 0.05, position + offset, format_score(value), va="center", fontsize=8.5
                )
        for row, r in enumerate(shown.itertuples()):
            note = f"เพิ่มขึ้น {r.mean_gain:+.2f}\nดีขึ้น {r.improved_share * 100:.0f}% (n = {r.n_pairs})"
            ax.annotate(
                note,
                (1.0, row),
                xycoords=("axes fraction", "data"),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=8.5,
            )
        ax.set_yticks(rows, [wrap_label(t, 24) for t in shown["label"]])
        ax.set_ylim(len(shown) - 0.5, -0.5)
        ax.set_xlim(0, scale_max + 0.4)
        ax.set_xticks(range(scale_max + 1))
        ax.set_xlabel("ค่าเฉลี่ย")
        plain_axes(ax)
        figure.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=8.5)
    return render(figure, fmt)


@kept_chart
def profile_chart(counts: pd.DataFrame, title: str | None = None, fmt: str = "png") -> bytes:
    """Return bars of how many gave each answer to one profile question, in the table's order.

    `counts` has the columns of `profile.profile_counts`. Rows without a stored value
    (ไม่ระบุ) and the "other" option are grey. The chart is as tall as its answers need and
    has no title unless one is given: in the report the caption names the question.
    """
    labels = [wrap_label(str(t)) for t in counts["label"]]
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    row_height = PROFILE_ROW_HEIGHT + PROFILE_LINE_HEIGHT * (lines - 1)
    margin = PROFILE_MARGIN + (TITLE_HEIGHT if title else 0.0)
    with thai_style():
        figure = new_figure(figure_height(len(labels), row_height, margin))
        ax = figure.add_subplot()
        notes = [f"{c} ({p:.1f}%)" for c, p in zip(counts["count"], counts["percent"], strict=True)]
        colours = [OTHER_COLOUR if v in GREY_VALUES else BAR_COLOUR for v in counts["value"]]
        count_bars(ax, labels, counts["count"].tolist(), colours, notes)
        if title:
            ax.set_title(title, loc="left", fontsize=11)
        ax.set_xlabel("จำนวน (คน)")
    return render(figure, fmt)


@kept_chart
def themes_chart(themes: pd.DataFrame, fmt: str = "png") -> bytes:
    """Return bars of how many comments each theme holds, largest first, "other" last.

    `themes` has ``theme_id`` (-1 = other), ``label``, ``size`` and ``share`` (0-1).
    """
    if themes.empty:
        return no_data_chart(fmt)
    ordered = themes.assign(_other=themes["theme_id"] == -1)
    ordered = ordered.sort_values(["_other", "size"], ascending=[True, False], kind="stable")
    with thai_style():
        figure = new_figure(figure_height(len(ordered)))
        ax = figure.add_subplot()
        colours = [OTHER_COLOUR if o else BAR_COLOUR for o in ordered["_other"]]
        notes = [
            f"{s} ({0.0 if math.isnan(p) else p * 100:.0f}%)"
            for s, p in zip(ordered["size"], ordered["share"], strict=True)
        ]
        count_bars(
            ax,
            [wrap_label(str(t), 32) for t in ordered["label"]],
            ordered["size"].astype(int).tolist(),
            colours,
            notes,
        )
        ax.set_xlabel("จำนวนความคิดเห็น")
    return render(figure, fmt)
