"""The pieces a report is made of, independent of the file format that draws them."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import fields
from dataclasses import replace
from typing import Any

from analysis.text.intake import xml_safe

TABLE_PREFIX = "ตารางที่"
CHART_PREFIX = "ภาพที่"
DASH = "-"  # printed where there is no figure


@dataclass(frozen=True)
class Heading:
    """A heading; level 1 is a chapter, 2 a section."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    text: str
    bold: bool = False
    note: bool = False  # smaller print under a table or chart


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a caption; `align` is "l", "c" or "r" per column, `widths` in cm."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...]
    widths: tuple[float, ...]
    bold_rows: frozenset[int] = frozenset()  # indexes of total rows (รวม, ภาพรวม)


@dataclass(frozen=True)
class Chart:
    """A chart drawn on demand in the format a writer needs ("png" or "svg")."""

    caption: str
    draw: Callable[[str], bytes]
    width_cm: float = 16.0


Block = Heading | Paragraph | Bullets | Table | Chart


@dataclass(frozen=True)
class Report:
    """A whole report: a title page's text and the blocks in order."""

    title: str
    subtitle: str
    blocks: tuple[Block, ...]


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, tuple):
        return tuple(_safe(item) for item in value)
    return value


def safe_report(report: Report) -> Report:
    """Return the report with every text as DOCX and HTML may hold it (``xml_safe``): a
    workshop stored before the intake gate existed may have a control character in a title or
    an answer, and one such character must not stop the whole report."""
    blocks = tuple(
        replace(block, **{f.name: _safe(getattr(block, f.name)) for f in fields(block)})
        for block in report.blocks
    )
    return Report(xml_safe(report.title), xml_safe(report.subtitle), blocks)


def numbered_captions(blocks: tuple[Block, ...]) -> dict[int, str]:
    """Return each table's and chart's caption numbered in order, keyed by block index."""
    captions: dict[int, str] = {}
    tables = charts = 0
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            tables += 1
            captions[index] = f"{TABLE_PREFIX} {tables} {block.caption}"
        elif isinstance(block, Chart):
            charts += 1
            captions[index] = f"{CHART_PREFIX} {charts} {block.caption}"
    return captions


def percent(share: float) -> str:
    """Return a 0-1 share as a Thai report prints a percentage: 2 decimals, no sign."""
    return DASH if share is None or math.isnan(share) else f"{share * 100:.2f}"


def p_value(value: float) -> str:
    """Return a p-value as printed: 3 decimals, "< 0.001" when smaller."""
    if value is None or math.isnan(value):
        return DASH
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def band_text(band: object) -> str:
    """Return a band label, or a dash when there is none (no answers, or another scale)."""
    return band if isinstance(band, str) else DASH
