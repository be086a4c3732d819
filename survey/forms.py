"""Forms: the participant's form is built from the session's questionnaire with WTForms."""

from __future__ import annotations

import itertools
import json
import re
import secrets
from collections.abc import Collection
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from werkzeug.datastructures import MultiDict
from wtforms import Field
from wtforms import HiddenField
from wtforms import RadioField
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import ValidationError
from wtforms import widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired
from wtforms.validators import InputRequired
from wtforms.validators import Optional

from analysis.questionnaire.conditions import conditions_of
from analysis.questionnaire.conditions import pages
from analysis.questionnaire.model import FORM_FIELDS
from analysis.questionnaire.model import PAIR_LABELS
from analysis.questionnaire.model import PAIR_SUFFIXES
from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire
from analysis.text.intake import intake_value
from survey.i18n import translate
from survey.limits import bounded_int

csrf = CSRFProtect()

_RE_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
TOKEN_BYTES = 24
# Fields every participant form has besides the questions: `step` is the page a form without
# JavaScript is on ("all" once JavaScript shows every page), `go` the page button pressed.
SYSTEM_FIELDS = FORM_FIELDS
ALL_PAGES = "all"


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes, which are easier to tap than a multi-select list."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class _Messages:
    """WTForms' own built-in messages, said in the participant's language."""

    def __init__(self, language: str) -> None:
        self.language = language

    def gettext(self, message: str) -> str:
        if message.startswith("Not a valid choice") or message.startswith("'%(value)s'"):
            return translate("invalid_choice", self.language)
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class _MaxLength:
    """Limits free text by characters, with the message in the participant's language."""

    def __init__(self, maximum: int, language: str) -> None:
        self.maximum = maximum
        self.language = language

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data and len(field.data) > self.maximum:
            raise ValidationError(translate("too_long", self.language, max=self.maximum))


class ResponseForm(FlaskForm):
    """The fields every participant form carries; questions are added per questionnaire."""

    token = HiddenField()
    lang = HiddenField()
    step = HiddenField(default=ALL_PAGES)

    def validate_token(self, field: Field) -> None:
        if not _RE_TOKEN.match(field.data or ""):
            raise ValidationError(translate("bad_request_body", self.lang.data))


def new_token() -> str:
    """Return a fresh idempotency token for one form."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def _validators(question: Question, language: str, required: bool) -> list[Any]:
    if question.required and required:
        # free text is checked after the intake filter: invisible characters are no answer
        kind = DataRequired if question.is_text else InputRequired
        return [kind(message=translate("required", language))]
    return [Optional()]


def _choices(question: Question, language: str) -> list[SelectChoice]:
    return [SelectChoice(o.value, o.label.get(language)) for o in question.options]


def _fields_for(question: Question, language: str, required: bool) -> dict[str, Field]:
    label = question.label.get(language)
    checks = _validators(question, language, required)
    if question.type == "before_after":
        return {
            f"{question.id}__{part}": RadioField(
                PAIR_LABELS[part].get(language, PAIR_LABELS[part]["th"]),
                choices=_choices(question, language),
                validators=checks,
            )
            for part in PAIR_SUFFIXES
        }
    if question.type == "multiple_choice":
        field: Field = MultiCheckboxField(label, choices=_choices(question, language))
    elif question.is_text:
        kind = TextAreaField if question.type == "long_text" else StringField
        limit = _MaxLength(question.max_length or 0, language)
        intake = _intake_long if question.type == "long_text" else _intake_short
        field = kind(label, validators=[*checks, limit], filters=[intake])
    else:
        field = RadioField(label, choices=_choices(question, language), validators=checks)
    return {question.id: field}


def _intake_long(value: object) -> object:
    """Form filter: a long answer through the intake gate, its line breaks kept."""
    return intake_value(value)


def _intake_short(value: object) -> object:
    """Form filter: a short answer (agency, position) through the intake gate, on one line."""
    return intake_value(value, single_line=True)


def build_form(
    questionnaire: Questionnaire,
    language: str,
    required: Collection[str] | None = None,
    **kwargs: Any,
) -> ResponseForm:
    """Return the participant form for a questionnaire, labelled in `language`.

    ``required``: the ids of the questions whose "required" counts now (the questions shown, on
    the pages answered so far); None: every question's.
    """
    fields: dict[str, Any] = {}
    for question in questionnaire.questions:
        fields.update(_fields_for(question, language, required is None or question.id in required))
    messages = _Messages(language)
    meta = type("Meta", (), {"get_translations": lambda self, form: messages})
    form_class = type("QuestionnaireForm", (ResponseForm,), {**fields, "Meta": meta})
    return form_class(**kwargs)  # type: ignore[no-any-return]


def unknown_fields(questionnaire: Questionnaire, posted: list[str]) -> list[str]:
    """Return the posted field names that are neither questions nor the form's own fields."""
    known = set(questionnaire.columns) | SYSTEM_FIELDS
    return sorted(set(posted) - known)


