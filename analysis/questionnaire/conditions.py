"""Conditions: which questions a participant sees, given the answers so far, and the pages a
form is split into so that a server can decide without JavaScript.

A question is shown when its section's condition and its own hold (``Condition.holds``), and
the question a condition names is itself shown: an answer to a hidden question does not count.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence

from analysis.questionnaire.model import Condition
from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire

Answers = Mapping[str, Sequence[str]]


def conditions_of(questionnaire: Questionnaire, question: Question) -> tuple[Condition, ...]:
    """Return the conditions a question is shown under: its section's, then its own."""
    section = questionnaire.section(question.section)
    return tuple(c for c in (section.condition, question.condition) if c is not None)


def visible_questions(questionnaire: Questionnaire, answers: Answers) -> frozenset[str]:
    """Return the ids of the questions shown for these answers (answer column -> values).

    Evaluated in order, so a condition on a hidden question never holds, whatever was sent for it.
    """
    shown: set[str] = set()
    for question in questionnaire.questions:
        if all(
            c.question in shown and c.holds(answers) for c in conditions_of(questionnaire, question)
        ):
            shown.add(question.id)
    return frozenset(shown)


def pages(questionnaire: Questionnaire) -> tuple[tuple[Question, ...], ...]:
    """Return the questions in pages: a page ends before the first question whose conditions
    name a question on that page, so that every condition is decided by an earlier page.

    A questionnaire without conditions is one page.
    """
    result: list[tuple[Question, ...]] = []
    page: list[Question] = []
    for question in questionnaire.questions:
        on_page = {q.id for q in page}
        if any(c.question in on_page for c in conditions_of(questionnaire, question)):
            result.append(tuple(page))
            page = []
        page.append(question)
    result.append(tuple(page))
    return tuple(result)


def has_conditions(questionnaire: Questionnaire) -> bool:
    """Return True when any question or section is shown only under a condition."""
    return any(conditions_of(questionnaire, q) for q in questionnaire.questions)
