"""Bounds on what a request may carry, checked before anything reaches the database: ids in URLs
and query strings, characters no database stores, JSON nesting and years."""

from __future__ import annotations

import json
import re
from typing import Any
from typing import TypeVar

from flask import Flask
from flask import abort
from flask import current_app
from flask import request
from werkzeug.routing import IntegerConverter

T = TypeVar("T")

# The largest id a URL or query string may name: PostgreSQL's INTEGER (and SQLite's practical
# range here) ends at 2**31 - 1; a larger number names nothing, so it is a 404, never a 500.
MAX_ID = 2**31 - 1
# How deeply a JSON value typed into a form may nest: a theme is a flat list of words, and
# Python's parser would exhaust its recursion on a megabyte of "[[[[".
MAX_JSON_DEPTH = 20
# What no path of Sala holds: C0 controls (a path is a join code, an id or a word).
_RE_CONTROL = re.compile("[\x00-\x1f\x7f]")
# What PostgreSQL cannot store in text at all. Other controls a staff form may carry (a line
# break pasted from Word is VT) are cleaned by the intake gate; participants' answers too.
NUL = "\x00"
# Endpoints whose posted values go through analysis.text.intake before storage: a NUL in an
# answer is removed there, so the phone's retry is accepted rather than refused for ever.
CLEANED_BY_INTAKE = frozenset({"participant.submit"})


class IdConverter(IntegerConverter):
    """`<int:...>` for ids: 0 to MAX_ID; anything larger does not match the route (404)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


# Posts that may be larger than a participant's (MAX_CONTENT_LENGTH): the questionnaire editor's
# (EDITOR_MAX_CONTENT_LENGTH) and a questionnaire file to import (IMPORT_MAX_CONTENT_LENGTH).
EDITOR_BLUEPRINT = "questionnaires"
IMPORT_ENDPOINTS = frozenset({"library.import_to_workshop", "library.import_to_library"})


def init_app(app: Flask) -> None:
    """Bound `<int:...>` in every route, let the editor's and imports' posts be larger, and refuse
    requests carrying unstorable characters. Call before CSRF protection, which reads the form."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(_post_limit)
    app.before_request(_refuse_unstorable)


def _post_limit() -> None:
    """Raise this request's size limits for the editor's posts and for imports."""
    if request.endpoint in IMPORT_ENDPOINTS:
        request.max_content_length = current_app.config["IMPORT_MAX_CONTENT_LENGTH"]
    elif request.blueprint == EDITOR_BLUEPRINT:
        limit = current_app.config["EDITOR_MAX_CONTENT_LENGTH"]
        request.max_content_length = limit
        request.max_form_memory_size = limit


def _refuse_unstorable() -> None:
    """404 for a control character in the path; 400 (the polite error page) for a NUL in a
    query parameter, or a posted field name or value (the intake gate cleans participants'
    answers instead)."""
    if _RE_CONTROL.search(request.path):
        abort(404)
    pairs = list(request.args.items(multi=True))
    if request.endpoint in CLEANED_BY_INTAKE:
        pairs += [(key, "") for key in request.form]
    else:
        pairs += list(request.form.items(multi=True))
    if any(NUL in key or NUL in value for key, value in pairs):
        abort(400)


def bounded_int(text: str | None, default: T, maximum: int = MAX_ID) -> int | T:
    """Return a query or form value as an int in 0..maximum, or `default` when it is not one
    (ASCII digits only: "๑" and "²" are digits to str.isdigit but no id)."""
    if not text or not text.isascii() or not text.isdecimal() or len(text) > len(str(maximum)):
        return default
    value = int(text)
    return value if value <= maximum else default


def json_depth(text: str) -> int:
    """Return how deeply the brackets of a JSON text nest, strings ignored (no parsing)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def loads_shallow(text: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Return `json.loads(text)`; ValueError when it nests deeper than `max_depth`."""
    if json_depth(text) > max_depth:
        raise ValueError(f"JSON nested deeper than {max_depth}")
    return json.loads(text)
