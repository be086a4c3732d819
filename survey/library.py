"""Where questionnaires come from: the template files shipped in QUESTIONNAIRE_DIR, the template
library kept in the database, a workshop's own questionnaires, and the question bank."""

from __future__ import annotations

from typing import Any

from flask import current_app

from analysis.questionnaire.load import load_directory
from analysis.questionnaire.load import load_questionnaire
from analysis.questionnaire.model import Questionnaire
from survey import store


def template_files() -> dict[str, Questionnaire]:
    """Return the shipped template files by id (QuestionnaireError when one is broken)."""
    return load_directory(current_app.config["QUESTIONNAIRE_DIR"])


def stored(row: dict[str, Any]) -> Questionnaire:
    """Return a stored questionnaire's current version."""
    return Questionnaire.from_dict(row["definition"], f"questionnaire {row['key']}")


def templates() -> dict[str, Questionnaire]:
    """Return the template library: the shipped files, then those imported into the database."""
    found = dict(template_files())
    for row in store.list_questionnaires(workshop_ids=()):
        found.setdefault(row["key"], stored(row))
    return found


def for_workshop(workshop_id: int) -> dict[str, Questionnaire]:
    """Return what a workshop's sessions may use: its own questionnaires, then the templates."""
    own = {
        row["key"]: stored(row)
        for row in store.list_questionnaires(workshop_ids=[workshop_id])
        if row["workshop_id"] == workshop_id
    }
    return own | {key: q for key, q in templates().items() if key not in own}


def question_bank() -> Questionnaire:
    """Return the question bank: each section a group of standard items to insert."""
    return load_questionnaire(current_app.config["QUESTION_BANK"])
