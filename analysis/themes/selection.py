"""Themes from a Ward tree: merge a sample of answers bottom-up, cut the tree into k themes, and
choose k as the cut with the best silhouette, from 2 up to 15 themes of at least 3 answers.

Ward on unit vectors beat k-means on both shared benchmarks (see docs/text-analysis.md), and a
tree gives every k from one fit, so choosing k costs a silhouette per cut, not a k-means per k.
On well-separated answers the silhouette peaks at the true number of themes. When even the best
cut's silhouette shows no substantial structure (0.25 or less), k is the cap: 15 themes at most,
the number an analyst can still read, or sqrt(n/2) when fewer answers make that too many. The
shared benchmarks are such sets.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.cluster.hierarchy import cut_tree
from scipy.cluster.hierarchy import linkage
from sklearn.metrics import pairwise_distances
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

DEFAULT_MIN_THEMES = 2
DEFAULT_MAX_THEMES = 15  # more themes than this no analyst reads; the long tail goes to other
# Ward keeps all pairwise distances: 3,000 answers take about 0.4 s and 36 MB; 1,000 answers
# gave clearly worse themes on the benchmarks, 3,000 a little better than 2,000.
DEFAULT_TREE_SAMPLE = 3_000
# Kaufman & Rousseeuw's reading of the silhouette: 0.25 or less is "no substantial structure".
# Then no k is better founded than another (on the benchmarks the best cut's lead was 0.003), and
# the most themes an analyst can read keeps each theme small enough to mean something.
DEFAULT_STRUCTURE_SILHOUETTE = 0.25
# silhouette is quadratic: each cut is scored on this many answers, their distances computed once
# for all cuts; 2,000 chose the same k on the benchmarks
DEFAULT_SELECTION_SAMPLE = 1_000


def max_n_themes(n_answers: int, min_theme_size: int) -> int:
    """Return the number of themes to show when the answers show no structure: sqrt(n/2), the
    usual rule of thumb, at most 15."""
    by_rule = round(math.sqrt(n_answers / 2))
    return max(DEFAULT_MIN_THEMES, min(most_themes(n_answers, min_theme_size), by_rule))


def most_themes(n_answers: int, min_theme_size: int) -> int:
    """Return the most themes worth trying: 15, and no theme smaller than ``min_theme_size``."""
    by_size = n_answers // max(min_theme_size, 1)
    return max(DEFAULT_MIN_THEMES, min(DEFAULT_MAX_THEMES, by_size))


def distinct_rows(vectors: np.ndarray) -> int:
    """Return how many different vectors there are: no cut can make more themes than this."""
    return len(np.unique(np.round(vectors, 6), axis=0))


def tree_sample(n_answers: int, random_state: int) -> np.ndarray:
    """Return the indices of the answers the tree is built on, in random order."""
    rng = np.random.default_rng(random_state)
    return rng.permutation(n_answers)[:DEFAULT_TREE_SAMPLE]


def ward_tree(vectors: np.ndarray) -> np.ndarray:
    """Return the Ward merge tree of ``vectors`` (scipy's linkage matrix)."""
    return linkage(vectors, method="ward")


def cut(tree: np.ndarray, k: int) -> np.ndarray:
    """Return the labels 0 .. k-1 of the tree's leaves when it is cut into k groups."""
    return cut_tree(tree, n_clusters=k).ravel()


def centres(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Return the unit-length mean vector of each label 0 .. max(labels)."""
    return normalize(np.array([vectors[labels == c].mean(axis=0) for c in range(labels.max() + 1)]))


def silhouettes(vectors: np.ndarray, tree: np.ndarray, candidates: range) -> dict[int, float]:
    """Return the cosine silhouette of the first rows of ``vectors`` for each cut of ``tree``."""
    scored = vectors[:DEFAULT_SELECTION_SAMPLE]
    if not len(candidates):
        return {}
    distances = pairwise_distances(scored, metric="cosine")
    # one call for every k: cut_tree walks the whole tree each time it is called
    cuts = cut_tree(tree, n_clusters=list(candidates))[:DEFAULT_SELECTION_SAMPLE]
    scores = {}
    for k, labels in zip(candidates, cuts.T, strict=True):
        if 1 < len(set(labels.tolist())) < len(scored):
            scores[k] = float(silhouette_score(distances, labels, metric="precomputed"))
    return scores


def choose_n_themes(
    vectors: np.ndarray, tree: np.ndarray, n_answers: int, min_theme_size: int
) -> int:
    """Return the cut of ``tree`` (built on ``vectors``) with the best silhouette, or the
    rule-of-thumb number of themes when no cut shows structure."""
    upper = min(most_themes(n_answers, min_theme_size), distinct_rows(vectors), len(vectors) - 1)
    scores = silhouettes(vectors, tree, range(DEFAULT_MIN_THEMES, upper + 1))
    if not scores:
        return 1
    best = max(scores, key=lambda k: (scores[k], -k))
    if scores[best] > DEFAULT_STRUCTURE_SILHOUETTE:
        return best
    fallback = min(max_n_themes(n_answers, min_theme_size), max(scores))
    return max(k for k in scores if k <= fallback)
