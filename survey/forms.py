"""Forms: the participant's form is built from the session's questionnaire with WTForms."""

from __future__ import annotations

import re
import secrets
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
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

from analysis.questionnaire.model import PAIR_LABELS
from analysis.questionnaire.model import PAIR_SUFFIXES
from analysis.questionnaire.model import Question
from analysis.questionnaire.model import Questionnaire
from analysis.text.intake import intake_value
from survey.i18n import translate

csrf = CSRFProtect()

_RE_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
TOKEN_BYTES = 24
# Fields every participant form has besides the questions.
SYSTEM_FIELDS = frozenset({"csrf_token", "token", "lang"})


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

    def validate_token(self, field: Field) -> None:
        if not _RE_TOKEN.match(field.data or ""):
            raise ValidationError(translate("bad_request_body", self.lang.data))


def new_token() -> str:
    """Return a fresh idempotency token for one form."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def _validators(question: Question, language: str) -> list[Any]:
    if question.required:
        # free text is checked after the intake filter: invisible characters are no answer
        kind = DataRequired if question.is_text else InputRequired
        return [kind(message=translate("required", language))]
    return [Optional()]


def _choices(question: Question, language: str) -> list[SelectChoice]:
    return [SelectChoice(o.value, o.label.get(language)) for o in question.options]


def _fields_for(question: Question, language: str) -> dict[str, Field]:
    label = question.label.get(language)
    checks = _validators(question, language)
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


def build_form(questionnaire: Questionnaire, language: str, **kwargs: Any) -> ResponseForm:
    """Return the participant form for a questionnaire, labelled in `language`."""
    fields: dict[str, Any] = {}
    for question in questionnaire.questions:
        fields.update(_fields_for(question, language))
    messages = _Messages(language)
    meta = type("Meta", (), {"get_translations": lambda self, form: messages})
    form_class = type("QuestionnaireForm", (ResponseForm,), {**fields, "Meta": meta})
    return form_class(**kwargs)  # type: ignore[no-any-return]


def unknown_fields(questionnaire: Questionnaire, posted: list[str]) -> list[str]:
    """Return the posted field names that are neither questions nor the form's own fields."""
    known = set(questionnaire.columns) | SYSTEM_FIELDS
    return sorted(set(posted) - known)


def answer_values(questionnaire: Questionnaire, form: ResponseForm) -> dict[str, list[str]]:
    """Return the answers of a validated form as stored values, leaving out what is empty."""
    values: dict[str, list[str]] = {}
    for column in questionnaire.columns:
        data = form[column].data
        items = data if isinstance(data, list) else [data]
        kept = [str(item) for item in items if item not in (None, "")]
        if kept:
            values[column] = kept
    return values
