"""The Thai evaluation report: DOCX for the analyst to edit and a print-ready HTML page."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.questionnaire.model import Questionnaire
from analysis.report.blocks import Block
from analysis.report.blocks import Report
from analysis.report.docx import docx_bytes
from analysis.report.html import html_bytes
from analysis.report.opinions import choice_blocks
from analysis.report.opinions import suggestion_blocks
from analysis.report.opinions import theme_blocks
from analysis.report.profile import profile_blocks
from analysis.report.scales import scale_blocks
from analysis.report.sections import details_blocks
from analysis.report.sections import knowledge_blocks
from analysis.report.sections import satisfaction_blocks
from analysis.report.sections import sessions_blocks
from analysis.report.summary import suggestions_blocks
from analysis.report.summary import summary_blocks
from analysis.responses import Part
from analysis.stats.breakdown import DEFAULT_MIN_GROUP_SIZE
from analysis.stats.ratings import DEFAULT_BANDS
from analysis.stats.ratings import Bands
from analysis.tables import Masker

REPORT_TITLE = "รายงานผลการประเมินโครงการ"
FORMATS = ("docx", "html")
WORKSHOP_KEYS = ("title", "venue", "organiser", "starts_on", "ends_on")


def body_blocks(
    part: Part,
    mask: Masker | None,
    bands: Bands = DEFAULT_BANDS,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> list[Block]:
    """Return one questionnaire's chapters: profile, satisfaction, number scales, sessions,
    knowledge, other choices and themes (no details, summary, suggestions or appendix)."""
    frame, questionnaire = part.frame, part.questionnaire
    return [
        *profile_blocks(frame, questionnaire, mask),
        *satisfaction_blocks(frame, questionnaire, bands),
        *scale_blocks(frame, questionnaire),
        *sessions_blocks(frame, questionnaire, bands, min_group_size),
        *knowledge_blocks(frame, questionnaire),
        *choice_blocks(frame, questionnaire),
        *theme_blocks(part.themes, mask),
    ]


def appendix_blocks(part: Part, mask: Masker | None) -> list[Block]:
    """Return the appendix: every cleaned suggestion grouped by theme."""
    return suggestion_blocks(part.frame, part.questionnaire, part.suggestions, part.themes, mask)


def build_report(
    frame: pd.DataFrame,
    questionnaire: Questionnaire,
    workshop: Mapping[str, Any],
    *,
    mask: Masker | None,
    themes: pd.DataFrame | None = None,
    suggestions: pd.DataFrame | None = None,
    bands: Bands = DEFAULT_BANDS,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> Report:
    """Return the report's content: details, executive summary, profile, satisfaction,
    knowledge, themes, the participants' suggestions, and the appendix last.

    `workshop` holds ``title``, ``venue``, ``organiser``, ``starts_on`` and ``ends_on``
    (datetime.date) and ``sessions`` (list of {``title``, ``day``, ``date``}). `themes` has
    ``theme_id`` (-1 = other), ``label``, ``size``, ``share``, ``quotes``; `suggestions` has
    ``theme_id`` and ``text``. Quotes and suggestions go through `mask` (None: raw).
    """
    missing = [key for key in WORKSHOP_KEYS if key not in workshop]
    if missing:
        raise ValueError(f"the workshop needs {', '.join(missing)}")
    part = Part(questionnaire, frame, themes, suggestions)
    blocks = [
        *details_blocks(workshop, frame),
        *summary_blocks([part], bands, mask),
        *body_blocks(part, mask, bands, min_group_size),
        *suggestions_blocks([part], mask),
        *appendix_blocks(part, mask),
    ]
    return Report(REPORT_TITLE, str(workshop["title"]), tuple(blocks))


def render_report(report: Report, fmt: str = "docx") -> bytes:
    """Return the report as DOCX or self-contained HTML bytes."""
    if fmt == "docx":
        return docx_bytes(report)
    if fmt == "html":
        return html_bytes(report)
    raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")


def write_report(report: Report, path: str | Path) -> None:
    """Write the report to a path; its suffix (.docx or .html) picks the format."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    path.write_bytes(render_report(report, "html" if fmt == "htm" else fmt))
