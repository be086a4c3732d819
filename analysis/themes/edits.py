"""Analyst edits to themes (rename, merge, move a text) kept as data and re-applied after a refit.

A theme is named in an edit by its signature, its most distinctive words, not by its id: ids
change when the model is refit on more answers, the words of a theme mostly do not.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from typing import Any

DEFAULT_MATCH_OVERLAP = 0.3  # share of the smaller signature two themes must have in common
# What each kind of edit holds besides "op": "words" is a signature, a list of words.
EDIT_FIELDS = {
    "rename": {"theme": "words", "label": "text"},
    "merge": {"theme": "words", "into": "words"},
    "move": {"text": "text", "into": "words"},
}


@dataclass
class ThemeEdits:
    """An ordered list of edits, each a JSON-ready dict with an ``op`` key."""

    edits: list[dict[str, Any]] = field(default_factory=list)

    def rename(self, signature: Sequence[str], label: str) -> ThemeEdits:
        """Return self with a rename of the theme with ``signature`` to ``label`` added."""
        self.edits.append({"op": "rename", "theme": list(signature), "label": label})
        return self

    def merge(self, signature: Sequence[str], into: Sequence[str]) -> ThemeEdits:
        """Return self with a merge of the theme ``signature`` into the theme ``into`` added."""
        self.edits.append({"op": "merge", "theme": list(signature), "into": list(into)})
        return self

    def move(self, text: str, into: Sequence[str]) -> ThemeEdits:
        """Return self with a move of every answer reading ``text`` into the theme ``into``."""
        self.edits.append({"op": "move", "text": text, "into": list(into)})
        return self

    def to_json(self) -> str:
        """Return the edits as a JSON array."""
        return json.dumps(self.edits, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ThemeEdits:
        """Return the edits read from a JSON array written by ``to_json``.

        Raises ValueError saying what is wrong when the text is not such an array.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"not JSON ({error})") from None
        if not isinstance(data, list):
            raise ValueError("not a JSON array of edits")
        return cls([checked_edit(edit, number) for number, edit in enumerate(data, start=1)])


def checked_edit(edit: object, number: int = 1) -> dict[str, Any]:
    """Return an edit as a dict, or raise ValueError saying what is wrong with edit ``number``."""
    if not isinstance(edit, dict):
        raise ValueError(f"edit {number} is not an object")
    fields = EDIT_FIELDS.get(str(edit.get("op")))
    if fields is None:
        raise ValueError(f"edit {number}: 'op' must be one of {', '.join(EDIT_FIELDS)}")
    for key, kind in fields.items():
        value = edit.get(key)
        if kind == "text" and not (isinstance(value, str) and value.strip()):
            raise ValueError(f"edit {number} ({edit['op']}): '{key}' must be a text")
        if kind == "words" and not (
            isinstance(value, list) and value and all(isinstance(w, str) for w in value)
        ):
            raise ValueError(f"edit {number} ({edit['op']}): '{key}' must be a list of words")
    return dict(edit)


def overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """Return the share of the smaller of two signatures found in the other."""
    if not a or not b:
        return 0.0
    return len(set(a) & set(b)) / min(len(set(a)), len(set(b)))


def match_theme(
    signature: Sequence[str],
    signatures: Mapping[int, Sequence[str]],
    min_overlap: float = DEFAULT_MATCH_OVERLAP,
) -> int | None:
    """Return the id of the theme whose signature best matches ``signature``, or None."""
    scored = [(overlap(signature, words), -theme) for theme, words in signatures.items()]
    if not scored:
        return None
    score, negative_id = max(scored)
    return -negative_id if score >= min_overlap else None