def posted_answers(questionnaire: Questionnaire, formdata: Any) -> dict[str, list[str]]:
    """Return what was posted for each answer column (empty lists for nothing)."""
    return {c: [v for v in formdata.getlist(c) if v != ""] for c in questionnaire.columns}


def without_hidden(questionnaire: Questionnaire, formdata: Any, shown: Collection[str]) -> Any:
    """Return the posted data without answers to questions that are not shown: they are never
    checked and never stored."""
    hidden = {c for q in questionnaire.questions if q.id not in shown for c in q.columns}
    kept: MultiDict[str, str] = MultiDict()
    for key, value in formdata.items(multi=True):
        if key not in hidden:
            kept.add(key, value)
    return kept


def answer_values(
    questionnaire: Questionnaire, form: ResponseForm, shown: Collection[str] | None = None
) -> dict[str, list[str]]:
    """Return the answers of a validated form as stored values, leaving out what is empty and
    what belongs to questions not shown (`shown`: ids; None: every question)."""
    values: dict[str, list[str]] = {}
    columns = [
        c for q in questionnaire.questions if shown is None or q.id in shown for c in q.columns
    ]
    for column in columns:
        data = form[column].data
        items = data if isinstance(data, list) else [data]
        kept = [str(item) for item in items if item not in (None, "")]
        if kept:
            values[column] = kept
    return values


def form_answers(questionnaire: Questionnaire, form: ResponseForm) -> dict[str, list[str]]:
    """Return the answers a form holds now, per answer column, as `visible_questions` reads them."""
    found: dict[str, list[str]] = {}
    for column in questionnaire.columns:
        data = form[column].data
        items = data if isinstance(data, list) else [data]
        found[column] = [str(item) for item in items if item not in (None, "")]
    return found


def _is_last_page(
    split: tuple[tuple[Question, ...], ...], step: int, shown: Collection[str]
) -> bool:
    """Return True when no later page has a question shown for the answers so far: pressing the
    button sends the answers (an answer on this page may still open a later page)."""
    return not any(q.id in shown for page in split[step + 1 :] for q in page)


def form_layout(
    questionnaire: Questionnaire, form: ResponseForm, shown: Collection[str]
) -> dict[str, Any]:
    """Return what the form page needs to lay out pages and conditions.

    ``pages``: per page, its questions grouped by section as (Section, [Question]) pairs;
    ``step``: the page shown without JavaScript (None: all); ``last``: True when its button
    sends the answers (no later page can be shown); ``shown``: ids of questions shown
    for the answers so far; ``show_if``: per conditional question, its conditions as JSON for
    the page's script ([{"q": id, "v": [values]}]).
    """
    split = pages(questionnaire)
    step = form.step.data
    grouped = [
        [
            (questionnaire.section(sid), list(items))
            for sid, items in itertools.groupby(page, key=lambda q: q.section)
        ]
        for page in split
    ]
    current = bounded_int(step, None) if len(split) > 1 else None
    return {
        "pages": grouped,
        "step": current,
        "last": current is None or _is_last_page(split, current, shown),
        "shown": frozenset(shown),
        "show_if": {
            q.id: json.dumps(
                [{"q": c.question, "v": list(c.values)} for c in conditions_of(questionnaire, q)],
                ensure_ascii=False,
            )
            for q in questionnaire.questions
            if conditions_of(questionnaire, q)
        },
    }
