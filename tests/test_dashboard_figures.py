"""The dashboard's figures, counted in SQL, against the analysis library's on the same answers.

Awkward data on each backend: two days and four sessions of two questionnaires (ratings,
before/after, 0-10, single and multiple choice, a profile), unanswered questions, people
answering several sessions and one session twice, withdrawn responses, and another workshop's
answers in the same database.
"""

from __future__ import annotations

import random
from typing import Any

import pandas as pd
from flask import Flask

from analysis.questionnaire.model import CHOICE_TYPES
from analysis.questionnaire.model import Questionnaire
from analysis.stats.attendance import attendance_of_frames
from analysis.stats.profile import profile_counts
from analysis.stats.ratings import rating_values
from survey import dashboard
from survey import store
from survey.commands import demo
from tests.conftest import add_user
from tests.conftest import log_in

PEOPLE = 15  # fewer keys than responses: most people answer several sessions
ANSWERED = 0.8  # the share of questions a response answers


def _fill(questionnaires: dict, seed: int) -> int:
    """Create a demo-shaped workshop with random answers and a few withdrawals; return its id."""
    rng = random.Random(seed)
    workshop_id = store.create_workshop(demo.demo_spec(questionnaires))
    for session in store.list_sessions(workshop_id, with_questionnaire=True):
        questionnaire = store.questionnaire_of(session)
        for n in range(rng.randint(8, 14)):
            values = {
                column: demo._answer(question, rng)
                for question in questionnaire.questions
                for column in question.columns
                if rng.random() < ANSWERED
            }
            token = f"fig-{seed}-{session['id']}-{n:03d}"
            key = f"person-{seed}-{rng.randrange(PEOPLE)}"
            store.save_response(session["id"], token, key, "th", values)
            if rng.random() < 0.15:
                assert store.withdraw_response(session["id"], token, key) is not None
    return workshop_id


def _rating(question: Any, column: str, frame: pd.DataFrame) -> dict[str, Any]:
    values = rating_values(frame, column, question)
    n = int(values.notna().sum())
    return {
        "column": column,
        "n": n,
        "mean": round(float(values.mean()), 2) if n else None,
        "levels": [(o.value, int((values == float(o.value)).sum())) for o in question.options],
    }


def _choices(question: Any, frame: pd.DataFrame) -> dict[str, int]:
    counts = profile_counts(frame, question)
    return {str(v): int(n) for v, n in zip(counts["value"], counts["count"], strict=True) if v}


def expected_block(questionnaire: Questionnaire, frame: pd.DataFrame) -> dict[str, Any]:
    """Return what the dashboard should show of one questionnaire, from the analysis library."""
    scales = [q for q in questionnaire.questions if q.is_rating and q.type != "before_after"]
    pairs = [q for q in questionnaire.questions if q.type == "before_after"]
    return {
        "responses": len(frame),
        "ratings": [_rating(q, q.id, frame) for q in scales],
        "knowledge": [[_rating(q, c, frame) for c in q.columns] for q in pairs],
        "choices": {
            q.id: _choices(q, frame) for q in questionnaire.questions if q.type in CHOICE_TYPES
        },
    }


def shown_block(block: dict[str, Any]) -> dict[str, Any]:
    """Return the same figures as the dashboard's JSON holds them."""

    def rating(r: dict[str, Any]) -> dict[str, Any]:
        levels = [(level["value"], level["n"]) for level in r["levels"]]
        return {"column": r["column"], "n": r["n"], "mean": r["mean"], "levels": levels}

    return {
        "responses": block["responses"],
        "ratings": [rating(r) for r in block["ratings"]],
        "knowledge": [[rating(k["before"]), rating(k["after"])] for k in block["knowledge"]],
        "choices": {
            c["column"]: {o["value"]: o["n"] for o in c["options"]} for c in block["choices"]
        },
    }


def _compare(data: dict[str, Any], frames: list[tuple[Questionnaire, pd.DataFrame]]) -> None:
    people = attendance_of_frames([f for _, f in frames])
    assert (data["participants"], data["responses"]) == (people.participants, people.responses)
    assert data["participants_by_day"] == {str(d): p for d, (p, _) in people.by_day.items()}
    for row in data["sessions"]:
        assert (row["participants"], row["responses"]) == people.by_session.get(row["id"], (0, 0))
    shown = {q["id"]: shown_block(q) for q in data["questionnaires"]}
    assert shown == {q.id: expected_block(q, f) for q, f in frames}


def test_the_dashboard_counts_what_the_analysis_library_counts(
    any_app: Flask, questionnaires: dict
) -> None:
    with any_app.app_context():
        workshop_id = _fill(questionnaires, seed=2)
        other = _fill(questionnaires, seed=1)  # its answers are newer: none may show
        frames = store.workshop_frames(workshop_id, any_app.config["TIMEZONE"])
        sessions = store.list_sessions(workshop_id)
    add_user(any_app, "somchai", "facilitator", (workshop_id, other))
    client = any_app.test_client()
    log_in(client, "somchai")
    data = client.get(f"/api/v1/workshops/{workshop_id}/summary").json
    assert data["responses"] > 30
    assert {q.id for q, _ in frames} == {"session_feedback", "workshop_evaluation"}
    _compare(data, frames)
    with any_app.app_context():
        held = store.list_sessions(workshop_id, with_questionnaire=True)
        columns = dashboard.text_columns(store.questionnaires_of(held))
        every_text = store.keyed_texts([s["id"] for s in held], columns)  # oldest first
    newest = every_text[::-1][: dashboard.NEWEST_TEXTS]
    seen: set[tuple[str, str]] = set()
    expected = []
    for key, text, response_id, question_id in newest:
        if (key, dashboard.display_text(text)) not in seen:
            seen.add((key, dashboard.display_text(text)))
            expected.append((response_id, question_id, dashboard.display_text(text)))
    assert [(t["response_id"], t["question"], t["text"]) for t in data["texts"]] == expected
    for session in sessions:
        one = client.get(f"/api/v1/sessions/{session['id']}/summary").json
        _compare(
            one,
            [
                (q, f[f["session_id"] == session["id"]].reset_index(drop=True))
                for q, f in frames
                if q.id == session["questionnaire_id"]
            ],
        )
