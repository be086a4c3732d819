"""Free-text comments on the dashboard: shown cleaned and masked, counted as Thai words, themed.

The analysis itself is `analysis.thai_text` and `analysis.themes`; this module only caches the
per-answer work, which depends on nothing but the text, so every worker may keep its own copy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from analysis.thai_text import clean_text
from analysis.thai_text import tokenize
from analysis.themes import ThemeModel

TOP_WORDS = 30
# Answers whose cleaning and words are remembered per worker: a busy workshop has a few thousand.
TEXT_CACHE_SIZE = 20_000


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def cleaned(text: str) -> str:
    """Return an answer as staff and the projector see it: normalised, personal data masked."""
    return clean_text(text)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _words(text: str) -> frozenset[str]:
    return frozenset(tokenize(text))


def word_counts(texts: Iterable[str], top: int = TOP_WORDS) -> list[dict[str, Any]]:
    """Return the words most answers use, each with how many answers use it, most first."""
    counts = Counter(word for text in texts for word in _words(text))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
    return [{"word": word, "n": n} for word, n in ranked]


def themes(texts: list[str]) -> list[dict[str, Any]]:
    """Return the themes of the answers, fitted afresh: label, size, share and masked quotes."""
    if not texts:
        return []
    model = ThemeModel(n_themes="auto", random_state=0).fit(texts)
    return [
        {
            "theme_id": int(row.theme_id),
            "label": str(row.label),
            "size": int(row.size),
            "share": round(float(row.share), 3),
            "quotes": [str(quote) for quote in row.quotes],
        }
        for row in model.themes_.itertuples(index=False)
    ]
