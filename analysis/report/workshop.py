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
from analysis.report.build import build_report
from analysis.report.sections import details_blocks
from analysis.responses import META_COLUMNS
from analysis.responses import Part
from analysis.stats.breakdown import DEFAULT_MIN_GROUP_SIZE
from analysis.stats.ratings import DEFAULT_BANDS
from analysis.stats.ratings import Bands
from analysis.tables import Masker

PART_HEADING = "ผลการประเมินตาม{title}"


def _part_report(
    part: Part, workshop: Mapping[str, Any], mask: Masker | None, bands: Bands, min_group: int
) -> Report:
    return build_report(
        part.frame,
        part.questionnaire,
        workshop,
        mask=mask,
        themes=part.themes,
        suggestions=part.suggestions,
        bands=bands,
        min_group_size=min_group,
    )


def _demoted(block: Block) -> Block:
    return replace(block, level=block.level + 1) if isinstance(block, Heading) else block


def build_workshop_report(
    parts: Sequence[Part],
    workshop: Mapping[str, Any],
    *,
    mask: Masker | None,
    bands: Bands = DEFAULT_BANDS,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> Report:
    """Return one report for the workshop: its details once, then each questionnaire's results.

    With one questionnaire this is `build_report`. With several, the questionnaire with the
    most questions (the overall evaluation, with the participant profile) comes first, each
    under its own heading.
    """
    if len(parts) == 1:
        return _part_report(parts[0], workshop, mask, bands, min_group_size)
    everyone = pd.concat([p.frame[list(META_COLUMNS)] for p in parts], ignore_index=True)
    blocks: list[Block] = list(details_blocks(workshop, everyone))
    ordered = sorted(parts, key=lambda p: -len(p.questionnaire.questions))
    reports = [_part_report(part, workshop, mask, bands, min_group_size) for part in ordered]
    for part, report in zip(ordered, reports, strict=True):
        own_details = len(details_blocks(workshop, part.frame))
        title = part.questionnaire.title.get("th")
        blocks.append(Heading(PART_HEADING.format(title=title), 1))
        blocks += [_demoted(b) for b in report.blocks[own_details:]]
    return Report(reports[0].title, reports[0].subtitle, tuple(blocks))
