"""The live dashboard's numbers as plain data: counts, rating distributions, knowledge, texts.

Counts come from SQL aggregates in `store`, so a workshop of 5,000 responses stays fast.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import current_app

from analysis.questionnaire.model import CHOICE_TYPES
from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire
from analysis.stats.attendance import attendance_from_counts
from analysis.stats.bands import DEFAULT_BANDS
from analysis.themes.edits import ThemeEdits
from survey import comments
from survey import store
from survey.results import edits_across

NEWEST_TEXTS = 20
# JSON bodies kept per worker (BodyCache): a summary of 5,000 responses is about 20 KB, so 32 of
# them keep under 1 MB, enough for a few workshops' summaries, projectors, words and themes.
BODY_CACHE_SIZE = 32
BODY_CACHE_KEY = "sala_dashboard_bodies"


def band(mean: float | None) -> str | None:
    """Return the Thai level of a 1–5 mean read at two decimals, as the reports read it."""
    return None if mean is None else DEFAULT_BANDS.interpret(mean)


def distribution(question: Question, column: str, counts: dict[str, int]) -> dict[str, Any]:
    """Return one rating column's counts per level (highest first), n, mean and Thai band."""
    levels: list[dict[str, Any]] = [
        {"value": o.value, "label": o.label.get("th"), "n": counts.get(o.value, 0)}
        for o in question.options
    ]
    n = sum(counts.get(o.value, 0) for o in question.options)
    total = sum(float(o.value) * counts.get(o.value, 0) for o in question.options)
    mean = round(total / n, 2) if n else None
    on_five = DEFAULT_BANDS.fits(question)
    return {
        "column": column,
        "label": question.label.get("th"),
        "type": question.type,
        "n": n,
        "mean": mean,
        "band": band(mean) if on_five else None,
        "levels": levels,
    }


def _rating_columns(questionnaire: Questionnaire) -> list[str]:
    return [c for q in questionnaire.questions if q.is_rating for c in q.columns]


def _counted_columns(questionnaire: Questionnaire) -> list[str]:
    """Return the columns the dashboard counts per value: ratings and choice questions."""
    return _rating_columns(questionnaire) + [
        q.id for q in questionnaire.questions if q.type in CHOICE_TYPES
    ]


def choice_counts(question: Question, counts: dict[str, int], responses: int) -> dict[str, Any]:
    """Return one choice question's counts per option, in the questionnaire's order.

    ``n`` is how many chose anything for a single choice (None for a multiple choice, where
    one person may tick several); each option's ``share`` is its count over ``responses``.
    """
    options = [
        {
            "value": o.value,
            "label": o.label.get("th"),
            "n": counts.get(o.value, 0),
            "share": round(counts.get(o.value, 0) / responses, 4) if responses else None,
        }
        for o in question.options
    ]
    single = question.type == "single_choice"
    return {
        "column": question.id,
        "label": question.label.get("th"),
        "type": question.type,
        "n": sum(o["n"] for o in options) if single else None,
        "options": options,
    }


def text_columns(questionnaires: dict[str, Questionnaire]) -> dict[str, list[str]]:
    """Return each questionnaire's opinion columns: the free-text answers that are opinions
    (``Question.is_opinion``), never profile answers such as the agency."""
    return {qid: [q.id for q in qn.opinion_questions] for qid, qn in questionnaires.items()}


def _questionnaire_block(
    questionnaire: Questionnaire, counts: dict[str, dict[str, int]], responses: int
) -> dict[str, Any]:
    ratings, knowledge = [], []
    for question in questionnaire.questions:
        if question.type == "before_after":
            before, after = (distribution(question, c, counts.get(c, {})) for c in question.columns)
            change = (
                round(after["mean"] - before["mean"], 2)
                if before["mean"] is not None and after["mean"] is not None
                else None
            )
            knowledge.append(
                {"question": question.id, "label": question.label.get("th"), "before": before}
                | {"after": after, "change": change}
            )
        elif question.is_rating:
            ratings.append(distribution(question, question.id, counts.get(question.id, {})))
    choices = [
        choice_counts(q, counts.get(q.id, {}), responses)
        for q in questionnaire.questions
        if q.type in CHOICE_TYPES
    ]
    return {
        "id": questionnaire.id,
        "title": questionnaire.title.get("th"),
        "responses": responses,
        "ratings": ratings,
        "knowledge": knowledge,
        "choices": choices,
    }


def texts(
    sessions: list[dict[str, Any]],
    questionnaires: dict[str, Questionnaire],
    limit: int = NEWEST_TEXTS,
    state: str | None = None,
    after_id: int = 0,
) -> list[dict[str, Any]]:
    """Return the newest opinions, shown cleaned, with their moderation state; a person's
    repeat of their own text (the same words again, in another session or answering again) is
    shown once, at its newest."""
    rows = store.text_answers(
        [s["id"] for s in sessions], text_columns(questionnaires), limit, after_id, state
    )
    seen: set[tuple[str, str]] = set()
    return [
        {
            "id": row["id"],
            "response_id": row["response_id"],
            "session_id": row["session_id"],
            "question": row["question_id"],
            "label": questionnaires[row["questionnaire_id"]]
            .question(row["question_id"])
            .label.get(),
            "text": display_text(row["value"]),
            "state": row["state"],
            "submitted_at": row["submitted_at"].isoformat(),
        }
        for row in rows
        if _first(seen, (row["respondent_key"], display_text(row["value"])))
    ]


def _first(seen: set[tuple[str, str]], key: tuple[str, str]) -> bool:
    """Return True the first time `key` is met (and remember it)."""
    if key in seen:
        return False
    seen.add(key)
    return True


