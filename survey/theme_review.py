"""The analyst's review of themes: each questionnaire's themes as the results page shows them,
and the edits (rename, merge, move) that its forms turn into.

A theme on the page is named by its signature (its most distinctive words), not by its id, so a
form posted after new answers arrived still means the theme the analyst saw: the posted words
are matched to the themes of the fit made when the form arrives, as stored edits are after a
refit.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from functools import cached_property
from typing import TYPE_CHECKING
from typing import Any

from analysis.questionnaire.model import Questionnaire
from analysis.themes.edits import ThemeEdits
from analysis.themes.edits import match_theme
from survey.limits import loads_shallow
from survey.results import StoredEdits
from survey.results import edits_for

if TYPE_CHECKING:
    import pandas as pd

    from analysis.responses import Part
    from analysis.themes.model import ThemeModel

NAME_WORDS = 3  # words of a signature that name a theme in the list of stored edits
SHORT_POINT = 120  # characters of a point shown in the move form's list


@dataclass(frozen=True)
class ThemeReview:
    """One questionnaire's themes (``model`` None when too few points) and its stored edits."""

    questionnaire: Questionnaire
    model: ThemeModel | None
    points: pd.DataFrame
    edits: list[dict[str, Any]] = field(default_factory=list)

    @cached_property
    def themes(self) -> list[dict[str, Any]]:
        """Return each theme (other last) with its points, distinct, most written first."""
        if self.model is None:
            return []
        rows = []
        for theme in self.model.themes_.itertuples(index=False):
            texts = self.points.loc[self.points["theme_id"] == theme.theme_id, "text"]
            rows.append(
                {
                    "theme_id": int(theme.theme_id),
                    "value": self.value_of(int(theme.theme_id)),
                    "label": str(theme.label),
                    "size": int(theme.size),
                    "share": float(theme.share),
                    "quotes": [str(q) for q in theme.quotes],
                    "keywords": [str(k) for k in theme.keywords],
                    "points": Counter(str(t) for t in texts).most_common(),
                }
            )
        return rows

    @cached_property
    def editable(self) -> list[dict[str, Any]]:
        """Return the themes an edit may name: every theme but other."""
        from analysis.themes.model import OTHER_ID

        return [t for t in self.themes if t["theme_id"] != OTHER_ID]

    def value_of(self, theme_id: int) -> str:
        """Return how a form names a theme: its signature as a JSON array ("" for other)."""
        if self.model is None or theme_id not in self.model.signatures_:
            return ""
        return json.dumps(list(self.model.signatures_[theme_id]), ensure_ascii=False)

    def theme_for(self, value: str | None) -> int | None:
        """Return the id of the theme a form's value names, matched by its words, or None."""
        if self.model is None or not value:
            return None
        try:
            words = loads_shallow(value)
        except ValueError:
            return None
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            return None
        return match_theme(words, self.model.signatures_)

    def theme_of_point(self, text: str | None) -> int | None:
        """Return the theme of a point (its cleaned, masked text as shown), or None if unknown."""
        found = self.points.loc[self.points["text"] == text, "theme_id"]
        return int(found.iloc[0]) if len(found) else None

    def signature(self, theme_id: int) -> tuple[str, ...]:
        """Return the words of a theme, the key an edit stores."""
        assert self.model is not None
        return tuple(self.model.signatures_[theme_id])

    def rename(self, theme: str, label: str) -> dict[str, Any]:
        """Return the edit renaming the theme a form names."""
        return ThemeEdits().rename(self._words(theme), label).edits[0]

    def merge(self, theme: str, into: str) -> dict[str, Any]:
        """Return the edit merging one theme a form names into another."""
        return ThemeEdits().merge(self._words(theme), into=self._words(into)).edits[0]

    def move(self, text: str, into: str) -> dict[str, Any]:
        """Return the edit moving a point (its cleaned, masked text as the page shows it)."""
        return ThemeEdits().move(text, into=self._words(into)).edits[0]

    def _words(self, value: str) -> tuple[str, ...]:
        theme = self.theme_for(value)
        if theme is None:
            raise ValueError(f"no theme has the words {value!r}")
        return self.signature(theme)


def review_themes(parts: Sequence[Part], stored: StoredEdits) -> list[ThemeReview]:
    """Return each questionnaire's themes with its stored edits applied, as the report fits them."""
    # imported here: fitting needs scikit-learn, which the forms importing this module do not
    from analysis.themes.opinions import fit_suggestion_themes
    from survey.theme_vectors import stored_vectors_for

    reviews = []
    for part in parts:
        qid = part.questionnaire.id
        model, points = fit_suggestion_themes(
            part.frame,
            part.questionnaire,
            edits=edits_for(stored, qid),
            encoder_for=stored_vectors_for,
        )
        edits = [dict(edit) for edit in stored.get(qid, ())]
        reviews.append(ThemeReview(part.questionnaire, model, points, edits))
    return reviews


def short_point(text: str) -> str:
    """Return a point cut to fit one line of a list."""
    return text if len(text) <= SHORT_POINT else text[: SHORT_POINT - 1] + "…"


def describe(edit: Mapping[str, Any]) -> str:
    """Return a stored edit in Thai, its themes named by their first words."""

    def name(words: Sequence[str]) -> str:
        return "“" + ", ".join(list(words)[:NAME_WORDS]) + "”"

    if edit.get("op") == "rename":
        return f"ตั้งชื่อประเด็น {name(edit['theme'])} ว่า “{edit['label']}”"
    if edit.get("op") == "merge":
        return f"รวมประเด็น {name(edit['theme'])} เข้ากับ {name(edit['into'])}"
    if edit.get("op") == "move":
        return f"ย้าย “{short_point(str(edit['text']))}” ไปประเด็น {name(edit['into'])}"
    return str(edit.get("op", ""))
