"""The report of a whole workshop whose sessions may have used several questionnaires."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from analysis.report.blocks import Block
from analysis.report.blocks import Heading
from analysis.report.blocks import Report
from analysis.report.build import REPORT_TITLE
from analysis.report.build import appendix_blocks
from analysis.report.build import body_blocks
from analysis.report.build import build_report
from analysis.report.sections import details_blocks
from analysis.report.summary import suggestions_blocks
from analysis.report.summary import summary_blocks
from analysis.responses import META_COLUMNS
from analysis.responses import Part
from analysis.stats.breakdown import DEFAULT_MIN_GROUP_SIZE
from analysis.stats.ratings import DEFAULT_BANDS
from analysis.stats.ratings import Bands
from analysis.tables import Masker

PART_HEADING = "ผลการประเมินตาม{title}"
APPENDIX_PREFIX = "ภาคผนวก"
APPENDIX_LETTERS = "กขคงจฉชซฌญ"


def _demoted(block: Block) -> Block:
    return replace(block, level=block.level + 1) if isinstance(block, Heading) else block


def _appendix(part: Part, mask: Masker | None, letter: str) -> list[Block]:
    heading, *rest = appendix_blocks(part, mask)
    title = part.questionnaire.title.get()
    text = (
        heading.text.removeprefix(APPENDIX_PREFIX).strip() if isinstance(heading, Heading) else ""
    )
    return [Heading(f"{APPENDIX_PREFIX} {letter} {text}: {title}"), *rest]


def build_workshop_report(
    parts: Sequence[Part],
    workshop: Mapping[str, Any],
    *,
    mask: Masker | None,
    bands: Bands = DEFAULT_BANDS,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> Report:
    """Return one report for the workshop: its details and the executive summary once, each
    questionnaire's results, the participants' suggestions, then the appendices.

    With one questionnaire this is `build_report`. With several, the questionnaire with the
    most questions (the overall evaluation, with the participant profile) comes first, each
    under its own heading; each has its own appendix (ก, ข, ...) at the end.
    """
    if len(parts) == 1:
        part = parts[0]
        return build_report(
            part.frame,
            part.questionnaire,
            workshop,
            mask=mask,
            themes=part.themes,
            suggestions=part.suggestions,
            bands=bands,
            min_group_size=min_group_size,
        )
    everyone = pd.concat([p.frame[list(META_COLUMNS)] for p in parts], ignore_index=True)
    ordered = sorted(parts, key=lambda p: -len(p.questionnaire.questions))
    blocks: list[Block] = [
        *details_blocks(workshop, everyone),
        *summary_blocks(ordered, bands, mask),
    ]
    for part in ordered:
        title = part.questionnaire.title.get("th")
        blocks.append(Heading(PART_HEADING.format(title=title), 1))
        blocks += [_demoted(b) for b in body_blocks(part, mask, bands, min_group_size)]
    blocks += suggestions_blocks(ordered, mask)
    for letter, part in zip(APPENDIX_LETTERS, ordered, strict=False):
        blocks += _appendix(part, mask, letter)
    return Report(REPORT_TITLE, str(workshop["title"]), tuple(blocks))
