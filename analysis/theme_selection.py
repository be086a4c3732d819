"""Choosing the number of themes: the best silhouette over a range capped by sqrt(n/2).

On well-separated answers the silhouette peaks at the true number of themes. On large, noisy
sets (the shared benchmarks) it keeps rising with k, so there the cap decides: 15 themes at
most, the number an analyst can still read; the rest goes to the nearest theme or to other.
"""

from __future__ import annotations

import math

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

DEFAULT_MIN_THEMES = 2
DEFAULT_MAX_THEMES = 15  # more themes than this no analyst reads; the long tail goes to other
DEFAULT_SELECTION_SAMPLE = 1_000  # silhouette is quadratic: choose k on a sample, fit on all
DEFAULT_SELECTION_N_INIT = 1


def max_n_themes(n_answers: int, min_theme_size: int) -> int:
    """Return the largest number of themes worth trying: sqrt(n/2), the usual rule of thumb."""
    by_rule = round(math.sqrt(n_answers / 2))
    by_size = n_answers // max(min_theme_size, 1)
    return max(DEFAULT_MIN_THEMES, min(DEFAULT_MAX_THEMES, by_rule, by_size))


def silhouettes(vectors: np.ndarray, candidates: range, random_state: int) -> dict[int, float]:
    """Return the cosine silhouette of a k-means clustering of ``vectors`` for each k."""
    scores = {}
    for k in candidates:
        labels = KMeans(k, n_init=DEFAULT_SELECTION_N_INIT, random_state=random_state).fit_predict(
            vectors
        )
        if len(set(labels.tolist())) > 1:
            scores[k] = float(silhouette_score(vectors, labels, metric="cosine"))
    return scores


def distinct_rows(vectors: np.ndarray) -> int:
    """Return how many different vectors there are: k-means cannot find more clusters."""
    return len(np.unique(np.round(vectors, 6), axis=0))


def choose_n_themes(vectors: np.ndarray, min_theme_size: int, random_state: int) -> int:
    """Return the number of themes with the best silhouette on a sample of ``vectors``."""
    n = len(vectors)
    if n > DEFAULT_SELECTION_SAMPLE:
        rng = np.random.default_rng(random_state)
        vectors = vectors[rng.choice(n, DEFAULT_SELECTION_SAMPLE, replace=False)]
    upper = min(max_n_themes(n, min_theme_size), distinct_rows(vectors), len(vectors) - 1)
    scores = silhouettes(vectors, range(DEFAULT_MIN_THEMES, upper + 1), random_state)
    if not scores:
        return 1
    return max(scores, key=lambda k: (scores[k], -k))
