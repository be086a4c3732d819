"""Where questionnaires come from: the template files shipped in QUESTIONNAIRE_DIR, the template
library kept in the database, a workshop's own questionnaires, and the question bank."""

from __future__ import annotations

from typing import Any

from flask import current_app

from analysis.questionnaire.load import QuestionnaireError
from analysis.questionnaire.load import load_directory
from analysis.questionnaire.load import load_questionnaire
from analysis.questionnaire.model import Questionnaire
from analysis.questionnaire.validate import validate_questionnaire
from survey import store

MAX_RENUMBER = 50  # an imported id taken elsewhere becomes id_2 ... id_50


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


def numbered_ids(qid: str) -> list[str]:
    """Return the ids to try for an imported questionnaire: its own, then id_2 … id_50, each
    cut to the 40 characters an id may have."""
    return [qid] + [f"{qid[: 40 - len(str(n)) - 1]}_{n}" for n in range(2, MAX_RENUMBER + 1)]


def create_new(
    questionnaire: Questionnaire,
    workshop_id: int | None,
    user_id: int | None,
    renumber: bool = False,
) -> int | None:
    """Store a new questionnaire and return its row id; None when its id is taken. With
    `renumber` (imports, from the web page or the command line), a taken id becomes the first
    free id_2, id_3, …, so two workshops can import the same form; the shipped template files'
    ids are taken too."""
    try:
        reserved = set(template_files())
    except QuestionnaireError:
        reserved = set()
    data = questionnaire.to_dict()
    for key in numbered_ids(questionnaire.id) if renumber else [questionnaire.id]:
        candidate = validate_questionnaire({**data, "id": key}, "new")
        try:
            return store.create_questionnaire(candidate, workshop_id, user_id, reserved)
        except store.KeyTakenError:
            continue
    return None