def display_text(text: str) -> str:
    """Return a free-text answer as staff see it: cleaned, personal data masked."""
    return comments.cleaned(text)


def all_texts(sessions: list[dict[str, Any]], approved_only: bool = False) -> list[str]:
    """Return every opinion of the sessions (only approved ones, if asked), a person's repeat
    of their own text counted once."""
    columns = text_columns(store.questionnaires_of(sessions))
    state = "approved" if approved_only else None
    keyed = store.texts_by_respondent([s["id"] for s in sessions], columns, state)
    first: dict[tuple[str, str], str] = {}
    for key, text in keyed:
        first.setdefault((key, display_text(text)), text)
    return list(first.values())


def answers_by_respondent(sessions: list[dict[str, Any]]) -> list[tuple[str, str, int, str]]:
    """Return (respondent key, text, response id, question id) of every free-text answer of the
    sessions, oldest first."""
    columns = text_columns(store.questionnaires_of(sessions))
    return store.keyed_texts([s["id"] for s in sessions], columns)


def theme_edits(sessions: list[dict[str, Any]]) -> ThemeEdits:
    """Return the analysts' theme edits of the questionnaires these sessions use, in programme
    order (see ``survey.results.edits_across`` for how several questionnaires' edits combine)."""
    if not sessions:
        return ThemeEdits()
    stored = store.theme_edits_of(sessions[0]["workshop_id"])
    return edits_across(stored, list(store.questionnaires_of(sessions)))


def summary(
    sessions: list[dict[str, Any]], expected: int | None, approved_only: bool = False
) -> dict[str, Any]:
    """Return the dashboard of these sessions: participants and responses, ratings, knowledge
    and newest texts.

    ``participants`` counts distinct people (respondent keys, ``analysis.stats.attendance``),
    ``responses`` filled-in questionnaires; ``expected`` (attendance) compares with people.
    """
    questionnaires = store.questionnaires_of(sessions)
    session_ids = [s["id"] for s in sessions]
    of_questionnaire: dict[str, list[int]] = {}
    for s in sessions:
        of_questionnaire.setdefault(s["questionnaire_id"], []).append(s["id"])
    counted = store.answer_counts(
        of_questionnaire, {qid: _counted_columns(q) for qid, q in questionnaires.items()}
    )
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for qid, column, value, n in counted:
        counts.setdefault(qid, {}).setdefault(column, {})[value] = n
    people = attendance_from_counts(store.attendance_counts(session_ids))
    per_session = {sid: n for sid, (_, n) in people.by_session.items()}
    answered = {
        qid: sum(per_session.get(sid, 0) for sid in ids) for qid, ids in of_questionnaire.items()
    }
    share = people.share_of(expected)
    return {
        "responses": people.responses,
        "participants": people.participants,
        "participants_by_day": {str(d): p for d, (p, _) in sorted(people.by_day.items())},
        "expected": expected,
        "participant_share": None if share is None else round(share, 4),
        "sessions": [
            session_row(s, per_session.get(s["id"], 0), people.by_session.get(s["id"], (0, 0))[0])
            for s in sessions
        ],
        "questionnaires": [
            _questionnaire_block(q, counts.get(qid, {}), answered[qid])
            for qid, q in questionnaires.items()
        ],
        "texts": texts(sessions, questionnaires, state="approved" if approved_only else None),
    }


def session_row(
    session: dict[str, Any], responses: int, participants: int | None = None
) -> dict[str, Any]:
    """Return the plain facts about one session the dashboards show; ``participants`` (distinct
    people) defaults to the responses."""
    return {
        "id": session["id"],
        "code": session["code"],
        "title": session["title"],
        "day": session["day"],
        "date": session["date"].isoformat(),
        "is_open": bool(session["is_open"]),
        "questionnaire": session["questionnaire_id"],
        "responses": responses,
        "participants": responses if participants is None else participants,
    }


def version_tag(sessions: list[dict[str, Any]], kind: str) -> str:
    """Return an ETag that changes whenever a dashboard of these sessions would change: the
    database's version of them (``store.dashboard_version``) and the sessions as given, with
    their questionnaires."""
    version = store.dashboard_version([s["id"] for s in sessions])
    parts = [kind, version, sessions]
    digest = hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()
    return f'"{digest[:32]}"'


class BodyCache:
    """The last few JSON bodies of the dashboards, keyed by their ETag (``version_tag``).

    The tag is made of what the database holds, so a body kept under it is the body any
    worker would build for it: five dashboards polling one workshop share one computation of
    each version, and a worker never serves a body another version made.
    """

    def __init__(self, size: int = BODY_CACHE_SIZE) -> None:
        self.size = size
        self._bodies: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, tag: str, build: Callable[[], bytes]) -> bytes:
        """Return the body kept for `tag`, or build, keep and return it."""
        with self._lock:
            body = self._bodies.get(tag)
            if body is not None:
                self._bodies.move_to_end(tag)
                return body
        body = build()  # outside the lock: a slow build never holds up another dashboard
        with self._lock:
            self._bodies[tag] = body
            while len(self._bodies) > self.size:
                self._bodies.popitem(last=False)
        return body

    def clear(self) -> None:
        """Forget every body (the benchmark measures building afresh with it)."""
        with self._lock:
            self._bodies.clear()


def bodies() -> BodyCache:
    """Return this app's body cache (one per app: tests run many apps on other databases)."""
    cache = current_app.extensions.setdefault(BODY_CACHE_KEY, BodyCache())
    assert isinstance(cache, BodyCache)
    return cache
