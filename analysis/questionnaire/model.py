"""Questionnaires as data: sections, questions, their types and labels in several languages.

Loading and validating a questionnaire file is in ``analysis.questionnaire.load``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from typing import Any

LANGUAGES = ("th", "en", "ms")
DEFAULT_LANGUAGE = "th"
QUESTION_TYPES = (
    "likert",
    "rating",
    "nps",
    "single_choice",
    "multiple_choice",
    "short_text",
    "long_text",
    "before_after",
)
RATING_TYPES = frozenset({"likert", "rating", "nps", "before_after"})
TEXT_TYPES = frozenset({"short_text", "long_text"})
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice"})
PAIR_SUFFIXES = ("before", "after")
# The section whose answers describe who answered (agency, position), not what they think.
PROFILE_SECTION = "profile"
MULTI_ANSWER_SEPARATOR = "|"  # joins the options chosen in a multiple choice answer in exports
# Names the participant form uses for its own fields (survey.forms): a question with one of these
# ids would turn the idempotency token into a text box or store it as an answer.
FORM_FIELDS = frozenset({"csrf_token", "token", "lang", "step", "go"})
# Columns every responses frame and export has besides the answers (analysis.responses).
META_FIELDS = frozenset(
    {"response_id", "workshop_id", "session_id", "session_code", "session_title", "day"}
    | {"submitted_at", "submitted_at_th", "language", "respondent_key", "questionnaire_version"}
)
RESERVED_IDS = FORM_FIELDS | META_FIELDS  # never a question id

PAIR_LABELS = {
    "before": {"th": "ก่อนเข้าร่วม", "en": "Before", "ms": "Sebelum"},
    "after": {"th": "หลังเข้าร่วม", "en": "After", "ms": "Selepas"},
}


@dataclass(frozen=True)
class Text:
    """A label with translations; falls back to Thai, then to any language it has."""

    translations: dict[str, str]

    def get(self, language: str = DEFAULT_LANGUAGE) -> str:
        """Return the label in `language`, or the best fallback."""
        for lang in (language, DEFAULT_LANGUAGE, *self.translations):
            if self.translations.get(lang):
                return self.translations[lang]
        return ""

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class Condition:
    """Show a question or section only when an earlier choice question's answer is, or for a
    multiple-choice question includes, one of `values` (XLSForm's simple ``relevant``)."""

    question: str
    values: tuple[str, ...]

    def holds(self, answers: Mapping[str, Sequence[str]]) -> bool:
        """Return True when the answers (answer column -> values given) meet the condition."""
        return any(value in self.values for value in answers.get(self.question, ()))


@dataclass(frozen=True)
class Option:
    """One answer a choice or scale question offers; `value` is what is stored."""

    value: str
    label: Text


@dataclass(frozen=True)
class Question:
    """One question. Scale questions carry their levels as options, highest first."""

    id: str
    type: str
    label: Text
    section: str
    required: bool = False
    options: tuple[Option, ...] = ()
    scale_min: int | None = None
    scale_max: int | None = None
    max_length: int | None = None
    help: Text | None = None
    condition: Condition | None = None
    # What the lowest and highest numbers of a 0-10 or numeric scale mean ("0 = ไม่แนะนำเลย").
    min_label: Text | None = None
    max_label: Text | None = None
    # Whether a free-text answer is an opinion (None: decided by `is_opinion`'s default).
    opinion: bool | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """Return the answer columns this question fills (two for a before/after pair)."""
        if self.type == "before_after":
            return tuple(f"{self.id}__{part}" for part in PAIR_SUFFIXES)
        return (self.id,)

    @property
    def is_rating(self) -> bool:
        """Return True when the answers are numbers on a scale."""
        return self.type in RATING_TYPES

    @property
    def is_text(self) -> bool:
        """Return True for free-text questions."""
        return self.type in TEXT_TYPES

    @property
    def is_opinion(self) -> bool:
        """Return True for free-text questions whose answers are participants' opinions.

        The one rule every view of comments follows (dashboard, moderation, projector, words,
        themes, report, exports): a question's own ``opinion: true|false`` wins; otherwise
        long text outside the profile section is an opinion, and short text (agency,
        position, "other, please specify") and anything in the profile section is not.
        """
        if not self.is_text:
            return False
        if self.opinion is not None:
            return self.opinion
        return self.type == "long_text" and self.section != PROFILE_SECTION

    def option_label(self, value: str, language: str = DEFAULT_LANGUAGE) -> str:
        """Return the label of the option stored as `value`, or `value` itself."""
        for option in self.options:
            if option.value == value:
                return option.label.get(language)
        return value


@dataclass(frozen=True)
class Section:
    """A titled group of questions."""

    id: str
    title: Text
    questions: tuple[Question, ...]
    condition: Condition | None = None


@dataclass(frozen=True)
class Questionnaire:
    """A validated questionnaire; `to_dict` round-trips through `from_dict`."""

    id: str
    title: Text
    sections: tuple[Section, ...]
    languages: tuple[str, ...] = (DEFAULT_LANGUAGE,)
    version: int = 1
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    intro: Text | None = None
    # For a questionnaire merged from several versions (analysis.questionnaire.versions): each
    # version it was merged from, oldest first; empty for a questionnaire as loaded.
    versions: tuple[Questionnaire, ...] = field(default=(), compare=False, repr=False)

    @property
    def questions(self) -> tuple[Question, ...]:
        """Return every question in order."""
        return tuple(q for s in self.sections for q in s.questions)

    def section(self, section_id: str) -> Section:
        """Return the section with this id; KeyError if there is none."""
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def question(self, question_id: str) -> Question:
        """Return the question with this id; KeyError if there is none."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    @property
    def opinion_questions(self) -> tuple[Question, ...]:
        """Return the free-text questions whose answers are opinions (see `Question.is_opinion`)."""
        return tuple(q for q in self.questions if q.is_opinion)

    @property
    def columns(self) -> tuple[str, ...]:
        """Return every answer column in order."""
        return tuple(c for q in self.questions for c in q.columns)

    def to_dict(self) -> dict[str, Any]:
        """Return the questionnaire as the plain data it was loaded from."""
        return json.loads(json.dumps(self.raw))

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], source: str = "<questionnaire>", strict: bool = True
    ) -> Questionnaire:
        """Return a validated questionnaire built from plain data; ``strict`` False reads a
        stored snapshot by the rules it was stored under (see ``validate._Builder``)."""
        # The loader builds on this module, so it is imported when first needed, not at the top.
        from analysis.questionnaire.validate import validate_questionnaire

        return validate_questionnaire(data, source, strict)
