"""Quotes that show a theme: the answers nearest its centre, no two of them near-copies."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

DEFAULT_QUOTES = 3
# Two answers whose character 3-grams (TF-IDF, cosine) agree this much say the same thing in
# nearly the same words ("แอร์หนาวมาก" and "แอร์หนาวมากค่ะ"): one of them is quote enough.
DEFAULT_NEAR_COPY = 0.8


def _near_copies(texts: Sequence[str]) -> np.ndarray:
    """Return the cosine similarity of the texts' character 3-grams, pairwise."""
    if len(texts) < 2:
        return np.ones((len(texts), len(texts)))
    grams = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3)).fit_transform(texts)
    return (grams @ grams.T).toarray()


def _says(text: str, words: Sequence[str]) -> bool:
    """Return whether ``text`` has every one of ``words`` (case folded)."""
    folded = text.casefold()
    return all(w.casefold() in folded for w in words)


def nearest_quotes(
    texts: Sequence[str],
    vectors: np.ndarray,
    centre: np.ndarray,
    n: int = DEFAULT_QUOTES,
    label_words: Sequence[str] = (),
) -> tuple[str, ...]:
    """Return up to ``n`` of ``texts`` (a theme's answers, cleaned and masked) nearest
    ``centre`` by cosine of their ``vectors``, skipping any that repeats or nearly copies one
    already chosen. The first few dozen nearest are considered, so a theme of thousands stays
    quick. Among those, the nearest that has all of ``label_words`` (the theme's label) comes
    first, so a theme of two subjects is not shown under its name with a quote of the other."""
    order = np.argsort(-(vectors @ centre), kind="stable")
    candidates: list[str] = []
    for i in order:
        if texts[i] and texts[i] not in candidates:
            candidates.append(texts[i])
        if len(candidates) == 10 * n:
            break
    if label_words:
        saying = next((i for i, t in enumerate(candidates) if _says(t, label_words)), 0)
        candidates.insert(0, candidates.pop(saying))
    similar = _near_copies(candidates)
    chosen: list[int] = []
    for i in range(len(candidates)):
        if all(similar[i, j] < DEFAULT_NEAR_COPY for j in chosen):
            chosen.append(i)
        if len(chosen) == n:
            break
    return tuple(candidates[i] for i in chosen)
