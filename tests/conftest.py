"""Shared fixtures: the shipped questionnaire and a builder of responses frames."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis.questionnaire import Questionnaire
from analysis.questionnaire import load_questionnaire
from analysis.responses import responses_frame

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

TEMPLATE = Path(__file__).resolve().parent.parent / "data/questionnaires/workshop_evaluation.yaml"
FrameMaker = Callable[..., pd.DataFrame]


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    """Return the shipped workshop evaluation template."""
    return load_questionnaire(TEMPLATE)


def make_record(index: int, answers: Mapping[str, Any], session: int = 1) -> dict[str, Any]:
    """Return one stored response in the shape `responses_frame` reads."""
    return {
        "response_id": index + 1,
        "workshop_id": 1,
        "session_id": session,
        "session_code": f"S{session}",
        "session_title": f"ช่วงที่ {session}",
        "day": session,
        "submitted_at": dt.datetime(2019, 8, 20 + session, 9, index % 60, tzinfo=dt.UTC),
        "language": "th",
        "respondent_key": f"r{index:03d}",
        "answers": dict(answers),
    }


@pytest.fixture
def make_frame(questionnaire: Questionnaire) -> FrameMaker:
    """Return a function building a responses frame from a list of answer mappings."""

    def build(answers: list[Mapping[str, Any]], sessions: list[int] | None = None) -> pd.DataFrame:
        sessions = sessions or [1] * len(answers)
        records = [
            make_record(i, a, s) for i, (a, s) in enumerate(zip(answers, sessions, strict=True))
        ]
        return responses_frame(records, questionnaire)

    return build
