"""The Thai evaluation report: DOCX for the analyst to edit and a print-ready HTML page."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.questionnaire.model import Questionnaire
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
from analysis.stats.breakdown import DEFAULT_MIN_GROUP_SIZE
from analysis.stats.ratings import DEFAULT_BANDS
from analysis.stats.ratings import Bands
from analysis.tables import Masker

REPORT_TITLE = "รายงานผลการประเมินโครงการ"
FORMATS = ("docx", "html")
WORKSHOP_KEYS = ("title", "venue", "organiser", "starts_on", "ends_on")


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
    """Return the report's content: details, profile, satisfaction, knowledge, themes.

    `workshop` holds ``title``, ``venue``, ``organiser``, ``starts_on`` and ``ends_on``
    (datetime.date) and ``sessions`` (list of {``title``, ``day``, ``date``}). `themes` has
    ``theme_id`` (-1 = other), ``label``, ``size``, ``share``, ``quotes``; `suggestions` has
    ``theme_id`` and ``text``. Quotes and suggestions go through `mask` (None: raw).
    """
    missing = [key for key in WORKSHOP_KEYS if key not in workshop]
    if missing:
        raise ValueError(f"the workshop needs {', '.join(missing)}")
    blocks = [
        *details_blocks(workshop, frame),
        *profile_blocks(frame, questionnaire, mask),
        *satisfaction_blocks(frame, questionnaire, bands),
        *scale_blocks(frame, questionnaire),
        *sessions_blocks(frame, questionnaire, bands, min_group_size),
        *knowledge_blocks(frame, questionnaire),
        *choice_blocks(frame, questionnaire),
        *theme_blocks(themes, mask),
        *suggestion_blocks(frame, questionnaire, suggestions, themes, mask),
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
