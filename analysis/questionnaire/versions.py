"""Versions of one questionnaire: answers given to several versions read as one questionnaire.

An edit to a questionnaire that already has answers makes a new version (see survey.store),
so each answer keeps the version it was given under. To count a workshop's answers together,
the versions are merged: questions are matched by their id, a question removed in a later
version keeps its place and its answers, and the labels are those of the newest version given.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from analysis.questionnaire.model import Option
from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire


def answer_kind(question: Question) -> tuple[str, int | None, int | None, int]:
    """Return what answers to a question mean: its type and, for scales, its range and levels.

    Two versions of a question with the same kind store comparable answers; choice questions
    may gain, lose or relabel options, since their answers are codes.
    """
    levels = len(question.options) if question.is_rating else 0
    return question.type, question.scale_min, question.scale_max, levels


def kind_changes(answered: Sequence[Questionnaire], new: Questionnaire) -> list[tuple[str, str]]:
    """Return (question id, earlier type) for each question of `new` whose answers would mean
    something else than in a version that already has answers (another type or scale)."""
    earlier: dict[str, Question] = {}
    for version in answered:
        for question in version.questions:
            earlier.setdefault(question.id, question)
    return [
        (q.id, earlier[q.id].type)
        for q in new.questions
        if q.id in earlier and answer_kind(earlier[q.id]) != answer_kind(q)
    ]


def _merged_options(versions: Sequence[Question]) -> tuple[Option, ...]:
    newest = versions[-1]
    if newest.is_rating:
        return newest.options
    options = {o.value: o for o in newest.options}
    for question in reversed(versions[:-1]):
        for option in question.options:
            options.setdefault(option.value, option)
    return tuple(options.values())


def _question_order(versions: Sequence[Questionnaire]) -> dict[str, list[str]]:
    """Return each section's question ids: the newest version's, then earlier ones' in place."""
    order = {s.id: [q.id for q in s.questions] for s in versions[-1].sections}
    for version in reversed(versions[:-1]):
        for section in version.sections:
            ids = order.setdefault(section.id, [])
            previous: str | None = None
            for question in section.questions:
                if not any(question.id in kept for kept in order.values()):
                    ids.insert(ids.index(previous) + 1 if previous in ids else 0, question.id)
                previous = question.id
    return order


def merge_versions(versions: Sequence[Questionnaire]) -> Questionnaire:
    """Return one questionnaire holding every question of `versions` (oldest first).

    The newest version gives the order, the labels and the options; a question only earlier
    versions have follows the question it came after there (in its section, which is added
    after the newest version's sections when that is gone too); choice options only earlier
    versions offered are kept after the newest ones. The result's ``versions`` are the inputs.
    A single version comes back unchanged. Versions whose questions disagree on their type or
    scale (``kind_changes``) are not meant to be merged: the newest kind wins.
    """
    if not versions:
        raise ValueError("merge_versions needs at least one version")
    if len(versions) == 1:
        return versions[0]
    newest = versions[-1]
    by_id: dict[str, list[Question]] = {}
    for version in versions:
        for question in version.questions:
            by_id.setdefault(question.id, []).append(question)
    titles = {s.id: s for v in versions for s in v.sections}  # the newest title wins
    sections = []
    for section_id, ids in _question_order(versions).items():
        questions = tuple(
            dataclasses.replace(
                by_id[qid][-1], section=section_id, options=_merged_options(by_id[qid])
            )
            for qid in ids
        )
        if questions:
            sections.append(dataclasses.replace(titles[section_id], questions=questions))
    return dataclasses.replace(
        newest,
        sections=tuple(sections),
        version=max(v.version for v in versions),
        versions=tuple(versions),
    )


def version_of(questionnaire: Questionnaire, number: int) -> Questionnaire:
    """Return the version with this number of a merged questionnaire (itself if not merged)."""
    for version in questionnaire.versions:
        if version.version == number:
            return version
    return questionnaire


def is_merged(questionnaire: Questionnaire) -> bool:
    """Return True for a questionnaire merged from several versions."""
    return len(questionnaire.versions) > 1
