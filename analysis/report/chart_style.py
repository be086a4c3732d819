"""The look shared by every chart: the Thai font, label wrapping, figure sizes and rendering."""

from __future__ import annotations

import io
import json
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import fontpkg_sarabun
import matplotlib
import numpy as np
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from matplotlib.typing import RcKeyType
from pythainlp.tokenize.nlpo3 import segment as nlpo3_segment

FONT_FAMILY = fontpkg_sarabun.FAMILY  # "Sarabun"; matplotlib's default font has no Thai
DEFAULT_WIDTH = 6.3  # inches: the text width of an A4 page with 2.5 cm margins
DEFAULT_DPI = 200
_RE_THAI = re.compile(r"[\u0E00-\u0E7F]")  # a Thai letter: a label may break beside it
DEFAULT_FONT_SIZE = 10
DEFAULT_LABEL_WIDTH = 28  # characters a wrapped label line holds (marks do not count)
DEFAULT_LABEL_LINES = 2  # lines before a label is cut short with "…"
FORMATS = ("png", "svg")
NO_DATA = "ยังไม่มีข้อมูล"
INK = "#333333"
GRID = "#d9d9d9"
ROW_HEIGHT = 0.5  # inches per bar row
CHART_MARGIN = 1.1  # inches for title, axis and legend


@lru_cache(maxsize=1)
def register_thai_font() -> str:
    """Register the Sarabun files from fontpkg-sarabun with matplotlib; return the family."""
    root = Path(fontpkg_sarabun.ROOT)
    meta = json.loads((root / "metadata.json").read_text(encoding="utf-8"))
    for entry in meta["files"]:
        font_manager.fontManager.addfont(str(root / entry["path"]))
    return FONT_FAMILY


# rc_context changes matplotlib's global settings: threads of one server process take turns.
_STYLE_LOCK = threading.RLock()


@contextmanager
def thai_style() -> Iterator[None]:
    """Draw with Sarabun and the house colours inside this block (one thread at a time)."""
    style: dict[RcKeyType, Any] = {
        "font.family": register_thai_font(),
        "font.size": DEFAULT_FONT_SIZE,
        "axes.edgecolor": GRID,
        "axes.labelcolor": INK,
        "text.color": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "svg.fonttype": "path",  # glyphs as outlines: the SVG shows Thai without the font
        "svg.hashsalt": "sala",  # stable ids, so the same chart gives the same bytes
    }
    with _STYLE_LOCK, matplotlib.rc_context(style), warnings.catch_warnings():
        # Labels hold what participants wrote (theme words, emoji, any script): a character
        # Sarabun lacks is drawn as a box, which is no reason to warn on every report.
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
        yield


def new_figure(height: float, width: float = DEFAULT_WIDTH) -> Figure:
    """Return an empty figure of the given size in inches."""
    return Figure(figsize=(width, height), dpi=DEFAULT_DPI, layout="constrained")


def figure_height(rows: int, row_height: float = ROW_HEIGHT, margin: float = CHART_MARGIN) -> float:
    """Return the height in inches of a chart with this many bar rows."""
    return margin + row_height * max(rows, 1)


def plain_axes(ax: Axes) -> None:
    """Strip an axes to a light vertical grid, no frame on three sides, no y ticks."""
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.set_axisbelow(True)
    ax.xaxis.grid(True, color=GRID, linewidth=0.6)


def count_bars(
    ax: Axes, labels: list[str], counts: list[int], colours: list[str], notes: list[str]
) -> None:
    """Draw horizontal bars of whole counts, top to bottom, each with a note at its end."""
    rows = np.arange(len(labels))
    ax.barh(rows, counts, color=colours, height=0.65)
    peak = max(counts, default=0) or 1
    for row, (count, note) in enumerate(zip(counts, notes, strict=True)):
        ax.text(count + peak * 0.01, row, note, va="center", fontsize=8.5)
    ax.set_yticks(rows, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, peak * 1.25)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no 0.5 of a person
    plain_axes(ax)


def _width(text: str) -> int:
    return sum(1 for ch in text if unicodedata.category(ch) not in ("Mn", "Cf"))


def _label_words(text: str) -> list[str]:
    """Return the words of a label, spaces kept, with a run of non-Thai pieces ("(0–10)") kept
    whole. nlpo3 is PyThaiNLP's newmm in Rust: ``word_tokenize`` would first build its Python
    dictionary trie, five seconds of a cold report download."""
    words: list[str] = []
    for piece in nlpo3_segment(text):
        glued = words and not _is_break(words[-1]) and not _is_break(piece)
        if glued:
            words[-1] += piece
        else:
            words.append(piece)
    return words


def _is_break(piece: str) -> bool:
    """Return True for a piece a label may break around: a space or a Thai word."""
    return piece.isspace() or bool(_RE_THAI.search(piece))


def wrap_label(
    text: str, width: int = DEFAULT_LABEL_WIDTH, max_lines: int = DEFAULT_LABEL_LINES
) -> str:
    """Return a label broken between Thai words into lines, cut with "…" past `max_lines`."""
    lines: list[str] = []
    current = ""
    for word in _label_words(" ".join(text.split())):
        if current and _width(current + word) > width:
            lines.append(current.rstrip())
            current = word.lstrip()
        else:
            current += word
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1].rstrip() + "…"]
    return "\n".join(lines)


def no_data_chart(fmt: str = "png") -> bytes:
    """Return a small chart that says there is nothing to draw yet."""
    with thai_style():
        figure = new_figure(1.0)
        figure.text(0.5, 0.5, NO_DATA, ha="center", va="center", color="#777777")
    return render(figure, fmt)


def render(figure: Figure, fmt: str = "png") -> bytes:
    """Return the figure as PNG or SVG bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with thai_style():
        figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()
