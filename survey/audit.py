"""Who did what: each recorded action names the account (or the command line's system user),
the address it came from and what it touched; `store.add_audit_entry` keeps it."""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask import has_request_context
from flask import request
from werkzeug.wrappers import Response

from survey import store
from survey.auth import client_address
from survey.auth import current_user

# What the command line records as its address.
COMMAND_LINE = "command line"


def actor() -> tuple[int | None, str, str]:
    """Return (user id, actor name, address) of whoever is acting now: a logged-in account, a
    participant's phone, or the command line's system user."""
    if not has_request_context():
        try:
            who = getpass.getuser()
        except (KeyError, OSError):
            who = "unknown"
        return None, f"cli:{who}", COMMAND_LINE
    user = current_user()
    if user is None:
        return None, "participant", client_address()
    return int(user["id"]), str(user["username"]), client_address()


def record(
    action: str,
    workshop_id: int | None = None,
    target: str = "",
    detail: Mapping[str, Any] | None = None,
    conn: sa.Connection | None = None,
) -> None:
    """Record an action by whoever is acting now (see `actor`)."""
    user_id, name, address = actor()
    store.add_audit_entry(
        action,
        name,
        address,
        user_id=user_id,
        workshop_id=workshop_id,
        target=target,
        detail=detail,
        conn=conn,
    )


# Blueprints whose successful posts change a questionnaire, and the action each view records
# (any other view of the editor's blueprint saves a change to one questionnaire).
QUESTIONNAIRE_BLUEPRINTS = frozenset({"questionnaires", "library"})
QUESTIONNAIRE_ACTIONS = {
    "library.workshop_questionnaires": "questionnaire_create",
    "library.template_library": "questionnaire_create",
    "library.import_to_workshop": "questionnaire_import",
    "library.import_to_library": "questionnaire_import",
    "library.delete": "questionnaire_delete",
    "library.preview": None,  # trying the form out changes nothing
}


def init_app(app: Flask) -> None:
    """Record every questionnaire change the editor and the library make."""
    app.after_request(_questionnaire_change)


def _questionnaire_change(response: Response) -> Response:
    """A post to the editor or library that ends in a redirect has changed a questionnaire; one
    answered with a page (a form shown again with its problems) has not."""
    if (
        request.method == "POST"
        and request.blueprint in QUESTIONNAIRE_BLUEPRINTS
        and response.status_code in (302, 303)
    ):
        endpoint = request.endpoint or ""
        action = QUESTIONNAIRE_ACTIONS.get(endpoint, "questionnaire_save")
        if action is None:
            return response
        args = {key: str(value) for key, value in (request.view_args or {}).items()}
        args["view"] = endpoint
        upload = request.files.get("file")
        if upload is not None and upload.filename:
            args["file"] = upload.filename
        record(action, target=_questionnaire_target(args), detail=args)
    return response


def _questionnaire_target(args: Mapping[str, str]) -> str:
    row_id = args.get("row_id")
    if row_id is None:
        return args.get("file", "")
    row = store.questionnaire_row(int(row_id))
    return str(row["key"]) if row else f"#{row_id}"
