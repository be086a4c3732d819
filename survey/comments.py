"""Free-text comments on the dashboard: shown cleaned and masked, counted as Thai words, themed.

The analysis itself is `analysis.text.clean` and `analysis.themes.opinions`; this module only caches the
per-answer work, which depends on nothing but the text, so every worker may keep its own copy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from analysis.text.answers import empty_reason
from analysis.text.clean import clean_text
from analysis.text.clean import tokenize
from analysis.text.intake import thai_ranks
from analysis.text.segmenters import compact_segment
from analysis.themes.edits import ThemeEdits

TOP_WORDS = 30
# Answers whose cleaning and words are remembered per worker: a busy workshop has a few thousand.
TEXT_CACHE_SIZE = 20_000


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def cleaned(text: str) -> str:
    """Return an answer as staff and the projector see it: normalised, personal data masked."""
    return clean_text(text)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _words(text: str) -> frozenset[str]:
    """Return the words of an answer; none for a non-answer ("ไม่มีค่ะ 🙏", "ok")."""
    if empty_reason(cleaned(text)) is not None:
        return frozenset()
    # the compact engine: a worker counting words for the dashboards never loads nlpo3's 60 MiB
    # dictionary (issue 16: memory); the words counted are nlpo3's but for some symbols that
    # touch Thai (analysis.text.segmenters.compact_segment)
    return frozenset(tokenize(text, engine=compact_segment))


def word_counts(texts: Iterable[str], top: int = TOP_WORDS) -> list[dict[str, Any]]:
    """Return the words most answers use, each with how many answers use it, most first and in
    Thai dictionary order on a tie."""
    counts = Counter(word for text in texts for word in _words(text))
    rank = thai_ranks(counts)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], rank[item[0]]))[:top]
    return [{"word": word, "n": n} for word, n in ranked]


def themes(
    answers: list[tuple[str, str, int, str]], edits: ThemeEdits | None = None
) -> dict[str, Any]:
    """Return the themes of (respondent key, text, response id, question id) answers, fitted
    afresh the way the report fits them: non-answers and one person's repeats out, answers
    split into points, no themes below a handful of points, the analysts' ``edits``
    re-applied, each point's sentence vector kept in the database and reused. ``texts`` and
    ``points`` say how many went in."""
    # imported here: fitting themes needs pandas and scikit-learn, which a worker serving
    # participants and the dashboard's counts never loads (issue 16: memory)
    import pandas as pd

    from analysis.themes.opinions import answer_points
    from analysis.themes.opinions import point_themes
    from analysis.themes.opinions import real_answers
    from survey.theme_vectors import StoredVectors

    texts = pd.Series([answer[1] for answer in answers], dtype=object)
    people = pd.Series([answer[0] for answer in answers], dtype=object)
    real = real_answers(texts, people)
    points = answer_points(real["text_clean"].tolist())
    kept = [answers[i] for i in real.index[points["answer"]]]
    keys = [(a[2], a[3], int(u)) for a, u in zip(kept, points["unit_no"], strict=True)]
    model = point_themes(points["text"].tolist(), edits=edits, encoder=StoredVectors(keys))
    found = [] if model is None else model.themes_.itertuples(index=False)
    return {
        "texts": len(answers),
        "points": len(points),
        "themes": [
            {
                "theme_id": int(row.theme_id),
                "label": str(row.label),
                "size": int(row.size),
                "share": round(float(row.share), 3),
                "quotes": [str(quote) for quote in row.quotes],
                "keywords": [str(word) for word in row.keywords],
            }
            for row in found
        ],
    }
